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

from tracker.domain.queries import KpiRow, kpi_rows
from tracker.formatting import cap, fmt_date, fmt_number, fmt_percent, fmt_period
from tracker.models import Commune, Person, Plan, Unit
from tracker.status import FOUR_WAY, Item, UnitSummary, build_items, summarize
from tracker.timeutil import (
    end_of_day,
    parse_period,
    period_bounds,
    report_window,
    start_of_day,
    vn_date,
)
from tracker.vocabulary import KPI_STATE_LABELS, STATUS_LABELS
from tracker.workdays import WorkCalendar

# Package data beside this module; scripts/make_monthly_template.py builds it.
TEMPLATE = "monthly_report.docx"


def next_period(period: str) -> str:
    y, m = period_bounds(period)
    return f"{y + 1:04d}-01" if m == 12 else f"{y:04d}-{m + 1:02d}"


def place_name(commune_name: str) -> str:
    """'Xã Cam Hiệp' -> 'Cam Hiệp' (the place line of an administrative document)."""
    for prefix in ("Xã ", "Phường ", "Thị trấn ", "Đặc khu "):
        if commune_name.startswith(prefix):
            return commune_name[len(prefix):]
    return commune_name


@dataclass
class ReportLine:
    """One task (or monthly occurrence) as the report shows it."""

    code: str
    title: str
    unit: str
    deadline: date | None
    deadline_text: str
    status: str
    completed_on: date | None = None
    days_overdue: int | None = None


@dataclass
class MonthlyReport:
    commune: Commune
    plan: Plan | None
    period: str
    window_start: date
    window_end: date
    units: list[UnitSummary]
    total: UnitSummary
    completed: list[ReportLine]
    overdue: list[ReportLine]
    next_month: list[ReportLine]
    next_window: tuple[date, date]
    kpis: list[KpiRow]
    chairman: str | None
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def month_text(self) -> str:
        return fmt_period(self.period)

    @property
    def kpis_below(self) -> list[KpiRow]:
        return [k for k in self.kpis if k.state == "below"]

    @property
    def kpis_no_data(self) -> list[KpiRow]:
        return [k for k in self.kpis if k.state == "no_data"]


def _line(it: Item, window_end: date, calendar: WorkCalendar) -> ReportLine:
    t = it.task
    return ReportLine(
        code=it.ref, title=t.title, unit=it.lead_unit.name if it.lead_unit else "Chưa giao đơn vị",
        deadline=it.deadline, deadline_text=t.deadline_text, status=it.status,
        completed_on=vn_date(it.completion.completed_at) if it.completion else None,
        days_overdue=(calendar.working_days_between(it.deadline, window_end)
                      if it.status == "overdue" and it.deadline else None),
    )


def build_monthly_report(s: Session, commune_id: int, period: str, *, calendar: WorkCalendar) -> MonthlyReport:
    """Where the plan stood at the end of month `period`'s ND 09/2019 window."""
    # Checked here too, not only by the CLI: the window and the next month are date arithmetic, which a
    # period outside the supported years would overflow (9999-12) or start before there is any data.
    period = parse_period(period)
    commune = s.get(Commune, commune_id)
    assert commune is not None
    plan = s.exec(select(Plan).where(Plan.commune_id == commune_id)).first()
    start, end = report_window(period)
    as_of = end_of_day(end)
    opened = start_of_day(start)
    items = build_items(s, commune_id, as_of=as_of, calendar=calendar, include_future=True)
    current = [it for it in items if it.occurrence is None or it.occurrence.window_start <= end]

    # The report's population: what was open at the window's end, and what was finished inside it.
    population: list[Item] = []
    for it in current:
        if it.status in ("done_on_time", "done_late"):
            assert it.completion is not None
            if it.completion.completed_at < opened:
                continue
        population.append(it)
    units = s.exec(select(Unit).where(Unit.commune_id == commune_id)).all()
    per_unit, total = summarize(population, units)

    completed = [_line(it, end, calendar) for it in population if it.status in ("done_on_time", "done_late")]
    overdue = [_line(it, end, calendar) for it in population if it.status == "overdue"]
    overdue.sort(key=lambda r: (-(r.days_overdue or 0), r.code))

    nxt = report_window(next_period(period))
    upcoming = [it for it in items
                if it.status in ("in_progress", "overdue") and it.deadline and nxt[0] <= it.deadline <= nxt[1]]
    # Occurrences not yet opened at the window's end are "in progress" for next month too.
    next_month = sorted((_line(it, end, calendar) for it in upcoming), key=lambda r: (r.deadline or nxt[1], r.code))

    chairman = s.exec(select(Person).where(Person.commune_id == commune_id, Person.role == "chairman",
                                           Person.active == True).order_by(col(Person.id))).first()  # noqa: E712
    return MonthlyReport(
        commune=commune, plan=plan, period=period, window_start=start, window_end=end,
        units=per_unit, total=total, completed=completed, overdue=overdue, next_month=next_month,
        next_window=nxt, kpis=kpi_rows(s, commune_id, period),
        chairman=chairman.name if chairman else (plan.signer if plan else None),
    )


