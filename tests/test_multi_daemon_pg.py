"""Three `tracker run` daemons (real processes) on one PostgreSQL database (the server tests/conftest.py starts).

The province's deployment: several machines behind one database. Each daemon claims its own batches of the
outbox (FOR UPDATE SKIP LOCKED) and exactly one of them, the holder of the advisory lock, runs the sweep.
One daemon is SIGKILLed in the middle of a batch: its sweep and, once its claims outlive the lease, its
batch are taken over by the others; only the one message it had handed to its SMTP server may arrive twice
(docs/reminders.md, the crash window).

The database is bench/build_db.py's, three communes of the seeded plan, every person with an e-mail address,
on Monday 20/10/2025 at 07:30 (overdue reminders, escalations and the week's digests are due).
"""

from __future__ import annotations

import asyncio
import email
import email.policy
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from tests.factories import free_port

pytestmark = pytest.mark.slow  # starts PostgreSQL and four processes

ROOT = Path(__file__).resolve().parent.parent
NOW = "2025-10-20 07:30"
LEASE = 6  # seconds (TRACKER_LEASE_SECONDS): claims renewed every 2 s by a live daemon, taken over after 6
BATCH = 8


@dataclass
class GatedSmtp:
    """aiosmtpd on 127.0.0.1 recording each message's outbox key; every DATA waits (after being recorded)
    until `gate` is set, so the test decides when the daemon on the other side gets its "250"."""

    port: int
    keys: list[str] = field(default_factory=list)
    peers: list[tuple[str, int]] = field(default_factory=list)
    gate: threading.Event = field(default_factory=threading.Event)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def url(self) -> str:
        return f"smtp://127.0.0.1:{self.port}"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        msg = email.message_from_bytes(envelope.content, policy=email.policy.default)
        with self._lock:
            self.keys.append(str(msg["X-Tracker-Key"]))
            self.peers.append(tuple(session.peer))
        while not self.gate.is_set():
            await asyncio.sleep(0.02)
        return "250 Message accepted"


@pytest.fixture
def smtp_pair() -> Iterator[tuple[GatedSmtp, GatedSmtp]]:
    """Two servers: the survivors' and the victim's (so the victim can be stopped in its batch's first send)."""
    from aiosmtpd.controller import Controller

    started: list[tuple[GatedSmtp, Any]] = []
    try:
        for _ in range(2):
            for attempt in range(3):
                server = GatedSmtp(port=free_port())
                ctl = Controller(server, hostname="127.0.0.1", port=server.port, ready_timeout=30)
                try:
                    ctl.start()
                    break
                except OSError:
                    ctl.stop(no_assert=True)
                    if attempt == 2:
                        raise
            started.append((server, ctl))
        yield started[0][0], started[1][0]
    finally:
        for server, ctl in started:
            server.gate.set()
            ctl.stop()


def wait_until(predicate: Callable[[], bool], what: str, procs: list[subprocess.Popen[bytes]] | None = None,
               limit: float = 90.0) -> None:
    """A bounded wait for a state (not a timed assertion): fails when a daemon died or nothing happened."""
    deadline = time.monotonic() + limit
    while not predicate():
        for p in procs or []:
            assert p.poll() is None, f"a daemon exited ({p.returncode}) while waiting for: {what}"
        assert time.monotonic() < deadline, f"never happened: {what}"
        time.sleep(0.05)


