"""Long bot replies and long reminders in the chat: every item in numbered parts, the buttons on the last
part, and the footer an action adds never cut into the message's HTML (real PTB, fake Bot API server)."""

from __future__ import annotations

import asyncio
import html
import re
from datetime import datetime
from typing import Any

import pytest
from sqlmodel import select

from tests.factories import CHAIRMAN, CHAIRMAN_CHAT, SEEDED_AT, VP_CHAT, VP_HEAD, fixed_task, write_plan
from tracker.timeutil import VN

pytestmark = pytest.mark.slow  # the real PTB Application polling the fake Bot API server

CODES = [f"X.{i}" for i in range(1, 151)]
_PART = re.compile(r"^\((\d+)/(\d+)\) ")


@pytest.fixture
def seeded(engine, tmp_path, plan_json):
    """The real plan plus 150 tasks of unit VP, all overdue on 1 October 2025."""
    from tracker.seed import seed

    data = dict(plan_json, tasks=[*plan_json["tasks"], *(fixed_task(code, "2025-09-05") for code in CODES)])
    seed(engine, write_plan(tmp_path, data), now=SEEDED_AT, actor="test")
    return engine


def reply_in_parts(bot: Any, chat: int, text: str) -> list[str]:
    """Send `text` as the user of `chat`; the bot's reply, waiting for every numbered part."""
    before = len(bot.api.messages_to(chat))
    bot.api.inject_message(chat, text)
    first = bot.api.wait_message(chat, after=before)
    numbered = _PART.match(first["text"])
    assert numbered is not None, first["text"][:80]
    total = int(numbered[2])
    bot.api.wait_message(chat, after=before + total - 1, timeout=30)
    bodies = []
    for k, message in enumerate(bot.api.messages_to(chat)[before:before + total], start=1):
        assert message["text"].startswith(f"({k}/{total}) ")
        bodies.append(message["text"].removeprefix(f"({k}/{total}) "))
    return bodies


def test_a_head_with_150_overdue_tasks_gets_every_one_from_viec_and_quahan_in_numbered_parts(bot):
    for command in ("/viec", "/quahan"):
        parts = reply_in_parts(bot, VP_CHAT, command)
        assert len(parts) >= 2
        assert re.findall(r"\bX\.\d+\b", "".join(parts)) == CODES  # all of them, by deadline then plan order
        assert not any("mục khác" in p for p in parts)
    assert bot.api.refused == []


def _long_body(task: str, lines: int, pad: int = 0) -> str:
    return f"<b>Nhắc việc {html.escape(task)}</b>\n" + "\n".join(
        f"• Văn bản số {i}/UBND &amp; phụ lục <i>kèm theo</i>" for i in range(lines)) + "\n" + "…" * pad


def _deliver_long(bot: Any, *, kind: str, to: str, chat: int, task: str, body: str) -> tuple[int, list[dict]]:
    """Store a long reminder/escalation about `task` and deliver it with the real dispatcher, in the bot's
    event loop (the channel shares the bot's rate limiter, as inside `tracker run`); returns (row id, parts)."""
    from tests.factories import cfg
    from tracker.bot.callbacks import escalation_buttons, reminder_buttons
    from tracker.db import transaction
    from tracker.models import OutboxMessage, Person, Task
    from tracker.reminders.config import delivery_from_env
    from tracker.reminders.dispatch import Dispatcher, default_factory

    now = datetime.now(VN)
    with transaction(bot.engine) as s:
        t = s.exec(select(Task).where(Task.code == task)).one()
        p = s.exec(select(Person).where(Person.name == to)).one()
        row = OutboxMessage(key=f"{task}:{kind}:long:{p.id}", commune_id=t.commune_id, kind=kind, rule=kind,
                            task_id=t.id, person_id=p.id, channel="telegram", address=str(chat), slot="2025-10-01",
                            subject="Nhắc việc", body_text=f"Nhắc việc {task}", body_html=body,
                            buttons=escalation_buttons() if kind == "escalation" else reminder_buttons(),
                            created_at=now, due_at=now, next_attempt_at=now)
        s.add(row)
        s.flush()
        row_id = row.id or 0
    before = len(bot.api.messages_to(chat))
    config = cfg()
    dispatcher = Dispatcher(bot.engine, config, default_factory(delivery_from_env(), config),
                            clock=lambda: datetime.now(VN))
    stats = asyncio.run_coroutine_threadsafe(dispatcher.deliver(ids=[row_id]), bot.loop).result(60)
    assert stats.sent == 1
    return row_id, bot.api.messages_to(chat)[before:]


