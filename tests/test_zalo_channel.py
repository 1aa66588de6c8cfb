"""The Zalo client and channel: the real httpx client code against the fake Zalo Bot Platform in tests/.

The envelope, string ids, one update per poll and 408 when idle, the 2,000-character limit, 429, 403, an unknown
chat, 5xx, the webhook mode, the throttle, and the token kept out of every message and repr."""

from __future__ import annotations

import asyncio
import json
import logging
import re
import threading
import uuid
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

from tests.fake_zalo_api import TOKEN, FakePortal, FakeZaloApi
from tracker.channels.base import DeliveryError, Outgoing
from tracker.channels.ratelimit import RateLimiter
from tracker.channels.zalo.client import ZaloApiError, ZaloClient, ZaloNetworkError
from tracker.channels.zalo.transport import ZaloChannel
from tracker.errors import ConfigError

SECRET_PART = TOKEN.split(":")[1]


def run(coro: Any) -> Any:
    return asyncio.run(coro)


async def client_call(api_url: str, fn: Any, token: str = TOKEN) -> Any:
    async with ZaloClient(token, api_url) as client:
        return await fn(client)


def outgoing(chat: str, text: str = "Nhắc việc", *, outbox_id: int = 1) -> Outgoing:
    return Outgoing(outbox_id=outbox_id, key=f"k{outbox_id}", kind="reminder", channel="zalo", address=chat,
                    recipient_name="Nguyễn Thị Hoa", subject="Nhắc việc", text=text)


def send_all(channel: ZaloChannel, *messages: Outgoing) -> list[Any]:
    """Send each message in one batch; a DeliveryError is returned in place of the id."""
    async def go() -> list[Any]:
        out: list[Any] = []
        async with channel:
            for m in messages:
                try:
                    out.append(await channel.send(m))
                except DeliveryError as exc:
                    out.append(exc)
        return out
    return run(go())


def channel_for(api: FakeZaloApi, limiter: RateLimiter | None = None) -> ZaloChannel:
    return ZaloChannel(TOKEN, api.url, limiter=limiter or RateLimiter(overall_per_second=20))


# ---------------------------------------------------------------- the client


def test_get_me_and_send_message_answer_with_the_platforms_string_ids(zalo_api):
    me = run(client_call(zalo_api.url, lambda c: c.get_me()))
    assert me["account_name"] == "bot.TrackerTest" and isinstance(me["id"], str)
    message_id = run(client_call(zalo_api.url, lambda c: c.send_message("e4ea2cd5189df1c3a88c", "Xin chào")))
    [sent] = zalo_api.messages_to("e4ea2cd5189df1c3a88c")
    assert message_id == sent["message_id"] and isinstance(message_id, str) and sent["text"] == "Xin chào"


def test_get_updates_returns_one_update_at_a_time_then_none_when_the_poll_is_idle(zalo_api):
    zalo_api.inject_text("chat-a", "/start ABCD-EFGH", display_name="Nguyễn Thị Hoa")
    zalo_api.inject_text("chat-b", "/viec")

    async def poll(client: ZaloClient) -> list[Any]:
        return [await client.get_updates(1) for _ in range(3)]

    first, second, idle = run(client_call(zalo_api.url, poll))
    assert first["event_name"] == "message.text.received"
    assert first["message"]["chat"] == {"id": "chat-a", "chat_type": "PRIVATE"}
    assert first["message"]["from"]["display_name"] == "Nguyễn Thị Hoa"
    assert first["message"]["text"] == "/start ABCD-EFGH" and isinstance(first["message"]["message_id"], str)
    assert second["message"]["text"] == "/viec"
    assert idle is None  # the platform's 408: nothing arrived within the timeout


def test_an_error_is_read_from_the_envelope_even_in_a_200_answer(zalo_api):
    zalo_api.fail_next(403, http_status=200)
    with pytest.raises(ZaloApiError) as refused:
        run(client_call(zalo_api.url, lambda c: c.send_message("chat-c", "x")))
    assert (refused.value.error_code, refused.value.http_status) == (403, 200)


def test_a_refused_token_is_an_api_error_that_never_shows_the_token(zalo_api):
    wrong = "1459232241454765289:wrong-secret-key-value"
    with pytest.raises(ZaloApiError) as refused:
        run(client_call(zalo_api.url, lambda c: c.get_me(), token=wrong))
    assert refused.value.error_code == 401
    assert "wrong-secret" not in str(refused.value) and "wrong-secret" not in repr(ZaloClient(wrong))


def test_no_answer_is_a_network_error_that_never_shows_the_token(zalo_api):
    url = zalo_api.url
    zalo_api.stop()
    with pytest.raises(ZaloNetworkError) as failed:
        run(client_call(url, lambda c: c.send_message("chat-d", "x")))
    assert SECRET_PART not in failed.value.detail and SECRET_PART not in str(failed.value)


