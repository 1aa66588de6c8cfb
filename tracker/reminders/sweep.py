"""The sweep: load what can be due, ask the policy, store new outbox rows, deliver.

Idempotent: run it every minute, twice at the same instant, or from two
processes; the outbox key makes each notification exist once.

Cost follows what changes, not what is open: every sweep reads the next-due rows due now (one range query on
an index, tracker/reminders/nextdue.py), loads only those items, runs the policy for them, stores the new outbox
rows and writes each row's next instant in the same transaction. A minute without anything due reads a handful
of rows; the 07:30 burst is the items due at 07:30 (today's slots, overdue items). Digests load every open item
within the horizon of every commune, once a week (pending extension requests through one indexed query, then
only for the communes that have some).

A sweep whose rows cannot be trusted (none computed yet, another [reminders] configuration, an instant earlier
than the last sweep's: a replay) loads every open item within the horizon, as the sweep did before next-due rows,
and then computes every row again. A dry run and the preview always do: they show what is due, not what changed.
"""

from __future__ import annotations

import gc
import logging
from collections import defaultdict
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any, TypeVar

import sqlalchemy as sa
from sqlalchemy import and_, exists, or_
from sqlmodel import Session, col, select

from tracker import channels
from tracker.db import pk, reading, transaction
from tracker.errors import Conflict
from tracker.formatting import fmt_datetime, fmt_number, fmt_period
from tracker.models import (
    RECURRING_KINDS,
    Commune,
    Completion,
    EscalationAck,
    Extension,
    Kpi,
    KpiReading,
    Occurrence,
    OutboxMessage,
    Person,
    Plan,
    Task,
    Unit,
)
from tracker.reminders import nextdue, outbox
from tracker.reminders.config import Delivery, ReminderConfig
from tracker.reminders.dispatch import ChannelFactory, DeliveryStats, Dispatcher
from tracker.reminders.policy import (
    CommuneContext,
    EscalationKey,
    Notification,
    digest_slot,
    due_notifications,
    horizon_end,
    week_start,
)
from tracker.reminders.render import render
from tracker.status import Item, classify, in_force_extension, not_before_issue, plan_years
from tracker.timeutil import iso_vn, vn_date
from tracker.vocabulary import ROLE_LABELS
from tracker.workdays import CommuneCalendars, WorkCalendar, calendar_of, calendars_in

log = logging.getLogger("tracker.reminders")
CHUNK = 500
M = TypeVar("M")


@dataclass
class State:
    """Everything the policy needs at one instant."""

    items: list[Item]
    people: list[Person]
    acks: list[EscalationAck]
    communes: dict[int, CommuneContext]
    calendar: WorkCalendar | CommuneCalendars
    escalated: dict[EscalationKey, tuple[date, date]] = field(default_factory=dict)


@dataclass
class SweepMemo:
    """In-process memory between sweeps: which week's digests are already all stored, and the weeks (their Monday)
    whose first sweep already skipped the digests of the week before (a digest row is stored in its own week: one
    of a past week can only be found waiting once per week, so the daemon looks once, not every minute)."""

    digests_done: set[date] = field(default_factory=set)
    past_digests_checked: set[date] = field(default_factory=set)


@dataclass
class SweepResult:
    at: datetime
    due: list[Notification]  # due now, new or already stored
    inserted: list[str] = field(default_factory=list)
    stale: list[str] = field(default_factory=list)  # newly recorded as skipped
    expired_digests: list[str] = field(default_factory=list)  # digests of a past week, never sent: now skipped
    items_loaded: int = 0
    delivery: DeliveryStats | None = None
    without_chairman: list[int] = field(default_factory=list)  # communes whose escalations reach nobody

    def to_json(self) -> dict[str, Any]:
        return {
            "at": iso_vn(self.at),
            "items_loaded": self.items_loaded,
            "due": [notification_json(n) for n in self.due],
            "inserted": len(self.inserted),
            "stale_skipped": self.stale,
            "expired_digests": self.expired_digests,
            "delivery": self.delivery.to_json() if self.delivery else None,
            "communes_without_chairman": self.without_chairman,
        }


