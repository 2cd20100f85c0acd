"""The fast read path: sessions that only read (no transaction, writes refused) and the
access-token actor cache (a token is trusted only as long as the full check would trust it)."""

from __future__ import annotations

import secrets
import time
import uuid
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from chumchon.areas.models import Organisation
from chumchon.auth import security
from chumchon.auth.deps import _ActorCache
from chumchon.core.audit import AuditEntry
from chumchon.core.config import Settings
from chumchon.core.db import Database, WriteInReadOnlySession, mark_read_only
from chumchon.core.errors import Unauthorized
from tests.citizens.factories import make_citizen
from tests.factories import make_organisation, signed_in


async def test_a_read_only_session_refuses_orm_writes(db):
    org = await make_organisation(db)
    citizen = await make_citizen(db, org)
    await db.flush()
    mark_read_only(db)
    citizen.first_name = "แก้ไม่ได้"
    with pytest.raises(WriteInReadOnlySession):
        await db.flush()


async def test_a_read_only_session_refuses_insert_statements(db):
    mark_read_only(db)
    # audit.record writes this way: an audited read must not be given a read-only session.
    with pytest.raises(WriteInReadOnlySession):
        await db.execute(AuditEntry.__table__.insert(), [{
            "id": uuid.uuid4(), "at": datetime.now(UTC), "actor_kind": "system", "actor_name": "system",
            "action": "test.write", "entity": "test", "sensitive": False,
        }])


async def test_the_read_factory_opens_no_transaction(database_url):
    db = Database(database_url)
    try:
        async with db.read_sessionmaker() as session:
            await session.execute(select(Organisation.id).limit(1))
            await session.execute(select(Organisation.id).limit(1))
            raw = await (await session.connection()).get_raw_connection()
            driver = raw.driver_connection
            in_transaction = driver.is_in_transaction() if hasattr(driver, "is_in_transaction") \
                else driver.in_transaction
            assert in_transaction is False
        # The writing sessions of the same engine still run in one transaction.
        async with db.sessionmaker() as session:
            await session.execute(select(Organisation.id).limit(1))
            raw = await (await session.connection()).get_raw_connection()
            driver = raw.driver_connection
            in_transaction = driver.is_in_transaction() if hasattr(driver, "is_in_transaction") \
                else driver.in_transaction
            assert in_transaction is True
            await session.rollback()
    finally:
        await db.dispose()


async def test_reads_through_the_api_stay_scoped_and_masked(db, client):
    mine, theirs = await make_organisation(db), await make_organisation(db)
    own = await make_citizen(db, mine, first_name="อ่านได้")
    other = await make_citizen(db, theirs, first_name="อ่านได้")
    headers = await signed_in(db, client, mine, "officer")

    r = await client.get(f"/api/v1/citizens/{own.id}", headers=headers)
    assert r.status_code == 200, r.text
    assert r.headers["ETag"] == f'"{own.version}"'
    assert own.national_id not in r.text
    assert (await client.get(f"/api/v1/citizens/{other.id}", headers=headers)).status_code == 404
    found = (await client.get("/api/v1/citizens", params={"q": "อ่านได้"}, headers=headers)).json()
    assert [c["id"] for c in found["items"]] == [str(own.id)]

    # The other organisation's officer, right after: the scope built for the first is not reused.
    theirs_headers = await signed_in(db, client, theirs, "officer")
    assert (await client.get(f"/api/v1/citizens/{own.id}", headers=theirs_headers)).status_code == 404
    found = (await client.get("/api/v1/citizens", params={"q": "อ่านได้"}, headers=theirs_headers)).json()
    assert [c["id"] for c in found["items"]] == [str(other.id)]


def _settings() -> Settings:
    return Settings(env="test", secret_key=secrets.token_urlsafe(48))


def _token(settings: Settings, *, expires_in: timedelta) -> str:
    now = datetime.now(UTC) - timedelta(minutes=settings.access_token_minutes) + expires_in
    token, _ = security.issue_access_token(settings, subject=str(uuid.uuid4()), kind="user", now=now,
                                           claims={"org": str(uuid.uuid4()), "roles": ["officer"], "name": "x"})
    return token


def test_a_cached_token_is_refused_once_it_expires():
    settings, cache = _settings(), _ActorCache(size=8)
    token = _token(settings, expires_in=timedelta(seconds=1))
    first = cache.actor(settings, token)
    assert cache.actor(settings, token) is first
    time.sleep(2.5)  # the token's exp is in whole seconds
    with pytest.raises(Unauthorized) as refused:
        cache.actor(settings, token)
    assert refused.value.code == "auth.token_expired"


def test_a_cached_token_is_not_trusted_under_another_key():
    signer, cache = _settings(), _ActorCache(size=8)
    token = _token(signer, expires_in=timedelta(minutes=5))
    cache.actor(signer, token)
    with pytest.raises(Unauthorized) as refused:
        cache.actor(_settings(), token)
    assert refused.value.code == "auth.token_invalid"


def test_the_cache_keeps_at_most_its_size():
    settings, cache = _settings(), _ActorCache(size=2)
    tokens = [_token(settings, expires_in=timedelta(minutes=5)) for _ in range(3)]
    for token in tokens:
        cache.actor(settings, token)
    assert len(cache._entries) == 2
