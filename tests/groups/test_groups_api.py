"""A group's records outside the steps: listing, editing, and the life of a formed group."""

from __future__ import annotations

import uuid

from chumchon.groups.models import GroupState
from tests.factories import make_organisation, make_village, signed_in
from tests.groups.flow import api_fire, api_member_ids, api_walk

S = GroupState
API = "/api/v1/groups"


async def test_groups_are_listed_with_filters_and_pages(db, client):
    org = await make_organisation(db)
    v1 = await make_village(db, org, number=1, name_th="บ้านหนึ่ง")
    v2 = await make_village(db, org, number=2, name_th="บ้านสอง")
    officer = await signed_in(db, client, org, "officer")
    for name, kind, village in (("ก กลุ่มอาชีพจักสาน", "occupational", v1), ("ข กลุ่มออมทรัพย์", "savings", v1),
                                ("ค ชมรมผู้สูงอายุ", "elderly_club", v2), ("ง เครือข่ายตำบล", "network", None)):
        r = await client.post(API, headers=officer, json={"name": name, "kind": kind,
                                                          "village_id": str(village.id) if village else None})
        assert r.status_code == 201, r.text
    # another organisation's group is never listed
    other = await make_organisation(db)
    other_officer = await signed_in(db, client, other, "officer")
    r = await client.post(API, headers=other_officer, json={"name": "ก กลุ่มของที่อื่น", "kind": "savings"})
    foreign = r.json()["id"]

    r = await client.get(API, headers=officer, params={"page_size": 3})
    body = r.json()
    assert body["total"] == 4 and [g["name"] for g in body["items"]] == [
        "ก กลุ่มอาชีพจักสาน", "ข กลุ่มออมทรัพย์", "ค ชมรมผู้สูงอายุ"]
    assert body["items"][1]["kind_label_th"] == "กลุ่มออมทรัพย์"
    r = await client.get(API, headers=officer, params={"page": 2, "page_size": 3})
    assert [g["name"] for g in r.json()["items"]] == ["ง เครือข่ายตำบล"]
    r = await client.get(API, headers=officer, params={"village_id": str(v1.id), "sort": "-name"})
    assert [g["name"] for g in r.json()["items"]] == ["ข กลุ่มออมทรัพย์", "ก กลุ่มอาชีพจักสาน"]
    r = await client.get(API, headers=officer, params={"kind": "network"})
    assert [g["village_id"] for g in r.json()["items"]] == [None]
    r = await client.get(API, headers=officer, params={"state": "proposed"})
    assert r.json()["total"] == 4
    r = await client.get(API, headers=officer, params={"state": "active"})
    assert r.json()["total"] == 0
    r = await client.get(API, headers=officer, params={"kind": "club"})
    assert r.status_code == 422
    r = await client.get(API, headers=officer, params={"sort": "fund"})
    assert r.status_code == 422 and r.json()["code"] == "validation.sort"

    r = await client.get(f"{API}/{foreign}", headers=officer)
    assert r.status_code == 404 and r.json()["code"] == "groups.not_found"
    r = await api_fire(client, officer, foreign, "spread_idea", {"held_on": "2026-01-10", "method": "x",
                                                                 "people_reached": 1})
    assert r.status_code == 404


async def test_a_group_needs_a_village_of_its_own_organisation(db, client):
    org = await make_organisation(db)
    other = await make_organisation(db)
    foreign_village = await make_village(db, other, number=1)
    officer = await signed_in(db, client, org, "officer")
    r = await client.post(API, headers=officer, json={"name": "กลุ่ม", "kind": "youth",
                                                      "village_id": str(foreign_village.id)})
    assert r.status_code == 422 and r.json()["code"] == "groups.village_unknown"
    r = await client.post(API, headers=officer, json={"name": "กลุ่ม", "kind": "youth", "state": "active"})
    assert r.status_code == 422  # the state is the steps', never given


