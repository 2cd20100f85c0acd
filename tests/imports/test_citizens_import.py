"""Citizens import end to end through the API: every encoding and date style, bad rows reported
line by line, all-or-nothing commits, idempotent re-imports, audit before/after, round trips."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

import pytest
from sqlalchemy import func, select, update

from chumchon.citizens.models import BankAccount, Citizen
from chumchon.core.audit import AuditEntry
from chumchon.core.errors import Conflict
from chumchon.core.thai import thai_digits
from chumchon.imports import readers, service
from chumchon.imports.models import ImportJob, StagedRow
from tests.citizens.factories import make_bank_account, make_citizen, national_id, wrong_check_digit
from tests.factories import make_organisation, make_village, signed_in
from tests.imports import files, flow

HEADER = ["ลำดับ", "เลขประจำตัวประชาชน", "ชื่อ", "นามสกุล", "วัน/เดือน/ปีเกิด", "หมู่ที่", "บ้านเลขที่", "โทรศัพท์",
          "เลขที่บัญชี", "ธนาคาร"]


def _dashed(nid: str) -> str:
    return f"{nid[0]}-{nid[1:5]}-{nid[5:10]}-{nid[10:12]}-{nid[12]}"


def _rows(ids: list[str], births: list[Any]) -> list[list[Any]]:
    """Ten rows: four good ones in different styles, six with one fault each (lines 6-11)."""
    a, b, c, d, e, f, g = ids
    return [
        HEADER,
        [1, _dashed(a), "นายสมชาย", "ใจดี", births[0], "3", "12/3", "081-234-5678", "123-4-56789-0", "กรุงไทย"],
        [2, thai_digits(f"{b[:1]} {b[1:5]} {b[5:10]} {b[10:12]} {b[12]}"), "นางสมหญิง", "ใจงาม", births[1], "หมู่ ๓",
         "7", "", "", ""],
        [3, c, "น.ส.มาลี", "ศรีสุข", births[2], "3", "", "", "", ""],
        [4, d, "นายบุญมี", "มั่นคง", births[3], "", "", "", "", ""],
        [5, wrong_check_digit(e), "นายผิด", "เลขบัตร", "01/01/2500", "3", "", "", "", ""],
        [6, f, "นายวันที่", "ไม่มีจริง", "31/02/2495", "3", "", "", "", ""],
        [7, g, "นายหมู่", "ไม่มี", "01/01/2500", "9", "", "", "", ""],
        [8, a, "นายซ้ำ", "แถวสอง", "01/01/2500", "3", "", "", "", ""],
        [9, national_id(), "นายปี", "สองหลัก", "12/05/95", "3", "", "", "", ""],
        [10, national_id(), "นายบัญชี", "สั้น", "01/01/2500", "3", "", "", "12345", "006"],
        [11, national_id(), "นายเกิด", "อนาคต", "01/01/2600", "3", "", "", "", ""],
    ]


EXPECTED_REJECTED = [
    (6, "national_id", "national_id.check_digit"),
    (7, "birth_date", "thai_date.invalid_day"),
    (8, "village", "villages.not_found"),
    (9, "national_id", "imports.duplicate_in_file"),
    (10, "birth_date", "thai_date.two_digit_year"),
    (11, "account_no", "citizens.account_no_invalid"),
    (12, "birth_date", "citizens.birth_in_future"),
]
TEXT_BIRTHS = ["12/05/2495", "12 พ.ค. 2495", "1952-05-12", "2495"]


def _file(style: str, ids: list[str]) -> tuple[bytes, str]:
    if style.startswith("xlsx"):
        births: list[Any] = TEXT_BIRTHS
        if style.endswith("excel-dates"):
            # A real Excel date, one typed in BE into an Excel set to CE (the year 2495), an
            # Excel serial number, and a year alone as a number.
            births = [date(1952, 5, 12), date(2495, 5, 12), 19126, 2495]
        data = files.xlsx_bytes(_rows(ids, births))
        return (files.with_shared_strings(data) if "shared" in style else data), "ทะเบียน.xlsx"
    encoding, delimiter = {"csv-utf8": ("utf-8", ","), "csv-utf8-bom": ("utf-8-sig", ","),
                           "csv-tis620": ("cp874", ","), "csv-utf16-tab": ("utf-16", "\t"),
                           "csv-semicolon": ("utf-8", ";")}[style]
    return files.csv_bytes(_rows(ids, TEXT_BIRTHS), encoding, delimiter), "ทะเบียน.csv"


STYLES = ["csv-utf8", "csv-utf8-bom", "csv-tis620", "csv-utf16-tab", "csv-semicolon", "xlsx-text-dates",
          "xlsx-excel-dates", "xlsx-shared-strings-excel-dates", "xlsx-streamed-shared-strings-excel-dates",
          "xlsx-streamed-text-dates"]


@pytest.mark.parametrize("style", STYLES)
async def test_every_encoding_and_date_style_is_read_and_bad_rows_are_reported_line_by_line(db, client, style,
                                                                                          monkeypatch):
    if "streamed" in style:  # the reader big sheets get, in constant memory
        monkeypatch.setattr(readers, "STREAM_SHEET_BYTES", 0)
    org = await make_organisation(db)
    village = await make_village(db, org, number=3)
    headers = await signed_in(db, client, org, "officer")
    ids = [national_id() for _ in range(7)]
    content, name = _file(style, ids)

    job = await flow.upload(client, headers, content, name)
    job = await flow.job(client, headers, job["id"])
    assert job["status"] == "validated", job
    assert job["encoding"] == {"csv-utf8": "utf-8", "csv-utf8-bom": "utf-8-sig", "csv-tis620": "cp874",
                               "csv-utf16-tab": "utf-16", "csv-semicolon": "utf-8"}.get(style)
    assert (job["rows_done"], job["rows_total"], job["progress"]) == (11, 11, 1.0)
    assert flow.counts(job) == (4, 0, 0, 7)
    assert job["unknown_columns"] == []
    rejected = await flow.rejected(client, headers, job["id"])
    assert [(r["line"], e["field"], e["code"]) for r in rejected for e in r["errors"]] == EXPECTED_REJECTED
    assert all(e["message"] for r in rejected for e in r["errors"])  # a Thai reason for the officer
    assert rejected[3]["errors"][0]["message"] == "เลขประจำตัวประชาชนซ้ำกับแถวที่ 2 ในไฟล์นี้"
    # A dry run writes nothing to the register.
    assert (await db.execute(select(func.count()).select_from(Citizen).where(Citizen.organisation_id == org.id))
            ).scalar_one() == 0

    job = await flow.commit(client, headers, job["id"])
    job = await flow.job(client, headers, job["id"])
    assert job["status"] == "committed" and flow.counts(job) == (4, 0, 0, 7)
    people = {c.national_id: c for c in (await db.execute(
        select(Citizen).where(Citizen.organisation_id == org.id).execution_options(populate_existing=True)
    )).scalars()}
    assert set(people) == set(ids[:4])
    somchai, somying, malee, boonmee = (people[i] for i in ids[:4])
    assert (somchai.title, somchai.first_name, somchai.last_name, somchai.sex) == ("นาย", "สมชาย", "ใจดี", "male")
    assert (somying.title, somying.sex, somying.village_id) == ("นาง", "female", village.id)
    assert (malee.title, malee.first_name) == ("นางสาว", "มาลี")
    assert somchai.birth_date == somying.birth_date == malee.birth_date == date(1952, 5, 12)
    assert (somchai.birth_precision, boonmee.birth_date, boonmee.birth_precision) == ("day", date(1952, 1, 1),
                                                                                        "year")
    assert (somchai.village_id, somchai.house_number, somchai.phone) == (village.id, "12/3", "081-234-5678")
    account = (await db.execute(select(BankAccount).where(BankAccount.citizen_id == somchai.id))).scalar_one()
    assert (account.bank_code, account.account_no, account.is_primary, account.account_name) == (
        "006", "1234567890", True, "นายสมชาย ใจดี")
    # New people are in the job's summary entry, not in an entry each.
    assert not (await db.execute(select(AuditEntry).where(AuditEntry.entity_id.in_(
        [str(c.id) for c in people.values()])))).first()
    assert (await db.execute(select(func.count()).select_from(StagedRow))).scalar_one() == 0  # scratch is gone


async def test_a_second_import_of_the_same_file_reports_everything_unchanged_and_changes_nothing(db, client):
    org = await make_organisation(db)
    await make_village(db, org, number=3)
    headers = await signed_in(db, client, org, "officer")
    content, name = _file("xlsx-text-dates", [national_id() for _ in range(7)])

    first = await flow.upload(client, headers, content, name, dry_run=False)
    assert flow.counts(await flow.job(client, headers, first["id"])) == (4, 0, 0, 7)
    before = {c.id: c.version for c in (await db.execute(select(Citizen).where(Citizen.organisation_id == org.id)))
              .scalars()}
    audit_before = (await db.execute(select(func.count()).select_from(AuditEntry)
                                     .where(AuditEntry.organisation_id == org.id))).scalar_one()

    second = await flow.upload(client, headers, content, name, dry_run=False)
    second = await flow.job(client, headers, second["id"])
    assert second["status"] == "committed"
    assert flow.counts(second) == (0, 0, 4, 7)
    assert await flow.changed(client, headers, second["id"]) == []
    after = {c.id: c.version for c in (await db.execute(
        select(Citizen).where(Citizen.organisation_id == org.id).execution_options(populate_existing=True)))
        .scalars()}
    assert after == before
    assert (await db.execute(select(func.count()).select_from(BankAccount)
                             .where(BankAccount.organisation_id == org.id))).scalar_one() == 1
    # Only the job's own entries (upload, summary), no entry about any person.
    new_entries = (await db.execute(select(AuditEntry.action).where(AuditEntry.organisation_id == org.id)
                                    .order_by(AuditEntry.at).offset(audit_before))).scalars().all()
    assert sorted(new_entries) == ["import.commit", "import.upload"]


async def test_changed_rows_show_before_and_after_in_the_report_and_the_audit_log(db, client):
    org = await make_organisation(db)
    v1 = await make_village(db, org, number=1)
    v2 = await make_village(db, org, number=2)
    person = await make_citizen(db, org, phone="081-111-1111", village_id=v1.id, title="นาง", first_name="สมศรี",
                                last_name="มีสุข")
    old_account = await make_bank_account(db, person, account_no="1111111111")
    same = await make_citizen(db, org, phone="089-999-9999")
    version = person.version
    headers = await signed_in(db, client, org, "officer")
    content = files.csv_bytes([
        ["เลขประจำตัวประชาชน", "ชื่อ-สกุล", "หมู่ที่", "โทรศัพท์", "รหัสธนาคาร", "เลขที่บัญชี"],
        [person.national_id, "นางสมศรี มีสุข", "2", "081-222-2222", "006", "2222222222"],
        [same.national_id, f"{same.title}{same.first_name} {same.last_name}", "", "089-999-9999", "", ""],
    ])

    job = await flow.upload(client, headers, content, "update.csv")
    assert flow.counts(await flow.job(client, headers, job["id"])) == (0, 1, 1, 0)
    [row] = await flow.changed(client, headers, job["id"])
    assert row["line"] == 2
    assert row["changes"] == {
        "village_id": {"before": str(v1.id), "after": str(v2.id)},
        "phone": {"before": "081-111-1111", "after": "081-222-2222"},
        "bank_account": {"before": "006 1111111111", "after": "006 2222222222"},
    }
    await flow.commit(client, headers, job["id"])
    assert (await flow.job(client, headers, job["id"]))["status"] == "committed"

    fresh = (await db.execute(select(Citizen).where(Citizen.id == person.id)
                              .execution_options(populate_existing=True))).scalar_one()
    assert (fresh.phone, fresh.village_id, fresh.version) == ("081-222-2222", v2.id, version + 1)
    entry = (await db.execute(select(AuditEntry).where(AuditEntry.entity_id == str(person.id),
                                                       AuditEntry.action == "import.citizens.update"))).scalar_one()
    assert entry.entity == "citizens" and entry.actor_kind == "user"
    assert entry.before == {"village_id": str(v1.id), "phone": "081-111-1111", "bank_account": "006 1111111111"}
    assert entry.after == {"village_id": str(v2.id), "phone": "081-222-2222", "bank_account": "006 2222222222"}
    accounts = {a.account_no: a for a in (await db.execute(
        select(BankAccount).where(BankAccount.citizen_id == person.id).execution_options(populate_existing=True)))
        .scalars()}
    assert accounts["2222222222"].is_primary and not accounts[old_account.account_no].is_primary
    assert accounts[old_account.account_no].ended_on is None  # kept, only no longer where payments go
    summary = (await db.execute(select(AuditEntry).where(AuditEntry.entity_id == job["id"],
                                                         AuditEntry.action == "import.commit"))).scalar_one()
    assert summary.after == {"kind": "citizens", "changed": 1, "unchanged": 1}


async def _register(db: Any, org: Any, n: int) -> list[Citizen]:
    return [await make_citizen(db, org, first_name=f"คน{i}", phone=f"08{i:08d}") for i in range(n)]


async def test_a_failed_commit_leaves_the_database_as_it_was(db, client, monkeypatch):
    org = await make_organisation(db)
    await make_village(db, org, number=3)
    known = await make_citizen(db, org, phone="081-000-0000")
    headers = await signed_in(db, client, org, "officer")
    newcomers = [national_id() for _ in range(3)]
    content = files.csv_bytes([
        ["เลขประจำตัวประชาชน", "ชื่อ-สกุล", "หมู่ที่", "โทรศัพท์", "เลขที่บัญชี", "รหัสธนาคาร"],
        [known.national_id, f"{known.title}{known.first_name} {known.last_name}", "3", "081-999-9999", "", ""],
        *[[nid, f"นายใหม่{i} ทดสอบ", "3", "", f"99900000{i:02d}", "006"] for i, nid in enumerate(newcomers)],
    ])
    job = await flow.upload(client, headers, content, "race.csv")
    assert flow.counts(await flow.job(client, headers, job["id"])) == (3, 1, 0, 0)

    # Someone corrects the known person after this commit read them and before it writes.
    original = service._merge_citizens

    async def someone_else_first(session, actor, run, *lines):  # type: ignore[no-untyped-def]
        await session.execute(update(Citizen).where(Citizen.id == known.id)
                              .values(phone="080-000-0000", version=Citizen.version + 1))
        await original(session, actor, run, *lines)

    monkeypatch.setattr(service, "_merge_citizens", someone_else_first)
    citizens_before = (await db.execute(select(func.count()).select_from(Citizen))).scalar_one()
    accounts_before = (await db.execute(select(func.count()).select_from(BankAccount))).scalar_one()
    await flow.commit(client, headers, job["id"])
    failed = await flow.job(client, headers, job["id"])
    assert failed["status"] == "failed" and failed["error_code"] == "imports.changed_meanwhile"
    assert (await db.execute(select(func.count()).select_from(Citizen))).scalar_one() == citizens_before
    assert (await db.execute(select(func.count()).select_from(BankAccount))).scalar_one() == accounts_before
    assert (await db.execute(select(Citizen.phone).where(Citizen.id == known.id)
                             .execution_options(populate_existing=True))).scalar_one() == "081-000-0000"
    assert not (await db.execute(select(AuditEntry).where(AuditEntry.action == "import.citizens.update",
                                                          AuditEntry.entity_id == str(known.id)))).first()

    # A failure anywhere in the merge, after people were written, undoes them too.
    async def breaks_late(session, actor, run, *lines):  # type: ignore[no-untyped-def]
        await original(session, actor, run, *lines)
        raise Conflict("disk full", code="imports.test_failure")

    monkeypatch.setattr(service, "_merge_citizens", breaks_late)
    await flow.commit(client, headers, job["id"])
    failed = await flow.job(client, headers, job["id"])
    assert failed["status"] == "failed" and failed["error_code"] == "imports.test_failure"
    assert (await db.execute(select(func.count()).select_from(Citizen))).scalar_one() == citizens_before

    # Once the cause is gone, the same job commits.
    monkeypatch.setattr(service, "_merge_citizens", original)
    await flow.commit(client, headers, job["id"])
    done = await flow.job(client, headers, job["id"])
    assert done["status"] == "committed" and flow.counts(done) == (3, 1, 0, 0)
    assert (await db.execute(select(func.count()).select_from(Citizen))).scalar_one() == citizens_before + 3


async def test_a_commit_merged_chunk_by_chunk_is_still_all_or_nothing(db, client, monkeypatch):
    """Small chunks, so that a commit merges several of them (on PostgreSQL each one as soon as
    it is staged) before the last one fails: the earlier chunks' people are undone too."""
    monkeypatch.setattr(service, "CHUNK_ROWS", 2)
    org = await make_organisation(db)
    await make_village(db, org, number=3)
    known = await make_citizen(db, org, phone="081-000-0000")
    headers = await signed_in(db, client, org, "officer")
    newcomers = [national_id() for _ in range(5)]
    content = files.csv_bytes([
        ["เลขประจำตัวประชาชน", "ชื่อ-สกุล", "หมู่ที่", "โทรศัพท์", "เลขที่บัญชี", "รหัสธนาคาร"],
        *[[nid, f"นายใหม่{i} ทดสอบ", "3", "", f"99900000{i:02d}", "006"] for i, nid in enumerate(newcomers)],
        [newcomers[0], "นายซ้ำ ข้ามชุด", "3", "", "", ""],  # a duplicate of a row two chunks back
        [known.national_id, f"{known.title}{known.first_name} {known.last_name}", "3", "081-999-9999", "", ""],
    ])
    job = await flow.upload(client, headers, content, "chunks.csv")
    assert flow.counts(await flow.job(client, headers, job["id"])) == (5, 1, 0, 1)
    original = service._merge_citizens
    merged: list[tuple[int, int] | None] = []

    async def breaks_on_the_last(session, actor, run, *lines):  # type: ignore[no-untyped-def]
        merged.append(lines[0] if lines else None)
        await original(session, actor, run, *lines)
        if not lines or lines[0][1] == 8:
            raise Conflict("disk full", code="imports.test_failure")

    monkeypatch.setattr(service, "_merge_citizens", breaks_on_the_last)
    citizens_before = (await db.execute(select(func.count()).select_from(Citizen))).scalar_one()
    await flow.commit(client, headers, job["id"])
    failed = await flow.job(client, headers, job["id"])
    assert failed["status"] == "failed" and failed["error_code"] == "imports.test_failure"
    if db.bind.dialect.name == "postgresql":
        assert merged == [(2, 3), (4, 5), (6, 7), (8, 8)]
    else:
        assert merged == [None]
    assert (await db.execute(select(func.count()).select_from(Citizen))).scalar_one() == citizens_before
    assert not (await db.execute(select(Citizen.id).where(Citizen.national_id.in_(newcomers)))).first()

    monkeypatch.setattr(service, "_merge_citizens", original)
    await flow.commit(client, headers, job["id"])
    done = await flow.job(client, headers, job["id"])
    assert done["status"] == "committed" and flow.counts(done) == (5, 1, 0, 1)
    assert [(r["line"], r["errors"][0]["code"]) for r in await flow.rejected(client, headers, job["id"])] == [
        (7, "imports.duplicate_in_file")]
    assert (await db.execute(select(func.count()).select_from(Citizen))).scalar_one() == citizens_before + 5
    assert (await db.execute(select(func.count()).select_from(BankAccount)
                             .where(BankAccount.account_no.like("99900000%")))).scalar_one() == 5
    entry = (await db.execute(select(AuditEntry).where(AuditEntry.entity_id == str(known.id),
                                                       AuditEntry.action == "import.citizens.update"))).scalar_one()
    assert entry.before["phone"] == "081-000-0000" and entry.after["phone"] == "081-999-9999"


