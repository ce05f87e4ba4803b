"""A pasted sentence of the report ("vận động 3 nhà, 842 suất quà = 512.300.000 đ"): the
figures read from it, and a question with buttons for each thing it does not say clearly
(a number read two ways, a number not tied to an indicator)."""

from __future__ import annotations

import html

from telegram import InlineKeyboardMarkup, Update

from bot.app import callbacks
from bot.app.scope import HoiContext
from bot.figures.draft import (
    WORDS_MISMATCH,
    answered,
    apply_extraction,
    sentence_worth_reading,
    skipped,
)
from bot.figures.indicators import indicator_name, vocabulary
from bot.figures.sentences import extract_figures
from bot.figures.validation import show_value
from bot.text.i18n import _
from handlers.figures.buttons import button
from handlers.figures.submit.card import show_card
from handlers.figures.submit.flow import Flow, example, pressed, show
from handlers.figures.submit.prompts import next_step


async def read_sentence(update: Update, flow: Flow, text: str, *, fallback: bool = False) -> None:
    """Take the figures of `text`; `fallback`: the card is up, and this text was not about it."""
    extraction = extract_figures(text, vocabulary(flow.indicators))
    if not sentence_worth_reading(extraction):
        message = update.effective_message
        assert message is not None
        if fallback:
            await message.reply_text(
                _(
                    "I found no figures in that. Tap a button on the card above, or paste the "
                    "sentence of your report."
                )
            )
        else:
            await message.reply_text(
                _(
                    "I found no figures in that sentence. Please type the figures one by one: "
                    "send /nop."
                )
            )
        return
    by_code = {i.code: i for i in flow.indicators}
    flow.draft.sentence = text
    apply_extraction(flow.draft, extraction, by_code)
    if flow.draft.questions:
        await ask_question(update, flow)
        return
    await show_card(update, flow)


async def ask_question(update: Update, flow: Flow) -> None:
    """Ask the first open question: which reading of a number, or which indicator it is."""
    await flow.save("question")
    question = flow.draft.questions[0]
    rev = flow.draft.rev
    rows = []
    if question.problem == WORDS_MISMATCH:
        digits, words = question.candidates
        indicator = flow.by_id[question.indicator or 0]
        text = _(
            "In “{text}” the amount in digits ({digits}) and in words ({words}) disagree. "
            "Which is right?"
        ).format(
            text=html.escape(question.text),
            digits=show_value(indicator, digits),
            words=show_value(indicator, words),
        )
        for index, candidate in enumerate(question.candidates):
            rows.append([button(show_value(indicator, candidate), "fq", rev, index)])
    elif question.indicator is not None:
        indicator = flow.by_id[question.indicator]
        text = _("In “{text}”, what is the {name}?").format(
            text=html.escape(question.text), name=html.escape(indicator_name(indicator).lower())
        )
        if not question.candidates:
            text += "\n" + _("Please type it, e.g. {example}.").format(example=example(indicator))
        for index, candidate in enumerate(question.candidates[:4]):
            rows.append([button(show_value(indicator, candidate), "fq", rev, index)])
        if question.candidates:
            text += "\n" + _("Tap the right one, or type the figure again.")
    else:
        text = _("What is the number “{text}” in your sentence?").format(
            text=html.escape(question.text)
        )
        for indicator_id in flow.draft.order:
            indicator = flow.by_id[indicator_id]
            rows.append([button(indicator_name(indicator), "fq", rev, indicator_id)])
        rows.append([button(_("Not a figure: skip it"), "fq", rev, "skip")])
    rows.append([flow.cancel_button()])
    await show(update, text, InlineKeyboardMarkup(rows))


async def press_question(update: Update, context: HoiContext) -> None:
    """A reading, or an indicator, chosen for the first open question."""
    flow, (choice,) = await pressed(update, context, "fq", 1)
    if not flow.draft.questions:
        raise callbacks.StaleButton(choice)
    question = flow.draft.questions[0]
    if choice == "skip":
        skipped(flow.draft, question)
    elif question.indicator is not None:
        index = int(choice)
        if not 0 <= index < len(question.candidates):
            raise callbacks.StaleButton(choice)
        answered(flow.draft, question, value=question.candidates[index], indicator=None)
    else:
        indicator_id = int(choice)
        if indicator_id not in flow.by_id:
            raise callbacks.StaleButton(choice)
        answered(flow.draft, question, value=None, indicator=indicator_id)
    await after_question(update, flow)


async def after_question(update: Update, flow: Flow) -> None:
    """The next question; when none is left, the card for a sentence, else the next prompt
    (a typed answer with two readings is asked about too)."""
    if flow.draft.questions:
        await ask_question(update, flow)
        return
    if not flow.draft.sentence:
        await next_step(update, flow)
        return
    await show_card(update, flow)
