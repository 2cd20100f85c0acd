"""The three living-allowance programmes and the date rules they share, as pure functions.

What the state changes (rates, registration windows) is data in tables; what an
organisation chooses (who pays, when a higher age band starts) is a setting row. What is
here is what the regulations fix and what the computation needs to be consistent: which
documents each programme asks for, how an age is counted, and month arithmetic.

How an age is counted (rules.md §1). A person "reaches" 60 on the day before the 60th
anniversary of the birth (the Civil and Commercial Code counts a period of years from the
day of birth, so it ends at the end of the day before). That is why the elderly cohort for
fiscal year N is "born before 2 September of N − 60": someone born on 1 September reaches
60 on 31 August and is paid from September, inside year N; someone born on 2 September
reaches 60 on 1 September and is paid from October, the next year. Payment starts the
month after the age is reached, so the age that counts for month M is exactly the
ordinary anniversary age on the 1st of M. Every computation here and in the payroll SQL
uses that one rule: `age_on(birth, first day of the month)`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from typing import Final

from chumchon.core.thai import PartialDate, age_on, fiscal_year_bounds, fiscal_year_of, format_thai_date


class ProgrammeCode(StrEnum):
    elderly = "elderly"        # เบี้ยยังชีพผู้สูงอายุ
    disability = "disability"  # เบี้ยความพิการ
    hiv = "hiv"                # เบี้ยยังชีพผู้ป่วยเอดส์


class RegistrationKind(StrEnum):
    """Since the 2566 (2023) regulation people reaching 60 confirm their right instead of
    registering (rules.md §1); both flows are kept, old records and many LAOs use the first."""

    registration = "registration"  # ลงทะเบียน
    confirmation = "confirmation"  # ยืนยันสิทธิ


class DocumentKind(StrEnum):
    id_card = "id_card"                            # สำเนาบัตรประจำตัวประชาชน
    house_registration = "house_registration"      # สำเนาทะเบียนบ้าน
    bank_book = "bank_book"                        # สำเนาหน้าสมุดบัญชีเงินฝาก
    confirmation_form = "confirmation_form"        # แบบยืนยันสิทธิ
    disability_card = "disability_card"            # สำเนาบัตรประจำตัวคนพิการ
    medical_certificate = "medical_certificate"    # ใบรับรองแพทย์
    power_of_attorney = "power_of_attorney"        # หนังสือมอบอำนาจ


class Payer(StrEnum):
    cgd = "cgd"  # กรมบัญชีกลาง จ่ายตรงเข้าบัญชี (since January 2020)
    lao = "lao"  # the organisation pays itself (cash or bank transfer)


class BandStart(StrEnum):
    next_month = "next_month"              # the month after the age is reached (FY2567 on, verify)
    next_fiscal_year = "next_fiscal_year"  # from the October after the age is reached (older rule)


class MovePaidThrough(StrEnum):
    fiscal_year_end = "fiscal_year_end"  # the old LAO pays to the end of September (earlier rules)
    month_of_move = "month_of_move"


class StartRule(StrEnum):
    elderly_cohort = "elderly_cohort"                      # max(October of the FY, month after 60)
    month_after_registration = "month_after_registration"  # disability, HIV


class EndReason(StrEnum):
    died = "died"
    moved_away = "moved_away"
    waived = "waived"
    no_longer_eligible = "no_longer_eligible"


class OtherWelfare(StrEnum):
    """State welfare that excludes the elderly allowance (rules.md §1, "eligibility in use")."""

    pension = "pension"                    # บำนาญ
    special_pension = "special_pension"    # เบี้ยหวัด บำนาญพิเศษ
    state_care_home = "state_care_home"    # อยู่ในสถานสงเคราะห์ของรัฐ
    state_salary = "state_salary"          # เงินเดือน ค่าตอบแทน รายได้ประจำจากรัฐ


@dataclass(frozen=True)
class Programme:
    code: ProgrammeCode
    label_th: str
    label_en: str
    regulation_th: str
    start_rule: StartRule
    min_age: int | None
    needs_card: bool
    needs_medical_certificate: bool
    sensitive: bool
    # What must be ticked before the request is recorded, by kind of request.
    documents: dict[RegistrationKind, tuple[DocumentKind, ...]]
    # What the request form and the API may take besides.
    optional_documents: tuple[DocumentKind, ...] = (DocumentKind.power_of_attorney,)


PROGRAMMES: Final[dict[ProgrammeCode, Programme]] = {
    ProgrammeCode.elderly: Programme(
        code=ProgrammeCode.elderly, label_th="เบี้ยยังชีพผู้สูงอายุ", label_en="Elderly living allowance",
        regulation_th="ระเบียบกระทรวงมหาดไทยว่าด้วยหลักเกณฑ์การจ่ายเงินเบี้ยยังชีพผู้สูงอายุ"
                      "ขององค์กรปกครองส่วนท้องถิ่น "
                      "พ.ศ. 2566",
        start_rule=StartRule.elderly_cohort, min_age=60, needs_card=False, needs_medical_certificate=False,
        sensitive=False,
        documents={
            RegistrationKind.registration: (DocumentKind.id_card, DocumentKind.house_registration,
                                            DocumentKind.bank_book),
            # Under 2566 the LAO reads the civil registry itself (clause 7).
            RegistrationKind.confirmation: (DocumentKind.confirmation_form, DocumentKind.bank_book),
        },
        optional_documents=(DocumentKind.power_of_attorney, DocumentKind.id_card, DocumentKind.house_registration),
    ),
    ProgrammeCode.disability: Programme(
        code=ProgrammeCode.disability, label_th="เบี้ยความพิการ", label_en="Disability allowance",
        regulation_th="ระเบียบกระทรวงมหาดไทยว่าด้วยหลักเกณฑ์การจ่ายเงินเบี้ยความพิการให้คนพิการ"
                      "ขององค์กรปกครองส่วนท้องถิ่น "
                      "พ.ศ. 2553",
        start_rule=StartRule.month_after_registration, min_age=None, needs_card=True,
        needs_medical_certificate=False, sensitive=False,
        documents={RegistrationKind.registration: (DocumentKind.id_card, DocumentKind.house_registration,
                                                   DocumentKind.bank_book, DocumentKind.disability_card)},
    ),
    ProgrammeCode.hiv: Programme(
        code=ProgrammeCode.hiv, label_th="เบี้ยยังชีพผู้ป่วยเอดส์",
        label_en="Living allowance for people with HIV/AIDS",
        regulation_th="ระเบียบกระทรวงมหาดไทยว่าด้วยการจ่ายเงินสงเคราะห์เพื่อการยังชีพ"
                      "ขององค์กรปกครองส่วนท้องถิ่น พ.ศ. 2548",
        start_rule=StartRule.month_after_registration, min_age=None, needs_card=False,
        needs_medical_certificate=True, sensitive=True,
        documents={RegistrationKind.registration: (DocumentKind.id_card, DocumentKind.house_registration,
                                                   DocumentKind.bank_book, DocumentKind.medical_certificate)},
    ),
}

# Health data (PDPA s.26, National Health Act s.7): readable only with sensitive:read.
SENSITIVE: Final = frozenset(code.value for code, p in PROGRAMMES.items() if p.sensitive)

DOCUMENT_LABELS_TH: Final = {
    DocumentKind.id_card: "สำเนาบัตรประจำตัวประชาชน",
    DocumentKind.house_registration: "สำเนาทะเบียนบ้าน",
    DocumentKind.bank_book: "สำเนาหน้าสมุดบัญชีเงินฝากธนาคาร",
    DocumentKind.confirmation_form: "แบบยืนยันสิทธิรับเงินเบี้ยยังชีพผู้สูงอายุ",
    DocumentKind.disability_card: "สำเนาบัตรประจำตัวคนพิการ",
    DocumentKind.medical_certificate: "ใบรับรองแพทย์",
    DocumentKind.power_of_attorney: "หนังสือมอบอำนาจ (กรณียื่นแทน)",
}
KIND_LABELS_TH: Final = {RegistrationKind.registration: "ลงทะเบียน", RegistrationKind.confirmation: "ยืนยันสิทธิ"}
END_REASON_LABELS_TH: Final = {
    EndReason.died: "ถึงแก่กรรม",
    EndReason.moved_away: "ย้ายภูมิลำเนาออกนอกเขต",
    EndReason.waived: "แจ้งสละสิทธิเป็นหนังสือ",
    EndReason.no_longer_eligible: "ขาดคุณสมบัติ",
}
PAYER_LABELS_TH: Final = {
    Payer.cgd: "กรมบัญชีกลางจ่ายตรงเข้าบัญชีผู้มีสิทธิ",
    Payer.lao: "องค์กรปกครองส่วนท้องถิ่นจ่ายเอง",
}


@dataclass(frozen=True)
class SettingDefaults:
    payer: Payer
    band_start: BandStart
    death_month_paid: bool
    move_paid_through: MovePaidThrough
    back_pay_months: int


# The organisation may change any of these (allowance settings); they are the defaults
# until it does. Whether the month of death is paid is not settled in the sources
# (rules.md §1, "verify"); paying it is the reading that never reclaims from the family.
DEFAULT_SETTINGS: Final[dict[ProgrammeCode, SettingDefaults]] = {
    ProgrammeCode.elderly: SettingDefaults(Payer.cgd, BandStart.next_month, True, MovePaidThrough.fiscal_year_end, 12),
    ProgrammeCode.disability: SettingDefaults(Payer.cgd, BandStart.next_month, True, MovePaidThrough.month_of_move,
                                              12),
    ProgrammeCode.hiv: SettingDefaults(Payer.lao, BandStart.next_month, True, MovePaidThrough.month_of_move, 12),
}


def programme(code: str) -> Programme:
    return PROGRAMMES[ProgrammeCode(code)]


# --- months ------------------------------------------------------------------------------------


def month_start(day: date) -> date:
    return day.replace(day=1)


def add_months(month: date, n: int) -> date:
    index = month.year * 12 + month.month - 1 + n
    return date(index // 12, index % 12 + 1, 1)


def months_between(first: date, last: date) -> list[date]:
    """The first days of every month from `first` to `last`, both included."""
    out: list[date] = []
    m = month_start(first)
    while m <= last:
        out.append(m)
        m = add_months(m, 1)
    return out


def thai_month(month: date, style: str = "short") -> str:
    """'ต.ค. 2568' (short) or 'ตุลาคม 2568' (long): a month as Thai readers write it."""
    return format_thai_date(PartialDate(month.year, month.month), style)  # type: ignore[arg-type]


def fiscal_year_start(month: date) -> date:
    return fiscal_year_bounds(fiscal_year_of(month))[0]


def fiscal_year_end_month(day: date) -> date:
    """September of the fiscal year `day` falls in."""
    return month_start(fiscal_year_bounds(fiscal_year_of(day))[1])


# --- ages ---------------------------------------------------------------------------------------


def anniversary(birth: date, years: int) -> date:
    try:
        return birth.replace(year=birth.year + years)
    except ValueError:  # 29 February: the anniversary in a common year is 1 March
        return date(birth.year + years, 3, 1)


def age_reached_on(birth: date, years: int) -> date:
    """The day a person reaches `years` of age in law: the day before the anniversary."""
    return anniversary(birth, years) - timedelta(days=1)


def first_month_at_age(birth: date, years: int) -> date:
    """The first month paid at `years`: the month after the age is reached.

    Equal to the first month whose 1st day finds the person `years` old by anniversary
    counting, which is the form the payroll SQL uses.
    """
    return add_months(month_start(age_reached_on(birth, years)), 1)


def band_reference_day(month: date, band_start: BandStart) -> date:
    """The day whose age decides the rate band for `month`."""
    return month_start(month) if band_start == BandStart.next_month else fiscal_year_start(month)


def band_age(birth: date, month: date, band_start: BandStart) -> int:
    return age_on(birth, band_reference_day(month, band_start))


# --- start and end --------------------------------------------------------------------------------


def elderly_start(birth: date, payment_starts_on: date) -> date:
    """rules.md §1: max(October of the fiscal year registered for, the month after 60)."""
    return max(month_start(payment_starts_on), first_month_at_age(birth, 60))


def month_after(day: date) -> date:
    return add_months(month_start(day), 1)


def last_paid_month(reason: EndReason, event: date, *, death_month_paid: bool,
                    move_paid_through: MovePaidThrough) -> date:
    """The last month a registration ended for `reason` on `event` is paid for.

    A person entitled on the 1st of a month is owed that month; death and waiver and loss
    of a qualification stop the months after. Moving away follows the organisation's
    setting: the earlier rules had the old LAO pay to the end of September.
    """
    month = month_start(event)
    if reason == EndReason.died:
        return month if death_month_paid else add_months(month, -1)
    if reason == EndReason.moved_away:
        return fiscal_year_end_month(event) if move_paid_through == MovePaidThrough.fiscal_year_end else month
    return month
