"""Every error is RFC 9457 problem+json with a stable code and the request's ID, and no
stack trace ever leaves the service."""

from __future__ import annotations

import uuid

import httpx
import pytest

from chumchon.auth.models import User
from chumchon.core.deps import DbSession
from tests.factories import make_organisation, signed_in

PROBLEM_FIELDS = {"type", "title", "status", "detail", "code", "request_id"}


def assert_problem(r: httpx.Response, status: int, code: str) -> dict:
    assert r.status_code == status, r.text
    assert r.headers["content-type"].startswith("application/problem+json")
    body = r.json()
    assert PROBLEM_FIELDS <= body.keys()
    assert (body["status"], body["code"]) == (status, code)
    assert body["type"].endswith(code)
    assert body["request_id"] == r.headers["X-Request-ID"]
    assert "Traceback" not in r.text and 'File "' not in r.text
    return body


@pytest.fixture
async def admin_headers(db, client):
    org = await make_organisation(db)
    await db.commit()
    return await signed_in(db, client, org, "admin")


async def test_unknown_route_is_a_404_problem(client):
    assert_problem(await client.get("/api/v1/no-such-thing"), 404, "not_found")
    assert_problem(await client.get("/no-such-page"), 404, "not_found")


async def test_wrong_method_is_a_405_problem(client):
    assert_problem(await client.delete("/api/v1/auth/token"), 405, "method_not_allowed")


async def test_malformed_json_is_a_422_problem(client, admin_headers):
    r = await client.post("/api/v1/organisations/current/villages", content=b'{"number": 3, "name_th": ',
                          headers={**admin_headers, "Content-Type": "application/json"})
    body = assert_problem(r, 422, "validation_failed")
    assert [e["code"] for e in body["errors"]] == ["validation.json_invalid"]


async def test_invalid_fields_are_named_in_the_422(client, admin_headers):
    r = await client.post("/api/v1/organisations/current/villages", headers=admin_headers,
                          json={"number": "three", "name_th": "", "dopa_code": "12"})
    body = assert_problem(r, 422, "validation_failed")
    assert {e["field"] for e in body["errors"]} == {"number", "name_th", "dopa_code"}
    assert all(e["code"].startswith("validation.") and e["message"] for e in body["errors"])
    for field in ("number", "name_th", "dopa_code"):
        assert field in body["detail"]

    r = await client.post("/api/v1/organisations/current/villages", headers=admin_headers, json={"name_th": "x"})
    body = assert_problem(r, 422, "validation_failed")
    assert body["errors"][0]["field"] == "number"
    assert body["errors"][0]["code"] == "validation.missing"

    r = await client.get(f"/api/v1/villages/{'not-a-uuid'}", headers=admin_headers)
    body = assert_problem(r, 422, "validation_failed")
    assert body["errors"][0]["field"] == "village_id"


async def test_an_unexpected_exception_is_a_500_problem_without_the_traceback(app):
    @app.get("/test/boom")
    async def boom() -> None:
        raise RuntimeError("database password is hunter2")

    # Starlette re-raises after answering, for the server to log; the client sees the answer.
    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as c:
        r = await c.get("/test/boom")
    body = assert_problem(r, 500, "internal_error")
    assert "hunter2" not in r.text
    assert "RuntimeError" not in r.text
    assert body["title"] == "Internal error"


async def test_a_database_conflict_is_a_409_problem(app):
    taken = f"taken-{uuid.uuid4().hex[:6]}"

    @app.post("/test/duplicate-users")
    async def duplicate(session: DbSession) -> None:
        session.add_all([User(username=taken, full_name="หนึ่ง", password_hash="x"),
                         User(username=taken, full_name="สอง", password_hash="x")])
        await session.flush()

    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://test") as c:
        r = await c.post("/test/duplicate-users")
    assert_problem(r, 409, "conflict.integrity")
    assert taken not in r.text  # the database's message stays in the log


async def test_every_answer_carries_a_request_id_and_the_problem_repeats_it(client, app):
    @app.get("/test/boom-again")
    async def boom() -> None:
        raise ValueError("unexpected")

    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as c:
        answers = [
            await c.get("/health"),
            await c.get("/api/v1/me"),
            await c.get("/api/v1/nowhere"),
            await c.post("/api/v1/auth/token", data={}),
            await c.get("/test/boom-again"),
        ]
    assert [r.status_code for r in answers] == [200, 401, 404, 422, 500]
    ids = [r.headers.get("X-Request-ID") for r in answers]
    assert all(ids), ids
    assert len(set(ids)) == len(ids)
    for r in answers[1:]:
        assert r.json()["request_id"] == r.headers["X-Request-ID"]

    # A caller's own request ID is kept, so a log line can be matched across systems.
    mine = uuid.uuid4().hex
    r = await client.get("/api/v1/me", headers={"X-Request-ID": mine})
    assert r.headers["X-Request-ID"] == mine
    assert r.json()["request_id"] == mine
