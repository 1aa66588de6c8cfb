"""Shared CLI plumbing: Vietnamese click chrome, error handling, common options.

Imported by cli.py and by the command modules in tracker/commands/. Imports only
click, tracker.errors and the standard library at module level (start-up time matters:
`tracker --help` defines every command and runs none, so what a command needs to run,
even tracker.timeutil with its time zone data, is imported when it runs).
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Callable
from datetime import date, datetime
from typing import Any, ClassVar

import click

from tracker.errors import TrackerError

# ---------------------------------------------------------------- Vietnamese click chrome


class VietFormatter(click.HelpFormatter):
    """click's help layout with Vietnamese headings."""

    _HEADINGS: ClassVar[dict[str, str]] = {"Options": "Tùy chọn", "Commands": "Lệnh", "Arguments": "Tham số"}
    _WORDS = (("Show this message and exit.", "Hiện hướng dẫn này rồi thoát."),
              ("Show the version and exit.", "Hiện phiên bản rồi thoát."),
              ("[required]", "[bắt buộc]"), ("default:", "mặc định:"))

    # click's built-in metavars (types and argument names) as a Vietnamese reader sees them.
    _METAVARS: ClassVar[dict[str, str]] = {
        "INTEGER RANGE": "SỐ", "FLOAT RANGE": "SỐ", "INTEGER": "SỐ", "FLOAT": "SỐ", "TEXT": "VĂN_BẢN",
        "DIRECTORY": "THƯ_MỤC", "FILENAME": "TỆP", "FILE": "TỆP", "PATH": "ĐƯỜNG_DẪN", "CODE": "MÃ",
        "PERSON": "NGƯỜI", "DAY": "NGÀY", "BOOLEAN": "CÓ_KHÔNG",
    }
    _METAVAR_RE = re.compile(r"\b(" + "|".join(sorted(_METAVARS, key=len, reverse=True)) + r")\b")

    def _metavars(self, text: str) -> str:
        return self._METAVAR_RE.sub(lambda m: self._METAVARS[m.group(1)], text)

    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        args = args.replace("[OPTIONS]", "[TÙY CHỌN]").replace("COMMAND [ARGS]...", "LỆNH [THAM SỐ]...")
        super().write_usage(prog, self._metavars(args), prefix or "Cách dùng: ")

    def section(self, name: str) -> Any:
        return super().section(self._HEADINGS.get(name, name))

    def write_dl(self, rows: Any, col_max: int = 30, col_spacing: int = 2) -> None:
        translated = []
        for term, text in rows:
            for en, vi in self._WORDS:
                text = text.replace(en, vi)
            translated.append((self._metavars(term), text))
        super().write_dl(translated, col_max, col_spacing)


class TrackerContext(click.Context):
    formatter_class = VietFormatter


class TrackerCommand(click.Command):
    context_class = TrackerContext


_USAGE_VI = [
    (r"^No such option:? '?([^'\s]+?)'?\.?\s+Did you mean '?([^'\s?]+)'?\?",
     "Không có tùy chọn {0}. Có phải ý bạn là {1}?"),
    (r"^No such option:? '?([^'\s]+?)'?\.?(?:\s|$)", "Không có tùy chọn {0}."),
    (r"^Missing option '(.+?)'", "Thiếu tùy chọn bắt buộc {0}."),
    (r"^Missing argument '(.+?)'", "Thiếu tham số {0}."),
    (r"^No such command '(.+?)'", "Không có lệnh «{0}»."),
    (r"^Option '(.+?)' requires an argument", "Tùy chọn {0} cần một giá trị."),
    (r"^Got unexpected extra arguments? \((.+)\)", "Thừa tham số: {0}."),
    (r"^Invalid value for '(.+?)': '(.*)' is not a valid integer",
     "Giá trị không hợp lệ cho {0}: «{1}» không phải số nguyên."),
    (r"^Invalid value for '(.+?)': '(.*)' is not a valid float",
     "Giá trị không hợp lệ cho {0}: «{1}» không phải là số."),
    (r"^Invalid value for '(.+?)': '(.*)' is not one of (.+)\.",
     "Giá trị không hợp lệ cho {0}: «{1}» (chọn một trong {2})."),
    (r"^Invalid value for '(.+?)': (.+?) is not in the range (.+?)\.?$",
     "Giá trị không hợp lệ cho {0}: {1} nằm ngoài khoảng {2}."),
    (r"^Invalid value for '(.+?)': (?:Path )?'(.*)' does not exist", "Không tìm thấy {1} (cho {0})."),
    (r"^Invalid value for '(.+?)'", "Giá trị không hợp lệ cho {0}."),
]


def _missing_flag_vi(exc: click.UsageError) -> str | None:
    """A required on/off pair (--working/--off): click names only the first flag; name both."""
    param = getattr(exc, "param", None)
    if isinstance(exc, click.MissingParameter) and isinstance(param, click.Option) and param.secondary_opts:
        return f"Thiếu tùy chọn bắt buộc {' hoặc '.join([*param.opts, *param.secondary_opts])}."
    return None


