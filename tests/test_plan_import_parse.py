"""The plan importer's pieces: deadline wording, unit names, numbering into task codes, the header."""

from __future__ import annotations

from pathlib import Path

import pytest

from tracker.plans.importer import DocumentError, import_document
from tracker.plans.importer.deadlines import read_deadline
from tracker.plans.importer.parse import read_target
from tracker.plans.importer.units import ALL, EVERY, mentions, new_unit_code, receiver_lead, subject_units

PLAN_2025 = Path(__file__).parent / "data" / "plans" / "cam-hiep-2025.txt"


def dl(text: str, *, strict: bool = True, year: int = 2025, first_month: int = 8) -> dict:
    return read_deadline(text, year=year, first_month=first_month, strict=strict).deadline


@pytest.mark.parametrize(("text", "expected"), [
    ("Thời hạn hoàn thành trước ngày 15/12/2025.", {"kind": "fixed_date", "date": "2025-12-14"}),
    ("hoàn thành trước ngày 15 tháng 12 năm 2025", {"kind": "fixed_date", "date": "2025-12-14"}),
    ("báo cáo chậm nhất ngày 30/6/2026", {"kind": "fixed_date", "date": "2026-06-30"}),
    ("hoàn thành trong tháng 6/2025", {"kind": "fixed_date", "date": "2025-06-30"}),
    ("hoàn thành trong tháng 6.", {"kind": "fixed_date", "date": "2025-06-30"}),
    ("hoàn thành trong Quý III/2025", {"kind": "quarter_end", "year": 2025, "quarter": 3}),
    ("hoàn thành trong quý 3 năm 2025", {"kind": "quarter_end", "year": 2025, "quarter": 3}),
    ("hoàn thành 6 tháng đầu năm 2025", {"kind": "fixed_date", "date": "2025-06-30"}),
    ("bảo đảm 100% cán bộ dùng thư công vụ; trước 30/6.", {"kind": "fixed_date", "date": "2025-06-29"}),
    ("phấn đấu đến hết năm 2025 đạt 100%", {"kind": "year_end", "year": 2025}),
    ("Định kỳ hàng tháng công khai tiến độ", {"kind": "monthly", "first_period": "2025-08",
                                             "last_period": "2025-12"}),
    ("báo cáo hàng quý", {"kind": "periodic", "periods": ["2025-Q1", "2025-Q2", "2025-Q3", "2025-Q4"]}),
    ("Định kỳ 6 tháng, năm báo cáo kết quả", {"kind": "periodic", "periods": ["2025-H1", "2025-Y"]}),
    ("tổng kết hàng năm", {"kind": "periodic", "periods": ["2025-Y"]}),
    ("Tổ chức hội thi; thời gian thực hiện: tháng 5/2025.", {"kind": "fixed_date", "date": "2025-05-31"}),
    ("Rà soát hồ sơ; Thời gian: năm 2025", {"kind": "year_end", "year": 2025}),
    ("báo cáo sơ kết 6 tháng, tổng kết năm", {"kind": "periodic", "periods": ["2025-H1", "2025-Y"]}),
    ("thực hiện thường xuyên", {"kind": "standing"}),
    ("báo cáo khi có yêu cầu", {"kind": "on_event"}),
    ("ngay sau khi được Chính phủ phê duyệt", {"kind": "on_event"}),
])
def test_deadline_wording_becomes_its_kind_and_date(text: str, expected: dict) -> None:
    got = dl(text)
    assert {k: got[k] for k in expected} == expected
    assert got["text"]  # the plan's words are kept


def test_a_bare_year_counts_in_a_deadline_column_but_not_in_running_text() -> None:
    assert dl("Năm 2025", strict=False) == {"kind": "year_end", "text": "Năm 2025", "year": 2025}
    reading = read_deadline("Bố trí kinh phí trong dự toán ngân sách năm 2025", year=2025)
    assert reading.deadline["kind"] == "standing" and reading.review and not reading.found


def test_the_dates_of_cited_decrees_are_not_deadlines() -> None:
    text = ("theo Nghị định số 63/2010/NĐ-CP ngày 08 tháng 6 năm 2010 và Nghị định số 92/2017/NĐ-CP ngày "
            "07/8/2017. Thời hạn hoàn thành trước ngày 15/12/2025.")
    reading = read_deadline(text, year=2025)
    assert reading.deadline["date"] == "2025-12-14" and reading.review is None


def test_two_deadlines_keep_the_first_and_ask_for_review() -> None:
    reading = read_deadline("hoàn thành trước ngày 30/6/2025, báo cáo trong Quý III/2025", year=2025)
    assert reading.deadline["date"] == "2025-06-29"
    assert reading.review and "Quý III/2025" in reading.review


