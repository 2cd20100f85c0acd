"""The rules of projects and trainings. Every function takes (session, actor, …), checks the
permission first, flushes and never commits.

Each kind of record may be written only while the project is at the steps where the manual
does that work (the `*_OPEN` sets below): the proposal while it is written, the target group
and trainers once it is approved, sessions while it runs, results while it is evaluated.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import Select, distinct, func, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm.exc import StaleDataError

from chumchon.areas import service as areas
from chumchon.areas.models import Organisation, Village
from chumchon.auth.permissions import P
from chumchon.citizens import service as citizens
from chumchon.citizens import timeline
from chumchon.core import audit, outbox
from chumchon.core.concurrency import check_version
from chumchon.core.context import Actor
from chumchon.core.db import utcnow
from chumchon.core.errors import Conflict, Invalid, NotFound
from chumchon.core.pagination import PageParams, paginate
from chumchon.core.tenancy import widened
from chumchon.core.thai import fiscal_year_of
from chumchon.groups import service as groups
from chumchon.plans import service as plans
from chumchon.projects import proposal
from chumchon.projects.models import (
    BUDGET_SOURCE_LABELS,
    CATEGORY_LABELS,
    STATE_LABELS,
    Attendance,
    BudgetLine,
    BudgetOverrun,
    BudgetSource,
    Comparison,
    Indicator,
    NeedsSurvey,
    Participant,
    ParticipantOutcome,
    Project,
    ProjectCategory,
    ProjectSession,
    ProjectState,
    ProposalVersion,
    Quota,
    SatisfactionResponse,
    Spending,
    Trainer,
)
from chumchon.projects.schemas import (
    QUESTION_LABELS,
    AttendanceRead,
    AttendanceRow,
    AttendanceWrite,
    BudgetLineCreate,
    BudgetLineRead,
    BudgetLineUpdate,
    BudgetRead,
    BudgetTotals,
    IndicatorCreate,
    IndicatorRead,
    IndicatorResultWrite,
    IndicatorUpdate,
    LineBudget,
    MethodStep,
    OccupationalSummary,
    OutcomeCreate,
    OverrunCreate,
    OverrunRead,
    ParticipantCreate,
    ParticipantWithdraw,
    ProjectCreate,
    ProjectRead,
    ProjectReport,
    ProjectResults,
    ProjectUpdate,
    ProposalDiff,
    PublicIndicator,
    PublicProjectDetail,
    PublicProjectRead,
    QuestionAverage,
    QuotaCreate,
    QuotaRead,
    ReportIndicator,
    ReportRow,
    SatisfactionCreate,
    SatisfactionQuestion,
    SatisfactionSummary,
    SectionComment,
    SessionCreate,
    SessionRead,
    SpendingCreate,
    SpendingVoid,
    SurveyCreate,
    TrainerCancel,
    TrainerCreate,
    VersionDetail,
    VersionRead,
)

S = ProjectState
ZERO = Decimal("0.00")
_BANGKOK = ZoneInfo("Asia/Bangkok")

PROPOSAL_OPEN = frozenset({S.surveying, S.drafting, S.returned})
TARGET_GROUP_OPEN = frozenset({S.approved, S.target_group_set, S.trainers_coordinated, S.running})
TRAINERS_OPEN = TARGET_GROUP_OPEN
SESSIONS_OPEN = frozenset({S.running})
BUDGET_OPEN = frozenset({S.approved, S.target_group_set, S.trainers_coordinated, S.running, S.evaluated})
RESULTS_OPEN = frozenset({S.running, S.evaluated})
# Occupational results are followed for months after a training, after the close too.
OUTCOMES_OPEN = frozenset({S.running, S.evaluated, S.closed})
# What the public sees: approved by an executive, and not withdrawn or cancelled since.
PUBLIC_STATES = frozenset({S.approved, S.target_group_set, S.trainers_coordinated, S.running, S.evaluated, S.closed})
# A plan item may start a new project once the one before it was turned down or dropped.
_DEAD = frozenset({S.rejected.value, S.cancelled.value})


def today() -> date:
    """The date in Thailand, where the work is done."""
    return datetime.now(_BANGKOK).date()


def _errors(field: str, code: str, message: str) -> list[dict[str, str]]:
    return [{"field": field, "code": code, "message": message}]


def _require_state(project: Project, allowed: Iterable[ProjectState], what: str) -> None:
    allowed_values = sorted(s.value for s in allowed)
    if project.state not in allowed_values:
        raise Conflict(f"{what} can be recorded only while the project is {' or '.join(allowed_values)}; "
                       f"it is {project.state}", code="projects.wrong_stage", state=project.state,
                       allowed_states=allowed_values)


def _q2(value: Decimal) -> Decimal:
    return value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def _met(indicator: Indicator) -> bool | None:
    if indicator.result_value is None:
        return None
    if indicator.comparison == Comparison.at_most.value:
        return indicator.result_value <= indicator.target_value
    return indicator.result_value >= indicator.target_value


# --- projects -------------------------------------------------------------------------------------


async def get_project(session: AsyncSession, actor: Actor, project_id: uuid.UUID) -> Project:
    """Also the workflow routes' loader: scoped to the caller's organisation, needs projects:read."""
    actor.require(P.projects_read)
    project = (await session.execute(select(Project).where(Project.id == project_id))).scalar_one_or_none()
    if project is None:
        raise NotFound("No such project", code="projects.not_found")
    return project


async def _writable(session: AsyncSession, actor: Actor, project_id: uuid.UUID, allowed: Iterable[ProjectState],
                    what: str, permission: str = P.projects_write) -> Project:
    actor.require(permission)
    project = await get_project(session, actor, project_id)
    _require_state(project, allowed, what)
    return project


async def active_lines(session: AsyncSession, project_ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, list[BudgetLine]]:
    rows = (await session.execute(select(BudgetLine).where(
        BudgetLine.project_id.in_(project_ids), BudgetLine.removed_at.is_(None))
        .order_by(BudgetLine.seq))).scalars()
    out: dict[uuid.UUID, list[BudgetLine]] = defaultdict(list)
    for line in rows:
        out[line.project_id].append(line)
    return out


async def active_indicators(session: AsyncSession,
                            project_ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, list[Indicator]]:
    rows = (await session.execute(select(Indicator).where(
        Indicator.project_id.in_(project_ids), Indicator.removed_at.is_(None))
        .order_by(Indicator.seq))).scalars()
    out: dict[uuid.UUID, list[Indicator]] = defaultdict(list)
    for ind in rows:
        out[ind.project_id].append(ind)
    return out


async def current_proposal(session: AsyncSession, project: Project) -> dict[str, Any]:
    lines = (await active_lines(session, [project.id]))[project.id]
    indicators = (await active_indicators(session, [project.id]))[project.id]
    return proposal.snapshot(project, lines, indicators)


async def missing_sections(session: AsyncSession, project: Project) -> list[int]:
    return proposal.missing_sections(await current_proposal(session, project))


async def reads(session: AsyncSession, projects: Sequence[Project]) -> list[ProjectRead]:
    ids = [p.id for p in projects]
    lines = await active_lines(session, ids)
    indicators = await active_indicators(session, ids)
    out = []
    for p in projects:
        snap = proposal.snapshot(p, lines[p.id], indicators[p.id])
        out.append(ProjectRead.model_validate({
            **{k: getattr(p, k) for k in ProjectRead.model_fields if hasattr(p, k)},
            "category_label_th": CATEGORY_LABELS[ProjectCategory(p.category)][0],
            "state_label_th": STATE_LABELS[ProjectState(p.state)][0],
            "method": [MethodStep.model_validate(m) for m in p.method or []],
            "budget_total": proposal.budget_total(lines[p.id]),
            "missing_sections": proposal.missing_sections(snap),
        }))
    return out


async def read(session: AsyncSession, project: Project) -> ProjectRead:
    return (await reads(session, [project]))[0]


async def list_projects(session: AsyncSession, actor: Actor, params: PageParams, *,
                        category: ProjectCategory | None = None, state: ProjectState | None = None,
                        fiscal_year_be: int | None = None, village_id: uuid.UUID | None = None,
                        plan_item_id: uuid.UUID | None = None, q: str | None = None) -> tuple[list[Project], int]:
    actor.require(P.projects_read)
    stmt = select(Project)
    if category is not None:
        stmt = stmt.where(Project.category == category.value)
    if state is not None:
        stmt = stmt.where(Project.state == state.value)
    if fiscal_year_be is not None:
        stmt = stmt.where(Project.fiscal_year_be == fiscal_year_be)
    if village_id is not None:
        stmt = stmt.where(Project.village_id == village_id)
    if plan_item_id is not None:
        stmt = stmt.where(Project.plan_item_id == plan_item_id)
    if q:
        stmt = stmt.where(Project.name.contains(q))
    return await paginate(session, stmt, params,
                          sortable={"created_at": Project.created_at, "name": Project.name,
                                    "fiscal_year_be": Project.fiscal_year_be, "state": Project.state,
                                    "starts_on": Project.starts_on},
                          default_sort=["-created_at"], tiebreak=Project.id)


async def _check_village(session: AsyncSession, actor: Actor, village_id: uuid.UUID | None,
                         field: str = "village_id") -> None:
    if village_id is None:
        return
    try:
        await areas.get_village(session, actor, village_id)
    except NotFound:
        raise Invalid("No such village in this organisation", code="projects.village_unknown",
                      errors=_errors(field, "projects.village_unknown", "ไม่พบหมู่บ้านนี้")) from None


async def _plan_item_link(session: AsyncSession, actor: Actor, plan_id: uuid.UUID,
                          item_id: uuid.UUID) -> tuple[Any, Any]:
    try:
        plan = await plans.get_plan(session, actor, plan_id)
        item = await plans.get_item(session, actor, plan_id, item_id)
    except NotFound:
        raise Invalid("No such item in that community plan", code="projects.plan_item_unknown",
                      errors=_errors("plan_item_id", "projects.plan_item_unknown",
                                     "ไม่พบรายการนี้ในแผนชุมชน")) from None
    if item.route != "local_government":
        raise Invalid("Only a plan item routed to the local government becomes its project",
                      code="projects.plan_item_not_local_government",
                      errors=_errors("plan_item_id", "projects.plan_item_not_local_government",
                                     "รายการนี้ไม่ได้เสนอให้ อปท. ดำเนินการ"))
    if item.withdrawn:
        raise Invalid("The plan item was withdrawn", code="projects.plan_item_withdrawn",
                      errors=_errors("plan_item_id", "projects.plan_item_withdrawn", "รายการนี้ถูกถอนออกจากแผนแล้ว"))
    taken = (await session.execute(select(Project.id).where(
        Project.plan_item_id == item_id, Project.state.not_in(_DEAD)))).scalar_one_or_none()
    if taken is not None:
        raise Conflict("A project already carries out this plan item", code="projects.plan_item_taken",
                       project_id=str(taken))
    return plan, item


async def create_project(session: AsyncSession, actor: Actor, data: ProjectCreate) -> Project:
    actor.require(P.projects_write)
    values = data.model_dump(exclude={"method"})
    values["method"] = [m.model_dump() for m in data.method or []]
    values["category"] = data.category.value
    for key in ("objectives", "benefits"):
        values[key] = values[key] or []
    if data.plan_id is not None and data.plan_item_id is not None:
        plan, item = await _plan_item_link(session, actor, data.plan_id, data.plan_item_id)
        # The forum's words start the proposal; the officer rewrites them as needed.
        values["rationale"] = values["rationale"] or item.description_th
        values["village_id"] = values["village_id"] or plan.village_id
    await _check_village(session, actor, values["village_id"])
    if values["fiscal_year_be"] is None:
        values["fiscal_year_be"] = fiscal_year_of(data.starts_on or today())
    project = Project(state=S.surveying.value, **values)
    with audit.action(session, "projects.create"):
        session.add(project)
        await session.flush()
        outbox.emit(session, "project.created", subject_type="project", subject_id=project.id,
                    organisation_id=project.organisation_id,
                    payload={"name": project.name, "category": project.category,
                             "plan_id": str(project.plan_id) if project.plan_id else None,
                             "plan_item_id": str(project.plan_item_id) if project.plan_item_id else None})
        if project.plan_id is not None and project.plan_item_id is not None:
            await plans.link_project(session, project.plan_id, project.plan_item_id, project.id)
    return project


async def unlink_plan_item(session: AsyncSession, project: Project) -> None:
    """A rejected or cancelled project no longer carries out its plan item; the item is free again."""
    if project.plan_id is not None and project.plan_item_id is not None:
        await plans.link_project(session, project.plan_id, project.plan_item_id, None)


async def update_project(session: AsyncSession, actor: Actor, project_id: uuid.UUID, data: ProjectUpdate,
                         expected_version: int) -> Project:
    project = await _writable(session, actor, project_id, PROPOSAL_OPEN, "The proposal")
    check_version(project, expected_version)
    changes = data.model_dump(exclude_unset=True)
    for required in ("name", "category", "fiscal_year_be"):
        if required in changes and changes[required] is None:
            raise Invalid(f"{required} cannot be emptied", code="projects.field_required",
                          errors=_errors(required, "projects.field_required", "ต้องระบุ"))
    if "category" in changes:
        changes["category"] = changes["category"].value
    if "method" in changes:
        changes["method"] = [m.model_dump() for m in data.method or []]
    for key in ("objectives", "benefits"):
        if key in changes and changes[key] is None:
            changes[key] = []
    starts = changes.get("starts_on", project.starts_on)
    ends = changes.get("ends_on", project.ends_on)
    if starts and ends and ends < starts:
        raise Invalid("The project ends before it starts", code="projects.dates_out_of_order",
                      errors=_errors("ends_on", "projects.dates_out_of_order", "วันสิ้นสุดต้องไม่ก่อนวันเริ่ม"))
    if "village_id" in changes:
        await _check_village(session, actor, changes["village_id"])
    with audit.action(session, "projects.update"):
        for key, value in changes.items():
            setattr(project, key, value)
        await session.flush()
    return project


# --- needs survey ---------------------------------------------------------------------------------


async def list_surveys(session: AsyncSession, actor: Actor, project_id: uuid.UUID) -> list[NeedsSurvey]:
    await get_project(session, actor, project_id)
    return list((await session.execute(select(NeedsSurvey).where(NeedsSurvey.project_id == project_id)
                                       .order_by(NeedsSurvey.surveyed_on, NeedsSurvey.created_at))).scalars())


async def add_survey(session: AsyncSession, actor: Actor, project_id: uuid.UUID, data: SurveyCreate) -> NeedsSurvey:
    project = await _writable(session, actor, project_id, PROPOSAL_OPEN, "Needs surveys")
    values = data.model_dump(mode="json")
    values["surveyed_on"] = data.surveyed_on
    survey = NeedsSurvey(project_id=project.id, **values)
    with audit.action(session, "projects.add_survey"):
        session.add(survey)
        await session.flush()
    return survey


async def count_surveys(session: AsyncSession, project_id: uuid.UUID) -> int:
    return (await session.execute(select(func.count()).select_from(NeedsSurvey)
                                  .where(NeedsSurvey.project_id == project_id))).scalar_one()


# --- budget lines (section 8) ---------------------------------------------------------------------


def line_read(line: BudgetLine) -> BudgetLineRead:
    return BudgetLineRead.model_validate({
        **{k: getattr(line, k) for k in BudgetLineRead.model_fields if hasattr(line, k)},
        "source_label_th": BUDGET_SOURCE_LABELS[BudgetSource(line.source)], "removed": line.removed_at is not None})


async def list_lines(session: AsyncSession, actor: Actor, project_id: uuid.UUID, *,
                     include_removed: bool = False) -> list[BudgetLine]:
    await get_project(session, actor, project_id)
    stmt = select(BudgetLine).where(BudgetLine.project_id == project_id)
    if not include_removed:
        stmt = stmt.where(BudgetLine.removed_at.is_(None))
    return list((await session.execute(stmt.order_by(BudgetLine.seq))).scalars())


async def _next_seq(session: AsyncSession, model: Any, project_id: uuid.UUID) -> int:
    return (await session.execute(select(func.coalesce(func.max(model.seq), 0))
                                  .where(model.project_id == project_id))).scalar_one() + 1


async def _line(session: AsyncSession, project_id: uuid.UUID, line_id: uuid.UUID) -> BudgetLine:
    line = (await session.execute(select(BudgetLine).where(
        BudgetLine.id == line_id, BudgetLine.project_id == project_id))).scalar_one_or_none()
    if line is None:
        raise NotFound("No such budget line in this project", code="projects.line_not_found")
    return line


async def add_line(session: AsyncSession, actor: Actor, project_id: uuid.UUID, data: BudgetLineCreate) -> BudgetLine:
    project = await _writable(session, actor, project_id, PROPOSAL_OPEN, "The budget")
    line = BudgetLine(project_id=project.id, seq=await _next_seq(session, BudgetLine, project.id),
                      item=data.item, quantity=data.quantity, unit=data.unit, unit_cost=data.unit_cost,
                      amount=data.unit_cost * data.quantity, source=data.source.value, note=data.note)
    with audit.action(session, "projects.add_budget_line"):
        session.add(line)
        await session.flush()
    return line


async def update_line(session: AsyncSession, actor: Actor, project_id: uuid.UUID, line_id: uuid.UUID,
                      data: BudgetLineUpdate, expected_version: int) -> BudgetLine:
    await _writable(session, actor, project_id, PROPOSAL_OPEN, "The budget")
    line = await _line(session, project_id, line_id)
    if line.removed_at is not None:
        raise Conflict("The line was removed", code="projects.line_removed")
    check_version(line, expected_version)
    changes = data.model_dump(exclude_unset=True)
    for key, value in changes.items():
        if value is None and key != "note":
            raise Invalid(f"{key} cannot be emptied", code="projects.field_required",
                          errors=_errors(key, "projects.field_required", "ต้องระบุ"))
    if "source" in changes:
        changes["source"] = changes["source"].value
    with audit.action(session, "projects.update_budget_line"):
        for key, value in changes.items():
            setattr(line, key, value)
        line.amount = line.unit_cost * line.quantity
        await session.flush()
    return line


async def remove_line(session: AsyncSession, actor: Actor, project_id: uuid.UUID, line_id: uuid.UUID,
                      expected_version: int) -> BudgetLine:
    await _writable(session, actor, project_id, PROPOSAL_OPEN, "The budget")
    line = await _line(session, project_id, line_id)
    check_version(line, expected_version)
    if line.removed_at is None:
        with audit.action(session, "projects.remove_budget_line"):
            line.removed_at = utcnow()
            await session.flush()
    return line


# --- indicators (section 11) ----------------------------------------------------------------------


def indicator_read(ind: Indicator) -> IndicatorRead:
    return IndicatorRead.model_validate({
        **{k: getattr(ind, k) for k in IndicatorRead.model_fields if hasattr(ind, k)},
        "met": _met(ind), "removed": ind.removed_at is not None})


async def list_indicators(session: AsyncSession, actor: Actor, project_id: uuid.UUID, *,
                          include_removed: bool = False) -> list[Indicator]:
    await get_project(session, actor, project_id)
    stmt = select(Indicator).where(Indicator.project_id == project_id)
    if not include_removed:
        stmt = stmt.where(Indicator.removed_at.is_(None))
    return list((await session.execute(stmt.order_by(Indicator.seq))).scalars())


async def _indicator(session: AsyncSession, project_id: uuid.UUID, indicator_id: uuid.UUID) -> Indicator:
    ind = (await session.execute(select(Indicator).where(
        Indicator.id == indicator_id, Indicator.project_id == project_id))).scalar_one_or_none()
    if ind is None:
        raise NotFound("No such indicator in this project", code="projects.indicator_not_found")
    return ind


async def add_indicator(session: AsyncSession, actor: Actor, project_id: uuid.UUID,
                        data: IndicatorCreate) -> Indicator:
    project = await _writable(session, actor, project_id, PROPOSAL_OPEN, "The evaluation section")
    ind = Indicator(project_id=project.id, seq=await _next_seq(session, Indicator, project.id), name=data.name,
                    target_value=data.target_value, unit=data.unit, comparison=data.comparison.value,
                    measured_by=data.measured_by)
    with audit.action(session, "projects.add_indicator"):
        session.add(ind)
        await session.flush()
    return ind


async def update_indicator(session: AsyncSession, actor: Actor, project_id: uuid.UUID, indicator_id: uuid.UUID,
                           data: IndicatorUpdate, expected_version: int) -> Indicator:
    await _writable(session, actor, project_id, PROPOSAL_OPEN, "The evaluation section")
    ind = await _indicator(session, project_id, indicator_id)
    if ind.removed_at is not None:
        raise Conflict("The indicator was removed", code="projects.indicator_removed")
    check_version(ind, expected_version)
    changes = data.model_dump(exclude_unset=True)
    for key, value in changes.items():
        if value is None:
            raise Invalid(f"{key} cannot be emptied", code="projects.field_required",
                          errors=_errors(key, "projects.field_required", "ต้องระบุ"))
    if "comparison" in changes:
        changes["comparison"] = changes["comparison"].value
    with audit.action(session, "projects.update_indicator"):
        for key, value in changes.items():
            setattr(ind, key, value)
        await session.flush()
    return ind


async def remove_indicator(session: AsyncSession, actor: Actor, project_id: uuid.UUID, indicator_id: uuid.UUID,
                           expected_version: int) -> Indicator:
    await _writable(session, actor, project_id, PROPOSAL_OPEN, "The evaluation section")
    ind = await _indicator(session, project_id, indicator_id)
    check_version(ind, expected_version)
    if ind.removed_at is None:
        with audit.action(session, "projects.remove_indicator"):
            ind.removed_at = utcnow()
            await session.flush()
    return ind


async def record_result(session: AsyncSession, actor: Actor, project_id: uuid.UUID, indicator_id: uuid.UUID,
                        data: IndicatorResultWrite) -> Indicator:
    await _writable(session, actor, project_id, RESULTS_OPEN, "Indicator results")
    ind = await _indicator(session, project_id, indicator_id)
    if ind.removed_at is not None:
        raise Conflict("The indicator was removed from the proposal", code="projects.indicator_removed")
    with audit.action(session, "projects.record_result"):
        ind.result_value = data.result_value
        ind.result_recorded_on = data.recorded_on
        ind.result_note = data.note
        await session.flush()
    return ind


async def count_unmeasured(session: AsyncSession, project_id: uuid.UUID) -> int:
    return (await session.execute(select(func.count()).select_from(Indicator).where(
        Indicator.project_id == project_id, Indicator.removed_at.is_(None),
        Indicator.result_value.is_(None)))).scalar_one()


# --- versions -------------------------------------------------------------------------------------


async def _latest_version(session: AsyncSession, project_id: uuid.UUID) -> ProposalVersion | None:
    return (await session.execute(select(ProposalVersion).where(ProposalVersion.project_id == project_id)
                                  .order_by(ProposalVersion.version_no.desc()).limit(1))).scalar_one_or_none()


async def freeze_version(session: AsyncSession, actor: Actor, project: Project) -> ProposalVersion:
    """A submission: the proposal as it stands becomes version n+1, never changed again."""
    latest = await _latest_version(session, project.id)
    version = ProposalVersion(project_id=project.id, version_no=(latest.version_no if latest else 0) + 1,
                              submitted_at=utcnow(), submitted_by=actor.name,
                              snapshot=await current_proposal(session, project), section_comments=[])
    session.add(version)
    return version


async def decide_version(session: AsyncSession, actor: Actor, project: Project, decision: str, note: str | None,
                         comments: Sequence[SectionComment] = ()) -> ProposalVersion:
    """The executive's decision on the version under consideration."""
    version = await _latest_version(session, project.id)
    assert version is not None and version.decision is None, "a submitted project has an undecided version"
    version.decision = decision
    version.decided_at = utcnow()
    version.decided_by = actor.name
    version.decision_note = note
    version.section_comments = [c.model_dump() for c in comments]
    return version


