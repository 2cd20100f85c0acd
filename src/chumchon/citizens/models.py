"""The citizen registry: people, their bank accounts, and households with history.

Health data (HIV status, disability) is deliberately absent: it is sensitive under the
PDPA and lives in the allowances domain's own tables with its own permission.
"""

from __future__ import annotations

import uuid
from datetime import date
from enum import StrEnum

from sqlalchemy import Boolean, Date, ForeignKey, Index, String, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column

from chumchon.core.db import Base, Entity, TenantMixin


class Sex(StrEnum):
    male = "male"
    female = "female"
    other = "other"


class BirthPrecision(StrEnum):
    """How much of the birth date is known; the civil registry writes unknown parts as 00."""

    day = "day"
    month = "month"
    year = "year"


class BankAccountKind(StrEnum):
    bank = "bank"
    promptpay = "promptpay"


class Relationship(StrEnum):
    """Relationship to the head of the household (ความเกี่ยวพันกับเจ้าบ้าน)."""

    head = "head"
    spouse = "spouse"
    child = "child"
    parent = "parent"
    relative = "relative"
    other = "other"


class Citizen(Entity, TenantMixin, Base):
    """A person in the organisation's register (one row per national ID per organisation)."""

    __tablename__ = "citizens"
    __table_args__ = (UniqueConstraint("organisation_id", "national_id"),)

    national_id: Mapped[str] = mapped_column(String(13))
    title: Mapped[str] = mapped_column(String(40))
    first_name: Mapped[str] = mapped_column(String(100))
    last_name: Mapped[str] = mapped_column(String(100))
    first_name_en: Mapped[str | None] = mapped_column(String(100))
    last_name_en: Mapped[str | None] = mapped_column(String(100))
    # Derived from the names on every write (service.name_key): searching compares keys,
    # so tone marks, spaces and dots typed differently still match.
    name_key: Mapped[str] = mapped_column(String(400), index=True)
    # Unknown day/month are stored as day 1 / January (rules.md §1); birth_precision says
    # which parts are real so forms never print an invented 1 January.
    birth_date: Mapped[date | None] = mapped_column(Date)
    birth_precision: Mapped[str] = mapped_column(String(5), default=BirthPrecision.day.value)
    sex: Mapped[str] = mapped_column(String(10))
    nationality: Mapped[str] = mapped_column(String(3), default="THA")
    village_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("villages.id"), index=True)
    house_number: Mapped[str | None] = mapped_column(String(20))
    house_registration_no: Mapped[str | None] = mapped_column(String(11))  # รหัสประจำบ้าน
    address_extra: Mapped[str | None] = mapped_column(String(200))  # ซอย/ถนน
    phone: Mapped[str | None] = mapped_column(String(20))
    # Set only by their own actions (record_death, record_move_out), never by PATCH; the
    # note is the evidence (death certificate no., DOPA notice) the officer relied on.
    death_date: Mapped[date | None] = mapped_column(Date)
    death_note: Mapped[str | None] = mapped_column(String(500))
    moved_out_on: Mapped[date | None] = mapped_column(Date)
    moved_out_note: Mapped[str | None] = mapped_column(String(500))


class BankAccount(Entity, TenantMixin, Base):
    """Where a citizen is paid. Ended, never deleted: payroll lines point to it."""

    __tablename__ = "citizen_bank_accounts"
    __table_args__ = (
        # One primary account in force per person; the service says so first, nicely.
        Index(
            "uq_citizen_bank_accounts_primary_open",
            "citizen_id",
            unique=True,
            postgresql_where=text("is_primary AND ended_on IS NULL"),
            sqlite_where=text("is_primary = 1 AND ended_on IS NULL"),
        ),
    )

    citizen_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("citizens.id"), index=True)
    kind: Mapped[str] = mapped_column(String(10))
    bank_code: Mapped[str | None] = mapped_column(String(3))  # '006' Krungthai
    branch: Mapped[str | None] = mapped_column(String(100))
    account_no: Mapped[str | None] = mapped_column(String(20))
    account_name: Mapped[str] = mapped_column(String(200))
    promptpay_id: Mapped[str | None] = mapped_column(String(13))
    is_primary: Mapped[bool] = mapped_column(Boolean, default=False)
    valid_from: Mapped[date] = mapped_column(Date)
    ended_on: Mapped[date | None] = mapped_column(Date)


class Household(Entity, TenantMixin, Base):
    """A house registration (ทะเบียนบ้าน) household in the organisation's area."""

    __tablename__ = "households"

    house_number: Mapped[str] = mapped_column(String(20))
    village_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("villages.id"), index=True)
    house_registration_no: Mapped[str | None] = mapped_column(String(11), index=True)


class HouseholdMember(Entity, TenantMixin, Base):
    """A period of a person's membership in a household; left_on closes it (history)."""

    __tablename__ = "household_members"
    __table_args__ = (
        # At most one household at a time per person; the service checks first and says
        # which household, this index stops two concurrent requests both winning.
        Index(
            "uq_household_members_open_citizen",
            "citizen_id",
            unique=True,
            postgresql_where=text("left_on IS NULL"),
            sqlite_where=text("left_on IS NULL"),
        ),
        Index(
            "uq_household_members_open_head",
            "household_id",
            unique=True,
            postgresql_where=text("relationship = 'head' AND left_on IS NULL"),
            sqlite_where=text("relationship = 'head' AND left_on IS NULL"),
        ),
    )

    household_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("households.id"), index=True)
    citizen_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("citizens.id"), index=True)
    relationship: Mapped[str] = mapped_column(String(10))
    joined_on: Mapped[date] = mapped_column(Date)
    left_on: Mapped[date | None] = mapped_column(Date)
