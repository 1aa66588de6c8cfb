"""Bot settings from the [bot] table of tracker.toml (all optional; tracker/config.py loads the file).

    [bot]
    link_code_hours = 48                          # how long an invitation code stays valid
    leader_roles = ["chairman", "vice_chairman"]  # act on every task, approve extensions
    staff_can_act = false                         # staff may close/extend their unit's tasks
"""

from __future__ import annotations

from typing import Annotated

from pydantic import Field, field_validator

from tracker.configmodel import Allowed, Table, as_tuple
from tracker.vocabulary import ROLES


class BotSettings(Table):
    link_code_hours: Annotated[int, Field(ge=1, le=24 * 30)] = 48
    # Who may act on every task is a domain rule that issue 9 moves out of [bot]; until then it is checked here.
    leader_roles: Annotated[tuple[str, ...], Field(min_length=1),
                            Allowed(f"danh sách vai trò trong: {', '.join(ROLES)}")] = ("chairman", "vice_chairman")
    staff_can_act: bool = False

    _tuples = field_validator("leader_roles", mode="before")(as_tuple)

    @field_validator("leader_roles")
    @classmethod
    def _known_roles_once_each(cls, roles: tuple[str, ...]) -> tuple[str, ...]:
        if not set(roles) <= set(ROLES):
            raise ValueError("unknown role")
        return tuple(dict.fromkeys(roles))


def load_bot_settings() -> BotSettings:
    from tracker.config import load_config

    return load_config().bot
