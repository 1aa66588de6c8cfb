"""Core queries at commune, province and country scale (SQLite).

    .venv/bin/python -m bench.bench_core            # 1, 65 and 3,321 communes
    .venv/bin/python -m bench.bench_core 1 65       # chosen sizes
    BENCH_DIR=/tmp/x .venv/bin/python -m bench.bench_core

For each size it builds a database with bench/build_db.py (the seeded 2025 plan copied per commune, padded to
~40 items, with completions and extensions as of 20/10/2025) and times, in-process:

- `tasks list --json` for one commune: clikit.load_items (settings, commune, calendar, build_items, units)
  plus Item.to_json and json.dumps: what the command does after start-up;
- `summary --json` for one commune: the same plus summarize;
- a whole-database summary: build_items + summarize for every commune in one session;
- the real command in a subprocess (`python cli.py --commune C tasks list --json`), start-up included;
- `workdays set` + `unset` of one day, which recomputes every commune's occurrence deadlines;

and prints EXPLAIN QUERY PLAN for every statement `build_items` runs, so a full table scan shows.
Figures are medians; the machine's load shows in them, so read them as orders of magnitude.
"""

from __future__ import annotations

import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from bench.build_db import ROOT, build

AS_OF_DAY = date(2025, 10, 20)


def timed(fn: Callable[[], Any], repeat: int) -> tuple[float, Any]:
    """Median seconds over `repeat` runs, and the last result."""
    times, result = [], None
    for _ in range(repeat):
        t0 = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times), result


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms"


def explain(engine: sa.Engine, commune_id: int) -> list[str]:
    """EXPLAIN QUERY PLAN of each statement build_items issues for one commune."""
    from tracker.db import reading
    from tracker.seed import load_calendar
    from tracker.status import build_items
    from tracker.timeutil import end_of_day

    captured: list[tuple[str, Any]] = []

    def grab(conn: Any, cursor: Any, statement: str, parameters: Any, context: Any, executemany: bool) -> None:
        if statement.lstrip().upper().startswith("SELECT"):
            captured.append((statement, parameters))

    with reading(engine) as s:
        cal = load_calendar(s)
        sa.event.listen(engine, "before_cursor_execute", grab)
        try:
            build_items(s, commune_id, as_of=end_of_day(AS_OF_DAY), calendar=cal)
        finally:
            sa.event.remove(engine, "before_cursor_execute", grab)
    out = []
    raw = engine.raw_connection()
    try:
        cur = raw.cursor()
        for statement, params in captured:
            table = re.search(r"\bFROM\s+(\w+)", statement).group(1)  # type: ignore[union-attr]
            plan = cur.execute("EXPLAIN QUERY PLAN " + statement, params).fetchall()
            detail = "; ".join(row[-1] for row in plan)
            flag = "  <-- full scan" if "SCAN" in detail and "USING" not in detail else ""
            out.append(f"    {table:<11} {detail}{flag}")
    finally:
        raw.close()
    return out


