"""Schema migrations: Alembic revisions that ship inside the package, applied by `migrate`.

Every command that may find a database older than the code (`tracker init`, `seed`, the reminder
commands, the daemon, the test fixtures, the bench) calls `migrate`. A database already at HEAD costs
one look at the version table and no Alembic import (about 0.25 s), so those commands start as fast as
before; only a database that needs an upgrade (or a new one) loads Alembic (tracker.migrations.runner).

A new schema change is a new revision under versions/ (docs/development.md, "Schema changes"); HEAD names the newest
one, and a test checks that it is the head of the revision files.
"""

from __future__ import annotations

import sqlalchemy as sa

HEAD = "0006"
VERSION_TABLE = "alembic_version"


def current_revisions(conn: sa.Connection) -> list[str] | None:
    """The revisions recorded in the database, or None for a database Alembic never touched."""
    if not sa.inspect(conn).has_table(VERSION_TABLE):
        return None
    return sorted(conn.execute(sa.text(f"SELECT version_num FROM {VERSION_TABLE}")).scalars())


def migrate(engine: sa.Engine) -> None:
    """Bring the database to the latest revision; nothing to do (and cheap) when it is there already.

    A new database gets the whole schema; one made by `create_all` before Alembic is adopted without
    losing a row (tracker.migrations.runner). A database at a revision this code does not know (made
    by a newer tracker) raises ConfigError (exit 78) and is left untouched.
    """
    with engine.connect() as conn:
        if current_revisions(conn) == [HEAD]:
            return
    from tracker.migrations.runner import upgrade

    upgrade(engine)
