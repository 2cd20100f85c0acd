"""Reports: beneficiaries by programme, village, age band and status; money paid by month of a
fiscal year; people turning 60 who have not registered. The HIV/AIDS programme is in them
only for callers with `sensitive:read`, and never as a zero for anyone else."""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal

from openpyxl import load_workbook
from sqlalchemy import select

from chumchon.allowances.service import today
from chumchon.core.audit import AuditEntry
from chumchon.core.thai import fiscal_year_of, mask_national_id
from tests.allowances.flow import API, enrol, lines, make_registration, office, payroll, person, step
from tests.factories import make_village

REPORTS = f"{API}/reports"
D = Decimal


async def _get(client, off, path, who="officer", expect=200, **params):  # type: ignore[no-untyped-def]
    r = await client.get(f"{REPORTS}/{path}", params=params, headers=off.h[who])
    assert r.status_code == expect, r.text
    return r.json()


def _rows(report: dict) -> list[tuple]:
    keys = ("programme", "village_no", "age_band", "status", "count")
    return [tuple(row[k] for k in keys) for row in report["rows"]]


async def test_beneficiaries_by_programme_village_age_band_and_status(db, client):
    off = await office(db, client)
    north = await make_village(db, off.org, number=5, name_th="บ้านโนนสูง")
    await enrol(db, client, off, birth_date=date(1958, 5, 12))                          # 68 on 3 Dec 2026
    _, turning = await enrol(db, client, off, birth_date=date(1956, 12, 4))            # reaches 70 on 3 Dec 2026
    await enrol(db, client, off, birth_date=date(1940, 1, 1), village_id=north.id)     # 86
    _, suspended = await enrol(db, client, off, birth_date=date(1950, 5, 12), village_id=north.id)
    await step(client, off.h["officer"], suspended["id"], "suspend", {"from_month": "2026-01-01",
                                                                      "reason": "under_review"}, note="ตรวจสอบ")
    await enrol(db, client, off, "disability", received_on="2025-06-10", birth_date=date(2012, 3, 1))
    await enrol(db, client, off, "hiv", received_on="2025-06-10", birth_date=date(1980, 3, 1))
    rejected = await person(db, off, birth_date=date(1961, 1, 1))
    await make_registration(db, rejected, state="rejected")
    other = await office(db, client)  # another organisation's people are not counted
    await enrol(db, client, other, birth_date=date(1958, 5, 12))
    await db.commit()

    report = await _get(client, off, "beneficiaries")
    assert report["by"] == ["programme", "status"] and report["on"] == today().isoformat()
    assert _rows(report) == [("disability", None, None, "active", 1), ("elderly", None, None, "active", 3),
                             ("elderly", None, None, "suspended", 1), ("hiv", None, None, "active", 1)]
    assert report["total"] == 6
    assert set(report["rows"][0]) == {"programme", "village_id", "village_no", "village_name", "age_band", "status",
                                      "count"}

    # Without sensitive:read the programme is not there at all: no row, no zero, not in the total.
    for who in ("viewer", "finance", "admin"):
        report = await _get(client, off, "beneficiaries", who)
        assert [r[0] for r in _rows(report)] == ["disability", "elderly", "elderly"] and report["total"] == 5
        assert "hiv" not in str(report)
        for by in ("village", "age_band", "status"):
            report = await _get(client, off, "beneficiaries", who, by=by)
            assert report["total"] == 5
        r = await client.get(f"{REPORTS}/beneficiaries", params={"programme": "hiv"}, headers=off.h[who])
        assert r.status_code == 403 and r.json()["code"] == "forbidden.permission"

    # The elderly band of the age reached that day: 70 is reached the day before the birthday.
    by_age = await _get(client, off, "beneficiaries", by=["age_band"], programme="elderly", on="2026-12-03")
    assert _rows(by_age) == [(None, None, "60-69", None, 1), (None, None, "70-79", None, 2),
                             (None, None, "80-89", None, 1)]
    by_age = await _get(client, off, "beneficiaries", by=["age_band"], programme="elderly", on="2026-12-02")
    assert _rows(by_age) == [(None, None, "60-69", None, 2), (None, None, "70-79", None, 1),
                             (None, None, "80-89", None, 1)]
    everyone = await _get(client, off, "beneficiaries", by=["age_band", "programme"], on="2026-12-03")
    assert ("disability", None, "0-59", None, 1) in _rows(everyone)

    by_village = await _get(client, off, "beneficiaries", by=["village", "status"], programme="elderly")
    assert [(r["village_no"], r["village_name"], r["status"], r["count"]) for r in by_village["rows"]] == [
        (3, "บ้านหนองแวง", "active", 2), (5, "บ้านโนนสูง", "active", 1), (5, "บ้านโนนสูง", "suspended", 1)]
    assert by_village["rows"][0]["village_id"] == str(off.village.id)
    one_village = await _get(client, off, "beneficiaries", by=["programme"], village_id=str(north.id))
    assert _rows(one_village) == [("elderly", None, None, None, 2)]

    # Rejected and ended registrations are counted when asked for by status.
    asked = await _get(client, off, "beneficiaries", status=["rejected", "suspended"])
    assert _rows(asked) == [("elderly", None, None, "rejected", 1), ("elderly", None, None, "suspended", 1)]
    r = await client.get(f"{REPORTS}/beneficiaries", params={"status": "paid"}, headers=off.h["officer"])
    assert r.status_code == 422 and r.json()["code"] == "allowance_report.unknown_status"
    r = await client.get(f"{REPORTS}/beneficiaries", params={"by": "colour"}, headers=off.h["officer"])
    assert r.status_code == 422

    # Counting people on the HIV/AIDS programme is a read of health data: it is logged.
    logged = (await db.execute(select(AuditEntry).where(
        AuditEntry.action == "allowance_report.beneficiaries_sensitive_read",
        AuditEntry.organisation_id == off.org.id))).scalars().all()
    assert logged and all(e.sensitive for e in logged)


