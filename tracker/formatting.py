"""How numbers, dates and periods read in Vietnamese, for the CLI, the bot, reports and messages alike.

Standard library only. Parsing what people type, and arithmetic on dates and periods, live in tracker.timeutil.

Numbers: at most two decimals, rounded half away from zero on the number as written (2.675 -> "2,68", not the
"2,67" its binary float would give), trailing zeros dropped, a decimal comma and a dot between thousands:
1234567.5 -> "1.234.567,5", -0.004 -> "0". A whole number (int) is written in full. A float of a
quadrillion or more, or one that is not finite, cannot be a reading or a count: it is written short, as its
six significant digits with an exponent ("1e+308", "-1,5e+20"), so that an error can echo it in one line.

Percentages are shown with their base and one decimal, always ("3/10 (30,0%)"), so that a column of them
lines up; a base of 0 has no percentage ("0/0 (—)").
"""

from __future__ import annotations

import math
from datetime import date, datetime
from zoneinfo import ZoneInfo

VN = ZoneInfo("Asia/Ho_Chi_Minh")  # every instant is stored in UTC and shown in this zone

NONE = "—"  # a date, a time or a value that is not there

_SHORT_FROM = 1e15  # floats lose whole digits from 2**53 on; nothing real a commune counts comes near


def cap(label: str) -> str:
    """A label at the start of a sentence, a cell or a badge: the first letter upper case, the rest as it is
    ("đạt" -> "Đạt", "cán bộ CNTT" -> "Cán bộ CNTT"; str.capitalize would lower the CNTT)."""
    return label[:1].upper() + label[1:]


def _half_up(numerator: int, denominator: int) -> int:
    """numerator/denominator (both >= 0) rounded to a whole number, a half going up."""
    whole, rest = divmod(numerator, denominator)
    return whole + (2 * rest >= denominator)


def _scaled(value: float, places: int) -> int:
    """value·10^places rounded half away from zero, read from repr(): the shortest text that reads back as
    this float, i.e. the number as it was typed or computed (2.675 is 2.67499999… as a float)."""
    mantissa, _, exponent = repr(abs(value)).partition("e")
    whole, _, frac = mantissa.partition(".")
    shift = places - len(frac) + int(exponent or 0)
    digits = int(whole + frac)
    n = digits * 10**shift if shift >= 0 else _half_up(digits, 10**-shift)
    return -n if value < 0 else n


def _grouped(n: int, places: int, keep: int = 0) -> str:
    """n/10^places in Vietnamese: dot between thousands, decimal comma, trailing zeros dropped down to `keep`
    decimals."""
    whole, frac = divmod(abs(n), 10**places)
    decimals = f"{frac:0{places}d}".rstrip("0") if places else ""
    decimals = decimals.ljust(keep, "0")
    text = f"{whole:,}".replace(",", ".") + (f",{decimals}" if decimals else "")
    return f"-{text}" if n < 0 else text


def fmt_number(value: float | int) -> str:
    """64.5 -> "64,5", 60.0 -> "60", 1/3 -> "0,33", 1e6 -> "1.000.000", 12345 -> "12.345" (module docstring)."""
    if isinstance(value, int):
        return _grouped(value, 0)
    if not math.isfinite(value) or abs(value) >= _SHORT_FROM:
        return f"{value:g}".replace(".", ",")
    return _grouped(_scaled(value, 2), 2)


def _tenths(part: int, base: int) -> int:
    """100·part/base in tenths of a percent, half away from zero, computed exactly (no float in between)."""
    n = _half_up(1000 * abs(part), abs(base))
    return -n if (part < 0) != (base < 0) else n


def percent_value(part: int, base: int) -> float | None:
    """The percentage fmt_percent shows, as a number for JSON; None when the base is 0."""
    return _tenths(part, base) / 10 if base else None


def fmt_percent(part: int, base: int) -> str:
    """"3/10 (30,0%)": every percentage with its base; "0/0 (—)" when there is no base."""
    if base == 0:
        return f"{fmt_number(part)}/0 ({NONE})"
    return f"{fmt_number(part)}/{fmt_number(base)} ({_grouped(_tenths(part, base), 1, keep=1)}%)"


def fmt_date(d: date | None) -> str:
    """DD/MM/YYYY, with every year written in four digits (strftime does not pad years below 1000 everywhere,
    and an error may have to name 0001-01-01); "—" for no date."""
    return f"{d.day:02d}/{d.month:02d}/{d.year:04d}" if d else NONE


