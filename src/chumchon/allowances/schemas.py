"""The allowances contract: programmes, rates, windows, settings, registrations, payrolls,
and the evidence each step of the two processes takes."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from chumchon.allowances.programmes import (
    BandStart,
    DocumentKind,
    EndReason,
    MovePaidThrough,
    OtherWelfare,
    Payer,
    ProgrammeCode,
    RegistrationKind,
    StartRule,
)
from chumchon.citizens.schemas import CitizenRead

MoneyBaht = Annotated[Decimal, Field(ge=0, max_digits=12, decimal_places=2, examples=["600.00"])]
FirstOfMonth = Annotated[date, Field(description="Any day of the month; the month is what counts",
                                     examples=["2025-10-01"])]


# --- programmes, rates, windows, settings --------------------------------------------------------


class RateRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)
    id: uuid.UUID
    programme: ProgrammeCode
    effective_from: date = Field(..., description="First day this version of the table applies")
    age_min: int = Field(..., description="Youngest age of the band (the age reached; see the programme's "
                         "band_start setting)")
    age_max: int | None = Field(None, description="Oldest age of the band, inclusive; null: no upper bound")
    amount: Decimal = Field(..., description="Baht a month", examples=["600.00"])
    label_th: str = Field(..., examples=["อายุ 60-69 ปี"])
    welfare_card_amount: Decimal | None = Field(None, description="Baht a month for a holder of the state welfare "
                                                "card, where the Cabinet set it apart; null: `amount`")
    source: str | None


class RateBand(BaseModel):
    model_config = ConfigDict(extra="forbid")
    age_min: int = Field(0, ge=0, le=150)
    age_max: int | None = Field(None, ge=0, le=150)
    amount: MoneyBaht
    welfare_card_amount: MoneyBaht | None = Field(None, description="For a holder of the state welfare card, if "
                                                  "different")
    label_th: str = Field(..., min_length=1, max_length=100)


class RateVersionCreate(BaseModel):
    """A new national rate: every band of the programme's table from `effective_from` on.

    Bands must cover every age from the first band's `age_min` up with no gap or overlap,
    the last one open-ended (age_max null)."""

    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [{
        "programme": "elderly", "effective_from": "2026-10-01", "source": "มติคณะรัฐมนตรี",
        "bands": [{"age_min": 60, "age_max": 69, "amount": "700.00", "label_th": "อายุ 60-69 ปี"},
                  {"age_min": 70, "age_max": 79, "amount": "850.00", "label_th": "อายุ 70-79 ปี"},
                  {"age_min": 80, "age_max": 89, "amount": "1000.00", "label_th": "อายุ 80-89 ปี"},
                  {"age_min": 90, "age_max": None, "amount": "1250.00", "label_th": "อายุ 90 ปีขึ้นไป"}]}]})

    programme: ProgrammeCode
    effective_from: date
    source: str | None = Field(None, max_length=300)
    bands: list[RateBand] = Field(..., min_length=1, max_length=20)

    @model_validator(mode="after")
    def _contiguous(self) -> RateVersionCreate:
        bands = sorted(self.bands, key=lambda b: b.age_min)
        for before, after in zip(bands, bands[1:], strict=False):
            if before.age_max is None or before.age_max + 1 != after.age_min:
                raise ValueError("bands must follow each other without gap or overlap")
        if bands[-1].age_max is not None:
            raise ValueError("the last band must be open-ended (age_max null)")
        if any(b.age_max is not None and b.age_max < b.age_min for b in bands):
            raise ValueError("a band's age_max is below its age_min")
        self.bands = bands
        return self


class WindowRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)
    id: uuid.UUID
    programme: ProgrammeCode
    fiscal_year: int = Field(..., description="BE fiscal year registered for (paid in)", examples=[2569])
    opens_on: date
    closes_on: date
    cohort_born_before: date | None = Field(None, description="Only people born before this day may register "
                                            "for the year (born before 2 September of fiscal year − 60, BE)")
    payment_starts_on: date
    note: str | None


class SettingsRead(BaseModel):
    programme: ProgrammeCode
    payer: Payer
    payer_label_th: str
    band_start: BandStart = Field(..., description="When a higher age band starts paying: the month after the "
                                  "age is reached, or the next fiscal year")
    death_month_paid: bool = Field(..., description="Whether the month in which the person died is paid")
    move_paid_through: MovePaidThrough = Field(..., description="After a move out: paid to the end of that "
                                               "fiscal year (earlier rules) or to the month of the move")
    back_pay_months: int = Field(..., description="How many months back a payroll looks for months owed")
    means_test_enabled: bool = Field(..., description="The income test the state may switch on; off by default")
    income_limit: Decimal | None = Field(None, description="Baht a year; above it the means test fails")
    excludes: list[ProgrammeCode] = Field(..., description="Programmes whose open registration excludes this one")
    bank_layout: str = Field(..., description="Layout of the bank transfer file when the organisation pays itself")
    payer_company_id: str | None
    payer_bank_code: str | None
    payer_branch_code: str | None
    payer_account_no: str | None
    payer_account_name: str | None
    welfare_card_split: bool = Field(..., description="A state-welfare-card holder's higher rate paid as the ordinary "
                                     "rate to the bank plus the difference on the card (on the roster, not in the "
                                     "bank file); off: the whole amount to the bank")
    saved: bool = Field(..., description="False while the defaults apply (nothing saved yet)")
    version: int = Field(..., description="0 while the defaults apply; send it as If-Match")


class SettingsUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid")
    payer: Payer | None = None
    band_start: BandStart | None = None
    death_month_paid: bool | None = None
    move_paid_through: MovePaidThrough | None = None
    back_pay_months: int | None = Field(None, ge=1, le=60)
    means_test_enabled: bool | None = None
    income_limit: MoneyBaht | None = None
    excludes: list[ProgrammeCode] | None = None
    bank_layout: str | None = Field(None, max_length=40)
    payer_company_id: str | None = Field(None, pattern=r"^\d{1,20}$")
    payer_bank_code: str | None = Field(None, pattern=r"^\d{3}$")
    payer_branch_code: str | None = Field(None, pattern=r"^\d{4}$")
    payer_account_no: str | None = Field(None, pattern=r"^\d{10,15}$")
    payer_account_name: str | None = Field(None, max_length=200)
    welfare_card_split: bool | None = None


class DocumentRequirement(BaseModel):
    kind: DocumentKind
    label_th: str


class ProgrammeRead(BaseModel):
    code: ProgrammeCode
    label_th: str
    label_en: str
    regulation_th: str
    sensitive: bool = Field(..., description="Health data: registrations and payrolls need sensitive:read")
    min_age: int | None
    needs_disability_card: bool
    start_rule: StartRule
    documents: dict[RegistrationKind, list[DocumentRequirement]] = Field(
        ..., description="What must be received before the request is recorded, by kind of request")
    current_rates: list[RateRead]
    settings: SettingsRead


# --- registrations ----------------------------------------------------------------------------------


class DocumentIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    kind: DocumentKind
    received: bool = Field(True, description="Ticked: the copy is in hand")
    file_ref: str | None = Field(None, max_length=300, description="Reference of the scanned file, if scanned",
                                 examples=["scans/2568/0001-id-card.pdf"])


class DocumentRead(BaseModel):
    kind: DocumentKind
    label_th: str
    required: bool
    received: bool
    file_ref: str | None


class ConsentBy(StrEnum):
    self = "self"          # the person
    guardian = "guardian"  # ผู้แทนโดยชอบธรรม / ผู้อนุบาล / ผู้ดูแล


CONSENT_BY_LABELS_TH = {ConsentBy.self: "เจ้าของข้อมูล", ConsentBy.guardian: "ผู้แทนโดยชอบธรรมหรือผู้ดูแล"}


class ConsentIn(BaseModel):
    """PDPA s.26 explicit consent to collect and use health data, taken at intake. The
    officer who took it is whoever records it."""

    model_config = ConfigDict(extra="forbid")
    given_by: ConsentBy
    guardian_name: str | None = Field(None, max_length=200, description="Required when a guardian gave it")
    guardian_relation: str | None = Field(None, max_length=100)
    consented_on: date
    file_ref: str | None = Field(None, max_length=300, description="Reference of the scanned, signed form",
                                 examples=["scans/2569/0007-consent.pdf"])

    @model_validator(mode="after")
    def _guardian_named(self) -> ConsentIn:
        if self.given_by == ConsentBy.guardian and not (self.guardian_name and self.guardian_name.strip()):
            raise ValueError("a guardian's consent names the guardian (guardian_name)")
        if self.given_by == ConsentBy.self and (self.guardian_name or self.guardian_relation):
            raise ValueError("the person's own consent names no guardian")
        return self


class ConsentRead(BaseModel):
    given_by: ConsentBy
    given_by_label_th: str
    guardian_name: str | None
    guardian_relation: str | None
    consented_on: date
    officer_name: str | None = Field(None, description="The officer who took it")
    file_ref: str | None


class _RegistrationFields(BaseModel):
    model_config = ConfigDict(extra="forbid")
    request_no: str | None = Field(None, max_length=40, description="เลขที่รับคำขอ")
    proxy_name: str | None = Field(None, max_length=200, description="ผู้ยื่นแทน (with a power of attorney)")
    proxy_relation: str | None = Field(None, max_length=100, description="ความเกี่ยวข้องกับผู้มีสิทธิ")
    payment_method: Literal["bank", "cash"] | None = Field(None, description="Bank transfer (default) or cash")
    bank_account_id: uuid.UUID | None = Field(None, description="The person's account to pay into; the primary "
                                              "open account when left out")
    disability_card_id: uuid.UUID | None = Field(None, description="The card record, once the card domain exists")
    disability_card_no: str | None = Field(None, max_length=40, description="เลขที่บัตรประจำตัวคนพิการ")
    disability_card_expires_on: date | None = Field(None, description="วันบัตรหมดอายุ")
    documents: list[DocumentIn] | None = Field(None, description="The checklist; each entry ticks one document")
    welfare_card_holder: bool | None = Field(None, description="Holds the state welfare card (บัตรสวัสดิการแห่งรัฐ): "
                                             "the rate table's welfare-card amount applies")
    consent: ConsentIn | None = Field(None, description="PDPA consent to collect health data; required for the "
                                      "HIV/AIDS programme (422 `allowance.consent_missing` without it)")
    note: str | None = Field(None, max_length=2000)

    @field_validator("documents")
    @classmethod
    def _one_per_kind(cls, v: list[DocumentIn] | None) -> list[DocumentIn] | None:
        if v is not None and len({d.kind for d in v}) != len(v):
            raise ValueError("each document kind may appear once")
        return v


class RegistrationCreate(_RegistrationFields):
    """Documents received (รับเอกสาร): the first step of a registration or confirmation."""

    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [{
        "citizen_id": "6f1c1f7e-3c1b-4d7e-9a51-2f0d8f0b7a11", "programme": "elderly", "kind": "registration",
        "received_on": "2024-11-15", "documents": [{"kind": "id_card"}, {"kind": "house_registration"},
                                                    {"kind": "bank_book", "file_ref": "scans/0001-bank.pdf"}]}]})

    citizen_id: uuid.UUID
    programme: ProgrammeCode
    kind: RegistrationKind = Field(RegistrationKind.registration, description="`confirmation` (ยืนยันสิทธิ) is "
                                   "the 2566 flow for people reaching 60; elderly only")
    received_on: date | None = Field(None, description="Day the documents were received; today when left out. "
                                     "For the elderly allowance it picks the registration window")


class RegistrationUpdate(_RegistrationFields):
    """Corrections before approval. State is changed only by the workflow's steps."""

    received_on: date | None = None


