"""Community plans (แผนชุมชน, manual 1.8): the plan, its teams, the community profile, the
village forums with the problems and needs raised there, their ranking, the options for
solving each problem, and the plan items proposed to whoever will carry them out."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum
from typing import Any

from sqlalchemy import Boolean, CheckConstraint, Date, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from chumchon.areas.models import Village
from chumchon.core.audit import JsonDoc
from chumchon.core.db import Base, Entity, TenantMixin


class PlanState(StrEnum):
    preparing = "preparing"            # stages 1–2 under way: teams, profile
    data_gathered = "data_gathered"    # stages 1–2 done; stage 3 (forums) under way
    plan_made = "plan_made"            # stage 3 done; stage 4 (items and routes) under way
    proposed = "proposed"              # items proposed; their outcomes are followed
    closed = "closed"


class Team(StrEnum):
    promoting = "promoting"  # ทีมส่งเสริม/สนับสนุนการจัดทำแผน (officers, agencies)
    driving = "driving"      # ทีมแกนนำขับเคลื่อนแผนในชุมชน (the community's own people)


class ProblemKind(StrEnum):
    problem = "problem"  # ปัญหา
    need = "need"        # ความต้องการ


class RankingMethod(StrEnum):
    votes = "votes"    # ลงคะแนนเสียง
    scores = "scores"  # ให้คะแนน


class Route(StrEnum):
    community = "community"                # ชุมชนดำเนินการเอง
    local_government = "local_government"  # ขอสนับสนุนจาก อปท.
    other_agency = "other_agency"          # ขอสนับสนุนจากหน่วยงานอื่น


class Outcome(StrEnum):
    accepted = "accepted"  # ได้รับการตอบรับ
    done = "done"          # ดำเนินการแล้ว
    declined = "declined"  # ไม่ได้รับการตอบรับ


class CommunityPlan(Entity, TenantMixin, Base):
    """One plan of one village (or of the whole organisation when `village_id` is empty)
    for a run of fiscal years, kept as BE years because that is how they are named."""

    __tablename__ = "community_plans"
    __table_args__ = (
        CheckConstraint("fiscal_year_end_be >= fiscal_year_start_be", name="fiscal_years_in_order"),
    )

    village_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("villages.id"), index=True)
    title_th: Mapped[str] = mapped_column(String(300))
    vision_th: Mapped[str | None] = mapped_column(Text)
    note: Mapped[str | None] = mapped_column(Text)
    fiscal_year_start_be: Mapped[int] = mapped_column(Integer, index=True)
    fiscal_year_end_be: Mapped[int] = mapped_column(Integer, index=True)
    state: Mapped[str] = mapped_column(String(32), default=PlanState.preparing.value, index=True)

    village: Mapped[Village | None] = relationship(lazy="raise")


class PlanTeamMember(Entity, TenantMixin, Base):
    """A person on the promoting team or the community's driving team (stage 1)."""

    __tablename__ = "plan_team_members"

    plan_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("community_plans.id"), index=True)
    team: Mapped[str] = mapped_column(String(16))
    full_name: Mapped[str] = mapped_column(String(200))
    role_th: Mapped[str] = mapped_column(String(100))
    affiliation_th: Mapped[str | None] = mapped_column(String(200))
    phone: Mapped[str | None] = mapped_column(String(20))
    # Members leave a team; the row stays because the step's history counted it.
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)


class PlanProfile(Entity, TenantMixin, Base):
    """The community profile of stage 2: one per plan, edited as a whole."""

    __tablename__ = "plan_profiles"

    plan_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("community_plans.id"), unique=True)
    population: Mapped[int] = mapped_column(Integer)
    households: Mapped[int] = mapped_column(Integer)
    # Lists the officer edits as one document; nothing queries inside them.
    occupations: Mapped[list[dict[str, Any]]] = mapped_column(JsonDoc, default=list)
    resources: Mapped[list[dict[str, Any]]] = mapped_column(JsonDoc, default=list)
    potentials: Mapped[list[dict[str, Any]]] = mapped_column(JsonDoc, default=list)
    data_sources: Mapped[list[dict[str, Any]]] = mapped_column(JsonDoc, default=list)
    summary_th: Mapped[str | None] = mapped_column(Text)


class PlanForum(Entity, TenantMixin, Base):
    """A village forum (ประชาคมหมู่บ้าน) held for the plan (stage 3)."""

    __tablename__ = "plan_forums"

    plan_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("community_plans.id"), index=True)
    held_on: Mapped[date] = mapped_column(Date)
    place_th: Mapped[str] = mapped_column(String(200))
    attendance: Mapped[int] = mapped_column(Integer)
    minutes_th: Mapped[str] = mapped_column(Text)
    # The forum's ranking is replaced as a whole; writing it bumps the forum's version, so
    # If-Match on the forum guards the ranking too.
    ranking_method: Mapped[str | None] = mapped_column(String(16))
    ranked_at: Mapped[datetime | None]


class PlanProblem(Entity, TenantMixin, Base):
    """A problem or need raised at one forum."""

    __tablename__ = "plan_problems"

    plan_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("community_plans.id"), index=True)
    forum_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("plan_forums.id"), index=True)
    kind: Mapped[str] = mapped_column(String(16))
    title_th: Mapped[str] = mapped_column(String(300))
    description_th: Mapped[str | None] = mapped_column(Text)
    category_th: Mapped[str | None] = mapped_column(String(100))


class PlanRanking(Entity, TenantMixin, Base):
    """The votes or score one problem got in the joint ranking at the forum that raised it."""

    __tablename__ = "plan_rankings"
    __table_args__ = (UniqueConstraint("forum_id", "problem_id"),)

    plan_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("community_plans.id"), index=True)
    forum_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("plan_forums.id"), index=True)
    problem_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("plan_problems.id"), index=True)
    value: Mapped[int] = mapped_column(Integer)


class PlanOption(Entity, TenantMixin, Base):
    """One way of solving a problem, as the forum weighed it."""

    __tablename__ = "plan_options"

    plan_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("community_plans.id"), index=True)
    problem_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("plan_problems.id"), index=True)
    title_th: Mapped[str] = mapped_column(String(300))
    description_th: Mapped[str | None] = mapped_column(Text)
    budget_estimate: Mapped[Decimal | None]


class PlanItem(Entity, TenantMixin, Base):
    """A line of the plan (stage 4): routed to whoever carries it out, followed to its outcome."""

    __tablename__ = "plan_items"

    plan_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("community_plans.id"), index=True)
    problem_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("plan_problems.id"), index=True)
    option_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("plan_options.id"))
    title_th: Mapped[str] = mapped_column(String(300))
    description_th: Mapped[str | None] = mapped_column(Text)
    budget_estimate: Mapped[Decimal | None]
    route: Mapped[str | None] = mapped_column(String(32))
    agency_name: Mapped[str | None] = mapped_column(String(200))
    outcome: Mapped[str | None] = mapped_column(String(16))
    outcome_on: Mapped[date | None] = mapped_column(Date)
    outcome_note: Mapped[str | None] = mapped_column(Text)
    withdrawn: Mapped[bool] = mapped_column(Boolean, default=False)
    # The draft project made from a local-government item. Projects arrive in their own
    # issue, so no foreign key yet: their table does not exist.
    project_id: Mapped[uuid.UUID | None] = mapped_column(index=True)
