"""Domain actions shared by the CLI and the Telegram bot.

Each public function is one transaction and writes one audit event. They take
`now` and an Actor; they never print and never exit.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import Engine, func, update
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from tracker.audit import record
from tracker.db import MAX_ID, pk, transaction
from tracker.errors import Conflict, InvalidInput, NotFound
from tracker.formatting import fmt_date, fmt_datetime, fmt_number
from tracker.models import (
    AuditEvent,
    Commune,
    Completion,
    Extension,
    Kpi,
    KpiReading,
    Occurrence,
    Person,
    Task,
    Unit,
    WorkdayOverride,
    is_private_chat_id,
)
from tracker.status import Item, build_items
from tracker.timeutil import iso_vn, report_window, vn_date
from tracker.usertext import NAME_MAX, URL_MAX, clean_email, clean_optional, clean_text, lookup_key, quoted
from tracker.vocabulary import ROLES
from tracker.workdays import load_calendar


@dataclass(frozen=True)
class Actor:
    """Who acts, and through which channel; person_id is set when they are registered."""

    name: str
    channel: str = "cli"
    person_id: int | None = None


# ---------------------------------------------------------------- lookups


def resolve_commune(s: Session, code: str | None) -> Commune:
    """The commune a command is about; --commune is needed only when several exist."""
    if code:
        key = lookup_key(code, label="Mã xã")
        commune = s.exec(select(Commune).where(Commune.code == key)).first()
        if commune is None:
            raise NotFound(f"Không có xã mã «{quoted(code)}».")
        return commune
    communes = s.exec(select(Commune).limit(2)).all()
    if not communes:
        raise NotFound("Cơ sở dữ liệu chưa có kế hoạch nào. Chạy «tracker seed» trước.")
    if len(communes) > 1:
        raise InvalidInput("Cơ sở dữ liệu có nhiều xã: hãy chỉ rõ bằng --commune MÃ_XÃ.")
    return communes[0]


def find_task(s: Session, commune_id: int, code: str) -> Task:
    key = lookup_key(code, label="Mã nhiệm vụ")
    task = s.exec(select(Task).where(Task.commune_id == commune_id, Task.code == key)).first()
    if task is None:
        raise NotFound(f"Không có nhiệm vụ mã «{quoted(code)}». Dùng «tracker tasks list» để xem các mã.")
    return task


def find_occurrence(s: Session, task: Task, period: str | None) -> Occurrence | None:
    """The occurrence a recurring task's action is about; None for a one-off task."""
    if task.deadline_kind != "monthly":
        if period:
            raise InvalidInput(f"Nhiệm vụ {task.code} không định kỳ, không dùng --period.")
        return None
    periods = s.exec(select(Occurrence).where(Occurrence.task_id == task.id).order_by(col(Occurrence.period))).all()
    if not period:
        listed = ", ".join(o.period for o in periods)
        raise InvalidInput(f"Nhiệm vụ {task.code} định kỳ hàng tháng: hãy chỉ rõ kỳ bằng --period (các kỳ: {listed}).")
    for o in periods:
        if o.period == period:
            return o
    raise NotFound(f"Nhiệm vụ {task.code} không có kỳ «{quoted(period)}».")


def find_unit(s: Session, commune_id: int, code: str) -> Unit:
    key = lookup_key(code, label="Mã đơn vị")
    unit = s.exec(select(Unit).where(Unit.commune_id == commune_id, Unit.code == key)).first()
    if unit is None:
        codes = ", ".join(u.code for u in s.exec(select(Unit).where(Unit.commune_id == commune_id)).all())
        raise NotFound(f"Không có đơn vị mã «{quoted(code)}» (các đơn vị: {codes}).")
    return unit


def find_person(s: Session, commune_id: int, who: str) -> Person:
    """By numeric id or exact name."""
    q = select(Person).where(Person.commune_id == commune_id)
    key = lookup_key(who, label="Tên hoặc mã người")
    # ASCII digits only: str.isdigit() also accepts '²', which int() refuses. An id beyond the 64-bit column
    # matches nobody; asking the database would overflow.
    if re.fullmatch(r"[0-9]+", key):
        person = s.exec(q.where(Person.id == int(key))).first() if int(key) <= MAX_ID else None
    else:
        person = s.exec(q.where(Person.name == key)).first()
    if person is None:
        raise NotFound(f"Không có người nào tên hoặc mã «{quoted(who, 100)}». Dùng «tracker people list».")
    return person