class CitizenSummary(BaseModel):
    id: uuid.UUID
    full_name_th: str
    national_id_masked: str
    birth_date: date | None
    village_id: uuid.UUID | None
    death_date: date | None
    moved_out_on: date | None


class RegistrationRead(BaseModel):
    id: uuid.UUID
    citizen_id: uuid.UUID
    citizen: CitizenSummary
    programme: ProgrammeCode
    programme_label_th: str
    kind: RegistrationKind
    kind_label_th: str
    state: str
    state_label_th: str
    received_on: date
    fiscal_year: int | None = Field(None, description="BE fiscal year registered for")
    request_no: str | None
    proxy_name: str | None
    proxy_relation: str | None
    payment_method: str
    bank_account_id: uuid.UUID | None
    disability_card_id: uuid.UUID | None
    disability_card_no: str | None
    disability_card_expires_on: date | None
    other_welfare: list[str]
    annual_income: Decimal | None
    welfare_card_holder: bool
    consent: ConsentRead | None
    verified_on: date | None
    approved_on: date | None
    start_month: date | None = Field(None, description="First month paid")
    end_month: date | None = Field(None, description="Last month paid, once ended")
    ended_on: date | None
    end_reason: EndReason | None
    end_reason_label_th: str | None
    documents: list[DocumentRead]
    note: str | None
    version: int
    created_at: datetime
    updated_at: datetime


