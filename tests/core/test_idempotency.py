"""Idempotency-Key: a retried POST gets the first answer and changes nothing; a reused key with
another request is refused; a failed or crashed request leaves no key; duplicates sent at the
same moment wait for the first (real commits, on both databases)."""

from __future__ import annotations

import asyncio
import uuid
from datetime import timedelta

import httpx
import pytest
from fastapi import APIRouter, FastAPI
from sqlalchemy import delete, func, or_, select
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession

from chumchon.areas.models import Organisation, Village
from chumchon.areas.router import create_village
from chumchon.areas.schemas import VillageCreate, VillageRead
from chumchon.auth.deps import CurrentActor, ScopedDb
from chumchon.auth.models import Membership, RefreshToken, User
from chumchon.core import idempotency
from chumchon.core.audit import AuditEntry
from chumchon.core.config import Settings
from chumchon.core.db import make_sessionmaker, utcnow
from chumchon.core.deps import DbSession
from chumchon.core.errors import Conflict
from chumchon.core.idempotency import IdempotencyKey, IdempotentRoute, fingerprint, parse_key, purge_expired
from chumchon.main import create_app
from tests.conftest import _TestDatabase
from tests.factories import login, make_organisation, make_user, signed_in

VILLAGES = "/api/v1/organisations/current/villages"
KEYED = "/api/v1/keyed/villages"


class _KeptRefusal(Conflict):
    keep_changes = True
    code = "test.kept"


def _opt_in(app: FastAPI) -> dict[str, int]:
    """The real "add a village" endpoint, on a router that opted in; plus two that fail."""
    calls = {"crash": 0}
    router = APIRouter(route_class=IdempotentRoute, tags=["areas"])
    router.add_api_route(KEYED, create_village, methods=["POST"], status_code=201, response_model=VillageRead,
                         name="create_village_keyed", summary="Add a village (keyed)")

    @router.post("/api/v1/keyed/crash", status_code=201, summary="Writes, then crashes the first time")
    async def crash(session: ScopedDb, actor: CurrentActor, body: VillageCreate) -> dict[str, str]:
        session.add(Village(number=body.number, name_th=body.name_th))
        await session.flush()
        calls["crash"] += 1
        if calls["crash"] == 1:
            raise RuntimeError("the process died half-way")
        return {"ok": "yes"}

    @router.post("/api/v1/keyed/kept", summary="Refuses, keeping its own change")
    async def kept(session: ScopedDb, actor: CurrentActor, body: VillageCreate) -> None:
        session.add(Village(number=body.number, name_th=body.name_th))
        await session.flush()
        raise _KeptRefusal("refused, but the attempt is recorded")

    @router.post("/api/v1/keyed/public", summary="Open to anyone")
    async def public(session: DbSession) -> dict[str, int]:
        calls["public"] = calls.get("public", 0) + 1
        return {"n": calls["public"]}

    app.include_router(router)
    return calls


async def _villages(db: AsyncSession, org: Organisation) -> int:
    return (await db.execute(select(func.count()).select_from(Village)
                             .where(Village.organisation_id == org.id))).scalar_one()


async def _keys(db: AsyncSession, key: str) -> int:
    return (await db.execute(select(func.count()).select_from(IdempotencyKey)
                             .where(IdempotencyKey.key == key))).scalar_one()


async def test_same_key_and_body_returns_the_first_answer_and_changes_nothing(db, client, app):
    _opt_in(app)
    org = await make_organisation(db)
    headers = await signed_in(db, client, org, "admin")
    key = str(uuid.uuid4())

    first = await client.post(KEYED, json={"number": 3, "name_th": "บ้านหนองบัว"},
                              headers={**headers, "Idempotency-Key": key})
    assert first.status_code == 201, first.text
    assert "Idempotent-Replayed" not in first.headers
    # The same request again: key order and spacing in the JSON are no change.
    again = await client.post(KEYED, content=b'{ "name_th": "\\u0e1a\\u0e49\\u0e32\\u0e19\\u0e2b\\u0e19\\u0e2d\\u0e07'
                              b'\\u0e1a\\u0e31\\u0e27",   "number": 3 }',
                              headers={**headers, "Idempotency-Key": key, "Content-Type": "application/json"})
    assert again.status_code == 201, again.text
    assert again.headers["Idempotent-Replayed"] == "true"
    assert again.json() == first.json()
    assert again.headers["ETag"] == first.headers["ETag"]
    assert again.headers["content-type"] == first.headers["content-type"]
    assert await _villages(db, org) == 1
    assert await _keys(db, key) == 1

    # The structured-field form of the same key is the same key.
    quoted = await client.post(KEYED, json={"number": 3, "name_th": "บ้านหนองบัว"},
                               headers={**headers, "Idempotency-Key": f'"{key}"'})
    assert quoted.json()["id"] == first.json()["id"]
    assert await _villages(db, org) == 1


