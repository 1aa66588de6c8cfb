"""Every core CLI command and its error paths, against a real SQLite file."""

from __future__ import annotations

import json

import pytest
from freezegun import freeze_time

from tests.factories import (
    CHAIRMAN,
    OCT_1_8AM,
    OCT_2,
    OCT_20,
    SEP_23,
    assert_one_vietnamese_error,
    by_ref,
    cli_json,
    db_dump,
    ok,
    query,
    row_counts,
)

HEAD = "Nguyễn Thị Hoa"


@pytest.fixture
def with_head(seeded, run_cli):
    ok(run_cli("people", "add", "--name", HEAD, "--unit", "VP", "--role", "head", "--email", "hoa.nt@camhiep.gov.vn"))
    return seeded


# ---------------------------------------------------------------- init, seed


def test_init_creates_the_database_and_is_safe_to_run_again(db_url, run_cli):
    out = ok(run_cli("init")).stdout
    assert out.startswith("Đã khởi tạo cơ sở dữ liệu: sqlite:///")
    ok(run_cli("init"))
    assert {"task", "occurrence", "completion", "extension", "auditevent", "workdayoverride"} <= set(row_counts(db_url))


def test_commands_on_an_empty_database_say_what_to_run(db_url, run_cli):
    assert_one_vietnamese_error(run_cli("tasks", "list"), "tracker init")
    ok(run_cli("init"))
    assert_one_vietnamese_error(run_cli("tasks", "list"), "tracker seed")


# ---------------------------------------------------------------- tasks list / show


def test_tasks_list_shows_the_plan_with_overdue_rows_marked_and_counts_with_their_base(seeded, run_cli):
    out = ok(run_cli("tasks", "list", "--as-of", "01/10/2025")).stdout
    assert out.splitlines()[1] == "Tình hình tính đến 01/10/2025 23:59"
    q3 = next(ln for ln in out.splitlines() if ln.startswith("II.2.b.1"))
    assert "⚠ Đang thực hiện quá hạn" in q3 and "30/09/2025" in q3
    # 18 overdue: for Aug and Sep, III.1.4 of VP/VHXH/KT, II.2.a.7 of all four units and III.2.1, plus II.2.b.1-2
    assert "Đang thực hiện quá hạn: 18/34 (52,9%)" in out
    assert "Thường xuyên / không có thời hạn: 38" in out


def test_tasks_list_filters_by_unit_and_status(seeded, run_cli):
    vp = cli_json(run_cli, "tasks", "list", "--unit", "VP", "--as-of", "2025-10-01")
    assert {r["code"] for r in vp} == {"II.2.b.1", "II.2.b.2", "III.1.4/VP", "II.2.a.7/VP", "II.1.b.1/VP",
                                       "II.2.a.3/VP", "II.1.a/VP", "II.2.a.1/VP", "II.2.a.2/VP", "II.2.a.4/VP",
                                       "II.2.a.5/VP", "II.2.a.6/VP", "III.1.1/VP", "III.1.2/VP", "III.1.3/VP"}
    overdue = cli_json(run_cli, "tasks", "list", "--status", "overdue", "--as-of", "2025-10-01")
    assert overdue and all(r["status"] == "overdue" for r in overdue)
    text = ok(run_cli("tasks", "list", "--unit", "KT", "--as-of", "2025-10-01")).stdout
    assert "II.2.a.7/KT" in text and "II.2.b.1" not in text
    text = ok(run_cli("tasks", "list", "--unit", "KT", "--status", "done_on_time", "--as-of", "2025-10-01")).stdout
    assert "Không có nhiệm vụ nào phù hợp." in text
    assert_one_vietnamese_error(run_cli("tasks", "list", "--unit", "XX"), "XX", "VP")
    assert_one_vietnamese_error(run_cli("tasks", "list", "--status", "late"), "--status", code=1)
    assert_one_vietnamese_error(run_cli("tasks", "list", "--as-of", "31/02/2025"), "Ngày không tồn tại")
    assert_one_vietnamese_error(run_cli("tasks", "list", "--as-of", "hôm qua"), "Ngày không hợp lệ")


