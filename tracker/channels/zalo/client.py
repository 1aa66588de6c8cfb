"""A small async client for the Zalo Bot Platform (bot.zaloplatforms.com/docs), on httpx.

Every call is ``POST {api}/bot{TOKEN}/{method}`` with a JSON body; every answer is
``{"ok": true, "result": ...}`` or ``{"ok": false, "error_code": N, "description": "..."}``. The platform's
HTTP status is not relied on: an answer is judged by its envelope; one without it (a proxy's 502 page, a captive
portal's login page in a 200) is not the platform's answer and is always worth another try. getUpdates is a
long poll that returns ONE update, or error_code 408 when nothing arrived in time; ids are strings.

python-telegram-bot cannot speak this API (one update per call, no update_id, string ids), and the Zalo
packages on the package index are a PTB fork or clients of personal accounts: hence this client.

The token is a secret. It is only ever in a request's path; it is not in the client's repr, nor in an
exception's message (whatever httpx puts there is scrubbed), nor in a log line (httpx logs request URLs at
INFO, which tracker.liblog keeps off).

    async with ZaloClient(token, api_url) as zalo:
        me = await zalo.get_me()
        message_id = await zalo.send_message(chat_id, "Xin chào")
"""

from __future__ import annotations

from types import TracebackType
from typing import Any

import httpx

DEFAULT_API_URL = "https://bot-api.zaloplatforms.com"
MAX_TEXT = 2000  # sendMessage: 1 to 2,000 characters
POLL_TIMEOUT = 30  # getUpdates' own default, in seconds
IDLE = 408  # getUpdates: nothing arrived within the timeout


class ZaloApiError(Exception):
    """The platform answered, and refused: its error_code and description, and the HTTP status of the answer.

    An answer without the envelope (an HTML page from a proxy or a captive portal, not the platform's word) has
    error_code = the HTTP status and enveloped = False: it says nothing about the token or the chat, so it is
    transient whatever its status.
    """

    def __init__(self, error_code: int, description: str, http_status: int, *, enveloped: bool = True) -> None:
        super().__init__(f"Zalo API error {error_code}: {description}")
        self.error_code = error_code
        self.description = description
        self.http_status = http_status
        self.enveloped = enveloped

    @property
    def transient(self) -> bool:
        """Worth retrying later: the platform asked to slow down (429) or failed on its side (5xx), or the answer
        did not come from the platform at all (no envelope)."""
        return (not self.enveloped or self.error_code == 429 or self.error_code >= 500
                or self.http_status >= 500)


class ZaloNetworkError(Exception):
    """No answer: the connection failed, timed out (timed_out) or broke. detail never holds the token."""

    def __init__(self, detail: str, *, timed_out: bool = False) -> None:
        super().__init__(detail)
        self.detail = detail
        self.timed_out = timed_out


class ZaloClient:
    """One HTTP connection pool for a batch of calls: use it as ``async with``."""

    def __init__(self, token: str, api_url: str | None = None, *, timeout: float = 10.0,
                 transport: httpx.AsyncBaseTransport | None = None) -> None:
        token = (token or "").strip()
        if not token:
            raise ValueError("a Zalo bot token is required")
        self._token = token
        self.api_url = (api_url or DEFAULT_API_URL).strip().rstrip("/")
        self.timeout = timeout
        self._transport = transport
        self._http: httpx.AsyncClient | None = None

    def __repr__(self) -> str:  # never the token
        return f"ZaloClient(api_url={self.api_url!r})"

    async def __aenter__(self) -> ZaloClient:
        # No proxy from the environment: the commune's proxy settings are for the browser, and a proxy URL
        # could see the token; TRACKER_ZALO_API_URL points elsewhere when needed.
        self._http = httpx.AsyncClient(timeout=self.timeout, transport=self._transport, trust_env=False,
                                       limits=httpx.Limits(max_connections=32, max_keepalive_connections=32))
        return self

    async def __aexit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                        tb: TracebackType | None) -> None:
        if self._http is not None:
            await self._http.aclose()
            self._http = None

    def scrub(self, text: str) -> str:
        """The text without the token (an httpx message may quote the URL), at most 300 characters."""
        return text.replace(self._token, "***")[:300]

    async def call(self, method: str, body: dict[str, Any] | None = None, *, timeout: float | None = None) -> Any:
        """The method's result, or ZaloApiError / ZaloNetworkError."""
        if self._http is None:
            raise RuntimeError("ZaloClient used outside `async with`")
        url = f"{self.api_url}/bot{self._token}/{method}"
        try:
            response = await self._http.post(url, json=body or {},
                                              timeout=self.timeout if timeout is None else timeout)
        except httpx.TimeoutException:
            raise ZaloNetworkError(f"hết thời gian chờ máy chủ Zalo ({method})", timed_out=True) from None
        except httpx.HTTPError as exc:
            detail = self.scrub(str(exc)) or exc.__class__.__name__
            raise ZaloNetworkError(f"lỗi mạng khi gọi {method}: {detail}") from None
        try:
            payload = response.json()
        except ValueError:
            payload = None
        if not isinstance(payload, dict) or "ok" not in payload:
            status = response.status_code  # a proxy's or a captive portal's page, a redirect to a login page...
            raise ZaloApiError(status, self.scrub(response.reason_phrase or "no Zalo envelope"), status,
                               enveloped=False)
        if payload.get("ok") is True:
            return payload.get("result")
        try:
            code = int(payload.get("error_code") or response.status_code)
        except (TypeError, ValueError):
            code = response.status_code
        description = self.scrub(str(payload.get("description") or ""))
        raise ZaloApiError(code, description, response.status_code)

    # ------------------------------------------------------------ methods

    async def get_me(self) -> dict[str, Any]:
        """The bot's own account ({"id", "account_name", ...}): checks the token."""
        result = await self.call("getMe")
        return result if isinstance(result, dict) else {}

    async def get_updates(self, timeout: int = POLL_TIMEOUT) -> dict[str, Any] | None:
        """The next update (one), or None when nothing arrived within `timeout` seconds (the platform's 408)."""
        try:
            result = await self.call("getUpdates", {"timeout": str(int(timeout))}, timeout=timeout + self.timeout)
        except ZaloApiError as exc:
            if exc.error_code == IDLE:
                return None
            raise
        return result if isinstance(result, dict) and result else None

    async def send_message(self, chat_id: str, text: str) -> str:
        """Send plain text (1 to 2,000 characters) to a chat; the platform's message id."""
        result = await self.call("sendMessage", {"chat_id": str(chat_id), "text": text})
        message_id = result.get("message_id") if isinstance(result, dict) else None
        return str(message_id) if message_id is not None else ""

    async def set_webhook(self, url: str, secret_token: str) -> dict[str, Any]:
        result = await self.call("setWebhook", {"url": url, "secret_token": secret_token})
        return result if isinstance(result, dict) else {}

    async def delete_webhook(self) -> dict[str, Any]:
        result = await self.call("deleteWebhook")
        return result if isinstance(result, dict) else {}

    async def get_webhook_info(self) -> dict[str, Any]:
        result = await self.call("getWebhookInfo")
        return result if isinstance(result, dict) else {}
