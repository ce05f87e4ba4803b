"""The report checker on small texts: sums of parts in the forms reports use, words against
digits, and totals against the bot's figures."""

from __future__ import annotations

from bot.figures.checking import Kind, Known, NoteKind, check_report
from bot.figures.checking.render import lines_of
from bot.figures.indicators import DEFAULT_FILE, parse_indicator_file


def findings(text: str, known: Known | None = None) -> list[tuple[str, str | None, int, int]]:
    check = check_report(text, known=known)
    return [(f.kind.value, f.code, f.written, f.right) for f in check.findings]


def test_parts_separated_by_semicolons_and_their_money() -> None:
    text = (
        "Toàn Hội tặng 1.055 suất quà với tổng giá trị = 2.522.500.000 đ. Trong đó, Trung ương "
        "Hội 120 suất = 300.000.000 đ; Hội Nữ 35 suất = 87.500.000 đ; các địa phương 910 suất "
        "= 2.135.000.000 đ."
    )
    assert findings(text) == [("sum", "gifts", 1055, 1065)]


def test_parts_as_bullets_under_a_line_of_their_own() -> None:
    text = "Toàn Hội trao 640 tấm chăn.\nTrong đó:\n- Hội tỉnh: 240 chăn;\n- Các huyện: 300 chăn."
    assert findings(text) == [("sum", "blankets", 640, 540)]


def test_parts_with_commas_keep_their_second_figure() -> None:
    text = (
        "Toàn Hội tặng 300 suất quà, xây 5 nhà. Trong đó, Trung ương Hội 100 suất quà, xây 2 "
        "nhà, các địa phương 200 suất quà, xây 3 nhà."
    )
    assert findings(text) == []


def test_a_nested_breakdown_is_not_added_in() -> None:
    text = (
        "Toàn Hội tặng 900 suất quà. Trong đó, Trung ương Hội 100 suất quà; các địa phương 800 "
        "suất quà, trong đó Hà Nội 300 suất quà."
    )
    assert findings(text) == []


def test_parts_that_do_not_all_give_a_figure_are_noted_not_judged() -> None:
    text = (
        "Tặng 12 nhà = 720.000.000 đ. Trong đó, Hội Nữ 2 nhà = 120.000.000 đ; Sư đoàn 559 10 nhà."
    )
    check = check_report(text)
    assert check.ok
    (note,) = check.notes
    assert (note.kind, note.code, note.given, note.count) == (NoteKind.PARTIAL, "money", 1, 2)


def test_words_against_digits() -> None:
    text = "Kinh phí 420.000.000 đồng, bằng chữ: bốn trăm hai mươi lăm triệu đồng."
    assert findings(text) == [("words", None, 425_000_000, 420_000_000)]


KNOWN = Known("quý I/2022", {"gifts": 1000, "money": 2_522_500_000}, 30, 34)


def test_the_whole_associations_total_against_the_bot() -> None:
    text = "Toàn Hội tặng 1.055 suất quà = 2.522.500.000 đ. Trong đó, Hội Nữ 1.055 suất quà."
    assert findings(text, KNOWN) == [("bot", "gifts", 1055, 1000)]
    assert findings(text.replace("Toàn Hội", "Hội tỉnh"), KNOWN) == [], "not the whole"


def test_two_totals_of_one_indicator_are_not_compared_with_the_bot() -> None:
    text = (
        "Dịp Tết, toàn Hội tặng 600 suất quà. Trong đó, Hội Nữ 600 suất quà.\n"
        "Dịp 27/7, toàn Hội tặng 400 suất quà. Trong đó, Hội Nữ 400 suất quà."
    )
    assert Kind.BOT not in {f.kind for f in check_report(text, known=KNOWN).findings}


def test_a_count_repeated_in_words_is_shown_as_a_count() -> None:
    check = check_report("Toàn Hội tặng 842 (tám trăm bốn mươi ba) suất quà.")
    (line, summary) = lines_of(check, parse_indicator_file(DEFAULT_FILE))
    assert line == ("✗ dòng 1, “842 (tám trăm bốn mươi ba)”: bằng chữ là 843, nhưng bằng số là 842")
    assert summary.endswith("Có 1 chỗ không khớp.")
