"""The public progress page for the commune's website: one self-contained index.html.

No external resources and no script: inline CSS only, so the file can be copied
to any web host. It names units and the Chairman's office, never a person (no
names, emails or chat ids).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from sqlmodel import Session, col, select

from tracker.db import pk
from tracker.domain.queries import KpiRow, kpi_rows
from tracker.formatting import (
    cap,
    deadline_sentence,
    fmt_date,
    fmt_datetime,
    fmt_number,
    fmt_percent,
    fmt_period,
    ref_phrase,
)
from tracker.models import Commune, Plan, Unit
from tracker.status import FOUR_WAY, Item, UnitSummary, build_items, summarize
from tracker.timeutil import period_of, vn_date
from tracker.vocabulary import KPI_STATE_LABELS, STATUS_LABELS
from tracker.workdays import WorkCalendar


@dataclass
class OverdueLine:
    code: str
    title: str
    unit: str
    deadline: date  # the day the deadline ends (the effective date)
    days_overdue: int  # working days past it; for an upcoming line, working days left
    note: str = ""  # a deadline rolled past a day off, in its one wording (tracker.formatting.deadline_sentence)


def _line(it: Item, days: int) -> OverdueLine:
    assert it.deadline is not None
    rolled = it.due is not None and it.due != it.deadline
    return OverdueLine(ref_phrase(it.code, it.period), it.task.title,
                       it.lead_unit.name if it.lead_unit else "Chưa giao đơn vị", it.deadline, days,
                       deadline_sentence(it.due, it.deadline) if rolled and it.due else "")


@dataclass
class PublicPage:
    commune: Commune
    plan: Plan | None
    as_of: datetime
    units: list[UnitSummary]
    total: UnitSummary
    overdue: list[OverdueLine]
    kpis: list[KpiRow]
    office: str | None
    upcoming: list[OverdueLine] = field(default_factory=list)  # open, due within the next days (due_soon)


def build_public_page(s: Session, commune_id: int, *, as_of: datetime, calendar: WorkCalendar,
                      plan: str | None = None) -> PublicPage:
    """Where one plan (named, or the one in force at `as_of`) stands at `as_of`, with only what may be published."""
    from tracker.domain.lookups import resolve_plan

    commune = s.get(Commune, commune_id)
    assert commune is not None
    chosen = resolve_plan(s, commune_id, plan, as_of)
    units = list(s.exec(select(Unit).where(Unit.commune_id == commune_id).order_by(col(Unit.seq), col(Unit.id))))
    items = build_items(s, commune_id, as_of=as_of, calendar=calendar, plan_id=pk(chosen))
    per_unit, total = summarize(items, units)
    today = vn_date(as_of)
    overdue = [_line(it, calendar.working_days_between(it.deadline, today))
               for it in items if it.status == "overdue" and it.deadline]
    overdue.sort(key=lambda o: -o.days_overdue)  # stable: plan order (units in the file's order) within a day
    upcoming = [_line(it, calendar.working_days_between(today, it.deadline))
                for it in items if it.status == "in_progress" and it.due_soon and it.deadline]
    upcoming.sort(key=lambda o: o.deadline)  # by the day the deadline ends; stable: plan order within a day
    office = next((u.name for u in units if u.code == "VP"), None)
    return PublicPage(commune, chosen, as_of, per_unit, total, overdue,
                      kpi_rows(s, commune_id, period_of(today), plan_id=pk(chosen)), office, upcoming)


def _kpi_view(k: KpiRow) -> dict[str, Any]:
    value = k.latest.value if k.latest else None
    return {
        "code": k.kpi.code, "name": k.kpi.name, "target": k.target_text,
        "target_pct": max(0.0, min(100.0, k.kpi.target)),
        "value": value, "value_text": k.value_text, "period": fmt_period(k.latest.period) if k.latest else "",
        "bar_pct": max(0.0, min(100.0, value)) if value is not None else 0.0,
        "base": (f"{fmt_number(k.latest.numerator)}/{fmt_number(k.latest.denominator)}"
                 if k.latest and k.latest.numerator is not None and k.latest.denominator is not None else ""),
        "state": k.state, "state_label": cap(KPI_STATE_LABELS[k.state]),
    }


def page_context(p: PublicPage) -> dict[str, Any]:
    def unit_view(us: UnitSummary) -> dict[str, Any]:
        return {"name": us.name, "base": fmt_number(us.base),
                "cells": [{"status": st, "label": cap(STATUS_LABELS[st]), "text": fmt_percent(us.counts[st], us.base)}
                          for st in ("done_on_time", "done_late", "in_progress", "overdue")],
                "standing": fmt_number(us.counts["no_deadline"])}

    title = p.plan.title if p.plan else f"Kế hoạch cải cách thủ tục hành chính — {p.commune.name}"
    return {
        "commune": p.commune.name,
        "authority": "Ủy ban nhân dân " + p.commune.name[:1].lower() + p.commune.name[1:],
        "province": p.commune.province,
        "title": title,
        "as_of_date": fmt_date(vn_date(p.as_of)),
        "as_of_text": fmt_datetime(p.as_of),
        "total": unit_view(p.total),
        "units": [unit_view(u) for u in p.units],
        "headers": [cap(STATUS_LABELS[s]) for s in ("done_on_time", "done_late", "in_progress", "overdue")],
        "overdue": [{"code": o.code, "title": o.title, "unit": o.unit, "deadline": fmt_date(o.deadline),
                     "days": o.days_overdue, "note": o.note} for o in p.overdue],
        "upcoming": [{"code": o.code, "title": o.title, "unit": o.unit, "deadline": fmt_date(o.deadline),
                      "days": o.days_overdue, "note": o.note} for o in p.upcoming],
        "kpis": [_kpi_view(k) for k in p.kpis],
        "office": p.office,
        "statuses": FOUR_WAY,
    }


def render_public_html(p: PublicPage) -> str:
    from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

    env = Environment(loader=PackageLoader("tracker.reports", "templates"), undefined=StrictUndefined,
                      autoescape=select_autoescape(["html", "j2"], default=True),
                      trim_blocks=True, lstrip_blocks=True)
    env.filters["pct"] = lambda v: f"{float(v):.1f}"
    return env.get_template("public_page.html.j2").render(**page_context(p))


def write_public_site(p: PublicPage, out_dir: Path) -> Path:
    out_dir.mkdir(parents=True, exist_ok=True)
    index = out_dir / "index.html"
    index.write_text(render_public_html(p), encoding="utf-8")
    return index
