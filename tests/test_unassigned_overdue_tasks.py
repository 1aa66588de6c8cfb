"""An overdue task without a unit head: no daily reminder to the Chairman, but the escalation and the digest
(docs/reminders.md)."""

from __future__ import annotations

from tests.factories import CHAIRMAN, vn


def test_an_overdue_task_without_a_head_gets_no_daily_reminder_but_the_escalation_and_digest_as_documented(seeded):
    """docs/reminders.md: no daily overdue reminder to the Chairman; escalation and digest cover the task."""
    from tests.factories import policy_at

    def about(when):
        return [n for n in policy_at(seeded, when) if n.item and n.item.ref == "II.2.b.1"]

    assert about(vn(2025, 10, 1)) == []  # first day overdue: no head to remind, the Chairman is not told daily
    assert [(n.kind, n.person.name, n.unassigned) for n in about(vn(2025, 10, 3))] == [("escalation", CHAIRMAN, True)]
    digest = next(n for n in policy_at(seeded, vn(2025, 10, 6, 7, 30)) if n.kind == "digest")
    assert "II.2.b.1" in [it.task.code for it in digest.digest.unassigned]
