"""The province's roll-up of its communes: one row per commune, as a spreadsheet, a Word report and a web page.

`build_province_report` runs the monthly report (tracker.reports.monthly.build_monthly_report) of every commune
for one month: the plan in force at the cut-off (the 14th), the ND 09/2019 window, the same four-way counts,
KPI figures and overdue items a commune's own report shows. Beside them stand the cumulative counts as of the
cut-off, which are what `tracker summary --commune X --as-of <the 14th>` shows: the window's counts leave out
what was finished before the window opened.

`write_province_xlsx` writes the sheet the province filters and sorts (openpyxl, imported inside it: start-up
time is tested); `render_province_docx` fills tracker/reports/templates/province_report.docx (laid out per
Nghị định 30/2020/NĐ-CP by scripts/make_province_template.py); `build_province_site` writes the public page of
the whole province with each commune's own page (tracker.reports.publish) beside it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from sqlmodel import Session, col, select

from tracker.db import pk
from tracker.formatting import cap, fmt_date, fmt_datetime, fmt_number, fmt_percent, fmt_period, percent_value
from tracker.models import Commune, Plan
from tracker.reports.document import lower_first, render_docx
from tracker.reports.kpi_windows import KpiFigure
from tracker.reports.monthly import ReportLine, build_monthly_report
from tracker.status import FOUR_WAY, UnitSummary
from tracker.timeutil import end_of_day, parse_period, period_bounds, report_window, vn_date
from tracker.vocabulary import KPI_STATE_LABELS, KPI_STATES, STATUS_LABELS
from tracker.workdays import CommuneCalendars, WorkCalendar

TEMPLATE = "province_report.docx"
# The order of the four statuses in every output of this module: finished first, as the monthly report's table.
STATUSES = ("done_on_time", "done_late", "in_progress", "overdue")

__all__ = ["CommuneRow", "ProvincePage", "ProvinceReport", "build_province_page", "build_province_report",
           "render_province_docx", "render_province_html", "write_province_site", "write_province_xlsx"]


@dataclass
class CommuneRow:
    """One commune's line of the roll-up; `plan` None when the commune has no plan yet (nothing to count)."""

    commune: Commune
    plan: Plan | None
    window: UnitSummary | None = None  # the monthly report's population: open at the cut-off or finished in the window
    cumulative: UnitSummary | None = None  # every item of the plan as of the cut-off (`tracker summary`)
    kpis: list[KpiFigure] = field(default_factory=list)
    overdue: list[ReportLine] = field(default_factory=list)  # most days overdue first

    def kpi_count(self, state: str) -> int:
        return sum(1 for k in self.kpis if k.state == state)

    @property
    def max_days_overdue(self) -> int | None:
        return max((x.days_overdue or 0 for x in self.overdue), default=None)


@dataclass
class ProvinceReport:
    period: str
    window_start: date
    window_end: date
    province: str | None
    rows: list[CommuneRow]

    @property
    def total(self) -> UnitSummary:
        """The province's four-way counts over every commune (the window's population)."""
        counts = dict.fromkeys((*FOUR_WAY, "no_deadline", "cancelled"), 0)
        for r in self.rows:
            if r.window is not None:
                for k, v in r.window.counts.items():
                    counts[k] = counts.get(k, 0) + v
        return UnitSummary("", "Toàn tỉnh", counts)

    @property
    def overdue(self) -> list[tuple[CommuneRow, ReportLine]]:
        """Every overdue item of every commune, most days overdue first (stable: communes in order)."""
        pairs = [(r, x) for r in self.rows for x in r.overdue]
        pairs.sort(key=lambda p: -(p[1].days_overdue or 0))
        return pairs


def communes(s: Session) -> list[Commune]:
    """Every commune of the deployment, by code (the bench's cam-hiep-00001 … sort in their numeric order)."""
    return list(s.exec(select(Commune).order_by(col(Commune.code))).all())


def province_of(rows: list[Commune]) -> str | None:
    """The province's name when every commune that names one names the same; else None."""
    names = {c.province for c in rows if c.province}
    return names.pop() if len(names) == 1 else None


def _calendar_of(calendar: WorkCalendar | CommuneCalendars, commune_id: int) -> WorkCalendar:
    """Each commune's own calendar (its working-day overrides on top of the national ones) when given them all."""
    return calendar.of(commune_id) if isinstance(calendar, CommuneCalendars) else calendar


