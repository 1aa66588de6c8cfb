"""The reviewer's findings on the plan importer (issue 12): unreadable deadlines keep the plan's words, more
deadline wordings and unit names, `plan diff` showing people and working-day overrides, and "phối hợp" read in
linear time."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from tracker.plans.importer import import_document, units
from tracker.plans.importer.deadlines import read_deadline
from tracker.plans.importer.units import mentions

ROOT = Path(__file__).resolve().parent.parent


def write(tmp_path: Path, text: str, name: str = "ke-hoach.txt") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


TABLE_PLAN = """ỦY BAN NHÂN DÂN
XÃ DIÊN THỌ
Số: 9/KH-UBND
Diên Thọ, ngày 03 tháng 3 năm 2026
KẾ HOẠCH
Chuyển đổi số năm 2026
I. NHIỆM VỤ
STT\tNhiệm vụ\tĐơn vị chủ trì\tPhối hợp\tThời hạn
1\tXây dựng chuyên mục\tVP HĐND&UBND xã\tCông an xã\tQuí III/2026
2\tRà soát dữ liệu dân cư\tPhòng VH-XH\t\t31/2/2026
3\tCập nhật cổng thông tin\tPhòng VH-XH\t\t99/99/2025
4\tTập huấn kỹ năng số\tPhòng VH-XH\t\tTuần đầu của đợt 2
II. TỔ CHỨC THỰC HIỆN
1. Phòng Văn hóa - Xã hội theo dõi, báo cáo trước ngày 05 tháng 12 năm 2026.
KT. CHỦ TỊCH
PHÓ CHỦ TỊCH
Hồ Thị Mai
"""


# 1. a deadline it cannot read keeps the plan's words and says it could not read it

@pytest.mark.parametrize("cell", ["31/2/2026", "99/99/2025", "Tuần đầu của đợt 2"])
def test_a_deadline_cell_it_cannot_read_keeps_the_plans_words(cell: str) -> None:
    reading = read_deadline(cell, year=2026, strict=False)
    assert reading.deadline == {"kind": "standing", "text": cell}
    assert reading.review and f"Không đọc được thời hạn «{cell}»" in reading.review
    assert "không ghi thời hạn" not in reading.review


def test_a_deadline_phrase_with_a_date_that_does_not_exist_is_not_a_plan_without_deadline() -> None:
    reading = read_deadline("Rà soát hồ sơ, hoàn thành trước ngày 31/2/2026.", year=2026)
    assert reading.deadline["kind"] == "standing" and "31/2/2026" in reading.deadline["text"]
    assert reading.deadline["text"] != "Thường xuyên"
    assert reading.review and reading.review.startswith("Không đọc được thời hạn «")


def test_two_deadlines_one_invalid_gets_a_review_note() -> None:
    reading = read_deadline("Hoàn thành trước ngày 15/12/2026, báo cáo chậm nhất ngày 31/2/2026.", year=2026)
    assert reading.deadline["date"] == "2026-12-14"
    assert reading.review and "không đọc được thời hạn" in reading.review and "31/2/2026" in reading.review


def test_table_tasks_keep_unreadable_cells_and_the_whole_row_as_source(tmp_path: Path) -> None:
    tasks = {t["code"]: t for t in import_document(write(tmp_path, TABLE_PLAN)).plan["tasks"]}
    assert tasks["I.1"]["deadline"] | {"text": ""} == {"kind": "quarter_end", "text": "", "year": 2026, "quarter": 3}
    for code, cell in (("I.2", "31/2/2026"), ("I.3", "99/99/2025"), ("I.4", "Tuần đầu của đợt 2")):
        assert tasks[code]["deadline"] == {"kind": "standing", "text": cell}
        assert f"Không đọc được thời hạn «{cell}»" in tasks[code]["review"]
        assert cell in tasks[code]["source"]["text"]
    # the whole row, as a KPI row's source: STT, content, lead, coordinating, deadline
    assert tasks["I.1"]["source"]["text"] == "1 | Xây dựng chuyên mục | VP HĐND&UBND xã | Công an xã | Quí III/2026"


# 4. deadline phrases in bullets

@pytest.mark.parametrize(("text", "expected"), [
    ("- Rà soát, cập nhật danh mục thủ tục hành chính, năm 2025.", {"kind": "year_end", "year": 2025}),
    ("- Số hóa hồ sơ đang giải quyết tháng 12/2025.", {"kind": "fixed_date", "date": "2025-12-31"}),
    ("- Hoàn thành Quí III/2025.", {"kind": "quarter_end", "year": 2025, "quarter": 3}),
    ("- Tổ chức đối thoại trong quí 4 năm 2025.", {"kind": "quarter_end", "year": 2025, "quarter": 4}),
    ("- Phòng Văn hóa - Xã hội báo cáo 9 tháng.", {"kind": "periodic", "periods": ["2025-9M"]}),
    ("- Báo cáo hằng quí.", {"kind": "periodic", "periods": ["2025-Q1", "2025-Q2", "2025-Q3", "2025-Q4"]}),
])
def test_deadline_phrases_in_bullets(text: str, expected: dict) -> None:
    reading = read_deadline(text, year=2025)
    assert {k: reading.deadline[k] for k in expected} == expected and reading.review is None


def test_a_cited_decrees_date_is_still_no_deadline() -> None:
    reading = read_deadline("Theo Nghị định số 63/2010/NĐ-CP ngày 08 tháng 6 năm 2010 của Chính phủ", year=2025)
    assert reading.deadline == {"kind": "standing", "text": "Thường xuyên"} and not reading.found


# 3. unit names

@pytest.mark.parametrize(("words", "code"), [
    ("Phòng Văn hoá - Xã hội", "VHXH"),
    ("Công an", "CA"),
    ("Công an xã", "CA"),
    ("BCH Quân sự xã", "BCHQS"),
    ("Ban CHQS xã", "BCHQS"),
    ("Ban Chỉ huy Quân sự", "BCHQS"),
    ("Trung tâm PVHCC", "TTPVHCC"),
    ("VP UBND xã", "VP"),
    ("Văn phòng UBND xã", "VP"),
])
def test_unit_names_and_their_usual_shortenings(words: str, code: str) -> None:
    assert [(m.code, m.words) for m in mentions(words)] == [(code, words)]


@pytest.mark.parametrize("words", ["Bộ Công an", "Công an tỉnh", "Ban Chỉ huy quân sự tỉnh", "Văn phòng UBND tỉnh"])
def test_bodies_above_the_commune_are_not_its_units(words: str) -> None:
    assert mentions(words) == []


def test_a_known_unit_in_a_lead_cell_is_never_a_duplicate_new_unit(tmp_path: Path) -> None:
    text = TABLE_PLAN.replace("VP HĐND&UBND xã\tCông an xã", "Ban CHQS xã\tCông an").replace(
        "2\tRà soát dữ liệu dân cư\tPhòng VH-XH", "2\tRà soát dữ liệu dân cư\tBCH Quân sự xã")
    plan = import_document(write(tmp_path, text)).plan
    codes = [u["code"] for u in plan["units"]]
    assert "BCHQS" in codes and "CA" in codes
    assert not [c for c in codes if re.fullmatch(r"(BCHQS|CA|BQS|BCQS)\d*", c) and c not in ("BCHQS", "CA")]
    tasks = {t["code"]: t for t in plan["tasks"]}
    assert tasks["I.1"]["lead_unit"] == "BCHQS" and tasks["I.1"]["coordinating_units"] == ["CA"]
    assert tasks["I.2"]["lead_unit"] == "BCHQS"


# 5. "phối hợp" many times in one paragraph: linear, not quadratic

def test_many_coordination_cues_in_one_paragraph_read_each_mention_list_once(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    para = " ".join(f"Phòng Văn hóa - Xã hội phối hợp với Công an xã triển khai nội dung số {i}" for i in range(2000))
    assert len(para.encode()) > 150_000 and para.count("phối hợp") == 2000
    calls = {"mentions": 0}
    real = units.mentions

    def counting(text: str) -> list[units.Mention]:
        calls["mentions"] += 1
        return real(text)

    monkeypatch.setattr(units, "mentions", counting)
    assert units.coordinating(para) == ["CA", "VHXH"]
    assert calls["mentions"] == 1  # once for the paragraph, not once per cue on the rest of it
    monkeypatch.undo()
    head = (ROOT / "tests/data/plans/cam-hiep-2025.txt").read_text(encoding="utf-8").splitlines()[:88]
    doc = "\n".join(head) + "\n1. Nhiệm vụ chung\n\n- " + para + "; hoàn thành trước ngày 15/12/2025.\n"
    task = import_document(write(tmp_path, doc)).plan["tasks"][0]
    assert task["lead_unit"] == "VHXH" and task["coordinating_units"] == ["CA"]
    assert task["deadline"]["date"] == "2025-12-14"


# 2. plan diff shows every kind tracker seed adds

def test_diff_counts_what_seed_adds_on_a_fresh_database(run_cli, engine) -> None:
    plan = ROOT / "seed" / "plan_tasks.json"
    diff = run_cli("plan", "diff", str(plan))
    assert diff.exit_code == 0, diff.output
    added = re.search(r"Thêm mới: (.*)", diff.output).group(1)  # type: ignore[union-attr]
    assert "người" in added and "ngày điều chỉnh" in added
    people = json.loads(plan.read_text(encoding="utf-8")).get("people", [])
    assert f"+ người {people[0]['name']}" in diff.output
    seed = run_cli("seed", str(plan))
    assert seed.exit_code == 0, seed.output
    created = re.search(r"Tạo mới: (.*)", seed.output).group(1)  # type: ignore[union-attr]
    # seed's line also counts report periods ("kỳ báo cáo"), which diff gives on a line of its own
    assert added == re.sub(r", \d+ kỳ báo cáo", "", created)
    again = run_cli("plan", "diff", str(plan))
    assert "Thêm mới: không có" in again.output and "Thay đổi: không có" in again.output


def test_a_closing_year_keeps_only_its_own_words() -> None:
    assert read_deadline("- Rà soát thủ tục, năm 2025.", year=2025).deadline == {
        "kind": "year_end", "text": "Năm 2025", "year": 2025}


@pytest.mark.parametrize(("text", "expected"), [
    ("Hướng dẫn hộ kinh doanh (Phòng Kinh tế chủ trì; thời gian: năm 2026).", {"kind": "year_end", "year": 2026}),
    ("Tiếp nhận kiến nghị (Văn phòng HĐND và UBND xã chủ trì; thời gian: trong vòng 05 ngày làm việc kể từ ngày "
     "nhận kiến nghị).", {"kind": "on_event"}),
])
def test_a_labelled_deadline_in_brackets(text: str, expected: dict) -> None:
    reading = read_deadline(text, year=2026)
    assert {k: reading.deadline[k] for k in expected} == expected and reading.review is None


def test_a_labelled_deadline_it_cannot_read_is_kept_or_noted_beside_another() -> None:
    alone = read_deadline("Tổ chức hội thi; thời gian thực hiện: tuần thứ hai.", year=2026)
    assert alone.deadline == {"kind": "standing", "text": "tuần thứ hai"}
    assert alone.review and "Không đọc được thời hạn «tuần thứ hai»" in alone.review
    two = read_deadline("Làm sạch dữ liệu; thời gian: tuần 2; hoàn thành trước ngày 15/12/2026.", year=2026)
    assert two.deadline["date"] == "2026-12-14"
    assert two.review and "không đọc được thời hạn «tuần 2»" in two.review
