"""Build monthly_report.docx and annual_report.docx, the docxtpl templates of the monthly and annual reports.

Run it once after changing the layout, then commit both files:

    .venv/bin/python scripts/make_monthly_template.py

It is a development tool and does not ship in the package; the .docx it writes does.

The result is an ordinary Word file: it can be edited by hand in Word or
LibreOffice afterwards (keep each ``{{ ... }}`` / ``{%... %}`` tag in one run, i.e.
type it in one go without changing its formatting half-way). Layout per Nghị định
30/2020/NĐ-CP, Phụ lục I: A4, Times New Roman, margins 20/20/30/15 mm, the
two-column header, the title block, the signature block and "Nơi nhận".
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt

FONT = "Times New Roman"
OUT = Path(__file__).resolve().parent.parent / "tracker" / "reports" / "templates" / "monthly_report.docx"
ANNUAL_OUT = OUT.with_name("annual_report.docx")

CENTER = WD_ALIGN_PARAGRAPH.CENTER
JUSTIFY = WD_ALIGN_PARAGRAPH.JUSTIFY
LEFT = WD_ALIGN_PARAGRAPH.LEFT


def _fonts(rpr_owner: Any) -> None:
    """Set every script slot of the font, so Vietnamese never falls back to another face."""
    rpr = rpr_owner.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for slot in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(slot), FONT)


def par(container: Any, text: str = "", *, bold: bool = False, italic: bool = False, size: float = 14,
        align: Any = JUSTIFY, indent: bool = False, before: float = 0, after: float = 6, keep: bool = False) -> Any:
    """One paragraph with one run: a Jinja tag typed here stays in one run. `keep`: kept on the page of the
    paragraph (or table) after it, so a heading or a table's lead-in is never left alone at a page foot."""
    p = container.add_paragraph()
    p.alignment = align
    fmt = p.paragraph_format
    fmt.space_before, fmt.space_after = Pt(before), Pt(after)
    if keep:
        fmt.keep_with_next = True
    fmt.line_spacing = 1.0 if size < 13 else 1.15
    if indent:
        fmt.first_line_indent = Cm(1.0)
    if text:
        run = p.add_run(text)
        run.bold, run.italic = bold, italic
        run.font.size = Pt(size)
        run.font.name = FONT
        _fonts(run._r)
    return p


def rule(container: Any, left_cm: float, right_cm: float, after: float = 6) -> None:
    """The short rule under the authority name, the motto and the title: a bottom border on a
    2-point empty paragraph, so the text above keeps the full column width."""
    p = container.add_paragraph()
    fmt = p.paragraph_format
    fmt.space_before, fmt.space_after = Pt(0), Pt(after)
    fmt.line_spacing = Pt(2)
    fmt.left_indent, fmt.right_indent = Cm(left_cm), Cm(right_cm)
    ppr = p._p.get_or_add_pPr()
    bdr = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for k, v in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"), ("w:color", "000000")):
        bottom.set(qn(k), v)
    bdr.append(bottom)
    # pBdr must come before spacing/ind/jc in CT_PPr's sequence.
    ppr.insert(0, bdr) if ppr.find(qn("w:pStyle")) is None else ppr.insert(1, bdr)


def no_borders(table: Any) -> None:
    tblpr = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        el = OxmlElement(f"w:{edge}")
        el.set(qn("w:val"), "nil")
        borders.append(el)
    tblpr.append(borders)


def clear(cell: Any) -> Any:
    """A new cell holds one empty paragraph; remove it so ours come first."""
    for p in list(cell.paragraphs):
        p._p.getparent().remove(p._p)
    return cell


def set_widths(table: Any, widths_cm: list[float]) -> None:
    """Fixed column widths, written both to the grid (LibreOffice reads it) and to each cell (Word)."""
    table.autofit = False
    for col, w in zip(table.columns, widths_cm, strict=True):
        col.width = Cm(w)
    for row in table.rows:
        for cell, w in zip(row.cells, widths_cm, strict=True):
            cell.width = Cm(w)


