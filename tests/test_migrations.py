"""Schema migrations (tracker/migrations): `tracker init` brings any database to the latest revision.

Real SQLite files, and the PostgreSQL server the tests start (pg_server in tests/conftest.py). The database from
before migrations is tests/data/pre_alembic.sql, written by scripts/make_pre_alembic_dump.py with the
code of main before Alembic, and read back here with the stdlib driver, not with the tracker's code.
"""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
import warnings
from pathlib import Path
from typing import Any

import pytest

from tests.factories import ROOT, assert_one_vietnamese_error, db_path, ok

DUMP = Path(__file__).resolve().parent / "data" / "pre_alembic.sql"
CLAIM_COLUMNS = ("claimed_by", "claimed_at", "deadline")
# Columns added by revisions after the baseline: a database from before migrations never had them, and the
# rows it keeps are compared without them (tests/test_migrations_0002.py checks what they hold).
SINCE_0002 = {"unit": ("seq", "department"),
              "plan": ("closed_at", "closed_by"),
              "task": ("group_code", "note", "carried_from_id", "event_date"),
              "workdayoverride": ("id", "commune_id")}
SINCE_BASELINE = {"person": ("zalo_chat_id", "zalo_unreachable", "channels"),
                  "linkcode": ("used_channel", "used_address"),
                  "unit": ("seq", "department"),
                  "plan": ("closed_at", "closed_by"),
                  "task": ("group_code", "note", "carried_from_id", "event_date"),
                  "workdayoverride": ("id", "commune_id")}
TABLES_SINCE_BASELINE = ("periodicresult", "nextdue", "nextduestate")  # new tables, empty after an upgrade


def sqlite_query(db_url: str, sql: str) -> list[tuple[Any, ...]]:
    con = sqlite3.connect(db_path(db_url))
    try:
        return list(con.execute(sql))
    finally:
        con.close()


def sqlite_script(db_url: str, sql: str) -> None:
    con = sqlite3.connect(db_path(db_url))
    try:
        con.executescript(sql)
    finally:
        con.close()


def _select(table: str, columns: list[str], leave_out: dict[str, tuple[str, ...]] | None) -> str:
    kept = [c for c in columns if c not in (leave_out or {}).get(table, ())]
    listed = ", ".join(f'"{c}"' for c in kept)
    return f'SELECT {listed} FROM "{table}" ORDER BY 1'


def sqlite_rows(db_url: str, leave_out: dict[str, tuple[str, ...]] | None = None) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table but the version table, in primary-key order; without the columns left out.

    With leave_out, a table made since the baseline must be empty and is left out too."""
    tables = [r[0] for r in sqlite_query(db_url, "SELECT name FROM sqlite_master WHERE type = 'table' "
                                                  "AND name != 'alembic_version' ORDER BY name")]
    if leave_out is not None:
        for t in TABLES_SINCE_BASELINE:
            if t in tables:
                assert sqlite_query(db_url, f"SELECT count(*) FROM {t}") == [(0,)]
                tables.remove(t)
    return {t: sqlite_query(db_url, _select(t, sqlite_columns(db_url, t), leave_out)) for t in tables}


def sqlite_schema(db_url: str) -> list[tuple[Any, ...]]:
    return sqlite_query(db_url, "SELECT type, name, sql FROM sqlite_master ORDER BY type, name")


def sqlite_columns(db_url: str, table: str) -> list[str]:
    return [r[1] for r in sqlite_query(db_url, f'PRAGMA table_info("{table}")')]


def sqlite_indexes(db_url: str) -> set[str]:
    return {r[0] for r in sqlite_query(db_url, "SELECT name FROM sqlite_master WHERE type = 'index'")}


def model_indexes() -> set[str]:
    from sqlmodel import SQLModel

    import tracker.models  # noqa: F401

    return {str(i.name) for t in SQLModel.metadata.tables.values() for i in t.indexes}


def version(db_url: str) -> list[str]:
    from tracker.db import get_engine
    from tracker.migrations import current_revisions

    with get_engine(db_url).connect() as conn:
        return current_revisions(conn) or []


def differences(db_url: str) -> list[Any]:
    """What alembic's autogenerate would change to make the database match tracker/models.py."""
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext
    from sqlmodel import SQLModel

    import tracker.models  # noqa: F401
    from tracker.db import get_engine

    with warnings.catch_warnings(), get_engine(db_url).connect() as conn:
        # SQLite cannot reflect uq_completion_in_force (an expression index): model_indexes() checks it by name.
        warnings.filterwarnings("ignore", message=".*expression-based index")
        return list(compare_metadata(MigrationContext.configure(conn), SQLModel.metadata))


def load_pre_alembic_dump(db_url: str) -> None:
    sqlite_script(db_url, DUMP.read_text(encoding="utf-8"))


