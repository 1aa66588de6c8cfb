"""The Zalo adapter of the bot's conversation (tracker/bot/conversation.py), and running it.

    stop = await start_zalo_bot(engine)                        # long polling, in the running loop
    stop = await start_zalo_bot(engine, webhook=Webhook(url, host, port))
    ...
    await stop()

Updates come one per getUpdates call (a long poll; the platform's 408, None from the client, means nothing
arrived), or, in webhook mode, as POSTs to a small HTTP server (http.server in a thread) which checks the
X-Bot-Api-Secret-Token header on every call and answers 403 without it; the secret is derived from the token
(webhook_secret) and given to setWebhook. Webhook mode is `tracker zalo --webhook URL --listen HOST:PORT`, or the
[zalo] table's webhook_url and listen (then `tracker run` too receives through it instead of polling). Polling
and a webhook cannot be used at once: polling deletes a webhook left by an earlier run, and webhook mode deletes
its own when it stops.

Replies are plain text (Zalo has no markup and no buttons): the conversation's markup without its tags, in
numbered parts beyond 2,000 characters, a reply's actions written out as the reply that does the same
("Trả lời /duyet 12 ..."). Sends share the channel's throttle for this bot ([zalo] per-chat interval and
overall rate, tracker/channels/zalo/ratelimit.py). A 403 or an unknown chat marks the person unreachable on
Zalo (e-mail keeps reaching them); a 429, a 5xx or no answer is tried again twice.

The token is TRACKER_ZALO_TOKEN (a secret: never printed or logged; the client keeps it out of its errors),
the API root TRACKER_ZALO_API_URL. A token the platform refuses stops the start with ConfigError; no answer
at all (network, platform down) does not: polling keeps trying, so `tracker run`'s reminders go on.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import hmac
import json
import logging
import os
import socket
import threading
from collections import OrderedDict
from collections.abc import Awaitable, Callable, Coroutine, Mapping
from dataclasses import dataclass
from datetime import datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, TypeVar

from sqlalchemy import Engine

from tracker.bot import callbacks as cb
from tracker.bot.callbacks import secret_key
from tracker.bot.conversation import FAILED, BotDeps, Conversation, Reply, plain
from tracker.bot.settings import BotSettings, load_bot_settings
from tracker.channels.ratelimit import RateLimiter
from tracker.channels.zalo.client import MAX_TEXT, ZaloApiError, ZaloClient, ZaloNetworkError
from tracker.channels.zalo.ratelimit import limiter_for
from tracker.channels.zalo.transport import chat_unreachable
from tracker.domain.accounts import mark_unreachable
from tracker.domain.permissions import Permissions, load_permissions
from tracker.errors import ConfigError, InvalidInput
from tracker.models import Person, zalo_chat
from tracker.reminders.split import split_message
from tracker.timeutil import utcnow
from tracker.usertext import quoted

log = logging.getLogger("tracker.bot.zalo")

T = TypeVar("T")
SECRET_HEADER = "X-Bot-Api-Secret-Token"
MAX_BODY = 1 << 20  # a webhook POST larger than this is no update
SEND_TRIES = 3
REQUEST_TIMEOUT = 30.0  # seconds a webhook connection may stay silent (a client that sends nothing, a short body)
MAX_CONNECTIONS = 32  # webhook connections served at once; more are closed unanswered (the platform sends again)
HANDLE_WAIT = 60.0  # seconds a webhook POST waits for its update to be handled before it is answered anyway
REMEMBERED_UPDATES = 1000  # message ids kept to recognise an update the platform sends again


def actions_line(reply: Reply) -> str:
    """The reply that does what a reply's buttons would: Zalo has no buttons."""
    if not reply.actions or not reply.ref.startswith("e"):
        return ""
    number = reply.ref[1:]
    parts = []
    if cb.APPROVE in reply.actions:
        parts.append(f"/duyet {number} để duyệt")
    if cb.REJECT in reply.actions:
        parts.append(f"/tuchoi {number} lý do để từ chối")
    return "Đồng chí trả lời " + ", hoặc ".join(parts) + "." if parts else ""


