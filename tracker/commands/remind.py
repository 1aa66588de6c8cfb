"""CLI for reminders: one sweep by hand, the preview timeline, digests, the daemon (the outbox and the demo
have their own modules).

Heavy libraries (sqlmodel, jinja2, apscheduler) load inside the commands.
"""

from __future__ import annotations

import sys

import click

from tracker.clikit import Env, TrackerCommand, TrackerGroup, date_arg, echo_json, now, pass_env
from tracker.commands._common import at_or_now, channel_label, require_plan, setup
from tracker.errors import InvalidInput, NotFound, TrackerError
from tracker.vocabulary import KIND_LABELS

KIND_WIDTH = max(len(label) for label in KIND_LABELS.values())  # dry-run lines line up


class UsageCombination(TrackerError):
    """Options that cannot go together as given (exit 2, like click's own usage errors)."""

    exit_code = 2



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

    instant = at_or_now(at)
    engine, cfg, delivery = setup(env, delivers=True)
    require_plan(engine, env.commune)
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
    if result.expired_digests:
        click.echo(f"{len(result.expired_digests)} bản tổng hợp của tuần đã qua chưa được gửi trong tuần: "
                   "ghi «bỏ qua», không gửi nữa.")
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

    Đúng những gì «tracker remind run --at» lưu và gửi ở mỗi thời điểm (đầu giờ làm
    việc mỗi ngày làm việc, và giờ gửi bản tổng hợp), nếu lượt nhắc chạy ở mọi thời
    điểm trước đó: thông báo đã có trong hàng đợi không được liệt kê lại; bản tổng
    hợp tuần gửi muộn trong tuần của nó thì có, của tuần đã qua thì không bao giờ.
    Mỗi dòng: ngày giờ, loại (nhắc hạn / quá hạn / báo cáo Chủ tịch / tổng hợp),
    người nhận, kênh, mã nhiệm vụ. Không lưu, không gửi gì.

    \b
    Ví dụ:
      tracker remind preview --from 2025-09-15 --to 2025-10-15
      tracker remind preview --from 01/12/2025 --to 31/12/2025 --json
    """
    from tracker.formatting import fmt_datetime
    from tracker.reminders.sweep import Planned, notification_json, preview

    d0, d1 = date_arg(start), date_arg(end)
    if d1 < d0:
        raise InvalidInput("Ngày kết thúc (--to) phải sau hoặc bằng ngày bắt đầu (--from).")
    if (d1 - d0).days > 400:
        raise InvalidInput("Khoảng ngày quá dài: tối đa 400 ngày.")
    engine, cfg, delivery = setup(env)
    require_plan(engine, env.commune)
    already: list[Planned] = []
    planned = preview(engine, d0, d1, cfg, delivery, already=already)
    if as_json:
        from tracker.timeutil import iso_vn

        echo_json([{**notification_json(p.notification), "at": iso_vn(p.at)} for p in planned])
        return
    stored = (f" ({len(already)} thông báo khác của khoảng này đã có trong hàng đợi, không liệt kê lại.)"
              if already else "")
    if not planned:
        click.echo(f"Không có thông báo nào {'mới ' if already else ''}trong khoảng này.{stored}")
        return
    from tracker.cliviews import table

    rows = [[fmt_datetime(p.at), KIND_LABELS[p.notification.kind], p.notification.person.name,
             channel_label(p.notification.channel),
             (p.notification.item.ref if p.notification.item else "—")
             + (" (chưa có trưởng đơn vị)" if p.notification.unassigned else "")] for p in planned]
    click.echo(table(rows, ["Thời điểm", "Loại", "Người nhận", "Kênh", "Nhiệm vụ"]))
    click.echo(f"\n{len(planned)} thông báo.{stored}")


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

    engine, cfg, delivery = setup(env, delivers=send)
    require_plan(engine, env.commune)
    instant = at_or_now(at)
    commune_id = None
    if env.commune:
        from tracker.db import reading
        from tracker.domain.lookups import resolve_commune

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
        from tracker.reminders.outbox import ids_of_keys

        with reading(engine) as s:
            ids = ids_of_keys(s, inserted)
        # The real clock, whatever --at says: taking back claims or stamping 'sent' at another instant would
        # change what the running daemon holds.
        stats = asyncio.run(Dispatcher(engine, cfg, default_factory(delivery, cfg), clock=now).deliver(ids=ids))
    click.echo(f"Bản tổng hợp: {len(inserted)} mới được lưu ({len(notes) - len(inserted)} đã gửi hôm nay)"
               + (f"; gửi {stats.sent} thành công, {stats.retried} sẽ thử lại, {stats.failed} lỗi." if stats else "."))
    for line in stats.left_lines() if stats else []:
        click.echo(line)


# ---------------------------------------------------------------- outbox


# ---------------------------------------------------------------- daemon


@click.command("run", cls=TrackerCommand)
@pass_env
def run_daemon(env: Env) -> None:
    """Chạy nền: nhắc việc mỗi phút, tổng hợp tuần sáng thứ Hai, cho đến khi nhận SIGTERM/SIGINT.

    Khi khởi động sẽ gửi bù những gì còn cần gửi trong thời gian không chạy; nhắc
    hạn đã lỡ ngày thì ghi «bỏ qua». Mỗi sự kiện ghi một dòng nhật ký ra stderr.
    Có thể chạy hai tiến trình trên cùng cơ sở dữ liệu mà không gửi trùng.
    Kênh gửi: TRACKER_SMTP_URL (thư), TRACKER_TELEGRAM_TOKEN (Telegram), TRACKER_ZALO_TOKEN
    (Zalo; khi khởi động, mã bot bị Zalo từ chối thì dừng ngay với mã thoát 78). Mỗi người
    nhận qua mọi địa chỉ của mình (thư, Telegram, Zalo) hoặc các kênh đã chọn cho họ; chỉ
    người chưa có địa chỉ nào thì thông báo được in ra màn hình. Thông báo mà tiến trình này
    chưa cấu hình kênh để gửi thì được để lại cho tiến trình có cấu hình (có dòng cảnh báo),
    không in thay. Khi dừng, thông báo đang gửi được gửi xong và ghi lại.

    \b
    Ví dụ:
      tracker run
      TRACKER_SMTP_URL="smtp://user:pass@mail.example.vn:587?starttls=1" tracker run
    """
    from tracker.liblog import setup_logging
    from tracker.reminders.clock import daemon_clock
    from tracker.reminders.daemon import run

    engine, cfg, delivery = setup(env, delivers=True)
    require_plan(engine, env.commune)
    setup_logging()
    run(engine, cfg, delivery, daemon_clock())
