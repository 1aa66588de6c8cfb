"""Help is documentation: every command (including those other areas register) has Vietnamese help with an
example and is listed in README.md; `tracker --help` stays light."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import click
import pytest

from cli import cli

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")
HEAVY = ("sqlmodel", "sqlalchemy", "telegram", "apscheduler", "docx", "docxtpl", "jinja2")


def walk(cmd: click.Command, path: tuple[str, ...] = ()) -> Iterator[tuple[tuple[str, ...], click.Command]]:
    yield path, cmd
    if isinstance(cmd, click.Group):
        for name in sorted(cmd.commands):
            yield from walk(cmd.commands[name], (*path, name))


COMMANDS = {" ".join(path): cmd for path, cmd in walk(cli) if path}
GROUPS = sorted(p for p, c in COMMANDS.items() if isinstance(c, click.Group))


def test_the_command_tree_holds_at_least_the_core_commands():
    core = {"init", "seed", "tasks list", "tasks show", "tasks done", "tasks reopen", "tasks extend", "units list",
            "people add", "people list", "people edit", "people deactivate", "kpi list", "kpi record", "log",
            "summary", "workdays list", "workdays set", "workdays unset"}
    assert core <= set(COMMANDS)


def test_the_root_command_has_help_with_an_example():
    assert cli.help and "Ví dụ:" in cli.help


@pytest.mark.parametrize("path", sorted(COMMANDS))
def test_every_command_has_vietnamese_help_with_an_example(path, run_cli):
    cmd = COMMANDS[path]
    assert cmd.help and cmd.help.strip(), f"«tracker {path}» has no help text"
    assert "Ví dụ:" in cmd.help, f"«tracker {path}» help has no «Ví dụ:» example"
    examples = cmd.help.split("Ví dụ:", 1)[1]
    assert f"tracker {path}" in examples, f"the example of «tracker {path}» does not show the command"
    for param in cmd.params:
        if isinstance(param, click.Option) and not param.hidden:
            assert param.help, f"option {param.opts} of «tracker {path}» has no help"
    res = run_cli(*path.split(), "--help")
    assert res.exit_code == 0, res.output
    assert res.stdout.startswith("Cách dùng: ") and "Hiện hướng dẫn này rồi thoát." in res.stdout


@pytest.mark.parametrize("path", sorted(COMMANDS))
def test_every_command_appears_in_the_readme(path):
    assert re.search(rf"`tracker {re.escape(path)}(?=[ `\[])", README), \
        f"README.md does not mention `tracker {path}`"


def _modules_after(args: list[str]) -> dict[str, object]:
    code = f"""
import json, sys
sys.argv = ["tracker", *{args!r}]
import cli
try:
    cli.main()
except SystemExit as exc:
    code = exc.code
print("@@" + json.dumps({{"code": code, "heavy": [m for m in {HEAVY!r} if m in sys.modules]}}))
"""
    res = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert res.returncode == 0, res.stderr
    line = next(ln for ln in res.stdout.splitlines() if ln.startswith("@@"))
    return json.loads(line[2:])


@pytest.mark.parametrize("args", [["--help"], *([g, "--help"] for g in GROUPS)], ids=lambda a: " ".join(a))
def test_help_imports_no_heavy_library(args):
    seen = _modules_after(args)
    assert seen == {"code": 0, "heavy": []}


def test_python_cli_py_help_works():
    res = subprocess.run([sys.executable, "cli.py", "--help"], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert res.returncode == 0, res.stderr
    assert res.stdout.startswith("Cách dùng: ") and "Lệnh:" in res.stdout and "Ví dụ:" in res.stdout


def test_the_installed_tracker_script_runs(tmp_path):
    script = Path(sys.executable).parent / "tracker"
    res = subprocess.run([str(script), "--version"], cwd=tmp_path, capture_output=True, text=True, timeout=60)
    assert res.returncode == 0 and res.stdout.startswith("tracker "), res.stderr
