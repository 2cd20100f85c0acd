"""Community groups: the group, its members, committee terms, fund ledger, bank accounts, visits.

A group is formed through the ten steps of the manual (1.9, declared in `workflow.py`) and
then lives on: members join and leave, committees change by dated terms, the fund moves
through its ledger, officers visit and score it. Nothing here is deleted; people leave,
terms end, accounts close.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum

from sqlalchemy import CheckConstraint, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from chumchon.core.db import Base, Entity, TenantMixin


class GroupKind(StrEnum):
    occupational = "occupational"    # กลุ่มอาชีพ
    housewives = "housewives"        # กลุ่มแม่บ้าน
    savings = "savings"              # กลุ่มออมทรัพย์
    youth = "youth"                  # กลุ่มเยาวชน
    elderly_club = "elderly_club"    # ชมรมผู้สูงอายุ
    network = "network"              # เครือข่าย
    other = "other"                  # กลุ่มอื่น ๆ


@dataclass(frozen=True)
class KindInfo:
    label_th: str
    label_en: str
    min_members: int


# The smallest membership each kind needs before its committee can be chosen (step 4).
# The manual (1.9) gives no number. 7 is the Department of Agricultural Extension's rule for
# registering a community enterprise (วิสาหกิจชุมชน: "รวมกลุ่มในชุมชนไม่น้อยกว่า 7 คน ไม่อยู่ใน
# ครอบครัวเดียวกัน", esc.doae.go.th) and we use it for every group of people, since most of
# them may later register as one. A network joins groups, not people: 2 member groups (or
# their representatives) is our own choice. Change the numbers here if the organisation
# sets others; they are checked when step 4 fires, not on groups formed before.
KINDS: dict[GroupKind, KindInfo] = {
    GroupKind.occupational: KindInfo("กลุ่มอาชีพ", "Occupational group", 7),
    GroupKind.housewives: KindInfo("กลุ่มแม่บ้าน", "Housewives' group", 7),
    GroupKind.savings: KindInfo("กลุ่มออมทรัพย์", "Savings group", 7),
    GroupKind.youth: KindInfo("กลุ่มเยาวชน", "Youth group", 7),
    GroupKind.elderly_club: KindInfo("ชมรมผู้สูงอายุ", "Elderly club", 7),
    GroupKind.network: KindInfo("เครือข่าย", "Network", 2),
    GroupKind.other: KindInfo("กลุ่มอื่น ๆ", "Other group", 7),
}


class GroupState(StrEnum):
    """Where a group stands; the order is the manual's, and decides what may be recorded."""

    proposed = "proposed"
    idea_spread = "idea_spread"
    forum_held = "forum_held"
    founded = "founded"
    membership_opened = "membership_opened"
    committee_selected = "committee_selected"
    rules_adopted = "rules_adopted"
    fund_raised = "fund_raised"
    bank_account_opened = "bank_account_opened"
    evaluated = "evaluated"
    reported = "reported"
    active = "active"
    dissolved = "dissolved"


# The main path's order; `dissolved` is a branch that may leave any state.
STATE_RANK: dict[str, int] = {s.value: i for i, s in enumerate(GroupState)}

STATE_LABELS: dict[GroupState, tuple[str, str]] = {
    GroupState.proposed: ("เริ่มจัดตั้งกลุ่ม", "Formation started"),
    GroupState.idea_spread: ("เผยแพร่แนวคิดแล้ว", "Idea spread"),
    GroupState.forum_held: ("จัดเวทีประชาคมแล้ว", "Forum held"),
    GroupState.founded: ("ก่อตั้งกลุ่มแล้ว", "Group founded"),
    GroupState.membership_opened: ("เปิดรับสมาชิกแล้ว", "Membership opened"),
    GroupState.committee_selected: ("คัดเลือกคณะกรรมการบริหารแล้ว", "Committee selected"),
    GroupState.rules_adopted: ("มีระเบียบข้อตกลงแล้ว", "Rules adopted"),
    GroupState.fund_raised: ("ระดมทุนแล้ว", "Fund raised"),
    GroupState.bank_account_opened: ("เปิดบัญชีธนาคารแล้ว", "Bank account opened"),
    GroupState.evaluated: ("ติดตาม สนับสนุน และประเมินผลแล้ว", "Followed up and evaluated"),
    GroupState.reported: ("รายงานผู้บริหารแล้ว รอรับทราบ", "Reported, awaiting acknowledgement"),
    GroupState.active: ("จัดตั้งเสร็จ ดำเนินงานอยู่", "Formed and active"),
    GroupState.dissolved: ("ยุบเลิกแล้ว", "Dissolved"),
}


class CommitteePosition(StrEnum):
    chair = "chair"                      # ประธาน
    vice_chair = "vice_chair"            # รองประธาน
    secretary = "secretary"              # เลขานุการ
    treasurer = "treasurer"              # เหรัญญิก
    committee_member = "committee_member"  # กรรมการ


POSITION_LABELS_TH: dict[CommitteePosition, str] = {
    CommitteePosition.chair: "ประธาน",
    CommitteePosition.vice_chair: "รองประธาน",
    CommitteePosition.secretary: "เลขานุการ",
    CommitteePosition.treasurer: "เหรัญญิก",
    CommitteePosition.committee_member: "กรรมการ",
}

