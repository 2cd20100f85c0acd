"""Helpers that walk registrations and payrolls through the HTTP API, and plain factories
(`make_x(session, ..., **overrides)`) for records another test only needs to exist."""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal
from typing import Any

import httpx
from pypdf import PdfReader
from sqlalchemy.ext.asyncio import AsyncSession

from chumchon.allowances.models import Payroll, PayrollLine, Rate, Registration, RegistrationDocument
from chumchon.allowances.programmes import PROGRAMMES, ProgrammeCode, RegistrationKind
from chumchon.areas.models import Organisation
from chumchon.auth import security
from chumchon.citizens.models import Citizen
from tests.citizens.factories import make_bank_account, make_citizen
from tests.factories import make_organisation, make_user, make_village

API = "/api/v1/allowances"
DOCS = {code: [{"kind": k.value} for k in p.documents[RegistrationKind.registration]]
        for code, p in PROGRAMMES.items()}
CONFIRMATION_DOCS = [{"kind": k.value} for k in PROGRAMMES[ProgrammeCode.elderly].documents[
    RegistrationKind.confirmation]]


class Office:
    """One organisation and the people who work its allowances, signed in."""

    def __init__(self, org: Organisation, village: Any, headers: dict[str, dict[str, str]]) -> None:
        self.org, self.village, self.h = org, village, headers


async def office(db: AsyncSession, client: httpx.AsyncClient) -> Office:
    org = await make_organisation(db)
    village = await make_village(db, org, number=3, name_th="บ้านหนองแวง")
    roles = {
        "officer": ("officer",),                 # has sensitive:read
        "executive": ("executive",),             # approves
        "finance": ("finance",),                 # pays; no sensitive:read
        "treasurer": ("finance", "officer"),     # pays what is sensitive too
        "admin": ("admin",),                     # no sensitive:read
        "viewer": ("viewer",),
    }
    users = {key: await make_user(db, org, *r, full_name=f"{key} ทดสอบ") for key, r in roles.items()}
    await db.commit()
    return Office(org, village, {key: _token(client, org, user, roles[key]) for key, user in users.items()})


def _token(client: httpx.AsyncClient, org: Organisation, user: Any, roles: tuple[str, ...]) -> dict[str, str]:
    # The token a password sign-in issues, without Argon2 six times per test; signing in
    # itself is the auth domain's to test.
    settings = client._transport.app.state.settings  # type: ignore[attr-defined]
    token, _ = security.issue_access_token(settings, subject=str(user.id), kind="user",
                                           claims={"org": str(org.id), "roles": sorted(roles), "name": user.full_name})
    return {"Authorization": f"Bearer {token}"}


async def person(db: AsyncSession, off: Office, *, bank: bool = True, **overrides: Any) -> Citizen:
    values: dict[str, Any] = dict(village_id=off.village.id, house_number="12/3", title="นาง", first_name="สมศรี",
                                  last_name="มีสุข")
    values.update(overrides)
    citizen = await make_citizen(db, off.org, **values)
    if bank:
        await make_bank_account(db, citizen, account_no=f"{abs(hash(citizen.id)) % 10**10:010d}",
                                account_name=f"{citizen.title}{citizen.first_name} {citizen.last_name}")
    await db.commit()
    return citizen


async def step(client: httpx.AsyncClient, headers: dict[str, str], reg_id: Any, name: str,
               evidence: dict[str, Any] | None = None, note: str | None = None, *,
               expect: int = 200, subject: str = "registrations") -> dict[str, Any]:
    body: dict[str, Any] = {"evidence": evidence or {}}
    if note is not None:
        body["note"] = note
    r = await client.post(f"{API}/{subject}/{reg_id}/workflow/{name}", json=body, headers=headers)
    assert r.status_code == expect, r.text
    return r.json()


async def register(client: httpx.AsyncClient, off: Office, citizen: Citizen, programme: str = "elderly", *,
                   received_on: str = "2024-11-15", kind: str = "registration", expect: int = 201,
                   **extra: Any) -> dict[str, Any]:
    if programme == "hiv" and "consent" not in extra:
        extra["consent"] = {"given_by": "self", "consented_on": received_on}  # PDPA: taken at intake
    body = {"citizen_id": str(citizen.id), "programme": programme, "kind": kind, "received_on": received_on,
            "documents": CONFIRMATION_DOCS if kind == "confirmation" else DOCS[ProgrammeCode(programme)], **extra}
    r = await client.post(f"{API}/registrations", json=body, headers=off.h["officer"])
    assert r.status_code == expect, r.text
    return r.json()


