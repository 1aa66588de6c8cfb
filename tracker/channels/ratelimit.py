"""Client-side throttle for a messenger's bot API: at most N messages per second overall and one message per
interval to a chat (Telegram: 30/s and 1 s; Zalo: the [zalo] table, 20/s and 1 s by default).

The far side answers excess with a 429; the goal here is never to get one.

A slot is counted from the moment a request starts until it completes, and the
spacing is measured from the completion of earlier requests. The server receives a
request between its start and its completion, so the gaps it sees are never
shorter than ours: no 429 even with network jitter.
"""

from __future__ import annotations

import asyncio
import time
from collections import deque
from collections.abc import AsyncIterator, Hashable
from contextlib import asynccontextmanager


class RateLimiter:
    def __init__(self, overall_per_second: float = 30, per_chat_interval: float = 1.0,
                 window: float = 1.0) -> None:
        self.overall = int(overall_per_second * window)
        self.window = window
        self.per_chat_interval = per_chat_interval
        self._stamps: deque[list[float]] = deque()  # [t]: start while in flight, then completion
        self._chat_free_at: dict[Hashable, float] = {}  # monotonic instant the chat may receive again
        self._chat_busy: set[Hashable] = set()
        self._lock: asyncio.Lock | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self.waited = 0.0  # total seconds spent waiting (for benchmarks)

    def _delay(self, chat_id: Hashable, now: float) -> float:
        while self._stamps and self._stamps[0][0] <= now - self.window:
            self._stamps.popleft()
        wait = 0.0
        if len(self._stamps) >= self.overall:
            wait = self._stamps[-self.overall][0] + self.window - now
        if chat_id in self._chat_busy:
            wait = max(wait, self.per_chat_interval)
        else:
            wait = max(wait, self._chat_free_at.get(chat_id, 0.0) - now)
        return wait

    @asynccontextmanager
    async def slot(self, chat_id: Hashable) -> AsyncIterator[None]:
        """Wait until a message to chat_id is within both limits; hold the slot while sending."""
        loop = asyncio.get_running_loop()
        if self._lock is None or self._loop is not loop:  # an asyncio.Lock belongs to one loop
            self._lock, self._loop = asyncio.Lock(), loop
        async with self._lock:
            while True:
                now = time.monotonic()
                delay = self._delay(chat_id, now)
                if delay <= 0:
                    break
                self.waited += delay
                await asyncio.sleep(delay)
            stamp = [now]
            self._stamps.append(stamp)
            self._chat_busy.add(chat_id)
        try:
            yield
        finally:
            done = time.monotonic()
            stamp[0] = done
            self._chat_busy.discard(chat_id)
            self._chat_free_at[chat_id] = done + self.per_chat_interval
            if len(self._chat_free_at) > 10_000:  # forget chats whose interval has long passed
                self._chat_free_at = {c: t for c, t in self._chat_free_at.items() if t > done}