def build_province_report(s: Session, period: str, *, calendar: WorkCalendar | CommuneCalendars) -> ProvinceReport:
    """Every commune's monthly report of `period`, reduced to its line of the roll-up; each on its commune's
    calendar when `calendar` holds them all (CommuneCalendars)."""
    from tracker.domain.lookups import plan_in_force
    from tracker.domain.queries import summary
    from tracker.errors import NotFound

    period = parse_period(period)
    start, end = report_window(period)
    as_of = end_of_day(end)
    rows: list[CommuneRow] = []
    all_communes = communes(s)
    for c in all_communes:
        try:
            plan = plan_in_force(s, pk(c), as_of)
        except NotFound:
            rows.append(CommuneRow(c, None))
            continue
        monthly = build_monthly_report(s, pk(c), period, calendar=_calendar_of(calendar, pk(c)), plan_id=pk(plan))
        cumulative = summary(s, c.code, as_of=as_of, plan=plan.code).total
        rows.append(CommuneRow(c, plan, monthly.total, cumulative, monthly.kpis, monthly.overdue))
    return ProvinceReport(period, start, end, province_of(all_communes), rows)


# ---------------------------------------------------------------- spreadsheet

HEADER_ROW = 4  # rows 1–3: title, window, note; the header the filter sits on; data below it
SUMMARY_SHEET = "Tổng hợp"
OVERDUE_SHEET = "Nhiệm vụ quá hạn"
KPI_SHEET = "Chỉ tiêu"


def summary_columns() -> list[tuple[str, float, str | None]]:
    """(header, width in characters, number format) of the summary sheet, in order."""
    cols: list[tuple[str, float, str | None]] = [
        ("STT", 5, "0"), ("Mã xã", 16, None), ("Tên xã", 24, None), ("Kế hoạch", 20, None),
        ("Trong kỳ: số nhiệm vụ có thời hạn", 14, "#,##0"),
    ]
    for st in STATUSES:
        label = cap(STATUS_LABELS[st])
        cols += [(f"Trong kỳ: {label.lower()}", 14, "#,##0"), (f"Trong kỳ: tỷ lệ {label.lower()}", 14, "0.0%")]
    cols.append(("Lũy kế: số nhiệm vụ có thời hạn", 14, "#,##0"))
    cols += [(f"Lũy kế: {STATUS_LABELS[st]}", 14, "#,##0") for st in STATUSES]
    cols += [(f"Chỉ tiêu {KPI_STATE_LABELS[st]}", 11, "0") for st in KPI_STATES]
    cols += [("Mã chỉ tiêu chưa đạt", 22, None), ("Số nhiệm vụ quá hạn", 12, "0"),
             ("Quá hạn lâu nhất (ngày làm việc)", 14, "0")]
    return cols


def summary_values(i: int, r: CommuneRow) -> list[Any]:
    """The summary sheet's cells of one commune: numbers as numbers, a rate as a fraction (shown as 0.0%),
    empty where there is nothing to divide by or no plan."""
    out: list[Any] = [i, r.commune.code, r.commune.name, r.plan.code if r.plan else "Chưa có kế hoạch"]
    w, cum = r.window, r.cumulative
    out.append(w.base if w else None)
    for st in STATUSES:
        out += [w.counts[st] if w else None, (w.counts[st] / w.base) if w and w.base else None]
    out.append(cum.base if cum else None)
    out += [cum.counts[st] if cum else None for st in STATUSES]
    out += [r.kpi_count(st) if r.plan else None for st in KPI_STATES]
    out += [", ".join(k.kpi.code for k in r.kpis if k.state == "below"),
            len(r.overdue) if r.plan else None, r.max_days_overdue]
    return out


