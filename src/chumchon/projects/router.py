from __future__ import annotations

import uuid
from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, Depends, Path, Query, Response

from chumchon.auth.deps import CurrentActor, PublicDb, ScopedDb
from chumchon.core.concurrency import etag, if_match
from chumchon.core.errors import problem_responses
from chumchon.core.pagination import Page, PageQuery
from chumchon.core.workflow_api import add_workflow_routes
from chumchon.projects import proposal_pdf, service
from chumchon.projects.models import CATEGORY_LABELS, ProjectCategory, ProjectState, Spending, Trainer
from chumchon.projects.schemas import (
    AttendanceRead,
    AttendanceWrite,
    BudgetLineCreate,
    BudgetLineRead,
    BudgetLineUpdate,
    BudgetRead,
    CategoryRead,
    IndicatorCreate,
    IndicatorRead,
    IndicatorResultWrite,
    IndicatorUpdate,
    OutcomeCreate,
    OutcomeRead,
    OverrunCreate,
    OverrunRead,
    ParticipantCreate,
    ParticipantRead,
    ParticipantWithdraw,
    ProjectCreate,
    ProjectRead,
    ProjectReport,
    ProjectResults,
    ProjectUpdate,
    ProposalDiff,
    PublicProjectDetail,
    PublicProjectRead,
    QuotaCreate,
    QuotaRead,
    SatisfactionCreate,
    SatisfactionSummary,
    SessionCreate,
    SessionRead,
    SpendingCreate,
    SpendingRead,
    SpendingVoid,
    SurveyCreate,
    SurveyRead,
    TrainerCancel,
    TrainerCreate,
    TrainerRead,
    VersionDetail,
    VersionRead,
)
from chumchon.projects.workflow import PROJECT_PROCESS

router = APIRouter(tags=["projects"])
public_router = APIRouter(prefix="/public/projects", tags=["public"])

IfMatch = Annotated[int, Depends(if_match)]
ProjectId = Annotated[uuid.UUID, Path(description="The project's id")]
VersionNo = Annotated[int, Path(ge=1, le=10_000, description="The proposal's version number (1 = first submission)")]
ThaiNumerals = Annotated[bool, Query(description="Print numbers in Thai digits (๐-๙)")]
_PDF = {200: {"content": {"application/pdf": {}}, "description": "The PDF"}}


def _pdf(data: bytes, name: str) -> Response:
    return Response(data, media_type="application/pdf",
                    headers={"Content-Disposition": f"attachment; filename*=UTF-8''{quote(name)}"})


def _spending(e: Spending) -> SpendingRead:
    return SpendingRead(id=e.id, line_id=e.line_id, spent_on=e.spent_on, amount=e.amount, description=e.description,
                        reference=e.reference, recorded_by=e.recorded_by, voided=e.voided_at is not None,
                        void_reason=e.void_reason, created_at=e.created_at, version=e.version)


def _trainer(t: Trainer) -> TrainerRead:
    return TrainerRead(id=t.id, project_id=t.project_id, full_name=t.full_name, organisation=t.organisation,
                       topic=t.topic, fee=t.fee, phone=t.phone, cancelled=t.cancelled_at is not None,
                       cancel_reason=t.cancel_reason, version=t.version)


# --- projects -------------------------------------------------------------------------------------


@router.get("/projects/categories", response_model=list[CategoryRead], summary="Kinds of project",
            responses=problem_responses(401))
async def list_categories(actor: CurrentActor) -> list[CategoryRead]:
    return [CategoryRead(category=c, label_th=th, label_en=en) for c, (th, en) in CATEGORY_LABELS.items()]


@router.get("/projects/report", response_model=ProjectReport,
            summary="Projects by fiscal year, category, state and village",
            description="Budget planned against spent, participants registered and reached, and every "
                        "indicator's result against its target, for the projects the filters select.",
            responses=problem_responses(401, 403, 422))
