"""/kiemtra: an admin sends a report draft (a file, or its text pasted) and gets back what
the report checker finds in it: sums of parts that do not add up, amounts whose words and
digits disagree, totals that differ from the units' figures in the bot."""

from __future__ import annotations

import html

from telegram import Message, Update
from telegram.ext import BaseHandler, CommandHandler

from bot.app.errors import NotAllowed
from bot.app.scope import HoiContext
from bot.conversation import Waiting
from bot.directives.text import UnsupportedDocument, load_text
from bot.figures.checking import check_report
from bot.figures.checking.known import checking_indicators, known_figures
from bot.figures.checking.render import lines_of
from bot.text.i18n import N_, _
from handlers.conversation.waiting import expect, stop
from storage.models import Role

# The name of this feature in what the bot waits for (bot.conversation).
FEATURE = "report-check"
_DOWNLOAD_LIMIT = 20 * 1024 * 1024
# Room under Telegram's 4096 characters for the last line, which says how many were cut.
_ROOM = 3600


def _require_admin(context: HoiContext) -> int:
    principal = context.principal
    if principal is None or not principal.has_role(Role.ADMIN):
        raise NotAllowed(N_("Sorry, only the central office can check reports."))
    return principal.member.id


async def start_check(update: Update, context: HoiContext) -> None:
    """Check the report pasted after /kiemtra, or wait for the file or text."""
    message = update.effective_message
    assert message is not None
    member_id = _require_admin(context)
    pasted = _after_command(message.text or "")
    if pasted:
        await _check(message, context, pasted)
        return
    await expect(context, member_id, FEATURE, "report", None)
    await message.reply_text(
        _(
            "🧮 Send me the report draft to check: its file (.docx, .pdf or .txt), or paste "
            "its text. I will add up every total and its parts and compare the amounts in "
            "words with the digits."
        )
    )


def _after_command(text: str) -> str:
    first, _sep, rest = text.partition("\n")
    _command, _space, same_line = first.partition(" ")
    return "\n".join(p for p in (same_line, rest) if p.strip()).strip()


async def take_report(update: Update, context: HoiContext, waiting: Waiting) -> bool:
    """The report draft the admin was asked for: a file or pasted text."""
    message = update.effective_message
    if message is None:
        return False
    _require_admin(context)
    if message.document is not None:
        document = message.document
        try:
            if (document.file_size or 0) > _DOWNLOAD_LIMIT:
                raise UnsupportedDocument(_("The file is over 20 MB, too big for me to read."))
            file = await context.bot.get_file(document.file_id)
            content = bytes(await file.download_as_bytearray())
            text = load_text(document.file_name or "report", content)
        except UnsupportedDocument as problem:
            await message.reply_text(
                _(
                    "I could not read this file: {problem}\nPlease send another, or paste the text."
                ).format(problem=html.escape(str(problem)))
            )
            return True
    elif message.text:
        text = message.text
    else:
        await message.reply_text(_("Please send the report as a file, or paste its text."))
        return True
    await stop(context, waiting.member_id, FEATURE)
    await _check(message, context, text)
    return True


async def _check(message: Message, context: HoiContext, text: str) -> None:
    vocabulary, indicators = await checking_indicators(context.session)
    known = await known_figures(context.session, text, context.settings.tz)
    check = check_report(text, vocabulary, known)
    lines = [html.escape(line) for line in lines_of(check, indicators, known)]
    heading = _("<b>Report check</b>") if check.ok else _("<b>Report check: please correct</b>")
    shown, size = [heading, ""], 0
    for index, line in enumerate(lines[:-1]):
        if size + len(line) > _ROOM:
            shown.append(_("… and {count} more lines.").format(count=len(lines) - 1 - index))
            break
        shown.append(line)
        size += len(line) + 1
    shown += ["", lines[-1], _("Send /kiemtra to check another report.")]
    await message.reply_text("\n".join(shown))


def handlers() -> list[BaseHandler[Update, HoiContext, None]]:
    return [CommandHandler("kiemtra", start_check)]
