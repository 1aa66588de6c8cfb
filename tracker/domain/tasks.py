"""Task actions: complete (or report a standing duty's result), reopen, extend, cancel, trigger an on-event duty.

Each public function is one transaction and writes one audit event. They take `now` and an Actor; a person
acting in their own name (the bot) is checked against tracker.domain.permissions inside that same transaction.
They never print and never exit.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import Engine
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from tracker.audit import record
from tracker.db import pk, transaction
from tracker.domain.lookups import (
    Actor,
    active_person,
    actor_for,
    commune_of,
    find_occurrence,
    find_person,
    find_task,
    item_for,
    item_named,
    resolve_commune,
)
from tracker.domain.permissions import Action, Permissions, check, check_approver
from tracker.errors import Conflict, InvalidInput, required
from tracker.formatting import fmt_date, fmt_datetime
from tracker.models import (
    Commune,
    Completion,
    Extension,
    Occurrence,
    PeriodicResult,
    Person,
    Plan,
    Task,
)
from tracker.plandates import earliest_issue_day
from tracker.status import Item, undated
from tracker.timeutil import end_of_day, iso_vn, vn_date
from tracker.usertext import URL_MAX, clean_optional, clean_text

# ---------------------------------------------------------------- task actions


_URL = re.compile(r"^https?://\S+$")


@dataclass
class _Target:
    """The task or occurrence an action is about, who acts, and how it stood before."""

    commune: Commune
    task: Task
    occ: Occurrence | None
    who: Actor
    before: Item

    def audit(self, s: Session, *, now: datetime, action: str, before: dict[str, Any],
              after: dict[str, Any]) -> None:
        record(s, now=now, actor=self.who.name, person_id=self.who.person_id, channel=self.who.channel,
               action=action, entity=f"task {self.before.ref}", commune_id=self.commune.id,
               task_id=self.task.id, before=before, after=after)


def _target(s: Session, commune: str | None, code: str, period: str | None, actor: Actor | str | None,
            now: datetime, *, action: Action, perms: Permissions | None, plan: str | None = None,
            when: datetime | None = None) -> _Target:
    """Find what the action is about and check, in the caller's transaction, that the actor may do it.

    A person acting in their own name acts in their own commune, and a recurring task they name without a
    period means its oldest open period.
    """
    who = actor if isinstance(actor, Actor) else None
    if who is not None and not who.operator:
        assert who.person_id is not None
        person = active_person(s, who.person_id)
        c = commune_of(s, person)
        before = item_named(s, pk(c), code, period, now, oldest_open=True, plan=plan, unit_id=person.unit_id,
                            plan_at=when)
        check(person, action, before.task, perms or Permissions(), ref=before.ref)
        return _Target(c, before.task, before.occurrence, who, before)
    c = resolve_commune(s, commune)
    task = find_task(s, pk(c), code, plan=plan, as_of=when or now)
    occ = find_occurrence(s, task, period)
    return _Target(c, task, occ, _actor(s, c, actor), item_for(s, task, occ, as_of=now))


def complete_task(
    engine: Engine, *, commune: str | None, code: str, period: str | None, at: datetime | None,
    actor: Actor | str | None, note: str | None, evidence: str | None, now: datetime,
    perms: Permissions | None = None, plan: str | None = None,
) -> Item:
    """Mark a task (or one period of a recurring one) done at `at` (default now).

    A standing duty (or an on-event one without a recorded event) is never done: marking it records a periodic
    result (note, evidence) and it stays without a deadline; the returned item carries that result.
    """
    note = clean_optional(note, label="Ghi chú")
    evidence = clean_optional(evidence, label="Đường dẫn minh chứng", limit=URL_MAX, multiline=False)
    if evidence and not _URL.match(evidence):
        raise InvalidInput("Đường dẫn minh chứng phải bắt đầu bằng http:// hoặc https://.", code="evidence.url",
                           values={"field": "evidence"})
    completed_at = _not_future(at, now, "Thời điểm hoàn thành không thể ở tương lai.")
    with transaction(engine) as s:
        t = _target(s, commune, code, period, actor, now, action=Action.COMPLETE, perms=perms, plan=plan,
                    when=completed_at)
        before, who = t.before, t.who
        _not_before_the_plan(s, t.task, vn_date(completed_at), "Thời điểm hoàn thành")
        if before.status == "cancelled":
            raise Conflict(f"Nhiệm vụ {before.ref} đã hủy.", code="task.cancelled", subject=f"task {before.ref}")
        if undated(t.task):
            result = PeriodicResult(task_id=pk(t.task), commune_id=pk(t.commune), reported_on=vn_date(completed_at),
                                    recorded_at=now, person_id=who.person_id, actor=who.name, channel=who.channel,
                                    note=note, evidence_url=evidence)
            s.add(result)
            s.flush()
            t.audit(s, now=now, action="task.result", before={"status": before.status},
                    after={"status": before.status, "reported_on": result.reported_on.isoformat(), "note": note,
                           "evidence_url": evidence})
            before.result = result
            return before
        if before.completion is not None:
            raise Conflict(f"Nhiệm vụ {before.ref} đã hoàn thành lúc {fmt_datetime(before.completion.completed_at)}.",
                           code="task.already_done", subject=f"task {before.ref}",
                           values={"task": before.code, "period": before.period,
                                   "completed_at": before.completion.completed_at,
                                   "by": before.completion.actor})
        comp = Completion(task_id=pk(t.task), occurrence_id=t.occ.id if t.occ else None, commune_id=pk(t.commune),
                          completed_at=completed_at, recorded_at=now, person_id=who.person_id,
                          actor=who.name, channel=who.channel, note=note, evidence_url=evidence)
        s.add(comp)
        ref = before.ref  # a failed flush rolls back and expires the rows `before` reads its code from
        try:
            s.flush()
        except IntegrityError:
            # Someone else completed it between our read and our write.
            raise Conflict(f"Nhiệm vụ {ref} vừa được người khác đánh dấu hoàn thành.", code="task.already_done",
                           subject=f"task {ref}") from None
        after = item_for(s, t.task, t.occ, as_of=max(now, completed_at))
        t.audit(s, now=now, action="task.done", before={"status": before.status},
                after={"status": after.status, "completed_at": iso_vn(completed_at), "period": before.period,
                       "note": note, "evidence_url": evidence})
        return after


def reopen_task(
    engine: Engine, *, commune: str | None, code: str, period: str | None, reason: str,
    actor: Actor | str | None, now: datetime, perms: Permissions | None = None, plan: str | None = None,
) -> Item:
    reason = clean_text(reason, label="Lý do mở lại")
    if not reason:
        raise required("reason", "Cần ghi lý do mở lại.")
    with transaction(engine) as s:
        t = _target(s, commune, code, period, actor, now, action=Action.REOPEN, perms=perms, plan=plan)
        before = t.before
        comp = before.completion
        if comp is None:
            raise Conflict(f"Nhiệm vụ {before.ref} chưa hoàn thành nên không cần mở lại.", code="task.not_done",
                           subject=f"task {before.ref}")
        comp.revoked_at = now
        comp.revoked_reason = reason
        comp.revoked_by = t.who.name
        s.add(comp)
        s.flush()
        after = item_for(s, t.task, t.occ, as_of=now)
        t.audit(s, now=now, action="task.reopen",
                before={"status": before.status, "completed_at": iso_vn(comp.completed_at)},
                after={"status": after.status, "reason": reason, "period": before.period})
        return after


def extend_task(
    engine: Engine, *, commune: str | None, code: str, period: str | None, new_due: date, reason: str,
    approved_by: str | None, actor: Actor | str | None, now: datetime, at: datetime | None = None,
    perms: Permissions | None = None, plan: str | None = None,
) -> Item:
    """Move a deadline; the original stays recorded for statistics.

    A leader acting in their own name extends directly. The operator records an extension decided elsewhere,
    naming the leader who approved it (`approved_by`, checked like a leader on the bot). `at` is when the
    extension was decided (default now), so one approved on paper earlier counts from that day in views "as of"
    a past date, like a backdated completion.
    """
    perms = perms or Permissions()
    reason = clean_text(reason, label="Lý do gia hạn")
    if not reason:
        raise required("reason", "Cần ghi lý do gia hạn.")
    decided_at = _not_future(at, now, "Thời điểm duyệt gia hạn không thể ở tương lai.")
    with transaction(engine) as s:
        t = _target(s, commune, code, period, actor, now, action=Action.EXTEND, perms=perms, plan=plan,
                    when=decided_at)
        before, who = t.before, t.who
        if who.operator:
            approver = find_person(s, pk(t.commune), approved_by) if approved_by else None
        else:
            approver = s.get(Person, who.person_id)
        if approver is not None:
            check_approver(approver, perms)
        check_extendable(before, new_due)
        # requested_at is when the tracker was told (now); decided_at may be earlier (approved on paper).
        ext = Extension(task_id=pk(t.task), occurrence_id=t.occ.id if t.occ else None, commune_id=pk(t.commune),
                        previous_due=before.due or new_due, new_due=new_due, reason=reason.strip(),
                        status="approved", requested_by=who.name, requested_at=now,
                        approved_by_id=approver.id if approver else None,
                        approved_by=approver.name if approver else who.name, decided_at=decided_at,
                        channel=who.channel)
        s.add(ext)
        s.flush()
        after = item_for(s, t.task, t.occ, as_of=now)
        t.audit(s, now=now, action="task.extend", before={"due_date": _iso(before.due), "status": before.status},
                after={"due_date": new_due.isoformat(), "status": after.status, "reason": reason.strip(),
                       "approved_by": ext.approved_by, "period": before.period,
                       "decided_at": decided_at.isoformat() if at else None})
        return after


def cancel_task(
    engine: Engine, *, commune: str | None, code: str, reason: str, actor: Actor | str | None, now: datetime,
    perms: Permissions | None = None, plan: str | None = None,
) -> Task:
    """Withdraw a whole task (every period of a recurring one); reminders stop at once."""
    reason = clean_text(reason, label="Lý do hủy")
    if not reason:
        raise required("reason", "Cần ghi lý do hủy.")
    with transaction(engine) as s:
        c = resolve_commune(s, commune)
        task = find_task(s, pk(c), code, plan=plan, as_of=now)
        who = _actor(s, c, actor)
        if not who.operator:
            assert who.person_id is not None
            check(active_person(s, who.person_id), Action.CANCEL, task, perms or Permissions(), ref=task.code)
        if task.cancelled_at is not None:
            raise Conflict(f"Nhiệm vụ {task.code} đã hủy từ {fmt_datetime(task.cancelled_at)}.",
                           code="task.cancelled", subject=f"task {task.code}")
        task.cancelled_at, task.cancel_reason = now, reason.strip()
        s.add(task)
        record(s, now=now, actor=who.name, person_id=who.person_id, channel=who.channel,
               action="task.cancel", entity=f"task {task.code}", commune_id=c.id, task_id=task.id,
               before={"cancelled": False}, after={"cancelled": True, "reason": reason.strip()})
        return task


EVENT_WORKING_DAYS = 5  # an on-event duty's deadline when none is given: this many working days after its event


def trigger_task(
    engine: Engine, *, commune: str | None, code: str, on: date, due: date | None, actor: Actor | str | None,
    now: datetime, plan: str | None = None,
) -> Item:
    """Record the event an on-event duty waits for: from then on it has a deadline (`due`, default
    EVENT_WORKING_DAYS working days after the event) and is reminded of and counted like any dated task."""
    from tracker.workdays import load_calendar

    if on > vn_date(now):
        raise InvalidInput("Ngày phát sinh sự việc không thể ở tương lai.", code="time.future", values={"field": "on"})
    if due is not None and due < on:
        raise InvalidInput(f"Hạn ({fmt_date(due)}) không thể trước ngày phát sinh sự việc ({fmt_date(on)}).",
                           code="trigger.due_before_event", values={"due": due, "on": on})
    with transaction(engine) as s:
        t = _target(s, commune, code, None, actor, now, action=Action.EXTEND, perms=None, plan=plan,
                    when=end_of_day(on))
        task = t.task
        _not_before_the_plan(s, task, on, "Ngày phát sinh sự việc")
        if task.deadline_kind != "on_event":
            raise Conflict(f"Nhiệm vụ {task.code} không phải nhiệm vụ phát sinh theo sự việc.",
                           code="task.not_on_event", subject=f"task {task.code}",
                           values={"task": task.code, "kind": task.deadline_kind})
        if task.event_date is not None:
            raise Conflict(f"Nhiệm vụ {task.code} đã ghi nhận sự việc ngày {fmt_date(task.event_date)}, hạn "
                           f"{fmt_date(task.due_date)}; để đổi hạn, hãy gia hạn.", code="task.already_triggered",
                           subject=f"task {task.code}", values={"task": task.code, "on": task.event_date})
        deadline = due or load_calendar(s, task.commune_id).add_working_days(on, EVENT_WORKING_DAYS)
        task.event_date, task.due_date = on, deadline
        s.add(task)
        s.flush()
        after = item_for(s, task, None, as_of=now)
        t.audit(s, now=now, action="task.trigger", before={"status": t.before.status, "due_date": None},
                after={"status": after.status, "event_date": on.isoformat(), "due_date": deadline.isoformat()})
        return after


def _not_before_the_plan(s: Session, task: Task, day: date, what: str) -> None:
    """What is recorded on a plan's task cannot have happened before the plan could have been issued."""
    plan = s.get(Plan, task.plan_id)
    assert plan is not None
    first = earliest_issue_day(plan.issue_date, plan.issue_date_text, plan.year)
    if day < first:
        raise InvalidInput(f"{what} ({fmt_date(day)}) trước ngày ban hành kế hoạch {plan.code} ({fmt_date(first)}).",
                           code="time.before_plan", subject=f"task {task.code}",
                           values={"day": day, "plan": plan.code, "issued": first})


