"""Client-side throttle for a messenger's bot API: at most N messages per second overall and one message per
interval to a chat (Telegram: 30/s and 1 s; Zalo: the [zalo] table, 20/s and 1 s by default).

The far side answers excess with a 429; the goal here is never to get one.

A slot is counted from the moment a request starts until it completes, and the
spacing is measured from the completion of earlier requests. The server receives a
request between its start and its completion, so the gaps it sees are never
shorter than ours: no 429 even with network jitter.

A chat's wait never holds up another chat: messages to one chat queue on that chat's own lock (in the order
they came) and sleep out its interval holding only that lock; the overall limit is then a reservation (a start
instant in the window, counted at once, made without awaiting so no other task interleaves) slept out holding
nothing shared. So a
burst of N messages to one chat takes N intervals for that chat, while a message to another chat goes out
within the overall spacing.

Time is a parameter (``clock``, ``sleep``): tests drive the limiter on a virtual clock.
"""

from __future__ import annotations

import asyncio
import time
from collections import deque
from collections.abc import AsyncIterator, Awaitable, Callable, Hashable
from contextlib import asynccontextmanager


class RateLimiter:
    def __init__(self, overall_per_second: float = 30, per_chat_interval: float = 1.0,
                 window: float = 1.0, *, clock: Callable[[], float] = time.monotonic,
                 sleep: Callable[[float], Awaitable[object]] = asyncio.sleep) -> None:
        self.overall = int(overall_per_second * window)
        self.window = window
        self.per_chat_interval = per_chat_interval
        self.clock = clock
        self.sleep = sleep
        self._stamps: deque[list[float]] = deque()  # [t]: reserved start while waiting or in flight, then completion
        self._chat_free_at: dict[Hashable, float] = {}  # instant the chat may receive again
        self._chat_locks: dict[Hashable, tuple[asyncio.Lock, list[int]]] = {}  # lock, [holders + waiters]
        self._loop: asyncio.AbstractEventLoop | None = None
        self.waited = 0.0  # total seconds spent waiting (for benchmarks)

    def _overall_start(self, now: float) -> float:
        """The earliest start at or after now that keeps at most `overall` starts in any window (the reservations
        and completions already counted), for a request counted from this instant."""
        cutoff = now - self.window
        if self._stamps and any(s[0] <= cutoff for s in self._stamps):
            self._stamps = deque(s for s in self._stamps if s[0] > cutoff)
        if len(self._stamps) < self.overall:
            return now
        latest = sorted(s[0] for s in self._stamps)[-self.overall]  # the overall-th most recent instant
        return max(now, latest + self.window)

    def _chat_lock(self, chat_id: Hashable) -> tuple[asyncio.Lock, list[int]]:
        entry = self._chat_locks.get(chat_id)
        if entry is None:
            entry = self._chat_locks[chat_id] = (asyncio.Lock(), [0])
        entry[1][0] += 1
        return entry

    def _release_chat(self, chat_id: Hashable, entry: tuple[asyncio.Lock, list[int]]) -> None:
        entry[1][0] -= 1
        if entry[1][0] <= 0 and self._chat_locks.get(chat_id) is entry:
            del self._chat_locks[chat_id]  # nobody queues on this chat: forget its lock

    async def _wait(self, delay: float) -> None:
        if delay > 0:
            self.waited += delay
            await self.sleep(delay)

    @asynccontextmanager
    async def slot(self, chat_id: Hashable) -> AsyncIterator[None]:
        """Wait until a message to chat_id is within both limits; hold the slot while sending."""
        loop = asyncio.get_running_loop()
        if self._loop is not loop:  # an asyncio.Lock belongs to one loop
            self._loop, self._chat_locks = loop, {}
        entry = self._chat_lock(chat_id)
        stamp: list[float] | None = None
        try:
            async with entry[0]:  # earlier messages to this chat have completed: its free instant is known
                await self._wait(self._chat_free_at.get(chat_id, 0.0) - self.clock())
                now = self.clock()  # the reservation: no await from here to the append
                start = self._overall_start(now)
                stamp = [start]
                self._stamps.append(stamp)
                await self._wait(start - now)
                try:
                    yield
                finally:
                    done = max(self.clock(), start)
                    stamp[0] = done
                    self._chat_free_at[chat_id] = done + self.per_chat_interval
                    if len(self._chat_free_at) > 10_000:  # forget chats whose interval has long passed
                        self._chat_free_at = {c: t for c, t in self._chat_free_at.items() if t > done}
        except BaseException:
            if stamp is not None and stamp[0] > self.clock():  # cancelled before its reserved start: give it back
                try:
                    self._stamps.remove(stamp)
                except ValueError:
                    pass
            raise
        finally:
            self._release_chat(chat_id, entry)
