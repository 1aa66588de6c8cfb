"""The reminder policy at chosen instants, on the real seeded plan and on small plans near holidays."""

from __future__ import annotations

from datetime import date

import pytest

from tests.factories import CHAIRMAN, VP_HEAD, about, add_person, cfg, fixed_task, policy_at, seed_plan, summary, vn

# ---------------------------------------------------------------- before and after 30/09/2025


@pytest.mark.parametrize(("when", "rule", "left"), [
    (vn(2025, 9, 19), "before_7", 7),
    (vn(2025, 9, 25), "before_3", 3),
    (vn(2025, 9, 29), "before_1", 1),
    (vn(2025, 9, 30), "on_day", 0),
])
def test_the_vp_head_is_reminded_7_3_1_working_days_before_30_september_and_on_the_day(with_head, when, rule, left):
    notes = policy_at(with_head, when)
    assert about(notes, "II.2.b.1") == {("reminder", rule, VP_HEAD, "II.2.b.1")}
    n = next(n for n in notes if n.item and n.item.ref == "II.2.b.1")
    assert n.working_days == left and not n.unassigned and n.channel == "console"


def test_no_reminder_on_a_working_day_between_two_slots(with_head):
    assert about(policy_at(with_head, vn(2025, 9, 23)), "II.2.b.1") == set()


def test_the_first_day_overdue_reminds_the_head_but_does_not_escalate_yet(with_head):
    notes = policy_at(with_head, vn(2025, 10, 1))
    assert about(notes, "II.2.b.1") == {("overdue", "overdue_daily", VP_HEAD, "II.2.b.1")}


def test_overdue_task_escalates_to_chairman_after_one_working_day_and_weekly_after(with_head):
    oct2 = policy_at(with_head, vn(2025, 10, 2))
    assert about(oct2, "II.2.b.1") == {("overdue", "overdue_daily", VP_HEAD, "II.2.b.1"),
                                       ("escalation", "escalation_weekly", CHAIRMAN, "II.2.b.1")}
    esc = {n.key for n in oct2 if n.kind == "escalation" and n.item.ref == "II.2.b.1"}
    # Later the same week the escalation is the same notification (same key), so it is not sent again.
    oct3 = {n.key for n in policy_at(with_head, vn(2025, 10, 3)) if n.kind == "escalation" and n.item.ref == "II.2.b.1"}
    assert oct3 == esc
    oct9 = [n for n in policy_at(with_head, vn(2025, 10, 9)) if n.kind == "escalation" and n.item.ref == "II.2.b.1"]
    assert [n.slot for n in oct9] == [date(2025, 10, 9)] and {n.key for n in oct9}.isdisjoint(esc)
    assert oct9[0].working_days == 7


def test_nothing_is_sent_on_a_saturday_or_outside_working_hours(with_head):
    assert policy_at(with_head, vn(2025, 9, 27, 9)) == []
    assert policy_at(with_head, vn(2025, 9, 30, 7, 29)) == []
    assert policy_at(with_head, vn(2025, 9, 30, 17, 0)) == []
    assert about(policy_at(with_head, vn(2025, 9, 30, 7, 30)), "II.2.b.1")
    assert about(policy_at(with_head, vn(2025, 9, 30, 16, 59)), "II.2.b.1")


def test_standing_and_on_event_tasks_get_no_deadline_reminders(with_head):
    refs = set()
    for when in (vn(2025, 9, 19), vn(2025, 10, 2), vn(2025, 12, 31)):
        refs |= {n.item.task.deadline_kind for n in policy_at(with_head, when) if n.item}
    assert refs and refs.isdisjoint({"standing", "on_event"})


# ---------------------------------------------------------------- done, extended, acknowledged


def test_a_done_task_gets_no_more_reminders_or_escalations(with_head):
    from tracker.domain.tasks import complete_task

    complete_task(with_head, commune=None, code="II.2.b.1", period=None, at=None, actor=VP_HEAD, note=None,
                  evidence=None, now=vn(2025, 9, 29, 15))
    for when in (vn(2025, 9, 30), vn(2025, 10, 1), vn(2025, 10, 2), vn(2025, 10, 9)):
        assert about(policy_at(with_head, when), "II.2.b.1") == set()
    assert about(policy_at(with_head, vn(2025, 10, 2)), "II.2.b.2")  # the other Q3 task still escalates


