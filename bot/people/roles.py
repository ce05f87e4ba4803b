"""Names of roles and unit kinds, as people say them."""

from __future__ import annotations

from bot.text.i18n import N_, gettext
from storage.models import Role, UnitKind

_ROLE_NAMES = {
    Role.MEMBER: N_("member"),
    Role.LEAD: N_("chapter lead"),
    Role.ADMIN: N_("central office (admin)"),
}

_KIND_NAMES = {
    UnitKind.CENTRAL: N_("central office"),
    UnitKind.PROVINCE: N_("province / city chapter"),
    UnitKind.DISTRICT: N_("district chapter"),
    UnitKind.COMMUNE: N_("commune chapter"),
    UnitKind.BRANCH: N_("branch"),
    UnitKind.TRADITIONAL_UNIT: N_("traditional unit"),
    UnitKind.WOMEN_ASSOCIATION: N_("women's association"),
    UnitKind.LIAISON_BOARD: N_("liaison board"),
}


def role_name(role: Role) -> str:
    return gettext(_ROLE_NAMES[role])


def kind_name(kind: UnitKind) -> str:
    return gettext(_KIND_NAMES[kind])
