"""Extension requests and decisions.

A head (or staff allowed to act) asks to move a deadline; a leader approves or rejects it, on the bot or, when no
leader uses the bot, through the operator at the CLI. Each action is one transaction and one audit event; who may
do it is checked by tracker.domain.permissions inside that transaction. A decision made at the CLI stores the
outcome notice for the requester in the outbox in the same transaction.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from html import escape
from typing import Any, TypedDict

import sqlalchemy as sa
from sqlalchemy import Engine
from sqlmodel import Session, col, select

from tracker.audit import record
from tracker.db import pk, transaction
from tracker.domain.lookups import active_person, item_for, item_named
from tracker.domain.permissions import Action, Permissions, check, check_approver
from tracker.domain.tasks import check_extendable
from tracker.errors import Conflict, NotFound, required
from tracker.formatting import fmt_date, ref_phrase
from tracker.models import Extension, Occurrence, Person, Task
from tracker.status import Item, build_items
from tracker.timeutil import vn_date
from tracker.usertext import clean_optional, clean_text
from tracker.workdays import load_calendar


@dataclass(frozen=True)
class ExtensionOutcome:
    extension: Extension
    item: Item
    requester: Person | None
    queued: tuple[str, ...] = ()  # channels an outcome notice was stored in the outbox for
    not_notified: str | None = None  # why no notice was queued (when one was asked for)


def _h(value: str) -> str:
    return escape(value, quote=False)


def outcome_message(*, decider: str, ref: str, approve: bool, new_due: date, due_in_force: date | None,
                    note: str | None) -> tuple[str, str, str]:
    """(subject, plain text, Telegram/e-mail HTML) telling the requester, an official addressed as "đồng chí",
    what a leader decided. `ref` names the item as an official reads it (tracker.formatting.ref_phrase)."""
    if approve:
        subject = f"Đề nghị gia hạn {ref} đã được duyệt"
        text = (f"✅ Đồng chí {decider} đã duyệt gia hạn nhiệm vụ {ref} theo đề nghị của đồng chí: "
                f"hạn mới {fmt_date(new_due)}.")
        body = (f"✅ Đồng chí {_h(decider)} đã <b>duyệt</b> gia hạn nhiệm vụ <b>{_h(ref)}</b> theo đề nghị của "
                f"đồng chí: hạn mới {fmt_date(new_due)}.")
    else:
        subject = f"Đề nghị gia hạn {ref} bị từ chối"
        text = (f"✖ Đồng chí {decider} đã từ chối đề nghị gia hạn nhiệm vụ {ref} của đồng chí; "
                f"hạn vẫn là {fmt_date(due_in_force)}.")
        body = (f"✖ Đồng chí {_h(decider)} đã <b>từ chối</b> đề nghị gia hạn nhiệm vụ <b>{_h(ref)}</b> của đồng chí; "
                f"hạn vẫn là {fmt_date(due_in_force)}.")
    if note:
        label = "Ghi chú" if approve else "Lý do"
        text += f"\n{label}: {note}"
        body += f"\n{label}: {_h(note)}"
    return subject, text, body


def notice_channels(person: Person) -> list[tuple[str, str]]:
    """(channel, address) pairs a one-off notice to this person is stored for.

    Decided from the person alone, not from this shell's environment: the daemon that
    delivers may hold the SMTP URL / bot token the CLI user cannot read. A row for a
    channel no running process has stays queued, and the daemon says so in its log
    (tracker.reminders.dispatch.ChannelFactory). The same channels as a reminder's
    (tracker.reminders.policy.reaching: usable addresses only, the person's restriction
    honoured), the console for someone no channel reaches.
    """
    from tracker import channels
    from tracker.reminders.policy import reaching

    return reaching(person) or [(channels.fallback().name, person.name)]


def _queue_notice(s: Session, *, ext: Extension, requester: Person | None, decider: Person, it: Item,
                  approve: bool, note: str | None, channel: str, now: datetime) -> tuple[tuple[str, ...], str | None]:
    """Store the outcome notice for the requester in the outbox (delivered by the next sweep)."""
    from tracker.reminders import outbox

    if requester is None:
        return (), f"không tìm thấy người đề nghị «{ext.requested_by or '—'}» trong danh sách cán bộ"
    if not requester.active:
        return (), f"{requester.name} đã bị vô hiệu hóa"
    subject, text, body = outcome_message(decider=decider.name, ref=ref_phrase(it.code, it.period), approve=approve,
                                          new_due=ext.new_due, due_in_force=it.due, note=note)
    day = vn_date(now).isoformat()
    rows: list[dict[str, Any]] = [
            {"key": f"ext:{ext.id}:decision:{requester.id}:{ch}:{day}", "commune_id": ext.commune_id,
             "kind": "notice", "rule": f"extension_{'approved' if approve else 'rejected'}",
             # no task link: a notice is not superseded when the task is closed before it goes out
             "task_id": None, "occurrence_id": None, "person_id": requester.id, "channel": ch, "address": address,
             "slot": day, "subject": subject, "body_text": text, "body_html": body, "buttons": [],
             "status": "pending", "attempts": 0, "created_at": now, "due_at": now, "next_attempt_at": now,
             "deadline": None, "last_error": None}
            for ch, address in notice_channels(requester)]
    outbox.insert_rows(s, rows)
    return tuple(str(r["channel"]) for r in rows), None


def request_extension(engine: Engine, *, person_id: int, code: str, period: str | None, new_due: date,
                      reason: str, perms: Permissions, now: datetime, channel: str = "telegram") -> ExtensionOutcome:
    """A head asks to move a deadline; it waits for a leader's decision (status 'requested')."""
    reason = clean_text(reason, label="Lý do xin gia hạn")
    if not reason:
        raise required("reason", "Cần ghi lý do xin gia hạn.")
    with transaction(engine) as s:
        p = active_person(s, person_id)
        it = item_named(s, p.commune_id, code, period, now, oldest_open=True, unit_id=p.unit_id)
        check(p, Action.REQUEST_EXTENSION, it.task, perms, ref=it.ref)
        check_extendable(it, new_due)
        pending = s.exec(select(Extension).where(
            Extension.task_id == it.task.id, Extension.occurrence_id == (it.occurrence.id if it.occurrence else None),
            Extension.status == "requested")).first()
        if pending is not None:
            raise Conflict(f"Nhiệm vụ {it.ref} đã có đề nghị gia hạn đến {fmt_date(pending.new_due)} "
                           "đang chờ lãnh đạo duyệt.", code="extension.pending", subject=f"task {it.ref}",
                           values={"extension_id": pending.id, "new_due": pending.new_due})
        ext = Extension(task_id=pk(it.task), occurrence_id=it.occurrence.id if it.occurrence else None,
                        commune_id=p.commune_id, previous_due=it.due or new_due, new_due=new_due, reason=reason,
                        status="requested", requested_by=p.name, requested_at=now, channel=channel)
        s.add(ext)
        s.flush()
        record(s, now=now, actor=p.name, person_id=p.id, channel=channel, action="task.extension_request",
               entity=f"task {it.ref}", commune_id=p.commune_id, task_id=it.task.id,
               before={"due_date": it.due.isoformat() if it.due else None},
               after={"requested_due": new_due.isoformat(), "reason": reason, "extension_id": ext.id,
                      "period": it.period})
        return ExtensionOutcome(ext, it, p)


