"""A disability-card request, declared for the step engine (manual 1.11, issue #6).

    draft ──prepare──▶ prepared ──send──▶ sent ──receive──▶ received ──issue──▶ issued
                                           │  ◀──resend── returned ◀──return──┘
                                           └──────────return──────────▶

The municipality collects the documents (draft), checks them (prepare), and sends the
request to the provincial office, one by one or in a batch under one cover letter. The
province (a machine client with `disability_cards:decide`) marks it received, then issues
the card or returns the request with what to fix; the municipality fixes it and sends it
again. A request the municipality still holds may be cancelled, with a reason.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from chumchon.auth.permissions import P
from chumchon.citizens.models import Citizen
from chumchon.core.workflow import Context, Listing, Process, State, Step, Transition
from chumchon.disability_cards import service
from chumchon.disability_cards.models import DisabilityCardRequest, RequestState
from chumchon.disability_cards.schemas import (
    CancelEvidence,
    IssueEvidence,
    PrepareEvidence,
    ReceiveEvidence,
    ReturnEvidence,
    SendEvidence,
)

# --- guards ---------------------------------------------------------------------------------------


async def _documents_complete(ctx: Context) -> str | None:
    missing = await service.missing_documents(ctx.session, ctx.subject)
    return "disability_card.documents_missing" if missing else None


async def _person_can_apply(ctx: Context) -> str | None:
    req: DisabilityCardRequest = ctx.subject
    citizen = (await ctx.session.execute(select(Citizen).where(Citizen.id == req.citizen_id))).scalar_one()
    return service.person_refusal(citizen)


def _answer_date(ev: object) -> date | None:
    for name in ("received_on", "issued_on", "returned_on"):
        value = getattr(ev, name, None)
        if isinstance(value, date):
            return value
    return None


async def _not_before_sent(ctx: Context) -> str | None:
    """The province's answer cannot be dated before the papers left."""
    req: DisabilityCardRequest = ctx.subject
    on = _answer_date(ctx.evidence)
    if on is None or req.last_sent_on is None:
        return None
    if on < req.last_sent_on:
        return "disability_card.before_sent"
    if req.received_on is not None and on < req.received_on:
        return "disability_card.before_received"
    return None


# --- effects ----------------------------------------------------------------------------------------


async def _on_prepare(ctx: Context) -> None:
    ev = ctx.evidence
    assert isinstance(ev, PrepareEvidence)
    ctx.subject.prepared_on = ev.checked_on


async def _send(ctx: Context, *, resend: bool) -> None:
    ev = ctx.evidence
    assert isinstance(ev, SendEvidence)
    req: DisabilityCardRequest = ctx.subject
    # Sent alone, the request gets a batch (and a cover letter) of its own.
    batch = service.batch_being_sent(ctx.session) or await service.new_batch(
        ctx.session, ctx.actor, sent_on=ev.sent_on, letter_no=ev.letter_no)
    await service.put_in_batch(ctx.session, batch, req, resend=resend)
    # What the province said about the previous sending belongs to that sending.
    req.received_on = None
    req.province_reference = None


async def _on_send(ctx: Context) -> None:
    await _send(ctx, resend=False)


async def _on_resend(ctx: Context) -> None:
    await _send(ctx, resend=True)


async def _on_receive(ctx: Context) -> None:
    ev = ctx.evidence
    assert isinstance(ev, ReceiveEvidence)
    ctx.subject.received_on = ev.received_on
    ctx.subject.province_reference = ev.reference


async def _on_issue(ctx: Context) -> None:
    ev = ctx.evidence
    assert isinstance(ev, IssueEvidence)
    await service.issue_card(ctx.session, ctx.actor, ctx.subject, ev)


async def _on_return(ctx: Context) -> None:
    ev = ctx.evidence
    assert isinstance(ev, ReturnEvidence)
    req: DisabilityCardRequest = ctx.subject
    req.returned_on = ev.returned_on
    req.return_reason = ev.reason.value
    req.return_note = ctx.note


async def _on_cancel(ctx: Context) -> None:
    ev = ctx.evidence
    assert isinstance(ev, CancelEvidence)
    ctx.subject.cancelled_on = ev.cancelled_on


