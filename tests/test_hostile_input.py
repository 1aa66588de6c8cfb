"""Hostile and out-of-range input on the command line, in TRACKER_DB, and a database another writer holds.

Each value here once ended in "Lỗi không mong đợi" (OverflowError, ValueError, DataError), in the wrong exit
code, in a second line on stderr or in a stored value nobody meant. Each must now get exactly one Vietnamese line
on stderr, the right exit code (1 bad value, 78 configuration) and leave the database as it was. Everything
runs the real CLI against a real SQLite file, or against the real PostgreSQL server of tests/conftest.py (pg_server).
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from tests.factories import CHAIRMAN, SEED, db_dump, db_path, ok, write_plan
from tracker.timeutil import VN

HUGE = "99999999999999999999"  # beyond a signed 64-bit id
CHAT_2_70 = str(2**70)


# ---------------------------------------------------------------- a seeded database, built once per module


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The seeded plan in a file of its own; each test gets a copy (seeding once keeps the table fast)."""
    from datetime import datetime

    from tracker import db
    from tracker.migrations import migrate
    from tracker.seed import seed

    path = tmp_path_factory.mktemp("template") / "tracker.db"
    url = f"sqlite:///{path}"
    engine = db.get_engine(url)
    migrate(engine)
    seed(engine, SEED, now=datetime(2025, 8, 5, 9, 0, tzinfo=VN), actor="test")
    engine.dispose()
    db._engines.pop(url, None)
    return path


@pytest.fixture
def seeded_copy(template: Path, db_url: str) -> str:
    src, dst = sqlite3.connect(template), sqlite3.connect(db_path(db_url))
    try:
        src.backup(dst)
    finally:
        src.close()
        dst.close()
    return db_url


def assert_one_clear_line(result: Result, code: int, *fragments: str) -> None:
    err = result.stderr
    assert result.exit_code == code, f"exit {result.exit_code}\nstdout:\n{result.stdout}\nstderr:\n{err}"
    assert err.startswith("Lỗi: "), err
    assert len(err.strip().splitlines()) == 1, err
    assert "Traceback" not in result.output and "Lỗi không mong đợi" not in err, err
    assert "\x1b" not in err and len(err) < 1000, err
    for f in fragments:
        assert f in err, f"{f!r} not in {err!r}"


# ---------------------------------------------------------------- the table

OUT_OF_RANGE = "nằm ngoài khoảng cho phép"
CONTROL = "ký tự điều khiển"
OFFSET = "độ lệch so với UTC phải từ -12:00 đến +14:00"

