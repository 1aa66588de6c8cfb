"""`tracker run` as a real subprocess: SIGKILL mid-batch and restart, two instances at once, clean SIGTERM.

The daemon's clock is set with TRACKER_FAKE_NOW (read only by the daemon) and it
sends e-mail to a real aiosmtpd server in this process.
"""

from __future__ import annotations

import os
import re
import signal
import sqlite3
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from tests.factories import CHAIRMAN, VP_HEAD, SmtpServer, add_person, set_email, vn

pytestmark = pytest.mark.slow  # runs `tracker run` daemons as processes, with signals and restarts

ROOT = Path(__file__).resolve().parent.parent
NOW = "2025-10-02 08:00"  # overdue reminders, escalations and the week's digest are due


@pytest.fixture
def daemon_env(seeded, db_url, tmp_path, smtp_server) -> dict[str, str]:
    add_person(seeded, VP_HEAD, unit="VP", email_addr="hoa@camhiep.example.invalid")
    add_person(seeded, "Lê Văn Tâm", unit="TTPVHCC", email_addr="tam@camhiep.example.invalid")
    set_email(seeded, CHAIRMAN, "chutich@camhiep.example.invalid")
    seeded.dispose()
    conf = tmp_path / "tracker.toml"
    conf.write_text("[reminders]\nsweep_interval_seconds = 1\n", encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if not k.startswith("TRACKER_")}
    env.update(TRACKER_DB=db_url, TRACKER_CONFIG=str(conf), TRACKER_SMTP_URL=smtp_server.url,
               TRACKER_MAIL_FROM="tracker@camhiep.example.invalid", TRACKER_FAKE_NOW=NOW, PYTHONUNBUFFERED="1")
    return env


def start(env: dict[str, str], tmp_path: Path, name: str, **extra: str) -> tuple[subprocess.Popen[bytes], Path]:
    log = tmp_path / f"{name}.log"
    proc = subprocess.Popen([sys.executable, "-c", "from cli import main; main()", "run"], cwd=tmp_path,
                            env={**env, **extra}, stdout=subprocess.DEVNULL, stderr=log.open("wb"))
    return proc, log


def statuses(db_url: str) -> dict[str, str]:
    con = sqlite3.connect(db_url.removeprefix("sqlite:///"), timeout=15)
    try:
        return dict(con.execute("SELECT key, status FROM outboxmessage").fetchall())
    finally:
        con.close()


