"""Monthly payrolls: computed in the database, one INSERT … SELECT per payroll.

For a programme and a month M the payroll holds one line per person and month owed: M
itself, and back pay for earlier months (within the organisation's `back_pay_months`)
that no line has paid yet, failed lines included. Which months are owed is decided in SQL
from the registration (start, end, suspensions), the citizen registry (death, move out)
and the rate table version in force for each month; the small table of candidate months
and their rate bands (each band as a range of birth dates, with the thresholds for death
and moving) is computed here and joined in as constants.

Nothing can pay a month twice: the unique index over (registration, month paid) of lines
that have not failed refuses a second line, even from two payrolls computed at once, and
one payroll per programme and month is a unique constraint too.

Reading the citizen registry. The INSERT … SELECT joins `citizens` and
`citizen_bank_accounts` directly (set-based work has no per-person service call); it is
the one place that does, see `_owed_lines`. Bulk SQL is not scoped by the ORM event, so
this module names the organisation itself.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import (
    Boolean,
    Date,
    Integer,
    String,
    and_,
    case,
    cast,
    delete,
    exists,
    extract,
    func,
    insert,
    literal,
    or_,
    select,
    union_all,
    update,
)
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import aliased
from sqlalchemy.sql.functions import FunctionElement
from sqlalchemy.types import Uuid

from chumchon.allowances import service
from chumchon.allowances.models import PAYABLE_STATES, Payroll, PayrollLine, Registration, Suspension
from chumchon.allowances.programmes import (
    SENSITIVE,
    BandStart,
    MovePaidThrough,
    Payer,
    ProgrammeCode,
    add_months,
    band_reference_day,
    fiscal_year_start,
    month_start,
    months_between,
    programme,
)
from chumchon.allowances.schemas import LineFailure, PayrollCreate
from chumchon.auth.permissions import P
from chumchon.citizens.models import BankAccount, Citizen
from chumchon.core import audit
from chumchon.core.context import Actor
from chumchon.core.db import Money, UTCDateTime, utcnow
from chumchon.core.errors import Conflict, NotFound
from chumchon.core.pagination import PageParams, paginate
from chumchon.core.thai import fiscal_year_of

NOT_FOUND_DETAIL = "No such payroll"


class _new_uuid(FunctionElement[uuid.UUID]):  # noqa: N801 - reads as the SQL function it is
    """A fresh uuid per row inside one INSERT … SELECT."""

    type = Uuid()
    inherit_cache = True


@compiles(_new_uuid, "postgresql")
def _new_uuid_pg(element: Any, compiler: Any, **kw: Any) -> str:
    return "gen_random_uuid()"


@compiles(_new_uuid, "sqlite")
def _new_uuid_sqlite(element: Any, compiler: Any, **kw: Any) -> str:
    # SQLAlchemy keeps a uuid in SQLite as 32 hex digits.
    return "lower(hex(randomblob(16)))"


# --- loading and listing --------------------------------------------------------------------------------


async def load_payroll(session: AsyncSession, actor: Actor, payroll_id: uuid.UUID) -> Payroll:
    actor.require(P.allowances_read)
    payroll = (await session.execute(select(Payroll).where(Payroll.id == payroll_id))).scalar_one_or_none()
    if payroll is None or not service.can_see(actor, payroll.programme):
        raise NotFound(NOT_FOUND_DETAIL, code="allowance_payrolls.not_found")
    if payroll.programme in SENSITIVE:
        await service.log_sensitive_read(session, actor, entity="allowance_payrolls", ids=[payroll.id],
                                         action="allowance_payroll.sensitive_read")
    return payroll


async def list_payrolls(session: AsyncSession, actor: Actor, params: PageParams, *, code: str | None = None,
                        fiscal_year: int | None = None, state: str | None = None) -> tuple[list[Payroll], int]:
    actor.require(P.allowances_read)
    stmt = select(Payroll).where(Payroll.programme.in_(service.visible_programmes(actor)))
    if code:
        service.require_programme(actor, code)
        stmt = stmt.where(Payroll.programme == ProgrammeCode(code).value)
    if fiscal_year:
        stmt = stmt.where(Payroll.fiscal_year == fiscal_year)
    if state:
        stmt = stmt.where(Payroll.state == state)
    rows, total = await paginate(session, stmt, params,
                                 sortable={"month": Payroll.month, "created_at": Payroll.created_at},
                                 default_sort=["-month"], tiebreak=Payroll.id)
    await service.log_sensitive_read(session, actor, entity="allowance_payrolls",
                                     ids=[p.id for p in rows if p.programme in SENSITIVE],
                                     action="allowance_payroll.sensitive_list")
    return rows, total


async def failed_count(session: AsyncSession, payroll_id: uuid.UUID) -> int:
    return (await session.execute(select(func.count()).select_from(PayrollLine).where(
        PayrollLine.payroll_id == payroll_id, PayrollLine.status == "failed"))).scalar_one()


async def failed_counts(session: AsyncSession, payroll_ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, int]:
    if not payroll_ids:
        return {}
    rows = await session.execute(select(PayrollLine.payroll_id, func.count()).where(
        PayrollLine.payroll_id.in_(set(payroll_ids)), PayrollLine.status == "failed").group_by(PayrollLine.payroll_id))
    return {pid: n for pid, n in rows.all()}


async def list_lines(session: AsyncSession, actor: Actor, payroll_id: uuid.UUID, params: PageParams, *,
                     status: str | None = None) -> tuple[Payroll, list[PayrollLine], int]:
    payroll = await load_payroll(session, actor, payroll_id)
    stmt = select(PayrollLine).where(PayrollLine.payroll_id == payroll.id)
    if status:
        stmt = stmt.where(PayrollLine.status == status)
    rows, total = await paginate(session, stmt, params,
                                 sortable={"month_paid": PayrollLine.month_paid, "amount": PayrollLine.amount,
                                           "created_at": PayrollLine.created_at},
                                 default_sort=["month_paid"], tiebreak=PayrollLine.id)
    return payroll, rows, total


async def all_lines(session: AsyncSession, payroll: Payroll) -> list[PayrollLine]:
    rows = await session.execute(select(PayrollLine).where(PayrollLine.payroll_id == payroll.id)
                                 .order_by(PayrollLine.citizen_id, PayrollLine.month_paid))
    return list(rows.scalars())


async def registration_payments(session: AsyncSession, actor: Actor, registration_id: uuid.UUID,
                                params: PageParams) -> tuple[list[PayrollLine], int]:
    reg = await service.load_registration(session, actor, registration_id)
    stmt = select(PayrollLine).where(PayrollLine.registration_id == reg.id)
    return await paginate(session, stmt, params, sortable={"month_paid": PayrollLine.month_paid},
                          default_sort=["-month_paid"], tiebreak=PayrollLine.id)


# --- computing ----------------------------------------------------------------------------------------


def _rules(payroll: Payroll) -> tuple[BandStart, bool, MovePaidThrough, int]:
    r = payroll.rules
    return (BandStart(r["band_start"]), bool(r["death_month_paid"]), MovePaidThrough(r["move_paid_through"]),
            int(r["back_pay_months"]))


def _years_before(day: date, years: int) -> date:
    # Reference days are always the 1st of a month, so there is no 29 February to meet.
    return day.replace(year=day.year - years)


async def _month_bands(session: AsyncSession, payroll: Payroll) -> Any:
    """The months this payroll may pay, each with every band of the rate table in force
    for it, as a small constant table (a CTE of UNION ALLs, which both engines read; SQLite
    takes no column names on a VALUES list).

    A band is written as the range of birth dates whose age on the reference day falls in
    it (age ≥ n on day d ⇔ born on or before d − n years), so the database picks a person's
    rate by comparing dates, with no arithmetic per row. The youngest band is open below
    (under the next-fiscal-year rule someone who turned 60 in March is 59 on 1 October and
    is paid the first band), the oldest open above; a one-band table is open on both sides.
    """
    band_start, death_month_paid, move_through, back_months = _rules(payroll)
    split = bool(payroll.rules.get("welfare_card_split", False))  # payrolls made before the setting: off
    versions = await service.rate_versions(session, payroll.programme)
    if service.version_for(versions, payroll.month) is None:
        raise Conflict(f"No rate table is in force for {payroll.month.isoformat()}", code="payroll.no_rate")
    selects = []
    for m in months_between(add_months(payroll.month, -(back_months - 1)), payroll.month):
        found = service.version_for(versions, m)
        if found is None:
            continue  # before the first rate table: nothing can be owed
        _, bands = found
        ref = band_reference_day(m, band_start)
        youngest = min(b.age_min for b in bands)
        for band in bands:
            born_until = None if band.age_min == youngest else _years_before(ref, band.age_min)
            born_after = None if band.age_max is None else _years_before(ref, band.age_max + 1)
            holder_amount, holder_card = _welfare_card_parts(band, split)
            selects.append(select(
                literal(m, Date).label("month_paid"),
                literal(m < payroll.month, Boolean).label("is_back_pay"),
                literal(ref.year, Integer).label("ref_year"),
                literal(ref.month * 100 + ref.day, Integer).label("ref_md"),
                literal(band.id, Uuid()).label("rate_id"),
                literal(band.amount, Money()).label("amount"),
                literal(holder_amount, Money()).label("holder_amount"),
                literal(holder_card, Money()).label("holder_card"),
                literal(band.label_th, String()).label("label_th"),
                literal(born_after, Date).label("born_after"),
                literal(born_until, Date).label("born_until"),
                # A death on or after this day leaves the month payable.
                literal(m if death_month_paid else add_months(m, 1), Date).label("alive_from"),
                # A move out on or after this day leaves the month payable.
                literal(fiscal_year_start(m) if move_through == MovePaidThrough.fiscal_year_end else m,
                        Date).label("resident_from"),
            ))
    return union_all(*selects).cte("month_bands") if len(selects) > 1 else selects[0].cte("month_bands")


def _welfare_card_parts(band: Any, split: bool) -> tuple[Decimal, Decimal]:
    """What a state-welfare-card holder is paid in this band: (through this payroll, on the
    card). Split, the ordinary rate goes through the payroll and the difference is on the
    card; not split, the whole holder's rate goes through the payroll."""
    owed = band.welfare_card_amount
    if owed is None:
        return band.amount, Decimal("0.00")
    if split and owed > band.amount:
        return band.amount, owed - band.amount
    return owed, Decimal("0.00")