def _sheet(ws: Any, title: str, subtitle: str, note: str, columns: list[tuple[str, float, str | None]],
           rows: list[list[Any]]) -> None:
    """A titled table the province filters and sorts: bold wrapped header on HEADER_ROW with an auto-filter over
    every row, the header (and the identifying columns) frozen, widths and number formats per column."""
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
    from openpyxl.utils import get_column_letter

    ws["A1"] = title
    ws["A1"].font = Font(bold=True, size=14)
    ws["A2"] = subtitle
    ws["A3"] = note
    ws["A3"].font = Font(italic=True)
    thin = Side(style="thin", color="A6A6A6")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    fill = PatternFill("solid", fgColor="DDEBF7")
    for j, (header, width, _fmt) in enumerate(columns, 1):
        cell = ws.cell(row=HEADER_ROW, column=j, value=header)
        cell.font = Font(bold=True)
        cell.fill = fill
        cell.border = border
        cell.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
        ws.column_dimensions[get_column_letter(j)].width = width
    ws.row_dimensions[HEADER_ROW].height = 48
    for i, values in enumerate(rows, HEADER_ROW + 1):
        for j, (value, (_h, _w, fmt)) in enumerate(zip(values, columns, strict=True), 1):
            cell = ws.cell(row=i, column=j, value=value)
            cell.border = border
            if fmt:
                cell.number_format = fmt
            if isinstance(value, str) and len(value) > 30:
                cell.alignment = Alignment(wrap_text=True, vertical="top")
    last_row = HEADER_ROW + max(len(rows), 1)
    ws.auto_filter.ref = f"A{HEADER_ROW}:{get_column_letter(len(columns))}{last_row}"
    ws.freeze_panes = f"D{HEADER_ROW + 1}"
    ws.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True


def overdue_columns() -> list[tuple[str, float, str | None]]:
    return [("STT", 6, "0"), ("Mã xã", 16, None), ("Tên xã", 24, None), ("Mã nhiệm vụ", 24, None),
            ("Nhiệm vụ", 60, None), ("Đơn vị chủ trì", 30, None), ("Hạn", 12, "DD/MM/YYYY"),
            ("Quá hạn (ngày làm việc)", 14, "0")]


def kpi_columns() -> list[tuple[str, float, str | None]]:
    return [("STT", 6, "0"), ("Mã xã", 16, None), ("Tên xã", 24, None), ("Mã chỉ tiêu", 10, None),
            ("Chỉ tiêu", 60, None), ("Mục tiêu", 14, None), ("Kỳ số liệu", 36, None), ("Kết quả", 12, "0.0#"),
            ("Đơn vị tính", 8, None), ("Đánh giá", 16, None)]


def write_province_xlsx(r: ProvinceReport, out: Path) -> Path:
    """Three sheets: the communes (one row each), every overdue item, every KPI figure."""
    from openpyxl import Workbook

    window = f"Kỳ báo cáo tháng {fmt_period(r.period)}: từ ngày {fmt_date(r.window_start)} đến ngày " \
             f"{fmt_date(r.window_end)} (số liệu chốt đến hết ngày {fmt_date(r.window_end)})."
    where = f" tỉnh {r.province}" if r.province else ""
    wb = Workbook()
    ws = wb.active
    ws.title = SUMMARY_SHEET
    _sheet(ws, f"Tổng hợp kết quả thực hiện kế hoạch cải cách thủ tục hành chính của các xã{where}, "
               f"tháng {fmt_period(r.period)}", window,
           "Tỷ lệ tính trên số nhiệm vụ có thời hạn. «Trong kỳ»: như báo cáo tháng của xã (nhiệm vụ còn mở tại "
           "ngày chốt và nhiệm vụ hoàn thành trong kỳ); «Lũy kế»: mọi nhiệm vụ của kế hoạch tại ngày chốt.",
           summary_columns(), [summary_values(i, row) for i, row in enumerate(r.rows, 1)])
    ws2 = wb.create_sheet(OVERDUE_SHEET)
    _sheet(ws2, f"Nhiệm vụ quá hạn tại ngày {fmt_date(r.window_end)} ({len(r.overdue)} nhiệm vụ)", window,
           "Số ngày quá hạn tính theo ngày làm việc, đến hết ngày chốt số liệu.", overdue_columns(),
           [[i, row.commune.code, row.commune.name, x.code, x.title, x.unit, x.deadline, x.days_overdue]
            for i, (row, x) in enumerate(r.overdue, 1)])
    ws3 = wb.create_sheet(KPI_SHEET)
    kpi_rows = [(row, k) for row in r.rows for k in row.kpis]
    _sheet(ws3, "Kết quả các chỉ tiêu so với mục tiêu", window,
           "Mỗi chỉ tiêu lấy số liệu của kỳ ghi ở cột «Kỳ số liệu», như báo cáo tháng của xã.", kpi_columns(),
           [[i, row.commune.code, row.commune.name, k.kpi.code, k.kpi.name, k.target_text, k.period_text, k.value,
             k.kpi.unit_of_measure, k.state_text] for i, (row, k) in enumerate(kpi_rows, 1)])
    out.parent.mkdir(parents=True, exist_ok=True)
    wb.save(str(out))
    return out