def _version_read(v: ProposalVersion) -> dict[str, Any]:
    return dict(version_no=v.version_no, submitted_at=v.submitted_at, submitted_by=v.submitted_by,
                decision=v.decision, decided_at=v.decided_at, decided_by=v.decided_by,
                decision_note=v.decision_note, section_comments=v.section_comments or [])


async def list_versions(session: AsyncSession, actor: Actor, project_id: uuid.UUID) -> list[VersionRead]:
    await get_project(session, actor, project_id)
    rows = (await session.execute(select(ProposalVersion).where(ProposalVersion.project_id == project_id)
                                  .order_by(ProposalVersion.version_no))).scalars()
    return [VersionRead.model_validate(_version_read(v)) for v in rows]


async def _version(session: AsyncSession, project_id: uuid.UUID, version_no: int) -> ProposalVersion:
    v = (await session.execute(select(ProposalVersion).where(
        ProposalVersion.project_id == project_id, ProposalVersion.version_no == version_no))).scalar_one_or_none()
    if v is None:
        raise NotFound(f"No version {version_no} of this proposal", code="projects.version_not_found")
    return v


async def get_version(session: AsyncSession, actor: Actor, project_id: uuid.UUID, version_no: int) -> VersionDetail:
    await get_project(session, actor, project_id)
    v = await _version(session, project_id, version_no)
    return VersionDetail.model_validate({**_version_read(v), "proposal": v.snapshot})


