"""Who is calling, and the session scoped to them: what every protected route depends on."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy.ext.asyncio import AsyncSession

from chumchon.auth import security
from chumchon.auth.service import actor_from_claims
from chumchon.core.config import Settings
from chumchon.core.context import ANONYMOUS, Actor
from chumchon.core.deps import DbSession, ReadDbSession
from chumchon.core.errors import Unauthorized
from chumchon.core.tenancy import bind_actor

bearer = HTTPBearer(auto_error=False, description="An access token from POST /api/v1/auth/token")


class _ActorCache:
    """The actors of access tokens seen lately, so a token's signature is checked and its
    actor built once, not on every request (that was a tenth of a plain read's time).

    This changes no answer. An access token carries everything its actor is made of (roles,
    organisation), no lookup follows it, and nothing revokes one before it expires: taking
    a role away or deactivating an account takes effect when the token is next refreshed,
    cached or not. A cached actor is given only for the exact token string that was checked,
    under the same key and issuer, and only until the token's `exp`; after that the token
    goes through the full check again, which refuses it as expired.
    """

    def __init__(self, size: int) -> None:
        self.size = size
        self._entries: dict[tuple[str, str, str], tuple[Actor, float]] = {}

    def actor(self, settings: Settings, token: str) -> Actor:
        key = (settings.secret_key, settings.jwt_issuer, token)
        hit = self._entries.get(key)
        if hit is not None:
            actor, expires = hit
            if time.time() < expires:
                return actor
            del self._entries[key]
        claims = security.decode_access_token(settings, token)
        actor = actor_from_claims(claims)
        if len(self._entries) >= self.size:
            # Python keeps insertion order: drop the oldest entry.
            del self._entries[next(iter(self._entries))]
        self._entries[key] = (actor, float(claims["exp"]))
        return actor


_actors = _ActorCache(size=1024)


async def get_actor(
    request: Request, credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)]
) -> Actor:
    if credentials is None:
        raise Unauthorized("Sign in first", code="auth.missing_token")
    return _actors.actor(request.app.state.settings, credentials.credentials)


CurrentActor = Annotated[Actor, Depends(get_actor)]


async def get_scoped_db(session: DbSession, actor: CurrentActor) -> AsyncSession:
    bind_actor(session, actor)
    return session


async def get_read_scoped_db(session: ReadDbSession, actor: CurrentActor) -> AsyncSession:
    bind_actor(session, actor)
    return session


async def get_public_db(session: DbSession) -> AsyncSession:
    bind_actor(session, ANONYMOUS)
    return session


# The session of a signed-in caller: every query is limited to their organisation.
ScopedDb = Annotated[AsyncSession, Depends(get_scoped_db)]
# The same, for a handler that only reads: no transaction, and any write refused.
ReadScopedDb = Annotated[AsyncSession, Depends(get_read_scoped_db)]
PublicDb = Annotated[AsyncSession, Depends(get_public_db)]


def requires(permission: str) -> Callable[[Actor], Actor]:
    """A route-level check, so the contract shows the 403; services check again themselves."""

    def check(actor: CurrentActor) -> Actor:
        actor.require(permission)
        return actor

    return check
