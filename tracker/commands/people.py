"""`tracker people add|list|edit|deactivate|invite|unlink`.

sqlmodel and telegram-side account code load inside the commands (start-up time).
"""

from __future__ import annotations

from typing import Any

import click

from tracker.clikit import (
    Env,
    TrackerGroup,
    chat_id,
    cli_actor,
    echo_json,
    now,
    pass_env,
)
from tracker.vocabulary import ROLES


@click.group("people", cls=TrackerGroup)
def people() -> None:
    """Người dùng: lãnh đạo, trưởng đơn vị, công chức, cán bộ CNTT.

    \b
    Ví dụ:
      tracker people add --name "Nguyễn Thị Hoa" --unit VP --role head
      tracker people list
    """


ROLE_CHOICE = click.Choice(ROLES)


@people.command("add")
@click.option("--name", required=True, help="Họ và tên.")
@click.option("--unit", metavar="MÃ_ĐV", help="Đơn vị (bắt buộc với trưởng đơn vị).")
@click.option("--role", required=True, type=ROLE_CHOICE, help="Vai trò.")
@click.option("--email", help="Địa chỉ thư điện tử.")
@click.option("--telegram-chat-id", type=chat_id(), help="Mã cuộc trò chuyện Telegram.")
@pass_env
def people_add(env: Env, name: str, unit: str | None, role: str, email: str | None,
               telegram_chat_id: int | None) -> None:
    """Đăng ký một người.

    Vai trò province (cán bộ cấp tỉnh: Sở Nội vụ, Văn phòng UBND tỉnh) không thuộc xã nào
    (không cần --commune, không có --unit): xem được tình hình mọi xã qua bot và bản tổng
    hợp tuần của tỉnh, không cập nhật được gì.

    \b
    Ví dụ:
      tracker people add --name "Nguyễn Thị Hoa" --unit VP --role head --email hoa@camhiep.gov.vn
      tracker people add --role province --name "Phạm Văn Tỉnh" --email tinh@snv.khanhhoa.gov.vn
    """
    from tracker.domain.people import add_person

    p = add_person(env.engine, commune=env.commune, name=name, unit=unit, role=role, email=email,
                   telegram_chat_id=telegram_chat_id, actor=cli_actor(), now=now())
    click.echo(f"Đã thêm {p.name} (ID {p.id}).")


@people.command("list")
@click.option("--json", "as_json", is_flag=True, help="In JSON cho máy đọc.")
@pass_env
def people_list(env: Env, as_json: bool) -> None:
    """Danh sách người đã đăng ký.

    \b
    Ví dụ:
      tracker people list --json
    """
    from tracker.cliviews import people_table
    from tracker.db import reading
    from tracker.domain.people import province_people
    from tracker.domain.queries import people as registered

    with reading(env.engine) as s:
        rows, units = registered(s, env.commune)
        rows = [*rows, *province_people(s)]  # they read every commune: listed with each
    if as_json:
        from tracker.reminders.policy import reaching

        # channels: the person's restriction (null: every channel they have an address on);
        # reached_by: the channels a message to them goes to now ([]: the console only; inactive: nothing).
        echo_json([{"id": p.id, "name": p.name, "role": p.role,
                     "unit": units[p.unit_id].code if p.unit_id in units else None,
                     "email": p.email, "telegram_chat_id": p.telegram_chat_id, "zalo_chat_id": p.zalo_chat_id,
                     "channels": p.channels,
                     "reached_by": [name for name, _ in reaching(p)] if p.active else [],
                     "active": p.active} for p in rows])
        return
    click.echo(people_table(list(rows), units))


@people.command("edit")
@click.argument("person")
@click.option("--name", help="Họ và tên mới.")
@click.option("--unit", metavar="MÃ_ĐV", help="Đơn vị mới.")
@click.option("--role", type=ROLE_CHOICE, help="Vai trò mới.")
@click.option("--email", help="Địa chỉ thư mới.")
@click.option("--telegram-chat-id", type=chat_id(), help="Mã cuộc trò chuyện Telegram mới.")
@click.option("--channels", "channel_list", metavar="KÊNH,KÊNH",
              help="Chỉ gửi thông báo qua các kênh này (ví dụ zalo,email); «all»: mọi kênh có địa chỉ.")
