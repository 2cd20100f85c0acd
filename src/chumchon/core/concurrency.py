"""Optimistic concurrency: a version on each record, `ETag` on reads, `If-Match` on writes."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Header, Response

from chumchon.core.errors import Conflict, DomainError


class PreconditionRequired(DomainError):
    status, code, title = 428, "precondition.required", "If-Match required"


def etag(version: int) -> str:
    return f'"{version}"'


def set_etag(response: Response, record: Any) -> None:
    response.headers["ETag"] = etag(record.version)


def if_match(
    if_match: Annotated[
        str | None,
        Header(alias="If-Match", description="The ETag (version) the change was made from; required on updates"),
    ] = None,
) -> int:
    if not if_match:
        raise PreconditionRequired("Send If-Match with the ETag of the record you edited")
    value = if_match.strip().removeprefix("W/").strip('"')
    if not value.isdigit():
        raise PreconditionRequired("If-Match must be an ETag this service gave out", code="precondition.invalid")
    return int(value)


def check_version(record: Any, expected: int) -> None:
    """Refuse a change made from an old copy (the ORM also guards the UPDATE itself)."""
    if record.version != expected:
        raise Conflict(
            "Someone else changed this record; reload it and try again",
            code="conflict.stale_version",
            current_version=record.version,
        )
