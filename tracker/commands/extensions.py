"""CLI for extension requests: `tracker extensions list|approve|reject`.

A head asks for an extension from Telegram (/giahan); a leader decides with the bot's "Duyệt"/"Từ chối" buttons,
or here, through the IT officer, when no leader uses Telegram. The decision goes through
tracker.domain.extensions.decide_extension: the leader named with --by is checked by tracker.domain.permissions in
the decision's own transaction, which also writes the audit event (channel "cli") and stores the outcome notice for
the requester in the outbox; the next sweep (`tracker run`, `tracker remind run`) delivers it.

sqlmodel loads inside the commands (start-up time).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import click

from tracker.clikit import Env, TrackerCommand, TrackerGroup, echo_json, now, pass_env, row_id
from tracker.vocabulary import EXTENSION_STATUS_LABELS


def channel_label(name: str) -> str:
    """tracker.channels.label, imported when a command runs: the registry (its dataclasses, each channel's
    declaration) costs `tracker --help`, which runs no command, about a tenth of `import click`."""
    from tracker.channels import label

    return label(name)


@click.group("extensions", cls=TrackerGroup)
def extensions() -> None:
    """Đề nghị gia hạn gửi từ Telegram (/giahan, nút «Xin gia hạn»): xem, duyệt, từ chối.

    Dùng khi lãnh đạo không duyệt trên Telegram (chưa liên kết bot). Người đề nghị nhận
    kết quả qua kênh của họ (Telegram, thư điện tử) ở lượt nhắc việc kế tiếp.

    \b
    Ví dụ:
      tracker extensions list
      tracker extensions approve 3 --by "Bùi Quang Nam"
      tracker extensions reject 4 --by "Bùi Quang Nam" --reason "Đề nghị hoàn thành đúng hạn"
    """


def _json_row(r: Mapping[str, Any]) -> dict[str, Any]:
    out = {k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in r.items()}
    return out


@extensions.command("list")
@click.option("--all", "all_", is_flag=True, help="Gồm cả đề nghị đã duyệt hoặc từ chối (kèm kết quả).")
@click.option("--json", "as_json", is_flag=True, help="In JSON cho máy đọc.")
@pass_env
def extensions_list(env: Env, all_: bool, as_json: bool) -> None:
    """Liệt kê đề nghị gia hạn đang chờ lãnh đạo duyệt (--all: cả đề nghị đã quyết định).

    Mỗi dòng: số đề nghị (dùng cho approve/reject), nhiệm vụ (kèm kỳ), người đề nghị,
    hạn đề nghị, hạn hiện hành, lý do, thời điểm đề nghị.

    \b
    Ví dụ:
      tracker extensions list
      tracker extensions list --all --json
    """
    from tracker.cliviews import shorten, table
    from tracker.db import pk, reading
    from tracker.domain.extensions import extension_requests
    from tracker.domain.lookups import resolve_commune
    from tracker.formatting import fmt_date, fmt_datetime

    at = now()
    with reading(env.engine) as s:
        c = resolve_commune(s, env.commune)
        rows = extension_requests(s, pk(c), include_decided=all_, now=at)
    if as_json:
        echo_json([_json_row(r) for r in rows])
        return
    if not rows:
        click.echo("Không có đề nghị gia hạn nào." if all_ else "Không có đề nghị gia hạn nào đang chờ duyệt.")
        return
    headers = ["Số", "Nhiệm vụ", "Người đề nghị", "Hạn đề nghị", "Hạn hiện hành", "Lý do", "Đề nghị lúc"]
    if all_:
        headers += ["Kết quả"]
    body = []
    for r in rows:
        line = [r["id"], r["ref"], r["requested_by"] or "—", fmt_date(r["new_due"]), fmt_date(r["current_due"]),
                shorten(str(r["reason"]), 40), fmt_datetime(r["requested_at"])]
        if all_:
            verdict = EXTENSION_STATUS_LABELS.get(str(r["status"]), str(r["status"]))
            if r["decided_by"]:
                verdict += f" ({r['decided_by']}, {fmt_datetime(r['decided_at'])})" if r["decided_at"] \
                    else f" ({r['decided_by']})"
            line.append(verdict)
        body.append(line)
    click.echo(table(body, headers))
    pending = sum(1 for r in rows if r["status"] == "requested")
    if pending:
        click.echo(f"\n{pending} đề nghị chờ duyệt. Duyệt: tracker extensions approve SỐ --by \"Tên lãnh đạo\"; "
                   "từ chối: tracker extensions reject SỐ --by \"Tên lãnh đạo\" --reason \"...\"")


def _decide(env: Env, extension_id: int, by: str, approve: bool, note: str | None) -> None:
    from tracker.db import pk, reading
    from tracker.domain.extensions import decide_extension
    from tracker.domain.lookups import find_person, resolve_commune
    from tracker.domain.permissions import load_permissions
    from tracker.formatting import fmt_date

    perms = load_permissions()
    with reading(env.engine) as s:
        person = find_person(s, pk(resolve_commune(s, env.commune)), by)
    out = decide_extension(env.engine, extension_id=extension_id, approve=approve, person_id=pk(person),
                           perms=perms, now=now(), channel="cli", note=note, queue_notice=True)
    ext, it = out.extension, out.item
    if approve:
        click.echo(f"Đã duyệt đề nghị gia hạn số {ext.id}: {it.ref} có hạn mới {fmt_date(ext.new_due)} "
                   f"(người đề nghị: {ext.requested_by}; người duyệt: {person.name}).")
    else:
        click.echo(f"Đã từ chối đề nghị gia hạn số {ext.id} ({it.ref}); hạn vẫn là {fmt_date(it.due)} "
                   f"(người đề nghị: {ext.requested_by}; người từ chối: {person.name}).")
    if out.queued:
        where = ", ".join(channel_label(ch) for ch in out.queued)
        click.echo(f"Đã xếp thông báo kết quả cho {ext.requested_by} qua: {where}; thông báo được gửi ở lượt "
                   "nhắc việc kế tiếp trong giờ làm việc («tracker run» hoặc «tracker remind run»).")
    else:
        click.echo(f"Chú ý: chưa báo kết quả cho người đề nghị ({out.not_notified}). Hãy báo trực tiếp cho họ.",
                   err=True)


@extensions.command("approve", cls=TrackerCommand)
@click.argument("extension_id", metavar="SỐ", type=row_id("Số đề nghị"))
@click.option("--by", "by", required=True, metavar="NGƯỜI",
              help="Lãnh đạo duyệt (Chủ tịch hoặc Phó Chủ tịch; tên hoặc ID đã đăng ký).")
@click.option("--note", metavar="VĂN_BẢN", help="Ghi chú gửi kèm cho người đề nghị.")
@pass_env
def extensions_approve(env: Env, extension_id: int, by: str, note: str | None) -> None:
    """Duyệt một đề nghị gia hạn: hạn mới có hiệu lực ngay, nhắc việc theo hạn mới.

    SỐ là số đề nghị trong «tracker extensions list». Ghi nhật ký thao tác (qua dòng lệnh)
    và xếp thông báo kết quả cho người đề nghị. Đề nghị đã quyết định thì không duyệt lại được.

    \b
    Ví dụ:
      tracker extensions approve 3 --by "Bùi Quang Nam"
      tracker extensions approve 3 --by "Bùi Quang Nam" --note "Hoàn thành trước 15/11"
    """
    _decide(env, extension_id, by, True, note)


@extensions.command("reject", cls=TrackerCommand)
@click.argument("extension_id", metavar="SỐ", type=row_id("Số đề nghị"))
@click.option("--by", "by", required=True, metavar="NGƯỜI",
              help="Lãnh đạo từ chối (Chủ tịch hoặc Phó Chủ tịch; tên hoặc ID đã đăng ký).")
@click.option("--reason", required=True, metavar="VĂN_BẢN", help="Lý do từ chối (gửi cho người đề nghị).")
@pass_env
def extensions_reject(env: Env, extension_id: int, by: str, reason: str) -> None:
    """Từ chối một đề nghị gia hạn: hạn hiện hành giữ nguyên.

    SỐ là số đề nghị trong «tracker extensions list». Ghi nhật ký thao tác (qua dòng lệnh)
    và xếp thông báo kết quả, kèm lý do, cho người đề nghị.

    \b
    Ví dụ:
      tracker extensions reject 4 --by "Bùi Quang Nam" --reason "Đề nghị hoàn thành đúng hạn"
    """
    from tracker.errors import required

    if not reason.strip():
        raise required("reason", "Cần ghi lý do từ chối.")
    _decide(env, extension_id, by, False, reason)