# ---------------------------------------------------------------- SQLite: new database


def test_the_head_named_in_the_code_is_the_one_head_of_the_revision_files():
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    from tracker.migrations import HEAD

    cfg = Config()
    cfg.set_main_option("script_location", str(ROOT / "tracker" / "migrations"))
    assert ScriptDirectory.from_config(cfg).get_heads() == [HEAD]


def test_tracker_init_creates_a_new_database_at_the_latest_revision_matching_the_models(db_url, run_cli):
    from tracker.migrations import HEAD

    res = ok(run_cli("init"))
    assert res.stdout == f"Đã khởi tạo cơ sở dữ liệu: {db_url}\n"
    assert version(db_url) == [HEAD]
    assert differences(db_url) == []
    assert model_indexes() <= sqlite_indexes(db_url)


def test_tracker_init_twice_leaves_the_database_as_the_first_run_made_it(db_url, run_cli):
    ok(run_cli("init"))
    ok(run_cli("seed"))
    schema, rows = sqlite_schema(db_url), sqlite_rows(db_url)
    again = ok(run_cli("init"))
    assert again.stdout == f"Đã khởi tạo cơ sở dữ liệu: {db_url}\n"
    assert sqlite_schema(db_url) == schema
    assert sqlite_rows(db_url) == rows


def test_commands_on_a_database_at_the_latest_revision_do_not_load_alembic(seeded, db_url):
    """Alembic costs about 0.25 s to import: only a database that needs an upgrade pays it."""
    code = ("import sys\nfrom click.testing import CliRunner\nfrom cli import cli\n"
            "for args in (['--help'], ['tasks', 'list'], ['init'], ['seed'], ['outbox', 'list']):\n"
            "    res = CliRunner().invoke(cli, args, catch_exceptions=False)\n"
            "    assert res.exit_code == 0, (args, res.output)\n"
            "    assert 'alembic' not in sys.modules, args\n")
    res = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120,
                         check=False)
    assert res.returncode == 0, res.stderr


def test_connections_opening_a_new_database_together_all_succeed(tmp_path):
    # Switching a new file to WAL needs it to itself, and SQLite refused at once ("database is locked") while
    # another connection was switching it: two `tracker init` at once failed about one time in five. Six
    # connections of six processes (here threads, each with its own connection, set up as tracker.db sets up
    # every SQLite connection) at a barrier, twenty new files: before the fix, some round nearly always failed.
    # (One engine's pool would not show it: SQLAlchemy sets up its first connection alone.)
    import threading

    from tracker.db import SQLITE_BUSY_SECONDS, _sqlite_pragmas

    set_up = _sqlite_pragmas(SQLITE_BUSY_SECONDS)
    for round_ in range(20):
        path = tmp_path / f"new-{round_}.db"
        barrier = threading.Barrier(6)
        errors: list[str] = []

        def open_and_write(path: Path = path, barrier: threading.Barrier = barrier,
                           errors: list[str] = errors) -> None:
            conn = sqlite3.connect(path, timeout=SQLITE_BUSY_SECONDS, isolation_level=None)
            barrier.wait()
            try:
                set_up(conn, None)
                conn.execute("BEGIN IMMEDIATE")
                conn.execute("CREATE TABLE IF NOT EXISTS t (x)")
                conn.execute("COMMIT")
                assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
            except Exception as exc:  # collected: an assertion in a thread would pass unnoticed
                errors.append(repr(exc))
            finally:
                conn.close()

        threads = [threading.Thread(target=open_and_write) for _ in range(6)]
        for th in threads:
            th.start()
        for th in threads:
            th.join()
        assert errors == [], (round_, errors)


def test_two_processes_initialising_a_new_database_at_once_both_succeed(db_url):
    from tracker.migrations import HEAD

    cmd = [sys.executable, "-c", "from cli import main; main()", "init"]
    procs = [subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for _ in range(2)]
    for p in procs:
        out, err = p.communicate(timeout=120)
        assert p.returncode == 0, err
        assert out == f"Đã khởi tạo cơ sở dữ liệu: {db_url}\n"
    assert version(db_url) == [HEAD]
    assert differences(db_url) == []


# ---------------------------------------------------------------- SQLite: a database from before migrations


