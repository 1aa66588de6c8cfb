"""Start-up: what a command imports, and the holidays cache that keeps read-only commands off the holidays package.

Start-up time itself is measured by bench/bench_startup.py (timings are not asserted here); these tests pin the
imports that made it slow, in a fresh process each.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from tracker import workdays
from tracker.workdays import WorkCalendar, compute_holidays, holidays_of

ROOT = Path(__file__).resolve().parent.parent

# Libraries (and our modules that pull them in) a command may import only when it needs them. --help runs no
# command, so it needs none of them, not even tracker.timeutil (time zone data, decimal formatting) or the
# channel registry; tasks list reads plans, so the database libraries are its own.
NOT_FOR_HELP = ("sqlmodel", "sqlalchemy", "pydantic", "holidays", "tabulate", "jinja2", "telegram", "httpx",
                "apscheduler", "aiosmtpd", "docx", "docxtpl", "alembic", "tracker.models", "tracker.seed",
                "tracker.service", "tracker.config", "tracker.timeutil", "tracker.channels")
NOT_FOR_TASKS_LIST = ("holidays", "tabulate", "jinja2", "telegram", "httpx", "apscheduler", "aiosmtpd", "docx",
                      "docxtpl", "alembic", "sqlalchemy.dialects.postgresql", "tracker.seed", "tracker.reminders.sweep",
                      "tracker.bot.app")


def modules_after(args: list[str], env: dict[str, str], cwd: Path) -> tuple[int, set[str]]:
    """Run `tracker ARGS` in a fresh interpreter; its exit code and every module it imported."""
    code = f"""
import json, sys
sys.argv = ["tracker", *{args!r}]
import cli
try:
    cli.main()
except SystemExit as exc:
    code = exc.code
