"""What the reminder commands share (remind, digest, run, outbox): settings, engine and channels, the plan
check, the instant of --at, the channel's label. No commands here.

sqlmodel and the channel registry load inside the functions (start-up time).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from tracker.clikit import Env, now, parse_datetime


def channel_label(name: str) -> str:
    """tracker.channels.label, imported when a command runs: the registry (its dataclasses, each channel's
    declaration) costs `tracker --help`, which runs no command, about a tenth of `import click`."""
    from tracker.channels import label

    return label(name)


def at_or_now(at: str | None) -> datetime:
    return parse_datetime(at) if at else now()


def setup(env: Env, *, delivers: bool = False) -> tuple[Any, Any, Any]:
    """Settings, engine and channels; `delivers`: the command sends, so the channel settings are checked
    first (a malformed TRACKER_SMTP_URL is a ConfigError now, not rows retried forever)."""
    from tracker.migrations import migrate
    from tracker.reminders.config import delivery_from_env, reminder_config, validate_delivery

    cfg = reminder_config()
    delivery = delivery_from_env()
    if delivers:
        validate_delivery(delivery)
    engine = env.engine
    migrate(engine)  # a database made before the outbox, or before its claim columns, is upgraded first
    return engine, cfg, delivery


def require_plan(engine: Any, commune: str | None) -> None:
    """Reminders cover every commune in the database; only an empty database is an error."""
    from tracker.db import reading
    from tracker.domain.lookups import require_plan as required

    with reading(engine) as s:
        required(s, commune)
