"""Channel settings from the environment: a malformed one is one Vietnamese line with exit 78 and nothing queued (the
daemon refuses it at start); the documented forms are accepted."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from tests.factories import outbox_rows

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
