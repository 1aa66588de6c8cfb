"""`tracker tasks list|show|done|reopen|extend|cancel|trigger`.

sqlmodel and the service load inside the commands (start-up time).
"""

from __future__ import annotations

from typing import Any

import click

from tracker.clikit import (
    Env,
    TrackerGroup,
    as_of_instant,
    cli_actor,
    date_arg,
    echo_json,
    now,
    parse_datetime,
    parse_period,
    pass_env,
    plan_note,
    plan_option,
)
from tracker.vocabulary import STATUSES


@click.group("tasks", cls=TrackerGroup)
def tasks() -> None:
    """Xem và cập nhật nhiệm vụ của kế hoạch.

    \b
    Ví dụ:
      tracker tasks list --as-of 2025-10-01
      tracker tasks done II.2.b.1 --note "Đã triển khai"
    """


@tasks.command("list")
@click.option("--unit", metavar="MÃ_ĐV", help="Chỉ nhiệm vụ do đơn vị này chủ trì.")
@click.option("--status", type=click.Choice(STATUSES), help="Chỉ nhiệm vụ ở trạng thái này.")
@click.option("--as-of", "as_of", metavar="NGÀY",
              help="Tình hình tính đến hết ngày này (YYYY-MM-DD hoặc DD/MM/YYYY).")
@click.option("--all", "include_future", is_flag=True, help="Hiện cả các kỳ báo cáo chưa đến.")
@plan_option
@click.option("--json", "as_json", is_flag=True, help="In JSON cho máy đọc.")
@pass_env
def tasks_list(env: Env, unit: str | None, status: str | None, as_of: str | None, include_future: bool,
               plan: str | None, as_json: bool) -> None:
    """Danh sách nhiệm vụ và trạng thái (quá hạn được đánh dấu ⚠).

    \b
    Ví dụ:
      tracker tasks list
      tracker tasks list --unit VP --status overdue
      tracker tasks list --as-of 2025-10-01 --json
    """
    from tracker.cliviews import counts_line, tasks_table
    from tracker.config import load_settings
    from tracker.db import reading
    from tracker.domain.queries import task_list
    from tracker.formatting import cap, fmt_datetime
    from tracker.status import summarize
    from tracker.vocabulary import STATUS_LABELS

    instant = as_of_instant(as_of)
    with reading(env.engine) as s:
        tl = task_list(s, env.commune, as_of=instant, due_soon_days=load_settings().due_soon_days,
                       include_future=include_future, unit=unit, status=status, plan=plan)
    items, units = tl.items, tl.units
    if as_json:
        echo_json([it.to_json(units) for it in items])
        return
    click.echo(tl.title + (f" (mã {tl.plan.code})" if tl.plan and tl.plans > 1 else ""))
    click.echo(f"Tình hình tính đến {fmt_datetime(instant)}"
               + (f" · đơn vị {unit}" if unit else "") + (f" · {cap(STATUS_LABELS[status])}" if status else ""))
    click.echo()
    if not items:
        click.echo("Không có nhiệm vụ nào phù hợp.")
        return
    text = tasks_table(items)
    for line in text.splitlines():
        click.echo(click.style(line, fg="red", bold=True) if "⚠" in line else line)
    click.echo()
    click.echo(counts_line(summarize(items)[1]))