async def test_a_commit_is_refused_twice_and_after_success(db, client):
    org = await make_organisation(db)
    headers = await signed_in(db, client, org, "officer")
    content = files.csv_bytes([["เลขประจำตัวประชาชน", "ชื่อ", "นามสกุล", "เพศ"],
                               [national_id(), "สมใจ", "ดีงาม", "หญิง"]])
    job = await flow.upload(client, headers, content, "one.csv", dry_run=False)
    assert (await flow.job(client, headers, job["id"]))["status"] == "committed"
    r = await client.post(f"/api/v1/imports/{job['id']}/commit", headers=headers)
    assert r.status_code == 409 and r.json()["code"] == "imports.not_committable"
    r = await client.post(f"/api/v1/imports/{uuid.uuid4()}/commit", headers=headers)
    assert r.status_code == 404 and r.json()["code"] == "imports.not_found"


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
async def test_export_then_import_is_a_no_op(db, client, fmt):
    org = await make_organisation(db)
    village = await make_village(db, org, number=4)
    people = [
        await make_citizen(db, org, birth_date=date(1950, 5, 12), village_id=village.id, house_number="12/3",
                           phone="081-234-5678", first_name_en="Somying", last_name_en="Jaidee",
                           house_registration_no="36060012345", address_extra="ซอย 2"),
        await make_citizen(db, org, title="นาย", sex="male", first_name="บุญมี", birth_date=date(1948, 1, 1),
                           birth_precision="year"),
        await make_citizen(db, org, title="นางสาว", first_name="มาลี", birth_date=date(1960, 3, 1),
                           birth_precision="month"),
        await make_citizen(db, org, title="เด็กชาย", sex="male", first_name="ต้น", birth_date=None),
    ]
    await make_bank_account(db, people[0], account_no="1234567890", branch="จัตุรัส")
    headers = await signed_in(db, client, org, "officer")

    r = await client.get(f"/api/v1/exports/citizens.{fmt}", headers=headers)
    assert r.status_code == 200, r.text
    assert r.headers["content-type"].startswith("text/csv" if fmt == "csv" else "application/vnd.openxml")
    job = await flow.upload(client, headers, r.content, f"export.{fmt}", dry_run=False)
    job = await flow.job(client, headers, job["id"])
    assert job["unknown_columns"] == []
    assert flow.counts(job) == (0, 0, 4, 0), await flow.rejected(client, headers, job["id"])
    exported = r.content if fmt == "xlsx" else r.content.decode("utf-8-sig")
    if fmt == "csv":
        assert "12/05/2493" in exported and ",2491," in exported and "03/2503" in exported  # BE, parts known only