async def version_diff(session: AsyncSession, actor: Actor, project_id: uuid.UUID, version_no: int,
                       against: int | None = None) -> ProposalDiff:
    """What changed in `version_no` since version `against` (by default the one before it)."""
    await get_project(session, actor, project_id)
    later = await _version(session, project_id, version_no)
    base_no = version_no - 1 if against is None else against
    if base_no < 1:
        raise Invalid("The first version has none before it to compare with", code="projects.no_earlier_version",
                      errors=_errors("against", "projects.no_earlier_version", "ไม่มีฉบับก่อนหน้าให้เปรียบเทียบ"))
    earlier = await _version(session, project_id, base_no)
    sections = proposal.diff(earlier.snapshot, later.snapshot)
    return ProposalDiff(project_id=project_id, from_version=base_no, to_version=version_no,
                        changed_sections=[s.number for s in sections if s.changed], sections=sections)


async def proposal_for_print(session: AsyncSession, actor: Actor, project_id: uuid.UUID,
                             version_no: int | None = None) -> tuple[Project, dict[str, Any], str | None, str]:
    """The proposal to print (the draft as it is, or a frozen version), its village and organisation."""
    project = await get_project(session, actor, project_id)
    snap = (await _version(session, project_id, version_no)).snapshot if version_no else \
        await current_proposal(session, project)
    village_label = None
    if snap.get("village_id"):
        village = (await session.execute(select(Village).where(
            Village.id == uuid.UUID(snap["village_id"])))).scalar_one_or_none()
        if village is not None:
            village_label = f"หมู่ที่ {village.number} {village.name_th}"
    org = await areas.current_organisation(session, actor)
    return project, snap, village_label, org.name_th


