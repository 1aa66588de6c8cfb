"""CLI for the Telegram bot: `tracker bot` (`tracker people invite|unlink` live with the people group).

telegram and sqlmodel load inside the commands (start-up time).
"""

from __future__ import annotations

import click

from tracker.clikit import Env, TrackerCommand, pass_env


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
