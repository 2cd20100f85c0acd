from __future__ import annotations

import uuid
from datetime import date, timedelta

from sqlalchemy import func, select

from chumchon.citizens import service
from chumchon.citizens.models import Citizen, HouseholdMember
from chumchon.core.audit import AuditEntry
from chumchon.core.outbox import OutboxEvent
from chumchon.core.thai import thai_digits
from tests.citizens.factories import make_citizen, make_household, make_member, national_id, wrong_check_digit
from tests.factories import make_organisation, make_village, signed_in

URL = "/api/v1/citizens"


def person(**overrides: object) -> dict[str, object]:
    body: dict[str, object] = {"national_id": national_id(), "title": "นาง", "first_name": "สมหญิง",
                               "last_name": "ใจดี", "birth_date": "1952-05-12", "sex": "female"}
    body.update(overrides)
    return body


async def _count(db, model, *where) -> int:  # type: ignore[no-untyped-def]
    return (await db.execute(select(func.count()).select_from(model).where(*where))).scalar_one()


async def test_register_a_person_and_read_them_back(db, client):
    org = await make_organisation(db)
    village = await make_village(db, org, number=3)
    headers = await signed_in(db, client, org, "officer")
    nid = national_id()

    r = await client.post(URL, headers=headers, json=person(
        national_id=f"{nid[0]}-{nid[1:5]}-{nid[5:10]}-{nid[10:12]}-{nid[12]}", first_name_en="Somying",
        last_name_en="Jaidee", village_id=str(village.id), house_number="12/3", house_registration_no="36060012345",
        phone="081-234-5678"))
    assert r.status_code == 201, r.text
    body = r.json()
    assert r.headers["ETag"] == '"1"'
    assert body["national_id_masked"] == f"{nid[0]}-{nid[1:5]}-xxxxx-xx-{nid[12]}"
    assert nid not in r.text
    assert body["full_name_th"] == "นางสมหญิง ใจดี"
    assert body["status"] == "active" and body["status_label_th"] == "อยู่ในพื้นที่"
    assert body["nationality"] == "THA"
    assert body["birth_date_th"] == "วันที่ 12 เดือนพฤษภาคม พ.ศ. 2495"

    r = await client.get(f"{URL}/{body['id']}", headers=headers)
    assert r.status_code == 200, r.text
    assert r.json()["village_id"] == str(village.id)
    stored = (await db.execute(select(Citizen).where(Citizen.id == uuid.UUID(body["id"])))).scalar_one()
    assert stored.national_id == nid  # stored as the 13 digits, without the dashes
    assert stored.organisation_id == org.id
    assert await _count(db, AuditEntry, AuditEntry.entity_id == body["id"],
                        AuditEntry.action == "citizen.create") == 1


async def test_a_wrong_check_digit_is_refused_naming_the_digit(db, client):
    org = await make_organisation(db)
    headers = await signed_in(db, client, org, "officer")
    good = national_id()
    bad = wrong_check_digit(good)

    r = await client.post(URL, headers=headers, json=person(national_id=bad))
    assert r.status_code == 422, r.text
    assert r.headers["content-type"].startswith("application/problem+json")
    problem = r.json()
    assert problem["code"] == "national_id.check_digit"
    assert problem["position"] == 13
    assert problem["expected"] == int(good[12])
    assert problem["errors"] == [{"field": "national_id", "code": "national_id.check_digit",
                                  "message": f"เลขประจำตัวประชาชนไม่ถูกต้อง: หลักที่ 13 ควรเป็น {good[12]}"}]
    assert f"position 13 should be {good[12]}" in problem["message_en"]

    r = await client.post(URL, headers=headers, json=person(national_id=good[:4] + "O" + good[5:]))
    assert r.status_code == 422
    assert r.json()["code"] == "national_id.not_digits"
    assert r.json()["position"] == 5

    r = await client.post(URL, headers=headers, json=person(national_id=good[:12]))
    assert r.json()["code"] == "national_id.length"

    assert await _count(db, Citizen, Citizen.organisation_id == org.id) == 0


