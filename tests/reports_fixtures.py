"""Data for the reports tests: chosen completions and KPI readings (the `progressed` fixture in conftest.py).

Named instants are Asia/Ho_Chi_Minh. The October 2025 report window (ND 09/2019)
runs from 15/09/2025 to 14/10/2025.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

from tracker.timeutil import VN

LATER = datetime(2025, 10, 20, 9, 0, tzinfo=VN)  # when the completions below are recorded
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]

# (code, period, completed at)
COMPLETIONS = [
    ("II.2.b.1", None, datetime(2025, 9, 20, 10, 0, tzinfo=VN)),  # deadline 30/09: on time, inside the window
    ("II.2.b.2", None, datetime(2025, 10, 3, 15, 0, tzinfo=VN)),  # deadline 30/09: late, inside the window
    ("III.2.1", "2025-08", datetime(2025, 8, 17, 9, 0, tzinfo=VN)),  # before the window: not in October's report
    ("III.2.1", "2025-09", datetime(2025, 9, 25, 9, 0, tzinfo=VN)),  # due 16/09: late, inside the window
    ("II.2.a.7", "2025-10", datetime(2025, 10, 17, 9, 0, tzinfo=VN)),  # after the window: still open on 14/10
]

# (code, period, value, numerator, denominator)
READINGS = [
    ("I.1", "2025-09", 45.0, None, None),  # below the 60% target
    ("I.2", "2025-09", 64.5, 129.0, 200.0),  # meets the 60% target
    ("II.4", "2025-09", 95.0, None, None),  # meets 90%
    ("I.1", "2025-11", 70.0, None, None),  # after October: never used by October's report
]


def mark_done(engine: Any, code: str, period: str | None, at: datetime) -> None:
    from tracker.service import complete_task

    complete_task(engine, commune=None, code=code, period=period, at=at, actor="test", note=None, evidence=None,
                  now=LATER)



def rename_task(engine: Any, code: str, title: str) -> None:
    from sqlmodel import select

    from tracker.db import transaction
    from tracker.models import Task

    with transaction(engine) as s:
        task = s.exec(select(Task).where(Task.code == code)).one()
        task.title = title
        s.add(task)
