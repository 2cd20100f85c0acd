"""The row parser's shortcuts for large files read what the plain rules read: cells found by
their column whatever a row's length, readers that remember a value's reading but never its
error, and a birth-date check remembered for one run only."""

from __future__ import annotations

import uuid
from datetime import date, timedelta
from pathlib import Path

import pytest

from chumchon.citizens.models import BirthPrecision
from chumchon.core.errors import DomainError
from chumchon.imports import columns, rows, service
from chumchon.imports.columns import CellError
from chumchon.imports.models import ImportKind

HEADER = ["เลขประจำตัวประชาชน", "ชื่อ-สกุล", "สีที่ชอบ", "หมู่ที่"]
NID = "1101700203450"


def test_cells_are_found_by_column_in_rows_shorter_and_longer_than_the_header() -> None:
    cmap = columns.resolve(ImportKind.citizens, HEADER)
    full = rows.parse(ImportKind.citizens, cmap, 2, [NID, "นางสมหญิง ใจดี", "ฟ้า", "3", "เกิน", "อีก"])
    assert (full.national_id, full.citizen, full.village) == (
        NID, {"title": "นาง", "first_name": "สมหญิง", "last_name": "ใจดี"}, ("number", 3))
    short = rows.parse(ImportKind.citizens, cmap, 3, [NID, "นายสมชาย ใจดี"])
    assert short.village is None and short.bank is None and not short.errors
    assert short.citizen == {"title": "นาย", "first_name": "สมชาย", "last_name": "ใจดี"}
    # A column the file does not have reads as empty, never as a neighbour's cell.
    assert full.organisation_code is None and "phone" not in full.citizen and full.bank is None


def test_a_remembered_reading_keeps_types_apart_and_never_remembers_an_error() -> None:
    assert columns.village("3") == columns.village(3) == columns.village(3.0) == ("number", 3)
    assert columns.bank_code(6) == columns.bank_code("6") == "006"
    assert columns.sex(True) == columns.sex(1) == columns.sex("ชาย") == "male"
    for _ in range(2):
        with pytest.raises(CellError) as err:
            columns.bank_code("ธนาคารที่ไม่มี")
        assert err.value.code == "imports.bank_unknown"


def test_the_birth_date_check_is_the_registers_and_is_kept_with_the_run() -> None:
    run = service._Run(id=uuid.uuid4(), kind=ImportKind.citizens, commit=False, organisation_id=uuid.uuid4(),
                       path=Path("x.csv"), file_format="csv", headers=HEADER, overrides={}, options={},
                       rows_total=0, header_line=1)
    assert service._checked_birth(run, date(1952, 5, 12), BirthPrecision.year) == date(1952, 1, 1)
    assert service._checked_birth(run, date(1952, 5, 12), BirthPrecision.day) == date(1952, 5, 12)
    assert service._checked_birth(run, None, BirthPrecision.day) is None
    future = date.today() + timedelta(days=400)
    for _ in range(2):  # refused every time it is asked, not only the first
        with pytest.raises(DomainError) as err:
            service._checked_birth(run, future, BirthPrecision.day)
        assert err.value.errors[0]["code"] == "citizens.birth_in_future"
    other = service._Run(id=uuid.uuid4(), kind=ImportKind.citizens, commit=False, organisation_id=run.organisation_id,
                         path=Path("x.csv"), file_format="csv", headers=HEADER, overrides={}, options={},
                         rows_total=0, header_line=1)
    assert other.births == {} and len(run.births) == 3