async def test_a_second_registration_of_an_id_is_refused_with_a_pointer_to_the_first(db, client):
    org = await make_organisation(db)
    other_org = await make_organisation(db)
    headers = await signed_in(db, client, org, "officer")
    nid = national_id()

    first = await client.post(URL, headers=headers, json=person(national_id=nid))
    assert first.status_code == 201, first.text
    first_id = first.json()["id"]

    # The same person typed another way (Thai digits, spaces) is still the same person.
    r = await client.post(URL, headers=headers, json=person(national_id=thai_digits(f"{nid[:5]} {nid[5:]}"),
                                                            first_name="สมหญิงซ้ำ"))
    assert r.status_code == 409, r.text
    assert r.json()["code"] == "citizens.duplicate_national_id"
    assert r.json()["existing_id"] == first_id
    assert r.json()["existing_url"] == f"/api/v1/citizens/{first_id}"
    assert await _count(db, Citizen, Citizen.national_id == nid) == 1

    # Correcting another record to that ID is a duplicate too.
    second = await client.post(URL, headers=headers, json=person())
    r = await client.patch(f"{URL}/{second.json()['id']}", headers={**headers, "If-Match": '"1"'},
                           json={"national_id": nid})
    assert r.status_code == 409
    assert r.json()["existing_id"] == first_id

    # Another organisation registers the same person on its own.
    other_headers = await signed_in(db, client, other_org, "officer")
    r = await client.post(URL, headers=other_headers, json=person(national_id=nid))
    assert r.status_code == 201, r.text


async def test_search_by_part_of_a_thai_name_ignores_marks_and_spaces(db, client):
    org = await make_organisation(db)
    somying = await make_citizen(db, org, first_name="สมหญิง", last_name="ใจดี", first_name_en="Somying",
                                 last_name_en="Jaidee")
    somsak = await make_citizen(db, org, title="นาย", first_name="สมศักดิ์", last_name="รักถิ่น", sex="male")
    await make_citizen(db, org, title="นาย", first_name="ประยูร", last_name="มั่นคง", sex="male")
    headers = await signed_in(db, client, org, "viewer")

    async def found(q: str) -> set[str]:
        r = await client.get(URL, params={"q": q}, headers=headers)
        assert r.status_code == 200, r.text
        return {i["id"] for i in r.json()["items"]}

    assert await found("สมหญง") == {str(somying.id)}       # the vowel mark left out
    assert await found(" สม หญิง") == {str(somying.id)}    # stray spaces
    assert await found("หญิง") == {str(somying.id)}        # a part
    assert await found("สมหญิงใจดี") == {str(somying.id)}  # first and last name together
    assert await found("สมหญิง ใจดี") == {str(somying.id)}
    assert await found("สมศักด") == {str(somsak.id)}       # the thanthakhat left out
    assert await found("สม") == {str(somying.id), str(somsak.id)}
    assert await found("SOMY") == {str(somying.id)}        # Latin, any case
    assert await found("ไม่มีคนนี้") == set()

    r = await client.get(URL, params={"q": "..."}, headers=headers)
    assert r.status_code == 422
    assert r.json()["code"] == "citizens.empty_query"


async def test_search_by_national_id_is_exact(db, client):
    org = await make_organisation(db)
    nid = national_id()
    person_ = await make_citizen(db, org, national_id=nid)
    await make_citizen(db, org)
    headers = await signed_in(db, client, org, "viewer")

    r = await client.get(URL, params={"national_id": f"{nid[0]}-{nid[1:5]}-{nid[5:10]}-{nid[10:12]}-{nid[12]}"},
                         headers=headers)
    assert [i["id"] for i in r.json()["items"]] == [str(person_.id)]

    r = await client.get(URL, params={"national_id": nid[:6]}, headers=headers)
    assert r.status_code == 422
    assert r.json()["code"] == "national_id.length"


async def test_search_by_village_and_status(db, client):
    org = await make_organisation(db)
    v1 = await make_village(db, org, number=1)
    v2 = await make_village(db, org, number=2)
    a = await make_citizen(db, org, village_id=v1.id)
    b = await make_citizen(db, org, village_id=v2.id)
    dead = await make_citizen(db, org, village_id=v1.id, death_date=date(2024, 1, 1))
    headers = await signed_in(db, client, org, "viewer")

    r = await client.get(URL, params={"village_id": str(v1.id)}, headers=headers)
    assert {i["id"] for i in r.json()["items"]} == {str(a.id), str(dead.id)}
    r = await client.get(URL, params={"village_id": str(v1.id), "status": "active"}, headers=headers)
    assert [i["id"] for i in r.json()["items"]] == [str(a.id)]
    r = await client.get(URL, params={"status": "deceased"}, headers=headers)
    assert [i["id"] for i in r.json()["items"]] == [str(dead.id)]
    r = await client.get(URL, params={"village_id": str(v2.id)}, headers=headers)
    assert [i["id"] for i in r.json()["items"]] == [str(b.id)]


