"""Help is documentation: every command (including those other areas register) has Vietnamese help with an
example and is listed in README.md; `tracker --help` stays light."""

from __future__ import annotations

import ast
import json
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import click
import pytest

import cli as cli_module
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


# ---------------------------------------------------------------- one module per group

COMMANDS_DIR = ROOT / "tracker" / "commands"
COMMAND_MODULES = sorted(p for p in COMMANDS_DIR.glob("*.py") if not p.name.startswith("_"))  # _common: helpers


def test_every_command_in_the_explicit_list_is_a_click_command_of_a_command_module():
    assert cli_module.COMMANDS, "cli.py lists no commands"
    for cmd in cli_module.COMMANDS:
        assert isinstance(cmd, click.Command), f"{cmd!r} in cli.COMMANDS is not a click command"
        assert cmd.callback is not None and cmd.callback.__module__.startswith("tracker.commands."), \
            f"«tracker {cmd.name}» is not defined in a module under tracker/commands"


def test_the_root_holds_exactly_the_explicit_list():
    assert sorted(cli.commands) == sorted(c.name for c in cli_module.COMMANDS if c.name)
    assert all(cli.commands[c.name] is c for c in cli_module.COMMANDS if c.name)


def _owner(cmd: click.Command) -> str:
    assert cmd.callback is not None
    return cmd.callback.__module__


@pytest.mark.parametrize("path", GROUPS)
def test_every_subcommand_is_defined_in_the_module_of_its_group(path):
    group = COMMANDS[path]
    assert isinstance(group, click.Group)
    for name, sub in group.commands.items():
        assert _owner(sub) == _owner(group), \
            f"«tracker {path} {name}» is defined in {_owner(sub)}, not in {_owner(group)} which owns «{path}»"


@pytest.mark.parametrize("path", COMMAND_MODULES, ids=lambda p: p.name)
def test_no_command_module_registers_commands_on_a_group_it_does_not_own(path):
    """Read, not run: a module adds commands only to groups it defines itself (`@click.group` at its top level),
    and never imports the root (cli) or another command module (only the helpers in tracker/commands/_common.py)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    own = {node.name for node in tree.body if isinstance(node, ast.FunctionDef)
           and any(isinstance(d, ast.Call) and isinstance(d.func, ast.Attribute) and d.func.attr == "group"
                   and isinstance(d.func.value, ast.Name) and d.func.value.id == "click" for d in node.decorator_list)}
    # Registering is a call (`tasks.command("x")`, `g.add_command(c)`) or a bare decorator (`@tasks.command`);
    # reading a field that happens to be named so (a view's `.group`) registers nothing.
    registering = {id(n.func) for n in ast.walk(tree) if isinstance(n, ast.Call)}
    registering |= {id(d) for n in ast.walk(tree) if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef)
                    for d in n.decorator_list}
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and node.attr in {"command", "group", "add_command"} \
                and id(node) in registering and isinstance(node.value, ast.Name) and node.value.id != "click":
            assert node.value.id in own, \
                f"{path.name}:{node.lineno} registers on «{node.value.id}», a group it does not define"
        if isinstance(node, ast.Attribute) and node.attr == "commands":
            raise AssertionError(f"{path.name}:{node.lineno} reaches into a group's commands")
        if isinstance(node, ast.ImportFrom | ast.Import):
            names = [node.module or ""] if isinstance(node, ast.ImportFrom) else [a.name for a in node.names]
            for name in names:
                assert name != "cli" and (name == "tracker.commands._common"
                                          or not name.startswith("tracker.commands")), \
                    f"{path.name}:{node.lineno} imports {name}"
