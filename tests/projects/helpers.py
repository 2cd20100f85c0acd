"""What the project tests share: problem assertions, HTTP shortcuts, valid evidence for each
step, and a snapshot of every row a refused request could have half-written."""

from __future__ import annotations

from typing import Any

import httpx
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from chumchon.areas.models import Organisation
from chumchon.core.audit import AuditEntry
from chumchon.core.outbox import OutboxEvent
from chumchon.core.workflow import WorkflowEntry
from chumchon.projects.models import (
    Attendance,
    BudgetLine,
    BudgetOverrun,
    Indicator,
    NeedsSurvey,
    Participant,
    ParticipantOutcome,
    Project,
    ProjectSession,
    ProposalVersion,
    Quota,
    SatisfactionResponse,
    Spending,
    Trainer,
)

API = "/api/v1"
TABLES = (Project, NeedsSurvey, BudgetLine, BudgetOverrun, Spending, Indicator, ProposalVersion, Quota, Participant,
          Trainer, ProjectSession, Attendance, SatisfactionResponse, ParticipantOutcome)

EVIDENCE: dict[str, dict[str, Any]] = {
    "finish_survey": {},
    "submit": {},
    "approve": {"evidence": {"approved_on": "2025-12-01", "comment": "อนุมัติ"}},
    "return_for_revision": {"evidence": {"comments": [{"section": 5, "comment": "ระบุเป้าหมายเชิงคุณภาพให้วัดได้"}]},
                            "note": "ขอให้ปรับเป้าหมายก่อนเสนออีกครั้ง"},
    "reject": {"note": "ซ้ำกับโครงการของ อบจ."},
    "set_target_group": {},
    "coordinate_trainers": {},
    "start": {"evidence": {"started_on": "2026-01-10"}},
    "evaluate": {"evidence": {"evaluated_on": "2026-03-25", "summary": "ผู้เข้าอบรมร้อยละ 85 นำความรู้ไปใช้"}},
    "close": {"evidence": {"closed_on": "2026-03-31", "report": "ดำเนินโครงการครบตามแผน ผู้เข้าร่วม 30 คน"}},
    "withdraw": {"note": "ชุมชนขอเลื่อนไปปีหน้า"},
    "cancel": {"note": "งบประมาณถูกโอนไปใช้ในกรณีฉุกเฉิน"},
}


def assert_problem(r: httpx.Response, status: int, code: str) -> dict[str, Any]:
    assert r.status_code == status, r.text
    assert r.headers["content-type"].startswith("application/problem+json"), r.headers["content-type"]
    body = r.json()
    assert body["code"] == code, body
    assert "Traceback" not in r.text
    return body


def url(project_id: Any, tail: str = "") -> str:
    return f"{API}/projects/{project_id}{tail}"


async def fire(client: httpx.AsyncClient, headers: dict[str, str], project_id: Any, transition: str,
               body: dict[str, Any] | None = None) -> httpx.Response:
    payload = EVIDENCE[transition] if body is None else body
    return await client.post(url(project_id, f"/workflow/{transition}"), json=payload, headers=headers)


async def ok(r: httpx.Response, status: int = 200) -> Any:
    assert r.status_code == status, r.text
    return r.json()


async def snapshot(db: AsyncSession, organisation: Organisation) -> dict[str, Any]:
    """Every row a request of this organisation could write, counted, with each record's
    version: a refused request that leaves this unchanged half-wrote nothing."""
    out: dict[str, Any] = {}
    for model in (*TABLES, WorkflowEntry, OutboxEvent, AuditEntry):
        out[model.__tablename__] = (await db.execute(
            select(func.count()).select_from(model).where(model.organisation_id == organisation.id))).scalar_one()
    for model in TABLES:
        rows = (await db.execute(select(model.id, model.version).where(model.organisation_id == organisation.id)
                                 .order_by(model.id).execution_options(populate_existing=True))).all()
        out[f"{model.__tablename__}.versions"] = [tuple(r) for r in rows]
    out["states"] = [tuple(r) for r in (await db.execute(
        select(Project.id, Project.state).where(Project.organisation_id == organisation.id)
        .order_by(Project.id))).all()]
    return out


async def refused(db: AsyncSession, organisation: Organisation, request: Any, status: int,
                  code: str) -> dict[str, Any]:
    """Send `request` (an awaitable response) and show it was refused and wrote nothing."""
    before = await snapshot(db, organisation)
    body = assert_problem(await request, status, code)
    assert await snapshot(db, organisation) == before
    return body
