"""Telegram: the Bot API through python-telegram-bot (tracker/channels/telegram/transport.py), one HTML
message with the bot's buttons, split into numbered parts beyond Telegram's 4,096 characters."""

from __future__ import annotations

from typing import Any

from tracker.channels.spec import ChannelSpec, Setting
from tracker.channels.telegram.settings import validate


def private_chat(person: Any) -> int | None:
    """Only a private chat is written to, never a group linked before the bot refused groups, nor a person
    who blocked the bot (tracker.models.private_chat)."""
    from tracker.models import private_chat as chat  # loaded already: the person is a model instance

    return chat(person)


SPEC = ChannelSpec(
    name="telegram",
    label="Telegram",
    unit="tin Telegram",
    transport=".transport:TelegramChannel",
    settings=(
        Setting("telegram_token", "TRACKER_TELEGRAM_TOKEN", secret=True, required=True),
        Setting("telegram_api_url", "TRACKER_TELEGRAM_API_URL"),  # a self-hosted Bot API server
        Setting("telegram_proxy", "TRACKER_TELEGRAM_PROXY", secret=True),  # may carry a password
    ),
    address_field="telegram_chat_id",
    usable=private_chat,
    unreachable_field="telegram_unreachable",
    unreachable_reason="Người nhận đã chặn bot Telegram.",
    html="telegram.html",  # templates/<kind>.telegram.html.j2: the message itself
    buttons=True,
    validate=validate,
)
