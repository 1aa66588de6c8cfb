"""`tracker extensions list|approve|reject`: extension requests made on Telegram are decided
from the command line when no leader uses the bot; the requester hears the outcome through
the outbox on the next reminder run."""

from __future__ import annotations

import json
from datetime import UTC, date
from typing import Any

import pytest
from sqlmodel import func, select

from tests.factories import CHAIRMAN, CHAIRMAN_CHAT, OCT_1, VHXH_HEAD, VP_CHAT, VP_HEAD
from tracker.db import reading
from tracker.domain.extensions import request_extension
from tracker.domain.permissions import Permissions
from tracker.models import AuditEvent, Extension, OutboxMessage

TASK = "II.2.b.1"
REASON = "Chờ hướng dẫn của tỉnh"


def request(engine: Any, person_id: int, *, code: str = TASK, new_due: date = date(2025, 11, 15)) -> int:
    out = request_extension(engine, person_id=person_id, code=code, period=None, new_due=new_due, reason=REASON,
                            perms=Permissions(), now=OCT_1.astimezone(UTC))
    return out.extension.id or 0


def task_json(run_cli: Any, code: str = TASK) -> dict[str, Any]:
    res = run_cli("tasks", "list", "--json")
    assert res.exit_code == 0, res.output
    return next(t for t in json.loads(res.stdout) if t["code"] == code)


def listed(run_cli: Any, *args: str) -> list[dict[str, Any]]:
    res = run_cli("extensions", "list", "--json", *args)
    assert res.exit_code == 0, res.output
    return json.loads(res.stdout)


def state(engine: Any) -> tuple[list[str], int, int]:
    """(extension statuses, audit events, outbox rows): what a refused command must leave alone."""
    with reading(engine) as s:
        statuses = [x.status for x in s.exec(select(Extension).order_by(Extension.id)).all()]
        events = s.exec(select(func.count()).select_from(AuditEvent)).one()
        rows = s.exec(select(func.count()).select_from(OutboxMessage)).one()
    return statuses, events, rows


def notices(engine: Any, ext_id: int) -> list[OutboxMessage]:
    with reading(engine) as s:
        return list(s.exec(select(OutboxMessage).where(OutboxMessage.key.startswith(f"ext:{ext_id}:"))  # type: ignore[attr-defined]
                           .order_by(OutboxMessage.id)).all())


def decisions(engine: Any) -> list[AuditEvent]:
    with reading(engine) as s:
        return list(s.exec(select(AuditEvent).where(AuditEvent.action.in_(  # type: ignore[attr-defined]
            ["task.extend", "task.extension_reject"])).order_by(AuditEvent.id)).all())


def test_a_telegram_request_with_no_leader_on_telegram_is_approved_from_the_cli_and_reaches_the_requester(
        bot, run_cli, people):
    assert run_cli("people", "unlink", CHAIRMAN).exit_code == 0  # no leader on Telegram: the gap this closes
    reply = bot.say(VP_CHAT, f"/giahan {TASK} 15/11/2025 {REASON}")
    assert "chưa ai liên kết Telegram" in reply["text"] and "Văn phòng HĐND và UBND xã" in reply["text"]
    assert "tracker " not in reply["text"]  # a head on Telegram is never shown the CLI
    before = task_json(run_cli)
    assert before["status"] == "overdue"

    [pending] = listed(run_cli)
    assert (pending["ref"], pending["requested_by"], pending["new_due"], pending["current_due"], pending["reason"]) \
        == (TASK, VP_HEAD, "2025-11-15", before["due_date"], REASON)
    res = run_cli("extensions", "approve", str(pending["id"]), "--by", CHAIRMAN, "--note", "Cố gắng sớm hơn")
    assert res.exit_code == 0, res.output
    assert "Đã duyệt đề nghị gia hạn" in res.output and "15/11/2025" in res.output and "Telegram" in res.output

    after = task_json(run_cli)
    assert (after["due_date"], after["status"]) == ("2025-11-15", "in_progress")
    assert listed(run_cli) == []
    [event] = decisions(bot.engine)
    assert (event.action, event.channel, event.actor, event.person_id) == ("task.extend", "cli", CHAIRMAN,
                                                                           people[CHAIRMAN])
    assert event.after["note"] == "Cố gắng sớm hơn" and event.after["requested_by"] == VP_HEAD
    [row] = notices(bot.engine, pending["id"])
    assert row.key == f"ext:{pending['id']}:decision:{people[VP_HEAD]}:telegram:2025-10-01"
    assert (row.status, row.person_id, row.address, row.kind) == ("pending", people[VP_HEAD], str(VP_CHAT), "notice")

    sent_before = len(bot.api.messages_to(VP_CHAT))
    res = run_cli("remind", "run")  # the next sweep delivers it on the requester's channel
    assert res.exit_code == 0, res.output
    texts = [m["text"] for m in bot.api.messages_to(VP_CHAT)[sent_before:]]
    outcome = next(t for t in texts if "đã duyệt gia hạn" in t)
    assert CHAIRMAN in outcome and "15/11/2025" in outcome and "Ghi chú: Cố gắng sớm hơn" in outcome
    assert notices(bot.engine, pending["id"])[0].status == "sent"