async def test_patch_needs_if_match_and_never_moves_the_state(db, client):
    org = await make_organisation(db)
    village = await make_village(db, org, number=4)
    officer = await signed_in(db, client, org, "officer")
    gid = (await client.post(API, headers=officer, json={"name": "กลุ่มเยาวชน", "kind": "youth"})).json()["id"]

    r = await client.patch(f"{API}/{gid}", headers=officer, json={"purpose": "กีฬาต้านยาเสพติด"})
    assert r.status_code == 428
    r = await client.patch(f"{API}/{gid}", headers={**officer, "If-Match": '"1"'},
                           json={"purpose": "กีฬาต้านยาเสพติด", "village_id": str(village.id)})
    assert r.status_code == 200, r.text
    assert r.json()["purpose"] == "กีฬาต้านยาเสพติด" and r.json()["village_id"] == str(village.id)
    assert r.headers["ETag"] == '"2"'
    r = await client.patch(f"{API}/{gid}", headers={**officer, "If-Match": '"1"'}, json={"name": "ชื่อเก่า"})
    assert r.status_code == 409 and r.json()["code"] == "conflict.stale_version"
    for body in ({"state": "active"}, {"kind": "savings"}, {"fund_balance": "100.00"}, {"name": None}):
        r = await client.patch(f"{API}/{gid}", headers={**officer, "If-Match": '"2"'}, json=body)
        assert r.status_code == 422, body
    r = await client.patch(f"{API}/{gid}", headers={**officer, "If-Match": '"2"'}, json={"village_id": None})
    assert r.status_code == 200 and r.json()["village_id"] is None
    assert r.json()["state"] == "proposed"


async def test_a_formed_group_lives_on_without_the_steps(db, client):
    org = await make_organisation(db)
    officer = await signed_in(db, client, org, "officer")
    executive = await signed_in(db, client, org, "executive")
    gid = (await client.post(API, headers=officer, json={"name": "กลุ่มแม่บ้าน", "kind": "housewives"})).json()["id"]
    await api_walk(client, officer, executive, gid, S.active)
    m = await api_member_ids(client, officer, gid)  # m[0] chair, m[1] treasurer, m[2] secretary

    # New members join, one with a citizen record; the same citizen cannot join twice.
    citizen = str(uuid.uuid4())
    r = await client.post(f"{API}/{gid}/members", headers=officer,
                          json={"full_name": "นางใหม่ ใจงาม", "citizen_id": citizen, "joined_on": "2026-05-01"})
    assert r.status_code == 201, r.text
    newcomer = r.json()["id"]
    r = await client.post(f"{API}/{gid}/members", headers=officer,
                          json={"full_name": "นางใหม่ ใจงาม", "citizen_id": citizen, "joined_on": "2026-05-02"})
    assert r.status_code == 409 and r.json()["code"] == "groups.member_duplicate"

    # A new chair: the old chair's term ends the day the new one starts, and stays in the history.
    r = await client.post(f"{API}/{gid}/committee-terms", headers=officer,
                          json={"position": "chair", "member_id": newcomer, "started_on": "2026-06-01",
                                "ends_on": "2028-05-31"})
    assert r.status_code == 201, r.text
    assert r.json()["member_name"] == "นางใหม่ ใจงาม" and r.json()["position_label_th"] == "ประธาน"
    terms = (await client.get(f"{API}/{gid}/committee-terms", headers=officer)).json()["items"]
    chairs = sorted((t for t in terms if t["position"] == "chair"), key=lambda t: t["started_on"])
    assert [(c["member_id"], c["ended_on"], c["end_reason"], c["current"]) for c in chairs] == [
        (m[0], "2026-06-01", "replaced", False), (newcomer, None, None, True)]
    # The old chair becomes an ordinary committee member; ordinary seats do not replace each other.
    r = await client.post(f"{API}/{gid}/committee-terms", headers=officer,
                          json={"position": "committee_member", "member_id": m[0], "started_on": "2026-06-01"})
    assert r.status_code == 201
    r = await client.post(f"{API}/{gid}/committee-terms", headers=officer,
                          json={"position": "committee_member", "member_id": m[3], "started_on": "2026-06-01"})
    assert r.status_code == 201
    current = (await client.get(f"{API}/{gid}/committee-terms", params={"current": True},
                                headers=officer)).json()["items"]
    assert sorted(t["position"] for t in current) == ["chair", "committee_member", "committee_member",
                                                      "secretary", "treasurer"]
    # A term cannot start before the seat's current one, nor go to someone outside the group.
    r = await client.post(f"{API}/{gid}/committee-terms", headers=officer,
                          json={"position": "chair", "member_id": m[4], "started_on": "2026-05-01"})
    assert r.status_code == 422 and r.json()["code"] == "groups.term_end_before_start"
    r = await client.post(f"{API}/{gid}/committee-terms", headers=officer,
                          json={"position": "secretary", "member_id": str(uuid.uuid4()), "started_on": "2026-07-01"})
    assert r.status_code == 409 and r.json()["code"] == "groups.committee_not_member"

    # The treasurer leaves the group: the membership and the seat end together.
    r = await client.post(f"{API}/{gid}/members/{m[1]}/leave", headers=officer,
                          json={"left_on": "2026-07-15", "reason": "ย้ายไปอยู่ต่างจังหวัด"})
    assert r.status_code == 200 and r.json()["left_on"] == "2026-07-15"
    r = await client.post(f"{API}/{gid}/members/{m[1]}/leave", headers=officer,
                          json={"left_on": "2026-07-16", "reason": "ซ้ำ"})
    assert r.status_code == 409 and r.json()["code"] == "groups.member_left"
    r = await client.post(f"{API}/{gid}/members/{uuid.uuid4()}/leave", headers=officer,
                          json={"left_on": "2026-07-16", "reason": "ไม่มีตัว"})
    assert r.status_code == 404 and r.json()["code"] == "groups.member_not_found"
    treasurer = [t for t in (await client.get(f"{API}/{gid}/committee-terms", headers=officer)).json()["items"]
                 if t["position"] == "treasurer"]
    assert [(t["ended_on"], t["end_reason"]) for t in treasurer] == [("2026-07-15", "left_group")]
    members = (await client.get(f"{API}/{gid}/members", headers=officer)).json()
    assert members["total"] == 8
    assert (await client.get(f"{API}/{gid}/members", params={"active": False}, headers=officer)).json()["total"] == 1

    # The fund keeps moving, to the satang.
    for kind, amount in (("contribution", "0.10"), ("contribution", "0.20"), ("withdrawal", "0.30")):
        r = await client.post(f"{API}/{gid}/ledger", headers=officer, json={
            "kind": kind, "amount": amount, "entry_date": "2026-08-01", "member_id": newcomer,
            "description": "ทดสอบเศษสตางค์"})
        assert r.status_code == 201, r.text
    ledger = (await client.get(f"{API}/{gid}/ledger", params={"sort": "-seq", "page_size": 2},
                               headers=officer)).json()
    assert ledger["balance"] == "350.50" and ledger["total"] == 5
    assert [(e["seq"], e["kind"], e["balance_after"]) for e in ledger["items"]] == [
        (5, "withdrawal", "350.50"), (4, "contribution", "350.80")]
    r = await client.post(f"{API}/{gid}/ledger", headers=officer, json={
        "kind": "contribution", "amount": "5.00", "entry_date": "2026-08-01", "member_id": str(uuid.uuid4()),
        "description": "ไม่ใช่สมาชิก"})
    assert r.status_code == 409 and r.json()["code"] == "groups.member_unknown"

    # More follow-up visits.
    r = await client.post(f"{API}/{gid}/evaluations", headers=officer, json={
        "visited_on": "2026-09-01", "findings": "ยอดขายเพิ่มขึ้น", "score": 5, "recommendations": "ขยายตลาดออนไลน์"})
    assert r.status_code == 201 and r.json()["visited_by"] == "ผู้ใช้ ทดสอบ"
    r = await client.post(f"{API}/{gid}/evaluations", headers=officer, json={
        "visited_on": "2026-09-01", "findings": "x", "score": 6})
    assert r.status_code == 422
    visits = (await client.get(f"{API}/{gid}/evaluations", headers=officer)).json()
    assert [v["score"] for v in visits["items"]] == [5, 4]

    # The formation steps are not run again.
    r = await api_fire(client, officer, gid, "open_membership",
                       {"members": [{"full_name": "x", "joined_on": "2026-09-01"}]})
    assert r.status_code == 409 and r.json()["code"] == "workflow.wrong_state"
    view = (await client.get(f"{API}/{gid}/workflow", headers=officer)).json()
    assert len(view["history"]) == 11 and view["state"] == "active"


