"""Channels per person: `tracker people list` shows which channels reach each person, `people edit --channels`
restricts them (reminders, escalations, digests and one-off notices all honour it), `people unlink --channel`
removes one chat. A restriction chooses among the channels that reach the person: when none of the chosen ones
does any more, every channel that does is used; the console only for someone no channel reaches (today's rule)."""

from __future__ import annotations

import json
from datetime import UTC, date
from typing import Any

import pytest
from sqlmodel import select

from tests.factories import (
    CHAIRMAN,
    OCT_1,
    VP_HEAD,
    add_person,
    assert_one_vietnamese_error,
    cli_json,
    db_dump,
    ok,
    person_named,
    policy_at,
    query,
    sweep_at,
)
from tracker.db import reading
from tracker.models import AuditEvent, OutboxMessage

HOA_MAIL = "hoa.nt@camhiep.gov.vn"
HOA_TELEGRAM = 2001
HOA_ZALO = "8571046239417702113"  # Zalo ids are strings


def link_zalo(engine: Any, name: str, chat: str) -> None:
    """The person links their Zalo chat with an invitation code, as the bot does on `/start CODE`."""
    from tracker.domain.accounts import create_link_code, redeem_link_code

    _, code, _ = create_link_code(engine, commune=None, who=name, hours=48, actor="test", now=OCT_1)
    redeem_link_code(engine, channel="zalo", address=chat, code=code, now=OCT_1)


def block(engine: Any, name: str, channel: str) -> None:
    """The platform said the person's chat cannot be reached (they blocked the bot), as the senders record it."""
    from tracker.domain.accounts import CHAT_CHANNELS, mark_unreachable

    address = getattr(person_named(engine, name), CHAT_CHANNELS[channel][0])
    assert mark_unreachable(engine, channel=channel, address=str(address), detail="403", now=OCT_1) is not None


@pytest.fixture
def hoa(seeded: Any) -> Any:
    """The head of VP on e-mail and Telegram; VP's Q3 tasks are overdue on 1 October."""
    add_person(seeded, VP_HEAD, unit="VP", email_addr=HOA_MAIL, chat=HOA_TELEGRAM)
    return seeded


def hoas_channels(engine: Any, when: Any = OCT_1) -> set[str]:
    """The channels of the notifications due to Hoa at `when` (the real policy on the stored state)."""
    notes = [n for n in policy_at(engine, when) if n.person.name == VP_HEAD and not n.stale]
    assert notes, "the scenario must give Hoa something to receive"
    return {n.channel for n in notes}


def listed(run_cli: Any) -> dict[str, dict[str, Any]]:
    return {p["name"]: p for p in cli_json(run_cli, "people", "list")}


def table_row(run_cli: Any, name: str) -> str:
    return next(line for line in ok(run_cli("people", "list")).stdout.splitlines() if name in line)


def audit(db_url: str, action: str) -> list[tuple[dict[str, Any], dict[str, Any]]]:
    rows = query(db_url, "SELECT before, after FROM auditevent WHERE action = ? AND entity = ? ORDER BY id",
                 action, f"person {VP_HEAD}")
    return [(json.loads(b or "null"), json.loads(a or "null")) for b, a in rows]


# ---------------------------------------------------------------- the rules, on e-mail and Telegram


def test_people_list_shows_the_channels_that_reach_each_person(hoa, run_cli):
    hoa_ = listed(run_cli)[VP_HEAD]
    assert (hoa_["email"], hoa_["telegram_chat_id"], hoa_["zalo_chat_id"]) == (HOA_MAIL, HOA_TELEGRAM, None)
    assert hoa_["channels"] is None  # no restriction
    assert hoa_["reached_by"] == ["email", "telegram"]
    assert listed(run_cli)[CHAIRMAN]["reached_by"] == []  # no address: the console, as before
    row = table_row(run_cli, VP_HEAD)
    assert "Thư điện tử, Telegram" in row and "giới hạn" not in row
    header = ok(run_cli("people", "list")).stdout.splitlines()[0]
    assert "Zalo" in header and "Nhận qua" in header
    assert "Màn hình" in table_row(run_cli, CHAIRMAN)


def test_a_deactivated_person_is_reached_by_nothing(hoa, run_cli):
    ok(run_cli("people", "deactivate", VP_HEAD))
    assert listed(run_cli)[VP_HEAD]["reached_by"] == []
    assert table_row(run_cli, VP_HEAD).split()[-5:] == ["—", "đã", "vô", "hiệu", "hóa"]  # "Nhận qua": nothing