def test_a_database_built_by_main_before_migrations_keeps_every_row_and_gets_the_index_it_never_had(
        db_url, run_cli):
    from tracker.migrations import HEAD

    load_pre_alembic_dump(db_url)
    rows = sqlite_rows(db_url)
    assert "alembic_version" not in {r[0] for r in sqlite_query(db_url, "SELECT name FROM sqlite_master")}
    assert "ix_extension_status_commune" not in sqlite_indexes(db_url)
    assert rows["completion"] and rows["extension"] and rows["outboxmessage"] and rows["linkcode"]

    res = ok(run_cli("init"))
    assert res.stdout == f"Đã khởi tạo cơ sở dữ liệu: {db_url}\n"
    assert sqlite_rows(db_url, SINCE_BASELINE) == rows
    assert version(db_url) == [HEAD]
    assert "ix_extension_status_commune" in sqlite_indexes(db_url)
    assert model_indexes() <= sqlite_indexes(db_url)
    assert differences(db_url) == []
    # The data reads as before: the extension moved II.2.b.1's deadline, the completion is in force.
    listed = json.loads(ok(run_cli("tasks", "list", "--as-of", "2025-10-01", "--json")).stdout)
    tasks = {t["code"]: t for t in listed}
    assert tasks["II.2.b.1"]["due_date"] == "2025-10-31"
    assert tasks["II.2.b.2"]["status"] == "done_on_time"


def test_a_database_from_before_migrations_is_also_upgraded_by_seed_and_by_the_reminder_commands(db_url, run_cli):
    from tracker.migrations import HEAD

    load_pre_alembic_dump(db_url)
    rows = sqlite_rows(db_url)
    res = ok(run_cli("outbox", "list", "--json"))
    assert len(json.loads(res.stdout)) == len(rows["outboxmessage"])
    assert version(db_url) == [HEAD]
    assert "ix_extension_status_commune" in sqlite_indexes(db_url)


def test_an_older_database_without_the_claim_columns_or_the_newer_tables_is_completed_without_losing_a_row(
        db_url, run_cli):
    load_pre_alembic_dump(db_url)
    # As a version from before the bot and the claims left it: no link codes, no acknowledgements yet.
    sqlite_script(db_url, "DROP TABLE linkcode; DROP TABLE escalationack;"
                          + "".join(f"ALTER TABLE outboxmessage DROP COLUMN {c};" for c in CLAIM_COLUMNS))
    rows = sqlite_rows(db_url)
    ok(run_cli("init"))
    after = sqlite_rows(db_url, SINCE_BASELINE)
    assert after.pop("linkcode") == [] and after.pop("escalationack") == []
    width = len(sqlite_columns(db_url, "outboxmessage")) - len(CLAIM_COLUMNS)
    assert sqlite_columns(db_url, "outboxmessage")[width:] == list(CLAIM_COLUMNS)
    assert [r[:width] for r in after.pop("outboxmessage")] == rows.pop("outboxmessage")
    assert after == rows
    assert differences(db_url) == []


def test_a_database_that_cannot_be_upgraded_is_refused_with_exit_78_and_left_exactly_as_it_was(db_url, run_cli):
    """The upgrade is one transaction on SQLite too: the claim columns it could add are not left behind."""
    load_pre_alembic_dump(db_url)
    sqlite_script(db_url, "ALTER TABLE plan DROP COLUMN year;"
                          + "".join(f"ALTER TABLE outboxmessage DROP COLUMN {c};" for c in CLAIM_COLUMNS))
    schema, rows = sqlite_schema(db_url), sqlite_rows(db_url)
    assert_one_vietnamese_error(run_cli("init"), "«plan»", "«year»", "Không có gì bị thay đổi", code=78)
    assert sqlite_schema(db_url) == schema
    assert sqlite_rows(db_url) == rows


def test_a_database_from_a_newer_tracker_is_refused_with_exit_78_and_left_as_it_is(db_url, run_cli):
    ok(run_cli("init"))
    ok(run_cli("seed"))
    sqlite_script(db_url, "UPDATE alembic_version SET version_num = '9999'")
    schema, rows = sqlite_schema(db_url), sqlite_rows(db_url)
    for args in (["init"], ["seed"], ["remind", "run", "--at", "2025-10-02 08:00", "--replay"]):
        assert_one_vietnamese_error(run_cli(*args), "«9999»", "bản tracker mới hơn", code=78)
    assert sqlite_schema(db_url) == schema
    assert sqlite_rows(db_url) == rows
    assert sqlite_query(db_url, "SELECT version_num FROM alembic_version") == [("9999",)]


# ---------------------------------------------------------------- PostgreSQL


def run_pg(*args: str) -> Any:
    from click.testing import CliRunner

    from cli import cli

    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def pg_rows(pg_sql: Any, leave_out: dict[str, tuple[str, ...]] | None = None) -> dict[str, list[tuple[Any, ...]]]:
    tables = [r[0] for r in pg_sql("SELECT tablename FROM pg_tables WHERE schemaname = 'public' "
                                   "AND tablename != 'alembic_version' ORDER BY 1")]
    columns = {t: [r[0] for r in pg_sql("SELECT column_name FROM information_schema.columns WHERE "
                                        f"table_schema = 'public' AND table_name = '{t}' ORDER BY ordinal_position")]
               for t in tables}
    if leave_out is not None:
        for t in TABLES_SINCE_BASELINE:
            if t in tables:
                assert pg_sql(f"SELECT count(*) FROM {t}") == [(0,)]
                tables.remove(t)
    return {t: pg_sql(_select(t, columns[t], leave_out)) for t in tables}