def zalo_text(reply: Reply) -> str:
    """A reply as Zalo shows it: plain text, ending with the reply that acts on it."""
    text = plain(reply.text)
    line = actions_line(reply)
    return f"{text}\n\n{line}" if line else text


def update_of(body: Any) -> dict[str, Any] | None:
    """The update in what the platform sent: a bare update, or the envelope {"ok": true, "result": update}."""
    if isinstance(body, dict) and "event_name" not in body and isinstance(body.get("result"), dict):
        body = body["result"]
    return body if isinstance(body, dict) else None


class ZaloBot(Conversation):
    """The conversation on Zalo, over one ZaloClient (opened by the caller)."""

    channel = "zalo"

    def __init__(self, deps: BotDeps, client: ZaloClient, limiter: RateLimiter, *, retry_delay: float = 1.0) -> None:
        super().__init__(deps)
        self.client = client
        self.limiter = limiter
        self.retry_delay = retry_delay
        self._one_at_a_time = asyncio.Lock()
        self._seen: OrderedDict[tuple[str, str], None] = OrderedDict()  # (chat, message id), oldest first
        self._handling: set[asyncio.Task[Any]] = set()
        self.closing = False

    def _repeated(self, address: str, message: dict[str, Any]) -> bool:
        """True when this message was taken before (a webhook POST the platform sent again because its answer
        was slow or lost); remembers it otherwise. The last REMEMBERED_UPDATES are kept."""
        message_id = message.get("message_id")
        if not isinstance(message_id, (str, int)) or message_id == "":
            return False
        key = (address, str(message_id))
        if key in self._seen:
            return True
        self._seen[key] = None
        while len(self._seen) > REMEMBERED_UPDATES:
            self._seen.popitem(last=False)
        return False

    async def drain(self) -> None:
        """Wait for the updates being handled (stopping: the client must outlive their replies)."""
        while self._handling:
            await asyncio.gather(*self._handling, return_exceptions=True)

    def address_of(self, person: Person) -> str | None:
        return zalo_chat(person)

    async def deliver(self, address: str, reply: Reply) -> bool:
        for part in split_message(zalo_text(reply), MAX_TEXT, html=False):
            if not await self._send(address, part):
                return False
        return True

    async def _send(self, address: str, text: str) -> bool:
        for attempt in range(1, SEND_TRIES + 1):
            try:
                async with self.limiter.slot(address):
                    await self.client.send_message(address, text)
                return True
            except ZaloApiError as exc:
                if chat_unreachable(exc):  # the platform's own word, not a proxy's 403 page
                    await self.db(mark_unreachable, self.d.engine, channel="zalo", address=address,
                                  detail=f"{exc.error_code} {exc.description}", now=self.now())
                    return False
                if not exc.transient or attempt == SEND_TRIES:
                    log.warning("Không gửi được tin trả lời Zalo (lỗi %d)", exc.error_code)
                    return False
            except ZaloNetworkError as exc:
                if attempt == SEND_TRIES:
                    log.warning("Không gửi được tin trả lời Zalo: %s", exc.detail)
                    return False
            await asyncio.sleep(self.retry_delay * attempt)
        return False

    async def handle(self, body: Any) -> None:
        """One update (a bare one or in the envelope): any message in a chat is read as its text (a sticker or a
        photo has none: it gets the line for what is not understood, or UNLINKED)."""
        update = update_of(body)
        message = update.get("message") if update else None
        chat = message.get("chat") if isinstance(message, dict) else None
        if not isinstance(chat, dict) or not chat.get("id"):
            return
        assert isinstance(message, dict)
        address = str(chat["id"])
        if self.closing:  # stopping: the client is about to close; the platform sends it again to the next run
            log.info("Bỏ qua một tin Zalo đến khi bot đang dừng")
            return
        if self._repeated(address, message):
            log.info("Bỏ qua một tin Zalo đã nhận trước đó (gửi lại)")
            return
        raw = message.get("text")
        text = raw if isinstance(raw, str) else ""
        private = str(chat.get("chat_type") or "").upper() == "PRIVATE"
        task = asyncio.current_task()
        if task is not None:
            self._handling.add(task)
        try:
            async with self._one_at_a_time:  # in order, as they came, like polling (webhook POSTs may overlap)
                try:
                    await self.on_text(address, text, private=private)
                except Exception as exc:
                    log.error("Lỗi khi xử lý một tin Zalo (%s)", exc.__class__.__name__, exc_info=exc)
                    with contextlib.suppress(Exception):
                        await self.deliver(address, Reply(FAILED))
        finally:
            if task is not None:
                self._handling.discard(task)


