"""The Telegram channel: the real python-telegram-bot talking to the fake Bot API server."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from tests.fake_bot_api import TOKEN, FakeBotApi
from tracker.bot.callbacks import ACTIONS, secret_key, verify
from tracker.channels.base import Button, DeliveryError, Outgoing
from tracker.channels.telegram.ratelimit import RateLimiter
from tracker.channels.telegram.transport import TelegramChannel, api_urls
from tracker.errors import ConfigError

TITLE = 'Báo cáo <b>quý</b> & "khẩn"'


def outgoing(chat_id: int, html: str | None = "Nhắc việc", *, outbox_id: int = 1, text: str = "Nhắc việc",
             buttons: tuple[Button, ...] = ()) -> Outgoing:
    return Outgoing(outbox_id=outbox_id, key=f"k{outbox_id}", kind="reminder", channel="telegram",
                    address=str(chat_id), recipient_name="Nguyễn Thị Hoa", subject="Nhắc việc", text=text,
                    html=html, buttons=buttons)


def send_all(channel: TelegramChannel, *messages: Outgoing) -> list[Any]:
    """Send each message in one batch; a DeliveryError is returned in place of the id."""
    async def run() -> list[Any]:
        out: list[Any] = []
        async with channel:
            for m in messages:
                try:
                    out.append(await channel.send(m))
                except DeliveryError as exc:
                    out.append(exc)
        return out
    return asyncio.run(run())


def channel_for(api: FakeBotApi) -> TelegramChannel:
    return TelegramChannel(TOKEN, api.url, limiter=RateLimiter())


def test_message_is_delivered_as_html_with_the_title_escaped_and_its_message_id_returned(telegram_env):
    import html

    body = f"<b>Nhắc việc</b>\nNhiệm vụ II.2.b.1: {html.escape(TITLE, quote=False)}"
    [message_id] = send_all(TelegramChannel.from_env(), outgoing(5001, body))
    [sent] = telegram_env.messages_to(5001)
    assert message_id == str(sent["message_id"])
    assert sent["parse_mode"] == "HTML"
    # What the user reads: the markup around "Nhắc việc" is formatting, the title's tags are literal text.
    assert sent["text"] == f"Nhắc việc\nNhiệm vụ II.2.b.1: {TITLE}"


def test_plain_text_without_html_is_escaped_by_the_channel(telegram_env):
    send_all(TelegramChannel.from_env(), outgoing(5002, None, text=f"Nhiệm vụ: {TITLE}"))
    assert telegram_env.messages_to(5002)[0]["text"] == f"Nhiệm vụ: {TITLE}"


def test_unescaped_html_would_be_refused_by_the_fake_server_like_by_telegram(telegram_env):
    [err] = send_all(TelegramChannel.from_env(), outgoing(5003, f"Nhiệm vụ: {TITLE}"))
    assert isinstance(err, DeliveryError) and err.permanent and "can't parse entities" in err.detail.lower()


def test_buttons_carry_callback_data_signed_for_the_outbox_row_and_the_chat(telegram_env):
    buttons = tuple(Button(ACTIONS[a], a) for a in ("done", "ext", "info"))
    send_all(TelegramChannel.from_env(), outgoing(5004, outbox_id=77, buttons=buttons))
    [row] = telegram_env.messages_to(5004)[0]["reply_markup"]["inline_keyboard"]
    assert [b["text"] for b in row] == ["Đã hoàn thành", "Xin gia hạn", "Chi tiết"]
    key = secret_key(TOKEN)
    datas = [b["callback_data"] for b in row]
    assert all(len(d.encode()) <= 64 for d in datas)
    assert [verify(d, 5004, key) for d in datas] == [("done", "o", 77), ("ext", "o", 77), ("info", "o", 77)]
    assert verify(datas[0], 5005, key) is None  # the same data pressed in another chat is refused
    assert verify(datas[0].replace("o77", "o78"), 5004, key) is None


def test_429_is_a_transient_failure_that_carries_retry_after(telegram_env):
    telegram_env.fail_next(429, retry_after=7)
    [err, ok] = send_all(channel_for(telegram_env), outgoing(5010), outgoing(5011))
    assert isinstance(err, DeliveryError)
    assert (err.permanent, err.retry_after, err.unreachable) == (False, 7.0, False)
    assert ok == "1"


def test_a_user_who_blocked_the_bot_is_a_permanent_failure_marked_unreachable(telegram_env):
    telegram_env.block(5020)
    [err] = send_all(channel_for(telegram_env), outgoing(5020))
    assert isinstance(err, DeliveryError)
    assert (err.permanent, err.unreachable) == (True, True)
    assert "blocked" in err.detail


def test_chat_not_found_is_permanent_but_not_unreachable(telegram_env):
    telegram_env.fail_next(400, description="Bad Request: chat not found")
    [err] = send_all(channel_for(telegram_env), outgoing(5030))
    assert isinstance(err, DeliveryError) and (err.permanent, err.unreachable) == (True, False)


@pytest.mark.parametrize("status", [500, 502, 503])
def test_server_errors_are_transient(telegram_env, status):
    telegram_env.fail_next(status)
    [err] = send_all(channel_for(telegram_env), outgoing(5040))
    assert isinstance(err, DeliveryError) and err.permanent is False and err.retry_after is None


def test_a_wrong_token_is_a_permanent_error_whose_detail_does_not_contain_the_token(fake_api):
    wrong = "999:wrong-secret-token-value"
    [err] = send_all(TelegramChannel(wrong, fake_api.url, limiter=RateLimiter()), outgoing(5050))
    assert isinstance(err, DeliveryError) and err.permanent
    assert wrong not in err.detail and "999" not in err.detail


def test_an_unreachable_server_is_transient_and_the_error_hides_token_and_proxy_password(fake_api):
    url = fake_api.url
    fake_api.stop()
    channel = TelegramChannel(TOKEN, url, limiter=RateLimiter())
    [err] = send_all(channel, outgoing(5060))
    assert isinstance(err, DeliveryError) and err.permanent is False
    assert TOKEN not in err.detail and TOKEN.split(":")[1] not in err.detail
    proxied = TelegramChannel(TOKEN, url, "http://user:s3cr3t@127.0.0.1:9", limiter=RateLimiter())
    [err] = send_all(proxied, outgoing(5061))
    assert isinstance(err, DeliveryError) and err.permanent is False and "s3cr3t" not in err.detail
    assert "s3cr3t" not in repr(proxied) and TOKEN not in repr(proxied)


def test_bad_chat_address_is_permanent(telegram_env):
    [err] = send_all(channel_for(telegram_env), outgoing(5070).__class__(**{**outgoing(5070).__dict__,
                                                                          "address": "@someone"}))
    assert isinstance(err, DeliveryError) and err.permanent


def test_messages_to_one_chat_are_spaced_so_the_per_chat_limit_is_never_hit(telegram_env):
    results = send_all(channel_for(telegram_env), outgoing(5080), outgoing(5080), outgoing(5080))
    assert results == ["1", "2", "3"]
    assert telegram_env.too_many == 0


def test_the_fake_server_enforces_the_per_chat_limit_when_the_client_does_not(telegram_env):
    unlimited = TelegramChannel(TOKEN, telegram_env.url, limiter=RateLimiter(overall_per_second=1000,
                                                                            per_chat_interval=0))
    results = send_all(unlimited, outgoing(5090), outgoing(5090))
    assert results[0] == "1"
    assert isinstance(results[1], DeliveryError) and results[1].retry_after == 1.0
    assert telegram_env.too_many == 1


def test_from_env_reads_the_api_url_and_proxy_and_builds_ptb_urls(monkeypatch):
    monkeypatch.setenv("TRACKER_TELEGRAM_TOKEN", TOKEN)
    monkeypatch.setenv("TRACKER_TELEGRAM_API_URL", "http://127.0.0.1:8081/")
    monkeypatch.setenv("TRACKER_TELEGRAM_PROXY", "socks5://user:pw@10.0.0.1:1080")
    ch = TelegramChannel.from_env()
    assert ch.api_url == "http://127.0.0.1:8081" and ch.proxy == "socks5://user:pw@10.0.0.1:1080"
    bot = ch.make_bot()
    assert bot.base_url == f"http://127.0.0.1:8081/bot{TOKEN}"
    assert bot.base_file_url == f"http://127.0.0.1:8081/file/bot{TOKEN}"
    assert api_urls(None) == ("https://api.telegram.org/bot", "https://api.telegram.org/file/bot")


@pytest.mark.parametrize("env, value", [
    ("TRACKER_TELEGRAM_API_URL", "127.0.0.1:8081"),
    ("TRACKER_TELEGRAM_API_URL", "ftp://bot.example"),
    ("TRACKER_TELEGRAM_PROXY", "socks4://10.0.0.1:1080"),
    ("TRACKER_TELEGRAM_PROXY", "http://10.0.0.1:notaport"),
])
def test_bad_api_url_or_proxy_is_a_vietnamese_config_error(monkeypatch, env, value):
    monkeypatch.setenv("TRACKER_TELEGRAM_TOKEN", TOKEN)
    monkeypatch.delenv("TRACKER_TELEGRAM_API_URL", raising=False)
    monkeypatch.delenv("TRACKER_TELEGRAM_PROXY", raising=False)
    monkeypatch.setenv(env, value)
    with pytest.raises(ConfigError) as exc:
        TelegramChannel.from_env()
    assert env in exc.value.message and "pw" not in exc.value.message


def test_missing_token_is_a_config_error(monkeypatch):
    monkeypatch.delenv("TRACKER_TELEGRAM_TOKEN", raising=False)
    assert TelegramChannel.configured() is False
    with pytest.raises(ConfigError, match="TRACKER_TELEGRAM_TOKEN"):
        TelegramChannel.from_env()


def test_messages_go_through_the_configured_proxy_with_its_credentials(telegram_env, monkeypatch):
    from tests.fake_bot_api import ForwardProxy

    with ForwardProxy("tracker", "pr0xy-pass") as proxy:
        monkeypatch.setenv("TRACKER_TELEGRAM_PROXY", proxy.url.replace("http://", "http://tracker:pr0xy-pass@"))
        [message_id] = send_all(TelegramChannel.from_env(), outgoing(5100))
        assert message_id == "1" and proxy.forwarded == ["sendMessage"]
        monkeypatch.setenv("TRACKER_TELEGRAM_PROXY", proxy.url.replace("http://", "http://tracker:wrong@"))
        [err] = send_all(TelegramChannel.from_env(), outgoing(5101))
    assert isinstance(err, DeliveryError) and err.permanent is False
    assert "wrong" not in err.detail and len(telegram_env.messages_to(5101)) == 0
