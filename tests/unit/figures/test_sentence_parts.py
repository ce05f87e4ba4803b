"""A figure sentence whose total comes after its parts, or before its parts in brackets:
the card takes the total and names each part as "a part of the total above"."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from bot.figures.fates import misplaced
from bot.figures.left_out import Reason
from bot.figures.sentences import extract_figures
from bot.text.formatting import format_number

UNITS = ["Trung ương Hội", "Hội Nữ", "chi hội Vinh", "các địa phương"]


@given(
    parts=st.lists(st.integers(1, 9000), min_size=2, max_size=4),
    total=st.integers(1, 40000),
    form=st.sampled_from(["tổng cộng", "cộng:", "brackets", "bare brackets"]),
)
def test_the_total_is_the_figure_and_its_parts_are_named(
    parts: list[int], total: int, form: str
) -> None:
    units = UNITS[: len(parts)]
    unit = "" if form == "bare brackets" else " suất"
    listed = ", ".join(f"{u} {format_number(v)}{unit}" for u, v in zip(units, parts, strict=False))
    if form.startswith("tổng") or form.startswith("cộng"):
        sentence = f"Trao quà: {listed}, {form} {format_number(total)} suất quà."
    else:
        sentence = f"Toàn Hội tặng {format_number(total)} suất quà ({listed})."
    extraction = extract_figures(sentence)
    assert misplaced(extraction) == []
    assert extraction.values == {"gifts": total}, sentence
    assert extraction.issues == (), sentence
    assert len([x for x in extraction.left_out if x.reason is Reason.PART]) == len(parts)


def test_ages_are_left_out_as_ages() -> None:
    extraction = extract_figures("Mừng thọ 300 cụ ở các tuổi 70, 75, 80 và trên 90, tặng 300 suất.")
    assert extraction.values == {"gifts": 300} and extraction.issues == ()
    assert [x.reason for x in extraction.left_out] == [Reason.PEOPLE, Reason.AGE]
