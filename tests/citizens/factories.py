"""Plain helpers for the citizen registry: `make_x(session, ..., **overrides)` with explicit defaults."""

from __future__ import annotations

import secrets
from datetime import date
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from chumchon.areas.models import Organisation
from chumchon.citizens.models import BankAccount, Citizen, Household, HouseholdMember
from chumchon.citizens.service import citizen_name_key
from chumchon.core.thai import national_id_check_digit


def national_id(first_twelve: str | None = None) -> str:
    """A valid 13-digit national ID (random unless the first twelve digits are given)."""
    first_twelve = first_twelve or "1" + "".join(str(secrets.randbelow(10)) for _ in range(11))
    return first_twelve + str(national_id_check_digit(first_twelve))


def wrong_check_digit(valid: str) -> str:
    return valid[:12] + str((int(valid[12]) + 1) % 10)


async def make_citizen(session: AsyncSession, organisation: Organisation, **overrides: Any) -> Citizen:
    values: dict[str, Any] = dict(
        organisation_id=organisation.id, national_id=national_id(), title="นาง", first_name="สมหญิง",
        last_name="ใจดี", first_name_en=None, last_name_en=None, birth_date=date(1950, 5, 12),
        birth_precision="day", sex="female", nationality="THA", village_id=None, house_number="1",
    )
    values.update(overrides)
    citizen = Citizen(**values)
    citizen.name_key = citizen_name_key(citizen)
    session.add(citizen)
    await session.flush()
    return citizen


async def make_bank_account(session: AsyncSession, citizen: Citizen, **overrides: Any) -> BankAccount:
    values: dict[str, Any] = dict(
        organisation_id=citizen.organisation_id, citizen_id=citizen.id, kind="bank", bank_code="006",
        branch="จัตุรัส", account_no="1234567890", account_name=f"{citizen.title}{citizen.first_name}",
        is_primary=True, valid_from=date(2024, 1, 1),
    )
    values.update(overrides)
    account = BankAccount(**values)
    session.add(account)
    await session.flush()
    return account


async def make_household(session: AsyncSession, organisation: Organisation, **overrides: Any) -> Household:
    values: dict[str, Any] = dict(organisation_id=organisation.id, house_number="12/3", village_id=None,
                                  house_registration_no=None)
    values.update(overrides)
    household = Household(**values)
    session.add(household)
    await session.flush()
    return household


async def make_member(session: AsyncSession, household: Household, citizen: Citizen,
                      **overrides: Any) -> HouseholdMember:
    values: dict[str, Any] = dict(organisation_id=household.organisation_id, household_id=household.id,
                                  citizen_id=citizen.id, relationship="head", joined_on=date(2020, 1, 1))
    values.update(overrides)
    member = HouseholdMember(**values)
    session.add(member)
    await session.flush()
    return member
