"""`tracker plan import|check|diff`: from the commune's own plan document to a checked plan file.

import reads the document (tracker.plans.importer) and writes a draft plan file; check validates a draft and lists
what still needs a person's review; diff says what `tracker seed FILE` would add, change or leave alone in the
database, without changing it. LEAD registers the three in the `plan` group (tracker/commands/plans.py).
"""

from __future__ import annotations

import copy
import json
import os
import tempfile
from pathlib import Path
from typing import Any

import click

from tracker.clikit import TrackerCommand
from tracker.errors import InvalidInput, InvalidPlan


@click.command("import", cls=TrackerCommand)
@click.argument("file", type=click.Path(path_type=Path))
@click.option("--out", "out", required=True, type=click.Path(path_type=Path), metavar="TỆP.json",
              help="Tệp kế hoạch nháp sẽ ghi (JSON, cùng cấu trúc tệp «tracker seed» đọc).")
@click.option("--commune", "commune_code", metavar="MÃ", help="Mã xã (mặc định: từ tên xã, ví dụ cam-hiep).")
@click.option("--commune-name", metavar="TÊN", help="Tên xã (mặc định: đọc từ văn bản, ví dụ «Xã Cam Hiệp»).")
@click.option("--year", type=click.IntRange(2000, 2100), metavar="NĂM",
              help="Năm của kế hoạch (mặc định: năm ghi trong văn bản); dùng cho hạn không ghi năm («trước 30/6»).")
def import_cmd(file: Path, out: Path, commune_code: str | None, commune_name: str | None, year: int | None) -> None:
    """Đọc văn bản kế hoạch (.docx, .pdf có lớp chữ, .txt, .md) thành tệp kế hoạch nháp.

    Mỗi nhiệm vụ, chỉ tiêu ghi kèm nơi lấy trong văn bản («source»); chỗ chưa chắc
    có ghi chú «review» nói lý do. Xem lại, sửa và xóa «review», rồi kiểm tra bằng
    «tracker plan check» và nạp bằng «tracker seed».

    \b
    Ví dụ:
      tracker plan import ke-hoach-cchc-2026.docx --out ke-hoach-2026.json
      tracker plan import ke-hoach.pdf --out nhap.json --commune cam-hiep --year 2026
    """
    from tracker.plans.importer import import_document
    from tracker.seed import parse_plan

    if commune_code is not None:
        import re

        if not re.fullmatch(r"[A-Za-z0-9._-]{1,40}", commune_code):
            raise InvalidInput(f"Mã xã «{commune_code}» không hợp lệ: chỉ chữ không dấu, số, «.», «_», «-».")
    if out.exists() and out.is_dir():
        raise InvalidInput(f"{out} là một thư mục: --out phải là tên tệp (ví dụ {out / 'ke-hoach.json'}).")
    if out.exists() and file.exists() and out.resolve() == file.resolve():
        raise InvalidInput("--out trùng với văn bản đang đọc: hãy ghi bản nháp ra tệp khác.")
    result = import_document(file, commune_code=commune_code, commune_name=commune_name, year=year)
    try:
        parse_plan(copy.deepcopy(result.plan))
    except InvalidPlan as exc:
        raise InvalidPlan(f"Bản nháp đọc từ {file.name} chưa hợp lệ, chưa ghi {out}: {exc.message}") from None
    _write_atomically(out, json.dumps(result.plan, ensure_ascii=False, indent=2) + "\n")
    s = result.summary
    click.echo(f"Đã đọc {file.name}: {s['tasks']} nhiệm vụ ({s['dated']} có hạn tính được), {s['kpis']} chỉ tiêu.")
    click.echo(f"Đã ghi bản nháp: {out}")
    if s["review"]:
        click.echo(f"Còn {s['review']} mục cần xem lại (trường «review»): sửa nếu cần, xóa «review», "
                   f"rồi chạy «tracker plan check {out}».")
    else:
        click.echo(f"Không có mục nào cần xem lại: kiểm tra bằng «tracker plan check {out}».")


