"""The commands the bot offers, who may use them, and the menus Telegram shows.

One list feeds /help and setMyCommands, so the two never disagree.
"""

from __future__ import annotations

from dataclasses import dataclass

from telegram import (
    Bot,
    BotCommand,
    BotCommandScopeChat,
    BotCommandScopeDefault,
    MenuButtonDefault,
    MenuButtonWebApp,
    WebAppInfo,
)
from telegram.error import TelegramError
from telegram.ext import ExtBot

from bot.text.i18n import LOCALES, N_, gettext, use_locale
from storage.models import Role

_RANK = {Role.MEMBER: 0, Role.LEAD: 1, Role.ADMIN: 2}


@dataclass(frozen=True)
class Command:
    name: str
    description: str  # msgid, translated when shown
    example: str  # msgid
    role: Role = Role.MEMBER


COMMANDS: list[Command] = [
    Command("start", N_("Start, or join with an invite code"), N_("/start")),
    Command("help", N_("What I can do for you"), N_("/help")),
    Command("toi", N_("Who am I: name, unit, role, language"), N_("/toi")),
    Command("ngonngu", N_("Change language (Tiếng Việt / English)"), N_("/ngonngu")),
]


def register(command: Command) -> None:
    """Feature modules add their commands here when they are set up."""
    if all(c.name != command.name for c in COMMANDS):
        COMMANDS.append(command)


def commands_for(role: Role) -> list[Command]:
    return [c for c in COMMANDS if _RANK[c.role] <= _RANK[role]]


def bot_commands(role: Role, locale: str) -> list[BotCommand]:
    with use_locale(locale):
        return [BotCommand(c.name, gettext(c.description)) for c in commands_for(role)]


async def publish_default_menus(bot: ExtBot[None], default_locale: str) -> None:
    """Everyone sees the member commands, in their Telegram language where we have it."""
    scope = BotCommandScopeDefault()
    await bot.set_my_commands(bot_commands(Role.MEMBER, default_locale), scope=scope)
    for locale in LOCALES:
        await bot.set_my_commands(
            bot_commands(Role.MEMBER, locale), scope=scope, language_code=locale
        )


async def publish_chat_menu(
    bot: Bot, chat_id: int, role: Role, locale: str, dashboard_url: str = ""
) -> None:
    """A lead or an admin sees their own commands, in the language they chose, and with the
    dashboard turned on (HOIBOT_WEB_URL), a menu button that opens it. A member sees the
    member commands and the ordinary menu button: a lead whose role went keeps neither."""
    try:
        await bot.set_my_commands(bot_commands(role, locale), scope=BotCommandScopeChat(chat_id))
        if _RANK[role] < _RANK[Role.LEAD]:
            await bot.set_chat_menu_button(chat_id=chat_id, menu_button=MenuButtonDefault())
        elif dashboard_url:
            await set_dashboard_button(bot, chat_id, locale, dashboard_url)
    except TelegramError:
        # A menu is a convenience; failing to set it must not fail the join or the reply.
        return


async def set_dashboard_button(bot: Bot, chat_id: int, locale: str, dashboard_url: str) -> None:
    """The chat's menu button opens the dashboard (a Mini App) instead of the command list."""
    with use_locale(locale):
        text = gettext(N_("Dashboard"))
    button = MenuButtonWebApp(text, WebAppInfo(dashboard_url))
    await bot.set_chat_menu_button(chat_id=chat_id, menu_button=button)


async def drop_stale_dashboard_button(bot: Bot, chat_id: int, locale: str) -> None:
    """For someone refused the dashboard: if their chat still shows the menu button that
    opens it (their lead role went while the bot could not tell them), take it back."""
    try:
        shown = await bot.get_chat_menu_button(chat_id=chat_id)
    except TelegramError:
        return
    if isinstance(shown, MenuButtonWebApp):
        await publish_chat_menu(bot, chat_id, Role.MEMBER, locale)
