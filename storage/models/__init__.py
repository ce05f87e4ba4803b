"""All models, one module per feature; importing this package registers every table."""

from storage.models.announcements import Announcement, AnnouncementState, Audience
from storage.models.core import (
    Base,
    Direction,
    Interaction,
    Invite,
    Member,
    Membership,
    Role,
    Unit,
    UnitKind,
    UnitLink,
)
from storage.models.delivery import Delivery, DeliveryState, Priority
from storage.models.directives import (
    Directive,
    DirectiveChase,
    DirectiveFile,
    DirectiveReceipt,
    DirectiveRule,
    DirectiveState,
    Purpose,
    RecipientScope,
)
from storage.models.figures import (
    FigureChange,
    FigureDraft,
    FigureValue,
    Indicator,
    IndicatorKind,
    ReportingPeriod,
    ReportState,
    UnitReport,
)
from storage.models.prompts import Prompt

__all__ = [
    "Announcement",
    "AnnouncementState",
    "Audience",
    "Base",
    "Delivery",
    "DeliveryState",
    "Direction",
    "Directive",
    "DirectiveChase",
    "DirectiveFile",
    "DirectiveReceipt",
    "DirectiveRule",
    "DirectiveState",
    "FigureChange",
    "FigureDraft",
    "FigureValue",
    "Indicator",
    "IndicatorKind",
    "Interaction",
    "Invite",
    "Member",
    "Membership",
    "Priority",
    "Prompt",
    "Purpose",
    "RecipientScope",
    "ReportState",
    "ReportingPeriod",
    "Role",
    "Unit",
    "UnitKind",
    "UnitLink",
    "UnitReport",
]
