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


# The range of each integer setting: wide enough for any real commune, narrow enough that date arithmetic
# (timedelta, working-day counts) cannot overflow and a typo cannot stall the daemon. README lists them.
INT_RANGES: dict[str, tuple[int, int]] = {
    "escalate_after_working_days": (0, 60),
    "escalation_repeat_days": (1, 365),
    "digest_horizon_days": (0, 90),
    "catchup_max_late_working_days": (0, 30),
    "stale_lookback_days": (0, 90),
    "sweep_interval_seconds": (1, 3600),
    "max_attempts": (1, 100),
    "backoff_base_seconds": (1, 86_400),
    "backoff_max_seconds": (1, 7 * 86_400),
    "lease_seconds": (120, 86_400),  # see LEASE_WHY
    "batch_size": (1, 10_000),
}
# A claim older than the lease is taken back and sent again by another process, so the lease must outlast
# one send with room to spare: an SMTP step may wait 30 s (the e-mail channel's timeout), a Telegram part
# up to ~31 s (10 s connect, write and read each) plus the 1 s per-chat spacing. A message sent in parts
# renews its claim after each part, so one part, not the whole message, has to fit. 120 s is four SMTP
# timeouts.
LEASE_WHY = ("thời gian giữ chỗ phải dài hơn hẳn một lần gửi (máy chủ thư được chờ tới 30 giây mỗi bước), "
             "nếu không tiến trình khác sẽ lấy lại và gửi trùng thông báo đang gửi dở.")
BEFORE_DAYS_MAX = 60


def reminder_config(raw: dict[str, Any] | None = None) -> ReminderConfig:
    """Validate [reminders] (raw = the whole parsed TOML; None reads TRACKER_CONFIG / ./tracker.toml)."""
    from tracker.config import bounded_int, load_raw, table

    if raw is None:
        raw = load_raw()
    section = table(raw, "reminders")
    known = {f.name for f in fields(ReminderConfig)}
    unknown = set(section) - known
    if unknown:
        raise ConfigError(f"Khóa cấu hình không được hỗ trợ trong [reminders]: {', '.join(sorted(unknown))}")
    values: dict[str, Any] = {}
    for key, value in section.items():
        if key in _TIME_KEYS:
            values[key] = _parse_time(key, value)
        elif key == "before_working_days":
            if not isinstance(value, list) or not all(
                    isinstance(v, int) and not isinstance(v, bool) and 0 <= v <= BEFORE_DAYS_MAX for v in value):
                raise ConfigError(f"[reminders] before_working_days phải là danh sách số nguyên từ 0 đến "
                                  f"{BEFORE_DAYS_MAX}.")
            values[key] = tuple(sorted(set(value), reverse=True))
        elif key == "escalate_to":
            if (not isinstance(value, list) or not value
                    or not all(isinstance(v, str) and v in ("chairman", "vice_chairman") for v in value)):
                raise ConfigError("[reminders] escalate_to chỉ nhận \"chairman\" và/hoặc \"vice_chairman\".")
            values[key] = tuple(dict.fromkeys(value))
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
            if not isinstance(value, str) or value not in ("full", "compact"):
                raise ConfigError("[reminders] console_style phải là \"full\" hoặc \"compact\".")
            values[key] = value
        else:
            low, high = INT_RANGES[key]
            try:
                values[key] = bounded_int("reminders", key, value, low, high)
            except ConfigError as exc:
                if key != "lease_seconds":
                    raise
                raise ConfigError(f"{exc.message.removesuffix('.')}: {LEASE_WHY}") from None
    cfg = ReminderConfig(**values)
    if cfg.work_end <= cfg.work_start:
        raise ConfigError("[reminders] work_end phải sau work_start.")
    if cfg.backoff_max_seconds < cfg.backoff_base_seconds:
        raise ConfigError("[reminders] backoff_max_seconds không được nhỏ hơn backoff_base_seconds.")
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

