"""Every deadline of the plan as an iCalendar file (RFC 5545) for phone and web calendars.

One all-day VEVENT per one-off task with a date and per monthly occurrence, on the
deadline in force (extension applied, rolled to a working day per Điều 148 BLDS
2015). The UID is stable per task/occurrence so a re-import updates the event;
SEQUENCE counts the approved extensions and DTSTAMP is the export instant, so
clients accept the newer copy.
"""

from __future__ import annotations

from collections import Counter
from datetime import datetime, timedelta

from sqlalchemy import func
from sqlmodel import Session, col, select

from tracker.db import pk
from tracker.domain.lookups import find_unit
from tracker.formatting import cap, deadline_sentence, fmt_date, fmt_datetime, month_phrase, period_phrase
from tracker.models import AuditEvent, Commune, Extension, Plan
from tracker.status import Item, build_items
from tracker.vocabulary import STATUS_LABELS
from tracker.workdays import WorkCalendar

# Alarms at 08:00 local (floating) time, 7 days and 1 day before an all-day event starting at 00:00.
ALARMS = ((timedelta(days=-6, hours=-16), "Còn 7 ngày đến hạn"), (timedelta(hours=-16), "Ngày mai đến hạn"))
OPEN = ("in_progress", "overdue")


def event_uid(commune: Commune, plan: Plan | None, item: Item) -> str:
    plan = item.plan or plan  # each item's own plan: task codes repeat from one year's plan to the next
    plan_code = plan.code if plan else "plan"
    tail = f"-{item.period}" if item.period else ""
    return f"{commune.code}-{plan_code}-{item.code}{tail}@tracker"


def _description(item: Item, as_of: datetime) -> str:
    t = item.task
    lines = [f"Thời hạn theo kế hoạch: {t.deadline_text}"]
    if item.occurrence is not None:
        o = item.occurrence
        lines.append(f"Kỳ báo cáo: {period_phrase(o.period, o.window_start, o.window_end)}")
    if item.extension is not None and item.original_due:
        lines.append(f"Hạn ban đầu: {fmt_date(item.original_due)}; gia hạn đến {fmt_date(item.due)} "
                     f"({item.extension.reason})")
    if item.deadline and item.due and item.deadline != item.due:
        lines.append(deadline_sentence(item.due, item.deadline))  # one wording in every output
    lines.append(f"Đơn vị chủ trì: {item.lead_unit.name if item.lead_unit else 'Chưa giao đơn vị'}")
    lines.append(f"Trạng thái: {cap(STATUS_LABELS[item.status])} (tính đến {fmt_datetime(as_of)})")
    return "\n".join(lines)


def build_calendar(
    s: Session, commune_id: int, *, now: datetime, calendar: WorkCalendar, unit: str | None = None,
) -> bytes:
    """The .ics bytes for the commune (or one lead unit) as of `now`."""
    from icalendar import Alarm, Calendar, Event

    commune = s.get(Commune, commune_id)
    assert commune is not None
    plan = s.exec(select(Plan).where(Plan.commune_id == commune_id)).first()
    unit_row = find_unit(s, commune_id, unit) if unit else None
    # Every plan still followed (a closed plan's deadlines leave the feed), each event under its own plan.
    items = [it for it in build_items(s, commune_id, as_of=now, calendar=calendar, include_future=True)
             if it.deadline is not None and (unit_row is None or (it.lead_unit and it.lead_unit.id == unit_row.id))
             and (it.plan is None or it.plan.closed_at is None or it.plan.closed_at > now)]

    ext_count: Counter[tuple[int, int | None]] = Counter()
    for e in s.exec(select(Extension).where(Extension.commune_id == commune_id, Extension.status == "approved",
                                            col(Extension.decided_at) <= now)).all():
        ext_count[(e.task_id, e.occurrence_id)] += 1
    last_change = dict(s.exec(select(col(AuditEvent.task_id), func.max(AuditEvent.at))
                              .where(AuditEvent.commune_id == commune_id, AuditEvent.at <= now,
                                     col(AuditEvent.task_id).is_not(None))
                              .group_by(col(AuditEvent.task_id))).all())

    cal = Calendar()
    cal.add("prodid", "-//tracker//Thoi han ke hoach CCTTHC//VI")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    name = f"Thời hạn Kế hoạch cải cách TTHC — {commune.name}"
    if unit_row is not None:
        name += f" — {unit_row.name}"
    cal.add("x-wr-calname", name)
    cal.add("x-wr-timezone", "Asia/Ho_Chi_Minh")
    titles = list(dict.fromkeys(it.plan.title for it in items if it.plan is not None))
    if titles or plan is not None:
        cal.add("x-wr-caldesc", "; ".join(titles) if titles else plan.title if plan else "")

    for it in items:
        assert it.deadline is not None
        ev = Event()
        ev.add("uid", event_uid(commune, plan, it))
        summary = f"[{it.code}] {it.task.title}"
        notes = [month_phrase(it.period)] if it.period else []
        if it.plan_year:
            notes.append(f"kế hoạch năm {it.plan_year}")
        if notes:
            summary += f" ({'; '.join(notes)})"
        ev.add("summary", summary)
        ev.add("dtstart", it.deadline)
        ev.add("dtend", it.deadline + timedelta(days=1))
        ev.add("dtstamp", now)
        modified = last_change.get(it.task.id)
        ev.add("last-modified", min(modified, now) if modified else now)
        ev.add("sequence", ext_count[(pk(it.task), it.occurrence.id if it.occurrence else None)])
        ev.add("description", _description(it, now))
        ev.add("status", "CANCELLED" if it.status == "cancelled" else "CONFIRMED")
        ev.add("transp", "TRANSPARENT")
        if it.lead_unit is not None:
            ev.add("categories", [it.lead_unit.code])
        if it.status in OPEN:
            for trigger, text in ALARMS:
                alarm = Alarm()
                alarm.add("action", "DISPLAY")
                alarm.add("trigger", trigger)
                alarm.add("description", f"{text}: {summary}")
                ev.add_component(alarm)
        cal.add_component(ev)
    return bytes(cal.to_ical())