def test_no_deadline_is_a_standing_duty_to_review() -> None:
    reading = read_deadline("Tập trung rà soát, tham mưu UBND xã", year=2025)
    assert reading.deadline == {"kind": "standing", "text": "Thường xuyên"}
    assert reading.review == "Kế hoạch không ghi thời hạn: tạm coi là nhiệm vụ thường xuyên."


def test_a_parenthesised_if_any_is_not_an_event() -> None:
    assert dl("đề xuất tháo gỡ các điểm nghẽn (nếu có) trong quá trình triển khai")["kind"] == "standing"
    assert dl("Trong quá trình thực hiện, nếu có khó khăn, vướng mắc gửi về")["kind"] == "on_event"


@pytest.mark.parametrize(("text", "codes"), [
    ("Văn phòng HĐND và UBND xã chủ trì", ["VP"]),
    ("VP HĐND&UBND xã", ["VP"]),
    ("Phòng Văn hóa – xã hội xã", ["VHXH"]),
    ("Phòng VH-XH", ["VHXH"]),
    ("Phòng Kinh tế, Hạ tầng và Đô thị", ["KT"]),
    ("Trung tâm Phục vụ hành chính công xã", ["TTPVHCC"]),
    ("Công an xã", ["CA"]),
    ("Ban Chỉ huy quân sự xã", ["BCHQS"]),
    ("Các phòng chuyên môn thuộc UBND xã", [ALL]),
    ("các cơ quan, đơn vị", [EVERY]),
    ("Văn phòng UBND tỉnh; Bộ Công an; Sở Nội vụ", []),
])
def test_units_are_matched_to_the_communes_units(text: str, codes: list[str]) -> None:
    assert [m.code for m in mentions(text)] == codes


def test_the_subject_of_a_sentence_leads_and_a_receiver_that_compiles_leads() -> None:
    subj = subject_units("Thủ trưởng các phòng chuyên môn, Trung tâm Phục vụ hành chính công nghiên cứu, tham mưu")
    assert [m.code for m in subj] == [ALL, "TTPVHCC"]
    rec = receiver_lead("nếu có khó khăn, vướng mắc các phòng ban chuyên môn gửi văn bản về Phòng Văn hóa – xã hội "
                        "xã để tổng hợp tham mưu UBND xã")
    assert rec is not None and rec.code == "VHXH"
    assert new_unit_code("Hội Nông dân xã", set()) == "HND"
    assert new_unit_code("Hội Nông dân xã", {"HND"}) == "HND2"


@pytest.mark.parametrize(("text", "value", "comparison"), [
    ("60", 60, "gte"), ("100", 100, "gte"), ("Tối thiểu 50", 50, "gte"), ("≥ 90%", 90, "gte"),
    ("không quá 2%", 2, "lte"), ("Tối đa 5%", 5, "lte"), ("Không thấp hơn 70%", 70, "gte"),
    ("không dưới 80%", 80, "gte"),
])
def test_kpi_targets(text: str, value: float, comparison: str) -> None:
    assert read_target(text)[:2] == (value, comparison)


def write(tmp_path: Path, text: str, name: str = "kh.txt") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


PLAN = """ỦY BAN NHÂN DÂN
XÃ CAM PHƯỚC
Số: 12/KH-UBND
Cam Phước, ngày 05 tháng 3 năm 2026
KẾ HOẠCH
Cải cách hành chính năm 2026 trên địa bàn xã Cam Phước
I. MỤC ĐÍCH, YÊU CẦU
- Nâng cao chất lượng phục vụ người dân.
II. NHIỆM VỤ
1. Cải cách thủ tục hành chính
a) Phòng Văn hóa - Xã hội chủ trì:
- Rà soát thủ tục hành chính nội bộ; hoàn thành trước ngày 30/6/2026.
- Báo cáo kết quả định kỳ 6 tháng, năm.
- Theo dõi việc giải quyết hồ sơ:
+ Công khai tiến độ hàng tháng.
+ Tổng hợp phản ánh, kiến nghị hàng quý.
đ) Hội Nông dân xã vận động hội viên nộp hồ sơ trực tuyến; thực hiện thường xuyên.
1.1. Trung tâm Phục vụ hành chính công số hóa hồ sơ; hoàn thành trong Quý II/2026.
III. TỔ CHỨC THỰC HIỆN
1. Các phòng chuyên môn báo cáo khi có yêu cầu.
KT. CHỦ TỊCH
PHÓ CHỦ TỊCH
Nguyễn Văn An
"""