# (command line, extra environment, exit code, fragments of the one line on stderr)
CASES: list[tuple[list[str], dict[str, str], int, tuple[str, ...]]] = [
    # instants and dates outside 2000–2100, impossible UTC offsets
    (["tasks", "list", "--as-of", "2025-10-02 08:00+99:99"], {}, 1, ("«+99:99»", OFFSET)),
    (["tasks", "list", "--as-of", "2025-10-02T08:00+24:00"], {}, 1, ("«+24:00»", OFFSET)),
    (["tasks", "list", "--as-of", "2025-10-02T08:00-13:00"], {}, 1, (OFFSET,)),
    (["tasks", "list", "--as-of", "9999-12-31"], {}, 1, ("9999-12-31", OUT_OF_RANGE, "01/01/2000–31/12/2100")),
    (["tasks", "list", "--as-of", "31/12/1999"], {}, 1, ("31/12/1999", OUT_OF_RANGE)),
    (["tasks", "show", "II.2.b.1", "--as-of", "9999-12-31"], {}, 1, (OUT_OF_RANGE,)),
    (["summary", "--as-of", "0001-01-01"], {}, 1, (OUT_OF_RANGE,)),
    (["publish", "--out", "site", "--as-of", "9999-12-31 08:00"], {}, 1, (OUT_OF_RANGE,)),
    (["tasks", "done", "II.2.b.1", "--at", "0001-01-01 00:00"], {}, 1, ("0001-01-01", OUT_OF_RANGE)),
    (["tasks", "done", "II.2.b.1", "--at", "0000-01-01 00:00"], {}, 1, (OUT_OF_RANGE,)),
    (["tasks", "extend", "II.2.b.1", "--to", "9999-12-31", "--reason", "x"], {}, 1, (OUT_OF_RANGE,)),
    (["tasks", "extend", "II.2.b.1", "--to", "2025-12-31", "--reason", "x", "--at", "1999-12-31 08:00"], {}, 1,
     (OUT_OF_RANGE,)),
    (["workdays", "set", "9999-12-31", "--working", "--note", "x"], {}, 1, (OUT_OF_RANGE,)),
    (["workdays", "unset", "0001-01-01"], {}, 1, (OUT_OF_RANGE,)),
    (["workdays", "list", "--year", "99999"], {}, 1, ("Năm", OUT_OF_RANGE, "2000 đến 2100")),
    (["workdays", "list", "--year", "0"], {}, 1, ("Năm", OUT_OF_RANGE)),
    (["remind", "preview", "--from", "1999-12-01", "--to", "2000-01-31"], {}, 1, (OUT_OF_RANGE,)),
    (["remind", "run", "--at", "2101-01-01 08:00", "--dry-run"], {}, 1, (OUT_OF_RANGE,)),
    (["digest", "--at", "9999-12-31"], {}, 1, (OUT_OF_RANGE,)),
    # periods outside 2000-01..2100-12
    (["kpi", "record", "I.2", "--period", "0000-01", "--value", "5"], {}, 1, ("0000-01", OUT_OF_RANGE)),
    (["kpi", "record", "I.2", "--period", "9999-12", "--value", "5"], {}, 1, ("9999-12", OUT_OF_RANGE)),
    # a reading far outside 0–100 is echoed short, not as its 309 digits
    (["kpi", "record", "I.2", "--period", "2025-09", "--value", "1e308"], {}, 1, ("Giá trị 1e+308 nằm ngoài",)),
    (["kpi", "record", "I.2", "--period", "2025-09", "--value", "-1.5e20"], {}, 1, ("Giá trị -1,5e+20 nằm ngoài",)),
    # 1e309 is infinity: "Giá trị inf" was printed, and 1/1e309 was stored as 0 %
    (["kpi", "record", "I.2", "--period", "2025-09", "--value", "1e309"], {}, 1, ("hữu hạn",)),
    (["kpi", "record", "I.2", "--period", "2025-09", "--numerator", "1", "--denominator", "1e309"], {}, 1,
     ("hữu hạn",)),
    (["kpi", "record", "I.2", "--period", "2025-09", "--value", "nan"], {}, 1, ("hữu hạn",)),
    (["kpi", "list", "--period", "9999-12"], {}, 1, (OUT_OF_RANGE,)),
    (["report", "monthly", "--month", "0000-01"], {}, 1, ("0000-01", OUT_OF_RANGE)),
    (["report", "monthly", "--month", "9999-12"], {}, 1, ("9999-12", OUT_OF_RANGE)),
    (["tasks", "done", "III.2.1", "--period", "9999-12"], {}, 1, (OUT_OF_RANGE,)),
    # ids: a superscript digit, and numbers beyond a 64-bit column
    (["people", "edit", "²", "--name", "X"], {}, 1, ("«²»", "tracker people list")),
    (["people", "edit", HUGE, "--name", "X"], {}, 1, (HUGE, "tracker people list")),
    (["people", "deactivate", HUGE], {}, 1, (HUGE,)),
    (["people", "invite", HUGE], {}, 1, (HUGE,)),
    (["people", "unlink", "²"], {}, 1, ("«²»",)),
    (["tasks", "done", "II.2.b.1", "--by", HUGE], {}, 1, (HUGE,)),
    (["tasks", "extend", "II.2.b.1", "--to", "2025-12-31", "--reason", "x", "--approved-by", "²"], {}, 1, ("«²»",)),
    (["outbox", "retry", HUGE], {}, 1, ("ID thông báo", HUGE, OUT_OF_RANGE)),
    (["outbox", "retry", "²"], {}, 1, ("ID thông báo", "«²»", "số nguyên")),
    (["extensions", "approve", HUGE, "--by", CHAIRMAN], {}, 1, ("Số đề nghị", OUT_OF_RANGE)),
    (["extensions", "reject", HUGE, "--by", CHAIRMAN, "--reason", "x"], {}, 1, ("Số đề nghị", OUT_OF_RANGE)),
    (["people", "add", "--name", "X", "--role", "staff", "--telegram-chat-id", CHAT_2_70], {}, 1, ("Telegram",)),
    (["people", "edit", CHAIRMAN, "--telegram-chat-id", CHAT_2_70], {}, 1, ("Telegram",)),
    (["people", "edit", CHAIRMAN, "--telegram-chat-id", str(-2**70)], {}, 1, ("Telegram",)),
    (["people", "edit", CHAIRMAN, "--telegram-chat-id", "١٢٣"], {}, 1, ("số nguyên",)),
    # a value echoed back stays one short line: line breaks and escapes shown, a long value cut
    (["tasks", "list", "--as-of", "2025-10-01\nLỗi: dòng giả"], {}, 1, ("\\n",)),
    (["tasks", "list", "--as-of", "\x1b]0;pwned\x07"], {}, 1, ("\\x1b",)),
    (["kpi", "list", "--period", "2025-09" * 20_000], {}, 1, ("…",)),
    (["people", "edit", "Hoa\nLỗi: dòng giả", "--name", "X"], {}, 1, ("\\n",)),
    (["outbox", "retry", "1\n2"], {}, 1, ("\\n",)),
    # user text with a NUL byte (PostgreSQL cannot store it; no text field needs it)
    (["tasks", "done", "II.2.b.1", "--note", "a\x00b"], {}, 1, ("U+0000",)),
    # control characters in a code or name to look up: refused before the query, shown escaped
    (["tasks", "show", "II\x1b]0;pwned\x07"], {}, 1, ("Mã nhiệm vụ", "\\x1b]0;pwned\\x07", CONTROL)),
    (["tasks", "show", "II\x00"], {}, 1, ("Mã nhiệm vụ", "\\x00", CONTROL)),
    (["log", "--task", "II.1\x07"], {}, 1, ("Mã nhiệm vụ", "\\x07", CONTROL)),
    (["people", "edit", "a\x00b", "--name", "X"], {}, 1, ("\\x00", CONTROL)),
    (["people", "add", "--name", "X", "--role", "head", "--unit", "VP\x1b[2J"], {}, 1, ("Mã đơn vị", CONTROL)),
    (["tasks", "done", "II.1.b.1", "--by", "a\x00"], {}, 1, ("\\x00", CONTROL)),
    (["kpi", "record", "I\x00", "--period", "2025-09", "--value", "5"], {}, 1, ("Mã chỉ tiêu", CONTROL)),
    (["kpi", "record", "I.2\x1b", "--period", "2025-09", "--value", "5"], {}, 1, ("Mã chỉ tiêu", "\\x1b")),
    (["--commune", "x\x1b]0;a\x07", "tasks", "list"], {}, 1, ("Mã xã", "\\x1b", CONTROL)),
    # TRACKER_DB the URL parser gives up on, and a busy timeout that is not a number: configuration, 78
    (["tasks", "list"], {"TRACKER_DB": "postgresql://u:p@[::1/db"}, 78, ("TRACKER_DB",)),
    (["tasks", "list"], {"TRACKER_DB": "postgresql://u:p@host:port/db"}, 78, ("TRACKER_DB",)),
    (["tasks", "list"], {"TRACKER_DB": "sqlite:///tracker.db?timeout=abc"}, 78, ("TRACKER_DB", "timeout")),
    # a query argument the driver does not know: pysqlite warned in English and ignored it; libpq failed at the
    # first connection with an unexpected ProgrammingError (exit 2, which systemd restarts in a loop)
    (["tasks", "list"], {"TRACKER_DB": "sqlite:///tracker.db?foo=bar"}, 78, ("TRACKER_DB", "foo")),
    (["tasks", "list"], {"TRACKER_DB": "postgresql+psycopg://u:s3cr3t@127.0.0.1:1/db?foo=bar"}, 78,
     ("TRACKER_DB", "foo")),
    (["tasks", "list"], {"TRACKER_DB": "postgresql+psycopg://u@127.0.0.1:1/db?PASSWORD=s3cr3t"}, 78,
     ("TRACKER_DB", "PASSWORD")),
]


