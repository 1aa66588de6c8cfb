"""`tracker demo`: the whole plan simulated on a fake clock.

The simulation (sqlmodel, jinja2) loads inside the command (start-up time).
"""

from __future__ import annotations

import sys

import click

from tracker.clikit import TrackerCommand


@click.command("demo", cls=TrackerCommand)
def demo() -> None:
    """Mô phỏng cả kế hoạch 2025 từ tháng 8 đến hết năm trên đồng hồ giả lập.

    Dùng cơ sở dữ liệu tạm (không đụng tới tracker.db) và kênh màn hình: in từng
    lời nhắc, báo cáo Chủ tịch và tổng hợp tuần, rồi bảng tổng hợp cuối năm.

    \b
    Ví dụ:
      tracker demo
    """
    from tracker.reminders.demo import run_demo, stdout_closed

    try:
        run_demo(sys.stdout)
    except BrokenPipeError:
        stdout_closed()
