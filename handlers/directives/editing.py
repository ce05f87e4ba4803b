"""The buttons of a directive's draft card: questions, kind, replaced directive, reading,
dropping, and publishing after one more confirmation."""

from __future__ import annotations

import html

from telegram import InlineKeyboardMarkup, Update
from telegram.ext import BaseHandler, CallbackQueryHandler

from bot.app import callbacks
from bot.app.errors import UserError
from bot.app.scope import HoiContext
from bot.directives import drafting
from bot.directives.publishing import ensure_ready, publish, recipient_count
from bot.directives.render import KIND_NAMES, reference
from bot.directives.text import DirectiveKind
from bot.text.formatting import format_number
from bot.text.i18n import N_, _, gettext
from bot.text.moments import format_release
from handlers.buttons import button
from handlers.conversation.waiting import expect, stop
from handlers.directives.card import own_draft, show_card
from storage.directives import (
    get_directive,
    list_files,
    list_rules,
)
from storage.models import (
    Directive,
    DirectiveState,
)

KINDS = list(DirectiveKind)
# Telegram lets bots download files up to 20 MB.

_QUESTIONS = {
    "number": N_("Please send the document number, for example: 72/HTS"),
    "date": N_(
        "Please send the place and date, for example: Hà Nội, 8/9/2020 (or only the date: 8/9/2020)"
    ),
    "title": N_("Please send the title of the document."),
    "signer": N_(
        "Please send who signed it: the position on the first line, the name on the second. "
        "For example:\nCHỦ TỊCH\nThiếu tướng Võ Sở"
    ),
    "replaces": N_(
        "Please send the number of the directive this one replaces, for example: 36/HD-HTS"
    ),
    "attach": N_("Please send the file or photo to attach."),
}


async def press_card(update: Update, context: HoiContext) -> None:
    """A button of the draft card."""
    query = update.callback_query
    assert query is not None
    raw_id, op = callbacks.unpack(query.data, "dd", 2)
    directive = await own_draft(context, callbacks.number(raw_id, query.data))
    author = directive.author_id or 0
    if op in _QUESTIONS:
        await expect(context, author, "directive", op, directive.id)
        rows = [[button(gettext("↩️ Back"), "dd", directive.id, "card")]]
        if op == "replaces" and directive.replaces_id:
            rows.insert(0, [button(gettext("Replaces nothing"), "dx", directive.id, 0)])
        await query.answer()
        await query.edit_message_text(
            gettext(_QUESTIONS[op]), reply_markup=InlineKeyboardMarkup(rows)
        )
        return
    if op == "kind":
        await query.answer()
        rows = [
            [button(gettext(KIND_NAMES[kind]), "dk", directive.id, index)]
            for index, kind in enumerate(KINDS)
        ]
        rows.append([button(gettext("↩️ Back"), "dd", directive.id, "card")])
        await query.edit_message_text(
            _("Which kind of document is it?"), reply_markup=InlineKeyboardMarkup(rows)
        )
        return
    if op == "read":
        await _read(update, context, directive)
        return
    if op == "card":
        await stop(context, author)
        await query.answer()
        await show_card(update, context, directive)
        return
    if op == "drop":
        directive.state = DirectiveState.DISCARDED
        await stop(context, author)
        await query.answer()
        await query.edit_message_text(_("The draft was dropped. Nothing was sent."))
        return
    if op in ("pub", "pubd"):
        await _ask_to_publish(update, context, directive, for_comment=op == "pubd")
        return
    if op in ("ok", "okd"):
        await _publish(update, context, directive, for_comment=op == "okd")
        return
    raise callbacks.StaleButton(query.data)


async def _read(update: Update, context: HoiContext, directive: Directive) -> None:
    query = update.callback_query
    assert query is not None
    if not directive.source_text.strip() and not await list_files(context.session, directive.id):
        raise UserError(
            N_("Nothing to read yet: paste the text of the document, or send its file.")
        )
    if directive.source_text.strip():
        await drafting.fill_from_text(context.session, directive, directive.source_text)
    await stop(context, directive.author_id or 0)
    await query.answer()
    await show_card(update, context, directive)


async def choose_kind(update: Update, context: HoiContext) -> None:
    query = update.callback_query
    assert query is not None
    directive_id, index = callbacks.unpack_ids(query.data, "dk", 2)
    directive = await own_draft(context, directive_id)
    if index >= len(KINDS):
        raise callbacks.StaleButton(query.data)
    directive.kind = KINDS[index].value
    drafting.refresh_search(directive)
    await query.answer()
    await show_card(update, context, directive)


async def choose_replaced(update: Update, context: HoiContext) -> None:
    query = update.callback_query
    assert query is not None
    directive_id, target = callbacks.unpack_ids(query.data, "dx", 2)
    directive = await own_draft(context, directive_id)
    if target == 0:
        directive.replaces_id = None
    else:
        replaced = await get_directive(context.session, target)
        if replaced is None or replaced.state is not DirectiveState.PUBLISHED:
            raise callbacks.StaleButton(query.data)
        directive.replaces_id = replaced.id
    await stop(context, directive.author_id or 0)
    await query.answer()
    await show_card(update, context, directive)


async def _ask_to_publish(
    update: Update, context: HoiContext, directive: Directive, *, for_comment: bool
) -> None:
    query = update.callback_query
    assert query is not None
    total, reachable = await recipient_count(context.session, directive.id)
    rules = await list_rules(context.session, directive.id)
    ensure_ready(directive, rules, total, for_comment=for_comment)
    await query.answer()
    if for_comment:
        question = _(
            "Send the draft {ref} for comment to {total} people ({reachable} on Telegram)?\n"
            "They will see it marked DỰ THẢO (draft)."
        )
        go = button(gettext("📝 Send for comment now"), "dd", directive.id, "okd")
    else:
        question = _(
            "Publish {ref} to {total} people ({reachable} on Telegram)?\n"
            "Once published it cannot be changed."
        )
        go = button(gettext("✅ Publish now"), "dd", directive.id, "ok")
    text = question.format(
        ref=html.escape(reference(directive)),
        total=format_number(total),
        reachable=format_number(reachable),
    )
    rows = [[go], [button(gettext("↩️ Back"), "dd", directive.id, "card")]]
    await query.edit_message_text(text, reply_markup=InlineKeyboardMarkup(rows))


async def _publish(
    update: Update, context: HoiContext, directive: Directive, *, for_comment: bool
) -> None:
    query = update.callback_query
    assert query is not None
    settings = context.settings
    result = await publish(context.session, directive, settings, for_comment=for_comment)
    await stop(context, directive.author_id or 0)
    lines = [
        _("✅ Published {ref}: it goes to {total} people.").format(
            ref=html.escape(reference(directive)), total=format_number(result.recipients)
        )
    ]
    published = directive.published_at or result.release_at
    if result.release_at > published:
        lines.append(
            _("It is quiet hours: they will be sent at {time}.").format(
                time=format_release(result.release_at, published, settings.tz)
            )
        )
    follow = directive.number or f"#{directive.id}"
    lines.append(_("Follow who received it: /chidao {number} tiendo").format(number=follow))
    await query.answer()
    await query.edit_message_text("\n".join(lines))


def handlers() -> list[BaseHandler[Update, HoiContext, None]]:
    return [
        CallbackQueryHandler(press_card, pattern=callbacks.pattern("dd")),
        CallbackQueryHandler(choose_kind, pattern=callbacks.pattern("dk")),
        CallbackQueryHandler(choose_replaced, pattern=callbacks.pattern("dx")),
    ]
