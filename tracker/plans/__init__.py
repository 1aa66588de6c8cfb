"""The plan that ships with tracker: Kế hoạch cải cách TTHC 2025 of xã Cam Hiệp, as package data.

`tracker seed` without a file and `tracker demo` load it from here, so they work from an installed wheel with
no source tree at hand. plan_tasks.json is a copy of the repository's seed/plan_tasks.json, the file to edit;
tests/test_packaging.py fails while the two differ.
"""

from __future__ import annotations

from contextlib import AbstractContextManager
from importlib.resources import as_file, files
from pathlib import Path

PLAN_2025 = "plan_tasks.json"


def plan_2025() -> AbstractContextManager[Path]:
    """The embedded 2025 plan as a file on disk while the context lasts: the installed file itself, or a
    temporary copy when the package is imported from a zip."""
    return as_file(files(__name__).joinpath(PLAN_2025))
