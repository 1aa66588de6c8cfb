"""Settings from a TOML file (TRACKER_CONFIG, else ./tracker.toml if present).

Secrets never live here: tokens and passwords come from the environment
(see tracker/reminders for TRACKER_SMTP_URL and TRACKER_TELEGRAM_TOKEN).
"""

from __future__ import annotations

import os
import re
import stat
import tomllib
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

from tracker.errors import ConfigError


@dataclass(frozen=True)
class Settings:
    due_soon_days: int = 7  # calendar days before the deadline that flag "Sắp đến hạn"
    raw: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)


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
        # Typically the service user may not read the folder or the file (see README, systemd section).
        raise ConfigError(_unreadable(path, exc)) from None
    except UnicodeDecodeError:
        raise ConfigError(f"Tệp cấu hình {path} không phải UTF-8; hãy lưu lại với mã hóa UTF-8.") from None
    try:
        return tomllib.loads(text.removeprefix("\ufeff"))
    except tomllib.TOMLDecodeError as exc:
        where = re.search(r"at line (\d+), column (\d+)", str(exc))
        at = f" (dòng {where.group(1)}, cột {where.group(2)})" if where else ""
        raise ConfigError(f"Tệp cấu hình {path} không phải TOML hợp lệ{at}.") from None


def table(raw: dict[str, Any], name: str) -> dict[str, Any]:
    """The [name] table of the parsed file ({} when absent); `name = 5` is a mistake, not an empty table."""
    value = raw.get(name, {})
    if not isinstance(value, dict):
        raise ConfigError(f"[{name}] phải là một bảng TOML (dòng «[{name}]» rồi các khóa bên dưới), "
                          f"không phải một giá trị «{name} = …».")
    return value


def bounded_int(section: str, key: str, value: Any, low: int, high: int) -> int:
    """An integer setting within its documented range; a bool is not a number here (TOML true is not 1)."""
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        shown = str(value) if isinstance(value, int | float | str) and len(str(value)) <= 40 else "…"
        raise ConfigError(f"[{section}] {key} phải là số nguyên từ {low} đến {high} (đang là {shown}).")
    return value


def load_settings() -> Settings:
    raw = load_raw()
    core = table(raw, "tracker")
    known = {f.name for f in fields(Settings)} - {"raw"}
    unknown = set(core) - known
    if unknown:
        raise ConfigError(f"Khóa cấu hình không được hỗ trợ trong [tracker]: {', '.join(sorted(unknown))}")
    days = bounded_int("tracker", "due_soon_days", core.get("due_soon_days", 7), 0, 60)
    return Settings(due_soon_days=days, raw=raw)
