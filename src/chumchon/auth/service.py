"""Signing in, tokens, users and machine clients."""

from __future__ import annotations

import secrets
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from chumchon.areas.models import Organisation
from chumchon.auth import security
from chumchon.auth.models import MachineClient, Membership, RefreshToken, User
from chumchon.auth.permissions import CLIENT_SCOPES, P, permissions_for
from chumchon.auth.schemas import (
    ClientCreate,
    ClientCreated,
    MeRead,
    OrganisationBrief,
    TokenPair,
    UserCreate,
    UserRead,
    UserUpdate,
)
from chumchon.core.concurrency import check_version
from chumchon.core.config import Settings
from chumchon.core.context import Actor
from chumchon.core.errors import Conflict, Invalid, Locked, NotFound, TooManyRequests, Unauthorized
from chumchon.core.pagination import PageParams, paginate


def _now() -> datetime:
    return datetime.now(UTC)


class _Refused(Unauthorized):
    keep_changes = True


# --- signing in ------------------------------------------------------------------------


async def _memberships(session: AsyncSession, user_id: uuid.UUID) -> list[Membership]:
    rows = await session.execute(
        select(Membership).where(Membership.user_id == user_id).execution_options(all_tenants=True)
    )
    return list(rows.scalars())


async def _issue_user_tokens(session: AsyncSession, settings: Settings, user: User, organisation_id: uuid.UUID,
                             roles: list[str], family_id: uuid.UUID | None = None) -> TokenPair:
    access, expires_in = security.issue_access_token(
        settings, subject=str(user.id), kind="user",
        claims={"org": str(organisation_id), "roles": sorted(roles), "name": user.full_name},
    )
    refresh, refresh_hash = security.new_refresh_token()
    session.add(RefreshToken(
        token_hash=refresh_hash, family_id=family_id or uuid.uuid4(), user_id=user.id,
        organisation_id=organisation_id, expires_at=_now() + timedelta(days=settings.refresh_token_days),
    ))
    return TokenPair(access_token=access, refresh_token=refresh, expires_in=expires_in)


async def login_password(session: AsyncSession, settings: Settings, username: str, password: str,
                         organisation_code: str | None = None) -> TokenPair:
    now = _now()
    user = (await session.execute(select(User).where(User.username == username))).scalar_one_or_none()
    if user is not None and user.locked_until and user.locked_until > now:
        retry = int((user.locked_until - now).total_seconds()) + 1
        raise Locked("Too many failed sign-ins; the account is locked for a while", code="auth.locked",
                     headers={"Retry-After": str(retry)}, retry_after=retry)
    if user is not None and user.failed_logins >= settings.login_slow_after and user.last_failed_at:
        wait = timedelta(seconds=2 ** min(user.failed_logins - settings.login_slow_after, 10))
        if user.last_failed_at + wait > now:
            retry = int((user.last_failed_at + wait - now).total_seconds()) + 1
            raise TooManyRequests("Too many failed sign-ins; wait before trying again", code="auth.throttled",
                                  headers={"Retry-After": str(retry)}, retry_after=retry)
    ok = security.verify_secret(password, user.password_hash if user else security.DUMMY_HASH)
    if user is None or not ok or not user.is_active:
        if user is not None:
            user.failed_logins += 1
            user.last_failed_at = now
            if user.failed_logins >= settings.login_lock_after:
                user.locked_until = now + timedelta(minutes=settings.login_lock_minutes)
        raise _Refused("Wrong username or password", code="auth.invalid_credentials")
    if user.failed_logins or user.locked_until:
        user.failed_logins, user.locked_until, user.last_failed_at = 0, None, None

    memberships = await _memberships(session, user.id)
    if not memberships:
        raise Unauthorized("This account has no organisation", code="auth.no_organisation")
    org_ids = sorted({m.organisation_id for m in memberships})
    organisation_id = org_ids[0]
    if organisation_code:
        org = (await session.execute(select(Organisation).where(Organisation.code == organisation_code))).scalar_one_or_none()
        if org is None or org.id not in org_ids:
            raise Unauthorized("This account is not in that organisation", code="auth.no_organisation")
        organisation_id = org.id
    roles = [m.role for m in memberships if m.organisation_id == organisation_id]
    return await _issue_user_tokens(session, settings, user, organisation_id, roles)


