from __future__ import annotations

import uuid
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from chumchon.citizens.models import HouseholdMember
from tests.citizens.factories import make_citizen, make_household, make_member
from tests.factories import make_organisation, make_village, signed_in

URL = "/api/v1/households"


async def _memberships(db, citizen) -> list[tuple[uuid.UUID, date, date | None]]:  # type: ignore[no-untyped-def]
    rows = await db.execute(select(HouseholdMember.household_id, HouseholdMember.joined_on, HouseholdMember.left_on)
                            .where(HouseholdMember.citizen_id == citizen.id).order_by(HouseholdMember.joined_on))
    return [tuple(r) for r in rows.all()]


async def test_a_household_with_its_members_and_their_relationships(db, client):
    org = await make_organisation(db)
    village = await make_village(db, org, number=4)
    head = await make_citizen(db, org, title="นาย", first_name="สมชาย", sex="male")
    spouse = await make_citizen(db, org, first_name="สมหญิง")
    headers = await signed_in(db, client, org, "officer")

    r = await client.post(URL, headers=headers, json={"house_number": "45", "village_id": str(village.id),
                                                      "house_registration_no": "36060012345"})
    assert r.status_code == 201, r.text
    household = r.json()
    members = f"{URL}/{household['id']}/members"

    r = await client.post(members, headers=headers, json={"citizen_id": str(head.id), "relationship": "head",
                                                          "joined_on": "2010-01-01"})
    assert r.status_code == 201, r.text
    assert r.json()["relationship_label_th"] == "เจ้าบ้าน"
    assert r.json()["citizen_name_th"] == "นายสมชาย ใจดี"
    r = await client.post(members, headers=headers, json={"citizen_id": str(spouse.id), "relationship": "head",
                                                          "joined_on": "2012-01-01"})
    assert r.status_code == 409 and r.json()["code"] == "households.head_taken"
    r = await client.post(members, headers=headers, json={"citizen_id": str(spouse.id), "relationship": "spouse",
                                                          "joined_on": "2012-01-01"})
    assert r.status_code == 201, r.text

    r = await client.get(f"{URL}/{household['id']}", headers=headers)
    assert r.status_code == 200
    assert [(m["citizen_id"], m["relationship"]) for m in r.json()["members"]] == [
        (str(head.id), "head"), (str(spouse.id), "spouse")]
    r = await client.get(URL, params={"village_id": str(village.id)}, headers=headers)
    assert [h["id"] for h in r.json()["items"]] == [household["id"]]

    r = await client.patch(f"{URL}/{household['id']}", headers={**headers, "If-Match": '"1"'},
                           json={"house_number": "45/1"})
    assert r.status_code == 200 and r.json()["house_number"] == "45/1"