async def _until(stop: asyncio.Event, work: Coroutine[Any, Any, T]) -> tuple[bool, T | None]:
    """Run `work` unless stop is set first (then cancel it): (finished, its result)."""
    task = asyncio.ensure_future(work)
    stopper = asyncio.ensure_future(stop.wait())
    try:
        done, _ = await asyncio.wait({task, stopper}, return_when=asyncio.FIRST_COMPLETED)
    finally:
        stopper.cancel()
    if task in done:
        return True, task.result()
    task.cancel()
    with contextlib.suppress(asyncio.CancelledError, ZaloApiError, ZaloNetworkError):
        await task
    return False, None


async def poll(bot: ZaloBot, stop: asyncio.Event, *, timeout: int, retry_seconds: float) -> None:
    """Take updates one by one until stop is set. A failed poll (no answer, 5xx, 429, a webhook in the way) is
    logged once, tried again after a growing pause (up to retry_seconds), and its end is logged."""
    failing = False
    pause = min(1.0, retry_seconds)
    while not stop.is_set():
        try:
            finished, update = await _until(stop, bot.client.get_updates(timeout))
        except (ZaloApiError, ZaloNetworkError) as exc:
            if not failing:
                why = exc.detail if isinstance(exc, ZaloNetworkError) else f"lỗi {exc.error_code}: {exc.description}"
                if isinstance(exc, ZaloApiError) and exc.error_code == 409:
                    why += "; bot đang được đặt webhook ở nơi khác: chỉ để một tiến trình nhận tin Zalo"
                log.warning("Không nhận được tin Zalo (%s); đang thử lại", why)
            failing = True
            await _until(stop, asyncio.sleep(pause))
            pause = min(pause * 2, retry_seconds)
            continue
        if not finished:
            return
        if failing:
            log.info("Đã nhận tin Zalo trở lại")
            failing, pause = False, min(1.0, retry_seconds)
        if update is not None:
            await bot.handle(update)


# ---------------------------------------------------------------- webhook mode


@dataclass(frozen=True)
class Webhook:
    """Webhook mode: the public URL the platform POSTs to (behind a reverse proxy) and where to listen."""

    url: str
    host: str
    port: int


def webhook_secret(token: str) -> str:
    """The X-Bot-Api-Secret-Token given to setWebhook: derived from the bot token (HMAC-SHA256 of a fixed label,
    hex), so nothing more is configured or stored, it changes with the token, and it does not reveal it."""
    return hmac.new(token.strip().encode(), b"tracker-zalo-webhook-v1", hashlib.sha256).hexdigest()


def configured_webhook() -> Webhook | None:
    """Webhook mode as the [zalo] table sets it (webhook_url and listen, both or neither), or None: polling."""
    from tracker.channels.zalo.config import load_zalo_settings

    settings = load_zalo_settings()
    url, listen = getattr(settings, "webhook_url", None), getattr(settings, "listen", None)
    if not url or not listen:
        return None
    try:
        host, port = parse_listen(listen)
    except InvalidInput as exc:
        raise ConfigError(f"[zalo] listen: {exc.message}") from None
    return Webhook(str(url).strip(), host, port)


def parse_listen(value: str) -> tuple[str, int]:
    """("0.0.0.0", 8443) from "0.0.0.0:8443" ("[::1]:8443" for IPv6); InvalidInput otherwise."""
    host, sep, port = value.strip().rpartition(":")
    host = host.strip("[]")
    if not sep or not host or not port.isdigit() or not 1 <= int(port) <= 65535:
        raise InvalidInput(f"Địa chỉ lắng nghe «{quoted(value)}» không hợp lệ: cần dạng MÁY:CỔNG, ví dụ 127.0.0.1:8443 "
                           "(cổng từ 1 đến 65535).", code="zalo.listen", values={"value": value})
    return host, int(port)


