"""What is due now: a pure function of (items, people, acknowledgements, configuration, calendar, now).

No database, no clock. The sweep (tracker/reminders/sweep.py) loads the state and
stores what this returns; `tracker remind preview` calls it, through the same
sweep.due_at, at each instant of its timeline.

Rules (docs/domain-rules.md and docs/reminders.md; every number comes from ReminderConfig):
- before the deadline: one reminder to the lead unit's active head(s) when the
  deadline is 7, 3, 1 working days away and on the day (rule before_N / on_day);
- overdue: one reminder to the head(s) per working day (overdue_daily);
- escalation to the Chairman (escalate_to roles) from the working day after the
  item has been overdue `escalate_after_working_days` full working days, then
  again `escalation_repeat_days` calendar days after the previous one actually
  queued (not after a nominal weekly slot: a late catch-up does not bring the
  next repeat closer), until done, unless that person acknowledged it for the
  deadline now in force;
- a unit without an active head: before-deadline reminders go to the Chairman
  marked "unassigned" (never dropped), and the item is listed in the digest;
- weekly digest on `digest_weekday` at `digest_time` (first working day of the
  week on or after it if that day is off) to the Chairman (whole commune, with
  the extension requests awaiting a decision) and to each head (their unit, also when it has nothing to report).
  A digest belongs to its week, Monday 00:00 to Sunday 24:00 Vietnam time (the week of its slot): it may go out
  late within that week (a sweep on Tuesday after a Monday down sends it then), never once the week is over
  (the sweep marks a stored row of a past week still waiting as skipped: sweep.skip_past_digests);
- nothing on non-working days or outside working hours.

Catch-up (after downtime): the current overdue/escalation/digest slot is always
generated, so the latest state goes out once however long we were down, and
older overdue/escalation slots are simply not generated (they are superseded).
A before-deadline slot is sent only on its own working day, or up to
`catchup_max_late_working_days` later, and only the latest one (a 7-day
reminder is pointless once the 3-day one is due). Missed before-deadline slots
from the last `stale_lookback_days` days come back with stale=True; the sweep
records them as status 'skipped' so the IT officer can see what was lost.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from functools import cached_property
from typing import TYPE_CHECKING, Any, Protocol

from tracker import channels
from tracker.db import pk
from tracker.models import EscalationAck, Person, Unit
from tracker.reminders.config import Delivery, ReminderConfig
from tracker.status import Item
from tracker.timeutil import VN, vn_date
from tracker.workdays import CommuneCalendars, WorkCalendar, calendar_of, calendars_in

if TYPE_CHECKING:  # the bot is optional at run time; its row type is only needed for checking
    from tracker.domain.extensions import ExtensionRequest

EscalationKey = tuple[int | None, int | None, int | None, date | None]  # task, occurrence, person, deadline


def action_buttons(kind: str) -> list[dict[str, str]]:
    """Buttons stored on an outbox row of a channel with buttons (Telegram's), as {"label", "action"};
    the channel signs them.

    The action names are the bot's (tracker/bot/callbacks.py), whose sign() refuses others.
    """
    if kind == "digest":
        return []
    try:
        from tracker.bot.callbacks import escalation_buttons, reminder_buttons
    except ImportError:  # the bot is optional; same names as its ACTIONS
        def reminder_buttons() -> list[dict[str, str]]:
            return [{"label": "Đã hoàn thành", "action": "done"}, {"label": "Xin gia hạn", "action": "ext"},
                    {"label": "Chi tiết", "action": "info"}]

        def escalation_buttons() -> list[dict[str, str]]:
            return [{"label": "Đã xem", "action": "ack"}, {"label": "Chi tiết", "action": "info"}]
    return escalation_buttons() if kind == "escalation" else reminder_buttons()


def before_rule(n: int) -> str:
    return "on_day" if n == 0 else f"before_{n}"


@dataclass
class CommuneContext:
    """Per-commune facts the digest needs beyond items and people (loaded only when a digest is due)."""

    name: str
    units: list[Unit] = field(default_factory=list)
    failed: list[dict[str, Any]] = field(default_factory=list)  # {at, recipient, channel, ref, error}
    kpis_below: list[dict[str, Any]] = field(default_factory=list)  # {code, name, value, target, period}
    extensions: list[ExtensionRequest] = field(default_factory=list)  # pending requests, oldest first


@dataclass
class Digest:
    commune_name: str
    week_start: date
    unit_name: str | None  # None: the whole commune (Chairman's digest)
    overdue: list[Item]
    due_soon: list[Item]
    unassigned: list[Item] = field(default_factory=list)
    units_without_head: list[str] = field(default_factory=list)
    failed: list[dict[str, Any]] = field(default_factory=list)
    unreachable: list[str] = field(default_factory=list)
    kpis_below: list[dict[str, Any]] = field(default_factory=list)
    extensions: list[ExtensionRequest] = field(default_factory=list)  # pending requests (leaders' digest only)

    @property
    def empty(self) -> bool:
        return not (self.overdue or self.due_soon or self.unassigned or self.failed or self.unreachable
                    or self.kpis_below or self.units_without_head or self.extensions)


@dataclass
class Notification:
    kind: str  # reminder / overdue / escalation / digest
    rule: str  # before_7 ... on_day, overdue_daily, escalation_weekly, digest_weekly
    commune_id: int
    person: Person
    channel: str  # a registered channel (tracker/channels/): console / email / telegram
    slot: date  # the day (or week start) the rule fired for
    due_at: datetime  # aware UTC
    item: Item | None = None
    working_days: int = 0  # left before the deadline (reminder) or overdue (overdue, escalation)
    unassigned: bool = False  # sent to the Chairman because the unit has no active head
    stale: bool = False  # a missed slot, recorded as skipped, never sent
    digest: Digest | None = None

    @property
    def subject_ref(self) -> str:
        if self.item is None:
            return f"c{self.commune_id}"
        return f"o{self.item.occurrence.id}" if self.item.occurrence else f"t{self.item.task.id}"

    @cached_property
    def key(self) -> str:
        """The outbox key (asked several times per notification by the sweep: computed once; a notification is
        never changed once made)."""
        return f"{self.subject_ref}:{self.rule}:{self.person.id}:{self.channel}:{self.slot.isoformat()}"

    @property
    def address(self) -> str:
        return channels.get(self.channel).address(self.person) or ""

    @property
    def buttons(self) -> list[dict[str, str]]:
        return action_buttons(self.kind) if channels.get(self.channel).buttons else []


# ---------------------------------------------------------------- time rules


def at_work(d: date, t: Any) -> datetime:
    """A VN wall-clock time on a VN day, as aware UTC."""
    return datetime.combine(d, t, VN).astimezone(UTC)


class Workdays(Protocol):
    """The working-day questions the policy asks: a WorkCalendar, or its per-run memo (_Memo)."""

    def is_working_day(self, d: date, /) -> bool: ...

    def add_working_days(self, d: date, n: int, /) -> date: ...

    def working_days_between(self, start: date, end: date, /) -> int: ...


def in_working_hours(now: datetime, cfg: ReminderConfig, calendar: Workdays | CommuneCalendars) -> bool:
    """Within working hours of a working day; with every commune's calendar, of any commune (one commune's
    make-up Saturday is a working day for that commune only)."""
    local = now.astimezone(VN)
    if not cfg.work_start <= local.time() < cfg.work_end:
        return False
    if isinstance(calendar, CommuneCalendars):
        return any(cal.is_working_day(local.date()) for cal in calendar.distinct())
    return calendar.is_working_day(local.date())


def digest_slot(now: datetime, cfg: ReminderConfig, calendar: Workdays) -> date | None:
    """The week's digest slot (its nominal day) if the digest is due at `now`, else None.

    Due from the first working day on or after the nominal day, at `digest_time`, until the end of that week's
    working hours: a sweep later in the week (after downtime) still sends it, a sweep in the next week only sends
    the next week's. A week without a working day on or after the nominal day has no digest.
    """
    if not in_working_hours(now, cfg, calendar):
        return None
    local = now.astimezone(VN)
    today = local.date()
    monday = week_start(today)
    nominal = monday + timedelta(days=cfg.digest_weekday)
    fire = nominal
    while not calendar.is_working_day(fire) and fire < monday + timedelta(days=7):
        fire += timedelta(days=1)
    if fire >= monday + timedelta(days=7) or today < fire:
        return None
    if today == fire and local.time() < cfg.digest_time:
        return None
    return nominal


def week_start(d: date) -> date:
    """The Monday of the week (Monday to Sunday) holding `d`."""
    return d - timedelta(days=d.weekday())


def horizon_end(now: datetime, cfg: ReminderConfig, calendar: WorkCalendar | CommuneCalendars) -> date:
    """The last deadline that can produce a reminder at `now` (later ones need no loading); with every commune's
    calendar, the latest of theirs."""
    today = vn_date(now)
    return max(*(cal.add_working_days(today, cfg.horizon_working_days) for cal in calendars_in(calendar)),
               today + timedelta(days=cfg.digest_horizon_days))


# ---------------------------------------------------------------- recipients


def reaching(person: Person) -> list[tuple[str, str]]:
    """(channel, address) of every channel that carries a message to this person now, in registry order;
    empty when none does (the caller falls back to the console).

    Each channel's spec says which address is usable: a chat id that is not a private chat's (a group linked
    before the bot refused groups) or a chat found unreachable (the person blocked the bot) is never written
    to (tracker.models.private_chat, zalo_chat). `Person.channels` restricts them: None means every channel
    the person has a usable address on; a list keeps only those. A restriction chooses among the channels
    that reach the person; when none of the chosen ones does any more (unlinked, blocked), every channel that
    does is used, so a reminder is never lost to a preference (e-mail keeps reaching someone whose only
    chosen channel, Zalo, was blocked).
    """
    usable = [(spec.name, address) for spec in channels.specs()
              if not spec.fallback and (address := spec.address(person)) is not None]
    chosen = person.channels
    if not chosen:
        return usable
    return [(name, address) for name, address in usable if name in chosen] or usable


def channels_for(person: Person, delivery: Delivery) -> list[str]:
    """The channels a reminder to this person goes to (reaching()); the console only for someone no channel
    reaches.

    Chosen from the person's addresses, not from what this process can send: a shell without
    TRACKER_SMTP_URL queues the e-mail for the daemon that has it (the dispatcher leaves it waiting)
    instead of printing a console copy nobody receives and counting it as sent.
    """
    if delivery.console_for_all:
        return [channels.fallback().name]
    return [name for name, _ in reaching(person)] or [channels.fallback().name]


@dataclass
class _People:
    heads: dict[int, list[Person]]  # unit id -> active heads
    bosses: dict[int, list[Person]]  # commune id -> escalation recipients
    all: list[Person]


def _index_people(people: Iterable[Person], cfg: ReminderConfig) -> _People:
    heads: dict[int, list[Person]] = defaultdict(list)
    bosses: dict[int, list[Person]] = defaultdict(list)
    active = [p for p in people if p.active]
    for p in active:
        if p.role == "head" and p.unit_id is not None:
            heads[p.unit_id].append(p)
        if p.role in cfg.escalate_to:
            bosses[p.commune_id].append(p)
    for lst in (*heads.values(), *bosses.values()):
        lst.sort(key=lambda p: (p.role != "chairman", pk(p)))
    return _People(heads, bosses, active)


class _Memo:
    """WorkCalendar answers memoised for one policy run (a province shares a handful of deadlines)."""

    def __init__(self, calendar: WorkCalendar) -> None:
        self.calendar = calendar
        self._add: dict[tuple[date, int], date] = {}
        self._between: dict[tuple[date, date], int] = {}

    def is_working_day(self, d: date) -> bool:
        return self.calendar.is_working_day(d)

    def add_working_days(self, d: date, n: int) -> date:
        key = (d, n)
        if key not in self._add:
            self._add[key] = self.calendar.add_working_days(d, n)
        return self._add[key]

    def working_days_between(self, a: date, b: date) -> int:
        key = (a, b)
        if key not in self._between:
            self._between[key] = self.calendar.working_days_between(a, b)
        return self._between[key]


# ---------------------------------------------------------------- the policy


def due_notifications(
    items: Sequence[Item],
    people: Iterable[Person],
    acks: Iterable[EscalationAck],
    cfg: ReminderConfig,
    calendar: WorkCalendar | CommuneCalendars,
    now: datetime,
    delivery: Delivery,
    communes: dict[int, CommuneContext] | None = None,
    *,
    with_digest: bool = True,
    escalated: Mapping[EscalationKey, tuple[date, date]] | None = None,
) -> list[Notification]:
    """Every notification due at `now` (one per recipient and channel), stale ones flagged.

    `items` must carry their status as of `now`; `communes` is needed only for digests;
    `escalated` maps (task id, occurrence id, person id, deadline) to (day queued, slot) of
    the latest escalation already stored (see escalation_slot).
    """
    if not in_working_hours(now, cfg, calendar):
        return []
    today = vn_date(now)
    memos: dict[int, _Memo] = {}  # per calendar: many items share a deadline, count once

    def memo_of(commune_id: int | None) -> _Memo:
        cal = calendar_of(calendar, commune_id)
        if id(cal) not in memos:
            memos[id(cal)] = _Memo(cal)
        return memos[id(cal)]
    idx = _index_people(people, cfg)
    acked = {(a.task_id, a.occurrence_id, a.person_id, a.deadline) for a in acks}
    out: list[Notification] = []
    reach: dict[int, list[str]] = {}  # per person: a head hears about each of their unit's items

    def emit(kind: str, rule: str, person: Person, slot: date, item: Item | None, wd: int, *,
             unassigned: bool = False, stale: bool = False, digest: Digest | None = None,
             commune_id: int | None = None) -> None:
        cid = commune_id if commune_id is not None else (item.task.commune_id if item else person.commune_id)
        if pk(person) not in reach:
            reach[pk(person)] = channels_for(person, delivery)
        for ch in reach[pk(person)]:
            out.append(Notification(kind, rule, cid, person, ch, slot,
                                    at_work(slot, cfg.work_start), item, wd,
                                    unassigned, stale, digest))

    for it in items:
        if it.deadline is None or it.status not in ("in_progress", "overdue"):
            continue
        memo = memo_of(it.task.commune_id)  # the item's commune's working days (its own overrides on top)
        if not memo.is_working_day(today):
            continue
        heads = idx.heads.get(pk(it.lead_unit), []) if it.lead_unit else []
        bosses = idx.bosses.get(it.task.commune_id, [])
        if it.status == "in_progress":
            _before_deadline(it, heads or bosses, not heads, cfg, memo, today, emit)
        else:
            _overdue(it, heads, bosses, acked, cfg, memo, today, emit, escalated or {})

    if with_digest:
        slot = digest_slot(now, cfg, memo_of(None))  # the weekly digest follows the national calendar
        if slot is not None:
            _digests(items, idx, communes or {}, cfg, today, slot, emit, "digest_weekly")
    return out


def digest_notifications(items: Sequence[Item], people: Iterable[Person], cfg: ReminderConfig, now: datetime,
                         delivery: Delivery, communes: dict[int, CommuneContext], *, slot: date,
                         rule: str = "digest_manual") -> list[Notification]:
    """The digests as of `now` whatever the day and hour (`tracker digest`)."""
    out: list[Notification] = []
    idx = _index_people(people, cfg)

    def emit(kind: str, rule: str, person: Person, slot: date, item: Item | None, wd: int, *,
             digest: Digest | None = None, commune_id: int | None = None, **_: Any) -> None:
        for ch in channels_for(person, delivery):
            out.append(Notification(kind, rule, commune_id or person.commune_id, person, ch, slot, now, item, wd,
                                    digest=digest))

    _digests(items, idx, communes, cfg, vn_date(now), slot, emit, rule)
    return out


def _before_deadline(it: Item, recipients: list[Person], unassigned: bool, cfg: ReminderConfig,
                     calendar: Workdays, today: date, emit: Any) -> None:
    assert it.deadline is not None
    slots = sorted(((calendar.add_working_days(it.deadline, -n), n) for n in cfg.before_working_days), reverse=True)
    past = [(d, n) for d, n in slots if d <= today]
    if not past:
        return
    current_day, current_n = past[0]
    late = calendar.working_days_between(current_day, today)
    left = calendar.working_days_between(today, it.deadline)
    send_current = late <= cfg.catchup_max_late_working_days
    lookback = today - timedelta(days=cfg.stale_lookback_days)
    for d, n in past:
        is_current = (d, n) == (current_day, current_n)
        if is_current and send_current:
            for p in recipients:
                emit("reminder", before_rule(n), p, d, it, left, unassigned=unassigned)
        elif d >= lookback and d < today:
            for p in recipients:
                emit("reminder", before_rule(n), p, d, it, left, unassigned=unassigned, stale=True)


def _overdue(it: Item, heads: list[Person], bosses: list[Person], acked: set[tuple[Any, ...]],
             cfg: ReminderConfig, calendar: Workdays, today: date, emit: Any,
             escalated: Mapping[EscalationKey, tuple[date, date]]) -> None:
    assert it.deadline is not None
    overdue_wd = calendar.working_days_between(it.deadline, today)
    if cfg.overdue_daily:
        for p in heads:
            emit("overdue", "overdue_daily", p, today, it, overdue_wd)
    first = calendar.add_working_days(it.deadline, cfg.escalate_after_working_days + 1)
    if today < first:
        return
    k = (today - first).days // cfg.escalation_repeat_days
    nominal = first + timedelta(days=k * cfg.escalation_repeat_days)
    occ_id = it.occurrence.id if it.occurrence else None
    for p in bosses:
        if any((it.task.id, occ_id, p.id, d) in acked for d in {it.due, it.deadline}):
            continue
        emit("escalation", "escalation_weekly", p,
             escalation_slot(nominal, today, cfg, escalated.get((it.task.id, occ_id, p.id, it.deadline))),
             it, overdue_wd, unassigned=not heads)


def escalation_slot(nominal: date, today: date, cfg: ReminderConfig, previous: tuple[date, date] | None) -> date:
    """The slot (key part) of the escalation due today for one item, person and deadline in force.

    `previous` is (the day it was queued, its slot) of the latest escalation already stored
    for them. Less than `escalation_repeat_days` after that day, the same slot comes back (same
    key: nothing new is stored, so sweeps stay idempotent); otherwise the week's nominal slot,
    counted from the first escalation day. So a repeat never comes sooner than
    `escalation_repeat_days` after the previous one, however late a catch-up sent it, and the
    nominal slot is then always a new key (it is later than any slot queued before the window).
    """
    if previous is not None and today < previous[0] + timedelta(days=cfg.escalation_repeat_days):
        return previous[1]
    return nominal


def _digests(items: Sequence[Item], idx: _People, communes: dict[int, CommuneContext], cfg: ReminderConfig,
             today: date, slot: date, emit: Any, rule: str) -> None:
    horizon = today + timedelta(days=cfg.digest_horizon_days)
    by_commune: dict[int, list[Item]] = defaultdict(list)
    for it in items:
        by_commune[it.task.commune_id].append(it)
    commune_ids = set(by_commune) | set(idx.bosses) | set(communes)
    blocked: dict[int, list[str]] = defaultdict(list)  # "Name qua Zalo": a messenger found the person unreachable
    flagged = [spec for spec in channels.specs() if spec.unreachable_field]
    for p in idx.all:
        lost = [spec.label for spec in flagged if getattr(p, spec.unreachable_field or "")]
        if lost:
            blocked[p.commune_id].append(f"{p.name} qua {', '.join(lost)}")
    for cid in sorted(commune_ids):
        ctx = communes.get(cid, CommuneContext(name=""))
        its = by_commune.get(cid, [])
        overdue = [it for it in its if it.status == "overdue"]
        soon = [it for it in its if it.status == "in_progress" and it.deadline and it.deadline <= horizon]
        headless = [it for it in [*overdue, *soon] if not (it.lead_unit and idx.heads.get(pk(it.lead_unit)))]
        units_without_head = [u.name for u in ctx.units if not idx.heads.get(pk(u))]
        unreachable = sorted(blocked.get(cid, []))
        for boss in idx.bosses.get(cid, []):
            d = Digest(ctx.name, slot, None, overdue, soon, headless, units_without_head, ctx.failed,
                       unreachable, ctx.kpis_below, ctx.extensions)
            emit("digest", rule, boss, slot, None, 0, digest=d, commune_id=cid)
        for unit in ctx.units:
            mine = [it for it in [*overdue, *soon] if it.lead_unit and it.lead_unit.id == unit.id]
            for head in idx.heads.get(pk(unit), []):
                d = Digest(ctx.name, slot, unit.name, [it for it in mine if it.status == "overdue"],
                           [it for it in mine if it.status == "in_progress"])
                emit("digest", rule, head, slot, None, 0, digest=d, commune_id=cid)
