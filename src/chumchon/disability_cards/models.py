"""Disability ID cards (บัตรประจำตัวคนพิการ) and the requests the organisation sends for them.

The card is made by the provincial social development office (พมจ.); the organisation
collects the documents, sends the requests (one by one or in a batch with a cover letter),
and records what the province answers. The province's systems answer through the API.

Tables:
- `disability_card_requests`: one person's request, from collecting documents to the card
  (or its return for correction); the step engine moves it (`workflow.py`).
- `disability_card_request_documents`: the checklist of the request's documents.
- `disability_card_batches` / `disability_card_batch_items`: what went to the province
  together, under one cover letter. A request sent again after a return is in two batches.
- `disability_cards`: the cards the province issued, on the person. A newer card replaces
  the older one from its issue date; nothing is deleted.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import Boolean, Date, ForeignKey, Index, Integer, String, Text, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column

from chumchon.core.audit import JsonDoc
from chumchon.core.db import Base, Entity, TenantMixin


class DisabilityType(StrEnum):
    """The 7 types of the Persons with Disabilities Empowerment Act 2550/2556 and the MSDHS
    notice on types (rules.md §2). A person may have more than one."""

    seeing = "seeing"
    hearing = "hearing"
    movement = "movement"
    mental = "mental"
    intellectual = "intellectual"
    learning = "learning"
    autism = "autism"


DISABILITY_TYPE_LABELS_TH: dict[DisabilityType, str] = {
    DisabilityType.seeing: "ความพิการทางการเห็น",
    DisabilityType.hearing: "ความพิการทางการได้ยินหรือสื่อความหมาย",
    DisabilityType.movement: "ความพิการทางการเคลื่อนไหวหรือทางร่างกาย",
    DisabilityType.mental: "ความพิการทางจิตใจหรือพฤติกรรม",
    DisabilityType.intellectual: "ความพิการทางสติปัญญา",
    DisabilityType.learning: "ความพิการทางการเรียนรู้",
    DisabilityType.autism: "ความพิการทางออทิสติก",
}


class RequestKind(StrEnum):
    new = "new"                              # ขอมีบัตรครั้งแรก
    renewal = "renewal"                      # ต่ออายุบัตร
    replacement = "replacement"              # ขอบัตรใหม่แทนบัตรที่หายหรือชำรุด
    change_of_details = "change_of_details"  # เปลี่ยนแปลงรายการในบัตร


REQUEST_KIND_LABELS_TH: dict[RequestKind, str] = {
    RequestKind.new: "ขอมีบัตรประจำตัวคนพิการ",
    RequestKind.renewal: "ขอต่ออายุบัตรประจำตัวคนพิการ",
    RequestKind.replacement: "ขอบัตรใหม่แทนบัตรที่สูญหายหรือชำรุด",
    RequestKind.change_of_details: "ขอเปลี่ยนแปลงรายการในบัตรประจำตัวคนพิการ",
}


class ReplacementReason(StrEnum):
    lost = "lost"
    damaged = "damaged"


REPLACEMENT_REASON_LABELS_TH = {ReplacementReason.lost: "บัตรสูญหาย", ReplacementReason.damaged: "บัตรชำรุด"}


class DocumentKind(StrEnum):
    medical_certificate = "medical_certificate"
    id_card_copy = "id_card_copy"
    birth_certificate_copy = "birth_certificate_copy"
    house_registration_copy = "house_registration_copy"
    photo = "photo"
    old_card = "old_card"
    loss_report = "loss_report"
    change_evidence = "change_evidence"
    guardian_authority = "guardian_authority"
    guardian_id_card_copy = "guardian_id_card_copy"
    guardian_house_registration_copy = "guardian_house_registration_copy"


DOCUMENT_LABELS_TH: dict[DocumentKind, str] = {
    DocumentKind.medical_certificate: "เอกสารรับรองความพิการจากแพทย์",
    DocumentKind.id_card_copy: "สำเนาบัตรประจำตัวประชาชน",
    DocumentKind.birth_certificate_copy: "สำเนาสูติบัตร (กรณีเด็ก)",
    DocumentKind.house_registration_copy: "สำเนาทะเบียนบ้าน",
    DocumentKind.photo: "รูปถ่ายขนาด 1 นิ้ว 2 รูป",
    DocumentKind.old_card: "บัตรประจำตัวคนพิการใบเดิม",
    DocumentKind.loss_report: "หลักฐานการแจ้งบัตรสูญหาย",
    DocumentKind.change_evidence: "หลักฐานการเปลี่ยนแปลงรายการ",
    DocumentKind.guardian_authority: "หนังสือมอบอำนาจหรือหนังสือรับรองผู้ดูแลคนพิการ",
    DocumentKind.guardian_id_card_copy: "สำเนาบัตรประจำตัวประชาชนของผู้ดูแล",
    DocumentKind.guardian_house_registration_copy: "สำเนาทะเบียนบ้านของผู้ดูแล",
}


class RequestState(StrEnum):
    draft = "draft"
    prepared = "prepared"
    sent = "sent"
    received = "received"
    issued = "issued"
    returned = "returned"
    cancelled = "cancelled"


# A person has at most one of these at a time; issued and cancelled requests are history.
OPEN_STATES = ("draft", "prepared", "sent", "received", "returned")
# The checklist and the request's details may change only while the municipality holds it.
EDITABLE_STATES = ("draft", "prepared", "returned")


class ReturnReason(StrEnum):
    documents_incomplete = "documents_incomplete"
    documents_unclear = "documents_unclear"
    certificate_invalid = "certificate_invalid"
    details_mismatch = "details_mismatch"
    not_eligible = "not_eligible"
    other = "other"


RETURN_REASON_LABELS_TH: dict[ReturnReason, str] = {
    ReturnReason.documents_incomplete: "เอกสารไม่ครบถ้วน",
    ReturnReason.documents_unclear: "เอกสารไม่ชัดเจน",
    ReturnReason.certificate_invalid: "เอกสารรับรองความพิการไม่ถูกต้อง",
    ReturnReason.details_mismatch: "ข้อมูลไม่ตรงกับหลักฐาน",
    ReturnReason.not_eligible: "ไม่เข้าเกณฑ์การออกบัตร",
    ReturnReason.other: "อื่น ๆ",
}


class DisabilityCardRequest(Entity, TenantMixin, Base):
    """One person's request for a card, as the step engine moves it."""

    __tablename__ = "disability_card_requests"
    __table_args__ = (
        # One open request per person; the service says so first (disability_card.request_open),
        # this stops two clicks both winning.
        Index(
            "uq_disability_card_requests_open",
            "citizen_id",
            unique=True,
            postgresql_where=text("state IN ('draft', 'prepared', 'sent', 'received', 'returned')"),
            sqlite_where=text("state IN ('draft', 'prepared', 'sent', 'received', 'returned')"),
        ),
        # The provincial office's queue: what was sent to it, by state.
        Index("ix_disability_card_requests_province_state", "province_code", "state"),
        # The organisation's own queue (GET /workflow/waiting).
        Index("ix_disability_card_requests_state", "organisation_id", "state"),
    )

    citizen_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("citizens.id"), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    state: Mapped[str] = mapped_column(String(12), default=RequestState.draft.value)
    disability_types: Mapped[list[Any]] = mapped_column(JsonDoc)
    replacement_reason: Mapped[str | None] = mapped_column(String(10))
    details_changed: Mapped[str | None] = mapped_column(String(500))
    # The card being renewed or replaced when it predates this system (else the recorded card).
    previous_card_no: Mapped[str | None] = mapped_column(String(40))
    previous_card_expires_on: Mapped[date | None] = mapped_column(Date)
    # Who acts for the person (ผู้ดูแลคนพิการ / ผู้รับมอบอำนาจ), typed from their papers.
    guardian_name: Mapped[str | None] = mapped_column(String(200))
    guardian_national_id: Mapped[str | None] = mapped_column(String(13))
    guardian_relationship: Mapped[str | None] = mapped_column(String(100))
    guardian_phone: Mapped[str | None] = mapped_column(String(20))
    note: Mapped[str | None] = mapped_column(Text)
    prepared_on: Mapped[date | None] = mapped_column(Date)
    # Set by sending: the province it went to (the organisation's), when, and in which batch.
    province_code: Mapped[str | None] = mapped_column(String(2))
    first_sent_on: Mapped[date | None] = mapped_column(Date)
    last_sent_on: Mapped[date | None] = mapped_column(Date)
    last_batch_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("disability_card_batches.id"))
    send_count: Mapped[int] = mapped_column(Integer, default=0)
    # Set by the province's answers.
    received_on: Mapped[date | None] = mapped_column(Date)
    province_reference: Mapped[str | None] = mapped_column(String(60))
    returned_on: Mapped[date | None] = mapped_column(Date)
    return_reason: Mapped[str | None] = mapped_column(String(24))
    return_note: Mapped[str | None] = mapped_column(Text)
    cancelled_on: Mapped[date | None] = mapped_column(Date)


