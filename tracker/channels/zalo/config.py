"""The [zalo] table of tracker.toml (all optional; tracker/config.py loads the file).

    [zalo]
    per_chat_interval_seconds = 1.0   # at least this long between two messages to one chat
    overall_per_second = 20           # at most this many messages per second in all
    webhook_url = ""                  # set both to receive through a webhook instead of polling:
    listen = ""                       #   "https://xa.example.vn/zalo" and "127.0.0.1:8443"

Zalo does not publish its rate limits: the defaults are the conservative guess the issue asked for, and both
can be lowered (or raised, once the platform's real limits are known) without a new release.

webhook_url and listen go together (both or neither; empty = long polling): the platform POSTs updates to
webhook_url, which a reverse proxy forwards to the tracker's own small server on listen (tracker/bot/zalo.py).
"""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import urlsplit

from pydantic import Field, field_validator, model_validator

from tracker.configmodel import Allowed, Table, rule_broken

_URL = Allowed('địa chỉ http(s) đầy đủ mà Zalo gọi tới, ví dụ "https://xa.example.vn/zalo" (để trống: không dùng)')
_LISTEN = Allowed('"MÁY:CỔNG" mà tracker lắng nghe, cổng từ 1 đến 65535, ví dụ "127.0.0.1:8443" '
                  "(để trống: không dùng)")


class ZaloSettings(Table):
    per_chat_interval_seconds: Annotated[float, Field(ge=0.1, le=60), Allowed("số giây từ 0.1 đến 60, ví dụ 1.0")] = 1.0
    overall_per_second: Annotated[int, Field(ge=1, le=1000)] = 20
    webhook_url: Annotated[str, _URL] = ""
    listen: Annotated[str, _LISTEN] = ""

    @field_validator("webhook_url")
    @classmethod
    def _url(cls, value: Any) -> Any:
        value = value.strip()
        if not value:
            return value
        try:
            parts = urlsplit(value)
            port = parts.port
        except ValueError:
            raise ValueError("a URL") from None
        if parts.scheme.lower() not in ("http", "https") or not parts.hostname or port == 0:
            raise ValueError("a URL")
        return value

    @field_validator("listen")
    @classmethod
    def _listen(cls, value: Any) -> Any:
        value = value.strip()
        if not value:
            return value
        host, sep, port = value.rpartition(":")
        if not sep or not host.strip("[]") or not port.isdigit() or not 1 <= int(port) <= 65535:
            raise ValueError("HOST:PORT")
        return value

    @model_validator(mode="after")
    def _together(self) -> ZaloSettings:
        if bool(self.webhook_url) != bool(self.listen):
            raise rule_broken("webhook_url và listen phải đặt cùng nhau (hoặc để trống cả hai để nhận tin bằng "
                              "cách hỏi định kỳ)")
        return self


def load_zalo_settings() -> ZaloSettings:
    from tracker.config import load_config

    return load_config().zalo
