"""Working days: Monday–Friday minus Vietnamese public holidays, plus overrides.

The `holidays` package knows Tết by the lunar calendar, Giỗ Tổ, 30/4, 1/5, 2/9 and
its adjacent day, observed days and the swaps it has been taught. Make-up Saturdays
and swaps decided after the package's release come from the override table the IT
officer edits (`tracker workdays set`).

Asking the package for Vietnam's holidays imports every country it knows (about 0.1 s, more than
the rest of a read-only command), so a year's days off, once computed, are kept in a small file
in the user's cache folder ($XDG_CACHE_HOME/tracker, else ~/.cache/tracker). The file is named
after the installed package (its version and the stamp of its Vietnam module): after an upgrade,
which may bring a newly decreed swap, the name differs and the year is computed afresh. The cache
only saves time: a file that cannot be read or written is ignored, and the override table is
applied on top of it exactly as on top of the package.
"""

from __future__ import annotations

import json
import os
import re
import threading
from collections.abc import Mapping
from contextlib import suppress
from datetime import date, timedelta
from importlib.util import find_spec
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlmodel import Session

# Bump when what a cache file holds changes shape or meaning (older files are then ignored).
CACHE_FORMAT = 1

# Days off per year already read in this process (shared by every WorkCalendar).
_years: dict[int, dict[date, str]] = {}


class WorkCalendar:
    """Answers working-day questions; pure once built (no clock, no database)."""

    def __init__(self, overrides: Mapping[date, bool] | None = None) -> None:
        self._overrides = dict(overrides or {})

    def holiday_name(self, d: date) -> str | None:
        return holidays_of(d.year).get(d)

    def is_working_day(self, d: date) -> bool:
        if d in self._overrides:
            return self._overrides[d]
        return d.weekday() < 5 and d not in holidays_of(d.year)

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


def load_calendar(session: Session, commune_id: int | None = None) -> WorkCalendar:
    """The calendar of a commune: the national overrides of this database, then that commune's own on top.
    Without a commune, the national overrides only."""
    from sqlmodel import col, or_, select

    from tracker.models import WorkdayOverride

    q = select(WorkdayOverride)
    if commune_id is None:
        q = q.where(col(WorkdayOverride.commune_id).is_(None))
    else:
        q = q.where(or_(col(WorkdayOverride.commune_id).is_(None), WorkdayOverride.commune_id == commune_id))
    rows = sorted(session.exec(q).all(), key=lambda o: o.commune_id is not None)  # national first, the commune's win
    return WorkCalendar({o.day: o.is_working for o in rows})


class CommuneCalendars:
    """One calendar per commune, each loaded once (a sweep or a province report asks for many communes)."""

    def __init__(self, session: Session) -> None:
        from sqlmodel import select

        from tracker.models import WorkdayOverride

        national: dict[date, bool] = {}
        own: dict[int, dict[date, bool]] = {}
        for o in session.exec(select(WorkdayOverride)).all():
            if o.commune_id is None:
                national[o.day] = o.is_working
            else:
                own.setdefault(o.commune_id, {})[o.day] = o.is_working
        self.national = WorkCalendar(national)
        self._national = national
        self._own = own
        self._built: dict[int, WorkCalendar] = {}

    def distinct(self) -> list[WorkCalendar]:
        """The national calendar and each commune's own that differs from it (a question about "any commune")."""
        return [self.national, *(self.of(cid) for cid in sorted(self._own))]

    def of(self, commune_id: int | None) -> WorkCalendar:
        """That commune's calendar (the national one when it has no override of its own)."""
        if commune_id is None or commune_id not in self._own:
            return self.national
        cal = self._built.get(commune_id)
        if cal is None:
            cal = self._built[commune_id] = WorkCalendar({**self._national, **self._own[commune_id]})
        return cal


def calendar_of(calendar: WorkCalendar | CommuneCalendars, commune_id: int | None) -> WorkCalendar:
    """A commune's calendar from a single calendar (every commune alike) or from every commune's (CommuneCalendars)."""
    return calendar.of(commune_id) if isinstance(calendar, CommuneCalendars) else calendar


def calendars_in(calendar: WorkCalendar | CommuneCalendars) -> list[WorkCalendar]:
    """Every distinct calendar a question about any commune has to ask."""
    return calendar.distinct() if isinstance(calendar, CommuneCalendars) else [calendar]


def holidays_of(year: int) -> dict[date, str]:
    """Vietnam's public holidays in `year` (days off, observed days included) with their Vietnamese names,
    as the installed holidays package says: from this process's memo, else the cache file, else the package."""
    days = _years.get(year)
    if days is None:
        path = _cache_file(year)
        days = _read_cache(path, year) if path else None
        if days is None:
            days = compute_holidays(year)
            if path:
                _write_cache(path, year, days)
        _years[year] = days
    return days


def compute_holidays(year: int) -> dict[date, str]:
    """What the holidays package says for `year`, without any cache."""
    import holidays

    return {d: str(name) for d, name in holidays.country_holidays("VN", years=year, language="vi").items()}


def _package_stamp() -> str | None:
    """The installed holidays package as a file-name part, found without importing it: the version its
    distribution's metadata folder is named after, and its Vietnam module's mtime and size. None when it cannot
    be told (then nothing is cached)."""
    try:
        spec = find_spec("holidays")
        if spec is None or spec.origin is None:
            return None
        package = Path(spec.origin).parent
        versions = [e.name[len("holidays-"):-len(".dist-info")] for e in os.scandir(package.parent)
                    if e.name.startswith("holidays-") and e.name.endswith(".dist-info")]
        st = (package / "countries" / "vietnam.py").stat()
    except (OSError, ValueError, ImportError):
        return None
    if len(versions) != 1:
        return None
    version = re.sub(r"[^0-9A-Za-z.]", "_", versions[0])
    return f"{version}-{st.st_mtime_ns:x}-{st.st_size:x}"


def cache_dir() -> Path | None:
    """$XDG_CACHE_HOME/tracker, else ~/.cache/tracker; None without a home (a service user may have none)."""
    base = os.environ.get("XDG_CACHE_HOME", "")
    if not os.path.isabs(base):  # unset, empty or relative: the XDG rules say use the default
        home = os.path.expanduser("~")
        if not os.path.isabs(home):  # "~" stays "~" when there is no home to expand it to
            return None
        base = os.path.join(home, ".cache")
    return Path(base) / "tracker"


def _cache_file(year: int) -> Path | None:
    folder, stamp = cache_dir(), _package_stamp()
    return folder / f"holidays-vn-{CACHE_FORMAT}-{stamp}-{year}.json" if folder and stamp else None


def _read_cache(path: Path, year: int) -> dict[date, str] | None:
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
        days = {date.fromisoformat(k): v for k, v in raw["days"].items()}
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None
    if raw.get("year") != year or not all(d.year == year and isinstance(v, str) for d, v in days.items()):
        return None
    return days


def _write_cache(path: Path, year: int, days: dict[date, str]) -> None:
    """Best effort, atomic: a reader sees the whole file or none (another process may write the same one)."""
    text = json.dumps({"year": year, "days": {d.isoformat(): name for d, name in sorted(days.items())}},
                      ensure_ascii=False, indent=1)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{threading.get_ident()}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp.write_text(text, encoding="utf-8")
        os.replace(tmp, path)
    except OSError:
        with suppress(OSError):
            tmp.unlink(missing_ok=True)
