"""Issue 11, plans over time: shared duties per unit, standing and on-event duties never on time or late, the plan's
issue date, monthly offsets per task, and a 2025 and a 2026 plan side by side in one database (with carry-over and
closing a plan).

Real SQLite files and the real CLI; the 2026 plan is tests/data/plan_2026.json (written for these tests, in the
schema of seed/plan_tasks.json).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from freezegun import freeze_time

from tests.factories import add_person, cli_json, ok, vn

PLAN_2026 = Path(__file__).resolve().parent / "data" / "plan_2026.json"
P25, P26 = "cai-cach-tthc-2025", "cai-cach-tthc-2026"
ORDER = ["VP", "VHXH", "KT", "TTPVHCC"]


def _units(summary: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {u["unit"]: u for u in summary["units"]}


def _fail(res: Any) -> str:
    assert res.exit_code != 0, res.stdout
    assert "Traceback" not in res.stderr + res.stdout
    return str(res.stderr)


# ---------------------------------------------------------------- shared duties


def test_summary_at_the_end_of_2025_counts_shared_duties_under_every_department_in_the_plan_files_order(run_cli):
    ok(run_cli("seed"))
    out = cli_json(run_cli, "summary", "--as-of", "2025-12-31")
    units = _units(out)
    assert [u["unit"] for u in out["units"]] == ORDER  # Văn phòng first, as the plan file lists them
    listed = cli_json(run_cli, "tasks", "list", "--as-of", "2025-12-31")
    for unit in ORDER:
        mine = [t for t in listed if t["lead_unit"] == unit]
        assert units[unit]["base"] == sum(1 for t in mine if t["status"] not in ("no_deadline", "cancelled"))
        assert units[unit]["base"] > 0
    # Phòng Kinh tế answers for its own monthly input (III.1.4) and its share of the shared duties.
    kt = {t["code"] for t in listed if t["lead_unit"] == "KT"}
    assert {"III.1.4/KT", "II.1.b.1/KT", "II.2.a.3/KT", "II.1.a/KT"} <= kt
    # Each unit's share of a shared duty is its own item, with the plan's code and the reading recorded.
    item = next(t for t in listed if t["code"] == "II.2.a.3/KT")
    assert item["shared_duty"] == "II.2.a.3" and item["note"]


def test_a_shared_duty_is_done_when_every_unit_has_done_its_share(run_cli, seeded):
    ok(run_cli("tasks", "done", "II.1.b.1/VP", "--at", "2025-12-01 10:00"))
    shown = ok(run_cli("tasks", "show", "II.1.b.1", "--as-of", "2025-12-01")).stdout
    assert "Giao cho 3 đơn vị" in shown and "đã hoàn thành: 1/3 phần việc" in shown
    assert "Cách hiểu kế hoạch: «Các phòng ban chuyên môn»" in shown
    data = cli_json(run_cli, "tasks", "show", "II.1.b.1", "--as-of", "2025-12-01")
    assert {i["code"]: i["status"] for i in data["shared_items"]} == {
        "II.1.b.1/VP": "done_on_time", "II.1.b.1/VHXH": "in_progress", "II.1.b.1/KT": "in_progress"}
    ok(run_cli("tasks", "done", "II.1.b.1/VHXH", "--at", "2025-12-02 10:00"))
    ok(run_cli("tasks", "done", "II.1.b.1/KT", "--at", "2025-12-03 10:00"))
    assert "— đã hoàn thành." in ok(run_cli("tasks", "show", "II.1.b.1", "--as-of", "2025-12-03")).stdout


def test_the_operator_naming_a_shared_duty_by_the_plans_code_is_asked_which_units_share(run_cli, seeded):
    err = _fail(run_cli("tasks", "done", "II.1.b.1"))
    assert "giao cho nhiều đơn vị" in err and "II.1.b.1/VP, II.1.b.1/VHXH, II.1.b.1/KT" in err


def test_a_head_naming_a_shared_duty_by_the_plans_code_completes_their_own_units_share(seeded):
    from tracker.domain.lookups import Actor
    from tracker.domain.tasks import complete_task

    head = add_person(seeded, "Phạm Văn Kinh", unit="KT")
    item = complete_task(seeded, commune=None, code="II.1.b.1", period=None, at=None,
                         actor=Actor.person(head, "telegram"), note=None, evidence=None, now=vn(2025, 12, 1, 9))
    assert item.code == "II.1.b.1/KT" and item.status == "done_on_time"


# ---------------------------------------------------------------- standing and on-event duties


def test_marking_a_standing_duty_records_a_periodic_result_and_never_moves_the_counts(run_cli, seeded):
    before = cli_json(run_cli, "summary", "--as-of", "2025-10-31")
    res = ok(run_cli("tasks", "done", "II.1.a/VHXH", "--at", "2025-10-20 10:00", "--note", "Đã góp ý 2 dự thảo",
                     "--evidence", "https://camhiep.example.invalid/gop-y"))
    assert "Đã ghi nhận kết quả thực hiện II.1.a/VHXH ngày 20/10/2025" in res.stdout
    assert "Hoàn thành đúng hạn" not in res.stdout
    assert cli_json(run_cli, "summary", "--as-of", "2025-10-31") == before
    shown = ok(run_cli("tasks", "show", "II.1.a/VHXH")).stdout
    assert "20/10/2025 · II.1.a/VHXH" in shown and "Đã góp ý 2 dự thảo" in shown
    assert "báo cáo kết quả nhiệm vụ thường xuyên" in shown.lower()  # the history names the action
    data = cli_json(run_cli, "tasks", "show", "II.1.a/VHXH")
    assert data["status"] == "no_deadline" and data["results"][0]["note"] == "Đã góp ý 2 dự thảo"
    # Again next month: a second result, still no status.
    ok(run_cli("tasks", "done", "II.1.a/VHXH", "--at", "2025-11-20 10:00"))
    assert len(cli_json(run_cli, "tasks", "show", "II.1.a/VHXH")["results"]) == 2


def test_an_on_event_duty_has_no_deadline_until_its_event_is_recorded(run_cli, seeded):
    assert cli_json(run_cli, "tasks", "show", "III.2.4", "--as-of", "2025-10-06")["status"] == "no_deadline"
    with freeze_time("2025-10-06 03:00:00"):
        res = ok(run_cli("tasks", "trigger", "III.2.4", "--on", "2025-10-06"))
    # Five working days after Monday 06/10/2025.
    assert "hạn 13/10/2025" in res.stdout
    shown = cli_json(run_cli, "tasks", "show", "III.2.4", "--as-of", "2025-10-14")
    assert shown["status"] == "overdue" and shown["due_date"] == "2025-10-13"
    with freeze_time("2025-10-07 03:00:00"):
        assert "đã ghi nhận sự việc ngày 06/10/2025" in _fail(run_cli("tasks", "trigger", "III.2.4", "--on",
                                                                        "2025-10-07"))
        assert "không phải nhiệm vụ phát sinh theo sự việc" in _fail(run_cli("tasks", "trigger", "II.1.b.4", "--on",
                                                                               "2025-10-07"))
        assert "không thể trước ngày phát sinh" in _fail(run_cli("tasks", "trigger", "II.2.a.2/VP", "--on",
                                                                  "2025-10-07", "--due", "2025-10-01"))
        ok(run_cli("tasks", "trigger", "II.2.a.2/VP", "--on", "2025-10-07", "--due", "2025-10-31"))
    assert cli_json(run_cli, "tasks", "show", "II.2.a.2/VP", "--as-of", "2025-10-08")["due_date"] == "2025-10-31"
    # Another unit's share of the same duty waits for its own event.
    assert cli_json(run_cli, "tasks", "show", "II.2.a.2/KT", "--as-of", "2025-10-08")["status"] == "no_deadline"


# ---------------------------------------------------------------- plan dates and monthly offsets


def _periods(run_cli: Any, code: str) -> list[str]:
    return [o["period"] for o in cli_json(run_cli, "tasks", "show", code)["occurrences"]]


def test_an_unknown_issue_day_keeps_the_wording_and_nothing_falls_due_before_the_month_it_names_is_over(run_cli):
    ok(run_cli("seed"))
    plans = cli_json(run_cli, "plan", "list")
    assert plans[0]["issue_date"] is None and plans[0]["issue_date_text"] == "ngày … tháng 8 năm 2025"
    assert plans[0]["effective_from"] == "2025-08-31"
    # The August report (due 18/08) cannot be overdue: it is not the plan's until the day is known.
    assert _periods(run_cli, "III.2.1")[0] == "2025-09"
    assert "Ngày ban hành: chưa ghi (ngày … tháng 8 năm 2025; tính từ 31/08/2025)" in \
        ok(run_cli("plan", "show", P25)).stdout


def test_set_issued_records_the_decision_and_the_first_monthly_period_follows_from_it(run_cli):
    ok(run_cli("seed"))
    with freeze_time("2025-08-25 03:00:00"):
        res = ok(run_cli("plan", "set-issued", P25, "--date", "05/08/2025", "--number", "125/QĐ-UBND"))
    assert "ban hành ngày 05/08/2025, số 125/QĐ-UBND" in res.stdout and "III.2.1 2025-08" in res.stdout
    assert _periods(run_cli, "III.2.1")[0] == "2025-08"
    # Loading the file again (its issue day still blank) keeps what the IT officer recorded.
    ok(run_cli("seed"))
    plan = cli_json(run_cli, "plan", "list")[0]
    assert (plan["issue_date"], plan["number"]) == ("2025-08-05", "125/QĐ-UBND")
    # Issued after the August report's deadline (18/08): August is not the plan's.
    with freeze_time("2025-08-25 03:00:00"):
        res = ok(run_cli("plan", "set-issued", P25, "--date", "2025-08-20"))
    assert "Bỏ 8 kỳ báo cáo" in res.stdout
    assert _periods(run_cli, "III.2.1")[0] == "2025-09"
    events = cli_json(run_cli, "log", "--limit", "1000")
    assert [e["action"] for e in events].count("plan.set_issued") == 2
    with freeze_time("2025-08-25 03:00:00"):
        assert "tương lai" in _fail(run_cli("plan", "set-issued", P25, "--date", "2025-09-01"))


def test_unit_inputs_fall_due_a_working_day_before_the_compiled_report(run_cli, seeded):
    inputs = {o["period"]: o["due_date"] for o in cli_json(run_cli, "tasks", "show", "III.1.4/KT")["occurrences"]}
    report = {o["period"]: o["due_date"] for o in cli_json(run_cli, "tasks", "show", "III.2.1")["occurrences"]}
    # Cut-off Sunday 14/09/2025: inputs Monday 15/09, the compiled report Tuesday 16/09.
    assert (inputs["2025-09"], report["2025-09"]) == ("2025-09-15", "2025-09-16")
    assert all(inputs[p] < report[p] for p in report)


# ---------------------------------------------------------------- two plans side by side


def _two_plans(run_cli: Any) -> None:
    ok(run_cli("seed"))
    ok(run_cli("seed", str(PLAN_2026)))


def test_a_2025_and_a_2026_plan_live_side_by_side_and_every_command_tells_them_apart(run_cli):
    _two_plans(run_cli)
    plans = cli_json(run_cli, "plan", "list", "--as-of", "2026-03-01")
    assert [(p["code"], p["in_force"]) for p in plans] == [(P25, False), (P26, True)]
    # Without --plan: the plan in force at --as-of, named in the title.
    assert ok(run_cli("tasks", "list", "--as-of", "2025-12-31")).stdout.startswith(
        "Kế hoạch cải cách thủ tục hành chính trọng tâm năm 2025 trên địa bàn xã Cam Hiệp (mã cai-cach-tthc-2025)")
    assert "năm 2026" in ok(run_cli("summary", "--as-of", "2026-03-01")).stdout.splitlines()[0]
    assert cli_json(run_cli, "summary", "--as-of", "2026-03-01")["plan"] == P26
    # II.1.b.4 is in both: its deadline tells which one answered.
    assert cli_json(run_cli, "tasks", "show", "II.1.b.4", "--as-of", "2025-11-01")["original_due_date"] == "2025-12-14"
    assert cli_json(run_cli, "tasks", "show", "II.1.b.4", "--as-of", "2026-03-01")["original_due_date"] == "2026-06-14"
    assert cli_json(run_cli, "tasks", "show", "II.1.b.4", "--plan", P26, "--as-of", "2025-11-01")["plan"] == P26
    # An action names the plan it touched; the other plan's task is untouched.
    with freeze_time("2026-03-02 03:00:00"):
        res = ok(run_cli("tasks", "done", "II.1.b.4", "--plan", P25))
    assert f"II.1.b.4@2025 (kế hoạch {P25})" in res.stdout  # the code as typed back, and the plan
    assert cli_json(run_cli, "tasks", "show", "II.1.b.4", "--plan", P26, "--as-of", "2026-03-02")["status"] == \
        "in_progress"
    assert cli_json(run_cli, "tasks", "show", "II.1.b.4", "--plan", P25, "--as-of", "2026-03-02")["status"] == \
        "done_late"
    # Each plan's counts stand alone; KPIs and the log too.
    s25 = cli_json(run_cli, "summary", "--plan", P25, "--as-of", "2025-12-31")
    s26 = cli_json(run_cli, "summary", "--plan", P26, "--as-of", "2025-12-31")
    # The 2026 plan, not issued yet at the end of 2025: nothing of it is overdue or done.
    assert s25["total"]["counts"]["overdue"] > 0 and s26["total"]["counts"]["overdue"] == 0
    assert s26["total"]["counts"]["done_on_time"] == s26["total"]["counts"]["done_late"] == 0
    assert len(cli_json(run_cli, "kpi", "list", "--plan", P26)) == 10
    assert "Tối thiểu 70" in json.dumps(cli_json(run_cli, "kpi", "list", "--plan", P26), ensure_ascii=False)
    log = cli_json(run_cli, "log", "--task", "II.1.b.4", "--plan", P25)
    assert sorted(e["action"] for e in log) == ["task.create", "task.done"]  # only the 2025 task's events
    assert "--plan" not in _fail(run_cli("plan", "show", "khong-co"))  # a domain error names no flag
    assert "cai-cach-tthc-2025, cai-cach-tthc-2026" in _fail(run_cli("plan", "show", "khong-co"))


def test_carry_over_copies_the_unfinished_tasks_with_a_link_and_the_original_keeps_its_late_status(run_cli):
    _two_plans(run_cli)
    before = cli_json(run_cli, "summary", "--plan", P25, "--as-of", "2025-12-31")
    with freeze_time("2026-01-05 03:00:00"):
        res = ok(run_cli("plan", "carry-over", P25, P26))
        again = ok(run_cli("plan", "carry-over", P25, P26))
    assert "II.1.b.4 → II.1.b.4-2025" in res.stdout and "II.1.b.1/KT → II.1.b.1-2025/KT" in res.stdout
    assert "Đã chuyển 0 nhiệm vụ" in again.stdout and "bỏ qua" in again.stdout
    copy = cli_json(run_cli, "tasks", "show", "II.1.b.4-2025", "--as-of", "2026-01-05")
    assert copy["plan"] == P26 and copy["due_date"] == "2026-12-31" and copy["status"] == "in_progress"
    assert cli_json(run_cli, "summary", "--plan", P25, "--as-of", "2025-12-31") == before
    assert cli_json(run_cli, "tasks", "show", "II.1.b.4", "--plan", P25, "--as-of", "2026-01-05")["status"] == "overdue"


def test_a_closed_plan_sends_no_more_reminders(run_cli, seeded):
    add_person(seeded, "Trần Văn Nam", unit="TTPVHCC")

    def due(at: str) -> set[str]:
        out = cli_json(run_cli, "remind", "run", "--at", at, "--dry-run")
        return {n["task"] for n in out["would_send"] if n["task"]}

    assert any(t.startswith("III.2.1") for t in due("2025-10-02 08:00"))
    with freeze_time("2025-10-01 03:00:00"):
        ok(run_cli("plan", "close", P25))
        assert "đã kết thúc" in _fail(run_cli("plan", "close", P25))
    assert due("2025-10-02 08:00") == set()
    assert cli_json(run_cli, "plan", "list")[0]["state"] == "closed"


def test_on_the_bot_a_head_acts_on_their_units_share_and_a_standing_duty_records_a_result(bot):
    from tests.factories import VHXH_CHAT

    reply = bot.say(VHXH_CHAT, "/xong II.1.a Đã góp ý 2 dự thảo")["text"]
    assert "Đã ghi nhận kết quả thực hiện II.1.a/VHXH ngày 01/10/2025" in reply and "Hoàn thành đúng hạn" not in reply
    assert "đồng chí" in reply and "tracker " not in reply
    reply = bot.say(VHXH_CHAT, "/xong II.1.b.1")["text"]
    assert "Đã ghi nhận hoàn thành II.1.b.1/VHXH" in reply and "Hoàn thành đúng hạn" in reply
    # Another unit's share is another item: still open.
    assert "II.1.b.1/VP" in bot.say(VHXH_CHAT, "/nhiemvu II.1.b.1/VP")["text"]


def test_while_two_plans_are_followed_messages_name_the_plans_year_and_replies_carry_it(run_cli, db_url):
    from tracker.db import get_engine, reading
    from tracker.domain.lookups import find_task
    from tracker.reminders.render import item_context
    from tracker.status import build_items
    from tracker.workdays import load_calendar

    _two_plans(run_cli)
    at = vn(2026, 1, 5, 8)
    with reading(get_engine(db_url)) as s:
        items = build_items(s, 1, as_of=at, calendar=load_calendar(s), include_future=True)
        old = next(it for it in items if it.code == "II.1.b.4" and it.plan and it.plan.year == 2025)
        ctx = item_context(old)
        assert ctx["ref"] == "II.1.b.4 (kế hoạch năm 2025)"
        assert "/xong II.1.b.4@2025" in ctx["reply_done"]
        # The reply names the right plan's task, whichever plan is in force.
        assert find_task(s, 1, "II.1.b.4@2025", as_of=at).plan_id == old.task.plan_id
        assert find_task(s, 1, "II.1.b.4", as_of=at).plan_id != old.task.plan_id
    assert "năm 2030" in _fail(run_cli("tasks", "show", "II.1.b.4@2030"))
    with freeze_time("2026-01-05 03:00:00"):
        ok(run_cli("plan", "close", P25))
    with reading(get_engine(db_url)) as s:
        items = build_items(s, 1, as_of=vn(2026, 1, 6, 8), calendar=load_calendar(s), include_future=True)
        assert {it.plan_year for it in items} == {""}  # one plan followed: codes alone again


# ---------------------------------------------------------------- review of issue 11: edge cases


def test_what_is_recorded_goes_to_the_plan_in_force_when_it_happened_never_before_the_plan(run_cli):
    _two_plans(run_cli)
    with freeze_time("2026-03-02 03:00:00"):
        res = ok(run_cli("tasks", "done", "II.1.b.4", "--at", "2025-12-10 10:00"))
        assert f"(kế hoạch {P25})" in res.stdout and "Hoàn thành đúng hạn" in res.stdout
        err = _fail(run_cli("tasks", "done", "II.2.b.1", "--plan", P25, "--at", "2024-03-01 10:00"))
        assert "trước ngày ban hành kế hoạch" in err
        assert "trước ngày ban hành kế hoạch" in _fail(run_cli("tasks", "trigger", "III.2.5", "--plan", P26, "--on",
                                                                "2025-10-01"))
    assert cli_json(run_cli, "tasks", "show", "II.1.b.4", "--plan", P26, "--as-of", "2026-03-02")["status"] == \
        "in_progress"


def test_the_plan_in_force_is_chosen_before_a_shared_duty_is_told_from_a_task_of_another_plan(run_cli):
    _two_plans(run_cli)
    shown = cli_json(run_cli, "tasks", "show", "II.1.b.1", "--as-of", "2025-12-15")
    assert shown["plan"] == P25 and len(shown["shared_items"]) == 3
    assert cli_json(run_cli, "tasks", "show", "II.1.b.1", "--as-of", "2026-03-01")["plan"] == P26


def test_a_deadline_before_the_issue_day_moves_to_that_day_and_only_a_day_off_reads_as_rolled(run_cli, seeded):
    with freeze_time("2025-10-06 03:00:00"):
        ok(run_cli("plan", "set-issued", P25, "--date", "2025-10-04"))
    shown = cli_json(run_cli, "tasks", "show", "II.2.b.1", "--as-of", "2025-10-05")
    assert shown["original_due_date"] == "2025-09-30" and shown["due_date"] == "2025-10-04"
    assert shown["effective_deadline"] == "2025-10-06" and shown["status"] == "in_progress"  # Saturday → Monday
    text = ok(run_cli("tasks", "show", "II.2.b.1", "--as-of", "2025-10-05")).stdout
    assert "Hạn 04/10/2025 (Thứ Bảy) chuyển sang hết ngày làm việc tiếp theo 06/10/2025" in text
    assert "30/09/2025 (Thứ Ba) chuyển sang" not in text


def test_carry_over_only_goes_forward(run_cli):
    _two_plans(run_cli)
    with freeze_time("2026-01-05 03:00:00"):
        assert "năm sau" in _fail(run_cli("plan", "carry-over", P26, P25))
        res = ok(run_cli("plan", "carry-over", P25, P26))
    assert f"tracker plan close {P25}" in res.stdout  # the originals are still reminded of until then


def test_an_on_event_duty_counts_only_from_the_day_of_its_event(run_cli, seeded):
    with freeze_time("2025-10-06 03:00:00"):
        ok(run_cli("tasks", "trigger", "II.2.a.2/VP", "--on", "2025-10-06"))
    assert cli_json(run_cli, "tasks", "show", "II.2.a.2/VP", "--as-of", "2025-09-15")["status"] == "no_deadline"
    assert cli_json(run_cli, "tasks", "show", "II.2.a.2/VP", "--as-of", "2025-10-07")["status"] == "in_progress"


def test_two_plans_keep_apart_in_the_calendar_kpis_and_the_log(run_cli, tmp_path):
    _two_plans(run_cli)
    ics = tmp_path / "c.ics"
    with freeze_time("2026-01-05 03:00:00"):
        ok(run_cli("calendar", "export", "--out", str(ics)))
        res = ok(run_cli("kpi", "record", "I.1", "--period", "2025-10", "--value", "50"))
    text = ics.read_text(encoding="utf-8").replace("\r\n ", "")
    uids = [line for line in text.splitlines() if line.startswith("UID:")]
    assert len(uids) == len(set(uids))
    assert f"UID:cam-hiep-{P25}-II.1.b.4@tracker" in uids and f"UID:cam-hiep-{P26}-II.1.b.4@tracker" in uids
    assert f"(kế hoạch {P25})" in res.stdout
    assert [r["latest"]["value"] for r in cli_json(run_cli, "kpi", "list", "--plan", P25) if r["code"] == "I.1"] == [50]
    log26 = cli_json(run_cli, "log", "--plan", P26, "--limit", "1000")
    assert not [e for e in log26 if e["entity"].startswith("kpi I.1 2025")]
    assert [e for e in cli_json(run_cli, "log", "--plan", P25, "--limit", "1000") if e["action"] == "kpi.record"]
