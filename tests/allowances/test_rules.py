"""The date rules of rules.md §1-§3 as pure functions, and the bank file writer."""

from __future__ import annotations

from datetime import date

import pytest

from chumchon.allowances import bankfile
from chumchon.allowances.programmes import (
    BandStart,
    EndReason,
    MovePaidThrough,
    add_months,
    age_reached_on,
    band_age,
    elderly_start,
    first_month_at_age,
    last_paid_month,
    thai_month,
)
from chumchon.allowances.schemas import RateVersionCreate

FY2569_STARTS = date(2025, 10, 1)


@pytest.mark.parametrize(("birth", "reached", "first_paid"), [
    # The cohort rule: born before 2 September reaches 60 in time to be paid within the year.
    (date(1965, 9, 1), date(2025, 8, 31), date(2025, 9, 1)),
    (date(1965, 9, 2), date(2025, 9, 1), date(2025, 10, 1)),
    (date(1965, 10, 1), date(2025, 9, 30), date(2025, 10, 1)),
    (date(1965, 10, 2), date(2025, 10, 1), date(2025, 11, 1)),
    (date(1966, 1, 1), date(2025, 12, 31), date(2026, 1, 1)),   # year-only births count from 1 January
    (date(1964, 2, 29), date(2024, 2, 28), date(2024, 3, 1)),   # a leap-day birth, leap anniversary
    (date(1963, 2, 28), date(2023, 2, 27), date(2023, 3, 1)),
])
def test_the_age_is_reached_the_day_before_the_anniversary(birth: date, reached: date, first_paid: date) -> None:
    assert age_reached_on(birth, 60) == reached
    assert first_month_at_age(birth, 60) == first_paid
    # The SQL's form of the same rule: the anniversary age on the 1st of the month.
    assert band_age(birth, first_paid, BandStart.next_month) == 60
    assert band_age(birth, add_months(first_paid, -1), BandStart.next_month) == 59


def test_elderly_payment_starts_at_the_later_of_october_and_the_month_after_sixty() -> None:
    assert elderly_start(date(1950, 5, 12), FY2569_STARTS) == date(2025, 10, 1)   # long over 60
    assert elderly_start(date(1966, 3, 15), FY2569_STARTS) == date(2026, 4, 1)    # turns 60 in March 2026
    assert elderly_start(date(1965, 10, 2), FY2569_STARTS) == date(2025, 11, 1)


def test_a_higher_band_starts_next_month_or_next_fiscal_year_as_set() -> None:
    born = date(1955, 12, 15)  # reaches 70 on 14 December 2025
    assert band_age(born, date(2025, 12, 1), BandStart.next_month) == 69
    assert band_age(born, date(2026, 1, 1), BandStart.next_month) == 70
    assert band_age(born, date(2026, 9, 1), BandStart.next_fiscal_year) == 69
    assert band_age(born, date(2026, 10, 1), BandStart.next_fiscal_year) == 70


@pytest.mark.parametrize(("reason", "event", "death_paid", "move", "last"), [
    (EndReason.died, date(2026, 2, 15), True, MovePaidThrough.fiscal_year_end, date(2026, 2, 1)),
    (EndReason.died, date(2026, 2, 15), False, MovePaidThrough.fiscal_year_end, date(2026, 1, 1)),
    (EndReason.moved_away, date(2026, 1, 10), True, MovePaidThrough.fiscal_year_end, date(2026, 9, 1)),
    (EndReason.moved_away, date(2026, 1, 10), True, MovePaidThrough.month_of_move, date(2026, 1, 1)),
    (EndReason.waived, date(2026, 3, 31), True, MovePaidThrough.fiscal_year_end, date(2026, 3, 1)),
])
def test_the_last_month_paid(reason: EndReason, event: date, death_paid: bool, move: MovePaidThrough,
                             last: date) -> None:
    assert last_paid_month(reason, event, death_month_paid=death_paid, move_paid_through=move) == last


def test_months_are_written_in_thai() -> None:
    assert thai_month(date(2025, 10, 1)) == "ต.ค. 2568"
    assert thai_month(date(2025, 10, 1), "long") == "ตุลาคม 2568"


def test_a_rate_table_must_cover_every_age_without_gaps() -> None:
    with pytest.raises(ValueError, match="gap"):
        RateVersionCreate(programme="elderly", effective_from=date(2026, 10, 1), bands=[
            {"age_min": 60, "age_max": 69, "amount": "700.00", "label_th": "60-69"},
            {"age_min": 71, "age_max": None, "amount": "850.00", "label_th": "71+"}])
    with pytest.raises(ValueError, match="open-ended"):
        RateVersionCreate(programme="hiv", effective_from=date(2026, 10, 1), bands=[
            {"age_min": 0, "age_max": 99, "amount": "500.00", "label_th": "x"}])


def test_the_ktb_layout_writes_fixed_width_records_in_satang() -> None:
    layout = bankfile.KTB_DIRECT_CREDIT
    assert layout.widths()["detail"] == layout.record_length
    data = bankfile.render(layout, {"batch_no": 1, "total_count": 1, "total_amount": 50000,
                                    "effective_date": "10102025", "company_id": "0012345"},
                           [{"receiving_bank": "006", "receiving_branch": "0", "receiving_account": "1234567890",
                             "sending_branch": "0123", "sending_account": "9876543210", "amount": 50000,
                             "receiver_name": "นางสมศรี มีสุข", "sender_name": "เทศบาลตำบลหนองบัวใหญ่",
                             "reference": "ALW256810000001", "running_no": 1}])
    records = data.split(b"\r\n")
    assert records[-1] == b""
    assert all(len(r) == layout.record_length for r in records[:-1])
    header, detail = bankfile.parse(layout, data)
    assert header["file_type"] == "10" and header["record_type"] == "1" and header["sending_bank"] == "006"
    assert header["total_amount"] == "00000000000050000" and header["effective_date"] == "10102025"
    assert detail["record_type"] == "2" and detail["receiving_account"] == "01234567890"
    assert detail["amount"] == "00000000000050000"
    assert detail["receiver_name"] == "นางสมศรี มีสุข"  # TIS-620: one byte per Thai character


def test_the_bank_file_refuses_what_it_cannot_carry() -> None:
    layout = bankfile.KTB_DIRECT_CREDIT
    with pytest.raises(bankfile.BankFileError, match="receiving_account"):
        bankfile.record(layout.detail, {"receiving_bank": "006", "receiving_branch": "0",
                                        "receiving_account": "123456789012", "sending_branch": "0",
                                        "sending_account": "1", "amount": 1, "running_no": 1}, layout)
    with pytest.raises(bankfile.BankFileError, match="amount"):
        bankfile.record(layout.detail, {"receiving_bank": "006", "receiving_branch": "0", "receiving_account": "1",
                                        "sending_branch": "0", "sending_account": "1", "amount": "5.00",
                                        "running_no": 1}, layout)
