"""Settings from a TOML file (TRACKER_CONFIG, else ./tracker.toml if present).

The whole file is one ConfigFile: a pydantic model per table ([tracker] here, [reminders] in
tracker/reminders/config.py, [bot] in tracker/bot/settings.py, [permissions] in tracker/domain/permissions.py, [zalo]
in tracker/channels/zalo/config.py).
Every command that reads settings validates the whole file, so a typo anywhere (`[reminder]`, `lease_second`) is
refused at once rather than ignored until the one command that reads that table. config_error turns pydantic's
report into the one Vietnamese line.

Secrets never live here: tokens and passwords come from the environment
(see tracker/reminders for TRACKER_SMTP_URL and TRACKER_TELEGRAM_TOKEN).
"""

from __future__ import annotations

import json
import os
import re
import stat
import tomllib
from datetime import date, time
from pathlib import Path
from typing import Annotated, Any, Literal, get_args, get_origin

from pydantic import Field, ValidationError
from pydantic.fields import FieldInfo

from tracker.bot.settings import BotSettings
from tracker.channels.zalo.config import ZaloSettings
from tracker.configmodel import FILE_CONTEXT, Allowed, Table
from tracker.domain.permissions import Permissions
from tracker.errors import ConfigError
from tracker.reminders.config import ReminderConfig


class Settings(Table):
    """The [tracker] table."""

    due_soon_days: Annotated[int, Field(ge=0, le=60)] = 7  # calendar days before the deadline that flag "Sắp đến hạn"


class ConfigFile(Table):
    """The whole file: one field per table, so an unknown table is refused like an unknown key."""

    tracker: Settings = Settings()
    reminders: ReminderConfig = ReminderConfig()
    bot: BotSettings = BotSettings()
    permissions: Permissions = Permissions()
    zalo: ZaloSettings = ZaloSettings()


def config_path() -> Path | None:
    env = os.environ.get("TRACKER_CONFIG")
    if env:
        path = Path(env)
        try:
            mode = path.stat().st_mode
        except FileNotFoundError:
            raise ConfigError(f"Không tìm thấy tệp cấu hình TRACKER_CONFIG={env}") from None
        except OSError as exc:
            # e.g. the service user may not enter the folder (/etc/tracker without group tracker).
            raise ConfigError(_unreadable(path, exc)) from None
        if not stat.S_ISREG(mode):
            raise ConfigError(f"TRACKER_CONFIG={env} không phải là một tệp (cần đường dẫn tới tệp .toml).")
        return path
    default = Path("tracker.toml")
    return default if default.is_file() else None


def _unreadable(path: Path, exc: OSError) -> str:
    reason = "không có quyền đọc" if isinstance(exc, PermissionError) else (exc.strerror or exc.__class__.__name__)
    return (f"Không đọc được tệp cấu hình {path} ({reason}); kiểm tra quyền của tệp và thư mục chứa nó "
            "với tài khoản chạy tracker.")


def load_raw() -> dict[str, Any]:
    path = config_path()
    if path is None:
        return {}
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        # Typically the service user may not read the folder or the file (docs/install.md, systemd section).
        raise ConfigError(_unreadable(path, exc)) from None
    except UnicodeDecodeError:
        raise ConfigError(f"Tệp cấu hình {path} không phải UTF-8; hãy lưu lại với mã hóa UTF-8.") from None
    try:
        return tomllib.loads(text.removeprefix("\ufeff"))
    except tomllib.TOMLDecodeError as exc:
        where = re.search(r"at line (\d+), column (\d+)", str(exc))
        at = f" (dòng {where.group(1)}, cột {where.group(2)})" if where else ""
        raise ConfigError(f"Tệp cấu hình {path} không phải TOML hợp lệ{at}.") from None


def load_config(raw: dict[str, Any] | None = None) -> ConfigFile:
    """The whole file validated (raw = the parsed TOML; None reads TRACKER_CONFIG / ./tracker.toml)."""
    if raw is None:
        raw = load_raw()
    try:
        return ConfigFile.model_validate(raw, context=FILE_CONTEXT)
    except ValidationError as exc:
        raise config_error(exc, raw) from None


def load_settings() -> Settings:
    return load_config().tracker


# ---------------------------------------------------------------- the error line

# Keys that moved to another table in a later release: a file written for the earlier one is told where.
MOVED = {("bot", "leader_roles"): "permissions", ("bot", "staff_can_act"): "permissions"}