async def test_unknown_columns_are_reported_and_a_column_map_overrides_the_declared_one(db, client):
    org = await make_organisation(db)
    headers = await signed_in(db, client, org, "officer")
    nid = national_id()
    content = files.csv_bytes([["เลขประจำตัวประชาชน", "ชื่อผู้รับเงิน", "สีที่ชอบ", "อายุ"],
                               [nid, "นางสมหญิง ใจดี", "ฟ้า", "72"]])

    r = await client.post("/api/v1/imports", headers=headers, data={"kind": "citizens"},
                          files={"file": ("x.csv", content)})
    assert r.status_code == 422
    assert r.json()["code"] == "imports.missing_columns"
    assert r.json()["unknown_columns"] == ["ชื่อผู้รับเงิน", "สีที่ชอบ"]

    job = await flow.upload(client, headers, content, "x.csv", column_map={"ชื่อผู้รับเงิน": "full_name"})
    job = await flow.job(client, headers, job["id"])
    assert job["column_map"] == {"เลขประจำตัวประชาชน": "national_id", "ชื่อผู้รับเงิน": "full_name"}
    assert job["unknown_columns"] == ["สีที่ชอบ"]  # reported, not silently dropped; อายุ is read as nothing
    assert flow.counts(job) == (1, 0, 0, 0)

    for bad, code in (({"ชื่อผู้รับเงิน": "favourite_colour"}, "imports.unknown_field"),
                      ({"ไม่มีคอลัมน์นี้": "full_name"}, "imports.override_header_missing"),
                      ({"ชื่อผู้รับเงิน": "full_name", "สีที่ชอบ": "full_name"}, "imports.duplicate_column")):
        r = await client.post("/api/v1/imports", headers=headers, data={"kind": "citizens", "column_map":
                              __import__("json").dumps(bad)}, files={"file": ("x.csv", content)})
        assert r.status_code == 422 and r.json()["code"] == code, r.text


