"""Queries over the tree of units. Repositories never commit: the caller does."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from sqlalchemy import delete, exists, insert, select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import Unit, UnitKind, UnitLink


async def get_unit_by_code(session: AsyncSession, code: str) -> Unit | None:
    return (await session.execute(select(Unit).where(Unit.code == code))).scalar_one_or_none()


async def get_unit(session: AsyncSession, unit_id: int) -> Unit | None:
    return await session.get(Unit, unit_id)


async def list_units(session: AsyncSession) -> Sequence[Unit]:
    return (await session.execute(select(Unit).order_by(Unit.id))).scalars().all()


async def get_root(session: AsyncSession) -> Unit | None:
    query = select(Unit).where(Unit.kind == UnitKind.CENTRAL, Unit.parent_id.is_(None))
    return (await session.execute(query.order_by(Unit.id).limit(1))).scalar_one_or_none()


async def is_within(session: AsyncSession, unit_id: int, ancestor_ids: Iterable[int]) -> bool:
    """Whether `unit_id` is one of `ancestor_ids` or lies anywhere beneath one of them."""
    ancestors = list(ancestor_ids)
    if not ancestors:
        return False
    query = select(
        exists().where(UnitLink.descendant_id == unit_id, UnitLink.ancestor_id.in_(ancestors))
    )
    return bool((await session.execute(query)).scalar())


async def list_children(session: AsyncSession, unit_id: int) -> Sequence[Unit]:
    query = select(Unit).join(UnitLink, UnitLink.descendant_id == Unit.id)
    query = query.where(UnitLink.ancestor_id == unit_id, UnitLink.depth == 1)
    return (await session.execute(query.order_by(Unit.name))).scalars().all()


async def upsert_units(session: AsyncSession, rows: Sequence[dict[str, str]]) -> tuple[int, int]:
    """Insert or update units by code (parents named by code), then rebuild the closure.

    Every parent code must be stored already or appear in `rows`; the caller validated
    that. Returns (created, updated); re-importing the same file changes nothing.
    """
    by_code = {unit.code: unit for unit in await list_units(session)}
    code_of = {unit.id: code for code, unit in by_code.items()}

    def stored(unit: Unit) -> tuple[str, str, str, str]:
        parent = code_of.get(unit.parent_id, "") if unit.parent_id else ""
        also = code_of.get(unit.also_under_id, "") if unit.also_under_id else ""
        return unit.name, str(unit.kind), parent, also

    created = updated = 0
    for row in rows:
        unit = by_code.get(row["code"])
        if unit is None:
            unit = Unit(code=row["code"], name=row["name"], kind=UnitKind(row["kind"]))
            session.add(unit)
            by_code[row["code"]] = unit
            created += 1
            continue
        if stored(unit) != (row["name"], row["kind"], row["parent_code"], row["also_under"]):
            updated += 1
        unit.name, unit.kind = row["name"], UnitKind(row["kind"])
    await session.flush()
    for row in rows:
        unit = by_code[row["code"]]
        unit.parent_id = by_code[row["parent_code"]].id if row["parent_code"] else None
        unit.also_under_id = by_code[row["also_under"]].id if row["also_under"] else None
    await session.flush()
    await rebuild_links(session)
    return created, updated


async def rebuild_links(session: AsyncSession) -> None:
    """Recompute the closure table from the parent columns (a few hundred thousand rows at most)."""
    pairs = (await session.execute(select(Unit.id, Unit.parent_id, Unit.also_under_id))).all()
    parents = {uid: [p for p in (parent, also) if p is not None] for uid, parent, also in pairs}
    links: list[dict[str, int]] = []
    for unit_id in parents:
        depth_of: dict[int, int] = {unit_id: 0}
        frontier = [unit_id]
        while frontier:
            nxt = []
            for node in frontier:
                for parent in parents.get(node, []):
                    if parent not in depth_of:
                        depth_of[parent] = depth_of[node] + 1
                        nxt.append(parent)
            frontier = nxt
        links.extend(
            {"ancestor_id": a, "descendant_id": unit_id, "depth": d} for a, d in depth_of.items()
        )
    await session.execute(delete(UnitLink))
    for start in range(0, len(links), 5000):
        await session.execute(insert(UnitLink), links[start : start + 5000])