def test_the_fake_platform_refuses_more_than_2000_characters_and_an_empty_text(zalo_api):
    for text in ("x" * 2001, ""):
        with pytest.raises(ZaloApiError) as refused:
            run(client_call(zalo_api.url, lambda c, t=text: c.send_message("chat-e", t)))
        assert refused.value.error_code == 400
    run(client_call(zalo_api.url, lambda c: c.send_message("chat-e", "x" * 2000)))
    assert [len(m["text"]) for m in zalo_api.messages_to("chat-e")] == [2000]


class _Receiver:
    """A webhook endpoint on 127.0.0.1 recording what the platform POSTs to it."""

    def __init__(self) -> None:
        self.calls: list[tuple[str | None, dict[str, Any]]] = []
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, format: str, *args: Any) -> None:
                pass

            def do_POST(self) -> None:
                body = json.loads(self.rfile.read(int(self.headers.get("Content-Length") or 0)))
                receiver.calls.append((self.headers.get("X-Bot-Api-Secret-Token"), body))
                self.send_response(200)
                self.send_header("Content-Length", "0")
                self.end_headers()

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/zalo"


@pytest.fixture
def receiver() -> Iterator[_Receiver]:
    r = _Receiver()
    yield r
    r.server.shutdown()
    r.server.server_close()


def test_with_a_webhook_set_updates_are_posted_with_the_secret_and_polling_is_refused(zalo_api, receiver):
    async def setup(client: ZaloClient) -> Any:
        await client.set_webhook(receiver.url, "s3cr3t-webhook-key")
        return await client.get_webhook_info()

    assert run(client_call(zalo_api.url, setup))["url"] == receiver.url
    zalo_api.inject_text("chat-f", "/quahan")
    zalo_api.wait_for(lambda: zalo_api.webhook_posts)
    [(secret, body)] = receiver.calls
    assert secret == "s3cr3t-webhook-key"
    assert body["ok"] is True and body["result"]["message"]["text"] == "/quahan"
    with pytest.raises(ZaloApiError) as refused:
        run(client_call(zalo_api.url, lambda c: c.get_updates(1)))
    assert refused.value.error_code == 409  # polling and a webhook cannot be used at once
    run(client_call(zalo_api.url, lambda c: c.delete_webhook()))
    zalo_api.inject_text("chat-f", "/viec")
    assert run(client_call(zalo_api.url, lambda c: c.get_updates(1)))["message"]["text"] == "/viec"


# ---------------------------------------------------------------- the channel


def test_the_channel_sends_plain_text_and_returns_the_message_id(zalo_env):
    from tracker import channels
    from tracker.reminders.config import delivery_from_env

    spec = channels.get("zalo")
    assert spec.label == "Zalo" and spec.unit == "tin Zalo"
    channel = spec.open(delivery_from_env().values_for("zalo"), None)  # type: ignore[arg-type]
    text = 'Báo cáo <b>quý</b> & "khẩn"'
    [message_id] = send_all(channel, outgoing("chat-1", text))
    [sent] = zalo_env.messages_to("chat-1")
    assert message_id == sent["message_id"] and sent["text"] == text  # plain text: nothing escaped or parsed
    assert TOKEN not in repr(channel) and SECRET_PART not in repr(channel)


def assert_for_officials(detail: str) -> None:
    """A row's detail as officials read it in the digest: a Vietnamese sentence first, the platform's own words
    (if any) only quoted after it, no variable name, no English of an HTTP library, never the token."""
    ours = re.sub(r"«[^»]*»", "", detail)
    assert re.match(r"^[A-ZĐÁÀẢÃẠÂĂÊÔƠƯ][^«]*[À-ỹđ]", detail), detail  # starts with a Vietnamese sentence
    for word in ("TRACKER_", "envelope", "answer", "Bad", "Gateway", "Request", "Forbidden", "Unauthorized",
                 "attempts", "failed", "Error", "error", "sendMessage", "HTTP"):
        assert word not in ours, (word, detail)
    assert SECRET_PART not in detail


@pytest.mark.parametrize(("error_code", "permanent", "unreachable"), [
    (429, False, False), (500, False, False), (502, False, False), (503, False, False),
    (403, True, True), (401, False, False), (400, True, False), (408, False, False),
])
def test_each_refusal_is_transient_or_permanent_and_only_a_refused_chat_unreachable(
        zalo_api, error_code, permanent, unreachable):
    zalo_api.fail_next(error_code)
    [err] = send_all(channel_for(zalo_api), outgoing("chat-2"))
    assert isinstance(err, DeliveryError)
    assert (err.permanent, err.unreachable) == (permanent, unreachable)
    assert err.retry_after is None and SECRET_PART not in err.detail
    assert f"(lỗi {error_code})" in err.detail
    assert_for_officials(err.detail)


