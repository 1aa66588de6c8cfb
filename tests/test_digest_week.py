"""The weekly digest belongs to its week (Monday to Sunday, Vietnam time): sent late within it after downtime, never
once it is over; and `remind preview` lists exactly what `remind run --at T` stores at each instant of its timeline."""

from __future__ import annotations

import json
from collections import defaultdict
from datetime import date, datetime

import pytest

from tests.factories import CHAIRMAN, VP_HEAD, cfg, outbox_rows, sweep_at, vn
from tracker.timeutil import VN

WEEK_OVER = "Bỏ qua: tuần của bản tổng hợp đã qua (bản tổng hợp chỉ được gửi trong tuần của nó)."


def _digests(keys: list[str]) -> set[str]:
    return {k for k in keys if ":digest_weekly:" in k}


def _slots(keys: list[str]) -> set[str]:
    return {k.rsplit(":", 1)[1] for k in _digests(keys)}


# ---------------------------------------------------------------- late within its week, never after it


def test_a_daemon_down_on_monday_morning_sends_the_weeks_digest_on_tuesday(with_head):
    sweep_at(with_head, vn(2025, 10, 3, 16))  # Friday: the last sweep before the downtime
    back = sweep_at(with_head, vn(2025, 10, 7, 7, 30))  # Tuesday 07:30
    assert _slots(back.result.inserted) == {"2025-10-06"}
    assert set(back.result.delivery.sent_keys) >= _digests(back.result.inserted)
    sent = {r.person_id: r for r in outbox_rows(with_head) if r.kind == "digest" and r.slot == "2025-10-06"}
    assert len(sent) == 2 and {r.status for r in sent.values()} == {"sent"}
    assert "[Tổng hợp tuần 06/10/2025]" in back.console


def test_a_daemon_down_from_monday_to_sunday_sends_no_digest_of_that_week_afterwards(with_head):
    sweep_at(with_head, vn(2025, 10, 3, 16))  # Friday 03/10; down Monday 06/10 to Sunday 12/10
    back = sweep_at(with_head, vn(2025, 10, 13, 7, 30))
    assert _slots(back.result.inserted) == {"2025-10-13"}
    assert {r.slot for r in outbox_rows(with_head) if r.kind == "digest"} == {"2025-09-29", "2025-10-13"}
    assert "06/10/2025" not in back.console


@pytest.mark.parametrize("weekday", ["monday", "wednesday", "friday"])
def test_a_digest_stored_but_not_sent_in_its_week_is_skipped_when_the_week_is_over(with_head, weekday):
    """The process stored the week's digest and died before sending it; it is back the next Monday."""
    from tracker.reminders.config import Delivery
    from tracker.reminders.sweep import prepare

    config = cfg(digest_weekday=weekday, console_style="compact")
    slot = {"monday": date(2025, 10, 6), "wednesday": date(2025, 10, 8), "friday": date(2025, 10, 10)}[weekday]
    stored = prepare(with_head, vn(slot.year, slot.month, slot.day, 16), config, Delivery())
    assert _slots(stored.inserted) == {slot.isoformat()}
    back = sweep_at(with_head, vn(2025, 10, 13, 7, 30), config)
    rows = [r for r in outbox_rows(with_head) if r.kind == "digest" and r.slot == slot.isoformat()]
    assert {(r.status, r.last_error) for r in rows} == {("skipped", WEEK_OVER)} and len(rows) == 2
    assert sorted(getattr(back.result, "expired_digests", [])) == sorted(r.key for r in rows)
    assert slot.isoformat() not in _slots(back.result.delivery.sent_keys)
    assert f"Tổng hợp tuần {slot.strftime('%d/%m/%Y')}" not in back.console


def test_a_digest_stored_on_friday_is_still_sent_within_its_week(with_head):
    """The last working hours of the week still send it: the week ends on Sunday, not at the slot."""
    from tracker.reminders.config import Delivery
    from tracker.reminders.sweep import prepare

    config = cfg(digest_weekday="wednesday", console_style="compact")
    prepare(with_head, vn(2025, 10, 8, 7, 30), config, Delivery())
    friday = sweep_at(with_head, vn(2025, 10, 10, 16, 59), config)
    assert _slots(friday.result.delivery.sent_keys) == {"2025-10-08"}
    assert {r.status for r in outbox_rows(with_head) if r.kind == "digest"} == {"sent"}


def test_a_digest_of_a_past_week_already_partly_sent_is_finished_not_left_cut(with_head):
    from sqlmodel import select

    from tracker.db import transaction
    from tracker.models import OutboxMessage
    from tracker.reminders.config import Delivery
    from tracker.reminders.sweep import prepare

    prepare(with_head, vn(2025, 10, 10, 16), cfg(digest_weekday="friday"), Delivery())
    with transaction(with_head) as s:
        row = next(r for r in s.exec(select(OutboxMessage)).all() if r.kind == "digest")
        row.external_id = "-"  # its first part went out before the process died
        key = row.key
    back = sweep_at(with_head, vn(2025, 10, 13, 7, 30), cfg(digest_weekday="friday", console_style="compact"))
    assert key in back.result.delivery.sent_keys


# ---------------------------------------------------------------- the preview is the sweep, instant by instant


def _preview_by_instant(engine, start: date, end: date) -> dict[datetime, set[str]]:
    from tracker.reminders.config import Delivery
    from tracker.reminders.sweep import preview

    out: dict[datetime, set[str]] = defaultdict(set)
    for p in preview(engine, start, end, cfg(console_style="compact"), Delivery()):
        out[p.at].add(p.notification.key)
    return out


