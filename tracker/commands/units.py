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
