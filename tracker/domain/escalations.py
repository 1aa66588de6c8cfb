"""Escalation acknowledgements: a leader's "Đã xem" stops an escalation's weekly repeats for the deadline in force.

One transaction and one audit event. Only the person the escalation was sent to may acknowledge it: by its
message (Telegram's button) or by the task it is about (the reply "/daxem MÃ" on a messenger without buttons).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Engine
from sqlmodel import Session, col, select

from tracker.audit import record
from tracker.db import pk, transaction
from tracker.domain.lookups import active_person, item_for, item_named
from tracker.errors import Conflict, Forbidden, NotFound
from tracker.models import EscalationAck, Occurrence, OutboxMessage, Person, Task
from tracker.status import Item


def item_of_outbox(s: Session, row: OutboxMessage, now: datetime) -> Item:
    if row.task_id is None:
        raise NotFound("Thông báo này không gắn với nhiệm vụ nào.", code="notice.no_task")
    task = s.get(Task, row.task_id)
    occ = s.get(Occurrence, row.occurrence_id) if row.occurrence_id else None
    assert task is not None
    return item_for(s, task, occ, as_of=now)


def notice_about(s: Session, person: Person, outbox_id: int, now: datetime) -> tuple[OutboxMessage, Item] | None:
    """A message sent to this person about a task, and the task as it stands; None if it is not theirs."""
    row = s.get(OutboxMessage, outbox_id)
    if row is None or row.person_id != person.id or row.task_id is None:
        return None
    return row, item_of_outbox(s, row, now)


def acknowledge_escalation(engine: Engine, *, outbox_id: int, person_id: int, now: datetime,
                           channel: str = "telegram") -> tuple[EscalationAck, Item, bool]:
    """"Đã xem" on an escalation: its weekly repeats stop for the deadline now in force.

    Returns (ack, item, created); pressing again returns the existing ack, created=False.
    """
    with transaction(engine) as s:
        p = active_person(s, person_id)
        row = s.get(OutboxMessage, outbox_id)
        if row is None or row.kind != "escalation" or row.person_id != p.id:
            raise Forbidden("Thông báo này không phải cảnh báo gửi cho đồng chí.", code="escalation.not_yours",
                            subject=f"outbox {outbox_id}")
        return _acknowledge(s, p, row, now, channel)


def acknowledge_escalation_about(engine: Engine, *, person_id: int, code: str, period: str | None, now: datetime,
                                 channel: str) -> tuple[EscalationAck, Item, bool]:
    """The same acknowledgement, named by the task (a messenger without buttons: "/daxem MÃ"): the latest
    escalation about that item sent to the person (queued or sent, on any channel)."""
    with transaction(engine) as s:
        p = active_person(s, person_id)
        it = item_named(s, p.commune_id, code, period, now, oldest_open=True, unit_id=p.unit_id)
        row = s.exec(select(OutboxMessage).where(
            OutboxMessage.kind == "escalation", OutboxMessage.person_id == p.id, OutboxMessage.task_id == it.task.id,
            OutboxMessage.occurrence_id == (it.occurrence.id if it.occurrence else None))
            .order_by(col(OutboxMessage.id).desc())).first()
        if row is None:
            raise Forbidden(f"Không có cảnh báo quá hạn nào về nhiệm vụ {it.ref} gửi cho đồng chí.",
                            code="escalation.none", subject=f"task {it.ref}", values={"task": it.code})
        return _acknowledge(s, p, row, now, channel)


def _acknowledge(s: Session, p: Person, row: OutboxMessage, now: datetime,
                 channel: str) -> tuple[EscalationAck, Item, bool]:
    it = item_of_outbox(s, row, now)
    deadline = it.deadline or it.due
    if deadline is None:
        raise Conflict(f"Nhiệm vụ {it.ref} không có thời hạn.", code="task.no_deadline", subject=f"task {it.ref}")
    existing = s.exec(select(EscalationAck).where(
        EscalationAck.task_id == row.task_id, EscalationAck.occurrence_id == row.occurrence_id,
        EscalationAck.person_id == p.id, EscalationAck.deadline == deadline)).first()
    if existing is not None:
        return existing, it, False
    ack = EscalationAck(task_id=pk(it.task), occurrence_id=row.occurrence_id, person_id=pk(p),
                        outbox_id=row.id, deadline=deadline, acked_at=now)
    s.add(ack)
    record(s, now=now, actor=p.name, person_id=p.id, channel=channel, action="escalation.ack",
           entity=f"task {it.ref}", commune_id=p.commune_id, task_id=row.task_id,
           after={"deadline": deadline.isoformat(), "outbox_id": row.id, "status": it.status})
    return ack, it, True
