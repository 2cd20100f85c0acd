"""Allowance beneficiaries (lists from the national allowance database) and group members:
imported through their domains' rules, reported line by line, idempotent, and exported back."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from sqlalchemy import func, select

from chumchon.allowances.models import Registration, Suspension
from chumchon.citizens.models import Citizen
from chumchon.citizens.service import today
from chumchon.core.audit import AuditEntry
from chumchon.groups.models import GroupMember
from tests.allowances.flow import make_registration
from tests.citizens.factories import make_citizen, national_id
from tests.factories import make_organisation, make_village, signed_in
from tests.groups.factories import make_group, make_group_member
from tests.imports import files, flow

DLA_HEADER = ["ลำดับ", "เลขประจำตัวประชาชน", "ชื่อ - นามสกุล", "วัน/เดือน/ปีเกิด", "ประเภท", "เดือนที่เริ่มรับ",
              "สถานะ", "จำนวนเงิน", "รายได้ต่อปี", "เลขที่บัญชี", "ธนาคาร"]


def _month_before(day: date) -> date:
    return date(day.year - 1, 12, 1) if day.month == 1 else date(day.year, day.month - 1, 1)


async def test_a_national_database_list_imports_people_and_their_registrations(db, client):
    org = await make_organisation(db)
    await make_village(db, org, number=3)
    known = await make_citizen(db, org)
    await make_registration(db, known, state="active", start_month=date(2020, 10, 1), received_on=date(2020, 9, 1))
    paused = await make_citizen(db, org)
    await make_registration(db, paused, state="suspended", start_month=date(2021, 10, 1),
                            received_on=date(2021, 9, 1))
    headers = await signed_in(db, client, org, "officer")
    a, d = national_id(), national_id()
    content = files.xlsx_bytes([
        ["บัญชีรายชื่อผู้มีสิทธิรับเงินเบี้ยยังชีพ ประจำปีงบประมาณ พ.ศ. 2568"],
        [*DLA_HEADER, "วันที่ให้ความยินยอม"],
        [1, a, "นางทองดี ศรีสุข", "00/00/2490", "ผู้สูงอายุ", "ต.ค. 2567", "รับเงิน", "1,000", "24,000", "123-4-56789-0",
         "006"],
        [2, a, "นางทองดี ศรีสุข", "00/00/2490", "คนพิการ", "11/2567", "ระงับ", "800", None, None, None],
        [3, a, "นางทองดี ศรีสุข", "00/00/2490", "เบี้ยยังชีพผู้สูงอายุ", "ต.ค. 2567", "รับเงิน", None, None, None, None],
        [4, known.national_id, f"{known.title}{known.first_name} {known.last_name}", None, "ผู้สูงอายุ", "ต.ค. 2563",
         "รับเงิน", None, None, None, None],
        [5, paused.national_id, f"{paused.title}{paused.first_name} {paused.last_name}", None, "ผู้สูงอายุ",
         "ต.ค. 2564", "รับเงิน", None, None, None, None],
        [6, d, "นายเอ ทดสอบ", "01/01/2510", "ผู้ป่วยเอดส์", "ม.ค. 2568", "รับเงิน", "500", None, None, None,
         "15/12/2567"],
        [7, national_id(), "นายบี ทดสอบ", "01/01/2500", "เบี้ยเด็กแรกเกิด", "ม.ค. 2568", "รับเงิน", None, None, None,
         None],
        [8, national_id(), "นายซี ทดสอบ", "01/01/2500", "ผู้สูงอายุ", None, "รับเงิน", None, "หนึ่งหมื่น", None,
         None],
    ])
    job = await flow.upload(client, headers, content, "dla.xlsx", kind="beneficiaries")
    job = await flow.job(client, headers, job["id"])
    assert job["unknown_columns"] == []
    assert flow.counts(job) == (3, 0, 1, 4)
    assert [(r["line"], e["field"], e["code"]) for r in await flow.rejected(client, headers, job["id"])
            for e in r["errors"]] == [
        (5, "programme", "imports.duplicate_in_file"),
        (7, "status", "imports.registration_state_differs"),
        (9, "programme", "imports.programme_unknown"),
        (10, "start_month", "imports.required"),
        (10, "annual_income", "money.invalid"),
    ]

    await flow.commit(client, headers, job["id"])
    job = await flow.job(client, headers, job["id"])
    assert job["status"] == "committed" and flow.counts(job) == (3, 0, 1, 4)
    person = (await db.execute(select(Citizen).where(Citizen.national_id == a))).scalar_one()
    assert (person.title, person.birth_date, person.birth_precision, person.sex) == ("นาง", date(1947, 1, 1), "year",
                                                                                     "female")
    regs = {r.programme: r for r in (await db.execute(select(Registration).where(
        Registration.citizen_id == person.id))).scalars()}
    assert set(regs) == {"elderly", "disability"}
    elderly, disability = regs["elderly"], regs["disability"]
    assert (elderly.state, elderly.start_month, elderly.fiscal_year, elderly.annual_income) == (
        "active", date(2024, 10, 1), 2568, Decimal("24000.00"))
    assert (elderly.received_on, disability.state, disability.start_month) == (date(2024, 9, 1), "suspended",
                                                                               date(2024, 11, 1))
    # The months the previous system paid are not paid again as back pay; the suspension stays open.
    paid_through = _month_before(today())
    suspensions = {(s.registration_id, s.from_month, s.until_month) for s in (await db.execute(
        select(Suspension).where(Suspension.registration_id.in_([elderly.id, disability.id])))).scalars()}
    assert suspensions == {(elderly.id, date(2024, 10, 1), paid_through),
                           (disability.id, date(2024, 11, 1), paid_through),
                           (disability.id, date(paid_through.year + (paid_through.month == 12),
                                                paid_through.month % 12 + 1, 1), None)}
    hiv = (await db.execute(select(Registration).join(Citizen, Citizen.id == Registration.citizen_id)
                            .where(Citizen.national_id == d))).scalar_one()
    assert (hiv.programme, hiv.consented_on, hiv.consent_by) == ("hiv", date(2024, 12, 15), "self")

    # The same list again changes nothing.
    again = await flow.upload(client, headers, content, "dla.xlsx", kind="beneficiaries", dry_run=False)
    again = await flow.job(client, headers, again["id"])
    assert again["status"] == "committed" and flow.counts(again) == (0, 0, 4, 4)
    assert (await db.execute(select(func.count()).select_from(Registration)
                             .where(Registration.organisation_id == org.id))).scalar_one() == 5


async def test_hiv_rows_need_the_permission_to_read_health_data_and_never_leave_in_an_export_without_it(db, client):
    org = await make_organisation(db)
    person = await make_citizen(db, org)
    await make_registration(db, person, programme="hiv", state="active", start_month=date(2024, 1, 1))
    other = await make_citizen(db, org, first_name="เปิดเผย")
    await make_registration(db, other, programme="elderly", state="active", start_month=date(2024, 1, 1))
    admin = await signed_in(db, client, org, "admin")  # imports and writes allowances; no sensitive:read
    officer = await signed_in(db, client, org, "officer")
    content = files.csv_bytes([["เลขประจำตัวประชาชน", "ชื่อ-สกุล", "เพศ", "ประเภทเบี้ย", "เดือนที่เริ่มรับ"],
                               [national_id(), "นายหนึ่ง ทดสอบ", "ชาย", "ผู้ป่วยเอดส์", "01/2568"]])
    job = await flow.upload(client, admin, content, "hiv.csv", kind="beneficiaries")
    assert flow.counts(await flow.job(client, admin, job["id"])) == (0, 0, 0, 1)
    # The report names someone on the HIV/AIDS programme: health data, for sensitive:read only.
    for path in ("rejected", "changed", "report.xlsx"):
        r = await client.get(f"/api/v1/imports/{job['id']}/{path}", headers=admin)
        assert r.status_code == 403 and r.json()["code"] == "imports.sensitive_report", path
    [row] = await flow.rejected(client, officer, job["id"])
    assert row["errors"][0]["code"] == "imports.sensitive_programme"
    logged = (await db.execute(select(AuditEntry).where(AuditEntry.entity_id == job["id"],
                                                        AuditEntry.action == "import.sensitive_report_read"))
              ).scalar_one()
    assert logged.sensitive

    r = await client.get("/api/v1/exports/beneficiaries.csv", headers=admin)
    assert r.status_code == 200
    text = r.content.decode("utf-8-sig")
    assert "เปิดเผย" in text and person.first_name + " " not in text.replace("เปิดเผย", "")
    assert "ผู้ป่วยเอดส์" not in text
    r = await client.get("/api/v1/exports/beneficiaries.csv", headers=admin, params={"programme": "hiv"})
    assert r.status_code == 403
    r = await client.get("/api/v1/exports/beneficiaries.csv", headers=officer)
    assert "ผู้ป่วยเอดส์" in r.content.decode("utf-8-sig")


async def test_beneficiaries_export_then_import_is_a_no_op(db, client):
    org = await make_organisation(db)
    village = await make_village(db, org, number=2)
    one = await make_citizen(db, org, village_id=village.id)
    await make_registration(db, one, state="active", start_month=date(2024, 10, 1), received_on=date(2024, 9, 15),
                            request_no="12/2567", annual_income=Decimal("24000.00"), note="ย้ายมาจาก อบต.")
    two = await make_citizen(db, org, title="นาย", sex="male", first_name="บุญมี")
    await make_registration(db, two, programme="disability", state="suspended", start_month=date(2023, 5, 1),
                            received_on=date(2023, 4, 2), disability_card_no="3360600123451",
                            disability_card_expires_on=date(2030, 1, 31), payment_method="cash")
    headers = await signed_in(db, client, org, "officer")
    for fmt in ("csv", "xlsx"):
        r = await client.get(f"/api/v1/exports/beneficiaries.{fmt}", headers=headers)
        assert r.status_code == 200, r.text
        job = await flow.upload(client, headers, r.content, f"b.{fmt}", kind="beneficiaries", dry_run=False)
        job = await flow.job(client, headers, job["id"])
        assert job["unknown_columns"] == []
        assert flow.counts(job) == (0, 0, 2, 0), await flow.rejected(client, headers, job["id"])


async def test_group_members_import_links_the_register_and_is_idempotent(db, client):
    org = await make_organisation(db)
    group = await make_group(db, org, state="membership_opened")
    early = await make_group(db, org, state="founded", name="ยังไม่เปิดรับสมาชิก")
    somsri = await make_citizen(db, org, first_name="สมศรี")
    already = await make_citizen(db, org, first_name="มีแล้ว")
    await make_group_member(db, group, citizen_id=already.id, full_name="นางมีแล้ว ใจดี", joined_on=date(2025, 1, 1))
    headers = await signed_in(db, client, org, "officer")
    stranger = national_id()
    content = files.csv_bytes([
        ["เลขประจำตัวประชาชน", "ชื่อ-สกุล", "วันที่เข้าเป็นสมาชิก"],
        [somsri.national_id, "นางสมศรี ใจดี", "15/01/2568"],
        ["", "นางบัวผัน ไม่มีบัตร", "15/01/2568"],
        [already.national_id, "นางมีแล้ว ใจดี", "01/02/2568"],
        [stranger, "นายแปลก หน้า", "15/01/2568"],
        [somsri.national_id, "นางสมศรี ใจดี", "15/01/2568"],
        ["", "นางบัวผัน ไม่มีบัตร", "16/01/2568"],
        ["", "นางไม่มี วันที่", ""],
    ])
    job = await flow.upload(client, headers, content, "members.csv", kind="group_members", group_id=str(group.id))
    job = await flow.job(client, headers, job["id"])
    assert flow.counts(job) == (2, 1, 0, 4)
    assert [(r["line"], r["errors"][0]["code"]) for r in await flow.rejected(client, headers, job["id"])] == [
        (5, "citizens.not_found"), (6, "imports.duplicate_in_file"), (7, "imports.duplicate_in_file"),
        (8, "imports.required")]
    [changed] = await flow.changed(client, headers, job["id"])
    assert changed["changes"] == {"joined_on": {"before": "2025-01-01", "after": "2025-02-01"}}

    await flow.commit(client, headers, job["id"])
    assert (await flow.job(client, headers, job["id"]))["status"] == "committed"
    members = {(m.citizen_id, m.full_name, m.joined_on) for m in (await db.execute(
        select(GroupMember).where(GroupMember.group_id == group.id).execution_options(populate_existing=True)))
        .scalars()}
    assert members == {(somsri.id, "นางสมศรี ใจดี", date(2025, 1, 15)), (None, "นางบัวผัน ไม่มีบัตร", date(2025, 1, 15)),
                       (already.id, "นางมีแล้ว ใจดี", date(2025, 2, 1))}

    again = await flow.upload(client, headers, content, "members.csv", kind="group_members", group_id=str(group.id),
                              dry_run=False)
    assert flow.counts(await flow.job(client, headers, again["id"])) == (0, 0, 3, 4)

    # The export reads back unchanged.
    r = await client.get(f"/api/v1/exports/groups/{group.id}/members.xlsx", headers=headers)
    assert r.status_code == 200
    back = await flow.upload(client, headers, r.content, "m.xlsx", kind="group_members", group_id=str(group.id))
    assert flow.counts(await flow.job(client, headers, back["id"])) == (0, 0, 3, 0)

    # A group that has not opened its membership takes none; a group id is required.
    r = await client.post("/api/v1/imports", headers=headers, data={"kind": "group_members", "group_id": str(early.id)},
                          files={"file": ("m.csv", content)})
    assert r.status_code == 409 and r.json()["code"] == "groups.step_not_reached"
    r = await client.post("/api/v1/imports", headers=headers, data={"kind": "group_members"},
                          files={"file": ("m.csv", content)})
    assert r.status_code == 422 and r.json()["code"] == "imports.group_required"


async def test_a_new_hiv_registration_needs_the_consent_date_as_at_the_counter(db, client):
    org = await make_organisation(db)
    officer = await signed_in(db, client, org, "officer")
    without, guardian, future = national_id(), national_id(), national_id()
    content = files.csv_bytes([
        ["เลขประจำตัวประชาชน", "ชื่อ-สกุล", "เพศ", "ประเภทเบี้ย", "เดือนที่เริ่มรับ", "วันที่ให้ความยินยอม",
         "ผู้ให้ความยินยอมแทน"],
        [without, "นายหนึ่ง ทดสอบ", "ชาย", "ผู้ป่วยเอดส์", "01/2568", "", ""],
        [guardian, "นายสอง ทดสอบ", "ชาย", "ผู้ป่วยเอดส์", "01/2568", "2 ม.ค. 2568", "นางแม่ ทดสอบ"],
        [future, "นายสาม ทดสอบ", "ชาย", "ผู้ป่วยเอดส์", "01/2568", "01/01/2600", ""],
    ])
    job = await flow.upload(client, officer, content, "hiv.csv", kind="beneficiaries")
    assert flow.counts(await flow.job(client, officer, job["id"])) == (1, 0, 0, 2)
    assert [(r["line"], e["field"], e["code"]) for r in await flow.rejected(client, officer, job["id"])
            for e in r["errors"]] == [(2, "consented_on", "allowance.consent_missing"),
                                      (4, "consented_on", "allowance.consent_in_future")]
    await flow.commit(client, officer, job["id"])
    reg = (await db.execute(select(Registration).join(Citizen, Citizen.id == Registration.citizen_id)
                            .where(Citizen.national_id == guardian))).scalar_one()
    assert (reg.consented_on, reg.consent_by, reg.consent_guardian_name) == (date(2025, 1, 2), "guardian",
                                                                             "นางแม่ ทดสอบ")
    assert reg.consent_officer_id is not None
