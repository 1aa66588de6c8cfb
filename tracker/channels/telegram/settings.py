"""The Telegram channel's optional server settings, checked before anything is queued (the token itself is
checked by Telegram: a rejected one fails the first send, never printed)."""

from __future__ import annotations

from tracker.channels.spec import Values, url_parts


def validate(values: Values) -> None:
    api_url, proxy = values.get("telegram_api_url"), values.get("telegram_proxy")
    if api_url is not None:
        url_parts(api_url, "TRACKER_TELEGRAM_API_URL", ("http", "https"),
                  "cần dạng http://máy-chủ:cổng hoặc https://máy-chủ (máy chủ Bot API tự dựng)")
    if proxy is not None:
        url_parts(proxy, "TRACKER_TELEGRAM_PROXY", ("http", "https", "socks5", "socks5h"),
                  "cần dạng http://, https://, socks5:// hoặc socks5h://máy-chủ:cổng")
