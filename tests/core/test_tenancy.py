"""Organisations never see each other's records: on every endpoint, in every list, and in the
ORM itself (SELECT, UPDATE, DELETE and new rows)."""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable
from typing import Any

import pytest
from sqlalchemy import delete, func, inspect, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from chumchon.areas.models import Organisation, Village
from chumchon.auth.models import Membership, User
from chumchon.auth.permissions import Role
from chumchon.core.audit import AuditEntry
from chumchon.core.context import SYSTEM, Actor
from chumchon.core.errors import Forbidden
from chumchon.core.tenancy import bind_actor, widened
from tests.allowances.flow import make_line, make_payroll, make_registration
from tests.citizens.factories import make_bank_account, make_citizen, make_household, make_member
from tests.disability_cards.flow import TENANCY_BODIES as DISABILITY_CARD_BODIES
from tests.disability_cards.flow import tenancy_records as disability_card_records
from tests.factories import api_routes, make_organisation, make_user, make_village, signed_in
from tests.groups.factories import make_group, make_group_member
from tests.groups.flow import evidence as group_evidence
from tests.imports.factories import make_import_job
from tests.integrations.factories import make_subscription
from tests.plans.factories import make_forum, make_item, make_option, make_plan, make_problem, make_team_member
from tests.projects.factories import TENANCY_BODIES, tenancy_records

ALL_ROLES = [r.value for r in Role]
MARK = "ของ-อปท-บี"  # in the names of organisation B's records, so a leak is easy to spot


class OrgBRecords:
    """Organisation B's records, made on demand, one per registry key.

    A factory may ask for another (`await records.get("household_id")`) so that a nested route
    (/households/{household_id}/members/{member_id}) gets a member of that very household.
    """

    def __init__(self, db: AsyncSession, org: Organisation) -> None:
        self.db, self.org = db, org
        self.made: dict[str, Any] = {}

    async def get(self, key: str) -> Any:
        if key not in self.made:
            self.made[key] = await RECORDS[key](self)
        return self.made[key]


def registry_key(path: str, param: str) -> str:
    return f"{path}#{param}" if f"{path}#{param}" in RECORDS else param


async def _bank_account(rec: OrgBRecords) -> Any:
    return await make_bank_account(rec.db, await rec.get("citizen_id"))


async def _household_member(rec: OrgBRecords) -> Any:
    citizen = await make_citizen(rec.db, rec.org, first_name=f"สมาชิก {MARK}")
    return await make_member(rec.db, await rec.get("household_id"), citizen)


async def _plan_forum(rec: OrgBRecords) -> Any:
    return await make_forum(rec.db, await rec.get("plan_id"), place_th=f"ศาลา {MARK}")


async def _plan_problem(rec: OrgBRecords) -> Any:
    return await make_problem(rec.db, await rec.get("forum_id"), title_th=f"ปัญหา {MARK}")


async def _plan_team_member(rec: OrgBRecords) -> Any:
    return await make_team_member(rec.db, await rec.get("plan_id"), full_name=f"ทีม {MARK}")


async def _plan_option(rec: OrgBRecords) -> Any:
    return await make_option(rec.db, await rec.get("problem_id"), title_th=f"ทางเลือก {MARK}")


async def _plan_item(rec: OrgBRecords) -> Any:
    return await make_item(rec.db, await rec.get("problem_id"), title_th=f"รายการ {MARK}")


async def _group_member(rec: OrgBRecords) -> Any:
    return await make_group_member(rec.db, await rec.get("group_id"), full_name=f"สมาชิก {MARK}")



async def _allowance_registration(rec: OrgBRecords) -> Any:
    citizen = await make_citizen(rec.db, rec.org, first_name=f"ผู้รับเบี้ย {MARK}")
    return await make_registration(rec.db, citizen, note=f"หมายเหตุ {MARK}")


async def _allowance_payroll_line(rec: OrgBRecords) -> Any:
    return await make_line(rec.db, await rec.get("payroll_id"), await rec.get("registration_id"))


