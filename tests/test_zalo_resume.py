"""A long Zalo message (numbered parts) interrupted after its first part: the retry sends only what is missing,
so the reader gets every part once, in order (the outbox keeps each sent part's message id)."""

from __future__ import annotations

import asyncio
from datetime import timedelta

import pytest

from tests.factories import CHAIRMAN, cfg, fixed_task, link_zalo, outbox_rows, seed_plan, vn

pytestmark = pytest.mark.slow  # the fake platform's 1 message per second per chat paces the parts

BOSS_CHAT = "0f9e8d7c6b5a4f3e2d1c"


def test_a_digest_cut_off_after_its_first_part_resumes_with_the_second(engine, tmp_path, plan_json, zalo_env):
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
    config = cfg()
    prepare(engine, monday, config, delivery)
    [digest] = [r for r in outbox_rows(engine) if r.kind == "digest" and r.channel == "zalo"]

    zalo_env.fail_next(502, chat_id=BOSS_CHAT, skip=1)  # the first part goes, the second meets an outage
    first = asyncio.run(Dispatcher(engine, config, default_factory(delivery, config), clock=lambda: monday)
                        .deliver(ids=[digest.id]))
    assert first.sent == 0 and first.retried == 1
    [row] = [r for r in outbox_rows(engine) if r.id == digest.id]
    assert row.status == "pending" and len(row.external_id.split(",")) == 1  # part 1 recorded as sent
    assert len(zalo_env.messages_to(BOSS_CHAT)) == 1

    later = monday + timedelta(hours=1)  # past the backoff
    again = asyncio.run(Dispatcher(engine, config, default_factory(delivery, config), clock=lambda: later)
                        .deliver(ids=[digest.id]))
    assert again.sent == 1
    parts = [m["text"] for m in zalo_env.messages_to(BOSS_CHAT)]
    n = len(parts)
    assert n >= 3 and [p.split(" ", 1)[0] for p in parts] == [f"({k}/{n})" for k in range(1, n + 1)]
    assert "".join(p.split(" ", 1)[1] for p in parts) == digest.body_text  # each part once, nothing lost
    [row] = [r for r in outbox_rows(engine) if r.id == digest.id]
    assert row.status == "sent" and row.external_id.split(",") == [m["message_id"] for m in zalo_env.sent]
