"""Working-day overrides (make-up Saturdays, swapped days off); each change recomputes submission deadlines."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Engine, update
from sqlmodel import Session, col, select

from tracker.audit import record
from tracker.db import transaction
from tracker.errors import NotFound, required
from tracker.formatting import fmt_date
from tracker.models import (
    RECURRING_KINDS,
    Occurrence,
    Task,
    WorkdayOverride,
)
from tracker.usertext import clean_text
from tracker.workdays import load_calendar

# ---------------------------------------------------------------- working days


def set_workday_override(engine: Engine, *, day: date, working: bool, note: str, actor: str, now: datetime) -> None:
    """Mark a day as working (make-up Saturday) or off (swap); recomputes occurrence deadlines."""
    note = clean_text(note, label="Ghi chú")
    if not note:
        raise required("note", "Cần ghi chú lý do, ví dụ số văn bản điều chỉnh ngày nghỉ.")
    with transaction(engine) as s:
        existing = s.get(WorkdayOverride, day)
        before = {"is_working": existing.is_working, "note": existing.note} if existing else None
        if existing is None:
            existing = WorkdayOverride(day=day, is_working=working, note=note.strip())
        existing.is_working, existing.note = working, note.strip()
        s.add(existing)
        s.flush()
        _recompute_occurrence_dues(s)
        record(s, now=now, actor=actor, channel="cli", action="workday.set", entity=f"day {day.isoformat()}",
               commune_id=None, before=before, after={"is_working": working, "note": note.strip()})


def remove_workday_override(engine: Engine, *, day: date, actor: str, now: datetime) -> None:
    with transaction(engine) as s:
        existing = s.get(WorkdayOverride, day)
        if existing is None:
            raise NotFound(f"Ngày {fmt_date(day)} không có điều chỉnh nào.", code="workday.no_override",
                           values={"day": day})
        before = {"is_working": existing.is_working, "note": existing.note}
        s.delete(existing)
        s.flush()
        _recompute_occurrence_dues(s)
        record(s, now=now, actor=actor, channel="cli", action="workday.remove", entity=f"day {day.isoformat()}",
               commune_id=None, before=before)


def _recompute_occurrence_dues(s: Session) -> None:
    # Submission deadlines count working days from the cut-off, so a swap can move them.
    # One query for every commune's occurrences (plain rows, not ORM objects), each distinct (cut-off, days)
    # computed once, and one bulk UPDATE of the rows that move: a whole country takes a second, not minutes.
    cal = load_calendar(s)
    rows = s.execute(
        select(col(Occurrence.id), col(Occurrence.window_end), col(Occurrence.due_date), col(Task.recurrence))
        .join(Task, col(Task.id) == col(Occurrence.task_id))
        .where(col(Task.deadline_kind).in_(RECURRING_KINDS))
    ).all()
    dues: dict[tuple[date, int], date] = {}
    changed = []
    for occ_id, window_end, old_due, recurrence in rows:
        key = (window_end, int((recurrence or {}).get("submit_within_working_days", 2)))
        if key not in dues:
            dues[key] = cal.add_working_days(*key)
        if old_due != dues[key]:
            changed.append({"id": occ_id, "due_date": dues[key]})
    if changed:
        s.execute(update(Occurrence), changed)
