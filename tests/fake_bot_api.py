"""A fake Telegram Bot API server on 127.0.0.1 for tests and benchmarks.

It answers like https://core.telegram.org/bots/api: ``POST /bot<token>/<method>``
with form-encoded parameters (non-string values JSON-encoded), replies
``{"ok": true, "result": ...}`` or ``{"ok": false, "error_code": ..., "description": ...}``
with the real HTTP status (python-telegram-bot judges by the status alone).

What it does beyond answering:

* enforces Telegram's limits on sent messages (sendMessage; edits are not counted): ``overall_per_second`` (30) in any
  1-second window and ``per_chat_per_second`` (1) per chat; excess gets
  429 with ``parameters.retry_after`` and is counted in ``too_many``;
* can be scripted: ``fail_next(...)`` answers the next matching call(s) with
  429 / 5xx / 400 / 403 (``skip``: after letting that many through); ``hold_next(...)``
  keeps a matching call waiting until released, as a process dying mid-call would;
  ``block(chat_id)`` answers 403 "bot was blocked by the user" for that chat until ``unblock``;
* validates HTML parse mode like Telegram (unknown tags or a bare ``<`` / ``&``
  -> 400 "can't parse entities"), stores the text as the user would read it;
* serves updates you inject (``inject_message`` / ``inject_callback``) through
  ``getUpdates`` long polling (capped at ``max_poll`` seconds);
* records every accepted message (``sent``), edit (``edits``) and callback answer
  (``answers``) for assertions, and has ``wait_for`` helpers.

It runs in a thread (ThreadingHTTPServer), so sync and async tests can use it.
Time is ``time.monotonic`` for limits (time-machine leaves it alone) and
``time.time`` for message dates.
"""

from __future__ import annotations

import html
import json
import re
import threading
import time
from collections import defaultdict, deque
from collections.abc import Callable
from dataclasses import dataclass, field
from html.parser import HTMLParser
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs

TOKEN = "123456789:TEST-token_for-the-fake-server"
BOT_USER = {"id": 123456789, "is_bot": True, "first_name": "Tracker", "username": "tracker_test_bot",
            "can_join_groups": False, "can_read_all_group_messages": False, "supports_inline_queries": False}
_JSON_FIELDS = {"chat_id", "message_id", "reply_markup", "offset", "limit", "timeout", "allowed_updates",
                "commands", "show_alert", "cache_time", "drop_pending_updates", "link_preview_options",
                "disable_notification", "protect_content", "reply_parameters", "entities", "scope"}
_ALLOWED_TAGS = {"b", "strong", "i", "em", "u", "ins", "s", "strike", "del", "a", "code", "pre",
                 "tg-spoiler", "span", "blockquote", "tg-emoji"}
_SENDING = {"sendMessage", "editMessageText", "editMessageReplyMarkup", "sendDocument", "sendPhoto"}


class HtmlError(ValueError):
    pass


