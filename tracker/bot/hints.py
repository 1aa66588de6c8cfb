"""How the bot words the way forward after a domain error (tracker.errors): its own commands, never the CLI's.

Keyed by the error's code; the result is the domain's message followed by the hint.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from tracker.errors import TrackerError


def _period_example(v: dict[str, Any]) -> str:
    periods = v.get("periods") or []
    example = periods[-1] if periods else "2025-09"
    return f"Ghi kỳ sau mã nhiệm vụ, ví dụ: /xong {v.get('task', 'MÃ')} {example}"


HINTS: dict[str, Callable[[dict[str, Any]], str]] = {
    "task.unknown": lambda v: "Gửi /viec để xem các việc của bạn và mã của chúng.",
    "period.required": _period_example,
    "period.unknown": _period_example,
    "period.none_open": _period_example,
    "period.not_recurring": lambda v: f"Nhiệm vụ này không cần ghi kỳ: /xong {v.get('task', 'MÃ')}",
    "task.already_done": lambda v: "Nếu cần mở lại, vui lòng báo Văn phòng UBND xã.",
    "plan.none": lambda v: "Vui lòng báo cán bộ CNTT của xã.",
    "value.required": lambda v: "Gửi /help để xem cách dùng.",
}


def bot_hint(exc: TrackerError) -> str:
    """The domain's message with the bot's own hint, if any."""
    hint = HINTS.get(exc.code)
    return f"{exc.message} {hint(exc.values)}" if hint else exc.message
