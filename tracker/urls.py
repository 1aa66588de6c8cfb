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
    head, tail = _split_auth(rest)
    user, colon, _password = head.partition(":")
    if head and colon:
        head = f"{user}:{MASK}"
    cut = min((i for i in (tail.find("?"), tail.find("#")) if i != -1), default=len(tail))
    location, query = tail[:cut], tail[cut:]
    if query.startswith("?"):
        params, hash_, fragment = query[1:].partition("#")
        query = "?" + "&".join(_mask_param(p) for p in params.split("&")) + hash_ + fragment
    return f"{scheme}://{head}{'@' if head else ''}{location}{query}"


def _split_auth(rest: str) -> tuple[str, str]:
    """(user part, the rest after its '@'), or ('', rest) when there is no user part.

    A password may hold '?', '#' or '/' (SQLAlchemy takes everything up to the '@'), or even an unencoded
    '@' or '/'. So the user part ends at the last '@' before the query or fragment that follows the
    first '@': masking too much of a malformed URL is harmless, showing part of a password is not.
    """
    first = rest.find("@")
    if first == -1:
        return "", rest
    ends = [i for i in (rest.find(c, first + 1) for c in "?#") if i != -1]
    bound = min(ends, default=len(rest))
    last = rest.rfind("@", 0, bound)
    return rest[:last], rest[last + 1:]


def _mask_param(param: str) -> str:
    name, eq, _value = param.partition("=")
    return f"{name}={MASK}" if eq and _SECRET_PARAM.search(name) else param
