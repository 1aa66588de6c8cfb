"""Load a plan file (seed/plan_tasks.json) into the database.

The file's schema is the pydantic models below; README's "Plan file" section
documents it. Loading is idempotent: entities are matched by their codes, edited
titles and deadlines are updated, and completions, extensions and history are
never touched.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator
from sqlalchemy import Engine
from sqlmodel import Session, select

from tracker.audit import record
from tracker.db import init_db, transaction
from tracker.errors import InvalidPlan
from tracker.models import (
    Commune,
    Completion,
    Extension,
    Kpi,
    Occurrence,
    Person,
    Plan,
    Task,
    Unit,
    WorkdayOverride,
)
from tracker.timeutil import parse_period, periods_between, report_window
from tracker.workdays import WorkCalendar

PeriodStr = Annotated[str, Field(pattern=r"^\d{4}-(0[1-9]|1[0-2])$")]
Code = Annotated[str, Field(min_length=1, max_length=40, pattern=r"^[A-Za-z0-9._-]+$")]
Text = Annotated[str, Field(min_length=1)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class CommuneIn(_Strict):
    code: Code
    name: Text
    province: str | None = None


class UnitIn(_Strict):
    code: Code
    name: Text


class PersonIn(_Strict):
    name: Text
    role: Literal["chairman", "vice_chairman", "head", "staff", "it"]
    unit: Code | None = None
    email: str | None = None
    telegram_chat_id: int | None = None


class PlanIn(_Strict):
    code: Code
    number: Text
    title: Text
    issuer: Text
    signer: str | None = None
    issue_date: date
    issue_date_text: str | None = None
    year: int = Field(ge=2000, le=2100)


class FixedDate(_Strict):
    kind: Literal["fixed_date"]
    text: Text
    date: date


class QuarterEnd(_Strict):
    kind: Literal["quarter_end"]
    text: Text
    year: int = Field(ge=2000, le=2100)
    quarter: int = Field(ge=1, le=4)


class YearEnd(_Strict):
    kind: Literal["year_end"]
    text: Text
    year: int = Field(ge=2000, le=2100)


class Monthly(_Strict):
    kind: Literal["monthly"]
    text: Text
    first_period: PeriodStr
    last_period: PeriodStr
    submit_within_working_days: int = Field(default=2, ge=0, le=30)

    @model_validator(mode="after")
    def _ordered(self) -> Monthly:
        if self.last_period < self.first_period:
            raise ValueError("last_period đứng trước first_period")
        return self


class OnEvent(_Strict):
    kind: Literal["on_event"]
    text: Text


class Standing(_Strict):
    kind: Literal["standing"]
    text: Text


Deadline = Annotated[
    FixedDate | QuarterEnd | YearEnd | Monthly | OnEvent | Standing,
    Field(discriminator="kind"),
]


class TaskIn(_Strict):
    code: Code
    section: Text
    title: Text
    description: Text
    lead_unit: Code
    coordinating_units: list[Code] = []
    deadline: Deadline
    expected_output: str | None = None
    legal_basis: str | None = None


class KpiIn(_Strict):
    code: Code
    group_title: Text
    name: Text
    lead_units: list[Code]
    evaluating_units: list[Code] = []
    target: float = Field(ge=0)
    comparison: Literal["gte", "lte", "eq"]
    target_text: Text
    unit_of_measure: str = "%"
    window: Literal["calendar_month", "report_period"] = "calendar_month"
    legal_basis: str | None = None


class OverrideIn(_Strict):
    date: date
    working: bool
    note: Text


class PlanFile(_Strict):
    schema_version: Literal[1]
    commune: CommuneIn
    units: list[UnitIn] = Field(min_length=1)
    people: list[PersonIn] = []
    plan: PlanIn
    tasks: list[TaskIn] = Field(min_length=1)
    kpis: list[KpiIn] = []
    workday_overrides: list[OverrideIn] = []


_PYDANTIC_VI = {
    "missing": "thiếu trường bắt buộc",
    "extra_forbidden": "trường không được phép",
    "date_from_datetime_parsing": "ngày không hợp lệ (dùng YYYY-MM-DD)",
    "date_parsing": "ngày không hợp lệ (dùng YYYY-MM-DD)",
    "date_type": "ngày không hợp lệ (dùng YYYY-MM-DD)",
    "string_type": "phải là chuỗi",
    "string_too_short": "không được để trống",
    "string_too_long": "quá dài",
    "string_pattern_mismatch": "sai định dạng",
    "int_type": "phải là số nguyên",
    "int_parsing": "phải là số nguyên",
    "float_type": "phải là số",
    "float_parsing": "phải là số",
    "bool_type": "phải là true hoặc false",
    "list_type": "phải là danh sách",
    "model_type": "phải là một đối tượng",
    "literal_error": "giá trị không được chấp nhận",
    "union_tag_invalid": "loại thời hạn không được chấp nhận",
    "union_tag_not_found": "thiếu «kind»",
    "greater_than_equal": "giá trị quá nhỏ",
    "less_than_equal": "giá trị quá lớn",
    "too_short": "danh sách không được rỗng",
    "value_error": "giá trị không hợp lệ",
}


def _describe_location(raw: Any, loc: tuple[Any, ...]) -> str:
    """tasks[3] (II.1.b.4) → deadline.date: name the entry by its code when it has one."""
    parts: list[str] = []
    node = raw
    for i, key in enumerate(loc):
        if isinstance(key, int):
            label = f"[{key}]"
            try:
                node = node[key]
                code = node.get("code") if isinstance(node, dict) else None
            except (IndexError, KeyError, TypeError):
                code = None
            if code:
                label += f" (mã {code})"
            parts.append(label)
        else:
            if isinstance(node, dict) and i < len(loc) - 1 and key in node:
                node = node[key]
            # Discriminator names in pydantic locations are noise for a user.
            if key in {"fixed_date", "quarter_end", "year_end", "monthly", "on_event", "standing"}:
                continue
            parts.append(("." if parts else "") + str(key))
    return "".join(parts) or "(gốc)"


def _describe_error(err: Any) -> str:
    """pydantic's error in Vietnamese, with the offending value so the user can find it."""
    kind, value, ctx = err["type"], err.get("input"), err.get("ctx") or {}
    what = _PYDANTIC_VI.get(kind, "giá trị không hợp lệ")
    if kind.startswith("date") and isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        what = "ngày không tồn tại"
    if kind == "union_tag_invalid":
        what += f" (chọn một trong: {', '.join(re.findall(r'[a-z_]+', str(ctx.get('expected_tags', ''))))})"
    elif kind == "literal_error" and ctx.get("expected"):
        choices = re.findall(r"'([^']*)'", str(ctx["expected"]))
        what += f" (chọn một trong: {', '.join(choices)})"
    shown = value if kind != "union_tag_invalid" else ctx.get("tag")
    if isinstance(shown, str | int | float) and not isinstance(shown, bool) and kind not in {"missing"}:
        what = f"«{shown}»: {what}"
    return what