def row_flag(row: Any, flag: str) -> None:
    """w:tblHeader (repeat on each page) or w:cantSplit (keep a row on one page)."""
    trpr = row._tr.get_or_add_trPr()
    el = OxmlElement(f"w:{flag}")
    el.set(qn("w:val"), "true")
    trpr.append(el)


def data_table(doc: Any, headers: list[str], fields: list[str], widths: list[float], loop: str,
               total_row: list[str] | None = None) -> None:
    """Header row, a `{%tr for %}` row, the data row, `{%tr endfor %}`, optionally a total row."""
    rows = 4 + (1 if total_row else 0)
    t = doc.add_table(rows=rows, cols=len(headers))
    t.style = "Table Grid"
    t.alignment = WD_TABLE_ALIGNMENT.CENTER
    row_flag(t.rows[0], "tblHeader")
    row_flag(t.rows[2], "cantSplit")  # docxtpl copies this row per item
    for cell, h in zip(t.rows[0].cells, headers, strict=True):
        par(clear(cell), h, bold=True, size=12, align=CENTER, after=0)
    par(clear(t.rows[1].cells[0]), f"{{%tr for row in {loop} %}}", size=12, after=0)
    for cell, f in zip(t.rows[2].cells, fields, strict=True):
        align = LEFT if f in ("name", "title", "unit", "value") else CENTER
        par(clear(cell), f"{{{{ row.{f} }}}}", size=12, align=align, after=0)
    par(clear(t.rows[3].cells[0]), "{%tr endfor %}", size=12, after=0)
    if total_row:
        for cell, text in zip(t.rows[4].cells, total_row, strict=True):
            par(clear(cell), text, bold=True, size=12, align=CENTER, after=0)
    for r in (1, 3):
        for cell in t.rows[r].cells[1:]:
            par(clear(cell), "", size=12, after=0)
    set_widths(t, widths)
    par(doc, "", size=6, after=0)


def heading(doc: Any, text: str, *, level: int = 1) -> Any:
    """A heading per ND 30/2020: "I. KẾT QUẢ THỰC HIỆN" (level 1, capitals) or "1. …" (level 2), bold, kept with
    the next paragraph."""
    return par(doc, text, bold=True, before=6 if level == 1 else 0, keep=True)


def _field_run(p: Any, instr: str, placeholder: str, size: float) -> None:
    """A complex field (w:fldChar begin / instrText / separate / result / end): Word and LibreOffice compute it."""
    def run() -> Any:
        r = p.add_run()
        r.font.size = Pt(size)
        r.font.name = FONT
        _fonts(r._r)
        return r

    begin = OxmlElement("w:fldChar")
    begin.set(qn("w:fldCharType"), "begin")
    run()._r.append(begin)
    text = OxmlElement("w:instrText")
    text.set(qn("xml:space"), "preserve")
    text.text = f" {instr} "
    run()._r.append(text)
    sep = OxmlElement("w:fldChar")
    sep.set(qn("w:fldCharType"), "separate")
    run()._r.append(sep)
    run().text = placeholder
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    run()._r.append(end)


def page_numbers(section: Any) -> None:
    """ND 30/2020 Phụ lục I: the page number in the header, centred, from the second page on (the first page
    has its own, empty header)."""
    section.different_first_page_header_footer = True
    header = section.header
    header.is_linked_to_previous = False
    p = header.paragraphs[0]
    p.alignment = CENTER
    _field_run(p, "PAGE", "2", 14)
    first = section.first_page_header
    first.is_linked_to_previous = False
    first.paragraphs[0].text = ""


