"""Engine and transactions. TRACKER_DB is any SQLAlchemy URL; default ./tracker.db."""

from __future__ import annotations

import atexit
import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, Protocol

import sqlalchemy as sa
from sqlmodel import Session

from tracker.errors import ConfigError
from tracker.usertext import quoted

DEFAULT_URL = "sqlite:///tracker.db"

# Every primary key and Telegram chat id is a signed 64-bit integer on both backends; a larger number
# given as an id raises OverflowError (SQLite) or DataError (PostgreSQL) instead of "not found".
MAX_ID = 2**63 - 1

# Seconds a SQLite writer waits for another writer's lock before giving up ("database is busy").
# `?timeout=SECONDS` in TRACKER_DB overrides it (pysqlite's own parameter name).
SQLITE_BUSY_SECONDS = 15.0


def database_url() -> str:
    return os.environ.get("TRACKER_DB") or DEFAULT_URL


def _sqlite_pragmas(busy_seconds: float) -> Any:
    def on_connect(dbapi_conn: Any, _record: Any) -> None:
        # WAL + busy timeout let the daemon and the CLI write at the same time.
        cur = dbapi_conn.cursor()
        cur.execute(f"PRAGMA busy_timeout={int(busy_seconds * 1000)}")
        _use_wal(cur, busy_seconds)
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute("PRAGMA synchronous=NORMAL")
        cur.close()

    return on_connect


def _use_wal(cur: Any, busy_seconds: float) -> None:
    """Put the database in WAL mode, once: the mode is stored in the file.

    Switching needs the database to itself, and SQLite refuses at once ("database is locked"), without its busy
    handler, while another connection holds it: two processes opening a new database together (two `tracker
    init`, the daemon and a command) saw that. So the mode is read first (no lock needed) and the switch is
    tried again for up to the busy timeout.
    """
    import sqlite3
    import time

    if str(cur.execute("PRAGMA journal_mode").fetchone()[0]).lower() == "wal":
        return
    deadline = time.monotonic() + busy_seconds
    while True:
        try:
            cur.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or time.monotonic() >= deadline:
                raise
            time.sleep(0.02)


def _sqlite_busy_seconds(url: sa.URL) -> float:
    raw = url.query.get("timeout")
    if raw is None:
        return SQLITE_BUSY_SECONDS
    try:
        seconds = float(raw if isinstance(raw, str) else raw[-1])
    except ValueError:
        seconds = -1.0
    if not 0 <= seconds <= 3600:  # NaN fails this too
        raise ConfigError("TRACKER_DB: timeout phải là số giây chờ khóa ghi, từ 0 đến 3600 "
                          "(ví dụ sqlite:////var/lib/tracker/tracker.db?timeout=15).")
    return seconds


def _check_sqlite_options(url: sa.URL) -> None:
    """pysqlite ignores query arguments it does not know, with an English warning: refuse them instead."""
    unknown = sorted(set(url.query) - {"timeout"})
    if unknown:
        raise ConfigError(f"TRACKER_DB (SQLite) chỉ nhận tham số «timeout»; không nhận: "
                          f"{', '.join('«' + quoted(k) + '»' for k in unknown)}.")


def _check_postgresql_options(url: sa.URL) -> None:
    """An option libpq does not know fails only at the first connection, as an unexpected ProgrammingError:
    check the query against libpq's own list when the engine is made, so it is a configuration error (78)."""
    try:
        from psycopg import ProgrammingError
        from psycopg.conninfo import make_conninfo
    except ModuleNotFoundError:  # another driver, or none: create_engine says so
        return
    options = {k: v if isinstance(v, str) else v[-1] for k, v in url.query.items()}
    try:
        make_conninfo("", **options)
    except ProgrammingError as exc:
        # libpq names only the option ("invalid connection option \"foo\""), never its value.
        name = re.search(r'"([^"]*)"', str(exc))
        raise ConfigError(f"TRACKER_DB có tham số «{quoted(name.group(1) if name else '?')}» mà PostgreSQL không "
                          "nhận (ví dụ tham số hợp lệ: sslmode, connect_timeout, application_name, options).") from None


_engines: dict[str, sa.Engine] = {}


@atexit.register
def dispose_engines() -> None:
    """Close every pooled connection; at exit, explicitly rather than through the garbage collector, which the
    command line skips at exit (cli.main). SQLite folds its write-ahead log back into the database file, and
    removes the -wal and -shm files, when the last connection closes."""
    for engine in list(_engines.values()):
        engine.dispose()

