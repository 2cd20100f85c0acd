from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest

from chumchon.core.db import Database
from chumchon.main import create_app


@pytest.fixture
async def own_client(settings) -> AsyncIterator[httpx.AsyncClient]:  # type: ignore[no-untyped-def]
    """An app on its own engine: the other tests' client shares a connection whose open
    transaction holds SQLite's write lock, which a readiness probe would wait on."""
    app = create_app(settings)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://test") as c:
        yield c
    await app.state.db.dispose()


async def test_health_says_the_process_is_up(client):
    r = await client.get("/health")
    assert r.status_code == 200
    assert r.json() == {"status": "ok"}


async def test_ready_says_the_database_answers(own_client):
    r = await own_client.get("/ready")
    assert r.status_code == 200, r.text
    assert r.json() == {"status": "ready"}


async def test_ready_is_503_when_the_database_does_not_answer(settings):
    down = Database("postgresql+asyncpg://nobody@127.0.0.1:1/none")
    app = create_app(settings, database=down)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://test") as c:
        r = await c.get("/ready")
    await down.dispose()
    assert r.status_code == 503
    assert r.headers["content-type"].startswith("application/problem+json")
    assert r.json()["code"] == "not_ready"
