"""Emphasis markup comes off; the words, numbers, line breaks and blanks under it stay."""

from __future__ import annotations

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from bot.text.emphasis import strip_emphasis

PLAIN = st.text(
    alphabet="aăâđeêoôơuưyáàạếềộờứAĐÊƠ0123456789 .,;:()/-\n",
    max_size=80,
)
WORD = st.text(alphabet="aăâđeêoôơuưáàạếộứAĐÊ0123456789.,", min_size=1, max_size=20)


@pytest.mark.parametrize(
    ("copied", "read"),
    [
        ("tặng **5.531** suất quà", "tặng 5.531 suất quà"),
        ("với tổng giá trị __2.522.500.000__ đồng", "với tổng giá trị 2.522.500.000 đồng"),
        ("<b>12 tỷ</b> đồng", "12 tỷ đồng"),
        ('<span style="font-weight:bold">Nơi nhận:</span>', "Nơi nhận:"),
        ("<STRONG>TM. BAN THƯỜNG VỤ</STRONG><br>CHỦ TỊCH", "TM. BAN THƯỜNG VỤ\nCHỦ TỊCH"),
        (
            "**TM. BAN THƯỜNG VỤ\nCHỦ TỊCH**\n\nNguyễn Văn A",
            "TM. BAN THƯỜNG VỤ\nCHỦ TỊCH\n\nNguyễn Văn A",
        ),
        ("***Kính gửi:*** các tỉnh", "Kính gửi: các tỉnh"),
        ("*Nơi nhận:*", "Nơi nhận:"),
        ("Số: ______/BC-HTS", "Số: ______/BC-HTS"),  # a blank to fill in is not markup
        ("* Các tỉnh hội", "* Các tỉnh hội"),  # a bullet is not markup
        ("5 * 3 = 15", "5 * 3 = 15"),
        ("Hà Nội&nbsp;&amp; Hải Phòng", "Hà Nội & Hải Phòng"),
        ("**5.531 suất quà", "5.531 suất quà"),  # half of a pair, cut when copied
        ("**Phần một**\n\n**Phần hai**", "Phần một\n\nPhần hai"),
    ],
)
def test_strip_emphasis(copied: str, read: str) -> None:
    assert strip_emphasis(copied) == read


@given(PLAIN)
def test_text_without_markup_is_left_alone(text: str) -> None:
    assert strip_emphasis(text) == text


@given(PLAIN, WORD, PLAIN, st.sampled_from(["**{}**", "__{}__", "<b>{}</b>", "<i>{}</i>", "*{}*"]))
def test_wrapped_words_come_out_whole(before: str, word: str, after: str, wrap: str) -> None:
    text = f"{before} {wrap.format(word)} {after}"
    assert strip_emphasis(text) == f"{before} {word} {after}"


@example("*1**1*")  # stray stars between two single ones: found by hypothesis
@given(st.text(alphabet="ab1 *_\n", max_size=60))
def test_what_is_left_holds_no_markup_to_strip(text: str) -> None:
    once = strip_emphasis(text)
    assert strip_emphasis(once) == once