def fmt_datetime(instant: datetime | None) -> str:
    """An aware instant as DD/MM/YYYY HH:MM in Vietnam; "—" for none."""
    if instant is None:
        return NONE
    local = instant.astimezone(VN)
    return f"{fmt_date(local.date())} {local.hour:02d}:{local.minute:02d}"


def fmt_period(period: str) -> str:
    """A reporting period as people write it: "2025-09" -> "09/2025". Commands take and show the stored form
    (YYYY-MM) where it is typed back, such as a task's reference "II.2.a.7 (2025-09)"."""
    year, _, month = period.partition("-")
    if month in _LONG_PERIODS:
        return _LONG_PERIODS[month].format(y=year)
    return f"{month}/{year}"


WEEKDAYS = ("Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ nhật")


def weekday_name(d: date) -> str:
    """The day of the week as written in an administrative text: "Thứ Hai" … "Thứ Bảy", "Chủ nhật"."""
    return WEEKDAYS[d.weekday()]


def deadline_phrase(due: date, effective: date) -> str:
    """The deadline as written after a label, one wording in every output (list aside, which shows `effective`).

    Not rolled: "15/12/2025". Rolled to the next working day (Bộ luật Dân sự 2015, Điều 148): "14/12/2025 (Chủ nhật)
    chuyển sang hết ngày làm việc tiếp theo 15/12/2025 (Điều 148 Bộ luật Dân sự 2015)".
    """
    if due == effective:
        return fmt_date(effective)
    return (f"{fmt_date(due)} ({weekday_name(due)}) chuyển sang hết ngày làm việc tiếp theo {fmt_date(effective)} "
            "(Điều 148 Bộ luật Dân sự 2015)")


def deadline_sentence(due: date, effective: date) -> str:
    """"Hạn " + deadline_phrase(due, effective): "Hạn 14/12/2025 (Chủ nhật) chuyển sang … 15/12/2025 (…)"."""
    return f"Hạn {deadline_phrase(due, effective)}"


_LONG_PERIODS = {"Q1": "quý I/{y}", "Q2": "quý II/{y}", "Q3": "quý III/{y}", "Q4": "quý IV/{y}",
                 "H1": "6 tháng đầu năm {y}", "9M": "9 tháng năm {y}", "Y": "năm {y}"}


def month_phrase(period: str) -> str:
    """A period in words: "2025-08" -> "tháng 8/2025" (no leading zero, as it is spoken); the longer ND 09/2019
    periods: "2025-Q1" -> "quý I/2025", "2025-H1" -> "6 tháng đầu năm 2025", "2025-9M" -> "9 tháng năm 2025",
    "2025-Y" -> "năm 2025"."""
    year, _, month = period.partition("-")
    if month in _LONG_PERIODS:
        return _LONG_PERIODS[month].format(y=year)
    return f"tháng {int(month)}/{year}"


def period_phrase(period: str, window_start: date, window_end: date) -> str:
    """A period as an official reads it, with its data window: "tháng 8/2025 (số liệu từ 15/07 đến 14/08/2025)".

    The window's first day drops its year when both ends are in the same year ("từ 15/12/2025 đến 14/01/2026"
    otherwise)."""
    start = (f"{window_start.day:02d}/{window_start.month:02d}" if window_start.year == window_end.year
             else fmt_date(window_start))
    return f"{month_phrase(period)} (số liệu từ {start} đến {fmt_date(window_end)})"


def ref_phrase(code: str, period: str | None, plan_year: str = "") -> str:
    """A task or one period of it as an official reads it: "II.2.a.7 (tháng 9/2025)", or just the code; with the
    plan's year when the commune follows several plans ("II.1.b.4 (kế hoạch năm 2025)").
    Where the period must be typed back (a bot reply), the message gives the stored form as well."""
    notes = [month_phrase(period)] if period else []
    if plan_year:
        notes.append(f"kế hoạch năm {plan_year}")
    return f"{code} ({'; '.join(notes)})" if notes else code


def reply_code(code: str, plan_year: str = "") -> str:
    """A task's code as an official types it back: "II.1.b.4", or "II.1.b.4@2025" when several plans are followed."""
    return f"{code}@{plan_year}" if plan_year else code
