"""HTTP for disability cards: the municipality's requests, batches and cards, and the
provincial office's side (`/province/...`, for its machine client).

Every router here opts in to `Idempotency-Key`: a POST retried with the same key returns the
first answer and changes nothing, which is what an agency's system needs over a bad line.
"""

from __future__ import annotations

import uuid
from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, Depends, Query, Response
from pydantic import AwareDatetime

from chumchon.auth.deps import CurrentActor, ScopedDb
from chumchon.core.concurrency import etag, if_match
from chumchon.core.errors import problem_responses
from chumchon.core.idempotency import IdempotentRoute
from chumchon.core.pagination import Page, PageQuery
from chumchon.core.thai import mask_national_id
from chumchon.core.workflow_api import add_workflow_routes
from chumchon.disability_cards import exchange, service
from chumchon.disability_cards.cover_letter import cover_letter_pdf
from chumchon.disability_cards.models import (
    Batch,
    DisabilityCard,
    DisabilityCardRequest,
    DocumentKind,
    ReplacementReason,
    RequestKind,
    RequestState,
    ReturnReason,
)
from chumchon.disability_cards.schemas import (
    CARD_STATUS_LABELS_TH,
    BatchCreate,
    BatchItemRead,
    BatchRead,
    BatchSummary,
    CardBrief,
    CardRead,
    CardStatus,
    DocumentRead,
    DocumentsUpdate,
    ExpiringCardRead,
    GuardianRead,
    IssueEvidence,
    LapseReport,
    MissingDocument,
    PersonBrief,
    ProvinceIssue,
    ProvinceReceive,
    ProvinceRequestRead,
    ProvinceReturn,
    ReceiveEvidence,
    RequestCreate,
    RequestRead,
    RequestUpdate,
    ReturnEvidence,
    document_label,
    kind_label,
    return_reason_label,
    types_read,
)
from chumchon.disability_cards.workflow import REQUEST_PROCESS, STATE_LABELS_TH

TAG = "disability-cards"
requests = APIRouter(prefix="/disability-card-requests", tags=[TAG], route_class=IdempotentRoute)
batches = APIRouter(prefix="/disability-card-batches", tags=[TAG], route_class=IdempotentRoute)
cards = APIRouter(prefix="/disability-cards", tags=[TAG], route_class=IdempotentRoute)
province = APIRouter(prefix="/province/disability-card-requests", tags=["province"], route_class=IdempotentRoute)

IfMatch = Annotated[int, Depends(if_match)]
_PDF = {200: {"content": {"application/pdf": {}}, "description": "The PDF"}}


# --- shaping ---------------------------------------------------------------------------------------


def _request_read(b: service.RequestBundle) -> RequestRead:
    r, c = b.request, b.citizen
    return RequestRead(
        id=r.id,
        person=PersonBrief(citizen_id=c.id, full_name_th=f"{c.title}{c.first_name} {c.last_name}",
                           national_id_masked=mask_national_id(c.national_id), village_id=c.village_id),
        kind=RequestKind(r.kind), kind_label_th=kind_label(r.kind), state=RequestState(r.state),
        state_label_th=STATE_LABELS_TH[r.state], disability_types=types_read(list(r.disability_types)),
        replacement_reason=ReplacementReason(r.replacement_reason) if r.replacement_reason else None,
        details_changed=r.details_changed, previous_card_no=r.previous_card_no,
        previous_card_expires_on=r.previous_card_expires_on,
        guardian=GuardianRead(name=r.guardian_name, national_id_masked=mask_national_id(r.guardian_national_id),
                              relationship=r.guardian_relationship or "", phone=r.guardian_phone)
        if r.guardian_name and r.guardian_national_id else None,
        documents=[DocumentRead(kind=DocumentKind(d.kind), label_th=document_label(d.kind), received=d.received,
                                file_ref=d.file_ref, required=d.kind in b.required) for d in b.documents],
        missing_documents=[MissingDocument(kinds=list(m.kinds), label_th=m.label_th) for m in b.missing],
        note=r.note, prepared_on=r.prepared_on, province_code=r.province_code, first_sent_on=r.first_sent_on,
        last_sent_on=r.last_sent_on, last_batch_id=r.last_batch_id, send_count=r.send_count,
        received_on=r.received_on, province_reference=r.province_reference, returned_on=r.returned_on,
        return_reason=ReturnReason(r.return_reason) if r.return_reason else None,
        return_reason_label_th=return_reason_label(r.return_reason), return_note=r.return_note,
        cancelled_on=r.cancelled_on,
        card=CardBrief(card_id=b.card.id, card_number=b.card.card_number, issued_on=b.card.issued_on,
                       expires_on=b.card.expires_on) if b.card else None,
        version=r.version, created_at=r.created_at, updated_at=r.updated_at,
    )


