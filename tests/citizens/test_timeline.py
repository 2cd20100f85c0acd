from __future__ import annotations

import uuid
from datetime import UTC, datetime

import pytest

from chumchon.areas.models import Village
from chumchon.citizens import timeline
from chumchon.citizens.models import BankAccount
from chumchon.core.workflow import WorkflowEntry
from tests.citizens.factories import make_bank_account, make_citizen, make_household, national_id
from tests.factories import make_organisation, signed_in


async def test_every_change_that_touches_a_person_newest_first(db, client):
    org = await make_organisation(db)
    household = await make_household(db, org)
    bystander = await make_citizen(db, org)
    headers = await signed_in(db, client, org, "officer")
    nid = national_id()

    r = await client.post("/api/v1/citizens", headers=headers, json={
        "national_id": nid, "title": "นาง", "first_name": "สมหญิง", "last_name": "ใจดี", "sex": "female"})
    cid = r.json()["id"]
    base = f"/api/v1/citizens/{cid}"
    assert (await client.patch(base, headers={**headers, "If-Match": '"1"'}, json={"phone": "0812345678"})).is_success
    account = (await client.post(f"{base}/bank-accounts", headers=headers,
                                 json={"kind": "promptpay", "account_name": "สมหญิง"})).json()
    assert (await client.post(f"{base}/bank-accounts/{account['id']}/end", headers=headers,
                              json={"ended_on": "2099-01-01"})).is_success
    assert (await client.post(f"/api/v1/households/{household.id}/members", headers=headers,
                              json={"citizen_id": cid, "relationship": "head", "joined_on": "2020-01-01"})).is_success
    assert (await client.get(f"{base}/national-id", headers=headers)).is_success
    assert (await client.post(f"{base}/death", headers=headers,
                              json={"death_date": "2025-01-31", "note": "มรณบัตร 5/2568"})).is_success
    # Someone else's changes are not on this timeline.
    await client.patch(f"/api/v1/citizens/{bystander.id}", headers={**headers, "If-Match": '"1"'},
                       json={"phone": "0899999999"})

    viewer = await signed_in(db, client, org, "viewer")
    r = await client.get(f"{base}/timeline", params={"page_size": 50}, headers=viewer)
    assert r.status_code == 200, r.text
    items = r.json()["items"]
    assert r.json()["total"] == len(items) == 8
    assert [i["at"] for i in items] == sorted((i["at"] for i in items), reverse=True)
    actions = [(i["action"], i["entity"]) for i in items]
    # The death writes the person and closes the membership in one action.
    assert set(actions[:2]) == {("citizen.record_death", "citizens"), ("citizen.record_death", "household_members")}
    assert actions[2:] == [
        ("citizen.read_national_id", "citizens"),
        ("household.add_member", "household_members"),
        ("citizen.end_bank_account", "citizen_bank_accounts"),
        ("citizen.add_bank_account", "citizen_bank_accounts"),
        ("citizen.update", "citizens"),
        ("citizen.create", "citizens"),
    ]
    assert {i["entity_id"] for i in items if i["entity"] == "citizens"} == {cid}
    created = items[-1]
    assert created["after"]["national_id"] == f"{nid[0]}-{nid[1:5]}-xxxxx-xx-{nid[12]}"
    assert created["after"]["first_name"] == "สมหญิง"
    assert (items[-2]["before"], items[-2]["after"]) == ({"phone": None}, {"phone": "0812345678"})
    assert items[-3]["after"]["promptpay_id"] == f"{nid[0]}-{nid[1:5]}-xxxxx-xx-{nid[12]}"
    assert nid not in r.text  # the whole ID never shows here, even to an officer

    r = await client.get(f"{base}/timeline", params={"sort": "at", "page_size": 3, "page": 1}, headers=viewer)
    assert [i["action"] for i in r.json()["items"]] == ["citizen.create", "citizen.update", "citizen.add_bank_account"]
    assert r.json()["total"] == 8
    r = await client.get(f"{base}/timeline", params={"sort": "action"}, headers=viewer)
    assert r.status_code == 422 and r.json()["code"] == "validation.sort"


async def test_other_domains_add_their_rows_and_steps_through_the_registry(db, client, monkeypatch):
    org = await make_organisation(db)
    citizen = await make_citizen(db, org)
    subject = await make_bank_account(db, citizen)  # stands in for an allowance registration
    db.add(WorkflowEntry(organisation_id=org.id, process="test_process", subject_type="test_subject",
                         subject_id=subject.id, seq=1, transition="approve", from_state="verified",
                         to_state="approved", actor_kind="user", actor_id="u1", actor_name="ผู้อนุมัติ",
                         at=datetime(2024, 3, 1, tzinfo=UTC), evidence={}, note="ครบถ้วน"))
    other_org = await make_organisation(db)
    other = await make_citizen(db, other_org)
    other_subject = await make_bank_account(db, other)
    db.add(WorkflowEntry(organisation_id=other_org.id, process="test_process", subject_type="test_subject",
                         subject_id=other_subject.id, seq=1, transition="approve", from_state="verified",
                         to_state="approved", actor_kind="user", actor_id="u2", actor_name="ของคนอื่น"))
    headers = await signed_in(db, client, org, "viewer")

    calls: list[uuid.UUID] = []

    async def custom(session, actor, person):  # type: ignore[no-untyped-def]
        calls.append(person.id)
        return [timeline.TimelineItem(at=datetime(2024, 2, 1, tzinfo=UTC), source="test", action="test.visit",
                                      entity="visits", entity_id="v1", actor_name="อสม.", actor_kind="user")]

    monkeypatch.setattr(timeline, "_SOURCES", dict(timeline._SOURCES))
    timeline.register_linked_model(BankAccount, subject_type="test_subject", name="test_linked")
    timeline.register_source("test_custom", custom)

    r = await client.get(f"/api/v1/citizens/{citizen.id}/timeline", headers=headers)
    assert r.status_code == 200, r.text
    steps = [i for i in r.json()["items"] if i["source"] == "workflow"]
    assert len(steps) == 1
    assert steps[0] | {"at": None} == {
        "at": None, "source": "workflow", "action": "test_process.approve", "entity": "test_subject",
        "entity_id": str(subject.id), "actor_name": "ผู้อนุมัติ", "actor_kind": "user", "before": None,
        "after": None, "process": "test_process", "from_state": "verified", "to_state": "approved",
        "note": "ครบถ้วน"}
    assert [i["action"] for i in r.json()["items"] if i["source"] == "test"] == ["test.visit"]
    assert calls == [citizen.id]
    assert "ของคนอื่น" not in r.text

    with pytest.raises(ValueError):
        timeline.register_linked_model(Village)
