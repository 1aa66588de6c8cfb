"""The read side: what a person reads, the same for the CLI, the bot and the reports.

Each function takes an open session (tracker.db.reading) and returns plain data; adapters only format it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlmodel import Session, col, func, or_, select

from tracker.db import pk
from tracker.domain.kpis import kpi_met
from tracker.domain.lookups import find_plan, find_task, plan_count, resolve_commune, resolve_plan
from tracker.domain.permissions import Permissions, is_leader
from tracker.errors import InvalidInput, NotFound
from tracker.formatting import cap, fmt_number, fmt_period
from tracker.models import (
    RECURRING_KINDS,
    AuditEvent,
    Commune,
    Extension,
    Kpi,
    KpiReading,
    PeriodicResult,
    Person,
    Plan,
    Task,
    Unit,
    WorkdayOverride,
)
from tracker.status import Item, UnitSummary, build_items, summarize
from tracker.usertext import quoted
from tracker.vocabulary import COMPARISON_SIGNS, KPI_STATE_LABELS
from tracker.workdays import holidays_of, load_calendar

OPEN = ("overdue", "in_progress")

# ---------------------------------------------------------------- tasks


@dataclass
class TaskList:
    """A commune's items as of an instant, with what a listing shows around them."""

    commune: Commune
    plan: Plan | None
    items: list[Item]
    units: dict[int, Unit]
    plans: int = 1  # how many plans the commune holds: with several, adapters say which one this is

    @property
    def title(self) -> str:
        return self.plan.title if self.plan else self.commune.name


def units_of(s: Session, commune_id: int) -> dict[int, Unit]:
    """The commune's units in the plan file's order (administrative order: Văn phòng first)."""
    return {pk(u): u for u in s.exec(select(Unit).where(Unit.commune_id == commune_id)
                                     .order_by(col(Unit.seq), col(Unit.id))).all()}


def task_list(s: Session, commune: str | None, *, as_of: datetime, due_soon_days: int = 7,
              include_future: bool = False, unit: str | None = None, status: str | None = None,
              plan: str | None = None) -> TaskList:
    """Every item of one plan (named, or the one in force at `as_of`), or of one lead unit, or in one status."""
    c = resolve_commune(s, commune)
    chosen = resolve_plan(s, pk(c), plan, as_of)
    units = units_of(s, pk(c))
    if unit is not None and unit not in {u.code for u in units.values()}:
        codes = sorted(u.code for u in units.values())
        raise InvalidInput(f"Không có đơn vị mã «{quoted(unit)}» (các đơn vị: {', '.join(codes)}).",
                           code="unit.unknown", subject=f"unit {unit}", values={"code": unit, "units": codes})
    items = build_items(s, pk(c), as_of=as_of, calendar=load_calendar(s, pk(c)), due_soon_days=due_soon_days,
                        include_future=include_future, plan_id=pk(chosen))
    if unit is not None:
        items = [it for it in items if it.lead_unit is not None and it.lead_unit.code == unit]
    if status is not None:
        items = [it for it in items if it.status == status]
    return TaskList(c, chosen, items, units, plan_count(s, pk(c)))


@dataclass
class TaskView:
    """One task: its items (every period of a recurring task, or the one asked for), history, pending requests."""

    task: Task
    items: list[Item]
    units: dict[int, Unit]
    history: list[AuditEvent]
    pending: list[Extension] = field(default_factory=list)
    period: str | None = None  # the period asked for
    # A shared duty named by the plan's code: every unit's item (each unit's own status); done when all are.
    group: list[Task] = field(default_factory=list)
    results: list[PeriodicResult] = field(default_factory=list)  # a standing duty's reported results
    plan: Plan | None = None

    @property
    def group_done(self) -> bool:
        return bool(self.items) and all(it.status in ("done_on_time", "done_late") for it in self.items)

    @property
    def first(self) -> Item:
        return self.items[0]

    @property
    def all_periods(self) -> bool:
        """A recurring task shown with every period (no period asked for)."""
        return self.task.deadline_kind in RECURRING_KINDS and self.period is None


def task_view(s: Session, commune_id: int, code: str, *, period: str | None, as_of: datetime,
              history_limit: int = 1000, item: Item | None = None, plan: str | None = None) -> TaskView:
    if item is not None:
        tasks, items = [item.task], [item]
    else:
        tasks = _named_tasks(s, commune_id, code, plan, as_of)
        items = build_items(s, commune_id, as_of=as_of, calendar=load_calendar(s, commune_id), include_future=True,
                            task_ids=[pk(t) for t in tasks])
        if period:
            items = [it for it in items if it.period == period]
            if not items:
                raise NotFound(f"Nhiệm vụ {tasks[0].code} không có kỳ {period}.", code="period.unknown",
                               subject=f"task {tasks[0].code}", values={"task": tasks[0].code, "period": period})
    ids = [pk(t) for t in tasks]
    q = select(AuditEvent).where(col(AuditEvent.task_id).in_(ids))
    q = q.order_by(col(AuditEvent.at).desc(), col(AuditEvent.id).desc()).limit(history_limit)
    history = list(reversed(s.exec(q).all()))
    pending = list(s.exec(select(Extension).where(col(Extension.task_id).in_(ids), Extension.status == "requested")
                          .order_by(col(Extension.id))).all())
    results = list(s.exec(select(PeriodicResult).where(col(PeriodicResult.task_id).in_(ids))
                          .order_by(col(PeriodicResult.reported_on), col(PeriodicResult.id))).all())
    group = tasks if tasks[0].group_code is not None and len(tasks) > 1 else []
    return TaskView(tasks[0], items, units_of(s, commune_id), history, pending, period, group, results,
                    s.get(Plan, tasks[0].plan_id))


