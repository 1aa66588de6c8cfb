"""The Telegram bot: an adapter like the CLI. Each command and button is one call into tracker.domain plus formatting.

Every update is checked first. It must come from a private chat, sent by that
chat's own user: identity is a person, never a group, so a group (or supergroup,
or channel) gets one polite line (PRIVATE_ONLY) and nothing else; an invitation
code tried there is neither used nor counted. Then the chat must belong to an
active Person (tracker.domain.accounts.person_for_chat), looked up again on each
update so a deactivated or unlinked person loses access at once. An unknown chat
gets one polite line (UNLINKED) and nothing else. Button data is verified with
tracker.bot.callbacks.verify against the chat it comes from. What the person may do is decided by the domain
(tracker.domain.permissions), inside the transaction of the action itself.

Database work runs in a worker thread (asyncio.to_thread) so the event loop,
shared with the scheduler inside `tracker run`, never waits on SQLite.
"""

from __future__ import annotations

import asyncio
import html
import logging
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import Engine

from tracker.bot import callbacks as cb
from tracker.bot.hints import bot_hint
from tracker.bot.settings import BotSettings
from tracker.channels.telegram.transport import MAX_TEXT
from tracker.db import pk, reading
from tracker.domain import queries
from tracker.domain.accounts import INVALID_CODE, mark_unreachable, person_for_chat, redeem_link_code
from tracker.domain.escalations import acknowledge_escalation, notice_about
from tracker.domain.extensions import ask_for_more_time, decide_extension, decided_request, leaders, outcome_message
from tracker.domain.lookups import Actor, item_named
from tracker.domain.permissions import Permissions, is_leader
from tracker.domain.tasks import complete_task
from tracker.errors import Conflict, InvalidInput, TrackerError
from tracker.formatting import cap, fmt_date, fmt_datetime, fmt_number
from tracker.models import Extension, OutboxMessage, Person, private_chat
from tracker.reminders.outbox import sent_about, sent_parts
from tracker.reminders.split import length, split_message
from tracker.status import FOUR_WAY, Item
from tracker.timeutil import parse_date
from tracker.vocabulary import (
    ACTION_LABELS,
    AUDIT_CHANNEL_LABELS,
    DUE_SOON_LABEL,
    EXTENSION_STATUS_LABELS,
    STATUS_LABELS,
    STATUS_SHORT_LABELS,
)

log = logging.getLogger("tracker.bot")

UNLINKED = ("Xin chào! Bot này chỉ dành cho cán bộ UBND xã đã được cấp quyền. Để sử dụng, vui lòng liên hệ "
            "cán bộ CNTT của xã để nhận mã kích hoạt, rồi gửi: /start MÃ_KÍCH_HOẠT")
PRIVATE_ONLY = ("Xin lỗi, bot chỉ làm việc trong cuộc trò chuyện riêng với từng cán bộ, không làm việc trong nhóm. "
                "Vui lòng nhắn riêng cho bot.")
BAD_BUTTON = "Nút này không hợp lệ hoặc không dành cho bạn."
FAILED = "Đã có lỗi khi xử lý yêu cầu. Vui lòng thử lại sau hoặc báo cán bộ CNTT."
_PERIOD = re.compile(r"^\d{4}-\d{2}$")

COMMANDS: list[tuple[str, str]] = [
    ("viec", "Việc của tôi (đang mở, theo hạn)"),
    ("quahan", "Nhiệm vụ quá hạn"),
    ("nhiemvu", "Chi tiết và lịch sử: /nhiemvu MÃ"),
    ("xong", "Báo hoàn thành: /xong MÃ [KỲ] [ghi chú]"),
    ("giahan", "Xin gia hạn: /giahan MÃ [KỲ] NGÀY lý do"),
    ("tomtat", "Tổng hợp bốn nhóm trạng thái"),
    ("help", "Hướng dẫn"),
]
ALIASES = {"tasks": "viec", "overdue": "quahan", "task": "nhiemvu", "done": "xong", "extend": "giahan",
           "summary": "tomtat", "huongdan": "help", "trogiup": "help"}

