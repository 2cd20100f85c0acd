"""The audit log: every write, and every read of sensitive data, in an append-only table.

Writes are caught in one place, an `after_flush` hook on every session, so no service can
forget: each new, changed or deleted row becomes an entry with who, when, what, before and
after. Bulk SQL (imports, payroll) bypasses the ORM and records its own entries with
`record()`.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from typing import Any

from asgi_correlation_id import correlation_id
from sqlalchemy import JSON, Boolean, Index, String, event, false, inspect
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Mapped, Session, mapped_column

from chumchon.core.context import Actor
from chumchon.core.db import Base, new_id, utcnow
from chumchon.core.jsonsafe import to_json

JsonDoc = JSON().with_variant(JSONB(), "postgresql")


class AuditEntry(Base):
    __tablename__ = "audit_log"
    __audited__ = False
    # "What happened to this record" is the question asked most.
    __table_args__ = (Index("ix_audit_log_entity_entity_id", "entity", "entity_id"),)

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    organisation_id: Mapped[uuid.UUID | None] = mapped_column(index=True)
    actor_kind: Mapped[str] = mapped_column(String(16))
    actor_id: Mapped[str | None] = mapped_column(String(64), index=True)
    actor_name: Mapped[str] = mapped_column(String(200))
    action: Mapped[str] = mapped_column(String(80), index=True)
    entity: Mapped[str] = mapped_column(String(80))
    entity_id: Mapped[str | None] = mapped_column(String(64))
    before: Mapped[dict[str, Any] | None] = mapped_column(JsonDoc)
    after: Mapped[dict[str, Any] | None] = mapped_column(JsonDoc)
    request_id: Mapped[str | None] = mapped_column(String(64))
    # Health data (PDPA s.26): the entry itself reveals it, so only sensitive:read sees it.
    sensitive: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())


_ACTION = "audit_action"


@contextmanager
def action(session: AsyncSession | Session, name: str) -> Iterator[None]:
    """Name the business action (`registration.approve`) that the writes inside belong to."""
    before = session.info.get(_ACTION)
    session.info[_ACTION] = name
    try:
        yield
    finally:
        session.info[_ACTION] = before


def _actor(session: Session) -> Actor | None:
    return session.info.get("actor")


def _row(session: Session, *, action: str, entity: str, entity_id: Any, organisation_id: Any,
         before: dict[str, Any] | None, after: dict[str, Any] | None, sensitive: bool = False) -> dict[str, Any]:
    actor = _actor(session)
    return {
        "id": new_id(),
        "at": utcnow(),
        "organisation_id": organisation_id if organisation_id is not None else (actor.organisation_id if actor else None),
        "actor_kind": actor.kind if actor else "system",
        "actor_id": actor.id if actor else None,
        "actor_name": actor.name if actor else "system",
        "action": action,
        "entity": entity,
        "entity_id": None if entity_id is None else str(entity_id),
        "before": before,
        "after": after,
        "request_id": correlation_id.get(),
        "sensitive": sensitive,
    }


def _snapshot(obj: Any, *, which: str) -> dict[str, Any]:
    state = inspect(obj)
    exclude = type(obj).__audit_exclude__
    out: dict[str, Any] = {}
    for attr in state.mapper.column_attrs:
        key = attr.key
        if key in exclude:
            continue
        hist = state.attrs[key].history
        if which == "before" and hist.has_changes():
            value = hist.deleted[0] if hist.deleted else None
        else:
            value = state.dict.get(key)
        out[key] = to_json(value)
    return out


def _changes(obj: Any) -> tuple[dict[str, Any], dict[str, Any]]:
    state = inspect(obj)
    exclude = type(obj).__audit_exclude__
    before: dict[str, Any] = {}
    after: dict[str, Any] = {}
    for attr in state.mapper.column_attrs:
        key = attr.key
        hist = state.attrs[key].history
        if not hist.has_changes() or key in exclude:
            continue
        before[key] = to_json(hist.deleted[0] if hist.deleted else None)
        after[key] = to_json(hist.added[0] if hist.added else state.dict.get(key))
    return before, after


def _sensitive(session: Session, obj: Any) -> bool:
    """A model marks its rows as health data with `audit_sensitive(session) -> bool`."""
    check = getattr(obj, "audit_sensitive", None)
    return bool(check(session)) if callable(check) else False


@event.listens_for(Session, "after_flush")
def _audit_flush(session: Session, _ctx: Any) -> None:
    prefix = session.info.get(_ACTION)
    rows: list[dict[str, Any]] = []
    for obj in session.new:
        if getattr(type(obj), "__audited__", False):
            rows.append(_row(session, action=prefix or f"{obj.__tablename__}.create", entity=obj.__tablename__,
                             entity_id=getattr(obj, "id", None), organisation_id=getattr(obj, "organisation_id", None),
                             before=None, after=_snapshot(obj, which="after"), sensitive=_sensitive(session, obj)))
    for obj in session.dirty:
        if getattr(type(obj), "__audited__", False) and session.is_modified(obj, include_collections=False):
            before, after = _changes(obj)
            if not after:
                continue
            rows.append(_row(session, action=prefix or f"{obj.__tablename__}.update", entity=obj.__tablename__,
                             entity_id=getattr(obj, "id", None), organisation_id=getattr(obj, "organisation_id", None),
                             before=before, after=after, sensitive=_sensitive(session, obj)))
    for obj in session.deleted:
        if getattr(type(obj), "__audited__", False):
            rows.append(_row(session, action=prefix or f"{obj.__tablename__}.delete", entity=obj.__tablename__,
                             entity_id=getattr(obj, "id", None), organisation_id=getattr(obj, "organisation_id", None),
                             before=_snapshot(obj, which="before"), after=None, sensitive=_sensitive(session, obj)))
    if rows:
        session.connection().execute(AuditEntry.__table__.insert(), rows)


async def record(session: AsyncSession, *, action: str, entity: str, entity_id: Any = None,
                 organisation_id: Any = None, before: dict[str, Any] | None = None,
                 after: dict[str, Any] | None = None, sensitive: bool = False) -> None:
    """An entry for what the ORM hook cannot see: bulk SQL, and reads of sensitive data."""
    row = _row(session.sync_session, action=action, entity=entity, entity_id=entity_id,
               organisation_id=organisation_id, before=to_json(before), after=to_json(after), sensitive=sensitive)
    await session.execute(AuditEntry.__table__.insert(), [row])
