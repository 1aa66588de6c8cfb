"""What a person may do from Telegram, and the domain actions the CLI lacks.

Authorisation (issue 4): leaders (chairman, vice-chairmen; configurable) act on
every task of their commune and decide extensions; a head acts on the tasks their
unit leads; staff read only unless [bot] staff_can_act. Identity always comes from
the chat (tracker.bot.accounts.person_for_chat), never from button data.

request_extension / decide_extension / acknowledge_escalation are each one
transaction + one audit event with channel "telegram" and the person.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import Engine
from sqlmodel import Session, select

from tracker.audit import record
from tracker.bot.settings import BotSettings
from tracker.db import transaction
from tracker.errors import Conflict, InvalidInput, NotFound
from tracker.models import Commune, EscalationAck, Extension, Occurrence, OutboxMessage, Person, Task
from tracker.seed import load_calendar
from tracker.service import _check_extendable, find_occurrence, find_task, item_for
from tracker.status import Item, build_items
from tracker.timeutil import fmt_date, vn_date

NOT_ALLOWED = "Bạn không có quyền thao tác với nhiệm vụ {ref}: nhiệm vụ này do đơn vị khác chủ trì."
READ_ONLY = "Tài khoản của bạn chỉ được xem, không cập nhật nhiệm vụ."


def is_leader(person: Person, settings: BotSettings) -> bool:
    return person.active and person.role in settings.leader_roles


def can_act(person: Person, task: Task, settings: BotSettings) -> bool:
    if not person.active or person.commune_id != task.commune_id:
        return False
    if is_leader(person, settings):
        return True
    if person.role == "head" or (person.role == "staff" and settings.staff_can_act):
        return person.unit_id is not None and task.lead_unit_id == person.unit_id
    return False


def check_can_act(person: Person, task: Task, ref: str, settings: BotSettings) -> None:
    if can_act(person, task, settings):
        return
    if person.role in ("head", "staff") and (person.role == "head" or settings.staff_can_act):
        raise Conflict(NOT_ALLOWED.format(ref=ref))
    raise Conflict(READ_ONLY)


def commune_code(s: Session, person: Person) -> str:
    c = s.get(Commune, person.commune_id)
    assert c is not None
    return c.code


def active_person(s: Session, person_id: int) -> Person:
    p = s.get(Person, person_id)
    if p is None or not p.active:
        raise Conflict("Tài khoản của bạn không còn hiệu lực.")
    return p


def resolve_item(s: Session, person: Person, code: str, period: str | None, now: datetime) -> Item:
    """The item a command names; a recurring task without a period means its oldest open period."""
    task = find_task(s, person.commune_id, code)
    if task.deadline_kind == "monthly" and not period:
        items = build_items(s, task.commune_id, as_of=now, calendar=load_calendar(s), task_ids=[task.id or 0])
        open_items = [it for it in items if it.status in ("overdue", "in_progress")]
        if not open_items:
            raise InvalidInput(f"Nhiệm vụ {task.code} định kỳ hằng tháng không còn kỳ nào đang mở; "
                               "hãy ghi rõ kỳ, ví dụ 2025-09.")
        return min(open_items, key=lambda it: (it.due or date.max, it.period or ""))
    occ = find_occurrence(s, task, period)
    return item_for(s, task, occ, as_of=now)


def item_of_outbox(s: Session, row: OutboxMessage, now: datetime) -> Item:
    if row.task_id is None:
        raise NotFound("Thông báo này không gắn với nhiệm vụ nào.")
    task = s.get(Task, row.task_id)
    occ = s.get(Occurrence, row.occurrence_id) if row.occurrence_id else None
    assert task is not None
    return item_for(s, task, occ, as_of=now)


@dataclass(frozen=True)
class ExtensionOutcome:
    extension: Extension
    item: Item
    requester: Person | None


def request_extension(engine: Engine, *, person_id: int, code: str, period: str | None, new_due: date,
                      reason: str, settings: BotSettings, now: datetime) -> ExtensionOutcome:
    """A head asks to move a deadline; it waits for a leader's decision (status 'requested')."""
    reason = reason.strip()
    if not reason:
        raise InvalidInput("Cần ghi lý do xin gia hạn.")
    with transaction(engine) as s:
        p = active_person(s, person_id)
        it = resolve_item(s, p, code, period, now)
        check_can_act(p, it.task, it.ref, settings)
        _check_extendable(it, new_due)
        pending = s.exec(select(Extension).where(
            Extension.task_id == it.task.id, Extension.occurrence_id == (it.occurrence.id if it.occurrence else None),
            Extension.status == "requested")).first()
        if pending is not None:
            raise Conflict(f"Nhiệm vụ {it.ref} đã có đề nghị gia hạn đến {fmt_date(pending.new_due)} "
                           "đang chờ lãnh đạo duyệt.")
        ext = Extension(task_id=it.task.id or 0, occurrence_id=it.occurrence.id if it.occurrence else None,
                        commune_id=p.commune_id, previous_due=it.due or new_due, new_due=new_due, reason=reason,
                        status="requested", requested_by=p.name, requested_at=now, channel="telegram")
        s.add(ext)
        s.flush()
        record(s, now=now, actor=p.name, person_id=p.id, channel="telegram", action="task.extension_request",
               entity=f"task {it.ref}", commune_id=p.commune_id, task_id=it.task.id,
               before={"due_date": it.due.isoformat() if it.due else None},
               after={"requested_due": new_due.isoformat(), "reason": reason, "extension_id": ext.id,
                      "period": it.period})
        return ExtensionOutcome(ext, it, p)