@pytest.mark.parametrize(("args", "env", "code", "fragments"), CASES,
                         ids=[" ".join([*(f"{k}={v}" for k, v in c[1].items()), *c[0]])[:80] for c in CASES])
def test_each_hostile_value_gets_one_vietnamese_line_and_changes_nothing(seeded_copy, run_cli, args, env, code,
                                                                         fragments):
    before = db_dump(seeded_copy)
    result = run_cli(*args, env=env)
    assert_one_clear_line(result, code, *fragments)
    assert db_dump(seeded_copy) == before


def test_the_bounds_themselves_are_accepted(seeded_copy, run_cli):
    ok(run_cli("tasks", "list", "--as-of", "2100-12-31"))
    ok(run_cli("tasks", "list", "--as-of", "2000-01-01 00:00+14:00"))
    ok(run_cli("tasks", "list", "--as-of", "2025-10-02T08:00-12:00"))
    ok(run_cli("workdays", "list", "--year", "2100"))
    ok(run_cli("kpi", "list", "--period", "2000-01"))
    ok(run_cli("people", "edit", "1", "--telegram-chat-id", "7123456789"))
    assert json.loads(ok(run_cli("people", "list", "--json")).stdout)[0]["telegram_chat_id"] == 7123456789


def test_a_stored_name_with_control_characters_is_escaped_in_an_error_line(seeded_copy, run_cli):
    """Whatever a domain message quotes (here a name stored before names were checked), the error line
    the CLI prints holds no raw control character."""
    with sqlite3.connect(db_path(seeded_copy)) as con:
        con.execute("UPDATE person SET name = ?, active = 0 WHERE id = 1", ("Nam\x1b]0;pwned\x07",))
    con.close()
    result = run_cli("people", "deactivate", "1")
    assert_one_clear_line(result, 1, "Nam\\x1b]0;pwned\\x07", "đã bị vô hiệu hóa")
    assert "\x07" not in result.stderr


