"""Domain errors and their RFC 9457 problem+json form.

Services raise these plain exceptions with a stable `code`; one set of handlers turns them
(and validation, HTTP and unexpected errors) into problem+json. No stack trace leaves.
"""

from __future__ import annotations

from typing import Any

import structlog
from asgi_correlation_id import correlation_id
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError
from starlette.exceptions import HTTPException as StarletteHTTPException

from chumchon.core.thai import ThaiFormatError

log = structlog.get_logger(__name__)

PROBLEM_JSON = "application/problem+json"


class DomainError(Exception):
    status: int = 400
    code: str = "error"
    title: str = "Bad request"
    # Most refusals undo everything; a few record the refusal itself (a failed sign-in).
    keep_changes: bool = False

    def __init__(
        self,
        detail: str | None = None,
        *,
        code: str | None = None,
        errors: list[dict[str, Any]] | None = None,
        headers: dict[str, str] | None = None,
        **extra: Any,
    ) -> None:
        self.detail = detail or self.title
        if code:
            self.code = code
        self.errors = errors
        self.headers = headers
        self.extra = extra
        super().__init__(self.detail)


class NotFound(DomainError):
    status, code, title = 404, "not_found", "Not found"


class Forbidden(DomainError):
    status, code, title = 403, "forbidden", "Not allowed"


class Unauthorized(DomainError):
    status, code, title = 401, "auth.unauthorized", "Not signed in"

    def __init__(self, detail: str | None = None, **kw: Any) -> None:
        kw.setdefault("headers", {"WWW-Authenticate": "Bearer"})
        super().__init__(detail, **kw)


class Conflict(DomainError):
    status, code, title = 409, "conflict", "Conflict"


class Invalid(DomainError):
    status, code, title = 422, "invalid", "Invalid input"


class TooManyRequests(DomainError):
    status, code, title = 429, "too_many_requests", "Too many requests"


class Locked(DomainError):
    status, code, title = 423, "locked", "Locked"


class ProblemItem(BaseModel):
    field: str | None = Field(None, description="Dotted path of the offending field")
    code: str
    message: str


class Problem(BaseModel):
    """RFC 9457 problem details, with a stable machine `code` the web app translates."""

    type: str = "about:blank"
    title: str
    status: int
    detail: str | None = None
    code: str = Field(..., examples=["not_found"])
    errors: list[ProblemItem] | None = None
    request_id: str | None = None

    model_config = {"extra": "allow"}


def problem_response(
    status: int,
    code: str,
    title: str,
    detail: str | None = None,
    *,
    errors: list[dict[str, Any]] | None = None,
    headers: dict[str, str] | None = None,
    **extra: Any,
) -> JSONResponse:
    body: dict[str, Any] = {
        "type": f"https://chumchon.org/problems/{code}",
        "title": title,
        "status": status,
        "detail": detail,
        "code": code,
        "request_id": correlation_id.get(),
    }
    if errors is not None:
        body["errors"] = errors
    body.update(extra)
    return JSONResponse(body, status_code=status, headers=headers, media_type=PROBLEM_JSON)


def problem_responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """Declare the problem answers a route can give, so they show in the contract."""
    return {
        s: {"model": Problem, "content": {PROBLEM_JSON: {"schema": {"$ref": "#/components/schemas/Problem"}}}}
        for s in statuses
    }


def _field_path(loc: tuple[Any, ...]) -> str:
    parts = [str(p) for p in loc]
    if parts and parts[0] in {"body", "query", "path", "header", "cookie", "form"}:
        parts = parts[1:] or parts
    return ".".join(parts)


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(DomainError)
    async def _domain(_: Request, exc: DomainError) -> JSONResponse:
        return problem_response(
            exc.status, exc.code, exc.title, exc.detail, errors=exc.errors, headers=exc.headers, **exc.extra
        )

    @app.exception_handler(RequestValidationError)
    async def _validation(_: Request, exc: RequestValidationError) -> JSONResponse:
        errors = [
            {"field": _field_path(tuple(e.get("loc", ()))), "code": f"validation.{e.get('type', 'invalid')}",
             "message": e.get("msg", "invalid")}
            for e in exc.errors()
        ]
        fields = ", ".join(sorted({e["field"] for e in errors if e["field"]}))
        return problem_response(422, "validation_failed", "Invalid input", f"Check these fields: {fields}",
                                errors=errors)

    @app.exception_handler(ThaiFormatError)
    async def _thai_format(_: Request, exc: ThaiFormatError) -> JSONResponse:
        # A service that knows the field converts these itself; this keeps any other a 422.
        return problem_response(422, exc.code, "Invalid input", exc.message_for("en"),
                                errors=[{"field": None, "code": exc.code, "message": str(exc)}])

    @app.exception_handler(StaleDataError)
    async def _stale(_: Request, exc: StaleDataError) -> JSONResponse:
        return problem_response(409, "conflict.stale_version", "Conflict",
                                "Someone else changed this record; reload it and try again")

    @app.exception_handler(IntegrityError)
    async def _integrity(_: Request, exc: IntegrityError) -> JSONResponse:
        # Services check what they can; this is the database's last word on a race.
        log.warning("integrity_error", error=str(exc.orig)[:300])
        return problem_response(409, "conflict.integrity", "Conflict",
                                "The change conflicts with a record that exists; nothing was saved")

    @app.exception_handler(StarletteHTTPException)
    async def _http(_: Request, exc: StarletteHTTPException) -> JSONResponse:
        code = {404: "not_found", 405: "method_not_allowed", 401: "auth.unauthorized",
                413: "too_large"}.get(exc.status_code, f"http_{exc.status_code}")
        return problem_response(exc.status_code, code, str(exc.detail), None, headers=exc.headers)

    @app.exception_handler(Exception)
    async def _unexpected(_: Request, exc: Exception) -> JSONResponse:
        log.exception("unhandled_error")
        # This handler runs in Starlette's outermost middleware, outside the one that adds
        # X-Request-ID to answers, so it adds the header itself.
        request_id = correlation_id.get()
        return problem_response(500, "internal_error", "Internal error",
                                "Something went wrong on our side; the request ID helps us find it",
                                headers={"X-Request-ID": request_id} if request_id else None)