def test_rejecting_keeps_the_deadline_and_queues_the_reason_for_the_requester(people, run_cli, clock, seeded):
    ext_id = request(seeded, people[VP_HEAD])
    due_before = task_json(run_cli)["due_date"]
    res = run_cli("extensions", "reject", str(ext_id), "--by", CHAIRMAN, "--reason", "Đề nghị hoàn thành đúng hạn")
    assert res.exit_code == 0, res.output
    assert "Đã từ chối đề nghị gia hạn" in res.output

    assert task_json(run_cli)["due_date"] == due_before
    [event] = decisions(seeded)
    assert (event.action, event.channel, event.after["reason"]) == ("task.extension_reject", "cli",
                                                                    "Đề nghị hoàn thành đúng hạn")
    [row] = notices(seeded, ext_id)
    assert row.channel == "telegram" and "từ chối" in row.body_text and "Lý do: Đề nghị hoàn thành đúng hạn" \
        in row.body_text
    queue = run_cli("outbox", "list")
    assert queue.exit_code == 0 and "thông báo" in queue.output and "notice" not in queue.output
    [decided] = listed(run_cli, "--all")
    assert (decided["status"], decided["decided_by"]) == ("rejected", CHAIRMAN)
    table = run_cli("extensions", "list", "--all").output
    assert "đã từ chối (Bùi Quang Nam" in table and TASK in table


def test_the_pending_list_shows_task_requester_dates_and_reason(people, run_cli, clock, seeded):
    assert "Không có đề nghị gia hạn nào đang chờ duyệt." in run_cli("extensions", "list").output
    ext_id = request(seeded, people[VP_HEAD])
    out = run_cli("extensions", "list").output
    for text in (str(ext_id), TASK, VP_HEAD, "15/11/2025", REASON, "01/10/2025 09:00", "1 đề nghị chờ duyệt"):
        assert text in out, out


@pytest.mark.parametrize("by", [VP_HEAD, "Không Có Ai"])
def test_only_a_leader_of_the_commune_may_decide_and_a_refusal_changes_nothing(people, run_cli, clock, seeded, by):
    ext_id = request(seeded, people[VP_HEAD])
    before = state(seeded)
    for args in (("approve", str(ext_id), "--by", by), ("reject", str(ext_id), "--by", by, "--reason", "x")):
        res = run_cli("extensions", *args)
        assert res.exit_code == 1
        assert len(res.output.strip().splitlines()) == 1 and res.output.startswith("Lỗi: ")
    assert state(seeded) == before == (["requested"], before[1], before[2])


def test_a_deactivated_chairman_can_no_longer_decide(people, run_cli, clock, seeded):
    ext_id = request(seeded, people[VP_HEAD])
    assert run_cli("people", "deactivate", CHAIRMAN).exit_code == 0
    before = state(seeded)
    res = run_cli("extensions", "approve", str(ext_id), "--by", CHAIRMAN)
    assert res.exit_code == 1 and "vô hiệu hóa" in res.output
    assert state(seeded) == before


def test_deciding_twice_is_refused_clearly_and_changes_nothing(people, run_cli, clock, seeded):
    ext_id = request(seeded, people[VP_HEAD])
    assert run_cli("extensions", "approve", str(ext_id), "--by", CHAIRMAN).exit_code == 0
    before = state(seeded)
    for args in (("approve", str(ext_id), "--by", CHAIRMAN),
                 ("reject", str(ext_id), "--by", CHAIRMAN, "--reason", "Đổi ý")):
        res = run_cli("extensions", *args)
        assert res.exit_code == 1
        assert res.output.strip() == f"Lỗi: Đề nghị gia hạn {TASK} đã được duyệt bởi {CHAIRMAN} trước đó."
    assert state(seeded) == before
    assert task_json(run_cli)["due_date"] == "2025-11-15"


def test_an_unknown_id_gets_one_vietnamese_line_and_exit_1(people, run_cli, clock, seeded):
    request(seeded, people[VP_HEAD])
    before = state(seeded)
    res = run_cli("extensions", "approve", "999", "--by", CHAIRMAN)
    assert (res.exit_code, res.output) == (1, "Lỗi: Không tìm thấy đề nghị gia hạn số 999.\n")
    res = run_cli("extensions", "reject", "999", "--by", CHAIRMAN, "--reason", "x")
    assert (res.exit_code, res.output) == (1, "Lỗi: Không tìm thấy đề nghị gia hạn số 999.\n")
    assert state(seeded) == before


