"""`tracker plan list|show|set-issued|carry-over|close`: the plans a commune holds over the years; `tracker plan
import|check|diff`: from the commune's own plan document to a checked plan file.

The command-line side only (options, help, wording): reading documents is tracker.plans.importer; writing, checking
and comparing plan files tracker.plans.importer.ops; the rest tracker.domain.plans.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from tracker.clikit import (
    Env,
    TrackerCommand,
    TrackerGroup,
    as_of_instant,
    cli_actor,
    date_arg,
    echo_json,
    now,
    pass_env,
)
from tracker.errors import InvalidInput


@click.group("plan", cls=TrackerGroup)
def plan() -> None:
    """Các kế hoạch của xã qua các năm: xem, ghi ngày ban hành, chuyển tiếp, kết thúc.

    \b
    Ví dụ:
      tracker plan list
      tracker plan set-issued cai-cach-tthc-2025 --date 2025-08-12 --number "125/QĐ-UBND"
      tracker plan carry-over cai-cach-tthc-2025 cai-cach-tthc-2026
    """


def _issued_text(p: object, issued: object) -> str:
    from tracker.formatting import fmt_date

    day = getattr(p, "issue_date", None)
    if day is not None:
        return fmt_date(day)
    wording = getattr(p, "issue_date_text", None) or "chưa rõ"
    return f"chưa ghi ({wording}; tính từ {fmt_date(issued)})"  # type: ignore[arg-type]


@plan.command("list")
@click.option("--as-of", "as_of", metavar="NGÀY", help="Số liệu tính đến hết ngày này.")
@click.option("--json", "as_json", is_flag=True, help="In JSON cho máy đọc.")
@pass_env
def plan_list(env: Env, as_of: str | None, as_json: bool) -> None:
    """Danh sách kế hoạch của xã, kế hoạch đang áp dụng được đánh dấu *.

    \b
    Ví dụ:
      tracker plan list
      tracker plan list --as-of 2025-12-31 --json
    """
    from tracker.cliviews import table
    from tracker.db import pk, reading
    from tracker.domain.lookups import plan_in_force
    from tracker.domain.plans import plan_rows

    instant = as_of_instant(as_of)
    with reading(env.engine) as s:
        c, rows = plan_rows(s, env.commune, as_of=instant)
        current = pk(plan_in_force(s, pk(c), instant)) if rows else None
    if as_json:
        echo_json([{"code": r.plan.code, "year": r.plan.year, "title": r.plan.title, "number": r.plan.number,
                    "issue_date": r.plan.issue_date.isoformat() if r.plan.issue_date else None,
                    "issue_date_text": r.plan.issue_date_text, "effective_from": r.issued.isoformat(),
                    "state": r.state, "in_force": pk(r.plan) == current, "tasks": r.tasks, "kpis": r.kpis,
                    "counts": r.counts, "carried_over": r.carried_out} for r in rows])
        return
    click.echo(f"Các kế hoạch của {c.name}:")
    click.echo(table([["*" if pk(r.plan) == current else "", r.plan.code, str(r.plan.year), r.plan.title,
                       _issued_text(r.plan, r.issued), str(r.tasks),
                       "đã kết thúc" if r.state == "closed" else "đang theo dõi"] for r in rows],
                     ["", "Mã", "Năm", "Tên", "Ban hành", "Nhiệm vụ", "Trạng thái"]))


@plan.command("show")
@click.argument("code", required=False)
@click.option("--as-of", "as_of", metavar="NGÀY", help="Số liệu tính đến hết ngày này.")
@pass_env
def plan_show(env: Env, code: str | None, as_of: str | None) -> None:
    """Thông tin một kế hoạch (bỏ trống: kế hoạch đang áp dụng).

    \b
    Ví dụ:
      tracker plan show cai-cach-tthc-2025
    """
    from tracker.db import pk, reading
    from tracker.domain.lookups import resolve_plan
    from tracker.domain.plans import plan_rows
    from tracker.formatting import cap, fmt_date, fmt_percent
    from tracker.status import FOUR_WAY
    from tracker.vocabulary import STATUS_LABELS

    instant = as_of_instant(as_of)
    with reading(env.engine) as s:
        c, rows = plan_rows(s, env.commune, as_of=instant)
        chosen = resolve_plan(s, pk(c), code, instant)
    row = next(r for r in rows if pk(r.plan) == pk(chosen))
    p = row.plan
    click.echo(p.title)
    click.echo(f"  Mã: {p.code} · năm {p.year}")
    click.echo(f"  Cơ quan ban hành: {p.issuer}" + (f" · người ký: {p.signer}" if p.signer else ""))
    click.echo(f"  Số quyết định: {p.number}")
    click.echo(f"  Ngày ban hành: {_issued_text(p, row.issued)}")
    click.echo("  Trạng thái: " + (f"đã kết thúc ngày {fmt_date(p.closed_at.date())}" if p.closed_at
                                    else "đang theo dõi, nhắc việc"))
    click.echo(f"  Nhiệm vụ: {row.tasks} (mỗi đơn vị của nhiệm vụ chung tính một) · chỉ tiêu: {row.kpis}")
    base = sum(row.counts[k] for k in FOUR_WAY)
    click.echo(f"  Tính đến {fmt_date(instant.date())}:")
    for k in FOUR_WAY:
        click.echo(f"    {cap(STATUS_LABELS[k])}: {fmt_percent(row.counts[k], base)}")
    click.echo(f"    {cap(STATUS_LABELS['no_deadline'])}: {row.counts['no_deadline']} (không tính tỷ lệ)")
    if row.carried_out:
        click.echo(f"  Đã chuyển tiếp sang kế hoạch sau: {row.carried_out} nhiệm vụ")


@plan.command("set-issued")
@click.argument("code")
@click.option("--date", "day", required=True, metavar="NGÀY", help="Ngày ban hành (YYYY-MM-DD hoặc DD/MM/YYYY).")
@click.option("--number", metavar="SỐ", help="Số quyết định ban hành, ví dụ «125/QĐ-UBND».")
@pass_env
def plan_set_issued(env: Env, code: str, day: str, number: str | None) -> None:
    """Ghi ngày (và số quyết định) ban hành kế hoạch; các kỳ báo cáo tính lại từ ngày đó.

    \b
    Ví dụ:
      tracker plan set-issued cai-cach-tthc-2025 --date 12/08/2025 --number "125/QĐ-UBND"
    """
    from tracker.domain.lookups import Actor
    from tracker.domain.plans import set_issued
    from tracker.formatting import fmt_date

    p, added, removed = set_issued(env.engine, commune=env.commune, plan=code, day=date_arg(day), number=number,
                                   actor=Actor(cli_actor()), now=now())
    assert p.issue_date is not None
    click.echo(f"Đã ghi kế hoạch {p.code} ban hành ngày {fmt_date(p.issue_date)}, số {p.number}.")
    if added:
        click.echo(f"  Thêm {len(added)} kỳ báo cáo: {', '.join(added)}")
    if removed:
        click.echo(f"  Bỏ {len(removed)} kỳ báo cáo có hạn trước ngày ban hành: {', '.join(removed)}")


@plan.command("carry-over")
@click.argument("source", metavar="KH_CŨ")
@click.argument("target", metavar="KH_MỚI")
@pass_env
def plan_carry_over(env: Env, source: str, target: str) -> None:
    """Chuyển các nhiệm vụ chưa hoàn thành của kế hoạch cũ sang kế hoạch mới (có liên kết về nhiệm vụ gốc).

    Nhiệm vụ gốc vẫn giữ kết quả (quá hạn) trong thống kê của năm cũ.

    \b
    Ví dụ:
      tracker plan carry-over cai-cach-tthc-2025 cai-cach-tthc-2026
    """
    from tracker.domain.lookups import Actor
    from tracker.domain.plans import carry_over

    res = carry_over(env.engine, commune=env.commune, source=source, target=target, actor=Actor(cli_actor()),
                     now=now())
    click.echo(f"Đã chuyển {len(res.carried)} nhiệm vụ chưa hoàn thành từ {res.source.code} sang {res.target.code}.")
    for old, new in res.carried:
        click.echo(f"  {old} → {new}")
    if res.skipped:
        click.echo(f"  Đã chuyển từ trước, bỏ qua: {', '.join(res.skipped)}")
    if res.source.closed_at is None:
        click.echo(f"Kế hoạch {res.source.code} vẫn đang nhắc việc các nhiệm vụ gốc; khi đã chuyển tiếp xong, kết thúc "
                   f"bằng «tracker plan close {res.source.code}».")


@plan.command("close")
@click.argument("code")
@pass_env
def plan_close(env: Env, code: str) -> None:
    """Kết thúc một kế hoạch: dừng nhắc việc, cảnh báo và tổng hợp tuần về nó; số liệu vẫn giữ.

    \b
    Ví dụ:
      tracker plan close cai-cach-tthc-2025
    """
    from tracker.domain.lookups import Actor
    from tracker.domain.plans import close_plan

    p = close_plan(env.engine, commune=env.commune, plan=code, actor=Actor(cli_actor()), now=now())
    click.echo(f"Đã kết thúc kế hoạch {p.code}: không còn nhắc việc về kế hoạch này.")


@plan.command("import", cls=TrackerCommand)
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


@plan.command("check", cls=TrackerCommand)
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


@plan.command("diff", cls=TrackerCommand)
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
