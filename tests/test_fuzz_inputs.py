"""Property: whatever a plan file or a KPI CSV holds, loading it ends in success or a clear error (TrackerError,
one line per problem, nothing raw from the file echoed), never an unexpected exception and never a partial
change; after a success every view of the commune still works.

Inputs are the real seed/plan_tasks.json and a real CSV, mutated structurally (keys dropped, values of the wrong
type, huge or odd numbers, odd strings and dates) rather than random bytes, fed to the functions the CLI calls,
on a real SQLite file that already holds results (so re-seeding paths run too). Deterministic by default;
TRACKER_FUZZ_EXAMPLES=2000 explores more (and randomly) on a developer's machine.
"""

from __future__ import annotations

import copy
import json
import os
import shutil
import unicodedata
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlmodel import Session, select

from tests.factories import SEED, db_dump
from tracker.timeutil import VN

pytestmark = pytest.mark.slow  # hypothesis mutates plan files and KPI sheets

EXAMPLES = int(os.environ.get("TRACKER_FUZZ_EXAMPLES", "40"))
FUZZ = settings(max_examples=EXAMPLES, deadline=None, derandomize="TRACKER_FUZZ_EXAMPLES" not in os.environ,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture,
                                       HealthCheck.data_too_large], database=None)
NOW = datetime(2025, 10, 2, 10, 0, tzinfo=VN)
BASE_PLAN: dict[str, Any] = json.loads(SEED.read_text(encoding="utf-8"))
KPI_CODES = [k["code"] for k in BASE_PLAN["kpis"]]


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A seeded database with history: a monthly period done, an extension, an officer's override."""
    from cli import cli
    from tracker.db import get_engine

    folder = tmp_path_factory.mktemp("fuzz-template")
    path = folder / "tracker.db"
    url = f"sqlite:///{path}"
    env = {"TRACKER_DB": url, "TRACKER_CONFIG": ""}
    for args in (["init"], ["seed"],
                 ["tasks", "done", "III.2.1", "--period", "2025-09", "--at", "2025-09-16 08:00"],
                 ["tasks", "done", "II.2.b.2", "--at", "2025-09-20 08:00"],
                 ["tasks", "extend", "II.2.b.1", "--to", "2025-10-15", "--reason", "Chờ phần mềm"],
                 ["workdays", "set", "2025-09-15", "--off", "--note", "Nghỉ bù"],
                 ["kpi", "record", "I.2", "--period", "2025-08", "--value", "55"]):
        res = CliRunner().invoke(cli, args, env=env, catch_exceptions=False)
        assert res.exit_code == 0, (args, res.output)
    get_engine(url).dispose()
    yield path


class Copy:
    """A fresh copy of the template per example: an engine on its own file, disposed after use."""

    count = 0

    def __init__(self, template: Path) -> None:
        Copy.count += 1
        self.path = template.parent / f"example-{Copy.count}.db"
        shutil.copyfile(template, self.path)
        self.url = f"sqlite:///{self.path}"

    def __enter__(self) -> Any:
        from tracker.db import get_engine

        self.engine = get_engine(self.url)  # the CLI's engine: WAL, busy timeout, foreign keys on
        return self

    def __exit__(self, *exc: Any) -> None:
        self.engine.dispose()
        for suffix in ("", "-wal", "-shm"):
            Path(f"{self.path}{suffix}").unlink(missing_ok=True)


def assert_clear(message: str) -> None:
    """One line per problem, and nothing from the file that could act on a terminal."""
    assert message.strip(), "empty error message"
    assert not any(unicodedata.category(ch) == "Cc" and ch != "\n" for ch in message), repr(message)
    assert "Error" not in message and "Traceback" not in message, message


# ---------------------------------------------------------------- plan files

