"""The community plan's four stages (manual 1.8) as a process for the step engine.

The stages' sub-steps are records made through the plan's ordinary endpoints (team
members, profile, forums, problems, rankings, options, items); the guards below read those
records and say what is still missing. Stages 1 (preparation) and 2 (data and area) are
done while the plan is `preparing` and close together, because the states are named for
what has been achieved: `data_gathered` means both are done.
"""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, ConfigDict, Field, field_validator
from sqlalchemy import exists, func, select

from chumchon.auth.permissions import P
from chumchon.core.workflow import Context, Listing, NoEvidence, Process, State, Step, Transition
from chumchon.plans.models import (
    PlanForum,
    PlanItem,
    PlanOption,
    PlanProblem,
    PlanProfile,
    PlanRanking,
    PlanState,
    PlanTeamMember,
    Route,
    Team,
)
from chumchon.plans.schemas import STATE_EN, STATE_TH, not_future

# --- evidence -----------------------------------------------------------------------------------


class GatherDataEvidence(BaseModel):
    """The stage-1 preparation meeting of the people involved (ประชุมเตรียมความพร้อม)."""

    model_config = ConfigDict(extra="forbid")
    preparation_meeting_on: date = Field(..., description="ISO date, CE", examples=["2025-10-20"])
    preparation_attendance: int = Field(..., ge=1, le=100_000, examples=[24])

    _past = field_validator("preparation_meeting_on")(not_future)


class MakePlanEvidence(BaseModel):
    """The day the community adopted the plan."""

    model_config = ConfigDict(extra="forbid")
    adopted_on: date = Field(..., description="ISO date, CE", examples=["2025-12-05"])

    _past = field_validator("adopted_on")(not_future)


class ProposeEvidence(BaseModel):
    """The day the items were proposed to the community, the local government and the agencies."""

    model_config = ConfigDict(extra="forbid")
    proposed_on: date = Field(..., description="ISO date, CE", examples=["2026-01-15"])

    _past = field_validator("proposed_on")(not_future)


# --- guards: each answers None, or the reason the stage cannot close yet -------------------------


async def _count(ctx: Context, stmt) -> int:  # type: ignore[no-untyped-def]
    return (await ctx.session.execute(stmt)).scalar_one()


def _team_guard(team: Team, code: str):  # type: ignore[no-untyped-def]
    async def guard(ctx: Context) -> str | None:
        n = await _count(ctx, select(func.count()).select_from(PlanTeamMember).where(
            PlanTeamMember.plan_id == ctx.subject.id, PlanTeamMember.team == team.value,
            PlanTeamMember.is_active.is_(True)))
        return None if n else code

    guard.__name__ = f"has_{team.value}_team"
    return guard


async def profile_complete(ctx: Context) -> str | None:
    profile = (await ctx.session.execute(
        select(PlanProfile).where(PlanProfile.plan_id == ctx.subject.id))).scalar_one_or_none()
    if profile is None:
        return "plans.profile_missing"
    if not profile.occupations or not profile.potentials:
        return "plans.profile_incomplete"
    return None


async def has_forum(ctx: Context) -> str | None:
    n = await _count(ctx, select(func.count()).select_from(PlanForum).where(PlanForum.plan_id == ctx.subject.id))
    return None if n else "plans.forum_missing"


async def has_problem(ctx: Context) -> str | None:
    n = await _count(ctx, select(func.count()).select_from(PlanProblem).where(PlanProblem.plan_id == ctx.subject.id))
    return None if n else "plans.problem_missing"


async def every_problem_ranked(ctx: Context) -> str | None:
    ranked = exists().where(PlanRanking.problem_id == PlanProblem.id, PlanRanking.forum_id == PlanProblem.forum_id)
    n = await _count(ctx, select(func.count()).select_from(PlanProblem).where(
        PlanProblem.plan_id == ctx.subject.id, ~ranked))
    return "plans.problem_unranked" if n else None


async def every_problem_has_option(ctx: Context) -> str | None:
    has = exists().where(PlanOption.problem_id == PlanProblem.id)
    n = await _count(ctx, select(func.count()).select_from(PlanProblem).where(
        PlanProblem.plan_id == ctx.subject.id, ~has))
    return "plans.problem_without_option" if n else None


def _live_items(ctx: Context):  # type: ignore[no-untyped-def]
    return select(func.count()).select_from(PlanItem).where(PlanItem.plan_id == ctx.subject.id,
                                                           PlanItem.withdrawn.is_(False))


async def has_item(ctx: Context) -> str | None:
    return None if await _count(ctx, _live_items(ctx)) else "plans.item_missing"


async def every_item_routed(ctx: Context) -> str | None:
    n = await _count(ctx, _live_items(ctx).where(PlanItem.route.is_(None)))
    if n:
        return "plans.item_without_route"
    # The item endpoints refuse this already; the guard keeps the rule true for any writer.
    n = await _count(ctx, _live_items(ctx).where(PlanItem.route == Route.other_agency.value,
                                                 func.coalesce(func.trim(PlanItem.agency_name), "") == ""))
    return "plans.agency_required" if n else None