class EligibilityCheck(BaseModel):
    code: str = Field(..., description="The reason code when the check fails", examples=["allowance.under_age"])
    label_th: str
    passed: bool
    detail: str | None = None


class EligibilityRead(BaseModel):
    registration_id: uuid.UUID
    eligible: bool
    checks: list[EligibilityCheck]


# --- evidence of the registration's steps -------------------------------------------------------------


class RecordEvidence(BaseModel):
    """บันทึกข้อมูลและพิมพ์แบบคำขอ: the request is in the register; its form can be printed."""

    model_config = ConfigDict(extra="forbid")
    request_no: str = Field(..., min_length=1, max_length=40, description="เลขที่รับคำขอ", examples=["12/2568"])
    recorded_on: date


class VerifyEvidence(BaseModel):
    """ตรวจสอบคุณสมบัติ: what the officer checked besides the registry."""

    model_config = ConfigDict(extra="forbid")
    checked_on: date
    other_welfare: list[OtherWelfare] = Field(default_factory=list, description="State welfare the person "
                                              "receives (pension, state care home …); any excludes the elderly "
                                              "allowance")
    annual_income: MoneyBaht | None = Field(None, description="Baht a year, when a means test is switched on")


class ApproveEvidence(BaseModel):
    model_config = ConfigDict(extra="forbid")
    approved_on: date
    order_no: str | None = Field(None, max_length=60, description="เลขที่คำสั่ง/ประกาศ")


