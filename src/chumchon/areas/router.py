from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Depends, Response

from chumchon.areas import service
from chumchon.areas.schemas import OrganisationRead, OrganisationUpdate, VillageCreate, VillageRead, VillageUpdate
from chumchon.auth.deps import CurrentActor, ScopedDb
from chumchon.core.concurrency import etag, if_match
from chumchon.core.errors import problem_responses
from chumchon.core.pagination import Page, PageQuery

router = APIRouter(tags=["areas"])


@router.get("/organisations/current", response_model=OrganisationRead, summary="My organisation",
            responses=problem_responses(401, 404))
async def get_current(session: ScopedDb, actor: CurrentActor, response: Response) -> OrganisationRead:
    org = await service.current_organisation(session, actor)
    response.headers["ETag"] = etag(org.version)
    return OrganisationRead.model_validate(org)


@router.patch("/organisations/current", response_model=OrganisationRead, summary="Change my organisation's names",
              responses=problem_responses(401, 403, 409, 422, 428))
async def update_current(session: ScopedDb, actor: CurrentActor, body: OrganisationUpdate, response: Response,
                         version: Annotated[int, Depends(if_match)]) -> OrganisationRead:
    org = await service.update_organisation(session, actor, body, version)
    response.headers["ETag"] = etag(org.version)
    return OrganisationRead.model_validate(org)


@router.get("/organisations/current/villages", response_model=Page[VillageRead], summary="Villages (หมู่ที่)",
            responses=problem_responses(401, 403, 422))
async def list_villages(session: ScopedDb, actor: CurrentActor, page: PageQuery, q: str | None = None,
                        active: bool | None = None) -> Page[VillageRead]:
    rows, total = await service.list_villages(session, actor, page, q=q, active=active)
    return Page(items=[VillageRead.model_validate(v) for v in rows], total=total, page=page.page,
                page_size=page.page_size)


@router.post("/organisations/current/villages", response_model=VillageRead, status_code=201,
             summary="Add a village", responses=problem_responses(401, 403, 409, 422))
async def create_village(session: ScopedDb, actor: CurrentActor, body: VillageCreate, response: Response) -> VillageRead:
    village = await service.create_village(session, actor, body)
    response.headers["ETag"] = etag(village.version)
    return VillageRead.model_validate(village)


@router.get("/villages/{village_id}", response_model=VillageRead, summary="One village",
            responses=problem_responses(401, 403, 404))
async def get_village(session: ScopedDb, actor: CurrentActor, village_id: uuid.UUID, response: Response) -> VillageRead:
    village = await service.get_village(session, actor, village_id)
    response.headers["ETag"] = etag(village.version)
    return VillageRead.model_validate(village)


@router.patch("/villages/{village_id}", response_model=VillageRead, summary="Change a village",
              responses=problem_responses(401, 403, 404, 409, 422, 428))
async def update_village(session: ScopedDb, actor: CurrentActor, village_id: uuid.UUID, body: VillageUpdate,
                         response: Response, version: Annotated[int, Depends(if_match)]) -> VillageRead:
    village = await service.update_village(session, actor, village_id, body, version)
    response.headers["ETag"] = etag(village.version)
    return VillageRead.model_validate(village)
