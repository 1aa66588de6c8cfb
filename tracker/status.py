"""Where the plan stands at an instant: status per task or occurrence, and summaries.

Nothing here reads the clock or writes: callers pass `as_of` (aware UTC).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import or_
from sqlmodel import Session, col, select

from tracker.db import pk
from tracker.formatting import cap, fmt_percent, percent_value
from tracker.models import RECURRING_KINDS, Completion, Extension, Occurrence, PeriodicResult, Plan, Task, Unit
from tracker.plandates import effective_issue_date
from tracker.timeutil import end_of_day, iso_vn, vn_date
from tracker.vocabulary import STATUS_LABELS
from tracker.workdays import WorkCalendar

FOUR_WAY = ("in_progress", "overdue", "done_on_time", "done_late")
OPEN = ("in_progress", "overdue", "no_deadline")


@dataclass
class Item:
    """A unit of work with one deadline: a one-off task, or one period of a recurring one."""

    task: Task
    occurrence: Occurrence | None
    lead_unit: Unit | None
    original_due: date | None  # the plan's date
    due: date | None  # the date in force as of the instant (extensions applied)
    deadline: date | None  # `due` rolled to a working day (BLDS 2015, Điều 148)
    completion: Completion | None
    extension: Extension | None
    status: str
    due_soon: bool
    plan: Plan | None = None
    result: PeriodicResult | None = None  # set by the action that just recorded a standing duty's result
    # "2025" when the commune holds more than one plan still followed: messages then name the plan's year
    # ("II.1.b.4 (kế hoạch năm 2025)") and replies the code with it ("II.1.b.4@2025"); "" otherwise.
    plan_year: str = ""

    @property
    def code(self) -> str:
        return self.task.code

    @property
    def shared(self) -> bool:
        """One unit's item of a duty the plan gives to several units."""
        return self.task.group_code is not None

    @property
    def period(self) -> str | None:
        return self.occurrence.period if self.occurrence else None

    @property
    def ref(self) -> str:
        """The item as the IT officer types it back: "II.2.a.7/VP (2025-09)", "II.1.b.4@2025" while two plans are
        followed."""
        code = f"{self.code}@{self.plan_year}" if self.plan_year else self.code
        return f"{code} ({self.period})" if self.period else code

    def to_json(self, units: dict[int, Unit]) -> dict[str, Any]:
        t = self.task
        return {
            "code": t.code,
            "period": self.period,
            "title": t.title,
            "lead_unit": self.lead_unit.code if self.lead_unit else None,
            "lead_unit_name": self.lead_unit.name if self.lead_unit else None,
            "coordinating_units": [units[u].code for u in t.coordinating_unit_ids if u in units],
            "deadline_kind": t.deadline_kind,
            "deadline_text": t.deadline_text,
            "due_date": self.due.isoformat() if self.due else None,
            "original_due_date": self.original_due.isoformat() if self.original_due else None,
            "effective_deadline": self.deadline.isoformat() if self.deadline else None,
            "window": [self.occurrence.window_start.isoformat(), self.occurrence.window_end.isoformat()]
            if self.occurrence else None,
            "status": self.status,
            "status_label": cap(STATUS_LABELS[self.status]),
            "due_soon": self.due_soon,
            "completed_at": iso_vn(self.completion.completed_at) if self.completion else None,
            "extended": self.extension is not None,
            "plan": self.plan.code if self.plan else None,
            "shared_duty": t.group_code,
            "note": t.note,
        }


def plan_years(plans: Iterable[Plan], as_of: datetime) -> dict[int, str]:
    """Each plan's label for messages: its year when a commune follows several plans at `as_of`, else ""."""
    out: dict[int, str] = {}
    followed: dict[int, int] = defaultdict(int)
    plans = list(plans)
    for p in plans:
        if p.closed_at is None or p.closed_at > as_of:
            followed[p.commune_id] += 1
    for p in plans:
        out[pk(p)] = str(p.year) if followed[p.commune_id] > 1 else ""
    return out


