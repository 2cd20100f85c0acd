"""The citizen registry's rules: people, bank accounts, households, search and timeline.

Other domains build on this one and must not be imported by it. Two registries let them
plug in: `register_search_filter` (the allowances domain adds `programme`) and
`chumchon.citizens.timeline` (their rows' history joins the person's timeline).
"""

from __future__ import annotations

import unicodedata
import uuid
from collections.abc import Callable
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import Select, select
from sqlalchemy.ext.asyncio import AsyncSession

from chumchon.areas.models import Village
from chumchon.auth.permissions import P
from chumchon.citizens import timeline
from chumchon.citizens.models import (
    BankAccount,
    BankAccountKind,
    BirthPrecision,
    Citizen,
    Household,
    HouseholdMember,
    Relationship,
)
from chumchon.citizens.schemas import (
    BankAccountCreate,
    BankAccountEnd,
    CitizenCreate,
    CitizenStatus,
    CitizenUpdate,
    DeathRecord,
    HouseholdCreate,
    HouseholdMemberCreate,
    HouseholdMemberLeave,
    HouseholdUpdate,
    MoveOutRecord,
)
from chumchon.core import audit, outbox
from chumchon.core.concurrency import check_version
from chumchon.core.context import Actor
from chumchon.core.errors import Conflict, Invalid, NotFound
from chumchon.core.pagination import PageParams, paginate
from chumchon.core.thai import NationalIdError, normalise_national_id, validate_national_id

_BANGKOK = ZoneInfo("Asia/Bangkok")
# No record here needs a birth before this; an earlier one is a BE year typed as CE.
_EARLIEST_BIRTH = date(1880, 1, 1)


def today() -> date:
    """The date in Thailand: a record made at 06:00 on the 1st belongs to the 1st."""
    return datetime.now(_BANGKOK).date()


# --- names ---------------------------------------------------------------------------------


def name_key(text: str) -> str:
    """The form names are compared in: no tone or vowel marks, no spaces or dots, lower case.

    People type Thai names with marks missing or in another order, with stray spaces and
    dots (น.ส.), and ำ as ํ + า; NFKD splits those apart, and dropping every combining
    mark (Unicode Mn: Thai tone marks and above/below vowels, Latin accents) makes all the
    spellings one key. Only letters and digits remain.
    """
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn" and ch.isalnum()).casefold()


def citizen_name_key(c: Citizen | CitizenCreate) -> str:
    # Thai and Latin halves apart, so a search cannot match across the two.
    thai = name_key(f"{c.first_name}{c.last_name}")
    latin = name_key(f"{c.first_name_en or ''}{c.last_name_en or ''}")
    return f"{thai}|{latin}"


# --- search hook -----------------------------------------------------------------------------

SearchFilter = Callable[[Select[Any], str], Select[Any]]
_SEARCH_FILTERS: dict[str, SearchFilter] = {}


def register_search_filter(name: str, apply: SearchFilter) -> None:
    """Let another domain add a citizen search filter without this domain importing it.

    `apply(stmt, value)` narrows a `select(Citizen)`; it runs in the caller's scoped session.
    The allowances domain registers `programme` this way, e.g.::

        register_search_filter("programme", lambda stmt, code: stmt.where(Citizen.id.in_(
            select(Registration.citizen_id).where(Registration.programme_code == code))))

    Until a filter is registered, asking for it is a 422 `citizens.filter_unavailable`.
    """
    _SEARCH_FILTERS[name] = apply


def search_filters() -> frozenset[str]:
    return frozenset(_SEARCH_FILTERS)


# --- helpers ---------------------------------------------------------------------------------


def _national_id(raw: str, field: str = "national_id") -> str:
    try:
        return validate_national_id(raw)
    except NationalIdError as exc:
        extra: dict[str, Any] = {"position": exc.position}
        if exc.expected is not None:
            extra["expected"] = exc.expected
        raise Invalid(exc.message, code=exc.code, message_en=exc.message_en, field=field,
                      errors=[{"field": field, "code": exc.code, "message": exc.message}], **extra) from None


