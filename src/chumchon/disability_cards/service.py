"""The rules of disability-card requests and cards.

The municipality's side: start a request for a person, keep its checklist of documents
(which depends on the kind of request, on a guardian, and on how long ago the old card
lapsed), send it (see `exchange.py` for batches and the provincial office's side). The
steps themselves are declared in `workflow.py`.

What other domains use (the allowances domain above all):

- `valid_card_for(session, citizen_id, on_date)`: the person's card valid on that day, or None;
- `latest_card_for(session, citizen_id)`: the person's newest card, valid or not;
- `register_card_listener(listener)`: be called, in the same transaction, when a card is
  issued or found lapsed (`CardChange`);
- outbox events `disability_card.issued` and `disability_card.expired` (subject
  `disability_card`), for webhooks and anything that reads the outbox.

All of them run in the caller's session and see only what its scope allows.
"""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any, Literal

from sqlalchemy import func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from chumchon.areas import service as areas
from chumchon.areas.models import Village
from chumchon.auth.permissions import P
from chumchon.citizens import timeline
from chumchon.citizens.models import Citizen
from chumchon.citizens.service import today
from chumchon.core import audit, outbox
from chumchon.core.concurrency import check_version
from chumchon.core.context import Actor
from chumchon.core.db import utcnow
from chumchon.core.errors import Conflict, Invalid, NotFound
from chumchon.core.pagination import PageParams, paginate
from chumchon.core.tenancy import widened
from chumchon.disability_cards.models import (
    DOCUMENT_LABELS_TH,
    EDITABLE_STATES,
    OPEN_STATES,
    Batch,
    BatchItem,
    DisabilityCard,
    DisabilityCardRequest,
    DocumentKind,
    ReplacementReason,
    RequestDocument,
    RequestKind,
    RequestState,
)
from chumchon.disability_cards.schemas import (
    DocumentItem,
    Guardian,
    IssueEvidence,
    RequestCreate,
    RequestUpdate,
    check_kind_fields,
)
from chumchon.integrations.service import allow_client_topics

__all__ = [
    "CardChange",
    "CardSummary",
    "latest_card_for",
    "register_card_listener",
    "valid_card_for",
]

SUBJECT = "disability_card_request"
CARD_SUBJECT = "disability_card"
# A renewal more than a year after the old card lapsed needs a new medical certificate
# (rules.md §2, samrongkk.go.th).
_CERTIFICATE_AGAIN_AFTER = timedelta(days=365)


def _invalid(field: str, code: str, message: str, **extra: Any) -> Invalid:
    return Invalid(message, code=code, errors=[{"field": field, "code": code, "message": message}], **extra)


# --- the checklist ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Requirement:
    """One paper the request needs; any of `kinds` satisfies it (an ID card, or a child's
    birth certificate)."""

    kinds: tuple[DocumentKind, ...]

    @property
    def label_th(self) -> str:
        return " หรือ ".join(DOCUMENT_LABELS_TH[k] for k in self.kinds)


_IDENTITY = Requirement((DocumentKind.id_card_copy, DocumentKind.birth_certificate_copy))
_HOUSE = Requirement((DocumentKind.house_registration_copy,))
_PHOTO = Requirement((DocumentKind.photo,))
_CERTIFICATE = Requirement((DocumentKind.medical_certificate,))
_OLD_CARD = Requirement((DocumentKind.old_card,))
_GUARDIAN = (Requirement((DocumentKind.guardian_authority,)), Requirement((DocumentKind.guardian_id_card_copy,)),
             Requirement((DocumentKind.guardian_house_registration_copy,)))