def bench_size(n: int, workdir: Path) -> None:
    from tracker.clikit import Env, load_items
    from tracker.db import get_engine, reading
    from tracker.models import Commune, Unit
    from tracker.seed import load_calendar
    from tracker.status import build_items, summarize
    from tracker.timeutil import end_of_day

    path = workdir / f"core-{n}.db"
    for p in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
        p.unlink(missing_ok=True)
    url = f"sqlite:///{path}"
    stats = build(url, n)
    size = stats.file_bytes or 0
    print(f"\n== {n:,} communes: built in {stats.seconds:.1f} s, {stats.total_rows:,} rows, {size / 1e6:.1f} MB")
    print("   " + ", ".join(f"{k} {v:,}" for k, v in sorted(stats.rows.items())))

    os.environ["TRACKER_DB"] = url
    engine = get_engine(url)
    with reading(engine) as s:
        communes = list(s.exec(sa.select(Commune.id, Commune.code).order_by(Commune.id)).all())  # type: ignore[call-overload]
    cid, code = communes[len(communes) // 2]
    instant = end_of_day(AS_OF_DAY)
    env = Env(code)

    def tasks_list_json() -> int:
        (_, _), items, units = load_items(env, instant)
        return len(json.dumps([it.to_json(units) for it in items], ensure_ascii=False))

    def summary_json() -> int:
        (c, _), items, units = load_items(env, instant)
        per_unit, total = summarize(items, list(units.values()))
        return len(json.dumps({"commune": c.code, "units": [u.to_json() for u in per_unit],
                               "total": total.to_json()}, ensure_ascii=False))

    def whole_database() -> tuple[int, dict[str, int]]:
        with reading(engine) as s:
            cal = load_calendar(s)
            units_by_commune: dict[int, list[Any]] = {}
            for u in s.exec(sa.select(Unit)).scalars():  # type: ignore[call-overload]
                units_by_commune.setdefault(u.commune_id, []).append(u)
            items_count, counts = 0, dict.fromkeys(("in_progress", "overdue", "done_on_time", "done_late"), 0)
            for commune_id, _ in communes:
                items = build_items(s, commune_id, as_of=instant, calendar=cal)
                items_count += len(items)
                _, total = summarize(items, units_by_commune.get(commune_id, []))
                for k in counts:
                    counts[k] += total.counts[k]
        return items_count, counts

    t_list, nbytes = timed(tasks_list_json, 15)
    (_, _), items, _ = load_items(env, instant)
    print(f"   tasks list --json, one commune ({len(items)} items, {nbytes:,} bytes of JSON): {ms(t_list)}")
    t_sum, _ = timed(summary_json, 15)
    print(f"   summary --json, one commune: {ms(t_sum)}")
    t_all, (n_items, counts) = timed(whole_database, 1 if n > 100 else 3)
    print(f"   summary of the whole database ({n_items:,} items, {n:,} communes, build_items per commune): "
          f"{t_all:.2f} s ({ms(t_all / n)} per commune); counts {counts}")

    def cli_run() -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "cli.py", "--commune", code, "tasks", "list", "--as-of",
                               AS_OF_DAY.isoformat(), "--json"], cwd=ROOT, capture_output=True, text=True,
                              env={**os.environ, "TRACKER_DB": url})

    t_cli, res = timed(cli_run, 3)
    assert res.returncode == 0, res.stderr
    print(f"   `python cli.py --commune {code} tasks list --json` in a subprocess (start-up included): {ms(t_cli)}")
    from tracker.domain.workdays import remove_workday_override, set_workday_override

    def swap_day() -> None:
        # A swap moves every commune's occurrence deadlines (tracker workdays set / unset).
        now = end_of_day(AS_OF_DAY)
        set_workday_override(engine, day=date(2025, 11, 17), working=False, note="bench", actor="bench", now=now)
        remove_workday_override(engine, day=date(2025, 11, 17), actor="bench", now=now)

    t_swap, _ = timed(swap_day, 3)
    print(f"   workdays set + unset (recomputes {stats.rows['occurrence']:,} occurrence deadlines): {ms(t_swap)}")
    if n == max(SIZES):
        print("   EXPLAIN QUERY PLAN of build_items' statements:")
        for line in explain(engine, cid):
            print(line)
    engine.dispose()


SIZES = [1, 65, 3321]


def main(argv: list[str]) -> int:
    global SIZES
    if argv:
        SIZES = [int(a) for a in argv]
    workdir = Path(os.environ.get("BENCH_DIR") or tempfile.mkdtemp(prefix="tracker-bench-"))
    workdir.mkdir(parents=True, exist_ok=True)
    print(f"databases in {workdir} (Python {sys.version.split()[0]}, SQLite {sa.__version__ and _sqlite()})")
    for n in SIZES:
        bench_size(n, workdir)
    return 0


def _sqlite() -> str:
    import sqlite3

    return sqlite3.sqlite_version


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
