"""The monthly report (Word): layout per ND 30/2020, numbers per the ND 09/2019 window."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import docx
import pytest
from docx.shared import Mm

from tests.factories import rename_task

TEMPLATE = Path(__file__).resolve().parent.parent / "tracker" / "reports" / "templates" / "monthly_report.docx"


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
    headings = ["I. Kết quả thực hiện", "II. Tồn tại, hạn chế", "III. Nhiệm vụ tháng tới", "IV. Kiến nghị, đề xuất"]
    assert [paragraphs.index(h) for h in headings] == sorted(paragraphs.index(h) for h in headings)
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
    by_unit = {r[1]: r[2:] for r in rows[1:]}
    # VP: II.2.b.1 done 20/09 (on time), II.2.b.2 done 03/10 after its 30/09 deadline.
    assert by_unit["Văn phòng HĐND và UBND xã"] == ["2", "1/2 (50,0%)", "1/2 (50,0%)", "0/2 (0,0%)", "0/2 (0,0%)",
                                                    "0"]
    # TTPVHCC: III.2.1 (08) finished before the window is left out; III.2.1 (09) late; II.2.a.7 (10) was
    # finished after 14/10 so it is still in progress; II.2.a.7 (08) and (09) overdue; II.2.a.3 in progress.
    assert by_unit["Trung tâm Phục vụ hành chính công"] == ["6", "0/6 (0,0%)", "1/6 (16,7%)", "3/6 (50,0%)",
                                                            "2/6 (33,3%)", "7"]
    assert by_unit["Phòng Kinh tế"][:2] == ["0", "0/0 (—)"]
    assert by_unit["Toàn xã"] == ["13", "1/13 (7,7%)", "2/13 (15,4%)", "6/13 (46,2%)", "4/13 (30,8%)", "14"]


@pytest.mark.usefixtures("progressed")
def test_completed_overdue_and_next_month_tables_list_the_right_items(seeded, run_cli, tmp_path):
    d = _report(run_cli, tmp_path)
    done = _table_with(d, "Ngày hoàn thành")
    assert [(r[1], r[5], r[6]) for r in done[1:]] == [
        ("II.2.b.1", "20/09/2025", "Hoàn thành đúng hạn"),
        ("II.2.b.2", "03/10/2025", "Hoàn thành quá hạn"),
        ("III.2.1 (2025-09)", "25/09/2025", "Hoàn thành quá hạn"),
    ]
    overdue = _table_with(d, "Quá hạn (ngày làm việc)")
    # Working days after the deadline up to 14/10, without weekends and the National Day holiday 1–2/9/2025:
    # from 18/08: 9 in August + 20 in September + 10 in October = 39; from 16/09: 10 + 10 = 20.
    assert [(r[1], r[4], r[5]) for r in overdue[1:]] == [
        ("II.2.a.7 (2025-08)", "18/08/2025", "39"),
        ("III.1.4 (2025-08)", "18/08/2025", "39"),
        ("II.2.a.7 (2025-09)", "16/09/2025", "20"),
        ("III.1.4 (2025-09)", "16/09/2025", "20"),
    ]
    nxt = _table_with(d, "Thời hạn theo kế hoạch")
    # Next window 15/10–14/11: October's occurrences. II.2.a.7 (10) was done on 17/10, after the cut-off,
    # so as of 14/10 it is still to do: the report does not change when later facts arrive.
    assert [(r[1], r[4]) for r in nxt[1:]] == [
        ("II.2.a.7 (2025-10)", "16/10/2025"), ("III.1.4 (2025-10)", "16/10/2025"), ("III.2.1 (2025-10)", "16/10/2025")]


@pytest.mark.usefixtures("progressed")
def test_kpi_table_uses_the_latest_reading_up_to_the_month(seeded, run_cli, tmp_path):
    d = _report(run_cli, tmp_path)
    rows = {r[1]: r for r in _table_with(d, "Chỉ tiêu")[1:]}
    assert len(rows) == 10
    assert rows["I.1"][3:] == ["≥ 60%", "45% (kỳ 09/2025)", "Chưa đạt"]  # the November 70% is ignored
    assert rows["I.2"][3:] == ["≥ 60%", "64,5% (kỳ 09/2025; 129/200)", "Đạt"]
    assert rows["II.4"][5] == "Đạt"
    assert rows["I.3"][3:] == ["≥ 80%", "Chưa có số liệu", "Chưa có số liệu"]
    text = "\n".join(p.text for p in d.paragraphs)
    assert "đạt 2/3 (66,7%) chỉ tiêu có số liệu" in text
    assert "I.1 (45%, mục tiêu ≥ 60%)" in text  # listed under shortcomings


@pytest.mark.usefixtures("progressed")
def test_a_later_month_sees_the_later_reading(seeded, run_cli, tmp_path):
    d = _report(run_cli, tmp_path, "2025-11")
    rows = {r[1]: r for r in _table_with(d, "Chỉ tiêu")[1:]}
    assert rows["I.1"][4:] == ["70% (kỳ 11/2025)", "Đạt"]


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
