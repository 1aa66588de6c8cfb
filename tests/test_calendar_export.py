"""`tracker calendar export`: every deadline as an all-day event with alarms and a stable UID."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from icalendar import Calendar

from tracker.timeutil import VN

AUG = datetime(2025, 8, 20, 9, 0, tzinfo=VN)
SEPT = datetime(2025, 9, 25, 9, 0, tzinfo=VN)


def _export(engine: Any, now: datetime, unit: str | None = None) -> Calendar:
    from tracker.db import reading
    from tracker.domain.lookups import resolve_commune
    from tracker.reports.calendar_feed import build_calendar
    from tracker.seed import load_calendar

    with reading(engine) as s:
        c = resolve_commune(s, None)
        data = build_calendar(s, c.id, now=now, calendar=load_calendar(s), unit=unit)
    return Calendar.from_ical(data)


def _events(cal: Calendar) -> dict[str, Any]:
    return {str(e["UID"]): e for e in cal.walk("VEVENT")}


def test_every_dated_task_and_monthly_occurrence_is_one_all_day_event(seeded):
    cal = _export(seeded, AUG)
    assert str(cal["X-WR-CALNAME"]) == "Thời hạn Kế hoạch cải cách TTHC — Xã Cam Hiệp"
    events = _events(cal)
    # 10 dated one-off items (II.1.b.1 of 3 departments, II.1.b.4, II.2.a.3 of 4 units, II.2.b.1-2) and 8 monthly
    # items (II.2.a.7 of 4 units, III.1.4 of 3 departments, III.2.1) × 5 periods (08–12/2025); standing duties
    # have no date. A shared duty is one event per unit.
    assert len(events) == 50 == len(cal.walk("VEVENT"))
    assert {k for k in events if "-II.2.a.7/" in k and k.endswith("-2025-09@tracker")} == {
        f"cam-hiep-cai-cach-tthc-2025-II.2.a.7/{u}-2025-09@tracker" for u in ("VP", "VHXH", "KT", "TTPVHCC")}
    e = events["cam-hiep-cai-cach-tthc-2025-II.2.b.1@tracker"]
    assert e["DTSTART"].dt == date(2025, 9, 30) and e["DTEND"].dt == date(2025, 10, 1)
    assert str(e["SUMMARY"]).startswith("[II.2.b.1] Rà soát, cắt giảm chế độ báo cáo")
    desc = str(e["DESCRIPTION"])
    assert "Thời hạn theo kế hoạch: Hoàn thành trong Quý III năm 2025" in desc
    assert "Đơn vị chủ trì: Văn phòng HĐND và UBND xã" in desc
    assert "Trạng thái: Đang thực hiện trong hạn" in desc
    occ = events["cam-hiep-cai-cach-tthc-2025-III.2.1-2025-09@tracker"]
    assert str(occ["SUMMARY"]).endswith("(tháng 9/2025)")
    assert occ["DTSTART"].dt == date(2025, 9, 16)  # two working days after the 14/09 cut-off (a Sunday)
    assert "Kỳ báo cáo: tháng 9/2025 (số liệu từ 15/08 đến 14/09/2025)" in str(occ["DESCRIPTION"])


def test_a_deadline_on_a_sunday_runs_to_the_next_working_day(seeded):
    e = _events(_export(seeded, AUG))["cam-hiep-cai-cach-tthc-2025-II.1.b.4@tracker"]
    # "Trước ngày 15/12/2025": last day 14/12/2025, a Sunday -> Monday 15/12 (Điều 148 BLDS 2015).
    assert e["DTSTART"].dt == date(2025, 12, 15)
    assert "Trước ngày 15/12/2025".lower() in str(e["DESCRIPTION"]).lower()
    assert ("Hạn 14/12/2025 (Chủ nhật) chuyển sang hết ngày làm việc tiếp theo 15/12/2025 (Điều 148 Bộ luật Dân sự "
            "2015)") in str(e["DESCRIPTION"])


def test_open_items_carry_two_alarms_and_done_ones_none(seeded):
    from tracker.domain.tasks import complete_task

    complete_task(seeded, commune=None, code="II.2.b.1", period=None, at=AUG, actor="test", note=None,
                  evidence=None, now=AUG)
    events = _events(_export(seeded, SEPT))
    open_event = events["cam-hiep-cai-cach-tthc-2025-II.2.b.2@tracker"]
    alarms = open_event.walk("VALARM")
    assert [a["TRIGGER"].dt for a in alarms] == [timedelta(days=-6, hours=-16), timedelta(hours=-16)]
    assert all(str(a["ACTION"]) == "DISPLAY" and "[II.2.b.2]" in str(a["DESCRIPTION"]) for a in alarms)
    done = events["cam-hiep-cai-cach-tthc-2025-II.2.b.1@tracker"]
    assert done.walk("VALARM") == []
    assert "Hoàn thành đúng hạn" in str(done["DESCRIPTION"])


def test_reexport_after_an_extension_keeps_the_uid_and_moves_the_date(seeded):
    from tracker.domain.tasks import extend_task

    uid = "cam-hiep-cai-cach-tthc-2025-II.2.b.2@tracker"
    before = _events(_export(seeded, AUG))
    extend_task(seeded, commune=None, code="II.2.b.2", period=None, new_due=date(2025, 10, 31),
                reason="Chờ nâng cấp phần mềm", approved_by="Bùi Quang Nam", actor="test", now=SEPT)
    after = _events(_export(seeded, SEPT + timedelta(hours=1)))
    assert set(after) == set(before)  # same UIDs: an import updates, never duplicates
    old, new = before[uid], after[uid]
    assert old["DTSTART"].dt == date(2025, 9, 30) and new["DTSTART"].dt == date(2025, 10, 31)
    assert int(new["SEQUENCE"]) > int(old["SEQUENCE"])
    assert new["DTSTAMP"].dt > old["DTSTAMP"].dt and new["LAST-MODIFIED"].dt >= SEPT
    assert "gia hạn đến 31/10/2025" in str(new["DESCRIPTION"])
    untouched = "cam-hiep-cai-cach-tthc-2025-II.2.b.1@tracker"
    assert after[untouched]["DTSTART"].dt == before[untouched]["DTSTART"].dt


def test_unit_filter_keeps_only_that_units_deadlines(seeded):
    cal = _export(seeded, AUG, unit="TTPVHCC")
    events = cal.walk("VEVENT")
    assert len(events) == 11  # II.2.a.3/TTPVHCC, plus II.2.a.7/TTPVHCC and III.2.1 for five periods each
    assert all(e["CATEGORIES"].cats == ["TTPVHCC"] for e in events)
    assert str(cal["X-WR-CALNAME"]).endswith("— Trung tâm Phục vụ hành chính công")


def test_cli_writes_the_file_and_refuses_an_unknown_unit(seeded, run_cli, tmp_path):
    out = tmp_path / "lich.ics"
    res = run_cli("calendar", "export", "--out", str(out))
    assert res.exit_code == 0, res.output
    assert "Đã xuất 50 thời hạn" in res.output
    assert len(Calendar.from_ical(out.read_bytes()).walk("VEVENT")) == 50
    res = run_cli("calendar", "export", "--unit", "XX", "--out", str(tmp_path / "x.ics"))
    assert res.exit_code != 0 and "Không có đơn vị mã «XX»" in res.output
    assert not (tmp_path / "x.ics").exists()


def test_an_unwritable_destination_is_one_vietnamese_line(seeded, run_cli, tmp_path):
    blocker = tmp_path / "not-a-dir"
    blocker.write_text("x", encoding="utf-8")
    res = run_cli("calendar", "export", "--out", str(blocker / "lich.ics"))
    assert res.exit_code != 0 and res.output.startswith("Lỗi: ") and "Traceback" not in res.output
    res = run_cli("publish", "--out", str(blocker / "site"))
    assert res.exit_code != 0 and res.output.startswith("Lỗi: ")
    res = run_cli("report", "monthly", "--month", "2025-09", "--out", str(blocker / "bc.docx"))
    assert res.exit_code != 0 and res.output.startswith("Lỗi: ")
