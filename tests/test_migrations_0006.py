"""Revision 0006 (working-day overrides per commune) on a database of the release at revision 0002, upgraded through
0005, and on PostgreSQL: every existing override stays, as a national one (commune_id NULL); a commune's own can then
be added for the same day; the downgrade keeps the national ones only.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.factories import ROOT, ok
from tests.test_migrations import differences, sqlite_query, version
from tests.test_migrations_0003 import load_0002_dump


def _to(url: str, revision: str) -> None:
    """Downgrade with Alembic itself (foreign keys off on SQLite, as the runner does for batch copies)."""
    from alembic import command
    from alembic.config import Config

    from tracker.db import get_engine

    engine = get_engine(url)
    with engine.connect() as conn:
        if engine.dialect.name == "sqlite":
            conn.exec_driver_sql("PRAGMA foreign_keys=OFF")
            conn.commit()
        with conn.begin():
            cfg = Config()
            cfg.set_main_option("script_location", str(ROOT / "tracker" / "migrations"))
            cfg.attributes["connection"] = conn
            command.downgrade(cfg, revision)


def test_an_upgraded_database_keeps_its_overrides_as_national_ones(db_url, run_cli):
    from tracker.migrations import HEAD

    load_0002_dump(db_url)
    before = sqlite_query(db_url, "SELECT day, is_working, note FROM workdayoverride ORDER BY day")
    assert before
    ok(run_cli("init"))
    assert version(db_url) == [HEAD] and HEAD >= "0006"
    assert differences(db_url) == []
    after = sqlite_query(db_url, "SELECT day, is_working, note, commune_id FROM workdayoverride ORDER BY day")
    assert after == [(*r, None) for r in before]
    # The same day as a commune's own, next to the national row; the national list is unchanged.
    commune = sqlite_query(db_url, "SELECT code FROM commune")[0][0]
    day = before[0][0]
    ok(run_cli("--commune", commune, "workdays", "set", day, "--off", "--note", "Xã nghỉ"))
    assert sqlite_query(db_url, f"SELECT count(*), count(commune_id) FROM workdayoverride WHERE day = '{day}'") == \
        [(2, 1)]
    # Back to 0005: the national rows only, as they were; and up again.
    _to(db_url, "0005")
    assert version(db_url) == ["0005"]
    assert sqlite_query(db_url, "SELECT day, is_working, note FROM workdayoverride ORDER BY day") == before
    ok(run_cli("init"))
    assert version(db_url) == [HEAD] and differences(db_url) == []


@pytest.mark.slow
def test_on_postgresql_a_national_and_a_communes_own_override_of_one_day_and_the_downgrade(pg_url, pg_sql: Any):
    from tracker.db import get_engine
    from tracker.migrations import HEAD, migrate

    migrate(get_engine(pg_url))
    pg_sql("INSERT INTO commune (code, name) VALUES ('a', 'Xã A')")
    cid = pg_sql("SELECT id FROM commune")[0][0]
    pg_sql("INSERT INTO workdayoverride (day, commune_id, is_working, note) VALUES ('2026-01-03', NULL, true, 'n')")
    pg_sql("INSERT INTO workdayoverride (day, commune_id, is_working, note) VALUES ('2026-01-03', %s, false, 'x')",
           cid)
    with pytest.raises(Exception, match="uq_workdayoverride_day_commune"):
        pg_sql("INSERT INTO workdayoverride (day, commune_id, is_working, note) VALUES ('2026-01-03', %s, true, 'y')",
               cid)
    _to(pg_url, "0005")
    assert pg_sql("SELECT day::text, is_working, note FROM workdayoverride") == [("2026-01-03", True, "n")]
    migrate(get_engine(pg_url))
    assert pg_sql("SELECT version_num FROM alembic_version") == [(HEAD,)]
    assert pg_sql("SELECT day::text, commune_id FROM workdayoverride") == [("2026-01-03", None)]
    assert differences(pg_url) == []
