"""From a plan document's blocks to a draft plan file (the seed schema, with "source" and "review").

The reading follows the document's own structure: the header (issuing body, number, place and date, title,
signer); the numbered sections (I., 1., 1.1., a), -, +) whose items become tasks with codes built from the
numbering path (II.1.b.4: the 4th "-" under b) of 1. of II.); task tables (STT, Nội dung nhiệm vụ, chủ trì,
phối hợp, thời hạn, sản phẩm); the KPI appendix as a table or a numbered list.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from tracker.plans.importer.deadlines import read_deadline
from tracker.plans.importer.extract import Block
from tracker.plans.importer.units import (
    ALL,
    DEPARTMENTS,
    EVERY,
    KNOWN,
    coordinating,
    looks_like_unit,
    mentions,
    named_lead,
    new_unit_code,
    norm,
    receiver_lead,
    subject_units,
)

SOURCE_MAX = 2_000
DESC_MAX = 9_000

_ROMAN_RE = re.compile(r"^(?P<n>[IVX]{1,5})\s*[.)/]\s*(?P<t>\S.*)$")
_ARABIC_RE = re.compile(r"^(?P<n>\d{1,2}(?:\.\d{1,2})*)(?:[.)]\s*|\s+(?=\S)(?<=\.\d\s)|\s+(?=\S))(?P<t>\S.*)$")
_LETTER_RE = re.compile(r"^(?P<n>[a-zđ])\s*(?:\)|\.(?=\s))\s*(?P<t>\S.*)$")  # "a)" and "a."
_DASH_RE = re.compile(r"^[-–—•*·]\s*(?P<t>\S.*)$")
_PLUS_RE = re.compile(r"^\+\s*(?P<t>\S.*)$")
_CAPS_TITLE = re.compile(r"^\W*KẾ\s+HOẠCH\b")
_APPENDIX = re.compile(r"^\W*(?:PHỤ\s+LỤC|Phụ\s+lục)(?:\s+(?:[IVX]{1,5}|\d{1,2}|số\s+\d{1,2}))?\s*[.:]?\s*"
                       r"(?:$|[A-ZĐ]{2,})")
_STOP = re.compile(r"^\W*(?:Nơi\s+nhận\s*:?|TM\.\s|KT\.\s|CHỦ\s+TỊCH\b|PHÓ\s+CHỦ\s+TỊCH\b)")
_TASK_SECTION = re.compile(r"NHIỆM\s+VỤ|GIẢI\s+PHÁP|TỔ\s+CHỨC\s+THỰC\s+HIỆN|NỘI\s+DUNG|TRÁCH\s+NHIỆM|PHÂN\s+CÔNG"
                           r"|KẾ\s+HOẠCH\s+THỰC\s+HIỆN", re.I)
_NOT_TASK_SECTION = re.compile(r"MỤC\s+ĐÍCH|YÊU\s+CẦU|MỤC\s+TIÊU|CĂN\s+CỨ|KINH\s+PHÍ|ĐỐI\s+TƯỢNG|PHẠM\s+VI", re.I)
_RANK = {"roman": 0, "letter": 10, "dash": 20, "plus": 21, "plain": 30}


class NotAPlan(Exception):
    pass


@dataclass
class Node:
    kind: str  # roman | arabic | letter | dash | plus | plain | root
    label: str
    text: str
    block: Block | None
    rank: int
    children: list[Node] = field(default_factory=list)  # numbered sub-headings
    items: list[Node] = field(default_factory=list)  # "-" and plain paragraphs; "+" under a "-"
    items_after_children: list[Node] = field(default_factory=list)
    tables: list[int] = field(default_factory=list)  # task or KPI tables placed under this heading
    code: str = ""


@dataclass
class Draft:
    commune_code: str | None
    commune_name: str | None
    year: int | None
    units: dict[str, dict[str, Any]] = field(default_factory=dict)
    tasks: list[dict[str, Any]] = field(default_factory=list)
    kpis: list[dict[str, Any]] = field(default_factory=list)
    place_word: str = "xã"
    ward_kt: bool = False
    proposer: str | None = None


def _source(b: Block | None, text: str | None = None) -> dict[str, Any]:
    if b is None:
        return {"text": (text or "")[:SOURCE_MAX]}
    src = dict(b.source)
    src["text"] = (text if text is not None else b.text)[:SOURCE_MAX]
    return src


def _line(text: str, limit: int = 300) -> str:
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text.rfind(" ", 0, limit - 1)
    return text[:cut if cut > limit // 2 else limit - 1] + "…"


def _sentence_case(caps: str) -> str:
    words = caps.split()
    out = [w if (len(w) > 1 and not w.isupper()) else w.lower() for w in words]
    s = " ".join(out)
    return s[:1].upper() + s[1:]


def _is_caps(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and sum(c.isupper() for c in letters) >= 0.8 * len(letters)


def _slug(text: str) -> str:
    t = unicodedata.normalize("NFD", text.lower().replace("đ", "d"))
    t = "".join(c for c in t if not unicodedata.combining(c))
    return re.sub(r"[^a-z0-9]+", "-", t).strip("-")


# ------------------------------------------------------------------ joining wrapped lines


def _numbered(text: str) -> bool:
    return bool(_ROMAN_RE.match(text) or _LETTER_RE.match(text) or _DASH_RE.match(text) or _PLUS_RE.match(text)
                or re.match(r"^\d{1,3}(?:\.\d{1,2})*[.)]\s", text))


def join_lines(blocks: list[Block], *, pdf: bool) -> list[Block]:
    """Join a paragraph cut in two (a page break in the text, a PDF's line wrap) and a table row continued on
    the next row (an empty STT cell)."""
    out: list[Block] = []
    header_cells: dict[int, int] = {}
    for b in blocks:
        prev = out[-1] if out else None
        if b.cells is not None:
            if (prev is not None and prev.cells is not None and prev.table == b.table and b.cells
                    and not b.cells[0] and header_cells.get(b.table or 0, 0) and len(b.cells) > 1
                    and any(b.cells[1:]) and _row_is_item(prev.cells)):
                width = max(len(prev.cells), len(b.cells))
                pc = prev.cells + [""] * (width - len(prev.cells))
                bc = b.cells + [""] * (width - len(b.cells))
                prev.cells = [(" ".join(x for x in (p, c) if x)) for p, c in zip(pc, bc, strict=True)]
                prev.text = " ".join(c for c in prev.cells if c)
                prev.extra_sources.append(b.source)
                continue
            header_cells[b.table or 0] = header_cells.get(b.table or 0, 0) + 1
            out.append(b)
            continue
        if prev is not None and prev.cells is None and not b.numbering and _continues(prev.text, b.text, pdf=pdf):
            prev.text = f"{prev.text} {b.text}"
            prev.extra_sources.append(b.source)
            continue
        out.append(Block(b.text, dict(b.source), numbering=b.numbering))
    return out


def _row_is_item(cells: list[str]) -> bool:
    return bool(cells and re.fullmatch(r"\d{1,3}(?:\.\d{1,2})*\.?|[IVX]{1,5}|[a-zđ]\)?", cells[0]))


def _continues(prev: str, cur: str, *, pdf: bool) -> bool:
    if _numbered(cur) or _CAPS_TITLE.match(cur) or _APPENDIX.match(cur) or _STOP.match(cur):
        return False
    first = cur[:1]
    if not pdf:
        if first.islower():
            return not prev.rstrip().endswith((":", "./."))
        # A bullet hard-wrapped mid-sentence ("- Kiểm tra …; trong" / "Quý III."): it ends on a word, not a stop.
        return bool((_DASH_RE.match(prev) or _PLUS_RE.match(prev)) and (prev[-1:].isalpha() or prev.endswith(","))
                    and not _is_caps(cur))
    if _is_caps(cur) or _is_caps(prev):
        return False
    if prev.rstrip().endswith((".", ":", ";", "!", "?", "./.")):
        return False
    return True


# ------------------------------------------------------------------ tables in a PDF's text layer

_PDF_HEADER = re.compile(r"^(?:STT|TT)\b.*(?:nội\s+dung|nhiệm\s+vụ).*chủ\s+trì.*(?:thời\s+(?:gian|hạn)|tiến\s+độ)",
                         re.I)
_PDF_KPI_HEADER = re.compile(r"^(?:STT|TT)\b.*chỉ\s+tiêu.*chủ\s+trì.*(?:chỉ\s+tiêu|mục\s+tiêu|kế\s+hoạch|%)", re.I)
_PDF_ROW = re.compile(r"^(?P<stt>\d{1,3}(?:\.\d{1,2})*)\.?(?:\s+(?P<t>\S.*))?$")
_PDF_GROUP = re.compile(r"^(?P<stt>[IVX]{1,5})\.?\s+(?P<t>\S.*)$")
PDF_TABLE_BASE = 10_000  # table numbers of tables rebuilt from a PDF's lines, apart from real ones


def pdf_tables(blocks: list[Block]) -> list[Block]:
    """A PDF has no table cells, only lines: a task table ("STT Nội dung nhiệm vụ Đơn vị chủ trì Đơn vị phối hợp
    Thời gian hoàn thành") comes out one row a line, or a row wrapped over several lines. Its rows are rebuilt:
    a line starting with a number (or a group's roman) starts a row, the lines after it continue it; the row is
    split into content, lead unit, coordinating units and deadline by the unit names it holds. Each rebuilt row
    carries a review note."""
    out: list[Block] = []
    table = PDF_TABLE_BASE
    i = 0
    while i < len(blocks):
        b = blocks[i]
        header = _PDF_HEADER.match(b.text) or _PDF_KPI_HEADER.match(b.text)
        if not header:
            out.append(b)
            i += 1
            continue
        table += 1
        row = 1
        head = (["STT", "Nội dung nhiệm vụ", "Đơn vị chủ trì", "Đơn vị phối hợp", "Thời gian hoàn thành"]
                if _PDF_HEADER.match(b.text) else
                ["STT", "Chỉ tiêu", "Đơn vị chủ trì", "Đơn vị đánh giá", "Chỉ tiêu (mục tiêu)"])
        out.append(Block(b.text, {**b.source}, cells=head, table=table))
        i += 1
        rows: list[list[Block]] = []
        while i < len(blocks):
            line = blocks[i]
            text = line.text
            if (_APPENDIX.match(text) or _STOP.match(text) or _ROMAN_RE.match(text) or _CAPS_TITLE.match(text)
                    or (_is_caps(text) and not _PDF_GROUP.match(text))):
                break
            if _PDF_HEADER.match(text) or _PDF_KPI_HEADER.match(text):  # the header repeated on the next page
                i += 1
                continue
            if _PDF_ROW.match(text) or _PDF_GROUP.match(text) or not rows:
                rows.append([])
            rows[-1].append(line)
            i += 1
        for lines in rows:
            row += 1
            out.append(_pdf_row(lines, table, row))
    return out


def _pdf_row(lines: list[Block], table: int, row: int) -> Block:
    text = " ".join(x.text for x in lines)
    src = {**lines[0].source, "table": table - PDF_TABLE_BASE, "row": row}
    group = _PDF_GROUP.match(text)
    if group and not _PDF_ROW.match(text):
        return Block(text, src, cells=[group.group("stt"), group.group("t"), "", "", ""], table=table)
    m = _PDF_ROW.match(text)
    stt, rest = (m.group("stt"), m.group("t") or "") if m else ("", text)
    found = mentions(rest)
    if not found:
        cells = [stt, rest, "", "", ""]
    else:
        content = rest[:found[0].start].strip()
        tail = rest[found[-1].end:].strip()
        if re.match(r"(?:xã|phường)\b", tail):
            tail = tail.split(None, 1)[1] if " " in tail else ""
        coord = "; ".join(x.words for x in found[1:])
        cells = [stt, content, found[0].words, coord, tail]
    return Block(text, src, cells=cells, table=table)


# ------------------------------------------------------------------ header


_NUMBER = re.compile(r"\bSố\s*:\s*(\S*?)\s*/\s*([A-ZĐ]{1,5}(?:\s*-\s*[A-ZĐ]{1,8})+)", re.U)
_DATE_LINE = re.compile(r"([A-ZĐ][\wÀ-ỹ]*(?:\s+[A-ZĐ][\wÀ-ỹ]*){0,4})\s*,\s*ngày\s+(\d{1,2}|…+|\.+|_+)?\s*tháng\s+"
                        r"(\d{1,2}|…+|\.+|_+)?\s*năm\s+(\d{4})")
_ISSUER = re.compile(r"(?:ỦY|UỶ)\s+BAN\s+NHÂN\s+DÂN\s+(XÃ|PHƯỜNG|ĐẶC\s+KHU)\s+(\S+(?:\s+\S+){0,4})")
_PROVINCE = re.compile(r"\btỉnh\s+([A-ZĐ][\wÀ-ỹ]*(?:\s+[A-ZĐ][\wÀ-ỹ]*){0,2})")
_SIGN = re.compile(r"^\W*(?:KT\.\s*CHỦ\s+TỊCH|TM\.\s*.*|CHỦ\s+TỊCH|PHÓ\s+CHỦ\s+TỊCH)\W*$")
_NAME = re.compile(r"^[A-ZĐÀ-Ỹ][a-zà-ỹđ]+(?:\s+[A-ZĐÀ-Ỹ][a-zà-ỹđ]+){1,4}$")


def _title_case(caps: str) -> str:
    return " ".join(w[:1] + w[1:].lower() for w in caps.split())


def parse_header(blocks: list[Block], body_start: int, *, commune_name: str | None,
                 year: int | None) -> tuple[dict[str, Any], dict[str, Any], list[dict[str, Any]], Draft]:
    texts = [b.text for b in blocks]
    reviews: list[str] = []
    place_word = "xã"
    issuer = None
    issuer_block = None
    commune = commune_name
    head = blocks[:max(body_start, 1) + 5]
    for k, b in enumerate(head):
        # The issuing body often spans two lines: "ỦY BAN NHÂN DÂN" / "XÃ CAM AN".
        joined = " ".join(x.text for x in head[k:k + 2])
        # A header in two columns read line by line: "ỦY BAN NHÂN DÂN CỘNG HÒA XÃ HỘI …" / "XÃ CAM AN Độc lập …".
        joined = re.sub(r"CỘNG\s+HÒA\s+XÃ\s+HỘI\s+CHỦ\s+NGHĨA\s+VIỆT\s+NAM\s*", "", joined)
        m = _ISSUER.search(joined) if re.search(r"(?:ỦY|UỶ)\s+BAN\s+NHÂN\s+DÂN", b.text) else None
        if m:
            words: list[str] = []
            for w in m.group(2).split():
                if not w.isupper() or w in ("CỘNG", "SỐ", "ĐỘC", "CỘNG HÒA") or len(words) == 4:
                    break
                words.append(w)
            if not words:
                continue
            name = _title_case(" ".join(words))
            place_word = m.group(1).lower()
            issuer = f"Ủy ban nhân dân {place_word} {name}"
            issuer_block = b
            commune = commune or f"{place_word.capitalize()} {name}"
            break
    number = None
    number_block = None
    for b in blocks[:max(body_start, 1) + 5]:
        m = _NUMBER.search(b.text)
        if m:
            num = m.group(1).strip(" .…_") or "…"
            number = num + "/" + re.sub(r"\s+", "", m.group(2))
            number_block = b
            break
    issue_date = None
    issue_text = None
    date_year: int | None = None
    date_block = None
    for b in blocks[:max(body_start, 1) + 5]:
        m = _DATE_LINE.search(b.text)
        if m:
            day, month, y = m.group(2), m.group(3), int(m.group(4))
            date_year = y
            date_block = b
            day_ok = bool(day and day.isdigit())
            month_ok = bool(month and month.isdigit())
            issue_text = (f"ngày {day if day_ok else '…'} tháng {month if month_ok else '…'} năm {y}")
            if day_ok and month_ok:
                try:
                    issue_date = date(y, int(month or 0), int(day or 0))
                except ValueError:
                    reviews.append(f"Ngày ban hành «{m.group(0)}» không có thật.")
            break
    # Title: the trích yếu of a decision that issues the plan ("Ban hành Kế hoạch …"), else the KẾ HOẠCH heading.
    title = None
    title_block = None
    for b in blocks[:body_start + 1]:
        m = re.match(r"^\W*Ban\s+hành\s+(?:kèm\s+theo\s+)?(Kế\s+hoạch\s+.+)$", b.text)
        if m:
            title, title_block = m.group(1).strip(" *"), b
            break
    if title is None:
        for i in range(min(body_start + 1, len(blocks)) - 1, -1, -1):
            if _CAPS_TITLE.match(blocks[i].text):
                rest = re.sub(r"^\W*KẾ\s+HOẠCH\s*", "", blocks[i].text).strip(" *")
                j = i + 1
                while not rest and j < len(blocks) and j < body_start and not _numbered(blocks[j].text):
                    rest = blocks[j].text.strip(" *")
                    j += 1
                while (j < body_start and j < i + 4 and _is_caps(blocks[j].text) and _is_caps(rest)
                       and not _numbered(blocks[j].text) and not blocks[j].text.startswith(("(", "*"))):
                    rest = f"{rest} {blocks[j].text.strip(' *')}"
                    j += 1
                rest = _sentence_case(rest) if _is_caps(rest) else rest
                title = f"Kế hoạch {rest[:1].lower()}{rest[1:]}".strip()
                title_block = blocks[i]
                break
    if title and commune:
        short = re.sub(r"^(xã|phường|đặc khu)\s+", "", commune, flags=re.I)
        title = re.sub(re.escape(short), short, title, flags=re.I)
    if not title:
        title = "Kế hoạch (chưa đọc được tên)"
        reviews.append("Không đọc được tên kế hoạch (dòng «KẾ HOẠCH» và trích yếu).")
    signer, role = None, "chairman"
    lines: list[Block] = []
    for b in blocks:  # a signature laid out in a table: each cell's lines in turn
        if b.cells is None:
            lines.append(b)
        else:
            lines += [Block(x.strip(), b.source) for c in b.cells for x in c.split("\n") if x.strip()]
    for i, b in enumerate(lines):
        if _SIGN.match(b.text) and "CHỦ TỊCH" in b.text.upper():
            vice = "PHÓ" in b.text.upper() or "KT." in b.text.upper()
            for nb in lines[i + 1:i + 6]:
                if _SIGN.match(nb.text):
                    vice = vice or "PHÓ" in nb.text.upper()
                    continue
                if re.fullmatch(r"\W*\(?\s*(?:đã\s+ký[^)]*|ký(?:,|\s)[^)]*|chữ\s+ký[^)]*)\s*\)?\W*", nb.text, re.I):
                    continue  # "(Đã ký)", "(Ký, ghi rõ họ tên)" between the title and the name
                cand = nb.text.strip(" *")
                if _NAME.match(cand):
                    signer, role = cand, "vice_chairman" if vice else "chairman"
                break
            if signer:
                break
    if not signer:
        # A PDF whose signature block sits beside "Nơi nhận": "Nơi nhận: TM. ỦY BAN NHÂN DÂN" / "- Sở Nội vụ; CHỦ TỊCH"
        # / … / "- Lưu: VT, VP. Đặng Hữu Phước": the name ends a line a few lines after "CHỦ TỊCH".
        for i, b in enumerate(lines):
            if re.search(r"CHỦ\s+TỊCH\W*$", b.text) and not _NAME.match(b.text):
                vice = bool(re.search(r"PHÓ\s+CHỦ\s+TỊCH|KT\.", " ".join(x.text for x in lines[max(0, i - 1):i + 1])))
                for nb in lines[i + 1:i + 10]:
                    m = re.search(r"(?:^|[.;:]\s)((?:[A-ZĐ][a-zà-ỹđ]*\s+){1,4}[A-ZĐ][a-zà-ỹđ]*)\s*$", nb.text)
                    if m and _NAME.match(m.group(1)):
                        signer, role = m.group(1), "vice_chairman" if vice else "chairman"
                        break
                if signer:
                    break
    # The year the plan is for: --year, else the one its title names (a plan for 2026 is often signed in December
    # 2025), else its date's.
    named = re.search(r"năm\s+(\d{4})", title)
    plan_year = year or (int(named.group(1)) if named else None) or date_year
    if plan_year is None:
        raise NotAPlan("year")
    if issuer is None:
        issuer = f"Ủy ban nhân dân {commune}" if commune else "Ủy ban nhân dân xã"
        reviews.append("Không thấy cơ quan ban hành («ỦY BAN NHÂN DÂN XÃ …»): kiểm tra «issuer».")
    if number is None:
        number = "…/KH-UBND"
        reviews.append("Không thấy số văn bản («Số: …/KH-UBND»): kiểm tra «number».")
    if not signer:
        reviews.append("Không thấy người ký (tên dưới «CHỦ TỊCH»): kiểm tra «signer».")
    province = None
    for t in texts:
        m = _PROVINCE.search(t)
        if m:
            province = m.group(1)
            break
    commune = commune or "Xã (chưa rõ)"
    short_name = re.sub(r"^(xã|phường|đặc khu)\s+", "", commune, flags=re.I)
    code_base = _plan_code(title, plan_year)
    plan: dict[str, Any] = {
        "code": code_base,
        "number": number,
        "title": _line(title, 900),
        "issuer": issuer,
        "signer": signer,
        "issue_date": issue_date.isoformat() if issue_date else None,
        "issue_date_text": issue_text,
        "year": plan_year,
        "source": _source(title_block or number_block or issuer_block or date_block),
    }
    if reviews:
        plan["review"] = " ".join(reviews)
    commune_d: dict[str, Any] = {"code": _slug(short_name) or "xa", "name": commune[:1].upper() + commune[1:]}
    if province:
        commune_d["province"] = province
    people = ([{"name": signer, "role": role, "unit": None, "email": None, "telegram_chat_id": None}]
              if signer else [])
    draft = Draft(commune_d["code"], commune_d["name"], plan_year, place_word=place_word)
    m = re.search(r"Theo\s+đề\s+nghị\s+của\s+(?:Trưởng\s+|Chánh\s+|Giám\s+đốc\s+)?(.{5,80}?)(?:[.;]|$)",
                  " ".join(texts[:body_start + 1]))
    if m:
        found = mentions(m.group(1))
        draft.proposer = found[0].code if found and found[0].code not in (ALL, EVERY) else None
    draft.ward_kt = any(re.search(r"kinh\s+tế\s*,\s*hạ\s+tầng\s+và\s+đô\s+thị", t, re.I) for t in texts)
    return commune_d, plan, people, draft


_ABBREVIATIONS = [("thủ tục hành chính", "tthc"), ("cải cách hành chính", "cchc"), ("chuyển đổi số", "cds"),
                  ("kiểm soát tthc", "kstthc"), ("đề án 06", "de-an-06")]
_FILLER = re.compile(r"\b(?:trọng tâm|năm|thực hiện|triển khai|công tác|về|của|và)\b")


def _plan_code(title: str, year: int) -> str:
    t = title.lower()
    t = re.sub(r"^kế\s+hoạch\s+", "", t)
    t = re.sub(r"\s+(?:trên\s+địa\s+bàn|của|tại)\s+(?:xã|phường|đặc\s+khu)\b.*$", "", t)
    for long, short in _ABBREVIATIONS:
        t = t.replace(long, short)
    t = _FILLER.sub(" ", t)
    slug = _slug(t)
    if str(year) not in slug:
        slug = f"{slug}-{year}"
    return slug[:40].strip("-") or f"ke-hoach-{year}"


# ------------------------------------------------------------------ structure


def _classify(b: Block) -> tuple[str, str, str]:
    text = f"{b.numbering} {b.text}".strip() if b.numbering and b.numbering != "-" else b.text
    if b.numbering == "-":
        return "dash", "", b.text
    for kind, rx in (("roman", _ROMAN_RE), ("letter", _LETTER_RE), ("plus", _PLUS_RE), ("dash", _DASH_RE)):
        m = rx.match(text)
        if m:
            return kind, m.groupdict().get("n") or "", m.group("t")
    m = re.match(r"^(?P<n>\d{1,3}(?:\.\d{1,2})*)(?:[.)]\s*|\s+)(?P<t>\S.*)$", text)
    if m and (text[len(m.group("n"))] in ".)" or "." in m.group("n")):
        return "arabic", m.group("n"), m.group("t")
    return "plain", "", text


def build_tree(blocks: list[Block]) -> Node:
    root = Node("root", "", "", None, -1)
    stack = [root]
    last_dash: Node | None = None
    rows: dict[int, list[Block]] = {}
    for b in blocks:
        if b.cells is not None and b.table is not None:
            rows.setdefault(b.table, []).append(b)
    for b in blocks:
        if b.cells is not None:
            # Only a task or KPI table counts (a signature laid out in a table does not).
            if b.table is not None and b.table not in stack[-1].tables and _columns(rows[b.table]):
                stack[-1].tables.append(b.table)
            continue
        kind, label, text = _classify(b)
        if kind in ("roman", "arabic", "letter"):
            rank = _RANK.get(kind, 0) if kind != "arabic" else 1 + label.count(".")
            node = Node(kind, label, text.strip(), b, rank)
            while len(stack) > 1 and stack[-1].rank >= rank:
                stack.pop()
            stack[-1].children.append(node)
            stack.append(node)
            last_dash = None
            continue
        parent = stack[-1]
        node = Node(kind, "", text.strip(), b, _RANK[kind])
        if kind == "plus" and last_dash is not None:
            last_dash.items.append(node)
            continue
        siblings = parent.items_after_children if parent.children else parent.items
        if kind == "plain" and _is_field(node.text) and (siblings or parent.kind != "root"):
            # "Thời gian thực hiện: Quý III/2026." on a line of its own: a field of the item (or heading) before it.
            owner = siblings[-1] if siblings else parent
            owner.text = f"{owner.text.rstrip()} {node.text}"
            continue
        siblings.append(node)
        # "+" lines belong to the "-" before them; "+" lines straight under a heading are its items.
        last_dash = node if kind == "dash" else None
    return root


def table_sections(root: Node) -> dict[int, str]:
    """The code of the heading each table stands under ("III" for a table right under "III. NHIỆM VỤ …")."""
    out: dict[int, str] = {}
    todo = [root]
    while todo:
        node = todo.pop()
        for t in node.tables:
            if node.code:
                out[t] = node.code
        todo += node.children
    return out


def resolve_every(draft: Draft, order: list[str]) -> None:
    """"Các cơ quan, đơn vị" (EVERY) → every unit of the draft, in the units' order."""
    def fill(codes: list[str], skip: set[str]) -> list[str]:
        out: list[str] = []
        for c in codes:
            for x in (order if c == EVERY else [c]):
                if x not in out and x not in skip:
                    out.append(x)
        return out

    for t in draft.tasks:
        leads = t.get("lead_units")
        if isinstance(leads, list) and EVERY in leads:
            t["lead_units"] = fill(leads, set())
        lead_set = set(DEPARTMENTS) if t.get("lead_units") == ALL else set(t.get("lead_units") or [t.get("lead_unit")])
        t["coordinating_units"] = fill(t["coordinating_units"], lead_set)
    for k in draft.kpis:
        k["lead_units"] = fill(k["lead_units"], set())
        k["evaluating_units"] = fill(k["evaluating_units"], set())


def _code_part(kind: str, label: str) -> str:
    if kind == "letter":
        return "dd" if label == "đ" else label
    return label


# ------------------------------------------------------------------ tasks from the structure


_TOPIC_VP = re.compile(r"văn\s+bản\s+điện\s+tử|ký\s+số|chế\s+độ\s+báo\s+cáo|chỉ\s+đạo,\s*điều\s+hành"
                       r"|văn\s+thư|lưu\s+trữ|trang\s+thông\s+tin\s+điện\s+tử|quản\s+lý\s+văn\s+bản", re.I)


_CELL_SPLIT = re.compile(r"\s*(?:;|\n|,(?!\s*(?:đơn\s+vị|hạ\s+tầng|xã\s+hội))|\s+và\s+(?!ubnd|đô\s+thị|xã\s+hội))\s*",
                         re.I)


# A body named as the subject ("Hội Nông dân xã vận động …"), not a verb ("Tổ chức", "Ban hành", "Phòng chống").
_UNKNOWN_SUBJECT = re.compile(r"^((?:Hội(?!\s+nghị)|Đoàn(?!\s+kết)|Ban(?!\s+hành)|Phòng(?!\s+(?:chống|ngừa))"
                              r"|Trung\s+tâm|Ủy\s+ban|Uỷ\s+ban|Mặt\s+trận|Tổ(?!\s+chức)|Đội|Trạm|Trường|Hợp\s+tác\s+xã)"
                              r"\s[^,;.:]{0,60}?\s(?:xã|phường))\b")


class Builder:
    def __init__(self, draft: Draft, first_month: int) -> None:
        self.d = draft
        self.first_month = first_month
        self.codes: set[str] = set()

    # units
    def use_unit(self, code: str) -> None:
        if code in self.d.units or code in (ALL, EVERY):
            return
        k = KNOWN[code]
        name = k.name
        if code == "KT" and self.d.ward_kt:
            name = "Phòng Kinh tế, Hạ tầng và Đô thị"
        if code in ("VP", "CA", "BCHQS"):
            name = name.replace(" xã", f" {self.d.place_word}")
        self.d.units[code] = {"code": code, "name": name, "department": k.department}

    def unit_from_name(self, name: str, b: Block | None) -> str:
        name = name.strip(" .;:,")
        for code, u in self.d.units.items():
            if u["name"].lower() == name.lower():
                return code
        known = [m.code for m in mentions(name) if m.code in KNOWN]
        if not known and new_unit_code(name, set()) in KNOWN:
            known = [new_unit_code(name, set())]  # "Ban CHQS": its initials are a known unit's code, not a new unit
        if known:
            self.use_unit(known[0])
            return known[0]
        code = new_unit_code(name, set(self.d.units) | set(KNOWN))
        self.d.units[code] = {"code": code, "name": name[:200], "department": False,
                              "source": _source(b, name),
                              "review": f"Đơn vị «{name}» không có trong danh sách đơn vị của xã: đã thêm đơn vị "
                                        f"mới mã {code} (không phải phòng chuyên môn); kiểm tra tên, mã và "
                                        "«department»."}
        return code

    def units_in_cell(self, text: str, b: Block | None) -> tuple[list[str], bool]:
        """Units named in a table cell; (codes with ALL kept, any new unit)."""
        out: list[str] = []
        new = False
        for part in _CELL_SPLIT.split(text):
            if not part.strip(" .-"):
                continue
            found = mentions(part)
            if found:
                out += [m.code for m in found if m.code not in out]
            elif looks_like_unit(part) or (len(part.split()) <= 8 and not re.match(r"(?i)các\s", part)):
                code = self.unit_from_name(part, b)
                new = True
                if code not in out:
                    out.append(code)
        return out, new

    def expand(self, codes: list[str]) -> list[str]:
        out: list[str] = []
        for c in codes:
            for x in (DEPARTMENTS if c == ALL else [c]):
                if x in KNOWN:
                    self.use_unit(x)
                if x not in out:
                    out.append(x)
        return out

    def unique_code(self, code: str) -> tuple[str, str | None]:
        code = re.sub(r"[^A-Za-z0-9._-]", "", code)[:40] or "NV"
        if code not in self.codes:
            self.codes.add(code)
            return code, None
        n = 2
        while f"{code}-{n}" in self.codes:
            n += 1
        self.codes.add(f"{code}-{n}")
        return f"{code}-{n}", f"Mã {code} bị trùng với nhiệm vụ khác: đã đặt {code}-{n}."

    def add_task(self, *, code: str, section: str, title: str, text: str, block: Block | None,
                 leads: list[str], lead_note: str | None, lead_review: str | None, coord: list[str],
                 deadline_text: str, deadline_fallback: str | None = None, strict: bool = True,
                 output: str | None = None, extra_review: str | None = None,
                 source_text: str | None = None) -> None:
        reviews = [r for r in (extra_review,) if r]
        code, dup = self.unique_code(code)
        if dup:
            reviews.append(dup)
        reading = read_deadline(deadline_text, year=self.d.year or 2000, first_month=self.first_month,
                                strict=strict)
        if not reading.found and deadline_fallback:
            other = read_deadline(deadline_fallback, year=self.d.year or 2000, first_month=self.first_month)
            if other.found:
                reading = other
        if reading.review:
            reviews.append(reading.review)
        task: dict[str, Any] = {"code": code, "section": section, "title": _title(title or text),
                                "description": text[:DESC_MAX]}
        if len(text) > DESC_MAX:
            reviews.append("Nội dung quá dài, đã cắt bớt: kiểm tra «description».")
        shared = ALL in leads or EVERY in leads
        if leads == [ALL]:
            for x in DEPARTMENTS:
                self.use_unit(x)
            task["lead_units"] = ALL
        elif shared or len(leads) > 1:
            task["lead_units"] = self.expand(leads)
        elif leads:
            self.expand(leads)
            task["lead_unit"] = leads[0]
        # EVERY ("*") stays in the lists until the draft's units are known (resolve_every).
        lead_set = set(DEPARTMENTS) if task.get("lead_units") == ALL else set(task.get("lead_units") or
                                                                                 [task.get("lead_unit")])
        task["coordinating_units"] = [c for c in self.expand(coord) if c not in lead_set]
        task["deadline"] = reading.deadline
        if output:
            task["expected_output"] = output[:DESC_MAX]
        if lead_note:
            task["note"] = lead_note
        if lead_review:
            reviews.append(lead_review)
        task["source"] = _source(block, source_text if source_text is not None else text)
        if reviews:
            task["review"] = " ".join(reviews)
        self.d.tasks.append(task)

    # prose
    def leads_for(self, text: str, ancestors: list[Node]) -> tuple[list[str], list[str], str | None, str | None]:
        """(leads, coordinating, note, review) for a task's text under its headings (nearest last)."""
        coord = coordinating(text)
        subj = named_lead(text) or subject_units(text)
        if subj:  # the task's own words name its lead
            leads = [m.code for m in subj]
            return leads, coord, self._shared_note(subj, leads), self._shared_review(subj, leads)
        rec = receiver_lead(text)
        if rec is not None:  # "… (các phòng) gửi văn bản về Phòng … để tổng hợp": the one who compiles leads
            senders = [m.code for m in mentions(text[:rec.start]) if m.code != rec.code]
            return [rec.code], senders + [c for c in coord if c not in senders], None, None
        named = _UNKNOWN_SUBJECT.match(text)
        if named:  # "Hội Nông dân xã vận động …": a body the commune's list does not have
            code = self.unit_from_name(named.group(1), None)
            return [code], coord, None, f"Đơn vị chủ trì «{named.group(1)}» là đơn vị mới: kiểm tra."
        for node in reversed(ancestors):
            if node.kind == "roman":
                break
            named = _UNKNOWN_SUBJECT.match(node.text)
            if named and not subject_units(node.text):
                code = self.unit_from_name(named.group(1), node.block)
                return [code], coord, None, f"Đơn vị chủ trì «{named.group(1)}» là đơn vị mới: kiểm tra."
            subj = subject_units(node.text)
            if subj:
                leads = [m.code for m in subj]
                coord += [c for c in coordinating(node.text) if c not in coord]
                note = self._shared_note(subj, leads, heading=node)
                return leads, coord, note, self._shared_review(subj, leads)
        # No unit named: the heading's subject decides (the office runs e-documents, direction and reporting),
        # else the unit that proposed the plan ("Theo đề nghị của Trưởng Phòng …"); always for review.
        topic = next((n.text for n in reversed(ancestors) if n.kind in ("arabic", "letter") and n.text), text)
        office = bool(_TOPIC_VP.search(topic))
        guess = "VP" if office else (self.d.proposer or "VP")
        why = ("nội dung về văn bản điện tử, chỉ đạo điều hành, báo cáo" if office
               else "đơn vị đề nghị ban hành kế hoạch" if self.d.proposer else "văn phòng của UBND")
        self.use_unit(guess)
        name = self.d.units[guess]["name"]
        return ([guess], coord, None,
                f"Kế hoạch không nêu đơn vị chủ trì: đã giao tạm {name} ({why}); kiểm tra «lead_unit».")

    def _shared_note(self, subj: list[Any], leads: list[str], heading: Node | None = None) -> str | None:
        if ALL not in leads and EVERY not in leads and len(leads) < 2:
            return None
        words = ", ".join(m.words for m in subj)
        where = f"«{heading.label + ') ' if heading and heading.kind == 'letter' else ''}{words}»"
        return f"{where}: mỗi đơn vị có phần việc riêng."

    def _shared_review(self, subj: list[Any], leads: list[str]) -> str | None:
        if ALL not in leads and EVERY not in leads and len(leads) < 2:
            return None
        words = ", ".join(m.words for m in subj)
        return (f"Nhiệm vụ chung của «{words}»: kiểm tra danh sách đơn vị chủ trì (mỗi đơn vị nhận phần việc "
                "riêng).")


def tasks_from_tree(builder: Builder, root: Node) -> None:
    sections = root.children
    has_roman = any(n.kind == "roman" for n in sections)
    for top in sections:
        top.code = _code_part(top.kind, top.label)
        if has_roman and top.kind == "roman":
            if _NOT_TASK_SECTION.search(top.text) and not _TASK_SECTION.search(top.text):
                continue
        _walk(builder, top, [top])


# A sub-heading about what to say, how, for whom or with what money lists no one's task ("1. Nội dung tuyên
# truyền", "2. Hình thức tuyên truyền", "3. Kinh phí thực hiện Kế hoạch được bố trí …").
_NOT_TASK_HEADING = re.compile(r"^(?:Nội\s+dung|Hình\s+thức|Kinh\s+phí|Đối\s+tượng|Mục\s+đích|Yêu\s+cầu|Phạm\s+vi"
                               r"|Căn\s+cứ)\b(?!.*(?:nhiệm\s+vụ|giải\s+pháp|công\s+việc))", re.I)


def _walk(builder: Builder, node: Node, path: list[Node]) -> None:
    if node.kind != "roman" and _NOT_TASK_HEADING.match(node.text) and not node.tables:
        return
    if node.children:
        for child in node.children:
            if child.kind == "arabic" and "." in child.label:
                # "1.1." under "1." of II: the label holds the parent's number already → II.1.1
                top = next((p.code for p in path if p.kind == "roman"), "")
                child.code = f"{top}.{child.label}" if top else child.label
            else:
                child.code = f"{node.code}.{_code_part(child.kind, child.label)}"
            _walk(builder, child, [*path, child])
        start = len(node.children)
        for i, item in enumerate(node.items_after_children, start=start + 1):
            _item_task(builder, item, f"{node.code}.{i}", node, path)
        return
    items = node.items
    fields = _field_items(items)
    if fields is not None:  # "1.1. Rà soát …" then "- Cơ quan chủ trì: …", "- Thời gian hoàn thành: …"
        cells = [node.text, *(fields.get(k, "") for k in ("lead", "coord", "deadline", "output"))]
        cols = Columns("tasks", 0, content=0, lead=1, coord=2, deadline=3, output=4)
        block = node.block or items[0].block
        assert block is not None
        _task_row(builder, block, cells, cols, node.code, path[-2].code if len(path) > 1 else node.code, None)
        return
    if not items:
        if node.kind != "roman" and not node.tables:  # a heading over a task table is not a task itself
            _heading_task(builder, node, node.text, path)
        return
    if len(items) == 1 and items[0].kind == "plain" and not items[0].items:
        if node.tables or items[0].text.rstrip().endswith(":") or (
                node.kind == "roman" and re.search(r"phụ\s+lục|kèm\s+theo|chi\s+tiết\s+tại", items[0].text, re.I)):
            return  # "II. NHIỆM VỤ" with one paragraph leading to a table or an appendix: not a task itself
        _heading_task(builder, node, items[0].text, path, block=items[0].block)
        return
    for i, item in enumerate(items, start=1):
        _item_task(builder, item, f"{node.code}.{i}", node, path)


_FIELD = re.compile(r"^(?P<label>[^:]{3,50}?)\s*:\s*(?P<value>\S.*)$")
_FIELD_KINDS = [("deadline", re.compile(r"thời\s+(?:gian|hạn)|tiến\s+độ", re.I)),  # "Thời gian thực hiện" first
                ("coord", re.compile(r"phối\s+hợp", re.I)),
                ("lead", re.compile(r"chủ\s+trì|thực\s+hiện$|phụ\s+trách", re.I)),
                ("output", re.compile(r"sản\s+phẩm|kết\s+quả", re.I))]


def _is_field(text: str) -> bool:
    """"Thời gian thực hiện: …", "Cơ quan chủ trì: …": a line that gives a field, not a task."""
    m = _FIELD.match(text)
    if m is None:
        return False
    return any(rx.search(m.group("label")) for _, rx in _FIELD_KINDS) and len(m.group("label").split()) <= 6


def _field_items(items: list[Node]) -> dict[str, str] | None:
    """The bullets under a task that only give its fields ("- Cơ quan chủ trì: …", "- Cơ quan phối hợp: …",
    "- Thời gian hoàn thành: …", "- Sản phẩm: …"), or None when they are tasks themselves."""
    if not items or any(i.kind not in ("dash", "plus") for i in items):
        return None
    out: dict[str, str] = {}
    for item in items:
        m = _FIELD.match(item.text)
        if not m:
            return None
        kind = next((k for k, rx in _FIELD_KINDS if rx.search(m.group("label"))), None)
        if kind is None or kind in out:
            return None
        out[kind] = m.group("value").strip().rstrip(".")
    return out if "lead" in out or "deadline" in out else None


def _heading_task(builder: Builder, node: Node, text: str, path: list[Node], block: Block | None = None) -> None:
    # A heading that is itself the task ("b) Phòng Kinh tế phối hợp …"): its own words, then the headings above.
    leads, coord, note, review = builder.leads_for(text, path if block is not None else path[:-1])
    builder.add_task(code=node.code, section=node.code, title=node.text if block is not None else text,
                     text=_tidy(text), block=block or node.block, leads=leads, lead_note=note, lead_review=review,
                     coord=coord, deadline_text=text,
                     deadline_fallback=node.text if block is not None else None)


def _item_task(builder: Builder, item: Node, code: str, parent: Node, path: list[Node]) -> None:
    subs = [s for s in item.items if s.kind == "plus"]
    if subs and item.text.rstrip().endswith(":"):
        lead_in = Node("letter", "", item.text, item.block, 25)  # its units lead the children
        for k, sub in enumerate(subs, start=1):
            leads, coord, note, review = builder.leads_for(sub.text, [*path, lead_in])
            builder.add_task(code=f"{code}.{k}", section=code, title=sub.text, text=_tidy(sub.text),
                             block=sub.block, leads=leads, lead_note=note, lead_review=review, coord=coord,
                             deadline_text=sub.text, deadline_fallback=item.text)
        return
    text = item.text
    if subs:
        text = text + "\n" + "\n".join(f"+ {s.text}" for s in subs)
    leads, coord, note, review = builder.leads_for(item.text, path)
    builder.add_task(code=code, section=parent.code, title=item.text, text=_tidy(text), block=item.block,
                     leads=leads, lead_note=note, lead_review=review, coord=coord, deadline_text=text,
                     deadline_fallback=parent.text)


def _title(text: str) -> str:
    """A task's title: its first clause (up to ";" or the end of the first sentence), at most 200 characters."""
    text = " ".join(text.split()).rstrip(" :")
    cut = min((i for i in (text.find(";"), text.find(". "), text.find(": ")) if i > 20), default=len(text))
    return _line(text[:cut].rstrip(" .,"), 200)


def _tidy(text: str) -> str:
    return re.sub(r"\s*\./\.\s*$", ".", text.strip())


# ------------------------------------------------------------------ tables


def _norm_header(text: str) -> str:
    return " ".join(norm(text).lower().split())


@dataclass
class Columns:
    kind: str  # tasks | kpis
    header_row: int
    stt: int | None = None
    content: int | None = None
    lead: int | None = None
    coord: int | None = None
    evaluate: int | None = None
    deadline: int | None = None
    output: int | None = None
    target: int | None = None
    basis: int | None = None


_SUBHEADER = re.compile(r"chủ\s+trì|phối\s+hợp|hoàn\s+thành|bắt\s+đầu|đánh\s+giá|thực\s+hiện", re.I)


def _header_cells(rows: list[Block], r: int) -> tuple[list[str], int]:
    """Row r's header cells; with a second header row under it ("Đơn vị thực hiện" over "Chủ trì | Phối hợp",
    "Thời gian" over "Bắt đầu | Hoàn thành"), the two joined column by column."""
    cells = [_norm_header(c) for c in rows[r].cells or []]
    if r + 1 < len(rows):
        nxt = [_norm_header(c) for c in rows[r + 1].cells or []]
        first = nxt[0] if nxt else ""
        if (not re.fullmatch(r"\d{1,3}(?:\.\d{1,2})*\.?|[ivx]{1,5}", first)
                and any(_SUBHEADER.search(c) for c in nxt) and any(_SUBHEADER.search(c) is None for c in cells if c)):
            width = max(len(cells), len(nxt))
            cells += [""] * (width - len(cells))
            nxt += [""] * (width - len(nxt))
            joined = [a if (not b or b == a or b in "-–") else f"{a} {b}".strip()
                      for a, b in zip(cells, nxt, strict=True)]
            return joined, r + 1
    return cells, r


def _columns(rows: list[Block], year: int | None = None) -> Columns | None:
    for r in range(min(4, len(rows))):
        cells, header_row = _header_cells(rows, r)
        cols: dict[str, int] = {}
        # "Mục tiêu" over "Năm 2025 (đã đạt) | Năm 2026": the target is the plan year's column, never what was
        # reached before.
        targets = [i for i, c in enumerate(cells)
                   if c and re.search(r"%|mục tiêu|chỉ tiêu|kế hoạch|giá trị|phấn đấu|năm \d{4}", c)
                   and not re.search(r"đã đạt|thực hiện|ước|kết quả", c)]
        dated = [i for i in targets if year is not None and str(year) in cells[i]]
        for i, c in enumerate(cells):
            if not c:
                continue
            if "bắt đầu" in c:
                continue  # "Thời gian bắt đầu": the deadline is when it must be finished
            if re.fullmatch(r"(?:số\s+)?s?tt|số thứ tự", c) and "stt" not in cols:
                cols["stt"] = i
            elif "phối hợp" in c and "coord" not in cols:
                cols["coord"] = i
            elif "đánh giá" in c and "evaluate" not in cols:
                cols["evaluate"] = i
            elif "chủ trì" in c and "lead" not in cols:
                cols["lead"] = i
            elif re.search(r"(?:đơn vị|cơ quan|bộ phận)(?: \S+)? (?:thực hiện|phụ trách)|^(?:đơn vị|cơ quan)$", c):
                cols.setdefault("doer", i)  # "Đơn vị thực hiện": the lead when no column says "chủ trì"
            elif re.search(r"thời\s+(?:gian|hạn)|tiến độ|hoàn thành", c) and (
                    "deadline" not in cols or ("hoàn thành" in c and "hoàn thành" not in cells[cols["deadline"]])):
                cols["deadline"] = i
            elif re.search(r"sản phẩm|kết quả dự kiến", c) and "output" not in cols:
                cols["output"] = i
            elif "căn cứ" in c and "basis" not in cols:
                cols["basis"] = i
            elif re.search(r"nội dung|nhiệm vụ|công việc|tên chỉ tiêu", c) and "content" not in cols:
                cols["content"] = i
            elif "chỉ tiêu" in c and "content" not in cols and not re.search(r"năm|%|mục tiêu|giao", c):
                cols["content"] = i
            elif re.search(r"%|mục tiêu|chỉ tiêu|kế hoạch|giá trị|phấn đấu", c) and "target" not in cols:
                cols["target"] = i
        if "target" in cols and dated and cols["target"] not in dated:
            cols["target"] = dated[0]
        elif "target" in cols and re.search(r"đã đạt|ước", cells[cols["target"]]) and len(targets) > 1:
            cols["target"] = next(i for i in targets if i != cols["target"])
        doer = cols.pop("doer", None)
        if "lead" not in cols and doer is not None:
            cols["lead"] = doer
        if "content" in cols and "deadline" in cols:
            return Columns("tasks", header_row, **cols)
        if "content" in cols and "target" in cols:
            return Columns("kpis", header_row, **cols)
    return None


def _cell(cells: list[str], i: int | None) -> str:
    return cells[i].strip() if i is not None and i < len(cells) else ""


_TARGET_NUM = re.compile(r"(\d+(?:[.,]\d+)?)")


def read_target(text: str) -> tuple[float | None, str, str | None]:
    t = norm(text).lower()
    m = _TARGET_NUM.search(t)
    if not m:
        return None, "gte", f"Không đọc được chỉ tiêu «{text}»: ghi «target» và «comparison»."
    value = float(m.group(1).replace(",", "."))
    if re.search(r"không\s+(?:thấp|nhỏ|ít)\s+hơn|không\s+dưới|tối\s+thiểu|≥|>=", t):
        return value, "gte", None  # "không thấp hơn 70%": not lower than
    if re.search(r"không\s+(?:vượt\s+)?quá|tối\s+đa|≤|<=|dưới|nhỏ\s+hơn|thấp\s+hơn|không\s+cao\s+hơn", t):
        return value, "lte", None
    if re.search(r"(?<![<>≤≥])=(?!=)|\bbằng\b|\bđúng\b", t):
        return value, "eq", None
    return value, "gte", None


def table_items(builder: Builder, rows: list[Block], cols: Columns, section_hint: str, prefix: str = "") -> None:
    group = ""
    group_title = ""
    last_parent = ""
    count = 0
    for row in rows[cols.header_row + 1:]:
        cells = row.cells or []
        stt = _cell(cells, cols.stt if cols.stt is not None else 0).strip(" .")
        content = _cell(cells, cols.content)
        others = [c for i, c in enumerate(cells) if i not in (cols.stt, cols.content) and c]
        if re.fullmatch(r"[IVX]{1,5}", stt) or (stt == "" and content and not others and cols.stt is not None):
            group = stt
            group_title = content or next((c for c in cells if c and c != stt), "")
            count = 0
            continue
        if re.fullmatch(r"\d{1,3}", content or "") and all(re.fullmatch(r"\(?\d{1,2}\)?", c) for c in cells if c):
            continue  # the column-number row under a header ("(1) (2) (3)")
        if not content:
            continue
        count += 1
        if re.fullmatch(r"\d{1,3}(?:\.\d{1,2})*", stt):
            local = stt
            last_parent = stt
        elif re.fullmatch(r"[a-zđ]\)?", stt) and last_parent:
            local = f"{last_parent}.{_code_part('letter', stt.rstrip(')'))}"
        else:
            local = str(count)
        code = prefix + (f"{group}.{local}" if group else local)
        review = None if re.fullmatch(r"\d{1,3}(?:\.\d{1,2})*|[a-zđ]\)?", stt) else (
            f"Dòng bảng không có số thứ tự đọc được («{stt}»): đã đặt mã {code}.")
        if (row.table or 0) > PDF_TABLE_BASE:
            review = " ".join(x for x in (review, "Dòng bảng đọc từ PDF (không có ô, các cột liền nhau): kiểm tra nội "
                                          "dung, đơn vị chủ trì, phối hợp và thời hạn.") if x)
        if cols.kind == "kpis":
            _kpi_row(builder, row, cells, cols, code, group_title, review)
        else:
            _task_row(builder, row, cells, cols, code, prefix + group if group else section_hint, review)


def _task_row(builder: Builder, row: Block, cells: list[str], cols: Columns, code: str, section: str,
              review: str | None) -> None:
    content = _cell(cells, cols.content)
    lead_text = _cell(cells, cols.lead)
    leads, _new = builder.units_in_cell(lead_text, row) if lead_text else ([], False)
    coord, _ = builder.units_in_cell(_cell(cells, cols.coord), row) if _cell(cells, cols.coord) else ([], False)
    lead_review = None
    note = None
    if not leads:
        leads, coord2, note, lead_review = builder.leads_for(content, [])
        coord += [c for c in coord2 if c not in coord]
    elif ALL in leads or EVERY in leads or len(leads) > 1:
        note = f"«{lead_text}»: mỗi đơn vị có phần việc riêng."
        lead_review = f"Nhiệm vụ chung của «{lead_text}»: kiểm tra danh sách đơn vị chủ trì."
    deadline_cell = _cell(cells, cols.deadline)
    builder.add_task(code=code, section=section or code.rsplit(".", 1)[0], title=content, text=_tidy(content),
                     block=row, leads=leads, lead_note=note, lead_review=lead_review, coord=coord,
                     deadline_text=deadline_cell or content, strict=not deadline_cell,
                     output=_cell(cells, cols.output) or None, extra_review=review,
                     source_text=" | ".join(c.strip() for c in cells if c and c.strip()))  # the whole row


def _kpi_row(builder: Builder, row: Block, cells: list[str], cols: Columns, code: str, group_title: str,
             review: str | None) -> None:
    name = _cell(cells, cols.content).rstrip(" .")
    target_text = _cell(cells, cols.target)
    add_kpi(builder, row=row, code=code, group_title=group_title, name=name, target_text=target_text,
            lead_text=_cell(cells, cols.lead), eval_text=_cell(cells, cols.evaluate),
            basis=_cell(cells, cols.basis) or None, extra_review=review)


def add_kpi(builder: Builder, *, row: Block | None, code: str, group_title: str, name: str, target_text: str,
            lead_text: str, eval_text: str, basis: str | None, extra_review: str | None = None) -> None:
    reviews = [r for r in (extra_review,) if r]
    value, comparison, why = read_target(target_text)
    if why:
        reviews.append(why)
    leads, _ = builder.units_in_cell(lead_text, row) if lead_text else ([], False)
    if not leads:
        leads = ["TTPVHCC"]
        reviews.append("Không thấy đơn vị chủ trì chỉ tiêu: đã giao tạm Trung tâm Phục vụ hành chính công.")
    evaluating, _ = builder.units_in_cell(eval_text, row) if eval_text else ([], False)
    kpi: dict[str, Any] = {
        "code": re.sub(r"[^A-Za-z0-9._-]", "", code)[:40] or "CT",
        "group_title": _line(group_title or "Chỉ tiêu", 900),
        "name": _line(name, 900),
        "lead_units": builder.expand(leads),
        "evaluating_units": builder.expand(evaluating),
        "target": (int(value) if value == int(value) else value) if value is not None else 0,
        "comparison": comparison,
        "target_text": _line(target_text or "(không ghi)", 900),
        "unit_of_measure": "%",
        "window": "calendar_month",
    }
    if value is not None and value > 100:
        kpi["unit_of_measure"] = "chỉ tiêu"
        reviews.append("Chỉ tiêu lớn hơn 100: không phải tỷ lệ %, kiểm tra «unit_of_measure».")
    if basis:
        kpi["legal_basis"] = basis[:DESC_MAX]
    kpi["source"] = _source(row, " | ".join(x for x in (code, name, target_text, lead_text, eval_text) if x))
    if reviews:
        kpi["review"] = " ".join(reviews)
    if kpi["code"] in {k["code"] for k in builder.d.kpis}:
        kpi["code"] = f"{kpi['code']}-{len(builder.d.kpis) + 1}"
        kpi["review"] = (kpi.get("review", "") + " Mã chỉ tiêu bị trùng.").strip()
    builder.d.kpis.append(kpi)


_KPI_LINE = re.compile(r"^(?P<name>.+?)\s*:\s*(?P<target>[^():]*?\d[^():]*?)\s*(?:\((?P<units>[^)]*)\))?\s*[.;]?$")


def kpi_list(builder: Builder, blocks: list[Block]) -> None:
    """A KPI appendix written as a list: "1. Tỷ lệ …: tối thiểu 80% (chủ trì: …; đánh giá: …)."."""
    group, group_title = "", ""
    for b in blocks:
        kind, label, text = _classify(b)
        if kind == "roman":
            group, group_title = label, text
            continue
        if kind not in ("arabic", "dash", "plus", "plain"):
            continue
        m = _KPI_LINE.match(text)
        if not m or (kind == "plain" and not re.search(r"%", text)):
            if kind in ("arabic", "dash") and re.search(r"\d\s*%", text):
                add_kpi(builder, row=b, code=f"{group}.{label}" if group else (label or str(len(builder.d.kpis) + 1)),
                        group_title=group_title, name=text, target_text="", lead_text="", eval_text="", basis=None,
                        extra_review="Không tách được tên và chỉ tiêu của dòng này: kiểm tra.")
            continue
        units = m.group("units") or ""
        lead = re.search(r"chủ\s+trì\s*:\s*([^;]+)", units, re.I)
        ev = re.search(r"đánh\s+giá\s*:\s*([^;]+)", units, re.I)
        code = label or str(len(builder.d.kpis) + 1)
        add_kpi(builder, row=b, code=f"{group}.{code}" if group else code, group_title=group_title,
                name=m.group("name").strip(), target_text=m.group("target").strip(),
                lead_text=lead.group(1).strip() if lead else "", eval_text=ev.group(1).strip() if ev else "",
                basis=None)
