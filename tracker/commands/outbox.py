"""`tracker outbox list|retry`: the notification queue.

sqlmodel loads inside the commands (start-up time).
"""

from __future__ import annotations

from typing import Any

import click

from tracker.clikit import Env, TrackerGroup, echo_json, now, pass_env
from tracker.clikit import row_id as row_id_type
from tracker.commands._common import channel_label, setup
from tracker.errors import Conflict, NotFound
from tracker.vocabulary import KIND_LABELS, OUTBOX_STATUS_LABELS


@click.group("outbox", cls=TrackerGroup)
def outbox_group() -> None:
    """Hàng đợi thông báo: xem những gì đã gửi, lỗi, và gửi lại.

    \b
    Ví dụ:
      tracker outbox list --failed
      tracker outbox retry 42
    """


@outbox_group.command("list")
@click.option("--failed", "failed_only", is_flag=True, help="Chỉ các thông báo gửi không thành công.")
@click.option("--limit", default=50, show_default=True, type=click.IntRange(1, 10000), help="Số dòng tối đa.")
@click.option("--json", "as_json", is_flag=True, help="In JSON cho máy đọc.")
@pass_env
def outbox_list(env: Env, failed_only: bool, limit: int, as_json: bool) -> None:
    """Các thông báo gần đây nhất trong hàng đợi, kèm trạng thái và lỗi.

    \b
    Ví dụ:
      tracker outbox list
      tracker outbox list --failed --json
    """
    from tracker.cliviews import shorten, table
    from tracker.db import reading
    from tracker.formatting import fmt_datetime
    from tracker.migrations import migrate
    from tracker.models import Occurrence, Person, Task
    from tracker.reminders.outbox import list_rows
    from tracker.timeutil import iso_vn

    engine = env.engine
    migrate(engine)
    with reading(engine) as s:
        rows = list_rows(s, failed_only=failed_only, limit=limit)
        people = {p.id: p.name for p in s.exec(_select_in(Person, {r.person_id for r in rows})).all()}
        tasks = {t.id: t.code for t in s.exec(_select_in(Task, {r.task_id for r in rows})).all()}
        periods = {o.id: o.period for o in s.exec(_select_in(Occurrence, {r.occurrence_id for r in rows})).all()}

    def ref(r: Any) -> str | None:
        """The task as people name it: «II.2.a.7 (2025-08)» for one period of a recurring task."""
        code = tasks.get(r.task_id)
        period = periods.get(r.occurrence_id)
        return f"{code} ({period})" if code and period else code
    if as_json:
        echo_json([{"id": r.id, "key": r.key, "kind": r.kind, "rule": r.rule, "status": r.status,
                    "recipient": people.get(r.person_id), "channel": r.channel, "address": r.address,
                    "task": ref(r), "period": periods.get(r.occurrence_id), "subject": r.subject,
                    "attempts": r.attempts,
                    "created_at": iso_vn(r.created_at), "sent_at": iso_vn(r.sent_at),
                    "next_attempt_at": iso_vn(r.next_attempt_at), "last_error": r.last_error} for r in rows])
        return
    if not rows:
        click.echo("Không có thông báo lỗi nào." if failed_only else "Hàng đợi trống.")
        return
    table_rows = [[str(r.id), fmt_datetime(r.created_at), KIND_LABELS.get(r.kind, r.kind),
                   people.get(r.person_id, r.address), channel_label(r.channel),
                   ref(r) or "—", OUTBOX_STATUS_LABELS.get(r.status, r.status), str(r.attempts),
                   shorten(r.last_error or "", 50)] for r in rows]
    click.echo(table(table_rows, ["ID", "Tạo lúc", "Loại", "Người nhận", "Kênh", "Nhiệm vụ", "Trạng thái",
                                  "Lần thử", "Lỗi"]))


def _select_in(model: Any, ids: set[int | None]) -> Any:
    from sqlmodel import col, select

    return select(model).where(col(model.id).in_([i for i in ids if i]))


@outbox_group.command("retry")
@click.argument("row_id", metavar="ID", type=row_id_type("ID thông báo"))
@pass_env
def outbox_retry(env: Env, row_id: int) -> None:
    """Gửi lại ngay một thông báo bị lỗi hoặc bị bỏ qua (ID lấy từ «tracker outbox list»).

    \b
    Ví dụ:
      tracker outbox retry 42
    """
    import asyncio

    from tracker.db import reading, transaction
    from tracker.models import OutboxMessage
    from tracker.reminders.dispatch import Dispatcher, default_factory
    from tracker.reminders.outbox import reset_for_retry

    engine, cfg, delivery = setup(env, delivers=True)
    factory = default_factory(delivery, cfg)
    instant = now()
    with reading(engine) as s:
        row = s.get(OutboxMessage, row_id)
        if row is None:
            raise NotFound(f"Không có thông báo ID {row_id} trong hàng đợi.")
        if row.status in ("sent", "sending"):
            raise Conflict(f"Thông báo {row_id} {OUTBOX_STATUS_LABELS[row.status]}, không cần gửi lại.")
        if row.channel not in factory.channels:
            raise Conflict(_not_here_message(row_id, row.channel))
    with transaction(engine) as s:
        reset_for_retry(s, row_id, instant)
    stats = asyncio.run(Dispatcher(engine, cfg, factory, clock=now).deliver(ids=[row_id]))
    with reading(engine) as s:
        row = s.get(OutboxMessage, row_id)
    assert row is not None
    if row.status == "sent":
        click.echo(f"Đã gửi lại thông báo {row_id}.")
    elif row.status == "skipped":
        click.echo(f"Không gửi thông báo {row_id}: {row.last_error}")
    else:
        state = OUTBOX_STATUS_LABELS.get(row.status, row.status)
        raise Conflict(f"Gửi lại thông báo {row_id} chưa thành công ({state}): {row.last_error or 'không rõ lỗi'}")
    del stats


def _not_here_message(row_id: int, channel: str) -> str:
    """Why this process will not send outbox row `row_id` (its channel is not configured here)."""
    from tracker import channels
    from tracker.reminders.dispatch import missing_setting

    return (f"Không gửi lại thông báo {row_id} từ đây: kênh {channels.label(channel)} chưa được cấu hình "
            f"trong môi trường này{missing_setting(channel)}. Chạy lại lệnh với cùng cấu hình như dịch vụ "
            "«tracker run».")
