"""Two officers spend the last of a budget line at the same moment: one wins, the other is
refused, and the line is never overspent.

These commit for real (the per-test rollback fixture would put both in one transaction), in an
organisation of their own with a code no other test draws, as tests/groups/test_concurrency.py
does. On PostgreSQL both read the budget, then both write; on SQLite, one writer at a time, the
second works from a copy of the project read before the first committed.
"""

from __future__ import annotations

import asyncio
import secrets
import uuid
from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession

from chumchon.auth.permissions import permissions_for
from chumchon.core.context import Actor
from chumchon.core.db import make_sessionmaker
from chumchon.core.errors import Conflict
from chumchon.core.tenancy import bind_actor
from chumchon.projects import service
from chumchon.projects.models import BudgetLine, Spending
from chumchon.projects.schemas import SpendingCreate
from tests.factories import make_organisation
from tests.projects.factories import make_complete_project

pytestmark = pytest.mark.committing


def _officer(org_id: uuid.UUID, name: str) -> Actor:
    return Actor(kind="user", id=str(uuid.uuid4()), name=name, organisation_id=org_id,
                 roles=frozenset({"officer"}), permissions=permissions_for({"officer"}))


async def test_two_officers_cannot_both_spend_the_last_of_a_line(engine: AsyncEngine):
    maker = make_sessionmaker(engine)
    async with maker() as s:
        org = await make_organisation(s, code=f"98{secrets.randbelow(10**8):08d}")
        project = await make_complete_project(s, org, state="running")
        line = (await s.execute(select(BudgetLine).where(BudgetLine.project_id == project.id)
                                .order_by(BudgetLine.seq))).scalars().first()
        await s.commit()
    assert line is not None and line.amount == Decimal("6000.00")
    spend = SpendingCreate(line_id=line.id, spent_on=date(2026, 1, 12), amount=Decimal("4000.00"),
                           description="ซื้อวัสดุ")

    async def person(session: AsyncSession, actor: Actor, ready: asyncio.Barrier | None) -> str:
        if ready is not None:
            await ready.wait()  # both have read the project; now both spend
        try:
            await service.add_spending(session, actor, project.id, spend)
            await session.commit()
            return "won"
        except Conflict as exc:
            await session.rollback()
            return exc.code

    async def load(session: AsyncSession, actor: Actor) -> None:
        bind_actor(session, actor)
        await service.get_project(session, actor, project.id)

    a, b = _officer(org.id, "เจ้าหน้าที่ ก"), _officer(org.id, "เจ้าหน้าที่ ข")
    async with maker() as sa, maker() as sb:
        if engine.dialect.name == "postgresql":
            ready = asyncio.Barrier(2)

            async def both(session: AsyncSession, actor: Actor) -> str:
                await load(session, actor)
                return await person(session, actor, ready)

            results = await asyncio.gather(both(sa, a), both(sb, b))
        else:
            await load(sb, b)
            await sb.commit()  # B has read the project and let go of the database
            await load(sa, a)
            results = [await person(sa, a, None), await person(sb, b, None)]

    # Whoever came second was refused: by the version check if both read before either wrote,
    # by the budget itself if the first had committed when the second added it up.
    assert sorted(results, key=lambda r: r != "won") in (["won", "projects.budget_conflict"],
                                                         ["won", "projects.over_line_budget"])
    async with maker() as s:
        spent = (await s.execute(select(func.coalesce(func.sum(Spending.amount), Decimal("0.00")))
                                 .where(Spending.line_id == line.id))).scalar_one()
    assert spent == Decimal("4000.00")
