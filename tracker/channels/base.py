"""The transport contract every channel implements: small enough that a Zalo channel is one new folder
(tracker/channels/__init__.py says what the folder holds).

A channel only delivers. Retries, backoff, recording outcomes and marking people
unreachable live in the dispatcher (tracker/reminders/dispatch.py).
"""

from __future__ import annotations

import html as html_lib
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from types import TracebackType
from typing import TYPE_CHECKING, ClassVar, Literal, Protocol

from tracker.reminders.split import split_message

if TYPE_CHECKING:
    from tracker.channels.spec import OpenContext


@dataclass(frozen=True)
class Button:
    label: str  # Vietnamese, shown to the user
    data: str  # callback data, 1–64 bytes (Telegram's limit)


@dataclass(frozen=True)
class Outgoing:
    """One rendered message for one recipient on one channel (one outbox row)."""

    outbox_id: int
    key: str
    kind: str  # reminder / overdue / escalation / digest / bot
    channel: str
    address: str  # e-mail address, Telegram chat id, or a name for the console
    recipient_name: str
    subject: str
    text: str
    html: str | None = None  # e-mail HTML part, or Telegram HTML message
    buttons: tuple[Button, ...] = field(default_factory=tuple)


class DeliveryError(Exception):
    """Delivery failed. permanent=True: never retry (blocked bot, 5xx SMTP, bad address).

    retry_after: seconds the far side asked us to wait (Telegram 429), if any.
    detail must not contain secrets; it is stored and shown to the IT officer.
    """

    def __init__(self, detail: str, *, permanent: bool, retry_after: float | None = None,
                 unreachable: bool = False) -> None:
        super().__init__(detail)
        self.detail = detail
        self.permanent = permanent
        self.retry_after = retry_after
        self.unreachable = unreachable  # the person blocked us: stop using this channel for them


class Channel(Protocol):
    """Used as `async with channel: await channel.send(msg) ...` for one batch.

    Entering opens what a batch shares (one SMTP connection, one HTTP client);
    send() returns the far side's message id, if any, or raises DeliveryError.

    max_length: the longest message the far side accepts (None: no limit), and
    markup: what send() delivers, "html" (message.html, else the escaped text) or
    "text" (message.text). The dispatcher splits a longer message into numbered
    parts (message_parts below) and calls send() once per part, so send() never
    sees a message over max_length.
    """

    name: ClassVar[str]
    max_length: ClassVar[int | None]
    markup: ClassVar[Literal["html", "text"]]

    @classmethod
    def from_settings(cls, settings: Mapping[str, str | None], context: OpenContext) -> Channel:
        """The channel opened by a process: its own settings (by Setting.name) and what the process shares."""
        ...

    async def __aenter__(self) -> Channel: ...

    async def __aexit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                        tb: TracebackType | None) -> None: ...

    async def send(self, message: Outgoing) -> str | None: ...


def message_parts(message: Outgoing, max_length: int | None, markup: Literal["html", "text"]) -> list[Outgoing]:
    """The message as a channel of this max_length and markup sends it: itself, or numbered parts.

    Parts share the outbox row (id, key); the buttons go with the last part, which
    closes the message. Splitting the same message again gives the same parts, so a
    retry can resume after the parts already sent.
    """
    if markup == "html":
        body = message.html if message.html is not None else html_lib.escape(message.text, quote=False)
        texts = split_message(body, max_length, html=True)
        if len(texts) == 1:
            return [message]
        parts = [replace(message, html=t, buttons=()) for t in texts]
    else:
        texts = split_message(message.text, max_length, html=False)
        if len(texts) == 1:
            return [message]
        parts = [replace(message, text=t, buttons=()) for t in texts]
    parts[-1] = replace(parts[-1], buttons=message.buttons)
    return parts