# ---------------------------------------------------------------- Word report


def _docx_row(i: int, r: CommuneRow) -> dict[str, str]:
    w = r.window
    if w is None:
        return {"stt": str(i), "name": r.commune.name, "base": "—", **dict.fromkeys(STATUSES, "—"),
                "kpis": "Chưa có kế hoạch", "days": ""}
    return {
        "stt": str(i), "name": r.commune.name, "base": fmt_number(w.base),
        **{st: fmt_percent(w.counts[st], w.base) for st in STATUSES},
        "kpis": f"{r.kpi_count('met')}/{r.kpi_count('below')}/{r.kpi_count('no_data')}",
        "days": str(r.max_days_overdue) if r.max_days_overdue is not None else "",
    }


def agency_short(agency: str) -> str:
    """The agency's letters in a document number ("Số: …/BC-SNV"): its own, or "…" for the clerk to fill in."""
    name = agency.lower()
    if name.startswith("văn phòng"):
        return "VPUBND"
    return "SNV" if "nội vụ" in name else "…"


def docx_context(r: ProvinceReport, agency: str = "Sở Nội vụ") -> dict[str, Any]:
    y, m = period_bounds(r.period)
    month = fmt_period(r.period)
    province = r.province or "……"
    total = r.total
    planned = [row for row in r.rows if row.plan is not None]
    behind = sorted((row for row in planned if row.overdue), key=lambda row: (-len(row.overdue), row.commune.code))
    below = [row for row in planned if row.kpi_count("below")]
    no_plan = [row for row in r.rows if row.plan is None]
    share = percent_value(total.counts["overdue"], total.base)
    findings = [
        f"Số xã có nhiệm vụ quá hạn tại ngày chốt số liệu: {len(behind)}/{len(planned)} xã"
        + (f"; nhiều nhất: {', '.join(f'{x.commune.name} ({len(x.overdue)} nhiệm vụ)' for x in behind[:5])}."
           if behind else "."),
        f"Số xã có chỉ tiêu chưa đạt mục tiêu: {len(below)}/{len(planned)} xã.",
    ]
    if no_plan:
        findings.append("Các xã chưa có kế hoạch trên hệ thống: " + ", ".join(x.commune.name for x in no_plan) + ".")
    return {
        "province_upper": province.upper(),
        "agency_upper": agency.upper(),
        "place_date": f"{province}, ngày ..... tháng {m:02d} năm {y}",
        "summary": f"Tổng hợp kết quả thực hiện kế hoạch cải cách thủ tục hành chính của các xã, tháng {month}",
        "intro": (f"{agency} tổng hợp kết quả thực hiện kế hoạch cải cách thủ tục hành chính tháng {month} của "
                  f"{len(r.rows)} xã trên địa bàn tỉnh {province}, số liệu từ ngày {fmt_date(r.window_start)} "
                  f"đến ngày {fmt_date(r.window_end)} (Nghị định 09/2019/NĐ-CP), như sau:"),
        "result_sentence": (
            f"Toàn tỉnh có {fmt_number(total.base)} nhiệm vụ có thời hạn được theo dõi trong kỳ; trong đó "
            + "; ".join(f"{STATUS_LABELS[st]} {fmt_percent(total.counts[st], total.base)}" for st in STATUSES)
            + "." if total.base else "Trong kỳ không có nhiệm vụ có thời hạn cần theo dõi."),
        "rows": [_docx_row(i, row) for i, row in enumerate(r.rows, 1)],
        "total": {"base": fmt_number(total.base), **{st: fmt_percent(total.counts[st], total.base) for st in STATUSES},
                  "kpis": "", "days": ""},
        "findings": findings,
        "overdue_sentence": (f"Danh sách nhiệm vụ quá hạn tại ngày {fmt_date(r.window_end)}: {len(r.overdue)} nhiệm vụ"
                             f" (tỷ lệ quá hạn toàn tỉnh {fmt_number(share) if share is not None else '—'}%)."
                             if r.overdue else "Không có nhiệm vụ quá hạn tại thời điểm chốt số liệu."),
        "overdue": [{"stt": str(i), "commune": row.commune.name, "code": x.code, "title": x.title, "unit": x.unit,
                     "deadline": x.deadline_words, "days": str(x.days_overdue or 0)}
                    for i, (row, x) in enumerate(r.overdue, 1)],
        "agency_name": lower_first(agency),
        "agency_short": agency_short(agency),
        "signer_title": "CHÁNH VĂN PHÒNG" if agency.lower().startswith("văn phòng") else "GIÁM ĐỐC",
        "signer": "",
        "month_text": month,
        "recipients": [f"- UBND tỉnh {province} (b/c);", f"- Văn phòng UBND tỉnh {province};",
                       "- UBND các xã, phường;", "- Lưu: VT."],
    }


