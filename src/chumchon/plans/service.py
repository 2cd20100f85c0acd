"""The rules of community plans. Every function takes (session, actor, …), checks the
permission first, flushes and never commits.

A stage's records are written only while that stage is open (see `workflow.WRITABLE_IN`);
to correct a closed stage, the plan goes back by its own transition, with a reason.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import selectinload

from chumchon.areas.models import Village
from chumchon.auth.permissions import P
from chumchon.core import audit, outbox
from chumchon.core.concurrency import PreconditionRequired, check_version
from chumchon.core.context import Actor
from chumchon.core.db import utcnow
from chumchon.core.errors import Conflict, Invalid, NotFound
from chumchon.core.pagination import PageParams, paginate
from chumchon.plans.models import (
    CommunityPlan,
    Outcome,
    PlanForum,
    PlanItem,
    PlanOption,
    PlanProblem,
    PlanProfile,
    PlanRanking,
    PlanState,
    PlanTeamMember,
    Route,
)
from chumchon.plans.schemas import (
    MAX_PLAN_YEARS,
    METHOD_TH,
    OUTCOME_TH,
    ROUTE_TH,
    ForumCreate,
    ForumUpdate,
    ItemCreate,
    ItemUpdate,
    OptionCreate,
    OptionUpdate,
    OutcomeCount,
    OutcomeWrite,
    PlanCreate,
    PlanProgress,
    PlanUpdate,
    ProblemCreate,
    ProblemUpdate,
    ProfileWrite,
    RankedProblem,
    RankingRead,
    RankingWrite,
    RouteProgress,
    TeamMemberCreate,
    TeamMemberUpdate,
)
from chumchon.plans.workflow import PLAN_PROCESS, WRITABLE_IN

# Outcomes an item may move to from where it is: accepted leads on to done or declined;
# done and declined are final.
OUTCOME_MOVES: dict[str | None, frozenset[str]] = {
    None: frozenset({Outcome.accepted, Outcome.done, Outcome.declined}),
    Outcome.accepted.value: frozenset({Outcome.done, Outcome.declined}),
}


def _field_error(field: str, code: str, message: str) -> list[dict[str, str]]:
    return [{"field": field, "code": code, "message": message}]


def _require_stage(plan: CommunityPlan, records: str, what: str) -> None:
    allowed = WRITABLE_IN[records]
    if plan.state not in allowed:
        raise Conflict(
            f"{what} can be recorded only while the plan is {' or '.join(sorted(allowed))}; it is {plan.state}",
            code="plans.wrong_stage", state=plan.state, allowed_states=sorted(allowed),
        )


def _apply(record: Any, changes: dict[str, Any]) -> None:
    for key, value in changes.items():
        setattr(record, key, value)


# --- plans ------------------------------------------------------------------------------------


def _plans() -> Select[tuple[CommunityPlan]]:
    return select(CommunityPlan).options(selectinload(CommunityPlan.village))


async def get_plan(session: AsyncSession, actor: Actor, plan_id: uuid.UUID) -> CommunityPlan:
    """Also the workflow routes' loader: scoped to the caller's organisation, needs plans:read."""
    actor.require(P.plans_read)
    plan = (await session.execute(_plans().where(CommunityPlan.id == plan_id))).scalar_one_or_none()
    if plan is None:
        raise NotFound("No such community plan", code="plans.not_found")
    return plan


async def _writable_plan(session: AsyncSession, actor: Actor, plan_id: uuid.UUID, records: str,
                         what: str) -> CommunityPlan:
    actor.require(P.plans_write)
    plan = await get_plan(session, actor, plan_id)
    _require_stage(plan, records, what)
    return plan


async def list_plans(session: AsyncSession, actor: Actor, params: PageParams, *, village_id: uuid.UUID | None = None,
                     state: PlanState | None = None, fiscal_year_be: int | None = None,
                     organisation_wide: bool | None = None, q: str | None = None) -> tuple[list[CommunityPlan], int]:
    actor.require(P.plans_read)
    stmt = _plans()
    if village_id is not None:
        stmt = stmt.where(CommunityPlan.village_id == village_id)
    if organisation_wide is not None:
        stmt = stmt.where(CommunityPlan.village_id.is_(None) if organisation_wide
                          else CommunityPlan.village_id.is_not(None))
    if state is not None:
        stmt = stmt.where(CommunityPlan.state == state.value)
    if fiscal_year_be is not None:
        # The plans whose period covers that fiscal year.
        stmt = stmt.where(CommunityPlan.fiscal_year_start_be <= fiscal_year_be,
                          CommunityPlan.fiscal_year_end_be >= fiscal_year_be)
    if q:
        stmt = stmt.where(CommunityPlan.title_th.contains(q))
    return await paginate(
        session, stmt, params,
        sortable={"created_at": CommunityPlan.created_at, "title_th": CommunityPlan.title_th,
                  "fiscal_year_start_be": CommunityPlan.fiscal_year_start_be, "state": CommunityPlan.state},
        default_sort=["-fiscal_year_start_be", "title_th"], tiebreak=CommunityPlan.id,
    )


def _check_period(start_be: int, end_be: int) -> None:
    if end_be < start_be:
        raise Invalid("The last fiscal year comes before the first", code="plans.period_invalid",
                      errors=_field_error("fiscal_year_end_be", "plans.period_reversed",
                                          "ปีงบประมาณสิ้นสุดต้องไม่ก่อนปีเริ่มต้น"))
    if end_be - start_be + 1 > MAX_PLAN_YEARS:
        raise Invalid(f"A community plan covers at most {MAX_PLAN_YEARS} fiscal years", code="plans.period_invalid",
                      errors=_field_error("fiscal_year_end_be", "plans.period_too_long",
                                          f"แผนชุมชนครอบคลุมได้ไม่เกิน {MAX_PLAN_YEARS} ปีงบประมาณ"))


async def _check_village(session: AsyncSession, village_id: uuid.UUID | None) -> None:
    if village_id is None:
        return
    village = (await session.execute(select(Village).where(Village.id == village_id))).scalar_one_or_none()
    if village is None:
        raise Invalid("No such village in this organisation", code="plans.village_unknown",
                      errors=_field_error("village_id", "plans.village_unknown", "ไม่พบหมู่บ้านนี้"))


async def _check_overlap(session: AsyncSession, plan: CommunityPlan) -> None:
    """One open plan per area and period: two plans of one village for the same years would
    split its forums and items."""
    same_area = (CommunityPlan.village_id.is_(None) if plan.village_id is None
                 else CommunityPlan.village_id == plan.village_id)
    stmt = select(CommunityPlan.id).where(
        same_area, CommunityPlan.state != PlanState.closed.value,
        CommunityPlan.fiscal_year_start_be <= plan.fiscal_year_end_be,
        CommunityPlan.fiscal_year_end_be >= plan.fiscal_year_start_be,
    )
    if plan.id is not None:
        stmt = stmt.where(CommunityPlan.id != plan.id)
    other = (await session.execute(stmt.limit(1))).scalar_one_or_none()
    if other is not None:
        raise Conflict("This area has an open plan for some of these fiscal years", code="plans.period_overlap",
                       other_plan_id=str(other))


async def create_plan(session: AsyncSession, actor: Actor, data: PlanCreate) -> CommunityPlan:
    actor.require(P.plans_write)
    _check_period(data.fiscal_year_start_be, data.fiscal_year_end_be)
    await _check_village(session, data.village_id)
    plan = CommunityPlan(**data.model_dump(), state=PLAN_PROCESS.initial)
    await _check_overlap(session, plan)
    with audit.action(session, "plans.create"):
        session.add(plan)
        await session.flush()
    return await get_plan(session, actor, plan.id)


async def update_plan(session: AsyncSession, actor: Actor, plan_id: uuid.UUID, data: PlanUpdate,
                      expected_version: int) -> CommunityPlan:
    actor.require(P.plans_write)
    plan = await get_plan(session, actor, plan_id)
    check_version(plan, expected_version)
    _require_stage(plan, "plan", "A change to the plan")
    changes = data.model_dump(exclude_unset=True)
    for required in ("title_th", "fiscal_year_start_be", "fiscal_year_end_be"):
        if required in changes and changes[required] is None:
            raise Invalid(f"{required} cannot be emptied", code="plans.field_required",
                          errors=_field_error(required, "plans.field_required", "ต้องระบุ"))
    if "village_id" in changes and changes["village_id"] != plan.village_id:
        if plan.state != PlanState.preparing.value:
            raise Conflict("The village can change only while the plan is being prepared",
                           code="plans.wrong_stage", state=plan.state, allowed_states=[PlanState.preparing.value])
        await _check_village(session, changes["village_id"])
    _check_period(changes.get("fiscal_year_start_be", plan.fiscal_year_start_be),
                  changes.get("fiscal_year_end_be", plan.fiscal_year_end_be))
    with audit.action(session, "plans.update"):
        _apply(plan, changes)
        await _check_overlap(session, plan)
        await session.flush()
    if "village_id" in changes:
        await session.refresh(plan, ["village"])
    return plan


# --- stage 1: teams ---------------------------------------------------------------------------


async def list_team_members(session: AsyncSession, actor: Actor, plan_id: uuid.UUID, params: PageParams, *,
                            team: str | None = None, active: bool | None = None) -> tuple[list[PlanTeamMember], int]:
    await get_plan(session, actor, plan_id)
    stmt = select(PlanTeamMember).where(PlanTeamMember.plan_id == plan_id)
    if team is not None:
        stmt = stmt.where(PlanTeamMember.team == team)
    if active is not None:
        stmt = stmt.where(PlanTeamMember.is_active.is_(active))
    return await paginate(session, stmt, params,
                          sortable={"team": PlanTeamMember.team, "full_name": PlanTeamMember.full_name,
                                    "created_at": PlanTeamMember.created_at},
                          default_sort=["team", "created_at"], tiebreak=PlanTeamMember.id)


async def add_team_member(session: AsyncSession, actor: Actor, plan_id: uuid.UUID,
                          data: TeamMemberCreate) -> PlanTeamMember:
    plan = await _writable_plan(session, actor, plan_id, "team", "Team members")
    member = PlanTeamMember(plan_id=plan.id, **data.model_dump())
    with audit.action(session, "plans.add_team_member"):
        session.add(member)
        await session.flush()
    return member


async def _team_member(session: AsyncSession, plan_id: uuid.UUID, member_id: uuid.UUID) -> PlanTeamMember:
    member = (await session.execute(select(PlanTeamMember).where(
        PlanTeamMember.id == member_id, PlanTeamMember.plan_id == plan_id))).scalar_one_or_none()
    if member is None:
        raise NotFound("No such team member in this plan", code="plans.team_member_not_found")
    return member


async def get_team_member(session: AsyncSession, actor: Actor, plan_id: uuid.UUID,
                          member_id: uuid.UUID) -> PlanTeamMember:
    await get_plan(session, actor, plan_id)
    return await _team_member(session, plan_id, member_id)


async def update_team_member(session: AsyncSession, actor: Actor, plan_id: uuid.UUID, member_id: uuid.UUID,
                             data: TeamMemberUpdate, expected_version: int) -> PlanTeamMember:
    actor.require(P.plans_write)
    plan = await get_plan(session, actor, plan_id)
    member = await _team_member(session, plan_id, member_id)
    _require_stage(plan, "team", "Team members")
    check_version(member, expected_version)
    changes = data.model_dump(exclude_unset=True)
    for required in ("team", "full_name", "role_th", "is_active"):
        if required in changes and changes[required] is None:
            raise Invalid(f"{required} cannot be emptied", code="plans.field_required",
                          errors=_field_error(required, "plans.field_required", "ต้องระบุ"))
    with audit.action(session, "plans.update_team_member"):
        _apply(member, changes)
        await session.flush()
    return member


# --- stage 2: profile -------------------------------------------------------------------------


async def _profile(session: AsyncSession, plan_id: uuid.UUID) -> PlanProfile | None:
    return (await session.execute(select(PlanProfile).where(PlanProfile.plan_id == plan_id))).scalar_one_or_none()


async def get_profile(session: AsyncSession, actor: Actor, plan_id: uuid.UUID) -> PlanProfile:
    await get_plan(session, actor, plan_id)
    profile = await _profile(session, plan_id)
    if profile is None:
        raise NotFound("This plan has no community profile yet", code="plans.profile_not_found")
    return profile


async def put_profile(session: AsyncSession, actor: Actor, plan_id: uuid.UUID, data: ProfileWrite,
                      expected_version: int | None) -> tuple[PlanProfile, bool]:
    """Write the whole profile. The first one needs no If-Match (there is nothing to have
    read); replacing one does, so that one officer's edit never overwrites another's."""
    plan = await _writable_plan(session, actor, plan_id, "profile", "The community profile")
    profile = await _profile(session, plan.id)
    values = data.model_dump(mode="json")
    with audit.action(session, "plans.put_profile"):
        if profile is None:
            profile = PlanProfile(plan_id=plan.id, **values)
            session.add(profile)
            await session.flush()
            return profile, True
        if expected_version is None:
            raise PreconditionRequired("Send If-Match with the ETag of the profile you edited")
        check_version(profile, expected_version)
        _apply(profile, values)
        await session.flush()
    return profile, False


# --- stage 3: forums --------------------------------------------------------------------------


async def list_forums(session: AsyncSession, actor: Actor, plan_id: uuid.UUID,
                      params: PageParams) -> tuple[list[PlanForum], int]:
    await get_plan(session, actor, plan_id)
    stmt = select(PlanForum).where(PlanForum.plan_id == plan_id)
    return await paginate(session, stmt, params, sortable={"held_on": PlanForum.held_on},
                          default_sort=["held_on"], tiebreak=PlanForum.id)


async def create_forum(session: AsyncSession, actor: Actor, plan_id: uuid.UUID, data: ForumCreate) -> PlanForum:
    plan = await _writable_plan(session, actor, plan_id, "forum", "Village forums")
    forum = PlanForum(plan_id=plan.id, **data.model_dump())
    with audit.action(session, "plans.record_forum"):
        session.add(forum)
        await session.flush()
    return forum


async def _forum(session: AsyncSession, plan_id: uuid.UUID, forum_id: uuid.UUID) -> PlanForum:
    forum = (await session.execute(select(PlanForum).where(
        PlanForum.id == forum_id, PlanForum.plan_id == plan_id))).scalar_one_or_none()
    if forum is None:
        raise NotFound("No such forum in this plan", code="plans.forum_not_found")
    return forum


async def get_forum(session: AsyncSession, actor: Actor, plan_id: uuid.UUID, forum_id: uuid.UUID) -> PlanForum:
    await get_plan(session, actor, plan_id)
    return await _forum(session, plan_id, forum_id)


async def update_forum(session: AsyncSession, actor: Actor, plan_id: uuid.UUID, forum_id: uuid.UUID,
                       data: ForumUpdate, expected_version: int) -> PlanForum:
    actor.require(P.plans_write)
    plan = await get_plan(session, actor, plan_id)
    forum = await _forum(session, plan_id, forum_id)
    _require_stage(plan, "forum", "Village forums")
    check_version(forum, expected_version)
    changes = data.model_dump(exclude_unset=True)
    for required in changes:
        if changes[required] is None:
            raise Invalid(f"{required} cannot be emptied", code="plans.field_required",
                          errors=_field_error(required, "plans.field_required", "ต้องระบุ"))
    with audit.action(session, "plans.update_forum"):
        _apply(forum, changes)
        await session.flush()
    return forum


# --- stage 3: problems and needs --------------------------------------------------------------


async def list_problems(session: AsyncSession, actor: Actor, plan_id: uuid.UUID, params: PageParams, *,
                        forum_id: uuid.UUID | None = None) -> tuple[list[PlanProblem], int]:
    await get_plan(session, actor, plan_id)
    if forum_id is not None:
        await _forum(session, plan_id, forum_id)
    stmt = select(PlanProblem).where(PlanProblem.plan_id == plan_id)
    if forum_id is not None:
        stmt = stmt.where(PlanProblem.forum_id == forum_id)
    return await paginate(session, stmt, params,
                          sortable={"created_at": PlanProblem.created_at, "title_th": PlanProblem.title_th},
                          default_sort=["created_at"], tiebreak=PlanProblem.id)


async def raise_problem(session: AsyncSession, actor: Actor, plan_id: uuid.UUID, forum_id: uuid.UUID,
                        data: ProblemCreate) -> PlanProblem:
    actor.require(P.plans_write)
    plan = await get_plan(session, actor, plan_id)
    forum = await _forum(session, plan_id, forum_id)
    _require_stage(plan, "forum", "Problems and needs")
    problem = PlanProblem(plan_id=plan.id, forum_id=forum.id, **data.model_dump())
    with audit.action(session, "plans.raise_problem"):
        session.add(problem)
        await session.flush()
    return problem


async def _problem(session: AsyncSession, plan_id: uuid.UUID, problem_id: uuid.UUID) -> PlanProblem:
    problem = (await session.execute(select(PlanProblem).where(
        PlanProblem.id == problem_id, PlanProblem.plan_id == plan_id))).scalar_one_or_none()
    if problem is None:
        raise NotFound("No such problem or need in this plan", code="plans.problem_not_found")
    return problem


async def get_problem(session: AsyncSession, actor: Actor, plan_id: uuid.UUID, problem_id: uuid.UUID) -> PlanProblem:
    await get_plan(session, actor, plan_id)
    return await _problem(session, plan_id, problem_id)


async def update_problem(session: AsyncSession, actor: Actor, plan_id: uuid.UUID, problem_id: uuid.UUID,
                         data: ProblemUpdate, expected_version: int) -> PlanProblem:
    actor.require(P.plans_write)
    plan = await get_plan(session, actor, plan_id)
    problem = await _problem(session, plan_id, problem_id)
    _require_stage(plan, "forum", "Problems and needs")
    check_version(problem, expected_version)
    changes = data.model_dump(exclude_unset=True)
    for required in ("kind", "title_th"):
        if required in changes and changes[required] is None:
            raise Invalid(f"{required} cannot be emptied", code="plans.field_required",
                          errors=_field_error(required, "plans.field_required", "ต้องระบุ"))
    with audit.action(session, "plans.update_problem"):
        _apply(problem, changes)
        await session.flush()
    return problem


# --- stage 3: joint ranking -------------------------------------------------------------------


def _ranked(rows: Iterable[tuple[PlanRanking, PlanProblem]]) -> list[RankedProblem]:
    """Highest first; equal values share a rank and the next rank skips (1, 2, 2, 4)."""
    ordered = sorted(rows, key=lambda r: (-r[0].value, r[1].title_th))
    out: list[RankedProblem] = []
    for i, (ranking, problem) in enumerate(ordered):
        rank = out[-1].rank if out and out[-1].value == ranking.value else i + 1
        out.append(RankedProblem(problem_id=problem.id, title_th=problem.title_th, kind=problem.kind,
                                 value=ranking.value, rank=rank))
    return out


async def _ranking_read(session: AsyncSession, forum: PlanForum) -> RankingRead:
    rows = (await session.execute(
        select(PlanRanking, PlanProblem).join(PlanProblem, PlanProblem.id == PlanRanking.problem_id)
        .where(PlanRanking.forum_id == forum.id))).all()
    method = forum.ranking_method
    return RankingRead(forum_id=forum.id, method=method, method_label_th=METHOD_TH[method] if method else None,
                       ranked_at=forum.ranked_at, version=forum.version, entries=_ranked(rows))


async def get_ranking(session: AsyncSession, actor: Actor, plan_id: uuid.UUID, forum_id: uuid.UUID) -> RankingRead:
    await get_plan(session, actor, plan_id)
    forum = await _forum(session, plan_id, forum_id)
    return await _ranking_read(session, forum)


async def put_ranking(session: AsyncSession, actor: Actor, plan_id: uuid.UUID, forum_id: uuid.UUID,
                      data: RankingWrite, expected_version: int) -> RankingRead:
    """Record the forum's joint ranking, replacing the one before. Only problems raised at
    this forum can be ranked here: another forum's people did not weigh them."""
    actor.require(P.plans_write)
    plan = await get_plan(session, actor, plan_id)
    forum = await _forum(session, plan_id, forum_id)
    _require_stage(plan, "forum", "The joint ranking")
    check_version(forum, expected_version)
    ids = [e.problem_id for e in data.entries]
    seen: set[uuid.UUID] = set()
    duplicates = [i for i, pid in enumerate(ids) if pid in seen or seen.add(pid)]  # type: ignore[func-returns-value]
    if duplicates:
        raise Invalid("A problem appears twice in the ranking", code="plans.ranking_duplicate",
                      errors=[{"field": f"entries.{i}.problem_id", "code": "plans.ranking_duplicate",
                               "message": "ปัญหานี้ถูกลงคะแนนซ้ำ"} for i in duplicates])
    raised_here = set((await session.execute(select(PlanProblem.id).where(
        PlanProblem.forum_id == forum.id, PlanProblem.id.in_(ids)))).scalars())
    strangers = [i for i, pid in enumerate(ids) if pid not in raised_here]
    if strangers:
        raise Invalid("Only problems raised at this forum can be ranked at it", code="plans.problem_not_at_forum",
                      errors=[{"field": f"entries.{i}.problem_id", "code": "plans.problem_not_at_forum",
                               "message": "ปัญหานี้ไม่ได้ถูกเสนอในเวทีประชาคมนี้"} for i in strangers])

    existing = {r.problem_id: r for r in (await session.execute(
        select(PlanRanking).where(PlanRanking.forum_id == forum.id))).scalars()}
    with audit.action(session, "plans.rank_problems"):
        for entry in data.entries:
            row = existing.pop(entry.problem_id, None)
            if row is None:
                session.add(PlanRanking(plan_id=plan.id, forum_id=forum.id, problem_id=entry.problem_id,
                                        value=entry.value))
            elif row.value != entry.value:
                row.value = entry.value
        # A problem left out of the new ranking was not ranked after all.
        for row in existing.values():
            await session.delete(row)
        forum.ranking_method = data.method.value
        forum.ranked_at = utcnow()
        await session.flush()
    return await _ranking_read(session, forum)


