"""`tracker plan import|check|diff`: from the commune's own plan document to a checked plan file.

The command-line side only (options, help, wording); reading documents is tracker.plans.importer, writing, checking
and comparing plan files tracker.plans.importer.ops. The three commands are written to move as they are into the
`plan` group's module (tracker/commands/plans.py, `@plan.command(...)` for `@click.command(...)`).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from tracker.clikit import TrackerCommand
from tracker.errors import InvalidInput


@click.command("import", cls=TrackerCommand)
@click.argument("file", type=click.Path(path_type=Path))
@click.option("--out", "out", required=True, type=click.Path(path_type=Path), metavar="TỆP.json",
              help="Tệp kế hoạch nháp sẽ ghi (JSON, cùng cấu trúc tệp «tracker seed» đọc).")
@click.option("--commune", "commune_code", metavar="MÃ", help="Mã xã (mặc định: từ tên xã, ví dụ cam-hiep).")
@click.option("--commune-name", metavar="TÊN", help="Tên xã (mặc định: đọc từ văn bản, ví dụ «Xã Cam Hiệp»).")
@click.option("--year", type=click.IntRange(2000, 2100), metavar="NĂM",
              help="Năm của kế hoạch (mặc định: năm ghi ở tiêu đề, rồi ở ngày ban hành); dùng cho hạn không ghi năm.")
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
    import re

    from tracker.plans.importer import import_document
    from tracker.plans.importer.ops import write_draft

    if commune_code is not None and not re.fullmatch(r"[A-Za-z0-9._-]{1,40}", commune_code):
        raise InvalidInput(f"Mã xã «{commune_code}» không hợp lệ: chỉ chữ không dấu, số, «.», «_», «-».")
    if out.exists() and out.is_dir():
        raise InvalidInput(f"{out} là một thư mục: --out phải là tên tệp (ví dụ {out / 'ke-hoach.json'}).")
    if out.exists() and file.exists() and out.resolve() == file.resolve():
        raise InvalidInput("--out trùng với văn bản đang đọc: hãy ghi bản nháp ra tệp khác.")
    result = import_document(file, commune_code=commune_code, commune_name=commune_name, year=year)
    write_draft(result.plan, file.name, out)
    s = result.summary
    click.echo(f"Đã đọc {file.name}: {s['tasks']} nhiệm vụ ({s['dated']} có hạn tính được), {s['kpis']} chỉ tiêu.")
    click.echo(f"Đã ghi bản nháp: {out}")
    if s["review"]:
        click.echo(f"Còn {s['review']} mục cần xem lại (trường «review»): sửa nếu cần, xóa «review», "
                   f"rồi chạy «tracker plan check {out}».")
    else:
        click.echo(f"Không có mục nào cần xem lại: kiểm tra bằng «tracker plan check {out}».")


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
    from tracker.clikit import cli_actor, now
    from tracker.db import get_engine
    from tracker.plans.importer.ops import KINDS, diff_plan_file
    from tracker.seed import read_plan_file, review_notes

    d = diff_plan_file(get_engine(), file, now=now(), actor=cli_actor())
    names = dict(KINDS)

    def count(keys: list[tuple[str, str]]) -> str:
        parts = [f"{n} {name}" for kind, name in KINDS if (n := sum(1 for k in keys if k[0] == kind))]
        return ", ".join(parts) or "không có"

    click.echo(f"«tracker seed {file}» sẽ (so với cơ sở dữ liệu hiện tại):")
    click.echo(f"  Thêm mới: {count(d.added)}")
    click.echo(f"  Thay đổi: {count([k for k, _ in d.changed])}")
    click.echo(f"  Giữ nguyên: {count(d.unchanged)}")
    if d.new_occurrences:
        click.echo(f"  Kỳ báo cáo mới: {d.new_occurrences}")
    if d.kept:
        click.echo(f"  Không còn trong tệp (vẫn giữ): {', '.join(d.kept)}")
    for kind, code in d.added:
        click.echo(f"  + {names[kind]} {code}")
    for (kind, code), fields in d.changed:
        click.echo(f"  ~ {names[kind]} {code}: " + "; ".join(f"{f}: {_show(old)} → {_show(new)}"
                                                           for f, (old, new) in fields.items()))
    notes = review_notes(read_plan_file(file))
    if notes:
        click.echo(f"Tệp còn {len(notes)} mục cần xem lại: «tracker seed» chỉ nạp khi đã xem lại hết "
                   "(hoặc với --allow-review).")
    click.echo("Chưa có gì được ghi vào cơ sở dữ liệu.")
