"""Lists out as XLSX and CSV with the import's own columns, and the import report.

An export writes every value as the import reads it back (Buddhist Era dates with only the
parts known, village numbers, bank codes), so exporting a list and importing the file
changes nothing. Whole national IDs need `citizens:read_id` (without it they are masked,
and such a file cannot be imported back); every export is written to the audit log. The
HIV/AIDS programme's rows are left out for anyone without `sensitive:read`, and their
export is logged as a read of health data.

Files are written to a temporary file page by page and streamed from it; CSV is UTF-8 with
a byte-order mark, which Excel needs to show Thai.
"""

from __future__ import annotations

import csv
import tempfile
import uuid
from collections.abc import AsyncIterator
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from chumchon.areas.models import Village
from chumchon.auth.permissions import P
from chumchon.citizens.models import BankAccount, BirthPrecision, Citizen
from chumchon.citizens.schemas import SEX_LABELS_TH
from chumchon.citizens.models import Sex
from chumchon.core import audit
from chumchon.core.context import Actor
from chumchon.core.errors import Invalid
from chumchon.core.thai import PartialDate, format_thai_date, mask_national_id
from chumchon.imports import columns, readers
from chumchon.imports.models import ImportJob, ImportKind, ImportRow, RowStatus
from chumchon.imports.service import open_report, stored_path

PAGE = 2000
FORMATS = ("xlsx", "csv")
MEDIA_TYPES = {"xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
               "csv": "text/csv; charset=utf-8"}


class _Writer:
    """Rows into a temporary XLSX (write-only, streamed) or CSV file."""

    def __init__(self, fmt: str, headers: list[str] | None, *, title: str = "ข้อมูล") -> None:
        if fmt not in FORMATS:
            raise Invalid(f"Export as xlsx or csv, not {fmt}", code="exports.format")
        self.fmt = fmt
        handle = tempfile.NamedTemporaryFile(prefix="chumchon-export-", suffix=f".{fmt}", delete=False)  # noqa: SIM115
        self.path = Path(handle.name)
        self.rows = 0
        if fmt == "csv":
            handle.close()
            self._fh = open(self.path, "w", encoding="utf-8-sig", newline="")  # noqa: SIM115
            self._csv = csv.writer(self._fh)
            if headers is not None:
                self._csv.writerow(headers)
        else:
            handle.close()
            self._wb = Workbook(write_only=True)
            self._ws = self._wb.create_sheet(title[:31])
            if headers is not None:
                self._ws.append(headers)

    def add(self, values: list[Any]) -> None:
        self.rows += 1
        if self.fmt == "csv":
            self._csv.writerow(["" if v is None else v for v in values])
        else:
            self._ws.append(values)

    def close(self) -> Path:
        if self.fmt == "csv":
            self._fh.close()
        else:
            self._wb.save(self.path)
        return self.path


def _birth_text(c: Citizen) -> str | None:
    if c.birth_date is None:
        return None
    if c.birth_precision == BirthPrecision.year:
        part = PartialDate(c.birth_date.year)
    elif c.birth_precision == BirthPrecision.month:
        part = PartialDate(c.birth_date.year, c.birth_date.month)
    else:
        part = PartialDate.from_date(c.birth_date)
    return format_thai_date(part, "numeric")


def date_text(value: date | None) -> str | None:
    return format_thai_date(value, "numeric") if value else None


def month_text(value: date | None) -> str | None:
    return format_thai_date(PartialDate(value.year, value.month), "short") if value else None


def money_text(value: Decimal | None) -> str | None:
    return f"{value:,.2f}" if value is not None else None


async def _villages(session: AsyncSession) -> dict[uuid.UUID, int]:
    return {v.id: v.number for v in (await session.execute(select(Village.id, Village.number))).all()}


async def citizen_pages(session: AsyncSession, stmt: Any) -> AsyncIterator[list[Citizen]]:
    """People in national-ID order, a page at a time (keyset paging: no OFFSET that grows)."""
    last = ""
    while True:
        page = list((await session.execute(
            stmt.where(Citizen.national_id > last).order_by(Citizen.national_id).limit(PAGE))).scalars())
        if not page:
            return
        yield page
        last = page[-1].national_id


async def primary_accounts(session: AsyncSession, ids: list[uuid.UUID]) -> dict[uuid.UUID, BankAccount]:
    rows = await session.execute(select(BankAccount).where(
        BankAccount.citizen_id.in_(ids), BankAccount.is_primary.is_(True), BankAccount.kind == "bank",
        BankAccount.ended_on.is_(None)))
    return {a.citizen_id: a for a in rows.scalars()}


