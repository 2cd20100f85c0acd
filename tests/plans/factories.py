"""Plain helpers that make community-plan records straight in the database, with explicit
defaults: for tests that need a plan standing in a given state, and for the tenancy registry."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from chumchon.areas.models import Organisation
from chumchon.plans.models import (
    CommunityPlan,
    PlanForum,
    PlanItem,
    PlanOption,
    PlanProblem,
    PlanProfile,
    PlanRanking,
    PlanTeamMember,
)


async def _add(session: AsyncSession, obj: Any) -> Any:
    session.add(obj)
    await session.flush()
    return obj


async def make_plan(session: AsyncSession, organisation: Organisation, **overrides: Any) -> CommunityPlan:
    values: dict[str, Any] = dict(organisation_id=organisation.id, village_id=None, title_th="แผนชุมชนทดสอบ",
                                  fiscal_year_start_be=2569, fiscal_year_end_be=2570, state="preparing")
    values.update(overrides)
    return await _add(session, CommunityPlan(**values))


async def make_team_member(session: AsyncSession, plan: CommunityPlan, **overrides: Any) -> PlanTeamMember:
    values: dict[str, Any] = dict(organisation_id=plan.organisation_id, plan_id=plan.id, team="driving",
                                  full_name="นายทดสอบ ขับเคลื่อน", role_th="ประธาน")
    values.update(overrides)
    return await _add(session, PlanTeamMember(**values))


async def make_profile(session: AsyncSession, plan: CommunityPlan, **overrides: Any) -> PlanProfile:
    values: dict[str, Any] = dict(organisation_id=plan.organisation_id, plan_id=plan.id, population=500,
                                  households=120, occupations=[{"name_th": "ทำนา", "households": 80}],
                                  resources=[], potentials=[{"title_th": "กลุ่มทอผ้า", "note_th": None}],
                                  data_sources=[])
    values.update(overrides)
    return await _add(session, PlanProfile(**values))


async def make_forum(session: AsyncSession, plan: CommunityPlan, **overrides: Any) -> PlanForum:
    values: dict[str, Any] = dict(organisation_id=plan.organisation_id, plan_id=plan.id, held_on=date(2025, 11, 15),
                                  place_th="ศาลาประชาคม", attendance=60, minutes_th="บันทึกการประชุม")
    values.update(overrides)
    return await _add(session, PlanForum(**values))


async def make_problem(session: AsyncSession, forum: PlanForum, **overrides: Any) -> PlanProblem:
    values: dict[str, Any] = dict(organisation_id=forum.organisation_id, plan_id=forum.plan_id, forum_id=forum.id,
                                  kind="problem", title_th="น้ำไม่พอใช้")
    values.update(overrides)
    return await _add(session, PlanProblem(**values))


async def make_ranking(session: AsyncSession, problem: PlanProblem, value: int = 10) -> PlanRanking:
    return await _add(session, PlanRanking(organisation_id=problem.organisation_id, plan_id=problem.plan_id,
                                           forum_id=problem.forum_id, problem_id=problem.id, value=value))


async def make_option(session: AsyncSession, problem: PlanProblem, **overrides: Any) -> PlanOption:
    values: dict[str, Any] = dict(organisation_id=problem.organisation_id, plan_id=problem.plan_id,
                                  problem_id=problem.id, title_th="ขุดลอกหนองน้ำ", budget_estimate=Decimal("50000.00"))
    values.update(overrides)
    return await _add(session, PlanOption(**values))


async def make_item(session: AsyncSession, problem: PlanProblem, **overrides: Any) -> PlanItem:
    values: dict[str, Any] = dict(organisation_id=problem.organisation_id, plan_id=problem.plan_id,
                                  problem_id=problem.id, title_th="ขุดลอกหนองน้ำสาธารณะ", route="community")
    values.update(overrides)
    return await _add(session, PlanItem(**values))


async def make_complete_plan(session: AsyncSession, organisation: Organisation, *, state: str = "preparing",
                             **overrides: Any) -> CommunityPlan:
    """A plan in `state` with every record each stage's guards ask for, so that only the
    state decides whether a transition may fire."""
    plan = await make_plan(session, organisation, state=state, **overrides)
    await make_team_member(session, plan, team="promoting", full_name="นางส่งเสริม ทดสอบ", role_th="ผู้ประสานงาน")
    await make_team_member(session, plan, team="driving")
    await make_profile(session, plan)
    forum = await make_forum(session, plan)
    problem = await make_problem(session, forum)
    await make_ranking(session, problem)
    await make_option(session, problem)
    await make_item(session, problem, route="local_government", outcome="accepted", outcome_on=date(2026, 2, 1))
    return plan
