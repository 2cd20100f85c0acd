"""Idempotency-Key: a retried POST returns the first answer and changes nothing.

Follows the IETF draft "The Idempotency-Key HTTP Header Field" (draft-ietf-httpapi-idempotency-
key-header) and Stripe's practice:

- the client sends a unique key (a UUID v4 is best; 1-255 printable characters, bare or as a
  structured-field string `"…"`); keys are per caller (kind, id and organisation), so two
  callers never see each other's answers;
- the first request with a key runs; its answer (status, the headers that matter, body) is
  stored in the SAME transaction as its change, so a request that fails or crashes leaves no
  key behind and can simply be sent again;
- the same key with the same request (method, path, query and body, JSON compared after
  normalising) returns the stored answer with `Idempotent-Replayed: true` and changes nothing;
- the same key with a different request is refused: 422 `idempotency.key_reused`;
- a duplicate sent while the first is still running waits for it (the database serialises
  the two) and then gets the stored answer; if it waits too long, 409 `idempotency.in_progress`;
- keys are kept 24 hours (`purge_expired()` removes older ones); after that the key is new.

A router opts in with one line: `APIRouter(..., route_class=IdempotentRoute)`. Every POST of
that router then accepts the header (and documents it in the contract); a signed-in caller's
key is honoured, an anonymous caller's is ignored (there is no one to keep it for).
"""

from __future__ import annotations

import hashlib
import json
import re
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Annotated, Any

from fastapi import Depends, Header, Request, Response
from fastapi.routing import APIRoute
from sqlalchemy import JSON, Integer, LargeBinary, String, UniqueConstraint, delete, select, text
from sqlalchemy.exc import DBAPIError, IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Mapped, mapped_column

from chumchon.auth.deps import bearer, get_actor
from chumchon.core.context import Actor
from chumchon.core.db import Base, new_id, utcnow
from chumchon.core.deps import DbSession
from chumchon.core.errors import Conflict, DomainError, Invalid, problem_responses
from chumchon.core.tenancy import current_actor

HEADER = "Idempotency-Key"
REPLAYED_HEADER = "Idempotent-Replayed"
KEY_TTL = timedelta(hours=24)
# How long a duplicate waits on PostgreSQL for the first request with its key to finish.
WAIT_FOR_FIRST = "10s"
IDEMPOTENT_METHODS = frozenset({"POST"})
# Headers a replay must repeat; the rest (dates, request ids) belong to each answer.
KEPT_HEADERS = ("content-type", "etag", "location", "content-location", "last-modified", "retry-after")

_SCOPE_KEY = "chumchon.idempotency"
_KEY_SHAPE = re.compile(r"^[\x20-\x7e]{1,255}$")


class IdempotencyKey(Base):
    """A key a caller sent, the request it came with, and the answer that request got."""

    __tablename__ = "idempotency_keys"
    # Bookkeeping of requests, not a business record; the change itself is audited.
    __audited__ = False
    __table_args__ = (UniqueConstraint("principal", "key"),)

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    principal: Mapped[str] = mapped_column(String(200))
    key: Mapped[str] = mapped_column(String(255))
    organisation_id: Mapped[uuid.UUID | None]
    method: Mapped[str] = mapped_column(String(10))
    path: Mapped[str] = mapped_column(String(500))
    fingerprint: Mapped[str] = mapped_column(String(64))
    # None while the first request runs (only ever seen by that request's own transaction).
    status_code: Mapped[int | None] = mapped_column(Integer)
    headers: Mapped[dict[str, str] | None] = mapped_column(JSON)
    body: Mapped[bytes | None] = mapped_column(LargeBinary)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(index=True)


class KeyReused(Invalid):
    code, title = "idempotency.key_reused", "Idempotency-Key reused"


class KeyInvalid(DomainError):
    status, code, title = 400, "idempotency.key_invalid", "Invalid Idempotency-Key"


class InProgress(Conflict):
    code, title = "idempotency.in_progress", "Request in progress"


