"""`hoibot directive publish FILE|URL`: publish a directive from the command line.

The document is read and shown field by field ("missing" where nothing was found); the
operator fixes fields with options, checks the recipients, and confirms (or passes
--yes). --dry-run shows everything and saves nothing.

Recipients (--recipients), separated by commas: `HN` (the unit), `HN+` (with every unit
beneath it), `@province` (every unit of a kind); each may end with `:leads` (leads only)
and `:info` (for information; the default is to act on it). Example:
`--recipients "HN+,@province:leads,SD470:info"`.
"""

from __future__ import annotations

import argparse
import html
import sys
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.app.errors import UserError
from bot.app.settings import Settings
from bot.directives import drafting
from bot.directives.drafting import WrittenRecipients
from bot.directives.notes import document_notes, paper_line
from bot.directives.publishing import problems, publish, recipient_count, rule_from_scope
from bot.directives.reach import unreached_before
from bot.directives.render import FIELD_NAMES, describe_rule, kind_label, reference
from bot.directives.sources import Source, fetch, is_url, read_file
from bot.directives.text import DirectiveKind
from bot.text.formatting import format_day, format_number
from bot.text.i18n import N_, _, gettext
from bot.text.moments import format_release
from storage.db import Database
from storage.directives import clear_rules, find_published, list_rules
from storage.models import (
    Directive,
    DirectiveFile,
    Member,
    Membership,
    Purpose,
    RecipientScope,
    Role,
    Unit,
    UnitKind,
)
from storage.people.units import get_root, get_unit_by_code

_ATTACHABLE = (".txt", ".docx", ".pdf")


def add_commands(commands: Any) -> None:
    directive = commands.add_parser("directive", help=_("directives: publish one from a file"))
    actions = directive.add_subparsers(dest="action", required=True)
    publish_parser = actions.add_parser(
        "publish",
        help=_("read a directive (file or http(s) URL), show it, and publish it"),
        description=_(
            "Recipients: HN (the unit), HN+ (with the units beneath it), @province (every "
            "unit of a kind); add :leads for leads only, :info for information. "
            'Example: --recipients "HN+,@province:leads"'
        ),
    )
    publish_parser.add_argument("source", metavar="FILE|URL")
    publish_parser.add_argument("--recipients", metavar="LIST")
    publish_parser.add_argument("--kind", choices=[k.name.lower() for k in DirectiveKind])
    publish_parser.add_argument("--number")
    publish_parser.add_argument("--date", metavar="D/M/YYYY")
    publish_parser.add_argument("--title")
    publish_parser.add_argument("--replaces", metavar="NUMBER")
    publish_parser.add_argument(
        "--draft",
        action="store_true",
        help=_("send a draft (DỰ THẢO) for comment; recipients see it marked as a draft"),
    )
    publish_parser.add_argument("--dry-run", action="store_true", help=_("show, save nothing"))
    publish_parser.add_argument("--yes", action="store_true", help=_("publish without asking"))
    publish_parser.set_defaults(handler=publish_command)


async def apply_recipients_spec(session: AsyncSession, directive_id: int, spec: str) -> None:
    await clear_rules(session, directive_id)
    items = [item.strip() for item in spec.replace(";", ",").split(",") if item.strip()]
    if not items:
        raise UserError(N_("--recipients is empty."))
    for item in items:
        target, *options = [part.strip() for part in item.split(":")]
        leads = purpose_info = False
        for option in options:
            if option.lower() in ("leads", "lead"):
                leads = True
            elif option.lower() in ("info", "inform"):
                purpose_info = True
            elif option.lower() not in ("all", "act"):
                raise UserError(
                    N_("Unknown option “{option}” in “{item}”: use :leads, :info, :all or :act."),
                    option=option,
                    item=item,
                )
        purpose = Purpose.INFORM if purpose_info else Purpose.ACT
        if target.startswith("@"):
            try:
                kind = UnitKind(target[1:].lower())
            except ValueError:
                raise UserError(
                    N_("Unknown kind of unit “{kind}”; use one of: {kinds}."),
                    kind=target[1:],
                    kinds=", ".join(k.value for k in UnitKind),
                ) from None
            session.add(
                rule_from_scope(directive_id, RecipientScope.KIND, None, kind, purpose, leads)
            )
            continue
        subtree = target.endswith("+")
        unit = await get_unit_by_code(session, target.rstrip("+"))
        if unit is None:
            raise UserError(N_("Unknown unit {code}."), code=target.rstrip("+"))
        scope = RecipientScope.SUBTREE if subtree else RecipientScope.UNIT
        session.add(rule_from_scope(directive_id, scope, unit.id, None, purpose, leads))
    await session.flush()