def optional_table(doc: Any, condition: str, headers: list[str], fields: list[str], widths: list[float],
                   loop: str, total_row: list[str] | None = None) -> None:
    """A data table left out entirely when `condition` is false: no table without rows."""
    par(doc, f"{{%p if {condition} %}}", size=6, after=0)
    data_table(doc, headers, fields, widths, loop, total_row)
    par(doc, "{%p endif %}", size=6, after=0)


def front_matter() -> Any:
    """A4 page, fonts, page numbers, the two-column header and the title block of an ND 30 report."""
    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(20), Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    normal = doc.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(14)
    _fonts(normal.element)
    page_numbers(section)

    # Header: authority (left) and national title (right), no borders.
    head = doc.add_table(rows=1, cols=2)
    no_borders(head)
    left, right = (clear(c) for c in head.rows[0].cells)
    par(left, "ỦY BAN NHÂN DÂN", bold=True, size=13, align=CENTER, after=0)
    par(left, "{{ commune_upper }}", bold=True, size=13, align=CENTER, after=0)
    rule(left, 2.0, 2.0)
    par(left, "Số: .../BC-UBND", size=13, align=CENTER, after=0)
    par(right, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", bold=True, size=12, align=CENTER, after=0)
    par(right, "Độc lập - Tự do - Hạnh phúc", bold=True, size=13, align=CENTER, after=0)
    rule(right, 2.1, 2.1)
    par(right, "{{ place_date }}", italic=True, size=13, align=CENTER, after=0)
    set_widths(head, [6.0, 10.5])

    # Title block.
    par(doc, "BÁO CÁO", bold=True, size=14, align=CENTER, before=18, after=0)
    par(doc, "{{ summary }}", bold=True, size=14, align=CENTER, after=0)
    rule(doc, 6.0, 6.0, after=12)

    return doc


def signature(doc: Any) -> None:
    """Recipients (left) and the signer (right), no borders."""
    sig = doc.add_table(rows=1, cols=2)
    no_borders(sig)
    left, right = (clear(c) for c in sig.rows[0].cells)
    par(left, "Nơi nhận:", bold=True, italic=True, size=12, align=LEFT, before=6, after=0)
    par(left, "{%p for line in recipients %}", size=11, align=LEFT, after=0)
    par(left, "{{ line }}", size=11, align=LEFT, after=0)
    par(left, "{%p endfor %}", size=11, align=LEFT, after=0)
    par(right, "TM. ỦY BAN NHÂN DÂN", bold=True, size=14, align=CENTER, before=6, after=0)
    par(right, "CHỦ TỊCH", bold=True, size=14, align=CENTER, after=0)
    for _ in range(4):
        par(right, "", size=14, align=CENTER, after=0)
    par(right, "{{ chairman }}", bold=True, size=14, align=CENTER, after=0)
    set_widths(sig, [8.0, 8.5])


def build() -> Any:
    """The monthly report."""
    doc = front_matter()
    par(doc, "{{ intro }}", indent=True)

    heading(doc, "I. KẾT QUẢ THỰC HIỆN")
    heading(doc, "1. Tình hình thực hiện nhiệm vụ ({{ window }})", level=2)
    par(doc, "{{ result_sentence }}", indent=True)
    par(doc, "{%p if units %}", size=6, after=0)
    par(doc, "Kết quả theo đơn vị chủ trì (tỷ lệ tính trên tổng số nhiệm vụ có thời hạn của đơn vị):",
        italic=True, indent=True, keep=True)
    data_table(doc, ["STT", "Đơn vị chủ trì", "Tổng số", "Hoàn thành đúng hạn", "Hoàn thành quá hạn",
                     "Đang thực hiện trong hạn", "Quá hạn", "Thường xuyên"],
               ["stt", "name", "base", "done_on_time", "done_late", "in_progress", "overdue", "standing"],
               [1.2, 3.5, 1.4, 2.1, 2.1, 2.1, 2.0, 2.1], "units",
               total_row=["", "Toàn xã", "{{ total.base }}", "{{ total.done_on_time }}", "{{ total.done_late }}",
                          "{{ total.in_progress }}", "{{ total.overdue }}", "{{ total.standing }}"])
    par(doc, "{%p endif %}", size=6, after=0)
    par(doc, "{{ completed_sentence }}", indent=True, keep=True)
    optional_table(doc, "completed", ["STT", "Mã", "Nhiệm vụ", "Đơn vị chủ trì", "Hạn", "Ngày hoàn thành", "Kết quả"],
                   ["stt", "code", "title", "unit", "deadline", "completed_on", "result"],
                   [1.2, 1.9, 4.0, 2.6, 2.5, 2.5, 1.8], "completed")
    heading(doc, "2. Nhiệm vụ thường xuyên", level=2)
    par(doc, "{%p for line in standing %}")
    par(doc, "- {{ line }}", indent=True)
    par(doc, "{%p endfor %}")
    heading(doc, "3. Kết quả thực hiện các chỉ tiêu", level=2)
    par(doc, "{{ kpi_sentence }}", indent=True, keep=True)
    optional_table(doc, "kpis", ["STT", "Mã", "Chỉ tiêu", "{{ kpi_target_header }}", "Kỳ số liệu", "Kết quả",
                                 "Đánh giá"],
                   ["stt", "code", "name", "target", "window", "value", "state"],
                   [1.0, 1.3, 4.9, 2.0, 3.3, 2.2, 1.8], "kpis")

    heading(doc, "II. TỒN TẠI, HẠN CHẾ")
    par(doc, "{%p for line in shortcomings %}")
    par(doc, "- {{ line }}", indent=True)
    par(doc, "{%p endfor %}")
    par(doc, "{{ overdue_sentence }}", indent=True, keep=True)
    optional_table(doc, "overdue", ["STT", "Mã", "Nhiệm vụ", "Đơn vị chủ trì", "Hạn", "Quá hạn (ngày làm việc)"],
                   ["stt", "code", "title", "unit", "deadline", "days_overdue"],
                   [1.2, 2.3, 5.5, 3.2, 2.5, 1.8], "overdue")

    heading(doc, "III. NHIỆM VỤ TRỌNG TÂM THÁNG TỚI")
    par(doc, "{{ next_sentence }}", indent=True, keep=True)
    optional_table(doc, "next_month", ["STT", "Mã", "Nhiệm vụ", "Đơn vị chủ trì", "Hạn", "Thời hạn theo kế hoạch"],
                   ["stt", "code", "title", "unit", "deadline", "deadline_text"],
                   [1.2, 2.3, 5.0, 3.0, 2.5, 2.5], "next_month")
    par(doc, "{%p for line in directions %}")
    par(doc, "- {{ line }}", indent=True)
    par(doc, "{%p endfor %}")

    heading(doc, "IV. KIẾN NGHỊ, ĐỀ XUẤT")
    par(doc, "{%p for line in recommendations %}")
    par(doc, "{{ loop.index }}. {{ line }}", indent=True)
    par(doc, "{%p endfor %}")
    par(doc, "Trên đây là báo cáo kết quả thực hiện tháng {{ month_text }} của Ủy ban nhân dân {{ commune_name }}./.",
        indent=True)

    signature(doc)
    return doc


def build_annual() -> Any:
    """The annual report of a plan."""
    doc = front_matter()
    par(doc, "{{ intro }}", indent=True)

    heading(doc, "I. KẾT QUẢ THỰC HIỆN")
    heading(doc, "1. Tình hình thực hiện nhiệm vụ năm {{ year }}", level=2)
    par(doc, "{{ result_sentence }}", indent=True)
    par(doc, "{%p if units %}", size=6, after=0)
    par(doc, "Kết quả theo đơn vị chủ trì (tỷ lệ tính trên tổng số nhiệm vụ có thời hạn của đơn vị):",
        italic=True, indent=True, keep=True)
    data_table(doc, ["STT", "Đơn vị chủ trì", "Tổng số", "Hoàn thành đúng hạn", "Hoàn thành quá hạn",
                     "Đang thực hiện trong hạn", "Quá hạn", "Thường xuyên"],
               ["stt", "name", "base", "done_on_time", "done_late", "in_progress", "overdue", "standing"],
               [1.2, 3.5, 1.4, 2.1, 2.1, 2.1, 2.0, 2.1], "units",
               total_row=["", "Toàn xã", "{{ total.base }}", "{{ total.done_on_time }}", "{{ total.done_late }}",
                          "{{ total.in_progress }}", "{{ total.overdue }}", "{{ total.standing }}"])
    par(doc, "{%p endif %}", size=6, after=0)
    heading(doc, "2. Nhiệm vụ giao chung cho nhiều đơn vị", level=2)
    par(doc, "{{ shared_sentence }}", indent=True, keep=True)
    optional_table(doc, "shared", ["STT", "Mã", "Nhiệm vụ", "Đơn vị thực hiện", "Kết quả của đơn vị"],
                   ["stt", "code", "title", "unit", "result"], [1.2, 1.9, 6.0, 3.9, 3.5], "shared")
    heading(doc, "3. Nhiệm vụ thường xuyên", level=2)
    par(doc, "{%p for line in standing %}")
    par(doc, "- {{ line }}", indent=True)
    par(doc, "{%p endfor %}")
    heading(doc, "4. Kết quả thực hiện các chỉ tiêu", level=2)
    par(doc, "{{ kpi_sentence }}", indent=True, keep=True)
    optional_table(doc, "kpis", ["STT", "Mã", "Chỉ tiêu", "{{ kpi_target_header }}", "Kỳ số liệu", "Kết quả năm",
                                 "Cách tính", "Đánh giá"],
                   ["stt", "code", "name", "target", "window", "value", "method", "state"],
                   [0.9, 1.2, 3.9, 1.8, 2.9, 2.0, 2.2, 1.6], "kpis")

    heading(doc, "II. TỒN TẠI, HẠN CHẾ")
    par(doc, "{%p for line in shortcomings %}")
    par(doc, "- {{ line }}", indent=True)
    par(doc, "{%p endfor %}")
    par(doc, "{{ unfinished_sentence }}", indent=True, keep=True)
    optional_table(doc, "unfinished", ["STT", "Mã", "Nhiệm vụ", "Đơn vị chủ trì", "Hạn", "Kết quả"],
                   ["stt", "code", "title", "unit", "deadline", "result"],
                   [1.2, 2.3, 5.0, 3.0, 2.5, 2.5], "unfinished")

    heading(doc, "III. NHIỆM VỤ CHUYỂN SANG KẾ HOẠCH SAU")
    par(doc, "{{ carried_sentence }}", indent=True, keep=True)
    optional_table(doc, "carried", ["STT", "Mã", "Nhiệm vụ", "Đơn vị chủ trì", "Kết quả năm {{ year }}",
                                    "Mã trong kế hoạch sau", "Kế hoạch sau"],
                   ["stt", "code", "title", "unit", "result", "next_code", "next_plan"],
                   [1.0, 1.8, 4.2, 2.7, 2.3, 2.0, 2.5], "carried")

    heading(doc, "IV. KIẾN NGHỊ, ĐỀ XUẤT")
    par(doc, "{%p for line in recommendations %}")
    par(doc, "{{ loop.index }}. {{ line }}", indent=True)
    par(doc, "{%p endfor %}")
    par(doc, "Trên đây là báo cáo kết quả thực hiện năm {{ year }} của Ủy ban nhân dân {{ commune_name }}./.",
        indent=True)
    signature(doc)
    return doc


def main() -> None:
    build().save(str(OUT))
    print(OUT)
    build_annual().save(str(ANNUAL_OUT))
    print(ANNUAL_OUT)


if __name__ == "__main__":
    main()
