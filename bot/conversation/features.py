"""The features that wait for answers: what to call their drafts, how to start again, and
how to discard a draft that went stale."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession

from bot.conversation.waiting import Waiting
from bot.text.i18n import N_, gettext

Discard = Callable[[AsyncSession, Waiting], Awaitable[None]]


@dataclass(frozen=True)
class Feature:
    """`name` is stored in each wait; `what` names the draft in a sentence (gettext'd);
    `command` starts it again; `discard` removes the draft when the wait goes stale;
    `on_leave` runs when another feature's command ends the wait (`commands` are the
    feature's own, which end the wait but are not leaving it)."""

    name: str
    what: str
    command: str
    discard: Discard | None = None
    on_leave: Discard | None = None
    commands: frozenset[str] = frozenset()


_FEATURES: dict[str, Feature] = {}

_STALE = N_(
    "You left {what} unfinished for more than {days} days, so I have put it aside. "
    "Send {command} to start again."
)


def register_feature(feature: Feature) -> None:
    """Each feature that asks questions says so when it is set up (once is enough)."""
    _FEATURES[feature.name] = feature


def feature_of(name: str) -> Feature | None:
    return _FEATURES.get(name)


def stale_notice(name: str, days: int) -> str:
    """What a member is told, in the current language, when their wait went stale."""
    feature = _FEATURES.get(name)
    what = gettext(feature.what) if feature else gettext(N_("what you were doing"))
    command = feature.command if feature else "/help"
    return gettext(_STALE).format(what=what, days=days, command=command)


async def discard_draft(session: AsyncSession, waiting: Waiting) -> None:
    """Remove the draft behind a stale wait, as its feature says (some keep theirs)."""
    feature = _FEATURES.get(waiting.feature)
    if feature is not None and feature.discard is not None:
        await feature.discard(session, waiting)


async def leave(session: AsyncSession, waiting: Waiting, command: str) -> None:
    """The member sent `command` while the bot waited: the feature may drop its draft."""
    feature = _FEATURES.get(waiting.feature)
    if feature is not None and feature.on_leave is not None and command not in feature.commands:
        await feature.on_leave(session, waiting)
