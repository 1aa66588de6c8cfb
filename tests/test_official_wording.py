"""What an official reads, on every channel, for the seeded plan (issue 11, items 4 and 6).

Every kind of message an official receives (reminder, overdue notice, escalation, the Chairman's and a head's
digest, an extension's outcome) is rendered for every channel it goes by, and every bot reply (/viec, /quahan,
/nhiemvu, /xong, /giahan, /start, and the errors) is produced by the real conversation for both messengers. None
may show the command line ("tracker …", "--option") or call the official "bạn"; each one addressed to him says
"đồng chí". And the deadline of II.1.b.4, 14/12/2025, a Sunday, reads the same everywhere as of 15/12/2025.
"""

from __future__ import annotations

import asyncio
import re
from datetime import date, datetime
from typing import Any

import pytest

from tests.factories import CHAIRMAN, VHXH_HEAD, VP_HEAD, add_person, link_zalo, policy_at, set_email, vn

ROLLED = ("Hạn 14/12/2025 (Chủ nhật) chuyển sang hết ngày làm việc tiếp theo 15/12/2025 "
          "(Điều 148 Bộ luật Dân sự 2015)")
BAN = re.compile(r"(?<!\w)bạn(?!\w)", re.IGNORECASE)  # the word, not a part of another one
ISO_PERIOD = re.compile(r"(?<![\d/-])20\d\d-(0[1-9]|1[0-2])(?![\d-])")  # "2025-09", not inside a date

CHATS = {CHAIRMAN: (7, "z-chairman"), VP_HEAD: (42, "z-vp"), VHXH_HEAD: (43, "z-vhxh")}
CHANNELS = ("email", "telegram", "zalo", "console")


def assert_for_an_official(text: str, *, addressed: bool = True) -> None:
    assert "tracker " not in text.lower(), text
    assert "--" not in text, text
    assert not BAN.search(text), text
    if addressed:
        assert "đồng chí" in text.lower(), text


def assert_periods_in_words(text: str) -> None:
    """A stored period ("2025-09") appears only in a reply to type back, with its month in words beside it (or
    quoted «…» as what the official typed)."""
    for m in ISO_PERIOD.finditer(re.sub(r"«[^»]*»", "", text)):
        year, month = m.group(0).split("-")
        assert f"tháng {int(month)}/{year}" in text, (m.group(0), text)


@pytest.fixture
def officials(seeded: Any) -> Any:
    """The seeded Chairman and two heads (VP, VHXH), each with an e-mail, a Telegram and a Zalo chat."""
    from tracker.domain.people import edit_person

    add_person(seeded, VP_HEAD, unit="VP", email_addr="vp@camhiep.example.invalid", chat=CHATS[VP_HEAD][0])
    add_person(seeded, VHXH_HEAD, unit="VHXH", email_addr="vhxh@camhiep.example.invalid", chat=CHATS[VHXH_HEAD][0])
    set_email(seeded, CHAIRMAN, "ct@camhiep.example.invalid")
    edit_person(seeded, commune=None, who=CHAIRMAN, changes={"telegram_chat_id": CHATS[CHAIRMAN][0]}, actor="t",
                now=vn(2025, 8, 5))
    for name, (_, zalo) in CHATS.items():
        link_zalo(seeded, name, zalo)
    return seeded


def _delivery(channel: str) -> Any:
    from tracker.reminders.config import Delivery

    if channel == "console":
        return Delivery(console_for_all=True)
    return Delivery(smtp_url="smtp://127.0.0.1:1", telegram_token="0:test", zalo_token="test")


def rendered_messages(engine: Any, instants: list[datetime]) -> dict[tuple[str, str, str, str], Any]:
    """(kind, person, channel, ref or '-') -> the message as rendered, the first time the policy sends it."""
    from tracker.db import reading
    from tracker.reminders.render import render
    from tracker.workdays import load_calendar

    with reading(engine) as s:
        cal = load_calendar(s)
    out: dict[tuple[str, str, str, str], Any] = {}
    for when in instants:
        for channel in CHANNELS:
            for n in policy_at(engine, when, delivery=_delivery(channel)):
                key = (n.kind, n.person.name, n.channel, n.item.code if n.item else "-")
                if n.stale or n.channel != channel or key in out:
                    continue
                out[key] = (when, render(n, commune_name="Xã Cam Hiệp", calendar=cal, now=when))
    return out


