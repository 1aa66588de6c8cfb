"""Finding what a user names (commune, task, period, unit, person) and who acts.

Read-only helpers used inside the write side's transactions and by the read side (tracker.domain.queries).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime

from sqlmodel import Session, col, select

from tracker.db import MAX_ID, pk
from tracker.errors import Conflict, Forbidden, InvalidInput, NotFound
from tracker.models import (
    RECURRING_KINDS,
    Commune,
    Occurrence,
    Person,
    Plan,
    Task,
    Unit,
)
from tracker.status import Item, build_items
from tracker.timeutil import vn_date
from tracker.usertext import lookup_key, quoted
from tracker.workdays import load_calendar


@dataclass(frozen=True)
class Actor:
    """Who acts, and through which channel.

    person_id is set when a registered person is named. `operator` is whoever runs `tracker` on the server (the
    IT officer) recording what officials report: trusted, not checked against tracker.domain.permissions. A person
    acting in their own name (over the bot) is not the operator and is checked.
    """

    name: str
    channel: str = "cli"
    person_id: int | None = None
    operator: bool = True

    @classmethod
    def person(cls, p: Person, channel: str) -> Actor:
        """A registered person acting in their own name."""
        return cls(p.name, channel, pk(p), operator=False)


def resolve_commune(s: Session, code: str | None) -> Commune:
    """The commune an action is about; it must be named only when the database holds several."""
    if code:
        key = lookup_key(code, label="Mã xã")
        commune = s.exec(select(Commune).where(Commune.code == key)).first()
        if commune is None:
            raise NotFound(f"Không có xã mã «{quoted(code)}».", code="commune.unknown", subject=f"commune {code}",
                           values={"code": code})
        return commune
    communes = s.exec(select(Commune).limit(2)).all()
    if not communes:
        raise NotFound("Cơ sở dữ liệu chưa có kế hoạch nào.", code="plan.none")
    if len(communes) > 1:
        raise InvalidInput("Cơ sở dữ liệu có nhiều xã: cần chỉ rõ mã xã.", code="commune.ambiguous")
    return communes[0]


def require_plan(s: Session, commune: str | None) -> None:
    """A plan is loaded (and the commune named, if any, exists); several communes are fine here."""
    if commune or s.exec(select(Commune.id).limit(1)).first() is None:
        resolve_commune(s, commune)


def commune_of(s: Session, person: Person) -> Commune:
    c = s.get(Commune, person.commune_id)
    assert c is not None
    return c


def _plan_label(p: Plan) -> str:
    return f"{p.code} (năm {p.year})"


def find_plan(s: Session, commune_id: int, code: str) -> Plan:
    key = lookup_key(code, label="Mã kế hoạch")
    plan = s.exec(select(Plan).where(Plan.commune_id == commune_id, Plan.code == key)).first()
    if plan is None:
        codes = [p.code for p in s.exec(select(Plan).where(Plan.commune_id == commune_id)
                                        .order_by(col(Plan.year), col(Plan.id))).all()]
        raise NotFound(f"Không có kế hoạch mã «{quoted(code)}» (các kế hoạch: {', '.join(codes) or 'chưa có'}).",
                       code="plan.unknown", subject=f"plan {code}", values={"code": code, "plans": codes})
    return plan


def plan_in_force(s: Session, commune_id: int, as_of: datetime) -> Plan:
    """The plan a command means when none is named: the only one, else the one of the year asked about, else
    the latest earlier one (its last reports fall due early in the next year), else the earliest."""
    plans = list(s.exec(select(Plan).where(Plan.commune_id == commune_id).order_by(col(Plan.year), col(Plan.id))))
    if not plans:
        raise NotFound("Cơ sở dữ liệu chưa có kế hoạch nào.", code="plan.none")
    if len(plans) == 1:
        return plans[0]
    year = vn_date(as_of).year
    same = [p for p in plans if p.year == year]
    if not same:
        earlier = [p for p in plans if p.year < year]
        same = [p for p in earlier if p.year == earlier[-1].year] if earlier else [plans[0]]
    if len(same) > 1:
        codes = [p.code for p in same]
        raise InvalidInput(f"Năm {same[0].year} có nhiều kế hoạch ({', '.join(codes)}): cần chỉ rõ kế hoạch.",
                           code="plan.ambiguous", values={"plans": codes, "year": same[0].year})
    return same[0]


def resolve_plan(s: Session, commune_id: int, code: str | None, as_of: datetime) -> Plan:
    """The plan named, or the plan in force at `as_of`."""
    return find_plan(s, commune_id, code) if code else plan_in_force(s, commune_id, as_of)


def plan_count(s: Session, commune_id: int) -> int:
    return len(s.exec(select(Plan.id).where(Plan.commune_id == commune_id)).all())


def find_task(s: Session, commune_id: int, code: str, *, plan: str | None = None, as_of: datetime | None = None,
              unit_id: int | None = None) -> Task:
    """The task a user names by its code, in the plan named (or, when the code is in several plans, the plan in
    force at `as_of`). A shared duty's code ("II.2.a.1") names the item of `unit_id` (a head's own unit); its
    items are also named by their own codes ("II.2.a.1/KT")."""
    key = lookup_key(code, label="Mã nhiệm vụ")
    q = select(Task).where(Task.commune_id == commune_id)
    dated = re.fullmatch(r"(.+)@([0-9]{4})", key)  # "II.1.b.4@2025": the code in the plan of that year
    if dated and not plan:
        key, year = dated.group(1), int(dated.group(2))
        of_year = list(s.exec(select(Plan).where(Plan.commune_id == commune_id, Plan.year == year)).all())
        if len(of_year) != 1:
            codes = [p.code for p in of_year]
            raise (NotFound if not of_year else InvalidInput)(
                f"Không có kế hoạch nào của năm {year}." if not of_year else
                f"Năm {year} có nhiều kế hoạch ({', '.join(codes)}): cần chỉ rõ kế hoạch.",
                code="plan.unknown" if not of_year else "plan.ambiguous", subject=f"task {code}",
                values={"code": code, "year": year, "plans": codes})
        q = q.where(Task.plan_id == pk(of_year[0]))
    elif plan:
        q = q.where(Task.plan_id == pk(find_plan(s, commune_id, plan)))
    # The code of a task, or the plan's code of a shared duty (its units' items), in whichever plans hold it; the
    # plan is chosen first, then an exact code wins over a shared duty's.
    found = list(s.exec(q.where((Task.code == key) | (Task.group_code == key)).order_by(col(Task.seq))).all())
    if not found:
        raise NotFound(f"Không có nhiệm vụ mã «{quoted(code)}».", code="task.unknown", subject=f"task {code}",
                       values={"code": code})
    plan_ids = sorted({t.plan_id for t in found})
    if len(plan_ids) > 1:
        chosen = plan_in_force(s, commune_id, as_of) if as_of is not None else None
        if chosen is None or pk(chosen) not in plan_ids:
            plans = [p.code for p in s.exec(select(Plan).where(col(Plan.id).in_(plan_ids))).all()]
            raise InvalidInput(f"Mã «{quoted(code)}» có trong nhiều kế hoạch ({', '.join(plans)}): "
                               "cần chỉ rõ kế hoạch.", code="plan.ambiguous", subject=f"task {code}",
                               values={"code": code, "plans": plans})
        found = [t for t in found if t.plan_id == pk(chosen)]
    exact = [t for t in found if t.code == key]
    if exact:
        return exact[0]
    if len(found) == 1:
        return found[0]
    # A shared duty named by the plan's code: one unit's item.
    mine = [t for t in found if unit_id is not None and t.lead_unit_id == unit_id]
    if len(mine) == 1:
        return mine[0]
    items = [t.code for t in found]
    raise InvalidInput(f"Nhiệm vụ {key} giao cho nhiều đơn vị, mỗi đơn vị một phần việc: cần chỉ rõ phần việc "
                       f"({', '.join(items)}).", code="task.shared", subject=f"task {key}",
                       values={"code": key, "items": items})


def find_occurrence(s: Session, task: Task, period: str | None) -> Occurrence | None:
    """The occurrence a recurring task's action is about; None for a one-off task."""
    if task.deadline_kind not in RECURRING_KINDS:
        if period:
            raise InvalidInput(f"Nhiệm vụ {task.code} không định kỳ nên không có kỳ «{quoted(period)}».",
                               code="period.not_recurring", subject=f"task {task.code}",
                               values={"task": task.code, "period": period})
        return None
    periods = s.exec(select(Occurrence).where(Occurrence.task_id == task.id).order_by(col(Occurrence.period))).all()
    listed = [o.period for o in periods]
    if not period:
        raise InvalidInput(f"Nhiệm vụ {task.code} định kỳ hàng tháng: hãy chỉ rõ kỳ (các kỳ: {', '.join(listed)}).",
                           code="period.required", subject=f"task {task.code}",
                           values={"task": task.code, "periods": listed})
    for o in periods:
        if o.period == period:
            return o
    raise NotFound(f"Nhiệm vụ {task.code} không có kỳ «{quoted(period)}».", code="period.unknown",
                   subject=f"task {task.code}", values={"task": task.code, "period": period, "periods": listed})