# Every path parameter of a route that takes a record id → how to make organisation B's
# record for it (or a plain value, for a parameter such as a section number that is not an id).
# A domain that adds a route with a new path parameter adds an entry here. Where one name
# means different records on different routes (a household's member_id, a group's), key the
# entry by "path#param" ("/api/v1/groups/{group_id}/members/{member_id}#member_id").
RECORDS: dict[str, Callable[[OrgBRecords], Awaitable[Any]]] = {
    "village_id": lambda rec: make_village(rec.db, rec.org, number=7, name_th=f"บ้าน {MARK}"),
    "user_id": lambda rec: make_user(rec.db, rec.org, "officer", full_name=f"ผู้ใช้ {MARK}"),
    "registration_id": _allowance_registration,
    "payroll_id": lambda rec: make_payroll(rec.db, rec.org),
    "line_id": _allowance_payroll_line,
    "citizen_id": lambda rec: make_citizen(rec.db, rec.org, first_name=f"ชื่อ {MARK}"),
    "account_id": _bank_account,
    "household_id": lambda rec: make_household(rec.db, rec.org, house_number="99/9"),
    "/api/v1/households/{household_id}/members/{member_id}/leave#member_id": _household_member,
    "plan_id": lambda rec: make_plan(rec.db, rec.org, title_th=f"แผน {MARK}"),
    "/api/v1/plans/{plan_id}/team-members/{member_id}#member_id": _plan_team_member,
    "forum_id": _plan_forum,
    "problem_id": _plan_problem,
    "option_id": _plan_option,
    "item_id": _plan_item,
    "group_id": lambda rec: make_group(rec.db, rec.org, name=f"กลุ่ม {MARK}"),
    "/api/v1/groups/{group_id}/members/{member_id}/leave#member_id": _group_member,
    "subscription_id": lambda rec: make_subscription(rec.db, rec.org, label_th=f"ระบบ {MARK}"),
    "job_id": lambda rec: make_import_job(rec.db, rec.org, filename=f"ไฟล์ {MARK}.csv"),
    **tenancy_records(MARK),
    **disability_card_records(MARK),
}