# From the reminder on the day II.1.b.4 falls due (15/12) to its escalation, with the digests of both weeks.
DECEMBER = [vn(2025, 12, d, h, m) for d in (15, 16, 17, 18, 19, 22) for h, m in ((7, 0), (7, 30), (8, 0), (9, 0))]


@pytest.fixture
def december(officials: Any) -> dict[tuple[str, str, str, str], Any]:
    return rendered_messages(officials, DECEMBER)


def test_every_message_to_an_official_on_every_channel_addresses_him_and_shows_no_command_line(december):
    kinds = {(kind, person, channel) for kind, person, channel, _ in december}
    for channel in CHANNELS:
        assert ("reminder", VHXH_HEAD, channel) in kinds
        assert ("overdue", VHXH_HEAD, channel) in kinds
        assert ("escalation", CHAIRMAN, channel) in kinds
        assert ("digest", CHAIRMAN, channel) in kinds  # the Chairman's digest: the whole commune
        assert any(k == "digest" and p in (VP_HEAD, VHXH_HEAD) and c == channel for k, p, c in kinds)  # a head's
    for _key, (_, r) in december.items():
        for body in (r.text, r.html or ""):
            if body:
                assert_for_an_official(body)
                assert_periods_in_words(body)
        assert_for_an_official(r.subject, addressed=False)
        assert_periods_in_words(r.subject)


def test_a_monthly_period_reads_as_its_month_and_data_window_and_is_typed_back_with_its_month_named(officials):
    # III.2.1's December period (data 15/11–14/12/2025) falls due two working days after the cut-off.
    messages = rendered_messages(officials, [vn(2025, 12, d, 9) for d in (8, 9, 10, 11, 12, 15, 16)])
    about = [r for (kind, person, channel, code), (_, r) in messages.items()
             if code == "III.2.1" and kind == "reminder" and channel == "zalo"]
    assert about, sorted(messages)
    text = about[0].text
    assert "Kỳ báo cáo: tháng 12/2025 (số liệu từ 15/11 đến 14/12/2025)" in text
    assert "/xong III.2.1 2025-12 (kỳ tháng 12/2025)" in text


# ------------------------------------------------------------------ the rolled deadline, everywhere


def test_ii_1_b_4_reads_the_same_rolled_deadline_in_show_email_telegram_zalo_page_and_calendar(officials, run_cli):
    shown = run_cli("tasks", "show", "II.1.b.4", "--as-of", "2025-12-15")
    assert shown.exit_code == 0, shown.output
    assert ROLLED in " ".join(shown.output.split())

    messages = rendered_messages(officials, [vn(2025, 12, 15, 9)])
    for channel in ("email", "telegram", "zalo", "console"):
        _, r = messages[("reminder", VHXH_HEAD, channel, "II.1.b.4")]
        assert ROLLED in r.text, (channel, r.text)
        if r.html:
            assert ROLLED in r.html, (channel, r.html)
        assert "(hạn 15/12/2025)" in r.subject  # a subject names the day the deadline ends

    assert ROLLED in _public_page(officials, vn(2025, 12, 15, 17))
    assert ROLLED in _calendar_description(officials, vn(2025, 12, 15, 17), "II.1.b.4")


def test_tasks_list_shows_the_day_the_deadline_ends_and_sorts_by_it(officials, run_cli):
    listed = run_cli("tasks", "list", "--as-of", "2025-12-15")
    assert listed.exit_code == 0, listed.output
    rows = [line for line in listed.output.splitlines() if re.search(r"\d\d/\d\d/\d{4}", line)
            and not line.startswith("Tình hình")]
    [row] = [line for line in rows if "II.1.b.4" in line]
    assert "15/12/2025" in row and "14/12/2025" not in row
    days = [datetime.strptime(re.search(r"\d\d/\d\d/\d{4}", line).group(0), "%d/%m/%Y").date()  # type: ignore[union-attr]
            for line in rows]
    assert days == sorted(days)
    assert date(2025, 12, 15) in days


def _public_page(engine: Any, as_of: datetime) -> str:
    from tracker.db import reading
    from tracker.domain.lookups import resolve_commune
    from tracker.reports.publish import build_public_page, render_public_html
    from tracker.workdays import load_calendar

    with reading(engine) as s:
        page = build_public_page(s, resolve_commune(s, None).id, as_of=as_of, calendar=load_calendar(s))
    return render_public_html(page)


