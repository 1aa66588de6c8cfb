"""Running one bot as a process of its own (`tracker bot`, `tracker zalo`) until SIGINT or SIGTERM."""

from __future__ import annotations

import asyncio
import signal
from collections.abc import Awaitable, Callable
from typing import Any

Stop = Callable[[], Awaitable[Any]]


def serve_until_signalled(start: Callable[[], Awaitable[Stop]], on_started: Callable[[], None] | None = None) -> None:
    """Start the bot (start() returns its stop()), run on_started once it serves, stop it cleanly on SIGINT or
    SIGTERM; the daemon's one-line Vietnamese log (TIN:/CẢNH BÁO:/LỖI:, TRACKER_LOG_LEVEL)."""
    from tracker.liblog import setup_logging

    async def main() -> None:
        stop_event = asyncio.Event()
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(sig, stop_event.set)
        stop = await start()
        if on_started is not None:
            on_started()
        try:
            await stop_event.wait()
        finally:
            await stop()

    setup_logging()
    asyncio.run(main())
