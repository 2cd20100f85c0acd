"""Plans and their records through the API: BE fiscal years, filters and paging, If-Match,
the ranking, the routing rules of items, and records of another plan or organisation."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from chumchon.plans.models import PlanItem, PlanRanking
from chumchon.plans.schemas import thai_today
from tests.factories import make_organisation, make_village, signed_in
from tests.plans.factories import (
    make_complete_plan,
    make_forum,
    make_item,
    make_option,
    make_plan,
    make_problem,
    make_team_member,
)
from tests.plans.helpers import API, assert_problem, plan_url, snapshot

NEW = {"title_th": "แผนชุมชน", "fiscal_year_start_be": 2569, "fiscal_year_end_be": 2570}


async def test_fiscal_years_are_buddhist_era_in_order_and_at_most_five(db, client):
    org = await make_organisation(db)
    headers = await signed_in(db, client, org, "officer")
    before = await snapshot(db, org)

    body = assert_problem(await client.post(f"{API}/plans", headers=headers,
                                            json={**NEW, "fiscal_year_start_be": 2026}), 422, "validation_failed")
    assert body["errors"][0]["field"] == "fiscal_year_start_be"
    assert body["errors"][0]["code"] == "validation.fiscal_year_be"
    assert "543" in body["errors"][0]["message"]
    body = assert_problem(await client.post(f"{API}/plans", headers=headers,
                                            json={**NEW, "fiscal_year_start_be": 2570, "fiscal_year_end_be": 2569}),
                          422, "plans.period_invalid")
    assert body["errors"][0]["code"] == "plans.period_reversed"
    body = assert_problem(await client.post(f"{API}/plans", headers=headers,
                                            json={**NEW, "fiscal_year_end_be": 2574}), 422, "plans.period_invalid")
    assert body["errors"][0]["code"] == "plans.period_too_long"
    assert await snapshot(db, org) == before

    r = await client.post(f"{API}/plans", headers=headers, json={**NEW, "fiscal_year_end_be": 2569})
    assert r.status_code == 201, r.text
    assert r.json()["period_label_th"] == "ปีงบประมาณ พ.ศ. 2569"
    assert (r.json()["starts_on"], r.json()["ends_on"]) == ("2025-10-01", "2026-09-30")
    assert r.json()["area_label_th"] == "ทั้งเขตองค์กรปกครองส่วนท้องถิ่น"


async def test_one_open_plan_per_area_and_period(db, client):
    org = await make_organisation(db)
    other_org = await make_organisation(db)
    village = await make_village(db, org, number=2)
    foreign_village = await make_village(db, other_org, number=2)
    headers = await signed_in(db, client, org, "officer")

    r = await client.post(f"{API}/plans", headers=headers, json={**NEW, "village_id": str(village.id)})
    assert r.status_code == 201, r.text
    first = r.json()
    assert_problem(await client.post(f"{API}/plans", headers=headers, json={
        **NEW, "village_id": str(village.id), "fiscal_year_start_be": 2570, "fiscal_year_end_be": 2572}),
        409, "plans.period_overlap")
    # The whole organisation's plan, and the village's next period, are other plans.
    r = await client.post(f"{API}/plans", headers=headers, json=NEW)
    assert r.status_code == 201, r.text
    r = await client.post(f"{API}/plans", headers=headers, json={
        **NEW, "village_id": str(village.id), "fiscal_year_start_be": 2571, "fiscal_year_end_be": 2573})
    assert r.status_code == 201, r.text
    # Moving the first plan's period onto the next one is refused as well.
    assert_problem(await client.patch(plan_url(first["id"]), json={"fiscal_year_end_be": 2571},
                                      headers={**headers, "If-Match": '"1"'}), 409, "plans.period_overlap")
    # Another organisation's village is no village of ours.
    assert_problem(await client.post(f"{API}/plans", headers=headers, json={
        **NEW, "village_id": str(foreign_village.id)}), 422, "plans.village_unknown")


async def test_plans_are_listed_by_village_state_and_fiscal_year_with_paging(db, client):
    org = await make_organisation(db)
    v1 = await make_village(db, org, number=1, name_th="บ้านหนึ่ง")
    v2 = await make_village(db, org, number=2, name_th="บ้านสอง")
    a = await make_plan(db, org, village_id=v1.id, title_th="ก แผนหมู่ 1", fiscal_year_start_be=2566,
                        fiscal_year_end_be=2568, state="closed")
    b = await make_plan(db, org, village_id=v1.id, title_th="ข แผนหมู่ 1", fiscal_year_start_be=2569,
                        fiscal_year_end_be=2570, state="plan_made")
    c = await make_plan(db, org, village_id=v2.id, title_th="ค แผนหมู่ 2", fiscal_year_start_be=2570,
                        fiscal_year_end_be=2572)
    d = await make_plan(db, org, title_th="ง แผนทั้งตำบล", fiscal_year_start_be=2568, fiscal_year_end_be=2569)
    headers = await signed_in(db, client, org, "viewer")

    async def ids(**params) -> list[str]:
        r = await client.get(f"{API}/plans", params=params, headers=headers)
        assert r.status_code == 200, r.text
        return [p["id"] for p in r.json()["items"]]

    assert await ids(village_id=str(v1.id), sort="fiscal_year_start_be") == [str(a.id), str(b.id)]
    assert await ids(state="plan_made") == [str(b.id)]
    assert set(await ids(fiscal_year=2569)) == {str(b.id), str(d.id)}
    assert await ids(fiscal_year=2571) == [str(c.id)]
    assert await ids(organisation_wide=True) == [str(d.id)]
    assert await ids(q="หมู่ 2") == [str(c.id)]

    r = await client.get(f"{API}/plans", params={"page_size": 3, "page": 2, "sort": "title_th"}, headers=headers)
    body = r.json()
    assert body["total"] == 4 and [p["title_th"] for p in body["items"]] == ["ง แผนทั้งตำบล"]
    r = await client.get(f"{API}/plans", params={"village_id": str(v2.id)}, headers=headers)
    assert r.json()["items"][0]["village"] == {"id": str(v2.id), "number": 2, "name_th": "บ้านสอง"}

    assert_problem(await client.get(f"{API}/plans", params={"state": "finished"}, headers=headers),
                   422, "validation_failed")
    assert_problem(await client.get(f"{API}/plans", params={"fiscal_year": 2026}, headers=headers),
                   422, "validation_failed")
    assert_problem(await client.get(f"{API}/plans", params={"sort": "colour"}, headers=headers),
                   422, "validation.sort")


async def test_a_plan_is_changed_with_if_match_and_never_its_state(db, client):
    org = await make_organisation(db)
    village = await make_village(db, org, number=4, name_th="บ้านสี่")
    plan = await make_plan(db, org)
    headers = await signed_in(db, client, org, "officer")
    url = plan_url(plan.id)

    r = await client.get(url, headers=headers)
    assert r.headers["ETag"] == '"1"'
    assert_problem(await client.patch(url, json={"title_th": "ใหม่"}, headers=headers), 428, "precondition.required")
    body = assert_problem(await client.patch(url, json={"state": "closed"}, headers={**headers, "If-Match": '"1"'}),
                          422, "validation_failed")
    assert body["errors"][0]["field"] == "state"
    assert_problem(await client.patch(url, json={"title_th": None}, headers={**headers, "If-Match": '"1"'}),
                   422, "plans.field_required")

    r = await client.patch(url, json={"title_th": "แผนชุมชนบ้านสี่", "village_id": str(village.id),
                                      "vision_th": "หมู่บ้านน่าอยู่"}, headers={**headers, "If-Match": '"1"'})
    assert r.status_code == 200, r.text
    assert r.headers["ETag"] == '"2"'
    assert r.json()["area_label_th"] == "หมู่ที่ 4 บ้านสี่"
    assert r.json()["state"] == "preparing"
    assert_problem(await client.patch(url, json={"title_th": "เก่า"}, headers={**headers, "If-Match": '"1"'}),
                   409, "conflict.stale_version")

    await db.refresh(plan)
    plan.state = "data_gathered"
    await db.commit()
    # Past preparation the village is fixed: the forums were held there.
    assert_problem(await client.patch(url, json={"village_id": None}, headers={**headers, "If-Match": '"3"'}),
                   409, "plans.wrong_stage")


async def test_the_ranking_shares_ranks_on_ties_refuses_duplicates_and_replaces_the_old_one(db, client):
    org = await make_organisation(db)
    plan = await make_plan(db, org, state="data_gathered")
    forum = await make_forum(db, plan)
    p = [await make_problem(db, forum, title_th=f"ปัญหา {n}") for n in range(4)]
    headers = await signed_in(db, client, org, "officer")
    url = plan_url(plan.id, f"/forums/{forum.id}/rankings")

    def entries(*values: int) -> list[dict]:
        return [{"problem_id": str(p[i].id), "value": v} for i, v in enumerate(values)]

    assert_problem(await client.put(url, json={"method": "votes", "entries": entries(1, 2)}, headers=headers),
                   428, "precondition.required")
    before = await snapshot(db, org)
    body = assert_problem(await client.put(url, headers={**headers, "If-Match": '"1"'}, json={
        "method": "votes", "entries": [*entries(5), {"problem_id": str(p[0].id), "value": 3}]}),
        422, "plans.ranking_duplicate")
    assert body["errors"][0]["field"] == "entries.1.problem_id"
    assert await snapshot(db, org) == before

    r = await client.put(url, json={"method": "votes", "entries": entries(7, 10, 3, 7)},
                         headers={**headers, "If-Match": '"1"'})
    assert r.status_code == 200, r.text
    assert r.headers["ETag"] == '"2"'
    assert [(e["title_th"], e["value"], e["rank"]) for e in r.json()["entries"]] == [
        ("ปัญหา 1", 10, 1), ("ปัญหา 0", 7, 2), ("ปัญหา 3", 7, 2), ("ปัญหา 2", 3, 4)]
    assert r.json()["method_label_th"] == "ลงคะแนนเสียง"

    # A new count replaces the old one; a problem left out is no longer ranked.
    assert_problem(await client.put(url, json={"method": "scores", "entries": entries(1)},
                                    headers={**headers, "If-Match": '"1"'}), 409, "conflict.stale_version")
    r = await client.put(url, json={"method": "scores", "entries": entries(4, 9)},
                         headers={**headers, "If-Match": '"2"'})
    assert r.status_code == 200, r.text
    assert [(e["title_th"], e["rank"]) for e in r.json()["entries"]] == [("ปัญหา 1", 1), ("ปัญหา 0", 2)]
    rows = (await db.execute(select(PlanRanking.problem_id).where(PlanRanking.forum_id == forum.id))).scalars().all()
    assert set(rows) == {p[0].id, p[1].id}


async def test_items_keep_to_their_plan_problem_and_route(db, client):
    org = await make_organisation(db)
    plan = await make_plan(db, org, state="plan_made")
    forum = await make_forum(db, plan)
    water, road = await make_problem(db, forum, title_th="น้ำ"), await make_problem(db, forum, title_th="ถนน")
    road_option = await make_option(db, road)
    other_plan = await make_plan(db, org, fiscal_year_start_be=2575, fiscal_year_end_be=2575, state="plan_made")
    stranger = await make_problem(db, await make_forum(db, other_plan))
    headers = await signed_in(db, client, org, "officer")
    items = plan_url(plan.id, "/items")
    before = await snapshot(db, org)

    assert_problem(await client.post(items, headers=headers, json={"problem_id": str(stranger.id), "title_th": "x"}),
                   422, "plans.problem_unknown")
    assert_problem(await client.post(items, headers=headers, json={
        "problem_id": str(water.id), "option_id": str(road_option.id), "title_th": "x"}),
        422, "plans.option_not_of_problem")
    assert_problem(await client.post(items, headers=headers, json={
        "problem_id": str(water.id), "title_th": "x", "route": "community", "agency_name": "อำเภอ"}),
        422, "plans.agency_not_applicable")
    assert_problem(await client.post(items, headers=headers, json={
        "problem_id": str(water.id), "title_th": "x", "budget_estimate": "10.005"}), 422, "validation_failed")
    assert await snapshot(db, org) == before

    r = await client.post(items, headers=headers, json={
        "problem_id": str(water.id), "title_th": "ประปาหมู่บ้าน", "route": "other_agency",
        "agency_name": "การประปาส่วนภูมิภาค", "budget_estimate": "1200000.00"})
    assert r.status_code == 201, r.text
    item = r.json()
    assert item["budget_estimate"] == "1200000.00"
    # Moving away from another agency forgets the agency.
    r = await client.patch(plan_url(plan.id, f"/items/{item['id']}"), json={"route": "local_government"},
                           headers={**headers, "If-Match": '"1"'})
    assert r.status_code == 200, r.text
    assert (r.json()["route"], r.json()["agency_name"]) == ("local_government", None)
    # A withdrawn item neither counts nor blocks.
    road_item = await make_item(db, road, route=None)
    await db.commit()
    r = await client.post(plan_url(plan.id, "/workflow/propose"), json={"evidence": {"proposed_on": "2026-01-15"}},
                          headers=headers)
    assert_problem(r, 409, "plans.item_without_route")
    r = await client.patch(plan_url(plan.id, f"/items/{road_item.id}"), json={"withdrawn": True},
                           headers={**headers, "If-Match": '"1"'})
    assert r.status_code == 200, r.text
    r = await client.get(plan_url(plan.id, "/progress"), headers=headers)
    assert r.json()["items"] == 1
    assert [p["route"] for p in r.json()["by_route"]] == ["community", "local_government", "other_agency"]
    r = await client.get(items, headers=headers)
    assert [i["id"] for i in r.json()["items"]] == [item["id"]]
    r = await client.get(items, params={"withdrawn": True}, headers=headers)
    assert [i["id"] for i in r.json()["items"]] == [str(road_item.id)]
    r = await client.post(plan_url(plan.id, "/workflow/propose"), json={"evidence": {"proposed_on": "2026-01-15"}},
                          headers=headers)
    assert r.status_code == 200, r.text
    r = await client.post(plan_url(plan.id, f"/items/{road_item.id}/outcome"),
                          json={"outcome": "done", "decided_on": "2026-02-01"}, headers={**headers, "If-Match": '"2"'})
    assert_problem(r, 409, "plans.item_withdrawn")


async def test_outcomes_follow_accepted_then_done_or_declined_in_date_order(db, client):
    org = await make_organisation(db)
    plan = await make_plan(db, org, state="proposed")
    problem = await make_problem(db, await make_forum(db, plan))
    item = await make_item(db, problem, route="local_government")
    headers = await signed_in(db, client, org, "officer")
    url = plan_url(plan.id, f"/items/{item.id}/outcome")

    tomorrow = (thai_today() + timedelta(days=1)).isoformat()
    body = assert_problem(await client.post(url, json={"outcome": "accepted", "decided_on": tomorrow},
                                            headers={**headers, "If-Match": '"1"'}), 422, "validation_failed")
    assert body["errors"][0]["code"] == "validation.date_in_future"
    r = await client.post(url, json={"outcome": "accepted", "decided_on": "2026-02-01"},
                          headers={**headers, "If-Match": '"1"'})
    assert r.status_code == 200, r.text
    assert_problem(await client.post(url, json={"outcome": "accepted", "decided_on": "2026-02-02"},
                                     headers={**headers, "If-Match": '"2"'}), 409, "plans.outcome_not_allowed")
    assert_problem(await client.post(url, json={"outcome": "done", "decided_on": "2026-01-31"},
                                     headers={**headers, "If-Match": '"2"'}), 422, "plans.outcome_date_invalid")
    r = await client.post(url, json={"outcome": "declined", "decided_on": "2026-03-01", "note": "งบประมาณไม่พอ"},
                          headers={**headers, "If-Match": '"2"'})
    assert r.status_code == 200, r.text
    assert r.json()["outcome_label_th"] == "ไม่ได้รับการตอบรับ"
    row = (await db.execute(select(PlanItem).where(PlanItem.id == item.id)
                            .execution_options(populate_existing=True))).scalar_one()
    assert (row.outcome, row.outcome_note, row.project_id) == ("declined", "งบประมาณไม่พอ", None)


async def test_a_plans_records_are_reached_only_through_that_plan(db, client):
    org = await make_organisation(db)
    other_org = await make_organisation(db)
    mine = await make_complete_plan(db, org, state="data_gathered")
    other = await make_plan(db, org, fiscal_year_start_be=2575, fiscal_year_end_be=2575, state="data_gathered")
    theirs = await make_complete_plan(db, other_org, state="data_gathered")
    headers = await signed_in(db, client, org, "officer")

    for plan in (other, theirs):  # another plan of mine, and a plan of another organisation
        forum = await make_forum(db, plan)
        problem = await make_problem(db, forum)
        member = await make_team_member(db, plan)
        option = await make_option(db, problem)
        item = await make_item(db, problem)
        await db.commit()
        h = {**headers, "If-Match": '"1"'}
        for method, tail, body, code in (
            ("GET", f"/forums/{forum.id}", None, "plans.forum_not_found"),
            ("PATCH", f"/forums/{forum.id}", {"attendance": 5}, "plans.forum_not_found"),
            ("POST", f"/forums/{forum.id}/problems", {"kind": "need", "title_th": "x"}, "plans.forum_not_found"),
            ("PUT", f"/forums/{forum.id}/rankings", {"method": "votes", "entries": [
                {"problem_id": str(problem.id), "value": 1}]}, "plans.forum_not_found"),
            ("GET", f"/problems/{problem.id}", None, "plans.problem_not_found"),
            ("POST", f"/problems/{problem.id}/options", {"title_th": "x"}, "plans.problem_not_found"),
            ("GET", f"/options/{option.id}", None, "plans.option_not_found"),
            ("PATCH", f"/team-members/{member.id}", {"role_th": "x"}, "plans.team_member_not_found"),
            ("GET", f"/items/{item.id}", None, "plans.item_not_found"),
        ):
            r = await client.request(method, plan_url(mine.id, tail), json=body, headers=h)
            assert_problem(r, 404, code)

    r = await client.get(plan_url(theirs.id), headers=headers)
    assert_problem(r, 404, "plans.not_found")
    r = await client.get(f"{API}/plans", headers=headers)
    assert {p["id"] for p in r.json()["items"]} == {str(mine.id), str(other.id)}
