"""The declared column maps, and what a cell means.

Each kind of import declares its columns: the field, the header exports write (Thai, so
that an exported file imports again unchanged), and the other headers people and the
national allowance database use for it, Thai and English. Headers are compared in a
normal form (case, spaces and punctuation dropped), so 'วัน/เดือน/ปีเกิด', 'วันเดือนปี เกิด'
and 'Date of birth' find their field without anyone listing each spelling. An upload may
override the map header by header; a header that maps to nothing is reported as unknown,
never silently dropped.

The cell parsers read values as people typed them (national IDs with dashes or spaces,
Buddhist or Common Era dates as text or as Excel dates, Thai digits, titles glued to
names, amounts with commas) and raise `CellError` with a stable code and a Thai message
for the row report. The rules themselves are the API's (`core.thai`, the citizens
service); these functions only get typed values to them.
"""

from __future__ import annotations

import math
import re
import unicodedata
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from typing import Any

from chumchon.citizens.schemas import BANK_NAMES_TH
from chumchon.core.errors import Invalid
from chumchon.core.thai import (
    PartialDate,
    ThaiFormatError,
    arabic_digits,
    parse_thai_date,
    validate_national_id,
)
from chumchon.imports.models import ImportKind

IGNORE = "ignore"


class CellError(ValueError):
    """One field of one row that cannot be read; the row is rejected with it."""

    def __init__(self, field: str, code: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.code = code
        self.message = message

    def as_dict(self) -> dict[str, str]:
        return {"field": self.field, "code": self.code, "message": self.message}


@dataclass(frozen=True)
class Column:
    field: str
    header_th: str
    header_en: str
    description: str
    aliases: tuple[str, ...] = ()
    example: str | None = None

    @property
    def headers(self) -> tuple[str, ...]:
        return (self.header_th, self.header_en, self.field, *self.aliases)


_CITIZEN: tuple[Column, ...] = (
    Column("national_id", "เลขประจำตัวประชาชน", "National ID",
           "13 digits; dashes, spaces and Thai digits are fine; the check digit is verified. Rows are matched "
           "to the register by it.",
           ("เลขบัตรประชาชน", "เลขบัตรประจำตัวประชาชน", "เลขประจำตัว", "เลขบัตร", "บัตรประชาชน", "citizen id",
            "id card", "id card no", "idcard", "pid", "cid"), "3-3606-00123-45-1"),
    Column("title", "คำนำหน้า", "Title", "คำนำหน้านาม: นาย, นาง, นางสาว (น.ส.), เด็กชาย (ด.ช.), เด็กหญิง (ด.ญ.) …",
           ("คำนำหน้านาม", "คำนำหน้าชื่อ", "prefix", "name title"), "นาง"),
    Column("first_name", "ชื่อ", "First name", "Thai first name; a title glued to it (นายสมชาย) is split off "
           "when there is no title column", ("ชื่อตัว", "firstname", "given name", "fname"), "สมหญิง"),
    Column("last_name", "นามสกุล", "Last name", "Thai last name", ("สกุล", "lastname", "surname", "family name",
                                                                  "lname"), "ใจดี"),
    Column("full_name", "ชื่อ-สกุล", "Full name", "Title, first and last name in one cell (นางสมหญิง ใจดี), as "
           "the national allowance database exports them; used when there are no separate name columns",
           ("ชื่อ-นามสกุล", "ชื่อ - สกุล", "ชื่อ - นามสกุล", "ชื่อสกุล", "ชื่อนามสกุล", "name", "fullname"),
           "นางสมหญิง ใจดี"),
    Column("first_name_en", "ชื่อ (อังกฤษ)", "First name (English)", "First name in Latin letters",
           ("ชื่อภาษาอังกฤษ", "first name en", "first name english"), "Somying"),
    Column("last_name_en", "นามสกุล (อังกฤษ)", "Last name (English)", "Last name in Latin letters",
           ("นามสกุลภาษาอังกฤษ", "last name en", "last name english", "surname en"), "Jaidee"),
    Column("birth_date", "วันเกิด", "Birth date", "Buddhist or Common Era, as text (12/05/2495, 12 พ.ค. 2495, "
           "05/2495, 2495) or an Excel date; an unknown day or month may be left out or written 00",
           ("วันเดือนปีเกิด", "วัน/เดือน/ปีเกิด", "วันเดือนปี เกิด", "ว/ด/ป เกิด", "วดป เกิด", "วดปเกิด",
            "date of birth", "birthdate", "birthday", "dob"), "12/05/2495"),
    Column("sex", "เพศ", "Sex", "ชาย / หญิง / อื่น ๆ (male, female, M, F); when left out it follows the title",
           ("gender",), "หญิง"),
    Column("nationality", "สัญชาติ", "Nationality", "ไทย, or a three-letter code (THA)", (), "ไทย"),
    Column("village", "หมู่ที่", "Village", "The village (หมู่ที่) of this organisation: its number, its 8-digit "
           "DOPA code or its id; a village of another organisation is refused",
           ("หมู่", "ม.", "หมู่บ้าน", "village no", "moo", "village id"), "3"),
    Column("house_number", "บ้านเลขที่", "House number", "บ้านเลขที่ as written (12/3); format the column as "
           "text in Excel, or 12/3 becomes a date", ("เลขที่", "เลขที่บ้าน", "house no", "address no"), "12/3"),
    Column("house_registration_no", "รหัสประจำบ้าน", "House code", "The 11-digit house code",
           ("เลขรหัสประจำบ้าน", "house registration no", "house code no"), "36060012345"),
    Column("address_extra", "ซอย/ถนน", "Street", "ซอย / ถนน", ("ซอย", "ถนน", "ตรอก/ซอย", "street", "road", "soi"),
           "ซอย 2"),
    Column("phone", "โทรศัพท์", "Phone", "Phone number; a leading 0 that Excel dropped is put back",
           ("เบอร์โทร", "เบอร์โทรศัพท์", "หมายเลขโทรศัพท์", "โทร", "มือถือ", "telephone", "mobile", "tel"),
           "081-234-5678"),
    Column("bank_code", "รหัสธนาคาร", "Bank code", "Three-digit bank code (006 Krungthai), or the bank's name",
           ("ธนาคาร", "ชื่อธนาคาร", "bank", "bank name"), "006"),
    Column("branch", "สาขา", "Branch", "สาขา", ("สาขาธนาคาร", "bank branch"), "จัตุรัส"),
    Column("account_no", "เลขที่บัญชี", "Account number", "10 to 15 digits; dashes and spaces are fine. The "
           "account becomes the person's primary account",
           ("เลขบัญชี", "เลขที่บัญชีธนาคาร", "เลขบัญชีธนาคาร", "account", "bank account", "account number"),
           "123-4-56789-0"),
    Column("account_name", "ชื่อบัญชี", "Account name", "ชื่อบัญชี as in the bank book; the person's name when "
           "left out", ("ชื่อบัญชีธนาคาร", "account holder"), "นางสมหญิง ใจดี"),
    Column("organisation_code", "รหัส อปท.", "LAO code", "The organisation's code, as the national allowance "
           "database lists it; a row of another organisation is refused",
           ("รหัสอปท", "รหัสองค์กรปกครองส่วนท้องถิ่น", "lao code", "organisation code"), "6360602"),
)

_BENEFICIARY: tuple[Column, ...] = (
    Column("programme", "ประเภทเบี้ย", "Programme", "ผู้สูงอายุ / คนพิการ / ผู้ป่วยเอดส์ (elderly, disability, "
           "hiv); the HIV/AIDS programme needs the permission to read health data",
           ("ประเภท", "ประเภทผู้รับ", "โครงการ", "เบี้ย", "programme code", "program", "allowance"), "ผู้สูงอายุ"),
    Column("start_month", "เดือนที่เริ่มรับ", "Start month", "The first month paid (ต.ค. 2567, 10/2567, "
           "2024-10)", ("เริ่มรับเงิน", "เดือนที่เริ่มรับเงิน", "วันที่เริ่มรับ", "start", "start date"), "ต.ค. 2567"),
    Column("status", "สถานะ", "Status", "รับเงิน (active) or ระงับ (suspended); a status other than the one in "
           "the register is changed through the registration's steps, not by an import",
           ("สถานะการรับเงิน", "state"), "รับเงิน"),
    Column("received_on", "วันที่ยื่นคำขอ", "Received on", "The day the request was received; the month "
           "before the start month when left out", ("วันที่รับคำขอ", "วันที่ลงทะเบียน", "registered on"),
           "15/09/2567"),
    Column("request_no", "เลขที่รับคำขอ", "Request number", "เลขที่รับคำขอ", ("เลขที่คำขอ", "request no"),
           "12/2567"),
    Column("payment_method", "วิธีรับเงิน", "Payment method", "โอนเข้าบัญชี (bank) or เงินสด (cash)",
           ("การรับเงิน", "payment"), "โอนเข้าบัญชี"),
    Column("disability_card_no", "เลขที่บัตรคนพิการ", "Disability card number", "เลขที่บัตรประจำตัวคนพิการ",
           ("เลขบัตรคนพิการ", "บัตรคนพิการ", "disability card"), "3360600123451"),
    Column("disability_card_expires_on", "วันบัตรหมดอายุ", "Card expires on", "วันที่บัตรคนพิการหมดอายุ",
           ("บัตรหมดอายุ", "card expiry"), "01/10/2570"),
    Column("annual_income", "รายได้ต่อปี", "Annual income", "Baht a year; commas, Thai digits and บาท are fine",
           ("รายได้", "income"), "24,000"),
    Column("paid_through", "จ่ายแล้วถึงเดือน", "Paid through", "The last month the previous system paid; "
           "payrolls here start after it and pay no back pay for it. The month before the import when left out",
           ("จ่ายถึงเดือน", "จ่ายล่าสุด", "paid until", "last paid month"), "ก.ย. 2568"),
    Column("note", "หมายเหตุ", "Note", "หมายเหตุ", ("remark", "remarks"), None),
    Column("consented_on", "วันที่ให้ความยินยอม", "Consent given on", "HIV/AIDS programme only: the day the person "
           "(or a guardian) gave written consent to collect health data (PDPA s.26); a new HIV/AIDS registration "
           "without it is refused", ("วันที่ยินยอม", "วันที่ลงนามยินยอม", "consent date", "consented on"), None),
    Column("consent_guardian_name", "ผู้ให้ความยินยอมแทน", "Consent given by (guardian)", "HIV/AIDS programme only: "
           "the guardian who consented on the person's behalf; left empty when the person consented",
           ("ผู้แทนผู้ให้ความยินยอม", "guardian", "consent guardian"), None),
)

_GROUP_MEMBER: tuple[Column, ...] = (
    Column("joined_on", "วันที่เข้าเป็นสมาชิก", "Joined on", "The day the person joined the group",
           ("วันที่สมัคร", "วันที่เข้ากลุ่ม", "joined", "join date"), "15/01/2568"),
)

# Columns people keep beside the data that the import reads no value from: a running
# number, an age (computed from the birth date), the payroll amount (computed from the rate
# tables), and the report's own error column, so that a corrected report imports again.
IGNORED_HEADERS: tuple[str, ...] = (
    "ลำดับ", "ลำดับที่", "ที่", "no", "no.", "#", "seq", "อายุ", "age", "จำนวนเงิน", "amount", "ยอดเงิน",
    "ข้อผิดพลาด", "errors", "ผลการตรวจ",
)

REPORT_ERROR_HEADER = "ข้อผิดพลาด"

_MEMBER_FIELDS = ("national_id", "title", "first_name", "last_name", "full_name")

DECLARED: dict[ImportKind, tuple[Column, ...]] = {
    ImportKind.citizens: _CITIZEN,
    ImportKind.beneficiaries: _CITIZEN + _BENEFICIARY,
    ImportKind.group_members: tuple(c for c in _CITIZEN if c.field in _MEMBER_FIELDS) + _GROUP_MEMBER,
}

# What exports write, in order: the columns an import of the same kind reads back
# unchanged (the alternatives used only for reading, such as a full-name cell for
# citizens or the organisation code, are left out).
_EXPORTED: dict[ImportKind, tuple[str, ...]] = {
    ImportKind.citizens: ("national_id", "title", "first_name", "last_name", "first_name_en", "last_name_en",
                          "birth_date", "sex", "nationality", "village", "house_number", "house_registration_no",
                          "address_extra", "phone", "bank_code", "branch", "account_no", "account_name"),
    ImportKind.group_members: ("national_id", "full_name", "joined_on"),
}
_EXPORTED[ImportKind.beneficiaries] = _EXPORTED[ImportKind.citizens] + (
    "programme", "start_month", "status", "received_on", "request_no", "payment_method", "disability_card_no",
    "disability_card_expires_on", "annual_income", "note")


def export_columns(kind: ImportKind) -> list[Column]:
    by_field = {c.field: c for c in DECLARED[kind]}
    return [by_field[f] for f in _EXPORTED[kind]]


_PUNCT = re.compile(r"[\s._\-/\\()\[\]{}:;,*#'\"’“”]+")


def header_key(text: Any) -> str:
    """The form headers are compared in: NFC, case-folded, Thai digits as ASCII, without
    spaces or punctuation."""
    if text is None:
        return ""
    value = unicodedata.normalize("NFC", str(text))
    return _PUNCT.sub("", arabic_digits(value)).casefold()


def _index(columns: Iterable[Column]) -> dict[str, str]:
    out: dict[str, str] = {}
    for col in columns:
        for h in col.headers:
            out.setdefault(header_key(h), col.field)
    return out


_LOOKUP: dict[ImportKind, dict[str, str]] = {kind: _index(cols) for kind, cols in DECLARED.items()}
_IGNORED_KEYS = frozenset(header_key(h) for h in IGNORED_HEADERS)


@dataclass
class ColumnMap:
    """Where each field is in the file (its column index), and what was not understood."""

    kind: ImportKind
    headers: list[str]
    fields: dict[str, int]
    by_header: dict[str, str]
    unknown: list[str] = field(default_factory=list)
    ignored: list[str] = field(default_factory=list)
    # Where a row's cell for each field is once the row is cut or padded to `width` cells
    # and one more, always empty (rows.parse): its column, or that empty cell for a field
    # the file has no column for.
    width: int = field(init=False, default=0)
    slots: dict[str, int] = field(init=False, default_factory=dict)

    def __post_init__(self) -> None:
        self.width = max(self.fields.values(), default=-1) + 1
        self.slots = {c.field: self.fields.get(c.field, self.width) for c in DECLARED[self.kind]}

    def has(self, name: str) -> bool:
        return name in self.fields


def _invalid(code: str, message: str, **extra: Any) -> Invalid:
    return Invalid(message, code=code, errors=[{"field": "column_map", "code": code, "message": message}], **extra)


def resolve(kind: ImportKind, headers: Sequence[Any], overrides: dict[str, str] | None = None) -> ColumnMap:
    """Match the file's headers to fields. Overrides (header → field, or 'ignore') win over
    the declared map; a header nobody maps is unknown. Raises `Invalid` for an override that
    names no column of the file or no field, two columns for one field, or missing columns."""
    declared = {c.field for c in DECLARED[kind]}
    texts = ["" if h is None else str(h).strip() for h in headers]
    keys = [header_key(h) for h in texts]
    wanted: dict[str, str] = {}
    for header, target in (overrides or {}).items():
        target = target.strip()
        if target != IGNORE and target not in declared:
            raise _invalid("imports.unknown_field", f"ไม่มีช่องข้อมูล “{target}” สำหรับการนำเข้าประเภทนี้",
                           field_name=target, fields=sorted(declared))
        key = header_key(header)
        if key not in keys:
            raise _invalid("imports.override_header_missing", f"ไม่พบคอลัมน์ “{header}” ในไฟล์", header=header)
        wanted[key] = target
    lookup = _LOOKUP[kind]
    fields: dict[str, int] = {}
    by_header: dict[str, str] = {}
    unknown: list[str] = []
    ignored: list[str] = []
    for index, (text, key) in enumerate(zip(texts, keys, strict=True)):
        if not key:
            continue  # an empty header cell: a column nobody named, nothing to report
        target = wanted.get(key) or lookup.get(key)
        if target is None:
            if key in _IGNORED_KEYS:
                ignored.append(text)
            else:
                unknown.append(text)
            continue
        if target == IGNORE:
            ignored.append(text)
            continue
        if target in fields:
            first = texts[fields[target]]
            raise _invalid("imports.duplicate_column",
                           f"คอลัมน์ “{first}” และ “{text}” เป็นข้อมูลเดียวกัน ({target}): ลบหรือระบุให้ข้ามคอลัมน์หนึ่ง",
                           field_name=target, columns=[first, text])
        fields[target] = index
        by_header[text] = target
    missing = _missing(kind, fields)
    if missing:
        raise _invalid("imports.missing_columns", "ไฟล์ไม่มีคอลัมน์ที่จำเป็น: " + ", ".join(missing),
                       missing=missing, unknown_columns=unknown)
    return ColumnMap(kind=kind, headers=texts, fields=fields, by_header=by_header, unknown=unknown, ignored=ignored)


def _missing(kind: ImportKind, fields: dict[str, int]) -> list[str]:
    names = "full_name" in fields or ("first_name" in fields and "last_name" in fields)
    out: list[str] = []
    if kind == ImportKind.group_members:
        if not names and "national_id" not in fields:
            out.append("national_id or full_name")
        return out
    if "national_id" not in fields:
        out.append("national_id")
    if not names:
        out.append("full_name or first_name + last_name")
    if kind == ImportKind.beneficiaries:
        out += [f for f in ("programme", "start_month") if f not in fields]
    return out


# --- cells --------------------------------------------------------------------------------------------


def text(value: Any) -> str | None:
    """A cell as text: None for empty; numbers without a spurious '.0'; spaces collapsed."""
    if type(value) is str:  # every CSV cell: tested first, it is called ~20 times a row
        return " ".join(value.split()) or None
    if value is None:
        return None
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, float):
        if not math.isfinite(value):
            return None
        value = int(value) if value.is_integer() else repr(value)
    if isinstance(value, datetime):
        value = value.date()
    out = " ".join(str(value).split())
    return out or None


