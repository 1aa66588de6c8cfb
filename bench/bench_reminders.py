"""Reminder benchmarks; each prints its figures with the size of the work.

    .venv/bin/python bench/bench_reminders.py sweep   # sweep time at 1, 65 and 3,321 communes (sweep 1 65: some)
    .venv/bin/python bench/bench_reminders.py email   # 1,000 e-mails through one SMTP connection (aiosmtpd)
    .venv/bin/python bench/bench_reminders.py rss     # peak RSS of `tracker run` on the 65-commune database
    .venv/bin/python bench/bench_reminders.py         # all three

Databases are built with bench/build_db.py (about 40 items per commune, monthly
occurrences included, realistic completions and extensions as of 20/10/2025).
"""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.build_db import build  # noqa: E402
from tracker.timeutil import VN  # noqa: E402

SWEEP_AT = datetime(2025, 10, 21, 9, 0, tzinfo=VN)  # Tuesday: reminders, overdue, escalations (+ digest catch-up)
MINUTE_AT = datetime(2025, 10, 21, 9, 1, tzinfo=VN)  # the next minute: what the daemon does all day
BURST_AT = datetime(2025, 10, 22, 7, 30, tzinfo=VN)  # Wednesday 07:30: the day's reminders, overdue, escalations
DIGEST_AT = datetime(2025, 10, 27, 7, 30, tzinfo=VN)  # the next Monday 07:30: the weekly digests and the day's rows


class Null:
    def write(self, text: str) -> int:
        return len(text)

    def flush(self) -> None:
        pass


def _counts(engine: Any) -> tuple[int, int]:
    import sqlalchemy as sa

    with engine.connect() as c:
        tasks = c.execute(sa.text("SELECT COUNT(*) FROM task WHERE deadline_kind != 'monthly'")).scalar()
        occs = c.execute(sa.text("SELECT COUNT(*) FROM occurrence")).scalar()
        return int(tasks or 0) + int(occs or 0), int(
            c.execute(sa.text("SELECT COUNT(*) FROM outboxmessage")).scalar() or 0)


def bench_sweep(tmp: Path, sizes: tuple[int, ...] = (1, 65, 3321)) -> None:
    from tracker.db import get_engine
    from tracker.reminders.config import Delivery, ReminderConfig
    from tracker.reminders.dispatch import default_factory
    from tracker.reminders.sweep import SweepMemo, prepare, run_sweep

    # One pass for every row, beyond the 10 000 a [reminders] batch_size may say: copied, not validated.
    cfg = ReminderConfig(console_style="compact").model_copy(update={"batch_size": 1_000_000})
    delivery = Delivery()
    print("Sweep (store + deliver on the console channel, SQLite, 1 process)")
    print(f"{'communes':>9} {'items':>8} {'loaded':>7} {'new rows':>8} {'prepare s':>9} {'deliver s':>9} "
          f"{'repeat s':>8} {'minute s':>8} {'burst rows':>10} {'burst s (CPU)':>13} {'digest s (CPU)':>14}")
    minute_1: float | None = None
    for n in sizes:
        url = f"sqlite:///{tmp / f'sweep-{n}.db'}"
        build(url, communes=n)
        engine = get_engine(url)
        items, _ = _counts(engine)
        memo = SweepMemo()  # the daemon's memory: this week's digests are stored once
        t0 = time.perf_counter()
        res = prepare(engine, SWEEP_AT, cfg, delivery, memo=memo)
        t1 = time.perf_counter()
        asyncio.run(run_sweep(engine, SWEEP_AT, cfg, delivery, default_factory(delivery, cfg, Null()),  # type: ignore[arg-type]
                              memo=memo))
        t2 = time.perf_counter()
        again = prepare(engine, SWEEP_AT, cfg, delivery, memo=memo)
        t3 = time.perf_counter()
        minutes = []
        for k in range(5):  # the every-minute sweep: the best of five consecutive minutes
            m0 = time.perf_counter()
            quiet = prepare(engine, MINUTE_AT.replace(minute=1 + k), cfg, delivery, memo=memo)
            minutes.append(time.perf_counter() - m0)
            assert quiet.inserted == [] and quiet.items_loaded == 0, quiet.items_loaded
        minute = min(minutes)
        b0, c0 = time.perf_counter(), time.process_time()
        burst = prepare(engine, BURST_AT, cfg, delivery, memo=memo)
        b1, c1 = time.perf_counter(), time.process_time()
        prepare(engine, DIGEST_AT, cfg, delivery, memo=memo)
        t4, c2 = time.perf_counter(), time.process_time()
        assert again.inserted == []
        print(f"{n:>9,} {items:>8,} {res.items_loaded:>7,} {len(res.inserted) + len(res.stale):>8,} "
              f"{t1 - t0:>9.2f} {t2 - t1:>9.2f} {t3 - t2:>8.3f} {minute:>8.4f} "
              f"{len(burst.inserted) + len(burst.stale):>10,} {f'{b1 - b0:.2f} ({c1 - c0:.2f})':>13} "
              f"{f'{t4 - b1:.2f} ({c2 - c1:.2f})':>14}")
        if minute_1 is None:
            minute_1 = minute
        else:
            print(f"{'':>9} every-minute sweep ×{minute / minute_1:.1f} the one-commune figure "
                  f"(×{n:,} communes); 07:30 burst: {burst.items_loaded:,} items loaded "
                  f"({burst.items_loaded / items:.0%} of those that exist)")
        engine.dispose()
    print("prepare = the first sweep (no next-due rows yet: every item in the horizon, digests included, then every "
          "row computed); deliver = claim, send, record each row; repeat = the same instant again (nothing due); "
          "minute = the next minutes (next-due rows due now: none; best of 5); burst = Wednesday 07:30 prepared "
          "(rows due at 07:30: today's slots, overdue items, escalations; stored, next instants written); "
          "digest = the next Monday 07:30 prepared (every item in the horizon for the digests, plus the rows due). "
          "(CPU) = the process's CPU time: on a shared machine, what the sweep itself cost.")


