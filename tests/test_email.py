"""The e-mail channel against a real aiosmtpd server on 127.0.0.1."""

from __future__ import annotations

import json
import logging
from datetime import timedelta

import pytest

from tests.factories import (
    CHAIRMAN,
    VP_HEAD,
    SmtpServer,
    add_person,
    cfg,
    email_delivery,
    free_port,
    outbox_rows,
    set_email,
    sweep_at,
    vn,
)

HOA = "hoa@camhiep.example.invalid"
BOSS = "chutich@camhiep.example.invalid"
OCT_2 = vn(2025, 10, 2)


@pytest.fixture
def mail_people(seeded):
    add_person(seeded, VP_HEAD, unit="VP", email_addr=HOA)
    set_email(seeded, CHAIRMAN, BOSS)
    return seeded


def test_reminders_arrive_by_email_with_text_and_html_parts_and_a_correct_vietnamese_subject(mail_people, smtp_server):
    swept = sweep_at(mail_people, OCT_2, delivery=email_delivery(smtp_server))
    rows = {r.key: r for r in outbox_rows(mail_people)}
    assert swept.result.delivery.sent == len(rows) == len(smtp_server.received) > 0
    got = next(r for r in smtp_server.received if r.rcpt == [HOA] and "II.2.b.1" in str(r.message["Subject"]))
    assert str(got.message["Subject"]) == "[Quá hạn] II.2.b.1: quá hạn 2 ngày làm việc (hạn 30/09/2025)"
    assert got.message["Subject"] == rows[got.key].subject
    assert str(got.message["To"]) == f"{VP_HEAD} <{HOA}>"
    text = got.message.get_body(preferencelist=("plain",)).get_content()
    html = got.message.get_body(preferencelist=("html",)).get_content()
    assert "Hoàn thành trong Quý III năm 2025" in text and "/xong II.2.b.1" in text and "tracker " not in text
    assert "<table" in html and "Văn phòng HĐND và UBND xã" in html
    assert all(r.channel == "email" and r.status == "sent" for r in rows.values())
    assert rows[got.key].external_id == str(got.message["Message-ID"])


def test_the_subject_is_rfc2047_encoded_on_the_wire(mail_people, smtp_server):
    sweep_at(mail_people, OCT_2, delivery=email_delivery(smtp_server))
    raw = smtp_server.received[0].message.as_bytes()
    subject_line = next(ln for ln in raw.split(b"\n") if ln.lower().startswith(b"subject:"))
    assert subject_line.isascii() and b"=?utf-8?" in subject_line.lower()


def test_a_batch_uses_one_smtp_connection(mail_people, smtp_server):
    sweep_at(mail_people, OCT_2, delivery=email_delivery(smtp_server))
    assert len(smtp_server.received) >= 5
    assert smtp_server.connections == 1


def test_the_weekly_digest_email_has_an_html_table(mail_people, smtp_server):
    sweep_at(mail_people, vn(2025, 10, 6, 7, 30), delivery=email_delivery(smtp_server))
    digest = next(r for r in smtp_server.received if r.rcpt == [BOSS] and "Tổng hợp tuần" in str(r.message["Subject"]))
    html = digest.message.get_body(preferencelist=("html",)).get_content()
    assert html.count("<table") >= 2 and "<th>Hạn</th>" in html and "II.2.b.1" in html
    assert "Nhiệm vụ quá hạn" in digest.message.get_body(preferencelist=("plain",)).get_content()


