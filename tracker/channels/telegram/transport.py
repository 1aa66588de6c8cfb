"""Telegram transport: python-telegram-bot (22.x) sending HTML messages with signed buttons.

Configuration (environment only; the token is a secret and is never printed or stored):

* TRACKER_TELEGRAM_TOKEN   the bot token from @BotFather;
* TRACKER_TELEGRAM_API_URL a self-hosted Bot API server, e.g. http://127.0.0.1:8081
  (requests go to {url}/bot<token>/<method>, files to {url}/file/bot<token>/...);
* TRACKER_TELEGRAM_PROXY   http://, https://, socks5:// or socks5h:// proxy.

Contract with the dispatcher:

* ``message.address`` is the numeric chat id; ``message.html`` is Telegram HTML whose
  values the templates already escaped (if None, ``message.text`` is escaped here).
* ``message.buttons``: ``Button(label, data=action)`` with action from
  tracker.bot.callbacks.ACTIONS; send() signs it with the outbox id and the chat id
  (see tracker/bot/callbacks.py). Already-signed data is passed through.
* ``message`` is at most 4,096 characters (``max_length``): the dispatcher sends a longer
  one as numbered parts, each valid HTML on its own (tracker/reminders/split.py);
* send() returns the Telegram message_id as a string, or raises DeliveryError:
  403 (bot blocked, user deactivated) -> permanent + unreachable; 400 (chat not
  found, bad markup) -> permanent; 401/404 invalid token -> permanent; 429 ->
  transient with retry_after; 5xx, timeouts, network errors -> transient.
* Throttling (30 messages/s overall, 1 message/s per chat) happens inside send(), so
  a batch never provokes a 429 from Telegram's limits.
"""

from __future__ import annotations

import hashlib
import html
import os
import re
from collections.abc import Mapping
from datetime import timedelta
from types import TracebackType
from typing import Any, ClassVar, Literal
from urllib.parse import urlsplit

from tracker.channels.base import DeliveryError, Outgoing
from tracker.channels.spec import OpenContext
from tracker.channels.telegram.ratelimit import RateLimiter, limiter_for
from tracker.errors import ConfigError

MAX_TEXT = 4096
_PROXY_SCHEMES = ("http", "https", "socks5", "socks5h")


def _check_url(value: str, what: str, schemes: tuple[str, ...]) -> str:
    parts = urlsplit(value.strip())
    if parts.scheme not in schemes or not parts.hostname:
        raise ConfigError(f"{what} không hợp lệ: cần dạng {schemes[0]}://máy-chủ:cổng "
                          f"(hỗ trợ: {', '.join(s + '://' for s in schemes)}).")
    try:
        parts.port  # noqa: B018 - raises on a bad port
    except ValueError:
        raise ConfigError(f"{what} có cổng không hợp lệ.") from None
    return value.strip().rstrip("/")


def api_urls(api_url: str | None) -> tuple[str, str]:
    """PTB's base_url and base_file_url for a Bot API server root (default: Telegram's)."""
    root = api_url.rstrip("/") if api_url else "https://api.telegram.org"
    return f"{root}/bot", f"{root}/file/bot"


