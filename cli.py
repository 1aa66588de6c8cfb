"""The `tracker` command line (click): the root group and the explicit list of its commands.

Each group lives in its own module under tracker/commands/ and owns its subcommands; nothing is added to a group
from another module. The root imports a command's module only when that command runs (or shows its own help):
`tracker --help` lists the commands from ROOT_COMMANDS below and imports none of them. Heavy libraries (sqlmodel,
telegram, apscheduler, docx) are imported inside the commands that need them, so a command loads only what it uses.
"""

from __future__ import annotations

import gc
from collections.abc import Mapping, MutableMapping
from typing import Any

import click

from tracker.clikit import Env, TrackerGroup

# ---------------------------------------------------------------- root


class LazyGroup(TrackerGroup):
    """A group that imports a command's module only when that command is resolved (click's documented lazy-loading
    pattern), so listing the commands (`tracker --help`) imports none of them.

    `lazy` maps each command name to ("package.module:attribute", the first paragraph of its help); the help is what
    the list shows, shortened as click shortens a command's own help. Reading `commands` (tests, tools that walk
    the tree) imports every module, so from outside the group looks like one whose commands were all added.
    """

    def __init__(self, *args: Any, lazy: Mapping[str, tuple[str, str]] | None = None, **kwargs: Any) -> None:
        self._lazy = dict(lazy or {})
        self._commands: MutableMapping[str, click.Command] = {}
        super().__init__(*args, **kwargs)

    @property
    def commands(self) -> MutableMapping[str, click.Command]:
        for name in self._lazy:
            self._load(name)
        return self._commands

    @commands.setter
    def commands(self, value: MutableMapping[str, click.Command]) -> None:
        self._commands = value

    def _load(self, name: str) -> click.Command:
        if name not in self._commands:
            import importlib

            module, _, attribute = self._lazy[name][0].partition(":")
            command = getattr(importlib.import_module(module), attribute)
            if not isinstance(command, click.Command) or command.name != name:
                raise TypeError(f"{module}:{attribute} is not the click command {name!r}")
            self._commands[name] = command
        return self._commands[name]

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name in self._lazy:
            return self._load(cmd_name)
        return self._commands.get(cmd_name)

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*self._commands, *self._lazy})

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """click's own listing, with a stand-in command carrying the stored help for each lazy one."""
        rows = []
        for name in self.list_commands(ctx):
            if name in self._lazy:
                command = click.Command(name, help=self._lazy[name][1])
            else:
                command = self._commands[name]
                if command.hidden:
                    continue
            rows.append((name, command))
        if rows:
            limit = formatter.width - 6 - max(len(name) for name, _ in rows)
            with formatter.section("Commands"):
                formatter.write_dl([(name, command.get_short_help_str(limit)) for name, command in rows])


# Every command of the root, in one place: its name, where it is defined (a module under tracker/commands/ defines
# one group, or a few top-level commands, and registers nothing itself) and the first paragraph of its help, which
# `tracker --help` shows without importing the module. tests/test_startup.py checks that each entry names the
# command of that name and repeats its help word for word.
ROOT_COMMANDS: dict[str, tuple[str, str]] = {
    "init": ("tracker.commands.core:init", "Tạo hoặc nâng cấp cơ sở dữ liệu (an toàn khi chạy lại)."),
    "seed": ("tracker.commands.core:seed",
             "Nạp kế hoạch từ tệp JSON (không nêu tệp: Kế hoạch cải cách TTHC 2025 đi kèm chương trình)."),
    "log": ("tracker.commands.core:log_cmd", "Nhật ký thay đổi: ai, khi nào, qua kênh nào, trước và sau."),
    "summary": ("tracker.commands.core:summary",
                "Tổng hợp bốn nhóm trạng thái theo đơn vị và toàn xã (mỗi tỷ lệ kèm mẫu số)."),
    "tasks": ("tracker.commands.tasks:tasks", "Xem và cập nhật nhiệm vụ của kế hoạch."),
    "plan": ("tracker.commands.plans:plan",
             "Các kế hoạch của xã qua các năm: xem, ghi ngày ban hành, chuyển tiếp, kết thúc."),
    "people": ("tracker.commands.people:people", "Người dùng: lãnh đạo, trưởng đơn vị, công chức, cán bộ CNTT."),
    "units": ("tracker.commands.units:units", "Các đơn vị của xã."),
    "commune": ("tracker.commands.communes:commune", "Các xã dùng chung hệ thống: thêm xã, xem danh sách."),
    "kpi": ("tracker.commands.kpi:kpi", "Chỉ tiêu của Phụ lục kế hoạch."),
    "workdays": ("tracker.commands.workdays:workdays",
                 "Ngày làm việc: ngày lễ theo gói holidays và các điều chỉnh (làm bù, nghỉ bù)."),
    "remind": ("tracker.commands.remind:remind", "Nhắc việc: chạy một lượt nhắc bằng tay, xem trước lịch nhắc."),
    "digest": ("tracker.commands.remind:digest",
               "Bản tổng hợp tuần: quá hạn, sắp đến hạn, chưa có người phụ trách, gửi lỗi, chỉ tiêu chưa đạt, "
               "đề nghị gia hạn."),
    "run": ("tracker.commands.remind:run_daemon",
            "Chạy nền: nhắc việc mỗi phút, tổng hợp tuần sáng thứ Hai, cho đến khi nhận SIGTERM/SIGINT."),
    "outbox": ("tracker.commands.outbox:outbox_group", "Hàng đợi thông báo: xem những gì đã gửi, lỗi, và gửi lại."),
    "demo": ("tracker.commands.demo:demo",
             "Mô phỏng cả kế hoạch 2025 từ tháng 8 đến hết năm trên đồng hồ giả lập."),
    "extensions": ("tracker.commands.extensions:extensions",
                   "Đề nghị gia hạn gửi từ Telegram (/giahan, nút «Xin gia hạn»): xem, duyệt, từ chối."),
    "report": ("tracker.commands.reports:report", "Báo cáo định kỳ gửi cấp trên."),
    "publish": ("tracker.commands.reports:publish",
                "Tạo trang công khai tiến độ (một tệp index.html tự chứa) cho cổng thông tin của xã."),
    "calendar": ("tracker.commands.reports:calendar_group",
                 "Lịch thời hạn (iCalendar) cho điện thoại, Google Calendar, Outlook."),
    "bot": ("tracker.commands.bot:bot_cmd",
            "Chạy bot Telegram một mình (nhận lệnh và nút bấm), đến khi nhận Ctrl+C hoặc SIGTERM."),
    "zalo": ("tracker.commands.zalo:zalo_cmd",
             "Chạy bot Zalo một mình (nhận lệnh của cán bộ), đến khi nhận Ctrl+C hoặc SIGTERM."),
}


@click.group(cls=LazyGroup, lazy=ROOT_COMMANDS,
             context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 110})
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


def __getattr__(name: str) -> Any:
    """`cli.COMMANDS`: the root's commands themselves, in ROOT_COMMANDS' order (importing every command module)."""
    if name == "COMMANDS":
        return tuple(cli.commands[command] for command in ROOT_COMMANDS)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def main() -> None:
    try:
        cli()
    finally:
        # The command is over and the process ends. The interpreter's last garbage collections would walk every
        # object the libraries made (sqlmodel, sqlalchemy, pydantic: a fifth of `tracker tasks list`'s time) to
        # free memory the process gives back anyway; frozen objects are left out of them. What must be closed is
        # closed explicitly: database connections by tracker.db at exit, files by the `with` that opened them.
        gc.freeze()


if __name__ == "__main__":
    main()
