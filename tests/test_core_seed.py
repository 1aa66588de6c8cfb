"""`tracker seed`: idempotent, edits update without erasing history, bad files change nothing."""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

import pytest
from freezegun import freeze_time

from tests.factories import (
    AUG_5,
    OCT_2,
    SEP_23,
    assert_one_vietnamese_error,
    by_ref,
    cli_json,
    db_dump,
    ok,
    plan_task,
    query,
    row_counts,
    write_plan,
)


def test_seeding_loads_every_task_occurrence_kpi_unit_and_the_chairman(engine, run_cli, db_url):
    with freeze_time(AUG_5):
        out = ok(run_cli("seed")).stdout
    # 56 tasks: each shared duty is one task per unit (II.1.a, II.2.a.1-7 x4 units; II.1.b.1, III.1.1-4 x3
    # departments). The plan file leaves the issue day blank ("ngày … tháng 8 năm 2025"), so the plan counts from
    # 31/08/2025 and its periods start in September: 4 months x (II.2.a.7 x4, III.1.4 x3, III.2.1) = 32.
    assert "Tạo mới:" in out and "56 nhiệm vụ" in out and "32 kỳ báo cáo" in out and "10 chỉ tiêu" in out
    counts = row_counts(db_url)
    assert [counts[t] for t in ("commune", "unit", "task", "occurrence", "kpi")] == [1, 4, 56, 32, 10]
    assert query(db_url, "SELECT COUNT(*) FROM occurrence WHERE period = '2025-08'") == [(0,)]
    assert query(db_url, "SELECT name, role FROM person") == [("Bùi Quang Nam", "chairman")]
    units = {u["code"]: u["name"] for u in cli_json(run_cli, "units", "list")}
    assert units == {"VP": "Văn phòng HĐND và UBND xã", "VHXH": "Phòng Văn hóa - Xã hội", "KT": "Phòng Kinh tế",
                     "TTPVHCC": "Trung tâm Phục vụ hành chính công"}


def test_seeding_twice_creates_nothing_twice_and_changes_no_row(engine, run_cli, db_url):
    with freeze_time(AUG_5):
        ok(run_cli("seed"))
    first = db_dump(db_url)
    counts = row_counts(db_url)
    with freeze_time(SEP_23):
        out = ok(run_cli("seed")).stdout
    assert "Tạo mới: không có" in out and "Cập nhật: không có" in out
    assert row_counts(db_url) == counts
    assert db_dump(db_url) == first


def test_reseeding_an_edited_file_updates_titles_and_deadlines_but_keeps_results_and_history(
        seeded, run_cli, db_url, plan_json, tmp_path):
    with freeze_time(SEP_23):
        ok(run_cli("tasks", "done", "II.2.b.2", "--note", "Xong"))
        ok(run_cli("tasks", "done", "III.2.1", "--period", "2025-09", "--at", "2025-09-16 08:00"))
        ok(run_cli("tasks", "extend", "II.2.b.1", "--to", "2025-10-15", "--reason", "Chờ phần mềm"))
    history = query(db_url, "SELECT id, action, entity FROM auditevent ORDER BY id")
    kept = {t: row_counts(db_url)[t] for t in ("completion", "extension")}

    edited = copy.deepcopy(plan_json)
    plan_task(edited, "II.2.b.1")["title"] = "Rà soát, cắt giảm chế độ báo cáo (đã sửa)"
    plan_task(edited, "II.2.b.2")["deadline"] = {"kind": "quarter_end", "text": "Hoàn thành trong Quý IV năm 2025",
                                            "year": 2025, "quarter": 4}
    plan_task(edited, "III.2.1")["deadline"]["last_period"] = "2025-10"  # drops November and December
    with freeze_time(OCT_2):
        out = ok(run_cli("seed", str(write_plan(tmp_path, edited)))).stdout
    assert "Cập nhật: 3 nhiệm vụ, 2 kỳ bị bỏ" in out

    rows = by_ref(cli_json(run_cli, "tasks", "list", "--as-of", "2025-10-02", "--all"))
    assert rows["II.2.b.1"]["title"] == "Rà soát, cắt giảm chế độ báo cáo (đã sửa)"
    assert (rows["II.2.b.1"]["due_date"], rows["II.2.b.1"]["original_due_date"]) == ("2025-10-15", "2025-09-30")
    assert (rows["II.2.b.2"]["due_date"], rows["II.2.b.2"]["status"]) == ("2025-12-31", "done_on_time")
    assert rows["II.2.b.2"]["deadline_text"] == "Hoàn thành trong Quý IV năm 2025"
    assert rows["III.2.1@2025-09"]["status"] == "done_on_time"
    assert "III.2.1@2025-11" not in rows and "II.2.a.7/TTPVHCC@2025-11" in rows
    assert {t: row_counts(db_url)[t] for t in ("completion", "extension")} == kept
    after = query(db_url, "SELECT id, action, entity FROM auditevent ORDER BY id")
    assert after[: len(history)] == history
    updates = [(a, e) for _, a, e in after[len(history):]]
    assert ("task.update", "task II.2.b.1") in updates and ("task.update", "task II.2.b.2") in updates
    before_after = query(db_url, "SELECT before, after FROM auditevent WHERE action='task.update' "
                                 "AND entity='task II.2.b.2'")
    assert "2025-09-30" in before_after[0][0] and "2025-12-31" in before_after[0][1]