async def project_report(
    session: ScopedDb, actor: CurrentActor,
    fiscal_year_be: Annotated[int | None, Query(ge=2500, le=2700, description="BE fiscal year")] = None,
    category: ProjectCategory | None = None, state: ProjectState | None = None,
    village_id: Annotated[uuid.UUID | None, Query(description="Only projects of this village")] = None,
) -> ProjectReport:
    return await service.report(session, actor, fiscal_year_be=fiscal_year_be, category=category, state=state,
                                village_id=village_id)


@router.get("/projects", response_model=Page[ProjectRead], summary="Projects",
            responses=problem_responses(401, 403, 422))
async def list_projects(
    session: ScopedDb, actor: CurrentActor, page: PageQuery,
    category: ProjectCategory | None = None, state: ProjectState | None = None,
    fiscal_year_be: Annotated[int | None, Query(ge=2500, le=2700, description="BE fiscal year")] = None,
    village_id: Annotated[uuid.UUID | None, Query(description="Only projects of this village")] = None,
    plan_item_id: Annotated[uuid.UUID | None, Query(description="The project made from this community plan item")]
    = None,
    q: Annotated[str | None, Query(max_length=100, description="Part of the project's name")] = None,
) -> Page[ProjectRead]:
    rows, total = await service.list_projects(session, actor, page, category=category, state=state,
                                              fiscal_year_be=fiscal_year_be, village_id=village_id,
                                              plan_item_id=plan_item_id, q=q)
    return Page(items=await service.reads(session, rows), total=total, page=page.page, page_size=page.page_size)


@router.post("/projects", response_model=ProjectRead, status_code=201, summary="Start a project",
             description="The project starts at its needs survey. Given a community plan item routed to the local "
                         "government (`plan_id` + `plan_item_id`), it carries that item out: the item's description "
                         "starts the rationale and the plan's village becomes the project's.",
             responses=problem_responses(401, 403, 409, 422))
async def create_project(session: ScopedDb, actor: CurrentActor, body: ProjectCreate,
                         response: Response) -> ProjectRead:
    project = await service.create_project(session, actor, body)
    response.headers["ETag"] = etag(project.version)
    return await service.read(session, project)


@router.get("/projects/{project_id}", response_model=ProjectRead, summary="One project, with its proposal",
            responses=problem_responses(401, 403, 404))
async def get_project(session: ScopedDb, actor: CurrentActor, project_id: ProjectId,
                      response: Response) -> ProjectRead:
    project = await service.get_project(session, actor, project_id)
    response.headers["ETag"] = etag(project.version)
    return await service.read(session, project)


@router.patch("/projects/{project_id}", response_model=ProjectRead, summary="Change the proposal's sections",
              description="While the needs are surveyed, the proposal drafted, or after it was returned. The state "
                          "moves only through `…/workflow/{step}`.",
              responses=problem_responses(401, 403, 404, 409, 422, 428))
async def update_project(session: ScopedDb, actor: CurrentActor, project_id: ProjectId, body: ProjectUpdate,
                         response: Response, version: IfMatch) -> ProjectRead:
    project = await service.update_project(session, actor, project_id, body, version)
    response.headers["ETag"] = etag(project.version)
    return await service.read(session, project)


@router.get("/projects/{project_id}/proposal.pdf", response_class=Response, summary="The proposal as it is (PDF)",
            responses={**problem_responses(401, 403, 404), **_PDF})
async def proposal_draft_pdf(session: ScopedDb, actor: CurrentActor, project_id: ProjectId,
                             thai_numerals: ThaiNumerals = False) -> Response:
    project, snap, village, org = await service.proposal_for_print(session, actor, project_id)
    data = proposal_pdf.render(snap, organisation=org, village=village, thai_numerals=thai_numerals)
    return _pdf(data, f"project-{project.id}.pdf")


@router.get("/projects/{project_id}/results", response_model=ProjectResults,
            summary="The project's results: the summary report to the executives",
            responses=problem_responses(401, 403, 404))
async def project_results(session: ScopedDb, actor: CurrentActor, project_id: ProjectId) -> ProjectResults:
    return await service.results(session, actor, project_id)