def citizen_values(c: Citizen, account: BankAccount | None, villages: dict[uuid.UUID, int],
                   whole_ids: bool) -> list[Any]:
    return [
        c.national_id if whole_ids else mask_national_id(c.national_id), c.title, c.first_name, c.last_name,
        c.first_name_en, c.last_name_en, _birth_text(c), SEX_LABELS_TH[Sex(c.sex)],
        "ไทย" if c.nationality == "THA" else c.nationality,
        villages.get(c.village_id) if c.village_id else None, c.house_number, c.house_registration_no,
        c.address_extra, c.phone,
        account.bank_code if account else None, account.branch if account else None,
        account.account_no if account else None, account.account_name if account else None,
    ]


def headers(kind: ImportKind) -> list[str]:
    return [col.header_th for col in columns.export_columns(kind)]


async def export_citizens(session: AsyncSession, actor: Actor, fmt: str, *, village_id: uuid.UUID | None = None,
                          active_only: bool = False) -> Path:
    actor.require(P.citizens_read)
    whole_ids = actor.can(P.citizens_read_id)
    writer = _Writer(fmt, headers(ImportKind.citizens), title="ทะเบียนประชาชน")
    try:
        villages = await _villages(session)
        stmt = select(Citizen)
        if village_id is not None:
            stmt = stmt.where(Citizen.village_id == village_id)
        if active_only:
            stmt = stmt.where(Citizen.death_date.is_(None), Citizen.moved_out_on.is_(None))
        async for page in citizen_pages(session, stmt):
            accounts = await primary_accounts(session, [c.id for c in page])
            for c in page:
                writer.add(citizen_values(c, accounts.get(c.id), villages, whole_ids))
        path = writer.close()
    except BaseException:
        writer.close().unlink(missing_ok=True)
        raise
    await audit.record(session, action="citizen.export", entity="citizens", organisation_id=actor.organisation_id,
                       after={"rows": writer.rows, "format": fmt, "whole_national_ids": whole_ids,
                              "village_id": village_id})
    return path


# --- allowance beneficiaries and group members ---------------------------------------------------------------

PROGRAMME_EXPORT_TH = {"elderly": "ผู้สูงอายุ", "disability": "คนพิการ", "hiv": "ผู้ป่วยเอดส์"}
STATE_EXPORT_TH = {"active": "รับเงิน", "suspended": "ระงับ"}
PAYMENT_EXPORT_TH = {"bank": "โอนเข้าบัญชี", "cash": "เงินสด"}
EXPORTED_STATES = ("active", "suspended")


async def export_beneficiaries(session: AsyncSession, actor: Actor, fmt: str, *,
                               programme: str | None = None) -> Path:
    """People receiving an allowance (active or suspended), one row per registration. The
    HIV/AIDS programme is not in the file for anyone without `sensitive:read`; for those
    with it, the export is logged as a read of health data."""
    from chumchon.allowances import service as allowances
    from chumchon.allowances.models import Registration

    actor.require(P.allowances_read)
    actor.require(P.citizens_read)
    if programme is not None:
        allowances.require_programme(actor, programme)
    codes = [programme] if programme else allowances.visible_programmes(actor)
    whole_ids = actor.can(P.citizens_read_id)
    writer = _Writer(fmt, headers(ImportKind.beneficiaries), title="ผู้รับเบี้ยยังชีพ")
    try:
        villages = await _villages(session)
        last = uuid.UUID(int=0)
        while True:
            page = list((await session.execute(
                select(Registration).where(Registration.programme.in_(codes),
                                           Registration.state.in_(EXPORTED_STATES), Registration.id > last)
                .order_by(Registration.id).limit(PAGE))).scalars())
            if not page:
                break
            last = page[-1].id
            people = await allowances.citizens_by_id(session, [r.citizen_id for r in page])
            accounts = await primary_accounts(session, list(people))
            for reg in page:
                person = people[reg.citizen_id]
                writer.add([
                    *citizen_values(person, accounts.get(person.id), villages, whole_ids),
                    PROGRAMME_EXPORT_TH[reg.programme], month_text(reg.start_month), STATE_EXPORT_TH[reg.state],
                    date_text(reg.received_on), reg.request_no, PAYMENT_EXPORT_TH.get(reg.payment_method),
                    reg.disability_card_no, date_text(reg.disability_card_expires_on), money_text(reg.annual_income),
                    reg.note,
                ])
            await allowances.log_sensitive_read(session, actor, entity="allowance_registrations",
                                                ids=[r.id for r in page if r.programme in _sensitive()],
                                                action="allowance_registration.sensitive_export")
        path = writer.close()
    except BaseException:
        writer.close().unlink(missing_ok=True)
        raise
    await audit.record(session, action="allowance_registration.export", entity="allowance_registrations",
                       organisation_id=actor.organisation_id,
                       after={"rows": writer.rows, "format": fmt, "programmes": codes, "whole_national_ids": whole_ids})
    return path