def undated(task: Task) -> bool:
    """A standing duty, or an on-event one whose event is not recorded: never on time or late."""
    return task.deadline_kind == "standing" or (task.deadline_kind == "on_event" and task.due_date is None)


def issued_on(plan: Plan) -> date:
    """The day from which the plan's items can be due (tracker.plandates)."""
    return effective_issue_date(plan.issue_date, plan.issue_date_text, plan.year)


def not_before_issue(due: date | None, plan: Plan | None) -> date | None:
    """No item of a plan is due before the plan was issued: a date in force earlier than that is the issue day
    (then rolled past a day off like any deadline)."""
    if due is None or plan is None:
        return due
    return max(due, issued_on(plan))


def event_due(task: Task, today: date) -> date | None:
    """An on-event duty has its deadline only once its event is recorded, from the event's day on."""
    if task.deadline_kind == "on_event" and (task.event_date is None or task.event_date > today):
        return None
    return task.due_date


def classify(
    *,
    deadline: date | None,
    completion: Completion | None,
    cancelled_at: datetime | None,
    as_of: datetime,
    due_soon_days: int,
) -> tuple[str, bool]:
    """The status id and the due-soon flag (docs/domain-rules.md, "Task status")."""
    if cancelled_at is not None and cancelled_at <= as_of:
        return "cancelled", False
    if deadline is None:
        # A standing duty is never done on time or late: its results are PeriodicResult rows.
        return "no_deadline", False
    if completion is not None:
        if completion.completed_at <= end_of_day(deadline):
            return "done_on_time", False
        return "done_late", False
    if as_of > end_of_day(deadline):
        return "overdue", False
    return "in_progress", (deadline - vn_date(as_of)).days <= due_soon_days


def _in_force_completion(cs: Iterable[Completion], as_of: datetime) -> Completion | None:
    valid = [c for c in cs if c.completed_at <= as_of and (c.revoked_at is None or c.revoked_at > as_of)]
    return max(valid, key=lambda c: c.completed_at) if valid else None


def _recorded(e: Extension) -> datetime:
    """When the tracker learned of the decision: an approval is recorded when decided, except one
    entered later with a past approval time (backdated), which is recorded when entered (requested_at)."""
    assert e.decided_at is not None
    return max(e.requested_at, e.decided_at)


def in_force_extension(es: Iterable[Extension], as_of: datetime) -> Extension | None:
    """The approved extension in force at an instant: of those approved by then, the one recorded last.

    Each counts from its own approval time, like a backdated completion; among several, the latest
    decision the tracker was told of wins, so a paper approval entered after a later one still takes
    effect instead of being hidden behind it.
    """
    valid = [e for e in es if e.status == "approved" and e.decided_at is not None and e.decided_at <= as_of]
    return max(valid, key=lambda e: (_recorded(e), pk(e))) if valid else None