# --- needs survey ---------------------------------------------------------------------------------


@router.get("/projects/{project_id}/surveys", response_model=list[SurveyRead], summary="Needs surveys",
            responses=problem_responses(401, 403, 404))
async def list_surveys(session: ScopedDb, actor: CurrentActor, project_id: ProjectId) -> list[SurveyRead]:
    return [SurveyRead.model_validate(s) for s in await service.list_surveys(session, actor, project_id)]


@router.post("/projects/{project_id}/surveys", response_model=SurveyRead, status_code=201,
             summary="Record a needs survey", description="Who was asked, what they need, and the results' files.",
             responses=problem_responses(401, 403, 404, 409, 422))
async def add_survey(session: ScopedDb, actor: CurrentActor, project_id: ProjectId, body: SurveyCreate) -> SurveyRead:
    return SurveyRead.model_validate(await service.add_survey(session, actor, project_id, body))


# --- budget lines ---------------------------------------------------------------------------------


@router.get("/projects/{project_id}/budget-lines", response_model=list[BudgetLineRead],
            summary="The budget's lines (section 8)", responses=problem_responses(401, 403, 404))
async def list_lines(session: ScopedDb, actor: CurrentActor, project_id: ProjectId,
                     include_removed: Annotated[bool, Query(description="Also the lines removed")] = False
                     ) -> list[BudgetLineRead]:
    return [service.line_read(ln) for ln in
            await service.list_lines(session, actor, project_id, include_removed=include_removed)]


@router.post("/projects/{project_id}/budget-lines", response_model=BudgetLineRead, status_code=201,
             summary="Add a budget line", description="The amount is quantity × unit cost; the total is their sum.",
             responses=problem_responses(401, 403, 404, 409, 422))
async def add_line(session: ScopedDb, actor: CurrentActor, project_id: ProjectId, body: BudgetLineCreate,
                   response: Response) -> BudgetLineRead:
    line = await service.add_line(session, actor, project_id, body)
    response.headers["ETag"] = etag(line.version)
    return service.line_read(line)


@router.patch("/projects/{project_id}/budget-lines/{line_id}", response_model=BudgetLineRead,
              summary="Change a budget line", responses=problem_responses(401, 403, 404, 409, 422, 428))
async def update_line(session: ScopedDb, actor: CurrentActor, project_id: ProjectId, line_id: uuid.UUID,
                      body: BudgetLineUpdate, response: Response, version: IfMatch) -> BudgetLineRead:
    line = await service.update_line(session, actor, project_id, line_id, body, version)
    response.headers["ETag"] = etag(line.version)
    return service.line_read(line)


@router.post("/projects/{project_id}/budget-lines/{line_id}/remove", response_model=BudgetLineRead,
             summary="Remove a budget line from the draft",
             description="The line is kept, marked removed, so earlier versions and the audit log still read.",
             responses=problem_responses(401, 403, 404, 409, 428))
async def remove_line(session: ScopedDb, actor: CurrentActor, project_id: ProjectId, line_id: uuid.UUID,
                      response: Response, version: IfMatch) -> BudgetLineRead:
    line = await service.remove_line(session, actor, project_id, line_id, version)
    response.headers["ETag"] = etag(line.version)
    return service.line_read(line)


@router.post("/projects/{project_id}/budget-lines/{line_id}/overruns", response_model=OverrunRead, status_code=201,
             summary="An executive approves spending beyond a line",
             description="Needs `projects:approve`. With `raises_total` the project's total grows by the amount too.",
             responses=problem_responses(401, 403, 404, 409, 422))
async def approve_overrun(session: ScopedDb, actor: CurrentActor, project_id: ProjectId, line_id: uuid.UUID,
                          body: OverrunCreate) -> OverrunRead:
    return OverrunRead.model_validate(await service.approve_overrun(session, actor, project_id, line_id, body))


# --- budget: planned against spent ----------------------------------------------------------------


