"""Extensions recorded with --at: each counts from its own approval in past views, a backdated one entered later
takes effect, one approved in the future is refused."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

from freezegun import freeze_time

from tracker.timeutil import VN

ROOT = Path(__file__).resolve().parent.parent


@freeze_time(datetime(2025, 10, 20, 10, 0, tzinfo=VN))
def test_an_extension_recorded_late_with_at_counts_from_its_approval_in_past_views(seeded, run_cli):
    assert run_cli("tasks", "extend", "II.2.b.2", "--to", "2025-10-15", "--reason", "Duyệt trên giấy",
                   "--at", "2025-09-25 09:00").exit_code == 0
    assert run_cli("tasks", "done", "II.2.b.2", "--at", "2025-10-14 10:00").exit_code == 0
    rows = {r["code"]: r for r in json.loads(run_cli("tasks", "list", "--as-of", "2025-10-14", "--json").output)}
    assert rows["II.2.b.2"]["status"] == "done_on_time"
    assert rows["II.2.b.2"]["due_date"] == "2025-10-15"
    # Before the approval, the original deadline was in force.
    rows = {r["code"]: r for r in json.loads(run_cli("tasks", "list", "--as-of", "2025-09-24", "--json").output)}
    assert rows["II.2.b.2"]["due_date"] == "2025-09-30"


@freeze_time(datetime(2025, 10, 20, 10, 0, tzinfo=VN))
def test_a_backdated_extension_entered_after_a_later_one_takes_effect(seeded, run_cli):
    assert run_cli("tasks", "extend", "II.2.b.2", "--to", "2025-10-31", "--reason", "Chờ phần mềm",
                   "--at", "2025-10-05 09:00").exit_code == 0
    # Entered afterwards: a paper approval signed earlier, which the Chairman wants in force now.
    res = run_cli("tasks", "extend", "II.2.b.2", "--to", "2025-11-15", "--reason", "Duyệt trên giấy",
                  "--at", "2025-10-01 09:00")
    assert res.exit_code == 0
    rows = {r["code"]: r for r in json.loads(run_cli("tasks", "list", "--json").output)}
    assert rows["II.2.b.2"]["due_date"] == "2025-11-15"
    # In past views each counts from its own approval; before either, the plan's date.
    rows = {r["code"]: r for r in json.loads(run_cli("tasks", "list", "--as-of", "2025-10-02", "--json").output)}
    assert rows["II.2.b.2"]["due_date"] == "2025-11-15"
    rows = {r["code"]: r for r in json.loads(run_cli("tasks", "list", "--as-of", "2025-09-30", "--json").output)}
    assert rows["II.2.b.2"]["due_date"] == "2025-09-30"


@freeze_time(datetime(2025, 10, 20, 10, 0, tzinfo=VN))
def test_an_extension_approved_in_the_future_is_refused(seeded, run_cli):
    res = run_cli("tasks", "extend", "II.2.b.2", "--to", "2025-12-15", "--reason", "x", "--at", "2025-11-01 09:00")
    assert res.exit_code == 1 and "tương lai" in res.stderr