def requirements(req: DisabilityCardRequest, *, previous_expiry: date | None, on: date) -> list[Requirement]:
    """What this request must carry (rules.md §2).

    New card: a doctor's certificate of the disability, the ID card (a child's birth
    certificate), the house registration and photos. Renewal: the same without the
    certificate, plus the old card; the certificate again when the old card lapsed more than
    a year ago. rules.md is silent on replacements and changes of details; we ask for what a
    renewal asks, with the old card when it is damaged (a lost one cannot be handed back) and
    when details change. A guardian adds their authority, ID card and house registration.
    """
    kind = RequestKind(req.kind)
    out = [_IDENTITY, _HOUSE, _PHOTO]
    if kind == RequestKind.new:
        out.insert(0, _CERTIFICATE)
    elif kind == RequestKind.renewal:
        out.append(_OLD_CARD)
        if previous_expiry is not None and on - previous_expiry > _CERTIFICATE_AGAIN_AFTER:
            out.insert(0, _CERTIFICATE)
    elif kind == RequestKind.replacement:
        if req.replacement_reason == ReplacementReason.damaged.value:
            out.append(_OLD_CARD)
    elif kind == RequestKind.change_of_details:
        out.append(_OLD_CARD)
    if req.guardian_name:
        out.extend(_GUARDIAN)
    return out


async def documents_of(session: AsyncSession, request_ids: Sequence[uuid.UUID]) -> dict[uuid.UUID,
                                                                                          list[RequestDocument]]:
    out: dict[uuid.UUID, list[RequestDocument]] = {i: [] for i in request_ids}
    if request_ids:
        rows = await session.execute(select(RequestDocument).where(RequestDocument.request_id.in_(request_ids))
                                     .order_by(RequestDocument.kind))
        for d in rows.scalars():
            out[d.request_id].append(d)
    return out


async def previous_expiry(session: AsyncSession, req: DisabilityCardRequest) -> date | None:
    """When the card this request renews lapsed: the newest recorded card, else the one typed in.
    Only a renewal's checklist depends on it; for the other kinds this asks nothing."""
    if req.kind != RequestKind.renewal.value:
        return None
    card = await latest_card_for(session, req.citizen_id, before_request=req.id)
    if card is not None:
        return card.expires_on
    return req.previous_card_expires_on


async def missing_documents(session: AsyncSession, req: DisabilityCardRequest,
                            documents: list[RequestDocument] | None = None,
                            on: date | None = None) -> list[Requirement]:
    docs = documents if documents is not None else (await documents_of(session, [req.id]))[req.id]
    received = {d.kind for d in docs if d.received}
    needed = requirements(req, previous_expiry=await previous_expiry(session, req), on=on or today())
    return [r for r in needed if not received & {k.value for k in r.kinds}]


def _set_documents(session: AsyncSession, req: DisabilityCardRequest, existing: list[RequestDocument],
                   wanted: list[DocumentItem]) -> None:
    # Lines are kept by kind and updated in place, so their audit history reads as edits.
    by_kind = {d.kind: d for d in existing}
    for item in wanted:
        row = by_kind.pop(item.kind.value, None)
        if row is None:
            session.add(RequestDocument(organisation_id=req.organisation_id, request_id=req.id,
                                        kind=item.kind.value, received=item.received, file_ref=item.file_ref))
        else:
            row.received, row.file_ref = item.received, item.file_ref
    for gone in by_kind.values():
        # A checklist line is not something a payment or a step points to: it may go.
        session.sync_session.delete(gone)


# --- requests -----------------------------------------------------------------------------------


async def get_request(session: AsyncSession, actor: Actor, request_id: uuid.UUID) -> DisabilityCardRequest:
    actor.require(P.disability_cards_read)
    req = (await session.execute(
        select(DisabilityCardRequest).where(DisabilityCardRequest.id == request_id)
    )).scalar_one_or_none()
    if req is None:
        raise NotFound("No such disability card request", code="disability_card.request_not_found")
    return req


_REQUEST_SORTS = {"created_at": DisabilityCardRequest.created_at, "updated_at": DisabilityCardRequest.updated_at,
                  "last_sent_on": DisabilityCardRequest.last_sent_on, "state": DisabilityCardRequest.state}