def _calendar_description(engine: Any, now: datetime, code: str) -> str:
    from icalendar import Calendar

    from tracker.db import reading
    from tracker.domain.lookups import resolve_commune
    from tracker.reports.calendar_feed import build_calendar
    from tracker.workdays import load_calendar

    with reading(engine) as s:
        data = build_calendar(s, resolve_commune(s, None).id, now=now, calendar=load_calendar(s))
    [event] = [e for e in Calendar.from_ical(data).walk("VEVENT") if f"-{code}@" in str(e["UID"])]
    return str(event["DESCRIPTION"])


# ------------------------------------------------------------------ the bot, on both messengers


class Recorder:
    """The real conversation (tracker.bot.conversation) over a messenger that keeps what it would send."""

    def __init__(self, engine: Any, channel: str, now: datetime) -> None:
        from tracker.bot.conversation import BotDeps, Conversation
        from tracker.bot.settings import BotSettings
        from tracker.bot.zalo import zalo_text

        sent: list[tuple[str, Any]] = []

        class Kept(Conversation):
            async def deliver(self, address: str, reply: Any) -> bool:
                sent.append((address, reply))
                return True

            def address_of(self, person: Any) -> str | None:
                chat = person.telegram_chat_id if channel == "telegram" else person.zalo_chat_id
                return str(chat) if chat else None

        Kept.channel = channel
        self.conv = Kept(BotDeps(engine=engine, key=b"k" * 32, settings=BotSettings(), clock=lambda: now))
        self.sent = sent
        self.channel = channel
        self.as_text = zalo_text if channel == "zalo" else (lambda reply: reply.text)

    def say(self, who: str, text: str) -> list[str]:
        """What every chat was sent after `who` wrote `text`, as the messenger shows it."""
        before = len(self.sent)
        address = str(CHATS[who][0] if self.channel == "telegram" else CHATS[who][1])
        asyncio.run(self.conv.on_text(address, text, private=True))
        return [self.as_text(reply) for _, reply in self.sent[before:]]


def invitation(engine: Any, name: str) -> str:
    from tracker.domain.accounts import create_link_code

    _, code, _ = create_link_code(engine, commune=None, who=name, hours=48, actor="t", now=vn(2025, 10, 1))
    return code


@pytest.mark.parametrize("channel", ["telegram", "zalo"])
def test_every_bot_reply_addresses_the_official_and_shows_no_command_line(officials, channel):
    bot = Recorder(officials, channel, vn(2025, 10, 1, 9))
    replies: dict[tuple[str, str], list[str]] = {}
    for who, text in [
        (VP_HEAD, "/viec"), (VP_HEAD, "/quahan"), (CHAIRMAN, "/quahan"), (VP_HEAD, "/nhiemvu II.2.b.1"),
        (VP_HEAD, "/nhiemvu III.2.1 2025-09"), (VP_HEAD, "/help"),
        (VP_HEAD, "/giahan II.2.b.1 15/11/2025 Chờ hướng dẫn của tỉnh"),  # a request: the leaders are asked too
        (CHAIRMAN, "/giahan II.2.b.2 20/11/2025 Chờ số liệu"),  # the Chairman's own word extends at once
        (VP_HEAD, "/xong II.2.b.2 Đã gửi báo cáo"),
        # errors: an unknown task, another unit's task, a period not open, done twice, a bad date, no arguments,
        # no escalation to acknowledge, a message that is no command
        (VP_HEAD, "/xong X.9"), (VHXH_HEAD, "/xong II.2.b.1"), (VP_HEAD, "/xong III.2.1 2030-01"),
        (VP_HEAD, "/xong II.2.b.2"), (VP_HEAD, "/giahan II.2.b.1 31/02/2025 lý do"), (VP_HEAD, "/xong"),
        (VP_HEAD, "/giahan"), (CHAIRMAN, "/daxem II.2.b.1"), (VP_HEAD, "chào"),
    ]:
        got = bot.say(who, text)
        assert got, text
        replies[(who, text)] = got
    for got in replies.values():
        for reply in got:
            assert_for_an_official(reply, addressed=False)
            assert_periods_in_words(reply)
    # Where a reply speaks to the official (his unit, his request, what he should do next) it says "đồng chí".
    for key in [(VP_HEAD, "/viec"), (VP_HEAD, "/quahan"),
                (VP_HEAD, "/giahan II.2.b.1 15/11/2025 Chờ hướng dẫn của tỉnh"), (VP_HEAD, "/xong X.9"),
                (VHXH_HEAD, "/xong II.2.b.1"), (CHAIRMAN, "/daxem II.2.b.1"), (VP_HEAD, "chào")]:
        assert "đồng chí" in replies[key][0].lower(), (key, replies[key])
    # The leaders asked to decide the head's request are told who asks, as "Đồng chí …".
    assert any(f"Đồng chí {VP_HEAD} xin gia hạn" in r for r in replies[(VP_HEAD, "/giahan II.2.b.1 15/11/2025 "
                                                                              "Chờ hướng dẫn của tỉnh")])


