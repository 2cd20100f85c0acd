"""Webhook subscriptions: who may keep which, and what they may receive.

An organisation's administrator (`organisation:manage`) keeps the organisation's
subscriptions. A machine client (a provincial office's system) keeps its own, for its
province, and may only receive the topics its scopes allow (`CLIENT_TOPICS`).
"""

from __future__ import annotations

import secrets
import uuid
from collections.abc import Iterable
from contextlib import nullcontext
from datetime import UTC, datetime
from fnmatch import fnmatchcase
from typing import Any

from sqlalchemy import Select, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from chumchon.auth.permissions import P
from chumchon.core import audit
from chumchon.core.concurrency import check_version
from chumchon.core.context import Actor
from chumchon.core.errors import Invalid, NotFound
from chumchon.core.outbox import OutboxEvent
from chumchon.core.pagination import PageParams, paginate
from chumchon.core.tenancy import widened
from chumchon.integrations.models import DeliveryState, WebhookDelivery, WebhookSubscription
from chumchon.integrations.schemas import WebhookCreate, WebhookUpdate

# Which topics a machine client may receive, by the scope it holds. A domain whose events an
# agency may see adds its patterns here (with `allow_client_topics`), e.g. the disability-card
# domain: `allow_client_topics(P.disability_cards_read, "disability_card.*")`. Nothing is
# allowed until a domain says so: a provincial office sees only what is sent to it.
CLIENT_TOPICS: dict[str, tuple[str, ...]] = {}


def allow_client_topics(scope: str, *patterns: str) -> None:
    CLIENT_TOPICS[str(scope)] = tuple(dict.fromkeys((*CLIENT_TOPICS.get(str(scope), ()), *patterns)))


def topic_matches(topic: str, patterns: Iterable[str]) -> bool:
    return any(fnmatchcase(topic, p) for p in patterns)


def new_secret() -> str:
    return "whsec_" + secrets.token_urlsafe(32)


def _now() -> datetime:
    return datetime.now(UTC)


def _is_client(actor: Actor) -> bool:
    return actor.kind == "client"


def _visible(actor: Actor) -> Select[Any]:
    """The subscriptions this caller keeps, to be run inside `_scope()`.

    For a person, the tenancy hook limits them to the organisation. A client belongs to no
    organisation (its scope would see nothing), so its own are found by owner instead.
    """
    stmt = select(WebhookSubscription)
    if _is_client(actor):
        return stmt.where(WebhookSubscription.owner_client_id == actor.id)
    actor.require(P.organisation_manage)
    return stmt


def _scope(session: AsyncSession, actor: Actor) -> Any:
    return widened(session, None) if _is_client(actor) else nullcontext()


def _client_topics(actor: Actor, asked: list[str]) -> list[str]:
    allowed = [p for scope in sorted(actor.permissions) for p in CLIENT_TOPICS.get(scope, ())]
    if not allowed:
        raise Invalid("No event topics are open to this client's scopes", code="webhooks.topics_not_allowed",
                      errors=[{"field": "topics", "code": "webhooks.topics_not_allowed",
                               "message": "no topics are allowed for these scopes"}])
    out: list[str] = []
    for pattern in asked:
        if pattern == "*":
            out.extend(allowed)
        elif any(fnmatchcase(pattern, a) for a in allowed):
            out.append(pattern)
        else:
            raise Invalid(f"The topic {pattern!r} is not open to this client; allowed: {', '.join(allowed)}",
                          code="webhooks.topics_not_allowed",
                          errors=[{"field": "topics", "code": "webhooks.topics_not_allowed",
                                   "message": f"{pattern} is not allowed"}])
    return list(dict.fromkeys(out))


async def outbox_position(session: AsyncSession) -> int:
    """The last event written so far; a subscription made now receives what comes after it."""
    return int((await session.execute(select(func.coalesce(func.max(OutboxEvent.seq), 0)))).scalar_one())


async def list_subscriptions(session: AsyncSession, actor: Actor, params: PageParams, *,
                             active: bool | None = None) -> tuple[list[WebhookSubscription], int]:
    stmt = _visible(actor)
    if active is not None:
        stmt = stmt.where(WebhookSubscription.is_active.is_(active))
    with _scope(session, actor):
        return await paginate(session, stmt, params,
                              sortable={"created_at": WebhookSubscription.created_at,
                                        "label_th": WebhookSubscription.label_th},
                              default_sort=["-created_at"], tiebreak=WebhookSubscription.id)