# --- stage 3: options -------------------------------------------------------------------------


async def list_options(session: AsyncSession, actor: Actor, plan_id: uuid.UUID, problem_id: uuid.UUID,
                       params: PageParams) -> tuple[list[PlanOption], int]:
    await get_plan(session, actor, plan_id)
    await _problem(session, plan_id, problem_id)
    stmt = select(PlanOption).where(PlanOption.problem_id == problem_id)
    return await paginate(session, stmt, params, sortable={"created_at": PlanOption.created_at},
                          default_sort=["created_at"], tiebreak=PlanOption.id)


async def add_option(session: AsyncSession, actor: Actor, plan_id: uuid.UUID, problem_id: uuid.UUID,
                     data: OptionCreate) -> PlanOption:
    actor.require(P.plans_write)
    plan = await get_plan(session, actor, plan_id)
    problem = await _problem(session, plan_id, problem_id)
    _require_stage(plan, "forum", "Options")
    option = PlanOption(plan_id=plan.id, problem_id=problem.id, **data.model_dump())
    with audit.action(session, "plans.add_option"):
        session.add(option)
        await session.flush()
    return option


async def _option(session: AsyncSession, plan_id: uuid.UUID, option_id: uuid.UUID) -> PlanOption:
    option = (await session.execute(select(PlanOption).where(
        PlanOption.id == option_id, PlanOption.plan_id == plan_id))).scalar_one_or_none()
    if option is None:
        raise NotFound("No such option in this plan", code="plans.option_not_found")
    return option


