"""Reminders, overdue notices, escalations and digests delivered on Zalo: the real sweep, dispatcher, channel and
client against the fake Zalo Bot Platform in tests/ (tests/fake_zalo_api.py).

The issue's "done when": a head linked on Zalo receives the 7/3/1-day reminders and the overdue notices for their
unit's tasks, and the Chairman the escalation, each ending with the reply that acts on it. Linking itself is the
bot's (tests/test_zalo_bot.py): here the chat is set on the person directly. Also: retries after 5xx and 429, a
blocked chat marks the person unreachable (listed in the Chairman's digest, e-mail keeps reaching them), and a
long digest arrives as numbered parts, in order.
"""

from __future__ import annotations

import asyncio
import logging
import os
import uuid
from datetime import timedelta
from typing import Any

import pytest

from tests.factories import (
    CHAIRMAN,
    VHXH_HEAD,
    VP_HEAD,
    add_person,
    cfg,
    fixed_task,
    link_zalo,
    outbox_rows,
    seed_plan,
    sweep_at,
    vn,
)
from tests.fake_zalo_api import TOKEN, FakePortal, FakeZaloApi

pytestmark = pytest.mark.slow  # the fake platform's 1 message per second per chat paces these sweeps

HEAD_CHAT, BOSS_CHAT, OTHER_CHAT = "a1b2c3d4e5f6a7b8c9d0", "0f9e8d7c6b5a4f3e2d1c", "5a5a5a5a5a5a5a5a5a5a"
SIGNATURE = "— Hệ thống theo dõi nhiệm vụ cải cách TTHC, UBND xã Cam Hiệp"
TITLE = "Rà soát, công bố danh mục thủ tục hành chính <mới> & sửa đổi"


def zalo_delivery(**more: str) -> Any:
    from tracker.reminders.config import delivery_from_env

    return delivery_from_env({**os.environ, **more})


@pytest.fixture
def on_zalo(engine, tmp_path, plan_json, zalo_env):
    """X.1 (VP) and Y.1 (VHXH) due Tuesday 30/09/2025; both heads and the Chairman linked on Zalo only."""
    seed_plan(engine, tmp_path, plan_json, [fixed_task("X.1", "2025-09-30", unit="VP", title=TITLE),
                                            fixed_task("Y.1", "2025-09-30", unit="VHXH")])
    add_person(engine, VP_HEAD, unit="VP")
    add_person(engine, VHXH_HEAD, unit="VHXH")
    for name, chat in ((VP_HEAD, HEAD_CHAT), (CHAIRMAN, BOSS_CHAT), (VHXH_HEAD, OTHER_CHAT)):
        link_zalo(engine, name, chat)
    return engine


def texts(api: FakeZaloApi, chat: str) -> list[str]:
    return [m["text"] for m in api.messages_to(chat)]


def about(api: FakeZaloApi, chat: str, code: str) -> list[str]:
    return [t for t in texts(api, chat) if f": {code}" in t.splitlines()[0]]


def closing(text: str) -> list[str]:
    """The message's closing paragraph: the reply that acts on it, then the signature."""
    return text.rsplit("\n\n", 1)[-1].splitlines()


