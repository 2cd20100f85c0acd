from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from chumchon.auth.permissions import P
from chumchon.core.audit import AuditEntry
from chumchon.core.context import Actor
from chumchon.core.pagination import PageParams, paginate


async def list_entries(session: AsyncSession, actor: Actor, params: PageParams, *, entity: str | None = None,
                       entity_id: str | None = None, actor_id: str | None = None, action: str | None = None,
                       since: datetime | None = None, until: datetime | None = None) -> tuple[list[AuditEntry], int]:
    actor.require(P.audit_read)
    # The audit log is not a TenantMixin table (a row may have no organisation), so it is
    # scoped here, the one place that reads it.
    stmt = select(AuditEntry).where(AuditEntry.organisation_id == actor.organisation_id)
    if not actor.can(P.sensitive_read):
        stmt = stmt.where(AuditEntry.sensitive.is_(False))
    if entity:
        stmt = stmt.where(AuditEntry.entity == entity)
    if entity_id:
        stmt = stmt.where(AuditEntry.entity_id == entity_id)
    if actor_id:
        stmt = stmt.where(AuditEntry.actor_id == actor_id)
    if action:
        stmt = stmt.where(AuditEntry.action == action)
    if since:
        stmt = stmt.where(AuditEntry.at >= since)
    if until:
        stmt = stmt.where(AuditEntry.at < until)
    return await paginate(session, stmt, params, sortable={"at": AuditEntry.at, "action": AuditEntry.action},
                          default_sort=["-at"], tiebreak=AuditEntry.id)
