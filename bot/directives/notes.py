"""What the admin must be told about a document before sending it, in plain words.

A draft, a text that is no official document, a missing "Nơi nhận" list, and the recipient
units nobody can reach on Telegram are each said in so many words, on the draft card in the
chat and in `hoibot directive publish`, so that none of them goes out by mistake.
"""

from __future__ import annotations

from collections.abc import Sequence

from bot.directives.drafting import WrittenRecipients, is_draft, is_official
from bot.text.i18n import gettext
from storage.models import Directive


def document_notes(directive: Directive) -> list[str]:
    """What the admin must know about the document itself before sending it (plain text).

    A draft, a text that is no official document, and a missing "Nơi nhận" list are
    each said in so many words, so that none of them is published by mistake.
    """
    notes = []
    if is_draft(directive):
        notes.append(
            gettext(
                "DỰ THẢO: this document is a draft. It can only be sent for comment, as a draft."
            )
        )
    if not is_official(directive):
        notes.append(
            gettext(
                "Không phải văn bản chỉ đạo: this text has no number, no kind of document and "
                "no signer (a news article?). It is not published unless you fill them in."
            )
        )
    if not WrittenRecipients.of(directive).entries:
        notes.append(
            gettext(
                "No “Nơi nhận” (recipients) list was found in the document: choose who gets it."
            )
        )
    return notes


def paper_line(names: Sequence[str]) -> str:
    """The warning naming the recipient units that need a paper copy (plain text)."""
    return gettext("Nobody uses Telegram yet in: {units} — send them a paper copy.").format(
        units="; ".join(names)
    )
