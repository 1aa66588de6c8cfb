"""Write the plan-import fixtures that are binary: the .docx and the text PDF under tests/data/plans/, and the bad
inputs under tests/data/plans/bad/. Run again, it writes the same bytes (fixed dates in the documents and in the zip
entries, fixed salts for the encrypted files).

Dev tools, not dependencies of the package: fpdf2 (the PDFs), msoffcrypto-tool (the password-protected .docx), pypdf
(the encrypted PDF) and Pillow (the scanned page). python-docx is a dependency already.

    .venv/bin/pip install fpdf2 msoffcrypto-tool pypdf
    .venv/bin/python scripts/make_plan_fixtures.py

`plan_pages_text(pages)` and `write_long_docx(path, pages)` make the large documents of the bench and the tests
(100 and 500 pages) at run time; they need python-docx only.
"""

from __future__ import annotations

import io
import os
import random
import sys
import zipfile
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PLANS = ROOT / "tests" / "data" / "plans"
BAD = PLANS / "bad"
FIXED = datetime(2026, 3, 3, 8, 0, 0)
FONT_DIRS = [Path("/usr/share/fonts/truetype/dejavu")]

# ------------------------------------------------------------------ the .docx plan (tasks in an appendix table)

SUOI_DAU_HEADER = (
    ("ỦY BAN NHÂN DÂN\nXÃ SUỐI DẦU\n", "Số: 18/KH-UBND"),
    ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n", "Suối Dầu, ngày 12 tháng 02 năm 2026"),
)
SUOI_DAU_BODY = [
    ("title", "KẾ HOẠCH"),
    ("title", "Cải cách hành chính năm 2026 trên địa bàn xã Suối Dầu"),
    ("p", "Căn cứ Nghị quyết số 76/NQ-CP ngày 15/7/2021 của Chính phủ ban hành Chương trình tổng thể cải cách hành "
          "chính nhà nước giai đoạn 2021 - 2030;"),
    ("p", "Căn cứ Kế hoạch cải cách hành chính năm 2026 của UBND tỉnh Khánh Hòa;"),
    ("p", "Ủy ban nhân dân xã Suối Dầu ban hành Kế hoạch cải cách hành chính năm 2026 như sau:"),
    ("h", "I. MỤC ĐÍCH, YÊU CẦU"),
    ("p", "1. Mục đích: tiếp tục đẩy mạnh cải cách hành chính, xây dựng nền hành chính phục vụ, chuyên nghiệp, hiện "
          "đại; nâng cao Chỉ số cải cách hành chính và mức độ hài lòng của người dân, doanh nghiệp."),
    ("p", "2. Yêu cầu: xác định rõ nhiệm vụ, thời gian hoàn thành, sản phẩm và trách nhiệm của từng cơ quan, đơn vị."),
    ("h", "II. NHIỆM VỤ TRỌNG TÂM"),
    ("p", "Các nhiệm vụ cải cách hành chính năm 2026 của xã được phân công cụ thể tại Phụ lục I; các chỉ tiêu tại Phụ "
          "lục II kèm theo Kế hoạch này."),
    ("h", "III. TỔ CHỨC THỰC HIỆN"),
    ("p", "1. Văn phòng HĐND và UBND xã chủ trì theo dõi, đôn đốc, tổng hợp báo cáo kết quả thực hiện Kế hoạch định kỳ "
          "6 tháng, năm gửi Sở Nội vụ."),
    ("p", "2. Các phòng chuyên môn, Trung tâm Phục vụ hành chính công căn cứ nhiệm vụ được giao tại Phụ lục I chủ động "
          "triển khai thực hiện; báo cáo kết quả về Văn phòng HĐND và UBND xã khi có yêu cầu./."),
]
SUOI_DAU_SIGN = (
    "Nơi nhận:\n- Sở Nội vụ;\n- TT. Đảng ủy, TT. HĐND xã;\n- Các cơ quan, đơn vị thuộc xã;\n- Lưu: VT, VP.",
    "KT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\n\n\n\nNguyễn Thị Hạnh",
)
TASK_COLUMNS = ("STT", "Nội dung nhiệm vụ", "Cơ quan chủ trì", "Cơ quan phối hợp", "Thời gian hoàn thành", "Sản phẩm")
# A group row is (roman, title); a task row is (stt, content, lead, coordinating, deadline, product).
SUOI_DAU_TASKS: list[tuple[str, ...]] = [
    ("I", "Cải cách thể chế"),
    ("1", "Rà soát, hệ thống hóa văn bản quy phạm pháp luật do HĐND, UBND xã ban hành",
     "Văn phòng HĐND và UBND xã", "Các phòng chuyên môn", "Trước ngày 31/3/2026", "Báo cáo kết quả rà soát"),
    ("2", "Theo dõi tình hình thi hành pháp luật trên địa bàn xã", "Phòng VH-XH", "Công an xã", "Quý IV/2026",
     "Báo cáo theo dõi thi hành pháp luật"),
    ("II", "Cải cách thủ tục hành chính"),
    ("1", "Công bố, công khai TTHC thuộc thẩm quyền giải quyết của xã tại Trung tâm Phục vụ hành chính công và trên "
          "Trang thông tin điện tử của xã", "TT PVHCC", "VP HĐND-UBND", "Thường xuyên",
     "Danh mục TTHC được niêm yết, công khai"),
    ("2", "Rà soát, đề xuất phương án đơn giản hóa TTHC thuộc lĩnh vực phụ trách", "Các phòng chuyên môn",
     "Trung tâm Phục vụ hành chính công", "Chậm nhất ngày 15/11/2026", "Phương án đơn giản hóa TTHC"),
    ("3", "Tiếp nhận, xử lý phản ánh, kiến nghị của cá nhân, tổ chức về quy định hành chính",
     "Văn phòng HĐND và UBND xã", "Các phòng chuyên môn", "Khi có phản ánh, kiến nghị",
     "Văn bản trả lời phản ánh, kiến nghị"),
    ("4", "Báo cáo tình hình, kết quả giải quyết TTHC", "Trung tâm Phục vụ hành chính công", "Các phòng chuyên môn",
     "Hàng quý", "Báo cáo quý"),
    ("III", "Cải cách tổ chức bộ máy"),
    ("1", "Rà soát chức năng, nhiệm vụ, vị trí việc làm của các phòng chuyên môn sau sắp xếp",
     "Phòng Văn hóa - Xã hội", "Các phòng chuyên môn", "Tháng 6/2026", "Đề án vị trí việc làm"),
    ("2", "Đánh giá, xếp loại chất lượng cán bộ, công chức năm 2026", "Phòng VH-XH", "Các phòng chuyên môn",
     "Tháng 12/2026", "Kết quả đánh giá, xếp loại"),
    ("IV", "Xây dựng chính quyền số"),
    ("1", "Số hóa hồ sơ, kết quả giải quyết TTHC", "Trung tâm Phục vụ hành chính công", "Các phòng chuyên môn",
     "Hàng tháng", "Báo cáo tỷ lệ số hóa"),
    ("2", "Triển khai dịch vụ công trực tuyến toàn trình, hướng dẫn người dân thực hiện", "TT PVHCC",
     "Công an xã; Đoàn Thanh niên xã", "Quý II/2026", "Hồ sơ trực tuyến toàn trình"),
    ("3", "Bảo đảm an toàn thông tin mạng cho các hệ thống thông tin của xã", "Văn phòng HĐND và UBND xã",
     "Công an xã", "Năm 2026", "Hồ sơ đề xuất cấp độ an toàn hệ thống thông tin"),
    ("4", "Tuyên truyền về cải cách hành chính, chuyển đổi số trên hệ thống truyền thanh xã",
     "Phòng Văn hóa - Xã hội", "Đoàn Thanh niên xã", "Hàng quý", "Tin, bài tuyên truyền"),
    ("5", "Khai thác, sử dụng Hệ thống quản lý văn bản và điều hành; ký số văn bản đi",
     "Các phòng chuyên môn, Trung tâm Phục vụ hành chính công", "", "Thường xuyên",
     "Văn bản điện tử có ký số"),
    ("6", "Hoàn thiện cơ sở dữ liệu đất đai của xã", "Phòng Kinh tế", "Văn phòng HĐND và UBND xã",
     "Trước ngày 15 tháng 12 năm 2026", "Cơ sở dữ liệu đất đai"),
]
KPI_COLUMNS = ("STT", "Chỉ tiêu", "Cơ quan chủ trì", "Cơ quan đánh giá", "Chỉ tiêu năm 2026", "Căn cứ")
SUOI_DAU_KPIS: list[tuple[str, ...]] = [
    ("I", "Chỉ tiêu về giải quyết thủ tục hành chính"),
    ("1", "Tỷ lệ hồ sơ TTHC được giải quyết đúng hạn", "Trung tâm Phục vụ hành chính công",
     "Văn phòng HĐND và UBND xã", "100%", "Nghị quyết số 76/NQ-CP"),
    ("2", "Tỷ lệ hồ sơ TTHC được tiếp nhận trực tuyến", "Trung tâm Phục vụ hành chính công",
     "Văn phòng HĐND và UBND xã", "Tối thiểu 80%", "Nghị quyết số 01/NQ-CP"),
    ("3", "Tỷ lệ hồ sơ TTHC giải quyết quá hạn", "Trung tâm Phục vụ hành chính công", "Văn phòng HĐND và UBND xã",
     "Không quá 5%", "Nghị quyết số 76/NQ-CP"),
    ("II", "Chỉ tiêu về chính quyền số"),
    ("1", "Mức độ hài lòng của người dân, doanh nghiệp", "Trung tâm Phục vụ hành chính công",
     "Phòng Văn hóa - Xã hội", "≥ 90%", "Quyết định số 766/QĐ-TTg"),
    ("2", "Tỷ lệ văn bản đi được ký số", "Văn phòng HĐND và UBND xã", "", "95", "Nghị quyết số 01/NQ-CP"),
]