def test_an_extension_moves_every_reminder_to_the_new_date(with_head):
    from tracker.domain.tasks import extend_task

    extend_task(with_head, commune=None, code="II.2.b.1", period=None, new_due=date(2025, 10, 31),
                reason="Chờ phần mềm", approved_by=CHAIRMAN, actor=CHAIRMAN, now=vn(2025, 9, 26, 10))
    assert about(policy_at(with_head, vn(2025, 9, 30)), "II.2.b.1") == set()
    assert about(policy_at(with_head, vn(2025, 10, 2)), "II.2.b.1") == set()
    assert about(policy_at(with_head, vn(2025, 10, 22)), "II.2.b.1") == {("reminder", "before_7", VP_HEAD, "II.2.b.1")}
    assert about(policy_at(with_head, vn(2025, 10, 31)), "II.2.b.1") == {("reminder", "on_day", VP_HEAD, "II.2.b.1")}
    assert ("escalation", "escalation_weekly", CHAIRMAN, "II.2.b.1") in about(policy_at(with_head, vn(2025, 11, 4)),
                                                                             "II.2.b.1")


def test_an_acknowledged_escalation_is_not_repeated_until_a_new_deadline_re_arms_it(with_head):
    from tracker.db import transaction
    from tracker.domain.tasks import extend_task
    from tracker.models import EscalationAck, Person, Task

    with transaction(with_head) as s:
        from sqlmodel import select

        task = s.exec(select(Task).where(Task.code == "II.2.b.1")).one()
        boss = s.exec(select(Person).where(Person.name == CHAIRMAN)).one()
        s.add(EscalationAck(task_id=task.id, person_id=boss.id, deadline=date(2025, 9, 30),
                            acked_at=vn(2025, 10, 2, 9)))
    assert ("escalation", "escalation_weekly", CHAIRMAN, "II.2.b.1") not in about(policy_at(with_head, vn(2025, 10, 9)),
                                                                                 "II.2.b.1")
    assert ("overdue", "overdue_daily", VP_HEAD, "II.2.b.1") in about(policy_at(with_head, vn(2025, 10, 9)), "II.2.b.1")
    extend_task(with_head, commune=None, code="II.2.b.1", period=None, new_due=date(2025, 10, 15),
                reason="Thêm thời gian", approved_by=CHAIRMAN, actor=CHAIRMAN, now=vn(2025, 10, 10, 9))
    assert ("escalation", "escalation_weekly", CHAIRMAN, "II.2.b.1") in about(policy_at(with_head, vn(2025, 10, 17)),
                                                                             "II.2.b.1")


# ---------------------------------------------------------------- who receives


def test_a_task_whose_unit_has_no_head_is_reported_to_the_chairman_as_unassigned(seeded):
    notes = [n for n in policy_at(seeded, vn(2025, 9, 19)) if n.item and n.item.ref == "II.2.b.1"]
    assert [(n.kind, n.person.name, n.unassigned) for n in notes] == [("reminder", CHAIRMAN, True)]
    esc = [n for n in policy_at(seeded, vn(2025, 10, 2)) if n.item and n.item.ref == "II.2.b.1"]
    assert [(n.kind, n.person.name, n.unassigned) for n in esc] == [("escalation", CHAIRMAN, True)]


def test_the_vice_chairman_is_copied_on_escalations_when_configured(with_head):
    add_person(with_head, "Phạm Văn Phó", role="vice_chairman", unit=None)
    default = about(policy_at(with_head, vn(2025, 10, 2)), "II.2.b.1")
    assert not any(name == "Phạm Văn Phó" for _, _, name, _ in default)
    both = about(policy_at(with_head, vn(2025, 10, 2), cfg(escalate_to=("chairman", "vice_chairman"))), "II.2.b.1")
    assert {name for kind, _, name, _ in both if kind == "escalation"} == {CHAIRMAN, "Phạm Văn Phó"}


