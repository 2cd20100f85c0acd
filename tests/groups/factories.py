"""Group records straight in the database, with explicit defaults: `make_x(session, ..., **overrides)`."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from chumchon.areas.models import Organisation
from chumchon.groups.models import Group, GroupMember, GroupState


async def make_group(session: AsyncSession, org: Organisation, **overrides: Any) -> Group:
    """A group at the state asked for (default: just proposed), without any history."""
    values: dict[str, Any] = dict(organisation_id=org.id, name="กลุ่มทดสอบ", kind="housewives",
                                  state=GroupState.proposed.value, fund_balance=Decimal("0.00"))
    values.update(overrides)
    group = Group(**values)
    session.add(group)
    await session.flush()
    return group


async def make_group_member(session: AsyncSession, group: Group, **overrides: Any) -> GroupMember:
    values: dict[str, Any] = dict(organisation_id=group.organisation_id, group_id=group.id, full_name="สมาชิก ทดสอบ",
                                  joined_on=date(2026, 2, 1))
    values.update(overrides)
    member = GroupMember(**values)
    session.add(member)
    await session.flush()
    return member
