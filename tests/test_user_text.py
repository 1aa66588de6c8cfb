"""Free text people type on the command line (issue 8): bounded, free of control characters, refused
with one Vietnamese line and the database untouched; and text stored before these checks (or
coming from a chat) is printed with its control characters made visible."""

from __future__ import annotations

import json
import sqlite3
from datetime import UTC, date

import pytest
from sqlmodel import select

from tests.factories import CHAIRMAN, OCT_1, STAFF, VP_HEAD, assert_one_vietnamese_error, db_dump, db_path, ok
from tracker.db import reading, transaction
from tracker.models import Completion, OutboxMessage, Person, Task
from tracker.usertext import TEXT_MAX

LONG = "Chờ văn bản hướng dẫn của tỉnh. " * 30  # 960 characters
ESCAPE = "\x1b]0;pwned\x07"  # sets the terminal's title, then rings

REFUSED = {
    "a long completion note": (("tasks", "done", "II.2.b.1", "--note", LONG), "Ghi chú", "tối đa"),
    "a note with ESC": (("tasks", "done", "II.2.b.1", "--note", f"Đã xong {ESCAPE}"), "ký tự điều khiển"),
    "evidence with ESC": (("tasks", "done", "II.2.b.1", "--evidence", "https://xa.vn/a\x1b[2J"),
                          "ký tự điều khiển"),
    "a long extension reason": (("tasks", "extend", "II.2.b.2", "--to", "31/10/2025", "--reason", LONG,
                                 "--approved-by", CHAIRMAN), "Lý do", "tối đa"),
    "a long cancel reason": (("tasks", "cancel", "II.2.a.2", "--reason", LONG), "Lý do", "tối đa"),
    "a cancel reason with CR": (("tasks", "cancel", "II.2.a.2", "--reason", "Hủy\rĐã duyệt"), "ký tự điều khiển"),
    "a long workday note": (("workdays", "set", "2026-01-03", "--working", "--note", LONG), "tối đa"),
    "a long name": (("people", "add", "--name", "Nguyễn Văn " * 12, "--role", "staff"), "Tên", "tối đa"),
    "a name with ESC": (("people", "edit", VP_HEAD, "--name", "Nguyễn\x1b[31m Hoa"), "ký tự điều khiển"),
    "a name over two lines": (("people", "edit", VP_HEAD, "--name", "Nguyễn\nHoa"), "ký tự điều khiển"),
    "an address with ESC": (("people", "add", "--name", "Phạm Thị Dung", "--role", "staff", "--email",
                             "dung\x1b@xa.vn"), "ký tự điều khiển"),
    "an address with a one-letter domain": (("people", "add", "--name", "Phạm Thị Dung", "--role", "staff",
                                             "--email", "a@b.c"), "Địa chỉ thư", "«a@b.c»", "không hợp lệ"),
    "an address with Vietnamese letters": (("people", "edit", VP_HEAD, "--email", "nguyễn@xa.vn"),
                                           "«nguyễn@xa.vn»", "không hợp lệ"),
    "a long KPI source": (("kpi", "record", "I.1", "--period", "2025-09", "--value", "50", "--source", LONG),
                          "tối đa"),
    "a name with a bidi override": (("people", "edit", VP_HEAD, "--name", "Hoa \u202eaoH"), "ký tự điều khiển"),
}


@pytest.mark.parametrize("case", list(REFUSED))
def test_overlong_or_control_text_from_the_cli_is_refused_and_nothing_changes(case, people, clock, run_cli,
                                                                               db_url):
    args, *fragments = REFUSED[case]
    before = db_dump(db_url)
    assert_one_vietnamese_error(run_cli(*args), *fragments)
    assert db_dump(db_url) == before


def test_an_address_typed_with_spaces_around_it_is_checked_and_stored_without_them(people, clock, run_cli,
                                                                                      seeded):
    ok(run_cli("people", "add", "--name", "Phạm Thị Dung", "--role", "staff", "--email", " dung@xa.gov.vn "))
    ok(run_cli("people", "edit", VP_HEAD, "--email", "\thoa@xa.gov.vn\n"))
    with reading(seeded) as s:
        stored = {p.name: p.email for p in s.exec(select(Person)).all()}
    assert (stored["Phạm Thị Dung"], stored[VP_HEAD]) == ("dung@xa.gov.vn", "hoa@xa.gov.vn")
    ok(run_cli("people", "edit", VP_HEAD, "--email", " "))  # a blank address removes it
    with reading(seeded) as s:
        assert s.exec(select(Person).where(Person.name == VP_HEAD)).one().email is None