def _docx_fixed(doc: object) -> None:
    props = doc.core_properties  # type: ignore[attr-defined]
    props.author = "UBND xã"
    props.last_modified_by = "UBND xã"
    props.created = FIXED
    props.modified = FIXED
    props.last_printed = FIXED
    props.revision = 1


def _save_docx(doc: object, path: Path) -> None:
    """Save with every zip entry dated FIXED, so the same document gives the same bytes."""
    raw = io.BytesIO()
    doc.save(raw)  # type: ignore[attr-defined]
    path.write_bytes(_fixed_zip(raw.getvalue()))


def _fixed_zip(data: bytes) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=FIXED.timetuple()[:6])
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            dst.writestr(fixed, src.read(info.filename))
    return out.getvalue()


def _cell_lines(cell: object, text: str, bold: bool = False) -> None:
    lines = text.split("\n")
    par = cell.paragraphs[0]  # type: ignore[attr-defined]
    par.add_run(lines[0]).bold = bold
    for line in lines[1:]:
        cell.add_paragraph().add_run(line).bold = bold  # type: ignore[attr-defined]


def _table(doc: object, columns: tuple[str, ...], rows: list[tuple[str, ...]]) -> None:
    table = doc.add_table(rows=1, cols=len(columns))  # type: ignore[attr-defined]
    table.style = "Table Grid"
    for cell, name in zip(table.rows[0].cells, columns, strict=True):
        _cell_lines(cell, name, bold=True)
    for row in rows:
        cells = table.add_row().cells
        if len(row) == 2:  # a group row: the roman number, then its title across the other columns
            _cell_lines(cells[0], row[0], bold=True)
            merged = cells[1].merge(cells[-1])
            _cell_lines(merged, row[1], bold=True)
            continue
        for cell, value in zip(cells, row, strict=True):
            if value:
                _cell_lines(cell, value)


def write_suoi_dau(path: Path) -> None:
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK

    doc = Document()
    _docx_fixed(doc)
    head = doc.add_table(rows=1, cols=2)
    for cell, (top, bottom) in zip(head.rows[0].cells, SUOI_DAU_HEADER, strict=True):
        _cell_lines(cell, top, bold=True)
        cell.add_paragraph(bottom)
    for kind, text in SUOI_DAU_BODY:
        par = doc.add_paragraph()
        run = par.add_run(text)
        if kind in ("title", "h"):
            run.bold = True
        if kind == "title":
            par.alignment = WD_ALIGN_PARAGRAPH.CENTER
    sign = doc.add_table(rows=1, cols=2)
    _cell_lines(sign.rows[0].cells[0], SUOI_DAU_SIGN[0])
    _cell_lines(sign.rows[0].cells[1], SUOI_DAU_SIGN[1], bold=True)

    doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    for text in ("Phụ lục I", "DANH MỤC NHIỆM VỤ CẢI CÁCH HÀNH CHÍNH NĂM 2026",
                 "(Kèm theo Kế hoạch số 18/KH-UBND ngày 12/02/2026 của UBND xã Suối Dầu)"):
        par = doc.add_paragraph()
        par.add_run(text).bold = not text.startswith("(")
        par.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _table(doc, TASK_COLUMNS, SUOI_DAU_TASKS)

    doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    for text in ("Phụ lục II", "CHỈ TIÊU CẢI CÁCH HÀNH CHÍNH NĂM 2026 CỦA XÃ SUỐI DẦU",
                 "(Kèm theo Kế hoạch số 18/KH-UBND ngày 12/02/2026 của UBND xã Suối Dầu)"):
        par = doc.add_paragraph()
        par.add_run(text).bold = not text.startswith("(")
        par.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _table(doc, KPI_COLUMNS, SUOI_DAU_KPIS)
    _save_docx(doc, path)


# ------------------------------------------------------------------ a second .docx (held out: written after the
# importer was tuned on the others): Word's own bullets (List Bullet), a task table in the body, "(Đã ký)"

DIEN_LAM_HEADER = (
    ("ỦY BAN NHÂN DÂN\nXÃ DIÊN LÂM\n", "Số: 21 /KH-UBND"),
    ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n", "Diên Lâm, ngày 09 tháng 01 năm 2026"),
)
# (kind, text): "title", "h" (bold heading), "p", "bullet" (Word's List Bullet style), "table", "kpis", "sign"
DIEN_LAM_BODY: list[tuple[str, str]] = [
    ("title", "KẾ HOẠCH"),
    ("title", "Tuyên truyền cải cách hành chính và chuyển đổi số năm 2026"),
    ("p", "Căn cứ Kế hoạch cải cách hành chính năm 2026 của UBND xã Diên Lâm, UBND xã ban hành Kế hoạch tuyên truyền "
          "cải cách hành chính và chuyển đổi số năm 2026 như sau:"),
    ("h", "I. MỤC ĐÍCH, YÊU CẦU"),
    ("bullet", "Nâng cao nhận thức của cán bộ, công chức và người dân về cải cách hành chính, chuyển đổi số."),
    ("bullet", "Công tác tuyên truyền bảo đảm thiết thực, hiệu quả, phù hợp với từng đối tượng."),
    ("h", "II. NỘI DUNG, HÌNH THỨC TUYÊN TRUYỀN"),
    ("h", "1. Nội dung tuyên truyền"),
    ("bullet", "Các chủ trương của Đảng, chính sách của Nhà nước về cải cách hành chính, chuyển đổi số."),
    ("bullet", "Kết quả giải quyết thủ tục hành chính, dịch vụ công trực tuyến trên địa bàn xã."),
    ("h", "2. Hình thức tuyên truyền"),
    ("bullet", "Trên hệ thống truyền thanh xã, Trang thông tin điện tử của xã."),
    ("bullet", "Qua mạng xã hội, nhóm Zalo của các thôn."),
    ("h", "III. NHIỆM VỤ VÀ PHÂN CÔNG THỰC HIỆN"),
    ("table", ""),
    ("h", "IV. TỔ CHỨC THỰC HIỆN"),
    ("p", "1. Phòng Văn hóa - Xã hội:"),
    ("bullet", "Chủ trì, hướng dẫn, theo dõi việc thực hiện Kế hoạch; thực hiện thường xuyên."),
    ("bullet", "Tổng hợp kết quả thực hiện, báo cáo Chủ tịch UBND xã trước ngày 05 tháng 12 năm 2026."),
    ("p", "2. Các phòng chuyên môn, Trung tâm Phục vụ hành chính công xã lồng ghép nội dung tuyên truyền cải cách "
          "hành chính trong các hoạt động chuyên môn; thực hiện thường xuyên."),
    ("p", "3. Kinh phí thực hiện Kế hoạch được bố trí từ nguồn ngân sách xã năm 2026./."),
    ("sign", "KT. CHỦ TỊCH"),
    ("sign", "PHÓ CHỦ TỊCH"),
    ("sign", "(Đã ký)"),
    ("sign", "Hồ Thị Mai"),
    ("h", "PHỤ LỤC"),
    ("h", "CHỈ TIÊU TUYÊN TRUYỀN CẢI CÁCH HÀNH CHÍNH NĂM 2026"),
    ("kpis", ""),
]
DIEN_LAM_COLUMNS = ("STT", "Nhiệm vụ", "Cơ quan, đơn vị chủ trì", "Đơn vị phối hợp", "Thời hạn", "Kết quả, sản phẩm")
DIEN_LAM_TASKS: list[tuple[str, ...]] = [
    ("1", "Xây dựng chuyên mục «Cải cách hành chính» trên Trang thông tin điện tử của xã", "VP HĐND&UBND xã",
     "Phòng VH-XH", "Trước ngày 28/02/2026", "Chuyên mục được đăng tải"),
    ("2", "Phát thanh tin, bài về cải cách hành chính, chuyển đổi số trên hệ thống truyền thanh xã",
     "Phòng Văn hóa - Xã hội", "", "Định kỳ hằng tháng", "Tin, bài phát thanh"),
    ("3", "Tuyên truyền Đề án 06, hướng dẫn sử dụng ứng dụng VNeID tại các thôn", "Công an xã",
     "Phòng VH-XH; các thôn", "Hằng quý", "Buổi tuyên truyền tại thôn"),
    ("4", "Hướng dẫn người dân sử dụng dịch vụ công trực tuyến tại Trung tâm Phục vụ hành chính công",
     "TTPVHCC xã", "", "Thường xuyên", "Người dân được hướng dẫn"),
    ("4.1", "Bố trí máy tính, nhân lực hỗ trợ người dân tại khu vực tiếp nhận hồ sơ", "TTPVHCC xã",
     "VP HĐND&UBND xã", "Trong Quý I/2026", "Khu vực hỗ trợ được bố trí"),
    ("5", "Tổ chức Hội thi «Tìm hiểu về cải cách hành chính» cho đoàn viên, hội viên", "Phòng Văn hóa - Xã hội",
     "Đoàn Thanh niên xã, Hội Liên hiệp Phụ nữ xã", "Quý III năm 2026", "Hội thi được tổ chức"),
    ("6", "Khảo sát mức độ hài lòng của người dân đối với sự phục vụ của cơ quan hành chính",
     "Văn phòng HĐND và UBND xã", "Trung tâm Phục vụ hành chính công", "Tháng 10/2026", "Báo cáo kết quả khảo sát"),
    ("7", "Báo cáo kết quả công tác tuyên truyền cải cách hành chính", "Phòng VH-XH", "Các phòng chuyên môn",
     "6 tháng, năm", "Báo cáo 6 tháng, năm"),
    ("8", "Cập nhật, công khai thủ tục hành chính mới ban hành", "TTPVHCC xã", "",
     "Ngay sau khi có quyết định công bố của UBND tỉnh", "Thủ tục hành chính được công khai"),
]
DIEN_LAM_KPI_COLUMNS = ("STT", "Chỉ tiêu", "Đơn vị chủ trì", "Đơn vị đánh giá", "Mục tiêu năm 2026")
DIEN_LAM_KPIS: list[tuple[str, ...]] = [
    ("1", "Tỷ lệ người dân được tiếp cận thông tin về cải cách hành chính", "Phòng Văn hóa - Xã hội",
     "Văn phòng HĐND và UBND xã", "Đạt 100%"),
    ("2", "Tỷ lệ người dân trưởng thành sử dụng dịch vụ công trực tuyến", "Trung tâm Phục vụ hành chính công", "",
     "Không thấp hơn 70%"),
    ("3", "Tỷ lệ phản ánh, kiến nghị về thái độ phục vụ của công chức", "Trung tâm Phục vụ hành chính công",
     "Văn phòng HĐND và UBND xã", "Không quá 1%"),
    ("4", "Mức độ hài lòng của người dân đối với sự phục vụ của cơ quan hành chính", "Văn phòng HĐND và UBND xã", "",
     "≥ 95%"),
]


