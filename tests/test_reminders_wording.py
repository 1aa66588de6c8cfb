"""What the messages tell each reader: the Chairman, a unit head, by e-mail and on Telegram."""

from __future__ import annotations

from typing import Any

import pytest

from tests.factories import CHAIRMAN, VP_HEAD, add_person, fixed_task, policy_at, seed_plan, vn

WHEN = {"reminder": vn(2025, 10, 6, 9), "overdue": vn(2025, 10, 7), "escalation": vn(2025, 10, 8),
        "digest": vn(2025, 10, 13, 8)}


@pytest.fixture
def plan(engine, tmp_path, plan_json):
    """X.1 belongs to VP, whose head is registered; X.2 to KT, which has no head; X.3 falls due later."""
    from tracker.domain.people import edit_person

    seed_plan(engine, tmp_path, plan_json, [fixed_task("X.1", "2025-10-06"), fixed_task("X.2", "2025-10-06", unit="KT"),
                                            fixed_task("X.3", "2025-10-16")])
    add_person(engine, VP_HEAD, unit="VP", email_addr="hoa@camhiep.example.invalid", chat=42)
    edit_person(engine, commune=None, who=CHAIRMAN, changes={"email": "ct@camhiep.example.invalid",
                                                             "telegram_chat_id": 7}, actor="t", now=vn(2025, 8, 5))
    return engine


def rendered(engine: Any, kind: str, who: str, channel: str, ref: str | None = None) -> Any:
    from tracker.reminders.config import Delivery
    from tracker.reminders.render import render
    from tracker.workdays import WorkCalendar

    both = Delivery(smtp_url="smtp://127.0.0.1:1", telegram_token="x")
    notes = [n for n in policy_at(engine, WHEN[kind], delivery=both)
             if n.kind == kind and not n.stale and n.person.name == who and n.channel == channel
             and (ref is None or (n.item is not None and n.item.ref == ref))]
    assert len(notes) == 1, notes
    return render(notes[0], commune_name="Xã Cam Hiệp", calendar=WorkCalendar(), now=WHEN[kind])


def test_the_chairman_is_asked_to_assign_someone_when_the_unit_has_no_head(plan):
    # Only reminders go to the Chairman in the head's place; overdue notices go to heads, escalations to him.
    r = rendered(plan, "reminder", CHAIRMAN, "email", "X.2")
    for body in (r.text, r.html):
        assert "phân công người phụ trách" in body and "gia hạn" in body
        assert "/giahan X.2 NGÀY lý do" in body  # the Chairman's own extension applies at once
        assert "tracker " not in body  # an official is never shown the CLI
        # Nothing meant for the one who does the work: he would be asking himself for an extension.
        assert "đề nghị Chủ tịch gia hạn" not in body and "tracker tasks done" not in body and "/xong" not in body


@pytest.mark.parametrize("kind", ["reminder", "overdue"])
def test_a_head_is_told_to_ask_for_an_extension_never_to_apply_one(plan, kind):
    r = rendered(plan, kind, VP_HEAD, "email", "X.1")
    for body in (r.text, r.html):
        assert "đề nghị Chủ tịch gia hạn" in body and "/giahan X.1 NGÀY lý do" in body
        assert "«Xin gia hạn»" in body and "Văn phòng HĐND và UBND xã" in body
        assert "/xong X.1" in body and "tracker " not in body  # an official is never shown the CLI
        assert "tracker tasks extend" not in body and "phân công" not in body


@pytest.mark.parametrize("kind", ["reminder", "overdue", "digest", "escalation"])
def test_every_email_opens_with_the_same_form_of_address(plan, kind):
    who = CHAIRMAN if kind == "escalation" else VP_HEAD
    r = rendered(plan, kind, who, "email", None if kind == "digest" else "X.1")
    assert r.text.startswith(f"Kính gửi đồng chí {who},\n")
    assert r.html.startswith(f"<p>Kính gửi đồng chí {who},</p>")


def test_the_telegram_digest_counts_in_working_days(plan):
    # 13/10 (Monday): X.1 and X.2 were due on 06/10, five working days ago; X.3 is due on 16/10, three ahead.
    r = rendered(plan, "digest", CHAIRMAN, "telegram")
    assert "X.1 (Văn phòng" in r.html and "hạn 06/10/2025, quá 5 ngày làm việc" in r.html
    assert "hạn 16/10/2025, còn 3 ngày làm việc" in r.html
    assert " ngày\n" not in r.html


def test_the_email_digest_points_readers_to_the_bot_not_to_the_command_line(plan):
    for who in (CHAIRMAN, VP_HEAD):
        r = rendered(plan, "digest", who, "email")
        assert "tracker tasks list" not in r.text and "tracker tasks list" not in r.html
        assert "gửi /quahan cho bot Telegram hoặc Zalo, hoặc đề nghị liên hệ Văn phòng HĐND và UBND xã" in r.text
        assert ("gửi <code>/quahan</code> cho bot Telegram hoặc Zalo, hoặc đề nghị liên hệ Văn phòng HĐND và UBND xã"
                in r.html)


def test_the_escalation_email_tells_how_to_stop_the_weekly_repeat_in_both_parts(plan):
    r = rendered(plan, "escalation", CHAIRMAN, "email", "X.1")
    clause = "(bấm «Đã xem» trên Telegram hoặc trả lời /daxem X.1 trên Zalo để dừng nhắc lại với thời hạn hiện tại)"
    assert clause in r.text and clause in r.html


def test_our_messages_say_hang_tuan_like_the_plan(plan):
    texts = [rendered(plan, "overdue", VP_HEAD, "email", "X.1"), rendered(plan, "escalation", CHAIRMAN, "email", "X.1"),
             rendered(plan, "escalation", CHAIRMAN, "telegram", "X.1")]
    for r in texts:
        assert "hằng" not in r.text + (r.html or "")
    assert "hàng tuần" in texts[0].text and "hàng ngày" in texts[1].text and "hàng tuần" in texts[2].html
