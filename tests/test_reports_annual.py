"""The annual report of a plan (Word): ND 30/2020 layout like the monthly one, the year's figures read back."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

import docx
import pytest

from tests.factories import OCT_20, ROOT

PLAN_2025, PLAN_2026 = "cai-cach-tthc-2025", "cai-cach-tthc-2026"
HEADINGS = ["I. KẾT QUẢ THỰC HIỆN", "II. TỒN TẠI, HẠN CHẾ", "III. NHIỆM VỤ CHUYỂN SANG KẾ HOẠCH SAU",
            "IV. KIẾN NGHỊ, ĐỀ XUẤT"]
UNITS = ["Văn phòng HĐND và UBND xã", "Phòng Văn hóa - Xã hội", "Phòng Kinh tế", "Trung tâm Phục vụ hành chính công"]


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


def _ok(res: Any) -> Any:
    assert res.exit_code == 0, res.output
    return res


def _annual(run_cli: Any, tmp_path: Path, plan: str = PLAN_2025) -> Any:
    out = tmp_path / f"bc-{plan}.docx"
    res = _ok(run_cli("report", "annual", "--plan", plan, "--out", str(out)))
    assert str(out) in res.output and plan in res.output
    return docx.Document(str(out))


@pytest.fixture
def year_2025(seeded: Any, run_cli: Any) -> Any:
    """The 2025 plan through its year: one department's share of a shared duty done on time, a one-off task done
    late, a standing duty's result, KPI readings (one of 2026), then the 2026 plan loaded and the rest carried
    over into it."""
    from tracker.domain.kpis import record_kpi

    _ok(run_cli("plan", "set-issued", PLAN_2025, "--date", "2025-08-05", "--number", "123/QĐ-UBND"))
    _ok(run_cli("tasks", "done", "II.1.b.1/KT", "--plan", PLAN_2025, "--at", "2025-12-20 10:00"))
    _ok(run_cli("tasks", "done", "II.2.b.1", "--plan", PLAN_2025, "--at", "2025-10-03 09:00"))
    _ok(run_cli("tasks", "done", "II.1.a/VP", "--plan", PLAN_2025, "--at", "2025-10-06 09:00",
                "--note", "Góp ý dự thảo quyết định công bố TTHC", "--evidence", "https://cam-hiep.example/gy.pdf"))
    for code, period, value, num, den in [
        ("I.1", "2025-09", 45.0, None, None), ("I.1", "2025-11", 70.0, None, None),
        ("I.2", "2025-09", None, 129.0, 200.0), ("I.2", "2025-10", None, 150.0, 200.0),
        ("I.1", "2026-01", 10.0, None, None),  # the next year: never in 2025's figure
    ]:
        record_kpi(seeded, commune=None, code=code, period=period, value=value, numerator=num, denominator=den,
                   source=None, actor="test", channel="cli", now=OCT_20)
    _ok(run_cli("seed", str(ROOT / "tests" / "data" / "plan_2026.json")))
    _ok(run_cli("plan", "carry-over", PLAN_2025, PLAN_2026))
    return seeded


@pytest.mark.usefixtures("year_2025")
def test_annual_report_has_the_nd30_layout_of_the_monthly_one(run_cli, tmp_path):
    from docx.oxml.ns import qn

    d = _annual(run_cli, tmp_path)
    left, right = ([line for line in c.text.splitlines() if line] for c in d.tables[0].rows[0].cells)
    assert left == ["ỦY BAN NHÂN DÂN", "XÃ CAM HIỆP", "Số: .../BC-UBND"]
    assert right[2].startswith("Cam Hiệp, ngày ") and right[2].endswith("tháng 12 năm 2025")
    paragraphs = [p.text for p in d.paragraphs]
    i = paragraphs.index("BÁO CÁO")
    assert paragraphs[i + 1] == ("Kết quả thực hiện Kế hoạch cải cách thủ tục hành chính trọng tâm năm 2025 trên địa "
                                 "bàn xã Cam Hiệp")
    assert paragraphs[i + 3] == (
        "Thực hiện Kế hoạch cải cách thủ tục hành chính trọng tâm năm 2025 trên địa bàn xã Cam Hiệp ban hành kèm "
        "theo Quyết định số 123/QĐ-UBND ngày 05/08/2025 của UBND xã Cam Hiệp, Ủy ban nhân dân xã Cam Hiệp báo cáo "
        "kết quả thực hiện năm 2025 (số liệu tính đến hết ngày 31/12/2025) như sau:")
    assert [p for p in paragraphs if p in HEADINGS] == HEADINGS
    by_text = {p.text: p for p in d.paragraphs}
    for h in HEADINGS:
        assert by_text[h].paragraph_format.keep_with_next and all(r.bold for r in by_text[h].runs)
    section = d.sections[0]
    assert section.different_first_page_header_footer
    assert any("PAGE" in (t.text or "") for t in section.header._element.iter(qn("w:instrText")))
    signature = d.tables[-1].rows[0].cells
    assert signature[0].text.startswith("Nơi nhận:")
    assert [line for line in signature[1].text.splitlines() if line] == ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH",
                                                                         "Bùi Quang Nam"]
    assert not any("{{" in t or "{%" in t for t in _texts(d))
    assert not any("…" in t for t in paragraphs[i:i + 4])


@pytest.mark.usefixtures("year_2025")
def test_the_years_four_way_results_per_unit_match_the_task_list_and_leave_standing_duties_out(run_cli, tmp_path):
    d = _annual(run_cli, tmp_path)
    rows = _table_with(d, "Hoàn thành đúng hạn")
    assert rows[0] == ["STT", "Đơn vị chủ trì", "Tổng số", "Hoàn thành đúng hạn", "Hoàn thành quá hạn",
                       "Đang thực hiện trong hạn", "Quá hạn", "Thường xuyên"]
    assert [r[1] for r in rows[1:-1]] == UNITS  # the plan file's order, every department
    listed = json.loads(_ok(run_cli("tasks", "list", "--plan", PLAN_2025, "--as-of", "2025-12-31",
                                    "--json")).output)
    names = dict(zip(["VP", "VHXH", "KT", "TTPVHCC"], UNITS, strict=True))
    for unit, name in names.items():
        counts = Counter(x["status"] for x in listed if x["lead_unit"] == unit)
        base = sum(counts[s] for s in ("done_on_time", "done_late", "in_progress", "overdue"))
        row = next(r for r in rows if r[1] == name)
        assert row[2] == str(base) and row[7] == str(counts["no_deadline"]), (unit, row, counts)
        assert row[3].startswith(f"{counts['done_on_time']}/{base} ")
        assert row[6].startswith(f"{counts['overdue']}/{base} ")
    kt = next(r for r in rows if r[1] == "Phòng Kinh tế")
    assert kt[2] != "0" and kt[3].startswith("1/")  # its share of II.1.b.1, done on 20/12
    vp = next(r for r in rows if r[1] == UNITS[0])
    assert vp[4].startswith("1/")  # II.2.b.1, due 30/09, done 03/10
    text = "\n".join(p.text for p in d.paragraphs)
    assert "Nhiệm vụ thường xuyên không tính vào các tỷ lệ này." in text


@pytest.mark.usefixtures("year_2025")
def test_shared_duties_show_each_units_own_result(run_cli, tmp_path):
    rows = _table_with(_annual(run_cli, tmp_path), "Kết quả của đơn vị")
    assert rows[0] == ["STT", "Mã", "Nhiệm vụ", "Đơn vị thực hiện", "Kết quả của đơn vị"]
    start = next(i for i, r in enumerate(rows) if r[1] == "II.1.b.1")
    duty = rows[start:start + 3]
    assert [(r[3], r[4]) for r in duty] == [(UNITS[0], "Đang thực hiện trong hạn"),
                                            (UNITS[1], "Đang thực hiện trong hạn"),
                                            (UNITS[2], "Hoàn thành đúng hạn")]
    assert duty[1][1] == duty[2][1] == ""  # the duty is named once, its units under it
    start = next(i for i, r in enumerate(rows) if r[1] == "II.1.a")  # standing: results, never a status
    assert [(r[3], r[4]) for r in rows[start:start + 4]] == [
        (UNITS[0], "Thường xuyên: 1 lần báo cáo kết quả")] + [(u, "Thường xuyên: chưa báo cáo kết quả")
                                                             for u in UNITS[1:]]
    start = next(i for i, r in enumerate(rows) if r[1] == "II.2.a.7")
    # Monthly, every unit: August (the plan was issued on 05/08) to December, none done.
    assert [(r[3], r[4]) for r in rows[start:start + 4]] == [(u, "Hoàn thành 0/5 kỳ, 5 kỳ quá hạn") for u in UNITS]


@pytest.mark.usefixtures("year_2025")
def test_standing_duties_list_their_results_never_a_status(run_cli, tmp_path):
    d = _annual(run_cli, tmp_path)
    paragraphs = [p.text for p in d.paragraphs]
    i = paragraphs.index("3. Nhiệm vụ thường xuyên")
    assert paragraphs[i + 1] == ("- II.1.a/VP (Văn phòng HĐND và UBND xã): 1 lần báo cáo kết quả, gần nhất ngày "
                                 "06/10/2025: Góp ý dự thảo quyết định công bố TTHC (minh chứng: "
                                 "https://cam-hiep.example/gy.pdf).")


@pytest.mark.usefixtures("year_2025")
def test_each_kpi_shows_its_yearly_figure_and_how_it_was_computed(run_cli, tmp_path):
    rows = {r[1]: r for r in _table_with(_annual(run_cli, tmp_path), "Cách tính")[1:]}
    assert _table_with(_annual(run_cli, tmp_path), "Cách tính")[0] == [
        "STT", "Mã", "Chỉ tiêu", "Mục tiêu theo kế hoạch (%)", "Kỳ số liệu", "Kết quả năm", "Cách tính", "Đánh giá"]
    # I.1: 45% (09) and 70% (11), no numerators: the mean; January 2026's 10% is another year.
    assert rows["I.1"][3:] == ["60", "tháng 9/2025 đến tháng 11/2025, có số liệu 2/3 kỳ (số liệu từ 01/09 đến "
                                     "30/11/2025)", "57,5%", "Bình quân giá trị của 2 tháng", "Chưa đạt"]
    # I.2: 129/200 and 150/200: the year's rate is 279/400, not the mean of the two percentages.
    assert rows["I.2"][5:] == ["69,75% (279/400)", "Tổng tử số/tổng mẫu số của 2 tháng", "Đạt"]
    assert rows["II.2"][3] == "Tối thiểu 50"
    assert rows["I.3"][5:] == ["Chưa có số liệu", "", "Chưa có số liệu"]


@pytest.mark.usefixtures("year_2025")
def test_what_is_unfinished_at_the_years_end_is_one_line_per_task(run_cli, tmp_path):
    d = _annual(run_cli, tmp_path)
    rows = {r[1]: r for r in _table_with(d, "Kết quả")[1:] if len(r) == 6}
    august_to_december = ", ".join(f"tháng {m}/2025" for m in range(8, 13))
    assert rows["II.2.a.7/VP"][4:] == [f"Các kỳ {august_to_december}", "Đang thực hiện quá hạn: 5 kỳ"]
    assert rows["II.1.b.4"][4:] == ["14/12/2025 (Chủ nhật) chuyển sang hết ngày làm việc tiếp theo 15/12/2025 "
                                    "(Điều 148 Bộ luật Dân sự 2015)", "Đang thực hiện quá hạn"]
    assert rows["II.1.b.1/VP"][5] == "Đang thực hiện trong hạn"
    assert "II.1.b.1/KT" not in rows and "II.2.b.1" not in rows  # done
    overdue = next(r for r in _table_with(d, "Hoàn thành đúng hạn") if r[1] == "Toàn xã")[6].split("/")[0]
    assert f"Còn {overdue} nhiệm vụ (kể cả từng kỳ của nhiệm vụ định kỳ) quá hạn chưa hoàn thành tại ngày " \
           "31/12/2025." in [p.text.removeprefix("- ") for p in d.paragraphs]


@pytest.mark.usefixtures("year_2025")
def test_what_was_carried_over_keeps_its_2025_result_and_names_its_2026_code(run_cli, tmp_path):
    rows = _table_with(_annual(run_cli, tmp_path), "Mã trong kế hoạch sau")
    carried = {r[1]: r for r in rows[1:]}
    assert carried["II.1.b.4"][4:] == ["Đang thực hiện quá hạn", "II.1.b.4-2025", f"{PLAN_2026} (năm 2026)"]
    assert carried["II.1.b.1/VP"][4:] == ["Đang thực hiện trong hạn", "II.1.b.1-2025/VP", f"{PLAN_2026} (năm 2026)"]
    assert "II.1.b.1/KT" not in carried and "II.2.b.1" not in carried  # done: nothing to carry


def test_a_plan_with_nothing_carried_prints_no_empty_table(seeded, run_cli, tmp_path):
    d = _annual(run_cli, tmp_path)
    paragraphs = [p.text for p in d.paragraphs]
    assert "Không có nhiệm vụ nào được chuyển sang kế hoạch sau." in paragraphs
    assert not [t for t in d.tables if "Mã trong kế hoạch sau" in [c.text for c in t.rows[0].cells]]
    for t in d.tables[1:-1]:
        assert len(t.rows) >= 2


def test_an_unknown_plan_is_refused_in_vietnamese(seeded, run_cli, tmp_path):
    res = run_cli("report", "annual", "--plan", "khong-co", "--out", str(tmp_path / "x.docx"))
    assert res.exit_code != 0
    assert "Không có kế hoạch mã «khong-co»" in res.output
    assert not list(tmp_path.glob("*.docx"))


def test_template_keeps_every_tag_in_one_run():
    d = docx.Document(str(ROOT / "tracker" / "reports" / "templates" / "annual_report.docx"))
    paragraphs = list(d.paragraphs) + [p for t in d.tables for row in t.rows for c in row.cells for p in c.paragraphs]
    tagged = [p for p in paragraphs if "{" in p.text]
    assert len(tagged) > 20
    for p in tagged:
        assert any(("{{" in r.text and "}}" in r.text) or ("{%" in r.text and "%}" in r.text) for r in p.runs), p.text


def test_template_is_reproducible_from_its_script():
    from scripts.make_monthly_template import build_annual

    path = ROOT / "tracker" / "reports" / "templates" / "annual_report.docx"
    assert _texts(build_annual()) == _texts(docx.Document(str(path)))


def test_during_the_year_the_report_stands_at_today(seeded, run_cli, tmp_path):
    from datetime import datetime

    from freezegun import freeze_time

    from tracker.timeutil import VN

    with freeze_time(datetime(2025, 10, 20, 10, 0, tzinfo=VN)):
        res = _ok(run_cli("report", "annual", "--out", str(tmp_path / "nam.docx")))  # the plan in force
    assert "cai-cach-tthc-2025" in res.output and "20/10/2025" in res.output
    d = docx.Document(str(tmp_path / "nam.docx"))
    assert any(p.text.endswith("năm 2025 (số liệu tính đến hết ngày 20/10/2025) như sau:") for p in d.paragraphs)
    assert d.tables[0].rows[0].cells[1].text.rstrip().endswith("tháng 10 năm 2025")
    rows = _table_with(d, "Kết quả của đơn vị")
    start = next(i for i, r in enumerate(rows) if r[1] == "II.2.a.7")
    # The periods opened by 20/10 (November's window opens on 15/10; December's is not counted yet), as the task
    # list of that day has them.
    listed = json.loads(_ok(run_cli("tasks", "list", "--as-of", "2025-10-20", "--json")).output)
    periods = Counter(x["status"] for x in listed if x["code"] == "II.2.a.7/VP")
    assert "2025-12" not in [x["period"] for x in listed if x["code"] == "II.2.a.7/VP"]
    assert periods["in_progress"] == 1 and periods["overdue"] >= 2
    assert rows[start][4] == f"Hoàn thành 0/{periods.total()} kỳ, {periods['overdue']} kỳ quá hạn"
