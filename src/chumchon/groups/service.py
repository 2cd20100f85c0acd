"""The rules of community groups, outside the formation steps (those are in `workflow.py`).

Records appear through the step that introduces them (members at step 4, committee at 5,
the fund at 7, the bank account at 8, the first visit at 9); once that step is done the group
lives on through the endpoints here, without running the steps again. Every write that has
an invariant over the whole group (one holder per seat, a fund that never goes below zero)
also changes the group row, so the group's version makes two such writes at once collide.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import selectinload
from sqlalchemy.orm.exc import StaleDataError

from chumchon.areas import service as areas
from chumchon.auth.permissions import P
from chumchon.core import audit, outbox
from chumchon.core.concurrency import check_version
from chumchon.core.context import Actor
from chumchon.core.db import new_id, utcnow
from chumchon.core.errors import Conflict, Invalid, NotFound
from chumchon.core.pagination import PageParams, paginate
from chumchon.groups.models import (
    SINGLE_SEATS,
    STATE_LABELS,
    STATE_RANK,
    CommitteePosition,
    CommitteeTerm,
    Group,
    GroupBankAccount,
    GroupBankSignatory,
    GroupEvaluation,
    GroupMember,
    GroupState,
    LedgerEntry,
    LedgerKind,
    TermEnd,
)
from chumchon.groups.schemas import (
    CommitteeTermCreate,
    EvaluationCreate,
    GroupCreate,
    GroupUpdate,
    LedgerEntryCreate,
    MemberCreate,
    MemberLeave,
)

# --- loading and the stage a group has reached ------------------------------------------------


async def get_group(session: AsyncSession, actor: Actor, group_id: uuid.UUID) -> Group:
    actor.require(P.groups_read)
    group = (await session.execute(select(Group).where(Group.id == group_id))).scalar_one_or_none()
    if group is None:
        raise NotFound("No such group", code="groups.not_found")
    return group


def require_stage(group: Group, stage: GroupState) -> None:
    """Refuse a record the group's formation has not come to yet, or a dissolved group."""
    if group.state == GroupState.dissolved:
        raise Conflict("The group is dissolved", code="groups.dissolved")
    if STATE_RANK[group.state] < STATE_RANK[stage]:
        label_th, label_en = STATE_LABELS[stage]
        raise Conflict(f"This is recorded once the group's formation has reached '{label_en}' ({label_th})",
                       code="groups.step_not_reached", state=group.state, needs=stage.value)


async def _writable(session: AsyncSession, actor: Actor, group_id: uuid.UUID, stage: GroupState) -> Group:
    actor.require(P.groups_write)
    group = await get_group(session, actor, group_id)
    require_stage(group, stage)
    return group


def _touch(group: Group) -> None:
    # Changes the group row, so its version check serialises writes over the whole group.
    group.updated_at = utcnow()


async def _village_checked(session: AsyncSession, actor: Actor, village_id: uuid.UUID | None) -> None:
    if village_id is None:
        return
    try:
        await areas.get_village(session, actor, village_id)
    except NotFound:
        raise Invalid("No such village in this organisation", code="groups.village_unknown",
                      errors=[{"field": "village_id", "code": "groups.village_unknown",
                               "message": "no such village"}]) from None


# --- groups -----------------------------------------------------------------------------------


async def list_groups(session: AsyncSession, actor: Actor, params: PageParams, *, kind: str | None = None,
                      village_id: uuid.UUID | None = None, state: str | None = None,
                      q: str | None = None) -> tuple[list[Group], int]:
    actor.require(P.groups_read)
    stmt = select(Group)
    if kind:
        stmt = stmt.where(Group.kind == kind)
    if village_id:
        stmt = stmt.where(Group.village_id == village_id)
    if state:
        stmt = stmt.where(Group.state == state)
    if q:
        stmt = stmt.where(Group.name.contains(q))
    return await paginate(session, stmt, params,
                          sortable={"name": Group.name, "created_at": Group.created_at, "kind": Group.kind,
                                    "state": Group.state, "founded_on": Group.founded_on},
                          default_sort=["name"], tiebreak=Group.id)


async def start_formation(session: AsyncSession, actor: Actor, data: GroupCreate) -> Group:
    actor.require(P.groups_write)
    await _village_checked(session, actor, data.village_id)
    with audit.action(session, "group.start_formation"):
        group = Group(id=new_id(), name=data.name, kind=data.kind.value, village_id=data.village_id,
                      purpose=data.purpose, state=GroupState.proposed.value, fund_balance=Decimal("0.00"))
        session.add(group)
        outbox.emit(session, "group.formation_started", subject_type="group", subject_id=group.id,
                    payload={"name": group.name, "kind": group.kind})
        await session.flush()
    return group