@router.get("/projects/{project_id}/budget", response_model=BudgetRead,
            summary="Planned lines against spending, and what is left", responses=problem_responses(401, 403, 404))
async def get_budget(session: ScopedDb, actor: CurrentActor, project_id: ProjectId) -> BudgetRead:
    return await service.budget(session, actor, project_id)


@router.get("/projects/{project_id}/spending", response_model=Page[SpendingRead], summary="Money spent",
            responses=problem_responses(401, 403, 404, 422))
async def list_spending(session: ScopedDb, actor: CurrentActor, project_id: ProjectId, page: PageQuery,
                        line_id: Annotated[uuid.UUID | None, Query(description="Only this line's")] = None,
                        voided: Annotated[bool | None, Query(description="true: only voided entries")] = None
                        ) -> Page[SpendingRead]:
    rows, total = await service.list_spending(session, actor, project_id, page, line_id=line_id, voided=voided)
    return Page(items=[_spending(e) for e in rows], total=total, page=page.page, page_size=page.page_size)


@router.post("/projects/{project_id}/spending", response_model=SpendingRead, status_code=201,
             summary="Record money spent on a line",
             description="Refused beyond the line (`projects.over_line_budget`) or the project's total "
                         "(`projects.over_total_budget`) unless an executive approved the overrun first.",
             responses=problem_responses(401, 403, 404, 409, 422))
async def add_spending(session: ScopedDb, actor: CurrentActor, project_id: ProjectId,
                       body: SpendingCreate) -> SpendingRead:
    return _spending(await service.add_spending(session, actor, project_id, body))


@router.post("/projects/{project_id}/spending/{spending_id}/void", response_model=SpendingRead,
             summary="Void a spending entry", description="The entry stays, marked void, with the reason.",
             responses=problem_responses(401, 403, 404, 409, 422))
async def void_spending(session: ScopedDb, actor: CurrentActor, project_id: ProjectId, spending_id: uuid.UUID,
                        body: SpendingVoid) -> SpendingRead:
    return _spending(await service.void_spending(session, actor, project_id, spending_id, body))


# --- indicators -----------------------------------------------------------------------------------


@router.get("/projects/{project_id}/indicators", response_model=list[IndicatorRead],
            summary="Indicators (section 11) and their results", responses=problem_responses(401, 403, 404))
async def list_indicators(session: ScopedDb, actor: CurrentActor, project_id: ProjectId,
                          include_removed: Annotated[bool, Query(description="Also those removed")] = False
                          ) -> list[IndicatorRead]:
    return [service.indicator_read(i) for i in
            await service.list_indicators(session, actor, project_id, include_removed=include_removed)]


@router.post("/projects/{project_id}/indicators", response_model=IndicatorRead, status_code=201,
             summary="Add an indicator", responses=problem_responses(401, 403, 404, 409, 422))
async def add_indicator(session: ScopedDb, actor: CurrentActor, project_id: ProjectId, body: IndicatorCreate,
                        response: Response) -> IndicatorRead:
    ind = await service.add_indicator(session, actor, project_id, body)
    response.headers["ETag"] = etag(ind.version)
    return service.indicator_read(ind)


@router.patch("/projects/{project_id}/indicators/{indicator_id}", response_model=IndicatorRead,
              summary="Change an indicator", responses=problem_responses(401, 403, 404, 409, 422, 428))
async def update_indicator(session: ScopedDb, actor: CurrentActor, project_id: ProjectId, indicator_id: uuid.UUID,
                           body: IndicatorUpdate, response: Response, version: IfMatch) -> IndicatorRead:
    ind = await service.update_indicator(session, actor, project_id, indicator_id, body, version)
    response.headers["ETag"] = etag(ind.version)
    return service.indicator_read(ind)


@router.post("/projects/{project_id}/indicators/{indicator_id}/remove", response_model=IndicatorRead,
             summary="Remove an indicator from the draft", responses=problem_responses(401, 403, 404, 409, 428))