class RejectEvidence(BaseModel):
    model_config = ConfigDict(extra="forbid")
    reason_code: str = Field(..., min_length=1, max_length=60, description="An eligibility reason code, or "
                             "`allowance.other`", examples=["allowance.under_age"])


class SuspendReason(StrEnum):
    card_expired = "card_expired"
    under_review = "under_review"
    unreachable = "unreachable"
    other = "other"


class SuspendEvidence(BaseModel):
    model_config = ConfigDict(extra="forbid")
    from_month: FirstOfMonth = Field(..., description="First month not paid")
    reason: SuspendReason


class ResumeEvidence(BaseModel):
    model_config = ConfigDict(extra="forbid")
    from_month: FirstOfMonth = Field(..., description="First month paid again; months of the suspension before "
                                     "it are not paid")
    disability_card_no: str | None = Field(None, max_length=40, description="The renewed card, if that was why")
    disability_card_expires_on: date | None = None


class EndEvidence(BaseModel):
    model_config = ConfigDict(extra="forbid")
    reason: EndReason
    event_date: date = Field(..., description="Date of death, of the move, of the written waiver, or of the "
                             "finding that a qualification is lost")
    last_month: date | None = Field(None, description="Override of the last month paid; by default it follows "
                                    "the organisation's settings")


# --- payrolls -------------------------------------------------------------------------------------------


class PayrollCreate(BaseModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [{"programme": "elderly",
                                                                               "month": "2025-10-01"}]})
    programme: ProgrammeCode
    month: FirstOfMonth