@click.option("--activate", is_flag=True, help="Kích hoạt lại người đã bị vô hiệu hóa.")
@pass_env
def people_edit(env: Env, person: str, name: str | None, unit: str | None, role: str | None, email: str | None,
                telegram_chat_id: int | None, channel_list: str | None, activate: bool) -> None:
    """Sửa thông tin một người (tên hoặc ID).

    --channels giới hạn các kênh nhận nhắc việc và thông báo; mặc định (all) là mọi kênh
    người đó có địa chỉ. Nếu không kênh nào đã chọn còn gửi được (hủy liên kết, chặn bot),
    thông báo đi qua mọi kênh còn gửi được.

    \b
    Ví dụ:
      tracker people edit "Nguyễn Thị Hoa" --email hoa.nt@camhiep.gov.vn
      tracker people edit "Nguyễn Thị Hoa" --channels zalo,email
      tracker people edit "Nguyễn Thị Hoa" --channels all
    """
    from tracker.domain.people import edit_person

    changes: dict[str, Any] = {k: v for k, v in {"name": name, "unit": unit, "role": role, "email": email,
                                                  "telegram_chat_id": telegram_chat_id}.items() if v is not None}
    if channel_list is not None:
        changes["channels"] = channels_option(channel_list)
    if activate:
        changes["active"] = True
    p = edit_person(env.engine, commune=env.commune, who=person, changes=changes, actor=cli_actor(), now=now())
    click.echo(f"Đã cập nhật {p.name}.")


@people.command("deactivate")
@click.argument("person")
@pass_env
def people_deactivate(env: Env, person: str) -> None:
    """Vô hiệu hóa một người: không nhận thông báo, không thao tác được nữa.

    \b
    Ví dụ:
      tracker people deactivate "Nguyễn Thị Hoa"
    """
    from tracker.domain.people import deactivate_person

    p = deactivate_person(env.engine, commune=env.commune, who=person, actor=cli_actor(), now=now())
    click.echo(f"Đã vô hiệu hóa {p.name}.")


@people.command("invite")
@click.argument("person")
@click.option("--hours", type=click.IntRange(1, 720), default=None,
              help="Mã hết hạn sau số giờ này (mặc định 48, hoặc [bot] link_code_hours).")
@pass_env
def people_invite(env: Env, person: str, hours: int | None) -> None:
    """Tạo mã kích hoạt dùng một lần để một người liên kết Telegram hoặc Zalo với bot.

    Mã cũ chưa dùng của người đó bị hủy. Chỉ giá trị băm của mã được lưu: hãy trao mã
    trực tiếp cho người đó; họ mở bot trên Telegram hoặc Zalo và gửi «/start MÃ». Mã
    liên kết kênh nào gửi nó trước.

    \b
    Ví dụ:
      tracker people invite "Nguyễn Thị Hoa"
      tracker people invite 3 --hours 24
    """
    from tracker.bot.settings import load_bot_settings
    from tracker.domain.accounts import create_link_code
    from tracker.formatting import fmt_datetime

    ttl = hours or load_bot_settings().link_code_hours
    p, code, expires = create_link_code(env.engine, commune=env.commune, who=person, hours=ttl, actor=cli_actor(),
                                        now=now())
    click.echo(f"Mã kích hoạt cho {p.name}: {code}")
    click.echo(f"Dùng một lần, hết hạn lúc {fmt_datetime(expires)}. Người nhận mở bot trên Telegram hoặc Zalo "
               f"và gửi: /start {code}")


@people.command("unlink")
@click.argument("person")
@click.option("--channel", type=click.Choice(["telegram", "zalo"]),
              help="Chỉ hủy liên kết kênh này (mặc định: mọi kênh trò chuyện).")
@pass_env
def people_unlink(env: Env, person: str, channel: str | None) -> None:
    """Hủy liên kết Telegram và Zalo của một người (hoặc chỉ một kênh), và các mã kích hoạt chưa dùng;
    bot không phục vụ họ qua kênh đó nữa.

    \b
    Ví dụ:
      tracker people unlink "Nguyễn Thị Hoa"
      tracker people unlink "Nguyễn Thị Hoa" --channel zalo
    """
    from tracker import channels
    from tracker.domain.accounts import unlink_person

    p = unlink_person(env.engine, commune=env.commune, who=person, channel=channel, actor=cli_actor(), now=now())
    if channel:
        click.echo(f"Đã hủy liên kết {channels.label(channel)} của {p.name}.")
    else:
        click.echo(f"Đã hủy liên kết trò chuyện (Telegram, Zalo) của {p.name}.")


ALL_CHANNELS = ("all",)  # --channels all: no restriction


def channels_option(value: str) -> list[str] | None:
    """--channels zalo,email -> ["zalo", "email"]; --channels all -> None (the domain checks the names)."""
    from tracker.errors import InvalidInput

    names = [n.strip().lower() for n in value.replace(";", ",").split(",") if n.strip()]
    if not names:
        raise InvalidInput("--channels cần ít nhất một kênh (ví dụ zalo,email), hoặc «all» cho mọi kênh.",
                           code="channel.none")
    if any(n in ALL_CHANNELS for n in names):
        if len(names) > 1:
            raise InvalidInput("--channels all đã là mọi kênh: không ghi thêm kênh khác.", code="channel.all_and")
        return None
    return names