# A plausible body for writes, by (method, path), so the request reaches the service rather
# than stopping at validation. A route that answers 422 instead of 404 needs an entry here.
BODIES: dict[tuple[str, str], dict[str, Any]] = {
    ("PATCH", "/api/v1/villages/{village_id}"): {"name_th": "ถูกแก้โดย อปท เอ", "is_active": False},
    **{("POST", f"/api/v1/allowances/registrations/{{registration_id}}/workflow/{name}"): body for name, body in {
        "record": {"evidence": {"request_no": "1/2568", "recorded_on": "2025-01-01"}},
        "verify": {"evidence": {"checked_on": "2025-01-01"}},
        "approve": {"evidence": {"approved_on": "2025-01-01"}},
        "reject": {"evidence": {"reason_code": "allowance.other"}, "note": "x"},
        "suspend": {"evidence": {"from_month": "2025-01-01", "reason": "other"}, "note": "x"},
        "resume": {"evidence": {"from_month": "2025-01-01"}},
        "end": {"evidence": {"reason": "died", "event_date": "2025-01-01"}, "note": "x"},
    }.items()},
    ("POST", "/api/v1/allowances/payrolls/{payroll_id}/workflow/export"): {"evidence": {"exported_on": "2025-01-01"}},
    ("POST", "/api/v1/allowances/payrolls/{payroll_id}/workflow/mark_paid"): {"evidence": {"paid_on": "2025-01-01"}},
    ("POST", "/api/v1/allowances/payrolls/{payroll_id}/workflow/mark_partly_failed"): {
        "evidence": {"paid_on": "2025-01-01"}},
    ("POST", "/api/v1/allowances/payrolls/{payroll_id}/lines/{line_id}/fail"): {
        "reason": "returned", "failed_on": "2025-01-01"},
    ("PATCH", "/api/v1/users/{user_id}"): {"full_name": "ถูกแก้โดย อปท เอ", "is_active": False, "roles": ["admin"]},
    ("PATCH", "/api/v1/citizens/{citizen_id}"): {"first_name": "ถูกแก้"},
    ("POST", "/api/v1/citizens/{citizen_id}/death"): {"death_date": "2025-01-01", "note": "มรณบัตร 1/2568"},
    ("POST", "/api/v1/citizens/{citizen_id}/move-out"): {"moved_out_on": "2025-01-01", "note": "ใบแจ้งย้าย"},
    ("POST", "/api/v1/citizens/{citizen_id}/bank-accounts"): {
        "kind": "bank", "bank_code": "006", "branch": "จัตุรัส", "account_no": "1234567890", "account_name": "x"},
    ("POST", "/api/v1/citizens/{citizen_id}/bank-accounts/{account_id}/end"): {"ended_on": "2025-01-01"},
    ("PATCH", "/api/v1/households/{household_id}"): {"house_number": "1/1"},
    ("POST", "/api/v1/households/{household_id}/members"): {
        "citizen_id": str(uuid.UUID(int=1)), "relationship": "head", "joined_on": "2024-01-01"},
    ("POST", "/api/v1/households/{household_id}/members/{member_id}/leave"): {"left_on": "2025-01-01"},
    ("POST", "/api/v1/plans/{plan_id}/team-members"): {"team": "driving", "full_name": "x", "role_th": "ประธาน"},
    ("PUT", "/api/v1/plans/{plan_id}/profile"): {"population": 1, "households": 1},
    ("POST", "/api/v1/plans/{plan_id}/forums"): {
        "held_on": "2025-11-15", "place_th": "x", "attendance": 1, "minutes_th": "x"},
    ("POST", "/api/v1/plans/{plan_id}/forums/{forum_id}/problems"): {"kind": "need", "title_th": "x"},
    ("PUT", "/api/v1/plans/{plan_id}/forums/{forum_id}/rankings"): {
        "method": "votes", "entries": [{"problem_id": str(uuid.UUID(int=1)), "value": 1}]},
    ("POST", "/api/v1/plans/{plan_id}/problems/{problem_id}/options"): {"title_th": "x"},
    ("POST", "/api/v1/plans/{plan_id}/items"): {"problem_id": str(uuid.UUID(int=1)), "title_th": "x"},
    ("POST", "/api/v1/plans/{plan_id}/items/{item_id}/outcome"): {"outcome": "done", "decided_on": "2025-01-01"},
    ("POST", "/api/v1/plans/{plan_id}/workflow/gather_data"): {
        "evidence": {"preparation_meeting_on": "2025-10-20", "preparation_attendance": 1}},
    ("POST", "/api/v1/plans/{plan_id}/workflow/make_plan"): {"evidence": {"adopted_on": "2025-12-05"}},
    ("POST", "/api/v1/plans/{plan_id}/workflow/propose"): {"evidence": {"proposed_on": "2026-01-15"}},
    ("PATCH", "/api/v1/groups/{group_id}"): {"name": "ถูกแก้โดย อปท เอ"},
    ("PATCH", "/api/v1/webhooks/{subscription_id}"): {"url": "https://attacker.example/in", "topics": ["*"]},
    ("POST", "/api/v1/groups/{group_id}/members"): {"full_name": "x", "joined_on": "2026-02-01"},
    ("POST", "/api/v1/groups/{group_id}/members/{member_id}/leave"): {"left_on": "2026-03-01", "reason": "x"},
    ("POST", "/api/v1/groups/{group_id}/committee-terms"): {
        "position": "chair", "member_id": str(uuid.UUID(int=1)), "started_on": "2026-03-01"},
    ("POST", "/api/v1/groups/{group_id}/ledger"): {
        "kind": "contribution", "amount": "1.00", "entry_date": "2026-03-01", "description": "x"},
    ("POST", "/api/v1/groups/{group_id}/evaluations"): {"visited_on": "2026-03-01", "findings": "x", "score": 3},
    **{("POST", f"/api/v1/groups/{{group_id}}/workflow/{name}"): dict(zip(
        ("evidence", "note"), group_evidence(name, [uuid.UUID(int=i) for i in (1, 2, 3)]), strict=True))
       for name in ("spread_idea", "hold_forum", "found_group", "open_membership", "select_committee",
                    "committee_resigns", "adopt_rules", "raise_fund", "open_bank_account", "evaluate",
                    "submit_report", "return_report", "acknowledge_report", "dissolve")},
    **TENANCY_BODIES,
    **DISABILITY_CARD_BODIES,
}


def _id_routes(app) -> list[tuple[str, str, list[str]]]:  # type: ignore[no-untyped-def]
    return [(m, path, params) for m, path, params in api_routes(app) if any(p.endswith("_id") for p in params)]


async def _columns(db: AsyncSession, obj: Any) -> dict[str, Any]:
    """The row as the database has it now."""
    mapper = inspect(obj).mapper
    fresh = (await db.execute(select(mapper.class_).where(mapper.primary_key[0] == obj.id)
                              .execution_options(populate_existing=True))).scalar_one()
    return {a.key: getattr(fresh, a.key) for a in mapper.column_attrs}


def _unregistered(app) -> dict[str, str]:  # type: ignore[no-untyped-def]
    """Registry keys no entry answers for → a route that needs them."""
    out: dict[str, str] = {}
    for method, path, params in _id_routes(app):
        for p in params:
            if registry_key(path, p) not in RECORDS:
                out.setdefault(p, f"{method} {path}")
    return dict(sorted(out.items()))


def test_a_new_route_with_an_unknown_id_parameter_is_noticed(app):
    @app.get("/api/v1/widgets/{widget_id}/parts/{part_no}")
    async def widget(widget_id: str, part_no: int) -> dict[str, str]:
        return {}

    missing = _unregistered(app)
    assert missing["widget_id"] == missing["part_no"] == "GET /api/v1/widgets/{widget_id}/parts/{part_no}"


