"""Documents the tracker writes from the database: the monthly report (Word), the
public progress page (HTML), the calendar feed (iCalendar) and KPI imports.

Each document has a pure builder (database state + instant -> plain data) and a
renderer; builders never read the clock.
"""
