"""Reading a plan document's text in document order: .docx (paragraphs and tables), .pdf (text layer), .txt/.md.

Each piece comes out as a `Block`: a paragraph, or a table row with its cells, with its place in the document
(1-based paragraph, table and row numbers, and the page for a PDF) for the draft's "source". Documents the
importer cannot read raise DocumentError with a Vietnamese message saying why and what to do.
"""

from __future__ import annotations

import re
import unicodedata
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tracker.errors import TrackerError

MAX_BYTES = 50_000_000
MAX_PAGES = 300  # a commune's plan runs to 10-60 pages; 300 leaves room for long appendices
MAX_BLOCKS = 40_000
_CFB = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # OLE compound file: an encrypted Office file, or an old .doc


class DocumentError(TrackerError):
    """A document the importer cannot read; `code`: document.empty, .not_a_plan, .corrupt, .encrypted,
    .scanned, .too_large, .unsupported."""

    def __init__(self, message: str, code: str) -> None:
        super().__init__(message, code=code)
        self.code = code


@dataclass
class Block:
    text: str
    source: dict[str, Any]
    cells: list[str] | None = None  # a table row
    table: int | None = None
    numbering: str = ""  # Word's automatic numbering, rendered ("a)", "1.", "-"), not part of the text
    extra_sources: list[dict[str, Any]] = field(default_factory=list)


def clean(text: str) -> str:
    text = unicodedata.normalize("NFC", text).replace("\u00a0", " ").replace("\u200b", "")
    text = re.sub(r"[\x00-\x08\x0b-\x1f\x7f]", " ", text)
    return re.sub(r"[ \t]+", " ", text).strip()


def read_blocks(path: Path) -> list[Block]:
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise DocumentError(f"Không tìm thấy tệp {path}.", "document.missing") from None
    except OSError:
        raise DocumentError(f"Không đọc được tệp {path}.", "document.unreadable") from None
    if path.is_dir():
        raise DocumentError(f"{path} là một thư mục, không phải văn bản kế hoạch.", "document.unsupported")
    if size > MAX_BYTES:
        raise DocumentError(f"Tệp {path.name} quá lớn ({size // 1_000_000} MB, tối đa {MAX_BYTES // 1_000_000} MB).",
                            "document.too_large")
    if size == 0:
        raise DocumentError(f"Tệp {path.name} trống: không có nội dung kế hoạch.", "document.empty")
    suffix = path.suffix.lower()
    with path.open("rb") as f:
        head = f.read(8)
    if suffix == ".docx":
        blocks = _docx(path, head)
    elif suffix == ".pdf":
        blocks = _pdf(path, head)
    elif suffix in (".txt", ".md", ".text", ".markdown"):
        blocks = _text(path)
    elif suffix == ".doc":
        raise DocumentError(f"{path.name} là tệp Word 97-2003 (.doc): mở bằng Word và lưu lại dạng .docx rồi nhập "
                            "lại.", "document.unsupported")
    else:
        raise DocumentError(f"Không đọc được loại tệp «{suffix or path.name}»: chỉ nhận .docx, .pdf, .txt, .md.",
                            "document.unsupported")
    if len(blocks) > MAX_BLOCKS:
        raise DocumentError(f"Văn bản {path.name} quá dài ({len(blocks)} đoạn, tối đa {MAX_BLOCKS}): hãy tách "
                            "phần kế hoạch ra tệp riêng.", "document.too_large")
    if not any(b.text for b in blocks):
        raise DocumentError(f"Văn bản {path.name} không có chữ nào: không có nội dung kế hoạch.", "document.empty")
    return blocks


# ------------------------------------------------------------------ plain text and Markdown

_MD_SEPARATOR = re.compile(r"^\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?$")