def notification_json(n: Notification) -> dict[str, Any]:
    return {
        "key": n.key, "kind": n.kind, "rule": n.rule, "recipient": n.person.name, "role": n.person.role,
        "channel": n.channel, "task": n.item.ref if n.item else None, "slot": n.slot.isoformat(),
        "due_at": iso_vn(n.due_at), "unassigned": n.unassigned, "working_days": n.working_days,
    }


# ---------------------------------------------------------------- loading


def _chunks(seq: list[Any]) -> Any:
    for i in range(0, len(seq), CHUNK):
        yield seq[i:i + CHUNK]


class Loaded:
    """A row read by a plain SELECT, its columns as attributes: what the sweep reads of a task, a period, a plan, a
    unit or an extension, without an ORM instance (instrumented attributes, identity map). Loading the 07:30
    burst's 26,913 items as ORM objects, and reading their attributes through the instrumentation, was about a
    fifth of its CPU (bench/bench_reminders.py sweep). Read only: nothing the sweep changes goes through them."""

    __slots__ = ("__dict__",)


_NAMES: dict[Any, tuple[str, ...]] = {}


def _names(model: Any) -> tuple[str, ...]:
    names = _NAMES.get(model)
    if names is None:
        names = _NAMES[model] = tuple(c.key for c in model.__table__.columns)
    return names


def _select(*models: Any) -> Any:
    """SELECT every column of each model's table, in table order (read back by _loaded, or _one per model)."""
    return sa.select(*[c for m in models for c in m.__table__.columns])


def _one(names: tuple[str, ...], values: Any) -> Any:
    obj = Loaded()
    obj.__dict__.update(zip(names, values, strict=True))
    return obj


def _loaded(model: type[M], rows: Iterable[Any]) -> list[M]:
    """Rows of _select(model) as Loaded objects typed as the model (the same attribute names and values)."""
    names = _names(model)
    return [_one(names, row) for row in rows]


def _in_force(c: Any, now: datetime) -> Any:
    return and_(c.completed_at <= now, or_(c.revoked_at.is_(None), c.revoked_at > now))