class _HTTPServer(ThreadingHTTPServer):
    """ThreadingHTTPServer with a bound on the connections served at once (each one a thread), IPv6 hosts too."""

    daemon_threads = True

    def __init__(self, address: tuple[str, int], handler: type[BaseHTTPRequestHandler], max_connections: int) -> None:
        if ":" in address[0]:  # "::1", "::": an IPv6 host
            self.address_family = socket.AF_INET6
        self.slots = threading.BoundedSemaphore(max_connections)
        super().__init__(address, handler)

    def handle_error(self, request: Any, client_address: Any) -> None:
        """One line in the daemon's log, never socketserver's traceback on stderr: a caller that hangs up before
        its answer (a proxy's timeout, a scanner) is routine."""
        import sys

        exc = sys.exc_info()[1]
        host = client_address[0] if client_address else "?"
        if isinstance(exc, ConnectionError | TimeoutError):
            log.debug("Kết nối webhook Zalo từ %s đóng trước khi nhận trả lời", host)
            return
        log.error("Lỗi khi xử lý một yêu cầu webhook Zalo từ %s (%s)", host, type(exc).__name__, exc_info=exc)

    def process_request(self, request: Any, client_address: Any) -> None:
        if not self.slots.acquire(blocking=False):
            log.warning("Quá nhiều kết nối webhook Zalo cùng lúc; đóng một kết nối (từ %s)", client_address[0])
            self.shutdown_request(request)
            return
        try:
            super().process_request(request, client_address)
        except BaseException:
            self.slots.release()
            raise

    def process_request_thread(self, request: Any, client_address: Any) -> None:
        try:
            super().process_request_thread(request, client_address)
        finally:
            self.slots.release()


class WebhookServer:
    """A small HTTP server in a thread: each POST carrying the secret is one update, handled in `loop`.

    A connection silent for `request_timeout` seconds (nothing sent, a body shorter than its Content-Length) is
    closed; at most `max_connections` are served at once. A POST is answered once its update is handled (at most
    HANDLE_WAIT seconds): the platform may send it again meanwhile, and the bot ignores a message id it has
    taken (ZaloBot._repeated). stop() refuses new POSTs (503: the platform sends them again to the next run) and
    waits for those being answered."""

    def __init__(self, host: str, port: int, secret: str, loop: asyncio.AbstractEventLoop,
                 handle: Callable[[Any], Coroutine[Any, Any, None]], *, request_timeout: float = REQUEST_TIMEOUT,
                 max_connections: int = MAX_CONNECTIONS) -> None:
        server = self

        class Handler(BaseHTTPRequestHandler):
            timeout = request_timeout  # StreamRequestHandler sets it on the connection

            def log_message(self, format: str, *args: Any) -> None:  # access lines are no officer's business
                pass

            def _answer(self, status: int, ok: bool) -> None:
                body = json.dumps({"ok": ok}).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def _allowed(self) -> bool:
                given = self.headers.get(SECRET_HEADER) or ""
                if hmac.compare_digest(given.encode(), server.secret.encode()):
                    return True
                log.warning("Từ chối một yêu cầu webhook Zalo không có mã bí mật đúng (từ %s)", self.client_address[0])
                self._answer(403, False)
                return False

            def do_POST(self) -> None:
                if not self._allowed():
                    return
                try:
                    size = int(self.headers.get("Content-Length") or 0)
                except ValueError:
                    size = -1
                if not 0 < size <= MAX_BODY:
                    self._answer(413 if size > MAX_BODY else 400, False)
                    return
                try:
                    raw = self.rfile.read(size)
                except OSError:  # silent past the timeout, or gone: nobody is left to answer
                    self.close_connection = True
                    return
                try:
                    if len(raw) != size:
                        raise ValueError("body shorter than Content-Length")
                    body = json.loads(raw)
                except (ValueError, RecursionError):  # not JSON, or nested too deep to read
                    self._answer(400, False)
                    return
                if not server.enter():
                    self._answer(503, False)
                    return
                try:
                    future: Any = asyncio.run_coroutine_threadsafe(server.handle(body), server.loop)
                    try:
                        future.result(timeout=HANDLE_WAIT)  # answered once handled: updates are taken in order
                    except Exception:  # handle() logs its own failures; the platform must not send it again
                        pass
                finally:
                    server.leave()
                self._answer(200, True)

            def _not_post(self) -> None:
                if self._allowed():
                    self._answer(405, False)

            do_GET = do_PUT = do_DELETE = do_PATCH = do_HEAD = _not_post

        self.secret = secret
        self.loop = loop
        self.handle = handle
        self._busy = threading.Condition()
        self._in_flight = 0
        self._accepting = True
        try:
            self.httpd = _HTTPServer((host, port), Handler, max_connections)
        except OSError as exc:
            raise ConfigError(f"Không mở được cổng lắng nghe {host}:{port} cho webhook Zalo "
                              f"({exc.strerror or exc.__class__.__name__}).") from None
        self.thread = threading.Thread(target=self.httpd.serve_forever, name="zalo-webhook", daemon=True)

    def enter(self) -> bool:
        """A POST starts being handled; False once stop() began."""
        with self._busy:
            if not self._accepting:
                return False
            self._in_flight += 1
            return True

    def leave(self) -> None:
        with self._busy:
            self._in_flight -= 1
            self._busy.notify_all()

    @property
    def port(self) -> int:
        return int(self.httpd.server_address[1])

    def start(self) -> None:
        self.thread.start()

    def stop(self) -> None:
        """No more POSTs (503), then wait for those being handled (each at most HANDLE_WAIT), then close."""
        with self._busy:
            self._accepting = False
        self.httpd.shutdown()
        with self._busy:
            self._busy.wait_for(lambda: self._in_flight == 0, timeout=HANDLE_WAIT + 5)
        self.httpd.server_close()


