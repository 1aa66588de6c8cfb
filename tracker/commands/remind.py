"""CLI for reminders: one sweep by hand, the preview timeline, digests, the outbox, the daemon, the demo.

Heavy libraries (sqlmodel, jinja2, apscheduler) load inside the commands.
"""

from __future__ import annotations

import sys
from datetime import datetime
from typing import Any

import click

from tracker.clikit import Env, TrackerCommand, TrackerGroup, date_arg, echo_json, now, parse_datetime, pass_env
from tracker.clikit import row_id as row_id_type
from tracker.errors import Conflict, InvalidInput, NotFound, TrackerError
from tracker.vocabulary import KIND_LABELS, OUTBOX_STATUS_LABELS


def channel_label(name: str) -> str:
    """tracker.channels.label, imported when a command runs: the registry (its dataclasses, each channel's
    declaration) costs `tracker --help`, which runs no command, about a tenth of `import click`."""
    from tracker.channels import label

    return label(name)

KIND_WIDTH = max(len(label) for label in KIND_LABELS.values())  # dry-run lines line up


class UsageCombination(TrackerError):
    """Options that cannot go together as given (exit 2, like click's own usage errors)."""

    exit_code = 2


def _instant(at: str | None) -> datetime:
    return parse_datetime(at) if at else now()


def _setup(env: Env, *, delivers: bool = False) -> tuple[Any, Any, Any]:
    """Settings, engine and channels; `delivers`: the command sends, so the channel settings are checked
    first (a malformed TRACKER_SMTP_URL is a ConfigError now, not rows retried forever)."""
    from tracker.migrations import migrate
    from tracker.reminders.config import delivery_from_env, reminder_config, validate_delivery

    cfg = reminder_config()
    delivery = delivery_from_env()
    if delivers:
        validate_delivery(delivery)
    engine = env.engine
    migrate(engine)  # a database made before the outbox, or before its claim columns, is upgraded first
    return engine, cfg, delivery


def _require_plan(engine: Any, commune: str | None) -> None:
    """Reminders cover every commune in the database; only an empty database is an error."""
    from sqlmodel import select

    from tracker.db import reading
    from tracker.models import Commune
    from tracker.service import resolve_commune

    with reading(engine) as s:
        if commune or s.exec(select(Commune.id).limit(1)).first() is None:
            resolve_commune(s, commune)


# ---------------------------------------------------------------- remind


@click.group("remind", cls=TrackerGroup)
def remind() -> None:
    """Nhắc việc: chạy một lượt nhắc bằng tay, xem trước lịch nhắc.

    \b
    Ví dụ:
      tracker remind run --at "2025-10-02 08:00" --dry-run
      tracker remind preview --from 2025-09-15 --to 2025-10-15
    """


@remind.command("run")
@click.option("--at", "at", metavar="THỜI_ĐIỂM",
              help="Chạy như thể đang ở thời điểm này (giờ Việt Nam, «YYYY-MM-DD HH:MM»); mặc định: bây giờ.")
@click.option("--dry-run", is_flag=True, help="Không lưu, không gửi: chỉ in những gì sẽ được gửi.")
@click.option("--replay", is_flag=True,
              help="Với --at khác bây giờ: vẫn lưu và gửi thật như thể đang ở thời điểm đó. Chỉ dùng trên cơ sở "
                   "dữ liệu thử không có «tracker run» nào chạy: thông báo đang chờ của những ngày trước có thể bị "
                   "ghi «bỏ qua», thông báo đang gửi dở có thể bị gửi lại.")
