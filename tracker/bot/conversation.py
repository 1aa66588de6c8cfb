"""The bot's conversation, whatever the messenger: the verbs, who may use them, and the replies.

An adapter (tracker/bot/app.py for Telegram, tracker/bot/zalo.py for Zalo) turns what arrives into
Conversation.on_text(address, text, private=...) and implements deliver(), which sends a Reply to a chat of its
messenger. Each verb is one call into tracker.domain plus formatting; the domain decides who may do what,
inside the action's own transaction, and the audit records the adapter's channel.

Every message is checked first. It must come from a private chat: identity is a person, never a group, so a
group gets one polite line (PRIVATE_ONLY), and only for a command, and nothing else; an invitation code tried
there is neither used nor counted. `/start CODE` or the bare code links the chat (one invitation links
whichever messenger redeems it first); five wrong codes an hour cut a chat off. Then the chat must belong to
an active Person (tracker.domain.accounts.person_for_address), looked up again on each message so a
deactivated or unlinked person loses access at once. An unknown chat gets one polite line (UNLINKED) and
nothing else.

A Reply is written in a small markup, HTML's <b> and <code> over escaped text (e()): Telegram sends it as HTML,
with the reply's actions as buttons; Zalo sends it as plain text (plain()), the actions written out as the
reply that does the same (/duyet 12, ...).

Messages to other people (leaders asked to decide, the requester told the outcome) go through the first
running adapter that reaches them, this one first: inside `tracker run` a head on Telegram reaches a Chairman
on Zalo. Which messengers may carry them is the rule of every channel, tracker.reminders.policy.reaching (a
person's `people edit --channels` restriction honoured among the channels that work), limited to the messengers
this process runs. A failure to reach one person (a messenger's timeout, a refused chat) is logged and the
others are still told: the action itself is already committed.

Database work runs in a worker thread (asyncio.to_thread), so the event loop never waits on SQLite.
"""

from __future__ import annotations

import asyncio
import html
import logging
import re
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import Engine

from tracker.bot import callbacks as cb
from tracker.bot.hints import bot_hint
from tracker.bot.settings import BotSettings
from tracker.db import pk, reading
from tracker.domain import queries
from tracker.domain.accounts import _ALPHABET as CODE_ALPHABET
from tracker.domain.accounts import INVALID_CODE, person_for_address, redeem_link_code
from tracker.domain.escalations import acknowledge_escalation_about
from tracker.domain.extensions import ask_for_more_time, decide_extension, leaders, outcome_message
from tracker.domain.lookups import Actor, item_named
from tracker.domain.permissions import PROVINCE_READ_ONLY, Permissions, is_province
from tracker.domain.tasks import complete_task
from tracker.errors import InvalidInput, TrackerError
from tracker.formatting import cap, fmt_date, fmt_datetime, fmt_number, fmt_percent, month_phrase, ref_phrase
from tracker.models import Commune, Extension, Person
from tracker.status import FOUR_WAY, Item
from tracker.timeutil import parse_date
from tracker.vocabulary import (
    ACTION_LABELS,
    AUDIT_CHANNEL_LABELS,
    DUE_SOON_LABEL,
    STATUS_LABELS,
    STATUS_SHORT_LABELS,
)

log = logging.getLogger("tracker.bot")

OFFICE = "Văn phòng HĐND và UBND xã"  # where an official turns for what the bot cannot do
UNLINKED = ("Xin chào đồng chí! Bot này chỉ dành cho cán bộ UBND xã đã được cấp quyền. Để sử dụng, đề nghị "
            f"đồng chí liên hệ {OFFICE} để nhận mã kích hoạt, rồi gửi: /start MÃ_KÍCH_HOẠT")
PRIVATE_ONLY = ("Xin lỗi, bot chỉ làm việc trong cuộc trò chuyện riêng với từng cán bộ, không làm việc trong nhóm. "
                "Vui lòng nhắn riêng cho bot.")