def test_three_daemons_share_delivery_one_sweeps_and_a_killed_ones_batch_is_taken_over(
        pg_url, pg_sql, tmp_path, smtp_pair):
    from bench.build_db import build

    survivors_smtp, victim_smtp = smtp_pair
    build(pg_url, communes=3)
    pg_sql("UPDATE person SET email = 'p' || id || '@xa.example.invalid' WHERE email IS NULL")  # all by e-mail
    conf = tmp_path / "tracker.toml"
    conf.write_text(f"[reminders]\nsweep_interval_seconds = 1\nbatch_size = {BATCH}\n", encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if not k.startswith("TRACKER_")}
    env.update(TRACKER_DB=pg_url, TRACKER_CONFIG=str(conf), TRACKER_MAIL_FROM="tracker@tinh.example.invalid",
               TRACKER_FAKE_NOW=NOW, TRACKER_LEASE_SECONDS=str(LEASE), TRACKER_LOG_LEVEL="DEBUG",
               PYTHONUNBUFFERED="1")
    logs = {name: tmp_path / f"{name}.log" for name in ("a", "b", "c")}

    def start(name: str, smtp: GatedSmtp) -> subprocess.Popen[bytes]:
        return subprocess.Popen([sys.executable, "-c", "from cli import main; main()", "run"], cwd=tmp_path,
                                env={**env, "TRACKER_SMTP_URL": smtp.url}, stdout=subprocess.DEVNULL,
                                stderr=logs[name].open("wb"))

    def text(name: str) -> str:
        return logs[name].read_text(encoding="utf-8", errors="replace")

    def statuses() -> dict[str, str]:
        return dict(pg_sql("SELECT key, status FROM outboxmessage"))

    def advisory_locks() -> int:
        return int(pg_sql("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND granted AND database = "
                          "(SELECT oid FROM pg_database WHERE datname = current_database())")[0][0])

    procs: dict[str, subprocess.Popen[bytes]] = {}
    try:
        # C first: it takes the sweep (the lock), stores the morning's rows, claims a batch and hands its first
        # e-mail to its server, which keeps it waiting: C is stopped in the middle of its batch.
        procs["c"] = start("c", victim_smtp)
        wait_until(lambda: len(victim_smtp.keys) == 1, "C's first e-mail", list(procs.values()))
        victim = f"{socket.gethostname()}:{procs['c'].pid}"
        claims = dict(pg_sql("SELECT key, status FROM outboxmessage WHERE claimed_by = %s", victim))
        in_flight = [k for k, s in claims.items() if s == "sending"]
        assert in_flight == victim_smtp.keys  # the one message handed to a channel
        held_back = sorted(k for k, s in claims.items() if s == "pending")
        assert len(held_back) == BATCH - 1  # the rest of its batch: claimed, not sent
        total = len(statuses())
        assert total > 3 * BATCH
        assert advisory_locks() == 1

        # A and B: their first e-mails wait at their server's gate until both have one there, so both deliver.
        procs["a"], procs["b"] = start("a", survivors_smtp), start("b", survivors_smtp)
        wait_until(lambda: len(set(survivors_smtp.peers)) == 2, "A's and B's first e-mails", list(procs.values()))
        survivors_smtp.gate.set()
        # Everything but C's batch goes out while C lives; C's claims are renewed, never taken.
        wait_until(lambda: sum(s == "sent" for s in statuses().values()) == total - BATCH,
                   "every row outside C's batch sent", list(procs.values()))
        first_claim = pg_sql("SELECT max(claimed_at) FROM outboxmessage WHERE claimed_by = %s", victim)[0][0]
        wait_until(lambda: pg_sql("SELECT min(claimed_at) FROM outboxmessage WHERE claimed_by = %s",
                                  victim)[0][0] > first_claim, "C's claims renewed", list(procs.values()))
        assert dict(pg_sql("SELECT key, status FROM outboxmessage WHERE claimed_by = %s", victim)) == claims
        assert advisory_locks() == 1
        assert "Tiến trình khác đang chạy lượt quét" in text("a") and "Tiến trình khác đang chạy lượt quét" in text("b")

        procs["c"].send_signal(signal.SIGKILL)
        assert procs["c"].wait(timeout=30) == -signal.SIGKILL
        victim_smtp.gate.set()  # C never reads the "250": it is dead
        # The lock is freed with C's session; one of A and B takes the sweep, then, past the lease, C's batch.
        wait_until(lambda: not any(s in ("pending", "sending") for s in statuses().values())
                   and len(survivors_smtp.keys) == total - BATCH + len(claims), "C's batch delivered by A or B",
                   [procs["a"], procs["b"]])
        wait_until(lambda: advisory_locks() == 1, "the sweep lock held again", [procs["a"], procs["b"]])
    finally:
        for p in procs.values():
            if p.poll() is None:
                p.send_signal(signal.SIGTERM)
        codes = {name: p.wait(timeout=60) for name, p in procs.items()}
    assert codes == {"a": 0, "b": 0, "c": -signal.SIGKILL}

    # Every message delivered; only C's in-flight one twice (its server got it, C died before the "250").
    final = statuses()
    assert set(final.values()) == {"sent"}
    received = Counter(survivors_smtp.keys + victim_smtp.keys)
    assert set(received) == set(final)
    assert {k: n for k, n in received.items() if n > 1} == {in_flight[0]: 2}
    # C's batch was sent by the survivors, each row once; the in-flight one after its lease expired.
    sent_by = {n: set(re.findall(r"Đã gửi .*? (\S+) → ", text(n))) for n in ("a", "b")}
    assert set(held_back) | set(in_flight) <= sent_by["a"] | sent_by["b"]
    assert not sent_by["a"] & sent_by["b"]
    assert sent_by["a"] and sent_by["b"]  # both shared the morning's delivery
    assert f"Hết hạn giữ chỗ, gửi lại (có thể trùng một lần): {in_flight[0]}" in text("a") + text("b")

    # Exactly one sweep at a time: C swept (and held the lock) until it died; then exactly one of A and B did,
    # and only after taking the lock. The other never swept.
    sweeps = {n: text(n).count("Lượt quét (") for n in ("a", "b", "c")}
    took = [n for n in ("a", "b") if "Tiến trình này chạy lượt quét" in text(n)]
    assert sweeps["c"] == 1 and "Tiến trình này chạy lượt quét" in text("c")
    assert len(took) == 1
    other = ({"a", "b"} - set(took)).pop()
    assert sweeps[took[0]] >= 1 and sweeps[other] == 0
    leader_log = text(took[0])
    assert leader_log.index("Tiến trình này chạy lượt quét") < leader_log.index("Lượt quét (")
    for n in ("a", "b"):  # no error line (DEBUG's own level is "GỠ LỖI")
        assert not re.search(r"^\S+ \S+ LỖI: ", text(n), re.M), text(n)[-3000:]