def test_numbering_becomes_task_codes_and_the_header_is_read(tmp_path: Path) -> None:
    plan = import_document(write(tmp_path, PLAN)).plan
    codes = [t["code"] for t in plan["tasks"]]
    assert codes == ["II.1.a.1", "II.1.a.2", "II.1.a.3.1", "II.1.a.3.2", "II.1.dd", "II.1.1", "III.1"]
    tasks = {t["code"]: t for t in plan["tasks"]}
    assert tasks["II.1.a.1"]["lead_unit"] == "VHXH"  # the heading's unit leads its bullets
    assert tasks["II.1.a.1"]["deadline"]["date"] == "2026-06-29"
    assert tasks["II.1.a.2"]["deadline"]["periods"] == ["2026-H1", "2026-Y"]
    assert tasks["II.1.a.3.1"]["deadline"]["kind"] == "monthly"
    assert tasks["II.1.a.3.1"]["deadline"]["first_period"] == "2026-03"  # from the plan's issue month
    assert tasks["II.1.a.3.2"]["deadline"]["kind"] == "periodic"
    assert tasks["III.1"]["lead_units"] == "all_departments" and "review" in tasks["III.1"]
    assert tasks["III.1"]["deadline"]["kind"] == "on_event"
    # "Các cơ quan, đơn vị" is every unit of the commune the plan names, departments or not.
    every = import_document(write(tmp_path, PLAN.replace("1. Các phòng chuyên môn báo cáo",
                                                         "1. Các cơ quan, đơn vị thuộc xã báo cáo"))).plan
    task = next(t for t in every["tasks"] if t["code"] == "III.1")
    assert task["lead_units"] == [u["code"] for u in every["units"]] and "HND" in task["lead_units"]
    assert "review" in task
    new = next(u for u in plan["units"] if u["code"] == "HND")  # an unknown unit becomes a new one, for review
    assert new["name"] == "Hội Nông dân xã" and new["department"] is False and new["review"]
    assert tasks["II.1.dd"]["lead_unit"] == "HND" and tasks["II.1.dd"]["deadline"]["kind"] == "standing"
    assert plan["plan"]["number"] == "12/KH-UBND"
    assert plan["plan"]["issue_date"] == "2026-03-05"
    assert plan["plan"]["title"] == "Kế hoạch cải cách hành chính năm 2026 trên địa bàn xã Cam Phước"
    assert plan["plan"]["issuer"] == "Ủy ban nhân dân xã Cam Phước"
    assert plan["plan"]["signer"] == "Nguyễn Văn An"
    assert plan["people"][0]["role"] == "vice_chairman"
    assert plan["commune"] == {"code": "cam-phuoc", "name": "Xã Cam Phước"}
    for t in plan["tasks"]:
        assert t["source"]["paragraph"] >= 1 and t["source"]["text"]


def test_the_2025_plan_text_gives_the_reference_plans_header_and_codes() -> None:
    plan = import_document(PLAN_2025).plan
    assert plan["plan"] | {"source": None} == {
        "code": "cai-cach-tthc-2025", "number": "…/QĐ-UBND",
        "title": "Kế hoạch cải cách thủ tục hành chính trọng tâm năm 2025 trên địa bàn xã Cam Hiệp",
        "issuer": "Ủy ban nhân dân xã Cam Hiệp", "signer": "Bùi Quang Nam", "issue_date": None,
        "issue_date_text": "ngày … tháng 8 năm 2025", "year": 2025, "source": None}
    assert plan["commune"]["code"] == "cam-hiep"
    assert [k["code"] for k in plan["kpis"]] == ["I.1", "I.2", "I.3", "I.4", "II.1", "II.2", "II.3", "II.4",
                                               "III.1", "III.2"]
    kpi = {k["code"]: k for k in plan["kpis"]}
    assert kpi["III.1"]["name"].endswith("(Không xử lý song song văn bản, hồ sơ điện tử và văn bản, hồ sơ giấy)")
    assert kpi["III.1"]["lead_units"] == ["VP", "VHXH", "KT", "TTPVHCC"]


def test_a_paragraph_cut_by_a_page_break_is_joined(tmp_path: Path) -> None:
    plan = import_document(PLAN_2025).plan
    task = next(t for t in plan["tasks"] if t["code"] == "II.2.b.1")
    assert "Rà soát các chế độ báo cáo" in task["description"]


