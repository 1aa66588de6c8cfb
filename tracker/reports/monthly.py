"""The monthly report to the province (Nghị định 09/2019/NĐ-CP, Điều 12 window).

`build_monthly_report` is a pure function of the database and the month: the
window for month M runs from the 15th of M-1 to the 14th of M and everything is
judged at the last instant of the window. `render_monthly_docx` fills the Word
template (tracker/reports/templates/monthly_report.docx, laid out per Nghị định
30/2020/NĐ-CP) with docxtpl.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from sqlmodel import Session, col, select

from tracker.db import pk
from tracker.domain.lookups import plan_in_force
from tracker.formatting import (
    cap,
    deadline_phrase,
    fmt_date,
    fmt_number,
    fmt_percent,
    fmt_period,
    month_phrase,
    period_phrase,
)
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
from tracker.reports.kpi_windows import KpiFigure, data_period, monthly_figures, target_in_prose
from tracker.status import FOUR_WAY, Item, UnitSummary, build_items, summarize
from tracker.timeutil import (
    end_of_day,
    parse_period,
    period_bounds,
    report_window,
    start_of_day,
    vn_date,
)
from tracker.vocabulary import STATUS_LABELS
from tracker.workdays import WorkCalendar

# Package data beside this module; scripts/make_monthly_template.py builds it.
TEMPLATE = "monthly_report.docx"

__all__ = ["MonthlyReport", "ReportLine", "build_monthly_report", "docx_context", "next_period", "place_name",
           "render_monthly_docx"]


def next_period(period: str) -> str:
    y, m = period_bounds(period)
    return f"{y + 1:04d}-01" if m == 12 else f"{y:04d}-{m + 1:02d}"


@dataclass
class ReportLine:
    """One task (or monthly occurrence) as the report shows it."""

    code: str
    title: str
    unit: str
    deadline: date | None
    deadline_text: str
    status: str
    due: date | None = None  # the date in force before rolling to a working day
    completed_on: date | None = None
    days_overdue: int | None = None
    unit_id: int | None = None
    deadline_note: str | None = None  # instead of one deadline (the annual report's periods of a monthly task)
    result_note: str | None = None  # instead of one status

    @property
    def deadline_words(self) -> str:
        """The deadline in the one wording of every output (a rolled one names both days)."""
        if self.deadline_note is not None:
            return self.deadline_note
        if self.deadline is None:
            return "—"
        return deadline_phrase(self.due or self.deadline, self.deadline)

    @property
    def result_text(self) -> str:
        return self.result_note if self.result_note is not None else cap(STATUS_LABELS[self.status])


@dataclass
class MonthlyReport:
    commune: Commune
    plan: Plan
    period: str
    window_start: date
    window_end: date
    units: list[UnitSummary]
    total: UnitSummary
    completed: list[ReportLine]
    overdue: list[ReportLine]
    next_month: list[ReportLine]
    next_window: tuple[date, date]
    kpis: list[KpiFigure]
    chairman: str | None
    unit_rows: list[Unit] = field(default_factory=list)  # the commune's units in administrative order
    standing: list[str] = field(default_factory=list)  # the periodic results of standing duties in the window
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def month_text(self) -> str:
        return fmt_period(self.period)

    @property
    def kpis_below(self) -> list[KpiFigure]:
        return [k for k in self.kpis if k.state == "below"]

    @property
    def kpis_no_data(self) -> list[KpiFigure]:
        return [k for k in self.kpis if k.state == "no_data"]


def item_ref(it: Item) -> str:
    """"II.2.a.7 (tháng 8/2025)": a monthly occurrence's period in words, never the stored "2025-08"."""
    return f"{it.code} ({month_phrase(it.period)})" if it.period else it.code


def _line(it: Item, window_end: date, calendar: WorkCalendar) -> ReportLine:
    t = it.task
    return ReportLine(
        code=item_ref(it), title=t.title, unit=it.lead_unit.name if it.lead_unit else "Chưa giao đơn vị",
        deadline=it.deadline, deadline_text=t.deadline_text, status=it.status, due=it.due,
        completed_on=vn_date(it.completion.completed_at) if it.completion else None,
        days_overdue=(calendar.working_days_between(it.deadline, window_end)
                      if it.status == "overdue" and it.deadline else None),
        unit_id=it.lead_unit.id if it.lead_unit else None,
    )


