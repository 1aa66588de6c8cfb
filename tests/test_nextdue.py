"""Next-due rows (tracker/reminders/nextdue.py): the sweep that reads only the rows due now stores exactly what a
sweep loading every open item stores, through completions, extensions, people, working days, acknowledgements and
downtime; and each change marks its rows due in its own transaction."""

from __future__ import annotations

import shutil
import sqlite3
from collections.abc import Callable
from datetime import date, datetime
from typing import Any

import pytest

from tests.factories import CHAIRMAN, VP_HEAD, add_person, cfg, sweep_at, vn

EPOCH_TEXT = "1970-01-01 00:00:00.000000"


def _rows(engine: Any, sql: str) -> list[tuple[Any, ...]]:
    con = sqlite3.connect(engine.url.database)
    try:
        return list(con.execute(sql))
    finally:
        con.close()


def _complete(engine: Any, now: datetime) -> None:
    from tracker.domain.tasks import complete_task

    complete_task(engine, commune=None, code="II.2.b.1", period=None, at=None, actor=VP_HEAD, note=None,
                  evidence=None, now=now)


def _reopen(engine: Any, now: datetime) -> None:
    from tracker.domain.tasks import reopen_task

    reopen_task(engine, commune=None, code="II.2.b.1", period=None, reason="Chưa đạt", actor=CHAIRMAN, now=now)


def _extend(engine: Any, now: datetime) -> None:
    from tracker.domain.tasks import extend_task

    extend_task(engine, commune=None, code="II.2.b.2", period=None, new_due=date(2025, 10, 24),
                reason="Chờ phần mềm", approved_by=CHAIRMAN, actor=CHAIRMAN, now=now)


def _head_of_vhxh(engine: Any, now: datetime) -> None:
    add_person(engine, "Trần Thị Văn Hóa", unit="VHXH")


def _day_off(engine: Any, now: datetime) -> None:
    from tracker.domain.workdays import set_workday_override

    set_workday_override(engine, day=date(2025, 10, 8), working=False, note="Nghỉ bù (thử)", actor="test", now=now)


def _ack(engine: Any, now: datetime) -> None:
    from sqlmodel import select

    from tracker.db import transaction
    from tracker.models import EscalationAck, Person, Task

    with transaction(engine) as s:
        task = s.exec(select(Task).where(Task.code == "II.2.b.2")).one()
        boss = s.exec(select(Person).where(Person.name == CHAIRMAN)).one()
        s.add(EscalationAck(task_id=task.id, person_id=boss.id, deadline=date(2025, 10, 24), acked_at=now))


Step = datetime | tuple[datetime, Callable[[Any, datetime], None]]
SCENARIO: list[Step] = [
    vn(2025, 9, 15, 7, 30), vn(2025, 9, 16, 7, 30), vn(2025, 9, 16, 12), vn(2025, 9, 17, 7, 30),
    (vn(2025, 9, 17, 10), _head_of_vhxh), vn(2025, 9, 17, 10, 1), vn(2025, 9, 18, 20), vn(2025, 9, 19, 7, 30),
    # down from Saturday 20/09 to Wednesday 24/09 16:00
    vn(2025, 9, 24, 16), vn(2025, 9, 25, 7, 30), (vn(2025, 9, 25, 9), _complete), vn(2025, 9, 25, 9, 1),
    vn(2025, 9, 26, 7, 30), vn(2025, 9, 29, 7, 30), (vn(2025, 9, 29, 10), _reopen), vn(2025, 9, 29, 10, 1),
    vn(2025, 9, 30, 7, 30), vn(2025, 10, 1, 7, 30), (vn(2025, 10, 1, 11), _extend), vn(2025, 10, 1, 11, 1),
    vn(2025, 10, 2, 7, 30), (vn(2025, 10, 2, 8), _day_off), vn(2025, 10, 2, 8, 1), vn(2025, 10, 3, 7, 30),
    vn(2025, 10, 6, 7, 30), vn(2025, 10, 7, 7, 30), vn(2025, 10, 8, 7, 30), vn(2025, 10, 9, 7, 30),
    vn(2025, 10, 13, 7, 30), vn(2025, 10, 14, 7, 30),
    # down on Wednesday 15/10 until 20:00 (the periods' 1-day slot, 15/10, missed: recorded as skipped the next
    # morning), then from Thursday 16/10 to Tuesday 21/10
    vn(2025, 10, 15, 20), vn(2025, 10, 16, 7, 30),
    vn(2025, 10, 21, 9), vn(2025, 10, 22, 7, 30), vn(2025, 10, 24, 7, 30), vn(2025, 10, 27, 7, 30),
    (vn(2025, 10, 28, 9), _ack), vn(2025, 10, 28, 9, 1), vn(2025, 10, 29, 7, 30), vn(2025, 11, 3, 7, 30),
    vn(2025, 11, 4, 7, 30), vn(2025, 11, 5, 17, 30), vn(2025, 11, 6, 7, 30),
]


