"""1,000 Telegram messages to 1,000 chats through the fake Bot API server.

Measures the channel's throughput against Telegram's ~30 messages/s limit (the
floor for 1,000 messages is about 33 s) and counts 429 answers (goal: zero).

    .venv/bin/python bench/bench_telegram.py [--messages 1000] [--chats 1000]
"""

from __future__ import annotations

import argparse
import asyncio
import html
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.fake_bot_api import TOKEN, FakeBotApi
from tracker.channels.base import Button, DeliveryError, Outgoing
from tracker.channels.telegram.ratelimit import RateLimiter
from tracker.channels.telegram.transport import TelegramChannel


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--messages", type=int, default=1000)
    ap.add_argument("--chats", type=int, default=1000)
    args = ap.parse_args()
    title = html.escape('Báo cáo <b>quý</b> & "khẩn"', quote=False)
    msgs = [Outgoing(outbox_id=i + 1, key=f"bench:{i}", kind="reminder", channel="telegram",
                     address=str(10_000 + i % args.chats), recipient_name="Trưởng đơn vị", subject="Nhắc việc",
                     text="Nhắc việc", html=f"<b>Nhắc việc</b>\nII.2.b.1: {title}\nHạn: 30/09/2025",
                     buttons=(Button("Đã hoàn thành", "done"), Button("Xin gia hạn", "ext"),
                              Button("Chi tiết", "info")))
            for i in range(args.messages)]
    failures: list[DeliveryError] = []

    async def run(api: FakeBotApi) -> float:
        channel = TelegramChannel(TOKEN, api.url, limiter=RateLimiter())
        t0 = time.perf_counter()
        async with channel:
            for m in msgs:
                try:
                    await channel.send(m)
                except DeliveryError as exc:
                    failures.append(exc)
        return time.perf_counter() - t0

    with FakeBotApi() as api:
        elapsed = asyncio.run(run(api))
        delivered = len(api.sent)
        too_many = api.too_many
    floor = max(0, args.messages - 30) / 30
    print(f"work: {args.messages} messages to {args.chats} chats (HTML, 3 signed buttons each), "
          f"one batch, real python-telegram-bot -> fake Bot API on 127.0.0.1")
    print(f"delivered: {delivered}, failed: {len(failures)}, 429 answers: {too_many}")
    print(f"elapsed: {elapsed:.1f} s = {args.messages / elapsed:.1f} msg/s "
          f"(limit 30 msg/s; floor for this work ≈ {floor:.1f} s)")


if __name__ == "__main__":
    main()