async def test_same_key_with_another_body_is_refused_and_changes_nothing(db, client, app):
    _opt_in(app)
    org = await make_organisation(db)
    headers = {**await signed_in(db, client, org, "admin"), "Idempotency-Key": "import-2568-row-17"}

    r = await client.post(KEYED, json={"number": 4, "name_th": "บ้านโนน"}, headers=headers)
    assert r.status_code == 201, r.text
    r = await client.post(KEYED, json={"number": 5, "name_th": "บ้านโนน"}, headers=headers)
    assert r.status_code == 422, r.text
    assert r.headers["content-type"].startswith("application/problem+json")
    assert r.json()["code"] == "idempotency.key_reused"
    # Another path with the same key is another request too.
    r = await client.post(VILLAGES, json={"number": 4, "name_th": "บ้านโนน"}, headers=headers)
    assert r.status_code == 409  # that route has not opted in: the header is ignored, the rule answers
    assert await _villages(db, org) == 1
    assert await _keys(db, "import-2568-row-17") == 1


async def test_without_a_key_every_post_runs(db, client, app):
    _opt_in(app)
    org = await make_organisation(db)
    headers = await signed_in(db, client, org, "admin")

    assert (await client.post(KEYED, json={"number": 1, "name_th": "หนึ่ง"}, headers=headers)).status_code == 201
    r = await client.post(KEYED, json={"number": 1, "name_th": "หนึ่ง"}, headers=headers)
    assert r.status_code == 409 and r.json()["code"] == "villages.number_taken"
    assert (await client.post(KEYED, json={"number": 2, "name_th": "สอง"}, headers=headers)).status_code == 201
    assert await _villages(db, org) == 2
    assert (await db.execute(select(func.count()).select_from(IdempotencyKey)
                             .where(IdempotencyKey.organisation_id == org.id))).scalar_one() == 0


async def test_a_refused_request_leaves_no_key_and_can_be_sent_again(db, client, app):
    _opt_in(app)
    org = await make_organisation(db)
    headers = await signed_in(db, client, org, "admin")
    assert (await client.post(KEYED, json={"number": 6, "name_th": "หก"}, headers=headers)).status_code == 201

    keyed = {**headers, "Idempotency-Key": "retry-me"}
    r = await client.post(KEYED, json={"number": 6, "name_th": "หก"}, headers=keyed)
    assert r.status_code == 409
    assert await _keys(db, "retry-me") == 0  # rolled back with the change it stood for
    r = await client.post(KEYED, json={"number": 6, "name_th": "หก"}, headers=keyed)
    assert r.status_code == 409  # run again, not replayed
    assert "Idempotent-Replayed" not in r.headers


async def test_a_crashed_request_leaves_no_key_and_the_retry_runs(db, app):
    calls = _opt_in(app)
    org = await make_organisation(db)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app, raise_app_exceptions=False),
                                 base_url="http://test") as client:
        headers = {**await signed_in(db, client, org, "admin"), "Idempotency-Key": "crash-1"}
        r = await client.post("/api/v1/keyed/crash", json={"number": 8, "name_th": "แปด"}, headers=headers)
        assert r.status_code == 500
        assert await _keys(db, "crash-1") == 0 and await _villages(db, org) == 0

        r = await client.post("/api/v1/keyed/crash", json={"number": 8, "name_th": "แปด"}, headers=headers)
        assert r.status_code == 201, r.text
        again = await client.post("/api/v1/keyed/crash", json={"number": 8, "name_th": "แปด"}, headers=headers)
        assert again.headers["Idempotent-Replayed"] == "true"
    assert calls["crash"] == 2
    assert await _villages(db, org) == 1


