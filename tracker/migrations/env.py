"""Alembic environment for the tracker's revisions (versions/).

At run time tracker.migrations.runner passes its own connection, already in a transaction, in
`config.attributes["connection"]`. A developer's `alembic` command (alembic.ini at the top of the
repository) has none: it connects to TRACKER_DB, like the tracker itself.
"""

from __future__ import annotations

from typing import Any, Literal

from alembic import context
from sqlmodel import SQLModel

import tracker.models  # noqa: F401  (registers the tables autogenerate compares against)


def render_item(kind: str, obj: Any, autogen_context: Any) -> str | Literal[False]:
    """Autogenerate writes SQLAlchemy's own types, not SQLModel's: a revision stays valid whatever
    SQLModel later renames, and creates the same DDL (AutoString is VARCHAR, UTCDateTime a DateTime
    with time zone)."""
    if kind == "type":
        name = type(obj).__name__
        if name == "AutoString":
            return "sa.String()"
        if name == "UTCDateTime":
            return "sa.DateTime(timezone=True)"
    return False


def configure(**options: Any) -> None:
    # Batch mode: SQLite alters most things only by copying the table, which batch operations do.
    context.configure(target_metadata=SQLModel.metadata, render_as_batch=True, render_item=render_item,
                      **options)


def run_offline() -> None:
    from tracker.db import database_url

    configure(url=database_url(), literal_binds=True)
    with context.begin_transaction():
        context.run_migrations()


def run_online() -> None:
    conn = context.config.attributes.get("connection")
    if conn is not None:
        configure(connection=conn)
        context.run_migrations()  # inside the caller's transaction
        return
    from tracker.db import get_engine

    with get_engine().connect() as conn:
        configure(connection=conn)
        with context.begin_transaction():
            context.run_migrations()


if context.is_offline_mode():
    run_offline()
else:
    run_online()
