"""``extract_directive``: from a document's text to a :class:`DirectiveDraft`."""

from __future__ import annotations

from dataclasses import replace

from bot.directives.text._lines import has_letters, join_wrapped, prepare
from bot.directives.text.closing import Closing, parse_closing, starts_closing
from bot.directives.text.drafts import is_draft_mark
from bot.directives.text.header import parse_header
from bot.directives.text.model import DirectiveDraft, missing_fields
from bot.text.emphasis import strip_emphasis


def extract_directive(text: str) -> DirectiveDraft:
    """Read kind, number, place, date, title, body, signer, recipients and issuer.

    Pure and total: any string gives a draft. Whatever is not found is left
    empty and named in ``missing`` so the admin is asked for it. Copied emphasis
    (``**TM BAN CHẤP HÀNH**``) is taken off first, so that it hides no heading.
    """
    lines = prepare(strip_emphasis(text))
    header = parse_header(lines)
    end = next(
        (i for i in range(header.body_start, len(lines)) if starts_closing(lines[i])),
        len(lines),
    )
    closing = parse_closing(lines[end:]) if end < len(lines) else Closing((), None, None, None)
    paragraphs = join_wrapped(
        [
            line.text
            for line in lines[header.body_start : end]
            if has_letters(line.text) and not is_draft_mark(line.text)
        ]
    )
    draft = DirectiveDraft(
        kind=header.kind,
        number=header.number,
        place=header.place,
        issued_on=header.issued_on,
        title=header.title,
        body="\n".join(paragraphs),
        signer_title=closing.signer_title,
        signer_name=closing.signer_name,
        recipients=closing.recipients,
        issuer=header.issuer,
        appendix=closing.appendix,
        draft_marks=header.draft_marks,
    )
    return replace(draft, missing=missing_fields(draft))


def header_end(text: str) -> int:
    """The index of the first line after the document's header and title (0 without one)."""
    return parse_header(prepare(strip_emphasis(text))).body_start
