"""Project records straight in the database, with explicit defaults: for tests that need a
project standing at a given step, and for the tenancy registry."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from chumchon.areas.models import Organisation
from chumchon.projects import proposal
from chumchon.projects.models import (
    Attendance,
    BudgetLine,
    Indicator,
    NeedsSurvey,
    Participant,
    Project,
    ProjectSession,
    ProposalVersion,
    Quota,
    Spending,
    Trainer,
)
from tests.projects.helpers import EVIDENCE

# A proposal with every section written (its budget is 6,000 + 3,600 + 2,400 = 12,000 baht).
SECTIONS: dict[str, Any] = dict(
    plan_name="แผนงานสร้างความเข้มแข็งของชุมชน",
    rationale="ประชาชนในพื้นที่ว่างงานหลังฤดูเก็บเกี่ยว และต้องการอาชีพเสริมเพื่อเพิ่มรายได้ของครัวเรือน",
    objectives=["เพื่อให้ผู้เข้าอบรมมีทักษะการทำขนมไทย", "เพื่อให้ผู้เข้าอบรมมีรายได้เสริม"],
    target_group="ประชาชนผู้ว่างงานในเขตเทศบาล", target_quantity=30, target_unit="คน",
    target_quality="ผู้เข้าอบรมร้อยละ 80 นำความรู้ไปประกอบอาชีพได้",
    method=[{"description": "ประชุมคณะทำงานวางแผนการฝึกอบรม", "period": "ธันวาคม 2568"},
            {"description": "จัดฝึกอบรมภาคทฤษฎีและปฏิบัติ", "period": "มกราคม 2569"},
            {"description": "ติดตามและประเมินผล", "period": "มีนาคม 2569"}],
    starts_on=date(2026, 1, 5), ends_on=date(2026, 3, 31),
    responsible="กองสวัสดิการสังคม เทศบาลตำบลหนองบัวใหญ่",
    supporting_agency="สำนักงานพัฒนาชุมชนอำเภอจัตุรัส",
    benefits=["ผู้เข้าอบรมมีรายได้เสริม", "เกิดกลุ่มอาชีพในชุมชน"],
)
LINES = [("ค่าวัสดุฝึกอบรม", 30, "ชุด", Decimal("200.00")),
         ("ค่าตอบแทนวิทยากร", 6, "ชั่วโมง", Decimal("600.00")),
         ("ค่าอาหารว่างและเครื่องดื่ม", 30, "คน", Decimal("80.00"))]
TOTAL = Decimal("12000.00")

# The states at or after approval, where the target group, trainers and the rest are recorded.
AFTER_APPROVAL = {"approved", "target_group_set", "trainers_coordinated", "running", "evaluated", "closed",
                  "cancelled"}


async def _add(session: AsyncSession, obj: Any) -> Any:
    session.add(obj)
    await session.flush()
    return obj


async def make_project(session: AsyncSession, organisation: Organisation, **overrides: Any) -> Project:
    """A project at its needs survey, with only a name and category."""
    values: dict[str, Any] = dict(organisation_id=organisation.id, name="โครงการฝึกอบรมอาชีพการทำขนมไทย",
                                  category="occupational_training", fiscal_year_be=2569, state="surveying",
                                  objectives=[], method=[], benefits=[])
    values.update(overrides)
    return await _add(session, Project(**values))


async def make_survey(session: AsyncSession, project: Project, **overrides: Any) -> NeedsSurvey:
    values: dict[str, Any] = dict(organisation_id=project.organisation_id, project_id=project.id,
                                  surveyed_on=date(2025, 10, 15), method="แบบสอบถาม",
                                  respondents="ผู้ว่างงาน หมู่ที่ 1-5", respondent_count=85,
                                  needs=["ฝึกอาชีพทำขนม"], attachment_ids=[])
    values.update(overrides)
    return await _add(session, NeedsSurvey(**values))


async def make_line(session: AsyncSession, project: Project, seq: int = 1, **overrides: Any) -> BudgetLine:
    item, quantity, unit, cost = LINES[(seq - 1) % len(LINES)]
    values: dict[str, Any] = dict(organisation_id=project.organisation_id, project_id=project.id, seq=seq,
                                  item=item, quantity=quantity, unit=unit, unit_cost=cost, amount=cost * quantity,
                                  source="local_budget")
    values.update(overrides)
    return await _add(session, BudgetLine(**values))


async def make_indicator(session: AsyncSession, project: Project, seq: int = 1, **overrides: Any) -> Indicator:
    values: dict[str, Any] = dict(organisation_id=project.organisation_id, project_id=project.id, seq=seq,
                                  name="ร้อยละของผู้เข้าอบรมที่นำความรู้ไปใช้", target_value=Decimal("80.00"),
                                  unit="ร้อยละ", comparison="at_least", measured_by="แบบติดตามผลหลังอบรม")
    values.update(overrides)
    return await _add(session, Indicator(**values))


async def make_version(session: AsyncSession, project: Project, version_no: int = 1, **overrides: Any
                       ) -> ProposalVersion:
    values: dict[str, Any] = dict(organisation_id=project.organisation_id, project_id=project.id,
                                  version_no=version_no, submitted_at=datetime(2025, 11, 20, tzinfo=UTC),
                                  submitted_by="ผู้ใช้ ทดสอบ", snapshot=proposal.snapshot(project, [], []),
                                  section_comments=[])
    values.update(overrides)
    return await _add(session, ProposalVersion(**values))


async def make_quota(session: AsyncSession, project: Project, **overrides: Any) -> Quota:
    values: dict[str, Any] = dict(organisation_id=project.organisation_id, project_id=project.id,
                                  label="ผู้ว่างงาน", seats=10)
    values.update(overrides)
    return await _add(session, Quota(**values))


async def make_participant(session: AsyncSession, project: Project, **overrides: Any) -> Participant:
    values: dict[str, Any] = dict(organisation_id=project.organisation_id, project_id=project.id,
                                  full_name="นางสมศรี ใจดี", joined_on=date(2026, 1, 5))
    values.update(overrides)
    return await _add(session, Participant(**values))


async def make_trainer(session: AsyncSession, project: Project, **overrides: Any) -> Trainer:
    values: dict[str, Any] = dict(organisation_id=project.organisation_id, project_id=project.id,
                                  full_name="นางสาวขนิษฐา ขนมหวาน", organisation="วิทยาลัยชุมชนชัยภูมิ",
                                  topic="การทำขนมไทย", fee=Decimal("3600.00"))
    values.update(overrides)
    return await _add(session, Trainer(**values))


async def make_session(session: AsyncSession, project: Project, **overrides: Any) -> ProjectSession:
    values: dict[str, Any] = dict(organisation_id=project.organisation_id, project_id=project.id,
                                  held_on=date(2026, 1, 10), place="ศาลาประชาคม", topic="ขนมชั้น")
    values.update(overrides)
    return await _add(session, ProjectSession(**values))


async def make_attendance(session: AsyncSession, s: ProjectSession, participant: Participant,
                          present: bool = True) -> Attendance:
    return await _add(session, Attendance(organisation_id=s.organisation_id, project_id=s.project_id,
                                          session_id=s.id, participant_id=participant.id, present=present))


async def make_spending(session: AsyncSession, line: BudgetLine, **overrides: Any) -> Spending:
    values: dict[str, Any] = dict(organisation_id=line.organisation_id, project_id=line.project_id, line_id=line.id,
                                  spent_on=date(2026, 1, 12), amount=Decimal("1000.00"), description="ซื้อวัสดุ",
                                  recorded_by="ผู้ใช้ ทดสอบ")
    values.update(overrides)
    return await _add(session, Spending(**values))


async def make_complete_project(session: AsyncSession, organisation: Organisation, *, state: str = "surveying",
                                **overrides: Any) -> Project:
    """A project at `state` with every record each step's guards ask for, so that only the
    state decides whether a transition may fire."""
    project = await make_project(session, organisation, state=state, **{**SECTIONS, **overrides})
    await make_survey(session, project)
    for seq in range(1, len(LINES) + 1):
        await make_line(session, project, seq)
    await make_indicator(session, project, result_value=Decimal("85.00"), result_recorded_on=date(2026, 3, 25))
    if state == "submitted":
        await make_version(session, project)
    elif state in AFTER_APPROVAL | {"returned", "rejected"}:
        decision = {"returned": "returned", "rejected": "rejected"}.get(state, "approved")
        await make_version(session, project, decision=decision, decided_at=datetime(2025, 12, 1, tzinfo=UTC),
                           decided_by="นายกเทศมนตรี")
    if state in AFTER_APPROVAL:
        participant = await make_participant(session, project)
        await make_trainer(session, project)
        s = await make_session(session, project)
        await make_attendance(session, s, participant)
    return project


# --- the tenancy registry (tests/core/test_tenancy.py) ---------------------------------------------

_LINE_PATHS = ("/api/v1/projects/{project_id}/budget-lines/{line_id}",
               "/api/v1/projects/{project_id}/budget-lines/{line_id}/remove",
               "/api/v1/projects/{project_id}/budget-lines/{line_id}/overruns")
# `line_id` also names a payroll's line, so the budget line's entries are keyed by path.
_LINE_KEY = f"{_LINE_PATHS[0]}#line_id"


def tenancy_records(mark: str) -> dict[str, Any]:
    """Organisation B's project records for every path parameter of the projects' routes;
    `mark` goes into their names so that a leak is easy to spot."""

    async def project(rec: Any) -> Project:
        return await make_project(rec.db, rec.org, name=f"โครงการ {mark}", **SECTIONS)

    async def line(rec: Any) -> BudgetLine:
        return await make_line(rec.db, await rec.get("project_id"), item=f"รายการ {mark}")

    async def version_no(rec: Any) -> int:
        await make_version(rec.db, await rec.get("project_id"))
        return 1

    async def child(rec: Any, factory: Any, **values: Any) -> Any:
        return await factory(rec.db, await rec.get("project_id"), **values)

    async def spending(rec: Any) -> Spending:
        return await make_spending(rec.db, await rec.get(_LINE_KEY), description=f"จ่าย {mark}")

    return {
        "project_id": project,
        **{f"{path}#line_id": line for path in _LINE_PATHS},
        "spending_id": spending,
        "indicator_id": lambda rec: child(rec, make_indicator, name=f"ตัวชี้วัด {mark}"),
        "participant_id": lambda rec: child(rec, make_participant, full_name=f"ผู้เข้าร่วม {mark}"),
        "trainer_id": lambda rec: child(rec, make_trainer, full_name=f"วิทยากร {mark}"),
        "session_id": lambda rec: child(rec, make_session, topic=f"หัวข้อ {mark}"),
        "version_no": version_no,
        # The public routes take the organisation's code; B's own code with B's project that is
        # not published still answers 404 (tests/projects/test_reports_and_public.py tries A's).
        "organisation_code": lambda rec: _value(rec.org.code),
    }


async def _value(value: Any) -> Any:
    return value


def _tenancy_bodies() -> dict[tuple[str, str], dict[str, Any]]:
    one = "00000000-0000-0000-0000-000000000001"
    p = "/api/v1/projects/{project_id}"
    bodies: dict[tuple[str, str], dict[str, Any]] = {
        ("PATCH", p): {"rationale": "ถูกแก้โดย อปท เอ"},
        ("POST", f"{p}/surveys"): {"surveyed_on": "2025-10-15", "method": "x", "respondents": "x",
                                   "respondent_count": 1, "needs": ["x"]},
        ("POST", f"{p}/budget-lines"): {"item": "x", "quantity": 1, "unit": "x", "unit_cost": "1.00"},
        ("PATCH", f"{p}/budget-lines/{{line_id}}"): {"quantity": 2},
        ("POST", f"{p}/budget-lines/{{line_id}}/overruns"): {"amount": "1.00", "approved_on": "2026-01-09",
                                                            "reason": "x"},
        ("POST", f"{p}/spending"): {"line_id": one, "spent_on": "2026-01-08", "amount": "1.00", "description": "x"},
        ("POST", f"{p}/spending/{{spending_id}}/void"): {"reason": "x"},
        ("POST", f"{p}/indicators"): {"name": "x", "target_value": "1", "unit": "x", "measured_by": "x"},
        ("PATCH", f"{p}/indicators/{{indicator_id}}"): {"unit": "x"},
        ("PUT", f"{p}/indicators/{{indicator_id}}/result"): {"result_value": "1", "recorded_on": "2026-03-25"},
        ("POST", f"{p}/quotas"): {"label": "x", "seats": 1},
        ("POST", f"{p}/participants"): {"full_name": "x", "joined_on": "2026-01-05"},
        ("POST", f"{p}/participants/{{participant_id}}/withdraw"): {"withdrawn_on": "2026-01-20", "reason": "x"},
        ("POST", f"{p}/participants/{{participant_id}}/outcomes"): {"recorded_on": "2026-03-30", "activity": "x"},
        ("POST", f"{p}/trainers"): {"full_name": "x", "organisation": "x", "topic": "x", "fee": "1.00"},
        ("POST", f"{p}/trainers/{{trainer_id}}/cancel"): {"reason": "x"},
        ("POST", f"{p}/sessions"): {"held_on": "2026-01-10", "place": "x", "topic": "x"},
        ("PUT", f"{p}/sessions/{{session_id}}/attendance"): {"entries": [{"participant_id": one, "present": True}]},
        ("POST", f"{p}/satisfaction"): {"answered_on": "2026-01-10", "overall": 5},
    }
    for name, body in EVIDENCE.items():
        bodies[("POST", f"{p}/workflow/{name}")] = body
    return bodies


TENANCY_BODIES = _tenancy_bodies()