def config_error(exc: ValidationError, raw: dict[str, Any]) -> ConfigError:
    """One Vietnamese line for the first thing wrong in the file, most structural first: a table that does not exist,
    a table written as a value, keys a table does not have, then a value (naming table, key and what is allowed),
    then a rule between two keys."""
    errors = exc.errors(include_url=False)
    tables = list(ConfigFile.model_fields)

    outside = [str(e["loc"][0]) for e in errors if e["type"] == "extra_forbidden" and len(e["loc"]) == 1]
    if outside:
        keys = [n for n in outside if not isinstance(raw.get(n), dict)]
        if keys:  # `due_soon_days = 5` above every [table] line
            return ConfigError(f"Khóa cấu hình nằm ngoài mọi bảng: {', '.join(keys)}; mỗi khóa phải nằm dưới một "
                               f"trong các bảng {', '.join(f'[{t}]' for t in tables)}.")
        from difflib import get_close_matches

        close = get_close_matches(outside[0], tables, n=1)
        hint = f" (có phải [{close[0]}]?)" if close else ""
        return ConfigError(f"Bảng cấu hình không được hỗ trợ: {', '.join(f'[{n}]' for n in outside)}{hint}; "
                           f"chỉ có {', '.join(f'[{t}]' for t in tables)}.")

    for e in errors:
        if len(e["loc"]) == 1 and e["type"] == "model_type":
            name = e["loc"][0]
            return ConfigError(f"[{name}] phải là một bảng TOML (dòng «[{name}]» rồi các khóa bên dưới), "
                               f"không phải một giá trị «{name} = …».")

    unknown: dict[str, list[str]] = {}
    for e in errors:
        if e["type"] == "extra_forbidden" and len(e["loc"]) == 2:
            unknown.setdefault(str(e["loc"][0]), []).append(str(e["loc"][1]))
    if unknown:
        table, keys = next(iter(unknown.items()))
        moved = sorted(k for k in keys if (table, k) in MOVED)
        if moved:
            to = MOVED[(table, moved[0])]
            return ConfigError(f"Khóa {', '.join(moved)} đã chuyển từ [{table}] sang [{to}]: hãy đặt "
                               f"{'chúng' if len(moved) > 1 else 'nó'} dưới dòng «[{to}]».")
        return ConfigError(f"Khóa cấu hình không được hỗ trợ trong [{table}]: {', '.join(sorted(keys))}")

    e = errors[0]
    table = str(e["loc"][0])
    if len(e["loc"]) == 1:  # a model validator: rule_broken's sentence
        return ConfigError(f"[{table}] {e['msg']}.")
    key = str(e["loc"][1])
    model = ConfigFile.model_fields[table].annotation
    assert isinstance(model, type) and issubclass(model, Table)
    field = model.model_fields[key]
    text = f"[{table}] {key} phải là {allowed(field)}"
    if field.annotation is int:  # which number was given matters when the answer is a range
        text += f" (đang là {_shown(raw.get(table, {}).get(key))})"
    why = next((m.why for m in field.metadata if isinstance(m, Allowed) and m.why), None)
    if why:
        text += f": {why.removesuffix('.')}"
    return ConfigError(text + ".")


def allowed(field: FieldInfo) -> str:
    """What a key may hold, in words, from the field's type and constraints (Allowed.text where they would mislead)."""
    return _allowed(field.annotation, field.metadata)


def _allowed(tp: Any, metadata: list[Any]) -> str:
    for m in metadata:
        if isinstance(m, Allowed) and m.text:
            return m.text
    low = next((m.ge for m in metadata if getattr(m, "ge", None) is not None), None)
    high = next((m.le for m in metadata if getattr(m, "le", None) is not None), None)
    if tp is bool:
        return "true hoặc false"
    if tp is int and low is not None and high is not None:
        return f"số nguyên từ {low} đến {high}"
    if get_origin(tp) is Literal:
        return _either([_shown(v) for v in get_args(tp)])
    if get_origin(tp) is tuple:
        item, *_ = get_args(tp)
        item_meta: list[Any] = []
        if get_origin(item) is Annotated:
            item, *extra = get_args(item)
            item_meta = [m for x in extra for m in (x.metadata if isinstance(x, FieldInfo) else [x])]
        nonempty = any(getattr(m, "min_length", None) for m in metadata)
        what = "danh sách không rỗng" if nonempty else "danh sách"
        if get_origin(item) is Literal:
            return f"{what} gồm các giá trị {', '.join(_shown(v) for v in get_args(item))}"
        return f"{what} {_allowed(item, item_meta)}"
    raise TypeError(f"no wording for {tp!r}: give the field an Allowed(text=...)")  # tests/test_docs_config.py


def _either(values: list[str]) -> str:
    return values[0] if len(values) == 1 else f"{', '.join(values[:-1])} hoặc {values[-1]}"


def _shown(value: Any) -> str:
    """A value as it is written in TOML, or … when too long to be worth repeating."""
    if isinstance(value, bool):
        text = "true" if value else "false"
    elif isinstance(value, str):
        text = json.dumps(value, ensure_ascii=False)
    elif isinstance(value, list):
        text = f"[{', '.join(_shown(v) for v in value)}]"
    elif isinstance(value, int | float | date | time):
        text = value.isoformat() if isinstance(value, date | time) else str(value)
    else:
        text = "…"
    return text if len(text) <= 40 else "…"
