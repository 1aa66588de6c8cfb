"""`tracker workdays list|set|unset`.

sqlmodel and the holidays package load inside the commands (start-up time).
"""

from __future__ import annotations

import click

from tracker.clikit import (
    TrackerGroup,
    cli_actor,
    date_arg,
    now,
    year,
)


@click.group("workdays", cls=TrackerGroup)
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
    from tracker.cliviews import table
    from tracker.db import get_engine, reading
    from tracker.domain.queries import days_of_year
    from tracker.formatting import fmt_date
    from tracker.timeutil import vn_date

    year = year or vn_date(now()).year
    with reading(get_engine()) as s:
        days = days_of_year(s, year)
    rows = [[fmt_date(d.day), "làm việc" if d.working else "nghỉ", f"điều chỉnh: {d.note}" if d.override else d.note]
            for d in days]
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
    from tracker.domain.workdays import set_workday_override
    from tracker.formatting import fmt_date

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
    from tracker.domain.workdays import remove_workday_override
    from tracker.formatting import fmt_date

    d = date_arg(day)
    remove_workday_override(get_engine(), day=d, actor=cli_actor(), now=now())
    click.echo(f"Đã bỏ điều chỉnh ngày {fmt_date(d)}.")