def write_dien_lam(path: Path) -> None:
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    doc = Document()
    _docx_fixed(doc)
    head = doc.add_table(rows=1, cols=2)
    for cell, (top, bottom) in zip(head.rows[0].cells, DIEN_LAM_HEADER, strict=True):
        _cell_lines(cell, top, bold=True)
        cell.add_paragraph(bottom)
    for kind, text in DIEN_LAM_BODY:
        if kind == "table":
            _table(doc, DIEN_LAM_COLUMNS, DIEN_LAM_TASKS)
            continue
        if kind == "kpis":
            _table(doc, DIEN_LAM_KPI_COLUMNS, DIEN_LAM_KPIS)
            continue
        par = doc.add_paragraph(style="List Bullet" if kind == "bullet" else None)
        run = par.add_run(text)
        run.bold = kind in ("title", "h", "sign") and text != "(Đã ký)"
        run.italic = text == "(Đã ký)"
        if kind == "title":
            par.alignment = WD_ALIGN_PARAGRAPH.CENTER
        if kind == "sign":
            par.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    _save_docx(doc, path)


# ------------------------------------------------------------------ a .docx numbered by Word itself (held out)

VAN_NINH_HEADER = (
    ("ỦY BAN NHÂN DÂN\nXÃ VẠN NINH\n", "Số: 09/KH-UBND"),
    ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n", "Vạn Ninh, ngày 02 tháng 4 năm 2026"),
)
# (level, text): level 0-3 are Word's automatic numbering I. / 1. / a) / -, typed nowhere in the text; None: plain.
VAN_NINH_BODY: list[tuple[int | None, str]] = [
    (None, "KẾ HOẠCH"),
    (None, "Thực hiện cơ chế một cửa, một cửa liên thông trong giải quyết thủ tục hành chính năm 2026"),
    (None, "Thực hiện Nghị định số 118/2025/NĐ-CP ngày 09/6/2025 của Chính phủ về thực hiện thủ tục hành chính "
           "theo cơ chế một cửa, một cửa liên thông, Ủy ban nhân dân xã Vạn Ninh ban hành Kế hoạch như sau:"),
    (0, "MỤC ĐÍCH, YÊU CẦU"),
    (None, "Bảo đảm thủ tục hành chính được tiếp nhận, giải quyết công khai, minh bạch, đúng hạn; lấy sự hài lòng của "
           "người dân, tổ chức làm thước đo chất lượng phục vụ."),
    (0, "NHIỆM VỤ TRỌNG TÂM"),
    (1, "Tiếp nhận, giải quyết thủ tục hành chính"),
    (2, "Trung tâm Phục vụ hành chính công xã:"),
    (3, "Tiếp nhận hồ sơ, trả kết quả giải quyết thủ tục hành chính đúng quy trình, đúng hạn; thực hiện thường "
        "xuyên."),
    (3, "Triển khai tiếp nhận hồ sơ thủ tục hành chính không phụ thuộc địa giới hành chính trong phạm vi tỉnh; hoàn "
        "thành trước ngày 01/7/2026."),
    (2, "Các phòng chuyên môn thuộc UBND xã:"),
    (3, "Cử công chức có đủ năng lực làm việc tại Trung tâm Phục vụ hành chính công xã khi có yêu cầu."),
    (3, "Giải quyết hồ sơ đúng quy trình nội bộ đã được công bố; thực hiện thường xuyên."),
    (1, "Kiểm tra, giám sát"),
    (2, "Văn phòng HĐND và UBND xã chủ trì, phối hợp với Công an xã kiểm tra việc thực hiện cơ chế một cửa tại Trung "
        "tâm Phục vụ hành chính công xã; trong quý 3 năm 2026."),
    (2, "Phòng Văn hóa - Xã hội tổng hợp kết quả đánh giá việc giải quyết thủ tục hành chính, báo cáo UBND xã định kỳ "
        "6 tháng, năm."),
    (1, "Ứng dụng công nghệ thông tin"),
    (3, "Văn phòng HĐND và UBND xã nâng cấp đường truyền Internet, trang bị máy quét tài liệu cho Trung tâm Phục vụ "
        "hành chính công xã; trong tháng 5/2026."),
    (3, "Trung tâm Phục vụ hành chính công xã cập nhật kết quả giải quyết hồ sơ lên Cổng Dịch vụ công quốc gia ngay "
        "sau khi trả kết quả."),
    (3, "Ban Chỉ huy quân sự xã công khai thủ tục hành chính về đăng ký nghĩa vụ quân sự trên Trang thông tin điện "
        "tử của xã; 6 tháng đầu năm 2026."),
    (0, "TỔ CHỨC THỰC HIỆN"),
    (1, "Trung tâm Phục vụ hành chính công xã là đầu mối tổng hợp, báo cáo Chủ tịch UBND xã kết quả thực hiện Kế "
        "hoạch hằng tháng."),
    (1, "Các cơ quan, đơn vị thuộc xã triển khai thực hiện Kế hoạch; trong quá trình thực hiện nếu có vướng mắc, "
        "báo cáo về Trung tâm Phục vụ hành chính công xã để tổng hợp./."),
]
VAN_NINH_SIGN = (
    "Nơi nhận:\n- Sở Nội vụ;\n- TT. Đảng ủy, TT. HĐND xã;\n- Lưu: VT, TTPVHCC.",
    "TM. ỦY BAN NHÂN DÂN\nKT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\n\n\nTrương Công Định",
)
_VAN_NINH_LEVELS = (("upperRoman", "%1."), ("decimal", "%2."), ("lowerLetter", "%3)"), ("bullet", "-"))


def _add_numbering(doc: object, num_id: int) -> None:
    """A multilevel list in numbering.xml (I. / 1. / a) / -), as Word writes one for numbered headings."""
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls, qn

    levels = "".join(
        f'<w:lvl w:ilvl="{i}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/><w:lvlText w:val="{text}"/>'
        f'<w:lvlJc w:val="left"/><w:pPr><w:ind w:left="{360 * (i + 1)}" w:hanging="360"/></w:pPr></w:lvl>'
        for i, (fmt, text) in enumerate(_VAN_NINH_LEVELS))
    numbering = doc.part.numbering_part.element  # type: ignore[attr-defined]
    abstract = parse_xml(f'<w:abstractNum {nsdecls("w")} w:abstractNumId="{num_id}">'
                         f'<w:multiLevelType w:val="multilevel"/>{levels}</w:abstractNum>')
    first_num = numbering.find(qn("w:num"))
    if first_num is not None:
        first_num.addprevious(abstract)
    else:
        numbering.append(abstract)
    numbering.append(parse_xml(f'<w:num {nsdecls("w")} w:numId="{num_id}"><w:abstractNumId w:val="{num_id}"/>'
                               "</w:num>"))


def write_van_ninh(path: Path) -> None:
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    doc = Document()
    _docx_fixed(doc)
    num_id = 90
    _add_numbering(doc, num_id)
    head = doc.add_table(rows=1, cols=2)
    for cell, (top, bottom) in zip(head.rows[0].cells, VAN_NINH_HEADER, strict=True):
        _cell_lines(cell, top, bold=True)
        cell.add_paragraph(bottom)
    for number, (level, text) in enumerate(VAN_NINH_BODY):
        par = doc.add_paragraph()
        run = par.add_run(text)
        if number < 2:
            run.bold = True
            par.alignment = WD_ALIGN_PARAGRAPH.CENTER
        if level is not None:
            run.bold = level < 2
            par._p.get_or_add_pPr().append(parse_xml(
                f'<w:numPr {nsdecls("w")}><w:ilvl w:val="{level}"/><w:numId w:val="{num_id}"/></w:numPr>'))
    sign = doc.add_table(rows=1, cols=2)
    _cell_lines(sign.rows[0].cells[0], VAN_NINH_SIGN[0])
    _cell_lines(sign.rows[0].cells[1], VAN_NINH_SIGN[1], bold=True)
    _save_docx(doc, path)


# ------------------------------------------------------------------ a decision with its plan attached (held out):
# a task table with a two-row header (Chủ trì | Phối hợp, Bắt đầu | Hoàn thành) and a lead cell merged down three rows

NINH_TAY_HEADER = (
    ("ỦY BAN NHÂN DÂN\nXÃ NINH TÂY\n", "Số: 35/QĐ-UBND"),
    ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n", "Ninh Tây, ngày 20 tháng 01 năm 2026"),
)
NINH_TAY_DECISION = [
    ("title", "QUYẾT ĐỊNH"),
    ("title", "Ban hành Kế hoạch phát triển kinh tế số, xã hội số năm 2026 trên địa bàn xã Ninh Tây"),
    ("title", "ỦY BAN NHÂN DÂN XÃ NINH TÂY"),
    ("p", "Căn cứ Luật Tổ chức chính quyền địa phương ngày 16/6/2025;"),
    ("p", "Căn cứ Nghị quyết số 57-NQ/TW ngày 22/12/2024 của Bộ Chính trị;"),
    ("p", "Theo đề nghị của Chánh Văn phòng HĐND và UBND xã."),
    ("title", "QUYẾT ĐỊNH:"),
    ("p", "Điều 1. Ban hành kèm theo Quyết định này Kế hoạch phát triển kinh tế số, xã hội số năm 2026 trên địa bàn "
          "xã Ninh Tây."),
    ("p", "Điều 2. Quyết định này có hiệu lực kể từ ngày ký."),
    ("p", "Điều 3. Chánh Văn phòng HĐND và UBND xã, Trưởng các phòng chuyên môn, Giám đốc Trung tâm Phục vụ hành chính "
          "công xã, Trưởng Công an xã và các cơ quan, đơn vị có liên quan chịu trách nhiệm thi hành Quyết định này./."),
]
NINH_TAY_SIGN = ("Nơi nhận:\n- Như Điều 3;\n- Sở Khoa học và Công nghệ;\n- Lưu: VT, VP.",
                 "TM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH\n\n\nPhan Văn Lợi")
