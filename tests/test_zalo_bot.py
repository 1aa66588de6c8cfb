"""The bot on Zalo end to end: the real Zalo adapter (tracker/bot/zalo.py) and client polling the fake Zalo Bot
Platform server (tests/fake_zalo_api.py), or receiving its webhook POSTs; users write plain text, the bot answers
in plain text ending with the reply that acts on it. The same verbs, rules and audit as on Telegram."""

from __future__ import annotations

import asyncio
import os
import re
import signal
import subprocess
import sys
import threading
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlmodel import select

from tests.factories import (
    CHAIRMAN,
    CHAIRMAN_CHAT,
    OCT_1,
    STAFF,
    VHXH_HEAD,
    VP_CHAT,
    VP_HEAD,
    add_person,
    completions_of,
    free_port,
    link_zalo,
    person_named,
    set_email,
)
from tests.fake_zalo_api import FakeZaloApi
from tracker.bot.conversation import PRIVATE_ONLY, UNLINKED
from tracker.bot.zalo import webhook_secret
from tracker.db import reading, transaction
from tracker.models import AuditEvent, EscalationAck, Extension, LinkCode, OutboxMessage, Person, Task

pytestmark = pytest.mark.slow  # the real Zalo adapter polling the fake Zalo Bot Platform server

ROOT = Path(__file__).resolve().parent.parent
# Zalo chat ids are strings.
Z_CHAIRMAN, Z_VP, Z_VHXH, Z_STAFF, Z_STRANGER = ("5c1d0e7a11aa2b01", "5c1d0e7a11aa2b02", "5c1d0e7a11aa2b03",
                                                 "5c1d0e7a11aa2b04", "5c1d0e7a11aa2b99")
GROUP = "9f0e0d0c0b0a0901"
TAG = re.compile(r"</?(b|i|code|pre)>|&lt;|&gt;|&amp;")


class ZaloBotThread:
    """start_zalo_bot() in an event loop of its own thread (or in a given loop, e.g. the Telegram bot's)."""

    def __init__(self, engine: Any, loop: asyncio.AbstractEventLoop | None = None, **kwargs: Any) -> None:
        from tracker.bot.zalo import start_zalo_bot

        self.own = loop is None
        self.loop = loop or asyncio.new_event_loop()
        if self.own:
            self.thread = threading.Thread(target=self.loop.run_forever, name="zalo-bot-loop", daemon=True)
            self.thread.start()
        kwargs = {"poll_timeout": 1, "retry_seconds": 0.2, "send_retry_delay": 0.05, **kwargs}
        try:
            self.stop_bot = asyncio.run_coroutine_threadsafe(start_zalo_bot(engine, **kwargs), self.loop).result(30)
        except BaseException:
            self._end_loop()
            raise

    def close(self) -> None:
        try:
            asyncio.run_coroutine_threadsafe(self.stop_bot(), self.loop).result(30)
        finally:
            self._end_loop()

    def _end_loop(self) -> None:
        if self.own:
            self.loop.call_soon_threadsafe(self.loop.stop)
            self.thread.join(10)
            self.loop.close()


class ZaloDriver:
    """Users writing to the running Zalo bot through the fake server."""

    def __init__(self, api: FakeZaloApi, engine: Any) -> None:
        self.api = api
        self.engine = engine

    def say(self, chat: str, text: str, *, chat_type: str = "PRIVATE") -> dict[str, Any]:
        """Write `text` as the user of `chat`; the bot's next message to that chat."""
        before = len(self.api.messages_to(chat))
        self.api.inject_text(chat, text, chat_type=chat_type)
        return self.api.wait_message(chat, after=before)

    def text(self, chat: str, text: str) -> str:
        reply = self.say(chat, text)["text"]
        assert not TAG.search(reply), reply  # plain text: no markup, no HTML entity
        return reply


@pytest.fixture
def zalo_people(seeded: Any) -> Any:
    """The seeded Chairman, two heads and a staff member, each linked to a Zalo chat only."""
    from tracker.domain.people import add_person

    for name, unit, role in ((VP_HEAD, "VP", "head"), (VHXH_HEAD, "VHXH", "head"), (STAFF, "VP", "staff")):
        add_person(seeded, commune=None, name=name, unit=unit, role=role, email=None, telegram_chat_id=None,
                   actor="test", now=OCT_1)
    for name, chat in ((CHAIRMAN, Z_CHAIRMAN), (VP_HEAD, Z_VP), (VHXH_HEAD, Z_VHXH), (STAFF, Z_STAFF)):
        link_zalo(seeded, name, chat)
    return seeded


@pytest.fixture
def zalo(zalo_people: Any, zalo_env: FakeZaloApi, clock: Any) -> Any:
    runner = ZaloBotThread(zalo_people)
    try:
        yield ZaloDriver(zalo_env, zalo_people)
    finally:
        runner.close()
    assert zalo_env.too_many == 0  # the throttle kept every send within the platform's limits


def events(engine: Any, action: str) -> list[AuditEvent]:
    with reading(engine) as s:
        return list(s.exec(select(AuditEvent).where(AuditEvent.action == action).order_by(AuditEvent.id)).all())


def invite(run_cli: Any, who: str) -> str:
    res = run_cli("people", "invite", who)
    assert res.exit_code == 0, res.output
    return re.search(r"/start (\S+)", res.output).group(1)


# ---------------------------------------------------------------- who may talk to the bot


def test_a_stranger_gets_one_polite_line_and_nothing_about_tasks(zalo):
    for text in ("/viec", "/quahan", "/nhiemvu II.2.b.1", "/xong II.2.b.1", "/tomtat", "xin chào", "/start",
                 "/duyet 1", "/daxem II.2.b.1"):
        assert zalo.text(Z_STRANGER, text) == UNLINKED
    assert len(zalo.api.messages_to(Z_STRANGER)) == 9
    assert completions_of(zalo.engine, "II.2.b.1") == []