_S = RequestState
_EVENT = service.SUBJECT

REQUEST_PROCESS = Process(
    name="disability_card_request",
    subject_type=service.SUBJECT,
    initial=_S.draft.value,
    states=[
        State(_S.draft.value, "รวบรวมเอกสาร", "Collecting documents", 0),
        State(_S.prepared.value, "ตรวจเอกสารครบแล้ว", "Documents checked", 1),
        State(_S.returned.value, "พมจ. ส่งคืนให้แก้ไข", "Returned by the province to be fixed", 1),
        State(_S.sent.value, "ส่ง พมจ. แล้ว", "Sent to the provincial office", 2),
        State(_S.received.value, "พมจ. รับเรื่องแล้ว", "Received by the provincial office", 3),
        State(_S.issued.value, "ออกบัตรแล้ว", "Card issued", 4, terminal=True),
        State(_S.cancelled.value, "ยกเลิกคำขอ", "Cancelled", 4, terminal=True),
    ],
    transitions=[
        Transition("prepare", frozenset({_S.draft.value}), _S.prepared.value, P.disability_cards_write,
                   "ตรวจเอกสารครบถ้วน", "Check the documents", evidence=PrepareEvidence,
                   guards=(_person_can_apply, _documents_complete), effect=_on_prepare),
        Transition("send", frozenset({_S.prepared.value}), _S.sent.value, P.disability_cards_write,
                   "ส่ง พมจ.", "Send to the provincial office", evidence=SendEvidence,
                   guards=(_person_can_apply, _documents_complete), effect=_on_send, event=f"{_EVENT}.sent"),
        Transition("resend", frozenset({_S.returned.value}), _S.sent.value, P.disability_cards_write,
                   "ส่ง พมจ. อีกครั้งหลังแก้ไข", "Send again after fixing", evidence=SendEvidence,
                   guards=(_person_can_apply, _documents_complete), effect=_on_resend, event=f"{_EVENT}.sent"),
        Transition("receive", frozenset({_S.sent.value}), _S.received.value, P.disability_cards_decide,
                   "พมจ. รับเรื่อง", "Received by the provincial office", evidence=ReceiveEvidence,
                   guards=(_not_before_sent,), effect=_on_receive, event=f"{_EVENT}.received"),
        Transition("issue", frozenset({_S.received.value}), _S.issued.value, P.disability_cards_decide,
                   "ออกบัตรประจำตัวคนพิการ", "Issue the card", evidence=IssueEvidence,
                   guards=(_not_before_sent,), effect=_on_issue, event=f"{_EVENT}.issued"),
        Transition("return", frozenset({_S.sent.value, _S.received.value}), _S.returned.value,
                   P.disability_cards_decide, "ส่งคืนให้แก้ไข", "Return to be fixed", evidence=ReturnEvidence,
                   guards=(_not_before_sent,), effect=_on_return, kind="back", requires_note=True,
                   event=f"{_EVENT}.returned"),
        Transition("cancel", frozenset({_S.draft.value, _S.prepared.value, _S.returned.value}), _S.cancelled.value,
                   P.disability_cards_write, "ยกเลิกคำขอ", "Cancel the request", evidence=CancelEvidence,
                   effect=_on_cancel, kind="branch", requires_note=True, event=f"{_EVENT}.cancelled"),
    ],
    steps=[
        Step("prepare", "prepare", "ตรวจเอกสาร", "Check the documents"),
        Step("send", "send", "ส่ง พมจ.", "Send to the provincial office"),
        Step("receive", "receive", "พมจ. รับเรื่อง", "Received by the province"),
        Step("issue", "issue", "ออกบัตร", "Card issued"),
    ],
    listing=Listing(
        link="/disability-cards/requests/{id}", read_permission=P.disability_cards_read,
        title=select(Citizen.title + Citizen.first_name + " " + Citizen.last_name)
        .where(Citizen.id == DisabilityCardRequest.citizen_id).correlate(DisabilityCardRequest).scalar_subquery(),
    ),
)

STATE_LABELS_TH = {s.key: s.label_th for s in REQUEST_PROCESS.states}
