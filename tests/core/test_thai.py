"""Tests for chumchon.core.thai: pure functions, no database and no conftest fixtures."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal

import pytest
from hypothesis import assume, example, given
from hypothesis import strategies as st

from chumchon.core.thai import (
    THAI_MONTHS,
    THAI_MONTHS_ABBR,
    DatePrecision,
    MoneyError,
    NationalIdError,
    PartialDate,
    ThaiDateError,
    age_on,
    arabic_digits,
    baht_text,
    fiscal_year_bounds,
    fiscal_year_months,
    fiscal_year_of,
    format_baht,
    format_national_id,
    format_thai_date,
    from_satang,
    mask_national_id,
    national_id_check_digit,
    normalise_national_id,
    parse_thai_date,
    thai_digits,
    to_be_year,
    to_ce_year,
    to_satang,
    validate_national_id,
)

# --------------------------------------------------------------------------- helpers

WEIGHTS = list(range(13, 1, -1))


def reference_check_digit(first_twelve: str) -> int:
    """rules.md §7 written out independently of the code under test."""
    total = 0
    for i in range(12):
        total += int(first_twelve[i]) * (13 - i)
    return (11 - total % 11) % 10


twelve_digits = st.text(alphabet="0123456789", min_size=12, max_size=12)


@st.composite
def valid_ids(draw: st.DrawFn) -> str:
    body = draw(twelve_digits)
    return body + str(reference_check_digit(body))


# A known valid ID, checked by hand: weights 13..2 over 1-1037-02071-88 give 222,
# 222 mod 11 = 2, (11 - 2) mod 10 = 9.
KNOWN_ID = "1103702071889"


# ------------------------------------------------------------------------ national ID


def test_known_id_is_valid() -> None:
    assert reference_check_digit(KNOWN_ID[:12]) == 9
    assert validate_national_id(KNOWN_ID) == KNOWN_ID


@pytest.mark.parametrize(
    "typed",
    [
        "1-1037-02071-88-9",
        "1 1037 02071 88 9",
        " 1103702071889 ",
        "๑-๑๐๓๗-๐๒๐๗๑-๘๘-๙",
        "๑๑๐๓๗๐๒๐๗๑๘๘๙",
        "1\u200b1037\u200b02071\u200b88\u200b9",  # zero-width spaces from Thai editors
        "1\u20131037\u201302071\u201388\u20139",  # en dashes from a word processor
        "".join(chr(0xFF10 + int(d)) for d in KNOWN_ID),  # full-width digits
    ],
)
def test_validate_accepts_typed_forms(typed: str) -> None:
    assert validate_national_id(typed) == KNOWN_ID


def test_ids_from_numeric_spreadsheet_cells() -> None:
    assert validate_national_id(int(KNOWN_ID)) == KNOWN_ID
    # A leading zero lost in a numeric cell is reported, not guessed back.
    with pytest.raises(NationalIdError) as caught:
        validate_national_id(int("0" + KNOWN_ID[1:]))
    assert caught.value.code == "national_id.length"


def test_normalise_does_not_validate() -> None:
    assert normalise_national_id("12-34 ๕") == "12345"
    assert normalise_national_id("1-2a") == "12a"


def test_wrong_check_digit_says_which_digit_is_expected() -> None:
    with pytest.raises(NationalIdError) as caught:
        validate_national_id("1103702071880")
    err = caught.value
    assert err.code == "national_id.check_digit"
    assert err.position == 13
    assert err.expected == 9
    assert "หลักที่ 13 ควรเป็น 9" in err.message
    assert "position 13 should be 9" in err.message_en
    assert err.messages == {"th": err.message, "en": err.message_en}
    assert err.message_for("en") == err.message_en
    assert err.message_for("th") == err.message
    assert str(err) == err.message
    assert isinstance(err, ValueError)


@pytest.mark.parametrize("text", ["", "123", "11037020718891", "1-1037-02071-88"])
def test_wrong_length(text: str) -> None:
    with pytest.raises(NationalIdError) as caught:
        validate_national_id(text)
    assert caught.value.code == "national_id.length"
    assert caught.value.position is None
    assert "13" in caught.value.message and "13" in caught.value.message_en


@pytest.mark.parametrize(
    ("text", "position"),
    [("110370207188X", 13), ("A103702071889", 1), ("1-10O7-02071-88-9", 4), ("12²", 3)],
)
def test_not_digits_points_at_the_character(text: str, position: int) -> None:
    with pytest.raises(NationalIdError) as caught:
        validate_national_id(text)
    assert caught.value.code == "national_id.not_digits"
    assert caught.value.position == position


def test_check_digit_function_rejects_bad_input() -> None:
    with pytest.raises(ValueError):
        national_id_check_digit("12345")
    with pytest.raises(ValueError):
        national_id_check_digit("๑๑๐๓๗๐๒๐๗๑๘๘")


def test_format_and_mask() -> None:
    assert format_national_id("1234567890123") == "1-2345-67890-12-3"
    assert mask_national_id("1234567890123") == "1-2345-xxxxx-xx-3"
    assert mask_national_id("1-2345-67890-12-3") == "1-2345-xxxxx-xx-3"
    assert format_national_id("๑๒๓๔๕๖๗๘๙๐๑๒๓") == "1-2345-67890-12-3"
    with pytest.raises(NationalIdError):
        mask_national_id("12345")


@given(valid_ids())
def test_generated_valid_id_round_trips(national_id: str) -> None:
    assert national_id_check_digit(national_id[:12]) == int(national_id[12])
    assert validate_national_id(national_id) == national_id
    assert validate_national_id(format_national_id(national_id)) == national_id
    assert validate_national_id(thai_digits(format_national_id(national_id))) == national_id
    masked = mask_national_id(national_id)
    assert masked[:6] == format_national_id(national_id)[:6]
    assert masked[-1] == national_id[-1]
    assert sum(ch.isdigit() for ch in masked) == 6


@given(valid_ids(), st.integers(0, 12), st.integers(1, 9))
def test_single_digit_change_is_detected_unless_the_math_allows_it(
    national_id: str, position: int, shift: int
) -> None:
    original = int(national_id[position])
    new_digit = (original + shift) % 10
    mutated = national_id[:position] + str(new_digit) + national_id[position + 1 :]
    still_valid = reference_check_digit(mutated[:12]) == int(mutated[12])

    if position == 12:
        # The check digit itself: only one digit fits the first twelve.
        assert not still_valid
    else:
        # The weighted sum moves by (new - old) * weight. Modulo the prime 11 that is zero
        # only when the weight is 11 (the third digit), so a change there is never caught.
        # Otherwise the remainder changes, and the final "mod 10" maps remainders 0 and 10
        # to the same check digit 1, the only other way a change slips through.
        weight = WEIGHTS[position]
        old_rem = sum(int(d) * w for d, w in zip(national_id[:12], WEIGHTS, strict=True)) % 11
        new_rem = sum(int(d) * w for d, w in zip(mutated[:12], WEIGHTS, strict=True)) % 11
        assert (new_rem - old_rem) % 11 == ((new_digit - original) * weight) % 11
        if weight == 11:
            assert still_valid
        else:
            assert new_rem != old_rem
            assert still_valid == ({old_rem, new_rem} == {0, 10})

    if still_valid:
        assert validate_national_id(mutated) == mutated
    else:
        with pytest.raises(NationalIdError) as caught:
            validate_national_id(mutated)
        assert caught.value.code == "national_id.check_digit"
        assert caught.value.expected == reference_check_digit(mutated[:12])


# ----------------------------------------------------------------------------- digits


def test_digit_converters() -> None:
    assert thai_digits("12/05/2495 abc") == "๑๒/๐๕/๒๔๙๕ abc"
    assert arabic_digits("๑๒/๐๕/๒๔๙๕ abc") == "12/05/2495 abc"
    assert arabic_digits("plain 123") == "plain 123"
    assert arabic_digits(thai_digits("0123456789")) == "0123456789"


# ------------------------------------------------------------------------ BE and dates


def test_be_ce_years() -> None:
    assert to_be_year(2025) == 2568
    assert to_ce_year(2568) == 2025
    assert to_ce_year(to_be_year(1952)) == 1952


def test_month_tables() -> None:
    assert len(THAI_MONTHS) == len(THAI_MONTHS_ABBR) == 12
    assert THAI_MONTHS[4] == "พฤษภาคม"
    assert THAI_MONTHS_ABBR[4] == "พ.ค."
    assert THAI_MONTHS_ABBR[2] == "มี.ค." and THAI_MONTHS_ABBR[0] == "ม.ค."


BIRTH = date(1952, 5, 12)


@pytest.mark.parametrize(
    ("style", "digits", "expected"),
    [
        ("short", False, "12 พ.ค. 2495"),
        ("long", False, "12 พฤษภาคม 2495"),
        ("official", False, "วันที่ 12 เดือนพฤษภาคม พ.ศ. 2495"),
        ("numeric", False, "12/05/2495"),
        ("short", True, "๑๒ พ.ค. ๒๔๙๕"),
        ("official", True, "วันที่ ๑๒ เดือนพฤษภาคม พ.ศ. ๒๔๙๕"),
    ],
)
def test_format_thai_date(style: str, digits: bool, expected: str) -> None:
    assert format_thai_date(BIRTH, style, thai_digits=digits) == expected  # type: ignore[arg-type]


def test_format_partial_dates_print_only_known_parts() -> None:
    month_only = PartialDate(1952, 5)
    year_only = PartialDate(1952)
    assert format_thai_date(month_only) == "พ.ค. 2495"
    assert format_thai_date(month_only, "long") == "พฤษภาคม 2495"
    assert format_thai_date(month_only, "official") == "เดือนพฤษภาคม พ.ศ. 2495"
    assert format_thai_date(month_only, "numeric") == "05/2495"
    assert format_thai_date(year_only) == "2495"
    assert format_thai_date(year_only, "official") == "พ.ศ. 2495"
    assert format_thai_date(datetime(2025, 1, 2, 13, 45)) == "2 ม.ค. 2568"
    with pytest.raises(ValueError):
        format_thai_date(BIRTH, "fancy")  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "text",
    [
        "12/05/2495",
        "12-05-2495",
        "12.05.2495",
        "2495-05-12",
        "12/05/1952",
        "1952-05-12",
        "1952-05-12T08:30:00",
        "12/5/2495",
        "12 พ.ค. 2495",
        "12 พ.ค.2495",
        "12 พค 2495",
        "12 พฤษภาคม 2495",
        "12 พฤษภา 2495",
        "12 พฤษภาคม พ.ศ. 2495",
        "12 พฤษภาคม ค.ศ. 1952",
        "วันที่ 12 เดือนพฤษภาคม พ.ศ. 2495",
        "  ๑๒  พ.ค.  ๒๔๙๕ ",
        "๑๒/๐๕/๒๔๙๕",
        "24950512",
        "12052495",
        "19520512",
    ],
)
def test_parse_full_dates(text: str) -> None:
    parsed = parse_thai_date(text)
    assert parsed == PartialDate(1952, 5, 12)
    assert parsed.precision is DatePrecision.DAY
    assert parsed.is_complete
    assert parsed.as_date() == BIRTH
    assert parsed.be_year == 2495


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("พ.ค. 2495", PartialDate(1952, 5)),
        ("พฤษภาคม 2495", PartialDate(1952, 5)),
        ("เดือนพฤษภาคม พ.ศ. 2495", PartialDate(1952, 5)),
        ("05/2495", PartialDate(1952, 5)),
        ("2495-05", PartialDate(1952, 5)),
        ("00/05/2495", PartialDate(1952, 5)),
        ("2495", PartialDate(1952)),
        ("พ.ศ. 2495", PartialDate(1952)),
        ("ปี 2495", PartialDate(1952)),
        ("00/00/2495", PartialDate(1952)),
        ("24950000", PartialDate(1952)),
        ("1952", PartialDate(1952)),
    ],
)
def test_parse_partial_dates(text: str, expected: PartialDate) -> None:
    parsed = parse_thai_date(text)
    assert parsed == expected
    assert not parsed.is_complete


def test_partial_dates_default_to_first_of_january_or_month() -> None:
    # rules.md §1: an unknown birth day or month counts as 1 January.
    year_only = parse_thai_date("2495")
    assert year_only.precision is DatePrecision.YEAR
    assert year_only.as_date() == date(1952, 1, 1)
    month_only = parse_thai_date("พ.ค. 2495")
    assert month_only.precision is DatePrecision.MONTH
    assert month_only.as_date() == date(1952, 5, 1)


def test_parse_objects_and_excel_serials() -> None:
    assert parse_thai_date(BIRTH) == PartialDate(1952, 5, 12)
    assert parse_thai_date(datetime(1952, 5, 12, 23, 59)) == PartialDate(1952, 5, 12)
    # Excel 1900 system: 1 = 1900-01-01, 59 = 1900-02-28, 60 is the fake 29 Feb 1900.
    assert parse_thai_date(1).as_date() == date(1900, 1, 1)
    assert parse_thai_date(59).as_date() == date(1900, 2, 28)
    assert parse_thai_date(61).as_date() == date(1900, 3, 1)
    assert parse_thai_date(19126).as_date() == BIRTH
    assert parse_thai_date(45000).as_date() == date(2023, 3, 15)
    assert parse_thai_date(45000.75).as_date() == date(2023, 3, 15)
    assert parse_thai_date(Decimal("45000")).as_date() == date(2023, 3, 15)
    # A bare year in a numeric cell is a year, not a serial from 1906.
    assert parse_thai_date(2495) == PartialDate(1952)
    assert parse_thai_date(1952) == PartialDate(1952)
    assert parse_thai_date(2495.0) == PartialDate(1952)


def test_assume_forces_the_era() -> None:
    assert parse_thai_date("12/05/2495", assume="auto").year == 1952
    assert parse_thai_date("12/05/2495", assume="be").year == 1952
    assert parse_thai_date("12/05/2095", assume="be").year == 1552
    assert parse_thai_date("12/05/2495", assume="ce").year == 2495
    # An explicit era beats the assumption.
    assert parse_thai_date("12 พ.ค. พ.ศ. 2495", assume="ce").year == 1952
    assert parse_thai_date("12 พ.ค. ค.ศ. 1952", assume="be").year == 1952


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("31/02/2500", "thai_date.invalid_day"),
        ("29/02/2566", "thai_date.invalid_day"),  # CE 2023 is not a leap year
        ("12/13/2500", "thai_date.invalid_month"),
        ("12 พ.ค. 95", "thai_date.two_digit_year"),
        ("12/05/95", "thai_date.two_digit_year"),
        ("12/05/249", "thai_date.year_out_of_range"),
        ("12/00/2495", "thai_date.day_without_month"),
        ("", "thai_date.empty"),
        ("   ", "thai_date.empty"),
        ("yesterday", "thai_date.unrecognised"),
        ("12 ตุลา", "thai_date.unrecognised"),
        ("24951399", "thai_date.unrecognised"),
        ("99999999", "thai_date.unrecognised"),
        (60, "thai_date.unrecognised"),
        (0, "thai_date.unrecognised"),
        (-5.5, "thai_date.unrecognised"),
        (float("nan"), "thai_date.unrecognised"),
        (True, "thai_date.unrecognised"),
    ],
)
def test_parse_refuses_nonsense(value: object, code: str) -> None:
    with pytest.raises(ThaiDateError) as caught:
        parse_thai_date(value)  # type: ignore[arg-type]
    assert caught.value.code == code
    assert caught.value.message and caught.value.message_en
    assert isinstance(caught.value, ValueError)


def test_eight_digits_take_the_only_order_that_fits() -> None:
    # 2001-20-01 has no month 20, so only DDMMYYYY fits.
    assert parse_thai_date("20012001") == PartialDate(2001, 1, 20)


def test_eight_digits_that_read_both_ways_are_refused() -> None:
    # 1212-12-12 (CE) and 12/12/1212 are both real dates.
    with pytest.raises(ThaiDateError) as caught:
        parse_thai_date("12121212")
    assert caught.value.code == "thai_date.ambiguous"


def test_partial_date_validates_itself() -> None:
    with pytest.raises(ThaiDateError):
        PartialDate(1952, None, 12)
    with pytest.raises(ThaiDateError):
        PartialDate(1952, 2, 30)
    with pytest.raises(ThaiDateError):
        PartialDate(0)
    assert PartialDate(2024, 2, 29).as_date() == date(2024, 2, 29)


STYLES = ("short", "long", "official", "numeric")


@given(
    st.dates(min_value=date(1900, 1, 1), max_value=date(2200, 12, 31)),
    st.sampled_from(STYLES),
    st.booleans(),
)
@example(date(2000, 2, 29), "official", True)
def test_format_then_parse_round_trips(day: date, style: str, digits: bool) -> None:
    text = format_thai_date(day, style, thai_digits=digits)  # type: ignore[arg-type]
    assert parse_thai_date(text) == PartialDate.from_date(day)


@st.composite
def partial_dates(draw: st.DrawFn) -> PartialDate:
    day = draw(st.dates(min_value=date(1900, 1, 1), max_value=date(2200, 12, 31)))
    precision = draw(st.sampled_from(list(DatePrecision)))
    if precision is DatePrecision.YEAR:
        return PartialDate(day.year)
    if precision is DatePrecision.MONTH:
        return PartialDate(day.year, day.month)
    return PartialDate.from_date(day)


@given(partial_dates(), st.sampled_from(STYLES), st.booleans())
def test_partial_dates_round_trip_with_their_precision(
    part: PartialDate, style: str, digits: bool
) -> None:
    text = format_thai_date(part, style, thai_digits=digits)  # type: ignore[arg-type]
    parsed = parse_thai_date(text)
    assert parsed == part
    assert parsed.precision is part.precision


@given(st.dates(min_value=date(1900, 3, 1), max_value=date(9999, 12, 31)))
def test_excel_serials_count_from_the_1900_epoch(day: date) -> None:
    serial = (day - date(1899, 12, 30)).days
    assume(serial not in range(1000, 3000))
    assert parse_thai_date(serial).as_date() == day


# ------------------------------------------------------------------------ fiscal year


@pytest.mark.parametrize(
    ("day", "fiscal_year"),
    [
        (date(2024, 9, 30), 2567),
        (date(2024, 10, 1), 2568),
        (date(2025, 1, 15), 2568),
        (date(2025, 9, 30), 2568),
        (date(2025, 10, 1), 2569),
    ],
)
def test_fiscal_year_of(day: date, fiscal_year: int) -> None:
    assert fiscal_year_of(day) == fiscal_year


def test_fiscal_year_bounds_and_months() -> None:
    assert fiscal_year_bounds(2568) == (date(2024, 10, 1), date(2025, 9, 30))
    months = fiscal_year_months(2568)
    assert len(months) == 12
    assert months[0] == date(2024, 10, 1)
    assert months[2] == date(2024, 12, 1)
    assert months[3] == date(2025, 1, 1)
    assert months[-1] == date(2025, 9, 1)
    assert all(m.day == 1 for m in months)
    assert months == sorted(months)


@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2200, 12, 31)))
def test_every_day_lies_in_its_fiscal_year(day: date) -> None:
    start, end = fiscal_year_bounds(fiscal_year_of(day))
    assert start <= day <= end
    assert (end - start).days in (364, 365)
    assert date(day.year, day.month, 1) in fiscal_year_months(fiscal_year_of(day))


# ------------------------------------------------------------------------------ money


@pytest.mark.parametrize(
    ("amount", "text"),
    [
        (Decimal("12345.5"), "12,345.50"),
        (Decimal("0"), "0.00"),
        (Decimal("600"), "600.00"),
        (1000000, "1,000,000.00"),
        (Decimal("-1234.05"), "-1,234.05"),
        (Decimal("1.10"), "1.10"),
    ],
)
def test_format_baht(amount: Decimal, text: str) -> None:
    assert format_baht(amount) == text


def test_format_baht_in_thai_digits() -> None:
    assert format_baht(Decimal("12345.50"), thai_digits=True) == "๑๒,๓๔๕.๕๐"


def test_money_refuses_floats_and_fractions_of_a_satang() -> None:
    with pytest.raises(TypeError):
        format_baht(12.5)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        to_satang(0.1)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        baht_text(True)
    with pytest.raises(MoneyError) as caught:
        to_satang(Decimal("1.005"))
    assert caught.value.code == "money.sub_satang"
    with pytest.raises(MoneyError):
        format_baht(Decimal("0.001"))
    with pytest.raises(MoneyError) as caught:
        baht_text(Decimal("NaN"))
    assert caught.value.code == "money.not_finite"
    with pytest.raises(MoneyError):
        to_satang(Decimal("Infinity"))


def test_satang() -> None:
    assert to_satang(Decimal("12345.67")) == 1234567
    assert to_satang(Decimal("600")) == 60000
    assert to_satang(Decimal("1.500")) == 150  # trailing zeros are not a fraction
    assert to_satang(7) == 700
    assert to_satang(Decimal("-0.01")) == -1
    assert from_satang(1234567) == Decimal("12345.67")
    assert str(from_satang(60000)) == "600.00"


@given(st.integers(min_value=-(10**15), max_value=10**15))
def test_satang_round_trip(satang: int) -> None:
    amount = from_satang(satang)
    assert to_satang(amount) == satang
    assert Decimal(format_baht(amount).replace(",", "")) == amount


@pytest.mark.parametrize(
    ("amount", "words"),
    [
        (0, "ศูนย์บาทถ้วน"),
        (1, "หนึ่งบาทถ้วน"),
        (10, "สิบบาทถ้วน"),
        (11, "สิบเอ็ดบาทถ้วน"),
        (20, "ยี่สิบบาทถ้วน"),
        (21, "ยี่สิบเอ็ดบาทถ้วน"),
        (101, "หนึ่งร้อยเอ็ดบาทถ้วน"),
        (111, "หนึ่งร้อยสิบเอ็ดบาทถ้วน"),
        (600, "หกร้อยบาทถ้วน"),
        (1001, "หนึ่งพันเอ็ดบาทถ้วน"),
        (12000, "หนึ่งหมื่นสองพันบาทถ้วน"),
        (100000, "หนึ่งแสนบาทถ้วน"),
        (1000000, "หนึ่งล้านบาทถ้วน"),
        (1000001, "หนึ่งล้านเอ็ดบาทถ้วน"),
        (2100000, "สองล้านหนึ่งแสนบาทถ้วน"),
        (10000000, "สิบล้านบาทถ้วน"),
        (11000000, "สิบเอ็ดล้านบาทถ้วน"),
        (21000021, "ยี่สิบเอ็ดล้านยี่สิบเอ็ดบาทถ้วน"),
        (101000000, "หนึ่งร้อยเอ็ดล้านบาทถ้วน"),
        (10**12, "หนึ่งล้านล้านบาทถ้วน"),
        (1_000_005_000_000, "หนึ่งล้านห้าล้านบาทถ้วน"),
        (Decimal("0.50"), "ห้าสิบสตางค์"),
        (Decimal("0.01"), "หนึ่งสตางค์"),
        (Decimal("0.21"), "ยี่สิบเอ็ดสตางค์"),
        (Decimal("12000.50"), "หนึ่งหมื่นสองพันบาทห้าสิบสตางค์"),
        (Decimal("21.01"), "ยี่สิบเอ็ดบาทหนึ่งสตางค์"),
        (Decimal("12345.75"), "หนึ่งหมื่นสองพันสามร้อยสี่สิบห้าบาทเจ็ดสิบห้าสตางค์"),
        (Decimal("-5"), "ลบห้าบาทถ้วน"),
        (Decimal("1000.00"), "หนึ่งพันบาทถ้วน"),
    ],
)
def test_baht_text(amount: Decimal | int, words: str) -> None:
    assert baht_text(amount) == words


@given(st.integers(min_value=0, max_value=10**15 - 1))
def test_baht_text_shape(satang: int) -> None:
    words = baht_text(from_satang(satang))
    baht, remainder = divmod(satang, 100)
    if remainder == 0:
        assert words.endswith("ถ้วน")
    else:
        assert words.endswith("สตางค์") and "ถ้วน" not in words
    assert ("บาท" in words) == (baht > 0 or satang == 0)
    # Never the spoken forms that are wrong in writing.
    assert "หนึ่งสิบ" not in words and "สองสิบ" not in words
    assert not any(ch.isdigit() for ch in words)


# -------------------------------------------------------------------------------- age


@pytest.mark.parametrize(
    ("birth", "on", "age"),
    [
        (date(1952, 5, 12), date(2012, 5, 11), 59),
        (date(1952, 5, 12), date(2012, 5, 12), 60),
        (date(1952, 5, 12), date(1952, 5, 12), 0),
        (date(1952, 5, 12), date(2025, 1, 1), 72),
        (date(1960, 2, 29), date(2020, 2, 28), 59),
        (date(1960, 2, 29), date(2020, 2, 29), 60),
        (date(1960, 2, 29), date(2021, 2, 28), 60),
        (date(1960, 2, 29), date(2021, 3, 1), 61),
        (date(1960, 2, 29), date(2023, 2, 28), 62),
        (date(1960, 2, 29), date(2023, 3, 1), 63),
    ],
)
def test_age_on(birth: date, on: date, age: int) -> None:
    assert age_on(birth, on) == age


def test_age_on_refuses_a_day_before_birth() -> None:
    with pytest.raises(ValueError):
        age_on(date(2000, 1, 2), date(2000, 1, 1))


def test_age_on_accepts_datetimes() -> None:
    assert age_on(datetime(1952, 5, 12, 23, 0), datetime(2012, 5, 12, 0, 1)) == 60


@given(
    st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31)),
    st.integers(min_value=0, max_value=120 * 366),
)
def test_age_grows_by_one_on_each_birthday(birth: date, days: int) -> None:
    on = birth + timedelta(days=days)
    assume(on.year <= 9999)
    age = age_on(birth, on)
    assert 0 <= age <= days // 365
    nxt = age_on(birth, on + timedelta(days=1))
    assert nxt in (age, age + 1)
    if nxt == age + 1:
        day_after = on + timedelta(days=1)
        feb29_in_common_year = (birth.month, birth.day) == (2, 29) and (
            day_after.month,
            day_after.day,
        ) == (3, 1)
        assert (day_after.month, day_after.day) == (birth.month, birth.day) or (
            feb29_in_common_year
        )
