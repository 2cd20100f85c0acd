from __future__ import annotations

import uuid

from pydantic import BaseModel, ConfigDict, Field

from chumchon.auth.permissions import Role


class TokenPair(BaseModel):
    access_token: str
    token_type: str = "bearer"
    expires_in: int = Field(..., description="Seconds until the access token expires")
    refresh_token: str | None = Field(None, description="Absent for machine clients")
    scope: str | None = None


class RefreshRequest(BaseModel):
    refresh_token: str = Field(..., min_length=10)


class OrganisationBrief(BaseModel):
    model_config = ConfigDict(from_attributes=True)
    id: uuid.UUID
    code: str
    name_th: str
    name_en: str | None
    kind: str
    province_code: str


class MeRead(BaseModel):
    id: str
    kind: str
    username: str
    full_name: str
    organisation: OrganisationBrief | None
    roles: list[str]
    permissions: list[str]


class UserCreate(BaseModel):
    username: str = Field(..., min_length=3, max_length=80, pattern=r"^[a-zA-Z0-9_.@-]+$")
    full_name: str = Field(..., min_length=1, max_length=200)
    password: str = Field(..., min_length=10, max_length=200)
    roles: list[Role] = Field(..., min_length=1)


class UserUpdate(BaseModel):
    full_name: str | None = Field(None, min_length=1, max_length=200)
    is_active: bool | None = None
    roles: list[Role] | None = Field(None, min_length=1)


class UserRead(BaseModel):
    id: uuid.UUID
    username: str
    full_name: str
    is_active: bool
    roles: list[str]
    version: int


class ClientCreate(BaseModel):
    client_id: str = Field(..., min_length=3, max_length=80, pattern=r"^[a-z0-9_.-]+$")
    name: str = Field(..., min_length=1, max_length=200)
    province_code: str = Field(..., pattern=r"^\d{2}$")
    scopes: list[str] = Field(..., min_length=1)


class ClientCreated(BaseModel):
    client_id: str
    client_secret: str = Field(..., description="Shown once; store it in the other system")
    scopes: list[str]
    province_code: str
