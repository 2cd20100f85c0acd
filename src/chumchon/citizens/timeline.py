"""A person's timeline: every change that touched them, from every domain, newest first.

The citizens domain must not import the domains built on it (allowances, disability
cards, groups …), so the timeline is a small registry they add themselves to, at import
time:

- `register_linked_model(Model, subject_type=...)` for a table whose rows carry
  `citizen_id`: the audit entries of those rows join the timeline, and when the rows are
  the subject of a workflow process (`subject_type` as the process declares it), so do
  their workflow history rows. This is the usual case::

      # in chumchon/allowances/service.py
      from chumchon.citizens import timeline
      timeline.register_linked_model(Registration, subject_type="allowance_registration")

- `register_source(name, source)` for anything else: an async function
  `(session, actor, citizen) -> list[TimelineItem]`. A source that must choose which of
  its rows the caller may see (health data) builds its items with `audit_items()` and
  `workflow_items()`.

Every source runs in the caller's scoped session, so it sees only the caller's
organisation. National IDs in before/after values are masked: the whole ID is read only
through its own audited endpoint.
"""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from chumchon.auth.permissions import P
from chumchon.citizens.models import BankAccount, Citizen, HouseholdMember
from chumchon.core.audit import AuditEntry
from chumchon.core.context import Actor
from chumchon.core.thai import mask_national_id
from chumchon.core.workflow import WorkflowEntry


@dataclass(frozen=True)
class TimelineItem:
    at: datetime
    source: str
    action: str
    entity: str
    entity_id: str | None
    actor_name: str
    actor_kind: str
    before: dict[str, Any] | None = None
    after: dict[str, Any] | None = None
    process: str | None = None
    from_state: str | None = None
    to_state: str | None = None
    note: str | None = None


TimelineSource = Callable[[AsyncSession, Actor, Citizen], Awaitable[list[TimelineItem]]]

_SOURCES: dict[str, TimelineSource] = {}
# Keys of before/after values that hold a national ID.
MASKED_KEYS: set[str] = {"national_id", "promptpay_id"}


def register_source(name: str, source: TimelineSource) -> None:
    """Add a source of timeline entries; registering the same name again replaces it."""
    _SOURCES[name] = source


def sources() -> dict[str, TimelineSource]:
    return dict(_SOURCES)


def register_linked_model(model: type[Any], *, subject_type: str | None = None, name: str | None = None) -> None:
    """Rows of `model` (which has a `citizen_id` column) appear on their person's timeline."""
    if "citizen_id" not in model.__table__.c:
        raise ValueError(f"{model.__name__} has no citizen_id column")
    table = model.__tablename__

    async def source(session: AsyncSession, actor: Actor, citizen: Citizen) -> list[TimelineItem]:
        ids = list((await session.execute(select(model.id).where(model.citizen_id == citizen.id))).scalars())
        if not ids:
            return []
        items = await audit_items(session, actor, table, [str(i) for i in ids])
        if subject_type is not None:
            items += await workflow_items(session, subject_type, ids)
        return items

    register_source(name or table, source)


def _masked(values: dict[str, Any] | None) -> dict[str, Any] | None:
    if values is None:
        return None
    out = dict(values)
    for key in MASKED_KEYS & out.keys():
        value = out[key]
        if isinstance(value, str) and len(value) == 13 and value.isdigit():
            out[key] = mask_national_id(value)
        elif value is not None:
            out[key] = "xxxxxxxxxxxxx"
    return out


async def audit_items(session: AsyncSession, actor: Actor, entity: str, entity_ids: list[str]) -> list[TimelineItem]:
    """The audit entries of these rows, for a source that picks its rows itself."""
    # The audit log is not a TenantMixin table, so it is scoped here, as the audit service does.
    stmt = select(AuditEntry).where(AuditEntry.organisation_id == actor.organisation_id, AuditEntry.entity == entity,
                                    AuditEntry.entity_id.in_(entity_ids))
    if not actor.can(P.sensitive_read):
        stmt = stmt.where(AuditEntry.sensitive.is_(False))
    rows = (await session.execute(stmt)).scalars()
    return [TimelineItem(at=e.at, source="audit", action=e.action, entity=e.entity, entity_id=e.entity_id,
                         actor_name=e.actor_name, actor_kind=e.actor_kind, before=_masked(e.before),
                         after=_masked(e.after)) for e in rows]


async def workflow_items(session: AsyncSession, subject_type: str,
                         subject_ids: list[uuid.UUID]) -> list[TimelineItem]:
    """The workflow history of these subjects, for a source that picks its rows itself."""
    rows = (await session.execute(
        select(WorkflowEntry).where(WorkflowEntry.subject_type == subject_type,
                                    WorkflowEntry.subject_id.in_(subject_ids))
    )).scalars()
    return [TimelineItem(at=e.at, source="workflow", action=f"{e.process}.{e.transition}", entity=e.subject_type,
                         entity_id=str(e.subject_id), actor_name=e.actor_name, actor_kind=e.actor_kind,
                         process=e.process, from_state=e.from_state, to_state=e.to_state, note=e.note)
            for e in rows]


async def _citizen_itself(session: AsyncSession, actor: Actor, citizen: Citizen) -> list[TimelineItem]:
    return await audit_items(session, actor, Citizen.__tablename__, [str(citizen.id)])


async def collect(session: AsyncSession, actor: Actor, citizen: Citizen) -> list[TimelineItem]:
    """Every source's entries for `citizen`, newest first."""
    items: list[TimelineItem] = []
    for source in _SOURCES.values():
        items += await source(session, actor, citizen)
    # Several entries of one request share a timestamp to the microsecond on some engines;
    # the entity and action keep their order stable between calls.
    items.sort(key=lambda i: (i.at, i.entity, i.action), reverse=True)
    return items


# Kept for sources written against the first names of these helpers.
_audit_items = audit_items
_workflow_items = workflow_items

register_source("citizen", _citizen_itself)
register_linked_model(BankAccount)
register_linked_model(HouseholdMember)
