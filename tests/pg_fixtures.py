"""A throwaway PostgreSQL server for the tests, started and stopped by the test session itself.

Its fixtures are in tests/conftest.py; this module holds what they run.

`pg_server` (session): runs Debian's ``initdb`` into a temporary directory and starts ``postgres`` on a free
port of 127.0.0.1 (its unix socket in that directory too), never touching a system cluster or service.
``initdb`` and ``postgres`` refuse to run as root, so under root (as in CI) both run as the ``postgres`` OS
user that the Debian package creates (``nobody`` otherwise) and the directory is given to that user.
`pg_url` (per test): a fresh database on that server; TRACKER_DB points at it. `pg_sql` reads it with psycopg.

Without the server binaries the tests FAIL (they are never skipped): CI installs the ``postgresql`` package
listed in .ci/apt-packages.
"""

from __future__ import annotations

import glob
import itertools
import os
import pwd
import re
import shutil
import socket
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

BIN_GLOB = "/usr/lib/postgresql/*/bin"
MISSING = ("PostgreSQL server binaries (initdb, pg_ctl) not found under /usr/lib/postgresql/*/bin nor on PATH. "
           "Install Debian's package: `apt-get install postgresql` (it is listed in .ci/apt-packages); "
           "no running service is needed, the tests start their own server.")


def find_bin_dir() -> Path | None:
    """The newest /usr/lib/postgresql/<version>/bin holding initdb and pg_ctl, else the one on PATH."""

    def version(path: str) -> tuple[int, ...]:
        m = re.search(r"/postgresql/([\d.]+)/bin$", path)
        return tuple(int(p) for p in m.group(1).split(".")) if m else (0,)

    for d in sorted(glob.glob(BIN_GLOB), key=version, reverse=True):
        if all(os.access(os.path.join(d, b), os.X_OK) for b in ("initdb", "pg_ctl", "postgres")):
            return Path(d)
    on_path = shutil.which("initdb")
    if on_path and shutil.which("pg_ctl"):
        return Path(on_path).parent
    return None


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class PgServer:
    host: str
    port: int
    user: str
    password: str
    base: Path

    def url(self, dbname: str, driver: str = "postgresql+psycopg") -> str:
        return f"{driver}://{self.user}:{self.password}@{self.host}:{self.port}/{dbname}"

    def admin(self, sql: str) -> None:
        """Run one statement outside a transaction on the maintenance database (CREATE/DROP DATABASE)."""
        import psycopg

        with psycopg.connect(host=self.host, port=self.port, user=self.user, password=self.password,
                             dbname="postgres", autocommit=True, connect_timeout=10) as con:
            con.execute(sql)  # type: ignore[arg-type]


def _run_as() -> dict[str, Any]:
    """subprocess arguments dropping root to an unprivileged OS user; nothing when not root."""
    if os.geteuid() != 0:
        return {}
    for name in ("postgres", "nobody"):
        try:
            pw = pwd.getpwnam(name)
        except KeyError:
            continue
        return {"user": pw.pw_uid, "group": pw.pw_gid, "extra_groups": []}
    raise RuntimeError("running as root and neither the 'postgres' nor the 'nobody' OS user exists")


def _run(cmd: list[str], as_user: dict[str, Any], cwd: Path, what: str) -> None:
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "LC_ALL": "C", "LANG": "C"}
    res = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True, timeout=120, check=False,
                         **as_user)
    if res.returncode != 0:
        pytest.fail(f"{what} failed (exit {res.returncode}): {' '.join(cmd)}\n{res.stdout}\n{res.stderr}",
                    pytrace=False)



_db_numbers = itertools.count(1)



def pg_query(url: str, sql: str, *params: Any) -> list[tuple[Any, ...]]:
    """One statement with psycopg directly (not through the tracker's code), committed; its rows, if any."""
    import psycopg

    with psycopg.connect(url.replace("postgresql+psycopg://", "postgresql://", 1), connect_timeout=10) as con:
        cur = con.execute(sql, params)  # type: ignore[arg-type]
        return [tuple(r) for r in cur.fetchall()] if cur.description else []
