"""Two people pressing the payroll button at the same moment: nobody is paid twice.

These commit for real, each person in a session of their own (the per-test rollback would
put both in one transaction). Each test makes an organisation of its own, which no other
test can see. PostgreSQL runs the two at once; SQLite lets one writer in at a time, so there
the second works after the first has committed.
"""

from __future__ import annotations

import asyncio
import secrets
from collections.abc import Awaitable, Callable
from datetime import date

import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession

from chumchon.allowances import payroll as payrolls
from chumchon.allowances.models import Payroll, PayrollLine
from chumchon.allowances.schemas import PayrollCreate
from chumchon.areas.models import Organisation
from chumchon.auth.permissions import permissions_for
from chumchon.core.context import Actor
from chumchon.core.db import make_sessionmaker
from chumchon.core.errors import Conflict
from chumchon.core.tenancy import bind_actor
from tests.allowances.flow import make_registration
from tests.citizens.factories import make_bank_account, make_citizen
from tests.factories import make_organisation

pytestmark = pytest.mark.committing


def _actor(org: Organisation, name: str) -> Actor:
    roles = frozenset({"officer"})
    return Actor(kind="user", id=name, name=name, organisation_id=org.id, roles=roles,
                 permissions=permissions_for(roles))


async def _office_with_beneficiaries(engine: AsyncEngine, n: int = 3) -> Organisation:
    async with make_sessionmaker(engine)() as s:
        org = await make_organisation(s, code=f"99{secrets.randbelow(10**8):08d}")
        for i in range(n):
            citizen = await make_citizen(s, org, birth_date=date(1950 + i, 1, 1))
            await make_bank_account(s, citizen)
            await make_registration(s, citizen, state="active", start_month=date(2025, 10, 1), fiscal_year=2569)
        await s.commit()
    return org


async def _race(engine: AsyncEngine, org: Organisation,
                acts: tuple[Callable[[AsyncSession, Actor], Awaitable[object]], ...]) -> list[str]:
    maker = make_sessionmaker(engine)

    async def person(act: Callable[[AsyncSession, Actor], Awaitable[object]], name: str) -> str:
        async with maker() as session:
            actor = _actor(org, name)
            bind_actor(session, actor)
            try:
                await act(session, actor)
                await session.commit()
                return "won"
            except Conflict as exc:
                await session.rollback()
                return exc.code

    return list(await asyncio.gather(*(person(act, f"เจ้าหน้าที่ {i}") for i, act in enumerate(acts))))


def _create(month: date) -> Callable[[AsyncSession, Actor], Awaitable[object]]:
    return lambda s, a: payrolls.create_payroll(s, a, PayrollCreate(programme="elderly", month=month))


async def _paid_twice(engine: AsyncEngine, org: Organisation) -> list[tuple[object, ...]]:
    async with make_sessionmaker(engine)() as s:
        rows = await s.execute(
            select(PayrollLine.registration_id, PayrollLine.month_paid, func.count())
            .where(PayrollLine.organisation_id == org.id, PayrollLine.status != "failed")
            .group_by(PayrollLine.registration_id, PayrollLine.month_paid).having(func.count() > 1))
        return [tuple(r) for r in rows.all()]


async def test_two_clicks_make_one_payroll_for_the_month(engine):
    org = await _office_with_beneficiaries(engine)
    results = await _race(engine, org, (_create(date(2025, 10, 1)), _create(date(2025, 10, 1))))
    assert sorted(results) == ["payroll.duplicate_month", "won"]
    async with make_sessionmaker(engine)() as s:
        made = (await s.execute(select(func.count()).select_from(Payroll).where(Payroll.organisation_id == org.id))
                ).scalar_one()
        lines = (await s.execute(select(func.count()).select_from(PayrollLine)
                                 .where(PayrollLine.organisation_id == org.id))).scalar_one()
    assert (made, lines) == (1, 3)
    assert await _paid_twice(engine, org) == []


async def test_two_months_computed_at_once_never_pay_a_month_twice(engine):
    org = await _office_with_beneficiaries(engine)
    first_inserted = asyncio.Event()

    # November's payroll pays October and November (back pay); December's would pay both too.
    # The second starts while the first has written its lines and not yet committed.
    async def november(s: AsyncSession, a: Actor) -> None:
        await payrolls.create_payroll(s, a, PayrollCreate(programme="elderly", month=date(2025, 11, 1)))
        first_inserted.set()
        await asyncio.sleep(0.5)

    async def december(s: AsyncSession, a: Actor) -> None:
        await first_inserted.wait()
        await payrolls.create_payroll(s, a, PayrollCreate(programme="elderly", month=date(2025, 12, 1)))

    results = await _race(engine, org, (november, december))
    if engine.dialect.name == "postgresql":
        # Both ran at once: December's INSERT waited on November's lines and was refused whole.
        assert results == ["won", "payroll.month_already_paid"]
        assert await _race(engine, org, (_create(date(2025, 12, 1)),)) == ["won"]
    else:
        # SQLite let December in after November committed; it paid only December.
        assert results == ["won", "won"]
    assert await _paid_twice(engine, org) == []
    async with make_sessionmaker(engine)() as s:
        months = (await s.execute(select(PayrollLine.month_paid, func.count())
                                  .where(PayrollLine.organisation_id == org.id)
                                  .group_by(PayrollLine.month_paid).order_by(PayrollLine.month_paid))).all()
    assert [(m, n) for m, n in months] == [(date(2025, 10, 1), 3), (date(2025, 11, 1), 3), (date(2025, 12, 1), 3)]
