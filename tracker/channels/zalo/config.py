"""The [zalo] table of tracker.toml (all optional; tracker/config.py loads the file).

    [zalo]
    per_chat_interval_seconds = 1.0   # at least this long between two messages to one chat
    overall_per_second = 20           # at most this many messages per second in all

Zalo does not publish its rate limits: the defaults are the conservative guess the issue asked for, and both
can be lowered (or raised, once the platform's real limits are known) without a new release.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from tracker.configmodel import Allowed, Table


class ZaloSettings(Table):
    per_chat_interval_seconds: Annotated[float, Field(ge=0.1, le=60), Allowed("số giây từ 0.1 đến 60, ví dụ 1.0")] = 1.0
    overall_per_second: Annotated[int, Field(ge=1, le=1000)] = 20


def load_zalo_settings() -> ZaloSettings:
    from tracker.config import load_config

    return load_config().zalo
