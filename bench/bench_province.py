"""Time the province's roll-up on N communes built by bench/build_db.py (issue 13, point 3).

    .venv/bin/python -m bench.bench_province 65
    .venv/bin/python -m bench.bench_province 3321

Builds a fresh SQLite database of N communes in a temporary folder, then times, in-process: the October 2025
report's data (every commune's monthly report and cumulative summary), the .xlsx, the .docx, and the public pages
(`publish --province`: building every commune's page, then writing DIR/index.html and DIR/<code>/index.html).
"""

from __future__ import annotations

import sys
import tempfile
import time
from datetime import date
from pathlib import Path


def main(argv: list[str]) -> int:
    from bench.build_db import build
    from tracker.db import get_engine, reading
    from tracker.reports.province import (
        build_province_page,
        build_province_report,
        render_province_docx,
        write_province_site,
        write_province_xlsx,
    )
    from tracker.timeutil import end_of_day
    from tracker.workdays import CommuneCalendars

    communes = int(argv[0]) if argv else 65
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        url = f"sqlite:///{folder / 'province.db'}"
        stats = build(url, communes=communes)
        engine = get_engine(url)
        times: dict[str, float] = {}

        def timed(name: str, started: float) -> float:
            now = time.perf_counter()
            times[name] = now - started
            return now

        t = time.perf_counter()
        with reading(engine) as s:
            report = build_province_report(s, "2025-10", calendar=CommuneCalendars(s))
        t = timed("report data", t)
        write_province_xlsx(report, folder / "tong-hop.xlsx")
        t = timed(".xlsx", t)
        render_province_docx(report, folder / "tong-hop.docx")
        t = timed(".docx", t)
        with reading(engine) as s:
            page = build_province_page(s, as_of=end_of_day(date(2025, 10, 20)), calendar=CommuneCalendars(s))
        t = timed("pages built", t)
        write_province_site(page, folder / "site")
        timed("pages written", t)
    print(f"{communes} communes ({stats.total_rows:,} rows built in {stats.seconds:.1f} s), "
          f"{len(report.overdue):,} overdue items: " + ", ".join(f"{k} {v:.2f} s" for k, v in times.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
