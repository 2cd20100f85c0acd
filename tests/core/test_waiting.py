"""What is waiting for me: one list across every step process, for the signed-in person.

The records are made straight in the database at known states and times, so each test says
exactly which subjects wait for whom, in what order, and which stay hidden.
"""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

import chumchon.main  # noqa: F401  (every domain's routes register its process)
from chumchon.core import workflow
from chumchon.core.audit import AuditEntry
from chumchon.core.workflow import WorkflowEntry
from tests.allowances.flow import make_payroll, make_registration
from tests.citizens.factories import make_citizen
from tests.factories import login, make_organisation, make_user
from tests.groups.factories import make_group

URL = "/api/v1/workflow/waiting"
T0 = datetime(2026, 11, 1, 9, 0, tzinfo=UTC)


def at(days: int) -> datetime:
    return T0 + timedelta(days=days)


async def _headers(db, client, org, *roles: str) -> dict[str, str]:  # type: ignore[no-untyped-def]
    user = await make_user(db, org, *roles)
    await db.commit()
    headers = await login(client, user)
    headers.pop("X-Refresh-Token")
    return headers


async def _moved(db: AsyncSession, subject: Any, process: workflow.Process, to_state: str, when: datetime) -> None:
    db.add(WorkflowEntry(organisation_id=subject.organisation_id, process=process.name,
                         subject_type=process.subject_type, subject_id=subject.id, seq=1, transition="x",
                         from_state=process.initial, to_state=to_state, actor_kind="user", actor_id=None,
                         actor_name="เจ้าหน้าที่", at=when))
    await db.flush()


@pytest.fixture
async def office(db, client):  # type: ignore[no-untyped-def]
    """One organisation's subjects at known states, and another organisation's beside them."""
    from chumchon.allowances.workflow import PAYROLL
    from chumchon.groups.workflow import FORMATION

    org = await make_organisation(db)
    other = await make_organisation(db)
    s: dict[str, Any] = {"org": org}
    s["new_group"] = await make_group(db, org, name="กลุ่มใหม่", created_at=at(1))
    s["reported_group"] = await make_group(db, org, name="กลุ่มรอรับทราบ", state="reported", created_at=at(0))
    await _moved(db, s["reported_group"], FORMATION, "reported", at(5))
    s["active_group"] = await make_group(db, org, name="กลุ่มดำเนินการแล้ว", state="active", created_at=at(2))
    s["other_group"] = await make_group(db, other, name="กลุ่มของที่อื่น", created_at=at(9))
    elder = await make_citizen(db, org, first_name="สมหญิง")
    patient = await make_citizen(db, org, first_name="ลับเฉพาะ", birth_date=date(1980, 3, 1))
    s["elderly_reg"] = await make_registration(db, elder, created_at=at(3))
    s["hiv_reg"] = await make_registration(db, patient, programme="hiv", created_at=at(4))
    s["verified_reg"] = await make_registration(db, elder, programme="disability", state="verified",
                                                created_at=at(0))
    s["elderly_payroll"] = await make_payroll(db, org, month=date(2026, 12, 1), created_at=at(6))
    s["hiv_payroll"] = await make_payroll(db, org, programme="hiv", month=date(2026, 12, 1), state="checked",
                                          created_at=at(0))
    await _moved(db, s["hiv_payroll"], PAYROLL, "checked", at(7))
    await db.commit()
    for role in ("officer", "executive", "admin", "viewer"):
        s[role] = await _headers(db, client, org, role)
    return s


def _ids(body: dict[str, Any]) -> list[str]:
    return [i["subject_id"] for i in body["items"]]


async def _all(client, headers: dict[str, str], **params: Any) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    r = await client.get(URL, params={"page_size": 200, **params}, headers=headers)
    assert r.status_code == 200, r.text
    return r.json()


def test_every_process_with_routes_is_registered_and_can_be_listed():
    names = {p.name for p in workflow.registered()}
    assert names >= {"group_formation", "community_plan", "project", "disability_card_request",
                     "allowance_registration", "allowance_payroll"}
    for p in workflow.registered():
        model = workflow._model(p)
        assert model.__tablename__ == f"{p.subject_type}s"
        assert workflow._link(p, model, uuid.UUID(int=1)).endswith("/00000000-0000-0000-0000-000000000001")


def test_a_subject_waits_only_on_a_forward_step_of_mine():
    from chumchon.allowances.workflow import REGISTRATION
    from chumchon.auth.permissions import permissions_for
    from chumchon.core.context import Actor

    officer = Actor(kind="user", id="1", name="x", permissions=permissions_for({"officer"}))
    states = workflow.waiting_states(REGISTRATION, officer)
    # Suspending and ending are open from "active", but an active beneficiary waits for nobody.
    assert "active" not in states
    assert [t.name for t in states["recorded"]] == ["verify", "return_for_correction"]
    assert "verified" not in states  # approving is the executive's