def _instants(engine, start: date, end: date) -> list[datetime]:
    """07:30 (start of working hours and digest time by default) of each working day, as the preview sweeps."""
    from tracker.db import reading
    from tracker.workdays import load_calendar

    with reading(engine) as s:
        cal = load_calendar(s)
    days = [date.fromordinal(n) for n in range(start.toordinal(), end.toordinal() + 1)]
    return [vn(d.year, d.month, d.day, 7, 30) for d in days if cal.is_working_day(d)]


@pytest.mark.parametrize(("start", "end", "swept_before"), [
    (date(2025, 9, 29), date(2025, 10, 12), None),
    (date(2025, 10, 1), date(2025, 10, 14), None),  # from a Wednesday: the week's digest, late, on 01/10
    (date(2025, 9, 29), date(2025, 10, 12), vn(2025, 9, 29, 7, 30)),  # the outbox holds that instant's rows
    (date(2025, 12, 15), date(2025, 12, 21), vn(2025, 12, 15, 9)),
])
def test_the_preview_lists_exactly_what_a_sweep_at_each_instant_of_its_timeline_stores(with_head, start, end,
                                                                                       swept_before):
    if swept_before is not None:
        sweep_at(with_head, swept_before)
    planned = _preview_by_instant(with_head, start, end)
    instants = _instants(with_head, start, end)
    assert set(planned) <= set(instants)
    stored = {inst: set(sweep_at(with_head, inst).result.inserted) for inst in instants}
    assert stored == {inst: planned.get(inst, set()) for inst in instants}
    if swept_before is None:
        assert any(_digests(list(keys)) for keys in stored.values())  # the comparison covers digests


def test_the_preview_from_a_tuesday_shows_the_weeks_late_digest_unless_already_stored(with_head, run_cli):
    def digests() -> list[tuple[str, str, str]]:
        rows = json.loads(run_cli("remind", "preview", "--from", "2025-10-07", "--to", "2025-10-14", "--json").stdout)
        return [(r["at"][:16], r["slot"], r["recipient"]) for r in rows if r["kind"] == "digest"]

    assert digests() == [("2025-10-07T07:30", "2025-10-06", CHAIRMAN), ("2025-10-07T07:30", "2025-10-06", VP_HEAD),
                         ("2025-10-13T07:30", "2025-10-13", CHAIRMAN), ("2025-10-13T07:30", "2025-10-13", VP_HEAD)]
    monday = sweep_at(with_head, vn(2025, 10, 6, 7, 30))  # the daemon sent Monday's digest
    assert digests() == [("2025-10-13T07:30", "2025-10-13", CHAIRMAN), ("2025-10-13T07:30", "2025-10-13", VP_HEAD)]
    text = run_cli("remind", "preview", "--from", "2025-10-06", "--to", "2025-10-06").stdout
    assert text == (f"Không có thông báo nào mới trong khoảng này. ({len(monday.result.inserted)} thông báo khác của "
                    "khoảng này đã có trong hàng đợi, không liệt kê lại.)\n")



def test_remind_run_says_how_many_digests_of_a_past_week_it_skipped(with_head, run_cli, tmp_path, monkeypatch):
    conf = tmp_path / "friday.toml"
    conf.write_text('[reminders]\ndigest_weekday = "friday"\n', encoding="utf-8")
    monkeypatch.setenv("TRACKER_CONFIG", str(conf))
    friday = run_cli("remind", "run", "--at", "2025-10-10 16:00", "--dry-run", "--json")
    assert {d["slot"] for d in json.loads(friday.stdout)["would_send"] if d["kind"] == "digest"} == {"2025-10-10"}
    from tracker.reminders.config import Delivery
    from tracker.reminders.sweep import prepare

    prepare(with_head, vn(2025, 10, 10, 16), cfg(digest_weekday="friday"), Delivery())  # stored, never sent
    res = run_cli("remind", "run", "--at", "2025-10-13 08:00", "--replay")
    assert res.exit_code == 0, res.output
    assert "2 bản tổng hợp của tuần đã qua chưa được gửi trong tuần: ghi «bỏ qua», không gửi nữa." in res.stdout
    assert "Tổng hợp tuần 10/10/2025" not in res.output


def test_with_a_later_digest_time_the_preview_and_sweeps_every_hour_store_the_same(with_head):
    """Digest at 09:00: the preview's timeline has 07:30 and 09:00; a sweep at any other hour stores nothing new."""
    from tracker.reminders.config import Delivery
    from tracker.reminders.sweep import preview

    config = cfg(digest_time="09:00", console_style="compact")
    planned: dict[datetime, set[str]] = defaultdict(set)
    for p in preview(with_head, date(2025, 10, 6), date(2025, 10, 10), config, Delivery()):
        planned[p.at].add(p.notification.key)
    digest_at = {at.astimezone(VN).strftime("%d %H:%M") for at, keys in planned.items() if _digests(list(keys))}
    assert digest_at == {"06 09:00"}
    for d in range(6, 11):
        for hh, mm in ((7, 30), (8, 0), (9, 0), (11, 0), (16, 59)):
            inst = vn(2025, 10, d, hh, mm)
            assert set(sweep_at(with_head, inst, config).result.inserted) == planned.get(inst, set()), inst