async def get_option(session: AsyncSession, actor: Actor, plan_id: uuid.UUID, option_id: uuid.UUID) -> PlanOption:
    await get_plan(session, actor, plan_id)
    return await _option(session, plan_id, option_id)


async def update_option(session: AsyncSession, actor: Actor, plan_id: uuid.UUID, option_id: uuid.UUID,
                        data: OptionUpdate, expected_version: int) -> PlanOption:
    actor.require(P.plans_write)
    plan = await get_plan(session, actor, plan_id)
    option = await _option(session, plan_id, option_id)
    _require_stage(plan, "forum", "Options")
    check_version(option, expected_version)
    changes = data.model_dump(exclude_unset=True)
    if "title_th" in changes and changes["title_th"] is None:
        raise Invalid("title_th cannot be emptied", code="plans.field_required",
                      errors=_field_error("title_th", "plans.field_required", "ต้องระบุ"))
    with audit.action(session, "plans.update_option"):
        _apply(option, changes)
        await session.flush()
    return option


# --- stage 4: items ---------------------------------------------------------------------------


def _check_route(route: str | None, agency_name: str | None) -> None:
    if route == Route.other_agency.value and not (agency_name and agency_name.strip()):
        raise Invalid("Name the agency the item is proposed to", code="plans.agency_required",
                      errors=_field_error("agency_name", "plans.agency_required", "ต้องระบุชื่อหน่วยงานที่ขอสนับสนุน"))
    if route != Route.other_agency.value and agency_name:
        raise Invalid("An agency is named only for items proposed to another agency",
                      code="plans.agency_not_applicable",
                      errors=_field_error("agency_name", "plans.agency_not_applicable",
                                          "ระบุหน่วยงานได้เฉพาะรายการที่ขอสนับสนุนจากหน่วยงานอื่น"))


