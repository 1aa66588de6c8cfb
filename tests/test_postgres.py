"""The real product on a real PostgreSQL server that the tests start themselves (pg_server in tests/conftest.py).

Each test gets a fresh database (`pg_url`) and drives the same CLI as on SQLite, then reads the rows back
with psycopg directly (`pg_sql`), not through the tracker's code.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from tests.factories import CHAIRMAN, Q3_TASKS, SmtpServer, by_ref, ok

pytestmark = pytest.mark.slow  # starts a PostgreSQL server

HEAD = "Nguyễn Thị Hoa"
BIG_CHAT = 7_123_456_789  # Telegram user ids passed 2^31 long ago


def run(*args: str) -> Result:
    """The real click entry point, in-process, against TRACKER_DB (the test's PostgreSQL database)."""
    from cli import cli

    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def run_json(*args: str) -> Any:
    return json.loads(ok(run(*args, "--json")).stdout)


@pytest.fixture
def seeded_pg(pg_url: str) -> str:
    ok(run("init"))
    ok(run("seed"))
    # As the SQLite `seeded` fixture: the plan file leaves the issue day blank; record 01/08/2025 (August's period).
    ok(run("plan", "set-issued", "cai-cach-tthc-2025", "--date", "2025-08-01"))
    return pg_url


@pytest.fixture
def with_head(seeded_pg: str) -> str:
    ok(run("people", "add", "--name", HEAD, "--unit", "VP", "--role", "head", "--email", "hoa.nt@camhiep.gov.vn"))
    return seeded_pg


def engine_of(url: str) -> Any:
    from tracker.db import get_engine

    return get_engine(url)


def counts(pg_sql: Any) -> dict[str, int]:
    tables = [r[0] for r in pg_sql("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")]
    return {t: pg_sql(f'SELECT count(*) FROM "{t}"')[0][0] for t in sorted(tables)}


def test_the_fixture_database_is_postgresql_reached_over_tcp_on_loopback(pg_url, pg_sql):
    assert pg_url.startswith("postgresql+psycopg://") and "@127.0.0.1:" in pg_url
    version = pg_sql("SHOW server_version_num")[0][0]
    assert int(version) >= 120000
    assert pg_sql("SHOW timezone") == [("Asia/Ho_Chi_Minh",)]  # not UTC: instants must not depend on it
    from tracker.db import get_engine

    assert get_engine().dialect.name == "postgresql"


def test_seeding_twice_on_postgresql_loads_the_plan_once_and_changes_nothing_the_second_time(pg_url, pg_sql):
    ok(run("init"))
    out = ok(run("seed")).stdout
    # Shared duties are one task per unit (56); no issue day in the file, so the periods start in September (32).
    assert "56 nhiệm vụ" in out and "32 kỳ báo cáo" in out and "10 chỉ tiêu" in out
    first = counts(pg_sql)
    assert [first[t] for t in ("commune", "unit", "task", "occurrence", "kpi", "person")] == [1, 4, 56, 32, 10, 1]
    snapshot = pg_sql("SELECT code, title, due_date, coordinating_unit_ids::text, recurrence::text "
                                "FROM task ORDER BY code")
    again = ok(run("seed")).stdout
    assert "Tạo mới: không có" in again and "Cập nhật: không có" in again
    assert counts(pg_sql) == first
    assert pg_sql("SELECT code, title, due_date, coordinating_unit_ids::text, recurrence::text "
                            "FROM task ORDER BY code") == snapshot
    ok(run("init"))  # a database at the latest revision is left as it is
    assert counts(pg_sql) == first


def test_tasks_list_as_of_the_first_of_october_shows_the_q3_tasks_overdue(seeded_pg):
    rows = by_ref(run_json("tasks", "list", "--as-of", "2025-10-01"))
    for code in Q3_TASKS:
        assert rows[code]["status"] == "overdue" and rows[code]["due_date"] == "2025-09-30", rows[code]
    assert rows["II.2.b.1"]["coordinating_units"], "JSON column read back as a list"
    text = ok(run("tasks", "list", "--as-of", "01/10/2025")).stdout
    assert "Đang thực hiện quá hạn: 18/34 (52,9%)" in text


def test_done_reopen_and_extend_work_and_store_aware_instants(with_head, pg_sql):
    url = with_head
    out = ok(run("tasks", "done", "II.2.b.2", "--at", "22/09/2025 16:30", "--by", HEAD, "--note", "Xong",
                 "--evidence", "https://camhiep.gov.vn/bb/7")).stdout
    assert out.strip() == "Đã ghi nhận hoàn thành II.2.b.2: Hoàn thành đúng hạn."
    assert by_ref(run_json("tasks", "list", "--as-of", "2025-09-23"))["II.2.b.2"]["completed_at"] == \
        "2025-09-22T16:30:00+07:00"
    stored = pg_sql("SELECT completed_at AT TIME ZONE 'UTC' FROM completion")
    assert stored == [(datetime(2025, 9, 22, 9, 30),)], "stored as UTC"
    err = run("tasks", "done", "II.2.b.2")
    assert err.exit_code == 1 and "đã hoàn thành lúc 22/09/2025" in err.stderr

    out = ok(run("tasks", "reopen", "II.2.b.2", "--reason", "Thiếu biên bản")).stdout
    assert out.strip().startswith("Đã mở lại II.2.b.2:")
    ok(run("tasks", "done", "II.2.b.2", "--at", "2025-10-03 09:00", "--by", HEAD))
    assert by_ref(run_json("tasks", "list", "--as-of", "2025-10-03"))["II.2.b.2"]["status"] == "done_late"
    assert pg_sql("SELECT count(*), count(revoked_at) FROM completion") == [(2, 1)]

    out = ok(run("tasks", "extend", "II.2.b.1", "--to", "2025-10-31", "--reason", "Chờ phần mềm",
                 "--approved-by", CHAIRMAN, "--at", "2025-09-23 08:00")).stdout
    assert out.strip().startswith("Đã gia hạn II.2.b.1 đến 31/10/2025:")
    assert by_ref(run_json("tasks", "list", "--as-of", "2025-10-01"))["II.2.b.1"]["status"] == "in_progress"
    assert pg_sql("SELECT previous_due::text, new_due::text, approved_by FROM extension") == \
        [("2025-09-30", "2025-10-31", CHAIRMAN)]

    from sqlmodel import select

    from tracker.db import reading
    from tracker.models import AuditEvent, Completion, Extension

    with reading(engine_of(url)) as s:
        instants = [c.completed_at for c in s.exec(select(Completion)).all()]
        instants += [c.revoked_at for c in s.exec(select(Completion).where(Completion.revoked_at.is_not(None)))]
        instants += [e.requested_at for e in s.exec(select(Extension)).all()]
        instants += [e.at for e in s.exec(select(AuditEvent)).all()]
        late = s.exec(select(Completion).where(Completion.completed_at > datetime(2025, 10, 1, tzinfo=UTC))).all()
    assert instants and all(i is not None and i.utcoffset() == timedelta(0) for i in instants), instants
    assert datetime(2025, 9, 22, 9, 30, tzinfo=UTC) in instants
    assert [c.completed_at for c in late] == [datetime(2025, 10, 3, 2, 0, tzinfo=UTC)]
    events = run_json("log", "--task", "II.2.b.2")
    assert [e["action"] for e in events] == ["task.create", "task.done", "task.reopen", "task.done"]


def test_the_partial_unique_index_refuses_a_second_completion_in_force(seeded_pg, pg_sql):
    import sqlalchemy as sa

    from tracker.db import transaction
    from tracker.models import Completion, Occurrence, Task

    url = seeded_pg
    (indexdef,) = pg_sql("SELECT indexdef FROM pg_indexes WHERE indexname = 'uq_completion_in_force'")[0]
    assert "UNIQUE" in indexdef and "COALESCE(occurrence_id, 0)" in indexdef and "revoked_at IS NULL" in indexdef
    ok(run("tasks", "done", "II.2.b.1", "--at", "2025-09-29 10:00"))
    engine = engine_of(url)
    with transaction(engine) as s:
        task = s.exec(sa.select(Task).where(Task.code == "II.2.b.1")).scalar_one()
        monthly = s.exec(sa.select(Task).where(Task.code == "III.2.1")).scalar_one()
        occ = s.exec(sa.select(Occurrence).where(Occurrence.task_id == monthly.id).order_by(Occurrence.period)
                     ).scalars().all()
        task_id, commune_id, monthly_id, occ_ids = task.id, task.commune_id, monthly.id, [o.id for o in occ]

    def completion(tid: int, occ_id: int | None, revoked: bool = False) -> Completion:
        at = datetime(2025, 9, 30, 3, 0, tzinfo=UTC)
        return Completion(task_id=tid, occurrence_id=occ_id, commune_id=commune_id, completed_at=at, recorded_at=at,
                          actor="test", channel="cli", revoked_at=at if revoked else None)

    # A second completion in force of the same task: the database itself refuses it.
    with pytest.raises(sa.exc.IntegrityError, match="uq_completion_in_force"), transaction(engine) as s:
        s.add(completion(task_id, None))
    # A revoked one beside it is allowed, and so is one per occurrence of a monthly task.
    with transaction(engine) as s:
        s.add(completion(task_id, None, revoked=True))
        s.add(completion(monthly_id, occ_ids[0]))
        s.add(completion(monthly_id, occ_ids[1]))
    with pytest.raises(sa.exc.IntegrityError), transaction(engine) as s:
        s.add(completion(monthly_id, occ_ids[1]))
    assert pg_sql("SELECT count(*) FROM completion WHERE revoked_at IS NULL") == [(3,)]
    assert pg_sql("SELECT count(*) FROM completion") == [(4,)]


def test_kpi_record_and_summary_json_on_postgresql(seeded_pg, pg_sql):
    out = ok(run("kpi", "record", "I.2", "--period", "2025-09", "--numerator", "129", "--denominator", "200",
                 "--source", "Cổng Dịch vụ công quốc gia")).stdout
    assert out.strip() == "Đã ghi chỉ tiêu I.2 kỳ 2025-09: 64,5%."
    ok(run("kpi", "record", "I.2", "--period", "2025-08", "--value", "55"))
    ok(run("kpi", "record", "I.2", "--period", "2025-08", "--value", "56"))  # a period again replaces it
    i2 = {k["code"]: k for k in run_json("kpi", "list")}["I.2"]
    assert i2["latest"] == {"period": "2025-09", "value": 64.5, "numerator": 129, "denominator": 200}
    assert [t["value"] for t in i2["trend"]] == [56, 64.5] and i2["state"] == "met"
    assert pg_sql("SELECT count(*) FROM kpireading") == [(2,)]

    ok(run("tasks", "done", "II.2.b.1", "--at", "2025-09-30 10:00"))
    ok(run("tasks", "done", "II.2.b.2", "--at", "2025-10-02 09:00"))
    data = run_json("summary", "--as-of", "2025-10-02")
    vp = {u["unit"]: u for u in data["units"]}["VP"]
    assert vp["base"] == 10 and vp["counts"]["done_on_time"] == 1 and vp["counts"]["done_late"] == 1
    assert data["total"]["base"] == 34 and data["total"]["counts"]["overdue"] == 16
    assert data["as_of"] == "2025-10-02T23:59:59+07:00" and data["commune"] == "cam-hiep"


def test_remind_run_twice_at_the_same_instant_stores_each_outbox_row_once_and_delivers_on_the_console(
        seeded_pg, pg_sql):
    # A head with no address: the console is their channel (one with an e-mail waits for the SMTP daemon).
    ok(run("people", "add", "--name", HEAD, "--unit", "VP", "--role", "head"))
    url = seeded_pg
    first = run("remind", "run", "--at", "2025-10-02 08:00", "--replay", "--json")
    assert first.exit_code == 0, first.output
    data = json.loads(first.stdout)
    assert data["inserted"] > 0 and data["delivery"]["sent"] == data["inserted"]
    assert "[Quá hạn] II.2.b.1" in first.stderr  # the console channel
    rows = pg_sql("SELECT key, status, channel FROM outboxmessage ORDER BY id")
    assert len(rows) == data["inserted"] and {r[1] for r in rows} == {"sent"} and {r[2] for r in rows} == {"console"}

    again = json.loads(ok(run("remind", "run", "--at", "2025-10-02 08:00", "--replay", "--json")).stdout)
    assert again["inserted"] == 0 and again["delivery"]["sent"] == 0
    assert pg_sql("SELECT key, status, channel FROM outboxmessage ORDER BY id") == rows

    # The same rows inserted again go through INSERT ... ON CONFLICT (key) DO NOTHING: only a new key lands.
    import sqlalchemy as sa

    from tracker.db import transaction
    from tracker.reminders import outbox

    with transaction(engine_of(url)) as s:
        stored = [dict(r._mapping) for r in s.execute(sa.select(outbox.T).order_by(outbox.T.c.id))]
    for r in stored:
        del r["id"]
    fresh = {**stored[0], "key": stored[0]["key"] + ":again", "status": "skipped"}
    with transaction(engine_of(url)) as s:
        inserted = outbox.insert_rows(s, [*stored, fresh])
    assert inserted == [fresh["key"]]
    assert pg_sql("SELECT count(*), count(DISTINCT key) FROM outboxmessage") == [(len(rows) + 1,) * 2]


def test_people_add_keeps_a_telegram_chat_id_above_two_to_the_31(seeded_pg, pg_sql):
    ok(run("people", "add", "--name", HEAD, "--unit", "VP", "--role", "head", "--telegram-chat-id", str(BIG_CHAT)))
    people = {p["name"]: p for p in run_json("people", "list")}
    assert people[HEAD]["telegram_chat_id"] == BIG_CHAT
    assert pg_sql("SELECT telegram_chat_id FROM person WHERE name = %s", HEAD) == [(BIG_CHAT,)]
    assert pg_sql("SELECT data_type FROM information_schema.columns "
                               "WHERE table_name = 'person' AND column_name = 'telegram_chat_id'") == [("bigint",)]
    ok(run("people", "edit", HEAD, "--telegram-chat-id", str(2**52 - 1)))  # the largest private chat id
    assert pg_sql("SELECT telegram_chat_id FROM person WHERE name = %s", HEAD) == [(2**52 - 1,)]
    # A supergroup's id is refused: the bot works only in private chats.
    assert run("people", "edit", HEAD, "--telegram-chat-id", str(-1_001_234_567_890)).exit_code == 1
    assert pg_sql("SELECT telegram_chat_id FROM person WHERE name = %s", HEAD) == [(2**52 - 1,)]



def test_an_outbox_table_from_before_the_claim_columns_is_upgraded_in_place_on_postgresql(seeded_pg, pg_sql):
    from tests.test_migrations import SINCE_BASELINE, TABLES_SINCE_BASELINE

    # What create_all made before migrations: no version table, an outbox without the claim columns.
    pg_sql("DROP TABLE alembic_version")
    pg_sql("ALTER TABLE outboxmessage DROP COLUMN claimed_by, DROP COLUMN claimed_at, DROP COLUMN deadline")
    for table in TABLES_SINCE_BASELINE:  # nor the tables later revisions made
        pg_sql(f"DROP TABLE {table}")
    for table, columns in SINCE_BASELINE.items():  # nor the columns later revisions added
        pg_sql(f"ALTER TABLE {table} " + ", ".join(f"DROP COLUMN {c}" for c in columns))
    res = run("remind", "run", "--at", "2025-10-02 08:00", "--replay")
    assert res.exit_code == 0, res.output
    assert "Gửi: " in res.stdout and "0 lỗi" in res.stdout
    types = dict(pg_sql("SELECT column_name, data_type FROM information_schema.columns WHERE table_name = "
                        "'outboxmessage' AND column_name IN ('claimed_by', 'claimed_at', 'deadline')"))
    assert types == {"claimed_by": "character varying", "claimed_at": "timestamp with time zone", "deadline": "date"}


def test_a_completion_racing_another_writer_is_refused_by_the_index_with_a_vietnamese_conflict(seeded_pg, pg_sql):
    """Another session inserts a completion and holds it uncommitted; ours reads none, then waits on the
    unique index, and once the other commits it is refused with the domain's message, not a crash."""
    import threading

    import psycopg

    from tracker.domain.tasks import complete_task
    from tracker.errors import Conflict

    other = psycopg.connect(seeded_pg.replace("postgresql+psycopg://", "postgresql://", 1))
    try:
        other.execute("INSERT INTO completion (task_id, commune_id, completed_at, recorded_at, actor, channel) "
                      "SELECT id, commune_id, now(), now(), 'người khác', 'telegram' FROM task "
                      "WHERE code = 'II.2.b.1'")
        outcome: list[BaseException | None] = []

        def ours() -> None:
            try:
                complete_task(engine_of(seeded_pg), commune=None, code="II.2.b.1", period=None, at=None,
                              actor="test", note=None, evidence=None, now=datetime.now(UTC))
                outcome.append(None)
            except BaseException as exc:
                outcome.append(exc)

        worker = threading.Thread(target=ours)
        worker.start()
        waiting = "SELECT count(*) FROM pg_locks WHERE NOT granted"
        for _ in range(2000):  # until our insert waits on the other transaction (bounded, not timed)
            if pg_sql(waiting)[0][0] or not worker.is_alive():
                break
            threading.Event().wait(0.01)
        assert pg_sql(waiting)[0][0] == 1, "our insert should be waiting on the other writer"
        other.commit()
        worker.join(30)
    finally:
        other.close()
    assert len(outcome) == 1 and isinstance(outcome[0], Conflict), outcome
    assert outcome[0].message == "Nhiệm vụ II.2.b.1 vừa được người khác đánh dấu hoàn thành."
    assert pg_sql("SELECT actor FROM completion") == [("người khác",)]
    assert pg_sql("SELECT count(*) FROM auditevent WHERE action = 'task.done'") == [(0,)]


def test_commands_on_an_empty_postgresql_database_say_to_run_init(pg_url):
    res = run("tasks", "list")
    assert res.exit_code == 1 and res.stderr.strip() == \
        "Lỗi: cơ sở dữ liệu chưa được khởi tạo. Chạy «tracker init» rồi «tracker seed»."
    ok(run("init"))
    res = run("tasks", "list")
    assert res.exit_code == 1 and "tracker seed" in res.stderr and "Traceback" not in res.output


def test_a_postgresql_server_that_does_not_answer_is_one_line_without_the_password(pg_server, monkeypatch, tmp_path):
    from tests.factories import free_port

    url = f"postgresql+psycopg://tracker:{pg_server.password}@127.0.0.1:{free_port()}/nowhere"
    monkeypatch.setenv("TRACKER_DB", url)
    monkeypatch.chdir(tmp_path)
    res = run("tasks", "list")
    assert res.exit_code == 78, res.output
    assert res.stderr.startswith("Lỗi: không mở được cơ sở dữ liệu") and len(res.stderr.strip().splitlines()) == 1
    assert pg_server.password not in res.output
    from tracker import db

    db._engines.pop(url).dispose()


def test_the_bulk_builder_leaves_postgresql_ready_for_the_applications_own_inserts(pg_url, pg_sql):
    from bench.build_db import build

    stats = build(pg_url, communes=2)
    assert stats.rows["commune"] == 2 and stats.rows["completion"] > 0
    # A completion of our own, on a dated task the builder left open (its results are drawn at random).
    listed = run_json("--commune", "cam-hiep-00001", "tasks", "list", "--as-of", "2025-10-03", "--all")
    code = next(r["code"] for r in listed if r["period"] is None and r["due_date"]
                and r["status"] in ("in_progress", "overdue"))
    ok(run("--commune", "cam-hiep-00001", "tasks", "done", code, "--at", "2025-10-03 09:00"))
    assert pg_sql("SELECT count(*) FROM completion") == [(stats.rows["completion"] + 1,)]
    ok(run("--commune", "cam-hiep-00001", "people", "add", "--name", "Trần Văn Bình", "--role", "staff"))
    ok(run("--commune", "cam-hiep-00002", "kpi", "record", "I.2", "--period", "2025-09", "--value", "70"))
    assert pg_sql("SELECT count(*) FROM person") == [(2 * 5 + 1,)]
    rows = by_ref(run_json("--commune", "cam-hiep-00002", "tasks", "list", "--as-of", "2025-10-20", "--all"))
    assert len(rows) == 56 - 8 + 32  # as tests/test_core_build_db.py: 8 monthly tasks of 4 periods each


# ---------------------------------------------------------------- two daemons on one PostgreSQL database



def _daemon(env: dict[str, str], tmp_path: Path, name: str) -> subprocess.Popen[bytes]:
    log = tmp_path / f"{name}.log"
    return subprocess.Popen([sys.executable, "-c", "from cli import main; main()", "run"], cwd=tmp_path, env=env,
                            stdout=subprocess.DEVNULL, stderr=log.open("wb"))


@pytest.mark.timeout(120)
def test_two_daemons_on_one_postgresql_database_deliver_each_notification_exactly_once(
        seeded_pg, pg_sql, tmp_path, smtp_server: SmtpServer):
    from tests.factories import VP_HEAD, add_person, set_email

    engine = engine_of(seeded_pg)
    add_person(engine, VP_HEAD, unit="VP", email_addr="hoa@camhiep.example.invalid")
    add_person(engine, "Lê Văn Tâm", unit="TTPVHCC", email_addr="tam@camhiep.example.invalid")
    set_email(engine, CHAIRMAN, "chutich@camhiep.example.invalid")
    conf = tmp_path / "tracker.toml"
    conf.write_text("[reminders]\nsweep_interval_seconds = 1\n", encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if not k.startswith("TRACKER_")}
    env.update(TRACKER_DB=seeded_pg, TRACKER_CONFIG=str(conf), TRACKER_SMTP_URL=smtp_server.url,
               TRACKER_MAIL_FROM="tracker@camhiep.example.invalid", TRACKER_FAKE_NOW="2025-10-02 08:00",
               PYTHONUNBUFFERED="1")

    def statuses() -> dict[str, str]:
        return dict(pg_sql("SELECT key, status FROM outboxmessage"))

    def settled() -> bool:
        st = statuses()
        sent = [k for k, s in st.items() if s == "sent"]
        return bool(st) and not any(s in ("pending", "sending") for s in st.values()) and \
            len(smtp_server.received) == len(sent)

    a, b = _daemon(env, tmp_path, "a"), _daemon(env, tmp_path, "b")

    def started() -> bool:  # SIGTERM stops a daemon cleanly only once it has started (else exit -15)
        return all("Đã khởi động" in (tmp_path / f"{n}.log").read_text(errors="replace") for n in ("a", "b"))

    try:
        for _ in range(6000):  # bounded wait for both daemons to start (not a timed assertion)
            if started() or a.poll() is not None or b.poll() is not None:
                break
            time.sleep(0.01)
        for _ in range(6000):  # bounded wait for both daemons to drain the outbox (not a timed assertion)
            if settled() or a.poll() is not None or b.poll() is not None:
                break
            time.sleep(0.01)
        assert settled(), ((tmp_path / "a.log").read_text(errors="replace")[-2000:],
                           (tmp_path / "b.log").read_text(errors="replace")[-2000:])
    finally:
        for proc in (a, b):
            if proc.poll() is None:
                proc.send_signal(signal.SIGTERM)
        codes = [a.wait(timeout=60), b.wait(timeout=60)]
    assert codes == [0, 0]
    received = Counter(smtp_server.keys)
    assert received and set(received.values()) == {1}
    assert set(received) == {k for k, s in statuses().items() if s == "sent"}