def _text(path: Path) -> list[Block]:
    raw = path.read_bytes()
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = raw.decode("utf-16")
    else:
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise DocumentError(f"Tệp {path.name} không phải văn bản UTF-8: mở bằng Notepad, chọn «Lưu thành» với "
                                "mã hóa UTF-8 rồi nhập lại.", "document.corrupt") from None
    if "\x00" in text:
        raise DocumentError(f"Tệp {path.name} không phải văn bản (có dữ liệu nhị phân).", "document.corrupt")
    markdown = path.suffix.lower() in (".md", ".markdown")
    blocks: list[Block] = []
    n = 0
    table = 0
    row = 0
    in_table = False
    for line in text.splitlines():
        if not line.strip():
            continue
        n += 1
        if markdown and _MD_SEPARATOR.match(line.strip()):
            continue
        if markdown and line.strip().startswith("|") and line.strip().endswith("|"):
            cells = [clean(_strip_md(c)) for c in line.strip()[1:-1].split("|")]
        elif "\t" in line:
            cells = [clean(_strip_md(c)) for c in line.split("\t")]
        else:
            cells = None
        if cells is not None:
            if not in_table:
                table += 1
                row = 0
                in_table = True
            row += 1
            blocks.append(Block(" ".join(c for c in cells if c), {"paragraph": n, "table": table, "row": row},
                                cells=cells, table=table))
            continue
        in_table = False
        stripped = line.strip()
        if markdown:
            stripped = re.sub(r"^#{1,6}\s+", "", stripped)
        blocks.append(Block(clean(_strip_md(stripped)), {"paragraph": n}))
    return blocks


def _strip_md(text: str) -> str:
    return re.sub(r"(\*\*|__|(?<![\w*])\*(?=\S)|(?<=\S)\*(?![\w*]))", "", text)


# ------------------------------------------------------------------ Word


def _docx(path: Path, head: bytes) -> list[Block]:
    if head.startswith(_CFB):
        raise DocumentError(f"{path.name} được bảo vệ bằng mật khẩu (hoặc là tệp .doc đổi tên): mở bằng Word, bỏ "
                            "mật khẩu (Tệp › Thông tin › Bảo vệ tài liệu) hoặc lưu lại dạng .docx, rồi nhập lại.",
                            "document.encrypted")
    if not zipfile.is_zipfile(path):
        raise DocumentError(f"{path.name} không phải tệp Word (.docx) hợp lệ (tệp hỏng hoặc sai đuôi): mở bằng Word "
                            "và lưu lại, rồi nhập lại.", "document.corrupt")
    try:
        import docx
        from docx.oxml.ns import qn

        document = docx.Document(str(path))
    except Exception:
        raise DocumentError(f"{path.name} không phải tệp Word (.docx) hợp lệ (tệp hỏng): mở bằng Word và lưu lại, "
                            "rồi nhập lại.", "document.corrupt") from None
    body_xml = document.element.body
    pages = 1 + sum(1 for br in body_xml.iter(qn("w:br")) if br.get(qn("w:type")) == "page") + sum(
        1 for _ in body_xml.iter(qn("w:pageBreakBefore")))
    if pages > MAX_PAGES:
        raise DocumentError(f"{path.name} có khoảng {pages} trang, quá {MAX_PAGES} trang cho phép: hãy tách riêng phần "
                            "kế hoạch (và phụ lục) rồi nhập lại.", "document.too_large")
    numbering = _Numbering(document)
    blocks: list[Block] = []
    para = 0
    table = 0
    body = document.element.body
    for child in body.iterchildren():
        if child.tag == qn("w:p"):
            para += 1
            text = _p_text(child, qn)
            if not text:
                continue
            blocks.append(Block(text, {"paragraph": para}, numbering=numbering.label(child)))
        elif child.tag == qn("w:tbl"):
            table += 1
            above: dict[int, str] = {}  # a cell merged down (vMerge) holds its text in the first row only
            for r, tr in enumerate(child.iter(qn("w:tr")), start=1):
                cells: list[str] = []
                for tc in tr.iter(qn("w:tc")):
                    span = tc.find(f"{qn('w:tcPr')}/{qn('w:gridSpan')}")
                    merge = tc.find(f"{qn('w:tcPr')}/{qn('w:vMerge')}")
                    text = clean("\n".join(_p_text(p, qn) for p in tc.iter(qn("w:p"))))
                    if merge is not None and merge.get(qn("w:val")) != "restart" and not text:
                        text = above.get(len(cells), "")
                    width = int(span.get(qn("w:val"))) if span is not None else 1
                    for k in range(width):
                        above[len(cells) + k] = text
                    cells += [text] * width
                if not any(cells):
                    continue
                blocks.append(Block(" ".join(c for c in cells if c), {"table": table, "row": r}, cells=cells,
                                    table=table))
        if len(blocks) > MAX_BLOCKS:
            break
    return blocks