def test_a_451_is_retried_with_backoff_and_then_delivered(mail_people, smtp_server, caplog):
    caplog.set_level(logging.INFO, logger="tracker.reminders")
    smtp_server.answers[HOA] = ["451 4.3.0 Mailbox busy, try later"]
    first = sweep_at(mail_people, OCT_2, delivery=email_delivery(smtp_server))
    assert first.result.delivery.retried == 1
    row = next(r for r in outbox_rows(mail_people) if r.address == HOA and r.status == "pending")
    assert row.attempts == 1 and "451" in row.last_error
    assert row.next_attempt_at == OCT_2 + timedelta(seconds=60)
    # The IT officer's log line is Vietnamese, one line per event.
    assert f"Thử lại {row.key} sau 60 giây (lần 1): SMTP 451" in caplog.text
    early = sweep_at(mail_people, OCT_2 + timedelta(seconds=30), delivery=email_delivery(smtp_server))
    assert early.result.delivery.sent == 0
    later = sweep_at(mail_people, OCT_2 + timedelta(minutes=2), delivery=email_delivery(smtp_server))
    assert later.result.delivery.sent == 1
    row = next(r for r in outbox_rows(mail_people) if r.id == row.id)
    assert row.status == "sent" and row.attempts == 2 and row.last_error is None
    assert f"Đã gửi nhắc quá hạn {row.key} → {VP_HEAD} (thư điện tử)" in caplog.text
    assert sorted(smtp_server.keys) == sorted(r.key for r in outbox_rows(mail_people))


def test_a_transient_error_gives_up_after_max_attempts(mail_people, smtp_server):
    smtp_server.answers[HOA] = ["451 4.3.0 try later"] * 40  # more than 2 attempts of each message to her
    config = cfg(console_style="compact", max_attempts=2)
    sweep_at(mail_people, OCT_2, config, email_delivery(smtp_server))
    sweep_at(mail_people, OCT_2 + timedelta(minutes=5), config, email_delivery(smtp_server))
    to_hoa = [r for r in outbox_rows(mail_people) if r.address == HOA]
    assert to_hoa and all(r.status == "failed" and r.attempts == 2 and "451" in r.last_error for r in to_hoa)
    assert len(smtp_server.answers[HOA]) == 40 - 2 * len(to_hoa)  # each refused twice, then no third attempt


def test_a_550_is_recorded_as_failed_listed_by_outbox_list_failed_and_shown_in_the_digest(
        mail_people, smtp_server, run_cli):
    smtp_server.answers[HOA] = ["550 5.1.1 No such user"] * 3
    swept = sweep_at(mail_people, OCT_2, delivery=email_delivery(smtp_server))
    assert swept.result.delivery.failed >= 1
    failed = [r for r in outbox_rows(mail_people) if r.status == "failed"]
    assert failed and all(r.address == HOA and "550" in r.last_error and r.attempts == 1 for r in failed)
    listed = json.loads(run_cli("outbox", "list", "--failed", "--json").stdout)
    assert {row["id"] for row in listed} == {r.id for r in failed}
    assert all(row["recipient"] == VP_HEAD and row["status"] == "failed" for row in listed)
    text = run_cli("outbox", "list", "--failed").stdout
    assert "lỗi" in text and VP_HEAD in text and "550" in text
    # Not retried by later sweeps.
    later = sweep_at(mail_people, OCT_2 + timedelta(hours=2), delivery=email_delivery(smtp_server))
    assert later.result.delivery.sent == 0 and later.result.delivery.retried == 0
    digest = run_cli("digest", "--at", "2025-10-06 07:30").stdout
    assert "Thông báo gửi không thành công: " + str(len(failed)) in digest and "550" in digest


def test_outbox_retry_sends_a_failed_message_again_once_the_address_works(mail_people, smtp_server, run_cli,
                                                                          monkeypatch):
    smtp_server.answers[HOA] = ["550 5.1.1 No such user"]
    sweep_at(mail_people, OCT_2, delivery=email_delivery(smtp_server))
    failed = next(r for r in outbox_rows(mail_people) if r.status == "failed")
    monkeypatch.setenv("TRACKER_SMTP_URL", smtp_server.url)
    res = run_cli("outbox", "retry", str(failed.id))
    assert res.exit_code == 0, res.output
    assert res.stdout.strip() == f"Đã gửi lại thông báo {failed.id}."
    assert next(r for r in outbox_rows(mail_people) if r.id == failed.id).status == "sent"
    again = run_cli("outbox", "retry", str(failed.id))
    assert again.exit_code == 1 and "đã gửi, không cần gửi lại" in again.stderr
    missing = run_cli("outbox", "retry", "99999")
    assert missing.exit_code == 1 and "Không có thông báo ID 99999" in missing.stderr