async def test_a_refusal_that_keeps_its_changes_does_not_keep_the_key(db, client, app):
    _opt_in(app)
    org = await make_organisation(db)
    headers = {**await signed_in(db, client, org, "admin"), "Idempotency-Key": "kept-1"}
    r = await client.post("/api/v1/keyed/kept", json={"number": 9, "name_th": "เก้า"}, headers=headers)
    assert r.status_code == 409 and r.json()["code"] == "test.kept"
    assert await _villages(db, org) == 1
    assert await _keys(db, "kept-1") == 0


async def test_keys_belong_to_their_caller(db, client, app):
    _opt_in(app)
    org_a = await make_organisation(db)
    org_b = await make_organisation(db)
    body = {"number": 2, "name_th": "บ้านเดียวกัน"}
    a = await client.post(KEYED, json=body, headers={**await signed_in(db, client, org_a, "admin"),
                                                     "Idempotency-Key": "shared-key"})
    b = await client.post(KEYED, json=body, headers={**await signed_in(db, client, org_b, "admin"),
                                                     "Idempotency-Key": "shared-key"})
    assert a.status_code == b.status_code == 201
    assert "Idempotent-Replayed" not in b.headers
    assert a.json()["id"] != b.json()["id"]
    assert await _villages(db, org_a) == await _villages(db, org_b) == 1


async def test_an_anonymous_callers_key_is_ignored_and_the_route_stays_open(db, client, app):
    calls = _opt_in(app)
    for n in (1, 2):
        r = await client.post("/api/v1/keyed/public", headers={"Idempotency-Key": "anon"})
        assert r.status_code == 200 and r.json() == {"n": n}
    assert calls["public"] == 2 and await _keys(db, "anon") == 0


@pytest.mark.parametrize("bad", ["", "   ", "x" * 256, "ไทย", "a\tb"])
async def test_a_malformed_key_is_refused(db, client, app, bad):
    _opt_in(app)
    org = await make_organisation(db)
    headers = {**await signed_in(db, client, org, "admin"), "Idempotency-Key": bad}
    r = await client.post(KEYED, json={"number": 1, "name_th": "หนึ่ง"},
                          headers={k: v.encode() if k == "Idempotency-Key" else v for k, v in headers.items()})
    assert r.status_code == 400, r.text
    assert r.json()["code"] == "idempotency.key_invalid"
    assert await _villages(db, org) == 0


async def test_keys_expire_after_a_day(db, client, app):
    _opt_in(app)
    org = await make_organisation(db)
    headers = {**await signed_in(db, client, org, "admin"), "Idempotency-Key": "old-key"}
    assert (await client.post(KEYED, json={"number": 1, "name_th": "หนึ่ง"}, headers=headers)).status_code == 201
    row = (await db.execute(select(IdempotencyKey).where(IdempotencyKey.key == "old-key"))).scalar_one()
    assert row.expires_at - row.created_at == timedelta(hours=24)

    row.expires_at = utcnow() - timedelta(seconds=1)
    await db.commit()
    # Expired: the key is new again, whatever the body.
    r = await client.post(KEYED, json={"number": 2, "name_th": "สอง"}, headers=headers)
    assert r.status_code == 201 and "Idempotent-Replayed" not in r.headers
    assert await _keys(db, "old-key") == 1

    fresh = (await db.execute(select(IdempotencyKey).where(IdempotencyKey.key == "old-key")
                              .execution_options(populate_existing=True))).scalar_one()
    await purge_expired(db, fresh.expires_at - timedelta(seconds=1))
    assert await _keys(db, "old-key") == 1
    assert await purge_expired(db, fresh.expires_at + timedelta(seconds=1)) >= 1
    assert await _keys(db, "old-key") == 0