sys.stdout.flush()
print("@@" + json.dumps({{"code": code, "modules": sorted(sys.modules)}}))
"""
    res = subprocess.run([sys.executable, "-c", code], cwd=cwd, env={**env, "PYTHONPATH": str(ROOT)},
                         capture_output=True, text=True, timeout=120)
    assert res.returncode == 0, res.stderr
    line = next(ln for ln in res.stdout.splitlines() if ln.startswith("@@"))
    seen = json.loads(line[2:])
    return seen["code"], set(seen["modules"])


def loaded(modules: set[str], names: tuple[str, ...]) -> list[str]:
    return [n for n in names if n in modules]


@pytest.fixture
def cli_env(db_url: str, tmp_path: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("TRACKER_")}
    return {**env, "TRACKER_DB": db_url, "XDG_CACHE_HOME": str(tmp_path / "cache")}


@pytest.fixture
def fresh_memo(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """This process forgets the years it has read; the cache folder is a new one. Returns the folder."""
    monkeypatch.setattr(workdays, "_years", {})
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    return tmp_path / "cache" / "tracker"


# ---------------------------------------------------------------- imports


def test_tracker_help_imports_neither_the_database_libraries_nor_the_plan_schema(cli_env, tmp_path):
    code, modules = modules_after(["--help"], cli_env, tmp_path)
    assert code == 0
    assert loaded(modules, NOT_FOR_HELP) == []
    # It lists the commands from cli.ROOT_COMMANDS: not one command module is imported, only the CLI plumbing.
    assert sorted(m for m in modules if m == "tracker" or m.startswith("tracker.")) == [
        "tracker", "tracker.clikit", "tracker.errors"]


def test_a_command_imports_its_own_module_and_no_other_command_module(cli_env, tmp_path):
    code, modules = modules_after(["units", "--help"], cli_env, tmp_path)
    assert code == 0
    assert sorted(m for m in modules if m.startswith("tracker.commands.")) == ["tracker.commands.units"]


def test_the_root_list_names_each_command_and_repeats_its_help():
    # `tracker --help` shows the help kept in cli.ROOT_COMMANDS: it must be the command's own, shortened alike.
    import click

    import cli

    assert cli.ROOT_COMMANDS, "cli.py lists no commands"
    for name, (target, first_paragraph) in cli.ROOT_COMMANDS.items():
        module, _, attribute = target.partition(":")
        command = getattr(__import__(module, fromlist=[attribute]), attribute)
        assert isinstance(command, click.Command) and command.name == name, target
        assert command.help and command.help.split("\n\n")[0].strip() == first_paragraph, name
        stand_in = click.Command(name, help=first_paragraph)
        for limit in (20, 45, 62, 92, 200):
            assert stand_in.get_short_help_str(limit) == command.get_short_help_str(limit), (name, limit)
    assert [c.name for c in cli.COMMANDS] == list(cli.ROOT_COMMANDS)
    assert sorted(cli.cli.commands) == sorted(cli.ROOT_COMMANDS)


def test_tasks_list_imports_no_library_it_does_not_use_once_the_years_are_cached(seeded, cli_env, tmp_path):
    seeded.dispose()
    code, first = modules_after(["tasks", "list"], cli_env, tmp_path)
    assert code == 0
    # The first run computed 2025's days off (the package was needed then) and cached them.
    assert "holidays" in first
    code, modules = modules_after(["tasks", "list"], cli_env, tmp_path)
    assert code == 0
    assert loaded(modules, NOT_FOR_TASKS_LIST) == []


def test_a_command_closes_the_database_although_the_last_garbage_collection_is_skipped(seeded, cli_env, tmp_path):
    # cli.main freezes what is alive when the command ends, so the interpreter's last collections leave it alone;
    # the connections are closed all the same (tracker.db disposes its engines at exit): SQLite folds its
    # write-ahead log back into the file and removes the -wal and -shm files, after a write as after a read.
    seeded.dispose()
    for args in (["tasks", "done", "II.2.b.1", "--note", "Đã xong"], ["tasks", "list"]):
        res = subprocess.run([sys.executable, "-c", "from cli import main; main()", *args], cwd=tmp_path,
                             env={**cli_env, "PYTHONPATH": str(ROOT)}, capture_output=True, text=True, timeout=120)
        assert res.returncode == 0, res.stderr
        assert sorted(p.name for p in tmp_path.glob("tracker.db*")) == ["tracker.db"], args
    res = subprocess.run([sys.executable, "-c", "from cli import main; main()", "tasks", "list", "--json"],
                         cwd=tmp_path, env={**cli_env, "PYTHONPATH": str(ROOT)}, capture_output=True, text=True,
                         timeout=120)
    done = [t for t in json.loads(res.stdout) if t["code"] == "II.2.b.1"]
    assert done and all(t["status"].startswith("done") for t in done), done


# ---------------------------------------------------------------- the holidays cache


def test_cached_days_off_are_what_the_holidays_package_says(fresh_memo):
    for year in (2024, 2025, 2026, 2027):
        assert holidays_of(year) == compute_holidays(year)
    assert len(list(fresh_memo.glob("holidays-vn-*.json"))) == 4
    workdays._years.clear()
    for year in (2024, 2025, 2026, 2027):  # now read back from the files
        assert holidays_of(year) == compute_holidays(year)
    assert holidays_of(2026)[date(2026, 2, 17)] == "Tết Nguyên Đán"


def test_a_damaged_cache_file_is_computed_again_and_rewritten(fresh_memo):
    holidays_of(2025)
    (path,) = fresh_memo.glob("holidays-vn-*-2025.json")
    for damage in ("{", '{"year": 2025, "days": {"2025-13-40": "x"}}', '{"year": 2024, "days": {}}',
                   '{"year": 2025, "days": {"2024-01-01": "x"}}', '{"year": 2025, "days": {"2025-01-01": 5}}', "[]"):
        path.write_text(damage, encoding="utf-8")
        workdays._years.clear()
        assert holidays_of(2025) == compute_holidays(2025), damage
        assert json.loads(path.read_text(encoding="utf-8"))["days"]["2025-09-02"] == "Quốc khánh"


def test_a_cache_folder_that_cannot_be_written_still_gives_the_right_days(fresh_memo, monkeypatch, tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("", encoding="utf-8")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))
    cal = WorkCalendar()
    assert not cal.is_working_day(date(2025, 9, 2))
    assert cal.holiday_name(date(2025, 9, 2)) == "Quốc khánh"
    assert list(tmp_path.glob("**/holidays-vn-*")) == []


def test_a_relative_xdg_cache_home_is_ignored_for_the_home_folder(fresh_memo, monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("XDG_CACHE_HOME", "relative/cache")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    holidays_of(2025)
    assert len(list((tmp_path / "home" / ".cache" / "tracker").glob("holidays-vn-*-2025.json"))) == 1
    assert not (tmp_path / "relative").exists()


FAKE_HOLIDAYS = '''
from datetime import date


def country_holidays(country, years, language):
    assert (country, language) == ("VN", "vi")
    return {date(years, 1, 1): "Tết Dương lịch", date(years, 12, 26): "Ngày nghỉ mới theo quyết định"}
'''


def test_an_upgraded_holidays_package_takes_effect_although_the_year_was_cached(fresh_memo, tmp_path, cli_env):
    # The year is cached from the installed package; then a newer release (here a stand-in package that learnt a
    # new day off) is installed: its answer is used, not the cached one. The IT officer's override still wins.
    holidays_of(2025)
    site = tmp_path / "site"
    (site / "holidays" / "countries").mkdir(parents=True)
    (site / "holidays" / "__init__.py").write_text(FAKE_HOLIDAYS, encoding="utf-8")
    (site / "holidays" / "countries" / "vietnam.py").write_text("", encoding="utf-8")
    (site / "holidays-99.0.dist-info").mkdir()
    code = """