def _write_atomically(out: Path, text: str) -> None:
    """A temporary file beside --out, renamed over it: an existing --out is never half written."""
    folder = out.parent if str(out.parent) else Path(".")
    if not folder.is_dir():
        raise InvalidInput(f"Thư mục {folder} không tồn tại: tạo thư mục trước hoặc chọn --out khác.")
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{out.name}.", suffix=".tmp", dir=folder)
    except OSError:
        raise InvalidInput(f"Không ghi được vào thư mục {folder} (không có quyền ghi?).") from None
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
        os.replace(tmp, out)
    except OSError:
        Path(tmp).unlink(missing_ok=True)
        raise InvalidInput(f"Không ghi được tệp {out} (không có quyền ghi hoặc đĩa đầy).") from None


@click.command("check", cls=TrackerCommand)
@click.argument("file", type=click.Path(path_type=Path))
@click.option("--allow-review", is_flag=True, help="Thoát với mã 0 dù còn mục cần xem lại.")
@click.pass_context
def check(ctx: click.Context, file: Path, allow_review: bool) -> None:
    """Kiểm tra tệp kế hoạch (nháp) và liệt kê các mục còn cần xem lại.

    Mã thoát 1 khi tệp sai cấu trúc, hoặc còn mục có «review» (trừ khi có --allow-review).

    \b
    Ví dụ:
      tracker plan check ke-hoach-2026.json
    """
    from tracker.seed import read_plan_file, review_notes

    pf = read_plan_file(file)
    notes = review_notes(pf)
    click.echo(f"Tệp {file.name} đúng cấu trúc: {len(pf.tasks)} nhiệm vụ, {len(pf.kpis)} chỉ tiêu, "
               f"{len(pf.units)} đơn vị (kế hoạch {pf.plan.code}, xã {pf.commune.code}).")
    if not notes:
        click.echo(f"Không còn mục nào cần xem lại: nạp bằng «tracker seed {file}».")
        return
    click.echo(f"Còn {len(notes)} mục cần xem lại (trường «review»):")
    for note in notes:
        click.echo(f"  - {note}")
    if allow_review:
        click.echo(f"(--allow-review: vẫn có thể nạp bằng «tracker seed {file} --allow-review».)")
        return
    click.echo("Sửa từng mục nếu cần, xóa «review», rồi kiểm tra lại.")
    ctx.exit(1)


_KINDS = [("communes", "xã"), ("units", "đơn vị"), ("plans", "kế hoạch"), ("tasks", "nhiệm vụ"),
          ("kpis", "chỉ tiêu")]
_SKIP = {"id", "seq", "commune_id", "plan_id", "created_at", "updated_at"}


def _snapshot(s: Any, commune_code: str, plan_code: str) -> dict[tuple[str, str], dict[str, Any]]:
    from sqlmodel import select

    from tracker.models import Commune, Kpi, Plan, Task, Unit

    out: dict[tuple[str, str], dict[str, Any]] = {}
    commune = s.exec(select(Commune).where(Commune.code == commune_code)).first()
    if commune is None:
        return out
    out[("communes", commune.code)] = _row(commune)
    units = s.exec(select(Unit).where(Unit.commune_id == commune.id)).all()
    codes = {u.id: u.code for u in units}
    for u in units:
        out[("units", u.code)] = _row(u)
    plan = s.exec(select(Plan).where(Plan.commune_id == commune.id, Plan.code == plan_code)).first()
    if plan is None:
        return out
    out[("plans", plan.code)] = _row(plan)
    for t in s.exec(select(Task).where(Task.plan_id == plan.id)).all():
        out[("tasks", t.code)] = _row(t, codes)
    for k in s.exec(select(Kpi).where(Kpi.plan_id == plan.id)).all():
        out[("kpis", k.code)] = _row(k, codes)
    return out


