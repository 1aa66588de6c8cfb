"""Deadline wording in a plan ("trước ngày 15/12/2025", "Quý III/2025", "hàng tháng", …) → a plan-file deadline.

`read_deadline` returns the deadline (the plan's words kept in "text") and, when the reading is uncertain, a
Vietnamese reason for the review note. In running text (`strict=True`) only a date introduced by a deadline cue
("trước", "chậm nhất", "hoàn thành", "đến hết") counts: plans cite dozens of decrees with dates ("Nghị định số
63/2010/NĐ-CP ngày 08 tháng 6 năm 2010") that are not deadlines. A table's deadline column is read leniently.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4}
_D = r"(\d{1,2})"
_M = r"(\d{1,2})"
_Y = r"(\d{4})"
# "15/12/2025", "15-12-2025", "15.12.2025", "15 tháng 12 năm 2025", "15/12" (year from the plan)
_DATE = (rf"{_D}\s*[/.-]\s*{_M}(?:\s*[/.-]\s*{_Y})?(?!\s*[/.-]?\s*\d)"
         rf"|{_D}\s+tháng\s+{_M}(?:\s*(?:năm|/)\s*{_Y})?")
_BEFORE = re.compile(rf"\btrước\s+(?:ngày\s+)?(?:{_DATE})", re.I)
_BY = re.compile(rf"\b(?:chậm\s+nhất|hạn\s+chót|muộn\s+nhất)\s+(?:(?:là|vào|trong)\s+)?(?:ngày\s+)?(?:{_DATE})"
                 rf"|\b(?:hoàn\s+thành|xong|đến|tới)\s+(?:trong\s+|vào\s+)?ngày\s+(?:{_DATE})", re.I)
_MONTH_CUED = re.compile(rf"\b(?:trong|hoàn\s+thành(?:\s+trong)?|vào|cuối|xong|trước|đến\s+hết)\s+tháng\s+{_M}"
                         rf"(?:\s*(?:/|\s+năm\s+)\s*{_Y})?(?![/\d])", re.I)
_MONTH = re.compile(rf"(?<![0-9]\s)\btháng\s+{_M}\s*(?:/|\s+năm\s+)\s*{_Y}", re.I)
_QUARTER = re.compile(r"\bqu[ýí]\s+(iv|iii|ii|i|[1-4])\b(?:\s*(?:/|năm)\s*(\d{4}))?", re.I)
_HALF = re.compile(r"\b(?:6|sáu)\s+tháng\s+(đầu|cuối)\s+năm(?:\s+(\d{4}))?", re.I)
_YEAR_END = re.compile(r"\b(?:đến\s+hết|đến\s+cuối|trước\s+khi\s+hết|cuối)\s+năm\s+(\d{4})"
                       r"|\b(?:hoàn\s+thành|thực\s+hiện\s+xong|xong)\s+(?:trong\s+)?năm\s+(\d{4})"
                       r"|\btrong\s+năm\s+(\d{4})\s*[.;]?\s*$"
                       # "…, năm 2025." closing a bullet (not "tháng 3 năm 2025" of a cited date)
                       r"|(?:^|(?<=[,;:]\s)|(?<=[,;:]))năm\s+(\d{4})\s*[.;]?\s*$", re.I)
_PERIOD_RANGE = re.compile(r"\bgiai\s+đoạn\s+(\d{4})\s*[-–]\s*(\d{4})", re.I)
_BARE_YEAR = re.compile(r"^\s*(?:trong\s+|cả\s+)?năm\s+(\d{4})\s*$", re.I)
_MONTHLY = re.compile(r"\b(?:hàng|hằng|mỗi)\s+tháng\b|\bđịnh\s+kỳ\s+tháng\b|\btheo\s+tháng\b", re.I)
_RECURRING = re.compile(r"\b(?:hàng|hằng|định\s+kỳ|mỗi)\b", re.I)
_QUARTERLY = re.compile(r"\b(?:hàng|hằng|mỗi)\s+qu[ýí]\b|\bđịnh\s+kỳ\s+(?:hàng\s+|hằng\s+)?qu[ýí]\b"
                        r"|\bbáo\s+cáo\s+qu[ýí]\b",
                        re.I)
_SIX = re.compile(r"\b(?:6|sáu)\s+tháng(?!\s+(?:đầu|cuối))", re.I)
_NINE = re.compile(r"\b(?:9|chín)\s+tháng\b", re.I)
_NINE_REPORT = re.compile(r"\bbáo\s+cáo\s+(?:sơ\s+kết\s+|kết\s+quả\s+)?(?:9|chín)\s+tháng\b", re.I)
# A date written as digits in a deadline column ("30/6/2026"); in running text only after a cue (_BEFORE, _BY).
_BARE_DATE = re.compile(rf"^\s*(?:ngày\s+)?(?:{_DATE})\s*[.;]?\s*$", re.I)
# Anything that looks like a date, to tell "a date it could not read" ("31/2/2026", "99/99/2025") from no date.
_DATE_LIKE = re.compile(r"\b\d{1,2}\s*[/.-]\s*\d{1,2}\s*[/.-]\s*\d{4}\b|\b\d{1,2}\s+tháng\s+\d{1,2}\s+năm\s+\d{4}\b",
                        re.I)
_YEARLY = re.compile(r"\b(?:hàng|hằng|mỗi)\s+năm\b|\bđịnh\s+kỳ\s+(?:hàng\s+|hằng\s+)?năm\b"
                     r"|\b(?:tổng\s+kết|báo\s+cáo)\s+năm\b(?!\s*\d)"
                     r"|(?:6|sáu|9|chín)\s+tháng\s*(?:,|và|/)\s*(?:hàng\s+|hằng\s+)?năm\b", re.I)
_STANDING = re.compile(r"\bthường\s+xuyên\b|\bliên\s+tục\b|\b(?:hàng|hằng)\s+ngày\b", re.I)
_ON_EVENT = re.compile(r"\bkhi\s+có\s+(?:phản\s+ánh|khó\s+khăn|vướng\s+mắc|kiến\s+nghị|sự\s+việc|phát\s+sinh)"
                       r"|^\s*khi\s|\bkhi\s+có\s+yêu\s+cầu\b|\bngay\s+sau\s+khi\b|\bkhi\s+(?:có\s+)?phát\s+sinh\b"
                       r"|(?<!\()\bnếu\s+có\s+(?:khó\s+khăn|vướng\s+mắc|phát\s+sinh)|\btheo\s+yêu\s+cầu\b"
                       # "trong vòng 05 ngày làm việc kể từ ngày nhận kiến nghị": counted from an event
                       r"|\btrong\s+(?:vòng\s+|thời\s+hạn\s+)?\d+\s+ngày(?:\s+làm\s+việc)?\s+kể\s+từ\b", re.I)


@dataclass
class Reading:
    deadline: dict[str, Any]
    review: str | None = None
    found: bool = True  # False: nothing in the text named a deadline (a standing duty by default)
    unread: bool = False  # the text named a deadline the importer could not read (kept as the plan's words)


def _day_before(d: date) -> date:
    return d - timedelta(days=1)


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _clause(text: str, start: int, end: int) -> str:
    """The plan's words around a match: from the clause's start (after ; , . or a bullet) to the match's end."""
    left = max(text.rfind(sep, 0, start) for sep in (";", ". ", ", ", ": ", "(", "\n"))
    head = text[left + 1 if left >= 0 else 0:end].strip(" ,;:.()-\n")
    if len(head) > 160:
        head = text[start:end].strip()
    return head[:1].upper() + head[1:]


