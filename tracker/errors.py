"""Domain errors: structured, so that each adapter can word its own hint.

An error says what went wrong (`code`, a stable identifier such as "task.unknown"), which object it is about
(`subject`, e.g. "task II.2.b.1") and the values involved (`values`). Its `message` is one Vietnamese sentence a
user of any adapter can read: it never names a command-line flag, a CLI command or a bot command. The CLI
(tracker.commands.hints) and the bot (tracker.bot.hints) each add their own way forward ("Dùng «tracker tasks
list» để xem các mã." / "Đồng chí gửi /viec để xem các việc của mình …") from `code` and `values`.

Each class carries its exit code; only the CLI turns them into exits.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any


class TrackerError(Exception):
    """Base of every error a user can cause; never shown with a traceback."""

    exit_code = 1

    def __init__(self, message: str, *, code: str = "", subject: str | None = None,
                 values: Mapping[str, Any] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.code = code
        self.subject = subject
        self.values: dict[str, Any] = dict(values or {})

    def as_dict(self) -> dict[str, Any]:
        """The structured form (for logs and machine readers)."""
        return {"code": self.code, "subject": self.subject, "values": self.values, "message": self.message}


class InvalidInput(TrackerError):
    """A value given on the command line or over the bot is not acceptable."""


class NotFound(TrackerError):
    """A task, unit, person or KPI named by the user does not exist."""


class InvalidPlan(TrackerError):
    """The plan file is malformed; nothing was loaded."""


class ConfigError(TrackerError):
    """The configuration file or environment is wrong.

    Exit code 78 (EX_CONFIG from sysexits.h) lets systemd tell a misconfiguration,
    which restarting cannot fix, from a crash (deploy/tracker.service).
    """

    exit_code = 78


class Conflict(TrackerError):
    """The action does not fit the current state (e.g. completing a done task)."""


class Forbidden(Conflict):
    """The person may not do this (tracker.domain.permissions); a Conflict, so exit code 1 as before."""


def required(field: str, message: str, *, subject: str | None = None) -> InvalidInput:
    """A required value (a reason, a note) is missing; `field` names it for the adapters' hints."""
    return InvalidInput(message, code="value.required", subject=subject, values={"field": field})