def _invalid(field: str, code: str, message: str) -> Invalid:
    return Invalid(message, code=code, errors=[{"field": field, "code": code, "message": message}])


def _birth(birth_date: date | None, precision: BirthPrecision) -> date | None:
    """Drop the parts the precision says are unknown (rules.md §1: 1 January / day 1)."""
    if birth_date is None:
        return None
    if precision == BirthPrecision.year:
        birth_date = date(birth_date.year, 1, 1)
    elif precision == BirthPrecision.month:
        birth_date = date(birth_date.year, birth_date.month, 1)
    if birth_date > today():
        raise _invalid("birth_date", "citizens.birth_in_future", "วันเกิดอยู่ในอนาคต")
    if birth_date < _EARLIEST_BIRTH:
        raise _invalid("birth_date", "citizens.birth_too_early",
                       f"วันเกิดก่อนปี {_EARLIEST_BIRTH.year} (ค.ศ.): ปี พ.ศ. ถูกพิมพ์เป็น ค.ศ. หรือไม่")
    return birth_date


async def _check_village(session: AsyncSession, village_id: uuid.UUID | None) -> None:
    if village_id is None:
        return
    found = (await session.execute(select(Village.id).where(Village.id == village_id))).first()
    if found is None:
        raise _invalid("village_id", "villages.not_found", "ไม่พบหมู่บ้านนี้ในองค์กรของท่าน")


async def _refuse_duplicate(session: AsyncSession, national_id: str, *, besides: uuid.UUID | None = None) -> None:
    stmt = select(Citizen.id).where(Citizen.national_id == national_id)
    if besides is not None:
        stmt = stmt.where(Citizen.id != besides)
    existing = (await session.execute(stmt)).scalar_one_or_none()
    if existing is not None:
        raise Conflict("เลขประจำตัวประชาชนนี้ลงทะเบียนไว้แล้ว", code="citizens.duplicate_national_id",
                       existing_id=str(existing), existing_url=f"/api/v1/citizens/{existing}",
                       errors=[{"field": "national_id", "code": "citizens.duplicate_national_id",
                                "message": "เลขประจำตัวประชาชนนี้ลงทะเบียนไว้แล้ว"}])


