"""Projects and trainings (manual 1.12 and 1.13): the proposal in its twelve sections, the
frozen versions an executive considered, and what running the project recorded: the needs
survey, the target group and its quotas, trainers, sessions and attendance, the budget's
lines, overruns an executive approved and the money spent, indicator results, satisfaction
answers and, for occupational trainings, what the participants did afterwards.

Nothing here is deleted. A budget line or indicator dropped while drafting is marked
removed; a participant withdraws; a trainer is cancelled; a spending entry is voided.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum
from typing import Any

from sqlalchemy import Boolean, CheckConstraint, Date, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from chumchon.core.audit import JsonDoc
from chumchon.core.db import Base, Entity, Money, TenantMixin


class ProjectCategory(StrEnum):
    """The kinds of project the manual names (1.12, 1.13)."""

    family = "family"                                  # กิจกรรมครอบครัว
    sports = "sports"                                  # กีฬา
    children_youth = "children_youth"                  # เด็กและเยาวชน
    drug_prevention = "drug_prevention"                # ป้องกันและแก้ไขปัญหายาเสพติด
    occupational_training = "occupational_training"    # ฝึกอบรมอาชีพ
    other = "other"                                    # อื่น ๆ


CATEGORY_LABELS: dict[ProjectCategory, tuple[str, str]] = {
    ProjectCategory.family: ("กิจกรรมครอบครัว", "Family activities"),
    ProjectCategory.sports: ("กีฬาและนันทนาการ", "Sports and recreation"),
    ProjectCategory.children_youth: ("เด็กและเยาวชน", "Children and youth"),
    ProjectCategory.drug_prevention: ("ป้องกันและแก้ไขปัญหายาเสพติด", "Drug prevention"),
    ProjectCategory.occupational_training: ("ฝึกอบรมและส่งเสริมอาชีพ", "Occupational training"),
    ProjectCategory.other: ("อื่น ๆ", "Other"),
}


class ProjectState(StrEnum):
    """Where a project stands, in the manual's order (1.13)."""

    surveying = "surveying"
    drafting = "drafting"
    submitted = "submitted"
    returned = "returned"
    approved = "approved"
    rejected = "rejected"
    target_group_set = "target_group_set"
    trainers_coordinated = "trainers_coordinated"
    running = "running"
    evaluated = "evaluated"
    closed = "closed"
    cancelled = "cancelled"


STATE_LABELS: dict[ProjectState, tuple[str, str]] = {
    ProjectState.surveying: ("สำรวจความต้องการ", "Surveying needs"),
    ProjectState.drafting: ("เขียนโครงการ", "Drafting the proposal"),
    ProjectState.submitted: ("เสนอผู้บริหารพิจารณา", "Submitted for consideration"),
    ProjectState.returned: ("ส่งกลับให้แก้ไข", "Returned for revision"),
    ProjectState.approved: ("ผู้บริหารอนุมัติแล้ว", "Approved"),
    ProjectState.rejected: ("ผู้บริหารไม่อนุมัติ", "Rejected"),
    ProjectState.target_group_set: ("กำหนดกลุ่มเป้าหมายแล้ว", "Target group set"),
    ProjectState.trainers_coordinated: ("ประสานวิทยากรแล้ว", "Trainers coordinated"),
    ProjectState.running: ("กำลังดำเนินโครงการ", "Running"),
    ProjectState.evaluated: ("ติดตามและประเมินผลแล้ว", "Followed up and evaluated"),
    ProjectState.closed: ("ปิดโครงการ รายงานผู้บริหารแล้ว", "Closed and reported"),
    ProjectState.cancelled: ("ยกเลิกโครงการ", "Cancelled"),
}


class BudgetSource(StrEnum):
    local_budget = "local_budget"              # งบประมาณของ อปท. (เทศบัญญัติ/ข้อบัญญัติ)
    government_subsidy = "government_subsidy"  # เงินอุดหนุนจากรัฐบาล
    other_agency = "other_agency"              # งบประมาณจากหน่วยงานอื่น
    community = "community"                    # สมทบจากชุมชน


