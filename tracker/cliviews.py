"""Plain-text views for the terminal (Vietnamese). No database access, no clock."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from datetime import date, datetime
from functools import cache
from typing import TYPE_CHECKING, Any

from tracker.formatting import cap, deadline_sentence, fmt_date, fmt_datetime, fmt_number, period_phrase, ref_phrase
from tracker.models import AuditEvent, Kpi, KpiReading, Person, Unit, is_private_chat_id
from tracker.status import FOUR_WAY, Item, UnitSummary
from tracker.usertext import visible
from tracker.vocabulary import (
    ACTION_LABELS,
    AUDIT_CHANNEL_LABELS,
    COMPARISON_SIGNS,
    DUE_SOON_LABEL,
    KPI_STATE_LABELS,
    ROLE_LABELS,
    STATUS_LABELS,
    STATUS_SHORT_LABELS,
)

if TYPE_CHECKING:
    from tracker.domain.queries import KpiRow

STATUS_MARK = {
    "overdue": "⚠ ",
    "done_late": "✓ ",
    "done_on_time": "✓ ",
    "in_progress": "",
    "no_deadline": "",
    "cancelled": "✗ ",
}

def shorten(text: str, width: int) -> str:
    text = unicodedata.normalize("NFC", " ".join(text.split()))
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


def status_text(item: Item) -> str:
    label = STATUS_MARK[item.status] + cap(STATUS_LABELS[item.status])
    if item.due_soon:
        label += f" · {cap(DUE_SOON_LABEL)}"
    return label


@cache
def _char_width(ch: str) -> int:
    if unicodedata.category(ch) in ("Mn", "Me", "Cf"):  # combining marks, zero-width characters
        return 0
    return 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1


def display_width(text: str) -> int:
    """Columns a terminal gives `text`: a tone mark typed as a separate combining character takes none (Vietnamese
    from some keyboards and files arrives decomposed), a wide character (CJK, most emoji) two, any other one."""
    return len(text) if text.isascii() else sum(map(_char_width, text))


def table(rows: Sequence[Sequence[Any]], headers: Sequence[str]) -> str:
    """Every list the CLI prints goes through here, so every cell is made visible() here.

    Left-aligned columns two spaces apart under a header and a line of dashes, each at least two wider than its
    header, trailing spaces dropped; a cell holding line breaks spans several lines. Widths are display widths.
    """
    def lines(cell: Any) -> list[str]:
        text = "" if cell is None else visible(cell if isinstance(cell, str) else str(cell)).strip()
        return text.splitlines() or [""]

    body = [[lines(cell) for cell in row] for row in rows]
    widths = [max([display_width(h) + 2, *(display_width(ln) for row in body for ln in row[i])])
              for i, h in enumerate(headers)]

    def line(cells: Sequence[str]) -> str:
        return "  ".join(c + " " * (w - display_width(c)) for c, w in zip(cells, widths, strict=True)).rstrip()

    out = [line(headers), line(["-" * w for w in widths])]
    for row in body:
        out += [line([cell[i] if i < len(cell) else "" for cell in row]) for i in range(max(map(len, row)))]
    return "\n".join(out)


def by_deadline(items: list[Item]) -> list[Item]:
    """Items soonest deadline first, by the day the deadline ends (the effective date: a deadline falling on a
    day off counts to the next working day, Điều 148 BLDS 2015); items without one keep plan order after them."""
    return sorted(items, key=lambda it: (it.deadline is None, it.deadline or date.max))


def tasks_table(items: list[Item]) -> str:
    """The list of items, by effective deadline (by_deadline); the Hạn column shows that date, the day the
    deadline actually ends (`tracker tasks show` gives the plan's date and why it moved)."""
    rows = []
    for it in by_deadline(items):
        due = fmt_date(it.deadline) if it.deadline else shorten(it.task.deadline_text, 22)
        if it.extension is not None:
            due += " (gia hạn)"
        rows.append([it.code, it.period or "", shorten(it.task.title, 48),
                     it.lead_unit.code if it.lead_unit else "—", due, status_text(it)])
    return table(rows, ["Mã", "Kỳ", "Nhiệm vụ", "Chủ trì", "Hạn", "Trạng thái"])


def counts_line(total: UnitSummary) -> str:
    parts = [f"{cap(STATUS_LABELS[s])}: {total.percent(s)}" for s in FOUR_WAY]
    extra = []
    if total.counts["no_deadline"]:
        extra.append(f"{cap(STATUS_LABELS['no_deadline'])}: {fmt_number(total.counts['no_deadline'])}")
    if total.counts["cancelled"]:
        extra.append(f"{cap(STATUS_LABELS['cancelled'])}: {fmt_number(total.counts['cancelled'])}")
    return "; ".join(parts + extra)


def summary_table(units: list[UnitSummary], total: UnitSummary) -> str:
    rows = []
    for us in [*units, total]:
        rows.append([us.name, fmt_number(us.base), *(us.percent(s) for s in FOUR_WAY),
                     fmt_number(us.counts["no_deadline"])])
    headers = ["Đơn vị", "Có thời hạn", *(cap(STATUS_SHORT_LABELS[s]) for s in FOUR_WAY),
               cap(STATUS_SHORT_LABELS["no_deadline"])]
    return table(rows, headers)


# What belongs to one period of a recurring task; a page listing every period shows these in its table.
PERIOD_FIELDS = frozenset({"ref", "original_due", "window", "status", "completed"})


def item_detail(item: Item, units: dict[int, Unit], *, period_fields: bool = True,
                words: bool = False) -> list[tuple[str, str]]:
    """(label, value) pairs describing an item; period_fields=False leaves out PERIOD_FIELDS. words=True for an
    official (the bot): the period in words with its data window, "tháng 8/2025 (số liệu từ 15/07 đến
    14/08/2025)", instead of the stored "2025-08" an operator types."""
    t = item.task
    coord = ", ".join(units[u].name for u in t.coordinating_unit_ids if u in units) or "—"
    fields: list[tuple[str, str, str]] = [
        ("ref", "Mã", ref_phrase(item.code, item.period) if words else item.ref),
        ("title", "Nhiệm vụ", t.title),
        ("section", "Mục trong kế hoạch", t.section),
        ("lead", "Đơn vị chủ trì", item.lead_unit.name if item.lead_unit else "Chưa giao"),
        ("coordinating", "Đơn vị phối hợp", coord),
        ("deadline_text", "Thời hạn theo kế hoạch", t.deadline_text),
    ]
    if item.original_due:
        fields.append(("original_due", "Hạn (ngày)", fmt_date(item.original_due)))
    if item.extension is not None:
        fields.append(("extended", "Hạn sau gia hạn", f"{fmt_date(item.due)} — {item.extension.reason} "
                                                      f"(duyệt: {item.extension.approved_by})"))
    if item.deadline and item.due and item.deadline != item.due:
        # one wording in every output (tracker.formatting.deadline_phrase)
        fields.append(("rolled", "Hạn thực tế", deadline_sentence(item.due, item.deadline)))
    if item.occurrence is not None and words:
        occ = item.occurrence
        fields.append(("window", "Kỳ báo cáo", period_phrase(occ.period, occ.window_start, occ.window_end)))
    elif item.occurrence is not None:
        fields.append(("window", "Kỳ số liệu", f"{fmt_date(item.occurrence.window_start)} – "
                                               f"{fmt_date(item.occurrence.window_end)}"))
    fields.append(("status", "Trạng thái", status_text(item)))
    if item.completion is not None:
        c = item.completion
        fields.append(("completed", "Hoàn thành lúc", f"{fmt_datetime(c.completed_at)} — {c.actor}"))
        if c.note:
            fields.append(("note", "Ghi chú", c.note))
        if c.evidence_url:
            fields.append(("evidence", "Minh chứng", c.evidence_url))
    return [(label, value) for key, label, value in fields if period_fields or key not in PERIOD_FIELDS]


def detail_block(pairs: list[tuple[str, str]]) -> str:
    width = max(len(k) for k, _ in pairs)
    return "\n".join(f"{k.ljust(width)} : {visible(v)}" for k, v in pairs)


FIELD_LABELS = {
    "status": "trạng thái", "due_date": "hạn", "original_due": "hạn gốc", "new_due": "hạn mới",
    "completed_at": "hoàn thành lúc", "period": "kỳ", "note": "ghi chú", "evidence_url": "minh chứng",
    "reason": "lý do", "approved_by": "người duyệt", "requested_by": "người đề nghị", "cancelled": "đã hủy",
    "title": "tên", "description": "nội dung", "section": "mục", "lead_unit_id": "đơn vị chủ trì",
    "coordinating_unit_ids": "đơn vị phối hợp", "deadline_kind": "loại thời hạn", "deadline_text": "thời hạn",
    "recurrence": "định kỳ", "expected_output": "sản phẩm", "legal_basis": "căn cứ", "name": "họ tên",
    "role": "vai trò", "unit": "đơn vị", "unit_id": "đơn vị", "email": "thư điện tử",
    "telegram_chat_id": "Telegram", "active": "hoạt động", "value": "giá trị", "numerator": "tử số",
    "denominator": "mẫu số", "source": "nguồn", "is_working": "ngày làm việc", "created": "tạo mới",
    "updated": "cập nhật", "expires_at": "hết hạn lúc", "deadline": "hạn", "decision": "quyết định",
    "chat": "Telegram", "decided_at": "duyệt lúc",
}
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_ISO_INSTANT = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}")


