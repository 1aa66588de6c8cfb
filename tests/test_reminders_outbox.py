"""The sweep and the outbox: stored once, delivered once, superseded rows skipped, claims and leases."""

from __future__ import annotations

import asyncio
from datetime import timedelta

import pytest

from tests.factories import CHAIRMAN, VP_HEAD, add_person, cfg, outbox_rows, sweep_at, vn


def test_two_sweeps_at_the_same_instant_send_once(with_head):
    first = sweep_at(with_head, vn(2025, 10, 2))
    assert first.result.delivery.sent == len(first.result.due) > 0
    second = sweep_at(with_head, vn(2025, 10, 2))
    assert second.result.inserted == [] and second.result.delivery.sent == 0 and second.console == ""
    later = sweep_at(with_head, vn(2025, 10, 2, 15))
    assert later.result.delivery.sent == 0
    rows = outbox_rows(with_head)
    assert len(rows) == len({r.key for r in rows}) == first.result.delivery.sent
    assert all(r.status == "sent" and r.attempts == 1 for r in rows)
    assert first.console.count("→") == first.result.delivery.sent


def test_the_console_channel_prints_each_message_in_vietnamese(with_head):
    out = sweep_at(with_head, vn(2025, 10, 2)).console
    assert f"→ {VP_HEAD}: [Quá hạn] II.2.b.1: quá hạn 2 ngày làm việc (hạn 30/09/2025)" in out
    assert f"→ {CHAIRMAN}: [Báo cáo Chủ tịch] II.2.b.1 quá hạn 2 ngày làm việc (Văn phòng HĐND và UBND xã)" in out


def test_two_processes_sweeping_at_once_deliver_each_notification_once(with_head):
    from tracker.reminders.config import Delivery
    from tracker.reminders.dispatch import DeliveryStats, Dispatcher, default_factory
    from tracker.reminders.sweep import prepare

    when = vn(2025, 10, 2)
    config = cfg(console_style="compact")
    prepare(with_head, when, config, Delivery())
    prepare(with_head, when, config, Delivery())  # the second "process" stores nothing new

    async def both() -> list[DeliveryStats]:
        a = Dispatcher(with_head, config, default_factory(Delivery(), config, _Sink()), clock=lambda: when, worker="a")
        b = Dispatcher(with_head, config, default_factory(Delivery(), config, _Sink()), clock=lambda: when, worker="b")
        return list(await asyncio.gather(a.deliver(), b.deliver()))

    stats = asyncio.run(both())
    rows = outbox_rows(with_head)
    assert sum(s.sent for s in stats) == len(rows) > 0
    assert sorted(stats[0].sent_keys + stats[1].sent_keys) == sorted(r.key for r in rows)


class _Sink:
    def write(self, text: str) -> int:
        return len(text)

    def flush(self) -> None:
        pass


def test_dry_run_stores_and_sends_nothing(with_head, run_cli):
    res = run_cli("remind", "run", "--at", "2025-10-02 08:00", "--dry-run")
    assert res.exit_code == 0, res.output
    assert "Thử (không lưu, không gửi)" in res.stdout and "II.2.b.1" in res.stdout
    assert outbox_rows(with_head) == []


def test_a_row_stored_before_the_task_was_done_is_skipped_not_sent(with_head):
    from tracker.domain.tasks import complete_task
    from tracker.reminders.config import Delivery
    from tracker.reminders.sweep import prepare

    when = vn(2025, 9, 30, 8)
    prepare(with_head, when, cfg(), Delivery())
    complete_task(with_head, commune=None, code="II.2.b.1", period=None, at=None, actor=VP_HEAD, note=None,
                  evidence=None, now=when + timedelta(minutes=1))
    swept = sweep_at(with_head, when + timedelta(minutes=2))
    row = next(r for r in outbox_rows(with_head) if r.key.startswith("t") and "II.2.b.1" in r.subject)
    assert row.status == "skipped" and "đã hoàn thành" in row.last_error
    assert "II.2.b.1" not in swept.console and swept.result.delivery.skipped >= 1


def test_a_row_stored_before_an_extension_is_skipped(with_head):
    from datetime import date

    from tracker.domain.tasks import extend_task
    from tracker.reminders.config import Delivery
    from tracker.reminders.sweep import prepare

    when = vn(2025, 10, 1, 8)
    prepare(with_head, when, cfg(), Delivery())
    extend_task(with_head, commune=None, code="II.2.b.1", period=None, new_due=date(2025, 10, 20), reason="Lý do",
                approved_by=CHAIRMAN, actor=CHAIRMAN, now=when + timedelta(minutes=1))
    sweep_at(with_head, when + timedelta(minutes=2))
    row = next(r for r in outbox_rows(with_head) if "II.2.b.1" in r.subject)
    assert row.status == "skipped" and "gia hạn" in row.last_error


