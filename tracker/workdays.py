"""Working days: Monday–Friday minus Vietnamese public holidays, plus overrides.

The `holidays` package knows Tết by the lunar calendar, Giỗ Tổ, 30/4, 1/5, 2/9 and
its adjacent day, observed days and the swaps it has been taught. Make-up Saturdays
and swaps decided after the package's release come from the override table the IT
officer edits (`tracker workdays add`).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta

import holidays


class WorkCalendar:
    """Answers working-day questions; pure once built (no clock, no database)."""

    def __init__(self, overrides: Mapping[date, bool] | None = None) -> None:
        self._overrides = dict(overrides or {})
        self._holidays: holidays.HolidayBase = holidays.country_holidays("VN", language="vi")

    def holiday_name(self, d: date) -> str | None:
        name = self._holidays.get(d)
        return str(name) if name else None

    def is_working_day(self, d: date) -> bool:
        if d in self._overrides:
            return self._overrides[d]
        return d.weekday() < 5 and d not in self._holidays

    def roll_forward(self, d: date) -> date:
        """The day itself if it is a working day, else the next one (BLDS 2015, Điều 148)."""
        while not self.is_working_day(d):
            d += timedelta(days=1)
        return d

    def add_working_days(self, d: date, n: int) -> date:
        """The n-th working day after d (n > 0) or before d (n < 0); d itself if n == 0."""
        step = 1 if n >= 0 else -1
        remaining = abs(n)
        while remaining:
            d += timedelta(days=step)
            if self.is_working_day(d):
                remaining -= 1
        return d

    def working_days_between(self, start: date, end: date) -> int:
        """Working days in (start, end] when end >= start, negative count otherwise."""
        if end == start:
            return 0
        sign = 1 if end > start else -1
        lo, hi = (start, end) if sign > 0 else (end, start)
        count = 0
        d = lo + timedelta(days=1)
        while d <= hi:
            if self.is_working_day(d):
                count += 1
            d += timedelta(days=1)
        return sign * count
