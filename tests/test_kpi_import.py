"""`tracker kpi import`: every row valid and recorded in one go, or nothing at all."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from sqlmodel import select


def _readings(engine: Any) -> dict[tuple[str, str], Any]:
    from tracker.db import reading
    from tracker.models import Kpi, KpiReading

    with reading(engine) as s:
        codes = {k.id: k.code for k in s.exec(select(Kpi)).all()}
        return {(codes[r.kpi_id], r.period): r for r in s.exec(select(KpiReading)).all()}


def _kpi_audits(engine: Any) -> list[Any]:
    from tracker.db import reading
    from tracker.models import AuditEvent

    with reading(engine) as s:
        return list(s.exec(select(AuditEvent).where(AuditEvent.action == "kpi.record")).all())


def _write(tmp_path: Path, text: str, name: str = "so-lieu.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_import_records_every_row_and_audits_each(seeded, run_cli, tmp_path):
    path = _write(tmp_path, "code,period,value,numerator,denominator,source\n"
                            "I.2,2025-09,64.5,129,200,Cổng Dịch vụ công quốc gia\n"
                            "II.4,2025-09,92,,,Khảo sát\n"
                            "I.1,2025-09,,30,60,\n")
    res = run_cli("kpi", "import", str(path))
    assert res.exit_code == 0, res.output
    assert "Đã nhập 3 số liệu chỉ tiêu" in res.output
    got = _readings(seeded)
    assert got[("I.2", "2025-09")].value == 64.5 and got[("I.2", "2025-09")].denominator == 200
    assert got[("II.4", "2025-09")].source == "Khảo sát"
    assert got[("I.1", "2025-09")].value == 50.0  # computed from numerator/denominator
    audits = _kpi_audits(seeded)
    assert len(audits) == 3 and {a.channel for a in audits} == {"import"}
    listed = {k["code"]: k for k in json.loads(run_cli("kpi", "list", "--json").output)}
    assert listed["I.2"]["state"] == "met" and listed["I.1"]["state"] == "below"


def test_semicolons_decimal_commas_and_a_bom_are_accepted(seeded, run_cli, tmp_path):
    path = tmp_path / "excel.csv"
    path.write_bytes("\ufeffcode;period;value\nI.2;2025-10;64,5\n".encode())
    res = run_cli("kpi", "import", str(path))
    assert res.exit_code == 0, res.output
    assert _readings(seeded)[("I.2", "2025-10")].value == 64.5


def test_one_bad_row_imports_nothing_and_each_bad_row_is_named(seeded, run_cli, tmp_path):
    path = _write(tmp_path, "code,period,value,numerator,denominator\n"
                            "I.2,2025-09,64.5,129,200\n"  # line 2: fine
                            "ZZ,2025-09,50,,\n"  # line 3: unknown KPI
                            "I.1,2025-13,50,,\n"  # line 4: impossible period
                            "I.3,2025-09,abc,,\n"  # line 5: not a number
                            "I.4,2025-09,150,,\n"  # line 6: outside 0–100
                            "II.1,2025-09,10,30,20\n"  # line 7: numerator above denominator
                            "I.2,2025-09,60,,\n")  # line 8: same KPI and period as line 2
    res = run_cli("kpi", "import", str(path))
    assert res.exit_code != 0
    assert "Traceback" not in res.output
    lines = res.output.splitlines()
    assert lines[0] == "Lỗi: Không nhập gì cả: 6 lỗi trong tệp."
    assert [line.split(":")[0] for line in lines[1:]] == [f"Dòng {n}" for n in (3, 4, 5, 6, 7, 8)]
    assert "«ZZ»" in lines[1] and "2025-13" in lines[2] and "«abc»" in lines[3]
    assert "0–100" in lines[4] and "Tử số không được lớn hơn mẫu số".lower() in lines[5].lower()
    assert "trùng chỉ tiêu I.2 kỳ 2025-09 với dòng 2" in lines[6]
    assert _readings(seeded) == {}
    assert _kpi_audits(seeded) == []


def test_reimport_overwrites_a_period_and_keeps_the_old_value_in_the_audit(seeded, run_cli, tmp_path):
    assert run_cli("kpi", "import", str(_write(tmp_path, "code,period,value\nI.2,2025-09,55\n"))).exit_code == 0
    res = run_cli("kpi", "import", str(_write(tmp_path, "code,period,value\nI.2,2025-09,61\n", "b.csv")))
    assert res.exit_code == 0, res.output
    assert "0 mới, 1 ghi đè" in res.output
    assert _readings(seeded)[("I.2", "2025-09")].value == 61
    last = _kpi_audits(seeded)[-1]
    assert last.before["value"] == 55 and last.after["value"] == 61


def test_a_file_with_a_wrong_header_or_encoding_is_refused(seeded, run_cli, tmp_path):
    res = run_cli("kpi", "import", str(_write(tmp_path, "ma,ky,gia_tri\nI.2,2025-09,55\n")))
    assert res.exit_code != 0 and "Dòng 1: tiêu đề không hợp lệ" in res.output
    latin = tmp_path / "latin.csv"
    latin.write_bytes("code,period,value,source\nI.2,2025-09,55,C\xf4ng\n".encode("latin-1"))
    res = run_cli("kpi", "import", str(latin))
    assert res.exit_code != 0 and "UTF-8" in res.output
    res = run_cli("kpi", "import", str(tmp_path / "missing.csv"))
    assert res.exit_code != 0 and "Không tìm thấy tệp" in res.output
    assert _readings(seeded) == {}


def test_kpi_list_shows_state_against_target_and_the_direction_of_the_trend(seeded, run_cli, tmp_path):
    path = _write(tmp_path, "code,period,value\nI.1,2025-08,58\nI.1,2025-09,45\nI.2,2025-08,50\nI.2,2025-09,64.5\n")
    assert run_cli("kpi", "import", str(path)).exit_code == 0
    res = run_cli("kpi", "list")
    assert res.exit_code == 0, res.output
    lines = {ln.split()[0]: ln for ln in res.output.splitlines() if ln[:2] in ("I.", "II")}
    assert "chưa đạt" in lines["I.1"] and "58 → 45 (↓ kém đi)" in lines["I.1"]
    assert " đạt " in lines["I.2"] and "50 → 64,5 (↑ tốt lên)" in lines["I.2"]
    assert "chưa có số liệu" in lines["I.3"]
    earlier = run_cli("kpi", "list", "--period", "2025-08")
    assert "58% (2025-08)" in earlier.output and "58 → 45" not in earlier.output


def _rejected(res: Any) -> list[str]:
    assert res.exit_code == 1, res.output
    assert "Traceback" not in res.output and "không mong đợi" not in res.output, res.output
    return res.stderr.splitlines()


def test_periods_outside_2000_to_2100_are_refused_row_by_row_and_nothing_is_imported(seeded, run_cli, db_url,
                                                                                    tmp_path):
    from tests.factories import db_dump

    path = _write(tmp_path, "code,period,value\nI.2,2025-09,64\nI.1,0000-01,50\nI.1,9999-12,50\nI.3,1999-12,5\n")
    before = db_dump(db_url)
    lines = _rejected(run_cli("kpi", "import", str(path)))
    assert lines[0] == "Lỗi: Không nhập gì cả: 3 lỗi trong tệp."
    assert [ln.split(":")[0] for ln in lines[1:]] == ["Dòng 3", "Dòng 4", "Dòng 5"]
    assert "0000-01" in lines[1] and "9999-12" in lines[2] and "1999-12" in lines[3]
    assert all("nằm ngoài khoảng cho phép" in ln for ln in lines[1:])
    assert db_dump(db_url) == before


def test_a_field_longer_than_the_csv_limit_gets_one_clear_line_and_nothing_is_imported(seeded, run_cli, db_url,
                                                                                       tmp_path):
    from tests.factories import db_dump

    # A quote that is never closed swallows the rest of the file into one field.
    path = _write(tmp_path, "code,period,value,source\nI.2,2025-09,64,ok\nI.1,2025-09,50,\"" + "x" * 140_000 + "\n")
    before = db_dump(db_url)
    lines = _rejected(run_cli("kpi", "import", str(path)))
    assert lines[1].startswith("Dòng 3: có ô dài quá 131.072 ký tự") and "ngoặc kép" in lines[1]
    assert db_dump(db_url) == before


def test_control_characters_and_overlong_cells_are_refused_without_echoing_them(seeded, run_cli, db_url, tmp_path):
    from tests.factories import db_dump

    path = _write(tmp_path, "code,period,value,source\n"
                            "I.2\x1b]0;pwned\x07,2025-09,64,\n"  # line 2
                            "I.1,2025-09,50,Cổng\x00Dịch vụ công\n"  # line 3: PostgreSQL refuses NUL
                            f"I.3,2025-09,50,{'Nguồn rất dài' * 100}\n"  # line 4: over 700 characters
                            f"I.4,2025-09,{'9' * 50},\n")  # line 5
    before = db_dump(db_url)
    res = run_cli("kpi", "import", str(path))
    lines = _rejected(res)
    assert [ln.split(":")[0] for ln in lines[1:]] == ["Dòng 2", "Dòng 3", "Dòng 4", "Dòng 5"]
    assert "cột code chứa ký tự điều khiển (U+001B)" in lines[1] and "U+0000" in lines[2]
    assert "cột source dài 1.300 ký tự, tối đa 700" in lines[3] and "tối đa 40" in lines[4]
    assert "\x1b" not in res.output and "\x00" not in res.output
    assert db_dump(db_url) == before
