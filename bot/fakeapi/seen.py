"""What a simulated person saw of the bot's messages, in a shape tests can assert on."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from bot.fakeapi.common import JSON

Button = tuple[str, str | None]


@dataclass(slots=True)
class SeenFile:
    """A document or photo as the person received it; content is what the bot uploaded."""

    file_id: str
    filename: str | None
    content: bytes
    mime_type: str | None = None


@dataclass(slots=True)
class SeenMessage:
    """One message of the bot as displayed: plain text after parsing, and the raw text sent.

    `buttons` holds the inline keyboard as rows of (label, callback_data or url);
    `reply_keyboard` and `request_contact` the labels of a reply keyboard and of its buttons
    that ask for the phone number. `edits` lists earlier texts (or captions), oldest first.
    """

    message_id: int
    chat_id: int
    kind: str
    text: str | None = None
    html: str | None = None
    parse_mode: str | None = None
    caption: str | None = None
    buttons: list[list[Button]] = field(default_factory=list)
    reply_keyboard: list[list[str]] = field(default_factory=list)
    request_contact: list[str] = field(default_factory=list)
    remove_keyboard: bool = False
    document: SeenFile | None = None
    photo: SeenFile | None = None
    edits: list[str] = field(default_factory=list)
    deleted: bool = False
    raw: JSON = field(default_factory=dict)

    @property
    def shown(self) -> str:
        """The text a person reads: the message text, or the caption of a file."""
        return self.text if self.text is not None else (self.caption or "")

    @property
    def document_name(self) -> str | None:
        return self.document.filename if self.document is not None else None

    def labels(self) -> list[str]:
        return [label for row in self.buttons for label, _ in row]

    def button_index(self, label_or_index: str | int) -> int:
        """Position, counted row by row, of the inline button with this exact label (or index)."""
        flat = [label for row in self.buttons for label, _ in row]
        if isinstance(label_or_index, int):
            if 0 <= label_or_index < len(flat):
                return label_or_index
        elif label_or_index in flat:
            return flat.index(label_or_index)
        raise AssertionError(
            f"no button {label_or_index!r} on message {self.message_id} "
            f"({self.shown[:60]!r}); buttons: {flat}"
        )


def apply_markup(seen: SeenMessage, markup: object) -> None:
    """Record a reply_markup the way a client shows it."""
    seen.buttons = []
    if not isinstance(markup, dict):
        return
    if "inline_keyboard" in markup:
        seen.buttons = [[_inline(b) for b in row] for row in markup["inline_keyboard"]]
    elif "keyboard" in markup:
        rows: list[list[Any]] = markup["keyboard"]
        seen.reply_keyboard = [[_label(b) for b in row] for row in rows]
        seen.request_contact = [
            _label(b)
            for row in rows
            for b in row
            if isinstance(b, dict) and b.get("request_contact")
        ]
        seen.remove_keyboard = False
    elif markup.get("remove_keyboard"):
        seen.remove_keyboard = True


def _label(button: object) -> str:
    return str(button.get("text", "")) if isinstance(button, dict) else str(button)


def _inline(button: dict[str, Any]) -> Button:
    target = button.get("callback_data", button.get("url"))
    return str(button["text"]), None if target is None else str(target)