ODD_TEXT = st.sampled_from([
    "", " ", "\x00", "a\x00b", "\x1b]0;pwned\x07", "dòng\nhai", "\u202eabc", "\ufeff", "x" * 2_000, "٢٠٢٥",
    "9999-12-31", "0001-01-01", "2025-02-29", "2024-02-29", "2025-13", "0000-01", "1000-01", "9999-12",
    "2100-12", "2000-01", "2025-08", "monthly", "fixed_date", "yes", "true", "1", "1e309", "NaN", "null",
    "VP", "KT", "I.1", "II.1.b.4", "a@b.c", "not an address", "head", "{", "]",
])
ODD_NUMBER = st.one_of(
    st.sampled_from([0, 1, -1, 4, 5, 30, 31, 60, 61, 100, 101, 1999, 2000, 2100, 2101, 9999, 2**52, 2**63, 2**70,
                     -2**63, 10**30, 0.5, -0.0, 1e308, 150.0]),
    st.integers(min_value=-2**80, max_value=2**80),
    st.floats(allow_nan=False, allow_infinity=False),
)
ODD_DATE = st.dates(min_value=date(1, 1, 1), max_value=date(9999, 12, 31)).map(date.isoformat)
ODD_PERIOD = st.builds(lambda y, m: f"{y:04d}-{m:02d}", st.integers(0, 9999), st.integers(0, 13))
LEAF = st.one_of(st.none(), st.booleans(), ODD_NUMBER, ODD_TEXT, ODD_DATE, ODD_PERIOD,
                 st.text(max_size=20))
ODD_VALUE = st.one_of(LEAF, st.lists(LEAF, max_size=3), st.dictionaries(st.sampled_from(["code", "kind", "x"]),
                                                                       LEAF, max_size=2))


