"""Load a plan file (seed/plan_tasks.json) into the database.

The file's schema is the pydantic models below; docs/domain-rules.md, "The plan file",
documents it. Loading is idempotent: entities are matched by their codes, edited
titles and deadlines are updated, and completions, extensions and history are
never touched. A file is checked whole before anything is written: dates lie in
2000-01-01..2100-12-31, a monthly task spans at most 60 periods, text holds no
control characters. Working-day overrides in the file are added or updated, never
removed, and a day the IT officer changed last with `tracker workdays` keeps that.
"""

from __future__ import annotations

import contextlib
import json
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError
from sqlalchemy import Engine
from sqlmodel import Session, col, select

from tracker.audit import record
from tracker.db import pk, transaction
from tracker.errors import InvalidInput, InvalidPlan
from tracker.formatting import fmt_number
from tracker.migrations import migrate
from tracker.models import (
    RECURRING_KINDS,
    AuditEvent,
    Commune,
    Completion,
    EscalationAck,
    Extension,
    Kpi,
    Occurrence,
    OutboxMessage,
    Person,
    Plan,
    Task,
    Unit,
    WorkdayOverride,
    is_private_chat_id,
)
from tracker.plandates import effective_issue_date
from tracker.timeutil import (
    EARLIEST,
    LATEST,
    check_date_range,
    parse_period,
    period_bounds,
    periods_between,
    report_window,
)
from tracker.usertext import EMAIL_MAX, NAME_MAX, is_control, is_email, quoted
from tracker.workdays import WorkCalendar, load_calendar

# Limits a plan file must respect. Dates share the range of every other input (tracker.timeutil); a monthly
# task spans at most five years of periods (a five-year plan is the longest a commune adopts, and 60 rows per
# task keeps views and reminders cheap); text is bounded far above anything a real plan holds (its longest
# description is under 1,000 characters) so a stray paste cannot make every message unreadable.
MAX_PERIODS = 60
MAX_LINE = 1_000
MAX_TEXT = 10_000
MAX_PLAN_BYTES = 10_000_000
MAX_TARGET = 1_000_000_000  # a KPI target in a unit other than %


def _plain(multiline: bool) -> Any:
    """Refuse control characters (the rule free text typed in the CLI and the bot follows): NUL is refused by
    PostgreSQL, ESC and friends rewrite the terminal that shows the text. Long text keeps newlines and tabs."""
    allowed = {"\n", "\t"} if multiline else set()

    def check(value: str) -> str:
        for ch in value:
            if is_control(ch) and ch not in allowed:
                raise PydanticCustomError("tracker_control", "chứa ký tự điều khiển U+{cp} (không được phép)",
                                          {"cp": f"{ord(ch):04X}"})
        return value

    return AfterValidator(check)


def _day(value: Any) -> date:
    """A calendar day written YYYY-MM-DD, within the range every date shares."""
    if not isinstance(value, str) or not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", value.strip()):
        raise PydanticCustomError("date_parsing", "ngày không hợp lệ")
    try:
        day = date.fromisoformat(value.strip())
    except ValueError:
        raise PydanticCustomError("tracker_date", "«{v}»: ngày không tồn tại", {"v": value.strip()}) from None
    try:
        check_date_range(day, "ngày")
    except InvalidInput as exc:
        raise PydanticCustomError("tracker_date", exc.message.rstrip(".")) from None
    return day


def _period_in_range(value: str) -> str:
    if not EARLIEST.year <= int(value[:4]) <= LATEST.year:
        raise PydanticCustomError(
            "tracker_period", "kỳ «{v}» nằm ngoài khoảng cho phép ({a}-01 đến {b}-12)",
            {"v": value, "a": f"{EARLIEST.year:04d}", "b": f"{LATEST.year:04d}"})
    return value


def _not_bool(value: Any) -> Any:
    # JSON true is not the number 1 (pydantic lets a bool through a Literal[1]).
    if isinstance(value, bool):
        raise PydanticCustomError("int_type", "phải là số nguyên")
    return value


Day = Annotated[date, BeforeValidator(_day)]
# [0-9], not \d: \d also matches other scripts' digits, which would never equal a stored period.
PeriodStr = Annotated[str, Field(pattern=r"^[0-9]{4}-(0[1-9]|1[0-2])$"), AfterValidator(_period_in_range)]
Code = Annotated[str, Field(min_length=1, max_length=40, pattern=r"^[A-Za-z0-9._-]+$")]
Text = Annotated[str, Field(min_length=1, max_length=MAX_LINE), _plain(multiline=False)]
OptLine = Annotated[str, Field(max_length=MAX_LINE), _plain(multiline=False)] | None
LongText = Annotated[str, Field(min_length=1, max_length=MAX_TEXT), _plain(multiline=True)]
OptLong = Annotated[str, Field(max_length=MAX_TEXT), _plain(multiline=True)] | None