def standing_results(s: Session, plan_id: int, start: date, end: date, units: list[Unit]) -> list[str]:
    """The periodic results reported on the plan's standing (and on-event) duties between two days, oldest
    first: "Nhiệm vụ thường xuyên: II.1.a/VP (Văn phòng HĐND và UBND xã), ngày 05/10/2025: <note> (minh chứng:
    <url>)." They are results, never on time or late."""
    rows = s.exec(select(PeriodicResult, Task).where(PeriodicResult.task_id == Task.id, Task.plan_id == plan_id,
                                                     col(PeriodicResult.reported_on) >= start,
                                                     col(PeriodicResult.reported_on) <= end)
                  .order_by(col(PeriodicResult.reported_on), col(PeriodicResult.id))).all()
    names = {pk(u): u.name for u in units}
    out = []
    for r, t in rows:
        unit = names.get(t.lead_unit_id, "Chưa giao đơn vị") if t.lead_unit_id is not None else "Chưa giao đơn vị"
        text = f"Nhiệm vụ thường xuyên: {t.code} ({unit}), ngày {fmt_date(r.reported_on)}"
        text += f": {r.note.rstrip('.')}" if r.note else ": đã báo cáo kết quả"
        text += f" (minh chứng: {r.evidence_url})" if r.evidence_url else ""
        out.append(text + ".")
    return out


def build_monthly_report(s: Session, commune_id: int, period: str, *, calendar: WorkCalendar,
                         plan_id: int | None = None) -> MonthlyReport:
    """Where a plan stood at the end of month `period`'s ND 09/2019 window.

    The plan is `plan_id`, else the plan in force at the cut-off (tracker.domain.lookups.plan_in_force).
    """
    # Checked here too, not only by the CLI: the window and the next month are date arithmetic, which a
    # period outside the supported years would overflow (9999-12) or start before there is any data.
    period = parse_period(period)
    commune = s.get(Commune, commune_id)
    assert commune is not None
    start, end = report_window(period)
    as_of = end_of_day(end)
    opened = start_of_day(start)
    plan = s.get(Plan, plan_id) if plan_id is not None else plan_in_force(s, commune_id, as_of)
    assert plan is not None and plan.commune_id == commune_id
    items = build_items(s, commune_id, as_of=as_of, calendar=calendar, include_future=True, plan_id=pk(plan))
    current = [it for it in items if it.occurrence is None or it.occurrence.window_start <= end]

    # The report's population: what was open at the window's end, and what was finished inside it.
    population: list[Item] = []
    for it in current:
        if it.status in ("done_on_time", "done_late"):
            assert it.completion is not None
            if it.completion.completed_at < opened:
                continue
        population.append(it)
    units = commune_units(s, commune_id)
    per_unit, total = summarize(population, units)

    completed = [_line(it, end, calendar) for it in population if it.status in ("done_on_time", "done_late")]
    late_items = sorted((it for it in population if it.status == "overdue"),
                        key=lambda it: (it.deadline or end, it.task.seq, it.period or ""))
    overdue = [_line(it, end, calendar) for it in late_items]
    overdue.sort(key=lambda r: -(r.days_overdue or 0))  # stable: plan order among equals

    nxt = report_window(next_period(period))
    upcoming = [it for it in items
                if it.status in ("in_progress", "overdue") and it.deadline and nxt[0] <= it.deadline <= nxt[1]]
    # Occurrences not yet opened at the window's end are "in progress" for next month too.
    next_month = [_line(it, end, calendar) for it in
                  sorted(upcoming, key=lambda it: (it.deadline or nxt[1], it.task.seq, it.period or ""))]

    return MonthlyReport(
        commune=commune, plan=plan, period=period, window_start=start, window_end=end,
        units=ordered_summaries(per_unit, units), total=total, completed=completed, overdue=overdue,
        next_month=next_month, next_window=nxt, kpis=monthly_figures(s, pk(plan), period),
        chairman=signer(s, commune_id, plan) or None, unit_rows=units,
        standing=standing_results(s, pk(plan), start, end, units),
    )


# ---------------------------------------------------------------- Word rendering


def unit_row(us: UnitSummary, stt: str) -> dict[str, str]:
    return {
        "stt": stt, "name": us.name, "base": fmt_number(us.base),
        **{s: fmt_percent(us.counts[s], us.base) for s in FOUR_WAY},
        "standing": fmt_number(us.counts["no_deadline"]),
    }