# One person at a time holds these; any number of ordinary committee members.
SINGLE_SEATS: frozenset[CommitteePosition] = frozenset(
    {CommitteePosition.chair, CommitteePosition.vice_chair, CommitteePosition.secretary, CommitteePosition.treasurer}
)


class TermEnd(StrEnum):
    replaced = "replaced"                  # a new term started for the seat
    changed_position = "changed_position"  # the same person took another seat
    resigned = "resigned"
    left_group = "left_group"
    dissolved = "dissolved"


class LedgerKind(StrEnum):
    contribution = "contribution"  # เงินสมทบ / ค่าหุ้น
    withdrawal = "withdrawal"      # ถอน / จ่าย


class Group(Entity, TenantMixin, Base):
    """A community group (กลุ่ม), of one village or of the whole organisation."""

    __tablename__ = "groups"
    __table_args__ = (CheckConstraint("fund_balance >= 0", name="fund_not_negative"),)

    village_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("villages.id"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(32), index=True)
    purpose: Mapped[str | None] = mapped_column(Text)
    state: Mapped[str] = mapped_column(String(32), index=True, default=GroupState.proposed.value)
    founded_on: Mapped[date | None]
    formed_on: Mapped[date | None]       # the day an executive acknowledged the report
    dissolved_on: Mapped[date | None]
    # Kept with the group (not summed on read) so that a posting changes the group's version:
    # two postings at once cannot both spend the same baht.
    fund_balance: Mapped[Decimal] = mapped_column(default=Decimal("0.00"))


class GroupMember(Entity, TenantMixin, Base):
    """A member: a citizen of the register when known, else just a name."""

    __tablename__ = "group_members"

    group_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("groups.id"), index=True)
    # No foreign key yet: the citizens table is built in parallel; one will be added then.
    citizen_id: Mapped[uuid.UUID | None] = mapped_column(index=True)
    full_name: Mapped[str] = mapped_column(String(200))
    joined_on: Mapped[date]
    left_on: Mapped[date | None]
    leave_reason: Mapped[str | None] = mapped_column(String(500))


class CommitteeTerm(Entity, TenantMixin, Base):
    """A member's dated seat on the executive committee; history is kept by ending terms."""

    __tablename__ = "group_committee_terms"
    __table_args__ = (Index("ix_group_committee_terms_group_position", "group_id", "position"),)

    group_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("groups.id"), index=True)
    member_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("group_members.id"), index=True)
    position: Mapped[str] = mapped_column(String(20))
    started_on: Mapped[date]
    ends_on: Mapped[date | None]     # the end the rules set for the term
    ended_on: Mapped[date | None]    # the day it actually stopped
    end_reason: Mapped[str | None] = mapped_column(String(20))

    member: Mapped[GroupMember] = relationship(lazy="raise")


class LedgerEntry(Entity, TenantMixin, Base):
    """One movement of the group's fund. Never changed: a mistake is undone by another entry."""

    __tablename__ = "group_ledger_entries"
    __table_args__ = (
        UniqueConstraint("group_id", "seq"),
        CheckConstraint("amount > 0", name="amount_positive"),
        CheckConstraint("balance_after >= 0", name="balance_not_negative"),
    )

    group_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("groups.id"), index=True)
    seq: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(16))
    amount: Mapped[Decimal]
    balance_after: Mapped[Decimal]
    entry_date: Mapped[date]
    member_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("group_members.id"))
    description: Mapped[str] = mapped_column(String(500))
    reference: Mapped[str | None] = mapped_column(String(100))


class GroupBankAccount(Entity, TenantMixin, Base):
    """The group's account at a bank (step 8)."""

    __tablename__ = "group_bank_accounts"

    group_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("groups.id"), index=True)
    bank_code: Mapped[str | None] = mapped_column(String(3))
    bank_name: Mapped[str] = mapped_column(String(100))
    branch: Mapped[str] = mapped_column(String(100))
    account_name: Mapped[str] = mapped_column(String(200))
    account_number: Mapped[str] = mapped_column(String(20))
    opened_on: Mapped[date]
    closed_on: Mapped[date | None]

    signatories: Mapped[list[GroupBankSignatory]] = relationship(lazy="raise")


class GroupBankSignatory(Entity, TenantMixin, Base):
    """A committee member who signs for the account."""

    __tablename__ = "group_bank_signatories"
    __table_args__ = (UniqueConstraint("bank_account_id", "member_id"),)

    bank_account_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("group_bank_accounts.id"), index=True)
    member_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("group_members.id"))


class GroupEvaluation(Entity, TenantMixin, Base):
    """An officer's follow-up visit: what was found, the support given, a score."""

    __tablename__ = "group_evaluations"
    __table_args__ = (CheckConstraint("score BETWEEN 1 AND 5", name="score_range"),)

    group_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("groups.id"), index=True)
    visited_on: Mapped[date]
    visited_by: Mapped[str] = mapped_column(String(200))
    findings: Mapped[str] = mapped_column(Text)
    support_given: Mapped[str | None] = mapped_column(Text)
    recommendations: Mapped[str | None] = mapped_column(Text)
    score: Mapped[int] = mapped_column(Integer)