class SourceIn(BaseModel):
    """Where a draft's entry came from in the plan document (tracker plan import); kept in the file only."""

    model_config = ConfigDict(extra="forbid")
    paragraph: int | None = Field(default=None, ge=1)
    table: int | None = Field(default=None, ge=1)
    row: int | None = Field(default=None, ge=1)
    page: int | None = Field(default=None, ge=1)
    text: Annotated[str, Field(max_length=MAX_TEXT)] = ""


class _Strict(BaseModel):
    # strict: a JSON "yes" is not a boolean, "2025" is not a number, true is not 1.
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, strict=True)


class CommuneIn(_Strict):
    # A letter or digit first: the code names the commune's folder on the province's public page.
    code: Annotated[str, Field(min_length=1, max_length=40, pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]*$")]
    name: Text
    province: OptLine = None


class UnitIn(_Strict):
    source: SourceIn | None = None  # where a draft took it from (tracker plan import)
    review: OptLong = None  # why a draft's reading needs a person's check; `seed` refuses the file while any is left
    code: Code
    name: Text
    department: bool = True  # a "phòng chuyên môn" ("all_departments" in a task's lead_units)


class PersonIn(_Strict):
    name: Annotated[str, Field(min_length=1, max_length=NAME_MAX), _plain(multiline=False)]
    role: Literal["chairman", "vice_chairman", "head", "staff", "it"]
    unit: Code | None = None
    email: Annotated[str, Field(max_length=EMAIL_MAX)] | None = None
    telegram_chat_id: int | None = None

    @field_validator("telegram_chat_id")
    @classmethod
    def _private_chat(cls, value: int | None) -> int | None:
        if value is not None and not is_private_chat_id(value):
            raise PydanticCustomError(
                "tracker_chat", "«{v}» không phải mã cuộc trò chuyện riêng với bot (một số dương dưới 2^52; "
                "nhóm không dùng được)", {"v": quoted(value, 24)})
        return value

    @field_validator("email")
    @classmethod
    def _address(cls, value: str | None) -> str | None:
        if value is not None and not is_email(value):  # the rule `tracker people` follows
            raise PydanticCustomError("tracker_email", "«{v}» không phải địa chỉ thư (ví dụ: ten@camhiep.gov.vn)",
                                      {"v": quoted(value)})
        return value

    @model_validator(mode="after")
    def _head_has_unit(self) -> PersonIn:
        # Reminders of a unit's tasks go to its head: a head without a unit would never receive one.
        if self.role == "head" and not self.unit:
            raise PydanticCustomError("tracker_head", "trưởng đơn vị phải có «unit»")
        return self


class PlanIn(_Strict):
    source: SourceIn | None = None  # where a draft took it from (tracker plan import)
    review: OptLong = None  # why a draft's reading needs a person's check; `seed` refuses the file while any is left
    code: Code
    number: Text
    title: Text
    issuer: Text
    signer: OptLine = None
    issue_date: Day | None = None  # unknown: issue_date_text keeps the wording ("ngày … tháng 8 năm 2025")
    issue_date_text: OptLine = None
    year: int = Field(ge=EARLIEST.year, le=LATEST.year)


class FixedDate(_Strict):
    kind: Literal["fixed_date"]
    text: Text
    date: Day


class QuarterEnd(_Strict):
    kind: Literal["quarter_end"]
    text: Text
    year: int = Field(ge=EARLIEST.year, le=LATEST.year)
    quarter: int = Field(ge=1, le=4)


class YearEnd(_Strict):
    kind: Literal["year_end"]
    text: Text
    year: int = Field(ge=EARLIEST.year, le=LATEST.year)


class Monthly(_Strict):
    kind: Literal["monthly"]
    text: Text
    first_period: PeriodStr
    last_period: PeriodStr
    submit_within_working_days: int = Field(default=2, ge=0, le=30)

    @model_validator(mode="after")
    def _ordered(self) -> Monthly:
        if self.last_period < self.first_period:
            raise PydanticCustomError("tracker_periods", "last_period đứng trước first_period")
        (fy, fm), (ly, lm) = period_bounds(self.first_period), period_bounds(self.last_period)
        count = (ly - fy) * 12 + lm - fm + 1
        if count > MAX_PERIODS:
            raise PydanticCustomError(
                "tracker_periods",
                "từ first_period «{f}» đến last_period «{l}» là {n} kỳ, quá {m} kỳ (5 năm) cho phép",
                {"f": self.first_period, "l": self.last_period, "n": fmt_number(count),
                 "m": MAX_PERIODS})
        return self


PeriodId = Annotated[str, Field(pattern=r"^[0-9]{4}-(0[1-9]|1[0-2]|Q[1-4]|H1|9M|Y)$"), AfterValidator(_period_in_range)]


class Periodic(_Strict):
    """Recurring reports beyond monthly: quarterly, six-monthly, nine-monthly, yearly (ND 09/2019 windows)."""

    kind: Literal["periodic"]
    text: Text
    periods: list[PeriodId] = Field(min_length=1, max_length=MAX_PERIODS)
    submit_within_working_days: int = Field(default=2, ge=0, le=30)

    @model_validator(mode="after")
    def _once_each(self) -> Periodic:
        if len(set(self.periods)) != len(self.periods):
            raise PydanticCustomError("tracker_periods", "«periods» có kỳ lặp lại")
        return self


class OnEvent(_Strict):
    kind: Literal["on_event"]
    text: Text


class Standing(_Strict):
    kind: Literal["standing"]
    text: Text


Deadline = Annotated[
    FixedDate | QuarterEnd | YearEnd | Monthly | Periodic | OnEvent | Standing,
    Field(discriminator="kind"),
]


ALL_DEPARTMENTS = "all_departments"


class TaskIn(_Strict):
    source: SourceIn | None = None  # where a draft took it from (tracker plan import)
    review: OptLong = None  # why a draft's reading needs a person's check; `seed` refuses the file while any is left
    code: Code
    section: Text
    title: Text
    description: LongText
    # One lead unit, or several (a shared duty: each unit gets its own item), or every department.
    lead_unit: Code | None = None
    lead_units: list[Code] | Literal["all_departments"] | None = None
    coordinating_units: list[Code] = []
    deadline: Deadline
    expected_output: OptLong = None
    legal_basis: OptLong = None
    note: OptLong = None  # how the plan's wording was read (who, which deadline)

    @model_validator(mode="after")
    def _one_lead(self) -> TaskIn:
        if (self.lead_unit is None) == (self.lead_units is None):
            raise PydanticCustomError("tracker_lead", "cần đúng một trong hai trường «lead_unit» hoặc «lead_units»")
        if isinstance(self.lead_units, list) and not self.lead_units:
            raise PydanticCustomError("tracker_lead", "«lead_units» không được rỗng")
        return self

    def leads(self, departments: list[str]) -> list[str]:
        """The lead units' codes, in the file's order of units for "all_departments"."""
        if self.lead_unit is not None:
            return [self.lead_unit]
        if self.lead_units == ALL_DEPARTMENTS:
            return list(departments)
        assert isinstance(self.lead_units, list)
        return list(self.lead_units)


class KpiIn(_Strict):
    source: SourceIn | None = None  # where a draft took it from (tracker plan import)
    review: OptLong = None  # why a draft's reading needs a person's check; `seed` refuses the file while any is left
    code: Code
    group_title: Text
    name: Text
    lead_units: list[Code] = Field(min_length=1)
    evaluating_units: list[Code] = []
    # Finite (JSON's 1e309 reads as infinity); a percentage lies in 0..100 like every reading.
    target: float = Field(ge=0, le=MAX_TARGET, allow_inf_nan=False)
    comparison: Literal["gte", "lte", "eq"]
    target_text: Text
    unit_of_measure: Annotated[str, Field(min_length=1, max_length=40), _plain(multiline=False)] = "%"
    window: Literal["calendar_month", "report_period"] = "calendar_month"
    legal_basis: OptLong = None

    @model_validator(mode="after")
    def _percentage(self) -> KpiIn:
        if self.unit_of_measure == "%" and self.target > 100:
            raise PydanticCustomError("tracker_target", "target {v} là tỷ lệ phần trăm, phải từ 0 đến 100",
                                      {"v": quoted(self.target)})
        return self


class OverrideIn(_Strict):
    date: Day
    working: bool
    note: Text


class PlanFile(_Strict):
    schema_version: Annotated[Literal[1], BeforeValidator(_not_bool)]
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
    "finite_number": "số quá lớn hoặc không phải số hữu hạn",
    "too_long": "danh sách quá dài",
    "dict_type": "phải là một đối tượng",
    "model_attributes_type": "phải là một đối tượng",
    "recursion_loop": "lồng nhau quá sâu",
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
            name = node.get("name") if isinstance(node, dict) else None
            if isinstance(code, str) and code:
                label += f" (mã {quoted(code, 40)})"
            elif isinstance(name, str) and name:
                label += f" ({quoted(name, 40)})"
            parts.append(label)
        else:
            if isinstance(node, dict) and i < len(loc) - 1 and key in node:
                node = node[key]
            # Discriminator names in pydantic locations are noise for a user.
            if key in {"fixed_date", "quarter_end", "year_end", "monthly", "periodic", "on_event", "standing"}:
                continue
            parts.append(("." if parts else "") + str(key))
    return "".join(parts) or "(gốc)"


def _describe_error(err: Any) -> str:
    """pydantic's error in Vietnamese, with the offending value so the user can find it."""
    kind, value, ctx = err["type"], err.get("input"), err.get("ctx") or {}
    if kind.startswith("tracker_"):
        return str(err["msg"])  # our own validators already speak Vietnamese and quote what they need
    what = _PYDANTIC_VI.get(kind, "giá trị không hợp lệ")
    if kind.startswith("date") and isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        what = "ngày không tồn tại"
    if kind == "union_tag_invalid":
        what += f" (chọn một trong: {', '.join(re.findall(r'[a-z_]+', str(ctx.get('expected_tags', ''))))})"
    elif kind == "literal_error" and ctx.get("expected"):
        choices = re.findall(r"'([^']*)'|(\d+)", str(ctx["expected"]))
        what += f" (chọn một trong: {', '.join(a or b for a, b in choices)})"
    elif kind == "greater_than_equal" and "ge" in ctx:
        what += f" (tối thiểu {quoted(ctx['ge'])})"
    elif kind == "less_than_equal" and "le" in ctx:
        what += f" (tối đa {quoted(ctx['le'])})"
    elif kind == "string_too_long" and "max_length" in ctx:
        what += f" (tối đa {ctx['max_length']} ký tự)"
    shown = value if kind not in {"union_tag_invalid", "finite_number"} else ctx.get("tag")
    if isinstance(shown, str | int | float) and not isinstance(shown, bool) and kind not in {"missing"}:
        what = f"«{quoted(shown)}»: {what}"
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
    _unique([o.date.isoformat() for o in plan.workday_overrides], "workday_overrides", field="date")
    bad = "Tệp kế hoạch không hợp lệ: {where}.{field}: đơn vị «{code}» không có trong «units»."
    departments = [u.code for u in plan.units if u.department]
    for i, t in enumerate(plan.tasks):
        where = f"tasks[{i}] (mã {t.code})"
        lead_field = "lead_unit" if t.lead_unit is not None else "lead_units"
        leads = t.leads(departments)
        if not leads:
            raise InvalidPlan(f"Tệp kế hoạch không hợp lệ: {where}.lead_units: «all_departments» nhưng không có "
                              "đơn vị nào trong «units» là phòng chuyên môn (department).")
        for fld, codes in ((lead_field, leads), ("coordinating_units", t.coordinating_units)):
            for code in codes:
                if code not in units:
                    raise InvalidPlan(bad.format(where=where, field=fld, code=code))
        _no_repeats(leads, f"{where}.{lead_field}")
        _no_repeats(t.coordinating_units, f"{where}.coordinating_units")
        for lead in leads:
            if lead in t.coordinating_units:
                raise InvalidPlan(f"Tệp kế hoạch không hợp lệ: {where}.coordinating_units: "
                                  f"đơn vị chủ trì «{lead}» cũng nằm trong đơn vị phối hợp.")
    for i, k in enumerate(plan.kpis):
        for fld, codes in (("lead_units", k.lead_units), ("evaluating_units", k.evaluating_units)):
            for code in codes:
                if code not in units:
                    raise InvalidPlan(bad.format(where=f"kpis[{i}] (mã {k.code})", field=fld, code=code))
            _no_repeats(codes, f"kpis[{i}] (mã {k.code}).{fld}")
    chats: dict[int, int] = {}
    for i, p in enumerate(plan.people):
        if p.unit and p.unit not in units:
            raise InvalidPlan(bad.format(where=f"people[{i}] ({p.name})", field="unit", code=p.unit))
        if p.telegram_chat_id is not None:
            first = chats.setdefault(p.telegram_chat_id, i)
            if first != i:
                # A chat belongs to one person: the bot could not tell whose button was pressed.
                raise InvalidPlan(f"Tệp kế hoạch không hợp lệ: people[{i}] ({p.name}).telegram_chat_id: "
                                  f"«{p.telegram_chat_id}» đã dùng cho people[{first}].")


def _unique(codes: list[str], where: str, field: str = "code") -> None:
    seen: dict[str, int] = {}
    noun = {"name": "tên", "date": "ngày"}.get(field, "mã")
    for i, c in enumerate(codes):
        if c in seen:
            raise InvalidPlan(f"Tệp kế hoạch không hợp lệ: {where}[{i}] ({noun} {c}).{field}: "
                              f"{noun} «{c}» bị trùng với {where}[{seen[c]}].")
        seen[c] = i


def _no_repeats(codes: list[str], where: str) -> None:
    seen: set[str] = set()
    for code in codes:
        if code in seen:
            raise InvalidPlan(f"Tệp kế hoạch không hợp lệ: {where}: đơn vị «{code}» ghi hai lần.")
        seen.add(code)


def _refuse_constant(name: str) -> Any:
    raise InvalidPlan(f"Tệp kế hoạch không phải JSON hợp lệ: «{name}» không phải là số (JSON không có {name}).")


def _no_duplicate_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    # json.loads keeps the last of two equal keys: a pasted second "deadline" would silently win.
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise InvalidPlan(f"Tệp kế hoạch không hợp lệ: khóa «{quoted(key)}» xuất hiện hai lần "
                              "trong cùng một đối tượng JSON.")
        out[key] = value
    return out


def read_plan_file(path: Path) -> PlanFile:
    try:
        if path.stat().st_size > MAX_PLAN_BYTES:
            raise InvalidPlan(f"Tệp kế hoạch {path} quá lớn (tối đa {MAX_PLAN_BYTES // 1_000_000} MB).")
        # utf-8-sig: Notepad and Excel save a byte-order mark, which is not part of the JSON (the CSV import
        # accepts it too).
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise InvalidPlan(f"Không tìm thấy tệp kế hoạch: {path}") from None
    except UnicodeDecodeError:
        raise InvalidPlan(f"Tệp kế hoạch {path} không phải UTF-8; hãy lưu lại với mã hóa UTF-8.") from None
    except IsADirectoryError:
        raise InvalidPlan(f"{path} là một thư mục, không phải tệp kế hoạch.") from None
    except OSError as exc:
        why = "không có quyền đọc" if isinstance(exc, PermissionError) else "lỗi hệ thống tệp"
        raise InvalidPlan(f"Không đọc được tệp kế hoạch {path} ({why}).") from None
    try:
        raw = json.loads(unicodedata.normalize("NFC", text), parse_constant=_refuse_constant,
                         object_pairs_hook=_no_duplicate_keys)
    except json.JSONDecodeError as exc:
        raise InvalidPlan(
            f"Tệp kế hoạch không phải JSON hợp lệ: dòng {exc.lineno}, cột {exc.colno}."
        ) from None
    except RecursionError:
        raise InvalidPlan("Tệp kế hoạch không hợp lệ: các mảng/đối tượng JSON lồng nhau quá sâu.") from None
    except ValueError:
        # e.g. an integer of more than 4,300 digits (Python's limit on converting it).
        raise InvalidPlan("Tệp kế hoạch không phải JSON hợp lệ: có số quá lớn.") from None
    try:
        return parse_plan(raw)
    except RecursionError:
        raise InvalidPlan("Tệp kế hoạch không hợp lệ: các mảng/đối tượng JSON lồng nhau quá sâu.") from None


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


def occurrence_plan(deadline: Monthly | Periodic, cal: WorkCalendar, issued: date | None = None
                    ) -> list[tuple[str, date, date, date]]:
    """(period, window_start, window_end, due) for each period of a recurring task.

    A period whose report would fall due before the plan was issued (`issued`: tracker.plandates) is not the
    plan's: the first period follows from the issue date.
    """
    out = []
    periods = (deadline.periods if isinstance(deadline, Periodic)
               else periods_between(parse_period(deadline.first_period), deadline.last_period))
    for period in periods:
        start, end = report_window(period)
        due = cal.add_working_days(end, deadline.submit_within_working_days)
        if issued is None or due >= issued:
            out.append((period, start, end, due))
    return out


def plan_issued(plan: Plan) -> date:
    return effective_issue_date(plan.issue_date, plan.issue_date_text, plan.year)


@dataclass
class SeedResult:
    commune: str  # the code of the commune loaded
    commune_name: str = ""
    # The file's own commune (name and code) when the plan was loaded into another one (seed(commune=...)): ignored.
    commune_ignored: str | None = None
    overrides_own: bool = False  # the file's working-day overrides loaded as the commune's own (not national)
    created: dict[str, int] = field(default_factory=dict)
    updated: dict[str, int] = field(default_factory=dict)
    kept: list[str] = field(default_factory=list)  # tasks in the DB but not in the file
    # Days the file sets differently but the IT officer changed last with `tracker workdays`: left as they are.
    kept_overrides: list[date] = field(default_factory=list)
    # Days set by a plan file (this one earlier, or another commune's) that this file does not list: kept.
    unlisted_overrides: list[date] = field(default_factory=list)

    def bump(self, bucket: dict[str, int], kind: str) -> None:
        bucket[kind] = bucket.get(kind, 0) + 1


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


def review_notes(pf: PlanFile) -> list[str]:
    """Where a draft still asks for a person's check: "tasks[3] (mã II.1.b.4): lý do"."""
    out = []
    if pf.plan.review:
        out.append(f"plan: {pf.plan.review}")
    entries: list[tuple[str, list[Any]]] = [
        ("units", pf.units), ("tasks", pf.tasks), ("kpis", pf.kpis)]
    for name, rows in entries:
        for i, e in enumerate(rows):
            if e.review:
                out.append(f"{name}[{i}] (mã {e.code}): {e.review}")
    return out


def seed(engine: Engine, path: Path, *, now: datetime, actor: str, allow_review: bool = False,
         commune: str | None = None) -> SeedResult:
    """Load a plan file in one transaction; raises InvalidPlan before touching data.

    A draft from `tracker plan import` that still holds review notes is refused unless allow_review.
    `commune`: the code of a commune already added (tracker.domain.communes) to load the file into, with its own
    units, people, Chairman and plan; the file's commune block (code, name, province) is then ignored
    (SeedResult.commune_ignored), and the file's working-day overrides become that commune's own; loaded into its
    own commune, they are national overrides (every commune follows them).
    """
    pf = read_plan_file(path)
    notes = review_notes(pf)
    if notes and not allow_review:
        raise InvalidPlan(f"Tệp kế hoạch còn {len(notes)} mục cần xem lại (trường «review»), ví dụ "
                          f"{notes[0].rstrip('.')}. "
                          "Xem lại từng mục, xóa «review» khi đã đúng, rồi nạp lại.", code="plan.review",
                          values={"notes": notes})
    migrate(engine)
    with transaction(engine) as s:
        return _apply(s, pf, now=now, actor=actor, target=commune)


def _target_commune(s: Session, code: str) -> Commune:
    from tracker.usertext import lookup_key

    key = lookup_key(code, label="Mã xã")
    commune = s.exec(select(Commune).where(Commune.code == key)).first()
    if commune is None:
        raise InvalidPlan(f"Không có xã mã «{quoted(key)}» để nạp kế hoạch vào: hãy thêm xã trước.",
                          code="commune.unknown", values={"code": key})
    return commune


def _apply(s: Session, pf: PlanFile, *, now: datetime, actor: str, target: str | None = None) -> SeedResult:
    if target is not None and target.strip() != pf.commune.code:
        # Another commune, added beforehand: the file's commune block is not used.
        commune = _target_commune(s, target)
        res = SeedResult(commune=commune.code, commune_name=commune.name)
        if (pf.commune.code, pf.commune.name) != (commune.code, commune.name):
            res.commune_ignored = f"{pf.commune.name} (mã {pf.commune.code})"
    else:
        res = SeedResult(commune=pf.commune.code, commune_name=pf.commune.name)
        found = s.exec(select(Commune).where(Commune.code == pf.commune.code)).first()
        if found is None:
            commune = Commune(code=pf.commune.code, name=pf.commune.name, province=pf.commune.province)
            s.add(commune)
            s.flush()
            res.bump(res.created, "communes")
        else:
            commune = found
            if _sync(commune, {"name": pf.commune.name, "province": pf.commune.province}):
                res.bump(res.updated, "communes")
    assert commune.id is not None
    cid = commune.id

    # The file's working-day overrides are national when it loads into its own commune (as before communes had
    # their own), the commune's own when `seed --commune` loads it into another commune.
    scope = cid if target is not None and target.strip() != pf.commune.code else None
    res.overrides_own = scope is not None
    if _sync_overrides(s, pf, cid, scope, commune.code, now=now, actor=actor, res=res):
        from tracker.domain.workdays import recompute_occurrence_dues

        # A national override moves every commune's periods; a commune's own, only that commune's.
        recompute_occurrence_dues(s, scope)
    cal = load_calendar(s, cid)

    units = {u.code: u for u in s.exec(select(Unit).where(Unit.commune_id == cid)).all()}
    for useq, u_in in enumerate(pf.units):
        unit = units.get(u_in.code)
        if unit is None:
            unit = Unit(commune_id=cid, code=u_in.code, name=u_in.name, seq=useq, department=u_in.department)
            s.add(unit)
            units[u_in.code] = unit
            res.bump(res.created, "units")
        elif _sync(unit, {"name": u_in.name, "seq": useq, "department": u_in.department}):
            res.bump(res.updated, "units")
    s.flush()
    uid = {code: u.id for code, u in units.items()}

    people = {p.name: p for p in s.exec(select(Person).where(Person.commune_id == cid)).all()}
    for i, p_in in enumerate(pf.people):
        if p_in.name in people:
            continue  # the IT officer owns people after the first load
        if p_in.telegram_chat_id is not None:
            from tracker.domain.people import chat_holder  # the domain imports this module

            holder = chat_holder(s, p_in.telegram_chat_id)
            if holder is not None:
                raise InvalidPlan(f"Tệp kế hoạch không hợp lệ: people[{i}] ({p_in.name}).telegram_chat_id: "
                                  f"«{p_in.telegram_chat_id}» đã là mã trò chuyện của «{holder.name}».")
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
    plan_values = pf.plan.model_dump(exclude={"code", "source", "review"})
    if plan is not None and plan.issue_date is not None and pf.plan.issue_date is None:
        # Recorded by the IT officer (`tracker plan set-issued`) after the file was written: kept.
        for kept in ("issue_date", "number"):
            plan_values.pop(kept)
    if plan is None:
        plan = Plan(commune_id=cid, code=pf.plan.code, **plan_values)
        s.add(plan)
        s.flush()
        res.bump(res.created, "plans")
    elif _sync(plan, plan_values):
        res.bump(res.updated, "plans")
    assert plan.id is not None

    tasks = {t.code: t for t in s.exec(select(Task).where(Task.plan_id == plan.id)).all()}
    issued = plan_issued(plan)
    departments = [u.code for u in pf.units if u.department]
    file_codes: set[str] = set()
    seq = 0
    for i, t_in in enumerate(pf.tasks):
        leads = t_in.leads(departments)
        shared = len(leads) > 1
        if shared:
            _share_existing(s, tasks, t_in.code, leads, {u.id: code for code, u in units.items()},
                            f"tasks[{i}] (mã {t_in.code})")
        for lead in leads:
            code = f"{t_in.code}/{lead}" if shared else t_in.code
            file_codes.add(code)
            values: dict[str, Any] = {
                "seq": seq,
                "section": t_in.section,
                "title": t_in.title,
                "description": t_in.description,
                "lead_unit_id": uid[lead],
                "coordinating_unit_ids": [uid[c] for c in t_in.coordinating_units],
                "deadline_kind": t_in.deadline.kind,
                "deadline_text": t_in.deadline.text,
                "due_date": compute_due(t_in.deadline),
                "recurrence": t_in.deadline.model_dump(mode="json")
                if isinstance(t_in.deadline, Monthly | Periodic) else None,
                "expected_output": t_in.expected_output,
                "legal_basis": t_in.legal_basis,
                "group_code": t_in.code if shared else None,
                "note": t_in.note,
            }
            seq += 1
            task = tasks.get(code)
            if task is None:
                task = Task(commune_id=cid, plan_id=plan.id, code=code, **values)
                s.add(task)
                s.flush()
                tasks[code] = task
                record(s, now=now, actor=actor, channel="seed", action="task.create",
                       entity=f"task {task.code}", commune_id=cid, task_id=task.id,
                       after={k: _jsonable(v) for k, v in values.items() if k != "seq"})
                res.bump(res.created, "tasks")
            else:
                if task.event_date is not None and t_in.deadline.kind == "on_event":
                    values.pop("due_date")  # set when its event was recorded (`tracker tasks trigger`)
                _check_kind_change(s, task, t_in.deadline.kind, f"tasks[{i}] (mã {task.code})", res)
                changes = _sync(task, values)
                changes.pop("seq", None)
                if changes:
                    record(s, now=now, actor=actor, channel="seed", action="task.update",
                           entity=f"task {task.code}", commune_id=cid, task_id=task.id,
                           before={k: v[0] for k, v in changes.items()},
                           after={k: v[1] for k, v in changes.items()})
                    res.bump(res.updated, "tasks")
            if isinstance(t_in.deadline, Monthly | Periodic):
                _sync_occurrences(s, task, occurrence_plan(t_in.deadline, cal, issued), res)
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


def _share_existing(s: Session, tasks: dict[str, Task], code: str, leads: list[str], unit_codes: dict[Any, str],
                    where: str) -> None:
    """A task the database holds as one unit's that the file now shares between several units: its row becomes
    the item of the unit it belonged to (keeping its results, extensions and history), under the item's code
    ("II.2.a.1/TTPVHCC"). Refused if that unit is not among the new lead units and the task has history."""
    task = tasks.get(code)
    if task is None:
        return
    old = unit_codes.get(task.lead_unit_id)
    if old not in leads:
        if _task_has_history(s, task):
            raise InvalidPlan(f"Tệp kế hoạch không hợp lệ: {where}.lead_units: nhiệm vụ đã có kết quả hoặc gia hạn "
                              f"của đơn vị «{old}», đơn vị này phải nằm trong các đơn vị chủ trì.")
        old = leads[0]
    new_code = f"{code}/{old}"
    task.code = new_code
    del tasks[code]
    tasks[new_code] = task
    s.flush()


def _task_has_history(s: Session, task: Task) -> bool:
    for model in (Completion, Extension):
        if s.exec(select(model.id).where(model.task_id == task.id)).first() is not None:
            return True
    return False


def _check_kind_change(s: Session, task: Task, new_kind: str, where: str, res: SeedResult) -> None:
    """A monthly task keeps its results on its periods, any other kind on the task itself: a change across
    that line would hide every result recorded so far and show the task overdue. Refuse it when there is
    something to hide; otherwise drop the periods a task that stops being monthly leaves behind."""
    if (task.deadline_kind in RECURRING_KINDS) == (new_kind in RECURRING_KINDS):
        return
    on_periods = task.deadline_kind in RECURRING_KINDS
    has_history = False
    for model in (Completion, Extension):
        q = select(model.id).where(model.task_id == task.id)
        q = q.where(col(model.occurrence_id).is_not(None) if on_periods else col(model.occurrence_id).is_(None))
        has_history = has_history or s.exec(q).first() is not None
    if has_history:
        kept = "các kỳ báo cáo" if on_periods else "nhiệm vụ"
        raise InvalidPlan(f"Tệp kế hoạch không hợp lệ: {where}.deadline.kind: không đổi được «{task.deadline_kind}» "
                          f"thành «{new_kind}» vì {kept} đã có kết quả hoặc gia hạn (sẽ bị ẩn); giữ loại thời hạn "
                          "cũ, hoặc thêm nhiệm vụ mới với mã khác.")
    if on_periods:
        for occ in s.exec(select(Occurrence).where(Occurrence.task_id == task.id)).all():
            if not _has_trail(s, pk(occ)):
                s.delete(occ)
                res.bump(res.updated, "occurrences_removed")


def _has_trail(s: Session, occurrence_id: int) -> bool:
    """Something refers to this period: a result, an extension, a message about it or its acknowledgement."""
    for model in (Completion, Extension, OutboxMessage, EscalationAck):
        if s.exec(select(model.id).where(model.occurrence_id == occurrence_id)).first() is not None:
            return True
    return False


def _officer_days(s: Session, scope: int | None, code: str) -> set[date]:
    """Days whose override (national, or the commune's own with a scope) the IT officer changed last
    (`tracker workdays set/unset`), not a plan file."""
    from tracker.domain.workdays import override_entity

    last: dict[str, str] = {}
    events = s.exec(select(AuditEvent).where(col(AuditEvent.action).in_(("workday.set", "workday.remove")))
                    .order_by(col(AuditEvent.id))).all()
    for ev in events:
        last[ev.entity] = ev.channel
    suffix = override_entity(date.min, code if scope is not None else None).removeprefix("day 0001-01-01")
    days = set()
    for entity, channel in last.items():
        rest = entity.removeprefix("day ")
        if channel != "seed" and rest[10:] == suffix:
            with contextlib.suppress(ValueError):
                days.add(date.fromisoformat(rest[:10]))
    return days


def _sync_overrides(s: Session, pf: PlanFile, cid: int, scope: int | None, code: str, *, now: datetime, actor: str,
                    res: SeedResult) -> bool:
    """The file's working-day overrides, added or updated, national (scope None) or the commune's own (scope: its
    id); True if any changed.

    The IT officer sets overrides too, so the file never removes one, and a day the officer changed last keeps the
    officer's choice; both are reported. An added day is counted in the plan.seed event, as on the first load; a
    changed one gets its own before/after event.
    """
    from tracker.domain.workdays import find_override, override_entity

    officer = _officer_days(s, scope, code)
    changed = False
    for ov in pf.workday_overrides:
        existing = find_override(s, ov.date, scope)
        wanted = {"is_working": ov.working, "note": ov.note}
        current = {"is_working": existing.is_working, "note": existing.note} if existing else None
        if current == wanted:
            continue
        if ov.date in officer:
            res.kept_overrides.append(ov.date)
            continue
        if existing is None:
            s.add(WorkdayOverride(day=ov.date, commune_id=scope, is_working=ov.working, note=ov.note))
            res.bump(res.created, "workday_overrides")
        else:
            existing.is_working, existing.note = ov.working, ov.note
            res.bump(res.updated, "workday_overrides")
            record(s, now=now, actor=actor, channel="seed", action="workday.set",
                   entity=override_entity(ov.date, code if scope is not None else None), commune_id=cid,
                   before=current, after=wanted)
        changed = True
    s.flush()
    listed = {ov.date for ov in pf.workday_overrides}
    q = select(WorkdayOverride).where(col(WorkdayOverride.commune_id).is_(None) if scope is None
                                      else WorkdayOverride.commune_id == scope)
    res.unlisted_overrides = sorted(o.day for o in s.exec(q).all() if o.day not in listed and o.day not in officer)
    return changed


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
    # A period dropped from the file disappears only if nothing was ever recorded on it, nor sent about it
    # (the outbox keeps what was sent, and refers to the period).
    for occ in existing.values():
        if not _has_trail(s, pk(occ)):
            s.delete(occ)
            res.bump(res.updated, "occurrences_removed")


def _person_view(p: Person) -> dict[str, Any]:
    return {"name": p.name, "role": p.role, "unit_id": p.unit_id, "active": p.active,
            "email": p.email, "telegram_chat_id": p.telegram_chat_id}

