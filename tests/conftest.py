"""Every fixture of the suite, in one place: a real SQLite file per test, the seeded plan, a CLI runner;
the fake Telegram Bot API server and the real bot polling it; a real aiosmtpd SMTP server; a throwaway PostgreSQL
server; the reports' progressed plan.

Plain helpers (named instants, factories, readers, driver classes) are in tests/factories.py, imported by name
(never with a star); pytest finds the fixtures here without any import. There is no other helper module.
"""

from __future__ import annotations

import functools
import glob
import itertools
import json
import os
import pwd
import re
import secrets
import shutil
import subprocess
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import time_machine
from click.testing import CliRunner, Result

from tests.factories import (
    CHAIRMAN,
    CHAIRMAN_CHAT,
    COMPLETIONS,
    ISSUED_2025,
    LATER,
    OCT_1,
    PLAN_2025,
    READINGS,
    SEED,
    SEEDED_AT,
    STAFF,
    STAFF_CHAT,
    VHXH_CHAT,
    VHXH_HEAD,
    VP_CHAT,
    VP_HEAD,
    BotDriver,
    BotThread,
    PgServer,
    SmtpServer,
    add_person,
    free_port,
    mark_done,
    pg_query,
    smtp_authenticator,
)
from tests.fake_bot_api import TOKEN, FakeBotApi
from tests.fake_zalo_api import TOKEN as ZALO_TOKEN
from tests.fake_zalo_api import FakeZaloApi

# Fixtures that start something heavy for the test: a test using one is marked slow wherever it is, so that
# `pytest -m "not slow"` (under a minute on 2 cores) leaves it out without every module having to say so.
SLOW_FIXTURES = {"pg_server", "bot"}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if SLOW_FIXTURES.intersection(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.slow)


