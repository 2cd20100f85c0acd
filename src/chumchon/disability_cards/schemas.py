"""The contract of the disability-card domain: the municipality's side, the provincial
office's side (which sees only what it needs to make the card), and each step's evidence."""

from __future__ import annotations

import uuid
from datetime import date, datetime, timedelta
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from chumchon.core.thai import NationalIdError, validate_national_id
from chumchon.disability_cards.models import (
    DISABILITY_TYPE_LABELS_TH,
    DOCUMENT_LABELS_TH,
    REQUEST_KIND_LABELS_TH,
    RETURN_REASON_LABELS_TH,
    DisabilityType,
    DocumentKind,
    ReplacementReason,
    RequestKind,
    RequestState,
    ReturnReason,
)

CardNumber = Annotated[str, Field(min_length=1, max_length=40, pattern=r"^[0-9A-Za-z/\- ]+$",
                                  description="เลขที่บัตรประจำตัวคนพิการ as printed on the card",
                                  examples=["3-6001-00012-34-5"])]
DisabilityTypes = Annotated[list[DisabilityType], Field(
    min_length=1, max_length=7,
    description="The types of disability (rules.md §2, the 7 official types): seeing, hearing (or "
                "communication), movement (or physical), mental (or behavioural), intellectual, learning, autism",
    examples=[["movement"]])]

# A date typed a day ahead in another time zone is still today in Thailand.
_TOLERANCE = timedelta(days=1)


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


def _unique(types: list[DisabilityType]) -> list[DisabilityType]:
    if len(set(types)) != len(types):
        raise ValueError("each disability type once")
    return types


def _not_in_future(day: date, what: str) -> date:
    if day > date.today() + _TOLERANCE:
        raise ValueError(f"{what} is in the future")
    return day


# --- shared pieces ---------------------------------------------------------------------------


class DisabilityTypeRead(BaseModel):
    code: DisabilityType
    label_th: str = Field(..., examples=["ความพิการทางการเคลื่อนไหวหรือทางร่างกาย"])


def types_read(codes: list[str]) -> list[DisabilityTypeRead]:
    return [DisabilityTypeRead(code=DisabilityType(c), label_th=DISABILITY_TYPE_LABELS_TH[DisabilityType(c)])
            for c in codes]


class Guardian(_Strict):
    """The person who acts for the disabled person (a carer, ผู้ดูแลคนพิการ, or someone holding
    a power of attorney). Their papers join the checklist (rules.md §2)."""

    name: str = Field(..., min_length=1, max_length=200, description="Title, first and last name",
                      examples=["นายสมชาย ใจดี"])
    national_id: str = Field(..., min_length=13, max_length=40, description="The guardian's 13-digit national "
                             "ID; dashes and Thai digits accepted, the check digit is verified",
                             examples=["1-1037-02071-83-8"])
    relationship: str = Field(..., min_length=1, max_length=100, description="เกี่ยวข้องเป็น",
                              examples=["บุตร", "ผู้ดูแล"])
    phone: str | None = Field(None, pattern=r"^\+?[0-9][0-9\- ]{7,18}$", examples=["081-234-5678"])

    @field_validator("national_id")
    @classmethod
    def _valid_id(cls, value: str) -> str:
        try:
            return validate_national_id(value)
        except NationalIdError as exc:
            raise ValueError(exc.message_en) from None


class DocumentItem(_Strict):
    kind: DocumentKind = Field(..., description="Which paper")
    received: bool = Field(True, description="Ticked: the paper is in hand")
    file_ref: str | None = Field(None, max_length=300, description="Where its scan is kept",
                                 examples=["scans/2568/dc-0001-id-card.pdf"])


def _unique_documents(items: list[DocumentItem]) -> list[DocumentItem]:
    kinds = [d.kind for d in items]
    if len(set(kinds)) != len(kinds):
        raise ValueError("each document kind once")
    return items


class DocumentRead(BaseModel):
    kind: DocumentKind
    label_th: str
    received: bool
    file_ref: str | None
    required: bool = Field(..., description="Required for this request (its kind, a guardian, a lapsed card)")


class MissingDocument(BaseModel):
    kinds: list[DocumentKind] = Field(..., description="Any one of these satisfies the requirement")
    label_th: str = Field(..., examples=["สำเนาบัตรประจำตัวประชาชน หรือ สำเนาสูติบัตร (กรณีเด็ก)"])


# --- requests: the municipality's side -------------------------------------------------------