def load_due_items(s: Session, now: datetime, horizon: date, calendar: WorkCalendar | CommuneCalendars, *,
                   due_soon_days: int = 7, only: tuple[Collection[int], Collection[int]] | None = None) -> list[Item]:
    """Open items whose deadline in force is on or before `horizon` (overdue ones included); with `only`
    (task ids, occurrence ids), those of them that are open, whatever their deadline."""
    today = vn_date(now)
    ext_ok = and_(col(Extension.status) == "approved", col(Extension.decided_at) <= now)
    moved_tasks = select(Extension.task_id).where(ext_ok, col(Extension.occurrence_id).is_(None),
                                                  Extension.new_due <= horizon)
    moved_occs = select(Extension.occurrence_id).where(ext_ok, col(Extension.occurrence_id).is_not(None),
                                                       Extension.new_due <= horizon)
    task_done = exists().where(col(Completion.task_id) == col(Task.id), col(Completion.occurrence_id).is_(None),
                               _in_force(Completion, now))
    occ_done = exists().where(col(Completion.occurrence_id) == col(Occurrence.id), _in_force(Completion, now))
    # A closed plan's tasks are no longer reminded of (tracker plan close); a cancelled task neither.
    open_plans = select(Plan.id).where(or_(col(Plan.closed_at).is_(None), col(Plan.closed_at) > now))
    not_cancelled = and_(or_(col(Task.cancelled_at).is_(None), col(Task.cancelled_at) > now),
                         col(Task.plan_id).in_(open_plans))

    tq = _select(Task).where(col(Task.deadline_kind).not_in(RECURRING_KINDS), col(Task.due_date).is_not(None),
                             not_cancelled, ~task_done)
    oq = _select(Occurrence, Task).join(Task, col(Task.id) == col(Occurrence.task_id)).where(
        Occurrence.window_start <= today, not_cancelled, ~occ_done)
    at_task_id = len(_names(Occurrence)) + _names(Task).index("id")  # where an occurrence row's task id is
    tasks: dict[int, Task] = {}
    occ_rows: list[Any] = []
    if only is None:
        tasks = {pk(t): t for t in _loaded(Task, s.execute(tq.where(or_(col(Task.due_date) <= horizon,
                                                                         col(Task.id).in_(moved_tasks)))))}
        occ_rows = list(s.execute(oq.where(or_(col(Occurrence.due_date) <= horizon,
                                               col(Occurrence.id).in_(moved_occs)))))
    else:
        for ids in _chunks(sorted(only[0])):
            tasks.update({pk(t): t for t in _loaded(Task, s.execute(tq.where(col(Task.id).in_(ids))))})
        for ids in _chunks(sorted(only[1])):
            occ_rows += s.execute(oq.where(col(Occurrence.id).in_(ids)))
    occs: list[tuple[Occurrence, Task]] = []
    occ_names, task_names = _names(Occurrence), _names(Task)
    for row in occ_rows:  # one Task object per task, as the ORM's identity map gave
        t = tasks.get(row[at_task_id])
        if t is None:
            t = tasks[row[at_task_id]] = _one(task_names, row[len(occ_names):])
        occs.append((_one(occ_names, row[:len(occ_names)]), t))
    if not tasks:
        return []

    task_ids = sorted(tasks)
    exts: dict[tuple[int, int | None], list[Extension]] = defaultdict(list)
    for ids in _chunks(task_ids):
        for e in _loaded(Extension, s.execute(_select(Extension).where(col(Extension.task_id).in_(ids), ext_ok))):
            exts[(e.task_id, e.occurrence_id)].append(e)
    unit_ids = sorted({t.lead_unit_id for t in tasks.values() if t.lead_unit_id})
    commune_ids = sorted({t.commune_id for t in tasks.values()})
    plans: dict[int, Plan] = {}
    for ids in _chunks(commune_ids):
        plans.update({pk(p): p for p in _loaded(Plan, s.execute(_select(Plan).where(col(Plan.commune_id).in_(ids))))})
    years = plan_years(plans.values(), now)
    units: dict[int, Unit] = {}
    for ids in _chunks(unit_ids):
        units.update({pk(u): u for u in _loaded(Unit, s.execute(_select(Unit).where(col(Unit.id).in_(ids))))})

    def make(t: Task, occ: Occurrence | None, original: date | None) -> Item:
        es = exts.get((pk(t), occ.id if occ else None), [])
        ext = in_force_extension(es, now)
        due = ext.new_due if ext else original
        lead = units.get(t.lead_unit_id) if t.lead_unit_id else None
        plan = plans.get(t.plan_id)
        due = not_before_issue(due, plan)
        deadline = calendar_of(calendar, t.commune_id).roll_forward(due) if due else None  # its commune's days
        status, soon = classify(deadline=deadline, completion=None, cancelled_at=t.cancelled_at, as_of=now,
                                due_soon_days=due_soon_days)
        return Item(t, occ, lead, original, due, deadline, None, ext, status, soon, plan,
                    plan_year=years.get(t.plan_id, ""))

    items = [make(t, None, t.due_date) for t in tasks.values() if t.deadline_kind not in RECURRING_KINDS]
    items += [make(t, o, o.due_date) for o, t in occs]
    items.sort(key=lambda it: (it.task.commune_id, it.task.plan_id, it.task.seq, it.period or ""))
    return items


def _digest_contexts(s: Session, commune_ids: list[int] | None, now: datetime, cfg: ReminderConfig
                     ) -> dict[int, CommuneContext]:
    from tracker.domain.kpis import kpi_met

    cq = select(Commune) if commune_ids is None else select(Commune).where(col(Commune.id).in_(commune_ids))
    out = {pk(c): CommuneContext(name=c.name) for c in s.exec(cq).all()}
    units = select(Unit).where(col(Unit.commune_id).in_(list(out))).order_by(col(Unit.seq), col(Unit.id))
    for u in s.exec(units).all():  # in the plan file's order (administrative order)
        out[u.commune_id].units.append(u)
    since = now - timedelta(days=7)
    failed = s.exec(select(OutboxMessage, Person.name)
                    .join(Person, col(Person.id) == col(OutboxMessage.person_id), isouter=True)
                    .where(OutboxMessage.status == "failed", OutboxMessage.created_at >= since,
                           col(OutboxMessage.commune_id).in_(list(out))).order_by(col(OutboxMessage.id))).all()
    for row, name in failed:
        assert row.commune_id is not None  # the query keeps only rows of these communes
        out[row.commune_id].failed.append({"at": fmt_datetime(row.created_at), "recipient": name or row.address,
                                           "channel": channels.label(row.channel), "error": row.last_error or ""})
    latest = (select(KpiReading.kpi_id, sa.func.max(KpiReading.period).label("p"))
              .group_by(col(KpiReading.kpi_id)).subquery())
    readings = s.exec(select(Kpi, KpiReading).join(KpiReading, col(KpiReading.kpi_id) == col(Kpi.id))
                      .join(latest, and_(latest.c.kpi_id == KpiReading.kpi_id, latest.c.p == KpiReading.period))
                      .where(col(Kpi.commune_id).in_(list(out))).order_by(col(Kpi.seq))).all()
    for kpi, r in readings:
        if not kpi_met(kpi, r.value):
            out[kpi.commune_id].kpis_below.append({"code": kpi.code, "name": kpi.name,
                                                   "value": f"{fmt_number(r.value)}{kpi.unit_of_measure}",
                                                   "target": kpi.target_text, "period": fmt_period(r.period)})
    _pending_extensions(s, out, now)
    return out


