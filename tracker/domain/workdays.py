"""Working-day overrides (make-up Saturdays, swapped days off); each change recomputes submission deadlines."""

from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy import Engine, update
from sqlmodel import Session, col, select

from tracker.audit import record
from tracker.db import transaction
from tracker.errors import NotFound, required
from tracker.formatting import fmt_date
from tracker.models import (
    RECURRING_KINDS,
    Commune,
    Occurrence,
    Task,
    WorkdayOverride,
)
from tracker.usertext import clean_text
from tracker.workdays import CommuneCalendars

# ---------------------------------------------------------------- working days


def override_entity(day: date, commune_code: str | None) -> str:
    """The audit entity of a day's override: "day 2026-01-03" (national) or "day 2026-01-03 commune X" (its own)."""
    return f"day {day.isoformat()}" + (f" commune {commune_code}" if commune_code else "")


def find_override(s: Session, day: date, commune_id: int | None) -> WorkdayOverride | None:
    """The national override of a day (commune_id None) or that commune's own."""
    q = select(WorkdayOverride).where(WorkdayOverride.day == day)
    q = q.where(col(WorkdayOverride.commune_id).is_(None) if commune_id is None
                else WorkdayOverride.commune_id == commune_id)
    return s.exec(q).first()


def _commune_code(s: Session, commune_id: int | None) -> str | None:
    c = s.get(Commune, commune_id) if commune_id is not None else None
    return c.code if c else None


def set_workday_override(engine: Engine, *, day: date, working: bool, note: str, actor: str, now: datetime,
                         commune_id: int | None = None) -> None:
    """Mark a day as working (make-up Saturday) or off (swap), for every commune (commune_id None: a national
    override) or for one commune only; recomputes the occurrence deadlines that follow that calendar."""
    note = clean_text(note, label="Ghi chú")
    if not note:
        raise required("note", "Cần ghi chú lý do, ví dụ số văn bản điều chỉnh ngày nghỉ.")
    with transaction(engine) as s:
        existing = find_override(s, day, commune_id)
        before = {"is_working": existing.is_working, "note": existing.note} if existing else None
        if existing is None:
            existing = WorkdayOverride(day=day, commune_id=commune_id, is_working=working, note=note.strip())
        existing.is_working, existing.note = working, note.strip()
        s.add(existing)
        s.flush()
        recompute_occurrence_dues(s, commune_id)
        record(s, now=now, actor=actor, channel="cli", action="workday.set",
               entity=override_entity(day, _commune_code(s, commune_id)),
               commune_id=commune_id, before=before, after={"is_working": working, "note": note.strip()})


def remove_workday_override(engine: Engine, *, day: date, actor: str, now: datetime,
                            commune_id: int | None = None) -> None:
    with transaction(engine) as s:
        existing = find_override(s, day, commune_id)
        if existing is None:
            raise NotFound(f"Ngày {fmt_date(day)} không có điều chỉnh nào.", code="workday.no_override",
                           values={"day": day})
        before = {"is_working": existing.is_working, "note": existing.note}
        s.delete(existing)
        s.flush()
        recompute_occurrence_dues(s, commune_id)
        record(s, now=now, actor=actor, channel="cli", action="workday.remove",
               entity=override_entity(day, _commune_code(s, commune_id)), commune_id=commune_id, before=before)


def recompute_occurrence_dues(s: Session, commune_id: int | None = None) -> None:
    """Submission deadlines count working days from the cut-off, so an override can move them: those of one
    commune (its own override changed), or of every commune (a national one), each on its commune's calendar.

    One query for the occurrences (plain rows, not ORM objects), each distinct (calendar, cut-off, days) computed
    once, and one bulk UPDATE of the rows that move: a whole country takes a second, not minutes."""
    cals = CommuneCalendars(s)
    q = (sa.select(col(Occurrence.id), col(Occurrence.commune_id), col(Occurrence.window_end),
                col(Occurrence.due_date), col(Task.recurrence))
         .join(Task, col(Task.id) == col(Occurrence.task_id))
         .where(col(Task.deadline_kind).in_(RECURRING_KINDS)))
    if commune_id is not None:
        q = q.where(col(Occurrence.commune_id) == commune_id)
    dues: dict[tuple[int, date, int], date] = {}
    changed = []
    for occ_id, cid, window_end, old_due, recurrence in s.execute(q).all():
        cal = cals.of(cid)
        key = (id(cal), window_end, int((recurrence or {}).get("submit_within_working_days", 2)))
        if key not in dues:
            dues[key] = cal.add_working_days(key[1], key[2])
        if old_due != dues[key]:
            changed.append({"id": occ_id, "due_date": dues[key]})
    if changed:
        s.execute(update(Occurrence), changed)