def test_authentication_works_and_the_password_never_reaches_logs_or_the_outbox(mail_people, smtp_server, caplog):
    caplog.set_level(logging.DEBUG)
    ok = email_delivery(smtp_server, f"smtp://tracker:s3cr3t-Pa55@127.0.0.1:{smtp_server.port}")
    sweep_at(mail_people, OCT_2, delivery=ok)
    assert smtp_server.logins == ["tracker"] and len(smtp_server.received) > 0
    bad = email_delivery(smtp_server, f"smtp://tracker:wr0ng-Pa55@127.0.0.1:{smtp_server.port}")
    swept = sweep_at(mail_people, vn(2025, 10, 3), delivery=bad)
    assert swept.result.delivery.retried > 0 and len(smtp_server.logins) == 2  # one login attempt per batch
    stored = " ".join(f"{r.last_error} {r.address}" for r in outbox_rows(mail_people))
    assert "SMTP 535: đăng nhập máy chủ thư thất bại" in stored
    for secret in ("s3cr3t-Pa55", "wr0ng-Pa55"):
        assert secret not in caplog.text and secret not in stored
        assert secret not in repr(ok) and secret not in repr(bad)


def test_a_malformed_smtp_url_is_a_vietnamese_configuration_error():
    from tracker.channels.email.transport import EmailChannel
    from tracker.errors import ConfigError

    with pytest.raises(ConfigError, match="TRACKER_SMTP_URL không hợp lệ"):
        EmailChannel("http://mail.example.vn")


def test_retries_wait_for_working_hours_and_a_daily_message_is_not_retried_the_next_day(mail_people, smtp_server):
    smtp_server.answers[HOA] = ["451 4.3.0 try later"] * 40  # every message to her waits (one attempt each)
    late = vn(2025, 10, 2, 16, 58)
    sweep_at(mail_people, late, delivery=email_delivery(smtp_server))
    waiting = {r.id for r in outbox_rows(mail_people) if r.status == "pending"}
    assert waiting and waiting == {r.id for r in outbox_rows(mail_people) if r.address == HOA}
    evening = sweep_at(mail_people, vn(2025, 10, 2, 17, 30), delivery=email_delivery(smtp_server))
    assert evening.result.delivery.sent == 0 and evening.result.delivery.retried == 0
    assert {r.id for r in outbox_rows(mail_people) if r.status == "pending"} == waiting
    smtp_server.answers[HOA] = []
    morning = sweep_at(mail_people, vn(2025, 10, 3, 8), delivery=email_delivery(smtp_server))
    old = [r for r in outbox_rows(mail_people) if r.id in waiting]
    assert {r.status for r in old if r.kind == "overdue"} == {"skipped"}
    assert all("quá ngày gửi" in r.last_error for r in old if r.kind == "overdue")
    assert any(r.kind == "digest" and r.status == "sent" for r in old)  # the week's digest is still worth sending
    assert any("[Quá hạn] II.2.b.1: quá hạn 3 ngày" in str(r.message["Subject"]) for r in smtp_server.received)
    assert morning.result.delivery.sent > 0


@pytest.fixture
def queued_while_the_server_was_down(mail_people):
    """E-mails the daemon could not hand to its SMTP server (connection refused): pending, waiting to retry."""
    down = email_delivery(SmtpServer(port=free_port()))
    swept = sweep_at(mail_people, OCT_2, delivery=down)
    assert swept.result.delivery.retried > 0 and swept.result.delivery.sent == 0
    queued = {r.id: (r.status, r.attempts, r.next_attempt_at, r.last_error)
              for r in outbox_rows(mail_people) if r.channel == "email"}
    assert queued and {s for s, *_ in queued.values()} == {"pending"}
    return queued


