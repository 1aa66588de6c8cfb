"""The [reminders] section of the TOML file, and the delivery settings from the environment.

Every rule of DESIGN.md "Escalation" is a field here with the documented default;
tracker.example.toml shows and explains each one. Secrets (SMTP password, bot
token) come only from the environment and are never part of a repr or a log line.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, fields
from datetime import time
from typing import Any

from tracker.errors import ConfigError

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


@dataclass(frozen=True)
class ReminderConfig:
    before_working_days: tuple[int, ...] = (7, 3, 1, 0)  # 0 = on the day of the deadline
    overdue_daily: bool = True  # a reminder to the head on every working day while overdue
    escalate_after_working_days: int = 1  # escalate once the item has been overdue this many full working days
    escalation_repeat_days: int = 7  # calendar days between repeats of an unacknowledged escalation
    escalate_to: tuple[str, ...] = ("chairman",)  # roles; add "vice_chairman" to copy the vice-chairman
    digest_weekday: int = 0  # Monday
    digest_time: time = time(7, 30)
    digest_horizon_days: int = 7  # "due within N days" in the digest (calendar days)
    work_start: time = time(7, 30)
    work_end: time = time(17, 0)
    catchup_max_late_working_days: int = 0  # a missed before-deadline slot is sent up to N working days late
    stale_lookback_days: int = 7  # missed slots this recent are recorded as 'skipped' (older: ignored)
    sweep_interval_seconds: int = 60
    max_attempts: int = 6  # transient failures before a row is marked failed
    backoff_base_seconds: int = 60  # 1, 2, 4, 8 ... minutes
    backoff_max_seconds: int = 3600
    lease_seconds: int = 300  # a 'sending' claim older than this is taken back (crashed process)
    batch_size: int = 500  # rows delivered per pass
    console_style: str = "full"  # full / compact

    @property
    def horizon_working_days(self) -> int:
        return max(self.before_working_days, default=0)


_TIME_KEYS = {"digest_time", "work_start", "work_end"}


def _parse_time(key: str, value: Any) -> time:
    if isinstance(value, time):
        return value
    if isinstance(value, str):
        try:
            hh, mm = value.strip().split(":")
            return time(int(hh), int(mm))
        except ValueError:
            pass
    raise ConfigError(f"[reminders] {key} phải là giờ dạng \"HH:MM\", ví dụ \"07:30\".")


def reminder_config(raw: dict[str, Any] | None = None) -> ReminderConfig:
    """Validate [reminders] (raw = the whole parsed TOML; None reads TRACKER_CONFIG / ./tracker.toml)."""
    if raw is None:
        from tracker.config import load_raw

        raw = load_raw()
    section = raw.get("reminders", {})
    if not isinstance(section, dict):
        raise ConfigError("[reminders] phải là một bảng TOML.")
    known = {f.name for f in fields(ReminderConfig)}
    unknown = set(section) - known
    if unknown:
        raise ConfigError(f"Khóa cấu hình không được hỗ trợ trong [reminders]: {', '.join(sorted(unknown))}")
    values: dict[str, Any] = {}
    for key, value in section.items():
        if key in _TIME_KEYS:
            values[key] = _parse_time(key, value)
        elif key == "before_working_days":
            if not isinstance(value, list) or not all(isinstance(v, int) and 0 <= v <= 60 for v in value):
                raise ConfigError("[reminders] before_working_days phải là danh sách số nguyên từ 0 đến 60.")
            values[key] = tuple(sorted(set(value), reverse=True))
        elif key == "escalate_to":
            if not isinstance(value, list) or not value or not set(value) <= {"chairman", "vice_chairman"}:
                raise ConfigError("[reminders] escalate_to chỉ nhận \"chairman\" và/hoặc \"vice_chairman\".")
            values[key] = tuple(value)
        elif key == "digest_weekday":
            if isinstance(value, str) and value.lower() in WEEKDAYS:
                values[key] = WEEKDAYS.index(value.lower())
            else:
                raise ConfigError("[reminders] digest_weekday phải là tên thứ tiếng Anh, ví dụ \"monday\".")
        elif key == "overdue_daily":
            if not isinstance(value, bool):
                raise ConfigError("[reminders] overdue_daily phải là true hoặc false.")
            values[key] = value
        elif key == "console_style":
            if value not in ("full", "compact"):
                raise ConfigError("[reminders] console_style phải là \"full\" hoặc \"compact\".")
            values[key] = value
        else:
            if not isinstance(value, int) or isinstance(value, bool) or value < 0:
                raise ConfigError(f"[reminders] {key} phải là số nguyên không âm.")
            values[key] = value
    cfg = ReminderConfig(**values)
    if cfg.work_end <= cfg.work_start:
        raise ConfigError("[reminders] work_end phải sau work_start.")
    if cfg.sweep_interval_seconds < 1 or cfg.max_attempts < 1 or cfg.escalation_repeat_days < 1:
        raise ConfigError("[reminders] sweep_interval_seconds, max_attempts và escalation_repeat_days phải ≥ 1.")
    return cfg


# ---------------------------------------------------------------- delivery (environment)


@dataclass(frozen=True)
class Delivery:
    """Which channels exist on this machine. Only presence is exposed outside; secrets stay here."""

    smtp_url: str | None = None
    mail_from: str = "tracker@localhost"
    telegram_token: str | None = None
    telegram_api_url: str | None = None
    telegram_proxy: str | None = None

    @property
    def email(self) -> bool:
        return bool(self.smtp_url)

    @property
    def telegram(self) -> bool:
        return bool(self.telegram_token)

    def __repr__(self) -> str:  # never show the URL (it may hold a password) or the token
        return f"Delivery(email={self.email}, telegram={self.telegram})"

    __str__ = __repr__

    @classmethod
    def console_only(cls) -> Delivery:
        return cls()


def delivery_from_env(environ: dict[str, str] | None = None) -> Delivery:
    env = os.environ if environ is None else environ
    return Delivery(
        smtp_url=env.get("TRACKER_SMTP_URL") or None,
        mail_from=env.get("TRACKER_MAIL_FROM") or "tracker@localhost",
        telegram_token=env.get("TRACKER_TELEGRAM_TOKEN") or None,
        telegram_api_url=env.get("TRACKER_TELEGRAM_API_URL") or None,
        telegram_proxy=env.get("TRACKER_TELEGRAM_PROXY") or None,
    )
