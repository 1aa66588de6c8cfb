"""Across the reminders engine and the bot: `tracker remind run` delivers over Telegram through the
fake Bot API server, users answer with the buttons, and the next sweep respects what they did."""

from __future__ import annotations

from datetime import datetime

import pytest
from sqlmodel import select

from tests.factories import CHAIRMAN_CHAT, VP_CHAT
from tracker.db import reading
from tracker.models import Completion, EscalationAck, Task
from tracker.timeutil import VN

pytestmark = pytest.mark.slow  # the real PTB Application polling the fake Bot API server


def _find(messages: list[dict], *needles: str) -> dict:
    return next(m for m in messages if all(n in m["text"] for n in needles))


def test_buttons_on_real_reminders_close_the_task_and_silence_the_escalation(bot, run_cli, clock):
    clock.move_to(datetime(2025, 10, 2, 9, 0, tzinfo=VN), tick=True)
    res = run_cli("remind", "run", "--at", "2025-10-02 08:00", "--replay")
    assert res.exit_code == 0, res.output
    api = bot.api
    reminder = _find(api.messages_to(VP_CHAT), "II.2.b.2", "Quá hạn")
    escalation = _find(api.messages_to(CHAIRMAN_CHAT), "II.2.b.1", "Chủ tịch")

    answer = bot.press(VP_CHAT, reminder["message_id"], bot.buttons(reminder)["Đã hoàn thành"])
    assert "Đã ghi nhận hoàn thành" in answer["text"]
    assert "Đã hoàn thành — Nguyễn Thị Hoa" in api.message(VP_CHAT, reminder["message_id"])["text"]
    answer = bot.press(CHAIRMAN_CHAT, escalation["message_id"], bot.buttons(escalation)["Đã xem"])
    assert "Đã ghi nhận" in answer["text"]
    with reading(bot.engine) as s:
        task = s.exec(select(Task).where(Task.code == "II.2.b.2")).one()
        assert s.exec(select(Completion).where(Completion.task_id == task.id)).one().channel == "telegram"
        assert len(s.exec(select(EscalationAck)).all()) == 1

    before = {chat: len(api.messages_to(chat)) for chat in (VP_CHAT, CHAIRMAN_CHAT)}
    clock.move_to(datetime(2025, 10, 9, 9, 0, tzinfo=VN), tick=True)
    res = run_cli("remind", "run", "--at", "2025-10-09 08:00", "--replay")
    assert res.exit_code == 0, res.output
    to_chairman = [m["text"] for m in api.messages_to(CHAIRMAN_CHAT)[before[CHAIRMAN_CHAT]:]]
    to_head = [m["text"] for m in api.messages_to(VP_CHAT)[before[VP_CHAT]:]]
    escalations = [t for t in to_chairman if "Báo cáo Chủ tịch" in t]
    assert escalations, to_chairman  # other overdue items still escalate weekly ...
    assert not any("II.2.b.1" in t or "II.2.b.2" in t for t in escalations)  # ... but not acked or done ones
    assert any("II.2.b.1" in t for t in to_head) and not any("Quá hạn: II.2.b.2" in t for t in to_head)
    assert api.too_many == 0