# --- target group ---------------------------------------------------------------------------------


async def _quota_fill(session: AsyncSession, project_id: uuid.UUID) -> dict[uuid.UUID, int]:
    rows = await session.execute(select(Participant.quota_id, func.count()).where(
        Participant.project_id == project_id, Participant.withdrawn_on.is_(None),
        Participant.quota_id.is_not(None)).group_by(Participant.quota_id))
    return {q: n for q, n in rows.all()}


async def list_quotas(session: AsyncSession, actor: Actor, project_id: uuid.UUID) -> list[QuotaRead]:
    await get_project(session, actor, project_id)
    rows = (await session.execute(select(Quota).where(Quota.project_id == project_id)
                                  .order_by(Quota.created_at))).scalars()
    fill = await _quota_fill(session, project_id)
    return [QuotaRead(id=q.id, label=q.label, village_id=q.village_id, seats=q.seats, filled=fill.get(q.id, 0))
            for q in rows]


async def add_quota(session: AsyncSession, actor: Actor, project_id: uuid.UUID, data: QuotaCreate) -> QuotaRead:
    project = await _writable(session, actor, project_id, TARGET_GROUP_OPEN, "The target group")
    await _check_village(session, actor, data.village_id)
    quota = Quota(project_id=project.id, **data.model_dump())
    with audit.action(session, "projects.add_quota"):
        session.add(quota)
        await session.flush()
    return QuotaRead(id=quota.id, label=quota.label, village_id=quota.village_id, seats=quota.seats, filled=0)


async def list_participants(session: AsyncSession, actor: Actor, project_id: uuid.UUID, params: PageParams, *,
                            active: bool | None = None) -> tuple[list[Participant], int]:
    await get_project(session, actor, project_id)
    stmt = select(Participant).where(Participant.project_id == project_id)
    if active is not None:
        stmt = stmt.where(Participant.withdrawn_on.is_(None) if active else Participant.withdrawn_on.is_not(None))
    return await paginate(session, stmt, params,
                          sortable={"full_name": Participant.full_name, "joined_on": Participant.joined_on,
                                    "created_at": Participant.created_at},
                          default_sort=["created_at"], tiebreak=Participant.id)


async def _participant(session: AsyncSession, project_id: uuid.UUID, participant_id: uuid.UUID) -> Participant:
    p = (await session.execute(select(Participant).where(
        Participant.id == participant_id, Participant.project_id == project_id))).scalar_one_or_none()
    if p is None:
        raise NotFound("No such participant in this project", code="projects.participant_not_found")
    return p


async def add_participant(session: AsyncSession, actor: Actor, project_id: uuid.UUID,
                          data: ParticipantCreate) -> Participant:
    project = await _writable(session, actor, project_id, TARGET_GROUP_OPEN, "The target group")
    full_name, village_id = data.full_name, data.village_id
    if data.citizen_id is not None:
        try:
            citizen = await citizens.get_citizen(session, actor, data.citizen_id)
        except NotFound:
            raise Invalid("No such person in the citizen register", code="projects.citizen_unknown",
                          errors=_errors("citizen_id", "projects.citizen_unknown", "ไม่พบบุคคลนี้ในทะเบียน")) from None
        full_name = full_name or f"{citizen.title}{citizen.first_name} {citizen.last_name}"
        village_id = village_id or citizen.village_id
        dup = (await session.execute(select(Participant.id).where(
            Participant.project_id == project.id, Participant.citizen_id == data.citizen_id))).scalar_one_or_none()
        if dup is not None:
            raise Conflict("This person is in the target group already", code="projects.participant_duplicate",
                           participant_id=str(dup))
    await _check_village(session, actor, village_id)
    if data.quota_id is not None:
        quota = (await session.execute(select(Quota).where(
            Quota.id == data.quota_id, Quota.project_id == project.id))).scalar_one_or_none()
        if quota is None:
            raise Invalid("No such quota in this project", code="projects.quota_unknown",
                          errors=_errors("quota_id", "projects.quota_unknown", "ไม่พบโควตานี้ในโครงการ"))
        if (await _quota_fill(session, project.id)).get(quota.id, 0) >= quota.seats:
            raise Conflict(f"The quota {quota.label!r} has all its {quota.seats} seats filled",
                           code="projects.quota_full", quota_id=str(quota.id), seats=quota.seats)
        # The quota row's version makes two joins racing for its last seat collide.
        quota.updated_at = utcnow()
    assert full_name is not None
    participant = Participant(project_id=project.id, citizen_id=data.citizen_id, full_name=full_name,
                              village_id=village_id, quota_id=data.quota_id, phone=data.phone,
                              joined_on=data.joined_on)
    with audit.action(session, "projects.add_participant"):
        session.add(participant)
        await session.flush()
    return participant


