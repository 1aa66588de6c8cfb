"""Revision 0003 (plans over time) on a database made by the previous release (revision 0002).

tests/data/rev_0002.sql is written by scripts/make_0002_dump.py with the code of main at revision 0002: the 2025
plan as that release's file had it (one lead unit per task, issue date 01/08/2025), completions on II.2.b.2, on the
August period of II.2.a.7 (then TTPVHCC's alone) and on the standing duty II.1.a, an extension, outbox rows.
Upgraded by the tracker's own `init`, then loaded with today's plan file, which shares II.2.a.7 and II.1.a between
units: each old row becomes its former lead unit's share and keeps its history.
"""

from __future__ import annotations

from pathlib import Path

from tests.factories import cli_json, ok
from tests.test_migrations import (
    SINCE_0002,
    differences,
    model_indexes,
    sqlite_columns,
    sqlite_indexes,
    sqlite_query,
    sqlite_rows,
    sqlite_script,
    version,
)

DUMP = Path(__file__).resolve().parent / "data" / "rev_0002.sql"


def load_0002_dump(db_url: str) -> None:
    sqlite_script(db_url, DUMP.read_text(encoding="utf-8"))


def test_a_database_at_revision_0002_keeps_every_row_and_gains_the_plan_columns(db_url, run_cli):
    from tracker.migrations import HEAD

    load_0002_dump(db_url)
    assert version(db_url) == ["0002"]
    rows = sqlite_rows(db_url)
    assert rows["completion"] and rows["extension"] and rows["outboxmessage"]
    ok(run_cli("init"))
    assert version(db_url) == [HEAD]
    assert differences(db_url) == []
    assert model_indexes() <= sqlite_indexes(db_url)
    assert sqlite_rows(db_url, SINCE_0002) == rows  # every row as it was, the new columns aside
    assert sqlite_columns(db_url, "unit")[-2:] == ["seq", "department"]
    # Units keep their order (seq from id), every one a department until a plan file says otherwise.
    assert sqlite_query(db_url, "SELECT code, seq, department FROM unit ORDER BY id") == [
        ("VP", 1, 1), ("VHXH", 2, 1), ("KT", 3, 1), ("TTPVHCC", 4, 1)]
    assert sqlite_query(db_url, "SELECT count(*) FROM periodicresult") == [(0,)]


def test_loading_todays_plan_file_turns_each_old_task_into_its_former_lead_units_share(db_url, run_cli):
    load_0002_dump(db_url)
    ok(run_cli("init"))
    before = {t["code"]: t for t in cli_json(run_cli, "tasks", "list", "--as-of", "2025-10-01", "--all")}
    assert before["II.2.a.7"]["lead_unit"] == "TTPVHCC"
    ok(run_cli("seed"))
    after = {(t["code"], t["period"]): t for t in cli_json(run_cli, "tasks", "list", "--as-of", "2025-10-01",
                                                              "--all")}
    # II.2.a.7 is now four shares; TTPVHCC's is the old row, with its August completion.
    assert {c for c, p in after if c.startswith("II.2.a.7")} == {
        "II.2.a.7/VP", "II.2.a.7/VHXH", "II.2.a.7/KT", "II.2.a.7/TTPVHCC"}
    assert after[("II.2.a.7/TTPVHCC", "2025-08")]["status"] == "done_late"  # done 17/09, due 18/08
    assert after[("II.2.a.7/VP", "2025-09")]["status"] == "overdue"
    # The database kept the issue day it had (01/08/2025), though today's file leaves it blank: August stays.
    assert ("II.2.a.7/VP", "2025-08") in after
    # The standing duty's old completion no longer counts as on time: it is a standing duty.
    assert after[("II.1.a/VHXH", None)]["status"] == "no_deadline"
    # The one-off task and the extension read as before.
    assert after[("II.2.b.2", None)]["status"] == "done_on_time"
    assert after[("II.2.b.1", None)]["due_date"] == "2025-10-31"
    history = cli_json(run_cli, "log", "--task", "II.2.a.7/TTPVHCC", "--plan", "cai-cach-tthc-2025")
    assert "task.done" in [e["action"] for e in history]