async def _owed_lines(session: AsyncSession, payroll: Payroll) -> Any:
    """SELECT the lines owed, in the column order of `_LINE_COLUMNS`."""
    m = await _month_bands(session, payroll)
    reg, cit = Registration, Citizen
    chosen, primary = aliased(BankAccount), aliased(BankAccount)
    prog = programme(payroll.programme)

    # The age that chose the band, kept on the line (computed once per line, not per join).
    birth_md = cast(extract("month", cit.birth_date), Integer) * 100 + cast(extract("day", cit.birth_date), Integer)
    age = m.c.ref_year - cast(extract("year", cit.birth_date), Integer) - case((birth_md > m.c.ref_md, 1), else_=0)

    account = case((chosen.id.is_not(None), chosen.id), else_=primary.id)

    def from_account(col: str) -> Any:
        return case((chosen.id.is_not(None), getattr(chosen, col)), else_=getattr(primary, col))

    suspended = exists().where(Suspension.registration_id == reg.id, Suspension.from_month <= m.c.month_paid,
                               or_(Suspension.until_month.is_(None), Suspension.until_month >= m.c.month_paid))
    already_paid = exists().where(PayrollLine.registration_id == reg.id, PayrollLine.month_paid == m.c.month_paid,
                                  PayrollLine.status != "failed")
    conditions = [
        reg.organisation_id == payroll.organisation_id,
        reg.programme == payroll.programme,
        reg.state.in_(PAYABLE_STATES),
        reg.start_month.is_not(None),
        or_(reg.end_month.is_(None), reg.end_month >= m.c.month_paid),
        or_(cit.death_date.is_(None), cit.death_date >= m.c.alive_from),
        or_(cit.moved_out_on.is_(None), cit.moved_out_on >= m.c.resident_from),
        ~suspended,
        ~already_paid,
    ]
    if prog.needs_card:
        # An expired card stops payment until it is renewed (rules.md §2).
        conditions.append(or_(reg.disability_card_expires_on.is_(None),
                              reg.disability_card_expires_on >= m.c.month_paid))
    bank_only = reg.payment_method == "bank"
    holder = reg.welfare_card_holder.is_(True)
    now = utcnow()
    return (
        select(
            _new_uuid(), literal(payroll.organisation_id, Uuid()), literal(payroll.id, Uuid()),
            reg.id, reg.citizen_id, m.c.month_paid, m.c.is_back_pay, age, m.c.rate_id, m.c.label_th,
            case((holder, m.c.holder_amount), else_=m.c.amount),
            case((holder, m.c.holder_card), else_=literal(Decimal("0.00"), Money())),
            account, from_account("bank_code"), from_account("account_no"), from_account("account_name"),
            literal("pending"), literal(now, UTCDateTime()), literal(now, UTCDateTime()), literal(1, Integer),
        )
        .select_from(reg)
        .join(cit, cit.id == reg.citizen_id)
        .join(m, and_(reg.start_month <= m.c.month_paid,
                      or_(m.c.born_after.is_(None), cit.birth_date > m.c.born_after),
                      or_(m.c.born_until.is_(None), cit.birth_date <= m.c.born_until)))
        .outerjoin(chosen, and_(bank_only, chosen.id == reg.bank_account_id, chosen.kind == "bank",
                                chosen.ended_on.is_(None)))
        .outerjoin(primary, and_(bank_only, primary.citizen_id == reg.citizen_id, primary.is_primary.is_(True),
                                 primary.kind == "bank", primary.ended_on.is_(None)))
        .where(*conditions)
        # The sort is also a barrier: every row is read before the first is inserted. Without
        # it PostgreSQL may interleave the two and, while the lines table is still small in
        # its statistics (an organisation's first payroll), scan the pages this very
        # statement is filling once per row owed: quadratic time. It also lays a person's
        # months side by side on disk.
        .order_by(reg.id, m.c.month_paid)
    )


