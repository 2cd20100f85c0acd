"""Plain helpers that make records with explicit defaults: `make_x(session, **overrides)`."""

from __future__ import annotations

import secrets
from functools import lru_cache
from typing import Any

import httpx
from fastapi import FastAPI
from fastapi.routing import APIRoute, iter_route_contexts
from sqlalchemy.ext.asyncio import AsyncSession

from chumchon.areas.models import Organisation, Village
from chumchon.auth import security
from chumchon.auth.models import MachineClient, Membership, User

PASSWORD = "correct-horse-battery"


@lru_cache
def _password_hash() -> str:
    # Argon2 is slow on purpose; hash once per run, not once per user.
    return security.hash_secret(PASSWORD)


async def make_organisation(session: AsyncSession, **overrides: Any) -> Organisation:
    code = overrides.pop("code", str(secrets.randbelow(9_000_000) + 1_000_000))
    values: dict[str, Any] = dict(
        code=code, kind="subdistrict_municipality", name_th=f"เทศบาลตำบลทดสอบ {code}", name_en=None,
        province_code="36", province_name="ชัยภูมิ", district_name="จัตุรัส", subdistrict_name="หนองบัวใหญ่",
    )
    values.update(overrides)
    org = Organisation(**values)
    session.add(org)
    await session.flush()
    return org


async def make_village(session: AsyncSession, organisation: Organisation, **overrides: Any) -> Village:
    values: dict[str, Any] = dict(organisation_id=organisation.id, number=1, name_th="บ้านทดสอบ")
    values.update(overrides)
    village = Village(**values)
    session.add(village)
    await session.flush()
    return village


async def make_user(session: AsyncSession, organisation: Organisation, *roles: str, **overrides: Any) -> User:
    values: dict[str, Any] = dict(username=f"user-{secrets.token_hex(4)}", full_name="ผู้ใช้ ทดสอบ",
                                  password_hash=_password_hash())
    values.update(overrides)
    user = User(**values)
    session.add(user)
    await session.flush()
    for role in roles or ("officer",):
        session.add(Membership(user_id=user.id, organisation_id=organisation.id, role=role))
    await session.flush()
    return user


async def login(client: httpx.AsyncClient, user: User, password: str = PASSWORD) -> dict[str, str]:
    """Sign in through the API; returns the Authorization header (and keeps the refresh token)."""
    r = await client.post("/api/v1/auth/token",
                          data={"grant_type": "password", "username": user.username, "password": password})
    assert r.status_code == 200, r.text
    body = r.json()
    return {"Authorization": f"Bearer {body['access_token']}", "X-Refresh-Token": body["refresh_token"]}


async def signed_in(session: AsyncSession, client: httpx.AsyncClient, organisation: Organisation,
                    *roles: str) -> dict[str, str]:
    """A new user with these roles in the organisation, signed in."""
    user = await make_user(session, organisation, *roles)
    await session.commit()
    headers = await login(client, user)
    headers.pop("X-Refresh-Token")
    return headers


async def make_client(session: AsyncSession, *scopes: str, **overrides: Any) -> tuple[MachineClient, str]:
    """A machine client (another agency's system) and its plain secret."""
    secret = overrides.pop("secret", secrets.token_urlsafe(24))
    values: dict[str, Any] = dict(client_id=f"client-{secrets.token_hex(4)}", name="สำนักงาน พมจ. ทดสอบ",
                                  secret_hash=security.hash_secret(secret), province_code="36",
                                  scopes=sorted(scopes or ("disability_cards:read",)))
    values.update(overrides)
    client = MachineClient(**values)
    session.add(client)
    await session.flush()
    return client, secret


def api_routes(app: FastAPI) -> list[tuple[str, str, list[str]]]:
    """(method, path, path parameter names) of every route of the API, included routers too."""
    out = []
    for route in iter_route_contexts(app.routes):
        if not isinstance(route.original_route, APIRoute):
            continue
        for method in sorted((route.methods or set()) - {"HEAD", "OPTIONS"}):
            out.append((method, route.path, list(route.param_convertors)))
    return out
