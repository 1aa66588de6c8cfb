"""The README's commands are the ones CI and a new user run."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _readme_commands() -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    return [block.strip() for block in re.findall(r"```sh\n(.*?)```", text, flags=re.S)]


def test_ci_runs_exactly_the_readme_test_command():
    test_cmd = next(c for c in _readme_commands() if "test" in c and "demo" not in c)
    lines = (ROOT / ".ci" / "run").read_text().splitlines()
    ci = [ln for ln in lines if ln and not ln.startswith(("#", "set ", "cd "))]
    assert ci == [test_cmd]


def test_readme_quick_start_sets_up_from_bare_python_and_runs_the_demo():
    quick = _readme_commands()[0]
    assert quick.startswith("python3 -m venv .venv") and quick.endswith("tracker demo")