class PayrollRead(BaseModel):
    id: uuid.UUID
    programme: ProgrammeCode
    programme_label_th: str
    month: date
    month_th: str = Field(..., examples=["ต.ค. 2568"])
    fiscal_year: int
    state: str
    state_label_th: str
    payer: Payer
    payer_label_th: str
    rules: dict[str, Any] = Field(..., description="The settings the lines were computed with")
    computed_at: datetime | None
    line_count: int
    total: Decimal
    failed_count: int
    exported_on: date | None
    paid_on: date | None
    version: int
    created_at: datetime


class PayrollLineRead(BaseModel):
    id: uuid.UUID
    payroll_id: uuid.UUID
    registration_id: uuid.UUID
    citizen_id: uuid.UUID
    full_name_th: str
    national_id_masked: str
    month_paid: date
    is_back_pay: bool
    age: int | None
    rate_id: uuid.UUID
    band_label_th: str
    amount: Decimal = Field(..., description="What this payroll pays, to the bank or in cash")
    card_amount: Decimal = Field(..., description="Paid on the state welfare card besides (not in the bank file)")
    bank_account_id: uuid.UUID | None
    bank_code: str | None
    account_no_masked: str | None
    account_name: str | None
    status: str
    failure_reason: str | None
    failed_on: date | None


class FailureReason(StrEnum):
    account_closed = "account_closed"          # บัญชีปิด
    account_not_found = "account_not_found"    # ไม่พบบัญชี
    returned = "returned"                      # เงินถูกส่งคืน
    other = "other"


class LineFailure(BaseModel):
    model_config = ConfigDict(extra="forbid")
    reason: FailureReason
    failed_on: date
    note: str | None = Field(None, max_length=500)


class ExportEvidence(BaseModel):
    model_config = ConfigDict(extra="forbid")
    exported_on: date
    reference: str | None = Field(None, max_length=60, description="Batch number, or the CGD reconciliation "
                                  "reference")


class PaidEvidence(BaseModel):
    model_config = ConfigDict(extra="forbid")
    paid_on: date


# --- reports -----------------------------------------------------------------------------------------------


class ReportBy(StrEnum):
    programme = "programme"
    village = "village"
    age_band = "age_band"
    status = "status"


class BeneficiaryRow(BaseModel):
    """One group's count; the fields the report was not grouped by are null."""

    programme: ProgrammeCode | None = None
    village_id: uuid.UUID | None = None
    village_no: int | None = None
    village_name: str | None = None
    age_band: str | None = Field(None, description="The elderly rate table's band of the age reached on `on` "
                                 "(\"60-69\", \"90+\"), \"0-59\" below it, \"unknown\" without a birth date",
                                 examples=["60-69"])
    status: str | None = Field(None, description="The registration's state", examples=["active"])
    count: int


class BeneficiaryReport(BaseModel):
    on: date
    by: list[ReportBy]
    rows: list[BeneficiaryRow]
    total: int


class PaymentRow(BaseModel):
    month: date = Field(..., description="The payroll's month (back pay is counted in the month it is paid)")
    programme: ProgrammeCode
    lines: int = Field(..., description="Payroll lines (a person and a month paid), failed ones included")
    amount: Decimal = Field(..., description="Everything the month's payroll computed, whatever its step")
    paid_amount: Decimal = Field(..., description="Lines recorded paid: in a payroll marked paid, and not failed")
    failed_amount: Decimal = Field(..., description="Lines whose transfer failed (owed again, paid later)")
    card_amount: Decimal = Field(..., description="Paid on the state welfare card besides, for the paid lines")


class PaymentReport(BaseModel):
    fiscal_year: int
    rows: list[PaymentRow]
    total_amount: Decimal
    total_paid_amount: Decimal
    total_failed_amount: Decimal


class TurningSixtyRead(BaseModel):
    """A person of the register who reaches 60 within the fiscal year's cohort and has no
    open elderly registration: the people to notify (rules.md §1)."""

    citizen: CitizenRead = Field(..., description="The person, as the citizens list shows them (national ID masked)")
    village_no: int | None
    village_name: str | None
    reaches_60_on: date | None = Field(None, description="The day the age is reached in law (the day before the "
                                       "60th birthday); year-only and month-only birth dates count from 1 January "
                                       "/ day 1")
    first_month: date | None = Field(None, description="The first month payable if the right is confirmed in time")