def test_each_person_receives_on_every_channel_they_have(with_head):
    from tracker.domain.people import edit_person
    from tracker.reminders.config import Delivery

    edit_person(with_head, commune=None, who=VP_HEAD, changes={"email": "hoa@camhiep.example.invalid",
                                                              "telegram_chat_id": 111}, actor="t", now=vn(2025, 9, 1))
    both = Delivery(smtp_url="smtp://127.0.0.1:1", telegram_token="x")
    chans = {n.channel for n in policy_at(with_head, vn(2025, 9, 19), delivery=both) if n.person.name == VP_HEAD}
    assert chans == {"email", "telegram"}
    # A process without the settings still queues for the person's own channels (the daemon that has them
    # sends), never a console copy in their place; only the demo sends everything to the console.
    assert {n.channel for n in policy_at(with_head, vn(2025, 9, 19)) if n.person.name == VP_HEAD} == chans
    console = Delivery.console_only()
    assert {n.channel for n in policy_at(with_head, vn(2025, 9, 19), delivery=console)
            if n.person.name == VP_HEAD} == {"console"}
    edit_person(with_head, commune=None, who=VP_HEAD, changes={"telegram_unreachable": True}, actor="t",
                now=vn(2025, 9, 1))
    chans = {n.channel for n in policy_at(with_head, vn(2025, 9, 19), delivery=both) if n.person.name == VP_HEAD}
    assert chans == {"email"}


@pytest.mark.parametrize("chat", [-5001, -1001234567890, 2**52])
def test_a_stored_chat_id_that_is_no_private_chat_gets_no_telegram_reminder(with_head, chat):
    """Groups linked before the bot refused them (negative), or ids beyond Telegram's 52 bits."""
    from sqlmodel import select

    from tracker.db import transaction
    from tracker.models import Person
    from tracker.reminders.config import Delivery

    with transaction(with_head) as s:  # as stored before the checks: edit_person refuses these now
        p = s.exec(select(Person).where(Person.name == VP_HEAD)).one()
        p.telegram_chat_id, p.email = chat, "hoa@camhiep.example.invalid"
        s.add(p)
    both = Delivery(smtp_url="smtp://127.0.0.1:1", telegram_token="x")
    chans = {n.channel for n in policy_at(with_head, vn(2025, 9, 19), delivery=both) if n.person.name == VP_HEAD}
    assert chans == {"email"}


# ---------------------------------------------------------------- weekly digest


def test_the_weekly_digest_goes_monday_at_0730_to_the_chairman_and_to_each_head_for_their_unit(with_head):
    assert not [n for n in policy_at(with_head, vn(2025, 10, 6, 7, 29)) if n.kind == "digest"]
    digests = {n.person.name: n.digest for n in policy_at(with_head, vn(2025, 10, 6, 7, 30)) if n.kind == "digest"}
    assert set(digests) == {CHAIRMAN, VP_HEAD}
    # The head of VP gets VP's own items, including VP's part of the shared monthly duties.
    assert {it.ref for it in digests[VP_HEAD].overdue} == {
        "II.2.b.1", "II.2.b.2", "II.2.a.7/VP (2025-08)", "II.2.a.7/VP (2025-09)", "III.1.4/VP (2025-08)",
        "III.1.4/VP (2025-09)"}
    assert digests[VP_HEAD].unit_name == "Văn phòng HĐND và UBND xã"
    boss = digests[CHAIRMAN]
    assert {"II.2.b.1", "II.2.b.2", "III.2.1 (2025-09)"} <= {it.ref for it in boss.overdue}
    assert "III.2.1 (2025-09)" in {it.ref for it in boss.unassigned}  # TTPVHCC has no head
    assert "II.2.b.1" not in {it.ref for it in boss.unassigned}
    assert "Phòng Kinh tế" in boss.units_without_head
    assert "III.1.4/KT (2025-09)" in {it.ref for it in boss.unassigned}  # KT's own part, no head to remind


def test_when_monday_2_september_week_is_a_holiday_the_digest_waits_for_wednesday(seeded):
    # 01/09 and 02/09/2025 are public holidays (Quốc khánh).
    assert policy_at(seeded, vn(2025, 9, 1, 9)) == []
    assert policy_at(seeded, vn(2025, 9, 2, 9)) == []
    digests = [n for n in policy_at(seeded, vn(2025, 9, 3, 7, 30)) if n.kind == "digest"]
    assert [(n.person.name, n.slot) for n in digests] == [(CHAIRMAN, date(2025, 9, 1))]


# ---------------------------------------------------------------- holidays: 2/9/2025 and Tết 2026