def test_a_code_from_the_cli_links_a_zalo_chat_once(zalo, run_cli):
    with transaction(zalo.engine) as s:  # VHXH's head is not on Zalo yet
        p = s.exec(select(Person).where(Person.name == VHXH_HEAD)).one()
        p.zalo_chat_id = None
        s.add(p)
    code = invite(run_cli, VHXH_HEAD)
    fresh = "5c1d0e7a11aa2b77"
    reply = zalo.text(fresh, code.lower().replace("-", ""))  # the bare code, as typed on a phone
    assert reply.startswith(f"Xin chào đồng chí {VHXH_HEAD}!") and "Zalo" in reply and "liên kết" in reply
    assert person_named(zalo.engine, VHXH_HEAD).zalo_chat_id == fresh
    assert "III.1.4" in zalo.text(fresh, "/viec")
    with reading(zalo.engine) as s:
        [link] = s.exec(select(LinkCode)).all()
    assert (link.used_channel, link.used_address, link.used_chat_id) == ("zalo", fresh, None)
    [ev] = events(zalo.engine, "person.link")
    assert (ev.channel, ev.actor) == ("zalo", VHXH_HEAD)
    # single use: another chat cannot reuse it, with /start or bare
    assert "không đúng, đã dùng hoặc đã hết hạn" in zalo.text("5c1d0e7a11aa2b78", f"/start {code}")
    assert zalo.text("5c1d0e7a11aa2b78", "/viec") == UNLINKED


def test_an_expired_code_is_refused(zalo, run_cli, clock):
    code = invite(run_cli, VHXH_HEAD)
    clock.shift(timedelta(hours=48, minutes=1))
    assert "đã hết hạn" in zalo.text("5c1d0e7a11aa2b77", f"/start {code}")
    assert person_named(zalo.engine, VHXH_HEAD).zalo_chat_id == Z_VHXH


def test_code_guessing_is_cut_off_after_five_failures_an_hour(zalo, run_cli):
    code = invite(run_cli, VHXH_HEAD)
    guesser = "5c1d0e7a11aa2b66"
    for attempt in range(5):
        assert "không đúng" in zalo.text(guesser, f"/start SAI{attempt}-MAXX")
    assert "không đúng" in zalo.text(guesser, f"/start {code}")  # the right one, too late for this chat
    with reading(zalo.engine) as s:
        assert s.exec(select(LinkCode)).one().used_at is None
    # another chat is not cut off
    assert zalo.text("5c1d0e7a11aa2b67", code).startswith(f"Xin chào đồng chí {VHXH_HEAD}")


def test_a_group_chat_is_refused_and_its_codes_neither_used_nor_counted(zalo, run_cli):
    code = invite(run_cli, VHXH_HEAD)
    reply = zalo.say(GROUP, f"/start {code}", chat_type="GROUP")
    assert PRIVATE_ONLY in reply["text"] and VHXH_HEAD not in reply["text"]
    before = len(zalo.api.messages_to(GROUP))
    zalo.api.inject_text(GROUP, "xin chào cả nhóm", chat_type="GROUP")  # no command: not even a reply
    zalo.api.inject_text(GROUP, "/viec", chat_type="GROUP")
    zalo.api.wait_message(GROUP, after=before)
    assert len(zalo.api.messages_to(GROUP)) == before + 1
    with reading(zalo.engine) as s:
        assert s.exec(select(LinkCode)).one().used_at is None
    assert events(zalo.engine, "person.link") == []
    assert zalo.text("5c1d0e7a11aa2b77", f"/start {code}").startswith(f"Xin chào đồng chí {VHXH_HEAD}")


def test_unlinking_zalo_and_deactivation_take_access_away_at_once(zalo):
    from tracker.domain.accounts import unlink_person

    assert "II.2.b.1" in zalo.text(Z_VP, "/viec")
    unlink_person(zalo.engine, commune=None, who=VP_HEAD, channel="zalo", actor="test", now=OCT_1)
    assert zalo.text(Z_VP, "/viec") == UNLINKED
    from tracker.domain.people import deactivate_person

    deactivate_person(zalo.engine, commune=None, who=VHXH_HEAD, actor="test", now=OCT_1)
    assert zalo.text(Z_VHXH, "/quahan") == UNLINKED


# ---------------------------------------------------------------- every verb, in plain text


def test_every_reading_verb_answers_in_plain_vietnamese(zalo):
    mine = zalo.text(Z_VP, "/viec")
    assert mine.index("II.2.b.1") < mine.index("II.2.b.2") and "Đang thực hiện quá hạn" in mine
    assert "[VHXH]" not in mine and "[VP]" in mine
    overdue = zalo.text(Z_VP, "/quahan")
    assert "II.2.b.1" in overdue and "II.2.b.2" in overdue
    detail = zalo.text(Z_VP, "/nhiemvu II.2.b.1")
    assert "II.2.b.1" in detail and "Trạng thái" in detail and "Lịch sử" in detail
    assert "Toàn xã" in zalo.text(Z_VP, "/tomtat")
    help_text = zalo.text(Z_VP, "/help")
    assert "/giahan" in help_text and "/duyet" in help_text and "/daxem" in help_text
    assert "không có nhiệm vụ mã" in zalo.text(Z_VP, "/nhiemvu X.9").lower()
    assert "gửi /viec" in zalo.text(Z_VP, "/xong X.9")  # the bot's own hint, never the CLI's
    assert "chưa hiểu" in zalo.text(Z_VP, "chào bot")
    assert "Cách dùng: /giahan" in zalo.text(Z_VP, "/giahan II.2.b.1")