@pytest.fixture
def twin(with_head, tmp_path):
    """A second copy of the same database, swept without next-due rows (each sweep loads every open item)."""
    from tracker.db import get_engine

    with_head.dispose()
    path = tmp_path / "full.db"
    shutil.copyfile(with_head.url.database, path)
    other = get_engine(f"sqlite:///{path}")
    yield other
    other.dispose()


def _full_sweep(engine: Any, at: datetime, memo: Any) -> Any:
    from tracker.reminders.config import Delivery
    from tracker.reminders.sweep import prepare

    with sqlite3.connect(engine.url.database) as con:  # no state row: this sweep loads every open item
        con.execute("DELETE FROM nextduestate")
    return prepare(engine, at, cfg(console_style="compact"), Delivery(), memo=memo)


def test_sweeps_on_next_due_rows_store_what_sweeps_of_every_open_item_store(with_head, twin):
    from tracker.reminders.config import Delivery
    from tracker.reminders.sweep import SweepMemo, prepare

    memo, full_memo = SweepMemo(), SweepMemo()  # the daemon's: the week's digests once
    loaded: list[int] = []
    for step in SCENARIO:
        if isinstance(step, tuple):
            at, action = step
            action(with_head, at)
            action(twin, at)
            continue
        fast = prepare(with_head, step, cfg(console_style="compact"), Delivery(), memo=memo)
        full = _full_sweep(twin, step, full_memo)
        loaded.append(fast.items_loaded)
        assert sorted(fast.inserted) == sorted(full.inserted), step
        assert sorted(fast.stale) == sorted(full.stale), step
        assert sorted(fast.expired_digests) == sorted(full.expired_digests), step
    assert 0 in loaded and min(loaded[1:]) < max(loaded)  # most sweeps loaded only a few items, or none
    kinds = {key.split(":")[1] for (key,) in _rows(with_head, "SELECT key FROM outboxmessage")}
    assert {"before_7", "on_day", "overdue_daily", "escalation_weekly", "digest_weekly"} <= kinds


def test_a_minute_with_nothing_due_loads_no_item(with_head):
    from tracker.reminders.config import Delivery
    from tracker.reminders.sweep import SweepMemo, prepare

    memo = SweepMemo()
    first = prepare(with_head, vn(2025, 10, 6, 7, 30), cfg(), Delivery(), memo=memo)
    assert first.inserted and first.items_loaded
    for minute in range(31, 40):
        later = prepare(with_head, vn(2025, 10, 6, 7, minute), cfg(), Delivery(), memo=memo)
        assert later.inserted == [] and later.items_loaded == 0


@pytest.mark.parametrize("change", [_complete, _extend, _head_of_vhxh, _day_off],
                         ids=["completion", "extension", "person", "working-day"])
def test_a_change_marks_its_rows_due_at_once_in_its_own_transaction(with_head, change):
    sweep_at(with_head, vn(2025, 9, 22, 7, 30), cfg(console_style="compact"))
    assert _rows(with_head, f"SELECT count(*) FROM nextdue WHERE due_at = '{EPOCH_TEXT}'") == [(0,)]
    before = dict(_rows(with_head, "SELECT item, version FROM nextdue"))
    change(with_head, vn(2025, 9, 22, 10))
    marked = dict(_rows(with_head, f"SELECT item, version FROM nextdue WHERE due_at = '{EPOCH_TEXT}'"))
    assert marked and all(v == before.get(k, -1) + 1 for k, v in marked.items())


def test_an_extension_decided_on_the_bot_marks_its_item(with_head):
    """The decision is a Core UPDATE (one leader wins): the flush hook does not see it, decide_extension marks it."""
    from sqlmodel import select

    from tracker.db import reading
    from tracker.domain.extensions import decide_extension, request_extension
    from tracker.domain.permissions import Permissions
    from tracker.models import Person, Task

    sweep_at(with_head, vn(2025, 9, 22, 7, 30), cfg(console_style="compact"))
    with reading(with_head) as s:
        head = s.exec(select(Person).where(Person.name == VP_HEAD)).one()
        boss = s.exec(select(Person).where(Person.name == CHAIRMAN)).one()
        task = s.exec(select(Task).where(Task.code == "II.2.b.1")).one()
    out = request_extension(with_head, person_id=head.id, code="II.2.b.1", period=None, new_due=date(2025, 10, 20),
                            reason="Chờ số liệu", perms=Permissions(), now=vn(2025, 9, 22, 9))
    sweep_at(with_head, vn(2025, 9, 22, 9, 1), cfg(console_style="compact"))
    version = _rows(with_head, f"SELECT version FROM nextdue WHERE item = 't{task.id}'")[0][0]
    decide_extension(with_head, extension_id=out.extension.id, approve=True, person_id=boss.id, perms=Permissions(),
                     now=vn(2025, 9, 22, 10))
    assert _rows(with_head, f"SELECT due_at, version FROM nextdue WHERE item = 't{task.id}'") == [
        (EPOCH_TEXT, version + 1)]


