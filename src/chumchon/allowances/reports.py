"""Reports of the allowances: beneficiaries counted by programme, village, age band and
status; money paid by month of a fiscal year; people turning 60 who have not registered.

Every count and sum is one GROUP BY in the database. The HIV/AIDS programme is in them only
for callers with `sensitive:read` (and then the read is logged); for anyone else it is not
a row, not a zero, and not part of a total. Asking for it by name without the permission is
the same 403 as the registrations list.

Reading the citizen registry. The counts join `citizens` and `villages` (set-based work has
no per-person service call), in the caller's scoped session, read-only, as the payroll does.
"""

from __future__ import annotations

import io
import uuid
from collections.abc import Sequence
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Font
from sqlalchemy import case, exists, func, literal, select
from sqlalchemy.ext.asyncio import AsyncSession

from chumchon.allowances import service
from chumchon.allowances.models import OPEN_STATES, Payroll, PayrollLine, Registration, RegistrationWindow
from chumchon.allowances.programmes import SENSITIVE, ProgrammeCode, age_reached_on, elderly_start, thai_month
from chumchon.allowances.schemas import (
    BeneficiaryReport,
    BeneficiaryRow,
    PaymentReport,
    PaymentRow,
    ReportBy,
    TurningSixtyRead,
)
from chumchon.allowances.workflow import STATE_LABELS_TH
from chumchon.areas.models import Village
from chumchon.auth.permissions import P
from chumchon.citizens.models import Citizen
from chumchon.citizens.schemas import CitizenRead
from chumchon.core import audit
from chumchon.core.context import Actor
from chumchon.core.db import Money
from chumchon.core.errors import Invalid
from chumchon.core.pagination import PageParams, paginate
from chumchon.core.thai import fiscal_year_bounds, fiscal_year_of, format_thai_date, mask_national_id, to_ce_year

DEFAULT_BY = (ReportBy.programme, ReportBy.status)
AGE_UNKNOWN = "unknown"
_ZERO = Decimal("0.00")


def _programmes(actor: Actor, programme: str | None) -> list[str]:
    if programme is not None:
        service.require_programme(actor, programme)
        return [ProgrammeCode(programme).value]
    return service.visible_programmes(actor)


async def _log_if_sensitive(session: AsyncSession, actor: Actor, programmes: Sequence[str], action: str,
                            detail: dict[str, Any]) -> None:
    """PDPA: a count of people on the HIV/AIDS programme is a read of health data too."""
    if any(p in SENSITIVE for p in programmes):
        await audit.record(session, action=action, entity="allowance_registrations",
                           organisation_id=actor.organisation_id, after=detail, sensitive=True)


# --- beneficiaries --------------------------------------------------------------------------------------------


