"""A configuration the service cannot read, or a database it cannot open, is exit 78 (EX_CONFIG), one line."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from tracker.clikit import unexpected_exit_code


def test_tracker_config_pointing_at_a_folder_is_a_configuration_error_naming_the_path(db_url, run_cli, tmp_path,
                                                                                       monkeypatch):
    folder = tmp_path / "etc"
    folder.mkdir()
    monkeypatch.setenv("TRACKER_CONFIG", str(folder))
    res = run_cli("tasks", "list")
    assert res.exit_code == 78, res.output
    assert res.stderr.startswith("Lỗi: ") and str(folder) in res.stderr and "không phải là một tệp" in res.stderr
    assert len(res.stderr.strip().splitlines()) == 1 and "không mong đợi" not in res.stderr


@contextmanager
def as_user_nobody() -> Iterator[None]:
    """Root reads any file; the service user does not. Drop the effective uid for the duration (root only)."""
    if os.geteuid() != 0:
        yield
        return
    os.setegid(65534)
    os.seteuid(65534)
    try:
        yield
    finally:
        os.seteuid(0)
        os.setegid(0)


@pytest.mark.parametrize("layout", ["file_not_readable", "folder_not_enterable"])
def test_a_config_file_the_service_user_cannot_read_exits_78_naming_the_path(run_cli, monkeypatch, layout):
    import sqlmodel  # noqa: F401  (imported before dropping privileges: the interpreter lives under /root)

    base = Path(tempfile.mkdtemp(prefix="tracker-conf-"))
    try:
        base.chmod(0o755)
        etc = base / "etc"
        etc.mkdir()
        conf = etc / "tracker.toml"
        conf.write_text("[tracker]\ndue_soon_days = 5\n", encoding="utf-8")
        if layout == "file_not_readable":
            etc.chmod(0o755)
            conf.chmod(0o600 if os.geteuid() == 0 else 0o000)
        else:
            etc.chmod(0o700 if os.geteuid() == 0 else 0o000)
        monkeypatch.setenv("TRACKER_CONFIG", str(conf))
        monkeypatch.setenv("TRACKER_DB", "sqlite:////nonexistent/tracker.db")
        monkeypatch.chdir(base)
        with as_user_nobody():
            res = run_cli("tasks", "list")
    finally:
        (base / "etc").chmod(0o755)
        shutil.rmtree(base)
    assert res.exit_code == 78, res.output
    lines = res.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Lỗi: Không đọc được tệp cấu hình ")
    assert str(conf) in lines[0] and "không có quyền đọc" in lines[0]


def test_a_sqlite_database_in_a_missing_folder_is_a_configuration_error(run_cli, tmp_path, monkeypatch):
    monkeypatch.setenv("TRACKER_DB", f"sqlite:///{tmp_path / 'no-such-folder' / 'tracker.db'}")
    monkeypatch.delenv("TRACKER_CONFIG", raising=False)
    monkeypatch.chdir(tmp_path)
    res = run_cli("init")
    assert res.exit_code == 78, res.output
    assert res.stderr.startswith("Lỗi: không mở được cơ sở dữ liệu (kiểm tra TRACKER_DB")
    assert len(res.stderr.strip().splitlines()) == 1


def test_a_database_that_is_not_initialised_still_exits_1_with_the_init_hint(db_url, run_cli):
    res = run_cli("tasks", "list")
    assert res.exit_code == 1, res.output
    assert "tracker init" in res.stderr


def test_only_database_errors_map_to_78_and_other_surprises_stay_2():
    from sqlalchemy.exc import OperationalError

    assert unexpected_exit_code(OperationalError("SELECT 1", {}, Exception("unable to open database file"))) == 78
    assert unexpected_exit_code(OperationalError("SELECT 1", {}, Exception("no such table: task"))) == 1
    assert unexpected_exit_code(KeyError("x")) == 2


# ---------------------------------------------------------------- what the file says, not only whether it can be read


def config_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, content: str | bytes) -> Path:
    path = tmp_path / "tracker.toml"
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    monkeypatch.setenv("TRACKER_CONFIG", str(path))
    return path


def assert_config_error(res: Any, *fragments: str) -> None:
    assert res.exit_code == 78, f"exit {res.exit_code}\n{res.output}"
    lines = res.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Lỗi: "), res.stderr
    assert "không mong đợi" not in lines[0] and "Error" not in lines[0], lines[0]
    for f in fragments:
        assert f in lines[0], f"{f!r} not in {lines[0]!r}"


def test_a_config_file_that_is_not_utf8_exits_78_saying_so(seeded, run_cli, tmp_path, monkeypatch):
    # "Đà" saved by an editor set to Windows-1258, the old Vietnamese code page.
    path = config_file(tmp_path, monkeypatch, b"[tracker]\n# \xd0\xe0\ndue_soon_days = 5\n")
    assert_config_error(run_cli("tasks", "list"), str(path), "không phải UTF-8")


def test_a_config_file_with_a_syntax_error_names_the_line_in_vietnamese(seeded, run_cli, tmp_path, monkeypatch):
    config_file(tmp_path, monkeypatch, "[tracker]\ndue_soon_days 5\n")
    assert_config_error(run_cli("tasks", "list"), "không phải TOML hợp lệ", "dòng 2")


def test_a_config_file_with_a_byte_order_mark_is_read(seeded, run_cli, tmp_path, monkeypatch):
    config_file(tmp_path, monkeypatch, "\ufeff[tracker]\ndue_soon_days = 5\n")
    assert run_cli("tasks", "list").exit_code == 0


@pytest.mark.parametrize(("content", "args"), [
    ("tracker = 5\n", ("tasks", "list")),
    ("reminders = 5\n", ("remind", "run", "--dry-run")),
    ("bot = 5\n", ("people", "invite", "Bùi Quang Nam")),
    ('bot = "x"\n', ("people", "invite", "Bùi Quang Nam")),
])
def test_a_table_given_as_a_plain_value_exits_78_naming_the_table(seeded, run_cli, tmp_path, monkeypatch,
                                                                   content, args):
    config_file(tmp_path, monkeypatch, content)
    name = content.split(" ")[0]
    assert_config_error(run_cli(*args), f"[{name}] phải là một bảng TOML")


@pytest.mark.parametrize(("key", "value", "allowed"), [
    ("escalation_repeat_days", "99999999999999", "từ 1 đến 365"),
    ("digest_horizon_days", "99999999999999", "từ 0 đến 90"),
    ("escalate_after_working_days", "99999999999999", "từ 0 đến 60"),
    ("catchup_max_late_working_days", "100000", "từ 0 đến 30"),
    ("stale_lookback_days", "9999999999", "từ 0 đến 90"),
    ("backoff_max_seconds", "9223372036854775807", "từ 1 đến 604800"),
    ("sweep_interval_seconds", "0", "từ 1 đến 3600"),
    ("batch_size", "true", "từ 1 đến 10000"),
])
def test_a_reminder_setting_outside_its_range_exits_78_naming_the_range(seeded, run_cli, tmp_path, monkeypatch,
                                                                        key, value, allowed):
    config_file(tmp_path, monkeypatch, f"[reminders]\n{key} = {value}\n")
    assert_config_error(run_cli("remind", "run", "--dry-run"), f"[reminders] {key}", allowed)


@pytest.mark.parametrize(("content", "args", "fragments"), [
    ("[tracker]\ndue_soon_days = true\n", ("tasks", "list"), ("due_soon_days", "từ 0 đến 60")),
    ("[bot]\nlink_code_hours = 100000000000\n", ("people", "invite", "Bùi Quang Nam"), ("link_code_hours", "720")),
    ('[permissions]\nleader_roles = [["chairman"]]\n', ("people", "invite", "Bùi Quang Nam"), ("leader_roles",)),
    ('[reminders]\nescalate_to = [["chairman"]]\n', ("remind", "run", "--dry-run"), ("escalate_to",)),
    ("[reminders]\nbefore_working_days = [true]\n", ("remind", "run", "--dry-run"), ("before_working_days",)),
    ('[reminders]\ndigest_time = "24:00"\n', ("remind", "run", "--dry-run"), ("digest_time", "HH:MM")),
    ("[reminders]\nbackoff_base_seconds = 600\nbackoff_max_seconds = 60\n", ("remind", "run", "--dry-run"),
     ("backoff_max_seconds",)),
    ('[tracker]\ndue_soon_days = "5"\n', ("tasks", "list"), ("due_soon_days", "từ 0 đến 60", '(đang là "5")')),
    ("[reminders]\nsweep_interval_seconds = 60.0\n", ("remind", "run", "--dry-run"),
     ("sweep_interval_seconds", "từ 1 đến 3600", "(đang là 60.0)")),
    ("[reminders]\ndigest_weekday = 1\n", ("remind", "run", "--dry-run"), ("digest_weekday", '"monday"')),
    ('[reminders]\nescalate_to = []\n', ("remind", "run", "--dry-run"), ("escalate_to", '"vice_chairman"')),
    ('[reminders]\nconsole_style = "short"\n', ("remind", "run", "--dry-run"), ('"full" hoặc "compact"',)),
    ('[reminders]\nwork_start = "18:00"\n', ("remind", "run", "--dry-run"), ("work_end phải sau work_start",)),
    ('[permissions]\nleader_roles = ["king"]\n', ("people", "invite", "Bùi Quang Nam"),
     ("leader_roles", "vice_chairman")),
    ("[permissions]\nstaff_can_act = 1\n", ("people", "invite", "Bùi Quang Nam"), ("staff_can_act", "true hoặc false")),
    ('[bot]\nleader_roles = ["chairman"]\n', ("tasks", "list"), ("leader_roles", "[bot]", "[permissions]")),
])
def test_a_setting_of_the_wrong_kind_exits_78_with_one_line(seeded, run_cli, tmp_path, monkeypatch, content, args,
                                                            fragments):
    config_file(tmp_path, monkeypatch, content)
    assert_config_error(run_cli(*args), *fragments)


def table_models() -> dict[str, Any]:
    from tracker.config import ConfigFile

    return {name: field.annotation for name, field in ConfigFile.model_fields.items()}


def test_every_integer_setting_has_a_range_that_holds_its_default():
    table = table_models()["reminders"]
    assert {"lease_seconds", "batch_size", "sweep_interval_seconds"} <= set(table.model_fields)  # the walk itself
    for name, model in table_models().items():
        defaults = model()
        model.model_validate(dict(defaults))  # every default passes its own constraints (lists, times, rules too)
        for key, field in model.model_fields.items():
            if field.annotation is int:
                low = [m.ge for m in field.metadata if hasattr(m, "ge")]
                high = [m.le for m in field.metadata if hasattr(m, "le")]
                assert low and high, f"[{name}] {key} has no range"
                assert low[0] <= getattr(defaults, key) <= high[0], f"[{name}] {key}"


def test_every_setting_can_say_what_it_allows():
    from tracker.config import allowed

    for name, model in table_models().items():
        for key, field in model.model_fields.items():
            assert allowed(field), f"[{name}] {key}"


@pytest.mark.parametrize(("content", "fragments"), [
    ("[reminder]\nlease_seconds = 300\n", ("Bảng cấu hình không được hỗ trợ: [reminder]", "có phải [reminders]?")),
    ("[tracker]\ndue_soon_days = 5\n[smtp]\nhost = \"x\"\n", ("[smtp]", "[tracker], [reminders], [bot]")),
    ("due_soon_days = 5\n[tracker]\n", ("nằm ngoài mọi bảng: due_soon_days",)),
])
def test_a_table_the_program_does_not_have_exits_78_instead_of_being_ignored(seeded, run_cli, tmp_path, monkeypatch,
                                                                             content, fragments):
    config_file(tmp_path, monkeypatch, content)
    assert_config_error(run_cli("tasks", "list"), *fragments)


@pytest.mark.parametrize("table", ["tracker", "reminders", "bot"])
def test_a_misspelt_key_in_any_table_exits_78_naming_every_unknown_key(seeded, run_cli, tmp_path, monkeypatch, table):
    config_file(tmp_path, monkeypatch, f"[{table}]\nlease_second = 300\ndue_soon_day = 3\n")
    assert_config_error(run_cli("tasks", "list"),
                        f"Khóa cấu hình không được hỗ trợ trong [{table}]: due_soon_day, lease_second")


def test_a_mistake_in_any_table_stops_every_command_that_reads_the_file(seeded, run_cli, tmp_path, monkeypatch):
    config_file(tmp_path, monkeypatch, "[bot]\nlink_code_hours = 0\n")
    assert_config_error(run_cli("tasks", "list"), "[bot] link_code_hours", "từ 1 đến 720", "(đang là 0)")


@pytest.mark.parametrize("value", ["1", "60", "119"])
def test_a_lease_shorter_than_one_send_exits_78_saying_another_process_would_send_the_message_again(
        seeded, run_cli, tmp_path, monkeypatch, value):
    config_file(tmp_path, monkeypatch, f"[reminders]\nlease_seconds = {value}\n")
    assert_config_error(run_cli("remind", "run", "--dry-run"), "[reminders] lease_seconds", "từ 120 đến 86400",
                        f"(đang là {value})", "30 giây", "gửi trùng")
    config_file(tmp_path, monkeypatch, "[reminders]\nlease_seconds = 120\n")
    assert run_cli("remind", "run", "--dry-run").exit_code == 0
