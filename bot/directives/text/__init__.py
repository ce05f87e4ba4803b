"""Reading an official document ("văn bản chỉ đạo") out of its text.

Pure functions only: no Telegram, no database, no network. ``load_text`` turns
an uploaded file into text, ``extract_directive`` finds the fields an admin
then checks and confirms, and ``summary`` gives a short preview.
"""

from __future__ import annotations

from bot.directives.text.extract import extract_directive, header_end
from bot.directives.text.loaders import UnsupportedDocument, load_text
from bot.directives.text.model import (
    DirectiveDraft,
    DirectiveKind,
    Recipient,
    RecipientPurpose,
)
from bot.directives.text.summary import summary

__all__ = [
    "DirectiveDraft",
    "DirectiveKind",
    "Recipient",
    "RecipientPurpose",
    "UnsupportedDocument",
    "extract_directive",
    "header_end",
    "load_text",
    "summary",
]