def test_remind_run_without_the_smtp_setting_leaves_queued_emails_to_the_process_that_has_it(
        mail_people, queued_while_the_server_was_down, smtp_server, run_cli, monkeypatch):
    import time_machine

    queued = queued_while_the_server_was_down
    monkeypatch.delenv("TRACKER_SMTP_URL", raising=False)
    with time_machine.travel(OCT_2 + timedelta(minutes=5), tick=False):  # the retries are due
        res = run_cli("remind", "run")
        assert res.exit_code == 0, res.output
        as_json = run_cli("remind", "run", "--json")
    n = len(queued)
    assert (f"Để lại {n} thư điện tử cho tiến trình có cấu hình kênh này (chưa đặt TRACKER_SMTP_URL)."
            in res.stdout.splitlines())
    assert json.loads(as_json.stdout)["delivery"]["left"] == [
        {"channel": "email", "count": n, "setting": "TRACKER_SMTP_URL",
         "message": f"Để lại {n} thư điện tử cho tiến trình có cấu hình kênh này (chưa đặt TRACKER_SMTP_URL)."}]
    # Untouched: not marked sent, no attempt counted, no new retry time.
    rows = {r.id: r for r in outbox_rows(mail_people)}
    assert {i: (rows[i].status, rows[i].attempts, rows[i].next_attempt_at, rows[i].last_error)
            for i in queued} == queued
    # The process that has the setting sends each of them, once.
    monkeypatch.setenv("TRACKER_SMTP_URL", smtp_server.url)
    monkeypatch.setenv("TRACKER_MAIL_FROM", "tracker@camhiep.example.invalid")
    with time_machine.travel(OCT_2 + timedelta(minutes=6), tick=False):
        daemon = run_cli("remind", "run")
    assert daemon.exit_code == 0, daemon.output
    assert "Để lại" not in daemon.stdout
    rows = {r.id: r for r in outbox_rows(mail_people)}
    assert {rows[i].status for i in queued} == {"sent"}
    assert sorted(smtp_server.keys) == sorted(rows[i].key for i in queued)


def test_outbox_retry_refuses_an_email_when_this_shell_has_no_smtp_setting(
        mail_people, queued_while_the_server_was_down, run_cli, monkeypatch):
    queued = queued_while_the_server_was_down
    row_id = min(queued)
    monkeypatch.delenv("TRACKER_SMTP_URL", raising=False)
    res = run_cli("outbox", "retry", str(row_id))
    assert res.exit_code == 1 and res.stdout == ""
    assert res.stderr == (f"Lỗi: Không gửi lại thông báo {row_id} từ đây: kênh thư điện tử chưa được cấu hình trong "
                          "môi trường này (chưa đặt TRACKER_SMTP_URL). Chạy lại lệnh với cùng cấu hình như dịch vụ "
                          "«tracker run».\n")
    row = next(r for r in outbox_rows(mail_people) if r.id == row_id)
    assert (row.status, row.attempts, row.next_attempt_at, row.last_error) == queued[row_id]


def test_a_shell_without_the_smtp_setting_queues_emails_for_the_daemon_and_prints_no_console_copy(
        mail_people, run_cli, monkeypatch):
    import time_machine

    add_person(mail_people, "Lê Văn Không Địa Chỉ", unit="KT")
    monkeypatch.delenv("TRACKER_SMTP_URL", raising=False)
    with time_machine.travel(OCT_2, tick=False):
        res = run_cli("remind", "run")
    assert res.exit_code == 0, res.output
    rows = outbox_rows(mail_people)
    by_person = {(r.address, r.channel, r.status) for r in rows}
    # The head and the Chairman have addresses: their e-mails wait for the process that can send them.
    assert (HOA, "email", "pending") in by_person and (BOSS, "email", "pending") in by_person
    assert not [r for r in rows if r.channel == "console" and r.address in (HOA, BOSS, VP_HEAD, CHAIRMAN)]
    # Someone with no address at all still reaches the console (a new install without any account works).
    assert {r.status for r in rows if r.channel == "console"} <= {"sent"}
    assert f"Gửi: {VP_HEAD}" not in res.stdout and "Để lại" in res.stdout
