from __future__ import annotations

from fastapi import APIRouter
from pydantic import AwareDatetime

from chumchon.audit import service
from chumchon.audit.schemas import AuditRead
from chumchon.auth.deps import CurrentActor, ScopedDb
from chumchon.core.errors import problem_responses
from chumchon.core.pagination import Page, PageQuery

router = APIRouter(prefix="/audit", tags=["audit"])


@router.get("", response_model=Page[AuditRead], summary="The audit log of my organisation (administrators)",
            responses=problem_responses(401, 403, 422))
async def list_audit(session: ScopedDb, actor: CurrentActor, page: PageQuery, entity: str | None = None,
                     entity_id: str | None = None, actor_id: str | None = None, action: str | None = None,
                     since: AwareDatetime | None = None, until: AwareDatetime | None = None) -> Page[AuditRead]:
    rows, total = await service.list_entries(session, actor, page, entity=entity, entity_id=entity_id,
                                             actor_id=actor_id, action=action, since=since, until=until)
    return Page(items=[AuditRead.model_validate(r) for r in rows], total=total, page=page.page,
                page_size=page.page_size)