def test_a_long_reply_comes_in_numbered_parts_in_order_within_2000_characters(zalo):
    before = len(zalo.api.messages_to(Z_CHAIRMAN))
    zalo.api.inject_text(Z_CHAIRMAN, "/viec")  # the whole commune's open tasks
    first = zalo.api.wait_message(Z_CHAIRMAN, after=before)
    numbered = re.match(r"^\((\d+)/(\d+)\) ", first["text"])
    assert numbered is not None and int(numbered[2]) >= 2, first["text"][:80]
    total = int(numbered[2])
    zalo.api.wait_message(Z_CHAIRMAN, after=before + total - 1, timeout=30)
    parts = zalo.api.messages_to(Z_CHAIRMAN)[before:before + total]
    assert [int(re.match(r"^\((\d+)/", m["text"])[1]) for m in parts] == list(range(1, total + 1))
    assert all(len(m["text"]) <= 2000 for m in parts)
    whole = "".join(m["text"] for m in parts)
    announced = int(re.search(r"theo hạn: (\d+)", whole)[1])
    # a line per item, wherever the parts were cut (a part may open with one: "(2/3) • …")
    lines = sum(len(re.findall(r"(?m)^(?:\(\d+/\d+\) )?• ", m["text"])) for m in parts)
    assert lines == announced >= 10 and "II.2.b.1" in whole


def test_done_from_zalo_goes_through_the_domain_and_the_audit_trail(zalo):
    reply = zalo.text(Z_VP, "/xong II.2.b.2 Đã trình UBND xã")
    assert "Đã ghi nhận hoàn thành" in reply and "II.2.b.2" in reply
    [c] = completions_of(zalo.engine, "II.2.b.2")
    assert (c.channel, c.actor, c.person_id, c.note) == ("zalo", VP_HEAD, person_named(zalo.engine, VP_HEAD).id,
                                                         "Đã trình UBND xã")
    [ev] = events(zalo.engine, "task.done")
    assert (ev.channel, ev.person_id, ev.actor) == ("zalo", c.person_id, VP_HEAD)
    assert "đã hoàn thành" in zalo.text(Z_VP, "/xong II.2.b.2")
    assert len(completions_of(zalo.engine, "II.2.b.2")) == 1


def test_a_head_of_another_unit_and_staff_cannot_act(zalo):
    assert "đơn vị khác chủ trì" in zalo.text(Z_VHXH, "/xong II.2.b.1")
    assert "đơn vị khác chủ trì" in zalo.text(Z_VHXH, "/giahan II.2.b.1 15/11/2025 lý do")
    assert "chỉ được xem" in zalo.text(Z_STAFF, "/xong II.2.b.1")
    assert completions_of(zalo.engine, "II.2.b.1") == []
    with reading(zalo.engine) as s:
        assert s.exec(select(Extension)).all() == []


def _request(zalo: ZaloDriver) -> tuple[int, str]:
    reply = zalo.text(Z_VP, "/giahan II.2.b.1 15/11/2025 Chờ hướng dẫn của tỉnh")
    assert "Đã gửi đề nghị gia hạn" in reply and "lãnh đạo UBND xã" in reply
    request = zalo.api.wait_message(Z_CHAIRMAN)["text"]
    number = int(re.search(r"Đề nghị gia hạn số (\d+)", request)[1])
    return number, request


def test_extension_requested_then_approved_from_zalo(zalo):
    from tracker.domain.lookups import find_task, item_for

    number, request = _request(zalo)
    assert VP_HEAD in request and "15/11/2025" in request and "Chờ hướng dẫn của tỉnh" in request
    assert request.rstrip().endswith(f"Đồng chí trả lời /duyet {number} để duyệt, hoặc /tuchoi {number} lý do để "
                                     "từ chối.")
    assert "Cách dùng: /duyet" in zalo.text(Z_CHAIRMAN, "/duyet")
    assert "không tìm thấy đề nghị gia hạn số 999" in zalo.text(Z_CHAIRMAN, "/duyet 999").lower()
    assert "Đã duyệt gia hạn II.2.b.1 đến 15/11/2025" in zalo.text(Z_CHAIRMAN, f"/duyet {number}")
    outcome = zalo.api.wait_message(Z_VP, after=1)["text"]
    assert "đã duyệt" in outcome and "15/11/2025" in outcome and not TAG.search(outcome)
    with reading(zalo.engine) as s:
        it = item_for(s, find_task(s, 1, "II.2.b.1"), None, as_of=datetime.now(UTC))
        [ext] = s.exec(select(Extension)).all()
    assert it.due.isoformat() == "2025-11-15" and it.status == "in_progress"
    assert (ext.status, ext.approved_by, ext.channel, ext.requested_by) == ("approved", CHAIRMAN, "zalo", VP_HEAD)
    assert [(e.action, e.actor, e.channel) for e in
            events(zalo.engine, "task.extension_request") + events(zalo.engine, "task.extend")] == [
        ("task.extension_request", VP_HEAD, "zalo"), ("task.extend", CHAIRMAN, "zalo")]
    # deciding again changes nothing
    assert "đã được duyệt" in zalo.text(Z_CHAIRMAN, f"/tuchoi {number} muộn rồi")
    with reading(zalo.engine) as s:
        assert [x.status for x in s.exec(select(Extension)).all()] == ["approved"]


def test_extension_refused_with_a_reason_and_a_head_cannot_decide(zalo):
    number, _ = _request(zalo)
    assert "không có thẩm quyền duyệt" in zalo.text(Z_VP, f"/duyet {number}")  # only leaders decide
    with reading(zalo.engine) as s:
        assert s.exec(select(Extension)).one().status == "requested"
    reply = zalo.text(Z_CHAIRMAN, f"/tuchoi {number} Cần hoàn thành đúng hạn")
    assert "Đã từ chối gia hạn II.2.b.1" in reply and "30/09/2025" in reply
    outcome = zalo.api.wait_message(Z_VP, after=2)["text"]
    assert "từ chối" in outcome and "Lý do: Cần hoàn thành đúng hạn" in outcome
    [ev] = events(zalo.engine, "task.extension_reject")
    assert (ev.channel, ev.actor) == ("zalo", CHAIRMAN)


