"""Optimistic concurrency: reads give an ETag, updates need If-Match, and a stale write is a
409, never a silent overwrite."""

from __future__ import annotations

import uuid

import pytest
from sqlalchemy import select, update
from sqlalchemy.orm.exc import StaleDataError

from chumchon.areas import service as areas_service
from chumchon.areas.models import Village
from tests.factories import api_routes, make_organisation, make_village, signed_in


async def _village_and_admin(db, client):
    org = await make_organisation(db)
    village = await make_village(db, org, number=3, name_th="บ้านหนองแวง")
    await db.commit()
    headers = await signed_in(db, client, org, "admin")
    return village, headers


async def _reload(db, village_id):
    return (await db.execute(select(Village).where(Village.id == village_id)
                             .execution_options(populate_existing=True))).scalar_one()


async def test_get_gives_the_version_as_etag(db, client):
    village, headers = await _village_and_admin(db, client)
    r = await client.get(f"/api/v1/villages/{village.id}", headers=headers)
    assert r.status_code == 200, r.text
    assert r.headers["ETag"] == '"1"'
    assert r.json()["version"] == 1


async def test_patch_without_if_match_is_428_and_changes_nothing(db, client):
    village, headers = await _village_and_admin(db, client)
    r = await client.patch(f"/api/v1/villages/{village.id}", json={"name_th": "ใหม่"}, headers=headers)
    assert r.status_code == 428, r.text
    assert r.headers["content-type"].startswith("application/problem+json")
    assert r.json()["code"] == "precondition.required"
    assert (await _reload(db, village.id)).name_th == "บ้านหนองแวง"


async def test_if_match_that_is_not_an_etag_is_refused(db, client):
    village, headers = await _village_and_admin(db, client)
    r = await client.patch(f"/api/v1/villages/{village.id}", json={"name_th": "ใหม่"},
                           headers={**headers, "If-Match": "*"})
    assert r.status_code == 428, r.text
    assert r.json()["code"] == "precondition.invalid"


async def test_the_right_if_match_saves_and_gives_a_new_etag(db, client):
    village, headers = await _village_and_admin(db, client)
    r = await client.patch(f"/api/v1/villages/{village.id}", json={"name_th": "ใหม่"},
                           headers={**headers, "If-Match": '"1"'})
    assert r.status_code == 200, r.text
    assert r.headers["ETag"] == '"2"'
    assert r.json()["version"] == 2
    # A weak validator (as some proxies rewrite it) names the same version.
    r = await client.patch(f"/api/v1/villages/{village.id}", json={"name_th": "ใหม่กว่า"},
                           headers={**headers, "If-Match": 'W/"2"'})
    assert r.status_code == 200, r.text
    assert r.headers["ETag"] == '"3"'
    saved = await _reload(db, village.id)
    assert (saved.name_th, saved.version) == ("ใหม่กว่า", 3)


async def test_a_stale_if_match_is_409_and_changes_nothing(db, client):
    village, headers = await _village_and_admin(db, client)
    url = f"/api/v1/villages/{village.id}"
    assert (await client.patch(url, json={"name_th": "ของคนแรก"}, headers={**headers, "If-Match": '"1"'})).status_code == 200

    # A second editor who loaded version 1 saves over it.
    r = await client.patch(url, json={"name_th": "ของคนที่สอง", "is_active": False}, headers={**headers, "If-Match": '"1"'})
    assert r.status_code == 409, r.text
    assert r.headers["content-type"].startswith("application/problem+json")
    assert r.json()["code"] == "conflict.stale_version"
    assert r.json()["current_version"] == 2
    saved = await _reload(db, village.id)
    assert (saved.name_th, saved.is_active, saved.version) == ("ของคนแรก", True, 2)


async def test_every_patch_route_needs_if_match(client, app, db):
    """(A PUT may create the record when it is missing, so only PATCH is held to this here.)"""
    org = await make_organisation(db)
    await db.commit()
    headers = await signed_in(db, client, org, "admin", "officer", "executive", "finance")
    checked = []
    for method, path, params in api_routes(app):
        if method != "PATCH":
            continue
        url = path.format(**{p: uuid.uuid4() for p in params})
        r = await client.request(method, url, json={}, headers=headers)
        assert r.status_code == 428, f"{method} {path} without If-Match answered {r.status_code}: {r.text[:300]}"
        checked.append(path)
    assert "/api/v1/villages/{village_id}" in checked
    assert "/api/v1/users/{user_id}" in checked
    assert "/api/v1/organisations/current" in checked


async def test_two_sessions_editing_one_row_the_second_flush_is_stale(db, sessionmaker):
    org = await make_organisation(db)
    village = await make_village(db, org)
    await db.commit()

    async with sessionmaker() as first, sessionmaker() as second:
        mine = await first.get(Village, village.id)
        theirs = await second.get(Village, village.id)
        assert mine.version == theirs.version == 1

        mine.name_th = "แก้โดยคนแรก"
        await first.flush()
        assert mine.version == 2

        theirs.name_th = "แก้โดยคนที่สอง"
        with pytest.raises(StaleDataError):
            await second.flush()  # UPDATE … WHERE version = 1 matches no row


async def test_a_write_that_loses_the_race_after_the_check_is_409(db, client, monkeypatch):
    """The If-Match check passed, but someone saved in between: the ORM's versioned UPDATE
    fails, and the API answers 409 rather than overwriting."""
    village, headers = await _village_and_admin(db, client)
    real_get = areas_service.get_village

    async def get_then_someone_else_saves(session, actor, village_id):  # type: ignore[no-untyped-def]
        loaded = await real_get(session, actor, village_id)
        table = Village.__table__
        await session.execute(update(table).where(table.c.id == village_id)
                              .values(name_th="ของอีกคน", version=table.c.version + 1))
        return loaded

    monkeypatch.setattr(areas_service, "get_village", get_then_someone_else_saves)
    r = await client.patch(f"/api/v1/villages/{village.id}", json={"name_th": "ของฉัน"},
                           headers={**headers, "If-Match": '"1"'})
    assert r.status_code == 409, r.text
    assert r.headers["content-type"].startswith("application/problem+json")
    assert r.json()["code"] == "conflict.stale_version"
    saved = await _reload(db, village.id)
    assert (saved.name_th, saved.version) == ("บ้านหนองแวง", 1)  # the whole request was undone
