"""The daemon's Vietnamese log (`tracker run`, `tracker bot`), and what the libraries log, as it shows it.

The IT officer reads that log: one Vietnamese line per event. python-telegram-bot, httpx, APScheduler, asyncio
and the rest log in English, some of it with the bot's token in a URL. So, unless TRACKER_LOG_LEVEL is DEBUG
(then a record stays as the library wrote it, for whoever is debugging), a library's record becomes the
Vietnamese line below that says what the officer needs to know, or is left out. Our own lines (loggers
"tracker…") already say what happened in Vietnamese and pass unchanged. Standard library only: the CLI's
start-up must not pay for it.
"""

from __future__ import annotations

import logging
import os
import re
from typing import IO

from tracker.errors import ConfigError

# The records worth a line, as (logger, pattern of the message as the library formats it, Vietnamese line).
# A logger matches itself and its children ("telegram" matches "telegram.ext.Updater"). When the record carries an
# exception, its class name is added in brackets, as in our own lines (e.g. "… (NetworkError)").
LIBRARY_LINES: tuple[tuple[str, re.Pattern[str], str], ...] = (
    # python-telegram-bot 22: getUpdates failed (network down, proxy down, Bot API server error); polling goes on.
    ("telegram", re.compile(r"^Exception happened while polling for updates"),
     "Mất kết nối tới máy chủ Telegram, đang thử lại"),
    ("telegram", re.compile(r"^Network Retry Loop \(.*\):.*Invalid token"),
     "Telegram từ chối mã bot (TRACKER_TELEGRAM_TOKEN không hợp lệ)"),
    ("telegram", re.compile(r"^Network Retry Loop \(.*\):.*Aborting"),
     "Không kết nối được máy chủ Telegram sau số lần thử cho phép"),
    # On stopping, the bot tells Telegram which updates it has read; without a connection it cannot.
    ("telegram", re.compile(r"^Error while calling `get_updates` one more time"),
     "Không báo được cho Telegram các tin đã nhận trước khi dừng; lần chạy sau có thể nhận lại vài tin"),
    ("telegram", re.compile(r"^Rate limit hit\. Retrying after"),
     "Telegram yêu cầu gửi chậm lại; đang chờ rồi gửi tiếp"),
    ("telegram", re.compile(r"^Rate limit hit after maximum of"),
     "Telegram vẫn yêu cầu gửi chậm lại sau nhiều lần chờ; tin này chưa gửi được"),
    # APScheduler 3: the job only starts a sweep, so a skipped or missed run is caught up by the next one.
    ("apscheduler", re.compile(r"^Execution of job .* skipped: maximum number of running instances reached"),
     "Bỏ qua một lượt chạy theo lịch vì lượt trước chưa xong"),
    ("apscheduler", re.compile(r"^Run time of job .* was missed by"),
     "Một lượt chạy theo lịch bị lỡ giờ (máy bận hoặc tạm dừng); lượt sau vẫn chạy"),
    ("apscheduler", re.compile(r"^Job .* raised an exception"),
     "Một việc chạy theo lịch gặp lỗi"),
)

# Set by LibraryLines on a record it lets through in Vietnamese; the formatter prints it instead of the message.
VIETNAMESE = "tracker_vietnamese"


def is_library(record: logging.LogRecord) -> bool:
    return not (record.name == "tracker" or record.name.startswith("tracker."))


def vietnamese(record: logging.LogRecord) -> str | None:
    """The Vietnamese line for a library's record, or None when it has none (leave it out)."""
    try:
        message = record.getMessage()
    except Exception:  # a library's own formatting mistake: nothing to show
        return None
    for logger, pattern, text in LIBRARY_LINES:
        if (record.name == logger or record.name.startswith(logger + ".")) and pattern.search(message):
            exc = record.exc_info[1] if record.exc_info else None
            return f"{text} ({exc.__class__.__name__})" if exc is not None else text
    return None


class LibraryLines(logging.Filter):
    """A handler's filter: library records in Vietnamese or not at all; with keep_original (DEBUG) as they are."""

    def __init__(self, *, keep_original: bool) -> None:
        super().__init__()
        self.keep_original = keep_original

    def filter(self, record: logging.LogRecord) -> bool:
        if self.keep_original or not is_library(record):
            return True
        text = vietnamese(record)
        if text is None:
            return False
        setattr(record, VIETNAMESE, text)
        return True


# ---------------------------------------------------------------- the daemon's log


LEVELS_VI = {"DEBUG": "GỠ LỖI", "INFO": "TIN", "WARNING": "CẢNH BÁO", "ERROR": "LỖI", "CRITICAL": "NGHIÊM TRỌNG"}


class VietnameseFormatter(logging.Formatter):
    """One line per event for the IT officer: date, Vietnamese level, message (no logger name, no traceback)."""

    def __init__(self) -> None:
        super().__init__("%(asctime)s %(levelname)s: %(message)s", datefmt="%Y-%m-%d %H:%M:%S")

    def format(self, record: logging.LogRecord) -> str:
        record = logging.makeLogRecord(record.__dict__)
        record.levelname = LEVELS_VI.get(record.levelname, record.levelname)
        text = getattr(record, VIETNAMESE, None)  # a library's record, worded by LibraryLines
        if text is not None:
            record.msg, record.args = text, None
        record.exc_info = record.exc_text = None  # tracebacks only at DEBUG level, never on the one-line log
        return super().format(record).replace("\n", " ")


LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR")


def setup_logging() -> None:
    """The one-line Vietnamese log of `tracker run` and `tracker bot`; level from TRACKER_LOG_LEVEL (default INFO)."""
    level = (os.environ.get("TRACKER_LOG_LEVEL") or "INFO").strip().upper()
    if level not in LOG_LEVELS:
        raise ConfigError(f"TRACKER_LOG_LEVEL phải là một trong {', '.join(LOG_LEVELS)}.")
    logging.basicConfig(level=level, handlers=[log_handler(level)], force=True)
    # httpx logs every request's URL, which holds the bot's token, at INFO: never below WARNING, even at DEBUG.
    # APScheduler logs every run of every job at INFO, none of it for the officer (tracker.liblog).
    logging.getLogger("httpx").setLevel(logging.WARNING)
    logging.getLogger("httpcore").setLevel(logging.WARNING)
    logging.getLogger("apscheduler").setLevel(logging.NOTSET if level == "DEBUG" else logging.WARNING)


def log_handler(level: str, stream: IO[str] | None = None) -> logging.Handler:
    """The handler of that log (stderr by default): Vietnamese lines; a library's record in Vietnamese or left out
    (tracker.liblog), unless the level is DEBUG, which keeps the library's own words."""
    handler = logging.StreamHandler(stream)
    handler.setFormatter(VietnameseFormatter())
    handler.addFilter(LibraryLines(keep_original=level == "DEBUG"))
    return handler