async def _one(session: ScopedDb, response: Response, req: DisabilityCardRequest) -> RequestRead:
    (bundle,) = await service.bundles(session, [req])
    response.headers["ETag"] = etag(req.version)
    return _request_read(bundle)


def _card_read(card: DisabilityCard) -> CardRead:
    status = service.card_status(card, service.today())
    return CardRead(id=card.id, citizen_id=card.citizen_id, request_id=card.request_id, card_number=card.card_number,
                    disability_types=types_read(list(card.disability_types)), issued_on=card.issued_on,
                    expires_on=card.expires_on, issued_by=card.issued_by, province_code=card.province_code,
                    replaced_on=card.replaced_on, replaced_by_id=card.replaced_by_id, status=status,
                    status_label_th=CARD_STATUS_LABELS_TH[status], version=card.version)


async def _batch_read(session: ScopedDb, batch: Batch) -> BatchRead:
    items = await service.batch_items(session, batch)
    return BatchRead(
        id=batch.id, number=batch.number, sent_on=batch.sent_on, letter_no=batch.letter_no,
        province_code=batch.province_code, sent_by_name=batch.sent_by_name, request_count=batch.request_count,
        items=[BatchItemRead(seq=i.seq, request_id=r.id, resend=i.resend, kind=RequestKind(r.kind),
                             full_name_th=f"{c.title}{c.first_name} {c.last_name}") for i, r, c in items],
        cover_letter_url=f"/api/v1/disability-card-batches/{batch.id}/cover-letter.pdf", created_at=batch.created_at,
    )


# --- requests ---------------------------------------------------------------------------------------


@requests.get("", response_model=Page[RequestRead], summary="Disability card requests",
              responses=problem_responses(401, 403, 422))
async def list_requests(
    session: ScopedDb, actor: CurrentActor, page: PageQuery,
    state: Annotated[RequestState | None, Query(description="Only requests at this step")] = None,
    kind: Annotated[RequestKind | None, Query(description="Only requests of this kind")] = None,
    citizen_id: Annotated[uuid.UUID | None, Query(description="Only this person's requests")] = None,
    village_id: Annotated[uuid.UUID | None, Query(description="Only people of this village (หมู่ที่)")] = None,
    batch_id: Annotated[uuid.UUID | None, Query(description="Only requests sent in this batch")] = None,
) -> Page[RequestRead]:
    rows, total = await service.list_requests(session, actor, page, state=state, kind=kind, citizen_id=citizen_id,
                                              village_id=village_id, batch_id=batch_id)
    items = [_request_read(b) for b in await service.bundles(session, rows)]
    return Page(items=items, total=total, page=page.page, page_size=page.page_size)


@requests.post("", response_model=RequestRead, status_code=201, summary="Start a disability card request",
               description="A new card, a renewal, a replacement (lost or damaged) or a change of details. The "
                           "request starts while the documents are collected (`draft`); `missing_documents` says "
                           "what the checklist still needs. One open request per person "
                           "(409 `disability_card.request_open`); a new card for someone whose card is still valid "
                           "is refused (409 `disability_card.card_valid`).",
               responses=problem_responses(401, 403, 409, 422))
async def create_request(session: ScopedDb, actor: CurrentActor, body: RequestCreate,
                         response: Response) -> RequestRead:
    return await _one(session, response, await service.create_request(session, actor, body))


@requests.get("/{request_id}", response_model=RequestRead, summary="One disability card request",
              responses=problem_responses(401, 403, 404))
async def get_request(session: ScopedDb, actor: CurrentActor, request_id: uuid.UUID,
                      response: Response) -> RequestRead:
    return await _one(session, response, await service.get_request(session, actor, request_id))


@requests.patch("/{request_id}", response_model=RequestRead, summary="Correct a request",
                description="While the municipality holds it (collecting, checked, or returned by the province). "
                            "The state moves only through the steps.",
                responses=problem_responses(401, 403, 404, 409, 422, 428))
async def update_request(session: ScopedDb, actor: CurrentActor, request_id: uuid.UUID, body: RequestUpdate,
                         response: Response, version: IfMatch) -> RequestRead:
    return await _one(session, response, await service.update_request(session, actor, request_id, body, version))


@requests.put("/{request_id}/documents", response_model=RequestRead, summary="Set the documents checklist",
              description="The whole checklist: each paper with whether it is in hand and where its scan is. "
                          "Papers left out are taken off the list.",
              responses=problem_responses(401, 403, 404, 409, 422, 428))
async def set_documents(session: ScopedDb, actor: CurrentActor, request_id: uuid.UUID, body: DocumentsUpdate,
                        response: Response, version: IfMatch) -> RequestRead:
    req = await service.set_documents(session, actor, request_id, body.documents, version)
    return await _one(session, response, req)