@pytest.mark.parametrize(("text", "code"), [
    ("", "document.empty"),
    ("Biên bản họp chi bộ tháng 3.\nNội dung: trao đổi tình hình.\n", "document.not_a_plan"),
])
def test_empty_or_unrelated_text_is_refused(tmp_path: Path, text: str, code: str) -> None:
    with pytest.raises(DocumentError) as err:
        import_document(write(tmp_path, text))
    assert err.value.code == code


def test_docx_paragraphs_tables_and_words_numbering(tmp_path: Path) -> None:
    import docx

    d = docx.Document()
    for line in ("ỦY BAN NHÂN DÂN XÃ CAM AN", "Số: 7/KH-UBND", "Cam An, ngày 02 tháng 02 năm 2026",
                 "KẾ HOẠCH", "Cải cách hành chính năm 2026", "I. NHIỆM VỤ", "1. Văn phòng HĐND và UBND xã"):
        d.add_paragraph(line)
    d.add_paragraph("Cập nhật trang thông tin điện tử hàng tháng.", style="List Bullet")
    d.add_paragraph("Rà soát quy chế làm việc; hoàn thành trong Quý II/2026.", style="List Bullet")
    d.add_paragraph("PHỤ LỤC")
    table = d.add_table(rows=3, cols=5)
    for r, row in enumerate([["STT", "Nội dung nhiệm vụ", "Cơ quan chủ trì", "Cơ quan phối hợp",
                              "Thời gian hoàn thành"],
                             ["1", "Số hóa hồ sơ", "Trung tâm Phục vụ hành chính công", "Công an xã", "Năm 2026"],
                             ["2", "Vận động hội viên", "Hội Cựu chiến binh xã", "", "Quý III/2026"]]):
        for c, value in enumerate(row):
            table.rows[r].cells[c].text = value
    path = tmp_path / "kh.docx"
    d.save(str(path))
    plan = import_document(path).plan
    tasks = {t["code"]: t for t in plan["tasks"]}
    assert set(tasks) == {"I.1.1", "I.1.2", "1", "2"}
    assert tasks["I.1.1"]["lead_unit"] == "VP" and tasks["I.1.1"]["deadline"]["kind"] == "monthly"
    assert tasks["1"]["lead_unit"] == "TTPVHCC" and tasks["1"]["coordinating_units"] == ["CA"]
    assert tasks["1"]["deadline"] == {"kind": "year_end", "text": "Năm 2026", "year": 2026}
    assert tasks["1"]["source"]["table"] == 1 and tasks["1"]["source"]["row"] == 2
    unit = next(u for u in plan["units"] if u["name"] == "Hội Cựu chiến binh xã")
    assert tasks["2"]["lead_unit"] == unit["code"] and unit["review"] and unit["department"] is False


def test_a_password_protected_or_corrupt_docx_is_refused(tmp_path: Path) -> None:
    locked = tmp_path / "locked.docx"
    locked.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512)
    with pytest.raises(DocumentError) as err:
        import_document(locked)
    assert err.value.code == "document.encrypted" and "mật khẩu" in err.value.message
    broken = tmp_path / "broken.docx"
    broken.write_bytes(b"PK\x03\x04 not really a zip")
    with pytest.raises(DocumentError) as err:
        import_document(broken)
    assert err.value.code == "document.corrupt"


def test_a_scanned_or_encrypted_pdf_is_refused(tmp_path: Path) -> None:
    from pypdf import PdfWriter

    scanned = tmp_path / "scan.pdf"
    w = PdfWriter()
    w.add_blank_page(width=595, height=842)
    w.add_blank_page(width=595, height=842)
    with scanned.open("wb") as f:
        w.write(f)
    with pytest.raises(DocumentError) as err:
        import_document(scanned)
    assert err.value.code == "document.scanned" and "OCR" in err.value.message
    locked = tmp_path / "locked.pdf"
    w.encrypt("mat-khau")
    with locked.open("wb") as f:
        w.write(f)
    with pytest.raises(DocumentError) as err:
        import_document(locked)
    assert err.value.code == "document.encrypted"
    bad = tmp_path / "bad.pdf"
    bad.write_bytes(b"%PDF-1.7\n garbage")
    with pytest.raises(DocumentError) as err:
        import_document(bad)
    assert err.value.code == "document.corrupt"


