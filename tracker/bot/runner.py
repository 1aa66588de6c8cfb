"""Running the bot: inside `tracker run`'s event loop (start_bot) or alone (`tracker bot`).

    stop = await start_bot(engine)   # polling runs in the current loop
    ...
    await stop()

Configuration is the Telegram channel's: TRACKER_TELEGRAM_TOKEN, TRACKER_TELEGRAM_API_URL,
TRACKER_TELEGRAM_PROXY (see tracker/channels/telegram/transport.py).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable
from datetime import datetime
from typing import Any

from sqlalchemy import Engine

from tracker.bot.app import COMMANDS, BotDeps, TrackerBot
from tracker.bot.callbacks import secret_key
from tracker.bot.settings import BotSettings, load_bot_settings
from tracker.channels.telegram.ratelimit import RateLimiter, limiter_for
from tracker.channels.telegram.transport import TelegramChannel, api_urls, limiter_key
from tracker.domain.permissions import Permissions, load_permissions
from tracker.errors import ConfigError
from tracker.timeutil import utcnow

log = logging.getLogger("tracker.bot")


def _rate_limiter_class() -> type:
    from telegram.ext import BaseRateLimiter

    class ChatRateLimiter(BaseRateLimiter[None]):
        """Puts the bot's own sendMessage calls through the limiter the channel uses (same token)."""

        def __init__(self, limiter: RateLimiter) -> None:
            self.limiter = limiter

        async def initialize(self) -> None:
            pass

        async def shutdown(self) -> None:
            pass

        async def process_request(self, callback: Any, args: Any, kwargs: dict[str, Any], endpoint: str,
                                  data: dict[str, Any], rate_limit_args: Any) -> Any:
            chat = data.get("chat_id")
            if endpoint == "sendMessage" and isinstance(chat, int):
                async with self.limiter.slot(chat):
                    return await callback(*args, **kwargs)
            return await callback(*args, **kwargs)

    return ChatRateLimiter


def build_application(engine: Engine, channel: TelegramChannel, *, settings: BotSettings | None = None,
                      perms: Permissions | None = None, clock: Callable[[], datetime] = utcnow,
                      poll_read_timeout: float = 30.0) -> Any:
    from telegram.ext import ApplicationBuilder, CallbackQueryHandler, MessageHandler, filters
    from telegram.request import HTTPXRequest

    token = channel._token
    base_url, base_file_url = api_urls(channel.api_url)
    deps = BotDeps(engine=engine, key=secret_key(token), settings=settings or load_bot_settings(), clock=clock,
                   perms=perms or load_permissions())
    handlers = TrackerBot(deps)
    app = (ApplicationBuilder().token(token).base_url(base_url).base_file_url(base_file_url)
           .request(HTTPXRequest(connection_pool_size=16, proxy=channel.proxy))
           .get_updates_request(HTTPXRequest(proxy=channel.proxy, read_timeout=poll_read_timeout))
           .rate_limiter(_rate_limiter_class()(limiter_for(limiter_key(token))))
           .concurrent_updates(False)
           .build())
    app.add_handler(CallbackQueryHandler(handlers.on_callback))
    app.add_handler(MessageHandler(filters.ALL, handlers.on_message))
    app.add_error_handler(handlers.on_error)
    app.bot_data["tracker"] = handlers
    handlers.bot = app.bot
    return app


def quiet_http_logs() -> None:
    # httpx logs every request URL at INFO, and Bot API URLs contain the token.
    logging.getLogger("httpx").setLevel(logging.WARNING)
    logging.getLogger("httpcore").setLevel(logging.WARNING)


async def start_bot(engine: Engine, *, channel: TelegramChannel | None = None, settings: BotSettings | None = None,
                    clock: Callable[[], datetime] = utcnow, poll_timeout: int = 25,
                    retry_seconds: float = 60.0) -> Callable[[], Awaitable[None]]:
    """Start polling in the running loop; returns an async stop().

    A rejected token raises ConfigError at once. If the Bot API server cannot be
    reached (blocked network, proxy down), the bot keeps retrying in the background
    every `retry_seconds` instead of failing: the daemon's reminders must go on.
    """
    from telegram import BotCommand
    from telegram.error import InvalidToken, TelegramError

    quiet_http_logs()
    channel = channel or TelegramChannel.from_env()
    app = build_application(engine, channel, settings=settings, clock=clock, poll_read_timeout=poll_timeout + 10)

    async def initialize() -> None:
        try:
            await app.initialize()
        except InvalidToken:
            # PTB's message contains the token: replace it.
            raise ConfigError("Telegram từ chối mã bot (TRACKER_TELEGRAM_TOKEN không hợp lệ).") from None

    async def run() -> None:
        try:
            await app.bot.set_my_commands([BotCommand(name, desc) for name, desc in COMMANDS])
        except TelegramError as exc:
            log.warning("Không đặt được danh sách lệnh của bot (setMyCommands): %s", exc.__class__.__name__)
        assert app.updater is not None
        await app.updater.start_polling(timeout=poll_timeout, allowed_updates=["message", "callback_query"],
                                        error_callback=lambda exc: log.warning("Lỗi khi nhận tin Telegram: %s",
                                                                               exc.__class__.__name__))
        await app.start()
        app.bot_data["tracker"].go_live()
        log.info("Bot Telegram đang nhận tin (polling)")

    async def retry_later() -> None:
        while True:
            await asyncio.sleep(retry_seconds)
            try:
                await initialize()
            except TelegramError as exc:
                log.warning("Vẫn chưa kết nối được Telegram (%s); thử lại sau %g giây", exc.__class__.__name__,
                            retry_seconds)
                continue
            await run()
            return

    pending: asyncio.Task[None] | None = None
    try:
        await initialize()
    except TelegramError as exc:
        log.warning("Không kết nối được máy chủ Bot API Telegram (%s): kiểm tra TRACKER_TELEGRAM_API_URL và "
                    "TRACKER_TELEGRAM_PROXY; thử lại mỗi %g giây", exc.__class__.__name__, retry_seconds)
        pending = asyncio.create_task(retry_later())
    else:
        await run()

    async def stop() -> None:
        app.bot_data["tracker"].go_offline()
        if pending is not None and not pending.done():
            pending.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await pending
        if app.updater is not None and app.updater.running:
            await app.updater.stop()
        if app.running:
            await app.stop()
        await app.shutdown()
        log.info("Bot Telegram đã dừng")

    return stop


def run_bot(engine: Engine, on_started: Callable[[], None] | None = None) -> None:
    """`tracker bot`: poll until SIGINT/SIGTERM; on_started runs once the settings passed and polling began."""
    if not TelegramChannel.configured():
        raise ConfigError("Chưa đặt TRACKER_TELEGRAM_TOKEN: bot Telegram không thể chạy.")

    from tracker.bot.serve import serve_until_signalled

    serve_until_signalled(lambda: start_bot(engine), on_started)
