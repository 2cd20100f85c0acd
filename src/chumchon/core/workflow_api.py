"""HTTP routes for any process: its view, and one typed endpoint per transition.

`add_workflow_routes(router, process, ...)` gives a domain
`GET  {prefix}/workflow` (state, steps with evidence, open and closed actions) and
`POST {prefix}/workflow/{transition}` for each transition, whose body schema is that
transition's evidence model, so the contract documents every step. A process given routes is
registered, so `GET /workflow/waiting` (the `router` here) lists its subjects too.
"""

from __future__ import annotations

import inspect
import uuid
from collections.abc import Awaitable, Callable
from typing import Annotated, Any

from fastapi import APIRouter, Body, Path, Query
from pydantic import BaseModel, create_model
from sqlalchemy.ext.asyncio import AsyncSession

from chumchon.auth.deps import CurrentActor, ScopedDb
from chumchon.core import workflow
from chumchon.core.context import Actor
from chumchon.core.errors import problem_responses
from chumchon.core.pagination import Page

# Loads the subject through the domain's service (which applies scope and read permission).
Loader = Callable[[AsyncSession, Actor, uuid.UUID], Awaitable[Any]]


def _camel(name: str) -> str:
    return "".join(part.capitalize() for part in name.replace("-", "_").split("_"))


def _request_model(process: workflow.Process, t: workflow.Transition) -> type[BaseModel]:
    return create_model(
        f"{_camel(process.name)}{_camel(t.name)}Request",
        evidence=(t.evidence, Body(default_factory=dict) if not t.evidence.model_fields else ...),
        note=(str | None, None),
        __doc__=f"{t.label_en} ({t.label_th}). Permission: `{t.permission}`."
        + (" A reason in `note` is required." if t.requires_note else ""),
    )


def add_workflow_routes(router: APIRouter, process: workflow.Process, *, prefix: str, id_param: str,
                        load: Loader, on_fired: Callable[..., Awaitable[None]] | None = None) -> None:
    workflow.register(process)
    tag = router.tags[0] if router.tags else process.subject_type
    id_path = Path(description=f"The {process.subject_type}'s id")

    def _signature(extra: list[inspect.Parameter]) -> inspect.Signature:
        return inspect.Signature([
            inspect.Parameter("session", inspect.Parameter.KEYWORD_ONLY, annotation=ScopedDb),
            inspect.Parameter("actor", inspect.Parameter.KEYWORD_ONLY, annotation=CurrentActor),
            inspect.Parameter(id_param, inspect.Parameter.KEYWORD_ONLY, annotation=uuid.UUID, default=id_path),
            *extra,
        ])

    async def get_view(**kw: Any) -> workflow.WorkflowRead:
        subject = await load(kw["session"], kw["actor"], kw[id_param])
        return await workflow.view(kw["session"], process, subject, kw["actor"])

    get_view.__signature__ = _signature([])  # type: ignore[attr-defined]
    router.add_api_route(
        f"{prefix}/workflow", get_view, methods=["GET"], response_model=workflow.WorkflowRead,
        name=f"{process.name}_workflow", summary=f"Where this {process.subject_type} stands: steps, history, actions",
        responses=problem_responses(401, 403, 404), tags=[tag],
    )

    for t in process.transitions:
        model = _request_model(process, t)

        def make(t: workflow.Transition = t) -> Callable[..., Awaitable[workflow.WorkflowRead]]:
            async def fire(**kw: Any) -> workflow.WorkflowRead:
                session, actor = kw["session"], kw["actor"]
                body = kw["body"]
                subject = await load(session, actor, kw[id_param])
                await workflow.fire(session, process, subject, t.name, actor, evidence=body.evidence, note=body.note)
                if on_fired is not None:
                    await on_fired(session, actor, subject, t)
                return await workflow.view(session, process, subject, actor)

            fire.__signature__ = _signature([  # type: ignore[attr-defined]
                inspect.Parameter("body", inspect.Parameter.KEYWORD_ONLY, annotation=model),
            ])
            return fire

        router.add_api_route(
            f"{prefix}/workflow/{t.name}", make(), methods=["POST"], response_model=workflow.WorkflowRead,
            name=f"{process.name}_{t.name}", summary=f"{t.label_en} ({t.label_th})",
            description=(model.__doc__ or ""), responses=problem_responses(401, 403, 404, 409, 422), tags=[tag],
        )


router = APIRouter(prefix="/workflow", tags=["workflow"])


@router.get("/waiting", response_model=Page[workflow.WaitingRead], name="waiting",
            summary="Steps waiting for me: subjects of every process whose next step is mine to take",
            description="Groups, plans, projects, disability card requests, allowance registrations, payrolls… in a "
                        "state from which a forward step needs a permission the caller holds; newest arrival in "
                        "that state first. Only the caller's organisation; HIV/AIDS registrations and payrolls only "
                        "with `sensitive:read` (each such listing is logged).",
            responses=problem_responses(401, 422))
async def get_waiting(
    session: ScopedDb, actor: CurrentActor,
    page: Annotated[int, Query(ge=1, description="1-based page number")] = 1,
    page_size: Annotated[int, Query(ge=1, le=200, description="Rows per page (at most 200)")] = 25,
    process: Annotated[list[str] | None, Query(description="Only these processes (repeat the parameter)")] = None,
) -> Page[workflow.WaitingRead]:
    items, total = await workflow.waiting(session, actor, page=page, page_size=page_size, processes=process)
    return Page(items=items, total=total, page=page, page_size=page_size)
