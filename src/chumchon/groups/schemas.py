from __future__ import annotations

import uuid
from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, model_validator

from chumchon.core.pagination import Page
from chumchon.groups.models import (
    KINDS,
    POSITION_LABELS_TH,
    STATE_LABELS,
    CommitteePosition,
    GroupKind,
    GroupState,
    LedgerKind,
    TermEnd,
)

Baht = Annotated[Decimal, Field(gt=0, max_digits=12, decimal_places=2, description="Baht, two places",
                                examples=["150.00"])]
Name = Annotated[str, Field(min_length=1, max_length=200)]


class GroupKindRead(BaseModel):
    kind: GroupKind
    label_th: str
    label_en: str
    min_members: int = Field(..., description="Members needed before the committee can be chosen (step 4)")


def kinds() -> list[GroupKindRead]:
    return [GroupKindRead(kind=k, label_th=i.label_th, label_en=i.label_en, min_members=i.min_members)
            for k, i in KINDS.items()]


# --- groups ---------------------------------------------------------------------------------


class GroupCreate(BaseModel):
    """Start forming a group: its working name and kind; step 3 confirms them."""

    model_config = ConfigDict(extra="forbid")
    name: Name = Field(..., description="Working name of the group", examples=["กลุ่มแม่บ้านทอผ้าบ้านหนองบัว"])
    kind: GroupKind = Field(..., examples=["housewives"])
    village_id: uuid.UUID | None = Field(None, description="The village (หมู่ที่) the group belongs to; "
                                          "empty for a group of the whole organisation")
    purpose: str | None = Field(None, max_length=2000, examples=["ทอผ้าไหมจำหน่ายเพื่อเพิ่มรายได้ครัวเรือน"])


class GroupUpdate(BaseModel):
    """What may change outside the steps. The kind is set by step 3 and the state by the steps."""

    model_config = ConfigDict(extra="forbid")
    name: Name | None = None
    purpose: str | None = Field(None, max_length=2000)
    village_id: uuid.UUID | None = Field(None, description="null moves the group to the whole organisation")


class GroupRead(BaseModel):
    id: uuid.UUID
    name: str
    kind: GroupKind
    kind_label_th: str
    village_id: uuid.UUID | None
    purpose: str | None
    state: GroupState
    state_label_th: str
    founded_on: date | None = Field(None, description="Founding date given at step 3")
    formed_on: date | None = Field(None, description="The day an executive acknowledged the report (step 10)")
    dissolved_on: date | None
    fund_balance: Decimal = Field(..., description="The fund's balance in baht", examples=["3500.00"])
    created_at: datetime
    version: int

    @classmethod
    def of(cls, group: Any) -> GroupRead:
        return cls(id=group.id, name=group.name, kind=group.kind, kind_label_th=KINDS[GroupKind(group.kind)].label_th,
                   village_id=group.village_id, purpose=group.purpose, state=group.state,
                   state_label_th=STATE_LABELS[GroupState(group.state)][0], founded_on=group.founded_on,
                   formed_on=group.formed_on, dissolved_on=group.dissolved_on, fund_balance=group.fund_balance,
                   created_at=group.created_at, version=group.version)


# --- members --------------------------------------------------------------------------------


class MemberCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")
    full_name: Name = Field(..., examples=["นางสมศรี ใจดี"])
    citizen_id: uuid.UUID | None = Field(None, description="The person in the citizen register, when known")
    joined_on: date = Field(..., examples=["2025-01-15"])


class MemberLeave(BaseModel):
    model_config = ConfigDict(extra="forbid")
    left_on: date = Field(..., examples=["2025-06-30"])
    reason: str = Field(..., min_length=1, max_length=500, examples=["ย้ายไปอยู่ต่างจังหวัด"])


class MemberRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)
    id: uuid.UUID
    group_id: uuid.UUID
    full_name: str
    citizen_id: uuid.UUID | None
    joined_on: date
    left_on: date | None
    leave_reason: str | None
    version: int