def test_channels_restrict_reminders_and_all_lifts_the_restriction(hoa, run_cli, db_url):
    assert hoas_channels(hoa) == {"email", "telegram"}
    out = ok(run_cli("people", "edit", VP_HEAD, "--channels", " Telegram ")).stdout
    assert out.strip() == f"Đã cập nhật {VP_HEAD}."
    hoa_ = listed(run_cli)[VP_HEAD]
    assert (hoa_["channels"], hoa_["reached_by"]) == (["telegram"], ["telegram"])
    assert "Telegram (đã giới hạn)" in table_row(run_cli, VP_HEAD)
    assert hoas_channels(hoa) == {"telegram"}

    ok(run_cli("people", "edit", VP_HEAD, "--channels", "telegram,email"))
    assert listed(run_cli)[VP_HEAD]["channels"] == ["email", "telegram"]  # registry order, whatever was typed
    ok(run_cli("people", "edit", VP_HEAD, "--channels", "all"))
    assert listed(run_cli)[VP_HEAD]["channels"] is None
    assert hoas_channels(hoa) == {"email", "telegram"}

    edits = audit(db_url, "person.edit")
    assert [(b["channels"], a["channels"]) for b, a in edits] == [
        (None, ["telegram"]), (["telegram"], ["email", "telegram"]), (["email", "telegram"], None)]


def test_the_sweep_stores_rows_only_for_the_chosen_channels(hoa, run_cli):
    ok(run_cli("people", "edit", VP_HEAD, "--channels", "email"))
    sweep_at(hoa, OCT_1)  # no transport configured here: the rows are stored and wait for the daemon
    hoa_id = person_named(hoa, VP_HEAD).id
    with reading(hoa) as s:
        rows = s.exec(select(OutboxMessage).where(OutboxMessage.person_id == hoa_id)).all()
    assert rows and {(r.channel, r.address) for r in rows} == {("email", HOA_MAIL)}
    assert {r.kind for r in rows} >= {"overdue"}


def test_an_extension_notice_goes_only_to_the_chosen_channels(hoa, run_cli):
    from tracker.domain.extensions import request_extension
    from tracker.domain.permissions import Permissions

    ok(run_cli("people", "edit", VP_HEAD, "--channels", "email"))
    out = request_extension(hoa, person_id=person_named(hoa, VP_HEAD).id or 0, code="II.2.b.1", period=None,
                            new_due=date(2025, 11, 15), reason="Chờ hướng dẫn của tỉnh", perms=Permissions(),
                            now=OCT_1.astimezone(UTC))
    ok(run_cli("extensions", "approve", str(out.extension.id), "--by", CHAIRMAN))
    with reading(hoa) as s:
        rows = s.exec(select(OutboxMessage).where(OutboxMessage.kind == "notice")).all()
    assert [(r.channel, r.address) for r in rows] == [("email", HOA_MAIL)]


def test_when_no_chosen_channel_reaches_the_person_every_channel_that_does_is_used(hoa, run_cli):
    ok(run_cli("people", "edit", VP_HEAD, "--channels", "telegram"))
    block(hoa, VP_HEAD, "telegram")  # she blocked the bot: e-mail keeps reaching her
    hoa_ = listed(run_cli)[VP_HEAD]
    assert (hoa_["channels"], hoa_["reached_by"]) == (["telegram"], ["email"])
    assert "Thư điện tử (kênh đã chọn Telegram không gửi được)" in table_row(run_cli, VP_HEAD)
    assert hoas_channels(hoa) == {"email"}


def test_the_console_stays_only_for_someone_no_channel_reaches(seeded, run_cli):
    add_person(seeded, VP_HEAD, unit="VP", chat=HOA_TELEGRAM)
    ok(run_cli("people", "edit", VP_HEAD, "--channels", "telegram"))
    assert hoas_channels(seeded) == {"telegram"}
    block(seeded, VP_HEAD, "telegram")
    assert hoas_channels(seeded) == {"console"}
    assert listed(run_cli)[VP_HEAD]["reached_by"] == []


@pytest.mark.parametrize(("value", "fragments"), [
    ("viber", ("«viber»", "email", "telegram")),
    ("console", ("«console»",)),  # the console is the fallback, not a choice
    ("email,fax", ("«fax»",)),
    (" , ", ("ít nhất một kênh",)),
    ("all,email", ("all",)),
])
def test_a_bad_channel_list_is_one_line_and_changes_nothing(hoa, run_cli, db_url, value, fragments):
    before = db_dump(db_url)
    assert_one_vietnamese_error(run_cli("people", "edit", VP_HEAD, "--channels", value), *fragments)
    assert db_dump(db_url) == before