async def remove_indicator(session: ScopedDb, actor: CurrentActor, project_id: ProjectId, indicator_id: uuid.UUID,
                           response: Response, version: IfMatch) -> IndicatorRead:
    ind = await service.remove_indicator(session, actor, project_id, indicator_id, version)
    response.headers["ETag"] = etag(ind.version)
    return service.indicator_read(ind)


@router.put("/projects/{project_id}/indicators/{indicator_id}/result", response_model=IndicatorRead,
            summary="Record an indicator's result", description="While the project runs or is evaluated.",
            responses=problem_responses(401, 403, 404, 409, 422))
async def record_result(session: ScopedDb, actor: CurrentActor, project_id: ProjectId, indicator_id: uuid.UUID,
                        body: IndicatorResultWrite) -> IndicatorRead:
    return service.indicator_read(await service.record_result(session, actor, project_id, indicator_id, body))


# --- versions -------------------------------------------------------------------------------------


@router.get("/projects/{project_id}/versions", response_model=list[VersionRead],
            summary="The submitted versions and the decisions on them", responses=problem_responses(401, 403, 404))
async def list_versions(session: ScopedDb, actor: CurrentActor, project_id: ProjectId) -> list[VersionRead]:
    return await service.list_versions(session, actor, project_id)


@router.get("/projects/{project_id}/versions/{version_no}", response_model=VersionDetail,
            summary="One submitted version, frozen", responses=problem_responses(401, 403, 404, 422))
async def get_version(session: ScopedDb, actor: CurrentActor, project_id: ProjectId,
                      version_no: VersionNo) -> VersionDetail:
    return await service.get_version(session, actor, project_id, version_no)


@router.get("/projects/{project_id}/versions/{version_no}/diff", response_model=ProposalDiff,
            summary="What changed since an earlier version, section by section",
            description="By default against the version before; `against` names another.",
            responses=problem_responses(401, 403, 404, 422))
async def version_diff(session: ScopedDb, actor: CurrentActor, project_id: ProjectId, version_no: VersionNo,
                       against: Annotated[int | None, Query(ge=1, le=10_000, description="The earlier version")]
                       = None) -> ProposalDiff:
    return await service.version_diff(session, actor, project_id, version_no, against)


@router.get("/projects/{project_id}/versions/{version_no}/proposal.pdf", response_class=Response,
            summary="A submitted version, printed (PDF)", responses={**problem_responses(401, 403, 404, 422), **_PDF})
async def version_pdf(session: ScopedDb, actor: CurrentActor, project_id: ProjectId, version_no: VersionNo,
                      thai_numerals: ThaiNumerals = False) -> Response:
    project, snap, village, org = await service.proposal_for_print(session, actor, project_id, version_no)
    data = proposal_pdf.render(snap, organisation=org, village=village, version_no=version_no,
                               thai_numerals=thai_numerals)
    return _pdf(data, f"project-{project.id}-v{version_no}.pdf")


# --- target group ---------------------------------------------------------------------------------


@router.get("/projects/{project_id}/quotas", response_model=list[QuotaRead], summary="The target group's quotas",
            responses=problem_responses(401, 403, 404))
async def list_quotas(session: ScopedDb, actor: CurrentActor, project_id: ProjectId) -> list[QuotaRead]:
    return await service.list_quotas(session, actor, project_id)


@router.post("/projects/{project_id}/quotas", response_model=QuotaRead, status_code=201, summary="Add a quota",
             description="Seats kept for a village or a kind of person; a full quota takes no one more.",
             responses=problem_responses(401, 403, 404, 409, 422))
async def add_quota(session: ScopedDb, actor: CurrentActor, project_id: ProjectId, body: QuotaCreate) -> QuotaRead:
    return await service.add_quota(session, actor, project_id, body)


@router.get("/projects/{project_id}/participants", response_model=Page[ParticipantRead],
            summary="The target group", responses=problem_responses(401, 403, 404, 422))