def _value_text(v: Any) -> str:
    """An audit value as a person reads it: Vietnamese labels, dd/mm/yyyy, VN time."""
    if isinstance(v, bool):
        return "có" if v else "không"
    if isinstance(v, str):
        if v in STATUS_LABELS:
            return cap(STATUS_LABELS[v])
        if v in ROLE_LABELS:
            return cap(ROLE_LABELS[v])
        if _ISO_DATE.match(v):
            return fmt_date(date.fromisoformat(v))
        if _ISO_INSTANT.match(v):
            try:
                return fmt_datetime(datetime.fromisoformat(v))
            except ValueError:
                return v
        return v
    if isinstance(v, list):
        return ", ".join(_value_text(x) for x in v) or "—"
    if isinstance(v, dict):
        return ", ".join(f"{FIELD_LABELS.get(k, k)} {_value_text(x)}" for k, x in v.items())
    if isinstance(v, float):
        return fmt_number(v)
    return str(v)


def describe_change(ev: AuditEvent) -> str:
    def fmt(d: dict[str, Any] | None) -> str:
        if not d:
            return ""
        keep = {k: v for k, v in d.items() if v not in (None, "", [], {})}
        return "; ".join(f"{FIELD_LABELS.get(k, k)}: {shorten(_value_text(v), 60)}" for k, v in keep.items())

    before, after = fmt(ev.before), fmt(ev.after)
    if before and after:
        return f"{before} → {after}"
    return after or before