async def _check_item_links(session: AsyncSession, plan_id: uuid.UUID, problem_id: uuid.UUID,
                            option_id: uuid.UUID | None) -> None:
    problem = (await session.execute(select(PlanProblem.id).where(
        PlanProblem.id == problem_id, PlanProblem.plan_id == plan_id))).scalar_one_or_none()
    if problem is None:
        raise Invalid("No such problem or need in this plan", code="plans.problem_unknown",
                      errors=_field_error("problem_id", "plans.problem_unknown", "ไม่พบปัญหานี้ในแผน"))
    if option_id is None:
        return
    option = (await session.execute(select(PlanOption.id).where(
        PlanOption.id == option_id, PlanOption.problem_id == problem_id))).scalar_one_or_none()
    if option is None:
        raise Invalid("The option is not one of this problem's", code="plans.option_not_of_problem",
                      errors=_field_error("option_id", "plans.option_not_of_problem",
                                          "ทางเลือกนี้ไม่ใช่ทางเลือกของปัญหานี้"))


async def list_items(session: AsyncSession, actor: Actor, plan_id: uuid.UUID, params: PageParams, *,
                     route: Route | None = None, outcome: Outcome | None = None, pending: bool | None = None,
                     withdrawn: bool | None = False) -> tuple[list[PlanItem], int]:
    await get_plan(session, actor, plan_id)
    stmt = select(PlanItem).where(PlanItem.plan_id == plan_id)
    if route is not None:
        stmt = stmt.where(PlanItem.route == route.value)
    if outcome is not None:
        stmt = stmt.where(PlanItem.outcome == outcome.value)
    if pending is not None:
        stmt = stmt.where(PlanItem.outcome.is_(None) if pending else PlanItem.outcome.is_not(None))
    if withdrawn is not None:
        stmt = stmt.where(PlanItem.withdrawn.is_(withdrawn))
    return await paginate(session, stmt, params,
                          sortable={"created_at": PlanItem.created_at, "title_th": PlanItem.title_th,
                                    "route": PlanItem.route, "outcome": PlanItem.outcome},
                          default_sort=["created_at"], tiebreak=PlanItem.id)


