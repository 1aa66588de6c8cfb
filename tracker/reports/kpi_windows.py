"""Which KPI readings a report uses, and the data window each row states.

A KPI is measured either per calendar month (window "calendar_month": the 1st to the last day) or per ND 09/2019
report period (window "report_period": the 15th of the previous month to the 14th). The monthly report of
period M is cut off on the 14th of M, when month M is not over: a calendar-month KPI shows the last complete
calendar month (M-1), a report-period KPI shows period M itself. Each row names its window, so a reader never
takes September's figure for October's.

The annual report shows each KPI's figure for the plan's year: the sum of numerators over the sum of
denominators when every reading of the year has them, else the mean of the readings' values; the row says which.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlmodel import Session, col, select

from tracker.db import pk
from tracker.domain.kpis import kpi_met, kpi_window
from tracker.formatting import cap, fmt_date, fmt_number, month_phrase, period_phrase
from tracker.models import Kpi, KpiReading
from tracker.vocabulary import KPI_STATE_LABELS

CALENDAR_MONTH = "calendar_month"


def previous_period(period: str) -> str:
    y, m = (int(x) for x in period.split("-"))
    return f"{y - 1:04d}-12" if m == 1 else f"{y:04d}-{m - 1:02d}"


def data_period(kpi: Kpi, report_period: str) -> str:
    """The period of `kpi` that the monthly report of `report_period` shows (module docstring)."""
    return previous_period(report_period) if kpi.window == CALENDAR_MONTH else report_period


def target_wording(kpi: Kpi) -> str:
    """The plan's target as the plan writes it ("Tối thiểu 50", "60"), never rewritten as "≥ 50%"."""
    return kpi.target_text.strip() or fmt_number(kpi.target)


def target_in_prose(kpi: Kpi) -> str:
    """The plan's wording inside a sentence: "tối thiểu 50%", "60%" (the unit after a closing number)."""
    text = target_wording(kpi)
    text = text[:1].lower() + text[1:]
    return f"{text}{kpi.unit_of_measure}" if text[-1:].isdigit() else text


def window_text(start: date, end: date) -> str:
    """"số liệu từ 01/09 đến 30/09/2025" (the first day keeps its year when the years differ)."""
    first = f"{start.day:02d}/{start.month:02d}" if start.year == end.year else fmt_date(start)
    return f"số liệu từ {first} đến {fmt_date(end)}"


def _state(kpi: Kpi, value: float | None) -> str:
    if value is None:
        return "no_data"
    return "met" if kpi_met(kpi, value) else "below"


@dataclass
class KpiFigure:
    """One KPI row of a report: the figure, the window it covers, and whether it meets the plan's target."""

    kpi: Kpi
    value: float | None
    window_start: date
    window_end: date
    period_text: str  # "tháng 9/2025 (số liệu từ 01/09 đến 30/09/2025)", or the year's span in the annual report
    numerator: float | None = None
    denominator: float | None = None
    method: str = ""  # the annual report: how the year's figure was computed
    readings: list[KpiReading] = field(default_factory=list)

    @property
    def state(self) -> str:
        """met, below or no_data (tracker.vocabulary.KPI_STATES)."""
        return _state(self.kpi, self.value)

    @property
    def state_text(self) -> str:
        return cap(KPI_STATE_LABELS[self.state])

    @property
    def target_text(self) -> str:
        return target_wording(self.kpi)

    @property
    def value_text(self) -> str:
        """"64,5% (129/200)", "45%", or "Chưa có số liệu"."""
        if self.value is None:
            return cap(KPI_STATE_LABELS["no_data"])
        text = f"{fmt_number(self.value)}{self.kpi.unit_of_measure}"
        if self.numerator is not None and self.denominator is not None:
            text += f" ({fmt_number(self.numerator)}/{fmt_number(self.denominator)})"
        return text

    @property
    def short_value(self) -> str:
        return f"{fmt_number(self.value)}{self.kpi.unit_of_measure}" if self.value is not None else "—"


