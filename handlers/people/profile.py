"""Who am I (/toi), what can I do (/help), and which language (/ngonngu).

Answered in the private chat only: in a group they would show the person's name, units and
roles to everyone there, so the bot asks them to write to it privately instead.
"""

from __future__ import annotations

import html

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import BaseHandler, CallbackQueryHandler, CommandHandler, filters

from bot.app import callbacks
from bot.app.commands import commands_for, publish_chat_menu
from bot.app.errors import NotJoined
from bot.app.scope import HoiContext
from bot.people.access import Principal
from bot.people.joining import join_keyboard, stranger_text
from bot.people.roles import role_name
from bot.text.i18n import _, gettext, set_locale
from handlers.people.joining import write_privately
from storage.models import Role
from storage.people.members import set_language

LANGUAGE_NAMES = {"vi": "Tiếng Việt", "en": "English"}


def require_member(context: HoiContext) -> Principal:
    if context.principal is None:
        raise NotJoined()
    return context.principal


async def show_me(update: Update, context: HoiContext) -> None:
    """Show the member's name, units, roles and language."""
    message = update.effective_message
    assert message is not None
    await message.reply_text(who_am_i(require_member(context), context.scope.locale))


def who_am_i(principal: Principal, locale: str) -> str:
    """/toi's answer, in the current locale: name, units and roles, `locale`'s name."""
    lines = [f"<b>{html.escape(principal.member.name)}</b>"]
    for post in principal.posts:
        lines.append(
            _("• {unit}: {role}").format(
                unit=html.escape(post.unit_name), role=role_name(post.role)
            )
        )
    if not principal.posts:
        lines.append(_("Not yet in any unit."))
    lines.append(_("Language: {language}").format(language=LANGUAGE_NAMES[locale]))
    return "\n".join(lines)


async def show_help(update: Update, context: HoiContext) -> None:
    """List what this person's role may do, with an example for each command."""
    message = update.effective_message
    assert message is not None
    if context.principal is None:
        await message.reply_text(stranger_text(), reply_markup=join_keyboard())
        return
    role = context.principal.top_role
    lines = [_("<b>What I can do for you</b> ({role}):").format(role=role_name(role)), ""]
    for command in commands_for(role):
        lines.append(f"/{command.name} — {html.escape(gettext(command.description))}")
        lines.append(_("   e.g. {example}").format(example=html.escape(gettext(command.example))))
    lines += ["", _("Tap a command, or type it. The menu button ☰ shows them too.")]
    await message.reply_text("\n".join(lines))


def language_keyboard() -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [
            [InlineKeyboardButton(name, callback_data=callbacks.pack("lang", code))]
            for code, name in LANGUAGE_NAMES.items()
        ]
    )


async def ask_language(update: Update, context: HoiContext) -> None:
    """Offer the languages as buttons."""
    message = update.effective_message
    assert message is not None
    require_member(context)
    await message.reply_text(
        _("Choose your language:"),
        reply_markup=language_keyboard(),
    )


async def choose_language(update: Update, context: HoiContext) -> None:
    """Store the language picked with a button and answer in it."""
    query = update.callback_query
    assert query is not None
    principal = require_member(context)
    (code,) = callbacks.unpack(query.data, "lang", 1)
    if code not in LANGUAGE_NAMES:
        raise callbacks.StaleButton(query.data)
    await set_language(context.session, principal.member.id, code)
    context.scope.locale = code
    set_locale(code)
    await query.answer()
    await query.edit_message_text(
        _("Language set to {language}.").format(language=LANGUAGE_NAMES[code])
    )
    role = principal.top_role
    chat_id = query.message.chat.id if query.message else principal.member.chat_id
    if chat_id is not None and (role is not Role.MEMBER or code != "vi"):
        await publish_chat_menu(context.bot, chat_id, role, code, context.settings.dashboard_url)


def handlers() -> list[BaseHandler[Update, HoiContext, None]]:
    private = filters.ChatType.PRIVATE
    return [
        CommandHandler("toi", show_me, filters=private),
        CommandHandler("help", show_help, filters=private),
        CommandHandler("ngonngu", ask_language, filters=private),
        CommandHandler(
            ["toi", "help", "ngonngu"], write_privately, filters=filters.ChatType.GROUPS
        ),
        CallbackQueryHandler(choose_language, pattern=callbacks.pattern("lang")),
    ]
