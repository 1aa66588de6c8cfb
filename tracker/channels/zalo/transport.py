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
  no answer (network, timeout), HTTP 5xx, error_code 429 or 408, an answer without the platform's envelope (a
  proxy's or captive portal's page, whatever its status) -> transient (retried with backoff);
  401 (the token changed or revoked while running; the start-up check refuses a bad one) -> transient too, the
  rows wait for the new token, with one error line in the log until a send succeeds again;
  403 (the user blocked the bot or cannot receive) or an unknown chat, in the envelope -> permanent +
  unreachable (the person is marked Person.zalo_unreachable; e-mail keeps reaching them); other refusals ->
  permanent;
* DeliveryError.detail is read by officials (the Chairman's digest lists failed messages): Vietnamese, the
  platform's own words quoted after it («…»), never a variable name; the technical cause goes to the log;
* throttling happens inside send(): one message per chat per interval, N per second overall, shared with the
  bot's replies in this process (tracker/channels/zalo/ratelimit.py), so a batch never provokes a 429; a
  chat waiting out its interval does not hold up the others.
"""

from __future__ import annotations

import hashlib
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

    Zalo does not document this answer; it is read as a 400 or 404 in the platform's envelope whose description
    names the chat or the user as not found or invalid (English words: an assumption, docs/zalo.md)."""
    text = exc.description.lower()
    return exc.enveloped and exc.error_code in (400, 404) and \
        any(w in text for w in ("chat", "user", "recipient")) and \
        any(w in text for w in ("not found", "invalid", "not exist", "unknown"))


def chat_unreachable(exc: ZaloApiError) -> bool:
    """The platform itself says this chat cannot be written to: 403 (blocked the bot) or an unknown chat. A
    proxy's 403 page (no envelope) is not the platform's word and says nothing about the chat."""
    return exc.enveloped and (exc.error_code == 403 or unknown_chat(exc))


def _quoted(description: str) -> str:
    """The platform's own words after our Vietnamese sentence, quoted: « … » (one line, at most 200 characters)."""
    words = " ".join(description.replace("«", "").replace("»", "").split())[:200]
    return f" Zalo trả lời: «{words}»." if words else ""


def delivery_error(exc: ZaloApiError | ZaloNetworkError) -> DeliveryError:
    """What the dispatcher does with a failed send. Its detail is stored and shown to officials (the Chairman's
    digest lists failed messages): a Vietnamese sentence, the platform's words if any quoted after it, never a
    variable name nor the text of an HTTP library."""
    if isinstance(exc, ZaloNetworkError):
        if exc.timed_out:
            return DeliveryError("Máy chủ Zalo không trả lời kịp (quá thời gian chờ).", permanent=False)
        return DeliveryError("Không kết nối được máy chủ Zalo (lỗi mạng).", permanent=False)
    code, said = exc.error_code, _quoted(exc.description)
    if not exc.enveloped:  # a proxy's or captive portal's page: not Zalo's answer, try again later
        if exc.http_status >= 500:
            return DeliveryError(f"Máy chủ Zalo hoặc mạng trung gian đang lỗi (mã {code}).", permanent=False)
        return DeliveryError(f"Câu trả lời nhận được không phải của Zalo (mã {code}): mạng có thể đang đòi đăng "
                             "nhập hoặc chặn kết nối.", permanent=False)
    if code == 429:
        return DeliveryError(f"Zalo yêu cầu gửi chậm lại (lỗi 429).{said}", permanent=False)
    if exc.transient:
        return DeliveryError(f"Máy chủ Zalo đang gặp sự cố (lỗi {code}).{said}", permanent=False)
    if code == 403:
        return DeliveryError(f"Zalo từ chối gửi (lỗi 403): người nhận đã chặn bot hoặc không nhận tin.{said}",
                             permanent=True, unreachable=True)
    if unknown_chat(exc):
        return DeliveryError(f"Zalo không tìm thấy cuộc trò chuyện của người nhận (lỗi {code}).{said}",
                             permanent=True, unreachable=True)
    if code == 401:  # the token was changed or revoked while running: the messages wait for the new one
        return DeliveryError("Zalo không nhận mã bot (lỗi 401): mã đã bị đổi hoặc thu hồi, cần cán bộ CNTT cập "
                             "nhật.", permanent=False)
    if code == 408:  # a send that timed out at the platform: not refused, try again
        return DeliveryError(f"Máy chủ Zalo hết thời gian chờ (lỗi 408).{said}", permanent=False)
    return DeliveryError(f"Zalo từ chối tin nhắn (lỗi {code}).{said}", permanent=True)


_token_refused: set[str] = set()  # fingerprints of the tokens a send found refused (401), until one is accepted


def _fingerprint(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()[:16]


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
        self._told: set[str] = set()  # technical causes already logged in this batch

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
        self._told = set()
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
                message_id = await self._client.send_message(chat_id, message.text) or None
            except (ZaloApiError, ZaloNetworkError) as exc:
                self._log_cause(exc)
                raise delivery_error(exc) from None
        fingerprint = _fingerprint(self._token)
        if fingerprint in _token_refused:
            _token_refused.discard(fingerprint)
            log.info("Zalo đã nhận lại mã bot; các tin Zalo gửi tiếp")
        return message_id

    def _log_cause(self, exc: ZaloApiError | ZaloNetworkError) -> None:
        """The technical side of a failure, for the IT officer's log (the row's detail is for officials): a
        token refused once per process until it is accepted again, another cause once per batch."""
        if isinstance(exc, ZaloApiError) and exc.enveloped and exc.error_code == 401:
            fingerprint = _fingerprint(self._token)
            if fingerprint not in _token_refused:
                _token_refused.add(fingerprint)
                log.error("Zalo không nhận mã bot (lỗi 401) khi gửi tin: TRACKER_ZALO_TOKEN đã bị đổi hoặc thu hồi. "
                          "Các tin Zalo được giữ lại và thử lại theo lịch; đặt mã mới trong TRACKER_ZALO_TOKEN rồi "
                          "khởi động lại dịch vụ nhắc việc")
            return
        if isinstance(exc, ZaloNetworkError):
            cause = f"Không kết nối được máy chủ Zalo: {exc.detail}"
        elif not exc.enveloped:
            cause = (f"Câu trả lời không phải của Zalo (HTTP {exc.http_status} {exc.description}): kiểm tra proxy, "
                     "mạng và TRACKER_ZALO_API_URL")
        else:
            return
        if cause not in self._told:
            self._told.add(cause)
            log.warning("%s; tin Zalo sẽ được thử lại", cause)


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
        if not exc.enveloped:
            log.warning("Chưa kiểm tra được mã bot Zalo: câu trả lời không phải của Zalo (HTTP %d), có thể do proxy "
                        "hoặc mạng đòi đăng nhập, hoặc TRACKER_ZALO_API_URL sai; vẫn chạy, tin Zalo sẽ được thử lại",
                        exc.http_status)
            return
        if exc.transient:
            log.warning("Chưa kiểm tra được mã bot Zalo: máy chủ Zalo đang lỗi (%d); vẫn chạy, tin Zalo sẽ được "
                        "thử lại", exc.error_code)
            return
        raise ConfigError(f"Zalo từ chối mã bot TRACKER_ZALO_TOKEN (lỗi {exc.error_code}): kiểm tra lại mã do Zalo "
                          "Bot Creator cấp, và TRACKER_ZALO_API_URL nếu có đặt.") from None
