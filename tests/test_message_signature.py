"""Every message kind, on every channel, ends with the tracker's Vietnamese signature."""

from __future__ import annotations

from tests.factories import CHAIRMAN, outbox_rows, vn

SIGNATURE = "— Hệ thống theo dõi nhiệm vụ cải cách TTHC, UBND xã Cam Hiệp"


def test_every_message_kind_and_channel_part_ends_with_the_vietnamese_signature(seeded):
    from tests.factories import VP_HEAD, add_person, cfg, set_email
    from tracker.reminders.config import Delivery
    from tracker.reminders.sweep import prepare

    add_person(seeded, VP_HEAD, unit="VP", email_addr="hoa@camhiep.example.invalid", chat=1001)
    set_email(seeded, CHAIRMAN, "chutich@camhiep.example.invalid")
    delivery = Delivery(smtp_url="smtp://127.0.0.1:25", telegram_token="123:test")
    for when in (vn(2025, 9, 25, 9), vn(2025, 10, 6, 7, 30)):  # a reminder; a Monday: overdue, escalation, digest
        prepare(seeded, when, cfg(), delivery)
    rows = outbox_rows(seeded)
    assert {r.kind for r in rows if r.channel == "email"} == {"reminder", "overdue", "escalation", "digest"}
    assert {r.kind for r in rows if r.channel == "telegram"} >= {"reminder", "overdue", "digest"}
    for r in rows:
        assert r.body_text.rstrip().endswith(SIGNATURE), (r.key, r.body_text[-120:])
        if r.channel == "email":
            assert r.body_html.rstrip().endswith(f"<p>{SIGNATURE}</p>"), r.key
        if r.channel == "telegram":
            assert r.body_html.rstrip().endswith(f"<i>{SIGNATURE}</i>"), r.key
        assert "tracker," not in r.body_text + (r.body_html or "")
