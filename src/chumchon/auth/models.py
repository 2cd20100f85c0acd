from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import Boolean, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from chumchon.core.audit import JsonDoc
from chumchon.core.db import Base, Entity, TenantMixin, new_id, utcnow


class User(Entity, Base):
    __tablename__ = "users"
    __audit_exclude__ = frozenset({"password_hash"})

    username: Mapped[str] = mapped_column(String(80), unique=True)
    full_name: Mapped[str] = mapped_column(String(200))
    password_hash: Mapped[str] = mapped_column(String(255))
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)
    failed_logins: Mapped[int] = mapped_column(Integer, default=0)
    last_failed_at: Mapped[datetime | None]
    locked_until: Mapped[datetime | None]


class Membership(Entity, TenantMixin, Base):
    """A user's role in one organisation; a user may hold several."""

    __tablename__ = "memberships"
    __table_args__ = (UniqueConstraint("user_id", "organisation_id", "role"),)

    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id"), index=True)
    role: Mapped[str] = mapped_column(String(20))


class RefreshToken(Base):
    """Opaque, rotating refresh tokens, stored as hashes. One family per sign-in: a token used
    twice means it was stolen, and the whole family is revoked."""

    __tablename__ = "refresh_tokens"
    __audited__ = False

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    family_id: Mapped[uuid.UUID] = mapped_column(index=True)
    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id"), index=True)
    organisation_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("organisations.id"))
    issued_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime]
    used_at: Mapped[datetime | None]
    revoked_at: Mapped[datetime | None]


class MachineClient(Entity, Base):
    """Another agency's system (the provincial social development office, พมจ.)."""

    __tablename__ = "machine_clients"
    __audit_exclude__ = frozenset({"secret_hash"})

    client_id: Mapped[str] = mapped_column(String(80), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    secret_hash: Mapped[str] = mapped_column(String(255))
    province_code: Mapped[str] = mapped_column(String(2))
    scopes: Mapped[list[Any]] = mapped_column(JsonDoc, default=list)
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)
