"""bench/build_db.py is a library other benches import: N communes of the seeded plan, usable by the CLI."""

from __future__ import annotations

from bench.build_db import DEFAULT_SEED, build
from tests.factories import assert_one_vietnamese_error, cli_json, row_counts


def test_build_creates_n_communes_of_the_plan_split_per_unit_with_results(db_url, run_cli):
    stats = build(db_url, communes=3, seed_file=DEFAULT_SEED)
    counts = row_counts(db_url)
    bookkeeping = counts.get("sqlite_stat1", 0) + counts.get("alembic_version", 0)
    assert stats.communes == 3 and stats.total_rows == sum(counts.values()) - bookkeeping
    # 56 tasks once the shared duties are split per unit (more than the 40 items padding aims at, so none is
    # added); 8 monthly tasks of 4 periods each (the plan's issue day is unknown: from September on).
    assert (counts["commune"], counts["task"], counts["occurrence"], counts["kpi"]) == (3, 3 * 56, 3 * 32, 3 * 10)
    assert counts["completion"] > 0 and counts["extension"] > 0
    assert_one_vietnamese_error(run_cli("tasks", "list"), "--commune")
    rows = cli_json(run_cli, "--commune", "cam-hiep-00002", "tasks", "list", "--as-of", "2025-10-20", "--all")
    assert len(rows) == 56 - 8 + 32
    statuses = {r["status"] for r in rows}
    assert {"done_on_time", "done_late", "overdue", "in_progress", "no_deadline"} <= statuses


def test_build_appends_new_communes_and_is_deterministic(db_url, tmp_path):
    first = build(db_url, communes=2)
    second = build(db_url, communes=1)
    assert row_counts(db_url)["commune"] == 3
    other = build(f"sqlite:///{tmp_path / 'other.db'}", communes=2)
    assert other.rows == first.rows and second.rows["task"] == 56
