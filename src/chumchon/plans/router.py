from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Depends, Header, Query, Response

from chumchon.auth.deps import CurrentActor, ScopedDb
from chumchon.core.concurrency import etag, if_match
from chumchon.core.errors import problem_responses
from chumchon.core.pagination import Page, PageQuery
from chumchon.core.workflow_api import add_workflow_routes
from chumchon.plans import service
from chumchon.plans.models import Outcome, PlanState, Route, Team
from chumchon.plans.schemas import (
    ForumCreate,
    ForumRead,
    ForumUpdate,
    ItemCreate,
    ItemRead,
    ItemUpdate,
    OptionCreate,
    OptionRead,
    OptionUpdate,
    OutcomeWrite,
    PlanCreate,
    PlanProgress,
    PlanRead,
    PlanUpdate,
    ProblemCreate,
    ProblemRead,
    ProblemUpdate,
    ProfileRead,
    ProfileWrite,
    RankingRead,
    RankingWrite,
    TeamMemberCreate,
    TeamMemberRead,
    TeamMemberUpdate,
)
from chumchon.plans.workflow import PLAN_PROCESS

router = APIRouter(tags=["plans"])

Version = Annotated[int, Depends(if_match)]
PLAN = "/plans/{plan_id}"

# 409 covers a stage that is not open (plans.wrong_stage) and a stale If-Match.
READ = problem_responses(401, 403, 404, 422)
WRITE = problem_responses(401, 403, 404, 409, 422)
UPDATE = problem_responses(401, 403, 404, 409, 422, 428)


def _optional_if_match(
    raw: Annotated[str | None, Header(alias="If-Match", description=(
        "The profile's ETag; required when replacing a profile, not when writing the first one"))] = None,
) -> int | None:
    return None if raw is None else if_match(raw)


def _page(rows: list, total: int, page: PageQuery, schema: type) -> Page:  # type: ignore[type-arg]
    return Page(items=[schema.model_validate(r) for r in rows], total=total, page=page.page, page_size=page.page_size)


# --- plans ------------------------------------------------------------------------------------


@router.get("/plans", response_model=Page[PlanRead], summary="Community plans (แผนชุมชน)", responses=READ)
async def list_plans(
    session: ScopedDb, actor: CurrentActor, page: PageQuery,
    village_id: Annotated[uuid.UUID | None, Query(description="Plans of this village")] = None,
    organisation_wide: Annotated[bool | None, Query(description="true: only plans of the whole organisation; "
                                                    "false: only plans of a village")] = None,
    state: PlanState | None = None,
    fiscal_year: Annotated[int | None, Query(ge=2400, le=2800, description="Plans whose period covers this "
                                             "fiscal year (BE)", examples=[2569])] = None,
    q: Annotated[str | None, Query(max_length=100, description="Words in the title")] = None,
) -> Page[PlanRead]:
    rows, total = await service.list_plans(session, actor, page, village_id=village_id, state=state,
                                           fiscal_year_be=fiscal_year, organisation_wide=organisation_wide, q=q)
    return _page(rows, total, page, PlanRead)


@router.post("/plans", response_model=PlanRead, status_code=201, summary="Start a community plan",
             responses=WRITE)
async def create_plan(session: ScopedDb, actor: CurrentActor, body: PlanCreate, response: Response) -> PlanRead:
    plan = await service.create_plan(session, actor, body)
    response.headers["ETag"] = etag(plan.version)
    return PlanRead.model_validate(plan)


@router.get(PLAN, response_model=PlanRead, summary="One community plan", responses=READ)
async def get_plan(session: ScopedDb, actor: CurrentActor, plan_id: uuid.UUID, response: Response) -> PlanRead:
    plan = await service.get_plan(session, actor, plan_id)
    response.headers["ETag"] = etag(plan.version)
    return PlanRead.model_validate(plan)


@router.patch(PLAN, response_model=PlanRead, summary="Change a plan's title, vision, village or period",
              description="The state is not a field: it moves through `/workflow/{transition}`.", responses=UPDATE)
async def update_plan(session: ScopedDb, actor: CurrentActor, plan_id: uuid.UUID, body: PlanUpdate,
                      response: Response, version: Version) -> PlanRead:
    plan = await service.update_plan(session, actor, plan_id, body, version)
    response.headers["ETag"] = etag(plan.version)
    return PlanRead.model_validate(plan)


@router.get(f"{PLAN}/progress", response_model=PlanProgress, summary="Items by route and outcome",
            responses=READ)
async def plan_progress(session: ScopedDb, actor: CurrentActor, plan_id: uuid.UUID) -> PlanProgress:
    return await service.progress(session, actor, plan_id)


