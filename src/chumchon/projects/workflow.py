"""A project's run (manual 1.13) as a process for the step engine.

survey needs → write the project → propose it to the executives (approve, return with
comments, or reject) → define the target group → coordinate trainers → run it → follow up
and evaluate → close with a summary report to the executives.

The work of each step is recorded through the project's own endpoints (surveys, the
proposal's sections, participants, trainers, sessions, results); the guards read those
records and say what is still missing. Submitting freezes the proposal as a new version;
the executive's decision is written on that version.
"""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, ConfigDict, Field

from chumchon.auth.permissions import P
from chumchon.core.workflow import Context, Listing, NoEvidence, Process, State, Step, Transition
from chumchon.projects import service
from chumchon.projects.models import STATE_LABELS, ProjectState
from chumchon.projects.schemas import SectionComment

S = ProjectState


# --- evidence -----------------------------------------------------------------------------------


class _Evidence(BaseModel):
    model_config = ConfigDict(extra="forbid")


class ApproveEvidence(_Evidence):
    """The executive's approval of the version under consideration."""

    approved_on: date = Field(..., description="ISO date, CE", examples=["2025-12-01"])
    comment: str | None = Field(None, max_length=5000, examples=["อนุมัติ ให้ดำเนินการตามแผน"])


class ReturnEvidence(_Evidence):
    """Comments on the sections to revise; the reason as a whole goes in `note`."""

    comments: list[SectionComment] = Field(default_factory=list, max_length=50)


class StartEvidence(_Evidence):
    started_on: date = Field(..., description="The first day of activities", examples=["2026-01-10"])


class EvaluateEvidence(_Evidence):
    evaluated_on: date = Field(..., examples=["2026-04-10"])
    summary: str = Field(..., min_length=1, max_length=20000, description="What the follow-up found",
                         examples=["ผู้เข้าอบรมร้อยละ 85 นำความรู้ไปทำขนมขาย"])


class CloseEvidence(_Evidence):
    """The summary report to the executives that closes the project."""

    closed_on: date = Field(..., examples=["2026-04-30"])
    report: str = Field(..., min_length=1, max_length=50000, description="The summary report (รายงานผลโครงการ)",
                        examples=["ดำเนินโครงการครบตามแผน ใช้งบประมาณ 11,500 บาท ผู้เข้าร่วม 30 คน"])


# --- guards -------------------------------------------------------------------------------------


async def _surveyed(ctx: Context) -> str | None:
    return None if await service.count_surveys(ctx.session, ctx.subject.id) else "projects.no_survey"


async def _proposal_complete(ctx: Context) -> str | None:
    return "projects.proposal_incomplete" if await service.missing_sections(ctx.session, ctx.subject) else None


async def _has_participants(ctx: Context) -> str | None:
    return None if await service.count_participants(ctx.session, ctx.subject.id) else "projects.no_participants"


async def _has_trainers(ctx: Context) -> str | None:
    return None if await service.count_trainers(ctx.session, ctx.subject.id) else "projects.no_trainers"


async def _has_sessions(ctx: Context) -> str | None:
    return None if await service.count_sessions(ctx.session, ctx.subject.id) else "projects.no_sessions"


async def _results_recorded(ctx: Context) -> str | None:
    return "projects.results_missing" if await service.count_unmeasured(ctx.session, ctx.subject.id) else None


# --- effects ------------------------------------------------------------------------------------


async def _freeze(ctx: Context) -> None:
    await service.freeze_version(ctx.session, ctx.actor, ctx.subject)


async def _approve(ctx: Context) -> None:
    e = ctx.evidence
    assert isinstance(e, ApproveEvidence)
    version = await service.decide_version(ctx.session, ctx.actor, ctx.subject, "approved", e.comment or ctx.note)
    ctx.subject.approved_on = e.approved_on
    ctx.subject.approved_version_no = version.version_no


async def _return(ctx: Context) -> None:
    e = ctx.evidence
    assert isinstance(e, ReturnEvidence)
    await service.decide_version(ctx.session, ctx.actor, ctx.subject, "returned", ctx.note, e.comments)


async def _reject(ctx: Context) -> None:
    await service.decide_version(ctx.session, ctx.actor, ctx.subject, "rejected", ctx.note)
    await service.unlink_plan_item(ctx.session, ctx.subject)


async def _unlink(ctx: Context) -> None:
    await service.unlink_plan_item(ctx.session, ctx.subject)


async def _start(ctx: Context) -> None:
    assert isinstance(ctx.evidence, StartEvidence)
    ctx.subject.started_on = ctx.evidence.started_on


async def _evaluate(ctx: Context) -> None:
    e = ctx.evidence
    assert isinstance(e, EvaluateEvidence)
    ctx.subject.evaluated_on = e.evaluated_on
    ctx.subject.evaluation_summary = e.summary


async def _close(ctx: Context) -> None:
    e = ctx.evidence
    assert isinstance(e, CloseEvidence)
    ctx.subject.closed_on = e.closed_on
    ctx.subject.closing_report = e.report


# --- the process --------------------------------------------------------------------------------

