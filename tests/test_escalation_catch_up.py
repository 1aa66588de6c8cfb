"""Weekly escalations after downtime: the catch-up escalation is repeated a full week after it went out, in the
preview, in stored rows and in retries."""

from __future__ import annotations

import json
from datetime import date

from tests.factories import outbox_rows, vn

STALE_REF = "II.2.a.7/TTPVHCC (2025-08)"  # overdue since August, no unit head: escalated to the Chairman


def _escalations(rows: list[dict], ref: str) -> list[date]:
    return [date.fromisoformat(r["at"][:10]) for r in rows if r["kind"] == "escalation" and r["task"] == ref]


def test_preview_after_downtime_spaces_weekly_escalations_a_full_week_apart(seeded, run_cli):
    rows = json.loads(run_cli("remind", "preview", "--from", "2025-09-20", "--to", "2025-10-10", "--json").stdout)
    days = _escalations(rows, STALE_REF)
    assert days == [date(2025, 9, 22), date(2025, 9, 29), date(2025, 10, 6)]


def _run_escalation_keys(run_cli, at: str) -> tuple[set[str], int]:
    res = run_cli("remind", "run", "--at", at, "--replay", "--json")
    assert res.exit_code == 0, res.output
    data = json.loads(res.stdout)
    return {d["key"] for d in data["due"] if d["kind"] == "escalation" and d["task"] == STALE_REF}, data["inserted"]


def test_a_late_catch_up_escalation_is_repeated_a_week_after_it_went_out_not_three_days_later(seeded, run_cli):
    from tracker.timeutil import vn_date

    monday, _ = _run_escalation_keys(run_cli, "2025-09-22 08:00")  # first sweep after downtime: catch-up
    wednesday, _ = _run_escalation_keys(run_cli, "2025-09-24 08:00")
    assert len(monday) == 1 and wednesday == monday  # the same notification: nothing new
    next_monday, _ = _run_escalation_keys(run_cli, "2025-09-29 08:00")
    again, inserted = _run_escalation_keys(run_cli, "2025-09-29 08:00")
    assert next_monday.isdisjoint(monday) and again == next_monday and inserted == 0
    stored = sorted(vn_date(r.created_at) for r in outbox_rows(seeded) if r.key in monday | next_monday)
    assert stored == [date(2025, 9, 22), date(2025, 9, 29)]
    assert {r.person_id for r in outbox_rows(seeded) if r.key in monday} == \
        {r.person_id for r in outbox_rows(seeded) if r.kind == "escalation"}


def test_an_escalation_retry_keeps_a_full_week_when_its_catch_up_slot_is_days_old(seeded, run_cli):
    """A row queued on 22/09 for the 17/09 slot is still worth retrying on 26/09."""
    from tracker.reminders.config import Delivery, ReminderConfig
    from tracker.reminders.dispatch import Dispatcher, default_factory

    cfg = ReminderConfig()
    d = Dispatcher(seeded, cfg, default_factory(Delivery(), cfg), clock=lambda: vn(2025, 9, 26))
    row = {"kind": "escalation", "slot": "2025-09-17", "created_at": vn(2025, 9, 22)}
    assert not d._outdated(row, date(2025, 9, 26))
    assert d._outdated(row, date(2025, 9, 29))
