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

__all__ = [
    "Base",
    "Delivery",
    "DeliveryState",
    "Direction",
    "Interaction",
    "Invite",
    "Member",
    "Membership",
    "Priority",
    "Role",
    "Unit",
    "UnitKind",
    "UnitLink",
]
