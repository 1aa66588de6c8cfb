"""Recurring reports beyond monthly (issue 12, point 3): quarterly, six-monthly, nine-monthly and yearly periods with
their Nghị định 09/2019 windows, available to every plan file ("periodic" deadline kind)."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from tests.factories import SEED, cli_json, ok


def _plan_with_periodic(tmp_path: Path, periods: list[str]) -> Path:
    plan = json.loads(SEED.read_text(encoding="utf-8"))
    plan["plan"]["issue_date"] = "2025-01-10"
    plan["tasks"].append({
        "code": "IV.1", "section": "IV", "title": "Báo cáo cải cách hành chính định kỳ",
        "description": "Báo cáo kết quả cải cách hành chính định kỳ quý, 6 tháng, 9 tháng và năm.",
        "lead_unit": "VHXH",
        "deadline": {"kind": "periodic", "text": "Định kỳ hàng quý, 6 tháng, 9 tháng, năm", "periods": periods,
                     "submit_within_working_days": 2},
    })
    out = tmp_path / "plan.json"
    out.write_text(json.dumps(plan, ensure_ascii=False), encoding="utf-8")
    return out


@pytest.mark.parametrize(("period", "window"), [
    ("2025-Q1", ("2024-12-15", "2025-03-14")),
    ("2025-Q2", ("2025-03-15", "2025-06-14")),
    ("2025-Q3", ("2025-06-15", "2025-09-14")),
    ("2025-Q4", ("2025-09-15", "2025-12-14")),
    ("2025-H1", ("2024-12-15", "2025-06-14")),
    ("2025-9M", ("2024-12-15", "2025-09-14")),
    ("2025-Y", ("2024-12-15", "2025-12-14")),
])
def test_each_period_has_the_nd09_window(period, window):
    from tracker.timeutil import report_window

    assert report_window(period) == (date.fromisoformat(window[0]), date.fromisoformat(window[1]))


def test_a_periodic_task_has_one_occurrence_per_period_each_with_its_own_deadline_and_result(run_cli, tmp_path):
    ok(run_cli("seed", str(_plan_with_periodic(tmp_path, ["2025-Q1", "2025-Q2", "2025-H1", "2025-Q3", "2025-9M",
                                                          "2025-Q4", "2025-Y"]))))
    occ = {o["period"]: o for o in cli_json(run_cli, "tasks", "show", "IV.1", "--as-of", "2025-12-31")["occurrences"]}
    assert set(occ) == {"2025-Q1", "2025-Q2", "2025-H1", "2025-Q3", "2025-9M", "2025-Q4", "2025-Y"}
    # Cut-off Friday 14/03/2025: due 2 working days later, Tuesday 18/03.
    assert occ["2025-Q1"]["window"] == ["2024-12-15", "2025-03-14"] and occ["2025-Q1"]["due_date"] == "2025-03-18"
    assert occ["2025-H1"]["window"] == ["2024-12-15", "2025-06-14"]
    ok(run_cli("tasks", "done", "IV.1", "--period", "2025-q1", "--at", "2025-03-17 09:00"))
    shown = {o["period"]: o["status"] for o in cli_json(run_cli, "tasks", "show", "IV.1", "--as-of",
                                                         "2025-04-01")["occurrences"]}
    assert shown["2025-Q1"] == "done_on_time"
    res = run_cli("tasks", "done", "IV.1", "--period", "2025-Q5")
    assert res.exit_code != 0 and "Kỳ không hợp lệ" in res.stderr


def test_a_periodic_task_repeating_a_period_is_refused(run_cli, tmp_path):
    res = run_cli("seed", str(_plan_with_periodic(tmp_path, ["2025-Q1", "2025-Q1"])))
    assert res.exit_code != 0 and "kỳ lặp lại" in res.stderr