def actor_for(s: Session, commune_id: int, who: str | None, default: str, channel: str = "cli") -> Actor:
    if not who:
        return Actor(default, channel)
    person = find_person(s, commune_id, who)
    if not person.active:
        raise Conflict(f"{person.name} đã bị vô hiệu hóa, không thể thực hiện thao tác.")
    return Actor(person.name, channel, person.id)


def item_for(s: Session, task: Task, occ: Occurrence | None, *, as_of: datetime, due_soon_days: int = 7) -> Item:
    items = build_items(s, task.commune_id, as_of=as_of, calendar=load_calendar(s),
                        due_soon_days=due_soon_days, include_future=True, task_ids=[pk(task)])
    for it in items:
        if (it.occurrence.id if it.occurrence else None) == (occ.id if occ else None):
            return it
    raise NotFound(f"Không có nhiệm vụ mã «{task.code}».")  # pragma: no cover - guarded by callers


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
            now: datetime) -> _Target:
    c = resolve_commune(s, commune)
    task = find_task(s, pk(c), code)
    occ = find_occurrence(s, task, period)
    who = _actor(s, c, actor)
    return _Target(c, task, occ, who, item_for(s, task, occ, as_of=now))


def complete_task(
    engine: Engine, *, commune: str | None, code: str, period: str | None, at: datetime | None,
    actor: Actor | str | None, note: str | None, evidence: str | None, now: datetime,
) -> Item:
    """Mark a task (or one period of a recurring one) done at `at` (default now)."""
    note = clean_optional(note, label="Ghi chú")
    evidence = clean_optional(evidence, label="Đường dẫn minh chứng", limit=URL_MAX, multiline=False)
    if evidence and not _URL.match(evidence):
        raise InvalidInput("Đường dẫn minh chứng phải bắt đầu bằng http:// hoặc https://.")
    completed_at = at or now
    if completed_at > now + timedelta(minutes=5):
        raise InvalidInput("Thời điểm hoàn thành không thể ở tương lai.")
    with transaction(engine) as s:
        t = _target(s, commune, code, period, actor, now)
        before, who = t.before, t.who
        if before.status == "cancelled":
            raise Conflict(f"Nhiệm vụ {before.ref} đã hủy.")
        if before.completion is not None:
            raise Conflict(f"Nhiệm vụ {before.ref} đã hoàn thành lúc {fmt_datetime(before.completion.completed_at)}; "
                           "dùng «tracker tasks reopen» nếu cần mở lại.")
        comp = Completion(task_id=pk(t.task), occurrence_id=t.occ.id if t.occ else None, commune_id=pk(t.commune),
                          completed_at=completed_at, recorded_at=now, person_id=who.person_id,
                          actor=who.name, channel=who.channel, note=note, evidence_url=evidence)
        s.add(comp)
        ref = before.ref  # a failed flush rolls back and expires the rows `before` reads its code from
        try:
            s.flush()
        except IntegrityError:
            # Someone else completed it between our read and our write.
            raise Conflict(f"Nhiệm vụ {ref} vừa được người khác đánh dấu hoàn thành.") from None
        after = item_for(s, t.task, t.occ, as_of=max(now, completed_at))
        t.audit(s, now=now, action="task.done", before={"status": before.status},
                after={"status": after.status, "completed_at": iso_vn(completed_at), "period": before.period,
                       "note": note, "evidence_url": evidence})
        return after