async def list_requests(session: AsyncSession, actor: Actor, params: PageParams, *,
                        state: RequestState | None = None, kind: RequestKind | None = None,
                        citizen_id: uuid.UUID | None = None, village_id: uuid.UUID | None = None,
                        batch_id: uuid.UUID | None = None) -> tuple[list[DisabilityCardRequest], int]:
    actor.require(P.disability_cards_read)
    stmt = select(DisabilityCardRequest)
    if state is not None:
        stmt = stmt.where(DisabilityCardRequest.state == state.value)
    if kind is not None:
        stmt = stmt.where(DisabilityCardRequest.kind == kind.value)
    if citizen_id is not None:
        stmt = stmt.where(DisabilityCardRequest.citizen_id == citizen_id)
    if village_id is not None:
        stmt = stmt.where(DisabilityCardRequest.citizen_id.in_(
            select(Citizen.id).where(Citizen.village_id == village_id)))
    if batch_id is not None:
        stmt = stmt.where(DisabilityCardRequest.id.in_(
            select(BatchItem.request_id).where(BatchItem.batch_id == batch_id)))
    return await paginate(session, stmt, params, sortable=_REQUEST_SORTS, default_sort=["-created_at"],
                          tiebreak=DisabilityCardRequest.id)


async def _person(session: AsyncSession, citizen_id: uuid.UUID) -> Citizen:
    citizen = (await session.execute(select(Citizen).where(Citizen.id == citizen_id))).scalar_one_or_none()
    if citizen is None:
        raise _invalid("citizen_id", "citizens.not_found", "ไม่พบบุคคลนี้ในทะเบียนขององค์กร")
    return citizen


def person_refusal(citizen: Citizen) -> str | None:
    """Why a card cannot be asked for this person (a guard of the steps, too)."""
    if citizen.death_date is not None:
        return "disability_card.citizen_deceased"
    if citizen.moved_out_on is not None:
        # The organisation of domicile coordinates the card (rules.md §2); no longer this one.
        return "disability_card.citizen_moved_out"
    return None


_PERSON_MESSAGES = {"disability_card.citizen_deceased": "บุคคลนี้เสียชีวิตแล้ว",
                    "disability_card.citizen_moved_out": "บุคคลนี้ย้ายออกนอกพื้นที่แล้ว"}


async def _refuse_open(session: AsyncSession, citizen_id: uuid.UUID, besides: uuid.UUID | None = None) -> None:
    stmt = select(DisabilityCardRequest.id).where(DisabilityCardRequest.citizen_id == citizen_id,
                                                  DisabilityCardRequest.state.in_(OPEN_STATES))
    if besides is not None:
        stmt = stmt.where(DisabilityCardRequest.id != besides)
    existing = (await session.execute(stmt.limit(1))).scalar_one_or_none()
    if existing is not None:
        raise Conflict("บุคคลนี้มีคำขอบัตรประจำตัวคนพิการที่ยังไม่เสร็จสิ้นอยู่แล้ว",
                       code="disability_card.request_open", existing_id=str(existing), existing_url=f"/api/v1/disability-card-requests/{existing}")


async def _check_kind_against_cards(session: AsyncSession, citizen_id: uuid.UUID, kind: RequestKind,
                                    previous_card_no: str | None, request_id: uuid.UUID | None = None) -> None:
    card = await latest_card_for(session, citizen_id, before_request=request_id)
    if kind == RequestKind.new:
        valid = await valid_card_for(session, citizen_id, today())
        if valid is not None:
            raise Conflict("บุคคลนี้มีบัตรประจำตัวคนพิการที่ยังไม่หมดอายุ "
                           "ให้ยื่นคำขอต่ออายุ ขอบัตรใหม่แทน หรือเปลี่ยนแปลงรายการ",
                           code="disability_card.card_valid", card_id=str(valid.card_id),
                           expires_on=valid.expires_on.isoformat())
    elif card is None and not previous_card_no:
        raise _invalid("previous_card_no", "disability_card.previous_card_required",
                       "ระบุเลขที่บัตรใบเดิม (ยังไม่มีบัตรของบุคคลนี้ในระบบ)")