def _born_by(day: date, years: int) -> date:
    """The last birth date that has completed `years` on `day` (29 February in a common year:
    the 28th)."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return date(day.year - years, 2, 28)


def band_label(age_min: int, age_max: int | None) -> str:
    return f"{age_min}+" if age_max is None else f"{age_min}-{age_max}"


async def _age_band(session: AsyncSession, on: date) -> Any:
    """The elderly band of the age reached on `on`, as SQL over the birth date.

    In law an age is reached on the day before the anniversary (see programmes.py), so the
    age reached on `on` is the anniversary age of the day after. Each band is a range of
    birth dates, compared directly: no arithmetic per row."""
    bands = sorted(await service.rates_in_force(session, ProgrammeCode.elderly.value, on), key=lambda b: b.age_min)
    counted_on = on + timedelta(days=1)
    whens: list[Any] = [(Citizen.birth_date.is_(None), literal(AGE_UNKNOWN))]
    for band in reversed(bands):
        whens.append((Citizen.birth_date <= _born_by(counted_on, band.age_min),
                      literal(band_label(band.age_min, band.age_max))))
    youngest = bands[0].age_min if bands else 60
    return case(*whens, else_=literal(band_label(0, youngest - 1)))


async def beneficiaries(session: AsyncSession, actor: Actor, *, by: Sequence[ReportBy] = DEFAULT_BY,
                        on: date | None = None, programme: str | None = None, village_id: uuid.UUID | None = None,
                        statuses: Sequence[str] | None = None) -> BeneficiaryReport:
    """Registrations counted by the chosen groups. Without a status filter the registrations
    that hold a place in a programme count (from documents received to suspended); rejected
    and ended ones only when asked for by status."""
    actor.require(P.allowances_read)
    unknown = sorted(set(statuses or ()) - set(STATE_LABELS_TH))
    if unknown:
        raise Invalid(f"No registration state {', '.join(unknown)}", code="allowance_report.unknown_status",
                      errors=[{"field": "status", "code": "allowance_report.unknown_status",
                               "message": ", ".join(unknown)}])
    on = on or service.today()
    by = list(dict.fromkeys(by or DEFAULT_BY))
    programmes = _programmes(actor, programme)
    # Grouped in an outer query over labelled columns: PostgreSQL does not see two copies of
    # a CASE with bound parameters as the same expression, so it cannot GROUP BY one.
    inner = (
        select(Registration.programme.label("programme"), Citizen.village_id.label("village_id"),
               (await _age_band(session, on)).label("age_band"), Registration.state.label("status"))
        .join(Citizen, Citizen.id == Registration.citizen_id)
        .where(Registration.programme.in_(programmes),
               Registration.state.in_(list(statuses) if statuses else list(OPEN_STATES)))
    )
    if village_id is not None:
        inner = inner.where(Citizen.village_id == village_id)
    sub = inner.subquery()
    columns: list[Any] = []
    order: list[Any] = []
    if ReportBy.programme in by:
        columns.append(sub.c.programme)
        order.append(sub.c.programme)
    if ReportBy.village in by:
        columns += [sub.c.village_id, Village.number, Village.name_th]
        order.append(Village.number)
    if ReportBy.age_band in by:
        columns.append(sub.c.age_band)
        order.append(sub.c.age_band)
    if ReportBy.status in by:
        columns.append(sub.c.status)
        order.append(sub.c.status)
    stmt = select(*columns, func.count().label("count")).select_from(sub)
    if ReportBy.village in by:
        stmt = stmt.outerjoin(Village, Village.id == sub.c.village_id)
    if columns:
        stmt = stmt.group_by(*columns).order_by(*order)
    rows = []
    for r in (await session.execute(stmt)).mappings():
        rows.append(BeneficiaryRow(
            programme=r["programme"] if ReportBy.programme in by else None,
            village_id=r["village_id"] if ReportBy.village in by else None,
            village_no=r["number"] if ReportBy.village in by else None,
            village_name=r["name_th"] if ReportBy.village in by else None,
            age_band=r["age_band"] if ReportBy.age_band in by else None,
            status=r["status"] if ReportBy.status in by else None,
            count=r["count"]))
    rows = [r for r in rows if r.count]
    await _log_if_sensitive(session, actor, programmes, "allowance_report.beneficiaries_sensitive_read",
                            {"by": [b.value for b in by], "on": on.isoformat()})
    return BeneficiaryReport(on=on, by=by, rows=rows, total=sum(r.count for r in rows))


# --- payments ---------------------------------------------------------------------------------------------------


async def payments(session: AsyncSession, actor: Actor, *, fiscal_year: int | None = None,
                   programme: str | None = None) -> PaymentReport:
    """What each month's payrolls of a fiscal year computed, paid and failed, by programme."""
    actor.require(P.allowances_read)
    fiscal_year = fiscal_year or fiscal_year_of(service.today())
    programmes = _programmes(actor, programme)
    line = PayrollLine
    zero = literal(_ZERO, Money())

    def total_where(condition: Any, column: Any = line.amount) -> Any:
        return func.sum(case((condition, column), else_=zero))

    stmt = (
        select(Payroll.month, Payroll.programme, func.count(line.id).label("lines"),
               func.sum(line.amount).label("amount"),
               total_where(line.status == "paid").label("paid_amount"),
               total_where(line.status == "failed").label("failed_amount"),
               total_where(line.status == "paid", line.card_amount).label("card_amount"))
        .join(line, line.payroll_id == Payroll.id)
        .where(Payroll.fiscal_year == fiscal_year, Payroll.programme.in_(programmes))
        .group_by(Payroll.month, Payroll.programme)
        .order_by(Payroll.month, Payroll.programme)
    )
    rows = [PaymentRow(month=r.month, programme=r.programme, lines=r.lines, amount=_money(r.amount),
                       paid_amount=_money(r.paid_amount), failed_amount=_money(r.failed_amount),
                       card_amount=_money(r.card_amount))
            for r in (await session.execute(stmt)).all()]
    await _log_if_sensitive(session, actor, programmes, "allowance_report.payments_sensitive_read",
                            {"fiscal_year": fiscal_year})
    return PaymentReport(fiscal_year=fiscal_year, rows=rows,
                         total_amount=sum((r.amount for r in rows), _ZERO),
                         total_paid_amount=sum((r.paid_amount for r in rows), _ZERO),
                         total_failed_amount=sum((r.failed_amount for r in rows), _ZERO))


