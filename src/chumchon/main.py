"""The app factory: routers, middleware, error handlers, and the built web app."""

from __future__ import annotations

import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import structlog
from asgi_correlation_id import CorrelationIdMiddleware
from fastapi import APIRouter, FastAPI, Request
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import FileResponse, JSONResponse
from fastapi.routing import APIRoute
from sqlalchemy import text
from starlette.staticfiles import StaticFiles

import chumchon.models  # noqa: F401  (every mapper configured before the first request)
from chumchon import __version__
from chumchon.allowances.router import payroll_router as payrolls_router
from chumchon.allowances.router import router as allowances_router
from chumchon.areas.router import router as areas_router
from chumchon.audit.router import router as audit_router
from chumchon.auth.router import router as auth_router
from chumchon.auth.router import users as users_router
from chumchon.citizens.router import households as households_router
from chumchon.citizens.router import router as citizens_router
from chumchon.core.config import Settings, get_settings
from chumchon.core.db import Database
from chumchon.core.errors import NotFound, install_error_handlers, problem_response
from chumchon.core.logging import configure_logging
from chumchon.core.workflow_api import router as workflow_router
from chumchon.disability_cards.router import routers as disability_card_routers
from chumchon.groups.router import router as groups_router
from chumchon.imports.router import exports_router
from chumchon.imports.router import router as imports_router
from chumchon.integrations.dispatcher import inline_dispatcher
from chumchon.integrations.router import router as webhooks_router
from chumchon.plans.router import router as plans_router
from chumchon.projects.router import public_router as public_projects_router
from chumchon.projects.router import router as projects_router

API_PREFIX = "/api/v1"

TAGS = [
    {"name": "auth", "description": "Signing in: people (password) and agencies' systems (client credentials)"},
    {"name": "users", "description": "Accounts and roles in my organisation"},
    {"name": "areas", "description": "My organisation (องค์กรปกครองส่วนท้องถิ่น) and its villages (หมู่ที่)"},
    {"name": "audit", "description": "Who changed what, when: every write and every read of sensitive data"},
    {"name": "citizens", "description": "The register of people (ทะเบียนประชาชน): national IDs, names, birth "
                                         "dates, addresses, bank accounts, death, moving away, timelines"},
    {"name": "households", "description": "Households (ครัวเรือน) and their members, with history"},
    {"name": "plans", "description": "Community plans (แผนชุมชน): teams, community profile, village forums, "
             "problems and their ranking, options, plan items routed and followed to their outcome"},
    {"name": "groups", "description": "Community groups (กลุ่ม): the ten formation steps, members, committee "
             "terms, the fund ledger, bank accounts and follow-up visits"},
    {"name": "allowances", "description": "Living allowances (เบี้ยยังชีพ): elderly, disability, HIV/AIDS; "
             "programmes, rate tables, registration windows, registrations from documents to the end of the "
             "right"},
    {"name": "payrolls", "description": "Monthly allowance payrolls: computed in the database with back pay, "
             "checked, approved, exported (roster, bank file) and paid"},
    {"name": "webhooks", "description": "Events sent to agencies' systems as they happen: subscriptions, "
             "signed deliveries (`Chumchon-Signature: v1=` HMAC-SHA256 over `timestamp.body`) retried until "
             "accepted, in order per subject, and the delivery log"},
    {"name": "projects", "description": "Projects and trainings (โครงการ): needs surveys, twelve-section "
             "proposals with frozen versions and their differences, approval, target groups and quotas, trainers, "
             "sessions and attendance, budgets against spending, indicators, satisfaction, occupational results, "
             "reports"},
    {"name": "imports", "description": "Bulk import of citizens, allowance beneficiaries and group members from "
             "XLSX and CSV files: dry run with a line-by-line report, then one all-or-nothing commit"},
    {"name": "exports", "description": "Lists as XLSX and CSV with the columns the import reads, so that a "
             "round trip changes nothing"},
    {"name": "public", "description": "Read by anyone, without signing in: approved and finished projects with "
             "their results, and no personal data"},
    {"name": "disability-cards", "description": "Disability ID cards (บัตรประจำตัวคนพิการ): requests (new, renewal, "
             "replacement, change of details) with their documents, sent to the provincial office one by one or in "
             "batches with a cover letter, the cards issued, and the cards that lapse soon"},
    {"name": "province", "description": "For a provincial social development office's system (พมจ., client "
             "credentials): the disability card requests sent to its province, across organisations; mark them "
             "received, issue the card or return them to be fixed. Every POST accepts `Idempotency-Key`"},
    {"name": "workflow", "description": "Across every step process: what is waiting for me (the steps the signed-in "
             "person may take next)"},
    {"name": "health", "description": "Liveness and readiness"},
]

