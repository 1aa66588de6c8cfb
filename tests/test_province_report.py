"""`tracker report province`: one row per commune of a 65-commune database (bench/build_db.py), read back with
openpyxl (.xlsx) and python-docx (.docx); every figure is the one a commune's own command shows."""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import docx
import pytest
from openpyxl import load_workbook

from bench.build_db import build
from tests.factories import assert_one_vietnamese_error, cli_json, ok

COMMUNES = 65
CODES = [f"cam-hiep-{n:05d}" for n in range(1, COMMUNES + 1)]
MONTH = "2025-10"
CUT_OFF = "2025-10-14"  # the monthly report's cut-off (ND 09/2019: the 14th)
STATUSES = ("done_on_time", "done_late", "in_progress", "overdue")
HEADER_ROW = 4
ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def province_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """65 communes of the seeded plan with results as of 20/10/2025, and KPI readings in one of them: built once."""
    from tracker import db
    from tracker.domain.kpis import record_kpi
    from tracker.timeutil import VN

    path = tmp_path_factory.mktemp("province") / "tracker.db"
    url = f"sqlite:///{path}"
    build(url, communes=COMMUNES)
    from datetime import datetime

    at = datetime(2025, 10, 10, 9, 0, tzinfo=VN)
    # Cam Hiệp 2: September's I.1 below its 60% target, I.2 above it; October's report-period III.1 met (>= 90).
    for code, period, value in (("I.1", "2025-09", 45.0), ("I.2", "2025-09", 64.5), ("III.1", "2025-10", 95.0)):
        record_kpi(db.get_engine(url), commune=CODES[1], code=code, period=period, value=value, numerator=None,
                   denominator=None, source=None, actor="test", channel="cli", now=at)
    db._engines.pop(url).dispose()
    return path


@pytest.fixture
def province(db_url: str, province_file: Path) -> str:
    shutil.copyfile(province_file, db_url.removeprefix("sqlite:///"))
    return db_url


@pytest.fixture
def xlsx(province: str, run_cli: Any, tmp_path: Path) -> Any:
    out = tmp_path / "tong-hop.xlsx"
    res = ok(run_cli("report", "province", "--month", MONTH, "--out", str(out)))
    assert f"của {COMMUNES} xã" in res.output and str(out) in res.output
    return load_workbook(out)


def _rows(ws: Any) -> tuple[list[str], list[dict[str, Any]]]:
    header = [c.value for c in ws[HEADER_ROW]]
    rows = [dict(zip(header, (c.value for c in row), strict=True))
            for row in ws.iter_rows(min_row=HEADER_ROW + 1) if row[0].value is not None]
    return header, rows


def _monthly_total(run_cli: Any, code: str, tmp_path: Path) -> list[str]:
    """The "Toàn xã" row of the commune's own monthly report (.docx)."""
    out = tmp_path / f"{code}.docx"
    ok(run_cli("--commune", code, "report", "monthly", "--month", MONTH, "--out", str(out)))
    for t in docx.Document(str(out)).tables:
        for row in t.rows:
            cells = [c.text for c in row.cells]
            if cells[1:2] == ["Toàn xã"]:
                return cells
    raise AssertionError("no total row")


@pytest.mark.slow  # 65 communes' monthly reports
def test_xlsx_has_one_row_per_commune_with_the_counts_summary_shows(xlsx, run_cli):
    _header, rows = _rows(xlsx["Tổng hợp"])
    assert [r["Mã xã"] for r in rows] == CODES
    assert [r["STT"] for r in rows] == list(range(1, COMMUNES + 1))
    assert rows[0]["Tên xã"] == "Xã Cam Hiệp 1" and rows[0]["Kế hoạch"] == "cai-cach-tthc-2025"
    cumulative = [f"Lũy kế: {label}" for label in
                  ("hoàn thành đúng hạn", "hoàn thành quá hạn", "đang thực hiện trong hạn", "đang thực hiện quá hạn")]
    for r in rows:
        out = cli_json(run_cli, "--commune", r["Mã xã"], "summary", "--as-of", CUT_OFF)
        total = out["total"]
        assert r["Lũy kế: số nhiệm vụ có thời hạn"] == total["base"], r["Mã xã"]
        assert [r[c] for c in cumulative] == [total["counts"][s] for s in STATUSES], r["Mã xã"]
        # Open items are the same whichever population: the window's differs only by what was finished before it.
        assert r["Trong kỳ: đang thực hiện quá hạn"] == total["counts"]["overdue"]
        assert r["Trong kỳ: đang thực hiện trong hạn"] == total["counts"]["in_progress"]
        assert r["Số nhiệm vụ quá hạn"] == total["counts"]["overdue"]
    # Finished before the window opened (15/09): in the cumulative counts, not in the month's.
    assert sum(r["Lũy kế: hoàn thành đúng hạn"] for r in rows) > sum(r["Trong kỳ: hoàn thành đúng hạn"] for r in rows)