def test_the_platforms_own_words_are_quoted_after_a_vietnamese_sentence(zalo_api):
    zalo_api.fail_next(400, description="Bad Request: text contains\nunsupported «characters»")
    [err] = send_all(channel_for(zalo_api), outgoing("chat-2b"))
    assert isinstance(err, DeliveryError) and err.permanent
    assert err.detail == ("Zalo từ chối tin nhắn (lỗi 400). Zalo trả lời: «Bad Request: text contains unsupported "
                          "characters».")


def test_a_token_changed_while_running_keeps_every_message_waiting_with_one_log_line(zalo_api, caplog):
    caplog.set_level(logging.INFO, logger="tracker.channels.zalo")
    revoked = "1459232241454765289:revoked-in-bot-creator-" + uuid.uuid4().hex
    errors = send_all(ZaloChannel(revoked, zalo_api.url, limiter=RateLimiter()),
                      *(outgoing(f"chat-t{i}", outbox_id=i) for i in range(3)))
    assert all(isinstance(e, DeliveryError) and not e.permanent and not e.unreachable for e in errors)
    assert all("(lỗi 401)" in e.detail for e in errors) and zalo_api.sent == []
    assert_for_officials(errors[0].detail)
    said = [r for r in caplog.records if r.name == "tracker.channels.zalo" and "401" in r.getMessage()]
    assert len(said) == 1 and said[0].levelno == logging.ERROR  # one clear line, not one per message
    assert "TRACKER_ZALO_TOKEN" in said[0].getMessage() and revoked.split(":")[1] not in caplog.text
    # a second batch with the same token: still no more lines
    send_all(ZaloChannel(revoked, zalo_api.url, limiter=RateLimiter()), outgoing("chat-t9", outbox_id=9))
    assert len([r for r in caplog.records if "401" in r.getMessage()]) == 1


def test_a_blocked_chat_and_an_unknown_chat_are_permanent_and_unreachable(zalo_api):
    zalo_api.block("chat-3")
    zalo_api.forget("chat-4")
    blocked, unknown, fine = send_all(channel_for(zalo_api), outgoing("chat-3"), outgoing("chat-4"),
                                      outgoing("chat-5"))
    assert isinstance(blocked, DeliveryError) and blocked.permanent and blocked.unreachable and "403" in blocked.detail
    assert isinstance(unknown, DeliveryError) and unknown.permanent and unknown.unreachable
    assert isinstance(fine, str)


def test_no_answer_is_transient_and_hides_the_token(zalo_api, caplog):
    caplog.set_level(logging.INFO, logger="tracker.channels.zalo")
    url = zalo_api.url
    zalo_api.stop()
    first, second = send_all(ZaloChannel(TOKEN, url, limiter=RateLimiter()), outgoing("chat-6"),
                             outgoing("chat-6b", outbox_id=2))
    assert isinstance(first, DeliveryError) and first.permanent is False and not first.unreachable
    assert first.detail == "Không kết nối được máy chủ Zalo (lỗi mạng)." and isinstance(second, DeliveryError)
    assert_for_officials(first.detail)
    # the technical cause (httpx's words) is for the IT officer's log, once per batch
    [cause] = [r for r in caplog.records if r.name == "tracker.channels.zalo"]
    assert cause.getMessage().startswith("Không kết nối được máy chủ Zalo: lỗi mạng khi gọi sendMessage")
    assert SECRET_PART not in caplog.text


@pytest.mark.parametrize("status", [200, 302, 403, 404, 502])
def test_an_answer_without_the_zalo_envelope_is_transient_and_never_marks_the_chat_unreachable(zalo_api, status):
    portal = FakePortal(status)
    try:
        [err] = send_all(ZaloChannel(TOKEN, portal.url, limiter=RateLimiter()), outgoing("chat-p"))
    finally:
        portal.close()
    assert isinstance(err, DeliveryError) and err.permanent is False and err.unreachable is False
    assert f"(mã {status})" in err.detail
    assert_for_officials(err.detail)
    # the same message goes out once the portal is out of the way
    [message_id] = send_all(channel_for(zalo_api), outgoing("chat-p"))
    assert isinstance(message_id, str) and [m["text"] for m in zalo_api.messages_to("chat-p")] == ["Nhắc việc"]


def test_the_start_up_check_does_not_take_a_portal_page_for_a_refused_token(caplog):
    from tracker.channels.zalo.transport import check_token

    caplog.set_level(logging.WARNING, logger="tracker.channels.zalo")
    portal = FakePortal(200)
    try:
        run(check_token({"zalo_token": TOKEN, "zalo_api_url": portal.url}))  # no ConfigError: tracker run starts
    finally:
        portal.close()
    assert "không phải của Zalo (HTTP 200)" in caplog.text


