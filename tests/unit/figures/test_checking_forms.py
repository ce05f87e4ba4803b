"""The checker on the other ways reports write a total and its parts: the total after them,
the parts in brackets, lists of some units only, and counts no indicator names."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from bot.figures.checking import Kind, NoteKind, check_report
from bot.figures.checking.render import lines_of
from bot.figures.checking.statements import Reading
from bot.figures.indicators import DEFAULT_FILE, parse_indicator_file
from bot.text.formatting import format_number

UNITS = ["Trung ương Hội", "Hội Nữ", "chi hội Vinh", "Hội tỉnh Nghệ An", "Sư đoàn 470"]


def sums(text: str) -> list[tuple[str | None, int, int, Reading | None]]:
    return [(f.code, f.written, f.right, f.reading) for f in check_report(text).findings]


def test_a_total_after_its_parts() -> None:
    text = "Trao quà: chi hội Vinh 120 suất, chi hội Cửa Lò 90 suất, tổng cộng 200 suất."
    assert sums(text) == [("gifts", 200, 210, Reading.AFTER)]
    assert check_report(text.replace("200", "210")).ok


def test_a_cong_line_closes_the_lines_above_it() -> None:
    text = "Quà tặng:\nTrung ương Hội ..... 150 suất\nHội Nữ ..... 40 suất\nCộng: ..... 180 suất"
    assert sums(text) == [("gifts", 180, 190, Reading.AFTER)]


def test_parts_in_brackets_take_the_totals_indicator() -> None:
    text = "Quỹ đạt 1.055 suất (TW 120, Hội Nữ 35, các địa phương 910)."
    assert sums(text) == [("gifts", 1055, 1065, Reading.BRACKETS)]
    assert check_report("Chi 86.000.000 đ (tám mươi sáu triệu đồng).").sums == 0


def test_some_units_only_are_noted_not_judged() -> None:
    for marker in ("trong đó có", "riêng", "trong đó nổi bật là"):
        check = check_report(f"Tặng 95 suất quà, {marker} chi hội Vinh 30 suất, Cửa Lò 20 suất.")
        assert check.ok, marker
        assert [n.kind for n in check.notes] == [NoteKind.SOME], marker


def test_parts_beyond_their_total_are_wrong_in_any_reading() -> None:
    text = "Tặng 40 suất quà, trong đó có chi hội Vinh 30 suất, Cửa Lò 20 suất."
    assert sums(text) == [("gifts", 40, 50, Reading.AMONG)]


def test_trong_do_is_complete_only_with_the_rest() -> None:
    named = "Tặng 12 nhà. Trong đó, Hội Nữ 2 nhà, Sư đoàn 559 3 nhà."
    assert check_report(named).ok
    assert sums(named.replace("Sư đoàn 559", "các địa phương")) == [
        ("houses", 12, 5, Reading.BREAKDOWN)
    ]


def test_counts_of_things_no_indicator_names() -> None:
    text = (
        "Mừng thọ 1.065 cụ. Trong đó, tuổi 70 là 400 cụ; tuổi 80 là 300 cụ; các tuổi khác 350 cụ."
    )
    assert sums(text) == [("#cụ", 1065, 1050, Reading.BREAKDOWN)]
    (line, _summary) = lines_of(check_report(text), parse_indicator_file(DEFAULT_FILE))
    assert "1.050 cụ" in line and "“Trong đó”" in line


@given(
    st.lists(st.integers(min_value=1, max_value=5000), min_size=2, max_size=5),
    st.integers(min_value=-3, max_value=3),
    st.sampled_from(["after", "brackets", "breakdown"]),
)
def test_any_sum_in_any_form_is_checked(parts: list[int], error: int, form: str) -> None:
    total = max(1, sum(parts) + error)
    units = UNITS[: len(parts)]
    listed = ", ".join(f"{u} {format_number(v)} suất" for u, v in zip(units, parts, strict=False))
    if form == "after":
        text = f"Kết quả: {listed}, tổng cộng {format_number(total)} suất quà."
    elif form == "brackets":
        text = f"Tặng {format_number(total)} suất quà ({listed})."
    else:
        last = f"các địa phương {format_number(parts[-1])} suất"
        head = ", ".join(
            f"{u} {format_number(v)} suất" for u, v in zip(units, parts[:-1], strict=False)
        )
        text = f"Tặng {format_number(total)} suất quà. Trong đó, {head}, {last}."
    check = check_report(text)
    assert check.sums == 1, text
    expected = [] if total == sum(parts) else [(Kind.SUM, total, sum(parts))]
    assert [(f.kind, f.written, f.right) for f in check.findings] == expected, text


def test_gom_makes_up_the_total_and_a_decimal_comma_stays_in_its_part() -> None:
    text = "Tổng số quà là 1.200 suất, gồm: Hội tỉnh 500 suất, các huyện 600 suất."
    assert sums(text) == [("gifts", 1200, 1100, Reading.BREAKDOWN)]
    named = "Tặng 900 suất quà, bao gồm Trung ương Hội 100 suất, Hội Nữ 300 suất."
    assert sums(named) == [("gifts", 900, 400, Reading.BREAKDOWN)]
    for separator in (";", ","):
        money = f"Kinh phí 3 tỷ đồng (Trung ương 1 tỷ đồng{separator} địa phương 1,5 tỷ đồng)."
        assert sums(money) == [("money", 3_000_000_000, 2_500_000_000, Reading.BRACKETS)]


def test_a_year_is_no_count_of_things() -> None:
    text = "Năm 2023 có 1.200 hội viên. Trong đó, nam 700 hội viên, các hội viên nữ 400 hội viên."
    assert sums(text) == [("#hội viên", 1200, 1100, Reading.BREAKDOWN)]