class RequestDocument(Entity, TenantMixin, Base):
    """One line of a request's checklist: ticked when the paper is in hand."""

    __tablename__ = "disability_card_request_documents"
    __table_args__ = (UniqueConstraint("request_id", "kind"),)

    request_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("disability_card_requests.id"), index=True)
    kind: Mapped[str] = mapped_column(String(40))
    received: Mapped[bool] = mapped_column(Boolean, default=False)
    file_ref: Mapped[str | None] = mapped_column(String(300))


class Batch(Entity, TenantMixin, Base):
    """Requests sent to the provincial office together, under one cover letter."""

    __tablename__ = "disability_card_batches"
    __table_args__ = (UniqueConstraint("organisation_id", "number"),)

    number: Mapped[int] = mapped_column(Integer)  # running number within the organisation
    sent_on: Mapped[date] = mapped_column(Date)
    letter_no: Mapped[str | None] = mapped_column(String(60))  # the outgoing letter's number (ที่ …)
    province_code: Mapped[str] = mapped_column(String(2))
    sent_by_name: Mapped[str] = mapped_column(String(200))
    request_count: Mapped[int] = mapped_column(Integer, default=0)


class BatchItem(Entity, TenantMixin, Base):
    __tablename__ = "disability_card_batch_items"
    __table_args__ = (UniqueConstraint("batch_id", "request_id"),)

    batch_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("disability_card_batches.id"), index=True)
    request_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("disability_card_requests.id"), index=True)
    seq: Mapped[int] = mapped_column(Integer)
    resend: Mapped[bool] = mapped_column(Boolean, default=False)


class DisabilityCard(Entity, TenantMixin, Base):
    """A card the provincial office issued, recorded on the person.

    Valid on a day from `issued_on` to `expires_on` (inclusive) unless a newer card of the
    person replaced it before that day. `lapse_recorded_at` says the lapse was announced
    (`disability_card.expired`), so it is announced once.
    """

    __tablename__ = "disability_cards"
    __table_args__ = (Index("ix_disability_cards_citizen_issued", "citizen_id", "issued_on"),)

    citizen_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("citizens.id"))
    request_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("disability_card_requests.id"), unique=True)
    card_number: Mapped[str] = mapped_column(String(40))
    disability_types: Mapped[list[Any]] = mapped_column(JsonDoc)
    issued_on: Mapped[date] = mapped_column(Date)
    expires_on: Mapped[date] = mapped_column(Date, index=True)
    province_code: Mapped[str] = mapped_column(String(2))
    issued_by: Mapped[str] = mapped_column(String(200))  # the provincial office (its client's name)
    replaced_on: Mapped[date | None] = mapped_column(Date)
    replaced_by_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("disability_cards.id"))
    lapse_recorded_at: Mapped[datetime | None]
