"""`tracker workdays list|set|unset`.

sqlmodel and the holidays package load inside the commands (start-up time).
"""

from __future__ import annotations

import click

from tracker.clikit import (
    Env,
    TrackerGroup,
    cli_actor,
    date_arg,
    now,
    pass_env,
    year,
)


def _commune_id(env: Env) -> int | None:
    """The commune named by the root --commune, whose own override this is; None (a national override, which every
    commune follows) without it, whatever the number of communes."""
    if not env.commune:
        return None
    from tracker.db import pk, reading
    from tracker.domain.lookups import resolve_commune

    with reading(env.engine) as s:
        return pk(resolve_commune(s, env.commune))


@click.group("workdays", cls=TrackerGroup)
def workdays() -> None:
    """Ngày làm việc: ngày lễ theo gói holidays và các điều chỉnh (làm bù, nghỉ bù).

    Không có --commune: điều chỉnh chung cho mọi xã (theo quyết định của Nhà nước). Có --commune: điều chỉnh riêng
    của xã đó, áp dụng sau điều chỉnh chung.

    \b
    Ví dụ:
      tracker workdays list --year 2026
      tracker workdays set 2026-01-03 --working --note "Làm bù cho ngày 02/01/2026"
      tracker --commune XA01 workdays set 2026-01-10 --working --note "Làm bù theo QĐ của UBND xã"
    """


@workdays.command("list")
@click.option("--year", type=year(), help="Năm (mặc định: năm nay).")
@pass_env
def workdays_list(env: Env, year: int | None) -> None:
    """Ngày nghỉ lễ và các điều chỉnh của một năm.

    \b
    Ví dụ:
      tracker workdays list --year 2026
    """
    from tracker.cliviews import table
    from tracker.db import get_engine, reading
    from tracker.domain.queries import days_of_year
    from tracker.formatting import fmt_date
    from tracker.timeutil import vn_date

    year = year or vn_date(now()).year
    commune_id = _commune_id(env)
    with reading(get_engine()) as s:
        days = days_of_year(s, year, commune_id)
    rows = [[fmt_date(d.day), "làm việc" if d.working else "nghỉ",
             (f"điều chỉnh riêng của xã: {d.note}" if d.own else f"điều chỉnh: {d.note}") if d.override else d.note]
            for d in days]
    click.echo(table(rows, ["Ngày", "Loại", "Ghi chú"]))


@workdays.command("set")
@click.argument("day")
@click.option("--working/--off", required=True, help="Ngày làm việc (làm bù) hay ngày nghỉ.")
@click.option("--note", required=True, help="Lý do, ví dụ số văn bản điều chỉnh.")
@pass_env
def workdays_set(env: Env, day: str, working: bool, note: str) -> None:
    """Đánh dấu một ngày là ngày làm việc hoặc ngày nghỉ (thắng lịch mặc định).

    \b
    Ví dụ:
      tracker workdays set 2026-01-03 --working --note "Làm bù cho ngày 02/01/2026"
    """
    from tracker.db import get_engine
    from tracker.domain.workdays import set_workday_override
    from tracker.formatting import fmt_date

    d = date_arg(day)
    commune_id = _commune_id(env)
    set_workday_override(get_engine(), day=d, working=working, note=note, actor=cli_actor(), now=now(),
                         commune_id=commune_id)
    scope = f" cho riêng xã {env.commune}" if commune_id is not None else ""
    click.echo(f"Đã đặt {fmt_date(d)} là {'ngày làm việc' if working else 'ngày nghỉ'}{scope}.")


@workdays.command("unset")
@click.argument("day")
@pass_env
def workdays_unset(env: Env, day: str) -> None:
    """Bỏ điều chỉnh của một ngày.

    \b
    Ví dụ:
      tracker workdays unset 2026-01-03
    """
    from tracker.db import get_engine
    from tracker.domain.workdays import remove_workday_override
    from tracker.formatting import fmt_date

    d = date_arg(day)
    commune_id = _commune_id(env)
    remove_workday_override(get_engine(), day=d, actor=cli_actor(), now=now(), commune_id=commune_id)
    scope = f" của riêng xã {env.commune}" if commune_id is not None else ""
    click.echo(f"Đã bỏ điều chỉnh ngày {fmt_date(d)}{scope}.")