async def test_the_officer_sees_the_steps_that_are_theirs_newest_first(client, office):
    body = await _all(client, office["officer"])
    s = office
    expected = [s["elderly_payroll"], s["hiv_reg"], s["elderly_reg"], s["new_group"]]
    assert _ids(body) == [str(x.id) for x in expected]
    assert body["total"] == 4
    first = body["items"][0]
    assert first == {
        "process": "allowance_payroll", "subject_type": "allowance_payroll", "subject_id": str(s["elderly_payroll"].id),
        "title_th": "เบี้ยยังชีพผู้สูงอายุ ธ.ค. 2569", "title_en": "Elderly living allowance, December 2026",
        "link": f"/allowances/payrolls/{s['elderly_payroll'].id}", "state": "draft", "state_label_th": "ร่าง",
        "state_label_en": "Draft", "since": first["since"],
        "actions": [{"transition": "check", "label_th": first["actions"][0]["label_th"], "label_en": "Check",
                     "kind": "forward", "to_state": "checked"}],
    }
    assert datetime.fromisoformat(first["since"]) == at(6)
    reg = next(i for i in body["items"] if i["subject_id"] == str(s["elderly_reg"].id))
    assert reg["title_th"] == "นางสมหญิง ใจดี · เบี้ยยังชีพผู้สูงอายุ"
    assert reg["link"] == f"/allowances/registrations/{s['elderly_reg'].id}"
    assert [a["transition"] for a in reg["actions"]] == ["record"]  # rejecting is the executive's
    group = next(i for i in body["items"] if i["process"] == "group_formation")
    assert (group["title_th"], group["link"], group["state"]) == ("กลุ่มใหม่", f"/groups/{s['new_group'].id}",
                                                                  "proposed")
    assert [a["transition"] for a in group["actions"]] == ["spread_idea", "dissolve"]
    # Another organisation's group, an active group, and steps that are the executive's stay out.
    for hidden in ("other_group", "active_group", "reported_group", "verified_reg", "hiv_payroll"):
        assert str(s[hidden].id) not in _ids(body), hidden


async def test_the_executive_sees_approvals_and_since_counts_from_the_last_move(client, office):
    body = await _all(client, office["executive"])
    s = office
    # The HIV payroll moved to "checked" on day 7, the group to "reported" on day 5; the
    # registration has no history, so it has waited since it was made (day 0). Registrations
    # not yet verified are the officer's: rejecting them early is open, but is not a wait.
    assert _ids(body) == [str(s["hiv_payroll"].id), str(s["reported_group"].id), str(s["verified_reg"].id)]
    since = {i["subject_id"]: datetime.fromisoformat(i["since"]) for i in body["items"]}
    assert since[str(s["hiv_payroll"].id)] == at(7)
    assert since[str(s["verified_reg"].id)] == at(0)
    approve = next(i for i in body["items"] if i["subject_id"] == str(s["verified_reg"].id))
    assert [a["transition"] for a in approve["actions"]] == ["approve", "reject"]
    assert approve["title_en"] == "นางสมหญิง ใจดี · Disability allowance"


async def test_hiv_registrations_and_payrolls_stay_hidden_without_sensitive_read(db, client, office):
    s = office
    # The administrator may record registrations but may not read health data.
    body = await _all(client, s["admin"])
    assert _ids(body) == [str(s["elderly_payroll"].id), str(s["elderly_reg"].id), str(s["new_group"].id)]
    assert body["total"] == 3
    assert "ลับเฉพาะ" not in str(body)
    # The same filter holds for the count of a process asked for by name.
    only = await _all(client, s["admin"], process="allowance_registration")
    assert (_ids(only), only["total"]) == ([str(s["elderly_reg"].id)], 1)

    logged = (await db.execute(select(AuditEntry).where(AuditEntry.action == "workflow.waiting_sensitive_list")
                               .where(AuditEntry.organisation_id == s["org"].id))).scalars().all()
    assert logged == []
    body = await _all(client, s["officer"])
    assert "ลับเฉพาะ" in str(body)
    logged = (await db.execute(select(AuditEntry).where(AuditEntry.action == "workflow.waiting_sensitive_list")
                               .where(AuditEntry.organisation_id == s["org"].id))).scalars().all()
    assert [(e.entity, e.sensitive, e.after) for e in logged] == [
        ("allowance_registrations", True, {"ids": [str(s["hiv_reg"].id)]})]


async def test_pages_split_the_one_order_and_a_viewer_waits_for_nothing(client, office):
    s = office
    seen: list[str] = []
    for page in (1, 2, 3):
        r = await client.get(URL, params={"page": page, "page_size": 2}, headers=s["officer"])
        assert r.status_code == 200, r.text
        assert r.json()["total"] == 4
        seen += _ids(r.json())
    assert seen == _ids(await _all(client, s["officer"]))
    assert len(seen) == 4
    far = await client.get(URL, params={"page": 10**12, "page_size": 200}, headers=s["officer"])
    assert (far.status_code, far.json()["items"], far.json()["total"]) == (200, [], 4)
    viewer = await _all(client, s["viewer"])
    assert (viewer["items"], viewer["total"]) == ([], 0)


async def test_bad_asks_are_refused_plainly(client, office):
    r = await client.get(URL, params={"process": "nonsense"}, headers=office["officer"])
    assert r.status_code == 422
    assert r.json()["code"] == "workflow.unknown_process"
    r = await client.get(URL, params={"page_size": 500}, headers=office["officer"])
    assert r.status_code == 422
    assert (await client.get(URL)).status_code == 401
