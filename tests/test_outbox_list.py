"""The outbox list names the period of a recurring task; a one-off task keeps its bare code."""

from __future__ import annotations

import json


def test_outbox_list_names_the_period_of_a_recurring_task(seeded, run_cli):
    assert run_cli("remind", "run", "--at", "2025-10-07 08:00", "--replay").exit_code == 0
    text = run_cli("outbox", "list").stdout
    assert "II.2.a.7/TTPVHCC (2025-08)" in text and "II.2.a.7/TTPVHCC (2025-09)" in text
    assert "II.2.b.1 " in text  # a one-off task keeps its bare code
    data = json.loads(run_cli("outbox", "list", "--json").stdout)
    assert {(d["task"], d["period"]) for d in data} >= {("II.2.a.7/TTPVHCC (2025-08)", "2025-08"), ("II.2.b.1", None)}
