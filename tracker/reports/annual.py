"""The annual report of a plan (Word), laid out like the monthly one per Nghị định 30/2020/NĐ-CP.

`build_annual_report` is a pure function of the database, a plan and an instant: everything is judged at the
end of 31/12 of the plan's year, or at `now` when that is earlier (a report written during the year). It holds
the year's four-way results per unit, the shared duties unit by unit, the standing duties' periodic results,
each KPI's figure for the year, and what was carried over into a later plan. `render_annual_docx` fills
tracker/reports/templates/annual_report.docx (built by scripts/make_monthly_template.py).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from sqlmodel import Session, col, select

from tracker.db import pk
from tracker.formatting import cap, fmt_date, fmt_percent, month_phrase
from tracker.models import Commune, PeriodicResult, Plan, Task, Unit
from tracker.reports.document import (
    commune_units,
    lower_first,
    ordered_summaries,
    place_name,
    plan_citation,
    province_recommendations,
    recipients,
    render_docx,
    signer,
)
from tracker.reports.kpi_windows import KpiFigure, target_in_prose, yearly_figures
from tracker.reports.monthly import (
    ReportLine,
    item_ref,
    kpi_table,
    kpi_target_header,
    report_lines,
    result_sentence,
    unit_row,
)
from tracker.status import Item, UnitSummary, build_items, summarize
from tracker.timeutil import end_of_day, vn_date
from tracker.vocabulary import STATUS_LABELS
from tracker.workdays import WorkCalendar

TEMPLATE = "annual_report.docx"


@dataclass
class SharedCell:
    """One unit's part of a shared duty: its status (or, for a monthly duty, its periods)."""

    unit: str
    text: str


@dataclass
class SharedDuty:
    code: str  # the plan's code, e.g. "II.2.a.1"
    title: str
    cells: list[SharedCell]


@dataclass
class CarriedOver:
    code: str
    title: str
    unit: str
    status: str  # as of the end of this plan's year: the original keeps its late status
    next_code: str
    next_plan: str


@dataclass
class AnnualReport:
    commune: Commune
    plan: Plan
    year: int
    as_of: date
    units: list[UnitSummary]
    total: UnitSummary
    unfinished: list[ReportLine]
    shared: list[SharedDuty]
    standing: list[str]
    kpis: list[KpiFigure]
    carried: list[CarriedOver]
    chairman: str | None
    unit_rows: list[Unit] = field(default_factory=list)

    @property
    def kpis_below(self) -> list[KpiFigure]:
        return [k for k in self.kpis if k.state == "below"]

    @property
    def kpis_no_data(self) -> list[KpiFigure]:
        return [k for k in self.kpis if k.state == "no_data"]


def report_day(plan: Plan, now: datetime) -> date:
    """31/12 of the plan's year, or today when the year is not over."""
    return min(date(plan.year, 12, 31), vn_date(now))


def _unit_name(it: Item) -> str:
    return it.lead_unit.name if it.lead_unit else "Chưa giao đơn vị"


def _cell_text(items: list[Item], results: dict[int, int]) -> str:
    """A unit's part of a shared duty: one item's status; a standing duty's results reported in the year; or for a
    monthly duty its periods done out of those due."""
    due = [it for it in items if it.status != "no_deadline"]
    if not due:
        n = sum(results.get(pk(it.task), 0) for it in items)
        return (f"Thường xuyên: {n} lần báo cáo kết quả" if n
                else "Thường xuyên: chưa báo cáo kết quả")
    if len(items) == 1:
        return cap(STATUS_LABELS[items[0].status])
    done = sum(1 for it in due if it.status in ("done_on_time", "done_late"))
    late = sum(1 for it in due if it.status in ("done_late", "overdue"))
    text = f"Hoàn thành {done}/{len(due)} kỳ"
    return text + (f", {late} kỳ quá hạn" if late else "")


def _shared(items: list[Item], units: list[Unit], results: dict[int, int]) -> list[SharedDuty]:
    groups: dict[str, list[Item]] = defaultdict(list)
    for it in items:
        if it.task.group_code:
            groups[it.task.group_code].append(it)
    rank = {pk(u): i for i, u in enumerate(units)}
    out = []
    for code, group in groups.items():  # plan order: items come in (plan, seq) order
        by_unit: dict[int | None, list[Item]] = defaultdict(list)
        for it in group:
            by_unit[it.lead_unit.id if it.lead_unit else None].append(it)
        order = sorted(by_unit, key=lambda u: rank.get(u, len(rank)) if u is not None else len(rank))
        cells = [SharedCell(_unit_name(by_unit[u][0]), _cell_text(by_unit[u], results)) for u in order]
        title = group[0].task.title
        out.append(SharedDuty(code, title, cells))
    return out


