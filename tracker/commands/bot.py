"""CLI for the Telegram bot: `tracker bot`, `tracker people invite`, `tracker people unlink`.

telegram and sqlmodel load inside the commands (start-up time).
"""

from __future__ import annotations

import click

from tracker.clikit import Env, TrackerCommand, cli_actor, now, pass_env


@click.command("bot", cls=TrackerCommand)
@pass_env
def bot_cmd(env: Env) -> None:
    """Chạy bot Telegram một mình (nhận lệnh và nút bấm), đến khi nhận Ctrl+C hoặc SIGTERM.

    Cấu hình qua biến môi trường: TRACKER_TELEGRAM_TOKEN (bắt buộc), TRACKER_TELEGRAM_API_URL
    (máy chủ Bot API tự vận hành), TRACKER_TELEGRAM_PROXY (http:// hoặc socks5://).
    «tracker run» đã tự chạy bot khi có TRACKER_TELEGRAM_TOKEN; lệnh này dùng khi chỉ cần bot.

    \b
    Ví dụ:
      TRACKER_TELEGRAM_TOKEN=... TRACKER_TELEGRAM_API_URL=http://127.0.0.1:8081 tracker bot
    """
    from tracker.bot.runner import run_bot

    run_bot(env.engine, on_started=lambda: click.echo("Bot Telegram đang chạy (Ctrl+C để dừng).", err=True))
    click.echo("Bot Telegram đã dừng.", err=True)


@click.command("invite", cls=TrackerCommand)
@click.argument("person")
@click.option("--hours", type=click.IntRange(1, 720), default=None,
              help="Mã hết hạn sau số giờ này (mặc định 48, hoặc [bot] link_code_hours).")
@pass_env
def people_invite(env: Env, person: str, hours: int | None) -> None:
    """Tạo mã kích hoạt dùng một lần để một người liên kết Telegram với bot.

    Mã cũ chưa dùng của người đó bị hủy. Chỉ giá trị băm của mã được lưu: hãy trao mã
    trực tiếp cho người đó; họ mở bot trên Telegram và gửi «/start MÃ».

    \b
    Ví dụ:
      tracker people invite "Nguyễn Thị Hoa"
      tracker people invite 3 --hours 24
    """
    from tracker.bot.accounts import create_link_code
    from tracker.bot.settings import load_bot_settings
    from tracker.formatting import fmt_datetime

    ttl = hours or load_bot_settings().link_code_hours
    p, code, expires = create_link_code(env.engine, commune=env.commune, who=person, hours=ttl, actor=cli_actor(),
                                        now=now())
    click.echo(f"Mã kích hoạt Telegram cho {p.name}: {code}")
    click.echo(f"Dùng một lần, hết hạn lúc {fmt_datetime(expires)}. Người nhận mở bot và gửi: /start {code}")


@click.command("unlink", cls=TrackerCommand)
@click.argument("person")
@pass_env
def people_unlink(env: Env, person: str) -> None:
    """Hủy liên kết Telegram của một người (và các mã kích hoạt chưa dùng); bot không phục vụ họ nữa.

    \b
    Ví dụ:
      tracker people unlink "Nguyễn Thị Hoa"
    """
    from tracker.bot.accounts import unlink_person

    p = unlink_person(env.engine, commune=env.commune, who=person, actor=cli_actor(), now=now())
    click.echo(f"Đã hủy liên kết Telegram của {p.name}.")


def register(cli: click.Group) -> None:
    from tracker.commands.extensions import register as register_extensions

    cli.add_command(bot_cmd)
    register_extensions(cli)
    people = cli.commands.get("people")
    if isinstance(people, click.Group):
        people.add_command(people_invite)
        people.add_command(people_unlink)