# ---------------------------------------------------------------- running


async def _set_webhook(client: ZaloClient, webhook: Webhook, secret: str, stop: asyncio.Event,
                       retry_seconds: float) -> asyncio.Task[None] | None:
    """setWebhook. A refusal (a URL the platform does not take) raises ConfigError; no answer or a failure on the
    platform's side is tried again in the background (returned task) until it is set or stop is set."""
    try:
        await client.set_webhook(webhook.url, secret)
        return None
    except ZaloApiError as exc:
        if not exc.transient:
            raise ConfigError(f"Zalo không nhận webhook {webhook.url} (lỗi {exc.error_code}: "
                              f"{exc.description}).") from None
        why = f"lỗi {exc.error_code}"
    except ZaloNetworkError as exc:
        why = exc.detail
    log.warning("Chưa đặt được webhook Zalo (%s); đang thử lại", why)

    async def again() -> None:
        pause = min(1.0, retry_seconds)
        while not stop.is_set():
            await _until(stop, asyncio.sleep(pause))
            if stop.is_set():
                return
            try:
                await client.set_webhook(webhook.url, secret)
            except (ZaloApiError, ZaloNetworkError):
                pause = min(pause * 2, retry_seconds)
                continue
            log.info("Đã đặt webhook Zalo")
            return

    return asyncio.create_task(again())


def zalo_values(environ: Mapping[str, str] | None = None) -> dict[str, str | None]:
    """TRACKER_ZALO_TOKEN and TRACKER_ZALO_API_URL as the zalo channel's settings, checked (ConfigError)."""
    from tracker.channels.zalo.settings import validate

    env = os.environ if environ is None else environ
    values = {"zalo_token": (env.get("TRACKER_ZALO_TOKEN") or "").strip() or None,
              "zalo_api_url": (env.get("TRACKER_ZALO_API_URL") or "").strip() or None}
    if values["zalo_token"] is None:
        raise ConfigError("Chưa đặt TRACKER_ZALO_TOKEN: bot Zalo không thể chạy.")
    validate(values)
    return values


def _refused(exc: ZaloApiError) -> ConfigError:
    return ConfigError(f"Zalo từ chối mã bot TRACKER_ZALO_TOKEN (lỗi {exc.error_code}): kiểm tra lại mã do Zalo "
                       "Bot Creator cấp, và TRACKER_ZALO_API_URL nếu có đặt.")