def _standing(s: Session, items: list[Item], start: date, end: date) -> tuple[list[str], dict[int, int]]:
    """Each standing (or on-event, untriggered) duty with the periodic results reported in the year: the lines
    of the narrative, and the number of results per task."""
    duties = [it for it in items if it.status == "no_deadline"]
    if not duties:
        return [], {}
    ids = [pk(it.task) for it in duties]
    rows = s.exec(select(PeriodicResult).where(col(PeriodicResult.task_id).in_(ids),
                                               col(PeriodicResult.reported_on) >= start,
                                               col(PeriodicResult.reported_on) <= end)
                  .order_by(col(PeriodicResult.reported_on), col(PeriodicResult.id))).all()
    by_task: dict[int, list[PeriodicResult]] = defaultdict(list)
    for r in rows:
        by_task[r.task_id].append(r)
    out = []
    for it in duties:
        results = by_task.get(pk(it.task), [])
        if not results:
            continue
        last = results[-1]
        text = (f"{it.code} ({_unit_name(it)}): {len(results)} lần báo cáo kết quả, gần nhất ngày "
                f"{fmt_date(last.reported_on)}")
        if last.note:
            text += f": {last.note}"
        out.append(text + (f" (minh chứng: {last.evidence_url})" if last.evidence_url else "") + ".")
    return out, {task: len(rs) for task, rs in by_task.items()}


def _carried(s: Session, plan: Plan, items: list[Item]) -> list[CarriedOver]:
    mine = {pk(it.task): it for it in items if it.occurrence is None}
    ids = [pk(t) for t in s.exec(select(Task).where(Task.plan_id == pk(plan))).all()]
    if not ids:
        return []
    copies = s.exec(select(Task).where(col(Task.carried_from_id).in_(ids))
                    .order_by(col(Task.plan_id), col(Task.seq))).all()
    plans = {pk(p): p for p in s.exec(select(Plan).where(Plan.commune_id == plan.commune_id)).all()}
    originals = {pk(t): t for t in s.exec(select(Task).where(col(Task.id).in_(ids))).all()}
    out = []
    for c in copies:
        assert c.carried_from_id is not None
        original = originals[c.carried_from_id]
        it = mine.get(c.carried_from_id)
        status = cap(STATUS_LABELS[it.status]) if it else "—"
        unit = _unit_name(it) if it else "—"
        nxt = plans.get(c.plan_id)
        out.append(CarriedOver(code=original.code, title=original.title, unit=unit, status=status,
                               next_code=c.code, next_plan=f"{nxt.code} (năm {nxt.year})" if nxt else "—"))
    return out


def _unfinished(items: list[Item]) -> list[ReportLine]:
    """What is not done at the cut-off, one line per task: a monthly task's open periods on one line."""
    by_task: dict[int, list[Item]] = defaultdict(list)
    for it in items:
        by_task[pk(it.task)].append(it)
    out = []
    for group in by_task.values():  # plan order
        first = group[0]
        line = ReportLine(code=item_ref(first), title=first.task.title, unit=_unit_name(first),
                          deadline=first.deadline, deadline_text=first.task.deadline_text, status=first.status,
                          due=first.due, unit_id=first.lead_unit.id if first.lead_unit else None)
        if len(group) > 1 or first.occurrence is not None:
            line.code = first.code
            line.deadline_note = "Các kỳ " + ", ".join(month_phrase(it.period or "") for it in group)
            counts = Counter(it.status for it in group)
            line.result_note = "; ".join(f"{cap(STATUS_LABELS[st])}: {counts[st]} kỳ"
                                         for st in ("overdue", "in_progress") if counts[st])
        out.append(line)
    return out


def build_annual_report(s: Session, plan: Plan, *, now: datetime, calendar: WorkCalendar) -> AnnualReport:
    """Where `plan` stood at the end of its year (or at `now`, when earlier)."""
    commune = s.get(Commune, plan.commune_id)
    assert commune is not None
    day = report_day(plan, now)
    as_of = end_of_day(day)
    items = build_items(s, plan.commune_id, as_of=as_of, calendar=calendar, plan_id=pk(plan))
    units = commune_units(s, plan.commune_id)
    per_unit, total = summarize(items, units)
    lines = _unfinished([it for it in items if it.status in ("overdue", "in_progress")])
    standing, results = _standing(s, items, date(plan.year, 1, 1), day)
    return AnnualReport(
        commune=commune, plan=plan, year=plan.year, as_of=day,
        units=ordered_summaries(per_unit, units), total=total, unfinished=lines,
        shared=_shared(items, units, results), standing=standing,
        kpis=yearly_figures(s, pk(plan), plan.year, day), carried=_carried(s, plan, items),
        chairman=signer(s, plan.commune_id, plan) or None, unit_rows=units,
    )


# ---------------------------------------------------------------- Word rendering