async def test_rows_of_another_organisation_are_refused(db, client):
    org = await make_organisation(db, code="1111111")
    other = await make_organisation(db)
    mine = await make_village(db, org, number=1, dopa_code="36060601")
    theirs = await make_village(db, other, number=1, dopa_code="36060699")
    headers = await signed_in(db, client, org, "officer")
    a, b, c, d = (national_id() for _ in range(4))
    content = files.csv_bytes([
        ["เลขประจำตัวประชาชน", "ชื่อ-สกุล", "เพศ", "หมู่ที่", "รหัส อปท."],
        [a, "นายหนึ่ง ทดสอบ", "ชาย", str(mine.id), "1111111"],
        [b, "นายสอง ทดสอบ", "ชาย", str(theirs.id), ""],
        [c, "นายสาม ทดสอบ", "ชาย", "36060699", ""],
        [d, "นายสี่ ทดสอบ", "ชาย", "1", "2222222"],
    ])
    job = await flow.upload(client, headers, content, "mixed.csv")
    assert flow.counts(await flow.job(client, headers, job["id"])) == (1, 0, 0, 3)
    assert [(r["line"], r["errors"][0]["code"]) for r in await flow.rejected(client, headers, job["id"])] == [
        (3, "villages.not_found"), (4, "villages.not_found"), (5, "imports.other_organisation")]


