"""The exchange with the provincial office (พมจ.): batches the municipality sends, and the
province's own view of what was sent to it.

A provincial office's machine client belongs to no organisation, so the tenancy scope shows
it nothing; here, and only here, the scope is widened on purpose to the organisations of
its province (`Organisation.province_code` = the token's `prov`), and narrowed again to the
requests actually sent to that province. A signed-in person has no province: this side
shows them nothing.
"""

from __future__ import annotations

import uuid
from datetime import datetime

from pydantic import BaseModel
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from chumchon.areas.models import Organisation
from chumchon.auth.permissions import P
from chumchon.citizens.models import Citizen
from chumchon.core import audit, workflow
from chumchon.core.context import Actor
from chumchon.core.errors import Conflict, DomainError, Invalid, NotFound
from chumchon.core.pagination import PageParams, paginate
from chumchon.core.tenancy import widened
from chumchon.disability_cards import service
from chumchon.disability_cards.models import (
    Batch,
    DisabilityCard,
    DisabilityCardRequest,
    DocumentKind,
    RequestKind,
    RequestState,
    ReturnReason,
)
from chumchon.disability_cards.schemas import (
    BatchCreate,
    OrganisationBrief,
    ProvinceCard,
    ProvinceDocument,
    ProvinceGuardian,
    ProvincePerson,
    ProvinceRequestRead,
    SendEvidence,
    document_label,
    kind_label,
    types_read,
)
from chumchon.disability_cards.workflow import REQUEST_PROCESS, STATE_LABELS_TH

# --- the municipality sends -------------------------------------------------------------------


async def send_batch(session: AsyncSession, actor: Actor, data: BatchCreate) -> Batch:
    """Send checked requests, and returned ones again, under one cover letter: all or none."""
    actor.require(P.disability_cards_write)
    reqs = []
    for index, request_id in enumerate(data.request_ids):
        req = (await session.execute(
            select(DisabilityCardRequest).where(DisabilityCardRequest.id == request_id))).scalar_one_or_none()
        if req is None:
            raise Invalid("ไม่พบคำขอนี้ในองค์กรของท่าน", code="disability_card.request_not_found",
                          errors=[{"field": f"request_ids.{index}", "code": "disability_card.request_not_found",
                                   "message": str(request_id)}])
        if req.state not in (RequestState.prepared.value, RequestState.returned.value):
            raise Conflict(f"A request that is {req.state} cannot be sent", code="workflow.wrong_state",
                           state=req.state, request_id=str(req.id))
        reqs.append(req)
    batch = await service.new_batch(session, actor, sent_on=data.sent_on, letter_no=data.letter_no)
    evidence = SendEvidence(sent_on=data.sent_on, letter_no=data.letter_no)
    with service.sending_in(session, batch):
        for req in reqs:
            name = "send" if req.state == RequestState.prepared.value else "resend"
            try:
                await workflow.fire(session, REQUEST_PROCESS, req, name, actor, evidence=evidence)
            except DomainError as exc:
                exc.extra.setdefault("request_id", str(req.id))  # which one of the batch stopped it
                raise
    return batch


# --- the provincial office's side ------------------------------------------------------------------


async def province_organisations(session: AsyncSession, actor: Actor) -> dict[uuid.UUID, Organisation]:
    """The organisations whose requests this caller may see: those of its province, for a
    provincial office's client; none for anyone else."""
    actor.require(P.disability_cards_read)
    if actor.kind != "client" or not actor.province_code:
        return {}
    # Organisations are not tenant rows: every caller may read which ones a province has.
    rows = await session.execute(select(Organisation).where(Organisation.province_code == actor.province_code))
    return {o.id: o for o in rows.scalars()}


def _sent_to(actor: Actor):  # type: ignore[no-untyped-def]
    return select(DisabilityCardRequest).where(DisabilityCardRequest.province_code == actor.province_code)


