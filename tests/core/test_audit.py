"""The audit log: every write, with who, what, before and after; read by administrators of
the same organisation only; written in the same transaction as the change."""

from __future__ import annotations

import uuid

from sqlalchemy import func, select

from chumchon.areas import service as areas_service
from chumchon.auth.deps import CurrentActor, ScopedDb
from chumchon.core.audit import AuditEntry
from chumchon.core.errors import Invalid
from tests.factories import login, make_organisation, make_user, make_village, signed_in

AUDIT = "/api/v1/audit"


async def _admin(db, client, org):
    admin = await make_user(db, org, "admin", full_name="สมศักดิ์ ดูแลระบบ")
    await db.commit()
    headers = await login(client, admin)
    headers.pop("X-Refresh-Token")
    return admin, headers


async def _updates_of(db, entity_id) -> int:
    return (await db.execute(select(func.count()).select_from(AuditEntry)
                             .where(AuditEntry.entity_id == str(entity_id), AuditEntry.action.like("%.update")))
            ).scalar_one()


async def test_a_village_change_is_in_the_log_with_only_the_changed_fields(db, client):
    org = await make_organisation(db)
    village = await make_village(db, org, number=4, name_th="บ้านดอนกลาง", dopa_code="36060604")
    admin, headers = await _admin(db, client, org)

    r = await client.patch(f"/api/v1/villages/{village.id}", json={"name_th": "บ้านดอนกลางใหม่"},
                           headers={**headers, "If-Match": '"1"'})
    assert r.status_code == 200, r.text

    log = await client.get(AUDIT, params={"entity": "villages", "entity_id": str(village.id), "action": "villages.update"},
                           headers=headers)
    assert log.status_code == 200, log.text
    assert log.json()["total"] == 1
    entry = log.json()["items"][0]
    assert entry["actor_kind"] == "user"
    assert entry["actor_id"] == str(admin.id)
    assert entry["actor_name"] == "สมศักดิ์ ดูแลระบบ"
    assert entry["action"] == "villages.update"
    assert (entry["entity"], entry["entity_id"]) == ("villages", str(village.id))
    assert entry["request_id"] == r.headers["X-Request-ID"]
    # Only what changed; not the untouched fields.
    assert entry["before"] == {"name_th": "บ้านดอนกลาง"}
    assert entry["after"] == {"name_th": "บ้านดอนกลางใหม่"}


async def test_a_new_users_entry_has_no_password_hash(db, client):
    org = await make_organisation(db)
    _admin_user, headers = await _admin(db, client, org)

    r = await client.post("/api/v1/users", headers=headers, json={
        "username": f"somying-{uuid.uuid4().hex[:6]}", "full_name": "สมหญิง พัฒนาชุมชน",
        "password": "a-long-enough-password", "roles": ["officer"]})
    assert r.status_code == 201, r.text
    user_id = r.json()["id"]

    log = await client.get(AUDIT, params={"entity": "users", "entity_id": user_id}, headers=headers)
    assert log.status_code == 200, log.text
    entries = log.json()["items"]
    assert [e["action"] for e in entries] == ["users.create"]
    assert entries[0]["after"]["username"] == r.json()["username"]
    assert "password_hash" not in entries[0]["after"]
    assert "argon2" not in log.text  # the hash's value is nowhere either

    rows = (await db.execute(select(AuditEntry).where(AuditEntry.entity_id == user_id))).scalars().all()
    assert rows and all("password_hash" not in (row.after or {}) and "password_hash" not in (row.before or {})
                        for row in rows)


async def test_only_administrators_read_the_log(db, client):
    org = await make_organisation(db)
    await db.commit()
    for role in ("officer", "executive", "finance", "leader", "viewer"):
        headers = await signed_in(db, client, org, role)
        r = await client.get(AUDIT, headers=headers)
        assert r.status_code == 403, (role, r.text)
        assert r.json()["code"] == "forbidden.permission"


async def test_the_log_shows_only_my_organisations_entries(db, client):
    org_a = await make_organisation(db)
    org_b = await make_organisation(db)
    village_b = await make_village(db, org_b)
    _a, headers_a = await _admin(db, client, org_a)
    _b, headers_b = await _admin(db, client, org_b)
    r = await client.patch(f"/api/v1/villages/{village_b.id}", json={"name_th": "เปลี่ยนโดยบี"},
                           headers={**headers_b, "If-Match": '"1"'})
    assert r.status_code == 200, r.text

    seen_by_b = (await client.get(AUDIT, params={"entity_id": str(village_b.id)}, headers=headers_b)).json()
    assert seen_by_b["total"] >= 1
    seen_by_a = await client.get(AUDIT, params={"entity_id": str(village_b.id)}, headers=headers_a)
    assert seen_by_a.status_code == 200
    assert seen_by_a.json()["total"] == 0
    everything_a_sees = (await client.get(AUDIT, params={"page_size": 200}, headers=headers_a)).text
    assert str(village_b.id) not in everything_a_sees
    assert "เปลี่ยนโดยบี" not in everything_a_sees


async def test_a_failed_request_leaves_no_audit_entry(db, client, app):
    """The entry is written in the request's transaction, so it goes when the change goes."""
    org = await make_organisation(db)
    village = await make_village(db, org, name_th="เดิม")
    _admin_user, headers = await _admin(db, client, org)
    written_before_failing: list[int] = []

    @app.post("/test/villages/{village_id}/rename-then-fail")
    async def rename_then_fail(session: ScopedDb, actor: CurrentActor, village_id: uuid.UUID) -> None:
        loaded = await areas_service.get_village(session, actor, village_id)
        loaded.name_th = "ไม่ควรถูกบันทึก"
        await session.flush()
        written_before_failing.append(await _updates_of(session, village_id))
        raise Invalid("Something was wrong after the change", code="test.failed_after_write")

    r = await client.post(f"/test/villages/{village.id}/rename-then-fail", headers=headers)
    assert r.status_code == 422, r.text
    assert r.json()["code"] == "test.failed_after_write"
    assert written_before_failing == [1]  # the hook did write the entry...
    assert await _updates_of(db, village.id) == 0  # ...and it was rolled back with the change
    log = await client.get(AUDIT, params={"entity_id": str(village.id), "action": "villages.update"},
                           headers=headers)
    assert log.json()["total"] == 0


async def test_the_log_is_filtered_by_time_with_a_zone(db, client):
    org = await make_organisation(db)
    village = await make_village(db, org)
    _admin_user, headers = await _admin(db, client, org)
    r = await client.patch(f"/api/v1/villages/{village.id}", json={"name_th": "ใหม่"},
                           headers={**headers, "If-Match": '"1"'})
    assert r.status_code == 200, r.text
    params = {"entity_id": str(village.id), "action": "villages.update"}

    r = await client.get(AUDIT, params={**params, "since": "2000-01-01T00:00:00+07:00"}, headers=headers)
    assert r.status_code == 200, r.text
    assert r.json()["total"] == 1
    r = await client.get(AUDIT, params={**params, "until": "2000-01-01T00:00:00Z"}, headers=headers)
    assert r.json()["total"] == 0

    # A time without a zone is ambiguous (UTC? Bangkok?): refused, never a 500.
    for naive in ("2000-01-01T00:00:00", "2000-01-01"):
        r = await client.get(AUDIT, params={**params, "since": naive}, headers=headers)
        assert r.status_code == 422, (naive, r.text)
        assert r.json()["errors"][0]["field"] == "since"
