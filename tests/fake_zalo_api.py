"""A fake Zalo Bot Platform server on 127.0.0.1 for tests and benchmarks.

It answers like bot.zaloplatforms.com/docs: ``POST /bot<token>/<method>`` with a JSON body, and
``{"ok": true, "result": ...}`` or ``{"ok": false, "error_code": N, "description": "..."}`` (the HTTP status is
the error code, unless a scripted failure says otherwise: the client must judge by the envelope). Ids are
strings, dates milliseconds.

What it does beyond answering:

* ``getUpdates`` is a long poll returning ONE update (``{"event_name": "message.text.received", "message":
  {...}}``), or error_code 408 when nothing arrived within the timeout (capped at ``max_poll`` seconds);
* ``sendMessage`` takes plain text of 1 to 2,000 characters (400 beyond), to a chat it knows: every chat is
  known unless ``forget(chat)`` made it unknown (400 "chat not found"), and ``block(chat)`` answers 403;
* limits, the issue's conservative guess at the platform's (unpublished) ones: at most ``per_chat_per_second``
  (1) message per chat and ``overall_per_second`` (20) overall in any 1-second window; excess gets 429 and is
  counted in ``too_many``;
* scripting: ``fail_next(...)`` answers the next matching call(s) with an error (429, 5xx, 403, ...), optionally
  with another HTTP status (``http_status=200``: an error in a 200 answer); ``hold_next(...)`` carries out a
  matching call and keeps its answer until released, as a process dying mid-call would never receive it;
* webhook mode: ``setWebhook`` stores the url and secret; while one is set, ``getUpdates`` is refused (409,
  polling and a webhook cannot be used at once) and every injected update is POSTed to the url with the
  ``X-Bot-Api-Secret-Token`` header, as the envelope ``{"ok": true, "result": update}``; each POST's HTTP status
  is recorded in ``webhook_posts``;
* records every accepted message (``sent``) and call (``calls``) for assertions, with ``wait_for`` helpers.

It runs in a thread (ThreadingHTTPServer), so sync and async tests can use it. Time is ``time.monotonic`` for
limits (time-machine leaves it alone) and ``time.time`` for message dates.
"""

from __future__ import annotations

import itertools
import json
import re
import threading
import time
import urllib.error
import urllib.request
from collections import defaultdict, deque
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

TOKEN = "1459232241454765289:TEST-zalo_token-for-the-fake-server"
BOT = {"id": "1459232241454765289", "account_name": "bot.TrackerTest", "account_type": "BASIC",
       "can_join_groups": False}
MAX_TEXT = 2000
SENDING = {"sendMessage", "sendPhoto", "sendSticker", "sendChatAction"}


@dataclass
class Failure:
    error_code: int
    method: str | None = None
    chat_id: str | None = None
    description: str | None = None
    count: int = 1
    skip: int = 0  # matching calls to serve before this failure applies
    http_status: int | None = None  # None: the error code (a 200 with an error body when told 200)


@dataclass
class Hold:
    """A call the platform has carried out (a message sent is delivered and counted) whose answer is kept
    waiting: `reached` is set when it arrives; release() answers it. A process killed meanwhile never learns
    that its message went out."""

    method: str | None
    chat_id: str | None
    skip: int = 0
    reached: threading.Event = field(default_factory=threading.Event)
    released: threading.Event = field(default_factory=threading.Event)
    error_code: int | None = None  # answer with this error instead of the result

    def release(self, error_code: int | None = None) -> None:
        self.error_code = error_code
        self.released.set()


_DESCRIPTIONS = {
    400: "Bad Request",
    401: "Unauthorized: invalid bot token",
    403: "Forbidden: the user has blocked the bot or cannot receive messages",
    404: "Not Found",
    408: "Request timeout: no update",
    409: "Conflict: webhook is active, delete it before calling getUpdates",
    429: "Too Many Requests",
    500: "Internal Server Error",
    502: "Bad Gateway",
    503: "Service Unavailable",
}


class _Refusal(Exception):
    def __init__(self, error_code: int, description: str | None = None) -> None:
        super().__init__(description)
        self.error_code = error_code
        self.description = description or _DESCRIPTIONS.get(error_code, "Error")


