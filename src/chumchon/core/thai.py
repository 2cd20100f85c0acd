"""Thai conventions every domain shares: national IDs, Buddhist Era dates, fiscal years,
baht amounts and ages.

Pure functions with no framework imports, so that services, import scripts, PDF and Excel
writers and Pydantic validators can all use the same rules. The errors subclass
`ValueError` (a Pydantic validator that raises one yields a normal validation error) and
carry a stable `code` plus a Thai and an English message; the HTTP layer maps them to
problem+json.

Sources for the rules are in `shared/domain/rules.md` §7 (national ID) and §8 (Buddhist
Era, fiscal year, money).
"""

from __future__ import annotations

import calendar
import math
import re
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from typing import Final, Literal, TypeAlias

__all__ = [
    "BE_OFFSET",
    "THAI_MONTHS",
    "THAI_MONTHS_ABBR",
    "DatePrecision",
    "MoneyError",
    "NationalIdError",
    "PartialDate",
    "ThaiDateError",
    "ThaiFormatError",
    "age_on",
    "arabic_digits",
    "baht_text",
    "fiscal_year_bounds",
    "fiscal_year_months",
    "fiscal_year_of",
    "format_baht",
    "format_national_id",
    "format_thai_date",
    "from_satang",
    "mask_national_id",
    "national_id_check_digit",
    "normalise_national_id",
    "parse_thai_date",
    "thai_digits",
    "to_be_year",
    "to_ce_year",
    "to_satang",
    "validate_national_id",
]


# --------------------------------------------------------------------------- errors


class ThaiFormatError(ValueError):
    """A value that does not follow a Thai convention.

    `message` is Thai because the people who read it (officers typing a form, an import
    report) read Thai; `message_en` is for logs and English-speaking developers. The web
    app should translate by `code`, not by either message.
    """

    def __init__(self, code: str, message: str, *, message_en: str | None = None) -> None:
        self.code = code
        self.message = message
        self.message_en = message_en or message
        super().__init__(message)

    @property
    def messages(self) -> dict[str, str]:
        return {"th": self.message, "en": self.message_en}

    def message_for(self, lang: str) -> str:
        """The message in `lang` ("th" or "en"); Thai for anything else."""
        return self.message_en if lang.lower().startswith("en") else self.message


class NationalIdError(ThaiFormatError):
    """A national ID that is not 13 digits with a correct check digit.

    `position` is the 1-based digit position to point the user at (13 for a wrong check
    digit, the first offending character for a non-digit, None for a wrong length).
    `expected` is the check digit the first 12 digits call for, when that is the problem.
    """

    def __init__(
        self,
        code: str,
        message: str,
        position: int | None = None,
        *,
        message_en: str | None = None,
        expected: int | None = None,
    ) -> None:
        super().__init__(code, message, message_en=message_en)
        self.position = position
        self.expected = expected


class ThaiDateError(ThaiFormatError):
    """A date that cannot be read, or that does not exist (31/02/2500, month 13)."""


class MoneyError(ThaiFormatError):
    """An amount that is not exact baht and satang (a float, a fraction of a satang)."""


# ----------------------------------------------------------------------------- digits

_THAI_DIGITS: Final = "๐๑๒๓๔๕๖๗๘๙"
_TO_THAI: Final = str.maketrans("0123456789", _THAI_DIGITS)


def thai_digits(text: str) -> str:
    """Write the ASCII digits of `text` as Thai digits (๐-๙); everything else unchanged.

    Agencies are asked to *promote* Thai digits (Cabinet resolution, 2 May 2000) but they
    are not mandatory, so callers choose per document.
    """
    return text.translate(_TO_THAI)


def arabic_digits(text: str) -> str:
    """Write every Unicode decimal digit of `text` (Thai ๐-๙ included) as ASCII 0-9.

    Any decimal digit, not only Thai, because text pasted from other systems brings
    full-width and other digits that look the same to the person who typed them.
    """
    if text.isascii():
        return text
    return "".join(
        str(unicodedata.decimal(ch)) if unicodedata.category(ch) == "Nd" else ch for ch in text
    )


# ------------------------------------------------------------------------ national ID

# Separators people type or paste between the groups of an ID: spaces of every width,
# zero-width spaces (Thai text editors insert them) and the many Unicode dashes.
_ID_SEPARATORS: Final = re.compile(r"[\s\u200b\u200c\u200d\ufeff\-\u2010-\u2015\u2212]+")
_WEIGHTS: Final = tuple(range(13, 1, -1))


