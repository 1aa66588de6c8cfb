"""Who may talk to the bot (issue 8): only the person of a private chat; a chat belongs to one person;
what a person types is bounded and free of terminal control characters.

Everything goes through the real python-telegram-bot Application and the fake Bot API server.
"""

from __future__ import annotations

import re
from datetime import UTC, date
from typing import Any

import pytest
from sqlmodel import select

from tests.factories import (
    CHAIRMAN,
    CHAIRMAN_CHAT,
    OCT_1,
    VHXH_HEAD,
    VP_CHAT,
    VP_HEAD,
    assert_one_vietnamese_error,
    completions_of,
    person_named,
)
from tracker.db import reading, transaction
from tracker.models import AuditEvent, Extension, LinkCode, OutboxMessage, Person

pytestmark = pytest.mark.slow  # the real PTB Application polling the fake Bot API server

GROUP = -5001  # a group the bot was added to
MEMBER, OTHER_MEMBER = 7101, 7102  # Telegram users in that group; never invited
PRIVATE_ONLY = "cuộc trò chuyện riêng"  # what the one polite line to a group is about


def say_in_group(bot: Any, text: str, *, user: int = MEMBER, chat_type: str = "group") -> dict[str, Any]:
    before = len(bot.api.messages_to(GROUP))
    bot.api.inject_message(GROUP, text, user_id=user, first_name="Thành viên", chat_type=chat_type)
    return bot.api.wait_message(GROUP, after=before)


def invite(run_cli: Any, who: str) -> str:
    res = run_cli("people", "invite", who)
    assert res.exit_code == 0, res.output
    return re.search(r"/start (\S+)", res.output).group(1)


def link_directly(engine: Any, name: str, chat: int) -> None:
    """A chat linked before this release (e.g. a group, through the hole issue 8 closed)."""
    with transaction(engine) as s:
        p = s.exec(select(Person).where(Person.name == name)).one()
        p.telegram_chat_id = chat
        s.add(p)


# ---------------------------------------------------------------- private chats only


def test_group_chat_cannot_redeem_an_invitation_code(bot, run_cli):
    code = invite(run_cli, VHXH_HEAD)
    reply = say_in_group(bot, f"/start {code}")
    assert PRIVATE_ONLY in reply["text"] and VHXH_HEAD not in reply["text"]
    assert "Xin chào" not in reply["text"]
    with reading(bot.engine) as s:
        [link] = s.exec(select(LinkCode)).all()
        assert link.used_at is None and link.used_chat_id is None
        assert s.exec(select(AuditEvent).where(AuditEvent.action == "person.link")).all() == []
    # the code is still good in the member's own private chat
    assert VHXH_HEAD in bot.say(MEMBER, f"/start {code}")["text"]
    assert person_named(bot.engine, VHXH_HEAD).telegram_chat_id == MEMBER


def test_codes_tried_in_a_group_count_neither_against_the_code_nor_the_chat(bot, run_cli):
    code = invite(run_cli, VHXH_HEAD)
    for attempt in range(6):  # beyond the failed-code limit of a chat
        assert PRIVATE_ONLY in say_in_group(bot, f"/start SAI{attempt}-MAXX")["text"]
    assert PRIVATE_ONLY in say_in_group(bot, f"/start {code}", chat_type="supergroup")["text"]
    assert bot.say(MEMBER, f"/start {code}")["text"].startswith(f"Xin chào đồng chí {VHXH_HEAD}")


def test_a_group_gets_one_polite_line_and_nothing_about_tasks(bot):
    link_directly(bot.engine, VP_HEAD, GROUP)  # as the hole left it: the head's account linked to the group
    for text in ("/viec", "/quahan", "/nhiemvu II.2.b.1", "/tomtat", "/help", "/start",
                 "/xong II.2.b.1 Đã xong", "/giahan II.2.b.1 15/11/2025 Chờ tỉnh"):
        reply = say_in_group(bot, text, user=OTHER_MEMBER)
        assert PRIVATE_ONLY in reply["text"], text
        assert "II." not in reply["text"] and VP_HEAD not in reply["text"]
    assert len(bot.api.messages_to(GROUP)) == 8  # one line each, nothing else
    assert completions_of(bot.engine, "II.2.b.1") == []
    with reading(bot.engine) as s:
        assert s.exec(select(Extension)).all() == []
    assert bot.api.messages_to(CHAIRMAN_CHAT) == []  # no extension request reached a leader


def test_buttons_pressed_in_a_group_are_refused(bot):
    link_directly(bot.engine, VP_HEAD, GROUP)
    _, msg = bot.deliver(kind="reminder", task="II.2.b.1", to=VP_HEAD, chat=GROUP)
    buttons = bot.buttons(msg)
    for label in ("Đã hoàn thành", "Chi tiết", "Xin gia hạn"):
        update = bot.api.inject_callback(GROUP, msg["message_id"], buttons[label], user_id=OTHER_MEMBER,
                                         chat_type="group")
        assert PRIVATE_ONLY in bot.api.wait_answer(update)["text"], label
    assert completions_of(bot.engine, "II.2.b.1") == []
    assert len(bot.api.messages_to(GROUP)) == 1  # the reminder itself; no details, no /giahan hint


