"""Showing a connection URL (database, SMTP, proxy) without the secrets it may carry.

Standard library only: the CLI imports it before any heavy library.
"""

from __future__ import annotations

import re

MASK = "***"

# A query parameter whose name contains one of these carries a credential (password=, sslpassword=, pwd=,
# passphrase=, api_key=, access_token=, client_secret=, auth=...). Masking a harmless one costs nothing.
_SECRET_PARAM = re.compile(r"pass|pwd|secret|token|key|auth|cred", re.IGNORECASE)


def masked_url(url: str) -> str:
    """`url` with the password of its user part and the value of every secret-looking query parameter
    replaced by ***; the rest is kept as written, so the reader still recognises the server and the options.

    Works on text, not on a parsed URL: a malformed URL (which a parser would refuse) is masked the same way.
    """
    scheme, sep, rest = url.partition("://")
    if not sep:
        return url
    cut = min((i for i in (rest.find("?"), rest.find("#")) if i != -1), default=len(rest))
    head, tail = rest[:cut], rest[cut:]
    # The user part ends at the last '@' before the query: an unencoded '@' or '/' in a password stays masked.
    user_part, at, host_and_path = head.rpartition("@")
    if at:
        user, colon, _password = user_part.partition(":")
        head = f"{user}:{MASK}@{host_and_path}" if colon else head
    if tail.startswith("?"):
        query, hash_, fragment = tail[1:].partition("#")
        tail = "?" + "&".join(_mask_param(p) for p in query.split("&")) + hash_ + fragment
    return f"{scheme}://{head}{tail}"


def _mask_param(param: str) -> str:
    name, eq, _value = param.partition("=")
    return f"{name}={MASK}" if eq and _SECRET_PARAM.search(name) else param