# Ranks follow the main path; returned sits with drafting, rejected with approved, and the
# terminal cancelled after everything, so the tracker keeps what was done before it.
RANK: dict[ProjectState, int] = {
    S.surveying: 0, S.drafting: 1, S.returned: 1, S.submitted: 2, S.approved: 3, S.rejected: 3,
    S.target_group_set: 4, S.trainers_coordinated: 5, S.running: 6, S.evaluated: 7, S.closed: 8, S.cancelled: 9,
}
TERMINAL = frozenset({S.rejected, S.closed, S.cancelled})


def _state(s: ProjectState) -> State:
    label_th, label_en = STATE_LABELS[s]
    return State(s.value, label_th, label_en, rank=RANK[s], terminal=s in TERMINAL)


def _t(name: str, sources: set[ProjectState], target: ProjectState, label_th: str, label_en: str, *,
       permission: str = P.projects_write, **kw: object) -> Transition:
    return Transition(name=name, sources=frozenset(s.value for s in sources), target=target.value,
                      permission=str(permission), label_th=label_th, label_en=label_en, **kw)  # type: ignore[arg-type]


TRANSITIONS = (
    _t("finish_survey", {S.surveying}, S.drafting, "สำรวจความต้องการเสร็จ เริ่มเขียนโครงการ",
       "Needs surveyed; write the proposal", evidence=NoEvidence, guards=(_surveyed,)),
    _t("submit", {S.drafting, S.returned}, S.submitted, "เสนอโครงการต่อผู้บริหารพิจารณา",
       "Submit the proposal to the executives", evidence=NoEvidence, guards=(_proposal_complete,),
       effect=_freeze, event="project.submitted"),
    _t("approve", {S.submitted}, S.approved, "ผู้บริหารอนุมัติโครงการ", "An executive approves the project",
       permission=P.projects_approve, evidence=ApproveEvidence, effect=_approve, event="project.approved"),
    _t("return_for_revision", {S.submitted}, S.returned, "ผู้บริหารส่งกลับให้แก้ไข",
       "An executive returns the proposal for revision", permission=P.projects_approve, evidence=ReturnEvidence,
       effect=_return, kind="back", requires_note=True, event="project.returned"),
    _t("reject", {S.submitted}, S.rejected, "ผู้บริหารไม่อนุมัติโครงการ", "An executive rejects the project",
       permission=P.projects_approve, evidence=NoEvidence, effect=_reject, kind="branch", requires_note=True,
       event="project.rejected"),
    _t("set_target_group", {S.approved}, S.target_group_set, "กำหนดกลุ่มเป้าหมาย", "Set the target group",
       evidence=NoEvidence, guards=(_has_participants,)),
    _t("coordinate_trainers", {S.target_group_set}, S.trainers_coordinated, "ประสานวิทยากร",
       "Coordinate the trainers", evidence=NoEvidence, guards=(_has_trainers,)),
    _t("start", {S.trainers_coordinated}, S.running, "ดำเนินโครงการ / จัดฝึกอบรม", "Run the project",
       evidence=StartEvidence, guards=(_has_participants, _has_trainers), effect=_start),
    _t("evaluate", {S.running}, S.evaluated, "ติดตามและประเมินผล", "Follow up and evaluate",
       evidence=EvaluateEvidence, guards=(_has_sessions, _results_recorded), effect=_evaluate),
    _t("close", {S.evaluated}, S.closed, "ปิดโครงการและรายงานผลต่อผู้บริหาร",
       "Close with a summary report to the executives", evidence=CloseEvidence, effect=_close,
       event="project.closed"),
    _t("withdraw", {S.surveying, S.drafting, S.returned}, S.cancelled, "ถอนโครงการก่อนเสนอ",
       "Withdraw the project before it is approved", evidence=NoEvidence, kind="branch", requires_note=True,
       effect=_unlink, event="project.cancelled"),
    _t("cancel", {S.approved, S.target_group_set, S.trainers_coordinated, S.running}, S.cancelled,
       "ผู้บริหารยกเลิกโครงการ", "An executive cancels the approved project", permission=P.projects_approve,
       evidence=NoEvidence, kind="branch", requires_note=True, effect=_unlink, event="project.cancelled"),
)

STEPS = (
    Step("survey", "finish_survey", "1. สำรวจความต้องการ", "1. Survey needs"),
    Step("write", "submit", "2. เขียนโครงการและเสนอผู้บริหาร", "2. Write and submit the project"),
    Step("consider", "approve", "3. ผู้บริหารพิจารณาอนุมัติ", "3. Executives consider it"),
    Step("target_group", "set_target_group", "4. กำหนดกลุ่มเป้าหมาย", "4. Define the target group"),
    Step("trainers", "coordinate_trainers", "5. ประสานวิทยากร", "5. Coordinate trainers"),
    Step("run", "start", "6. ดำเนินโครงการ", "6. Run the training"),
    Step("evaluate", "evaluate", "7. ติดตามและประเมินผล", "7. Follow up and evaluate"),
    Step("close", "close", "8. รายงานผลและปิดโครงการ", "8. Report and close"),
)

PROJECT_PROCESS = Process(
    name="project",
    subject_type="project",
    states=[_state(s) for s in ProjectState],
    initial=S.surveying.value,
    transitions=TRANSITIONS,
    steps=STEPS,
    listing=Listing(link="/projects/{id}", read_permission=P.projects_read),
)