async def update_group(session: AsyncSession, actor: Actor, group_id: uuid.UUID, data: GroupUpdate,
                       expected_version: int) -> Group:
    actor.require(P.groups_write)
    group = await get_group(session, actor, group_id)
    check_version(group, expected_version)
    if group.state == GroupState.dissolved:
        raise Conflict("The group is dissolved", code="groups.dissolved")
    changes = data.model_dump(exclude_unset=True)
    if changes.get("name", "") is None:
        raise Invalid("A group needs a name", code="groups.name_required",
                      errors=[{"field": "name", "code": "groups.name_required", "message": "name cannot be empty"}])
    if "village_id" in changes:
        await _village_checked(session, actor, changes["village_id"])
    for key, value in changes.items():
        setattr(group, key, value)
    await session.flush()
    return group


# --- members ----------------------------------------------------------------------------------


async def active_members(session: AsyncSession, group_id: uuid.UUID, ids: Sequence[uuid.UUID] | None = None
                         ) -> list[GroupMember]:
    stmt = select(GroupMember).where(GroupMember.group_id == group_id, GroupMember.left_on.is_(None))
    if ids is not None:
        stmt = stmt.where(GroupMember.id.in_(list(ids)))
    return list((await session.execute(stmt)).scalars())


async def count_active_members(session: AsyncSession, group_id: uuid.UUID) -> int:
    return (await session.execute(
        select(func.count()).select_from(GroupMember)
        .where(GroupMember.group_id == group_id, GroupMember.left_on.is_(None))
    )).scalar_one()


async def add_members(session: AsyncSession, group: Group, members: Sequence[MemberCreate]) -> list[GroupMember]:
    """Record members (step 4 and later joins); a citizen is an active member once."""
    citizen_ids = [m.citizen_id for m in members if m.citizen_id is not None]
    if len(set(citizen_ids)) != len(citizen_ids):
        raise Conflict("The same person is listed twice", code="groups.member_duplicate")
    if citizen_ids:
        taken = (await session.execute(
            select(GroupMember.citizen_id).where(GroupMember.group_id == group.id, GroupMember.left_on.is_(None),
                                                 GroupMember.citizen_id.in_(citizen_ids))
        )).scalars().first()
        if taken is not None:
            raise Conflict("This person is already a member of the group", code="groups.member_duplicate",
                           citizen_id=str(taken))
    rows = [GroupMember(id=new_id(), organisation_id=group.organisation_id, group_id=group.id,
                        full_name=m.full_name, citizen_id=m.citizen_id, joined_on=m.joined_on) for m in members]
    session.add_all(rows)
    _touch(group)
    return rows


async def list_members(session: AsyncSession, actor: Actor, group_id: uuid.UUID, params: PageParams, *,
                       active: bool | None = None) -> tuple[list[GroupMember], int]:
    group = await get_group(session, actor, group_id)
    stmt = select(GroupMember).where(GroupMember.group_id == group.id)
    if active is True:
        stmt = stmt.where(GroupMember.left_on.is_(None))
    elif active is False:
        stmt = stmt.where(GroupMember.left_on.is_not(None))
    return await paginate(session, stmt, params,
                          sortable={"full_name": GroupMember.full_name, "joined_on": GroupMember.joined_on},
                          default_sort=["joined_on", "full_name"], tiebreak=GroupMember.id)


async def add_member(session: AsyncSession, actor: Actor, group_id: uuid.UUID, data: MemberCreate) -> GroupMember:
    group = await _writable(session, actor, group_id, GroupState.membership_opened)
    with audit.action(session, "group.member_join"):
        [member] = await add_members(session, group, [data])
        await session.flush()
    return member


async def _member(session: AsyncSession, group: Group, member_id: uuid.UUID) -> GroupMember:
    member = (await session.execute(
        select(GroupMember).where(GroupMember.id == member_id, GroupMember.group_id == group.id)
    )).scalar_one_or_none()
    if member is None:
        raise NotFound("No such member in this group", code="groups.member_not_found")
    return member


async def end_open_terms(session: AsyncSession, group: Group, on: date, reason: TermEnd, *,
                         member_id: uuid.UUID | None = None, position: str | None = None) -> list[CommitteeTerm]:
    stmt = select(CommitteeTerm).where(CommitteeTerm.group_id == group.id, CommitteeTerm.ended_on.is_(None))
    if member_id is not None:
        stmt = stmt.where(CommitteeTerm.member_id == member_id)
    if position is not None:
        stmt = stmt.where(CommitteeTerm.position == position)
    terms = list((await session.execute(stmt)).scalars())
    for term in terms:
        if term.ended_on is not None:
            continue  # ended a moment ago in this same change, not yet flushed
        if on < term.started_on:
            raise Invalid(f"A term that started on {term.started_on} cannot end on {on}",
                          code="groups.term_end_before_start",
                          errors=[{"field": "date", "code": "groups.term_end_before_start",
                                   "message": f"must not be before {term.started_on}"}])
        term.ended_on = on
        term.end_reason = reason.value
    return terms