_BAD_URL = "TRACKER_DB không phải URL cơ sở dữ liệu hợp lệ (ví dụ sqlite:////var/lib/tracker/tracker.db)."


def get_engine(url: str | None = None) -> sa.Engine:
    url = url or database_url()
    if url not in _engines:
        try:
            parsed = sa.make_url(url)
        except (sa.exc.ArgumentError, ValueError):
            # ValueError: SQLAlchemy's parser gives up on e.g. an unclosed IPv6 bracket (…@[::1/db).
            raise ConfigError(_BAD_URL) from None
        try:
            if parsed.get_backend_name() == "sqlite":
                _check_sqlite_options(parsed)
                busy = _sqlite_busy_seconds(parsed)
                engine = sa.create_engine(parsed.difference_update_query(["timeout"]), connect_args={"timeout": busy})
                sa.event.listen(engine, "connect", _sqlite_pragmas(busy))
            else:
                if parsed.get_backend_name() == "postgresql":
                    _check_postgresql_options(parsed)
                engine = sa.create_engine(parsed, pool_pre_ping=True)
        except sa.exc.NoSuchModuleError:
            raise ConfigError("TRACKER_DB dùng loại cơ sở dữ liệu không được hỗ trợ.") from None
        except (sa.exc.ArgumentError, ValueError):
            raise ConfigError(_BAD_URL) from None
        except ModuleNotFoundError as exc:
            raise ConfigError(f"Thiếu trình điều khiển cơ sở dữ liệu «{exc.name}» cho TRACKER_DB; "
                              "với PostgreSQL: pip install -e '.[postgres]'.") from None
        _engines[url] = engine
    return _engines[url]


@contextmanager
def transaction(engine: sa.Engine) -> Iterator[Session]:
    """One unit of work: commits on success, rolls back on any error."""
    with Session(engine, expire_on_commit=False) as session, session.begin():
        yield session


@contextmanager
def reading(engine: sa.Engine) -> Iterator[Session]:
    with Session(engine, expire_on_commit=False) as session:
        yield session


class _Persisted(Protocol):
    @property
    def id(self) -> int | None: ...


def pk(row: _Persisted) -> int:
    """The primary key of a row that is already in the database.

    SQLModel types every primary key as ``int | None`` because a row built in Python has no id
    until it is flushed. Code that reads rows back from a session (or flushes before using the
    id) relies on the id being set; this makes that assumption explicit and fails loudly,
    instead of letting a ``row.id or 0`` turn a missing id into a query for row 0.
    """
    if row.id is None:
        raise ValueError(f"{type(row).__name__} has no id yet: flush it before using its id")
    return row.id


# PostgreSQL advisory lock naming the one process that runs the reminder sweep (tracker.reminders.daemon).
# Advisory locks belong to one database, so two deployments on one server do not block each other.
SWEEP_LOCK_KEY = 0x7472_6163_6B65_7231  # "tracker1"


class LeaderLock:
    """A session-level PostgreSQL advisory lock held on a connection of its own, for as long as this process lives.

    `held()` answers whether this process holds it now, taking it when it is free: pg_try_advisory_lock never
    waits. The holder's death (a crash, SIGKILL, a dropped connection) ends its session and PostgreSQL frees
    the lock at once; the next `held()` of another process takes it. While held, each `held()` also checks
    the connection with a trivial query: a connection lost means the lock is lost, and False is returned.
    On any other database there is one writer and no lock: `held()` is always True (today's single process).
    """

    def __init__(self, engine: sa.Engine, key: int = SWEEP_LOCK_KEY) -> None:
        self.engine = engine
        self.key = key
        self.shared = engine.dialect.name == "postgresql"
        self._conn: sa.Connection | None = None
        self._held = False

    def held(self) -> bool:
        if not self.shared:
            return True
        try:
            if self._conn is None:
                self._conn = self.engine.connect()
            if self._held:
                self._conn.execute(sa.text("SELECT 1")).scalar()
            else:
                self._held = bool(self._conn.execute(sa.text("SELECT pg_try_advisory_lock(:k)"),
                                                     {"k": self.key}).scalar())
            self._conn.commit()  # a session lock outlives the transaction; no transaction stays open
        except sa.exc.DBAPIError:
            self._drop()
            return False
        return self._held

    def _drop(self) -> None:
        conn, self._conn, self._held = self._conn, None, False
        if conn is not None:
            try:
                conn.invalidate()  # never back to the pool: the session (and any lock) must end
            except sa.exc.DBAPIError:
                pass

    def release(self) -> None:
        """Give the lock up (stopping): the connection is closed, not pooled, so its session ends with it."""
        self._drop()