async def login_client(session: AsyncSession, settings: Settings, client_id: str, client_secret: str,
                       scope: str | None) -> TokenPair:
    client = (await session.execute(select(MachineClient).where(MachineClient.client_id == client_id))).scalar_one_or_none()
    ok = security.verify_secret(client_secret, client.secret_hash if client else security.DUMMY_HASH)
    if client is None or not ok or not client.is_active:
        raise Unauthorized("Unknown client or wrong secret", code="auth.invalid_client")
    granted = set(client.scopes)
    asked = set(scope.split()) if scope else granted
    if not asked <= granted:
        raise Unauthorized(f"Scopes not granted to this client: {' '.join(sorted(asked - granted))}",
                           code="auth.invalid_scope")
    access, expires_in = security.issue_access_token(
        settings, subject=f"client:{client.client_id}", kind="client",
        claims={"scopes": sorted(asked), "prov": client.province_code, "name": client.name},
    )
    return TokenPair(access_token=access, expires_in=expires_in, scope=" ".join(sorted(asked)))


async def refresh(session: AsyncSession, settings: Settings, token: str) -> TokenPair:
    now = _now()
    row = (await session.execute(
        select(RefreshToken).where(RefreshToken.token_hash == security.digest(token))
    )).scalar_one_or_none()
    if row is None or row.revoked_at is not None or row.expires_at <= now:
        raise Unauthorized("The refresh token is not valid; sign in again", code="auth.refresh_invalid")
    # Compare-and-set: of two uses of the same token, exactly one wins.
    used = await session.execute(
        update(RefreshToken).where(RefreshToken.id == row.id, RefreshToken.used_at.is_(None)).values(used_at=now)
    )
    if used.rowcount != 1:
        await session.execute(
            update(RefreshToken).where(RefreshToken.family_id == row.family_id, RefreshToken.revoked_at.is_(None))
            .values(revoked_at=now)
        )
        raise _Refused("This refresh token was already used; sign in again", code="auth.refresh_reused")
    user = await session.get(User, row.user_id)
    roles = [m.role for m in await _memberships(session, row.user_id) if m.organisation_id == row.organisation_id]
    if user is None or not user.is_active or not roles:
        raise Unauthorized("The account can no longer sign in", code="auth.refresh_invalid")
    return await _issue_user_tokens(session, settings, user, row.organisation_id, roles, family_id=row.family_id)


async def logout(session: AsyncSession, token: str) -> None:
    row = (await session.execute(
        select(RefreshToken).where(RefreshToken.token_hash == security.digest(token))
    )).scalar_one_or_none()
    if row is not None:
        await session.execute(
            update(RefreshToken).where(RefreshToken.family_id == row.family_id, RefreshToken.revoked_at.is_(None))
            .values(revoked_at=_now())
        )


def actor_from_claims(claims: dict[str, Any]) -> Actor:
    if claims.get("typ") == "user":
        roles = frozenset(claims.get("roles", []))
        return Actor(kind="user", id=claims["sub"], name=claims.get("name", ""),
                     organisation_id=uuid.UUID(claims["org"]), roles=roles, permissions=permissions_for(roles))
    if claims.get("typ") == "client":
        scopes = frozenset(claims.get("scopes", [])) & CLIENT_SCOPES
        return Actor(kind="client", id=claims["sub"], name=claims.get("name", ""),
                     province_code=claims.get("prov"), permissions=scopes)
    raise Unauthorized("Unknown token type", code="auth.token_invalid")


async def me(session: AsyncSession, actor: Actor) -> MeRead:
    org = await session.get(Organisation, actor.organisation_id) if actor.organisation_id else None
    username = actor.id or ""
    if actor.kind == "user":
        user = await session.get(User, uuid.UUID(actor.id))
        username = user.username if user else username
    return MeRead(id=actor.id or "", kind=actor.kind, username=username, full_name=actor.name,
                  organisation=OrganisationBrief.model_validate(org) if org else None,
                  roles=sorted(actor.roles), permissions=sorted(actor.permissions))


# --- users of an organisation ------------------------------------------------------------


def _user_read(user: User, roles: list[str]) -> UserRead:
    return UserRead(id=user.id, username=user.username, full_name=user.full_name, is_active=user.is_active,
                    roles=sorted(roles), version=user.version)