# --- committee ------------------------------------------------------------------------------


class CommitteeTermCreate(BaseModel):
    """A new term. For chair, vice-chair, secretary and treasurer it ends the seat's current
    term; any seat the member held before ends too."""

    model_config = ConfigDict(extra="forbid")
    position: CommitteePosition = Field(..., examples=["treasurer"])
    member_id: uuid.UUID
    started_on: date = Field(..., examples=["2026-01-01"])
    ends_on: date | None = Field(None, description="The end of the term the rules set", examples=["2027-12-31"])

    @model_validator(mode="after")
    def _ends_after_start(self) -> CommitteeTermCreate:
        if self.ends_on is not None and self.ends_on <= self.started_on:
            raise ValueError("ends_on must be after started_on")
        return self


class CommitteeTermRead(BaseModel):
    id: uuid.UUID
    member_id: uuid.UUID
    member_name: str
    position: CommitteePosition
    position_label_th: str
    started_on: date
    ends_on: date | None
    ended_on: date | None
    end_reason: TermEnd | None
    current: bool = Field(..., description="The term has not ended")
    version: int

    @classmethod
    def of(cls, term: Any) -> CommitteeTermRead:
        """From a CommitteeTerm whose member is loaded."""
        return cls(id=term.id, member_id=term.member_id, member_name=term.member.full_name, position=term.position,
                   position_label_th=POSITION_LABELS_TH[CommitteePosition(term.position)],
                   started_on=term.started_on, ends_on=term.ends_on, ended_on=term.ended_on,
                   end_reason=term.end_reason, current=term.ended_on is None, version=term.version)


# --- fund ledger ----------------------------------------------------------------------------


class LedgerEntryCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")
    kind: LedgerKind = Field(..., examples=["contribution"])
    amount: Baht
    entry_date: date = Field(..., examples=["2026-02-01"])
    member_id: uuid.UUID | None = Field(None, description="The member who paid in or received the money")
    description: str = Field(..., min_length=1, max_length=500, examples=["ค่าหุ้นประจำเดือน"])
    reference: str | None = Field(None, max_length=100, description="Receipt or voucher number",
                                  examples=["ใบเสร็จ 012/2569"])


class LedgerEntryRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)
    id: uuid.UUID
    seq: int = Field(..., description="Order of the entry in the group's ledger")
    kind: LedgerKind
    amount: Decimal
    balance_after: Decimal
    entry_date: date
    member_id: uuid.UUID | None
    description: str
    reference: str | None
    created_at: datetime


class LedgerPage(Page[LedgerEntryRead]):
    balance: Decimal = Field(..., description="The fund's balance now, in baht", examples=["3500.00"])


# --- bank accounts and visits ---------------------------------------------------------------


class BankAccountRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)
    id: uuid.UUID
    bank_code: str | None
    bank_name: str
    branch: str
    account_name: str
    account_number: str
    opened_on: date
    closed_on: date | None
    signatory_member_ids: list[uuid.UUID]


class EvaluationCreate(BaseModel):
    """A follow-up visit (step 9, and every visit after)."""

    model_config = ConfigDict(extra="forbid")
    visited_on: date = Field(..., examples=["2026-03-10"])
    findings: str = Field(..., min_length=1, max_length=5000, examples=["สมาชิกประชุมทุกเดือน บัญชีเป็นปัจจุบัน"])
    score: int = Field(..., ge=1, le=5, description="1 (weak) to 5 (strong)", examples=[4])
    support_given: str | None = Field(None, max_length=5000, examples=["อบรมการทำบัญชีครัวเรือน"])
    recommendations: str | None = Field(None, max_length=5000)


class EvaluationRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)
    id: uuid.UUID
    visited_on: date
    visited_by: str
    findings: str
    support_given: str | None
    recommendations: str | None
    score: int
    created_at: datetime