def _named_tasks(s: Session, commune_id: int, code: str, plan: str | None, as_of: datetime | None) -> list[Task]:
    """The task a code names, or every unit's item of a shared duty named by the plan's code."""
    try:
        return [find_task(s, commune_id, code, plan=plan, as_of=as_of)]
    except InvalidInput as exc:
        if exc.code != "task.shared":
            raise
        items = exc.values["items"]
        return list(s.exec(select(Task).where(Task.commune_id == commune_id, col(Task.code).in_(items))
                           .order_by(col(Task.seq))).all())


@dataclass
class PersonItems:
    """What a person is answerable for: the whole commune for a leader, their unit's tasks otherwise."""

    everywhere: bool
    items: list[Item]

    def open(self) -> list[Item]:
        """Open items with a deadline, soonest first."""
        return sorted((it for it in self.items if it.status in OPEN),
                      key=lambda it: (it.deadline or date.max, it.task.seq, it.period or ""))

    def overdue(self) -> list[Item]:
        return sorted((it for it in self.items if it.status == "overdue"),
                      key=lambda it: (it.deadline or date.max, it.task.seq))

    def standing(self) -> int:
        """Standing duties (no deadline)."""
        return sum(1 for it in self.items if it.status == "no_deadline")


def person_items(s: Session, person: Person, *, now: datetime, perms: Permissions) -> PersonItems:
    """Across every plan of the commune that is not closed."""
    everywhere = is_leader(person, perms)
    items = [it for it in build_items(s, person.commune_id, as_of=now, calendar=load_calendar(s, person.commune_id))
             if it.plan is None or it.plan.closed_at is None or it.plan.closed_at > now]
    if not everywhere:
        items = [it for it in items if it.lead_unit is not None and it.lead_unit.id == person.unit_id]
    return PersonItems(everywhere, items)


@dataclass
class Summary:
    commune: Commune
    plan: Plan | None
    units: list[UnitSummary]
    total: UnitSummary
    plans: int = 1

    @property
    def title(self) -> str:
        return self.plan.title if self.plan else self.commune.name


def summary(s: Session, commune: str | None, *, as_of: datetime, due_soon_days: int = 7,
            plan: str | None = None) -> Summary:
    """The four-way shares per unit and for the commune, for one plan (named, or in force at `as_of`)."""
    tl = task_list(s, commune, as_of=as_of, due_soon_days=due_soon_days, plan=plan)
    per_unit, total = summarize(tl.items, list(tl.units.values()))
    return Summary(tl.commune, tl.plan, per_unit, total, tl.plans)


def commune_summary(s: Session, commune_id: int, *, as_of: datetime) -> tuple[list[UnitSummary], UnitSummary]:
    c = s.get(Commune, commune_id)
    assert c is not None
    out = summary(s, c.code, as_of=as_of)
    return out.units, out.total


def audit_log(s: Session, commune_id: int, task_code: str | None, limit: int, *, plan: str | None = None,
              as_of: datetime | None = None) -> list[AuditEvent]:
    """The audit trail of the commune (and of database-wide changes), or of one task (every unit's item of a
    shared duty); oldest first."""
    q = select(AuditEvent).where((col(AuditEvent.commune_id) == commune_id) | col(AuditEvent.commune_id).is_(None))
    if plan and not task_code:
        # One plan's trail: its tasks' events, its own (seed, set-issued, carry-over, close), its KPIs' readings
        # (periods of its year) and what belongs to no plan (people, working days).
        chosen = find_plan(s, commune_id, plan)
        task_ids = select(Task.id).where(Task.plan_id == pk(chosen))
        others = [f"plan {p.code}" for p in s.exec(select(Plan).where(Plan.commune_id == commune_id)).all()
                  if pk(p) != pk(chosen)]
        q = q.where(col(AuditEvent.task_id).in_(task_ids)
                    | (col(AuditEvent.task_id).is_(None)
                       & col(AuditEvent.entity).not_in(others)
                       & ~(col(AuditEvent.entity).like("kpi %")
                           & col(AuditEvent.entity).not_like(f"kpi % {chosen.year}-%"))))
    if task_code:
        tasks = _named_tasks(s, commune_id, task_code, plan, as_of)
        q = select(AuditEvent).where(col(AuditEvent.task_id).in_([pk(t) for t in tasks]))
    q = q.order_by(col(AuditEvent.at).desc(), col(AuditEvent.id).desc()).limit(limit)
    return list(reversed(s.exec(q).all()))


