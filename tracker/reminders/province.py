"""The province's weekly digest: the communes ranked by overdue items and on-time rate, and those that have not
sent their monthly report (tracker.domain.communes.province_standings).

It goes to every active province official (role "province") on the channels that reach them (e-mail, Telegram,
Zalo; the console for someone no channel reaches), once per official, channel and week: the outbox key
"province:province_weekly:<person>:<channel>:<slot>" is unique, so a second sweep in the week stores nothing.
It is a digest (kind "digest"): a row still waiting when its week is over is skipped, as a commune's digest is.

The sweep calls queue_province_digest() in its digest path, at the instant the communes' digests fall due.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session, col, select

from tracker import channels
from tracker.db import reading, transaction
from tracker.domain.communes import CommuneStanding, province_standings
from tracker.formatting import NONE, fmt_date, fmt_datetime, fmt_number, fmt_percent, month_phrase
from tracker.models import Person
from tracker.reminders.config import Delivery, ReminderConfig
from tracker.reminders.policy import at_work, channels_for
from tracker.reminders.render import render_part
from tracker.vocabulary import PROVINCE_ROLE

RULE = "province_weekly"
KIND = "province_digest"  # its templates: province_digest.<part>.j2 (shared, and per channel)


def officials(s: Session) -> list[Person]:
    """The active province officials, by id."""
    return list(s.exec(select(Person).where(col(Person.commune_id).is_(None), Person.role == PROVINCE_ROLE,
                                            Person.active == True)  # noqa: E712
                       .order_by(col(Person.id))).all())


def key(person: Person, channel: str, slot: date, rule: str = RULE) -> str:
    return f"province:{rule}:{person.id}:{channel}:{slot.isoformat()}"


def _row_context(rank: int, r: CommuneStanding) -> dict[str, Any]:
    return {
        "rank": rank, "code": r.code, "name": r.name, "overdue": fmt_number(r.overdue),
        "with_deadline": fmt_number(r.with_deadline),
        "on_time": fmt_percent(r.done_on_time, r.done),  # "3/4 (75,0%)": on time over done, base shown
        "done": fmt_number(r.done),
        "report_task": r.report_task, "report_month": month_phrase(r.report_period) if r.report_period else None,
        "report_deadline": fmt_date(r.report_deadline) if r.report_deadline else NONE,
    }


def digest_context(standings: list[CommuneStanding], now: datetime, slot: date, province: str | None
                   ) -> dict[str, Any]:
    ranked = [_row_context(i, r) for i, r in enumerate(standings, 1)]
    return {
        "week": fmt_date(slot),
        "as_of": fmt_datetime(now),
        "province": province or "",
        "communes": ranked,
        "count": len(ranked),
        "overdue_total": fmt_number(sum(r.overdue for r in standings)),
        "missing": [row for row, r in zip(ranked, standings, strict=True) if r.missing_report],
        "no_report_task": [row for row, r in zip(ranked, standings, strict=True) if r.report_task is None],
    }


def province_name(s: Session) -> str | None:
    """The province the communes name (Commune.province), when they all name the same one."""
    from tracker.models import Commune

    names = {n for n in s.exec(select(Commune.province)).all() if n}
    return names.pop() if len(names) == 1 else None


def digest_rows(s: Session, now: datetime, cfg: ReminderConfig, delivery: Delivery, *, slot: date,
                rule: str = RULE, due_at: datetime | None = None) -> list[dict[str, Any]]:
    """The province digest's outbox rows as of `now` (rendered), one per official and channel; [] when the
    deployment has no active province official (nothing is computed then)."""
    people = officials(s)
    if not people:
        return []
    province = province_name(s)
    ctx = digest_context(province_standings(s, now), now, slot, province)
    ctx["signature"] = f"— Hệ thống theo dõi nhiệm vụ cải cách TTHC{', tỉnh ' + province if province else ''}"
    rows: list[dict[str, Any]] = []
    for p in people:
        for ch in channels_for(p, delivery):
            spec = channels.get(ch)
            part_ctx = dict(ctx, recipient=p.name)
            subject = " ".join(render_part(KIND, "subject.txt", part_ctx).split())
            rows.append({
                "key": key(p, ch, slot, rule), "commune_id": None, "kind": "digest", "rule": rule,
                "task_id": None, "occurrence_id": None, "person_id": p.id, "channel": ch,
                "address": spec.address(p) or "", "slot": slot.isoformat(), "subject": subject,
                "body_text": render_part(KIND, spec.text, part_ctx, spec.name),
                "body_html": render_part(KIND, spec.html, part_ctx, spec.name) if spec.html else None,
                "buttons": [], "status": "pending", "attempts": 0, "created_at": now,
                "due_at": due_at or at_work(slot, cfg.digest_time), "next_attempt_at": now, "deadline": None,
                "last_error": None,
            })
    return rows


def queue_province_digest(engine: sa.Engine, now: datetime, cfg: ReminderConfig, delivery: Delivery, *,
                          slot: date) -> list[str]:
    """Store this week's province digest (the keys stored now; [] when already stored or no official).

    Called by the sweep when the week's digest is due (slot: policy.digest_slot). The officials and the
    existing keys are read first, so a week already stored costs two small queries and no ranking.
    """
    from tracker.reminders import outbox

    with reading(engine) as s:
        people = officials(s)
        if not people:
            return []
        wanted = [key(p, ch, slot) for p in people for ch in channels_for(p, delivery)]
        if set(wanted) <= outbox.existing_keys(s, wanted):
            return []
        rows = digest_rows(s, now, cfg, delivery, slot=slot)
    with transaction(engine) as s:
        return outbox.insert_rows(s, rows)


