"""`tracker run`: APScheduler wakes the idempotent sweep; the database decides what is due.

- AsyncIOScheduler (APScheduler 3.x, timezone Asia/Ho_Chi_Minh) started inside the
  running loop; in-memory job store only (state lives in our tables, so a lost or
  doubled job run cannot lose or repeat a notification);
- an interval job runs the sweep every `sweep_interval_seconds` (60); a cron job
  wakes it at the digest time too; sweeps never overlap within one process;
- one catch-up sweep at start-up: what is still due goes out, stale before-deadline
  slots are recorded as skipped (see tracker/reminders/policy.py);
- the sweep is a task the daemon owns; APScheduler's jobs only start it. Stopping
  the scheduler cancels the jobs it runs, which mid-send would leave a row in
  'sending' and repeat it after restart;
- SIGTERM/SIGINT: no new sweep starts, the message being sent finishes and is
  recorded (the running sweep, scheduled or start-up, is awaited), then the
  process exits 0;
- rows for a channel this process is not configured for are left for one that is,
  with a warning whenever their number changes;
- a second instance on the same database is safe: outbox keys are unique and each
  row is claimed by a conditional UPDATE before sending (tracker/reminders/outbox.py);
- on PostgreSQL any number of instances, on any number of machines, share one database:
  every one delivers (each claims its own batches, FOR UPDATE SKIP LOCKED), and exactly
  one runs the sweep, the one holding the advisory lock (tracker.db.LeaderLock); the
  others only deliver. When the holder dies PostgreSQL frees the lock and the next
  instance to tick takes it. The holder also runs the Telegram and Zalo bots (a bot's
  updates go to one poller), so with the tokens on every machine the bot moves with the
  lock; every instance with a token sends that channel's messages. On SQLite the one
  process sweeps and runs its bots, as always;
- TRACKER_LEASE_SECONDS (a test aid, read only here, like TRACKER_FAKE_NOW): the
  claim lease in seconds instead of [reminders] lease_seconds, below its 120 s floor,
  so a test sees a killed daemon's claims taken over in seconds. Never set it in
  production (docs/reminders.md: why the lease must outlast one send);
- at start, each channel this process sends through is asked its start-up check (ChannelSpec.startup_check):
  Zalo's getMe; a token (or API root) the far side refuses stops the daemon with one Vietnamese line and
  exit 78, while a far side that does not answer only leaves a warning (its messages wait for their retries);
- with TRACKER_TELEGRAM_TOKEN set and tracker.bot.runner installed, the interactive
  bot runs in the same loop; with TRACKER_ZALO_TOKEN set, the Zalo bot too (tracker.bot.zalo, long polling).
"""

from __future__ import annotations

import asyncio
import importlib.util
import logging
import os
import signal
from collections.abc import Awaitable, Callable, Mapping
from datetime import datetime
from typing import Any

import sqlalchemy as sa

from tracker.db import LeaderLock
from tracker.reminders.config import Delivery, ReminderConfig
from tracker.reminders.dispatch import Dispatcher, default_factory
from tracker.reminders.sweep import SweepMemo, SweepResult, run_sweep
from tracker.timeutil import VN

log = logging.getLogger("tracker.daemon")

STOP_GRACE_SECONDS = 60


def channels_vi(delivery: Delivery) -> str:
    """The channels this process sends through, the console last: "thư điện tử, Telegram, màn hình"."""
    from tracker import channels

    on = [s for s in channels.specs() if s.name in delivery.channels]
    return ", ".join(s.label for s in sorted(on, key=lambda s: s.fallback))


def one_line(exc: BaseException) -> str:
    """An exception as a short single line (class and first line of its message)."""
    first = str(exc).strip().splitlines()[0][:200] if str(exc).strip() else ""
    return f"{exc.__class__.__name__}: {first}" if first else exc.__class__.__name__


async def check_channels(delivery: Delivery) -> None:
    """Each channel's start-up check, before anything is scheduled: a refused setting raises ConfigError."""
    from tracker import channels

    for spec in channels.specs():
        if spec.name in delivery.channels:
            await spec.check(delivery.values_for(spec.name))


