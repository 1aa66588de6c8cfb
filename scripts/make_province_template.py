"""Build province_report.docx, the docxtpl template of the province's roll-up of its communes' monthly reports.

Run it once after changing the layout, then commit both files:

    .venv/bin/python scripts/make_province_template.py

A development tool like scripts/make_monthly_template.py, whose helpers it uses (one run per Jinja tag, ND 30
header and rules, repeated table headers, page numbers from page 2). Layout per Nghị định 30/2020/NĐ-CP,
Phụ lục I, on a landscape A4 page, as ND 30 allows for a document made of a wide table: the authority (UBND tỉnh,
the reporting agency), the national title, the title block, the table of communes with the province's total, the
findings, every overdue item, the signature block and "Nơi nhận".
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from docx.enum.section import WD_ORIENT
from docx.oxml.ns import qn
from docx.shared import Cm, Mm

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from scripts.make_monthly_template import (
    CENTER,
    LEFT,
    clear,
    front_matter,
    heading,
    no_borders,
    optional_table,
    par,
    rule,
    set_widths,
)

OUT = Path(__file__).resolve().parent.parent / "tracker" / "reports" / "templates" / "province_report.docx"


def build() -> Any:
    doc = front_matter()
    section = doc.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Mm(297), Mm(210)
    # front_matter wrote a commune's authority ("ỦY BAN NHÂN DÂN" / "XÃ …"); a province agency reports here.
    head = doc.tables[0]
    left = clear(head.rows[0].cells[0])
    par(left, "UBND TỈNH {{ province_upper }}", size=13, align=CENTER, after=0)
    par(left, "{{ agency_upper }}", bold=True, size=13, align=CENTER, after=0)
    rule(left, 3.5, 3.5)
    par(left, "Số: .../BC-{{ agency_short }}", size=13, align=CENTER, after=0)
    right = clear(head.rows[0].cells[1])
    par(right, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", bold=True, size=12, align=CENTER, after=0)
    par(right, "Độc lập - Tự do - Hạnh phúc", bold=True, size=13, align=CENTER, after=0)
    rule(right, 4.6, 4.6)  # as long as the motto above it, on the wider landscape column
    par(right, "{{ place_date }}", italic=True, size=13, align=CENTER, after=0)
    set_widths(head, [10.0, 15.2])
    # The rule under the title: about a third of the title's line, on a landscape page too.
    title_rule = next(p for p in doc.paragraphs if p._p.pPr is not None and p._p.pPr.find(qn("w:pBdr")) is not None)
    title_rule.paragraph_format.left_indent = title_rule.paragraph_format.right_indent = Cm(10.0)

    par(doc, "{{ intro }}", indent=True)

    heading(doc, "I. KẾT QUẢ THỰC HIỆN CỦA CÁC XÃ")
    par(doc, "{{ result_sentence }}", indent=True)
    par(doc, "Kết quả theo xã (tỷ lệ tính trên số nhiệm vụ có thời hạn của xã; chỉ tiêu: đạt/chưa đạt/chưa có số "
             "liệu):", italic=True, indent=True, keep=True)
    optional_table(doc, "rows", ["STT", "Xã", "Tổng số", "Hoàn thành đúng hạn", "Hoàn thành quá hạn",
                                 "Đang thực hiện trong hạn", "Quá hạn", "Chỉ tiêu", "Quá hạn lâu nhất (ngày làm việc)"],
                   ["stt", "name", "base", "done_on_time", "done_late", "in_progress", "overdue", "kpis", "days"],
                   [1.2, 4.6, 1.8, 3.0, 3.0, 3.0, 3.0, 2.8, 2.8], "rows",
                   total_row=["", "Toàn tỉnh", "{{ total.base }}", "{{ total.done_on_time }}", "{{ total.done_late }}",
                              "{{ total.in_progress }}", "{{ total.overdue }}", "", ""])

    heading(doc, "II. NHẬN XÉT")
    par(doc, "{%p for line in findings %}")
    par(doc, "- {{ line }}", indent=True)
    par(doc, "{%p endfor %}")
    par(doc, "{{ overdue_sentence }}", indent=True, keep=True)
    optional_table(doc, "overdue", ["STT", "Xã", "Mã", "Nhiệm vụ", "Đơn vị chủ trì", "Hạn",
                                    "Quá hạn (ngày làm việc)"],
                   ["stt", "commune", "code", "title", "unit", "deadline", "days"],
                   [1.2, 3.6, 2.8, 8.0, 4.0, 3.2, 2.4], "overdue")
    par(doc, "Trên đây là báo cáo tổng hợp kết quả thực hiện tháng {{ month_text }} của {{ agency_name }}./.",
        indent=True)

    sig = doc.add_table(rows=1, cols=2)
    no_borders(sig)
    left, right = (clear(c) for c in sig.rows[0].cells)
    par(left, "Nơi nhận:", bold=True, italic=True, size=12, align=LEFT, before=6, after=0)
    par(left, "{%p for line in recipients %}", size=11, align=LEFT, after=0)
    par(left, "{{ line }}", size=11, align=LEFT, after=0)
    par(left, "{%p endfor %}", size=11, align=LEFT, after=0)
    par(right, "{{ signer_title }}", bold=True, size=14, align=CENTER, before=6, after=0)
    for _ in range(4):
        par(right, "", size=14, align=CENTER, after=0)
    par(right, "{{ signer }}", bold=True, size=14, align=CENTER, after=0)
    set_widths(sig, [12.0, 13.2])
    return doc


def main() -> None:
    build().save(str(OUT))
    print(OUT)


if __name__ == "__main__":
    main()