def test_a_requester_without_telegram_gets_the_outcome_by_email_and_a_deactivated_one_is_reported(
        people, run_cli, clock, seeded):
    assert run_cli("people", "edit", VP_HEAD, "--email", "hoa@xa.gov.vn").exit_code == 0
    assert run_cli("people", "unlink", VP_HEAD).exit_code == 0
    first = request(seeded, people[VP_HEAD])
    assert run_cli("extensions", "approve", str(first), "--by", CHAIRMAN).exit_code == 0
    assert [(r.channel, r.address) for r in notices(seeded, first)] == [("email", "hoa@xa.gov.vn")]

    second = request(seeded, people[VP_HEAD], code="II.2.b.2")
    assert run_cli("people", "deactivate", VP_HEAD).exit_code == 0
    res = run_cli("extensions", "approve", str(second), "--by", CHAIRMAN)
    assert res.exit_code == 0, res.output
    assert "chưa báo kết quả cho người đề nghị" in res.stderr and "vô hiệu hóa" in res.stderr
    assert notices(seeded, second) == []


def test_a_monthly_task_is_listed_and_extended_for_its_period_only(people, run_cli, clock, seeded):
    out = request_extension(seeded, person_id=people[VHXH_HEAD], code="III.1.4", period="2025-09",
                            new_due=date(2025, 12, 31), reason=REASON, perms=Permissions(),
                            now=OCT_1.astimezone(UTC))
    [pending] = listed(run_cli)  # the head named the shared duty: the request is for VHXH's own part
    assert (pending["ref"], pending["period"]) == ("III.1.4/VHXH (2025-09)", "2025-09")
    assert "III.1.4/VHXH (2025-09)" in run_cli("extensions", "list").output

    def dues() -> dict[str, str]:
        res = run_cli("tasks", "list", "--json")
        return {t["period"]: t["due_date"] for t in json.loads(res.stdout) if t["code"] == "III.1.4/VHXH"}

    def others() -> dict[tuple[str, str], str]:
        res = run_cli("tasks", "list", "--json")
        return {(t["code"], t["period"]): t["due_date"] for t in json.loads(res.stdout)
                if t["code"] in ("III.1.4/VP", "III.1.4/KT")}

    before, other_units = dues(), others()
    assert before["2025-09"] != "2025-12-31" and len(before) > 1 and other_units
    assert run_cli("extensions", "approve", str(out.extension.id), "--by", CHAIRMAN).exit_code == 0
    assert dues() == {**before, "2025-09": "2025-12-31"}
    assert others() == other_units  # the other departments' parts keep their deadlines


def test_a_request_rejected_from_the_cli_is_refused_on_the_chairmans_telegram_button(bot, run_cli, people):
    bot.say(VP_CHAT, f"/giahan {TASK} 15/11/2025 {REASON}")
    message = bot.api.wait_message(CHAIRMAN_CHAT)
    [pending] = listed(run_cli)
    res = run_cli("extensions", "reject", str(pending["id"]), "--by", CHAIRMAN, "--reason", "Không đủ căn cứ")
    assert res.exit_code == 0, res.output
    answer = bot.press(CHAIRMAN_CHAT, message["message_id"], bot.buttons(message)["Duyệt"])
    assert "đã được từ chối" in answer["text"]
    edited = bot.api.message(CHAIRMAN_CHAT, message["message_id"])
    assert "ĐÃ TỪ CHỐI bởi Bùi Quang Nam" in edited["text"] and not (edited.get("reply_markup") or {}).get(
        "inline_keyboard")
    assert [e.channel for e in decisions(bot.engine)] == ["cli"]
    assert task_json(run_cli)["due_date"] == "2025-09-30"


def test_a_decision_on_telegram_tells_the_requester_directly_and_queues_nothing(bot, run_cli, people):
    bot.say(VP_CHAT, f"/giahan {TASK} 15/11/2025 {REASON}")
    message = bot.api.wait_message(CHAIRMAN_CHAT)
    assert "Đã duyệt" in bot.press(CHAIRMAN_CHAT, message["message_id"], bot.buttons(message)["Duyệt"])["text"]
    [decided] = listed(run_cli, "--all")
    assert (decided["status"], decided["decided_by"]) == ("approved", CHAIRMAN)
    assert notices(bot.engine, decided["id"]) == []  # the bot told the requester on Telegram itself
    res = run_cli("extensions", "approve", str(decided["id"]), "--by", CHAIRMAN)
    assert res.exit_code == 1 and "đã được duyệt bởi Bùi Quang Nam" in res.output
