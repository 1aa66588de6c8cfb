"""What a channel package declares (its SPEC): settings, when it is on, how a person is addressed on it,
its Vietnamese label, its transport and its templates.

Standard library only, and nothing here imports a transport: the registry, the policy and the labels read
specs without loading smtplib, python-telegram-bot or Jinja2.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from tracker.errors import ConfigError

if TYPE_CHECKING:
    from tracker.channels.base import Channel

Values = Mapping[str, "str | None"]


@dataclass(frozen=True)
class Setting:
    """One environment setting of a channel.

    `name` is its keyword (Delivery(smtp_url=...)) and the key its transport reads; names are unique across
    channels. A secret is never shown: not in a repr, a log line, an error or the outbox.
    """

    name: str
    env: str  # TRACKER_SMTP_URL
    secret: bool = False
    required: bool = False  # the channel is on when every required setting has a value
    default: str | None = None


@dataclass(frozen=True)
class OpenContext:
    """What a process hands every transport it opens, besides the channel's own settings."""

    config: Any  # tracker.reminders.config.ReminderConfig
    stream: Any = None  # where the console writes (None: stdout)


@dataclass(frozen=True)
class ChannelSpec:
    """A channel, as its package declares it (tracker/channels/<name>/__init__.py: SPEC = ChannelSpec(...))."""

    name: str  # the id stored in outbox rows and notification keys
    label: str  # Vietnamese, as it reads inside a sentence: "thư điện tử"
    unit: str  # Vietnamese, what its messages are called when counted: "tin Telegram"
    # "<module>:<class>" of the transport (tracker.channels.base.Channel), relative to the package:
    # imported only when a process opens the channel.
    transport: str = ".transport:Transport"
    settings: tuple[Setting, ...] = ()
    # How a person is addressed: the Person field holding the address, and `usable`, the address if a
    # message may be written to it now (e.g. Telegram's tracker.models.private_chat), else None; without
    # `usable`, any non-empty value of the field.
    address_field: str | None = None
    usable: Callable[[Any], object] | None = None
    # The Person flag set when the far side says the person can no longer be reached (DeliveryError
    # unreachable=True); rows to a flagged person then fail with `unreachable_reason`.
    unreachable_field: str | None = None
    unreachable_reason: str = ""
    # Templates: the parts a message has on this channel, each templates/<kind>.<part>.j2 in the package,
    # or the shared tracker/reminders/templates/<kind>.<part>.j2 when the package has none (the plain text
    # usually is shared). `html`: the HTML part, if the channel sends one.
    text: str = "text.txt"
    html: str | None = None
    templates: str = "templates"
    buttons: bool = False  # stored rows carry the bot's action buttons (done / extend / details / seen)
    # The channel of people with no address at all (and of the demo); always on, addressed by name.
    fallback: bool = False
    # Refuses a malformed setting at once (ConfigError, one Vietnamese line, no secret in it).
    validate: Callable[[Values], None] | None = None
    # "<module>:<async function>(values)", relative to the package: what a long-running process (`tracker run`)
    # asks the far side once at start, e.g. whether it accepts the token. Raises ConfigError for a setting the
    # far side refuses (the process stops, exit 78); an unreachable far side is no reason to stop.
    startup_check: str | None = None
    package: str = ""  # the module that declared it: set by tracker.channels.register()

    @property
    def required_env(self) -> tuple[str, ...]:
        """The environment variables that turn the channel on (named when a process lacks them)."""
        return tuple(s.env for s in self.settings if s.required)

    def enabled(self, values: Values) -> bool:
        """On in a process whose settings are `values` (the console always is)."""
        return all(values.get(s.name) for s in self.settings if s.required)

    def address(self, person: Any) -> str | None:
        """The person's address on this channel, if a message may be written to it now."""
        if self.fallback:
            return str(person.name)
        if self.usable is not None:
            value = self.usable(person)
        elif self.address_field is not None:
            value = getattr(person, self.address_field)
        else:
            return None
        return None if value is None or value == "" else str(value)

    def transport_class(self) -> type[Channel]:
        module, _, attr = self.transport.partition(":")
        cls: type[Channel] = getattr(importlib.import_module(module, self.package or None), attr)
        return cls

    async def check(self, values: Values) -> None:
        """The channel's start-up check (startup_check), if it declares one."""
        if self.startup_check is None:
            return
        module, _, attr = self.startup_check.partition(":")
        await getattr(importlib.import_module(module, self.package or None), attr)(values)

    def open(self, values: Values, context: OpenContext) -> Channel:
        """A transport for one batch, from this channel's settings."""
        return self.transport_class().from_settings(values, context)


def url_parts(value: str, what: str, schemes: tuple[str, ...], help_text: str) -> Any:
    """urlsplit() with the scheme, host and port checked; messages never repeat the value (it may hold a password)."""
    from urllib.parse import urlsplit

    try:
        parts = urlsplit(value.strip())
        port = parts.port
    except ValueError:
        raise ConfigError(f"{what} có cổng không hợp lệ (cần số từ 1 đến 65535): {help_text}.") from None
    if parts.scheme.lower() not in schemes:
        shown = parts.scheme.lower() or "(không có)"
        raise ConfigError(f"{what} không hợp lệ: giao thức «{shown}» không được hỗ trợ; {help_text}.")
    if not parts.hostname:
        raise ConfigError(f"{what} không hợp lệ: thiếu tên máy chủ; {help_text}.")
    if port == 0 or (parts.netloc.endswith(":") and port is None):
        raise ConfigError(f"{what} có cổng không hợp lệ (cần số từ 1 đến 65535): {help_text}.")
    return parts
