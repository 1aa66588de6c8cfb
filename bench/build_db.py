"""Build a database holding N communes' copies of a seeded plan, fast (bulk inserts).

Library first (other benches import it), script second:

    from bench.build_db import build
    stats = build("sqlite:////tmp/province.db", communes=65, seed_file=Path("seed/plan_tasks.json"))

    .venv/bin/python -m bench.build_db sqlite:////tmp/country.db 3321

Each commune gets the plan's units, the chairman plus one head per unit, the plan, its tasks (padded with
generated fixed-date tasks up to `items_per_commune` items, an item being a one-off task or one monthly
occurrence), the occurrences of its monthly tasks and its KPIs, then realistic results as of `as_of`: about
half of the items whose deadline has passed are done (a quarter of those late), some open ones were done
early, about one in ten dated items was extended, each change with its audit event. Deterministic for a
given `rng_seed`. Rows go in with SQLAlchemy Core executemany through the SQLModel tables, so types
(UTC datetimes, JSON) are stored exactly as the application stores them.
"""

from __future__ import annotations

import random
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import sqlalchemy as sa

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SEED = ROOT / "seed" / "plan_tasks.json"
DEFAULT_AS_OF = datetime(2025, 10, 20, 9, 0)  # naive VN wall time, made aware below
BATCH = 20_000


@dataclass
class BuildStats:
    url: str
    communes: int
    rows: Counter[str] = field(default_factory=Counter)
    seconds: float = 0.0

    @property
    def total_rows(self) -> int:
        return sum(self.rows.values())

    @property
    def file_bytes(self) -> int | None:
        if not self.url.startswith("sqlite:///"):
            return None
        path = Path(self.url.removeprefix("sqlite:///"))
        return sum(p.stat().st_size for p in (path, Path(f"{path}-wal")) if p.exists())


