from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request, Response, status

from chumchon.auth import service
from chumchon.auth.deps import CurrentActor, ScopedDb
from chumchon.auth.schemas import MeRead, RefreshRequest, TokenPair, UserCreate, UserRead, UserUpdate
from chumchon.core.concurrency import etag, if_match
from chumchon.core.deps import DbSession
from chumchon.core.errors import Invalid, problem_responses
from chumchon.core.pagination import Page, PageQuery

router = APIRouter(tags=["auth"])
users = APIRouter(prefix="/users", tags=["users"])


@router.post(
    "/auth/token",
    response_model=TokenPair,
    summary="Sign in (OAuth2 password grant) or get a machine token (client credentials)",
    responses=problem_responses(401, 422, 423, 429),
)
async def token(
    request: Request,
    session: DbSession,
    grant_type: Annotated[str, Form(description="`password` for people, `client_credentials` for agencies' systems",
                                    examples=["password"])],
    username: Annotated[str | None, Form()] = None,
    password: Annotated[str | None, Form()] = None,
    client_id: Annotated[str | None, Form()] = None,
    client_secret: Annotated[str | None, Form()] = None,
    scope: Annotated[str | None, Form(description="Space-separated scopes (client credentials)")] = None,
    organisation: Annotated[str | None, Form(description="Organisation code, for people in several")] = None,
) -> TokenPair:
    settings = request.app.state.settings
    if grant_type == "password" and username and password:
        return await service.login_password(session, settings, username, password, organisation)
    if grant_type == "client_credentials" and client_id and client_secret:
        return await service.login_client(session, settings, client_id, client_secret, scope)
    raise Invalid("Give grant_type=password with username and password, or grant_type=client_credentials "
                  "with client_id and client_secret", code="auth.unsupported_grant")


@router.post("/auth/refresh", response_model=TokenPair, summary="Swap a refresh token for a new pair",
             responses=problem_responses(401, 422))
async def refresh(request: Request, session: DbSession, body: RefreshRequest) -> TokenPair:
    return await service.refresh(session, request.app.state.settings, body.refresh_token)


@router.post("/auth/logout", status_code=status.HTTP_204_NO_CONTENT, summary="Sign out: revoke the refresh token",
             responses=problem_responses(422))
async def logout(session: DbSession, body: RefreshRequest) -> Response:
    await service.logout(session, body.refresh_token)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.get("/me", response_model=MeRead, summary="Who am I: organisation, roles and permissions",
            responses=problem_responses(401))
async def me(session: ScopedDb, actor: CurrentActor) -> MeRead:
    return await service.me(session, actor)


@users.get("", response_model=Page[UserRead], summary="Users of my organisation",
           responses=problem_responses(401, 403, 422))
async def list_users(session: ScopedDb, actor: CurrentActor, page: PageQuery, q: str | None = None) -> Page[UserRead]:
    items, total = await service.list_users(session, actor, page, q)
    return Page(items=items, total=total, page=page.page, page_size=page.page_size)


@users.post("", response_model=UserRead, status_code=201, summary="Create a user in my organisation",
            responses=problem_responses(401, 403, 409, 422))
async def create_user(session: ScopedDb, actor: CurrentActor, body: UserCreate, response: Response) -> UserRead:
    user = await service.create_user(session, actor, body)
    response.headers["ETag"] = etag(user.version)
    return user


@users.get("/{user_id}", response_model=UserRead, summary="One user", responses=problem_responses(401, 403, 404))
async def get_user(session: ScopedDb, actor: CurrentActor, user_id: uuid.UUID, response: Response) -> UserRead:
    user = await service.read_user(session, actor, user_id)
    response.headers["ETag"] = etag(user.version)
    return user


@users.patch("/{user_id}", response_model=UserRead, summary="Change a user's name, roles or active flag",
             responses=problem_responses(401, 403, 404, 409, 422, 428))
async def update_user(session: ScopedDb, actor: CurrentActor, user_id: uuid.UUID, body: UserUpdate,
                      response: Response, version: Annotated[int, Depends(if_match)]) -> UserRead:
    user = await service.update_user(session, actor, user_id, body, version)
    response.headers["ETag"] = etag(user.version)
    return user
