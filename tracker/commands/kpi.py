"""`tracker kpi list|record|import`.

sqlmodel loads inside the commands (start-up time).
"""

from __future__ import annotations

from pathlib import Path

import click

from tracker.clikit import (
    Env,
    TrackerGroup,
    cli_actor,
    echo_json,
    now,
    parse_period,
    pass_env,
    plan_note,
    plan_option,
)


@click.group("kpi", cls=TrackerGroup)
def kpi() -> None:
    """Chỉ tiêu của Phụ lục kế hoạch.

    \b
    Ví dụ:
      tracker kpi list
      tracker kpi record I.2 --period 2025-09 --value 64.5
    """


@kpi.command("list")
@click.option("--period", metavar="YYYY-MM", help="Đánh giá theo số liệu đến kỳ này (mặc định: mới nhất).")
@plan_option
@click.option("--json", "as_json", is_flag=True, help="In JSON cho máy đọc.")
@pass_env
def kpi_list(env: Env, period: str | None, plan: str | None, as_json: bool) -> None:
    """Các chỉ tiêu, số liệu gần nhất so với mục tiêu, và xu hướng.

    \b
    Ví dụ:
      tracker kpi list
      tracker kpi list --period 2025-09 --json
    """
    from tracker.cliviews import kpi_table
    from tracker.db import pk, reading
    from tracker.domain.lookups import resolve_commune, resolve_plan
    from tracker.domain.queries import kpi_rows
    from tracker.timeutil import end_of_day, report_window
    from tracker.vocabulary import KPI_STATE_LABELS

    if period:
        period = parse_period(period)
    instant = end_of_day(report_window(period)[1]) if period else now()
    with reading(env.engine) as s:
        c = resolve_commune(s, env.commune)
        rows = kpi_rows(s, pk(c), period, plan_id=pk(resolve_plan(s, pk(c), plan, instant)))
    if as_json:
        echo_json([{
            "code": r.kpi.code, "name": r.kpi.name, "target": r.kpi.target, "comparison": r.kpi.comparison,
            "target_text": r.kpi.target_text, "window": r.kpi.window,
            "latest": {"period": r.latest.period, "value": r.latest.value, "numerator": r.latest.numerator,
                       "denominator": r.latest.denominator} if r.latest else None,
            "state": r.state,
            "state_label": KPI_STATE_LABELS[r.state],
            "trend": [{"period": h.period, "value": h.value} for h in r.history],
        } for r in rows])
        return
    click.echo(kpi_table(rows))


@kpi.command("record")
@click.argument("code")
@click.option("--period", required=True, metavar="YYYY-MM", help="Kỳ của số liệu.")
@click.option("--value", type=float, help="Giá trị (%); tính từ tử số/mẫu số nếu bỏ trống.")
@click.option("--numerator", type=float, help="Tử số.")
@click.option("--denominator", type=float, help="Mẫu số.")
@click.option("--source", help="Nguồn số liệu, ví dụ «Cổng Dịch vụ công quốc gia».")
@plan_option
@pass_env
def kpi_record(env: Env, code: str, period: str, value: float | None, numerator: float | None,
               denominator: float | None, source: str | None, plan: str | None) -> None:
    """Ghi số liệu một chỉ tiêu cho một kỳ (ghi lại kỳ cũ sẽ thay số liệu cũ, có lưu vết).

    \b
    Ví dụ:
      tracker kpi record I.2 --period 2025-09 --value 64.5
      tracker kpi record I.2 --period 2025-09 --numerator 129 --denominator 200
    """
    from tracker.db import reading
    from tracker.domain.kpis import record_kpi
    from tracker.formatting import fmt_number
    from tracker.models import Kpi, Plan

    r = record_kpi(env.engine, commune=env.commune, code=code, period=parse_period(period), value=value,
                   numerator=numerator, denominator=denominator, source=source, actor=cli_actor(),
                   channel="cli", now=now(), plan=plan)
    with reading(env.engine) as s:
        kpi = s.get(Kpi, r.kpi_id)
        of_plan = s.get(Plan, kpi.plan_id) if kpi else None
    click.echo(f"Đã ghi chỉ tiêu {code}{plan_note(env, of_plan)} kỳ {r.period}: {fmt_number(r.value)}%.")


@kpi.command("import")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@pass_env
def kpi_import(env: Env, file: Path) -> None:
    """Nhập số liệu chỉ tiêu từ tệp CSV (UTF-8): tất cả các dòng hoặc không dòng nào.

    Cột: code,period,value[,numerator,denominator,source] (có dòng tiêu đề; dấu
    phân cách «,» hoặc «;»; với «;» được viết số thập phân bằng dấu phẩy). Có dòng
    sai thì báo lỗi từng dòng và không nhập gì.

    \b
    Ví dụ:
      tracker kpi import so-lieu-2025-09.csv
    \b
    Tệp mẫu:
      code,period,value,numerator,denominator,source
      I.2,2025-09,64.5,129,200,Cổng Dịch vụ công quốc gia
      II.4,2025-09,92,,,Khảo sát mức độ hài lòng
    """
    from tracker.reports.kpi_import import import_kpi_csv

    res = import_kpi_csv(env.engine, file, commune=env.commune, actor=cli_actor(), now=now())
    click.echo(f"Đã nhập {res.rows} số liệu chỉ tiêu từ {file.name} ({res.created} mới, {res.updated} ghi đè).")
