"""Long messages through the real Telegram channel (python-telegram-bot) to the fake Bot API server:
a digest lists every item and arrives as numbered parts, each valid on its own, sent once each under
its one outbox row, even across a failed part or a process that died between parts."""

from __future__ import annotations

import asyncio
import re
from datetime import timedelta
from typing import Any

import pytest

from tests.factories import VP_HEAD, add_person, cfg, fixed_task, outbox_rows, seed_plan, vn
from tests.fake_bot_api import html_to_text

pytestmark = pytest.mark.slow  # the real PTB client against the fake Bot API server, parts sent one by one

HEAD_CHAT = 1001
MONDAY = vn(2025, 10, 13, 8)  # the weekly digest's slot
CODES = [f"X.{i}" for i in range(1, 151)]
_PART = re.compile(r"^\((\d+)/(\d+)\) ")


@pytest.fixture
def overloaded(engine, tmp_path, plan_json):
    """A head of unit VP, on Telegram, whose unit has 150 overdue tasks."""
    seed_plan(engine, tmp_path, plan_json, [fixed_task(code, "2025-09-05") for code in CODES])
    add_person(engine, VP_HEAD, unit="VP", chat=HEAD_CHAT)
    return engine


def _delivery() -> Any:
    from tracker.reminders.config import delivery_from_env

    return delivery_from_env()


def _dispatcher(engine: Any, when: Any, worker: str = "w1") -> Any:
    from tracker.reminders.dispatch import Dispatcher, default_factory

    config = cfg()
    return Dispatcher(engine, config, default_factory(_delivery(), config), clock=lambda: when, worker=worker)


def _digest_row(engine: Any) -> Any:
    from tracker.reminders.sweep import prepare

    prepare(engine, MONDAY, cfg(), _delivery())
    return next(r for r in outbox_rows(engine) if r.kind == "digest" and r.address == str(HEAD_CHAT))


def _row(engine: Any, row_id: int) -> Any:
    return next(r for r in outbox_rows(engine) if r.id == row_id)


def _parts(api: Any) -> list[tuple[int, int, str]]:
    """(k, n, text) of each message the head received, checking it is numbered."""
    out = []
    for m in api.messages_to(HEAD_CHAT):
        got = _PART.match(m["text"])
        assert got is not None, m["text"][:40]
        out.append((int(got[1]), int(got[2]), m["text"][got.end():]))
    return out


def test_a_heads_digest_of_150_overdue_tasks_arrives_in_numbered_parts_that_name_all_150_in_order(
        overloaded, telegram_env):
    row = _digest_row(overloaded)
    stats = asyncio.run(_dispatcher(overloaded, MONDAY).deliver(ids=[row.id]))
    assert stats.sent == 1 and stats.failed == 0 and telegram_env.refused == []
    parts = _parts(telegram_env)
    n = len(parts)
    assert n >= 3 and [(k, total) for k, total, _ in parts] == [(k, n) for k in range(1, n + 1)]
    assert all(len(m["raw"]) <= 4096 for m in telegram_env.messages_to(HEAD_CHAT))
    named = re.findall(r"X\.\d+\b", "".join(text for _, _, text in parts))
    assert named == re.findall(r"X\.\d+\b", row.body_text) and sorted(named) == sorted(CODES)
    assert html_to_text(row.body_html).startswith(f"Kính gửi đồng chí {VP_HEAD},\n\n📋 Tổng hợp tuần")
    done = _row(overloaded, row.id)
    assert done.status == "sent" and done.external_id == ",".join(
        str(m["message_id"]) for m in telegram_env.messages_to(HEAD_CHAT))


def test_a_failure_on_part_two_is_retried_by_sending_only_parts_two_to_the_last(overloaded, telegram_env):
    row = _digest_row(overloaded)
    telegram_env.fail_next(502, chat_id=HEAD_CHAT, skip=1)
    first = asyncio.run(_dispatcher(overloaded, MONDAY).deliver(ids=[row.id]))
    assert first.retried == 1 and len(telegram_env.messages_to(HEAD_CHAT)) == 1
    waiting = _row(overloaded, row.id)
    first_id = telegram_env.messages_to(HEAD_CHAT)[0]["message_id"]
    assert waiting.status == "pending" and waiting.external_id == str(first_id)
    again = asyncio.run(_dispatcher(overloaded, MONDAY + timedelta(minutes=5)).deliver(ids=[row.id]))
    assert again.sent == 1
    parts = _parts(telegram_env)
    assert [k for k, _, _ in parts] == list(range(1, parts[0][1] + 1))  # 1, then 2..n: part 1 never twice
    assert sorted(re.findall(r"X\.\d+\b", "".join(t for _, _, t in parts))) == sorted(CODES)
    done = _row(overloaded, row.id)
    assert done.status == "sent" and len(done.external_id.split(",")) == parts[0][1]