def test_the_bot_polls_in_the_sweeping_daemon_only_and_moves_with_the_lock(pg_url, tmp_path):
    """One Telegram bot for the province, its token on every machine: only the lock holder polls for updates
    (a bot's updates go to one poller); when it dies, the daemon that takes the lock starts the bot."""
    from bench.build_db import build
    from tests.fake_bot_api import TOKEN, FakeBotApi

    build(pg_url, communes=1)
    conf = tmp_path / "tracker.toml"
    conf.write_text("[reminders]\nsweep_interval_seconds = 1\n", encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if not k.startswith("TRACKER_") and "proxy" not in k.lower()}
    logs = {name: tmp_path / f"{name}.log" for name in ("first", "second")}

    def text(name: str) -> str:
        return logs[name].read_text(encoding="utf-8", errors="replace")

    procs: dict[str, subprocess.Popen[bytes]] = {}
    with FakeBotApi() as api:
        env.update(TRACKER_DB=pg_url, TRACKER_CONFIG=str(conf), TRACKER_TELEGRAM_TOKEN=TOKEN,
                   TRACKER_TELEGRAM_API_URL=api.url, TRACKER_FAKE_NOW=NOW, PYTHONUNBUFFERED="1")

        def start(name: str) -> subprocess.Popen[bytes]:
            return subprocess.Popen([sys.executable, "-c", "from cli import main; main()", "run"], cwd=tmp_path,
                                    env=env, stdout=subprocess.DEVNULL, stderr=logs[name].open("wb"))

        try:
            procs["first"] = start("first")
            wait_until(lambda: "Bot Telegram đã khởi động" in text("first"), "the first daemon's bot",
                       list(procs.values()))
            procs["second"] = start("second")
            wait_until(lambda: "Tiến trình khác đang chạy lượt quét" in text("second"), "the second one delivering",
                       list(procs.values()))
            api.inject_message(5001, "/help")
            api.wait_message(5001, timeout=60)  # the first daemon's bot answers

            procs["first"].send_signal(signal.SIGKILL)
            assert procs["first"].wait(timeout=30) == -signal.SIGKILL
            wait_until(lambda: "Bot Telegram đã khởi động" in text("second"), "the bot started by the second daemon",
                       [procs["second"]])
            api.inject_message(5002, "/help")
            api.wait_message(5002, timeout=60)  # answered: the first daemon is dead
        finally:
            for p in procs.values():
                if p.poll() is None:
                    p.send_signal(signal.SIGTERM)
            codes = {name: p.wait(timeout=60) for name, p in procs.items()}
    assert codes == {"first": -signal.SIGKILL, "second": 0}
    second = text("second")
    # The second daemon started its bot only once it held the lock, never while the first one polled.
    assert second.index("Tiến trình khác đang chạy lượt quét") < second.index("Tiến trình này chạy lượt quét") \
        < second.index("Bot Telegram đã khởi động")
    assert second.count("Bot Telegram đã khởi động") == 1 and TOKEN not in second