def principal_of(actor: Actor) -> str:
    """Whose keys these are: a person acting in one organisation, or a machine client."""
    return f"{actor.kind}:{actor.id or '-'}@{actor.organisation_id or '-'}"


def parse_key(raw: str) -> str:
    value = raw.strip()
    if len(value) >= 2 and value[0] == value[-1] == '"':
        value = value[1:-1]  # the draft's structured-field string form
    if not _KEY_SHAPE.match(value) or not value.strip():
        raise KeyInvalid("Idempotency-Key must be 1 to 255 printable ASCII characters (a UUID is best)")
    return value


def fingerprint(method: str, path: str, query: str, body: bytes) -> str:
    """The request a key stands for. JSON is normalised, so key order or spacing is no change."""
    try:
        canonical = json.dumps(json.loads(body), sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()
    except (ValueError, UnicodeDecodeError):
        canonical = body
    digest = hashlib.sha256()
    for part in (method.upper().encode(), path.encode(), query.encode(), canonical):
        digest.update(len(part).to_bytes(8, "big"))
        digest.update(part)
    return digest.hexdigest()


@dataclass
class _Claim:
    session: AsyncSession
    row: IdempotencyKey


class _Replay(Exception):  # noqa: N818 - a signal to the route handler, not an error
    def __init__(self, response: Response) -> None:
        self.response = response


def _stored_response(row: IdempotencyKey) -> Response:
    headers = dict(row.headers or {})
    headers[REPLAYED_HEADER] = "true"
    return Response(content=row.body or b"", status_code=row.status_code or 200, headers=headers)


async def _find(session: AsyncSession, principal: str, key: str) -> IdempotencyKey | None:
    stmt = (select(IdempotencyKey).where(IdempotencyKey.principal == principal, IdempotencyKey.key == key)
            .execution_options(populate_existing=True))
    return (await session.execute(stmt)).scalar_one_or_none()


def _answer_from(row: IdempotencyKey, fp: str) -> Response:
    if row.fingerprint != fp:
        raise KeyReused(f"This Idempotency-Key was used for a different request ({row.method} {row.path}); "
                        "send a new key for a new request")
    if row.status_code is None:
        raise InProgress("A request with this Idempotency-Key is still running; retry in a moment",
                         headers={"Retry-After": "1"})
    return _stored_response(row)


def _is_lock_timeout(exc: DBAPIError) -> bool:
    orig = getattr(exc, "orig", None)
    code = getattr(orig, "sqlstate", None) or getattr(orig, "pgcode", None)
    return code == "55P03" or "lock timeout" in str(exc).lower() or "database is locked" in str(exc).lower()


async def _caller(request: Request, session: AsyncSession) -> Actor | None:
    actor = current_actor(session)
    if actor is not None and actor.kind != "anonymous":
        return actor
    credentials = await bearer(request)
    return await get_actor(request, credentials) if credentials is not None else None


async def claim_key(
    request: Request,
    session: DbSession,
    idempotency_key: Annotated[str | None, Header(
        alias=HEADER, description="A unique key for this request (a UUID v4). Sending the same request again "
        "with the same key within 24 hours returns the first answer and changes nothing; the same key with a "
        "different request is refused (422 `idempotency.key_reused`).",
        examples=["8e03978e-40d5-43e8-bc93-6894a57f9324"])] = None,
) -> None:
    """Before the handler runs: answer a retry from the store, or claim the key for this request."""
    if idempotency_key is None:
        return
    key = parse_key(idempotency_key)
    actor = await _caller(request, session)
    if actor is None:
        return  # keys are per caller; an anonymous request has no one to keep them for
    principal = principal_of(actor)
    fp = fingerprint(request.method, request.url.path, request.url.query, await request.body())
    now = utcnow()

    existing = await _find(session, principal, key)
    if existing is not None and existing.expires_at > now:
        raise _Replay(_answer_from(existing, fp))

    row = IdempotencyKey(principal=principal, key=key, organisation_id=actor.organisation_id,
                         method=request.method, path=request.url.path[:500], fingerprint=fp,
                         created_at=now, expires_at=now + KEY_TTL)
    postgres = session.bind.dialect.name == "postgresql" if session.bind is not None else False
    try:
        async with session.begin_nested():
            if existing is not None:  # expired: the key starts afresh
                await session.execute(delete(IdempotencyKey).where(IdempotencyKey.id == existing.id))
            if postgres:
                # A duplicate's INSERT waits on the first request's uncommitted row; bound the wait.
                await session.execute(text(f"SET LOCAL lock_timeout = '{WAIT_FOR_FIRST}'"))
            session.add(row)
            await session.flush()
    except IntegrityError:
        # The first request with this key committed while we waited for it: answer as a retry.
        first = await _find(session, principal, key)
        if first is None:
            raise InProgress("A request with this Idempotency-Key is still running; retry in a moment",
                             headers={"Retry-After": "1"}) from None
        raise _Replay(_answer_from(first, fp)) from None
    except DBAPIError as exc:
        if _is_lock_timeout(exc):
            raise InProgress("A request with this Idempotency-Key is still running; retry in a moment",
                             headers={"Retry-After": "1"}) from None
        raise
    finally:
        if postgres and session.in_transaction():
            try:
                await session.execute(text("SET LOCAL lock_timeout = DEFAULT"))
            except DBAPIError:
                pass  # the transaction failed already; it is rolled back whole
    request.scope[_SCOPE_KEY] = _Claim(session=session, row=row)


async def _record(claim: _Claim, response: Response) -> None:
    body = getattr(response, "body", None)
    if not isinstance(body, bytes | bytearray | memoryview):
        # A streamed answer cannot be repeated; free the key rather than keep it half-done.
        await claim.session.execute(delete(IdempotencyKey).where(IdempotencyKey.id == claim.row.id))
        return
    claim.row.status_code = response.status_code
    claim.row.headers = {k: v for k, v in response.headers.items() if k.lower() in KEPT_HEADERS}
    claim.row.body = bytes(body)
    await claim.session.flush()


class IdempotentRoute(APIRoute):
    """Route class that makes every POST of a router honour `Idempotency-Key`.

    The key is claimed by a dependency (so it uses the request's own session and caller), and
    the answer is stored by the route handler right after the endpoint, before the session's
    commit: both land in the request's one transaction, or neither does.
    """

    def __init__(self, path: str, endpoint: Any, **kwargs: Any) -> None:
        methods = {m.upper() for m in (kwargs.get("methods") or ())}
        if methods & IDEMPOTENT_METHODS:
            deps = list(kwargs.get("dependencies") or ())
            if not any(getattr(d, "dependency", None) is claim_key for d in deps):
                deps.append(Depends(claim_key))
            kwargs["dependencies"] = deps
            kwargs["responses"] = {**problem_responses(400, 409, 422), **(kwargs.get("responses") or {})}
        super().__init__(path, endpoint, **kwargs)

    def get_route_handler(self) -> Any:
        handler = super().get_route_handler()

        async def idempotent_handler(request: Request) -> Response:
            try:
                response = await handler(request)
            except _Replay as replay:
                return replay.response
            except DomainError as exc:
                claim = request.scope.get(_SCOPE_KEY)
                if claim is not None and exc.keep_changes:
                    # The refusal is committed (a failed sign-in, say) but is not an answer to keep.
                    await claim.session.execute(delete(IdempotencyKey).where(IdempotencyKey.id == claim.row.id))
                raise
            claim = request.scope.get(_SCOPE_KEY)
            if claim is not None:
                await _record(claim, response)
            return response

        return idempotent_handler


async def purge_expired(session: AsyncSession, now: datetime | None = None) -> int:
    """Forget keys older than 24 hours; the caller commits."""
    result = await session.execute(delete(IdempotencyKey).where(IdempotencyKey.expires_at <= (now or utcnow())))
    return int(result.rowcount or 0)  # type: ignore[attr-defined]