def test_a_channel_the_person_has_no_address_on_is_refused(seeded, run_cli, db_url):
    add_person(seeded, VP_HEAD, unit="VP", email_addr=HOA_MAIL)
    before = db_dump(db_url)
    assert_one_vietnamese_error(run_cli("people", "edit", VP_HEAD, "--channels", "email,telegram"),
                                VP_HEAD, "Telegram", "tracker people invite")
    # removing the address and choosing its channel in the same edit is refused too: checked after the change
    assert_one_vietnamese_error(run_cli("people", "edit", VP_HEAD, "--email", " ", "--channels", "email"),
                                "thư điện tử")
    assert db_dump(db_url) == before


def test_unlinking_telegram_keeps_the_restriction_for_when_she_links_again(hoa, run_cli, db_url):
    ok(run_cli("people", "edit", VP_HEAD, "--channels", "telegram"))
    out = ok(run_cli("people", "unlink", VP_HEAD, "--channel", "telegram")).stdout
    assert out.strip() == f"Đã hủy liên kết Telegram của {VP_HEAD}."
    hoa_ = listed(run_cli)[VP_HEAD]
    assert (hoa_["telegram_chat_id"], hoa_["channels"], hoa_["reached_by"]) == (None, ["telegram"], ["email"])
    assert audit(db_url, "person.unlink") == [({"telegram_chat_id": HOA_TELEGRAM},
                                               {"telegram_chat_id": None, "codes_revoked": 0})]
    before = db_dump(db_url)
    assert_one_vietnamese_error(run_cli("people", "unlink", VP_HEAD, "--channel", "telegram"),
                                "chưa liên kết Telegram")
    assert db_dump(db_url) == before
    ok(run_cli("people", "edit", VP_HEAD, "--telegram-chat-id", str(HOA_TELEGRAM)))
    assert hoas_channels(hoa) == {"telegram"}  # linked again: the restriction she chose is in force again


def test_unlink_without_a_channel_removes_every_chat(hoa, run_cli):
    out = ok(run_cli("people", "unlink", VP_HEAD)).stdout
    assert out.strip() == f"Đã hủy liên kết trò chuyện (Telegram, Zalo) của {VP_HEAD}."
    assert listed(run_cli)[VP_HEAD]["reached_by"] == ["email"]


def test_unlinking_a_channel_that_is_not_a_chat_is_refused(hoa, run_cli, db_url):
    before = db_dump(db_url)
    assert_one_vietnamese_error(run_cli("people", "unlink", VP_HEAD, "--channel", "email"), "--channel", "email")
    assert db_dump(db_url) == before


def test_the_domain_refuses_an_unknown_chat_channel_without_touching_anything(hoa, db_url):
    from tracker.domain.accounts import unlink_person
    from tracker.errors import InvalidInput

    before = db_dump(db_url)
    with pytest.raises(InvalidInput) as err:
        unlink_person(hoa, commune=None, who=VP_HEAD, channel="email", actor="test", now=OCT_1)
    assert err.value.code == "link.not_chat" and err.value.values["channel"] == "email"
    assert db_dump(db_url) == before
    with reading(hoa) as s:
        assert not s.exec(select(AuditEvent).where(AuditEvent.action == "person.unlink")).all()


# ---------------------------------------------------------------- Zalo


@pytest.fixture
def hoa_on_zalo(hoa: Any) -> Any:
    """Hoa on e-mail and Telegram, and her Zalo chat linked with an invitation code."""
    link_zalo(hoa, VP_HEAD, HOA_ZALO)
    return hoa


def test_people_list_shows_zalo_among_the_channels_that_reach_her(hoa_on_zalo, run_cli):
    hoa_ = listed(run_cli)[VP_HEAD]
    assert (hoa_["zalo_chat_id"], hoa_["channels"]) == (HOA_ZALO, None)
    assert hoa_["reached_by"] == ["email", "telegram", "zalo"]
    assert "Thư điện tử, Telegram, Zalo" in table_row(run_cli, VP_HEAD)
    assert hoas_channels(hoa_on_zalo) == {"email", "telegram", "zalo"}


def test_a_blocked_zalo_chat_is_shown_and_no_longer_reaches_her(hoa_on_zalo, run_cli):
    block(hoa_on_zalo, VP_HEAD, "zalo")
    hoa_ = listed(run_cli)[VP_HEAD]
    assert (hoa_["zalo_chat_id"], hoa_["reached_by"]) == (HOA_ZALO, ["email", "telegram"])
    assert "đã chặn bot" in table_row(run_cli, VP_HEAD)  # the Zalo column (her Telegram still works)
    assert hoas_channels(hoa_on_zalo) == {"email", "telegram"}