async def member_leaves(session: AsyncSession, actor: Actor, group_id: uuid.UUID, member_id: uuid.UUID,
                        data: MemberLeave) -> GroupMember:
    group = await _writable(session, actor, group_id, GroupState.membership_opened)
    member = await _member(session, group, member_id)
    if member.left_on is not None:
        raise Conflict("This member has left already", code="groups.member_left")
    if data.left_on < member.joined_on:
        raise Invalid("A member cannot leave before joining", code="groups.left_before_joined",
                      errors=[{"field": "left_on", "code": "groups.left_before_joined",
                               "message": f"must not be before {member.joined_on}"}])
    with audit.action(session, "group.member_leave"):
        member.left_on = data.left_on
        member.leave_reason = data.reason
        # A committee seat is a member's: it ends with the membership.
        await end_open_terms(session, group, data.left_on, TermEnd.left_group, member_id=member.id)
        _touch(group)
        await session.flush()
    return member


# --- committee terms ----------------------------------------------------------------------------


async def start_terms(session: AsyncSession, group: Group, seats: Sequence[tuple[CommitteePosition, uuid.UUID]],
                      started_on: date, ends_on: date | None) -> list[CommitteeTerm]:
    """Seat members: the seat's holder (single seats) and the member's own other seat end."""
    for position, member_id in seats:
        if position in SINGLE_SEATS:
            await end_open_terms(session, group, started_on, TermEnd.replaced, position=position.value)
        await end_open_terms(session, group, started_on, TermEnd.changed_position, member_id=member_id)
    rows = [CommitteeTerm(id=new_id(), organisation_id=group.organisation_id, group_id=group.id, member_id=member_id,
                          position=position.value, started_on=started_on, ends_on=ends_on)
            for position, member_id in seats]
    session.add_all(rows)
    _touch(group)
    return rows


async def not_members(session: AsyncSession, group: Group, member_ids: Sequence[uuid.UUID]) -> list[uuid.UUID]:
    """The ids among `member_ids` that are not active members of the group."""
    found = {m.id for m in await active_members(session, group.id, member_ids)}
    return [i for i in member_ids if i not in found]


async def current_committee(session: AsyncSession, group_id: uuid.UUID) -> list[CommitteeTerm]:
    return list((await session.execute(
        select(CommitteeTerm).where(CommitteeTerm.group_id == group_id, CommitteeTerm.ended_on.is_(None))
    )).scalars())


async def list_committee_terms(session: AsyncSession, actor: Actor, group_id: uuid.UUID, params: PageParams, *,
                               current: bool | None = None) -> tuple[list[CommitteeTerm], int]:
    group = await get_group(session, actor, group_id)
    stmt = (select(CommitteeTerm).where(CommitteeTerm.group_id == group.id)
            .options(selectinload(CommitteeTerm.member)))
    if current is True:
        stmt = stmt.where(CommitteeTerm.ended_on.is_(None))
    elif current is False:
        stmt = stmt.where(CommitteeTerm.ended_on.is_not(None))
    return await paginate(session, stmt, params,
                          sortable={"started_on": CommitteeTerm.started_on, "position": CommitteeTerm.position},
                          default_sort=["-started_on", "position"], tiebreak=CommitteeTerm.id)


async def start_committee_term(session: AsyncSession, actor: Actor, group_id: uuid.UUID,
                               data: CommitteeTermCreate) -> CommitteeTerm:
    group = await _writable(session, actor, group_id, GroupState.committee_selected)
    if await not_members(session, group, [data.member_id]):
        raise Conflict("Only a member of the group can sit on its committee", code="groups.committee_not_member",
                       member_id=str(data.member_id))
    with audit.action(session, "group.committee_term_start"):
        [term] = await start_terms(session, group, [(data.position, data.member_id)], data.started_on, data.ends_on)
        await session.flush()
    return (await session.execute(
        select(CommitteeTerm).where(CommitteeTerm.id == term.id).options(selectinload(CommitteeTerm.member))
    )).scalar_one()


# --- the fund ledger ----------------------------------------------------------------------------