def _p_text(p: Any, qn: Any) -> str:
    parts = []
    for el in p.iter(qn("w:t"), qn("w:tab"), qn("w:br")):
        parts.append(el.text or "" if el.tag == qn("w:t") else " ")
    return clean("".join(parts))


_ROMAN_NUM = [(1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"), (40, "XL"),
              (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")]
_LETTERS = "abcdđeghiklmnopqrstuvxy"  # Vietnamese plans number a) b) c) d) đ) e) …


def _roman(n: int) -> str:
    out = ""
    for value, sym in _ROMAN_NUM:
        while n >= value:
            out += sym
            n -= value
    return out


class _Numbering:
    """Word's automatic numbering (w:numPr), which is not in the paragraph's text: rendered from numbering.xml
    ("%1." decimal → "2.", lowerLetter "%2)" → "b)", bullets → "-"), counting as Word does."""

    def __init__(self, document: Any) -> None:
        from docx.oxml.ns import qn

        self.qn = qn
        self.levels: dict[str, dict[int, tuple[str, str, int]]] = {}
        self.counters: dict[str, list[int]] = {}
        self.styles: dict[str, tuple[str, int]] = {}
        try:
            part = document.part.numbering_part
        except Exception:
            return
        root = part.element
        abstract: dict[str, dict[int, tuple[str, str, int]]] = {}
        for a in root.iter(qn("w:abstractNum")):
            lv: dict[int, tuple[str, str, int]] = {}
            for lvl in a.iter(qn("w:lvl")):
                fmt = lvl.find(qn("w:numFmt"))
                txt = lvl.find(qn("w:lvlText"))
                start = lvl.find(qn("w:start"))
                lv[int(lvl.get(qn("w:ilvl")))] = (
                    fmt.get(qn("w:val")) if fmt is not None else "decimal",
                    txt.get(qn("w:val")) if txt is not None else "",
                    int(start.get(qn("w:val"))) if start is not None else 1)
            abstract[a.get(qn("w:abstractNumId"))] = lv
        for num in root.iter(qn("w:num")):
            ref = num.find(qn("w:abstractNumId"))
            if ref is not None:
                self.levels[num.get(qn("w:numId"))] = abstract.get(ref.get(qn("w:val")), {})
        try:
            for style in document.styles.element.iter(qn("w:style")):
                num_pr = style.find(f"{qn('w:pPr')}/{qn('w:numPr')}")
                if num_pr is not None:
                    nid = num_pr.find(qn("w:numId"))
                    ilvl = num_pr.find(qn("w:ilvl"))
                    if nid is not None:
                        self.styles[style.get(qn("w:styleId"))] = (
                            nid.get(qn("w:val")), int(ilvl.get(qn("w:val"))) if ilvl is not None else 0)
        except Exception:
            pass

    def label(self, p: Any) -> str:
        qn = self.qn
        num_pr = p.find(f"{qn('w:pPr')}/{qn('w:numPr')}")
        num_id: str | None = None
        ilvl = 0
        if num_pr is not None:
            nid = num_pr.find(qn("w:numId"))
            lvl = num_pr.find(qn("w:ilvl"))
            num_id = nid.get(qn("w:val")) if nid is not None else None
            ilvl = int(lvl.get(qn("w:val"))) if lvl is not None else 0
        else:
            style = p.find(f"{qn('w:pPr')}/{qn('w:pStyle')}")
            if style is not None and style.get(qn("w:val")) in self.styles:
                num_id, ilvl = self.styles[style.get(qn("w:val"))]
        if not num_id or num_id == "0" or num_id not in self.levels:
            return ""
        levels = self.levels[num_id]
        counters = self.counters.setdefault(num_id, [0] * 9)
        ilvl = max(0, min(ilvl, 8))
        counters[ilvl] += 1
        for deeper in range(ilvl + 1, 9):
            counters[deeper] = 0
        fmt, text, _start = levels.get(ilvl, ("decimal", f"%{ilvl + 1}.", 1))
        if fmt == "bullet" or not text:
            return "-"

        def render(m: re.Match[str]) -> str:
            i = int(m.group(1)) - 1
            f, _, start = levels.get(i, ("decimal", "", 1))
            n = counters[i] + start - 1 if i <= ilvl else start
            if f == "lowerLetter":
                return _LETTERS[(n - 1) % len(_LETTERS)]
            if f == "upperLetter":
                return _LETTERS[(n - 1) % len(_LETTERS)].upper()
            if f in ("upperRoman", "lowerRoman"):
                r = _roman(n)
                return r if f == "upperRoman" else r.lower()
            return str(n)

        return re.sub(r"%([1-9])", render, text)


# ------------------------------------------------------------------ PDF


def _pdf(path: Path, head: bytes) -> list[Block]:
    # pypdf logs what it repairs or cannot ("EOF marker not found") on stderr: the user reads our one line instead.
    import logging
    import warnings

    logger = logging.getLogger("pypdf")
    level = logger.level
    logger.setLevel(logging.CRITICAL + 1)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return _pdf_blocks(path, head)
    finally:
        logger.setLevel(level)


def _pdf_blocks(path: Path, head: bytes) -> list[Block]:
    if not head.startswith(b"%PDF"):
        raise DocumentError(f"{path.name} không phải tệp PDF hợp lệ (tệp hỏng hoặc sai đuôi).", "document.corrupt")
    try:
        from pypdf import PdfReader

        reader = PdfReader(str(path))
        if reader.is_encrypted:
            try:
                opened = bool(reader.decrypt(""))  # a PDF locked only against editing opens with no password
            except Exception:
                opened = False
            if not opened:
                raise DocumentError(f"{path.name} được bảo vệ bằng mật khẩu: xin bản không đặt mật khẩu (hoặc tệp "
                                    "Word) rồi nhập lại.", "document.encrypted")
        pages = len(reader.pages)
    except DocumentError:
        raise
    except Exception:
        raise DocumentError(f"{path.name} không phải tệp PDF hợp lệ (tệp hỏng): xin lại tệp hoặc bản Word rồi "
                            "nhập lại.", "document.corrupt") from None
    if pages > MAX_PAGES:
        raise DocumentError(f"{path.name} có {pages} trang, quá {MAX_PAGES} trang cho phép: hãy tách riêng phần "
                            "kế hoạch (và phụ lục) rồi nhập lại.", "document.too_large")
    blocks: list[Block] = []
    chars = 0
    for number, page in enumerate(reader.pages, start=1):
        try:
            text = page.extract_text() or ""
        except Exception:
            raise DocumentError(f"{path.name}: không đọc được trang {number} (tệp PDF hỏng).",
                                "document.corrupt") from None
        lines = [x for x in (clean(raw) for raw in text.splitlines()) if x]
        chars += sum(len(x) for x in lines)
        for line_no, line in enumerate(lines, start=1):
            if (line_no in (1, len(lines)) and number > 1
                    and re.fullmatch(r"(?:Trang\s+)?\d{1,3}(?:\s*/\s*\d{1,3})?", line, re.I)):
                continue  # a page number at the top or foot of a page (a lone "2" inside is a table's STT)
            blocks.append(Block(line, {"page": number, "paragraph": line_no}))
    if chars < 40 * max(1, pages) and chars < 400:
        raise DocumentError(f"{path.name} là bản quét (ảnh), không có lớp chữ để đọc: hãy xin tệp Word (.docx) của "
                            "văn bản, hoặc nhận dạng chữ (OCR) rồi nhập lại.", "document.scanned")
    return blocks