def result_sentence(total: UnitSummary, what: str = "trong kỳ") -> str:
    if total.base == 0:
        return f"Không có nhiệm vụ nào có thời hạn cần theo dõi {what}."
    parts = [f"{STATUS_LABELS[s]} {fmt_percent(total.counts[s], total.base)}"
             for s in ("done_on_time", "done_late", "in_progress", "overdue")]
    return (f"Tổng số nhiệm vụ có thời hạn được theo dõi {what}: {total.base} nhiệm vụ; trong đó "
            + "; ".join(parts) + ". Nhiệm vụ thường xuyên không tính vào các tỷ lệ này.")


def report_lines(rows: list[ReportLine]) -> list[dict[str, str]]:
    return [{
        "stt": str(i), "code": x.code, "title": x.title, "unit": x.unit,
        "deadline": x.deadline_words, "deadline_text": x.deadline_text,
        "completed_on": fmt_date(x.completed_on), "result": x.result_text,
        "days_overdue": str(x.days_overdue) if x.days_overdue is not None else "",
    } for i, x in enumerate(rows, 1)]


def kpi_table(kpis: list[KpiFigure]) -> list[dict[str, str]]:
    return [{
        "stt": str(i), "code": k.kpi.code, "name": k.kpi.name, "target": k.target_text,
        "window": k.period_text, "value": k.value_text, "method": k.method, "state": k.state_text,
    } for i, k in enumerate(kpis, 1)]


def kpi_target_header(kpis: list[KpiFigure]) -> str:
    """The target column says the unit once when every KPI shares it, as the plan's own table does."""
    units = {k.kpi.unit_of_measure for k in kpis}
    return f"Mục tiêu theo kế hoạch ({units.pop()})" if len(units) == 1 else "Mục tiêu theo kế hoạch"


def names_of(unit_ids: list[int], units: list[Unit]) -> list[str]:
    """The names of these units, in administrative order."""
    wanted = set(unit_ids)
    return [u.name for u in units if u.id in wanted]


def _kpi_windows_sentence(r: MonthlyReport) -> str:
    kinds = {k.kpi.window for k in r.kpis}
    parts = []
    if "calendar_month" in kinds:
        month = data_period(next(k.kpi for k in r.kpis if k.kpi.window == "calendar_month"), r.period)
        parts.append(f"chỉ tiêu tính theo tháng lấy số liệu {month_phrase(month)}, tháng gần nhất đã kết thúc "
                     f"tại ngày chốt số liệu {fmt_date(r.window_end)}")
    if "report_period" in kinds:
        parts.append(f"chỉ tiêu tính theo kỳ báo cáo lấy số liệu từ ngày {fmt_date(r.window_start)} đến ngày "
                     f"{fmt_date(r.window_end)}")
    return cap("; ".join(parts)) + "." if parts else ""


