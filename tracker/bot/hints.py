"""How the bot words the way forward after a domain error (tracker.errors): its own commands, never the CLI's.

Keyed by the error's code; the result is the domain's message followed by the hint.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from tracker.errors import TrackerError
from tracker.formatting import month_phrase

_PERIOD = re.compile(r"^\d{4}-\d{2}$")


OFFICE = "Văn phòng HĐND và UBND xã"


def _period_example(v: dict[str, Any]) -> str:
    """The period is typed back as stored (2025-09); the reply says which month that is."""
    periods = v.get("periods") or []
    example = periods[-1] if periods else "2025-09"
    words = f" ({example} là kỳ báo cáo {month_phrase(example)})" if _PERIOD.match(str(example)) else ""
    return f"Đồng chí ghi kỳ sau mã nhiệm vụ, ví dụ: /xong {v.get('task', 'MÃ')} {example}{words}"


HINTS: dict[str, Callable[[dict[str, Any]], str]] = {
    "task.unknown": lambda v: "Đồng chí gửi /viec để xem các việc của mình và mã của chúng.",
    "period.required": _period_example,
    "period.unknown": _period_example,
    "period.none_open": _period_example,
    "period.not_recurring": lambda v: f"Nhiệm vụ này không cần ghi kỳ: /xong {v.get('task', 'MÃ')}",
    "task.already_done": lambda v: f"Nếu cần mở lại, đề nghị đồng chí liên hệ {OFFICE}.",
    "plan.none": lambda v: f"Đề nghị đồng chí liên hệ {OFFICE}.",
    "value.required": lambda v: "Đồng chí gửi /help để xem cách dùng.",
    # a duty the plan gives to several units: each answers for its own part, named "<code>/<unit>"
    "task.shared": lambda v: ("Đồng chí ghi mã phần việc của đơn vị mình, ví dụ: "
                              f"/xong {(v.get('items') or ['MÃ/ĐƠN_VỊ'])[0]}"),
    "plan.ambiguous": lambda v: ("Đồng chí ghi thêm năm của kế hoạch sau mã, ví dụ: "
                                 f"{v.get('code', 'II.1.b.4')}@2025; hoặc liên hệ {OFFICE}."),
    "plan.unknown": lambda v: f"Đề nghị đồng chí liên hệ {OFFICE}.",
}


def bot_hint(exc: TrackerError) -> str:
    """The domain's message with the bot's own hint, if any."""
    hint = HINTS.get(exc.code)
    return f"{exc.message} {hint(exc.values)}" if hint else exc.message
