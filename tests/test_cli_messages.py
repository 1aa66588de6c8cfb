"""What the command line says in Vietnamese: no English metavars in help, a wrong TRACKER_DB or a bad option value is
one line with its exit code."""

from __future__ import annotations

import re
from pathlib import Path

import click
import pytest

ROOT = Path(__file__).resolve().parent.parent


def _walk(cmd: click.Command, path: tuple[str, ...] = ()):
    yield path, cmd
    if isinstance(cmd, click.Group):
        for name, sub in cmd.commands.items():
            yield from _walk(sub, (*path, name))


def test_no_help_page_shows_clicks_english_metavars(run_cli):
    from cli import cli

    english = re.compile(r"\b(TEXT|INTEGER|FLOAT|DIRECTORY|FILENAME|PATH|BOOLEAN|Usage|Options|Commands)\b")
    for path, _cmd in _walk(cli):
        out = run_cli(*path, "--help").output
        assert not english.search(out), (path, english.search(out))


@pytest.mark.parametrize("url, fragment", [
    ("garbage", "không phải URL cơ sở dữ liệu hợp lệ"),
    ("nosuchdb://x/y", "không được hỗ trợ"),
])
def test_a_wrong_tracker_db_is_one_vietnamese_line_and_the_config_exit_code(url, fragment, run_cli, monkeypatch):
    monkeypatch.setenv("TRACKER_DB", url)
    res = run_cli("tasks", "list")
    assert res.exit_code == 78  # EX_CONFIG: systemd does not restart-loop on it
    assert fragment in res.stderr and len(res.stderr.strip().splitlines()) == 1


def test_a_bad_option_value_is_one_line_with_exit_1(seeded, run_cli):
    res = run_cli("log", "--limit", "-3")
    assert res.exit_code == 1
    assert res.stderr.strip() == "Lỗi: Giá trị không hợp lệ cho --limit: -3 nằm ngoài khoảng 1<=x<=10000."
