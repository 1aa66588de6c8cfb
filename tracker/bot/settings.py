"""Bot settings from the [bot] table of tracker.toml (all optional; tracker/config.py loads the file).

    [bot]
    link_code_hours = 48                          # how long an invitation code stays valid

Who may do what over the bot is not a bot setting: it is the [permissions] table (tracker.domain.permissions),
the same for every adapter.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from tracker.configmodel import Table


class BotSettings(Table):
    link_code_hours: Annotated[int, Field(ge=1, le=24 * 30)] = 48


def load_bot_settings() -> BotSettings:
    from tracker.config import load_config

    return load_config().bot
