"""When a plan took effect, for deciding what of it can be due.

A plan's issue day is often blank in the copy a commune keeps ("ngày … tháng 8 năm 2025"). Until the IT
officer records it (`tracker plan set-issued`), the tracker takes the last day the wording allows: the end of
the month it names, else 1/1 of the plan's year. So nothing is shown due or overdue before the decision could
have been signed.
"""

from __future__ import annotations

import calendar
import re
from datetime import date
from functools import cache

_MONTH_YEAR = re.compile(r"tháng\s+(?:0?)([1-9]|1[0-2])\s+năm\s+([0-9]{4})", re.IGNORECASE)
_SLASHED = re.compile(r"(?<![0-9])(?:0?)([1-9]|1[0-2])\s*/\s*([0-9]{4})(?![0-9])")


@cache  # asked once per item of a sweep or a listing, with a handful of distinct plans
def latest_issue_day(text: str | None, year: int) -> date:
    """The last day the wording of an unknown issue date allows; 1/1 of the plan's year if it names none."""
    for pattern in (_MONTH_YEAR, _SLASHED):
        m = pattern.search(text or "")
        if m:
            month, y = int(m.group(1)), int(m.group(2))
            return date(y, month, calendar.monthrange(y, month)[1])
    return date(year, 1, 1)


def earliest_issue_day(issue_date: date | None, issue_date_text: str | None, year: int) -> date:
    """The first day a plan can have been issued: its issue date, else the first day of the month its wording
    names, else 1/1 of the year before its own (a year's plan may be issued in the December before)."""
    if issue_date is not None:
        return issue_date
    for pattern in (_MONTH_YEAR, _SLASHED):
        m = pattern.search(issue_date_text or "")
        if m:
            return date(int(m.group(2)), int(m.group(1)), 1)
    return date(year - 1, 1, 1)


def effective_issue_date(issue_date: date | None, issue_date_text: str | None, year: int) -> date:
    """The day from which a plan's items can be due: its issue date, or the latest its wording allows."""
    return issue_date if issue_date is not None else latest_issue_day(issue_date_text, year)