def test_tasks_show_prints_everything_about_a_task_with_its_history(seeded, run_cli):
    with freeze_time(OCT_2):
        ok(run_cli("tasks", "done", "II.2.b.1", "--by", CHAIRMAN, "--note", "Đã triển khai báo cáo điện tử",
                   "--evidence", "https://camhiep.gov.vn/vb/123"))
    out = ok(run_cli("tasks", "show", "II.2.b.1")).stdout
    for text in ("Mã", "II.2.b.1", "Văn phòng HĐND và UBND xã", "Hoàn thành trong Quý III năm 2025", "30/09/2025",
                 "Hoàn thành quá hạn", "02/10/2025 10:00", CHAIRMAN, "Đã triển khai báo cáo điện tử",
                 "https://camhiep.gov.vn/vb/123", "Nội dung:", "Lịch sử:", "Đánh dấu hoàn thành", "Tạo nhiệm vụ"):
        assert text in out, text
    data = cli_json(run_cli, "tasks", "show", "II.2.b.1")
    assert (data["code"], data["status"]) == ("II.2.b.1", "done_late")
    assert data["completed_at"] == "2025-10-02T10:00:00+07:00"
    assert data["description"] and data["section"] == "II.2.b"
    assert [h["action"] for h in data["history"]] == ["task.create", "task.done"]
    done = data["history"][1]
    assert (done["actor"], done["channel"], done["before"]["status"], done["after"]["status"]) == \
        (CHAIRMAN, "cli", "overdue", "done_late")


def test_tasks_show_of_a_monthly_task_lists_its_periods(seeded, run_cli):
    out = ok(run_cli("tasks", "show", "III.2.1")).stdout
    assert "Các kỳ báo cáo:" in out and "2025-12" in out
    data = cli_json(run_cli, "tasks", "show", "III.2.1")
    assert [o["period"] for o in data["occurrences"]] == ["2025-08", "2025-09", "2025-10", "2025-11", "2025-12"]
    one = cli_json(run_cli, "tasks", "show", "III.2.1", "--period", "2025-09")
    assert (one["period"], one["window"]) == ("2025-09", ["2025-08-15", "2025-09-14"])
    assert_one_vietnamese_error(run_cli("tasks", "show", "III.2.1", "--period", "2026-01"), "2026-01")
    assert_one_vietnamese_error(run_cli("tasks", "show", "III.2.1", "--period", "2025-13"), "Kỳ không hợp lệ")


# ---------------------------------------------------------------- done / reopen / extend


def test_tasks_done_records_when_who_note_and_evidence(with_head, run_cli, db_url):
    with freeze_time(SEP_23):
        out = ok(run_cli("tasks", "done", "II.2.b.2", "--at", "22/09/2025 16:30", "--by", HEAD, "--note", "Xong",
                         "--evidence", "https://camhiep.gov.vn/bb/7")).stdout
    assert out.strip() == "Đã ghi nhận hoàn thành II.2.b.2: Hoàn thành đúng hạn."
    row = query(db_url, "SELECT c.actor, c.channel, c.note, c.evidence_url, p.name FROM completion c "
                        "JOIN person p ON p.id = c.person_id")
    assert row == [(HEAD, "cli", "Xong", "https://camhiep.gov.vn/bb/7", HEAD)]
    assert by_ref(cli_json(run_cli, "tasks", "list", "--as-of", "2025-09-23"))["II.2.b.2"]["completed_at"] == \
        "2025-09-22T16:30:00+07:00"


