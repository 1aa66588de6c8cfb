"""The commune's units after the 2025 reform, and finding them in a plan's wording.

A commune (xã, phường, đặc khu) has three departments (phòng chuyên môn): Văn phòng HĐND và UBND, Phòng Văn
hóa - Xã hội, Phòng Kinh tế (a ward's: Phòng Kinh tế, Hạ tầng và Đô thị); and units that are not departments:
Trung tâm Phục vụ hành chính công, Công an, Ban Chỉ huy quân sự. Plans name them in full, shortened or by
their usual abbreviations, and also name bodies above the commune ("Văn phòng UBND tỉnh", "Bộ Công an") that
are not the commune's.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from dataclasses import dataclass

ALL = "all_departments"
EVERY = "*"  # "các cơ quan, đơn vị (thuộc xã)": every unit of the commune, departments or not


@dataclass(frozen=True)
class Known:
    code: str
    name: str
    department: bool
    pattern: re.Pattern[str]


_NOT_OURS = r"(?!\s*(?:tỉnh|trung\s+ương|chính\s+phủ|thành\s+phố|huyện|quốc\s+gia))"
_KNOWN = [
    Known("VP", "Văn phòng HĐND và UBND xã", True, re.compile(
        r"\b(?:văn\s+phòng|vp)\s+(?:hđnd|hội\s+đồng\s+nhân\s+dân)\s*(?:và|-|,|&)\s*(?:ubnd|ủy\s+ban\s+nhân\s+dân|uỷ\s+ban"
        r"\s+nhân\s+dân)(?:\s+(?:xã|phường))?" + _NOT_OURS +
        r"|\b(?:văn\s+phòng|vp)\s+(?:ubnd|ủy\s+ban\s+nhân\s+dân|uỷ\s+ban\s+nhân\s+dân)\s+(?:xã|phường|đặc\s+khu)\b"
        r"|\bvp\s*hđnd\s*(?:và|-|&)\s*ubnd\b", re.I)),
    Known("VHXH", "Phòng Văn hóa - Xã hội", True, re.compile(
        r"\bphòng\s+văn\s+h(?:óa|oá|oa)\s*(?:-|và|,)?\s*xã\s+hội\b|\bphòng\s+vh\s*-?\s*xh\b|\bp?vhxh\b", re.I)),
    Known("KT", "Phòng Kinh tế", True, re.compile(
        r"\bphòng\s+kinh\s+tế(?:\s*,\s*hạ\s+tầng\s+và\s+đô\s+thị)?\b|\bphòng\s+kt(?:\s*-\s*ht\s*-\s*đt)?\b", re.I)),
    Known("TTPVHCC", "Trung tâm Phục vụ hành chính công", False, re.compile(
        r"\btrung\s+tâm\s+phục\s+vụ\s+hành\s+chính\s+công(?:\s+(?:xã|phường))?" + _NOT_OURS + r"|\bttpvhcc\b"
        r"|\btt\s*pvhcc\b|\btrung\s+tâm\s+pvhcc\b"
        r"|\bbộ\s+phận\s+(?:một\s+cửa|tiếp\s+nhận\s+và\s+trả\s+kết\s+quả)\b", re.I)),
    # "Công an xã", or just "Công an" in a list of the commune's units; not "Bộ Công an", "Công an tỉnh".
    Known("CA", "Công an xã", False, re.compile(
        r"(?<!bộ\s)\bcông\s+an(?:\s+(?:xã|phường|đặc\s+khu)\b)?"
        r"(?!\s+(?:nhân\s+dân|tỉnh|huyện|quận|thành\s+phố|trung\s+ương|cấp)\b)", re.I)),
    Known("BCHQS", "Ban Chỉ huy quân sự xã", False, re.compile(
        r"\b(?:ban\s+chỉ\s+huy|bch)\s+quân\s+sự(?:\s+(?:xã|phường|đặc\s+khu)\b)?" + _NOT_OURS +
        r"|\bban\s+chqs(?:\s+(?:xã|phường|đặc\s+khu)\b)?|\bbchqs\b", re.I)),
]
KNOWN = {k.code: k for k in _KNOWN}
DEPARTMENTS = ["VP", "VHXH", "KT"]
_SHARED = re.compile(
    r"\b(?:thủ\s+trưởng\s+|lãnh\s+đạo\s+)?các\s+(?:phòng(?:\s*,\s*|\s+)ban(?:\s+chuyên\s+môn)?|phòng\s+chuyên\s+môn"
    r"|cơ\s+quan\s+chuyên\s+môn|cơ\s+quan\s*,\s*đơn\s+vị|đơn\s+vị|phòng)"
    r"(?:\s*,\s*đơn\s+vị)?(?:\s+(?:thuộc|trực\s+thuộc)\s+(?:ubnd|ủy\s+ban\s+nhân\s+dân)\s+(?:xã|phường))?"
    r"(?:\s+(?:xã|phường))?", re.I)


@dataclass
class Mention:
    code: str  # a unit code, or ALL
    start: int
    end: int
    words: str


def norm(text: str) -> str:
    """NFC, dashes as "-": the same length as the text, so positions carry over."""
    return unicodedata.normalize("NFC", text).replace("–", "-").replace("—", "-")


def mentions(text: str) -> list[Mention]:
    """Every unit of the commune the text names, in order; a shared duty ("các phòng chuyên môn") as ALL."""
    t = norm(text)
    out: list[Mention] = []
    for k in _KNOWN:
        out += [Mention(k.code, m.start(), m.end(), text[m.start():m.end()]) for m in k.pattern.finditer(t)]
    for m in _SHARED.finditer(t):
        words = text[m.start():m.end()]
        every = re.search(r"cơ\s+quan\s*,\s*đơn\s+vị|các\s+đơn\s+vị", norm(words), re.I)
        out.append(Mention(EVERY if every else ALL, m.start(), m.end(), words))
    out.sort(key=lambda x: (x.start, -x.end))
    kept: list[Mention] = []
    for found in out:  # overlapping matches: the first, longest one wins
        if kept and found.start < kept[-1].end:
            continue
        kept.append(found)
    return kept


_SUBJECT_PREFIX = re.compile(r"\s*(?:giao\s+|đề\s+nghị\s+|thủ\s+trưởng\s+|lãnh\s+đạo\s+|trưởng\s+|người\s+đứng\s+đầu"
                             r"\s+)*", re.I)
_JOIN = re.compile(r"^\s*(?:,|;|và|với|cùng|-)\s*", re.I)
_LIST_JOIN = re.compile(r"\s*(?:,|và)\s*", re.I)
_COORD_AFTER = re.compile(r"\s*(?:phối\s+hợp|cùng)", re.I)
_GAP_MAX = 20  # a gap between two units of one list is a separator (", ", " và ", " với "): never longer


def _subject_at(t: str, found: list[Mention], starts: list[int], pos: int) -> list[Mention]:
    """The units the (normalised) text names as a list starting at `pos`; `found` = mentions(t) in order, `starts`
    their start positions. Costs about the length of that list, not of the rest of the text: coordinating() calls
    it once per "phối hợp", and a paragraph may say it thousands of times."""
    pos = _SUBJECT_PREFIX.match(t, pos).end()  # type: ignore[union-attr]
    out: list[Mention] = []
    first = bisect.bisect_left(starts, pos)
    if first and found[first - 1].end > pos:
        first -= 1  # "Thủ trưởng các phòng …": the prefix is part of the mention (mentions do not overlap)
    for i in range(first, len(found)):
        m = found[i]
        if m.start - pos > _GAP_MAX and t[pos:pos + _GAP_MAX + 1].strip():
            break  # a separator between two units is short; a long gap with words is the end of the list
        gap = t[pos:m.start]
        if gap.strip() and not _JOIN.fullmatch(gap) and not (out and _LIST_JOIN.fullmatch(gap)):
            break
        out.append(m)
        pos = m.end
        if _COORD_AFTER.match(t, pos):
            break
    return out


def subject_units(text: str) -> list[Mention]:
    """The units a sentence opens with ("Thủ trưởng các phòng chuyên môn, Trung tâm Phục vụ hành chính công
    nghiên cứu …"): the task's own leads."""
    found = mentions(text)
    return _subject_at(norm(text), found, [m.start for m in found], 0)


_RECEIVER = re.compile(r"\b(?:gửi|phản\s+ánh|báo\s+cáo)(?:\s+[^.;]{0,40}?)?\s+về\s+$", re.I)


def receiver_lead(text: str) -> Mention | None:
    """"… gửi văn bản về Phòng Văn hóa - Xã hội để tổng hợp …": the unit things are sent to, which compiles
    them, leads."""
    for m in mentions(text):
        if m.code in (ALL, EVERY):
            continue
        before = norm(text[max(0, m.start - 60):m.start])
        after = norm(text[m.end:m.end + 30])
        if _RECEIVER.search(before) and re.match(r"\s*(?:xã\s+|phường\s+)?(?:,\s*)?để\s+(?:tổng\s+hợp|tham\s+mưu)",
                                                 after, re.I):
            return m
    return None


_COORD_CUE = re.compile(r"\bphối\s+hợp(?:\s+với)?\b", re.I)


def coordinating(text: str) -> list[str]:
    """Units named after "phối hợp (với)", or just before a "phối hợp" that does not follow "chủ trì"."""
    t = norm(text)
    found = mentions(text)
    starts = [m.start for m in found]
    out: list[str] = []
    for cue in _COORD_CUE.finditer(t):
        # The units listed right after the cue, from the mentions computed once for the whole text.
        for m in _subject_at(t, found, starts, cue.end()):
            if m.code not in out:
                out.append(m.code)
    for m in found:
        after = t[m.end:m.end + 20]
        if re.match(r"\s*(?:xã\s+|phường\s+)?phối\s+hợp\b", after, re.I) and m.code not in out:
            out.append(m.code)
    return out


def named_lead(text: str) -> list[Mention]:
    """Units the text names as leading: "đơn vị chủ trì: Phòng …", "Phòng … chủ trì"."""
    t = norm(text)
    out: list[Mention] = []
    for m in mentions(text):
        before = t[max(0, m.start - 30):m.start]
        after = t[m.end:m.end + 20]
        if (re.search(r"chủ\s+trì\s*(?:thực\s+hiện\s*)?[:\-]?\s*$", before, re.I)
                or re.match(r"\s*(?:xã\s+|phường\s+)?(?:là\s+cơ\s+quan\s+)?chủ\s+trì\b", after, re.I)):
            out.append(m)
    return out


_ABBR_SKIP = {"và", "xã", "phường", "các", "của", "thuộc", "-", ","}


def new_unit_code(name: str, taken: set[str]) -> str:
    """A code for a unit the importer does not know: the initials of its words ("Hội Nông dân xã" → HND)."""
    words = [w for w in re.split(r"[\s,\-–]+", name) if w and w.lower() not in _ABBR_SKIP]
    base = "".join(unicodedata.normalize("NFD", w)[0] for w in words).upper()
    base = re.sub(r"[^A-Z0-9]", "", base.replace("Đ", "D")) or "DV"
    base = base[:20]
    code, n = base, 2
    while code in taken:
        code = f"{base}{n}"
        n += 1
    return code


_UNIT_WORDS = re.compile(r"^\s*(?:phòng|ban|trung\s+tâm|hội|đoàn|ủy\s+ban|uỷ\s+ban|văn\s+phòng|bộ\s+phận|tổ|đội"
                         r"|trạm|trường|công\s+an|hợp\s+tác\s+xã|ubmttq|mặt\s+trận)\b", re.I)


def looks_like_unit(text: str) -> bool:
    return bool(_UNIT_WORDS.match(norm(text))) and len(text) <= 120