@tasks.command("show")
@click.argument("code")
@click.option("--period", metavar="YYYY-MM", help="Kỳ của nhiệm vụ định kỳ (bỏ trống để xem mọi kỳ).")
@click.option("--as-of", "as_of", metavar="NGÀY", help="Trạng thái tính đến hết ngày này.")
@plan_option
@click.option("--json", "as_json", is_flag=True, help="In JSON cho máy đọc.")
@pass_env
def tasks_show(env: Env, code: str, period: str | None, as_of: str | None, plan: str | None, as_json: bool) -> None:
    """Mọi thông tin về một nhiệm vụ, kèm lịch sử thay đổi.

    \b
    Ví dụ:
      tracker tasks show II.1.b.4
      tracker tasks show III.2.1 --period 2025-09
    """
    from tracker.cliviews import audit_table, detail_block, item_detail, tasks_table, visible
    from tracker.db import pk, reading
    from tracker.domain.lookups import resolve_commune
    from tracker.domain.queries import task_view
    from tracker.formatting import fmt_date
    from tracker.models import RECURRING_KINDS
    from tracker.status import undated

    instant = as_of_instant(as_of)
    with reading(env.engine) as s:
        view = task_view(s, pk(resolve_commune(s, env.commune)), code,
                         period=parse_period(period) if period else None, as_of=instant, plan=plan)
    task, items, units, history = view.task, view.items, view.units, view.history
    if as_json:
        echo_json({
            **view.first.to_json(units),
            "description": task.description, "section": task.section,
            "expected_output": task.expected_output, "legal_basis": task.legal_basis,
            "occurrences": [it.to_json(units) for it in items] if task.deadline_kind in RECURRING_KINDS else [],
            "shared_items": [it.to_json(units) for it in items] if view.group else [],
            "results": [{"reported_on": r.reported_on.isoformat(), "actor": r.actor, "note": r.note,
                         "evidence_url": r.evidence_url} for r in view.results],
            "history": [{"at": e.at.isoformat(), "actor": e.actor, "channel": e.channel, "action": e.action,
                         "before": e.before, "after": e.after} for e in history],
        })
        return
    if view.plan is not None and plan_note(env, view.plan):
        click.echo(f"Kế hoạch: {view.plan.title} (mã {view.plan.code})")
    if view.group:
        done = sum(1 for it in items if it.status in ("done_on_time", "done_late"))
        units_done = {it.task.code for it in items if it.status in ("done_on_time", "done_late")}
        finished = len(units_done) == len(view.group) and task.deadline_kind not in RECURRING_KINDS
        click.echo(f"Nhiệm vụ {task.group_code}: {task.title}")
        share = (f"Giao cho {len(view.group)} đơn vị, mỗi đơn vị một phần việc (mã riêng, nhắc việc và kết quả "
                 "riêng); ")
        if undated(task):
            share += "nhiệm vụ thường xuyên: mỗi đơn vị báo cáo kết quả định kỳ, không tính đúng hạn hay quá hạn."
        else:
            share += ("nhiệm vụ hoàn thành khi mọi đơn vị hoàn thành"
                      + (f" — đã hoàn thành: {done}/{len(items)} phần việc." if not finished else " — đã hoàn thành."))
        click.echo(share)
        click.echo()
        click.echo("Phần việc của từng đơn vị:")
        click.echo(tasks_table(items))
    else:
        # A recurring task shown with all its periods: the first period's own fields (code with period, window,
        # status, completion) would describe one period only, so they are left out; the table below has them all.
        click.echo(detail_block(item_detail(view.first, units, period_fields=not view.all_periods)))
    if task.note:
        click.echo(f"Cách hiểu kế hoạch: {visible(task.note)}")
    click.echo()
    click.echo("Nội dung:")
    click.echo("  " + visible(task.description))
    if task.expected_output:
        click.echo(f"Sản phẩm: {visible(task.expected_output)}")
    if task.legal_basis:
        click.echo(f"Căn cứ: {visible(task.legal_basis)}")
    if view.all_periods and not view.group:
        click.echo()
        click.echo("Các kỳ báo cáo:")
        click.echo(tasks_table(items))
    if view.results:
        click.echo()
        click.echo("Kết quả định kỳ đã báo cáo (không tính đúng hạn hay quá hạn):")
        codes = {pk(t): t.code for t in (view.group or [task])}
        for r in view.results:
            line = f"  {fmt_date(r.reported_on)} · {codes.get(r.task_id, '')} · {r.actor}"
            if r.note:
                line += f" · {visible(r.note)}"
            if r.evidence_url:
                line += f" · minh chứng: {r.evidence_url}"
            click.echo(line)
    click.echo()
    click.echo("Lịch sử:")
    click.echo(audit_table(history) if history else "  (chưa có)")