def check_extendable(item: Item, new_due: date) -> None:
    """Whether the item's deadline can move to new_due (for a direct extension, a request or a decision)."""
    subject = f"task {item.ref}"
    if item.status == "cancelled":
        raise Conflict(f"Nhiệm vụ {item.ref} đã hủy.", code="task.cancelled", subject=subject)
    if item.completion is not None:
        raise Conflict(f"Nhiệm vụ {item.ref} đã hoàn thành, không cần gia hạn.", code="task.already_done",
                       subject=subject)
    if item.due is None:
        raise Conflict(f"Nhiệm vụ {item.ref} không có thời hạn cụ thể nên không gia hạn được.",
                       code="task.no_deadline", subject=subject)
    if new_due <= item.due:
        raise InvalidInput(f"Hạn mới ({fmt_date(new_due)}) phải sau hạn hiện hành ({fmt_date(item.due)}).",
                           code="extension.not_later", subject=subject,
                           values={"new_due": new_due, "due": item.due})



def _not_future(at: datetime | None, now: datetime, message: str) -> datetime:
    """When something happened, as told (default now): a few minutes of clock skew, never the future."""
    instant = at or now
    if instant > now + timedelta(minutes=5):
        raise InvalidInput(message, code="time.future", values={"field": "at"})
    return instant


def _actor(s: Session, c: Commune, actor: Actor | str | None) -> Actor:
    if isinstance(actor, Actor):
        return actor
    return actor_for(s, pk(c), None, actor or "CLI")


def _iso(d: date | None) -> str | None:
    return d.isoformat() if d else None