def build_items(
    session: Session,
    commune_id: int,
    *,
    as_of: datetime,
    calendar: WorkCalendar,
    due_soon_days: int = 7,
    include_future: bool = False,
    task_ids: list[int] | None = None,
    plan_id: int | None = None,
) -> list[Item]:
    """Every item of a commune (of one plan, or of every plan) with its status as of an instant, in plan order.

    Five indexed queries whatever the size of the database; occurrences whose
    window has not opened yet are left out unless include_future.
    """
    tq = select(Task).where(Task.commune_id == commune_id)
    if plan_id is not None:
        tq = tq.where(Task.plan_id == plan_id)
    oq = select(Occurrence).where(Occurrence.commune_id == commune_id)
    cq = select(Completion).where(Completion.commune_id == commune_id, Completion.completed_at <= as_of,
                                  or_(col(Completion.revoked_at).is_(None), col(Completion.revoked_at) > as_of))
    eq = select(Extension).where(Extension.commune_id == commune_id, Extension.status == "approved")
    if task_ids is not None:
        tq = tq.where(col(Task.id).in_(task_ids))
        oq = oq.where(col(Occurrence.task_id).in_(task_ids))
        cq = cq.where(col(Completion.task_id).in_(task_ids))
        eq = eq.where(col(Extension.task_id).in_(task_ids))
    tasks = session.exec(tq.order_by(col(Task.plan_id), col(Task.seq))).all()
    occs: dict[int, list[Occurrence]] = defaultdict(list)
    for o in session.exec(oq.order_by(col(Occurrence.due_date), col(Occurrence.period))).all():
        occs[o.task_id].append(o)
    comps: dict[tuple[int, int | None], list[Completion]] = defaultdict(list)
    for c in session.exec(cq).all():
        comps[(c.task_id, c.occurrence_id)].append(c)
    exts: dict[tuple[int, int | None], list[Extension]] = defaultdict(list)
    for e in session.exec(eq).all():
        exts[(e.task_id, e.occurrence_id)].append(e)
    units = {u.id: u for u in session.exec(select(Unit).where(Unit.commune_id == commune_id)).all()}
    plans = {p.id: p for p in session.exec(select(Plan).where(Plan.commune_id == commune_id)).all()}
    years = plan_years(plans.values(), as_of)

    today = vn_date(as_of)
    items: list[Item] = []
    for t in tasks:
        assert t.id is not None
        lead = units.get(t.lead_unit_id) if t.lead_unit_id else None
        plan = plans.get(t.plan_id)
        targets: list[tuple[Occurrence | None, date | None]]
        if t.deadline_kind in RECURRING_KINDS:
            targets = [(o, o.due_date) for o in occs.get(t.id, [])
                       if include_future or o.window_start <= today]
        else:
            targets = [(None, event_due(t, today))]
        for occ, original in targets:
            key = (t.id, occ.id if occ else None)
            ext = in_force_extension(exts.get(key, ()), as_of)
            due = not_before_issue(ext.new_due if ext else original, plan)
            deadline = calendar.roll_forward(due) if due else None
            comp = _in_force_completion(comps.get(key, ()), as_of)
            status, soon = classify(deadline=deadline, completion=comp, cancelled_at=t.cancelled_at,
                                    as_of=as_of, due_soon_days=due_soon_days)
            items.append(Item(t, occ, lead, original, due, deadline, comp, ext, status, soon, plan,
                              plan_year=years.get(t.plan_id, "")))
    return items


@dataclass
class UnitSummary:
    code: str
    name: str
    counts: dict[str, int]

    @property
    def base(self) -> int:
        return sum(self.counts[s] for s in FOUR_WAY)

    def percent(self, status: str) -> str:
        return fmt_percent(self.counts[status], self.base)

    def to_json(self) -> dict[str, Any]:
        base = self.base
        return {
            "unit": self.code,
            "unit_name": self.name,
            "counts": dict(self.counts),
            "base": base,
            "percent": {s: percent_value(self.counts[s], base) for s in FOUR_WAY},
        }


def summarize(items: list[Item], units: Iterable[Unit] = ()) -> tuple[list[UnitSummary], UnitSummary]:
    """Four-way counts per lead unit (every unit given, even with nothing) and overall.

    The base of each percentage is the items with a deadline.
    """
    units = list(units)
    statuses = (*FOUR_WAY, "no_deadline", "cancelled")
    per: dict[str, UnitSummary] = {u.code: UnitSummary(u.code, u.name, dict.fromkeys(statuses, 0)) for u in units}
    total = UnitSummary("*", "Toàn xã", dict.fromkeys(statuses, 0))
    for it in items:
        code = it.lead_unit.code if it.lead_unit else "-"
        name = it.lead_unit.name if it.lead_unit else "Chưa giao đơn vị"
        us = per.setdefault(code, UnitSummary(code, name, dict.fromkeys(statuses, 0)))
        us.counts[it.status] += 1
        total.counts[it.status] += 1
    order = {u.code: (u.seq, pk(u)) for u in units}
    return sorted(per.values(), key=lambda u: order.get(u.code, (1 << 30, 0))), total
