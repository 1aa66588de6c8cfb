"""Communes as first-class objects: add one, list them with what each holds.

A province runs one tracker for all its communes (issue 13). Each commune has its own units, people, Chairman and
plans; the plan loader fills a commune added here (`tracker seed FILE --commune CODE`). A person belongs to one
commune (Person.commune_id), except a province official, who belongs to none and reads them all.

Working-day overrides are national (commune_id NULL, every commune follows them) or a commune's own, on top of the
national ones (tracker.workdays.load_calendar / CommuneCalendars; migration 0006). A plan file loaded into another
commune (`seed --commune`) brings its overrides as that commune's own.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy import Engine
from sqlmodel import Session, col, select

from tracker.audit import record
from tracker.db import pk, reading, transaction
from tracker.errors import Conflict, InvalidInput, required
from tracker.models import Commune, Person, Plan, Unit
from tracker.usertext import NAME_MAX, clean_text, quoted

# The code a plan file uses for a commune (tracker.seed.Code): letters, digits, '.', '_', '-'; at most 40.
# A commune's code names its folder on the province's public page and its part of the URL: it starts with a letter
# or a digit (".." or ".an" would be a path of its own, or a hidden folder).
CODE_RE = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,39}")


def clean_code(code: str) -> str:
    key = code.strip()
    if not key:
        raise required("code", "Mã xã không được để trống.")
    if not CODE_RE.fullmatch(key):
        raise InvalidInput(f"Mã xã «{quoted(key, 60)}» không hợp lệ: chỉ dùng chữ không dấu, chữ số và các dấu . _ - "
                           "(tối đa 40 ký tự), bắt đầu bằng chữ hoặc số, ví dụ cam-hiep.", code="commune.bad_code",
                           values={"code": key})
    return key


def add_commune(engine: Engine, *, code: str, name: str, province: str | None, actor: str, now: datetime) -> Commune:
    """A new commune, empty: its units, people and plan come with `tracker seed FILE --commune CODE`."""
    from tracker.migrations import migrate

    code = clean_code(code)
    name = clean_text(name, label="Tên xã", limit=NAME_MAX, multiline=False)
    if not name:
        raise required("name", "Tên xã không được để trống.")
    province = clean_text(province, label="Tên tỉnh", limit=NAME_MAX, multiline=False) if province else None
    migrate(engine)
    with transaction(engine) as s:
        if s.exec(select(Commune).where(Commune.code == code)).first() is not None:
            raise Conflict(f"Đã có xã mã «{code}».", code="commune.exists", subject=f"commune {code}",
                           values={"code": code})
        c = Commune(code=code, name=name, province=province or None)
        s.add(c)
        s.flush()
        record(s, now=now, actor=actor, channel="cli", action="commune.create", entity=f"commune {code}",
               commune_id=c.id, after={"code": code, "name": name, "province": province or None})
        return c


@dataclass(frozen=True)
class CommuneRow:
    commune: Commune
    plans: int
    people: int  # active
    units: int

    def to_json(self) -> dict[str, Any]:
        c = self.commune
        return {"code": c.code, "name": c.name, "province": c.province, "plans": self.plans, "people": self.people,
                "units": self.units}


def _counts(s: Session, column: Any, *where: Any) -> dict[int, int]:
    q = sa.select(column, sa.func.count()).where(*where).group_by(column)
    return {cid: n for cid, n in s.execute(q) if cid is not None}


def commune_rows(s: Session) -> list[CommuneRow]:
    """Every commune by code, with its plans, active people and units counted (three grouped queries)."""
    communes = s.exec(select(Commune).order_by(col(Commune.code))).all()
    plans = _counts(s, col(Plan.commune_id))
    people = _counts(s, col(Person.commune_id), col(Person.active))
    units = _counts(s, col(Unit.commune_id))
    return [CommuneRow(c, plans.get(pk(c), 0), people.get(pk(c), 0), units.get(pk(c), 0)) for c in communes]


def list_communes(engine: Engine) -> list[CommuneRow]:
    with reading(engine) as s:
        return commune_rows(s)


# ---------------------------------------------------------------- the province's view of its communes

# The commune's compiled monthly report to the province (III.2.1 "Tổng hợp báo cáo kết quả cải cách TTHC hàng tháng
# gửi Văn phòng UBND tỉnh" in the 2025 plan): the monthly task led by the one-stop centre (unit TTPVHCC) alone.
# Recognised by its shape, not its code, so an imported plan that numbers it differently is read the same way:
# deadline kind "monthly", one lead unit (not a shared duty's item: II.2.a.7/TTPVHCC is one), that unit's code
# TTPVHCC. Several such tasks: the first in plan order. None: the commune is listed as having no such task.
MONTHLY_REPORT_UNIT = "TTPVHCC"


@dataclass(frozen=True)
class CommuneStanding:
    """One commune in the province's ranking, as of an instant, over every plan of the commune not closed."""

    code: str
    name: str
    overdue: int  # items open past their deadline
    with_deadline: int  # items with a deadline (the base of the four-way shares)
    done_on_time: int
    done_late: int
    report_task: str | None  # the monthly report's task code, None if the commune has none
    report_period: str | None  # the latest period whose deadline has passed (YYYY-MM), None if none yet
    report_deadline: Any = None  # date: that period's deadline in force
    report_submitted: bool = True  # that period is done (on time or late)

    @property
    def done(self) -> int:
        return self.done_on_time + self.done_late

    @property
    def on_time_rate(self) -> float | None:
        """Done on time over done (None: nothing done yet); shown with its base."""
        return self.done_on_time / self.done if self.done else None

    @property
    def missing_report(self) -> bool:
        return self.report_period is not None and not self.report_submitted

    def to_json(self) -> dict[str, Any]:
        return {"code": self.code, "name": self.name, "overdue": self.overdue, "with_deadline": self.with_deadline,
                "done_on_time": self.done_on_time, "done_late": self.done_late, "on_time_rate": self.on_time_rate,
                "report_task": self.report_task, "report_period": self.report_period,
                "report_deadline": self.report_deadline.isoformat() if self.report_deadline else None,
                "report_submitted": self.report_submitted}