def _pending_extensions(s: Session, communes: dict[int, CommuneContext], now: datetime) -> None:
    """Extension requests awaiting a decision, for the leaders' digest of each commune.

    One query on the (status, commune_id) index finds them for every commune; requests are
    few, so only the communes that have some are then described (task ref, deadline in force)
    by the query `tracker extensions list` uses.
    """
    from tracker.domain.extensions import extension_requests

    pending: dict[int, set[int]] = defaultdict(set)
    for ext_id, cid in s.exec(select(Extension.id, Extension.commune_id).where(
            Extension.status == "requested", col(Extension.requested_at) <= now)).all():
        if cid in communes and ext_id is not None:
            pending[cid].add(ext_id)
    for cid in sorted(pending):
        communes[cid].extensions = [r for r in extension_requests(s, cid, include_decided=False, now=now)
                                    if r["id"] in pending[cid]]


def _key(it: Item) -> tuple[int, int | None]:
    return pk(it.task), it.occurrence.id if it.occurrence else None


def load_state(s: Session, now: datetime, cfg: ReminderConfig, *, with_digest: bool,
               calendar: WorkCalendar | CommuneCalendars | None = None,
               due: Mapping[str, nextdue.DueRow] | None = None) -> State:
    """The state at `now`: every open item within the horizon, or with `due` (next-due rows due now) those items
    only, plus every item within the horizon when the digest is due (it lists them)."""
    cal = calendar or CommuneCalendars(s)
    if due is None:
        items = load_due_items(s, now, horizon_end(now, cfg, cal), cal)
    else:
        only = ({d.task_id for d in due.values() if d.occurrence_id is None},
                {d.occurrence_id for d in due.values() if d.occurrence_id is not None})
        items = load_due_items(s, now, horizon_end(now, cfg, cal), cal, only=only) if due else []
        if with_digest:
            seen = {_key(it) for it in items}
            items += [it for it in load_due_items(s, now, horizon_end(now, cfg, cal), cal) if _key(it) not in seen]
            items.sort(key=lambda it: (it.task.commune_id, it.task.plan_id, it.task.seq, it.period or ""))
    task_ids = sorted({pk(it.task) for it in items})
    commune_ids = sorted({it.task.commune_id for it in items})
    communes: dict[int, CommuneContext] = {}
    if with_digest:
        communes = _digest_contexts(s, None, now, cfg)
        commune_ids = sorted(communes)
    roles = {"head", *cfg.escalate_to}
    people: list[Person] = []
    for ids in _chunks(commune_ids):
        people += _loaded(Person, s.execute(_select(Person).where(col(Person.commune_id).in_(ids), Person.active,
                                                                   col(Person.role).in_(roles))))
    acks: list[EscalationAck] = []
    for ids in _chunks(task_ids):
        acks += _loaded(EscalationAck, s.execute(_select(EscalationAck).where(col(EscalationAck.task_id).in_(ids))))
    if not with_digest and commune_ids:
        for ids in _chunks(commune_ids):
            communes.update({pk(c): CommuneContext(name=c.name)
                             for c in s.exec(select(Commune).where(col(Commune.id).in_(ids))).all()})
    overdue_tasks = sorted({pk(it.task) for it in items if it.status == "overdue"})
    return State(items, people, acks, communes, cal, recent_escalations(s, overdue_tasks, now, cfg))