def test_tasks_done_refuses_twice_a_future_time_a_bad_url_and_a_missing_period(seeded, run_cli, db_url):
    with freeze_time(OCT_2):
        ok(run_cli("tasks", "done", "II.2.b.1"))
        before = db_dump(db_url)
        assert_one_vietnamese_error(run_cli("tasks", "done", "II.2.b.1"), "đã hoàn thành lúc 02/10/2025",
                                    "tracker tasks reopen")
        assert_one_vietnamese_error(run_cli("tasks", "done", "II.2.b.2", "--at", "2025-10-03 09:00"), "tương lai")
        assert_one_vietnamese_error(run_cli("tasks", "done", "II.2.b.2", "--at", "2025-10-01 25:00"),
                                    "Giờ không tồn tại")
        assert_one_vietnamese_error(run_cli("tasks", "done", "II.2.b.2", "--at", "Today"),
                                    "Thời điểm không hợp lệ: «Today»")
        assert_one_vietnamese_error(run_cli("tasks", "done", "II.2.b.2", "--evidence", "camhiep.gov.vn"), "http")
        assert_one_vietnamese_error(run_cli("tasks", "done", "III.2.1"), "--period",
                                    "2025-08, 2025-09, 2025-10, 2025-11, 2025-12")
        assert_one_vietnamese_error(run_cli("tasks", "done", "II.2.b.2", "--period", "2025-09"), "không định kỳ")
        assert_one_vietnamese_error(run_cli("tasks", "done", "II.2.b.2", "--by", "Ai Đó"), "Ai Đó")
        assert db_dump(db_url) == before


def test_a_deactivated_person_cannot_act(with_head, run_cli, db_url):
    ok(run_cli("people", "deactivate", HEAD))
    before = db_dump(db_url)
    assert_one_vietnamese_error(run_cli("tasks", "done", "II.2.b.2", "--by", HEAD), "vô hiệu hóa")
    assert db_dump(db_url) == before


def test_reopen_revokes_the_completion_but_keeps_it_in_the_history(seeded, run_cli, db_url):
    assert_one_vietnamese_error(run_cli("tasks", "reopen", "II.2.b.1", "--reason", "x"), "chưa hoàn thành")
    with freeze_time(SEP_23):
        ok(run_cli("tasks", "done", "II.2.b.1"))
    with freeze_time(OCT_1_8AM):
        out = ok(run_cli("tasks", "reopen", "II.2.b.1", "--reason", "Báo cáo chưa đạt yêu cầu")).stdout
    assert out.strip() == "Đã mở lại II.2.b.1: Đang thực hiện quá hạn."
    assert query(db_url, "SELECT revoked_reason FROM completion") == [("Báo cáo chưa đạt yêu cầu",)]
    history = cli_json(run_cli, "log", "--task", "II.2.b.1")
    assert [e["action"] for e in history] == ["task.create", "task.done", "task.reopen"]
    assert history[2]["before"]["status"] == "done_on_time" and history[2]["after"]["status"] == "overdue"
    assert_one_vietnamese_error(run_cli("tasks", "reopen", "II.2.b.1", "--reason", "  "), "lý do")
    assert_one_vietnamese_error(run_cli("tasks", "reopen", "II.2.b.1"), "--reason", code=2)


