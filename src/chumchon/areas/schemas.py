from __future__ import annotations

import uuid

from pydantic import BaseModel, ConfigDict, Field

from chumchon.areas.models import OrganisationKind


class OrganisationRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)
    id: uuid.UUID
    code: str
    kind: OrganisationKind
    name_th: str
    name_en: str | None
    province_code: str
    province_name: str
    district_name: str
    subdistrict_name: str
    subdistrict_code: str | None
    version: int


class OrganisationCreate(BaseModel):
    code: str = Field(..., pattern=r"^\d{7,10}$", description="DLA's code of the local government",
                      examples=["6360602"])
    kind: OrganisationKind
    name_th: str = Field(..., min_length=1, max_length=200, examples=["เทศบาลตำบลหนองบัวใหญ่"])
    name_en: str | None = Field(None, max_length=200)
    province_code: str = Field(..., pattern=r"^\d{2}$", examples=["36"])
    province_name: str = Field(..., min_length=1, max_length=100)
    district_name: str = Field(..., min_length=1, max_length=100)
    subdistrict_name: str = Field(..., min_length=1, max_length=100)
    subdistrict_code: str | None = Field(None, pattern=r"^\d{6}$")


class OrganisationUpdate(BaseModel):
    name_th: str | None = Field(None, min_length=1, max_length=200)
    name_en: str | None = Field(None, max_length=200)
    kind: OrganisationKind | None = None


class VillageCreate(BaseModel):
    number: int = Field(..., ge=1, le=99, description="หมู่ที่", examples=[3])
    name_th: str = Field(..., min_length=1, max_length=200, examples=["บ้านหนองบัว"])
    dopa_code: str | None = Field(None, pattern=r"^\d{8}$", description="DOPA's 8-digit village code")


class VillageUpdate(BaseModel):
    name_th: str | None = Field(None, min_length=1, max_length=200)
    dopa_code: str | None = Field(None, pattern=r"^\d{8}$")
    is_active: bool | None = None


class VillageRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)
    id: uuid.UUID
    number: int
    name_th: str
    dopa_code: str | None
    is_active: bool
    version: int
