"""Publishing a directive from the chat: the admin sends it (a file, or `/vanban` and the
text), and answers the questions the card's buttons ask. The draft is a database row at
every step."""

from __future__ import annotations

import html

from telegram import InlineKeyboardMarkup, Message, Update
from telegram.ext import BaseHandler, CommandHandler

from bot.app.errors import UserError
from bot.app.scope import HoiContext
from bot.conversation import Waiting
from bot.directives import drafting
from bot.directives.render import reference
from bot.directives.text import UnsupportedDocument, load_text
from bot.text.formatting import format_number
from bot.text.i18n import N_, _, gettext
from handlers.buttons import button
from handlers.conversation.waiting import expect, stop
from handlers.directives.card import require_admin, show_card
from storage.directives import (
    find_published,
    get_directive,
)
from storage.models import Directive, DirectiveFile, DirectiveState, Role

_DOWNLOAD_LIMIT = 20 * 1024 * 1024


async def start(update: Update, context: HoiContext) -> None:
    """Start a directive: the admin then sends its file or pastes its text (/vanban)."""
    message = update.effective_message
    assert message is not None
    author = require_admin(context)
    directive = drafting.new_draft(author)
    context.session.add(directive)
    await context.session.flush()
    await expect(context, author, "directive", "source", directive.id)
    pasted = _text_after_command(message)
    if pasted:
        directive.source_text = pasted
        await _confirm_collected(message, directive)
        return
    await message.reply_text(
        _(
            "📄 Send me the directive to publish: its file (.docx, .pdf or .txt), or paste "
            "its text (several messages are fine). Then tap “Read the document”."
        ),
        reply_markup=_reading_keyboard(directive.id),
    )


def _text_after_command(message: Message) -> str:
    text = message.text or ""
    command, _space, rest = text.partition(" ")
    if "\n" in command:
        command, _newline, more = text.partition("\n")
        rest = more
    return rest.strip()


def _reading_keyboard(directive_id: int) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [
            [button(gettext("📖 Read the document"), "dd", directive_id, "read")],
            [button(gettext("✖️ Cancel"), "dd", directive_id, "drop")],
        ]
    )


async def _confirm_collected(message: Message, directive: Directive) -> None:
    await message.reply_text(
        _(
            "Received {count} characters. Send more if the text continues, "
            "or tap “Read the document”."
        ).format(count=format_number(len(directive.source_text))),
        reply_markup=_reading_keyboard(directive.id),
    )


async def start_from_document(update: Update, context: HoiContext) -> bool:
    """An admin sent a file without being asked: it is a new directive to publish."""
    message, principal = update.effective_message, context.principal
    if message is None or message.document is None or principal is None:
        return False
    if not principal.has_role(Role.ADMIN):
        return False
    author = require_admin(context)
    directive = drafting.new_draft(author)
    context.session.add(directive)
    await context.session.flush()
    await _take_document(update, context, directive)
    return True


async def _take_document(update: Update, context: HoiContext, directive: Directive) -> None:
    message = update.effective_message
    assert message is not None and message.document is not None
    document = message.document
    name = document.file_name or "document"
    context.session.add(
        DirectiveFile(
            directive_id=directive.id,
            file_id=document.file_id,
            file_name=name,
            mime_type=document.mime_type,
            is_photo=False,
        )
    )
    directive.source_name = name
    try:
        if (document.file_size or 0) > _DOWNLOAD_LIMIT:
            raise UnsupportedDocument(gettext("The file is over 20 MB, too big for me to read."))
        file = await context.bot.get_file(document.file_id)
        text = load_text(name, bytes(await file.download_as_bytearray()))
    except UnsupportedDocument as problem:
        text = (message.caption or "").strip()
        if not text:
            await expect(context, directive.author_id or 0, "directive", "source", directive.id)
            await message.reply_text(
                _(
                    "I attached the file, but could not read its text: {problem}\n"
                    "Please paste the text, then tap “Read the document”, or tap it now "
                    "to fill in the fields yourself."
                ).format(problem=html.escape(str(problem))),
                reply_markup=_reading_keyboard(directive.id),
            )
            return
    await stop(context, directive.author_id or 0, "directive")
    await drafting.fill_from_text(context.session, directive, text)
    await show_card(update, context, directive)


async def answer(update: Update, context: HoiContext, waiting: Waiting) -> bool:
    """The admin's reply to a question about a draft."""
    message = update.effective_message
    assert message is not None
    directive = await get_directive(context.session, (waiting.draft_id or 0))
    if directive is None or directive.state is not DirectiveState.DRAFT:
        # The draft was published or dropped meanwhile: stop waiting, treat it as new.
        await stop(context, waiting.member_id)
        return False
    field = waiting.step
    if field == "source":
        if message.document is not None:
            await _take_document(update, context, directive)
            return True
        if not message.text:
            raise UserError(N_("Please paste the text of the document, or send it as a file."))
        directive.source_text = "\n".join(p for p in (directive.source_text, message.text) if p)
        await _confirm_collected(message, directive)
        return True
    if field == "attach":
        return await _attach(update, context, directive)
    text = message.text or ""
    if not text:
        raise UserError(N_("Please answer with text."))
    if field == "number":
        directive.number = drafting.parse_number(text)
    elif field == "date":
        place, issued = drafting.parse_place_date(text)
        directive.issued_on = issued
        directive.place = place or directive.place
    elif field == "title":
        directive.title = drafting.parse_title(text)
    elif field == "signer":
        directive.signer_title, directive.signer_name = drafting.parse_signer(text)
    elif field == "replaces":
        return await _choose_replaced(update, context, directive, text)
    drafting.refresh_search(directive)
    await stop(context, directive.author_id or 0)
    await show_card(update, context, directive)
    return True


async def _attach(update: Update, context: HoiContext, directive: Directive) -> bool:
    message = update.effective_message
    assert message is not None
    if message.document is not None:
        file = DirectiveFile(
            directive_id=directive.id,
            file_id=message.document.file_id,
            file_name=message.document.file_name,
            mime_type=message.document.mime_type,
            is_photo=False,
        )
    elif message.photo:
        file = DirectiveFile(
            directive_id=directive.id, file_id=message.photo[-1].file_id, is_photo=True
        )
    else:
        raise UserError(N_("Please send a file or a photo (or tap Back)."))
    context.session.add(file)
    await stop(context, directive.author_id or 0)
    await show_card(update, context, directive)
    return True


async def _choose_replaced(
    update: Update, context: HoiContext, directive: Directive, text: str
) -> bool:
    message = update.effective_message
    assert message is not None
    found = [d for d in await find_published(context.session, drafting.number_key(text)) if d]
    if not found:
        raise UserError(
            N_("No published directive has the number {number}. Please check it."),
            number=text.strip()[:60],
        )
    if len(found) == 1:
        directive.replaces_id = found[0].id
        await stop(context, directive.author_id or 0)
        await show_card(update, context, directive)
        return True
    rows = [
        [button(f"{reference(d)} · {(d.title or '')[:30]}", "dx", directive.id, d.id)]
        for d in found
    ]
    await message.reply_text(
        _("Several directives have this number. Which one?"),
        reply_markup=InlineKeyboardMarkup(rows),
    )
    return True


def handlers() -> list[BaseHandler[Update, HoiContext, None]]:
    return [CommandHandler("vanban", start)]