def limiter_key(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()[:16]


class TelegramChannel:
    """One HTTP client per batch: ``async with channel: await channel.send(msg)``."""

    name: ClassVar[str] = "telegram"
    max_length: ClassVar[int | None] = MAX_TEXT  # the dispatcher splits longer messages into parts
    markup: ClassVar[Literal["html", "text"]] = "html"

    def __init__(self, token: str, api_url: str | None = None, proxy: str | None = None, *,
                 limiter: RateLimiter | None = None, timeout: float = 10.0) -> None:
        if not token or not token.strip():
            raise ConfigError("Thiếu TRACKER_TELEGRAM_TOKEN (mã bot Telegram).")
        self._token = token.strip()
        self.api_url = _check_url(api_url, "TRACKER_TELEGRAM_API_URL", ("http", "https")) if api_url else None
        self.proxy = _check_url(proxy, "TRACKER_TELEGRAM_PROXY", _PROXY_SCHEMES) if proxy else None
        self.limiter = limiter or limiter_for(limiter_key(self._token))
        self.timeout = timeout
        self._bot: Any = None
        self._request: Any = None
        from tracker.bot.callbacks import secret_key

        self._key = secret_key(self._token)

    @classmethod
    def from_settings(cls, settings: Mapping[str, str | None], context: OpenContext) -> TelegramChannel:
        return cls(settings["telegram_token"] or "", settings.get("telegram_api_url"), settings.get("telegram_proxy"))

    @classmethod
    def from_env(cls, environ: dict[str, str] | None = None) -> TelegramChannel:
        env = os.environ if environ is None else environ
        return cls(env.get("TRACKER_TELEGRAM_TOKEN", ""), env.get("TRACKER_TELEGRAM_API_URL") or None,
                   env.get("TRACKER_TELEGRAM_PROXY") or None)

    @staticmethod
    def configured(environ: dict[str, str] | None = None) -> bool:
        env = os.environ if environ is None else environ
        return bool(env.get("TRACKER_TELEGRAM_TOKEN", "").strip())

    def __repr__(self) -> str:  # never show the token
        return f"TelegramChannel(api_url={self.api_url!r}, proxy={'set' if self.proxy else None})"

    def make_bot(self) -> Any:
        """A PTB Bot on this channel's server and proxy (requests not yet initialised)."""
        from telegram import Bot
        from telegram.request import HTTPXRequest

        base_url, base_file_url = api_urls(self.api_url)
        self._request = HTTPXRequest(connection_pool_size=8, proxy=self.proxy, read_timeout=self.timeout,
                                     write_timeout=self.timeout, connect_timeout=self.timeout)
        return Bot(self._token, base_url=base_url, base_file_url=base_file_url, request=self._request)

    async def __aenter__(self) -> TelegramChannel:
        # No getMe here: a bad token must surface as a DeliveryError from send(), and
        # PTB's InvalidToken message from initialize() would contain the token.
        self._bot = self.make_bot()
        await self._request.initialize()
        return self

    async def __aexit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                        tb: TracebackType | None) -> None:
        if self._request is not None:
            await self._request.shutdown()
        self._bot = self._request = None

    def _scrub(self, text: str) -> str:
        text = text.replace(self._token, "***")
        if self.proxy:
            text = re.sub(r"//[^/@\s]+@", "//***@", text)
        return text[:500]

    def reply_markup(self, message: Outgoing, chat_id: int) -> Any:
        from telegram import InlineKeyboardButton, InlineKeyboardMarkup

        from tracker.bot.callbacks import ACTIONS, outbox_ref, sign

        if not message.buttons:
            return None
        row = []
        for b in message.buttons:
            data = b.data
            if ":" not in data:
                if data not in ACTIONS:
                    raise DeliveryError(f"Nút «{b.label}» có hành động không hợp lệ: {data!r}.", permanent=True)
                data = sign(data, outbox_ref(message.outbox_id), chat_id, self._key)
            if not 1 <= len(data.encode()) <= 64:
                raise DeliveryError(f"Dữ liệu nút «{b.label}» dài quá 64 byte.", permanent=True)
            row.append(InlineKeyboardButton(b.label, callback_data=data))
        return InlineKeyboardMarkup([row])

    async def send(self, message: Outgoing) -> str | None:
        if self._bot is None:
            raise RuntimeError("TelegramChannel.send() outside `async with channel:`")
        try:
            chat_id = int(str(message.address).strip())
        except ValueError:
            raise DeliveryError(f"Mã cuộc trò chuyện Telegram không hợp lệ: «{message.address}».",
                                permanent=True) from None
        text = wire_text(message)
        markup = self.reply_markup(message, chat_id)
        async with self.limiter.slot(chat_id):
            sent = await self._call(self._bot.send_message(chat_id=chat_id, text=text, parse_mode="HTML",
                                                           reply_markup=markup, link_preview_options=_no_preview()))
        return str(sent.message_id)

    async def _call(self, coro: Any) -> Any:
        """Await a PTB call, turning its exceptions into DeliveryError."""
        from telegram import error as tg

        try:
            return await coro
        except tg.RetryAfter as exc:
            wait = exc._retry_after if isinstance(getattr(exc, "_retry_after", None), timedelta) else None
            seconds = wait.total_seconds() if wait is not None else 30.0
            raise DeliveryError(f"Telegram yêu cầu chờ {seconds:g} giây (429).", permanent=False,
                                retry_after=seconds) from None
        except tg.Forbidden as exc:
            raise DeliveryError(f"Telegram từ chối (403): {self._scrub(exc.message)}", permanent=True,
                                unreachable=True) from None
        except tg.InvalidToken:
            raise DeliveryError("Mã bot Telegram không hợp lệ (401/404): kiểm tra TRACKER_TELEGRAM_TOKEN.",
                                permanent=True) from None
        except tg.BadRequest as exc:
            raise DeliveryError(f"Telegram từ chối yêu cầu (400): {self._scrub(exc.message)}",
                                permanent=True) from None
        except tg.TimedOut:
            raise DeliveryError("Hết thời gian chờ máy chủ Telegram.", permanent=False) from None
        except tg.ChatMigrated as exc:
            raise DeliveryError(f"Nhóm đã chuyển sang mã mới {exc.new_chat_id}.", permanent=True) from None
        except tg.NetworkError as exc:
            raise DeliveryError(f"Lỗi mạng hoặc máy chủ Telegram: {self._scrub(exc.message)}",
                                permanent=False) from None
        except tg.TelegramError as exc:
            raise DeliveryError(f"Lỗi Telegram: {self._scrub(exc.message)}", permanent=False) from None


def wire_text(message: Outgoing) -> str:
    """The text send() gives Telegram for a message: its HTML, or its plain text escaped."""
    return message.html if message.html is not None else html.escape(message.text, quote=False)


def _no_preview() -> Any:
    from telegram import LinkPreviewOptions

    return LinkPreviewOptions(is_disabled=True)