def _row(obj: Any, unit_codes: dict[Any, str] | None = None) -> dict[str, Any]:
    values = copy.deepcopy({k: v for k, v in obj.model_dump().items() if k not in _SKIP})
    for key, value in list(values.items()):
        if unit_codes is None:
            continue
        if key.endswith("unit_id") and value is not None:
            values[key] = unit_codes.get(value, value)
        elif key.endswith("unit_ids") and isinstance(value, list):
            values[key] = [unit_codes.get(v, v) for v in value]
    return values


def _show(value: Any) -> str:
    text = "—" if value is None or value == [] else str(value)
    text = " ".join(text.split())
    return text if len(text) <= 60 else text[:59] + "…"


@click.command("diff", cls=TrackerCommand)
@click.argument("file", type=click.Path(path_type=Path))
def diff(file: Path) -> None:
    """So sánh tệp kế hoạch với cơ sở dữ liệu: «tracker seed» sẽ thêm, sửa, giữ nguyên những gì.

    Không ghi gì vào cơ sở dữ liệu. Nhiệm vụ chung của nhiều đơn vị so theo từng
    phần việc («MÃ/ĐƠN VỊ»), như «tracker seed» nạp.

    \b
    Ví dụ:
      tracker plan diff ke-hoach-2026.json
    """
    from sqlmodel import Session

    from tracker.clikit import cli_actor, now
    from tracker.db import get_engine
    from tracker.migrations import HEAD, current_revisions
    from tracker.seed import _apply, read_plan_file, review_notes

    pf = read_plan_file(file)
    engine = get_engine()
    with engine.connect() as conn:
        revisions = current_revisions(conn)
    if revisions != [HEAD]:
        raise InvalidInput("Cơ sở dữ liệu chưa được khởi tạo hoặc chưa nâng cấp: chạy «tracker init» trước "
                           "(«tracker plan diff» không thay đổi cơ sở dữ liệu).")
    with Session(engine, expire_on_commit=False) as s:
        s.begin()
        try:
            before = _snapshot(s, pf.commune.code, pf.plan.code)
            # What `tracker seed` does, in a transaction that is always rolled back: the same matching by codes
            # (commune, plan, task codes with shared items "CODE/UNIT", KPI codes) without a second copy of it.
            res = _apply(s, pf, now=now(), actor=cli_actor())
            s.flush()
            after = _snapshot(s, pf.commune.code, pf.plan.code)
        finally:
            s.rollback()
    added = [key for key in after if key not in before]
    changed = [(key, {f: (before[key].get(f), v) for f, v in after[key].items() if before[key].get(f) != v})
               for key in after if key in before and after[key] != before[key]]
    unchanged = [key for key in after if key in before and after[key] == before[key]]
    names = dict(_KINDS)

    def count(keys: list[tuple[str, str]]) -> str:
        parts = []
        for kind, name in _KINDS:
            n = sum(1 for k in keys if k[0] == kind)
            if n:
                parts.append(f"{n} {name}")
        return ", ".join(parts) or "không có"

    click.echo(f"«tracker seed {file}» sẽ (so với cơ sở dữ liệu hiện tại):")
    click.echo(f"  Thêm mới: {count(added)}")
    click.echo(f"  Thay đổi: {count([k for k, _ in changed])}")
    click.echo(f"  Giữ nguyên: {count(unchanged)}")
    occurrences = res.created.get("occurrences", 0)
    if occurrences:
        click.echo(f"  Kỳ báo cáo mới: {occurrences}")
    if res.kept:
        click.echo(f"  Không còn trong tệp (vẫn giữ): {', '.join(res.kept)}")
    for kind, code in added:
        click.echo(f"  + {names[kind]} {code}")
    for (kind, code), fields in changed:
        click.echo(f"  ~ {names[kind]} {code}: " + "; ".join(f"{f}: {_show(old)} → {_show(new)}"
                                                           for f, (old, new) in fields.items()))
    notes = review_notes(pf)
    if notes:
        click.echo(f"Tệp còn {len(notes)} mục cần xem lại: «tracker seed» chỉ nạp khi đã xem lại hết "
                   "(hoặc với --allow-review).")
    click.echo("Chưa có gì được ghi vào cơ sở dữ liệu.")
