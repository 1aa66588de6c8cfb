"""`remind preview` shows the timeline it showed before the sweep read its items through next-due rows (issue 13,
point 4): tests/data/preview_2025.json was recorded with the code of main before that change (the seeded plan plus
a head of VP, 01/08/2025 to 31/12/2025, every notification's instant, key, recipient and channel).

Regenerate only on purpose (a rule change): write timeline(with_head) as JSON from a test using the fixture.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

from tests.factories import cfg
from tracker.timeutil import iso_vn

RECORDED = Path(__file__).resolve().parent / "data" / "preview_2025.json"
START, END = date(2025, 8, 1), date(2025, 12, 31)


def timeline(engine: Any) -> list[dict[str, Any]]:
    from tracker.reminders.config import Delivery
    from tracker.reminders.sweep import preview

    return [{"at": iso_vn(p.at), "key": p.notification.key, "kind": p.notification.kind,
             "recipient": p.notification.person.name, "channel": p.notification.channel,
             "task": p.notification.item.ref if p.notification.item else None,
             "working_days": p.notification.working_days, "unassigned": p.notification.unassigned}
            for p in preview(engine, START, END, cfg(console_style="compact"), Delivery())]


def test_the_preview_of_the_seeded_plan_is_the_timeline_recorded_before_next_due_rows(with_head):
    recorded = json.loads(RECORDED.read_text(encoding="utf-8"))
    assert len(recorded) > 100 and {r["kind"] for r in recorded} == {"reminder", "overdue", "escalation", "digest"}
    assert timeline(with_head) == recorded