BUDGET_SOURCE_LABELS: dict[BudgetSource, str] = {
    BudgetSource.local_budget: "งบประมาณของ อปท.",
    BudgetSource.government_subsidy: "เงินอุดหนุนจากรัฐบาล",
    BudgetSource.other_agency: "หน่วยงานอื่น",
    BudgetSource.community: "สมทบจากชุมชน",
}


class Comparison(StrEnum):
    """Whether an indicator is met by reaching its target or by staying under it."""

    at_least = "at_least"  # ไม่น้อยกว่า (participants, satisfaction)
    at_most = "at_most"    # ไม่เกิน (drop-outs, cases)


class Project(Entity, TenantMixin, Base):
    """One project (โครงการ): the twelve sections of its proposal and where it stands.

    The sections may be empty while the proposal is drafted; submitting checks them all.
    """

    __tablename__ = "projects"
    __table_args__ = (
        CheckConstraint("ends_on IS NULL OR starts_on IS NULL OR ends_on >= starts_on", name="dates_in_order"),
        CheckConstraint("target_quantity IS NULL OR target_quantity > 0", name="target_quantity_positive"),
    )

    category: Mapped[str] = mapped_column(String(32), index=True)
    fiscal_year_be: Mapped[int] = mapped_column(Integer, index=True)
    village_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("villages.id"), index=True)
    state: Mapped[str] = mapped_column(String(32), default=ProjectState.surveying.value, index=True)
    # The community plan item (routed to the local government) the project grew from.
    plan_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("community_plans.id"), index=True)
    plan_item_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("plan_items.id"), index=True)

    # 1-12: the sections of the proposal (section 8 is the budget lines, 11 the indicators).
    plan_name: Mapped[str | None] = mapped_column(String(300))
    name: Mapped[str] = mapped_column(String(300))
    rationale: Mapped[str | None] = mapped_column(Text)
    objectives: Mapped[list[str]] = mapped_column(JsonDoc, default=list)
    target_group: Mapped[str | None] = mapped_column(String(300))
    target_quantity: Mapped[int | None] = mapped_column(Integer)
    target_unit: Mapped[str | None] = mapped_column(String(50))
    target_quality: Mapped[str | None] = mapped_column(Text)
    method: Mapped[list[dict[str, Any]]] = mapped_column(JsonDoc, default=list)
    starts_on: Mapped[date | None] = mapped_column(Date)
    ends_on: Mapped[date | None] = mapped_column(Date)
    responsible: Mapped[str | None] = mapped_column(String(300))
    supporting_agency: Mapped[str | None] = mapped_column(String(300))
    benefits: Mapped[list[str]] = mapped_column(JsonDoc, default=list)

    # Set by the steps, never by PATCH.
    approved_on: Mapped[date | None] = mapped_column(Date)
    approved_version_no: Mapped[int | None] = mapped_column(Integer)
    started_on: Mapped[date | None] = mapped_column(Date)
    evaluated_on: Mapped[date | None] = mapped_column(Date)
    evaluation_summary: Mapped[str | None] = mapped_column(Text)
    closed_on: Mapped[date | None] = mapped_column(Date)
    closing_report: Mapped[str | None] = mapped_column(Text)
    # Written with every spending entry and overrun so that the project row's version check
    # serialises them: two entries checked against the same remaining budget cannot both pass.
    budget_changed_at: Mapped[datetime | None]


class NeedsSurvey(Entity, TenantMixin, Base):
    """A needs survey done before the proposal is written: who was asked, what they need."""

    __tablename__ = "project_needs_surveys"

    project_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("projects.id"), index=True)
    surveyed_on: Mapped[date] = mapped_column(Date)
    method: Mapped[str] = mapped_column(String(200))
    respondents: Mapped[str] = mapped_column(Text)
    respondent_count: Mapped[int] = mapped_column(Integer)
    needs: Mapped[list[str]] = mapped_column(JsonDoc, default=list)
    summary: Mapped[str | None] = mapped_column(Text)
    # Stored files with the filled-in forms or tallies (documents/ keeps the files).
    attachment_ids: Mapped[list[str]] = mapped_column(JsonDoc, default=list)


