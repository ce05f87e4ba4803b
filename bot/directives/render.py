"""What people read about a directive: the draft card, the push, a line of a list."""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from bot.directives.drafting import WrittenRecipients, missing
from bot.directives.notes import document_notes, paper_line
from bot.directives.text import DirectiveKind
from bot.people.roles import kind_name
from bot.text.formatting import format_day, format_number
from bot.text.i18n import N_, gettext
from storage.models import (
    Directive,
    DirectiveFile,
    DirectiveRule,
    Purpose,
    RecipientScope,
    UnitKind,
)

KIND_NAMES = {
    DirectiveKind.BAO_CAO: N_("Report"),
    DirectiveKind.KE_HOACH: N_("Plan"),
    DirectiveKind.HUONG_DAN: N_("Guidance"),
    DirectiveKind.CONG_VAN: N_("Official letter"),
    DirectiveKind.QUYET_DINH: N_("Decision"),
    DirectiveKind.THONG_BAO: N_("Notice"),
}
FIELD_NAMES = {
    "kind": N_("kind"),
    "number": N_("number"),
    "number_blank": N_("number (left blank)"),
    "issued_on": N_("date"),
    "day_blank": N_("day of the date (left blank)"),
    "title": N_("title"),
    "signer_name": N_("signer"),
    "body": N_("body text"),
}


def e(text: object) -> str:
    return html.escape(str(text), quote=False)


def kind_label(kind: str | None) -> str | None:
    if not kind:
        return None
    try:
        return gettext(KIND_NAMES[DirectiveKind(kind)])
    except (ValueError, KeyError):
        return kind


def _missing_mark() -> str:
    return "<i>" + e(gettext("not found")) + "</i>"


def reference(directive: Directive) -> str:
    """ "Plan 72/HTS" (or "Guidance of 12/1/2024" without a number), plain text."""
    kind = kind_label(directive.kind) or gettext("Document")
    if directive.number:
        return gettext("{kind} {number}").format(kind=kind, number=directive.number)
    if directive.issued_on:
        return gettext("{kind} of {date}").format(kind=kind, date=format_day(directive.issued_on))
    return gettext("{kind} #{id}").format(kind=kind, id=directive.id)


def describe_rule(rule: DirectiveRule, unit_names: Mapping[int, str]) -> str:
    if rule.scope is RecipientScope.KIND:
        where = gettext("every {kind}").format(kind=kind_name(UnitKind(rule.unit_kind or "")))
    elif rule.scope is RecipientScope.SUBTREE:
        where = gettext("{unit} and the units beneath it").format(
            unit=e(unit_names.get(rule.unit_id or 0, "?"))
        )
    else:
        where = gettext("{unit} (this unit only)").format(
            unit=e(unit_names.get(rule.unit_id or 0, "?"))
        )
    who = gettext("leads only") if rule.leads_only else gettext("all members")
    why = gettext("to act on") if rule.purpose is Purpose.ACT else gettext("for information")
    return f"{where} · {who} · {why}"


@dataclass(frozen=True)
class CardParts:
    files: Sequence[DirectiveFile]
    rules: Sequence[DirectiveRule]
    unit_names: Mapping[int, str]
    recipients: tuple[int, int]
    replaces: Directive | None
    unreached: Sequence[str] = ()


