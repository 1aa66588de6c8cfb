"""`tracker units list`.

sqlmodel loads inside the command (start-up time).
"""

from __future__ import annotations

import click

from tracker.clikit import (
    Env,
    TrackerGroup,
    echo_json,
    pass_env,
)


@click.group("units", cls=TrackerGroup)
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
    from tracker.cliviews import table
    from tracker.db import reading
    from tracker.domain.queries import unit_rows

    with reading(env.engine) as s:
        rows = unit_rows(s, env.commune)
    if as_json:
        echo_json([{"code": r.unit.code, "name": r.unit.name, "heads": r.heads} for r in rows])
        return
    click.echo(table([[r.unit.code, r.unit.name, ", ".join(r.heads) or "⚠ chưa có trưởng đơn vị"] for r in rows],
                     ["Mã", "Tên đơn vị", "Trưởng đơn vị"]))