def _money(value: Any) -> Decimal:
    return _ZERO if value is None else Decimal(value).quantize(_ZERO)


# --- people turning sixty ------------------------------------------------------------------------------------------


async def cohort_born_before(session: AsyncSession, fiscal_year: int) -> date:
    """Who may register for a fiscal year: the windows' cohort where the table has one, else
    the rule they were written from (born before 2 September of fiscal year − 60, BE)."""
    found = (await session.execute(
        select(func.min(RegistrationWindow.cohort_born_before))
        .where(RegistrationWindow.programme == ProgrammeCode.elderly.value,
               RegistrationWindow.fiscal_year == fiscal_year))).scalar_one_or_none()
    return found or date(to_ce_year(fiscal_year - 60), 9, 2)


async def payment_starts_on(session: AsyncSession, fiscal_year: int) -> date:
    found = (await session.execute(
        select(func.min(RegistrationWindow.payment_starts_on))
        .where(RegistrationWindow.programme == ProgrammeCode.elderly.value,
               RegistrationWindow.fiscal_year == fiscal_year))).scalar_one_or_none()
    return found or fiscal_year_bounds(fiscal_year)[0]


def default_turning_sixty_year() -> int:
    return fiscal_year_of(service.today()) + 1


async def _turning_sixty_stmt(session: AsyncSession, fiscal_year: int, village_id: uuid.UUID | None) -> Any:
    # The year's cohort, not the older ones: born from the previous year's cut-off on. A
    # year-only or month-only birth date is stored as 1 January / day 1, which is the rule.
    first, before = await cohort_born_before(session, fiscal_year - 1), await cohort_born_before(session, fiscal_year)
    registered = exists().where(Registration.citizen_id == Citizen.id,
                                Registration.programme == ProgrammeCode.elderly.value,
                                Registration.state.in_(OPEN_STATES))
    stmt = (select(Citizen).outerjoin(Village, Village.id == Citizen.village_id)
            .where(Citizen.birth_date >= first, Citizen.birth_date < before, Citizen.death_date.is_(None),
                   Citizen.moved_out_on.is_(None), Citizen.nationality == "THA",
                   ~registered))
    if village_id is not None:
        stmt = stmt.where(Citizen.village_id == village_id)
    return stmt


_SIXTY_SORTS = {"birth_date": Citizen.birth_date, "village": Village.number, "name": Citizen.name_key}