def decide_extension(engine: Engine, *, extension_id: int, approve: bool, person_id: int,
                     settings: BotSettings, now: datetime) -> ExtensionOutcome:
    """A leader approves or rejects a pending request; deciding twice is refused, harmlessly."""
    with transaction(engine) as s:
        p = active_person(s, person_id)
        if not is_leader(p, settings):
            raise Conflict("Chỉ lãnh đạo UBND xã mới duyệt được đề nghị gia hạn.")
        ext = s.get(Extension, extension_id)
        if ext is None or ext.commune_id != p.commune_id:
            raise NotFound("Không tìm thấy đề nghị gia hạn này.")
        task = s.get(Task, ext.task_id)
        occ = s.get(Occurrence, ext.occurrence_id) if ext.occurrence_id else None
        assert task is not None
        before = item_for(s, task, occ, as_of=now)
        if ext.status != "requested":
            verdict = "duyệt" if ext.status == "approved" else "từ chối"
            raise Conflict(f"Đề nghị gia hạn {before.ref} đã được {verdict} "
                           f"bởi {ext.approved_by or '—'} trước đó.")
        if approve:
            _check_extendable(before, ext.new_due)
        ext.status = "approved" if approve else "rejected"
        ext.approved_by_id, ext.approved_by, ext.decided_at = p.id, p.name, now
        s.add(ext)
        s.flush()
        after = item_for(s, task, occ, as_of=now)
        if approve:
            record(s, now=now, actor=p.name, person_id=p.id, channel="telegram", action="task.extend",
                   entity=f"task {before.ref}", commune_id=p.commune_id, task_id=task.id,
                   before={"due_date": before.due.isoformat() if before.due else None, "status": before.status},
                   after={"due_date": ext.new_due.isoformat(), "status": after.status, "reason": ext.reason,
                          "approved_by": p.name, "requested_by": ext.requested_by, "period": before.period,
                          "extension_id": ext.id})
        else:
            record(s, now=now, actor=p.name, person_id=p.id, channel="telegram", action="task.extension_reject",
                   entity=f"task {before.ref}", commune_id=p.commune_id, task_id=task.id,
                   before={"requested_due": ext.new_due.isoformat()},
                   after={"status": "rejected", "requested_by": ext.requested_by, "extension_id": ext.id})
        requester = s.exec(select(Person).where(Person.commune_id == ext.commune_id,
                                                Person.name == ext.requested_by)).first()
        return ExtensionOutcome(ext, after, requester)


def acknowledge_escalation(engine: Engine, *, outbox_id: int, person_id: int, now: datetime
                           ) -> tuple[EscalationAck, Item, bool]:
    """"Đã xem" on an escalation: its weekly repeats stop for the deadline now in force.

    Returns (ack, item, created); pressing again returns the existing ack, created=False.
    """
    with transaction(engine) as s:
        p = active_person(s, person_id)
        row = s.get(OutboxMessage, outbox_id)
        if row is None or row.kind != "escalation" or row.person_id != p.id:
            raise Conflict("Thông báo này không phải cảnh báo gửi cho bạn.")
        it = item_of_outbox(s, row, now)
        deadline = it.deadline or it.due
        if deadline is None:
            raise Conflict(f"Nhiệm vụ {it.ref} không có thời hạn.")
        existing = s.exec(select(EscalationAck).where(
            EscalationAck.task_id == row.task_id, EscalationAck.occurrence_id == row.occurrence_id,
            EscalationAck.person_id == p.id, EscalationAck.deadline == deadline)).first()
        if existing is not None:
            return existing, it, False
        ack = EscalationAck(task_id=row.task_id or 0, occurrence_id=row.occurrence_id, person_id=p.id or 0,
                            outbox_id=row.id, deadline=deadline, acked_at=now)
        s.add(ack)
        record(s, now=now, actor=p.name, person_id=p.id, channel="telegram", action="escalation.ack",
               entity=f"task {it.ref}", commune_id=p.commune_id, task_id=row.task_id,
               after={"deadline": deadline.isoformat(), "outbox_id": row.id, "status": it.status})
        return ack, it, True


def today_vn(now: datetime) -> date:
    return vn_date(now)