_LINE_COLUMNS = ("id", "organisation_id", "payroll_id", "registration_id", "citizen_id", "month_paid",
                 "is_back_pay", "age", "rate_id", "band_label_th", "amount", "card_amount", "bank_account_id",
                 "bank_code", "account_no", "account_name", "status", "created_at", "updated_at", "version")


async def _compute(session: AsyncSession, payroll: Payroll) -> None:
    stmt = insert(PayrollLine).from_select(list(_LINE_COLUMNS), await _owed_lines(session, payroll))
    try:
        async with session.begin_nested():
            await session.execute(stmt)
    except IntegrityError:
        # Another payroll computed at this very moment took some of the same months.
        raise Conflict("Some of these months were paid by a payroll computed at the same moment; try again",
                       code="payroll.month_already_paid") from None
    count, total = (await session.execute(
        select(func.count(), func.coalesce(func.sum(PayrollLine.amount), 0))
        .where(PayrollLine.payroll_id == payroll.id))).one()
    payroll.line_count = count
    payroll.total = Decimal(total) if not isinstance(total, Decimal) else total
    payroll.computed_at = utcnow()
    await session.flush()
    await audit.record(session, action="allowance_payroll.compute", entity="allowance_payrolls",
                       sensitive=payroll.programme in SENSITIVE,
                       entity_id=payroll.id, organisation_id=payroll.organisation_id,
                       after={"line_count": count, "total": payroll.total, "month": payroll.month,
                              "rules": payroll.rules})