class BudgetLine(Entity, TenantMixin, Base):
    """A line of section 8. The amount is always quantity × unit cost."""

    __tablename__ = "project_budget_lines"
    __table_args__ = (
        CheckConstraint("quantity > 0", name="quantity_positive"),
        CheckConstraint("unit_cost >= 0", name="unit_cost_not_negative"),
    )

    project_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("projects.id"), index=True)
    seq: Mapped[int] = mapped_column(Integer)
    item: Mapped[str] = mapped_column(String(300))
    quantity: Mapped[int] = mapped_column(Integer)
    unit: Mapped[str] = mapped_column(String(100))
    unit_cost: Mapped[Decimal]
    amount: Mapped[Decimal]
    source: Mapped[str] = mapped_column(String(32))
    note: Mapped[str | None] = mapped_column(String(500))
    removed_at: Mapped[datetime | None]


class BudgetOverrun(Entity, TenantMixin, Base):
    """An executive's approval to spend more on a line than planned.

    `raises_total` says whether the project's total grows with it; if not, the line may take
    money the other lines leave unspent (ถัวจ่าย) but the project total stays.
    """

    __tablename__ = "project_budget_overruns"
    __table_args__ = (CheckConstraint("amount > 0", name="amount_positive"),)

    project_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("projects.id"), index=True)
    line_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("project_budget_lines.id"), index=True)
    amount: Mapped[Decimal]
    raises_total: Mapped[bool] = mapped_column(Boolean)
    approved_on: Mapped[date] = mapped_column(Date)
    reason: Mapped[str] = mapped_column(Text)
    approved_by: Mapped[str] = mapped_column(String(200))


class Spending(Entity, TenantMixin, Base):
    """Money actually spent on a line. A mistake is voided, never edited or deleted."""

    __tablename__ = "project_spending"
    __table_args__ = (CheckConstraint("amount > 0", name="amount_positive"),)

    project_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("projects.id"), index=True)
    line_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("project_budget_lines.id"), index=True)
    spent_on: Mapped[date] = mapped_column(Date)
    amount: Mapped[Decimal]
    description: Mapped[str] = mapped_column(String(500))
    reference: Mapped[str | None] = mapped_column(String(100))
    recorded_by: Mapped[str] = mapped_column(String(200))
    voided_at: Mapped[datetime | None]
    void_reason: Mapped[str | None] = mapped_column(Text)


class Indicator(Entity, TenantMixin, Base):
    """An indicator of section 11 (evaluation) and, once measured, its result."""

    __tablename__ = "project_indicators"

    project_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("projects.id"), index=True)
    seq: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(String(300))
    # Money() is the schema's exact two-place decimal on both engines; an indicator's value
    # (a percentage, a head count) needs exactly that, not a float.
    target_value: Mapped[Decimal] = mapped_column(Money())
    unit: Mapped[str] = mapped_column(String(50))
    comparison: Mapped[str] = mapped_column(String(16), default=Comparison.at_least.value)
    measured_by: Mapped[str] = mapped_column(String(500))
    result_value: Mapped[Decimal | None] = mapped_column(Money())
    result_note: Mapped[str | None] = mapped_column(Text)
    result_recorded_on: Mapped[date | None] = mapped_column(Date)
    removed_at: Mapped[datetime | None]


class ProposalVersion(Entity, TenantMixin, Base):
    """The proposal as it was submitted, frozen, and what the executive decided about it."""

    __tablename__ = "project_versions"
    __table_args__ = (UniqueConstraint("project_id", "version_no"),)

    project_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("projects.id"), index=True)
    version_no: Mapped[int] = mapped_column(Integer)
    submitted_at: Mapped[datetime]
    submitted_by: Mapped[str] = mapped_column(String(200))
    snapshot: Mapped[dict[str, Any]] = mapped_column(JsonDoc)
    decision: Mapped[str | None] = mapped_column(String(16))  # approved / returned / rejected
    decided_at: Mapped[datetime | None]
    decided_by: Mapped[str | None] = mapped_column(String(200))
    decision_note: Mapped[str | None] = mapped_column(Text)
    section_comments: Mapped[list[dict[str, Any]]] = mapped_column(JsonDoc, default=list)


