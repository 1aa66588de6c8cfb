"""The [reminders] section of the TOML file, and the delivery settings from the environment.

Every escalation rule is a key of ReminderConfig with its documented default;
tracker.example.toml shows and explains each one. Secrets (SMTP password, bot
token) come only from the environment and are never part of a repr or a log line.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import time
from typing import Annotated, Any, Literal

from pydantic import Field, ValidationInfo, field_validator, model_validator

from tracker.configmodel import Allowed, Table, as_tuple, from_file, rule_broken
from tracker.errors import ConfigError

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
BEFORE_DAYS_MAX = 60
# A claim older than the lease is taken back and sent again by another process, so the lease must outlast
# one send with room to spare: an SMTP step may wait 30 s (the e-mail channel's timeout), a Telegram part
# up to ~31 s (10 s connect, write and read each) plus the 1 s per-chat spacing. A message sent in parts
# renews its claim after each part, so one part, not the whole message, has to fit. 120 s is four SMTP
# timeouts.
LEASE_WHY = ("thời gian giữ chỗ phải dài hơn hẳn một lần gửi (máy chủ thư được chờ tới 30 giây mỗi bước), "
             "nếu không tiến trình khác sẽ lấy lại và gửi trùng thông báo đang gửi dở.")
_CLOCK = Allowed('giờ dạng "HH:MM", ví dụ "07:30"')


# Every integer has a range: wide enough for any real commune, narrow enough that date arithmetic (timedelta,
# working-day counts) cannot overflow and a typo cannot stall the daemon. README lists them.
class ReminderConfig(Table):
    """The [reminders] table: every rule of the escalation design is a key here with its documented default;
    tracker.example.toml shows and explains each one."""

    # 0 = on the day of the deadline; stored without repeats, furthest first.
    before_working_days: tuple[Annotated[int, Field(ge=0, le=BEFORE_DAYS_MAX)], ...] = (7, 3, 1, 0)
    overdue_daily: bool = True  # a reminder to the head on every working day while overdue
    # escalate once the item has been overdue this many full working days
    escalate_after_working_days: Annotated[int, Field(ge=0, le=60)] = 1
    # calendar days between repeats of an unacknowledged escalation
    escalation_repeat_days: Annotated[int, Field(ge=1, le=365)] = 7
    # roles; add "vice_chairman" to copy the vice-chairman
    escalate_to: Annotated[tuple[Literal["chairman", "vice_chairman"], ...], Field(min_length=1)] = ("chairman",)
    # 0 = Monday in the program, a name in the file (a number there would be ambiguous: ISO says 1 is Monday)
    digest_weekday: Annotated[int, Field(ge=0, le=6), Allowed('tên thứ tiếng Anh, ví dụ "monday"')] = 0
    digest_time: Annotated[time, _CLOCK] = time(7, 30)
    # "due within N days" in the digest (calendar days)
    digest_horizon_days: Annotated[int, Field(ge=0, le=90)] = 7
    work_start: Annotated[time, _CLOCK] = time(7, 30)
    work_end: Annotated[time, _CLOCK] = time(17, 0)
    # a missed before-deadline slot is sent up to N working days late
    catchup_max_late_working_days: Annotated[int, Field(ge=0, le=30)] = 0
    # missed slots this recent are recorded as 'skipped' (older: ignored)
    stale_lookback_days: Annotated[int, Field(ge=0, le=90)] = 7
    sweep_interval_seconds: Annotated[int, Field(ge=1, le=3600)] = 60
    max_attempts: Annotated[int, Field(ge=1, le=100)] = 6  # transient failures before a row is marked failed
    backoff_base_seconds: Annotated[int, Field(ge=1, le=86_400)] = 60  # 1, 2, 4, 8 ... minutes
    backoff_max_seconds: Annotated[int, Field(ge=1, le=7 * 86_400)] = 3600
    # a 'sending' claim older than this is taken back (crashed process); see LEASE_WHY for the minimum
    lease_seconds: Annotated[int, Field(ge=120, le=86_400), Allowed(why=LEASE_WHY)] = 300
    batch_size: Annotated[int, Field(ge=1, le=10_000)] = 500  # rows delivered per pass
    console_style: Literal["full", "compact"] = "full"

    @property
    def horizon_working_days(self) -> int:
        return max(self.before_working_days, default=0)

    _tuples = field_validator("before_working_days", "escalate_to", mode="before")(as_tuple)

    @field_validator("before_working_days")
    @classmethod
    def _furthest_first(cls, days: tuple[int, ...]) -> tuple[int, ...]:
        return tuple(sorted(set(days), reverse=True))

    @field_validator("escalate_to")
    @classmethod
    def _once_each(cls, roles: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(dict.fromkeys(roles))

    @field_validator("digest_time", "work_start", "work_end", mode="before")
    @classmethod
    def _clock(cls, value: Any) -> Any:
        """"07:30" (or a TOML time, 07:30:00); anything else is left for the type check to refuse."""
        if isinstance(value, str):
            try:
                hh, mm = value.strip().split(":")
                return time(int(hh), int(mm))
            except ValueError:
                pass
        return value

    @field_validator("digest_weekday", mode="before")
    @classmethod
    def _weekday(cls, value: Any, info: ValidationInfo) -> Any:
        if isinstance(value, str) and value.lower() in WEEKDAYS:
            return WEEKDAYS.index(value.lower())
        if from_file(info):
            raise ValueError("a weekday name")
        return value

    @model_validator(mode="after")
    def _rules(self) -> ReminderConfig:
        if self.work_end <= self.work_start:
            raise rule_broken("work_end phải sau work_start")
        if self.backoff_max_seconds < self.backoff_base_seconds:
            raise rule_broken("backoff_max_seconds không được nhỏ hơn backoff_base_seconds")
        return self


def reminder_config(raw: dict[str, Any] | None = None) -> ReminderConfig:
    """[reminders] of the whole file, validated (raw = the parsed TOML; None reads TRACKER_CONFIG / ./tracker.toml)."""
    from tracker.config import load_config

    return load_config(raw).reminders


# ---------------------------------------------------------------- delivery (environment)


@dataclass(frozen=True)
class Delivery:
    """Which channels exist on this machine. Only presence is exposed outside; secrets stay here."""

    smtp_url: str | None = None
    mail_from: str = "tracker@localhost"
    telegram_token: str | None = None
    telegram_api_url: str | None = None
    telegram_proxy: str | None = None
    # The demo: every message to the console, whatever addresses people have (nothing leaves the machine).
    console_for_all: bool = False

    @property
    def email(self) -> bool:
        return bool(self.smtp_url)

    @property
    def telegram(self) -> bool:
        return bool(self.telegram_token)

    @property
    def channels(self) -> frozenset[str]:
        """The channels this process can deliver through; the console is always there."""
        return frozenset(n for n, on in (("console", True), ("email", self.email), ("telegram", self.telegram)) if on)

    def __repr__(self) -> str:  # never show the URL (it may hold a password) or the token
        return f"Delivery(email={self.email}, telegram={self.telegram})"

    __str__ = __repr__

    @classmethod
    def console_only(cls) -> Delivery:
        return cls(console_for_all=True)


# The environment variable that turns each channel on: named when a process leaves rows it cannot send.
CHANNEL_SETTINGS = {"email": "TRACKER_SMTP_URL", "telegram": "TRACKER_TELEGRAM_TOKEN"}


def delivery_from_env(environ: dict[str, str] | None = None) -> Delivery:
    env = os.environ if environ is None else environ
    return Delivery(
        smtp_url=env.get("TRACKER_SMTP_URL") or None,
        mail_from=env.get("TRACKER_MAIL_FROM") or "tracker@localhost",
        telegram_token=env.get("TRACKER_TELEGRAM_TOKEN") or None,
        telegram_api_url=env.get("TRACKER_TELEGRAM_API_URL") or None,
        telegram_proxy=env.get("TRACKER_TELEGRAM_PROXY") or None,
    )


_SMTP_HELP = ("dùng smtp://máy:cổng, smtp://tên:mật-khẩu@máy:587?starttls=1 "
              "hoặc smtps://tên:mật-khẩu@máy:465")
_FLAG_VALUES = {"1", "0", "true", "false", "yes", "no"}
_MAIL_RE = r"[^@\s<>\",;]+@[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?"


def _url_parts(value: str, what: str, schemes: tuple[str, ...], help_text: str) -> Any:
    """urlsplit() with the scheme, host and port checked; messages never repeat the value (it may hold a password)."""
    from urllib.parse import urlsplit

    try:
        parts = urlsplit(value.strip())
        port = parts.port
    except ValueError:
        raise ConfigError(f"{what} có cổng không hợp lệ (cần số từ 1 đến 65535): {help_text}.") from None
    if parts.scheme.lower() not in schemes:
        shown = parts.scheme.lower() or "(không có)"
        raise ConfigError(f"{what} không hợp lệ: giao thức «{shown}» không được hỗ trợ; {help_text}.")
    if not parts.hostname:
        raise ConfigError(f"{what} không hợp lệ: thiếu tên máy chủ; {help_text}.")
    if port == 0 or (parts.netloc.endswith(":") and port is None):
        raise ConfigError(f"{what} có cổng không hợp lệ (cần số từ 1 đến 65535): {help_text}.")
    return parts


def validate_delivery(delivery: Delivery) -> Delivery:
    """Refuse a malformed channel setting at once (ConfigError, one Vietnamese line, no secret in it),
    rather than queueing rows that would retry forever. Checked whether or not anyone has an address yet."""
    import re
    from urllib.parse import parse_qs

    if delivery.smtp_url is not None:
        parts = _url_parts(delivery.smtp_url, "TRACKER_SMTP_URL", ("smtp", "smtps"), _SMTP_HELP)
        try:
            query = parse_qs(parts.query, keep_blank_values=True, strict_parsing=bool(parts.query))
        except ValueError:
            raise ConfigError(f"TRACKER_SMTP_URL có tham số không hợp lệ; {_SMTP_HELP}.") from None
        unknown = sorted(set(query) - {"starttls"})
        if unknown:
            raise ConfigError(f"TRACKER_SMTP_URL có tham số không được hỗ trợ: {', '.join(unknown)} "
                              "(chỉ nhận starttls=1 hoặc starttls=0).")
        flag = [v.lower() for v in query.get("starttls", [])]
        if len(flag) > 1 or (flag and flag[0] not in _FLAG_VALUES):
            raise ConfigError("TRACKER_SMTP_URL: starttls phải là 1 hoặc 0 (true/false, yes/no).")
        if parts.scheme.lower() == "smtps" and flag and flag[0] in ("1", "true", "yes"):
            raise ConfigError("TRACKER_SMTP_URL: smtps:// đã mã hóa sẵn (TLS), không dùng thêm starttls=1; "
                              "chọn smtps://máy:465 hoặc smtp://máy:587?starttls=1.")
        if parts.password is not None and not parts.username:
            raise ConfigError("TRACKER_SMTP_URL có mật khẩu nhưng thiếu tên đăng nhập.")
    if not re.fullmatch(_MAIL_RE, delivery.mail_from.strip()):
        raise ConfigError(f"TRACKER_MAIL_FROM không phải địa chỉ thư hợp lệ: «{delivery.mail_from[:80]}» "
                          "(ví dụ: tracker@camhiep.gov.vn).")
    if delivery.telegram_api_url is not None:
        _url_parts(delivery.telegram_api_url, "TRACKER_TELEGRAM_API_URL", ("http", "https"),
                   "cần dạng http://máy-chủ:cổng hoặc https://máy-chủ (máy chủ Bot API tự dựng)")
    if delivery.telegram_proxy is not None:
        _url_parts(delivery.telegram_proxy, "TRACKER_TELEGRAM_PROXY", ("http", "https", "socks5", "socks5h"),
                   "cần dạng http://, https://, socks5:// hoặc socks5h://máy-chủ:cổng")
    return delivery

