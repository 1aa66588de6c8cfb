"""An installed tracker needs no source tree: the plan and every template are package data, read through
importlib.resources, so a wheel installed into a fresh venv (or imported as a zip) seeds, runs the demo and
writes the reports from an empty directory. Development scripts stay out of the package."""

from __future__ import annotations

import importlib.metadata
import os
import shutil
import subprocess
import sys
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent

# What a clone holds that a build must not see: the project's own venv, caches, and a build/ left by an earlier
# in-tree build (setuptools never empties build/lib, so a moved file would still ship).
NOT_SOURCE = shutil.ignore_patterns(".git", ".venv", "build", "dist", "*.egg-info", "__pycache__", ".*_cache",
                                    ".hypothesis", "*.db", "*.db-*")


def test_the_packaged_plan_is_the_seed_file_byte_for_byte():
    # seed/plan_tasks.json is the one to edit; the package's copy must follow it in the same commit.
    packaged = files("tracker.plans").joinpath("plan_tasks.json").read_bytes()
    assert packaged == (ROOT / "seed" / "plan_tasks.json").read_bytes(), (
        "tracker/plans/plan_tasks.json differs from seed/plan_tasks.json: copy the edited file over the other")


def test_no_development_script_lives_among_the_package_templates():
    data_dirs = [p for p in (ROOT / "tracker").rglob("templates") if p.is_dir()]
    assert data_dirs
    assert [str(p) for d in data_dirs for p in d.rglob("*.py")] == []


@dataclass(frozen=True)
class Installed:
    wheel: Path
    python: Path
    tracker: Path


def _run(args: list[str | Path], **kwargs: Any) -> subprocess.CompletedProcess[str]:
    res = subprocess.run([str(a) for a in args], capture_output=True, text=True, **kwargs)
    assert res.returncode == 0, f"{args}\n{res.stdout}\n{res.stderr}"
    return res


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Installed]:
    """The wheel built from a copy of this tree, installed with its dependencies into a fresh venv.

    The dependencies come from the configured package index, pinned to the versions of the venv running the
    tests (the same releases, so pip finds them in its cache and the result does not drift with new releases).
    """
    base = tmp_path_factory.mktemp("wheel")
    src = base / "src"
    shutil.copytree(ROOT, src, ignore=NOT_SOURCE)
    _run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", base / "dist", src], timeout=300)
    (wheel,) = (base / "dist").glob("tracker-*.whl")

    venv = base / "venv"
    _run([sys.executable, "-m", "venv", "--without-pip", venv], timeout=120)
    python = venv / "bin" / "python"
    versions: dict[str, str] = {}
    for dist in importlib.metadata.distributions():  # the first of a name is the one imported
        name = (dist.metadata["Name"] or "").lower()
        if name and name != "tracker":
            versions.setdefault(name, dist.version)
    pins = base / "constraints.txt"
    pins.write_text("".join(f"{n}=={v}\n" for n, v in sorted(versions.items())), encoding="utf-8")
    _run([sys.executable, "-m", "pip", "--python", python, "install", "-q", "--no-compile", "-c", pins, wheel],
         timeout=400)
    yield Installed(wheel=wheel, python=python, tracker=venv / "bin" / "tracker")


def _clean_env(db: Path, **extra: str) -> dict[str, str]:
    # Nothing that could lead back to the source tree or to the developer's own database and settings.
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TRACKER_", "PYTHON", "VIRTUAL_ENV"))}
    return {**env, "TRACKER_DB": f"sqlite:///{db}", **extra}


def _init_and_seed(tracker: list[str | Path], cwd: Path, env: dict[str, str]) -> None:
    init = _run([*tracker, "init"], cwd=cwd, env=env, timeout=120)
    assert init.stdout.startswith("Đã khởi tạo cơ sở dữ liệu: sqlite:///"), init.stdout
    seed = _run([*tracker, "seed"], cwd=cwd, env=env, timeout=120)
    assert seed.stdout.startswith("Đã nạp plan_tasks.json cho xã cam-hiep.\n  Tạo mới: 1 xã,"), seed.stdout