def _escalation(engine: Any, to: str, address: str) -> int:
    """An escalation about II.2.b.1 as the dispatcher leaves it once sent on Zalo."""
    from tracker.timeutil import utcnow

    now = utcnow()
    with transaction(engine) as s:
        t = s.exec(select(Task).where(Task.code == "II.2.b.1")).one()
        p = s.exec(select(Person).where(Person.name == to)).one()
        row = OutboxMessage(key=f"II.2.b.1:escalation:{p.id}:zalo:2025-10-01", commune_id=t.commune_id,
                            kind="escalation", rule="escalation", task_id=t.id, person_id=p.id, channel="zalo",
                            address=address, slot="2025-10-01", subject="Cảnh báo quá hạn",
                            body_text="Cảnh báo quá hạn: II.2.b.1\n\nTrả lời /daxem II.2.b.1 để xác nhận đã xem",
                            body_html=None, buttons=[], status="sent", external_id="1", created_at=now, due_at=now,
                            next_attempt_at=now, sent_at=now)
        s.add(row)
        s.flush()
        return row.id or 0


def test_the_chairman_acknowledges_an_escalation_with_daxem(zalo):
    outbox_id = _escalation(zalo.engine, CHAIRMAN, Z_CHAIRMAN)
    assert "chưa hiểu" not in zalo.text(Z_VP, "/daxem II.2.b.1")
    assert "Không có cảnh báo quá hạn nào về nhiệm vụ II.2.b.1" in zalo.text(Z_VP, "/daxem II.2.b.1")
    reply = zalo.text(Z_CHAIRMAN, "/daxem II.2.b.1")
    assert "Đã ghi nhận" in reply and "II.2.b.1" in reply
    assert "trước đó" in zalo.text(Z_CHAIRMAN, "/daxem II.2.b.1")
    with reading(zalo.engine) as s:
        [ack] = s.exec(select(EscalationAck)).all()
    assert (ack.outbox_id, ack.person_id, ack.deadline.isoformat()) == (
        outbox_id, person_named(zalo.engine, CHAIRMAN).id, "2025-09-30")
    [ev] = events(zalo.engine, "escalation.ack")
    assert (ev.channel, ev.actor) == ("zalo", CHAIRMAN)


# ---------------------------------------------------------------- the platform misbehaving


def test_a_chat_that_blocked_the_bot_is_marked_unreachable_on_zalo_only(zalo):
    number, _ = _request(zalo)
    zalo.api.block(Z_VP)
    assert "Đã duyệt" in zalo.text(Z_CHAIRMAN, f"/duyet {number}")
    zalo.api.wait_for(lambda: person_named(zalo.engine, VP_HEAD).zalo_unreachable)
    assert person_named(zalo.engine, CHAIRMAN).zalo_unreachable is False
    with reading(zalo.engine) as s:
        assert s.exec(select(Extension)).one().status == "approved"
    [ev] = events(zalo.engine, "person.zalo_unreachable")
    assert ev.channel == "zalo" and ev.entity == f"person {VP_HEAD}"
    assert person_named(zalo.engine, VP_HEAD).telegram_unreachable is False


def test_a_failed_reply_is_tried_again_and_arrives(zalo):
    zalo.api.fail_next(502, method="sendMessage", chat_id=Z_VP)
    zalo.api.fail_next(429, method="sendMessage", chat_id=Z_VP)
    assert "II.2.b.1" in zalo.text(Z_VP, "/viec")
    assert [code for code, method, _ in zalo.api.refused if method == "sendMessage"] == [502, 429]


def test_polling_survives_an_outage_and_answers_what_came_meanwhile(zalo):
    zalo.api.fail_next(502, method="getUpdates", count=3)
    zalo.api.wait_for(lambda: sum(1 for code, m, _ in zalo.api.refused if m == "getUpdates" and code == 502) == 3)
    zalo.api.fail_next(500, method="getUpdates", count=2, http_status=200)  # an error inside a 200 answer
    assert "II.2.b.1" in zalo.text(Z_VP, "/viec")


# ---------------------------------------------------------------- webhook mode


def test_webhook_mode_answers_posts_with_the_secret_and_refuses_others_with_403(zalo_people, zalo_env, clock):
    from tracker.bot.zalo import Webhook

    port = free_port()
    url = f"http://127.0.0.1:{port}/zalo"
    runner = ZaloBotThread(zalo_people, webhook=Webhook(url, "127.0.0.1", port))
    try:
        assert (zalo_env.webhook_url, zalo_env.webhook_secret) == (url, webhook_secret(zalo_env.token))
        zalo = ZaloDriver(zalo_env, zalo_people)
        assert "II.2.b.1" in zalo.text(Z_VP, "/viec")  # pushed by the platform, with the secret
        assert zalo_env.wait_for(lambda: zalo_env.webhook_posts)[-1][0] == 200
        update = {"event_name": "message.text.received",
                  "message": {"message_id": "1", "from": {"id": Z_VP}, "chat": {"id": Z_VP, "chat_type": "PRIVATE"},
                              "date": 0, "text": "/xong II.2.b.2"}}
        sent = len(zalo_env.messages_to(Z_VP))
        assert zalo_env.post_to_webhook(update, None) == 403
        assert zalo_env.post_to_webhook(update, "not-the-secret-at-all") == 403
        assert zalo_env.post_to_webhook({"ok": True, "result": update}, (zalo_env.webhook_secret or "")[:-1]) == 403
        assert completions_of(zalo_people, "II.2.b.2") == []
        assert len(zalo_env.messages_to(Z_VP)) == sent
        assert zalo_env.post_to_webhook(update, zalo_env.webhook_secret) == 200  # a bare update is fine too
        assert len(completions_of(zalo_people, "II.2.b.2")) == 1
    finally:
        runner.close()
    assert zalo_env.webhook_url == ""  # deleted on stop: polling can start again