async def create_item(session: AsyncSession, actor: Actor, plan_id: uuid.UUID, data: ItemCreate) -> PlanItem:
    plan = await _writable_plan(session, actor, plan_id, "item", "Plan items")
    await _check_item_links(session, plan.id, data.problem_id, data.option_id)
    values = data.model_dump()
    values["route"] = data.route.value if data.route else None
    _check_route(values["route"], values["agency_name"])
    item = PlanItem(plan_id=plan.id, **values)
    with audit.action(session, "plans.add_item"):
        session.add(item)
        await session.flush()
    return item


async def _item(session: AsyncSession, plan_id: uuid.UUID, item_id: uuid.UUID) -> PlanItem:
    item = (await session.execute(select(PlanItem).where(
        PlanItem.id == item_id, PlanItem.plan_id == plan_id))).scalar_one_or_none()
    if item is None:
        raise NotFound("No such item in this plan", code="plans.item_not_found")
    return item


async def get_item(session: AsyncSession, actor: Actor, plan_id: uuid.UUID, item_id: uuid.UUID) -> PlanItem:
    await get_plan(session, actor, plan_id)
    return await _item(session, plan_id, item_id)


async def update_item(session: AsyncSession, actor: Actor, plan_id: uuid.UUID, item_id: uuid.UUID,
                      data: ItemUpdate, expected_version: int) -> PlanItem:
    """Edit or route an item while stage 4 is open."""
    actor.require(P.plans_write)
    plan = await get_plan(session, actor, plan_id)
    item = await _item(session, plan_id, item_id)
    _require_stage(plan, "item", "Plan items")
    check_version(item, expected_version)
    if item.outcome is not None:
        raise Conflict("The item already has its outcome; it is a record of what was decided",
                       code="plans.item_decided", outcome=item.outcome)
    changes = data.model_dump(exclude_unset=True)
    for required in ("title_th", "withdrawn"):
        if required in changes and changes[required] is None:
            raise Invalid(f"{required} cannot be emptied", code="plans.field_required",
                          errors=_field_error(required, "plans.field_required", "ต้องระบุ"))
    if "route" in changes:
        changes["route"] = changes["route"].value if changes["route"] else None
        # Moving away from another agency forgets the agency, unless the caller said otherwise.
        if changes["route"] != Route.other_agency.value and "agency_name" not in changes:
            changes["agency_name"] = None
    if "option_id" in changes:
        await _check_item_links(session, plan.id, item.problem_id, changes["option_id"])
    _check_route(changes.get("route", item.route), changes.get("agency_name", item.agency_name))
    with audit.action(session, "plans.update_item"):
        _apply(item, changes)
        await session.flush()
    return item


