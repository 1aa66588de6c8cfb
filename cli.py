"""The `tracker` command line (click): the root group and the explicit list of its commands.

Each group lives in its own module under tracker/commands/ and owns its subcommands; nothing is added to a group
from another module. Heavy libraries (sqlmodel, telegram, apscheduler, docx) are imported inside the commands that
need them, so `tracker --help` starts fast.
"""

from __future__ import annotations

import click

from tracker.clikit import Env, TrackerGroup
from tracker.commands import bot, core, demo, extensions, kpi, outbox, people, remind, reports, tasks, units, workdays

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


# Every command of the root, in one place: a module under tracker/commands/ defines one group (or a few top-level
# commands) and registers nothing itself.
COMMANDS: tuple[click.Command, ...] = (
    core.init, core.seed, core.log_cmd, core.summary,
    tasks.tasks, people.people, units.units, kpi.kpi, workdays.workdays,
    remind.remind, remind.digest, remind.run_daemon, outbox.outbox_group, demo.demo,
    extensions.extensions, reports.report, reports.publish, reports.calendar_group, bot.bot_cmd,
)
for _command in COMMANDS:
    cli.add_command(_command)


def main() -> None:
    cli()


if __name__ == "__main__":
    main()