def test_extend_checks_the_new_date_and_the_approver(with_head, run_cli, db_url):
    before = db_dump(db_url)
    with freeze_time(SEP_23):
        assert_one_vietnamese_error(run_cli("tasks", "extend", "II.2.b.1", "--to", "2025-09-30", "--reason", "x"),
                                    "phải sau hạn hiện hành (30/09/2025)")
        assert_one_vietnamese_error(run_cli("tasks", "extend", "II.2.b.1", "--to", "31/02/2025", "--reason", "x"),
                                    "Ngày không tồn tại")
        assert_one_vietnamese_error(run_cli("tasks", "extend", "II.2.b.1", "--to", "2025-10-31", "--reason", "x",
                                            "--approved-by", HEAD), "không có thẩm quyền")
        assert_one_vietnamese_error(run_cli("tasks", "extend", "II.1.a/VHXH", "--to", "2025-10-31", "--reason", "x"),
                                    "không có thời hạn")
        assert_one_vietnamese_error(run_cli("tasks", "extend", "II.1.a", "--to", "2025-10-31", "--reason", "x"),
                                    "giao cho nhiều đơn vị", "II.1.a/VP", "II.1.a/TTPVHCC")
        assert_one_vietnamese_error(run_cli("tasks", "extend", "II.2.b.1", "--to", "2025-10-31"), "--reason", code=2)
    assert db_dump(db_url) == before
    with freeze_time(SEP_23):
        out = ok(run_cli("tasks", "extend", "II.2.b.1", "--to", "2025-10-31", "--reason", "Chờ phần mềm",
                         "--approved-by", CHAIRMAN, "--by", HEAD)).stdout
    assert out.strip() == "Đã gia hạn II.2.b.1 đến 31/10/2025: Đang thực hiện trong hạn."
    assert query(db_url, "SELECT previous_due, new_due, approved_by, requested_by FROM extension") == \
        [("2025-09-30", "2025-10-31", CHAIRMAN, HEAD)]
    with freeze_time(OCT_2):
        ok(run_cli("tasks", "done", "II.2.b.1"))
        assert_one_vietnamese_error(run_cli("tasks", "extend", "II.2.b.1", "--to", "2025-11-30", "--reason", "x"),
                                    "đã hoàn thành")


def test_a_monthly_occurrence_is_extended_on_its_own(seeded, run_cli):
    with freeze_time(SEP_23):
        ok(run_cli("tasks", "extend", "III.2.1", "--period", "2025-09", "--to", "2025-09-30",
                   "--reason", "Chờ số liệu"))
    rows = by_ref(cli_json(run_cli, "tasks", "list", "--as-of", "2025-09-23", "--all"))
    assert rows["III.2.1@2025-09"]["due_date"] == "2025-09-30"
    assert rows["III.2.1@2025-10"]["due_date"] == "2025-10-16"
    assert rows["II.2.a.7/TTPVHCC@2025-09"]["due_date"] == "2025-09-16"


@pytest.mark.parametrize("args", [
    ("tasks", "show", "IX.9"), ("tasks", "done", "IX.9"), ("tasks", "reopen", "IX.9", "--reason", "x"),
    ("tasks", "extend", "IX.9", "--to", "2025-12-31", "--reason", "x"), ("log", "--task", "IX.9"),
])
def test_an_unknown_task_code_is_one_vietnamese_line_and_changes_nothing(seeded, run_cli, db_url, args):
    before = db_dump(db_url)
    assert_one_vietnamese_error(run_cli(*args), "Không có nhiệm vụ mã «IX.9»")
    assert db_dump(db_url) == before


# ---------------------------------------------------------------- units, people


def test_units_list_flags_units_without_a_head(with_head, run_cli):
    out = ok(run_cli("units", "list")).stdout
    vp = next(ln for ln in out.splitlines() if ln.startswith("VP "))
    kt = next(ln for ln in out.splitlines() if ln.startswith("KT "))
    assert HEAD in vp and "⚠ chưa có trưởng đơn vị" in kt
    units = {u["code"]: u for u in cli_json(run_cli, "units", "list")}
    assert units["VP"]["heads"] == [HEAD] and units["KT"]["heads"] == []


