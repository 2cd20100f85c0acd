from __future__ import annotations

import uuid

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from chumchon.areas.models import Organisation, Village
from chumchon.areas.schemas import OrganisationCreate, OrganisationUpdate, VillageCreate, VillageUpdate
from chumchon.auth.permissions import P
from chumchon.core.concurrency import check_version
from chumchon.core.context import Actor
from chumchon.core.errors import Conflict, NotFound
from chumchon.core.pagination import PageParams, paginate


async def current_organisation(session: AsyncSession, actor: Actor) -> Organisation:
    org = await session.get(Organisation, actor.organisation_id) if actor.organisation_id else None
    if org is None:
        raise NotFound("No organisation", code="organisations.not_found")
    return org


async def update_organisation(session: AsyncSession, actor: Actor, data: OrganisationUpdate,
                              expected_version: int) -> Organisation:
    actor.require(P.organisation_manage)
    org = await current_organisation(session, actor)
    check_version(org, expected_version)
    for key, value in data.model_dump(exclude_unset=True).items():
        setattr(org, key, value)
    await session.flush()
    return org


async def create_organisation(session: AsyncSession, data: OrganisationCreate) -> Organisation:
    """For the CLI and the demo: a deployment adds its local governments once."""
    if (await session.execute(select(Organisation.id).where(Organisation.code == data.code))).first():
        raise Conflict("An organisation with that code exists", code="organisations.code_taken")
    org = Organisation(**data.model_dump(mode="json"))
    session.add(org)
    await session.flush()
    return org


async def list_villages(session: AsyncSession, actor: Actor, params: PageParams, *, q: str | None = None,
                        active: bool | None = None) -> tuple[list[Village], int]:
    actor.require(P.areas_read)
    stmt = select(Village)
    if q:
        stmt = stmt.where(Village.name_th.contains(q))
    if active is not None:
        stmt = stmt.where(Village.is_active.is_(active))
    return await paginate(session, stmt, params, sortable={"number": Village.number, "name_th": Village.name_th},
                          default_sort=["number"], tiebreak=Village.id)


async def get_village(session: AsyncSession, actor: Actor, village_id: uuid.UUID) -> Village:
    actor.require(P.areas_read)
    village = (await session.execute(select(Village).where(Village.id == village_id))).scalar_one_or_none()
    if village is None:
        raise NotFound("No such village", code="villages.not_found")
    return village


async def create_village(session: AsyncSession, actor: Actor, data: VillageCreate) -> Village:
    actor.require(P.organisation_manage)
    clash = await session.execute(select(Village.id).where(Village.number == data.number))
    if clash.first():
        raise Conflict(f"หมู่ที่ {data.number} exists already", code="villages.number_taken")
    village = Village(**data.model_dump())
    session.add(village)
    await session.flush()
    return village


async def update_village(session: AsyncSession, actor: Actor, village_id: uuid.UUID, data: VillageUpdate,
                         expected_version: int) -> Village:
    actor.require(P.organisation_manage)
    village = await get_village(session, actor, village_id)
    check_version(village, expected_version)
    for key, value in data.model_dump(exclude_unset=True).items():
        setattr(village, key, value)
    await session.flush()
    return village