async def test_the_report_downloads_as_xlsx_with_the_original_rows_and_an_error_column(db, client):
    org = await make_organisation(db)
    await make_village(db, org, number=3)
    headers = await signed_in(db, client, org, "officer")
    ids = [national_id() for _ in range(7)]
    content, name = _file("csv-utf8", ids)
    job = await flow.upload(client, headers, content, name)

    r = await client.get(f"/api/v1/imports/{job['id']}/report.xlsx", headers=headers)
    assert r.status_code == 200
    sheet = files.read_xlsx(r.content)
    assert sheet[0] == [*HEADER, "ข้อผิดพลาด"]
    assert len(sheet) == 12
    def error(row: list[Any]) -> Any:
        return row[len(HEADER)] if len(row) > len(HEADER) else None

    assert sheet[1][1] == _dashed(ids[0]) and error(sheet[1]) is None  # as typed, no error
    assert "national_id.check_digit" in error(sheet[5]) and "หลักที่ 13" in error(sheet[5])
    assert [row[0] for row in sheet[1:] if error(row)] == ["5", "6", "7", "8", "9", "10", "11"]

    r = await client.get(f"/api/v1/imports/{job['id']}/report.xlsx", headers=headers,
                         params={"rejected_only": True})
    assert [row[0] for row in files.read_xlsx(r.content)[1:]] == ["5", "6", "7", "8", "9", "10", "11"]

    # The corrected report imports again: its error column is read as nothing.
    corrected = files.read_xlsx(r.content)
    job2 = await flow.upload(client, headers, files.xlsx_bytes(corrected), "report.xlsx")
    assert (await flow.job(client, headers, job2["id"]))["unknown_columns"] == []


