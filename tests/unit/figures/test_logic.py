"""Pure parts of charity figures: periods, the indicator file, validation rules, drafts."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Literal
from zoneinfo import ZoneInfo

import pytest

from bot.app.errors import UserError
from bot.figures.draft import Draft, apply_extraction
from bot.figures.indicators import DEFAULT_FILE, parse_indicator_file
from bot.figures.periods import recent_periods, reporting_period, split_period, timely_until
from bot.figures.sentences import extract_figures
from bot.figures.validation import check_figures
from bot.text.i18n import use_locale
from storage.models import Indicator, IndicatorKind

TODAY = date(2026, 11, 24)
ONE = '[[indicator]]\ncode = "a"\nname_vi = "X"\n'


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Q1/2020", "2020-Q1"),
        ("Quý I/2020", "2020-Q1"),
        ("2020-Q1", "2020-Q1"),
        ("tháng 3/2020", "2020-03"),
        ("6 tháng đầu năm 2020", "2020-H1"),
        ("năm 2020", "2020"),
        ("2020", "2020"),
        ("2020-H2", "2020-H2"),
    ],
)
def test_reporting_periods_as_people_write_them(text: str, code: str) -> None:
    span = reporting_period(text, TODAY)
    assert span is not None and span.code == code
    assert reporting_period(span.code, TODAY) == span


@pytest.mark.parametrize("text", ["Q5/2020", "19/5/2020", "trước 15/12", "abc", ""])
def test_what_is_not_a_reporting_period(text: str) -> None:
    assert reporting_period(text, TODAY) is None


def test_period_then_sentence() -> None:
    span, rest = split_period(["Quý", "I/2020", "tặng", "3", "nhà"], TODAY)
    assert span is not None and span.code == "2020-Q1" and rest == ["tặng", "3", "nhà"]
    assert split_period(["3", "nhà"], TODAY) == (None, ["3", "nhà"])


def test_recent_periods_start_with_the_last_quarter() -> None:
    assert [p.code for p in recent_periods(date(2026, 1, 5))][:2] == ["2025-Q4", "2026-Q1"]


def test_on_time_means_by_the_end_of_the_grace_day_in_vietnam() -> None:
    until = timely_until(date(2020, 4, 10), 3, ZoneInfo("Asia/Ho_Chi_Minh"))
    assert until == datetime(2020, 4, 13, 17, tzinfo=UTC)


def test_the_default_indicator_file_reads() -> None:
    specs = parse_indicator_file(DEFAULT_FILE)
    assert [s.code for s in specs] == ["houses", "gifts", "blankets", "money"]
    assert specs[3].per == ("gifts", 50_000, 10_000_000)


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        ('[[indicator]]\ncode = "a b"\nname_vi = "X"', "code"),
        ('[[indicator]]\ncode = "a"\nname_vi = "X"\nkind = "weight"', "kind"),
        (
            '[[indicator]]\ncode = "a"\nname_vi = "X"\n[[indicator]]\ncode = "a"\nname_vi = "Y"',
            "twice",
        ),
        (
            '[[indicator]]\ncode = "a"\nname_vi = "X"\nper = { indicator = "b" }',
            "unknown indicator",
        ),
        ('[[indicator]]\ncode = "a"\nname_vi = "X"\ncolour = 1', "unknown field"),
        ('[[indicator]]\ncode = "a"\nname_vi = "X"\nmin = 5\nmax = 1', "min is above max"),
        ("code = 1", "lists no"),
        ("[[indicator", "not valid"),
    ],
)
def test_a_bad_indicator_file_names_its_problem(tmp_path: Path, content: str, problem: str) -> None:
    path = tmp_path / "indicators.toml"
    path.write_text(content, encoding="utf-8")
    with use_locale("en"), pytest.raises(UserError) as caught:
        parse_indicator_file(path)
    assert problem in caught.value.message.format(**caught.value.params)


def test_json_files_read_too(tmp_path: Path) -> None:
    path = tmp_path / "indicators.json"
    path.write_text('{"indicator": [{"code": "trees", "name_vi": "Cây xanh"}]}', encoding="utf-8")
    (spec,) = parse_indicator_file(path)
    assert spec.code == "trees" and spec.kind is IndicatorKind.COUNT and spec.min_value == 0


def _indicators() -> list[Indicator]:
    gifts = Indicator(
        id=2,
        code="gifts",
        kind=IndicatorKind.COUNT,
        name_vi="Suất quà",
        name_en="Gift packages",
        min_value=0,
        history_factor=10,
    )
    money = Indicator(
        id=4,
        code="money",
        kind=IndicatorKind.MONEY,
        name_vi="Tiền",
        name_en="Money",
        min_value=0,
        per_indicator_id=2,
        per_min=50_000,
        per_max=10_000_000,
        history_factor=10,
    )
    return [gifts, money]


def test_rules_refuse_negatives_and_question_odd_figures() -> None:
    indicators = _indicators()
    with use_locale("vi"):
        assert check_figures(indicators, {2: 842, 4: 512_300_000}, {}) == []
        (refusal,) = check_figures(indicators, {2: -1, 4: 0}, {})
        assert refusal.blocking and "thấp hơn mức tối thiểu" in refusal.text()
        (ratio,) = check_figures(indicators, {2: 2, 4: 500_000_000}, {})
        assert not ratio.blocking and "250.000.000" in ratio.text()
        (history,) = check_figures(indicators, {2: 5000, 4: 500_000_000}, {2: (100, 300)})
        assert not history.blocking and "gấp hơn 10 lần" in history.text()


def test_a_sentence_fills_a_draft_and_asks_about_the_rest() -> None:
    indicators = _indicators()
    by_code = {i.code: i for i in indicators}
    draft = Draft(order=[2, 4])
    vocabulary: dict[str, tuple[Literal["count", "money"], Sequence[str]]] = {
        "gifts": ("count", ("suất quà",)),
        "money": ("money", ("tổng",)),
    }
    apply_extraction(draft, extract_figures("1,250 suất quà, tổng 815 triệu", vocabulary), by_code)
    assert draft.values == {4: 815_000_000}
    (question,) = draft.questions
    assert question.indicator == 2 and question.candidates == [1250]
    restored = Draft.load(__import__("json").dumps(draft.dump()))
    assert restored == draft