async def test_every_endpoint_with_a_record_id_answers_404_for_another_organisations_record(db, client, app):
    routes = _id_routes(app)
    missing = _unregistered(app)
    assert not missing, (
        f"Path parameters with no entry in RECORDS in tests/core/test_tenancy.py: {missing}. "
        "Every route that takes a record id must be checked for tenant isolation: add a factory that makes "
        "organisation B's record for each of them (and a plausible body in BODIES for writes)."
    )

    org_a = await make_organisation(db)
    org_b = await make_organisation(db)
    records = OrgBRecords(db, org_b)
    for key in sorted({registry_key(path, p) for _, path, params in routes for p in params}):
        await records.get(key)
    await db.commit()
    headers = await signed_in(db, client, org_a, *ALL_ROLES)
    rows = {param: obj for param, obj in records.made.items() if hasattr(obj, "id")}
    before = {param: await _columns(db, obj) for param, obj in rows.items()}
    ids = [str(obj.id) for obj in rows.values()]
    audit_before = (await db.execute(select(func.count()).select_from(AuditEntry)
                                     .where(AuditEntry.entity_id.in_(ids)))).scalar_one()

    checked = []
    for method, path, params in routes:
        values = {p: await records.get(registry_key(path, p)) for p in params}
        url = path.format(**{p: getattr(v, "id", v) for p, v in values.items()})
        body = BODIES.get((method, path), {}) if method in {"POST", "PUT", "PATCH"} else None
        r = await client.request(method, url, json=body, headers={**headers, "If-Match": '"1"'})
        assert r.status_code == 404, (
            f"{method} {path} with organisation B's record answered {r.status_code} to a user of organisation A, "
            f"not 404: {r.text[:300]}"
        )
        assert r.headers["content-type"].startswith("application/problem+json")
        assert MARK not in r.text
        checked.append((method, path))

    assert ("GET", "/api/v1/villages/{village_id}") in checked
    assert ("PATCH", "/api/v1/users/{user_id}") in checked
    after = {param: await _columns(db, obj) for param, obj in rows.items()}
    assert after == before, "a request from organisation A changed organisation B's record"
    audit_after = (await db.execute(select(func.count()).select_from(AuditEntry)
                                    .where(AuditEntry.entity_id.in_(ids)))).scalar_one()
    assert audit_after == audit_before


async def test_no_list_shows_another_organisations_rows(db, client, app):
    org_a = await make_organisation(db)
    org_b = await make_organisation(db)
    mine = await make_village(db, org_a, number=1, name_th="บ้านของเอ")
    records = OrgBRecords(db, org_b)
    for key in RECORDS:
        await records.get(key)
    await db.commit()
    headers = await signed_in(db, client, org_a, *ALL_ROLES)
    secrets_of_b = [MARK, str(org_b.id), *(str(obj.id) for obj in records.made.values() if hasattr(obj, "id"))]

    r = await client.get("/api/v1/organisations/current/villages", headers=headers)
    assert r.status_code == 200, r.text
    assert [v["id"] for v in r.json()["items"]] == [str(mine.id)]
    assert r.json()["total"] == 1  # the count is scoped too, not only the rows

    r = await client.get("/api/v1/users", headers=headers)
    assert r.status_code == 200, r.text
    assert r.json()["total"] == 1  # the caller alone

    r = await client.get("/api/v1/audit", params={"page_size": 200}, headers=headers)
    assert r.status_code == 200, r.text
    assert str(mine.id) in {e["entity_id"] for e in r.json()["items"]}

    # And any list, now or later: nothing of B's in any answer.
    scanned = 0
    for method, path, params in api_routes(app):
        if method != "GET" or params or not path.startswith("/api/"):
            continue
        r = await client.get(path, params={"page_size": 200}, headers=headers)
        assert r.status_code < 500, f"GET {path}: {r.text[:300]}"
        leaked = [s for s in secrets_of_b if s in r.text]
        assert not leaked, f"GET {path} shows organisation B's data: {leaked}"
        scanned += 1
    assert scanned >= 5