async def serve(engine: sa.Engine, cfg: ReminderConfig, delivery: Delivery, *, clock: Callable[[], datetime],
                stop: asyncio.Event | None = None) -> None:
    from apscheduler.schedulers.asyncio import AsyncIOScheduler
    from apscheduler.triggers.cron import CronTrigger
    from apscheduler.triggers.interval import IntervalTrigger

    await check_channels(delivery)
    cfg = lease_override(cfg)
    stop = stop or asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    memo = SweepMemo()
    factory = default_factory(delivery, cfg)
    running: asyncio.Task[None] | None = None
    left: dict[str, int] = {}

    leader = LeaderLock(engine)
    role: bool | None = None  # True: this process sweeps; False: another does, this one delivers
    bots: list[Callable[[], Awaitable[Any]]] = []  # the running bots' stop functions
    bots_on = False

    async def run_bots(on: bool) -> None:
        """The bots poll in one process at a time (a bot's updates go to one poller): the sweeping one."""
        nonlocal bots_on
        if on and not bots_on:
            bots_on = True
            for start in (_start_bot, _start_zalo_bot):
                stop_one = await start(engine, delivery, clock)
                if stop_one is not None:
                    bots.append(stop_one)
        elif not on and bots_on:
            bots_on = False
            while bots:
                await bots.pop()()

    async def sweep(reason: str) -> None:
        nonlocal left, role
        now = clock()
        try:
            sweeping = await asyncio.to_thread(leader.held)
            if leader.shared and sweeping != role:
                role = sweeping
                log.info("%s", "Tiến trình này chạy lượt quét nhắc việc (giữ khóa điều phối trên PostgreSQL)"
                         if sweeping else "Tiến trình khác đang chạy lượt quét; tiến trình này cùng gửi thông báo")
                if not stop.is_set():
                    await run_bots(sweeping)
            if sweeping:
                log.debug("Lượt quét (%s) bắt đầu", reason)
                result = await run_sweep(engine, now, cfg, delivery, factory, clock=clock, memo=memo, stop=stop)
            else:
                stats = await Dispatcher(engine, cfg, factory, clock=clock, stop=stop).deliver_all()
                result = SweepResult(at=now, due=[], delivery=stats)
        except Exception as exc:
            log.error("Lượt nhắc (%s) bị lỗi (%s); lượt sau sẽ thử lại", reason, one_line(exc))
            log.debug("chi tiết lỗi", exc_info=True)
            return
        d = result.delivery
        if result.inserted or result.stale or (d and (d.sent or d.retried or d.failed or d.skipped)):
            log.info("Lượt nhắc (%s) lúc %s: %d mới, %d bị lỡ (ghi «bỏ qua»), đã gửi %d, chờ thử lại %d, "
                     "lỗi %d, bỏ qua %d", reason, now.astimezone(VN).strftime("%d/%m/%Y %H:%M"),
                     len(result.inserted), len(result.stale), d.sent if d else 0, d.retried if d else 0,
                     d.failed if d else 0, d.skipped if d else 0)
        if d is not None and d.left != left and not stop.is_set():  # once per change, not every minute
            left = dict(d.left)
            for line in d.left_lines():
                log.warning("%s", line.removesuffix("."))

    def start_sweep(reason: str) -> None:
        nonlocal running
        if stop.is_set():
            return
        if running is not None and not running.done():
            log.info("Bỏ qua lượt nhắc (%s): lượt trước vẫn đang chạy", reason)
            return
        running = asyncio.create_task(sweep(reason))

    async def trigger(reason: str) -> None:
        start_sweep(reason)  # returns at once: the scheduler never holds (nor cancels) a delivery

    scheduler = AsyncIOScheduler(timezone=VN)
    scheduler.add_job(trigger, IntervalTrigger(seconds=cfg.sweep_interval_seconds, timezone=VN), args=["định kỳ"],
                      id="sweep", max_instances=1, coalesce=True, misfire_grace_time=None)
    scheduler.add_job(trigger, CronTrigger(day_of_week=cfg.digest_weekday, hour=cfg.digest_time.hour,
                                           minute=cfg.digest_time.minute, timezone=VN),
                      args=["tổng hợp tuần"], id="digest", max_instances=1, coalesce=True, misfire_grace_time=None)
    scheduler.start()
    log.info("Đã khởi động (pid %d; kênh: %s; quét mỗi %d giây)", os.getpid(), channels_vi(delivery),
             cfg.sweep_interval_seconds)

    if not leader.shared:  # SQLite: the one process runs its bots from the start; PostgreSQL: the lock holder's
        await run_bots(True)
    start_sweep("gửi bù khi khởi động")
    try:
        await stop.wait()
    finally:
        log.info("Đang dừng: chờ gửi xong thông báo đang gửi dở")
        scheduler.shutdown(wait=False)
        if running is not None and not running.done():
            # asyncio.wait, not wait_for: on timeout the sweep is left running, never cancelled mid-send here
            done, _ = await asyncio.wait({running}, timeout=STOP_GRACE_SECONDS)
            if not done:
                log.warning("Dừng: một lần gửi chưa xong sau %d giây; thông báo đó sẽ được gửi lại khi hết hạn "
                            "giữ chỗ", STOP_GRACE_SECONDS)
        await run_bots(False)
        await asyncio.to_thread(leader.release)
        log.info("Đã dừng")