# --- stage 1: teams ---------------------------------------------------------------------------


@router.get(f"{PLAN}/team-members", response_model=Page[TeamMemberRead], summary="The plan's two teams",
            responses=READ)
async def list_team_members(session: ScopedDb, actor: CurrentActor, plan_id: uuid.UUID, page: PageQuery,
                            team: Team | None = None, active: bool | None = None) -> Page[TeamMemberRead]:
    rows, total = await service.list_team_members(session, actor, plan_id, page,
                                                  team=team.value if team else None, active=active)
    return _page(rows, total, page, TeamMemberRead)


@router.post(f"{PLAN}/team-members", response_model=TeamMemberRead, status_code=201,
             summary="Add a person to the promoting or the driving team (stage 1)", responses=WRITE)
async def add_team_member(session: ScopedDb, actor: CurrentActor, plan_id: uuid.UUID, body: TeamMemberCreate,
                          response: Response) -> TeamMemberRead:
    member = await service.add_team_member(session, actor, plan_id, body)
    response.headers["ETag"] = etag(member.version)
    return TeamMemberRead.model_validate(member)


@router.get(f"{PLAN}/team-members/{{member_id}}", response_model=TeamMemberRead, summary="One team member",
            responses=READ)
async def get_team_member(session: ScopedDb, actor: CurrentActor, plan_id: uuid.UUID, member_id: uuid.UUID,
                          response: Response) -> TeamMemberRead:
    member = await service.get_team_member(session, actor, plan_id, member_id)
    response.headers["ETag"] = etag(member.version)
    return TeamMemberRead.model_validate(member)


@router.patch(f"{PLAN}/team-members/{{member_id}}", response_model=TeamMemberRead,
              summary="Change a team member, or mark that they left the team", responses=UPDATE)
async def update_team_member(session: ScopedDb, actor: CurrentActor, plan_id: uuid.UUID, member_id: uuid.UUID,
                             body: TeamMemberUpdate, response: Response, version: Version) -> TeamMemberRead:
    member = await service.update_team_member(session, actor, plan_id, member_id, body, version)
    response.headers["ETag"] = etag(member.version)
    return TeamMemberRead.model_validate(member)


# --- stage 2: profile -------------------------------------------------------------------------


@router.get(f"{PLAN}/profile", response_model=ProfileRead, summary="The community profile (stage 2)",
            responses=READ)
async def get_profile(session: ScopedDb, actor: CurrentActor, plan_id: uuid.UUID, response: Response) -> ProfileRead:
    profile = await service.get_profile(session, actor, plan_id)
    response.headers["ETag"] = etag(profile.version)
    return ProfileRead.model_validate(profile)


@router.put(f"{PLAN}/profile", response_model=ProfileRead,
            summary="Write the community profile: population, households, occupations, resources, potential, data",
            responses={**UPDATE, 201: {"model": ProfileRead, "description": "The first profile of the plan"}})
async def put_profile(session: ScopedDb, actor: CurrentActor, plan_id: uuid.UUID, body: ProfileWrite,
                      response: Response,
                      version: Annotated[int | None, Depends(_optional_if_match)] = None) -> ProfileRead:
    profile, created = await service.put_profile(session, actor, plan_id, body, version)
    response.headers["ETag"] = etag(profile.version)
    if created:
        response.status_code = 201
    return ProfileRead.model_validate(profile)


# --- stage 3: forums, problems, rankings, options ---------------------------------------------


@router.get(f"{PLAN}/forums", response_model=Page[ForumRead], summary="Village forums (ประชาคมหมู่บ้าน)",
            responses=READ)
async def list_forums(session: ScopedDb, actor: CurrentActor, plan_id: uuid.UUID,
                      page: PageQuery) -> Page[ForumRead]:
    rows, total = await service.list_forums(session, actor, plan_id, page)
    return _page(rows, total, page, ForumRead)


@router.post(f"{PLAN}/forums", response_model=ForumRead, status_code=201,
             summary="Record a village forum: date, place, attendance, minutes (stage 3)", responses=WRITE)
async def create_forum(session: ScopedDb, actor: CurrentActor, plan_id: uuid.UUID, body: ForumCreate,
                       response: Response) -> ForumRead:
    forum = await service.create_forum(session, actor, plan_id, body)
    response.headers["ETag"] = etag(forum.version)
    return ForumRead.model_validate(forum)


@router.get(f"{PLAN}/forums/{{forum_id}}", response_model=ForumRead, summary="One forum", responses=READ)
async def get_forum(session: ScopedDb, actor: CurrentActor, plan_id: uuid.UUID, forum_id: uuid.UUID,
                    response: Response) -> ForumRead:
    forum = await service.get_forum(session, actor, plan_id, forum_id)
    response.headers["ETag"] = etag(forum.version)
    return ForumRead.model_validate(forum)