def test_a_unit_named_as_lead_leads_and_one_that_cooperates_does_not(tmp_path: Path) -> None:
    text = PLAN.replace("đ) Hội Nông dân xã vận động hội viên nộp hồ sơ trực tuyến; thực hiện thường xuyên.",
                        "đ) Tổ chức Hội thi cải cách hành chính; Quý III/2026; đơn vị chủ trì: Phòng Kinh tế.\n"
                        "e) Xây dựng chuyên mục trên hệ thống truyền thanh; Công an xã phối hợp.")
    tasks = {t["code"]: t for t in import_document(write(tmp_path, text)).plan["tasks"]}
    assert tasks["II.1.dd"]["lead_unit"] == "KT" and "review" not in tasks["II.1.dd"]
    assert tasks["II.1.e"]["coordinating_units"] == ["CA"]
    assert tasks["II.1.e"]["lead_unit"] != "CA" and "không nêu đơn vị chủ trì" in tasks["II.1.e"]["review"]


def test_words_automatic_numbering_gives_the_codes(tmp_path: Path) -> None:
    """"II.", "1.", "a)", "-" produced by Word's numbering (w:numPr) are not in the text: they are rebuilt."""
    import docx
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    d = docx.Document()
    numbering = d.part.numbering_part.element
    numbering.insert(0, parse_xml(
        f'<w:abstractNum {nsdecls("w")} w:abstractNumId="90">'
        '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="upperRoman"/><w:lvlText w:val="%1."/></w:lvl>'
        '<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%2."/></w:lvl>'
        '<w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="lowerLetter"/><w:lvlText w:val="%3)"/></w:lvl>'
        '<w:lvl w:ilvl="3"><w:start w:val="1"/><w:numFmt w:val="bullet"/><w:lvlText w:val="-"/></w:lvl>'
        '</w:abstractNum>'))
    numbering.append(parse_xml(f'<w:num {nsdecls("w")} w:numId="90"><w:abstractNumId w:val="90"/></w:num>'))

    def para(text: str, level: int | None = None) -> None:
        p = d.add_paragraph(text)
        if level is not None:
            p._p.get_or_add_pPr().append(parse_xml(
                f'<w:numPr {nsdecls("w")}><w:ilvl w:val="{level}"/><w:numId w:val="90"/></w:numPr>'))

    for line in ("ỦY BAN NHÂN DÂN XÃ CAM AN", "Số: 7/KH-UBND", "Cam An, ngày 02 tháng 02 năm 2026", "KẾ HOẠCH",
                 "Cải cách hành chính năm 2026"):
        para(line)
    para("MỤC ĐÍCH", 0)
    para("Nâng cao chất lượng.", 3)
    para("NHIỆM VỤ", 0)
    para("Cải cách thủ tục hành chính", 1)
    para("Phòng Văn hóa - Xã hội chủ trì:", 2)
    para("Rà soát thủ tục; hoàn thành trước ngày 30/6/2026.", 3)
    para("Báo cáo hàng quý.", 3)
    para("Công an xã làm sạch dữ liệu; thường xuyên.", 2)
    path = tmp_path / "so-tu-dong.docx"
    d.save(str(path))
    tasks = import_document(path).plan["tasks"]
    assert [(t["code"], t.get("lead_unit")) for t in tasks] == [("II.1.a.1", "VHXH"), ("II.1.a.2", "VHXH"),
                                                              ("II.1.b", "CA")]


BODY_TABLE = """ỦY BAN NHÂN DÂN
XÃ DIÊN THỌ
Số: 9/KH-UBND
Diên Thọ, ngày 03 tháng 3 năm 2026
KẾ HOẠCH
Tuyên truyền cải cách hành chính năm 2026
I. NỘI DUNG, HÌNH THỨC
1. Nội dung tuyên truyền
- Chủ trương, chính sách về cải cách hành chính.
2. Hình thức tuyên truyền
- Trên hệ thống truyền thanh xã.
II. NHIỆM VỤ
STT\tNhiệm vụ\tĐơn vị chủ trì\tPhối hợp\tThời hạn
1\tXây dựng chuyên mục\tVP HĐND&UBND xã\tcác thôn\tTháng 10/2026
1.1\tĐăng tin hằng tháng\tPhòng VH-XH\t\tĐịnh kỳ hằng tháng
III. TỔ CHỨC THỰC HIỆN
1. Phòng Văn hóa - Xã hội theo dõi, báo cáo trước ngày 05 tháng 12 năm 2026.
2. Kinh phí thực hiện Kế hoạch được bố trí từ ngân sách xã năm 2026./.
KT. CHỦ TỊCH
PHÓ CHỦ TỊCH
(Đã ký)
Hồ Thị Mai
"""