NINH_TAY_PLAN = [
    ("title", "KẾ HOẠCH"),
    ("title", "Phát triển kinh tế số, xã hội số năm 2026 trên địa bàn xã Ninh Tây"),
    ("p", "(Ban hành kèm theo Quyết định số 35/QĐ-UBND ngày 20/01/2026 của UBND xã Ninh Tây)"),
    ("h", "I. MỤC ĐÍCH, YÊU CẦU"),
    ("p", "Thúc đẩy người dân, hộ kinh doanh tham gia kinh tế số; phổ cập kỹ năng số cho người dân trên địa bàn xã."),
    ("h", "II. NHIỆM VỤ, GIẢI PHÁP"),
    ("p", "Các nhiệm vụ cụ thể như sau:"),
    ("table", ""),
    ("h", "III. TỔ CHỨC THỰC HIỆN"),
    ("p", "1. Văn phòng HĐND và UBND xã là cơ quan thường trực, theo dõi, đôn đốc, tổng hợp tình hình thực hiện Kế "
          "hoạch, báo cáo Chủ tịch UBND xã hằng quý."),
    ("p", "2. Phòng Kinh tế tham mưu bố trí kinh phí thực hiện Kế hoạch; trước ngày 28/02/2026./."),
]
# STT, content, lead ("" under a merged cell), coordinating, start, end, product
NINH_TAY_TASKS: list[tuple[str, ...]] = [
    ("1", "Hỗ trợ hộ sản xuất, hợp tác xã mở gian hàng trên sàn thương mại điện tử", "Phòng Kinh tế",
     "Văn phòng HĐND và UBND xã", "Tháng 02/2026", "Quý III/2026", "Gian hàng trực tuyến của hộ sản xuất"),
    ("2", "Vận động tiểu thương tại chợ Ninh Tây thanh toán không dùng tiền mặt", "", "Công an xã",
     "Tháng 3/2026", "Năm 2026", "Tiểu thương có mã thanh toán"),
    ("3", "Tập huấn kỹ năng bán hàng trực tuyến cho hộ kinh doanh", "", "Đoàn Thanh niên xã", "Tháng 4/2026",
     "Trước ngày 30/9/2026", "Lớp tập huấn"),
    ("4", "Duy trì hoạt động Tổ công nghệ số cộng đồng tại các thôn", "Phòng Văn hóa - Xã hội", "",
     "Tháng 01/2026", "Thường xuyên", "Tổ công nghệ số cộng đồng hoạt động"),
    ("5", "Tuyên truyền kỹ năng số, an toàn thông tin cho người dân", "Phòng Văn hóa - Xã hội", "",
     "Tháng 01/2026", "Hằng quý", "Tin, bài tuyên truyền"),
    ("6", "Cấp tài khoản định danh điện tử, hướng dẫn người dân sử dụng VNeID", "Công an xã",
     "Trung tâm Phục vụ hành chính công", "Tháng 01/2026", "Trước ngày 15 tháng 12 năm 2026",
     "Tài khoản định danh điện tử được kích hoạt"),
    ("7", "Thống kê, báo cáo chỉ số kinh tế số, xã hội số của xã", "Văn phòng HĐND và UBND xã",
     "Các phòng chuyên môn", "Tháng 6/2026", "6 tháng, năm", "Báo cáo thống kê"),
    ("8", "Số hóa, cập nhật dữ liệu hộ tịch vào cơ sở dữ liệu dùng chung", "Phòng Văn hóa - Xã hội",
     "Trung tâm Phục vụ hành chính công", "Tháng 01/2026", "Hằng tháng", "Dữ liệu hộ tịch được số hóa"),
]


def _ninh_tay_table(doc: object) -> None:
    table = doc.add_table(rows=2, cols=7)  # type: ignore[attr-defined]
    table.style = "Table Grid"
    top, sub = table.rows[0].cells, table.rows[1].cells
    for i, name in ((0, "STT"), (1, "Nội dung nhiệm vụ"), (6, "Sản phẩm")):
        _cell_lines(top[i], name, bold=True)
        top[i].merge(sub[i])
    _cell_lines(top[2], "Đơn vị thực hiện", bold=True)
    top[2].merge(top[3])
    _cell_lines(top[4], "Thời gian", bold=True)
    top[4].merge(top[5])
    for i, name in ((2, "Chủ trì"), (3, "Phối hợp"), (4, "Bắt đầu"), (5, "Hoàn thành")):
        _cell_lines(sub[i], name, bold=True)
    first = len(table.rows)
    for row in NINH_TAY_TASKS:
        cells = table.add_row().cells
        for cell, value in zip(cells, row, strict=True):
            if value:
                _cell_lines(cell, value)
    # Rows 1-3 share one lead: the cell is merged down, as Word users do.
    table.cell(first, 2).merge(table.cell(first + 2, 2))


def write_ninh_tay(path: Path) -> None:
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK

    doc = Document()
    _docx_fixed(doc)
    head = doc.add_table(rows=1, cols=2)
    for cell, (top, bottom) in zip(head.rows[0].cells, NINH_TAY_HEADER, strict=True):
        _cell_lines(cell, top, bold=True)
        cell.add_paragraph(bottom)

    def paragraphs(items: list[tuple[str, str]]) -> None:
        for kind, text in items:
            if kind == "table":
                _ninh_tay_table(doc)
                continue
            par = doc.add_paragraph()
            par.add_run(text).bold = kind in ("title", "h")
            if kind == "title":
                par.alignment = WD_ALIGN_PARAGRAPH.CENTER

    paragraphs(NINH_TAY_DECISION)
    sign = doc.add_table(rows=1, cols=2)
    _cell_lines(sign.rows[0].cells[0], NINH_TAY_SIGN[0])
    _cell_lines(sign.rows[0].cells[1], NINH_TAY_SIGN[1], bold=True)
    doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    paragraphs(NINH_TAY_PLAN)
    _save_docx(doc, path)


# ------------------------------------------------------------------ the last held-out .docx: "+" items under "b)",
# a "Thời gian thực hiện:" line of its own, a KPI table whose two-row header puts last year's result beside the target

KHANH_SON_HEADER = (
    ("ỦY BAN NHÂN DÂN\nXÃ KHÁNH SƠN\n", "Số: 27/KH-UBND"),
    ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n", "Khánh Sơn, ngày 03 tháng 02 năm 2026"),
)
KHANH_SON_BODY: list[tuple[str, str]] = [
    ("title", "KẾ HOẠCH"),
    ("title", "Bảo đảm an toàn thông tin mạng năm 2026"),
    ("p", "Ủy ban nhân dân xã Khánh Sơn ban hành Kế hoạch bảo đảm an toàn thông tin mạng năm 2026 như sau:"),
    ("h", "I. MỤC ĐÍCH, YÊU CẦU"),
    ("p", "Bảo đảm an toàn các hệ thống thông tin của xã; nâng cao nhận thức về an toàn thông tin của cán bộ, công "
          "chức và người dân."),
    ("h", "II. NHIỆM VỤ"),
    ("p", "1. Văn phòng HĐND và UBND xã:"),
    ("p", "a) Rà soát, phân loại hệ thống thông tin theo cấp độ, lập hồ sơ đề xuất cấp độ; hoàn thành trước ngày "
          "30/4/2026."),
    ("p", "b) Cài đặt phần mềm phòng, chống mã độc cho 100% máy tính của cơ quan:"),
    ("p", "+ Máy tính tại bộ phận văn thư, kế toán: trong tháng 3/2026;"),
    ("p", "+ Các máy tính còn lại: trong Quý II/2026."),
    ("p", "c) Sao lưu dữ liệu của Hệ thống quản lý văn bản và điều hành định kỳ hằng tháng."),
    ("p", "2. Trung tâm Phục vụ hành chính công xã bảo đảm an toàn dữ liệu hồ sơ thủ tục hành chính, không để lộ, lọt "
          "thông tin cá nhân của người dân; thực hiện thường xuyên."),
    ("p", "3. Công an xã:"),
    ("p", "- Phối hợp kiểm tra, phát hiện, xử lý hành vi vi phạm pháp luật trên không gian mạng khi có yêu cầu."),
    ("p", "- Tuyên truyền kỹ năng nhận diện lừa đảo trực tuyến cho người dân hằng quý."),
    ("p", "4. Các phòng chuyên môn thuộc UBND xã:"),
    ("p", "- Cử công chức tham gia diễn tập ứng cứu sự cố an toàn thông tin mạng do tỉnh tổ chức."),
    ("p", "Thời gian thực hiện: Quý III/2026."),
    ("p", "- Báo cáo tình hình bảo đảm an toàn thông tin mạng của đơn vị 6 tháng, năm."),
    ("h", "III. TỔ CHỨC THỰC HIỆN"),
    ("p", "1. Văn phòng HĐND và UBND xã tổng hợp, báo cáo Chủ tịch UBND xã và Sở Khoa học và Công nghệ trước ngày "
          "10/12/2026."),
    ("p", "2. Phòng Kinh tế bố trí kinh phí mua sắm phần mềm phòng, chống mã độc; chậm nhất ngày 15/3/2026./."),
    ("sign", "KT. CHỦ TỊCH"),
    ("sign", "PHÓ CHỦ TỊCH"),
    ("sign", "Cao Thị Yến"),
    ("h", "PHỤ LỤC"),
    ("h", "CHỈ TIÊU AN TOÀN THÔNG TIN MẠNG NĂM 2026"),
    ("kpis", ""),
]
KHANH_SON_KPIS: list[tuple[str, ...]] = [
    ("1", "Tỷ lệ máy tính được cài đặt phần mềm phòng, chống mã độc", "Văn phòng HĐND và UBND xã",
     "Phòng Văn hóa - Xã hội", "75%", "100%"),
    ("2", "Tỷ lệ hệ thống thông tin được phê duyệt cấp độ", "Văn phòng HĐND và UBND xã", "", "0%", "100%"),
    ("3", "Tỷ lệ sự cố an toàn thông tin được xử lý trong 24 giờ", "Công an xã", "Văn phòng HĐND và UBND xã", "80%",
     "Tối thiểu 95%"),
]


