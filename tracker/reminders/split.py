"""Split a long message into numbered parts that each stand on their own.

A channel caps one message (Telegram: 4,096 characters; Zalo: 2,000), and cutting a
message short loses what the recipient most needs to read, while cutting Telegram
HTML anywhere can leave half an entity (``&am``) or an open ``<code>``, which Telegram
refuses outright. So a long message becomes parts "(1/3) …", "(2/3) …":

* cuts fall at a paragraph's end (a blank line) when one lies in the second half of
  the part, so a closing paragraph (the reply that acts on the message and the
  signature) stays whole in the last part; else after a line break; only a line
  longer than a whole part is cut after a space, and only a word longer than a whole
  part is cut between two characters;
* in HTML a cut never falls inside a tag or an entity; tags still open at a cut are
  closed at the end of that part and opened again at the start of the next;
* each part, numbering and re-opened tags included, is at most ``limit`` long;
* nothing is dropped: the parts' contents, in order, are the whole message.

Lengths are counted in UTF-16 code units over the raw text (tags and entities
included): never less than what Telegram counts (characters after parsing the HTML),
so a part that passes here passes there. Standard library only.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

_TOKEN = re.compile(
    r"<(/?)([a-zA-Z][a-zA-Z0-9-]*)\b[^<>]*>"  # a tag (our HTML escapes < and > inside attribute values)
    r"|&(?:[a-zA-Z][a-zA-Z0-9]*|#[0-9]+|#[xX][0-9a-fA-F]+);"  # an entity
    r"|.",  # one character
    re.DOTALL,
)
_SPACES = (" ", "\t")
_GLUE = ("\u200d", "\ufe0e", "\ufe0f")  # zero-width joiner, variation selectors: part of the previous character


def length(text: str) -> int:
    """The length a channel counts, at its most demanding: UTF-16 code units (an emoji counts 2)."""
    return len(text) + sum(1 for c in text if ord(c) > 0xFFFF)


@dataclass(frozen=True)
class _Token:
    raw: str
    size: int
    kind: str  # "text", "open" or "close"
    name: str = ""  # the tag name of an open or close token


def _tokens(text: str, html: bool) -> list[_Token]:
    if not html:
        return [_Token(c, length(c), "text") for c in text]
    out = []
    for m in _TOKEN.finditer(text):
        raw = m.group(0)
        if m.group(2):
            out.append(_Token(raw, length(raw), "close" if m.group(1) else "open", m.group(2).lower()))
        else:
            out.append(_Token(raw, length(raw), "text"))
    return out


def _closer(name: str) -> int:
    return len(name) + 3  # "</name>"


def _apply(stack: list[_Token], tok: _Token) -> list[_Token]:
    if tok.kind == "open":
        return [*stack, tok]
    if tok.kind == "close":
        for i in range(len(stack) - 1, -1, -1):
            if stack[i].name == tok.name:
                return stack[:i] + stack[i + 1:]
    return stack


def _glued(prev: _Token, nxt: _Token | None) -> bool:
    """True where a cut would separate a letter from its combining accent (Vietnamese in NFD) or an emoji's parts."""
    if nxt is None or nxt.kind != "text" or prev.kind != "text":
        return False
    first = nxt.raw[0]
    return bool(unicodedata.combining(first)) or first in _GLUE or prev.raw[-1] == "\u200d"


def _plan(tokens: list[_Token], limit: int, prefix: int) -> list[tuple[int, int, list[_Token]]]:
    """Greedy parts as (first token, end token, tags open at the start), each within `limit`."""
    parts: list[tuple[int, int, list[_Token]]] = []
    i, n = 0, len(tokens)
    stack: list[_Token] = []
    while i < n:
        start_stack = stack
        used = prefix + sum(t.size for t in start_stack)
        closing = sum(_closer(t.name) for t in start_stack)
        para = line = word = anywhere = None
        visible = False
        half = used + (limit - used) // 2  # a paragraph cut must leave the part at least half full
        cur, j = start_stack, i
        while j < n:
            tok = tokens[j]
            nxt = _apply(cur, tok)
            close_after = sum(_closer(t.name) for t in nxt) if nxt is not cur else closing
            # A close tag costs in the content what it saves in the closing tags, so `used + closing`
            # never shrinks: the first token that does not fit ends the search.
            if used + tok.size + close_after > limit:
                break
            used, cur, closing, j = used + tok.size, nxt, close_after, j + 1
            if tok.kind == "text":
                if tok.raw == "\n":
                    if visible:
                        line = j
                        if j - 2 >= i and tokens[j - 2].raw == "\n" and used >= half:
                            para = j
                elif tok.raw in _SPACES:
                    if visible:
                        word = j
                else:
                    visible = True
            if not _glued(tok, tokens[j] if j < n else None):
                anywhere = j
        if j == n:
            parts.append((i, n, start_stack))
            break
        cut = para or line or word or anywhere
        if cut is None:
            raise ValueError(f"cannot split: the numbering and the open tags leave no room within {limit}")
        stack = start_stack
        for t in tokens[i:cut]:
            stack = _apply(stack, t)
        # Take the close tags that follow into this part: they cost here what they save in its closing tags,
        # and the next part then does not open a tag only to close it at once.
        while cut < n and tokens[cut].kind == "close" and stack and stack[-1].name == tokens[cut].name:
            stack = stack[:-1]
            cut += 1
        parts.append((i, cut, start_stack))
        i = cut
    return parts


def split_message(text: str, limit: int | None, *, html: bool) -> list[str]:
    """The message as it should be sent: [text] if it fits (or limit is None), else numbered parts.

    html=True treats the text as Telegram HTML (tags and entities); html=False as plain text.
    Raises ValueError only if `limit` is too small to hold the numbering and the tags open at a cut.
    """
    if limit is None or length(text) <= limit:
        return [text]
    tokens = _tokens(text, html)
    digits = 1
    while True:
        plan = _plan(tokens, limit, prefix=2 * digits + 4)  # "(12/12) "
        if len(str(len(plan))) <= digits:
            break
        digits += 1
    total = len(plan)
    out = []
    for k, (a, b, opened) in enumerate(plan, start=1):
        stack = opened
        for t in tokens[a:b]:
            stack = _apply(stack, t)
        body = "".join(t.raw for t in tokens[a:b])
        reopen = "".join(t.raw for t in opened)
        close = "".join(f"</{t.name}>" for t in reversed(stack))
        out.append(f"({k}/{total}) {reopen}{body}{close}")
    return out