@router.patch(f"{PLAN}/forums/{{forum_id}}", response_model=ForumRead, summary="Correct a forum's record",
              responses=UPDATE)
async def update_forum(session: ScopedDb, actor: CurrentActor, plan_id: uuid.UUID, forum_id: uuid.UUID,
                       body: ForumUpdate, response: Response, version: Version) -> ForumRead:
    forum = await service.update_forum(session, actor, plan_id, forum_id, body, version)
    response.headers["ETag"] = etag(forum.version)
    return ForumRead.model_validate(forum)


@router.get(f"{PLAN}/forums/{{forum_id}}/problems", response_model=Page[ProblemRead],
            summary="Problems and needs raised at this forum", responses=READ)
async def list_forum_problems(session: ScopedDb, actor: CurrentActor, plan_id: uuid.UUID, forum_id: uuid.UUID,
                              page: PageQuery) -> Page[ProblemRead]:
    rows, total = await service.list_problems(session, actor, plan_id, page, forum_id=forum_id)
    return _page(rows, total, page, ProblemRead)


@router.post(f"{PLAN}/forums/{{forum_id}}/problems", response_model=ProblemRead, status_code=201,
             summary="Record a problem or need raised at this forum", responses=WRITE)
async def raise_problem(session: ScopedDb, actor: CurrentActor, plan_id: uuid.UUID, forum_id: uuid.UUID,
                        body: ProblemCreate, response: Response) -> ProblemRead:
    problem = await service.raise_problem(session, actor, plan_id, forum_id, body)
    response.headers["ETag"] = etag(problem.version)
    return ProblemRead.model_validate(problem)


@router.get(f"{PLAN}/forums/{{forum_id}}/rankings", response_model=RankingRead,
            summary="The forum's joint ranking of its problems", responses=READ)
async def get_ranking(session: ScopedDb, actor: CurrentActor, plan_id: uuid.UUID, forum_id: uuid.UUID,
                      response: Response) -> RankingRead:
    ranking = await service.get_ranking(session, actor, plan_id, forum_id)
    response.headers["ETag"] = etag(ranking.version)
    return ranking


@router.put(f"{PLAN}/forums/{{forum_id}}/rankings", response_model=RankingRead,
            summary="Record the forum's joint ranking: votes or scores per problem raised there",
            description="Replaces the forum's ranking as a whole. If-Match takes the forum's ETag.",
            responses=UPDATE)
async def put_ranking(session: ScopedDb, actor: CurrentActor, plan_id: uuid.UUID, forum_id: uuid.UUID,
                      body: RankingWrite, response: Response, version: Version) -> RankingRead:
    ranking = await service.put_ranking(session, actor, plan_id, forum_id, body, version)
    response.headers["ETag"] = etag(ranking.version)
    return ranking


@router.get(f"{PLAN}/problems", response_model=Page[ProblemRead], summary="Every problem and need of the plan",
            responses=READ)
async def list_problems(session: ScopedDb, actor: CurrentActor, plan_id: uuid.UUID,
                        page: PageQuery) -> Page[ProblemRead]:
    rows, total = await service.list_problems(session, actor, plan_id, page)
    return _page(rows, total, page, ProblemRead)


@router.get(f"{PLAN}/problems/{{problem_id}}", response_model=ProblemRead, summary="One problem or need",
            responses=READ)
async def get_problem(session: ScopedDb, actor: CurrentActor, plan_id: uuid.UUID, problem_id: uuid.UUID,
                      response: Response) -> ProblemRead:
    problem = await service.get_problem(session, actor, plan_id, problem_id)
    response.headers["ETag"] = etag(problem.version)
    return ProblemRead.model_validate(problem)


@router.patch(f"{PLAN}/problems/{{problem_id}}", response_model=ProblemRead, summary="Correct a problem or need",
              responses=UPDATE)
async def update_problem(session: ScopedDb, actor: CurrentActor, plan_id: uuid.UUID, problem_id: uuid.UUID,
                         body: ProblemUpdate, response: Response, version: Version) -> ProblemRead:
    problem = await service.update_problem(session, actor, plan_id, problem_id, body, version)
    response.headers["ETag"] = etag(problem.version)
    return ProblemRead.model_validate(problem)


@router.get(f"{PLAN}/problems/{{problem_id}}/options", response_model=Page[OptionRead],
            summary="Options for solving this problem", responses=READ)