def parse_plan(raw: Any) -> PlanFile:
    try:
        plan = PlanFile.model_validate(raw)
    except ValidationError as exc:
        err = exc.errors()[0]
        where = _describe_location(raw, tuple(err["loc"]))
        more = f" (và {exc.error_count() - 1} lỗi khác)" if exc.error_count() > 1 else ""
        raise InvalidPlan(f"Tệp kế hoạch không hợp lệ: {where}: {_describe_error(err)}.{more}") from None
    _check_references(plan)
    return plan


def _check_references(plan: PlanFile) -> None:
    units = {u.code for u in plan.units}
    _unique([u.code for u in plan.units], "units")
    _unique([t.code for t in plan.tasks], "tasks")
    _unique([k.code for k in plan.kpis], "kpis")
    _unique([p.name for p in plan.people], "people", field="name")
    bad = "Tệp kế hoạch không hợp lệ: {where}.{field}: đơn vị «{code}» không có trong «units»."
    for i, t in enumerate(plan.tasks):
        where = f"tasks[{i}] (mã {t.code})"
        for fld, codes in (("lead_unit", [t.lead_unit]), ("coordinating_units", t.coordinating_units)):
            for code in codes:
                if code not in units:
                    raise InvalidPlan(bad.format(where=where, field=fld, code=code))
        if t.lead_unit in t.coordinating_units:
            raise InvalidPlan(f"Tệp kế hoạch không hợp lệ: {where}.coordinating_units: "
                              f"đơn vị chủ trì «{t.lead_unit}» cũng nằm trong đơn vị phối hợp.")
    for i, k in enumerate(plan.kpis):
        for fld, codes in (("lead_units", k.lead_units), ("evaluating_units", k.evaluating_units)):
            for code in codes:
                if code not in units:
                    raise InvalidPlan(bad.format(where=f"kpis[{i}] (mã {k.code})", field=fld, code=code))
    for i, p in enumerate(plan.people):
        if p.unit and p.unit not in units:
            raise InvalidPlan(bad.format(where=f"people[{i}] ({p.name})", field="unit", code=p.unit))