def test_reseeding_keeps_an_occurrence_that_has_a_result_even_if_the_file_drops_it(
        seeded, run_cli, db_url, plan_json, tmp_path):
    with freeze_time(OCT_2):
        ok(run_cli("tasks", "done", "III.2.1", "--period", "2025-09"))
    edited = copy.deepcopy(plan_json)
    plan_task(edited, "III.2.1")["deadline"]["first_period"] = "2025-10"
    with freeze_time(OCT_2):
        ok(run_cli("seed", str(write_plan(tmp_path, edited))))
    periods = [r[0] for r in query(db_url, "SELECT o.period FROM occurrence o JOIN task t ON t.id = o.task_id "
                                           "WHERE t.code='III.2.1' ORDER BY o.period")]
    assert periods == ["2025-09", "2025-10", "2025-11", "2025-12"]


def test_reseeding_does_not_touch_people_the_it_officer_edited(seeded, run_cli, db_url):
    ok(run_cli("people", "edit", "Bùi Quang Nam", "--email", "chutich@camhiep.gov.vn"))
    ok(run_cli("seed"))
    assert query(db_url, "SELECT email FROM person") == [("chutich@camhiep.gov.vn",)]


def other_commune(plan_json: dict[str, Any]) -> dict[str, Any]:
    other = copy.deepcopy(plan_json)
    other["commune"] = {"code": "cam-lam", "name": "Xã Cam Lâm", "province": "Khánh Hòa"}
    other["people"] = [{"name": "Nguyễn Văn An", "role": "chairman"}]
    other["plan"]["title"] = "Kế hoạch cải cách thủ tục hành chính năm 2025 xã Cam Lâm"
    return other


def test_a_plan_of_another_commune_loads_the_same_way_and_commands_then_need_commune(
        seeded, run_cli, db_url, plan_json, tmp_path):
    with freeze_time(AUG_5):
        ok(run_cli("seed", str(write_plan(tmp_path, other_commune(plan_json)))))
    assert row_counts(db_url)["task"] == 112
    before = db_dump(db_url)
    for args in (("tasks", "list"), ("summary",), ("units", "list"), ("tasks", "done", "II.2.b.1"), ("kpi", "list")):
        assert_one_vietnamese_error(run_cli(*args), "--commune")
    assert db_dump(db_url) == before
    with freeze_time(OCT_2):
        ok(run_cli("--commune", "cam-lam", "tasks", "done", "II.2.b.1"))
    lam = by_ref(cli_json(run_cli, "--commune", "cam-lam", "tasks", "list", "--as-of", "2025-10-03"))
    hiep = by_ref(cli_json(run_cli, "--commune", "cam-hiep", "tasks", "list", "--as-of", "2025-10-03"))
    assert (lam["II.2.b.1"]["status"], hiep["II.2.b.1"]["status"]) == ("done_late", "overdue")
    assert_one_vietnamese_error(run_cli("--commune", "cam-xyz", "tasks", "list"), "cam-xyz")


def test_a_plan_of_another_year_loads_beside_the_first(seeded, run_cli, db_url, plan_json, tmp_path):
    nxt = copy.deepcopy(plan_json)
    nxt["plan"].update(code="cai-cach-tthc-2026", year=2026, issue_date="2026-01-15",
                       title="Kế hoạch cải cách thủ tục hành chính trọng tâm năm 2026")
    nxt["tasks"] = [t for t in nxt["tasks"] if t["deadline"]["kind"] in ("standing", "quarter_end")]
    for t in nxt["tasks"]:  # the codes repeat from year to year; only the plan tells them apart
        if t["deadline"]["kind"] == "quarter_end":
            t["deadline"]["year"] = 2026
    with freeze_time(AUG_5):
        ok(run_cli("seed", str(write_plan(tmp_path, nxt))))
    assert row_counts(db_url)["plan"] == 2
    assert query(db_url, "SELECT COUNT(*) FROM task WHERE code = 'II.2.b.1'") == [(2,)]
    rows = by_ref(cli_json(run_cli, "tasks", "list", "--as-of", "2026-10-01"))
    assert rows["II.2.b.1"]["due_date"] == "2026-09-30"
    assert {r["plan"] for r in rows.values()} == {"cai-cach-tthc-2026"}
    old = by_ref(cli_json(run_cli, "tasks", "list", "--as-of", "2026-10-01", "--plan", "cai-cach-tthc-2025"))
    assert old["II.2.b.1"]["due_date"] == "2025-09-30" and {r["plan"] for r in old.values()} == {"cai-cach-tthc-2025"}


