"""The daemon's clock (an edge: the only place besides the CLI that reads real time).

TRACKER_FAKE_NOW (a test and demo aid, read only here): an instant such as
"2025-10-02 08:00" (Asia/Ho_Chi_Minh) or ISO with an offset. The clock starts
there and runs at real speed, so a daemon started in a test behaves as if it were
that day. Never set it in production.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from datetime import datetime, timedelta

from tracker.timeutil import parse_datetime, utcnow


def daemon_clock(environ: dict[str, str] | None = None) -> Callable[[], datetime]:
    env = os.environ if environ is None else environ
    fake = env.get("TRACKER_FAKE_NOW")
    if not fake:
        return utcnow
    start = parse_datetime(fake)
    t0 = time.monotonic()

    def now() -> datetime:
        return start + timedelta(seconds=time.monotonic() - t0)

    return now