def pg_indexes(pg_sql: Any) -> set[str]:
    return {r[0] for r in pg_sql("SELECT indexname FROM pg_indexes WHERE schemaname = 'public'")}


def test_tracker_init_on_postgresql_matches_the_models_and_a_second_run_changes_nothing(pg_url, pg_sql):
    from tracker.migrations import HEAD

    ok(run_pg("init"))
    assert pg_sql("SELECT version_num FROM alembic_version") == [(HEAD,)]
    assert differences(pg_url) == []
    assert model_indexes() <= pg_indexes(pg_sql)
    ok(run_pg("seed"))
    rows = pg_rows(pg_sql)
    schema = pg_sql("SELECT table_name, column_name, data_type, is_nullable FROM information_schema.columns "
                    "WHERE table_schema = 'public' ORDER BY 1, 2")
    ok(run_pg("init"))
    assert pg_rows(pg_sql) == rows
    assert pg_sql("SELECT table_name, column_name, data_type, is_nullable FROM information_schema.columns "
                  "WHERE table_schema = 'public' ORDER BY 1, 2") == schema


def test_a_postgresql_database_from_before_migrations_keeps_every_row_and_gets_the_index_it_never_had(
        pg_url, pg_sql):
    from tracker.migrations import HEAD

    ok(run_pg("init"))
    ok(run_pg("seed"))
    ok(run_pg("tasks", "done", "II.2.b.2", "--at", "2025-09-22 16:30"))
    ok(run_pg("tasks", "extend", "II.2.b.1", "--to", "2025-10-31", "--reason", "Chờ phần mềm",
              "--approved-by", "Bùi Quang Nam"))
    # What create_all made before migrations, on a database older than the index (and than later revisions).
    pg_sql("DROP TABLE alembic_version")
    pg_sql("DROP INDEX ix_extension_status_commune")
    for table in TABLES_SINCE_BASELINE:
        pg_sql(f"DROP TABLE {table}")
    for table, columns in SINCE_BASELINE.items():
        pg_sql(f"ALTER TABLE {table} " + ", ".join(f"DROP COLUMN {c}" for c in columns))
    rows = pg_rows(pg_sql)
    assert rows["completion"] and rows["extension"]
    ok(run_pg("init"))
    assert pg_rows(pg_sql, SINCE_BASELINE) == rows
    assert pg_sql("SELECT version_num FROM alembic_version") == [(HEAD,)]
    assert "ix_extension_status_commune" in pg_indexes(pg_sql)
    assert differences(pg_url) == []


def test_a_postgresql_database_from_a_newer_tracker_is_refused_with_exit_78(pg_url, pg_sql):
    ok(run_pg("init"))
    pg_sql("UPDATE alembic_version SET version_num = '9999'")
    assert_one_vietnamese_error(run_pg("init"), "«9999»", code=78)
    assert pg_sql("SELECT version_num FROM alembic_version") == [("9999",)]


def test_two_processes_initialising_a_new_postgresql_database_at_once_both_succeed(pg_url, pg_sql):
    from tracker.migrations import HEAD

    cmd = [sys.executable, "-c", "from cli import main; main()", "init"]
    procs = [subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for _ in range(2)]
    for p in procs:
        _out, err = p.communicate(timeout=120)
        assert p.returncode == 0, err
    assert pg_sql("SELECT version_num FROM alembic_version") == [(HEAD,)]


@pytest.mark.parametrize("backend", ["sqlite", pytest.param("postgresql", marks=pytest.mark.slow)])
def test_the_baseline_downgrades_to_an_empty_database_and_upgrades_again(backend, request):
    import sqlalchemy as sa
    from alembic import command
    from alembic.config import Config

    from tracker.db import get_engine
    from tracker.migrations import HEAD, current_revisions, migrate

    url = request.getfixturevalue("db_url" if backend == "sqlite" else "pg_url")
    engine = get_engine(url)
    migrate(engine)
    with engine.begin() as conn:
        cfg = Config()
        cfg.set_main_option("script_location", str(ROOT / "tracker" / "migrations"))
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "base")
        assert current_revisions(conn) == []
        assert set(sa.inspect(conn).get_table_names()) == {"alembic_version"}
    migrate(engine)
    assert version(url) == [HEAD]
    assert differences(url) == []
