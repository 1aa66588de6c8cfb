"""KPI readings: validation, recording (one transaction and one audit event), whether a target is met."""

from __future__ import annotations

import math
from datetime import date, datetime, timedelta

from sqlalchemy import Engine
from sqlmodel import Session, col, select

from tracker.audit import record
from tracker.db import pk, transaction
from tracker.domain.lookups import find_plan, resolve_commune
from tracker.errors import InvalidInput, NotFound
from tracker.formatting import fmt_number
from tracker.models import (
    Commune,
    Kpi,
    KpiReading,
    Plan,
)
from tracker.timeutil import report_window
from tracker.usertext import clean_optional, lookup_key, quoted

# ---------------------------------------------------------------- KPIs


def find_kpi(s: Session, commune_id: int, code: str, *, plan: str | None = None, period: str | None = None) -> Kpi:
    """A KPI by code, in the plan named, else (codes repeat from year to year) in the plan of the period's year,
    else in the latest plan before it."""
    key = lookup_key(code, label="Mã chỉ tiêu")
    q = select(Kpi).where(Kpi.commune_id == commune_id, Kpi.code == key)
    if plan:
        q = q.where(Kpi.plan_id == pk(find_plan(s, commune_id, plan)))
    kpis = list(s.exec(q).all())
    if not kpis:
        raise NotFound(f"Không có chỉ tiêu mã «{quoted(code)}».", code="kpi.unknown", subject=f"kpi {code}",
                       values={"code": code})
    if len(kpis) == 1:
        return kpis[0]
    years = {pk(p): p.year for p in s.exec(select(Plan).where(col(Plan.id).in_([k.plan_id for k in kpis]))).all()}
    year = int(period[:4]) if period else None
    fitting = [k for k in kpis if year is not None and years[k.plan_id] <= year]
    if fitting:
        latest = max(years[k.plan_id] for k in fitting)
        fitting = [k for k in fitting if years[k.plan_id] == latest]
    if len(fitting) == 1:
        return fitting[0]
    plans = sorted({str(years[k.plan_id]) for k in kpis})
    raise InvalidInput(f"Mã chỉ tiêu «{quoted(code)}» có trong nhiều kế hoạch (năm {', '.join(plans)}): "
                       "cần chỉ rõ kế hoạch.", code="plan.ambiguous", subject=f"kpi {code}",
                       values={"code": code, "plans": plans})


def kpi_window(kpi: Kpi, period: str) -> tuple[str, date, date]:
    if kpi.window == "report_period":
        start, end = report_window(period)
        return "report_period", start, end
    y, m = (int(x) for x in period.split("-"))
    nxt = date(y + (m == 12), 1 if m == 12 else m + 1, 1)
    return "calendar_month", date(y, m, 1), nxt - timedelta(days=1)


def validate_reading(value: float | None, numerator: float | None, denominator: float | None) -> float:
    """The reading's percentage; numerator/denominator must agree with it when both given."""
    if any(x is not None and not math.isfinite(x) for x in (value, numerator, denominator)):
        # 1e309 reads as infinity: it would pass "numerator <= denominator" and store 1/inf as 0 %.
        raise InvalidInput("Số liệu chỉ tiêu phải là số hữu hạn.", code="kpi.not_finite")
    if (numerator is None) != (denominator is None):
        raise InvalidInput("Cần cả tử số và mẫu số, hoặc không cái nào.", code="kpi.fraction_half",
                           values={"fields": ["numerator", "denominator"]})
    if numerator is not None and denominator is not None:
        if denominator <= 0 or numerator < 0:
            raise InvalidInput("Mẫu số phải lớn hơn 0 và tử số không được âm.", code="kpi.fraction_range")
        if numerator > denominator:
            raise InvalidInput("Tử số không được lớn hơn mẫu số.", code="kpi.fraction_range")
        computed = 100 * numerator / denominator
        if value is None:
            value = round(computed, 2)
        elif abs(value - computed) > 0.5:
            raise InvalidInput(f"Giá trị {fmt_number(value)} không khớp với tử số/mẫu số ({fmt_number(computed)}%).",
                               code="kpi.mismatch", values={"value": value, "computed": computed})
    if value is None:
        raise InvalidInput("Cần giá trị, hoặc tử số và mẫu số.", code="kpi.value_required",
                           values={"fields": ["value", "numerator", "denominator"]})
    if not 0 <= value <= 100:
        raise InvalidInput(f"Giá trị {fmt_number(value)} nằm ngoài khoảng 0–100 (%).", code="kpi.out_of_range",
                           values={"value": value})
    return value


def record_kpi(
    engine: Engine, *, commune: str | None, code: str, period: str, value: float | None,
    numerator: float | None, denominator: float | None, source: str | None, actor: str, channel: str,
    now: datetime, plan: str | None = None,
) -> KpiReading:
    value = validate_reading(value, numerator, denominator)
    source = clean_optional(source, label="Nguồn số liệu", multiline=False)
    with transaction(engine) as s:
        c = resolve_commune(s, commune)
        return record_kpi_in(s, c, code=code, period=period, value=value, numerator=numerator,
                             denominator=denominator, source=source, actor=actor, channel=channel, now=now,
                             plan=plan)


def record_kpi_in(
    s: Session, c: Commune, *, code: str, period: str, value: float, numerator: float | None,
    denominator: float | None, source: str | None, actor: str, channel: str, now: datetime,
    plan: str | None = None,
) -> KpiReading:
    """Record one validated reading inside the caller's transaction (record_kpi's, or a whole CSV import's);
    audited."""
    kpi = find_kpi(s, pk(c), code, plan=plan, period=period)
    kind, start, end = kpi_window(kpi, period)
    reading = s.exec(select(KpiReading).where(KpiReading.kpi_id == kpi.id, KpiReading.period == period)).first()
    before = None
    if reading is None:
        reading = KpiReading(kpi_id=pk(kpi), period=period, value=value, numerator=numerator,
                             denominator=denominator, window_kind=kind, window_start=start, window_end=end,
                             source=source, recorded_at=now, recorded_by=actor)
    else:
        before = {"value": reading.value, "numerator": reading.numerator, "denominator": reading.denominator}
        reading.value, reading.numerator, reading.denominator = value, numerator, denominator
        reading.source, reading.recorded_at, reading.recorded_by = source, now, actor
    s.add(reading)
    record(s, now=now, actor=actor, channel=channel, action="kpi.record", entity=f"kpi {kpi.code} {period}",
           commune_id=c.id, before=before,
           after={"value": value, "numerator": numerator, "denominator": denominator, "source": source})
    return reading


def kpi_met(kpi: Kpi, value: float) -> bool:
    if kpi.comparison == "gte":
        return value >= kpi.target
    if kpi.comparison == "lte":
        return value <= kpi.target
    return abs(value - kpi.target) < 1e-9
