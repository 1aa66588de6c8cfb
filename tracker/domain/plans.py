"""Plans over time: listing them, recording when one was issued, carrying unfinished tasks over, closing one.

Each action is one transaction and one audit event, takes `now`, and never prints.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import Engine
from sqlmodel import Session, col, select

from tracker.audit import record
from tracker.db import pk, transaction
from tracker.domain.lookups import Actor, find_plan, resolve_commune
from tracker.errors import Conflict, InvalidInput
from tracker.formatting import fmt_date
from tracker.models import RECURRING_KINDS, Commune, Kpi, Occurrence, Plan, Task
from tracker.status import FOUR_WAY, Item, build_items, issued_on
from tracker.timeutil import vn_date
from tracker.usertext import clean_text
from tracker.workdays import load_calendar


@dataclass
class PlanRow:
    plan: Plan
    tasks: int  # the plan's items' tasks (a shared duty counts once per unit)
    kpis: int
    issued: date  # the day its items can be due from (tracker.plandates)
    counts: dict[str, int] = field(default_factory=dict)
    carried_out: int = 0  # tasks carried over from it into a later plan

    @property
    def state(self) -> str:
        return "closed" if self.plan.closed_at is not None else "open"


def plan_rows(s: Session, commune: str | None, *, as_of: datetime) -> tuple[Commune, list[PlanRow]]:
    """Every plan of the commune, oldest year first, with its counts as of an instant."""
    c = resolve_commune(s, commune)
    plans = s.exec(select(Plan).where(Plan.commune_id == pk(c)).order_by(col(Plan.year), col(Plan.id))).all()
    items = build_items(s, pk(c), as_of=as_of, calendar=load_calendar(s, pk(c)))
    carried = {t.carried_from_id for t in s.exec(select(Task).where(Task.commune_id == pk(c),
                                                                    col(Task.carried_from_id).is_not(None))).all()}
    rows = []
    for p in plans:
        tasks = s.exec(select(Task).where(Task.plan_id == pk(p))).all()
        kpis = s.exec(select(Kpi.id).where(Kpi.plan_id == pk(p))).all()
        counts = dict.fromkeys((*FOUR_WAY, "no_deadline", "cancelled"), 0)
        for it in items:
            if it.task.plan_id == pk(p):
                counts[it.status] += 1
        rows.append(PlanRow(p, len(tasks), len(kpis), issued_on(p), counts,
                            sum(1 for t in tasks if pk(t) in carried)))
    return c, rows


def set_issued(engine: Engine, *, commune: str | None, plan: str, day: date, number: str | None, actor: Actor,
               now: datetime) -> tuple[Plan, list[str], list[str]]:
    """Record the day (and the decision's number) a plan was issued.

    Monthly periods are recomputed from it: a period whose report falls due before that day is not the plan's
    (removed unless something was recorded or sent about it), and one it now includes is added. Returns the plan
    and the periods added and removed ("II.2.a.7/VP 2025-08").
    """
    from tracker.seed import Monthly, Periodic, _has_trail, occurrence_plan

    if day > vn_date(now):
        raise InvalidInput("Ngày ban hành không thể ở tương lai.", code="time.future", values={"field": "date"})
    if number is not None:
        number = clean_text(number, label="Số quyết định").strip()
        if not number:
            raise InvalidInput("Số quyết định không được để trống.", code="value.required",
                               values={"field": "number"})
    with transaction(engine) as s:
        c = resolve_commune(s, commune)
        p = find_plan(s, pk(c), plan)
        if not p.year - 1 <= day.year <= p.year:
            raise InvalidInput(f"Kế hoạch năm {p.year} không thể ban hành ngày {fmt_date(day)}.",
                               code="plan.issue_year", values={"year": p.year, "date": day})
        before = {"issue_date": p.issue_date.isoformat() if p.issue_date else None, "number": p.number}
        p.issue_date = day
        if number:
            p.number = number
        s.add(p)
        cal = load_calendar(s, p.commune_id)
        added: list[str] = []
        removed: list[str] = []
        for t in s.exec(select(Task).where(Task.plan_id == pk(p), col(Task.deadline_kind).in_(RECURRING_KINDS))).all():
            if not t.recurrence:
                continue
            rule = (Periodic if t.deadline_kind == "periodic" else Monthly).model_validate(t.recurrence)
            wanted = occurrence_plan(rule, cal, day)
            existing = {o.period: o for o in s.exec(select(Occurrence).where(Occurrence.task_id == pk(t))).all()}
            for period, start, end, due in wanted:
                if existing.pop(period, None) is None:
                    s.add(Occurrence(task_id=pk(t), commune_id=t.commune_id, period=period, window_start=start,
                                     window_end=end, due_date=due))
                    added.append(f"{t.code} {period}")
            for period, occ in existing.items():
                if not _has_trail(s, pk(occ)):
                    s.delete(occ)
                    removed.append(f"{t.code} {period}")
        s.flush()
        record(s, now=now, actor=actor.name, person_id=actor.person_id, channel=actor.channel,
               action="plan.set_issued", entity=f"plan {p.code}", commune_id=pk(c), before=before,
               after={"issue_date": day.isoformat(), "number": p.number, "periods_added": added,
                      "periods_removed": removed})
        return p, added, removed


def close_plan(engine: Engine, *, commune: str | None, plan: str, actor: Actor, now: datetime) -> Plan:
    """Stop a plan's reminders, escalations and digest lines; its data and statistics stay."""
    with transaction(engine) as s:
        c = resolve_commune(s, commune)
        p = find_plan(s, pk(c), plan)
        if p.closed_at is not None:
            raise Conflict(f"Kế hoạch {p.code} đã kết thúc từ {fmt_date(p.closed_at.date())}.",
                           code="plan.closed", subject=f"plan {p.code}", values={"plan": p.code})
        p.closed_at, p.closed_by = now, actor.name
        s.add(p)
        record(s, now=now, actor=actor.name, person_id=actor.person_id, channel=actor.channel, action="plan.close",
               entity=f"plan {p.code}", commune_id=pk(c), before={"closed": False}, after={"closed": True})
        return p


@dataclass
class CarryOver:
    source: Plan
    target: Plan
    carried: list[tuple[str, str]]  # (original code, new code)
    skipped: list[str]  # already carried before


def carried_code(code: str, year: int) -> str:
    """The code of a task carried over: the original's with its year ("II.1.b.4-2025", "II.2.a.1-2025/KT")."""
    group, _, unit = code.partition("/")
    return f"{group}-{year}/{unit}" if unit else f"{group}-{year}"


def carry_over(engine: Engine, *, commune: str | None, source: str, target: str, actor: Actor,
               now: datetime) -> CarryOver:
    """Copy the unfinished one-off tasks of `source` into `target`, each linked to its original.

    Unfinished: overdue or in progress at `now` (not done, not cancelled, not standing). The copy keeps the
    original's lead unit, wording and deadline in force (extensions applied), and is due by then, or by the end
    of the target's year when that deadline is already past (a carried task needs a date in its new plan; the
    Chairman can extend it). The original keeps its late status for its own year's statistics. Carrying over
    again copies nothing twice.
    """
    with transaction(engine) as s:
        c = resolve_commune(s, commune)
        src, dst = find_plan(s, pk(c), source), find_plan(s, pk(c), target)
        if pk(src) == pk(dst):
            raise InvalidInput("Kế hoạch nguồn và kế hoạch đích phải khác nhau.", code="plan.same",
                               values={"plan": src.code})
        if dst.closed_at is not None:
            raise Conflict(f"Kế hoạch {dst.code} đã kết thúc.", code="plan.closed", values={"plan": dst.code})
        if dst.year <= src.year:
            raise InvalidInput(f"Chỉ chuyển tiếp sang kế hoạch của năm sau: {src.code} là năm {src.year}, {dst.code} "
                               f"là năm {dst.year}.", code="plan.carry_backwards",
                               values={"from": src.code, "to": dst.code})
        items: list[Item] = build_items(s, pk(c), as_of=now, calendar=load_calendar(s, pk(c)), plan_id=pk(src))
        already = {t.carried_from_id for t in s.exec(select(Task).where(Task.plan_id == pk(dst),
                                                                        col(Task.carried_from_id).is_not(None))).all()}
        last_seq = max((t.seq for t in s.exec(select(Task).where(Task.plan_id == pk(dst))).all()), default=-1)
        carried: list[tuple[str, str]] = []
        skipped: list[str] = []
        year_end = date(dst.year, 12, 31)
        for it in items:
            t = it.task
            if it.status not in ("overdue", "in_progress") or it.occurrence is not None:
                continue
            if pk(t) in already:
                skipped.append(t.code)
                continue
            last_seq += 1
            due = it.due if it.due and it.due >= date(dst.year, 1, 1) else year_end
            copy = Task(commune_id=pk(c), plan_id=pk(dst), seq=last_seq, code=carried_code(t.code, src.year),
                        section=f"Chuyển tiếp từ {src.code}", title=t.title, description=t.description,
                        lead_unit_id=t.lead_unit_id, coordinating_unit_ids=list(t.coordinating_unit_ids),
                        deadline_kind="fixed_date",
                        deadline_text=f"Chuyển tiếp từ kế hoạch năm {src.year} (hạn cũ: {t.deadline_text})",
                        due_date=due, expected_output=t.expected_output, legal_basis=t.legal_basis,
                        group_code=carried_code(t.group_code, src.year) if t.group_code else None,
                        note=t.note, carried_from_id=pk(t))
            s.add(copy)
            s.flush()
            record(s, now=now, actor=actor.name, person_id=actor.person_id, channel=actor.channel,
                   action="task.carry_over", entity=f"task {copy.code}", commune_id=pk(c), task_id=pk(copy),
                   before={"plan": src.code, "code": t.code, "status": it.status},
                   after={"plan": dst.code, "code": copy.code, "due_date": due.isoformat()})
            carried.append((t.code, copy.code))
        record(s, now=now, actor=actor.name, person_id=actor.person_id, channel=actor.channel,
               action="plan.carry_over", entity=f"plan {dst.code}", commune_id=pk(c),
               after={"from": src.code, "carried": len(carried), "skipped": len(skipped)})
        return CarryOver(src, dst, carried, skipped)
