"""The draft card of a directive: everything the bot read, a button for every fix."""

from __future__ import annotations

import logging

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.error import TelegramError

from bot.app.errors import NotAllowed, UserError
from bot.app.scope import HoiContext
from bot.directives.drafting import is_draft
from bot.directives.publishing import recipient_count
from bot.directives.reach import unreached_before
from bot.directives.render import CardParts, draft_card
from bot.text.i18n import N_, gettext
from handlers.buttons import button
from storage.directives import (
    get_directive,
    list_files,
    list_rules,
)
from storage.models import (
    Directive,
    DirectiveState,
    Role,
    Unit,
)

log = logging.getLogger(__name__)


def require_admin(context: HoiContext) -> int:
    principal = context.principal
    if principal is None or not principal.has_role(Role.ADMIN):
        raise NotAllowed(N_("Sorry, only the central office can publish directives."))
    return principal.member.id


async def own_draft(context: HoiContext, directive_id: int) -> Directive:
    author = require_admin(context)
    directive = await get_directive(context.session, directive_id)
    if directive is None or directive.author_id != author:
        raise UserError(N_("This draft is not yours, or it no longer exists."))
    if directive.state is not DirectiveState.DRAFT:
        raise UserError(N_("This directive is no longer a draft: it was published or dropped."))
    return directive


def card_keyboard(directive_id: int, draft: bool = False) -> InlineKeyboardMarkup:
    """The card's buttons; a draft (DỰ THẢO) gets its own button to send it for comment."""

    def b(label: str, op: str) -> InlineKeyboardButton:
        return button(gettext(label), "dd", directive_id, op)

    rows = [
        [b(N_("Kind"), "kind"), b(N_("Number"), "number")],
        [b(N_("Place and date"), "date"), b(N_("Title"), "title")],
        [b(N_("Signed by"), "signer"), b(N_("Replaces…"), "replaces")],
        [
            button(gettext("👥 Recipients"), "dr", directive_id, "list"),
            b(N_("📎 Attach a file"), "attach"),
        ],
        [b(N_("✅ Publish"), "pub"), b(N_("🗑 Drop the draft"), "drop")],
    ]
    if draft:
        rows.insert(-1, [b(N_("📝 Send the draft for comment"), "pubd")])
    return InlineKeyboardMarkup(rows)


async def card_parts(context: HoiContext, directive: Directive) -> CardParts:
    session = context.session
    rules = list(await list_rules(session, directive.id))
    unit_ids = [r.unit_id for r in rules if r.unit_id]
    names = {u.id: u.name for u in [await session.get(Unit, uid) for uid in unit_ids] if u}
    replaces = (
        await get_directive(session, directive.replaces_id) if directive.replaces_id else None
    )
    return CardParts(
        files=list(await list_files(session, directive.id)),
        rules=rules,
        unit_names=names,
        recipients=await recipient_count(session, directive.id),
        replaces=replaces,
        unreached=await unreached_before(session, directive.id),
    )


async def show_card(update: Update, context: HoiContext, directive: Directive) -> None:
    """Show the draft card: edit it in place after a button, else send it anew."""
    text = draft_card(directive, await card_parts(context, directive))
    markup = card_keyboard(directive.id, is_draft(directive))
    query = update.callback_query
    if query is not None and query.message is not None:
        await query.edit_message_text(text, reply_markup=markup)
        return
    message = update.effective_message
    assert message is not None
    await _retire_card(context, directive)
    sent = await message.reply_text(text, reply_markup=markup)
    directive.card_chat_id, directive.card_message_id = sent.chat_id, sent.message_id


async def _retire_card(context: HoiContext, directive: Directive) -> None:
    """Take the buttons off the previous card so only the newest one is used."""
    if directive.card_chat_id is None or directive.card_message_id is None:
        return
    try:
        await context.bot.edit_message_reply_markup(
            directive.card_chat_id, directive.card_message_id, reply_markup=None
        )
    except TelegramError:
        log.debug("old draft card %s could not be retired", directive.card_message_id)
