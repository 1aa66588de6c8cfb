"""The Zalo channel's environment settings, checked before anything is queued: a malformed TRACKER_ZALO_API_URL
or a token that cannot be a Zalo bot token is refused at once (one Vietnamese line that never repeats the token).
Whether the platform accepts the token is asked once by `tracker run` at start (transport.check_token)."""

from __future__ import annotations

import re

from tracker.channels.spec import Values, url_parts
from tracker.errors import ConfigError

# The token goes into the request path ({api}/bot{TOKEN}/{method}): "{bot id}:{key}", no space nor URL syntax.
_TOKEN_RE = re.compile(r"[^\s/?#%]+")


def validate(values: Values) -> None:
    token, api_url = values.get("zalo_token"), values.get("zalo_api_url")
    if token is not None and not _TOKEN_RE.fullmatch(token.strip()):
        raise ConfigError("TRACKER_ZALO_TOKEN không hợp lệ: mã bot Zalo không chứa khoảng trắng hay các ký tự "
                          "/ ? # %; hãy chép lại đúng mã bot do Zalo Bot Creator cấp.")
    if api_url is not None:
        url_parts(api_url, "TRACKER_ZALO_API_URL", ("http", "https"),
                  "cần dạng https://máy-chủ (mặc định https://bot-api.zaloplatforms.com)")
