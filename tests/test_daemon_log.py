"""The daemon's log (`tracker run`, `tracker bot`): a library's line reaches it in Vietnamese or not at all, unless
TRACKER_LOG_LEVEL is DEBUG, which keeps the library's own words.

Real records where the library can be made to write them quickly: python-telegram-bot polling the fake Bot API
server while it answers 502, and httpx's request lines; records named like APScheduler's and asyncio's otherwise.
"""

from __future__ import annotations

import asyncio
import io
import logging
import re
from collections.abc import Iterator

import pytest

from tests.fake_bot_api import TOKEN, FakeBotApi
from tracker.liblog import log_handler, setup_logging

pytestmark = pytest.mark.slow  # PTB's real updater polling the fake Bot API server

LINE = re.compile(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d (TIN|CẢNH BÁO|LỖI|GỠ LỖI|NGHIÊM TRỌNG): (.*)$")


@pytest.fixture
def root_logging() -> Iterator[None]:
    """Whatever a test does to the root logger and the libraries' loggers is undone after it."""
    root = logging.getLogger()
    names = ("telegram", "httpx", "httpcore", "apscheduler", "asyncio", "aiosmtpd")
    saved = root.level, list(root.handlers), {n: logging.getLogger(n).level for n in names}
    yield
    root.setLevel(saved[0])
    root.handlers[:] = saved[1]
    for name, level in saved[2].items():
        logging.getLogger(name).setLevel(level)


def capture(level: str) -> io.StringIO:
    """The daemon's handler at this level on the root logger, writing into the returned buffer."""
    out = io.StringIO()
    root = logging.getLogger()
    root.addHandler(log_handler(level, out))
    root.setLevel(level)
    return out


def lines(out: io.StringIO) -> list[tuple[str, str]]:
    parsed = []
    for line in out.getvalue().splitlines():
        m = LINE.match(line)
        assert m, f"not a one-line log entry: {line!r}"
        parsed.append((m.group(1), m.group(2)))
    return parsed


async def poll_while_the_server_fails(api: FakeBotApi, out: io.StringIO, failures: int) -> None:
    """PTB's own updater with its default error callback, polling a server that answers 502 until `failures`
    lines are logged, then stopping while it still fails (PTB then cannot mark the updates it read)."""
    from telegram import Bot
    from telegram.ext import Updater

    bot = Bot(TOKEN, base_url=f"{api.url}/bot", base_file_url=f"{api.url}/file/bot")
    updater = Updater(bot, asyncio.Queue())
    await updater.initialize()
    api.fail_next(502, method="getUpdates", count=failures + 100)
    await updater.start_polling(poll_interval=0, timeout=0)
    logged = re.compile(r"Exception happened while polling for updates|Mất kết nối tới máy chủ Telegram")
    await asyncio.to_thread(api.wait_for, lambda: len(logged.findall(out.getvalue())) >= failures, 30.0)
    await updater.stop()
    await updater.shutdown()


def test_telegram_polling_errors_reach_the_log_in_vietnamese_and_httpx_lines_with_the_token_do_not(
        fake_api, root_logging):
    out = capture("INFO")
    asyncio.run(poll_while_the_server_fails(fake_api, out, failures=2))
    got = lines(out)
    assert got[:2] == [("LỖI", "Mất kết nối tới máy chủ Telegram, đang thử lại (NetworkError)")] * 2
    assert got[-1] == ("LỖI", "Không báo được cho Telegram các tin đã nhận trước khi dừng; lần chạy sau có thể "
                              "nhận lại vài tin (NetworkError)")
    assert set(got[2:-1]) <= {("LỖI", "Mất kết nối tới máy chủ Telegram, đang thử lại (NetworkError)")}
    assert TOKEN not in out.getvalue() and "HTTP" not in out.getvalue()


def test_at_debug_the_libraries_keep_their_own_words(fake_api, root_logging):
    out = capture("DEBUG")
    logging.getLogger("httpx").setLevel(logging.WARNING)  # as the daemon keeps it: its URLs hold the token
    asyncio.run(poll_while_the_server_fails(fake_api, out, failures=1))
    text = out.getvalue()
    assert "LỖI: Exception happened while polling for updates." in text
    assert "LỖI: Error while calling `get_updates` one more time" in text
    assert "Mất kết nối" not in text


@pytest.mark.parametrize("level", ["INFO", "WARNING", "ERROR"])
def test_a_library_line_without_a_vietnamese_wording_is_left_out_and_ours_pass_unchanged(level, root_logging):
    out = capture(level)
    for name in ("apscheduler.scheduler", "asyncio", "httpx", "aiosmtpd.smtp", "sqlalchemy.engine", "root"):
        logger = logging.getLogger(name) if name != "root" else logging.getLogger()
        logger.error("Something %s happened", "English")
        logger.warning("Added job %r to job store %r", "sweep", "default")
        logger.info("Scheduler started")
    logging.getLogger("tracker.daemon").error("Lượt nhắc việc lỗi: %s", "OperationalError")
    logging.getLogger("tracker").warning("Cảnh báo của chính chương trình")
    expected = [("LỖI", "Lượt nhắc việc lỗi: OperationalError")]
    if level != "ERROR":
        expected.append(("CẢNH BÁO", "Cảnh báo của chính chương trình"))
    assert lines(out) == expected


def test_the_scheduler_lines_the_officer_needs_are_in_vietnamese(root_logging):
    out = capture("INFO")
    executors = logging.getLogger("apscheduler.executors.default")
    scheduler = logging.getLogger("apscheduler.scheduler")
    # APScheduler 3.11's own calls and wording.
    scheduler.warning('Execution of job "%s" skipped: maximum number of running instances reached (%d)',
                      "sweep (trigger: interval[0:01:00], next run at: 2025-10-02 08:01:00 +07)", 1)
    executors.warning('Run time of job "%s" was missed by %s', "digest (trigger: cron[day_of_week='mon'])",
                      "0:05:00")
    try:
        raise RuntimeError("database is locked")
    except RuntimeError:
        executors.exception('Job "%s" raised an exception', "sweep")
    assert lines(out) == [
        ("CẢNH BÁO", "Bỏ qua một lượt chạy theo lịch vì lượt trước chưa xong"),
        ("CẢNH BÁO", "Một lượt chạy theo lịch bị lỡ giờ (máy bận hoặc tạm dừng); lượt sau vẫn chạy"),
        ("LỖI", "Một việc chạy theo lịch gặp lỗi (RuntimeError)"),
    ]


def test_setup_logging_puts_the_filtering_handler_on_the_root_logger(monkeypatch, root_logging, capsys):
    monkeypatch.setenv("TRACKER_LOG_LEVEL", "info")
    setup_logging()
    logging.getLogger("telegram.ext.Updater").error("Exception happened while polling for updates.")
    logging.getLogger("httpx").info("HTTP Request: POST https://api.telegram.org/bot%s/getUpdates", TOKEN)
    logging.getLogger("apscheduler.scheduler").info("Scheduler started")
    err = capsys.readouterr().err
    assert err.endswith(" LỖI: Mất kết nối tới máy chủ Telegram, đang thử lại\n") and err.count("\n") == 1
