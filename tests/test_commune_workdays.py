"""Working-day overrides per commune (issue 13, point 1): national overrides (commune_id NULL) every commune follows,
and a commune's own on top (`tracker --commune X workdays set`). Two communes with the same plan, a make-up Saturday
for one only: its submission deadlines, reminders and next-due instants follow its own calendar, the other's do not.

Real SQLite files, the real CLI, the real sweep and policy.
"""

from __future__ import annotations

from typing import Any

from tests.factories import cfg, cli_json, ok, policy_at, query, vn
from tests.test_communes import CH, DL, add_second_commune

MAKE_UP = "2025-11-15"  # a Saturday; III.2.1@2025-11 (cut-off 14/11, 2 working days) is due Tuesday 18/11


def due_dates(run_cli: Any, commune: str) -> dict[str, str]:
    rows = cli_json(run_cli, "--commune", commune, "tasks", "list", "--as-of", "2025-11-01", "--all")
    return {r["code"] + (f"@{r['period']}" if r["period"] else ""): r["due_date"] for r in rows}


def test_a_make_up_saturday_of_one_commune_moves_its_deadlines_only(seeded, run_cli, db_url):
    add_second_commune(seeded)
    assert due_dates(run_cli, CH)["III.2.1@2025-11"] == due_dates(run_cli, DL)["III.2.1@2025-11"] == "2025-11-18"
    out = ok(run_cli("--commune", DL, "workdays", "set", MAKE_UP, "--working", "--note",
                     "Làm bù theo QĐ của xã")).stdout
    assert "15/11/2025" in out and "cho riêng xã dien-lam" in out
    assert due_dates(run_cli, DL)["III.2.1@2025-11"] == "2025-11-17"
    assert due_dates(run_cli, CH)["III.2.1@2025-11"] == "2025-11-18"
    # Listed as the commune's own for that commune; absent from the national list and from the other commune's.
    assert "điều chỉnh riêng của xã: Làm bù theo QĐ của xã" in ok(run_cli("--commune", DL, "workdays", "list",
                                                                           "--year", "2025")).stdout
    for args in (("workdays", "list", "--year", "2025"), ("--commune", CH, "workdays", "list", "--year", "2025")):
        assert "15/11/2025" not in ok(run_cli(*args)).stdout
    cid = {c: i for i, c in query(db_url, "SELECT id, code FROM commune")}
    assert query(db_url, "SELECT commune_id, is_working FROM workdayoverride WHERE day = ?", MAKE_UP) == \
        [(cid[DL], 1)]
    audit = query(db_url, "SELECT entity, commune_id FROM auditevent WHERE action = 'workday.set' ORDER BY id")
    assert audit[-1] == (f"day {MAKE_UP} commune {DL}", cid[DL])
    # Removing it: the deadline comes back; a national override of the same day moves both communes.
    ok(run_cli("--commune", DL, "workdays", "unset", MAKE_UP))
    assert due_dates(run_cli, DL)["III.2.1@2025-11"] == "2025-11-18"
    assert "không có điều chỉnh" in run_cli("--commune", DL, "workdays", "unset", MAKE_UP).stderr
    ok(run_cli("workdays", "set", MAKE_UP, "--working", "--note", "Làm bù toàn quốc"))
    assert due_dates(run_cli, CH)["III.2.1@2025-11"] == due_dates(run_cli, DL)["III.2.1@2025-11"] == "2025-11-17"
    # The commune's own wins over the national one of the same day.
    ok(run_cli("--commune", CH, "workdays", "set", MAKE_UP, "--off", "--note", "Xã nghỉ"))
    assert due_dates(run_cli, CH)["III.2.1@2025-11"] == "2025-11-18"
    assert due_dates(run_cli, DL)["III.2.1@2025-11"] == "2025-11-17"


def test_reminders_and_next_due_follow_each_communes_own_working_days(seeded, run_cli, db_url):
    from tracker.reminders.config import Delivery
    from tracker.reminders.sweep import SweepMemo, prepare

    add_second_commune(seeded)
    ok(run_cli("--commune", DL, "workdays", "set", MAKE_UP, "--working", "--note", "Làm bù theo QĐ của xã"))
    cid = {c: i for i, c in query(db_url, "SELECT id, code FROM commune")}
    saturday = vn(2025, 11, 15, 9)
    notes = [n for n in policy_at(seeded, saturday) if not n.stale]
    # Diên Lâm works that Saturday: its reminder one working day before Monday's deadline is due; Cam Hiệp is off.
    about = {(n.commune_id, n.rule) for n in notes if n.item is not None and n.item.ref == "III.2.1 (2025-11)"}
    assert (cid[DL], "before_1") in about
    assert all(c == cid[DL] for c in {n.commune_id for n in notes})
    # Cam Hiệp's reminder one working day before its Tuesday deadline comes on Monday.
    monday = {(n.commune_id, n.rule) for n in policy_at(seeded, vn(2025, 11, 17, 9))
              if not n.stale and n.item is not None and n.item.ref == "III.2.1 (2025-11)"}
    assert (cid[CH], "before_1") in monday and (cid[DL], "on_day") in monday

    # The sweep on Friday computes each item's next instant on its commune's calendar.
    engine = seeded
    memo = SweepMemo()
    prepare(engine, vn(2025, 11, 14, 16), cfg(console_style="compact"), Delivery(), memo=memo)
    prepare(engine, vn(2025, 11, 14, 16, 1), cfg(console_style="compact"), Delivery(), memo=memo)
    rows = dict(query(db_url, "SELECT n.commune_id, n.due_at FROM nextdue n "
                              "JOIN occurrence o ON o.id = n.occurrence_id JOIN task t ON t.id = o.task_id "
                              "WHERE t.code = 'III.2.1' AND o.period = '2025-11'"))
    assert rows[cid[DL]].startswith("2025-11-15 00:30")  # Saturday 07:30 in Vietnam
    assert rows[cid[CH]].startswith("2025-11-17 00:30")  # Monday
    # At the Saturday sweep, only Diên Lâm's reminder is stored.
    sat = prepare(engine, saturday, cfg(console_style="compact"), Delivery(), memo=memo)
    assert sat.inserted
    stored = query(db_url, "SELECT DISTINCT commune_id FROM outboxmessage WHERE slot LIKE '2025-11-15%'")
    assert stored == [(cid[DL],)]


def test_a_plan_loaded_into_another_commune_brings_its_overrides_as_that_communes_own(seeded, db_url, run_cli):
    from tests.factories import SEED

    ok(run_cli("commune", "add", DL, "--name", "Xã Diên Lâm", "--province", "Khánh Hòa"))
    out = ok(run_cli("seed", str(SEED), "--commune", DL)).stdout
    assert "được nạp làm điều chỉnh riêng của xã dien-lam" in out
    cid = {c: i for i, c in query(db_url, "SELECT id, code FROM commune")}
    national = query(db_url, "SELECT day, is_working, note FROM workdayoverride WHERE commune_id IS NULL ORDER BY day")
    own = query(db_url, "SELECT day, is_working, note FROM workdayoverride WHERE commune_id = ? ORDER BY day", cid[DL])
    assert national and own == national  # Cam Hiệp's file loaded as its own commune's: national, as before
    assert query(db_url, "SELECT count(*) FROM workdayoverride WHERE commune_id = ?", cid[CH]) == [(0,)]
