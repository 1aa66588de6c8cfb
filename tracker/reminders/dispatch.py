"""Deliver pending outbox rows through the channels, recording every outcome.

The dispatcher owns what channels must not: taking only rows of the channels this
process is configured for (others are left untouched, and counted, for the process
that has them), claiming rows (so two processes never both deliver one), retries
with exponential backoff (transient errors, Telegram's retry_after), marking
permanent failures, marking a person unreachable on a channel (Telegram: they
blocked the bot), and skipping rows made pointless since they were stored (task
done or cancelled, deadline moved). It knows channels only through the registry
(tracker/channels/): none is named here.
Channels of different kinds run concurrently; within a channel messages go one at
a time, so a crash can leave at most one message per channel in the window
described in tracker/reminders/outbox.py.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import logging
import os
import socket
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa

from tracker import channels
from tracker.channels.base import Button, Channel, DeliveryError, Outgoing, message_parts
from tracker.channels.spec import OpenContext
from tracker.db import pk, transaction
from tracker.reminders import outbox
from tracker.reminders.config import Delivery, ReminderConfig
from tracker.vocabulary import AUDIT_CHANNELS, KIND_LABELS

if TYPE_CHECKING:
    from tracker.channels.console.transport import TextSink

log = logging.getLogger("tracker.reminders")


class ChannelFactory:
    """Opens a channel for one batch, and names the channels this process is configured for.

    The dispatcher takes only rows of `channels`: a process never stands in for a
    channel it lacks (printing an e-mail on its console and calling it sent), it
    leaves those rows to the process that has the channel.
    """

    def __init__(self, channels: Iterable[str], make: Callable[[str], Channel]) -> None:
        self.channels = frozenset(channels)
        self._make = make

    def __call__(self, name: str) -> Channel:
        if name not in self.channels:
            raise ValueError(f"channel {name!r} is not configured in this process")
        return self._make(name)


def default_factory(delivery: Delivery, cfg: ReminderConfig, stream: TextSink | None = None) -> ChannelFactory:
    """The channels `delivery` configures (the console always is), each opened from its own settings.

    The console carries the rows of people with no address at all (policy.channels_for
    picks a person's channels from their own addresses, not from this process). An
    e-mail or Telegram row this process cannot send is never printed instead: it waits
    for the process configured for that channel.
    """
    context = OpenContext(config=cfg, stream=stream)

    def make(name: str) -> Channel:
        return channels.get(name).open(delivery.values_for(name), context)

    return ChannelFactory(delivery.channels, make)


def enabling_setting(channel: str) -> str | None:
    """The environment variable(s) that turn `channel` on (None: always on, or no such channel)."""
    spec = channels.find(channel)
    return ", ".join(spec.required_env) if spec and spec.required_env else None


def missing_setting(channel: str) -> str:
    """' (chưa đặt TRACKER_SMTP_URL)': the environment setting a process lacks to send on `channel` ('' if none)."""
    setting = enabling_setting(channel)
    return f" (chưa đặt {setting})" if setting else ""


def left_message(channel: str, count: int) -> str:
    """Why a process left `count` due rows of `channel` alone (Vietnamese, for the command and the log)."""
    return f"Để lại {count} {channels.unit(channel)} cho tiến trình có cấu hình kênh này{missing_setting(channel)}."


def outgoing(r: Mapping[str, Any], recipient_name: str) -> Outgoing:
    """The message of an outbox row (a row's mapping), as the dispatcher hands it to a channel."""
    return Outgoing(
        outbox_id=r["id"], key=r["key"], kind=r["kind"], channel=r["channel"], address=r["address"],
        recipient_name=recipient_name, subject=r["subject"], text=r["body_text"], html=r["body_html"],
        buttons=tuple(Button(b["label"], b["action"]) for b in (r["buttons"] or [])),
    )


def row_parts(r: Mapping[str, Any], channel: Channel | type[Channel], recipient_name: str = "") -> list[Outgoing]:
    """What a channel of this kind sends for the row: its one message, or its numbered parts in order.

    The one place the dispatcher splits, so whoever reads a row's parts back later (the bot
    editing the last part a person received) gets the parts that were sent.
    """
    return message_parts(outgoing(r, recipient_name), channel.max_length, channel.markup)


def worker_id() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


@dataclass
class DeliveryStats:
    sent: int = 0
    retried: int = 0
    failed: int = 0
    skipped: int = 0
    recovered: int = 0
    claimed_elsewhere: int = 0
    fetched: int = 0  # rows due in this pass (a full batch means more may be waiting)
    sent_keys: list[str] = field(default_factory=list)
    left: dict[str, int] = field(default_factory=dict)  # channel -> due rows left: channel not configured here

    def to_json(self) -> dict[str, Any]:
        out = {k: v for k, v in self.__dict__.items() if k not in ("sent_keys", "fetched", "left")}
        out["left"] = [{"channel": ch, "count": n, "setting": enabling_setting(ch), "message": left_message(ch, n)}
                       for ch, n in sorted(self.left.items())]
        return out

    def left_lines(self) -> list[str]:
        return [left_message(ch, n) for ch, n in sorted(self.left.items())]

    def add(self, other: DeliveryStats) -> None:
        for k in ("sent", "retried", "failed", "skipped", "recovered", "claimed_elsewhere", "fetched"):
            setattr(self, k, getattr(self, k) + getattr(other, k))
        self.sent_keys.extend(other.sent_keys)
        self.left = dict(other.left)  # passes never touch these rows: the latest count is the count


class _ClaimLost(Exception):
    """The claim on a row was taken back between two parts (this process outlived the lease)."""


def backoff(cfg: ReminderConfig, attempts: int, retry_after: float | None) -> float:
    """Seconds before the next try after `attempts` failed tries (1, 2, 4 ... × base, capped)."""
    delay = min(cfg.backoff_base_seconds * 2 ** max(attempts - 1, 0), cfg.backoff_max_seconds)
    return max(delay, retry_after or 0)


class Dispatcher:
    def __init__(self, engine: sa.Engine, cfg: ReminderConfig, factory: ChannelFactory, *,
                 clock: Callable[[], datetime], worker: str | None = None,
                 stop: asyncio.Event | None = None) -> None:
        self.engine = engine
        self.cfg = cfg
        self.factory = factory
        self.clock = clock
        self.worker = worker or worker_id()
        self.stop = stop
        self._stack: contextlib.AsyncExitStack | None = None  # deliver_all's: channels stay open across passes
        self._kept: dict[str, Channel] = {}

    def _tx(self, fn: Callable[[Any], Any]) -> Any:
        with transaction(self.engine) as s:
            return fn(s)

    async def _db(self, fn: Callable[[Any], Any]) -> Any:
        return await asyncio.to_thread(self._tx, fn)

    async def deliver_all(self) -> DeliveryStats:
        """Passes of `batch_size` rows until nothing due is left (or stop is set).

        A channel opened by one pass stays open for the next ones: a burst of e-mail goes over one SMTP
        connection, not one per pass. They are closed when the last pass ends.
        """
        total = DeliveryStats()
        async with contextlib.AsyncExitStack() as stack:
            self._stack = stack
            try:
                while True:
                    stats = await self.deliver()
                    total.add(stats)
                    if stats.fetched < self.cfg.batch_size or (self.stop is not None and self.stop.is_set()):
                        return total
            finally:
                self._stack, self._kept = None, {}

    async def deliver(self, ids: Sequence[int] | None = None) -> DeliveryStats:
        """One pass: claim up to `batch_size` rows due now (or the given pending rows), deliver them.

        While the pass runs, a heartbeat renews this process's claims every third of the lease, so a
        batch may take longer than the lease (slow channel, long Telegram series) without another
        process taking rows this one still holds. Rows claimed but not started when `stop` is set are
        given back at once.
        """
        stats = DeliveryStats()
        now = self.clock()
        recovered = await self._db(lambda s: outbox.recover_expired(s, now, self.cfg.lease_seconds))
        for key in recovered:
            log.warning("Hết hạn giữ chỗ, gửi lại (có thể trùng một lần): %s", key)
        stats.recovered = len(recovered)
        if ids is None and not await self._db(lambda s: self._working_hours(s, now)):
            return stats  # retries wait for working hours too; `outbox retry ID` is a person's decision
        rows, stats.left = await self._db(lambda s: self._due(s, now, ids))
        stats.fetched = len(rows)
        if not rows:
            return stats
        heartbeat = asyncio.create_task(self._heartbeat())
        try:
            rows = await self._db(lambda s: self._drop_superseded(s, rows, now, stats, manual=ids is not None))
            by_channel: dict[str, list[dict[str, Any]]] = defaultdict(list)
            for r in rows:
                by_channel[r["channel"]].append(r)
            names = await self._db(lambda s: _person_names(s, [r["person_id"] for r in rows]))
            await asyncio.gather(*(self._deliver_channel(ch, rs, names, stats)
                                   for ch, rs in sorted(by_channel.items())))
        finally:
            heartbeat.cancel()
            leftover = [r["id"] for r in rows]  # those started are no longer 'pending' and stay untouched
            await self._db(lambda s: outbox.release_claims(s, self.worker, leftover))
        return stats

    async def _heartbeat(self) -> None:
        period = max(self.cfg.lease_seconds / 3, 0.5)
        while True:
            await asyncio.sleep(period)
            try:
                await self._db(lambda s: outbox.renew_claims(s, self.worker, self.clock()))
            except Exception as exc:  # the database is away: the next beat tries again, the lease is the limit
                log.warning("Không gia hạn được giữ chỗ các thông báo đang gửi (%s)", exc.__class__.__name__)

    def _due(self, s: Any, now: datetime, ids: Sequence[int] | None
             ) -> tuple[list[dict[str, Any]], dict[str, int]]:
        channels = self.factory.channels
        return (outbox.claim_batch(s, self.worker, now, self.cfg.lease_seconds, self.cfg.batch_size, channels, ids),
                outbox.due_elsewhere(s, now, channels, ids))

    def _working_hours(self, s: Any, now: datetime) -> bool:
        from tracker.reminders.policy import in_working_hours
        from tracker.workdays import CommuneCalendars

        return in_working_hours(now, self.cfg, CommuneCalendars(s))  # of any commune (its own make-up day)

    def _outdated(self, r: dict[str, Any], today: date) -> bool:
        """A retry too late to make sense: a daily message after its day, a weekly one after its week."""
        slot = date.fromisoformat(r["slot"][:10])
        if r["kind"] == "escalation":  # a catch-up may queue a week's slot days late: its week starts then
            from tracker.timeutil import vn_date

            start = max(slot, vn_date(r["created_at"])) if r.get("created_at") else slot
            return today >= start + timedelta(days=self.cfg.escalation_repeat_days)
        if r["kind"] in ("digest", "notice"):  # notice: one-off, e.g. an extension decided from the CLI
            return today >= slot + timedelta(days=7)
        # reminder / overdue: their own day, plus the configured catch-up (bounded in calendar days here;
        # the policy applies the exact working-day rule when it creates a late row)
        return (today - slot).days > 3 * self.cfg.catchup_max_late_working_days

    def _drop_superseded(self, s: Any, rows: list[dict[str, Any]], now: datetime, stats: DeliveryStats,
                         *, manual: bool = False) -> list[dict[str, Any]]:
        """Skip rows about items no longer open, whose deadline moved, or whose day has passed;
        fail rows to people a channel found unreachable (they blocked the Telegram bot).

        A message already partly sent is never skipped: its recipient has read "(2/5)" and
        waits for the rest, so it is finished whatever changed since. Only the blocked bot
        still fails it, since the rest could not arrive either (`outbox retry` resumes it
        after the person unblocks the bot).
        """
        from sqlmodel import col, select

        from tracker.models import Person
        from tracker.status import build_items
        from tracker.timeutil import vn_date
        from tracker.workdays import CommuneCalendars

        today = vn_date(now)
        started = {r["id"]: len(outbox.sent_parts(r["external_id"])) for r in rows if r["external_id"]}
        dead: dict[int, str] = {r["id"]: "Bỏ qua: quá ngày gửi (thử lại không thành công kịp)."
                                for r in rows if not manual and self._outdated(r, today)}
        task_rows = [r for r in rows if r["task_id"] is not None and r["kind"] != "digest" and r["id"] not in dead]
        if task_rows:
            cals = CommuneCalendars(s)
            by_commune: dict[int, set[int]] = defaultdict(set)
            for r in task_rows:
                by_commune[r["commune_id"]].add(r["task_id"])
            items = {}
            for cid, tids in by_commune.items():
                for it in build_items(s, cid, as_of=now, calendar=cals.of(cid), include_future=True,
                                      task_ids=sorted(tids)):
                    items[(it.task.id, it.occurrence.id if it.occurrence else None)] = it
            for r in task_rows:
                item = items.get((r["task_id"], r["occurrence_id"]))
                if item is None or item.status not in ("in_progress", "overdue"):
                    dead[r["id"]] = "Bỏ qua: nhiệm vụ đã hoàn thành hoặc đã hủy."
                elif r["deadline"] is not None and item.deadline != r["deadline"]:
                    dead[r["id"]] = "Bỏ qua: thời hạn đã thay đổi (gia hạn)."
        for r in rows:
            if r["id"] in started and r["id"] in dead:
                reason = dead.pop(r["id"]).removeprefix("Bỏ qua: ").rstrip(".")
                log.info("Gửi nốt %s (đã gửi %d phần, không để dở) dù %s", r["key"], started[r["id"]], reason)
        for spec in channels.specs():
            if spec.unreachable_field is None:
                continue
            flagged = {r["person_id"] for r in rows if r["channel"] == spec.name and r["person_id"]}
            if not flagged:
                continue
            blocked = set(s.exec(select(Person.id).where(col(Person.id).in_(flagged),
                                                         getattr(Person, spec.unreachable_field))).all())
            for r in rows:
                if r["channel"] == spec.name and r["person_id"] in blocked and r["id"] not in dead:
                    outbox.mark_failed(s, r["id"], None, spec.unreachable_reason, count_attempt=False)
                    dead[r["id"]] = ""
                    stats.failed += 1
        by_reason: dict[str, list[int]] = defaultdict(list)
        for rid, reason in dead.items():
            if reason:
                by_reason[reason].append(rid)
        for reason, rids in by_reason.items():
            stats.skipped += outbox.mark_skipped(s, rids, reason)
            for r in rows:
                if r["id"] in rids:
                    log.info("Bỏ qua %s: %s", r["key"], reason.removeprefix("Bỏ qua: "))
        return [r for r in rows if r["id"] not in dead]

    async def _deliver_channel(self, name: str, rows: list[dict[str, Any]], names: dict[int, str],
                               stats: DeliveryStats) -> None:
        """The channel's rows one at a time, one commit per message.

        The commit that records a message's outcome also moves the next row to 'sending' (`_step`): at
        any instant at most one row of the channel is 'sending', the one the channel may have accepted
        before a crash, and the commit count is one per message plus one per pass.
        """
        try:
            channel = self._kept.get(name) or self.factory(name)
        except Exception as exc:  # e.g. misconfigured channel: keep the rows, retry later
            detail = getattr(exc, "message", None) or exc.__class__.__name__
            log.error("Kênh %s không dùng được: %s", channels.label(name), detail)
            for r in rows:
                if await self._db(functools.partial(self._step, None, r["id"])):
                    await self._record_error(r, DeliveryError(f"Kênh {name} không dùng được: {detail}",
                                                              permanent=False), stats)
            return
        done: Callable[[Any], None] | None = None  # the previous row's outcome, committed with the next start
        after: Callable[[], None] | None = None  # what to count and log once that commit is made
        opened: contextlib.AbstractAsyncContextManager[Any] = channel  # this pass opens and closes it
        if self._stack is not None:  # deliver_all keeps it open for the next passes
            if name not in self._kept:
                self._kept[name] = await self._stack.enter_async_context(channel)
            opened = contextlib.nullcontext(channel)
        async with opened:
            try:
                for r in rows:
                    if self.stop is not None and self.stop.is_set():
                        return
                    started = await self._db(functools.partial(self._step, done, r["id"]))
                    done = None
                    if after is not None:
                        after()
                        after = None
                    if not started:
                        stats.claimed_elsewhere += 1
                        continue
                    recipient = names.get(r["person_id"], r["address"])
                    try:
                        external_id = await self._send_parts(channel, r, recipient)
                    except _ClaimLost:
                        # mark_retry would change nothing: the row is the other process's now, and it sends the rest
                        stats.claimed_elsewhere += 1
                        log.warning("Dừng gửi %s giữa chừng: tiến trình khác đã nhận gửi tiếp phần còn lại "
                                    "(quá thời gian giữ chỗ)", r["key"])
                        continue
                    except DeliveryError as exc:
                        await self._record_error(r, exc, stats)
                        continue
                    except Exception as exc:  # a bug or an unexpected library error: retry, never lose
                        log.error("Lỗi không mong đợi khi gửi %s (%s); sẽ thử lại", r["key"], exc.__class__.__name__)
                        log.debug("chi tiết lỗi", exc_info=True)
                        await self._record_error(r, DeliveryError(f"Lỗi không mong đợi ({exc.__class__.__name__})",
                                                                  permanent=False), stats)
                        continue
                    done = functools.partial(self._sent, r["id"], external_id)
                    after = functools.partial(self._after_sent, r, recipient, name, stats)
            finally:
                if done is not None:  # the last message's outcome (also when stopping): never left unrecorded
                    await self._db(done)
                    if after is not None:
                        after()

    def _step(self, done: Callable[[Any], None] | None, row_id: int, s: Any) -> bool:
        """One transaction: record the previous message's outcome, then start this row (False: claim lost)."""
        if done is not None:
            done(s)
        return outbox.start_send(s, row_id, self.worker, self.clock())

    def _after_sent(self, r: dict[str, Any], recipient: str, channel: str, stats: DeliveryStats) -> None:
        stats.sent += 1
        stats.sent_keys.append(r["key"])
        log.info("Đã gửi %s %s → %s (%s)", KIND_LABELS.get(r["kind"], r["kind"]), r["key"], recipient,
                 channels.label(channel))

    async def _send_parts(self, channel: Channel, r: dict[str, Any], recipient: str) -> str | None:
        """Send the row's message, as numbered parts if it is longer than the channel takes.

        Parts already sent by an earlier attempt (their ids are in external_id) are not
        sent again; each part sent is committed before the next, so a failure or a crash
        after part k of n leaves parts k+1..n for the retry.
        """
        parts = row_parts(r, channel, recipient)
        done = outbox.sent_parts(r["external_id"])
        if len(parts) == 1 and not done:
            return await channel.send(parts[0])
        if done:
            log.info("Gửi tiếp %s từ phần %d/%d", r["key"], len(done) + 1, len(parts))
        ids = done[:len(parts)]
        for part in parts[len(ids):]:
            ids.append(await channel.send(part) or outbox.PART_UNKNOWN)
            if len(ids) < len(parts) and not await self._db(functools.partial(self._record_parts, r["id"], ids)):
                raise _ClaimLost
        return ",".join(ids)

    def _record_parts(self, row_id: int, ids: list[str], s: Any) -> bool:
        return outbox.record_parts(s, row_id, self.worker, self.clock(), ids)

    def _sent(self, row_id: int, external_id: str | None, s: Any) -> None:
        outbox.mark_sent(s, row_id, self.worker, self.clock(), external_id)

    async def _record_error(self, r: dict[str, Any], exc: DeliveryError, stats: DeliveryStats) -> None:
        attempts = int(r["attempts"]) + 1
        spec = channels.get(r["channel"])
        if exc.unreachable and r["person_id"] and spec.unreachable_field:
            now = self.clock()
            await self._db(lambda s: _mark_unreachable(s, r["person_id"], spec, exc.detail, now))
            log.warning("Người nhận (mã %s) không nhận được tin qua %s nữa; các thông báo sau bỏ qua kênh này",
                        r["person_id"], channels.label(r["channel"]))
        if exc.permanent or attempts >= self.cfg.max_attempts:
            await self._db(lambda s: outbox.mark_failed(s, r["id"], self.worker, exc.detail))
            stats.failed += 1
            log.error("Gửi không thành công %s sau %d lần: %s", r["key"], attempts, exc.detail)
            return
        delay = backoff(self.cfg, attempts, exc.retry_after)
        next_at = self.clock() + timedelta(seconds=delay)
        await self._db(lambda s: outbox.mark_retry(s, r["id"], self.worker, next_at, exc.detail))
        stats.retried += 1
        log.warning("Thử lại %s sau %d giây (lần %d): %s", r["key"], int(delay), attempts, exc.detail)


def _person_names(s: Any, ids: list[int | None]) -> dict[int, str]:
    from sqlmodel import col, select

    from tracker.models import Person

    wanted = {i for i in ids if i}
    if not wanted:
        return {}
    return {pk(p): p.name for p in s.exec(select(Person).where(col(Person.id).in_(wanted))).all()}


def _mark_unreachable(s: Any, person_id: int, spec: channels.ChannelSpec, detail: str, now: datetime) -> None:
    """Set the channel's unreachable flag (a Person column its spec names) on the person, with its audit event
    (action "person.<flag>", as the bot records it when a reply is refused)."""
    from tracker.audit import record
    from tracker.models import Person

    flag = spec.unreachable_field
    p = s.get(Person, person_id)
    if flag is None or p is None or getattr(p, flag):
        return
    setattr(p, flag, True)
    s.add(p)
    channel = spec.name if spec.name in AUDIT_CHANNELS else "system"
    record(s, now=now, actor=f"hệ thống gửi {spec.unit}", channel=channel, action=f"person.{flag}",
           entity=f"person {p.name}", commune_id=p.commune_id, before={flag: False},
           after={flag: True, "detail": detail[:200]})