async def test_search_by_age_range_counts_year_only_birth_dates_from_1_january(db, client):
    org = await make_organisation(db)
    headers = await signed_in(db, client, org, "officer")
    # Year only, sent with a day that is not known: kept as 1 January 1964.
    r = await client.post(URL, headers=headers, json=person(birth_date="1964-07-15", birth_precision="year"))
    assert r.status_code == 201, r.text
    year_only = r.json()
    assert year_only["birth_date"] == "1964-01-01"
    assert year_only["birth_precision"] == "year"
    assert year_only["birth_date_th"] == "พ.ศ. 2507"
    r = await client.post(URL, headers=headers, json=person(birth_date="1964-03-20", birth_precision="month"))
    month_only = r.json()
    assert month_only["birth_date"] == "1964-03-01" and month_only["birth_date_th"] == "เดือนมีนาคม พ.ศ. 2507"
    late_1964 = (await client.post(URL, headers=headers, json=person(birth_date="1964-12-01"))).json()
    young = (await client.post(URL, headers=headers, json=person(birth_date="2000-01-01"))).json()
    await client.post(URL, headers=headers, json=person(birth_date=None))  # no birth date: never in an age range

    async def found(**params: object) -> set[str]:
        r = await client.get(URL, params=params, headers=headers)
        assert r.status_code == 200, r.text
        return {i["id"] for i in r.json()["items"]}

    # On 1 June 2024 the year-only person counts as 60 (born 1 January 1964), as the
    # elderly allowance counts them; the one born in December 1964 is 59.
    assert await found(min_age=60, age_on="2024-06-01") == {year_only["id"], month_only["id"]}
    assert await found(min_age=59, max_age=59, age_on="2024-06-01") == {late_1964["id"]}
    assert await found(min_age=60, age_on="2024-02-29") == {year_only["id"]}
    assert await found(min_age=60, age_on="2024-03-01") == {year_only["id"], month_only["id"]}
    assert await found(min_age=60, age_on="2023-12-31") == set()
    assert await found(max_age=30, age_on="2024-06-01") == {young["id"]}
    assert await found(min_age=0) == {year_only["id"], month_only["id"], late_1964["id"], young["id"]}

    r = await client.get(URL, params={"min_age": 70, "max_age": 60}, headers=headers)
    assert r.status_code == 422 and r.json()["code"] == "citizens.age_range"


async def test_birth_dates_in_the_future_or_typed_in_be_are_refused(db, client):
    org = await make_organisation(db)
    headers = await signed_in(db, client, org, "officer")
    tomorrow = (service.today() + timedelta(days=1)).isoformat()
    r = await client.post(URL, headers=headers, json=person(birth_date=tomorrow))
    assert r.status_code == 422 and r.json()["code"] == "citizens.birth_in_future"
    r = await client.post(URL, headers=headers, json=person(birth_date="1495-05-12"))  # 2495 BE with CE wrong
    assert r.status_code == 422 and r.json()["code"] == "citizens.birth_too_early"
    r = await client.post(URL, headers=headers, json=person(birth_precision="decade"))
    assert r.status_code == 422 and r.json()["code"] == "validation_failed"


async def test_lists_mask_the_id_and_only_the_permission_reads_it_with_an_audit_row(db, client):
    org = await make_organisation(db)
    nid = national_id()
    citizen = await make_citizen(db, org, national_id=nid)
    viewer = await signed_in(db, client, org, "viewer")
    officer = await signed_in(db, client, org, "officer")

    for headers in (viewer, officer):
        r = await client.get(URL, headers=headers)
        assert r.status_code == 200
        assert r.json()["items"][0]["national_id_masked"] == f"{nid[0]}-{nid[1:5]}-xxxxx-xx-{nid[12]}"
        assert nid not in r.text and "national_id\"" not in r.text
        r = await client.get(f"{URL}/{citizen.id}", headers=headers)
        assert nid not in r.text

    reads = (AuditEntry.entity_id == str(citizen.id), AuditEntry.action == "citizen.read_national_id")
    r = await client.get(f"{URL}/{citizen.id}/national-id", headers=viewer)
    assert r.status_code == 403
    assert r.json()["code"] == "forbidden.permission"
    assert await _count(db, AuditEntry, *reads) == 0

    r = await client.get(f"{URL}/{citizen.id}/national-id", headers=officer)
    assert r.status_code == 200, r.text
    assert r.json()["national_id"] == nid
    assert r.json()["national_id_formatted"] == f"{nid[0]}-{nid[1:5]}-{nid[5:10]}-{nid[10:12]}-{nid[12]}"
    entry = (await db.execute(select(AuditEntry).where(*reads))).scalar_one()
    assert entry.organisation_id == org.id
    assert entry.actor_kind == "user" and entry.actor_id is not None