import json
from datetime import date
from tracker.workdays import WorkCalendar, holidays_of
cal = WorkCalendar({date(2025, 12, 26): True})
print(json.dumps([sorted(d.isoformat() for d in holidays_of(2025)), WorkCalendar().is_working_day(date(2025, 12, 26)),
                  cal.is_working_day(date(2025, 12, 26))]))
"""
    env = {**cli_env, "PYTHONPATH": os.pathsep.join([str(site), str(ROOT)])}
    res = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, env=env, capture_output=True, text=True,
                         timeout=60)
    assert res.returncode == 0, res.stderr
    assert json.loads(res.stdout) == [["2025-01-01", "2025-12-26"], False, True]
    assert len(list(fresh_memo.glob("holidays-vn-*-2025.json"))) == 2


# ---------------------------------------------------------------- terminal tables without tabulate


def test_tables_keep_the_layout_tabulate_gave_them():
    # cliviews.table replaced tabulate's "simple" format (its import alone cost tasks list 1.4 % of its
    # instructions); for text a terminal shows one column per character, the output is the same.
    from tabulate import tabulate  # a test dependency only: the layout cliviews.table reproduces

    from tracker.cliviews import table

    headers = ["Mã", "Kỳ", "Nhiệm vụ", "Trạng thái"]
    rows = [["I.1", "", "Ban hành kế hoạch", "✓ Hoàn thành đúng hạn"],
            ["III.2.1", "2025-09", "  Báo cáo tình hình  ", "⚠ Đang thực hiện quá hạn · Sắp đến hạn"],
            ["II.3", "", "Hai dòng\nghi chú", ""],
            ["X", "", "", "—"]]
    assert table(rows, headers) == tabulate(rows, headers=headers, tablefmt="simple", disable_numparse=True)
    assert table([], ["Mã", "Tên"]) == "Mã    Tên\n----  -----"


def test_table_columns_line_up_on_the_terminal_whatever_the_text_is_made_of():
    import unicodedata

    from tracker.cliviews import display_width, table

    decomposed = unicodedata.normalize("NFD", "Nguyễn Thị Hường")  # tone marks as combining characters
    assert len(decomposed) > 16 and display_width(decomposed) == 16
    assert display_width("Hà Nội") == 6 and display_width("河内") == 4 and display_width("e\u200bf") == 2
    text = table([[decomposed, "a"], ["河内", "b"], ["Hà Nội\x1b[31m", "c"]], ["Họ tên", "X"])
    lines = text.splitlines()
    # The second column starts at the same terminal column on every line (the escape is shown as text).
    starts = {display_width(line[:line.rindex(" ") + 1]) for line in lines}
    assert len(starts) == 1, text
    assert lines[4].startswith("Hà Nội\\x1b[31m")


# ---------------------------------------------------------------- the partial index without dialect keywords


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_the_models_completion_index_is_partial_on_both_backends(backend):
    from sqlalchemy.dialects import postgresql, sqlite
    from sqlalchemy.schema import CreateIndex

    from tracker.models import Completion

    dialect = {"sqlite": sqlite, "postgresql": postgresql}[backend].dialect()
    (index,) = [i for i in Completion.__table__.indexes if i.name == "uq_completion_in_force"]
    assert str(CreateIndex(index).compile(dialect=dialect)) == (
        "CREATE UNIQUE INDEX uq_completion_in_force ON completion (task_id, coalesce(occurrence_id, 0)) "
        "WHERE revoked_at IS NULL")