class _TelegramHtml(HTMLParser):
    """Telegram's HTML subset: the plain text a user would read, or HtmlError."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.out: list[str] = []
        self.stack: list[str] = []

    def handle_starttag(self, tag: str, attrs: Any) -> None:
        if tag not in _ALLOWED_TAGS:
            raise HtmlError(f"Unsupported start tag \"{tag}\"")
        self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if not self.stack or self.stack[-1] != tag:
            raise HtmlError(f"Unmatched end tag \"{tag}\"")
        self.stack.pop()

    def handle_data(self, data: str) -> None:
        if "<" in data or ">" in data or "&" in data:
            raise HtmlError("Unexpected character in text")
        self.out.append(data)

    def handle_entityref(self, name: str) -> None:
        if name not in ("lt", "gt", "amp", "quot"):
            raise HtmlError(f"Unsupported entity \"&{name};\"")
        self.out.append(html.unescape(f"&{name};"))

    def handle_charref(self, name: str) -> None:
        self.out.append(html.unescape(f"&#{name};"))


def html_to_text(text: str) -> str:
    # HTMLParser treats "a < b" as data; Telegram refuses it, so check bare specials first.
    if re.search(r"<(?![a-zA-Z/])", text) or re.search(r"&(?![a-zA-Z]+;|#\d+;|#x[0-9a-fA-F]+;)", text):
        raise HtmlError("Unexpected character")
    p = _TelegramHtml()
    p.feed(text)
    p.close()
    if p.stack:
        raise HtmlError(f"Can't find end tag corresponding to start tag \"{p.stack[-1]}\"")
    return "".join(p.out)


@dataclass
class Failure:
    status: int
    method: str | None = None
    chat_id: int | None = None
    retry_after: int | None = None
    description: str | None = None
    count: int = 1
    skip: int = 0  # matching calls to serve before this failure applies


@dataclass
class Hold:
    """A call kept waiting at the server: `reached` is set when it arrives; release() answers it."""

    method: str | None
    chat_id: int | None
    skip: int = 0
    reached: threading.Event = field(default_factory=threading.Event)
    released: threading.Event = field(default_factory=threading.Event)
    status: int | None = None  # answer with this error status instead of serving the call

    def release(self, status: int | None = None) -> None:
        self.status = status
        self.released.set()


@dataclass
class FakeBotApi:
    token: str = TOKEN
    overall_per_second: int = 30
    per_chat_per_second: int = 1
    max_poll: float = 0.5
    host: str = "127.0.0.1"
    port: int = 0
    sent: list[dict[str, Any]] = field(default_factory=list)
    edits: list[dict[str, Any]] = field(default_factory=list)
    answers: list[dict[str, Any]] = field(default_factory=list)
    calls: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
    commands: list[dict[str, Any]] = field(default_factory=list)
    too_many: int = 0  # 429 answers caused by the limits (not scripted ones)
    refused: list[tuple[int, str, dict[str, Any]]] = field(default_factory=list)  # (status, method, params)

    def __post_init__(self) -> None:
        self._lock = threading.Condition()
        self._failures: list[Failure] = []
        self._holds: list[Hold] = []
        self._blocked: set[int] = set()
        self._messages: dict[tuple[int, int], dict[str, Any]] = {}
        self._next_message_id: dict[int, int] = defaultdict(lambda: 1)
        self._updates: list[dict[str, Any]] = []
        self._next_update_id = 1
        self._overall: deque[float] = deque()
        self._per_chat: dict[int, deque[float]] = defaultdict(deque)
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None
        self._callback_ids = 0
        self._all_updates: list[dict[str, Any]] = []
        self._stopping = False

    # ------------------------------------------------------------ lifecycle

    @property
    def url(self) -> str:
        """Root to give TRACKER_TELEGRAM_API_URL."""
        assert self._server is not None
        return f"http://{self.host}:{self._server.server_address[1]}"

    def start(self) -> FakeBotApi:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            disable_nagle_algorithm = True  # else a delayed ACK adds ~40 ms to every answer

            def log_message(self, format: str, *args: Any) -> None:
                pass

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length)
                status, payload = fake.handle(self.path, self.headers.get("Content-Type", ""), body)
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
                                        name="fake-bot-api", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        with self._lock:
            self._stopping = True
            self._lock.notify_all()
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def __enter__(self) -> FakeBotApi:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # ------------------------------------------------------------ scripting

    def fail_next(self, status: int, *, method: str | None = "sendMessage", chat_id: int | None = None,
                  retry_after: int | None = None, description: str | None = None, count: int = 1,
                  skip: int = 0) -> None:
        """Answer the next `count` matching calls (after `skip` served ones) with this error instead of serving them."""
        with self._lock:
            self._failures.append(Failure(status, method, chat_id, retry_after, description, count, skip))

    def hold_next(self, *, method: str | None = "sendMessage", chat_id: int | None = None, skip: int = 0) -> Hold:
        """Keep the next matching call (after `skip` served ones) waiting until the returned hold is released."""
        hold = Hold(method, chat_id, skip)
        with self._lock:
            self._holds.append(hold)
        return hold

    def block(self, chat_id: int) -> None:
        """The user blocked the bot: every send to the chat gets 403."""
        with self._lock:
            self._blocked.add(int(chat_id))

    def unblock(self, chat_id: int) -> None:
        with self._lock:
            self._blocked.discard(int(chat_id))

    def inject_message(self, chat_id: int, text: str, *, first_name: str = "Người dùng",
                       user_id: int | None = None, chat_type: str = "private") -> int:
        """A user writes to the bot in a chat (private unless chat_type says "group" etc.); returns the update id."""
        user = {"id": user_id or chat_id, "is_bot": False, "first_name": first_name, "language_code": "vi"}
        chat: dict[str, Any] = {"id": chat_id, "type": chat_type}
        chat.update({"first_name": first_name} if chat_type == "private" else {"title": "Nhóm"})
        with self._lock:
            mid = self._next_message_id[chat_id]
            self._next_message_id[chat_id] += 1
            message: dict[str, Any] = {"message_id": mid, "from": user, "date": int(time.time()),
                                       "chat": chat, "text": text}
            if text.startswith("/"):
                cmd = text.split()[0]
                message["entities"] = [{"type": "bot_command", "offset": 0, "length": len(cmd)}]
            return self._push({"message": message})

    def inject_callback(self, chat_id: int, message_id: int, data: str, *, user_id: int | None = None,
                        first_name: str = "Người dùng", chat_type: str = "private") -> int:
        """A user presses an inline button under one of the bot's messages in their chat (or a group's)."""
        with self._lock:
            original = self._messages.get((chat_id, message_id))
            message = dict(original["message"]) if original else {
                "message_id": message_id, "date": int(time.time()), "chat": {"id": chat_id, "type": "private"},
                "from": BOT_USER, "text": "?"}
            message["chat"] = dict(message["chat"], type=chat_type)
            self._callback_ids += 1
            query = {"id": str(900000 + self._callback_ids), "chat_instance": f"ci{chat_id}",
                     "from": {"id": user_id or chat_id, "is_bot": False, "first_name": first_name},
                     "message": message, "data": data}
            return self._push({"callback_query": query})

    def _push(self, update: dict[str, Any]) -> int:
        uid = self._next_update_id
        self._next_update_id += 1
        update["update_id"] = uid
        self._updates.append(update)
        self._all_updates.append(update)
        self._lock.notify_all()
        return uid

    # ------------------------------------------------------------ assertions

    def messages_to(self, chat_id: int) -> list[dict[str, Any]]:
        with self._lock:
            return [m for m in self.sent if m["chat_id"] == chat_id]

    def message(self, chat_id: int, message_id: int) -> dict[str, Any]:
        """The message as it stands now (after edits)."""
        with self._lock:
            return self._messages[(chat_id, message_id)]["message"]

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
                    raise AssertionError("fake Bot API: condition not met; calls so far: "
                                         f"{[c[0] for c in self.calls[-15:]]}")
                self._lock.wait(min(left, 0.1))

    def wait_message(self, chat_id: int, after: int = 0, timeout: float = 10.0) -> dict[str, Any]:
        """The first message sent to chat_id beyond the first `after` ones."""
        def found() -> dict[str, Any] | None:
            msgs = [m for m in self.sent if m["chat_id"] == chat_id]
            return msgs[after] if len(msgs) > after else None
        return self.wait_for(found, timeout)

    def wait_answer(self, callback_update: int, timeout: float = 10.0) -> dict[str, Any]:
        qid = str(900000 + self._callback_index(callback_update))
        return self.wait_for(lambda: next((a for a in self.answers if a["callback_query_id"] == qid), None),
                             timeout)

    def _callback_index(self, update_id: int) -> int:
        with self._lock:
            for u in self._all_updates:
                if u["update_id"] == update_id:
                    return int(u["callback_query"]["id"]) - 900000
        raise KeyError(update_id)

    def wait_consumed(self, timeout: float = 10.0) -> None:
        """Until the bot has confirmed every injected update (by polling with a later offset)."""
        self.wait_for(lambda: not self._updates, timeout)

    # ------------------------------------------------------------ serving

    def handle(self, path: str, content_type: str, body: bytes) -> tuple[int, dict[str, Any]]:
        m = re.match(r"^/bot([^/]+)/([A-Za-z]+)$", path)
        if not m:
            return 404, {"ok": False, "error_code": 404, "description": "Not Found"}
        token, method = m.groups()
        if token != self.token:
            return 401, {"ok": False, "error_code": 401, "description": "Unauthorized"}
        params = self._params(content_type, body)
        with self._lock:
            self.calls.append((method, params))
            self._lock.notify_all()
            hold = self._held(method, params)
        if hold is not None:
            hold.reached.set()
            hold.released.wait(30)
            if hold.status is not None:
                with self._lock:
                    self.refused.append((hold.status, method, params))
                return hold.status, {"ok": False, "error_code": hold.status,
                                     "description": _DESCRIPTIONS.get(hold.status, "Error")}
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
                self.refused.append((r.status, method, params))
                self._lock.notify_all()
                return r.status, r.payload
            self._lock.notify_all()
            return 200, {"ok": True, "result": result}

    @staticmethod
    def _params(content_type: str, body: bytes) -> dict[str, Any]:
        if content_type.startswith("application/json"):
            return dict(json.loads(body or b"{}"))
        raw = {k: v[0] for k, v in parse_qs(body.decode(), keep_blank_values=True).items()}
        out: dict[str, Any] = {}
        for k, v in raw.items():
            if k in _JSON_FIELDS:
                try:
                    out[k] = json.loads(v)
                    continue
                except ValueError:
                    pass
            out[k] = v
        return out

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
                payload: dict[str, Any] = {"ok": False, "error_code": f.status,
                                           "description": f.description or _DESCRIPTIONS.get(f.status, "Error")}
                if f.status == 429:
                    payload["parameters"] = {"retry_after": f.retry_after or 1}
                    payload["description"] = f"Too Many Requests: retry after {f.retry_after or 1}"
                self.refused.append((f.status, method, params))
                return f.status, payload
        if method in _SENDING and isinstance(chat, int) and chat in self._blocked:
            self.refused.append((403, method, params))
            return 403, {"ok": False, "error_code": 403, "description": "Forbidden: bot was blocked by the user"}
        return None

    def _limit(self, chat_id: int) -> None:
        now = time.monotonic()
        while self._overall and self._overall[0] <= now - 1.0:
            self._overall.popleft()
        q = self._per_chat[chat_id]
        while q and q[0] <= now - 1.0:
            q.popleft()
        if len(self._overall) >= self.overall_per_second or len(q) >= self.per_chat_per_second:
            self.too_many += 1
            raise _Refusal(429, "Too Many Requests: retry after 1", {"retry_after": 1})
        self._overall.append(now)
        q.append(now)

    def _serve(self, method: str, p: dict[str, Any]) -> Any:
        if method == "getMe":
            return BOT_USER
        if method in ("deleteWebhook", "close", "logOut", "deleteMyCommands"):
            return True
        if method == "setMyCommands":
            self.commands = list(p.get("commands") or [])
            return True
        if method == "getMyCommands":
            return self.commands
        if method == "answerCallbackQuery":
            self.answers.append(p)
            return True
        if method == "sendMessage":
            return self._send_message(p)
        if method in ("editMessageText", "editMessageReplyMarkup"):
            return self._edit(method, p)
        raise _Refusal(400, "Bad Request: method not found")

    def _chat(self, p: dict[str, Any]) -> int:
        chat = p.get("chat_id")
        if not isinstance(chat, int):
            raise _Refusal(400, "Bad Request: chat not found")
        return chat

    def _render(self, p: dict[str, Any]) -> str:
        text = str(p.get("text", ""))
        if not text.strip():
            raise _Refusal(400, "Bad Request: message text is empty")
        if p.get("parse_mode") == "HTML":
            try:
                text = html_to_text(text)
            except HtmlError as exc:
                raise _Refusal(400, f"Bad Request: can't parse entities: {exc}") from None
        if len(text) > 4096:
            raise _Refusal(400, "Bad Request: message is too long")
        markup = p.get("reply_markup")
        for row in (markup or {}).get("inline_keyboard", []):
            for b in row:
                data = b.get("callback_data")
                if data is not None and not 1 <= len(data.encode()) <= 64:
                    raise _Refusal(400, "Bad Request: BUTTON_DATA_INVALID")
        return text

    def _send_message(self, p: dict[str, Any]) -> dict[str, Any]:
        chat = self._chat(p)
        text = self._render(p)
        self._limit(chat)
        mid = self._next_message_id[chat]
        self._next_message_id[chat] += 1
        message: dict[str, Any] = {"message_id": mid, "from": BOT_USER, "date": int(time.time()),
                                   "chat": {"id": chat, "type": "private"}, "text": text}
        if p.get("reply_markup"):
            message["reply_markup"] = p["reply_markup"]
        self._messages[(chat, mid)] = {"message": message, "raw": p.get("text")}
        self.sent.append({"chat_id": chat, "message_id": mid, "text": text, "raw": p.get("text"),
                          "parse_mode": p.get("parse_mode"), "reply_markup": p.get("reply_markup"),
                          "at": time.monotonic()})
        return message

    def _edit(self, method: str, p: dict[str, Any]) -> dict[str, Any]:
        chat = self._chat(p)
        stored = self._messages.get((chat, p.get("message_id")))  # type: ignore[arg-type]
        if stored is None:
            raise _Refusal(400, "Bad Request: message to edit not found")
        old = stored["message"]
        text = self._render(p) if method == "editMessageText" else old["text"]
        markup = p.get("reply_markup")
        if text == old["text"] and markup == old.get("reply_markup") and \
                (method != "editMessageText" or p.get("text") == stored["raw"]):
            raise _Refusal(400, "Bad Request: message is not modified: specified new message content and "
                                "reply markup are exactly the same as a current content and reply markup "
                                "of the message")
        new = dict(old, text=text, edit_date=int(time.time()))
        new.pop("reply_markup", None)
        if markup:
            new["reply_markup"] = markup
        stored["message"] = new
        if method == "editMessageText":
            stored["raw"] = p.get("text")
        self.edits.append({"chat_id": chat, "message_id": new["message_id"], "text": text, "method": method,
                           "reply_markup": markup})
        return new

    def _get_updates(self, p: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        offset = int(p.get("offset") or 0)
        wait = min(float(p.get("timeout") or 0), self.max_poll)
        deadline = time.monotonic() + wait
        with self._lock:
            if offset:
                self._updates = [u for u in self._updates if u["update_id"] >= offset]
            while not self._updates and not self._stopping:
                left = deadline - time.monotonic()
                if left <= 0:
                    break
                self._lock.wait(left)
            limit = int(p.get("limit") or 100)
            batch = self._updates[:limit]
            self._lock.notify_all()
            return 200, {"ok": True, "result": batch}


_DESCRIPTIONS = {
    400: "Bad Request: chat not found",
    401: "Unauthorized",
    403: "Forbidden: bot was blocked by the user",
    429: "Too Many Requests: retry after 1",
    500: "Internal Server Error",
    502: "Bad Gateway",
    503: "Service Unavailable",
}


class _Refusal(Exception):
    def __init__(self, status: int, description: str, parameters: dict[str, Any] | None = None) -> None:
        super().__init__(description)
        self.status = status
        self.payload: dict[str, Any] = {"ok": False, "error_code": status, "description": description}
        if parameters:
            self.payload["parameters"] = parameters


class ForwardProxy:
    """A minimal HTTP forward proxy on 127.0.0.1 (absolute-URI requests, as httpx sends for http:// targets
    through an http:// proxy); counts what it forwarded, to prove traffic went through it."""

    def __init__(self, username: str | None = None, password: str | None = None) -> None:
        self.forwarded: list[str] = []
        self.auth = None
        if username is not None:
            import base64

            self.auth = "Basic " + base64.b64encode(f"{username}:{password}".encode()).decode()
        self._server: ThreadingHTTPServer | None = None

    @property
    def url(self) -> str:
        assert self._server is not None
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    def __enter__(self) -> ForwardProxy:
        import http.client
        from urllib.parse import urlsplit

        proxy = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            disable_nagle_algorithm = True

            def log_message(self, format: str, *args: Any) -> None:
                pass

            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                if proxy.auth and self.headers.get("Proxy-Authorization") != proxy.auth:
                    self.send_response(407)
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                target = urlsplit(self.path)
                conn = http.client.HTTPConnection(target.hostname or "", target.port or 80, timeout=30)
                headers = {k: v for k, v in self.headers.items() if k.lower() not in ("proxy-authorization",
                                                                                       "proxy-connection")}
                conn.request(self.command, target.path + (f"?{target.query}" if target.query else ""), body,
                             headers)
                resp = conn.getresponse()
                data = resp.read()
                conn.close()
                proxy.forwarded.append(target.path.rsplit("/", 1)[-1])
                self.send_response(resp.status)
                self.send_header("Content-Type", resp.getheader("Content-Type") or "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            do_GET = do_POST

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
        return self

    def __exit__(self, *exc: object) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