async def test_patch_needs_if_match_and_keeps_status_out(db, client):
    org = await make_organisation(db)
    citizen = await make_citizen(db, org, first_name="สมหญิง")
    headers = await signed_in(db, client, org, "officer")
    url = f"{URL}/{citizen.id}"

    r = await client.patch(url, headers=headers, json={"first_name": "สมใจ"})
    assert r.status_code == 428
    r = await client.patch(url, headers={**headers, "If-Match": '"9"'}, json={"first_name": "สมใจ"})
    assert r.status_code == 409 and r.json()["code"] == "conflict.stale_version"
    r = await client.patch(url, headers={**headers, "If-Match": '"1"'}, json={"death_date": "2024-01-01"})
    assert r.status_code == 422
    r = await client.patch(url, headers={**headers, "If-Match": '"1"'}, json={"title": None})
    assert r.status_code == 422
    r = await client.patch(url, headers={**headers, "If-Match": '"1"'}, json={"national_id": "1234567890123"})
    assert r.status_code == 422 and r.json()["code"] == "national_id.check_digit"

    r = await client.patch(url, headers={**headers, "If-Match": '"1"'},
                           json={"first_name": "สมใจ", "birth_precision": "year"})
    assert r.status_code == 200, r.text
    assert r.headers["ETag"] == '"2"'
    assert r.json()["birth_date"] == "1950-01-01"  # the known day and month dropped with the precision
    # The search key follows the name.
    r = await client.get(URL, params={"q": "สมใจ"}, headers=headers)
    assert [i["id"] for i in r.json()["items"]] == [str(citizen.id)]
    r = await client.get(URL, params={"q": "สมหญิง"}, headers=headers)
    assert r.json()["items"] == []


async def test_a_viewer_cannot_register_or_change_anyone(db, client):
    org = await make_organisation(db)
    citizen = await make_citizen(db, org)
    headers = await signed_in(db, client, org, "viewer")
    r = await client.post(URL, headers=headers, json=person())
    assert r.status_code == 403
    r = await client.post(f"{URL}/{citizen.id}/death", headers=headers,
                          json={"death_date": "2024-01-01", "note": "มรณบัตร"})
    assert r.status_code == 403
    leader = await signed_in(db, client, org, "leader")  # no citizens:read at all
    r = await client.get(URL, headers=leader)
    assert r.status_code == 403


async def test_recording_a_death_emits_the_event_and_closes_the_household(db, client):
    org = await make_organisation(db)
    citizen = await make_citizen(db, org, birth_date=date(1950, 5, 12))
    household = await make_household(db, org)
    membership = await make_member(db, household, citizen, joined_on=date(2000, 1, 1))
    headers = await signed_in(db, client, org, "officer")
    url = f"{URL}/{citizen.id}/death"
    events = (OutboxEvent.subject_id == str(citizen.id), OutboxEvent.topic == "citizen.died")

    tomorrow = (service.today() + timedelta(days=1)).isoformat()
    r = await client.post(url, headers=headers, json={"death_date": tomorrow, "note": "มรณบัตร 1/2568"})
    assert r.status_code == 422 and r.json()["code"] == "citizens.date_in_future"
    r = await client.post(url, headers=headers, json={"death_date": "1949-01-01", "note": "มรณบัตร 1/2568"})
    assert r.status_code == 422 and r.json()["code"] == "citizens.death_before_birth"
    r = await client.post(url, headers=headers, json={"death_date": "2025-03-14"})
    assert r.status_code == 422  # the evidence note is required
    assert await _count(db, OutboxEvent, *events) == 0  # nothing half-written by the refusals

    r = await client.post(url, headers=headers, json={"death_date": "2025-03-14", "note": "มรณบัตร 1/2568"})
    assert r.status_code == 200, r.text
    assert r.json()["status"] == "deceased" and r.json()["death_date"] == "2025-03-14"
    assert r.json()["age"] == 74  # at death, not today
    event = (await db.execute(select(OutboxEvent).where(*events))).scalar_one()
    assert event.payload == {"citizen_id": str(citizen.id), "death_date": "2025-03-14"}
    assert event.organisation_id == org.id
    left_on = (await db.execute(select(HouseholdMember.left_on)
                                .where(HouseholdMember.id == membership.id))).scalar_one()
    assert left_on == date(2025, 3, 14)
    assert await _count(db, AuditEntry, AuditEntry.entity_id == str(citizen.id),
                        AuditEntry.action == "citizen.record_death") == 1

    r = await client.post(url, headers=headers, json={"death_date": "2025-03-15", "note": "ซ้ำ"})
    assert r.status_code == 409 and r.json()["code"] == "citizens.already_deceased"
    assert await _count(db, OutboxEvent, *events) == 1
    r = await client.post(f"{URL}/{citizen.id}/move-out", headers=headers,
                          json={"moved_out_on": "2025-04-01", "note": "ใบแจ้งย้าย"})
    assert r.status_code == 409 and r.json()["code"] == "citizens.deceased"


