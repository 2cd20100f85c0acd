"""Registration through the HTTP API: the manual's steps, each guard with its reason code,
and nothing half-written when a step is refused."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

import pytest
from sqlalchemy import func, select

from chumchon.allowances.models import Registration
from chumchon.core.workflow import WorkflowEntry
from tests.allowances.flow import (
    API,
    DOCS,
    office,
    pdf_text,
    person,
    register,
    step,
    to_active,
    to_verified,
)
from tests.citizens.factories import national_id, wrong_check_digit
from tests.factories import make_organisation


async def _history(db, reg_id: str) -> int:  # type: ignore[no-untyped-def]
    return (await db.execute(select(func.count()).select_from(WorkflowEntry)
                             .where(WorkflowEntry.subject_type == "allowance_registration",
                                    WorkflowEntry.subject_id == uuid.UUID(reg_id)))).scalar_one()


async def _refused(client, db, off, reg: dict[str, Any], transition: str,  # type: ignore[no-untyped-def]
                   evidence: dict[str, Any], code: str, who: str = "officer", status: int = 409,
                   note: str | None = None) -> None:
    """The step is refused with `code`, and the registration and its history are unchanged."""
    before = (await client.get(f"{API}/registrations/{reg['id']}", headers=off.h["officer"])).json()
    history = await _history(db, reg["id"])
    body: dict[str, Any] = {"evidence": evidence}
    if note:
        body["note"] = note
    r = await client.post(f"{API}/registrations/{reg['id']}/workflow/{transition}", json=body, headers=off.h[who])
    assert r.status_code == status, r.text
    assert r.json()["code"] == code
    after = (await client.get(f"{API}/registrations/{reg['id']}", headers=off.h["officer"])).json()
    assert after == before
    assert await _history(db, reg["id"]) == history


async def test_an_elderly_registration_from_documents_to_active(db, client):
    off = await office(db, client)
    officer = off.h["officer"]

    # The person enters the registry through the citizens API; a bad ID is the citizens domain's 422.
    good = national_id()
    body = {"national_id": wrong_check_digit(good), "title": "นาง", "first_name": "บุญเรือน", "last_name": "ศรีสุข",
            "birth_date": "1950-01-01", "birth_precision": "year", "sex": "female", "village_id": str(off.village.id),
            "house_number": "45", "phone": "081-234-5678"}
    r = await client.post("/api/v1/citizens", json=body, headers=officer)
    assert r.status_code == 422, r.text
    assert r.json()["code"] == "national_id.check_digit"
    r = await client.post("/api/v1/citizens", json={**body, "national_id": good}, headers=officer)
    assert r.status_code == 201, r.text
    citizen_id = r.json()["id"]
    r = await client.post(f"/api/v1/citizens/{citizen_id}/bank-accounts", headers=officer, json={
        "kind": "bank", "bank_code": "006", "branch": "จัตุรัส", "account_no": "123-4-56789-0",
        "account_name": "นางบุญเรือน ศรีสุข"})
    assert r.status_code == 201, r.text

    # 1. Documents received.
    r = await client.post(f"{API}/registrations", headers=officer, json={
        "citizen_id": citizen_id, "programme": "elderly", "received_on": "2024-11-15",
        "documents": [{"kind": "id_card"}, {"kind": "house_registration", "file_ref": "scans/0001-house.pdf"},
                      {"kind": "bank_book", "received": False}]})
    assert r.status_code == 201, r.text
    reg = r.json()
    assert reg["state"] == "documents_received" and reg["state_label_th"] == "รับเอกสารแล้ว"
    assert reg["fiscal_year"] == 2569  # applied in Oct-Nov 2567 BE for the year paid from October 2568
    assert {d["kind"]: d["received"] for d in reg["documents"]} == {
        "id_card": True, "house_registration": True, "bank_book": False}
    assert r.headers["ETag"] == '"1"'

    r = await client.get(f"{API}/registrations/{reg['id']}/request-form.pdf", headers=officer)
    assert r.status_code == 409 and r.json()["code"] == "workflow.wrong_state"

    # The bank book page is missing: the request cannot be recorded yet.
    await _refused(client, db, off, reg, "record", {"request_no": "7/2568", "recorded_on": "2024-11-15"},
                   "allowance.documents_missing")
    r = await client.patch(f"{API}/registrations/{reg['id']}", headers={**officer, "If-Match": '"1"'},
                           json={"documents": [{"kind": "bank_book", "file_ref": "scans/0001-bank.pdf"}]})
    assert r.status_code == 200, r.text

    # 2. Recorded, and the request form printed with the applicant's data.
    await step(client, officer, reg["id"], "record", {"request_no": "7/2568", "recorded_on": "2024-11-15"})
    r = await client.get(f"{API}/registrations/{reg['id']}/request-form.pdf", headers=officer)
    assert r.status_code == 200, r.text
    assert r.headers["content-type"] == "application/pdf"
    text = pdf_text(r.content)
    assert "แบบคำขอลงทะเบียนรับเงินเบี้ยยังชีพผู้สูงอายุ" in text
    assert "นางบุญเรือน ศรีสุข" in text
    assert "เกิดวันที่ 2493" in text  # year-only birth: the year, never an invented 1 January
    assert "123-4-56789-0".replace("-", "") in text.replace("-", "")

    # 3. Verified; 4. approved only by someone with allowances:approve.
    await step(client, officer, reg["id"], "verify", {"checked_on": "2024-11-20"})
    await _refused(client, db, off, reg, "approve", {"approved_on": "2024-11-25"}, "workflow.permission",
                   status=403)
    view = await step(client, off.h["executive"], reg["id"], "approve",
                      {"approved_on": "2024-11-25", "order_no": "คำสั่ง 12/2568"})
    assert view["state"] == "approved"

    # 5. Active from the month the rules say: October of the year registered for.
    r = await client.get(f"{API}/registrations/{reg['id']}", headers=officer)
    assert r.json()["start_month"] == "2025-10-01"
    view = await step(client, officer, reg["id"], "activate")
    assert view["state"] == "active"
    assert [s["status"] for s in view["steps"]] == ["done", "done", "done", "done"]
    assert [h["transition"] for h in view["history"]] == ["record", "verify", "approve", "activate"]
    assert view["history"][2]["evidence"]["order_no"] == "คำสั่ง 12/2568"

    # Corrections after approval are limited to payment and card details; state never.
    r = await client.patch(f"{API}/registrations/{reg['id']}", headers={**officer, "If-Match": '"1"'},
                           json={"received_on": "2025-01-05"})
    assert r.status_code == 409
    r = await client.patch(f"{API}/registrations/{reg['id']}", headers={**officer, "If-Match": '"1"'},
                           json={"state": "ended"})
    assert r.status_code == 422


async def test_confirmation_of_right_is_the_2566_flow_for_the_elderly(db, client):
    off = await office(db, client)
    citizen = await person(db, off, birth_date=date(1965, 6, 3), first_name="ประยงค์")
    reg = await register(client, off, citizen, kind="confirmation", received_on="2025-02-10")
    assert reg["kind"] == "confirmation" and reg["kind_label_th"] == "ยืนยันสิทธิ"
    assert {d["kind"] for d in reg["documents"] if d["required"]} == {"confirmation_form", "bank_book"}
    await to_verified(client, off, reg["id"], on="2025-02-10")
    r = await client.get(f"{API}/registrations/{reg['id']}/request-form.pdf", headers=off.h["officer"])
    assert "แบบยืนยันสิทธิรับเงินเบี้ยยังชีพผู้สูงอายุ" in pdf_text(r.content)
    await step(client, off.h["executive"], reg["id"], "approve", {"approved_on": "2025-02-11"})
    r = await client.get(f"{API}/registrations/{reg['id']}", headers=off.h["officer"])
    # Born 3 June 1965: 60 on 2 June 2025, inside FY2568, registered for FY2569: paid from October.
    assert r.json()["start_month"] == "2025-10-01"

    r = await client.post(f"{API}/registrations", headers=off.h["officer"], json={
        "citizen_id": str(citizen.id), "programme": "disability", "kind": "confirmation"})
    assert r.status_code == 422 and r.json()["code"] == "allowance.confirmation_elderly_only"


async def test_an_under_age_applicant_is_refused_at_verification(db, client):
    off = await office(db, client)
    # The FY2569 cohort is born before 2 September 2509 BE (1966); this person is born on that day.
    citizen = await person(db, off, birth_date=date(1966, 9, 2))
    reg = await register(client, off, citizen)
    await step(client, off.h["officer"], reg["id"], "record", {"request_no": "1/2568", "recorded_on": "2024-11-15"})
    await _refused(client, db, off, reg, "verify", {"checked_on": "2024-11-20"}, "allowance.under_age")

    r = await client.get(f"{API}/registrations/{reg['id']}/eligibility", headers=off.h["officer"])
    body = r.json()
    assert body["eligible"] is False
    assert [c["code"] for c in body["checks"] if not c["passed"]] == ["allowance.under_age"]
    r = await client.get(f"{API}/registrations/{reg['id']}/workflow", headers=off.h["officer"])
    verify = next(a for a in r.json()["actions"] if a["transition"] == "verify")
    assert verify["allowed"] is False and verify["reason_code"] == "allowance.under_age"

    # The officer rejects it, with the reason; the person may apply again next year.
    await step(client, off.h["executive"], reg["id"], "reject", {"reason_code": "allowance.under_age"},
               note="เกิดหลังวันที่ 1 ก.ย. 2509 ให้ยื่นในปีงบประมาณถัดไป")
    again = await register(client, off, citizen, received_on="2025-10-15")
    assert again["fiscal_year"] == 2570


async def test_a_second_open_registration_is_a_duplicate(db, client):
    off = await office(db, client)
    citizen = await person(db, off, birth_date=date(1950, 5, 12))
    first = await register(client, off, citizen)
    r = await client.post(f"{API}/registrations", headers=off.h["officer"], json={
        "citizen_id": str(citizen.id), "programme": "elderly", "received_on": "2024-11-16",
        "documents": DOCS["elderly"]})
    assert r.status_code == 409, r.text
    assert r.json()["code"] == "allowance.duplicate_registration"
    assert r.json()["existing_id"] == first["id"]
    count = (await db.execute(select(func.count()).select_from(Registration)
                              .where(Registration.citizen_id == citizen.id))).scalar_one()
    assert count == 1
    # Another programme is not a duplicate: the disability allowance is paid besides.
    await register(client, off, citizen, "disability", disability_card_no="3600100012345",
                   disability_card_expires_on="2030-01-01")


@pytest.mark.parametrize(("fields", "extra", "code"), [
    ({"nationality": "MMR"}, {}, "allowance.not_thai"),
    ({"village_id": None}, {}, "allowance.not_resident"),
    ({"moved_out_on": date(2024, 10, 1)}, {}, "allowance.not_resident"),
    ({"death_date": date(2024, 11, 18)}, {}, "allowance.dead"),
    ({}, {"received_on": "2024-12-10"}, "allowance.window_closed"),  # December is closed
])
async def test_eligibility_refusals_name_their_reason(db, client, fields, extra, code):
    off = await office(db, client)
    if fields.get("village_id", "") is None:
        citizen = await person(db, off, birth_date=date(1950, 5, 12), village_id=None)
    else:
        citizen = await person(db, off, birth_date=date(1950, 5, 12), **fields)
    reg = await register(client, off, citizen, **extra)
    await step(client, off.h["officer"], reg["id"], "record", {"request_no": "1/2568", "recorded_on": "2024-12-10"})
    await _refused(client, db, off, reg, "verify", {"checked_on": "2024-12-10"}, code)


async def test_other_state_welfare_excludes_the_elderly_allowance(db, client):
    off = await office(db, client)
    citizen = await person(db, off, birth_date=date(1950, 5, 12))
    reg = await register(client, off, citizen)
    await step(client, off.h["officer"], reg["id"], "record", {"request_no": "1/2568", "recorded_on": "2024-11-15"})
    await _refused(client, db, off, reg, "verify", {"checked_on": "2024-11-20", "other_welfare": ["pension"]},
                   "allowance.other_welfare")


async def test_the_disability_allowance_needs_a_valid_card(db, client):
    off = await office(db, client)
    citizen = await person(db, off, birth_date=date(2012, 3, 1))
    reg = await register(client, off, citizen, "disability", received_on="2025-06-10")
    await step(client, off.h["officer"], reg["id"], "record", {"request_no": "1/2568", "recorded_on": "2025-06-10"})
    await _refused(client, db, off, reg, "verify", {"checked_on": "2025-06-10"}, "allowance.card_missing")
    r = await client.patch(f"{API}/registrations/{reg['id']}", headers={**off.h["officer"], "If-Match": '"2"'},
                           json={"disability_card_no": "3600100012345", "disability_card_expires_on": "2025-05-31"})
    assert r.status_code == 200, r.text
    await _refused(client, db, off, r.json(), "verify", {"checked_on": "2025-06-10"}, "allowance.card_expired")
    r = await client.patch(f"{API}/registrations/{reg['id']}", headers={**off.h["officer"], "If-Match": '"3"'},
                           json={"disability_card_expires_on": "2033-05-31"})
    await step(client, off.h["officer"], reg["id"], "verify", {"checked_on": "2025-06-10"})
    await step(client, off.h["executive"], reg["id"], "approve", {"approved_on": "2025-06-12"})
    r = await client.get(f"{API}/registrations/{reg['id']}", headers=off.h["officer"])
    assert r.json()["start_month"] == "2025-07-01"  # the month after registration
    assert r.json()["fiscal_year"] == 2568


async def test_a_means_test_is_off_until_switched_on(db, client):
    off = await office(db, client)
    r = await client.get(f"{API}/programmes/elderly/settings", headers=off.h["officer"])
    assert r.json()["means_test_enabled"] is False and r.json()["saved"] is False and r.headers["ETag"] == '"0"'
    r = await client.patch(f"{API}/programmes/elderly/settings", headers={**off.h["officer"], "If-Match": '"0"'},
                           json={"means_test_enabled": True})
    assert r.status_code == 403  # organisation:manage
    r = await client.patch(f"{API}/programmes/elderly/settings", headers={**off.h["admin"], "If-Match": '"0"'},
                           json={"means_test_enabled": True, "income_limit": "30000.00"})
    assert r.status_code == 200, r.text
    assert r.json()["version"] == 1
    r = await client.patch(f"{API}/programmes/elderly/settings", headers={**off.h["admin"], "If-Match": '"1"'},
                           json={"excludes": ["hiv"]})
    assert r.status_code == 422 and r.json()["code"] == "allowance_settings.invalid_exclusion"

    citizen = await person(db, off, birth_date=date(1950, 5, 12))
    reg = await register(client, off, citizen)
    await step(client, off.h["officer"], reg["id"], "record", {"request_no": "1/2568", "recorded_on": "2024-11-15"})
    await _refused(client, db, off, reg, "verify", {"checked_on": "2024-11-20"}, "allowance.income_unknown")
    await _refused(client, db, off, reg, "verify", {"checked_on": "2024-11-20", "annual_income": "48000.00"},
                   "allowance.income_too_high")
    await step(client, off.h["officer"], reg["id"], "verify", {"checked_on": "2024-11-20", "annual_income": "12000.00"})


async def test_a_person_paid_by_another_organisation_is_refused(db, client):
    off = await office(db, client)
    other = await office(db, client)
    same_id = national_id()
    there = await person(db, other, national_id=same_id, birth_date=date(1950, 5, 12))
    await register(client, other, there)
    here = await person(db, off, national_id=same_id, birth_date=date(1950, 5, 12))
    reg = await register(client, off, here)
    await step(client, off.h["officer"], reg["id"], "record", {"request_no": "1/2568", "recorded_on": "2024-11-15"})
    await _refused(client, db, off, reg, "verify", {"checked_on": "2024-11-20"}, "allowance.paid_elsewhere")


async def test_suspension_resumption_and_the_end_of_the_right(db, client):
    off = await office(db, client)
    citizen = await person(db, off, birth_date=date(1950, 5, 12))
    reg = await register(client, off, citizen)
    await to_active(client, off, reg["id"])
    await _refused(client, db, off, reg, "suspend", {"from_month": "2026-02-01", "reason": "under_review"},
                   "workflow.note_required", status=422)
    await step(client, off.h["officer"], reg["id"], "suspend", {"from_month": "2026-02-01", "reason": "under_review"},
               note="ตรวจสอบข้อมูลรายได้")
    await _refused(client, db, off, reg, "resume", {"from_month": "2026-01-01"}, "allowance.resume_before_suspend",
                   status=422)
    view = await step(client, off.h["officer"], reg["id"], "resume", {"from_month": "2026-04-01"})
    assert view["state"] == "active"
    view = await step(client, off.h["officer"], reg["id"], "end", {"reason": "waived", "event_date": "2026-06-20"},
                      note="หนังสือสละสิทธิ ลงวันที่ 20 มิ.ย. 2569")
    assert view["state"] == "ended" and view["terminal"] is True
    r = await client.get(f"{API}/registrations/{reg['id']}", headers=off.h["officer"])
    assert r.json()["end_month"] == "2026-06-01" and r.json()["end_reason_label_th"] == "แจ้งสละสิทธิเป็นหนังสือ"
    # Ended is history: the person may register again.
    await register(client, off, citizen, received_on="2026-07-01")


async def test_lists_filter_and_page(db, client):
    off = await office(db, client)
    a = await person(db, off, birth_date=date(1950, 5, 12), first_name="ก")
    b = await person(db, off, birth_date=date(2010, 5, 12), first_name="ข")
    await register(client, off, a)
    await register(client, off, b, "disability", received_on="2025-03-01")
    r = await client.get(f"{API}/registrations", params={"programme": "disability"}, headers=off.h["viewer"])
    assert r.status_code == 200, r.text
    assert [i["citizen"]["full_name_th"] for i in r.json()["items"]] == ["นางข มีสุข"]
    r = await client.get(f"{API}/registrations", params={"village_id": str(off.village.id), "sort": "received_on"},
                         headers=off.h["viewer"])
    assert [i["programme"] for i in r.json()["items"]] == ["elderly", "disability"]
    assert r.json()["items"][0]["citizen"]["national_id_masked"].count("x") == 7

    org = await make_organisation(db)
    r = await client.get(f"{API}/registrations", params={"citizen_id": str(org.id)}, headers=off.h["viewer"])
    assert r.json()["total"] == 0


async def test_programmes_show_documents_rates_and_windows(db, client):
    off = await office(db, client)
    r = await client.get(f"{API}/programmes", headers=off.h["viewer"])
    assert r.status_code == 200, r.text
    by_code = {p["code"]: p for p in r.json()}
    assert [(x["age_min"], x["amount"]) for x in by_code["elderly"]["current_rates"]] == [
        (60, "600.00"), (70, "700.00"), (80, "800.00"), (90, "1000.00")]
    assert [(x["age_max"], x["amount"]) for x in by_code["disability"]["current_rates"]] == [
        (17, "1000.00"), (None, "800.00")]
    assert by_code["hiv"]["current_rates"][0]["amount"] == "500.00"
    assert by_code["hiv"]["settings"]["payer"] == "lao" and by_code["elderly"]["settings"]["payer"] == "cgd"
    r = await client.get(f"{API}/programmes/disability/rates", headers=off.h["viewer"])
    assert [x["effective_from"] for x in r.json()] == ["2014-10-01", "2020-10-01", "2020-10-01"]
    r = await client.get(f"{API}/windows", params={"programme": "elderly", "fiscal_year": 2569},
                         headers=off.h["viewer"])
    assert [(w["opens_on"], w["closes_on"]) for w in r.json()] == [("2024-10-01", "2024-11-30"),
                                                                   ("2025-01-01", "2025-09-30")]
    assert r.json()[0]["cohort_born_before"] == "1966-09-02"


async def test_the_public_notice_lists_names_and_villages_never_health_data(db, client):
    off = await office(db, client)
    for first, born in (("ประเสริฐ", date(1965, 6, 3)), ("บุญมา", date(1958, 1, 1))):
        citizen = await person(db, off, birth_date=born, first_name=first)
        reg = await register(client, off, citizen)
        await to_active(client, off, reg["id"])
    pending = await person(db, off, birth_date=date(1960, 1, 1), first_name="รอตรวจ")
    await register(client, off, pending)
    r = await client.get(f"{API}/programmes/elderly/notice.pdf", params={"fiscal_year": 2569},
                         headers=off.h["viewer"])
    assert r.status_code == 200, r.text
    text = pdf_text(r.content)
    assert "รายชื่อผู้มีสิทธิรับเบี้ยยังชีพผู้สูงอายุ ประจำปีงบประมาณ พ.ศ. 2569" in text
    assert "นางบุญมา มีสุข" in text and "นางประเสริฐ มีสุข" in text and "รอตรวจ" not in text
    assert "จำนวน 2 ราย" in text
    r = await client.get(f"{API}/programmes/hiv/notice.pdf", params={"fiscal_year": 2569}, headers=off.h["officer"])
    assert r.status_code == 409 and r.json()["code"] == "allowance.notice_not_public"
