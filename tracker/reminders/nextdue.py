"""Next-due instants: the every-minute sweep reads only the items that may produce a notification now.

One row per open item (task "t<id>" or occurrence "o<id>", tracker.models.NextDue): the first instant after the
last sweep that computed it at which the policy (tracker/reminders/policy.py) may emit something new for it. The
policy's rules are per working day, from the start of working hours: a before-deadline slot fires on its working
day (7, 3, 1 working days before and on the day), an overdue item every working day (overdue reminder, escalation
and its weekly repeat), nothing outside working hours. So an item's next instant is the start of working hours of
its next slot day, or of the next working day once it is overdue; an item that cannot produce anything (done,
cancelled, closed plan, no deadline) has no row.

Who moves an instant:
- the sweep itself (advance): after computing the items due now, each row gets its next instant, written only if
  its version is still the one read (a change committed meanwhile wins);
- every change that moves it, in the change's own transaction: the after_flush hook (tracker.models) sees a
  completion, extension, acknowledgement, task, occurrence, person, plan or working-day override added, changed or
  deleted and marks the rows concerned due at once (EPOCH, version + 1): an item, a task's items, a plan's items,
  a commune's items (people: heads and the Chairman are the recipients; the commune's own working-day
  override), every item (a national override). A Core UPDATE
  that bypasses the ORM calls moved() itself (an extension decision). Marking instead of computing keeps the one
  computation in the sweep, which knows the [reminders] configuration; the next sweep (within a minute) computes
  the real instant;
- a change that takes effect later than the sweep that reads it (a completion, revocation, extension or
  cancellation stamped after the sweep's instant: replays, backdated entries) caps the item's instant at that
  moment, so the sweep then computes it again.

Recomputing everything (rebuild) happens when the state row says the instants cannot be trusted: no state yet (a
database just upgraded to revision 0004), another reminder configuration, or a sweep at an instant earlier than
the last one (a replay). That sweep is a full one, as before this table existed.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa

from tracker.reminders.policy import at_work, in_working_hours
from tracker.timeutil import VN, vn_date

if TYPE_CHECKING:
    from sqlmodel import Session

    from tracker.reminders.config import ReminderConfig
    from tracker.status import Item
    from tracker.workdays import CommuneCalendars, WorkCalendar

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
CHUNK = 500
# SQLite keeps a datetime's wall clock without its offset: a stamp read back naive may have been written in UTC or
# in Vietnam time, so the earliest of the two is taken (earlier only costs one more computation).
_NAIVE_SLACK = timedelta(hours=7)


def _tables() -> tuple[sa.Table, sa.Table]:
    from tracker.models import NextDue, NextDueState

    return NextDue.__table__, NextDueState.__table__  # type: ignore[attr-defined]  # SQLModel's typing


def item_key(task_id: int | None, occurrence_id: int | None) -> str:
    return f"o{occurrence_id}" if occurrence_id is not None else f"t{task_id}"


def _utc(dt: datetime) -> datetime:
    """An instant to bind (SQLite stores the wall clock only: always UTC here) or one this module stored."""
    return dt.astimezone(UTC) if dt.tzinfo else dt.replace(tzinfo=UTC)


def _earliest(dt: datetime) -> datetime:
    return dt.astimezone(UTC) if dt.tzinfo else dt.replace(tzinfo=UTC) - _NAIVE_SLACK


def _chunks(seq: list[Any]) -> Iterator[list[Any]]:
    for i in range(0, len(seq), CHUNK):
        yield seq[i:i + CHUNK]


def _insert_for(conn: Any) -> Any:
    if conn.dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as pg_insert

        return pg_insert
    from sqlalchemy.dialects.sqlite import insert as sqlite_insert

    return sqlite_insert


# ---------------------------------------------------------------- marking (the changes' side)


def after_flush(session: Any) -> None:
    """Mark due now, in the flushing transaction, the items whose next notification the flushed rows may move."""
    from tracker.models import (
        Completion,
        EscalationAck,
        Extension,
        Occurrence,
        Person,
        Plan,
        Task,
        WorkdayOverride,
    )

    items: set[tuple[int, int | None]] = set()
    tasks: set[int] = set()
    plans: set[int] = set()
    communes: set[int] = set()
    everything = False
    for obj in (*session.new, *session.dirty, *session.deleted):
        if isinstance(obj, Completion | Extension | EscalationAck):
            if obj.task_id is not None:
                items.add((obj.task_id, obj.occurrence_id))
        elif isinstance(obj, Occurrence):
            if obj.id is not None and obj not in session.deleted:
                items.add((obj.task_id, obj.id))
        elif isinstance(obj, Task):
            if obj.id is not None and obj not in session.deleted:
                tasks.add(obj.id)
        elif isinstance(obj, Plan):
            if obj.id is not None and obj not in session.deleted:
                plans.add(obj.id)
        elif isinstance(obj, Person):
            if obj.commune_id is not None:
                communes.add(obj.commune_id)
        elif isinstance(obj, WorkdayOverride):  # a commune's own moves that commune's items, a national one all
            if obj.commune_id is not None:
                communes.add(obj.commune_id)
            else:
                everything = True
    if items or tasks or plans or communes or everything:
        moved(session.connection(), items=items, tasks=tasks, plans=plans, communes=communes, everything=everything)


def moved(conn: Any, *, items: Iterable[tuple[int, int | None]] = (), tasks: Iterable[int] = (),
          plans: Iterable[int] = (), communes: Iterable[int] = (), everything: bool = False) -> None:
    """Mark due at once (EPOCH, version + 1) the rows of these items, tasks (and their periods), plans' items,
    communes' items, or every row; an item without a row gets one. `conn` is the change's connection (or Session)."""
    T, _ = _tables()
    bump = {"due_at": EPOCH, "version": T.c.version + 1}
    if everything:
        conn.execute(sa.update(T).values(**bump))
        return
    communes = sorted(set(communes))
    for ids in _chunks(communes):
        conn.execute(sa.update(T).where(T.c.commune_id.in_(ids)).values(**bump))
    from tracker.models import Occurrence, Task

    Oc, Tk = Occurrence.__table__, Task.__table__  # type: ignore[attr-defined]  # SQLModel's typing
    # Every item of these tasks (a plan's, a task's: its periods too), then the named items.
    task_ids = set(tasks)
    for ids in _chunks(sorted(set(plans))):
        task_ids.update(conn.execute(sa.select(Tk.c.id).where(Tk.c.plan_id.in_(ids))).scalars())
    wanted: set[tuple[int, int | None]] = set(items)
    for ids in _chunks(sorted(task_ids)):
        for task_id, occ_id in conn.execute(sa.select(Oc.c.task_id, Oc.c.id).where(Oc.c.task_id.in_(ids))):
            wanted.add((task_id, occ_id))
        wanted.update((t, None) for t in ids)
    if not wanted:
        return
    communes_of: dict[int, int] = {}
    for ids in _chunks(sorted({t for t, _ in wanted})):
        communes_of.update({t: c for t, c in conn.execute(sa.select(Tk.c.id, Tk.c.commune_id).where(Tk.c.id.in_(ids)))})
    rows = [{"item": item_key(t, o), "task_id": t, "occurrence_id": o, "commune_id": communes_of[t],
             "due_at": EPOCH, "version": 0} for t, o in sorted(wanted, key=lambda w: (w[0], w[1] or 0))
            if t in communes_of]
    insert = _insert_for(conn.get_bind() if hasattr(conn, "get_bind") else conn)
    for chunk in _chunks(rows):
        stmt = insert(T).values(chunk)
        conn.execute(stmt.on_conflict_do_update(index_elements=["item"], set_=bump))


# ---------------------------------------------------------------- reading (the sweep's side)


@dataclass(frozen=True)
class DueRow:
    task_id: int
    occurrence_id: int | None
    version: int


# The [reminders] keys the policy reads: another value may move any instant. Delivery keys (batch size, lease,
# retries, console style) do not, so a `remind run` with another batch size does not recompute every row.
POLICY_KEYS = frozenset({"before_working_days", "overdue_daily", "escalate_after_working_days",
                         "escalation_repeat_days", "escalate_to", "digest_weekday", "digest_time",
                         "digest_horizon_days", "work_start", "work_end", "catchup_max_late_working_days",
                         "stale_lookback_days"})


def fingerprint(cfg: ReminderConfig) -> str:
    return cfg.model_dump_json(include=set(POLICY_KEYS))


def usable(s: Session, now: datetime, cfg: ReminderConfig) -> bool:
    """Whether the rows can be trusted at `now`: computed with this configuration, by sweeps not later than `now`."""
    _, S = _tables()
    row = s.execute(sa.select(S.c.config, S.c.swept_at).where(S.c.id == 1)).first()
    return row is not None and row[0] == fingerprint(cfg) and _utc(row[1]) <= _utc(now)


def due_rows(s: Session, now: datetime) -> dict[str, DueRow]:
    """The rows due at `now`: one range query on ix_nextdue_due_at."""
    T, _ = _tables()
    q = sa.select(T.c.item, T.c.task_id, T.c.occurrence_id, T.c.version).where(T.c.due_at <= _utc(now))
    return {item: DueRow(task_id, occ_id, version) for item, task_id, occ_id, version in s.execute(q)}


def versions(s: Session) -> dict[str, int]:
    T, _ = _tables()
    return {item: version for item, version in s.execute(sa.select(T.c.item, T.c.version))}


class Schedule:
    """The next instant of items at one `now`, memoised per deadline (a province shares a handful of deadlines)."""

    def __init__(self, now: datetime, cfg: ReminderConfig, calendar: WorkCalendar) -> None:
        self.now, self.cfg, self.calendar = _utc(now), cfg, calendar
        self.today = vn_date(now)
        self._starts: dict[date, datetime] = {}
        self._next: dict[date, datetime] = {}
        self.wake = self._after(self.today)  # the next start of working hours
        self.out_of_hours = not in_working_hours(now, cfg, calendar)

    def _start(self, d: date) -> datetime:
        """The start of working hours of the first working day on or after `d`."""
        if d not in self._starts:
            day = d
            for _ in range(366):
                if self.calendar.is_working_day(day):
                    break
                day += timedelta(days=1)
            self._starts[d] = at_work(day, self.cfg.work_start)
        return self._starts[d]

    def _after(self, d: date) -> datetime:
        """The first start of working hours after `now`, on `d` or later."""
        while True:
            inst = self._start(d)
            if inst > self.now:
                return inst
            d = inst.astimezone(VN).date() + timedelta(days=1)

    def deadline(self, deadline: date) -> datetime:
        """The next instant an item with this deadline in force may produce a notification: its next
        before-deadline slot day (or the deadline day), then every working day once it is overdue."""
        if deadline not in self._next:
            cal = self.calendar
            days = sorted({cal.add_working_days(deadline, -n) for n in self.cfg.before_working_days} | {deadline})
            found = next((inst for d in days if d >= self.today and (inst := self._start(d)) > self.now), None)
            self._next[deadline] = found or self._after(max(self.today, deadline + timedelta(days=1)))
        return self._next[deadline]

    def item(self, it: Item) -> datetime | None:
        if it.deadline is None or it.status not in ("in_progress", "overdue"):
            return None
        at = self.deadline(it.deadline)
        # Computed outside working hours, the policy said nothing: a slot of today missed (the process was down
        # in the day) is recorded at the next start of working hours, as a full sweep then would.
        return min(at, self.wake) if self.out_of_hours else at

    def window(self, start: date) -> datetime | None:
        """A period whose window opens after today is loaded from its first day."""
        return datetime.combine(start, time(0), VN).astimezone(UTC) if start > self.today else None


class Schedules:
    """One Schedule per commune calendar (each commune may have working-day overrides of its own)."""

    def __init__(self, now: datetime, cfg: ReminderConfig, calendar: WorkCalendar | CommuneCalendars) -> None:
        self.now, self.cfg, self.calendar = now, cfg, calendar
        self._by_calendar: dict[int, Schedule] = {}
        self.today = vn_date(now)

    def of(self, commune_id: int) -> Schedule:
        from tracker.workdays import calendar_of

        cal = calendar_of(self.calendar, commune_id)
        found = self._by_calendar.get(id(cal))
        if found is None:
            found = self._by_calendar[id(cal)] = Schedule(self.now, self.cfg, cal)
        return found

    def item(self, it: Item) -> datetime | None:
        return self.of(it.task.commune_id).item(it)

    def window(self, start: date) -> datetime | None:
        """A period whose window opens after today is loaded from its first day."""
        return datetime.combine(start, time(0), VN).astimezone(UTC) if start > self.today else None


def _future(s: Session, now: datetime, task_ids: list[int] | None
            ) -> tuple[dict[tuple[int, int | None], datetime], dict[int, datetime]]:
    """Changes recorded to take effect after `now` (stamped later than this sweep's instant): per item (completion,
    revocation, extension) and per task (cancellation, plan closed), the earliest, as UTC instants."""
    from tracker.models import Completion, Extension, Plan, Task

    per_item: dict[tuple[int, int | None], datetime] = {}
    per_task: dict[int, datetime] = {}

    def keep(d: dict[Any, datetime], key: Any, *stamps: datetime | None) -> None:
        for stamp in stamps:
            if stamp is None or _utc(stamp) <= _utc(now):  # naive read as UTC: its latest reading
                continue
            at = max(_earliest(stamp), _utc(now) + timedelta(seconds=1))
            if key not in d or at < d[key]:
                d[key] = at

    def later(c: Any) -> Any:
        return c > now

    C, E, Tk, P = Completion.__table__, Extension.__table__, Task.__table__, Plan.__table__  # type: ignore[attr-defined]
    batches: list[list[int] | None] = list(_chunks(task_ids)) if task_ids is not None else [None]
    for ids in batches:
        def within(col: Any, ids: list[int] | None = ids) -> Any:
            return sa.true() if ids is None else col.in_(ids)

        for t, o, done, revoked in s.execute(sa.select(C.c.task_id, C.c.occurrence_id, C.c.completed_at,
                                                       C.c.revoked_at).where(
                within(C.c.task_id), sa.or_(later(C.c.completed_at), later(C.c.revoked_at)))):
            keep(per_item, (t, o), done, revoked)
        for t, o, asked, decided in s.execute(sa.select(E.c.task_id, E.c.occurrence_id, E.c.requested_at,
                                                        E.c.decided_at).where(
                within(E.c.task_id), E.c.status == "approved",
                sa.or_(later(E.c.decided_at), later(E.c.requested_at)))):
            keep(per_item, (t, o), asked, decided)
        for t, cancelled, closed in s.execute(sa.select(Tk.c.id, Tk.c.cancelled_at, P.c.closed_at)
                                              .join(P, P.c.id == Tk.c.plan_id).where(
                within(Tk.c.id), sa.or_(later(Tk.c.cancelled_at), later(P.c.closed_at)))):
            keep(per_task, t, cancelled, closed)
    return per_item, per_task


def _first(*instants: datetime | None) -> datetime | None:
    found = [i for i in instants if i is not None]
    return min(found) if found else None


def advance(s: Session, due: Mapping[str, DueRow], items: Iterable[Item], now: datetime, cfg: ReminderConfig,
            calendar: WorkCalendar | CommuneCalendars) -> int:
    """Write the next instant of the rows the sweep at `now` read as due (`due`), from the items it loaded for them
    (an item not loaded is done, cancelled, closed or not begun); only where the version is still the one read.
    Returns the number of rows written."""
    from tracker.models import Occurrence

    if not due:
        return 0
    T, _ = _tables()
    sched = Schedules(now, cfg, calendar)
    loaded = {item_key(it.task.id, it.occurrence.id if it.occurrence else None): it for it in items}
    per_item, per_task = _future(s, now, sorted({d.task_id for d in due.values()}))
    unloaded = sorted(d.occurrence_id for k, d in due.items() if k not in loaded and d.occurrence_id is not None)
    Oc = Occurrence.__table__  # type: ignore[attr-defined]  # SQLModel's typing does not declare __table__
    windows: dict[int, date] = {}
    for ids in _chunks(unloaded):
        windows.update({o: w for o, w in s.execute(sa.select(Oc.c.id, Oc.c.window_start).where(Oc.c.id.in_(ids)))})
    updates: list[dict[str, Any]] = []
    deletes: list[dict[str, Any]] = []
    for key, d in due.items():
        it = loaded.get(key)
        start = windows.get(d.occurrence_id) if d.occurrence_id is not None else None
        at = _first(sched.item(it) if it is not None else None, sched.window(start) if start else None,
                    per_item.get((d.task_id, d.occurrence_id)), per_task.get(d.task_id))
        if at is None:
            deletes.append({"k": key, "v": d.version})
        else:
            updates.append({"k": key, "v": d.version, "at": at})
    cond = sa.and_(T.c.item == sa.bindparam("k"), T.c.version == sa.bindparam("v"))
    conn = s.connection()
    if updates:
        conn.execute(sa.update(T).where(cond).values(due_at=sa.bindparam("at")), updates)
    if deletes:
        conn.execute(sa.delete(T).where(cond), deletes)
    _stamp(s, now, cfg)
    return len(updates) + len(deletes)


def _stamp(s: Session, now: datetime, cfg: ReminderConfig) -> None:
    _, S = _tables()
    insert = _insert_for(s.get_bind())
    values = {"id": 1, "config": fingerprint(cfg), "swept_at": _utc(now)}
    s.execute(insert(S).values(values).on_conflict_do_update(index_elements=["id"], set_=values))


def rebuild(s: Session, items: Iterable[Item], later_periods: Iterable[tuple[int, int, int, date]], now: datetime,
            cfg: ReminderConfig, calendar: WorkCalendar | CommuneCalendars, read_versions: Mapping[str, int]) -> int:
    """Replace every row by those computed at `now` from every open item (`items`, periods not begun as
    (occurrence id, task id, commune id, window start)); a row changed since `read_versions` were read stays due
    at once. Returns the number of rows."""
    from tracker.models import Task

    T, _ = _tables()
    sched = Schedules(now, cfg, calendar)
    per_item, per_task = _future(s, now, None)
    rows: dict[str, dict[str, Any]] = {}

    def put(task_id: int, occ_id: int | None, commune_id: int, at: datetime | None) -> None:
        at = _first(at, per_item.get((task_id, occ_id)), per_task.get(task_id))
        if at is not None:
            rows[item_key(task_id, occ_id)] = {"item": item_key(task_id, occ_id), "task_id": task_id,
                                               "occurrence_id": occ_id, "commune_id": commune_id,
                                               "due_at": at, "version": 0}

    for it in items:
        put(it.task.id or 0, it.occurrence.id if it.occurrence else None, it.task.commune_id, sched.item(it))
    for occ_id, task_id, commune_id, start in later_periods:
        put(task_id, occ_id, commune_id, sched.window(start))
    # Done now but reopened later (a revocation stamped after `now`): a row at that moment.
    extra = sorted({t for t, o in per_item if item_key(t, o) not in rows})
    for ids in _chunks(extra):
        Tk = Task.__table__  # type: ignore[attr-defined]  # SQLModel's typing does not declare __table__
        communes = {t: c for t, c in s.execute(sa.select(Tk.c.id, Tk.c.commune_id).where(Tk.c.id.in_(ids)))}
        for (t, o), at in per_item.items():
            if t in communes and item_key(t, o) not in rows:
                put(t, o, communes[t], at)
    current = versions(s)
    for key, version in current.items():
        if read_versions.get(key) != version and key in rows:  # marked by a change since this sweep read
            rows[key].update(due_at=EPOCH, version=version)
    s.execute(sa.delete(T))
    values = [{**r, "due_at": _utc(r["due_at"])} for r in rows.values()]
    for chunk in _chunks(values):
        s.execute(sa.insert(T).values(chunk))
    _stamp(s, now, cfg)
    return len(rows)