def reopen_task(
    engine: Engine, *, commune: str | None, code: str, period: str | None, reason: str,
    actor: Actor | str | None, now: datetime,
) -> Item:
    reason = clean_text(reason, label="Lý do mở lại")
    if not reason:
        raise InvalidInput("Cần ghi lý do mở lại (--reason).")
    with transaction(engine) as s:
        t = _target(s, commune, code, period, actor, now)
        before = t.before
        comp = before.completion
        if comp is None:
            raise Conflict(f"Nhiệm vụ {before.ref} chưa hoàn thành nên không cần mở lại.")
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
) -> Item:
    """Move a deadline; the original stays recorded for statistics.

    `at` is when the extension was decided (default now), so one approved on paper
    earlier counts from that day in views "as of" a past date, like a backdated completion.
    """
    reason = clean_text(reason, label="Lý do gia hạn")
    if not reason:
        raise InvalidInput("Cần ghi lý do gia hạn (--reason).")
    decided_at = at or now
    if decided_at > now + timedelta(minutes=5):
        raise InvalidInput("Thời điểm duyệt gia hạn không thể ở tương lai.")
    with transaction(engine) as s:
        t = _target(s, commune, code, period, actor, now)
        before, who = t.before, t.who
        approver = find_person(s, pk(t.commune), approved_by) if approved_by else None
        if approver is not None and (not approver.active or approver.role not in ("chairman", "vice_chairman")):
            raise Conflict(f"{approver.name} không có thẩm quyền duyệt gia hạn (chỉ Chủ tịch, Phó Chủ tịch).")
        _check_extendable(before, new_due)
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
) -> Task:
    """Withdraw a whole task (every period of a recurring one); reminders stop at once."""
    reason = clean_text(reason, label="Lý do hủy")
    if not reason:
        raise InvalidInput("Cần ghi lý do hủy (--reason).")
    with transaction(engine) as s:
        c = resolve_commune(s, commune)
        task = find_task(s, pk(c), code)
        who = _actor(s, c, actor)
        if task.cancelled_at is not None:
            raise Conflict(f"Nhiệm vụ {task.code} đã hủy từ {fmt_datetime(task.cancelled_at)}.")
        task.cancelled_at, task.cancel_reason = now, reason.strip()
        s.add(task)
        record(s, now=now, actor=who.name, person_id=who.person_id, channel=who.channel,
               action="task.cancel", entity=f"task {task.code}", commune_id=c.id, task_id=task.id,
               before={"cancelled": False}, after={"cancelled": True, "reason": reason.strip()})
        return task


def _check_extendable(item: Item, new_due: date) -> None:
    if item.status == "cancelled":
        raise Conflict(f"Nhiệm vụ {item.ref} đã hủy.")
    if item.completion is not None:
        raise Conflict(f"Nhiệm vụ {item.ref} đã hoàn thành, không cần gia hạn.")
    if item.due is None:
        raise Conflict(f"Nhiệm vụ {item.ref} không có thời hạn cụ thể nên không gia hạn được.")
    if new_due <= item.due:
        raise InvalidInput(f"Hạn mới ({fmt_date(new_due)}) phải sau hạn hiện hành ({fmt_date(item.due)}).")


def _actor(s: Session, c: Commune, actor: Actor | str | None) -> Actor:
    if isinstance(actor, Actor):
        return actor
    return actor_for(s, pk(c), None, actor or "CLI")


def _iso(d: date | None) -> str | None:
    return d.isoformat() if d else None


# ---------------------------------------------------------------- people


def _person_view(p: Person, units: dict[int, Unit] | None = None) -> dict[str, Any]:
    return {
        "id": p.id, "name": p.name, "role": p.role,
        "unit": (units[p.unit_id].code if units and p.unit_id in units else p.unit_id),
        "email": p.email, "telegram_chat_id": p.telegram_chat_id, "active": p.active,
    }


def _validate_person_fields(role: str | None, chat_id: int | None = None) -> None:
    if role is not None and role not in ROLES:
        raise InvalidInput(f"Vai trò «{quoted(role)}» không hợp lệ (chọn một trong: {', '.join(ROLES)}).")
    if chat_id is not None and not is_private_chat_id(chat_id):
        shown = str(chat_id) if len(str(chat_id)) <= 20 else str(chat_id)[:20] + "…"
        raise InvalidInput(f"Mã Telegram {shown} không hợp lệ: cần mã cuộc trò chuyện riêng của người đó với bot "
                           "(một số dương; nhóm không dùng được). Cách dễ nhất là cấp mã kích hoạt để họ tự "
                           "liên kết.")


def _person_name(name: str) -> str:
    name = clean_text(name, label="Tên", limit=NAME_MAX, multiline=False)
    if not name:
        raise InvalidInput("Tên không được để trống.")
    return name


