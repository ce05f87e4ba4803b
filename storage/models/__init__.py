"""All models, one module per feature; importing this package registers every table."""

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

__all__ = [
    "Base",
    "Delivery",
    "DeliveryState",
    "Direction",
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
    "ReportState",
    "ReportingPeriod",
    "Role",
    "Unit",
    "UnitKind",
    "UnitLink",
    "UnitReport",
]
