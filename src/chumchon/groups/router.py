from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Response

from chumchon.auth.deps import CurrentActor, ScopedDb
from chumchon.core.concurrency import etag, if_match
from chumchon.core.errors import problem_responses
from chumchon.core.pagination import Page, PageQuery
from chumchon.core.workflow_api import add_workflow_routes
from chumchon.groups import service
from chumchon.groups.models import GroupKind, GroupState
from chumchon.groups.schemas import (
    BankAccountRead,
    CommitteeTermCreate,
    CommitteeTermRead,
    EvaluationCreate,
    EvaluationRead,
    GroupCreate,
    GroupKindRead,
    GroupRead,
    GroupUpdate,
    LedgerEntryCreate,
    LedgerEntryRead,
    LedgerPage,
    MemberCreate,
    MemberLeave,
    MemberRead,
    kinds,
)
from chumchon.groups.workflow import FORMATION

router = APIRouter(tags=["groups"])


@router.get("/groups/kinds", response_model=list[GroupKindRead], summary="Kinds of group and their minimum membership",
            responses=problem_responses(401))
async def list_kinds(actor: CurrentActor) -> list[GroupKindRead]:
    return kinds()


@router.get("/groups", response_model=Page[GroupRead], summary="Community groups",
            responses=problem_responses(401, 403, 422))
async def list_groups(
    session: ScopedDb, actor: CurrentActor, page: PageQuery,
    kind: Annotated[GroupKind | None, Query(description="Only groups of this kind")] = None,
    village_id: Annotated[uuid.UUID | None, Query(description="Only groups of this village")] = None,
    state: Annotated[GroupState | None, Query(description="Only groups at this state")] = None,
    q: Annotated[str | None, Query(max_length=100, description="Part of the group's name")] = None,
) -> Page[GroupRead]:
    rows, total = await service.list_groups(session, actor, page, kind=kind, village_id=village_id, state=state, q=q)
    return Page(items=[GroupRead.of(g) for g in rows], total=total, page=page.page, page_size=page.page_size)


@router.post("/groups", response_model=GroupRead, status_code=201, summary="Start forming a group",
             description="Creates the group at the first of the ten formation steps (manual 1.9); "
                         "the steps are then taken through `…/workflow/{step}`.",
             responses=problem_responses(401, 403, 422))
async def create_group(session: ScopedDb, actor: CurrentActor, body: GroupCreate, response: Response) -> GroupRead:
    group = await service.start_formation(session, actor, body)
    response.headers["ETag"] = etag(group.version)
    return GroupRead.of(group)


@router.get("/groups/{group_id}", response_model=GroupRead, summary="One group",
            responses=problem_responses(401, 403, 404))
async def get_group(session: ScopedDb, actor: CurrentActor, group_id: uuid.UUID, response: Response) -> GroupRead:
    group = await service.get_group(session, actor, group_id)
    response.headers["ETag"] = etag(group.version)
    return GroupRead.of(group)


@router.patch("/groups/{group_id}", response_model=GroupRead, summary="Change a group's name, purpose or village",
              description="The state moves only through the steps; the kind is set at step 3.",
              responses=problem_responses(401, 403, 404, 409, 422, 428))
async def update_group(session: ScopedDb, actor: CurrentActor, group_id: uuid.UUID, body: GroupUpdate,
                       response: Response, version: Annotated[int, Depends(if_match)]) -> GroupRead:
    group = await service.update_group(session, actor, group_id, body, version)
    response.headers["ETag"] = etag(group.version)
    return GroupRead.of(group)


# --- members ----------------------------------------------------------------------------------


@router.get("/groups/{group_id}/members", response_model=Page[MemberRead], summary="The group's members",
            responses=problem_responses(401, 403, 404, 422))
async def list_members(session: ScopedDb, actor: CurrentActor, group_id: uuid.UUID, page: PageQuery,
                       active: Annotated[bool | None, Query(description="true: still members; false: left")] = None
                       ) -> Page[MemberRead]:
    rows, total = await service.list_members(session, actor, group_id, page, active=active)
    return Page(items=[MemberRead.model_validate(m) for m in rows], total=total, page=page.page,
                page_size=page.page_size)


@router.post("/groups/{group_id}/members", response_model=MemberRead, status_code=201, summary="A member joins",
             description="Once membership is open (step 4); the founding members come with step 4 itself.",
             responses=problem_responses(401, 403, 404, 409, 422))
async def add_member(session: ScopedDb, actor: CurrentActor, group_id: uuid.UUID, body: MemberCreate) -> MemberRead:
    return MemberRead.model_validate(await service.add_member(session, actor, group_id, body))


@router.post("/groups/{group_id}/members/{member_id}/leave", response_model=MemberRead, summary="A member leaves",
             description="The member's record stays, with the date and reason; a committee seat they held ends.",
             responses=problem_responses(401, 403, 404, 409, 422))
