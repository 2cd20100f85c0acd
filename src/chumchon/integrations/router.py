from __future__ import annotations

import inspect
import uuid
from typing import Annotated

from fastapi import APIRouter, Depends, Header, Query, Response

from chumchon.auth.deps import CurrentActor, ScopedDb
from chumchon.core.concurrency import etag, if_match
from chumchon.core.errors import problem_responses
from chumchon.core.idempotency import IdempotentRoute
from chumchon.core.pagination import Page, PageQuery
from chumchon.integrations import service
from chumchon.integrations.models import DeliveryState
from chumchon.integrations.schemas import (
    DeliveryRead,
    WebhookCreate,
    WebhookCreated,
    WebhookEvent,
    WebhookRead,
    WebhookUpdate,
)

router = APIRouter(prefix="/webhooks", tags=["webhooks"], route_class=IdempotentRoute)

WHO = ("An organisation's administrator (`organisation:manage`) keeps the organisation's subscriptions; "
       "a machine client keeps its own, for its province.")

# The request the receiver gets, documented as an OpenAPI callback of the subscription.
receiver = APIRouter()


@receiver.post("{$request.body#/url}", summary="An event, delivered to the subscriber's URL",
               description=inspect.cleandoc(WebhookEvent.__doc__ or ""), operation_id="webhooks-event",
               responses={"2XX": {"description": "Accepted; not sent again"}})
def deliver(
    body: WebhookEvent,
    event_id: Annotated[str, Header(alias="Chumchon-Event-Id", description="The event's id")],
    topic: Annotated[str, Header(alias="Chumchon-Topic")],
    timestamp: Annotated[str, Header(alias="Chumchon-Timestamp", description="Unix seconds, signed")],
    signature: Annotated[str, Header(alias="Chumchon-Signature",
                                     description='`v1=` and the hex HMAC-SHA256 of `"{timestamp}.{raw body}"`')],
) -> None:
    """Documentation only."""


@router.get("", response_model=Page[WebhookRead], summary="Webhook subscriptions",
            description=WHO, responses=problem_responses(401, 403, 422))
async def list_webhooks(session: ScopedDb, actor: CurrentActor, page: PageQuery,
                        active: Annotated[bool | None, Query(description="Only active, or only inactive")] = None,
                        ) -> Page[WebhookRead]:
    rows, total = await service.list_subscriptions(session, actor, page, active=active)
    return Page(items=[WebhookRead.of(s) for s in rows], total=total, page=page.page, page_size=page.page_size)


@router.post("", response_model=WebhookCreated, status_code=201, summary="Subscribe a receiver to events",
             description=f"{WHO} The answer holds the signing secret, once. Events that happen from now on are "
                         "POSTed to `url` as described in the callback below.",
             callbacks=receiver.routes, responses=problem_responses(401, 403, 422))
async def create_webhook(session: ScopedDb, actor: CurrentActor, body: WebhookCreate,
                         response: Response) -> WebhookCreated:
    sub = await service.create_subscription(session, actor, body)
    response.headers["ETag"] = etag(sub.version)
    return WebhookCreated.of(sub)


@router.get("/{subscription_id}", response_model=WebhookRead, summary="One webhook subscription",
            responses=problem_responses(401, 403, 404))
async def get_webhook(session: ScopedDb, actor: CurrentActor, subscription_id: uuid.UUID,
                      response: Response) -> WebhookRead:
    sub = await service.get_subscription(session, actor, subscription_id)
    response.headers["ETag"] = etag(sub.version)
    return WebhookRead.of(sub)


@router.patch("/{subscription_id}", response_model=WebhookRead, summary="Change a subscription's URL, topics or label",
              description="Being active is changed by `deactivate` and `activate`, not here.",
              responses=problem_responses(401, 403, 404, 409, 422, 428))
async def update_webhook(session: ScopedDb, actor: CurrentActor, subscription_id: uuid.UUID, body: WebhookUpdate,
                         response: Response, version: Annotated[int, Depends(if_match)]) -> WebhookRead:
    sub = await service.update_subscription(session, actor, subscription_id, body, version)
    response.headers["ETag"] = etag(sub.version)
    return WebhookRead.of(sub)


@router.post("/{subscription_id}/deactivate", response_model=WebhookRead, summary="Stop sending to a receiver",
             description="Deliveries still waiting are cancelled; nothing is sent until it is activated again.",
             responses=problem_responses(401, 403, 404))
async def deactivate_webhook(session: ScopedDb, actor: CurrentActor, subscription_id: uuid.UUID,
                             response: Response) -> WebhookRead:
    sub = await service.deactivate_subscription(session, actor, subscription_id)
    response.headers["ETag"] = etag(sub.version)
    return WebhookRead.of(sub)


@router.post("/{subscription_id}/activate", response_model=WebhookRead, summary="Send to a receiver again",
             description="Events from now on; those of the time it was inactive are not sent.",
             responses=problem_responses(401, 403, 404))
async def activate_webhook(session: ScopedDb, actor: CurrentActor, subscription_id: uuid.UUID,
                           response: Response) -> WebhookRead:
    sub = await service.activate_subscription(session, actor, subscription_id)
    response.headers["ETag"] = etag(sub.version)
    return WebhookRead.of(sub)


@router.post("/{subscription_id}/rotate-secret", response_model=WebhookCreated,
             summary="Replace the signing secret", description="The new secret is shown once and signs every "
             "delivery from now on, retries included.", responses=problem_responses(401, 403, 404))
async def rotate_webhook_secret(session: ScopedDb, actor: CurrentActor, subscription_id: uuid.UUID,
                                response: Response) -> WebhookCreated:
    sub = await service.rotate_secret(session, actor, subscription_id)
    response.headers["ETag"] = etag(sub.version)
    return WebhookCreated.of(sub)


@router.get("/{subscription_id}/deliveries", response_model=Page[DeliveryRead],
            summary="What was sent to a receiver, and how it went", responses=problem_responses(401, 403, 404, 422))
async def list_webhook_deliveries(
    session: ScopedDb, actor: CurrentActor, subscription_id: uuid.UUID, page: PageQuery,
    state: Annotated[DeliveryState | None, Query(description="Only deliveries in this state")] = None,
) -> Page[DeliveryRead]:
    rows, total = await service.list_deliveries(session, actor, subscription_id, page, state=state)
    return Page(items=[DeliveryRead.model_validate(d) for d in rows], total=total, page=page.page,
                page_size=page.page_size)