def count_rows(s: Session, model: Any) -> int:
    return int(s.exec(select(func.count()).select_from(model)).one())


# ---------------------------------------------------------------- units and people


@dataclass
class UnitRow:
    unit: Unit
    heads: list[str]


def unit_rows(s: Session, commune: str | None) -> list[UnitRow]:
    """Units in the plan file's order (administrative order), each with its active heads."""
    c = resolve_commune(s, commune)
    rows = s.exec(select(Unit).where(Unit.commune_id == c.id).order_by(col(Unit.seq), col(Unit.id))).all()
    heads = s.exec(select(Person).where(Person.commune_id == c.id, Person.role == "head",
                                        Person.active == True).order_by(col(Person.id))).all()  # noqa: E712
    by_unit: dict[int, list[str]] = {}
    for h in heads:
        if h.unit_id is not None:
            by_unit.setdefault(h.unit_id, []).append(h.name)
    return [UnitRow(u, by_unit.get(pk(u), [])) for u in rows]


def people(s: Session, commune: str | None) -> tuple[list[Person], dict[int, Unit]]:
    """Everyone registered (active or not) by id, and the units they may belong to."""
    c = resolve_commune(s, commune)
    rows = list(s.exec(select(Person).where(Person.commune_id == c.id).order_by(col(Person.id))).all())
    return rows, units_of(s, pk(c))


# ---------------------------------------------------------------- working days


@dataclass(frozen=True)
class DayOff:
    day: date
    working: bool
    note: str
    override: bool  # set by the IT officer (else a public holiday)
    own: bool = False  # the commune's own override (else a national one, or a holiday)


def days_of_year(s: Session, year: int, commune_id: int | None = None) -> list[DayOff]:
    """Public holidays and the IT officer's overrides of a year, by date: the national overrides, and with a commune
    its own (which win over a national one of the same day)."""
    rows = [DayOff(d, False, name, False) for d, name in holidays_of(year).items()]
    q = select(WorkdayOverride).where(col(WorkdayOverride.day) >= date(year, 1, 1),
                                      col(WorkdayOverride.day) <= date(year, 12, 31))
    q = q.where(col(WorkdayOverride.commune_id).is_(None) if commune_id is None
                else or_(col(WorkdayOverride.commune_id).is_(None), WorkdayOverride.commune_id == commune_id))
    overrides = {o.day: o for o in sorted(s.exec(q).all(), key=lambda o: o.commune_id is not None)}
    rows += [DayOff(o.day, o.is_working, o.note, True, o.commune_id is not None) for o in overrides.values()]
    return sorted(rows, key=lambda r: (r.day, r.override))


# ---------------------------------------------------------------- KPIs


@dataclass
class KpiRow:
    kpi: Kpi
    latest: KpiReading | None
    history: list[KpiReading]
    lead_units: list[str]

    @property
    def state(self) -> str:
        """met, below or no_data (tracker.vocabulary.KPI_STATES)."""
        if self.latest is None:
            return "no_data"
        return "met" if kpi_met(self.kpi, self.latest.value) else "below"

    @property
    def target_text(self) -> str:
        sign = COMPARISON_SIGNS.get(self.kpi.comparison, "")
        return f"{sign} {fmt_number(self.kpi.target)}{self.kpi.unit_of_measure}"

    @property
    def value_text(self) -> str:
        if self.latest is None:
            return "—"
        return f"{fmt_number(self.latest.value)}{self.kpi.unit_of_measure}"

    @property
    def reading_text(self) -> str:
        """Value, its period and its base when known: '64,5% (09/2025; 129/200)'."""
        r = self.latest
        if r is None:
            return cap(KPI_STATE_LABELS["no_data"])
        text = f"{fmt_number(r.value)}{self.kpi.unit_of_measure} (kỳ {fmt_period(r.period)}"
        if r.numerator is not None and r.denominator is not None:
            text += f"; {fmt_number(r.numerator)}/{fmt_number(r.denominator)}"
        return text + ")"


def kpi_rows(s: Session, commune_id: int, up_to_period: str | None = None, plan_id: int | None = None
             ) -> list[KpiRow]:
    """Every KPI of the commune (of one plan) in plan order with its readings up to a period (inclusive)."""
    kq = select(Kpi).where(Kpi.commune_id == commune_id)
    if plan_id is not None:
        kq = kq.where(Kpi.plan_id == plan_id)
    kpis = s.exec(kq.order_by(col(Kpi.plan_id), col(Kpi.seq))).all()
    units = units_of(s, commune_id)
    readings = s.exec(select(KpiReading).where(col(KpiReading.kpi_id).in_([pk(k) for k in kpis]))
                      .order_by(col(KpiReading.period))).all()
    hist: dict[int, list[KpiReading]] = {}
    for r in readings:
        if up_to_period is None or r.period <= up_to_period:
            hist.setdefault(r.kpi_id, []).append(r)
    rows = []
    for k in kpis:
        h = hist.get(pk(k), [])
        rows.append(KpiRow(k, h[-1] if h else None, h, [units[u].name for u in k.lead_unit_ids if u in units]))
    return rows