def normalise_national_id(text: str | int) -> str:
    """Drop separators and turn Thai digits into ASCII; no validation.

    Kept apart from validation so that a search box can normalise what was typed and
    still look it up exactly, as the data rules require. An int is accepted because
    spreadsheets store IDs as numbers; one that lost a leading zero then fails the
    length check rather than being guessed at.
    """
    if isinstance(text, int):
        text = str(text)
    return _ID_SEPARATORS.sub("", arabic_digits(text))


def national_id_check_digit(first_twelve: str) -> int:
    """The check digit for 12 ASCII digits: (11 - Σ dᵢ·(13-i) mod 11) mod 10 (rules §7)."""
    if len(first_twelve) != 12 or not _is_ascii_digits(first_twelve):
        raise ValueError("need exactly 12 ASCII digits")
    total = sum(int(d) * w for d, w in zip(first_twelve, _WEIGHTS, strict=True))
    return (11 - total % 11) % 10


def validate_national_id(text: str | int) -> str:
    """Return the 13 normalised digits of a valid national ID, or raise `NationalIdError`.

    Checks run in the order that gives the most useful message: a stray letter is pointed
    at before the length is counted, and the check digit is tested last so the message can
    say which digit the first twelve call for.
    """
    digits = normalise_national_id(text)
    for index, ch in enumerate(digits, start=1):
        if ch not in "0123456789":
            raise NationalIdError(
                "national_id.not_digits",
                f"เลขประจำตัวประชาชนต้องเป็นตัวเลขเท่านั้น (หลักที่ {index} คือ “{ch}”)",
                index,
                message_en=f"A national ID has digits only (position {index} is {ch!r}).",
            )
    if len(digits) != 13:
        raise NationalIdError(
            "national_id.length",
            f"เลขประจำตัวประชาชนต้องมี 13 หลัก (มี {len(digits)} หลัก)",
            None,
            message_en=f"A national ID has 13 digits (got {len(digits)}).",
        )
    expected = national_id_check_digit(digits[:12])
    if int(digits[12]) != expected:
        raise NationalIdError(
            "national_id.check_digit",
            f"เลขประจำตัวประชาชนไม่ถูกต้อง: หลักที่ 13 ควรเป็น {expected}",
            13,
            message_en=(
                f"The national ID's check digit is wrong: position 13 should be {expected}."
            ),
            expected=expected,
        )
    return digits


def _thirteen_digits(national_id: str) -> str:
    # Display helpers accept stored IDs, which were validated on the way in; they insist
    # on 13 digits but do not re-check the check digit, so that a legacy row with a bad
    # one can still be shown (and corrected).
    digits = normalise_national_id(national_id)
    if len(digits) != 13 or not _is_ascii_digits(digits):
        raise NationalIdError(
            "national_id.length",
            "เลขประจำตัวประชาชนต้องเป็นตัวเลข 13 หลัก",
            None,
            message_en="A national ID has 13 digits.",
        )
    return digits


def format_national_id(national_id: str) -> str:
    """'1234567890123' → '1-2345-67890-12-3', the grouping printed on the ID card."""
    d = _thirteen_digits(national_id)
    return f"{d[0]}-{d[1:5]}-{d[5:10]}-{d[10:12]}-{d[12]}"


def mask_national_id(national_id: str) -> str:
    """'1234567890123' → '1-2345-xxxxx-xx-3' for lists (design.md, Data rules).

    The person type (digit 1) and registration office (digits 2-5) stay readable because
    officers use them to tell records apart; the personal part is hidden.
    """
    d = _thirteen_digits(national_id)
    return f"{d[0]}-{d[1:5]}-xxxxx-xx-{d[12]}"


def _is_ascii_digits(text: str) -> bool:
    return text.isascii() and text.isdigit()


# ------------------------------------------------------------------- Buddhist Era dates

BE_OFFSET: Final = 543