async def withdraw_participant(session: AsyncSession, actor: Actor, project_id: uuid.UUID,
                               participant_id: uuid.UUID, data: ParticipantWithdraw) -> Participant:
    await _writable(session, actor, project_id, TARGET_GROUP_OPEN, "The target group")
    p = await _participant(session, project_id, participant_id)
    if p.withdrawn_on is not None:
        raise Conflict("The participant has withdrawn already", code="projects.participant_withdrawn")
    if data.withdrawn_on < p.joined_on:
        raise Invalid("Withdrawn before joining", code="projects.dates_out_of_order",
                      errors=_errors("withdrawn_on", "projects.dates_out_of_order",
                                     "วันที่ออกต้องไม่ก่อนวันที่เข้าร่วม"))
    with audit.action(session, "projects.withdraw_participant"):
        p.withdrawn_on = data.withdrawn_on
        p.withdraw_reason = data.reason
        await session.flush()
    return p


async def count_participants(session: AsyncSession, project_id: uuid.UUID) -> int:
    return (await session.execute(select(func.count()).select_from(Participant).where(
        Participant.project_id == project_id, Participant.withdrawn_on.is_(None)))).scalar_one()


# --- trainers -------------------------------------------------------------------------------------


async def list_trainers(session: AsyncSession, actor: Actor, project_id: uuid.UUID) -> list[Trainer]:
    await get_project(session, actor, project_id)
    return list((await session.execute(select(Trainer).where(Trainer.project_id == project_id)
                                       .order_by(Trainer.created_at))).scalars())


async def add_trainer(session: AsyncSession, actor: Actor, project_id: uuid.UUID, data: TrainerCreate) -> Trainer:
    project = await _writable(session, actor, project_id, TRAINERS_OPEN, "Trainers")
    trainer = Trainer(project_id=project.id, **data.model_dump())
    with audit.action(session, "projects.add_trainer"):
        session.add(trainer)
        await session.flush()
    return trainer


async def cancel_trainer(session: AsyncSession, actor: Actor, project_id: uuid.UUID, trainer_id: uuid.UUID,
                         data: TrainerCancel) -> Trainer:
    await _writable(session, actor, project_id, TRAINERS_OPEN, "Trainers")
    trainer = (await session.execute(select(Trainer).where(
        Trainer.id == trainer_id, Trainer.project_id == project_id))).scalar_one_or_none()
    if trainer is None:
        raise NotFound("No such trainer in this project", code="projects.trainer_not_found")
    if trainer.cancelled_at is not None:
        raise Conflict("The trainer was cancelled already", code="projects.trainer_cancelled")
    with audit.action(session, "projects.cancel_trainer"):
        trainer.cancelled_at = utcnow()
        trainer.cancel_reason = data.reason
        await session.flush()
    return trainer


async def count_trainers(session: AsyncSession, project_id: uuid.UUID) -> int:
    return (await session.execute(select(func.count()).select_from(Trainer).where(
        Trainer.project_id == project_id, Trainer.cancelled_at.is_(None)))).scalar_one()


# --- sessions and attendance ----------------------------------------------------------------------


async def _present_counts(session: AsyncSession, session_ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, int]:
    rows = await session.execute(select(Attendance.session_id, func.count()).where(
        Attendance.session_id.in_(session_ids), Attendance.present.is_(True)).group_by(Attendance.session_id))
    return {sid: n for sid, n in rows.all()}


def _session_read(s: ProjectSession, present: int) -> SessionRead:
    return SessionRead(id=s.id, project_id=s.project_id, held_on=s.held_on, place=s.place, topic=s.topic,
                       trainer_id=s.trainer_id, note=s.note, present=present, version=s.version)


async def list_sessions(session: AsyncSession, actor: Actor, project_id: uuid.UUID) -> list[SessionRead]:
    await get_project(session, actor, project_id)
    rows = list((await session.execute(select(ProjectSession).where(ProjectSession.project_id == project_id)
                                       .order_by(ProjectSession.held_on, ProjectSession.created_at))).scalars())
    present = await _present_counts(session, [s.id for s in rows])
    return [_session_read(s, present.get(s.id, 0)) for s in rows]


async def add_session(session: AsyncSession, actor: Actor, project_id: uuid.UUID, data: SessionCreate) -> SessionRead:
    project = await _writable(session, actor, project_id, SESSIONS_OPEN, "Sessions")
    if data.trainer_id is not None:
        trainer = (await session.execute(select(Trainer).where(
            Trainer.id == data.trainer_id, Trainer.project_id == project.id))).scalar_one_or_none()
        if trainer is None or trainer.cancelled_at is not None:
            raise Invalid("Not one of this project's trainers", code="projects.trainer_unknown",
                          errors=_errors("trainer_id", "projects.trainer_unknown", "ไม่ใช่วิทยากรของโครงการนี้"))
    s = ProjectSession(project_id=project.id, **data.model_dump())
    with audit.action(session, "projects.add_session"):
        session.add(s)
        await session.flush()
    return _session_read(s, 0)


async def _session(session: AsyncSession, project_id: uuid.UUID, session_id: uuid.UUID) -> ProjectSession:
    s = (await session.execute(select(ProjectSession).where(
        ProjectSession.id == session_id, ProjectSession.project_id == project_id))).scalar_one_or_none()
    if s is None:
        raise NotFound("No such session in this project", code="projects.session_not_found")
    return s


async def attendance(session: AsyncSession, actor: Actor, project_id: uuid.UUID,
                     session_id: uuid.UUID) -> AttendanceRead:
    await get_project(session, actor, project_id)
    s = await _session(session, project_id, session_id)
    marks = {a.participant_id: a.present for a in (await session.execute(
        select(Attendance).where(Attendance.session_id == s.id))).scalars()}
    people = (await session.execute(select(Participant).where(Participant.project_id == project_id)
                                    .order_by(Participant.created_at, Participant.id))).scalars()
    # Withdrawn participants are listed only where they were marked.
    rows = [AttendanceRow(participant_id=p.id, full_name=p.full_name, present=marks.get(p.id))
            for p in people if p.withdrawn_on is None or p.id in marks]
    present = sum(1 for r in rows if r.present)
    return AttendanceRead(session_id=s.id, present=present, absent=sum(1 for r in rows if r.present is False),
                          entries=rows)


async def record_attendance(session: AsyncSession, actor: Actor, project_id: uuid.UUID, session_id: uuid.UUID,
                            data: AttendanceWrite, expected_version: int) -> AttendanceRead:
    project = await _writable(session, actor, project_id, SESSIONS_OPEN, "Attendance")
    s = await _session(session, project_id, session_id)
    check_version(s, expected_version)
    ids = [e.participant_id for e in data.entries]
    if len(set(ids)) != len(ids):
        raise Invalid("A participant is listed twice", code="projects.attendance_duplicate",
                      errors=_errors("entries", "projects.attendance_duplicate", "มีผู้เข้าร่วมซ้ำ"))
    known = {p.id: p for p in (await session.execute(select(Participant).where(
        Participant.project_id == project.id, Participant.id.in_(ids)))).scalars()}
    strangers = [str(i) for i in ids if i not in known]
    if strangers:
        raise Invalid("Not participants of this project", code="projects.participant_unknown",
                      errors=_errors("entries", "projects.participant_unknown", "ไม่ใช่ผู้เข้าร่วมโครงการนี้"),
                      participant_ids=strangers)
    if any(known[e.participant_id].withdrawn_on is not None and
           known[e.participant_id].withdrawn_on < s.held_on and e.present for e in data.entries):
        raise Invalid("A participant who withdrew before the session cannot be present",
                      code="projects.participant_withdrawn",
                      errors=_errors("entries", "projects.participant_withdrawn", "ผู้เข้าร่วมถอนตัวก่อนวันกิจกรรม"))
    marks = {a.participant_id: a for a in (await session.execute(
        select(Attendance).where(Attendance.session_id == s.id, Attendance.participant_id.in_(ids)))).scalars()}
    with audit.action(session, "projects.record_attendance"):
        for e in data.entries:
            mark = marks.get(e.participant_id)
            if mark is None:
                session.add(Attendance(project_id=project.id, session_id=s.id, participant_id=e.participant_id,
                                       present=e.present))
            elif mark.present != e.present:
                mark.present = e.present
        s.updated_at = utcnow()  # the session's version now guards its attendance sheet too
        await session.flush()
    return await attendance(session, actor, project_id, session_id)