BAD_EDITS: dict[str, tuple[Callable[[dict[str, Any]], Any], tuple[str, ...]]] = {
    "missing field": (lambda d: plan_task(d, "II.1.b.4").pop("title"), ("tasks[4]", "II.1.b.4", "title", "thiếu")),
    "unknown lead unit": (lambda d: plan_task(d, "II.1.b.4").update(lead_unit="PHONG-X"),
                          ("tasks[4]", "II.1.b.4", "lead_unit", "PHONG-X")),
    "unknown coordinating unit": (lambda d: plan_task(d, "II.2.b.1")["coordinating_units"].append("ZZ"),
                                  ("tasks[12]", "II.2.b.1", "coordinating_units", "ZZ")),
    "impossible date": (lambda d: plan_task(d, "II.1.b.4")["deadline"].update(date="2025-02-31"),
                        ("tasks[4]", "II.1.b.4", "deadline.date", "2025-02-31", "không tồn tại")),
    "duplicate code": (lambda d: plan_task(d, "II.1.b.3").update(code="II.1.b.4"),
                       ("tasks[4]", "II.1.b.4", "trùng")),
    "wrong deadline kind": (lambda d: plan_task(d, "II.1.b.4")["deadline"].update(kind="weekly"),
                            ("tasks[4]", "II.1.b.4", "deadline", "weekly", "fixed_date")),
    "unknown KPI comparison": (lambda d: d["kpis"][1].update(comparison="ge"),
                               ("kpis[1]", "I.2", "comparison", "ge")),
    "quarter 5": (lambda d: plan_task(d, "II.2.b.1")["deadline"].update(quarter=5),
                  ("tasks[12]", "II.2.b.1", "deadline.quarter")),
    "bad period": (lambda d: plan_task(d, "III.2.1")["deadline"].update(first_period="2025-13"),
                   ("III.2.1", "deadline.first_period", "2025-13")),
    "unknown field": (lambda d: plan_task(d, "II.1.b.4").update(deadlin="x"), ("II.1.b.4", "deadlin")),
}


@pytest.mark.parametrize("case", sorted(BAD_EDITS))
def test_a_malformed_plan_file_names_the_entry_and_field_and_changes_nothing(
        case, seeded, run_cli, db_url, plan_json, tmp_path):
    edit, fragments = BAD_EDITS[case]
    plan_task(plan_json, "II.1.b.4")["title"] = "Tiêu đề đã sửa, không được nạp"
    edit(plan_json)
    before = db_dump(db_url)
    res = run_cli("seed", str(write_plan(tmp_path, plan_json)))
    assert_one_vietnamese_error(res, "Tệp kế hoạch không hợp lệ", *fragments)
    assert db_dump(db_url) == before


def test_a_file_that_is_not_json_gives_its_line_and_changes_nothing(seeded, run_cli, db_url, tmp_path):
    path = tmp_path / "plan.json"
    path.write_text('{\n  "schema_version": 1,\n  "commune": {,\n}', encoding="utf-8")
    before = db_dump(db_url)
    assert_one_vietnamese_error(run_cli("seed", str(path)), "không phải JSON hợp lệ", "dòng 3")
    assert_one_vietnamese_error(run_cli("seed", str(tmp_path / "missing.json")), "Không tìm thấy tệp")
    assert db_dump(db_url) == before


def test_a_malformed_file_on_a_fresh_database_creates_no_table(db_url, run_cli, tmp_path):
    path = tmp_path / "plan.json"
    path.write_text("[]", encoding="utf-8")
    assert_one_vietnamese_error(run_cli("seed", str(path)), "Tệp kế hoạch không hợp lệ")
    assert row_counts(db_url) == {}


def test_a_task_dropped_from_the_file_is_kept_and_reported(seeded, run_cli, db_url, plan_json, tmp_path):
    plan_json["tasks"] = [t for t in plan_json["tasks"] if t["code"] != "III.2.4"]
    out = ok(run_cli("seed", str(write_plan(tmp_path, plan_json)))).stdout
    assert "Giữ nguyên (không còn trong tệp): III.2.4" in out
    assert query(db_url, "SELECT COUNT(*) FROM task WHERE code='III.2.4'") == [(1,)]