def find_unit(s: Session, commune_id: int, code: str) -> Unit:
    key = lookup_key(code, label="Mã đơn vị")
    unit = s.exec(select(Unit).where(Unit.commune_id == commune_id, Unit.code == key)).first()
    if unit is None:
        codes = [u.code for u in s.exec(select(Unit).where(Unit.commune_id == commune_id)).all()]
        raise NotFound(f"Không có đơn vị mã «{quoted(code)}» (các đơn vị: {', '.join(codes)}).",
                       code="unit.unknown", subject=f"unit {code}", values={"code": code, "units": codes})
    return unit


def find_person(s: Session, commune_id: int, who: str) -> Person:
    """By numeric id or exact name."""
    q = select(Person).where(Person.commune_id == commune_id)
    key = lookup_key(who, label="Tên hoặc mã người")
    # ASCII digits only: str.isdigit() also accepts '²', which int() refuses. An id beyond the 64-bit column
    # matches nobody; asking the database would overflow.
    if re.fullmatch(r"[0-9]+", key):
        person = s.exec(q.where(Person.id == int(key))).first() if int(key) <= MAX_ID else None
    else:
        person = s.exec(q.where(Person.name == key)).first()
    if person is None:
        raise NotFound(f"Không có người nào tên hoặc mã «{quoted(who, 100)}».", code="person.unknown",
                       subject=f"person {who}", values={"who": who})
    return person


