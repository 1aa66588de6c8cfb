"""`tracker commune add|list`: the communes one deployment serves (a province runs one tracker for all).

sqlmodel loads inside the commands (start-up time).
"""

from __future__ import annotations

import click

from tracker.clikit import Env, TrackerGroup, cli_actor, echo_json, now, pass_env


@click.group("commune", cls=TrackerGroup)
def commune() -> None:
    """Các xã dùng chung hệ thống: thêm xã, xem danh sách.

    \b
    Ví dụ:
      tracker commune add dien-lam --name "Xã Diên Lâm" --province "Khánh Hòa"
      tracker seed ke-hoach.json --commune dien-lam
      tracker commune list
    """


@commune.command("add")
@click.argument("code")
@click.option("--name", required=True, help="Tên xã, ví dụ «Xã Diên Lâm».")
@click.option("--province", help="Tên tỉnh, ví dụ «Khánh Hòa».")
@pass_env
def commune_add(env: Env, code: str, name: str, province: str | None) -> None:
    """Thêm một xã (chưa có đơn vị, người, kế hoạch: nạp bằng «tracker seed TỆP --commune MÃ»).

    \b
    Ví dụ:
      tracker commune add dien-lam --name "Xã Diên Lâm" --province "Khánh Hòa"
    """
    from tracker.domain.communes import add_commune

    c = add_commune(env.engine, code=code, name=name, province=province, actor=cli_actor(), now=now())
    click.echo(f"Đã thêm {c.name} (mã {c.code}). Nạp kế hoạch cho xã: tracker seed TỆP --commune {c.code}")


@commune.command("list")
@click.option("--json", "as_json", is_flag=True, help="In JSON cho máy đọc.")
@pass_env
def commune_list(env: Env, as_json: bool) -> None:
    """Danh sách các xã, mỗi xã kèm số kế hoạch, người (đang hoạt động) và đơn vị.

    \b
    Ví dụ:
      tracker commune list --json
    """
    from tracker.cliviews import table
    from tracker.domain.communes import list_communes
    from tracker.formatting import fmt_number

    rows = list_communes(env.engine)
    if as_json:
        echo_json([r.to_json() for r in rows])
        return
    if not rows:
        click.echo("Chưa có xã nào. Thêm xã: tracker commune add MÃ --name \"Xã …\"")
        return
    click.echo(table([[r.commune.code, r.commune.name, r.commune.province or "—", fmt_number(r.plans),
                       fmt_number(r.people), fmt_number(r.units)] for r in rows],
                     ["Mã", "Tên xã", "Tỉnh", "Kế hoạch", "Người", "Đơn vị"]))
