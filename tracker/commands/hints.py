"""How the CLI words the way forward after a domain error (tracker.errors): its commands and options.

The domain's message says what went wrong, in words any adapter can show; only here do command names and
flags appear. Keyed by the error's code; a hint may read the error's values.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from tracker.errors import TrackerError

# The option that gives a field a domain error names (value.required and others with values["field"]).
FIELD_OPTIONS = {"reason": "--reason", "note": "--note", "unit": "--unit", "hours": "--hours", "at": "--at",
                 "evidence": "--evidence"}

HINTS: dict[str, Callable[[dict[str, Any]], str]] = {
    "plan.none": lambda v: "Chạy «tracker seed» trước.",
    "document.year_unknown": lambda v: "Ghi rõ năm bằng --year NĂM.",
    "database.not_initialised": lambda v: "Chạy «tracker init» trước.",
    "commune.ambiguous": lambda v: "Chỉ rõ bằng --commune MÃ_XÃ.",
    "task.unknown": lambda v: "Dùng «tracker tasks list» để xem các mã.",
    "period.required": lambda v: "Chỉ rõ kỳ bằng --period YYYY-MM.",
    "period.not_recurring": lambda v: "Bỏ --period.",
    "period.none_open": lambda v: "Chỉ rõ kỳ bằng --period YYYY-MM.",
    "person.unknown": lambda v: "Dùng «tracker people list».",
    "person.exists": lambda v: "Dùng «tracker people edit» để sửa.",
    "task.already_done": lambda v: "Dùng «tracker tasks reopen» nếu cần mở lại.",
    "kpi.unknown": lambda v: "Dùng «tracker kpi list» để xem các mã.",
    "kpi.fraction_half": lambda v: "Dùng cả --numerator và --denominator.",
    "kpi.value_required": lambda v: "Dùng --value, hoặc --numerator và --denominator.",
    "edit.nothing": lambda v: "Chọn ít nhất một tùy chọn (xem «tracker people edit --help»).",
    "chat.taken": lambda v: "Dùng «tracker people unlink».",
    "channel.no_address": lambda v: ("Dùng «tracker people invite» để họ liên kết Telegram hoặc Zalo, "
                                     "hoặc --email để thêm địa chỉ thư."),
    "outbox.channel_not_here": lambda v: "Chạy lại lệnh với cùng cấu hình như dịch vụ «tracker run».",
    "task.shared": lambda v: f"Ghi mã phần việc của đơn vị, ví dụ «{(v.get('items') or ['MÃ/ĐV'])[0]}».",
    "plan.ambiguous": lambda v: "Chỉ rõ bằng --plan MÃ_KH (xem «tracker plan list»).",
    "plan.unknown": lambda v: "Dùng «tracker plan list» để xem các mã.",
    "plan.review": lambda v: "Xem danh sách bằng «tracker plan check TỆP»; nạp thử khi chưa xem hết: --allow-review.",
}


def cli_hint(exc: TrackerError) -> str:
    """The CLI's hint for a domain error, or "" when the message says enough."""
    hint = HINTS.get(exc.code)
    if hint is not None:
        return hint(exc.values)
    field = exc.values.get("field")
    if isinstance(field, str) and field in FIELD_OPTIONS:
        return f"Dùng {FIELD_OPTIONS[field]}."
    return ""


def with_hint(exc: TrackerError) -> str:
    hint = cli_hint(exc)
    return f"{exc.message} {hint}" if hint else exc.message
