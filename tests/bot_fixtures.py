"""Helpers for the bot tests: named people and chats, the real PTB Application polling the
fake Bot API server in a background event loop, and a driver that talks to it like users.

The fixtures themselves (people, clock, bot) are in tests/conftest.py; import these names explicitly.
"""

from __future__ import annotations

import asyncio
import html
import threading
from datetime import datetime
from typing import Any

from tests.fake_bot_api import TOKEN, FakeBotApi
from tracker.timeutil import VN

__all__ = [
    "CHAIRMAN",
    "CHAIRMAN_CHAT",
    "OCT_1",
    "STAFF",
    "STAFF_CHAT",
    "STRANGER_CHAT",
    "VHXH_CHAT",
    "VHXH_HEAD",
    "VP_CHAT",
    "VP_HEAD",
    "BotDriver",
    "BotThread",
]

OCT_1 = datetime(2025, 10, 1, 9, 0, tzinfo=VN)  # Q3 tasks of VP (II.2.b.1, II.2.b.2) are overdue
CHAIRMAN, VP_HEAD, VHXH_HEAD, STAFF = "Bùi Quang Nam", "Nguyễn Thị Hoa", "Trần Văn Bình", "Lê Thị Cúc"
CHAIRMAN_CHAT, VP_CHAT, VHXH_CHAT, STAFF_CHAT, STRANGER_CHAT = 1001, 2001, 2002, 3001, 9999




class BotDriver:
    """Users talking to the running bot through the fake server."""

    def __init__(self, api: FakeBotApi, engine: Any, loop: asyncio.AbstractEventLoop) -> None:
        self.api = api
        self.engine = engine
        self.loop = loop  # the bot's loop: the channel shares its rate limiter, as inside `tracker run`

    def say(self, chat: int, text: str) -> dict[str, Any]:
        """Send a message as the user of `chat`; return the bot's next message to that chat."""
        before = len(self.api.messages_to(chat))
        self.api.inject_message(chat, text)
        return self.api.wait_message(chat, after=before)

    def press(self, chat: int, message_id: int, data: str) -> dict[str, Any]:
        """Press a button under a message in `chat`; return the bot's answerCallbackQuery (sent last)."""
        return self.api.wait_answer(self.api.inject_callback(chat, message_id, data))

    def buttons(self, message: dict[str, Any]) -> dict[str, str]:
        return {b["text"]: b["callback_data"] for row in (message.get("reply_markup") or {})["inline_keyboard"]
                for b in row}

    def deliver(self, *, kind: str, task: str, to: str, chat: int, slot: str = "2025-10-01") -> tuple[int, dict]:
        """Store a reminder/escalation in the outbox and deliver it with the real Telegram channel,
        as the dispatcher does; returns (outbox id, the message as the fake server holds it)."""
        from sqlmodel import select

        from tracker.bot.callbacks import escalation_buttons, reminder_buttons
        from tracker.channels.base import Button, Outgoing
        from tracker.channels.telegram.transport import TelegramChannel
        from tracker.db import transaction
        from tracker.models import OutboxMessage, Person, Task

        now = datetime.now(VN)
        with transaction(self.engine) as s:
            t = s.exec(select(Task).where(Task.code == task)).one()
            p = s.exec(select(Person).where(Person.name == to)).one()
            buttons = escalation_buttons() if kind == "escalation" else reminder_buttons()
            label = "Cảnh báo quá hạn" if kind == "escalation" else "Nhắc việc"
            body = f"<b>{label}</b>\n{html.escape(t.code)}: {html.escape(t.title, quote=False)}"
            row = OutboxMessage(key=f"{t.code}:{kind}:{p.id}:telegram:{slot}", commune_id=t.commune_id, kind=kind,
                                rule=kind, task_id=t.id, person_id=p.id, channel="telegram", address=str(chat),
                                slot=slot, subject=label, body_text=f"{label}: {t.code}", body_html=body,
                                buttons=buttons, created_at=now, due_at=now, next_attempt_at=now)
            s.add(row)
            s.flush()
            out = Outgoing(outbox_id=row.id or 0, key=row.key, kind=kind, channel="telegram", address=str(chat),
                           recipient_name=p.name, subject=label, text=row.body_text, html=body,
                           buttons=tuple(Button(b["label"], b["action"]) for b in buttons))

        async def send() -> str | None:
            async with TelegramChannel(TOKEN, self.api.url) as ch:
                return await ch.send(out)

        message_id = asyncio.run_coroutine_threadsafe(send(), self.loop).result(30)
        with transaction(self.engine) as s:
            stored = s.get(OutboxMessage, out.outbox_id)
            assert stored is not None
            stored.status, stored.external_id, stored.sent_at = "sent", message_id, now
            s.add(stored)
        return out.outbox_id, self.api.message(chat, int(message_id or 0))


class BotThread:
    """start_bot() in an event loop of its own thread, configured from TRACKER_TELEGRAM_* like `tracker run`."""

    def __init__(self, engine: Any, **kwargs: Any) -> None:
        from tracker.bot.runner import start_bot
        from tracker.bot.settings import BotSettings

        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, name="bot-loop", daemon=True)
        self.thread.start()
        kwargs = {"settings": BotSettings(), "poll_timeout": 1, **kwargs}
        try:
            self.stop_bot = asyncio.run_coroutine_threadsafe(start_bot(engine, **kwargs), self.loop).result(30)
        except BaseException:
            self._end_loop()
            raise

    def close(self) -> None:
        try:
            asyncio.run_coroutine_threadsafe(self.stop_bot(), self.loop).result(30)
        finally:
            self._end_loop()

    def _end_loop(self) -> None:
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(10)
        self.loop.close()
