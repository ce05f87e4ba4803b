"""A submission in progress, as plain data stored with the draft row at every step.

Values come from answers to one prompt per indicator, or from a pasted sentence; what the
bot could not read for sure becomes a `Question` with the readings to offer as buttons.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from typing import Any

from bot.figures.left_out import Reason
from bot.figures.sentences import Extraction, IssueKind
from bot.text.amount_pairs import amount_pairs, disagreements
from bot.text.money import NumberResult, Problem, parse_amount, parse_count
from bot.text.number_words import find_amounts_in_words
from storage.models import Indicator, IndicatorKind


@dataclass
class Question:
    """Asked back with buttons: which value (`indicator` set) or which indicator (`value` set)."""

    text: str  # the words of the sentence (or the typed answer) it is about
    indicator: int | None = None
    candidates: list[int] = field(default_factory=list)
    value: int | None = None
    problem: str | None = None


@dataclass
class Draft:
    rev: int = 0
    order: list[int] = field(default_factory=list)  # indicator ids, in asking order
    index: int = 0  # the indicator being asked
    values: dict[int, int] = field(default_factory=dict)
    previous: dict[int, int] = field(default_factory=dict)  # already stored (a correction)
    quotes: dict[int, str] = field(default_factory=dict)  # where a value was read
    unstated: list[int] = field(default_factory=list)  # not in the sentence: taken as 0
    questions: list[Question] = field(default_factory=list)
    # numbers of the sentence that are no figures: [words, reason] (a bot.figures.left_out
    # Reason's value), shown on the card as "không tính: …" so that none is lost in silence
    left_out: list[list[str]] = field(default_factory=list)
    sentence: str = ""
    editing_one: bool = False  # asked from the card: back to the card after the answer

    def dump(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def load(cls, text: str) -> Draft:
        raw = json.loads(text or "{}")
        draft = cls(**{k: v for k, v in raw.items() if k != "questions"})
        draft.values = {int(k): v for k, v in draft.values.items()}
        draft.previous = {int(k): v for k, v in draft.previous.items()}
        draft.quotes = {int(k): v for k, v in draft.quotes.items()}
        draft.questions = [Question(**q) for q in raw.get("questions", [])]
        return draft

    @property
    def current(self) -> int | None:
        return self.order[self.index] if 0 <= self.index < len(self.order) else None

    def complete(self) -> dict[int, int]:
        """Every indicator's value, those not given taken as 0."""
        return {i: self.values.get(i, 0) for i in self.order}


def read_value(indicator: Indicator, text: str) -> NumberResult:
    if indicator.kind is IndicatorKind.MONEY:
        return parse_amount(text)
    return parse_count(text)


def apply_extraction(draft: Draft, extraction: Extraction, by_code: dict[str, Indicator]) -> None:
    """Take what the sentence says; questions for what it does not say clearly."""
    draft.questions = []
    draft.left_out = [[x.text, x.reason.value] for x in extraction.left_out]
    conflicted = {i.code for i in extraction.issues if i.kind is IssueKind.CONFLICT}
    for figure in extraction.figures:
        indicator = by_code.get(figure.code)
        if indicator is not None and figure.code not in conflicted:
            draft.values[indicator.id] = figure.value
            draft.quotes[indicator.id] = figure.text
    for issue in extraction.issues:
        indicator = by_code.get(issue.code or "")
        if issue.kind is IssueKind.CONFLICT and indicator is not None:
            draft.questions.append(Question(issue.text, indicator.id, list(issue.values)))
        elif issue.kind is IssueKind.BAD_NUMBER and indicator is not None:
            problem = issue.problem.value if issue.problem else None
            draft.questions.append(
                Question(issue.text, indicator.id, list(issue.candidates), problem=problem)
            )
        elif issue.kind is IssueKind.UNRECOGNISED and issue.values:
            draft.questions.append(Question(issue.text, value=issue.values[0]))
    draft.questions += _words_against_digits(extraction.text, by_code)
    draft.questions += _words_alone(extraction.text, draft, by_code)
    mentioned = set(draft.values) | {q.indicator for q in draft.questions if q.indicator}
    draft.unstated = [i for i in draft.order if i not in mentioned and i not in draft.previous]
    for indicator_id in draft.order:
        if indicator_id not in mentioned and indicator_id in draft.previous:
            draft.values.setdefault(indicator_id, draft.previous[indicator_id])


# Question.problem of an amount whose digits and words disagree, and of one in words only.
WORDS_MISMATCH = "words_mismatch"
WORDS_ONLY = "words_only"


def _words_alone(text: str, draft: Draft, by_code: dict[str, Indicator]) -> list[Question]:
    """An amount in words with no digits beside it ("trị giá hai triệu đồng"), when the
    sentence gives no money otherwise: read, and asked to be confirmed with a button."""
    money = next((i for i in by_code.values() if i.kind is IndicatorKind.MONEY), None)
    if money is None or money.id in draft.values:
        return []
    if any(q.indicator == money.id for q in draft.questions):
        return []
    paired = {pair.words for pair in amount_pairs(text)}
    alone = [
        found
        for found in find_amounts_in_words(text)
        if found.value is not None and found.text not in paired
    ]
    return [Question(a.text, money.id, [a.value or 0], problem=WORDS_ONLY) for a in alone[:1]]


def _words_against_digits(text: str, by_code: dict[str, Indicator]) -> list[Question]:
    """An amount in digits and again in words that disagree: which one is right?"""
    money = next((i for i in by_code.values() if i.kind is IndicatorKind.MONEY), None)
    if money is None:
        return []
    return [
        Question(
            f"{pair.digits} ({pair.words})",
            money.id,
            [pair.digits_value, pair.words_value],
            problem=WORDS_MISMATCH,
        )
        for pair in disagreements(text)
        if pair.money and pair.digits_value is not None and pair.words_value is not None
    ]


def question_for(indicator: Indicator, text: str, result: NumberResult) -> Question | None:
    """A typed answer with several readings becomes a question; None if nothing to offer."""
    if (
        result.problem
        in (
            Problem.AMBIGUOUS_SEPARATOR,
            Problem.AMBIGUOUS_SHORTHAND,
            Problem.MISSING_UNIT,
            Problem.MONEY_AS_COUNT,
        )
        and result.candidates
    ):
        return Question(text, indicator.id, list(result.candidates), problem=result.problem.value)
    return None


def sentence_worth_reading(extraction: Extraction) -> bool:
    """A text is taken as a pasted report when it names at least one figure by its words."""
    return bool(extraction.figures) or any(i.code for i in extraction.issues)


def skipped(draft: Draft, question: Question) -> None:
    """The lead said the number asked about is no figure: it is left out, and said so."""
    draft.left_out.append([question.text, Reason.SKIPPED.value])
    draft.questions.remove(question)


def answered(draft: Draft, question: Question, *, value: int | None, indicator: int | None) -> None:
    """Record the answer to the first question and drop it."""
    if question.indicator is not None and value is not None:
        draft.values[question.indicator] = value
        draft.quotes[question.indicator] = question.text
        if question.indicator in draft.unstated:
            draft.unstated.remove(question.indicator)
    elif indicator is not None and question.value is not None:
        draft.values[indicator] = question.value
        draft.quotes[indicator] = question.text
        if indicator in draft.unstated:
            draft.unstated.remove(indicator)
    draft.questions.remove(question)