async def _province_reads(session: AsyncSession, reqs: list[DisabilityCardRequest],
                          orgs: dict[uuid.UUID, Organisation]) -> list[ProvinceRequestRead]:
    if not reqs:
        return []
    ids = [r.id for r in reqs]
    docs = await service.documents_of(session, ids)
    citizens = {c.id: c for c in (await session.execute(
        select(Citizen).where(Citizen.id.in_({r.citizen_id for r in reqs})))).scalars()}
    batch_ids = {r.last_batch_id for r in reqs if r.last_batch_id}
    batches = {b.id: b for b in (await session.execute(select(Batch).where(Batch.id.in_(batch_ids)))).scalars()} \
        if batch_ids else {}
    cards = {c.request_id: c for c in (await session.execute(
        select(DisabilityCard).where(DisabilityCard.request_id.in_(ids)))).scalars()}
    out = []
    for r in reqs:
        c = citizens[r.citizen_id]
        org = orgs[r.organisation_id]
        batch = batches.get(r.last_batch_id) if r.last_batch_id else None
        card = cards.get(r.id)
        out.append(ProvinceRequestRead(
            id=r.id,
            organisation=OrganisationBrief(code=org.code, name_th=org.name_th, district_name=org.district_name,
                                           province_code=org.province_code),
            kind=RequestKind(r.kind), kind_label_th=kind_label(r.kind),
            state=RequestState(r.state), state_label_th=STATE_LABELS_TH[r.state],
            person=ProvincePerson(title=c.title, first_name=c.first_name, last_name=c.last_name,
                                  full_name_th=f"{c.title}{c.first_name} {c.last_name}", national_id=c.national_id),
            disability_types=types_read(list(r.disability_types)), replacement_reason=r.replacement_reason,
            details_changed=r.details_changed, previous_card_no=r.previous_card_no,
            guardian=ProvinceGuardian(name=r.guardian_name, national_id=r.guardian_national_id or "",
                                      relationship=r.guardian_relationship or "") if r.guardian_name else None,
            documents=[ProvinceDocument(kind=DocumentKind(d.kind), label_th=document_label(d.kind),
                                        received=d.received) for d in docs[r.id]],
            sent_on=r.last_sent_on, send_count=r.send_count, letter_no=batch.letter_no if batch else None,
            batch_number=batch.number if batch else None, received_on=r.received_on,
            province_reference=r.province_reference, returned_on=r.returned_on,
            return_reason=ReturnReason(r.return_reason) if r.return_reason else None, return_note=r.return_note,
            card=ProvinceCard(card_number=card.card_number, issued_on=card.issued_on, expires_on=card.expires_on)
            if card else None,
            version=r.version, updated_at=r.updated_at,
        ))
    return out


async def _log_reads(session: AsyncSession, reqs: list[DisabilityCardRequest], action: str) -> None:
    # The province reads whole national IDs: each read is in the audit log of the request's
    # organisation, as a read of the citizen register's ID would be.
    for r in reqs:
        await audit.record(session, action=action, entity=DisabilityCardRequest.__tablename__, entity_id=r.id,
                           organisation_id=r.organisation_id)


async def province_list(session: AsyncSession, actor: Actor, params: PageParams, *,
                        state: RequestState | None = None, organisation_code: str | None = None,
                        updated_since: datetime | None = None) -> tuple[list[ProvinceRequestRead], int]:
    orgs = await province_organisations(session, actor)
    if not orgs:
        return [], 0
    with widened(session, frozenset(orgs)):
        stmt = _sent_to(actor)
        if state is not None:
            stmt = stmt.where(DisabilityCardRequest.state == state.value)
        if organisation_code is not None:
            wanted = [o.id for o in orgs.values() if o.code == organisation_code]
            stmt = stmt.where(DisabilityCardRequest.organisation_id.in_(wanted))
        if updated_since is not None:
            stmt = stmt.where(DisabilityCardRequest.updated_at > updated_since)
        rows, total = await paginate(
            session, stmt, params,
            sortable={"sent_on": DisabilityCardRequest.last_sent_on, "updated_at": DisabilityCardRequest.updated_at},
            default_sort=["sent_on"], tiebreak=DisabilityCardRequest.id)
        reads = await _province_reads(session, rows, orgs)
    await _log_reads(session, rows, "disability_card_request.province_list")
    return reads, total


async def _province_request(session: AsyncSession, actor: Actor, request_id: uuid.UUID) -> DisabilityCardRequest:
    req = (await session.execute(_sent_to(actor).where(DisabilityCardRequest.id == request_id))).scalar_one_or_none()
    if req is None:
        raise NotFound("No such request sent to this province", code="disability_card.request_not_found")
    return req


async def province_get(session: AsyncSession, actor: Actor, request_id: uuid.UUID) -> ProvinceRequestRead:
    orgs = await province_organisations(session, actor)
    with widened(session, frozenset(orgs)):
        req = await _province_request(session, actor, request_id)
        (read,) = await _province_reads(session, [req], orgs)
    await _log_reads(session, [req], "disability_card_request.province_read")
    return read


async def province_act(session: AsyncSession, actor: Actor, request_id: uuid.UUID, transition: str,
                       evidence: BaseModel, note: str | None = None) -> ProvinceRequestRead:
    """The province's answer: received, issued or returned; each a step of the request."""
    orgs = await province_organisations(session, actor)
    with widened(session, frozenset(orgs)):
        req = await _province_request(session, actor, request_id)
        # Everything the step writes (history, the card) is flushed inside the widened scope,
        # where the request's organisation is one the session may write to.
        await workflow.fire(session, REQUEST_PROCESS, req, transition, actor, evidence=evidence, note=note)
        (read,) = await _province_reads(session, [req], orgs)
    return read
