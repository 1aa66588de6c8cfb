"""CLI for the Zalo bot: `tracker zalo` (`tracker people invite|unlink` live with the people group).

The bot's modules (httpx, sqlmodel) load inside the command (start-up time).
"""

from __future__ import annotations

import click

from tracker.clikit import Env, TrackerCommand, pass_env


@click.command("zalo", cls=TrackerCommand)
@click.option("--webhook", "webhook_url", metavar="URL",
              help="Nhận tin qua webhook thay vì hỏi liên tục: địa chỉ https công khai (sau reverse proxy) mà Zalo "
                   "gửi tin tới; cần kèm --listen.")
@click.option("--listen", metavar="MÁY:CỔNG",
              help="Nơi máy chủ webhook lắng nghe, ví dụ 127.0.0.1:8443 (reverse proxy chuyển tới đây); chỉ dùng "
                   "với --webhook.")
@pass_env
def zalo_cmd(env: Env, webhook_url: str | None, listen: str | None) -> None:
    """Chạy bot Zalo một mình (nhận lệnh của cán bộ), đến khi nhận Ctrl+C hoặc SIGTERM.

    Cấu hình qua biến môi trường: TRACKER_ZALO_TOKEN (bắt buộc, mã bot do Zalo Bot Creator cấp),
    TRACKER_ZALO_API_URL (máy chủ API khác, nếu cần). Mặc định bot hỏi Zalo liên tục (long polling).
    Với --webhook và --listen (hoặc webhook_url và listen trong bảng [zalo] của tracker.toml), Zalo
    gửi từng tin tới địa chỉ webhook; mọi yêu cầu không mang đúng mã bí mật (suy ra từ mã bot) bị từ
    chối (403). «tracker run» đã tự chạy bot khi có TRACKER_ZALO_TOKEN; lệnh này dùng khi chỉ cần bot
    (đừng chạy cả hai cùng lúc).

    \b
    Ví dụ:
      TRACKER_ZALO_TOKEN=... tracker zalo
      TRACKER_ZALO_TOKEN=... tracker zalo --webhook https://xa.example.vn/zalo --listen 127.0.0.1:8443
    """
    from tracker.bot.zalo import Webhook, parse_listen, run_zalo_bot
    from tracker.channels.spec import url_parts
    from tracker.errors import ConfigError, InvalidInput

    webhook = None
    if (webhook_url is None) != (listen is None):
        raise InvalidInput("--webhook và --listen phải dùng cùng nhau (địa chỉ Zalo gửi tới, và nơi lắng nghe).")
    if webhook_url is not None and listen is not None:
        try:
            url_parts(webhook_url, "Địa chỉ --webhook", ("https", "http"), "cần dạng https://máy-chủ/đường-dẫn")
        except ConfigError as exc:  # typed on the command line: the user's input, not the configuration
            raise InvalidInput(exc.message) from None
        host, port = parse_listen(listen)
        webhook = Webhook(webhook_url.strip(), host, port)
    mode = "qua webhook" if webhook else "hỏi liên tục"
    run_zalo_bot(env.engine, webhook=webhook,
                 on_started=lambda: click.echo(f"Bot Zalo đang chạy, {mode} (Ctrl+C để dừng).", err=True))
    click.echo("Bot Zalo đã dừng.", err=True)