def _unique(codes: list[str], where: str, field: str = "code") -> None:
    seen: dict[str, int] = {}
    for i, c in enumerate(codes):
        if c in seen:
            noun = "tên" if field == "name" else "mã"
            raise InvalidPlan(f"Tệp kế hoạch không hợp lệ: {where}[{i}] ({noun} {c}).{field}: "
                              f"{noun} «{c}» bị trùng với {where}[{seen[c]}].")
        seen[c] = i


def read_plan_file(path: Path) -> PlanFile:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InvalidPlan(f"Không tìm thấy tệp kế hoạch: {path}") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise InvalidPlan(f"Không đọc được tệp kế hoạch {path}: {exc.__class__.__name__}") from None
    try:
        raw = json.loads(unicodedata.normalize("NFC", text))
    except json.JSONDecodeError as exc:
        raise InvalidPlan(
            f"Tệp kế hoạch không phải JSON hợp lệ: dòng {exc.lineno}, cột {exc.colno}."
        ) from None
    return parse_plan(raw)


def compute_due(deadline: Any) -> date | None:
    if isinstance(deadline, FixedDate):
        return deadline.date
    if isinstance(deadline, QuarterEnd):
        month = deadline.quarter * 3
        last = {3: 31, 6: 30, 9: 30, 12: 31}[month]
        return date(deadline.year, month, last)
    if isinstance(deadline, YearEnd):
        return date(deadline.year, 12, 31)
    return None


def occurrence_plan(deadline: Monthly, cal: WorkCalendar) -> list[tuple[str, date, date, date]]:
    """(period, window_start, window_end, due) for each month of a monthly task."""
    out = []
    for period in periods_between(parse_period(deadline.first_period), deadline.last_period):
        start, end = report_window(period)
        out.append((period, start, end, cal.add_working_days(end, deadline.submit_within_working_days)))
    return out


@dataclass
class SeedResult:
    commune: str
    created: dict[str, int] = field(default_factory=dict)
    updated: dict[str, int] = field(default_factory=dict)
    kept: list[str] = field(default_factory=list)  # tasks in the DB but not in the file

    def bump(self, bucket: dict[str, int], kind: str) -> None:
        bucket[kind] = bucket.get(kind, 0) + 1


def load_calendar(session: Session) -> WorkCalendar:
    overrides = {o.day: o.is_working for o in session.exec(select(WorkdayOverride)).all()}
    return WorkCalendar(overrides)