async def test_a_header_below_title_lines_is_found_and_line_numbers_are_the_files(db, client):
    org = await make_organisation(db)
    headers = await signed_in(db, client, org, "officer")
    content = files.xlsx_bytes([
        ["บัญชีรายชื่อผู้มีสิทธิรับเงินเบี้ยยังชีพ ประจำปีงบประมาณ 2568"],
        ["เทศบาลตำบลหนองบัวใหญ่"],
        [],
        ["ที่", "เลขประจำตัวประชาชน", "ชื่อ - นามสกุล", "วดป เกิด", "เพศ"],
        [1, int(national_id()), "นางทองดี ศรีสุข", "00/00/2490", "หญิง"],
        [2, "123", "นายผิด ทดสอบ", "01/01/2490", "ชาย"],
    ])
    job = await flow.upload(client, headers, content, "dla.xlsx")
    job = await flow.job(client, headers, job["id"])
    assert job["rows_total"] == 2 and flow.counts(job) == (1, 0, 0, 1)
    [row] = await flow.rejected(client, headers, job["id"])
    assert (row["line"], row["national_id"], row["errors"][0]["code"]) == (6, "123", "national_id.length")


async def test_unreadable_files_are_refused_with_a_reason(db, client):
    org = await make_organisation(db)
    headers = await signed_in(db, client, org, "officer")
    for content, name, code in (
        (b"", "empty.csv", "imports.empty_file"),
        (b"PK\x03\x04 not really a zip", "broken.xlsx", "imports.unreadable_file"),
        (files.csv_bytes([["a", "b"], ["1", "2"]]), "plain.csv", "imports.no_header_row"),
        (bytes([0x81, 0x8d, 0x8e]) * 4, "binary.csv", "imports.encoding_unknown"),
    ):
        r = await client.post("/api/v1/imports", headers=headers, data={"kind": "citizens"},
                              files={"file": (name, content)})
        assert r.status_code == 422, r.text
        assert r.json()["code"] == code, (name, r.json())
    assert (await db.execute(select(func.count()).select_from(ImportJob)
                             .where(ImportJob.organisation_id == org.id))).scalar_one() == 0


