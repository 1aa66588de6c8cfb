"""Delivery throughput of `tracker run` daemons (real processes) on one PostgreSQL database.

    .venv/bin/python bench/bench_delivery.py             # console with 1, 2, 3 daemons; then e-mail with 1
    .venv/bin/python bench/bench_delivery.py console     # only the console figures
    .venv/bin/python bench/bench_delivery.py email       # only the e-mail figure
    TRACKER_BENCH_PG=postgresql+psycopg://u:p@host/db …  # an existing empty database instead of a throwaway server

The work: the Monday 07:30 burst at 65 communes (bench/build_db.py: the seeded plan 65 times, results as of
20/10/2025): overdue reminders, escalations and the weekly digests, stored by one sweep. Without a
TRACKER_BENCH_PG the script starts its own PostgreSQL server (Debian's binaries, as tests/conftest.py does:
fsync off, synchronous_commit off), so the figures measure the tracker, not the disk.

How a figure is taken: the rows are stored, then parked (next_attempt_at a day later); the N daemons are
started and, once every one has logged its start and its first sweep, the rows are released in one UPDATE.
The clock runs from the first row seen sent to the last (polled every 20 ms), so the daemons' start-up and
the one-second tick that notices the rows are not counted; `first seen` says how long that took.
E-mail: one daemon, every person given an address, aiosmtpd on 127.0.0.1 in this process (the daemon's SMTP
peer, on the same 2 cores); the SMTP connections the server saw are counted.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import sqlalchemy as sa

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.build_db import build  # noqa: E402

COMMUNES = 65
NOW = "2025-10-20 07:30"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def throwaway_postgres() -> Iterator[tuple[str, Any]]:
    """(url of an admin connection's server, a function creating a database and returning its URL)."""
    import psycopg

    from tests.conftest import _run_as, find_pg_bin_dir

    bindir = find_pg_bin_dir()
    if bindir is None:
        raise SystemExit("PostgreSQL server binaries not found (apt-get install postgresql), or set TRACKER_BENCH_PG")
    as_user = _run_as()
    base = Path(tempfile.mkdtemp(prefix="tracker-bench-pg-"))
    data, sock = base / "data", base / "sock"
    sock.mkdir()
    (base / "pw").write_text("bench\n")
    if as_user:
        for p in (base, sock, base / "pw"):
            os.chown(p, as_user["user"], as_user["group"])
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "LC_ALL": "C", "LANG": "C"}
    subprocess.run([str(bindir / "initdb"), "-D", str(data), "-U", "tracker", f"--pwfile={base / 'pw'}",
                    "--auth=scram-sha-256", "-E", "UTF8", "--locale=C", "--no-sync"], cwd=base, env=env,
                   check=True, capture_output=True, **as_user)
    port = _free_port()
    opts = (f"-p {port} -k {sock} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off "
            "-c full_page_writes=off -c max_connections=50 -c shared_buffers=64MB -c timezone=Asia/Ho_Chi_Minh")
    subprocess.run([str(bindir / "pg_ctl"), "-D", str(data), "-l", str(base / "log"), "-o", opts, "-w", "start"],
                   cwd=base, env=env, check=True, capture_output=True, **as_user)
    counter = iter(range(1, 1000))

    def new_db() -> str:
        name = f"bench{next(counter)}"
        with psycopg.connect(host="127.0.0.1", port=port, user="tracker", password="bench", dbname="postgres",
                             autocommit=True) as con:
            con.execute(f"CREATE DATABASE {name}")
        return f"postgresql+psycopg://tracker:bench@127.0.0.1:{port}/{name}"

    try:
        yield f"127.0.0.1:{port}", new_db
    finally:
        subprocess.run([str(bindir / "pg_ctl"), "-D", str(data), "-m", "immediate", "-w", "stop"], cwd=base,
                       env=env, capture_output=True, check=False, **as_user)
        shutil.rmtree(base, ignore_errors=True)


def prepare_burst(url: str, *, email: bool) -> int:
    """Build 65 communes, store the 07:30 burst with one sweep, park it; return the number of rows."""
    from tracker.db import get_engine
    from tracker.reminders.config import Delivery, ReminderConfig
    from tracker.reminders.sweep import prepare
    from tracker.timeutil import parse_datetime

    build(url, communes=COMMUNES)
    engine = get_engine(url)
    with engine.begin() as c:
        if email:
            c.execute(sa.text("UPDATE person SET email = 'p' || id || '@xa.example.invalid' WHERE email IS NULL"))
        else:
            c.execute(sa.text("UPDATE person SET email = NULL, telegram_chat_id = NULL"))
    delivery = Delivery(smtp_url="smtp://127.0.0.1:25", mail_from="tracker@tinh.example.invalid") if email \
        else Delivery()
    res = prepare(engine, parse_datetime(NOW), ReminderConfig(), delivery)
    park(engine)
    engine.dispose()
    return len(res.inserted)


def park(engine: sa.Engine) -> None:
    with engine.begin() as c:
        c.execute(sa.text("UPDATE outboxmessage SET status = 'pending', next_attempt_at = "
                          "next_attempt_at + interval '1 day', claimed_by = NULL, claimed_at = NULL, "
                          "sent_at = NULL, external_id = NULL, attempts = 0"))