def test_a_head_on_zalo_gets_the_7_3_1_day_reminders_and_overdue_notices_and_the_chairman_the_escalation(
        on_zalo, zalo_env):
    api = zalo_env
    delivery = zalo_delivery()
    expected = [(vn(2025, 9, 19, 9), "Còn 7 ngày làm việc đến hạn."), (vn(2025, 9, 25, 9), "Còn 3 ngày làm việc"),
                (vn(2025, 9, 29, 9), "Còn 1 ngày làm việc"), (vn(2025, 9, 30, 9), "Hôm nay là ngày cuối cùng")]
    for when, line in expected:
        swept = sweep_at(on_zalo, when, delivery=delivery)
        assert swept.result.delivery.failed == 0 and swept.result.delivery.retried == 0
        last = about(api, HEAD_CHAT, "X.1")[-1]
        assert last.startswith("⏰ Nhắc hạn: X.1\n" + TITLE) and line in last
        assert closing(last) == ["Đồng chí trả lời /xong X.1 khi đã hoàn thành, hoặc /giahan X.1 NGÀY_MỚI lý do để "
                                 "xin gia hạn.", SIGNATURE]
    assert len(about(api, HEAD_CHAT, "X.1")) == 4

    sweep_at(on_zalo, vn(2025, 10, 1, 9), delivery=delivery)
    overdue = about(api, HEAD_CHAT, "X.1")[-1]
    assert overdue.startswith("⚠️ Quá hạn: X.1") and "Đã quá hạn 1 ngày làm việc" in overdue
    assert closing(overdue)[0].startswith("Đồng chí trả lời /xong X.1 khi đã hoàn thành")
    assert about(api, BOSS_CHAT, "X.1") == []  # not escalated on the first day overdue

    sweep_at(on_zalo, vn(2025, 10, 2, 9), delivery=delivery)
    assert "Đã quá hạn 2 ngày làm việc" in about(api, HEAD_CHAT, "X.1")[-1]
    [escalation] = about(api, BOSS_CHAT, "X.1")
    assert escalation.startswith("🚨 Báo cáo Chủ tịch: X.1 quá hạn 2 ngày làm việc\n" + TITLE)
    assert closing(escalation) == ["Đồng chí trả lời /daxem X.1 để xác nhận đã xem (dừng nhắc lại với thời hạn "
                                   "hiện tại).", SIGNATURE]
    # Each head only about their own unit's task; every message plain text, within the platform's limits.
    assert all("X.1" not in t for t in texts(api, OTHER_CHAT)) and about(api, OTHER_CHAT, "Y.1")
    assert all("Y.1" not in t for t in texts(api, HEAD_CHAT))
    assert api.too_many == 0 and api.refused == []
    rows = [r for r in outbox_rows(on_zalo) if r.channel == "zalo"]
    assert rows and all(r.status == "sent" and r.external_id for r in rows)
    assert {r.address for r in rows} == {HEAD_CHAT, BOSS_CHAT, OTHER_CHAT}


@pytest.mark.parametrize("error_code", [429, 502, 503])
def test_a_429_or_5xx_is_retried_after_the_backoff_and_then_delivered(on_zalo, zalo_env, error_code):
    oct2 = vn(2025, 10, 2, 9)
    zalo_env.fail_next(error_code, chat_id=BOSS_CHAT)
    sweep_at(on_zalo, oct2, delivery=zalo_delivery())
    [waiting] = [r for r in outbox_rows(on_zalo) if r.status == "pending" and r.channel == "zalo"]
    assert waiting.address == BOSS_CHAT and waiting.kind == "escalation" and waiting.attempts == 1
    assert f"(lỗi {error_code})" in waiting.last_error and waiting.next_attempt_at == oct2 + timedelta(seconds=60)
    assert about(zalo_env, BOSS_CHAT, "X.1") == []
    sweep_at(on_zalo, oct2 + timedelta(minutes=1), delivery=zalo_delivery())
    assert len(about(zalo_env, BOSS_CHAT, "X.1")) == 1  # delivered once, on the retry
    assert all(r.status == "sent" for r in outbox_rows(on_zalo) if r.channel == "zalo")


def test_an_outage_keeps_every_message_and_they_all_go_out_when_the_platform_is_back(on_zalo, zalo_env):
    oct2 = vn(2025, 10, 2, 9)
    zalo_env.fail_next(503, method=None, count=100)
    first = sweep_at(on_zalo, oct2, delivery=zalo_delivery())
    waiting = [r for r in outbox_rows(on_zalo) if r.channel == "zalo"]
    assert first.result.delivery.retried == len(waiting) > 0 and first.result.delivery.failed == 0
    assert all(r.status == "pending" and r.attempts == 1 for r in waiting) and zalo_env.sent == []
    zalo_env.clear_failures()  # the platform is back
    sweep_at(on_zalo, oct2 + timedelta(minutes=1), delivery=zalo_delivery())
    assert all(r.status == "sent" for r in outbox_rows(on_zalo) if r.channel == "zalo")
    assert sorted(m["chat_id"] for m in zalo_env.sent) == sorted(r.address for r in waiting)


def test_a_token_revoked_while_running_keeps_the_messages_waiting_until_the_new_token_sends_them(
        on_zalo, zalo_env, caplog):
    oct2 = vn(2025, 10, 2, 9)
    caplog.set_level(logging.INFO, logger="tracker.channels.zalo")
    old = "1459232241454765289:replaced-in-bot-creator-" + uuid.uuid4().hex  # the platform refuses it: 401
    first = sweep_at(on_zalo, oct2, delivery=zalo_delivery(TRACKER_ZALO_TOKEN=old))
    waiting = [r for r in outbox_rows(on_zalo) if r.channel == "zalo"]
    assert len(waiting) >= 2 and first.result.delivery.failed == 0 and zalo_env.sent == []
    assert all(r.status == "pending" and r.attempts == 1 and "(lỗi 401)" in r.last_error for r in waiting)
    assert all("TRACKER_" not in r.last_error for r in waiting)  # officials read it in the digest
    assert len([r for r in caplog.records if "401" in r.getMessage() and r.levelno == logging.ERROR]) == 1
    # the IT officer puts the new token in place and restarts: the waiting messages go out at their retry
    sweep_at(on_zalo, oct2 + timedelta(minutes=1), delivery=zalo_delivery(TRACKER_ZALO_TOKEN=TOKEN))
    assert all(r.status == "sent" for r in outbox_rows(on_zalo) if r.channel == "zalo")
    assert sorted(m["chat_id"] for m in zalo_env.sent) == sorted(r.address for r in waiting)


