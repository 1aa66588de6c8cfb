"""`tracker plan import`: a commune's plan document (.docx, .pdf with a text layer, .txt, .md) → a draft plan
file in the seed schema, every entry with its "source" and, where the reading is uncertain, a "review" note.

    from tracker.plans.importer import import_document
    result = import_document(Path("ke-hoach.docx"), commune_code=None, commune_name=None, year=None)
    result.plan      # the draft (JSON-ready dict)
    result.summary   # {"tasks": …, "dated": …, "kpis": …, "review": …}

docs/plan-import.md describes what is read and the limits.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tracker.plans.importer.extract import Block, DocumentError, read_blocks
from tracker.plans.importer.parse import (
    _APPENDIX,
    _CAPS_TITLE,
    _STOP,
    Builder,
    NotAPlan,
    _classify,
    _columns,
    build_tree,
    join_lines,
    kpi_list,
    parse_header,
    pdf_tables,
    resolve_every,
    table_items,
    table_sections,
    tasks_from_tree,
)
from tracker.plans.importer.units import DEPARTMENTS, KNOWN

__all__ = ["DocumentError", "ImportResult", "import_document"]


@dataclass
class ImportResult:
    plan: dict[str, Any]
    summary: dict[str, int] = field(default_factory=dict)
    lines_read: int = 0


_UNIT_ORDER = ["VP", "VHXH", "KT", "TTPVHCC", "CA", "BCHQS"]


def _arabic(label: str) -> str:
    if label.isdigit():
        return label
    values = {"I": 1, "V": 5, "X": 10}
    total = 0
    for i, ch in enumerate(label):
        v = values[ch]
        total += -v if i + 1 < len(label) and values[label[i + 1]] > v else v
    return str(total)


def _body_start(blocks: list[Block]) -> int:
    """The plan's body starts at its first "I." section (a decision that issues the plan comes before it and has
    none), else after its "KẾ HOẠCH" title."""
    first_roman = next((i for i, b in enumerate(blocks) if b.cells is None and _classify(b)[0] == "roman"), None)
    if first_roman is not None:
        return first_roman
    titles = [i for i, b in enumerate(blocks) if b.cells is None and _CAPS_TITLE.match(b.text)]
    return titles[-1] + 1 if titles else 0


def import_document(path: Path, *, commune_code: str | None = None, commune_name: str | None = None,
                    year: int | None = None) -> ImportResult:
    raw = read_blocks(path)
    pdf = path.suffix.lower() == ".pdf"
    blocks = join_lines(pdf_tables(raw) if pdf else raw, pdf=pdf)
    start = _body_start(blocks)
    has_title = any(_CAPS_TITLE.match(b.text) for b in blocks[:start + 1] if b.cells is None)
    # A plan has its "KẾ HOẠCH" title, or at least roman sections or a task table; bullets alone (a letter, a
    # README) do not make one.
    romans = sum(1 for b in blocks if b.cells is None and _classify(b)[0] == "roman")
    if not has_title and romans < 2 and not any(_columns([b]) for b in blocks if b.cells):
        raise DocumentError(f"{path.name} không phải văn bản kế hoạch: không thấy tiêu đề «KẾ HOẠCH», các mục đánh "
                            "số (I., 1., a), -) hay bảng nhiệm vụ.", "document.not_a_plan")
    try:
        commune, plan, people, draft = parse_header(blocks, start, commune_name=commune_name, year=year)
    except NotAPlan:
        # The command line adds how to give the year (tracker/commands/hints.py).
        raise DocumentError(f"{path.name}: không xác định được năm của kế hoạch (tiêu đề và ngày ban hành không ghi "
                            "năm).", "document.year_unknown") from None
    if commune_code:
        commune["code"] = commune_code
    if year:
        plan["year"] = year
        draft.year = year
    first_month = 1
    if plan.get("issue_date_text"):
        m = re.search(r"tháng\s+(\d{1,2})", plan["issue_date_text"])
        if m and plan["issue_date_text"].endswith(str(plan["year"])):
            first_month = int(m.group(1))
    builder = Builder(draft, first_month)
    # The body: from the first section to the appendix or the signature; tables anywhere after the title.
    end = len(blocks)
    for i in range(start, len(blocks)):
        b = blocks[i]
        if b.cells is None and (_APPENDIX.match(b.text) or (_STOP.match(b.text) and i > start)):
            end = i
            break
    tree = build_tree(blocks[start:end])
    tasks_from_tree(builder, tree)
    sections = table_sections(tree)
    tables: dict[int, list[Block]] = {}
    for b in blocks[start:]:
        if b.cells is not None and b.table is not None:
            tables.setdefault(b.table, []).append(b)
    kpi_tables = 0
    appendix = ""
    seen: set[int] = set()
    for b in blocks[start:]:
        if b.cells is None:
            m = _APPENDIX.match(b.text)
            if m:
                label = re.search(r"(?:lục|LỤC)\s+(?:số\s+)?([IVX]{1,5}|\d{1,2})\b", b.text)
                appendix = _arabic(label.group(1)) if label else ""
            continue
        if b.table is None or b.table in seen:
            continue
        seen.add(b.table)
        rows = tables[b.table]
        cols = _columns(rows, year=draft.year)
        if cols is None:
            continue
        kpi_tables += cols.kind == "kpis"
        # A task table in the body takes its section's path (III.4.1); under "Phụ lục I" it is PL1.<group>.<STT>,
        # apart from the body's own codes.
        section = sections.get(b.table, "")
        if cols.kind != "tasks":
            prefix = ""
        elif section:
            prefix = f"{section}."
        else:
            prefix = f"PL{appendix}." if appendix else ""
        table_items(builder, rows, cols, section or (f"PL{appendix}" if appendix else "PL"), prefix)
    if not kpi_tables:
        # A KPI appendix written as a list, under "PHỤ LỤC … CHỈ TIÊU …".
        for i in range(end, len(blocks)):
            b = blocks[i]
            if b.cells is None and _APPENDIX.match(b.text):
                region: list[Block] = []
                title = b.text
                for nb in blocks[i + 1:]:
                    if nb.cells is not None or _APPENDIX.match(nb.text) or _STOP.match(nb.text):
                        break
                    if not region and _classify(nb)[0] == "plain" and not re.search(r"\d\s*%", nb.text):
                        title += " " + nb.text
                        continue
                    region.append(nb)
                if re.search(r"CHỈ\s+TIÊU", title, re.I):
                    kpi_list(builder, region)
    if not draft.tasks:
        raise DocumentError(f"{path.name} không có nhiệm vụ nào đọc được: không thấy mục «NHIỆM VỤ», «TỔ CHỨC THỰC "
                            "HIỆN» hay bảng nhiệm vụ (cột «Nội dung», «Thời gian hoàn thành»).",
                            "document.not_a_plan")
    for code in DEPARTMENTS:
        builder.use_unit(code)
    units = [draft.units[c] for c in _UNIT_ORDER if c in draft.units]
    units += [u for c, u in draft.units.items() if c not in KNOWN]
    resolve_every(draft, [u["code"] for u in units])
    out: dict[str, Any] = {"schema_version": 1, "commune": commune, "units": units, "people": people,
                           "plan": plan, "tasks": draft.tasks, "kpis": draft.kpis, "workday_overrides": []}
    review = sum(1 for e in [plan, *units, *draft.tasks, *draft.kpis] if e.get("review"))
    dated = sum(1 for t in draft.tasks if t["deadline"]["kind"] in ("fixed_date", "quarter_end", "year_end",
                                                                      "monthly", "periodic"))
    return ImportResult(out, {"tasks": len(draft.tasks), "dated": dated, "kpis": len(draft.kpis), "review": review},
                        lines_read=len(raw))
