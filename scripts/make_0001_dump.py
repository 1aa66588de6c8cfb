"""Write tests/data/rev_0001.sql: a SQLite database as the release at revision 0001 made and used it.

    .venv/bin/python scripts/make_0001_dump.py

Built by the code of RELEASE_COMMIT (main just before revision 0002, taken with `git archive`, run with
this venv's libraries): `tracker init` and `seed`, two heads, an invitation redeemed on Telegram (through
that release's own domain function, as its bot does), a pending invitation, a completion, an extension and
a reminder sweep (console rows sent, e-mail and Telegram rows left pending in the outbox, since neither
is configured). Every step runs at a fixed instant (time-machine) with a fixed user name and fixed
link-code draws, so running the script again writes the same file. tests/test_migrations_0002.py loads the
dump into a fresh file and upgrades it to head.
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from make_pre_alembic_dump import ROOT, _export

OUT = ROOT / "tests" / "data" / "rev_0001.sql"
RELEASE_COMMIT = "4fe1d73ace1b876e32d98e9c234d7a4380571679"  # main at revision 0001, before Zalo

HEAD = "Nguyễn Thị Hoa"
OTHER_HEAD = "Trần Văn Bình"
CHAIRMAN = "Bùi Quang Nam"
TELEGRAM_CHAT = 424242

# A step is a command line, or ["!redeem", who, chat id]: invite `who` and redeem the code on that
# Telegram chat through the release's tracker.domain.accounts (what its bot's /start does).
STEPS: list[tuple[str, list[str]]] = [
    ("2025-08-20T09:00:00+07:00", ["init"]),
    ("2025-08-20T09:01:00+07:00", ["seed"]),
    ("2025-08-20T09:10:00+07:00", ["people", "add", "--name", HEAD, "--unit", "VP", "--role", "head",
                                   "--email", "hoa.nt@camhiep.example.invalid"]),
    ("2025-08-20T09:11:00+07:00", ["people", "add", "--name", OTHER_HEAD, "--unit", "KT", "--role", "head",
                                   "--email", "binh.tv@camhiep.example.invalid"]),
    ("2025-08-21T08:00:00+07:00", ["!redeem", HEAD, str(TELEGRAM_CHAT)]),
    ("2025-08-21T08:05:00+07:00", ["people", "invite", OTHER_HEAD]),
    ("2025-09-24T10:00:00+07:00", ["tasks", "done", "II.2.b.2", "--by", HEAD]),
    ("2025-09-25T14:00:00+07:00", ["tasks", "extend", "II.2.b.1", "--to", "2025-10-31",
                                   "--reason", "Chờ nâng cấp phần mềm", "--approved-by", CHAIRMAN]),
    ("2025-10-02T08:00:00+07:00", ["remind", "run", "--at", "2025-10-02 08:00", "--replay"]),
]

# Runs inside the archived tree: its own `cli` and `tracker`, each step at its instant.
DRIVER = r"""
import json, random, secrets, sys
from datetime import datetime
from pathlib import Path

import time_machine
from click.testing import CliRunner

import tracker
from cli import cli

tree = Path(sys.argv[1]).resolve()
assert Path(tracker.__file__).resolve().is_relative_to(tree), tracker.__file__
secrets.choice = random.Random(2025).choice  # the link code's draws: the same dump every time
for instant, args in json.loads(sys.argv[2]):
    with time_machine.travel(instant, tick=False):
        if args[0] == "!redeem":
            from tracker.db import get_engine
            from tracker.domain import accounts
            now = datetime.fromisoformat(instant)
            engine = get_engine()
            _p, code, _exp = accounts.create_link_code(engine, commune=None, who=args[1], hours=72,
                                                       actor="canbo (dòng lệnh)", now=now)
            REDEEM_CALL
            continue
        res = CliRunner().invoke(cli, args, catch_exceptions=False)
    if res.exit_code != 0:
        sys.exit(f"tracker {' '.join(args)} (exit {res.exit_code}):\n{res.output}")
"""


# How that release's domain redeems a link code (the signature changed with Zalo, revision 0002).
REDEEM_0001 = "accounts.redeem_link_code(engine, chat_id=int(args[2]), code=code, now=now)"


def _run(tree: Path, db: Path, steps: list[tuple[str, list[str]]], redeem: str) -> None:
    keep = {k: v for k, v in os.environ.items() if not k.startswith("TRACKER_")}
    env = {**keep, "PYTHONPATH": str(tree), "TRACKER_DB": f"sqlite:///{db}", "LOGNAME": "canbo",
           "TZ": "UTC"}
    driver = DRIVER.replace("REDEEM_CALL", redeem)
    subprocess.run([sys.executable, "-c", driver, str(tree), json.dumps(steps)], cwd=tree, env=env, check=True)


def write_dump(commit: str, steps: list[tuple[str, list[str]]], out: Path, revision: str, script: str,
               redeem: str) -> None:
    """Run `steps` with the code of `commit` on a fresh SQLite file and write its SQL dump to `out`."""
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp)
        db = base / "tracker.db"
        _run(_export(commit, base / "release"), db, steps, redeem)
        con = sqlite3.connect(db)
        try:
            lines = list(con.iterdump())
        finally:
            con.close()
    # iterdump writes the indexes in the order they were made, which follows a set of objects: sorted, the
    # file is the same from one run to the next.
    indexes = sorted(line for line in lines if line.startswith(("CREATE INDEX", "CREATE UNIQUE INDEX")))
    first = next(i for i, line in enumerate(lines) if line.startswith(("CREATE INDEX", "CREATE UNIQUE INDEX")))
    lines = [line for line in lines if line not in indexes]
    lines[first:first] = indexes
    out.parent.mkdir(parents=True, exist_ok=True)
    header = (f"-- A tracker database at schema revision {revision}, made by {script} with the code "
              f"of {commit[:7]}.\n")
    out.write_text(header + "\n".join(lines) + "\n", encoding="utf-8")
    print(f"{out.relative_to(ROOT)}: {len(lines)} statements, {out.stat().st_size} bytes")


def main() -> None:
    write_dump(RELEASE_COMMIT, STEPS, OUT, "0001", "scripts/make_0001_dump.py", REDEEM_0001)


if __name__ == "__main__":
    main()