def test_a_private_chat_answers_only_its_own_user(bot):
    """Identity is the sender of a private chat: a message whose sender is not the chat is refused."""
    bot.api.inject_message(VP_CHAT, "/xong II.2.b.1", user_id=OTHER_MEMBER)
    reply = bot.api.wait_message(VP_CHAT)
    assert PRIVATE_ONLY in reply["text"]
    assert completions_of(bot.engine, "II.2.b.1") == []
    assert "II.2.b.1" in bot.say(VP_CHAT, "/viec")["text"]  # the real user still works


# ---------------------------------------------------------------- one active person per chat


def test_a_chat_held_by_an_active_person_cannot_be_given_to_another(people, seeded, run_cli):
    res = run_cli("people", "add", "--name", "Phạm Thị Dung", "--role", "staff", "--telegram-chat-id", str(VP_CHAT))
    assert_one_vietnamese_error(res, VP_HEAD, "Telegram")
    res = run_cli("people", "edit", VHXH_HEAD, "--telegram-chat-id", str(VP_CHAT))
    assert_one_vietnamese_error(res, VP_HEAD, "Telegram")
    with reading(seeded) as s:
        assert s.exec(select(Person).where(Person.name == "Phạm Thị Dung")).first() is None
        holders = s.exec(select(Person).where(Person.telegram_chat_id == VP_CHAT)).all()
    assert [p.name for p in holders] == [VP_HEAD]
    # the same person keeping their own chat is fine
    assert run_cli("people", "edit", VP_HEAD, "--telegram-chat-id", str(VP_CHAT)).exit_code == 0


def test_reactivating_someone_whose_chat_another_person_now_holds_is_refused(people, seeded, run_cli):
    assert run_cli("people", "deactivate", VP_HEAD).exit_code == 0
    # an inactive holder does not block the chat: the successor may take it
    res = run_cli("people", "add", "--name", "Phạm Thị Dung", "--unit", "VP", "--role", "head",
                  "--telegram-chat-id", str(VP_CHAT))
    assert res.exit_code == 0, res.output
    res = run_cli("people", "edit", VP_HEAD, "--activate")
    assert_one_vietnamese_error(res, "Phạm Thị Dung", "Telegram")
    assert person_named(seeded, VP_HEAD).active is False


def test_a_chat_id_that_is_no_private_telegram_chat_is_refused_with_a_clear_line(people, seeded, run_cli):
    for bad in (str(2**70), "-5001", "0"):
        res = run_cli("people", "edit", VHXH_HEAD, "--telegram-chat-id", bad)
        assert_one_vietnamese_error(res, "Telegram")
        res = run_cli("people", "add", "--name", "Phạm Thị Dung", "--role", "staff", "--telegram-chat-id", bad)
        assert_one_vietnamese_error(res, "Telegram")
    assert person_named(seeded, VHXH_HEAD).telegram_chat_id == 2002


def test_linking_by_code_moves_the_chat_from_its_previous_holder(bot, run_cli):
    code = invite(run_cli, VHXH_HEAD)
    assert VHXH_HEAD in bot.say(VP_CHAT, f"/start {code}")["text"]
    assert person_named(bot.engine, VP_HEAD).telegram_chat_id is None
    assert person_named(bot.engine, VHXH_HEAD).telegram_chat_id == VP_CHAT
    assert "[VHXH]" in bot.say(VP_CHAT, "/viec")["text"]


def test_blocking_the_bot_marks_the_active_holder_of_the_chat_not_a_former_one(bot, run_cli):
    assert run_cli("people", "deactivate", VP_HEAD).exit_code == 0
    res = run_cli("people", "add", "--name", "Phạm Thị Dung", "--unit", "VP", "--role", "head",
                  "--telegram-chat-id", str(VP_CHAT))
    assert res.exit_code == 0, res.output
    bot.api.block(VP_CHAT)
    bot.api.inject_message(VP_CHAT, "/viec")
    bot.api.wait_for(lambda: bot.api.refused)
    bot.api.wait_consumed()
    bot.api.wait_for(lambda: person_named(bot.engine, "Phạm Thị Dung").telegram_unreachable, timeout=10)
    assert person_named(bot.engine, VP_HEAD).telegram_unreachable is False


# ---------------------------------------------------------------- chats linked before groups were refused


def test_an_extension_request_never_goes_to_a_group_a_leader_was_linked_to(bot):
    link_directly(bot.engine, CHAIRMAN, GROUP)  # the only leader, linked to a group before this release
    reply = bot.say(VP_CHAT, "/giahan II.2.b.1 15/11/2025 Chờ hướng dẫn của tỉnh")
    # the head is not told the leaders have it: none can be reached in a chat of their own
    assert "chưa ai liên kết Telegram" in reply["text"] and "Văn phòng HĐND và UBND xã" in reply["text"]
    assert "tracker " not in reply["text"]  # a head on Telegram is never shown the CLI
    assert bot.api.messages_to(GROUP) == []  # no buttons that decide in the Chairman's name
    with reading(bot.engine) as s:
        assert s.exec(select(Extension)).one().status == "requested"


