"""`tracker demo`: the seeded plan replayed from its issue date to the year's end.

A scratch SQLite database in a temporary directory (never the user's tracker.db),
the embedded plan, two clearly fake heads (example.invalid addresses), the console
channel only (whatever the environment says), and a simulated clock: one sweep at
07:30 on every working day, exactly what the daemon would do. Along the way the
heads complete some tasks (one on time, one late, one after an extension) so the
reminders, escalations and digests tell a story. Ends with the summary table.
"""

from __future__ import annotations

import asyncio
import os
import sys
import tempfile
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from tracker.formatting import weekday_name
from tracker.reminders.config import Delivery, ReminderConfig
from tracker.reminders.policy import at_work

if TYPE_CHECKING:
    from sqlalchemy import Engine

CHAIRMAN = "Bùi Quang Nam"
HEADS = (("Trần Thị Demo", "VP", "vp.demo@example.invalid"),
         ("Lê Văn Demo", "TTPVHCC", "ttpvhcc.demo@example.invalid"))


class DayStream:
    """Writes a day heading before the first message of each simulated day."""

    def __init__(self, out: TextIO) -> None:
        self.out = out
        self.day: date | None = None
        self._shown: date | None = None

    def heading(self) -> None:
        if self.day is not None and self._shown != self.day:
            self._shown = self.day
            self.out.write(f"\n{weekday_name(self.day)} {self.day.strftime('%d/%m/%Y')}\n")

    def write(self, text: str) -> int:
        try:
            self.heading()
            return self.out.write(text)
        except BrokenPipeError:  # `tracker demo | head`: stop quietly, like any filter
            stdout_closed()
            raise SystemExit(0) from None

    def flush(self) -> None:
        self.out.flush()


def stdout_closed() -> None:
    """The reader went away: point stdout at /dev/null so the exit flush does not fail again."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass


@dataclass
class Event:
    when: datetime
    describe: str
    action: Callable[[datetime], object]


def _story(engine: Engine, end: date) -> list[Event]:
    """Completions and an extension spread over the year, from the plan's real codes."""
    from sqlmodel import col, select

    from tracker.db import reading
    from tracker.domain.tasks import complete_task, extend_task
    from tracker.models import Occurrence, Task, Unit
    from tracker.workdays import load_calendar

    def done(code: str, period: str | None, who: str, note: str) -> Callable[[datetime], object]:
        return lambda now: complete_task(engine, commune=None, code=code, period=period, at=None,
                                         actor=who, note=note, evidence=None, now=now)

    def afternoon(d: date) -> datetime:
        return at_work(d, time(15, 0))

    vp, tt = HEADS[0][0], HEADS[1][0]
    events = [
        Event(afternoon(date(2025, 9, 26)), f"{vp} báo hoàn thành II.2.b.1 (đúng hạn)",
              done("II.2.b.1", None, vp, "Đã triển khai báo cáo điện tử")),
        Event(afternoon(date(2025, 10, 15)), f"{vp} báo hoàn thành II.2.b.2 (quá hạn)",
              done("II.2.b.2", None, vp, "Đã gửi, nhận văn bản ký số toàn trình")),
        Event(afternoon(date(2025, 12, 5)), f"{CHAIRMAN} duyệt gia hạn II.1.b.4 đến 26/12/2025",
              lambda now: extend_task(engine, commune=None, code="II.1.b.4", period=None,
                                      new_due=date(2025, 12, 26), reason="Chờ hướng dẫn của tỉnh",
                                      approved_by=CHAIRMAN, actor=CHAIRMAN, now=now)),
        Event(afternoon(date(2025, 12, 24)), "Phòng Văn hóa - Xã hội báo hoàn thành II.1.b.4 (trong hạn đã gia hạn)",
              done("II.1.b.4", None, "Phòng Văn hóa - Xã hội", "Đã đề xuất tái cấu trúc quy trình")),
        Event(afternoon(date(2025, 12, 19)), f"{tt} báo hoàn thành phần việc II.2.a.3 của Trung tâm",
              done("II.2.a.3/TTPVHCC", None, tt, "Đạt tỷ lệ hồ sơ trực tuyến toàn trình")),
    ]
    heads = {"VP": vp, "TTPVHCC": tt}
    with reading(engine) as s:
        cal = load_calendar(s)
        units = {u.id: u for u in s.exec(select(Unit)).all()}
        rows = s.exec(select(Occurrence, Task).join(Task, col(Task.id) == col(Occurrence.task_id))
                      .where(col(Task.code).in_(["III.2.1"]) | col(Task.group_code).in_(["II.2.a.7", "III.1.4"]))
                      ).all()
    for occ, task in rows:
        unit = units[task.lead_unit_id] if task.lead_unit_id else None
        if unit is not None and unit.code in heads:  # a unit with a head submits on the day
            day, who = occ.due_date, heads[unit.code]
        else:  # no head registered: submitted 3 working days late
            day, who = cal.add_working_days(occ.due_date, 3), unit.name if unit else CHAIRMAN
        if day <= end:
            events.append(Event(afternoon(day), f"{who} nộp {task.code} kỳ {occ.period}",
                                done(task.code, occ.period, who, "Đã nộp báo cáo")))
    return sorted(events, key=lambda e: e.when)


