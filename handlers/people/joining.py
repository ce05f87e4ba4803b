"""Joining: /start with an invite code, or sharing a phone number a lead registered.

Both happen in the person's private chat with the bot, the chat their personal messages go
to. In a group the bot binds nobody and takes no use of the invite: it asks them to write
to it privately, with a button that opens that chat (and sends the same /start there).
"""

from __future__ import annotations

import html
from datetime import UTC, datetime

from telegram import ReplyKeyboardRemove, Update
from telegram.ext import BaseHandler, CommandHandler, MessageHandler, filters

from bot.app.commands import publish_chat_menu
from bot.app.scope import HoiContext
from bot.people.access import Principal, load_principal
from bot.people.joining import (
    join_keyboard,
    private_chat_keyboard,
    stranger_text,
    write_privately_text,
)
from bot.people.phones import normalize_phone
from bot.people.roles import role_name
from bot.text.i18n import _
from storage.models import Member, Role
from storage.people.invites import InviteProblem, redeem_invite
from storage.people.members import add_role, bind_member, find_unbound_by_phone
from storage.people.units import get_unit


async def start(update: Update, context: HoiContext) -> None:
    """Welcome a member, bind an invite code, or explain how to join."""
    message = update.effective_message
    user = update.effective_user
    if message is None or user is None:
        return
    code = context.args[0] if context.args else ""
    if code:
        await _join_with_code(update, context, code)
        return
    principal = context.principal
    if principal is None:
        await message.reply_text(stranger_text(), reply_markup=join_keyboard())
        return
    await message.reply_text(
        _("Welcome back, {name}! Send /help to see what I can do for you.").format(
            name=html.escape(principal.member.name)
        )
    )
    if principal.top_role is not Role.MEMBER:
        # Admins added from the CLI get their own menu the first time they write.
        await publish_chat_menu(
            context.bot,
            message.chat_id,
            principal.top_role,
            context.scope.locale,
            context.settings.dashboard_url,
        )


async def _join_with_code(update: Update, context: HoiContext, code: str) -> None:
    message, user = update.effective_message, update.effective_user
    assert message is not None and user is not None
    invite = await redeem_invite(context.session, code, datetime.now(UTC))
    if isinstance(invite, InviteProblem):
        problems = {
            InviteProblem.UNKNOWN: _(
                "This invite code is not valid. Please check the link, or ask your chapter "
                "lead for a new one."
            ),
            InviteProblem.USED_UP: _(
                "This invite link has already been used. "
                "Please ask your chapter lead for a new one."
            ),
            InviteProblem.EXPIRED: _(
                "This invite link has expired. Please ask your chapter lead for a new one."
            ),
        }
        await message.reply_text(problems[invite])
        return
    member = (
        await context.session.get(Member, context.principal.member.id)
        if context.principal
        else None
    )
    if member is None:
        member = Member(name=user.full_name)
        context.session.add(member)
        await context.session.flush()
        bind_member(member, user.id, message.chat_id, context.scope.locale)
    await add_role(context.session, member, invite.unit_id, invite.role)
    await _welcome(update, context, member, invite.unit_id, invite.role)
    if context.principal is not None and context.principal.top_role is not Role.MEMBER:
        # A lead who joined their unit again as a member may lead nowhere now: their menu
        # must lose the lead commands and the dashboard's button.
        now = await load_principal(context.session, user.id)
        if now is not None and now.top_role is Role.MEMBER:
            await publish_chat_menu(context.bot, message.chat_id, Role.MEMBER, context.scope.locale)


async def share_contact(update: Update, context: HoiContext) -> None:
    """Bind a pre-registered member whose phone number matches the shared contact."""
    message, user = update.effective_message, update.effective_user
    if message is None or user is None or message.contact is None:
        return
    if message.contact.user_id != user.id:
        await message.reply_text(
            _("Please share your own phone number with the button below."),
            reply_markup=join_keyboard(),
        )
        return
    if context.principal is not None:
        await message.reply_text(
            _("You are already registered. Send /toi to see your details."),
            reply_markup=ReplyKeyboardRemove(),
        )
        return
    phone = normalize_phone(message.contact.phone_number)
    member = await find_unbound_by_phone(context.session, phone) if phone else None
    if member is None:
        await message.reply_text(
            _(
                "I could not find this phone number in the member lists. Please ask your "
                "chapter lead to register it, or to send you an invite link."
            ),
            reply_markup=ReplyKeyboardRemove(),
        )
        return
    bind_member(member, user.id, message.chat_id, context.scope.locale)
    principal = await load_principal(context.session, user.id)
    post = principal.posts[0] if principal and principal.posts else None
    if post is None:
        await message.reply_text(_("You are registered, but not yet in any unit."))
        return
    await _welcome(update, context, member, post.unit_id, post.role, principal)


async def _welcome(
    update: Update,
    context: HoiContext,
    member: Member,
    unit_id: int,
    role: Role,
    principal: Principal | None = None,
) -> None:
    message = update.effective_message
    assert message is not None
    unit = await get_unit(context.session, unit_id)
    await message.reply_text(
        _(
            "Welcome, {name}! You have joined <b>{unit}</b> as {role}.\n"
            "Send /help to see what I can do for you."
        ).format(
            name=html.escape(member.name),
            unit=html.escape(unit.name if unit else "?"),
            role=role_name(role),
        ),
        reply_markup=ReplyKeyboardRemove(),
    )
    if role is not Role.MEMBER:
        await publish_chat_menu(
            context.bot, message.chat_id, role, context.scope.locale, context.settings.dashboard_url
        )


async def write_privately(update: Update, context: HoiContext) -> None:
    """In a group: ask the person to write to the bot privately; bind, change, show nothing.

    For /start and one's own shared number (someone else's contact card is not for the bot),
    and for the profile's commands, whose answers are personal.
    """
    message, user = update.effective_message, update.effective_user
    if message is None or user is None:
        return
    if message.contact is not None and message.contact.user_id != user.id:
        return
    code = context.args[0] if context.args else ""
    joining = context.principal is None or bool(code) or message.contact is not None
    try:
        username = context.bot.username
    except RuntimeError:  # a bot not initialized yet has not asked Telegram its name
        username = context.settings.bot_username
    await message.reply_text(
        write_privately_text(joining),
        reply_markup=private_chat_keyboard(username, code) if username else None,
    )


def handlers() -> list[BaseHandler[Update, HoiContext, None]]:
    private, groups = filters.ChatType.PRIVATE, filters.ChatType.GROUPS
    return [
        CommandHandler("start", start, filters=private),
        MessageHandler(filters.CONTACT & private, share_contact),
        CommandHandler("start", write_privately, filters=groups),
        MessageHandler(filters.CONTACT & groups, write_privately),
    ]
