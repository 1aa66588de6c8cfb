"""The commands outside any group: `tracker init`, `seed`, `log`, `summary` (setting up a database and
reading its plan as a whole).

Heavy libraries (sqlmodel, the plan-file schema) load inside the commands (start-up time).
"""

from __future__ import annotations

from pathlib import Path

import click

from tracker.clikit import (
    Env,
    TrackerCommand,
    as_of_instant,
    cli_actor,
    echo_json,
    now,
    pass_env,
    plan_option,
)


@click.command("init", cls=TrackerCommand)
@pass_env
def init(env: Env) -> None:
    """Tạo hoặc nâng cấp cơ sở dữ liệu (an toàn khi chạy lại).

    Cơ sở dữ liệu đã có (kể cả do bản cũ tạo ra) được nâng cấp lên cấu trúc mới nhất
    mà không mất dữ liệu. Cơ sở dữ liệu do bản tracker mới hơn tạo ra thì không bị
    đụng tới (mã thoát 78).

    \b
    Ví dụ:
      TRACKER_DB=sqlite:////var/lib/tracker/tracker.db tracker init
    """
    from tracker.db import database_url
    from tracker.migrations import migrate
    from tracker.urls import masked_url

    migrate(env.engine)
    click.echo(f"Đã khởi tạo cơ sở dữ liệu: {masked_url(database_url())}")


@click.command("seed", cls=TrackerCommand)
@click.argument("file", required=False, type=click.Path(path_type=Path))
@click.option("--allow-review", is_flag=True,
              help="Nạp cả bản nháp còn mục cần xem lại (trường «review», từ «tracker plan import»).")
@click.option("--commune", "target", metavar="MÃ_XÃ",
              help="Nạp vào xã này (đã thêm bằng «tracker commune add»); phần «commune» của tệp bị bỏ qua.")
@pass_env
def seed(env: Env, file: Path | None, allow_review: bool, target: str | None) -> None:
    """Nạp kế hoạch từ tệp JSON (không nêu tệp: Kế hoạch cải cách TTHC 2025 đi kèm chương trình).

    Chạy lại nhiều lần không tạo trùng; tệp đã sửa sẽ cập nhật tiêu đề và thời hạn
    nhưng không xóa kết quả hoàn thành, gia hạn hay lịch sử.

    Với --commune MÃ_XÃ, cùng một tệp (hoặc tệp nhập từ văn bản của xã) được nạp vào
    xã đó, với đơn vị, người, Chủ tịch và kế hoạch riêng của xã; mã và tên xã ghi trong
    tệp bị bỏ qua; ngày điều chỉnh (làm bù, nghỉ bù) trong tệp thành điều chỉnh riêng
    của xã đó. Nạp vào chính xã ghi trong tệp: ngày điều chỉnh áp dụng cho mọi xã.

    \b
    Ví dụ:
      tracker seed
      tracker seed ke-hoach-2026.json
      tracker seed ke-hoach-2025.json --commune dien-lam
    """
    from contextlib import nullcontext

    from tracker.errors import InvalidInput
    from tracker.formatting import fmt_date
    from tracker.plans import PLAN_2025, plan_2025
    from tracker.seed import seed as do_seed

    if target and env.commune and target.strip() != env.commune.strip():
        raise InvalidInput(f"Hai mã xã khác nhau: «{env.commune}» và «{target}»; chỉ nêu một xã.",
                           code="commune.two")
    with nullcontext(file) if file is not None else plan_2025() as path:
        res = do_seed(env.engine, path, now=now(), actor=cli_actor(), allow_review=allow_review,
                      commune=target or env.commune)
    names = {"communes": "xã", "units": "đơn vị", "people": "người", "plans": "kế hoạch", "tasks": "nhiệm vụ",
             "occurrences": "kỳ báo cáo", "kpis": "chỉ tiêu", "workday_overrides": "ngày điều chỉnh",
             "occurrences_removed": "kỳ bị bỏ"}

    def fmt(d: dict[str, int]) -> str:
        return ", ".join(f"{v} {names.get(k, k)}" for k, v in d.items()) or "không có"

    # Named after the resource, not `path`: loaded from a zip, the plan is a temporary copy with another name.
    click.echo(f"Đã nạp {file.name if file is not None else PLAN_2025} cho xã {res.commune}.")
    if res.commune_ignored:
        click.echo(f"  Bỏ qua xã ghi trong tệp ({res.commune_ignored}): kế hoạch thuộc {res.commune_name} "
                   f"(mã {res.commune}).")
    click.echo(f"  Tạo mới: {fmt(res.created)}")
    click.echo(f"  Cập nhật: {fmt(res.updated)}")
    if res.kept:
        click.echo(f"  Giữ nguyên (không còn trong tệp): {', '.join(res.kept)}")
    if res.kept_overrides:
        click.echo("  Giữ nguyên ngày điều chỉnh đã sửa bằng «tracker workdays»: "
                   + ", ".join(fmt_date(d) for d in res.kept_overrides))
    if res.overrides_own and (res.created.get("workday_overrides") or res.updated.get("workday_overrides")):
        click.echo(f"  Ngày điều chỉnh làm việc trong tệp được nạp làm điều chỉnh riêng của xã {res.commune} "
                   "(không đổi lịch của các xã khác).")
    if res.unlisted_overrides:
        scope = f"--commune {res.commune} " if res.overrides_own else ""
        click.echo(f"  Ngày điều chỉnh không có trong tệp, vẫn giữ (bỏ bằng «tracker {scope}workdays unset NGÀY»): "
                   + ", ".join(fmt_date(d) for d in res.unlisted_overrides))


