"""Starting the bot (token, unreachable server), the CLI around it, and rules that need no buttons."""

from __future__ import annotations

import asyncio
import re
from typing import Any

import pytest
from sqlmodel import select

from tests.factories import VHXH_CHAT, VHXH_HEAD, VP_HEAD, BotDriver, BotThread
from tests.fake_bot_api import FakeBotApi
from tracker.db import reading
from tracker.errors import ConfigError
from tracker.models import Completion, LinkCode, Task

pytestmark = pytest.mark.slow  # the real PTB Application polling the fake Bot API server, and `tracker bot` processes


def test_a_wrong_token_stops_start_up_with_a_message_that_does_not_show_it(seeded, fake_api):
    from tracker.bot.runner import start_bot
    from tracker.channels.telegram.transport import TelegramChannel

    wrong = "424242:definitely-not-the-token"
    with pytest.raises(ConfigError) as exc:
        asyncio.run(start_bot(seeded, channel=TelegramChannel(wrong, fake_api.url)))
    assert "TRACKER_TELEGRAM_TOKEN" in exc.value.message
    assert wrong not in exc.value.message and "424242" not in exc.value.message


def _engine() -> Any:
    from tracker.db import get_engine

    return get_engine()


def test_the_bot_keeps_retrying_while_the_bot_api_is_unreachable_then_serves(people, telegram_env, clock):
    telegram_env.fail_next(502, method="getMe", count=3)
    runner = BotThread(_engine(), retry_seconds=0.05)
    try:
        driver = BotDriver(telegram_env, _engine(), runner.loop)
        assert "II.2.b.1" in driver.say(2001, "/viec")["text"]
        assert [m for m, _ in telegram_env.calls].count("getMe") == 4
    finally:
        runner.close()


def test_tracker_bot_without_a_token_is_a_vietnamese_error(run_cli, monkeypatch, engine):
    monkeypatch.delenv("TRACKER_TELEGRAM_TOKEN", raising=False)
    res = run_cli("bot")
    assert res.exit_code != 0
    assert "TRACKER_TELEGRAM_TOKEN" in res.output and "Traceback" not in res.output


def test_invite_and_unlink_refuse_unknown_or_unlinked_people_without_changing_data(run_cli, people):
    res = run_cli("people", "invite", "Không Có Ai")
    assert res.exit_code != 0 and "Không có người nào" in res.output
    res = run_cli("people", "unlink", VP_HEAD)  # linked: fine
    assert res.exit_code == 0 and "Đã hủy liên kết" in res.output
    res = run_cli("people", "unlink", VP_HEAD)  # now nothing to unlink
    assert res.exit_code != 0 and "chưa liên kết Telegram" in res.output
    res = run_cli("people", "invite", VHXH_HEAD, "--hours", "0")
    assert res.exit_code != 0
    with reading(_engine()) as s:
        assert s.exec(select(LinkCode)).all() == []


def test_a_new_invitation_revokes_the_previous_code(bot, run_cli):
    first = re.search(r"/start (\S+)", run_cli("people", "invite", VHXH_HEAD).output).group(1)
    second = re.search(r"/start (\S+)", run_cli("people", "invite", VHXH_HEAD).output).group(1)
    assert "hết hạn" in bot.say(7101, f"/start {first}")["text"]
    assert VHXH_HEAD in bot.say(7102, f"/start {second}")["text"]


def test_guessing_codes_is_cut_off_after_five_failures_in_an_hour(bot, run_cli):
    code = re.search(r"/start (\S+)", run_cli("people", "invite", VHXH_HEAD).output).group(1)
    for guess in ("AAAA-AAAA", "BBBB-BBBB", "CCCC-CCCC", "DDDD-DDDD", "EEEE-EEEE"):
        bot.say(7201, f"/start {guess}")
    assert "hết hạn" in bot.say(7201, f"/start {code}")["text"]
    assert VHXH_HEAD in bot.say(7202, f"/start {code}")["text"]  # the code itself was not spent


def test_a_monthly_task_without_a_period_closes_its_oldest_open_period(bot):
    # III.1.4 is shared by the departments: the head of VHXH names it and closes VHXH's own part.
    reply = bot.say(VHXH_CHAT, "/xong III.1.4 Đã gửi báo cáo")
    assert "III.1.4/VHXH" in reply["text"] and "(tháng 8/2025)" in reply["text"]
    reply = bot.say(VHXH_CHAT, "/xong III.1.4 2025-09")
    assert "III.1.4/VHXH" in reply["text"] and "(tháng 9/2025)" in reply["text"]
    with reading(bot.engine) as s:
        task = s.exec(select(Task).where(Task.code == "III.1.4/VHXH")).one()
        done = s.exec(select(Completion).where(Completion.task_id == task.id)).all()
    assert len(done) == 2 and {c.note for c in done} == {"Đã gửi báo cáo", None}


def test_a_chairmans_own_extension_applies_at_once(bot):
    from tests.factories import CHAIRMAN_CHAT

    reply = bot.say(CHAIRMAN_CHAT, "/giahan II.2.b.2 20/11/2025 Điều chỉnh theo chỉ đạo của tỉnh")
    assert "Đã gia hạn" in reply["text"] and "20/11/2025" in reply["text"]


def test_the_fake_server_is_usable_from_async_code(fake_api: FakeBotApi):
    import httpx

    async def call() -> Any:
        async with httpx.AsyncClient() as client:
            r = await client.post(f"{fake_api.url}/bot{fake_api.token}/getMe")
            unknown = await client.post(f"{fake_api.url}/bot{fake_api.token}/noSuchMethod")
            wrong = await client.post(f"{fake_api.url}/botWRONG/getMe")
            return r.json(), unknown.status_code, wrong.status_code

    me, unknown, wrong = asyncio.run(call())
    assert me["ok"] is True and me["result"]["is_bot"] is True
    assert (unknown, wrong) == (400, 401)


def test_tracker_bot_serves_through_the_api_url_and_stops_cleanly_on_sigterm(people, telegram_env, db_url):
    import os
    import signal
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent
    proc = subprocess.Popen([sys.executable, str(root / "cli.py"), "bot"], env={**os.environ, "TRACKER_DB": db_url},
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        telegram_env.wait_for(lambda: any(m == "getUpdates" for m, _ in telegram_env.calls), timeout=30)
        telegram_env.inject_message(2001, "/quahan")
        assert "II.2.b.1" in telegram_env.wait_message(2001)["text"]
        assert telegram_env.commands and telegram_env.commands[0]["command"] == "viec"
        # Telegram's command menu offers the leaders' reply verbs too, as /help does.
        assert {"duyet", "tuchoi", "daxem"} <= {c["command"] for c in telegram_env.commands}
    finally:
        proc.send_signal(signal.SIGTERM)
        out, err = proc.communicate(timeout=30)
    assert proc.returncode == 0, err
    assert "Bot Telegram đã dừng." in err
    assert telegram_env.token not in err + out and telegram_env.token.split(":")[1] not in err + out


def test_the_bot_polls_and_answers_through_the_configured_proxy(people, telegram_env, clock, monkeypatch):
    from tests.fake_bot_api import ForwardProxy

    with ForwardProxy() as proxy:
        monkeypatch.setenv("TRACKER_TELEGRAM_PROXY", proxy.url)
        runner = BotThread(_engine())
        try:
            reply = BotDriver(telegram_env, _engine(), runner.loop).say(VHXH_CHAT, "/viec")
            assert "III.1.4" in reply["text"]
        finally:
            runner.close()
    assert {"getMe", "getUpdates", "sendMessage"} <= set(proxy.forwarded)
