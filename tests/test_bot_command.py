"""`tracker bot`: without a token it fails with 78 and never says it is running; its log uses Vietnamese levels like
the daemon's; an unknown log level is a configuration error."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow  # runs `tracker bot` as a process polling the fake Bot API server

ROOT = Path(__file__).resolve().parent.parent


def test_tracker_bot_without_a_token_fails_with_78_and_never_says_it_is_running(run_cli, monkeypatch, engine):
    monkeypatch.delenv("TRACKER_TELEGRAM_TOKEN", raising=False)
    res = run_cli("bot")
    assert res.exit_code == 78, res.output
    assert "đang chạy" not in res.output and res.stderr.strip().splitlines() == [
        "Lỗi: Chưa đặt TRACKER_TELEGRAM_TOKEN: bot Telegram không thể chạy."]


def test_tracker_bot_logs_vietnamese_levels_like_the_daemon(people, telegram_env, db_url):
    proc = subprocess.Popen([sys.executable, str(ROOT / "cli.py"), "bot"],
                            env={**os.environ, "TRACKER_DB": db_url, "TRACKER_LOG_LEVEL": "info"},
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        telegram_env.wait_for(lambda: any(m == "getUpdates" for m, _ in telegram_env.calls), timeout=30)
    finally:
        proc.send_signal(signal.SIGTERM)
        _out, err = proc.communicate(timeout=30)
    assert proc.returncode == 0, err
    lines = err.splitlines()
    assert "Bot Telegram đang chạy (Ctrl+C để dừng)." in lines
    assert any(re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d TIN: Bot Telegram đang nhận tin \(polling\)", x)
               for x in lines), err
    assert not any(re.search(r" (INFO|WARNING|ERROR) ", x) for x in lines), err


def test_an_unknown_log_level_is_a_configuration_error(people, telegram_env, db_url):
    res = subprocess.run([sys.executable, str(ROOT / "cli.py"), "bot"],
                         env={**os.environ, "TRACKER_DB": db_url, "TRACKER_LOG_LEVEL": "LOUD"},
                         capture_output=True, text=True, timeout=60, check=False)
    assert res.returncode == 78, res.stderr
    assert res.stderr.strip() == "Lỗi: TRACKER_LOG_LEVEL phải là một trong DEBUG, INFO, WARNING, ERROR."
    assert not any(m == "getUpdates" for m, _ in telegram_env.calls)