@pytest.mark.parametrize("role", ["viewer", "leader", "finance"])
async def test_importing_needs_the_permission(db, client, role):
    org = await make_organisation(db)
    headers = await signed_in(db, client, org, role)
    content = files.csv_bytes([["เลขประจำตัวประชาชน", "ชื่อ-สกุล"], [national_id(), "นายหนึ่ง ทดสอบ"]])
    r = await client.post("/api/v1/imports", headers=headers, data={"kind": "citizens"},
                          files={"file": ("x.csv", content)})
    assert r.status_code == 403 and r.json()["code"] == "forbidden.permission"
    r = await client.get("/api/v1/imports", headers=headers)
    assert r.status_code == 403


async def test_jobs_are_listed_newest_first_and_the_declared_columns_are_published(db, client):
    org = await make_organisation(db)
    headers = await signed_in(db, client, org, "officer")
    content = files.csv_bytes([["เลขประจำตัวประชาชน", "ชื่อ-สกุล", "เพศ"], [national_id(), "นายหนึ่ง ทดสอบ", "ชาย"]])
    first = await flow.upload(client, headers, content, "1.csv")
    second = await flow.upload(client, headers, content, "2.csv", dry_run=False)
    r = await client.get("/api/v1/imports", headers=headers)
    assert [j["id"] for j in r.json()["items"]] == [second["id"], first["id"]]
    r = await client.get("/api/v1/imports", headers=headers, params={"status": "validated"})
    assert [j["id"] for j in r.json()["items"]] == [first["id"]]

    r = await client.get("/api/v1/imports/columns", headers=headers, params={"kind": "citizens"})
    assert r.status_code == 200
    by_field = {c["field"]: c for c in r.json()["columns"]}
    assert by_field["birth_date"]["header_th"] == "วันเกิด" and "วัน/เดือน/ปีเกิด" in by_field["birth_date"]["headers"]