async def count_sessions(session: AsyncSession, project_id: uuid.UUID) -> int:
    return (await session.execute(select(func.count()).select_from(ProjectSession)
                                  .where(ProjectSession.project_id == project_id))).scalar_one()


# --- budget: planned, overruns, spending ----------------------------------------------------------


@dataclass
class _Figures:
    lines: list[BudgetLine]
    overruns: list[BudgetOverrun]
    spent_by_line: dict[uuid.UUID, Decimal]

    def overrun_of(self, line_id: uuid.UUID) -> Decimal:
        return sum((o.amount for o in self.overruns if o.line_id == line_id), ZERO)

    @property
    def planned(self) -> Decimal:
        return proposal.budget_total(self.lines)

    @property
    def raised(self) -> Decimal:
        return sum((o.amount for o in self.overruns if o.raises_total), ZERO)

    @property
    def spent(self) -> Decimal:
        return sum(self.spent_by_line.values(), ZERO)


async def _figures(session: AsyncSession, project_id: uuid.UUID) -> _Figures:
    lines = (await active_lines(session, [project_id]))[project_id]
    overruns = list((await session.execute(select(BudgetOverrun).where(BudgetOverrun.project_id == project_id)
                                           .order_by(BudgetOverrun.created_at))).scalars())
    spent = dict((await session.execute(select(Spending.line_id, func.coalesce(func.sum(Spending.amount), ZERO))
                                        .where(Spending.project_id == project_id, Spending.voided_at.is_(None))
                                        .group_by(Spending.line_id))).all())
    return _Figures(lines, overruns, spent)


async def budget(session: AsyncSession, actor: Actor, project_id: uuid.UUID) -> BudgetRead:
    await get_project(session, actor, project_id)
    f = await _figures(session, project_id)
    lines = []
    for ln in f.lines:
        over = f.overrun_of(ln.id)
        spent = f.spent_by_line.get(ln.id, ZERO)
        lines.append(LineBudget(line_id=ln.id, seq=ln.seq, item=ln.item, planned=ln.amount, overrun_approved=over,
                                ceiling=ln.amount + over, spent=spent, remaining=ln.amount + over - spent))
    ceiling = f.planned + f.raised
    return BudgetRead(project_id=project_id, lines=lines, planned_total=f.planned, overrun_raising_total=f.raised,
                      ceiling_total=ceiling, spent_total=f.spent, remaining_total=ceiling - f.spent,
                      overruns=[OverrunRead.model_validate(o) for o in f.overruns])


async def _write_budget(session: AsyncSession, project: Project) -> None:
    """Flush a budget change with the project's version bumped: of two entries checked against
    the same remaining budget at once, the second fails its UPDATE instead of overspending."""
    project.budget_changed_at = utcnow()
    try:
        await session.flush()
    except StaleDataError:
        raise Conflict("Someone else changed this project's budget at the same moment; reload it and try again",
                       code="projects.budget_conflict") from None


async def _active_line(session: AsyncSession, project_id: uuid.UUID, line_id: uuid.UUID, field: str) -> BudgetLine:
    line = (await session.execute(select(BudgetLine).where(
        BudgetLine.id == line_id, BudgetLine.project_id == project_id,
        BudgetLine.removed_at.is_(None)))).scalar_one_or_none()
    if line is None:
        raise Invalid("Not a budget line of this project", code="projects.line_unknown",
                      errors=_errors(field, "projects.line_unknown", "ไม่ใช่รายการงบประมาณของโครงการนี้"))
    return line


async def approve_overrun(session: AsyncSession, actor: Actor, project_id: uuid.UUID, line_id: uuid.UUID,
                          data: OverrunCreate) -> BudgetOverrun:
    project = await _writable(session, actor, project_id, BUDGET_OPEN, "Budget overruns",
                              permission=P.projects_approve)
    line = await _line(session, project.id, line_id)
    if line.removed_at is not None:
        raise Conflict("The line was removed from the proposal", code="projects.line_removed")
    overrun = BudgetOverrun(project_id=project.id, line_id=line.id, amount=data.amount,
                            raises_total=data.raises_total, approved_on=data.approved_on, reason=data.reason,
                            approved_by=actor.name)
    with audit.action(session, "projects.approve_overrun"):
        session.add(overrun)
        outbox.emit(session, "project.overrun_approved", subject_type="project", subject_id=project.id,
                    organisation_id=project.organisation_id,
                    payload={"line_id": str(line.id), "amount": str(data.amount), "raises_total": data.raises_total})
        await _write_budget(session, project)
    return overrun


async def list_spending(session: AsyncSession, actor: Actor, project_id: uuid.UUID, params: PageParams, *,
                        line_id: uuid.UUID | None = None, voided: bool | None = None) -> tuple[list[Spending], int]:
    await get_project(session, actor, project_id)
    stmt = select(Spending).where(Spending.project_id == project_id)
    if line_id is not None:
        stmt = stmt.where(Spending.line_id == line_id)
    if voided is not None:
        stmt = stmt.where(Spending.voided_at.is_not(None) if voided else Spending.voided_at.is_(None))
    return await paginate(session, stmt, params,
                          sortable={"spent_on": Spending.spent_on, "amount": Spending.amount,
                                    "created_at": Spending.created_at},
                          default_sort=["spent_on", "created_at"], tiebreak=Spending.id)


async def add_spending(session: AsyncSession, actor: Actor, project_id: uuid.UUID, data: SpendingCreate) -> Spending:
    """Money spent on a line; more than the line or the project may take is refused unless an
    executive approved the overrun beforehand."""
    project = await _writable(session, actor, project_id, BUDGET_OPEN, "Spending")
    line = await _active_line(session, project.id, data.line_id, "line_id")
    f = await _figures(session, project.id)
    line_ceiling = line.amount + f.overrun_of(line.id)
    line_after = f.spent_by_line.get(line.id, ZERO) + data.amount
    if line_after > line_ceiling:
        raise Conflict(f"The line {line.item!r} has {line_ceiling - f.spent_by_line.get(line.id, ZERO)} baht left; "
                       "an executive must approve the overrun first", code="projects.over_line_budget",
                       line_id=str(line.id), remaining=str(line_ceiling - f.spent_by_line.get(line.id, ZERO)))
    total_ceiling = f.planned + f.raised
    if f.spent + data.amount > total_ceiling:
        raise Conflict(f"The project has {total_ceiling - f.spent} baht left in total; an executive must approve "
                       "an overrun that raises the total first", code="projects.over_total_budget",
                       remaining=str(total_ceiling - f.spent))
    entry = Spending(project_id=project.id, line_id=line.id, spent_on=data.spent_on, amount=data.amount,
                     description=data.description, reference=data.reference, recorded_by=actor.name)
    with audit.action(session, "projects.add_spending"):
        session.add(entry)
        await _write_budget(session, project)
    return entry


async def void_spending(session: AsyncSession, actor: Actor, project_id: uuid.UUID, spending_id: uuid.UUID,
                        data: SpendingVoid) -> Spending:
    project = await _writable(session, actor, project_id, BUDGET_OPEN, "Spending")
    entry = (await session.execute(select(Spending).where(
        Spending.id == spending_id, Spending.project_id == project.id))).scalar_one_or_none()
    if entry is None:
        raise NotFound("No such spending entry in this project", code="projects.spending_not_found")
    if entry.voided_at is not None:
        raise Conflict("The entry was voided already", code="projects.spending_voided")
    with audit.action(session, "projects.void_spending"):
        entry.voided_at = utcnow()
        entry.void_reason = data.reason
        await _write_budget(session, project)
    return entry