# ---------------------------------------------------------------- both messengers at once


def test_one_invitation_links_whichever_messenger_redeems_it_first(bot, zalo_env, run_cli):
    runner = ZaloBotThread(bot.engine, loop=bot.loop)
    try:
        zalo = ZaloDriver(zalo_env, bot.engine)
        code = invite(run_cli, VHXH_HEAD)
        assert bot.say(7001, f"/start {code}")["text"].startswith(f"Xin chào đồng chí {VHXH_HEAD}")
        assert "không đúng, đã dùng" in zalo.text("5c1d0e7a11aa2b77", f"/start {code}")
        code = invite(run_cli, VHXH_HEAD)
        assert zalo.text("5c1d0e7a11aa2b77", f"/start {code}").startswith(f"Xin chào đồng chí {VHXH_HEAD}")
        assert "không đúng, đã dùng" in bot.say(7002, f"/start {code}")["text"]
        p = person_named(bot.engine, VHXH_HEAD)
        assert (p.telegram_chat_id, p.zalo_chat_id) == (7001, "5c1d0e7a11aa2b77")
        with reading(bot.engine) as s:
            used = [(c.used_channel, c.used_address) for c in s.exec(select(LinkCode).order_by(LinkCode.id))]
        assert used == [("telegram", "7001"), ("zalo", "5c1d0e7a11aa2b77")]
    finally:
        runner.close()


def test_a_head_on_telegram_reaches_a_chairman_on_zalo_and_hears_back_on_telegram(bot, zalo_env):
    with transaction(bot.engine) as s:  # the Chairman uses Zalo only
        p = s.exec(select(Person).where(Person.name == CHAIRMAN)).one()
        p.telegram_chat_id, p.zalo_chat_id = None, Z_CHAIRMAN
        s.add(p)
    runner = ZaloBotThread(bot.engine, loop=bot.loop)
    try:
        zalo = ZaloDriver(zalo_env, bot.engine)
        reply = bot.say(VP_CHAT, "/giahan II.2.b.1 15/11/2025 Chờ hướng dẫn của tỉnh")
        assert "tới lãnh đạo UBND xã" in reply["text"]
        request = zalo_env.wait_message(Z_CHAIRMAN)["text"]
        number = int(re.search(r"Đề nghị gia hạn số (\d+)", request)[1])
        assert f"/duyet {number}" in request and not TAG.search(request)
        assert "Đã duyệt" in zalo.text(Z_CHAIRMAN, f"/duyet {number}")
        outcome = bot.api.wait_message(VP_CHAT, after=1)
        assert "đã duyệt" in outcome["text"] and "15/11/2025" in outcome["text"]
        assert bot.api.messages_to(CHAIRMAN_CHAT) == []
    finally:
        runner.close()


def test_the_leaders_reply_verbs_work_on_telegram_too(bot):
    bot.say(VP_CHAT, "/giahan II.2.b.1 15/11/2025 Chờ hướng dẫn của tỉnh")
    request = bot.api.wait_message(CHAIRMAN_CHAT)
    number = int(re.search(r"Đề nghị gia hạn số (\d+)", request["text"])[1])
    assert list(bot.buttons(request)) == ["Duyệt", "Từ chối"]  # Telegram keeps its buttons
    assert "Đã từ chối gia hạn" in bot.say(CHAIRMAN_CHAT, f"/tuchoi {number} Cần đúng hạn")["text"]
    outcome = bot.api.wait_message(VP_CHAT, after=1)
    assert "từ chối" in outcome["text"] and "Cần đúng hạn" in outcome["text"]
    [ev] = events(bot.engine, "task.extension_reject")
    assert (ev.channel, ev.actor) == ("telegram", CHAIRMAN)
    _escalation(bot.engine, CHAIRMAN, str(CHAIRMAN_CHAT))
    assert "Đã ghi nhận" in bot.say(CHAIRMAN_CHAT, "/daxem II.2.b.1")["text"]
    [ack] = events(bot.engine, "escalation.ack")
    assert ack.channel == "telegram"


# ---------------------------------------------------------------- `tracker zalo`


def test_tracker_zalo_without_a_token_fails_with_78(run_cli, monkeypatch, engine):
    monkeypatch.delenv("TRACKER_ZALO_TOKEN", raising=False)
    res = run_cli("zalo")
    assert res.exit_code == 78, res.output
    assert res.stderr.strip().splitlines() == ["Lỗi: Chưa đặt TRACKER_ZALO_TOKEN: bot Zalo không thể chạy."]


def test_tracker_zalo_refuses_a_token_the_platform_refuses_without_showing_it(run_cli, zalo_env, engine, monkeypatch):
    monkeypatch.setenv("TRACKER_ZALO_TOKEN", "4242:definitely-not-the-token")
    res = run_cli("zalo")
    assert res.exit_code == 78, res.output
    assert "TRACKER_ZALO_TOKEN" in res.stderr and "definitely" not in res.output and "4242" not in res.output


