from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from chumchon.citizens.models import (
    BankAccount,
    BankAccountKind,
    BirthPrecision,
    Citizen,
    HouseholdMember,
    Relationship,
    Sex,
)
from chumchon.core.thai import PartialDate, age_on, format_thai_date, mask_national_id

CitizenStatus = Literal["active", "deceased", "moved_out"]

SEX_LABELS_TH = {Sex.male: "ชาย", Sex.female: "หญิง", Sex.other: "อื่น ๆ"}
STATUS_LABELS_TH = {"active": "อยู่ในพื้นที่", "deceased": "เสียชีวิต", "moved_out": "ย้ายออกนอกพื้นที่"}
RELATIONSHIP_LABELS_TH = {
    Relationship.head: "เจ้าบ้าน",
    Relationship.spouse: "คู่สมรส",
    Relationship.child: "บุตร",
    Relationship.parent: "บิดา/มารดา",
    Relationship.relative: "ญาติ",
    Relationship.other: "ผู้อาศัย",
}
BANK_ACCOUNT_KIND_LABELS_TH = {BankAccountKind.bank: "บัญชีธนาคาร", BankAccountKind.promptpay: "พร้อมเพย์"}
# Thai Bankers' Association three-digit codes of the banks people are usually paid into.
# An unknown code is accepted (the list is for labels only) and shows no name.
BANK_NAMES_TH = {
    "002": "ธนาคารกรุงเทพ",
    "004": "ธนาคารกสิกรไทย",
    "006": "ธนาคารกรุงไทย",
    "011": "ธนาคารทหารไทยธนชาต",
    "014": "ธนาคารไทยพาณิชย์",
    "022": "ธนาคารซีไอเอ็มบี ไทย",
    "024": "ธนาคารยูโอบี",
    "025": "ธนาคารกรุงศรีอยุธยา",
    "030": "ธนาคารออมสิน",
    "033": "ธนาคารอาคารสงเคราะห์",
    "034": "ธนาคารเพื่อการเกษตรและสหกรณ์การเกษตร",
    "066": "ธนาคารอิสลามแห่งประเทศไทย",
    "067": "ธนาคารทิสโก้",
    "069": "ธนาคารเกียรตินาคินภัทร",
    "073": "ธนาคารแลนด์ แอนด์ เฮ้าส์",
}

_NATIONAL_ID_DESCRIPTION = (
    "The 13-digit national ID (เลขประจำตัวประชาชน). Dashes, spaces and Thai digits are accepted; "
    "the check digit is verified and a wrong one is answered with 422 `national_id.check_digit`, "
    "naming the digit."
)
_BIRTH_DATE_DESCRIPTION = (
    "ISO date of birth (Common Era). When only the year or the month is known, send the "
    "1st of January / the 1st of the month (or any day: the unknown parts are dropped) with "
    "`birth_precision` `year` or `month`; ages are computed from 1 January / day 1, as the "
    "allowance regulations do."
)
_PHONE = r"^\+?[0-9][0-9\- ]{7,18}$"
_NON_NULL_ON_UPDATE = frozenset({"national_id", "title", "first_name", "last_name", "sex", "nationality",
                                 "birth_precision"})


