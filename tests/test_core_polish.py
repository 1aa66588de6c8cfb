"""What a Vietnamese reader sees: audit labels, help metavars, configuration errors."""

from __future__ import annotations

import json
import re
from datetime import datetime
from pathlib import Path

import click
import pytest
from freezegun import freeze_time

from tracker.timeutil import VN
from tracker.vocabulary import ACTION_LABELS

ROOT = Path(__file__).resolve().parent.parent


def test_every_audit_action_written_anywhere_has_a_vietnamese_label():
    written = set()
    for path in [*(ROOT / "tracker").rglob("*.py"), ROOT / "cli.py"]:
        written |= set(re.findall(r'action="([a-z_]+\.[a-z_]+)"', path.read_text(encoding="utf-8")))
    assert written, "no audit actions found: the scan is broken"
    assert sorted(written - set(ACTION_LABELS)) == []


@freeze_time(datetime(2025, 10, 2, 10, 0, tzinfo=VN))
def test_log_shows_changes_with_vietnamese_field_names_and_dates(seeded, run_cli):
    run_cli("tasks", "extend", "II.2.b.2", "--to", "2025-10-31", "--reason", "Chờ phần mềm")
    out = run_cli("log", "--task", "II.2.b.2").output
    assert "Gia hạn" in out
    assert "hạn: 30/09/2025" in out and "hạn: 31/10/2025" in out
    assert "due_date" not in out and "status" not in out


@freeze_time(datetime(2025, 10, 20, 10, 0, tzinfo=VN))
def test_an_extension_recorded_late_with_at_counts_from_its_approval_in_past_views(seeded, run_cli):
    assert run_cli("tasks", "extend", "II.2.b.2", "--to", "2025-10-15", "--reason", "Duyệt trên giấy",
                   "--at", "2025-09-25 09:00").exit_code == 0
    assert run_cli("tasks", "done", "II.2.b.2", "--at", "2025-10-14 10:00").exit_code == 0
    rows = {r["code"]: r for r in json.loads(run_cli("tasks", "list", "--as-of", "2025-10-14", "--json").output)}
    assert rows["II.2.b.2"]["status"] == "done_on_time"
    assert rows["II.2.b.2"]["due_date"] == "2025-10-15"
    # Before the approval, the original deadline was in force.
    rows = {r["code"]: r for r in json.loads(run_cli("tasks", "list", "--as-of", "2025-09-24", "--json").output)}
    assert rows["II.2.b.2"]["due_date"] == "2025-09-30"


@freeze_time(datetime(2025, 10, 20, 10, 0, tzinfo=VN))
def test_a_backdated_extension_entered_after_a_later_one_takes_effect(seeded, run_cli):
    assert run_cli("tasks", "extend", "II.2.b.2", "--to", "2025-10-31", "--reason", "Chờ phần mềm",
                   "--at", "2025-10-05 09:00").exit_code == 0
    # Entered afterwards: a paper approval signed earlier, which the Chairman wants in force now.
    res = run_cli("tasks", "extend", "II.2.b.2", "--to", "2025-11-15", "--reason", "Duyệt trên giấy",
                  "--at", "2025-10-01 09:00")
    assert res.exit_code == 0
    rows = {r["code"]: r for r in json.loads(run_cli("tasks", "list", "--json").output)}
    assert rows["II.2.b.2"]["due_date"] == "2025-11-15"
    # In past views each counts from its own approval; before either, the plan's date.
    rows = {r["code"]: r for r in json.loads(run_cli("tasks", "list", "--as-of", "2025-10-02", "--json").output)}
    assert rows["II.2.b.2"]["due_date"] == "2025-11-15"
    rows = {r["code"]: r for r in json.loads(run_cli("tasks", "list", "--as-of", "2025-09-30", "--json").output)}
    assert rows["II.2.b.2"]["due_date"] == "2025-09-30"


@freeze_time(datetime(2025, 10, 20, 10, 0, tzinfo=VN))
def test_an_extension_approved_in_the_future_is_refused(seeded, run_cli):
    res = run_cli("tasks", "extend", "II.2.b.2", "--to", "2025-12-15", "--reason", "x", "--at", "2025-11-01 09:00")
    assert res.exit_code == 1 and "tương lai" in res.stderr


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
