"""Revision 0002 (Zalo) on a database made by the previous release (revision 0001).

tests/data/rev_0001.sql is written by scripts/make_0001_dump.py with the code of main at revision 0001: people,
a link code redeemed on Telegram and one pending, a completion, an extension, outbox rows sent and pending.
It is read back with the stdlib driver, and upgraded by the tracker's own `init` and by `migrate`.
"""

from __future__ import annotations

import json
from pathlib import Path

from tests.factories import ok
from tests.test_migrations import (
    SINCE_0002,
    differences,
    model_indexes,
    sqlite_columns,
    sqlite_indexes,
    sqlite_query,
    sqlite_rows,
    sqlite_script,
    version,
)

DUMP = Path(__file__).resolve().parent / "data" / "rev_0001.sql"
PERSON_NEW = ["zalo_chat_id", "zalo_unreachable", "channels"]
LINKCODE_NEW = ["used_channel", "used_address"]


def load_0001_dump(db_url: str) -> None:
    sqlite_script(db_url, DUMP.read_text(encoding="utf-8"))


def test_a_database_at_revision_0001_keeps_every_row_and_gains_the_zalo_columns(db_url, run_cli):
    from tracker.migrations import HEAD

    load_0001_dump(db_url)
    assert version(db_url) == ["0001"]
    rows = sqlite_rows(db_url)
    assert rows["person"] and rows["linkcode"] and rows["outboxmessage"] and rows["completion"]
    assert {r[0] for r in sqlite_query(db_url, "SELECT DISTINCT channel FROM outboxmessage")} == \
        {"console", "email", "telegram"}

    res = ok(run_cli("init"))
    assert res.stdout == f"Đã khởi tạo cơ sở dữ liệu: {db_url}\n"
    assert version(db_url) == [HEAD]
    assert differences(db_url) == []
    assert model_indexes() <= sqlite_indexes(db_url)
    assert "ix_person_zalo_chat_id" in sqlite_indexes(db_url)

    after = sqlite_rows(db_url, SINCE_0002)  # revision 0003's columns and tables: tests/test_migrations_0003.py
    assert sqlite_columns(db_url, "person")[-3:] == PERSON_NEW
    assert sqlite_columns(db_url, "linkcode")[-2:] == LINKCODE_NEW
    # People: every row as it was, no Zalo chat, reachable, no restriction.
    assert [r[:-3] for r in after.pop("person")] == rows.pop("person")
    assert sqlite_query(db_url, "SELECT zalo_chat_id, zalo_unreachable, channels FROM person") == \
        [(None, 0, None)] * 3
    # Link codes: the one redeemed on Telegram now says so in the channel-neutral columns too.
    assert [r[:-2] for r in after.pop("linkcode")] == rows.pop("linkcode")
    assert sqlite_query(db_url, "SELECT used_chat_id, used_channel, used_address FROM linkcode ORDER BY id") == \
        [(424242, "telegram", "424242"), (None, None, None)]
    assert after == rows  # every other table, outbox included, row for row


def test_the_upgraded_database_reads_and_sends_as_before(db_url, run_cli):
    from tracker.migrations import HEAD

    load_0001_dump(db_url)
    pending = sqlite_query(db_url, "SELECT id, channel FROM outboxmessage WHERE status = 'pending' ORDER BY id")
    listed = json.loads(ok(run_cli("outbox", "list", "--json")).stdout)
    assert version(db_url) == [HEAD]
    assert [(m["id"], m["channel"]) for m in listed if m["status"] == "pending"] == pending
    tasks = {t["code"]: t for t in json.loads(ok(run_cli("tasks", "list", "--as-of", "2025-10-01",
                                                         "--json")).stdout)}
    assert tasks["II.2.b.1"]["due_date"] == "2025-10-31"
    assert tasks["II.2.b.2"]["status"] == "done_on_time"


def test_revision_0002_downgrades_to_0001_leaving_the_rows_of_the_previous_release(db_url):
    from alembic import command
    from alembic.config import Config

    from tests.factories import ROOT
    from tracker.db import get_engine
    from tracker.migrations import HEAD, migrate

    load_0001_dump(db_url)
    rows = sqlite_rows(db_url)
    engine = get_engine(db_url)
    migrate(engine)
    with engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA foreign_keys=OFF")  # batch mode copies tables, as the runner does
        conn.commit()
        with conn.begin():
            cfg = Config()
            cfg.set_main_option("script_location", str(ROOT / "tracker" / "migrations"))
            cfg.attributes["connection"] = conn
            command.downgrade(cfg, "0001")
    assert version(db_url) == ["0001"]
    assert sqlite_rows(db_url) == rows
    migrate(engine)
    assert version(db_url) == [HEAD]
    assert differences(db_url) == []