def test_working_days_before_a_deadline_skip_the_2_september_holidays(engine, tmp_path, plan_json):
    seed_plan(engine, tmp_path, plan_json, [fixed_task("T.1", "2025-09-04"), fixed_task("T.2", "2025-09-02")])
    add_person(engine, VP_HEAD, unit="VP")
    # T.1 due Thu 04/09: 3 working days before is Thu 28/08 (01/09, 02/09 are off), 1 before is Wed 03/09.
    assert about(policy_at(engine, vn(2025, 8, 28)), "T.1") == {("reminder", "before_3", VP_HEAD, "T.1")}
    assert about(policy_at(engine, vn(2025, 9, 3)), "T.1") == {("reminder", "before_1", VP_HEAD, "T.1")}
    # T.2 due on the holiday 02/09 runs to the end of Wed 03/09 (BLDS 2015, Điều 148).
    assert about(policy_at(engine, vn(2025, 9, 3)), "T.2") == {("reminder", "on_day", VP_HEAD, "T.2")}
    assert about(policy_at(engine, vn(2025, 9, 4)), "T.2") == {("overdue", "overdue_daily", VP_HEAD, "T.2")}


def test_a_deadline_on_tet_2026_runs_to_the_first_working_day_after_and_nothing_is_sent_during_tet(
        engine, tmp_path, plan_json):
    seed_plan(engine, tmp_path, plan_json, [fixed_task("TET.1", "2026-02-16")])
    add_person(engine, VP_HEAD, unit="VP")
    expected = {vn(2026, 2, 5): "before_7", vn(2026, 2, 11): "before_3", vn(2026, 2, 13): "before_1",
                vn(2026, 2, 23): "on_day"}
    for when, rule in expected.items():
        assert about(policy_at(engine, when), "TET.1") == {("reminder", rule, VP_HEAD, "TET.1")}, when
    for d in range(16, 21):  # 16–20/02/2026: Tết holidays
        assert policy_at(engine, vn(2026, 2, d, 9)) == []
    assert about(policy_at(engine, vn(2026, 2, 24)), "TET.1") == {("overdue", "overdue_daily", VP_HEAD, "TET.1")}
    assert ("escalation", "escalation_weekly", CHAIRMAN, "TET.1") in about(policy_at(engine, vn(2026, 2, 25)), "TET.1")


# ---------------------------------------------------------------- catch-up


def test_a_missed_before_deadline_slot_is_flagged_stale_and_only_the_current_one_is_sent(with_head):
    notes = policy_at(with_head, vn(2025, 9, 30))
    assert about(notes, "II.2.b.1") == {("reminder", "on_day", VP_HEAD, "II.2.b.1")}
    stale = {t for t in summary(notes, stale=True) if t[3] == "II.2.b.1"}
    assert stale == {("reminder", "before_1", VP_HEAD, "II.2.b.1"), ("reminder", "before_3", VP_HEAD, "II.2.b.1")}


def test_allowing_one_working_day_of_lateness_sends_yesterdays_slot_today(with_head):
    strict = policy_at(with_head, vn(2025, 9, 26))
    assert about(strict, "II.2.b.1") == set()
    late = policy_at(with_head, vn(2025, 9, 26), cfg(catchup_max_late_working_days=1))
    assert about(late, "II.2.b.1") == {("reminder", "before_3", VP_HEAD, "II.2.b.1")}


def test_a_cancelled_task_stops_at_once_and_its_queued_reminder_is_skipped(with_head):
    from tests.factories import outbox_rows, sweep_at
    from tracker.domain.tasks import cancel_task
    from tracker.reminders.config import Delivery
    from tracker.reminders.sweep import prepare

    prepare(with_head, vn(2025, 10, 2, 8), cfg(), Delivery())  # stored, not yet sent
    cancel_task(with_head, commune=None, code="II.2.b.1", reason="Không còn phù hợp", actor=CHAIRMAN,
                now=vn(2025, 10, 2, 8, 1))
    sweep_at(with_head, vn(2025, 10, 2, 8, 2))
    rows = [r for r in outbox_rows(with_head) if "II.2.b.1" in r.subject]
    assert rows and {r.status for r in rows} == {"skipped"}
    for when in (vn(2025, 10, 3), vn(2025, 10, 9)):
        assert about(policy_at(with_head, when), "II.2.b.1") == set()