add_workflow_routes(requests, REQUEST_PROCESS, prefix="/{request_id}", id_param="request_id",
                    load=service.get_request)


# --- batches -----------------------------------------------------------------------------------------


@batches.get("", response_model=Page[BatchSummary], summary="Batches sent to the provincial office",
             responses=problem_responses(401, 403, 422))
async def list_batches(session: ScopedDb, actor: CurrentActor, page: PageQuery) -> Page[BatchSummary]:
    rows, total = await service.list_batches(session, actor, page)
    return Page(items=[BatchSummary.model_validate(b, from_attributes=True) for b in rows], total=total,
                page=page.page, page_size=page.page_size)


@batches.post("", response_model=BatchRead, status_code=201, summary="Send requests to the provincial office",
              description="Checked requests (`prepared`) are sent, returned ones are sent again, all under one "
                          "cover letter (`cover_letter_url`). All go or none: a request that is not ready stops "
                          "the batch with its reason code and `request_id`.",
              responses=problem_responses(401, 403, 409, 422))
async def send_batch(session: ScopedDb, actor: CurrentActor, body: BatchCreate, response: Response) -> BatchRead:
    batch = await exchange.send_batch(session, actor, body)
    response.headers["Location"] = f"/api/v1/disability-card-batches/{batch.id}"
    return await _batch_read(session, batch)


@batches.get("/{batch_id}", response_model=BatchRead, summary="One batch and its requests",
             responses=problem_responses(401, 403, 404))
async def get_batch(session: ScopedDb, actor: CurrentActor, batch_id: uuid.UUID) -> BatchRead:
    return await _batch_read(session, await service.get_batch(session, actor, batch_id))


@batches.get("/{batch_id}/cover-letter.pdf", response_class=Response,
             summary="The cover letter to the provincial office, with the list of requests (PDF)",
             description="Whole national IDs are printed for a caller with `citizens:read_id`, masked otherwise. "
                         "Every print is in the audit log.",
             responses={**problem_responses(401, 403, 404), **_PDF})
async def cover_letter(session: ScopedDb, actor: CurrentActor, batch_id: uuid.UUID) -> Response:
    batch, data = await cover_letter_pdf(session, actor, batch_id)
    name = quote(f"cover-letter-{batch.number}.pdf")
    return Response(data, media_type="application/pdf",
                    headers={"Content-Disposition": f"attachment; filename*=UTF-8''{name}"})


# --- cards --------------------------------------------------------------------------------------------


@cards.get("", response_model=Page[CardRead], summary="Disability cards issued",
           responses=problem_responses(401, 403, 422))
async def list_cards(
    session: ScopedDb, actor: CurrentActor, page: PageQuery,
    citizen_id: Annotated[uuid.UUID | None, Query(description="Only this person's cards")] = None,
    status: Annotated[CardStatus | None, Query(description="Today: valid, expired, or replaced")] = None,
) -> Page[CardRead]:
    rows, total = await service.list_cards(session, actor, page, citizen_id=citizen_id, status=status)
    return Page(items=[_card_read(c) for c in rows], total=total, page=page.page, page_size=page.page_size)


@cards.get("/expiring", response_model=Page[ExpiringCardRead], summary="Cards that lapse soon, by village",
           description="Cards expiring within `days` days (today included), so officers can reach people before "
                       "the card lapses. Cards already replaced by a newer one, and people who died or moved "
                       "away, are left out. Sort by `expires_on` (default) or `village`.",
           responses=problem_responses(401, 403, 422))
async def expiring_cards(
    session: ScopedDb, actor: CurrentActor, page: PageQuery,
    days: Annotated[int, Query(ge=0, le=3650, description="How far ahead to look")] = 90,
    village_id: Annotated[uuid.UUID | None, Query(description="Only people of this village (หมู่ที่)")] = None,
) -> Page[ExpiringCardRead]:
    rows, total, on = await service.expiring_cards(session, actor, page, days=days, village_id=village_id)
    items = [ExpiringCardRead(
        card_id=e.card.id, card_number=e.card.card_number, expires_on=e.card.expires_on,
        days_left=(e.card.expires_on - on).days, citizen_id=e.citizen.id,
        full_name_th=f"{e.citizen.title}{e.citizen.first_name} {e.citizen.last_name}",
        national_id_masked=mask_national_id(e.citizen.national_id), phone=e.citizen.phone,
        house_number=e.citizen.house_number, village_id=e.citizen.village_id,
        village_number=e.village.number if e.village else None,
        village_name_th=e.village.name_th if e.village else None,
        renewal_request_id=e.open_request_id) for e in rows]
    return Page(items=items, total=total, page=page.page, page_size=page.page_size)


