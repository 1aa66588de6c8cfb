"""Status at chosen instants (docs/domain-rules.md: task status, deadlines, reporting periods), seen through the CLI."""

from __future__ import annotations

from datetime import datetime

from freezegun import freeze_time

from tests.factories import (
    CHAIRMAN,
    DEC_20,
    MONTHLY_TASKS,
    OCT_1_8AM,
    OCT_2,
    OCT_20,
    Q3_TASKS,
    SEP_23,
    by_ref,
    cli_json,
    db_dump,
    ok,
)
from tracker.timeutil import VN


def rows_as_of(run_cli, day: str, *extra: str) -> dict[str, dict]:
    return by_ref(cli_json(run_cli, "tasks", "list", "--as-of", day, *extra))


def test_every_open_q3_task_is_overdue_on_1_october(seeded, run_cli):
    rows = cli_json(run_cli, "tasks", "list", "--as-of", "2025-10-01")
    q3 = [r for r in rows if r["deadline_kind"] == "quarter_end"]
    assert {r["code"] for r in q3} == set(Q3_TASKS)
    assert all(r["status"] == "overdue" and r["due_date"] == "2025-09-30" for r in q3)
    assert all(r["completed_at"] is None and r["due_soon"] is False for r in q3)


def test_q3_tasks_are_in_progress_up_to_the_end_of_30_september(seeded, run_cli):
    for day in ("2025-09-29", "30/09/2025", "2025-09-30 23:59"):
        rows = rows_as_of(run_cli, day)
        assert [rows[c]["status"] for c in Q3_TASKS] == ["in_progress", "in_progress"], day
    assert rows_as_of(run_cli, "2025-10-01 00:00")["II.2.b.1"]["status"] == "overdue"


def test_json_task_objects_carry_the_documented_fields(seeded, run_cli):
    row = rows_as_of(run_cli, "2025-09-01")["II.2.b.1"]
    assert {"code", "title", "lead_unit", "coordinating_units", "deadline_text", "due_date", "period", "status",
            "due_soon", "completed_at"} <= set(row)
    assert row["lead_unit"] == "VP"
    assert row["coordinating_units"] == ["VHXH", "KT", "TTPVHCC"]
    assert row["deadline_text"] == "Hoàn thành trong Quý III năm 2025"
    assert row["period"] is None


def test_a_q3_task_done_on_2_october_is_done_late(seeded, run_cli):
    with freeze_time(OCT_2):
        res = ok(run_cli("tasks", "done", "II.2.b.1"))
    assert "Hoàn thành quá hạn" in res.stdout
    row = rows_as_of(run_cli, "2025-10-03")["II.2.b.1"]
    assert row["status"] == "done_late"
    assert row["completed_at"] == "2025-10-02T10:00:00+07:00"


def test_a_q3_task_done_at_23_00_on_30_september_vietnam_time_is_done_on_time(seeded, run_cli):
    with freeze_time(OCT_2):
        ok(run_cli("tasks", "done", "II.2.b.1", "--at", "2025-09-30 23:00"))
        ok(run_cli("tasks", "done", "II.2.b.2", "--at", "2025-10-01 00:00"))
    rows = rows_as_of(run_cli, "2025-10-02")
    assert rows["II.2.b.1"]["status"] == "done_on_time"
    assert rows["II.2.b.1"]["completed_at"] == "2025-09-30T23:00:00+07:00"
    assert rows["II.2.b.2"]["status"] == "done_late"


def test_a_completion_time_with_an_explicit_utc_offset_is_read_as_such(seeded, run_cli):
    # 16:30 UTC is 23:30 in Hanoi: still 30 September there.
    with freeze_time(OCT_2):
        ok(run_cli("tasks", "done", "II.2.b.1", "--at", "2025-09-30T16:30:00Z"))
    row = rows_as_of(run_cli, "2025-10-02")["II.2.b.1"]
    assert (row["status"], row["completed_at"]) == ("done_on_time", "2025-09-30T23:30:00+07:00")


def test_an_extended_task_done_by_its_new_date_is_done_on_time_and_keeps_its_original_date(seeded, run_cli):
    with freeze_time(SEP_23):
        ok(run_cli("tasks", "extend", "II.2.b.2", "--to", "31/10/2025", "--reason", "Chờ nâng cấp phần mềm",
                   "--approved-by", CHAIRMAN))
    with freeze_time(OCT_20):
        ok(run_cli("tasks", "done", "II.2.b.2"))
    row = rows_as_of(run_cli, "2025-10-21")["II.2.b.2"]
    assert row["status"] == "done_on_time"
    assert (row["due_date"], row["original_due_date"], row["extended"]) == ("2025-10-31", "2025-09-30", True)
    shown = ok(run_cli("tasks", "show", "II.2.b.2")).stdout
    assert "Hạn sau gia hạn" in shown and "31/10/2025" in shown and "30/09/2025" in shown and CHAIRMAN in shown