def _khanh_son_kpis(doc: object) -> None:
    table = doc.add_table(rows=2, cols=6)  # type: ignore[attr-defined]
    table.style = "Table Grid"
    top, sub = table.rows[0].cells, table.rows[1].cells
    for i, name in ((0, "STT"), (1, "Chỉ tiêu")):
        _cell_lines(top[i], name, bold=True)
        top[i].merge(sub[i])
    _cell_lines(top[2], "Đơn vị", bold=True)
    top[2].merge(top[3])
    _cell_lines(top[4], "Mục tiêu", bold=True)
    top[4].merge(top[5])
    for i, name in ((2, "Chủ trì"), (3, "Đánh giá"), (4, "Năm 2025 (đã đạt)"), (5, "Năm 2026")):
        _cell_lines(sub[i], name, bold=True)
    for row in KHANH_SON_KPIS:
        for cell, value in zip(table.add_row().cells, row, strict=True):
            if value:
                _cell_lines(cell, value)


def write_khanh_son(path: Path) -> None:
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    doc = Document()
    _docx_fixed(doc)
    head = doc.add_table(rows=1, cols=2)
    for cell, (top, bottom) in zip(head.rows[0].cells, KHANH_SON_HEADER, strict=True):
        _cell_lines(cell, top, bold=True)
        cell.add_paragraph(bottom)
    for kind, text in KHANH_SON_BODY:
        if kind == "kpis":
            _khanh_son_kpis(doc)
            continue
        par = doc.add_paragraph()
        par.add_run(text).bold = kind in ("title", "h", "sign")
        if kind == "title":
            par.alignment = WD_ALIGN_PARAGRAPH.CENTER
        if kind == "sign":
            par.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    _save_docx(doc, path)


# ------------------------------------------------------------------ the text PDF plan (phường units)

BAC_CAM_RANH = [
    ("c", "ỦY BAN NHÂN DÂN"),
    ("c", "PHƯỜNG BẮC CAM RANH"),
    ("c", "Số: 32/KH-UBND"),
    ("r", "Bắc Cam Ranh, ngày 03 tháng 3 năm 2026"),
    ("t", "KẾ HOẠCH"),
    ("t", "Triển khai Đề án 06 năm 2026 trên địa bàn phường Bắc Cam Ranh"),
    ("p", "Căn cứ Quyết định số 06/QĐ-TTg ngày 06/01/2022 của Thủ tướng Chính phủ phê duyệt Đề án phát triển ứng dụng "
          "dữ liệu về dân cư, định danh và xác thực điện tử phục vụ chuyển đổi số quốc gia giai đoạn 2022 - 2025, tầm "
          "nhìn đến năm 2030 (Đề án 06);"),
    ("p", "Ủy ban nhân dân phường Bắc Cam Ranh ban hành Kế hoạch triển khai Đề án 06 năm 2026 như sau:"),
    ("h", "I. MỤC ĐÍCH, YÊU CẦU"),
    ("p", "Khai thác hiệu quả Cơ sở dữ liệu quốc gia về dân cư phục vụ giải quyết thủ tục hành chính, phát triển kinh "
          "tế - xã hội và công dân số; phân công rõ cơ quan chủ trì, thời hạn hoàn thành từng nhiệm vụ."),
    ("h", "II. NHIỆM VỤ CỤ THỂ"),
    ("h", "1. Nhóm tiện ích phục vụ giải quyết thủ tục hành chính và cung cấp dịch vụ công trực tuyến"),
    ("p", "a) Trung tâm Phục vụ hành chính công phường:"),
    ("p", "- Tiếp nhận hồ sơ thủ tục hành chính sử dụng dữ liệu từ Cơ sở dữ liệu quốc gia về dân cư, không yêu "
          "cầu người dân xuất trình giấy tờ đã có trong cơ sở dữ liệu; thực hiện thường xuyên."),
    ("p", "- Triển khai thanh toán trực tuyến phí, lệ phí giải quyết thủ tục hành chính trên Cổng Dịch vụ công quốc "
          "gia; hoàn thành trong quý 2 năm 2026."),
    ("p", "b) Công an phường phối hợp với Trung tâm Phục vụ hành chính công phường thu nhận hồ sơ cấp căn cước, định "
          "danh điện tử cho người dân; đến hết năm 2026."),
    ("h", "2. Nhóm tiện ích phục vụ phát triển kinh tế - xã hội"),
    ("p", "a) Phòng Kinh tế, Hạ tầng và Đô thị:"),
    ("p", "- Cập nhật dữ liệu hộ kinh doanh, đất đai, xây dựng vào hệ thống dùng chung của tỉnh, kết nối với Cơ sở dữ "
          "liệu quốc gia về dân cư; hoàn thành trước ngày 30 tháng 6 năm 2026."),
    ("p", "- Rà soát, cấp mã số cho các hộ kinh doanh trên địa bàn phường; trong tháng 9/2026."),
    ("p", "b) Phòng Văn hóa - Xã hội:"),
    ("p", "- Làm sạch dữ liệu an sinh xã hội, chi trả trợ cấp không dùng tiền mặt cho 100% đối tượng bảo trợ xã hội; "
          "hoàn thành Quý III/2026."),
    ("p", "- Cập nhật dữ liệu y tế, giáo dục trên địa bàn phường vào hệ thống dùng chung của tỉnh hàng tháng."),
    ("h", "3. Nhóm tiện ích phục vụ công dân số"),
    ("p", "a) Công an phường:"),
    ("p", "- Hướng dẫn người dân kích hoạt và sử dụng ứng dụng VNeID; thực hiện thường xuyên."),
    ("p", "- Báo cáo kết quả triển khai Đề án 06 trên địa bàn phường gửi Công an tỉnh định kỳ 6 tháng, năm."),
    ("p", "b) Ban Chỉ huy quân sự phường cập nhật dữ liệu công dân trong độ tuổi thực hiện nghĩa vụ quân sự, kết nối "
          "với Cơ sở dữ liệu quốc gia về dân cư; chậm nhất ngày 31/10/2026."),
    ("h", "III. TỔ CHỨC THỰC HIỆN"),
    ("p", "1. Văn phòng HĐND và UBND phường chủ trì theo dõi, đôn đốc, tổng hợp kết quả thực hiện Kế hoạch, báo cáo "
          "Chủ tịch UBND phường hàng năm."),
    ("p", "2. Các phòng chuyên môn thuộc UBND phường, Trung tâm Phục vụ hành chính công phường, Công an phường, Ban "
          "Chỉ huy quân sự phường chủ động triển khai nhiệm vụ được giao; khi có khó khăn, vướng mắc báo cáo Chủ tịch "
          "UBND phường (qua Văn phòng HĐND và UBND phường) để kịp thời chỉ đạo./."),
    ("h", "PHỤ LỤC"),
    ("h", "CHỈ TIÊU TRIỂN KHAI ĐỀ ÁN 06 NĂM 2026"),
    ("p", "1. Tỷ lệ hồ sơ thủ tục hành chính không yêu cầu xuất trình giấy tờ đã có trong Cơ sở dữ liệu quốc gia về "
          "dân cư: 100% (chủ trì: Trung tâm Phục vụ hành chính công phường)."),
    ("p", "2. Tỷ lệ người dân từ 14 tuổi trở lên có tài khoản định danh điện tử mức độ 2 được kích hoạt: tối thiểu 85% "
          "(chủ trì: Công an phường)."),
    ("p", "Nơi nhận:"),
    ("p", "- Công an tỉnh;"),
    ("p", "- TT. Đảng ủy, TT. HĐND phường;"),
    ("p", "- Lưu: VT, VP."),
    ("s", "TM. ỦY BAN NHÂN DÂN"),
    ("s", "CHỦ TỊCH"),
    ("s", ""),
    ("s", "Phạm Quốc Huy"),
]


def _font_path(name: str) -> Path:
    for folder in FONT_DIRS:
        if (folder / name).exists():
            return folder / name
    try:
        import matplotlib  # its bundled DejaVu fonts, where no system copy exists

        bundled = Path(matplotlib.get_data_path()) / "fonts" / "ttf" / name
        if bundled.exists():
            return bundled
    except ImportError:
        pass
    sys.exit(f"no {name}: install fonts-dejavu-core or matplotlib")


def _pdf() -> object:
    from fpdf import FPDF

    pdf = FPDF(format="A4")
    pdf.set_creation_date(FIXED.replace(tzinfo=UTC))
    pdf.set_margins(25, 20, 20)
    pdf.add_font("DejaVu", "", str(_font_path("DejaVuSans.ttf")))
    pdf.add_font("DejaVu", "B", str(_font_path("DejaVuSans-Bold.ttf")))
    pdf.set_auto_page_break(True, margin=20)
    return pdf