async def test_a_less_precise_birth_date_does_not_overwrite_the_registers_own(db, client):
    org = await make_organisation(db)
    full = await make_citizen(db, org, birth_date=date(1952, 5, 12), birth_precision="day")
    wrong = await make_citizen(db, org, birth_date=date(1952, 5, 12), birth_precision="day")
    vague = await make_citizen(db, org, birth_date=date(1952, 1, 1), birth_precision="year")
    headers = await signed_in(db, client, org, "officer")
    content = files.csv_bytes([
        ["เลขประจำตัวประชาชน", "ชื่อ", "นามสกุล", "วันเกิด"],
        [full.national_id, full.first_name, full.last_name, "2495"],
        [wrong.national_id, wrong.first_name, wrong.last_name, "2496"],
        [vague.national_id, vague.first_name, vague.last_name, "12/05/2495"],
    ])
    job = await flow.upload(client, headers, content, "births.csv")
    assert flow.counts(await flow.job(client, headers, job["id"])) == (0, 2, 1, 0)
    assert {r["line"]: r["changes"]["birth_date"] for r in await flow.changed(client, headers, job["id"])} == {
        3: {"before": "1952-05-12", "after": "1953-01-01"}, 4: {"before": "1952-01-01", "after": "1952-05-12"}}


async def test_no_account_is_added_for_someone_who_has_died(db, client):
    org = await make_organisation(db)
    person = await make_citizen(db, org, death_date=date(2024, 3, 1), death_note="มรณบัตร 1/2567")
    headers = await signed_in(db, client, org, "officer")
    content = files.csv_bytes([["เลขประจำตัวประชาชน", "ชื่อ", "นามสกุล", "รหัสธนาคาร", "เลขที่บัญชี"],
                               [person.national_id, person.first_name, person.last_name, "006", "1234567890"]])
    job = await flow.upload(client, headers, content, "dead.csv")
    [row] = await flow.rejected(client, headers, job["id"])
    assert (row["line"], row["errors"][0]["code"]) == (2, "citizens.deceased")
