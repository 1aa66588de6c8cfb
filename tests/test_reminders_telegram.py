"""Reminders through the real Telegram channel (python-telegram-bot) to the fake Bot API server in tests/:
escaped HTML with signed buttons, 403 marks a person unreachable (e-mail continues), 429 retried."""

from __future__ import annotations

from datetime import timedelta

import pytest

from tests.factories import CHAIRMAN, VP_HEAD, add_person, cfg, outbox_rows, sweep_at, vn

pytestmark = pytest.mark.slow  # the real PTB client against the fake Bot API server, with backoffs

HEAD_CHAT, BOSS_CHAT = 1001, 1002
OCT_2 = vn(2025, 10, 2)


@pytest.fixture
def chats(seeded):
    from tracker.domain.people import edit_person

    add_person(seeded, VP_HEAD, unit="VP", email_addr="hoa@camhiep.example.invalid", chat=HEAD_CHAT)
    edit_person(seeded, commune=None, who=CHAIRMAN, changes={"telegram_chat_id": BOSS_CHAT}, actor="t",
                now=vn(2025, 8, 5))
    return seeded


def _delivery(smtp: object | None = None) -> object:
    from dataclasses import replace

    from tracker.reminders.config import delivery_from_env

    d = delivery_from_env()
    return replace(d, smtp_url=getattr(smtp, "url", None))


def test_reminders_reach_telegram_as_html_with_signed_buttons(chats, telegram_env):
    swept = sweep_at(chats, OCT_2, delivery=_delivery())
    assert swept.result.delivery.failed == 0 and swept.result.delivery.sent > 0
    head = telegram_env.messages_to(HEAD_CHAT)
    overdue = next(m for m in head if "Quá hạn: II.2.b.1" in m["text"])
    assert overdue["parse_mode"] == "HTML" and "<b>Quá hạn: II.2.b.1</b>" in overdue["raw"]
    datas = [b["callback_data"] for row in overdue["reply_markup"]["inline_keyboard"] for b in row]
    assert [d.split(":")[0] for d in datas] == ["done", "ext", "info"]
    row = next(r for r in outbox_rows(chats) if r.channel == "telegram" and r.external_id == str(
        overdue["message_id"]) and r.address == str(HEAD_CHAT))
    assert all(d.split(":")[1] == f"o{row.id}" for d in datas)
    esc = next(m for m in telegram_env.messages_to(BOSS_CHAT) if "Báo cáo Chủ tịch: II.2.b.1" in m["text"])
    labels = [b["text"] for r in esc["reply_markup"]["inline_keyboard"] for b in r]
    assert labels[0] == "Đã xem"
    assert telegram_env.too_many == 0


def test_a_user_who_blocked_the_bot_is_marked_unreachable_and_email_keeps_reaching_them(
        chats, telegram_env, smtp_server):
    from tracker.db import reading
    from tracker.models import Person

    telegram_env.block(HEAD_CHAT)
    first = sweep_at(chats, OCT_2, delivery=_delivery(smtp_server))
    tg = [r for r in outbox_rows(chats) if r.channel == "telegram" and r.address == str(HEAD_CHAT)]
    assert tg and tg[0].status == "failed" and "403" in tg[0].last_error
    assert all(r.status == "failed" for r in tg)  # the rest are failed without another call
    with reading(chats) as s:
        assert s.get(Person, 2).telegram_unreachable is True
    assert any(r.rcpt == ["hoa@camhiep.example.invalid"] for r in smtp_server.received)
    assert first.result.delivery.failed == len(tg)
    before = len(outbox_rows(chats))
    sweep_at(chats, vn(2025, 10, 3), delivery=_delivery(smtp_server))
    new = outbox_rows(chats)[before:]
    assert {r.channel for r in new if r.address in (str(HEAD_CHAT), "hoa@camhiep.example.invalid")} == {"email"}
    from tracker.reminders.sweep import prepare

    prepare(chats, vn(2025, 10, 6, 7, 30), cfg(), _delivery(smtp_server))  # stored, not sent
    digest = next(r for r in outbox_rows(chats) if r.kind == "digest" and r.address == str(BOSS_CHAT)
                  and r.slot == "2025-10-06")
    assert f"5. Người không còn nhận được tin nhắn qua ứng dụng (đã chặn bot hoặc không còn cuộc trò chuyện): 1 " \
           f"({VP_HEAD} qua Telegram)" in digest.body_text


def test_a_429_is_retried_after_the_backoff(chats, telegram_env):
    telegram_env.fail_next(429, chat_id=BOSS_CHAT, retry_after=3)
    sweep_at(chats, OCT_2, delivery=_delivery())
    # E-mails wait for a process with TRACKER_SMTP_URL; of the Telegram rows, only the refused one waits.
    waiting = [r for r in outbox_rows(chats) if r.status == "pending" and r.channel == "telegram"]
    assert len(waiting) == 1 and waiting[0].attempts == 1 and "429" in waiting[0].last_error
    assert waiting[0].next_attempt_at == OCT_2 + timedelta(seconds=60)  # max(backoff 60 s, retry_after 3 s)
    sweep_at(chats, OCT_2 + timedelta(minutes=2), delivery=_delivery())
    assert all(r.status in ("sent", "skipped") for r in outbox_rows(chats) if r.channel == "telegram")
