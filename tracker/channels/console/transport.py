"""Console transport: prints the message (the shared text part) to a stream."""

from __future__ import annotations

import sys
from collections.abc import Mapping
from types import TracebackType
from typing import ClassVar, Literal, Protocol

from tracker.channels.base import Outgoing
from tracker.channels.spec import OpenContext

KIND_MARK = {"reminder": "⏰", "overdue": "⚠", "escalation": "🚨", "digest": "📋"}


class TextSink(Protocol):
    """What the console channel writes to: a text file, stdout, or the demo's day-by-day stream."""

    def write(self, text: str, /) -> int: ...

    def flush(self) -> None: ...


class ConsoleChannel:
    """Writes each message to a stream (stdout by default), flushed per message.

    style="full" prints the subject and the text; "compact" one line (the demo).
    """

    name: ClassVar[str] = "console"
    max_length: ClassVar[int | None] = None
    markup: ClassVar[Literal["html", "text"]] = "text"

    def __init__(self, stream: TextSink | None = None, style: str = "full") -> None:
        self.stream = stream
        self.style = style

    @classmethod
    def from_settings(cls, settings: Mapping[str, str | None], context: OpenContext) -> ConsoleChannel:
        return cls(context.stream, context.config.console_style)

    async def __aenter__(self) -> ConsoleChannel:
        return self

    async def __aexit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                        tb: TracebackType | None) -> None:
        return None

    async def send(self, message: Outgoing) -> str | None:
        out = self.stream or sys.stdout
        mark = KIND_MARK.get(message.kind, "•")
        if self.style == "compact":
            out.write(f"  {mark} → {message.recipient_name}: {message.subject}\n")
        else:
            bar = "─" * 72
            out.write(f"{bar}\n{mark} Gửi: {message.recipient_name}\nTiêu đề: {message.subject}\n\n"
                      f"{message.text}\n")
        out.flush()
        return None
