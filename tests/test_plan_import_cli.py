"""`tracker plan import|check|diff` end to end: a draft written atomically, review notes listed, seed's matching
shown without changing the database."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import Result

PLAN_2025 = Path(__file__).parent / "data" / "plans" / "cam-hiep-2025.txt"


@pytest.fixture
def plan_cmd(run_cli: Callable[..., Result]) -> Callable[..., Result]:
    """`tracker plan …` through the real entry point (errors worded by the command group, exit codes as a user
    sees them)."""
    def invoke(*args: str) -> Result:
        return run_cli("plan", *args)
    return invoke


def test_import_writes_a_draft_in_the_seed_schema_and_prints_a_summary(plan_cmd, tmp_path: Path) -> None:
    out = tmp_path / "nhap.json"
    res = plan_cmd("import", str(PLAN_2025), "--out", str(out))
    assert res.exit_code == 0, res.output
    assert "22 nhiệm vụ (8 có hạn tính được), 10 chỉ tiêu" in res.output
    assert "mục cần xem lại" in res.output
    draft = json.loads(out.read_text(encoding="utf-8"))
    assert draft["plan"]["code"] == "cai-cach-tthc-2025" and len(draft["tasks"]) == 22
    assert not list(tmp_path.glob(".nhap.json.*"))  # no temporary file left behind


def test_options_set_the_commune_and_year(plan_cmd, tmp_path: Path) -> None:
    out = tmp_path / "nhap.json"
    res = plan_cmd("import", str(PLAN_2025), "--out", str(out), "--commune", "xa-thu", "--commune-name",
                   "Xã Thử", "--year", "2025")
    assert res.exit_code == 0, res.output
    draft = json.loads(out.read_text(encoding="utf-8"))
    assert draft["commune"]["code"] == "xa-thu" and draft["commune"]["name"] == "Xã Thử"
    res = plan_cmd("import", str(PLAN_2025), "--out", str(out), "--commune", "mã có dấu")
    assert res.exit_code == 1 and "Mã xã" in res.output


@pytest.mark.parametrize(("name", "content", "words"), [
    ("trong.txt", b"", "trống"),
    ("khac.txt", "Biên bản họp.\nNội dung: trao đổi.\n".encode(), "không phải văn bản kế hoạch"),
    ("khoa.docx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, "mật khẩu"),
    ("hong.docx", b"PK\x03\x04 broken", "không phải tệp Word"),
    ("hong.pdf", b"%PDF-1.4 broken", "không phải tệp PDF"),
    ("anh.png", b"\x89PNG\r\n", "chỉ nhận .docx, .pdf, .txt, .md"),
])
def test_bad_input_is_one_vietnamese_line_and_leaves_an_existing_out_untouched(
        plan_cmd, tmp_path: Path, name: str, content: bytes, words: str) -> None:
    doc = tmp_path / name
    doc.write_bytes(content)
    out = tmp_path / "nhap.json"
    out.write_text('{"giu": "nguyen"}', encoding="utf-8")
    res = plan_cmd("import", str(doc), "--out", str(out))
    assert res.exit_code == 1
    assert words in res.output and "Traceback" not in res.output
    assert res.output.startswith("Lỗi: ") and res.output.count("\n") == 1
    assert out.read_text(encoding="utf-8") == '{"giu": "nguyen"}'


def test_a_missing_file_or_a_folder_as_out_is_refused(plan_cmd, tmp_path: Path) -> None:
    res = plan_cmd("import", str(tmp_path / "khong-co.docx"), "--out", str(tmp_path / "x.json"))
    assert res.exit_code == 1 and "Không tìm thấy" in res.output
    res = plan_cmd("import", str(PLAN_2025), "--out", str(tmp_path))
    assert res.exit_code == 1 and "thư mục" in res.output


def test_check_lists_review_notes_and_exits_1_until_they_are_cleared(plan_cmd, tmp_path: Path) -> None:
    out = tmp_path / "nhap.json"
    assert plan_cmd("import", str(PLAN_2025), "--out", str(out)).exit_code == 0
    res = plan_cmd("check", str(out))
    assert res.exit_code == 1
    assert "Còn 20 mục cần xem lại" in res.output and "tasks[0] (mã II.1.a)" in res.output
    assert plan_cmd("check", str(out), "--allow-review").exit_code == 0
    draft = json.loads(out.read_text(encoding="utf-8"))
    for entry in [draft["plan"], *draft["units"], *draft["tasks"], *draft["kpis"]]:
        entry.pop("review", None)
    out.write_text(json.dumps(draft, ensure_ascii=False), encoding="utf-8")
    res = plan_cmd("check", str(out))
    assert res.exit_code == 0 and "Không còn mục nào cần xem lại" in res.output
    draft["tasks"][0]["deadline"] = {"kind": "hàng tuần", "text": "x"}
    out.write_text(json.dumps(draft, ensure_ascii=False), encoding="utf-8")
    res = plan_cmd("check", str(out))
    assert res.exit_code == 1 and "tasks[0] (mã II.1.a)" in res.output


def _counts(db: Path) -> dict[str, Any]:
    with sqlite3.connect(db) as c:
        return {t: c.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
                for t in ("commune", "unit", "plan", "task", "kpi", "occurrence", "auditevent")}


def test_diff_shows_what_seed_would_do_and_changes_nothing(plan_cmd, run_cli, engine, tmp_path: Path) -> None:
    out = tmp_path / "nhap.json"
    assert plan_cmd("import", str(PLAN_2025), "--out", str(out)).exit_code == 0
    db = tmp_path / "tracker.db"
    before = _counts(db)
    res = plan_cmd("diff", str(out))
    assert res.exit_code == 0, res.output
    assert "Thêm mới: 1 xã, 4 đơn vị, 1 người, 1 kế hoạch, 49 nhiệm vụ, 10 chỉ tiêu" in res.output  # the signer
    assert "+ nhiệm vụ II.1.a/TTPVHCC" in res.output  # a shared duty's items, matched as seed makes them
    assert _counts(db) == before
    # Loaded, then a deadline moved in the file: one task changed, the rest unchanged.
    assert run_cli("seed", str(out), "--allow-review").exit_code == 0
    draft = json.loads(out.read_text(encoding="utf-8"))
    task = next(t for t in draft["tasks"] if t["code"] == "II.1.b.4")
    task["deadline"]["date"] = "2025-12-10"
    out.write_text(json.dumps(draft, ensure_ascii=False), encoding="utf-8")
    loaded = _counts(db)
    res = plan_cmd("diff", str(out))
    assert res.exit_code == 0, res.output
    assert "Thêm mới: không có" in res.output and "Thay đổi: 1 nhiệm vụ" in res.output
    assert "~ nhiệm vụ II.1.b.4: due_date: 2025-12-14 → 2025-12-10" in res.output
    assert _counts(db) == loaded


def test_diff_on_a_database_not_initialised_says_so(plan_cmd, db_url, tmp_path: Path) -> None:
    out = tmp_path / "nhap.json"
    assert plan_cmd("import", str(PLAN_2025), "--out", str(out)).exit_code == 0
    res = plan_cmd("diff", str(out))
    assert res.exit_code == 1 and "tracker init" in res.output


def test_a_plan_without_a_year_asks_for_it_and_year_then_works(plan_cmd, tmp_path: Path) -> None:
    doc = tmp_path / "khong-nam.txt"
    doc.write_text("KẾ HOẠCH\nCải cách hành chính\nI. NHIỆM VỤ\n1. Công an xã làm sạch dữ liệu; thường xuyên.\n",
                   encoding="utf-8")
    out = tmp_path / "nhap.json"
    res = plan_cmd("import", str(doc), "--out", str(out))
    assert res.exit_code == 1 and "không xác định được năm" in res.output and "--year" in res.output
    assert not out.exists()
    res = plan_cmd("import", str(doc), "--out", str(out), "--year", "2026")
    assert res.exit_code == 0, res.output
    assert json.loads(out.read_text(encoding="utf-8"))["plan"]["year"] == 2026


def test_the_draft_is_an_ordinary_file_not_a_private_temporary_one(plan_cmd, tmp_path: Path) -> None:
    import os

    out = tmp_path / "nhap.json"
    mask = os.umask(0o022)
    try:
        assert plan_cmd("import", str(PLAN_2025), "--out", str(out)).exit_code == 0
    finally:
        os.umask(mask)
    assert out.stat().st_mode & 0o777 == 0o644