def test_a_process_dying_after_part_two_leaves_only_the_rest_for_the_next_one(overloaded, telegram_env):
    row = _digest_row(overloaded)
    hold = telegram_env.hold_next(chat_id=HEAD_CHAT, skip=2)  # part 3 stays in flight at the server

    async def dies_during_part_three() -> None:
        task = asyncio.create_task(_dispatcher(overloaded, MONDAY, worker="dead").deliver(ids=[row.id]))
        await asyncio.to_thread(hold.reached.wait, 30)
        task.cancel()
        hold.release(502)  # and Telegram never took it
        try:
            await task
        except asyncio.CancelledError:
            pass

    asyncio.run(dies_during_part_three())
    assert len(telegram_env.messages_to(HEAD_CHAT)) == 2
    assert len(_row(overloaded, row.id).external_id.split(",")) == 2  # parts 1 and 2 committed as sent
    later = MONDAY + timedelta(seconds=cfg().lease_seconds + 60)
    stats = asyncio.run(_dispatcher(overloaded, later, worker="next").deliver(ids=[row.id]))
    assert stats.sent == 1
    parts = _parts(telegram_env)
    assert [k for k, _, _ in parts] == list(range(1, parts[0][1] + 1))
    assert _row(overloaded, row.id).status == "sent"


def test_the_fake_server_refuses_a_cut_inside_an_entity_or_an_open_tag_like_telegram(telegram_env):
    from tests.fake_bot_api import HtmlError

    for broken in ("Báo cáo &amp", "Mã &#3", "<code>tracker tasks done"):
        with pytest.raises(HtmlError):
            html_to_text(broken)


def test_a_plain_text_channel_of_2000_characters_gets_plain_parts_with_the_buttons_on_the_last():
    from tracker.channels.base import Button, Outgoing, message_parts

    text = "Kính gửi đồng chí,\n" + "\n".join(f"- {code} — quá hạn 5 ngày làm việc <không phải thẻ> & ghi chú"
                                             for code in CODES)
    msg = Outgoing(outbox_id=7, key="k", kind="digest", channel="zalo", address="84900000000",
                   recipient_name=VP_HEAD, subject="Tổng hợp", text=text, html="<b>bỏ qua</b>",
                   buttons=(Button("Đã xem", "ack"),))
    parts = message_parts(msg, 2000, "text")
    assert len(parts) >= 5 and all(len(p.text) <= 2000 for p in parts)
    assert [p.buttons for p in parts] == [()] * (len(parts) - 1) + [msg.buttons]
    assert {(p.outbox_id, p.key) for p in parts} == {(7, "k")}
    bodies = [_PART.sub("", p.text, count=1) for p in parts]
    assert "".join(bodies) == text  # no escaping, nothing lost
    assert message_parts(msg, None, "text") == [msg]


def _part_one_only(engine: Any, api: Any, row_id: int) -> str:
    """Deliver the row with part 2 refused (502): part 1 is out, the rest waits; returns part 1's id."""
    api.fail_next(502, chat_id=HEAD_CHAT, skip=1)
    stats = asyncio.run(_dispatcher(engine, MONDAY).deliver(ids=[row_id]))
    assert stats.retried == 1 and len(api.messages_to(HEAD_CHAT)) == 1
    waiting = _row(engine, row_id)
    assert waiting.status == "pending" and waiting.external_id
    return str(waiting.external_id)


def _all_parts_once(api: Any) -> int:
    parts = _parts(api)
    n = parts[0][1]
    assert [(k, total) for k, total, _ in parts] == [(k, n) for k in range(1, n + 1)]
    return n


