"""Load KPI readings from a CSV file: every row valid, or nothing imported.

Columns: code,period,value[,numerator,denominator,source]; UTF-8 (a BOM is fine),
a header line, "," or ";" as the delimiter. With ";" a decimal comma is allowed
("64,5"). Every bad row is reported with its line number and the reason.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy import Engine
from sqlmodel import col, select

from tracker.db import pk, transaction
from tracker.domain.kpis import record_kpi_in, validate_reading
from tracker.domain.lookups import resolve_commune
from tracker.errors import InvalidInput, TrackerError
from tracker.formatting import fmt_number
from tracker.models import Kpi, KpiReading
from tracker.timeutil import parse_period
from tracker.usertext import is_control, quoted

REQUIRED = ("code", "period", "value")
OPTIONAL = ("numerator", "denominator", "source")
_OPTION_HINT = re.compile(r"\s*\(--[a-z-]+\)")


class ImportRejected(InvalidInput):
    """One or more rows are bad; `errors` lists them, nothing was written."""

    def __init__(self, errors: list[str]) -> None:
        head = f"Không nhập gì cả: {len(errors)} lỗi trong tệp."
        super().__init__("\n".join([head, *errors]))
        self.errors = errors


@dataclass(frozen=True)
class Row:
    line: int
    code: str
    period: str
    value: float | None
    numerator: float | None
    denominator: float | None
    source: str | None


def _number(text: str, decimal_comma: bool, what: str) -> float | None:
    t = text.strip().replace("\u00a0", "").replace(" ", "")
    if not t:
        return None
    if decimal_comma:
        t = t.replace(".", "").replace(",", ".") if "," in t else t
    try:
        v = float(t)
    except ValueError:
        raise InvalidInput(f"{what} «{text.strip()}» không phải là số") from None
    if v != v or v in (float("inf"), float("-inf")):
        raise InvalidInput(f"{what} «{text.strip()}» không phải là số")
    return v


# A cell is a code, a period or a number: 40 characters is plenty, and a message quoting it stays short.
# The source is free text, held to the rule of `kpi record --source` (one line, 700 characters).
CELL_MAX = 40
SOURCE_MAX = 700


def _check_cell(name: str, value: str) -> None:
    """Control characters (NUL is refused by PostgreSQL; ESC rewrites the terminal of whoever reads an error
    quoting the cell) and overlong cells are refused before anything quotes the cell."""
    bad = next((ch for ch in value if is_control(ch)), None)
    if bad is not None:
        raise InvalidInput(f"cột {name} chứa ký tự điều khiển (U+{ord(bad):04X})")
    limit = SOURCE_MAX if name == "source" else CELL_MAX
    if len(value) > limit:
        raise InvalidInput(f"cột {name} dài {fmt_number(len(value))} ký tự, tối đa {fmt_number(limit)}")


def _bad_csv(exc: csv.Error, line: int) -> str:
    if "field larger than field limit" in str(exc):
        return (f"Dòng {line}: có ô dài quá {fmt_number(csv.field_size_limit())} ký tự (thường do thiếu dấu ngoặc "
                "kép đóng); không đọc tiếp được.")
    return f"Dòng {line}: dòng CSV không hợp lệ; không đọc tiếp được."


def parse_csv(text: str) -> tuple[list[Row], list[str]]:
    """Rows that parse, and one Vietnamese error per bad line (header is line 1)."""
    text = text.lstrip("\ufeff")
    lines = text.splitlines()
    if not lines or not lines[0].strip():
        return [], ["Dòng 1: thiếu dòng tiêu đề (code,period,value[,numerator,denominator,source])."]
    delimiter = ";" if lines[0].count(";") > lines[0].count(",") else ","
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    try:
        header = [h.strip().lower() for h in next(reader)]
    except csv.Error as exc:
        return [], [_bad_csv(exc, 1)]
    missing = [c for c in REQUIRED if c not in header]
    unknown = [h for h in header if h not in REQUIRED + OPTIONAL]
    if missing or unknown:
        why = []
        if missing:
            why.append("thiếu cột " + ", ".join(missing))
        if unknown:
            why.append("cột không hỗ trợ " + ", ".join(quoted(h, CELL_MAX) for h in unknown))
        return [], [f"Dòng 1: tiêu đề không hợp lệ ({'; '.join(why)}). "
                    "Cần: code,period,value[,numerator,denominator,source]."]
    idx = {h: i for i, h in enumerate(header)}
    rows: list[Row] = []
    errors: list[str] = []
    while True:
        started = reader.line_num + 1
        try:
            record = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            # The reader cannot resynchronise after a malformed record: report it and stop.
            errors.append(_bad_csv(exc, started))
            break
        line = reader.line_num
        if not any(cell.strip() for cell in record):
            continue
        if len(record) > len(header):
            errors.append(f"Dòng {line}: có {len(record)} cột, nhiều hơn tiêu đề ({len(header)} cột).")
            continue

        def cell(name: str, record: list[str] = record) -> str:
            i = idx.get(name)
            return record[i].strip() if i is not None and i < len(record) else ""

        try:
            for name in header:
                _check_cell(name, cell(name))
            code = cell("code")
            if not code:
                raise InvalidInput("thiếu mã chỉ tiêu")
            period = parse_period(cell("period")) if cell("period") else None
            if period is None:
                raise InvalidInput("thiếu kỳ (YYYY-MM)")
            comma = delimiter == ";"
            rows.append(Row(line, code, period, _number(cell("value"), comma, "Giá trị"),
                            _number(cell("numerator"), comma, "Tử số"),
                            _number(cell("denominator"), comma, "Mẫu số"), cell("source") or None))
        except TrackerError as exc:
            errors.append(f"Dòng {line}: {_reason(exc.message)}")
    if not rows and not errors:
        errors.append("Tệp không có dòng số liệu nào.")
    return rows, errors


def _reason(message: str) -> str:
    message = _OPTION_HINT.sub("", message).rstrip(".")
    return message[:1].lower() + message[1:] + "." if message else message


@dataclass
class ImportResult:
    created: int
    updated: int
    rows: int


def import_kpi_csv(engine: Engine, path: Path, *, commune: str | None, actor: str, now: datetime) -> ImportResult:
    """Validate every row, then record them all in one transaction (each reading audited)."""
    try:
        text = path.read_bytes().decode("utf-8")
    except FileNotFoundError:
        raise InvalidInput(f"Không tìm thấy tệp «{path}».") from None
    except UnicodeDecodeError:
        raise InvalidInput(f"Tệp «{path}» không phải UTF-8. Hãy lưu lại dưới dạng CSV UTF-8.") from None
    except IsADirectoryError:
        raise InvalidInput(f"«{path}» là một thư mục, không phải tệp CSV.") from None
    except OSError as exc:
        why = "không có quyền đọc" if isinstance(exc, PermissionError) else "lỗi hệ thống tệp"
        raise InvalidInput(f"Không đọc được tệp «{path}» ({why}).") from None
    rows, errors = parse_csv(text)
    with transaction(engine) as s:
        c = resolve_commune(s, commune)
        kpis = {k.code: k for k in s.exec(select(Kpi).where(Kpi.commune_id == c.id)).all()}
        seen: dict[tuple[str, str], int] = {}
        values: dict[int, float] = {}
        for r in rows:
            problems = []
            if r.code not in kpis:
                problems.append(f"không có chỉ tiêu mã «{r.code}» (các mã: {', '.join(kpis)})")
            first = seen.setdefault((r.code, r.period), r.line)
            if first != r.line:
                problems.append(f"trùng chỉ tiêu {r.code} kỳ {r.period} với dòng {first}")
            try:
                values[r.line] = validate_reading(r.value, r.numerator, r.denominator)
            except TrackerError as exc:
                problems.append(_reason(exc.message).rstrip("."))
            if problems:
                errors.append(f"Dòng {r.line}: " + "; ".join(problems) + ".")
        if errors:
            errors.sort(key=lambda e: int(m.group(1)) if (m := re.match(r"Dòng (\d+)", e)) else 0)
            raise ImportRejected(errors)
        existing = {(rd.kpi_id, rd.period) for rd in s.exec(
            select(KpiReading).where(col(KpiReading.kpi_id).in_([pk(k) for k in kpis.values()]))).all()}
        created = 0
        for r in rows:
            record_kpi_in(s, c, code=r.code, period=r.period, value=values[r.line], numerator=r.numerator,
                          denominator=r.denominator, source=r.source, actor=actor, channel="import", now=now)
            created += (kpis[r.code].id, r.period) not in existing
        return ImportResult(created, len(rows) - created, len(rows))
