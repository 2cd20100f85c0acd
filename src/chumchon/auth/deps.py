"""Who is calling, and the session scoped to them: what every protected route depends on."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy.ext.asyncio import AsyncSession

from chumchon.auth import security
from chumchon.auth.service import actor_from_claims
from chumchon.core.context import ANONYMOUS, Actor
from chumchon.core.deps import DbSession
from chumchon.core.errors import Unauthorized
from chumchon.core.tenancy import bind_actor

bearer = HTTPBearer(auto_error=False, description="An access token from POST /api/v1/auth/token")


async def get_actor(
    request: Request, credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)]
) -> Actor:
    if credentials is None:
        raise Unauthorized("Sign in first", code="auth.missing_token")
    claims = security.decode_access_token(request.app.state.settings, credentials.credentials)
    return actor_from_claims(claims)


CurrentActor = Annotated[Actor, Depends(get_actor)]


async def get_scoped_db(session: DbSession, actor: CurrentActor) -> AsyncSession:
    bind_actor(session, actor)
    return session


async def get_public_db(session: DbSession) -> AsyncSession:
    bind_actor(session, ANONYMOUS)
    return session


# The session of a signed-in caller: every query is limited to their organisation.
ScopedDb = Annotated[AsyncSession, Depends(get_scoped_db)]
PublicDb = Annotated[AsyncSession, Depends(get_public_db)]


def requires(permission: str) -> Callable[[Actor], Actor]:
    """A route-level check, so the contract shows the 403; services check again themselves."""

    def check(actor: CurrentActor) -> Actor:
        actor.require(permission)
        return actor

    return check