def test_the_fingerprint_covers_method_path_query_and_body():
    base = fingerprint("POST", "/a", "", b'{"x": 1, "y": [1, 2]}')
    assert fingerprint("POST", "/a", "", b'{"y":[1,2],"x":1}') == base
    assert fingerprint("PUT", "/a", "", b'{"x": 1, "y": [1, 2]}') != base
    assert fingerprint("POST", "/b", "", b'{"x": 1, "y": [1, 2]}') != base
    assert fingerprint("POST", "/a", "q=1", b'{"x": 1, "y": [1, 2]}') != base
    assert fingerprint("POST", "/a", "", b'{"x": 2, "y": [1, 2]}') != base
    assert fingerprint("POST", "/a", "", b"not json") != fingerprint("POST", "/a", "", b"not json ")
    assert parse_key('"abc"') == parse_key(" abc ") == "abc"


def test_opted_in_routes_document_the_header_and_its_answers(app):
    _opt_in(app)
    op = app.openapi()["paths"][KEYED]["post"]
    assert any(p["name"] == "Idempotency-Key" and p["in"] == "header" for p in op["parameters"])
    assert {"400", "409", "422"} <= set(op["responses"])


# --- two requests with the same key at the same moment: real transactions ------------------


async def _cleanup(engine: AsyncEngine, org_id: uuid.UUID, user_id: uuid.UUID) -> None:
    async with engine.begin() as conn:
        await conn.execute(delete(IdempotencyKey).where(IdempotencyKey.organisation_id == org_id))
        await conn.execute(delete(Village).where(Village.organisation_id == org_id))
        await conn.execute(delete(RefreshToken).where(RefreshToken.user_id == user_id))
        await conn.execute(delete(Membership).where(Membership.user_id == user_id))
        await conn.execute(delete(AuditEntry).where(or_(AuditEntry.organisation_id == org_id,
                                                        AuditEntry.entity_id.in_([str(org_id), str(user_id)]))))
        await conn.execute(delete(User).where(User.id == user_id))
        await conn.execute(delete(Organisation).where(Organisation.id == org_id))


@pytest.mark.parametrize("first_takes, expect_wait", [(0.3, True), (1.5, False)])
async def test_a_duplicate_sent_meanwhile_waits_for_the_first_or_is_told_to_retry(
        engine: AsyncEngine, settings: Settings, monkeypatch, first_takes, expect_wait):
    sessions = make_sessionmaker(engine)
    async with sessions() as s:
        org = await make_organisation(s, code=str(uuid.uuid4().int)[:10])
        user = await make_user(s, org, "admin")
        await s.commit()
    # PostgreSQL lets a duplicate wait this long for the first; SQLite's writers queue anyway.
    monkeypatch.setattr(idempotency, "WAIT_FOR_FIRST", "500ms")
    app = create_app(settings, database=_TestDatabase(engine, sessions))
    router = APIRouter(route_class=IdempotentRoute, tags=["areas"])
    started = asyncio.Event()

    @router.post("/api/v1/keyed/slow", status_code=201, summary="Slow village")
    async def slow(session: ScopedDb, actor: CurrentActor, body: VillageCreate) -> dict[str, str]:
        village = Village(number=body.number, name_th=body.name_th)
        session.add(village)
        await session.flush()
        started.set()
        await asyncio.sleep(first_takes)
        return {"id": str(village.id)}

    app.include_router(router)
    try:
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://test") as client:
            headers = {**await login(client, user), "Idempotency-Key": f"same-moment-{uuid.uuid4()}"}
            body = {"number": 11, "name_th": "สิบเอ็ด"}

            async def second() -> httpx.Response:
                await started.wait()
                return await client.post("/api/v1/keyed/slow", json=body, headers=headers)

            one, two = await asyncio.gather(client.post("/api/v1/keyed/slow", json=body, headers=headers), second())
        assert one.status_code == 201, one.text
        postgres = engine.dialect.name == "postgresql"
        if expect_wait or not postgres:
            assert two.status_code == 201, two.text
            assert two.json() == one.json()
            assert two.headers["Idempotent-Replayed"] == "true"
        else:
            assert two.status_code == 409, two.text
            assert two.json()["code"] == "idempotency.in_progress"
            assert two.headers["Retry-After"] == "1"
        async with sessions() as s:
            assert await _villages(s, org) == 1
    finally:
        await _cleanup(engine, org.id, user.id)