@click.command("log", cls=TrackerCommand)
@click.option("--task", "task_code", metavar="MÃ", help="Chỉ lịch sử của nhiệm vụ này.")
@click.option("--limit", default=50, type=click.IntRange(1, 10000), help="Số dòng gần nhất (mặc định 50).")
@plan_option
@click.option("--json", "as_json", is_flag=True, help="In JSON cho máy đọc.")
@pass_env
def log_cmd(env: Env, task_code: str | None, limit: int, plan: str | None, as_json: bool) -> None:
    """Nhật ký thay đổi: ai, khi nào, qua kênh nào, trước và sau.

    \b
    Ví dụ:
      tracker log --task II.2.b.1
    """
    from tracker.cliviews import audit_table
    from tracker.db import pk, reading
    from tracker.domain.lookups import resolve_commune
    from tracker.domain.queries import audit_log

    with reading(env.engine) as s:
        c = resolve_commune(s, env.commune)
        events = audit_log(s, pk(c), task_code, limit, plan=plan, as_of=now())
    if as_json:
        echo_json([{"at": e.at.isoformat(), "actor": e.actor, "channel": e.channel, "action": e.action,
                     "entity": e.entity, "before": e.before, "after": e.after} for e in events])
        return
    click.echo(audit_table(events) if events else "Chưa có thay đổi nào.")


@click.command("summary", cls=TrackerCommand)
@click.option("--as-of", "as_of", metavar="NGÀY", help="Tình hình tính đến hết ngày này.")
@plan_option
@click.option("--json", "as_json", is_flag=True, help="In JSON cho máy đọc.")
@pass_env
def summary(env: Env, as_of: str | None, plan: str | None, as_json: bool) -> None:
    """Tổng hợp bốn nhóm trạng thái theo đơn vị và toàn xã (mỗi tỷ lệ kèm mẫu số).

    \b
    Ví dụ:
      tracker summary --as-of 2025-10-01
    """
    from tracker.cliviews import summary_table
    from tracker.config import load_settings
    from tracker.db import reading
    from tracker.domain.queries import summary as unit_shares
    from tracker.formatting import fmt_datetime
    from tracker.timeutil import iso_vn

    instant = as_of_instant(as_of)
    with reading(env.engine) as s:
        out = unit_shares(s, env.commune, as_of=instant, due_soon_days=load_settings().due_soon_days, plan=plan)
    per_unit, total = out.units, out.total
    if as_json:
        echo_json({"commune": out.commune.code, "plan": out.plan.code if out.plan else None, "as_of": iso_vn(instant),
                   "units": [u.to_json() for u in per_unit], "total": total.to_json()})
        return
    click.echo(out.title + (f" (mã {out.plan.code})" if out.plan and out.plans > 1 else ""))
    click.echo(f"Tổng hợp tình hình tính đến {fmt_datetime(instant)} (tỷ lệ trên số nhiệm vụ có thời hạn)")
    click.echo()
    click.echo(summary_table(per_unit, total))