@click.option("--json", "as_json", is_flag=True, help="In JSON cho máy đọc.")
@pass_env
def remind_run(env: Env, at: str | None, dry_run: bool, replay: bool, as_json: bool) -> None:
    """Một lượt nhắc việc: tính các thông báo đến hạn, lưu vào hàng đợi rồi gửi.

    Chạy lại nhiều lần không gửi trùng: mỗi thông báo có một khóa duy nhất.
    Ngoài giờ làm việc (mặc định 07:30–17:00) và ngày nghỉ thì không có gì để gửi.
    Chỉ gửi qua các kênh được cấu hình trong môi trường của lệnh (TRACKER_SMTP_URL,
    TRACKER_TELEGRAM_TOKEN); thông báo của kênh khác được để lại cho «tracker run».
    Với --at khác bây giờ, chỉ xem được (--dry-run), trừ khi thêm --replay.

    \b
    Ví dụ:
      tracker remind run
      tracker remind run --at "2025-10-02 08:00" --dry-run
      tracker remind run --at 2025-10-02T08:00 --dry-run --json
    """
    import asyncio

    from tracker.formatting import fmt_datetime
    from tracker.reminders.dispatch import default_factory
    from tracker.reminders.sweep import SweepAtAnotherInstant, another_instant, notification_json, prepare, run_sweep

    instant = _instant(at)
    engine, cfg, delivery = _setup(env, delivers=True)
    _require_plan(engine, env.commune)
    if dry_run:
        result = prepare(engine, instant, cfg, delivery, dry_run=True)
        from tracker.db import reading
        from tracker.reminders.outbox import existing_keys

        with reading(engine) as s:
            have = existing_keys(s, [n.key for n in result.due])
        todo = [n for n in result.due if n.key not in have]
        if as_json:
            echo_json({"at": instant.isoformat(), "dry_run": True,
                       "would_send": [notification_json(n) for n in todo],
                       "already_stored": sorted(have)})
            return
        click.echo(f"Thử (không lưu, không gửi) lúc {fmt_datetime(instant)}: "
                   f"{len(todo)} thông báo sẽ được gửi, {len(have)} đã có trong hàng đợi.")
        for n in todo:
            click.echo(f"  {KIND_LABELS[n.kind]:<{KIND_WIDTH}} → {n.person.name} ({channel_label(n.channel)})"
                       f"{': ' + n.item.ref if n.item else ''}{' [chưa có trưởng đơn vị]' if n.unassigned else ''}")
        return
    if replay and another_instant(instant, now()):
        click.echo(f"Chạy lại như thể lúc {fmt_datetime(instant)}: lưu và gửi thật; thông báo đang chờ của những ngày "
                   "trước có thể bị ghi «bỏ qua».", err=True)
    # In --json mode the console channel writes to stderr so stdout stays valid JSON.
    factory = default_factory(delivery, cfg, sys.stderr if as_json else None)
    try:
        result = asyncio.run(run_sweep(engine, instant, cfg, delivery, factory, clock=now, replay=replay))
    except SweepAtAnotherInstant as exc:
        raise UsageCombination(
            f"Lượt nhắc lúc {fmt_datetime(exc.at)} (khác bây giờ) chỉ chạy được với --dry-run: lưu và gửi như thể ở "
            "lúc khác sẽ đổi hàng đợi mà «tracker run» đang gửi (ghi «bỏ qua» thông báo đang chờ của những ngày "
            "trước, gửi lại thông báo đang gửi dở). Trên cơ sở dữ liệu thử không có «tracker run» nào chạy, "
            "thêm --replay để vẫn lưu và gửi.") from None
    if as_json:
        echo_json(result.to_json())
        return
    if result.without_chairman:
        click.echo("Cảnh báo: chưa có Chủ tịch đang hoạt động được đăng ký («tracker people add --role chairman»), "
                   "nên báo cáo quá hạn không có người nhận.", err=True)
    d = result.delivery
    click.echo(f"Lượt nhắc lúc {fmt_datetime(instant)}: {len(result.due)} thông báo đến hạn, "
               f"{len(result.inserted)} mới được lưu, {len(result.stale)} bị bỏ lỡ (ghi «bỏ qua»).")
    if d is not None:
        click.echo(f"Gửi: {d.sent} thành công, {d.retried} sẽ thử lại, {d.failed} lỗi, {d.skipped} bỏ qua.")
        for line in d.left_lines():
            click.echo(line)
        if d.retried or d.failed:
            click.echo("Xem lỗi: «tracker outbox list --failed» (lỗi hẳn) hoặc «tracker outbox list» "
                       "(đang chờ thử lại).")