async def test_records_wait_for_the_step_that_introduces_them(db, client):
    org = await make_organisation(db)
    officer = await signed_in(db, client, org, "officer")
    executive = await signed_in(db, client, org, "executive")
    gid = (await client.post(API, headers=officer, json={"name": "กลุ่ม", "kind": "savings"})).json()["id"]
    await api_walk(client, officer, executive, gid, S.founded)
    r = await client.post(f"{API}/{gid}/members", headers=officer,
                          json={"full_name": "นายก่อนเวลา", "joined_on": "2026-01-01"})
    assert r.status_code == 409 and r.json()["code"] == "groups.step_not_reached"
    assert r.json()["needs"] == "membership_opened"
    r = await client.post(f"{API}/{gid}/evaluations", headers=officer,
                          json={"visited_on": "2026-01-01", "findings": "x", "score": 3})
    assert r.status_code == 409 and r.json()["code"] == "groups.step_not_reached"
    await api_walk(client, officer, executive, gid, S.membership_opened)
    m = await api_member_ids(client, officer, gid)
    r = await client.post(f"{API}/{gid}/committee-terms", headers=officer,
                          json={"position": "chair", "member_id": m[0], "started_on": "2026-02-15"})
    assert r.status_code == 409 and r.json()["code"] == "groups.step_not_reached"
