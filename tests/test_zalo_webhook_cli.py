"""`tracker zalo --webhook URL --listen HOST:PORT`: the bot alone behind a reverse proxy, receiving the platform's
POSTs instead of polling (docs/zalo.md). Against the fake Zalo Bot API server, as a real process."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from typing import Any

import pytest

from tests.factories import ROOT, assert_one_vietnamese_error, free_port
from tracker.bot.conversation import UNLINKED
from tracker.bot.zalo import webhook_secret

pytestmark = pytest.mark.slow  # a `tracker zalo` process and the fake platform

STRANGER = "5c1d0e7a11aa2bff"


def hang_up_after_posting(port: int) -> None:
    """POST without the secret and close at once with a reset, before the answer can be written."""
    import socket
    import struct

    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        body = b'{"event_name": "message.text.received"}'
        sock.sendall(b"POST /zalo HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                     b"Content-Length: " + str(len(body)).encode() + b"\r\n\r\n" + body)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))


def test_tracker_zalo_with_a_webhook_serves_the_platforms_posts_and_refuses_others(seeded, zalo_env, db_url):
    seeded.dispose()
    port = free_port()
    url = f"http://127.0.0.1:{port}/zalo"
    env: dict[str, Any] = {**os.environ, "TRACKER_DB": db_url, "TRACKER_LOG_LEVEL": "info", "PYTHONUNBUFFERED": "1"}
    proc = subprocess.Popen([sys.executable, str(ROOT / "cli.py"), "zalo", "--webhook", url, "--listen",
                             f"127.0.0.1:{port}"], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        zalo_env.wait_for(lambda: zalo_env.webhook_url == url, timeout=60)
        secret = zalo_env.webhook_secret
        assert secret == webhook_secret(zalo_env.token)
        zalo_env.inject_text(STRANGER, "/viec")  # the platform POSTs it to the webhook
        assert zalo_env.wait_message(STRANGER, timeout=60)["text"] == UNLINKED
        assert zalo_env.wait_for(lambda: zalo_env.webhook_posts)[-1][0] == 200
        update = {"event_name": "message.text.received",
                  "message": {"message_id": "x1", "from": {"id": STRANGER, "display_name": "Lạ"},
                              "chat": {"id": STRANGER, "chat_type": "PRIVATE"}, "date": 0, "text": "/viec"}}
        assert zalo_env.post_to_webhook(update, None) == 403
        assert zalo_env.post_to_webhook(update, "wrong-secret") == 403
        assert len(zalo_env.messages_to(STRANGER)) == 1  # refused posts were not handled
        assert not any(m == "getUpdates" for m, _ in zalo_env.calls)  # no polling next to the webhook
        for _ in range(20):  # callers that hang up before their answer (a proxy's timeout, a scanner)
            hang_up_after_posting(port)
        zalo_env.inject_text(STRANGER, "/help")  # still serving
        zalo_env.wait_for(lambda: len(zalo_env.messages_to(STRANGER)) == 2, timeout=60)
    finally:
        proc.send_signal(signal.SIGTERM)
        _out, err = proc.communicate(timeout=60)
    assert proc.returncode == 0, err
    assert zalo_env.token not in err and secret not in err
    assert "Traceback" not in err and "Exception occurred" not in err, err  # one-line log only
    assert zalo_env.webhook_url == ""  # deleted on stop: polling can start again


@pytest.mark.parametrize("args", [("--webhook", "http://127.0.0.1:1/zalo"),  # --listen missing
                                  ("--webhook", "ftp://x/zalo", "--listen", "127.0.0.1:8443"),
                                  ("--webhook", "https://x.vn/zalo", "--listen", "127.0.0.1:99999")])
def test_tracker_zalo_refuses_incomplete_or_malformed_webhook_options_with_one_line(run_cli, zalo_env, args):
    result = run_cli("zalo", *args)
    assert result.exit_code in (1, 2, 78), result.output
    assert_one_vietnamese_error(result, code=result.exit_code)
    assert zalo_env.webhook_url == "" and zalo_env.token not in result.output
