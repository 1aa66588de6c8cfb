"""The monthly report (Word): layout per ND 30/2020, numbers per the ND 09/2019 window."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import docx
import pytest
from docx.shared import Mm

from tests.factories import OCT_20, rename_task

TEMPLATE = Path(__file__).resolve().parent.parent / "tracker" / "reports" / "templates" / "monthly_report.docx"


UNITS = ["Văn phòng HĐND và UBND xã", "Phòng Văn hóa - Xã hội", "Phòng Kinh tế", "Trung tâm Phục vụ hành chính công"]
ALL = list(zip(["VP", "VHXH", "KT", "TTPVHCC"], UNITS, strict=True))
DEPARTMENTS = ALL[:3]
HEADINGS = ["I. KẾT QUẢ THỰC HIỆN", "II. TỒN TẠI, HẠN CHẾ", "III. NHIỆM VỤ TRỌNG TÂM THÁNG TỚI",
            "IV. KIẾN NGHỊ, ĐỀ XUẤT"]


def _texts(document: Any) -> list[str]:
    out = [p.text for p in document.paragraphs]
    for t in document.tables:
        for row in t.rows:
            for cell in row.cells:
                out.extend(p.text for p in cell.paragraphs)
    return out


def _table_with(document: Any, header: str) -> list[list[str]]:
    for t in document.tables:
        rows = [[c.text.strip() for c in row.cells] for row in t.rows]
        if header in rows[0]:
            return rows
    raise AssertionError(f"no table with a «{header}» column")


def _report(run_cli: Any, tmp_path: Path, month: str = "2025-10") -> Any:
    out = tmp_path / "bc.docx"
    res = run_cli("report", "monthly", "--month", month, "--out", str(out))
    assert res.exit_code == 0, res.output
    assert str(out) in res.output
    return docx.Document(str(out))


@pytest.mark.usefixtures("progressed")
def test_monthly_report_has_the_nd30_header_title_and_signature(seeded, run_cli, tmp_path):
    d = _report(run_cli, tmp_path)
    header = d.tables[0]
    left, right = ([line for line in c.text.splitlines() if line] for c in header.rows[0].cells)
    assert left == ["ỦY BAN NHÂN DÂN", "XÃ CAM HIỆP", "Số: .../BC-UBND"]
    assert right[:2] == ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"]
    assert right[2].startswith("Cam Hiệp, ngày ") and right[2].endswith("tháng 10 năm 2025")
    paragraphs = [p.text for p in d.paragraphs]
    i = paragraphs.index("BÁO CÁO")
    assert paragraphs[i + 1] == ("Kết quả thực hiện Kế hoạch cải cách thủ tục hành chính trọng tâm năm 2025 trên địa "
                                 "bàn xã Cam Hiệp, tháng 10/2025")
    assert [p for p in paragraphs if p in HEADINGS] == HEADINGS
    signature = d.tables[-1].rows[0].cells
    assert signature[0].text.startswith("Nơi nhận:")
    assert "- Lưu: VT, TTPVHCC." in signature[0].text
    assert [line for line in signature[1].text.splitlines() if line] == ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH",
                                                                         "Bùi Quang Nam"]
    assert not any("{{" in t or "{%" in t for t in _texts(d))


@pytest.mark.usefixtures("progressed")
def test_monthly_report_is_a4_in_times_new_roman(seeded, run_cli, tmp_path):
    d = _report(run_cli, tmp_path)
    section = d.sections[0]
    assert abs(section.page_width - Mm(210)) < Mm(1) and abs(section.page_height - Mm(297)) < Mm(1)
    assert d.styles["Normal"].font.name == "Times New Roman"
    sizes = {r.font.size.pt for p in d.paragraphs for r in p.runs if r.text.strip() and r.font.size}
    assert sizes and min(sizes) >= 13 and max(sizes) <= 14


@pytest.mark.usefixtures("progressed")
def test_unit_table_counts_only_the_window_and_prints_every_base(seeded, run_cli, tmp_path):
    d = _report(run_cli, tmp_path)
    rows = _table_with(d, "Hoàn thành đúng hạn")
    assert rows[0] == ["STT", "Đơn vị chủ trì", "Tổng số", "Hoàn thành đúng hạn", "Hoàn thành quá hạn",
                       "Đang thực hiện trong hạn", "Quá hạn", "Thường xuyên"]
    assert [r[1] for r in rows[1:]] == [*UNITS, "Toàn xã"]
    by_unit = {r[1]: r[2:] for r in rows[1:]}
    # A department's items: its own share of II.1.b.1 and II.2.a.3 (due 31/12) in progress; of the monthly
    # II.2.a.7 and III.1.4, August's and September's overdue, October's (due 15-16/10) in progress.
    # VP has also II.2.b.1 done 20/09 (on time) and II.2.b.2 done 03/10 after its 30/09 deadline.
    assert by_unit["Văn phòng HĐND và UBND xã"] == ["10", "1/10 (10,0%)", "1/10 (10,0%)", "4/10 (40,0%)",
                                                    "4/10 (40,0%)", "9"]
    # Phòng Kinh tế counts the duties the plan gives to every department (it had none before issue 11).
    assert by_unit["Phòng Kinh tế"] == ["8", "0/8 (0,0%)", "0/8 (0,0%)", "4/8 (50,0%)", "4/8 (50,0%)", "9"]
    # VHXH: the same eight and II.1.b.4 (due 14/12).
    assert by_unit["Phòng Văn hóa - Xã hội"][:5] == ["9", "0/9 (0,0%)", "0/9 (0,0%)", "5/9 (55,6%)", "4/9 (44,4%)"]
    # TTPVHCC (no share of III.1, which is for the departments): III.2.1 (08) finished before the window is left
    # out; III.2.1 (09) late; its II.2.a.7 (10) was finished after 14/10 so it is still in progress, with III.2.1
    # (10) and II.2.a.3; its II.2.a.7 (08) and (09) overdue.
    assert by_unit["Trung tâm Phục vụ hành chính công"] == ["6", "0/6 (0,0%)", "1/6 (16,7%)", "3/6 (50,0%)",
                                                            "2/6 (33,3%)", "8"]
    assert by_unit["Toàn xã"] == ["33", "1/33 (3,0%)", "2/33 (6,1%)", "16/33 (48,5%)", "14/33 (42,4%)", "38"]


@pytest.mark.usefixtures("progressed")
def test_completed_overdue_and_next_month_tables_list_the_right_items(seeded, run_cli, tmp_path):
    d = _report(run_cli, tmp_path)
    done = _table_with(d, "Ngày hoàn thành")
    assert [(r[1], r[5], r[6]) for r in done[1:]] == [
        ("II.2.b.1", "20/09/2025", "Hoàn thành đúng hạn"),
        ("II.2.b.2", "03/10/2025", "Hoàn thành quá hạn"),
        ("III.2.1 (tháng 9/2025)", "25/09/2025", "Hoàn thành quá hạn"),
    ]
    overdue = _table_with(d, "Quá hạn (ngày làm việc)")
    # Working days after the deadline up to 14/10, without weekends and the National Day holiday 1–2/9/2025:
    # from 15/08 (unit inputs, 1 working day after the cut-off): 10 in August + 20 in September + 10 in October
    # = 40; from 18/08: 39; from 15/09: 21; from 16/09: 20. Each unit's share is its own row.
    assert [(r[1], r[3], r[4], r[5]) for r in overdue[1:]] == [
        *[(f"III.1.4/{u} (tháng 8/2025)", n, "15/08/2025", "40") for u, n in DEPARTMENTS],
        *[(f"II.2.a.7/{u} (tháng 8/2025)", n, "18/08/2025", "39") for u, n in ALL],
        *[(f"III.1.4/{u} (tháng 9/2025)", n, "15/09/2025", "21") for u, n in DEPARTMENTS],
        *[(f"II.2.a.7/{u} (tháng 9/2025)", n, "16/09/2025", "20") for u, n in ALL],
    ]
    nxt = _table_with(d, "Thời hạn theo kế hoạch")
    # Next window 15/10–14/11: October's occurrences, the units' inputs a day before the compiled report.
    # II.2.a.7/TTPVHCC (10) was done on 17/10, after the cut-off, so as of 14/10 it is still to do: the report does
    # not change when later facts arrive.
    assert [(r[1], r[4]) for r in nxt[1:]] == [
        *[(f"III.1.4/{u} (tháng 10/2025)", "15/10/2025") for u, _ in DEPARTMENTS],
        *[(f"II.2.a.7/{u} (tháng 10/2025)", "16/10/2025") for u, _ in ALL],
        ("III.2.1 (tháng 10/2025)", "16/10/2025")]


def _kpis(d: Any) -> dict[str, list[str]]:
    return {r[1]: r for r in _table_with(d, "Kỳ số liệu")[1:]}


@pytest.mark.usefixtures("progressed")
def test_calendar_month_kpis_show_the_last_complete_month_and_every_row_states_its_window(seeded, run_cli,
                                                                                          tmp_path):
    from tracker.domain.kpis import record_kpi

    # October's own I.2 figure exists, but on the 14/10 cut-off October is not over: the report shows September.
    record_kpi(seeded, commune=None, code="I.2", period="2025-10", value=10.0, numerator=None, denominator=None,
               source=None, actor="test", channel="cli", now=OCT_20)
    d = _report(run_cli, tmp_path)
    header = _table_with(d, "Kỳ số liệu")[0]
    assert header == ["STT", "Mã", "Chỉ tiêu", "Mục tiêu theo kế hoạch (%)", "Kỳ số liệu", "Kết quả", "Đánh giá"]
    rows = _kpis(d)
    assert len(rows) == 10
    september = "tháng 9/2025 (số liệu từ 01/09 đến 30/09/2025)"
    assert rows["I.1"][3:] == ["60", september, "45%", "Chưa đạt"]
    assert rows["I.2"][3:] == ["60", september, "64,5% (129/200)", "Đạt"]
    assert rows["II.4"][3:] == ["Tối thiểu 90", september, "95%", "Đạt"]
    assert rows["I.3"][3:] == ["80", september, "Chưa có số liệu", "Chưa có số liệu"]
    # III.1 and III.2 are measured over the report's own 15→14 window.
    assert rows["III.1"][4] == "tháng 10/2025 (số liệu từ 15/09 đến 14/10/2025)"
    assert all("số liệu từ " in r[4] for r in rows.values())
    text = "\n".join(p.text for p in d.paragraphs)
    assert "Đạt 2/3 (66,7%) chỉ tiêu có số liệu" in text
    assert "chỉ tiêu tính theo tháng lấy số liệu tháng 9/2025" in text.lower()
    assert "I.1 đạt 45%, mục tiêu 60%" in text  # listed under shortcomings
    assert "≥" not in text and not any("≥" in r[3] for r in rows.values())


@pytest.mark.usefixtures("progressed")
def test_the_plans_target_wording_is_printed_as_written(seeded, run_cli, tmp_path):
    rows = _kpis(_report(run_cli, tmp_path))
    assert rows["II.2"][3] == "Tối thiểu 50"
    assert rows["I.4"][3] == "100"


@pytest.mark.usefixtures("progressed")
def test_a_month_shows_the_month_before_it_never_a_stale_or_unfinished_one(seeded, run_cli, tmp_path):
    # November's report (cut-off 14/11) shows October: no reading, although September's and November's exist.
    rows = _kpis(_report(run_cli, tmp_path, "2025-11"))
    assert rows["I.1"][4:] == ["tháng 10/2025 (số liệu từ 01/10 đến 31/10/2025)", "Chưa có số liệu",
                               "Chưa có số liệu"]
    rows = _kpis(_report(run_cli, tmp_path, "2025-12"))
    assert rows["I.1"][4:] == ["tháng 11/2025 (số liệu từ 01/11 đến 30/11/2025)", "70%", "Đạt"]


@pytest.mark.usefixtures("progressed")
def test_a_january_report_shows_december_of_the_year_before(seeded, run_cli, tmp_path):
    rows = _kpis(_report(run_cli, tmp_path, "2026-01"))
    assert rows["I.1"][4] == "tháng 12/2025 (số liệu từ 01/12 đến 31/12/2025)"
    assert rows["III.1"][4] == "tháng 1/2026 (số liệu từ 15/12/2025 đến 14/01/2026)"


@pytest.mark.usefixtures("progressed")
def test_markup_in_a_title_is_printed_verbatim(seeded, run_cli, tmp_path):
    rename_task(seeded, "II.2.b.1", 'Báo cáo <b>quý</b> & "khẩn"')
    d = _report(run_cli, tmp_path)
    done = _table_with(d, "Ngày hoàn thành")
    assert done[1][2] == 'Báo cáo <b>quý</b> & "khẩn"'


@pytest.mark.usefixtures("progressed")
def test_default_output_file_is_in_the_current_directory(seeded, run_cli, tmp_path):
    res = run_cli("report", "monthly", "--month", "2025-09")
    assert res.exit_code == 0, res.output
    out = tmp_path / "bao-cao-thang-2025-09.docx"  # the db_url fixture runs in tmp_path
    assert out.exists() and str(out) in res.output
    paragraphs = [p.text for p in docx.Document(str(out)).paragraphs]
    assert any("từ ngày 15/08/2025 đến ngày 14/09/2025" in p for p in paragraphs)


def test_a_bad_month_is_refused_in_vietnamese(seeded, run_cli, tmp_path):
    res = run_cli("report", "monthly", "--month", "2025-13")
    assert res.exit_code != 0
    assert "Kỳ không hợp lệ" in res.output
    assert not list(tmp_path.glob("*.docx"))


def test_template_keeps_every_tag_in_one_run():
    d = docx.Document(str(TEMPLATE))
    paragraphs = list(d.paragraphs) + [p for t in d.tables for row in t.rows for c in row.cells for p in c.paragraphs]
    tagged = [p for p in paragraphs if "{" in p.text]
    assert len(tagged) > 20
    for p in tagged:
        assert any(("{{" in r.text and "}}" in r.text) or ("{%" in r.text and "%}" in r.text) for r in p.runs), p.text
        assert all(r.text.count("{") == r.text.count("}") for r in p.runs), p.text


def test_template_is_reproducible_from_its_script():
    from scripts.make_monthly_template import build

    def texts(document: Any) -> list[str]:
        return _texts(document)

    assert texts(build()) == texts(docx.Document(str(TEMPLATE)))


@pytest.mark.usefixtures("progressed")
def test_headings_are_nd30_capitals_bold_and_kept_with_the_next_paragraph(seeded, run_cli, tmp_path):
    d = _report(run_cli, tmp_path)
    by_text = {p.text: p for p in d.paragraphs}
    subheadings = ["1. Tình hình thực hiện nhiệm vụ (từ ngày 15/09/2025 đến ngày 14/10/2025)",
                   "2. Nhiệm vụ thường xuyên", "3. Kết quả thực hiện các chỉ tiêu"]
    for text in HEADINGS + subheadings:
        p = by_text[text]
        assert p.paragraph_format.keep_with_next, text
        assert all(r.bold for r in p.runs if r.text.strip()), text
    # A table's lead-in sentence stays with its table too.
    assert by_text["Các nhiệm vụ hoàn thành trong kỳ: 3 nhiệm vụ."].paragraph_format.keep_with_next


@pytest.mark.usefixtures("progressed")
def test_pages_are_numbered_from_the_second_top_centre(seeded, run_cli, tmp_path):
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn

    d = _report(run_cli, tmp_path)
    section = d.sections[0]
    assert section.different_first_page_header_footer  # the first page has its own header ...
    first = section.first_page_header._element
    assert not [t for t in first.iter(qn("w:instrText")) if "PAGE" in (t.text or "")]  # ... with no number
    fields = [p for p in section.header.paragraphs
              if any("PAGE" in (t.text or "") for t in p._p.iter(qn("w:instrText")))]
    assert len(fields) == 1 and fields[0].alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert not section.footer.paragraphs or not "".join(p.text for p in section.footer.paragraphs).strip()


def _section(paragraphs: list[str], heading: str) -> list[str]:
    i = paragraphs.index(heading)
    later = [paragraphs.index(h) for h in HEADINGS if paragraphs.index(h) > i]
    return paragraphs[i + 1:min(later) if later else None]


@pytest.mark.usefixtures("progressed")
def test_recommendations_go_to_the_province_and_directions_to_departments_under_next_month(seeded, run_cli,
                                                                                           tmp_path):
    d = _report(run_cli, tmp_path)
    paragraphs = [p.text for p in d.paragraphs if p.text.strip()]
    upward = [p for p in _section(paragraphs, "IV. KIẾN NGHỊ, ĐỀ XUẤT") if p[:1].isdigit()]
    assert upward
    units = ("Văn phòng HĐND", "Phòng Văn hóa", "Phòng Kinh tế", "Trung tâm Phục vụ", "các đơn vị chủ trì")
    for line in upward:
        assert "Đề nghị" in line and any(a in line for a in ("UBND tỉnh", "Văn phòng UBND tỉnh", "Sở Nội vụ")), line
        assert not any(u in line for u in units), line
    assert any("Văn phòng UBND tỉnh Khánh Hòa" in line and "I.1" in line for line in upward)
    nxt = _section(paragraphs, "III. NHIỆM VỤ TRỌNG TÂM THÁNG TỚI")
    assert ("- Văn phòng HĐND và UBND xã, Phòng Văn hóa - Xã hội, Phòng Kinh tế, Trung tâm Phục vụ hành chính công "
            "khẩn trương hoàn thành dứt điểm các nhiệm vụ quá hạn; trường hợp cần gia hạn phải báo cáo Chủ tịch UBND "
            "xã xem xét, quyết định.") in nxt
    assert "- Trung tâm Phục vụ hành chính công có giải pháp cải thiện các chỉ tiêu chưa đạt: I.1." in nxt


def test_no_table_is_printed_without_rows(seeded, run_cli, tmp_path):
    # August (15/07–14/08): nothing finished, nothing overdue, no KPI reading yet.
    d = _report(run_cli, tmp_path, "2025-08")
    paragraphs = [p.text for p in d.paragraphs]
    assert "Trong kỳ chưa có nhiệm vụ nào hoàn thành." in paragraphs
    assert "Không có nhiệm vụ quá hạn tại thời điểm chốt số liệu." in paragraphs
    headers = [[c.text.strip() for c in t.rows[0].cells] for t in d.tables]
    assert not [h for h in headers if "Ngày hoàn thành" in h or "Quá hạn (ngày làm việc)" in h]
    for t in d.tables[1:-1]:  # every data table between the header block and the signature has a data row
        assert len(t.rows) >= 2, [c.text for c in t.rows[0].cells]
    assert not any("{{" in t or "{%" in t for t in _texts(d))


@pytest.mark.usefixtures("progressed")
def test_a_rolled_deadline_reads_as_everywhere_else(seeded, run_cli, tmp_path):
    # III.2.1 (10) moved on 01/10 to Sunday 19/10/2025: it falls due the next working day, Monday 20/10.
    res = run_cli("tasks", "extend", "III.2.1", "--period", "2025-10", "--to", "2025-10-19", "--reason", "Chờ số liệu",
                  "--at", "2025-10-01 09:00")
    assert res.exit_code == 0, res.output
    nxt = {r[1]: r for r in _table_with(_report(run_cli, tmp_path), "Thời hạn theo kế hoạch")[1:]}
    assert nxt["III.2.1 (tháng 10/2025)"][4] == ("19/10/2025 (Chủ nhật) chuyển sang hết ngày làm việc tiếp theo "
                                                  "20/10/2025 (Điều 148 Bộ luật Dân sự 2015)")


def _opening(d: Any) -> str:
    return next(p.text for p in d.paragraphs if p.text.startswith("Thực hiện "))


def test_the_opening_cites_only_the_plans_title_when_the_decision_is_unknown(seeded, run_cli, tmp_path):
    import sqlite3

    from tests.factories import db_path

    con = sqlite3.connect(db_path(str(seeded.url)))
    with con:  # as the plan file has it: the number "…/QĐ-UBND", the day "ngày … tháng 8 năm 2025"
        con.execute("UPDATE plan SET issue_date = NULL")
    con.close()
    assert _opening(_report(run_cli, tmp_path)) == (
        "Thực hiện Kế hoạch cải cách thủ tục hành chính trọng tâm năm 2025 trên địa bàn xã Cam Hiệp, Ủy ban nhân dân "
        "xã Cam Hiệp báo cáo kết quả thực hiện tháng 10/2025 (số liệu từ 15/09 đến 14/10/2025) như sau:")


def test_the_opening_cites_the_decision_by_number_and_date_when_known(seeded, run_cli, tmp_path):
    res = run_cli("plan", "set-issued", "cai-cach-tthc-2025", "--date", "2025-08-05", "--number", "123/QĐ-UBND")
    assert res.exit_code == 0, res.output
    assert _opening(_report(run_cli, tmp_path)) == (
        "Thực hiện Kế hoạch cải cách thủ tục hành chính trọng tâm năm 2025 trên địa bàn xã Cam Hiệp ban hành kèm "
        "theo Quyết định số 123/QĐ-UBND ngày 05/08/2025 của UBND xã Cam Hiệp, Ủy ban nhân dân xã Cam Hiệp báo cáo "
        "kết quả thực hiện tháng 10/2025 (số liệu từ 15/09 đến 14/10/2025) như sau:")


def test_standing_duties_report_their_results_in_the_narrative_never_in_the_counts(seeded, run_cli, tmp_path):
    before = _table_with(_report(run_cli, tmp_path), "Hoàn thành đúng hạn")
    res = run_cli("tasks", "done", "II.1.a/VP", "--at", "2025-10-06 09:00", "--note", "Góp ý dự thảo quyết định",
                  "--evidence", "https://cam-hiep.example/gy.pdf")
    assert res.exit_code == 0, res.output
    assert run_cli("tasks", "done", "II.1.a/KT", "--at", "2025-10-20 09:00").exit_code == 0  # after the cut-off
    d = _report(run_cli, tmp_path)
    assert _table_with(d, "Hoàn thành đúng hạn") == before
    paragraphs = [p.text for p in d.paragraphs]
    i = paragraphs.index("2. Nhiệm vụ thường xuyên")
    assert paragraphs[i + 1:i + 3] == [
        "- Nhiệm vụ thường xuyên: II.1.a/VP (Văn phòng HĐND và UBND xã), ngày 06/10/2025: Góp ý dự thảo quyết định "
        "(minh chứng: https://cam-hiep.example/gy.pdf).",
        "3. Kết quả thực hiện các chỉ tiêu"]


def test_units_follow_the_plan_files_order(seeded, run_cli, tmp_path):
    import sqlite3

    from tests.factories import db_path

    con = sqlite3.connect(db_path(str(seeded.url)))
    with con:  # as if the plan file listed the Centre first and the Office last
        for code, seq in (("TTPVHCC", 0), ("VHXH", 1), ("KT", 2), ("VP", 3)):
            con.execute("UPDATE unit SET seq = ? WHERE code = ?", (seq, code))
    con.close()
    rows = _table_with(_report(run_cli, tmp_path), "Hoàn thành đúng hạn")
    assert [r[1] for r in rows[1:-1]] == ["Trung tâm Phục vụ hành chính công", "Phòng Văn hóa - Xã hội",
                                          "Phòng Kinh tế", "Văn phòng HĐND và UBND xã"]


def test_with_two_plans_each_month_reports_the_plan_of_its_year_or_the_one_named(seeded, run_cli, tmp_path):
    from tests.factories import ROOT

    assert run_cli("seed", str(ROOT / "tests" / "data" / "plan_2026.json")).exit_code == 0

    def title_and_opening(month: str, *plan: str) -> tuple[str, str, str]:
        out = tmp_path / f"bc-{month}-{len(plan)}.docx"
        res = run_cli("report", "monthly", "--month", month, *plan, "--out", str(out))
        assert res.exit_code == 0, res.output
        d = docx.Document(str(out))
        paragraphs = [p.text for p in d.paragraphs]
        return res.output, paragraphs[paragraphs.index("BÁO CÁO") + 1], _kpis(d)["I.1"][3]

    output, title, target = title_and_opening("2026-02")
    assert "cai-cach-tthc-2026" in output
    assert title == ("Kết quả thực hiện Kế hoạch cải cách thủ tục hành chính trọng tâm năm 2026 trên địa bàn xã Cam "
                     "Hiệp, tháng 02/2026")
    assert target == "Tối thiểu 70"  # the 2026 plan's own KPI, not 2025's "60"
    output, title, target = title_and_opening("2025-12")
    assert "cai-cach-tthc-2025" in output and "năm 2025" in title and target == "60"
    output, title, target = title_and_opening("2026-01", "--plan", "cai-cach-tthc-2025")
    assert "cai-cach-tthc-2025" in output and "năm 2025" in title and title.endswith("tháng 01/2026")