BAD_BUTTON = "Nút này không hợp lệ hoặc không dành cho đồng chí."
FAILED = f"Đã có lỗi khi xử lý yêu cầu. Đề nghị đồng chí thử lại sau hoặc liên hệ {OFFICE}."
NOT_UNDERSTOOD = "Hệ thống chưa hiểu yêu cầu này. Đồng chí gõ /help để xem các lệnh."
_PERIOD = re.compile(r"^\d{4}-\d{2}$")
# An invitation code sent on its own (tracker.domain.accounts.new_code: 8 characters, shown as ABCD-EFGH), from a
# chat nobody is linked to yet: anything of that shape is tried (and counts toward the cut-off).
_BARE_CODE = re.compile(r"^[A-Za-z0-9]{4}-?[A-Za-z0-9]{4}$")
# From a linked chat only what a code can be is taken as one: its alphabet exactly (no 0, 1, I, O), in either
# case, so a date ("20251115") or a word is not a code attempt but a message the bot did not understand.
_EXACT_CODE = re.compile(f"^[{CODE_ALPHABET}]{{4}}-?[{CODE_ALPHABET}]{{4}}$", re.IGNORECASE)

COMMANDS: list[tuple[str, str]] = [
    ("viec", "Việc của tôi (đang mở, theo hạn)"),
    ("quahan", "Nhiệm vụ quá hạn"),
    ("nhiemvu", "Chi tiết và lịch sử: /nhiemvu MÃ"),
    ("xong", "Báo hoàn thành: /xong MÃ [KỲ] [ghi chú]"),
    ("giahan", "Xin gia hạn: /giahan MÃ [KỲ] NGÀY lý do"),
    ("tomtat", "Tổng hợp bốn nhóm trạng thái"),
    ("duyet", "Lãnh đạo duyệt đề nghị gia hạn: /duyet SỐ [ghi chú]"),
    ("tuchoi", "Lãnh đạo từ chối đề nghị gia hạn: /tuchoi SỐ lý do"),
    ("daxem", "Lãnh đạo xác nhận đã xem cảnh báo: /daxem MÃ [KỲ]"),
    ("help", "Hướng dẫn"),
]
ALIASES = {"tasks": "viec", "overdue": "quahan", "task": "nhiemvu", "done": "xong", "extend": "giahan",
           "summary": "tomtat", "huongdan": "help", "trogiup": "help", "approve": "duyet", "reject": "tuchoi",
           "ack": "daxem", "seen": "daxem"}

HELP = """<b>Bot theo dõi Kế hoạch cải cách TTHC</b>
/viec — việc của tôi đang mở, sắp xếp theo hạn, kèm trạng thái
/quahan — nhiệm vụ quá hạn của đơn vị (lãnh đạo: toàn xã)
/nhiemvu MÃ — chi tiết và lịch sử một nhiệm vụ, ví dụ: /nhiemvu II.2.b.1
/xong MÃ [KỲ] [ghi chú] — báo hoàn thành, ví dụ: /xong II.2.b.1 Đã triển khai
/giahan MÃ [KỲ] NGÀY lý do — xin gia hạn, ví dụ: /giahan II.2.b.1 15/11/2025 Chờ hướng dẫn của tỉnh
/tomtat — tổng hợp: trong hạn, quá hạn, hoàn thành đúng hạn, hoàn thành quá hạn
/help — hướng dẫn này
Lãnh đạo: /duyet SỐ [ghi chú] hoặc /tuchoi SỐ lý do — quyết định đề nghị gia hạn số SỐ; /daxem MÃ — đã xem \
cảnh báo quá hạn của nhiệm vụ MÃ.
KỲ chỉ cần với nhiệm vụ định kỳ hàng tháng, viết năm-tháng: 2025-09 là kỳ báo cáo tháng 9/2025; bỏ trống là kỳ \
cũ nhất còn mở.
Tên lệnh tiếng Anh cũng dùng được: /tasks, /overdue, /task, /done, /extend, /summary."""


PROVINCE_HELP = """<b>Bot theo dõi Kế hoạch cải cách TTHC — tài khoản cấp tỉnh</b>
/viec — số việc đang mở, quá hạn, sắp đến hạn của từng xã
/quahan — nhiệm vụ quá hạn của mọi xã, theo xã
/tomtat — xếp hạng các xã theo số quá hạn và tỷ lệ hoàn thành đúng hạn; xã chưa gửi báo cáo tháng
/help — hướng dẫn này
Tài khoản cấp tỉnh chỉ xem, không cập nhật nhiệm vụ của xã."""
PROVINCE_VERBS = "Đồng chí dùng /viec, /quahan, /tomtat để xem tình hình các xã."