THAI_MONTHS: Final[tuple[str, ...]] = (
    "มกราคม",
    "กุมภาพันธ์",
    "มีนาคม",
    "เมษายน",
    "พฤษภาคม",
    "มิถุนายน",
    "กรกฎาคม",
    "สิงหาคม",
    "กันยายน",
    "ตุลาคม",
    "พฤศจิกายน",
    "ธันวาคม",
)
THAI_MONTHS_ABBR: Final[tuple[str, ...]] = (
    "ม.ค.",
    "ก.พ.",
    "มี.ค.",
    "เม.ย.",
    "พ.ค.",
    "มิ.ย.",
    "ก.ค.",
    "ส.ค.",
    "ก.ย.",
    "ต.ค.",
    "พ.ย.",
    "ธ.ค.",
)
# The spoken short forms (มกรา, กุมภา …) that people type into spreadsheets.
_THAI_MONTHS_SPOKEN: Final[tuple[str, ...]] = (
    "มกรา",
    "กุมภา",
    "มีนา",
    "เมษา",
    "พฤษภา",
    "มิถุนา",
    "กรกฎา",
    "สิงหา",
    "กันยา",
    "ตุลา",
    "พฤศจิกา",
    "ธันวา",
)

# Years from this value up are read as BE. The lowest BE year a living person's record
# needs is about 2430 (CE 1887) and the highest CE year any record here needs is far below
# 2400 (CE 2400 is BE 2943), so the two ranges cannot be confused.
_BE_THRESHOLD: Final = 2400


def to_be_year(ce_year: int) -> int:
    """CE → BE (BE = CE + 543).

    Thai years began in April before 1941, so a January-March date before 2484 BE may be
    one BE year off in old records (rules.md §8); this function does not guess at that.
    """
    return ce_year + BE_OFFSET


def to_ce_year(be_year: int) -> int:
    """BE → CE (CE = BE - 543)."""
    return be_year - BE_OFFSET


class DatePrecision(StrEnum):
    """How much of a date is known. Birth dates in the civil registry may lack day or
    month (shown there as 00)."""

    DAY = "day"
    MONTH = "month"
    YEAR = "year"


@dataclass(frozen=True, slots=True)
class PartialDate:
    """A CE date of which the day, or the day and month, may be unknown.

    `as_date()` fills the unknown parts with 1 January / day 1, the rule the allowance
    regulations use for a person whose birth day or month is unknown (rules.md §1); the
    precision is kept so that forms can print only what is known.
    """

    year: int
    month: int | None = None
    day: int | None = None

    def __post_init__(self) -> None:
        if not 1 <= self.year <= 9999:
            raise _year_out_of_range(self.year)
        if self.month is None:
            if self.day is not None:
                raise ThaiDateError(
                    "thai_date.day_without_month",
                    "ระบุวันที่แต่ไม่ระบุเดือน",
                    message_en="A day was given without a month.",
                )
            return
        if not 1 <= self.month <= 12:
            raise ThaiDateError(
                "thai_date.invalid_month",
                f"ไม่มีเดือนที่ {self.month}",
                message_en=f"There is no month {self.month}.",
            )
        if self.day is not None:
            last = calendar.monthrange(self.year, self.month)[1]
            if not 1 <= self.day <= last:
                month_name = THAI_MONTHS[self.month - 1]
                raise ThaiDateError(
                    "thai_date.invalid_day",
                    f"เดือน{month_name} พ.ศ. {to_be_year(self.year)} ไม่มีวันที่ {self.day}",
                    message_en=(
                        f"Day {self.day} does not exist in {calendar.month_name[self.month]}"
                        f" {self.year}."
                    ),
                )

    @classmethod
    def from_date(cls, value: date) -> PartialDate:
        if isinstance(value, datetime):
            value = value.date()
        return cls(value.year, value.month, value.day)

    @property
    def precision(self) -> DatePrecision:
        if self.day is not None:
            return DatePrecision.DAY
        if self.month is not None:
            return DatePrecision.MONTH
        return DatePrecision.YEAR

    @property
    def is_complete(self) -> bool:
        return self.day is not None

    @property
    def be_year(self) -> int:
        return to_be_year(self.year)

    def as_date(self) -> date:
        """The date to compute with: unknown month → January, unknown day → the 1st."""
        return date(self.year, self.month or 1, self.day or 1)


DateStyle: TypeAlias = Literal["short", "long", "official", "numeric"]
YearAssumption: TypeAlias = Literal["auto", "be", "ce"]