def chat_holder(s: Session, chat_id: int, *, other_than: int | None = None) -> Person | None:
    """The active person holding this Telegram chat, other than `other_than` (a person's id).

    A chat belongs to at most one active person: else its reminders reach one person and the other's
    buttons answer "not for you". `tracker people` and the plan loader ask this inside the transaction
    that would give the chat to someone.
    """
    q = select(Person).where(Person.telegram_chat_id == chat_id, Person.active == True)  # noqa: E712
    if other_than is not None:
        q = q.where(Person.id != other_than)
    return s.exec(q.order_by(col(Person.id))).first()


def _check_chat_free(s: Session, p: Person) -> None:
    if p.telegram_chat_id is None or not p.active:
        return
    holder = chat_holder(s, p.telegram_chat_id, other_than=p.id)
    if holder is not None:
        raise Conflict(f"Mã Telegram {p.telegram_chat_id} đang được liên kết với {holder.name}; mỗi cuộc trò "
                       f"chuyện chỉ thuộc về một người. Hãy hủy liên kết Telegram của {holder.name} trước.")


def add_person(
    engine: Engine, *, commune: str | None, name: str, unit: str | None, role: str,
    email: str | None, telegram_chat_id: int | None, actor: str, now: datetime,
) -> Person:
    name = _person_name(name)
    email = clean_email(email)
    _validate_person_fields(role, telegram_chat_id)
    with transaction(engine) as s:
        c = resolve_commune(s, commune)
        if s.exec(select(Person).where(Person.commune_id == c.id, Person.name == name)).first():
            raise Conflict(f"Đã có người tên «{name}»; dùng «tracker people edit» để sửa.")
        u = find_unit(s, pk(c), unit) if unit else None
        if role == "head" and u is None:
            raise InvalidInput("Trưởng đơn vị phải thuộc một đơn vị (--unit).")
        p = Person(commune_id=pk(c), name=name, unit_id=u.id if u else None, role=role,
                   email=email, telegram_chat_id=telegram_chat_id)
        _check_chat_free(s, p)
        s.add(p)
        s.flush()
        record(s, now=now, actor=actor, channel="cli", action="person.create", entity=f"person {name}",
               commune_id=c.id, after=_person_view(p))
        return p


def edit_person(
    engine: Engine, *, commune: str | None, who: str, changes: dict[str, Any], actor: str, now: datetime,
) -> Person:
    if not changes:
        raise InvalidInput("Không có gì để sửa: hãy chọn ít nhất một tùy chọn.")
    _validate_person_fields(changes.get("role"), changes.get("telegram_chat_id"))
    if "email" in changes:
        changes["email"] = clean_email(changes["email"])  # blank removes the address
    if "name" in changes:
        changes["name"] = _person_name(changes["name"])
    with transaction(engine) as s:
        c = resolve_commune(s, commune)
        p = find_person(s, pk(c), who)
        before = _person_view(p)
        if "unit" in changes:
            unit = changes.pop("unit")
            p.unit_id = find_unit(s, pk(c), unit).id if unit else None
        if "name" in changes:
            new = changes["name"]
            clash = s.exec(select(Person).where(Person.commune_id == c.id, Person.name == new)).first()
            if clash is not None and clash.id != p.id:
                raise Conflict(f"Đã có người tên «{new}».")
            changes["name"] = new
        for key, value in changes.items():
            setattr(p, key, value)
        if p.role == "head" and p.unit_id is None:
            raise InvalidInput("Trưởng đơn vị phải thuộc một đơn vị (--unit).")
        _check_chat_free(s, p)
        s.add(p)
        s.flush()
        record(s, now=now, actor=actor, channel="cli", action="person.edit", entity=f"person {p.name}",
               commune_id=c.id, before=before, after=_person_view(p))
        return p


def deactivate_person(engine: Engine, *, commune: str | None, who: str, actor: str, now: datetime) -> Person:
    with transaction(engine) as s:
        c = resolve_commune(s, commune)
        p = find_person(s, pk(c), who)
        if not p.active:
            raise Conflict(f"{p.name} đã bị vô hiệu hóa từ trước.")
        p.active = False
        s.add(p)
        record(s, now=now, actor=actor, channel="cli", action="person.deactivate", entity=f"person {p.name}",
               commune_id=c.id, before={"active": True}, after={"active": False})
        return p


# ---------------------------------------------------------------- KPIs