def _sensitive() -> frozenset[str]:
    from chumchon.allowances.programmes import SENSITIVE

    return SENSITIVE


async def export_group_members(session: AsyncSession, actor: Actor, group_id: uuid.UUID, fmt: str) -> Path:
    """A group's current members: national ID when the member is in the register, the name
    as recorded, the day they joined."""
    from chumchon.groups import service as groups
    from chumchon.groups.models import GroupMember

    group = await groups.get_group(session, actor, group_id)
    whole_ids = actor.can(P.citizens_read_id)
    writer = _Writer(fmt, headers(ImportKind.group_members), title="สมาชิกกลุ่ม")
    try:
        members = list((await session.execute(
            select(GroupMember).where(GroupMember.group_id == group.id, GroupMember.left_on.is_(None))
            .order_by(GroupMember.joined_on, GroupMember.full_name, GroupMember.id))).scalars())
        linked = [m.citizen_id for m in members if m.citizen_id is not None]
        ids = {c.id: c.national_id for c in (await session.execute(
            select(Citizen).where(Citizen.id.in_(linked)))).scalars()} if linked else {}
        for m in members:
            nid = ids.get(m.citizen_id) if m.citizen_id else None
            writer.add([(nid if whole_ids else mask_national_id(nid)) if nid else None, m.full_name,
                        date_text(m.joined_on)])
        path = writer.close()
    except BaseException:
        writer.close().unlink(missing_ok=True)
        raise
    await audit.record(session, action="group.export_members", entity="groups", entity_id=group.id,
                       organisation_id=group.organisation_id, after={"rows": writer.rows, "format": fmt})
    return path


# --- the import report ----------------------------------------------------------------------------------------


async def _rejected_pages(session: AsyncSession, job: ImportJob) -> AsyncIterator[dict[int, str]]:
    last = 0
    while True:
        page = (await session.execute(
            select(ImportRow.line, ImportRow.errors)
            .where(ImportRow.job_id == job.id, ImportRow.status == RowStatus.rejected.value, ImportRow.line > last)
            .order_by(ImportRow.line).limit(PAGE))).all()
        if not page:
            return
        yield {line: "; ".join(f"{e.get('message')} [{e.get('code')}]" for e in errors or []) for line, errors in page}
        last = page[-1].line


async def report_xlsx(session: AsyncSession, actor: Actor, job_id: uuid.UUID, files_dir: Path, *,
                      rejected_only: bool = False) -> tuple[ImportJob, Path]:
    """The uploaded rows as they were, with an error column: the officer corrects the rows
    that have one and imports the file again (the error column is read as nothing)."""
    job = await open_report(session, actor, job_id)
    source = readers.open_source(stored_path(files_dir, job), job.file_format)
    header_line = int((job.options or {}).get("header_line", 1))
    writer = _Writer("xlsx", None, title="รายงานการนำเข้า")
    red = PatternFill("solid", fgColor="FFF2CC")
    try:
        from openpyxl.cell import WriteOnlyCell

        pages = _rejected_pages(session, job)
        errors: dict[int, str] = {}
        page_end = 0
        exhausted = False
        lines = source.rows()
        width = len(job.headers)
        for line, cells in lines:
            if line < header_line:
                continue
            if line == header_line:
                head = [WriteOnlyCell(writer._ws, value=v) for v in
                        [*_pad(cells, width), columns.REPORT_ERROR_HEADER]]
                for cell in head:
                    cell.font = Font(bold=True)
                writer._ws.append(head)
                continue
            while not exhausted and page_end < line:
                try:
                    errors = await anext(pages)
                    page_end = max(errors)
                except StopAsyncIteration:
                    exhausted = True
                    errors = {}
            message = errors.get(line)
            if rejected_only and message is None:
                continue
            values = _pad(cells, width)
            if message is None:
                writer.add([*values, None])
            else:
                out = [WriteOnlyCell(writer._ws, value=v) for v in [*values, message]]
                for cell in out:
                    cell.fill = red
                writer.rows += 1
                writer._ws.append(out)
        path = writer.close()
    except BaseException:
        writer.close().unlink(missing_ok=True)
        raise
    return job, path


def _pad(cells: list[Any], width: int) -> list[Any]:
    return cells + [None] * (width - len(cells)) if len(cells) < width else cells