def write_bac_cam_ranh(path: Path) -> None:
    pdf = _pdf()
    pdf.add_page()  # type: ignore[attr-defined]
    for kind, text in BAC_CAM_RANH:
        bold = kind in ("c", "t", "h", "s")
        pdf.set_font("DejaVu", "B" if bold else "", 13 if kind == "t" else 11)  # type: ignore[attr-defined]
        align = {"c": "C", "t": "C", "r": "R", "s": "R"}.get(kind, "J")
        pdf.multi_cell(0, 6, text, align=align, new_x="LMARGIN", new_y="NEXT")  # type: ignore[attr-defined]
        if kind in ("p", "h", "t"):
            pdf.ln(1.5)  # type: ignore[attr-defined]
    path.write_bytes(bytes(pdf.output()))  # type: ignore[attr-defined]


# ------------------------------------------------------------------ a text PDF whose tasks are in a table (held out)

TAY_NHA_TRANG = [
    ("c", "ỦY BAN NHÂN DÂN"),
    ("c", "PHƯỜNG TÂY NHA TRANG"),
    ("c", "Số: 58/KH-UBND"),
    ("r", "Tây Nha Trang, ngày 16 tháng 3 năm 2026"),
    ("t", "KẾ HOẠCH"),
    ("t", "Thực hiện Nghị quyết số 57-NQ/TW về phát triển khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số "
          "trên địa bàn phường Tây Nha Trang năm 2026"),
    ("p", "Căn cứ Nghị quyết số 57-NQ/TW ngày 22/12/2024 của Bộ Chính trị; Ủy ban nhân dân phường Tây Nha Trang ban "
          "hành Kế hoạch thực hiện năm 2026 như sau:"),
    ("h", "I. MỤC ĐÍCH, YÊU CẦU"),
    ("p", "Cụ thể hóa các nhiệm vụ của Nghị quyết số 57-NQ/TW phù hợp với điều kiện của phường; xác định rõ đơn vị chủ "
          "trì, thời gian hoàn thành từng nhiệm vụ."),
    ("h", "II. NHIỆM VỤ CỤ THỂ"),
    ("p", "Các nhiệm vụ cụ thể được phân công tại Phụ lục I kèm theo Kế hoạch này."),
    ("h", "III. TỔ CHỨC THỰC HIỆN"),
    ("p", "1. Văn phòng HĐND và UBND phường là cơ quan thường trực, theo dõi, tổng hợp, báo cáo kết quả thực hiện Kế "
          "hoạch định kỳ 6 tháng, năm."),
    ("p", "2. Các phòng chuyên môn, đơn vị thuộc UBND phường căn cứ nhiệm vụ được giao tổ chức thực hiện; báo cáo kết "
          "quả về Văn phòng HĐND và UBND phường khi có yêu cầu./."),
    ("s", "TM. ỦY BAN NHÂN DÂN"),
    ("s", "CHỦ TỊCH"),
    ("s", ""),
    ("s", "Ngô Thanh Sơn"),
]
TAY_NHA_TRANG_COLUMNS = ("STT", "Nội dung nhiệm vụ", "Đơn vị chủ trì", "Đơn vị phối hợp", "Thời gian hoàn thành")
TAY_NHA_TRANG_TASKS: list[tuple[str, ...]] = [
    ("I", "Hoàn thiện thể chế, nâng cao nhận thức"),
    ("1", "Quán triệt, tuyên truyền Nghị quyết số 57-NQ/TW đến cán bộ, đảng viên và Nhân dân",
     "Phòng Văn hóa - Xã hội", "Các phòng chuyên môn", "Quý II/2026"),
    ("2", "Kiện toàn Ban Chỉ đạo phát triển khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số của phường",
     "Văn phòng HĐND và UBND phường", "Phòng Văn hóa - Xã hội", "Trước ngày 30/4/2026"),
    ("II", "Phát triển hạ tầng và dữ liệu số"),
    ("1", "Triển khai hệ thống camera giám sát an ninh, trật tự kết nối với Trung tâm giám sát của tỉnh",
     "Công an phường", "Phòng Kinh tế, Hạ tầng và Đô thị", "Năm 2026"),
    ("2", "Số hóa, cập nhật dữ liệu hộ tịch vào cơ sở dữ liệu dùng chung", "Phòng Văn hóa - Xã hội",
     "Trung tâm Phục vụ hành chính công phường", "Hằng tháng"),
    ("3", "Xây dựng bản đồ số quy hoạch, hạ tầng đô thị của phường", "Phòng Kinh tế, Hạ tầng và Đô thị",
     "Văn phòng HĐND và UBND phường", "Chậm nhất ngày 30/9/2026"),
    ("III", "Chính quyền số, dịch vụ số"),
    ("1", "Cung cấp dịch vụ công trực tuyến toàn trình, hỗ trợ người dân nộp hồ sơ trực tuyến",
     "Trung tâm Phục vụ hành chính công phường", "Các phòng chuyên môn", "Thường xuyên"),
    ("2", "Báo cáo kết quả thực hiện chỉ tiêu chuyển đổi số của phường", "Văn phòng HĐND và UBND phường",
     "Các phòng chuyên môn", "Hằng quý"),
    ("3", "Ứng dụng trợ lý ảo hỗ trợ cán bộ, công chức tra cứu văn bản", "Văn phòng HĐND và UBND phường", "",
     "Tháng 11/2026"),
]


def write_tay_nha_trang(path: Path) -> None:
    pdf = _pdf()
    pdf.add_page()  # type: ignore[attr-defined]
    for kind, text in TAY_NHA_TRANG:
        bold = kind in ("c", "t", "h", "s")
        pdf.set_font("DejaVu", "B" if bold else "", 13 if kind == "t" else 11)  # type: ignore[attr-defined]
        align = {"c": "C", "t": "C", "r": "R", "s": "R"}.get(kind, "J")
        pdf.multi_cell(0, 6, text, align=align, new_x="LMARGIN", new_y="NEXT")  # type: ignore[attr-defined]
        if kind in ("p", "h", "t"):
            pdf.ln(1.5)  # type: ignore[attr-defined]
    pdf.add_page(orientation="L")  # type: ignore[attr-defined]
    pdf.set_font("DejaVu", "B", 12)  # type: ignore[attr-defined]
    for line in ("PHỤ LỤC I", "DANH MỤC NHIỆM VỤ THỰC HIỆN NGHỊ QUYẾT SỐ 57-NQ/TW NĂM 2026",
                 "(Kèm theo Kế hoạch số 58/KH-UBND ngày 16/3/2026 của UBND phường Tây Nha Trang)"):
        pdf.multi_cell(0, 6, line, align="C", new_x="LMARGIN", new_y="NEXT")  # type: ignore[attr-defined]
    pdf.ln(3)  # type: ignore[attr-defined]
    pdf.set_font("DejaVu", "", 10)  # type: ignore[attr-defined]
    with pdf.table(col_widths=(12, 95, 55, 55, 40), line_height=5,  # type: ignore[attr-defined]
                   text_align=("CENTER", "LEFT", "LEFT", "LEFT", "LEFT")) as table:
        table.row(TAY_NHA_TRANG_COLUMNS)
        for row in TAY_NHA_TRANG_TASKS:
            if len(row) == 2:
                cells = table.row()
                cells.cell(row[0])
                cells.cell(row[1], colspan=4)
            else:
                table.row(row)
    path.write_bytes(bytes(pdf.output()))  # type: ignore[attr-defined]


# ------------------------------------------------------------------ a text PDF laid out like a signed copy (held out)

CAM_HOA = [
    ("t", "KẾ HOẠCH"),
    ("t", "Chuyển đổi số trong công tác văn thư, lưu trữ năm 2026"),
    ("p", "Thực hiện Luật Lưu trữ năm 2024 và hướng dẫn của Sở Nội vụ tỉnh Khánh Hòa, Ủy ban nhân dân xã Cam Hòa ban "
          "hành Kế hoạch chuyển đổi số trong công tác văn thư, lưu trữ năm 2026 như sau:"),
    ("h", "I. MỤC ĐÍCH, YÊU CẦU"),
    ("p", "Từng bước số hóa tài liệu lưu trữ, lập hồ sơ điện tử, bảo đảm văn bản, hồ sơ được quản lý, khai thác trên "
          "môi trường điện tử."),
    ("h", "II. NHIỆM VỤ CỤ THỂ"),
    ("h", "1. Số hóa tài liệu lưu trữ"),
    ("p", "1.1. Văn phòng HĐND và UBND xã:"),
    ("p", "- Lập danh mục hồ sơ, tài liệu lưu trữ cần số hóa; hoàn thành trước ngày 31/3/2026."),
    ("p", "- Số hóa tài liệu lưu trữ giai đoạn 2020-2025, cập nhật vào Hệ thống quản lý tài liệu điện tử của tỉnh; "
          "hoàn thành Quý IV/2026."),
    ("p", "1.2. Các phòng chuyên môn thuộc UBND xã lập hồ sơ điện tử đối với văn bản, hồ sơ công việc phát sinh trong "
          "năm; thực hiện thường xuyên."),
    ("h", "2. Văn thư điện tử"),
    ("p", "2.1. Văn phòng HĐND và UBND xã bảo đảm 100% văn bản đi được ký số và phát hành trên Hệ thống quản lý văn "
          "bản và điều hành; thực hiện thường xuyên."),
    ("p", "2.2. Trung tâm Phục vụ hành chính công xã lưu trữ hồ sơ, kết quả giải quyết thủ tục hành chính dưới dạng "
          "điện tử; chậm nhất ngày 30/6/2026."),
    ("p", "2.3. Công an xã, Ban Chỉ huy quân sự xã thực hiện gửi, nhận văn bản điện tử với UBND xã (trừ văn bản mật); "
          "đến hết năm 2026."),
    ("h", "3. Chế độ báo cáo"),
    ("p", "3.1. Văn phòng HĐND và UBND xã báo cáo tình hình số hóa tài liệu lưu trữ gửi Sở Nội vụ hằng quý."),
    ("p", "3.2. Phòng Văn hóa - Xã hội báo cáo kết quả thực hiện công tác văn thư, lưu trữ hằng năm."),
    ("h", "III. TỔ CHỨC THỰC HIỆN"),
    ("p", "1. Văn phòng HĐND và UBND xã chủ trì, theo dõi, kiểm tra việc thực hiện Kế hoạch; thực hiện thường xuyên."),
    ("p", "2. Phòng Kinh tế bố trí kinh phí số hóa tài liệu trong dự toán ngân sách xã năm 2026; trong tháng "
          "4/2026./."),
]
CAM_HOA_SIGN = (
    ["Nơi nhận:", "- Sở Nội vụ;", "- TT. Đảng ủy, TT. HĐND xã;", "- Các cơ quan, đơn vị thuộc xã;", "- Lưu: VT, VP."],
    ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH", "", "", "Đặng Hữu Phước"],
)
CAM_HOA_KPI_COLUMNS = ("STT", "Chỉ tiêu", "Đơn vị chủ trì", "Đơn vị đánh giá", "Chỉ tiêu năm 2026")
CAM_HOA_KPIS: list[tuple[str, ...]] = [
    ("1", "Tỷ lệ văn bản đi được ký số", "Văn phòng HĐND và UBND xã", "Phòng Văn hóa - Xã hội", "100%"),
    ("2", "Tỷ lệ văn bản, hồ sơ công việc được lập hồ sơ điện tử", "Các phòng chuyên môn",
     "Văn phòng HĐND và UBND xã", "Tối thiểu 80%"),
    ("3", "Tỷ lệ tài liệu lưu trữ giai đoạn 2020-2025 được số hóa", "Văn phòng HĐND và UBND xã", "", "≥ 50%"),
]