def later_periods(s: Session, now: datetime) -> list[tuple[int, int, int, date]]:
    """(occurrence id, task id, commune id, window start) of the periods whose window opens after today."""
    q = sa.select(col(Occurrence.id), col(Occurrence.task_id), col(Occurrence.commune_id),
                  col(Occurrence.window_start)).where(
        col(Occurrence.window_start) > vn_date(now))
    return [(o, t, c, w) for o, t, c, w in s.execute(q)]


def recent_escalations(s: Session, task_ids: list[int], now: datetime, cfg: ReminderConfig
                       ) -> dict[EscalationKey, tuple[date, date]]:
    """(task, occurrence, person, deadline) -> (VN day queued, slot) of the latest escalation stored
    in the last `escalation_repeat_days` days up to `now` (skipped rows never went out: not counted)."""
    from tracker.timeutil import VN

    since = datetime.combine(vn_date(now) - timedelta(days=cfg.escalation_repeat_days - 1), time(0), VN)
    T = outbox.T
    out: dict[EscalationKey, tuple[date, date]] = {}
    for ids in _chunks(task_ids):
        q = sa.select(T.c.task_id, T.c.occurrence_id, T.c.person_id, T.c.deadline, T.c.created_at, T.c.slot).where(
            T.c.task_id.in_(ids), T.c.rule == "escalation_weekly", T.c.status != "skipped",
            T.c.created_at >= since, T.c.created_at <= now)
        for task_id, occ_id, person_id, deadline, created, slot in s.execute(q):
            key = (task_id, occ_id, person_id, deadline)
            seen = (vn_date(created), date.fromisoformat(slot[:10]))
            if key not in out or seen > out[key]:
                out[key] = seen
    return out


# ---------------------------------------------------------------- storing


def _row(n: Notification, state: State, now: datetime, cfg: ReminderConfig) -> dict[str, Any]:
    ctx = state.communes.get(n.commune_id)
    r = render(n, commune_name=ctx.name if ctx else "", calendar=calendar_of(state.calendar, n.commune_id), now=now,
               horizon=cfg.digest_horizon_days)
    it = n.item
    return {
        "key": n.key, "commune_id": n.commune_id, "kind": n.kind, "rule": n.rule,
        "task_id": it.task.id if it else None, "occurrence_id": it.occurrence.id if it and it.occurrence else None,
        "person_id": n.person.id, "channel": n.channel, "address": n.address, "slot": n.slot.isoformat(),
        "subject": r.subject, "body_text": r.text, "body_html": r.html, "buttons": n.buttons,
        "status": "skipped" if n.stale else "pending", "attempts": 0, "created_at": now, "due_at": n.due_at,
        "next_attempt_at": now, "deadline": it.deadline if it else None,
        "last_error": "Bỏ lỡ: quá thời điểm nhắc khi hệ thống không chạy." if n.stale else None,
    }