def _guardian_values(g: Guardian | None) -> dict[str, Any]:
    if g is None:
        return {"guardian_name": None, "guardian_national_id": None, "guardian_relationship": None,
                "guardian_phone": None}
    return {"guardian_name": g.name, "guardian_national_id": g.national_id, "guardian_relationship": g.relationship,
            "guardian_phone": g.phone}


async def create_request(session: AsyncSession, actor: Actor, data: RequestCreate) -> DisabilityCardRequest:
    actor.require(P.disability_cards_write)
    citizen = await _person(session, data.citizen_id)
    refusal = person_refusal(citizen)
    if refusal:
        raise Conflict(_PERSON_MESSAGES[refusal], code=refusal)
    await _refuse_open(session, citizen.id)
    await _check_kind_against_cards(session, citizen.id, data.kind, data.previous_card_no)
    req = DisabilityCardRequest(
        citizen_id=citizen.id, kind=data.kind.value, state=RequestState.draft.value,
        disability_types=[t.value for t in data.disability_types],
        replacement_reason=data.replacement_reason.value if data.replacement_reason else None,
        details_changed=data.details_changed, previous_card_no=data.previous_card_no,
        previous_card_expires_on=data.previous_card_expires_on, note=data.note, send_count=0,
        **_guardian_values(data.guardian),
    )
    with audit.action(session, "disability_card_request.create"):
        session.add(req)
        await session.flush()
        _set_documents(session, req, [], data.documents)
        await session.flush()
    return req


def _editable(req: DisabilityCardRequest) -> None:
    if req.state not in EDITABLE_STATES:
        raise Conflict(f"A request that is {req.state} cannot be changed", code="disability_card.not_editable",
                       state=req.state)


async def update_request(session: AsyncSession, actor: Actor, request_id: uuid.UUID, data: RequestUpdate,
                         expected_version: int) -> DisabilityCardRequest:
    actor.require(P.disability_cards_write)
    req = await get_request(session, actor, request_id)
    check_version(req, expected_version)
    _editable(req)
    changes = data.model_dump(exclude_unset=True, exclude={"guardian"})
    kind = RequestKind(changes.get("kind") or req.kind)
    reason = changes["replacement_reason"] if "replacement_reason" in changes else req.replacement_reason
    details = changes["details_changed"] if "details_changed" in changes else req.details_changed
    if "kind" in changes and kind != RequestKind.replacement and "replacement_reason" not in changes:
        reason = None  # a replacement's reason does not outlive the kind
    try:
        check_kind_fields(kind, ReplacementReason(reason) if reason else None, details)
    except ValueError as exc:
        raise _invalid("kind", "disability_card.kind_fields", str(exc)) from None
    if "kind" in changes or "previous_card_no" in changes:
        previous = changes["previous_card_no"] if "previous_card_no" in changes else req.previous_card_no
        await _check_kind_against_cards(session, req.citizen_id, kind, previous, req.id)
    with audit.action(session, "disability_card_request.update"):
        for key, value in changes.items():
            setattr(req, key, value.value if hasattr(value, "value") else value)
        req.kind = kind.value
        req.replacement_reason = reason.value if isinstance(reason, ReplacementReason) else reason
        if "disability_types" in changes:
            req.disability_types = [t.value for t in data.disability_types or []]
        if "guardian" in data.model_fields_set:
            for key, value in _guardian_values(data.guardian).items():
                setattr(req, key, value)
        await session.flush()
    return req