def test_messages_to_one_chat_are_spaced_so_the_per_chat_limit_is_never_hit(zalo_api):
    results = send_all(channel_for(zalo_api), *(outgoing("chat-7", f"tin {i}") for i in range(3)))
    assert all(isinstance(r, str) for r in results)
    assert [m["text"] for m in zalo_api.messages_to("chat-7")] == ["tin 0", "tin 1", "tin 2"]
    assert zalo_api.too_many == 0


def test_the_fake_platform_answers_429_when_the_client_does_not_throttle(zalo_api):
    unlimited = channel_for(zalo_api, RateLimiter(overall_per_second=1000, per_chat_interval=0))
    first, second = send_all(unlimited, outgoing("chat-8"), outgoing("chat-8"))
    assert isinstance(first, str)
    assert isinstance(second, DeliveryError) and not second.permanent and "429" in second.detail
    assert zalo_api.too_many == 1


def test_a_missing_token_is_a_config_error():
    with pytest.raises(ConfigError, match="TRACKER_ZALO_TOKEN"):
        ZaloChannel("  ")


@pytest.mark.parametrize(("env", "value", "message"), [
    ("TRACKER_ZALO_API_URL", "ftp://bot-api.example.vn", "TRACKER_ZALO_API_URL không hợp lệ"),
    ("TRACKER_ZALO_API_URL", "https://bot-api.example.vn:99999", "TRACKER_ZALO_API_URL có cổng không hợp lệ"),
    ("TRACKER_ZALO_TOKEN", "1459 s3cr3t/../x", "TRACKER_ZALO_TOKEN không hợp lệ"),
])
def test_a_malformed_setting_is_one_vietnamese_line_that_never_repeats_the_token(monkeypatch, env, value, message):
    from tracker.reminders.config import delivery_from_env, validate_delivery

    monkeypatch.setenv("TRACKER_ZALO_TOKEN", TOKEN)
    monkeypatch.setenv(env, value)
    with pytest.raises(ConfigError) as refused:
        validate_delivery(delivery_from_env())
    assert message in refused.value.message and "s3cr3t" not in refused.value.message
    assert SECRET_PART not in refused.value.message


# ---------------------------------------------------------------- the [zalo] table


@pytest.mark.parametrize(("table", "fragment"), [
    ('webhook_url = "ftp://xa.example.vn/zalo"\nlisten = "127.0.0.1:8443"', "[zalo] webhook_url phải là"),
    ('webhook_url = "https://xa.example.vn/zalo"\nlisten = "127.0.0.1:99999"', "[zalo] listen phải là"),
    ('webhook_url = "https://xa.example.vn/zalo"', "[zalo] webhook_url và listen phải đặt cùng nhau"),
    ("per_chat_interval_seconds = 0.01", "[zalo] per_chat_interval_seconds phải là"),
    ("overall_per_second = 0", "[zalo] overall_per_second phải là số nguyên từ 1 đến 1000"),
])
def test_a_malformed_zalo_table_stops_tracker_run_with_one_line_and_exit_78(
        seeded, run_cli, tmp_path, monkeypatch, table, fragment):
    from tests.factories import assert_one_vietnamese_error, outbox_rows

    conf = tmp_path / "bad.toml"
    conf.write_text(f"[zalo]\n{table}\n", encoding="utf-8")
    monkeypatch.setenv("TRACKER_CONFIG", str(conf))
    monkeypatch.setenv("TRACKER_ZALO_TOKEN", TOKEN)
    assert_one_vietnamese_error(run_cli("run"), fragment, code=78)
    assert outbox_rows(seeded) == []


def test_the_zalo_table_sets_the_channels_throttle_and_the_webhook(tmp_path, monkeypatch):
    from tracker.channels.zalo.config import load_zalo_settings

    conf = tmp_path / "tracker.toml"
    conf.write_text('[zalo]\nper_chat_interval_seconds = 2\noverall_per_second = 5\n'
                    'webhook_url = "https://xa.example.vn/zalo"\nlisten = "127.0.0.1:8443"\n', encoding="utf-8")
    monkeypatch.setenv("TRACKER_CONFIG", str(conf))
    settings = load_zalo_settings()
    assert (settings.webhook_url, settings.listen) == ("https://xa.example.vn/zalo", "127.0.0.1:8443")
    channel = ZaloChannel.from_settings({"zalo_token": TOKEN, "zalo_api_url": None}, None)  # type: ignore[arg-type]
    assert (channel.limiter.per_chat_interval, channel.limiter.overall) == (2.0, 5)