def _usage_vi(message: str) -> str:
    for pattern, template in _USAGE_VI:
        m = re.match(pattern, message)
        if m:
            return VietFormatter._METAVAR_RE.sub(lambda w: VietFormatter._METAVARS[w.group(1)],
                                                 template.format(*m.groups()))
    return "Câu lệnh không hợp lệ."


class TrackerGroup(click.Group):
    context_class = TrackerContext
    command_class = TrackerCommand
    group_class = type

    def main(self, args: Any = None, prog_name: str | None = None, complete_var: str | None = None,
             standalone_mode: bool = True, **extra: Any) -> Any:
        """Turn every error into one Vietnamese line on stderr and an exit code; never a traceback."""
        if not standalone_mode:
            return super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        try:
            rv = super().main(args, prog_name or "tracker", complete_var, standalone_mode=False, **extra)
        except TrackerError as exc:
            # Any domain message may quote what was typed or stored: never a raw control character on the
            # terminal, whichever check let it through.
            from tracker.commands.hints import with_hint
            from tracker.usertext import visible

            message = visible(with_hint(exc), keep="\n")
            click.echo(f"Lỗi: {message}", err=True)
            sys.exit(exc.exit_code)
        except click.UsageError as exc:
            if isinstance(exc, click.BadParameter) and not isinstance(exc, click.MissingParameter):
                # A value the user typed is wrong (like an impossible date): exit 1, as for our own checks.
                click.echo(f"Lỗi: {_usage_vi(exc.format_message())}", err=True)
                sys.exit(1)
            path = exc.ctx.command_path if exc.ctx else "tracker"
            click.echo(f"Lỗi: {_missing_flag_vi(exc) or _usage_vi(exc.format_message())} Xem «{path} --help».",
                       err=True)
            sys.exit(2)
        except click.Abort:
            click.echo("Đã hủy.", err=True)
            sys.exit(1)
        except click.ClickException as exc:
            click.echo(f"Lỗi: {exc.format_message()}", err=True)
            sys.exit(exc.exit_code)
        except Exception as exc:
            if os.environ.get("TRACKER_DEBUG"):
                raise
            click.echo(unexpected(exc), err=True)
            sys.exit(unexpected_exit_code(exc))
        sys.exit(rv if isinstance(rv, int) else 0)


def unexpected_exit_code(exc: Exception) -> int:
    """A database that is not initialised exits 1 (run «tracker init»), and so does a busy one (another writer
    held its lock longer than we wait: trying again later works); one that cannot be opened at all
    (wrong TRACKER_DB, server down, unwritable path) is a configuration problem: 78 (EX_CONFIG), like ConfigError.
    Anything else is a bug: 2."""
    if _missing_table(exc) or _busy(exc):
        return 1
    if exc.__class__.__name__ in {"OperationalError", "DatabaseError"}:
        return 78
    return 2


# SQLite's primary result codes for "another connection holds the lock" (extended codes keep them in the low byte).
_SQLITE_BUSY_CODES = {5, 6}  # SQLITE_BUSY, SQLITE_LOCKED
# PostgreSQL: lock_not_available (lock_timeout, NOWAIT), serialization_failure, deadlock_detected.
_PG_BUSY_STATES = {"55P03", "40001", "40P01"}


def _busy(exc: BaseException) -> bool:
    """Another writer held the database longer than this command waits for it. Looks through SQLAlchemy's
    wrapper (`orig`) and the exception chain, since the driver error may surface at connect or at commit."""
    seen: set[int] = set()
    todo: list[BaseException | None] = [exc]
    while todo:
        e = todo.pop()
        if e is None or id(e) in seen:
            continue
        seen.add(id(e))
        code = getattr(e, "sqlite_errorcode", None)
        if isinstance(code, int) and code & 0xFF in _SQLITE_BUSY_CODES:
            return True
        if getattr(e, "sqlstate", None) in _PG_BUSY_STATES:
            return True
        if e.__class__.__name__ == "OperationalError" and re.search(r"database (?:table )?is (?:locked|busy)",
                                                                    str(e)):
            return True
        todo += [getattr(e, "orig", None), e.__cause__, e.__context__]
    return False


def _missing_table(exc: Exception) -> bool:
    """A table is missing: SQLite says 'no such table', PostgreSQL raises SQLSTATE 42P01 (undefined_table)."""
    return "no such table" in str(exc) or getattr(getattr(exc, "orig", None), "sqlstate", None) == "42P01"


def unexpected(exc: Exception) -> str:
    name = exc.__class__.__name__
    if _missing_table(exc):
        return "Lỗi: cơ sở dữ liệu chưa được khởi tạo. Chạy «tracker init» rồi «tracker seed»."
    if _busy(exc):
        return "Lỗi: cơ sở dữ liệu đang bận, thử lại sau."
    if name in {"OperationalError", "DatabaseError"}:
        return ("Lỗi: không mở được cơ sở dữ liệu (kiểm tra TRACKER_DB; SQLite: quyền ghi tệp; "
                "PostgreSQL: máy chủ, tài khoản, mật khẩu).")
    return f"Lỗi không mong đợi ({name}). Đặt TRACKER_DEBUG=1 để xem chi tiết kỹ thuật."


