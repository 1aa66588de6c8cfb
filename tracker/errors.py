"""Domain errors. Each carries its exit code; only cli.py turns them into exits.

Messages are user-facing and therefore Vietnamese.
"""

from __future__ import annotations


class TrackerError(Exception):
    """Base of every error a user can cause; never shown with a traceback."""

    exit_code = 1

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


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
