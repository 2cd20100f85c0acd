from __future__ import annotations

import uuid
from dataclasses import asdict
from datetime import date
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Response

from chumchon.auth.deps import CurrentActor, ReadScopedDb, ScopedDb
from chumchon.citizens import service
from chumchon.citizens.models import Citizen, Household
from chumchon.citizens.schemas import (
    BankAccountCreate,
    BankAccountEnd,
    BankAccountRead,
    CitizenCreate,
    CitizenRead,
    CitizenStatus,
    CitizenUpdate,
    DeathRecord,
    HouseholdCreate,
    HouseholdDetail,
    HouseholdMemberCreate,
    HouseholdMemberLeave,
    HouseholdMemberRead,
    HouseholdRead,
    HouseholdUpdate,
    MoveOutRecord,
    NationalIdRead,
    TimelineEntryRead,
)
from chumchon.core.concurrency import etag, if_match
from chumchon.core.errors import problem_responses
from chumchon.core.pagination import Page, PageParams, PageQuery
from chumchon.core.thai import format_national_id

router = APIRouter(prefix="/citizens", tags=["citizens"])
households = APIRouter(prefix="/households", tags=["households"])

IfMatch = Annotated[int, Depends(if_match)]


def _citizen(response: Response, citizen: Citizen) -> CitizenRead:
    response.headers["ETag"] = etag(citizen.version)
    return CitizenRead.of(citizen, service.today())


# --- citizens --------------------------------------------------------------------------------


@router.get("", response_model=Page[CitizenRead], summary="Find people",
            description="Every filter narrows the list. National IDs are shown masked; the whole ID is at "
                        "`GET /citizens/{citizen_id}/national-id`.",
            responses=problem_responses(401, 403, 422))
async def list_citizens(
    session: ReadScopedDb,
    actor: CurrentActor,
    page: PageQuery,
    q: Annotated[str | None, Query(max_length=200, description="Part of the name, Thai or Latin. Tone and vowel "
                                   "marks, spaces and dots are ignored: 'สม หญิง' and 'สมหญง' find สมหญิง",
                                   examples=["สมหญิง"])] = None,
    national_id: Annotated[str | None, Query(max_length=40, description="The whole 13-digit ID: exact match "
                                             "(dashes and Thai digits accepted)")] = None,
    village_id: Annotated[uuid.UUID | None, Query(description="หมู่ที่")] = None,
    min_age: Annotated[int | None, Query(ge=0, le=150, description="At least this age on `age_on`")] = None,
    max_age: Annotated[int | None, Query(ge=0, le=150, description="At most this age on `age_on`")] = None,
    age_on: Annotated[date | None, Query(description="The date ages are counted on; today when left out. "
                                         "Year-only birth dates count from 1 January")] = None,
    status: Annotated[CitizenStatus | None, Query(description="active: alive and in the area")] = None,
    programme: Annotated[str | None, Query(max_length=40, description="Only people registered in this "
                                           "allowance programme. Provided by the allowances domain; 422 "
                                           "`citizens.filter_unavailable` where it is not installed")] = None,
) -> Page[CitizenRead]:
    rows, total = await service.search_citizens(
        session, actor, page, q=q, national_id=national_id, village_id=village_id, min_age=min_age,
        max_age=max_age, age_on=age_on, status=status, filters={"programme": programme} if programme else None,
    )
    today = service.today()
    return Page(items=[CitizenRead.of(c, today) for c in rows], total=total, page=page.page, page_size=page.page_size)


@router.post("", response_model=CitizenRead, status_code=201, summary="Register a person",
             description="A national ID that is registered already is refused with 409 "
                         "`citizens.duplicate_national_id`; `existing_id` in the problem points to the record.",
             responses=problem_responses(401, 403, 409, 422))
async def create_citizen(session: ScopedDb, actor: CurrentActor, body: CitizenCreate,
                         response: Response) -> CitizenRead:
    return _citizen(response, await service.create_citizen(session, actor, body))


@router.get("/{citizen_id}", response_model=CitizenRead, summary="One person",
            responses=problem_responses(401, 403, 404))
async def get_citizen(session: ReadScopedDb, actor: CurrentActor, citizen_id: uuid.UUID,
                      response: Response) -> CitizenRead:
    return _citizen(response, await service.get_citizen(session, actor, citizen_id))


@router.patch("/{citizen_id}", response_model=CitizenRead, summary="Correct a person's record",
              description="Death and moving away are not fields here: they are their own actions.",
              responses=problem_responses(401, 403, 404, 409, 422, 428))
