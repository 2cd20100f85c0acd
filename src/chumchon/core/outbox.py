"""The outbox of domain events, written in the same transaction as the change.

A dispatcher (integrations/) delivers them to agencies' webhooks later; an event exists
if and only if its change was committed.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import BigInteger, Identity, Index, Integer, String
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Mapped, mapped_column

from chumchon.core.audit import JsonDoc
from chumchon.core.db import Base, new_id, utcnow
from chumchon.core.jsonsafe import to_json
from chumchon.core.tenancy import current_actor


class OutboxEvent(Base):
    __tablename__ = "outbox_events"
    __audited__ = False
    __table_args__ = (Index("ix_outbox_events_subject", "subject_type", "subject_id"),)

    # A sequence, not the uuid, orders events (per subject, delivery keeps this order).
    # (SQLite only auto-numbers a column declared INTEGER PRIMARY KEY.)
    seq: Mapped[int] = mapped_column(BigInteger().with_variant(Integer(), "sqlite"), Identity(),
                                     primary_key=True)
    id: Mapped[uuid.UUID] = mapped_column(default=new_id, unique=True)
    at: Mapped[datetime] = mapped_column(default=utcnow)
    organisation_id: Mapped[uuid.UUID | None] = mapped_column(index=True)
    topic: Mapped[str] = mapped_column(String(80), index=True)
    subject_type: Mapped[str] = mapped_column(String(60))
    subject_id: Mapped[str] = mapped_column(String(64))
    payload: Mapped[dict[str, Any]] = mapped_column(JsonDoc)


def emit(session: AsyncSession, topic: str, *, subject_type: str, subject_id: Any,
         payload: dict[str, Any], organisation_id: uuid.UUID | None = None) -> OutboxEvent:
    actor = current_actor(session)
    event = OutboxEvent(
        topic=topic,
        subject_type=subject_type,
        subject_id=str(subject_id),
        organisation_id=organisation_id or (actor.organisation_id if actor else None),
        payload=to_json(payload),
    )
    session.add(event)
    return event