async def test_moving_away_emits_its_event_once(db, client):
    org = await make_organisation(db)
    citizen = await make_citizen(db, org)
    headers = await signed_in(db, client, org, "officer")
    url = f"{URL}/{citizen.id}/move-out"

    r = await client.post(url, headers=headers, json={"moved_out_on": "2025-06-01", "note": "ย้ายไป จ.ขอนแก่น"})
    assert r.status_code == 200, r.text
    assert r.json()["status"] == "moved_out" and r.json()["moved_out_on"] == "2025-06-01"
    event = (await db.execute(select(OutboxEvent).where(OutboxEvent.subject_id == str(citizen.id)))).scalar_one()
    assert event.topic == "citizen.moved_out"
    assert event.payload == {"citizen_id": str(citizen.id), "moved_out_on": "2025-06-01"}

    r = await client.post(url, headers=headers, json={"moved_out_on": "2025-06-02", "note": "ซ้ำ"})
    assert r.status_code == 409 and r.json()["code"] == "citizens.already_moved_out"


async def test_the_programme_filter_is_a_hook_for_the_allowances_domain(db, client, monkeypatch):
    org = await make_organisation(db)
    enrolled = await make_citizen(db, org)
    await make_citizen(db, org)
    headers = await signed_in(db, client, org, "viewer")

    monkeypatch.delitem(service._SEARCH_FILTERS, "programme", raising=False)
    r = await client.get(URL, params={"programme": "elderly"}, headers=headers)
    assert r.status_code == 422
    assert r.json()["code"] == "citizens.filter_unavailable"
    assert r.json()["errors"][0]["field"] == "programme"

    seen: list[str] = []

    def only_enrolled(stmt, value):  # type: ignore[no-untyped-def]
        seen.append(value)
        return stmt.where(Citizen.id == enrolled.id)

    monkeypatch.setitem(service._SEARCH_FILTERS, "programme", only_enrolled)
    r = await client.get(URL, params={"programme": "elderly"}, headers=headers)
    assert r.status_code == 200, r.text
    assert [i["id"] for i in r.json()["items"]] == [str(enrolled.id)]
    assert seen == ["elderly"]


def test_name_key_drops_marks_spaces_dots_and_case():
    assert service.name_key("สมหญิง") == service.name_key(" สม หญง ")
    assert service.name_key("น.ส. Somying") == "นสsomying"
    # ำ typed as nikhahit + sara aa is the same name.
    assert service.name_key("คำ") == service.name_key("ค\u0e4d\u0e32")
    assert service.name_key("Renée") == "renee"


async def test_another_organisations_person_is_not_found(db, client):
    org = await make_organisation(db)
    other = await make_organisation(db)
    theirs = await make_citizen(db, other)
    headers = await signed_in(db, client, org, "officer")
    for path in ("", "/national-id", "/timeline", "/bank-accounts", "/households"):
        r = await client.get(f"{URL}/{theirs.id}{path}", headers=headers)
        assert r.status_code == 404, (path, r.text)
        assert r.json()["code"] == "citizens.not_found"
    assert await _count(db, AuditEntry, AuditEntry.entity_id == str(theirs.id),
                        AuditEntry.action == "citizen.read_national_id") == 0
    r = await client.get(URL, params={"national_id": theirs.national_id}, headers=headers)
    assert r.json()["items"] == []