def bench_email(tmp: Path, count: int = 1000) -> None:
    import socket

    from aiosmtpd.controller import Controller

    from tracker.db import get_engine, transaction
    from tracker.migrations import migrate
    from tracker.reminders import outbox
    from tracker.reminders.config import Delivery, ReminderConfig
    from tracker.reminders.dispatch import Dispatcher, default_factory

    class Handler:
        def __init__(self) -> None:
            self.peers: set[Any] = set()
            self.count = 0

        async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
            self.peers.add(tuple(session.peer))
            self.count += 1
            return "250 OK"

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    handler = Handler()
    ctl = Controller(handler, hostname="127.0.0.1", port=port)
    ctl.start()
    try:
        engine = get_engine(f"sqlite:///{tmp / 'email.db'}")
        migrate(engine)
        now = SWEEP_AT
        rows = [{"key": f"bench:{i}", "commune_id": None, "kind": "reminder", "rule": "bench", "task_id": None,
                 "occurrence_id": None, "person_id": None, "channel": "email",
                 "address": f"head{i}@xa{i % 65}.example.invalid", "slot": "2025-10-21",
                 "subject": f"[Nhắc hạn] II.2.b.{i}: còn 3 ngày làm việc (hạn 24/10/2025)",
                 "body_text": "Kính gửi đồng chí,\n\nNhiệm vụ … còn 3 ngày làm việc.\n" * 5,
                 "body_html": "<p>Kính gửi đồng chí,</p><table><tr><td>Nhiệm vụ</td></tr></table>" * 5,
                 "buttons": [], "status": "pending", "attempts": 0, "created_at": now, "due_at": now,
                 "next_attempt_at": now, "deadline": None, "last_error": None} for i in range(count)]
        with transaction(engine) as s:
            outbox.insert_rows(s, rows)
        delivery = Delivery(smtp_url=f"smtp://127.0.0.1:{port}", mail_from="tracker@bench.example.invalid")
        cfg = ReminderConfig(batch_size=count)
        t0 = time.perf_counter()
        stats = asyncio.run(Dispatcher(engine, cfg, default_factory(delivery, cfg), clock=lambda: now).deliver())
        dt = time.perf_counter() - t0
        print(f"E-mail: {stats.sent:,} of {count:,} messages (text + HTML, Vietnamese subject) to aiosmtpd on "
              f"127.0.0.1 in {dt:.2f} s = {stats.sent / dt:.0f} msg/s, {len(handler.peers)} SMTP connection(s), "
              f"each message claimed and recorded in the outbox")
        engine.dispose()
    finally:
        ctl.stop()


def bench_rss(tmp: Path, seconds: float = 8.0) -> None:
    url = f"sqlite:///{tmp / 'rss-65.db'}"
    build(url, communes=65)
    conf = tmp / "tracker.toml"
    conf.write_text('[reminders]\nsweep_interval_seconds = 1\nconsole_style = "compact"\n', encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if not k.startswith("TRACKER_")}
    env.update(TRACKER_DB=url, TRACKER_CONFIG=str(conf), TRACKER_FAKE_NOW="2025-10-20 07:30")
    log = tmp / "daemon.log"  # a file, not a pipe: an unread pipe would block the daemon's logging
    proc = subprocess.Popen([sys.executable, "-c", "from cli import main; main()", "run"], cwd=tmp, env=env,
                            stdout=subprocess.DEVNULL, stderr=log.open("wb"))
    peak = 0
    started = time.monotonic()
    while time.monotonic() - started < seconds and proc.poll() is None:
        try:
            status = Path(f"/proc/{proc.pid}/status").read_text()
            peak = max(peak, next(int(ln.split()[1]) for ln in status.splitlines() if ln.startswith("VmHWM:")))
        except (FileNotFoundError, StopIteration):
            pass
        time.sleep(0.2)
    proc.send_signal(signal.SIGTERM)
    proc.wait(timeout=60)
    err = log.read_text(encoding="utf-8")
    sent = sum(int(ln.split(", đã gửi ")[1].split(",")[0]) for ln in err.splitlines() if ", đã gửi " in ln)
    print(f"Daemon: `tracker run` on 65 communes ({65 * 40:,} items) for {seconds:.0f} s, Monday 07:30 "
          f"(reminders + escalations + digests), {sent:,} messages sent on the console channel: "
          f"peak RSS {peak / 1024:.0f} MiB (VmHWM), exit code {proc.returncode}")


def main(argv: list[str]) -> int:
    which = argv[1] if len(argv) > 1 else "all"
    with tempfile.TemporaryDirectory(prefix="tracker-bench-") as d:
        tmp = Path(d)
        if which in ("sweep", "all"):
            sizes = tuple(int(a) for a in argv[2:]) if which == "sweep" and len(argv) > 2 else (1, 65, 3321)
            bench_sweep(tmp, sizes)
        if which in ("email", "all"):
            bench_email(tmp)
        if which in ("rss", "all"):
            bench_rss(tmp)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