def national_id(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    raw = text(value)
    if raw is None:
        raise CellError("national_id", "imports.required", "ไม่ได้ระบุเลขประจำตัวประชาชน")
    try:
        return validate_national_id(raw)
    except ThaiFormatError as exc:
        raise CellError("national_id", exc.code, exc.message) from None


# Titles in the order they must be tried (longest first), each with its canonical form; a
# Latin title needs a space or dot after it so that 'Missy' is not 'Miss' + 'y'.
_TITLES: tuple[tuple[str, str], ...] = tuple(sorted((
    ("นาย", "นาย"), ("นาง", "นาง"), ("นางสาว", "นางสาว"), ("น.ส.", "นางสาว"), ("นส.", "นางสาว"),
    ("เด็กชาย", "เด็กชาย"), ("ด.ช.", "เด็กชาย"), ("เด็กหญิง", "เด็กหญิง"), ("ด.ญ.", "เด็กหญิง"),
    ("ว่าที่ร้อยตรี", "ว่าที่ร้อยตรี"), ("ว่าที่ ร.ต.", "ว่าที่ร้อยตรี"),
), key=lambda t: len(t[0]), reverse=True))
_LATIN_TITLES: dict[str, str] = {"mr": "นาย", "mrs": "นาง", "miss": "นางสาว", "ms": "นางสาว"}
_CANONICAL_TITLE: dict[str, str] = {**{k: v for k, v in _TITLES}, "น.ส": "นางสาว", "นส": "นางสาว",
                                    "ด.ช": "เด็กชาย", "ดช": "เด็กชาย", "ด.ญ": "เด็กหญิง", "ดญ": "เด็กหญิง"}
SEX_OF_TITLE: dict[str, str] = {"นาย": "male", "เด็กชาย": "male", "นาง": "female", "นางสาว": "female",
                                "เด็กหญิง": "female"}


# The cells with few distinct values (titles, sexes, villages, banks …) are read once per
# distinct value: they repeat on every row of a large file. `typed`, so that 1, 1.0 and True
# stay apart; a value that raises is not kept and raises again.
_distinct = lru_cache(maxsize=4096, typed=True)


@_distinct
def title(value: Any) -> str | None:
    raw = text(value)
    if raw is None:
        return None
    key = raw.rstrip(".").casefold()
    return _LATIN_TITLES.get(key) or _CANONICAL_TITLE.get(raw) or _CANONICAL_TITLE.get(raw.rstrip(".")) or raw


def split_title(name: str) -> tuple[str | None, str]:
    """'นายสมชาย' → ('นาย', 'สมชาย'); a name without a known title comes back whole."""
    for typed, canonical in _TITLES:
        if name.startswith(typed) and len(name) > len(typed):
            return canonical, name[len(typed):].strip()
    head, _, rest = name.partition(" ")
    latin = _LATIN_TITLES.get(head.rstrip(".").casefold())
    if latin and rest:
        return latin, rest.strip()
    return None, name


def full_name(value: Any) -> tuple[str | None, str, str]:
    """'นางสมหญิง ใจดี' → ('นาง', 'สมหญิง', 'ใจดี'): the first word is the first name, the rest
    the last name."""
    raw = text(value)
    if raw is None:
        raise CellError("full_name", "imports.required", "ไม่ได้ระบุชื่อ-สกุล")
    found, rest = split_title(raw)
    first, _, last = rest.partition(" ")
    if not first or not last.strip():
        raise CellError("full_name", "imports.full_name_parts", f"อ่านชื่อและนามสกุลจาก “{raw}” ไม่ได้: "
                        "เว้นวรรคระหว่างชื่อกับนามสกุล")
    return found, first, last.strip()


@lru_cache(maxsize=65536)
def _date_text(raw: str) -> PartialDate:
    return parse_thai_date(raw)


# A date cell whose year is at least this was typed in Buddhist Era into an Excel set to
# Common Era (Excel took 12/05/2495 as the year 2495); no record here is dated after 2400 CE.
_BE_IN_A_DATE_CELL = 2400


def partial_date(value: Any, field_name: str) -> PartialDate | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    try:
        if isinstance(value, datetime):
            value = value.date()
        if isinstance(value, date):
            if value.year >= _BE_IN_A_DATE_CELL:
                return PartialDate(value.year - 543, value.month, value.day)
            return PartialDate.from_date(value)
        if isinstance(value, str):
            return _date_text(value.strip())
        return parse_thai_date(value)
    except ThaiFormatError as exc:
        raise CellError(field_name, exc.code, exc.message) from None


_SEXES: dict[str, str] = {
    "ชาย": "male", "ช": "male", "male": "male", "m": "male", "ผู้ชาย": "male", "1": "male",
    "หญิง": "female", "ญ": "female", "female": "female", "f": "female", "ผู้หญิง": "female", "2": "female",
    "อื่นๆ": "other", "อื่น": "other", "other": "other",
}


@_distinct
def sex(value: Any) -> str | None:
    raw = text(value)
    if raw is None:
        return None
    found = _SEXES.get(raw.replace(" ", "").casefold())
    if found is None:
        raise CellError("sex", "imports.sex_unknown", f"อ่านเพศ “{raw}” ไม่ได้: ใช้ ชาย หรือ หญิง")
    return found


@_distinct
def nationality(value: Any) -> str | None:
    raw = text(value)
    if raw is None:
        return None
    if raw in {"ไทย", "Thai", "thai", "THAI"}:
        return "THA"
    if re.fullmatch(r"[A-Za-z]{3}", raw):
        return raw.upper()
    raise CellError("nationality", "imports.nationality_unknown",
                    f"อ่านสัญชาติ “{raw}” ไม่ได้: ใช้ ไทย หรือรหัสประเทศ 3 ตัวอักษร (THA)")


_VILLAGE_PREFIX = re.compile(r"^(?:หมู่ที่|หมู่บ้านที่|หมู่|ม\.|moo|village)\s*", re.IGNORECASE)


@_distinct
def village(value: Any) -> tuple[str, Any] | None:
    """A village reference: ('number', 3), ('dopa', '36060603') or ('id', UUID)."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    raw = text(value)
    if raw is None:
        return None
    digits = _VILLAGE_PREFIX.sub("", arabic_digits(raw)).strip()
    if digits.isdigit():
        if len(digits) == 8:
            return ("dopa", digits)
        if len(digits) <= 3:
            return ("number", int(digits))
    try:
        return ("id", uuid.UUID(raw))
    except ValueError:
        pass
    raise CellError("village", "imports.village_unreadable",
                    f"อ่านหมู่ที่ “{raw}” ไม่ได้: ใช้เลขหมู่ (3) หรือรหัสหมู่บ้าน 8 หลักของกรมการปกครอง")


def phone(value: Any) -> str | None:
    numeric = isinstance(value, (int, float)) and not isinstance(value, bool)
    raw = text(value)
    if raw is None:
        return None
    raw = arabic_digits(raw)
    # Excel keeps a phone typed into a number cell as a number and drops its leading 0.
    if numeric and raw.isdigit() and len(raw) in (8, 9):
        raw = "0" + raw
    return raw


_BANK_ALIASES: dict[str, str] = {
    **{header_key(name): code for code, name in BANK_NAMES_TH.items()},
    **{header_key(name.removeprefix("ธนาคาร")): code for code, name in BANK_NAMES_TH.items()},
    "ktb": "006", "ธกส": "034", "baac": "034", "ออมสิน": "030", "gsb": "030", "กสิกร": "004", "kbank": "004",
    "scb": "014", "bbl": "002", "ttb": "011", "ธอส": "033", "ghb": "033", "กรุงศรี": "025", "bay": "025",
}


@_distinct
def bank_code(value: Any) -> str | None:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int):
        value = f"{value:03d}"
    raw = text(value)
    if raw is None:
        return None
    digits = arabic_digits(raw)
    if digits.isdigit() and len(digits) <= 3:
        return digits.zfill(3)
    found = _BANK_ALIASES.get(header_key(raw))
    if found is None:
        raise CellError("bank_code", "imports.bank_unknown",
                        f"ไม่รู้จักธนาคาร “{raw}”: ใช้รหัสธนาคาร 3 หลัก เช่น 006 (กรุงไทย)")
    return found


def account_no(value: Any) -> str | None:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    raw = text(value)
    if raw is None:
        return None
    digits = arabic_digits(raw).replace(" ", "").replace("-", "")
    if not (digits.isascii() and digits.isdigit() and 10 <= len(digits) <= 15):
        raise CellError("account_no", "citizens.account_no_invalid", "เลขที่บัญชีต้องเป็นตัวเลข 10-15 หลัก")
    return digits


_MONEY_NOISE = re.compile(r"[,\s฿]|บาท$")


def money(value: Any, field_name: str) -> Decimal | None:
    if value is None or isinstance(value, bool):
        return None
    try:
        if isinstance(value, float):
            amount = Decimal(repr(value))
        elif isinstance(value, int):
            amount = Decimal(value)
        else:
            raw = text(value)
            if raw is None:
                return None
            amount = Decimal(_MONEY_NOISE.sub("", arabic_digits(raw)))
    except InvalidOperation:
        raise CellError(field_name, "money.invalid", f"อ่านจำนวนเงิน “{value}” ไม่ได้") from None
    if not amount.is_finite() or amount < 0 or amount != amount.quantize(Decimal("0.01")):
        raise CellError(field_name, "money.invalid", f"จำนวนเงิน “{value}” ไม่ถูกต้อง (บาท ทศนิยมไม่เกิน 2 ตำแหน่ง)")
    return amount.quantize(Decimal("0.01"))


_PROGRAMMES: dict[str, str] = {
    header_key(k): v for k, v in {
        "elderly": "elderly", "ผู้สูงอายุ": "elderly", "เบี้ยยังชีพผู้สูงอายุ": "elderly", "สูงอายุ": "elderly",
        "เบี้ยผู้สูงอายุ": "elderly",
        "disability": "disability", "คนพิการ": "disability", "ผู้พิการ": "disability", "พิการ": "disability",
        "เบี้ยความพิการ": "disability", "เบี้ยคนพิการ": "disability",
        "hiv": "hiv", "เอดส์": "hiv", "ผู้ป่วยเอดส์": "hiv", "เบี้ยยังชีพผู้ป่วยเอดส์": "hiv", "aids": "hiv",
        "hiv/aids": "hiv",
    }.items()
}


@_distinct
def programme(value: Any) -> str:
    raw = text(value)
    if raw is None:
        raise CellError("programme", "imports.required", "ไม่ได้ระบุประเภทเบี้ย")
    found = _PROGRAMMES.get(header_key(raw))
    if found is None:
        raise CellError("programme", "imports.programme_unknown",
                        f"ไม่รู้จักประเภทเบี้ย “{raw}”: ใช้ ผู้สูงอายุ คนพิการ หรือ ผู้ป่วยเอดส์")
    return found


_STATUSES: dict[str, str] = {
    header_key(k): v for k, v in {
        "active": "active", "รับเงิน": "active", "ปกติ": "active", "รับเบี้ย": "active", "มีสิทธิ": "active",
        "อนุมัติ": "active", "จ่าย": "active",
        "suspended": "suspended", "ระงับ": "suspended", "ระงับการจ่าย": "suspended", "พักการจ่าย": "suspended",
    }.items()
}


@_distinct
def status(value: Any) -> str:
    raw = text(value)
    if raw is None:
        return "active"
    found = _STATUSES.get(header_key(raw))
    if found is None:
        raise CellError("status", "imports.status_unknown",
                        f"ไม่รู้จักสถานะ “{raw}”: ใช้ รับเงิน หรือ ระงับ (การสิ้นสุดสิทธิบันทึกผ่านขั้นตอนของทะเบียน)")
    return found


_PAYMENT: dict[str, str] = {header_key(k): v for k, v in {
    "bank": "bank", "โอน": "bank", "โอนเข้าบัญชี": "bank", "บัญชี": "bank", "ธนาคาร": "bank",
    "cash": "cash", "เงินสด": "cash", "รับเงินสด": "cash"}.items()}


@_distinct
def payment_method(value: Any) -> str | None:
    raw = text(value)
    if raw is None:
        return None
    found = _PAYMENT.get(header_key(raw))
    if found is None:
        raise CellError("payment_method", "imports.payment_method_unknown",
                        f"ไม่รู้จักวิธีรับเงิน “{raw}”: ใช้ โอนเข้าบัญชี หรือ เงินสด")
    return found


def header_score(kind: ImportKind, cells: Sequence[Any]) -> int:
    """How many cells of a row are headers this kind knows: the header row is the first row
    with at least two (files from the national database start with title lines)."""
    lookup = _LOOKUP[kind]
    return sum(1 for v in cells if isinstance(v, str) and ((key := header_key(v)) in lookup or key in _IGNORED_KEYS))


def label(kind: ImportKind, field_name: str) -> str:
    for col in DECLARED[kind]:
        if col.field == field_name:
            return col.header_th
    return field_name