class Quota(Entity, TenantMixin, Base):
    """Seats of the target group kept for a village or a kind of person."""

    __tablename__ = "project_quotas"
    __table_args__ = (CheckConstraint("seats > 0", name="seats_positive"),)

    project_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("projects.id"), index=True)
    label: Mapped[str] = mapped_column(String(200))
    village_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("villages.id"))
    seats: Mapped[int] = mapped_column(Integer)


class Participant(Entity, TenantMixin, Base):
    """A person of the target group; linked to the citizen register where they are in it."""

    __tablename__ = "project_participants"
    __table_args__ = (UniqueConstraint("project_id", "citizen_id"),)

    project_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("projects.id"), index=True)
    citizen_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("citizens.id"), index=True)
    full_name: Mapped[str] = mapped_column(String(200))
    village_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("villages.id"))
    quota_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("project_quotas.id"), index=True)
    phone: Mapped[str | None] = mapped_column(String(20))
    joined_on: Mapped[date] = mapped_column(Date)
    withdrawn_on: Mapped[date | None] = mapped_column(Date)
    withdraw_reason: Mapped[str | None] = mapped_column(String(500))


class Trainer(Entity, TenantMixin, Base):
    """A trainer (วิทยากร) coordinated for the project."""

    __tablename__ = "project_trainers"
    __table_args__ = (CheckConstraint("fee >= 0", name="fee_not_negative"),)

    project_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("projects.id"), index=True)
    full_name: Mapped[str] = mapped_column(String(200))
    organisation: Mapped[str] = mapped_column(String(200))
    topic: Mapped[str] = mapped_column(String(300))
    fee: Mapped[Decimal]
    phone: Mapped[str | None] = mapped_column(String(20))
    cancelled_at: Mapped[datetime | None]
    cancel_reason: Mapped[str | None] = mapped_column(String(500))


class ProjectSession(Entity, TenantMixin, Base):
    """One session of the project (a training day, a match, an activity)."""

    __tablename__ = "project_sessions"

    project_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("projects.id"), index=True)
    held_on: Mapped[date] = mapped_column(Date)
    place: Mapped[str] = mapped_column(String(300))
    topic: Mapped[str] = mapped_column(String(300))
    trainer_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("project_trainers.id"))
    note: Mapped[str | None] = mapped_column(Text)


class Attendance(Entity, TenantMixin, Base):
    """Whether one participant came to one session."""

    __tablename__ = "project_attendance"
    __table_args__ = (UniqueConstraint("session_id", "participant_id"),)

    project_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("projects.id"), index=True)
    session_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("project_sessions.id"), index=True)
    participant_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("project_participants.id"), index=True)
    present: Mapped[bool] = mapped_column(Boolean)


class SatisfactionResponse(Entity, TenantMixin, Base):
    """One participant's answers to the satisfaction survey (1 = least, 5 = most)."""

    __tablename__ = "project_satisfaction_responses"
    __table_args__ = (CheckConstraint("overall BETWEEN 1 AND 5", name="overall_in_range"),)

    project_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("projects.id"), index=True)
    # Empty for an anonymous form, the usual way such surveys are collected.
    participant_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("project_participants.id"))
    answered_on: Mapped[date] = mapped_column(Date)
    scores: Mapped[dict[str, int]] = mapped_column(JsonDoc, default=dict)
    overall: Mapped[int] = mapped_column(Integer)
    comment: Mapped[str | None] = mapped_column(Text)


class ParticipantOutcome(Entity, TenantMixin, Base):
    """What a participant of an occupational training did afterwards, at one follow-up."""

    __tablename__ = "project_participant_outcomes"

    project_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("projects.id"), index=True)
    participant_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("project_participants.id"), index=True)
    recorded_on: Mapped[date] = mapped_column(Date)
    activity: Mapped[str] = mapped_column(String(500))
    group_formed: Mapped[bool] = mapped_column(Boolean, default=False)
    group_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("groups.id"))
    group_name: Mapped[str | None] = mapped_column(String(200))
    # Monthly income in baht before the training and at this follow-up.
    income_before: Mapped[Decimal | None]
    income_after: Mapped[Decimal | None]
    note: Mapped[str | None] = mapped_column(Text)