@pytest.mark.parametrize("quiet", [False, True], ids=["first-sweep-of-the-week", "commune-digests-already-stored"])
def test_the_sweep_stores_the_province_digest_with_the_weeks_digests_once(seeded, quiet):
    """The week's province digest goes with the communes' digests (tracker.reminders.province), from the sweep,
    also when the communes' digests were stored before the official existed; once a week however often it runs."""
    from tests.test_province_role import add_official
    from tracker.reminders.config import Delivery
    from tracker.reminders.sweep import SweepMemo, prepare

    memo = SweepMemo()
    if quiet:  # the commune's digests already stored at 07:30, before the official was added
        prepare(seeded, vn(2025, 10, 6, 7, 30), cfg(), Delivery())
    official = add_official(seeded, email=None, chat=None)
    first = prepare(seeded, vn(2025, 10, 6, 7, 31), cfg(), Delivery(), memo=memo)
    assert f"province:province_weekly:{official.id}:console:2025-10-06" in first.inserted
    again = prepare(seeded, vn(2025, 10, 6, 7, 32), cfg(), Delivery())
    assert not [k for k in again.inserted if k.startswith("province:")]


def test_every_reminders_key_is_either_a_policy_key_or_a_delivery_key():
    """A new [reminders] key the policy reads must recompute the rows when it changes: it belongs in POLICY_KEYS."""
    from tracker.reminders.config import ReminderConfig
    from tracker.reminders.nextdue import POLICY_KEYS

    assert set(ReminderConfig.model_fields) - POLICY_KEYS == {
        "sweep_interval_seconds", "max_attempts", "backoff_base_seconds", "backoff_max_seconds", "lease_seconds",
        "batch_size", "console_style"}


def test_another_policy_configuration_recomputes_every_row_and_another_batch_size_does_not(with_head):
    from tracker.reminders.config import Delivery
    from tracker.reminders.sweep import SweepMemo, prepare

    memo = SweepMemo()
    prepare(with_head, vn(2025, 10, 6, 7, 30), cfg(), Delivery(), memo=memo)
    quiet = prepare(with_head, vn(2025, 10, 6, 8), cfg(batch_size=50, console_style="compact"), Delivery(), memo=memo)
    assert quiet.items_loaded == 0
    other = prepare(with_head, vn(2025, 10, 6, 8, 1), cfg(before_working_days=[10, 3, 1, 0]), Delivery(), memo=memo)
    assert other.items_loaded > 0  # every item within the horizon, then every row computed for 10 days ahead
    assert prepare(with_head, vn(2025, 10, 6, 8, 2), cfg(before_working_days=[10, 3, 1, 0]), Delivery(),
                   memo=memo).items_loaded == 0


def test_on_postgresql_a_completion_marks_its_row_and_the_next_sweeps_read_only_the_rows_due(pg_url, pg_sql):
    """The hook's upsert, the range query and the conditional writes on PostgreSQL (timestamptz, ON CONFLICT)."""
    from tests.test_postgres import engine_of, ok, run
    from tracker.reminders.config import Delivery
    from tracker.reminders.sweep import SweepMemo, prepare

    for args in (("init",), ("seed",), ("plan", "set-issued", "cai-cach-tthc-2025", "--date", "2025-08-01"),
                 ("people", "add", "--name", VP_HEAD, "--unit", "VP", "--role", "head")):
        ok(run(*args))
    engine, memo = engine_of(pg_url), SweepMemo()
    first = prepare(engine, vn(2025, 10, 6, 7, 30), cfg(), Delivery(), memo=memo)
    assert first.inserted
    assert pg_sql("SELECT count(*) FROM nextdue WHERE due_at <= '2025-10-06 00:30:00+00'") == [(0,)]
    assert prepare(engine, vn(2025, 10, 6, 8), cfg(), Delivery(), memo=memo).items_loaded == 0
    task = pg_sql("SELECT id FROM task WHERE code = 'II.2.b.1'")[0][0]
    version = pg_sql(f"SELECT version FROM nextdue WHERE item = 't{task}'")[0][0]
    ok(run("tasks", "done", "II.2.b.1", "--at", "2025-10-06 08:30"))
    assert pg_sql(f"SELECT extract(year FROM due_at), version FROM nextdue WHERE item = 't{task}'") == [
        (1970, version + 1)]
    after = prepare(engine, vn(2025, 10, 6, 9), cfg(), Delivery(), memo=memo)
    assert after.items_loaded == 0 and after.inserted == []  # loaded as due, done: nothing to load, row dropped
    assert pg_sql(f"SELECT count(*) FROM nextdue WHERE item = 't{task}'") == [(0,)]
    morning = prepare(engine, vn(2025, 10, 7, 7, 30), cfg(), Delivery(), memo=memo)
    assert morning.inserted and not [k for k in morning.inserted if k.startswith(f"t{task}:")]