async def every_item_has_outcome(ctx: Context) -> str | None:
    n = await _count(ctx, _live_items(ctx).where(PlanItem.outcome.is_(None)))
    return "plans.item_outcome_pending" if n else None


# --- the process ------------------------------------------------------------------------------------

S = PlanState


def _state(s: PlanState, rank: int, terminal: bool = False) -> State:
    return State(s.value, STATE_TH[s], STATE_EN[s], rank, terminal)


PLAN_PROCESS = Process(
    name="community_plan",
    subject_type="community_plan",
    states=[
        _state(S.preparing, 0),
        _state(S.data_gathered, 1),
        _state(S.plan_made, 2),
        _state(S.proposed, 3),
        _state(S.closed, 4, terminal=True),
    ],
    initial=S.preparing.value,
    transitions=[
        Transition(
            "gather_data", frozenset({S.preparing.value}), S.data_gathered.value, P.plans_write,
            "ปิดขั้นที่ 1–2: เตรียมความพร้อมและเตรียมข้อมูลและพื้นที่แล้ว",
            "Close stages 1–2: teams prepared, data and area prepared",
            evidence=GatherDataEvidence,
            guards=(_team_guard(Team.promoting, "plans.promoting_team_missing"),
                    _team_guard(Team.driving, "plans.driving_team_missing"),
                    profile_complete),
        ),
        Transition(
            "make_plan", frozenset({S.data_gathered.value}), S.plan_made.value, P.plans_write,
            "ปิดขั้นที่ 3: จัดทำแผนในเวทีประชาคมแล้ว", "Close stage 3: the plan was made at the village forums",
            evidence=MakePlanEvidence,
            guards=(has_forum, has_problem, every_problem_ranked, every_problem_has_option),
        ),
        Transition(
            "propose", frozenset({S.plan_made.value}), S.proposed.value, P.plans_write,
            "ปิดขั้นที่ 4: เสนอแผนแล้ว", "Close stage 4: every item proposed to its route",
            evidence=ProposeEvidence, guards=(has_item, every_item_routed),
        ),
        Transition(
            "close", frozenset({S.proposed.value}), S.closed.value, P.plans_write,
            "ปิดแผน: ทุกรายการได้รับผลแล้ว", "Close the plan: every item has its outcome",
            guards=(every_item_has_outcome,),
        ),
        Transition(
            "back_to_preparing", frozenset({S.data_gathered.value}), S.preparing.value, P.plans_write,
            "ย้อนกลับไปขั้นเตรียมความพร้อมและเตรียมข้อมูล", "Back to stages 1–2",
            evidence=NoEvidence, kind="back", requires_note=True,
        ),
        Transition(
            "back_to_data_gathered", frozenset({S.plan_made.value}), S.data_gathered.value, P.plans_write,
            "ย้อนกลับไปขั้นจัดทำแผน (ประชาคม)", "Back to stage 3",
            evidence=NoEvidence, kind="back", requires_note=True,
        ),
        Transition(
            "back_to_plan_made", frozenset({S.proposed.value}), S.plan_made.value, P.plans_write,
            "ย้อนกลับไปขั้นเสนอแผน", "Back to stage 4",
            evidence=NoEvidence, kind="back", requires_note=True,
        ),
        Transition(
            "reopen", frozenset({S.closed.value}), S.proposed.value, P.plans_write,
            "เปิดแผนที่ปิดแล้วอีกครั้ง", "Reopen a closed plan",
            evidence=NoEvidence, kind="back", requires_note=True,
        ),
    ],
    steps=[
        Step("preparation_and_data", "gather_data", "ขั้นที่ 1–2 เตรียมความพร้อม เตรียมข้อมูลและพื้นที่",
             "Stages 1–2: preparation, data and area"),
        Step("making_the_plan", "make_plan", "ขั้นที่ 3 จัดทำแผน (ประชาคมหมู่บ้าน)",
             "Stage 3: making the plan (village forums)"),
        Step("proposing", "propose", "ขั้นที่ 4 เสนอแผน", "Stage 4: proposing the plan"),
        Step("following_up", "close", "ติดตามผลและปิดแผน", "Following the items to their outcomes"),
    ],
    listing=Listing(link="/plans/{id}", read_permission=P.plans_read),
)

# Which records each state lets people write: a stage's records are written while that stage
# is open, and reopening a closed stage is a `back_…` transition with a reason.
WRITABLE_IN = {
    "team": frozenset({S.preparing.value}),
    "profile": frozenset({S.preparing.value}),
    "forum": frozenset({S.data_gathered.value}),
    "item": frozenset({S.plan_made.value}),
    "outcome": frozenset({S.proposed.value}),
    "plan": frozenset({S.preparing.value, S.data_gathered.value, S.plan_made.value, S.proposed.value}),
}