async def post_entries(session: AsyncSession, group: Group, entries: Sequence[LedgerEntryCreate]) -> list[LedgerEntry]:
    """Book entries in order; refuse the lot if any would take the fund below zero."""
    member_ids = [e.member_id for e in entries if e.member_id is not None]
    if member_ids:
        known = set((await session.execute(
            select(GroupMember.id).where(GroupMember.group_id == group.id, GroupMember.id.in_(member_ids))
        )).scalars())
        unknown = [i for i in member_ids if i not in known]
        if unknown:
            raise Conflict("The money's member is not a member of this group", code="groups.member_unknown",
                           member_id=str(unknown[0]))
    seq = (await session.execute(
        select(func.coalesce(func.max(LedgerEntry.seq), 0)).where(LedgerEntry.group_id == group.id)
    )).scalar_one()
    balance = group.fund_balance
    rows: list[LedgerEntry] = []
    for e in entries:
        balance = balance + e.amount if e.kind == LedgerKind.contribution else balance - e.amount
        if balance < 0:
            raise Conflict(f"The fund holds {group.fund_balance} baht; this would take it below zero",
                           code="groups.fund_negative", balance=str(group.fund_balance))
        seq += 1
        rows.append(LedgerEntry(id=new_id(), organisation_id=group.organisation_id, group_id=group.id, seq=seq,
                                kind=e.kind.value, amount=e.amount, balance_after=balance, entry_date=e.entry_date,
                                member_id=e.member_id, description=e.description, reference=e.reference))
    session.add_all(rows)
    group.fund_balance = balance
    return rows


async def ledger(session: AsyncSession, actor: Actor, group_id: uuid.UUID, params: PageParams
                 ) -> tuple[list[LedgerEntry], int, Decimal]:
    group = await get_group(session, actor, group_id)
    rows, total = await paginate(session, select(LedgerEntry).where(LedgerEntry.group_id == group.id), params,
                                 sortable={"seq": LedgerEntry.seq, "entry_date": LedgerEntry.entry_date},
                                 default_sort=["seq"])
    return rows, total, group.fund_balance


async def post_ledger_entry(session: AsyncSession, actor: Actor, group_id: uuid.UUID,
                            data: LedgerEntryCreate) -> LedgerEntry:
    group = await _writable(session, actor, group_id, GroupState.fund_raised)
    with audit.action(session, f"group.fund_{data.kind.value}"):
        [entry] = await post_entries(session, group, [data])
        try:
            await session.flush()
        except (StaleDataError, IntegrityError):
            # Another posting got in first; the balance this one was checked against is gone.
            raise Conflict("The fund changed while this was being booked; reload and try again",
                           code="groups.fund_conflict") from None
    return entry


# --- bank accounts --------------------------------------------------------------------------------


async def open_bank_account(session: AsyncSession, group: Group, *, signatory_member_ids: Sequence[uuid.UUID],
                            **fields: Any) -> GroupBankAccount:
    account = GroupBankAccount(id=new_id(), organisation_id=group.organisation_id, group_id=group.id, **fields)
    session.add(account)
    session.add_all([GroupBankSignatory(organisation_id=group.organisation_id, bank_account_id=account.id,
                                        member_id=m) for m in signatory_member_ids])
    return account


async def list_bank_accounts(session: AsyncSession, actor: Actor, group_id: uuid.UUID) -> list[GroupBankAccount]:
    group = await get_group(session, actor, group_id)
    return list((await session.execute(
        select(GroupBankAccount).where(GroupBankAccount.group_id == group.id)
        .options(selectinload(GroupBankAccount.signatories)).order_by(GroupBankAccount.opened_on)
    )).scalars())


async def close_bank_accounts(session: AsyncSession, group: Group, on: date) -> None:
    accounts = (await session.execute(
        select(GroupBankAccount).where(GroupBankAccount.group_id == group.id, GroupBankAccount.closed_on.is_(None))
    )).scalars()
    for account in accounts:
        account.closed_on = on


# --- follow-up visits -----------------------------------------------------------------------------


def new_evaluation(group: Group, actor: Actor, data: EvaluationCreate) -> GroupEvaluation:
    return GroupEvaluation(id=new_id(), organisation_id=group.organisation_id, group_id=group.id,
                           visited_by=actor.name, **data.model_dump())


async def list_evaluations(session: AsyncSession, actor: Actor, group_id: uuid.UUID, params: PageParams
                           ) -> tuple[list[GroupEvaluation], int]:
    group = await get_group(session, actor, group_id)
    return await paginate(session, select(GroupEvaluation).where(GroupEvaluation.group_id == group.id), params,
                          sortable={"visited_on": GroupEvaluation.visited_on, "score": GroupEvaluation.score},
                          default_sort=["-visited_on"], tiebreak=GroupEvaluation.id)


async def add_evaluation(session: AsyncSession, actor: Actor, group_id: uuid.UUID,
                         data: EvaluationCreate) -> GroupEvaluation:
    group = await _writable(session, actor, group_id, GroupState.evaluated)
    with audit.action(session, "group.evaluation"):
        evaluation = new_evaluation(group, actor, data)
        session.add(evaluation)
        await session.flush()
    return evaluation
