"""A project walked through the HTTP API from its needs survey to its close, the way the
manual runs it (1.13), with every guard firing on the way and nothing half-written."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from chumchon.core.audit import AuditEntry
from chumchon.core.outbox import OutboxEvent
from tests.citizens.factories import make_citizen
from tests.factories import make_organisation, make_village, signed_in
from tests.projects.helpers import API, assert_problem, fire, ok, refused, snapshot, url

SECTIONS: dict[str, Any] = {
    "plan_name": "แผนงานสร้างความเข้มแข็งของชุมชน",
    "rationale": "ประชาชนในพื้นที่ว่างงานหลังฤดูเก็บเกี่ยว และต้องการอาชีพเสริม",
    "objectives": ["เพื่อให้ผู้เข้าอบรมมีทักษะการทำขนมไทย"],
    "target_group": "ประชาชนผู้ว่างงานในเขตเทศบาล", "target_quantity": 25, "target_unit": "คน",
    "target_quality": "ผู้เข้าอบรมนำความรู้ไปใช้ได้",
    "method": [{"description": "ประชุมวางแผน", "period": "ธันวาคม 2568"},
               {"description": "จัดฝึกอบรม 2 วัน", "period": "มกราคม 2569"}],
    "starts_on": "2026-01-05", "ends_on": "2026-03-31",
    "responsible": "กองสวัสดิการสังคม", "supporting_agency": "สำนักงานพัฒนาชุมชนอำเภอจัตุรัส",
}
LINES = [
    {"item": "ค่าวัสดุฝึกอบรม", "quantity": 30, "unit": "ชุด", "unit_cost": "200.00"},
    {"item": "ค่าตอบแทนวิทยากร", "quantity": 6, "unit": "ชั่วโมง", "unit_cost": "600.00"},
    {"item": "ค่าอาหารว่างและเครื่องดื่ม", "quantity": 30, "unit": "คน", "unit_cost": "80.00"},
]


async def _setup(db, client):  # type: ignore[no-untyped-def]
    org = await make_organisation(db)
    village = await make_village(db, org, number=3, name_th="บ้านหนองบัว")
    citizen = await make_citizen(db, org, title="นาง", first_name="สมศรี", last_name="ใจดี", village_id=village.id)
    await db.commit()
    officer = await signed_in(db, client, org, "officer")
    executive = await signed_in(db, client, org, "executive")
    return org, village, citizen, officer, executive


async def _view(client, headers, pid) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    return await ok(await client.get(url(pid, "/workflow"), headers=headers))


async def test_a_project_from_its_needs_survey_to_its_close(db, client):
    org, village, citizen, officer, executive = await _setup(db, client)

    # --- 1. needs survey ---------------------------------------------------------------------------
    r = await client.post(f"{API}/projects", headers=officer, json={
        "name": "โครงการฝึกอบรมอาชีพการทำขนมไทย", "category": "occupational_training",
        "village_id": str(village.id), "starts_on": "2026-01-05"})
    project = await ok(r, 201)
    pid = project["id"]
    assert project["state"] == "surveying" and project["state_label_th"] == "สำรวจความต้องการ"
    assert project["fiscal_year_be"] == 2569  # from starts_on: January 2026 is in FY2569
    assert project["budget_total"] == "0.00"
    assert project["missing_sections"] == [1, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]
    assert r.headers["ETag"] == '"1"'

    await refused(db, org, fire(client, officer, pid, "finish_survey"), 409, "projects.no_survey")
    await ok(await client.post(url(pid, "/surveys"), headers=officer, json={
        "surveyed_on": "2025-10-15", "method": "แบบสอบถามและเวทีประชาคม", "respondents": "ผู้ว่างงาน หมู่ที่ 1-5",
        "respondent_count": 85, "needs": ["ฝึกอาชีพทำขนม", "ตลาดรองรับสินค้า"]}), 201)
    view = await ok(await fire(client, officer, pid, "finish_survey"))
    assert view["state"] == "drafting"

    # --- 2. write the proposal ---------------------------------------------------------------------
    r = await client.patch(url(pid), headers={**officer, "If-Match": '"2"'}, json=SECTIONS)
    project = await ok(r)
    lines = [await ok(await client.post(url(pid, "/budget-lines"), headers=officer, json=line), 201)
             for line in LINES]
    assert [ln["amount"] for ln in lines] == ["6000.00", "3600.00", "2400.00"]
    project = await ok(await client.get(url(pid), headers=officer))
    assert project["budget_total"] == "12000.00"
    assert project["missing_sections"] == [11, 12]

    # Submitting with a required section empty is refused, and nothing is frozen.
    body = await refused(db, org, fire(client, officer, pid, "submit"), 409, "projects.proposal_incomplete")
    assert body["transition"] == "submit"
    assert await ok(await client.get(url(pid, "/versions"), headers=officer)) == []
    actions = {a["transition"]: a for a in (await _view(client, officer, pid))["actions"]}
    assert actions["submit"]["allowed"] is False
    assert actions["submit"]["reason_code"] == "projects.proposal_incomplete"

    await ok(await client.post(url(pid, "/indicators"), headers=officer, json={
        "name": "ร้อยละของผู้เข้าอบรมที่นำความรู้ไปใช้", "target_value": "80", "unit": "ร้อยละ",
        "measured_by": "แบบติดตามผลหลังอบรม"}), 201)
    project = await ok(await client.patch(url(pid), headers={**officer, "If-Match": f'"{project["version"]}"'},
                                          json={"benefits": ["ผู้เข้าอบรมมีรายได้เสริม"]}))
    assert project["missing_sections"] == []
    view = await ok(await fire(client, officer, pid, "submit"))
    assert view["state"] == "submitted"

    # Frozen: the proposal cannot change while it is considered.
    await refused(db, org, client.patch(url(pid), headers={**officer, "If-Match": f'"{project["version"] + 1}"'},
                                        json={"name": "เปลี่ยนชื่อ"}), 409, "projects.wrong_stage")
    await refused(db, org, client.post(url(pid, "/budget-lines"), headers=officer, json=LINES[0]), 409,
                  "projects.wrong_stage")

    # --- 3. the executives consider it: returned once, then approved -------------------------------
    await refused(db, org, fire(client, executive, pid, "return_for_revision", {"evidence": {}}), 422,
                  "workflow.note_required")
    view = await ok(await fire(client, executive, pid, "return_for_revision"))
    assert view["state"] == "returned"
    versions = await ok(await client.get(url(pid, "/versions"), headers=officer))
    assert [(v["version_no"], v["decision"]) for v in versions] == [(1, "returned")]
    assert versions[0]["section_comments"] == [{"section": 5, "comment": "ระบุเป้าหมายเชิงคุณภาพให้วัดได้"}]
    assert versions[0]["decision_note"] == "ขอให้ปรับเป้าหมายก่อนเสนออีกครั้ง"

    project = await ok(await client.get(url(pid), headers=officer))
    project = await ok(await client.patch(url(pid), headers={**officer, "If-Match": f'"{project["version"]}"'}, json={
        "target_quantity": 30, "target_quality": "ผู้เข้าอบรมร้อยละ 80 นำความรู้ไปประกอบอาชีพได้",
        "objectives": ["เพื่อให้ผู้เข้าอบรมมีทักษะการทำขนมไทย", "เพื่อให้ผู้เข้าอบรมมีรายได้เสริม"]}))
    await ok(await fire(client, officer, pid, "submit"))

    # The executive sees what changed since the version returned, section by section.
    diff = await ok(await client.get(url(pid, "/versions/2/diff"), headers=executive))
    assert (diff["from_version"], diff["to_version"]) == (1, 2)
    assert diff["changed_sections"] == [4, 5]
    by_number = {s["number"]: s for s in diff["sections"]}
    assert by_number[4]["added"] == ["เพื่อให้ผู้เข้าอบรมมีรายได้เสริม"] and by_number[4]["removed"] == []
    assert by_number[5]["before"]["quantity"] == 25 and by_number[5]["after"]["quantity"] == 30
    assert by_number[8]["changed"] is False and by_number[8]["after"]["total"] == "12000.00"
    assert by_number[2]["label_th"] == "ชื่อโครงการ"
    v1 = await ok(await client.get(url(pid, "/versions/1"), headers=executive))
    assert v1["proposal"]["targets"]["quantity"] == 25  # the frozen version did not follow the edit

    # Approving without the permission is refused: an officer cannot.
    body = await refused(db, org, fire(client, officer, pid, "approve"), 403, "workflow.permission")
    assert body["permission"] == "projects:approve"
    view = await ok(await fire(client, executive, pid, "approve"))
    assert view["state"] == "approved"
    project = await ok(await client.get(url(pid), headers=officer))
    assert (project["approved_on"], project["approved_version_no"]) == ("2025-12-01", 2)

    # --- 4. the target group, with a quota ----------------------------------------------------------
    await refused(db, org, fire(client, officer, pid, "set_target_group"), 409, "projects.no_participants")
    quota = await ok(await client.post(url(pid, "/quotas"), headers=officer, json={
        "label": "ผู้ว่างงาน หมู่ที่ 3", "village_id": str(village.id), "seats": 1}), 201)
    somsri = await ok(await client.post(url(pid, "/participants"), headers=officer, json={
        "citizen_id": str(citizen.id), "quota_id": quota["id"], "joined_on": "2026-01-05"}), 201)
    assert somsri["full_name"] == "นางสมศรี ใจดี" and somsri["village_id"] == str(village.id)
    timeline = await ok(await client.get(f"{API}/citizens/{citizen.id}/timeline", headers=officer))
    joined = [e for e in timeline["items"] if e["entity"] == "project_participants"]
    assert [(e["action"], e["entity_id"]) for e in joined] == [("projects.add_participant", somsri["id"])]
    await refused(db, org, client.post(url(pid, "/participants"), headers=officer, json={
        "full_name": "นายมาทีหลัง ไม่มีที่", "quota_id": quota["id"], "joined_on": "2026-01-05"}), 409,
        "projects.quota_full")
    await refused(db, org, client.post(url(pid, "/participants"), headers=officer, json={
        "citizen_id": str(citizen.id), "joined_on": "2026-01-05"}), 409, "projects.participant_duplicate")
    somchai = await ok(await client.post(url(pid, "/participants"), headers=officer, json={
        "full_name": "นายสมชาย ขยันดี", "joined_on": "2026-01-05"}), 201)
    assert somchai["citizen_id"] is None
    quotas = await ok(await client.get(url(pid, "/quotas"), headers=officer))
    assert [(q["seats"], q["filled"]) for q in quotas] == [(1, 1)]
    assert (await ok(await fire(client, officer, pid, "set_target_group")))["state"] == "target_group_set"

    # --- 5. trainers: the project cannot run before they are set ----------------------------------
    await refused(db, org, fire(client, officer, pid, "start"), 409, "workflow.wrong_state")
    await refused(db, org, fire(client, officer, pid, "coordinate_trainers"), 409, "projects.no_trainers")
    trainer = await ok(await client.post(url(pid, "/trainers"), headers=officer, json={
        "full_name": "นางสาวขนิษฐา ขนมหวาน", "organisation": "วิทยาลัยชุมชนชัยภูมิ", "topic": "การทำขนมไทย",
        "fee": "3600.00"}), 201)
    assert (await ok(await fire(client, officer, pid, "coordinate_trainers")))["state"] == "trainers_coordinated"

    # --- 6. run it: sessions, attendance, spending -------------------------------------------------
    await refused(db, org, fire(client, officer, pid, "evaluate"), 409, "workflow.wrong_state")
    assert (await ok(await fire(client, officer, pid, "start")))["state"] == "running"

    # Evaluating before any session is refused.
    await refused(db, org, fire(client, officer, pid, "evaluate"), 409, "projects.no_sessions")
    r = await client.post(url(pid, "/sessions"), headers=officer, json={
        "held_on": "2026-01-10", "place": "ศาลาประชาคมบ้านหนองบัว หมู่ที่ 3", "topic": "ขนมชั้นและขนมถ้วย",
        "trainer_id": trainer["id"]})
    session_1 = await ok(r, 201)
    sheet = await ok(await client.put(url(pid, f"/sessions/{session_1['id']}/attendance"),
                                      headers={**officer, "If-Match": r.headers["ETag"]}, json={"entries": [
                                          {"participant_id": somsri["id"], "present": True},
                                          {"participant_id": somchai["id"], "present": False}]}))
    assert (sheet["present"], sheet["absent"]) == (1, 1)
    await refused(db, org, client.put(url(pid, f"/sessions/{session_1['id']}/attendance"),
                                      headers={**officer, "If-Match": r.headers["ETag"]},
                                      json={"entries": [{"participant_id": somchai["id"], "present": True}]}),
                  409, "conflict.stale_version")

    materials, fees, snacks = (ln["id"] for ln in lines)
    await ok(await client.post(url(pid, "/spending"), headers=officer, json={
        "line_id": materials, "spent_on": "2026-01-08", "amount": "5000.00", "description": "ซื้อแป้งและน้ำตาล",
        "reference": "ฎ.101/2569"}), 201)
    # Spending beyond a line is refused …
    body = await refused(db, org, client.post(url(pid, "/spending"), headers=officer, json={
        "line_id": materials, "spent_on": "2026-01-09", "amount": "1500.00", "description": "ซื้อพิมพ์ขนม"}),
        409, "projects.over_line_budget")
    assert body["remaining"] == "1000.00"
    # … until an executive approves the overrun (an officer may not).
    overrun = {"amount": "500.00", "raises_total": False, "approved_on": "2026-01-09",
               "reason": "ราคาวัสดุสูงขึ้น ใช้เงินเหลือจากรายการอื่น"}
    await refused(db, org, client.post(url(pid, f"/budget-lines/{materials}/overruns"), headers=officer,
                                       json=overrun), 403, "forbidden.permission")
    await ok(await client.post(url(pid, f"/budget-lines/{materials}/overruns"), headers=executive, json=overrun), 201)
    await ok(await client.post(url(pid, "/spending"), headers=officer, json={
        "line_id": materials, "spent_on": "2026-01-09", "amount": "1500.00", "description": "ซื้อพิมพ์ขนม"}), 201)
    await ok(await client.post(url(pid, "/spending"), headers=officer, json={
        "line_id": fees, "spent_on": "2026-01-10", "amount": "3600.00", "description": "ค่าตอบแทนวิทยากร"}), 201)
    # The line has room, but the project's total does not: refused too.
    body = await refused(db, org, client.post(url(pid, "/spending"), headers=officer, json={
        "line_id": snacks, "spent_on": "2026-01-10", "amount": "2400.00", "description": "อาหารว่าง"}),
        409, "projects.over_total_budget")
    assert body["remaining"] == "1900.00"
    await ok(await client.post(url(pid, f"/budget-lines/{snacks}/overruns"), headers=executive, json={
        "amount": "500.00", "raises_total": True, "approved_on": "2026-01-10",
        "reason": "ผู้เข้าร่วมเพิ่มขึ้น"}), 201)
    await ok(await client.post(url(pid, "/spending"), headers=officer, json={
        "line_id": snacks, "spent_on": "2026-01-10", "amount": "2400.00", "description": "อาหารว่าง"}), 201)
    budget = await ok(await client.get(url(pid, "/budget"), headers=officer))
    assert (budget["planned_total"], budget["overrun_raising_total"], budget["ceiling_total"],
            budget["spent_total"], budget["remaining_total"]) == ("12000.00", "500.00", "12500.00", "12500.00", "0.00")
    assert [(ln["planned"], ln["overrun_approved"], ln["spent"], ln["remaining"]) for ln in budget["lines"]] == [
        ("6000.00", "500.00", "6500.00", "0.00"), ("3600.00", "0.00", "3600.00", "0.00"),
        ("2400.00", "500.00", "2400.00", "500.00")]

    # --- 7. follow up and evaluate -----------------------------------------------------------------
    await refused(db, org, fire(client, officer, pid, "evaluate"), 409, "projects.results_missing")
    (indicator,) = await ok(await client.get(url(pid, "/indicators"), headers=officer))
    result = await ok(await client.put(url(pid, f"/indicators/{indicator['id']}/result"), headers=officer,
                                       json={"result_value": "85", "recorded_on": "2026-03-25"}))
    assert result["met"] is True
    for overall, scores in ((5, {"content": 5, "trainer": 5}), (4, {"content": 4}), (3, {"venue": 3})):
        summary = await ok(await client.post(url(pid, "/satisfaction"), headers=officer, json={
            "answered_on": "2026-01-10", "overall": overall, "scores": scores}), 201)
    assert summary["responses"] == 3 and summary["overall_average"] == "4.00"
    assert summary["satisfied_percent"] == "66.67"
    content = next(q for q in summary["by_question"] if q["question"] == "content")
    assert (content["answers"], content["average"]) == (2, "4.50")
    view = await ok(await fire(client, officer, pid, "evaluate"))
    assert view["state"] == "evaluated"

    # Occupational trainings record what the participants did afterwards.
    await ok(await client.post(url(pid, f"/participants/{somsri['id']}/outcomes"), headers=officer, json={
        "recorded_on": "2026-03-30", "activity": "ทำขนมไทยขายที่ตลาดนัดชุมชน", "group_formed": True,
        "group_name": "กลุ่มขนมไทยบ้านหนองบัว", "income_before": "3000.00", "income_after": "4500.00"}), 201)
    await ok(await client.post(url(pid, f"/participants/{somchai['id']}/outcomes"), headers=officer, json={
        "recorded_on": "2026-03-30", "activity": "ยังไม่ได้ประกอบอาชีพ", "income_before": "2000.00",
        "income_after": "2000.00"}), 201)

    # --- 8. close with the summary report ----------------------------------------------------------
    view = await ok(await fire(client, officer, pid, "close"))
    assert view["state"] == "closed" and view["terminal"] is True
    assert [s["status"] for s in view["steps"]] == ["done"] * 8
    assert view["actions"] == []
    assert [h["transition"] for h in view["history"]] == [
        "finish_survey", "submit", "return_for_revision", "submit", "approve", "set_target_group",
        "coordinate_trainers", "start", "evaluate", "close"]

    results = await ok(await client.get(url(pid, "/results"), headers=executive))
    assert (results["participants_registered"], results["participants_reached"], results["sessions"]) == (2, 1, 1)
    assert results["attendance_percent"] == "50.00"
    assert results["indicators_met"] == 1
    assert results["budget"] == {"planned": "12000.00", "ceiling": "12500.00", "spent": "12500.00",
                                 "remaining": "0.00"}
    occ = results["occupational"]
    assert (occ["participants_followed"], occ["in_groups"], occ["groups_formed"]) == (2, 1, 1)
    assert (occ["income_increased"], occ["average_income_change"]) == (1, "750.00")
    project = await ok(await client.get(url(pid), headers=executive))
    assert project["closing_report"] == "ดำเนินโครงการครบตามแผน ผู้เข้าร่วม 30 คน"

    # After the close nothing more is spent.
    await refused(db, org, client.post(url(pid, "/spending"), headers=officer, json={
        "line_id": snacks, "spent_on": "2026-04-01", "amount": "100.00", "description": "x"}), 409,
        "projects.wrong_stage")

    # Every move is in the audit log and the outbox.
    actions_logged = set((await db.execute(select(AuditEntry.action).where(AuditEntry.entity_id == pid))).scalars())
    assert {"projects.create", "project.submit", "project.approve", "project.close",
            "projects.approve_overrun", "projects.add_spending"} <= actions_logged
    topics = list((await db.execute(select(OutboxEvent.topic).where(OutboxEvent.subject_id == pid)
                                    .order_by(OutboxEvent.seq))).scalars())
    assert topics[0] == "project.created"
    assert {"project.submitted", "project.returned", "project.approved", "project.overrun_approved",
            "project.closed"} <= set(topics)


async def test_a_rejected_or_withdrawn_project_ends_there(db, client):
    org, _, _, officer, executive = await _setup(db, client)
    from tests.projects.factories import make_complete_project

    project = await make_complete_project(db, org, state="submitted")
    other = await make_complete_project(db, org, state="drafting")
    await db.commit()
    await refused(db, org, fire(client, executive, project.id, "reject", {}), 422, "workflow.note_required")
    view = await ok(await fire(client, executive, project.id, "reject"))
    assert view["state"] == "rejected" and view["terminal"] and view["actions"] == []
    versions = await ok(await client.get(url(project.id, "/versions"), headers=officer))
    assert versions[-1]["decision"] == "rejected"

    await refused(db, org, fire(client, executive, other.id, "withdraw"), 403, "workflow.permission")
    view = await ok(await fire(client, officer, other.id, "withdraw"))
    assert view["state"] == "cancelled"
    assert [s["status"] for s in view["steps"]][:1] == ["locked"]  # the factory walked no step


async def test_the_proposal_is_edited_only_with_the_current_version(db, client):
    org, _, _, officer, _ = await _setup(db, client)
    pid = (await ok(await client.post(f"{API}/projects", headers=officer, json={
        "name": "โครงการกีฬาต้านยาเสพติด", "category": "drug_prevention", "fiscal_year_be": 2569}), 201))["id"]
    await refused(db, org, client.patch(url(pid), headers=officer, json={"rationale": "x"}), 428,
                  "precondition.required")
    await refused(db, org, client.patch(url(pid), headers={**officer, "If-Match": '"7"'}, json={"rationale": "x"}),
                  409, "conflict.stale_version")
    await refused(db, org, client.patch(url(pid), headers={**officer, "If-Match": '"1"'}, json={"state": "approved"}),
                  422, "validation_failed")
    await refused(db, org, client.patch(url(pid), headers={**officer, "If-Match": '"1"'},
                                        json={"starts_on": "2026-03-01", "ends_on": "2026-02-01"}),
                  422, "validation_failed")
    await refused(db, org, client.patch(url(pid), headers={**officer, "If-Match": '"1"'}, json={"name": None}),
                  422, "projects.field_required")

    line = await ok(await client.post(url(pid, "/budget-lines"), headers=officer, json=LINES[0]), 201)
    line = await ok(await client.patch(url(pid, f"/budget-lines/{line['id']}"),
                                       headers={**officer, "If-Match": f'"{line["version"]}"'},
                                       json={"quantity": 40}))
    assert line["amount"] == "8000.00"  # always quantity × unit cost
    removed = await ok(await client.post(url(pid, f"/budget-lines/{line['id']}/remove"),
                                         headers={**officer, "If-Match": f'"{line["version"]}"'}))
    assert removed["removed"] is True
    project = await ok(await client.get(url(pid), headers=officer))
    assert project["budget_total"] == "0.00"
    assert len(await ok(await client.get(url(pid, "/budget-lines"), headers=officer))) == 0
    assert len(await ok(await client.get(url(pid, "/budget-lines"), headers=officer,
                                         params={"include_removed": True}))) == 1

    # A float with fractions of a satang never reaches the Money column.
    r = await client.post(url(pid, "/budget-lines"), headers=officer, json={**LINES[0], "unit_cost": "200.005"})
    assert_problem(r, 422, "validation_failed")


async def test_a_project_from_a_community_plan_item(db, client):
    from tests.plans.factories import make_forum, make_item, make_plan, make_problem

    org, village, _, officer, _ = await _setup(db, client)
    plan = await make_plan(db, org, village_id=village.id, state="proposed")
    problem = await make_problem(db, await make_forum(db, plan))
    item = await make_item(db, problem, route="local_government", title_th="ฝึกอาชีพทำขนม",
                           description_th="แม่บ้านว่างงานต้องการอาชีพเสริม")
    community = await make_item(db, problem, route="community")
    await db.commit()

    body = {"name": "โครงการฝึกอบรมอาชีพการทำขนมไทย", "category": "occupational_training",
            "plan_id": str(plan.id)}
    await refused(db, org, client.post(f"{API}/projects", headers=officer, json=body), 422, "validation_failed")
    await refused(db, org, client.post(f"{API}/projects", headers=officer,
                                       json={**body, "plan_item_id": str(community.id)}),
                  422, "projects.plan_item_not_local_government")
    project = await ok(await client.post(f"{API}/projects", headers=officer,
                                         json={**body, "plan_item_id": str(item.id)}), 201)
    assert (project["plan_id"], project["plan_item_id"]) == (str(plan.id), str(item.id))
    assert project["rationale"] == "แม่บ้านว่างงานต้องการอาชีพเสริม"
    assert project["village_id"] == str(village.id)
    # The other way: the item's project is found from the item.
    found = await ok(await client.get(f"{API}/projects", headers=officer, params={"plan_item_id": str(item.id)}))
    assert [p["id"] for p in found["items"]] == [project["id"]]
    # And the plan's own record of the item names its project.
    plan_item = await ok(await client.get(f"/api/v1/plans/{plan.id}/items/{item.id}", headers=officer))
    assert plan_item["project_id"] == project["id"]
    # One live project per item.
    await refused(db, org, client.post(f"{API}/projects", headers=officer,
                                       json={**body, "plan_item_id": str(item.id)}), 409, "projects.plan_item_taken")
    # Withdrawn, the project lets go of the item.
    r = await client.post(f"{API}/projects/{project['id']}/workflow/withdraw",
                          json={"evidence": {}, "note": "ซ้ำกับโครงการของ อบจ."}, headers=officer)
    assert r.status_code == 200, r.text
    plan_item = await ok(await client.get(f"/api/v1/plans/{plan.id}/items/{item.id}", headers=officer))
    assert plan_item["project_id"] is None


async def test_occupational_outcomes_only_for_occupational_trainings(db, client):
    from tests.groups.factories import make_group
    from tests.projects.factories import make_complete_project

    org, _, _, officer, _ = await _setup(db, client)
    sports = await make_complete_project(db, org, state="running", category="sports")
    training = await make_complete_project(db, org, state="evaluated")
    group = await make_group(db, org, name="กลุ่มขนมไทยบ้านหนองบัว", kind="occupational")
    theirs = await make_group(db, await make_organisation(db), name="กลุ่มของที่อื่น")
    await db.commit()

    pid = (await ok(await client.get(url(sports.id, "/participants"), headers=officer)))["items"][0]["id"]
    await refused(db, org, client.post(url(sports.id, f"/participants/{pid}/outcomes"), headers=officer, json={
        "recorded_on": "2026-03-30", "activity": "เล่นกีฬาต่อเนื่อง"}), 409, "projects.not_occupational")

    pid = (await ok(await client.get(url(training.id, "/participants"), headers=officer)))["items"][0]["id"]
    outcome = {"recorded_on": "2026-03-30", "activity": "ทำขนมขายกับกลุ่ม", "group_formed": True}
    for stranger in (theirs.id, "00000000-0000-0000-0000-000000000001"):
        await refused(db, org, client.post(url(training.id, f"/participants/{pid}/outcomes"), headers=officer,
                                           json={**outcome, "group_id": str(stranger)}), 422, "projects.group_unknown")
    made = await ok(await client.post(url(training.id, f"/participants/{pid}/outcomes"), headers=officer,
                                      json={**outcome, "group_id": str(group.id)}), 201)
    assert made["group_name"] == "กลุ่มขนมไทยบ้านหนองบัว"  # from the groups register
    history = await ok(await client.get(url(training.id, f"/participants/{pid}/outcomes"), headers=officer))
    assert [o["id"] for o in history] == [made["id"]]


async def test_the_first_version_has_nothing_to_compare_with(db, client):
    from tests.projects.factories import make_complete_project

    org, _, _, officer, _ = await _setup(db, client)
    project = await make_complete_project(db, org, state="drafting")
    await db.commit()
    await ok(await fire(client, officer, project.id, "submit"))
    assert_problem(await client.get(url(project.id, "/versions/1/diff"), headers=officer), 422,
                   "projects.no_earlier_version")
    assert_problem(await client.get(url(project.id, "/versions/2/diff"), headers=officer), 404,
                   "projects.version_not_found")
    assert_problem(await client.get(url(project.id, "/versions/0"), headers=officer), 422, "validation_failed")


async def test_reading_needs_the_permission_and_leaders_cannot_write(db, client):
    from tests.projects.factories import make_complete_project

    org, _, _, _, _ = await _setup(db, client)
    project = await make_complete_project(db, org, state="drafting")
    await db.commit()
    leader = await signed_in(db, client, org, "leader")
    assert (await client.get(url(project.id), headers=leader)).status_code == 200
    await refused(db, org, client.post(url(project.id, "/budget-lines"), headers=leader, json=LINES[0]), 403,
                  "forbidden.permission")
    await refused(db, org, fire(client, leader, project.id, "submit"), 403, "workflow.permission")
    before = await snapshot(db, org)
    assert_problem(await client.get(url(project.id)), 401, "auth.missing_token")
    assert await snapshot(db, org) == before