def plan_kpis(s: Session, plan_id: int) -> list[Kpi]:
    return list(s.exec(select(Kpi).where(Kpi.plan_id == plan_id).order_by(col(Kpi.seq), col(Kpi.id))).all())


def _readings(s: Session, kpis: list[Kpi]) -> dict[int, list[KpiReading]]:
    out: dict[int, list[KpiReading]] = {pk(k): [] for k in kpis}
    if not kpis:
        return out
    rows = s.exec(select(KpiReading).where(col(KpiReading.kpi_id).in_(list(out)))
                  .order_by(col(KpiReading.period))).all()
    for r in rows:
        out[r.kpi_id].append(r)
    return out


def monthly_figures(s: Session, plan_id: int, report_period: str) -> list[KpiFigure]:
    """Each KPI of the plan with the reading of the window the monthly report of `report_period` shows.

    Only that window's reading counts: an older one would be reported as this month's.
    """
    kpis = plan_kpis(s, plan_id)
    readings = _readings(s, kpis)
    out = []
    for k in kpis:
        period = data_period(k, report_period)
        _, start, end = kpi_window(k, period)
        r = next((x for x in readings[pk(k)] if x.period == period), None)
        out.append(KpiFigure(
            kpi=k, value=r.value if r else None, window_start=start, window_end=end,
            period_text=period_phrase(period, start, end),
            numerator=r.numerator if r else None, denominator=r.denominator if r else None,
            readings=[r] if r else [],
        ))
    return out


def yearly_figures(s: Session, plan_id: int, year: int, up_to: date) -> list[KpiFigure]:
    """Each KPI of the plan with its figure for `year`, from the readings whose window ended by `up_to`.

    Every reading with a numerator and a denominator: their sums (the year's true rate). Otherwise the mean of
    the values, each period weighing the same.
    """
    kpis = plan_kpis(s, plan_id)
    readings = _readings(s, kpis)
    out = []
    for k in kpis:
        used = [r for r in readings[pk(k)] if r.period.startswith(f"{year:04d}-") and r.window_end <= up_to]
        if not used:
            _, start, _ = kpi_window(k, f"{year:04d}-01")
            _, _, end = kpi_window(k, f"{year:04d}-12")
            out.append(KpiFigure(kpi=k, value=None, window_start=start, window_end=min(end, up_to),
                                 period_text=f"năm {year}: chưa có kỳ nào có số liệu", method=""))
            continue
        start, end = used[0].window_start, used[-1].window_end
        months = _period_list(used)
        unit = "tháng" if k.window == CALENDAR_MONTH else "kỳ báo cáo"
        if all(r.numerator is not None and r.denominator is not None for r in used):
            num = sum(r.numerator or 0.0 for r in used)
            den = sum(r.denominator or 0.0 for r in used)
            value: float | None = round(100 * num / den, 2) if den else None
            method = f"Tổng tử số/tổng mẫu số của {len(used)} {unit}"
            fig = KpiFigure(kpi=k, value=value, window_start=start, window_end=end, numerator=num, denominator=den,
                            period_text="", method=method, readings=used)
        else:
            value = round(sum(r.value for r in used) / len(used), 2)
            method = f"Bình quân giá trị của {len(used)} {unit}"
            fig = KpiFigure(kpi=k, value=value, window_start=start, window_end=end, period_text="", method=method,
                            readings=used)
        fig.period_text = f"{months} ({window_text(start, end)})"
        out.append(fig)
    return out


def _period_list(used: list[KpiReading]) -> str:
    """"tháng 8/2025", or "tháng 8/2025 đến tháng 12/2025 (4 kỳ)" when some periods have no reading."""
    first, last = used[0].period, used[-1].period
    if first == last:
        return month_phrase(first)
    fy, fm = (int(x) for x in first.split("-"))
    ly, lm = (int(x) for x in last.split("-"))
    span = (ly - fy) * 12 + lm - fm + 1
    text = f"{month_phrase(first)} đến {month_phrase(last)}"
    return text if span == len(used) else f"{text}, có số liệu {len(used)}/{span} kỳ"