def test_behind_a_captive_portal_the_messages_wait_and_go_out_once_the_platform_answers_again(on_zalo, zalo_env):
    oct2 = vn(2025, 10, 2, 9)
    portal = FakePortal(200)  # a login page in a 200 answer, instead of the platform's
    try:
        first = sweep_at(on_zalo, oct2, delivery=zalo_delivery(TRACKER_ZALO_API_URL=portal.url))
    finally:
        portal.close()
    waiting = [r for r in outbox_rows(on_zalo) if r.channel == "zalo"]
    assert waiting and first.result.delivery.failed == 0
    assert all(r.status == "pending" and "không phải của Zalo" in r.last_error for r in waiting)
    sweep_at(on_zalo, oct2 + timedelta(minutes=1), delivery=zalo_delivery())
    assert all(r.status == "sent" for r in outbox_rows(on_zalo) if r.channel == "zalo")
    assert sorted(m["chat_id"] for m in zalo_env.sent) == sorted(r.address for r in waiting)


def test_a_refused_message_is_listed_in_the_chairmans_digest_in_vietnamese_with_zalos_words_quoted(
        on_zalo, zalo_env):
    from tracker.reminders.sweep import prepare

    zalo_env.fail_next(400, chat_id=HEAD_CHAT, description="Bad Request: text is invalid")
    sweep_at(on_zalo, vn(2025, 10, 1, 9), delivery=zalo_delivery())
    [refused] = [r for r in outbox_rows(on_zalo) if r.status == "failed"]
    assert refused.address == HEAD_CHAT
    assert refused.last_error == "Zalo từ chối tin nhắn (lỗi 400). Zalo trả lời: «Bad Request: text is invalid»."
    prepare(on_zalo, vn(2025, 10, 6, 7, 30), cfg(), zalo_delivery())  # Monday's digest, stored
    [digest] = [r for r in outbox_rows(on_zalo) if r.kind == "digest" and r.address == BOSS_CHAT
                and r.slot == "2025-10-06"]
    assert "Thông báo gửi không thành công: 1" in digest.body_text
    assert refused.last_error in digest.body_text


def test_a_blocked_chat_marks_the_person_unreachable_on_zalo_email_keeps_reaching_them_and_the_digest_says_so(
        on_zalo, zalo_env, smtp_server):
    from sqlmodel import select

    from tracker.db import reading
    from tracker.domain.people import edit_person
    from tracker.models import AuditEvent, Person
    from tracker.reminders.sweep import prepare

    edit_person(on_zalo, commune=None, who=VP_HEAD, changes={"email": "hoa@camhiep.example.invalid"}, actor="t",
                now=vn(2025, 8, 5))
    delivery = zalo_delivery(TRACKER_SMTP_URL=smtp_server.url)
    zalo_env.block(HEAD_CHAT)
    first = sweep_at(on_zalo, vn(2025, 10, 1, 9), delivery=delivery)  # the overdue notice and the week's digest
    refused = [r for r in outbox_rows(on_zalo) if r.channel == "zalo" and r.address == HEAD_CHAT]
    assert {r.kind for r in refused} == {"overdue", "digest"}
    assert all(r.status == "failed" and "403" in r.last_error for r in refused)
    assert first.result.delivery.failed == len(refused)
    with reading(on_zalo) as s:
        head = s.exec(select(Person).where(Person.name == VP_HEAD)).one()
        assert head.zalo_unreachable is True and head.zalo_chat_id == HEAD_CHAT
        events = s.exec(select(AuditEvent).where(AuditEvent.action == "person.zalo_unreachable")).all()
        [event] = events
        assert (event.channel, event.entity) == ("zalo", f"person {VP_HEAD}") and "403" in event.after["detail"]
    emailed = [r for r in outbox_rows(on_zalo) if r.channel == "email"]
    assert {r.kind for r in emailed} == {"overdue", "digest"} and all(r.status == "sent" for r in emailed)
    assert {tuple(r.rcpt) for r in smtp_server.received} == {("hoa@camhiep.example.invalid",)}

    before = len(outbox_rows(on_zalo))
    sweep_at(on_zalo, vn(2025, 10, 2, 9), delivery=delivery)
    new = [r for r in outbox_rows(on_zalo)[before:] if r.person_id == head.id]
    assert {r.channel for r in new} == {"email"}  # Zalo is no longer tried for them
    assert len(smtp_server.received) == len(emailed) + 1 and zalo_env.messages_to(HEAD_CHAT) == []

    prepare(on_zalo, vn(2025, 10, 6, 7, 30), cfg(), delivery)  # Monday's digest, stored
    [digest] = [r for r in outbox_rows(on_zalo) if r.kind == "digest" and r.address == BOSS_CHAT
                and r.slot == "2025-10-06"]
    assert f"(đã chặn bot hoặc không còn cuộc trò chuyện): 1 ({VP_HEAD} qua Zalo)" in digest.body_text