@dataclass
class FakeZaloApi:
    token: str = TOKEN
    overall_per_second: int = 20
    per_chat_per_second: int = 1
    max_poll: float = 0.5
    host: str = "127.0.0.1"
    port: int = 0
    sent: list[dict[str, Any]] = field(default_factory=list)
    calls: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
    too_many: int = 0  # 429 answers caused by the limits (not scripted ones)
    refused: list[tuple[int, str, dict[str, Any]]] = field(default_factory=list)  # (error_code, method, params)
    webhook_url: str = ""
    webhook_secret: str | None = None
    webhook_posts: list[tuple[int, dict[str, Any]]] = field(default_factory=list)  # (HTTP status or 0, update)

    def __post_init__(self) -> None:
        self._lock = threading.Condition()
        self._failures: list[Failure] = []
        self._holds: list[Hold] = []
        self._blocked: set[str] = set()
        self._unknown: set[str] = set()
        self._updates: deque[dict[str, Any]] = deque()
        self._overall: deque[float] = deque()
        self._per_chat: dict[str, deque[float]] = defaultdict(deque)
        self._ids = itertools.count(1)
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None
        self._pusher: threading.Thread | None = None
        self._stopping = False

    # ------------------------------------------------------------ lifecycle

    @property
    def url(self) -> str:
        """Root to give TRACKER_ZALO_API_URL."""
        assert self._server is not None
        return f"http://{self.host}:{self._server.server_address[1]}"

    def start(self) -> FakeZaloApi:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            disable_nagle_algorithm = True  # else a delayed ACK adds ~40 ms to every answer

            def log_message(self, format: str, *args: Any) -> None:
                pass

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length)
                status, payload = fake.handle(self.path, body)
                data = json.dumps(payload, ensure_ascii=False).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                try:
                    self.wfile.write(data)
                except (BrokenPipeError, ConnectionResetError):  # the client gave up (e.g. polling stopped)
                    self.close_connection = True

            def do_GET(self) -> None:
                self.do_POST()

        server = ThreadingHTTPServer((self.host, self.port), Handler)
        server.daemon_threads = True
        self._server = server
        self._thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05},
                                        name="fake-zalo-api", daemon=True)
        self._thread.start()
        self._pusher = threading.Thread(target=self._push_webhooks, name="fake-zalo-webhook", daemon=True)
        self._pusher.start()
        return self

    def stop(self) -> None:
        with self._lock:
            self._stopping = True
            self._lock.notify_all()
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def __enter__(self) -> FakeZaloApi:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # ------------------------------------------------------------ scripting

    def fail_next(self, error_code: int, *, method: str | None = "sendMessage", chat_id: str | None = None,
                  description: str | None = None, count: int = 1, skip: int = 0,
                  http_status: int | None = None) -> None:
        """Answer the next `count` matching calls (after `skip` served ones) with this error instead of serving
        them; http_status: the HTTP status of that answer (default: the error code)."""
        with self._lock:
            self._failures.append(Failure(error_code, method, chat_id, description, count, skip, http_status))

    def clear_failures(self) -> None:
        """Drop every scripted failure not yet served (an outage ends)."""
        with self._lock:
            self._failures.clear()

    def hold_next(self, *, method: str | None = "sendMessage", chat_id: str | None = None, skip: int = 0) -> Hold:
        """Carry out the next matching call (after `skip` served ones) but keep its answer until the returned hold is
        released."""
        hold = Hold(method, chat_id, skip)
        with self._lock:
            self._holds.append(hold)
        return hold

    def block(self, chat_id: str) -> None:
        """The user blocked the bot: every send to the chat gets 403."""
        with self._lock:
            self._blocked.add(str(chat_id))

    def unblock(self, chat_id: str) -> None:
        with self._lock:
            self._blocked.discard(str(chat_id))

    def forget(self, chat_id: str) -> None:
        """The platform does not know this chat (never talked to the bot, or gone): sends get 400 chat not found."""
        with self._lock:
            self._unknown.add(str(chat_id))

    def inject_text(self, chat_id: str, text: str, *, display_name: str = "Người dùng",
                    chat_type: str = "PRIVATE", user_id: str | None = None) -> str:
        """A user writes `text` to the bot in a chat; returns the message id."""
        message_id = self._new_id()
        message = {"message_id": message_id,
                   "from": {"id": str(user_id or chat_id), "display_name": display_name, "is_bot": False},
                   "chat": {"id": str(chat_id), "chat_type": chat_type},
                   "date": int(time.time() * 1000), "text": text}
        self.inject_update({"event_name": "message.text.received", "message": message})
        return message_id

    def inject_update(self, update: dict[str, Any]) -> None:
        """Any update as the platform sends it (e.g. "message.sticker.received")."""
        with self._lock:
            self._updates.append(update)
            self._lock.notify_all()

    def _new_id(self) -> str:
        return f"{next(self._ids):020x}"

    # ------------------------------------------------------------ assertions

    def messages_to(self, chat_id: str) -> list[dict[str, Any]]:
        with self._lock:
            return [m for m in self.sent if m["chat_id"] == str(chat_id)]

    def wait_for(self, predicate: Callable[[], Any], timeout: float = 10.0) -> Any:
        """Block until predicate() is truthy (re-checked on every API call); raise on timeout."""
        deadline = time.monotonic() + timeout
        with self._lock:
            while True:
                value = predicate()
                if value:
                    return value
                left = deadline - time.monotonic()
                if left <= 0:
                    raise AssertionError("fake Zalo API: condition not met; calls so far: "
                                         f"{[c[0] for c in self.calls[-15:]]}")
                self._lock.wait(min(left, 0.1))

    def wait_message(self, chat_id: str, after: int = 0, timeout: float = 10.0) -> dict[str, Any]:
        """The first message sent to chat_id beyond the first `after` ones."""
        def found() -> dict[str, Any] | None:
            msgs = [m for m in self.sent if m["chat_id"] == str(chat_id)]
            return msgs[after] if len(msgs) > after else None
        return self.wait_for(found, timeout)

    def wait_consumed(self, timeout: float = 10.0) -> None:
        """Until every injected update has been taken (by getUpdates or a webhook POST)."""
        self.wait_for(lambda: not self._updates, timeout)

    # ------------------------------------------------------------ serving

    def handle(self, path: str, body: bytes) -> tuple[int, dict[str, Any]]:
        m = re.match(r"^/bot([^/]+)/([A-Za-z]+)$", path)
        if not m:
            return 404, {"ok": False, "error_code": 404, "description": "Not Found"}
        token, method = m.groups()
        try:
            params = dict(json.loads(body or b"{}"))
        except (ValueError, TypeError):
            return 400, {"ok": False, "error_code": 400, "description": "Bad Request: body is not JSON"}
        with self._lock:
            self.calls.append((method, params))
            self._lock.notify_all()
            if token != self.token:
                return self._error(401, None, method, params)
            hold = self._held(method, params)
        answer = self._answer(method, params)
        if hold is not None:
            hold.reached.set()
            hold.released.wait(30)
            if hold.error_code is not None:
                with self._lock:
                    return self._error(hold.error_code, None, method, params)
        return answer

    def _answer(self, method: str, params: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        with self._lock:
            scripted = self._scripted(method, params)
        if scripted is not None:
            return scripted
        if method == "getUpdates":
            return self._get_updates(params)
        with self._lock:
            try:
                result = self._serve(method, params)
            except _Refusal as r:
                self._lock.notify_all()
                return self._error(r.error_code, r.description, method, params)
            self._lock.notify_all()
            return 200, {"ok": True, "result": result}

    def _error(self, code: int, description: str | None, method: str, params: dict[str, Any],
               http_status: int | None = None) -> tuple[int, dict[str, Any]]:
        if code != 408:  # an idle poll is no refusal
            self.refused.append((code, method, params))
        return (http_status or code), {"ok": False, "error_code": code,
                                       "description": description or _DESCRIPTIONS.get(code, "Error")}

    def _held(self, method: str, params: dict[str, Any]) -> Hold | None:
        chat = params.get("chat_id")
        for h in self._holds:
            if (h.method is None or h.method == method) and (h.chat_id is None or h.chat_id == chat):
                if h.skip > 0:
                    h.skip -= 1
                    return None
                self._holds.remove(h)
                return h
        return None

    def _scripted(self, method: str, params: dict[str, Any]) -> tuple[int, dict[str, Any]] | None:
        chat = params.get("chat_id")
        for f in self._failures:
            if (f.method is None or f.method == method) and (f.chat_id is None or f.chat_id == chat):
                if f.skip > 0:
                    f.skip -= 1
                    continue
                f.count -= 1
                if f.count <= 0:
                    self._failures.remove(f)
                return self._error(f.error_code, f.description, method, params, f.http_status)
        if method in SENDING and isinstance(chat, str) and chat in self._blocked:
            return self._error(403, None, method, params)
        return None

    def _limit(self, chat_id: str) -> None:
        now = time.monotonic()
        while self._overall and self._overall[0] <= now - 1.0:
            self._overall.popleft()
        q = self._per_chat[chat_id]
        while q and q[0] <= now - 1.0:
            q.popleft()
        if len(self._overall) >= self.overall_per_second or len(q) >= self.per_chat_per_second:
            self.too_many += 1
            raise _Refusal(429, "Too Many Requests: slow down")
        self._overall.append(now)
        q.append(now)

    def _serve(self, method: str, p: dict[str, Any]) -> Any:
        now_ms = int(time.time() * 1000)
        if method == "getMe":
            return BOT
        if method == "setWebhook":
            url, secret = p.get("url"), p.get("secret_token")
            if not isinstance(url, str) or not re.match(r"^https?://", url):
                raise _Refusal(400, "Bad Request: url must be an HTTPS URL")
            if not isinstance(secret, str) or not 8 <= len(secret) <= 256:
                raise _Refusal(400, "Bad Request: secret_token must be 8 to 256 characters")
            self.webhook_url, self.webhook_secret = url, secret
            return {"url": url, "updated_at": now_ms}
        if method == "deleteWebhook":
            self.webhook_url, self.webhook_secret = "", None
            return {"url": "", "updated_at": now_ms}
        if method == "getWebhookInfo":
            return {"url": self.webhook_url, "updated_at": now_ms}
        if method == "sendMessage":
            return self._send_message(p)
        if method == "sendChatAction":
            self._chat(p)
            return True
        raise _Refusal(404, f"Not Found: method {method}")

    def _chat(self, p: dict[str, Any]) -> str:
        chat = p.get("chat_id")
        if not isinstance(chat, str) or not chat:
            raise _Refusal(400, "Bad Request: chat_id must be a non-empty string")
        if chat in self._unknown:
            raise _Refusal(400, "Bad Request: chat not found")
        return chat

    def _send_message(self, p: dict[str, Any]) -> dict[str, Any]:
        chat = self._chat(p)
        text = p.get("text")
        if not isinstance(text, str) or not text:
            raise _Refusal(400, "Bad Request: text must be 1 to 2000 characters")
        if len(text) > MAX_TEXT:
            raise _Refusal(400, "Bad Request: text is too long (at most 2000 characters)")
        self._limit(chat)
        message_id, date = self._new_id(), int(time.time() * 1000)
        self.sent.append({"chat_id": chat, "message_id": message_id, "text": text, "at": time.monotonic()})
        return {"message_id": message_id, "date": date}

    def _get_updates(self, p: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        try:
            wait = min(float(p.get("timeout") or 30), self.max_poll)
        except (TypeError, ValueError):
            wait = self.max_poll
        deadline = time.monotonic() + wait
        with self._lock:
            if self.webhook_url:
                return self._error(409, None, "getUpdates", p)
            while not self._updates and not self._stopping and not self.webhook_url:
                left = deadline - time.monotonic()
                if left <= 0:
                    break
                self._lock.wait(left)
            if not self._updates or self.webhook_url:
                return self._error(408, None, "getUpdates", p)
            update = self._updates.popleft()
            self._lock.notify_all()
            return 200, {"ok": True, "result": update}

    # ------------------------------------------------------------ webhook mode

    def post_to_webhook(self, body: dict[str, Any], secret: str | None) -> int:
        """POST a body to the webhook url as the platform would (secret None: no header); the HTTP status, 0 when
        the connection failed."""
        data = json.dumps(body, ensure_ascii=False).encode()
        request = urllib.request.Request(self.webhook_url, data=data, method="POST",
                                         headers={"Content-Type": "application/json"})
        if secret is not None:
            request.add_header("X-Bot-Api-Secret-Token", secret)
        try:
            with urllib.request.urlopen(request, timeout=10) as answer:
                return int(answer.status)
        except urllib.error.HTTPError as exc:
            return int(exc.code)
        except OSError:
            return 0

    def _push_webhooks(self) -> None:
        """While a webhook is set, POST each injected update to it; a refused or failed POST is tried again
        (three times in all, as a platform retries), then dropped."""
        while True:
            with self._lock:
                while not self._stopping and not (self.webhook_url and self._updates):
                    self._lock.wait(0.2)
                if self._stopping:
                    return
                update = self._updates.popleft()
                secret = self.webhook_secret
                self._lock.notify_all()
            for _attempt in range(3):
                status = self.post_to_webhook({"ok": True, "result": update}, secret)
                with self._lock:
                    self.webhook_posts.append((status, update))
                    self._lock.notify_all()
                if status == 200:
                    break
                time.sleep(0.2)


class FakePortal:
    """What may sit between the commune and the platform: every POST gets a page that is not the platform's
    answer (a captive portal's login page in a 200, a redirect to it, a proxy's 403 or 502). Point
    TRACKER_ZALO_API_URL (or a client's api_url) at .url; close() when done."""

    def __init__(self, status: int = 200) -> None:
        class Handler(BaseHTTPRequestHandler):
            def log_message(self, format: str, *args: Any) -> None:
                pass

            def do_POST(self) -> None:
                self.rfile.read(int(self.headers.get("Content-Length") or 0))
                page = "<html><body>Đăng nhập Wi-Fi xã Cam Hiệp</body></html>".encode()
                self.send_response(status)
                if status == 302:
                    self.send_header("Location", "http://portal.example.invalid/login")
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Content-Length", str(len(page)))
                self.end_headers()
                self.wfile.write(page)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, name="fake-portal",
                         daemon=True).start()
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()
