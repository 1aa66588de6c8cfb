"""Revision 0004 (next-due instants) on a database of the release at revision 0002, upgraded through 0003.

The upgrade adds two empty tables; the first sweep finds no state row, sweeps every open item within the horizon
as before and computes a row for every open item (tracker/reminders/nextdue.py); the next sweeps read the rows.
"""

from __future__ import annotations

from tests.factories import cfg, ok, vn
from tests.test_migrations import (
    SINCE_0002,
    differences,
    model_indexes,
    sqlite_indexes,
    sqlite_query,
    sqlite_rows,
    version,
)
from tests.test_migrations_0003 import load_0002_dump


def test_an_upgraded_database_gets_its_next_due_rows_on_its_first_sweep(db_url, run_cli):
    from tracker.db import get_engine
    from tracker.migrations import HEAD

    load_0002_dump(db_url)
    rows = sqlite_rows(db_url)
    ok(run_cli("init"))
    assert version(db_url) == [HEAD] and HEAD >= "0004"
    assert differences(db_url) == []
    assert {"ix_nextdue_due_at", "ix_nextdue_commune_id", "ix_nextdue_task_id"} <= sqlite_indexes(db_url)
    assert {"ix_nextdue_due_at"} <= model_indexes()
    assert sqlite_rows(db_url, SINCE_0002) == rows
    assert sqlite_query(db_url, "SELECT count(*) FROM nextdue") == [(0,)]
    ok(run_cli("seed"))  # today's plan file: its new tasks and periods get rows as they are written
    seeded = sqlite_query(db_url, "SELECT count(*) FROM nextdue WHERE due_at = '1970-01-01 00:00:00.000000'")[0][0]
    assert seeded > 0

    from tracker.reminders.config import Delivery
    from tracker.reminders.sweep import SweepMemo, prepare

    engine = get_engine(db_url)
    memo = SweepMemo()  # the daemon's memory: this week's digests are stored once
    first = prepare(engine, vn(2025, 10, 21, 9), cfg(console_style="compact"), Delivery(), memo=memo)
    assert first.inserted
    open_items = {r["code"] + (f"@{r['period']}" if r["period"] else "") for r in
                  __import__("json").loads(run_cli("tasks", "list", "--as-of", "2025-10-21 09:00", "--json").stdout)
                  if r["status"] in ("in_progress", "overdue")}
    due = sqlite_query(db_url, "SELECT item, due_at FROM nextdue ORDER BY due_at")
    assert len(due) >= len(open_items) > 0
    assert all(at > "2025-10-21 02:00" for _, at in due)  # every row after the sweep's instant (UTC)
    assert sqlite_query(db_url, "SELECT swept_at FROM nextduestate") == [("2025-10-21 02:00:00.000000",)]
    # The next sweep the same minute reads no row and stores nothing; the next morning reads the overdue items.
    again = prepare(engine, vn(2025, 10, 21, 9, 1), cfg(console_style="compact"), Delivery(), memo=memo)
    assert again.inserted == [] and again.items_loaded == 0
    morning = prepare(engine, vn(2025, 10, 22, 7, 30), cfg(console_style="compact"), Delivery(), memo=memo)
    assert morning.inserted and 0 < morning.items_loaded <= len(due)