# ---------------------------------------------------------------- helpers


class Env:
    def __init__(self, commune: str | None) -> None:
        self.commune = commune

    @property
    def engine(self) -> Any:
        from tracker.db import get_engine

        return get_engine()


pass_env = click.make_pass_decorator(Env)


def plan_option(f: Any) -> Any:
    """--plan: task codes repeat from one year's plan to the next; without it, the plan in force is used."""
    return click.option("--plan", "plan", metavar="MÃ_KH",
                        help="Kế hoạch (mặc định: kế hoạch đang áp dụng vào ngày được hỏi; "
                             "xem «tracker plan list»).")(f)


def plan_note(env: Env, plan: Any) -> str:
    """" (kế hoạch …)" after a task named in a message, when the commune holds several plans; else ""."""
    if plan is None:
        return ""
    from tracker.db import reading
    from tracker.domain.lookups import plan_count

    with reading(env.engine) as s:
        several = plan_count(s, plan.commune_id) > 1
    return f" (kế hoạch {plan.code})" if several else ""


def now() -> datetime:
    from tracker.timeutil import utcnow

    return utcnow()


def cli_actor() -> str:
    import getpass

    try:
        return f"{getpass.getuser()} (dòng lệnh)"
    except Exception:
        return "dòng lệnh"


def as_of_instant(value: str | None) -> datetime:
    """--as-of: a date means the end of that day (where we stood that evening)."""
    from tracker.timeutil import end_of_day, parse_date, parse_datetime

    if not value:
        return now()
    if re.search(r"\d[ T]\d{1,2}:\d{2}", value):
        return parse_datetime(value)
    return end_of_day(parse_date(value))


def date_arg(value: str) -> date:
    from tracker.timeutil import parse_date

    return parse_date(value)


def parse_datetime(text: str) -> datetime:
    """tracker.timeutil.parse_datetime, imported when a command runs."""
    from tracker.timeutil import parse_datetime

    return parse_datetime(text)


def parse_period(text: str) -> str:
    """tracker.timeutil.parse_period, imported when a command runs."""
    from tracker.timeutil import parse_period

    return parse_period(text)


class BoundedInt(click.ParamType):
    """An integer written in ASCII digits, within lo..hi; anything else is one Vietnamese line and exit 1.

    click's INT hands int() whatever it gets: '²' passes str.isdigit() elsewhere but int() refuses it, and a
    number beyond the 64-bit columns reaches the database as OverflowError (SQLite) or DataError (PostgreSQL).
    """

    name = "integer"  # shown as SỐ in the help

    def __init__(self, lo: int | None, hi: int | None, what: str, out_of_range: str | None = None, *,
                 bounds: Callable[[], tuple[int, int]] | None = None) -> None:
        """lo/hi None: as far as a 64-bit id column goes (tracker.db.MAX_ID, read when a value is converted:
        importing tracker.db loads sqlalchemy, which `--help` must not); `bounds`, when given, says lo and hi
        when a value is converted instead."""
        self.lo, self.hi, self.what = lo, hi, what
        self.out_of_range = out_of_range
        self.bounds = bounds

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> int:
        from tracker.db import MAX_ID
        from tracker.errors import InvalidInput
        from tracker.usertext import quoted

        lo = -MAX_ID if self.lo is None else self.lo
        hi = MAX_ID if self.hi is None else self.hi
        if self.bounds is not None:
            lo, hi = self.bounds()

        if isinstance(value, int) and not isinstance(value, bool):
            text = str(value)
        else:
            text = str(value).strip()
            if not re.fullmatch(r"[+-]?[0-9]+", text):
                raise InvalidInput(f"{self.what} «{quoted(str(value))}» không hợp lệ: cần một số nguyên.")
        n = int(text)
        if not lo <= n <= hi:
            why = self.out_of_range or f"nằm ngoài khoảng cho phép ({lo} đến {hi})"
            raise InvalidInput(f"{self.what} «{quoted(text)}» {why}.")
        return n


def year(what: str = "Năm") -> BoundedInt:
    """A year in the range every date that enters must lie in (tracker.timeutil.EARLIEST..LATEST)."""

    def bounds() -> tuple[int, int]:
        from tracker.timeutil import EARLIEST, LATEST

        return EARLIEST.year, LATEST.year

    return BoundedInt(None, None, what, bounds=bounds)


def row_id(what: str = "Số") -> BoundedInt:
    """The id of a stored row (outbox message, extension request): a number the database can hold."""
    return BoundedInt(1, None, what)


def chat_id() -> BoundedInt:
    """A Telegram chat id as far as the signed 64-bit column goes; which chats may be linked (a person's
    private chat) is the domain's rule (tracker.models.is_private_chat_id), so this message names no range."""
    return BoundedInt(None, None, "Mã cuộc trò chuyện Telegram", "không hợp lệ: số quá lớn")


def echo_json(data: Any) -> None:
    import json

    click.echo(json.dumps(data, ensure_ascii=False, indent=2, default=str))