def _task_options(f: Any) -> Any:
    f = plan_option(f)
    f = click.option("--period", metavar="YYYY-MM", help="Kỳ, với nhiệm vụ định kỳ hằng tháng.")(f)
    return click.argument("code")(f)


@tasks.command("done")
@_task_options
@click.option("--at", "at", metavar="THỜI_ĐIỂM",
              help="Thời điểm hoàn thành (mặc định: bây giờ), ví dụ «2025-09-29 16:00».")
@click.option("--by", "by", metavar="NGƯỜI", help="Người báo hoàn thành (tên hoặc ID đã đăng ký).")
@click.option("--note", help="Ghi chú.")
@click.option("--evidence", metavar="URL", help="Đường dẫn minh chứng (văn bản, biên bản...).")
@pass_env
def tasks_done(env: Env, code: str, period: str | None, plan: str | None, at: str | None, by: str | None,
               note: str | None, evidence: str | None) -> None:
    """Đánh dấu nhiệm vụ đã hoàn thành (nhiệm vụ thường xuyên: ghi nhận kết quả định kỳ).

    \b
    Ví dụ:
      tracker tasks done II.2.b.1 --by "Bùi Quang Nam" --note "Đã triển khai"
      tracker tasks done III.2.1 --period 2025-09 --at "2025-09-16 10:00"
    """
    from tracker.domain.tasks import complete_task
    from tracker.formatting import cap, fmt_date
    from tracker.vocabulary import STATUS_LABELS

    item = complete_task(env.engine, commune=env.commune, code=code, period=parse_period(period) if period else None,
                         at=parse_datetime(at) if at else None, actor=_resolve_actor(env, by), note=note,
                         evidence=evidence, now=now(), plan=plan)
    where = plan_note(env, item.plan)
    if item.result is not None:
        kind = "thường xuyên" if item.task.deadline_kind == "standing" else "chưa phát sinh sự việc"
        click.echo(f"Đã ghi nhận kết quả thực hiện {item.ref}{where} ngày {fmt_date(item.result.reported_on)}; "
                   f"nhiệm vụ {kind} không tính đúng hạn hay quá hạn.")
        return
    click.echo(f"Đã ghi nhận hoàn thành {item.ref}{where}: {cap(STATUS_LABELS[item.status])}.")


def _resolve_actor(env: Env, by: str | None) -> Any:
    from tracker.db import pk, reading
    from tracker.domain.lookups import actor_for, resolve_commune

    with reading(env.engine) as s:
        c = resolve_commune(s, env.commune)
        return actor_for(s, pk(c), by, cli_actor())


@tasks.command("reopen")
@_task_options
@click.option("--reason", required=True, help="Lý do mở lại.")
@click.option("--by", "by", metavar="NGƯỜI", help="Người mở lại (tên hoặc ID đã đăng ký).")
@pass_env
def tasks_reopen(env: Env, code: str, period: str | None, plan: str | None, reason: str, by: str | None) -> None:
    """Mở lại một nhiệm vụ đã đánh dấu hoàn thành (kết quả cũ vẫn được lưu).

    \b
    Ví dụ:
      tracker tasks reopen II.2.b.1 --reason "Báo cáo chưa đạt yêu cầu"
    """
    from tracker.domain.tasks import reopen_task
    from tracker.formatting import cap
    from tracker.vocabulary import STATUS_LABELS

    item = reopen_task(env.engine, commune=env.commune, code=code, period=parse_period(period) if period else None,
                       reason=reason, actor=_resolve_actor(env, by), now=now(), plan=plan)
    click.echo(f"Đã mở lại {item.ref}{plan_note(env, item.plan)}: {cap(STATUS_LABELS[item.status])}.")


@tasks.command("extend")
@_task_options
@click.option("--to", "to", required=True, metavar="NGÀY", help="Hạn mới (YYYY-MM-DD hoặc DD/MM/YYYY).")
@click.option("--reason", required=True, help="Lý do gia hạn.")
@click.option("--approved-by", metavar="NGƯỜI", help="Lãnh đạo duyệt (Chủ tịch hoặc Phó Chủ tịch).")
@click.option("--at", "at", metavar="THỜI_ĐIỂM",
              help="Thời điểm lãnh đạo duyệt (mặc định: bây giờ), khi ghi lại một gia hạn đã duyệt trên giấy.")