def format_thai_date(
    value: date | PartialDate,
    style: DateStyle = "short",
    thai_digits: bool = False,
) -> str:
    """Write a date the way Thai people read it, with the BE year.

    - short:    '12 พ.ค. 2495'                      ('พ.ค. 2495', '2495')
    - long:     '12 พฤษภาคม 2495'                   ('พฤษภาคม 2495', '2495')
    - official: 'วันที่ 12 เดือนพฤษภาคม พ.ศ. 2495'  ('เดือนพฤษภาคม พ.ศ. 2495', 'พ.ศ. 2495')
    - numeric:  '12/05/2495'                        ('05/2495', '2495') for tables and Excel

    A `PartialDate` prints only its known parts, so a year-only birth date is never shown
    as 1 January. Every style is read back by `parse_thai_date` (for BE years from 2400,
    the threshold it reads BE from).
    """
    part = value if isinstance(value, PartialDate) else PartialDate.from_date(value)
    year = str(part.be_year)
    day = str(part.day) if part.day is not None else None
    month = part.month

    if style == "numeric":
        pieces = [f"{part.day:02d}"] if part.day is not None else []
        if month is not None:
            pieces.append(f"{month:02d}")
        text = "/".join([*pieces, year])
    elif style in ("short", "long"):
        names = THAI_MONTHS_ABBR if style == "short" else THAI_MONTHS
        words = [w for w in (day, names[month - 1] if month else None, year) if w]
        text = " ".join(words)
    elif style == "official":
        words = []
        if day is not None:
            words.append(f"วันที่ {day}")
        if month is not None:
            words.append(f"เดือน{THAI_MONTHS[month - 1]}")
        words.append(f"พ.ศ. {year}")
        text = " ".join(words)
    else:
        raise ValueError(f"unknown date style {style!r}")
    return _digits(text, thai_digits)


def _digits(text: str, use_thai: bool) -> str:
    return thai_digits(text) if use_thai else text


def _month_lookup() -> dict[str, int]:
    table: dict[str, int] = {}
    for number, names in enumerate(
        zip(THAI_MONTHS, THAI_MONTHS_ABBR, _THAI_MONTHS_SPOKEN, strict=True), start=1
    ):
        for name in names:
            table[_month_key(name)] = number
    return table


def _month_key(name: str) -> str:
    # Abbreviations are typed with or without their dots and spaces (พ.ค., พ.ค, พค).
    return re.sub(r"[.\s]", "", name)


_MONTHS_BY_KEY: Final = _month_lookup()
# Longest first so that มกราคม is not read as มกรา followed by junk.
_MONTH_PATTERN: Final = "|".join(
    sorted(
        {
            "".join(re.escape(c) + r"\.?\s?" if c != "." else "" for c in key)
            for key in _MONTHS_BY_KEY
        },
        key=len,
        reverse=True,
    )
)
_ERA = r"(?P<era>พ\.?\s?ศ\.?|ค\.?\s?ศ\.?)"
_TIME = r"(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?"
_NUMERIC_PATTERNS: Final = (
    # day/month/year: Thai order only; month/day/year is not used in Thailand.
    re.compile(
        rf"(?P<day>\d{{1,2}})(?P<sep>[/.\-])(?P<month>\d{{1,2}})(?P=sep)(?P<year>\d+){_TIME}"
    ),
    re.compile(
        rf"(?P<year>\d{{4}})(?P<sep>[/.\-])(?P<month>\d{{1,2}})(?P=sep)(?P<day>\d{{1,2}}){_TIME}"
    ),
    re.compile(r"(?P<month>\d{1,2})[/.\-](?P<year>\d{4})"),
    re.compile(r"(?P<year>\d{4})-(?P<month>\d{1,2})"),
    re.compile(rf"(?:ปี\s?)?(?:{_ERA}\s?)?(?P<year>\d+)"),
)
_WORDS_PATTERN: Final = re.compile(
    rf"(?:วันที่\s?)?(?:(?P<day>\d{{1,2}})\s?)?(?:เดือน\s?)?(?P<month_name>{_MONTH_PATTERN})"
    rf"\s?(?:{_ERA}\s?)?(?P<year>\d+)"
)
_COMPACT_PATTERN: Final = re.compile(r"\d{8}")

# Excel's 1900 date system counts 1900-01-01 as 1 and also counts the non-existent
# 1900-02-29 (serial 60), copied from Lotus 1-2-3; serials after it are one day "late".
_EXCEL_EPOCH: Final = date(1899, 12, 30)
_EXCEL_FAKE_LEAP_DAY: Final = 60
# A bare number in this range is a year, not an Excel serial: an import column of
# year-only birth dates (2495, 1952) is common, while serials 1000-2999 are dates in
# 1902-1908, which no record here needs.
_YEAR_NUMBERS: Final = range(1000, 3000)