def test_an_extended_task_done_after_its_new_date_is_done_late(seeded, run_cli):
    with freeze_time(SEP_23):
        ok(run_cli("tasks", "extend", "II.2.b.2", "--to", "2025-10-10", "--reason", "Chờ phần mềm"))
    with freeze_time(OCT_20):
        ok(run_cli("tasks", "done", "II.2.b.2"))
    assert rows_as_of(run_cli, "2025-10-21")["II.2.b.2"]["status"] == "done_late"


def test_as_of_a_past_date_ignores_later_completions_reopens_and_extensions(seeded, run_cli):
    with freeze_time(OCT_2):
        ok(run_cli("tasks", "done", "II.2.b.1"))
    with freeze_time(datetime(2025, 10, 6, 9, tzinfo=VN)):
        ok(run_cli("tasks", "reopen", "II.2.b.1", "--reason", "Báo cáo chưa đạt yêu cầu"))
    with freeze_time(OCT_20):
        ok(run_cli("tasks", "extend", "II.2.b.1", "--to", "2025-11-14", "--reason", "Làm lại báo cáo"))
    before_done = rows_as_of(run_cli, "2025-10-01")["II.2.b.1"]
    assert (before_done["status"], before_done["completed_at"], before_done["due_date"]) == \
        ("overdue", None, "2025-09-30")
    while_done = rows_as_of(run_cli, "2025-10-05")["II.2.b.1"]
    assert (while_done["status"], while_done["due_date"]) == ("done_late", "2025-09-30")
    reopened = rows_as_of(run_cli, "2025-10-07")["II.2.b.1"]
    assert (reopened["status"], reopened["completed_at"]) == ("overdue", None)
    extended = rows_as_of(run_cli, "2025-10-21")["II.2.b.1"]
    assert (extended["status"], extended["due_date"], extended["original_due_date"]) == \
        ("in_progress", "2025-11-14", "2025-09-30")


def test_due_soon_flags_open_tasks_within_seven_days_of_their_deadline(seeded, run_cli):
    assert rows_as_of(run_cli, "2025-09-22")["II.2.b.1"]["due_soon"] is False
    soon = rows_as_of(run_cli, "2025-09-23")["II.2.b.1"]
    assert (soon["status"], soon["due_soon"]) == ("in_progress", True)
    text = ok(run_cli("tasks", "list", "--as-of", "2025-09-23")).stdout
    assert "Sắp đến hạn" in text
    with freeze_time(SEP_23):
        ok(run_cli("tasks", "done", "II.2.b.1"))
    assert rows_as_of(run_cli, "2025-09-24")["II.2.b.1"]["due_soon"] is False


def test_due_soon_days_come_from_the_configuration_file(seeded, run_cli, tmp_path):
    (tmp_path / "tracker.toml").write_text("[tracker]\ndue_soon_days = 3\n", encoding="utf-8")
    assert rows_as_of(run_cli, "2025-09-26")["II.2.b.1"]["due_soon"] is False
    assert rows_as_of(run_cli, "2025-09-27")["II.2.b.1"]["due_soon"] is True


def test_each_monthly_occurrence_has_its_own_window_deadline_and_result(seeded, run_cli):
    with freeze_time(OCT_1_8AM):
        ok(run_cli("tasks", "done", "III.2.1", "--period", "2025-08", "--at", "2025-08-20 09:00"))
        ok(run_cli("tasks", "done", "III.2.1", "--period", "2025-09", "--at", "2025-09-16 16:00"))
    rows = rows_as_of(run_cli, "2025-10-01")
    occ = {p: rows[f"III.2.1@{p}"] for p in ("2025-08", "2025-09", "2025-10")}
    assert occ["2025-08"]["window"] == ["2025-07-15", "2025-08-14"]
    assert occ["2025-09"]["window"] == ["2025-08-15", "2025-09-14"]
    assert occ["2025-10"]["window"] == ["2025-09-15", "2025-10-14"]
    # Two working days after the cut-off: Thu 14/08 -> Mon 18/08; Sun 14/09 -> Tue 16/09.
    assert [o["due_date"] for o in occ.values()] == ["2025-08-18", "2025-09-16", "2025-10-16"]
    assert [o["status"] for o in occ.values()] == ["done_late", "done_on_time", "in_progress"]
    assert "III.2.1@2025-11" not in rows  # its window has not opened yet