class CitizenCreate(BaseModel):
    """A person to register. One registration per national ID per organisation."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, json_schema_extra={"examples": [{
        "national_id": "1-1037-02071-83-8", "title": "นาง", "first_name": "สมหญิง", "last_name": "ใจดี",
        "first_name_en": "Somying", "last_name_en": "Jaidee", "birth_date": "1952-01-01",
        "birth_precision": "year", "sex": "female", "house_number": "12/3",
        "house_registration_no": "36060012345", "phone": "081-234-5678"}]})

    national_id: str = Field(..., min_length=1, max_length=40, description=_NATIONAL_ID_DESCRIPTION,
                             examples=["1-1037-02071-83-8"])
    title: str = Field(..., min_length=1, max_length=40, description="คำนำหน้านาม",
                       examples=["นาย", "นาง", "นางสาว", "เด็กชาย", "เด็กหญิง"])
    first_name: str = Field(..., min_length=1, max_length=100, description="ชื่อ (Thai)", examples=["สมหญิง"])
    last_name: str = Field(..., min_length=1, max_length=100, description="นามสกุล (Thai)", examples=["ใจดี"])
    first_name_en: str | None = Field(None, max_length=100, description="First name in Latin letters, if known",
                                      examples=["Somying"])
    last_name_en: str | None = Field(None, max_length=100, description="Last name in Latin letters, if known",
                                     examples=["Jaidee"])
    birth_date: date | None = Field(None, description=_BIRTH_DATE_DESCRIPTION, examples=["1952-05-12"])
    birth_precision: BirthPrecision = Field(BirthPrecision.day, description="How much of `birth_date` is known")
    sex: Sex = Field(..., description="เพศ")
    nationality: str = Field("THA", pattern=r"^[A-Z]{3}$", description="ISO 3166-1 alpha-3 nationality",
                             examples=["THA"])
    village_id: uuid.UUID | None = Field(None, description="หมู่ที่ of the organisation the person lives in")
    house_number: str | None = Field(None, max_length=20, description="บ้านเลขที่", examples=["12/3"])
    house_registration_no: str | None = Field(None, pattern=r"^\d{11}$",
                                              description="รหัสประจำบ้าน: the 11-digit house code",
                                              examples=["36060012345"])
    address_extra: str | None = Field(None, max_length=200, description="ซอย / ถนน", examples=["ซอย 2 ถนนสุขาภิบาล"])
    phone: str | None = Field(None, pattern=_PHONE, description="Phone number", examples=["081-234-5678"])


class CitizenUpdate(BaseModel):
    """Corrections to a person's record. Death and moving away are their own actions."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    national_id: str | None = Field(None, min_length=1, max_length=40,
                                    description="A corrected national ID. " + _NATIONAL_ID_DESCRIPTION)
    title: str | None = Field(None, min_length=1, max_length=40)
    first_name: str | None = Field(None, min_length=1, max_length=100)
    last_name: str | None = Field(None, min_length=1, max_length=100)
    first_name_en: str | None = Field(None, max_length=100)
    last_name_en: str | None = Field(None, max_length=100)
    birth_date: date | None = Field(None, description=_BIRTH_DATE_DESCRIPTION)
    birth_precision: BirthPrecision | None = None
    sex: Sex | None = None
    nationality: str | None = Field(None, pattern=r"^[A-Z]{3}$")
    village_id: uuid.UUID | None = None
    house_number: str | None = Field(None, max_length=20)
    house_registration_no: str | None = Field(None, pattern=r"^\d{11}$")
    address_extra: str | None = Field(None, max_length=200)
    phone: str | None = Field(None, pattern=_PHONE)

    @model_validator(mode="after")
    def _required_stay_set(self) -> CitizenUpdate:
        cleared = sorted(k for k in self.model_fields_set & _NON_NULL_ON_UPDATE if getattr(self, k) is None)
        if cleared:
            raise ValueError(f"these fields cannot be emptied: {', '.join(cleared)}")
        return self


def _status(c: Citizen) -> CitizenStatus:
    if c.death_date is not None:
        return "deceased"
    if c.moved_out_on is not None:
        return "moved_out"
    return "active"


def _birth(c: Citizen) -> PartialDate | None:
    if c.birth_date is None:
        return None
    if c.birth_precision == BirthPrecision.year:
        return PartialDate(c.birth_date.year)
    if c.birth_precision == BirthPrecision.month:
        return PartialDate(c.birth_date.year, c.birth_date.month)
    return PartialDate.from_date(c.birth_date)


class CitizenRead(BaseModel):
    """A person as lists and forms show them: the national ID masked."""

    id: uuid.UUID
    national_id_masked: str = Field(..., description="The ID with the personal digits hidden; the whole ID "
                                    "is at GET /citizens/{citizen_id}/national-id", examples=["1-1037-xxxxx-xx-8"])
    title: str
    first_name: str
    last_name: str
    full_name_th: str = Field(..., examples=["นางสมหญิง ใจดี"])
    first_name_en: str | None
    last_name_en: str | None
    birth_date: date | None
    birth_precision: BirthPrecision
    birth_date_th: str | None = Field(None, description="Birth date in Thai (BE), only the parts known",
                                      examples=["พ.ศ. 2495", "12 พ.ค. 2495"])
    age: int | None = Field(None, description="Completed years today (or at death); year-only and month-only "
                            "birth dates count from 1 January / day 1")
    sex: Sex
    sex_label_th: str
    nationality: str
    village_id: uuid.UUID | None
    house_number: str | None
    house_registration_no: str | None
    address_extra: str | None
    phone: str | None
    death_date: date | None
    moved_out_on: date | None
    status: CitizenStatus
    status_label_th: str
    version: int
    created_at: datetime
    updated_at: datetime

    @classmethod
    def of(cls, c: Citizen, today: date) -> CitizenRead:
        birth = _birth(c)
        age = None
        if birth is not None:
            on = min(today, c.death_date) if c.death_date else today
            age = age_on(birth.as_date(), on) if on >= birth.as_date() else None
        status = _status(c)
        return cls(
            id=c.id, national_id_masked=mask_national_id(c.national_id), title=c.title, first_name=c.first_name,
            last_name=c.last_name, full_name_th=f"{c.title}{c.first_name} {c.last_name}",
            first_name_en=c.first_name_en, last_name_en=c.last_name_en, birth_date=c.birth_date,
            birth_precision=BirthPrecision(c.birth_precision),
            birth_date_th=format_thai_date(birth, "official") if birth else None, age=age, sex=Sex(c.sex),
            sex_label_th=SEX_LABELS_TH[Sex(c.sex)], nationality=c.nationality, village_id=c.village_id,
            house_number=c.house_number, house_registration_no=c.house_registration_no,
            address_extra=c.address_extra, phone=c.phone, death_date=c.death_date, moved_out_on=c.moved_out_on,
            status=status, status_label_th=STATUS_LABELS_TH[status], version=c.version, created_at=c.created_at,
            updated_at=c.updated_at,
        )