def decided_request(s: Session, person: Person, extension_id: int) -> Extension | None:
    """The request, if it is of the person's commune and already decided (to show the outcome to a leader)."""
    ext = s.get(Extension, extension_id)
    if ext is None or ext.commune_id != person.commune_id or ext.status == "requested":
        return None
    return ext


def decide_extension(engine: Engine, *, extension_id: int, approve: bool, person_id: int,
                     perms: Permissions, now: datetime, channel: str = "telegram", note: str | None = None,
                     queue_notice: bool = False) -> ExtensionOutcome:
    """A leader approves or rejects a pending request; deciding twice is refused, harmlessly.

    person_id is the deciding leader (on the bot, the person; at the CLI, the leader the operator names).
    queue_notice (the CLI): the outcome notice for the requester is stored in the outbox in the
    same transaction; the bot instead tells the requester on Telegram itself.
    """
    note = clean_optional(note, label="Ghi chú" if approve else "Lý do từ chối")
    with transaction(engine) as s:
        p = s.get(Person, person_id)
        if p is None:
            raise NotFound(f"Không có người nào mã «{person_id}».", code="person.unknown",
                           values={"who": str(person_id)})
        check_approver(p, perms)
        ext = s.get(Extension, extension_id)
        if ext is None or ext.commune_id != p.commune_id:
            raise NotFound(f"Không tìm thấy đề nghị gia hạn số {extension_id}.", code="extension.unknown",
                           subject=f"extension {extension_id}", values={"extension_id": extension_id})
        task = s.get(Task, ext.task_id)
        occ = s.get(Occurrence, ext.occurrence_id) if ext.occurrence_id else None
        assert task is not None
        before = item_for(s, task, occ, as_of=now)
        if ext.status != "requested":
            verdict = "duyệt" if ext.status == "approved" else "từ chối"
            raise Conflict(f"Đề nghị gia hạn {before.ref} đã được {verdict} "
                           f"bởi {ext.approved_by or '—'} trước đó.", code="extension.decided",
                           subject=f"extension {ext.id}", values={"status": ext.status, "by": ext.approved_by})
        if approve:
            check_extendable(before, ext.new_due)
        # Conditional UPDATE: of two leaders deciding at once (a button and the CLI), only one changes
        # the row, whatever the database's isolation level; the other is refused like a second press.
        t = Extension.__table__  # type: ignore[attr-defined]  # SQLModel's typing does not declare __table__
        changed = s.exec(sa.update(t).where(t.c.id == ext.id, t.c.status == "requested").values(
            status="approved" if approve else "rejected", approved_by_id=p.id, approved_by=p.name, decided_at=now))
        if changed.rowcount != 1:
            raise Conflict(f"Đề nghị gia hạn {before.ref} vừa được lãnh đạo khác quyết định.",
                           code="extension.decided", subject=f"extension {ext.id}")
        # A Core UPDATE: the flush hook does not see it, so the item's next reminder is marked here.
        from tracker.reminders import nextdue

        nextdue.moved(s, items=[(ext.task_id, ext.occurrence_id)])
        s.refresh(ext)
        after = item_for(s, task, occ, as_of=now)
        if approve:
            record(s, now=now, actor=p.name, person_id=p.id, channel=channel, action="task.extend",
                   entity=f"task {before.ref}", commune_id=p.commune_id, task_id=task.id,
                   before={"due_date": before.due.isoformat() if before.due else None, "status": before.status},
                   after={"due_date": ext.new_due.isoformat(), "status": after.status, "reason": ext.reason,
                          "approved_by": p.name, "requested_by": ext.requested_by, "period": before.period,
                          "extension_id": ext.id, **({"note": note} if note else {})})
        else:
            record(s, now=now, actor=p.name, person_id=p.id, channel=channel, action="task.extension_reject",
                   entity=f"task {before.ref}", commune_id=p.commune_id, task_id=task.id,
                   before={"requested_due": ext.new_due.isoformat()},
                   after={"status": "rejected", "requested_by": ext.requested_by, "extension_id": ext.id,
                          **({"reason": note} if note else {})})
        requester = s.exec(select(Person).where(Person.commune_id == ext.commune_id,
                                                Person.name == ext.requested_by)).first()
        if not queue_notice:
            return ExtensionOutcome(ext, after, requester)
        queued, why = _queue_notice(s, ext=ext, requester=requester, decider=p, it=after, approve=approve, note=note,
                                    channel=channel, now=now)
        return ExtensionOutcome(ext, after, requester, queued, why)


