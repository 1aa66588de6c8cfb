"""KPI standing at a period: latest reading up to it, against the target."""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session, col, select

from tracker.db import pk
from tracker.formatting import cap, fmt_number, fmt_period
from tracker.models import Kpi, KpiReading, Unit
from tracker.service import kpi_met
from tracker.vocabulary import COMPARISON_SIGNS, KPI_STATE_LABELS


@dataclass
class KpiRow:
    kpi: Kpi
    latest: KpiReading | None
    history: list[KpiReading]
    lead_units: list[str]

    @property
    def state(self) -> str:
        if self.latest is None:
            return "no_data"
        return "met" if kpi_met(self.kpi, self.latest.value) else "below"

    @property
    def target_text(self) -> str:
        sign = COMPARISON_SIGNS.get(self.kpi.comparison, "")
        return f"{sign} {fmt_number(self.kpi.target)}{self.kpi.unit_of_measure}"

    @property
    def value_text(self) -> str:
        if self.latest is None:
            return "—"
        return f"{fmt_number(self.latest.value)}{self.kpi.unit_of_measure}"

    @property
    def reading_text(self) -> str:
        """Value, its period and its base when known: '64,5% (09/2025; 129/200)'."""
        r = self.latest
        if r is None:
            return cap(KPI_STATE_LABELS["no_data"])
        text = f"{fmt_number(r.value)}{self.kpi.unit_of_measure} (kỳ {fmt_period(r.period)}"
        if r.numerator is not None and r.denominator is not None:
            text += f"; {fmt_number(r.numerator)}/{fmt_number(r.denominator)}"
        return text + ")"


def kpi_rows(s: Session, commune_id: int, up_to_period: str | None = None) -> list[KpiRow]:
    """Every KPI of the commune in plan order with its readings up to a period (inclusive)."""
    kpis = s.exec(select(Kpi).where(Kpi.commune_id == commune_id).order_by(col(Kpi.plan_id), col(Kpi.seq))).all()
    units = {pk(u): u for u in s.exec(select(Unit).where(Unit.commune_id == commune_id)).all()}
    readings = s.exec(select(KpiReading).where(col(KpiReading.kpi_id).in_([pk(k) for k in kpis]))
                      .order_by(col(KpiReading.period))).all()
    hist: dict[int, list[KpiReading]] = {}
    for r in readings:
        if up_to_period is None or r.period <= up_to_period:
            hist.setdefault(r.kpi_id, []).append(r)
    rows = []
    for k in kpis:
        h = hist.get(pk(k), [])
        rows.append(KpiRow(k, h[-1] if h else None, h, [units[u].name for u in k.lead_unit_ids if u in units]))
    return rows