def _standing(c: Commune, items: list[Any], today: Any) -> CommuneStanding:
    statuses = [it.status for it in items if it.deadline is not None]
    report = [it for it in items if it.task.deadline_kind == "monthly" and it.task.group_code is None
              and it.lead_unit is not None and it.lead_unit.code == MONTHLY_REPORT_UNIT]
    report_task = min((it.task for it in report), key=lambda t: (t.plan_id, t.seq)).code if report else None
    due = [it for it in report if it.task.code == report_task and it.deadline is not None and it.deadline < today]
    latest = max(due, key=lambda it: (it.deadline, it.period or "")) if due else None
    return CommuneStanding(
        code=c.code, name=c.name, overdue=statuses.count("overdue"),
        with_deadline=sum(1 for st in statuses if st != "cancelled"),
        done_on_time=statuses.count("done_on_time"), done_late=statuses.count("done_late"),
        report_task=report_task, report_period=latest.period if latest else None,
        report_deadline=latest.deadline if latest else None,
        report_submitted=latest is None or latest.status in ("done_on_time", "done_late"))


def province_standings(s: Session, now: datetime) -> list[CommuneStanding]:
    """Every commune ranked for the province: most overdue items first, then the lowest on-time rate (a commune
    with nothing done yet after those with a rate), then by code. One build_items per commune (five indexed
    queries each): the digest is weekly."""
    from tracker.status import build_items
    from tracker.timeutil import vn_date
    from tracker.workdays import CommuneCalendars

    cals = CommuneCalendars(s)
    today = vn_date(now)
    out = []
    for c in s.exec(select(Commune).order_by(col(Commune.code))).all():
        items = [it for it in build_items(s, pk(c), as_of=now, calendar=cals.of(pk(c)))
                 if it.plan is None or it.plan.closed_at is None or it.plan.closed_at > now]
        out.append(_standing(c, items, today))
    out.sort(key=lambda r: (-r.overdue, r.on_time_rate if r.on_time_rate is not None else 2.0, r.code))
    return out


def province_items(s: Session, *, now: datetime) -> list[tuple[Commune, list[Any]]]:
    """Every commune (by code) with its items as of `now` across its plans not closed: what a province official's
    /viec and /quahan read. Each commune's items are its own (build_items by commune id)."""
    from tracker.status import build_items
    from tracker.workdays import CommuneCalendars

    cals = CommuneCalendars(s)
    out = []
    for c in s.exec(select(Commune).order_by(col(Commune.code))).all():
        items = [it for it in build_items(s, pk(c), as_of=now, calendar=cals.of(pk(c)))
                 if it.plan is None or it.plan.closed_at is None or it.plan.closed_at > now]
        out.append((c, items))
    return out