def test_people_add_list_edit_and_deactivate(with_head, run_cli, db_url):
    people = {p["name"]: p for p in cli_json(run_cli, "people", "list")}
    assert people[HEAD] == {"id": 2, "name": HEAD, "role": "head", "unit": "VP", "email": "hoa.nt@camhiep.gov.vn",
                            "telegram_chat_id": None, "zalo_chat_id": None, "channels": None,
                            "reached_by": ["email"], "active": True}
    out = ok(run_cli("people", "edit", "2", "--telegram-chat-id", "123456789", "--unit", "VHXH")).stdout
    assert out.strip() == f"Đã cập nhật {HEAD}."
    ok(run_cli("people", "deactivate", HEAD))
    people = {p["name"]: p for p in cli_json(run_cli, "people", "list")}
    assert (people[HEAD]["unit"], people[HEAD]["telegram_chat_id"], people[HEAD]["active"]) == \
        ("VHXH", 123456789, False)
    text = ok(run_cli("people", "list")).stdout
    assert "Trưởng đơn vị" in text and "đã vô hiệu hóa" in text and "Chủ tịch" in text
    ok(run_cli("people", "edit", HEAD, "--activate"))
    assert {p["name"]: p for p in cli_json(run_cli, "people", "list")}[HEAD]["active"] is True
    edits = query(db_url, "SELECT action, before, after FROM auditevent WHERE entity = ? ORDER BY id", f"person {HEAD}")
    assert [e[0] for e in edits] == ["person.create", "person.edit", "person.deactivate", "person.edit"]
    assert json.loads(edits[1][1])["telegram_chat_id"] is None and json.loads(edits[1][2])["telegram_chat_id"] == \
        123456789


def test_people_errors_change_nothing(with_head, run_cli, db_url):
    ok(run_cli("people", "add", "--name", "Trần Văn Bình", "--role", "staff"))
    before = db_dump(db_url)
    for args, fragment in [
        (("people", "add", "--name", "Lê Văn C", "--role", "head"), "phải thuộc một đơn vị"),
        (("people", "add", "--name", HEAD, "--role", "staff"), "Đã có người tên"),
        (("people", "add", "--name", "Lê Văn C", "--role", "staff", "--email", "khong-hop-le"), "không hợp lệ"),
        (("people", "add", "--name", "Lê Văn C", "--role", "staff", "--unit", "XX"), "XX"),
        (("people", "edit", "Không Ai", "--role", "staff"), "Không có người"),
        (("people", "edit", HEAD), "Không có gì để sửa"),
        # The unit changes first, then the name clashes: the whole edit must roll back.
        (("people", "edit", HEAD, "--unit", "KT", "--name", "Trần Văn Bình"), "Đã có người tên"),
        (("people", "deactivate", "99"), "99"),
    ]:
        assert_one_vietnamese_error(run_cli(*args), fragment)
    assert_one_vietnamese_error(run_cli("people", "add", "--name", "X", "--role", "boss"), "--role", code=1)
    assert_one_vietnamese_error(run_cli("people", "edit", HEAD, "--telegram-chat-id", "abc"), "số nguyên", code=1)
    assert db_dump(db_url) == before
    ok(run_cli("people", "deactivate", "Trần Văn Bình"))
    assert_one_vietnamese_error(run_cli("people", "deactivate", "Trần Văn Bình"), "từ trước")


# ---------------------------------------------------------------- KPIs


def test_kpi_record_and_list_compare_the_latest_reading_with_its_target(seeded, run_cli, db_url):
    with freeze_time(SEP_23):
        out = ok(run_cli("kpi", "record", "I.2", "--period", "2025-08", "--value", "55")).stdout
        assert out.strip() == "Đã ghi chỉ tiêu I.2 kỳ 2025-08: 55%."
        out = ok(run_cli("kpi", "record", "I.2", "--period", "2025-09", "--numerator", "129", "--denominator", "200",
                         "--source", "Cổng Dịch vụ công quốc gia")).stdout
        assert out.strip() == "Đã ghi chỉ tiêu I.2 kỳ 2025-09: 64,5%."
    kpis = {k["code"]: k for k in cli_json(run_cli, "kpi", "list")}
    assert len(kpis) == 10
    i2 = kpis["I.2"]
    assert (i2["target"], i2["comparison"], i2["state"], i2["state_label"]) == (60, "gte", "met", "đạt")
    assert i2["latest"] == {"period": "2025-09", "value": 64.5, "numerator": 129, "denominator": 200}
    assert [t["value"] for t in i2["trend"]] == [55, 64.5]
    assert kpis["I.1"]["state"] == "no_data"
    august = {k["code"]: k for k in cli_json(run_cli, "kpi", "list", "--period", "2025-08")}["I.2"]
    assert (august["latest"]["value"], august["state"]) == (55, "below")
    text = ok(run_cli("kpi", "list")).stdout
    line = next(ln for ln in text.splitlines() if ln.startswith("I.2 "))
    assert "≥ 60%" in line and "64,5% (2025-09) = 129/200" in line and "đạt" in line and "55 → 64,5" in line
    assert query(db_url, "SELECT window_kind, window_start, window_end FROM kpireading WHERE period='2025-09'") == \
        [("calendar_month", "2025-09-01", "2025-09-30")]


