"""Render notifications from the Jinja2 templates in tracker/reminders/templates/.

One template per message kind and channel part: <kind>.subject.txt.j2,
<kind>.email.txt.j2, <kind>.email.html.j2, <kind>.telegram.html.j2. Undefined
values raise (StrictUndefined); *.html.j2 templates autoescape every value, which
is also what Telegram's HTML parse mode needs.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any

from tracker.reminders.policy import Digest, Notification
from tracker.status import Item
from tracker.timeutil import fmt_date, fmt_datetime
from tracker.workdays import WorkCalendar

PARTS = ("subject.txt", "email.txt", "email.html", "telegram.html")


@dataclass(frozen=True)
class Rendered:
    subject: str
    text: str
    html: str | None


@cache
def environment() -> Any:
    from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

    return Environment(
        # Through the package, not a path beside __file__: the templates are package data and load from a
        # wheel or a zip as well.
        loader=PackageLoader("tracker.reminders", "templates"),
        undefined=StrictUndefined,
        autoescape=select_autoescape(enabled_extensions=("html.j2",), default_for_string=False, default=False),
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=False,
    )


def render_part(kind: str, part: str, ctx: dict[str, Any]) -> str:
    return str(environment().get_template(f"{kind}.{part}.j2").render(**ctx)).strip()


def item_context(it: Item, calendar: WorkCalendar | None = None, today: Any = None) -> dict[str, Any]:
    t = it.task
    period = it.period
    ref = it.ref
    period_opt = f" --period {period}" if period else ""
    wd = 0
    if calendar is not None and today is not None and it.deadline is not None:
        wd = abs(calendar.working_days_between(today, it.deadline))
    return {
        "ref": ref,
        "code": t.code,
        "period": period,
        "title": t.title,
        "unit": it.lead_unit.name if it.lead_unit else "Chưa giao đơn vị",
        "deadline": fmt_date(it.deadline),
        "deadline_text": t.deadline_text,
        "original_due": fmt_date(it.original_due),
        "extended": it.extension is not None,
        "rolled": bool(it.due and it.deadline and it.due != it.deadline),
        "cli_done": f"tracker tasks done {t.code}{period_opt}",
        "cli_extend": f"tracker tasks extend {t.code}{period_opt} --to NGÀY --reason \"...\"",
        "wd": wd,
    }


def digest_context(d: Digest, calendar: WorkCalendar, now: Any, horizon: int) -> dict[str, Any]:
    from tracker.timeutil import vn_date

    today = vn_date(now)
    return {
        "week": fmt_date(d.week_start),
        "scope": d.unit_name or d.commune_name or "toàn xã",
        "chairman": d.unit_name is None,
        "as_of": fmt_datetime(now),
        "horizon": horizon,
        "overdue": [item_context(it, calendar, today) for it in d.overdue],
        "due_soon": [item_context(it, calendar, today) for it in d.due_soon],
        "unassigned": [item_context(it, calendar, today) for it in d.unassigned],
        "units_without_head": d.units_without_head,
        "failed": d.failed,
        "unreachable": d.unreachable,
        "kpis_below": d.kpis_below,
        "extensions": [extension_context(x) for x in d.extensions],
        "cli_reject": 'tracker extensions reject SỐ --by "..." --reason "..."',
    }


def extension_context(x: Mapping[str, Any]) -> dict[str, Any]:
    """One pending extension request (a row of tracker.bot.actions.extension_requests) for the digest."""
    return {
        "id": x["id"],
        "ref": x["ref"],
        "requested_by": x["requested_by"] or "không rõ",
        "current_due": fmt_date(x["current_due"]),
        "new_due": fmt_date(x["new_due"]),
        "reason": x["reason"],
        "cli_approve": f'tracker extensions approve {x["id"]} --by "..."',
    }


SENDER = "Hệ thống theo dõi nhiệm vụ cải cách TTHC"
_UNIT_PREFIXES = ("Xã ", "Phường ", "Đặc khu ", "Thị trấn ")


def signature(commune: str) -> str:
    """The closing line of every message: '— Hệ thống theo dõi nhiệm vụ cải cách TTHC, UBND xã Cam Hiệp'."""
    name = " ".join(commune.split())
    if not name:
        return f"— {SENDER}"
    for prefix in _UNIT_PREFIXES:
        if name.startswith(prefix):
            name = prefix.lower() + name[len(prefix):]
            break
    return f"— {SENDER}, UBND {name}"


def render(n: Notification, *, commune_name: str, calendar: WorkCalendar, now: Any, horizon: int = 7) -> Rendered:
    """Subject, plain text and the channel's HTML (e-mail part, or the Telegram message)."""
    if n.digest is not None:
        ctx = digest_context(n.digest, calendar, now, horizon)
    else:
        assert n.item is not None
        ctx = item_context(n.item)
        ctx["wd"] = n.working_days
        ctx["unassigned"] = n.unassigned
    ctx["recipient"] = n.person.name
    ctx["commune"] = commune_name or (n.digest.commune_name if n.digest else "")
    ctx["signature"] = signature(ctx["commune"])
    subject = " ".join(render_part(n.kind, "subject.txt", ctx).split())
    text = render_part(n.kind, "email.txt", ctx)
    html: str | None = None
    if n.channel == "email":
        html = render_part(n.kind, "email.html", ctx)
    elif n.channel == "telegram":
        html = render_part(n.kind, "telegram.html", ctx)  # however long: the dispatcher sends it in parts
    return Rendered(subject, text, html)
