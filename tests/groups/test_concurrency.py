"""Two people doing the same thing at the same moment: one wins, the other gets 409.

The per-test rollback fixture cannot show this (both would share one transaction), so these
tests use the `engine` directly: each person has a session of their own that COMMITs. Every
test makes an organisation of its own with a unique code and cleans nothing up; its rows are
scoped to that organisation, which no other test can see.

PostgreSQL runs the two truly at once (both read, then both write). SQLite lets one writer
in at a time (BEGIN IMMEDIATE), so there the second person works from a copy read before the
first committed, and is refused when the first has committed.
"""

from __future__ import annotations

import asyncio
import secrets
import uuid
from collections.abc import Awaitable, Callable
from decimal import Decimal

import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from chumchon.areas.models import Organisation
from chumchon.core.audit import AuditEntry
from chumchon.core.context import Actor
from chumchon.core.db import make_sessionmaker
from chumchon.core.errors import Conflict
from chumchon.core.outbox import OutboxEvent
from chumchon.core.tenancy import bind_actor
from chumchon.core.workflow import WorkflowEntry, fire
from chumchon.groups import service
from chumchon.groups.models import Group, GroupMember, GroupState, LedgerEntry, LedgerKind
from chumchon.groups.schemas import LedgerEntryCreate
from chumchon.groups.workflow import FORMATION
from tests.factories import make_organisation
from tests.groups.factories import make_group
from tests.groups.flow import actor_for, evidence, walk

pytestmark = pytest.mark.committing

Act = Callable[[AsyncSession, Actor, Group], Awaitable[None]]


async def _committed_group(engine: AsyncEngine, until: GroupState
                           ) -> tuple[async_sessionmaker[AsyncSession], Organisation, uuid.UUID]:
    maker = make_sessionmaker(engine)
    async with maker() as s:
        # 10 digits starting 99: never one of the 7-digit codes the other tests' factories draw.
        org = await make_organisation(s, code=f"99{secrets.randbelow(10**8):08d}")
        bind_actor(s, actor_for(org, "officer", "executive"))
        group = await make_group(s, org, name=f"กลุ่มแข่งกัน {org.code}")
        await walk(s, group, until, actor_for(org, "officer", "executive"))
        await s.commit()
    return maker, org, group.id


async def _race(engine: AsyncEngine, maker: async_sessionmaker[AsyncSession], org: Organisation,
                group_id: uuid.UUID, act: Act) -> list[str]:
    """Two officers do `act` on the same group; returns what each got, winner first."""

    async def person(session: AsyncSession, actor: Actor, group: Group,
                     ready: asyncio.Barrier | None) -> str:
        if ready is not None:
            await ready.wait()  # both have read the group; now both write
        try:
            await act(session, actor, group)
            await session.commit()
            return "won"
        except Conflict as exc:
            await session.rollback()
            return exc.code

    async def load(session: AsyncSession, actor: Actor) -> Group:
        bind_actor(session, actor)
        return await service.get_group(session, actor, group_id)

    a, b = actor_for(org, name="เจ้าหน้าที่ ก"), actor_for(org, name="เจ้าหน้าที่ ข")
    async with maker() as sa, maker() as sb:
        if engine.dialect.name == "postgresql":
            ready = asyncio.Barrier(2)

            async def both(session: AsyncSession, actor: Actor) -> str:
                return await person(session, actor, await load(session, actor), ready)

            results = await asyncio.gather(both(sa, a), both(sb, b))
        else:
            stale = await load(sb, b)
            await sb.commit()  # B has read the group and let go of the database
            first = await person(sa, a, await load(sa, a), None)
            results = [first, await person(sb, b, stale, None)]
    return sorted(results, key=lambda r: r != "won")


async def _count(maker: async_sessionmaker[AsyncSession], stmt) -> int:  # type: ignore[no-untyped-def]
    async with maker() as s:
        return (await s.execute(stmt)).scalar_one()


async def test_two_people_fire_the_same_step_at_once(engine):
    maker, org, gid = await _committed_group(engine, GroupState.founded)

    async def open_membership(session: AsyncSession, actor: Actor, group: Group) -> None:
        ev, _ = evidence("open_membership")
        await fire(session, FORMATION, group, "open_membership", actor, evidence=ev)

    assert await _race(engine, maker, org, gid, open_membership) == ["won", "workflow.conflict"]

    # Nothing was recorded twice: one move, one set of members, one event, one audit trail.
    moves = await _count(maker, select(func.count()).select_from(WorkflowEntry).where(
        WorkflowEntry.subject_id == gid, WorkflowEntry.transition == "open_membership"))
    assert moves == 1
    assert await _count(maker, select(func.count()).select_from(GroupMember).where(GroupMember.group_id == gid)) == 7
    events = await _count(maker, select(func.count()).select_from(OutboxEvent).where(
        OutboxEvent.subject_id == str(gid), OutboxEvent.payload["transition"].as_string() == "open_membership"))
    assert events == 1
    audited = await _count(maker, select(func.count()).select_from(AuditEntry).where(
        AuditEntry.entity_id == str(gid), AuditEntry.action == "group_formation.open_membership"))
    assert audited == 1
    async with maker() as s:
        group = await s.get(Group, gid)
        assert group is not None and group.state == GroupState.membership_opened


async def test_two_withdrawals_at_once_cannot_both_spend_the_fund(engine):
    maker, org, gid = await _committed_group(engine, GroupState.fund_raised)

    async def withdraw_all(session: AsyncSession, actor: Actor, group: Group) -> None:
        await service.post_ledger_entry(session, actor, group.id, LedgerEntryCreate(
            kind=LedgerKind.withdrawal, amount=Decimal("350.50"), entry_date="2026-03-06",  # type: ignore[arg-type]
            description="ซื้อวัตถุดิบ"))

    assert await _race(engine, maker, org, gid, withdraw_all) == ["won", "groups.fund_conflict"]
    async with maker() as s:
        group = await s.get(Group, gid)
        assert group is not None and group.fund_balance == Decimal("0.00")
    withdrawals = await _count(maker, select(func.count()).select_from(LedgerEntry).where(
        LedgerEntry.group_id == gid, LedgerEntry.kind == "withdrawal"))
    assert withdrawals == 1