async def set_documents(session: AsyncSession, actor: Actor, request_id: uuid.UUID, documents: list[DocumentItem],
                        expected_version: int) -> DisabilityCardRequest:
    actor.require(P.disability_cards_write)
    req = await get_request(session, actor, request_id)
    check_version(req, expected_version)
    _editable(req)
    existing = (await documents_of(session, [req.id]))[req.id]
    with audit.action(session, "disability_card_request.set_documents"):
        _set_documents(session, req, existing, documents)
        # The checklist is part of the request: a change of it is a new version of the request.
        req.updated_at = utcnow()
        await session.flush()
    return req


# --- sending (the effects of the send steps, and exchange.send_batch) ----------------------------

_SENDING = "disability_cards.sending_batch"


@contextmanager
def sending_in(session: AsyncSession, batch: Batch) -> Iterator[None]:
    """The send steps fired inside put their request in `batch` instead of a batch of one."""
    before = session.info.get(_SENDING)
    session.info[_SENDING] = batch
    try:
        yield
    finally:
        session.info[_SENDING] = before


def batch_being_sent(session: AsyncSession) -> Batch | None:
    return session.info.get(_SENDING)


async def new_batch(session: AsyncSession, actor: Actor, *, sent_on: date, letter_no: str | None) -> Batch:
    org = await areas.current_organisation(session, actor)
    # Two batches at once both take the next number; the unique constraint refuses the second.
    number = (await session.execute(select(func.coalesce(func.max(Batch.number), 0)))).scalar_one() + 1
    batch = Batch(number=number, sent_on=sent_on, letter_no=letter_no, province_code=org.province_code,
                  sent_by_name=actor.name, request_count=0)
    session.add(batch)
    await session.flush()
    return batch


async def put_in_batch(session: AsyncSession, batch: Batch, req: DisabilityCardRequest, *, resend: bool) -> None:
    batch.request_count += 1
    session.add(BatchItem(batch_id=batch.id, request_id=req.id, seq=batch.request_count, resend=resend))
    req.province_code = batch.province_code
    req.first_sent_on = req.first_sent_on or batch.sent_on
    req.last_sent_on = batch.sent_on
    req.last_batch_id = batch.id
    req.send_count = (req.send_count or 0) + 1


async def get_batch(session: AsyncSession, actor: Actor, batch_id: uuid.UUID) -> Batch:
    actor.require(P.disability_cards_read)
    batch = (await session.execute(select(Batch).where(Batch.id == batch_id))).scalar_one_or_none()
    if batch is None:
        raise NotFound("No such batch", code="disability_card.batch_not_found")
    return batch


async def list_batches(session: AsyncSession, actor: Actor, params: PageParams) -> tuple[list[Batch], int]:
    actor.require(P.disability_cards_read)
    return await paginate(session, select(Batch), params,
                          sortable={"number": Batch.number, "sent_on": Batch.sent_on}, default_sort=["-number"],
                          tiebreak=Batch.id)


async def batch_items(session: AsyncSession, batch: Batch) -> list[tuple[BatchItem, DisabilityCardRequest, Citizen]]:
    rows = await session.execute(
        select(BatchItem, DisabilityCardRequest, Citizen)
        .join(DisabilityCardRequest, DisabilityCardRequest.id == BatchItem.request_id)
        .join(Citizen, Citizen.id == DisabilityCardRequest.citizen_id)
        .where(BatchItem.batch_id == batch.id).order_by(BatchItem.seq)
    )
    return [(i, r, c) for i, r, c in rows.all()]


# --- what the read models need, in bulk ---------------------------------------------------------


@dataclass
class RequestBundle:
    request: DisabilityCardRequest
    citizen: Citizen
    documents: list[RequestDocument]
    missing: list[Requirement]
    required: set[str]
    card: DisabilityCard | None