@pytest.fixture(scope="session", autouse=True)
def private_cache_home(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The days-off cache (tracker.workdays) goes to a folder of this run, not to the user's ~/.cache:
    tests leave nothing behind and never read what an earlier run or another version wrote. Subprocesses
    inherit it through the environment."""
    folder = tmp_path_factory.mktemp("xdg-cache")
    before = os.environ.get("XDG_CACHE_HOME")
    os.environ["XDG_CACHE_HOME"] = str(folder)
    yield folder
    if before is None:
        os.environ.pop("XDG_CACHE_HOME", None)
    else:
        os.environ["XDG_CACHE_HOME"] = before


@pytest.fixture
def db_url(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    url = f"sqlite:///{tmp_path / 'tracker.db'}"
    monkeypatch.setenv("TRACKER_DB", url)
    monkeypatch.delenv("TRACKER_CONFIG", raising=False)
    monkeypatch.chdir(tmp_path)
    return url


@pytest.fixture(scope="session")
def migrated_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An empty database at the latest revision, migrated once per session: running every revision
    costs about 0.3 s, copying the file next to nothing."""
    from tracker import db
    from tracker.migrations import migrate

    path = tmp_path_factory.mktemp("schema") / "tracker.db"
    url = f"sqlite:///{path}"
    migrate(db.get_engine(url))
    db._engines.pop(url).dispose()  # closing the last connection folds the WAL back into the file
    return path


@pytest.fixture
def engine(db_url: str, migrated_file: Path) -> Iterator[Any]:
    from tracker.db import get_engine
    from tracker.migrations import migrate

    shutil.copyfile(migrated_file, db_url.removeprefix("sqlite:///"))
    eng = get_engine(db_url)
    migrate(eng)  # at the latest revision already: one look at the version table
    yield eng
    eng.dispose()


@pytest.fixture
def seeded(engine: Any, seeded_file: Path) -> Any:
    """The engine's database holding the plan as `seed` loads it at SEEDED_AT: seeded once per session and copied
    in with SQLite's backup API (the engine may be open already), which costs far less than seeding each test."""
    import sqlite3

    raw = engine.raw_connection()
    try:
        with sqlite3.connect(seeded_file) as src:
            src.backup(raw.driver_connection)
    finally:
        raw.close()
    return engine


@pytest.fixture(scope="session")
def seeded_file(migrated_file: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    from tracker import db
    from tracker.domain.lookups import Actor
    from tracker.domain.plans import set_issued
    from tracker.seed import seed

    path = tmp_path_factory.mktemp("seeded") / "tracker.db"
    shutil.copyfile(migrated_file, path)
    url = f"sqlite:///{path}"
    seed(db.get_engine(url), SEED, now=SEEDED_AT, actor="test")
    # The plan file leaves the issue day blank, as the commune's copy does; the IT officer records it (here
    # 01/08/2025, so the August period is the plan's), as `tracker plan set-issued` does.
    set_issued(db.get_engine(url), commune=None, plan=PLAN_2025, day=ISSUED_2025, number=None, actor=Actor("test"),
               now=SEEDED_AT)
    db._engines.pop(url).dispose()  # closing the last connection folds the WAL back into the file
    return path


@pytest.fixture
def plan_json() -> dict[str, Any]:
    return json.loads(SEED.read_text(encoding="utf-8"))


@pytest.fixture
def run_cli(db_url: str) -> Callable[..., Result]:
    """Invoke the real click entry point in-process; returns click's Result."""
    from cli import cli

    def invoke(*args: str, **kwargs: Any) -> Result:
        return CliRunner().invoke(cli, list(args), catch_exceptions=False, **kwargs)

    return invoke


# Telegram: the fake Bot API server and the environment pointing at it.


@pytest.fixture
def fake_api() -> Iterator[FakeBotApi]:
    """A fresh fake Bot API server on a free port of 127.0.0.1."""
    with FakeBotApi() as api:
        yield api


@pytest.fixture
def telegram_env(fake_api: FakeBotApi, monkeypatch: pytest.MonkeyPatch) -> FakeBotApi:
    """TRACKER_TELEGRAM_* set to reach the fake server directly (no proxy, nothing on the internet)."""
    monkeypatch.setenv("TRACKER_TELEGRAM_TOKEN", TOKEN)
    monkeypatch.setenv("TRACKER_TELEGRAM_API_URL", fake_api.url)
    for name in ("TRACKER_TELEGRAM_PROXY", "TRACKER_BOT_SECRET", "HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY",
                 "http_proxy", "https_proxy", "all_proxy"):
        monkeypatch.delenv(name, raising=False)
    return fake_api


# Zalo: the fake Zalo Bot Platform server and the environment pointing at it.


@pytest.fixture
def zalo_api() -> Iterator[FakeZaloApi]:
    """A fresh fake Zalo Bot Platform server on a free port of 127.0.0.1."""
    with FakeZaloApi() as api:
        yield api


@pytest.fixture
def zalo_env(zalo_api: FakeZaloApi, monkeypatch: pytest.MonkeyPatch) -> FakeZaloApi:
    """TRACKER_ZALO_TOKEN and TRACKER_ZALO_API_URL set to reach the fake server (nothing on the internet); the
    per-process throttle starts empty, so an earlier test's spacing does not slow this one."""
    from tracker.channels.zalo import ratelimit

    ratelimit.reset()
    monkeypatch.setenv("TRACKER_ZALO_TOKEN", ZALO_TOKEN)
    monkeypatch.setenv("TRACKER_ZALO_API_URL", zalo_api.url)
    return zalo_api


# The bot: people linked to chats, a ticking clock, the real PTB Application.


@pytest.fixture
def clock() -> Iterator[Any]:
    """The wall clock moved to 1 October 2025, 09:00 in Vietnam, still ticking (monotonic untouched)."""
    with time_machine.travel(OCT_1, tick=True) as traveller:
        yield traveller


@pytest.fixture
def people(seeded: Any) -> dict[str, int]:
    """The seeded Chairman plus two heads and a staff member, each linked to a chat."""
    from tracker.domain.people import add_person, edit_person

    ids: dict[str, int] = {}
    for name, unit, role, chat in ((VP_HEAD, "VP", "head", VP_CHAT), (VHXH_HEAD, "VHXH", "head", VHXH_CHAT),
                                   (STAFF, "VP", "staff", STAFF_CHAT)):
        p = add_person(seeded, commune=None, name=name, unit=unit, role=role, email=None, telegram_chat_id=chat,
                       actor="test", now=OCT_1)
        ids[name] = p.id or 0
    ids[CHAIRMAN] = edit_person(seeded, commune=None, who=CHAIRMAN, changes={"telegram_chat_id": CHAIRMAN_CHAT},
                                actor="test", now=OCT_1).id or 0
    return ids


@pytest.fixture
def bot(people: dict[str, int], telegram_env: FakeBotApi, clock: Any, seeded: Any) -> Iterator[BotDriver]:
    """The real python-telegram-bot Application polling the fake server (as `tracker run` starts it)."""
    from tracker.channels.telegram import ratelimit

    ratelimit._shared.clear()  # per-chat spacing from an earlier test must not slow this one
    runner = BotThread(seeded)
    try:
        yield BotDriver(telegram_env, seeded, runner.loop)
    finally:
        runner.close()


# E-mail: a real aiosmtpd server on 127.0.0.1.


@pytest.fixture
def smtp_server() -> Iterator[SmtpServer]:
    from aiosmtpd.controller import Controller

    for attempt in range(3):  # a free port may be taken between the probe and the bind (another xdist worker)
        server = SmtpServer(port=free_port())
        # ready_timeout: the server thread may start late on a loaded machine (aiosmtpd's default is 5 s).
        controller = Controller(server, hostname="127.0.0.1", port=server.port,
                                authenticator=smtp_authenticator(server), auth_require_tls=False, ready_timeout=30)
        try:
            controller.start()
            break
        except OSError:
            controller.stop(no_assert=True)
            if attempt == 2:
                raise
    try:
        yield server
    finally:
        server.release.set()
        controller.stop()


# Reminders: the seeded plan with a head for unit VP.


@pytest.fixture
def with_head(seeded: Any) -> Any:
    """The seeded plan plus VP_HEAD, head of unit VP, without e-mail or chat (test_core_cli and test_postgres
    define their own: a head added through the CLI, with an e-mail)."""
    add_person(seeded, VP_HEAD, unit="VP")
    return seeded


# Reports: the seeded plan with chosen completions and KPI readings.


@pytest.fixture
def progressed(seeded: Any) -> Any:
    """The seeded plan with the completions and KPI readings of tests/factories.py."""
    from tracker.domain.kpis import record_kpi

    for code, period, at in COMPLETIONS:
        mark_done(seeded, code, period, at)
    for code, period, value, num, den in READINGS:
        record_kpi(seeded, commune=None, code=code, period=period, value=value, numerator=num, denominator=den,
                   source="Cổng Dịch vụ công quốc gia", actor="test", channel="cli", now=LATER)
    return seeded


# PostgreSQL: a throwaway server started by the session itself.
#
# `pg_server` (session): runs Debian's ``initdb`` into a temporary directory and starts ``postgres`` on a free
# port of 127.0.0.1 (its unix socket in that directory too), never touching a system cluster or service.
# ``initdb`` and ``postgres`` refuse to run as root, so under root (as in CI) both run as the ``postgres`` OS
# user that the Debian package creates (``nobody`` otherwise) and the directory is given to that user.
# `pg_url` (per test): a fresh database on that server; TRACKER_DB points at it. `pg_sql` reads it with psycopg.
#
# Without the server binaries the tests FAIL (they are never skipped): CI installs the ``postgresql`` package
# listed in .ci/apt-packages.

PG_BIN_GLOB = "/usr/lib/postgresql/*/bin"
PG_MISSING = ("PostgreSQL server binaries (initdb, pg_ctl) not found under /usr/lib/postgresql/*/bin nor on PATH. "
              "Install Debian's package: `apt-get install postgresql` (it is listed in .ci/apt-packages); "
              "no running service is needed, the tests start their own server.")
_db_numbers = itertools.count(1)


def find_pg_bin_dir() -> Path | None:
    """The newest /usr/lib/postgresql/<version>/bin holding initdb and pg_ctl, else the one on PATH."""

    def version(path: str) -> tuple[int, ...]:
        m = re.search(r"/postgresql/([\d.]+)/bin$", path)
        return tuple(int(p) for p in m.group(1).split(".")) if m else (0,)

    for d in sorted(glob.glob(PG_BIN_GLOB), key=version, reverse=True):
        if all(os.access(os.path.join(d, b), os.X_OK) for b in ("initdb", "pg_ctl", "postgres")):
            return Path(d)
    on_path = shutil.which("initdb")
    if on_path and shutil.which("pg_ctl"):
        return Path(on_path).parent
    return None


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
    bindir = find_pg_bin_dir()
    if bindir is None:
        pytest.fail(PG_MISSING, pytrace=False)
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


@pytest.fixture
def pg_sql(pg_url: str) -> Callable[..., list[tuple[Any, ...]]]:
    """`pg_sql(sql, *params)`: rows of one statement on this test's database, read with psycopg directly."""
    return functools.partial(pg_query, pg_url)