@contextmanager
def gc_paused() -> Iterator[None]:
    """No cyclic garbage collection while a sweep loads its state.

    Loading tens of thousands of ORM objects triggers full collections again and again, each
    walking every object alive, so the time grew faster than the items loaded (bench at 3,321
    communes: 42 % of the every-minute sweep). Nearly everything allocated stays alive until
    the sweep ends; the collector resumes right after.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def prepare(engine: sa.Engine, now: datetime, cfg: ReminderConfig, delivery: Delivery, *, dry_run: bool = False,
            memo: SweepMemo | None = None) -> SweepResult:
    """Compute what is due at `now` and store the new rows (nothing stored when dry_run)."""
    with gc_paused():
        return _prepare(engine, now, cfg, delivery, dry_run=dry_run, memo=memo)


@dataclass
class Due:
    """What the policy returns at one instant, with the state it was computed from."""

    state: State
    notes: list[Notification]  # stale ones included (recorded as skipped, never sent)
    slot: date | None  # the week's digest slot if the digest is due at this instant
    with_digest: bool  # whether digests were computed (not already all stored, per the memo)


def due_at(s: Session, now: datetime, cfg: ReminderConfig, delivery: Delivery,
           cal: WorkCalendar | CommuneCalendars, *,
           memo: SweepMemo | None = None, escalated: dict[EscalationKey, tuple[date, date]] | None = None,
           due: Mapping[str, nextdue.DueRow] | None = None) -> Due:
    """The one computation of what is due at `now`, shared by the sweep (which stores it) and the preview (which
    lists it per instant of its timeline), so the two cannot diverge.

    `escalated` adds escalations queued since the database was read (the preview's earlier instants) to those
    stored in the outbox; the latest (day queued, slot) of each wins, as recent_escalations() reads them.
    `due` (the sweep's next-due rows due now) limits the per-item rules to those items: the others have nothing
    new at `now` (tracker/reminders/nextdue.py), so the rows stored are the same.
    """
    slot = digest_slot(now, cfg, calendar_of(cal, None))  # the weekly digest follows the national calendar
    with_digest = slot is not None and not (memo and slot in memo.digests_done)
    state = load_state(s, now, cfg, with_digest=with_digest, calendar=cal, due=due)
    for key, seen in (escalated or {}).items():
        if key not in state.escalated or seen > state.escalated[key]:
            state.escalated[key] = seen
    notes = due_notifications(state.items, state.people, state.acks, cfg, cal, now, delivery, state.communes,
                              with_digest=with_digest, escalated=state.escalated)
    return Due(state, notes, slot, with_digest)


DIGEST_WEEK_OVER = "Bỏ qua: tuần của bản tổng hợp đã qua (bản tổng hợp chỉ được gửi trong tuần của nó)."


def skip_past_digests(s: Session, now: datetime) -> list[str]:
    """Mark the digests of a week already over that are still waiting (stored, never sent: the channel's process was
    down, retries did not succeed in time) as skipped, with the reason; return their keys.

    A digest partly sent (its first parts went out) is finished, never left cut, as the dispatcher does.
    """
    stmt = sa.update(outbox.T).where(_past_digest(now)).values(status="skipped", last_error=DIGEST_WEEK_OVER)
    return sorted(s.execute(stmt.returning(outbox.T.c.key)).scalars().all())


def _past_digest(now: datetime) -> Any:
    T = outbox.T
    monday = week_start(vn_date(now)).isoformat()  # slots are stored as YYYY-MM-DD: ordered as text
    return and_(T.c.status == "pending", T.c.kind == "digest", T.c.slot < monday, T.c.external_id.is_(None))


def _past_digests_waiting(engine: sa.Engine, now: datetime) -> bool:
    """Read first: the sweep runs every minute, and a write transaction each time would hold SQLite's lock."""
    with reading(engine) as s:
        return s.execute(sa.select(outbox.T.c.id).where(_past_digest(now)).limit(1)).first() is not None


def _prepare(engine: sa.Engine, now: datetime, cfg: ReminderConfig, delivery: Delivery, *, dry_run: bool,
             memo: SweepMemo | None) -> SweepResult:
    expired: list[str] = []
    monday = week_start(vn_date(now))
    if not dry_run and not (memo and monday in memo.past_digests_checked) and _past_digests_waiting(engine, now):
        with transaction(engine) as s:
            expired = skip_past_digests(s, now)
        for key in expired:
            log.info("Bỏ qua %s: %s", key, DIGEST_WEEK_OVER.removeprefix("Bỏ qua: "))
    if memo is not None and not dry_run:
        memo.past_digests_checked.add(monday)
    rebuild: tuple[list[Item], list[tuple[int, int, int, date]], dict[str, int]] | None = None
    with reading(engine) as s:
        cal = CommuneCalendars(s)  # each commune's working days, read once per sweep
        ready = nextdue.due_rows(s, now) if not dry_run and nextdue.usable(s, now, cfg) else None
        if ready is None and not dry_run:  # every row computed again, from what this read sees
            rebuild = (load_due_items(s, now, date.max, cal), later_periods(s, now), nextdue.versions(s))
        computed = due_at(s, now, cfg, delivery, cal, memo=memo, due=ready)
        state, notes, slot, with_digest = computed.state, computed.notes, computed.slot, computed.with_digest
        due = [n for n in notes if not n.stale]
        result = SweepResult(at=now, due=due, items_loaded=len(state.items), expired_digests=expired)
        bosses = {p.commune_id for p in state.people if p.role in cfg.escalate_to and p.active}
        result.without_chairman = sorted({it.task.commune_id for it in state.items} - bosses)
        roles = " / ".join(ROLE_LABELS.get(r, r) for r in cfg.escalate_to)
        for cid in result.without_chairman:
            ctx = state.communes.get(cid)
            log.warning("%s chưa có %s đang hoạt động: báo cáo quá hạn không có người nhận",
                        ctx.name if ctx and ctx.name else f"Xã (mã {cid})", roles)
        if dry_run or not (notes or ready or rebuild):
            if with_digest and slot is not None and not dry_run:
                _province_digest(engine, now, cfg, delivery, slot, result)
                if memo is not None:
                    memo.digests_done.add(slot)
            return result
        have = outbox.existing_keys(s, [n.key for n in notes])
        fresh = [n for n in notes if n.key not in have]
        rows = [_row(n, state, now, cfg) for n in fresh]
    if rows or ready or rebuild:
        with transaction(engine) as s:
            inserted = set(outbox.insert_rows(s, rows))
            if rebuild is not None:
                nextdue.rebuild(s, rebuild[0], rebuild[1], now, cfg, cal, rebuild[2])
            elif ready:
                nextdue.advance(s, ready, state.items, now, cfg, cal)
        result.inserted = [r["key"] for r in rows if r["key"] in inserted and r["status"] == "pending"]
        result.stale = [r["key"] for r in rows if r["key"] in inserted and r["status"] == "skipped"]
        for key in result.stale:
            log.info("Bỏ lỡ %s (hệ thống không chạy vào lúc đó): ghi «bỏ qua»", key)
        if result.inserted:
            log.info("Đã lưu %d thông báo mới lúc %s", len(result.inserted), fmt_datetime(now))
    if with_digest and slot is not None:
        _province_digest(engine, now, cfg, delivery, slot, result)
        if memo is not None:
            memo.digests_done.add(slot)
    return result


def _province_digest(engine: sa.Engine, now: datetime, cfg: ReminderConfig, delivery: Delivery, slot: date,
                     result: SweepResult) -> None:
    """The week's province digest, when the communes' digests are due (one query when no province official)."""
    from tracker.reminders.province import queue_province_digest

    result.inserted += queue_province_digest(engine, now, cfg, delivery, slot=slot)


# An instant this close to the process's clock is "now": a sweep there changes nothing the daemon would not.
NOW_TOLERANCE = timedelta(minutes=1)


class SweepAtAnotherInstant(Conflict):
    """A sweep asked to store and send as if at `at` while the process's clock says `now`.

    On a live database that changes what the daemon owns: the pending rows of earlier days
    are skipped (their day has passed at `at`) and claims in flight may be taken back and
    sent twice. Only a dry run, or a replay on a test database, may sweep at another instant.
    The message names no command option; a caller words its own way out.
    """

    def __init__(self, at: datetime, now: datetime) -> None:
        super().__init__(f"Lượt nhắc lúc {fmt_datetime(at)} khác bây giờ ({fmt_datetime(now)}): lưu và gửi như thể ở "
                         "lúc khác sẽ đổi hàng đợi mà tiến trình nhắc việc đang gửi (ghi «bỏ qua» thông báo đang chờ "
                         "của những ngày trước, gửi lại thông báo đang gửi dở). Chỉ được xem thử, hoặc chạy lại "
                         "trên cơ sở dữ liệu thử.")
        self.at = at
        self.now = now


def another_instant(at: datetime, now: datetime) -> bool:
    """Whether a sweep at `at` is a sweep at another instant than `now` (the process's clock)."""
    return abs(at - now) > NOW_TOLERANCE


async def run_sweep(engine: sa.Engine, now: datetime, cfg: ReminderConfig, delivery: Delivery,
                    factory: ChannelFactory, *, dry_run: bool = False, clock: Callable[[], datetime] | None = None,
                    replay: bool = False, memo: SweepMemo | None = None, stop: Any = None) -> SweepResult:
    """prepare() in a worker thread, then deliver everything pending (also older retries).

    `clock` is the process's clock (None: `now` is the clock, as in the demo's simulated year).
    A sweep that stores and sends at an instant other than the clock's raises
    SweepAtAnotherInstant, unless `replay` says it is meant (a test database): then the
    dispatcher, too, works as if at `now`. Otherwise it claims, renews and stamps by the clock,
    so a long batch keeps its claims fresh.
    """
    import asyncio

    if clock is not None and not dry_run and not replay:
        current = clock()
        if another_instant(now, current):
            raise SweepAtAnotherInstant(now, current)
    result = await asyncio.to_thread(prepare, engine, now, cfg, delivery, dry_run=dry_run, memo=memo)
    if not dry_run:
        ticks = clock if clock is not None and not replay else (lambda: now)
        result.delivery = await Dispatcher(engine, cfg, factory, clock=ticks, stop=stop).deliver_all()
    return result


# ---------------------------------------------------------------- preview and manual digest


@dataclass
class Planned:
    at: datetime
    notification: Notification


def timeline(start: date, end: date, cfg: ReminderConfig, calendar: WorkCalendar | CommuneCalendars
             ) -> list[datetime]:
    """The instants the preview sweeps at: the start of working hours of each working day, and the digest time when
    it is later. Nothing the policy decides changes between two of them (its rules are per working day, the digest
    from its time on), so a sweep every minute stores the same rows as sweeps at these instants."""
    from tracker.reminders.policy import at_work

    out: list[datetime] = []
    d = start
    while d <= end:
        if any(cal.is_working_day(d) for cal in calendars_in(calendar)):  # a working day of any commune
            out += sorted({at_work(d, cfg.work_start), at_work(d, max(cfg.work_start, cfg.digest_time))})
        d += timedelta(days=1)
    return out


def preview(engine: sa.Engine, start: date, end: date, cfg: ReminderConfig, delivery: Delivery, *,
            already: list[Planned] | None = None) -> list[Planned]:
    """What `tracker remind run --at T` would store and send at each instant T of the timeline from `start` to `end`,
    had a sweep run at every earlier instant of it, for the data as it is now.

    Per instant, the very computation the sweep makes (due_at), minus what the outbox already holds and what an
    earlier instant of the timeline would have stored (sent, or recorded as skipped), with the escalations those
    would have queued: so a digest late within its week is listed on the day it would go, a past week's never.
    `already`, when given, receives the notifications left out because the outbox holds them (not stale ones).
    """
    out: list[Planned] = []
    stored: set[str] = set()  # keys an earlier instant of the timeline would have stored
    planned_escalations: dict[EscalationKey, tuple[date, date]] = {}  # as if each planned one had been queued
    with reading(engine) as s:
        cal = CommuneCalendars(s)  # each commune's working days, read once per sweep
        for inst in timeline(start, end, cfg, cal):
            notes = due_at(s, inst, cfg, delivery, cal, escalated=planned_escalations).notes
            fresh = [n for n in notes if n.key not in stored]
            have = outbox.existing_keys(s, [n.key for n in fresh])
            for n in fresh:
                stored.add(n.key)
                if n.key in have:
                    if already is not None and not n.stale:
                        already.append(Planned(inst, n))
                    continue
                if n.stale:
                    continue
                out.append(Planned(inst, n))
                if n.kind == "escalation" and n.item is not None:
                    it = n.item
                    planned_escalations[(it.task.id, it.occurrence.id if it.occurrence else None,
                                         n.person.id, it.deadline)] = (vn_date(inst), n.slot)
    return out


def manual_digests(engine: sa.Engine, now: datetime, cfg: ReminderConfig, delivery: Delivery, *, store: bool,
                   commune_id: int | None = None) -> tuple[list[Notification], list[dict[str, Any]], list[str]]:
    """The digests as of `now` (one commune or all), rendered; stored as pending rows when `store`
    (once per recipient and day)."""
    from tracker.reminders.policy import digest_notifications

    with reading(engine) as s:
        cal = CommuneCalendars(s)  # each commune's working days, read once per sweep
        state = load_state(s, now, cfg, with_digest=True, calendar=cal)
        notes = digest_notifications(state.items, state.people, cfg, now, delivery, state.communes,
                                     slot=vn_date(now))
        if commune_id is not None:
            notes = [n for n in notes if n.commune_id == commune_id]
        rows = [_row(n, state, now, cfg) for n in notes]
    inserted: list[str] = []
    if store and rows:
        with transaction(engine) as s:
            inserted = outbox.insert_rows(s, rows)
    return notes, rows, inserted