@pytest.mark.slow  # 65 communes' monthly reports
def test_xlsx_window_counts_are_the_communes_own_monthly_report(xlsx, run_cli, tmp_path):
    _header, rows = _rows(xlsx["Tổng hợp"])
    for r in (rows[0], rows[1], rows[-1]):
        total = _monthly_total(run_cli, r["Mã xã"], tmp_path)
        base = r["Trong kỳ: số nhiệm vụ có thời hạn"]
        assert total[2] == str(base)
        counts = [r[f"Trong kỳ: {label}"] for label in ("hoàn thành đúng hạn", "hoàn thành quá hạn",
                                                         "đang thực hiện trong hạn", "đang thực hiện quá hạn")]
        assert [c.split("/")[0] for c in total[3:7]] == [str(c) for c in counts]
        assert all(c.split("/")[1].startswith(str(base)) for c in total[3:7])
        rate = r["Trong kỳ: tỷ lệ đang thực hiện quá hạn"]
        assert rate == pytest.approx(counts[3] / base)


@pytest.mark.slow  # 65 communes' monthly reports
def test_xlsx_is_a_table_the_province_can_filter_and_sort(xlsx):
    ws = xlsx["Tổng hợp"]
    header, _ = _rows(ws)
    last = ws.cell(row=HEADER_ROW, column=len(header)).column_letter
    assert ws.auto_filter.ref == f"A{HEADER_ROW}:{last}{HEADER_ROW + COMMUNES}"
    assert ws.freeze_panes == f"D{HEADER_ROW + 1}"  # the header and the commune's code and name stay in view
    assert all(ws.cell(row=HEADER_ROW, column=j).font.b for j in range(1, len(header) + 1))
    assert ws.column_dimensions["C"].width >= 20 and ws.column_dimensions["A"].width < 10
    rate = header.index("Trong kỳ: tỷ lệ hoàn thành đúng hạn") + 1
    cell = ws.cell(row=HEADER_ROW + 1, column=rate)
    assert cell.number_format == "0.0%" and isinstance(cell.value, float) and 0 <= cell.value <= 1
    count = ws.cell(row=HEADER_ROW + 1, column=header.index("Trong kỳ: hoàn thành đúng hạn") + 1)
    assert isinstance(count.value, int)  # numbers, not text: a sort orders them as numbers
    assert ws["A1"].value.startswith("Tổng hợp kết quả thực hiện") and "Khánh Hòa" in ws["A1"].value
    assert "từ ngày 15/09/2025 đến ngày 14/10/2025" in ws["A2"].value


@pytest.mark.slow  # 65 communes' monthly reports
def test_xlsx_lists_every_overdue_item_with_its_commune_unit_and_days(xlsx):
    _h, rows = _rows(xlsx["Tổng hợp"])
    ws = xlsx["Nhiệm vụ quá hạn"]
    header, items = _rows(ws)
    assert header == ["STT", "Mã xã", "Tên xã", "Mã nhiệm vụ", "Nhiệm vụ", "Đơn vị chủ trì", "Hạn",
                      "Quá hạn (ngày làm việc)"]
    assert len(items) == sum(r["Số nhiệm vụ quá hạn"] for r in rows) > COMMUNES
    per = Counter(i["Mã xã"] for i in items)
    assert all(per[r["Mã xã"]] == r["Số nhiệm vụ quá hạn"] for r in rows)
    days = [i["Quá hạn (ngày làm việc)"] for i in items]
    assert all(isinstance(d, int) and d > 0 for d in days) and days == sorted(days, reverse=True)
    longest = {r["Mã xã"]: r["Quá hạn lâu nhất (ngày làm việc)"] for r in rows}
    assert all(i["Quá hạn (ngày làm việc)"] <= longest[i["Mã xã"]] for i in items)
    assert ws.auto_filter.ref == f"A{HEADER_ROW}:H{HEADER_ROW + len(items)}" and ws.freeze_panes == f"D{HEADER_ROW + 1}"
    first = items[0]
    assert first["Đơn vị chủ trì"] and first["Mã nhiệm vụ"] and first["Hạn"] is not None
    assert ws.cell(row=HEADER_ROW + 1, column=7).number_format == "DD/MM/YYYY"