HELP = """<b>Bot theo dõi Kế hoạch cải cách TTHC</b>
/viec — việc của tôi đang mở, sắp xếp theo hạn, kèm trạng thái
/quahan — nhiệm vụ quá hạn của đơn vị (lãnh đạo: toàn xã)
/nhiemvu MÃ — chi tiết và lịch sử một nhiệm vụ, ví dụ: /nhiemvu II.2.b.1
/xong MÃ [KỲ] [ghi chú] — báo hoàn thành, ví dụ: /xong II.2.b.1 Đã triển khai
/giahan MÃ [KỲ] NGÀY lý do — xin gia hạn, ví dụ: /giahan II.2.b.1 15/11/2025 Chờ hướng dẫn của tỉnh
/tomtat — tổng hợp: trong hạn, quá hạn, hoàn thành đúng hạn, hoàn thành quá hạn
/help — hướng dẫn này
KỲ (YYYY-MM) chỉ cần với nhiệm vụ định kỳ hàng tháng; bỏ trống là kỳ cũ nhất còn mở.
Tên lệnh tiếng Anh cũng dùng được: /tasks, /overdue, /task, /done, /extend, /summary."""


@dataclass
class BotDeps:
    engine: Engine
    key: bytes
    settings: BotSettings
    clock: Callable[[], datetime]
    perms: Permissions = field(default_factory=Permissions)


def e(value: Any) -> str:
    return html.escape(str(value), quote=False)


def _short(text: str, width: int = 90) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


def _status(it: Item) -> str:
    mark = {"overdue": "⚠ ", "done_on_time": "✅ ", "done_late": "✅ ", "cancelled": "✖ "}.get(it.status, "")
    return mark + cap(STATUS_LABELS[it.status]) + (f" · {cap(DUE_SOON_LABEL)}" if it.due_soon else "")


def item_line(it: Item) -> str:
    due = fmt_date(it.deadline) if it.deadline else e(_short(it.task.deadline_text, 30))
    unit = f" [{e(it.lead_unit.code)}]" if it.lead_unit else ""
    return f"• <b>{e(it.ref)}</b>{unit} — hạn {due} — {_status(it)}\n  {e(_short(it.task.title))}"


def _join_lines(header: str, lines: list[str]) -> str:
    """Every line, however many: send() splits a long reply into numbered parts."""
    return "\n".join([header, *lines]) if header else "\n".join(lines)


def in_private_chat(update: Any) -> bool:
    """The update was sent by the user of a private chat with the bot (whose id is the chat's)."""
    chat, user = update.effective_chat, update.effective_user
    return chat is not None and user is not None and chat.type == "private" and user.id == chat.id


