"""Communes as first-class objects (issue 13): `tracker commune add|list`, `tracker seed FILE --commune CODE`, and
two communes following the same plan whose reminders, digests and bot replies never mix.

Real SQLite files, the real CLI, the real sweep and policy; the bot's conversation driven through a messenger whose
delivery is a list (the verbs and the domain are the real ones).
"""

from __future__ import annotations

import asyncio
from typing import Any

from tests.factories import (
    CHAIRMAN,
    ISSUED_2025,
    OCT_1,
    PLAN_2025,
    SEED,
    SEEDED_AT,
    VP_HEAD,
    assert_one_vietnamese_error,
    cli_json,
    ok,
    policy_at,
    query,
    row_counts,
    vn,
)

CH, DL = "cam-hiep", "dien-lam"
CH_HEAD_CHAT, DL_HEAD_CHAT = 2001, 2011
MONDAY = vn(2025, 10, 6, 9)  # the week's digests are due; II.2.b.1 and II.2.b.2 (Q3, unit VP) are overdue


def add_second_commune(engine: Any) -> None:
    """Diên Lâm, added, then given the same plan file as Cam Hiệp (its issue day recorded the same)."""
    from tracker.domain.communes import add_commune
    from tracker.domain.lookups import Actor
    from tracker.domain.plans import set_issued
    from tracker.seed import seed

    add_commune(engine, code=DL, name="Xã Diên Lâm", province="Khánh Hòa", actor="test", now=SEEDED_AT)
    seed(engine, SEED, now=SEEDED_AT, actor="test", commune=DL)
    set_issued(engine, commune=DL, plan=PLAN_2025, day=ISSUED_2025, number=None, actor=Actor("test"), now=SEEDED_AT)


def add_heads(engine: Any) -> None:
    """A head of VP in each commune (the same name: a person belongs to one commune), each with a chat."""
    from tracker.domain.people import add_person

    for commune, chat in ((CH, CH_HEAD_CHAT), (DL, DL_HEAD_CHAT)):
        add_person(engine, commune=commune, name=VP_HEAD, unit="VP", role="head", email=None,
                   telegram_chat_id=chat, actor="test", now=SEEDED_AT)


def done_in(engine: Any, commune: str, code: str, period: str | None = None) -> None:
    from tracker.domain.tasks import complete_task

    complete_task(engine, commune=commune, code=code, period=period, at=vn(2025, 9, 10, 9), actor="test",
                  note=None, evidence=None, now=vn(2025, 9, 10, 9))


def test_a_commune_added_then_given_the_plan_file_has_its_own_units_people_and_plan(seeded, run_cli, db_url):
    out = ok(run_cli("commune", "add", DL, "--name", "Xã Diên Lâm", "--province", "Khánh Hòa")).output
    assert "Đã thêm Xã Diên Lâm (mã dien-lam)" in out
    out = ok(run_cli("seed", str(SEED), "--commune", DL)).output
    assert "Đã nạp plan_tasks.json cho xã dien-lam." in out
    assert "Bỏ qua xã ghi trong tệp (Xã Cam Hiệp (mã cam-hiep)): kế hoạch thuộc Xã Diên Lâm (mã dien-lam)." in out
    rows = {r["code"]: r for r in cli_json(run_cli, "commune", "list", "--json")}
    units = len(query(db_url, "SELECT id FROM unit WHERE commune_id = (SELECT id FROM commune WHERE code = ?)", CH))
    assert units > 3
    assert rows == {
        CH: {"code": CH, "name": "Xã Cam Hiệp", "province": "Khánh Hòa", "plans": 1, "people": 1, "units": units},
        DL: {"code": DL, "name": "Xã Diên Lâm", "province": "Khánh Hòa", "plans": 1, "people": 1, "units": units},
    }
    # Each commune's own rows: two Chairmen of the same name, two sets of tasks with the same codes.
    chairmen = query(db_url, "SELECT c.code FROM person p JOIN commune c ON c.id = p.commune_id "
                             "WHERE p.name = ? AND p.role = 'chairman' ORDER BY c.code", CHAIRMAN)
    assert chairmen == [(CH,), (DL,)]
    assert query(db_url, "SELECT count(DISTINCT commune_id) FROM task WHERE code = 'II.2.b.1'") == [(2,)]
    # The table lists both, and loading again changes nothing.
    listing = ok(run_cli("commune", "list")).output
    assert "Xã Diên Lâm" in listing and "Xã Cam Hiệp" in listing
    before = row_counts(db_url)
    again = ok(run_cli("--commune", DL, "seed", str(SEED))).output
    assert "Tạo mới: không có" in again
    assert {k: v for k, v in row_counts(db_url).items() if k != "auditevent"} == \
        {k: v for k, v in before.items() if k != "auditevent"}