@pytest.mark.parametrize("channel", ["telegram", "zalo"])
def test_linking_and_an_unknown_chat_address_the_official(officials, channel):
    bot = Recorder(officials, channel, vn(2025, 10, 1, 9))
    stranger = "9999" if channel == "telegram" else "z-stranger"
    bot.sent.clear()
    asyncio.run(bot.conv.on_text(stranger, "/viec", private=True))
    asyncio.run(bot.conv.on_text(stranger, "/start AAAA-BBBB", private=True))  # a wrong code
    code = invitation(officials, VHXH_HEAD)
    asyncio.run(bot.conv.on_text(stranger, f"/start {code}", private=True))
    texts = [bot.as_text(r) for _, r in bot.sent]
    assert len(texts) == 3
    for text in texts:
        assert_for_an_official(text)
    assert texts[-1].startswith(f"Xin chào đồng chí {VHXH_HEAD}!")
    assert "Văn phòng HĐND và UBND xã" in texts[0] and "Văn phòng HĐND và UBND xã" in texts[1]


def test_an_extension_outcome_tells_the_requester_as_đồng_chí(officials):
    from tracker.domain.extensions import outcome_message

    for approve in (True, False):
        subject, text, body = outcome_message(decider=CHAIRMAN, ref="II.2.a.7 (tháng 9/2025)", approve=approve,
                                              new_due=date(2025, 9, 30), due_in_force=date(2025, 9, 18),
                                              note="Đồng ý")
        for part in (text, body):
            assert_for_an_official(part)
        assert_for_an_official(subject, addressed=False)


PLAN_ORDER = ["Văn phòng HĐND và UBND xã", "Phòng Văn hóa - Xã hội", "Phòng Kinh tế",
              "Trung tâm Phục vụ hành chính công"]  # seed/plan_tasks.json: Văn phòng first, not by code


def _in_order(text: str, names: list[str]) -> list[str]:
    return sorted(names, key=lambda name: text.index(name))


def test_units_are_listed_in_the_plan_files_order_on_the_page_and_in_the_bots_summary(officials):
    page = _public_page(officials, vn(2025, 10, 20, 17))
    table = page[page.index('id="unit-table"'):page.index("</table>", page.index('id="unit-table"'))]
    assert _in_order(table, PLAN_ORDER) == PLAN_ORDER
    [summary] = Recorder(officials, "zalo", vn(2025, 10, 1, 9)).say(CHAIRMAN, "/tomtat")
    assert _in_order(summary, PLAN_ORDER) == PLAN_ORDER


@pytest.mark.parametrize("channel", ["telegram", "zalo"])
def test_the_bot_lists_ii_1_b_4_by_the_day_it_ends_and_details_it_in_the_one_wording(officials, channel):
    bot = Recorder(officials, channel, vn(2025, 12, 15, 9))
    [mine] = bot.say(VHXH_HEAD, "/viec")
    [line] = [line for line in mine.splitlines() if "II.1.b.4" in line]
    assert "hạn 15/12/2025" in line and "14/12/2025" not in line
    [detail] = bot.say(VHXH_HEAD, "/nhiemvu II.1.b.4")
    assert ROLLED in detail


def test_a_pending_request_in_the_chairmans_digest_names_its_period_in_words(officials):
    from tracker.domain.extensions import request_extension
    from tracker.domain.permissions import Permissions

    head = add_person(officials, "Lê Văn Tâm", unit="TTPVHCC", email_addr="tt@camhiep.example.invalid", chat=44)
    request_extension(officials, person_id=head.id, code="III.2.1", period="2025-12", new_due=date(2025, 12, 31),
                      reason="Chờ số liệu của tỉnh", perms=Permissions(), now=vn(2025, 12, 11, 9))
    messages = rendered_messages(officials, [vn(2025, 12, 15, h, m) for h, m in ((7, 0), (7, 30), (8, 0))])
    for channel in CHANNELS:
        [(_, r)] = [v for k, v in messages.items() if k[:3] == ("digest", CHAIRMAN, channel)]
        assert "III.2.1 (tháng 12/2025) — Lê Văn Tâm" in r.text, (channel, r.text)
        assert_periods_in_words(r.text)
