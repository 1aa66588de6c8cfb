"""The e-mail channel's settings, checked before anything is queued: a malformed TRACKER_SMTP_URL is refused
at once (one Vietnamese line, never the URL itself: it may hold a password), not retried forever."""

from __future__ import annotations

import re

from tracker.channels.spec import Values, url_parts
from tracker.errors import ConfigError

_SMTP_HELP = ("dùng smtp://máy:cổng, smtp://tên:mật-khẩu@máy:587?starttls=1 "
              "hoặc smtps://tên:mật-khẩu@máy:465")
_FLAG_VALUES = {"1", "0", "true", "false", "yes", "no"}
_MAIL_RE = r"[^@\s<>\",;]+@[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?"


def validate(values: Values) -> None:
    from urllib.parse import parse_qs

    smtp_url = values.get("smtp_url")
    if smtp_url is not None:
        parts = url_parts(smtp_url, "TRACKER_SMTP_URL", ("smtp", "smtps"), _SMTP_HELP)
        try:
            query = parse_qs(parts.query, keep_blank_values=True, strict_parsing=bool(parts.query))
        except ValueError:
            raise ConfigError(f"TRACKER_SMTP_URL có tham số không hợp lệ; {_SMTP_HELP}.") from None
        unknown = sorted(set(query) - {"starttls"})
        if unknown:
            raise ConfigError(f"TRACKER_SMTP_URL có tham số không được hỗ trợ: {', '.join(unknown)} "
                              "(chỉ nhận starttls=1 hoặc starttls=0).")
        flag = [v.lower() for v in query.get("starttls", [])]
        if len(flag) > 1 or (flag and flag[0] not in _FLAG_VALUES):
            raise ConfigError("TRACKER_SMTP_URL: starttls phải là 1 hoặc 0 (true/false, yes/no).")
        if parts.scheme.lower() == "smtps" and flag and flag[0] in ("1", "true", "yes"):
            raise ConfigError("TRACKER_SMTP_URL: smtps:// đã mã hóa sẵn (TLS), không dùng thêm starttls=1; "
                              "chọn smtps://máy:465 hoặc smtp://máy:587?starttls=1.")
        if parts.password is not None and not parts.username:
            raise ConfigError("TRACKER_SMTP_URL có mật khẩu nhưng thiếu tên đăng nhập.")
    mail_from = values.get("mail_from") or "tracker@localhost"
    if not re.fullmatch(_MAIL_RE, mail_from.strip()):
        raise ConfigError(f"TRACKER_MAIL_FROM không phải địa chỉ thư hợp lệ: «{mail_from[:80]}» "
                          "(ví dụ: tracker@camhiep.gov.vn).")