DESCRIPTION = """
Chumchon (ชุมชน) runs the community development and welfare work of a Thai local government.

**Conventions.** All routes are under `/api/v1`. Errors are RFC 9457 `application/problem+json`
with a stable `code`. Lists take `page`, `page_size` and `sort` (prefix `-` to descend) and
answer `{items, total, page, page_size}`. Records carry a `version`; reads send it as `ETag`
and updates need it back in `If-Match` (a stale one gets 409). Dates are ISO, Common Era;
money is a decimal string in baht with two places.
"""


def _operation_id(route: APIRoute) -> str:
    # Stable ids (`tag-name`) keep the generated web client's function names stable.
    tag = route.tags[0] if route.tags else "default"
    return f"{tag}-{route.name}"


def create_app(settings: Settings | None = None, database: Database | None = None) -> FastAPI:
    settings = settings or get_settings()
    configure_logging(settings.log_level, settings.log_json)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        async with inline_dispatcher(app):
            yield
        if database is None:
            await app.state.db.dispose()

    app = FastAPI(
        title="Chumchon API",
        version=__version__,
        description=DESCRIPTION,
        openapi_tags=TAGS,
        generate_unique_id_function=_operation_id,
        lifespan=lifespan,
        docs_url="/docs",
        redoc_url=None,
    )
    app.state.settings = settings
    app.state.db = database or Database(settings.database_url)
    install_error_handlers(app)

    api = APIRouter(prefix=API_PREFIX)
    for router in (auth_router, users_router, areas_router, audit_router, citizens_router, households_router,
                   plans_router, groups_router, allowances_router, payrolls_router, webhooks_router, projects_router,
                   public_projects_router, *disability_card_routers, imports_router, exports_router, workflow_router):
        api.include_router(router)
    app.include_router(api)
    _health_routes(app)

    app.add_middleware(_AccessLog)
    if settings.cors_origins:
        app.add_middleware(CORSMiddleware, allow_origins=settings.cors_origins, allow_credentials=True,
                           allow_methods=["*"], allow_headers=["*"], expose_headers=["ETag", "X-Request-ID"])
    app.add_middleware(CorrelationIdMiddleware, header_name="X-Request-ID")
    _serve_web(app, settings.web_dist or Path("web/dist"))
    return app


class _AccessLog:
    """One JSON line per request, after the request ID is known."""

    def __init__(self, app):  # type: ignore[no-untyped-def]
        self.app = app
        self.log = structlog.get_logger("chumchon.access")

    async def __call__(self, scope, receive, send):  # type: ignore[no-untyped-def]
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        start = time.perf_counter()
        status = 500

        async def _send(message):  # type: ignore[no-untyped-def]
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, _send)
        finally:
            self.log.info("request", method=scope["method"], path=scope["path"], status=status,
                          ms=round((time.perf_counter() - start) * 1000, 1))


def _health_routes(app: FastAPI) -> None:
    @app.get("/health", tags=["health"], summary="The process is up")
    async def health() -> dict[str, str]:
        return {"status": "ok"}

    @app.get("/ready", tags=["health"], summary="The database answers")
    async def ready(request: Request) -> JSONResponse:
        try:
            async with request.app.state.db.engine.connect() as conn:
                await conn.execute(text("SELECT 1"))
        except Exception:  # noqa: BLE001 - any failure means "not ready"
            return problem_response(503, "not_ready", "Not ready", "The database does not answer")
        return JSONResponse({"status": "ready"})


def _serve_web(app: FastAPI, dist: Path) -> None:
    """Serve the built SPA at `/`; any non-API path falls back to index.html (client routes)."""
    index = dist / "index.html"
    if not index.is_file():
        return
    if (dist / "assets").is_dir():
        app.mount("/assets", StaticFiles(directory=dist / "assets"), name="assets")

    @app.get("/{path:path}", include_in_schema=False)
    async def spa(path: str) -> FileResponse:
        candidate = (dist / path).resolve()
        if path and candidate.is_file() and dist.resolve() in candidate.parents:
            return FileResponse(candidate)
        if path.startswith(("api/", "docs", "openapi.json")):
            raise NotFound("No such page", code="not_found")
        return FileResponse(index)
