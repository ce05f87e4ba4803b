"""Who an announcement goes to, within what the sender may reach."""

from __future__ import annotations

from collections.abc import Sequence

from bot.people.roles import kind_name
from bot.text.i18n import gettext
from storage.models import Announcement, Audience, RecipientScope, UnitKind
from storage.people.audience import Selector


def selectors(announcement: Announcement) -> list[Selector]:
    unit = announcement.audience_unit_id
    if announcement.audience is Audience.KIND:
        kind = UnitKind(announcement.audience_kind or "")
        return [Selector(RecipientScope.KIND, unit_kind=kind, within_id=unit)]
    leads = announcement.audience is Audience.LEADS
    return [Selector(RecipientScope.SUBTREE, unit_id=unit, leads_only=leads)]


def describe(announcement: Announcement, unit_name: str, everyone_is_root: bool) -> str:
    """ "everyone in Hội Trường Sơn TP Hà Nội", "the leads of …", "every province chapter…"."""
    audience = announcement.audience
    if audience is Audience.KIND:
        kind = kind_name(UnitKind(announcement.audience_kind or ""))
        if everyone_is_root:
            return gettext("every {kind}").format(kind=kind)
        return gettext("every {kind} within {unit}").format(kind=kind, unit=unit_name)
    if audience is Audience.LEADS:
        return gettext("the leads of the units within {unit}").format(unit=unit_name)
    if audience is Audience.EVERYONE and everyone_is_root:
        return gettext("all members")
    return gettext("everyone in {unit} and the units beneath it").format(unit=unit_name)


def kinds_in_reach(kinds: Sequence[UnitKind]) -> list[UnitKind]:
    """Kinds worth offering: those that exist, in the tree's order."""
    present = set(kinds)
    return [kind for kind in UnitKind if kind in present]