async def _export_and_settle(client, off, payroll_id, *, fail_line=None):  # type: ignore[no-untyped-def]
    await step(client, off.h["officer"], payroll_id, "check", subject="payrolls")
    await step(client, off.h["executive"], payroll_id, "approve", subject="payrolls")
    await step(client, off.h["finance"], payroll_id, "export", {"exported_on": "2025-10-05"}, subject="payrolls")
    if fail_line:
        r = await client.post(f"{API}/payrolls/{payroll_id}/lines/{fail_line}/fail", headers=off.h["finance"],
                              json={"reason": "account_closed", "failed_on": "2025-10-12"})
        assert r.status_code == 200, r.text
    await step(client, off.h["finance"], payroll_id, "mark_partly_failed" if fail_line else "mark_paid",
               {"paid_on": "2025-10-10"}, subject="payrolls")


async def test_money_paid_by_month_of_a_fiscal_year(db, client):
    off = await office(db, client)
    _, young = await enrol(db, client, off, birth_date=date(1958, 5, 12))   # 600
    _, old = await enrol(db, client, off, birth_date=date(1950, 5, 12))     # 700
    await enrol(db, client, off, "hiv", received_on="2025-06-10", birth_date=date(1980, 3, 1))
    october = await payroll(client, off, "elderly", "2025-10-01")
    (failed,) = [i["id"] for i in await lines(client, off, october["id"]) if i["registration_id"] == old["id"]]
    await _export_and_settle(client, off, october["id"], fail_line=failed)
    await payroll(client, off, "elderly", "2025-11-01")  # a draft: computed, not paid; pays October again
    await payroll(client, off, "hiv", "2025-10-01")      # July to October, 500 each
    await payroll(client, off, "elderly", "2025-09-01", expect=201)  # fiscal year 2568: not in 2569

    report = await _get(client, off, "payments", fiscal_year=2569)
    assert report["fiscal_year"] == 2569
    got = [(r["month"], r["programme"], r["lines"], D(r["amount"]), D(r["paid_amount"]), D(r["failed_amount"]))
           for r in report["rows"]]
    assert got == [("2025-10-01", "elderly", 2, D("1300"), D("600"), D("700")),
                   ("2025-10-01", "hiv", 4, D("2000"), D("0"), D("0")),
                   ("2025-11-01", "elderly", 3, D("2000"), D("0"), D("0"))]
    assert report["rows"][0]["amount"] == "1300.00"  # exact decimal strings
    assert (report["total_amount"], report["total_paid_amount"], report["total_failed_amount"]) == (
        "5300.00", "600.00", "700.00")

    viewer = await _get(client, off, "payments", "viewer", fiscal_year=2569)
    assert [r["programme"] for r in viewer["rows"]] == ["elderly", "elderly"]
    assert viewer["total_amount"] == "3300.00" and "hiv" not in str(viewer)
    assert (await _get(client, off, "payments", programme="elderly", fiscal_year=2569))["total_amount"] == "3300.00"
    await _get(client, off, "payments", "viewer", expect=403, programme="hiv", fiscal_year=2569)
    assert (await _get(client, off, "payments", fiscal_year=2570))["rows"] == []
    assert (await _get(client, off, "payments"))["fiscal_year"] == fiscal_year_of(today())
    assert young  # the 600 line is the one paid


