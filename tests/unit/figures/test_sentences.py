"""Figures found in sentences as reports and chapter leads write them."""

from __future__ import annotations

import json

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from bot.figures.fates import misplaced
from bot.figures.left_out import Reason
from bot.figures.sentences import DEFAULT_VOCABULARY, IssueKind, extract_figures
from bot.text.money import Problem


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        (
            "vận động 3 nhà, 842 suất quà = 512.300.000 đ",
            {"houses": 3, "gifts": 842, "money": 512_300_000},
        ),
        (
            "tặng 3 nhà tình nghĩa, 120 chăn ấm, 1.250 suất quà, tổng 815 triệu đồng",
            {"houses": 3, "blankets": 120, "gifts": 1250, "money": 815_000_000},
        ),
        ("Trao 1.055 suất quà trị giá 2,5 tỷ", {"gifts": 1055, "money": 2_500_000_000}),
        ("12 suất quà 2tr5", {"gifts": 12, "money": 2_500_000}),
        ("xây 2 nhà", {"houses": 2}),
        ("ngày 19/5/2020 tặng 5 suất quà", {"gifts": 5}),
        ("ngày 19/5 tặng 5 suất quà", {"gifts": 5}),
        ("Hà Nội, ngày 8 tháng 9 năm 2020: trao 7 phần quà", {"gifts": 7}),
        ("trong tháng 11/2020 xây 1 căn nhà", {"houses": 1}),
        ("quý I/2024 tặng 2 ngôi nhà đại đoàn kết", {"houses": 2}),
        ("lúc 8h30 ngày 6/12, trao 40 tấm chăn", {"blankets": 40}),
        ("tặng ngay 5 suất quà", {"gifts": 5}),
        # no diacritics, capitals, phone spacing
        (
            "TANG 3 NHA TINH NGHIA, 120 CHAN AM, TONG 815 TRIEU DONG",
            {"houses": 3, "blankets": 120, "money": 815_000_000},
        ),
        (
            "tang 3 nha, 842 suat qua = 512 300 000 d",
            {"houses": 3, "gifts": 842, "money": 512_300_000},
        ),
        # label first, as in a form
        ("Nhà: 3, quà: 842, tiền: 512tr", {"houses": 3, "gifts": 842, "money": 512_000_000}),
        ("tổng số tiền là 1.701.500.000 đ", {"money": 1_701_500_000}),
        ("tương đương 3.383 triệu đồng", {"money": 3_383_000_000}),
        ("trị giá 2 tỷ 514 triệu đồng cho 1055 suất", {"money": 2_514_000_000, "gifts": 1055}),
        ("152.000.000đ", {"money": 152_000_000}),
        # a scale word on a count is a count
        ("1,2 nghìn suất quà", {"gifts": 1200}),
        # the same value twice is not a conflict
        ("3 nhà, tức là 3 nhà tình nghĩa", {"houses": 3}),
        ("", {}),
    ],
)
def test_figures_are_found(sentence: str, expected: dict[str, int]) -> None:
    extraction = extract_figures(sentence)
    assert extraction.values == expected
    assert extraction.ok, extraction.issues


def test_each_figure_points_at_its_words() -> None:
    sentence = "vận động 3 nhà, 842 suất quà = 512.300.000 đ"
    extraction = extract_figures(sentence)
    assert [(f.code, f.text) for f in extraction.figures] == [
        ("houses", "3 nhà"),
        ("gifts", "842 suất quà"),
        ("money", "= 512.300.000 đ"),
    ]
    for figure in extraction.figures:
        assert sentence[figure.span[0] : figure.span[1]] == figure.text
    assert extraction.spans["gifts"] == (16, 28)


def test_spans_survive_decomposed_input() -> None:
    sentence = "tặng 3 nhà tình nghĩa".replace("ặ", "a\u0323\u0306")
    extraction = extract_figures(sentence)
    assert extraction.values == {"houses": 3}
    assert extraction.figures[0].text == sentence[sentence.index("3") :]


def test_ambiguous_amount_is_asked_back() -> None:
    extraction = extract_figures("1.5 tỷ")
    assert extraction.values == {}
    (issue,) = extraction.issues
    assert issue.kind is IssueKind.BAD_NUMBER
    assert (issue.code, issue.problem, issue.candidates) == (
        "money",
        Problem.AMBIGUOUS_SEPARATOR,
        (1_500_000_000,),
    )
    assert issue.text == "1.5 tỷ"


@pytest.mark.parametrize(
    ("sentence", "code", "problem", "candidates"),
    [
        ("tặng 1,5 suất quà", "gifts", Problem.FRACTIONAL_COUNT, ()),
        ("tặng 1,250 suất quà", "gifts", Problem.AMBIGUOUS_SEPARATOR, (1250,)),
        ("tổng 815", "money", Problem.MISSING_UNIT, (815_000, 815_000_000, 815_000_000_000)),
        ("trị giá 2tr50", "money", Problem.AMBIGUOUS_SHORTHAND, (2_500_000, 2_050_000)),
        ("tặng -3 nhà", "houses", Problem.NEGATIVE, ()),
    ],
)
def test_bad_numbers_for_known_indicators(
    sentence: str, code: str, problem: Problem, candidates: tuple[int, ...]
) -> None:
    (issue,) = extract_figures(sentence).issues
    assert (issue.kind, issue.code, issue.problem, issue.candidates) == (
        IssueKind.BAD_NUMBER,
        code,
        problem,
        candidates,
    )