def parse_thai_date(
    value: str | date | int | float | Decimal,
    *,
    assume: YearAssumption = "auto",
) -> PartialDate:
    """Read a date as Thai people and Thai spreadsheets write it.

    Accepts day-first numeric dates ('12/05/2495', '12-05-2495', '12.05.2495'), ISO order
    ('2495-05-12', with an optional time), month and year ('05/2495', 'พ.ค. 2495'), a
    year alone ('2495', 'พ.ศ. 2495'), Thai month names full, abbreviated or spoken
    ('12 พฤษภาคม 2495', '12 พ.ค. 2495', '12 พฤษภา 2495'), the official form
    ('วันที่ 12 เดือนพฤษภาคม พ.ศ. 2495'), eight digits ('24950512' as the civil
    registry writes it, or '12052495'), Thai digits anywhere, Excel serial numbers and
    `date`/`datetime` objects.

    Day or month written as 00 (the civil registry's mark for "unknown") gives a partial
    date, as does leaving them out.

    The year: an explicit พ.ศ. or ค.ศ. wins; otherwise `assume` decides: "be" or "ce"
    force an era, and "auto" reads years ≥ 2400 as BE and smaller ones as CE (see
    `_BE_THRESHOLD` for why the ranges cannot collide). Two-digit years are refused
    rather than guessed.

    Raises `ThaiDateError` with a stable code: thai_date.empty, thai_date.unrecognised,
    thai_date.two_digit_year, thai_date.year_out_of_range, thai_date.invalid_month,
    thai_date.invalid_day, thai_date.day_without_month, thai_date.ambiguous.
    """
    if isinstance(value, datetime):
        return PartialDate.from_date(value)
    if isinstance(value, date):
        return PartialDate.from_date(value)
    if isinstance(value, bool):
        raise _unrecognised(value)
    if isinstance(value, (int, float, Decimal)):
        return _from_number(value, assume)
    if not isinstance(value, str):
        raise _unrecognised(value)

    text = " ".join(arabic_digits(value).split())
    if not text:
        raise ThaiDateError("thai_date.empty", "ไม่ได้ระบุวันที่", message_en="No date given.")

    if _COMPACT_PATTERN.fullmatch(text):
        return _from_compact(text, assume)

    for pattern in _NUMERIC_PATTERNS:
        match = pattern.fullmatch(text)
        if match:
            parts = match.groupdict()
            return _build(
                parts["year"], parts.get("month"), parts.get("day"), parts.get("era"), assume
            )

    match = _WORDS_PATTERN.fullmatch(text)
    if match:
        month = _MONTHS_BY_KEY[_month_key(match["month_name"])]
        return _build(match["year"], str(month), match["day"], match["era"], assume)

    raise _unrecognised(value)


def _build(
    year_text: str,
    month_text: str | None,
    day_text: str | None,
    era: str | None,
    assume: YearAssumption,
) -> PartialDate:
    year = _resolve_year(year_text, era, assume)
    month = int(month_text) if month_text else None
    day = int(day_text) if day_text else None
    # 00 is how the civil registry writes an unknown day or month.
    if month == 0:
        if day not in (None, 0):
            raise ThaiDateError(
                "thai_date.day_without_month",
                "ระบุวันที่แต่ไม่ระบุเดือน",
                message_en="A day was given without a month.",
            )
        return PartialDate(year)
    if day == 0:
        day = None
    return PartialDate(year, month, day)


def _resolve_year(year_text: str, era: str | None, assume: YearAssumption) -> int:
    if len(year_text) <= 2:
        raise ThaiDateError(
            "thai_date.two_digit_year",
            f"กรุณาระบุปีให้ครบ 4 หลัก (“{year_text}” อาจเป็นได้หลายปี)",
            message_en=f"Give the year in four digits ({year_text!r} is ambiguous).",
        )
    year = int(year_text)
    if len(year_text) != 4:
        raise _year_out_of_range(year)
    if era is not None:
        is_be = era.startswith("พ")
    elif assume == "auto":
        is_be = year >= _BE_THRESHOLD
    else:
        is_be = assume == "be"
    ce = to_ce_year(year) if is_be else year
    if not 1 <= ce <= 9999:
        raise _year_out_of_range(year)
    return ce