async def _apply_options(
    session: AsyncSession, directive: Directive, args: argparse.Namespace
) -> None:
    if args.kind:
        directive.kind = DirectiveKind[args.kind.upper()].value
    if args.number:
        directive.number = drafting.parse_number(args.number)
    if args.date:
        place, issued = drafting.parse_place_date(args.date)
        directive.issued_on, directive.place = issued, place or directive.place
    if args.title:
        directive.title = drafting.parse_title(args.title)
    if args.replaces:
        found = await find_published(session, drafting.number_key(args.replaces))
        if not found:
            raise UserError(
                N_("No published directive has the number {number}. Please check it."),
                number=args.replaces,
            )
        directive.replaces_id = found[0].id
    if args.recipients:
        await apply_recipients_spec(session, directive.id, args.recipients)
    drafting.refresh_search(directive)


async def _show(
    session: AsyncSession, directive: Directive, for_comment: bool
) -> tuple[int, list[str]]:
    missing = "(" + gettext("missing") + ")"
    for note in document_notes(directive):
        print("⚠️ " + note)

    def line(label: str, value: object) -> None:
        print(f"{gettext(label)}: {value if value else missing}")

    line(N_("Kind"), kind_label(directive.kind))
    line(N_("Number"), directive.number)
    line(N_("Place"), directive.place)
    line(N_("Date"), format_day(directive.issued_on) if directive.issued_on else None)
    line(N_("Title"), directive.title)
    signer = " / ".join(p for p in (directive.signer_title, directive.signer_name) if p)
    line(N_("Signed by"), signer)
    line(N_("Summary"), directive.summary)
    written = WrittenRecipients.of(directive)
    if written.entries:
        print(gettext("Recipients as written in the document") + ":")
        for name, _purpose in written.entries:
            print(f"  - {name}")
    rules = list(await list_rules(session, directive.id))
    names = {u.id: u.name for u in (await session.execute(select(Unit))).scalars()}
    print(gettext("Will be sent to") + ":")
    for number, rule in enumerate(rules, 1):
        print(f"  {number}. {_plain(describe_rule(rule, names))}")
    total, reachable = await recipient_count(session, directive.id)
    print(
        "  → "
        + gettext("{total} people ({reachable} can be reached on Telegram)").format(
            total=format_number(total), reachable=format_number(reachable)
        )
    )
    unreached = await unreached_before(session, directive.id)
    if rules and unreached:
        print("📵 " + paper_line(unreached))
    if written.unmatched:
        print(
            gettext("Not found among the units: {names}").format(names="; ".join(written.unmatched))
        )
    gaps = drafting.missing(directive)
    if gaps:
        print(
            gettext("Missing: {fields}").format(
                fields=", ".join(gettext(FIELD_NAMES[g]) for g in gaps)
            )
        )
    found = problems(directive, rules, total, for_comment=for_comment)
    return total, [gettext(p) for p in found]


def _plain(text: str) -> str:
    return html.unescape(text)