def test_recording_a_kpi_period_again_replaces_it_and_keeps_the_old_value_in_the_log(seeded, run_cli, db_url):
    ok(run_cli("kpi", "record", "II.2", "--period", "2025-09", "--value", "40"))
    ok(run_cli("kpi", "record", "II.2", "--period", "2025-09", "--value", "52"))
    assert query(db_url, "SELECT value FROM kpireading") == [(52.0,)]
    events = [e for e in cli_json(run_cli, "log") if e["action"] == "kpi.record"]
    assert events[-1]["before"]["value"] == 40 and events[-1]["after"]["value"] == 52


@pytest.mark.parametrize(("args", "fragment"), [
    (("--value", "120"), "Giá trị 120 nằm ngoài khoảng 0–100"),
    (("--value", "-1"), "ngoài khoảng 0–100"),
    (("--numerator", "5", "--denominator", "3"), "Tử số không được lớn hơn mẫu số"),
    (("--numerator", "5", "--denominator", "0"), "Mẫu số phải lớn hơn 0"),
    (("--value", "10", "--numerator", "1", "--denominator", "3"), "không khớp với tử số/mẫu số (33,33%)"),
    (("--numerator", "5",), "Cần cả tử số"),
    ((), "Cần giá trị"),
])
def test_a_bad_kpi_reading_is_refused_and_changes_nothing(seeded, run_cli, db_url, args, fragment):
    before = db_dump(db_url)
    assert_one_vietnamese_error(run_cli("kpi", "record", "I.2", "--period", "2025-09", *args), fragment)
    assert db_dump(db_url) == before


def test_kpi_record_names_an_unknown_code_or_period(seeded, run_cli, db_url):
    before = db_dump(db_url)
    assert_one_vietnamese_error(run_cli("kpi", "record", "IX.1", "--period", "2025-09", "--value", "5"), "IX.1")
    assert_one_vietnamese_error(run_cli("kpi", "record", "I.2", "--period", "2025-13", "--value", "5"),
                                "Kỳ không hợp lệ")
    assert_one_vietnamese_error(run_cli("kpi", "record", "I.2", "--period", "2025-09", "--value", "nhiều"),
                                "không phải là số", code=1)
    assert db_dump(db_url) == before


# ---------------------------------------------------------------- log, summary