class NationalIdRead(BaseModel):
    """The whole national ID. Reading it needs `citizens:read_id` and is written to the audit log."""

    citizen_id: uuid.UUID
    national_id: str = Field(..., examples=["1103702071838"])
    national_id_formatted: str = Field(..., examples=["1-1037-02071-83-8"])


class DeathRecord(BaseModel):
    """Record a death (it cannot be typed into PATCH): allowances end from this."""

    model_config = ConfigDict(extra="forbid")
    death_date: date = Field(..., description="Date of death, ISO", examples=["2025-03-14"])
    note: str = Field(..., min_length=1, max_length=500, description="The evidence: death certificate "
                      "(มรณบัตร) number, DOPA notice, who reported it", examples=["มรณบัตรเลขที่ 123/2568"])


class MoveOutRecord(BaseModel):
    """Record that the person left the organisation's area (ย้ายออก)."""

    model_config = ConfigDict(extra="forbid")
    moved_out_on: date = Field(..., description="Date the move was registered, ISO", examples=["2025-06-01"])
    note: str = Field(..., min_length=1, max_length=500, description="The evidence and where to: "
                      "house registration move-out notice (ใบแจ้งย้าย), new district",
                      examples=["ใบแจ้งย้ายที่อยู่ ไป อ.เมือง จ.ขอนแก่น"])


# --- bank accounts ---------------------------------------------------------------------------


class BankAccountCreate(BaseModel):
    """A bank account (bank code, account number and name) or a PromptPay national ID."""

    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [
        {"kind": "bank", "bank_code": "006", "branch": "จัตุรัส", "account_no": "123-4-56789-0",
         "account_name": "นางสมหญิง ใจดี"},
        {"kind": "promptpay", "account_name": "นางสมหญิง ใจดี"},
    ]})

    kind: BankAccountKind
    bank_code: str | None = Field(None, pattern=r"^\d{3}$", description="Three-digit bank code; '006' is "
                                  "Krungthai. Required for a bank account", examples=["006"])
    branch: str | None = Field(None, max_length=100, description="สาขา", examples=["จัตุรัส"])
    account_no: str | None = Field(None, max_length=30, description="Account number; dashes and spaces are "
                                   "dropped, 10 to 15 digits remain. Required for a bank account",
                                   examples=["123-4-56789-0"])
    account_name: str = Field(..., min_length=1, max_length=200, description="ชื่อบัญชี as in the bank book",
                              examples=["นางสมหญิง ใจดี"])
    promptpay_id: str | None = Field(None, max_length=40, description="PromptPay national ID; the person's own "
                                     "when left out", examples=["1-1037-02071-83-8"])
    is_primary: bool | None = Field(None, description="Where payments go. Left out: primary only when the person "
                                    "has no open primary account. True: the former primary stops being primary")
    valid_from: date | None = Field(None, description="First day the account may be used; today when left out")

    @model_validator(mode="after")
    def _fields_of_kind(self) -> BankAccountCreate:
        if self.kind == BankAccountKind.bank:
            missing = [k for k in ("bank_code", "account_no") if getattr(self, k) is None]
            if missing:
                raise ValueError(f"a bank account needs {' and '.join(missing)}")
            if self.promptpay_id is not None:
                raise ValueError("promptpay_id is for kind 'promptpay' only")
        else:
            extra = [k for k in ("bank_code", "branch", "account_no") if getattr(self, k) is not None]
            if extra:
                raise ValueError(f"a PromptPay account has no {', '.join(extra)}")
        return self


class BankAccountEnd(BaseModel):
    model_config = ConfigDict(extra="forbid")
    ended_on: date = Field(..., description="Last day the account may be used", examples=["2025-06-30"])


