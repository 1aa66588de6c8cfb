"""The audit trail as a Vietnamese reader sees it: every action has a label, the log shows field names and dates in
Vietnamese."""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path

from freezegun import freeze_time

from tracker.timeutil import VN
from tracker.vocabulary import ACTION_LABELS

ROOT = Path(__file__).resolve().parent.parent


def test_every_audit_action_written_anywhere_has_a_vietnamese_label():
    written = set()
    for path in [*(ROOT / "tracker").rglob("*.py"), ROOT / "cli.py"]:
        written |= set(re.findall(r'action="([a-z_]+\.[a-z_]+)"', path.read_text(encoding="utf-8")))
    assert written, "no audit actions found: the scan is broken"
    assert sorted(written - set(ACTION_LABELS)) == []


@freeze_time(datetime(2025, 10, 2, 10, 0, tzinfo=VN))
def test_log_shows_changes_with_vietnamese_field_names_and_dates(seeded, run_cli):
    run_cli("tasks", "extend", "II.2.b.2", "--to", "2025-10-31", "--reason", "Chờ phần mềm")
    out = run_cli("log", "--task", "II.2.b.2").output
    assert "Gia hạn" in out
    assert "hạn: 30/09/2025" in out and "hạn: 31/10/2025" in out
    assert "due_date" not in out and "status" not in out
