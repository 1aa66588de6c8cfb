"""Working days (docs/domain-rules.md): holidays package, override table, and the deadlines they move."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from freezegun import freeze_time

from tests.factories import AUG_5, by_ref, cli_json, db_dump, ok, query, write_plan
from tracker.workdays import WorkCalendar


@pytest.fixture
def cal() -> WorkCalendar:
    return WorkCalendar()


def test_1_and_2_september_2025_are_days_off_and_3_september_is_the_next_working_day(cal):
    assert not cal.is_working_day(date(2025, 9, 1))
    assert not cal.is_working_day(date(2025, 9, 2))
    assert cal.is_working_day(date(2025, 8, 29)) and cal.is_working_day(date(2025, 9, 3))
    assert cal.add_working_days(date(2025, 8, 29), 1) == date(2025, 9, 3)
    assert cal.roll_forward(date(2025, 8, 30)) == date(2025, 9, 3)
    assert cal.working_days_between(date(2025, 8, 29), date(2025, 9, 5)) == 3
    assert cal.add_working_days(date(2025, 9, 3), -1) == date(2025, 8, 29)


def test_tet_2026_keeps_16_to_20_february_off(cal):
    for day in range(16, 21):
        assert not cal.is_working_day(date(2026, 2, day)), day
    assert cal.is_working_day(date(2026, 2, 13)) and cal.is_working_day(date(2026, 2, 23))
    assert cal.roll_forward(date(2026, 2, 16)) == date(2026, 2, 23)
    assert cal.add_working_days(date(2026, 2, 13), 2) == date(2026, 2, 24)
    assert cal.holiday_name(date(2026, 2, 17)) == "Tết Nguyên Đán"


def test_an_override_beats_the_package_both_ways():
    cal = WorkCalendar({date(2025, 4, 26): True, date(2025, 9, 3): False})
    assert cal.is_working_day(date(2025, 4, 26))  # make-up Saturday
    assert not cal.is_working_day(date(2025, 9, 3))
    assert cal.roll_forward(date(2025, 9, 1)) == date(2025, 9, 4)


def test_the_seeded_make_up_saturday_26_april_2025_is_a_working_day(seeded, run_cli):
    from tracker.db import reading
    from tracker.seed import load_calendar

    with reading(seeded) as s:
        cal = load_calendar(s)
    assert cal.is_working_day(date(2025, 4, 26))
    assert not WorkCalendar().is_working_day(date(2025, 4, 26))
    assert cal.add_working_days(date(2025, 4, 25), 1) == date(2025, 4, 26)
    listing = ok(run_cli("workdays", "list", "--year", "2025")).stdout
    line = next(ln for ln in listing.splitlines() if ln.startswith("26/04/2025"))
    assert "làm việc" in line and "làm bù" in line
    assert "02/09/2025" in listing and "Quốc khánh" in listing


def test_workdays_list_shows_tet_2026(seeded, run_cli):
    out = ok(run_cli("workdays", "list", "--year", "2026")).stdout
    for day in ("16/02/2026", "17/02/2026", "20/02/2026"):
        assert day in out


def _plan_with(tmp_path: Path, plan_json: dict, **deadlines: dict) -> Path:
    for t in plan_json["tasks"]:
        if t["code"] in deadlines:
            t["deadline"] = deadlines[t["code"]]
    return write_plan(tmp_path, plan_json)


def test_deadlines_on_national_day_and_tet_run_to_the_next_working_day(engine, run_cli, tmp_path, plan_json):
    path = _plan_with(
        tmp_path, plan_json,
        **{"II.1.b.4": {"kind": "fixed_date", "text": "Ngày 01/9/2025", "date": "2025-09-01"},
           "II.1.b.1": {"kind": "fixed_date", "text": "Ngày 16/02/2026", "date": "2026-02-16"},
           "III.2.1": {"kind": "monthly", "text": "Định kỳ hằng tháng", "first_period": "2026-01",
                       "last_period": "2026-03"}},
    )
    with freeze_time(AUG_5):
        ok(run_cli("seed", str(path)))
    rows = by_ref(cli_json(run_cli, "tasks", "list", "--as-of", "2026-01-01", "--all"))
    assert rows["II.1.b.4"]["effective_deadline"] == "2025-09-03"
    for unit in ("VP", "VHXH", "KT"):  # a shared duty: each department's part has the same deadline
        assert rows[f"II.1.b.1/{unit}"]["effective_deadline"] == "2026-02-23"
    # Cut-off Sat 14/02/2026, then Tết: two working days are Mon 23 and Tue 24 February.
    assert rows["III.2.1@2026-02"]["due_date"] == "2026-02-24"
    assert rows["III.2.1@2026-01"]["due_date"] == "2026-01-16"


def test_workdays_set_and_unset_recompute_occurrence_deadlines(seeded, db_url, run_cli):
    def due(ref: str) -> str:
        return by_ref(cli_json(run_cli, "tasks", "list", "--as-of", "2025-08-01", "--all"))[ref]["due_date"]

    assert due("III.2.1@2025-09") == "2025-09-16"
    assert due("III.1.4/KT@2025-09") == "2025-09-15"
    assert due("III.2.1@2025-11") == "2025-11-18"
    ok(run_cli("workdays", "set", "15/09/2025", "--off", "--note", "Nghỉ bù theo văn bản 123/UBND"))
    res = ok(run_cli("workdays", "set", "2025-11-15", "--working", "--note", "Làm bù"))
    assert "15/11/2025" in res.stdout and "ngày làm việc" in res.stdout
    assert due("III.2.1@2025-09") == "2025-09-17"
    assert due("II.2.a.7/TTPVHCC@2025-09") == "2025-09-17"
    assert due("III.1.4/KT@2025-09") == "2025-09-16"  # a unit's input: 1 working day after the cut-off
    assert due("III.2.1@2025-11") == "2025-11-17"
    ok(run_cli("workdays", "unset", "2025-09-15"))
    ok(run_cli("workdays", "unset", "15/11/2025"))
    assert due("III.2.1@2025-09") == "2025-09-16"
    assert due("III.2.1@2025-11") == "2025-11-18"
    actions = [r[0] for r in query(db_url, "SELECT action FROM auditevent WHERE action LIKE 'workday.%' ORDER BY id")]
    assert actions == ["workday.set", "workday.set", "workday.remove", "workday.remove"]


def test_a_workday_override_moves_fixed_deadlines_through_the_rolling_rule(seeded, run_cli):
    # Sunday 14/12/2025 would run to Monday 15/12; a make-up Sunday makes it a working day.
    ok(run_cli("workdays", "set", "2025-12-14", "--working", "--note", "Làm bù"))
    row = by_ref(cli_json(run_cli, "tasks", "list", "--as-of", "2025-12-15"))["II.1.b.4"]
    assert (row["effective_deadline"], row["status"]) == ("2025-12-14", "overdue")


def test_workdays_errors_are_one_vietnamese_line_and_change_nothing(seeded, db_url, run_cli):
    before = db_dump(db_url)
    res = run_cli("workdays", "unset", "2025-09-15")
    assert res.exit_code == 1 and "không có điều chỉnh" in res.stderr
    res = run_cli("workdays", "set", "31/02/2025", "--working", "--note", "x")
    assert res.exit_code == 1 and "Ngày không tồn tại" in res.stderr
    res = run_cli("workdays", "set", "2025-09-15", "--working", "--note", "  ")
    assert res.exit_code == 1 and "--note" in res.stderr
    res = run_cli("workdays", "set", "2025-09-15", "--note", "x")
    assert res.exit_code == 2 and res.stderr.startswith("Lỗi: Thiếu tùy chọn")
    assert db_dump(db_url) == before