def _sync(obj: Any, values: dict[str, Any]) -> dict[str, Any]:
    """Assign changed attributes; return {field: [old, new]} for the audit trail."""
    changes: dict[str, Any] = {}
    for key, new in values.items():
        old = getattr(obj, key)
        if old != new:
            changes[key] = [_jsonable(old), _jsonable(new)]
            setattr(obj, key, new)
    return changes


def _jsonable(v: Any) -> Any:
    if isinstance(v, date | datetime):
        return v.isoformat()
    return v


def seed(engine: Engine, path: Path, *, now: datetime, actor: str) -> SeedResult:
    """Load a plan file in one transaction; raises InvalidPlan before touching data."""
    pf = read_plan_file(path)
    init_db(engine)
    with transaction(engine) as s:
        return _apply(s, pf, now=now, actor=actor)


def _apply(s: Session, pf: PlanFile, *, now: datetime, actor: str) -> SeedResult:
    res = SeedResult(commune=pf.commune.code)
    for ov in pf.workday_overrides:
        existing = s.get(WorkdayOverride, ov.date)
        if existing is None:
            s.add(WorkdayOverride(day=ov.date, is_working=ov.working, note=ov.note))
            res.bump(res.created, "workday_overrides")
    s.flush()
    cal = load_calendar(s)

    commune = s.exec(select(Commune).where(Commune.code == pf.commune.code)).first()
    if commune is None:
        commune = Commune(code=pf.commune.code, name=pf.commune.name, province=pf.commune.province)
        s.add(commune)
        s.flush()
        res.bump(res.created, "communes")
    elif _sync(commune, {"name": pf.commune.name, "province": pf.commune.province}):
        res.bump(res.updated, "communes")
    assert commune.id is not None
    cid = commune.id

    units = {u.code: u for u in s.exec(select(Unit).where(Unit.commune_id == cid)).all()}
    for u_in in pf.units:
        unit = units.get(u_in.code)
        if unit is None:
            unit = Unit(commune_id=cid, code=u_in.code, name=u_in.name)
            s.add(unit)
            units[u_in.code] = unit
            res.bump(res.created, "units")
        elif _sync(unit, {"name": u_in.name}):
            res.bump(res.updated, "units")
    s.flush()
    uid = {code: u.id for code, u in units.items()}

    people = {p.name: p for p in s.exec(select(Person).where(Person.commune_id == cid)).all()}
    for p_in in pf.people:
        if p_in.name in people:
            continue  # the IT officer owns people after the first load
        person = Person(
            commune_id=cid,
            name=p_in.name,
            role=p_in.role,
            unit_id=uid[p_in.unit] if p_in.unit else None,
            email=p_in.email,
            telegram_chat_id=p_in.telegram_chat_id,
        )
        s.add(person)
        s.flush()
        record(s, now=now, actor=actor, channel="seed", action="person.create",
               entity=f"person {person.name}", commune_id=cid, after=_person_view(person))
        res.bump(res.created, "people")

    plan = s.exec(select(Plan).where(Plan.commune_id == cid, Plan.code == pf.plan.code)).first()
    plan_values = pf.plan.model_dump(exclude={"code"})
    if plan is None:
        plan = Plan(commune_id=cid, code=pf.plan.code, **plan_values)
        s.add(plan)
        s.flush()
        res.bump(res.created, "plans")
    elif _sync(plan, plan_values):
        res.bump(res.updated, "plans")
    assert plan.id is not None

    tasks = {t.code: t for t in s.exec(select(Task).where(Task.plan_id == plan.id)).all()}
    for seq, t_in in enumerate(pf.tasks):
        values: dict[str, Any] = {
            "seq": seq,
            "section": t_in.section,
            "title": t_in.title,
            "description": t_in.description,
            "lead_unit_id": uid[t_in.lead_unit],
            "coordinating_unit_ids": [uid[c] for c in t_in.coordinating_units],
            "deadline_kind": t_in.deadline.kind,
            "deadline_text": t_in.deadline.text,
            "due_date": compute_due(t_in.deadline),
            "recurrence": t_in.deadline.model_dump(mode="json")
            if isinstance(t_in.deadline, Monthly) else None,
            "expected_output": t_in.expected_output,
            "legal_basis": t_in.legal_basis,
        }
        task = tasks.get(t_in.code)
        if task is None:
            task = Task(commune_id=cid, plan_id=plan.id, code=t_in.code, **values)
            s.add(task)
            s.flush()
            record(s, now=now, actor=actor, channel="seed", action="task.create",
                   entity=f"task {task.code}", commune_id=cid, task_id=task.id,
                   after={k: _jsonable(v) for k, v in values.items() if k != "seq"})
            res.bump(res.created, "tasks")
        else:
            changes = _sync(task, values)
            changes.pop("seq", None)
            if changes:
                record(s, now=now, actor=actor, channel="seed", action="task.update",
                       entity=f"task {task.code}", commune_id=cid, task_id=task.id,
                       before={k: v[0] for k, v in changes.items()},
                       after={k: v[1] for k, v in changes.items()})
                res.bump(res.updated, "tasks")
        if isinstance(t_in.deadline, Monthly):
            _sync_occurrences(s, task, occurrence_plan(t_in.deadline, cal), res)
    file_codes = {t.code for t in pf.tasks}
    res.kept = sorted(code for code in tasks if code not in file_codes)

    kpis = {k.code: k for k in s.exec(select(Kpi).where(Kpi.plan_id == plan.id)).all()}
    for seq, k_in in enumerate(pf.kpis):
        kvalues: dict[str, Any] = {
            "seq": seq,
            "group_title": k_in.group_title,
            "name": k_in.name,
            "lead_unit_ids": [uid[c] for c in k_in.lead_units],
            "evaluating_unit_ids": [uid[c] for c in k_in.evaluating_units],
            "target": k_in.target,
            "comparison": k_in.comparison,
            "target_text": k_in.target_text,
            "unit_of_measure": k_in.unit_of_measure,
            "window": k_in.window,
            "legal_basis": k_in.legal_basis,
        }
        kpi = kpis.get(k_in.code)
        if kpi is None:
            s.add(Kpi(commune_id=cid, plan_id=plan.id, code=k_in.code, **kvalues))
            res.bump(res.created, "kpis")
        elif _sync(kpi, kvalues):
            res.bump(res.updated, "kpis")
    if res.created or res.updated:
        record(s, now=now, actor=actor, channel="seed", action="plan.seed",
               entity=f"plan {plan.code}", commune_id=cid,
               after={"created": res.created, "updated": res.updated})
    return res


