from __future__ import annotations

from enum import StrEnum

from sqlalchemy import Boolean, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from chumchon.core.db import Base, Entity, TenantMixin


class OrganisationKind(StrEnum):
    subdistrict_municipality = "subdistrict_municipality"  # เทศบาลตำบล
    town_municipality = "town_municipality"                # เทศบาลเมือง
    city_municipality = "city_municipality"                # เทศบาลนคร
    sao = "sao"                                            # องค์การบริหารส่วนตำบล (อบต.)
    pao = "pao"                                            # องค์การบริหารส่วนจังหวัด (อบจ.)


class Organisation(Entity, Base):
    """A local government (องค์กรปกครองส่วนท้องถิ่น): the tenant every record belongs to."""

    __tablename__ = "organisations"

    code: Mapped[str] = mapped_column(String(10), unique=True)  # DLA's LAO code
    kind: Mapped[str] = mapped_column(String(32))
    name_th: Mapped[str] = mapped_column(String(200))
    name_en: Mapped[str | None] = mapped_column(String(200))
    province_code: Mapped[str] = mapped_column(String(2), index=True)
    province_name: Mapped[str] = mapped_column(String(100))
    district_name: Mapped[str] = mapped_column(String(100))
    subdistrict_name: Mapped[str] = mapped_column(String(100))
    subdistrict_code: Mapped[str | None] = mapped_column(String(6))  # DOPA 6-digit tambon code


class Village(Entity, TenantMixin, Base):
    """หมู่ที่ N of the organisation's area."""

    __tablename__ = "villages"
    __table_args__ = (UniqueConstraint("organisation_id", "number"),)

    number: Mapped[int] = mapped_column(Integer)  # หมู่ที่
    name_th: Mapped[str] = mapped_column(String(200))
    dopa_code: Mapped[str | None] = mapped_column(String(8))  # 8-digit DOPA village code
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)
