"""One line of a file → typed values and the reasons it cannot be read.

Pure functions with no database, run in a worker thread chunk by chunk. What needs the
register (does this village exist here, is this person registered, is the ID repeated in
an earlier chunk) is decided afterwards by the service, for a whole chunk at once.

A cell left empty means "nothing to say": it never clears what the register holds. That
keeps a partial file (national ID and phone number only) from erasing everything else, and
makes an exported list import again without a change.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from chumchon.imports import columns as c
from chumchon.imports.columns import CellError, ColumnMap
from chumchon.imports.models import ImportKind


@dataclass(slots=True)
class Row:
    line: int
    raw_id: str | None = None
    national_id: str | None = None
    name: str | None = None
    citizen: dict[str, Any] = field(default_factory=dict)
    derived_sex: str | None = None
    village: tuple[str, Any] | None = None
    organisation_code: str | None = None
    bank: dict[str, Any] | None = None
    extra: dict[str, Any] = field(default_factory=dict)
    errors: list[dict[str, str]] = field(default_factory=list)

    def reject(self, field_name: str, code: str, message: str) -> None:
        self.errors.append({"field": field_name, "code": code, "message": message})


def _cell(cells: list[Any], cmap: ColumnMap, name: str) -> Any:
    return cells[cmap.slots[name]]  # `cells` as parse cut or padded them


def parse(kind: ImportKind, cmap: ColumnMap, line: int, cells: list[Any]) -> Row:
    row = Row(line=line)
    width = cmap.width
    cells = cells[:width] if len(cells) >= width else cells + [None] * (width - len(cells))
    cells.append(None)  # the cell of every field the file has no column for
    slots = cmap.slots

    def read(name: str, fn: Any, *args: Any) -> Any:
        try:
            return fn(cells[slots[name]], *args)
        except CellError as exc:
            row.errors.append(exc.as_dict())
            return None

    raw_id = _cell(cells, cmap, "national_id")
    row.raw_id = c.text(int(raw_id) if isinstance(raw_id, float) and raw_id.is_integer() else raw_id)
    if row.raw_id is not None or kind != ImportKind.group_members:
        row.national_id = read("national_id", c.national_id)
    _names(row, cells, cmap, read)
    if kind == ImportKind.group_members:
        _member(row, read)
        return row
    _citizen(row, cells, cmap, read)
    if kind == ImportKind.beneficiaries:
        _beneficiary(row, read)
    return row


def _names(row: Row, cells: list[Any], cmap: ColumnMap, read: Any) -> None:
    title = read("title", c.title)
    first = c.text(_cell(cells, cmap, "first_name"))
    last = c.text(_cell(cells, cmap, "last_name"))
    if first is None and last is None and cmap.has("full_name") and _cell(cells, cmap, "full_name") is not None:
        parsed = read("full_name", c.full_name)
        if parsed:
            glued, first, last = parsed
            title = title or glued
    elif first is not None and title is None:
        glued, first = c.split_title(first)
        title = glued
    for key, value in (("title", title), ("first_name", first), ("last_name", last)):
        if value is not None:
            row.citizen[key] = value
    if first or last:
        row.name = f"{title or ''}{first or ''} {last or ''}".strip()
    elif row.name is None:
        row.name = c.text(_cell(cells, cmap, "full_name"))
    if title is not None:
        row.derived_sex = c.SEX_OF_TITLE.get(title)


def _citizen(row: Row, cells: list[Any], cmap: ColumnMap, read: Any) -> None:
    values = row.citizen
    for key in ("first_name_en", "last_name_en", "address_extra"):
        value = c.text(_cell(cells, cmap, key))
        if value is not None:
            values[key] = value
    birth = read("birth_date", c.partial_date, "birth_date")
    if birth is not None:
        values["birth_date"] = birth.as_date()
        values["birth_precision"] = birth.precision.value
    for key, fn in (("sex", c.sex), ("nationality", c.nationality), ("phone", c.phone)):
        value = read(key, fn)
        if value is not None:
            values[key] = value
    house = _cell(cells, cmap, "house_number")
    if isinstance(house, date):
        row.reject("house_number", "imports.house_number_is_date",
                   "Excel เปลี่ยนบ้านเลขที่เป็นวันที่: จัดรูปแบบคอลัมน์เป็นข้อความ (Text) แล้วพิมพ์บ้านเลขที่ใหม่")
    elif (house_text := c.text(house)) is not None:
        values["house_number"] = house_text
    code = _cell(cells, cmap, "house_registration_no")
    code_text = c.text(int(code) if isinstance(code, float) and code.is_integer() else code)
    if code_text is not None:
        values["house_registration_no"] = c.arabic_digits(code_text).replace("-", "").replace(" ", "")
    row.village = read("village", c.village)
    row.organisation_code = c.text(_cell(cells, cmap, "organisation_code"))
    account_no = read("account_no", c.account_no)
    bank_code = read("bank_code", c.bank_code)
    branch = c.text(_cell(cells, cmap, "branch"))
    account_name = c.text(_cell(cells, cmap, "account_name"))
    if account_no is not None:
        if bank_code is None and not any(e["field"] == "bank_code" for e in row.errors):
            row.reject("bank_code", "imports.bank_code_missing", "ระบุเลขที่บัญชีแล้วแต่ไม่ได้ระบุธนาคาร")
        row.bank = {"bank_code": bank_code, "account_no": account_no, "branch": branch,
                    "account_name": account_name}


def _beneficiary(row: Row, read: Any) -> None:
    extra = row.extra
    extra["programme"] = read("programme", c.programme)
    start = read("start_month", c.partial_date, "start_month")
    if start is None and not any(e["field"] == "start_month" for e in row.errors):
        row.reject("start_month", "imports.required", "ไม่ได้ระบุเดือนที่เริ่มรับเงิน")
    elif start is not None and start.month is None:
        row.reject("start_month", "imports.month_required", "ระบุเดือนที่เริ่มรับเงินให้ครบทั้งเดือนและปี")
    elif start is not None:
        extra["start_month"] = date(start.year, start.month, 1)
    extra["state"] = read("status", c.status)
    for key in ("received_on", "disability_card_expires_on"):
        value = read(key, c.partial_date, key)
        if value is not None:
            extra[key] = value.as_date()
    paid = read("paid_through", c.partial_date, "paid_through")
    if paid is not None:
        if paid.month is None:
            row.reject("paid_through", "imports.month_required", "ระบุเดือนที่จ่ายแล้วให้ครบทั้งเดือนและปี")
        else:
            extra["paid_through"] = date(paid.year, paid.month, 1)
    for key in ("request_no", "disability_card_no", "note"):
        value = read(key, c.text)
        if value is not None:
            extra[key] = value
    method = read("payment_method", c.payment_method)
    if method is not None:
        extra["payment_method"] = method
    income = read("annual_income", c.money, "annual_income")
    if income is not None:
        extra["annual_income"] = income
    consented = read("consented_on", c.partial_date, "consented_on")
    if consented is not None:
        if consented.day is None:
            row.reject("consented_on", "imports.day_required", "ระบุวันที่ให้ความยินยอมให้ครบทั้งวัน เดือน และปี")
        else:
            extra["consented_on"] = consented.as_date()
    guardian = read("consent_guardian_name", c.text)
    if guardian is not None:
        extra["consent_guardian_name"] = guardian


def _member(row: Row, read: Any) -> None:
    joined = read("joined_on", c.partial_date, "joined_on")
    if joined is None and not any(e["field"] == "joined_on" for e in row.errors):
        row.reject("joined_on", "imports.required", "ไม่ได้ระบุวันที่เข้าเป็นสมาชิก")
    elif joined is not None:
        row.extra["joined_on"] = joined.as_date()
    if row.national_id is None and not row.name and not row.errors:
        row.reject("full_name", "imports.required", "ไม่ได้ระบุชื่อหรือเลขประจำตัวประชาชน")
