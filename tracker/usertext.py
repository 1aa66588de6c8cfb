"""Free text people type (reasons, notes, names): checked where it enters the domain.

Two rules, for the bot and the CLI alike:

* a length limit, so what a person writes always fits the messages that quote it;
* no control characters (ESC, BEL, CR, DEL, C1, bidirectional overrides), which could
  rewrite the terminal of whoever later reads the text (`tracker tasks show`) or make it
  read differently from what is stored. Newlines and tabs stay allowed in long text.

Text stored before these rules is made visible on display instead (tracker.cliviews.visible).
"""

from __future__ import annotations

import re
import unicodedata

from tracker.errors import InvalidInput
from tracker.formatting import fmt_number

# Reasons and notes. An extension reason is quoted whole in the request every leader gets on
# Telegram, which allows 4,096 characters. 700 characters is a long paragraph, yet even if
# every one is escaped for HTML (& -> &amp;, five characters) the reason (3,500) plus the
# message around it (name, task code and a title cut to 200 characters) fits one message.
TEXT_MAX = 700
NAME_MAX = 100  # a person's name appears in lists, table columns and every audit line
EMAIL_MAX = 254  # RFC 5321 limit of an address
URL_MAX = 2000  # an evidence link: long enough for shared-drive links, short enough for a message

# The HTML standard's "valid e-mail address", with at least one dot in the domain (an address reached
# from a commune's server always has one). Stricter than RFC 5322 on purpose: no quoted local parts,
# no comments, no IP literals, no internationalised names (a mail server of a commune may not take
# them); email-validator is not a dependency. One rule for the plan file and `tracker people`.
EMAIL_RE = re.compile(
    r"[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}"
)

# Bidirectional embeddings, overrides and isolates: no Vietnamese text needs them, and they
# make a line display in another order than it is stored ("Trojan Source"). Line and paragraph
# separators break a line where no newline is seen.
_BIDI = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u2028\u2029")


def is_control(ch: str) -> bool:
    """A character that acts on a terminal or on the display order instead of showing itself."""
    return unicodedata.category(ch) == "Cc" or ch in _BIDI


def visible(text: str, *, keep: str = "\n\t") -> str:
    """Text made safe to print: each control character is shown as its escape (ESC as \\x1b, BEL as
    \\x07, a bidirectional override as \\u202e) instead of acting on the terminal; `keep` stays as is.

    Text from a chat (notes, reasons) and anything stored before the entry checks may hold them.
    """
    if not any(is_control(ch) for ch in text):
        return text
    return "".join(_escape(ch) if is_control(ch) and ch not in keep else ch for ch in text)


def quoted(value: object, limit: int = 40) -> str:
    """A value as an error message repeats it: one line whatever it holds (line breaks and control
    characters shown as escapes), cut to `limit` characters."""
    text = f"{value:g}" if isinstance(value, float) else str(value)
    text = visible(text.strip(), keep="")
    return text if len(text) <= limit else text[:limit] + "…"


_SHORT_ESCAPES = {"\n": "\\n", "\t": "\\t", "\r": "\\r"}


def _escape(ch: str) -> str:
    if ch in _SHORT_ESCAPES:
        return _SHORT_ESCAPES[ch]
    code = ord(ch)
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"


def clean_text(value: str, *, label: str, limit: int = TEXT_MAX, multiline: bool = True) -> str:
    """The text stripped and checked; raises InvalidInput naming the field (`label`, e.g. "Lý do").

    multiline keeps newlines and tabs (a note may list several documents); a name or an
    address is one line.
    """
    text = value.replace("\r\n", "\n").strip()
    allowed = "\n\t" if multiline else ""
    bad = next((ch for ch in text if is_control(ch) and ch not in allowed), None)
    if bad is not None:
        raise InvalidInput(f"{label} chứa ký tự điều khiển (U+{ord(bad):04X}); hãy nhập lại bằng chữ, số và "
                           "dấu câu thông thường.")
    if len(text) > limit:
        raise InvalidInput(f"{label} quá dài: {fmt_number(len(text))} ký tự, tối đa {fmt_number(limit)} ký tự. "
                           "Hãy viết ngắn gọn hơn.")
    return text


def is_email(text: str) -> bool:
    """An address we send to (EMAIL_RE, at most EMAIL_MAX characters); `text` is already stripped."""
    return len(text) <= EMAIL_MAX and EMAIL_RE.fullmatch(text) is not None


def clean_email(value: str | None, *, label: str = "Địa chỉ thư") -> str | None:
    """The address stripped and checked (raises InvalidInput); None or blank means no address."""
    if value is None:
        return None
    text = clean_text(value, label=label, limit=EMAIL_MAX, multiline=False)
    if not text:
        return None
    if not is_email(text):
        raise InvalidInput(f"{label} «{quoted(text)}» không hợp lệ (ví dụ: ten@camhiep.gov.vn).")
    return text


def lookup_key(value: str, *, label: str) -> str:
    """A code or name typed to find something (a task, a person, a unit), stripped; `label` names it
    ("Mã nhiệm vụ"). A control character is refused before any query: no code or name may hold one,
    PostgreSQL refuses NUL in a query outright (DataError), and a "not found" line would echo it."""
    key = value.strip()
    bad = next((ch for ch in key if is_control(ch)), None)
    if bad is not None:
        raise InvalidInput(f"{label} «{quoted(key)}» chứa ký tự điều khiển (U+{ord(bad):04X}); hãy gõ lại.")
    return key


def clean_optional(value: str | None, *, label: str, limit: int = TEXT_MAX, multiline: bool = True) -> str | None:
    """clean_text for an optional field; empty or blank means absent."""
    if value is None:
        return None
    return clean_text(value, label=label, limit=limit, multiline=multiline) or None