async def test_a_user_cannot_create_a_row_in_another_organisation(db, client):
    org_a = await make_organisation(db)
    org_b = await make_organisation(db)
    await db.commit()
    headers = await signed_in(db, client, org_a, "admin")

    # An organisation id in the body is not a field of the request: the row is the caller's.
    r = await client.post("/api/v1/organisations/current/villages", headers=headers,
                          json={"number": 5, "name_th": "บ้านใหม่", "organisation_id": str(org_b.id)})
    assert r.status_code == 201, r.text
    village = (await db.execute(select(Village).where(Village.id == uuid.UUID(r.json()["id"])))).scalar_one()
    assert village.organisation_id == org_a.id

    r = await client.post("/api/v1/users", headers=headers,
                          json={"username": f"new-{uuid.uuid4().hex[:6]}", "full_name": "ใหม่",
                                "password": "long-enough-password", "roles": ["viewer"],
                                "organisation_id": str(org_b.id)})
    assert r.status_code == 201, r.text
    orgs = (await db.execute(select(Membership.organisation_id)
                             .where(Membership.user_id == uuid.UUID(r.json()["id"])))).scalars().all()
    assert orgs == [org_a.id]


def _actor_of(org: Organisation) -> Actor:
    return Actor(kind="user", id=str(uuid.uuid4()), name="officer of A", organisation_id=org.id,
                 roles=frozenset({"admin"}))


async def test_new_rows_of_another_organisation_are_refused_in_the_session(db):
    org_a = await make_organisation(db)
    org_b = await make_organisation(db)
    await db.commit()
    bind_actor(db, _actor_of(org_a))

    mine = Village(number=1, name_th="ไม่ได้ระบุ อปท")
    db.add(mine)
    await db.flush()
    assert mine.organisation_id == org_a.id  # stamped with the actor's organisation

    db.add(Village(organisation_id=org_b.id, number=2, name_th="ของคนอื่น"))
    with pytest.raises(Forbidden) as refused:
        await db.flush()
    assert refused.value.code == "forbidden.organisation"


async def test_a_row_cannot_be_moved_to_another_organisation(db):
    org_a = await make_organisation(db)
    org_b = await make_organisation(db)
    village = await make_village(db, org_a)
    await db.commit()
    bind_actor(db, _actor_of(org_a))

    village = (await db.execute(select(Village).where(Village.id == village.id))).scalar_one()
    village.organisation_id = org_b.id
    with pytest.raises(Forbidden):
        await db.flush()


async def test_a_row_loaded_on_purpose_across_organisations_can_still_be_edited(db):
    """What `widened()` let a service load (a provincial office's decision) may be changed
    after the widened block, as long as it stays in its organisation."""
    org_a = await make_organisation(db)
    org_b = await make_organisation(db)
    village = await make_village(db, org_b)
    await db.commit()
    bind_actor(db, _actor_of(org_a))

    with widened(db, frozenset({org_a.id, org_b.id})):
        loaded = (await db.execute(select(Village).where(Village.id == village.id))).scalar_one()
    loaded.name_th = "ตัดสินแล้ว"
    await db.flush()
    assert loaded.version == 2


async def test_orm_select_update_and_delete_are_scoped(db, sessionmaker):
    org_a = await make_organisation(db)
    org_b = await make_organisation(db)
    va = await make_village(db, org_a, number=1, name_th="เอ")
    vb = await make_village(db, org_b, number=1, name_th="บี")
    await db.commit()
    actor = _actor_of(org_a)

    async with sessionmaker() as fresh:  # an empty identity map, as a request has
        bind_actor(fresh, actor)
        assert (await fresh.execute(select(Village.id))).scalars().all() == [va.id]
        assert await fresh.get(Village, vb.id) is None

    bind_actor(db, actor)
    result = await db.execute(update(Village).values(name_th="แก้ทั้งหมด"))
    assert result.rowcount == 1
    result = await db.execute(update(Village).where(Village.id == vb.id).values(name_th="แก้ของบี"))
    assert result.rowcount == 0
    result = await db.execute(delete(Village).where(Village.id == vb.id))
    assert result.rowcount == 0
    result = await db.execute(delete(Village))
    assert result.rowcount == 1

    bind_actor(db, SYSTEM)  # the system sees every organisation
    rows = (await db.execute(select(Village.id, Village.name_th)
                             .where(Village.id.in_([va.id, vb.id])))).all()
    assert rows == [(vb.id, "บี")]


async def test_users_are_scoped_through_their_memberships(db, sessionmaker):
    org_a = await make_organisation(db)
    org_b = await make_organisation(db)
    await make_user(db, org_a)
    other = await make_user(db, org_b)
    await db.commit()

    async with sessionmaker() as fresh:
        bind_actor(fresh, _actor_of(org_a))
        users = (await fresh.execute(select(User.id).where(User.id.in_(select(Membership.user_id)
                                                                        .scalar_subquery())))).scalars().all()
        assert other.id not in users
        assert len(users) == 1