def build(
    url: str,
    communes: int,
    seed_file: Path = DEFAULT_SEED,
    *,
    items_per_commune: int = 40,
    as_of: datetime | None = None,
    rng_seed: int = 2025,
) -> BuildStats:
    """Upgrade the schema to the latest revision and append `communes` communes (codes <plan commune>-00001 ...)."""
    from sqlmodel import SQLModel

    from tracker.db import get_engine
    from tracker.migrations import migrate
    from tracker.models import WorkdayOverride
    from tracker.plandates import effective_issue_date
    from tracker.seed import Monthly as MonthlyIn
    from tracker.seed import Periodic as PeriodicIn
    from tracker.seed import compute_due, occurrence_plan, read_plan_file
    from tracker.timeutil import VN, end_of_day
    from tracker.workdays import WorkCalendar

    started = time.perf_counter()
    pf = read_plan_file(seed_file)
    now = (as_of or DEFAULT_AS_OF.replace(tzinfo=VN)).astimezone(VN)
    engine = get_engine(url)
    migrate(engine)
    t = SQLModel.metadata.tables
    stats = BuildStats(url=url, communes=communes)
    rng = random.Random(rng_seed)

    with engine.begin() as conn:
        existing = {r[0] for r in conn.execute(sa.select(t["workdayoverride"].c.day))}
        overrides = [{"day": o.date, "is_working": o.working, "note": o.note}
                     for o in pf.workday_overrides if o.date not in existing]
        if overrides:
            conn.execute(WorkdayOverride.__table__.insert(), overrides)  # type: ignore[attr-defined]
            stats.rows["workdayoverride"] += len(overrides)
        cal = WorkCalendar({r[0]: r[1] for r in conn.execute(
            sa.select(t["workdayoverride"].c.day, t["workdayoverride"].c.is_working))})
        next_id = {name: (conn.execute(sa.select(sa.func.max(t[name].c.id))).scalar() or 0) + 1
                   for name in ("commune", "unit", "person", "plan", "task", "occurrence", "completion",
                                "extension", "kpi", "auditevent")}
        first_code = conn.execute(sa.select(sa.func.count()).select_from(t["commune"])).scalar() or 0

    # The per-commune template: computed once, copied N times with fresh ids.
    # The seed's expansion: a shared duty is one task per lead unit ("CODE/UNIT"); periods follow the issue date.
    issued = effective_issue_date(pf.plan.issue_date, pf.plan.issue_date_text, pf.plan.year)
    departments = [u.code for u in pf.units if u.department]
    recurring = (MonthlyIn, PeriodicIn)
    occ_template = {ti.code: occurrence_plan(ti.deadline, cal, issued) for ti in pf.tasks
                    if isinstance(ti.deadline, recurring)}
    base_items = sum(len(ti.leads(departments)) * (len(occ_template[ti.code]) if ti.code in occ_template else 1)
                     for ti in pf.tasks)
    extra_tasks = max(0, items_per_commune - base_items)
    unit_codes = [u.code for u in pf.units]

    rows: dict[str, list[dict[str, Any]]] = {name: [] for name in next_id}

    def new_id(name: str) -> int:
        value = next_id[name]
        next_id[name] += 1
        return value

    def flush(force: bool = False) -> None:
        if not force and sum(len(v) for v in rows.values()) < BATCH:
            return
        with engine.begin() as conn:
            for name in ("commune", "unit", "person", "plan", "task", "occurrence", "completion", "extension",
                         "kpi", "auditevent"):
                if rows[name]:
                    conn.execute(t[name].insert(), rows[name])
                    stats.rows[name] += len(rows[name])
                    rows[name].clear()

    def audit(cid: int, at: datetime, actor: str, action: str, entity: str, task_id: int,
              before: dict[str, Any], after: dict[str, Any]) -> None:
        rows["auditevent"].append({"id": new_id("auditevent"), "commune_id": cid, "at": at, "actor": actor,
                                   "person_id": None, "channel": "cli", "action": action, "entity": entity,
                                   "task_id": task_id, "before": before, "after": after})

    for n in range(first_code + 1, first_code + communes + 1):
        cid = new_id("commune")
        rows["commune"].append({"id": cid, "code": f"{pf.commune.code}-{n:05d}",
                                "name": f"{pf.commune.name} {n}", "province": pf.commune.province})
        uid: dict[str, int] = {}
        for useq, u in enumerate(pf.units):
            uid[u.code] = new_id("unit")
            rows["unit"].append({"id": uid[u.code], "commune_id": cid, "code": u.code, "name": u.name, "seq": useq,
                                 "department": u.department})
        for p in pf.people:
            rows["person"].append({"id": new_id("person"), "commune_id": cid, "name": p.name, "role": p.role,
                                   "unit_id": uid[p.unit] if p.unit else None, "email": p.email,
                                   "telegram_chat_id": p.telegram_chat_id, "telegram_unreachable": False,
                                   "active": True})
        heads = {}
        for code in unit_codes:
            heads[code] = f"Trưởng {code} xã {n}"
            rows["person"].append({"id": new_id("person"), "commune_id": cid, "name": heads[code], "role": "head",
                                   "unit_id": uid[code], "email": f"{code.lower()}.{n}@example.gov.vn",
                                   "telegram_chat_id": None, "telegram_unreachable": False, "active": True})
        plan_id = new_id("plan")
        rows["plan"].append({"id": plan_id, "commune_id": cid, "code": pf.plan.code,
                             **pf.plan.model_dump(exclude={"code", "source", "review"})})
        seq = 0
        items: list[tuple[int, int | None, date | None, str, str]] = []  # task, occurrence, due, lead, ref
        for ti in pf.tasks:
            leads = ti.leads(departments)
            for lead in leads:
                code = f"{ti.code}/{lead}" if len(leads) > 1 else ti.code
                task_id = new_id("task")
                periodic = isinstance(ti.deadline, recurring)
                due = compute_due(ti.deadline)
                rows["task"].append({
                    "id": task_id, "commune_id": cid, "plan_id": plan_id, "seq": seq, "code": code,
                    "section": ti.section, "title": ti.title, "description": ti.description,
                    "lead_unit_id": uid[lead], "coordinating_unit_ids": [uid[c] for c in ti.coordinating_units],
                    "deadline_kind": ti.deadline.kind, "deadline_text": ti.deadline.text, "due_date": due,
                    "recurrence": ti.deadline.model_dump(mode="json") if periodic else None,
                    "expected_output": ti.expected_output, "legal_basis": ti.legal_basis,
                    "cancelled_at": None, "cancel_reason": None,
                    "group_code": ti.code if len(leads) > 1 else None, "note": ti.note})
                seq += 1
                if periodic:
                    for period, start, end, occ_due in occ_template[ti.code]:
                        occ_id = new_id("occurrence")
                        rows["occurrence"].append({"id": occ_id, "task_id": task_id, "commune_id": cid,
                                                   "period": period, "window_start": start, "window_end": end,
                                                   "due_date": occ_due})
                        items.append((task_id, occ_id, occ_due, lead, f"{code} ({period})"))
                else:
                    items.append((task_id, None, due, lead, code))
        for k in range(extra_tasks):
            task_id = new_id("task")
            due = date(2025, 8, 1) + timedelta(days=rng.randrange(0, 150))
            lead = unit_codes[k % len(unit_codes)]
            rows["task"].append({
                "id": task_id, "commune_id": cid, "plan_id": plan_id, "seq": seq, "code": f"X.{k + 1}",
                "section": "X", "title": f"Nhiệm vụ bổ sung số {k + 1}",
                "description": "Nhiệm vụ sinh để đo hiệu năng.",
                "lead_unit_id": uid[lead], "coordinating_unit_ids": [], "deadline_kind": "fixed_date",
                "deadline_text": f"Hoàn thành chậm nhất ngày {due.strftime('%d/%m/%Y')}", "due_date": due,
                "recurrence": None,
                "expected_output": None, "legal_basis": None, "cancelled_at": None, "cancel_reason": None})
            seq += 1
            items.append((task_id, None, due, lead, f"X.{k + 1}"))
        for kseq, ki in enumerate(pf.kpis):
            rows["kpi"].append({
                "id": new_id("kpi"), "commune_id": cid, "plan_id": plan_id, "seq": kseq, "code": ki.code,
                "group_title": ki.group_title, "name": ki.name, "lead_unit_ids": [uid[c] for c in ki.lead_units],
                "evaluating_unit_ids": [uid[c] for c in ki.evaluating_units], "target": ki.target,
                "comparison": ki.comparison, "target_text": ki.target_text, "unit_of_measure": ki.unit_of_measure,
                "window": ki.window, "legal_basis": ki.legal_basis})

        for task_id, occ_id, due, lead, ref in items:
            if due is None:
                continue
            deadline_end = end_of_day(cal.roll_forward(due)).astimezone(VN)
            passed = deadline_end < now
            roll = rng.random()
            if roll < 0.1 and not passed:
                new_due = due + timedelta(days=rng.choice((14, 30, 45)))
                decided = now - timedelta(days=rng.randrange(1, 20))
                rows["extension"].append({
                    "id": new_id("extension"), "task_id": task_id, "occurrence_id": occ_id, "commune_id": cid,
                    "previous_due": due, "new_due": new_due, "reason": "Chờ hướng dẫn của tỉnh",
                    "status": "approved", "requested_by": heads[lead], "requested_at": decided,
                    "approved_by_id": None, "approved_by": pf.people[0].name if pf.people else heads[lead],
                    "decided_at": decided, "channel": "cli"})
                audit(cid, decided, heads[lead], "task.extend", f"task {ref}", task_id,
                      {"due_date": due.isoformat()}, {"due_date": new_due.isoformat()})
                continue
            if passed and roll < 0.55:
                late = roll < 0.2
                at = deadline_end + timedelta(days=rng.randrange(1, 10)) if late else \
                    deadline_end - timedelta(days=rng.randrange(0, 10), hours=rng.randrange(1, 9))
                at = min(at, now)
            elif not passed and roll > 0.85:
                at = now - timedelta(days=rng.randrange(0, 10), hours=1)
            else:
                continue
            rows["completion"].append({
                "id": new_id("completion"), "task_id": task_id, "occurrence_id": occ_id, "commune_id": cid,
                "completed_at": at, "recorded_at": at, "person_id": None, "actor": heads[lead], "channel": "cli",
                "note": None, "evidence_url": None, "revoked_at": None, "revoked_reason": None, "revoked_by": None})
            audit(cid, at, heads[lead], "task.done", f"task {ref}", task_id, {"status": "in_progress"},
                  {"status": "done"})
        flush()
    flush(force=True)
    with engine.begin() as conn:
        if engine.dialect.name == "sqlite":
            conn.exec_driver_sql("ANALYZE")
            conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        elif engine.dialect.name == "postgresql":
            # The rows carry explicit ids, which PostgreSQL's id sequences do not see: move each past them,
            # or the application's next insert into that table collides with a copied row.
            for name, value in next_id.items():
                conn.execute(sa.text("SELECT setval(pg_get_serial_sequence(:t, 'id'), :v, false)"),
                             {"t": name, "v": value})
            conn.exec_driver_sql("ANALYZE")
    stats.seconds = time.perf_counter() - started
    return stats


def main(argv: list[str]) -> int:
    if len(argv) < 2:
        print("usage: python -m bench.build_db URL COMMUNES [SEED_FILE]", file=sys.stderr)
        return 2
    stats = build(argv[0], int(argv[1]), Path(argv[2]) if len(argv) > 2 else DEFAULT_SEED)
    size = stats.file_bytes
    print(f"built {stats.communes} communes in {stats.seconds:.1f} s: {stats.total_rows:,} rows "
          f"({', '.join(f'{k} {v:,}' for k, v in sorted(stats.rows.items()))})"
          + (f", file {size / 1e6:.1f} MB" if size else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