# ---------------------------------------------------------------- Word rendering


def _unit_row(us: UnitSummary, stt: str) -> dict[str, str]:
    return {
        "stt": stt, "name": us.name, "base": fmt_number(us.base),
        **{s: fmt_percent(us.counts[s], us.base) for s in FOUR_WAY},
        "standing": fmt_number(us.counts["no_deadline"]),
    }


def _result_sentence(total: UnitSummary) -> str:
    if total.base == 0:
        return "Trong kỳ không có nhiệm vụ nào có thời hạn cần theo dõi."
    parts = [f"{STATUS_LABELS[s]} {fmt_percent(total.counts[s], total.base)}"
             for s in ("done_on_time", "done_late", "in_progress", "overdue")]
    return (f"Tổng số nhiệm vụ có thời hạn được theo dõi trong kỳ: {total.base} nhiệm vụ; trong đó "
            + "; ".join(parts) + ".")


def docx_context(r: MonthlyReport) -> dict[str, Any]:
    """Plain strings for the template; every percentage carries its base."""
    y, m = period_bounds(r.period)
    month = fmt_period(r.period)
    place = place_name(r.commune.name)
    plan_title = r.plan.title if r.plan else "Kế hoạch cải cách thủ tục hành chính"
    plan_year = r.plan.year if r.plan else y
    province = r.commune.province or ""
    kpi_rows_ctx = [{
        "stt": str(i), "code": k.kpi.code, "name": k.kpi.name, "target": k.target_text,
        "value": k.reading_text, "state": cap(KPI_STATE_LABELS[k.state]),
    } for i, k in enumerate(r.kpis, 1)]
    met = sum(1 for k in r.kpis if k.state == "met")
    with_data = sum(1 for k in r.kpis if k.state != "no_data")

    def lines(rows: list[ReportLine]) -> list[dict[str, str]]:
        return [{
            "stt": str(i), "code": x.code, "title": x.title, "unit": x.unit,
            "deadline": fmt_date(x.deadline), "deadline_text": x.deadline_text,
            "completed_on": fmt_date(x.completed_on), "result": cap(STATUS_LABELS[x.status]),
            "days_overdue": str(x.days_overdue) if x.days_overdue is not None else "",
        } for i, x in enumerate(rows, 1)]

    shortcomings: list[str] = []
    if r.overdue:
        shortcomings.append(f"Còn {len(r.overdue)} nhiệm vụ quá hạn chưa hoàn thành tại thời điểm chốt số liệu "
                            f"(chi tiết tại bảng dưới đây).")
    late = r.total.counts["done_late"]
    if late:
        shortcomings.append(f"Có {late} nhiệm vụ hoàn thành nhưng quá hạn so với thời hạn được giao.")
    if r.kpis_below:
        shortcomings.append("Các chỉ tiêu chưa đạt mục tiêu: "
                            + "; ".join(f"{k.kpi.code} ({k.value_text}, mục tiêu {k.target_text})"
                                        for k in r.kpis_below) + ".")
    if r.kpis_no_data:
        shortcomings.append("Các chỉ tiêu chưa có số liệu: " + ", ".join(k.kpi.code for k in r.kpis_no_data) + ".")
    if not shortcomings:
        shortcomings.append("Trong kỳ không có nhiệm vụ quá hạn; các chỉ tiêu có số liệu đều đạt mục tiêu.")

    recommendations = []
    if r.overdue:
        units = sorted({x.unit for x in r.overdue})
        recommendations.append("Đề nghị " + ", ".join(units) + " khẩn trương hoàn thành các nhiệm vụ quá hạn; "
                               "trường hợp cần gia hạn phải báo cáo Chủ tịch UBND xã xem xét, quyết định.")
    if r.kpis_below:
        recommendations.append("Đề nghị các đơn vị chủ trì có giải pháp cải thiện các chỉ tiêu chưa đạt: "
                               + ", ".join(k.kpi.code for k in r.kpis_below) + ".")
    recommendations.append("Đề nghị cấp có thẩm quyền tiếp tục hướng dẫn, hỗ trợ xã trong quá trình thực hiện.")

    nxt_start, nxt_end = r.next_window
    return {
        "commune_upper": r.commune.name.upper(),
        "commune_name": _lower_first(r.commune.name),
        "month_text": month,
        "place_date": f"{place}, ngày ..... tháng {m:02d} năm {y}",
        "summary": f"Kết quả thực hiện {plan_title}, tháng {month}"
        if "năm" in plan_title else f"Kết quả thực hiện {plan_title} năm {plan_year}, tháng {month}",
        "intro": (f"Thực hiện {plan_title}{_plan_ref(r.plan)}, Ủy ban nhân dân {_lower_first(r.commune.name)} báo cáo "
                  f"kết quả thực hiện tháng {month} (số liệu tính từ ngày {fmt_date(r.window_start)} đến ngày "
                  f"{fmt_date(r.window_end)}) như sau:"),
        "window": f"từ ngày {fmt_date(r.window_start)} đến ngày {fmt_date(r.window_end)}",
        "result_sentence": _result_sentence(r.total),
        "units": [_unit_row(us, str(i)) for i, us in enumerate(r.units, 1)],
        "total": _unit_row(r.total, ""),
        "completed": lines(r.completed),
        "completed_sentence": (f"Các nhiệm vụ hoàn thành trong kỳ: {len(r.completed)} nhiệm vụ."
                               if r.completed else "Trong kỳ chưa có nhiệm vụ nào hoàn thành."),
        "kpis": kpi_rows_ctx,
        "kpi_sentence": (f"Kết quả thực hiện các chỉ tiêu (số liệu mới nhất đến kỳ {month}): "
                         f"đạt {fmt_percent(met, with_data)} chỉ tiêu có số liệu; "
                         f"{len(r.kpis) - with_data}/{len(r.kpis)} chỉ tiêu chưa có số liệu."),
        "shortcomings": shortcomings,
        "overdue": lines(r.overdue),
        "overdue_sentence": (f"Danh sách nhiệm vụ quá hạn tại ngày {fmt_date(r.window_end)}: {len(r.overdue)} "
                             "nhiệm vụ." if r.overdue else "Không có nhiệm vụ quá hạn tại thời điểm chốt số liệu."),
        "next_month": lines(r.next_month),
        "next_sentence": (f"Các nhiệm vụ đến hạn trong kỳ tới (từ ngày {fmt_date(nxt_start)} đến ngày "
                          f"{fmt_date(nxt_end)}): {len(r.next_month)} nhiệm vụ; tiếp tục thực hiện các nhiệm vụ "
                          "thường xuyên và hoàn thành dứt điểm các nhiệm vụ quá hạn."),
        "recommendations": recommendations,
        "chairman": r.chairman or "",
        "recipients": [
            f"- UBND tỉnh {province} (b/c);" if province else "- UBND tỉnh (b/c);",
            f"- Văn phòng UBND tỉnh {province} (b/c);" if province else "- Văn phòng UBND tỉnh (b/c);",
            "- TT Đảng ủy, TT HĐND xã (b/c);",
            "- Chủ tịch, các Phó Chủ tịch UBND xã;",
            "- Các phòng, đơn vị thuộc UBND xã;",
            "- Lưu: VT, TTPVHCC.",
        ],
    }


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:] if text else text


def _plan_ref(plan: Plan | None) -> str:
    if plan is None:
        return ""
    number = plan.number if "…" not in plan.number and "..." not in plan.number else ""
    when = plan.issue_date_text or f"ngày {fmt_date(plan.issue_date)}"
    if number:
        return f" (Quyết định số {number} {when} của {plan.issuer})"
    return f" ({plan.issuer} ban hành {when})"


def render_monthly_docx(report: MonthlyReport, out: Path, template: Path | None = None) -> Path:
    """Fill the Word template (the packaged one unless `template` names another file) and save it to `out`."""
    from importlib.resources import files
    from io import BytesIO

    from docxtpl import DocxTemplate

    source: BytesIO | str = str(template)
    if template is None:
        # Read through the package, not from a path beside __file__, so that it loads from a wheel or a zip too.
        source = BytesIO((files("tracker.reports") / "templates" / TEMPLATE).read_bytes())
    doc = DocxTemplate(source)
    doc.render(docx_context(report), autoescape=True)
    out.parent.mkdir(parents=True, exist_ok=True)
    doc.save(str(out))
    return out
