"""A directive's draft: filled from a document's text, then corrected field by field."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import UTC, date, datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.app.errors import UserError
from bot.directives.matching import UnitName, match_recipients
from bot.directives.text import extract_directive, summary
from bot.directives.text.numbering import normalise_number, place_date
from bot.text.folding import fold
from bot.text.i18n import N_
from storage.directives import clear_rules
from storage.models import Directive, DirectiveRule, Unit

_NUMBER = re.compile(r"^\d+[\w.]*(?:\s*[-/–]\s*[\w.]+)*$")
_PLAIN_DATE = re.compile(r"^(?:ngày\s*)?(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{4})$", re.I)
_WORDY_DATE = re.compile(r"^ngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+(\d{4})$", re.I)
_WORD = re.compile(r"[a-z0-9]+(?:[/.-][a-z0-9]+)*")
_TITLE_MAX = 500
_LINE_MAX = 255


@dataclass(frozen=True)
class WrittenRecipients:
    """The "Nơi nhận" block as written, and the names found nowhere in the tree."""

    entries: list[tuple[str, str | None]] = field(default_factory=list)
    unmatched: list[str] = field(default_factory=list)

    @staticmethod
    def of(directive: Directive) -> WrittenRecipients:
        if not directive.written_recipients:
            return WrittenRecipients()
        data = json.loads(directive.written_recipients)
        return WrittenRecipients([tuple(e) for e in data["entries"]], list(data["unmatched"]))


def new_draft(author_id: int | None, source_name: str | None = None) -> Directive:
    now = datetime.now(UTC)
    return Directive(
        author_id=author_id,
        source_name=source_name,
        created_at=now,
        updated_at=now,
        body="",
        summary="",
        source_text="",
        search_text="",
    )


def number_key(number: str) -> str:
    """How numbers are compared: "72 /HTS" and "72/hts" are the same number."""
    return "".join(fold(number).split())


def search_words(text: str) -> list[str]:
    """Folded words (numbers such as "72/hts" kept whole), as searched and as stored."""
    return _WORD.findall(fold(text))


def refresh_search(directive: Directive) -> None:
    directive.number_key = number_key(directive.number) if directive.number else None
    parts = [directive.number or "", directive.title or "", directive.body]
    # Blank-separated and blank-padded, so "% word%" finds a word by its beginning.
    directive.search_text = " " + " ".join(search_words("\n".join(parts))) + " "
    directive.updated_at = datetime.now(UTC)


async def fill_from_text(session: AsyncSession, directive: Directive, text: str) -> None:
    """Read every field from the document's text and propose its recipients."""
    draft = extract_directive(text)
    directive.kind = draft.kind.value if draft.kind else None
    directive.number = draft.number
    directive.place = draft.place
    directive.issued_on = draft.issued_on
    directive.title = draft.title
    directive.body = draft.body
    directive.summary = summary(draft) if (draft.body or draft.title) else ""
    directive.signer_title = draft.signer_title
    directive.signer_name = draft.signer_name
    directive.issuer = draft.issuer
    directive.draft_marks = ",".join(draft.draft_marks) or None
    units = (await session.execute(select(Unit.id, Unit.name, Unit.kind))).all()
    matching = match_recipients(
        draft.recipients, draft.body, [UnitName(u.id, u.name, u.kind) for u in units]
    )
    written = {
        "entries": [[r.name, r.purpose.value if r.purpose else None] for r in draft.recipients],
        "unmatched": list(matching.unmatched),
    }
    directive.written_recipients = json.dumps(written, ensure_ascii=False)
    await session.flush()
    await clear_rules(session, directive.id)
    for rule in matching.rules:
        session.add(
            DirectiveRule(
                directive_id=directive.id,
                scope=rule.scope,
                unit_id=rule.unit_id,
                unit_kind=rule.unit_kind.value if rule.unit_kind else None,
                leads_only=False,
                purpose=rule.purpose,
                label=rule.label,
            )
        )
    refresh_search(directive)
    await session.flush()


def draft_marks(directive: Directive) -> set[str]:
    return set((directive.draft_marks or "").split(",")) - {""}


def is_draft(directive: Directive) -> bool:
    """Whether the document is still a draft ("Dự thảo", or a number or day left blank).

    Filling in the blank number and day makes it a signed document; the words
    "Dự thảo" keep it a draft.
    """
    marks = draft_marks(directive)
    return (
        "mark" in marks
        or ("number" in marks and not directive.number)
        or ("day" in marks and not directive.issued_on)
    )


def is_official(directive: Directive) -> bool:
    """Whether it has any header of an official document: a kind, a number or a signer.

    A news article about a meeting has none; it becomes a directive only once the
    admin fills those fields in.
    """
    return bool(directive.kind or directive.number or directive.signer_name or is_draft(directive))


def missing(directive: Directive) -> list[str]:
    """The fields the document did not give (and nobody has filled in yet).

    A number or a day left blank in a draft is named as such ("number_blank",
    "day_blank").
    """
    marks = draft_marks(directive)
    names = []
    for name in ("kind", "number", "issued_on", "title", "signer_name"):
        if not getattr(directive, name):
            if name == "number" and "number" in marks:
                name = "number_blank"
            elif name == "issued_on" and "day" in marks:
                name = "day_blank"
            names.append(name)
    if not directive.body:
        names.append("body")
    return names


def parse_number(text: str) -> str:
    raw = text.strip().removeprefix("Số").removeprefix("số").strip(" :.")
    if not _NUMBER.match(raw) or len(raw) > 60:
        raise UserError(
            N_("“{text}” does not look like a document number. Example: 72/HTS or 09/KH-HTS."),
            text=text.strip()[:60],
        )
    return normalise_number(raw)


def parse_place_date(text: str) -> tuple[str | None, date]:
    """ "Hà Nội, ngày 8 tháng 9 năm 2020", "Hà Nội, 8/9/2020" or just "8/9/2020"."""
    value = " ".join(text.split())
    found = place_date(value)
    if found is not None and found[1] is not None:
        return found[0], found[1]
    for pattern in (_PLAIN_DATE, _WORDY_DATE):
        match = pattern.match(value)
        if match:
            try:
                return None, date(int(match[3]), int(match[2]), int(match[1]))
            except ValueError:
                break
    raise UserError(
        N_(
            "I could not read a date in “{text}”. "
            "Example: 8/9/2020, or Hà Nội, ngày 8 tháng 9 năm 2020."
        ),
        text=value[:60],
    )


def parse_line(text: str, limit: int = _LINE_MAX) -> str:
    value = " ".join(text.split())
    if not value:
        raise UserError(N_("That was empty. Please type the text."))
    if len(value) > limit:
        raise UserError(
            N_("That is too long ({length} characters; at most {limit})."),
            length=len(value),
            limit=limit,
        )
    return value


def parse_title(text: str) -> str:
    return parse_line(text, _TITLE_MAX)


def parse_signer(text: str) -> tuple[str | None, str]:
    """Two lines (position, then name), or just the name."""
    lines = [line.strip() for line in text.strip().splitlines() if line.strip()]
    if not lines:
        raise UserError(N_("That was empty. Please type the text."))
    if len(lines) == 1:
        return None, parse_line(lines[0])
    return parse_line(" / ".join(lines[:-1])), parse_line(lines[-1])