def test_an_unknown_chat_is_permanent_and_marks_the_person_unreachable(on_zalo, zalo_env):
    from tests.factories import person_named

    zalo_env.forget(OTHER_CHAT)
    sweep_at(on_zalo, vn(2025, 10, 1, 9), delivery=zalo_delivery())
    rows = [r for r in outbox_rows(on_zalo) if r.address == OTHER_CHAT]
    assert {r.kind for r in rows} == {"overdue", "digest"}  # the week's digest is caught up on Wednesday
    assert all(r.status == "failed" and "không tìm thấy cuộc trò chuyện" in r.last_error for r in rows)
    assert person_named(on_zalo, VHXH_HEAD).zalo_unreachable is True
    assert person_named(on_zalo, VP_HEAD).zalo_unreachable is False


def test_a_long_digest_arrives_as_numbered_parts_in_order_and_each_fits_the_platform(
        engine, tmp_path, plan_json, zalo_env):
    from tracker.reminders.config import delivery_from_env
    from tracker.reminders.dispatch import Dispatcher, default_factory
    from tracker.reminders.sweep import prepare

    tasks = [fixed_task(f"D.{i}", "2025-09-30", unit=("VP", "KT", "VHXH")[i % 3],
                        title=f"Nhiệm vụ số {i}: rà soát, đơn giản hóa thủ tục hành chính lĩnh vực {i}")
             for i in range(1, 41)]
    seed_plan(engine, tmp_path, plan_json, tasks)
    link_zalo(engine, CHAIRMAN, BOSS_CHAT)
    monday = vn(2025, 10, 6, 7, 30)
    delivery = delivery_from_env()
    prepare(engine, monday, cfg(), delivery)
    [digest] = [r for r in outbox_rows(engine) if r.kind == "digest" and r.channel == "zalo"]
    assert len(digest.body_text) > 2 * 2000  # three parts at least
    config = cfg()
    stats = asyncio.run(Dispatcher(engine, config, default_factory(delivery, config), clock=lambda: monday)
                        .deliver(ids=[digest.id]))
    assert stats.sent == 1 and stats.failed == 0
    parts = texts(zalo_env, BOSS_CHAT)
    n = len(parts)
    assert n >= 3 and all(len(p) <= 2000 for p in parts)
    assert [p.split(" ", 1)[0] for p in parts] == [f"({k}/{n})" for k in range(1, n + 1)]
    # Nothing cut, nothing lost: the parts, numbers taken off, are the digest itself, in order.
    joined = "".join(p.split(" ", 1)[1] for p in parts)
    assert joined == digest.body_text
    assert all(f"D.{i} —" in joined for i in range(1, 41))
    assert all(p.endswith("\n") for p in parts[:-1])  # each cut after a line break, never inside a line
    assert closing(parts[-1]) == ["Trả lời /quahan để xem danh sách nhiệm vụ quá hạn, /viec để xem việc của "
                                  "đồng chí.", SIGNATURE]
    [row] = [r for r in outbox_rows(engine) if r.id == digest.id]
    assert row.status == "sent" and row.external_id.split(",") == [m["message_id"] for m in zalo_env.sent]
    assert zalo_env.too_many == 0


def test_the_zalo_bench_delivers_everything_without_a_429():
    import subprocess
    import sys

    from tests.factories import ROOT

    res = subprocess.run([sys.executable, "bench/bench_zalo.py", "--messages", "40", "--chats", "20"], cwd=ROOT,
                         capture_output=True, text=True, timeout=120, check=False)
    assert res.returncode == 0, res.stderr
    assert "sent: 40, retried: 0, failed: 0; received by the platform: 40; 429 answers: 0" in res.stdout
