"""One throttle per Zalo bot in a process: the channel's deliveries and the bot's replies share it, so a chat
never gets two messages closer than [zalo] per_chat_interval_seconds, whoever sends them."""

from __future__ import annotations

import hashlib

from tracker.channels.ratelimit import RateLimiter

_shared: dict[tuple[str, float, int], RateLimiter] = {}


def limiter_for(token: str, per_chat_interval: float = 1.0, overall_per_second: int = 20) -> RateLimiter:
    """The process's limiter for this bot (keyed by a hash of its token, never the token) and these limits."""
    key = (hashlib.sha256(token.strip().encode()).hexdigest()[:16], per_chat_interval, overall_per_second)
    if key not in _shared:
        _shared[key] = RateLimiter(overall_per_second=overall_per_second, per_chat_interval=per_chat_interval)
    return _shared[key]


def reset() -> None:
    """Forget every limiter (tests: an earlier test's spacing must not slow the next one)."""
    _shared.clear()