def test_closing_a_task_whose_reminder_went_in_parts_marks_the_last_part_and_takes_its_buttons(bot):
    _, parts = _deliver_long(bot, kind="overdue", to=VP_HEAD, chat=VP_CHAT, task="X.7",
                             body=_long_body("X.7", 150))
    assert len(parts) >= 2 and parts[-1]["reply_markup"] and not any(p["reply_markup"] for p in parts[:-1])
    assert "Đã ghi nhận hoàn thành" in bot.say(VP_CHAT, "/xong X.7")["text"]
    last = bot.api.wait_for(lambda: (m := bot.api.message(VP_CHAT, parts[-1]["message_id"])).get("edit_date") and m)
    assert last["text"].startswith(parts[-1]["text"]) and f"Đã hoàn thành — {VP_HEAD}" in last["text"]
    assert "reply_markup" not in last
    assert all(bot.api.message(VP_CHAT, p["message_id"])["text"] == p["text"] for p in parts[:-1])


def test_a_footer_that_would_overflow_the_last_part_follows_it_as_a_reply_and_the_part_is_left_whole(bot):
    from tracker.reminders.split import length, split_message

    footer = len("\n\n👁 <b>Đã xem</b> lúc 01/10/2025 09:00 — ") + len(CHAIRMAN)  # at least this long
    body = next(b for n in range(60, 200) for pad in range(60) if
                4096 - footer < length(split_message(b := _long_body("X.9", n, pad), 4096, html=True)[-1]))
    _, parts = _deliver_long(bot, kind="escalation", to=CHAIRMAN, chat=CHAIRMAN_CHAT, task="X.9", body=body)
    before = len(bot.api.messages_to(CHAIRMAN_CHAT))
    answer = bot.press(CHAIRMAN_CHAT, parts[-1]["message_id"], bot.buttons(parts[-1])["Đã xem"])
    assert "Đã ghi nhận" in answer["text"]
    footer = bot.api.wait_message(CHAIRMAN_CHAT, after=before)
    assert footer["text"].startswith("👁 Đã xem lúc") and CHAIRMAN in footer["text"]
    last = bot.api.message(CHAIRMAN_CHAT, parts[-1]["message_id"])
    assert last["text"] == parts[-1]["text"] and "reply_markup" not in last
    assert bot.api.refused == []


def test_closing_a_task_finds_the_last_part_even_when_the_telegram_channel_splits_shorter(bot, monkeypatch):
    """The bot reads a reminder's parts back with the channel's own splitting: were the limit lowered
    (Telegram's own, or a proxy's), the footer still lands on the part that carries the buttons."""
    from tracker.channels.telegram.transport import TelegramChannel

    monkeypatch.setattr(TelegramChannel, "max_length", 1500)
    _, parts = _deliver_long(bot, kind="overdue", to=VP_HEAD, chat=VP_CHAT, task="X.8", body=_long_body("X.8", 150))
    assert len(parts) >= 5 and all(len(p["raw"]) <= 1500 for p in parts) and parts[-1]["reply_markup"]
    assert "Đã ghi nhận hoàn thành" in bot.say(VP_CHAT, "/xong X.8")["text"]
    last = bot.api.wait_for(lambda: (m := bot.api.message(VP_CHAT, parts[-1]["message_id"])).get("edit_date") and m)
    assert last["text"].startswith(parts[-1]["text"]) and f"Đã hoàn thành — {VP_HEAD}" in last["text"]
    assert "reply_markup" not in last and bot.api.refused == []
