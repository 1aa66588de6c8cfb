"""Review findings on the reminders engine: weekly escalations after downtime, configuration errors,
Vietnamese log lines, the message signature, the outbox list."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date

import pytest

from tests.reminders_fixtures import CHAIRMAN, outbox_rows, vn

STALE_REF = "II.2.a.7 (2025-08)"  # overdue since August, no unit head: escalated to the Chairman


def _escalations(rows: list[dict], ref: str) -> list[date]:
    return [date.fromisoformat(r["at"][:10]) for r in rows if r["kind"] == "escalation" and r["task"] == ref]


def test_preview_after_downtime_spaces_weekly_escalations_a_full_week_apart(seeded, run_cli):
    rows = json.loads(run_cli("remind", "preview", "--from", "2025-09-20", "--to", "2025-10-10", "--json").stdout)
    days = _escalations(rows, STALE_REF)
    assert days == [date(2025, 9, 22), date(2025, 9, 29), date(2025, 10, 6)]


def _run_escalation_keys(run_cli, at: str) -> tuple[set[str], int]:
    res = run_cli("remind", "run", "--at", at, "--replay", "--json")
    assert res.exit_code == 0, res.output
    data = json.loads(res.stdout)
    return {d["key"] for d in data["due"] if d["kind"] == "escalation" and d["task"] == STALE_REF}, data["inserted"]


def test_a_late_catch_up_escalation_is_repeated_a_week_after_it_went_out_not_three_days_later(seeded, run_cli):
    from tracker.timeutil import vn_date

    monday, _ = _run_escalation_keys(run_cli, "2025-09-22 08:00")  # first sweep after downtime: catch-up
    wednesday, _ = _run_escalation_keys(run_cli, "2025-09-24 08:00")
    assert len(monday) == 1 and wednesday == monday  # the same notification: nothing new
    next_monday, _ = _run_escalation_keys(run_cli, "2025-09-29 08:00")
    again, inserted = _run_escalation_keys(run_cli, "2025-09-29 08:00")
    assert next_monday.isdisjoint(monday) and again == next_monday and inserted == 0
    stored = sorted(vn_date(r.created_at) for r in outbox_rows(seeded) if r.key in monday | next_monday)
    assert stored == [date(2025, 9, 22), date(2025, 9, 29)]
    assert {r.person_id for r in outbox_rows(seeded) if r.key in monday} == \
        {r.person_id for r in outbox_rows(seeded) if r.kind == "escalation"}


def test_an_escalation_retry_keeps_a_full_week_when_its_catch_up_slot_is_days_old(seeded, run_cli):
    """A row queued on 22/09 for the 17/09 slot is still worth retrying on 26/09."""
    from tracker.reminders.config import Delivery, ReminderConfig
    from tracker.reminders.dispatch import Dispatcher, default_factory

    cfg = ReminderConfig()
    d = Dispatcher(seeded, cfg, default_factory(Delivery(), cfg), clock=lambda: vn(2025, 9, 26))
    row = {"kind": "escalation", "slot": "2025-09-17", "created_at": vn(2025, 9, 22)}
    assert not d._outdated(row, date(2025, 9, 26))
    assert d._outdated(row, date(2025, 9, 29))


# ---------------------------------------------------------------- configuration errors

BAD_SETTINGS = [
    ({"TRACKER_SMTP_URL": "ftp://u:s3cr3t@mail.example.vn"}, "TRACKER_SMTP_URL không hợp lệ"),
    ({"TRACKER_SMTP_URL": "smtp://u:s3cr3t@mail.example.vn:99999"}, "TRACKER_SMTP_URL có cổng không hợp lệ"),
    ({"TRACKER_SMTP_URL": "smtp://u:s3cr3t@:587?starttls=1"}, "thiếu tên máy chủ"),
    ({"TRACKER_SMTP_URL": "smtp://u:s3cr3t@mail.example.vn:587?starttls=có"}, "starttls phải là 1 hoặc 0"),
    ({"TRACKER_MAIL_FROM": "tracker"}, "TRACKER_MAIL_FROM không phải địa chỉ thư hợp lệ"),
    ({"TRACKER_TELEGRAM_API_URL": "ftp://botapi.example.vn"}, "TRACKER_TELEGRAM_API_URL không hợp lệ"),
    ({"TRACKER_TELEGRAM_PROXY": "socks4://u:s3cr3t@proxy.example.vn:1080"}, "TRACKER_TELEGRAM_PROXY không hợp lệ"),
]


@pytest.mark.parametrize("command", [
    ["remind", "run", "--at", "2025-10-07 08:00", "--replay"],
    ["remind", "run", "--at", "2025-10-07 08:00", "--dry-run"],
    ["digest", "--at", "2025-10-06 07:30", "--send"],
    ["outbox", "retry", "1"],
])
@pytest.mark.parametrize(("settings", "message"), BAD_SETTINGS)
def test_a_malformed_channel_setting_is_one_vietnamese_line_with_the_config_exit_code_and_nothing_is_queued(
        seeded, run_cli, monkeypatch, command, settings, message):
    for k, v in settings.items():
        monkeypatch.setenv(k, v)
    res = run_cli(*command)
    assert res.exit_code == 78  # EX_CONFIG: systemd's RestartPreventExitStatus
    assert message in res.stderr and len(res.stderr.strip().splitlines()) == 1
    assert "s3cr3t" not in res.output + res.stderr
    assert outbox_rows(seeded) == []


def test_tracker_run_refuses_a_malformed_smtp_url_at_start_instead_of_retrying_forever(seeded, db_url, tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith("TRACKER_")}
    env.update(TRACKER_DB=db_url, TRACKER_SMTP_URL="ftp://u:s3cr3t@mail.example.vn",
               TRACKER_FAKE_NOW="2025-10-07 08:00")
    proc = subprocess.run([sys.executable, "-c", "from cli import main; main()", "run"], cwd=tmp_path, env=env,
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 78  # EX_CONFIG: systemd does not restart-loop
    assert proc.stderr.strip().startswith("Lỗi: TRACKER_SMTP_URL không hợp lệ") and "s3cr3t" not in proc.stderr
    assert outbox_rows(seeded) == []


def test_the_documented_channel_settings_are_accepted():
    from tracker.reminders.config import Delivery, validate_delivery

    for url in ("smtp://mail.example.vn:25", "smtp://user:pass@mail.example.vn:587?starttls=1",
                "smtps://user:pass@mail.example.vn:465",
                "smtp://tracker%40camhiep.gov.vn:secret@mail.camhiep.gov.vn:587?starttls=1"):
        validate_delivery(Delivery(smtp_url=url, mail_from="tracker@camhiep.gov.vn",
                                   telegram_api_url="http://127.0.0.1:8081", telegram_proxy="socks5h://127.0.0.1:1080"))


# ---------------------------------------------------------------- signature and the outbox list

SIGNATURE = "— Hệ thống theo dõi nhiệm vụ cải cách TTHC, UBND xã Cam Hiệp"


def test_every_message_kind_and_channel_part_ends_with_the_vietnamese_signature(seeded):
    from tests.reminders_fixtures import HEAD_VP, add_person, cfg, set_email
    from tracker.reminders.config import Delivery
    from tracker.reminders.sweep import prepare

    add_person(seeded, HEAD_VP, unit="VP", email_addr="hoa@camhiep.example.invalid", chat=1001)
    set_email(seeded, CHAIRMAN, "chutich@camhiep.example.invalid")
    delivery = Delivery(smtp_url="smtp://127.0.0.1:25", telegram_token="123:test")
    for when in (vn(2025, 9, 25, 9), vn(2025, 10, 6, 7, 30)):  # a reminder; a Monday: overdue, escalation, digest
        prepare(seeded, when, cfg(), delivery)
    rows = outbox_rows(seeded)
    assert {r.kind for r in rows if r.channel == "email"} == {"reminder", "overdue", "escalation", "digest"}
    assert {r.kind for r in rows if r.channel == "telegram"} >= {"reminder", "overdue", "digest"}
    for r in rows:
        assert r.body_text.rstrip().endswith(SIGNATURE), (r.key, r.body_text[-120:])
        if r.channel == "email":
            assert r.body_html.rstrip().endswith(f"<p>{SIGNATURE}</p>"), r.key
        if r.channel == "telegram":
            assert r.body_html.rstrip().endswith(f"<i>{SIGNATURE}</i>"), r.key
        assert "tracker," not in r.body_text + (r.body_html or "")


def test_outbox_list_names_the_period_of_a_recurring_task(seeded, run_cli):
    assert run_cli("remind", "run", "--at", "2025-10-07 08:00", "--replay").exit_code == 0
    text = run_cli("outbox", "list").stdout
    assert "II.2.a.7 (2025-08)" in text and "II.2.a.7 (2025-09)" in text
    assert "II.2.b.1 " in text  # a one-off task keeps its bare code
    data = json.loads(run_cli("outbox", "list", "--json").stdout)
    assert {(d["task"], d["period"]) for d in data} >= {("II.2.a.7 (2025-08)", "2025-08"), ("II.2.b.1", None)}


def test_an_overdue_task_without_a_head_gets_no_daily_reminder_but_the_escalation_and_digest_as_documented(seeded):
    """docs/reminders.md: no daily overdue reminder to the Chairman; escalation and digest cover the task."""
    from tests.reminders_fixtures import policy_at

    def about(when):
        return [n for n in policy_at(seeded, when) if n.item and n.item.ref == "II.2.b.1"]

    assert about(vn(2025, 10, 1)) == []  # first day overdue: no head to remind, the Chairman is not told daily
    assert [(n.kind, n.person.name, n.unassigned) for n in about(vn(2025, 10, 3))] == [("escalation", CHAIRMAN, True)]
    digest = next(n for n in policy_at(seeded, vn(2025, 10, 6, 7, 30)) if n.kind == "digest")
    assert "II.2.b.1" in [it.task.code for it in digest.digest.unassigned]


def test_a_sweep_pauses_the_garbage_collector_only_while_it_runs_even_when_it_fails(seeded):
    import gc

    from tests.reminders_fixtures import cfg
    from tracker.reminders.config import Delivery
    from tracker.reminders.sweep import gc_paused, prepare

    assert gc.isenabled()
    prepare(seeded, vn(2025, 10, 7), cfg(), Delivery())
    assert gc.isenabled()
    with pytest.raises(RuntimeError), gc_paused():
        assert not gc.isenabled()
        raise RuntimeError("boom")
    assert gc.isenabled()