def _confirm(total: int, directive: Directive) -> bool:
    if directive.for_comment:
        question = _("Send the draft {ref} for comment to {total} people? [y/N] ")
    else:
        question = _("Publish {ref} to {total} people? [y/N] ")
    question = question.format(ref=reference(directive), total=format_number(total))
    print(question, end="", flush=True)
    answer = sys.stdin.readline().strip().lower()
    return answer in ("y", "yes", "c", "co", "có")


async def _attach(
    settings: Settings, session: AsyncSession, directive: Directive, source: Source
) -> str | None:
    """Upload the document once, to the office's chat, so members get it by file_id.

    Returns a warning when it could not be attached.
    """
    if not source.name.lower().endswith(_ATTACHABLE):
        return None
    chat_id = settings.admin_chat_id or await _an_admin_chat(session)
    if not settings.token or chat_id is None:
        return _(
            "The file was not attached: set TELEGRAM_BOT_TOKEN, and HOIBOT_ADMIN_CHAT_ID or "
            "an admin who has joined the bot, so it can be uploaded once."
        )
    from telegram import Bot, InputFile

    caption = gettext("File of {ref}, published from the command line.").format(
        ref=reference(directive)
    )
    async with Bot(settings.token, base_url=settings.telegram_api_url) as bot:
        message = await bot.send_document(
            chat_id, InputFile(source.content, filename=source.name), caption=caption
        )
    if message.document is None:
        return _("The file was not attached: Telegram did not keep it.")
    session.add(
        DirectiveFile(
            directive_id=directive.id,
            file_id=message.document.file_id,
            file_name=source.name,
            mime_type=message.document.mime_type,
            is_photo=False,
        )
    )
    return None


async def _an_admin_chat(session: AsyncSession) -> int | None:
    root = await get_root(session)
    if root is None:
        return None
    query = (
        select(Member.chat_id)
        .join(Membership, Membership.member_id == Member.id)
        .where(Membership.unit_id == root.id, Membership.role == Role.ADMIN)
        .where(Member.chat_id.is_not(None))
        .order_by(Member.id)
        .limit(1)
    )
    return (await session.execute(query)).scalar_one_or_none()


async def publish_command(settings: Settings, db: Database, args: argparse.Namespace) -> int:
    source = await fetch(args.source) if is_url(args.source) else read_file(Path(args.source))
    text = source.text()
    async with db.session() as session:
        directive = drafting.new_draft(None, source.name)
        session.add(directive)
        await session.flush()
        await drafting.fill_from_text(session, directive, text)
        await _apply_options(session, directive, args)
        total, found = await _show(session, directive, args.draft)
        if args.dry_run:
            await session.rollback()
            print(_("Dry run: nothing was saved or sent."))
            return 0
        if found:
            await session.rollback()
            print(
                _("Not published: {problems}. Fix it with the options (see --help).").format(
                    problems="; ".join(found)
                ),
                file=sys.stderr,
            )
            if drafting.is_draft(directive) and not args.draft:
                print(_("To send the draft for comment, add --draft."), file=sys.stderr)
            return 1
        directive.for_comment = args.draft
        if not args.yes and not _confirm(total, directive):
            await session.rollback()
            print(_("Nothing was published."))
            return 1
        warning = await _attach(settings, session, directive, source)
        result = await publish(session, directive, settings, for_comment=args.draft)
        await session.commit()
    if warning:
        print(warning, file=sys.stderr)
    print(
        _("Published {ref} to {total} people; {queued} messages queued.").format(
            ref=reference(directive),
            total=format_number(result.recipients),
            queued=format_number(result.queued),
        )
    )
    published = directive.published_at or result.release_at
    if result.queued and result.release_at > published:
        when = format_release(result.release_at, published, settings.tz)
        print(_("It is quiet hours: they will be sent at {time}.").format(time=when))
    follow = directive.number or f"#{directive.id}"
    print(_("Follow who received it: /chidao {number} tiendo").format(number=follow))
    return 0
