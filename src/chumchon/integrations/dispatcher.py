"""The dispatcher: delivers the outbox's events to the webhooks that want them.

One pass (`dispatch_once`) does three bounded steps, each in its own short transaction, and
never holds a transaction open while it waits on a receiver:

1. fan-out: read new outbox events in `seq` order and write one pending delivery per event and
   matching subscription (active, topic wanted, same organisation, or same province);
2. claim: pick the deliveries that are due and whose subject has no earlier event still
   pending for the same subscription (so one subject's events arrive in order), and lease them
   with a compare-and-set on `attempts`, so two dispatchers never send the same one at once;
3. send them (concurrently), then record each outcome: delivered, or the next attempt after an
   exponential back-off with jitter (capped at an hour; a receiver that is down loses nothing).

A delivery whose answer is lost (a crash after the POST) is sent again when its lease ends:
delivery is at least once, and receivers drop an event id they have seen. Run it with
`chumchon dispatch`, or in the API process with `CHUMCHON_DISPATCHER=inline`.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import hmac
import json
import random
import signal
import time
import uuid
from collections.abc import AsyncIterator, Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import structlog
from sqlalchemy import and_, exists, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlalchemy.orm import aliased

from chumchon.areas.models import Organisation
from chumchon.core.idempotency import purge_expired
from chumchon.core.outbox import OutboxEvent
from chumchon.integrations.models import DeliveryState, WebhookCursor, WebhookDelivery, WebhookSubscription
from chumchon.integrations.service import topic_matches

log = structlog.get_logger(__name__)

SessionFactory = async_sessionmaker[AsyncSession] | Callable[[], Any]

CURSOR = "webhooks"
FAN_OUT_BATCH = 500
SEND_BATCH = 100
CONCURRENCY = 10
TIMEOUT = httpx.Timeout(10.0, connect=5.0)
# A claimed delivery is someone's for this long; a dispatcher that died releases it by waiting.
LEASE = timedelta(minutes=2)
FIRST_RETRY = timedelta(seconds=15)
MAX_RETRY = timedelta(hours=1)
# How long a hole in the outbox sequence is watched for a late-committing event (see WebhookCursor).
GAP_WAIT = timedelta(hours=1)
MAX_GAPS = 1000
SIGNATURE_TOLERANCE = 300
USER_AGENT = "Chumchon-Webhooks/1"


# --- signatures ------------------------------------------------------------------------------


def sign(secret: str, timestamp: int | str, body: bytes) -> str:
    """`v1=<hex HMAC-SHA256>` over `"{timestamp}.{body}"`."""
    mac = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256)
    return f"v1={mac.hexdigest()}"


def verify_signature(secret: str, body: bytes, timestamp: str | None, signature: str | None, *,
                     tolerance: int = SIGNATURE_TOLERANCE, now: float | None = None) -> bool:
    """For receivers: is this delivery from us, unchanged, and recent?

    `body` is the raw request body, `timestamp` the `Chumchon-Timestamp` header and `signature`
    the `Chumchon-Signature` header (several `v1=` values, comma-separated, are accepted).
    """
    if not timestamp or not signature or not timestamp.isdigit():
        return False
    if abs((time.time() if now is None else now) - int(timestamp)) > tolerance:
        return False
    expected = sign(secret, timestamp, body)
    return any(hmac.compare_digest(expected, part.strip()) for part in signature.split(",")
               if part.strip().startswith("v1="))


def retry_delay(attempts: int, rng: Callable[[], float] = random.random) -> timedelta:
    """Exponential back-off with "equal jitter": half the delay fixed, half random."""
    base = min(FIRST_RETRY * (2 ** max(attempts - 1, 0)), MAX_RETRY)
    return base / 2 + base / 2 * rng()


def envelope(event: OutboxEvent) -> bytes:
    body = {
        "id": str(event.id),
        "topic": event.topic,
        "subject_type": event.subject_type,
        "subject_id": event.subject_id,
        "organisation_id": str(event.organisation_id) if event.organisation_id else None,
        "occurred_at": event.at.isoformat(),
        "payload": event.payload,
    }
    return json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode()


# --- one pass --------------------------------------------------------------------------------


@dataclass
class PassReport:
    fanned_out: int = 0
    sent: int = 0
    delivered: int = 0
    failed: int = 0
    errors: list[str] = field(default_factory=list)

    @property
    def idle(self) -> bool:
        return self.fanned_out == 0 and self.sent == 0


@dataclass
class _Job:
    delivery_id: uuid.UUID
    attempts: int
    url: str
    secret: str
    event: OutboxEvent


@dataclass
class _Outcome:
    job: _Job
    status: int | None
    error: str | None

    @property
    def ok(self) -> bool:
        return self.status is not None and 200 <= self.status < 300


async def dispatch_once(session_factory: SessionFactory, http_client: httpx.AsyncClient,
                        now: datetime | None = None, *, limit: int = SEND_BATCH,
                        rng: Callable[[], float] = random.random) -> PassReport:
    """One bounded pass: fan out new events, send what is due, record the outcomes."""
    now = now or datetime.now(UTC)
    report = PassReport()
    async with session_factory() as session:
        try:
            report.fanned_out = await _fan_out(session, now)
            await session.commit()
        except IntegrityError:
            # Another dispatcher made the cursor or the same rows at the same moment; next pass.
            await session.rollback()
    async with session_factory() as session:
        jobs = await _claim(session, now, limit)
        await session.commit()
    if not jobs:
        return report
    outcomes = await _send_all(http_client, jobs, now)
    async with session_factory() as session:
        for outcome in outcomes:
            await _record(session, outcome, now, rng)
        await session.commit()
    report.sent = len(outcomes)
    report.delivered = sum(o.ok for o in outcomes)
    report.failed = report.sent - report.delivered
    report.errors = [o.error for o in outcomes if o.error]
    return report


async def _cursor(session: AsyncSession) -> WebhookCursor:
    stmt = select(WebhookCursor).where(WebhookCursor.name == CURSOR).with_for_update()
    cursor = (await session.execute(stmt)).scalar_one_or_none()
    if cursor is None:
        cursor = WebhookCursor(name=CURSOR, seq=0, gaps=[])
        session.add(cursor)
        await session.flush()
    return cursor


def _new_gaps(start: int, seqs: Sequence[int], now: datetime) -> list[list[Any]]:
    gaps: list[list[Any]] = []
    expected = start + 1
    for seq in seqs:
        if seq > expected:
            gaps.append([expected, seq - 1, now.isoformat()])
        expected = seq + 1
    return gaps


def _without(gaps: list[list[Any]], found: set[int]) -> list[list[Any]]:
    """Cut the sequence numbers that turned up out of the watched ranges."""
    out: list[list[Any]] = []
    for lo, hi, seen in gaps:
        start = lo
        for seq in sorted(s for s in found if lo <= s <= hi):
            if seq > start:
                out.append([start, seq - 1, seen])
            start = seq + 1
        if start <= hi:
            out.append([start, hi, seen])
    return out


async def _fan_out(session: AsyncSession, now: datetime) -> int:
    cursor = await _cursor(session)
    new = list((await session.execute(
        select(OutboxEvent).where(OutboxEvent.seq > cursor.seq).order_by(OutboxEvent.seq).limit(FAN_OUT_BATCH)
    )).scalars())
    gaps = [list(g) for g in cursor.gaps or []]
    late: list[OutboxEvent] = []
    if gaps:
        late = list((await session.execute(
            select(OutboxEvent).where(or_(*(OutboxEvent.seq.between(lo, hi) for lo, hi, _ in gaps)))
            .order_by(OutboxEvent.seq)
        )).scalars())
        gaps = _without(gaps, {e.seq for e in late})
    if new:
        gaps += _new_gaps(cursor.seq, [e.seq for e in new], now)
        cursor.seq = new[-1].seq
    gaps = [g for g in gaps if datetime.fromisoformat(g[2]) > now - GAP_WAIT]
    if len(gaps) > MAX_GAPS:
        log.warning("webhook_gaps_dropped", dropped=len(gaps) - MAX_GAPS)
        gaps = gaps[-MAX_GAPS:]
    if gaps != (cursor.gaps or []):
        cursor.gaps = gaps
    events = late + new
    if not events:
        await session.flush()
        return 0

    subs = list((await session.execute(
        select(WebhookSubscription).where(WebhookSubscription.is_active.is_(True))
    )).scalars())
    provinces: dict[uuid.UUID, str] = {}
    if any(s.province_code for s in subs):
        org_ids = {e.organisation_id for e in events if e.organisation_id}
        if org_ids:
            # The organisation's province is a fact of the tenant itself, read where it is kept.
            rows = await session.execute(select(Organisation.id, Organisation.province_code)
                                         .where(Organisation.id.in_(org_ids)))
            provinces = {org_id: code for org_id, code in rows.all()}

    made = 0
    for event in events:
        for sub in subs:
            if event.seq <= sub.after_seq or not topic_matches(event.topic, sub.topics):
                continue
            if sub.organisation_id is not None:
                if event.organisation_id != sub.organisation_id:
                    continue
            elif event.organisation_id is None or provinces.get(event.organisation_id) != sub.province_code:
                continue
            session.add(WebhookDelivery(
                subscription_id=sub.id, event_seq=event.seq, event_id=event.id, topic=event.topic,
                subject_type=event.subject_type, subject_id=event.subject_id, state=DeliveryState.pending.value,
                attempts=0, next_attempt_at=now, created_at=now,
            ))
            made += 1
    await session.flush()
    return made


async def _claim(session: AsyncSession, now: datetime, limit: int) -> list[_Job]:
    earlier = aliased(WebhookDelivery)
    blocked = exists().where(
        earlier.subscription_id == WebhookDelivery.subscription_id,
        earlier.subject_type == WebhookDelivery.subject_type,
        earlier.subject_id == WebhookDelivery.subject_id,
        earlier.state == DeliveryState.pending.value,
        earlier.event_seq < WebhookDelivery.event_seq,
    )
    rows = (await session.execute(
        select(WebhookDelivery, WebhookSubscription, OutboxEvent)
        .join(WebhookSubscription, WebhookSubscription.id == WebhookDelivery.subscription_id)
        .join(OutboxEvent, OutboxEvent.seq == WebhookDelivery.event_seq)
        .where(WebhookDelivery.state == DeliveryState.pending.value, WebhookDelivery.next_attempt_at <= now,
               WebhookSubscription.is_active.is_(True), ~blocked)
        .order_by(WebhookDelivery.event_seq)
        .limit(limit)
    )).all()
    jobs: list[_Job] = []
    for delivery, sub, event in rows:
        # Compare-and-set on the attempt count: of two dispatchers, one takes it.
        taken = await session.execute(
            update(WebhookDelivery)
            .where(WebhookDelivery.id == delivery.id, WebhookDelivery.attempts == delivery.attempts,
                   WebhookDelivery.state == DeliveryState.pending.value)
            .values(attempts=delivery.attempts + 1, last_attempt_at=now, next_attempt_at=now + LEASE)
            .execution_options(synchronize_session=False)
        )
        if taken.rowcount == 1:  # type: ignore[attr-defined]
            jobs.append(_Job(delivery_id=delivery.id, attempts=delivery.attempts + 1, url=sub.url,
                             secret=sub.secret, event=event))
    return jobs


async def _send_all(client: httpx.AsyncClient, jobs: list[_Job], now: datetime) -> list[_Outcome]:
    gate = asyncio.Semaphore(CONCURRENCY)

    async def one(job: _Job) -> _Outcome:
        async with gate:
            return await _send(client, job, now)

    return list(await asyncio.gather(*(one(j) for j in jobs)))


async def _send(client: httpx.AsyncClient, job: _Job, now: datetime) -> _Outcome:
    body = envelope(job.event)
    timestamp = str(int(now.timestamp()))
    headers = {
        "Content-Type": "application/json; charset=utf-8",
        "User-Agent": USER_AGENT,
        "Chumchon-Event-Id": str(job.event.id),
        "Chumchon-Topic": job.event.topic,
        "Chumchon-Timestamp": timestamp,
        "Chumchon-Signature": sign(job.secret, timestamp, body),
    }
    try:
        response = await client.post(job.url, content=body, headers=headers, timeout=TIMEOUT,
                                     follow_redirects=False)
    except httpx.HTTPError as exc:
        return _Outcome(job, None, f"{type(exc).__name__}: {exc}"[:500])
    if 200 <= response.status_code < 300:
        return _Outcome(job, response.status_code, None)
    snippet = response.text[:200] if response.content else ""
    return _Outcome(job, response.status_code, f"HTTP {response.status_code}: {snippet}"[:500])


async def _record(session: AsyncSession, outcome: _Outcome, now: datetime, rng: Callable[[], float]) -> None:
    mine = and_(WebhookDelivery.id == outcome.job.delivery_id, WebhookDelivery.attempts == outcome.job.attempts,
                WebhookDelivery.state == DeliveryState.pending.value)
    if outcome.ok:
        values: dict[str, Any] = dict(state=DeliveryState.delivered.value, delivered_at=now, next_attempt_at=None,
                                      last_status_code=outcome.status, last_error=None)
    else:
        values = dict(last_status_code=outcome.status, last_error=outcome.error,
                      next_attempt_at=now + retry_delay(outcome.job.attempts, rng))
    await session.execute(update(WebhookDelivery).where(mine).values(**values)
                          .execution_options(synchronize_session=False))


# --- running it ------------------------------------------------------------------------------


def http_client() -> httpx.AsyncClient:
    return httpx.AsyncClient(timeout=TIMEOUT, follow_redirects=False, headers={"User-Agent": USER_AGENT})


async def run(session_factory: SessionFactory, client: httpx.AsyncClient, *, once: bool = False,
              interval: float = 2.0, stop: asyncio.Event | None = None) -> PassReport:
    """Pass after pass until `stop` is set (or once); also forgets expired idempotency keys."""
    stop = stop or asyncio.Event()
    last_purge: datetime | None = None
    while True:
        try:
            report = await dispatch_once(session_factory, client)
            now = datetime.now(UTC)
            if last_purge is None or now - last_purge > timedelta(hours=1):
                async with session_factory() as session:
                    purged = await purge_expired(session, now)
                    await session.commit()
                last_purge = now
                if purged:
                    log.info("idempotency_keys_purged", count=purged)
            if report.sent:
                log.info("webhooks_dispatched", sent=report.sent, delivered=report.delivered, failed=report.failed)
        except Exception:  # noqa: BLE001 - the loop outlives a bad pass (the database restarting, say)
            log.exception("webhook_dispatch_failed")
            report = PassReport()
        if once or stop.is_set():
            return report
        if report.idle or report.failed == report.sent:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), timeout=interval)
            if stop.is_set():
                return report


@contextlib.asynccontextmanager
async def inline_dispatcher(app: Any, client: httpx.AsyncClient | None = None) -> AsyncIterator[None]:
    """In the API process, when `CHUMCHON_DISPATCHER=inline`; otherwise it does nothing."""
    if getattr(app.state.settings, "dispatcher", "off") != "inline":
        yield
        return
    own_client = client is None
    client = client or http_client()
    stop = asyncio.Event()
    task = asyncio.create_task(run(app.state.db.sessionmaker, client, stop=stop), name="webhook-dispatcher")
    try:
        yield
    finally:
        stop.set()
        try:
            await asyncio.wait_for(task, timeout=15)
        except TimeoutError:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
        if own_client:
            await client.aclose()


async def run_cli(database_url: str, *, once: bool) -> PassReport:
    from chumchon.core.db import Database

    db = Database(database_url)
    stop = asyncio.Event()
    if not once:
        # Finish the pass under way on `docker stop` or Ctrl-C (leases would cover it anyway).
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGTERM, signal.SIGINT):
            with contextlib.suppress(NotImplementedError, RuntimeError):
                loop.add_signal_handler(sig, stop.set)
    try:
        async with http_client() as client:
            return await run(db.sessionmaker, client, once=once, stop=stop)
    finally:
        await db.dispose()
