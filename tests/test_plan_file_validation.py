"""`tracker seed FILE` refuses what would break later (dates, ranges, references, odd text) with one line naming
the entry and the field, and changes nothing; re-seeding applies changed working-day overrides and refuses a
change of deadline kind that would hide results."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from datetime import datetime
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
from tracker.timeutil import VN


def monthly(data: dict[str, Any], first: str, last: str) -> None:
    plan_task(data, "III.2.1")["deadline"].update(first_period=first, last_period=last)


def add_person(data: dict[str, Any], **person: Any) -> None:
    data["people"].append({"name": "Lê Văn Trưởng", "role": "staff", **person})


# Each case: the edit, text replacements on the written file (for what JSON cannot say), the fragments the line
# must hold (entry, field, value or rule).
BAD: dict[str, tuple[Callable[[dict[str, Any]], Any], dict[str, str], tuple[str, ...]]] = {
    "deadline 9999-12-31": (lambda d: plan_task(d, "II.1.b.4")["deadline"].update(date="9999-12-31"), {},
                            ("tasks[4] (mã II.1.b.4).deadline.date", "31/12/9999", "01/01/2000–31/12/2100")),
    "deadline before 2000": (lambda d: plan_task(d, "II.1.b.4")["deadline"].update(date="1999-12-31"), {},
                             ("tasks[4] (mã II.1.b.4).deadline.date", "31/12/1999")),
    "issue date in 1900": (lambda d: d["plan"].update(issue_date="1900-01-01"), {},
                           ("plan.issue_date", "01/01/1900", "01/01/2000–31/12/2100")),
    "override in 2101": (lambda d: d["workday_overrides"].append(
        {"date": "2101-01-01", "working": True, "note": "x"}), {}, ("workday_overrides[2].date", "01/01/2101")),
    "periods 1000-01 to 9999-12": (lambda d: monthly(d, "1000-01", "9999-12"), {},
                                   ("tasks[18] (mã III.2.1).deadline.first_period", "1000-01", "2000-01")),
    "first period 0001-01": (lambda d: monthly(d, "0001-01", "2025-12"), {},
                             ("tasks[18] (mã III.2.1).deadline.first_period", "0001-01")),
    "eleven years of periods": (lambda d: monthly(d, "2020-01", "2030-12"), {},
                                ("tasks[18] (mã III.2.1).deadline", "132 kỳ", "60 kỳ (5 năm)")),
    "period in other digits": (lambda d: monthly(d, "٢٠٢٥-08", "2025-12"), {},
                               ("tasks[18] (mã III.2.1).deadline.first_period", "sai định dạng")),
    "head without a unit": (lambda d: add_person(d, role="head"), {},
                            ("people[1] (Lê Văn Trưởng)", "unit")),
    "e-mail that is not an address": (lambda d: add_person(d, email="truong at camhiep"), {},
                                      ("people[1] (Lê Văn Trưởng).email", "truong at camhiep")),
    "e-mail without a domain dot": (lambda d: add_person(d, email="truong@localhost"), {},
                                    ("people[1] (Lê Văn Trưởng).email", "truong@localhost")),
    "chat id of 2**70": (lambda d: add_person(d, telegram_chat_id=2**70), {},
                         ("people[1] (Lê Văn Trưởng).telegram_chat_id", "1180591620717411303424")),
    "group chat id": (lambda d: add_person(d, telegram_chat_id=-5001), {},
                      ("people[1] (Lê Văn Trưởng).telegram_chat_id", "-5001", "nhóm")),
    "two people with one chat": (lambda d: (add_person(d, telegram_chat_id=42), d["people"].append(
        {"name": "Phạm Thị Hoa", "role": "staff", "telegram_chat_id": 42})), {},
        ("people[2] (Phạm Thị Hoa).telegram_chat_id", "people[1]")),
    "duplicate coordinating unit": (lambda d: plan_task(d, "II.2.b.1")["coordinating_units"].extend(["KT", "KT"]), {},
                                    ("tasks[12] (mã II.2.b.1).coordinating_units", "KT", "hai lần")),
    "KPI without a lead unit": (lambda d: d["kpis"][0].update(lead_units=[]), {},
                                ("kpis[0] (mã I.1).lead_units", "rỗng")),
    "KPI lead unit twice": (lambda d: d["kpis"][0].update(lead_units=["VP", "VP"]), {},
                            ("kpis[0] (mã I.1).lead_units", "VP", "hai lần")),
    "target 1e309": (lambda d: d["kpis"][0].update(target="@@"), {'"@@"': "1e309"},
                     ("kpis[0] (mã I.1).target", "số quá lớn")),
    "target NaN": (lambda d: d["kpis"][0].update(target="@@"), {'"@@"': "NaN"}, ("NaN",)),
    "target 150 percent": (lambda d: d["kpis"][0].update(target=150), {},
                           ("kpis[0] (mã I.1)", "target 150", "0 đến 100")),
    "target as text": (lambda d: d["kpis"][0].update(target="60"), {}, ("kpis[0] (mã I.1).target", "phải là số")),
    "working given as yes": (lambda d: d["workday_overrides"][0].update(working="yes"), {},
                             ("workday_overrides[0]", "working", "«yes»", "true hoặc false")),
    "year given as text": (lambda d: d["plan"].update(year="2025"), {}, ("plan.year", "«2025»", "số nguyên")),
    "quarter given as true": (lambda d: plan_task(d, "II.2.b.1")["deadline"].update(quarter=True), {},
                              ("tasks[12] (mã II.2.b.1).deadline.quarter", "số nguyên")),
    "schema version true": (lambda d: d.update(schema_version=True), {}, ("schema_version", "số nguyên")),
    "override date twice": (lambda d: d["workday_overrides"].append(dict(d["workday_overrides"][0])), {},
                            ("workday_overrides[2]", "2025-04-26", "trùng")),
    "NUL in a title": (lambda d: plan_task(d, "II.1.b.4").update(title="Rà soát\x00"), {},
                       ("tasks[4] (mã II.1.b.4).title", "U+0000")),
    "escape sequence in a unit name": (lambda d: d["units"][0].update(name="Văn phòng\x1b]0;pwned\x07"), {},
                                       ("units[0] (mã VP).name", "U+001B")),
    "line break in a title": (lambda d: plan_task(d, "II.1.b.4").update(title="Dòng một\ndòng hai"), {},
                              ("tasks[4] (mã II.1.b.4).title", "U+000A")),
    "bidi override in a description": (lambda d: plan_task(d, "II.1.b.4").update(description="abc\u202edef"), {},
                                       ("tasks[4] (mã II.1.b.4).description", "U+202E")),
    "key given twice": (lambda d: d.update(schema_version="@@"), {'"@@"': '1, "schema_version": 1'},
                        ("schema_version", "hai lần")),
    "integer of 5,000 digits": (lambda d: d["plan"].update(year="@@"), {'"@@"': "9" * 5000}, ("số quá lớn",)),
}


@pytest.mark.parametrize("case", list(BAD))
def test_a_plan_file_with_an_unacceptable_value_is_refused_naming_the_entry_and_changes_nothing(
        case, seeded, run_cli, db_url, plan_json, tmp_path):
    edit, replacements, fragments = BAD[case]
    plan_task(plan_json, "II.1.b.4")["title"] = "Tiêu đề đã sửa, không được nạp"
    edit(plan_json)

    def raw(text: str) -> str:
        for old, new in replacements.items():
            text = text.replace(old, new)
        return text

    before = db_dump(db_url)
    res = run_cli("seed", str(write_plan(tmp_path, plan_json, raw=raw)))
    assert_one_vietnamese_error(res, *fragments)
    assert "\x1b" not in res.stderr and "\x00" not in res.stderr
    assert db_dump(db_url) == before


def test_the_values_a_plan_may_hold_at_the_edges_of_the_ranges_are_accepted(engine, run_cli, plan_json, tmp_path):
    monthly(plan_json, "2096-01", "2100-12")  # 60 periods, the last ones allowed
    plan_task(plan_json, "II.1.b.4")["deadline"].update(date="2100-12-31")
    plan_json["kpis"][0].update(target=0)
    plan_json["kpis"][1].update(target=100.0)
    plan_task(plan_json, "II.1.b.4")["description"] = "Hai việc:\n\t- một\n\t- hai"
    add_person(plan_json, role="head", unit="VP", email="truong.vp+tthc@cam-hiep.gov.vn", telegram_chat_id=2**52 - 1)
    with freeze_time(AUG_5):
        out = ok(run_cli("seed", str(write_plan(tmp_path, plan_json)))).stdout
    # 60 for III.2.1; the plan file leaves the issue day blank, so the other monthly tasks start in September:
    # 4 each for II.2.a.7 of the four units and III.1.4 of the three departments
    assert "88 kỳ báo cáo" in out
    rows = by_ref(cli_json(run_cli, "tasks", "list", "--as-of", "2025-10-01", "--all"))
    assert rows["II.1.b.4"]["due_date"] == "2100-12-31" and "III.2.1@2100-12" in rows


@pytest.mark.parametrize(("address", "accepted"), [
    ("truong.vp+tthc@cam-hiep.gov.vn", True),
    ("a@b.c", False),  # a one-letter top-level domain
    ("nguyễn@xa.vn", False),  # letters a commune's mail server may not take
    ("truong@localhost", False),
    ("truong at camhiep.gov.vn", False),
])
def test_the_plan_file_and_people_add_follow_one_rule_for_an_address(address, accepted, seeded, run_cli, plan_json,
                                                                     tmp_path):
    add_person(plan_json, email=address)
    loaded = run_cli("seed", str(write_plan(tmp_path, plan_json)))
    added = run_cli("people", "add", "--name", "Phạm Thị Dung", "--role", "staff", "--email", address)
    assert (loaded.exit_code, added.exit_code) == ((0, 0) if accepted else (1, 1)), (loaded.output, added.output)


def test_a_plan_file_cannot_give_a_new_person_a_chat_an_active_person_holds(seeded, run_cli, db_url, plan_json,
                                                                             tmp_path):
    ok(run_cli("people", "add", "--name", "Phạm Thị Dung", "--role", "staff", "--telegram-chat-id", "5555"))
    add_person(plan_json, telegram_chat_id=5555)
    before = db_dump(db_url)
    assert_one_vietnamese_error(run_cli("seed", str(write_plan(tmp_path, plan_json))),
                                "people[1] (Lê Văn Trưởng).telegram_chat_id", "5555", "Phạm Thị Dung")
    assert db_dump(db_url) == before
    ok(run_cli("people", "deactivate", "Phạm Thị Dung"))  # an inactive holder leaves the chat free
    ok(run_cli("seed", str(write_plan(tmp_path, plan_json))))


def test_a_deeply_nested_plan_file_is_refused_with_one_line(seeded, run_cli, db_url, tmp_path):
    path = tmp_path / "plan.json"
    path.write_text('{"schema_version": 1, "commune": ' + "[" * 100_000 + "]" * 100_000 + "}", encoding="utf-8")
    before = db_dump(db_url)
    assert_one_vietnamese_error(run_cli("seed", str(path)), "lồng nhau quá sâu")
    assert db_dump(db_url) == before


def test_a_plan_file_saved_with_a_byte_order_mark_loads_like_without_it(engine, run_cli, db_url, plan_json,
                                                                        tmp_path):
    path = tmp_path / "plan.json"
    path.write_bytes(b"\xef\xbb\xbf" + json.dumps(plan_json, ensure_ascii=False).encode())
    with freeze_time(AUG_5):
        out = ok(run_cli("seed", str(path))).stdout
    assert "56 nhiệm vụ" in out
    assert row_counts(db_url)["task"] == 56


def test_a_plan_file_that_is_not_utf8_says_so(seeded, run_cli, db_url, plan_json, tmp_path):
    path = tmp_path / "plan.json"
    path.write_bytes(json.dumps(plan_json, ensure_ascii=False).encode("utf-16"))
    before = db_dump(db_url)
    assert_one_vietnamese_error(run_cli("seed", str(path)), "không phải UTF-8")
    assert db_dump(db_url) == before


def test_a_new_person_cannot_take_a_chat_an_active_person_already_holds(seeded, run_cli, db_url, plan_json,
                                                                          tmp_path):
    ok(run_cli("people", "edit", "Bùi Quang Nam", "--telegram-chat-id", "777"))
    add_person(plan_json, telegram_chat_id=777)
    before = db_dump(db_url)
    assert_one_vietnamese_error(run_cli("seed", str(write_plan(tmp_path, plan_json))),
                                "people[1] (Lê Văn Trưởng).telegram_chat_id", "777", "Bùi Quang Nam")
    assert db_dump(db_url) == before


# ---------------------------------------------------------------- working-day overrides on re-seed


def override(db_url: str, day: str) -> tuple[Any, ...] | None:
    rows = query(db_url, "SELECT is_working, note FROM workdayoverride WHERE day = ?", day)
    return rows[0] if rows else None


def due(run_cli: Callable[..., Any], ref: str, commune: str | None = None) -> str:
    args = ("--commune", commune) if commune else ()
    rows = by_ref(cli_json(run_cli, *args, "tasks", "list", "--as-of", "2025-08-01", "--all"))
    return str(rows[ref]["due_date"])


def test_reseeding_applies_a_changed_override_and_moves_every_plans_deadlines(
        engine, run_cli, db_url, plan_json, tmp_path):
    # Monday 15/09/2025 off: the September report (cut-off Sun 14/09, two working days) is due Wed 17/09.
    plan_json["workday_overrides"].append({"date": "2025-09-15", "working": False, "note": "Nghỉ bù"})
    other = copy.deepcopy(plan_json)
    other["commune"] = {"code": "cam-lam", "name": "Xã Cam Lâm", "province": "Khánh Hòa"}
    other["people"] = [{"name": "Nguyễn Văn An", "role": "chairman"}]
    with freeze_time(AUG_5):
        ok(run_cli("seed", str(write_plan(tmp_path, plan_json))))
        ok(run_cli("seed", str(write_plan(tmp_path, other, "other.json"))))
    assert due(run_cli, "III.2.1@2025-09", "cam-lam") == "2025-09-17"

    plan_json["workday_overrides"][-1].update(working=True, note="Hủy nghỉ bù theo văn bản 45/UBND")
    plan_json["workday_overrides"][0].update(note="Thứ Bảy làm bù (đã sửa)")
    with freeze_time(SEP_23):
        out = ok(run_cli("seed", str(write_plan(tmp_path, plan_json)))).stdout
    assert "Cập nhật: 2 ngày điều chỉnh" in out
    assert override(db_url, "2025-09-15") == (1, "Hủy nghỉ bù theo văn bản 45/UBND")
    assert override(db_url, "2025-04-26") == (1, "Thứ Bảy làm bù (đã sửa)")
    assert due(run_cli, "III.2.1@2025-09", "cam-hiep") == "2025-09-16"
    assert due(run_cli, "III.2.1@2025-09", "cam-lam") == "2025-09-16"  # overrides are shared
    events = query(db_url, "SELECT entity, channel, before, after FROM auditevent "
                           "WHERE action = 'workday.set' ORDER BY id")
    assert [(e, c) for e, c, _, _ in events] == [("day 2025-04-26", "seed"), ("day 2025-09-15", "seed")]
    assert '"is_working": false' in events[1][2] and '"is_working": true' in events[1][3]


def test_reseeding_keeps_an_override_the_it_officer_changed_and_one_the_file_no_longer_lists(
        seeded, run_cli, db_url, plan_json, tmp_path):
    ok(run_cli("workdays", "set", "2025-04-26", "--off", "--note", "Không làm bù nữa (văn bản 12/UBND)"))
    plan_json["workday_overrides"][0].update(note="Thứ Bảy làm bù (sửa trong tệp)")
    dropped = plan_json["workday_overrides"].pop(1)
    before = (override(db_url, "2025-04-26"), override(db_url, dropped["date"]))
    with freeze_time(OCT_2):
        out = ok(run_cli("seed", str(write_plan(tmp_path, plan_json)))).stdout
    assert "Giữ nguyên ngày điều chỉnh đã sửa bằng «tracker workdays»: 26/04/2025" in out
    assert "Ngày điều chỉnh không có trong tệp, vẫn giữ" in out and "22/08/2026" in out
    assert (override(db_url, "2025-04-26"), override(db_url, dropped["date"])) == before
    assert before[0] == (0, "Không làm bù nữa (văn bản 12/UBND)")


# ---------------------------------------------------------------- changing the kind of a deadline


def test_a_monthly_task_with_results_cannot_become_a_fixed_date_task(seeded, run_cli, db_url, plan_json, tmp_path):
    with freeze_time(SEP_23):
        ok(run_cli("tasks", "done", "III.2.1", "--period", "2025-09", "--at", "2025-09-16 08:00"))
    plan_task(plan_json, "III.2.1")["deadline"] = {"kind": "fixed_date", "text": "Trước 31/12/2025",
                                                   "date": "2025-12-31"}
    before = db_dump(db_url)
    res = run_cli("seed", str(write_plan(tmp_path, plan_json)))
    assert_one_vietnamese_error(res, "tasks[18] (mã III.2.1).deadline.kind", "«monthly»", "«fixed_date»",
                                "kết quả hoặc gia hạn")
    assert db_dump(db_url) == before


def test_a_fixed_date_task_with_an_extension_cannot_become_monthly(seeded, run_cli, db_url, plan_json, tmp_path):
    with freeze_time(SEP_23):
        ok(run_cli("tasks", "extend", "II.2.b.1", "--to", "2025-10-15", "--reason", "Chờ phần mềm"))
    plan_task(plan_json, "II.2.b.1")["deadline"] = {"kind": "monthly", "text": "Hàng tháng", "first_period": "2025-08",
                                               "last_period": "2025-12"}
    before = db_dump(db_url)
    assert_one_vietnamese_error(run_cli("seed", str(write_plan(tmp_path, plan_json))),
                                "tasks[12] (mã II.2.b.1).deadline.kind", "«quarter_end»", "«monthly»")
    assert db_dump(db_url) == before


def test_a_monthly_task_without_results_becomes_a_fixed_date_task_and_its_periods_go(
        seeded, run_cli, db_url, plan_json, tmp_path):
    plan_task(plan_json, "II.2.a.7")["deadline"] = {"kind": "fixed_date", "text": "Trước 31/12/2025",
                                               "date": "2025-12-31"}
    with freeze_time(OCT_2):
        out = ok(run_cli("seed", str(write_plan(tmp_path, plan_json)))).stdout
    assert "20 kỳ bị bỏ, 4 nhiệm vụ" in out  # August to December of each unit's II.2.a.7
    assert query(db_url, "SELECT COUNT(*) FROM occurrence o JOIN task t ON t.id = o.task_id "
                         "WHERE t.group_code = 'II.2.a.7'") == [(0,)]
    rows = by_ref(cli_json(run_cli, "tasks", "list", "--as-of", "2025-10-02"))
    for unit in ("VP", "VHXH", "KT", "TTPVHCC"):
        row = rows[f"II.2.a.7/{unit}"]
        assert (row["due_date"], row["status"]) == ("2025-12-31", "in_progress")


def test_a_period_dropped_from_the_file_after_a_reminder_about_it_is_kept(seeded, run_cli, db_url, plan_json,
                                                                         tmp_path):
    from sqlmodel import Session, select

    from tracker.models import Occurrence, OutboxMessage, Task

    at = datetime(2025, 12, 8, 8, 0, tzinfo=VN)
    with Session(seeded) as s:
        t = s.exec(select(Task).where(Task.code == "III.2.1")).one()
        occ = s.exec(select(Occurrence).where(Occurrence.task_id == t.id, Occurrence.period == "2025-12")).one()
        s.add(OutboxMessage(key=f"occ{occ.id}:before_7:1:console:2025-12-08", commune_id=t.commune_id,
                            kind="reminder", rule="before_7", task_id=t.id, occurrence_id=occ.id,
                            channel="console", address="console", slot="2025-12-08", subject="Nhắc hạn",
                            body_text="Nhắc hạn", status="sent", created_at=at, due_at=at, next_attempt_at=at,
                            sent_at=at))
        s.commit()
    plan_task(plan_json, "III.2.1")["deadline"]["last_period"] = "2025-10"
    with freeze_time(OCT_2):
        out = ok(run_cli("seed", str(write_plan(tmp_path, plan_json)))).stdout
    assert "1 kỳ bị bỏ" in out  # November goes, December has a message about it
    periods = [r[0] for r in query(db_url, "SELECT o.period FROM occurrence o JOIN task t ON t.id = o.task_id "
                                           "WHERE t.code = 'III.2.1' ORDER BY o.period")]
    assert periods == ["2025-08", "2025-09", "2025-10", "2025-12"]


def test_a_folder_given_as_the_plan_file_is_one_vietnamese_line(seeded, run_cli, db_url, tmp_path):
    before = db_dump(db_url)
    assert_one_vietnamese_error(run_cli("seed", str(tmp_path)), str(tmp_path), "là một thư mục")
    assert db_dump(db_url) == before