async def test_people_turning_sixty_who_have_not_registered(db, client):
    off = await office(db, client)
    # Fiscal year 2571 (registration in 2570): born from 2 September 1967 to 1 September 1968.
    first = await person(db, off, first_name="ต้นรุ่น", birth_date=date(1967, 9, 2), bank=False)
    last = await person(db, off, first_name="ท้ายรุ่น", birth_date=date(1968, 9, 1), bank=False)
    year_only = await person(db, off, first_name="รู้แต่ปี", birth_date=date(1968, 1, 1), birth_precision="year",
                             bank=False)
    refused_before = await person(db, off, first_name="เคยถูกปฏิเสธ", birth_date=date(1968, 3, 1), bank=False)
    await make_registration(db, refused_before, state="rejected")
    for name, values in (("ปีก่อน", {"birth_date": date(1967, 9, 1)}), ("ปีหน้า", {"birth_date": date(1968, 9, 2)}),
                         ("ถึงแก่กรรม", {"birth_date": date(1968, 2, 1), "death_date": date(2026, 1, 5)}),
                         ("ย้ายออก", {"birth_date": date(1968, 2, 1), "moved_out_on": date(2026, 1, 5)}),
                         ("ต่างชาติ", {"birth_date": date(1968, 2, 1), "nationality": "LAO"})):
        await person(db, off, first_name=name, bank=False, **values)
    registered = await person(db, off, first_name="ยื่นแล้ว", birth_date=date(1968, 2, 1), bank=False)
    await make_registration(db, registered, state="documents_received", received_on=date(2026, 11, 2))
    elsewhere = await office(db, client)
    await person(db, elsewhere, first_name="ต่างเทศบาล", birth_date=date(1968, 2, 1), bank=False)
    await db.commit()

    page = await _get(client, off, "turning-sixty", "viewer", fiscal_year=2571, sort="birth_date")
    assert [i["citizen"]["first_name"] for i in page["items"]] == ["ต้นรุ่น", "รู้แต่ปี", "เคยถูกปฏิเสธ", "ท้ายรุ่น"]
    assert page["total"] == 4
    item = page["items"][0]
    assert item["citizen"]["national_id_masked"] == mask_national_id(first.national_id)
    assert "national_id" not in item["citizen"]
    assert (item["village_no"], item["village_name"]) == (3, "บ้านหนองแวง")
    assert item["reaches_60_on"] == "2027-09-01" and item["first_month"] == "2027-10-01"
    by_id = {i["citizen"]["id"]: i for i in page["items"]}
    assert by_id[str(last.id)]["reaches_60_on"] == "2028-08-31" and by_id[str(last.id)]["first_month"] == "2028-09-01"
    assert by_id[str(year_only.id)]["citizen"]["birth_date_th"] == "พ.ศ. 2511"

    # By default: the next fiscal year.
    default = await _get(client, off, "turning-sixty")
    explicit = await _get(client, off, "turning-sixty", fiscal_year=fiscal_year_of(today()) + 1)
    assert default == explicit

    r = await client.get(f"{REPORTS}/turning-sixty.xlsx", params={"fiscal_year": 2571}, headers=off.h["viewer"])
    assert r.status_code == 200, r.text
    ws = load_workbook(io.BytesIO(r.content)).active
    names = [row[2] for row in ws.iter_rows(min_row=4, values_only=True)]
    assert sorted(names) == sorted(i["citizen"]["full_name_th"] for i in page["items"])
    assert first.national_id not in str(list(ws.iter_rows(values_only=True)))