@pytest.mark.slow  # 65 communes' monthly reports
def test_kpis_against_targets(xlsx):
    _h, rows = _rows(xlsx["Tổng hợp"])
    second = rows[1]
    assert (second["Chỉ tiêu đạt"], second["Chỉ tiêu chưa đạt"], second["Chỉ tiêu chưa có số liệu"]) == (2, 1, 7)
    assert second["Mã chỉ tiêu chưa đạt"] == "I.1"
    assert (rows[0]["Chỉ tiêu đạt"], rows[0]["Chỉ tiêu chưa có số liệu"]) == (0, 10)
    _h, kpis = _rows(xlsx["Chỉ tiêu"])
    assert len(kpis) == COMMUNES * 10
    i1 = next(k for k in kpis if k["Mã xã"] == CODES[1] and k["Mã chỉ tiêu"] == "I.1")
    assert (i1["Kết quả"], i1["Đánh giá"]) == (45, "Chưa đạt") and "tháng 9/2025" in i1["Kỳ số liệu"]


@pytest.mark.slow  # 65 communes' monthly reports
def test_docx_per_nd30_holds_the_same_rows(province, run_cli, tmp_path, xlsx):
    out = tmp_path / "tong-hop.docx"
    ok(run_cli("report", "province", "--month", MONTH, "--out", str(out)))
    d = docx.Document(str(out))
    header = d.tables[0].rows[0].cells
    assert header[0].text.splitlines()[:2] == ["UBND TỈNH KHÁNH HÒA", "SỞ NỘI VỤ"]
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in header[1].text and "Khánh Hòa, ngày" in header[1].text
    texts = [p.text for p in d.paragraphs]
    assert "BÁO CÁO" in texts
    assert any(t.startswith("Tổng hợp kết quả thực hiện kế hoạch cải cách thủ tục hành chính của các xã, tháng "
                            "10/2025") for t in texts)
    assert d.sections[0].page_width > d.sections[0].page_height  # landscape: a wide table
    table = next(t for t in d.tables if t.rows[0].cells[0].text == "STT" and t.rows[0].cells[1].text == "Xã"
                 and len(t.columns) == 9)
    body = [[c.text for c in row.cells] for row in table.rows[1:]]
    assert body[-1][1] == "Toàn tỉnh" and len(body) == COMMUNES + 1
    _h, rows = _rows(xlsx["Tổng hợp"])
    for line, r in zip(body, rows, strict=False):
        assert line[1] == r["Tên xã"]
        base = r["Trong kỳ: số nhiệm vụ có thời hạn"]
        assert line[2] == str(base)
        assert line[6].startswith(f"{r['Trong kỳ: đang thực hiện quá hạn']}/{base} (")
        assert line[7] == f"{r['Chỉ tiêu đạt']}/{r['Chỉ tiêu chưa đạt']}/{r['Chỉ tiêu chưa có số liệu']}"
    total = sum(r["Trong kỳ: số nhiệm vụ có thời hạn"] for r in rows)
    assert body[-1][2] == f"{total:,}".replace(",", ".")
    overdue = next(t for t in d.tables if len(t.columns) == 7 and t.rows[0].cells[0].text == "STT")
    assert len(overdue.rows) - 1 == sum(r["Số nhiệm vụ quá hạn"] for r in rows)
    sig = d.tables[-1].rows[0].cells
    assert sig[0].text.startswith("Nơi nhận:") and "GIÁM ĐỐC" in sig[1].text