def test_every_audit_event_records_who_when_channel_and_before_after(with_head, run_cli, db_url):
    with freeze_time(SEP_23):
        ok(run_cli("tasks", "done", "II.2.b.2", "--by", HEAD))
        ok(run_cli("tasks", "extend", "II.2.b.1", "--to", "2025-10-31", "--reason", "Chờ", "--approved-by", CHAIRMAN))
        ok(run_cli("kpi", "record", "I.1", "--period", "2025-08", "--value", "61"))
    with freeze_time(OCT_20):
        ok(run_cli("tasks", "reopen", "II.2.b.2", "--reason", "Thiếu biên bản"))
        ok(run_cli("people", "edit", HEAD, "--email", "hoa@camhiep.gov.vn"))
    events = cli_json(run_cli, "log", "--limit", "1000")
    assert len(events) == row_counts(db_url)["auditevent"]
    assert all(e["actor"] and e["at"] and e["channel"] in {"cli", "seed"} and (e["before"] or e["after"])
               for e in events)
    changes = {e["action"]: e for e in events if e["channel"] == "cli"}
    for action in ("task.done", "task.extend", "task.reopen", "person.edit"):
        assert changes[action]["before"] and changes[action]["after"], action
    assert changes["task.done"]["actor"] == HEAD and changes["task.done"]["at"].startswith("2025-09-23T01:00:00")
    assert changes["task.extend"]["after"]["approved_by"] == CHAIRMAN
    assert changes["task.extend"]["before"]["due_date"] == "2025-09-30"
    text = ok(run_cli("log", "--task", "II.2.b.2")).stdout
    assert "Đánh dấu hoàn thành" in text and "Mở lại" in text and "23/09/2025 08:00" in text and "dòng lệnh" in text
    assert len(cli_json(run_cli, "log", "--limit", "2")) == 2
    assert_one_vietnamese_error(run_cli("log", "--limit", "0"), "--limit", code=1)


def test_summary_counts_four_ways_per_unit_and_overall_with_bases(seeded, run_cli):
    with freeze_time(OCT_2):
        ok(run_cli("tasks", "done", "II.2.b.1", "--at", "2025-09-30 10:00"))
        ok(run_cli("tasks", "done", "II.2.b.2"))
    data = cli_json(run_cli, "summary", "--as-of", "2025-10-02")
    units = {u["unit"]: u for u in data["units"]}
    assert set(units) == {"VP", "VHXH", "KT", "TTPVHCC"}
    vp = units["VP"]
    assert vp["base"] == 10 and vp["counts"]["done_on_time"] == 1 and vp["counts"]["done_late"] == 1
    assert vp["percent"] == {"in_progress": 40.0, "overdue": 40.0, "done_on_time": 10.0, "done_late": 10.0}
    # Phòng Kinh tế answers for its own part of the shared duties (III.1.4/KT, II.2.a.7/KT, II.1.b.1/KT, II.2.a.3/KT)
    assert units["KT"]["base"] == 8 and units["KT"]["counts"]["overdue"] == 4
    assert units["KT"]["percent"]["overdue"] == 50.0
    total = data["total"]
    assert total["base"] == sum(u["base"] for u in data["units"]) == 34
    assert total["counts"]["overdue"] == 16 and total["counts"]["no_deadline"] == 38
    assert data["as_of"] == "2025-10-02T23:59:59+07:00" and data["commune"] == "cam-hiep"
    text = ok(run_cli("summary", "--as-of", "2025-10-02")).stdout
    line = next(ln for ln in text.splitlines() if ln.startswith("Văn phòng HĐND và UBND xã"))
    assert "1/10 (10,0%)" in line
    whole = next(ln for ln in text.splitlines() if ln.startswith("Toàn xã"))
    assert "16/34 (47,1%)" in whole and "1/34 (2,9%)" in whole


# ---------------------------------------------------------------- usage errors


@pytest.mark.parametrize(("args", "fragment"), [
    (("tasks", "lst"), "Không có lệnh «lst»"),
    (("frobnicate",), "Không có lệnh «frobnicate»"),
    (("tasks", "list", "--bogus"), "Không có tùy chọn --bogus."),
    (("tasks", "list", "--statu", "overdue"), "Không có tùy chọn --statu. Có phải ý bạn là --status?"),
    (("tasks", "done"), "Thiếu tham số MÃ"),
    (("tasks", "list", "--unit"), "cần một giá trị"),
    (("tasks", "show", "II.1.a", "thừa"), "Thừa tham số"),
])
def test_usage_errors_are_vietnamese_with_exit_code_2(seeded, run_cli, args, fragment):
    res = run_cli(*args)
    assert_one_vietnamese_error(res, fragment, code=2)
    assert "--help" in res.stderr