@dataclass
class BotDeps:
    engine: Engine
    key: bytes
    settings: BotSettings
    clock: Callable[[], datetime]
    perms: Permissions = field(default_factory=Permissions)


@dataclass(frozen=True)
class Reply:
    """A message to one chat, in the bot's markup (HTML's <b> and <code> over escaped text).

    `actions` (tracker.bot.callbacks action names) act on `ref` (callbacks.extension_ref / outbox_ref): buttons
    on Telegram, the reply to send on Zalo.
    """

    text: str
    actions: tuple[str, ...] = ()
    ref: str = ""


def e(value: Any) -> str:
    return html.escape(str(value), quote=False)


_TAG = re.compile(r"</?(?:b|i|u|s|code|pre)>")


def plain(markup: str) -> str:
    """A reply's markup as plain text: tags dropped, then entities read back (an escaped "<b>" typed by a user
    stays as typed)."""
    return html.unescape(_TAG.sub("", markup))


def _short(text: str, width: int = 90) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


def _status(it: Item) -> str:
    mark = {"overdue": "⚠ ", "done_on_time": "✅ ", "done_late": "✅ ", "cancelled": "✖ "}.get(it.status, "")
    return mark + cap(STATUS_LABELS[it.status]) + (f" · {cap(DUE_SOON_LABEL)}" if it.due_soon else "")


def said(it: Item) -> str:
    """An item as an official reads it: "II.2.a.7 (tháng 9/2025)" (tracker.formatting.ref_phrase)."""
    return ref_phrase(it.code, it.period, it.plan_year)


def item_line(it: Item) -> str:
    """One line of a list: the day the deadline ends (the effective date; /nhiemvu says how it came to be)."""
    due = fmt_date(it.deadline) if it.deadline else e(_short(it.task.deadline_text, 30))
    unit = f" [{e(it.lead_unit.code)}]" if it.lead_unit else ""
    return f"• <b>{e(said(it))}</b>{unit} — hạn {due} — {_status(it)}\n  {e(_short(it.task.title))}"


def _join_lines(header: str, lines: list[str]) -> str:
    """Every line, however many: the adapter splits a long reply into numbered parts."""
    return "\n".join([header, *lines]) if header else "\n".join(lines)


def parse_command(text: str) -> tuple[str, str]:
    """("xong", "II.2.b.1 ghi chú") from "/xong@bot II.2.b.1 ghi chú"; ("", text) for a text that is no command."""
    name, _, rest = text.strip().partition(" ")
    if not name.startswith("/"):
        return "", text.strip()
    return name[1:].split("@", 1)[0].lower(), rest.strip()


# The adapters running in each event loop, by channel: who can reach a person another messenger's user acts on.
_LIVE: dict[asyncio.AbstractEventLoop, dict[str, Conversation]] = {}