def province_person(s: Session, who: str) -> Person | None:
    """A province official (no commune) by numeric id or exact name, or None."""
    q = select(Person).where(col(Person.commune_id).is_(None))
    key = lookup_key(who, label="Tên hoặc mã người")
    if re.fullmatch(r"[0-9]+", key):
        return s.exec(q.where(Person.id == int(key))).first() if int(key) <= MAX_ID else None
    return s.exec(q.where(Person.name == key)).first()


def person_anywhere(s: Session, commune: str | None, who: str) -> tuple[Commune | None, Person]:
    """A person named at the CLI, with their commune: a commune's person (the commune named, or the only one), or
    a province official (commune None), who belongs to no commune and is found whether a commune is named or not
    (a commune's person of the same name wins when that commune is named)."""
    if commune:
        c = resolve_commune(s, commune)
        try:
            return c, find_person(s, pk(c), who)
        except NotFound:
            official = province_person(s, who)
            if official is None:
                raise
            return None, official
    official = province_person(s, who)
    if official is not None:
        return None, official
    c = resolve_commune(s, commune)
    return c, find_person(s, pk(c), who)


def active_person(s: Session, person_id: int) -> Person:
    """The person acting in their own name, read again inside the action's transaction."""
    p = s.get(Person, person_id)
    if p is None or not p.active:
        raise Forbidden("Tài khoản của đồng chí không còn hiệu lực.", code="permission.inactive",
                        subject=f"person {person_id}")
    if p.commune_id is None:  # a province official (tracker.domain.permissions): reads, never acts
        from tracker.domain.permissions import PROVINCE_READ_ONLY

        raise Forbidden(PROVINCE_READ_ONLY.format(what="này"), code="permission.province_read_only",
                        subject=f"person {p.name}")
    return p


def actor_for(s: Session, commune_id: int, who: str | None, default: str, channel: str = "cli") -> Actor:
    """The operator, recording in the name of `who` (a registered person) when given."""
    if not who:
        return Actor(default, channel)
    person = find_person(s, commune_id, who)
    if not person.active:
        raise Conflict(f"{person.name} đã bị vô hiệu hóa, không thể thực hiện thao tác.", code="person.inactive",
                       subject=f"person {person.name}", values={"person": person.name})
    return Actor(person.name, channel, person.id)


def item_for(s: Session, task: Task, occ: Occurrence | None, *, as_of: datetime, due_soon_days: int = 7) -> Item:
    items = build_items(s, task.commune_id, as_of=as_of, calendar=load_calendar(s, task.commune_id),
                        due_soon_days=due_soon_days, include_future=True, task_ids=[pk(task)])
    for it in items:
        if (it.occurrence.id if it.occurrence else None) == (occ.id if occ else None):
            return it
    raise NotFound(f"Không có nhiệm vụ mã «{task.code}».", code="task.unknown")  # pragma: no cover - guarded


def oldest_open_item(s: Session, task: Task, now: datetime) -> Item:
    """A recurring task named without a period means its oldest open period (the bot's shorthand)."""
    items = build_items(s, task.commune_id, as_of=now, calendar=load_calendar(s, task.commune_id), task_ids=[pk(task)])
    open_items = [it for it in items if it.status in ("overdue", "in_progress")]
    if not open_items:
        raise InvalidInput(f"Nhiệm vụ {task.code} định kỳ hàng tháng không còn kỳ nào đang mở; hãy ghi rõ kỳ.",
                           code="period.none_open", subject=f"task {task.code}", values={"task": task.code})
    return min(open_items, key=lambda it: (it.due or date.max, it.period or ""))


def item_named(s: Session, commune_id: int, code: str, period: str | None, now: datetime, *,
               oldest_open: bool = False, plan: str | None = None, unit_id: int | None = None,
               plan_at: datetime | None = None) -> Item:
    """The item (task, or one period of a recurring task) a user names; a code in several plans means the plan in
    force at `plan_at` (when what is recorded happened; default now)."""
    task = find_task(s, commune_id, code, plan=plan, as_of=plan_at or now, unit_id=unit_id)
    if oldest_open and task.deadline_kind in RECURRING_KINDS and not period:
        return oldest_open_item(s, task, now)
    return item_for(s, task, find_occurrence(s, task, period), as_of=now)