def test_letters_with_a_period_number_like_letters_with_a_parenthesis(tmp_path: Path) -> None:
    text = PLAN.replace("a) Phòng Văn hóa", "a. Phòng Văn hóa").replace("đ) Hội", "đ. Hội")
    assert [t["code"] for t in import_document(write(tmp_path, text)).plan["tasks"]][:5] == [
        "II.1.a.1", "II.1.a.2", "II.1.a.3.1", "II.1.a.3.2", "II.1.dd"]


def test_a_task_table_in_the_body_takes_its_sections_path_and_lists_of_content_are_not_tasks(tmp_path: Path) -> None:
    plan = import_document(write(tmp_path, BODY_TABLE)).plan
    tasks = {t["code"]: t for t in plan["tasks"]}
    assert list(tasks) == ["III.1", "II.1", "II.1.1"]  # no "Nội dung", "Hình thức", "Kinh phí" tasks
    assert tasks["II.1"]["lead_unit"] == "VP" and tasks["II.1"]["coordinating_units"] == []
    assert tasks["II.1"]["deadline"]["date"] == "2026-10-31"
    assert tasks["II.1.1"]["lead_unit"] == "VHXH" and tasks["II.1.1"]["deadline"]["kind"] == "monthly"
    assert tasks["III.1"]["deadline"]["date"] == "2026-12-04"
    assert plan["plan"]["signer"] == "Hồ Thị Mai" and plan["people"][0]["role"] == "vice_chairman"
    assert [u["code"] for u in plan["units"]] == ["VP", "VHXH", "KT"]  # "các thôn" is not a unit


def test_a_bulleted_note_without_a_plan_title_or_sections_is_not_a_plan(tmp_path: Path) -> None:
    text = "Ghi chú cuộc họp\n- Rà soát hồ sơ.\n- Báo cáo hàng tháng.\n- Cập nhật phần mềm.\n- Liên hệ Công an xã.\n"
    with pytest.raises(DocumentError) as err:
        import_document(write(tmp_path, text, "ghi-chu.md"))
    assert err.value.code == "document.not_a_plan"


def test_a_task_table_in_a_pdfs_lines_is_rebuilt_row_by_row() -> None:
    from tracker.plans.importer.extract import Block
    from tracker.plans.importer.parse import pdf_tables

    lines = ["PHỤ LỤC I", "STT Nội dung nhiệm vụ Đơn vị chủ trì Đơn vị phối hợp Thời gian hoàn thành",
             "I Hoàn thiện thể chế",
             "1 Quán triệt Nghị quyết số 57-NQ/TW Phòng Văn hóa - Xã hội Các phòng chuyên môn Quý II/2026",
             "2", "Kiện toàn Ban Chỉ đạo chuyển đổi số của", "phường", "Văn phòng HĐND và UBND",
             "phường Phòng Văn hóa - Xã hội Trước ngày 30/4/2026", "Nơi nhận:"]
    blocks = [Block(t, {"page": 2, "paragraph": n}) for n, t in enumerate(lines, start=1)]
    rows = [b.cells for b in pdf_tables(blocks) if b.cells is not None]
    assert rows[1:] == [
        ["I", "Hoàn thiện thể chế", "", "", ""],
        ["1", "Quán triệt Nghị quyết số 57-NQ/TW", "Phòng Văn hóa - Xã hội", "Các phòng chuyên môn", "Quý II/2026"],
        ["2", "Kiện toàn Ban Chỉ đạo chuyển đổi số của phường", "Văn phòng HĐND và UBND phường",
         "Phòng Văn hóa - Xã hội", "Trước ngày 30/4/2026"]]
    assert pdf_tables(blocks)[-1].text == "Nơi nhận:"  # the lines after the table stay lines


def test_a_kpi_table_in_a_pdfs_lines_is_rebuilt_too() -> None:
    from tracker.plans.importer.extract import Block
    from tracker.plans.importer.parse import pdf_tables

    lines = ["STT Chỉ tiêu Đơn vị chủ trì Đơn vị đánh giá Chỉ tiêu năm 2026",
             "1 Tỷ lệ văn bản đi được ký số Văn phòng HĐND và UBND xã Phòng Văn hóa - Xã hội 100%",
             "2 Tỷ lệ hồ sơ trực tuyến Các phòng chuyên môn Văn phòng HĐND và UBND xã Tối thiểu 80%"]
    rows = [b.cells for b in pdf_tables([Block(t, {"page": 3, "paragraph": n}) for n, t in enumerate(lines, 1)])]
    assert rows[1:] == [
        ["1", "Tỷ lệ văn bản đi được ký số", "Văn phòng HĐND và UBND xã", "Phòng Văn hóa - Xã hội", "100%"],
        ["2", "Tỷ lệ hồ sơ trực tuyến", "Các phòng chuyên môn", "Văn phòng HĐND và UBND xã", "Tối thiểu 80%"]]