def _date_from(m: re.Match[str], year: int) -> date | None:
    g = [x for x in m.groups()]
    # _DATE has two alternatives of three groups each; the first matched triple wins.
    triples = [g[i:i + 3] for i in range(len(g) - 2) if g[i] is not None]
    if not triples:
        return None
    d, mo, y = triples[0]
    try:
        return date(int(y) if y else year, int(mo), int(d))
    except (TypeError, ValueError):
        return None


def _periods(text: str, year: int) -> list[str]:
    out: list[str] = []
    if _QUARTERLY.search(text):
        out += [f"{year}-Q{q}" for q in range(1, 5)]
    if _RECURRING.search(text) or _YEARLY.search(text):
        if _SIX.search(text):
            out.append(f"{year}-H1")
        if _NINE.search(text):
            out.append(f"{year}-9M")
    elif _NINE_REPORT.search(text):  # "báo cáo 9 tháng": the nine-month report of the plan's year
        out.append(f"{year}-9M")
    if _YEARLY.search(text):
        out.append(f"{year}-Y")
    return out


_LABELLED = re.compile(r"\b(?:thời\s+(?:gian|hạn)(?:\s+(?:thực\s+hiện|hoàn\s+thành))?|tiến\s+độ)\s*:\s*"
                       r"(?P<v>[^;)]+?)\s*(?:[;)]|\.(?:\s|$)|$)", re.I)


