"""Text a lead types while a submission is open: the answer to a prompt or to a question,
or a pasted sentence; a number that cannot be read gets an answer saying why."""

from __future__ import annotations

import html

from telegram import Update

from bot.app.scope import HoiContext
from bot.conversation import Waiting
from bot.figures.draft import answered, question_for, read_value, sentence_worth_reading
from bot.figures.indicators import vocabulary
from bot.figures.sentences import extract_figures
from bot.text.i18n import N_, _
from bot.text.money import NumberResult, Problem
from handlers.figures.submit.flow import Flow, current_flow, example, show
from handlers.figures.submit.prompts import answer, keyboard
from handlers.figures.submit.sentence import after_question, ask_question, read_sentence
from storage.models import Indicator

_AMBIGUOUS = N_("“{text}” can be read in more than one way. Please type it again, e.g. {example}.")
_PROBLEMS = {
    Problem.NOT_A_NUMBER: N_(
        "I could not read a number in “{text}”. Please type a number, e.g. {example}."
    ),
    Problem.NEGATIVE: N_("Figures cannot be negative. Please type the number again."),
    Problem.FRACTIONAL_COUNT: N_(
        "“{text}” is not a whole number. Please type a whole number, e.g. {example}."
    ),
    Problem.FRACTIONAL_AMOUNT: N_(
        "“{text}” has a fraction of a đồng. Please type the amount again."
    ),
    Problem.MONEY_AS_COUNT: N_(
        "“{text}” is an amount of money; here I need how many. Please type a number, e.g. "
        "{example}."
    ),
    Problem.TOO_LARGE: N_(
        "“{text}” is far too large for a report. Please check it and type it again."
    ),
    Problem.AMBIGUOUS_SEPARATOR: _AMBIGUOUS,
    Problem.AMBIGUOUS_SHORTHAND: _AMBIGUOUS,
    Problem.MISSING_UNIT: N_(
        "Is “{text}” in đồng, thousands, millions or billions? Please type it with its unit, e.g. "
        "{example}."
    ),
}


def _problem(indicator: Indicator, text: str, result: NumberResult) -> str:
    """Why `text` is not a value for `indicator`, and what to type instead."""
    problem = result.problem or Problem.NOT_A_NUMBER
    return _(_PROBLEMS[problem]).format(text=html.escape(text[:60]), example=example(indicator))


async def take_text(update: Update, context: HoiContext, waiting: Waiting) -> bool:
    """A typed answer or a pasted sentence for the open submission (else let others handle it)."""
    message = update.effective_message
    if message is None or message.text is None:
        return False
    flow = await current_flow(context)
    if flow is None:
        return False
    text = message.text.strip()
    step = flow.row.step
    if step == "ask":
        await _typed_value(update, flow, text)
    elif step == "question":
        await _typed_answer(update, flow, text)
    elif step == "confirm" and flow.period is not None:
        await read_sentence(update, flow, text, fallback=True)
    else:
        await message.reply_text(
            _("Please choose with the buttons above, or send /nop to start again.")
        )
    # The text was the submission's: the features' own text handlers must not see it too.
    return True


async def _typed_value(update: Update, flow: Flow, text: str) -> None:
    indicator = flow.indicator
    result = read_value(indicator, text)
    if result.ok and result.value is not None:
        await answer(update, flow, result.value)
        return
    # Not a number, but perhaps the whole report in a sentence, pasted at a prompt.
    if result.problem is Problem.NOT_A_NUMBER:
        extraction = extract_figures(text, vocabulary(flow.indicators))
        if sentence_worth_reading(extraction):
            await read_sentence(update, flow, text)
            return
    question = question_for(indicator, text, result)
    if question is not None:
        flow.draft.questions = [question]
        await ask_question(update, flow)
        return
    await show(update, _problem(indicator, text, result), keyboard(flow))


async def _typed_answer(update: Update, flow: Flow, text: str) -> None:
    question = flow.draft.questions[0]
    if question.indicator is None:
        await show(update, _("Please tap the indicator this number belongs to."))
        return
    indicator = flow.by_id[question.indicator]
    result = read_value(indicator, text)
    if not result.ok or result.value is None:
        message = update.effective_message
        assert message is not None
        await message.reply_text(_problem(indicator, text, result))
        return
    answered(flow.draft, question, value=result.value, indicator=None)
    await after_question(update, flow)