# ---------------------------------------------------------------- finding 6: the last allowed day in every view


def test_deadlines_on_the_last_allowed_day_go_through_every_view(db_url, run_cli, tmp_path):
    plan = json.loads(SEED.read_text(encoding="utf-8"))
    for t in plan["tasks"]:
        d = t["deadline"]
        if d["kind"] == "fixed_date":
            d["date"] = "2100-12-31"
        elif d["kind"] == "year_end":
            d["year"] = 2100
        elif d["kind"] == "quarter_end":
            d["year"], d["quarter"] = 2100, 4
        elif d["kind"] == "monthly":
            d["first_period"], d["last_period"] = "2100-10", "2100-12"
    write_plan(tmp_path, plan, "late.json")
    ok(run_cli("init"))
    ok(run_cli("seed", "late.json"))
    ok(run_cli("kpi", "record", "I.2", "--period", "2100-12", "--value", "64.5"))
    for as_of in ("2025-10-01", "2100-12-31"):
        assert "31/12/2100" in ok(run_cli("tasks", "list", "--all", "--as-of", as_of)).stdout
        ok(run_cli("summary", "--as-of", as_of))
        ok(run_cli("tasks", "show", "III.2.1", "--as-of", as_of))
        ok(run_cli("publish", "--out", "site", "--as-of", as_of))
    ok(run_cli("calendar", "export", "--out", "thoi-han.ics"))
    assert b"20101231" not in (tmp_path / "thoi-han.ics").read_bytes()  # no year wrapped around
    ok(run_cli("report", "monthly", "--month", "2100-12"))
    ok(run_cli("report", "monthly", "--month", "2000-01"))