def draft_card(directive: Directive, parts: CardParts) -> str:
    """Everything the bot understood, each field on a line, "not found" where it found nothing."""

    def field(label: str, value: object) -> str:
        shown = e(value) if value else _missing_mark()
        return f"<b>{e(gettext(label))}:</b> {shown}"

    signer = " — ".join(p for p in (directive.signer_title, directive.signer_name) if p)
    lines = [
        "📄 <b>"
        + e(gettext("Draft directive"))
        + "</b> — "
        + e(gettext("please check it before publishing")),
        *("⚠️ " + e(note) for note in document_notes(directive)),
        "",
        field(N_("Kind"), kind_label(directive.kind)),
        field(N_("Number"), directive.number),
        field(N_("Place"), directive.place),
        field(N_("Date"), format_day(directive.issued_on) if directive.issued_on else ""),
        field(N_("Title"), directive.title),
        field(N_("Signed by"), signer if directive.signer_name else ""),
    ]
    if directive.issuer:
        lines.append(field(N_("Issued by"), directive.issuer))
    lines.append(field(N_("Summary"), directive.summary))
    names = ", ".join(f.file_name or gettext("photo") for f in parts.files)
    attached = gettext("Attached")
    lines.append(f"<b>{e(attached)}:</b> {e(names) if names else '—'}")
    if parts.replaces is not None:
        replaces = gettext("Replaces")
        lines.append(f"<b>{e(replaces)}:</b> {e(reference(parts.replaces))}")
    written = WrittenRecipients.of(directive)
    if written.entries:
        lines += ["", "<b>" + e(gettext("Recipients as written in the document")) + ":</b>"]
        lines += [f" • {e(name)}" for name, _purpose in written.entries]
    lines += ["", "<b>" + e(gettext("Will be sent to")) + ":</b>"]
    if parts.rules:
        lines += [
            f" {n}. {describe_rule(rule, parts.unit_names)}"
            for n, rule in enumerate(parts.rules, 1)
        ]
        total, reachable = parts.recipients
        lines.append(
            " → "
            + e(
                gettext("{total} people ({reachable} can be reached on Telegram)").format(
                    total=format_number(total), reachable=format_number(reachable)
                )
            )
        )
        if parts.unreached:
            lines.append("📵 " + e(paper_line(parts.unreached)))
    else:
        lines.append(" " + _missing_mark() + " " + e(gettext("(tap “Recipients” to choose)")))
    if written.unmatched:
        lines.append(
            "⚠️ "
            + e(
                gettext("Not found among the units: {names}").format(
                    names="; ".join(written.unmatched)
                )
            )
        )
    gaps = missing(directive)
    if gaps:
        lines.append(
            "⚠️ "
            + e(
                gettext("Missing: {fields}").format(
                    fields=", ".join(gettext(FIELD_NAMES[g]) for g in gaps)
                )
            )
        )
    return "\n".join(lines)


def draft_banner() -> str:
    """The line that marks a draft sent for comment, above everything else."""
    return "📝 <b>" + e(gettext("DRAFT, for comment: not yet in force")) + "</b>"


def heading(directive: Directive) -> str:
    """First two lines of a push or a detail view: kind, number and date, then the title."""
    kind = (kind_label(directive.kind) or gettext("Document")).upper()
    first = f"📄 <b>{e(kind)}"
    if directive.number:
        first += " " + e(gettext("no. {number}").format(number=directive.number))
    first += "</b>"
    if directive.issued_on:
        first += " " + e(gettext("of {date}").format(date=format_day(directive.issued_on)))
    title = f"{first}\n<b>{e(directive.title or '')}</b>"
    return f"{draft_banner()}\n{title}" if directive.for_comment else title


def push_text(directive: Directive, purpose: Purpose, replaces: Directive | None) -> str:
    """The message a recipient gets: heading, short summary, what is expected of them."""
    lines = [heading(directive)]
    if directive.summary:
        lines += ["", e(directive.summary)]
    lines.append("")
    if replaces is not None:
        lines.append("♻️ " + e(gettext("Replaces {ref}.").format(ref=reference(replaces))))
    if directive.for_comment:
        lines.append("👉 " + e(gettext("It is sent for comment: please send your comments.")))
    elif purpose is Purpose.ACT:
        lines.append(
            "👉 "
            + e(gettext("To act on: when your unit has carried it out, please tap “Carried out”."))
        )
    else:
        lines.append("👉 " + e(gettext("For your information.")))
    lines.append(e(gettext("Please tap “Received” once you have read it.")))
    return "\n".join(lines)


def list_line(number: int, directive: Directive) -> str:
    parts = [directive.number or "—"]
    if directive.issued_on:
        parts.append(format_day(directive.issued_on))
    draft = "📝 " + e(gettext("(draft)")) + " " if directive.for_comment else ""
    return f"{number}. <b>{e(' · '.join(parts))}</b> {draft}{e(directive.title or '')}"


def button_label(directive: Directive, width: int = 40) -> str:
    text = f"{directive.number or kind_label(directive.kind) or '#'} · {directive.title or ''}"
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"