def test_a_signature_beside_the_recipients_list_still_gives_the_signer(tmp_path: Path) -> None:
    text = PLAN.replace("KT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\nNguyễn Văn An\n",
                        "Nơi nhận: TM. ỦY BAN NHÂN DÂN\n- Sở Nội vụ; CHỦ TỊCH\n- TT. Đảng ủy xã;\n"
                        "- Lưu: VT, VP. Đặng Hữu Phước\n")
    plan = import_document(write(tmp_path, text)).plan
    assert plan["plan"]["signer"] == "Đặng Hữu Phước" and plan["people"][0]["role"] == "chairman"


def test_a_plan_signed_in_december_is_for_the_year_its_title_names(tmp_path: Path) -> None:
    text = (PLAN.replace("Cam Phước, ngày 05 tháng 3 năm 2026", "Cam Phước, ngày 26 tháng 12 năm 2025")
            .replace("- Báo cáo kết quả định kỳ 6 tháng, năm.",
                     "- Kiểm tra việc cập nhật Trang thông tin điện tử; trong\nQuý III."))
    plan = import_document(write(tmp_path, text)).plan
    assert plan["plan"]["year"] == 2026 and plan["plan"]["issue_date"] == "2025-12-26"
    tasks = {t["code"]: t for t in plan["tasks"]}
    assert tasks["II.1.a.1"]["deadline"]["date"] == "2026-06-29"
    assert tasks["II.1.a.3.1"]["deadline"]["first_period"] == "2026-01"
    # The hard-wrapped bullet is one task with its deadline, not two.
    assert tasks["II.1.a.2"]["deadline"] | {"text": ""} == {"kind": "quarter_end", "text": "", "year": 2026,
                                                           "quarter": 3}
    assert tasks["II.1.a.3.1"]["description"].startswith("Công khai")


def test_a_two_row_header_and_cells_merged_across_and_down(tmp_path: Path) -> None:
    """"Đơn vị thực hiện" over "Chủ trì | Phối hợp", "Thời gian" over "Bắt đầu | Hoàn thành"; a lead cell merged
    down over three rows leads all three."""
    import docx

    d = docx.Document()
    for line in ("ỦY BAN NHÂN DÂN XÃ NINH TÂY", "Số: 35/KH-UBND", "Ninh Tây, ngày 20 tháng 01 năm 2026", "KẾ HOẠCH",
                 "Phát triển kinh tế số năm 2026", "I. NHIỆM VỤ"):
        d.add_paragraph(line)
    t = d.add_table(rows=5, cols=6)
    rows = [["STT", "Nội dung nhiệm vụ", "Đơn vị thực hiện", "", "Thời gian", ""],
            ["", "", "Chủ trì", "Phối hợp", "Bắt đầu", "Hoàn thành"],
            ["1", "Hỗ trợ hộ kinh doanh bán hàng trực tuyến", "Phòng Kinh tế", "", "Tháng 02/2026", "Quý III/2026"],
            ["2", "Vận động thanh toán không dùng tiền mặt", "", "Công an xã", "Tháng 03/2026", "Năm 2026"],
            ["3", "Khảo sát chợ truyền thống", "", "", "Tháng 04/2026", "Trước ngày 30/9/2026"]]
    for r, values in enumerate(rows):
        for c, value in enumerate(values):
            if value:
                t.cell(r, c).text = value
    t.cell(0, 2).merge(t.cell(0, 3))
    t.cell(0, 4).merge(t.cell(0, 5))
    t.cell(0, 0).merge(t.cell(1, 0))
    t.cell(0, 1).merge(t.cell(1, 1))
    t.cell(2, 2).merge(t.cell(4, 2))
    path = tmp_path / "hai-dong-tieu-de.docx"
    d.save(str(path))
    tasks = {x["code"]: x for x in import_document(path).plan["tasks"]}
    assert {c: (x.get("lead_unit"), x["deadline"]["kind"]) for c, x in tasks.items()} == {
        "I.1": ("KT", "quarter_end"), "I.2": ("KT", "year_end"), "I.3": ("KT", "fixed_date")}
    assert tasks["I.2"]["coordinating_units"] == ["CA"]
    assert tasks["I.3"]["deadline"]["date"] == "2026-09-29"