class Conversation:
    """The verbs, bound to one engine; an adapter subclass says how a chat of its messenger is written to."""

    channel = ""  # "telegram" | "zalo": the audit's channel and the chat column people are found by
    MAX_FAILED_CODES = 5  # per chat and hour: guessing a code is hopeless, not merely slow

    def __init__(self, deps: BotDeps) -> None:
        self.d = deps
        self._failed_codes: dict[str, list[float]] = {}

    # ------------------------------------------------------------ what an adapter provides

    async def deliver(self, address: str, reply: Reply) -> bool:
        """Send the reply to a chat (in numbered parts if long); False if it did not arrive (the chat refused
        it: the adapter marks the person unreachable)."""
        raise NotImplementedError

    def address_of(self, person: Person) -> str | None:
        """The chat a message to this person may be written to on this messenger, or None."""
        raise NotImplementedError

    async def after_close(self, it: Item) -> None:
        """A task was closed (by anyone, on any messenger): e.g. Telegram edits the reminders it sent."""

    @property
    def label(self) -> str:
        from tracker import channels

        return channels.label(self.channel)

    # ------------------------------------------------------------ plumbing

    def now(self) -> datetime:
        return self.d.clock()

    async def db(self, fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        return await asyncio.to_thread(fn, *args, **kwargs)

    def _person(self, address: str) -> Person | None:
        with reading(self.d.engine) as s:
            return person_for_address(s, self.channel, address)

    def go_live(self) -> None:
        """Other adapters of this event loop may now reach people through this one."""
        _LIVE.setdefault(asyncio.get_running_loop(), {})[self.channel] = self

    def go_offline(self) -> None:
        loop = asyncio.get_running_loop()
        live = _LIVE.get(loop, {})
        if live.get(self.channel) is self:
            del live[self.channel]
        if not live:
            _LIVE.pop(loop, None)

    def live(self) -> list[Conversation]:
        """This adapter, then the others running in this event loop (registry order)."""
        try:
            others = _LIVE.get(asyncio.get_running_loop(), {})
        except RuntimeError:
            others = {}
        return [self, *(a for name, a in sorted(others.items()) if a is not self)]

    def targets(self, person: Person) -> list[tuple[Conversation, str]]:
        """(adapter, address) of each running messenger that may carry a message to the person, this one first:
        tracker.reminders.policy.reaching (the restriction honoured among the working channels) limited to the
        messengers this process runs."""
        from tracker.reminders.policy import reaching

        allowed = dict(reaching(person))
        return [(adapter, allowed[adapter.channel]) for adapter in self.live() if adapter.channel in allowed]

    async def reach(self, person: Person, make: Callable[[Conversation], Reply]) -> str | None:
        """Send to the person through the first running adapter that reaches them (targets()); the channel it
        went through, or None. A messenger failing (refused chat, timeout, any error) is logged and the next one
        tried; nothing is raised to the caller, whose action is already committed."""
        for adapter, address in self.targets(person):
            try:
                if await adapter.deliver(address, make(adapter)):
                    return adapter.channel
            except Exception as exc:
                log.warning("Không gửi được tin cho %s qua %s (%s)", person.name, adapter.label,
                            exc.__class__.__name__)
        return None

    # ------------------------------------------------------------ messages

    def handlers(self) -> dict[str, Callable[[Person, str], Awaitable[Reply]]]:
        return {
            "start": self.cmd_help, "help": self.cmd_help, "viec": self.cmd_mine, "quahan": self.cmd_overdue,
            "nhiemvu": self.cmd_detail, "xong": self.cmd_done, "giahan": self.cmd_extend,
            "tomtat": self.cmd_summary, "duyet": self.cmd_approve, "tuchoi": self.cmd_reject,
            "daxem": self.cmd_ack,
        }

    async def on_text(self, address: str, text: str, *, private: bool) -> None:
        """One message from a chat: checked, then answered."""
        text = (text or "").strip()
        if not private:
            # Before anything else, /start included: a code tried here is neither used nor counted.
            # Only commands are answered, so a group that lets the bot read every message is not flooded.
            log.info("refused a message from a group chat on %s", self.channel)
            if text.startswith("/"):
                await self.deliver(address, Reply(e(PRIVATE_ONLY)))
            return
        command, args = parse_command(text)
        if command == "start" and args:
            await self.cmd_start(address, args)
            return
        person = await self.db(self._person, address)
        if not command and _BARE_CODE.match(text) and (person is None or _EXACT_CODE.match(text)):
            await self.cmd_start(address, text)
            return
        if person is None:
            await self.deliver(address, Reply(e(UNLINKED)))
            return
        verb = ALIASES.get(command, command)
        handler = self.handlers().get(verb)
        if handler is not None and is_province(person):
            handler = self.province_handlers().get(verb, self.province_refuses)
        if handler is None:
            await self.deliver(address, Reply(NOT_UNDERSTOOD))
            return
        try:
            reply = await handler(person, args)
        except TrackerError as exc:
            reply = Reply(f"⚠ {e(bot_hint(exc))}")
        await self.deliver(address, reply)

    async def cmd_start(self, address: str, code: str) -> None:
        now_m = time.monotonic()
        recent = [t for t in self._failed_codes.get(address, []) if t > now_m - 3600]
        self._failed_codes[address] = recent
        try:
            if len(recent) >= self.MAX_FAILED_CODES:
                raise InvalidInput(INVALID_CODE)
            person = await self.db(redeem_link_code, self.d.engine, channel=self.channel, address=address,
                                   code=code, now=self.now())
        except TrackerError as exc:
            recent.append(now_m)
            await self.deliver(address, Reply(e(exc.message)))
            return
        self._failed_codes.pop(address, None)
        await self.deliver(address, Reply(f"Xin chào đồng chí {e(person.name)}! Tài khoản {e(self.label)} này đã được "
                                          "liên kết. Đồng chí gõ /help để xem các lệnh."))

    async def cmd_help(self, person: Person, args: str) -> Reply:
        return Reply(HELP)

    def _mine(self, person: Person) -> queries.PersonItems:
        with reading(self.d.engine) as s:
            return queries.person_items(s, person, now=self.now(), perms=self.d.perms)

    async def cmd_mine(self, person: Person, args: str) -> Reply:
        mine = await self.db(self._mine, person)
        open_items, standing = mine.open(), mine.standing()
        scope = "toàn xã" if mine.everywhere else "đơn vị của đồng chí"
        if not open_items:
            return Reply(f"Không có nhiệm vụ nào đang mở có thời hạn ({scope}).")
        header = f"<b>Việc đang mở ({scope}), theo hạn: {len(open_items)}</b>"
        lines = [item_line(it) for it in open_items]
        if standing:
            lines.append(f"Ngoài ra có {standing} nhiệm vụ thường xuyên, không có thời hạn.")
        return Reply(_join_lines(header, lines))

    async def cmd_overdue(self, person: Person, args: str) -> Reply:
        mine = await self.db(self._mine, person)
        late = mine.overdue()
        scope = "toàn xã" if mine.everywhere else "đơn vị của đồng chí"
        if not late:
            return Reply(f"Không có nhiệm vụ quá hạn ({scope}).")
        return Reply(_join_lines(f"<b>⚠ Nhiệm vụ quá hạn ({scope}): {len(late)}</b>", [item_line(it) for it in late]))

    def detail(self, person: Person, code: str, period: str | None, item: Item | None = None) -> str:
        from tracker.cliviews import item_detail

        with reading(self.d.engine) as s:
            it = item or item_named(s, person.commune_id, code, period, self.now(), oldest_open=True,
                                      unit_id=person.unit_id)
            view = queries.task_view(s, person.commune_id, it.code, period=it.period, as_of=self.now(),
                                     history_limit=8, item=it)
        lines = [f"<b>{e(k)}:</b> {e(v)}" for k, v in item_detail(it, view.units, words=True)]
        for p in view.pending:
            lines.append(f"<b>Đề nghị gia hạn chờ duyệt:</b> đến {fmt_date(p.new_due)} — {e(p.requested_by)}: "
                         f"{e(p.reason)}")
        if view.history:
            lines.append("<b>Lịch sử gần đây:</b>")
            lines += [f"• {fmt_datetime(ev.at)} — {e(ev.actor)} "
                      f"({e(AUDIT_CHANNEL_LABELS.get(ev.channel, ev.channel))}): "
                      f"{e(cap(ACTION_LABELS.get(ev.action, ev.action)))}" for ev in view.history]
        return _join_lines("", lines)

    @staticmethod
    def split_args(args: str) -> tuple[str, str | None, str]:
        """(code, period, the rest) of "MÃ [KỲ] rest"; _Usage when there is no code."""
        parts = args.split()
        if not parts:
            raise Usage
        code, period = parts[0], None
        rest = parts[1:]
        if rest and _PERIOD.match(rest[0]):
            period, rest = rest[0], rest[1:]
        return code, period, " ".join(rest)

    async def cmd_detail(self, person: Person, args: str) -> Reply:
        try:
            code, period, _ = self.split_args(args)
        except Usage:
            return Reply("Cách dùng: /nhiemvu MÃ, ví dụ: /nhiemvu II.2.b.1")
        return Reply(await self.db(self.detail, person, code, period))

    def close(self, person: Person, code: str, period: str | None, note: str | None) -> Item:
        return complete_task(self.d.engine, commune=None, code=code, period=period, at=None,
                             actor=Actor.person(person, self.channel), note=note, evidence=None, now=self.now(),
                             perms=self.d.perms)

    async def closed(self, it: Item) -> None:
        """Every running adapter shows the closure on what it sent about the item."""
        for adapter in self.live():
            try:
                await adapter.after_close(it)
            except Exception as exc:  # the closure is committed; a stale reminder is no failure of the reply
                log.warning("Không cập nhật được tin nhắc đã gửi qua %s (%s)", adapter.label, exc.__class__.__name__)

    async def cmd_done(self, person: Person, args: str) -> Reply:
        try:
            code, period, note = self.split_args(args)
        except Usage:
            return Reply("Cách dùng: /xong MÃ [KỲ] [ghi chú], ví dụ: /xong II.2.b.1 Đã triển khai")
        it = await self.db(self.close, person, code, period, note or None)
        await self.closed(it)
        return Reply(self.done_text(it))

    @staticmethod
    def done_text(it: Item) -> str:
        if it.result is not None:  # a standing duty: a periodic result, never on time or late
            return (f"✅ Đã ghi nhận kết quả thực hiện <b>{e(said(it))}</b> ngày {fmt_date(it.result.reported_on)}. "
                    "Nhiệm vụ thường xuyên không tính đúng hạn hay quá hạn; đồng chí báo kết quả mỗi kỳ.")
        c = it.completion
        assert c is not None
        return (f"✅ Đã ghi nhận hoàn thành <b>{e(said(it))}</b> lúc {fmt_datetime(c.completed_at)} "
                f"({cap(STATUS_LABELS[it.status])}).")

    async def cmd_extend(self, person: Person, args: str) -> Reply:
        usage = "Cách dùng: /giahan MÃ [KỲ] NGÀY lý do, ví dụ: /giahan II.2.b.1 15/11/2025 Chờ hướng dẫn của tỉnh"
        try:
            code, period, rest = self.split_args(args)
        except Usage:
            return Reply(usage)
        day, _, reason = rest.partition(" ")
        if not day or not reason.strip():
            return Reply(usage)
        new_due = parse_date(day)
        out = await self.db(ask_for_more_time, self.d.engine, person_id=pk(person), code=code, period=period,
                            new_due=new_due, reason=reason, perms=self.d.perms, now=self.now(), channel=self.channel)
        if out.direct:
            return Reply(f"Đã gia hạn <b>{e(said(out.item))}</b> đến {fmt_date(out.item.due)}.")
        assert out.request is not None
        sent, reachable, elsewhere = await self.notify_leaders(person, out.request.extension, out.item)
        labels = " hay ".join(a.label for a in self.live())
        if sent:
            whom = "lãnh đạo UBND xã"
        elif reachable:
            whom = (f"lãnh đạo (chưa gửi được qua {labels} lúc này; đề nghị đã được lưu, {OFFICE} sẽ ghi nhận "
                    "quyết định của lãnh đạo)")
        elif elsewhere:
            whom = ("lãnh đạo (lãnh đạo nhận tin qua kênh khác; đề nghị đã được lưu và có trong bản tổng hợp gửi "
                    "lãnh đạo)")
        else:
            whom = (f"lãnh đạo (chưa ai liên kết {labels}; đề nghị đã được lưu, {OFFICE} sẽ ghi nhận quyết "
                    "định của lãnh đạo)")
        return Reply(f"Đã gửi đề nghị gia hạn <b>{e(said(out.item))}</b> từ {fmt_date(out.item.due)} đến "
                     f"{fmt_date(new_due)} tới {whom}. Đồng chí sẽ nhận kết quả tại đây.")

    def _leaders(self, commune_id: int) -> list[Person]:
        with reading(self.d.engine) as s:
            return leaders(s, commune_id, self.d.perms)

    async def notify_leaders(self, requester: Person, ext: Extension, it: Item) -> tuple[int, int, int]:
        """Each active leader is asked, on the first running messenger reaching them: (how many were, how many
        a running messenger may reach, how many only other channels reach, e.g. e-mail chosen with
        `people edit --channels`). One leader failing does not keep the others from being asked."""
        text = (f"<b>Đề nghị gia hạn số {pk(ext)}</b>\n"
                f"Đồng chí {e(requester.name)} xin gia hạn nhiệm vụ <b>{e(said(it))}</b>\n"
                f"{e(_short(it.task.title, 200))}\n"
                f"Hạn hiện hành: {fmt_date(it.due)} → hạn đề nghị: <b>{fmt_date(ext.new_due)}</b>\n"
                f"Lý do: {e(ext.reason)}")
        request = Reply(text, (cb.APPROVE, cb.REJECT), cb.extension_ref(pk(ext)))
        from tracker.reminders.policy import reaching

        sent = reachable = elsewhere = 0
        for leader in await self.db(self._leaders, requester.commune_id):
            if not self.targets(leader):
                elsewhere += bool(reaching(leader))
                continue
            reachable += 1
            if await self.reach(leader, lambda adapter: request):
                sent += 1
        return sent, reachable, elsewhere

    async def tell_outcome(self, requester: Person | None, decider: Person, it: Item, ext: Extension,
                           approve: bool, note: str | None) -> None:
        """The requester learns the decision, on a messenger reaching them."""
        if requester is None or not requester.active:
            return
        _, _, body = outcome_message(decider=decider.name, ref=said(it), approve=approve, new_due=ext.new_due,
                                     due_in_force=it.due, note=note)
        await self.reach(requester, lambda adapter: Reply(body))

    async def decide(self, person: Person, ext_id: int, approve: bool, note: str | None = None) -> tuple[Extension,
                                                                                                            Item]:
        out = await self.db(decide_extension, self.d.engine, extension_id=ext_id, approve=approve,
                            person_id=pk(person), perms=self.d.perms, now=self.now(), channel=self.channel, note=note)
        await self.tell_outcome(out.requester, person, out.item, out.extension, approve, note)
        return out.extension, out.item

    async def _decide_by_text(self, person: Person, args: str, approve: bool) -> Reply:
        verb = "duyet" if approve else "tuchoi"
        number, _, note = args.partition(" ")
        number = number.removeprefix("#").removeprefix("số")
        if not number.isdigit() or len(number) > 18:
            more = "[ghi chú]" if approve else "lý do"
            return Reply(f"Cách dùng: /{verb} SỐ {more}, với SỐ là số của đề nghị gia hạn trong tin nhắn đề nghị, "
                         f"ví dụ: /{verb} 12")
        ext, it = await self.decide(person, int(number), approve, note.strip() or None)
        if approve:
            return Reply(f"Đã duyệt gia hạn <b>{e(said(it))}</b> đến {fmt_date(ext.new_due)}.")
        return Reply(f"Đã từ chối gia hạn <b>{e(said(it))}</b>; hạn vẫn là {fmt_date(it.due)}.")

    async def cmd_approve(self, person: Person, args: str) -> Reply:
        return await self._decide_by_text(person, args, True)

    async def cmd_reject(self, person: Person, args: str) -> Reply:
        return await self._decide_by_text(person, args, False)

    async def cmd_ack(self, person: Person, args: str) -> Reply:
        try:
            code, period, _ = self.split_args(args)
        except Usage:
            return Reply("Cách dùng: /daxem MÃ, với MÃ là mã nhiệm vụ trong cảnh báo quá hạn, ví dụ: /daxem II.2.b.1")
        ack, it, created = await self.db(acknowledge_escalation_about, self.d.engine, person_id=pk(person),
                                         code=code, period=period, now=self.now(), channel=self.channel)
        if not created:
            return Reply(f"Đồng chí đã xác nhận cảnh báo về <b>{e(said(it))}</b> trước đó.")
        return Reply(f"👁 Đã ghi nhận: đồng chí đã xem cảnh báo về <b>{e(said(it))}</b> lúc "
                     f"{fmt_datetime(ack.acked_at)}. "
                     "Cảnh báo này sẽ không nhắc lại hàng tuần cho hạn hiện hành.")

    def _summary(self, person: Person) -> str:
        with reading(self.d.engine) as s:
            per_unit, total = queries.commune_summary(s, person.commune_id, as_of=self.now())
        lines = []
        for us in [*per_unit, total]:
            shares = [f"{cap(STATUS_SHORT_LABELS[s])} {us.percent(s)}" for s in FOUR_WAY]
            lines.append(f"<b>{e(us.name)}</b> (có thời hạn: {fmt_number(us.base)})\n"
                         f"  {shares[0]} · {shares[1]}\n  {shares[2]} · {shares[3]}")
        return _join_lines(f"<b>Tổng hợp tình hình đến {fmt_datetime(self.now())}</b>", lines)

    async def cmd_summary(self, person: Person, args: str) -> Reply:
        return Reply(await self.db(self._summary, person))


    # ------------------------------------------------------------ a province official: reads every commune

    def province_handlers(self) -> dict[str, Callable[[Person, str], Awaitable[Reply]]]:
        return {"start": self.cmd_help, "help": self.cmd_province_help, "viec": self.cmd_province_open,
                "quahan": self.cmd_province_overdue, "tomtat": self.cmd_province_summary}

    async def province_refuses(self, person: Person, args: str) -> Reply:
        return Reply(f"⚠ {e(PROVINCE_READ_ONLY.format(what='cập nhật nhiệm vụ'))} {PROVINCE_VERBS}")

    async def cmd_province_help(self, person: Person, args: str) -> Reply:
        return Reply(PROVINCE_HELP)

    def _province_items(self) -> list[tuple[Commune, list[Item]]]:
        from tracker.domain.communes import province_items

        with reading(self.d.engine) as s:
            return province_items(s, now=self.now())

    async def cmd_province_open(self, person: Person, args: str) -> Reply:
        lines = []
        total = 0
        for c, items in await self.db(self._province_items):
            open_items = [it for it in items if it.status in ("in_progress", "overdue") and it.deadline]
            late = sum(1 for it in open_items if it.status == "overdue")
            soon = sum(1 for it in open_items if it.due_soon)
            total += len(open_items)
            lines.append(f"• <b>{e(c.name)}</b> ({e(c.code)}): {fmt_number(len(open_items))} đang mở — "
                         f"{fmt_number(late)} quá hạn, {fmt_number(soon)} sắp đến hạn")
        if not lines:
            return Reply("Chưa có xã nào.")
        return Reply(_join_lines(f"<b>Việc đang mở có thời hạn, các xã: {fmt_number(total)}</b>", lines))

    async def cmd_province_overdue(self, person: Person, args: str) -> Reply:
        lines = []
        total = 0
        for c, items in await self.db(self._province_items):
            late = sorted((it for it in items if it.status == "overdue"),
                          key=lambda it: (it.deadline, it.task.seq))
            if not late:
                continue
            total += len(late)
            lines.append(f"<b>{e(c.name)}</b> ({e(c.code)}): {fmt_number(len(late))}")
            lines += [item_line(it) for it in late]
        if not lines:
            return Reply("Không có nhiệm vụ quá hạn ở xã nào.")
        return Reply(_join_lines(f"<b>⚠ Nhiệm vụ quá hạn, các xã: {fmt_number(total)}</b>", lines))

    def _province_summary(self) -> str:
        from tracker.domain.communes import province_standings

        with reading(self.d.engine) as s:
            rows = province_standings(s, self.now())
        lines = [f"{i}. <b>{e(r.name)}</b>: quá hạn {fmt_number(r.overdue)}/{fmt_number(r.with_deadline)}; "
                 f"đúng hạn {fmt_percent(r.done_on_time, r.done)}"
                 + (f"; ⚠ chưa gửi báo cáo {month_phrase(r.report_period)}"
                    if r.missing_report and r.report_period else "")
                 for i, r in enumerate(rows, 1)]
        return _join_lines(f"<b>Xếp hạng các xã đến {fmt_datetime(self.now())}</b> (quá hạn / có thời hạn; "
                           "đúng hạn / đã hoàn thành)", lines or ["Chưa có xã nào."])

    async def cmd_province_summary(self, person: Person, args: str) -> Reply:
        return Reply(await self.db(self._province_summary))


class Usage(Exception):
    """A verb was sent without what it needs: the reply is its usage line."""