async def list_participants(session: ScopedDb, actor: CurrentActor, project_id: ProjectId, page: PageQuery,
                            active: Annotated[bool | None, Query(description="true: not withdrawn")] = None
                            ) -> Page[ParticipantRead]:
    rows, total = await service.list_participants(session, actor, project_id, page, active=active)
    return Page(items=[ParticipantRead.model_validate(p) for p in rows], total=total, page=page.page,
                page_size=page.page_size)


@router.post("/projects/{project_id}/participants", response_model=ParticipantRead, status_code=201,
             summary="Add a person to the target group",
             description="Linked to the citizen register when `citizen_id` is given (name and village come from it).",
             responses=problem_responses(401, 403, 404, 409, 422))
async def add_participant(session: ScopedDb, actor: CurrentActor, project_id: ProjectId,
                          body: ParticipantCreate) -> ParticipantRead:
    return ParticipantRead.model_validate(await service.add_participant(session, actor, project_id, body))


@router.post("/projects/{project_id}/participants/{participant_id}/withdraw", response_model=ParticipantRead,
             summary="A participant withdraws", responses=problem_responses(401, 403, 404, 409, 422))
async def withdraw_participant(session: ScopedDb, actor: CurrentActor, project_id: ProjectId,
                               participant_id: uuid.UUID, body: ParticipantWithdraw) -> ParticipantRead:
    return ParticipantRead.model_validate(
        await service.withdraw_participant(session, actor, project_id, participant_id, body))


@router.get("/projects/{project_id}/participants/{participant_id}/outcomes", response_model=list[OutcomeRead],
            summary="What the participant did afterwards", responses=problem_responses(401, 403, 404))
async def list_outcomes(session: ScopedDb, actor: CurrentActor, project_id: ProjectId,
                        participant_id: uuid.UUID) -> list[OutcomeRead]:
    return [OutcomeRead.model_validate(o) for o in
            await service.list_outcomes(session, actor, project_id, participant_id)]


@router.post("/projects/{project_id}/participants/{participant_id}/outcomes", response_model=OutcomeRead,
             status_code=201, summary="Record what an occupational training's participant did afterwards",
             description="A group formed or joined, the income before and after; follow-ups may repeat.",
             responses=problem_responses(401, 403, 404, 409, 422))
async def add_outcome(session: ScopedDb, actor: CurrentActor, project_id: ProjectId, participant_id: uuid.UUID,
                      body: OutcomeCreate) -> OutcomeRead:
    return OutcomeRead.model_validate(await service.add_outcome(session, actor, project_id, participant_id, body))


# --- trainers, sessions, attendance ---------------------------------------------------------------


@router.get("/projects/{project_id}/trainers", response_model=list[TrainerRead], summary="Trainers (วิทยากร)",
            responses=problem_responses(401, 403, 404))
async def list_trainers(session: ScopedDb, actor: CurrentActor, project_id: ProjectId) -> list[TrainerRead]:
    return [_trainer(t) for t in await service.list_trainers(session, actor, project_id)]


@router.post("/projects/{project_id}/trainers", response_model=TrainerRead, status_code=201,
             summary="Coordinate a trainer", responses=problem_responses(401, 403, 404, 409, 422))
async def add_trainer(session: ScopedDb, actor: CurrentActor, project_id: ProjectId,
                      body: TrainerCreate) -> TrainerRead:
    return _trainer(await service.add_trainer(session, actor, project_id, body))


@router.post("/projects/{project_id}/trainers/{trainer_id}/cancel", response_model=TrainerRead,
             summary="A trainer is cancelled", responses=problem_responses(401, 403, 404, 409, 422))
async def cancel_trainer(session: ScopedDb, actor: CurrentActor, project_id: ProjectId, trainer_id: uuid.UUID,
                         body: TrainerCancel) -> TrainerRead:
    return _trainer(await service.cancel_trainer(session, actor, project_id, trainer_id, body))


@router.get("/projects/{project_id}/sessions", response_model=list[SessionRead], summary="Sessions held",
            responses=problem_responses(401, 403, 404))
