"""1,000 Zalo messages to 1,000 chats through the dispatcher and the fake Zalo Bot Platform.

The real path of a reminder: outbox rows in a SQLite file, the dispatcher claiming and recording each one, the
Zalo channel (its throttle, the httpx client) and the fake platform on 127.0.0.1, which enforces the limits the
[zalo] table assumes (1 message per second per chat, 20 per second overall) and answers 429 beyond them.
Prints the time against the configured limits (the floor for N messages at R per second is about (N - R) / R
seconds, or (M - 1) x the per-chat interval when M messages go to one chat, whichever is longer) and the number
of 429 answers (goal: zero).

    .venv/bin/python bench/bench_zalo.py [--messages 1000] [--chats 1000] [--per-second 20]
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.fake_zalo_api import TOKEN, FakeZaloApi
from tracker.channels.zalo import ratelimit
from tracker.channels.zalo.config import ZaloSettings
from tracker.db import get_engine, transaction
from tracker.migrations import migrate
from tracker.reminders import outbox
from tracker.reminders.config import Delivery, ReminderConfig
from tracker.reminders.dispatch import Dispatcher, default_factory
from tracker.timeutil import VN

NOW = datetime(2025, 10, 2, 9, 0, tzinfo=VN)  # a Thursday, within working hours
BODY = ("⏰ Nhắc hạn: II.2.b.1\nRà soát, công bố danh mục thủ tục hành chính thuộc thẩm quyền giải quyết của xã\n"
        "Đơn vị chủ trì: Văn phòng HĐND và UBND xã\nThời hạn: 30/09/2025 (Quý III/2025)\n\n"
        "Còn 3 ngày làm việc đến hạn.\n\n"
        "Trả lời /xong II.2.b.1 khi đã hoàn thành, hoặc /giahan II.2.b.1 NGÀY_MỚI lý do để xin gia hạn.\n"
        "— Hệ thống theo dõi nhiệm vụ cải cách TTHC, UBND xã Cam Hiệp")


def queue(engine: object, messages: int, chats: int) -> None:
    rows = [{"key": f"bench:{i}:zalo", "commune_id": None, "kind": "notice", "rule": "bench", "task_id": None,
             "occurrence_id": None, "person_id": None, "channel": "zalo", "address": f"{i % chats:020x}",
             "slot": NOW.date().isoformat(), "subject": "Nhắc hạn", "body_text": BODY, "body_html": None,
             "buttons": [], "status": "pending", "attempts": 0, "created_at": NOW, "due_at": NOW,
             "next_attempt_at": NOW, "deadline": None, "last_error": None}
            for i in range(messages)]
    with transaction(engine) as s:  # type: ignore[arg-type]
        outbox.insert_rows(s, rows)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--messages", type=int, default=1000)
    ap.add_argument("--chats", type=int, default=1000)
    ap.add_argument("--per-second", type=int, default=ZaloSettings().overall_per_second,
                    help="the [zalo] overall_per_second the channel throttles to (the fake always allows 20)")
    args = ap.parse_args()
    limits = ZaloSettings(overall_per_second=args.per_second)
    ratelimit.reset()
    # The channel reads its limits from the [zalo] table; the bench gives them directly to the shared limiter.
    ratelimit.limiter_for(TOKEN, limits.per_chat_interval_seconds, limits.overall_per_second)

    with tempfile.TemporaryDirectory() as tmp, FakeZaloApi() as api:
        engine = get_engine(f"sqlite:///{tmp}/bench.db")
        migrate(engine)
        queue(engine, args.messages, args.chats)
        cfg = ReminderConfig()
        delivery = Delivery(zalo_token=TOKEN, zalo_api_url=api.url)
        t0 = time.perf_counter()
        stats = asyncio.run(Dispatcher(engine, cfg, default_factory(delivery, cfg), clock=lambda: NOW,
                                       worker="bench").deliver_all())
        elapsed = time.perf_counter() - t0
        engine.dispose()  # type: ignore[attr-defined]
        delivered, too_many = len(api.sent), api.too_many
    rate = limits.overall_per_second
    per_chat = -(-args.messages // args.chats)  # messages to the busiest chat
    floor = max(max(0, args.messages - rate) / rate, (per_chat - 1) * limits.per_chat_interval_seconds)
    print(f"work: {args.messages} outbox rows to {args.chats} Zalo chats ({len(BODY)} characters each), "
          f"dispatcher -> Zalo channel (httpx) -> fake Zalo Bot Platform on 127.0.0.1")
    print(f"sent: {stats.sent}, retried: {stats.retried}, failed: {stats.failed}; "
          f"received by the platform: {delivered}; 429 answers: {too_many}")
    print(f"elapsed: {elapsed:.1f} s = {args.messages / elapsed:.1f} msg/s "
          f"(limit {rate} msg/s overall, {limits.per_chat_interval_seconds:g} s per chat; "
          f"floor for this work ≈ {floor:.1f} s)")


if __name__ == "__main__":
    main()
