"""Time helpers: parse the dates people type, convert stored UTC to VN calendar days, reporting periods.

Showing dates and times is tracker.formatting's."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, timedelta, timezone

from tracker.errors import InvalidInput
from tracker.formatting import VN as VN  # one zone for showing time and for computing VN days
from tracker.formatting import fmt_date
from tracker.usertext import quoted

_ISO_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_VN_DATE = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")
_PERIOD = re.compile(r"^(\d{4})-(\d{2})$")

# Every date that enters (plan file, command line, CSV, configuration) lies in this range. A wider one buys
# nothing real (plans are yearly) and lets placeholders such as 9999-12-31 overflow date arithmetic later.
EARLIEST = date(2000, 1, 1)
LATEST = date(2100, 12, 31)


def utcnow() -> datetime:
    """The real clock; only the edges (CLI, daemon) call this."""
    return datetime.now(UTC)


def parse_date(text: str) -> date:
    """Accept YYYY-MM-DD or DD/MM/YYYY; reject impossible dates such as 31/02/2025."""
    s = text.strip()
    m = _ISO_DATE.match(s)
    if m:
        y, mo, d = (int(g) for g in m.groups())
    else:
        m = _VN_DATE.match(s)
        if not m:
            raise InvalidInput(
                f"Ngày không hợp lệ: «{quoted(text)}». Dùng dạng YYYY-MM-DD hoặc DD/MM/YYYY."
            )
        d, mo, y = (int(g) for g in m.groups())
    if not EARLIEST.year <= y <= LATEST.year:
        # Before date(): year 0 does not exist at all, and "not in the range" is what the reader needs to hear.
        raise InvalidInput(f"Ngày «{quoted(text)}» nằm ngoài khoảng cho phép "
                           f"({fmt_date(EARLIEST)}–{fmt_date(LATEST)}).")
    try:
        d_ = date(y, mo, d)
    except ValueError:
        raise InvalidInput(f"Ngày không tồn tại: «{quoted(text)}».") from None
    return check_date_range(d_)


def check_date_range(d: date, what: str = "Ngày") -> date:
    """Refuse a date outside EARLIEST..LATEST with one Vietnamese line naming the allowed range."""
    if not EARLIEST <= d <= LATEST:
        raise InvalidInput(f"{what} {fmt_date(d)} nằm ngoài khoảng cho phép "
                           f"({fmt_date(EARLIEST)}–{fmt_date(LATEST)}).")
    return d


def parse_datetime(text: str) -> datetime:
    """Accept a date or a date and time (HH:MM[:SS]) in VN time, or ISO with an offset.

    A bare date means the start of that day in Asia/Ho_Chi_Minh. Returns aware UTC.
    """
    s = text.strip()
    if "T" in s or re.search(r"\d\s+\d{1,2}:\d{2}", s):
        head, _, tail = s.replace("T", " ", 1).partition(" ")
        if not (_ISO_DATE.match(head) or _VN_DATE.match(head)):
            raise InvalidInput(f"Thời điểm không hợp lệ: «{quoted(text)}». Dùng dạng «YYYY-MM-DD HH:MM».")
        d = parse_date(head)  # its own line for a day that does not exist or lies outside the range
        tail = tail.strip()
        offset = None
        m = re.match(r"^(\d{1,2}):(\d{2})(?::(\d{2}))?(?:\.\d+)?\s*(Z|[+-]\d{2}:?\d{2})?$", tail)
        if not m:
            raise InvalidInput(f"Thời điểm không hợp lệ: «{quoted(text)}». Dùng dạng «YYYY-MM-DD HH:MM».")
        hh, mm, ss, offset = m.groups()
        try:
            t = time(int(hh), int(mm), int(ss or 0))
        except ValueError:
            raise InvalidInput(f"Giờ không tồn tại: «{quoted(text)}».") from None
        if offset:
            return datetime.combine(d, t, _utc_offset(offset, text)).astimezone(UTC)
        return datetime.combine(d, t, VN).astimezone(UTC)
    return start_of_day(parse_date(s))


# Real offsets run from -12:00 to +14:00; anything else is a typo, and Python refuses +24:00 and beyond.
_MAX_OFFSET = {"+": timedelta(hours=14), "-": timedelta(hours=12)}


def _utc_offset(offset: str, text: str) -> timezone:
    if offset == "Z":
        return UTC
    sign, digits = offset[0], offset[1:].replace(":", "")
    hours, minutes = int(digits[:2]), int(digits[2:])
    delta = timedelta(hours=hours, minutes=minutes)
    if minutes > 59 or delta > _MAX_OFFSET[sign]:
        raise InvalidInput(f"Múi giờ «{offset}» trong «{quoted(text)}» không hợp lệ: độ lệch so với UTC "
                           "phải từ -12:00 đến +14:00 (giờ Việt Nam là +07:00).")
    return timezone(-delta if sign == "-" else delta)


_LONG_PERIOD = re.compile(r"^([0-9]{4})-(Q[1-4]|H1|9M|Y)$")


def parse_period(text: str) -> str:
    """Validate a reporting period and return it normalised: YYYY-MM (a month), or YYYY-Q1..Q4 (a quarter),
    YYYY-H1 (six months), YYYY-9M (nine months), YYYY-Y (the year): the ND 09/2019 periods (report_window)."""
    long = _LONG_PERIOD.match(text.strip().upper())
    if long:
        year = int(long.group(1))
        if not EARLIEST.year <= year <= LATEST.year:
            raise InvalidInput(f"Kỳ {quoted(text)} nằm ngoài khoảng cho phép "
                               f"({period_of(EARLIEST)} đến {period_of(LATEST)}).")
        return f"{year:04d}-{long.group(2)}"
    m = _PERIOD.match(text.strip())
    if not m or not 1 <= int(m.group(2)) <= 12:
        raise InvalidInput(f"Kỳ không hợp lệ: «{quoted(text)}». Dùng dạng YYYY-MM, ví dụ 2025-09 (hoặc 2025-Q1, "
                           "2025-H1, 2025-9M, 2025-Y cho kỳ quý, 6 tháng, 9 tháng, năm).")
    year, month = int(m.group(1)), int(m.group(2))
    if not EARLIEST.year <= year <= LATEST.year:
        raise InvalidInput(f"Kỳ {quoted(text)} nằm ngoài khoảng cho phép "
                           f"({period_of(EARLIEST)} đến {period_of(LATEST)}).")
    # Rebuilt from the numbers: \d also matches non-ASCII digits, which would never equal a stored period.
    return f"{year:04d}-{month:02d}"


def start_of_day(d: date) -> datetime:
    """00:00 of a VN calendar day, as aware UTC."""
    return datetime.combine(d, time(0, 0), VN).astimezone(UTC)


def end_of_day(d: date) -> datetime:
    """The last instant of a VN calendar day, as aware UTC (deadlines run to it)."""
    return start_of_day(d + timedelta(days=1)) - timedelta(microseconds=1)


def vn_date(instant: datetime) -> date:
    """The VN calendar day an aware instant falls on."""
    return instant.astimezone(VN).date()


def iso_vn(instant: datetime | None) -> str | None:
    return instant.astimezone(VN).isoformat(timespec="seconds") if instant else None


def period_of(d: date) -> str:
    return f"{d.year:04d}-{d.month:02d}"


def period_bounds(period: str) -> tuple[int, int]:
    y, m = period.split("-")
    return int(y), int(m)


# The last month of a longer period's window (ND 09/2019 Art. 12): each starts on 15/12 of the year before, except a
# quarter, which starts on the 15th of the month before its first month.
_PERIOD_END_MONTH = {"Q1": 3, "Q2": 6, "Q3": 9, "Q4": 12, "H1": 6, "9M": 9, "Y": 12}


def report_window(period: str) -> tuple[date, date]:
    """ND 09/2019 Art. 12 windows: a month from the 15th of the previous month to the 14th; quý I from 15/12 of the
    year before to 14/03 (each quarter from the 15th of the month before it); 6 tháng from 15/12 to 14/06; 9 tháng
    from 15/12 to 14/09; năm from 15/12 to 14/12."""
    year, _, rest = period.partition("-")
    if rest in _PERIOD_END_MONTH:
        y, last = int(year), _PERIOD_END_MONTH[rest]
        if rest.startswith("Q") and rest != "Q1":
            start = date(y, last - 3, 15)
        else:
            start = date(y - 1, 12, 15)
        return start, date(y, last, 14)
    y, m = period_bounds(period)
    prev_y, prev_m = (y - 1, 12) if m == 1 else (y, m - 1)
    return date(prev_y, prev_m, 15), date(y, m, 14)


def is_month(period: str) -> bool:
    return period.partition("-")[2] not in _PERIOD_END_MONTH


def periods_between(first: str, last: str) -> list[str]:
    y, m = period_bounds(first)
    ly, lm = period_bounds(last)
    out: list[str] = []
    while (y, m) <= (ly, lm):
        out.append(f"{y:04d}-{m:02d}")
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out