async def list_options(session: ScopedDb, actor: CurrentActor, plan_id: uuid.UUID, problem_id: uuid.UUID,
                       page: PageQuery) -> Page[OptionRead]:
    rows, total = await service.list_options(session, actor, plan_id, problem_id, page)
    return _page(rows, total, page, OptionRead)


@router.post(f"{PLAN}/problems/{{problem_id}}/options", response_model=OptionRead, status_code=201,
             summary="Record an option for solving this problem", responses=WRITE)
async def add_option(session: ScopedDb, actor: CurrentActor, plan_id: uuid.UUID, problem_id: uuid.UUID,
                     body: OptionCreate, response: Response) -> OptionRead:
    option = await service.add_option(session, actor, plan_id, problem_id, body)
    response.headers["ETag"] = etag(option.version)
    return OptionRead.model_validate(option)


@router.get(f"{PLAN}/options/{{option_id}}", response_model=OptionRead, summary="One option", responses=READ)
async def get_option(session: ScopedDb, actor: CurrentActor, plan_id: uuid.UUID, option_id: uuid.UUID,
                     response: Response) -> OptionRead:
    option = await service.get_option(session, actor, plan_id, option_id)
    response.headers["ETag"] = etag(option.version)
    return OptionRead.model_validate(option)


@router.patch(f"{PLAN}/options/{{option_id}}", response_model=OptionRead, summary="Correct an option",
              responses=UPDATE)
async def update_option(session: ScopedDb, actor: CurrentActor, plan_id: uuid.UUID, option_id: uuid.UUID,
                        body: OptionUpdate, response: Response, version: Version) -> OptionRead:
    option = await service.update_option(session, actor, plan_id, option_id, body, version)
    response.headers["ETag"] = etag(option.version)
    return OptionRead.model_validate(option)


# --- stage 4: items and outcomes --------------------------------------------------------------


@router.get(f"{PLAN}/items", response_model=Page[ItemRead], summary="The plan's items", responses=READ)
async def list_items(
    session: ScopedDb, actor: CurrentActor, plan_id: uuid.UUID, page: PageQuery,
    route: Route | None = None, outcome: Outcome | None = None,
    pending: Annotated[bool | None, Query(description="true: items still waiting for their outcome")] = None,
    withdrawn: Annotated[bool, Query(description="false (the default): the plan's items; true: only the items "
                                     "withdrawn from it")] = False,
) -> Page[ItemRead]:
    rows, total = await service.list_items(session, actor, plan_id, page, route=route, outcome=outcome,
                                           pending=pending, withdrawn=withdrawn)
    return _page(rows, total, page, ItemRead)


@router.post(f"{PLAN}/items", response_model=ItemRead, status_code=201,
             summary="Add an item to the plan, answering one problem (stage 4)", responses=WRITE)
async def create_item(session: ScopedDb, actor: CurrentActor, plan_id: uuid.UUID, body: ItemCreate,
                      response: Response) -> ItemRead:
    item = await service.create_item(session, actor, plan_id, body)
    response.headers["ETag"] = etag(item.version)
    return ItemRead.model_validate(item)


@router.get(f"{PLAN}/items/{{item_id}}", response_model=ItemRead, summary="One item", responses=READ)
async def get_item(session: ScopedDb, actor: CurrentActor, plan_id: uuid.UUID, item_id: uuid.UUID,
                   response: Response) -> ItemRead:
    item = await service.get_item(session, actor, plan_id, item_id)
    response.headers["ETag"] = etag(item.version)
    return ItemRead.model_validate(item)


@router.patch(f"{PLAN}/items/{{item_id}}", response_model=ItemRead,
              summary="Edit an item or route it: the community itself, the local government, or another agency",
              responses=UPDATE)
async def update_item(session: ScopedDb, actor: CurrentActor, plan_id: uuid.UUID, item_id: uuid.UUID,
                      body: ItemUpdate, response: Response, version: Version) -> ItemRead:
    item = await service.update_item(session, actor, plan_id, item_id, body, version)
    response.headers["ETag"] = etag(item.version)
    return ItemRead.model_validate(item)


@router.post(f"{PLAN}/items/{{item_id}}/outcome", response_model=ItemRead,
             summary="Record what became of a proposed item: accepted, done or declined", responses=UPDATE)
async def record_outcome(session: ScopedDb, actor: CurrentActor, plan_id: uuid.UUID, item_id: uuid.UUID,
                         body: OutcomeWrite, response: Response, version: Version) -> ItemRead:
    item = await service.record_outcome(session, actor, plan_id, item_id, body, version)
    response.headers["ETag"] = etag(item.version)
    return ItemRead.model_validate(item)


add_workflow_routes(router, PLAN_PROCESS, prefix=PLAN, id_param="plan_id", load=service.get_plan)
