"""Running the Alembic revisions on a database: one transaction, one process at a time.

Imported only when a database needs an upgrade (tracker.migrations.migrate): Alembic costs about 0.25 s
to import. No alembic.ini: the Config points at this package's own folder, so an installed wheel can
migrate from any directory.

A database made by `create_all` before Alembic (tables present, no version table) is adopted: the
baseline revision runs in "adopt" mode, creating only what that database lacks (tables an older version
did not have, the outbox's claim columns, indexes added after its tables were created, such as
ix_extension_status_commune), and is recorded like any other revision. The adoption lives in the
baseline because only a database from before the baseline can lack part of it; a later revision that
checked "if missing" would run that check on every database forever.
"""

from __future__ import annotations

import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from importlib.resources import as_file, files
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import TYPE_CHECKING

import sqlalchemy as sa

from tracker.errors import ConfigError
from tracker.migrations import HEAD, current_revisions

if TYPE_CHECKING:
    from alembic.config import Config

# Every version of the tracker, since its first, has had this table: a database that holds it and no
# version table was made by create_all.
PRE_ALEMBIC_MARKER = "commune"

# pg_advisory_xact_lock key ("trkm" in ASCII): two processes starting at once (the daemon and a CLI
# command) upgrade one after the other; the second then finds the database at head.
_PG_LOCK_KEY = 0x74726B6D


@contextmanager
def _folder() -> Iterator[Path]:
    """This package's folder on disk, for Alembic, which reads revisions from files."""
    root = files("tracker.migrations")
    if isinstance(root, Path) or sys.version_info >= (3, 12):  # as_file takes a folder since 3.12
        with as_file(root) as folder:
            yield folder
        return
    with tempfile.TemporaryDirectory(prefix="tracker-migrations-") as tmp:  # imported from a zip
        _copy(root, Path(tmp))
        yield Path(tmp)


def _copy(src: Traversable, dest: Path) -> None:
    for item in src.iterdir():
        if item.is_dir() and item.name != "__pycache__":
            (dest / item.name).mkdir()
            _copy(item, dest / item.name)
        elif item.name.endswith((".py", ".mako")):
            (dest / item.name).write_bytes(item.read_bytes())


@contextmanager
def _config(conn: sa.Connection) -> Iterator[Config]:
    from alembic.config import Config

    with _folder() as folder:
        cfg = Config()
        cfg.set_main_option("script_location", str(folder))
        cfg.attributes["connection"] = conn
        yield cfg


def upgrade(engine: sa.Engine) -> None:
    """Upgrade to the latest revision in one transaction (DDL included, on SQLite as on PostgreSQL).

    On SQLite the foreign keys are off while the revisions run, as batch mode requires: it alters a
    table by copying it, dropping the original and renaming the copy, which must not cascade.
    """
    with engine.connect() as conn:
        sqlite = conn.dialect.name == "sqlite"
        if sqlite:
            # Only outside a transaction does SQLite honour this pragma.
            conn.exec_driver_sql("PRAGMA foreign_keys=OFF")
            conn.commit()
        try:
            with conn.begin():
                if sqlite:
                    # pysqlite opens a transaction before DML only: without this, every CREATE and
                    # ALTER would commit on its own and a failure would leave half a schema. IMMEDIATE
                    # takes the write lock now, so a second process waits and then finds the new version.
                    conn.exec_driver_sql("BEGIN IMMEDIATE")
                elif conn.dialect.name == "postgresql":
                    conn.execute(sa.select(sa.func.pg_advisory_xact_lock(_PG_LOCK_KEY)))
                _upgrade(conn)
        finally:
            if sqlite:
                conn.exec_driver_sql("PRAGMA foreign_keys=ON")
                conn.commit()


def _upgrade(conn: sa.Connection) -> None:
    from alembic import command
    from alembic.script import ScriptDirectory

    current = current_revisions(conn)
    with _config(conn) as cfg:
        known = {s.revision for s in ScriptDirectory.from_config(cfg).walk_revisions()}
        unknown = [r for r in current or () if r not in known]
        if unknown:
            raise ConfigError(
                f"Cơ sở dữ liệu ở phiên bản lược đồ «{', '.join(unknown)}» do một bản tracker mới hơn tạo ra; "
                f"bản này chỉ biết đến phiên bản «{HEAD}». Hãy cài bản tracker mới hơn, không dùng bản cũ "
                "trên cơ sở dữ liệu này.")
        cfg.attributes["adopt"] = not current and sa.inspect(conn).has_table(PRE_ALEMBIC_MARKER)
        command.upgrade(cfg, "head")