# ---------------------------------------------------------------- finding 14: a busy database


def test_a_write_behind_another_writers_lock_is_reported_busy_not_as_configuration(seeded_copy, run_cli):
    """Another connection holds SQLite's write lock; our write waits out a short busy timeout
    (`?timeout=` in TRACKER_DB) and gives up: exit 1 and "try again", and afterwards it works."""
    path = db_path(seeded_copy)
    before = db_dump(seeded_copy)
    holder = sqlite3.connect(path, isolation_level=None)
    try:
        holder.execute("BEGIN IMMEDIATE")
        busy = run_cli("tasks", "done", "II.2.b.1", env={"TRACKER_DB": f"{seeded_copy}?timeout=0.05"})
        assert_one_clear_line(busy, 1)
        assert busy.stderr.strip() == "Lỗi: cơ sở dữ liệu đang bận, thử lại sau."
        # Readers are not blocked (WAL): only the write had to wait.
        ok(run_cli("tasks", "list", env={"TRACKER_DB": f"{seeded_copy}?timeout=0.05"}))
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert db_dump(seeded_copy) == before
    ok(run_cli("tasks", "done", "II.2.b.1", env={"TRACKER_DB": f"{seeded_copy}?timeout=0.05"}))


# ---------------------------------------------------------------- finding 11: passwords in a shown URL


@pytest.mark.parametrize(("url", "shown"), [
    ("postgresql+psycopg://tracker:s3cr3t@db.xa.vn:5432/tracker",
     "postgresql+psycopg://tracker:***@db.xa.vn:5432/tracker"),
    ("postgresql://tracker@db.xa.vn/tracker?password=s3cr3t&sslmode=require",
     "postgresql://tracker@db.xa.vn/tracker?password=***&sslmode=require"),
    ("postgresql://u:p%40ss@h/db?sslpassword=s3cr3t&application_name=tracker",
     "postgresql://u:***@h/db?sslpassword=***&application_name=tracker"),
    ("postgresql://u:pa@ss/word@h/db", "postgresql://u:***@h/db"),
    ("postgresql://tracker:s3c?r3t@db/x", "postgresql://tracker:***@db/x"),
    ("postgresql://tracker:s3c#r3t@db/x?sslmode=require", "postgresql://tracker:***@db/x?sslmode=require"),
    ("postgresql://u:s3cr3t@h/db?application_name=a@b", "postgresql://u:***@h/db?application_name=a@b"),
    ("smtp://hoa:s3cr3t@mail.xa.vn:587?starttls=1", "smtp://hoa:***@mail.xa.vn:587?starttls=1"),
    ("socks5://u:s3cr3t@10.0.0.1:1080", "socks5://u:***@10.0.0.1:1080"),
    ("https://bot.xa.vn/?token=s3cr3t&pwd=s3cr3t&secret=s3cr3t&pass=s3cr3t",
     "https://bot.xa.vn/?token=***&pwd=***&secret=***&pass=***"),
    ("postgresql://u:s3cr3t@[::1/db", "postgresql://u:***@[::1/db"),
    ("sqlite:////var/lib/tracker/tracker.db", "sqlite:////var/lib/tracker/tracker.db"),
])
def test_a_shown_url_keeps_the_server_and_hides_every_password(url, shown):
    from tracker.urls import masked_url

    assert masked_url(url) == shown
    assert "s3cr3t" not in masked_url(url)


@pytest.fixture
def pg_urls(pg_url: str) -> Iterator[Callable[[str], str]]:
    """URLs to this test's PostgreSQL database written other ways; their engines are closed afterwards."""
    from tracker import db

    made: list[str] = []

    def variant(url: str) -> str:
        made.append(url)
        return url

    yield variant
    for url in made:
        engine = db._engines.pop(url, None)
        if engine is not None:
            engine.dispose()


def invoke(*args: str, env: dict[str, str] | None = None) -> Result:
    from cli import cli

    return CliRunner().invoke(cli, list(args), catch_exceptions=False, env=env)