async def _start_bot(engine: sa.Engine, delivery: Delivery, clock: Callable[[], datetime]
                     ) -> Callable[[], Awaitable[Any]] | None:
    if not delivery.has("telegram") or importlib.util.find_spec("tracker.bot.runner") is None:
        return None
    from tracker.bot.runner import start_bot
    from tracker.errors import TrackerError

    try:
        stop = await start_bot(engine, clock=clock)
    except TrackerError as exc:  # e.g. a rejected token: reminders by e-mail and console must go on
        log.error("Không khởi động được bot Telegram: %s", exc.message)
        return None
    log.info("Bot Telegram đã khởi động")
    return stop


async def _start_zalo_bot(engine: sa.Engine, delivery: Delivery, clock: Callable[[], datetime]
                          ) -> Callable[[], Awaitable[Any]] | None:
    """The Zalo bot when this process has TRACKER_ZALO_TOKEN, as the Telegram one: long polling, or the webhook
    the [zalo] table sets (webhook_url, listen)."""
    if not delivery.has("zalo") or importlib.util.find_spec("tracker.bot.zalo") is None:
        return None
    from tracker.bot.zalo import configured_webhook, start_zalo_bot
    from tracker.errors import TrackerError

    try:
        stop = await start_zalo_bot(engine, values=delivery.values_for("zalo"), webhook=configured_webhook(),
                                    clock=clock)
    except TrackerError as exc:  # e.g. a refused token: reminders by the other channels must go on
        log.error("Không khởi động được bot Zalo: %s", exc.message)
        return None
    log.info("Bot Zalo đã khởi động")
    return stop


def lease_override(cfg: ReminderConfig, environ: Mapping[str, str] | None = None) -> ReminderConfig:
    """[reminders] with TRACKER_LEASE_SECONDS, when set, as its lease (a test aid: see the module's docstring)."""
    raw = (os.environ if environ is None else environ).get("TRACKER_LEASE_SECONDS")
    if not raw:
        return cfg
    from tracker.errors import ConfigError

    try:
        seconds = int(raw)
    except ValueError:
        seconds = 0
    if not 1 <= seconds <= 86_400:
        raise ConfigError("TRACKER_LEASE_SECONDS phải là số giây nguyên từ 1 đến 86400 (chỉ dùng khi kiểm thử).")
    log.warning("Thời gian giữ chỗ %d giây (TRACKER_LEASE_SECONDS, chỉ dùng khi kiểm thử)", seconds)
    return cfg.model_copy(update={"lease_seconds": seconds})


def run(engine: sa.Engine, cfg: ReminderConfig, delivery: Delivery, clock: Callable[[], datetime]) -> None:
    asyncio.run(serve(engine, cfg, delivery, clock=clock))