def test_a_decision_is_not_sent_to_a_group_the_requester_is_linked_to(bot):
    bot.say(VP_CHAT, "/giahan II.2.b.1 15/11/2025 Chờ hướng dẫn của tỉnh")
    request = bot.api.wait_message(CHAIRMAN_CHAT)
    link_directly(bot.engine, VP_HEAD, GROUP)
    answer = bot.press(CHAIRMAN_CHAT, request["message_id"], bot.buttons(request)["Duyệt"])  # answered last
    assert "Đã duyệt" in answer["text"]
    assert bot.api.messages_to(GROUP) == []


def test_a_decision_from_the_cli_queues_nothing_for_a_group_the_requester_is_linked_to(people, seeded, run_cli,
                                                                                        clock):
    from tracker.domain.extensions import request_extension
    from tracker.domain.permissions import Permissions

    ext = request_extension(seeded, person_id=people[VP_HEAD], code="II.2.b.1", period=None,
                            new_due=date(2025, 11, 15), reason="Chờ hướng dẫn của tỉnh", perms=Permissions(),
                            now=OCT_1.astimezone(UTC)).extension
    link_directly(seeded, VP_HEAD, GROUP)
    assert run_cli("extensions", "approve", str(ext.id), "--by", CHAIRMAN).exit_code == 0
    with reading(seeded) as s:
        rows = s.exec(select(OutboxMessage).where(OutboxMessage.person_id == people[VP_HEAD])).all()
    assert [(r.channel, r.address) for r in rows] == [("console", VP_HEAD)]


def test_people_list_shows_a_group_link_as_one_to_redo_not_as_a_working_telegram(people, seeded, run_cli):
    link_directly(seeded, VP_HEAD, GROUP)
    out = run_cli("people", "list").stdout
    row = next(line for line in out.splitlines() if VP_HEAD in line)
    assert "nhóm (không gửi; cần liên kết lại)" in row
    assert "có" in next(line for line in out.splitlines() if CHAIRMAN in line)  # a private chat still reads "có"


# ---------------------------------------------------------------- what people type


def test_an_overlong_extension_reason_is_refused_and_nothing_is_stored(bot):
    for reason in ("Chờ hướng dẫn của tỉnh. " * 163, "<" * 1500):
        reply = bot.say(VP_CHAT, f"/giahan II.2.b.1 15/11/2025 {reason}")
        assert "Lý do" in reply["text"] and "tối đa" in reply["text"], reply["text"]
    with reading(bot.engine) as s:
        assert s.exec(select(Extension)).all() == []
        assert s.exec(select(AuditEvent).where(AuditEvent.action == "task.extension_request")).all() == []
    assert bot.api.messages_to(CHAIRMAN_CHAT) == []


def test_a_reason_at_the_limit_full_of_angle_brackets_reaches_the_leaders(bot):
    from tracker.usertext import TEXT_MAX

    reason = "<" * TEXT_MAX
    reply = bot.say(VP_CHAT, f"/giahan II.2.b.1 15/11/2025 {reason}")
    assert "Đã gửi đề nghị gia hạn" in reply["text"] and "lãnh đạo UBND xã" in reply["text"]
    request = bot.api.wait_message(CHAIRMAN_CHAT)
    assert f"Lý do: {reason}" in request["text"]
    # fits one Telegram message even counted as the HTML sent (each '<' written as '&lt;')
    assert len(request["raw"]) <= 4096
    with reading(bot.engine) as s:
        assert s.exec(select(Extension)).one().reason == reason


def test_an_overlong_completion_note_is_refused(bot):
    reply = bot.say(VP_CHAT, "/xong II.2.b.1 " + "Đã triển khai. " * 100)
    assert "Ghi chú" in reply["text"] and "tối đa" in reply["text"]
    assert completions_of(bot.engine, "II.2.b.1") == []


def test_control_characters_sent_through_the_bot_are_refused(bot):
    reply = bot.say(CHAIRMAN_CHAT, "/xong II.1.b.1/VHXH \x1b]0;pwned\x07")
    assert "ký tự điều khiển" in reply["text"]
    assert completions_of(bot.engine, "II.1.b.1/VHXH") == []
    reply = bot.say(VP_CHAT, "/giahan II.2.b.1 15/11/2025 Chờ\x1b[2J tỉnh")
    assert "ký tự điều khiển" in reply["text"]
    with reading(bot.engine) as s:
        assert s.exec(select(Extension)).all() == []
    assert "Đã ghi nhận hoàn thành" in bot.say(CHAIRMAN_CHAT, "/xong II.1.b.1/VHXH Đã xong")["text"]
    assert len(completions_of(bot.engine, "II.1.b.1/VHXH")) == 1
    assert person_named(bot.engine, CHAIRMAN).telegram_chat_id == CHAIRMAN_CHAT
