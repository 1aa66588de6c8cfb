"""The [reminders] section of the TOML file, and which channels the environment turns on.

Every escalation rule is a key of ReminderConfig with its documented default;
tracker.example.toml shows and explains each one. Channel settings, secrets among
them (SMTP password, bot token), come only from the environment, as each channel
declares them (tracker/channels/), and are never part of a repr or a log line.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import time
from typing import Annotated, Any, Literal

from pydantic import Field, ValidationInfo, field_validator, model_validator

from tracker.configmodel import Allowed, Table, as_tuple, from_file, rule_broken

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
# working-day counts) cannot overflow and a typo cannot stall the daemon. docs/configuration.md lists them.
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


@dataclass(frozen=True, init=False, repr=False)
class Delivery:
    """Which channels this process has: only presence is shown.

    Built from the settings the registered channels declare (tracker/channels/), by their names:
    Delivery(smtp_url=..., mail_from=...), or Delivery({"smtp_url": ...}). The values go only to the channel
    that declared them, when the process opens it (values_for); none is part of a repr or a log line (a URL
    may hold a password, the token is a secret).
    """

    settings: tuple[tuple[str, str | None], ...]  # (setting name, value) of every declared setting
    # The demo: every message to the console, whatever addresses people have (nothing leaves the machine).
    console_for_all: bool = False

    def __init__(self, settings: Mapping[str, str | None] | Iterable[tuple[str, str | None]] = (), *,
                 console_for_all: bool = False, **more: str | None) -> None:
        from tracker.channels import declared_settings

        given = {**dict(settings), **more}
        declared = declared_settings()
        unknown = sorted(set(given) - set(declared))
        if unknown:
            raise TypeError(f"no channel declares the setting(s) {', '.join(unknown)}")
        values = tuple((name, given.get(name) or s.default) for name, (_, s) in declared.items())
        object.__setattr__(self, "settings", values)
        object.__setattr__(self, "console_for_all", console_for_all)

    def values_for(self, channel: str) -> dict[str, str | None]:
        """The settings of one channel, for opening it (tracker.reminders.dispatch.default_factory)."""
        from tracker.channels import get

        values = dict(self.settings)
        return {s.name: values.get(s.name, s.default) for s in get(channel).settings}

    @property
    def channels(self) -> frozenset[str]:
        """The channels this process can deliver through; the console is always there."""
        from tracker.channels import specs

        return frozenset(spec.name for spec in specs() if spec.enabled(self.values_for(spec.name)))

    def has(self, channel: str) -> bool:
        return channel in self.channels

    def __repr__(self) -> str:  # presence only: never a URL (it may hold a password) or a token
        from tracker.channels import specs

        on = self.channels
        return "Delivery(" + ", ".join(f"{s.name}={s.name in on}" for s in specs() if not s.fallback) + ")"

    __str__ = __repr__

    @classmethod
    def console_only(cls) -> Delivery:
        return cls(console_for_all=True)


def delivery_from_env(environ: dict[str, str] | None = None) -> Delivery:
    """Every registered channel's settings, read from their environment variables."""
    from tracker.channels import declared_settings

    env = os.environ if environ is None else environ
    return Delivery({name: env.get(s.env) or None for name, (_, s) in declared_settings().items()})


def validate_delivery(delivery: Delivery) -> Delivery:
    """Refuse a malformed channel setting at once (ConfigError, one Vietnamese line, no secret in it),
    rather than queueing rows that would retry forever. Checked whether or not anyone has an address yet,
    by each channel (its spec's validate)."""
    from tracker.channels import specs

    for spec in specs():
        if spec.validate is not None:
            spec.validate(delivery.values_for(spec.name))
    return delivery
