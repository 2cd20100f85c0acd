from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated, Any, Literal
from urllib.parse import urlsplit

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, field_validator

from chumchon.integrations.models import DeliveryState

Topic = Annotated[str, StringConstraints(pattern=r"^[a-z0-9_.*]{1,80}$")]
_LOCAL_HOSTS = {"localhost", "127.0.0.1", "::1"}

TOPICS_DESCRIPTION = (
    "Event topics to receive (`citizen.died`, `group.step_completed`…). `*` matches any text, so `*` "
    "is every topic and `citizen.*` every citizen event. A provincial office's subscription may only "
    "name topics its scopes allow; `*` there means all of those."
)


def _check_url(url: str) -> str:
    parts = urlsplit(url)
    if parts.scheme not in {"https", "http"} or not parts.hostname:
        raise ValueError("must be an absolute http(s) URL")
    if parts.scheme == "http" and parts.hostname not in _LOCAL_HOSTS:
        # Deliveries carry personal data and a signature: only over TLS, except to this machine.
        raise ValueError("must use https (http only to localhost)")
    if parts.username or parts.password:
        raise ValueError("must not carry a user name or password; deliveries are signed instead")
    return url


class WebhookCreate(BaseModel):
    label_th: str = Field(..., min_length=1, max_length=200, description="Whose receiver this is, for people",
                          examples=["ระบบรับข้อมูล สำนักงาน พมจ.ชัยภูมิ"])
    url: str = Field(..., max_length=500, description="Where events are POSTed: https, no credentials in it",
                     examples=["https://receiver.example.go.th/chumchon/events"])
    topics: list[Topic] = Field(..., min_length=1, max_length=50, description=TOPICS_DESCRIPTION,
                                examples=[["citizen.*", "group.step_completed"]])

    @field_validator("url")
    @classmethod
    def _url(cls, v: str) -> str:
        return _check_url(v)


class WebhookUpdate(BaseModel):
    label_th: str | None = Field(None, min_length=1, max_length=200)
    url: str | None = Field(None, max_length=500, description="Where events are POSTed")
    topics: list[Topic] | None = Field(None, min_length=1, max_length=50, description=TOPICS_DESCRIPTION)

    @field_validator("url")
    @classmethod
    def _url(cls, v: str | None) -> str | None:
        return None if v is None else _check_url(v)


class WebhookRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)
    id: uuid.UUID
    scope: Literal["organisation", "province"] = Field(
        ..., description="organisation: this organisation's events; province: every organisation of the province")
    organisation_id: uuid.UUID | None
    province_code: str | None
    label_th: str
    url: str
    topics: list[str]
    is_active: bool
    deactivated_at: datetime | None
    created_at: datetime
    version: int

    @classmethod
    def of(cls, sub: Any) -> WebhookRead:
        return cls.model_validate({**{k: getattr(sub, k) for k in cls.model_fields if k != "scope"},
                                   "scope": "organisation" if sub.organisation_id else "province"})


class WebhookCreated(WebhookRead):
    secret: str = Field(..., description="The signing secret. Shown now and never again: keep it in the receiver. "
                        "`POST /webhooks/{subscription_id}/rotate-secret` makes a new one")

    @classmethod
    def of(cls, sub: Any) -> WebhookCreated:
        return cls.model_validate({**WebhookRead.of(sub).model_dump(), "secret": sub.secret})


class DeliveryRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)
    id: uuid.UUID
    event_id: uuid.UUID
    event_seq: int = Field(..., description="The event's position in the outbox")
    topic: str
    subject_type: str
    subject_id: str
    state: DeliveryState = Field(..., description="pending: waiting for its turn or next attempt; delivered: the "
                                 "receiver answered 2xx; cancelled: the subscription was deactivated first")
    attempts: int
    last_status_code: int | None = Field(None, description="The receiver's last HTTP status, if it answered")
    last_error: str | None
    last_attempt_at: datetime | None
    next_attempt_at: datetime | None
    delivered_at: datetime | None
    created_at: datetime


class WebhookEvent(BaseModel):
    """What a receiver gets: one event per POST (JSON, UTF-8).

    Headers: `Chumchon-Event-Id` (the `id`; receivers must ignore an id they have already
    handled, since a delivery whose answer was lost is sent again), `Chumchon-Topic`,
    `Chumchon-Timestamp` (Unix seconds) and `Chumchon-Signature: v1=<hex>`, the HMAC-SHA256
    with the subscription's secret over `"{Chumchon-Timestamp}.{raw body}"`. Verify it on the
    raw bytes before parsing, with a constant-time comparison, and refuse timestamps more than
    five minutes away from your clock (`chumchon.integrations.dispatcher.verify_signature`
    does all three). Answer 2xx within 10 seconds once it is stored; anything else is retried
    with growing waits (up to an hour apart) until it succeeds. Events about one subject arrive
    in the order they happened: a later one waits until the earlier one was accepted.
    """

    id: uuid.UUID = Field(..., description="The event's id; the same on every retry")
    topic: str = Field(..., examples=["citizen.died"])
    subject_type: str = Field(..., examples=["citizen"])
    subject_id: str
    organisation_id: uuid.UUID | None = Field(None, description="The organisation the event happened in")
    occurred_at: datetime
    payload: dict[str, Any]