async def link_project(session: AsyncSession, plan_id: uuid.UUID, item_id: uuid.UUID,
                       project_id: uuid.UUID | None) -> PlanItem:
    """The projects domain says which project carries out an item, or that none does any more.

    The projects service has checked its own permission and the item's route; the link is
    a consequence of that project's life, not an edit of the plan by hand.
    """
    item = await _item(session, plan_id, item_id)
    item.project_id = project_id
    await session.flush()
    return item


async def record_outcome(session: AsyncSession, actor: Actor, plan_id: uuid.UUID, item_id: uuid.UUID,
                         data: OutcomeWrite, expected_version: int) -> PlanItem:
    """What became of a proposed item: accepted, then done; or declined."""
    actor.require(P.plans_write)
    plan = await get_plan(session, actor, plan_id)
    item = await _item(session, plan_id, item_id)
    _require_stage(plan, "outcome", "Outcomes")
    check_version(item, expected_version)
    if item.withdrawn:
        raise Conflict("The item was withdrawn from the plan", code="plans.item_withdrawn")
    allowed = OUTCOME_MOVES.get(item.outcome, frozenset())
    if data.outcome not in allowed:
        raise Conflict(f"An item that is {item.outcome} cannot become {data.outcome.value}",
                       code="plans.outcome_not_allowed", outcome=item.outcome,
                       allowed_outcomes=sorted(str(o) for o in allowed))
    if item.outcome_on is not None and data.decided_on < item.outcome_on:
        raise Invalid("The outcome is dated before the one it follows", code="plans.outcome_date_invalid",
                      errors=_field_error("decided_on", "plans.outcome_date_invalid",
                                          "วันที่ต้องไม่ก่อนผลครั้งก่อน"))
    before = item.outcome
    with audit.action(session, "plans.record_outcome"):
        item.outcome = data.outcome.value
        item.outcome_on = data.decided_on
        item.outcome_note = data.note
        outbox.emit(session, "plan_item.outcome_recorded", subject_type="plan_item", subject_id=item.id,
                    organisation_id=item.organisation_id,
                    payload={"plan_id": str(plan.id), "route": item.route, "from": before,
                             "to": item.outcome, "decided_on": data.decided_on.isoformat()})
        await session.flush()
    return item