@pytest.mark.slow  # 65 communes' monthly reports
def test_docx_for_another_agency(province, run_cli, tmp_path):
    out = tmp_path / "vp.docx"
    ok(run_cli("report", "province", "--month", MONTH, "--out", str(out), "--agency", "Văn phòng UBND tỉnh"))
    d = docx.Document(str(out))
    assert "VĂN PHÒNG UBND TỈNH" in d.tables[0].rows[0].cells[0].text
    assert "CHÁNH VĂN PHÒNG" in d.tables[-1].rows[0].cells[1].text


def test_refusals_are_one_vietnamese_line(engine, run_cli, tmp_path):
    assert_one_vietnamese_error(run_cli("report", "province", "--month", MONTH, "--out", str(tmp_path / "a.pdf")),
                                ".xlsx", ".docx")
    assert_one_vietnamese_error(run_cli("report", "province", "--month", MONTH, "--out", str(tmp_path)), "--out")
    assert not list(tmp_path.glob("*.xlsx"))


def test_an_empty_database_has_no_communes_to_report(engine, run_cli, tmp_path):
    assert_one_vietnamese_error(run_cli("report", "province", "--month", MONTH, "--out", str(tmp_path / "x.xlsx")),
                                "chưa có xã")


def test_openpyxl_loads_only_when_the_command_runs():
    code = ("import sys\nfrom click.testing import CliRunner\nfrom cli import cli\n"
            "r = CliRunner().invoke(cli, ['report', 'province', '--help'])\n"
            "assert r.exit_code == 0, r.output\nprint('openpyxl' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_template_is_reproducible_from_its_script_and_keeps_each_tag_in_one_run():
    from scripts.make_province_template import OUT, build

    def texts(d: Any) -> list[str]:
        cells = [p.text for t in d.tables for row in t.rows for c in row.cells for p in c.paragraphs]
        return [p.text for p in d.paragraphs] + cells

    template = docx.Document(str(OUT))
    assert texts(build()) == texts(template)
    paragraphs = list(template.paragraphs) + [p for t in template.tables for row in t.rows for c in row.cells
                                              for p in c.paragraphs]
    tagged = [p for p in paragraphs if "{" in p.text]
    assert len(tagged) > 20
    for p in tagged:
        assert all(r.text.count("{") == r.text.count("}") for r in p.runs), p.text


@pytest.mark.slow  # 65 communes' monthly reports
def test_a_commune_added_without_a_plan_yet_has_its_row_and_nothing_counted(province, run_cli, tmp_path):
    ok(run_cli("commune", "add", "xa-moi", "--name", "Xã Mới", "--province", "Khánh Hòa"))
    out = tmp_path / "tong-hop.xlsx"
    ok(run_cli("report", "province", "--month", MONTH, "--out", str(out)))
    _h, rows = _rows(load_workbook(out)["Tổng hợp"])
    assert len(rows) == COMMUNES + 1
    last = rows[-1]
    assert (last["Mã xã"], last["Kế hoạch"]) == ("xa-moi", "Chưa có kế hoạch")
    assert last["Trong kỳ: số nhiệm vụ có thời hạn"] is None and last["Số nhiệm vụ quá hạn"] is None
    doc = tmp_path / "tong-hop.docx"
    ok(run_cli("report", "province", "--month", MONTH, "--out", str(doc)))
    d = docx.Document(str(doc))
    assert any("Các xã chưa có kế hoạch trên hệ thống: Xã Mới." in p.text for p in d.paragraphs)
    site = tmp_path / "site"
    ok(run_cli("publish", "--province", "--out", str(site), "--as-of", "2025-10-20"))
    html = (site / "index.html").read_text(encoding="utf-8")
    assert '<tr data-code="xa-moi">' in html and 'href="xa-moi/index.html"' not in html
    assert not (site / "xa-moi").exists() and (site / CODES[0] / "index.html").exists()


@pytest.mark.slow  # 65 communes' monthly reports
def test_a_commune_code_that_is_no_plain_folder_name_stops_the_page_before_anything_is_written(province, run_cli,
                                                                                                tmp_path):
    # `commune add` and plan files refuse such a code now; a database may hold one from before.
    from tracker.db import get_engine, transaction
    from tracker.models import Commune

    with transaction(get_engine()) as s:
        s.add(Commune(code="..", name="Xã Chấm"))
    site = tmp_path / "site"
    assert_one_vietnamese_error(run_cli("publish", "--province", "--out", str(site)), "«..»", "thư mục")
    assert not site.exists()