def audit_table(events: list[AuditEvent]) -> str:
    rows = [[fmt_datetime(e.at), e.actor, AUDIT_CHANNEL_LABELS.get(e.channel, e.channel),
             cap(ACTION_LABELS.get(e.action, e.action)), e.entity.split(" ", 1)[-1], shorten(describe_change(e), 70)]
            for e in events]
    return table(rows, ["Thời điểm", "Người thực hiện", "Qua", "Thao tác", "Đối tượng", "Chi tiết"])


def telegram_state(p: Person) -> str:
    """What the IT officer needs to know of a person's Telegram link: whether messages reach them."""
    if p.telegram_chat_id is None:
        return "—"
    if not is_private_chat_id(p.telegram_chat_id):
        # Linked before the bot refused groups: nothing is sent there; unlink and invite again.
        return "nhóm (không gửi; cần liên kết lại)"
    return "đã chặn bot" if p.telegram_unreachable else "có"


def zalo_state(p: Person) -> str:
    """Whether Zalo messages reach the person: linked, blocked the bot, or not linked."""
    if p.zalo_chat_id is None:
        return "—"
    return "đã chặn bot" if p.zalo_unreachable else "có"


def reached_by(p: Person) -> str:
    """The channels a message to the person goes to now (tracker.reminders.policy.reaching), with their
    restriction: "Zalo, thư điện tử (đã giới hạn)", or what happens when no chosen channel reaches them."""
    from tracker import channels
    from tracker.reminders.policy import reaching

    if not p.active:
        return "—"
    names = [name for name, _ in reaching(p)]
    text = ", ".join(channels.label(n) for n in names) or channels.fallback().label
    if p.channels:
        if set(names) & set(p.channels):
            return f"{text} (đã giới hạn)"
        chosen = ", ".join(channels.label(n) for n in p.channels)
        return f"{text} (kênh đã chọn {chosen} không gửi được)"
    return text


def people_table(people: list[Person], units: dict[int, Unit]) -> str:
    rows = [[str(p.id), p.name, cap(ROLE_LABELS.get(p.role, p.role)),
             units[p.unit_id].code if p.unit_id in units else "—", p.email or "—",
             telegram_state(p), zalo_state(p), cap(reached_by(p)), "hoạt động" if p.active else "đã vô hiệu hóa"]
            for p in people]
    return table(rows, ["ID", "Họ tên", "Vai trò", "Đơn vị", "Thư điện tử", "Telegram", "Zalo", "Nhận qua",
                        "Tình trạng"])


def kpi_trend(kpi: Kpi, history: list[KpiReading]) -> str:
    """The last four readings, oldest first, then whether the latest moved toward the target:
    '45 → 52 → 58 (↑ tốt lên)'."""
    if not history:
        return "—"
    text = " → ".join(fmt_number(r.value) for r in history[-4:])
    if len(history) < 2:
        return text
    delta = history[-1].value - history[-2].value
    if abs(delta) < 1e-9:
        return f"{text} (= không đổi)"
    better = delta < 0 if kpi.comparison == "lte" else delta > 0
    return f"{text} ({'↑' if delta > 0 else '↓'} {'tốt lên' if better else 'kém đi'})"


def kpi_table(rows_in: list[KpiRow]) -> str:
    rows = []
    for row in rows_in:
        kpi, reading, history = row.kpi, row.latest, row.history
        value = "—"
        if reading is not None:
            value = f"{fmt_number(reading.value)}{kpi.unit_of_measure} ({reading.period})"
            if reading.numerator is not None and reading.denominator is not None:
                value += f" = {fmt_number(reading.numerator)}/{fmt_number(reading.denominator)}"
        trend = kpi_trend(kpi, history)
        rows.append([kpi.code, shorten(kpi.name, 50),
                     f"{COMPARISON_SIGNS[kpi.comparison]} {fmt_number(kpi.target)}{kpi.unit_of_measure}",
                     value, KPI_STATE_LABELS[row.state], trend])
    return table(rows, ["Mã", "Chỉ tiêu", "Mục tiêu", "Số liệu gần nhất", "Đánh giá", "Xu hướng"])