async def bundles(session: AsyncSession, reqs: Sequence[DisabilityCardRequest]) -> list[RequestBundle]:
    if not reqs:
        return []
    ids = [r.id for r in reqs]
    docs = await documents_of(session, ids)
    citizens = {c.id: c for c in (await session.execute(
        select(Citizen).where(Citizen.id.in_({r.citizen_id for r in reqs})))).scalars()}
    cards = {c.request_id: c for c in (await session.execute(
        select(DisabilityCard).where(DisabilityCard.request_id.in_(ids)))).scalars()}
    on = today()
    out = []
    for r in reqs:
        needed = requirements(r, previous_expiry=await previous_expiry(session, r), on=on)
        received = {d.kind for d in docs[r.id] if d.received}
        missing = [q for q in needed if not received & {k.value for k in q.kinds}]
        out.append(RequestBundle(request=r, citizen=citizens[r.citizen_id], documents=docs[r.id], missing=missing,
                                 required={k.value for q in needed for k in q.kinds}, card=cards.get(r.id)))
    return out


# --- cards --------------------------------------------------------------------------------------

CardStatus = Literal["valid", "expired", "replaced"]


def card_status(card: DisabilityCard, on: date) -> CardStatus:
    if card.replaced_on is not None and card.replaced_on <= on:
        return "replaced"
    if card.expires_on < on:
        return "expired"
    return "valid"


@dataclass(frozen=True)
class CardSummary:
    """A card as other domains see it (they never write the table)."""

    card_id: uuid.UUID
    citizen_id: uuid.UUID
    card_number: str
    disability_types: tuple[str, ...]
    issued_on: date
    expires_on: date
    replaced_on: date | None

    @classmethod
    def of(cls, card: DisabilityCard) -> CardSummary:
        return cls(card_id=card.id, citizen_id=card.citizen_id, card_number=card.card_number,
                   disability_types=tuple(card.disability_types), issued_on=card.issued_on,
                   expires_on=card.expires_on, replaced_on=card.replaced_on)


@dataclass(frozen=True)
class CardChange:
    kind: Literal["issued", "expired"]
    card: CardSummary
    replaces: uuid.UUID | None = None  # the card the issued one takes over from


CardListener = Callable[[AsyncSession, CardChange], Awaitable[None]]
_LISTENERS: dict[str, CardListener] = {}


def register_card_listener(name: str, listener: CardListener) -> None:
    """Be told, in the same transaction, when a card is issued or found lapsed.

    The listener runs with the session scoped to the card's organisation (even when the
    provincial office's client caused it); an exception it raises undoes the whole step.
    Registering the same name again replaces the listener.
    """
    _LISTENERS[name] = listener


async def _notify(session: AsyncSession, change: CardChange, organisation_id: uuid.UUID) -> None:
    with widened(session, frozenset({organisation_id})):
        for listener in list(_LISTENERS.values()):
            await listener(session, change)


async def valid_card_for(session: AsyncSession, citizen_id: uuid.UUID, on_date: date) -> CardSummary | None:
    """The person's card valid on `on_date` (issued by then, not yet expired, not replaced)."""
    card = (await session.execute(
        select(DisabilityCard)
        .where(DisabilityCard.citizen_id == citizen_id, DisabilityCard.issued_on <= on_date,
               DisabilityCard.expires_on >= on_date,
               or_(DisabilityCard.replaced_on.is_(None), DisabilityCard.replaced_on > on_date))
        .order_by(DisabilityCard.issued_on.desc(), DisabilityCard.created_at.desc()).limit(1)
    )).scalar_one_or_none()
    return CardSummary.of(card) if card else None


async def latest_card_for(session: AsyncSession, citizen_id: uuid.UUID, *,
                          before_request: uuid.UUID | None = None) -> CardSummary | None:
    """The person's newest card, valid or not (a lapsed one says the allowance must wait)."""
    stmt = select(DisabilityCard).where(DisabilityCard.citizen_id == citizen_id)
    if before_request is not None:
        stmt = stmt.where(DisabilityCard.request_id != before_request)
    card = (await session.execute(
        stmt.order_by(DisabilityCard.issued_on.desc(), DisabilityCard.created_at.desc()).limit(1)
    )).scalar_one_or_none()
    return CardSummary.of(card) if card else None