class TrackerBot:
    """Handlers bound to one engine; build_application() wires them into a PTB Application."""

    MAX_FAILED_CODES = 5  # per chat and hour: guessing a code is hopeless, not merely slow

    def __init__(self, deps: BotDeps) -> None:
        self.d = deps
        self._failed_codes: dict[int, list[float]] = {}

    # ------------------------------------------------------------ plumbing

    def now(self) -> datetime:
        return self.d.clock()

    async def db(self, fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        return await asyncio.to_thread(fn, *args, **kwargs)

    def _person(self, chat_id: int) -> Person | None:
        with reading(self.d.engine) as s:
            return person_for_chat(s, chat_id)

    async def send(self, bot: Any, chat_id: int, text: str, markup: Any = None, reply_to: int | None = None) -> Any:
        """Send HTML to a chat, as numbered parts if it is too long, the buttons under the last part.

        Returns the last message sent; a 403 marks the chat's person unreachable and returns None.
        """
        from telegram import ReplyParameters
        from telegram.error import Forbidden

        parts = split_message(text, MAX_TEXT, html=True)
        sent = None
        try:
            for i, part in enumerate(parts, start=1):
                last = i == len(parts)
                reply = ReplyParameters(reply_to, allow_sending_without_reply=True) if reply_to and i == 1 else None
                sent = await bot.send_message(chat_id=chat_id, text=part, parse_mode="HTML",
                                              reply_markup=markup if last else None, reply_parameters=reply)
        except Forbidden as exc:
            await self.db(mark_unreachable, self.d.engine, chat_id=chat_id, detail=exc.message, now=self.now())
            return None
        return sent

    def markup(self, chat_id: int, ref: str, actions: list[str]) -> Any:
        from telegram import InlineKeyboardButton, InlineKeyboardMarkup

        return InlineKeyboardMarkup([[InlineKeyboardButton(cb.ACTIONS[a], callback_data=cb.sign(a, ref, chat_id,
                                                                                                  self.d.key))
                                      for a in actions]])

    # ------------------------------------------------------------ messages

    async def on_message(self, update: Any, context: Any) -> None:
        msg = update.effective_message
        chat = update.effective_chat
        if msg is None or chat is None:
            return
        text = (msg.text or "").strip()
        if not in_private_chat(update):
            # Before anything else, /start included: a code tried here is neither used nor counted.
            # Only commands are answered, so a group that lets the bot read every message is not flooded.
            log.info("refused a message from a %s chat %s", chat.type, chat.id)
            if text.startswith("/"):
                await self.send(context.bot, chat.id, e(PRIVATE_ONLY))
            return
        name, _, rest = text.partition(" ")
        command = name[1:].split("@", 1)[0].lower() if name.startswith("/") else ""
        args = rest.strip()
        if command == "start" and args:
            await self.cmd_start(context.bot, chat.id, args)
            return
        person = await self.db(self._person, chat.id)
        if person is None:
            await self.send(context.bot, chat.id, e(UNLINKED))
            return
        command = ALIASES.get(command, command)
        handler = {
            "start": self.cmd_help, "help": self.cmd_help, "viec": self.cmd_mine, "quahan": self.cmd_overdue,
            "nhiemvu": self.cmd_detail, "xong": self.cmd_done, "giahan": self.cmd_extend,
            "tomtat": self.cmd_summary,
        }.get(command)
        if handler is None:
            await self.send(context.bot, chat.id, "Tôi chưa hiểu yêu cầu này. Gõ /help để xem các lệnh.")
            return
        try:
            reply, markup = await handler(context.bot, person, args)
        except TrackerError as exc:
            reply, markup = f"⚠ {e(bot_hint(exc))}", None
        await self.send(context.bot, chat.id, reply, markup)

    async def cmd_start(self, bot: Any, chat_id: int, code: str) -> None:
        now_m = time.monotonic()
        recent = [t for t in self._failed_codes.get(chat_id, []) if t > now_m - 3600]
        self._failed_codes[chat_id] = recent
        try:
            if len(recent) >= self.MAX_FAILED_CODES:
                raise InvalidInput(INVALID_CODE)
            person = await self.db(redeem_link_code, self.d.engine, chat_id=chat_id, code=code, now=self.now())
        except TrackerError as exc:
            recent.append(now_m)
            await self.send(bot, chat_id, e(exc.message))
            return
        self._failed_codes.pop(chat_id, None)
        await self.send(bot, chat_id, f"Xin chào {e(person.name)}! Tài khoản Telegram này đã được liên kết. "
                                      "Gõ /help để xem các lệnh.")

    async def cmd_help(self, bot: Any, person: Person, args: str) -> tuple[str, Any]:
        return HELP, None

    def _mine(self, person: Person) -> queries.PersonItems:
        with reading(self.d.engine) as s:
            return queries.person_items(s, person, now=self.now(), perms=self.d.perms)

    async def cmd_mine(self, bot: Any, person: Person, args: str) -> tuple[str, Any]:
        mine = await self.db(self._mine, person)
        open_items, standing = mine.open(), mine.standing()
        scope = "toàn xã" if mine.everywhere else "đơn vị của bạn"
        if not open_items:
            return f"Không có nhiệm vụ nào đang mở có thời hạn ({scope}).", None
        header = f"<b>Việc đang mở ({scope}), theo hạn: {len(open_items)}</b>"
        lines = [item_line(it) for it in open_items]
        if standing:
            lines.append(f"Ngoài ra có {standing} nhiệm vụ thường xuyên, không có thời hạn.")
        return _join_lines(header, lines), None

    async def cmd_overdue(self, bot: Any, person: Person, args: str) -> tuple[str, Any]:
        mine = await self.db(self._mine, person)
        late = mine.overdue()
        scope = "toàn xã" if mine.everywhere else "đơn vị của bạn"
        if not late:
            return f"Không có nhiệm vụ quá hạn ({scope}).", None
        return _join_lines(f"<b>⚠ Nhiệm vụ quá hạn ({scope}): {len(late)}</b>", [item_line(it) for it in late]), None

    def _detail(self, person: Person, code: str, period: str | None, item: Item | None = None) -> str:
        from tracker.cliviews import item_detail

        with reading(self.d.engine) as s:
            it = item or item_named(s, person.commune_id, code, period, self.now(), oldest_open=True)
            view = queries.task_view(s, person.commune_id, it.code, period=it.period, as_of=self.now(),
                                     history_limit=8, item=it)
        lines = [f"<b>{e(k)}:</b> {e(v)}" for k, v in item_detail(it, view.units)]
        for p in view.pending:
            lines.append(f"<b>Đề nghị gia hạn chờ duyệt:</b> đến {fmt_date(p.new_due)} — {e(p.requested_by)}: "
                         f"{e(p.reason)}")
        if view.history:
            lines.append("<b>Lịch sử gần đây:</b>")
            lines += [f"• {fmt_datetime(ev.at)} — {e(ev.actor)} "
                      f"({e(AUDIT_CHANNEL_LABELS.get(ev.channel, ev.channel))}): "
                      f"{e(cap(ACTION_LABELS.get(ev.action, ev.action)))}" for ev in view.history]
        return _join_lines("", lines)

    def _split(self, args: str) -> tuple[str, str | None, str]:
        parts = args.split()
        if not parts:
            raise _Usage
        code, period = parts[0], None
        rest = parts[1:]
        if rest and _PERIOD.match(rest[0]):
            period, rest = rest[0], rest[1:]
        return code, period, " ".join(rest)

    async def cmd_detail(self, bot: Any, person: Person, args: str) -> tuple[str, Any]:
        try:
            code, period, _ = self._split(args)
        except _Usage:
            return "Cách dùng: /nhiemvu MÃ, ví dụ: /nhiemvu II.2.b.1", None
        return await self.db(self._detail, person, code, period), None

    def _close(self, person: Person, code: str, period: str | None, note: str | None) -> Item:
        return complete_task(self.d.engine, commune=None, code=code, period=period, at=None,
                             actor=Actor.person(person, "telegram"), note=note, evidence=None, now=self.now(),
                             perms=self.d.perms)

    async def cmd_done(self, bot: Any, person: Person, args: str) -> tuple[str, Any]:
        try:
            code, period, note = self._split(args)
        except _Usage:
            return "Cách dùng: /xong MÃ [KỲ] [ghi chú], ví dụ: /xong II.2.b.1 Đã triển khai", None
        it = await self.db(self._close, person, code, period, note or None)
        await self.edit_closed(bot, it)
        return self._done_text(it), None

    def _done_text(self, it: Item) -> str:
        c = it.completion
        assert c is not None
        return (f"✅ Đã ghi nhận hoàn thành <b>{e(it.ref)}</b> lúc {fmt_datetime(c.completed_at)} "
                f"({cap(STATUS_LABELS[it.status])}).")

    async def cmd_extend(self, bot: Any, person: Person, args: str) -> tuple[str, Any]:
        usage = "Cách dùng: /giahan MÃ [KỲ] NGÀY lý do, ví dụ: /giahan II.2.b.1 15/11/2025 Chờ hướng dẫn của tỉnh"
        try:
            code, period, rest = self._split(args)
        except _Usage:
            return usage, None
        day, _, reason = rest.partition(" ")
        if not day or not reason.strip():
            return usage, None
        new_due = parse_date(day)
        out = await self.db(ask_for_more_time, self.d.engine, person_id=pk(person), code=code, period=period,
                            new_due=new_due, reason=reason, perms=self.d.perms, now=self.now())
        if out.direct:
            return f"Đã gia hạn <b>{e(out.item.ref)}</b> đến {fmt_date(out.item.due)}.", None
        assert out.request is not None
        sent = await self.notify_leaders(bot, person, out.request.extension, out.item)
        whom = "lãnh đạo UBND xã" if sent else ("lãnh đạo (chưa ai liên kết Telegram; đề nghị đã được lưu, "
                                                "cán bộ CNTT sẽ ghi nhận quyết định của lãnh đạo)")
        return (f"Đã gửi đề nghị gia hạn <b>{e(out.item.ref)}</b> từ {fmt_date(out.item.due)} đến "
                f"{fmt_date(new_due)} tới {whom}. Bạn sẽ nhận kết quả tại đây."), None

    def _leaders(self, commune_id: int) -> list[Person]:
        """Active leaders with a private chat to write to (not a group one was linked to, see private_chat)."""
        with reading(self.d.engine) as s:
            rows = leaders(s, commune_id, self.d.perms)
        return [p for p in rows if private_chat(p) is not None]

    async def notify_leaders(self, bot: Any, requester: Person, ext: Extension, it: Item) -> int:
        leaders = await self.db(self._leaders, requester.commune_id)
        text = (f"<b>Đề nghị gia hạn</b>\n{e(requester.name)} xin gia hạn nhiệm vụ <b>{e(it.ref)}</b>\n"
                f"{e(_short(it.task.title, 200))}\n"
                f"Hạn hiện hành: {fmt_date(it.due)} → hạn đề nghị: <b>{fmt_date(ext.new_due)}</b>\n"
                f"Lý do: {e(ext.reason)}")
        sent = 0
        for leader in leaders:
            chat = private_chat(leader)
            if chat is None:  # _leaders keeps those with a private chat only
                continue
            if await self.send(bot, chat, text, self.markup(chat, cb.extension_ref(pk(ext)),
                                                            [cb.APPROVE, cb.REJECT])):
                sent += 1
        return sent

    def _summary(self, person: Person) -> str:
        with reading(self.d.engine) as s:
            per_unit, total = queries.commune_summary(s, person.commune_id, as_of=self.now())
        lines = []
        for us in [*per_unit, total]:
            shares = [f"{cap(STATUS_SHORT_LABELS[s])} {us.percent(s)}" for s in FOUR_WAY]
            lines.append(f"<b>{e(us.name)}</b> (có thời hạn: {fmt_number(us.base)})\n"
                         f"  {shares[0]} · {shares[1]}\n  {shares[2]} · {shares[3]}")
        return _join_lines(f"<b>Tổng hợp tình hình đến {fmt_datetime(self.now())}</b>", lines)

    async def cmd_summary(self, bot: Any, person: Person, args: str) -> tuple[str, Any]:
        return await self.db(self._summary, person), None

    # ------------------------------------------------------------ buttons

    async def on_callback(self, update: Any, context: Any) -> None:
        query = update.callback_query
        chat = update.effective_chat
        if query is None or chat is None:
            return
        if not in_private_chat(update):
            log.info("refused a button pressed in a %s chat %s", chat.type, chat.id)
            await query.answer(PRIVATE_ONLY, show_alert=True)
            return
        person = await self.db(self._person, chat.id)
        if person is None:
            await query.answer(UNLINKED, show_alert=True)
            return
        parsed = cb.verify(query.data or "", chat.id, self.d.key)
        if parsed is None:
            log.warning("refused callback data from chat %s", chat.id)
            await query.answer(BAD_BUTTON, show_alert=True)
            return
        action, kind, ref_id = parsed
        try:
            answer = await self.on_button(context.bot, query, person, action, kind, ref_id)
        except TrackerError as exc:
            answer = bot_hint(exc)
        except Exception:
            # Still answer the press (else the user's button spins), then let the error handler log it.
            await query.answer(FAILED, show_alert=True)
            raise
        await query.answer(_short(answer, 190), show_alert=len(answer) > 60)

    def _outbox_item(self, person: Person, outbox_id: int) -> tuple[OutboxMessage, Item]:
        with reading(self.d.engine) as s:
            found = notice_about(s, person, outbox_id, self.now())
        if found is None:
            raise _Refused
        return found

    async def on_button(self, bot: Any, query: Any, person: Person, action: str, kind: str, ref_id: int) -> str:
        if kind == "e":
            if action not in (cb.APPROVE, cb.REJECT):
                return BAD_BUTTON
            return await self.on_decision(bot, query, person, ref_id, action == cb.APPROVE)
        if kind != "o":
            return BAD_BUTTON
        try:
            row, it = await self.db(self._outbox_item, person, ref_id)
        except _Refused:
            return BAD_BUTTON
        if action == cb.DONE:
            if it.completion is not None:
                await self.edit_closed(bot, it)
                return f"Nhiệm vụ {it.ref} đã được ghi nhận hoàn thành trước đó ({it.completion.actor})."
            closed = await self.db(self._close, person, it.code, it.period, None)
            await self.edit_closed(bot, closed)
            return f"Đã ghi nhận hoàn thành {closed.ref}."
        if action == cb.EXTEND:
            with_period = f" {it.period}" if it.period else ""
            await self.send(bot, query.message.chat.id,
                            f"Để xin gia hạn <b>{e(it.ref)}</b> (hạn hiện hành {fmt_date(it.due)}), gửi:\n"
                            f"<code>/giahan {e(it.code)}{with_period} NGÀY_MỚI lý do</code>\n"
                            f"Ví dụ: /giahan {e(it.code)}{with_period} 15/11/2025 Chờ hướng dẫn của tỉnh")
            return "Hãy gửi lệnh /giahan như hướng dẫn."
        if action == cb.DETAIL:
            text = await self.db(self._detail, person, it.code, it.period, it)
            await self.send(bot, query.message.chat.id, text)
            return "Chi tiết nhiệm vụ ở tin nhắn bên dưới."
        if action == cb.ACK:
            ack, it, created = await self.db(acknowledge_escalation, self.d.engine, outbox_id=ref_id,
                                             person_id=pk(person), now=self.now())
            footer = f"\n\n👁 <b>Đã xem</b> lúc {fmt_datetime(ack.acked_at)} — {e(person.name)}"
            await self.add_footer(bot, query.message.chat.id, query.message.message_id, _row_parts(row)[-1], footer)
            return "Đã ghi nhận. Cảnh báo này sẽ không nhắc lại hàng tuần cho hạn hiện hành." if created \
                else "Bạn đã xác nhận cảnh báo này trước đó."
        return BAD_BUTTON

    def _decided(self, person: Person, ext_id: int) -> Extension | None:
        with reading(self.d.engine) as s:
            return decided_request(s, person, ext_id)

    async def _mark_decided(self, bot: Any, query: Any, ext: Extension) -> None:
        """The request message shows the decision and loses its buttons."""
        verdict = EXTENSION_STATUS_LABELS[ext.status].upper()  # the status, loud: ĐÃ DUYỆT / ĐÃ TỪ CHỐI
        original = query.message.text_html if query.message and query.message.text else ""
        when = f" lúc {fmt_datetime(ext.decided_at)}" if ext.decided_at else ""
        await self.add_footer(bot, query.message.chat.id, query.message.message_id, original,
                              f"\n\n<b>{verdict}</b> bởi {e(ext.approved_by or '—')}{when}")

    async def on_decision(self, bot: Any, query: Any, person: Person, ext_id: int, approve: bool) -> str:
        try:
            out = await self.db(decide_extension, self.d.engine, extension_id=ext_id, approve=approve,
                                person_id=pk(person), perms=self.d.perms, now=self.now())
        except Conflict:
            # Decided already (another leader, or `tracker extensions` on the CLI): show it, drop the buttons.
            decided = await self.db(self._decided, person, ext_id) if is_leader(person, self.d.perms) else None
            if decided is not None:
                await self._mark_decided(bot, query, decided)
            raise
        ext, it = out.extension, out.item
        await self._mark_decided(bot, query, ext)
        requester = out.requester
        chat = private_chat(requester) if requester is not None and requester.active else None
        if chat is not None:
            _, _, text = outcome_message(decider=person.name, ref=it.ref, approve=approve, new_due=ext.new_due,
                                         due_in_force=it.due, note=None)
            await self.send(bot, chat, text)
        return f"Đã {'duyệt' if approve else 'từ chối'} gia hạn {it.ref}."

    # ------------------------------------------------------------ edits

    async def add_footer(self, bot: Any, chat_id: int, message_id: int, original: str, footer: str) -> None:
        """The message gets the footer (who did what, when) and loses its buttons.

        Appended in place when the result fits in one message; otherwise the message keeps
        its text, only its buttons go, and the footer follows as a reply to it: cutting the
        original would break its HTML and hide part of it.
        """
        if length(original + footer) <= MAX_TEXT:
            await self.edit(bot, chat_id, message_id, original + footer)
            return
        await self.edit(bot, chat_id, message_id, None)
        await self.send(bot, chat_id, footer.strip(), reply_to=message_id)

    async def edit(self, bot: Any, chat_id: int, message_id: int, text: str | None) -> None:
        """Edit a message in place (text None: keep its text) and drop its buttons.

        An unchanged or vanished message is fine."""
        from telegram.error import BadRequest, Forbidden

        try:
            if text is None:
                await bot.edit_message_reply_markup(chat_id=chat_id, message_id=message_id, reply_markup=None)
            else:
                await bot.edit_message_text(chat_id=chat_id, message_id=message_id, text=text, parse_mode="HTML",
                                            reply_markup=None)
        except BadRequest as exc:
            if "not modified" not in exc.message.lower():
                log.info("could not edit message %s in chat %s: %s", message_id, chat_id, exc.message)
        except Forbidden as exc:
            await self.db(mark_unreachable, self.d.engine, chat_id=chat_id, detail=exc.message, now=self.now())

    def _sent_rows(self, it: Item) -> list[OutboxMessage]:
        with reading(self.d.engine) as s:
            return sent_about(s, pk(it.task), it.occurrence.id if it.occurrence else None, "telegram")

    async def edit_closed(self, bot: Any, it: Item) -> None:
        """Every Telegram reminder about a completed item now says who closed it and when."""
        c = it.completion
        if c is None:
            return
        footer = f"\n\n✅ <b>Đã hoàn thành</b> — {e(c.actor)}, lúc {fmt_datetime(c.completed_at)}"
        for row in await self.db(self._sent_rows, it):
            # A long message went as parts (their ids in order); the last one sent carries the buttons.
            ids, parts = sent_parts(row.external_id), _row_parts(row)
            try:
                chat, mid = int(row.address), int(ids[-1])
            except (ValueError, IndexError):
                continue
            if len(ids) <= len(parts):
                await self.add_footer(bot, chat, mid, parts[len(ids) - 1], footer)

    # ------------------------------------------------------------ errors

    async def on_error(self, update: object, context: Any) -> None:
        from telegram import Update
        from telegram.error import Forbidden

        err = context.error
        chat_id = update.effective_chat.id if isinstance(update, Update) and update.effective_chat else None
        if isinstance(err, Forbidden) and chat_id is not None:
            await self.db(mark_unreachable, self.d.engine, chat_id=chat_id, detail=err.message, now=self.now())
            return
        log.error("bot update failed: %s", err.__class__.__name__, exc_info=err)
        if chat_id is not None:
            try:
                await context.bot.send_message(chat_id=chat_id, text=FAILED)
            except Exception:  # the chat may be the problem; nothing more to do
                pass


def _row_parts(row: OutboxMessage) -> list[str]:
    """The texts the Telegram channel sent for an outbox row, in order: split by the dispatcher's own function
    with the channel's own limit, so an edit finds the part a person received."""
    from tracker.channels.telegram.transport import TelegramChannel, wire_text
    from tracker.reminders.dispatch import row_parts

    return [wire_text(part) for part in row_parts(row.model_dump(), TelegramChannel)]


class _Usage(Exception):
    pass


class _Refused(Exception):
    pass