async def update_citizen(session: ScopedDb, actor: CurrentActor, citizen_id: uuid.UUID, body: CitizenUpdate,
                         response: Response, version: IfMatch) -> CitizenRead:
    return _citizen(response, await service.update_citizen(session, actor, citizen_id, body, version))


@router.get("/{citizen_id}/national-id", response_model=NationalIdRead, summary="The whole national ID",
            description="Needs `citizens:read_id`. Every read is written to the audit log "
                        "(`citizen.read_national_id`).",
            responses=problem_responses(401, 403, 404))
async def read_national_id(session: ScopedDb, actor: CurrentActor, citizen_id: uuid.UUID) -> NationalIdRead:
    citizen = await service.read_national_id(session, actor, citizen_id)
    return NationalIdRead(citizen_id=citizen.id, national_id=citizen.national_id,
                          national_id_formatted=format_national_id(citizen.national_id))


@router.post("/{citizen_id}/death", response_model=CitizenRead, summary="Record a death (บันทึกการเสียชีวิต)",
             description="Closes the person's household membership and emits `citizen.died`, from which the "
                         "allowances domain ends payments.",
             responses=problem_responses(401, 403, 404, 409, 422))
async def record_death(session: ScopedDb, actor: CurrentActor, citizen_id: uuid.UUID, body: DeathRecord,
                       response: Response) -> CitizenRead:
    return _citizen(response, await service.record_death(session, actor, citizen_id, body))


@router.post("/{citizen_id}/move-out", response_model=CitizenRead,
             summary="Record a move out of the area (บันทึกการย้ายออก)",
             description="Closes the person's household membership and emits `citizen.moved_out`.",
             responses=problem_responses(401, 403, 404, 409, 422))
async def record_move_out(session: ScopedDb, actor: CurrentActor, citizen_id: uuid.UUID, body: MoveOutRecord,
                          response: Response) -> CitizenRead:
    return _citizen(response, await service.record_move_out(session, actor, citizen_id, body))


@router.get("/{citizen_id}/timeline", response_model=Page[TimelineEntryRead], summary="Everything that "
            "happened to this person, newest first",
            description="Changes to the record, bank accounts and household memberships, and the steps of "
                        "every process about the person (allowance registrations …). Sort: `-at` or `at`.",
            responses=problem_responses(401, 403, 404, 422))
async def citizen_timeline(session: ScopedDb, actor: CurrentActor, citizen_id: uuid.UUID,
                           page: PageQuery) -> Page[TimelineEntryRead]:
    items, total = await service.citizen_timeline(session, actor, citizen_id, page)
    return Page(items=[TimelineEntryRead(**asdict(i)) for i in items], total=total, page=page.page,
                page_size=page.page_size)


@router.get("/{citizen_id}/bank-accounts", response_model=Page[BankAccountRead],
            summary="The person's bank and PromptPay accounts, ended ones too",
            responses=problem_responses(401, 403, 404, 422))
async def list_bank_accounts(session: ScopedDb, actor: CurrentActor, citizen_id: uuid.UUID, page: PageQuery,
                             include_ended: bool = True) -> Page[BankAccountRead]:
    rows, total = await service.list_bank_accounts(session, actor, citizen_id, page, include_ended=include_ended)
    return Page(items=[BankAccountRead.of(a) for a in rows], total=total, page=page.page, page_size=page.page_size)


@router.post("/{citizen_id}/bank-accounts", response_model=BankAccountRead, status_code=201,
             summary="Add a bank or PromptPay account", responses=problem_responses(401, 403, 404, 409, 422))
async def add_bank_account(session: ScopedDb, actor: CurrentActor, citizen_id: uuid.UUID, body: BankAccountCreate,
                           response: Response) -> BankAccountRead:
    account = await service.add_bank_account(session, actor, citizen_id, body)
    response.headers["ETag"] = etag(account.version)
    return BankAccountRead.of(account)


@router.post("/{citizen_id}/bank-accounts/{account_id}/end", response_model=BankAccountRead,
             summary="End an account (accounts are never deleted: payments point to them)",
             responses=problem_responses(401, 403, 404, 409, 422))
async def end_bank_account(session: ScopedDb, actor: CurrentActor, citizen_id: uuid.UUID, account_id: uuid.UUID,
                           body: BankAccountEnd, response: Response) -> BankAccountRead:
    account = await service.end_bank_account(session, actor, citizen_id, account_id, body)
    response.headers["ETag"] = etag(account.version)
    return BankAccountRead.of(account)


@router.get("/{citizen_id}/households", response_model=Page[HouseholdMemberRead],
            summary="The person's households, now and before", responses=problem_responses(401, 403, 404, 422))
