"""The messengers' shared throttle (tracker/channels/ratelimit.py) on a virtual clock: which instant each
message starts at, as the limiter computes it, with no real waiting and no timed assertion.

A burst to one chat waits out that chat's interval without holding up another chat, and the overall limit
still holds for everyone."""

from __future__ import annotations

import asyncio
import heapq
import itertools
from collections.abc import Awaitable
from typing import Any

from tracker.channels.ratelimit import RateLimiter


class VirtualTime:
    """A clock that moves only when every task is asleep: then to the earliest wake-up."""

    def __init__(self) -> None:
        self.now = 0.0
        self._wakeups: list[tuple[float, int, asyncio.Future[None]]] = []
        self._seq = itertools.count()

    def clock(self) -> float:
        return self.now

    async def sleep(self, delay: float) -> None:
        future: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        heapq.heappush(self._wakeups, (self.now + max(delay, 0.0), next(self._seq), future))
        await future

    async def _settle(self) -> None:
        for _ in range(200):  # let every runnable task go on until it sleeps or waits on a lock
            await asyncio.sleep(0)

    async def run(self, *work: Awaitable[Any]) -> None:
        tasks = [asyncio.ensure_future(w) for w in work]
        await self._settle()
        while not all(t.done() for t in tasks):
            assert self._wakeups, "tasks wait on something other than the clock"
            at, _, future = heapq.heappop(self._wakeups)
            self.now = max(self.now, at)
            future.set_result(None)
            await self._settle()
        for t in tasks:
            t.result()


def simulate(limiter: RateLimiter, vt: VirtualTime, chats: list[str], latency: float = 0.05
             ) -> list[tuple[str, float]]:
    """Send one message per entry of `chats`, all queued at instant 0 in that order; each takes `latency`.
    Returns (chat, start instant) in the order the sends started."""
    started: list[tuple[str, float]] = []

    async def send(chat: str) -> None:
        async with limiter.slot(chat):
            started.append((chat, vt.now))
            await vt.sleep(latency)

    async def go() -> None:
        await vt.run(*(send(c) for c in chats))

    asyncio.run(go())
    return started


def limiter(vt: VirtualTime, overall: int = 20, interval: float = 1.0) -> RateLimiter:
    return RateLimiter(overall_per_second=overall, per_chat_interval=interval, clock=vt.clock, sleep=vt.sleep)


def test_a_burst_to_one_chat_does_not_hold_up_a_message_to_another_chat():
    vt = VirtualTime()
    started = simulate(limiter(vt), vt, ["a"] * 5 + ["b"])
    [(_, b_at)] = [s for s in started if s[0] == "b"]
    assert b_at == 0.0  # within the overall spacing: 2 messages out of 20 in the first second
    assert [c for c, _ in started][:2] == ["a", "b"]  # b goes out before a's second message
    a_starts = [t for c, t in started if c == "a"]
    # each of a's messages one interval after the completion of the one before
    assert [round(t, 2) for t in a_starts] == [0.0, 1.05, 2.1, 3.15, 4.2]


def test_messages_to_one_chat_keep_their_order_and_the_interval_after_each_completion():
    vt = VirtualTime()
    lim = limiter(vt, interval=2.0)
    order: list[int] = []

    async def send(i: int) -> None:
        async with lim.slot("a"):
            order.append(i)
            await vt.sleep(0.5)

    async def go() -> None:
        await vt.run(*(send(i) for i in range(4)))

    asyncio.run(go())
    assert order == [0, 1, 2, 3] and vt.now == 4 * 0.5 + 3 * 2.0


def test_the_overall_limit_still_holds_with_one_chat_waiting_on_its_interval():
    vt = VirtualTime()
    chats = ["slow"] * 4 + [f"c{i}" for i in range(25)]
    started = simulate(limiter(vt, overall=5), vt, chats, latency=0.0)
    times = sorted(t for _, t in started)
    assert len(started) == len(chats)
    for t in times:  # at most 5 starts in any window (t - 1, t]
        assert sum(1 for u in times if t - 1.0 < u <= t) <= 5
    slow = [t for c, t in started if c == "slow"]
    assert all(later - earlier >= 1.0 for earlier, later in itertools.pairwise(slow))
    # the other chats are not queued behind "slow": the first second carries 5 messages, one of them to "slow"
    assert sum(1 for t in times if t < 1.0) == 5 and sum(1 for c, t in started if t < 1.0 and c != "slow") == 4


def test_a_message_cancelled_while_waiting_gives_its_reservation_back():
    vt = VirtualTime()
    lim = limiter(vt, overall=1)
    sent: list[tuple[str, float]] = []

    async def send(chat: str) -> None:
        async with lim.slot(chat):
            sent.append((chat, vt.now))

    async def go() -> None:
        await vt.run(send("a"))
        waiting = asyncio.ensure_future(send("b"))  # the overall limit makes it wait for 1 s
        await vt._settle()
        waiting.cancel()
        await vt._settle()
        vt._wakeups.clear()
        vt.now += 1.0
        await vt.run(send("c"))  # b's reserved instant is free again: c goes at once

    asyncio.run(go())
    assert sent == [("a", 0.0), ("c", 1.0)]