# --- progress ---------------------------------------------------------------------------------


async def progress(session: AsyncSession, actor: Actor, plan_id: uuid.UUID) -> PlanProgress:
    plan = await get_plan(session, actor, plan_id)
    rows = (await session.execute(
        select(PlanItem.route, PlanItem.outcome, func.count())
        .where(PlanItem.plan_id == plan.id, PlanItem.withdrawn.is_(False))
        .group_by(PlanItem.route, PlanItem.outcome))).all()
    counts: dict[tuple[str | None, str | None], int] = {(r, o): n for r, o, n in rows}
    outcomes: list[str | None] = [None, *(o.value for o in Outcome)]
    routes: list[str | None] = [*(r.value for r in Route)]
    if any(r is None for r, _ in counts):
        routes.append(None)

    def outcome_counts(route_filter: Any) -> list[OutcomeCount]:
        return [OutcomeCount(outcome=o, label_th=OUTCOME_TH[o],
                             count=sum(n for (r, oo), n in counts.items() if oo == o and route_filter(r)))
                for o in outcomes]

    by_route = []
    for route in routes:
        per = outcome_counts(lambda r, route=route: r == route)
        by_route.append(RouteProgress(route=route, label_th=ROUTE_TH[route] if route else "ยังไม่ได้กำหนดช่องทาง",
                                      total=sum(c.count for c in per), outcomes=per))
    return PlanProgress(plan_id=plan.id, state=plan.state, items=sum(counts.values()), by_route=by_route,
                        by_outcome=outcome_counts(lambda r: True))

