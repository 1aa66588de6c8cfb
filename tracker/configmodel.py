"""What every table model of tracker.toml is made of (tracker/config.py loads the file into them).

A separate module because the table models live next to the code that uses them (tracker/reminders/config.py,
tracker/bot/settings.py) while tracker/config.py, which assembles them into the file's root model, imports them:
importing these pieces from tracker/config.py would be a cycle.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, ConfigDict, ValidationInfo
from pydantic_core import PydanticCustomError


class Table(BaseModel):
    """One TOML table. Unknown keys are refused (a typo must not silently leave the default in force), types are
    strict (TOML `true` is not the number 1, "5" is not 5). Frozen, like the dataclasses these replaced: a setting
    read once cannot change under a running process. (Defaults are not revalidated on every instance;
    tests/test_config_errors.py checks once that each lies within its own range.)"""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


@dataclass(frozen=True)
class Allowed:
    """Field metadata for the error line (tracker.config.config_error): `text` says what the file may hold where
    the type alone would say it wrongly (a weekday is stored as 0-6 but written "monday"); `why` is appended when
    the range has a reason the operator needs to hear."""

    text: str | None = None
    why: str | None = None


# Passed as the validation context when the values come from the file rather than from Python code:
# a few settings are written differently there (see from_file).
FILE_CONTEXT = {"source": "file"}


def from_file(info: ValidationInfo) -> bool:
    context: Any = info.context
    return isinstance(context, dict) and context.get("source") == "file"


def as_tuple(value: Any) -> Any:
    """TOML arrays arrive as lists; the settings hold tuples (hashable, immutable). Anything else is left for the
    strict type check to refuse."""
    return tuple(value) if isinstance(value, list) else value


def rule_broken(sentence: str) -> PydanticCustomError:
    """A rule between keys of one table (a model validator's error); the sentence starts with the key to change
    and the error line prefixes the table: "work_end phải sau work_start" → "[reminders] work_end phải sau …"."""
    return PydanticCustomError("config_rule", sentence)
