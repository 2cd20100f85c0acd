"""The community plan's four stages through the API: the whole walk, every guard firing with
its reason code and nothing half-written, permissions, going back, and every
(from-state, transition) pair."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from chumchon.core.audit import AuditEntry
from chumchon.core.workflow import WorkflowEntry
from chumchon.plans.workflow import PLAN_PROCESS
from tests.factories import make_client, make_organisation, make_village, signed_in
from tests.plans.factories import make_complete_plan
from tests.plans.helpers import API, EVIDENCE, assert_problem, fire, plan_url, snapshot

PROMOTER = {"team": "promoting", "full_name": "นางสาวพัฒนา ชุมชน", "role_th": "นักพัฒนาชุมชน",
            "affiliation_th": "กองสวัสดิการสังคม เทศบาลตำบล"}
DRIVER = {"team": "driving", "full_name": "นายสมชาย ใจดี", "role_th": "ประธาน", "phone": "081-234-5678"}
PROFILE = {"population": 842, "households": 231,
           "occupations": [{"name_th": "ทำนา", "households": 150}, {"name_th": "รับจ้างทั่วไป"}],
           "resources": [{"name_th": "หนองน้ำสาธารณะ"}],
           "potentials": [{"title_th": "กลุ่มทอผ้าไหมที่เข้มแข็ง"}],
           "data_sources": [{"kind": "jpt", "title_th": "ข้อมูล จปฐ. ปี 2568", "year_be": 2568},
                            {"kind": "kchch_2k", "title_th": "ข้อมูล กชช. 2ค ปี 2567", "year_be": 2567}]}
FORUM = {"held_on": "2025-11-15", "place_th": "ศาลาประชาคมหมู่ที่ 3", "attendance": 87,
         "minutes_th": "ที่ประชุมร่วมกันวิเคราะห์ปัญหาและความต้องการของหมู่บ้าน"}


async def _refused(db, org, response_coro, status: int, code: str) -> dict:
    """The request is refused with `code`, and nothing of it reached the database."""
    before = await snapshot(db, org)
    r = await response_coro
    body = assert_problem(r, status, code)
    assert await snapshot(db, org) == before, f"{code}: the refused request wrote something"
    return body


async def _actions(client, headers, plan_id) -> dict[str, dict]:
    r = await client.get(plan_url(plan_id, "/workflow"), headers=headers)
    assert r.status_code == 200, r.text
    return {a["transition"]: a for a in r.json()["actions"]}


async def test_a_plan_walks_all_four_stages_and_every_guard_fires_on_the_way(db, client):
    org = await make_organisation(db)
    village = await make_village(db, org, number=3, name_th="บ้านหนองบัว")
    headers = await signed_in(db, client, org, "officer")

    r = await client.post(f"{API}/plans", headers=headers, json={
        "village_id": str(village.id), "title_th": "แผนชุมชนบ้านหนองบัว หมู่ที่ 3",
        "fiscal_year_start_be": 2569, "fiscal_year_end_be": 2570})
    assert r.status_code == 201, r.text
    plan = r.json()
    pid = plan["id"]
    assert plan["state"] == "preparing"
    assert plan["period_label_th"] == "ปีงบประมาณ พ.ศ. 2569–2570"
    assert (plan["starts_on"], plan["ends_on"]) == ("2025-10-01", "2027-09-30")
    assert plan["area_label_th"] == "หมู่ที่ 3 บ้านหนองบัว"

    # --- stages 1–2: teams and profile ----------------------------------------------------------
    actions = await _actions(client, headers, pid)
    assert actions["gather_data"]["allowed"] is False
    assert actions["gather_data"]["reason_code"] == "plans.promoting_team_missing"

    # A stage out of order: no forum while the plan is still being prepared.
    await _refused(db, org, client.post(plan_url(pid, "/forums"), json=FORUM, headers=headers),
                   409, "plans.wrong_stage")
    # …and no jumping ahead through the workflow either.
    await _refused(db, org, fire(client, headers, pid, "make_plan"), 409, "workflow.wrong_state")

    # Closing stage 1 without both teams.
    await _refused(db, org, fire(client, headers, pid, "gather_data"), 409, "plans.promoting_team_missing")
    r = await client.post(plan_url(pid, "/team-members"), json=PROMOTER, headers=headers)
    assert r.status_code == 201, r.text
    assert r.json()["team_label_th"] == "ทีมส่งเสริมสนับสนุนการจัดทำแผนชุมชน"
    await _refused(db, org, fire(client, headers, pid, "gather_data"), 409, "plans.driving_team_missing")
    r = await client.post(plan_url(pid, "/team-members"), json=DRIVER, headers=headers)
    assert r.status_code == 201, r.text
    driver = r.json()

    # Closing stage 2 without the profile, then with one that lacks occupations and potential.
    await _refused(db, org, fire(client, headers, pid, "gather_data"), 409, "plans.profile_missing")
    r = await client.put(plan_url(pid, "/profile"), headers=headers,
                         json={"population": 842, "households": 231})
    assert r.status_code == 201, r.text
    assert r.headers["ETag"] == '"1"'
    await _refused(db, org, fire(client, headers, pid, "gather_data"), 409, "plans.profile_incomplete")
    # Replacing a profile needs the ETag it was edited from.
    await _refused(db, org, client.put(plan_url(pid, "/profile"), json=PROFILE, headers=headers),
                   428, "precondition.required")
    r = await client.put(plan_url(pid, "/profile"), json=PROFILE, headers={**headers, "If-Match": '"1"'})
    assert r.status_code == 200, r.text
    assert r.json()["data_sources"][0]["title_th"] == "ข้อมูล จปฐ. ปี 2568"

    # The evidence of the step is checked before anything moves.
    body = await _refused(db, org, fire(client, headers, pid, "gather_data", {"evidence": {}}),
                          422, "validation_failed")
    assert {e["field"] for e in body["errors"]} >= {"evidence.preparation_meeting_on"}
    assert (await _actions(client, headers, pid))["gather_data"]["allowed"] is True
    r = await fire(client, headers, pid, "gather_data")
    assert r.status_code == 200, r.text
    assert r.json()["state"] == "data_gathered"

    # Stage 1 is closed: its records are read-only until the plan goes back.
    await _refused(db, org, client.post(plan_url(pid, "/team-members"), json=PROMOTER, headers=headers),
                   409, "plans.wrong_stage")
    await _refused(db, org, client.patch(plan_url(pid, f"/team-members/{driver['id']}"), json={"role_th": "รองประธาน"},
                                         headers={**headers, "If-Match": '"1"'}), 409, "plans.wrong_stage")

    # --- stage 3: forums, problems, ranking, options --------------------------------------------
    await _refused(db, org, fire(client, headers, pid, "make_plan"), 409, "plans.forum_missing")
    r = await client.post(plan_url(pid, "/forums"), json=FORUM, headers=headers)
    assert r.status_code == 201, r.text
    forum1 = r.json()
    await _refused(db, org, fire(client, headers, pid, "make_plan"), 409, "plans.problem_missing")
    problems = []
    for kind, title in (("problem", "น้ำไม่พอใช้ในการเกษตรหน้าแล้ง"), ("need", "ต้องการฝึกอาชีพเสริม")):
        r = await client.post(plan_url(pid, f"/forums/{forum1['id']}/problems"), headers=headers,
                              json={"kind": kind, "title_th": title})
        assert r.status_code == 201, r.text
        problems.append(r.json())
    r = await client.post(plan_url(pid, "/forums"), headers=headers,
                          json={**FORUM, "held_on": "2025-11-22", "attendance": 41})
    forum2 = r.json()
    r = await client.post(plan_url(pid, f"/forums/{forum2['id']}/problems"), headers=headers,
                          json={"kind": "problem", "title_th": "ถนนเข้าหมู่บ้านชำรุด"})
    road = r.json()

    await _refused(db, org, fire(client, headers, pid, "make_plan"), 409, "plans.problem_unranked")
    # Ranking at forum 1 with votes for a problem raised at forum 2.
    body = await _refused(db, org, client.put(
        plan_url(pid, f"/forums/{forum1['id']}/rankings"), headers={**headers, "If-Match": '"1"'},
        json={"method": "votes", "entries": [{"problem_id": problems[0]["id"], "value": 50},
                                             {"problem_id": road["id"], "value": 30}]}),
        422, "plans.problem_not_at_forum")
    assert body["errors"] == [{"field": "entries.1.problem_id", "code": "plans.problem_not_at_forum",
                               "message": "ปัญหานี้ไม่ได้ถูกเสนอในเวทีประชาคมนี้"}]
    r = await client.get(plan_url(pid, f"/forums/{forum1['id']}/rankings"), headers=headers)
    assert r.json()["entries"] == [] and r.json()["method"] is None

    r = await client.put(plan_url(pid, f"/forums/{forum1['id']}/rankings"), headers={**headers, "If-Match": '"1"'},
                         json={"method": "votes", "entries": [{"problem_id": problems[0]["id"], "value": 50},
                                                              {"problem_id": problems[1]["id"], "value": 37}]})
    assert r.status_code == 200, r.text
    assert [(e["title_th"], e["rank"]) for e in r.json()["entries"]] == [
        ("น้ำไม่พอใช้ในการเกษตรหน้าแล้ง", 1), ("ต้องการฝึกอาชีพเสริม", 2)]
    await _refused(db, org, fire(client, headers, pid, "make_plan"), 409, "plans.problem_unranked")
    r = await client.put(plan_url(pid, f"/forums/{forum2['id']}/rankings"), headers={**headers, "If-Match": '"1"'},
                         json={"method": "scores", "entries": [{"problem_id": road["id"], "value": 8}]})
    assert r.status_code == 200, r.text

    await _refused(db, org, fire(client, headers, pid, "make_plan"), 409, "plans.problem_without_option")
    options = {}
    for problem, title, budget in ((problems[0], "ขุดลอกหนองน้ำสาธารณะ", "250000.00"),
                                   (problems[1], "อบรมการแปรรูปผ้าไหม", "30000.50"),
                                   (road, "ซ่อมถนนลูกรัง", None)):
        r = await client.post(plan_url(pid, f"/problems/{problem['id']}/options"), headers=headers,
                              json={"title_th": title, "budget_estimate": budget})
        assert r.status_code == 201, r.text
        options[problem["id"]] = r.json()
    assert options[problems[1]["id"]]["budget_estimate"] == "30000.50"

    # Items belong to stage 4: not yet.
    await _refused(db, org, client.post(plan_url(pid, "/items"), headers=headers,
                                        json={"problem_id": road["id"], "title_th": "ซ่อมถนน"}),
                   409, "plans.wrong_stage")
    r = await fire(client, headers, pid, "make_plan")
    assert r.status_code == 200, r.text
    assert r.json()["state"] == "plan_made"
    await _refused(db, org, client.post(plan_url(pid, "/forums"), json=FORUM, headers=headers),
                   409, "plans.wrong_stage")

    # --- stage 4: items and their routes --------------------------------------------------------
    await _refused(db, org, fire(client, headers, pid, "propose"), 409, "plans.item_missing")
    r = await client.post(plan_url(pid, "/items"), headers=headers, json={
        "problem_id": problems[0]["id"], "option_id": options[problems[0]["id"]]["id"],
        "title_th": "ขุดลอกหนองน้ำสาธารณะ หมู่ที่ 3", "budget_estimate": "250000.00",
        "route": "local_government"})
    assert r.status_code == 201, r.text
    pond = r.json()
    assert pond["project_id"] is None  # ready for a draft project later
    assert pond["route_label_th"] == "ขอสนับสนุนจากองค์กรปกครองส่วนท้องถิ่น"
    r = await client.post(plan_url(pid, "/items"), headers=headers,
                          json={"problem_id": road["id"], "title_th": "ซ่อมถนนลูกรังด้วยแรงงานชุมชน"})
    assert r.status_code == 201, r.text
    unrouted = r.json()
    assert unrouted["route"] is None

    # Routing to another agency without naming it.
    await _refused(db, org, client.post(plan_url(pid, "/items"), headers=headers, json={
        "problem_id": problems[1]["id"], "title_th": "อบรมการแปรรูปผ้าไหม", "route": "other_agency"}),
        422, "plans.agency_required")
    await _refused(db, org, client.post(plan_url(pid, "/items"), headers=headers, json={
        "problem_id": problems[1]["id"], "title_th": "อบรมการแปรรูปผ้าไหม", "route": "other_agency",
        "agency_name": "   "}), 422, "plans.agency_required")
    r = await client.post(plan_url(pid, "/items"), headers=headers, json={
        "problem_id": problems[1]["id"], "title_th": "อบรมการแปรรูปผ้าไหม", "route": "other_agency",
        "agency_name": "สำนักงานพัฒนาชุมชนอำเภอ"})
    assert r.status_code == 201, r.text
    training = r.json()

    # Proposing with an item that has no route.
    await _refused(db, org, fire(client, headers, pid, "propose"), 409, "plans.item_without_route")
    await _refused(db, org, client.patch(plan_url(pid, f"/items/{unrouted['id']}"), json={"route": "other_agency"},
                                         headers={**headers, "If-Match": '"1"'}), 422, "plans.agency_required")
    r = await client.patch(plan_url(pid, f"/items/{unrouted['id']}"), json={"route": "community"},
                           headers={**headers, "If-Match": '"1"'})
    assert r.status_code == 200, r.text
    assert r.headers["ETag"] == '"2"'
    # Outcomes come after proposing.
    await _refused(db, org, client.post(plan_url(pid, f"/items/{pond['id']}/outcome"), headers={
        **headers, "If-Match": '"1"'}, json={"outcome": "accepted", "decided_on": "2026-02-01"}),
        409, "plans.wrong_stage")
    r = await fire(client, headers, pid, "propose")
    assert r.status_code == 200, r.text
    assert r.json()["state"] == "proposed"

    # --- following the items to their outcomes --------------------------------------------------
    await _refused(db, org, client.patch(plan_url(pid, f"/items/{pond['id']}"), json={"route": "community"},
                                         headers={**headers, "If-Match": '"1"'}), 409, "plans.wrong_stage")
    r = await client.post(plan_url(pid, f"/items/{pond['id']}/outcome"), headers={**headers, "If-Match": '"1"'},
                          json={"outcome": "accepted", "decided_on": "2026-02-01",
                                "note": "บรรจุในแผนพัฒนาท้องถิ่น"})
    assert r.status_code == 200, r.text
    assert r.json()["outcome_label_th"] == "ได้รับการตอบรับ"
    r = await client.post(plan_url(pid, f"/items/{pond['id']}/outcome"), headers={**headers, "If-Match": '"2"'},
                          json={"outcome": "done", "decided_on": "2026-06-30"})
    assert r.status_code == 200, r.text
    # Done is final.
    await _refused(db, org, client.post(plan_url(pid, f"/items/{pond['id']}/outcome"), headers={
        **headers, "If-Match": '"3"'}, json={"outcome": "declined", "decided_on": "2026-07-01"}),
        409, "plans.outcome_not_allowed")
    r = await client.post(plan_url(pid, f"/items/{training['id']}/outcome"), headers={**headers, "If-Match": '"1"'},
                          json={"outcome": "declined", "decided_on": "2026-03-01"})
    assert r.status_code == 200, r.text

    await _refused(db, org, fire(client, headers, pid, "close"), 409, "plans.item_outcome_pending")
    r = await client.get(plan_url(pid, "/progress"), headers=headers)
    assert r.status_code == 200, r.text
    progress = r.json()
    assert progress["items"] == 3
    by_route = {p["route"]: {o["outcome"]: o["count"] for o in p["outcomes"]} for p in progress["by_route"]}
    assert by_route["local_government"] == {None: 0, "accepted": 0, "done": 1, "declined": 0}
    assert by_route["other_agency"] == {None: 0, "accepted": 0, "done": 0, "declined": 1}
    assert by_route["community"] == {None: 1, "accepted": 0, "done": 0, "declined": 0}
    assert {o["outcome"]: o["count"] for o in progress["by_outcome"]} == {
        None: 1, "accepted": 0, "done": 1, "declined": 1}

    r = await client.post(plan_url(pid, f"/items/{unrouted['id']}/outcome"), headers={**headers, "If-Match": '"2"'},
                          json={"outcome": "done", "decided_on": "2026-04-10"})
    assert r.status_code == 200, r.text
    r = await fire(client, headers, pid, "close")
    assert r.status_code == 200, r.text
    view = r.json()
    assert view["state"] == "closed" and view["terminal"] is True
    assert [s["status"] for s in view["steps"]] == ["done"] * 4
    assert [h["transition"] for h in view["history"]] == ["gather_data", "make_plan", "propose", "close"]
    assert view["history"][0]["evidence"] == {"preparation_meeting_on": "2025-10-20", "preparation_attendance": 24}
    assert view["steps"][1]["evidence"] == {"adopted_on": "2025-12-05"}
    # A closed plan takes no more changes, not even to its title.
    await _refused(db, org, client.patch(plan_url(pid), json={"title_th": "ใหม่"},
                                         headers={**headers, "If-Match": f'"{view["version"]}"'}),
                   409, "plans.wrong_stage")

    # Every move is in the audit log under its business action.
    actions = set((await db.execute(select(AuditEntry.action).where(AuditEntry.entity_id == pid))).scalars())
    assert {"plans.create", "community_plan.gather_data", "community_plan.make_plan", "community_plan.propose",
            "community_plan.close"} <= actions


async def test_going_back_needs_a_reason_and_reopens_the_stage(db, client):
    org = await make_organisation(db)
    plan = await make_complete_plan(db, org, state="data_gathered")
    headers = await signed_in(db, client, org, "officer")
    pid = plan.id

    await _refused(db, org, fire(client, headers, pid, "back_to_preparing", {}), 422, "workflow.note_required")
    await _refused(db, org, fire(client, headers, pid, "back_to_preparing", {"note": "   "}),
                   422, "workflow.note_required")
    r = await fire(client, headers, pid, "back_to_preparing")
    assert r.status_code == 200, r.text
    view = r.json()
    assert view["state"] == "preparing"
    assert view["history"][-1]["note"] == EVIDENCE["back_to_preparing"]["note"]
    assert view["history"][-1]["from_state"] == "data_gathered"

    # Stage 1 is open again.
    r = await client.post(plan_url(pid, "/team-members"), headers=headers,
                          json={**DRIVER, "full_name": "นายประธาน คนใหม่"})
    assert r.status_code == 201, r.text
    r = await fire(client, headers, pid, "gather_data")
    assert r.status_code == 200, r.text
    assert [h["transition"] for h in r.json()["history"]] == ["back_to_preparing", "gather_data"]


async def test_a_member_who_left_no_longer_counts_for_the_team(db, client):
    org = await make_organisation(db)
    plan = await make_complete_plan(db, org)
    headers = await signed_in(db, client, org, "officer")
    r = await client.get(plan_url(plan.id, "/team-members"), params={"team": "driving"}, headers=headers)
    (driver,) = r.json()["items"]

    r = await client.patch(plan_url(plan.id, f"/team-members/{driver['id']}"), json={"is_active": False},
                           headers={**headers, "If-Match": f'"{driver["version"]}"'})
    assert r.status_code == 200, r.text
    await _refused(db, org, fire(client, headers, plan.id, "gather_data"), 409, "plans.driving_team_missing")
    r = await client.get(plan_url(plan.id, "/team-members"), params={"active": False}, headers=headers)
    assert [m["full_name"] for m in r.json()["items"]] == [driver["full_name"]]


# --- permissions ---------------------------------------------------------------------------------


async def test_without_plans_write_nothing_is_recorded_or_moved(db, client):
    org = await make_organisation(db)
    plan = await make_complete_plan(db, org)
    for role in ("viewer", "executive"):
        headers = await signed_in(db, client, org, role)
        r = await client.get(plan_url(plan.id), headers=headers)
        assert r.status_code == 200, r.text  # reading is allowed

        await _refused(db, org, client.post(f"{API}/plans", headers=headers, json={
            "title_th": "แผนใหม่", "fiscal_year_start_be": 2571, "fiscal_year_end_be": 2572}),
            403, "forbidden.permission")
        await _refused(db, org, client.post(plan_url(plan.id, "/team-members"), json=PROMOTER, headers=headers),
                       403, "forbidden.permission")
        await _refused(db, org, client.put(plan_url(plan.id, "/profile"), json=PROFILE,
                                           headers={**headers, "If-Match": '"1"'}), 403, "forbidden.permission")
        await _refused(db, org, client.patch(plan_url(plan.id), json={"title_th": "ใหม่"},
                                             headers={**headers, "If-Match": '"1"'}), 403, "forbidden.permission")
        body = await _refused(db, org, fire(client, headers, plan.id, "gather_data"), 403, "workflow.permission")
        assert body["permission"] == "plans:write"
        actions = await _actions(client, headers, plan.id)
        assert actions["gather_data"]["allowed"] is False
        assert actions["gather_data"]["reason_code"] == "workflow.permission"


async def test_a_community_leader_may_work_on_the_plan(db, client):
    org = await make_organisation(db)
    plan = await make_complete_plan(db, org)
    headers = await signed_in(db, client, org, "leader")
    r = await fire(client, headers, plan.id, "gather_data")
    assert r.status_code == 200, r.text


async def test_without_plans_read_the_plan_is_not_shown(db, client):
    org = await make_organisation(db)
    plan = await make_complete_plan(db, org)
    machine, secret = await make_client(db, "disability_cards:read")
    await db.commit()
    r = await client.post(f"{API}/auth/token", data={"grant_type": "client_credentials",
                                                     "client_id": machine.client_id, "client_secret": secret})
    headers = {"Authorization": f"Bearer {r.json()['access_token']}"}

    for url in (f"{API}/plans", plan_url(plan.id), plan_url(plan.id, "/workflow"), plan_url(plan.id, "/progress"),
                plan_url(plan.id, "/team-members"), plan_url(plan.id, "/items")):
        body = assert_problem(await client.get(url, headers=headers), 403, "forbidden.permission")
        assert body["permission"] == "plans:read"
    await _refused(db, org, fire(client, headers, plan.id, "gather_data"), 403, "forbidden.permission")


# --- every (from-state, transition) pair ---------------------------------------------------------

STATES = [s.key for s in PLAN_PROCESS.states]
PAIRS = [(state, t.name) for state in STATES for t in PLAN_PROCESS.transitions]


def test_every_transition_is_tested_with_its_evidence():
    assert {t.name for t in PLAN_PROCESS.transitions} == set(EVIDENCE)
    assert {s.key for s in PLAN_PROCESS.states} == {"preparing", "data_gathered", "plan_made", "proposed", "closed"}
    # The main path goes through the states in rank order, one stage at a time.
    ranks = {s.key: s.rank for s in PLAN_PROCESS.states}
    for t in PLAN_PROCESS.transitions:
        (source,) = t.sources
        assert abs(ranks[t.target] - ranks[source]) == 1, t.name
        assert (ranks[t.target] > ranks[source]) == (t.kind == "forward"), t.name
        assert t.requires_note == (t.kind == "back"), t.name


@pytest.mark.parametrize(("state", "transition"), PAIRS, ids=[f"{s}-{t}" for s, t in PAIRS])
async def test_a_transition_fires_from_its_sources_and_from_nowhere_else(db, client, state, transition):
    org = await make_organisation(db)
    # Every stage's records are there, so only the state can stop the move.
    plan = await make_complete_plan(db, org, state=state)
    headers = await signed_in(db, client, org, "officer")
    t = PLAN_PROCESS.transition(transition)

    if state in t.sources:
        r = await fire(client, headers, plan.id, transition)
        assert r.status_code == 200, r.text
        assert r.json()["state"] == t.target
        entry = (await db.execute(select(WorkflowEntry).where(WorkflowEntry.subject_id == plan.id))).scalar_one()
        assert (entry.from_state, entry.to_state, entry.transition) == (state, t.target, transition)
    else:
        body = await _refused(db, org, fire(client, headers, plan.id, transition), 409, "workflow.wrong_state")
        assert body["state"] == state