def wait_until(predicate: Any, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError("timed out")
        time.sleep(0.05)


def all_delivered(db_url: str) -> bool:
    st = statuses(db_url)
    return bool(st) and not any(s in ("pending", "sending") for s in st.values())


def stop(proc: subprocess.Popen[bytes]) -> int:
    proc.send_signal(signal.SIGTERM)
    return proc.wait(timeout=60)


@pytest.mark.timeout(120)
def test_a_daemon_killed_mid_batch_and_restarted_delivers_everything_with_at_most_the_documented_repeat(
        daemon_env, db_url, tmp_path, smtp_server: SmtpServer):
    smtp_server.hold_at = 3  # the 3rd message is received, then its "250" waits: the daemon is mid-send
    first, _ = start(daemon_env, tmp_path, "first")
    try:
        assert smtp_server.holding.wait(60)
        first.send_signal(signal.SIGKILL)
        first.wait(timeout=30)
    finally:
        if first.poll() is None:
            first.kill()
    at_kill = statuses(db_url)
    in_flight = sorted(k for k, s in at_kill.items() if s == "sending")
    assert in_flight == [smtp_server.received[2].key]  # exactly one message was in the window
    assert sum(s == "pending" for s in at_kill.values()) > 0  # killed in the middle of the batch
    smtp_server.release.set()

    second, log = start(daemon_env, tmp_path, "second", TRACKER_FAKE_NOW="2025-10-02 08:10")
    try:
        wait_until(lambda: all_delivered(db_url))
    finally:
        assert stop(second) == 0
    final = statuses(db_url)
    sent = {k for k, s in final.items() if s == "sent"}
    received = Counter(smtp_server.keys)
    assert set(received) == sent
    # Documented window: only the message in flight at the kill may arrive twice, and it does here.
    assert {k: n for k, n in received.items() if n > 1} == {in_flight[0]: 2}
    text = log.read_text(encoding="utf-8")
    assert f"Hết hạn giữ chỗ, gửi lại (có thể trùng một lần): {in_flight[0]}" in text
    assert text.splitlines()[-1].endswith("TIN: Đã dừng")
    # Everything the IT officer reads is one Vietnamese line per event: date, level, message.
    line = re.compile(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d (TIN|CẢNH BÁO|LỖI): \S")
    assert all(line.match(ln) for ln in text.splitlines()), text
    assert "Đã khởi động" in text and "Lượt nhắc (gửi bù khi khởi động)" in text and "Đã gửi " in text


@pytest.mark.timeout(120)
def test_two_daemons_on_one_database_deliver_each_notification_exactly_once(daemon_env, db_url, tmp_path,
                                                                            smtp_server: SmtpServer):
    daemon_env = {**daemon_env}
    (tmp_path / "tracker.toml").write_text("[reminders]\nsweep_interval_seconds = 1\n", encoding="utf-8")
    a, log_a = start(daemon_env, tmp_path, "a")
    b, log_b = start(daemon_env, tmp_path, "b")
    try:
        # SIGTERM stops a daemon cleanly only once it has started: one still importing when the other has sent
        # everything would be killed (exit -15), as happens on a loaded machine or under pytest-xdist.
        wait_until(lambda: all("Đã khởi động" in log.read_text(encoding="utf-8") for log in (log_a, log_b)))
        wait_until(lambda: all_delivered(db_url) and len(smtp_server.received) == len(statuses(db_url)) -
                   sum(s == "skipped" for s in statuses(db_url).values()))
    finally:
        codes = [stop(a), stop(b)]  # both, even when the first failed: no daemon outlives the test
    assert codes == [0, 0]
    received = Counter(smtp_server.keys)
    assert received and set(received.values()) == {1}
    assert set(received) == {k for k, s in statuses(db_url).items() if s == "sent"}


@pytest.mark.timeout(120)
def test_sigterm_finishes_the_message_in_flight_then_exits_cleanly(daemon_env, db_url, tmp_path,
                                                                  smtp_server: SmtpServer):
    smtp_server.hold_at = 2
    proc, log = start(daemon_env, tmp_path, "term")
    try:
        assert smtp_server.holding.wait(60)
        proc.send_signal(signal.SIGTERM)
        wait_until(lambda: "Đang dừng" in log.read_text(encoding="utf-8"))
        smtp_server.release.set()
        assert proc.wait(timeout=60) == 0
    finally:
        if proc.poll() is None:
            proc.kill()
    st = statuses(db_url)
    held = smtp_server.received[1].key
    assert st[held] == "sent"
    assert "sending" not in st.values()
    assert len(smtp_server.received) == 2  # nothing new started after the signal
    lines = log.read_text(encoding="utf-8").splitlines()
    assert lines[-1].endswith("TIN: Đã dừng")
    assert not any("Traceback" in ln for ln in lines)


def test_the_daemon_loop_reads_the_real_clock_and_stops_when_asked(seeded, db_url):
    """In-process, with time-machine moving the wall clock (the monotonic clock keeps running)."""
    import asyncio

    import time_machine

    from tests.factories import cfg, outbox_rows, vn
    from tracker.reminders.config import Delivery
    from tracker.reminders.daemon import serve
    from tracker.timeutil import utcnow

    add_person(seeded, VP_HEAD, unit="VP")

    async def main() -> None:
        stop = asyncio.Event()
        task = asyncio.create_task(serve(seeded, cfg(console_style="compact"), Delivery(), clock=utcnow, stop=stop))
        for _ in range(600):
            if outbox_rows(seeded) and all(r.status in ("sent", "skipped") for r in outbox_rows(seeded)):
                break
            await asyncio.sleep(0.05)
        stop.set()
        await asyncio.wait_for(task, 60)

    with time_machine.travel(vn(2025, 10, 2, 8), tick=True):
        asyncio.run(main())
    rows = outbox_rows(seeded)
    assert {r.slot for r in rows if r.status == "sent" and r.kind == "overdue"} == {"2025-10-02"}
    assert any(r.kind == "escalation" and "II.2.b.1" in r.subject for r in rows)


@pytest.mark.timeout(120)
def test_the_daemon_sends_telegram_reminders_and_runs_the_bot_in_the_same_process(seeded, db_url, tmp_path):
    from tests.fake_bot_api import TOKEN, FakeBotApi
    from tracker.domain.people import edit_person

    add_person(seeded, VP_HEAD, unit="VP", chat=1001)
    edit_person(seeded, commune=None, who=CHAIRMAN, changes={"telegram_chat_id": 1002}, actor="t",
                now=vn(2025, 8, 5))
    seeded.dispose()
    conf = tmp_path / "tracker.toml"
    conf.write_text("[reminders]\nsweep_interval_seconds = 1\n", encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if not k.startswith("TRACKER_") and "proxy" not in k.lower()}
    with FakeBotApi() as api:
        env.update(TRACKER_DB=db_url, TRACKER_CONFIG=str(conf), TRACKER_TELEGRAM_TOKEN=TOKEN,
                   TRACKER_TELEGRAM_API_URL=api.url, TRACKER_FAKE_NOW=NOW, PYTHONUNBUFFERED="1")
        proc, log = start(env, tmp_path, "telegram")
        try:
            wait_until(lambda: all_delivered(db_url), timeout=90)
            api.wait_for(lambda: any(method == "getUpdates" for method, _ in api.calls), timeout=30)
        finally:
            assert stop(proc) == 0
        assert any("Quá hạn: II.2.b.1" in m["text"] for m in api.messages_to(1001))
        assert any("Báo cáo Chủ tịch: II.2.b.1" in m["text"] for m in api.messages_to(1002))
        assert api.too_many == 0
    text = log.read_text(encoding="utf-8")
    assert "Bot Telegram đã khởi động" in text and TOKEN not in text
    assert text.splitlines()[-1].endswith("TIN: Đã dừng")


def _queue_email(engine: Any, key: str, address: str) -> None:
    """A notice queued by hand (as the bot queues one), due at once, to one address."""
    from tests.factories import vn
    from tracker.db import transaction
    from tracker.reminders import outbox

    at = vn(2025, 10, 2, 8, 0)
    with transaction(engine) as s:
        assert outbox.insert_rows(s, [{
            "key": key, "commune_id": 1, "kind": "notice", "rule": "test_notice", "task_id": None,
            "occurrence_id": None, "person_id": None, "channel": "email", "address": address, "slot": "2025-10-02",
            "subject": "Thông báo thử", "body_text": "Thông báo thử.", "body_html": None, "buttons": [],
            "status": "pending", "attempts": 0, "created_at": at, "due_at": at, "next_attempt_at": at,
            "deadline": None, "last_error": None}]) == [key]


@pytest.mark.timeout(180)
def test_sigterm_during_a_scheduled_sweep_finishes_the_message_in_flight_and_nothing_is_sent_twice_after_restart(
        daemon_env, seeded, db_url, tmp_path, smtp_server: SmtpServer):
    proc, log = start(daemon_env, tmp_path, "scheduled")
    try:
        # The start-up sweep is over once it has logged; whatever is queued after it goes out in a scheduled sweep.
        wait_until(lambda: "Lượt nhắc (gửi bù khi khởi động)" in log.read_text(encoding="utf-8"))
        smtp_server.hold_at = len(smtp_server.received) + 1
        _queue_email(seeded, "test:notice:scheduled", "hoa@camhiep.example.invalid")
        assert smtp_server.holding.wait(60)
        assert smtp_server.received[-1].key == "test:notice:scheduled"
        proc.send_signal(signal.SIGTERM)
        wait_until(lambda: "Đang dừng" in log.read_text(encoding="utf-8"))
        smtp_server.release.set()
        assert proc.wait(timeout=60) == 0
    finally:
        if proc.poll() is None:
            proc.kill()
    st = statuses(db_url)
    assert st["test:notice:scheduled"] == "sent"
    assert "sending" not in st.values()
    text = log.read_text(encoding="utf-8")
    assert "LỖI" not in text and "Job" not in text, text
    assert text.splitlines()[-1].endswith("TIN: Đã dừng")

    # The next day's start-up sweep finds nothing of yesterday's to send again.
    again, log2 = start(daemon_env, tmp_path, "restarted", TRACKER_FAKE_NOW="2025-10-03 08:00")
    try:
        wait_until(lambda: "Lượt nhắc (gửi bù khi khởi động)" in log2.read_text(encoding="utf-8")
                   and all_delivered(db_url))
    finally:
        assert stop(again) == 0
    received = Counter(smtp_server.keys)
    assert received["test:notice:scheduled"] == 1
    assert {k: n for k, n in received.items() if n > 1} == {}


@pytest.mark.timeout(120)
def test_a_daemon_without_the_smtp_setting_leaves_queued_emails_to_a_process_that_has_it_and_says_so(
        daemon_env, seeded, db_url, tmp_path):
    _queue_email(seeded, "test:notice:elsewhere", "hoa@camhiep.example.invalid")
    env = {k: v for k, v in daemon_env.items() if k != "TRACKER_SMTP_URL"}
    proc, log = start(env, tmp_path, "no-smtp")
    # The queued row, and whatever the start-up sweep queues for the same address, all wait.
    warning = re.compile(r"CẢNH BÁO: Để lại \d+ thư điện tử cho tiến trình có cấu hình kênh này "
                         r"\(chưa đặt TRACKER_SMTP_URL\)")
    try:
        wait_until(lambda: warning.search(log.read_text(encoding="utf-8")) is not None)
    finally:
        assert stop(proc) == 0
    con = sqlite3.connect(db_url.removeprefix("sqlite:///"))
    try:
        row = con.execute("SELECT status, attempts, last_error FROM outboxmessage WHERE key = ?",
                          ("test:notice:elsewhere",)).fetchone()
    finally:
        con.close()
    assert row == ("pending", 0, None)