def _years_before(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February in a common year: the birthday is reached on 1 March
        return day.replace(year=day.year - years, day=28)


# --- citizens --------------------------------------------------------------------------------


async def get_citizen(session: AsyncSession, actor: Actor, citizen_id: uuid.UUID) -> Citizen:
    actor.require(P.citizens_read)
    citizen = (await session.execute(select(Citizen).where(Citizen.id == citizen_id))).scalar_one_or_none()
    if citizen is None:
        raise NotFound("No such person", code="citizens.not_found")
    return citizen


async def create_citizen(session: AsyncSession, actor: Actor, data: CitizenCreate) -> Citizen:
    actor.require(P.citizens_write)
    national_id = _national_id(data.national_id)
    await _refuse_duplicate(session, national_id)
    await _check_village(session, data.village_id)
    values = data.model_dump()
    values.update(national_id=national_id, birth_date=_birth(data.birth_date, data.birth_precision),
                  birth_precision=data.birth_precision.value, sex=data.sex.value,
                  name_key=citizen_name_key(data))
    citizen = Citizen(**values)
    with audit.action(session, "citizen.create"):
        session.add(citizen)
        await session.flush()
    return citizen


async def update_citizen(session: AsyncSession, actor: Actor, citizen_id: uuid.UUID, data: CitizenUpdate,
                         expected_version: int) -> Citizen:
    actor.require(P.citizens_write)
    citizen = await get_citizen(session, actor, citizen_id)
    check_version(citizen, expected_version)
    changes = data.model_dump(exclude_unset=True)
    if "national_id" in changes:
        changes["national_id"] = _national_id(changes["national_id"])
        await _refuse_duplicate(session, changes["national_id"], besides=citizen.id)
    if "village_id" in changes:
        await _check_village(session, changes["village_id"])
    if "birth_date" in changes or "birth_precision" in changes:
        precision = BirthPrecision(changes.get("birth_precision") or citizen.birth_precision)
        birth = changes["birth_date"] if "birth_date" in changes else citizen.birth_date
        changes["birth_date"] = _birth(birth, precision)
        changes["birth_precision"] = precision.value
    if "sex" in changes:
        changes["sex"] = changes["sex"].value
    with audit.action(session, "citizen.update"):
        for key, value in changes.items():
            setattr(citizen, key, value)
        citizen.name_key = citizen_name_key(citizen)
        await session.flush()
    return citizen


async def read_national_id(session: AsyncSession, actor: Actor, citizen_id: uuid.UUID) -> Citizen:
    """The whole ID: its own permission, and every read is in the audit log (PDPA)."""
    actor.require(P.citizens_read_id)
    citizen = await get_citizen(session, actor, citizen_id)
    await audit.record(session, action="citizen.read_national_id", entity=Citizen.__tablename__,
                       entity_id=citizen.id, organisation_id=citizen.organisation_id)
    return citizen


async def search_citizens(
    session: AsyncSession,
    actor: Actor,
    params: PageParams,
    *,
    q: str | None = None,
    national_id: str | None = None,
    village_id: uuid.UUID | None = None,
    min_age: int | None = None,
    max_age: int | None = None,
    age_on: date | None = None,
    status: CitizenStatus | None = None,
    filters: dict[str, str] | None = None,
) -> tuple[list[Citizen], int]:
    actor.require(P.citizens_read)
    stmt = select(Citizen)
    if national_id:
        digits = normalise_national_id(national_id)
        if len(digits) != 13 or not (digits.isascii() and digits.isdigit()):
            raise _invalid("national_id", "national_id.length", "ค้นหาด้วยเลขประจำตัวประชาชนต้องระบุครบ 13 หลัก")
        stmt = stmt.where(Citizen.national_id == digits)
    if q and q.strip():
        key = name_key(q)
        if not key:
            raise _invalid("q", "citizens.empty_query", "ระบุชื่อที่จะค้นหา")
        # The whole pattern is one parameter: `contains()` sends '%' || :key || '%', which a
        # prepared (generic) plan concatenates again for every row scanned.
        stmt = stmt.where(Citizen.name_key.like(f"%{key}%"))
    if village_id is not None:
        stmt = stmt.where(Citizen.village_id == village_id)
    if min_age is not None or max_age is not None:
        if min_age is not None and max_age is not None and min_age > max_age:
            raise _invalid("min_age", "citizens.age_range", "อายุต่ำสุดมากกว่าอายุสูงสุด")
        on = age_on or today()
        # Age ≥ n on `on` ⇔ born on or before `on` minus n years. Year-only birth dates are
        # stored as 1 January, so they count as the allowance rules count them.
        if min_age is not None:
            stmt = stmt.where(Citizen.birth_date <= _years_before(on, min_age))
        if max_age is not None:
            stmt = stmt.where(Citizen.birth_date > _years_before(on, max_age + 1))
    if status == "deceased":
        stmt = stmt.where(Citizen.death_date.is_not(None))
    elif status == "moved_out":
        stmt = stmt.where(Citizen.death_date.is_(None), Citizen.moved_out_on.is_not(None))
    elif status == "active":
        stmt = stmt.where(Citizen.death_date.is_(None), Citizen.moved_out_on.is_(None))
    for name, value in (filters or {}).items():
        if value is None:
            continue
        apply = _SEARCH_FILTERS.get(name)
        if apply is None:
            raise _invalid(name, "citizens.filter_unavailable",
                           f"The {name!r} filter is not available in this installation")
        stmt = apply(stmt, value)
    return await paginate(
        session, stmt, params,
        sortable={"first_name": Citizen.first_name, "last_name": Citizen.last_name,
                  "birth_date": Citizen.birth_date, "created_at": Citizen.created_at},
        default_sort=["first_name", "last_name"], tiebreak=Citizen.id,
    )


async def record_death(session: AsyncSession, actor: Actor, citizen_id: uuid.UUID, data: DeathRecord) -> Citizen:
    """Record a death: the person leaves their household, and `citizen.died` tells the
    allowances domain to end payments."""
    actor.require(P.citizens_write)
    citizen = await get_citizen(session, actor, citizen_id)
    if citizen.death_date is not None:
        raise Conflict(f"การเสียชีวิตบันทึกไว้แล้ว (วันที่ {citizen.death_date.isoformat()})",
                       code="citizens.already_deceased", death_date=citizen.death_date.isoformat())
    if data.death_date > today():
        raise _invalid("death_date", "citizens.date_in_future", "วันที่เสียชีวิตอยู่ในอนาคต")
    if citizen.birth_date is not None and data.death_date < citizen.birth_date:
        raise _invalid("death_date", "citizens.death_before_birth", "วันที่เสียชีวิตก่อนวันเกิด")
    with audit.action(session, "citizen.record_death"):
        citizen.death_date = data.death_date
        citizen.death_note = data.note
        await _leave_household(session, citizen.id, data.death_date)
        outbox.emit(session, "citizen.died", subject_type="citizen", subject_id=citizen.id,
                    organisation_id=citizen.organisation_id,
                    payload={"citizen_id": str(citizen.id), "death_date": data.death_date.isoformat()})
        await session.flush()
    return citizen


async def record_move_out(session: AsyncSession, actor: Actor, citizen_id: uuid.UUID,
                          data: MoveOutRecord) -> Citizen:
    """Record that the person left the area: `citizen.moved_out` lets allowances stop."""
    actor.require(P.citizens_write)
    citizen = await get_citizen(session, actor, citizen_id)
    if citizen.death_date is not None:
        raise Conflict("บุคคลนี้เสียชีวิตแล้ว", code="citizens.deceased")
    if citizen.moved_out_on is not None:
        raise Conflict(f"การย้ายออกบันทึกไว้แล้ว (วันที่ {citizen.moved_out_on.isoformat()})",
                       code="citizens.already_moved_out", moved_out_on=citizen.moved_out_on.isoformat())
    if data.moved_out_on > today():
        raise _invalid("moved_out_on", "citizens.date_in_future", "วันที่ย้ายออกอยู่ในอนาคต")
    if citizen.birth_date is not None and data.moved_out_on < citizen.birth_date:
        raise _invalid("moved_out_on", "citizens.move_before_birth", "วันที่ย้ายออกก่อนวันเกิด")
    with audit.action(session, "citizen.record_move_out"):
        citizen.moved_out_on = data.moved_out_on
        citizen.moved_out_note = data.note
        await _leave_household(session, citizen.id, data.moved_out_on)
        outbox.emit(session, "citizen.moved_out", subject_type="citizen", subject_id=citizen.id,
                    organisation_id=citizen.organisation_id,
                    payload={"citizen_id": str(citizen.id), "moved_out_on": data.moved_out_on.isoformat()})
        await session.flush()
    return citizen


async def citizen_timeline(session: AsyncSession, actor: Actor, citizen_id: uuid.UUID,
                           params: PageParams) -> tuple[list[timeline.TimelineItem], int]:
    citizen = await get_citizen(session, actor, citizen_id)
    items = await timeline.collect(session, actor, citizen)
    sort = (params.sort or "-at").strip()
    if sort not in {"at", "-at"}:
        raise Invalid("A timeline sorts by time only: `at` or `-at`", code="validation.sort",
                      errors=[{"field": "sort", "code": "validation.sort", "message": f"unknown sort field {sort}"}])
    if sort == "at":
        items.reverse()
    start = (params.page - 1) * params.page_size
    return items[start:start + params.page_size], len(items)


# --- bank accounts ---------------------------------------------------------------------------


async def list_bank_accounts(session: AsyncSession, actor: Actor, citizen_id: uuid.UUID, params: PageParams, *,
                             include_ended: bool = True) -> tuple[list[BankAccount], int]:
    citizen = await get_citizen(session, actor, citizen_id)
    stmt = select(BankAccount).where(BankAccount.citizen_id == citizen.id)
    if not include_ended:
        stmt = stmt.where(BankAccount.ended_on.is_(None))
    return await paginate(session, stmt, params,
                          sortable={"valid_from": BankAccount.valid_from, "ended_on": BankAccount.ended_on,
                                    "created_at": BankAccount.created_at},
                          default_sort=["-valid_from", "-created_at"], tiebreak=BankAccount.id)


async def add_bank_account(session: AsyncSession, actor: Actor, citizen_id: uuid.UUID,
                           data: BankAccountCreate) -> BankAccount:
    actor.require(P.citizens_write)
    citizen = await get_citizen(session, actor, citizen_id)
    if citizen.death_date is not None:
        raise Conflict("บุคคลนี้เสียชีวิตแล้ว ไม่สามารถเพิ่มบัญชีรับเงินได้", code="citizens.deceased")
    values = data.model_dump(exclude={"is_primary", "valid_from"})
    values["kind"] = data.kind.value
    if data.kind == BankAccountKind.bank:
        digits = "".join(ch for ch in (data.account_no or "") if ch not in " -")
        if not (digits.isascii() and digits.isdigit() and 10 <= len(digits) <= 15):
            raise _invalid("account_no", "citizens.account_no_invalid", "เลขที่บัญชีต้องเป็นตัวเลข 10-15 หลัก")
        values["account_no"] = digits
    else:
        values["promptpay_id"] = (_national_id(data.promptpay_id, "promptpay_id") if data.promptpay_id
                                  else citizen.national_id)
    open_primary = (await session.execute(
        select(BankAccount).where(BankAccount.citizen_id == citizen.id, BankAccount.is_primary.is_(True),
                                  BankAccount.ended_on.is_(None))
    )).scalar_one_or_none()
    is_primary = data.is_primary if data.is_primary is not None else open_primary is None
    with audit.action(session, "citizen.add_bank_account"):
        if is_primary and open_primary is not None:
            open_primary.is_primary = False
            await session.flush()  # before the new row, or the one-primary index refuses it
        account = BankAccount(citizen_id=citizen.id, is_primary=is_primary, valid_from=data.valid_from or today(),
                              **values)
        session.add(account)
        await session.flush()
    return account


async def end_bank_account(session: AsyncSession, actor: Actor, citizen_id: uuid.UUID, account_id: uuid.UUID,
                           data: BankAccountEnd) -> BankAccount:
    """Accounts are ended, never deleted: payroll lines point to them."""
    actor.require(P.citizens_write)
    citizen = await get_citizen(session, actor, citizen_id)
    account = (await session.execute(
        select(BankAccount).where(BankAccount.id == account_id, BankAccount.citizen_id == citizen.id)
    )).scalar_one_or_none()
    if account is None:
        raise NotFound("No such bank account", code="citizens.bank_account_not_found")
    if account.ended_on is not None:
        raise Conflict(f"บัญชีนี้ปิดแล้ว (วันที่ {account.ended_on.isoformat()})",
                       code="citizens.bank_account_ended", ended_on=account.ended_on.isoformat())
    if data.ended_on < account.valid_from:
        raise _invalid("ended_on", "citizens.ended_before_valid_from", "วันที่ปิดบัญชีก่อนวันที่เริ่มใช้")
    with audit.action(session, "citizen.end_bank_account"):
        account.ended_on = data.ended_on
        await session.flush()
    return account


# --- households ------------------------------------------------------------------------------


async def get_household(session: AsyncSession, actor: Actor, household_id: uuid.UUID) -> Household:
    actor.require(P.citizens_read)
    household = (await session.execute(select(Household).where(Household.id == household_id))).scalar_one_or_none()
    if household is None:
        raise NotFound("No such household", code="households.not_found")
    return household


async def list_households(session: AsyncSession, actor: Actor, params: PageParams, *,
                          village_id: uuid.UUID | None = None, house_number: str | None = None,
                          house_registration_no: str | None = None) -> tuple[list[Household], int]:
    actor.require(P.citizens_read)
    stmt = select(Household)
    if village_id is not None:
        stmt = stmt.where(Household.village_id == village_id)
    if house_number:
        stmt = stmt.where(Household.house_number == house_number.strip())
    if house_registration_no:
        stmt = stmt.where(Household.house_registration_no == house_registration_no.strip())
    return await paginate(session, stmt, params,
                          sortable={"house_number": Household.house_number, "created_at": Household.created_at},
                          default_sort=["house_number"], tiebreak=Household.id)


async def create_household(session: AsyncSession, actor: Actor, data: HouseholdCreate) -> Household:
    actor.require(P.citizens_write)
    await _check_village(session, data.village_id)
    household = Household(**data.model_dump())
    with audit.action(session, "household.create"):
        session.add(household)
        await session.flush()
    return household


async def update_household(session: AsyncSession, actor: Actor, household_id: uuid.UUID, data: HouseholdUpdate,
                           expected_version: int) -> Household:
    actor.require(P.citizens_write)
    household = await get_household(session, actor, household_id)
    check_version(household, expected_version)
    changes = data.model_dump(exclude_unset=True)
    if "village_id" in changes:
        await _check_village(session, changes["village_id"])
    with audit.action(session, "household.update"):
        for key, value in changes.items():
            setattr(household, key, value)
        await session.flush()
    return household


async def _with_citizens(session: AsyncSession,
                         members: list[HouseholdMember]) -> list[tuple[HouseholdMember, Citizen]]:
    ids = {m.citizen_id for m in members}
    citizens = {c.id: c for c in (await session.execute(select(Citizen).where(Citizen.id.in_(ids)))).scalars()} \
        if ids else {}
    return [(m, citizens[m.citizen_id]) for m in members]


_MEMBER_SORTS = {"joined_on": HouseholdMember.joined_on, "left_on": HouseholdMember.left_on}


async def household_members(session: AsyncSession, actor: Actor, household_id: uuid.UUID, params: PageParams, *,
                            include_past: bool = False) -> tuple[list[tuple[HouseholdMember, Citizen]], int]:
    household = await get_household(session, actor, household_id)
    stmt = select(HouseholdMember).where(HouseholdMember.household_id == household.id)
    if not include_past:
        stmt = stmt.where(HouseholdMember.left_on.is_(None))
    rows, total = await paginate(session, stmt, params, sortable=_MEMBER_SORTS, default_sort=["joined_on"],
                                 tiebreak=HouseholdMember.id)
    return await _with_citizens(session, rows), total


async def citizen_households(session: AsyncSession, actor: Actor, citizen_id: uuid.UUID,
                             params: PageParams) -> tuple[list[tuple[HouseholdMember, Citizen]], int]:
    """The person's household memberships, newest first: the history."""
    citizen = await get_citizen(session, actor, citizen_id)
    stmt = select(HouseholdMember).where(HouseholdMember.citizen_id == citizen.id)
    rows, total = await paginate(session, stmt, params, sortable=_MEMBER_SORTS, default_sort=["-joined_on"],
                                 tiebreak=HouseholdMember.id)
    return [(m, citizen) for m in rows], total


async def _open_membership(session: AsyncSession, citizen_id: uuid.UUID) -> HouseholdMember | None:
    return (await session.execute(
        select(HouseholdMember).where(HouseholdMember.citizen_id == citizen_id, HouseholdMember.left_on.is_(None))
    )).scalar_one_or_none()


async def _leave_household(session: AsyncSession, citizen_id: uuid.UUID, on: date) -> None:
    membership = await _open_membership(session, citizen_id)
    if membership is not None:
        membership.left_on = max(on, membership.joined_on)


async def add_member(session: AsyncSession, actor: Actor, household_id: uuid.UUID,
                     data: HouseholdMemberCreate) -> tuple[HouseholdMember, Citizen]:
    actor.require(P.citizens_write)
    household = await get_household(session, actor, household_id)
    citizen = (await session.execute(select(Citizen).where(Citizen.id == data.citizen_id))).scalar_one_or_none()
    if citizen is None:
        raise _invalid("citizen_id", "citizens.not_found", "ไม่พบบุคคลนี้ในทะเบียนขององค์กร")
    if citizen.death_date is not None:
        raise Conflict("บุคคลนี้เสียชีวิตแล้ว", code="citizens.deceased")
    if citizen.moved_out_on is not None:
        raise Conflict("บุคคลนี้ย้ายออกนอกพื้นที่แล้ว", code="citizens.moved_out")
    if data.joined_on > today():
        raise _invalid("joined_on", "citizens.date_in_future", "วันที่เข้าอยู่อยู่ในอนาคต")

    current = await _open_membership(session, citizen.id)
    if current is not None and current.household_id == household.id:
        raise Conflict("บุคคลนี้อยู่ในครัวเรือนนี้แล้ว", code="households.already_member",
                       household_id=str(household.id), member_id=str(current.id))
    if current is not None and not data.transfer:
        raise Conflict("บุคคลนี้อยู่ในครัวเรือนอื่น ต้องย้ายออกจากครัวเรือนเดิมก่อน (หรือส่ง transfer: true)",
                       code="households.already_member", household_id=str(current.household_id),
                       member_id=str(current.id))
    if current is not None and data.joined_on < current.joined_on:
        raise _invalid("joined_on", "households.overlapping_history",
                       "วันที่เข้าอยู่ก่อนวันที่เข้าอยู่ครัวเรือนเดิม")
    last_left = (await session.execute(
        select(HouseholdMember.left_on).where(HouseholdMember.citizen_id == citizen.id,
                                              HouseholdMember.left_on.is_not(None))
        .order_by(HouseholdMember.left_on.desc()).limit(1)
    )).scalar_one_or_none()
    if last_left is not None and data.joined_on < last_left:
        raise _invalid("joined_on", "households.overlapping_history",
                       f"วันที่เข้าอยู่ต้องไม่ก่อนวันที่ออกจากครัวเรือนเดิม ({last_left.isoformat()})")
    if data.relationship == Relationship.head:
        head = (await session.execute(
            select(HouseholdMember.id).where(HouseholdMember.household_id == household.id,
                                             HouseholdMember.relationship == Relationship.head.value,
                                             HouseholdMember.left_on.is_(None))
        )).scalar_one_or_none()
        if head is not None:
            raise Conflict("ครัวเรือนนี้มีเจ้าบ้านแล้ว", code="households.head_taken", member_id=str(head))

    with audit.action(session, "household.add_member"):
        if current is not None:
            current.left_on = data.joined_on
            await session.flush()  # before the new row, or the one-household index refuses it
        member = HouseholdMember(household_id=household.id, citizen_id=citizen.id,
                                 relationship=data.relationship.value, joined_on=data.joined_on)
        session.add(member)
        await session.flush()
    return member, citizen


async def member_leaves(session: AsyncSession, actor: Actor, household_id: uuid.UUID, member_id: uuid.UUID,
                        data: HouseholdMemberLeave) -> tuple[HouseholdMember, Citizen]:
    actor.require(P.citizens_write)
    household = await get_household(session, actor, household_id)
    row = (await session.execute(
        select(HouseholdMember, Citizen).join(Citizen, Citizen.id == HouseholdMember.citizen_id)
        .where(HouseholdMember.id == member_id, HouseholdMember.household_id == household.id)
    )).first()
    if row is None:
        raise NotFound("No such member of this household", code="households.member_not_found")
    member, citizen = row
    if member.left_on is not None:
        raise Conflict(f"ออกจากครัวเรือนแล้ว (วันที่ {member.left_on.isoformat()})",
                       code="households.already_left", left_on=member.left_on.isoformat())
    if data.left_on < member.joined_on:
        raise _invalid("left_on", "households.left_before_joined", "วันที่ออกก่อนวันที่เข้าอยู่")
    if data.left_on > today():
        raise _invalid("left_on", "citizens.date_in_future", "วันที่ออกอยู่ในอนาคต")
    with audit.action(session, "household.member_leaves"):
        member.left_on = data.left_on
        await session.flush()
    return member, citizen
