"""Webhook subscriptions of agencies' systems, and the log of what was delivered to them."""

from __future__ import annotations

import uuid
from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    ForeignKey,
    Index,
    Integer,
    String,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from chumchon.core.audit import JsonDoc
from chumchon.core.db import Base, Entity, TenantMixin, new_id, utcnow

# The outbox's own sequence type: BIGINT, except the INTEGER SQLite needs to auto-number.
SeqType = BigInteger().with_variant(Integer(), "sqlite")


class DeliveryState(StrEnum):
    pending = "pending"        # waiting for its turn or its next attempt
    delivered = "delivered"    # the receiver answered 2xx
    cancelled = "cancelled"    # the subscription was deactivated before it went


class WebhookSubscription(Entity, TenantMixin, Base):
    """Where to send which events: an organisation's own receiver, or a provincial office's.

    An organisation's subscription (made by its administrator) gets that organisation's events.
    A province's subscription (made by a provincial office's machine client for itself) gets the
    events of every organisation in the province, limited to the topics its scopes allow; it
    belongs to no organisation, so no organisation's user ever sees it.
    """

    __tablename__ = "webhook_subscriptions"
    # The secret signs every delivery; it is shown once, never copied into the audit log.
    __audit_exclude__ = frozenset({"secret"})
    __table_args__ = (
        CheckConstraint("(organisation_id IS NULL) <> (province_code IS NULL)", name="one_scope"),
    )

    # Nullable here only: a province's subscription has no organisation (see the class doc).
    organisation_id: Mapped[uuid.UUID | None] = mapped_column(  # type: ignore[assignment]
        ForeignKey("organisations.id"), index=True, nullable=True)
    province_code: Mapped[str | None] = mapped_column(String(2), index=True)
    owner_client_id: Mapped[str | None] = mapped_column(String(100), index=True)
    label_th: Mapped[str] = mapped_column(String(200))
    url: Mapped[str] = mapped_column(String(500))
    secret: Mapped[str] = mapped_column(String(100))
    topics: Mapped[list[Any]] = mapped_column(JsonDoc)
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)
    # Only events after this outbox position are sent: a new (or re-activated) subscription
    # starts from now, it is not flooded with the past.
    after_seq: Mapped[int] = mapped_column(SeqType, default=0)
    deactivated_at: Mapped[datetime | None]


class WebhookDelivery(Base):
    """One event for one subscription: its attempts, and whether it arrived."""

    __tablename__ = "webhook_deliveries"
    # An operational log with one row per event and receiver; the attempts are its history.
    __audited__ = False
    __table_args__ = (
        UniqueConstraint("subscription_id", "event_seq"),
        # "Is an earlier event of this subject still waiting for this receiver?"
        Index("ix_webhook_deliveries_subject", "subscription_id", "subject_type", "subject_id", "event_seq"),
        Index("ix_webhook_deliveries_due", "state", "next_attempt_at"),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    subscription_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("webhook_subscriptions.id"))
    event_seq: Mapped[int] = mapped_column(SeqType, ForeignKey("outbox_events.seq"))
    event_id: Mapped[uuid.UUID]
    topic: Mapped[str] = mapped_column(String(80))
    subject_type: Mapped[str] = mapped_column(String(60))
    subject_id: Mapped[str] = mapped_column(String(64))
    state: Mapped[str] = mapped_column(String(16), default=DeliveryState.pending.value)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_status_code: Mapped[int | None] = mapped_column(Integer)
    last_error: Mapped[str | None] = mapped_column(String(500))
    last_attempt_at: Mapped[datetime | None]
    next_attempt_at: Mapped[datetime | None]
    delivered_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class WebhookCursor(Base):
    """How far the dispatcher has read the outbox, and the gaps it is still watching.

    On PostgreSQL a sequence number is taken at INSERT but seen at COMMIT, so a slow
    transaction's event can appear after later ones: a hole below the cursor. Holes are kept
    (as ranges, with when they were first seen) and looked at again on every pass until
    `GAP_WAIT` has passed; a hole that stays empty that long was a rolled-back transaction.
    """

    __tablename__ = "webhook_cursors"
    __audited__ = False

    name: Mapped[str] = mapped_column(String(40), primary_key=True)
    seq: Mapped[int] = mapped_column(SeqType, default=0)
    gaps: Mapped[list[Any]] = mapped_column(JsonDoc, default=list)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