@cards.post("/lapse-check", response_model=LapseReport, summary="Announce the cards that have lapsed",
            description="Finds this organisation's cards that expired without a newer card and announces each "
                        "once (`disability_card.expired` in the outbox; the allowances domain suspends payment on "
                        "it). Safe to run as often as wanted; a daily job runs the same for every organisation.",
            responses=problem_responses(401, 403))
async def lapse_check(session: ScopedDb, actor: CurrentActor) -> LapseReport:
    on = service.today()
    ids = await service.record_lapsed_cards(session, actor, on)
    return LapseReport(on=on, recorded=len(ids), card_ids=ids)


@cards.get("/{card_id}", response_model=CardRead, summary="One disability card",
           responses=problem_responses(401, 403, 404))
async def get_card(session: ScopedDb, actor: CurrentActor, card_id: uuid.UUID, response: Response) -> CardRead:
    card = await service.get_card(session, actor, card_id)
    response.headers["ETag"] = etag(card.version)
    return _card_read(card)


# --- the provincial office ---------------------------------------------------------------------------


@province.get("", response_model=Page[ProvinceRequestRead], summary="Requests sent to my province",
              description="For a provincial office's client (`disability_cards:read`): the requests the "
                          "organisations of its province have sent it, oldest sending first. Each item carries what "
                          "the card is made from, including the whole national ID; every read is in the audit log.",
              responses=problem_responses(401, 403, 422))
async def province_list(
    session: ScopedDb, actor: CurrentActor, page: PageQuery,
    state: Annotated[RequestState | None, Query(description="Only requests at this step, e.g. `sent`")] = None,
    organisation_code: Annotated[str | None, Query(pattern=r"^\d{7,10}$",
                                                   description="Only this organisation's (its DLA code)")] = None,
    updated_since: Annotated[AwareDatetime | None, Query(description="Only requests changed after this moment "
                                                         "(ISO 8601 with a zone), for polling",
                                                         examples=["2025-06-02T09:00:00+07:00"])] = None,
) -> Page[ProvinceRequestRead]:
    items, total = await exchange.province_list(session, actor, page, state=state,
                                                organisation_code=organisation_code, updated_since=updated_since)
    return Page(items=items, total=total, page=page.page, page_size=page.page_size)


@province.get("/{request_id}", response_model=ProvinceRequestRead, summary="One request sent to my province",
              responses=problem_responses(401, 403, 404))
async def province_get(session: ScopedDb, actor: CurrentActor, request_id: uuid.UUID,
                       response: Response) -> ProvinceRequestRead:
    read = await exchange.province_get(session, actor, request_id)
    response.headers["ETag"] = etag(read.version)
    return read


@province.post("/{request_id}/receive", response_model=ProvinceRequestRead, summary="Mark a request received",
               description="Needs `disability_cards:decide`. Accepts `Idempotency-Key`.",
               responses=problem_responses(401, 403, 404, 409, 422))
async def province_receive(session: ScopedDb, actor: CurrentActor, request_id: uuid.UUID,
                           body: ProvinceReceive) -> ProvinceRequestRead:
    evidence = ReceiveEvidence.model_validate(body.model_dump())
    return await exchange.province_act(session, actor, request_id, "receive", evidence)


@province.post("/{request_id}/issue", response_model=ProvinceRequestRead, summary="Record the card issued",
               description="Needs `disability_cards:decide`; the request must have been received. The card is "
                           "recorded on the person, replaces their older cards and unlocks the disability allowance "
                           "(`disability_card.issued`). Accepts `Idempotency-Key`.",
               responses=problem_responses(401, 403, 404, 409, 422))
async def province_issue(session: ScopedDb, actor: CurrentActor, request_id: uuid.UUID,
                         body: ProvinceIssue) -> ProvinceRequestRead:
    evidence = IssueEvidence.model_validate(body.model_dump())
    return await exchange.province_act(session, actor, request_id, "issue", evidence)


@province.post("/{request_id}/return", response_model=ProvinceRequestRead,
               summary="Return a request to be fixed",
               description="Needs `disability_cards:decide`. `note` says what to fix; the municipality fixes it and "
                           "sends it again. Accepts `Idempotency-Key`.",
               responses=problem_responses(401, 403, 404, 409, 422))
async def province_return(session: ScopedDb, actor: CurrentActor, request_id: uuid.UUID,
                          body: ProvinceReturn) -> ProvinceRequestRead:
    evidence = ReturnEvidence.model_validate(body.model_dump(exclude={"note"}))
    return await exchange.province_act(session, actor, request_id, "return", evidence, note=body.note)


routers = (requests, batches, cards, province)