async def citizen_households(session: ScopedDb, actor: CurrentActor, citizen_id: uuid.UUID,
                             page: PageQuery) -> Page[HouseholdMemberRead]:
    rows, total = await service.citizen_households(session, actor, citizen_id, page)
    return Page(items=[HouseholdMemberRead.of(m, c) for m, c in rows], total=total, page=page.page,
                page_size=page.page_size)


# --- households ------------------------------------------------------------------------------


def _household(response: Response, household: Household) -> HouseholdRead:
    response.headers["ETag"] = etag(household.version)
    return HouseholdRead.model_validate(household)


@households.get("", response_model=Page[HouseholdRead], summary="Households (ครัวเรือน)",
                responses=problem_responses(401, 403, 422))
async def list_households(
    session: ScopedDb, actor: CurrentActor, page: PageQuery,
    village_id: Annotated[uuid.UUID | None, Query(description="หมู่ที่")] = None,
    house_number: Annotated[str | None, Query(max_length=20, description="บ้านเลขที่, exact")] = None,
    house_registration_no: Annotated[str | None, Query(max_length=11, description="รหัสประจำบ้าน, exact")] = None,
) -> Page[HouseholdRead]:
    rows, total = await service.list_households(session, actor, page, village_id=village_id,
                                                house_number=house_number,
                                                house_registration_no=house_registration_no)
    return Page(items=[HouseholdRead.model_validate(h) for h in rows], total=total, page=page.page,
                page_size=page.page_size)


@households.post("", response_model=HouseholdRead, status_code=201, summary="Add a household",
                 responses=problem_responses(401, 403, 422))
async def create_household(session: ScopedDb, actor: CurrentActor, body: HouseholdCreate,
                           response: Response) -> HouseholdRead:
    return _household(response, await service.create_household(session, actor, body))


@households.get("/{household_id}", response_model=HouseholdDetail, summary="One household with its members now",
                responses=problem_responses(401, 403, 404))
async def get_household(session: ScopedDb, actor: CurrentActor, household_id: uuid.UUID,
                        response: Response) -> HouseholdDetail:
    household = await service.get_household(session, actor, household_id)
    members, _ = await service.household_members(session, actor, household_id, PageParams(page=1, page_size=200))
    response.headers["ETag"] = etag(household.version)
    return HouseholdDetail(**HouseholdRead.model_validate(household).model_dump(),
                           members=[HouseholdMemberRead.of(m, c) for m, c in members])


@households.patch("/{household_id}", response_model=HouseholdRead, summary="Correct a household",
                  responses=problem_responses(401, 403, 404, 409, 422, 428))
async def update_household(session: ScopedDb, actor: CurrentActor, household_id: uuid.UUID, body: HouseholdUpdate,
                           response: Response, version: IfMatch) -> HouseholdRead:
    return _household(response, await service.update_household(session, actor, household_id, body, version))


@households.get("/{household_id}/members", response_model=Page[HouseholdMemberRead],
                summary="Members of a household", responses=problem_responses(401, 403, 404, 422))
async def list_members(session: ScopedDb, actor: CurrentActor, household_id: uuid.UUID, page: PageQuery,
                       include_past: Annotated[bool, Query(description="Also those who left")] = False,
                       ) -> Page[HouseholdMemberRead]:
    rows, total = await service.household_members(session, actor, household_id, page, include_past=include_past)
    return Page(items=[HouseholdMemberRead.of(m, c) for m, c in rows], total=total, page=page.page,
                page_size=page.page_size)


@households.post("/{household_id}/members", response_model=HouseholdMemberRead, status_code=201,
                 summary="Add a person to the household",
                 description="A person is in at most one household at a time: one who is in another is refused "
                             "(409 `households.already_member`, with `household_id`) unless `transfer` is true.",
                 responses=problem_responses(401, 403, 404, 409, 422))
async def add_member(session: ScopedDb, actor: CurrentActor, household_id: uuid.UUID, body: HouseholdMemberCreate,
                     response: Response) -> HouseholdMemberRead:
    member, citizen = await service.add_member(session, actor, household_id, body)
    response.headers["ETag"] = etag(member.version)
    return HouseholdMemberRead.of(member, citizen)


@households.post("/{household_id}/members/{member_id}/leave", response_model=HouseholdMemberRead,
                 summary="A member leaves the household (the membership is kept as history)",
                 responses=problem_responses(401, 403, 404, 409, 422))
async def member_leaves(session: ScopedDb, actor: CurrentActor, household_id: uuid.UUID, member_id: uuid.UUID,
                        body: HouseholdMemberLeave, response: Response) -> HouseholdMemberRead:
    member, citizen = await service.member_leaves(session, actor, household_id, member_id, body)
    response.headers["ETag"] = etag(member.version)
    return HouseholdMemberRead.of(member, citizen)