class ExtensionRequest(TypedDict):
    """One row of extension_requests(), as `tracker extensions list` shows it."""

    id: int
    task: str | None
    period: str | None
    ref: str
    requested_by: str | None
    new_due: date
    current_due: date | None
    previous_due: date
    reason: str
    requested_at: datetime
    channel: str
    status: str
    decided_by: str | None
    decided_at: datetime | None


def extension_requests(s: Session, commune_id: int, *, include_decided: bool, now: datetime) -> list[ExtensionRequest]:
    """Extension requests of a commune, oldest first: pending ones, or all with their outcome.

    current_due is the deadline in force now (earlier approved extensions applied).
    """
    q = select(Extension).where(Extension.commune_id == commune_id)
    if not include_decided:
        q = q.where(Extension.status == "requested")
    exts = list(s.exec(q.order_by(col(Extension.requested_at), col(Extension.id))).all())
    if not exts:
        return []
    items = {(it.task.id, it.occurrence.id if it.occurrence else None): it
             for it in build_items(s, commune_id, as_of=now, calendar=load_calendar(s, commune_id), include_future=True,
                                   task_ids=sorted({x.task_id for x in exts}))}
    out: list[ExtensionRequest] = []
    for x in exts:
        it = items.get((x.task_id, x.occurrence_id))
        task = it.task if it else s.get(Task, x.task_id)
        ref = it.ref if it else (task.code if task else str(x.task_id))
        out.append({"id": pk(x), "task": task.code if task else None, "period": it.period if it else None,
                    "ref": ref, "requested_by": x.requested_by, "new_due": x.new_due,
                    "current_due": it.due if it else None, "previous_due": x.previous_due, "reason": x.reason,
                    "requested_at": x.requested_at, "channel": x.channel, "status": x.status,
                    "decided_by": x.approved_by if x.status != "requested" else None,
                    "decided_at": x.decided_at})
    return out


@dataclass(frozen=True)
class MoreTime:
    """What asking for more time did: a leader extends at once (direct), anyone else files a request."""

    item: Item
    direct: bool
    request: ExtensionOutcome | None = None


def ask_for_more_time(engine: Engine, *, person_id: int, code: str, period: str | None, new_due: date,
                      reason: str, perms: Permissions, now: datetime, channel: str = "telegram") -> MoreTime:
    """A person asks to move a deadline in their own name: a leader's word is the decision, so the deadline
    moves now; a head's (or allowed staff's) becomes a request for a leader."""
    from tracker.db import reading
    from tracker.domain.lookups import Actor
    from tracker.domain.permissions import is_leader
    from tracker.domain.tasks import extend_task

    with reading(engine) as s:
        p = active_person(s, person_id)
    if is_leader(p, perms):
        it = extend_task(engine, commune=None, code=code, period=period, new_due=new_due, reason=reason,
                         approved_by=None, actor=Actor.person(p, channel), now=now, perms=perms)
        return MoreTime(it, True)
    out = request_extension(engine, person_id=person_id, code=code, period=period, new_due=new_due, reason=reason,
                            perms=perms, now=now, channel=channel)
    return MoreTime(out.item, False, out)


def leaders(s: Session, commune_id: int, perms: Permissions) -> list[Person]:
    """The commune's active leaders (who decide a request), by id."""
    return list(s.exec(select(Person).where(Person.commune_id == commune_id, Person.active == True,  # noqa: E712
                                            col(Person.role).in_(perms.leader_roles))
                       .order_by(col(Person.id))).all())