def test_a_long_reopen_or_rejection_reason_is_refused_too(people, clock, run_cli, seeded, db_url):
    from tracker.domain.extensions import request_extension
    from tracker.domain.permissions import Permissions

    ok(run_cli("tasks", "done", "II.2.b.2", "--note", "Đã trình"))
    ext = request_extension(seeded, person_id=people[VP_HEAD], code="II.2.b.1", period=None,
                            new_due=date(2025, 11, 15), reason="Chờ tỉnh", perms=Permissions(),
                            now=OCT_1.astimezone(UTC)).extension
    before = db_dump(db_url)
    assert_one_vietnamese_error(run_cli("tasks", "reopen", "II.2.b.2", "--reason", LONG), "Lý do", "tối đa")
    assert_one_vietnamese_error(run_cli("extensions", "reject", str(ext.id), "--by", CHAIRMAN, "--reason", LONG),
                                "Lý do", "tối đa")
    assert db_dump(db_url) == before


def test_a_note_at_the_limit_keeps_its_lines(people, clock, run_cli, seeded):
    lines = ["Đã ban hành:", "\t- Quyết định số 12/QĐ-UBND", "\t- Công văn số 34/UBND-VP"]
    text = "\n".join(lines)
    note = text + "." * (TEXT_MAX - len(text))
    ok(run_cli("tasks", "done", "II.2.b.2", "--note", note))
    with reading(seeded) as s:
        task = s.exec(select(Task).where(Task.code == "II.2.b.2")).one()
        assert s.exec(select(Completion).where(Completion.task_id == task.id)).one().note == note


def test_control_characters_stored_earlier_are_shown_visibly_in_every_cli_view(people, clock, run_cli, seeded,
                                                                              db_url):
    """As if `/xong II.2.b.2 \\x1b]0;pwned\\x07` had been accepted before this release."""
    from tracker.domain.extensions import request_extension
    from tracker.domain.permissions import Permissions

    ok(run_cli("tasks", "done", "II.2.b.2", "--by", CHAIRMAN, "--note", "MARK"))
    request_extension(seeded, person_id=people[VP_HEAD], code="II.2.b.1", period=None, new_due=date(2025, 11, 15),
                      reason="MARK", perms=Permissions(), now=OCT_1.astimezone(UTC))
    with transaction(seeded) as s:
        staff = s.exec(select(Person).where(Person.name == STAFF)).one()
        now = OCT_1.astimezone(UTC)
        s.add(OutboxMessage(key="k", kind="reminder", rule="on_day", person_id=staff.id, channel="email",
                            address="cuc@xa.vn", slot="2025-10-01", subject="s", body_text="b", status="failed",
                            created_at=now, due_at=now, next_attempt_at=now, last_error=f"550 {ESCAPE}"))
    con = sqlite3.connect(db_path(db_url))
    with con:  # written straight into the file, as an older release would have stored it
        con.execute("UPDATE completion SET note = ?", (ESCAPE,))
        con.execute("UPDATE extension SET reason = ?", (ESCAPE,))
        con.execute("UPDATE auditevent SET after = replace(after, 'MARK', ?)", (json.dumps(ESCAPE)[1:-1],))
        con.execute("UPDATE person SET name = ? WHERE name = ?", (STAFF + "\x1b[8m", STAFF))
    con.close()
    for args, shows_it in ((("tasks", "show", "II.2.b.2"), True), (("log",), True), (("extensions", "list"), True),
                           (("outbox", "list"), True), (("people", "list"), True),
                           (("log", "--task", "II.2.b.2"), False)):  # the note is past the cut of its column
        out = ok(run_cli(*args)).stdout
        assert "\x1b" not in out and "\x07" not in out, args
        assert ("\\x1b" in out) is shows_it, (args, out)
    assert "Ghi chú" in (shown := ok(run_cli("tasks", "show", "II.2.b.2")).stdout)
    assert "\\x1b]0;pwned\\x07" in shown