# --- satisfaction ---------------------------------------------------------------------------------


async def add_satisfaction(session: AsyncSession, actor: Actor, project_id: uuid.UUID,
                           data: SatisfactionCreate) -> SatisfactionResponse:
    project = await _writable(session, actor, project_id, RESULTS_OPEN, "Satisfaction answers")
    if data.participant_id is not None:
        await _participant(session, project.id, data.participant_id)
    response = SatisfactionResponse(project_id=project.id, participant_id=data.participant_id,
                                    answered_on=data.answered_on,
                                    scores={k.value: v for k, v in data.scores.items()}, overall=data.overall,
                                    comment=data.comment)
    with audit.action(session, "projects.add_satisfaction"):
        session.add(response)
        await session.flush()
    return response


def _mean(values: Sequence[int | Decimal]) -> Decimal | None:
    return _q2(Decimal(sum(values)) / len(values)) if values else None


def _summary(responses: Sequence[SatisfactionResponse]) -> SatisfactionSummary:
    overall = [r.overall for r in responses]
    by_question = []
    for q in SatisfactionQuestion:
        answers = [r.scores[q.value] for r in responses if q.value in (r.scores or {})]
        by_question.append(QuestionAverage(question=q, label_th=QUESTION_LABELS[q], answers=len(answers),
                                           average=_mean(answers)))
    satisfied = _q2(Decimal(100 * sum(1 for o in overall if o >= 4)) / len(overall)) if overall else None
    return SatisfactionSummary(responses=len(responses), overall_average=_mean(overall), satisfied_percent=satisfied,
                               by_question=by_question)


async def _responses(session: AsyncSession, project_ids: Any) -> list[SatisfactionResponse]:
    return list((await session.execute(select(SatisfactionResponse).where(
        SatisfactionResponse.project_id.in_(project_ids)))).scalars())


async def satisfaction(session: AsyncSession, actor: Actor, project_id: uuid.UUID) -> SatisfactionSummary:
    await get_project(session, actor, project_id)
    return _summary(await _responses(session, [project_id]))


# --- occupational outcomes ------------------------------------------------------------------------


async def add_outcome(session: AsyncSession, actor: Actor, project_id: uuid.UUID, participant_id: uuid.UUID,
                      data: OutcomeCreate) -> ParticipantOutcome:
    project = await _writable(session, actor, project_id, OUTCOMES_OPEN, "What participants did afterwards")
    participant = await _participant(session, project.id, participant_id)
    if project.category != ProjectCategory.occupational_training.value:
        raise Conflict("Outcomes are followed for occupational trainings", code="projects.not_occupational",
                       category=project.category)
    if data.group_id is not None and not data.group_formed:
        raise Invalid("A group is named only when one was formed or joined", code="projects.group_not_formed",
                      errors=_errors("group_id", "projects.group_not_formed", "ระบุกลุ่มเมื่อมีการรวมกลุ่มเท่านั้น"))
    values = data.model_dump()
    if data.group_id is not None:
        try:
            group = await groups.get_group(session, actor, data.group_id)
        except NotFound:
            raise Invalid("No such group in the groups register", code="projects.group_unknown",
                          errors=_errors("group_id", "projects.group_unknown", "ไม่พบกลุ่มนี้ในทะเบียนกลุ่ม")) from None
        values["group_name"] = values["group_name"] or group.name
    outcome = ParticipantOutcome(project_id=project.id, participant_id=participant.id, **values)
    with audit.action(session, "projects.add_outcome"):
        session.add(outcome)
        await session.flush()
    return outcome


async def list_outcomes(session: AsyncSession, actor: Actor, project_id: uuid.UUID,
                        participant_id: uuid.UUID) -> list[ParticipantOutcome]:
    await get_project(session, actor, project_id)
    await _participant(session, project_id, participant_id)
    return list((await session.execute(select(ParticipantOutcome).where(
        ParticipantOutcome.participant_id == participant_id)
        .order_by(ParticipantOutcome.recorded_on, ParticipantOutcome.created_at))).scalars())


async def _occupational(session: AsyncSession, project_ids: Any) -> OccupationalSummary:
    rows = (await session.execute(select(ParticipantOutcome).where(ParticipantOutcome.project_id.in_(project_ids))
                                  .order_by(ParticipantOutcome.recorded_on, ParticipantOutcome.created_at))).scalars()
    latest: dict[uuid.UUID, ParticipantOutcome] = {}
    for o in rows:
        latest[o.participant_id] = o
    outcomes = list(latest.values())
    grouped = [o for o in outcomes if o.group_formed]
    groups = {str(o.group_id) if o.group_id else (o.group_name or "").strip() for o in grouped}
    groups.discard("")
    changes = [o.income_after - o.income_before for o in outcomes
               if o.income_before is not None and o.income_after is not None]
    return OccupationalSummary(participants_followed=len(outcomes), in_groups=len(grouped), groups_formed=len(groups),
                               income_reported=len(changes), income_increased=sum(1 for c in changes if c > 0),
                               average_income_change=_mean(changes))


# --- results and reports --------------------------------------------------------------------------


async def _reached(session: AsyncSession, project_ids: Any) -> dict[uuid.UUID, int]:
    rows = await session.execute(select(Attendance.project_id, func.count(distinct(Attendance.participant_id)))
                                 .where(Attendance.project_id.in_(project_ids), Attendance.present.is_(True))
                                 .group_by(Attendance.project_id))
    return dict(rows.all())


async def _registered(session: AsyncSession, project_ids: Any) -> dict[uuid.UUID, int]:
    rows = await session.execute(select(Participant.project_id, func.count())
                                 .where(Participant.project_id.in_(project_ids), Participant.withdrawn_on.is_(None))
                                 .group_by(Participant.project_id))
    return dict(rows.all())


async def _money_by_project(session: AsyncSession, stmt: Select[Any]) -> dict[uuid.UUID, Decimal]:
    return {pid: amount for pid, amount in (await session.execute(stmt)).all()}


async def _planned(session: AsyncSession, project_ids: Any) -> dict[uuid.UUID, Decimal]:
    return await _money_by_project(session, select(BudgetLine.project_id, func.sum(BudgetLine.amount))
                                   .where(BudgetLine.project_id.in_(project_ids), BudgetLine.removed_at.is_(None))
                                   .group_by(BudgetLine.project_id))


async def _spent(session: AsyncSession, project_ids: Any) -> dict[uuid.UUID, Decimal]:
    return await _money_by_project(session, select(Spending.project_id, func.sum(Spending.amount))
                                   .where(Spending.project_id.in_(project_ids), Spending.voided_at.is_(None))
                                   .group_by(Spending.project_id))


async def results(session: AsyncSession, actor: Actor, project_id: uuid.UUID) -> ProjectResults:
    project = await get_project(session, actor, project_id)
    ids = [project.id]
    indicators = (await active_indicators(session, ids))[project.id]
    marks = (await session.execute(select(Attendance.present, func.count()).where(
        Attendance.project_id == project.id).group_by(Attendance.present))).all()
    present = sum(n for p, n in marks if p)
    total_marks = sum(n for _, n in marks)
    f = await _figures(session, project.id)
    ceiling = f.planned + f.raised
    occupational = await _occupational(session, ids) \
        if project.category == ProjectCategory.occupational_training.value else None
    return ProjectResults(
        project_id=project.id, name=project.name, state=ProjectState(project.state),
        target_quantity=project.target_quantity,
        participants_registered=(await _registered(session, ids)).get(project.id, 0),
        participants_reached=(await _reached(session, ids)).get(project.id, 0),
        sessions=await count_sessions(session, project.id),
        attendance_percent=_q2(Decimal(100 * present) / total_marks) if total_marks else None,
        indicators=[indicator_read(i) for i in indicators], indicators_met=sum(1 for i in indicators if _met(i)),
        satisfaction=_summary(await _responses(session, ids)),
        budget=BudgetTotals(planned=f.planned, ceiling=ceiling, spent=f.spent, remaining=ceiling - f.spent),
        occupational=occupational)