def _from_compact(text: str, assume: YearAssumption) -> PartialDate:
    # Eight digits are YYYYMMDD (civil registry, ISO basic) or DDMMYYYY (bank files).
    # Try both and refuse the rare string that is a valid date either way.
    candidates: list[PartialDate] = []
    for year, month, day in ((text[:4], text[4:6], text[6:]), (text[4:], text[2:4], text[:2])):
        if int(year) < 1000:
            continue
        try:
            candidates.append(_build(year, month, day, None, assume))
        except ThaiDateError:
            continue
    if len(candidates) == 1:
        return candidates[0]
    if not candidates:
        raise _unrecognised(text)
    raise ThaiDateError(
        "thai_date.ambiguous",
        f"“{text}” อ่านได้มากกว่าหนึ่งวันที่ กรุณาใช้รูปแบบ วว/ดด/ปปปป",
        message_en=f"{text!r} reads as more than one date; write it as DD/MM/YYYY.",
    )


def _from_number(value: int | float | Decimal, assume: YearAssumption) -> PartialDate:
    if not math.isfinite(value):
        raise _unrecognised(value)
    if value == int(value) and int(value) in _YEAR_NUMBERS:
        return PartialDate(_resolve_year(str(int(value)), None, assume))
    serial = math.floor(value)  # the fraction is the time of day
    if serial < 1 or serial == _EXCEL_FAKE_LEAP_DAY:
        raise _unrecognised(value)
    if serial < _EXCEL_FAKE_LEAP_DAY:
        serial += 1
    try:
        return PartialDate.from_date(_EXCEL_EPOCH + timedelta(days=serial))
    except OverflowError:
        raise _year_out_of_range(serial) from None


def _unrecognised(value: object) -> ThaiDateError:
    return ThaiDateError(
        "thai_date.unrecognised",
        f"อ่านวันที่ “{value}” ไม่ได้ ใช้รูปแบบเช่น 12/05/2495 หรือ 12 พ.ค. 2495",
        message_en=f"Cannot read {value!r} as a date; write e.g. 12/05/2495 or 12 พ.ค. 2495.",
    )


def _year_out_of_range(year: int) -> ThaiDateError:
    return ThaiDateError(
        "thai_date.year_out_of_range",
        f"ปี {year} อยู่นอกช่วงที่รับได้",
        message_en=f"Year {year} is out of range.",
    )


# ------------------------------------------------------------------------ fiscal year


def fiscal_year_of(day: date) -> int:
    """The BE fiscal year `day` falls in: 1 Oct - 30 Sep, named by the year it ends in.

    1 Oct 2024 - 30 Sep 2025 is FY2568 (rules.md §8).
    """
    be_year = to_be_year(day.year)
    return be_year + 1 if day.month >= 10 else be_year


def fiscal_year_bounds(be_year: int) -> tuple[date, date]:
    """First and last day (inclusive) of BE fiscal year `be_year`."""
    ce_end = to_ce_year(be_year)
    return date(ce_end - 1, 10, 1), date(ce_end, 9, 30)


