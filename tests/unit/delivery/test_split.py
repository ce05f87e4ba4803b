"""Long texts split where a reader expects, into parts Telegram accepts, losing nothing."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.delivery.split import MAX_CAPTION, MAX_TEXT, rendered_len, split_html
from bot.fakeapi.common import utf16_len
from bot.fakeapi.html import parse_html


def plain(html_text: str) -> str:
    return parse_html(html_text)[0]


def visible(text: str) -> str:
    """The text without its white space, which a cut may drop."""
    return re.sub(r"\s+", "", text)


def check(parts: list[str], original: str, limit: int, later: int | None = None) -> None:
    for number, part in enumerate(parts):
        budget = limit if number == 0 else (later or limit)
        shown = plain(part).strip()  # raises, like Telegram, on broken HTML
        assert 0 < utf16_len(shown) <= budget, (number, utf16_len(shown))
    assert "".join(visible(plain(p)) for p in parts) == visible(plain(original))


def test_a_short_text_is_left_alone() -> None:
    assert split_html("<b>Họp</b> &amp; báo cáo") == ["<b>Họp</b> &amp; báo cáo"]


def test_paragraphs_are_kept_whole_when_they_fit() -> None:
    paragraphs = [f"Đoạn {n}: " + "chữ " * 300 for n in range(12)]
    text = "\n\n".join(paragraphs)
    parts = split_html(text)
    check(parts, text, MAX_TEXT)
    assert len(parts) == 4
    assert all(part.startswith("Đoạn") for part in parts)


def test_tags_open_at_a_cut_are_closed_and_opened_again() -> None:
    link = '<a href="https://hoi.vn/vb?so=72&amp;nam=2024">văn bản</a>'
    text = "<b>" + (f"Lưu ý {link} &lt;quan trọng&gt; " * 400) + "</b>"
    parts = split_html(text)
    check(parts, text, MAX_TEXT)
    assert all(p.startswith("<b>") and p.endswith("</b>") for p in parts)
    for part in parts:
        assert part.count("<a ") == part.count("</a>")


def test_a_text_without_spaces_is_cut_between_characters_never_in_an_entity() -> None:
    text = "&amp;" * 5000 + "😀" * 3000
    parts = split_html(text)
    check(parts, text, MAX_TEXT)
    assert "".join(plain(p) for p in parts) == plain(text)


def test_a_caption_takes_1024_and_the_rest_4096() -> None:
    text = " ".join(f"từ{n}" for n in range(3000))
    parts = split_html(text, MAX_CAPTION, MAX_TEXT)
    check(parts, text, MAX_CAPTION, MAX_TEXT)
    assert rendered_len(parts[0]) > 900
    assert len(parts) == 1 + -(-(rendered_len(text) - rendered_len(parts[0])) // MAX_TEXT)


_PIECES = st.sampled_from(
    [
        "hội",
        "viên",
        "Trường Sơn",
        "&amp;",
        "&lt;b&gt;",
        "😀",
        "<b>đậm</b>",
        "<i>nghiêng <b>đậm</b></i>",
        '<a href="https://t.me/x">liên kết</a>',
        "<code>a&lt;b</code>",
        "\n",
        "\n\n",
        "<blockquote>trích dẫn\ndài</blockquote>",
    ]
)


@settings(max_examples=60, deadline=None)
@given(
    st.lists(_PIECES, min_size=1, max_size=600),
    st.integers(min_value=20, max_value=400),
    st.booleans(),
)
def test_any_text_splits_into_valid_parts_that_fit(
    pieces: list[str], limit: int, bold: bool
) -> None:
    text = " ".join(pieces)
    if bold:
        text = f"<b>{text}</b>"
    if not plain(text).strip():
        return
    parts = split_html(text, limit)
    check(parts, text, limit)
