"""Helpers for the core tests (status, seed, CLI): named instants, DB snapshots, JSON CLI calls.

Plain functions rather than fixtures, so test modules import them explicitly.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

from click.testing import Result

import tracker.seed  # noqa: F401  (define the pydantic plan schema before freezegun replaces `date`)
from tracker.timeutil import VN

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seed" / "plan_tasks.json"

# Named instants (Asia/Ho_Chi_Minh).
AUG_5 = datetime(2025, 8, 5, 9, 0, tzinfo=VN)
SEP_23 = datetime(2025, 9, 23, 8, 0, tzinfo=VN)
SEP_30_NOON = datetime(2025, 9, 30, 12, 0, tzinfo=VN)
OCT_1 = datetime(2025, 10, 1, 8, 0, tzinfo=VN)
OCT_2 = datetime(2025, 10, 2, 10, 0, tzinfo=VN)
OCT_20 = datetime(2025, 10, 20, 9, 0, tzinfo=VN)
DEC_20 = datetime(2025, 12, 20, 9, 0, tzinfo=VN)

Q3_TASKS = ("II.2.b.1", "II.2.b.2")
MONTHLY_TASKS = ("II.2.a.7", "III.1.4", "III.2.1")
CHAIRMAN = "Bùi Quang Nam"


def db_path(db_url: str) -> Path:
    return Path(db_url.removeprefix("sqlite:///"))


def db_dump(db_url: str) -> str:
    """A digest of every row (WAL included), read with the stdlib driver, not our code."""
    con = sqlite3.connect(db_path(db_url))
    try:
        text = "\n".join(con.iterdump())
    finally:
        con.close()
    return hashlib.sha256(text.encode()).hexdigest()


def row_counts(db_url: str) -> dict[str, int]:
    con = sqlite3.connect(db_path(db_url))
    try:
        names = [r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table' ORDER BY name")]
        return {n: con.execute(f'SELECT COUNT(*) FROM "{n}"').fetchone()[0] for n in names}
    finally:
        con.close()


def query(db_url: str, sql: str, *params: Any) -> list[tuple[Any, ...]]:
    con = sqlite3.connect(db_path(db_url))
    try:
        return list(con.execute(sql, params))
    finally:
        con.close()


def ok(result: Result) -> Result:
    assert result.exit_code == 0, f"exit {result.exit_code}\nstdout:\n{result.stdout}\nstderr:\n{result.stderr}"
    return result


def cli_json(run_cli: Callable[..., Result], *args: str) -> Any:
    return json.loads(ok(run_cli(*args, "--json")).stdout)


def by_ref(rows: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """Task rows keyed by code, or code@period for an occurrence."""
    return {f"{r['code']}@{r['period']}" if r["period"] else r["code"]: r for r in rows}


def assert_one_vietnamese_error(result: Result, *fragments: str, code: int = 1) -> None:
    """A user error: exit code (2 for a malformed command line), one line on stderr, no traceback."""
    assert result.exit_code == code, f"exit {result.exit_code}\n{result.output}"
    err = result.stderr
    assert err.startswith("Lỗi: "), err
    assert "Traceback" not in result.output and "Error" not in err, err
    assert len(err.strip().splitlines()) == 1, err
    for f in fragments:
        assert f in err, f"{f!r} not in {err!r}"