def test_tracker_zalo_answers_and_stops_cleanly_on_sigterm(zalo_people, zalo_env, db_url):
    proc = subprocess.Popen([sys.executable, str(ROOT / "cli.py"), "zalo"],
                            env={**os.environ, "TRACKER_DB": db_url, "TRACKER_LOG_LEVEL": "info"},
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        zalo_env.inject_text(Z_VP, "/viec")
        reply = zalo_env.wait_message(Z_VP, timeout=60)
    finally:
        proc.send_signal(signal.SIGTERM)
        _out, err = proc.communicate(timeout=30)
    assert "II.2.b.1" in reply["text"]
    assert proc.returncode == 0, err
    lines = err.splitlines()
    assert "Bot Zalo đang chạy, hỏi liên tục (Ctrl+C để dừng)." in lines and lines[-1] == "Bot Zalo đã dừng."
    assert not any(re.search(r" (INFO|WARNING|ERROR) |Traceback", x) for x in lines), err
    assert zalo_env.token not in err


# ---------------------------------------------------------------- inside `tracker run`


def test_inside_tracker_run_a_head_on_zalo_gets_the_overdue_notice_and_closes_the_task_from_it(
        zalo_people, zalo_env, db_url, tmp_path):
    zalo_people.dispose()
    conf = tmp_path / "tracker.toml"
    conf.write_text("[reminders]\nsweep_interval_seconds = 1\n", encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if not k.startswith("TRACKER_")}
    env.update(TRACKER_DB=db_url, TRACKER_CONFIG=str(conf), TRACKER_ZALO_TOKEN=zalo_env.token,
               TRACKER_ZALO_API_URL=zalo_env.url, TRACKER_FAKE_NOW="2025-10-02 08:00", PYTHONUNBUFFERED="1")
    proc = subprocess.Popen([sys.executable, "-c", "from cli import main; main()", "run"], cwd=tmp_path, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        def said(chat: str, words: str) -> Any:
            return next((m for m in zalo_env.messages_to(chat) if words in m["text"]), None)

        notice = zalo_env.wait_for(lambda: said(Z_VP, "/xong II.2.b.1"), timeout=60)
        assert "II.2.b.1" in notice["text"]
        zalo_env.inject_text(Z_VP, "/xong II.2.b.1 Đã nộp báo cáo")
        done = zalo_env.wait_for(lambda: said(Z_VP, "Đã ghi nhận hoàn thành"), timeout=60)
        assert "II.2.b.1" in done["text"] and not TAG.search(done["text"])
    finally:
        proc.send_signal(signal.SIGTERM)
        _out, err = proc.communicate(timeout=60)
    assert proc.returncode == 0, err
    assert "Bot Zalo đã khởi động" in err and zalo_env.token not in err
    [c] = completions_of(zalo_people, "II.2.b.1")
    assert (c.channel, c.actor, c.note) == ("zalo", VP_HEAD, "Đã nộp báo cáo")
    assert zalo_env.too_many == 0


def test_inside_tracker_run_the_zalo_table_turns_the_webhook_on(zalo_people, zalo_env, db_url, tmp_path):
    zalo_people.dispose()
    port = free_port()
    url = f"http://127.0.0.1:{port}/zalo"
    conf = tmp_path / "tracker.toml"
    conf.write_text(f'[zalo]\nwebhook_url = "{url}"\nlisten = "127.0.0.1:{port}"\n', encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if not k.startswith("TRACKER_")}
    env.update(TRACKER_DB=db_url, TRACKER_CONFIG=str(conf), TRACKER_ZALO_TOKEN=zalo_env.token,
               TRACKER_ZALO_API_URL=zalo_env.url, TRACKER_FAKE_NOW="2025-10-01 09:00", PYTHONUNBUFFERED="1")
    proc = subprocess.Popen([sys.executable, "-c", "from cli import main; main()", "run"], cwd=tmp_path, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        zalo_env.wait_for(lambda: zalo_env.webhook_url == url, timeout=60)
        assert zalo_env.webhook_secret == webhook_secret(zalo_env.token)
        zalo_env.inject_text(Z_STRANGER, "/viec")
        assert zalo_env.wait_message(Z_STRANGER, timeout=60)["text"] == UNLINKED
        assert zalo_env.wait_for(lambda: zalo_env.webhook_posts)[-1][0] == 200
        assert not any(m == "getUpdates" for m, _ in zalo_env.calls)  # no polling next to the webhook
    finally:
        proc.send_signal(signal.SIGTERM)
        _out, err = proc.communicate(timeout=60)
    assert proc.returncode == 0, err
    assert "webhook" in err and zalo_env.token not in err
    assert zalo_env.webhook_url == ""  # deleted on stop


def test_webhook_secret_comes_from_the_token_and_does_not_show_it():
    secret = webhook_secret("1234:abcd")
    assert secret == webhook_secret(" 1234:abcd ") != webhook_secret("1234:abce")
    assert len(secret) == 64 and "abcd" not in secret and "1234" not in secret


# ---------------------------------------------------------------- review of issue 10: reaching people, bare codes

VICE = "Phạm Văn Đức"
Z_VICE = "5c1d0e7a11aa2b05"


def _extension_number(engine: Any) -> int:
    with reading(engine) as s:
        [ext] = s.exec(select(Extension)).all()
    return int(ext.id)


def test_a_leader_who_chose_email_is_not_asked_on_zalo_nor_a_requester_told_there(zalo, run_cli):
    """people edit --channels reaches the bot's own messages too (tracker.reminders.policy.reaching)."""
    set_email(zalo.engine, CHAIRMAN, "chutich@xa.example.vn")
    assert run_cli("people", "edit", CHAIRMAN, "--channels", "email").exit_code == 0
    reply = zalo.text(Z_VP, "/giahan II.2.b.1 15/11/2025 Chờ hướng dẫn của tỉnh")
    assert "Đã gửi đề nghị gia hạn" in reply and "đề nghị đã được lưu" in reply and "kênh khác" in reply
    assert zalo.api.messages_to(Z_CHAIRMAN) == []  # the Chairman chose e-mail: no request on Zalo
    number = _extension_number(zalo.engine)
    assert run_cli("people", "edit", CHAIRMAN, "--channels", "all").exit_code == 0
    set_email(zalo.engine, VP_HEAD, "hoa@xa.example.vn")
    assert run_cli("people", "edit", VP_HEAD, "--channels", "email").exit_code == 0
    before = len(zalo.api.messages_to(Z_VP))
    # the decision's reply comes after the outcome would have been sent to the requester
    assert "Đã duyệt gia hạn" in zalo.text(Z_CHAIRMAN, f"/duyet {number}")
    assert len(zalo.api.messages_to(Z_VP)) == before  # she chose e-mail: no outcome on Zalo
    assert run_cli("people", "edit", VP_HEAD, "--channels", "all").exit_code == 0
    asked = len(zalo.api.messages_to(Z_CHAIRMAN))
    zalo.text(Z_VP, "/giahan II.2.b.2 20/11/2025 Chờ số liệu")  # lifted: the Chairman is asked on Zalo again
    assert "Đề nghị gia hạn số" in zalo.api.wait_message(Z_CHAIRMAN, after=asked)["text"]


def test_a_request_the_platform_fails_to_carry_is_saved_and_said_so(zalo):
    zalo.api.fail_next(500, chat_id=Z_CHAIRMAN, count=3)  # every try of the adapter
    reply = zalo.text(Z_VP, "/giahan II.2.b.1 15/11/2025 Chờ hướng dẫn của tỉnh")
    assert "chưa gửi được qua Zalo lúc này" in reply and "đề nghị đã được lưu" in reply
    assert "chưa ai liên kết" not in reply
    assert _extension_number(zalo.engine) > 0


def test_a_linked_official_typing_a_date_gets_not_understood_and_is_never_cut_off(zalo, run_cli):
    from tracker.bot.conversation import NOT_UNDERSTOOD

    for _ in range(6):  # more than the cut-off
        assert zalo.text(Z_VP, "20251115") == NOT_UNDERSTOOD
    assert zalo.text(Z_VP, "baocaoxa") == NOT_UNDERSTOOD  # an 'o' is never in a code
    code = invite(run_cli, VHXH_HEAD)  # a real code from that chat still links it (one chat, one person)
    assert zalo.text(Z_VP, code.lower()).startswith(f"Xin chào đồng chí {VHXH_HEAD}")
    assert person_named(zalo.engine, VHXH_HEAD).zalo_chat_id == Z_VP


def test_a_leader_telegram_fails_to_reach_does_not_stop_the_others_nor_the_zalo_reply(bot, zalo_env):
    """Errors crossing messengers: a Telegram failure while asking the Chairman is logged, the Vice Chairman on
    Zalo is still asked, and the requester on Zalo hears that the request went out."""
    add_person(bot.engine, VICE, role="vice_chairman", unit=None)
    link_zalo(bot.engine, VICE, Z_VICE)
    link_zalo(bot.engine, VP_HEAD, Z_VP)
    bot.api.fail_next(500, chat_id=CHAIRMAN_CHAT, count=10)
    runner = ZaloBotThread(bot.engine, loop=bot.loop)
    try:
        zalo = ZaloDriver(zalo_env, bot.engine)
        reply = zalo.text(Z_VP, "/giahan II.2.b.1 15/11/2025 Chờ hướng dẫn của tỉnh")
        assert "Đã gửi đề nghị gia hạn" in reply and "tới lãnh đạo UBND xã" in reply
        assert "Đề nghị gia hạn số" in zalo_env.wait_message(Z_VICE)["text"]
        assert bot.api.messages_to(CHAIRMAN_CHAT) == []
        number = _extension_number(bot.engine)
        bot.api.fail_next(500, chat_id=VP_CHAT, count=10)  # the requester's Telegram fails: Zalo carries it
        before = len(zalo_env.messages_to(Z_VP))
        assert "Đã duyệt gia hạn" in zalo.text(Z_VICE, f"/duyet {number}")
        assert "đã duyệt" in zalo_env.messages_to(Z_VP)[before]["text"]
    finally:
        runner.close()


# ---------------------------------------------------------------- review of issue 10: the webhook server


def _update(chat: str, text: str, message_id: str) -> dict[str, Any]:
    return {"event_name": "message.text.received",
            "message": {"message_id": message_id, "from": {"id": chat}, "chat": {"id": chat, "chat_type": "PRIVATE"},
                        "date": 0, "text": text}}


def _raw(port: int, method: str, body: bytes | None = None, headers: dict[str, str] | None = None,
         host: str = "127.0.0.1") -> int:
    import http.client

    conn = http.client.HTTPConnection(host, port, timeout=30)
    try:
        conn.request(method, "/zalo", body=body, headers=headers or {})
        return conn.getresponse().status
    finally:
        conn.close()


@pytest.fixture
def webhook_bot(zalo_people: Any, zalo_env: FakeZaloApi, clock: Any) -> Any:
    from tracker.bot.zalo import Webhook

    port = free_port()
    runner = ZaloBotThread(zalo_people, webhook=Webhook(f"http://127.0.0.1:{port}/zalo", "127.0.0.1", port))
    runner.port = port
    try:
        yield runner
    finally:
        runner.close()


def test_an_update_the_platform_posts_twice_acts_once(webhook_bot, zalo_env, zalo_people):
    update = _update(Z_VP, "/xong II.2.b.2", "00000000000000abc001")
    sent = len(zalo_env.messages_to(Z_VP))
    assert zalo_env.post_to_webhook(update, zalo_env.webhook_secret) == 200
    assert zalo_env.post_to_webhook({"ok": True, "result": update}, zalo_env.webhook_secret) == 200  # sent again
    assert len(completions_of(zalo_people, "II.2.b.2")) == 1
    assert len(zalo_env.messages_to(Z_VP)) == sent + 1  # one reply
    other = _update(Z_VP, "/viec", "00000000000000abc002")  # another message is taken
    assert zalo_env.post_to_webhook(other, zalo_env.webhook_secret) == 200
    assert len(zalo_env.messages_to(Z_VP)) == sent + 2


def test_the_webhook_answers_bad_posts_400_413_405_and_keeps_serving(webhook_bot, zalo_env):
    port, ok = webhook_bot.port, {"X-Bot-Api-Secret-Token": zalo_env.webhook_secret or ""}
    assert _raw(port, "GET", headers=ok) == 405
    assert _raw(port, "PUT", b"{}", headers=ok) == 405
    assert _raw(port, "GET") == 403  # without the secret nothing is said about the method
    assert _raw(port, "POST", b"", headers=ok) == 400  # no body
    assert _raw(port, "POST", b"{not json", headers=ok) == 400
    assert _raw(port, "POST", "\u00ff".encode("latin-1"), headers=ok) == 400  # not UTF-8
    deep = b"[" * 200_000 + b"]" * 200_000  # under 1 MB, nested beyond what the parser can read
    assert _raw(port, "POST", deep, headers=ok) == 400
    assert _raw(port, "POST", b"x", headers={**ok, "Content-Length": str(2 << 20)}) == 413
    assert _raw(port, "POST", b"{}", headers={**ok, "Content-Length": "abc"}) == 400
    sent = len(zalo_env.messages_to(Z_VP))
    assert zalo_env.post_to_webhook(_update(Z_VP, "/viec", "00000000000000abc003"), zalo_env.webhook_secret) == 200
    assert "II.2.b.1" in zalo_env.messages_to(Z_VP)[sent]["text"]


def test_a_body_shorter_than_its_length_gets_400(webhook_bot, zalo_env):
    import socket

    head = (f"POST /zalo HTTP/1.1\r\nHost: x\r\nX-Bot-Api-Secret-Token: {zalo_env.webhook_secret}\r\n"
            "Content-Type: application/json\r\nContent-Length: 100\r\n\r\n{}").encode()
    with socket.create_connection(("127.0.0.1", webhook_bot.port), timeout=30) as sock:
        sock.sendall(head)
        sock.shutdown(socket.SHUT_WR)  # nothing more comes
        answer = sock.recv(100)
    assert answer.startswith(b"HTTP/1.0 400") or answer.startswith(b"HTTP/1.1 400"), answer


def _webhook_server(host: str = "127.0.0.1", **kwargs: Any) -> Any:
    from tracker.bot.zalo import WebhookServer

    loop = asyncio.new_event_loop()
    thread = threading.Thread(target=loop.run_forever, daemon=True)
    thread.start()
    taken: list[Any] = []

    async def handle(body: Any) -> None:
        taken.append(body)

    server = WebhookServer(host, 0, "s" * 64, loop, handle, **kwargs)
    server.start()
    server.taken = taken

    def close() -> None:
        server.stop()
        loop.call_soon_threadsafe(loop.stop)
        thread.join(10)
        loop.close()

    server.close = close
    return server


def test_a_silent_connection_is_closed_and_connections_at_once_are_bounded():
    import socket

    server = _webhook_server(request_timeout=0.3, max_connections=2)
    try:
        silent = [socket.create_connection(("127.0.0.1", server.port), timeout=30) for _ in range(2)]
        # the server closes a connection that says nothing (recv returns b"" once it does)
        assert silent[0].recv(10) == b""
        assert silent[1].recv(10) == b""
        for sock in silent:
            sock.close()
        # a POST is served once the silent ones are gone
        status = _raw(server.port, "POST", b'{"message": {}}', headers={"X-Bot-Api-Secret-Token": "s" * 64})
        assert status == 200
    finally:
        server.close()


def test_connections_beyond_the_bound_are_closed_unanswered():
    import socket

    server = _webhook_server(request_timeout=30, max_connections=1)
    try:
        with socket.create_connection(("127.0.0.1", server.port), timeout=30) as holder:
            holder.sendall(b"POST /zalo HTTP/1.1\r\n")  # holds the one slot
            with socket.create_connection(("127.0.0.1", server.port), timeout=30) as extra:
                extra.sendall(b"GET / HTTP/1.0\r\n\r\n")
                assert extra.recv(10) == b""  # closed at once, no thread started for it
    finally:
        server.close()


def test_an_ipv6_listen_address_is_served():
    import socket

    try:
        with socket.socket(socket.AF_INET6) as probe:
            probe.bind(("::1", 0))
    except OSError:
        pytest.skip("no IPv6 loopback on this machine")
    server = _webhook_server("::1")  # listen = "[::1]:8443" (parse_listen drops the brackets)
    try:
        status = _raw(server.port, "POST", b'{"message": {}}', headers={"X-Bot-Api-Secret-Token": "s" * 64},
                      host="::1")
        assert status == 200 and server.taken == [{"message": {}}]
    finally:
        server.close()


def test_stopping_in_webhook_mode_lets_the_update_being_handled_finish(zalo_people, zalo_env, clock):
    """stop() waits for a POST being handled: the leader is asked and the requester answered, then the client
    closes; nothing fails with a client used after it was closed."""
    import logging

    from tracker.bot.zalo import Webhook

    stopping = threading.Event()
    errors: list[logging.LogRecord] = []

    class Watch(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            if "đang dừng" in record.getMessage():
                stopping.set()
            if record.levelno >= logging.ERROR:
                errors.append(record)

    watch = Watch()
    logger = logging.getLogger("tracker.bot.zalo")
    logger.addHandler(watch)
    old_level = logger.level
    logger.setLevel(logging.INFO)
    port = free_port()
    runner = ZaloBotThread(zalo_people, webhook=Webhook(f"http://127.0.0.1:{port}/zalo", "127.0.0.1", port))
    closer = threading.Thread(target=runner.close)
    try:
        hold = zalo_env.hold_next(chat_id=Z_CHAIRMAN)
        zalo_env.inject_text(Z_VP, "/giahan II.2.b.1 15/11/2025 Chờ hướng dẫn của tỉnh")
        assert hold.reached.wait(30)  # the request to the Chairman is on its way, its answer held
        closer.start()
        assert stopping.wait(30)
        hold.release()
        closer.join(60)
        assert not closer.is_alive()
        replies = zalo_env.messages_to(Z_VP)
        assert replies and "Đã gửi đề nghị gia hạn" in replies[-1]["text"]
        assert zalo_env.webhook_posts[-1][0] == 200
        assert errors == []
    finally:
        logger.removeHandler(watch)
        logger.setLevel(old_level)
        if not closer.is_alive() and closer.ident is None:
            runner.close()
