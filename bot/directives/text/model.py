"""The data an official document ("văn bản chỉ đạo") is turned into.

Everything here is plain, immutable data: the extractor fills it from text, the
admin corrects it in the bot, and nothing in it knows about Telegram or SQL.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, fields
from datetime import date


class DirectiveKind(enum.StrEnum):
    """The six kinds of document the association issues, by their Vietnamese names."""

    BAO_CAO = "Báo cáo"
    KE_HOACH = "Kế hoạch"
    HUONG_DAN = "Hướng dẫn"
    CONG_VAN = "Công văn"
    QUYET_DINH = "Quyết định"
    THONG_BAO = "Thông báo"

    @property
    def heading(self) -> str:
        """The kind as it is printed above the title ("KẾ HOẠCH")."""
        return self.value.upper()


class RecipientPurpose(enum.StrEnum):
    """Why a unit is listed under "Nơi nhận"."""

    ACT = "act"  # "để thực hiện", "để t/h": must carry it out and confirm
    INFORM = "inform"  # "để b/c", "để biết", "báo cáo": told, nothing to do
    ARCHIVE = "archive"  # "Lưu": the issuer's own file copy


@dataclass(frozen=True, slots=True)
class Recipient:
    """One entry of the "Nơi nhận" block.

    ``name`` is the entry as written, without its list dash, the purpose phrase and
    the closing ";"; ``purpose`` is None when the document does not say.
    """

    name: str
    purpose: RecipientPurpose | None = None


@dataclass(frozen=True, slots=True)
class DirectiveDraft:
    """What the extractor understood of a document, before the admin confirms it.

    A field that could not be found is None (or empty) and its name is listed in
    ``missing``; nothing is guessed to fill it.
    """

    kind: DirectiveKind | None = None
    number: str | None = None
    place: str | None = None
    issued_on: date | None = None
    title: str | None = None
    body: str = ""
    signer_title: str | None = None
    signer_name: str | None = None
    recipients: tuple[Recipient, ...] = ()
    issuer: str | None = None
    appendix: str | None = None
    missing: tuple[str, ...] = ()
    # What marks it as a draft: "mark" ("Dự thảo" in the header), "number" or "day" (left
    # blank to be filled in when signed).
    draft_marks: tuple[str, ...] = ()

    @property
    def is_draft(self) -> bool:
        return bool(self.draft_marks)

    @property
    def is_directive(self) -> bool:
        """Whether it has the header of an official document at all.

        A news article about a meeting has a title and a body, but no number (not even a
        blank one), no kind line and no signer.
        """
        return bool(self.kind or self.number or self.signer_name or self.draft_marks)


# Most documents have no appendix, so its absence is not worth asking about.
_NOT_EXPECTED = frozenset({"appendix", "missing", "draft_marks"})


def missing_fields(draft: DirectiveDraft) -> tuple[str, ...]:
    """Name, in declaration order, each expected field of ``draft`` that is empty."""
    names: list[str] = []
    for f in fields(draft):
        if f.name in _NOT_EXPECTED:
            continue
        value = getattr(draft, f.name)
        if value is None or value == "" or value == ():
            names.append(f.name)
    return tuple(names)