def test_init_shows_the_database_url_without_its_password_in_the_query_or_the_user_part(pg_url, pg_server,
                                                                                        pg_urls):
    dbname = pg_url.rsplit("/", 1)[1]
    in_query = pg_urls(f"postgresql+psycopg://{pg_server.user}@{pg_server.host}:{pg_server.port}/{dbname}"
                       f"?password={pg_server.password}")
    out = ok(invoke("init", env={"TRACKER_DB": in_query})).stdout
    assert pg_server.password not in out
    assert out.strip() == (f"Đã khởi tạo cơ sở dữ liệu: postgresql+psycopg://{pg_server.user}@{pg_server.host}:"
                           f"{pg_server.port}/{dbname}?password=***")
    out = ok(invoke("init")).stdout  # TRACKER_DB = pg_url, the password in the user part
    assert pg_server.password not in out and f"{pg_server.user}:***@" in out


# ---------------------------------------------------------------- the same on PostgreSQL


@pytest.fixture
def seeded_pg(pg_url: str) -> str:
    ok(invoke("init"))
    ok(invoke("seed"))
    return pg_url


def pg_dump(pg_sql: Callable[..., Any]) -> Any:
    return [pg_sql(f"SELECT count(*) FROM {t}") for t in
            ("person", "completion", "extension", "kpireading", "auditevent", "workdayoverride", "outboxmessage")]


@pytest.mark.parametrize("args", [
    ["people", "edit", HUGE, "--name", "X"],
    ["people", "edit", "²", "--name", "X"],
    ["tasks", "done", "II.2.b.1", "--by", HUGE],
    ["outbox", "retry", HUGE],
    ["extensions", "approve", HUGE, "--by", CHAIRMAN],
    ["people", "add", "--name", "X", "--role", "staff", "--telegram-chat-id", CHAT_2_70],
    ["kpi", "record", "I.2", "--period", "9999-12", "--value", "5"],
], ids=" ".join)
def test_ids_beyond_64_bits_are_a_clear_line_on_postgresql_too(seeded_pg, pg_sql, args):
    before = pg_dump(pg_sql)
    assert_one_clear_line(invoke(*args), 1)
    assert pg_dump(pg_sql) == before


@pytest.mark.parametrize("args", [
    ["tasks", "show", "II\x00"],
    ["people", "edit", "a\x00b", "--name", "X"],
    ["tasks", "done", "II.1.b.1", "--by", "a\x00"],
    ["kpi", "record", "I\x00", "--period", "2025-09", "--value", "5"],
    ["people", "add", "--name", "X", "--role", "head", "--unit", "V\x00P"],
    ["--commune", "x\x00", "tasks", "list"],
], ids=lambda a: " ".join(a).replace("\x00", "NUL"))
def test_a_nul_in_a_code_or_name_to_look_up_is_a_clear_line_on_postgresql(seeded_pg, pg_sql, args):
    before = pg_dump(pg_sql)
    assert_one_clear_line(invoke(*args), 1, "\\x00", "ký tự điều khiển")
    assert pg_dump(pg_sql) == before


def test_a_lock_timeout_on_postgresql_is_reported_busy(seeded_pg, pg_sql, pg_urls):
    """Another session holds the completion table; our insert gives up after lock_timeout (55P03)."""
    import psycopg

    before = pg_dump(pg_sql)
    short = pg_urls(f"{seeded_pg}?options=-c%20lock_timeout%3D100")
    with psycopg.connect(seeded_pg.replace("postgresql+psycopg://", "postgresql://", 1)) as holder:
        holder.execute("LOCK TABLE completion IN EXCLUSIVE MODE")
        busy = invoke("tasks", "done", "II.2.b.1", env={"TRACKER_DB": short})
        holder.rollback()
    assert_one_clear_line(busy, 1)
    assert busy.stderr.strip() == "Lỗi: cơ sở dữ liệu đang bận, thử lại sau."
    assert pg_dump(pg_sql) == before
    ok(invoke("tasks", "done", "II.2.b.1", env={"TRACKER_DB": short}))
