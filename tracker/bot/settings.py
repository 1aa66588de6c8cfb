"""Bot settings from the [bot] table of tracker.toml (all optional).

    [bot]
    link_code_hours = 48                          # how long an invitation code stays valid
    leader_roles = ["chairman", "vice_chairman"]  # act on every task, approve extensions
    staff_can_act = false                         # staff may close/extend their unit's tasks
"""

from __future__ import annotations

from dataclasses import dataclass

from tracker.config import bounded_int, load_raw, table
from tracker.errors import ConfigError
from tracker.models import ROLES


@dataclass(frozen=True)
class BotSettings:
    link_code_hours: int = 48
    leader_roles: tuple[str, ...] = ("chairman", "vice_chairman")
    staff_can_act: bool = False


def load_bot_settings() -> BotSettings:
    raw = table(load_raw(), "bot")
    unknown = set(raw) - {"link_code_hours", "leader_roles", "staff_can_act"}
    if unknown:
        raise ConfigError(f"Khóa cấu hình không được hỗ trợ trong [bot]: {', '.join(sorted(unknown))}")
    hours = bounded_int("bot", "link_code_hours", raw.get("link_code_hours", 48), 1, 24 * 30)
    leaders = raw.get("leader_roles", ["chairman", "vice_chairman"])
    if not isinstance(leaders, list) or not leaders or not all(isinstance(r, str) and r in ROLES for r in leaders):
        raise ConfigError(f"[bot] leader_roles phải là danh sách vai trò trong: {', '.join(ROLES)}.")
    staff = raw.get("staff_can_act", False)
    if not isinstance(staff, bool):
        raise ConfigError("[bot] staff_can_act phải là true hoặc false.")
    return BotSettings(link_code_hours=hours, leader_roles=tuple(dict.fromkeys(leaders)), staff_can_act=staff)