async def member_leaves(session: ScopedDb, actor: CurrentActor, group_id: uuid.UUID, member_id: uuid.UUID,
                        body: MemberLeave) -> MemberRead:
    return MemberRead.model_validate(await service.member_leaves(session, actor, group_id, member_id, body))


# --- committee --------------------------------------------------------------------------------


@router.get("/groups/{group_id}/committee-terms", response_model=Page[CommitteeTermRead],
            summary="Committee terms, current and past", responses=problem_responses(401, 403, 404, 422))
async def list_committee_terms(session: ScopedDb, actor: CurrentActor, group_id: uuid.UUID, page: PageQuery,
                               current: Annotated[bool | None, Query(description="true: sitting now")] = None
                               ) -> Page[CommitteeTermRead]:
    rows, total = await service.list_committee_terms(session, actor, group_id, page, current=current)
    return Page(items=[CommitteeTermRead.of(t) for t in rows], total=total, page=page.page, page_size=page.page_size)


@router.post("/groups/{group_id}/committee-terms", response_model=CommitteeTermRead, status_code=201,
             summary="A new committee term",
             description="After step 5. The seat's current term ends the day the new one starts (chair, "
                         "vice-chair, secretary, treasurer); so does any other seat the member held.",
             responses=problem_responses(401, 403, 404, 409, 422))
async def start_committee_term(session: ScopedDb, actor: CurrentActor, group_id: uuid.UUID,
                               body: CommitteeTermCreate) -> CommitteeTermRead:
    return CommitteeTermRead.of(await service.start_committee_term(session, actor, group_id, body))


# --- fund -------------------------------------------------------------------------------------


@router.get("/groups/{group_id}/ledger", response_model=LedgerPage, summary="The fund's ledger and balance",
            responses=problem_responses(401, 403, 404, 422))
async def ledger(session: ScopedDb, actor: CurrentActor, group_id: uuid.UUID, page: PageQuery) -> LedgerPage:
    rows, total, balance = await service.ledger(session, actor, group_id, page)
    return LedgerPage(items=[LedgerEntryRead.model_validate(e) for e in rows], total=total, page=page.page,
                      page_size=page.page_size, balance=balance)


@router.post("/groups/{group_id}/ledger", response_model=LedgerEntryRead, status_code=201,
             summary="Book a contribution or a withdrawal",
             description="After step 7. A withdrawal larger than the balance is refused (`groups.fund_negative`); "
                         "entries are never edited, a mistake is undone by another entry.",
             responses=problem_responses(401, 403, 404, 409, 422))
async def post_ledger_entry(session: ScopedDb, actor: CurrentActor, group_id: uuid.UUID,
                            body: LedgerEntryCreate) -> LedgerEntryRead:
    return LedgerEntryRead.model_validate(await service.post_ledger_entry(session, actor, group_id, body))


@router.get("/groups/{group_id}/bank-accounts", response_model=list[BankAccountRead],
            summary="The group's bank accounts and signatories", responses=problem_responses(401, 403, 404))
async def list_bank_accounts(session: ScopedDb, actor: CurrentActor, group_id: uuid.UUID) -> list[BankAccountRead]:
    accounts = await service.list_bank_accounts(session, actor, group_id)
    return [BankAccountRead(id=a.id, bank_code=a.bank_code, bank_name=a.bank_name, branch=a.branch,
                            account_name=a.account_name, account_number=a.account_number, opened_on=a.opened_on,
                            closed_on=a.closed_on, signatory_member_ids=[s.member_id for s in a.signatories])
            for a in accounts]


# --- follow-up visits -------------------------------------------------------------------------


@router.get("/groups/{group_id}/evaluations", response_model=Page[EvaluationRead],
            summary="Follow-up visits and their scores", responses=problem_responses(401, 403, 404, 422))
async def list_evaluations(session: ScopedDb, actor: CurrentActor, group_id: uuid.UUID,
                           page: PageQuery) -> Page[EvaluationRead]:
    rows, total = await service.list_evaluations(session, actor, group_id, page)
    return Page(items=[EvaluationRead.model_validate(e) for e in rows], total=total, page=page.page,
                page_size=page.page_size)


@router.post("/groups/{group_id}/evaluations", response_model=EvaluationRead, status_code=201,
             summary="Record a follow-up visit", description="After step 9, whose own visit is the first.",
             responses=problem_responses(401, 403, 404, 409, 422))
async def add_evaluation(session: ScopedDb, actor: CurrentActor, group_id: uuid.UUID,
                         body: EvaluationCreate) -> EvaluationRead:
    return EvaluationRead.model_validate(await service.add_evaluation(session, actor, group_id, body))


add_workflow_routes(router, FORMATION, prefix="/groups/{group_id}", id_param="group_id", load=service.get_group)