@remind.command("preview")
@click.option("--from", "start", required=True, metavar="NGÀY", help="Ngày bắt đầu (YYYY-MM-DD hoặc DD/MM/YYYY).")
@click.option("--to", "end", required=True, metavar="NGÀY", help="Ngày kết thúc (tính cả ngày này).")
@click.option("--json", "as_json", is_flag=True, help="In JSON cho máy đọc.")
@pass_env
def remind_preview(env: Env, start: str, end: str, as_json: bool) -> None:
    """Lịch các thông báo sẽ gửi trong khoảng ngày, theo dữ liệu hiện tại.

    Mỗi dòng: ngày giờ, loại (nhắc hạn / quá hạn / báo cáo Chủ tịch / tổng hợp),
    người nhận, kênh, mã nhiệm vụ. Không lưu, không gửi gì.

    \b
    Ví dụ:
      tracker remind preview --from 2025-09-15 --to 2025-10-15
      tracker remind preview --from 01/12/2025 --to 31/12/2025 --json
    """
    from tracker.formatting import fmt_datetime
    from tracker.reminders.sweep import notification_json, preview

    d0, d1 = date_arg(start), date_arg(end)
    if d1 < d0:
        raise InvalidInput("Ngày kết thúc (--to) phải sau hoặc bằng ngày bắt đầu (--from).")
    if (d1 - d0).days > 400:
        raise InvalidInput("Khoảng ngày quá dài: tối đa 400 ngày.")
    engine, cfg, delivery = _setup(env)
    _require_plan(engine, env.commune)
    planned = preview(engine, d0, d1, cfg, delivery)
    if as_json:
        from tracker.timeutil import iso_vn

        echo_json([{**notification_json(p.notification), "at": iso_vn(p.at)} for p in planned])
        return
    if not planned:
        click.echo("Không có thông báo nào trong khoảng này.")
        return
    from tracker.cliviews import table

    rows = [[fmt_datetime(p.at), KIND_LABELS[p.notification.kind], p.notification.person.name,
             channel_label(p.notification.channel),
             (p.notification.item.ref if p.notification.item else "—")
             + (" (chưa có trưởng đơn vị)" if p.notification.unassigned else "")] for p in planned]
    click.echo(table(rows, ["Thời điểm", "Loại", "Người nhận", "Kênh", "Nhiệm vụ"]))
    click.echo(f"\n{len(planned)} thông báo.")


# ---------------------------------------------------------------- digest


@click.command("digest", cls=TrackerCommand)
@click.option("--at", "at", metavar="THỜI_ĐIỂM", help="Tổng hợp tính đến thời điểm này; mặc định: bây giờ.")
@click.option("--send", is_flag=True, help="Gửi ngay cho Chủ tịch và các trưởng đơn vị (mỗi người một lần mỗi ngày).")
@pass_env
def digest(env: Env, at: str | None, send: bool) -> None:
    """Bản tổng hợp tuần: quá hạn, sắp đến hạn, chưa có người phụ trách, gửi lỗi, chỉ tiêu chưa đạt, đề nghị gia hạn.

    Không có --send: chỉ in ra màn hình. Bản tổng hợp tự động được gửi mỗi sáng
    thứ Hai lúc 07:30 khi «tracker run» đang chạy.

    \b
    Ví dụ:
      tracker digest --at "2025-10-06 07:30"
      tracker digest --send
    """
    import asyncio

    from tracker.db import pk
    from tracker.reminders.dispatch import Dispatcher, default_factory
    from tracker.reminders.sweep import manual_digests

    engine, cfg, delivery = _setup(env, delivers=send)
    _require_plan(engine, env.commune)
    instant = _instant(at)
    commune_id = None
    if env.commune:
        from tracker.db import reading
        from tracker.service import resolve_commune

        with reading(engine) as s:
            commune_id = resolve_commune(s, env.commune).id
    notes, rows, inserted = manual_digests(engine, instant, cfg, delivery, store=send, commune_id=commune_id)
    if not notes:
        raise NotFound("Chưa có Chủ tịch hay trưởng đơn vị nào để nhận bản tổng hợp («tracker people add»).")
    if not send:
        seen: set[int] = set()
        for n, r in zip(notes, rows, strict=True):
            if n.person.id in seen:
                continue
            seen.add(pk(n.person))
            click.echo(f"Gửi: {n.person.name}\nTiêu đề: {r['subject']}\n\n{r['body_text']}\n{'─' * 72}")
        return
    stats = None
    if inserted:
        from tracker.db import reading
        from tracker.models import OutboxMessage

        with reading(engine) as s:
            from sqlmodel import col, select

            ids = [pk(m) for m in s.exec(select(OutboxMessage).where(col(OutboxMessage.key).in_(inserted))).all()]
        # The real clock, whatever --at says: taking back claims or stamping 'sent' at another instant would
        # change what the running daemon holds.
        stats = asyncio.run(Dispatcher(engine, cfg, default_factory(delivery, cfg), clock=now).deliver(ids=ids))
    click.echo(f"Bản tổng hợp: {len(inserted)} mới được lưu ({len(notes) - len(inserted)} đã gửi hôm nay)"
               + (f"; gửi {stats.sent} thành công, {stats.retried} sẽ thử lại, {stats.failed} lỗi." if stats else "."))
    for line in stats.left_lines() if stats else []:
        click.echo(line)


