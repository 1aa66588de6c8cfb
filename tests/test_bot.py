"""The Telegram bot end to end: the real python-telegram-bot Application polling the fake
Bot API server, driven by injected messages and button presses."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlmodel import select

from tests.factories import (
    CHAIRMAN,
    CHAIRMAN_CHAT,
    STAFF_CHAT,
    STRANGER_CHAT,
    VHXH_CHAT,
    VHXH_HEAD,
    VP_CHAT,
    VP_HEAD,
    completions_of,
    person_named,
)
from tracker.bot.app import UNLINKED
from tracker.db import reading
from tracker.models import AuditEvent, EscalationAck, Extension, LinkCode

pytestmark = pytest.mark.slow  # the real PTB Application polling the fake Bot API server


def test_a_stranger_gets_one_polite_line_and_nothing_about_tasks(bot):
    for text in ("/viec", "/quahan", "/nhiemvu II.2.b.1", "/xong II.2.b.1", "/tomtat", "xin chào", "/start"):
        reply = bot.say(STRANGER_CHAT, text)
        assert reply["text"] == UNLINKED
    assert len(bot.api.messages_to(STRANGER_CHAT)) == 7
    assert "II." not in UNLINKED and "Nguyễn" not in UNLINKED and not re.search(r"\d", UNLINKED)


def test_linking_with_a_one_time_code_from_the_cli(bot, run_cli):
    res = run_cli("people", "invite", VHXH_HEAD)
    assert res.exit_code == 0, res.output
    code = re.search(r"/start ([A-Z0-9]{4}-[A-Z0-9]{4})", res.output).group(1)
    with reading(bot.engine) as s:
        stored = s.exec(select(LinkCode)).all()
    assert len(stored) == 1 and code not in stored[0].code_hash and code.replace("-", "") not in stored[0].code_hash
    reply = bot.say(7001, f"/start {code.lower()}")
    assert VHXH_HEAD in reply["text"] and "liên kết" in reply["text"]
    assert person_named(bot.engine, VHXH_HEAD).telegram_chat_id == 7001
    assert "III.1.4" in bot.say(7001, "/viec")["text"]  # the new chat now works
    # single use: another chat cannot reuse it
    refused = bot.say(7002, f"/start {code}")
    assert "không đúng, đã dùng hoặc đã hết hạn" in refused["text"]
    assert bot.say(7002, "/viec")["text"] == UNLINKED


def test_an_expired_code_is_refused(bot, run_cli, clock):
    code = re.search(r"/start (\S+)", run_cli("people", "invite", VHXH_HEAD).output).group(1)
    clock.shift(timedelta(hours=48, minutes=1))
    assert "đã hết hạn" in bot.say(7003, f"/start {code}")["text"]
    assert person_named(bot.engine, VHXH_HEAD).telegram_chat_id == VHXH_CHAT


def test_unlink_and_deactivation_take_access_away_at_once(bot, run_cli):
    assert "II.2.b.1" in bot.say(VP_CHAT, "/viec")["text"]
    assert run_cli("people", "unlink", VP_HEAD).exit_code == 0
    assert bot.say(VP_CHAT, "/viec")["text"] == UNLINKED
    assert run_cli("people", "deactivate", VHXH_HEAD).exit_code == 0
    assert bot.say(VHXH_CHAT, "/quahan")["text"] == UNLINKED


def test_a_head_lists_their_units_open_tasks_by_deadline_with_status(bot):
    text = bot.say(VP_CHAT, "/viec")["text"]
    assert text.index("II.2.b.1") < text.index("II.2.b.2")
    assert "Đang thực hiện quá hạn" in text
    assert "[VHXH]" not in text and "[VP]" in text
    overdue = bot.say(VP_CHAT, "/quahan")["text"]
    assert "II.2.b.1" in overdue and "II.2.b.2" in overdue
    everywhere = bot.say(CHAIRMAN_CHAT, "/quahan")["text"]
    assert "toàn xã" in everywhere and "II.2.b.1" in everywhere


def test_details_summary_and_help_answer_in_vietnamese(bot):
    detail = bot.say(VP_CHAT, "/nhiemvu II.2.b.1")["text"]
    assert "II.2.b.1" in detail and "Trạng thái" in detail and "Lịch sử" in detail
    assert "Toàn xã" in bot.say(VP_CHAT, "/tomtat")["text"]
    assert "/giahan" in bot.say(VP_CHAT, "/help")["text"]
    assert "không có nhiệm vụ mã" in bot.say(VP_CHAT, "/nhiemvu X.9")["text"].lower()


def test_done_from_xong_goes_through_the_domain_and_the_audit_trail(bot):
    reply = bot.say(VP_CHAT, "/xong II.2.b.2 Đã trình UBND xã")
    assert "Đã ghi nhận hoàn thành" in reply["text"] and "II.2.b.2" in reply["text"]
    [c] = completions_of(bot.engine, "II.2.b.2")
    assert (c.channel, c.actor, c.person_id, c.note) == ("telegram", VP_HEAD, person_named(bot.engine, VP_HEAD).id,
                                                         "Đã trình UBND xã")
    with reading(bot.engine) as s:
        ev = s.exec(select(AuditEvent).where(AuditEvent.action == "task.done")).one()
    assert (ev.channel, ev.person_id, ev.actor) == ("telegram", c.person_id, VP_HEAD)
    again = bot.say(VP_CHAT, "/xong II.2.b.2")
    assert "đã hoàn thành" in again["text"] and len(completions_of(bot.engine, "II.2.b.2")) == 1


def test_done_from_the_reminder_button_edits_the_message_and_pressing_twice_is_harmless(bot):
    _, msg = bot.deliver(kind="reminder", task="II.2.b.1", to=VP_HEAD, chat=VP_CHAT)
    buttons = bot.buttons(msg)
    assert list(buttons) == ["Đã hoàn thành", "Xin gia hạn", "Chi tiết"]
    answer = bot.press(VP_CHAT, msg["message_id"], buttons["Đã hoàn thành"])
    assert "Đã ghi nhận hoàn thành" in answer["text"]
    edited = bot.api.message(VP_CHAT, msg["message_id"])
    assert "Đã hoàn thành — Nguyễn Thị Hoa, lúc 01/10/2025" in edited["text"]
    assert "reply_markup" not in edited  # buttons gone
    [c] = completions_of(bot.engine, "II.2.b.1")
    assert c.channel == "telegram" and c.person_id == person_named(bot.engine, VP_HEAD).id
    second = bot.press(VP_CHAT, msg["message_id"], buttons["Đã hoàn thành"])
    assert "trước đó" in second["text"] and len(completions_of(bot.engine, "II.2.b.1")) == 1


def test_a_forged_or_replayed_callback_is_refused(bot):
    _, msg = bot.deliver(kind="reminder", task="II.2.b.1", to=VP_HEAD, chat=VP_CHAT)
    data = bot.buttons(msg)["Đã hoàn thành"]
    action, ref, sig = data.split(":")
    other_id, _ = bot.deliver(kind="reminder", task="II.2.b.2", to=VP_HEAD, chat=VP_CHAT, slot="x")
    forged = [
        f"{action}:o{other_id}:{sig}",  # same signature, another outbox row
        f"ok:{ref}:{sig}",  # same signature, another action
        "done:o1:AAAAAAAAAAA",  # made up
        "xong II.2.b.1",
    ]
    for data_ in forged:
        assert "không hợp lệ" in bot.press(VP_CHAT, msg["message_id"], data_)["text"]
    # the genuine data pressed from another head's chat (identity comes from the chat)
    assert "không hợp lệ" in bot.press(VHXH_CHAT, msg["message_id"], data)["text"]
    assert completions_of(bot.engine, "II.2.b.1") == [] and completions_of(bot.engine, "II.2.b.2") == []


def test_a_head_of_another_unit_and_staff_cannot_act_on_a_task(bot):
    refused = bot.say(VHXH_CHAT, "/xong II.2.b.1")
    assert "đơn vị khác chủ trì" in refused["text"]
    assert "đơn vị khác chủ trì" in bot.say(VHXH_CHAT, "/giahan II.2.b.1 15/11/2025 lý do")["text"]
    assert "chỉ được xem" in bot.say(STAFF_CHAT, "/xong II.2.b.1")["text"]
    assert completions_of(bot.engine, "II.2.b.1") == []
    with reading(bot.engine) as s:
        assert s.exec(select(Extension)).all() == []


def test_extension_requested_then_approved_moves_the_deadline_and_tells_the_requester(bot):
    from tracker.domain.lookups import find_task, item_for

    reply = bot.say(VP_CHAT, "/giahan II.2.b.1 15/11/2025 Chờ hướng dẫn của tỉnh")
    assert "Đã gửi đề nghị gia hạn" in reply["text"]
    request = bot.api.wait_message(CHAIRMAN_CHAT)
    assert "Nguyễn Thị Hoa" in request["text"] and "15/11/2025" in request["text"]
    buttons = bot.buttons(request)
    assert list(buttons) == ["Duyệt", "Từ chối"]
    assert "Đã duyệt" in bot.press(CHAIRMAN_CHAT, request["message_id"], buttons["Duyệt"])["text"]
    outcome = bot.api.wait_message(VP_CHAT, after=1)
    assert "đã duyệt" in outcome["text"] and "15/11/2025" in outcome["text"]
    assert "ĐÃ DUYỆT bởi Bùi Quang Nam" in bot.api.message(CHAIRMAN_CHAT, request["message_id"])["text"]
    with reading(bot.engine) as s:
        it = item_for(s, find_task(s, 1, "II.2.b.1"), None, as_of=datetime.now(UTC))
        [ext] = s.exec(select(Extension)).all()
        events = s.exec(select(AuditEvent).where(AuditEvent.action.in_(
            ["task.extension_request", "task.extend"])).order_by(AuditEvent.id)).all()
    assert it.due == date(2025, 11, 15) and it.status == "in_progress" and it.original_due == date(2025, 9, 30)
    assert (ext.status, ext.approved_by, ext.channel, ext.requested_by) == ("approved", CHAIRMAN, "telegram",
                                                                            VP_HEAD)
    assert [(e.action, e.actor, e.channel) for e in events] == [
        ("task.extension_request", VP_HEAD, "telegram"), ("task.extend", CHAIRMAN, "telegram")]
    # pressing Duyệt (or Từ chối) again changes nothing
    assert "đã được duyệt" in bot.press(CHAIRMAN_CHAT, request["message_id"], buttons["Từ chối"])["text"]
    with reading(bot.engine) as s:
        assert [e.status for e in s.exec(select(Extension)).all()] == ["approved"]


def test_a_head_cannot_approve_an_extension_even_with_the_chairmans_button_data(bot):
    bot.say(VP_CHAT, "/giahan II.2.b.1 15/11/2025 Chờ hướng dẫn của tỉnh")
    request = bot.api.wait_message(CHAIRMAN_CHAT)
    assert "không hợp lệ" in bot.press(VP_CHAT, request["message_id"], bot.buttons(request)["Duyệt"])["text"]
    with reading(bot.engine) as s:
        assert [e.status for e in s.exec(select(Extension)).all()] == ["requested"]


def test_escalation_acknowledged_stops_its_repeats_for_the_deadline_in_force(bot):
    outbox_id, msg = bot.deliver(kind="escalation", task="II.2.b.1", to=CHAIRMAN, chat=CHAIRMAN_CHAT)
    buttons = bot.buttons(msg)
    assert list(buttons) == ["Đã xem", "Chi tiết"]
    assert "Đã ghi nhận" in bot.press(CHAIRMAN_CHAT, msg["message_id"], buttons["Đã xem"])["text"]
    assert "Đã xem" in bot.api.message(CHAIRMAN_CHAT, msg["message_id"])["text"]
    assert "trước đó" in bot.press(CHAIRMAN_CHAT, msg["message_id"], buttons["Đã xem"])["text"]
    with reading(bot.engine) as s:
        [ack] = s.exec(select(EscalationAck)).all()
        audit = s.exec(select(AuditEvent).where(AuditEvent.action == "escalation.ack")).all()
    assert (ack.outbox_id, ack.person_id, ack.deadline) == (outbox_id, person_named(bot.engine, CHAIRMAN).id,
                                                            date(2025, 9, 30))
    assert len(audit) == 1 and audit[0].channel == "telegram"


def test_a_user_who_blocked_the_bot_is_marked_unreachable(bot):
    bot.say(VP_CHAT, "/giahan II.2.b.1 15/11/2025 Chờ hướng dẫn của tỉnh")
    request = bot.api.wait_message(CHAIRMAN_CHAT)
    bot.api.block(VP_CHAT)
    bot.press(CHAIRMAN_CHAT, request["message_id"], bot.buttons(request)["Duyệt"])
    assert person_named(bot.engine, VP_HEAD).telegram_unreachable is True
    assert person_named(bot.engine, CHAIRMAN).telegram_unreachable is False
    with reading(bot.engine) as s:
        assert s.exec(select(Extension)).one().status == "approved"
        assert s.exec(select(AuditEvent).where(AuditEvent.action == "person.telegram_unreachable")).one()


def test_detail_and_extend_buttons_answer_in_the_chat(bot):
    _, msg = bot.deliver(kind="reminder", task="II.2.b.1", to=VP_HEAD, chat=VP_CHAT)
    buttons = bot.buttons(msg)
    bot.press(VP_CHAT, msg["message_id"], buttons["Chi tiết"])
    assert "Trạng thái" in bot.api.messages_to(VP_CHAT)[-1]["text"]
    bot.press(VP_CHAT, msg["message_id"], buttons["Xin gia hạn"])
    assert "/giahan II.2.b.1" in bot.api.messages_to(VP_CHAT)[-1]["text"]