async def get_subscription(session: AsyncSession, actor: Actor, subscription_id: uuid.UUID) -> WebhookSubscription:
    stmt = _visible(actor).where(WebhookSubscription.id == subscription_id)
    with _scope(session, actor):
        sub = (await session.execute(stmt)).scalar_one_or_none()
    if sub is None:
        raise NotFound("No such webhook subscription", code="webhooks.not_found")
    return sub


async def create_subscription(session: AsyncSession, actor: Actor, data: WebhookCreate) -> WebhookSubscription:
    topics = list(dict.fromkeys(data.topics))
    sub = WebhookSubscription(label_th=data.label_th, url=data.url, secret=new_secret(), is_active=True,
                              after_seq=await outbox_position(session))
    if _is_client(actor):
        if not actor.province_code:
            raise Invalid("This client has no province", code="webhooks.no_province")
        sub.topics = _client_topics(actor, topics)
        sub.province_code = actor.province_code
        sub.owner_client_id = actor.id
    else:
        actor.require(P.organisation_manage)
        sub.topics = topics
    with audit.action(session, "webhook.create"), _scope(session, actor):
        session.add(sub)
        await session.flush()
    return sub


async def update_subscription(session: AsyncSession, actor: Actor, subscription_id: uuid.UUID, data: WebhookUpdate,
                              expected_version: int) -> WebhookSubscription:
    sub = await get_subscription(session, actor, subscription_id)
    check_version(sub, expected_version)
    changes = data.model_dump(exclude_unset=True, exclude_none=True)
    if "topics" in changes:
        topics = list(dict.fromkeys(changes["topics"]))
        changes["topics"] = _client_topics(actor, topics) if _is_client(actor) else topics
    with audit.action(session, "webhook.update"), _scope(session, actor):
        for key, value in changes.items():
            setattr(sub, key, value)
        await session.flush()
    return sub


async def deactivate_subscription(session: AsyncSession, actor: Actor,
                                  subscription_id: uuid.UUID) -> WebhookSubscription:
    """Stop sending. What was still waiting is cancelled: a deactivated receiver gets nothing."""
    sub = await get_subscription(session, actor, subscription_id)
    if not sub.is_active:
        return sub
    with audit.action(session, "webhook.deactivate"), _scope(session, actor):
        sub.is_active = False
        sub.deactivated_at = _now()
        await session.flush()
        await session.execute(
            update(WebhookDelivery)
            .where(WebhookDelivery.subscription_id == sub.id, WebhookDelivery.state == DeliveryState.pending.value)
            .values(state=DeliveryState.cancelled.value, next_attempt_at=None)
        )
    return sub


async def activate_subscription(session: AsyncSession, actor: Actor, subscription_id: uuid.UUID) -> WebhookSubscription:
    """Send again, from now on: the events of the quiet time are not sent afterwards."""
    sub = await get_subscription(session, actor, subscription_id)
    if sub.is_active:
        return sub
    with audit.action(session, "webhook.activate"), _scope(session, actor):
        sub.is_active = True
        sub.deactivated_at = None
        sub.after_seq = await outbox_position(session)
        await session.flush()
    return sub


async def rotate_secret(session: AsyncSession, actor: Actor, subscription_id: uuid.UUID) -> WebhookSubscription:
    """A new signing secret, at once. Deliveries that fail meanwhile are retried with the new one."""
    sub = await get_subscription(session, actor, subscription_id)
    with audit.action(session, "webhook.rotate_secret"), _scope(session, actor):
        sub.secret = new_secret()
        await session.flush()
    # The secret is kept out of the log, so the hook sees no change to record: say it happened.
    await audit.record(session, action="webhook.rotate_secret", entity=WebhookSubscription.__tablename__,
                       entity_id=sub.id, organisation_id=sub.organisation_id,
                       after={"secret": "(replaced)", "version": sub.version})
    return sub


async def list_deliveries(session: AsyncSession, actor: Actor, subscription_id: uuid.UUID, params: PageParams, *,
                          state: DeliveryState | None = None) -> tuple[list[WebhookDelivery], int]:
    sub = await get_subscription(session, actor, subscription_id)
    stmt = select(WebhookDelivery).where(WebhookDelivery.subscription_id == sub.id)
    if state is not None:
        stmt = stmt.where(WebhookDelivery.state == state.value)
    return await paginate(session, stmt, params,
                          sortable={"event_seq": WebhookDelivery.event_seq,
                                    "created_at": WebhookDelivery.created_at,
                                    "next_attempt_at": WebhookDelivery.next_attempt_at},
                          default_sort=["-event_seq"], tiebreak=WebhookDelivery.id)