def test_a_plan_is_not_loaded_into_a_commune_never_added_and_nothing_is_written(seeded, run_cli, db_url):
    before = row_counts(db_url)
    assert_one_vietnamese_error(run_cli("seed", str(SEED), "--commune", "khanh-vinh"), "Không có xã mã «khanh-vinh»",
                                "thêm xã trước")
    assert_one_vietnamese_error(run_cli("--commune", CH, "seed", str(SEED), "--commune", DL), "Hai mã xã khác nhau")
    assert row_counts(db_url) == before


def test_commune_add_refuses_a_code_taken_or_malformed_and_a_blank_name(seeded, run_cli, db_url):
    before = row_counts(db_url)
    assert_one_vietnamese_error(run_cli("commune", "add", CH, "--name", "Xã Cam Hiệp"), "Đã có xã mã «cam-hiep»")
    assert_one_vietnamese_error(run_cli("commune", "add", "diên lâm", "--name", "Xã Diên Lâm"),
                                "Mã xã «diên lâm» không hợp lệ")
    for path_like in ("..", ".an", "_x"):  # would be a path of its own on the province's public page
        assert_one_vietnamese_error(run_cli("commune", "add", path_like, "--name", "Xã Diên Lâm"), "không hợp lệ")
    assert_one_vietnamese_error(run_cli("commune", "add", DL, "--name", "  "), "Tên xã không được để trống")
    assert row_counts(db_url) == before


def test_reminders_and_digests_of_two_communes_with_the_same_plan_never_mix(seeded, db_url):
    add_second_commune(seeded)
    add_heads(seeded)
    done_in(seeded, DL, "II.2.b.1")  # done in Diên Lâm only: overdue in Cam Hiệp
    notes = policy_at(seeded, MONDAY)
    assert notes
    for n in notes:
        assert n.person.commune_id == n.commune_id, n.key
        if n.item is not None:
            assert n.item.task.commune_id == n.commune_id, n.key
        if n.digest is not None:
            for it in [*n.digest.overdue, *n.digest.due_soon, *n.digest.unassigned]:
                assert it.task.commune_id == n.commune_id, n.key
    cids = {c: cid for cid, c in query(db_url, "SELECT id, code FROM commune")}
    about = {(n.commune_id, n.kind, n.person.role) for n in notes if n.item is not None and n.item.code == "II.2.b.1"}
    assert (cids[CH], "overdue", "head") in about
    assert all(cid == cids[CH] for cid, _, _ in about)  # nothing about Diên Lâm's (done) item
    digests = {n.commune_id: n.digest for n in notes if n.kind == "digest" and n.person.role == "chairman"}
    assert set(digests) == {cids[CH], cids[DL]}
    assert "II.2.b.1" in {it.code for it in digests[cids[CH]].overdue}
    assert "II.2.b.1" not in {it.code for it in digests[cids[DL]].overdue}
    assert digests[cids[DL]].commune_name == "Xã Diên Lâm"


class ListMessenger:
    """A messenger whose delivery appends to a list: the real Conversation, its verbs and the domain behind them."""

    def __init__(self, engine: Any, when: Any) -> None:
        from tracker.bot.conversation import BotDeps, Conversation
        from tracker.bot.settings import BotSettings

        sent: list[tuple[str, str]] = []

        class Listed(Conversation):
            channel = "telegram"

            async def deliver(self, address: str, reply: Any) -> bool:
                sent.append((address, reply.text))
                return True

            def address_of(self, person: Any) -> str | None:
                return str(person.telegram_chat_id) if person.telegram_chat_id else None

        self.sent = sent
        self.conversation = Listed(BotDeps(engine, b"k" * 32, BotSettings(), lambda: when))

    def say(self, chat: int, text: str) -> str:
        self.sent.clear()
        asyncio.run(self.conversation.on_text(str(chat), text, private=True))
        assert len(self.sent) == 1 and self.sent[0][0] == str(chat)
        return self.sent[0][1]


def test_a_head_sees_only_their_own_communes_items_on_the_bot(seeded):
    add_second_commune(seeded)
    add_heads(seeded)
    done_in(seeded, DL, "II.2.b.1")
    bot = ListMessenger(seeded, OCT_1)
    for verb in ("/viec", "/quahan"):
        ch, dl = bot.say(CH_HEAD_CHAT, verb), bot.say(DL_HEAD_CHAT, verb)
        assert "II.2.b.1" in ch and "II.2.b.2" in ch
        assert "II.2.b.1" not in dl and "II.2.b.2" in dl
    # Closing an item in one commune leaves the other's item of the same code open.
    assert "✅ Đã ghi nhận hoàn thành <b>II.2.b.2</b>" in bot.say(CH_HEAD_CHAT, "/xong II.2.b.2")
    assert "II.2.b.2" in bot.say(DL_HEAD_CHAT, "/quahan")
    assert "II.2.b.2" not in bot.say(CH_HEAD_CHAT, "/quahan")
