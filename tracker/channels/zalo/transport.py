"""Zalo transport: plain-text messages through the Zalo Bot Platform (tracker/channels/zalo/client.py).

Configuration (environment; the token is a secret, never printed, logged or stored):

* TRACKER_ZALO_TOKEN    the bot token from Zalo Bot Creator ("{bot id}:{key}");
* TRACKER_ZALO_API_URL  another API root (default https://bot-api.zaloplatforms.com), e.g. a test server;
* [zalo] in tracker.toml: per_chat_interval_seconds (1.0) and overall_per_second (20), the throttle.

Contract with the dispatcher:

* ``message.address`` is the Zalo chat id (a string); ``message.text`` the plain text from the channel's own
  templates (templates/<kind>.zalo.txt.j2), which end with the reply that acts on the message;
* ``message`` is at most 2,000 characters (``max_length``): the dispatcher sends a longer one as numbered
  parts, in order, recording each part sent (tracker/reminders/dispatch.py);
* send() returns the platform's message id, or raises DeliveryError:
  no answer (network, timeout), HTTP 5xx or error_code 429 -> transient (retried with backoff);
  403 (the user blocked the bot or cannot receive) or an unknown chat -> permanent + unreachable (the person is
  marked Person.zalo_unreachable; e-mail keeps reaching them); 401 (token refused) and other refusals ->
  permanent;
* throttling happens inside send(): one message per chat per interval, N per second overall, shared with the
  bot's replies in this process (tracker/channels/zalo/ratelimit.py), so a batch never provokes a 429.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from types import TracebackType
from typing import ClassVar, Literal

from tracker.channels.base import DeliveryError, Outgoing
from tracker.channels.ratelimit import RateLimiter
from tracker.channels.spec import OpenContext, Values
from tracker.channels.zalo.client import MAX_TEXT, ZaloApiError, ZaloClient, ZaloNetworkError
from tracker.channels.zalo.ratelimit import limiter_for
from tracker.errors import ConfigError

log = logging.getLogger("tracker.channels.zalo")


def unknown_chat(exc: ZaloApiError) -> bool:
    """The platform does not know the chat (never talked to the bot, or gone): no later try can reach it.

    Zalo does not document this answer; it is read as a 400 or 404 whose description names the chat or the
    user as not found or invalid."""
    text = exc.description.lower()
    return exc.error_code in (400, 404) and any(w in text for w in ("chat", "user", "recipient")) and \
        any(w in text for w in ("not found", "invalid", "not exist", "unknown"))


def delivery_error(exc: ZaloApiError | ZaloNetworkError) -> DeliveryError:
    """What the dispatcher does with a failed send (its detail is stored and shown to the IT officer)."""
    if isinstance(exc, ZaloNetworkError):
        return DeliveryError(f"Không kết nối được máy chủ Zalo: {exc.detail}", permanent=False)
    code, text = exc.error_code, exc.description
    if code == 429:
        return DeliveryError(f"Zalo yêu cầu gửi chậm lại (429): {text}", permanent=False)
    if exc.transient:
        return DeliveryError(f"Máy chủ Zalo đang lỗi ({code}): {text}", permanent=False)
    if code == 403:
        return DeliveryError(f"Zalo từ chối gửi (403): người nhận đã chặn bot hoặc không nhận tin; {text}",
                             permanent=True, unreachable=True)
    if unknown_chat(exc):
        return DeliveryError(f"Zalo không tìm thấy cuộc trò chuyện ({code}): {text}", permanent=True,
                             unreachable=True)
    if code == 401:
        return DeliveryError("Zalo từ chối mã bot (401): kiểm tra TRACKER_ZALO_TOKEN.", permanent=True)
    if code == 408:  # a send that timed out at the platform: not refused, try again
        return DeliveryError(f"Máy chủ Zalo hết thời gian chờ ({code}): {text}", permanent=False)
    return DeliveryError(f"Zalo từ chối yêu cầu ({code}): {text}", permanent=True)


class ZaloChannel:
    """One HTTP client per batch: ``async with channel: await channel.send(msg)``."""

    name: ClassVar[str] = "zalo"
    max_length: ClassVar[int | None] = MAX_TEXT  # the dispatcher splits longer messages into parts
    markup: ClassVar[Literal["html", "text"]] = "text"

    def __init__(self, token: str, api_url: str | None = None, *, per_chat_interval: float = 1.0,
                 overall_per_second: int = 20, limiter: RateLimiter | None = None, timeout: float = 10.0) -> None:
        if not token or not token.strip():
            raise ConfigError("Thiếu TRACKER_ZALO_TOKEN (mã bot Zalo).")
        self._token = token.strip()
        self.api_url = api_url.strip() if api_url else None
        self.limiter = limiter or limiter_for(self._token, per_chat_interval, overall_per_second)
        self.timeout = timeout
        self._client: ZaloClient | None = None

    @classmethod
    def from_settings(cls, settings: Mapping[str, str | None], context: OpenContext) -> ZaloChannel:
        from tracker.channels.zalo.config import load_zalo_settings

        limits = load_zalo_settings()
        return cls(settings.get("zalo_token") or "", settings.get("zalo_api_url"),
                   per_chat_interval=limits.per_chat_interval_seconds, overall_per_second=limits.overall_per_second)

    def __repr__(self) -> str:  # never the token
        return f"ZaloChannel(api_url={self.api_url!r})"

    async def __aenter__(self) -> ZaloChannel:
        self._client = ZaloClient(self._token, self.api_url, timeout=self.timeout)
        await self._client.__aenter__()
        return self

    async def __aexit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                        tb: TracebackType | None) -> None:
        if self._client is not None:
            await self._client.__aexit__(exc_type, exc, tb)
        self._client = None

    async def send(self, message: Outgoing) -> str | None:
        if self._client is None:
            raise RuntimeError("ZaloChannel.send() outside `async with channel:`")
        chat_id = str(message.address).strip()
        if not chat_id:
            raise DeliveryError("Thiếu mã cuộc trò chuyện Zalo của người nhận.", permanent=True)
        async with self.limiter.slot(chat_id):
            try:
                return await self._client.send_message(chat_id, message.text) or None
            except (ZaloApiError, ZaloNetworkError) as exc:
                raise delivery_error(exc) from None


async def check_token(values: Values) -> None:
    """`tracker run` at start: a token (or an API root) the platform refuses stops it with one line (exit 78).

    No answer at all (the network, the platform down) is not the token's fault: the daemon starts and the
    Zalo messages wait for their retries."""
    token = (values.get("zalo_token") or "").strip()
    if not token:
        return
    try:
        async with ZaloClient(token, values.get("zalo_api_url"), timeout=15.0) as client:
            await client.get_me()
    except ZaloNetworkError as exc:
        log.warning("Chưa kiểm tra được mã bot Zalo (%s); vẫn chạy, tin Zalo sẽ được thử lại", exc.detail)
    except ZaloApiError as exc:
        if exc.transient:
            log.warning("Chưa kiểm tra được mã bot Zalo: máy chủ Zalo đang lỗi (%d); vẫn chạy, tin Zalo sẽ được "
                        "thử lại", exc.error_code)
            return
        raise ConfigError(f"Zalo từ chối mã bot TRACKER_ZALO_TOKEN (lỗi {exc.error_code}): kiểm tra lại mã do Zalo "
                          "Bot Creator cấp, và TRACKER_ZALO_API_URL nếu có đặt.") from None