def paths(node: Any, prefix: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    yield prefix
    if isinstance(node, dict):
        for key, value in node.items():
            yield from paths(value, (*prefix, key))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from paths(value, (*prefix, i))


ALL_PATHS = [p for p in paths(BASE_PLAN) if p]


def at(doc: Any, path: tuple[Any, ...]) -> Any:
    for key in path:
        doc = doc[key]
    return doc


def mutate(doc: Any, path: tuple[Any, ...], how: str, value: Any) -> None:
    try:
        parent, key = at(doc, path[:-1]), path[-1]
        parent[key]  # an earlier mutation may have removed or retyped this path
    except (KeyError, IndexError, TypeError):
        return
    if how == "drop":
        del parent[key]
    elif how == "replace":
        parent[key] = value
    elif how == "duplicate" and isinstance(parent, list):
        parent.insert(key, copy.deepcopy(parent[key]))
    elif how == "extra" and isinstance(parent[key], dict):
        parent[key]["khong_co"] = value
    elif how == "empty":
        parent[key] = type(parent[key])() if isinstance(parent[key], list | dict | str) else None
    elif how == "wrap":
        parent[key] = [parent[key]]


MUTATION = st.tuples(st.sampled_from(ALL_PATHS), st.sampled_from(["drop", "replace", "replace", "replace",
                                                                   "duplicate", "extra", "empty", "wrap"]),
                     ODD_VALUE)


@st.composite
def plan_files(draw: st.DrawFn) -> str:
    doc = copy.deepcopy(BASE_PLAN)
    for path, how, value in draw(st.lists(MUTATION, min_size=1, max_size=3)):
        mutate(doc, path, how, value)
    text = json.dumps(doc, ensure_ascii=draw(st.booleans()))
    return draw(st.sampled_from(["", "", "", "\ufeff"])) + text


def check_views(engine: Any) -> None:
    """What `tasks list`, `summary` and the public page compute, for every commune."""
    from tracker.db import pk
    from tracker.models import Commune, Unit
    from tracker.seed import load_calendar
    from tracker.status import build_items, summarize

    with Session(engine) as s:
        cal = load_calendar(s)
        for c in s.exec(select(Commune)).all():
            for as_of in (NOW, datetime(2100, 12, 31, 12, 0, tzinfo=VN)):
                items = build_items(s, pk(c), as_of=as_of, calendar=cal, due_soon_days=7, include_future=True)
                summarize(items, s.exec(select(Unit).where(Unit.commune_id == c.id)).all())


@FUZZ
@given(text=plan_files())
def test_a_mutated_plan_file_is_loaded_or_refused_clearly_and_never_half_loaded(template, tmp_path, text):
    from tracker.errors import TrackerError
    from tracker.seed import seed

    path = tmp_path / "plan.json"
    path.write_text(text, encoding="utf-8")
    with Copy(template) as db:
        before = db_dump(db.url)
        try:
            seed(db.engine, path, now=NOW, actor="fuzz")
        except TrackerError as exc:
            assert_clear(exc.message)
            assert "\n" not in exc.message, exc.message
            assert db_dump(db.url) == before
        else:
            check_views(db.engine)


# ---------------------------------------------------------------- KPI CSV

CELL = st.one_of(
    st.sampled_from(["", " ", "64.5", "64,5", "100", "0", "-1", "101", "1e309", "nan", "inf", "-0", "9" * 400,
                     "1.000,5", "٣", "0x10", "²", "\x00", "\x1b[2J", "Cổng DVC", "a;b", 'a"b', '"', "\n"]),
    ODD_PERIOD, ODD_DATE, st.sampled_from(KPI_CODES), st.text(max_size=12),
)
HEADER = st.one_of(
    st.just(["code", "period", "value", "numerator", "denominator", "source"]),
    st.permutations(["code", "period", "value", "source"]).map(list),
    st.lists(st.sampled_from(["code", "period", "value", "numerator", "denominator", "source", "CODE", "x", ""]),
             min_size=1, max_size=6),
)


@st.composite
def csv_files(draw: st.DrawFn) -> str:
    header = draw(HEADER)
    sep = draw(st.sampled_from([",", ";"]))
    rows = []
    for _ in range(draw(st.integers(0, 6))):
        good = {"code": draw(st.sampled_from(KPI_CODES)), "period": draw(st.sampled_from(["2025-08", "2025-09"])),
                "value": draw(st.sampled_from(["50", "64,5" if sep == ";" else "64.5", ""])),
                "numerator": "", "denominator": "", "source": "Khảo sát"}
        cells = [good.get(h.lower(), "") for h in header]
        for _ in range(draw(st.integers(0, 2))):  # a few odd cells per row
            if cells:
                cells[draw(st.integers(0, len(cells) - 1))] = draw(CELL)
        if draw(st.integers(0, 9)) == 0:
            cells.append(draw(CELL))
        rows.append(sep.join(f'"{c}"' if (sep in c or '"' in c) and draw(st.booleans()) else c for c in cells))
    text = "\n".join([sep.join(header), *rows]) + draw(st.sampled_from(["\n", "", "\r\n"]))
    tail = draw(st.sampled_from(["", "", "", "", '"', '"' + "x" * 140_000]))  # an unclosed quote, a huge field
    return draw(st.sampled_from(["", "", "\ufeff"])) + text + tail


@FUZZ
@given(text=csv_files())
def test_a_mutated_kpi_csv_is_imported_whole_or_refused_clearly_and_never_in_part(template, tmp_path, text):
    from tracker.errors import TrackerError
    from tracker.models import KpiReading
    from tracker.reports.kpi_import import import_kpi_csv

    path = tmp_path / "so-lieu.csv"
    path.write_text(text, encoding="utf-8", newline="")
    with Copy(template) as db:
        before = db_dump(db.url)
        try:
            res = import_kpi_csv(db.engine, path, commune=None, actor="fuzz", now=NOW)
        except TrackerError as exc:
            assert_clear(exc.message)
            assert len(exc.message.splitlines()) <= 2 + text.count("\n"), exc.message  # one line per problem
            assert db_dump(db.url) == before
        else:
            with Session(db.engine) as s:
                readings = s.exec(select(KpiReading)).all()
            assert res.rows >= 1
            assert all(0 <= r.value <= 100 and "2000-01" <= r.period <= "2100-12" for r in readings)