def render_province_docx(r: ProvinceReport, out: Path, *, agency: str = "Sở Nội vụ",
                         template: Path | None = None) -> Path:
    return render_docx(TEMPLATE, docx_context(r, agency), out, template)


# ---------------------------------------------------------------- public page of the province


@dataclass
class ProvincePage:
    as_of: datetime
    province: str | None
    rows: list[tuple[Commune, Any]]  # (commune, tracker.reports.publish.PublicPage or None without a plan)


def build_province_page(s: Session, *, as_of: datetime, calendar: WorkCalendar | CommuneCalendars) -> ProvincePage:
    """Every commune's public page (tracker.reports.publish) as of `as_of`; the province's table is made of them,
    so a commune's row and its own page never disagree."""
    from tracker.errors import NotFound
    from tracker.reports.publish import build_public_page

    rows: list[tuple[Commune, Any]] = []
    all_communes = communes(s)
    for c in all_communes:
        try:
            rows.append((c, build_public_page(s, pk(c), as_of=as_of, calendar=_calendar_of(calendar, pk(c)))))
        except NotFound:
            rows.append((c, None))
    return ProvincePage(as_of, province_of(all_communes), rows)


def province_page_context(p: ProvincePage) -> dict[str, Any]:
    out = []
    for c, page in p.rows:
        row: dict[str, Any] = {"code": c.code, "name": c.name, "href": f"{c.code}/index.html" if page else None}
        if page is None:
            row.update(base=None, cells=[], overdue=None, longest=None, kpis=None)
        else:
            t = page.total
            row["base"] = t.base
            row["cells"] = [{"status": st, "count": t.counts[st], "text": fmt_percent(t.counts[st], t.base),
                             "sort": f"{t.counts[st] / t.base:.6f}" if t.base else "-1",
                             "label": cap(STATUS_LABELS[st])} for st in STATUSES]
            row["overdue"] = len(page.overdue)
            row["longest"] = max((o.days_overdue for o in page.overdue), default=0)
            met = sum(1 for k in page.kpis if k.state == "met")
            row["kpis"] = {"met": met, "all": len(page.kpis), "text": f"{met}/{len(page.kpis)}"}
        out.append(row)
    return {
        "province": p.province,
        "as_of_date": fmt_date(vn_date(p.as_of)),
        "as_of_text": fmt_datetime(p.as_of),
        "headers": [cap(STATUS_LABELS[st]) for st in STATUSES],
        "statuses": STATUSES,
        "rows": out,
        "count": len(out),
    }


def render_province_html(p: ProvincePage) -> str:
    from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

    env = Environment(loader=PackageLoader("tracker.reports", "templates"), undefined=StrictUndefined,
                      autoescape=select_autoescape(["html", "j2"], default=True),
                      trim_blocks=True, lstrip_blocks=True)
    return env.get_template("province_page.html.j2").render(**province_page_context(p))


SAFE_DIR = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")


def page_dir(code: str) -> str:
    """The folder of a commune's page: its code, which must be one plain path segment (no '/', no '..')."""
    from tracker.errors import InvalidInput

    if not SAFE_DIR.fullmatch(code):
        raise InvalidInput(f"Mã xã «{code}» không dùng được làm tên thư mục của trang (chỉ gồm chữ không dấu, "
                           "chữ số, dấu chấm, gạch ngang, gạch dưới).", code="commune.code_unsafe")
    return code


def write_province_site(p: ProvincePage, out_dir: Path) -> Path:
    """DIR/index.html (the province) and DIR/<commune code>/index.html (each commune's own page)."""
    from tracker.reports.publish import write_public_site

    for c, _page in p.rows:
        page_dir(c.code)  # every folder name checked before anything is written
    out_dir.mkdir(parents=True, exist_ok=True)
    for c, page in p.rows:
        if page is not None:
            write_public_site(page, out_dir / page_dir(c.code))
    index = out_dir / "index.html"
    index.write_text(render_province_html(p), encoding="utf-8")
    return index
