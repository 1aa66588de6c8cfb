"""The Telegram adapter of the bot's conversation (tracker/bot/conversation.py): updates in, HTML and buttons out.

The verbs, the checks on every message (private chats only, the chat's active person, the cut-off on code
guessing) and the replies are the conversation's. This module adds what is Telegram's own: a private chat is
one whose user is the chat (update.effective_user.id == chat.id); replies go as HTML in numbered parts, a
reply's actions as inline buttons; button data is verified with tracker.bot.callbacks.verify against the chat
it comes from; a closed task or a decided request edits the messages that showed it. What the person may do is
decided by the domain (tracker.domain.permissions), inside the transaction of the action itself.
"""

from __future__ import annotations

import logging
from typing import Any

from tracker.bot import callbacks as cb
from tracker.bot.conversation import (
    BAD_BUTTON,
    COMMANDS,
    FAILED,
    PRIVATE_ONLY,
    UNLINKED,
    BotDeps,
    Conversation,
    Reply,
    _short,
    e,
    item_line,
    said,
)
from tracker.bot.hints import bot_hint
from tracker.channels.telegram.transport import MAX_TEXT
from tracker.db import pk, reading
from tracker.domain.accounts import mark_unreachable
from tracker.domain.escalations import acknowledge_escalation, notice_about
from tracker.domain.extensions import decided_request
from tracker.domain.permissions import is_leader
from tracker.errors import Conflict, TrackerError
from tracker.formatting import fmt_date, fmt_datetime, month_phrase
from tracker.models import Extension, OutboxMessage, Person, private_chat
from tracker.reminders.outbox import sent_about, sent_parts
from tracker.reminders.split import length, split_message
from tracker.status import Item
from tracker.vocabulary import EXTENSION_STATUS_LABELS

__all__ = ["BAD_BUTTON", "COMMANDS", "FAILED", "PRIVATE_ONLY", "UNLINKED", "BotDeps", "TrackerBot", "in_private_chat",
           "item_line"]

log = logging.getLogger("tracker.bot")


def in_private_chat(update: Any) -> bool:
    """The update was sent by the user of a private chat with the bot (whose id is the chat's)."""
    chat, user = update.effective_chat, update.effective_user
    return chat is not None and user is not None and chat.type == "private" and user.id == chat.id


class TrackerBot(Conversation):
    """The conversation on Telegram; build_application() wires its handlers into a PTB Application (and sets
    .bot, the Application's Bot)."""

    channel = "telegram"

    def __init__(self, deps: BotDeps) -> None:
        super().__init__(deps)
        self.bot: Any = None

    # ------------------------------------------------------------ the adapter's part

    def address_of(self, person: Person) -> str | None:
        chat = private_chat(person)  # never a group one was linked to
        return None if chat is None else str(chat)

    async def deliver(self, address: str, reply: Reply) -> bool:
        chat = int(address)
        markup = self.markup(chat, reply.ref, list(reply.actions)) if reply.actions else None
        return await self.send(self.bot, chat, reply.text, markup) is not None

    async def after_close(self, it: Item) -> None:
        await self.edit_closed(self.bot, it)

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
            await self.db(mark_unreachable, self.d.engine, address=str(chat_id), detail=exc.message,
                          now=self.now())
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
        self.bot = self.bot or context.bot
        await self.on_text(str(chat.id), msg.text or "", private=in_private_chat(update))

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
        person = await self.db(self._person, str(chat.id))
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
                return f"Nhiệm vụ {said(it)} đã được ghi nhận hoàn thành trước đó ({it.completion.actor})."
            closed = await self.db(self.close, person, it.code, it.period, None)
            await self.closed(closed)
            return f"Đã ghi nhận hoàn thành {said(closed)}."
        if action == cb.EXTEND:
            with_period = f" {it.period}" if it.period else ""
            note = f" ({e(it.period)} là kỳ {month_phrase(it.period)})" if it.period else ""
            await self.send(bot, query.message.chat.id,
                            f"Để xin gia hạn <b>{e(said(it))}</b> (hạn hiện hành {fmt_date(it.due)}), đồng chí "
                            f"gửi:\n<code>/giahan {e(it.code)}{with_period} NGÀY_MỚI lý do</code>{note}\n"
                            f"Ví dụ: /giahan {e(it.code)}{with_period} 15/11/2025 Chờ hướng dẫn của tỉnh")
            return "Đồng chí gửi /giahan như hướng dẫn bên dưới."
        if action == cb.DETAIL:
            text = await self.db(self.detail, person, it.code, it.period, it)
            await self.send(bot, query.message.chat.id, text)
            return "Chi tiết nhiệm vụ ở tin nhắn bên dưới."
        if action == cb.ACK:
            ack, it, created = await self.db(acknowledge_escalation, self.d.engine, outbox_id=ref_id,
                                             person_id=pk(person), now=self.now())
            footer = f"\n\n👁 <b>Đã xem</b> lúc {fmt_datetime(ack.acked_at)} — {e(person.name)}"
            await self.add_footer(bot, query.message.chat.id, query.message.message_id, _row_parts(row)[-1], footer)
            return "Đã ghi nhận. Cảnh báo này sẽ không nhắc lại hàng tuần cho hạn hiện hành." if created \
                else "Đồng chí đã xác nhận cảnh báo này trước đó."
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
            ext, it = await self.decide(person, ext_id, approve)
        except Conflict:
            # Decided already (another leader, or `tracker extensions` on the CLI): show it, drop the buttons.
            decided = await self.db(self._decided, person, ext_id) if is_leader(person, self.d.perms) else None
            if decided is not None:
                await self._mark_decided(bot, query, decided)
            raise
        await self._mark_decided(bot, query, ext)
        return f"Đã {'duyệt' if approve else 'từ chối'} gia hạn {said(it)}."

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
            await self.db(mark_unreachable, self.d.engine, address=str(chat_id), detail=exc.message, now=self.now())

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
            await self.db(mark_unreachable, self.d.engine, address=str(chat_id), detail=err.message, now=self.now())
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


class _Refused(Exception):
    pass
