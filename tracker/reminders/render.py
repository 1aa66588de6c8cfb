"""Render notifications from Jinja2 templates: one per message kind and channel part.

Shared by every channel, in tracker/reminders/templates/: <kind>.subject.txt.j2 and
<kind>.text.txt.j2 (the plain text: the e-mail's text part, what the console prints).
A channel's own parts live in its package (tracker/channels/<name>/templates/, e.g.
reminder.telegram.html.j2), named by its spec; a part the channel's folder lacks is the
shared one. Undefined values raise (StrictUndefined); *.html.j2 templates autoescape
every value, which is also what Telegram's HTML parse mode needs.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any

from tracker import channels
from tracker.formatting import (
    NONE,
    deadline_phrase,
    fmt_date,
    fmt_datetime,
    month_phrase,
    period_phrase,
    ref_phrase,
    reply_code,
)
from tracker.reminders.policy import Digest, Notification
from tracker.status import Item
from tracker.workdays import WorkCalendar

# The kinds rendered from templates, on every channel ("notice" is written by whoever queues it), and the
# parts every channel shares (tracker/reminders/templates/<kind>.<part>.j2).
MESSAGE_KINDS = ("reminder", "overdue", "escalation", "digest", "province_digest")
SHARED_PARTS = ("subject.txt", "text.txt")


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
        loader=_loader(PackageLoader("tracker.reminders", "templates")),
        undefined=StrictUndefined,
        autoescape=select_autoescape(enabled_extensions=("html.j2",), default_for_string=False, default=False),
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=False,
        auto_reload=False,  # package data does not change under a running process
    )


def _loader(shared: Any) -> Any:
    from jinja2 import BaseLoader, PackageLoader, TemplateNotFound

    class ChannelTemplates(BaseLoader):
        """"<channel>/<name>" from that channel's package (its spec's templates folder); other names shared.

        Asks the registry at each lookup, so a channel registered after the first render is found too.
        """

        def __init__(self) -> None:
            self.own: dict[tuple[str, str], Any] = {}

        def get_source(self, environment: Any, template: str) -> Any:
            name, sep, rest = template.partition("/")
            if not sep:
                return shared.get_source(environment, template)
            spec = channels.find(name)
            if spec is None:
                raise TemplateNotFound(template)
            where = (spec.package, spec.templates)
            if where not in self.own:
                try:
                    self.own[where] = PackageLoader(*where)
                except ValueError:  # the package has no templates folder: all its parts are shared
                    raise TemplateNotFound(template) from None
            return self.own[where].get_source(environment, rest)

    return ChannelTemplates()


_CHOSEN: dict[tuple[str, str, str | None, int], Any] = {}


def render_part(kind: str, part: str, ctx: dict[str, Any], channel: str | None = None) -> str:
    """One part of a message: the channel's own template if its folder has it, else the shared one.

    Which template serves (kind, part, channel) is decided once per registered channel: a burst renders tens of
    thousands of parts, and looking the channel's own template up again each time (a miss for every part it does
    not override) was about half of the 07:30 burst's CPU (bench/bench_reminders.py sweep)."""
    key = (kind, part, channel, id(channels.find(channel)) if channel else 0)
    template = _CHOSEN.get(key)
    if template is None:
        names = [f"{channel}/{kind}.{part}.j2", f"{kind}.{part}.j2"] if channel else [f"{kind}.{part}.j2"]
        template = _CHOSEN[key] = environment().select_template(names)
    return str(template.render(ctx)).strip()


def item_context(it: Item, calendar: WorkCalendar | None = None, today: Any = None) -> dict[str, Any]:
    """What every template may say of an item. An official reads the period in words ("tháng 9/2025 (số liệu từ
    15/08 đến 14/09/2025)") and the deadline in its one wording (tracker.formatting.deadline_phrase); the stored
    period ("2025-09") appears only inside the replies he types back, with its month in words beside it."""
    t = it.task
    period = it.period
    occ = it.occurrence
    code = reply_code(t.code, it.plan_year)
    args = f"{code} {period}" if period else code
    wd = 0
    if calendar is not None and today is not None and it.deadline is not None:
        wd = abs(calendar.working_days_between(today, it.deadline))
    phrase = deadline_phrase(it.due, it.deadline) if it.due and it.deadline else NONE
    return {
        "ref": ref_phrase(t.code, period, it.plan_year),
        "code": code,
        "period": period,
        "month": month_phrase(period) if period else None,
        "period_words": period_phrase(period, occ.window_start, occ.window_end) if period and occ else None,
        "title": t.title,
        "unit": it.lead_unit.name if it.lead_unit else "Chưa giao đơn vị",
        # lists, subjects and counts name the day the deadline ends (the effective date) ...
        "deadline": fmt_date(it.deadline),
        # ... and the body says how it came to be that day
        "deadline_phrase": phrase,
        "deadline_sentence": f"Hạn {phrase}",
        "deadline_text": t.deadline_text,
        "original_due": fmt_date(it.original_due),
        "extended": it.extension is not None,
        "rolled": bool(it.due and it.deadline and it.due != it.deadline),
        # The replies that act on the item over the bot; an official never sees the CLI's commands.
        "args": args,
        "period_note": f" (kỳ {month_phrase(period)})" if period else "",
        "reply_done": f"/xong {args}",
        "reply_extend": f"/giahan {args} NGÀY lý do",
        "reply_ack": f"/daxem {args}",
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
    }


def extension_context(x: Mapping[str, Any]) -> dict[str, Any]:
    """One pending extension request (a row of tracker.domain.extensions.extension_requests) for the digest."""
    return {
        "id": x["id"],
        "ref": ref_phrase(x["task"], x["period"]) if x.get("task") else x["ref"],
        "requested_by": x["requested_by"] or "không rõ",
        "current_due": fmt_date(x["current_due"]),
        "new_due": fmt_date(x["new_due"]),
        "reason": x["reason"],
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
    """Subject, plain text and the channel's HTML part if it has one (e-mail part, or the Telegram message)."""
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
    spec = channels.get(n.channel)
    subject = " ".join(render_part(n.kind, "subject.txt", ctx).split())
    text = render_part(n.kind, spec.text, ctx, spec.name)
    # however long: the dispatcher sends a message longer than the channel takes in numbered parts
    html = render_part(n.kind, spec.html, ctx, spec.name) if spec.html else None
    return Rendered(subject, text, html)
