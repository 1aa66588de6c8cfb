"""Start-up cost of the `tracker` command against the libraries it cannot avoid.

    .venv/bin/python bench/bench_startup.py          # 10 rounds
    .venv/bin/python bench/bench_startup.py 20       # more rounds
    .venv/bin/python bench/bench_startup.py --instructions   # also count instructions (valgrind, ~3 min)

The work, each in a fresh process of this venv's Python:

- `tracker tasks list` on a SQLite database made by `tracker init` + `tracker seed` (the 2025 plan in
  seed/plan_tasks.json) in a temporary directory, compared with `python -c "import sqlmodel, click"`;
- `tracker --help`, compared with `python -c "import click"`.

The four commands run one after the other in each round (alternating, so load from other processes on the
machine falls on all of them alike), after one warm-up run of each that fills the OS page cache, the .pyc files
(PYTHONDONTWRITEBYTECODE is unset for the children, as in a user's shell) and tracker's holidays cache (in the
temporary directory, through XDG_CACHE_HOME). It prints the median wall time of each and the two ratios with their
targets (tasks list at most 1.15x, --help at most 1.2x), and the same ratios in CPU time (user + system), which
other processes on a busy machine stretch less than wall time. Timings depend on the machine and its load: compare
ratios measured in one run of this script, not absolute times across machines.

On a shared machine even those ratios move by a tenth from one run to the next. --instructions adds the ratios
of the instructions each command executes (one run each under valgrind's cachegrind, PYTHONHASHSEED=0), which
the load does not change: the figure to compare two versions of the code by.
"""

from __future__ import annotations

import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PLAN = ROOT / "seed" / "plan_tasks.json"
TARGETS = {"tasks list": 1.15, "--help": 1.2}


def tracker_command() -> list[str]:
    """The installed console script next to this Python, as a user runs it."""
    script = Path(sys.executable).with_name("tracker")
    if not script.exists():
        sys.exit(f"{script} not found: install the project into this venv first (pip install -e .)")
    return [str(script)]


def run(argv: list[str], env: dict[str, str], cwd: Path) -> tuple[float, float]:
    """Wall seconds and CPU seconds (user + system) of one run."""
    t0 = time.perf_counter()
    proc = subprocess.Popen(argv, env=env, cwd=cwd, stdout=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - t0
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode:
        raise subprocess.CalledProcessError(proc.returncode, argv)
    return wall, usage.ru_utime + usage.ru_stime


def instructions(argv: list[str], env: dict[str, str], cwd: Path) -> int:
    """Instructions one run executes, counted by valgrind (cachegrind without its cache simulation)."""
    res = subprocess.run(["valgrind", "--tool=cachegrind", "--cache-sim=no", "--cachegrind-out-file=/dev/null", *argv],
                         env={**env, "PYTHONHASHSEED": "0"}, cwd=cwd, check=True, stdout=subprocess.DEVNULL,
                         stderr=subprocess.PIPE, text=True)
    m = re.search(r"I\s+refs:\s+([\d,]+)", res.stderr)
    if not m:
        sys.exit(f"no instruction count in valgrind's output:\n{res.stderr}")
    return int(m.group(1).replace(",", ""))


def main() -> None:
    args = [a for a in sys.argv[1:] if a != "--instructions"]
    count = "--instructions" in sys.argv[1:]
    if count and not shutil.which("valgrind"):
        sys.exit("--instructions needs valgrind (apt-get install valgrind)")
    rounds = int(args[0]) if args else 10
    tracker = tracker_command()
    with tempfile.TemporaryDirectory(prefix="tracker-startup-") as tmp:
        work = Path(tmp)
        env = {**os.environ, "TRACKER_DB": f"sqlite:///{work / 'tracker.db'}", "XDG_CACHE_HOME": str(work / "cache")}
        env.pop("TRACKER_CONFIG", None)
        # As in a user's shell: the warm-up writes tracker's own .pyc files (pip compiled the libraries' already).
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        subprocess.run([*tracker, "init"], env=env, cwd=work, check=True, stdout=subprocess.DEVNULL)
        subprocess.run([*tracker, "seed", str(PLAN)], env=env, cwd=work, check=True, stdout=subprocess.DEVNULL)
        commands = {
            "import sqlmodel, click": [sys.executable, "-c", "import sqlmodel, click"],
            "tracker tasks list": [*tracker, "tasks", "list"],
            "import click": [sys.executable, "-c", "import click"],
            "tracker --help": [*tracker, "--help"],
        }
        times: dict[str, list[tuple[float, float]]] = {name: [] for name in commands}
        for argv in commands.values():
            run(argv, env, work)  # warm-up
        for _ in range(rounds):
            for name, argv in commands.items():
                times[name].append(run(argv, env, work))
        counted = {name: instructions(argv, env, work) for name, argv in commands.items()} if count else {}
    wall = {name: statistics.median(t[0] for t in ts) for name, ts in times.items()}
    cpu = {name: statistics.median(t[1] for t in ts) for name, ts in times.items()}

    print(f"Python {platform.python_version()} ({sys.executable}), {os.cpu_count()} cores, "
          f"load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    print(f"Database: SQLite, `tracker init` + `tracker seed {PLAN.relative_to(ROOT)}`; "
          f"median of {rounds} alternating runs after one warm-up each")
    print(f"  {'':<24} {'wall':>8} {'cpu':>8}")
    for name in commands:
        print(f"  {name:<24} {wall[name] * 1000:5.0f} ms {cpu[name] * 1000:5.0f} ms")
    pairs = {"tasks list": ("tracker tasks list", "import sqlmodel, click"),
             "--help": ("tracker --help", "import click")}
    for name, (ours, theirs) in pairs.items():
        ratio = wall[ours] / wall[theirs]
        verdict = "ok" if ratio <= TARGETS[name] else "OVER"
        print(f"tracker {name}: {ratio:.2f}x wall (target <= {TARGETS[name]:.2f}x) {verdict}; "
              f"{cpu[ours] / cpu[theirs]:.2f}x cpu"
              + (f"; {counted[ours] / counted[theirs]:.2f}x instructions ({counted[ours] / 1e6:.0f} M / "
                 f"{counted[theirs] / 1e6:.0f} M)" if counted else ""))


if __name__ == "__main__":
    main()