async def list_sessions(session: ScopedDb, actor: CurrentActor, project_id: ProjectId) -> list[SessionRead]:
    return await service.list_sessions(session, actor, project_id)


@router.post("/projects/{project_id}/sessions", response_model=SessionRead, status_code=201,
             summary="Record a session", description="While the project runs.",
             responses=problem_responses(401, 403, 404, 409, 422))
async def add_session(session: ScopedDb, actor: CurrentActor, project_id: ProjectId, body: SessionCreate,
                      response: Response) -> SessionRead:
    s = await service.add_session(session, actor, project_id, body)
    response.headers["ETag"] = etag(s.version)
    return s


@router.get("/projects/{project_id}/sessions/{session_id}/attendance", response_model=AttendanceRead,
            summary="Who came to a session", responses=problem_responses(401, 403, 404))
async def get_attendance(session: ScopedDb, actor: CurrentActor, project_id: ProjectId,
                         session_id: uuid.UUID) -> AttendanceRead:
    return await service.attendance(session, actor, project_id, session_id)


@router.put("/projects/{project_id}/sessions/{session_id}/attendance", response_model=AttendanceRead,
            summary="Mark who came to a session",
            description="Participants listed are marked present or absent; the others keep their marks. "
                        "If-Match is the session's ETag.",
            responses=problem_responses(401, 403, 404, 409, 422, 428))
async def put_attendance(session: ScopedDb, actor: CurrentActor, project_id: ProjectId, session_id: uuid.UUID,
                         body: AttendanceWrite, version: IfMatch) -> AttendanceRead:
    return await service.record_attendance(session, actor, project_id, session_id, body, version)


# --- satisfaction ---------------------------------------------------------------------------------


@router.get("/projects/{project_id}/satisfaction", response_model=SatisfactionSummary,
            summary="The satisfaction survey's scores", responses=problem_responses(401, 403, 404))
async def get_satisfaction(session: ScopedDb, actor: CurrentActor, project_id: ProjectId) -> SatisfactionSummary:
    return await service.satisfaction(session, actor, project_id)


@router.post("/projects/{project_id}/satisfaction", response_model=SatisfactionSummary, status_code=201,
             summary="Record one satisfaction form", description="Answers the summary with the form counted.",
             responses=problem_responses(401, 403, 404, 409, 422))
async def add_satisfaction(session: ScopedDb, actor: CurrentActor, project_id: ProjectId,
                           body: SatisfactionCreate) -> SatisfactionSummary:
    await service.add_satisfaction(session, actor, project_id, body)
    return await service.satisfaction(session, actor, project_id)


add_workflow_routes(router, PROJECT_PROCESS, prefix="/projects/{project_id}", id_param="project_id",
                    load=service.get_project)


# --- public ---------------------------------------------------------------------------------------

OrgCode = Annotated[str, Path(pattern=r"^\d{7,10}$", description="DLA's code of the local government",
                              examples=["6360602"])]


@public_router.get("/{organisation_code}", response_model=Page[PublicProjectRead],
                   summary="A local government's approved and finished projects",
                   description="No sign-in. Only projects an executive approved (and not cancelled since), without "
                               "the names of any person.",
                   responses=problem_responses(404, 422))
async def public_projects(session: PublicDb, organisation_code: OrgCode, page: PageQuery,
                          fiscal_year_be: Annotated[int | None, Query(ge=2500, le=2700)] = None,
                          category: ProjectCategory | None = None) -> Page[PublicProjectRead]:
    rows, total = await service.public_projects(session, organisation_code, page, fiscal_year_be=fiscal_year_be,
                                                category=category)
    return Page(items=rows, total=total, page=page.page, page_size=page.page_size)


@public_router.get("/{organisation_code}/{project_id}", response_model=PublicProjectDetail,
                   summary="One published project and its results", description="No sign-in.",
                   responses=problem_responses(404, 422))
async def public_project(session: PublicDb, organisation_code: OrgCode, project_id: ProjectId) -> PublicProjectDetail:
    return await service.public_project(session, organisation_code, project_id)