class BankAccountRead(BaseModel):
    id: uuid.UUID
    citizen_id: uuid.UUID
    kind: BankAccountKind
    kind_label_th: str
    bank_code: str | None
    bank_name_th: str | None
    branch: str | None
    account_no: str | None
    account_name: str
    promptpay_id_masked: str | None = Field(None, description="The PromptPay national ID, masked")
    is_primary: bool
    valid_from: date
    ended_on: date | None
    is_open: bool
    version: int

    @classmethod
    def of(cls, a: BankAccount) -> BankAccountRead:
        kind = BankAccountKind(a.kind)
        return cls(
            id=a.id, citizen_id=a.citizen_id, kind=kind, kind_label_th=BANK_ACCOUNT_KIND_LABELS_TH[kind],
            bank_code=a.bank_code, bank_name_th=BANK_NAMES_TH.get(a.bank_code or ""), branch=a.branch,
            account_no=a.account_no, account_name=a.account_name,
            promptpay_id_masked=mask_national_id(a.promptpay_id) if a.promptpay_id else None,
            is_primary=a.is_primary, valid_from=a.valid_from, ended_on=a.ended_on, is_open=a.ended_on is None,
            version=a.version,
        )


# --- households ------------------------------------------------------------------------------


class HouseholdCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")
    house_number: str = Field(..., min_length=1, max_length=20, description="บ้านเลขที่", examples=["12/3"])
    village_id: uuid.UUID | None = Field(None, description="หมู่ที่")
    house_registration_no: str | None = Field(None, pattern=r"^\d{11}$", description="รหัสประจำบ้าน (11 digits)",
                                              examples=["36060012345"])


class HouseholdUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid")
    house_number: str | None = Field(None, min_length=1, max_length=20)
    village_id: uuid.UUID | None = None
    house_registration_no: str | None = Field(None, pattern=r"^\d{11}$")

    @model_validator(mode="after")
    def _house_number_stays(self) -> HouseholdUpdate:
        if "house_number" in self.model_fields_set and self.house_number is None:
            raise ValueError("house_number cannot be emptied")
        return self


class HouseholdRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)
    id: uuid.UUID
    house_number: str
    village_id: uuid.UUID | None
    house_registration_no: str | None
    version: int


class HouseholdMemberCreate(BaseModel):
    """Add a person to the household. A person is in at most one household at a time."""

    model_config = ConfigDict(extra="forbid")
    citizen_id: uuid.UUID
    relationship: Relationship = Field(..., description="Relationship to the head (ความเกี่ยวพันกับเจ้าบ้าน); "
                                       "a household has one head at a time")
    joined_on: date = Field(..., description="Date the person joined (moved into) this household",
                            examples=["2024-10-01"])
    transfer: bool = Field(False, description="If the person is in another household now, close that "
                           "membership on `joined_on` instead of refusing (409 households.already_member)")


class HouseholdMemberLeave(BaseModel):
    model_config = ConfigDict(extra="forbid")
    left_on: date = Field(..., description="Date the person left the household", examples=["2025-06-30"])


class HouseholdMemberRead(BaseModel):
    id: uuid.UUID
    household_id: uuid.UUID
    citizen_id: uuid.UUID
    citizen_name_th: str
    national_id_masked: str
    relationship: Relationship
    relationship_label_th: str
    joined_on: date
    left_on: date | None
    is_current: bool
    version: int

    @classmethod
    def of(cls, m: HouseholdMember, c: Citizen) -> HouseholdMemberRead:
        rel = Relationship(m.relationship)
        return cls(
            id=m.id, household_id=m.household_id, citizen_id=m.citizen_id,
            citizen_name_th=f"{c.title}{c.first_name} {c.last_name}", national_id_masked=mask_national_id(c.national_id),
            relationship=rel, relationship_label_th=RELATIONSHIP_LABELS_TH[rel], joined_on=m.joined_on,
            left_on=m.left_on, is_current=m.left_on is None, version=m.version,
        )


class HouseholdDetail(HouseholdRead):
    members: list[HouseholdMemberRead] = Field(..., description="The members now (history at .../members)")


# --- timeline --------------------------------------------------------------------------------


class TimelineEntryRead(BaseModel):
    """One change that touched the person: an audit entry or a step of a process."""

    at: datetime
    source: str = Field(..., description="Where the entry comes from: `audit`, `workflow`, or a source "
                        "another domain registered", examples=["audit", "workflow"])
    action: str = Field(..., description="The business action or step", examples=["citizen.record_death"])
    entity: str = Field(..., description="The table or process subject it belongs to",
                        examples=["citizens", "citizen_bank_accounts"])
    entity_id: str | None
    actor_name: str
    actor_kind: str
    before: dict[str, Any] | None = Field(None, description="Values before the change (national IDs masked)")
    after: dict[str, Any] | None = Field(None, description="Values after the change (national IDs masked)")
    process: str | None = None
    from_state: str | None = None
    to_state: str | None = None
    note: str | None = None
