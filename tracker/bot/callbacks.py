"""Signed callback data for inline buttons (Telegram allows 1-64 bytes).

Contract with the reminders engine (tracker/reminders/dispatch.py):

* Templates/policy store buttons in the outbox as ``{"label": ..., "action": ...}``
  where ``action`` is one of ACTIONS (use reminder_buttons() / escalation_buttons()).
* The dispatcher passes ``Button(label, data=action)`` to the Telegram channel.
* TelegramChannel.send() signs each bare action with the outbox id and the chat it
  sends to: ``data = f"{action}:o{outbox_id}:{sig}"`` (see sign()). Data that is
  already signed (contains ":") is passed through unchanged.
* The bot verifies with the chat id the press comes from, so data copied into
  another chat, or edited to point at another outbox row or action, is refused.

Who acts is never taken from the data: it is the Person linked to the chat.
The signature binds (action, ref, chat id); ref is ``o<outbox id>`` for outbox
messages and ``e<extension id>`` for extension decisions sent by the bot itself.
The key is TRACKER_BOT_SECRET if set, else derived from the bot token.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import re

# action name -> Vietnamese label
DONE, EXTEND, DETAIL, ACK, APPROVE, REJECT = "done", "ext", "info", "ack", "ok", "no"
ACTIONS: dict[str, str] = {
    DONE: "Đã hoàn thành",
    EXTEND: "Xin gia hạn",
    DETAIL: "Chi tiết",
    ACK: "Đã xem",
    APPROVE: "Duyệt",
    REJECT: "Từ chối",
}
MAX_BYTES = 64
_REF = re.compile(r"^[a-z]\d{1,18}$")
_DATA = re.compile(r"^([a-z]{1,8}):([a-z]\d{1,18}):([A-Za-z0-9_-]{11})$")


def reminder_buttons() -> list[dict[str, str]]:
    """Buttons every reminder (and overdue reminder) carries, as stored in the outbox."""
    return [{"label": ACTIONS[a], "action": a} for a in (DONE, EXTEND, DETAIL)]


def escalation_buttons() -> list[dict[str, str]]:
    """Buttons an escalation to the Chairman carries."""
    return [{"label": ACTIONS[ACK], "action": ACK}, {"label": ACTIONS[DETAIL], "action": DETAIL}]


def secret_key(token: str | None = None) -> bytes:
    """TRACKER_BOT_SECRET, else a key derived from the bot token (never the token itself)."""
    explicit = os.environ.get("TRACKER_BOT_SECRET")
    if explicit:
        return hashlib.sha256(b"tracker-callback-secret:" + explicit.encode()).digest()
    token = token if token is not None else os.environ.get("TRACKER_TELEGRAM_TOKEN", "")
    return hmac.new(b"tracker-callback-v1", token.encode(), hashlib.sha256).digest()


def _sig(key: bytes, action: str, ref: str, chat_id: int) -> str:
    mac = hmac.new(key, f"{action}:{ref}:{chat_id}".encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(mac[:8]).decode().rstrip("=")


def sign(action: str, ref: str, chat_id: int, key: bytes) -> str:
    """Callback data for one button in one chat; at most 64 bytes."""
    if action not in ACTIONS:
        raise ValueError(f"unknown button action {action!r}")
    if not _REF.match(ref):
        raise ValueError(f"bad callback ref {ref!r}")
    data = f"{action}:{ref}:{_sig(key, action, ref, chat_id)}"
    assert len(data.encode()) <= MAX_BYTES
    return data


def verify(data: str, chat_id: int, key: bytes) -> tuple[str, str, int] | None:
    """(action, ref kind, ref id) if data was signed by us for this chat, else None."""
    m = _DATA.match(data or "")
    if not m:
        return None
    action, ref, sig = m.groups()
    if action not in ACTIONS:
        return None
    if not hmac.compare_digest(sig, _sig(key, action, ref, chat_id)):
        return None
    return action, ref[0], int(ref[1:])


def outbox_ref(outbox_id: int) -> str:
    return f"o{outbox_id}"


def extension_ref(extension_id: int) -> str:
    return f"e{extension_id}"