async def turning_sixty(session: AsyncSession, actor: Actor, params: PageParams, *, fiscal_year: int | None = None,
                        village_id: uuid.UUID | None = None) -> tuple[int, list[TurningSixtyRead], int]:
    actor.require(P.allowances_read)
    actor.require(P.citizens_read)
    fiscal_year = fiscal_year or default_turning_sixty_year()
    stmt = await _turning_sixty_stmt(session, fiscal_year, village_id)
    people, total = await paginate(session, stmt, params, sortable=_SIXTY_SORTS,
                                   default_sort=["village", "birth_date"], tiebreak=Citizen.id)
    return fiscal_year, await _sixty_items(session, people, fiscal_year), total


async def _sixty_items(session: AsyncSession, people: Sequence[Citizen], fiscal_year: int) -> list[TurningSixtyRead]:
    village_ids = {c.village_id for c in people if c.village_id}
    villages = {v.id: v for v in (await session.execute(select(Village).where(Village.id.in_(village_ids))))
                .scalars()} if village_ids else {}
    starts = await payment_starts_on(session, fiscal_year)
    today = service.today()
    out = []
    for c in people:
        v = villages.get(c.village_id) if c.village_id else None
        out.append(TurningSixtyRead(
            citizen=CitizenRead.of(c, today), village_no=v.number if v else None, village_name=v.name_th if v else None,
            reaches_60_on=age_reached_on(c.birth_date, 60) if c.birth_date else None,
            first_month=elderly_start(c.birth_date, starts) if c.birth_date else None))
    return out


async def turning_sixty_xlsx(session: AsyncSession, actor: Actor, *, fiscal_year: int | None = None,
                             village_id: uuid.UUID | None = None) -> tuple[int, bytes]:
    """The same list as a workbook to plan the notices with (IDs masked; it leaves the system)."""
    actor.require(P.allowances_read)
    actor.require(P.citizens_read)
    fiscal_year = fiscal_year or default_turning_sixty_year()
    stmt = await _turning_sixty_stmt(session, fiscal_year, village_id)
    people = list((await session.execute(stmt.order_by(Village.number, Citizen.birth_date, Citizen.id))).scalars())
    items = await _sixty_items(session, people, fiscal_year)
    wb = Workbook()
    ws = wb.active
    ws.title = f"อายุครบ 60 ปีงบ {fiscal_year}"
    ws.append([f"ผู้ที่จะมีอายุครบ 60 ปีบริบูรณ์ ลงทะเบียน/ยืนยันสิทธิสำหรับปีงบประมาณ {fiscal_year} และยังไม่ได้ยื่น"])
    ws.append([])
    ws.append(["ลำดับ", "เลขประจำตัวประชาชน", "ชื่อ-สกุล", "หมู่ที่", "ชื่อหมู่บ้าน", "บ้านเลขที่", "วันเกิด",
               "อายุครบ 60 ปี", "เริ่มจ่ายได้ตั้งแต่", "โทรศัพท์"])
    for cell in ws[3]:
        cell.font = Font(bold=True)
    for n, (c, item) in enumerate(zip(people, items, strict=True), start=1):
        ws.append([n, mask_national_id(c.national_id), item.citizen.full_name_th, item.village_no, item.village_name,
                   c.house_number, item.citizen.birth_date_th,
                   format_thai_date(item.reaches_60_on) if item.reaches_60_on else "",
                   thai_month(item.first_month, "long") if item.first_month else "", c.phone])
    for column, width in zip("ABCDEFGHIJ", (7, 20, 30, 8, 20, 10, 14, 14, 16, 14), strict=True):
        ws.column_dimensions[column].width = width
    buffer = io.BytesIO()
    wb.save(buffer)
    await audit.record(session, action="allowance_report.turning_sixty_export", entity="citizens",
                       organisation_id=actor.organisation_id,
                       after={"fiscal_year": fiscal_year, "rows": len(people)})
    return fiscal_year, buffer.getvalue()