async def start_zalo_bot(engine: Engine, *, values: Mapping[str, str | None] | None = None,
                         webhook: Webhook | None = None, settings: BotSettings | None = None,
                         perms: Permissions | None = None, clock: Callable[[], datetime] = utcnow,
                         poll_timeout: int = 30, retry_seconds: float = 60.0,
                         send_retry_delay: float = 1.0) -> Callable[[], Awaitable[None]]:
    """Start the Zalo bot in the running loop; returns an async stop().

    A token the platform refuses raises ConfigError at once, and so does a webhook URL it refuses. No answer
    from the platform at start is not fatal: polling (or setting the webhook) keeps trying in the background.
    """
    from tracker.channels.zalo.config import load_zalo_settings

    values = values if values is not None else zalo_values()
    token = values.get("zalo_token") or ""
    limits = load_zalo_settings()
    deps = BotDeps(engine=engine, key=secret_key(token), settings=settings or load_bot_settings(), clock=clock,
                   perms=perms or load_permissions())
    client = ZaloClient(token, values.get("zalo_api_url"), timeout=15.0)
    await client.__aenter__()
    bot = ZaloBot(deps, client, limiter_for(token, limits.per_chat_interval_seconds, limits.overall_per_second),
                  retry_delay=send_retry_delay)
    stop_event = asyncio.Event()
    server: WebhookServer | None = None
    poller: asyncio.Task[None] | None = None
    registering: asyncio.Task[None] | None = None
    try:
        try:
            await client.get_me()
        except ZaloApiError as exc:
            if not exc.transient:
                raise _refused(exc) from None
            log.warning("Máy chủ Zalo đang lỗi (%d); bot Zalo sẽ thử lại", exc.error_code)
        except ZaloNetworkError as exc:
            log.warning("Không kết nối được máy chủ Zalo (%s): kiểm tra TRACKER_ZALO_API_URL và mạng; bot Zalo "
                        "sẽ thử lại", exc.detail)
        if webhook is None:
            with contextlib.suppress(ZaloApiError, ZaloNetworkError):
                await client.delete_webhook()  # a webhook left by an earlier run would refuse every poll
            poller = asyncio.create_task(poll(bot, stop_event, timeout=poll_timeout, retry_seconds=retry_seconds))
            log.info("Bot Zalo đang nhận tin (long polling)")
        else:
            server = WebhookServer(webhook.host, webhook.port, webhook_secret(token), asyncio.get_running_loop(),
                                   bot.handle)
            server.start()
            registering = await _set_webhook(client, webhook, server.secret, stop_event, retry_seconds)
            log.info("Bot Zalo đang nhận tin qua webhook (lắng nghe %s:%d)", webhook.host, server.port)
    except BaseException:
        if server is not None:
            server.stop()
        await client.__aexit__(None, None, None)
        raise
    bot.go_live()

    async def stop() -> None:
        log.info("Bot Zalo đang dừng; chờ các tin đang xử lý")
        bot.go_offline()
        stop_event.set()
        try:
            for task in (poller, registering):
                if task is not None:
                    try:
                        await task
                    except Exception as exc:  # a task that died is logged; the client is closed all the same
                        log.error("Bot Zalo: một tác vụ nền đã dừng vì lỗi (%s)", exc.__class__.__name__,
                                  exc_info=exc)
            if server is not None:
                # POSTs being answered wait on this loop: stop the server from a worker thread, then let the
                # updates they carry finish (their replies need the client) before closing it.
                await asyncio.to_thread(server.stop)
            await bot.drain()
            bot.closing = True
            await bot.drain()
            if server is not None:
                with contextlib.suppress(ZaloApiError, ZaloNetworkError):
                    await client.delete_webhook()
        finally:
            await client.__aexit__(None, None, None)
        log.info("Bot Zalo đã dừng")

    return stop


def run_zalo_bot(engine: Engine, *, webhook: Webhook | None = None,
                 on_started: Callable[[], None] | None = None) -> None:
    """`tracker zalo`: serve until SIGINT/SIGTERM (webhook mode: as given, else as the [zalo] table says); on_started
    runs once the bot is receiving."""
    values = zalo_values()
    webhook = webhook or configured_webhook()

    from tracker.bot.serve import serve_until_signalled

    serve_until_signalled(lambda: start_zalo_bot(engine, values=values, webhook=webhook), on_started)