def test_same_indicator_with_different_values_is_a_conflict() -> None:
    extraction = extract_figures("3 nhà, 842 suất quà, 4 nhà")
    assert extraction.values == {"gifts": 842}
    (issue,) = extraction.issues
    assert (issue.kind, issue.code, issue.values) == (IssueKind.CONFLICT, "houses", (3, 4))
    assert issue.text == "3 nhà, 4 nhà"
    assert [f.value for f in extraction.figures if f.code == "houses"] == [3, 4]


def test_two_money_totals_that_disagree_conflict() -> None:
    extraction = extract_figures("842 suất quà = 512.300.000 đ, tổng 512 triệu")
    (issue,) = extraction.issues
    assert (issue.kind, issue.values) == (IssueKind.CONFLICT, (512_300_000, 512_000_000))


@pytest.mark.parametrize(
    ("sentence", "unrecognised"),
    [
        ("5 suất quà 3", ["3"]),
        ("Sư đoàn 470 tặng 5 suất quà", ["470"]),
        ("3 120 chăn", ["3"]),
        ("tặng 7 cây", ["7"]),
        ("5 ti vi và 3 nhà", ["5"]),
    ],
)
def test_numbers_nobody_claims_are_listed(sentence: str, unrecognised: list[str]) -> None:
    extraction = extract_figures(sentence)
    issues = [i for i in extraction.issues if i.kind is IssueKind.UNRECOGNISED]
    assert [i.text for i in issues] == unrecognised
    assert all(i.values == (int(i.text),) for i in issues)


def test_dates_and_times_are_left_out_with_their_reason() -> None:
    sentence = "ngày 19/5/2020 tặng 5 suất quà, 8h30 ngày 6/12"
    extraction = extract_figures(sentence)
    assert [(x.reason, sentence[x.span[0] : x.span[1]]) for x in extraction.left_out] == [
        (Reason.DATE, "ngày 19/5/2020"),
        (Reason.TIME, "8h30"),
        (Reason.DATE, "ngày 6/12"),
    ]


def test_vocabulary_from_a_config_file() -> None:
    loaded = json.loads(
        json.dumps(
            {
                "wheelchairs": ["count", ["xe lăn", "chiếc xe lăn"]],
                "savings": ["money", ["sổ tiết kiệm"]],
            }
        )
    )
    vocabulary = {code: (kind, words) for code, (kind, words) in loaded.items()}
    extraction = extract_figures("trao 4 chiếc xe lăn và sổ tiết kiệm 20 triệu", vocabulary)
    assert extraction.values == {"wheelchairs": 4, "savings": 20_000_000}


def test_default_vocabulary_is_plain_data() -> None:
    assert json.loads(json.dumps(DEFAULT_VOCABULARY)).keys() == DEFAULT_VOCABULARY.keys()
    assert {kind for kind, _ in DEFAULT_VOCABULARY.values()} == {"count", "money"}


def test_unknown_kind_is_refused() -> None:
    with pytest.raises(ValueError, match="kind"):
        extract_figures("3 nhà", {"houses": ("number", ["nhà"])})  # type: ignore[dict-item]


def test_without_a_money_indicator_amounts_are_unrecognised() -> None:
    extraction = extract_figures("3 nhà 2 tỷ", {"houses": ("count", ["nhà"])})
    assert extraction.values == {"houses": 3}
    (issue,) = extraction.issues
    assert (issue.kind, issue.values) == (IssueKind.UNRECOGNISED, (2_000_000_000,))


def vn(n: int) -> str:
    return f"{n:,}".replace(",", ".")


COUNT_WORDS = {"houses": "nhà tình nghĩa", "gifts": "suất quà", "blankets": "chăn ấm"}


@given(
    st.dictionaries(st.sampled_from(sorted(COUNT_WORDS)), st.integers(0, 10**6), min_size=0),
    st.one_of(st.none(), st.integers(1000, 10**14)),
    st.sampled_from([", ", "; ", " và ", " - "]),
)
def test_generated_reports_come_back_exactly(
    counts: dict[str, int], money: int | None, joiner: str
) -> None:
    parts = [f"{vn(value)} {COUNT_WORDS[code]}" for code, value in counts.items()]
    if money is not None:
        parts.append(f"tổng {vn(money)} đồng")
    extraction = extract_figures("tặng " + joiner.join(parts))
    expected = dict(counts) | ({} if money is None else {"money": money})
    assert extraction.values == expected
    assert extraction.ok


@given(
    st.text(alphabet=st.sampled_from(list("0123456789 .,/:=-đnhàquấtrỷk%\u0301*_")), max_size=40)
)
@example("0:00.0")  # a time of day must not cut "00.0" in two
def test_no_number_is_silently_dropped(sentence: str) -> None:
    extraction = extract_figures(sentence)
    assert misplaced(extraction) == [], (sentence, extraction)