async def report(session: AsyncSession, actor: Actor, *, fiscal_year_be: int | None = None,
                 category: ProjectCategory | None = None, state: ProjectState | None = None,
                 village_id: uuid.UUID | None = None) -> ProjectReport:
    actor.require(P.projects_read)
    stmt = select(Project)
    if fiscal_year_be is not None:
        stmt = stmt.where(Project.fiscal_year_be == fiscal_year_be)
    if category is not None:
        stmt = stmt.where(Project.category == category.value)
    if state is not None:
        stmt = stmt.where(Project.state == state.value)
    if village_id is not None:
        stmt = stmt.where(Project.village_id == village_id)
    projects = list((await session.execute(stmt.order_by(Project.fiscal_year_be, Project.name))).scalars())
    ids = select(stmt.with_only_columns(Project.id).subquery().c.id)
    planned, spent = await _planned(session, ids), await _spent(session, ids)
    registered, reached = await _registered(session, ids), await _reached(session, ids)
    villages = {v.id: v for v in (await session.execute(select(Village))).scalars()}

    def row(key: str | None, label: str, members: Sequence[Project]) -> ReportRow:
        return ReportRow(key=key, label_th=label, projects=len(members),
                         budget_planned=sum((planned.get(p.id, ZERO) for p in members), ZERO),
                         spent=sum((spent.get(p.id, ZERO) for p in members), ZERO),
                         participants_registered=sum(registered.get(p.id, 0) for p in members),
                         participants_reached=sum(reached.get(p.id, 0) for p in members))

    def grouped(key_of: Any, label_of: Any, order: Any = None) -> list[ReportRow]:
        groups: dict[Any, list[Project]] = defaultdict(list)
        for p in projects:
            groups[key_of(p)].append(p)
        keys = sorted(groups, key=order or (lambda k: (k is None, str(k))))
        return [row(None if k is None else str(k), label_of(k), groups[k]) for k in keys]

    state_order = {s.value: i for i, s in enumerate(ProjectState)}
    category_order = {c.value: i for i, c in enumerate(ProjectCategory)}

    def village_label(vid: uuid.UUID | None) -> str:
        v = villages.get(vid) if vid else None
        return f"หมู่ที่ {v.number} {v.name_th}" if v else "ทั้งพื้นที่"

    def village_order(vid: uuid.UUID | None) -> tuple[bool, int]:
        v = villages.get(vid) if vid else None
        return (v is None, v.number if v else 0)

    indicator_rows = []
    by_project = {p.id: p for p in projects}
    indicators = await session.execute(select(Indicator).where(Indicator.project_id.in_(ids),
                                                               Indicator.removed_at.is_(None))
                                       .order_by(Indicator.project_id, Indicator.seq))
    for ind in indicators.scalars():
        indicator_rows.append(ReportIndicator(
            project_id=ind.project_id, project_name=by_project[ind.project_id].name, indicator=ind.name,
            target_value=ind.target_value, unit=ind.unit, comparison=Comparison(ind.comparison),
            result_value=ind.result_value, met=_met(ind)))
    indicator_rows.sort(key=lambda r: (by_project[r.project_id].fiscal_year_be, r.project_name))
    return ProjectReport(
        totals=row(None, "รวมทั้งหมด", projects),
        by_fiscal_year=grouped(lambda p: p.fiscal_year_be, lambda k: f"ปีงบประมาณ พ.ศ. {k}", lambda k: k),
        by_category=grouped(lambda p: p.category, lambda k: CATEGORY_LABELS[ProjectCategory(k)][0],
                            lambda k: category_order[k]),
        by_state=grouped(lambda p: p.state, lambda k: STATE_LABELS[ProjectState(k)][0], lambda k: state_order[k]),
        by_village=grouped(lambda p: p.village_id, village_label, village_order),
        indicators=indicator_rows,
        occupational=await _occupational(session, ids),
    )


# --- the public view ------------------------------------------------------------------------------


async def _organisation_by_code(session: AsyncSession, code: str) -> Organisation:
    org = (await session.execute(select(Organisation).where(Organisation.code == code))).scalar_one_or_none()
    if org is None:
        raise NotFound("No such organisation", code="organisations.not_found")
    return org


def _public_stmt() -> Select[tuple[Project]]:
    return select(Project).where(Project.state.in_(sorted(s.value for s in PUBLIC_STATES)))


async def _public_reads(session: AsyncSession, projects: Sequence[Project]) -> list[PublicProjectRead]:
    ids = [p.id for p in projects]
    planned, spent, reached = await _planned(session, ids), await _spent(session, ids), await _reached(session, ids)
    village_ids = {p.village_id for p in projects if p.village_id}
    villages = {v.id: v for v in (await session.execute(select(Village).where(Village.id.in_(village_ids)))).scalars()}
    out = []
    for p in projects:
        v = villages.get(p.village_id) if p.village_id else None
        out.append(PublicProjectRead(
            id=p.id, name=p.name, category=ProjectCategory(p.category),
            category_label_th=CATEGORY_LABELS[ProjectCategory(p.category)][0], fiscal_year_be=p.fiscal_year_be,
            village_number=v.number if v else None, village_name=v.name_th if v else None,
            state=ProjectState(p.state), state_label_th=STATE_LABELS[ProjectState(p.state)][0],
            starts_on=p.starts_on, ends_on=p.ends_on, budget_total=planned.get(p.id, ZERO),
            spent_total=spent.get(p.id, ZERO), participants_reached=reached.get(p.id, 0)))
    return out


async def public_projects(session: AsyncSession, organisation_code: str, params: PageParams, *,
                          fiscal_year_be: int | None = None,
                          category: ProjectCategory | None = None) -> tuple[list[PublicProjectRead], int]:
    """Anyone may read these: the session is scoped to nothing, and widened on purpose to the
    one organisation named in the path."""
    org = await _organisation_by_code(session, organisation_code)
    with widened(session, frozenset({org.id})):
        stmt = _public_stmt()
        if fiscal_year_be is not None:
            stmt = stmt.where(Project.fiscal_year_be == fiscal_year_be)
        if category is not None:
            stmt = stmt.where(Project.category == category.value)
        rows, total = await paginate(session, stmt, params,
                                     sortable={"fiscal_year_be": Project.fiscal_year_be, "name": Project.name,
                                               "starts_on": Project.starts_on},
                                     default_sort=["-fiscal_year_be", "name"], tiebreak=Project.id)
        return await _public_reads(session, rows), total


async def public_project(session: AsyncSession, organisation_code: str, project_id: uuid.UUID) -> PublicProjectDetail:
    org = await _organisation_by_code(session, organisation_code)
    with widened(session, frozenset({org.id})):
        project = (await session.execute(_public_stmt().where(Project.id == project_id))).scalar_one_or_none()
        if project is None:
            raise NotFound("No such published project", code="projects.not_found")
        (base,) = await _public_reads(session, [project])
        indicators = (await active_indicators(session, [project.id]))[project.id]
        summary = _summary(await _responses(session, [project.id]))
        occupational = await _occupational(session, [project.id]) \
            if project.category == ProjectCategory.occupational_training.value else None
    return PublicProjectDetail(
        **base.model_dump(), plan_name=project.plan_name, rationale=project.rationale,
        objectives=list(project.objectives or []), target_group=project.target_group,
        target_quantity=project.target_quantity, target_unit=project.target_unit,
        benefits=list(project.benefits or []),
        indicators=[PublicIndicator(name=i.name, target_value=i.target_value, unit=i.unit,
                                    comparison=Comparison(i.comparison), result_value=i.result_value, met=_met(i))
                    for i in indicators],
        satisfaction_average=summary.overall_average, satisfaction_responses=summary.responses,
        occupational=occupational)


# A person's timeline (citizens/timeline.py) shows the projects they joined and left.
timeline.register_linked_model(Participant, name="projects")