def test_zalo_and_email_only(hoa_on_zalo, run_cli):
    ok(run_cli("people", "edit", VP_HEAD, "--channels", "zalo,email"))
    hoa_ = listed(run_cli)[VP_HEAD]
    assert (hoa_["channels"], hoa_["reached_by"]) == (["email", "zalo"], ["email", "zalo"])
    assert "Thư điện tử, Zalo (đã giới hạn)" in table_row(run_cli, VP_HEAD)
    sweep_at(hoa_on_zalo, OCT_1)  # stored for the daemon, which has the token
    hoa_id = person_named(hoa_on_zalo, VP_HEAD).id
    with reading(hoa_on_zalo) as s:
        rows = s.exec(select(OutboxMessage).where(OutboxMessage.person_id == hoa_id)).all()
    assert rows and {(r.channel, r.address) for r in rows} == {("email", HOA_MAIL), ("zalo", HOA_ZALO)}


def test_when_her_only_chosen_channel_zalo_is_blocked_email_and_telegram_keep_reaching_her(hoa_on_zalo, run_cli):
    ok(run_cli("people", "edit", VP_HEAD, "--channels", "zalo"))
    assert hoas_channels(hoa_on_zalo) == {"zalo"}
    block(hoa_on_zalo, VP_HEAD, "zalo")
    assert listed(run_cli)[VP_HEAD]["reached_by"] == ["email", "telegram"]
    assert "(kênh đã chọn Zalo không gửi được)" in table_row(run_cli, VP_HEAD)
    assert hoas_channels(hoa_on_zalo) == {"email", "telegram"}


def test_zalo_is_refused_for_someone_not_linked_on_zalo(hoa, run_cli, db_url):
    before = db_dump(db_url)
    assert_one_vietnamese_error(run_cli("people", "edit", VP_HEAD, "--channels", "zalo,email"),
                                VP_HEAD, "chưa có địa chỉ trên kênh Zalo", "tracker people invite")
    assert db_dump(db_url) == before


def test_unlink_zalo_keeps_telegram_and_her_choice_for_when_she_links_again(hoa_on_zalo, run_cli, db_url):
    ok(run_cli("people", "edit", VP_HEAD, "--channels", "zalo"))
    out = ok(run_cli("people", "unlink", VP_HEAD, "--channel", "zalo")).stdout
    assert out.strip() == f"Đã hủy liên kết Zalo của {VP_HEAD}."
    hoa_ = listed(run_cli)[VP_HEAD]
    assert (hoa_["zalo_chat_id"], hoa_["telegram_chat_id"]) == (None, HOA_TELEGRAM)
    assert (hoa_["channels"], hoa_["reached_by"]) == (["zalo"], ["email", "telegram"])
    assert audit(db_url, "person.unlink") == [({"zalo_chat_id": HOA_ZALO},
                                               {"zalo_chat_id": None, "codes_revoked": 0})]
    before = db_dump(db_url)
    assert_one_vietnamese_error(run_cli("people", "unlink", VP_HEAD, "--channel", "zalo"), "chưa liên kết Zalo")
    assert db_dump(db_url) == before
    link_zalo(hoa_on_zalo, VP_HEAD, HOA_ZALO)  # a new invitation, a new /start CODE on Zalo
    assert hoas_channels(hoa_on_zalo) == {"zalo"}


def test_unlink_without_a_channel_removes_both_chats_and_the_unused_codes(hoa_on_zalo, run_cli, db_url):
    ok(run_cli("people", "invite", VP_HEAD))
    block(hoa_on_zalo, VP_HEAD, "zalo")
    out = ok(run_cli("people", "unlink", VP_HEAD)).stdout
    assert out.strip() == f"Đã hủy liên kết trò chuyện (Telegram, Zalo) của {VP_HEAD}."
    p = person_named(hoa_on_zalo, VP_HEAD)
    assert (p.telegram_chat_id, p.zalo_chat_id, p.telegram_unreachable, p.zalo_unreachable) == \
        (None, None, False, False)
    assert audit(db_url, "person.unlink") == [
        ({"telegram_chat_id": HOA_TELEGRAM, "zalo_chat_id": HOA_ZALO},
         {"telegram_chat_id": None, "zalo_chat_id": None, "codes_revoked": 1})]
    assert query(db_url, "SELECT count(*) FROM linkcode WHERE revoked_at IS NULL AND used_at IS NULL") == [(0,)]
    before = db_dump(db_url)
    assert_one_vietnamese_error(run_cli("people", "unlink", VP_HEAD), "chưa liên kết Telegram hay Zalo")
    assert db_dump(db_url) == before