def test_missed_slots_are_recorded_as_skipped_and_never_sent(with_head):
    swept = sweep_at(with_head, vn(2025, 9, 30))
    skipped = {r.rule for r in outbox_rows(with_head) if r.status == "skipped" and "II.2.b.1" in r.subject}
    assert skipped == {"before_1", "before_3"}
    assert "II.2.b.1: còn 1 ngày" not in swept.console and "II.2.b.1: hạn là hôm nay" in swept.console
    again = sweep_at(with_head, vn(2025, 9, 30, 9))
    assert again.result.stale == [] and again.console == ""


def test_after_a_week_down_the_latest_overdue_state_is_sent_once(with_head):
    sweep_at(with_head, vn(2025, 10, 1))
    back = sweep_at(with_head, vn(2025, 10, 9))  # down from 02/10 to 08/10
    lines = [ln for ln in back.console.splitlines() if "II.2.b.1" in ln]
    assert lines == [f"  ⚠ → {VP_HEAD}: [Quá hạn] II.2.b.1: quá hạn 7 ngày làm việc (hạn 30/09/2025)",
                     f"  🚨 → {CHAIRMAN}: [Báo cáo Chủ tịch] II.2.b.1 quá hạn 7 ngày làm việc "
                     "(Văn phòng HĐND và UBND xã)"]


def test_a_claim_left_by_a_dead_process_is_taken_back_after_the_lease_only(with_head):
    from tracker.db import transaction
    from tracker.models import OutboxMessage
    from tracker.reminders.config import Delivery
    from tracker.reminders.sweep import prepare

    when = vn(2025, 10, 2)
    config = cfg(lease_seconds=300)
    prepare(with_head, when, config, Delivery())
    with transaction(with_head) as s:
        row = s.get(OutboxMessage, 1)
        row.status, row.claimed_by, row.claimed_at = "sending", "dead-host:1", when
        s.add(row)
    soon = sweep_at(with_head, when + timedelta(seconds=60), config)
    assert soon.result.delivery.recovered == 0
    assert next(r for r in outbox_rows(with_head) if r.id == 1).status == "sending"
    late = sweep_at(with_head, when + timedelta(seconds=301), config)
    assert late.result.delivery.recovered == 1
    assert all(r.status == "sent" for r in outbox_rows(with_head))


def test_a_claimed_row_is_not_delivered_by_another_process():
    from sqlmodel import Session

    from tracker.db import get_engine
    from tracker.migrations import migrate

    engine = get_engine("sqlite://")
    migrate(engine)
    from tracker.reminders import outbox

    row = {"key": "t1:on_day:1:console:2025-09-30", "commune_id": None, "kind": "reminder", "rule": "on_day",
           "task_id": None, "occurrence_id": None, "person_id": None, "channel": "console", "address": "x",
           "slot": "2025-09-30", "subject": "s", "body_text": "b", "body_html": None, "buttons": [],
           "status": "pending", "attempts": 0, "created_at": vn(2025, 9, 30), "due_at": vn(2025, 9, 30),
           "next_attempt_at": vn(2025, 9, 30), "deadline": None, "last_error": None}
    with Session(engine) as s, s.begin():
        assert outbox.insert_rows(s, [row]) == [row["key"]]
        assert outbox.insert_rows(s, [row]) == []
    with Session(engine) as s, s.begin():
        assert outbox.claim(s, 1, "a", vn(2025, 9, 30)) is True
    with Session(engine) as s, s.begin():
        assert outbox.claim(s, 1, "b", vn(2025, 9, 30)) is False


# ---------------------------------------------------------------- templates


TRICKY = 'Báo cáo <b>quý</b> & "khẩn"'