def docx_context(r: MonthlyReport) -> dict[str, Any]:
    """Plain strings for the template; every percentage carries its base, every KPI its data window."""
    y, m = period_bounds(r.period)
    month = fmt_period(r.period)
    place = place_name(r.commune.name)
    plan_title = r.plan.title
    plan_year = r.plan.year
    cited = plan_citation(r.plan)
    province = f" {r.commune.province}" if r.commune.province else ""
    met = sum(1 for k in r.kpis if k.state == "met")
    with_data = sum(1 for k in r.kpis if k.state != "no_data")
    unit_ids_below = sorted({u for k in r.kpis_below for u in k.kpi.lead_unit_ids})
    unit_ids_no_data = sorted({u for k in r.kpis_no_data for u in k.kpi.lead_unit_ids})

    shortcomings: list[str] = []
    if r.overdue:
        shortcomings.append(f"Còn {len(r.overdue)} nhiệm vụ quá hạn chưa hoàn thành tại thời điểm chốt số liệu "
                            f"(chi tiết tại bảng dưới đây).")
    late = r.total.counts["done_late"]
    if late:
        shortcomings.append(f"Có {late} nhiệm vụ hoàn thành nhưng quá hạn so với thời hạn được giao.")
    if r.kpis_below:
        shortcomings.append("Các chỉ tiêu chưa đạt mục tiêu: "
                            + "; ".join(f"{k.kpi.code} đạt {k.short_value}, mục tiêu {target_in_prose(k.kpi)}"
                                        for k in r.kpis_below) + ".")
    if r.kpis_no_data:
        shortcomings.append("Các chỉ tiêu chưa có số liệu: " + ", ".join(k.kpi.code for k in r.kpis_no_data) + ".")
    if not shortcomings:
        shortcomings.append("Trong kỳ không có nhiệm vụ quá hạn; các chỉ tiêu có số liệu đều đạt mục tiêu.")

    # Directions to the commune's own departments belong to next month's tasks (section III) ...
    directions: list[str] = []
    if r.overdue:
        late_units = names_of([x.unit_id for x in r.overdue if x.unit_id is not None], r.unit_rows)
        who = ", ".join(late_units) if late_units else "Các đơn vị chủ trì"
        directions.append(f"{who} khẩn trương hoàn thành dứt điểm các nhiệm vụ quá hạn; trường hợp cần gia hạn "
                          "phải báo cáo Chủ tịch UBND xã xem xét, quyết định.")
    if r.kpis_below:
        who = ", ".join(names_of(unit_ids_below, r.unit_rows)) or "Các đơn vị chủ trì"
        directions.append(f"{who} có giải pháp cải thiện các chỉ tiêu chưa đạt: "
                          + ", ".join(k.kpi.code for k in r.kpis_below) + ".")
    if r.kpis_no_data:
        who = ", ".join(names_of(unit_ids_no_data, r.unit_rows)) or "Các đơn vị chủ trì"
        directions.append(f"{who} cập nhật đầy đủ số liệu các chỉ tiêu: "
                          + ", ".join(k.kpi.code for k in r.kpis_no_data) + ".")
    directions.append("Các phòng, đơn vị thuộc UBND xã tiếp tục thực hiện các nhiệm vụ thường xuyên theo Kế hoạch.")

    # ... section IV holds what the commune asks of the province.
    recommendations = province_recommendations([k.kpi.code for k in r.kpis_below], province)

    nxt_start, nxt_end = r.next_window
    window = period_phrase(r.period, r.window_start, r.window_end)
    return {
        "commune_upper": r.commune.name.upper(),
        "commune_name": lower_first(r.commune.name),
        "month_text": month,
        "place_date": f"{place}, ngày ..... tháng {m:02d} năm {y}",
        "summary": f"Kết quả thực hiện {plan_title}, tháng {month}"
        if "năm" in plan_title else f"Kết quả thực hiện {plan_title} năm {plan_year}, tháng {month}",
        "intro": (f"Thực hiện {cited}, Ủy ban nhân dân {lower_first(r.commune.name)} báo cáo kết quả thực hiện "
                  f"{window} như sau:"),
        "window": f"từ ngày {fmt_date(r.window_start)} đến ngày {fmt_date(r.window_end)}",
        "result_sentence": result_sentence(r.total),
        "units": [unit_row(us, str(i)) for i, us in enumerate(r.units, 1)],
        "total": unit_row(r.total, ""),
        "completed": report_lines(r.completed),
        "completed_sentence": (f"Các nhiệm vụ hoàn thành trong kỳ: {len(r.completed)} nhiệm vụ."
                               if r.completed else "Trong kỳ chưa có nhiệm vụ nào hoàn thành."),
        "standing": r.standing or ["Nhiệm vụ thường xuyên: trong kỳ chưa có kết quả nào được ghi nhận."],
        "kpis": kpi_table(r.kpis),
        "kpi_target_header": kpi_target_header(r.kpis),
        "kpi_sentence": (f"{_kpi_windows_sentence(r)} Đạt {fmt_percent(met, with_data)} chỉ tiêu có số liệu; "
                         f"{len(r.kpis) - with_data}/{len(r.kpis)} chỉ tiêu chưa có số liệu."
                         if r.kpis else "Kế hoạch không có chỉ tiêu."),
        "shortcomings": shortcomings,
        "overdue": report_lines(r.overdue),
        "overdue_sentence": (f"Danh sách nhiệm vụ quá hạn tại ngày {fmt_date(r.window_end)}: {len(r.overdue)} "
                             "nhiệm vụ." if r.overdue else "Không có nhiệm vụ quá hạn tại thời điểm chốt số liệu."),
        "next_month": report_lines(r.next_month),
        "next_sentence": (f"Các nhiệm vụ đến hạn trong kỳ tới (từ ngày {fmt_date(nxt_start)} đến ngày "
                          f"{fmt_date(nxt_end)}): {len(r.next_month)} nhiệm vụ."
                          if r.next_month else
                          f"Không có nhiệm vụ nào đến hạn trong kỳ tới (từ ngày {fmt_date(nxt_start)} đến ngày "
                          f"{fmt_date(nxt_end)})."),
        "directions": directions,
        "recommendations": recommendations,
        "chairman": r.chairman or "",
        "recipients": recipients(r.commune),
    }


def render_monthly_docx(report: MonthlyReport, out: Path, template: Path | None = None) -> Path:
    """Fill the Word template (the packaged one unless `template` names another file) and save it to `out`."""
    return render_docx(TEMPLATE, docx_context(report), out, template)
