"""Client-side throttle for Telegram: ~30 messages/s overall, ~1 message/s per chat.

PTB's AIORateLimiter throttles the overall rate and groups, not private chats, and
Telegram's answer to excess is a 429; the goal here is never to get one. The limiter
itself is shared with the other messengers (tracker/channels/ratelimit.py).
"""

from __future__ import annotations

from tracker.channels.ratelimit import RateLimiter

__all__ = ["RateLimiter", "limiter_for"]

_shared: dict[str, RateLimiter] = {}


def limiter_for(key: str) -> RateLimiter:
    """One limiter per bot (keyed by a hash of its token) in this process: channel and bot share it."""
    if key not in _shared:
        _shared[key] = RateLimiter()
    return _shared[key]
