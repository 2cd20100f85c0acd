"""What the plan tests share: problem assertions, HTTP shortcuts, and a snapshot of every
row a refused request could have half-written."""

from __future__ import annotations

from typing import Any

import httpx
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from chumchon.areas.models import Organisation
from chumchon.core.audit import AuditEntry
from chumchon.core.outbox import OutboxEvent
from chumchon.core.workflow import WorkflowEntry
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

API = "/api/v1"

EVIDENCE: dict[str, dict[str, Any]] = {
    "gather_data": {"evidence": {"preparation_meeting_on": "2025-10-20", "preparation_attendance": 24}},
    "make_plan": {"evidence": {"adopted_on": "2025-12-05"}},
    "propose": {"evidence": {"proposed_on": "2026-01-15"}},
    "close": {},
    "back_to_preparing": {"note": "ทีมขับเคลื่อนเปลี่ยนตัวประธาน"},
    "back_to_data_gathered": {"note": "ต้องจัดประชาคมเพิ่ม"},
    "back_to_plan_made": {"note": "ต้องแก้ช่องทางของรายการ"},
    "reopen": {"note": "ปิดแผนก่อนได้รับผลครบ"},
}


def assert_problem(r: httpx.Response, status: int, code: str) -> dict[str, Any]:
    assert r.status_code == status, r.text
    assert r.headers["content-type"].startswith("application/problem+json"), r.headers["content-type"]
    body = r.json()
    assert body["code"] == code, body
    assert "Traceback" not in r.text
    return body


def plan_url(plan_id: Any, tail: str = "") -> str:
    return f"{API}/plans/{plan_id}{tail}"


async def fire(client: httpx.AsyncClient, headers: dict[str, str], plan_id: Any, transition: str,
               body: dict[str, Any] | None = None) -> httpx.Response:
    payload = EVIDENCE[transition] if body is None else body
    return await client.post(plan_url(plan_id, f"/workflow/{transition}"), json=payload, headers=headers)


async def snapshot(db: AsyncSession, organisation: Organisation) -> dict[str, Any]:
    """Everything a request of this organisation could write: if a refused request leaves
    this unchanged, nothing was half-written."""
    out: dict[str, Any] = {}
    for model in (CommunityPlan, PlanTeamMember, PlanProfile, PlanForum, PlanProblem, PlanRanking, PlanOption,
                  PlanItem, WorkflowEntry, OutboxEvent, AuditEntry):
        out[model.__tablename__] = (await db.execute(
            select(func.count()).select_from(model).where(model.organisation_id == organisation.id))).scalar_one()
    for model in (CommunityPlan, PlanTeamMember, PlanProfile, PlanForum, PlanProblem, PlanRanking, PlanOption,
                  PlanItem):
        rows = (await db.execute(select(model.id, model.version).where(model.organisation_id == organisation.id)
                                 .order_by(model.id))).all()
        out[f"{model.__tablename__}.versions"] = [tuple(r) for r in rows]
    out["states"] = [tuple(r) for r in (await db.execute(
        select(CommunityPlan.id, CommunityPlan.state).where(CommunityPlan.organisation_id == organisation.id)
        .order_by(CommunityPlan.id))).all()]
    return out
