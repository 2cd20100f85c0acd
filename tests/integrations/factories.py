"""Subscriptions, events and a programmable webhook receiver (httpx.MockTransport)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

import httpx
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from chumchon.areas.models import Organisation
from chumchon.core.outbox import OutboxEvent, emit
from chumchon.integrations.dispatcher import dispatch_once
from chumchon.integrations.models import DeliveryState, WebhookDelivery, WebhookSubscription
from chumchon.integrations.service import new_secret, outbox_position

RECEIVER_URL = "https://receiver.example.go.th/hook"


async def make_subscription(session: AsyncSession, organisation: Organisation | None, **overrides: Any
                            ) -> WebhookSubscription:
    values: dict[str, Any] = dict(
        organisation_id=organisation.id if organisation else None, label_th="ระบบรับข้อมูล ทดสอบ",
        url=RECEIVER_URL, secret=new_secret(), topics=["*"], is_active=True,
        after_seq=await outbox_position(session),
    )
    values.update(overrides)
    sub = WebhookSubscription(**values)
    session.add(sub)
    await session.flush()
    return sub


async def make_event(session: AsyncSession, organisation: Organisation | None, topic: str = "citizen.died", *,
                     subject: str = "c-1", subject_type: str = "citizen", **payload: Any) -> OutboxEvent:
    event = emit(session, topic, subject_type=subject_type, subject_id=subject, payload=payload or {"n": 1},
                 organisation_id=organisation.id if organisation else None)
    await session.flush()
    return event


@dataclass
class Received:
    url: str
    headers: dict[str, str]
    body: bytes

    @property
    def json(self) -> dict[str, Any]:
        return json.loads(self.body)

    @property
    def event_id(self) -> str:
        return self.json["id"]


@dataclass
class Receiver:
    """Answers 500 to its next `fail_next` requests, refuses connections while `down`, and
    answers 503 to the events in `reject`; otherwise 204."""

    fail_next: int = 0
    down: bool = False
    reject: set[str] = field(default_factory=set)
    requests: list[Received] = field(default_factory=list)
    accepted: list[Received] = field(default_factory=list)

    def handle(self, request: httpx.Request) -> httpx.Response:
        received = Received(str(request.url), dict(request.headers), request.content)
        self.requests.append(received)
        if self.down:
            raise httpx.ConnectError("connection refused", request=request)
        if self.fail_next > 0:
            self.fail_next -= 1
            return httpx.Response(500, text="ระบบไม่ว่าง")
        if received.event_id in self.reject:
            return httpx.Response(503, text="not now")
        self.accepted.append(received)
        return httpx.Response(204)

    def client(self) -> httpx.AsyncClient:
        return httpx.AsyncClient(transport=httpx.MockTransport(self.handle))


async def drain(sessions: async_sessionmaker[AsyncSession], http: httpx.AsyncClient, now: datetime, *,
                step: timedelta = timedelta(hours=2), passes: int = 40) -> datetime:
    """Pass after pass, time moving on by `step`, until nothing is left to send."""
    for _ in range(passes):
        await dispatch_once(sessions, http, now)
        async with sessions() as s:
            left = (await s.execute(select(WebhookDelivery.id)
                                    .where(WebhookDelivery.state == DeliveryState.pending.value))).first()
        if left is None:
            return now
        now += step
    raise AssertionError("deliveries still pending after many passes")


async def deliveries(session: AsyncSession, sub: WebhookSubscription) -> list[WebhookDelivery]:
    return list((await session.execute(
        select(WebhookDelivery).where(WebhookDelivery.subscription_id == sub.id)
        .order_by(WebhookDelivery.event_seq).execution_options(populate_existing=True)
    )).scalars())