def _sync_occurrences(
    s: Session, task: Task, wanted: list[tuple[str, date, date, date]], res: SeedResult
) -> None:
    assert task.id is not None
    existing = {o.period: o for o in s.exec(select(Occurrence).where(Occurrence.task_id == task.id)).all()}
    for period, start, end, due in wanted:
        occ = existing.pop(period, None)
        if occ is None:
            s.add(Occurrence(task_id=task.id, commune_id=task.commune_id, period=period,
                             window_start=start, window_end=end, due_date=due))
            res.bump(res.created, "occurrences")
        elif _sync(occ, {"window_start": start, "window_end": end, "due_date": due}):
            res.bump(res.updated, "occurrences")
    # A period dropped from the file disappears only if nothing was ever recorded on it.
    for occ in existing.values():
        done = s.exec(select(Completion.id).where(Completion.occurrence_id == occ.id)).first()
        moved = s.exec(select(Extension.id).where(Extension.occurrence_id == occ.id)).first()
        if done is None and moved is None:
            s.delete(occ)
            res.bump(res.updated, "occurrences_removed")


def _person_view(p: Person) -> dict[str, Any]:
    return {"name": p.name, "role": p.role, "unit_id": p.unit_id, "active": p.active,
            "email": p.email, "telegram_chat_id": p.telegram_chat_id}