class RequestCreate(_Strict):
    """A request for a card, started while the documents are collected."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, json_schema_extra={"examples": [{
        "citizen_id": "0b1e6f0e-5c1a-4a55-9a8e-6a1f3f2d9c10", "kind": "new", "disability_types": ["movement"],
        "documents": [{"kind": "medical_certificate"}, {"kind": "id_card_copy"},
                      {"kind": "house_registration_copy"}, {"kind": "photo"}]}]})

    citizen_id: uuid.UUID = Field(..., description="The person, in the citizen register")
    kind: RequestKind = Field(..., description="new, renewal, replacement (lost or damaged), change_of_details")
    disability_types: DisabilityTypes
    replacement_reason: ReplacementReason | None = Field(None, description="Required for a replacement")
    details_changed: str | None = Field(None, min_length=1, max_length=500,
                                        description="What changes on the card; required for change_of_details",
                                        examples=["เปลี่ยนชื่อสกุลตามทะเบียนสมรส"])
    previous_card_no: CardNumber | None = Field(None, description="The card being renewed or replaced, when it "
                                                "is not recorded here yet")
    previous_card_expires_on: date | None = Field(None, description="Its expiry date, as printed")
    guardian: Guardian | None = Field(None, description="Who acts for the person, if anyone")
    documents: list[DocumentItem] = Field(default_factory=list, max_length=20, description="The checklist so far")
    note: str | None = Field(None, max_length=2000, description="The officer's note (never sent to the province)")

    @field_validator("disability_types")
    @classmethod
    def _types_once(cls, value: list[DisabilityType]) -> list[DisabilityType]:
        return _unique(value)

    @field_validator("documents")
    @classmethod
    def _documents_once(cls, value: list[DocumentItem]) -> list[DocumentItem]:
        return _unique_documents(value)

    @model_validator(mode="after")
    def _by_kind(self) -> RequestCreate:
        check_kind_fields(self.kind, self.replacement_reason, self.details_changed)
        return self


def check_kind_fields(kind: RequestKind, reason: ReplacementReason | None, details: str | None) -> None:
    if kind == RequestKind.replacement and reason is None:
        raise ValueError("a replacement needs replacement_reason (lost or damaged)")
    if kind != RequestKind.replacement and reason is not None:
        raise ValueError("replacement_reason is for a replacement only")
    if kind == RequestKind.change_of_details and not details:
        raise ValueError("a change of details needs details_changed")


class RequestUpdate(_Strict):
    """Corrections while the municipality holds the request (collecting, checked, or returned
    by the province). The state moves only through the steps."""

    kind: RequestKind | None = None
    disability_types: DisabilityTypes | None = None
    replacement_reason: ReplacementReason | None = None
    details_changed: str | None = Field(None, min_length=1, max_length=500)
    previous_card_no: CardNumber | None = None
    previous_card_expires_on: date | None = None
    guardian: Guardian | None = Field(None, description="null removes the guardian")
    note: str | None = Field(None, max_length=2000)

    @field_validator("disability_types")
    @classmethod
    def _types_once(cls, value: list[DisabilityType] | None) -> list[DisabilityType] | None:
        return value if value is None else _unique(value)

    @model_validator(mode="after")
    def _kind_not_null(self) -> RequestUpdate:
        if "kind" in self.model_fields_set and self.kind is None:
            raise ValueError("kind cannot be emptied")
        if "disability_types" in self.model_fields_set and self.disability_types is None:
            raise ValueError("disability_types cannot be emptied")
        return self


class DocumentsUpdate(_Strict):
    """The whole checklist: papers left out are no longer on it."""

    documents: list[DocumentItem] = Field(..., max_length=20)

    @field_validator("documents")
    @classmethod
    def _documents_once(cls, value: list[DocumentItem]) -> list[DocumentItem]:
        return _unique_documents(value)


class PersonBrief(BaseModel):
    citizen_id: uuid.UUID
    full_name_th: str = Field(..., examples=["นางสมหญิง ใจดี"])
    national_id_masked: str = Field(..., examples=["1-1037-xxxxx-xx-8"])
    village_id: uuid.UUID | None


class GuardianRead(BaseModel):
    name: str
    national_id_masked: str
    relationship: str
    phone: str | None


class CardBrief(BaseModel):
    card_id: uuid.UUID
    card_number: str
    issued_on: date
    expires_on: date


class RequestRead(BaseModel):
    """A request as the municipality sees it (national IDs masked)."""

    id: uuid.UUID
    person: PersonBrief
    kind: RequestKind
    kind_label_th: str
    state: RequestState
    state_label_th: str
    disability_types: list[DisabilityTypeRead]
    replacement_reason: ReplacementReason | None
    details_changed: str | None
    previous_card_no: str | None
    previous_card_expires_on: date | None
    guardian: GuardianRead | None
    documents: list[DocumentRead]
    missing_documents: list[MissingDocument] = Field(..., description="What must still be ticked before the "
                                                     "request can be prepared or sent")
    note: str | None
    prepared_on: date | None
    province_code: str | None = Field(..., description="The province it was sent to")
    first_sent_on: date | None
    last_sent_on: date | None
    last_batch_id: uuid.UUID | None
    send_count: int
    received_on: date | None
    province_reference: str | None
    returned_on: date | None
    return_reason: ReturnReason | None
    return_reason_label_th: str | None
    return_note: str | None
    cancelled_on: date | None
    card: CardBrief | None
    version: int
    created_at: datetime
    updated_at: datetime


# --- batches -----------------------------------------------------------------------------------


class BatchCreate(_Strict):
    """Send requests to the provincial office together: those checked (`prepared`) are sent,
    those the province returned are sent again. All go, or none."""

    request_ids: list[uuid.UUID] = Field(..., min_length=1, max_length=200)
    sent_on: date = Field(..., description="The day the papers leave", examples=["2025-06-02"])
    letter_no: str | None = Field(None, min_length=1, max_length=60, description="The cover letter's number "
                                  "(ที่ …) from the outgoing register", examples=["ชย 72301/ว 123"])

    @field_validator("request_ids")
    @classmethod
    def _once(cls, ids: list[uuid.UUID]) -> list[uuid.UUID]:
        if len(set(ids)) != len(ids):
            raise ValueError("each request once")
        return ids

    @field_validator("sent_on")
    @classmethod
    def _sent_on_not_in_future(cls, value: date) -> date:
        return _not_in_future(value, "sent_on")


class BatchItemRead(BaseModel):
    seq: int
    request_id: uuid.UUID
    resend: bool = Field(..., description="Sent again after the province returned it")
    full_name_th: str
    kind: RequestKind


class BatchRead(BaseModel):
    id: uuid.UUID
    number: int = Field(..., description="Running number within the organisation")
    sent_on: date
    letter_no: str | None
    province_code: str
    sent_by_name: str
    request_count: int
    items: list[BatchItemRead]
    cover_letter_url: str = Field(..., examples=["/api/v1/disability-card-batches/…/cover-letter.pdf"])
    created_at: datetime


class BatchSummary(BaseModel):
    id: uuid.UUID
    number: int
    sent_on: date
    letter_no: str | None
    province_code: str
    sent_by_name: str
    request_count: int
    created_at: datetime


# --- cards -------------------------------------------------------------------------------------

CardStatus = Literal["valid", "expired", "replaced"]
CARD_STATUS_LABELS_TH = {"valid": "ใช้ได้", "expired": "หมดอายุ", "replaced": "มีบัตรใหม่แทนแล้ว"}


class CardRead(BaseModel):
    id: uuid.UUID
    citizen_id: uuid.UUID
    request_id: uuid.UUID
    card_number: str
    disability_types: list[DisabilityTypeRead]
    issued_on: date
    expires_on: date
    issued_by: str
    province_code: str
    replaced_on: date | None
    replaced_by_id: uuid.UUID | None
    status: CardStatus = Field(..., description="Today: valid, expired, or replaced by a newer card")
    status_label_th: str
    version: int


class ExpiringCardRead(BaseModel):
    """A card that lapses soon, with what an officer needs to reach the person."""

    card_id: uuid.UUID
    card_number: str
    expires_on: date
    days_left: int
    citizen_id: uuid.UUID
    full_name_th: str
    national_id_masked: str
    phone: str | None
    house_number: str | None
    village_id: uuid.UUID | None
    village_number: int | None = Field(None, description="หมู่ที่")
    village_name_th: str | None
    renewal_request_id: uuid.UUID | None = Field(None, description="An open request for this person, if one "
                                                 "has been started")


class LapseReport(BaseModel):
    on: date
    recorded: int = Field(..., description="Cards found lapsed now, each announced once as "
                          "`disability_card.expired`")
    card_ids: list[uuid.UUID]


# --- step evidence -------------------------------------------------------------------------------


class PrepareEvidence(_Strict):
    """The officer checked the papers against the checklist."""

    checked_on: date = Field(..., examples=["2025-05-30"])

    @field_validator("checked_on")
    @classmethod
    def _checked_on_not_in_future(cls, value: date) -> date:
        return _not_in_future(value, "checked_on")


class SendEvidence(_Strict):
    """The papers left for the provincial office (a batch of one, with its own cover letter)."""

    sent_on: date = Field(..., examples=["2025-06-02"])
    letter_no: str | None = Field(None, min_length=1, max_length=60, examples=["ชย 72301/ว 123"])

    @field_validator("sent_on")
    @classmethod
    def _sent_on_not_in_future(cls, value: date) -> date:
        return _not_in_future(value, "sent_on")


class ReceiveEvidence(_Strict):
    """The provincial office has the papers."""

    received_on: date = Field(..., examples=["2025-06-04"])
    reference: str | None = Field(None, min_length=1, max_length=60,
                                  description="The province's own reference (เลขรับ)", examples=["รับที่ 1234/2568"])

    @field_validator("received_on")
    @classmethod
    def _received_on_not_in_future(cls, value: date) -> date:
        return _not_in_future(value, "received_on")


class IssueEvidence(_Strict):
    """The card the provincial office made. Cards are valid 8 years from issue (rules.md §2);
    the expiry date is the one printed on the card."""

    card_number: CardNumber
    issued_on: date = Field(..., examples=["2025-06-10"])
    expires_on: date = Field(..., examples=["2033-06-09"])
    disability_types: DisabilityTypes | None = Field(None, description="The types the card states, when they "
                                                     "differ from the request's (the province decides)")

    @field_validator("issued_on")
    @classmethod
    def _issued_on_not_in_future(cls, value: date) -> date:
        return _not_in_future(value, "issued_on")

    @model_validator(mode="after")
    def _after_issue(self) -> IssueEvidence:
        if self.expires_on <= self.issued_on:
            raise ValueError("expires_on must be after issued_on")
        if self.disability_types is not None:
            _unique(self.disability_types)
        return self


class ReturnEvidence(_Strict):
    """The provincial office sends the request back to be fixed; what to fix goes in `note`."""

    returned_on: date = Field(..., examples=["2025-06-05"])
    reason: ReturnReason = Field(..., examples=["documents_unclear"])

    @field_validator("returned_on")
    @classmethod
    def _returned_on_not_in_future(cls, value: date) -> date:
        return _not_in_future(value, "returned_on")


class CancelEvidence(_Strict):
    cancelled_on: date = Field(..., examples=["2025-06-20"])

    @field_validator("cancelled_on")
    @classmethod
    def _cancelled_on_not_in_future(cls, value: date) -> date:
        return _not_in_future(value, "cancelled_on")


# --- the provincial office's side -------------------------------------------------------------


class OrganisationBrief(BaseModel):
    code: str
    name_th: str
    district_name: str
    province_code: str


class ProvincePerson(BaseModel):
    """The person, as the card needs them. The whole national ID: the card is made from it."""

    title: str
    first_name: str
    last_name: str
    full_name_th: str
    national_id: str = Field(..., examples=["1103702071838"])


class ProvinceGuardian(BaseModel):
    name: str
    national_id: str
    relationship: str


class ProvinceDocument(BaseModel):
    kind: DocumentKind
    label_th: str
    received: bool


class ProvinceCard(BaseModel):
    card_number: str
    issued_on: date
    expires_on: date


class ProvinceRequestRead(BaseModel):
    """A request sent to the province: only what the card is made from. Nothing of the
    person's allowances, health beyond the disability types, address or the officer's notes."""

    id: uuid.UUID
    organisation: OrganisationBrief
    kind: RequestKind
    kind_label_th: str
    state: RequestState
    state_label_th: str
    person: ProvincePerson
    disability_types: list[DisabilityTypeRead]
    replacement_reason: ReplacementReason | None
    details_changed: str | None
    previous_card_no: str | None
    guardian: ProvinceGuardian | None
    documents: list[ProvinceDocument]
    sent_on: date | None = Field(..., description="The last time it was sent")
    send_count: int = Field(..., description="How many times it was sent (more than 1: sent again after a return)")
    letter_no: str | None
    batch_number: int | None
    received_on: date | None
    province_reference: str | None
    returned_on: date | None
    return_reason: ReturnReason | None
    return_note: str | None
    card: ProvinceCard | None
    version: int
    updated_at: datetime


class ProvinceReceive(ReceiveEvidence):
    """Mark the request received (รับเรื่อง)."""


class ProvinceIssue(IssueEvidence):
    """Record the card made for the request (ออกบัตร)."""


class ProvinceReturn(ReturnEvidence):
    """Send the request back to the municipality to be fixed (ส่งคืนแก้ไข)."""

    note: str = Field(..., min_length=1, max_length=2000, description="What to fix",
                      examples=["รูปถ่ายไม่ชัด กรุณาส่งรูปถ่ายใหม่ 2 รูป"])


def document_label(kind: str) -> str:
    return DOCUMENT_LABELS_TH[DocumentKind(kind)]


def kind_label(kind: str) -> str:
    return REQUEST_KIND_LABELS_TH[RequestKind(kind)]


def return_reason_label(reason: str | None) -> str | None:
    return RETURN_REASON_LABELS_TH[ReturnReason(reason)] if reason else None