async def _roles_here(session: AsyncSession, user_id: uuid.UUID) -> list[Membership]:
    # Scoped by the tenancy hook: only this organisation's memberships are visible.
    return list((await session.execute(select(Membership).where(Membership.user_id == user_id))).scalars())


async def create_user(session: AsyncSession, actor: Actor, data: UserCreate) -> UserRead:
    actor.require(P.users_manage)
    if (await session.execute(select(User.id).where(User.username == data.username))).first():
        raise Conflict("That username is taken", code="users.username_taken")
    user = User(username=data.username, full_name=data.full_name, password_hash=security.hash_secret(data.password))
    session.add(user)
    await session.flush()
    for role in sorted(set(data.roles)):
        session.add(Membership(user_id=user.id, role=role.value))
    await session.flush()
    return _user_read(user, [r.value for r in data.roles])


async def get_user(session: AsyncSession, actor: Actor, user_id: uuid.UUID) -> tuple[User, list[str]]:
    actor.require(P.users_manage)
    memberships = await _roles_here(session, user_id)
    user = await session.get(User, user_id) if memberships else None
    if user is None:
        raise NotFound("No such user in this organisation", code="users.not_found")
    return user, [m.role for m in memberships]


async def read_user(session: AsyncSession, actor: Actor, user_id: uuid.UUID) -> UserRead:
    user, roles = await get_user(session, actor, user_id)
    return _user_read(user, roles)


async def list_users(session: AsyncSession, actor: Actor, params: PageParams, q: str | None) -> tuple[list[UserRead], int]:
    actor.require(P.users_manage)
    here = select(Membership.user_id).scalar_subquery()
    stmt = select(User).where(User.id.in_(here))
    if q:
        stmt = stmt.where(User.username.contains(q) | User.full_name.contains(q))
    users, total = await paginate(session, stmt, params, sortable={"username": User.username,
                                  "full_name": User.full_name, "created_at": User.created_at},
                                  default_sort=["username"], tiebreak=User.id)
    roles: dict[uuid.UUID, list[str]] = {}
    if users:
        for m in (await session.execute(select(Membership).where(Membership.user_id.in_([u.id for u in users])))).scalars():
            roles.setdefault(m.user_id, []).append(m.role)
    return [_user_read(u, roles.get(u.id, [])) for u in users], total


async def update_user(session: AsyncSession, actor: Actor, user_id: uuid.UUID, data: UserUpdate,
                      expected_version: int) -> UserRead:
    user, roles = await get_user(session, actor, user_id)
    check_version(user, expected_version)
    if data.full_name is not None:
        user.full_name = data.full_name
    if data.is_active is not None:
        if str(user.id) == actor.id and not data.is_active:
            raise Invalid("You cannot deactivate your own account", code="users.self_deactivate")
        user.is_active = data.is_active
    if data.roles is not None:
        wanted = {r.value for r in data.roles}
        for m in await _roles_here(session, user.id):
            if m.role not in wanted:
                await session.delete(m)
        for role in sorted(wanted - set(roles)):
            session.add(Membership(user_id=user.id, role=role))
        roles = sorted(wanted)
        # A role change is a change of the user: bump its version so other editors see it.
        user.updated_at = _now()
    await session.flush()
    return _user_read(user, roles)


# --- machine clients (created by an administrator from the CLI) -----------------------------


async def create_client(session: AsyncSession, data: ClientCreate) -> ClientCreated:
    unknown = set(data.scopes) - CLIENT_SCOPES
    if unknown:
        raise Invalid(f"Unknown scopes: {', '.join(sorted(unknown))}", code="clients.unknown_scope")
    if (await session.execute(select(MachineClient.id).where(MachineClient.client_id == data.client_id))).first():
        raise Conflict("That client id is taken", code="clients.taken")
    secret = secrets.token_urlsafe(32)
    session.add(MachineClient(client_id=data.client_id, name=data.name, secret_hash=security.hash_secret(secret),
                              province_code=data.province_code, scopes=sorted(data.scopes)))
    await session.flush()
    return ClientCreated(client_id=data.client_id, client_secret=secret, scopes=sorted(data.scopes),
                         province_code=data.province_code)