@pytest.mark.parametrize("kind", ["reminder", "overdue", "escalation", "digest"])
def test_every_template_renders_and_escapes_html_but_not_text(engine, tmp_path, plan_json, kind):
    from tests.factories import fixed_task, policy_at, seed_plan
    from tracker.reminders.config import Delivery
    from tracker.reminders.render import render
    from tracker.workdays import WorkCalendar

    seed_plan(engine, tmp_path, plan_json, [fixed_task("X.1", "2025-10-06", title=TRICKY)])
    add_person(engine, VP_HEAD, unit="VP", email_addr="hoa@camhiep.example.invalid", chat=42)
    from tracker.domain.people import edit_person

    edit_person(engine, commune=None, who=CHAIRMAN, changes={"email": "ct@camhiep.example.invalid",
                                                             "telegram_chat_id": 7}, actor="t", now=vn(2025, 8, 5))
    when = {"reminder": vn(2025, 10, 6, 9), "overdue": vn(2025, 10, 7), "escalation": vn(2025, 10, 8),
            "digest": vn(2025, 10, 13, 8)}[kind]
    both = Delivery(smtp_url="smtp://127.0.0.1:1", telegram_token="x")
    notes = [n for n in policy_at(engine, when, delivery=both) if n.kind == kind and not n.stale]
    assert {n.channel for n in notes} == {"email", "telegram"}
    for n in notes:
        r = render(n, commune_name="Xã Cam Hiệp", calendar=WorkCalendar(), now=when)
        assert r.subject and "\n" not in r.subject
        assert TRICKY in r.text
        assert r.html is not None and "<b>quý</b>" not in r.html
        if not (kind == "digest" and n.channel == "telegram"):  # the Telegram digest lists codes, not titles
            assert "&lt;b&gt;quý&lt;/b&gt; &amp; &#34;khẩn&#34;" in r.html
        if n.channel == "telegram":
            assert len(r.html) <= 4096
            assert all(set(b) == {"label", "action"} for b in n.buttons)
            expected = {"reminder": {"done", "ext", "info"}, "overdue": {"done", "ext", "info"},
                        "escalation": {"ack", "info"}, "digest": set()}[kind]
            assert {b["action"] for b in n.buttons} == expected


def test_a_missing_template_value_raises_instead_of_printing_nothing():
    from jinja2 import UndefinedError

    from tracker.reminders.render import render_part

    with pytest.raises(UndefinedError):
        render_part("reminder", "subject.txt", {"ref": "X"})


def test_a_sweep_delivers_everything_due_even_beyond_one_batch(with_head):
    swept = sweep_at(with_head, vn(2025, 10, 2), cfg(console_style="compact", batch_size=3))
    rows = outbox_rows(with_head)
    assert len(rows) > 6 and all(r.status == "sent" for r in rows)
    assert swept.result.delivery.sent == len(rows)


def test_an_outbox_table_created_before_the_claim_columns_is_upgraded_in_place(db_url, run_cli):
    import sqlite3

    from tests.test_migrations import CLAIM_COLUMNS, load_pre_alembic_dump, sqlite_columns

    # What create_all made before migrations (tests/data/pre_alembic.sql: no version table, none of the columns
    # and tables later revisions added), as a version older than the claims left it: no claim columns.
    load_pre_alembic_dump(db_url)
    con = sqlite3.connect(db_url.removeprefix("sqlite:///"))
    for column in CLAIM_COLUMNS:
        con.execute(f"ALTER TABLE outboxmessage DROP COLUMN {column}")
    con.commit()
    con.close()
    assert not set(CLAIM_COLUMNS) & set(sqlite_columns(db_url, "outboxmessage"))
    res = run_cli("remind", "run", "--at", "2025-10-02 08:00", "--replay")
    assert res.exit_code == 0, res.output
    assert "Gửi: " in res.stdout and "0 lỗi" in res.stdout
    assert set(CLAIM_COLUMNS) <= set(sqlite_columns(db_url, "outboxmessage"))


def test_a_sweep_at_another_instant_than_the_clock_is_refused_before_anything_is_stored_unless_a_replay(with_head):
    import io

    from tracker.reminders.config import Delivery
    from tracker.reminders.dispatch import default_factory
    from tracker.reminders.sweep import SweepAtAnotherInstant, run_sweep

    config, delivery = cfg(console_style="compact"), Delivery()
    factory = default_factory(delivery, config, io.StringIO())
    clock = lambda: vn(2025, 10, 2, 8, 5)  # noqa: E731

    with pytest.raises(SweepAtAnotherInstant) as refused:
        asyncio.run(run_sweep(with_head, vn(2025, 10, 9), config, delivery, factory, clock=clock))
    assert (refused.value.at, refused.value.now) == (vn(2025, 10, 9), vn(2025, 10, 2, 8, 5))
    assert refused.value.message.startswith("Lượt nhắc lúc 09/10/2025 08:00 khác bây giờ (02/10/2025 08:05)")
    assert "--" not in refused.value.message  # the CLI words its own options
    assert outbox_rows(with_head) == []
    near = asyncio.run(run_sweep(with_head, vn(2025, 10, 2, 8, 4), config, delivery, factory, clock=clock))
    assert near.inserted
    replayed = asyncio.run(run_sweep(with_head, vn(2025, 10, 9), config, delivery, factory, clock=clock,
                                     replay=True))
    assert replayed.inserted and {r.sent_at for r in outbox_rows(with_head) if r.key in replayed.inserted} == {
        vn(2025, 10, 9)}
