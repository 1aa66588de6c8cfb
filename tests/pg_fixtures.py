"""A throwaway PostgreSQL server for the tests, started and stopped by the test session itself.

Load it in a test module with ``pytest_plugins = ["tests.pg_fixtures"]``.

`pg_server` (session): runs Debian's ``initdb`` into a temporary directory and starts ``postgres`` on a free
port of 127.0.0.1 (its unix socket in that directory too), never touching a system cluster or service.
``initdb`` and ``postgres`` refuse to run as root, so under root (as in CI) both run as the ``postgres`` OS
user that the Debian package creates (``nobody`` otherwise) and the directory is given to that user.
`pg_url` (per test): a fresh database on that server; TRACKER_DB points at it. `pg_sql` reads it with psycopg.

Without the server binaries the tests FAIL (they are never skipped): CI installs the ``postgresql`` package
listed in .ci/apt-packages.
"""

from __future__ import annotations

import functools
import glob
import itertools
import os
import pwd
import re
import secrets
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Callable, Iterator
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


@pytest.fixture(scope="session")
def pg_server() -> Iterator[PgServer]:
    bindir = find_bin_dir()
    if bindir is None:
        pytest.fail(MISSING, pytrace=False)
    as_user = _run_as()
    # Not pytest's tmp_path: its parent is 0700 root, which the unprivileged server user cannot enter.
    base = Path(tempfile.mkdtemp(prefix="tracker-pg-"))
    if as_user:
        os.chown(base, as_user["user"], as_user["group"])
    data, sock, log = base / "data", base / "sock", base / "server.log"
    password = secrets.token_hex(12)
    pwfile = base / "pw"
    pwfile.write_text(password + "\n")
    sock.mkdir()
    if as_user:
        for p in (pwfile, sock):
            os.chown(p, as_user["user"], as_user["group"])
    try:
        _run([str(bindir / "initdb"), "-D", str(data), "-U", "tracker", f"--pwfile={pwfile}",
              "--auth=scram-sha-256", "-E", "UTF8", "--locale=C", "--no-sync"], as_user, base, "initdb")
    except BaseException:
        shutil.rmtree(base, ignore_errors=True)
        raise
    pwfile.unlink()
    server: PgServer | None = None
    for _attempt in range(3):  # a free port may be taken between the probe and the bind
        port = free_port()
        # The server's zone is Vietnam's, as on a commune's own server: instants must not depend on it.
        opts = (f"-p {port} -k {sock} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off "
                "-c full_page_writes=off -c max_connections=50 -c shared_buffers=32MB -c timezone=Asia/Ho_Chi_Minh")
        env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "LC_ALL": "C", "LANG": "C"}
        res = subprocess.run([str(bindir / "pg_ctl"), "-D", str(data), "-l", str(log), "-o", opts, "-w", "-t", "60",
                              "start"], cwd=base, env=env, capture_output=True, text=True, timeout=90, check=False,
                             **as_user)
        if res.returncode == 0:
            server = PgServer("127.0.0.1", port, "tracker", password, base)
            break
    if server is None:
        text = log.read_text(errors="replace") if log.exists() else ""
        shutil.rmtree(base, ignore_errors=True)
        pytest.fail(f"the test PostgreSQL server did not start:\n{text[-3000:]}", pytrace=False)
    try:
        yield server
    finally:
        env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin")}
        subprocess.run([str(bindir / "pg_ctl"), "-D", str(data), "-m", "immediate", "-w", "stop"], cwd=base,
                       env=env, capture_output=True, timeout=60, check=False, **as_user)
        shutil.rmtree(base, ignore_errors=True)


_db_numbers = itertools.count(1)


@pytest.fixture
def pg_url(pg_server: PgServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """A new empty database for this test; TRACKER_DB points at it and the working directory is tmp_path."""
    name = f"t{os.getpid()}_{next(_db_numbers)}"
    pg_server.admin(f"CREATE DATABASE {name}")
    url = pg_server.url(name)
    monkeypatch.setenv("TRACKER_DB", url)
    monkeypatch.delenv("TRACKER_CONFIG", raising=False)
    monkeypatch.chdir(tmp_path)
    try:
        yield url
    finally:
        from tracker import db

        engine = db._engines.pop(url, None)
        if engine is not None:
            engine.dispose()
        pg_server.admin(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def pg_query(url: str, sql: str, *params: Any) -> list[tuple[Any, ...]]:
    """One statement with psycopg directly (not through the tracker's code), committed; its rows, if any."""
    import psycopg

    with psycopg.connect(url.replace("postgresql+psycopg://", "postgresql://", 1), connect_timeout=10) as con:
        cur = con.execute(sql, params)  # type: ignore[arg-type]
        return [tuple(r) for r in cur.fetchall()] if cur.description else []


@pytest.fixture
def pg_sql(pg_url: str) -> Callable[..., list[tuple[Any, ...]]]:
    """`pg_sql(sql, *params)`: rows of one statement on this test's database, read with psycopg directly."""
    return functools.partial(pg_query, pg_url)