def run_daemons(url: str, n: int, tmp: Path, extra_env: dict[str, str]) -> dict[str, Any]:
    from tracker.db import get_engine

    engine = get_engine(url)
    with engine.connect() as c:
        total = int(c.execute(sa.text("SELECT count(*) FROM outboxmessage")).scalar() or 0)
    conf = tmp / "tracker.toml"
    conf.write_text('[reminders]\nsweep_interval_seconds = 1\nconsole_style = "compact"\n', encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if not k.startswith("TRACKER_")}
    env.update(TRACKER_DB=url, TRACKER_CONFIG=str(conf), TRACKER_FAKE_NOW=NOW, PYTHONUNBUFFERED="1", **extra_env)
    logs = [tmp / f"d{n}-{i}.log" for i in range(n)]
    procs = [subprocess.Popen([sys.executable, "-c", "from cli import main; main()", "run"], cwd=tmp, env=env,
                              stdout=subprocess.DEVNULL, stderr=log.open("wb")) for log in logs]
    try:
        deadline = time.monotonic() + 120
        while not all("Đã khởi động" in log.read_text(errors="replace") for log in logs):
            if time.monotonic() > deadline or any(p.poll() is not None for p in procs):
                raise SystemExit("a daemon did not start:\n" + "\n".join(log.read_text()[-800:] for log in logs))
            time.sleep(0.05)
        time.sleep(2.0)  # every daemon past its start-up sweep (one tick a second)
        with engine.begin() as c:
            c.execute(sa.text("UPDATE outboxmessage SET next_attempt_at = next_attempt_at - interval '1 day'"))
        released = time.perf_counter()
        first = last = None
        seen_at_first = 0
        while True:
            with engine.connect() as c:
                sent = int(c.execute(sa.text("SELECT count(*) FROM outboxmessage WHERE status = 'sent'")).scalar()
                           or 0)
            t = time.perf_counter()
            if sent and first is None:
                first, seen_at_first = t, sent
            if sent >= total:
                last = t
                break
            if t - released > 600:
                raise SystemExit(f"only {sent} of {total} sent after 600 s")
            time.sleep(0.02)
    finally:
        for p in procs:
            if p.poll() is None:
                p.send_signal(signal.SIGTERM)
        for p in procs:
            p.wait(timeout=60)
    per = [log.read_text(errors="replace").count("Đã gửi ") for log in logs]
    park(engine)
    assert first is not None and last is not None
    span = max(last - first, 1e-6)
    return {"total": total, "seconds": span, "rate": (total - seen_at_first) / span, "per_daemon": per,
            "first_seen": first - released}


def bench_console(new_db: Any, tmp: Path) -> None:
    url = new_db()
    total = prepare_burst(url, email=False)
    print(f"Console channel: the Monday 07:30 burst at {COMMUNES} communes = {total:,} messages "
          f"(overdue reminders, escalations, weekly digests), PostgreSQL, `tracker run` processes")
    print(f"{'daemons':>8} {'messages':>9} {'seconds':>8} {'msg/s':>7} {'first seen s':>12}  sent by each daemon")
    for n in (1, 2, 3):
        r = run_daemons(url, n, tmp, {})
        print(f"{n:>8} {r['total']:>9,} {r['seconds']:>8.2f} {r['rate']:>7.0f} {r['first_seen']:>12.2f}  "
              f"{' + '.join(str(x) for x in r['per_daemon'])}")


def bench_email(new_db: Any, tmp: Path) -> None:
    from aiosmtpd.controller import Controller

    class Handler:
        def __init__(self) -> None:
            self.peers: set[Any] = set()
            self.count = 0

        async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
            self.peers.add(tuple(session.peer))
            self.count += 1
            return "250 OK"

    url = new_db()
    stored = prepare_burst(url, email=True)
    handler = Handler()
    port = _free_port()
    ctl = Controller(handler, hostname="127.0.0.1", port=port, ready_timeout=30)
    ctl.start()
    try:
        r = run_daemons(url, 1, tmp, {"TRACKER_SMTP_URL": f"smtp://127.0.0.1:{port}",
                                      "TRACKER_MAIL_FROM": "tracker@tinh.example.invalid"})
    finally:
        ctl.stop()
    print(f"E-mail: one daemon, the same burst with every person given an address = {r['total']:,} e-mails "
          f"(text + HTML) to aiosmtpd on 127.0.0.1: {r['seconds']:.2f} s = {r['rate']:.0f} msg/s over "
          f"{len(handler.peers)} SMTP connection(s) ({handler.count:,} received of {stored:,} stored), PostgreSQL, "
          "one commit per message")


def main(argv: list[str]) -> int:
    which = argv[1] if len(argv) > 1 else "all"
    print(f"{os.cpu_count()} cores; `tracker run` with sweep_interval_seconds = 1, batch_size 500 (default)")
    with tempfile.TemporaryDirectory(prefix="tracker-bench-") as d:
        tmp = Path(d)
        given = os.environ.get("TRACKER_BENCH_PG")
        if given:
            def only(url: str = given) -> str:
                return url

            servers: Any = contextmanager(lambda: iter([("given", only)]))()
        else:
            servers = throwaway_postgres()
        with servers as (_, new_db):
            if which in ("console", "all"):
                bench_console(new_db, tmp)
            if which in ("email", "all"):
                bench_email(new_db, tmp)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
