"""Every number of a report sentence has exactly one fate: sentences generated in the forms
the domain's reports use (dates, periods, counts of units and people, percentages, figures
with and without money cues, "Trong đó" breakdowns, copied emphasis, bare amounts)."""

from __future__ import annotations

import re

from hypothesis import example, given
from hypothesis import strategies as st

from bot.figures.fates import account, misplaced
from bot.figures.sentences import extract_figures

_DIGITS = re.compile(r"\d+(?:[.,]\d+)*")


def vn(n: int) -> str:
    return f"{n:,}".replace(",", ".")


counts = st.integers(0, 20_000)
amounts = st.integers(1, 10**12)
millions = st.integers(1, 99_999)
days = st.integers(1, 28)
months = st.integers(1, 12)
years = st.integers(2015, 2030)

COUNT_NOUNS = ("suất quà", "phần quà", "nhà tình nghĩa", "căn nhà", "chăn ấm", "tấm chăn")
OTHER_NOUNS = ("đơn vị", "tỉnh", "hội viên", "lượt truy cập", "hội nghị", "đồng chí", "tin bài")
CUES = ("với tổng giá trị", "trị giá", "kinh phí", "số tiền", "thành tiền", "tương đương", "=")

fragments = st.one_of(
    st.builds(lambda n, w: f"{vn(n)} {w}", counts, st.sampled_from(COUNT_NOUNS)),
    st.builds(lambda n, w: f"{vn(n)} {w}", counts, st.sampled_from(OTHER_NOUNS)),
    st.builds(lambda c, n: f"{c} {vn(n)} đ", st.sampled_from(CUES), amounts),
    st.builds(lambda c, n: f"{c} {vn(n)}", st.sampled_from(CUES), amounts),
    st.builds(lambda n: f"{vn(n)} triệu đồng", millions),
    st.builds(lambda a, b: f"{a},{b} tỷ", st.integers(1, 99), st.integers(1, 9)),
    st.builds(lambda n: vn(n), amounts),
    st.builds(lambda d, m, y: f"ngày {d}/{m}/{y}", days, months, years),
    st.builds(lambda d, m, y: f"ngày {d} tháng {m} năm {y}", days, months, years),
    st.builds(lambda q, y: f"quý {q}/{y}", st.sampled_from(["I", "II", "III", "IV"]), years),
    st.builds(lambda n, m: f"{n}/{m} tỉnh, thành", st.integers(1, 34), st.just(34)),
    st.builds(lambda n: f"đạt {n}%", st.integers(1, 100)),
    st.builds(lambda n: f"{n}h30", st.integers(6, 20)),
    st.builds(lambda y: f"nhiệm kỳ {y}-{y + 5}", years),
    st.just("Trong đó, Trung ương Hội"),
    st.just("các địa phương"),
    st.just("Hội Nữ"),
)


def decorate(fragment: str, how: str) -> str:
    """Emphasis copied from a web page or Word, or none."""
    return {"bold": f"**{fragment}**", "html": f"<b>{fragment}</b>"}.get(how, fragment)


@given(
    st.lists(
        st.tuples(fragments, st.sampled_from(["", "", "bold", "html"])), min_size=1, max_size=8
    ),
    st.sampled_from([", ", "; ", " và ", " - ", ". ", "\n"]),
    st.sampled_from(["", "toàn Hội đã vận động ", "Các địa phương tặng ", "1. "]),
)
# Found by this test: a phrase, a noun or a unit read across a date or time left out.
@example([("1 triệu đồng", ""), ("ngày 1/1/2015", ""), ("trị giá 1 đ", "")], "\n", "")
@example([("với tổng giá trị 1", ""), ("6h30", ""), ("Hội Nữ", "")], "\n", "")
@example([("1,1 tỷ", ""), ("6h30", ""), ("1 triệu đồng", "")], "\n", "")
def test_every_number_of_a_report_sentence_has_one_fate(
    parts: list[tuple[str, str]], joiner: str, opening: str
) -> None:
    sentence = opening + joiner.join(decorate(text, how) for text, how in parts)
    extraction = extract_figures(sentence)
    assert misplaced(extraction) == [], (sentence, extraction)
    # Taking the emphasis off loses no number: each run of digits written is accounted for.
    assert len(account(extraction)) == len(_DIGITS.findall(sentence))


def test_an_example_from_a_report_accounts_for_each_number() -> None:
    sentence = (
        "Theo tổng hợp chưa đầy đủ của 35/63 tỉnh, thành, ngày 19/5/2022 toàn Hội tặng "
        "**1.055** suất quà với tổng giá trị 2.522.500.000. Trong đó, Hội Nữ 120 suất quà."
    )
    places = [(n.text, [f.place for f in n.fates]) for n in account(extract_figures(sentence))]
    assert places == [
        ("35", ["left:units"]),
        ("63", ["left:units"]),
        ("19", ["left:date"]),
        ("5", ["left:date"]),
        ("2022", ["left:date"]),
        ("1.055", ["figure:gifts"]),
        ("2.522.500.000", ["figure:money"]),
        ("120", ["left:part"]),
    ]
