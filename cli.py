"""The `tracker` command line (click). Thin: parse, call tracker/, print.

Heavy libraries (sqlmodel, telegram, apscheduler, docx) are imported inside the
commands that need them, so `tracker --help` starts fast.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from tracker.clikit import (
    Env,
    TrackerGroup,
    as_of_instant,
    chat_id,
    cli_actor,
    date_arg,
    echo_json,
    load_items,
    now,
    parse_datetime,
    parse_period,
    pass_env,
    year,
)
from tracker.errors import InvalidInput
from tracker.vocabulary import ROLES, STATUSES

# ---------------------------------------------------------------- root


@click.group(cls=TrackerGroup, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 110})
@click.option("--commune", metavar="MÃ_XÃ", help="Xã cần làm việc; chỉ cần khi cơ sở dữ liệu có nhiều xã.")
@click.version_option(package_name="tracker", message="tracker %(version)s")
@click.pass_context
def cli(ctx: click.Context, commune: str | None) -> None:
    """Theo dõi thời hạn Kế hoạch cải cách TTHC của xã: nhắc việc, cảnh báo quá hạn, báo cáo.

    Cơ sở dữ liệu: biến môi trường TRACKER_DB (URL SQLAlchemy), mặc định tệp tracker.db
    trong thư mục hiện tại.

    \b
    Ví dụ:
      tracker seed
      tracker tasks list --as-of 2025-10-01
      tracker tasks done II.2.b.1 --note "Đã triển khai báo cáo điện tử"
    """
    ctx.obj = Env(commune)


@cli.command()
@pass_env
def init(env: Env) -> None:
    """Tạo hoặc nâng cấp cơ sở dữ liệu (an toàn khi chạy lại).

    Cơ sở dữ liệu đã có (kể cả do bản cũ tạo ra) được nâng cấp lên cấu trúc mới nhất
    mà không mất dữ liệu. Cơ sở dữ liệu do bản tracker mới hơn tạo ra thì không bị
    đụng tới (mã thoát 78).

    \b
    Ví dụ:
      TRACKER_DB=sqlite:////var/lib/tracker/tracker.db tracker init
    """
    from tracker.db import database_url
    from tracker.migrations import migrate
    from tracker.urls import masked_url

    migrate(env.engine)
    click.echo(f"Đã khởi tạo cơ sở dữ liệu: {masked_url(database_url())}")


@cli.command()
@click.argument("file", required=False, type=click.Path(path_type=Path))
@pass_env
def seed(env: Env, file: Path | None) -> None:
    """Nạp kế hoạch từ tệp JSON (không nêu tệp: Kế hoạch cải cách TTHC 2025 đi kèm chương trình).

    Chạy lại nhiều lần không tạo trùng; tệp đã sửa sẽ cập nhật tiêu đề và thời hạn
    nhưng không xóa kết quả hoàn thành, gia hạn hay lịch sử.

    \b
    Ví dụ:
      tracker seed
      tracker seed ke-hoach-2026.json
    """
    from contextlib import nullcontext

    from tracker.formatting import fmt_date
    from tracker.plans import PLAN_2025, plan_2025
    from tracker.seed import seed as do_seed

    with nullcontext(file) if file is not None else plan_2025() as path:
        res = do_seed(env.engine, path, now=now(), actor=cli_actor())
    names = {"communes": "xã", "units": "đơn vị", "people": "người", "plans": "kế hoạch", "tasks": "nhiệm vụ",
             "occurrences": "kỳ báo cáo", "kpis": "chỉ tiêu", "workday_overrides": "ngày điều chỉnh",
             "occurrences_removed": "kỳ bị bỏ"}

    def fmt(d: dict[str, int]) -> str:
        return ", ".join(f"{v} {names.get(k, k)}" for k, v in d.items()) or "không có"

    # Named after the resource, not `path`: loaded from a zip, the plan is a temporary copy with another name.
    click.echo(f"Đã nạp {file.name if file is not None else PLAN_2025} cho xã {res.commune}.")
    click.echo(f"  Tạo mới: {fmt(res.created)}")
    click.echo(f"  Cập nhật: {fmt(res.updated)}")
    if res.kept:
        click.echo(f"  Giữ nguyên (không còn trong tệp): {', '.join(res.kept)}")
    if res.kept_overrides:
        click.echo("  Giữ nguyên ngày điều chỉnh đã sửa bằng «tracker workdays»: "
                   + ", ".join(fmt_date(d) for d in res.kept_overrides))
    if res.unlisted_overrides:
        click.echo("  Ngày điều chỉnh không có trong tệp, vẫn giữ (bỏ bằng «tracker workdays unset NGÀY»): "
                   + ", ".join(fmt_date(d) for d in res.unlisted_overrides))


# ---------------------------------------------------------------- tasks


@cli.group()
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
@click.option("--json", "as_json", is_flag=True, help="In JSON cho máy đọc.")
@pass_env
def tasks_list(env: Env, unit: str | None, status: str | None, as_of: str | None, include_future: bool,
               as_json: bool) -> None:
    """Danh sách nhiệm vụ và trạng thái (quá hạn được đánh dấu ⚠).

    \b
    Ví dụ:
      tracker tasks list
      tracker tasks list --unit VP --status overdue
      tracker tasks list --as-of 2025-10-01 --json
    """
    from tracker.cliviews import counts_line, tasks_table
    from tracker.formatting import cap, fmt_datetime
    from tracker.status import summarize
    from tracker.vocabulary import STATUS_LABELS

    instant = as_of_instant(as_of)
    (commune, plan), items, units = load_items(env, instant, include_future=include_future)
    if unit:
        codes = sorted(u.code for u in units.values())
        if unit not in codes:
            raise InvalidInput(f"Không có đơn vị mã «{unit}» (các đơn vị: {', '.join(codes)}).")
        items = [it for it in items if it.lead_unit and it.lead_unit.code == unit]
    if status:
        items = [it for it in items if it.status == status]
    if as_json:
        echo_json([it.to_json(units) for it in items])
        return
    click.echo(f"{plan.title if plan else commune.name}")
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
@click.option("--json", "as_json", is_flag=True, help="In JSON cho máy đọc.")
@pass_env
def tasks_show(env: Env, code: str, period: str | None, as_of: str | None, as_json: bool) -> None:
    """Mọi thông tin về một nhiệm vụ, kèm lịch sử thay đổi.

    \b
    Ví dụ:
      tracker tasks show II.1.b.4
      tracker tasks show III.2.1 --period 2025-09
    """
    from sqlmodel import select

    from tracker.cliviews import audit_table, detail_block, item_detail, visible
    from tracker.db import pk, reading
    from tracker.models import Unit
    from tracker.service import audit_log, find_task, resolve_commune
    from tracker.status import build_items
    from tracker.workdays import load_calendar

    instant = as_of_instant(as_of)
    if period:
        period = parse_period(period)
    with reading(env.engine) as s:
        c = resolve_commune(s, env.commune)
        task = find_task(s, pk(c), code)
        items = build_items(s, pk(c), as_of=instant, calendar=load_calendar(s), include_future=True,
                            task_ids=[pk(task)])
        if period:
            items = [it for it in items if it.period == period]
            if not items:
                raise InvalidInput(f"Nhiệm vụ {task.code} không có kỳ {period}.")
        units = {pk(u): u for u in s.exec(select(Unit).where(Unit.commune_id == c.id)).all()}
        history = audit_log(s, pk(c), task.code, limit=1000)
    if as_json:
        echo_json({
            **items[0].to_json(units),
            "description": task.description, "section": task.section,
            "expected_output": task.expected_output, "legal_basis": task.legal_basis,
            "occurrences": [it.to_json(units) for it in items] if task.deadline_kind == "monthly" else [],
            "history": [{"at": e.at.isoformat(), "actor": e.actor, "channel": e.channel, "action": e.action,
                         "before": e.before, "after": e.after} for e in history],
        })
        return
    first = items[0]
    click.echo(detail_block(item_detail(first, units) if not first.period or period else
                            [p for p in item_detail(first, units) if p[0] not in {"Mã", "Kỳ số liệu", "Trạng thái",
                                                                                   "Hạn (ngày)", "Hoàn thành lúc"}]))
    click.echo()
    click.echo("Nội dung:")
    click.echo("  " + visible(task.description))
    if task.expected_output:
        click.echo(f"Sản phẩm: {visible(task.expected_output)}")
    if task.legal_basis:
        click.echo(f"Căn cứ: {visible(task.legal_basis)}")
    if task.deadline_kind == "monthly" and not period:
        from tracker.cliviews import tasks_table

        click.echo()
        click.echo("Các kỳ báo cáo:")
        click.echo(tasks_table(items))
    click.echo()
    click.echo("Lịch sử:")
    click.echo(audit_table(history) if history else "  (chưa có)")


def _task_options(f: Any) -> Any:
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
def tasks_done(env: Env, code: str, period: str | None, at: str | None, by: str | None, note: str | None,
               evidence: str | None) -> None:
    """Đánh dấu nhiệm vụ đã hoàn thành.

    \b
    Ví dụ:
      tracker tasks done II.2.b.1 --by "Bùi Quang Nam" --note "Đã triển khai"
      tracker tasks done III.2.1 --period 2025-09 --at "2025-09-16 10:00"
    """
    from tracker.formatting import cap
    from tracker.service import complete_task
    from tracker.vocabulary import STATUS_LABELS

    item = complete_task(env.engine, commune=env.commune, code=code, period=parse_period(period) if period else None,
                         at=parse_datetime(at) if at else None, actor=_resolve_actor(env, by), note=note,
                         evidence=evidence, now=now())
    click.echo(f"Đã ghi nhận hoàn thành {item.ref}: {cap(STATUS_LABELS[item.status])}.")


def _resolve_actor(env: Env, by: str | None) -> Any:
    from tracker.db import pk, reading
    from tracker.service import actor_for, resolve_commune

    with reading(env.engine) as s:
        c = resolve_commune(s, env.commune)
        return actor_for(s, pk(c), by, cli_actor())


@tasks.command("reopen")
@_task_options
@click.option("--reason", required=True, help="Lý do mở lại.")
@click.option("--by", "by", metavar="NGƯỜI", help="Người mở lại (tên hoặc ID đã đăng ký).")
@pass_env
def tasks_reopen(env: Env, code: str, period: str | None, reason: str, by: str | None) -> None:
    """Mở lại một nhiệm vụ đã đánh dấu hoàn thành (kết quả cũ vẫn được lưu).

    \b
    Ví dụ:
      tracker tasks reopen II.2.b.1 --reason "Báo cáo chưa đạt yêu cầu"
    """
    from tracker.formatting import cap
    from tracker.service import reopen_task
    from tracker.vocabulary import STATUS_LABELS

    item = reopen_task(env.engine, commune=env.commune, code=code, period=parse_period(period) if period else None,
                       reason=reason, actor=_resolve_actor(env, by), now=now())
    click.echo(f"Đã mở lại {item.ref}: {cap(STATUS_LABELS[item.status])}.")


@tasks.command("extend")
@_task_options
@click.option("--to", "to", required=True, metavar="NGÀY", help="Hạn mới (YYYY-MM-DD hoặc DD/MM/YYYY).")
@click.option("--reason", required=True, help="Lý do gia hạn.")
@click.option("--approved-by", metavar="NGƯỜI", help="Lãnh đạo duyệt (Chủ tịch hoặc Phó Chủ tịch).")
@click.option("--at", "at", metavar="THỜI_ĐIỂM",
              help="Thời điểm lãnh đạo duyệt (mặc định: bây giờ), khi ghi lại một gia hạn đã duyệt trên giấy.")
@click.option("--by", "by", metavar="NGƯỜI", help="Người ghi nhận (tên hoặc ID đã đăng ký).")
@pass_env
def tasks_extend(env: Env, code: str, period: str | None, to: str, reason: str, approved_by: str | None,
                 at: str | None, by: str | None) -> None:
    """Gia hạn nhiệm vụ; hạn gốc vẫn được giữ để thống kê.

    \b
    Ví dụ:
      tracker tasks extend II.2.b.2 --to 31/10/2025 --reason "Chờ nâng cấp phần mềm" --approved-by "Bùi Quang Nam"
    """
    from tracker.formatting import cap, fmt_date
    from tracker.service import extend_task
    from tracker.vocabulary import STATUS_LABELS

    item = extend_task(env.engine, commune=env.commune, code=code, period=parse_period(period) if period else None,
                       new_due=date_arg(to), reason=reason, approved_by=approved_by,
                       actor=_resolve_actor(env, by), now=now(), at=parse_datetime(at) if at else None)
    click.echo(f"Đã gia hạn {item.ref} đến {fmt_date(item.due)}: {cap(STATUS_LABELS[item.status])}.")


@tasks.command("cancel")
@click.argument("code")
@click.option("--reason", required=True, help="Lý do hủy (ví dụ số văn bản điều chỉnh kế hoạch).")
@click.option("--by", "by", metavar="NGƯỜI", help="Người ghi nhận (tên hoặc ID đã đăng ký).")
@pass_env
def tasks_cancel(env: Env, code: str, reason: str, by: str | None) -> None:
    """Hủy một nhiệm vụ (mọi kỳ nếu định kỳ); dừng nhắc việc ngay, lịch sử vẫn giữ.

    \b
    Ví dụ:
      tracker tasks cancel II.2.a.2 --reason "Điều chỉnh theo Kế hoạch số .../KH-UBND"
    """
    from tracker.service import cancel_task

    task = cancel_task(env.engine, commune=env.commune, code=code, reason=reason, actor=_resolve_actor(env, by),
                       now=now())
    click.echo(f"Đã hủy nhiệm vụ {task.code}.")


# ---------------------------------------------------------------- units, people


@cli.group()
def units() -> None:
    """Các đơn vị của xã.

    \b
    Ví dụ:
      tracker units list
    """


@units.command("list")
@click.option("--json", "as_json", is_flag=True, help="In JSON cho máy đọc.")
@pass_env
def units_list(env: Env, as_json: bool) -> None:
    """Danh sách đơn vị và trưởng đơn vị.

    \b
    Ví dụ:
      tracker units list
    """
    from sqlmodel import select

    from tracker.cliviews import table
    from tracker.db import pk, reading
    from tracker.models import Person, Unit
    from tracker.service import resolve_commune

    with reading(env.engine) as s:
        c = resolve_commune(s, env.commune)
        rows = s.exec(select(Unit).where(Unit.commune_id == c.id).order_by(Unit.code)).all()
        heads = s.exec(select(Person).where(Person.commune_id == c.id, Person.role == "head",
                                            Person.active == True)).all()  # noqa: E712
    by_unit: dict[int, list[str]] = {}
    for h in heads:
        if h.unit_id is not None:
            by_unit.setdefault(h.unit_id, []).append(h.name)
    if as_json:
        echo_json([{"code": u.code, "name": u.name, "heads": by_unit.get(pk(u), [])} for u in rows])
        return
    click.echo(table([[u.code, u.name, ", ".join(by_unit.get(pk(u), [])) or "⚠ chưa có trưởng đơn vị"]
                      for u in rows], ["Mã", "Tên đơn vị", "Trưởng đơn vị"]))


@cli.group()
def people() -> None:
    """Người dùng: lãnh đạo, trưởng đơn vị, công chức, cán bộ CNTT.

    \b
    Ví dụ:
      tracker people add --name "Nguyễn Thị Hoa" --unit VP --role head
      tracker people list
    """


ROLE_CHOICE = click.Choice(ROLES)


@people.command("add")
@click.option("--name", required=True, help="Họ và tên.")
@click.option("--unit", metavar="MÃ_ĐV", help="Đơn vị (bắt buộc với trưởng đơn vị).")
@click.option("--role", required=True, type=ROLE_CHOICE, help="Vai trò.")
@click.option("--email", help="Địa chỉ thư điện tử.")
@click.option("--telegram-chat-id", type=chat_id(), help="Mã cuộc trò chuyện Telegram.")
@pass_env
def people_add(env: Env, name: str, unit: str | None, role: str, email: str | None,
               telegram_chat_id: int | None) -> None:
    """Đăng ký một người.

    \b
    Ví dụ:
      tracker people add --name "Nguyễn Thị Hoa" --unit VP --role head --email hoa@camhiep.gov.vn
    """
    from tracker.service import add_person

    p = add_person(env.engine, commune=env.commune, name=name, unit=unit, role=role, email=email,
                   telegram_chat_id=telegram_chat_id, actor=cli_actor(), now=now())
    click.echo(f"Đã thêm {p.name} (ID {p.id}).")


@people.command("list")
@click.option("--json", "as_json", is_flag=True, help="In JSON cho máy đọc.")
@pass_env
def people_list(env: Env, as_json: bool) -> None:
    """Danh sách người đã đăng ký.

    \b
    Ví dụ:
      tracker people list --json
    """
    from sqlmodel import col, select

    from tracker.cliviews import people_table
    from tracker.db import pk, reading
    from tracker.models import Person, Unit
    from tracker.service import resolve_commune

    with reading(env.engine) as s:
        c = resolve_commune(s, env.commune)
        rows = s.exec(select(Person).where(Person.commune_id == c.id).order_by(col(Person.id))).all()
        units = {pk(u): u for u in s.exec(select(Unit).where(Unit.commune_id == c.id)).all()}
    if as_json:
        echo_json([{"id": p.id, "name": p.name, "role": p.role,
                     "unit": units[p.unit_id].code if p.unit_id in units else None,
                     "email": p.email, "telegram_chat_id": p.telegram_chat_id, "active": p.active} for p in rows])
        return
    click.echo(people_table(list(rows), units))


@people.command("edit")
@click.argument("person")
@click.option("--name", help="Họ và tên mới.")
@click.option("--unit", metavar="MÃ_ĐV", help="Đơn vị mới.")
@click.option("--role", type=ROLE_CHOICE, help="Vai trò mới.")
@click.option("--email", help="Địa chỉ thư mới.")
@click.option("--telegram-chat-id", type=chat_id(), help="Mã cuộc trò chuyện Telegram mới.")
@click.option("--activate", is_flag=True, help="Kích hoạt lại người đã bị vô hiệu hóa.")
@pass_env
def people_edit(env: Env, person: str, name: str | None, unit: str | None, role: str | None, email: str | None,
                telegram_chat_id: int | None, activate: bool) -> None:
    """Sửa thông tin một người (tên hoặc ID).

    \b
    Ví dụ:
      tracker people edit "Nguyễn Thị Hoa" --email hoa.nt@camhiep.gov.vn
    """
    from tracker.service import edit_person

    changes: dict[str, Any] = {k: v for k, v in {"name": name, "unit": unit, "role": role, "email": email,
                                                  "telegram_chat_id": telegram_chat_id}.items() if v is not None}
    if activate:
        changes["active"] = True
    p = edit_person(env.engine, commune=env.commune, who=person, changes=changes, actor=cli_actor(), now=now())
    click.echo(f"Đã cập nhật {p.name}.")


@people.command("deactivate")
@click.argument("person")
@pass_env
def people_deactivate(env: Env, person: str) -> None:
    """Vô hiệu hóa một người: không nhận thông báo, không thao tác được nữa.

    \b
    Ví dụ:
      tracker people deactivate "Nguyễn Thị Hoa"
    """
    from tracker.service import deactivate_person

    p = deactivate_person(env.engine, commune=env.commune, who=person, actor=cli_actor(), now=now())
    click.echo(f"Đã vô hiệu hóa {p.name}.")


# ---------------------------------------------------------------- KPIs


@cli.group()
def kpi() -> None:
    """Chỉ tiêu của Phụ lục kế hoạch.

    \b
    Ví dụ:
      tracker kpi list
      tracker kpi record I.2 --period 2025-09 --value 64.5
    """


@kpi.command("list")
@click.option("--period", metavar="YYYY-MM", help="Đánh giá theo số liệu đến kỳ này (mặc định: mới nhất).")
@click.option("--json", "as_json", is_flag=True, help="In JSON cho máy đọc.")
@pass_env
def kpi_list(env: Env, period: str | None, as_json: bool) -> None:
    """Các chỉ tiêu, số liệu gần nhất so với mục tiêu, và xu hướng.

    \b
    Ví dụ:
      tracker kpi list
      tracker kpi list --period 2025-09 --json
    """
    from sqlmodel import col, select

    from tracker.cliviews import kpi_state, kpi_table
    from tracker.db import pk, reading
    from tracker.models import Kpi, KpiReading
    from tracker.service import resolve_commune
    from tracker.vocabulary import KPI_STATE_LABELS

    if period:
        period = parse_period(period)
    with reading(env.engine) as s:
        c = resolve_commune(s, env.commune)
        kpis = s.exec(select(Kpi).where(Kpi.commune_id == c.id).order_by(col(Kpi.plan_id), col(Kpi.seq))).all()
        readings = s.exec(select(KpiReading).where(col(KpiReading.kpi_id).in_([pk(k) for k in kpis]))
                          .order_by(col(KpiReading.period))).all()
    hist: dict[int, list[Any]] = {}
    for r in readings:
        if period is None or r.period <= period:
            hist.setdefault(r.kpi_id, []).append(r)
    rows = [(k, (hist.get(pk(k)) or [None])[-1], hist.get(pk(k), [])) for k in kpis]
    if as_json:
        echo_json([{
            "code": k.code, "name": k.name, "target": k.target, "comparison": k.comparison,
            "target_text": k.target_text, "window": k.window,
            "latest": {"period": r.period, "value": r.value, "numerator": r.numerator,
                       "denominator": r.denominator} if r else None,
            "state": kpi_state(k, r),
            "state_label": KPI_STATE_LABELS[kpi_state(k, r)],
            "trend": [{"period": h.period, "value": h.value} for h in history],
        } for k, r, history in rows])
        return
    click.echo(kpi_table(rows))


@kpi.command("record")
@click.argument("code")
@click.option("--period", required=True, metavar="YYYY-MM", help="Kỳ của số liệu.")
@click.option("--value", type=float, help="Giá trị (%); tính từ tử số/mẫu số nếu bỏ trống.")
@click.option("--numerator", type=float, help="Tử số.")
@click.option("--denominator", type=float, help="Mẫu số.")
@click.option("--source", help="Nguồn số liệu, ví dụ «Cổng Dịch vụ công quốc gia».")
@pass_env
def kpi_record(env: Env, code: str, period: str, value: float | None, numerator: float | None,
               denominator: float | None, source: str | None) -> None:
    """Ghi số liệu một chỉ tiêu cho một kỳ (ghi lại kỳ cũ sẽ thay số liệu cũ, có lưu vết).

    \b
    Ví dụ:
      tracker kpi record I.2 --period 2025-09 --value 64.5
      tracker kpi record I.2 --period 2025-09 --numerator 129 --denominator 200
    """
    from tracker.formatting import fmt_number
    from tracker.service import record_kpi

    r = record_kpi(env.engine, commune=env.commune, code=code, period=parse_period(period), value=value,
                   numerator=numerator, denominator=denominator, source=source, actor=cli_actor(),
                   channel="cli", now=now())
    click.echo(f"Đã ghi chỉ tiêu {code} kỳ {r.period}: {fmt_number(r.value)}%.")


# ---------------------------------------------------------------- log, summary, workdays


@cli.command("log")
@click.option("--task", "task_code", metavar="MÃ", help="Chỉ lịch sử của nhiệm vụ này.")
@click.option("--limit", default=50, type=click.IntRange(1, 10000), help="Số dòng gần nhất (mặc định 50).")
@click.option("--json", "as_json", is_flag=True, help="In JSON cho máy đọc.")
@pass_env
def log_cmd(env: Env, task_code: str | None, limit: int, as_json: bool) -> None:
    """Nhật ký thay đổi: ai, khi nào, qua kênh nào, trước và sau.

    \b
    Ví dụ:
      tracker log --task II.2.b.1
    """
    from tracker.cliviews import audit_table
    from tracker.db import pk, reading
    from tracker.service import audit_log, resolve_commune

    with reading(env.engine) as s:
        c = resolve_commune(s, env.commune)
        events = audit_log(s, pk(c), task_code, limit)
    if as_json:
        echo_json([{"at": e.at.isoformat(), "actor": e.actor, "channel": e.channel, "action": e.action,
                     "entity": e.entity, "before": e.before, "after": e.after} for e in events])
        return
    click.echo(audit_table(events) if events else "Chưa có thay đổi nào.")


@cli.command()
@click.option("--as-of", "as_of", metavar="NGÀY", help="Tình hình tính đến hết ngày này.")
@click.option("--json", "as_json", is_flag=True, help="In JSON cho máy đọc.")
@pass_env
def summary(env: Env, as_of: str | None, as_json: bool) -> None:
    """Tổng hợp bốn nhóm trạng thái theo đơn vị và toàn xã (mỗi tỷ lệ kèm mẫu số).

    \b
    Ví dụ:
      tracker summary --as-of 2025-10-01
    """
    from tracker.cliviews import summary_table
    from tracker.formatting import fmt_datetime
    from tracker.status import summarize
    from tracker.timeutil import iso_vn

    instant = as_of_instant(as_of)
    (commune, plan), items, units = load_items(env, instant)
    per_unit, total = summarize(items, list(units.values()))
    if as_json:
        echo_json({"commune": commune.code, "as_of": iso_vn(instant), "units": [u.to_json() for u in per_unit],
                    "total": total.to_json()})
        return
    click.echo(f"{plan.title if plan else commune.name}")
    click.echo(f"Tổng hợp tình hình tính đến {fmt_datetime(instant)} (tỷ lệ trên số nhiệm vụ có thời hạn)")
    click.echo()
    click.echo(summary_table(per_unit, total))


@cli.group()
def workdays() -> None:
    """Ngày làm việc: ngày lễ theo gói holidays và các điều chỉnh (làm bù, nghỉ bù).

    \b
    Ví dụ:
      tracker workdays list --year 2026
      tracker workdays set 2026-01-03 --working --note "Làm bù cho ngày 02/01/2026"
    """


@workdays.command("list")
@click.option("--year", type=year(), help="Năm (mặc định: năm nay).")
def workdays_list(year: int | None) -> None:
    """Ngày nghỉ lễ và các điều chỉnh của một năm.

    \b
    Ví dụ:
      tracker workdays list --year 2026
    """
    from sqlmodel import select

    from tracker.cliviews import table
    from tracker.db import get_engine, reading
    from tracker.formatting import fmt_date
    from tracker.models import WorkdayOverride
    from tracker.timeutil import vn_date
    from tracker.workdays import holidays_of

    year = year or vn_date(now()).year
    with reading(get_engine()) as s:
        overrides = list(s.exec(select(WorkdayOverride)).all())
    rows = [[fmt_date(d), "nghỉ", name] for d, name in sorted(holidays_of(year).items())]
    rows += [[fmt_date(o.day), "làm việc" if o.is_working else "nghỉ", f"điều chỉnh: {o.note}"]
             for o in overrides if o.day.year == year]
    rows.sort(key=lambda r: (r[0][6:], r[0][3:5], r[0][:2]))
    click.echo(table(rows, ["Ngày", "Loại", "Ghi chú"]))


@workdays.command("set")
@click.argument("day")
@click.option("--working/--off", required=True, help="Ngày làm việc (làm bù) hay ngày nghỉ.")
@click.option("--note", required=True, help="Lý do, ví dụ số văn bản điều chỉnh.")
def workdays_set(day: str, working: bool, note: str) -> None:
    """Đánh dấu một ngày là ngày làm việc hoặc ngày nghỉ (thắng lịch mặc định).

    \b
    Ví dụ:
      tracker workdays set 2026-01-03 --working --note "Làm bù cho ngày 02/01/2026"
    """
    from tracker.db import get_engine
    from tracker.formatting import fmt_date
    from tracker.service import set_workday_override

    d = date_arg(day)
    set_workday_override(get_engine(), day=d, working=working, note=note, actor=cli_actor(), now=now())
    click.echo(f"Đã đặt {fmt_date(d)} là {'ngày làm việc' if working else 'ngày nghỉ'}.")


@workdays.command("unset")
@click.argument("day")
def workdays_unset(day: str) -> None:
    """Bỏ điều chỉnh của một ngày.

    \b
    Ví dụ:
      tracker workdays unset 2026-01-03
    """
    from tracker.db import get_engine
    from tracker.formatting import fmt_date
    from tracker.service import remove_workday_override

    d = date_arg(day)
    remove_workday_override(get_engine(), day=d, actor=cli_actor(), now=now())
    click.echo(f"Đã bỏ điều chỉnh ngày {fmt_date(d)}.")


# Command groups that live in their own modules (one line each).
# -- registered commands --
from tracker.commands.bot import register as _register_bot  # noqa: E402

_register_bot(cli)
from tracker.commands.reports import register as _register_reports  # noqa: E402

_register_reports(cli)
from tracker.commands.remind import register as _register_remind  # noqa: E402

_register_remind(cli)


def main() -> None:
    cli()


if __name__ == "__main__":
    main()
