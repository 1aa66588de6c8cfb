from __future__ import annotations

import json


def test_seeded_plan_shows_every_open_q3_task_overdue_on_1_october(seeded, run_cli):
    res = run_cli("tasks", "list", "--as-of", "2025-10-01", "--json")
    assert res.exit_code == 0, res.output
    rows = json.loads(res.output)
    q3 = [r for r in rows if r["deadline_kind"] == "quarter_end"]
    assert {r["code"] for r in q3} == {"II.2.b.1", "II.2.b.2"}
    assert all(r["status"] == "overdue" and r["due_date"] == "2025-09-30" for r in q3)