async def issue_card(session: AsyncSession, actor: Actor, req: DisabilityCardRequest,
                     ev: IssueEvidence) -> DisabilityCard:
    """Record the card the provincial office made; it replaces the person's older cards."""
    types = [t.value for t in ev.disability_types] if ev.disability_types else list(req.disability_types)
    card = DisabilityCard(
        organisation_id=req.organisation_id, citizen_id=req.citizen_id, request_id=req.id,
        card_number=ev.card_number, disability_types=types, issued_on=ev.issued_on, expires_on=ev.expires_on,
        province_code=req.province_code or actor.province_code or "", issued_by=actor.name,
    )
    session.add(card)
    await session.flush()
    older = list((await session.execute(
        select(DisabilityCard).where(DisabilityCard.citizen_id == req.citizen_id, DisabilityCard.id != card.id,
                                     DisabilityCard.replaced_on.is_(None),
                                     DisabilityCard.issued_on <= ev.issued_on)
    )).scalars())
    for old in older:
        old.replaced_on = ev.issued_on
        old.replaced_by_id = card.id
    replaces = max(older, key=lambda c: c.issued_on).id if older else None
    outbox.emit(session, "disability_card.issued", subject_type=CARD_SUBJECT, subject_id=card.id,
                organisation_id=card.organisation_id,
                payload={"card_id": str(card.id), "citizen_id": str(card.citizen_id), "request_id": str(req.id),
                         "card_number": card.card_number, "disability_types": types,
                         "issued_on": card.issued_on.isoformat(), "expires_on": card.expires_on.isoformat(),
                         "replaces_card_id": str(replaces) if replaces else None})
    await session.flush()
    await _notify(session, CardChange("issued", CardSummary.of(card), replaces), card.organisation_id)
    return card


async def get_card(session: AsyncSession, actor: Actor, card_id: uuid.UUID) -> DisabilityCard:
    actor.require(P.disability_cards_read)
    card = (await session.execute(select(DisabilityCard).where(DisabilityCard.id == card_id))).scalar_one_or_none()
    if card is None:
        raise NotFound("No such disability card", code="disability_card.not_found")
    return card


async def list_cards(session: AsyncSession, actor: Actor, params: PageParams, *, citizen_id: uuid.UUID | None = None,
                     status: CardStatus | None = None) -> tuple[list[DisabilityCard], int]:
    actor.require(P.disability_cards_read)
    on = today()
    stmt = select(DisabilityCard)
    if citizen_id is not None:
        stmt = stmt.where(DisabilityCard.citizen_id == citizen_id)
    not_replaced = or_(DisabilityCard.replaced_on.is_(None), DisabilityCard.replaced_on > on)
    if status == "valid":
        stmt = stmt.where(not_replaced, DisabilityCard.expires_on >= on)
    elif status == "expired":
        stmt = stmt.where(not_replaced, DisabilityCard.expires_on < on)
    elif status == "replaced":
        stmt = stmt.where(DisabilityCard.replaced_on <= on)
    return await paginate(session, stmt, params,
                          sortable={"issued_on": DisabilityCard.issued_on, "expires_on": DisabilityCard.expires_on},
                          default_sort=["-issued_on"], tiebreak=DisabilityCard.id)


@dataclass
class ExpiringCard:
    card: DisabilityCard
    citizen: Citizen
    village: Village | None
    open_request_id: uuid.UUID | None


