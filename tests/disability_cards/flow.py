"""What the disability-card tests share: the municipality's office and the provincial office's
client, HTTP shortcuts for both sides, plain factories, and a snapshot of every row a refused
request could have half-written."""

from __future__ import annotations

import uuid
from datetime import date, timedelta
from typing import Any

import httpx
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from chumchon.areas.models import Organisation
from chumchon.auth import security
from chumchon.auth.permissions import P
from chumchon.citizens.models import Citizen
from chumchon.citizens.service import today
from chumchon.core.audit import AuditEntry
from chumchon.core.outbox import OutboxEvent
from chumchon.core.workflow import WorkflowEntry
from chumchon.disability_cards.models import (
    Batch,
    BatchItem,
    DisabilityCard,
    DisabilityCardRequest,
    RequestDocument,
)
from tests.citizens.factories import make_citizen
from tests.factories import make_organisation, make_user, make_village

API = "/api/v1"
REQUESTS = f"{API}/disability-card-requests"
BATCHES = f"{API}/disability-card-batches"
CARDS = f"{API}/disability-cards"
PROVINCE = f"{API}/province/disability-card-requests"
TABLES = (DisabilityCardRequest, RequestDocument, Batch, BatchItem, DisabilityCard)

TODAY = today()
NEW_CARD_DOCS = [{"kind": k} for k in ("medical_certificate", "id_card_copy", "house_registration_copy", "photo")]


def iso(day: date) -> str:
    return day.isoformat()