def fiscal_year_months(be_year: int) -> list[date]:
    """The first day of each month of the fiscal year, October to September, in order,
    for monthly payrolls and reports."""
    start, _ = fiscal_year_bounds(be_year)
    months = []
    for offset in range(12):
        month0 = start.month - 1 + offset
        months.append(date(start.year + month0 // 12, month0 % 12 + 1, 1))
    return months


# ------------------------------------------------------------------------------ money

_SATANG: Final = Decimal("0.01")
Money: TypeAlias = Decimal | int


def _exact_amount(amount: Money) -> Decimal:
    # Floats are refused, not converted: 0.1 + 0.2 is not 0.30 baht, and a payroll that
    # is a satang off does not reconcile with the bank.
    if isinstance(amount, bool) or not isinstance(amount, (Decimal, int)):
        raise TypeError(f"money must be Decimal or int, not {type(amount).__name__}")
    value = Decimal(amount)
    if not value.is_finite():
        raise MoneyError(
            "money.not_finite",
            "จำนวนเงินไม่ถูกต้อง",
            message_en=f"{amount} is not an amount of money.",
        )
    try:
        whole_satang = value.quantize(_SATANG) == value
    except InvalidOperation:  # more digits than the decimal context holds
        whole_satang = False
    if not whole_satang:
        raise MoneyError(
            "money.sub_satang",
            f"จำนวนเงิน {value} ละเอียดกว่าหนึ่งสตางค์",
            message_en=f"{value} baht has a fraction of a satang.",
        )
    return value.quantize(_SATANG)


def to_satang(amount: Money) -> int:
    """Baht → whole satang, as bank files carry amounts (rules.md §9).

    Refuses floats and fractions of a satang instead of rounding: a rounding rule is a
    business decision for the caller to make explicitly.
    """
    return int(_exact_amount(amount) * 100)


def from_satang(satang: int) -> Decimal:
    """Whole satang → baht with two places."""
    if isinstance(satang, bool) or not isinstance(satang, int):
        raise TypeError(f"satang must be int, not {type(satang).__name__}")
    return (Decimal(satang) / 100).quantize(_SATANG)


def format_baht(amount: Money, thai_digits: bool = False) -> str:
    """'12,345.50': thousands separators and always two places.

    Arabic digits by default: they are accepted for budget and finance tables (rules.md
    §8).
    """
    return _digits(f"{_exact_amount(amount):,.2f}", thai_digits)


_DIGIT_WORDS: Final = ("", "หนึ่ง", "สอง", "สาม", "สี่", "ห้า", "หก", "เจ็ด", "แปด", "เก้า")
_PLACE_WORDS: Final = ("", "สิบ", "ร้อย", "พัน", "หมื่น", "แสน")


def _group_words(value: int, has_higher: bool) -> str:
    """Words for 0 ≤ value < 1,000,000, one ล้าน group.

    A one in the units place is เอ็ด whenever anything stands before it (11, 21, 101,
    and 1,000,001 = หนึ่งล้านเอ็ด, as Excel's BAHTTEXT writes it); a one in the tens place
    is plain สิบ and a two there is ยี่สิบ.
    """
    digits = [int(c) for c in reversed(str(value))]
    words = []
    for place in range(len(digits) - 1, -1, -1):
        digit = digits[place]
        if digit == 0:
            continue
        if place == 0 and digit == 1 and (value > 1 or has_higher):
            words.append("เอ็ด")
        elif place == 1 and digit == 1:
            words.append("สิบ")
        elif place == 1 and digit == 2:
            words.append("ยี่สิบ")
        else:
            words.append(_DIGIT_WORDS[digit] + _PLACE_WORDS[place])
    return "".join(words)


def _integer_words(value: int) -> str:
    # Split into groups of six digits. Each level above the lowest multiplies by ล้าน, so
    # a level says ล้าน once it or anything above it is non-zero: 10^12 = หนึ่งล้านล้าน,
    # 1,000,005,000,000 = หนึ่งล้านห้าล้าน.
    groups: list[int] = []
    while True:
        value, group = divmod(value, 1_000_000)
        groups.append(group)
        if value == 0:
            break
    words = []
    for index in range(len(groups) - 1, -1, -1):
        group = groups[index]
        has_higher = any(groups[index + 1 :])
        if group:
            words.append(_group_words(group, has_higher))
        if index > 0 and (group or words):
            words.append("ล้าน")
    return "".join(words)


def baht_text(amount: Money) -> str:
    """An amount in words, as written on cheques, receipts and payment vouchers.

    12000 → 'หนึ่งหมื่นสองพันบาทถ้วน', 21.50 → 'ยี่สิบเอ็ดบาทห้าสิบสตางค์',
    0.50 → 'ห้าสิบสตางค์', 0 → 'ศูนย์บาทถ้วน'; negative amounts start with ลบ.
    """
    value = _exact_amount(amount)
    sign = "ลบ" if value < 0 else ""
    satang_total = abs(int(value * 100))
    baht, satang = divmod(satang_total, 100)
    if baht == 0 and satang == 0:
        return "ศูนย์บาทถ้วน"
    text = sign
    if baht:
        text += _integer_words(baht) + "บาท"
    text += _integer_words(satang) + "สตางค์" if satang else "ถ้วน"
    return text


# -------------------------------------------------------------------------------- age


def age_on(birth: date, on: date) -> int:
    """Completed years of age on `on`.

    Someone born on 29 February completes a year on 1 March in a common year: the
    birthday has not been reached on 28 February. Raises ValueError if `on` is before
    `birth`, which is always a data error.
    """
    if isinstance(birth, datetime):
        birth = birth.date()
    if isinstance(on, datetime):
        on = on.date()
    if on < birth:
        raise ValueError(f"{on} is before the birth date {birth}")
    before_birthday = (on.month, on.day) < (birth.month, birth.day)
    return on.year - birth.year - int(before_birthday)
