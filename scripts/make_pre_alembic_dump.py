"""Write tests/data/pre_alembic.sql: a SQLite database as the tracker made it before migrations existed.

    .venv/bin/python scripts/make_pre_alembic_dump.py

The database has the history of a real installation, built by the code of two commits of this
repository (taken with `git archive`, run with this venv's libraries):
1. OLD_COMMIT, the last one before ix_extension_status_commune was declared: `tracker init` and
   `tracker seed` create every table, without that index;
2. MAIN_COMMIT, main just before Alembic: its create_all adds nothing to existing tables (so the index
   stays missing, as on every SQLite database installed before it), then a second seed, a person, a
   completion, a reopened completion, an extension, a KPI reading, a link code and a reminder sweep
   (sent console rows and e-mail rows left pending in the outbox).
Every step runs at a fixed instant (time-machine), with a fixed user name and fixed link-code draws,
so running the script again writes the same file. tests/test_migrations.py loads the dump into a
fresh file and upgrades it.
"""

from __future__ import annotations

import io
import json
import os
import sqlite3
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "tests" / "data" / "pre_alembic.sql"
OLD_COMMIT = "0ea10b33727e471613ac5194b4e7df512877e35a"  # before "digest: ... pending extension requests"
MAIN_COMMIT = "8dbc4e0bb91d2c56d1b26c2c9e95913e490d26ed"  # main just before Alembic

HEAD = "Nguyễn Thị Hoa"
CHAIRMAN = "Bùi Quang Nam"

OLD_STEPS: list[tuple[str, list[str]]] = [
    ("2025-08-04T08:00:00+07:00", ["init"]),
    ("2025-08-04T08:05:00+07:00", ["seed"]),
]
MAIN_STEPS: list[tuple[str, list[str]]] = [
    ("2025-08-20T09:00:00+07:00", ["init"]),
    ("2025-08-20T09:01:00+07:00", ["seed"]),
    ("2025-08-20T09:10:00+07:00", ["people", "add", "--name", HEAD, "--unit", "VP", "--role", "head",
                                   "--email", "hoa.nt@camhiep.example.invalid"]),
    ("2025-09-22T16:40:00+07:00", ["tasks", "done", "II.2.b.2", "--at", "2025-09-22 16:30", "--by", HEAD,
                                   "--note", "Đã gửi báo cáo", "--evidence", "https://camhiep.example.invalid/bb/7"]),
    ("2025-09-23T08:00:00+07:00", ["tasks", "reopen", "II.2.b.2", "--reason", "Thiếu biên bản"]),
    ("2025-09-24T10:00:00+07:00", ["tasks", "done", "II.2.b.2", "--by", HEAD]),
    ("2025-09-25T14:00:00+07:00", ["tasks", "extend", "II.2.b.1", "--to", "2025-10-31",
                                   "--reason", "Chờ nâng cấp phần mềm", "--approved-by", CHAIRMAN]),
    ("2025-09-26T09:00:00+07:00", ["kpi", "record", "I.2", "--period", "2025-08", "--numerator", "129",
                                   "--denominator", "200", "--source", "Cổng Dịch vụ công quốc gia"]),
    ("2025-09-27T09:00:00+07:00", ["people", "invite", HEAD]),
    ("2025-10-02T08:00:00+07:00", ["remind", "run", "--at", "2025-10-02 08:00", "--replay"]),
]

# Runs inside the archived tree: its own `cli` and `tracker`, each step at its instant.
DRIVER = r"""
import json, random, secrets, sys
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
        res = CliRunner().invoke(cli, args, catch_exceptions=False)
    if res.exit_code != 0:
        sys.exit(f"tracker {' '.join(args)} (exit {res.exit_code}):\n{res.output}")
"""


def _export(commit: str, dest: Path) -> Path:
    data = subprocess.run(["git", "-C", str(ROOT), "archive", "--format=tar", commit], check=True,
                          capture_output=True).stdout
    with tarfile.open(fileobj=io.BytesIO(data)) as tar:
        tar.extractall(dest, filter="data")
    return dest


def _run(tree: Path, db: Path, steps: list[tuple[str, list[str]]]) -> None:
    keep = {k: v for k, v in os.environ.items() if not k.startswith("TRACKER_")}
    env = {**keep, "PYTHONPATH": str(tree), "TRACKER_DB": f"sqlite:///{db}", "LOGNAME": "canbo",
           "TZ": "UTC"}
    subprocess.run([sys.executable, "-c", DRIVER, str(tree), json.dumps(steps)], cwd=tree, env=env, check=True)


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp)
        db = base / "tracker.db"
        _run(_export(OLD_COMMIT, base / "old"), db, OLD_STEPS)
        _run(_export(MAIN_COMMIT, base / "main"), db, MAIN_STEPS)
        con = sqlite3.connect(db)
        try:
            lines = list(con.iterdump())
        finally:
            con.close()
    # iterdump writes the indexes in the order create_all made them, which follows a set of objects:
    # sorted, the file is the same from one run to the next.
    indexes = sorted(line for line in lines if line.startswith(("CREATE INDEX", "CREATE UNIQUE INDEX")))
    first = next(i for i, line in enumerate(lines) if line.startswith(("CREATE INDEX", "CREATE UNIQUE INDEX")))
    lines = [line for line in lines if line not in indexes]
    lines[first:first] = indexes
    OUT.parent.mkdir(parents=True, exist_ok=True)
    header = (f"-- A tracker database from before migrations (no alembic_version), made by\n"
              f"-- scripts/make_pre_alembic_dump.py: created by {OLD_COMMIT[:7]}, then used by {MAIN_COMMIT[:7]}.\n")
    OUT.write_text(header + "\n".join(lines) + "\n", encoding="utf-8")
    print(f"{OUT.relative_to(ROOT)}: {len(lines)} statements, {OUT.stat().st_size} bytes")


if __name__ == "__main__":
    main()