# ---------------------------------------------------------------- outbox


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
    from tracker.reminders.dispatch import Dispatcher, default_factory, not_here_message
    from tracker.reminders.outbox import reset_for_retry

    engine, cfg, delivery = _setup(env, delivers=True)
    factory = default_factory(delivery, cfg)
    instant = now()
    with reading(engine) as s:
        row = s.get(OutboxMessage, row_id)
        if row is None:
            raise NotFound(f"Không có thông báo ID {row_id} trong hàng đợi.")
        if row.status in ("sent", "sending"):
            raise Conflict(f"Thông báo {row_id} {OUTBOX_STATUS_LABELS[row.status]}, không cần gửi lại.")
        if row.channel not in factory.channels:
            raise Conflict(not_here_message(row_id, row.channel))
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


# ---------------------------------------------------------------- daemon, demo


@click.command("run", cls=TrackerCommand)
@pass_env
def run_daemon(env: Env) -> None:
    """Chạy nền: nhắc việc mỗi phút, tổng hợp tuần sáng thứ Hai, cho đến khi nhận SIGTERM/SIGINT.

    Khi khởi động sẽ gửi bù những gì còn cần gửi trong thời gian không chạy; nhắc
    hạn đã lỡ ngày thì ghi «bỏ qua». Mỗi sự kiện ghi một dòng nhật ký ra stderr.
    Có thể chạy hai tiến trình trên cùng cơ sở dữ liệu mà không gửi trùng.
    Kênh gửi: TRACKER_SMTP_URL (thư), TRACKER_TELEGRAM_TOKEN (Telegram). Mỗi người nhận
    qua mọi địa chỉ của mình (thư, Telegram); chỉ người chưa có địa chỉ nào thì thông báo
    được in ra màn hình. Thông báo thư hay Telegram mà tiến trình này chưa cấu hình kênh để
    gửi thì được để lại cho tiến trình có cấu hình (có dòng cảnh báo), không in thay. Khi
    dừng, thông báo đang gửi được gửi xong và ghi lại.

    \b
    Ví dụ:
      tracker run
      TRACKER_SMTP_URL="smtp://user:pass@mail.example.vn:587?starttls=1" tracker run
    """
    from tracker.reminders.clock import daemon_clock
    from tracker.reminders.daemon import run, setup_logging

    engine, cfg, delivery = _setup(env, delivers=True)
    _require_plan(engine, env.commune)
    setup_logging()
    run(engine, cfg, delivery, daemon_clock())


@click.command("demo", cls=TrackerCommand)
def demo() -> None:
    """Mô phỏng cả kế hoạch từ ngày ban hành (01/08/2025) đến hết năm trên đồng hồ giả lập.

    Dùng cơ sở dữ liệu tạm (không đụng tới tracker.db) và kênh màn hình: in từng
    lời nhắc, báo cáo Chủ tịch và tổng hợp tuần, rồi bảng tổng hợp cuối năm.

    \b
    Ví dụ:
      tracker demo
    """
    from tracker.reminders.demo import run_demo, stdout_closed

    try:
        run_demo(sys.stdout)
    except BrokenPipeError:
        stdout_closed()


def register(cli: click.Group) -> None:
    for cmd in (remind, digest, outbox_group, run_daemon, demo):
        cli.add_command(cmd)