def write_cam_hoa(path: Path) -> None:
    """Two-column header and signature blocks side by side (a PDF's text layer interleaves their lines), page
    numbers at the top from page 2 (ND 30/2020), and the KPI appendix as a table."""
    from fpdf import FPDF

    class Pages(FPDF):
        def header(self) -> None:
            if self.page_no() > 1:
                self.set_font("DejaVu", "", 10)
                self.cell(0, 8, str(self.page_no()), align="C", new_x="LMARGIN", new_y="NEXT")

    pdf = Pages(format="A4")
    pdf.set_creation_date(FIXED.replace(tzinfo=UTC))
    pdf.set_margins(25, 20, 20)
    pdf.add_font("DejaVu", "", str(_font_path("DejaVuSans.ttf")))
    pdf.add_font("DejaVu", "B", str(_font_path("DejaVuSans-Bold.ttf")))
    pdf.set_auto_page_break(True, margin=20)
    pdf.add_page()
    left = ["ỦY BAN NHÂN DÂN", "XÃ CAM HÒA", "", "Số: 15/KH-UBND"]
    right = ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", "",
             "Cam Hòa, ngày 10 tháng 02 năm 2026"]
    for a, b in zip(left, right, strict=True):
        pdf.set_font("DejaVu", "B" if a.isupper() else "", 10)
        pdf.cell(60, 6, a, align="C")
        pdf.set_font("DejaVu", "B" if b.isupper() or b.startswith("Độc") else "", 10)
        pdf.cell(0, 6, b, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)
    for kind, text in CAM_HOA:
        pdf.set_font("DejaVu", "B" if kind in ("t", "h") else "", 13 if kind == "t" else 11)
        pdf.multi_cell(0, 6, text, align="C" if kind == "t" else "J", new_x="LMARGIN", new_y="NEXT")
        pdf.ln(1.5)
    pdf.ln(4)
    for a, b in zip(*CAM_HOA_SIGN, strict=True):
        pdf.set_font("DejaVu", "B" if a == "Nơi nhận:" else "", 9)
        pdf.cell(80, 5, a)
        pdf.set_font("DejaVu", "B", 11)
        pdf.cell(0, 5, b, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.add_page()
    pdf.set_font("DejaVu", "B", 12)
    for line in ("PHỤ LỤC", "CHỈ TIÊU CHUYỂN ĐỔI SỐ TRONG CÔNG TÁC VĂN THƯ, LƯU TRỮ NĂM 2026"):
        pdf.multi_cell(0, 6, line, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)
    pdf.set_font("DejaVu", "", 10)
    with pdf.table(col_widths=(10, 60, 35, 35, 25), line_height=5,
                   text_align=("CENTER", "LEFT", "LEFT", "LEFT", "CENTER")) as table:
        table.row(CAM_HOA_KPI_COLUMNS)
        for row in CAM_HOA_KPIS:
            table.row(row)
    path.write_bytes(bytes(pdf.output()))


# ------------------------------------------------------------------ a text PDF whose lines wrap at awkward places

# Each entry is one line of the page as the text layer gives it: the plan's sentences are cut where a narrow
# column would cut them, before "III/2026.", before a date, before "phường".
BA_NGOI = [
    "ỦY BAN NHÂN DÂN", "PHƯỜNG BA NGÒI", "Số: 71/KH-UBND", "Ba Ngòi, ngày 06 tháng 4 năm 2026", "KẾ HOẠCH",
    "Số hóa hồ sơ, dữ liệu chuyên ngành năm 2026", "I. MỤC ĐÍCH, YÊU CẦU",
    "Hoàn thành số hóa hồ sơ, dữ liệu chuyên ngành của phường theo lộ trình của tỉnh.",
    "II. NHIỆM VỤ CỤ THỂ",
    "1. Số hóa hồ sơ",
    "a) Trung tâm Phục vụ hành chính công phường:",
    "- Số hóa hồ sơ, kết quả giải quyết thủ tục hành chính còn hiệu lực; hoàn thành trong Quý",
    "III/2026.",
    "- Cập nhật kết quả số hóa vào Kho quản lý dữ liệu của tổ chức, cá nhân; thực hiện thường",
    "xuyên.",
    "b) Phòng Văn hóa - Xã hội số hóa sổ hộ tịch lưu trữ tại phường, phối hợp với Công an",
    "phường; hoàn thành trước ngày",
    "15/12/2026.",
    "2. Dữ liệu chuyên ngành",
    "a) Phòng Kinh tế, Hạ tầng và Đô thị cập nhật dữ liệu đất đai, xây dựng; hoàn thành trong",
    "Quý IV/2026.",
    "b) Công an phường làm sạch dữ liệu dân cư; báo cáo kết quả định kỳ 6 tháng,",
    "năm.",
    "c) Ban Chỉ huy quân sự phường số hóa hồ sơ đăng ký nghĩa vụ quân sự; chậm nhất ngày",
    "31/10/2026.",
    "III. TỔ CHỨC THỰC HIỆN",
    "1. Văn phòng HĐND và UBND phường theo dõi, tổng hợp, báo cáo Chủ tịch UBND phường hằng",
    "quý.",
    "2. Phòng Kinh tế, Hạ tầng và Đô thị bố trí kinh phí số hóa; trong tháng 5/2026./.",
    "TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH", "Trịnh Minh Khoa",
]


def write_ba_ngoi(path: Path) -> None:
    pdf = _pdf()
    pdf.add_page()  # type: ignore[attr-defined]
    pdf.set_font("DejaVu", "", 11)  # type: ignore[attr-defined]
    for line in BA_NGOI:
        pdf.cell(0, 6, line, new_x="LMARGIN", new_y="NEXT")  # type: ignore[attr-defined]
    path.write_bytes(bytes(pdf.output()))  # type: ignore[attr-defined]


# ------------------------------------------------------------------ bad inputs


def write_bad_inputs(folder: Path) -> None:
    from docx import Document

    folder.mkdir(parents=True, exist_ok=True)
    # An empty .docx: a valid document without a single paragraph of text.
    doc = Document()
    _docx_fixed(doc)
    _save_docx(doc, folder / "empty.docx")

    # An unrelated document: a company's letter of thanks, no plan in it.
    doc = Document()
    _docx_fixed(doc)
    for text in ("CÔNG TY TNHH THƯƠNG MẠI HẢI ĐĂNG", "Nha Trang, ngày 10 tháng 3 năm 2026", "THƯ CẢM ƠN",
                 "Kính gửi: Quý khách hàng,",
                 "Công ty TNHH Thương mại Hải Đăng trân trọng cảm ơn Quý khách hàng đã tin tưởng, sử dụng sản phẩm "
                 "của Công ty trong thời gian qua. Nhân dịp năm mới, Công ty xin gửi tới Quý khách hàng lời chúc sức "
                 "khỏe, hạnh phúc và thành công.",
                 "Mọi ý kiến đóng góp xin gửi về địa chỉ: số 12 đường Trần Phú, phường Nha Trang, tỉnh Khánh Hòa.",
                 "Trân trọng cảm ơn!", "GIÁM ĐỐC", "Võ Thị Lan"):
        doc.add_paragraph(text)
    _save_docx(doc, folder / "letter.docx")

    good_docx = (PLANS / "suoi-dau-cchc-2026.docx").read_bytes()
    good_pdf = (PLANS / "bac-cam-ranh-de-an-06-2026.pdf").read_bytes()
    # Corrupt: the first third of a good file (a download cut short).
    (folder / "truncated.docx").write_bytes(good_docx[: len(good_docx) // 3])
    (folder / "truncated.pdf").write_bytes(good_pdf[: len(good_pdf) // 3])

    _with_fixed_randomness(lambda: _encrypt_docx(good_docx, folder / "password.docx"))
    _with_fixed_randomness(lambda: _encrypt_pdf(PLANS / "bac-cam-ranh-de-an-06-2026.pdf", folder / "password.pdf"))
    _scanned_pdf(folder / "scanned.pdf")


def _with_fixed_randomness(make: object) -> None:
    """The encryption salts come from os.urandom/secrets: fixed here so the files come out the same each run."""
    import secrets

    rng = random.Random(2026)
    saved = os.urandom, secrets.token_bytes

    def fake(n: int | None = None) -> bytes:
        return rng.randbytes(32 if n is None else n)

    os.urandom, secrets.token_bytes = fake, fake
    try:
        make()  # type: ignore[operator]
    finally:
        os.urandom, secrets.token_bytes = saved


def _encrypt_docx(data: bytes, path: Path) -> None:
    import msoffcrypto.format.ooxml as ooxml
    import msoffcrypto.method.container.ecma376_encrypted as container

    class _FixedNow(datetime):  # the OLE directory's creation and modification times
        @classmethod
        def now(cls, tz: object = None) -> datetime:  # type: ignore[override]
            return FIXED

    saved = container.datetime
    container.datetime = _FixedNow  # type: ignore[misc]
    try:
        out = io.BytesIO()
        ooxml.OOXMLFile(io.BytesIO(data)).encrypt("camhiep2026", out)
    finally:
        container.datetime = saved  # type: ignore[misc]
    path.write_bytes(out.getvalue())


def _encrypt_pdf(src: Path, path: Path) -> None:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(src))
    writer.encrypt(user_password="camhiep2026", owner_password="camhiep2026-owner", algorithm="AES-128")
    out = io.BytesIO()
    writer.write(out)
    path.write_bytes(out.getvalue())


def _scanned_pdf(path: Path) -> None:
    """A page holding nothing but a picture (a scan of a plan): no text layer."""
    from PIL import Image, ImageDraw

    img = Image.new("L", (1240, 1754), 250)
    draw = ImageDraw.Draw(img)
    rng = random.Random(6)
    for y in range(180, 1600, 38):  # grey bars where lines of text were scanned
        x = 150
        while x < 1080:
            w = rng.randint(30, 140)
            draw.rectangle((x, y, min(x + w, 1090), y + 16), fill=rng.randint(40, 90))
            x += w + rng.randint(12, 22)
    raw = io.BytesIO()
    img.save(raw, format="PNG", optimize=False)
    pdf = _pdf()
    pdf.add_page()  # type: ignore[attr-defined]
    pdf.image(raw, x=0, y=0, w=210, h=297)  # type: ignore[attr-defined]
    path.write_bytes(bytes(pdf.output()))  # type: ignore[attr-defined]


# ------------------------------------------------------------------ large documents (made at run time)

_LINES_PER_PAGE = 40


def plan_pages_text(pages: int, year: int = 2026) -> str:
    """A plan of about `pages` A4 pages (40 lines each): the usual header, then section II with one numbered item a
    page, each with lettered groups of bulleted tasks (a unit and a deadline each), and section III."""
    units = ("Văn phòng HĐND và UBND xã", "Phòng Văn hóa - Xã hội", "Phòng Kinh tế",
             "Trung tâm Phục vụ hành chính công xã", "Công an xã")
    deadlines = (f"hoàn thành trước ngày 15/12/{year}", "thực hiện thường xuyên", f"hoàn thành trong Quý III/{year}",
                 f"chậm nhất ngày 30/6/{year}", "báo cáo hàng tháng", f"đến hết năm {year}", "định kỳ hàng quý",
                 "khi có yêu cầu")
    lines = ["ỦY BAN NHÂN DÂN", "XÃ CAM HIỆP", "Số: 99/KH-UBND", f"Cam Hiệp, ngày 05 tháng 01 năm {year}", "",
             "KẾ HOẠCH", f"Thực hiện nhiệm vụ cải cách hành chính năm {year} trên địa bàn xã Cam Hiệp", "",
             "I. MỤC ĐÍCH, YÊU CẦU", "", "Bảo đảm các nhiệm vụ được giao hoàn thành đúng thời hạn.", "",
             "II. NHIỆM VỤ CỤ THỂ", ""]
    for item in range(1, pages + 1):
        lines += [f"{item}. Nhóm nhiệm vụ số {item} về cải cách hành chính, chuyển đổi số", ""]
        for letter_no, letter in enumerate("abc"):
            unit = units[(item + letter_no) % len(units)]
            lines += [f"{letter}) {unit}:", ""]
            for k in range(1, 5):
                deadline = deadlines[(item * 7 + letter_no * 3 + k) % len(deadlines)]
                partner = units[(item + letter_no + k) % len(units)]
                with_whom = f", phối hợp với {partner}" if partner != unit and k % 2 else ""
                lines += [f"- Rà soát, cập nhật, công khai dữ liệu nhóm {item}.{letter}.{k} thuộc lĩnh vực phụ trách "
                          f"trên hệ thống thông tin của tỉnh{with_whom}; {deadline}.", ""]
        lines += [""] * max(0, _LINES_PER_PAGE * item + 14 - len(lines))
    lines += ["III. TỔ CHỨC THỰC HIỆN", "",
              "1. Văn phòng HĐND và UBND xã theo dõi, đôn đốc việc thực hiện Kế hoạch; thực hiện thường xuyên./.", "",
              "TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH", "", "Bùi Quang Nam"]
    return "\n".join(lines) + "\n"


def write_long_table_docx(path: Path, pages: int, year: int = 2026) -> None:
    """The same tasks as plan_pages_text, as rows of one appendix task table (STT, Nội dung nhiệm vụ, Cơ quan chủ
    trì, Cơ quan phối hợp, Thời gian hoàn thành, Sản phẩm) in ten groups (I … X), STT counted within a group."""
    import re as _re

    from docx import Document

    doc = Document()
    _docx_fixed(doc)
    text = plan_pages_text(pages, year)
    for line in text.split("II. NHIỆM VỤ CỤ THỂ")[0].splitlines():
        if line:
            doc.add_paragraph(line)
    doc.add_paragraph("II. NHIỆM VỤ CỤ THỂ")
    doc.add_paragraph("Các nhiệm vụ cụ thể tại Phụ lục I kèm theo Kế hoạch này.")
    for line in ("III. TỔ CHỨC THỰC HIỆN" + text.split("III. TỔ CHỨC THỰC HIỆN", 1)[1]).splitlines():
        if line:
            doc.add_paragraph(line)
    doc.add_paragraph("Phụ lục I")
    doc.add_paragraph(f"DANH MỤC NHIỆM VỤ NĂM {year}")
    table = doc.add_table(rows=1, cols=len(TASK_COLUMNS))
    for cell, name in zip(table.rows[0].cells, TASK_COLUMNS, strict=True):
        cell.text = name
    per_group = max(1, -(-pages // 10))
    unit = ""
    stt = 0
    for line in text.splitlines():
        if m := _re.match(r"(\d+)\. Nhóm nhiệm vụ", line):
            if (int(m[1]) - 1) % per_group == 0:
                group = (int(m[1]) - 1) // per_group + 1
                cells = table.add_row().cells
                cells[0].text, cells[1].text = _roman(group), f"Nhóm nhiệm vụ {group}"
                stt = 0
        elif m := _re.match(r"[abc]\) (.*):$", line):
            unit = m[1]
        elif line.startswith("- Rà soát"):
            stt += 1
            body, deadline = line[2:].rstrip(".").rsplit("; ", 1)
            content, _, partner = body.partition(", phối hợp với ")
            cells = table.add_row().cells
            for cell, value in zip(cells, (str(stt), content, unit, partner, deadline, "Báo cáo"), strict=True):
                cell.text = value
    doc.save(path)


def _roman(n: int) -> str:
    out = ""
    for value, numeral in ((100, "C"), (90, "XC"), (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"),
                           (1, "I")):
        while n >= value:
            out, n = out + numeral, n - value
    return out


def plan_pages_tasks(pages: int) -> int:
    """How many tasks plan_pages_text(pages) holds."""
    return pages * 3 * 4 + 1


def write_long_docx(path: Path, pages: int, year: int = 2026) -> None:
    """plan_pages_text as a .docx, a page break after each numbered item (so Word shows `pages` pages or more)."""
    from docx import Document
    from docx.enum.text import WD_BREAK

    doc = Document()
    _docx_fixed(doc)
    for line in plan_pages_text(pages, year).splitlines():
        if not line:
            continue
        if line[0].isdigit() and ". Nhóm nhiệm vụ số" in line and not line.startswith("1. "):
            doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
        doc.add_paragraph(line)
    doc.save(path)


def write_long_pdf(path: Path, pages: int, year: int = 2026) -> None:
    """plan_pages_text as a text PDF of exactly `pages` pages or more (fpdf2: the bench only)."""
    pdf = _pdf()
    pdf.add_page()  # type: ignore[attr-defined]
    pdf.set_font("DejaVu", "", 10)  # type: ignore[attr-defined]
    for line in plan_pages_text(pages, year).splitlines():
        if line:
            pdf.multi_cell(0, 5, line, new_x="LMARGIN", new_y="NEXT")  # type: ignore[attr-defined]
    while pdf.page_no() < pages:  # type: ignore[attr-defined]
        pdf.add_page()  # type: ignore[attr-defined]
        pdf.multi_cell(0, 5, "(trang để trống)")  # type: ignore[attr-defined]
    path.write_bytes(bytes(pdf.output()))  # type: ignore[attr-defined]


def main() -> None:
    PLANS.mkdir(parents=True, exist_ok=True)
    write_suoi_dau(PLANS / "suoi-dau-cchc-2026.docx")
    write_dien_lam(PLANS / "dien-lam-tuyen-truyen-2026.docx")
    write_van_ninh(PLANS / "van-ninh-mot-cua-2026.docx")
    write_ninh_tay(PLANS / "ninh-tay-kinh-te-so-2026.docx")
    write_khanh_son(PLANS / "khanh-son-attt-2026.docx")
    write_bac_cam_ranh(PLANS / "bac-cam-ranh-de-an-06-2026.pdf")
    write_tay_nha_trang(PLANS / "tay-nha-trang-nq57-2026.pdf")
    write_cam_hoa(PLANS / "cam-hoa-van-thu-luu-tru-2026.pdf")
    write_ba_ngoi(PLANS / "ba-ngoi-so-hoa-2026.pdf")
    write_bad_inputs(BAD)
    for path in sorted([*PLANS.glob("*.docx"), *PLANS.glob("*.pdf"), *BAD.iterdir()]):
        print(f"{path.relative_to(ROOT)}: {path.stat().st_size:,} bytes")


if __name__ == "__main__":
    main()
