"""`tracker outbox list|retry`: the notification queue.

sqlmodel loads inside the commands (start-up time).
"""

from __future__ import annotations

import click

from tracker.clikit import Env, TrackerGroup, echo_json, now, pass_env
from tracker.clikit import row_id as row_id_type
from tracker.commands._common import channel_label, setup
from tracker.errors import Conflict
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
    from tracker.reminders.outbox import listing
    from tracker.timeutil import iso_vn

    engine = env.engine
    migrate(engine)
    with reading(engine) as s:
        listed = listing(s, failed_only=failed_only, limit=limit)
    if as_json:
        echo_json([{"id": r.id, "key": r.key, "kind": r.kind, "rule": r.rule, "status": r.status,
                    "recipient": x.recipient, "channel": r.channel, "address": r.address,
                    "task": x.ref, "period": x.period, "subject": r.subject,
                    "attempts": r.attempts,
                    "created_at": iso_vn(r.created_at), "sent_at": iso_vn(r.sent_at),
                    "next_attempt_at": iso_vn(r.next_attempt_at), "last_error": r.last_error}
                   for x in listed for r in [x.row]])
        return
    if not listed:
        click.echo("Không có thông báo lỗi nào." if failed_only else "Hàng đợi trống.")
        return
    table_rows = [[str(r.id), fmt_datetime(r.created_at), KIND_LABELS.get(r.kind, r.kind),
                   x.recipient or r.address, channel_label(r.channel),
                   x.ref or "—", OUTBOX_STATUS_LABELS.get(r.status, r.status), str(r.attempts),
                   shorten(r.last_error or "", 50)] for x in listed for r in [x.row]]
    click.echo(table(table_rows, ["ID", "Tạo lúc", "Loại", "Người nhận", "Kênh", "Nhiệm vụ", "Trạng thái",
                                  "Lần thử", "Lỗi"]))


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
    from tracker.reminders.outbox import reset_for_retry, retryable

    engine, cfg, delivery = setup(env, delivers=True)
    factory = default_factory(delivery, cfg)
    instant = now()
    with reading(engine) as s:
        retryable(s, row_id, factory.channels)
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