def run_demo(out: TextIO, *, start: date = date(2025, 8, 1), end: date = date(2025, 12, 31)) -> Counter[str]:
    from sqlmodel import select

    from tracker.cliviews import summary_table
    from tracker.db import get_engine, pk, reading
    from tracker.domain.lookups import resolve_commune
    from tracker.domain.people import add_person
    from tracker.models import Unit
    from tracker.plans import plan_2025
    from tracker.reminders.dispatch import default_factory
    from tracker.reminders.sweep import run_sweep
    from tracker.seed import seed
    from tracker.status import build_items, summarize
    from tracker.timeutil import end_of_day, vn_date
    from tracker.workdays import load_calendar

    counts: Counter[str] = Counter()
    with tempfile.TemporaryDirectory(prefix="tracker-demo-") as tmp:
        engine = get_engine(f"sqlite:///{Path(tmp) / 'demo.db'}")
        try:
            t0 = at_work(start, time(8, 0))
            with plan_2025() as plan:
                seed(engine, plan, now=t0, actor="demo")
            for name, unit, email in HEADS:
                add_person(engine, commune=None, name=name, unit=unit, role="head", email=email,
                           telegram_chat_id=None, actor="demo", now=t0)
            out.write("Mô phỏng Kế hoạch cải cách TTHC 2025 của xã Cam Hiệp, "
                      f"{start.strftime('%d/%m/%Y')} → {end.strftime('%d/%m/%Y')} (cơ sở dữ liệu tạm, kênh màn hình).\n"
                      f"Trưởng đơn vị giả lập: {', '.join(f'{n} ({u})' for n, u, _ in HEADS)}; "
                      "Phòng Văn hóa - Xã hội và Phòng Kinh tế chưa có trưởng đơn vị → báo Chủ tịch.\n")
            cfg = ReminderConfig(console_style="compact")
            delivery = Delivery.console_only()
            stream = DayStream(out)
            factory = default_factory(delivery, cfg, stream)
            events = _story(engine, end)
            with reading(engine) as s:
                cal = load_calendar(s)
            d = start
            while d <= end:
                stream.day = d
                if cal.is_working_day(d):
                    now = at_work(d, cfg.work_start)
                    result = asyncio.run(run_sweep(engine, now, cfg, delivery, factory))
                    for n in result.due:
                        if n.key in (result.delivery.sent_keys if result.delivery else []):
                            counts[n.kind] += 1
                while events and vn_date(events[0].when) <= d:
                    ev = events.pop(0)
                    ev.action(ev.when)
                    stream.write(f"  ✓ {ev.describe}\n")
                d += timedelta(days=1)
            with reading(engine) as s:
                c = resolve_commune(s, None)
                items = build_items(s, pk(c), as_of=end_of_day(end), calendar=cal)
                units = s.exec(select(Unit).where(Unit.commune_id == c.id)).all()
            per_unit, total = summarize(items, units)
            out.write(f"\nĐã gửi: {counts['reminder']} nhắc hạn, {counts['overdue']} nhắc quá hạn, "
                      f"{counts['escalation']} báo cáo Chủ tịch, {counts['digest']} bản tổng hợp tuần.\n")
            out.write(f"\nTổng hợp tình hình đến hết ngày {end.strftime('%d/%m/%Y')} "
                      "(tỷ lệ trên số nhiệm vụ có thời hạn):\n\n")
            out.write(summary_table(per_unit, total) + "\n")
        finally:
            engine.dispose()
    return counts