def read_deadline(text: str, *, year: int, first_month: int = 1, strict: bool = True) -> Reading:
    """Read the deadline a task's wording gives. `first_month`: the month the plan was issued (a monthly duty's
    first period)."""
    if strict:
        # "…; thời gian thực hiện: tháng 5/2026." reads like a deadline column.
        labelled = _LABELLED.search(text)
        if labelled:
            reading = read_deadline(labelled.group("v"), year=year, first_month=first_month, strict=False)
            if reading.found and not reading.unread:
                return reading
            whole = read_deadline(text[:labelled.start()] + text[labelled.end():], year=year,
                                  first_month=first_month)
            if reading.found and not whole.found:
                return reading  # the labelled words, kept, with "không đọc được thời hạn"
            if reading.unread and whole.found:  # two deadlines, one unreadable
                note = (f"Có nhiều thời hạn: đã lấy «{whole.deadline['text']}», không đọc được thời hạn "
                        f"«{reading.deadline['text']}».")
                return Reading(whole.deadline, " ".join(x for x in (whole.review, note) if x))
    found: list[tuple[int, dict[str, Any], str | None]] = []  # (position, deadline, review)
    unreadable: list[str] = []  # the plan's words for a deadline whose date does not exist ("31/2/2026")

    def add(m: re.Match[str], deadline: dict[str, Any], review: str | None = None) -> None:
        deadline = {"kind": deadline.pop("kind"), "text": _clause(text, m.start(), m.end()), **deadline}
        found.append((m.start(), deadline, review))

    for m in _BEFORE.finditer(text):
        d = _date_from(m, year)
        if d:
            add(m, {"kind": "fixed_date", "date": _day_before(d).isoformat()})
        else:
            unreadable.append(_clause(text, m.start(), m.end()))
    for m in _BY.finditer(text):
        d = _date_from(m, year)
        if d:
            add(m, {"kind": "fixed_date", "date": d.isoformat()})
        else:
            unreadable.append(_clause(text, m.start(), m.end()))
    if not strict:
        bare = _BARE_DATE.match(text)
        if bare:
            d = _date_from(bare, year)
            if d:
                add(bare, {"kind": "fixed_date", "date": d.isoformat()})
            else:
                unreadable.append(text.strip(" .;"))
    month_phrases = [_MONTH_CUED, _MONTH] if strict else [_MONTH]
    for m in (m for rx in month_phrases for m in rx.finditer(text)):
        if any(p <= m.start() < p + 40 for p, _, _ in found) or any(m.group(0) in u for u in unreadable):
            continue  # "trước ngày 15 tháng 12 năm 2025": the month is part of a day already read
        try:
            y = int(m.group(2)) if m.group(2) else year
            add(m, {"kind": "fixed_date", "date": _month_end(y, int(m.group(1))).isoformat()},
                None if m.group(2) else f"«{m.group(0)}» không ghi năm: đã lấy năm {year} của kế hoạch.")
        except ValueError:
            unreadable.append(_clause(text, m.start(), m.end()))
    for m in _HALF.finditer(text):
        y = int(m.group(2)) if m.group(2) else year
        if m.group(1).lower() == "đầu":
            add(m, {"kind": "fixed_date", "date": date(y, 6, 30).isoformat()})
        else:
            add(m, {"kind": "year_end", "year": y})
    for m in _QUARTER.finditer(text):
        q = m.group(1).lower()
        quarter = _ROMAN.get(q) or int(q)
        add(m, {"kind": "quarter_end", "year": int(m.group(2)) if m.group(2) else year, "quarter": quarter},
            None if m.group(2) else f"«{m.group(0)}» không ghi năm: đã lấy năm {year} của kế hoạch.")
    for m in _YEAR_END.finditer(text):
        y = next(int(g) for g in m.groups() if g)
        add(m, {"kind": "year_end", "year": y})
    if not strict:
        m2 = _BARE_YEAR.search(text)
        if m2:
            add(m2, {"kind": "year_end", "year": int(m2.group(1))})
    if not found:
        for m in _PERIOD_RANGE.finditer(text):
            if int(m.group(2)) == year:
                add(m, {"kind": "year_end", "year": year},
                    f"Hạn suy ra từ «{m.group(0)}» (đến hết năm {year}): kiểm tra lại.")
    # Dates found at the same place (a day inside a month phrase) count once; different ones are two readings.
    distinct: list[tuple[int, dict[str, Any], str | None]] = []
    for item in sorted(found, key=lambda f: f[0]):
        key = {k: v for k, v in item[1].items() if k != "text"}
        if not any({k: v for k, v in o[1].items() if k != "text"} == key for o in distinct):
            distinct.append(item)
    periods = _periods(text, year)
    monthly = _MONTHLY.search(text)
    if not unreadable:
        # A date-looking phrase no pattern took, that is not a valid date ("hạn 99/99/2025").
        for m in _DATE_LIKE.finditer(text):
            nums = [int(x) for x in re.findall(r"\d+", m.group(0))]
            try:
                date(nums[2], nums[1], nums[0])
            except ValueError:
                if strict and not distinct:
                    # running text: only a phrase in a deadline's place counts (a cue before it)
                    if not re.search(r"(?:trước|chậm\s+nhất|hạn|hoàn\s+thành|đến|ngày)\s*$", text[:m.start()], re.I):
                        continue
                unreadable.append(_clause(text, m.start(), m.end()))
    if distinct:
        _, deadline, review = distinct[0]
        if len(distinct) > 1:
            others = "; ".join(f"«{o[1]['text']}»" for o in distinct[1:])
            review = f"Có nhiều thời hạn: đã lấy «{deadline['text']}», còn {others}."
        if unreadable:
            bad = "; ".join(f"«{u}»" for u in unreadable)
            review = " ".join(x for x in (review, f"Có nhiều thời hạn: đã lấy «{deadline['text']}», không đọc được "
                                                   f"thời hạn {bad}.") if x)
        return Reading(deadline, review)
    if unreadable:
        words = unreadable[0]
        return Reading({"kind": "standing", "text": words},
                       f"Không đọc được thời hạn «{words}»: tạm coi là nhiệm vụ thường xuyên, cần ghi lại thời hạn.",
                       unread=True)
    if periods and not monthly:
        hit = _QUARTERLY.search(text) or _YEARLY.search(text) or _SIX.search(text) or _NINE.search(text)
        assert hit is not None
        return Reading({"kind": "periodic", "text": _clause(text, hit.start(), hit.end()), "periods": periods,
                        "submit_within_working_days": 2})
    if monthly:
        review = None
        if periods:
            review = "Vừa hàng tháng vừa theo quý/6 tháng/năm: đã lấy hàng tháng, kiểm tra lại."
        return Reading({"kind": "monthly", "text": _clause(text, monthly.start(), monthly.end()),
                        "first_period": f"{year}-{first_month:02d}", "last_period": f"{year}-12",
                        "submit_within_working_days": 2}, review)
    event = _ON_EVENT.search(text)
    if event:
        end = text.find(";", event.end())
        stop = min(x for x in (end, text.find(".", event.end()), event.end() + 80, len(text)) if x >= 0)
        words = text[event.start():stop].strip(" ,;.")
        return Reading({"kind": "on_event", "text": words[:1].upper() + words[1:]})
    standing = _STANDING.search(text)
    if standing:
        return Reading({"kind": "standing", "text": _clause(text, standing.start(), standing.end())})
    if not strict and text.strip():
        # A deadline column's words none of the patterns reads: kept as written, said so.
        words = " ".join(text.split()).strip(" .;")
        return Reading({"kind": "standing", "text": words},
                       f"Không đọc được thời hạn «{words}»: tạm coi là nhiệm vụ thường xuyên, cần ghi lại thời hạn.",
                       unread=True)
    return Reading({"kind": "standing", "text": "Thường xuyên"},
                   "Kế hoạch không ghi thời hạn: tạm coi là nhiệm vụ thường xuyên.", found=False)