def test_every_monthly_task_has_one_occurrence_per_month_from_august_to_december(seeded, run_cli):
    rows = rows_as_of(run_cli, "2025-08-01", "--all")
    # A shared monthly duty has one item per responsible unit ("II.2.a.7/KT"), each with every period.
    items = {code: sorted({r.split("@")[0] for r in rows if "@" in r and r.split("@")[0].split("/")[0] == code})
             for code in MONTHLY_TASKS}
    assert items == {"II.2.a.7": ["II.2.a.7/KT", "II.2.a.7/TTPVHCC", "II.2.a.7/VHXH", "II.2.a.7/VP"],
                     "III.1.4": ["III.1.4/KT", "III.1.4/VHXH", "III.1.4/VP"], "III.2.1": ["III.2.1"]}
    for item in (i for group in items.values() for i in group):
        periods = sorted(r.split("@")[1] for r in rows if r.startswith(item + "@"))
        assert periods == ["2025-08", "2025-09", "2025-10", "2025-11", "2025-12"], item
    # The units' input falls due 1 working day after the cut-off (Fri 14/11), the compiled report 2.
    assert rows["III.1.4/KT@2025-11"]["due_date"] == "2025-11-17"
    assert rows["III.2.1@2025-11"]["due_date"] == "2025-11-18"
    assert rows["III.2.1@2025-12"]["due_date"] == "2025-12-16"


def test_before_15_12_means_14_12_which_is_a_sunday_and_runs_to_monday_15_12(seeded, run_cli):
    row = rows_as_of(run_cli, "2025-12-15")["II.1.b.4"]
    assert "trước ngày 15/12/2025" in row["deadline_text"]
    assert (row["due_date"], row["effective_deadline"], row["status"]) == ("2025-12-14", "2025-12-15", "in_progress")
    assert rows_as_of(run_cli, "2025-12-16")["II.1.b.4"]["status"] == "overdue"
    with freeze_time(DEC_20):
        ok(run_cli("tasks", "done", "II.1.b.4", "--at", "2025-12-15 17:00"))
    assert rows_as_of(run_cli, "2025-12-20")["II.1.b.4"]["status"] == "done_on_time"
    shown = ok(run_cli("tasks", "show", "II.1.b.4")).stdout
    assert "Điều 148" in shown and "15/12/2025" in shown


def test_standing_duties_have_no_deadline_and_stay_out_of_the_percentage_base(seeded, run_cli):
    rows = rows_as_of(run_cli, "2025-10-01")
    for unit in ("VP", "VHXH", "KT", "TTPVHCC"):
        assert rows[f"II.1.a/{unit}"]["status"] == "no_deadline" and rows[f"II.1.a/{unit}"]["due_date"] is None
    total = cli_json(run_cli, "summary", "--as-of", "2025-10-01")["total"]
    no_deadline = sum(1 for r in rows.values() if r["status"] == "no_deadline")
    assert total["counts"]["no_deadline"] == no_deadline
    assert total["base"] == len(rows) - no_deadline


def test_a_cancelled_task_is_cancelled_from_its_cancellation_on_and_leaves_the_base(seeded, run_cli):
    from sqlmodel import select

    from tracker.db import transaction
    from tracker.models import Task

    with transaction(seeded) as s:
        task = s.exec(select(Task).where(Task.code == "II.2.b.2")).one()
        task.cancelled_at = datetime(2025, 9, 10, 9, tzinfo=VN)
        task.cancel_reason = "Nhiệm vụ đã được giao cho cấp tỉnh"
        s.add(task)
    assert rows_as_of(run_cli, "2025-09-09")["II.2.b.2"]["status"] == "in_progress"
    assert rows_as_of(run_cli, "2025-10-01")["II.2.b.2"]["status"] == "cancelled"
    before = cli_json(run_cli, "summary", "--as-of", "2025-09-09")["total"]
    after = cli_json(run_cli, "summary", "--as-of", "2025-10-01")["total"]
    assert after["counts"]["cancelled"] == 1 and before["counts"]["cancelled"] == 0
    with freeze_time(OCT_2):
        res = run_cli("tasks", "done", "II.2.b.2")
    assert res.exit_code == 1 and "đã hủy" in res.stderr


def test_status_follows_the_clock_without_any_write(seeded, run_cli, db_url):
    before = db_dump(db_url)
    with freeze_time(datetime(2025, 9, 30, 23, 59, tzinfo=VN)):
        now_rows = by_ref(cli_json(run_cli, "tasks", "list"))
    assert now_rows["II.2.b.1"]["status"] == "in_progress" and now_rows["II.2.b.1"]["due_soon"] is True
    with freeze_time(datetime(2025, 10, 1, 0, 1, tzinfo=VN)):
        assert by_ref(cli_json(run_cli, "tasks", "list"))["II.2.b.1"]["status"] == "overdue"
        assert "⚠" in ok(run_cli("tasks", "list", "--unit", "VP")).stdout
    assert db_dump(db_url) == before
