"""Write tests/data/rev_0002.sql: a SQLite database as the release at revision 0002 made and used it.

    .venv/bin/python scripts/make_0002_dump.py

Built by the code of RELEASE_COMMIT (main at revision 0002, before revision 0003, taken with `git archive`,
run with this venv's libraries): `tracker init` and `seed` (the 2025 plan file of that release: one lead unit
per task, issue date 01/08/2025), two heads, an invitation redeemed on Telegram, a pending invitation,
completions (a one-off task, the August period of II.2.a.7, which the new plan file shares between four units,
and the standing duty II.1.a), an extension and a reminder sweep. Every step runs at a fixed instant
(time-machine) with a fixed user name and fixed link-code draws, so running the script again writes the same
file. tests/test_migrations_0003.py loads the dump into a fresh file and upgrades it to head.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from make_0001_dump import write_dump
from make_pre_alembic_dump import ROOT

OUT = ROOT / "tests" / "data" / "rev_0002.sql"
RELEASE_COMMIT = "f81cd6a0508f9a2724c22b01932ed3fc382aa567"  # main at revision 0002 (Zalo), before revision 0003

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
    ("2025-09-17T09:00:00+07:00", ["tasks", "done", "II.2.a.7", "--period", "2025-08", "--by", HEAD]),
    ("2025-09-18T09:00:00+07:00", ["tasks", "done", "II.1.a", "--note", "Đã góp ý dự thảo"]),
    ("2025-09-25T14:00:00+07:00", ["tasks", "extend", "II.2.b.1", "--to", "2025-10-31",
                                   "--reason", "Chờ nâng cấp phần mềm", "--approved-by", CHAIRMAN]),
    ("2025-10-02T08:00:00+07:00", ["remind", "run", "--at", "2025-10-02 08:00", "--replay"]),
]

REDEEM_0002 = 'accounts.redeem_link_code(engine, channel="telegram", address=args[2], code=code, now=now)'


def main() -> None:
    write_dump(RELEASE_COMMIT, STEPS, OUT, "0002", "scripts/make_0002_dump.py", REDEEM_0002)


if __name__ == "__main__":
    main()
