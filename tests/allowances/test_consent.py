"""PDPA s.26: health data is collected with explicit consent. An HIV/AIDS registration is
not taken in without the consent recorded (who gave it, when, before which officer, the
scanned form if any), and one that arrived another way cannot be worked on until it is."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import func, select

from chumchon.allowances.models import Registration, RegistrationDocument
from chumchon.allowances.service import today
from chumchon.core.audit import AuditEntry
from tests.allowances.flow import API, DOCS, make_registration, office, person, register, step

HIV_DOCS = DOCS["hiv"]  # type: ignore[index]


async def _count(db, org_id) -> int:  # type: ignore[no-untyped-def]
    return (await db.execute(select(func.count()).select_from(Registration).where(
        Registration.organisation_id == org_id))).scalar_one()


async def test_no_hiv_intake_without_consent(db, client):
    off = await office(db, client)
    citizen = await person(db, off, birth_date=date(1980, 3, 1))
    body = {"citizen_id": str(citizen.id), "programme": "hiv", "received_on": "2025-06-10", "documents": HIV_DOCS}
    r = await client.post(f"{API}/registrations", json=body, headers=off.h["officer"])
    assert r.status_code == 422 and r.json()["code"] == "allowance.consent_missing", r.text
    assert r.json()["errors"][0]["field"] == "consent"
    for bad, code in (({"given_by": "guardian", "consented_on": "2025-06-10"}, "validation.value_error"),
                      ({"given_by": "self", "consented_on": "2025-06-10", "guardian_name": "นายก"},
                       "validation.value_error"),
                      ({"given_by": "self", "consented_on": (today() + timedelta(days=1)).isoformat()},
                       "allowance.date_in_future")):
        r = await client.post(f"{API}/registrations", json={**body, "consent": bad}, headers=off.h["officer"])
        assert r.status_code == 422, r.text
        assert code in r.text, r.text
    assert await _count(db, off.org.id) == 0

    consent = {"given_by": "guardian", "guardian_name": "นางสมใจ มีสุข", "guardian_relation": "มารดา",
               "consented_on": "2025-06-10", "file_ref": "scans/2568/0007-consent.pdf"}
    reg = await register(client, off, citizen, "hiv", received_on="2025-06-10", consent=consent)
    assert reg["consent"] == {"given_by": "guardian", "given_by_label_th": "ผู้แทนโดยชอบธรรมหรือผู้ดูแล",
                              "guardian_name": "นางสมใจ มีสุข", "guardian_relation": "มารดา",
                              "consented_on": "2025-06-10", "officer_name": "officer ทดสอบ",
                              "file_ref": "scans/2568/0007-consent.pdf"}
    # The consent is health data like the rest: its write is in the log as sensitive.
    entry = (await db.execute(select(AuditEntry).where(AuditEntry.entity == "allowance_registrations",
                                                       AuditEntry.entity_id == reg["id"]))).scalars().first()
    assert entry is not None and entry.sensitive
    # Someone without sensitive:read cannot get at it, or at the registration.
    r = await client.get(f"{API}/registrations/{reg['id']}", headers=off.h["viewer"])
    assert r.status_code == 404 and "สมใจ" not in r.text

    # Other programmes need none (and may keep one).
    elderly = await register(client, off, await person(db, off, birth_date=date(1958, 5, 12)))
    assert elderly["consent"] is None


async def test_a_registration_without_consent_cannot_take_its_first_step(db, client):
    off = await office(db, client)
    citizen = await person(db, off, birth_date=date(1980, 3, 1))
    reg = await make_registration(db, citizen, programme="hiv", received_on=date(2025, 6, 10))
    for kind in ("house_registration", "bank_book", "medical_certificate"):
        db.add(RegistrationDocument(organisation_id=reg.organisation_id, registration_id=reg.id, kind=kind,
                                    received=True))
    await db.commit()
    problem = await step(client, off.h["officer"], reg.id, "record", {"request_no": "3/2568",
                                                                       "recorded_on": "2025-06-11"}, expect=409)
    assert problem["code"] == "allowance.consent_missing"
    r = await client.get(f"{API}/registrations/{reg.id}", headers=off.h["officer"])
    version = r.json()["version"]
    r = await client.patch(f"{API}/registrations/{reg.id}", json={"consent": None},
                           headers={**off.h["officer"], "If-Match": f'"{version}"'})
    assert r.status_code == 422 and r.json()["code"] == "allowance.consent_missing"
    r = await client.patch(f"{API}/registrations/{reg.id}",
                           json={"consent": {"given_by": "self", "consented_on": "2025-06-11"}},
                           headers={**off.h["officer"], "If-Match": f'"{version}"'})
    assert r.status_code == 200, r.text
    assert r.json()["consent"]["given_by"] == "self" and r.json()["consent"]["officer_name"] == "officer ทดสอบ"
    moved = await step(client, off.h["officer"], reg.id, "record", {"request_no": "3/2568",
                                                                     "recorded_on": "2025-06-11"})
    assert moved["state"] == "recorded"
