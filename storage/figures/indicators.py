"""The indicators units report (houses, gift packages, money…), in the order they are asked."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import Indicator


async def list_indicators(session: AsyncSession, *, active_only: bool = True) -> list[Indicator]:
    query = select(Indicator).order_by(Indicator.position, Indicator.id)
    if active_only:
        query = query.where(Indicator.active.is_(True))
    return list((await session.execute(query)).scalars())


async def store_indicators(session: AsyncSession, specs: Sequence[Any]) -> tuple[int, int, int]:
    """Create or update indicators by code, in the given order; the others stop being asked.

    `specs` are `bot.figures.indicators.IndicatorSpec`. Returns (created, updated, retired).
    """
    stored = {i.code: i for i in await list_indicators(session, active_only=False)}
    created = updated = 0
    for position, spec in enumerate(specs):
        indicator = stored.get(spec.code)
        if indicator is None:
            indicator = Indicator(code=spec.code)
            session.add(indicator)
            stored[spec.code] = indicator
            created += 1
        else:
            updated += 1
        indicator.kind, indicator.position, indicator.active = spec.kind, position, True
        indicator.name_vi, indicator.name_en = spec.name_vi, spec.name_en
        indicator.unit_vi, indicator.unit_en = spec.unit_vi, spec.unit_en
        indicator.words = json.dumps(list(spec.words), ensure_ascii=False)
        indicator.min_value, indicator.max_value = spec.min_value, spec.max_value
        indicator.history_factor = spec.history_factor
    # A ratio rule names another indicator by code: it needs that one's id, so new rows
    # must be flushed first.
    await session.flush()
    for spec in specs:
        indicator = stored[spec.code]
        if spec.per is None:
            indicator.per_indicator_id = indicator.per_min = indicator.per_max = None
        else:
            other, low, high = spec.per
            indicator.per_indicator_id, indicator.per_min, indicator.per_max = (
                stored[other].id,
                low,
                high,
            )
    codes = {spec.code for spec in specs}
    retired = 0
    for code, indicator in stored.items():
        if code not in codes and indicator.active:
            indicator.active = False
            retired += 1
    await session.flush()
    return created, updated, retired