async def to_verified(client: httpx.AsyncClient, off: Office, reg_id: Any, *, on: str = "2024-11-20",
                      **verify: Any) -> None:
    await step(client, off.h["officer"], reg_id, "record", {"request_no": "1/2568", "recorded_on": on})
    await step(client, off.h["officer"], reg_id, "verify", {"checked_on": on, **verify})


async def to_active(client: httpx.AsyncClient, off: Office, reg_id: Any, *, on: str = "2024-11-20") -> dict:
    await to_verified(client, off, reg_id, on=on)
    await step(client, off.h["executive"], reg_id, "approve", {"approved_on": on, "order_no": "คำสั่ง 5/2568"})
    return await step(client, off.h["officer"], reg_id, "activate")


async def enrol(db: AsyncSession, client: httpx.AsyncClient, off: Office, programme: str = "elderly", *,
                received_on: str = "2024-11-15", **person_fields: Any) -> tuple[Citizen, dict[str, Any]]:
    """A person registered and active, through the API; returns the person and the registration."""
    citizen = await person(db, off, **person_fields)
    extra = {"disability_card_no": "3600100012345", "disability_card_expires_on": "2030-01-01"} \
        if programme == "disability" else {}
    reg = await register(client, off, citizen, programme, received_on=received_on, **extra)
    await to_active(client, off, reg["id"], on=received_on)
    r = await client.get(f"{API}/registrations/{reg['id']}", headers=off.h["officer"])
    return citizen, r.json()


async def payroll(client: httpx.AsyncClient, off: Office, programme: str, month: str, *,
                  who: str = "officer", expect: int = 201) -> dict[str, Any]:
    r = await client.post(f"{API}/payrolls", json={"programme": programme, "month": month}, headers=off.h[who])
    assert r.status_code == expect, r.text
    return r.json()


async def lines(client: httpx.AsyncClient, off: Office, payroll_id: Any, who: str = "officer") -> list[dict]:
    r = await client.get(f"{API}/payrolls/{payroll_id}/lines", params={"page_size": 200}, headers=off.h[who])
    assert r.status_code == 200, r.text
    return r.json()["items"]


def amounts(items: list[dict], registration_id: Any) -> dict[str, Decimal]:
    """month paid (YYYY-MM) → amount, for one registration."""
    return {i["month_paid"][:7]: Decimal(i["amount"]) for i in items if i["registration_id"] == str(registration_id)}


# --- plain factories (other organisations' records, for the tenancy registry) ------------------------------------


async def make_registration(session: AsyncSession, citizen: Citizen, **overrides: Any) -> Registration:
    values: dict[str, Any] = dict(organisation_id=citizen.organisation_id, citizen_id=citizen.id, programme="elderly",
                                  kind="registration", state="documents_received", received_on=date(2024, 11, 15),
                                  payment_method="bank", other_welfare=[])
    values.update(overrides)
    reg = Registration(**values)
    session.add(reg)
    await session.flush()
    session.add(RegistrationDocument(organisation_id=reg.organisation_id, registration_id=reg.id, kind="id_card",
                                     received=True))
    await session.flush()
    return reg


async def make_payroll(session: AsyncSession, organisation: Organisation, **overrides: Any) -> Payroll:
    values: dict[str, Any] = dict(organisation_id=organisation.id, programme="elderly", month=date(2025, 10, 1),
                                  fiscal_year=2569, state="draft", payer="cgd",
                                  rules={"payer": "cgd", "band_start": "next_month", "death_month_paid": True,
                                         "move_paid_through": "fiscal_year_end", "back_pay_months": 12})
    values.update(overrides)
    p = Payroll(**values)
    session.add(p)
    await session.flush()
    return p


async def make_line(session: AsyncSession, payroll: Payroll, registration: Registration,
                    **overrides: Any) -> PayrollLine:
    from sqlalchemy import select

    rate = (await session.execute(select(Rate).where(Rate.programme == registration.programme).limit(1))).scalar_one()
    values: dict[str, Any] = dict(organisation_id=payroll.organisation_id, payroll_id=payroll.id,
                                  registration_id=registration.id, citizen_id=registration.citizen_id,
                                  month_paid=payroll.month, is_back_pay=False, age=70, rate_id=rate.id,
                                  band_label_th=rate.label_th, amount=rate.amount, status="pending")
    values.update(overrides)
    line = PayrollLine(**values)
    session.add(line)
    await session.flush()
    return line


def pdf_text(data: bytes) -> str:
    """The PDF's text layer, line breaks made spaces (a long line wraps where it wraps)."""
    return " ".join(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages).split())