async def create_payroll(session: AsyncSession, actor: Actor, data: PayrollCreate) -> Payroll:
    """A draft payroll for a programme and month, its lines computed at once."""
    actor.require(P.payroll_prepare)
    code = data.programme.value
    service.require_programme(actor, code)
    month = month_start(data.month)
    if (await session.execute(select(Payroll.id).where(Payroll.programme == code, Payroll.month == month))).first():
        raise Conflict("A payroll for this programme and month exists", code="payroll.duplicate_month")
    settings = await service.effective_settings(session, code)
    payroll = Payroll(programme=code, month=month, fiscal_year=fiscal_year_of(month), state="draft",
                      payer=settings.payer.value, rules=settings.payroll_rules())
    with audit.action(session, "allowance_payroll.create"):
        session.add(payroll)
        try:
            async with session.begin_nested():
                await session.flush()
        except IntegrityError:
            raise Conflict("A payroll for this programme and month exists", code="payroll.duplicate_month") from None
        await _compute(session, payroll)
    return payroll


async def recompute(session: AsyncSession, actor: Actor, payroll_id: uuid.UUID) -> Payroll:
    """A draft is computed again from today's registry (after a death was recorded, say)."""
    actor.require(P.payroll_prepare)
    payroll = await load_payroll(session, actor, payroll_id)
    if payroll.state != "draft":
        raise Conflict("Only a draft payroll is computed again", code="workflow.wrong_state", state=payroll.state)
    with audit.action(session, "allowance_payroll.recompute"):
        removed = (await session.execute(delete(PayrollLine).where(PayrollLine.payroll_id == payroll.id))).rowcount
        await audit.record(session, action="allowance_payroll.recompute", entity="allowance_payrolls",
                       sensitive=payroll.programme in SENSITIVE,
                           entity_id=payroll.id, organisation_id=payroll.organisation_id,
                           before={"line_count": removed})
        await _compute(session, payroll)
    return payroll


