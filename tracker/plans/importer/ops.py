"""The plan-file side of `tracker plan import|check|diff`, without any command-line wording (the CLI words its
own way forward): writing a draft atomically, checking a draft, and what loading a plan file would change.
"""

from __future__ import annotations

import copy
import json
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tracker.errors import InvalidInput, InvalidPlan

# In the order `tracker seed` reports what it created (tracker.commands.core).
KINDS = [("communes", "xã"), ("workday_overrides", "ngày điều chỉnh"), ("units", "đơn vị"), ("people", "người"),
         ("plans", "kế hoạch"), ("tasks", "nhiệm vụ"), ("kpis", "chỉ tiêu")]
_SKIP = {"id", "seq", "commune_id", "plan_id", "created_at", "updated_at"}


def write_draft(plan: dict[str, Any], source_name: str, out: Path) -> None:
    """Check the draft against the plan-file schema, then write it: a temporary file beside `out`, renamed over
    it, so an existing file is never half written and nothing is written when the draft is refused."""
    from tracker.seed import parse_plan

    try:
        parse_plan(copy.deepcopy(plan))
    except InvalidPlan as exc:
        raise InvalidPlan(f"Bản nháp đọc từ {source_name} chưa hợp lệ, chưa ghi {out}: {exc.message}") from None
    text = json.dumps(plan, ensure_ascii=False, indent=2) + "\n"
    folder = out.parent if str(out.parent) else Path(".")
    if not folder.is_dir():
        raise InvalidInput(f"Thư mục {folder} không tồn tại: tạo thư mục trước hoặc chọn tên tệp khác.")
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{out.name}.", suffix=".tmp", dir=folder)
    except OSError:
        raise InvalidInput(f"Không ghi được vào thư mục {folder} (không có quyền ghi?).") from None
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
        # mkstemp makes the file private (0600); a draft is an ordinary file: the old one's mode, else the umask's.
        try:
            mode = out.stat().st_mode & 0o777
        except FileNotFoundError:
            mask = os.umask(0)
            os.umask(mask)
            mode = 0o666 & ~mask
        os.chmod(tmp, mode)
        os.replace(tmp, out)
    except OSError:
        Path(tmp).unlink(missing_ok=True)
        raise InvalidInput(f"Không ghi được tệp {out} (không có quyền ghi hoặc đĩa đầy).") from None


@dataclass
class PlanDiff:
    """What loading a plan file would do: entries by (kind, code); changed ones with {field: (old, new)}."""

    added: list[tuple[str, str]] = field(default_factory=list)
    changed: list[tuple[tuple[str, str], dict[str, tuple[Any, Any]]]] = field(default_factory=list)
    unchanged: list[tuple[str, str]] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)  # task codes in the database that the file no longer has
    new_occurrences: int = 0


def diff_plan_file(engine: Any, path: Path, *, now: Any, actor: str) -> PlanDiff:
    """What `seed` would add, change or leave alone, computed by running seed's own code (the same matching: commune,
    plan, task codes with a shared duty's items "CODE/UNIT", KPI codes) in a transaction that is always rolled
    back. Raises InvalidInput (code "database.not_initialised") when the database is not at the latest revision."""
    from sqlmodel import Session

    from tracker.migrations import HEAD, current_revisions
    from tracker.seed import _apply, read_plan_file

    pf = read_plan_file(path)
    with engine.connect() as conn:
        revisions = current_revisions(conn)
    if revisions != [HEAD]:
        raise InvalidInput("Cơ sở dữ liệu chưa được khởi tạo hoặc chưa nâng cấp; việc so sánh không thay đổi cơ sở "
                           "dữ liệu.", code="database.not_initialised")
    with Session(engine, expire_on_commit=False) as s:
        s.begin()
        try:
            before = _snapshot(s, pf.commune.code, pf.plan.code)
            res = _apply(s, pf, now=now, actor=actor)
            s.flush()
            after = _snapshot(s, pf.commune.code, pf.plan.code)
        finally:
            s.rollback()
    out = PlanDiff(kept=list(res.kept), new_occurrences=res.created.get("occurrences", 0))
    for key, values in after.items():
        if key not in before:
            out.added.append(key)
        elif values != before[key]:
            out.changed.append((key, {f: (before[key].get(f), v) for f, v in values.items()
                                      if before[key].get(f) != v}))
        else:
            out.unchanged.append(key)
    return out


def _snapshot(s: Any, commune_code: str, plan_code: str) -> dict[tuple[str, str], dict[str, Any]]:
    from sqlmodel import col, or_, select

    from tracker.models import Commune, Kpi, Person, Plan, Task, Unit, WorkdayOverride

    out: dict[tuple[str, str], dict[str, Any]] = {}
    commune = s.exec(select(Commune).where(Commune.code == commune_code)).first()
    # Working-day overrides the file may add: national ones (a file loaded into its own commune) and, where the
    # schema has per-commune overrides (a commune_id column), the commune's own.
    query = select(WorkdayOverride)
    scope_col = getattr(WorkdayOverride, "commune_id", None)
    if scope_col is not None:
        scopes = [col(scope_col).is_(None)]
        if commune is not None:
            scopes.append(scope_col == commune.id)
        query = query.where(or_(*scopes))
    for ov in s.exec(query).all():
        scope = "" if getattr(ov, "commune_id", None) is None else f" ({commune_code})"
        out[("workday_overrides", f"{ov.day.isoformat()}{scope}")] = _row(ov)
    if commune is None:
        return out
    out[("communes", commune.code)] = _row(commune)
    units = s.exec(select(Unit).where(Unit.commune_id == commune.id)).all()
    codes = {u.id: u.code for u in units}
    for u in units:
        out[("units", u.code)] = _row(u)
    for person in s.exec(select(Person).where(Person.commune_id == commune.id)).all():
        out[("people", person.name)] = _row(person, codes)
    plan = s.exec(select(Plan).where(Plan.commune_id == commune.id, Plan.code == plan_code)).first()
    if plan is None:
        return out
    out[("plans", plan.code)] = _row(plan)
    for t in s.exec(select(Task).where(Task.plan_id == plan.id)).all():
        out[("tasks", t.code)] = _row(t, codes)
    for k in s.exec(select(Kpi).where(Kpi.plan_id == plan.id)).all():
        out[("kpis", k.code)] = _row(k, codes)
    return out


def _row(obj: Any, unit_codes: dict[Any, str] | None = None) -> dict[str, Any]:
    """A row's values (copied: the session's objects change under seed), unit ids as unit codes."""
    values = copy.deepcopy({k: v for k, v in obj.model_dump().items() if k not in _SKIP})
    if unit_codes is not None:
        for key, value in list(values.items()):
            if key.endswith("unit_id") and value is not None:
                values[key] = unit_codes.get(value, value)
            elif key.endswith("unit_ids") and isinstance(value, list):
                values[key] = [unit_codes.get(v, v) for v in value]
    return values
