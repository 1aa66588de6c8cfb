"""The weekly digest lists the extension requests awaiting a decision, so a leader who does not use
the bot sees them, with how to decide (the bot's buttons, or the IT officer); heads' digests do not. No digest shows
the CLI's commands."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from tests.factories import CHAIRMAN, OCT_1, VHXH_HEAD, VP_HEAD
from tracker.domain.extensions import request_extension
from tracker.domain.permissions import Permissions
from tracker.reminders.config import Delivery, ReminderConfig
from tracker.reminders.sweep import manual_digests
from tracker.timeutil import VN

TASK = "II.2.b.1"
REASON = "Chờ hướng dẫn của tỉnh"
MONDAY = "2025-10-06 07:30"


def request(engine: Any, person_id: int) -> int:
    out = request_extension(engine, person_id=person_id, code=TASK, period=None, new_due=date(2025, 11, 15),
                            reason=REASON, perms=Permissions(), now=OCT_1.astimezone(UTC))
    return out.extension.id or 0


def digests(run_cli: Any) -> dict[str, str]:
    """Recipient name -> the digest text `tracker digest --at` prints for them."""
    res = run_cli("digest", "--at", MONDAY)
    assert res.exit_code == 0, res.output
    out: dict[str, str] = {}
    for block in res.stdout.split("─" * 72):
        if block.strip():
            head, _, body = block.strip().partition("\n")
            out[head.removeprefix("Gửi: ")] = body
    return out


def html_digests(engine: Any) -> dict[tuple[str, str], str]:
    """(recipient, channel) -> the HTML part of their digest, for e-mail and Telegram (nothing is sent)."""
    delivery = Delivery(smtp_url="smtp://127.0.0.1:1", telegram_token="0:test")
    notes, rows, _ = manual_digests(engine, datetime(2025, 10, 6, 7, 30, tzinfo=VN), ReminderConfig(), delivery,
                                    store=False)
    return {(n.person.name, n.channel): r["body_html"] for n, r in zip(notes, rows, strict=True)}


HOW = ("Duyệt hoặc từ chối: bấm «Duyệt»/«Từ chối» dưới tin nhắn đề nghị trên Telegram, trả lời /duyet SỐ hoặc "
       "/tuchoi SỐ lý do trên Zalo, hoặc đề nghị liên hệ Văn phòng HĐND và UBND xã")


def test_a_pending_request_is_listed_in_the_chairmans_digest_with_how_to_decide_it(
        people, run_cli, clock, seeded):
    ext_id = request(seeded, people[VP_HEAD])
    text = digests(run_cli)[CHAIRMAN]
    assert "7. Đề nghị gia hạn chờ duyệt: 1" in text
    assert f"Số {ext_id}: {TASK} — {VP_HEAD} đề nghị gia hạn từ 30/09/2025 đến 15/11/2025; lý do: {REASON}" in text
    assert HOW in text and "tracker " not in text


def test_the_pending_request_is_in_the_chairmans_email_and_telegram_html_too(people, run_cli, clock, seeded):
    assert run_cli("people", "edit", CHAIRMAN, "--email", "chutich@xa.gov.vn").exit_code == 0
    ext_id = request(seeded, people[VP_HEAD])
    html = html_digests(seeded)
    email, telegram = html[(CHAIRMAN, "email")], html[(CHAIRMAN, "telegram")]
    assert "<h3>Đề nghị gia hạn chờ duyệt: 1</h3>" in email
    assert f"<td>{ext_id}</td><td>{TASK}</td><td>{VP_HEAD}</td><td>30/09/2025</td><td>15/11/2025</td>" in email
    assert "<b>Đề nghị gia hạn chờ duyệt: 1</b>" in telegram and f"Số {ext_id}: {TASK}" in telegram
    assert HOW in email and "bấm nút dưới tin nhắn đề nghị" in telegram
    assert "tracker " not in email and "tracker " not in telegram


def test_heads_digests_do_not_list_extension_requests(people, run_cli, clock, seeded):
    request(seeded, people[VP_HEAD])
    texts = digests(run_cli)
    html = html_digests(seeded)
    for head in (VP_HEAD, VHXH_HEAD):
        assert "gia hạn" not in texts[head] and "Duyệt hoặc từ chối" not in texts[head]
        assert "gia hạn" not in html[(head, "telegram")]


def test_an_approved_request_leaves_the_digest_which_then_says_there_is_none(people, run_cli, clock, seeded):
    ext_id = request(seeded, people[VP_HEAD])
    assert f"Số {ext_id}: {TASK}" in digests(run_cli)[CHAIRMAN]
    assert run_cli("extensions", "approve", str(ext_id), "--by", CHAIRMAN).exit_code == 0
    text = digests(run_cli)[CHAIRMAN]
    assert "7. Đề nghị gia hạn chờ duyệt: 0\n   Không có." in text and HOW not in text
    assert "<b>Đề nghị gia hạn chờ duyệt: 0</b>\nKhông có." in html_digests(seeded)[(CHAIRMAN, "telegram")]


def test_a_vice_chairman_who_receives_digests_sees_the_pending_requests_too(people, run_cli, clock, seeded):
    from tracker.domain.people import add_person

    add_person(seeded, commune=None, name="Phạm Văn Phó", unit=None, role="vice_chairman", email="pho@xa.gov.vn",
               telegram_chat_id=None, actor="test", now=OCT_1)
    ext_id = request(seeded, people[VP_HEAD])
    cfg = ReminderConfig(escalate_to=("chairman", "vice_chairman"))
    notes, rows, _ = manual_digests(seeded, datetime(2025, 10, 6, 7, 30, tzinfo=VN), cfg,
                                    Delivery(smtp_url="smtp://127.0.0.1:1"), store=False)
    texts = {n.person.name: r["body_text"] for n, r in zip(notes, rows, strict=True)}
    assert f"Số {ext_id}: {TASK}" in texts["Phạm Văn Phó"] and HOW in texts["Phạm Văn Phó"]
    assert f"Số {ext_id}: {TASK}" in texts[CHAIRMAN] and HOW in texts[CHAIRMAN]
    assert HOW not in texts[VP_HEAD]