@pytest.mark.slow
@pytest.mark.timeout(900)
def test_a_wheel_installed_in_a_fresh_venv_seeds_and_runs_the_demo_from_an_empty_directory(installed, tmp_path):
    where = _run([installed.python, "-c", "import cli, tracker; print(cli.__file__); print(tracker.__file__)"],
                 cwd=tmp_path, env=_clean_env(tmp_path / "x.db"), timeout=60).stdout.split()
    venv = installed.python.parent.parent
    assert all(Path(p).is_relative_to(venv) for p in where), where  # the wheel's code, not this tree's

    work = tmp_path / "empty"
    work.mkdir()
    env = _clean_env(work / "tracker.db")
    _init_and_seed([installed.tracker], work, env)
    out = _run([installed.tracker, "demo"], cwd=work, env=env, timeout=300).stdout
    assert out.startswith("Mô phỏng Kế hoạch cải cách TTHC 2025 của xã Cam Hiệp")
    assert "[Nhắc hạn] II.2.b.1: còn 7 ngày làm việc (hạn 30/09/2025)" in out
    assert "✓ Trần Thị Demo báo hoàn thành II.2.b.1 (đúng hạn)" in out
    assert "Tổng hợp tình hình đến hết ngày 31/12/2025" in out and "Hoàn thành đúng hạn" in out
    assert {p.name for p in work.iterdir()} <= {"tracker.db", "tracker.db-wal", "tracker.db-shm"}


@pytest.mark.slow
@pytest.mark.timeout(900)
def test_tracker_imported_from_the_wheel_as_a_zip_reads_its_plan_and_every_template(installed, tmp_path):
    # A zip has no file paths: whatever is read beside __file__ instead of through the package fails here.
    env = _clean_env(tmp_path / "tracker.db", PYTHONPATH=str(installed.wheel))
    where = _run([installed.python, "-c", "import cli, tracker; print(cli.__file__); print(tracker.__file__)"],
                 cwd=tmp_path, env=env, timeout=60).stdout.split()
    assert all(p.startswith(str(installed.wheel) + os.sep) for p in where), where

    tracker: list[str | Path] = [installed.python, "-m", "cli"]
    _init_and_seed(tracker, tmp_path, env)
    # The console channel prints the rendered e-mail text of each notification (the Jinja2 templates).
    sweep = _run([*tracker, "remind", "run", "--at", "2025-10-02 08:00", "--replay"], cwd=tmp_path, env=env,
                 timeout=120).stdout
    assert "Tiêu đề: [Báo cáo Chủ tịch] II.2.b.2 quá hạn" in sweep and "Kính gửi đồng chí Bùi Quang Nam," in sweep
    report = _run([*tracker, "report", "monthly", "--month", "2025-09", "--out", tmp_path / "bc.docx"],
                  cwd=tmp_path, env=env, timeout=120)
    assert report.stdout.startswith("Đã lập báo cáo tháng 09/2025")
    with zipfile.ZipFile(tmp_path / "bc.docx") as docx:
        assert "Cam Hiệp" in docx.read("word/document.xml").decode("utf-8")
    _run([*tracker, "publish", "--out", tmp_path / "site", "--as-of", "2025-10-14"], cwd=tmp_path, env=env,
         timeout=120)
    assert "Cam Hiệp" in (tmp_path / "site" / "index.html").read_text(encoding="utf-8")


@pytest.mark.slow
def test_the_wheel_ships_every_data_file_of_the_package_and_no_development_script(installed):
    with zipfile.ZipFile(installed.wheel) as whl:
        names = set(whl.namelist())
    shipped = {n for n in names if n.startswith("tracker/") and not n.endswith(".py")}
    in_tree = {p.relative_to(ROOT).as_posix() for p in (ROOT / "tracker").rglob("*")
               if p.is_file() and p.suffix not in (".py", ".pyc")}
    assert shipped == in_tree
    assert "tracker/plans/plan_tasks.json" in shipped
    assert not any(n.startswith(("scripts/", "bench/", "tests/", "seed/")) for n in names)
    assert not any("make_monthly_template" in n for n in names)