def docx_context(r: AnnualReport) -> dict[str, Any]:
    place = place_name(r.commune.name)
    province = f" {r.commune.province}" if r.commune.province else ""
    title = r.plan.title
    year_over = r.as_of == date(r.year, 12, 31)
    met = sum(1 for k in r.kpis if k.state == "met")
    with_data = sum(1 for k in r.kpis if k.state != "no_data")

    shortcomings: list[str] = []
    overdue = r.total.counts["overdue"]
    if overdue:
        shortcomings.append(f"Còn {overdue} nhiệm vụ (kể cả từng kỳ của nhiệm vụ định kỳ) quá hạn chưa hoàn thành "
                            f"tại ngày {fmt_date(r.as_of)}.")
    late = r.total.counts["done_late"]
    if late:
        shortcomings.append(f"Có {late} nhiệm vụ hoàn thành nhưng quá hạn so với thời hạn được giao.")
    if r.kpis_below:
        shortcomings.append("Các chỉ tiêu chưa đạt mục tiêu năm: "
                            + "; ".join(f"{k.kpi.code} đạt {k.short_value}, mục tiêu {target_in_prose(k.kpi)}"
                                        for k in r.kpis_below) + ".")
    if r.kpis_no_data:
        shortcomings.append("Các chỉ tiêu chưa có số liệu trong năm: "
                            + ", ".join(k.kpi.code for k in r.kpis_no_data) + ".")
    if not shortcomings:
        shortcomings.append("Không có nhiệm vụ quá hạn; các chỉ tiêu có số liệu đều đạt mục tiêu.")

    recommendations = province_recommendations([k.kpi.code for k in r.kpis_below], province)

    shared_rows = []
    for i, duty in enumerate(r.shared, 1):
        for j, cell in enumerate(duty.cells):
            shared_rows.append({"stt": str(i) if j == 0 else "", "code": duty.code if j == 0 else "",
                                "title": duty.title if j == 0 else "", "unit": cell.unit, "result": cell.text})
    cut = f"ngày {fmt_date(r.as_of)}"
    return {
        "commune_upper": r.commune.name.upper(),
        "commune_name": lower_first(r.commune.name),
        "year": str(r.year),
        "place_date": (f"{place}, ngày ..... tháng 12 năm {r.year}" if year_over
                       else f"{place}, ngày ..... tháng {r.as_of.month:02d} năm {r.as_of.year}"),
        "summary": (f"Kết quả thực hiện {title}" if str(r.year) in title
                    else f"Kết quả thực hiện {title} năm {r.year}"),
        "intro": (f"Thực hiện {plan_citation(r.plan)}, Ủy ban nhân dân {lower_first(r.commune.name)} báo cáo kết quả "
                  f"thực hiện năm {r.year} (số liệu tính đến hết {cut}) như sau:"),
        "result_sentence": result_sentence(r.total, f"trong năm {r.year}"),
        "units": [unit_row(us, str(i)) for i, us in enumerate(r.units, 1)],
        "total": unit_row(r.total, ""),
        "shared_sentence": (f"Kế hoạch có {len(r.shared)} nhiệm vụ giao chung cho nhiều đơn vị; mỗi đơn vị được "
                            "theo dõi và tính kết quả riêng:" if r.shared
                            else "Kế hoạch không có nhiệm vụ giao chung cho nhiều đơn vị."),
        "shared": shared_rows,
        "standing": r.standing or ["Nhiệm vụ thường xuyên: trong năm chưa có kết quả nào được ghi nhận."],
        "kpis": kpi_table(r.kpis),
        "kpi_target_header": kpi_target_header(r.kpis),
        "kpi_sentence": (f"Số liệu năm của mỗi chỉ tiêu tính từ các kỳ có số liệu trong năm {r.year}: tổng tử số "
                         "trên tổng mẫu số khi mọi kỳ có tử số, mẫu số; nếu không, bình quân giá trị các kỳ. Đạt "
                         f"{fmt_percent(met, with_data)} chỉ tiêu có số liệu; {len(r.kpis) - with_data}/"
                         f"{len(r.kpis)} chỉ tiêu chưa có số liệu." if r.kpis else "Kế hoạch không có chỉ tiêu."),
        "shortcomings": shortcomings,
        "unfinished_sentence": (f"Các nhiệm vụ chưa hoàn thành tại {cut}: {len(r.unfinished)} nhiệm vụ (nhiệm vụ "
                                "định kỳ: các kỳ chưa hoàn thành)."
                                if r.unfinished else f"Tại {cut} không còn nhiệm vụ có thời hạn nào chưa hoàn thành."),
        "unfinished": report_lines(r.unfinished),
        "carried_sentence": (f"Các nhiệm vụ chưa hoàn thành được chuyển sang kế hoạch sau: {len(r.carried)} nhiệm "
                             f"vụ (kết quả năm {r.year} giữ nguyên trong báo cáo này)." if r.carried
                             else "Không có nhiệm vụ nào được chuyển sang kế hoạch sau."),
        "carried": [{"stt": str(i), "code": c.code, "title": c.title, "unit": c.unit, "result": c.status,
                     "next_code": c.next_code, "next_plan": c.next_plan} for i, c in enumerate(r.carried, 1)],
        "recommendations": recommendations,
        "chairman": r.chairman or "",
        "recipients": recipients(r.commune),
    }


def render_annual_docx(report: AnnualReport, out: Path, template: Path | None = None) -> Path:
    return render_docx(TEMPLATE, docx_context(report), out, template)