@click.option("--by", "by", metavar="NGƯỜI", help="Người ghi nhận (tên hoặc ID đã đăng ký).")
@pass_env
def tasks_extend(env: Env, code: str, period: str | None, plan: str | None, to: str, reason: str,
                 approved_by: str | None, at: str | None, by: str | None) -> None:
    """Gia hạn nhiệm vụ; hạn gốc vẫn được giữ để thống kê.

    \b
    Ví dụ:
      tracker tasks extend II.2.b.2 --to 31/10/2025 --reason "Chờ nâng cấp phần mềm" --approved-by "Bùi Quang Nam"
    """
    from tracker.domain.tasks import extend_task
    from tracker.formatting import cap, fmt_date
    from tracker.vocabulary import STATUS_LABELS

    item = extend_task(env.engine, commune=env.commune, code=code, period=parse_period(period) if period else None,
                       new_due=date_arg(to), reason=reason, approved_by=approved_by,
                       actor=_resolve_actor(env, by), now=now(), at=parse_datetime(at) if at else None, plan=plan)
    click.echo(f"Đã gia hạn {item.ref}{plan_note(env, item.plan)} đến {fmt_date(item.due)}: "
               f"{cap(STATUS_LABELS[item.status])}.")


@tasks.command("cancel")
@click.argument("code")
@click.option("--reason", required=True, help="Lý do hủy (ví dụ số văn bản điều chỉnh kế hoạch).")
@click.option("--by", "by", metavar="NGƯỜI", help="Người ghi nhận (tên hoặc ID đã đăng ký).")
@plan_option
@pass_env
def tasks_cancel(env: Env, code: str, reason: str, by: str | None, plan: str | None) -> None:
    """Hủy một nhiệm vụ (mọi kỳ nếu định kỳ); dừng nhắc việc ngay, lịch sử vẫn giữ.

    \b
    Ví dụ:
      tracker tasks cancel II.2.a.2 --reason "Điều chỉnh theo Kế hoạch số .../KH-UBND"
    """
    from tracker.domain.tasks import cancel_task

    task = cancel_task(env.engine, commune=env.commune, code=code, reason=reason, actor=_resolve_actor(env, by),
                       now=now(), plan=plan)
    click.echo(f"Đã hủy nhiệm vụ {task.code}.")


@tasks.command("trigger")
@click.argument("code")
@click.option("--on", "on", required=True, metavar="NGÀY", help="Ngày phát sinh sự việc (YYYY-MM-DD hoặc DD/MM/YYYY).")
@click.option("--due", "due", metavar="NGÀY",
              help="Hạn hoàn thành (mặc định: 5 ngày làm việc sau ngày phát sinh).")
@click.option("--by", "by", metavar="NGƯỜI", help="Người ghi nhận (tên hoặc ID đã đăng ký).")
@plan_option
@pass_env
def tasks_trigger(env: Env, code: str, on: str, due: str | None, by: str | None, plan: str | None) -> None:
    """Ghi nhận sự việc làm phát sinh nhiệm vụ «khi có yêu cầu», «ngay sau khi…»: từ đó nhiệm vụ có hạn.

    \b
    Ví dụ:
      tracker tasks trigger II.2.a.2/VP --on 2025-10-06
      tracker tasks trigger III.2.4 --on 06/10/2025 --due 17/10/2025
    """
    from tracker.domain.tasks import trigger_task
    from tracker.formatting import fmt_date
    from tracker.vocabulary import STATUS_LABELS

    item = trigger_task(env.engine, commune=env.commune, code=code, on=date_arg(on),
                        due=date_arg(due) if due else None, actor=_resolve_actor(env, by), now=now(), plan=plan)
    click.echo(f"Đã ghi nhận sự việc ngày {fmt_date(item.task.event_date)} cho {item.ref}{plan_note(env, item.plan)}: "
               f"hạn {fmt_date(item.due)}, {STATUS_LABELS[item.status]}.")