def find_kpi(s: Session, commune_id: int, code: str) -> Kpi:
    key = lookup_key(code, label="Mã chỉ tiêu")
    kpi = s.exec(select(Kpi).where(Kpi.commune_id == commune_id, Kpi.code == key)).first()
    if kpi is None:
        raise NotFound(f"Không có chỉ tiêu mã «{quoted(code)}». Dùng «tracker kpi list» để xem các mã.")
    return kpi


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
        raise InvalidInput("Số liệu chỉ tiêu phải là số hữu hạn.")
    if (numerator is None) != (denominator is None):
        raise InvalidInput("Cần cả tử số (--numerator) và mẫu số (--denominator), hoặc không cái nào.")
    if numerator is not None and denominator is not None:
        if denominator <= 0 or numerator < 0:
            raise InvalidInput("Mẫu số phải lớn hơn 0 và tử số không được âm.")
        if numerator > denominator:
            raise InvalidInput("Tử số không được lớn hơn mẫu số.")
        computed = 100 * numerator / denominator
        if value is None:
            value = round(computed, 2)
        elif abs(value - computed) > 0.5:
            raise InvalidInput(f"Giá trị {fmt_number(value)} không khớp với tử số/mẫu số ({fmt_number(computed)}%).")
    if value is None:
        raise InvalidInput("Cần giá trị (--value) hoặc tử số và mẫu số.")
    if not 0 <= value <= 100:
        raise InvalidInput(f"Giá trị {fmt_number(value)} nằm ngoài khoảng 0–100 (%).")
    return value


def record_kpi(
    engine: Engine, *, commune: str | None, code: str, period: str, value: float | None,
    numerator: float | None, denominator: float | None, source: str | None, actor: str, channel: str,
    now: datetime,
) -> KpiReading:
    value = validate_reading(value, numerator, denominator)
    source = clean_optional(source, label="Nguồn số liệu", multiline=False)
    with transaction(engine) as s:
        c = resolve_commune(s, commune)
        return _record_kpi(s, c, code=code, period=period, value=value, numerator=numerator,
                           denominator=denominator, source=source, actor=actor, channel=channel, now=now)


def record_kpi_in(
    s: Session, c: Commune, *, code: str, period: str, value: float, numerator: float | None,
    denominator: float | None, source: str | None, actor: str, channel: str, now: datetime,
) -> KpiReading:
    """Record one validated reading inside the caller's transaction (e.g. a whole CSV import); audited."""
    return _record_kpi(s, c, code=code, period=period, value=value, numerator=numerator,
                       denominator=denominator, source=source, actor=actor, channel=channel, now=now)


def _record_kpi(
    s: Session, c: Commune, *, code: str, period: str, value: float, numerator: float | None,
    denominator: float | None, source: str | None, actor: str, channel: str, now: datetime,
) -> KpiReading:
    kpi = find_kpi(s, pk(c), code)
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


# ---------------------------------------------------------------- working days


def set_workday_override(engine: Engine, *, day: date, working: bool, note: str, actor: str, now: datetime) -> None:
    """Mark a day as working (make-up Saturday) or off (swap); recomputes occurrence deadlines."""
    note = clean_text(note, label="Ghi chú")
    if not note:
        raise InvalidInput("Cần ghi chú lý do (--note), ví dụ số văn bản điều chỉnh ngày nghỉ.")
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
            raise NotFound(f"Ngày {fmt_date(day)} không có điều chỉnh nào.")
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
        .where(Task.deadline_kind == "monthly")
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


# ---------------------------------------------------------------- audit trail


def audit_log(s: Session, commune_id: int, task_code: str | None, limit: int) -> list[AuditEvent]:
    q = select(AuditEvent).where((col(AuditEvent.commune_id) == commune_id) | col(AuditEvent.commune_id).is_(None))
    if task_code:
        task = find_task(s, commune_id, task_code)
        q = select(AuditEvent).where(AuditEvent.task_id == task.id)
    q = q.order_by(col(AuditEvent.at).desc(), col(AuditEvent.id).desc()).limit(limit)
    return list(reversed(s.exec(q).all()))


def count_rows(s: Session, model: Any) -> int:
    return int(s.exec(select(func.count()).select_from(model)).one())


__all__ = ["Actor", "vn_date"]
