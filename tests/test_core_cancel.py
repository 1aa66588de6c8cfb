"""Cancelling a task, and the one-completion-in-force rule the database enforces."""

from __future__ import annotations

import json
import sqlite3
from datetime import datetime

import pytest
from freezegun import freeze_time

from tracker.timeutil import VN


@freeze_time(datetime(2025, 9, 10, 9, 0, tzinfo=VN))
def test_cancelled_task_is_listed_as_cancelled_and_out_of_the_four_way_base(seeded, run_cli):
    res = run_cli("tasks", "cancel", "II.2.b.2", "--reason", "Điều chỉnh kế hoạch")
    assert res.exit_code == 0, res.output
    rows = {r["code"]: r for r in json.loads(run_cli("tasks", "list", "--json").output)}
    assert rows["II.2.b.2"]["status"] == "cancelled"
    total = json.loads(run_cli("summary", "--json").output)["total"]
    assert total["counts"]["cancelled"] == 1
    assert total["base"] == sum(total["counts"][s] for s in ("in_progress", "overdue", "done_on_time", "done_late"))
    log = json.loads(run_cli("log", "--task", "II.2.b.2", "--json").output)
    assert log[-1]["action"] == "task.cancel" and log[-1]["after"]["reason"] == "Điều chỉnh kế hoạch"


@freeze_time(datetime(2025, 9, 10, 9, 0, tzinfo=VN))
def test_cancelling_twice_is_refused_with_exit_1(seeded, run_cli):
    run_cli("tasks", "cancel", "II.2.b.2", "--reason", "x")
    res = run_cli("tasks", "cancel", "II.2.b.2", "--reason", "x")
    assert res.exit_code == 1
    assert "đã hủy" in res.stderr


@freeze_time(datetime(2025, 9, 10, 9, 0, tzinfo=VN))
def test_database_refuses_a_second_completion_in_force_for_the_same_task(seeded, run_cli, db_url):
    assert run_cli("tasks", "done", "II.2.b.1").exit_code == 0
    con = sqlite3.connect(db_url.removeprefix("sqlite:///"))
    row = con.execute("select task_id, commune_id from completion").fetchone()
    with pytest.raises(sqlite3.IntegrityError):
        con.execute("insert into completion(task_id, occurrence_id, commune_id, completed_at, recorded_at, actor,"
                    " channel) values (?, NULL, ?, '2025-09-10', '2025-09-10', 'other writer', 'cli')", row)
    con.rollback()
    con.close()
    # A reopened completion is revoked, so the task can be completed again.
    assert run_cli("tasks", "reopen", "II.2.b.1", "--reason", "thiếu minh chứng").exit_code == 0
    assert run_cli("tasks", "done", "II.2.b.1").exit_code == 0