async def expiring_cards(session: AsyncSession, actor: Actor, params: PageParams, *, days: int,
                         village_id: uuid.UUID | None = None) -> tuple[list[ExpiringCard], int, date]:
    """Cards that lapse within `days` days, so an officer can reach the person first. Cards
    already replaced, and people who died or moved away, are left out."""
    actor.require(P.disability_cards_read)
    on = today()
    stmt = (select(DisabilityCard)
            .join(Citizen, Citizen.id == DisabilityCard.citizen_id)
            .outerjoin(Village, Village.id == Citizen.village_id)
            .where(DisabilityCard.replaced_on.is_(None), DisabilityCard.expires_on >= on,
                   DisabilityCard.expires_on <= on + timedelta(days=days),
                   Citizen.death_date.is_(None), Citizen.moved_out_on.is_(None)))
    if village_id is not None:
        stmt = stmt.where(Citizen.village_id == village_id)
    cards, total = await paginate(session, stmt, params,
                                  sortable={"expires_on": DisabilityCard.expires_on, "village": Village.number},
                                  default_sort=["expires_on"], tiebreak=DisabilityCard.id)
    if not cards:
        return [], total, on
    citizen_ids = {c.citizen_id for c in cards}
    citizens = {c.id: c for c in (await session.execute(select(Citizen).where(Citizen.id.in_(citizen_ids)))).scalars()}
    village_ids = {c.village_id for c in citizens.values() if c.village_id}
    villages = {v.id: v for v in (await session.execute(select(Village).where(Village.id.in_(village_ids))))
                .scalars()} if village_ids else {}
    open_requests = dict((await session.execute(
        select(DisabilityCardRequest.citizen_id, DisabilityCardRequest.id)
        .where(DisabilityCardRequest.citizen_id.in_(citizen_ids), DisabilityCardRequest.state.in_(OPEN_STATES))
    )).all())
    out = []
    for card in cards:
        citizen = citizens[card.citizen_id]
        out.append(ExpiringCard(card=card, citizen=citizen,
                                village=villages.get(citizen.village_id) if citizen.village_id else None,
                                open_request_id=open_requests.get(card.citizen_id)))
    return out, total, on


async def record_lapsed_cards(session: AsyncSession, actor: Actor | None, on: date | None = None) -> list[uuid.UUID]:
    """Announce every card that has lapsed by `on` and was not renewed in time, once each:
    `disability_card.expired` in the outbox and the card listeners (allowances suspend on it).

    With an actor, for their organisation; with none (a daily job with no actor bound to the
    session), for every organisation.
    """
    if actor is not None:
        actor.require(P.disability_cards_write)
    on = on or today()
    cards = list((await session.execute(
        select(DisabilityCard).where(DisabilityCard.expires_on < on, DisabilityCard.replaced_on.is_(None),
                                     DisabilityCard.lapse_recorded_at.is_(None))
        .order_by(DisabilityCard.expires_on, DisabilityCard.id)
    )).scalars())
    now = utcnow()
    with audit.action(session, "disability_card.record_lapse"):
        for card in cards:
            card.lapse_recorded_at = now
            outbox.emit(session, "disability_card.expired", subject_type=CARD_SUBJECT, subject_id=card.id,
                        organisation_id=card.organisation_id,
                        payload={"card_id": str(card.id), "citizen_id": str(card.citizen_id),
                                 "card_number": card.card_number, "expires_on": card.expires_on.isoformat()})
        await session.flush()
    for card in cards:
        await _notify(session, CardChange("expired", CardSummary.of(card)), card.organisation_id)
    return [c.id for c in cards]


# --- a person's timeline, and what agencies' webhooks may carry ----------------------------------

timeline.register_linked_model(DisabilityCardRequest, subject_type=SUBJECT)
timeline.register_linked_model(DisabilityCard)
timeline.MASKED_KEYS.add("guardian_national_id")

# A province's webhook gets the steps of requests sent to it and the cards it issued; not
# `prepare`, `cancel` or the generic step event, which also cover requests never sent.
allow_client_topics(P.disability_cards_read, "disability_card_request.sent", "disability_card_request.received",
                    "disability_card_request.issued", "disability_card_request.returned", "disability_card.issued")