# --- checks, statuses and failures ----------------------------------------------------------------------


async def first_unpayable_line(session: AsyncSession, payroll: Payroll) -> str | None:
    """A reason code when a line pays a month the registry or the registration no longer
    allows: the person died or moved before it, or the right ended or was suspended."""
    _, death_month_paid, move_through, _ = _rules(payroll)
    months = list((await session.execute(select(PayrollLine.month_paid).distinct()
                                         .where(PayrollLine.payroll_id == payroll.id))).scalars())
    if not months:
        return None
    line, cit, reg = PayrollLine, Citizen, Registration
    base = (select(line.id).join(cit, cit.id == line.citizen_id).join(reg, reg.id == line.registration_id)
            .where(line.payroll_id == payroll.id, line.status != "failed"))

    def per_month(make: Any) -> Any:
        return or_(*[and_(line.month_paid == m, make(m)) for m in months])

    dead = per_month(lambda m: cit.death_date < (m if death_month_paid else add_months(m, 1)))
    if (await session.execute(base.where(dead).limit(1))).first():
        return "payroll.line_for_dead_person"
    moved = per_month(lambda m: cit.moved_out_on < (fiscal_year_start(m)
                                                      if move_through == MovePaidThrough.fiscal_year_end else m))
    if (await session.execute(base.where(moved).limit(1))).first():
        return "payroll.line_for_moved_person"
    suspended = exists().where(Suspension.registration_id == line.registration_id,
                               Suspension.from_month <= line.month_paid,
                               or_(Suspension.until_month.is_(None), Suspension.until_month >= line.month_paid))
    not_payable = or_(reg.state.not_in(PAYABLE_STATES), reg.start_month.is_(None), reg.start_month > line.month_paid,
                      and_(reg.end_month.is_not(None), reg.end_month < line.month_paid), suspended)
    if (await session.execute(base.where(not_payable).limit(1))).first():
        return "payroll.line_not_payable"
    return None


async def set_line_status(session: AsyncSession, payroll: Payroll, before: str, after: str) -> None:
    result = await session.execute(update(PayrollLine).where(PayrollLine.payroll_id == payroll.id,
                                                             PayrollLine.status == before).values(status=after))
    await audit.record(session, action=f"allowance_payroll.lines_{after}", entity="allowance_payrolls",
                       sensitive=payroll.programme in SENSITIVE,
                       entity_id=payroll.id, organisation_id=payroll.organisation_id,
                       after={"lines": result.rowcount, "status": after})


async def fail_line(session: AsyncSession, actor: Actor, payroll_id: uuid.UUID, line_id: uuid.UUID,
                    data: LineFailure) -> PayrollLine:
    """The bank returned a transfer or the account was closed: the month is owed again and
    the next payroll pays it."""
    actor.require(P.payroll_pay)
    payroll = await load_payroll(session, actor, payroll_id)
    line = (await session.execute(select(PayrollLine).where(PayrollLine.id == line_id,
                                                            PayrollLine.payroll_id == payroll.id))
            ).scalar_one_or_none()
    if line is None:
        raise NotFound("No such payroll line", code="allowance_payroll_lines.not_found")
    if payroll.state != "exported":
        raise Conflict("Failures are recorded while the payroll is exported and not yet settled",
                       code="payroll.not_exported", state=payroll.state)
    if line.status == "failed":
        raise Conflict("This line is already recorded as failed", code="payroll.line_already_failed")
    with audit.action(session, "allowance_payroll.fail_line"):
        line.status = "failed"
        line.failure_reason = data.reason.value
        line.failure_note = data.note
        line.failed_on = data.failed_on
        await session.flush()
    return line


async def export_refusal(session: AsyncSession, payroll: Payroll) -> str | None:
    """What stops the export step: the payer's account for a payroll the organisation pays."""
    if payroll.payer != Payer.lao.value:
        return None
    settings = await service.effective_settings(session, payroll.programme)
    if not (settings.payer_bank_code and settings.payer_account_no and settings.payer_company_id):
        return "payroll.payer_account_missing"
    return None
