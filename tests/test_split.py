"""Long messages become numbered parts, each valid on its own, with nothing lost (tracker/reminders/split.py).

Validity is judged by the fake Bot API server's parser, which refuses HTML the way Telegram does.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.fake_bot_api import html_to_text
from tracker.reminders.split import length, split_message

pytestmark = pytest.mark.slow  # hypothesis searches many random messages

_PREFIX = re.compile(r"^\((\d+)/(\d+)\) ")


class _Styled(HTMLParser):
    """Each visible character with the tags (and their attributes) around it."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, tuple[Any, ...]]] = []
        self.chars: list[tuple[str, tuple[tuple[str, tuple[Any, ...]], ...]]] = []

    def handle_starttag(self, tag: str, attrs: Any) -> None:
        self.stack.append((tag, tuple(attrs)))

    def handle_endtag(self, tag: str) -> None:
        assert self.stack and self.stack[-1][0] == tag
        self.stack.pop()

    def handle_data(self, data: str) -> None:
        self.chars.extend((c, tuple(self.stack)) for c in data)


def styled(markup: str) -> list[tuple[str, Any]]:
    p = _Styled()
    p.feed(markup)
    p.close()
    return p.chars


def numbered(parts: list[str]) -> list[str]:
    """The parts without their "(k/n) " numbering, checking it reads 1..n of n."""
    out = []
    for k, part in enumerate(parts, start=1):
        m = _PREFIX.match(part)
        assert m is not None and (int(m[1]), int(m[2])) == (k, len(parts)), part[:20]
        out.append(part[m.end():])
    return out


def assert_split_well(text: str, limit: int, *, html: bool) -> list[str]:
    parts = split_message(text, limit, html=html)
    assert all(length(p) <= limit for p in parts)
    if len(parts) == 1:
        assert parts == [text]
        return parts
    bodies = numbered(parts)
    if not html:
        assert "".join(bodies) == text
        return parts
    for p in parts:
        html_to_text(p)  # raises on an open tag, a broken entity or a stray < or &
    # The same characters with the same formatting, in the same order: nothing cut, nothing dropped.
    assert [c for b in bodies for c in styled(b)] == styled(text)
    return parts


def test_a_message_within_the_limit_is_sent_as_it_is():
    assert split_message("<b>Ngắn</b> &amp; gọn", 4096, html=True) == ["<b>Ngắn</b> &amp; gọn"]
    assert split_message("x" * 5000, None, html=False) == ["x" * 5000]


def test_parts_end_at_line_breaks_and_carry_their_numbering():
    lines = [f"• II.{i} — hạn 30/09/2025, quá {i} ngày làm việc" for i in range(1, 61)]
    text = "\n".join(lines)
    parts = assert_split_well(text, 500, html=False)
    assert len(parts) > 3
    assert all(b.endswith("\n") for b in numbered(parts)[:-1])  # never a line cut in two
    assert [line for b in numbered(parts) for line in b.splitlines()] == lines


def test_an_entity_is_never_cut_and_open_tags_are_closed_then_reopened():
    text = "<b>Tổng hợp</b>\n<code>" + "\n".join(f"A &amp; B &#39;{i}&#39; &lt;x&gt;" for i in range(200)) + \
           "</code>\n<i>— Hệ thống</i>"
    parts = assert_split_well(text, 4096, html=True)
    assert len(parts) >= 2
    assert parts[0].endswith("</code>") and numbered(parts)[1].startswith("<code>")


def test_an_over_long_line_is_cut_after_a_space_and_an_over_long_word_anywhere_but_inside_an_entity():
    words = " ".join(f"từ{i}" for i in range(400))
    parts = assert_split_well(words, 200, html=False)
    assert all(b.endswith(" ") for b in numbered(parts)[:-1])
    link = '<a href="https://example.invalid/x">' + "&amp;" * 300 + "</a>"
    assert_split_well(link, 300, html=True)


def test_plain_text_is_split_for_a_channel_of_two_thousand_characters():
    text = "Kính gửi đồng chí,\n" + "\n".join("Nhiệm vụ <b>không</b> phải HTML & " * 3 for _ in range(100))
    parts = assert_split_well(text, 2000, html=False)
    assert len(parts) > 2 and "<b>không</b>" in parts[1]


def test_a_letter_keeps_its_combining_accent_when_a_word_must_be_cut():
    import unicodedata

    word = unicodedata.normalize("NFD", "Nguyễn" * 60)  # decomposed accents, no space to cut at
    parts = assert_split_well(word, 50, html=False)
    assert not any(unicodedata.combining(b[0]) for b in numbered(parts))


def test_a_limit_too_small_for_the_numbering_is_an_error_not_a_loop():
    with pytest.raises(ValueError):
        split_message("<b>" * 10 + "x" * 50 + "</b>" * 10, 20, html=True)


# ---------------------------------------------------------------- property: random HTML of our tags

_WORDS = st.sampled_from(["việc", "quá hạn", "II.2.b.1", "Nguyễn Thị Hoa", "📋", "30/09/2025", "x" * 90,
                          "&amp;", "&lt;", "&gt;", "&quot;", "&#39;", "&#128203;", " ", "  ", "\n", "\n\n", "—"])
_TEXT = st.lists(_WORDS, min_size=1, max_size=12).map("".join)


# A link holds text, never another link: Telegram refuses nested links and our messages never nest them (three
# nested links inside <code> leave no room within 160 characters for any content, which the splitter rightly refuses).
_LINK = _TEXT.map(lambda body: f'<a href="https://vi.example/t?a=1&amp;b=2">{body}</a>')


def _wrap(inner: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    tags = st.sampled_from(["b", "i", "code"])

    def tag(pair: tuple[str, str]) -> str:
        name, body = pair
        return f"<{name}>{body}</{name}>"

    return st.one_of(st.tuples(tags, inner).map(tag), st.lists(inner, min_size=1, max_size=6).map("".join))


_HTML = st.recursive(st.one_of(_TEXT, _LINK), _wrap, max_leaves=40)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=st.lists(_HTML, min_size=1, max_size=8).map("\n".join), limit=st.integers(min_value=160, max_value=700))
def test_random_html_of_our_tags_splits_into_valid_parts_within_the_limit_losing_nothing(text, limit):
    assert_split_well(text, limit, html=True)


@settings(max_examples=200, deadline=None)
@given(text=st.text(st.characters(codec="utf-8"), max_size=3000), limit=st.integers(min_value=40, max_value=500))
def test_random_plain_text_splits_within_the_limit_losing_nothing(text, limit):
    assert_split_well(text, limit, html=False)
