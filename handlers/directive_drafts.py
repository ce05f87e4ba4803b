"""Publishing a directive from the chat: the admin sends it, checks what the bot read, fixes
fields with buttons and replies, and confirms. The draft is a database row at every step.
"""

from __future__ import annotations

import html
import logging

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Message, Update
from telegram.error import TelegramError
from telegram.ext import BaseHandler, CallbackQueryHandler, CommandHandler

from bot import callbacks
from bot.directive_text import DirectiveKind, UnsupportedDocument, load_text
from bot.directives import drafting
from bot.directives.publishing import ensure_ready, publish, recipient_count
from bot.directives.render import KIND_NAMES, CardParts, draft_card, reference
from bot.errors import NotAllowed, UserError
from bot.formatting import format_moment, format_number
from bot.i18n import N_, _, gettext
from bot.quiet_hours import utc
from bot.scope import HoiContext
from handlers.buttons import button
from storage.directives import (
    find_published,
    get_directive,
    list_files,
    list_rules,
)
from storage.models import (
    Directive,
    DirectiveFile,
    DirectiveState,
    Prompt,
    Role,
    Unit,
)
from storage.prompts import ask, forget

log = logging.getLogger(__name__)

KINDS = list(DirectiveKind)
# Telegram lets bots download files up to 20 MB.
_DOWNLOAD_LIMIT = 20 * 1024 * 1024
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


def card_keyboard(directive_id: int) -> InlineKeyboardMarkup:
    def b(label: str, op: str) -> InlineKeyboardButton:
        return button(gettext(label), "dd", directive_id, op)

    return InlineKeyboardMarkup(
        [
            [b(N_("Kind"), "kind"), b(N_("Number"), "number")],
            [b(N_("Place and date"), "date"), b(N_("Title"), "title")],
            [b(N_("Signed by"), "signer"), b(N_("Replaces…"), "replaces")],
            [
                button(gettext("👥 Recipients"), "dr", directive_id, "list"),
                b(N_("📎 Attach a file"), "attach"),
            ],
            [b(N_("✅ Publish"), "pub"), b(N_("🗑 Drop the draft"), "drop")],
        ]
    )


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
    )


async def show_card(update: Update, context: HoiContext, directive: Directive) -> None:
    """Show the draft card: edit it in place after a button, else send it anew."""
    text = draft_card(directive, await card_parts(context, directive))
    markup = card_keyboard(directive.id)
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


async def start(update: Update, context: HoiContext) -> None:
    """Start a directive: the admin then sends its file or pastes its text (/vanban)."""
    message = update.effective_message
    assert message is not None
    author = require_admin(context)
    directive = drafting.new_draft(author)
    context.session.add(directive)
    await context.session.flush()
    await ask(context.session, author, "directive.source", directive.id)
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
            await ask(context.session, directive.author_id or 0, "directive.source", directive.id)
            await message.reply_text(
                _(
                    "I attached the file, but could not read its text: {problem}\n"
                    "Please paste the text, then tap “Read the document”, or tap it now "
                    "to fill in the fields yourself."
                ).format(problem=html.escape(str(problem))),
                reply_markup=_reading_keyboard(directive.id),
            )
            return
    await forget(context.session, directive.author_id or 0, "directive.")
    await drafting.fill_from_text(context.session, directive, text)
    await show_card(update, context, directive)


async def answer(update: Update, context: HoiContext, prompt: Prompt) -> bool:
    """The admin's reply to a question about a draft."""
    message = update.effective_message
    assert message is not None
    directive = await get_directive(context.session, prompt.subject_id)
    if directive is None or directive.state is not DirectiveState.DRAFT:
        # The draft was published or dropped meanwhile: stop waiting, treat it as new.
        await forget(context.session, prompt.member_id)
        return False
    field = prompt.purpose.removeprefix("directive.")
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
    await forget(context.session, directive.author_id or 0)
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
    await forget(context.session, directive.author_id or 0)
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
        await forget(context.session, directive.author_id or 0)
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


async def press_card(update: Update, context: HoiContext) -> None:
    """A button of the draft card."""
    query = update.callback_query
    assert query is not None
    raw_id, op = callbacks.unpack(query.data, "dd", 2)
    directive = await own_draft(context, callbacks.number(raw_id, query.data))
    author = directive.author_id or 0
    if op in _QUESTIONS:
        await ask(context.session, author, f"directive.{op}", directive.id)
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
        await forget(context.session, author)
        await query.answer()
        await show_card(update, context, directive)
        return
    if op == "drop":
        directive.state = DirectiveState.DISCARDED
        await forget(context.session, author)
        await query.answer()
        await query.edit_message_text(_("The draft was dropped. Nothing was sent."))
        return
    if op == "pub":
        await _ask_to_publish(update, context, directive)
        return
    if op == "ok":
        await _publish(update, context, directive)
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
    await forget(context.session, directive.author_id or 0)
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
    await forget(context.session, directive.author_id or 0)
    await query.answer()
    await show_card(update, context, directive)


async def _ask_to_publish(update: Update, context: HoiContext, directive: Directive) -> None:
    query = update.callback_query
    assert query is not None
    total, reachable = await recipient_count(context.session, directive.id)
    ensure_ready(directive, await list_rules(context.session, directive.id), total)
    await query.answer()
    text = _(
        "Publish {ref} to {total} people ({reachable} on Telegram)?\n"
        "Once published it cannot be changed."
    ).format(
        ref=html.escape(reference(directive)),
        total=format_number(total),
        reachable=format_number(reachable),
    )
    rows = [
        [button(gettext("✅ Publish now"), "dd", directive.id, "ok")],
        [button(gettext("↩️ Back"), "dd", directive.id, "card")],
    ]
    await query.edit_message_text(text, reply_markup=InlineKeyboardMarkup(rows))


async def _publish(update: Update, context: HoiContext, directive: Directive) -> None:
    query = update.callback_query
    assert query is not None
    settings = context.settings
    result = await publish(context.session, directive, settings)
    await forget(context.session, directive.author_id or 0)
    lines = [
        _("✅ Published {ref}: it goes to {total} people.").format(
            ref=html.escape(reference(directive)), total=format_number(result.recipients)
        )
    ]
    if result.release_at > utc(directive.published_at or result.release_at):
        lines.append(
            _("It is quiet hours: the messages will go out from {time}.").format(
                time=format_moment(result.release_at, settings.tz)
            )
        )
    follow = directive.number or f"#{directive.id}"
    lines.append(_("Follow who received it: /chidao {number} tiendo").format(number=follow))
    await query.answer()
    await query.edit_message_text("\n".join(lines))


def handlers() -> list[BaseHandler[Update, HoiContext, None]]:
    return [
        CommandHandler("vanban", start),
        CallbackQueryHandler(press_card, pattern=callbacks.pattern("dd")),
        CallbackQueryHandler(choose_kind, pattern=callbacks.pattern("dk")),
        CallbackQueryHandler(choose_replaced, pattern=callbacks.pattern("dx")),
    ]