def test_a_digest_cut_after_part_one_is_finished_after_its_week_not_skipped(overloaded, telegram_env):
    row = _digest_row(overloaded)
    _part_one_only(overloaded, telegram_env, row.id)
    # The next weeks' pass: a digest this old is no longer worth sending, but its reader has "(1/n)".
    stats = asyncio.run(_dispatcher(overloaded, vn(2025, 10, 21, 8)).deliver())
    assert stats.sent == 1 and stats.skipped >= 150  # the overdue reminders of 13/10 are skipped, as before
    n = _all_parts_once(telegram_env)
    done = _row(overloaded, row.id)
    assert done.status == "sent" and len(done.external_id.split(",")) == n


def _long_reminder(engine: Any) -> tuple[Any, str]:
    """An overdue reminder queued on MONDAY for the head, made long enough to go in parts; (row, task code)."""
    import sqlalchemy as sa

    from tracker.db import reading, transaction
    from tracker.models import Task
    from tracker.reminders import outbox

    _digest_row(engine)  # stores every row due on MONDAY, the overdue reminders too
    row = next(r for r in outbox_rows(engine) if r.kind == "overdue" and r.address == str(HEAD_CHAT))
    with reading(engine) as s:
        task = s.get(Task, row.task_id)
        assert task is not None
        code = task.code
    body = f"<b>Nhắc việc {code}</b>\n" + "\n".join(f"• Văn bản số {i}/UBND &amp; phụ lục <i>kèm theo</i>"
                                                     for i in range(300))
    with transaction(engine) as s:
        s.execute(sa.update(outbox.T).where(outbox.T.c.id == row.id).values(body_html=body))
    return _row(engine, row.id), code


@pytest.mark.parametrize("change", ["completed", "cancelled", "extended"])
def test_a_reminder_cut_after_part_one_is_finished_even_if_its_task_closed_or_its_deadline_moved(
        overloaded, telegram_env, change):
    from datetime import date

    from tracker.domain.tasks import cancel_task, complete_task, extend_task

    row, code = _long_reminder(overloaded)
    _part_one_only(overloaded, telegram_env, row.id)
    when = MONDAY + timedelta(minutes=1)
    if change == "completed":
        complete_task(overloaded, commune=None, code=code, period=None, at=None, actor=VP_HEAD, note=None,
                      evidence=None, now=when)
    elif change == "cancelled":
        cancel_task(overloaded, commune=None, code=code, reason="Không còn cần", actor="test", now=when)
    else:
        extend_task(overloaded, commune=None, code=code, period=None, new_due=date(2025, 11, 28), reason="Chờ tỉnh",
                    approved_by=None, actor="test", now=when)
    stats = asyncio.run(_dispatcher(overloaded, MONDAY + timedelta(minutes=5)).deliver(ids=[row.id]))
    assert (stats.sent, stats.skipped) == (1, 0)
    _all_parts_once(telegram_env)
    assert _row(overloaded, row.id).status == "sent"


def test_a_process_that_lost_its_claim_between_parts_says_another_process_took_it_and_counts_no_retry(
        overloaded, telegram_env, caplog):
    import logging

    from tracker.db import transaction
    from tracker.reminders import outbox

    caplog.set_level(logging.INFO, logger="tracker.reminders")
    row = _digest_row(overloaded)
    hold = telegram_env.hold_next(chat_id=HEAD_CHAT, skip=1)  # part 2 stays in flight past the lease

    def another_sweep_takes_the_claim_back() -> None:
        later = MONDAY + timedelta(seconds=cfg().lease_seconds + 60)
        with transaction(overloaded) as s:
            assert outbox.recover_expired(s, later, cfg().lease_seconds) == [row.key]

    async def outlives_its_lease() -> Any:
        task = asyncio.create_task(_dispatcher(overloaded, MONDAY, worker="slow").deliver(ids=[row.id]))
        await asyncio.to_thread(hold.reached.wait, 30)
        await asyncio.to_thread(another_sweep_takes_the_claim_back)
        hold.release()  # Telegram accepts part 2 after all
        return await task

    stats = asyncio.run(outlives_its_lease())
    assert (stats.claimed_elsewhere, stats.retried, stats.sent, stats.failed) == (1, 0, 0, 0)
    said = [r.getMessage() for r in caplog.records if row.key in r.getMessage()]
    assert not any(m.startswith("Thử lại") for m in said)
    assert any("tiến trình khác đã nhận gửi tiếp" in m for m in said), said
    taken = _row(overloaded, row.id)
    assert (taken.status, taken.claimed_by, taken.attempts) == ("pending", None, 0)
    assert len(taken.external_id.split(",")) == 1  # the new owner resumes after part 1 (part 2 may repeat)
