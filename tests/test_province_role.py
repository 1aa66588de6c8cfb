"""The province role (issue 13): a province official belongs to no commune, reads every commune (the bot's /viec,
/quahan, /tomtat, the weekly province digest) and changes nothing, each action refused with the reason.

Real SQLite files, the real CLI, the real domain actions, the real outbox and templates.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.factories import (
    OCT_1,
    assert_one_vietnamese_error,
    cli_json,
    completions_of,
    link_zalo,
    ok,
    outbox_rows,
    person_named,
    query,
    row_counts,
    vn,
)
from tests.test_communes import CH, CH_HEAD_CHAT, DL, MONDAY, ListMessenger, add_heads, add_second_commune, done_in

OFFICIAL, OFFICIAL_CHAT = "Phạm Văn Tỉnh", 4001


def add_official(engine: Any, *, email: str | None = "tinh@snv.khanhhoa.gov.vn", chat: int | None = OFFICIAL_CHAT
                 ) -> Any:
    from tracker.domain.people import add_person

    return add_person(engine, commune=None, name=OFFICIAL, unit=None, role="province", email=email,
                      telegram_chat_id=chat, actor="test", now=OCT_1)


def test_a_province_official_is_added_without_a_commune_and_listed_with_every_commune(seeded, run_cli, db_url):
    add_second_commune(seeded)
    out = ok(run_cli("people", "add", "--role", "province", "--name", OFFICIAL, "--email", "tinh@snv.khanhhoa.gov.vn"))
    assert f"Đã thêm {OFFICIAL}" in out.output
    assert person_named(seeded, OFFICIAL).commune_id is None
    for commune in (CH, DL):
        listed = {p["name"]: p for p in cli_json(run_cli, "--commune", commune, "people", "list", "--json")}
        assert listed[OFFICIAL]["role"] == "province" and listed[OFFICIAL]["unit"] is None
    assert "Cán bộ cấp tỉnh" in ok(run_cli("--commune", CH, "people", "list")).output
    # Found by name whether a commune is named or not; no unit; no second official of the same name.
    ok(run_cli("people", "edit", OFFICIAL, "--email", "tinh2@snv.khanhhoa.gov.vn"))
    assert person_named(seeded, OFFICIAL).email == "tinh2@snv.khanhhoa.gov.vn"
    before = row_counts(db_url)
    assert_one_vietnamese_error(run_cli("people", "add", "--role", "province", "--name", "Lê Tỉnh", "--unit", "VP"),
                                "Cán bộ cấp tỉnh không thuộc đơn vị nào của xã")
    assert_one_vietnamese_error(run_cli("people", "add", "--role", "province", "--name", OFFICIAL),
                                f"Đã có cán bộ cấp tỉnh tên «{OFFICIAL}»")
    assert_one_vietnamese_error(run_cli("people", "edit", OFFICIAL, "--role", "head", "--unit", "VP"),
                                "Cán bộ cấp tỉnh không thuộc đơn vị nào của xã")
    assert_one_vietnamese_error(run_cli("--commune", CH, "people", "edit", "Bùi Quang Nam", "--role", "province"),
                                "Không đổi được vai trò giữa cán bộ cấp tỉnh và người của xã")
    assert row_counts(db_url) == before
    assert "Mã kích hoạt cho" in ok(run_cli("people", "invite", OFFICIAL)).output
    ok(run_cli("people", "deactivate", OFFICIAL))
    assert person_named(seeded, OFFICIAL).active is False


def test_a_province_official_may_do_nothing_and_is_told_why(seeded):
    from tracker.domain.extensions import decide_extension, request_extension
    from tracker.domain.lookups import Actor
    from tracker.domain.permissions import Action, Permissions, check, check_approver
    from tracker.domain.tasks import complete_task
    from tracker.errors import Forbidden
    from tracker.models import Task

    official = add_official(seeded)
    perms = Permissions()
    task = Task(commune_id=1, plan_id=1, code="II.2.b.1", section="", title="", description="",
                deadline_kind="fixed_date", deadline_text="")
    for action in Action:
        with pytest.raises(Forbidden) as err:
            check(official, action, task, perms, ref="II.2.b.1")
        assert err.value.code == "permission.province_read_only"
        assert err.value.message.startswith("Tài khoản cấp tỉnh chỉ được xem tình hình các xã, không cập nhật")
    with pytest.raises(Forbidden) as err:
        check_approver(official, perms)
    assert err.value.code == "permission.province_read_only"
    assert "duyệt hoặc từ chối đề nghị gia hạn" in err.value.message
    with pytest.raises(Forbidden) as err:
        complete_task(seeded, commune=None, code="II.2.b.1", period=None, at=None, note=None, evidence=None,
                      actor=Actor.person(official, "telegram"), now=OCT_1)
    assert err.value.code == "permission.province_read_only"
    with pytest.raises(Forbidden):
        request_extension(seeded, person_id=official.id, code="II.2.b.1", period=None, new_due=vn(2025, 11, 1).date(),
                          reason="thử", perms=perms, now=OCT_1)
    with pytest.raises(Forbidden):
        decide_extension(seeded, extension_id=1, approve=True, person_id=official.id, perms=perms, now=OCT_1)
    assert completions_of(seeded, "II.2.b.1") == []
    # Nor can the role be made a leader role.
    with pytest.raises(ValueError):
        Permissions(leader_roles=("chairman", "province"))


def test_a_province_official_reads_every_commune_on_the_bot_and_changes_nothing(seeded, db_url):
    add_second_commune(seeded)
    add_heads(seeded)
    add_official(seeded)
    done_in(seeded, DL, "II.2.b.1")
    bot = ListMessenger(seeded, OCT_1)
    mine = bot.say(OFFICIAL_CHAT, "/viec")
    assert "Xã Cam Hiệp</b> (cam-hiep)" in mine and "Xã Diên Lâm</b> (dien-lam)" in mine
    late = bot.say(OFFICIAL_CHAT, "/quahan")
    ch_part, dl_part = late.split("<b>Xã Diên Lâm</b>") if late.index("Cam Hiệp") < late.index("Diên Lâm") else ("", "")
    assert "II.2.b.1" in ch_part and "II.2.b.2" in ch_part
    assert "II.2.b.1" not in dl_part and "II.2.b.2" in dl_part
    ranking = bot.say(OFFICIAL_CHAT, "/tomtat")
    assert ranking.index("1. <b>Xã Cam Hiệp</b>") < ranking.index("2. <b>Xã Diên Lâm</b>")  # more overdue first
    assert "đúng hạn 0/0 (—)" in ranking and "đúng hạn 1/1 (100,0%)" in ranking
    for verb in ("/xong II.2.b.1", "/giahan II.2.b.1 15/11/2025 chờ", "/duyet 1", "/tuchoi 1 không", "/daxem II.2.b.1",
                 "/nhiemvu II.2.b.1"):
        reply = bot.say(OFFICIAL_CHAT, verb)
        assert reply.startswith("⚠ Tài khoản cấp tỉnh chỉ được xem tình hình các xã"), (verb, reply)
        assert "/viec, /quahan, /tomtat" in reply
    assert "tài khoản cấp tỉnh" in bot.say(OFFICIAL_CHAT, "/help")
    official = person_named(seeded, OFFICIAL)
    assert query(db_url, "SELECT count(*) FROM completion WHERE person_id = ?", official.id) == [(0,)]
    assert query(db_url, "SELECT count(*) FROM extension") == [(0,)]
    assert query(db_url, "SELECT count(*) FROM auditevent WHERE person_id = ?", official.id) == [(0,)]
    assert "II.2.b.1" in bot.say(CH_HEAD_CHAT, "/quahan")  # still overdue in Cam Hiệp


def test_the_weekly_province_digest_ranks_the_communes_and_names_those_without_their_monthly_report(seeded):
    from tracker.reminders.config import Delivery, ReminderConfig
    from tracker.reminders.province import queue_province_digest

    add_second_commune(seeded)
    official = add_official(seeded)
    done_in(seeded, DL, "II.2.b.1")
    done_in(seeded, DL, "III.2.1", "2025-09")  # Diên Lâm sent September's report; Cam Hiệp did not
    link_zalo(seeded, OFFICIAL, "zalo-tinh")
    cfg, delivery = ReminderConfig(), Delivery()
    slot = MONDAY.date()
    keys = queue_province_digest(seeded, MONDAY, cfg, delivery, slot=slot)
    assert sorted(keys) == sorted(f"province:province_weekly:{official.id}:{ch}:2025-10-06"
                                  for ch in ("email", "telegram", "zalo"))
    assert queue_province_digest(seeded, vn(2025, 10, 6, 10), cfg, delivery, slot=slot) == []  # once a week
    rows = {r.channel: r for r in outbox_rows(seeded) if r.rule == "province_weekly"}
    assert set(rows) == {"email", "telegram", "zalo"}
    assert rows["zalo"].address == "zalo-tinh" and "<b>" not in rows["zalo"].body_text
    assert "1. Xã Cam Hiệp (cam-hiep): quá hạn 18/34" in rows["zalo"].body_text
    email = rows["email"]
    assert (email.kind, email.commune_id, email.person_id, email.address) == \
        ("digest", None, official.id, "tinh@snv.khanhhoa.gov.vn")
    # 18 + 16 overdue: Diên Lâm closed II.2.b.1 and September's III.2.1, which are overdue in Cam Hiệp.
    assert email.subject == ("[Tổng hợp tuần 06/10/2025] 2 xã tỉnh Khánh Hòa: 34 nhiệm vụ quá hạn, "
                             "1 xã chưa gửi báo cáo tháng")
    text = email.body_text
    first = text.index("1. Xã Cam Hiệp (cam-hiep): quá hạn 18/34 nhiệm vụ có thời hạn")
    second = text.index("2. Xã Diên Lâm (dien-lam): quá hạn 16/34 nhiệm vụ có thời hạn")
    assert first < second
    assert "đúng hạn 0/0 (—) trên số đã hoàn thành" in text and "đúng hạn 2/2 (100,0%) trên số đã hoàn thành" in text
    missing = text[text.index("2. Xã chưa gửi báo cáo tháng"):]
    assert "Xã Cam Hiệp (cam-hiep): báo cáo tháng 9/2025 (III.2.1), hạn 16/09/2025" in missing
    assert "Diên Lâm" not in missing
    assert "<table" in (email.body_html or "") and "Xã Diên Lâm" in (email.body_html or "")
    assert "<b>Chưa gửi báo cáo tháng: 1</b>" in (rows["telegram"].body_html or "")


def test_no_province_digest_without_an_official_nor_for_a_deactivated_one(seeded, run_cli):
    from tracker.reminders.config import Delivery, ReminderConfig
    from tracker.reminders.province import queue_province_digest

    assert queue_province_digest(seeded, MONDAY, ReminderConfig(), Delivery(), slot=MONDAY.date()) == []
    add_official(seeded)
    ok(run_cli("people", "deactivate", OFFICIAL))
    assert queue_province_digest(seeded, MONDAY, ReminderConfig(), Delivery(), slot=MONDAY.date()) == []
    assert [r for r in outbox_rows(seeded) if r.rule == "province_weekly"] == []


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_migration_0005_lets_a_province_official_have_no_commune_and_its_downgrade_removes_only_them(backend, request):
    import sqlalchemy as sa
    from alembic import command
    from alembic.config import Config

    from tests.factories import ROOT
    from tracker.db import get_engine
    from tracker.domain.accounts import create_link_code
    from tracker.migrations import migrate
    from tracker.seed import seed

    url = request.getfixturevalue("db_url" if backend == "sqlite" else "pg_url")
    engine = get_engine(url)
    seed(engine, ROOT / "seed" / "plan_tasks.json", now=OCT_1, actor="test")
    official = add_official(engine, chat=None)
    create_link_code(engine, commune=None, who=OFFICIAL, hours=2, actor="test", now=OCT_1)
    with engine.connect() as conn:
        found = conn.execute(sa.text("SELECT commune_id FROM person WHERE id = :i"), {"i": official.id}).all()
        assert found == [(None,)]
        people = conn.execute(sa.text("SELECT count(*) FROM person")).scalar()
    with engine.begin() as conn:
        cfg = Config()
        cfg.set_main_option("script_location", str(ROOT / "tracker" / "migrations"))
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "0004")
        assert conn.execute(sa.text("SELECT count(*) FROM person")).scalar() == people - 1
        assert conn.execute(sa.text("SELECT count(*) FROM linkcode")).scalar() == 0
        assert not next(c for c in sa.inspect(conn).get_columns("person") if c["name"] == "commune_id")["nullable"]
    migrate(engine)
    assert add_official(engine, chat=None).commune_id is None


def test_the_province_digest_is_delivered_like_any_message_and_an_official_no_channel_reaches_gets_the_console(seeded):
    from tests.factories import sweep_at
    from tracker.reminders.config import Delivery, ReminderConfig
    from tracker.reminders.province import queue_province_digest

    add_official(seeded, email=None, chat=None)
    keys = queue_province_digest(seeded, MONDAY, ReminderConfig(), Delivery(), slot=MONDAY.date())
    assert [k.split(":")[3] for k in keys] == ["console"]
    swept = sweep_at(seeded, MONDAY)
    assert ("→ Phạm Văn Tỉnh: [Tổng hợp tuần 06/10/2025] 1 xã tỉnh Khánh Hòa: 18 nhiệm vụ quá hạn, "
            "1 xã chưa gửi báo cáo tháng") in swept.console  # the console's compact style: the subject
    row = next(r for r in outbox_rows(seeded) if r.rule == "province_weekly")
    assert (row.status, row.commune_id) == ("sent", None)



def test_the_sweep_stores_the_province_digest_once_at_the_weeks_digest_slot(seeded):
    from tests.factories import sweep_at

    add_second_commune(seeded)
    add_official(seeded, chat=None)  # e-mail: stored for the process that has SMTP, left waiting here
    sweep_at(seeded, vn(2025, 10, 6, 7, 0))  # before the digest time: nothing for the province
    assert [r for r in outbox_rows(seeded) if r.rule == "province_weekly"] == []
    first = sweep_at(seeded, MONDAY)
    assert "province:province_weekly:" in " ".join(first.result.inserted)
    sweep_at(seeded, vn(2025, 10, 6, 9, 1))
    sweep_at(seeded, vn(2025, 10, 7, 9))  # later in the week: the same week's digest, not again
    rows = [r for r in outbox_rows(seeded) if r.rule == "province_weekly"]
    assert [(r.channel, r.slot, r.status) for r in rows] == [("email", "2025-10-06", "pending")]
