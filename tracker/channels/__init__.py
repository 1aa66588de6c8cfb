"""The delivery channels: one package each under tracker/channels/, registered here.

Each package holds everything about its channel:

    tracker/channels/zalo/__init__.py    SPEC = ChannelSpec(...): label, settings, address, transport, templates
    tracker/channels/zalo/transport.py   the transport (the contract in tracker/channels/base.py)
    tracker/channels/zalo/templates/     its own message parts, e.g. reminder.zalo.txt.j2

and adding one is that folder plus its line in CHANNELS. Nothing else names a channel: the dispatcher, the
policy, the renderer, the delivery settings and every label ask this registry. Reading it loads only the
packages' __init__ modules (standard library): a transport is imported when a process opens it.
"""

from __future__ import annotations

import importlib

from tracker.channels.spec import ChannelSpec, OpenContext, Setting

__all__ = ["CHANNELS", "ChannelSpec", "OpenContext", "Setting", "declared_settings", "fallback", "find", "get",
           "label", "register", "specs", "unit", "unregister"]

# The registry: one line per channel, in the order a person's channels are listed.
CHANNELS = (
    "tracker.channels.console",
    "tracker.channels.email",
    "tracker.channels.telegram",
    "tracker.channels.zalo",
)

_registry: dict[str, ChannelSpec] = {}
_loaded = False


def _specs() -> dict[str, ChannelSpec]:
    global _loaded
    if not _loaded:
        _loaded = True
        for module in CHANNELS:
            register(module)
    return _registry


def register(module: str) -> ChannelSpec:
    """Add the channel a package declares (its module-level SPEC) and return it.

    CHANNELS goes through here; so can a channel living outside this tree (a plug-in, a test's). A second
    channel of the same name, or a setting name or variable another channel declares, is refused.
    """
    registry = _specs()
    spec: ChannelSpec = importlib.import_module(module).SPEC
    if not isinstance(spec, ChannelSpec):
        raise TypeError(f"{module}.SPEC is not a ChannelSpec")
    if spec.name in registry:
        raise ValueError(f"channel {spec.name!r} is already registered (by {registry[spec.name].package})")
    taken = {key for other in registry.values() for s in other.settings for key in (s.name, s.env)}
    clash = sorted({key for s in spec.settings for key in (s.name, s.env)} & taken)
    if clash:
        raise ValueError(f"channel {spec.name!r} declares settings another channel has: {', '.join(clash)}")
    from dataclasses import replace

    spec = replace(spec, package=module)
    registry[spec.name] = spec
    return spec


def unregister(name: str) -> None:
    """Remove a registered channel (a test's throwaway one)."""
    _specs().pop(name, None)


def specs() -> tuple[ChannelSpec, ...]:
    """Every registered channel, in registry order."""
    return tuple(_specs().values())


def find(name: str) -> ChannelSpec | None:
    return _specs().get(name)


def get(name: str) -> ChannelSpec:
    spec = find(name)
    if spec is None:
        raise KeyError(f"no channel named {name!r} is registered")
    return spec


def fallback() -> ChannelSpec:
    """The channel of people with no address at all (the console)."""
    return next(s for s in specs() if s.fallback)


def label(name: str) -> str:
    """The channel's Vietnamese label ("thư điện tử"); an unknown id (a row of a removed channel) as it is."""
    spec = find(name)
    return spec.label if spec else name


def unit(name: str) -> str:
    """What the channel's messages are called when counted ("tin Telegram")."""
    spec = find(name)
    return spec.unit if spec else f"thông báo kênh {name}"


def declared_settings() -> dict[str, tuple[ChannelSpec, Setting]]:
    """Every channel setting by its name."""
    return {s.name: (spec, s) for spec in specs() for s in spec.settings}
