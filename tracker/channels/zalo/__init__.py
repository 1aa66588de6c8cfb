"""Zalo: the Zalo Bot Platform through a small httpx client (tracker/channels/zalo/client.py), plain text
from the channel's own templates, split into numbered parts beyond Zalo's 2,000 characters.

There are no buttons on Zalo: every message ends with the exact reply that acts on it (/xong, /giahan,
/daxem), which the bot understands on Zalo and on Telegram.
"""

from __future__ import annotations

from typing import Any

from tracker.channels.spec import ChannelSpec, Setting
from tracker.channels.zalo.settings import validate


def chat(person: Any) -> str | None:
    """The person's Zalo chat, unless the platform found it unreachable (tracker.models.zalo_chat)."""
    from tracker.models import zalo_chat  # loaded already: the person is a model instance

    return zalo_chat(person)


SPEC = ChannelSpec(
    name="zalo",
    label="Zalo",
    unit="tin Zalo",
    transport=".transport:ZaloChannel",
    settings=(
        Setting("zalo_token", "TRACKER_ZALO_TOKEN", secret=True, required=True),
        Setting("zalo_api_url", "TRACKER_ZALO_API_URL"),  # default https://bot-api.zaloplatforms.com
    ),
    address_field="zalo_chat_id",
    usable=chat,
    unreachable_field="zalo_unreachable",
    unreachable_reason="Người nhận đã chặn bot Zalo hoặc Zalo không còn cuộc trò chuyện này.",
    text="zalo.txt",  # templates/<kind>.zalo.txt.j2: the message itself, plain text
    startup_check=".transport:check_token",
    validate=validate,
)
