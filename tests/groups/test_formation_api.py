"""Forming a group through the HTTP API: every step, every guard, and nothing half-written."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import func, select

from chumchon.core.audit import AuditEntry
from chumchon.core.outbox import OutboxEvent
from chumchon.core.workflow import WorkflowEntry
from chumchon.groups.models import (
    CommitteeTerm,
    GroupBankAccount,
    GroupBankSignatory,
    GroupEvaluation,
    GroupMember,
    GroupState,
    LedgerEntry,
)
from tests.factories import make_organisation, make_village, signed_in
from tests.groups.flow import MAIN_PATH, api_fire, api_member_ids, api_walk, evidence

S = GroupState
API = "/api/v1/groups"


async def _count(db, model, group_id: str) -> int:  # type: ignore[no-untyped-def]
    col = model.subject_id if model is WorkflowEntry else model.group_id
    return (await db.execute(select(func.count()).select_from(model).where(col == uuid.UUID(group_id)))).scalar_one()


async def _written(db, group_id: str) -> dict[str, int]:  # type: ignore[no-untyped-def]
    """Everything a step can write about a group, counted."""
    gid = uuid.UUID(group_id)
    counts = {m.__tablename__: await _count(db, m, group_id)
              for m in (WorkflowEntry, GroupMember, CommitteeTerm, LedgerEntry, GroupBankAccount, GroupEvaluation)}
    counts["signatories"] = (await db.execute(
        select(func.count()).select_from(GroupBankSignatory).join(GroupBankAccount)
        .where(GroupBankAccount.group_id == gid))).scalar_one()
    counts["audit"] = (await db.execute(select(func.count()).select_from(AuditEntry)
                                        .where(AuditEntry.entity_id == group_id))).scalar_one()
    counts["outbox"] = (await db.execute(select(func.count()).select_from(OutboxEvent)
                                         .where(OutboxEvent.subject_id == group_id))).scalar_one()
    return counts


async def _setup(db, client, *, village: bool = True) -> tuple[Any, dict[str, str], dict[str, str], str]:  # type: ignore[no-untyped-def]
    org = await make_organisation(db)
    v = await make_village(db, org, number=3, name_th="บ้านหนองบัว") if village else None
    officer = await signed_in(db, client, org, "officer")
    executive = await signed_in(db, client, org, "executive")
    r = await client.post(API, json={"name": "กลุ่มแม่บ้าน (ชื่อชั่วคราว)", "kind": "housewives",
                                     "village_id": str(v.id) if v else None}, headers=officer)
    assert r.status_code == 201, r.text
    assert r.json()["state"] == "proposed"
    assert r.headers["ETag"] == '"1"'
    return org, officer, executive, r.json()["id"]


async def test_formation_walks_all_ten_steps_end_to_end(db, client):
    org, officer, executive, gid = await _setup(db, client)

    view: dict[str, Any] = {}
    for i, (name, target) in enumerate(MAIN_PATH):
        headers = executive if name == "acknowledge_report" else officer
        # Before the step, the view offers it as an open action with its evidence schema.
        before = (await client.get(f"{API}/{gid}/workflow", headers=headers)).json()
        action = next(a for a in before["actions"] if a["transition"] == name)
        assert action["allowed"] is True, action
        r = await api_fire(client, headers, gid, name)
        assert r.status_code == 200, (name, r.text)
        view = r.json()
        assert view["state"] == target
        assert len(view["history"]) == i + 1
        assert view["history"][-1]["transition"] == name

    assert view["state"] == "active" and view["state_label_th"] == "จัดตั้งเสร็จ ดำเนินงานอยู่"
    assert [s["status"] for s in view["steps"]] == ["done"] * 10
    assert view["steps"][1]["evidence"]["place"] == "ศาลาประชาคมบ้านหนองบัว หมู่ที่ 3"
    assert view["steps"][9]["evidence"]["acknowledged_on"] == "2026-04-05"
    assert view["history"][-1]["actor_name"] == "ผู้ใช้ ทดสอบ"
    assert [a["transition"] for a in view["actions"]] == ["dissolve"]

    group = (await client.get(f"{API}/{gid}", headers=officer)).json()
    assert group["name"] == "กลุ่มแม่บ้านทอผ้าบ้านหนองบัว"  # from step 3's evidence
    assert group["founded_on"] == "2026-02-01" and group["formed_on"] == "2026-04-05"
    assert group["fund_balance"] == "350.50"

    # What the steps recorded, as the domain's own records.
    members = (await client.get(f"{API}/{gid}/members", headers=officer)).json()
    assert members["total"] == 7
    terms = (await client.get(f"{API}/{gid}/committee-terms", params={"current": True}, headers=officer)).json()
    assert sorted(t["position"] for t in terms["items"]) == ["chair", "secretary", "treasurer"]
    assert {t["ends_on"] for t in terms["items"]} == {"2028-02-14"}
    ledger = (await client.get(f"{API}/{gid}/ledger", headers=officer)).json()
    assert ledger["balance"] == "350.50"
    assert [(e["seq"], e["amount"], e["balance_after"]) for e in ledger["items"]] == [
        (1, "100.00", "100.00"), (2, "250.50", "350.50")]
    accounts = (await client.get(f"{API}/{gid}/bank-accounts", headers=officer)).json()
    assert len(accounts) == 1 and accounts[0]["account_number"] == "0201234567"
    chair_treasurer = {t["member_id"] for t in terms["items"] if t["position"] in ("chair", "treasurer")}
    assert set(accounts[0]["signatory_member_ids"]) == chair_treasurer
    visits = (await client.get(f"{API}/{gid}/evaluations", headers=officer)).json()
    assert visits["total"] == 1 and visits["items"][0]["score"] == 4

    # The engine wrote each move to the audit log and the outbox, in the same transaction.
    actions = set((await db.execute(select(AuditEntry.action).where(AuditEntry.entity_id == gid))).scalars())
    assert {f"group_formation.{n}" for n, _ in MAIN_PATH} <= actions
    member_ids = [m["id"] for m in members["items"]]
    member_audit = (await db.execute(select(AuditEntry.action).where(AuditEntry.entity_id.in_(member_ids)))).scalars()
    assert list(member_audit) == ["group_formation.open_membership"] * 7
    topics = list((await db.execute(select(OutboxEvent.topic).where(OutboxEvent.subject_id == gid)
                                    .order_by(OutboxEvent.seq))).scalars())
    assert topics == ["group.formation_started"] + ["group.step_completed"] * 10 + ["group.formed"]
    payload = (await db.execute(select(OutboxEvent.payload).where(OutboxEvent.subject_id == gid)
                                .order_by(OutboxEvent.seq).offset(1).limit(1))).scalar_one()
    assert payload["transition"] == "spread_idea" and payload["to"] == "idea_spread"


async def test_the_view_shows_done_current_and_locked_steps(db, client):
    _, officer, executive, gid = await _setup(db, client)
    await api_walk(client, officer, executive, gid, S.founded)
    view = (await client.get(f"{API}/{gid}/workflow", headers=officer)).json()
    assert [s["status"] for s in view["steps"]] == ["done"] * 3 + ["current"] + ["locked"] * 6
    assert view["steps"][0]["evidence"]["people_reached"] == 120
    assert view["steps"][3]["evidence"] is None
    open_membership = next(a for a in view["actions"] if a["transition"] == "open_membership")
    assert open_membership["evidence_schema"]["required"] == ["members"]


async def test_a_step_out_of_order_is_refused_and_nothing_is_written(db, client):
    _, officer, _, gid = await _setup(db, client)
    before = await _written(db, gid)
    ev, _ = evidence("found_group")
    r = await api_fire(client, officer, gid, "found_group", ev)
    assert r.status_code == 409
    assert r.json()["code"] == "workflow.wrong_state"
    assert await _written(db, gid) == before
    assert (await client.get(f"{API}/{gid}", headers=officer)).json()["name"] == "กลุ่มแม่บ้าน (ชื่อชั่วคราว)"


async def test_a_step_with_missing_evidence_is_refused(db, client):
    _, officer, executive, gid = await _setup(db, client)
    await api_walk(client, officer, executive, gid, S.idea_spread)
    before = await _written(db, gid)
    ev, _ = evidence("hold_forum")
    del ev["minutes"]
    r = await api_fire(client, officer, gid, "hold_forum", ev)
    assert r.status_code == 422
    assert "evidence.minutes" in {e["field"] for e in r.json()["errors"]}
    ev, _ = evidence("hold_forum")
    r = await api_fire(client, officer, gid, "hold_forum", {**ev, "attendees": []})
    assert r.status_code == 422
    assert "evidence.attendees" in {e["field"] for e in r.json()["errors"]}
    assert await _written(db, gid) == before


async def test_too_few_members_for_the_kind(db, client):
    _, officer, executive, gid = await _setup(db, client)
    await api_walk(client, officer, executive, gid, S.founded)
    kinds = {k["kind"]: k for k in (await client.get(f"{API}/kinds", headers=officer)).json()}
    assert kinds["housewives"]["min_members"] == 7 and kinds["housewives"]["label_th"] == "กลุ่มแม่บ้าน"
    before = await _written(db, gid)
    few = {"members": [{"full_name": f"สมาชิก {i}", "joined_on": "2026-02-01"} for i in range(1, 7)]}
    r = await api_fire(client, officer, gid, "open_membership", few)
    assert r.status_code == 409 and r.json()["code"] == "groups.too_few_members"
    assert await _written(db, gid) == before


async def test_a_committee_member_who_is_not_a_member(db, client):
    _, officer, executive, gid = await _setup(db, client)
    await api_walk(client, officer, executive, gid, S.membership_opened)
    # A member of another group is not a member of this one.
    other = (await client.post(API, json={"name": "กลุ่มอื่น", "kind": "network"}, headers=officer)).json()["id"]
    await api_walk(client, officer, executive, other, S.membership_opened)
    outsider = (await api_member_ids(client, officer, other))[0]
    mine = await api_member_ids(client, officer, gid)
    before = await _written(db, gid)
    for stranger in (outsider, str(uuid.uuid4())):
        ev, _ = evidence("select_committee", [mine[0], stranger, mine[2]])
        r = await api_fire(client, officer, gid, "select_committee", ev)
        assert r.status_code == 409 and r.json()["code"] == "groups.committee_not_member", r.text
    # A member who has left is not a member either.
    r = await client.post(f"{API}/{gid}/members/{mine[1]}/leave", json={"left_on": "2026-02-05", "reason": "ย้ายออก"},
                          headers=officer)
    assert r.status_code == 200
    before = await _written(db, gid)
    ev, _ = evidence("select_committee", mine)
    r = await api_fire(client, officer, gid, "select_committee", ev)
    assert r.status_code == 409 and r.json()["code"] == "groups.committee_not_member"
    assert await _written(db, gid) == before
    assert (await client.get(f"{API}/{gid}", headers=officer)).json()["state"] == "membership_opened"


async def test_committee_evidence_is_checked_for_its_seats(db, client):
    _, officer, executive, gid = await _setup(db, client)
    await api_walk(client, officer, executive, gid, S.membership_opened)
    m = await api_member_ids(client, officer, gid)
    base = {"selected_on": "2026-02-10", "term_start": "2026-02-15", "term_end": "2028-02-14"}
    for seats in (
        [{"position": "chair", "member_id": m[0]}, {"position": "chair", "member_id": m[1]},
         {"position": "treasurer", "member_id": m[2]}],                                     # two chairs
        [{"position": "chair", "member_id": m[0]}, {"position": "secretary", "member_id": m[1]}],  # no treasurer
        [{"position": "chair", "member_id": m[0]}, {"position": "treasurer", "member_id": m[0]}],  # one person twice
    ):
        r = await api_fire(client, officer, gid, "select_committee", {**base, "seats": seats})
        assert r.status_code == 422, r.text
    assert await _count(db, CommitteeTerm, gid) == 0


async def test_a_bank_signatory_who_is_not_on_the_committee(db, client):
    _, officer, executive, gid = await _setup(db, client)
    await api_walk(client, officer, executive, gid, S.fund_raised)
    m = await api_member_ids(client, officer, gid)  # m[0..2] sit on the committee, m[3..] do not
    before = await _written(db, gid)
    ev, _ = evidence("open_bank_account", m)
    r = await api_fire(client, officer, gid, "open_bank_account", {**ev, "signatory_member_ids": [m[0], m[5]]})
    assert r.status_code == 409 and r.json()["code"] == "groups.signatory_not_committee"
    assert await _written(db, gid) == before
    r = await api_fire(client, officer, gid, "open_bank_account", {**ev, "signatory_member_ids": [m[0]]})
    assert r.status_code == 422  # one signature alone is not enough
    r = await api_fire(client, officer, gid, "open_bank_account", {**ev, "signatory_member_ids": [m[0], m[2]]})
    assert r.status_code == 200, r.text


async def test_a_user_without_the_permission(db, client):
    org, officer, executive, gid = await _setup(db, client)
    viewer = await signed_in(db, client, org, "viewer")
    before = await _written(db, gid)
    ev, _ = evidence("spread_idea")
    r = await api_fire(client, viewer, gid, "spread_idea", ev)
    assert r.status_code == 403 and r.json()["code"] == "workflow.permission"
    r = await client.post(API, json={"name": "x", "kind": "youth"}, headers=viewer)
    assert r.status_code == 403 and r.json()["code"] == "forbidden.permission"
    assert await _written(db, gid) == before
    # The view tells the viewer why the button is closed.
    view = (await client.get(f"{API}/{gid}/workflow", headers=viewer)).json()
    spread = next(a for a in view["actions"] if a["transition"] == "spread_idea")
    assert spread["allowed"] is False and spread["reason_code"] == "workflow.permission"

    # Only an executive acknowledges the report; an officer cannot.
    await api_walk(client, officer, executive, gid, S.reported)
    before = await _written(db, gid)
    ev, _ = evidence("acknowledge_report")
    r = await api_fire(client, officer, gid, "acknowledge_report", ev)
    assert r.status_code == 403 and r.json()["code"] == "workflow.permission"
    # ... and an executive does not run the officer's records.
    r = await client.post(f"{API}/{gid}/members", json={"full_name": "นายใหม่", "joined_on": "2026-04-02"},
                          headers=executive)
    assert r.status_code == 403 and r.json()["code"] == "forbidden.permission"
    assert await _written(db, gid) == before


async def test_the_committee_resigns_before_the_rules_are_adopted(db, client):
    _, officer, executive, gid = await _setup(db, client)
    await api_walk(client, officer, executive, gid, S.committee_selected)
    before = await _written(db, gid)
    ev, _ = evidence("committee_resigns")
    r = await api_fire(client, officer, gid, "committee_resigns", ev, note=None)
    assert r.status_code == 422 and r.json()["code"] == "workflow.note_required"
    r = await api_fire(client, officer, gid, "committee_resigns", ev, note="   ")
    assert r.status_code == 422 and r.json()["code"] == "workflow.note_required"
    assert await _written(db, gid) == before

    r = await api_fire(client, officer, gid, "committee_resigns")
    assert r.status_code == 200, r.text
    view = r.json()
    assert view["state"] == "membership_opened"
    assert view["history"][-1]["note"] == "คณะกรรมการลาออกทั้งคณะก่อนรับรองระเบียบ"
    assert [s["status"] for s in view["steps"][3:6]] == ["done", "current", "locked"]
    terms = (await client.get(f"{API}/{gid}/committee-terms", headers=officer)).json()["items"]
    assert {(t["ended_on"], t["end_reason"], t["current"]) for t in terms} == {("2026-02-25", "resigned", False)}

    # A new committee is chosen; the old terms stay as history; the earlier moves are untouched.
    r = await api_fire(client, officer, gid, "select_committee")
    assert r.status_code == 200
    assert [h["transition"] for h in r.json()["history"]] == [
        "spread_idea", "hold_forum", "found_group", "open_membership", "select_committee", "committee_resigns",
        "select_committee"]
    terms = (await client.get(f"{API}/{gid}/committee-terms", headers=officer)).json()
    assert terms["total"] == 6
    assert sum(t["current"] for t in terms["items"]) == 3


async def test_an_executive_sends_the_report_back(db, client):
    _, officer, executive, gid = await _setup(db, client)
    await api_walk(client, officer, executive, gid, S.reported)
    r = await api_fire(client, executive, gid, "return_report", {}, note="ขอให้แนบภาพถ่ายกิจกรรม")
    assert r.status_code == 200 and r.json()["state"] == "evaluated"
    assert r.json()["steps"][9]["status"] == "current"
    await api_walk(client, officer, executive, gid, S.active)


async def test_a_withdrawal_that_would_make_the_fund_negative(db, client):
    _, officer, executive, gid = await _setup(db, client)
    # The ledger opens with step 7; before it there is no fund to book into.
    await api_walk(client, officer, executive, gid, S.rules_adopted)
    entry = {"kind": "contribution", "amount": "50.00", "entry_date": "2026-03-02", "description": "ค่าหุ้น"}
    r = await client.post(f"{API}/{gid}/ledger", json=entry, headers=officer)
    assert r.status_code == 409 and r.json()["code"] == "groups.step_not_reached"

    await api_walk(client, officer, executive, gid, S.fund_raised)
    before = await _written(db, gid)
    version = (await client.get(f"{API}/{gid}", headers=officer)).json()["version"]
    r = await client.post(f"{API}/{gid}/ledger", headers=officer, json={
        "kind": "withdrawal", "amount": "350.51", "entry_date": "2026-03-06", "description": "ซื้อเส้นไหม"})
    assert r.status_code == 409 and r.json()["code"] == "groups.fund_negative"
    assert r.json()["balance"] == "350.50"
    assert await _written(db, gid) == before
    group = (await client.get(f"{API}/{gid}", headers=officer)).json()
    assert group["fund_balance"] == "350.50" and group["version"] == version

    r = await client.post(f"{API}/{gid}/ledger", headers=officer, json={
        "kind": "withdrawal", "amount": "350.50", "entry_date": "2026-03-06", "description": "ซื้อเส้นไหม"})
    assert r.status_code == 201 and r.json()["balance_after"] == "0.00"
    for bad in ("0", "-5.00", "1.001", "abc"):
        r = await client.post(f"{API}/{gid}/ledger", headers=officer, json={**entry, "amount": bad})
        assert r.status_code == 422, bad
    assert (await client.get(f"{API}/{gid}/ledger", headers=officer)).json()["balance"] == "0.00"


async def test_a_group_is_dissolved_only_with_an_empty_fund(db, client):
    _, officer, executive, gid = await _setup(db, client)
    await api_walk(client, officer, executive, gid, S.active)
    before = await _written(db, gid)
    r = await api_fire(client, officer, gid, "dissolve")
    assert r.status_code == 409 and r.json()["code"] == "groups.fund_not_empty"
    assert await _written(db, gid) == before
    view = (await client.get(f"{API}/{gid}/workflow", headers=officer)).json()
    assert next(a for a in view["actions"] if a["transition"] == "dissolve")["reason_code"] == "groups.fund_not_empty"

    r = await client.post(f"{API}/{gid}/ledger", headers=officer, json={
        "kind": "withdrawal", "amount": "350.50", "entry_date": "2027-01-30",
        "description": "คืนเงินสมาชิกตามมติยุบเลิก"})
    assert r.status_code == 201
    r = await api_fire(client, officer, gid, "dissolve")
    assert r.status_code == 200 and r.json()["state"] == "dissolved" and r.json()["terminal"] is True
    assert r.json()["actions"] == []
    members = (await client.get(f"{API}/{gid}/members", params={"active": True}, headers=officer)).json()
    assert members["total"] == 0
    terms = (await client.get(f"{API}/{gid}/committee-terms", params={"current": True}, headers=officer)).json()
    assert terms["total"] == 0
    assert (await client.get(f"{API}/{gid}/bank-accounts", headers=officer)).json()[0]["closed_on"] == "2027-01-31"
    r = await client.post(f"{API}/{gid}/members", json={"full_name": "นายใหม่", "joined_on": "2027-02-01"},
                          headers=officer)
    assert r.status_code == 409 and r.json()["code"] == "groups.dissolved"
    topics = list((await db.execute(select(OutboxEvent.topic).where(OutboxEvent.subject_id == gid))).scalars())
    assert "group.dissolved" in topics