def test_a_table_whose_unit_column_says_thuc_hien_gives_the_lead(tmp_path: Path) -> None:
    text = BODY_TABLE.replace("STT\tNhiệm vụ\tĐơn vị chủ trì\tPhối hợp\tThời hạn",
                              "STT\tNội dung công việc\tĐơn vị thực hiện\tPhối hợp\tThời gian thực hiện")
    tasks = {t["code"]: t for t in import_document(write(tmp_path, text)).plan["tasks"]}
    assert tasks["II.1"]["lead_unit"] == "VP" and tasks["II.1.1"]["lead_unit"] == "VHXH"


FIELDS = """ỦY BAN NHÂN DÂN
PHƯỜNG CAM LINH
Số: 06/KH-UBND
Cam Linh, ngày 08 tháng 01 năm 2026
KẾ HOẠCH
Cải cách hành chính năm 2026
I. NHIỆM VỤ CỤ THỂ
1. Cải cách thể chế
1.1. Rà soát văn bản quy phạm pháp luật của phường.
- Cơ quan chủ trì: Văn phòng HĐND và UBND phường.
- Cơ quan phối hợp: các phòng chuyên môn.
- Thời gian hoàn thành: Quý II/2026.
- Sản phẩm: Báo cáo kết quả rà soát.
1.2. Theo dõi thi hành pháp luật về xử lý vi phạm hành chính.
- Cơ quan chủ trì: Công an phường.
- Thời gian thực hiện: Thường xuyên.
II. TỔ CHỨC THỰC HIỆN
Thủ trưởng các cơ quan, đơn vị thuộc UBND phường báo cáo kết quả về Văn phòng HĐND và UBND phường khi có yêu cầu./.
"""


def test_bullets_that_give_a_tasks_fields_are_its_fields_and_a_lone_paragraph_under_a_section_is_a_task(
        tmp_path: Path) -> None:
    tasks = {t["code"]: t for t in import_document(write(tmp_path, FIELDS)).plan["tasks"]}
    assert list(tasks) == ["I.1.1", "I.1.2", "II"]
    assert tasks["I.1.1"]["lead_unit"] == "VP" and tasks["I.1.1"]["coordinating_units"] == ["VHXH", "KT"]
    assert tasks["I.1.1"]["deadline"] | {"text": ""} == {"kind": "quarter_end", "text": "", "year": 2026, "quarter": 2}
    assert tasks["I.1.1"]["expected_output"] == "Báo cáo kết quả rà soát"
    assert tasks["I.1.2"]["lead_unit"] == "CA" and tasks["I.1.2"]["deadline"]["kind"] == "standing"
    assert tasks["II"]["deadline"]["kind"] == "on_event" and "review" in tasks["II"]


def test_plus_lines_under_a_heading_a_field_line_of_its_own_and_the_plan_years_target_column(tmp_path: Path) -> None:
    text = FIELDS.replace("""1.2. Theo dõi thi hành pháp luật về xử lý vi phạm hành chính.
- Cơ quan chủ trì: Công an phường.
- Thời gian thực hiện: Thường xuyên.""", """1.2. Công an phường:
+ Máy tính tại bộ phận văn thư: trong tháng 3/2026;
+ Các máy tính còn lại: trong Quý II/2026.
1.3. Các phòng chuyên môn:
- Cử công chức tham gia diễn tập do tỉnh tổ chức.
Thời gian thực hiện: Quý III/2026.
- Báo cáo kết quả 6 tháng, năm.""") + """PHỤ LỤC
STT\tChỉ tiêu\tĐơn vị\tĐơn vị\tMục tiêu\tMục tiêu
STT\tChỉ tiêu\tChủ trì\tĐánh giá\tNăm 2025 (đã đạt)\tNăm 2026
1\tTỷ lệ máy tính được cài phần mềm\tVăn phòng HĐND và UBND phường\t\t75%\tTối thiểu 95%
"""
    plan = import_document(write(tmp_path, text)).plan
    tasks = {t["code"]: t for t in plan["tasks"]}
    assert [c for c in tasks if c.startswith("I.1.")] == ["I.1.1", "I.1.2.1", "I.1.2.2", "I.1.3.1", "I.1.3.2"]
    assert tasks["I.1.2.1"]["deadline"]["date"] == "2026-03-31" and tasks["I.1.2.1"]["lead_unit"] == "CA"
    assert tasks["I.1.2.2"]["deadline"]["kind"] == "quarter_end"
    assert tasks["I.1.3.1"]["deadline"]["quarter"] == 3  # the field line dates the bullet before it
    assert tasks["I.1.3.2"]["deadline"]["periods"] == ["2026-H1", "2026-Y"]
    assert [(k["code"], k["target"], k["comparison"]) for k in plan["kpis"]] == [("1", 95, "gte")]