async def test_a_person_is_in_one_household_at_a_time_with_history(db, client):
    org = await make_organisation(db)
    person = await make_citizen(db, org)
    old = await make_household(db, org, house_number="1")
    new = await make_household(db, org, house_number="2")
    first = await make_member(db, old, person, relationship="child", joined_on=date(2000, 1, 1))
    headers = await signed_in(db, client, org, "officer")
    join_new = {"citizen_id": str(person.id), "relationship": "head", "joined_on": "2024-05-01"}

    # Refused, with a pointer to the household the person is in now.
    r = await client.post(f"{URL}/{new.id}/members", headers=headers, json=join_new)
    assert r.status_code == 409, r.text
    assert r.json()["code"] == "households.already_member"
    assert r.json()["household_id"] == str(old.id)
    assert r.json()["member_id"] == str(first.id)
    r = await client.post(f"{URL}/{old.id}/members", headers=headers, json={**join_new, "relationship": "other"})
    assert r.status_code == 409 and r.json()["household_id"] == str(old.id)
    r = await client.post(f"{URL}/{new.id}/members", headers=headers,
                          json={**join_new, "transfer": True, "joined_on": "1999-01-01"})
    assert r.status_code == 422 and r.json()["code"] == "households.overlapping_history"
    assert await _memberships(db, person) == [(old.id, date(2000, 1, 1), None)]

    # A transfer closes the old membership on the day the new one starts.
    r = await client.post(f"{URL}/{new.id}/members", headers=headers, json={**join_new, "transfer": True})
    assert r.status_code == 201, r.text
    new_member = r.json()
    assert await _memberships(db, person) == [(old.id, date(2000, 1, 1), date(2024, 5, 1)),
                                              (new.id, date(2024, 5, 1), None)]

    r = await client.get(f"/api/v1/citizens/{person.id}/households", headers=headers)
    assert [(m["household_id"], m["is_current"]) for m in r.json()["items"]] == [
        (str(new.id), True), (str(old.id), False)]
    r = await client.get(f"{URL}/{old.id}/members", headers=headers)
    assert r.json()["items"] == []
    r = await client.get(f"{URL}/{old.id}/members", params={"include_past": True}, headers=headers)
    assert [m["left_on"] for m in r.json()["items"]] == ["2024-05-01"]

    # Leaving is recorded, not deleted; coming back cannot rewrite the past.
    leave = f"{URL}/{new.id}/members/{new_member['id']}/leave"
    r = await client.post(leave, headers=headers, json={"left_on": "2024-04-01"})
    assert r.status_code == 422 and r.json()["code"] == "households.left_before_joined"
    r = await client.post(leave, headers=headers, json={"left_on": "2024-08-31"})
    assert r.status_code == 200 and r.json()["is_current"] is False
    r = await client.post(leave, headers=headers, json={"left_on": "2024-09-01"})
    assert r.status_code == 409 and r.json()["code"] == "households.already_left"
    r = await client.post(f"{URL}/{old.id}/members", headers=headers,
                          json={**join_new, "relationship": "child", "joined_on": "2024-08-01"})
    assert r.status_code == 422 and r.json()["code"] == "households.overlapping_history"
    r = await client.post(f"{URL}/{old.id}/members", headers=headers,
                          json={**join_new, "relationship": "child", "joined_on": "2024-09-01"})
    assert r.status_code == 201, r.text
    assert len(await _memberships(db, person)) == 3


async def test_the_database_refuses_a_second_open_membership(db):
    org = await make_organisation(db)
    person = await make_citizen(db, org)
    a = await make_household(db, org)
    b = await make_household(db, org)
    await make_member(db, a, person, relationship="child", left_on=date(2010, 1, 1))
    await make_member(db, b, person, relationship="child", joined_on=date(2010, 1, 1))
    person_id = person.id  # the rollback below expires the object
    await db.commit()
    try:
        await make_member(db, a, person, relationship="other", joined_on=date(2011, 1, 1))
    except IntegrityError:
        await db.rollback()
    else:
        raise AssertionError("a person was in two households at once")
    count = (await db.execute(select(func.count()).select_from(HouseholdMember)
                              .where(HouseholdMember.citizen_id == person_id))).scalar_one()
    assert count == 2


async def test_members_must_be_people_of_this_organisation_and_present(db, client):
    org = await make_organisation(db)
    other = await make_organisation(db)
    household = await make_household(db, org)
    stranger = await make_citizen(db, other)
    dead = await make_citizen(db, org, death_date=date(2024, 1, 1))
    gone = await make_citizen(db, org, moved_out_on=date(2024, 1, 1))
    headers = await signed_in(db, client, org, "officer")
    members = f"{URL}/{household.id}/members"
    body = {"relationship": "other", "joined_on": "2024-05-01"}

    r = await client.post(members, headers=headers, json={**body, "citizen_id": str(stranger.id)})
    assert r.status_code == 422 and r.json()["code"] == "citizens.not_found"
    r = await client.post(members, headers=headers, json={**body, "citizen_id": str(dead.id)})
    assert r.status_code == 409 and r.json()["code"] == "citizens.deceased"
    r = await client.post(members, headers=headers, json={**body, "citizen_id": str(gone.id)})
    assert r.status_code == 409 and r.json()["code"] == "citizens.moved_out"

    theirs = await make_household(db, other)
    await db.commit()
    r = await client.get(f"{URL}/{theirs.id}", headers=headers)
    assert r.status_code == 404 and r.json()["code"] == "households.not_found"
    village_of_other = await make_village(db, other, number=9)
    await db.commit()
    r = await client.post(URL, headers=headers, json={"house_number": "1", "village_id": str(village_of_other.id)})
    assert r.status_code == 422 and r.json()["code"] == "villages.not_found"
