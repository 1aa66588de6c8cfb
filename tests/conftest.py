"""Shared fixtures: a real SQLite file per test, the seeded plan, a CLI runner."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from tracker.timeutil import VN

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seed" / "plan_tasks.json"

# Named instants (Asia/Ho_Chi_Minh).
SEEDED_AT = datetime(2025, 8, 5, 9, 0, tzinfo=VN)


@pytest.fixture
def db_url(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    url = f"sqlite:///{tmp_path / 'tracker.db'}"
    monkeypatch.setenv("TRACKER_DB", url)
    monkeypatch.delenv("TRACKER_CONFIG", raising=False)
    monkeypatch.chdir(tmp_path)
    return url


@pytest.fixture(scope="session")
def migrated_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An empty database at the latest revision, migrated once per session: running every revision
    costs about 0.3 s, copying the file next to nothing."""
    from tracker import db
    from tracker.migrations import migrate

    path = tmp_path_factory.mktemp("schema") / "tracker.db"
    url = f"sqlite:///{path}"
    migrate(db.get_engine(url))
    db._engines.pop(url).dispose()  # closing the last connection folds the WAL back into the file
    return path


@pytest.fixture
def engine(db_url: str, migrated_file: Path) -> Iterator[Any]:
    from tracker.db import get_engine
    from tracker.migrations import migrate

    shutil.copyfile(migrated_file, db_url.removeprefix("sqlite:///"))
    eng = get_engine(db_url)
    migrate(eng)  # at the latest revision already: one look at the version table
    yield eng
    eng.dispose()


@pytest.fixture
def seeded(engine: Any) -> Any:
    from tracker.seed import seed

    seed(engine, SEED, now=SEEDED_AT, actor="test")
    return engine


@pytest.fixture
def plan_json() -> dict[str, Any]:
    return json.loads(SEED.read_text(encoding="utf-8"))


@pytest.fixture
def run_cli(db_url: str) -> Callable[..., Result]:
    """Invoke the real click entry point in-process; returns click's Result."""
    from cli import cli

    def invoke(*args: str, **kwargs: Any) -> Result:
        return CliRunner().invoke(cli, list(args), catch_exceptions=False, **kwargs)

    return invoke