def years_after(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def days_ago(n: int) -> str:
    return iso(TODAY - timedelta(days=n))


class Office:
    """One organisation, a village, and the people who work its disability cards, signed in."""

    def __init__(self, org: Organisation, village: Any, h: dict[str, dict[str, str]]) -> None:
        self.org, self.village, self.h = org, village, h

    @property
    def officer(self) -> dict[str, str]:
        return self.h["officer"]


def user_token(client: httpx.AsyncClient, org: Organisation, user: Any, roles: tuple[str, ...]) -> dict[str, str]:
    # The token a password sign-in issues, without Argon2 for every user; signing in is the
    # auth domain's to test (one test below signs the province's client in for real).
    settings = client._transport.app.state.settings  # type: ignore[attr-defined]
    token, _ = security.issue_access_token(settings, subject=str(user.id), kind="user",
                                           claims={"org": str(org.id), "roles": sorted(roles), "name": user.full_name})
    return {"Authorization": f"Bearer {token}"}


def province_client(client: httpx.AsyncClient, province_code: str = "36",
                    scopes: tuple[str, ...] = (P.disability_cards_read, P.disability_cards_decide),
                    name: str = "สำนักงานพัฒนาสังคมและความมั่นคงของมนุษย์จังหวัดชัยภูมิ") -> dict[str, str]:
    """The headers of a provincial office's machine client (the token client credentials give)."""
    settings = client._transport.app.state.settings  # type: ignore[attr-defined]
    token, _ = security.issue_access_token(
        settings, subject=f"client:pmj-{province_code}-{uuid.uuid4().hex[:6]}", kind="client",
        claims={"scopes": sorted(str(s) for s in scopes), "prov": province_code, "name": name})
    return {"Authorization": f"Bearer {token}"}


async def office(db: AsyncSession, client: httpx.AsyncClient, **org_fields: Any) -> Office:
    org = await make_organisation(db, **org_fields)
    village = await make_village(db, org, number=3, name_th="บ้านหนองแวง")
    roles = {"officer": ("officer",), "viewer": ("viewer",), "leader": ("leader",), "executive": ("executive",),
             "admin": ("admin",)}
    users = {key: await make_user(db, org, *r, full_name=f"{key} ทดสอบ") for key, r in roles.items()}
    await db.commit()
    return Office(org, village, {k: user_token(client, org, u, roles[k]) for k, u in users.items()})


async def person(db: AsyncSession, off: Office, **overrides: Any) -> Citizen:
    values: dict[str, Any] = dict(village_id=off.village.id, title="นาย", first_name="สมปอง", last_name="ใจกล้า",
                                  phone="081-234-5678")
    values.update(overrides)
    citizen = await make_citizen(db, off.org, **values)
    await db.commit()
    return citizen


def assert_problem(r: httpx.Response, status: int, code: str) -> dict[str, Any]:
    assert r.status_code == status, r.text
    assert r.headers["content-type"].startswith("application/problem+json"), r.headers["content-type"]
    body = r.json()
    assert body["code"] == code, body
    return body


async def ok(r: httpx.Response, status: int = 200) -> Any:
    assert r.status_code == status, r.text
    return r.json()


# --- the municipality's side ------------------------------------------------------------------


async def start(client: httpx.AsyncClient, off: Office, citizen: Citizen, *, kind: str = "new",
                documents: list[dict[str, Any]] | None = None, expect: int = 201, **extra: Any) -> dict[str, Any]:
    body = {"citizen_id": str(citizen.id), "kind": kind, "disability_types": ["movement"],
            "documents": NEW_CARD_DOCS if documents is None else documents, **extra}
    r = await client.post(REQUESTS, json=body, headers=off.officer)
    assert r.status_code == expect, r.text
    return r.json()


async def step(client: httpx.AsyncClient, headers: dict[str, str], request_id: Any, name: str,
               evidence: dict[str, Any] | None = None, note: str | None = None) -> httpx.Response:
    body: dict[str, Any] = {"evidence": evidence or {}}
    if note is not None:
        body["note"] = note
    return await client.post(f"{REQUESTS}/{request_id}/workflow/{name}", json=body, headers=headers)


async def prepared(client: httpx.AsyncClient, off: Office, citizen: Citizen, **extra: Any) -> dict[str, Any]:
    req = await start(client, off, citizen, **extra)
    await ok(await step(client, off.officer, req["id"], "prepare", {"checked_on": days_ago(12)}))
    return req


async def send(client: httpx.AsyncClient, off: Office, request_ids: list[Any], *, sent_on: str | None = None,
               letter_no: str | None = "ชย 72301/ว 123", headers: dict[str, str] | None = None) -> httpx.Response:
    body: dict[str, Any] = {"request_ids": [str(i) for i in request_ids], "sent_on": sent_on or days_ago(10)}
    if letter_no:
        body["letter_no"] = letter_no
    return await client.post(BATCHES, json=body, headers={**off.officer, **(headers or {})})


# --- the provincial office's side --------------------------------------------------------------


RECEIVE = {"received_on": days_ago(8), "reference": "รับที่ 1234/2568"}


def issue_body(card_number: str = "3-6001-00012-34-5", issued_on: date | None = None) -> dict[str, Any]:
    issued = issued_on or TODAY - timedelta(days=5)
    return {"card_number": card_number, "issued_on": iso(issued),
            "expires_on": iso(years_after(issued, 8) - timedelta(days=1))}


RETURN = {"returned_on": days_ago(7), "reason": "documents_unclear", "note": "รูปถ่ายไม่ชัด กรุณาส่งรูปถ่ายใหม่ 2 รูป"}


async def answer(client: httpx.AsyncClient, headers: dict[str, str], request_id: Any, action: str,
                 body: dict[str, Any] | None = None, **kw: Any) -> httpx.Response:
    default = {"receive": RECEIVE, "issue": issue_body(), "return": RETURN}[action]
    return await client.post(f"{PROVINCE}/{request_id}/{action}", json=default if body is None else body,
                             headers=headers, **kw)


# --- plain factories ---------------------------------------------------------------------------------


async def make_batch(session: AsyncSession, organisation: Organisation, **overrides: Any) -> Batch:
    number = (await session.execute(select(func.coalesce(func.max(Batch.number), 0))
                                    .where(Batch.organisation_id == organisation.id))).scalar_one() + 1
    values: dict[str, Any] = dict(organisation_id=organisation.id, number=number, sent_on=TODAY - timedelta(days=10),
                                  letter_no=None, province_code=organisation.province_code,
                                  sent_by_name="เจ้าหน้าที่ ทดสอบ", request_count=0)
    values.update(overrides)
    batch = Batch(**values)
    session.add(batch)
    await session.flush()
    return batch


_SENT = ("sent", "received", "issued", "returned")


async def make_request(session: AsyncSession, citizen: Citizen, *, state: str = "draft", complete: bool = True,
                       **overrides: Any) -> DisabilityCardRequest:
    """A new-card request at `state`, with every document ticked (unless `complete=False`) and
    the dates each state implies: sent 10 days ago, received 8 days ago."""
    org = (await session.execute(select(Organisation).where(Organisation.id == citizen.organisation_id))).scalar_one()
    values: dict[str, Any] = dict(organisation_id=citizen.organisation_id, citizen_id=citizen.id, kind="new",
                                  state=state, disability_types=["movement"], send_count=0)
    if state != "draft":
        values["prepared_on"] = TODAY - timedelta(days=12)
    if state in _SENT:
        batch = await make_batch(session, org)
        values.update(province_code=org.province_code, first_sent_on=batch.sent_on, last_sent_on=batch.sent_on,
                      last_batch_id=batch.id, send_count=1)
    if state in ("received", "issued"):
        values["received_on"] = TODAY - timedelta(days=8)
    if state == "returned":
        values.update(returned_on=TODAY - timedelta(days=7), return_reason="documents_unclear",
                      return_note="ส่งรูปใหม่")
    if state == "cancelled":
        values["cancelled_on"] = TODAY - timedelta(days=1)
    values.update(overrides)
    req = DisabilityCardRequest(**values)
    session.add(req)
    await session.flush()
    if state in _SENT:
        batch.request_count = 1
        session.add(BatchItem(organisation_id=req.organisation_id, batch_id=batch.id, request_id=req.id, seq=1,
                              resend=False))
    for kind in ("medical_certificate", "id_card_copy", "house_registration_copy", "photo")[: None if complete else 2]:
        session.add(RequestDocument(organisation_id=req.organisation_id, request_id=req.id, kind=kind, received=True))
    await session.flush()
    if state == "issued":
        await make_card(session, req)
    return req


async def make_card(session: AsyncSession, req: DisabilityCardRequest, **overrides: Any) -> DisabilityCard:
    issued = TODAY - timedelta(days=5)
    values: dict[str, Any] = dict(organisation_id=req.organisation_id, citizen_id=req.citizen_id, request_id=req.id,
                                  card_number="3-6001-00012-34-5", disability_types=list(req.disability_types),
                                  issued_on=issued, expires_on=years_after(issued, 8),
                                  province_code=req.province_code or "36", issued_by="พมจ. ทดสอบ")
    values.update(overrides)
    card = DisabilityCard(**values)
    session.add(card)
    await session.flush()
    return card


async def card_on_file(session: AsyncSession, citizen: Citizen, *, issued_on: date,
                       expires_on: date) -> DisabilityCard:
    """A card issued earlier, through a request that is history now."""
    req = await make_request(session, citizen, state="issued")
    card = (await session.execute(select(DisabilityCard).where(DisabilityCard.request_id == req.id))).scalar_one()
    card.issued_on, card.expires_on = issued_on, expires_on
    await session.flush()
    return card


# --- nothing half-written ----------------------------------------------------------------------------


async def snapshot(db: AsyncSession, organisation: Organisation) -> dict[str, Any]:
    """Every row a request of this organisation could write, counted, with each record's
    version: a refused request that leaves this unchanged half-wrote nothing."""
    out: dict[str, Any] = {}
    for model in (*TABLES, WorkflowEntry, OutboxEvent, AuditEntry):
        out[model.__tablename__] = (await db.execute(
            select(func.count()).select_from(model).where(model.organisation_id == organisation.id))).scalar_one()
    for model in TABLES:
        rows = (await db.execute(select(model.id, model.version).where(model.organisation_id == organisation.id)
                                 .order_by(model.id).execution_options(populate_existing=True))).all()
        out[f"{model.__tablename__}.versions"] = [tuple(r) for r in rows]
    out["states"] = [tuple(r) for r in (await db.execute(
        select(DisabilityCardRequest.id, DisabilityCardRequest.state)
        .where(DisabilityCardRequest.organisation_id == organisation.id).order_by(DisabilityCardRequest.id))).all()]
    return out


async def refused(db: AsyncSession, organisation: Organisation, request: Any, status: int,
                  code: str) -> dict[str, Any]:
    """Send `request` (an awaitable response) and show it was refused and wrote nothing."""
    before = await snapshot(db, organisation)
    body = assert_problem(await request, status, code)
    assert await snapshot(db, organisation) == before
    return body


async def reload(db: AsyncSession, model: Any, id_: Any) -> Any:
    return (await db.execute(select(model).where(model.id == uuid.UUID(str(id_)))
                             .execution_options(populate_existing=True))).scalar_one()


# --- the tenancy registry (tests/core/test_tenancy.py) --------------------------------------------


def tenancy_records(mark: str) -> dict[str, Any]:
    """Organisation B's records for every path parameter of the disability-card routes; `mark`
    goes into their text so that a leak is easy to spot. The request was sent to the province
    (36) that organisation A's callers are in too: only the organisation must keep it out."""

    async def request(rec: Any) -> DisabilityCardRequest:
        citizen = await make_citizen(rec.db, rec.org, first_name=f"ผู้ขอบัตร {mark}")
        return await make_request(rec.db, citizen, state="received", note=f"บันทึก {mark}")

    async def batch(rec: Any) -> Batch:
        return await make_batch(rec.db, rec.org, letter_no=f"ที่ {mark}")

    async def card(rec: Any) -> DisabilityCard:
        return await make_card(rec.db, await rec.get("request_id"), issued_by=f"พมจ. {mark}")

    return {"request_id": request, "batch_id": batch, "card_id": card}


def _tenancy_bodies() -> dict[tuple[str, str], dict[str, Any]]:
    issue = {"card_number": "1", "issued_on": "2025-01-01", "expires_on": "2033-01-01"}
    evidence = {
        "prepare": {"evidence": {"checked_on": "2025-01-01"}},
        "send": {"evidence": {"sent_on": "2025-01-01"}},
        "resend": {"evidence": {"sent_on": "2025-01-01"}},
        "receive": {"evidence": {"received_on": "2025-01-01"}},
        "issue": {"evidence": issue},
        "return": {"evidence": {"returned_on": "2025-01-01", "reason": "other"}, "note": "x"},
        "cancel": {"evidence": {"cancelled_on": "2025-01-01"}, "note": "x"},
    }
    province = {"receive": {"received_on": "2025-01-01"}, "issue": issue,
                "return": {"returned_on": "2025-01-01", "reason": "other", "note": "x"}}
    return {
        ("PATCH", "/api/v1/disability-card-requests/{request_id}"): {"note": "ถูกแก้โดย อปท เอ"},
        ("PUT", "/api/v1/disability-card-requests/{request_id}/documents"): {"documents": [{"kind": "photo"}]},
        **{("POST", f"/api/v1/disability-card-requests/{{request_id}}/workflow/{name}"): body
           for name, body in evidence.items()},
        **{("POST", f"/api/v1/province/disability-card-requests/{{request_id}}/{name}"): body
           for name, body in province.items()},
    }


TENANCY_BODIES = _tenancy_bodies()
