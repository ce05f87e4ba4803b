"""The one record of what the bot waits for from each member.

A feature that asks a member to type or send something records a wait: the feature, the
step of its draft, the draft's id, and when it goes stale (`HOIBOT_DRAFT_DAYS` after it was
asked). The member's next message goes to that feature (handlers/conversation routes it); a
new command ends the wait. A wait left stale is given up: the feature's draft is discarded
and the member told so, once (`expiry`). The drafts stay the features' own rows.
"""

from bot.conversation.features import Feature, feature_of, register_feature
from bot.conversation.waiting import Waiting

__all__ = ["Feature", "Waiting", "feature_of", "register_feature"]
