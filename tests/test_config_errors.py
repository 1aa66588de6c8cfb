"""A configuration the service cannot read, or a database it cannot open, is exit 78 (EX_CONFIG), one line."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

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
