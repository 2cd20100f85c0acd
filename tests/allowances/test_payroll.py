"""Monthly payrolls: amounts against the rate tables, back pay, death, moving away, a rate
change, the guards, the exports, and that one INSERT … SELECT computes them all."""

from __future__ import annotations

import io
import uuid
from datetime import date
from decimal import Decimal

import pytest
from openpyxl import load_workbook
from sqlalchemy import event, func, select
from sqlalchemy.exc import IntegrityError

from chumchon.allowances import bankfile, service
from chumchon.allowances.models import Payroll, PayrollLine, Registration
from chumchon.allowances.schemas import RateVersionCreate
from chumchon.core.context import SYSTEM, Actor
from chumchon.core.errors import Forbidden
from tests.allowances.flow import (
    API,
    amounts,
    enrol,
    lines,
    make_line,
    office,
    payroll,
    pdf_text,
    person,
    register,
    step,
    to_active,
)

D = Decimal


def _months(first: str, values: list[str]) -> dict[str, Decimal]:
    y, m = map(int, first.split("-"))
    out = {}
    for v in values:
        out[f"{y:04d}-{m:02d}"] = D(v)
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


async def _pay(client, off, payroll_id, *, who="finance") -> None:  # type: ignore[no-untyped-def]
    await step(client, off.h["officer"], payroll_id, "check", subject="payrolls")
    await step(client, off.h["executive"], payroll_id, "approve", subject="payrolls")
    await step(client, off.h[who], payroll_id, "export", {"exported_on": "2025-10-05"}, subject="payrolls")
    await step(client, off.h[who], payroll_id, "mark_paid", {"paid_on": "2025-10-10"}, subject="payrolls")


async def _set(client, off, programme: str, **changes) -> None:  # type: ignore[no-untyped-def]
    r = await client.get(f"{API}/programmes/{programme}/settings", headers=off.h["admin"])
    r = await client.patch(f"{API}/programmes/{programme}/settings", json=changes,
                           headers={**off.h["admin"], "If-Match": r.headers["ETag"]})
    assert r.status_code == 200, r.text


PAYER_ACCOUNT = {"payer_company_id": "0012345", "payer_bank_code": "006", "payer_branch_code": "0123",
                 "payer_account_no": "9876543210", "payer_account_name": "เทศบาลตำบลทดสอบ"}


# --- each programme, from the documents to the first payroll and its file -----------------------------


@pytest.mark.parametrize(("programme", "born", "received", "month", "amount"), [
    ("elderly", date(1958, 5, 12), "2024-11-15", "2025-10-01", "600.00"),
    ("disability", date(2012, 3, 1), "2025-06-10", "2025-07-01", "1000.00"),
    ("hiv", date(1980, 3, 1), "2025-06-10", "2025-07-01", "500.00"),
])
async def test_each_programme_from_documents_to_the_first_payroll_and_its_file(
        db, client, programme, born, received, month, amount):
    off = await office(db, client)
    await _set(client, off, programme, **PAYER_ACCOUNT)
    citizen, reg = await enrol(db, client, off, programme, received_on=received, birth_date=born,
                               first_name="ทองใบ", last_name="ใจงาม")
    assert reg["start_month"] == month
    who = "treasurer" if programme == "hiv" else "finance"  # paying HIV needs sensitive:read as well
    p = await payroll(client, off, programme, month)
    assert p["state"] == "draft" and p["line_count"] == 1 and p["total"] == amount
    assert p["payer"] == ("lao" if programme == "hiv" else "cgd")
    (line,) = await lines(client, off, p["id"])
    assert (line["month_paid"], line["amount"], line["is_back_pay"]) == (month, amount, False)
    assert line["account_no_masked"].startswith("xxxxxx") and line["account_name"] == "นางทองใบ ใจงาม"

    await step(client, off.h["officer"], p["id"], "check", subject="payrolls")
    await step(client, off.h["executive"], p["id"], "approve", subject="payrolls")

    r = await client.get(f"{API}/payrolls/{p['id']}/roster.xlsx", headers=off.h[who])
    assert r.status_code == 200, r.text
    sheet = load_workbook(io.BytesIO(r.content)).active
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    assert any("นางทองใบ ใจงาม" in row for row in rows)
    assert any(row[7] == D(amount) for row in rows[4:5])

    r = await client.get(f"{API}/payrolls/{p['id']}/bank-file", headers=off.h[who])
    if programme == "hiv":
        assert r.status_code == 200, r.text
        header, detail = bankfile.parse(bankfile.KTB_DIRECT_CREDIT, r.content)
        assert header["total_count"] == "0000001"
        assert int(header["total_amount"]) == int(D(amount) * 100)  # satang
        assert int(detail["amount"]) == int(D(amount) * 100)
        assert detail["receiver_name"] == "นางทองใบ ใจงาม" and detail["sending_account"] == "09876543210"
        assert r.headers["X-Lines-Left-Out"] == "0"
    else:
        # CGD pays the elderly and disability allowances directly: the roster is reconciled instead.
        assert r.status_code == 409 and r.json()["code"] == "payroll.paid_by_cgd"

    await step(client, off.h[who], p["id"], "export", {"exported_on": "2025-07-05"}, subject="payrolls")
    view = await step(client, off.h[who], p["id"], "mark_paid", {"paid_on": "2025-07-10"}, subject="payrolls")
    assert view["state"] == "paid"
    assert [i["status"] for i in await lines(client, off, p["id"])] == ["paid"]
    r = await client.get(f"{API}/registrations/{reg['id']}/payments", headers=off.h["officer"])
    assert [(i["month_paid"], i["status"]) for i in r.json()["items"]] == [(month, "paid")]


async def test_the_payer_is_a_setting(db, client):
    off = await office(db, client)
    await _set(client, off, "elderly", payer="lao", **PAYER_ACCOUNT)
    _, reg = await enrol(db, client, off, birth_date=date(1958, 5, 12))
    p = await payroll(client, off, "elderly", "2025-10-01")
    assert p["payer"] == "lao"
    await step(client, off.h["officer"], p["id"], "check", subject="payrolls")
    await step(client, off.h["executive"], p["id"], "approve", subject="payrolls")
    r = await client.get(f"{API}/payrolls/{p['id']}/bank-file", params={"effective_date": "2025-10-09",
                                                                         "batch_no": 3}, headers=off.h["finance"])
    assert r.status_code == 200, r.text
    header, _ = bankfile.parse(bankfile.KTB_DIRECT_CREDIT, r.content)
    assert header["effective_date"] == "09102025" and header["batch_no"] == "000003"


# --- amounts against the rate tables -------------------------------------------------------------------------


async def test_ages_crossing_a_band_within_the_year(db, client):
    off = await office(db, client)
    _, turns_70 = await enrol(db, client, off, birth_date=date(1955, 12, 15))   # 70 on 14 Dec 2025
    _, turns_80 = await enrol(db, client, off, birth_date=date(1946, 3, 1))     # 80 on 28 Feb 2026
    _, turns_90 = await enrol(db, client, off, birth_date=date(1935, 10, 2))    # 90 on 1 Oct 2025: from November
    _, turns_60 = await enrol(db, client, off, birth_date=date(1966, 3, 15))    # 60 on 14 Mar 2026
    assert turns_60["start_month"] == "2026-04-01"

    # One payroll for September 2026 pays the whole fiscal year owed: a line per month.
    p = await payroll(client, off, "elderly", "2026-09-01")
    items = await lines(client, off, p["id"])
    assert amounts(items, turns_70["id"]) == _months("2025-10", ["600"] * 3 + ["700"] * 9)
    assert amounts(items, turns_80["id"]) == _months("2025-10", ["700"] * 5 + ["800"] * 7)
    assert amounts(items, turns_90["id"]) == _months("2025-10", ["800"] + ["1000"] * 11)
    assert amounts(items, turns_60["id"]) == _months("2026-04", ["600"] * 6)
    assert p["line_count"] == 12 * 3 + 6
    assert D(p["total"]) == sum(D(i["amount"]) for i in items)
    by_month = {i["month_paid"]: i for i in items if i["registration_id"] == turns_70["id"]}
    assert (by_month["2025-12-01"]["age"], by_month["2025-12-01"]["band_label_th"]) == (69, "อายุ 60-69 ปี")
    assert (by_month["2026-01-01"]["age"], by_month["2026-01-01"]["band_label_th"]) == (70, "อายุ 70-79 ปี")
    assert by_month["2025-10-01"]["is_back_pay"] and not by_month["2026-09-01"]["is_back_pay"]

    # The next month pays the next month only: nothing is paid twice.
    p = await payroll(client, off, "elderly", "2026-10-01")
    assert {i["month_paid"] for i in await lines(client, off, p["id"])} == {"2026-10-01"}


async def test_a_higher_band_from_the_next_fiscal_year_when_so_set(db, client):
    off = await office(db, client)
    await _set(client, off, "elderly", band_start="next_fiscal_year")
    _, turns_70 = await enrol(db, client, off, birth_date=date(1955, 12, 15))
    _, turns_60 = await enrol(db, client, off, birth_date=date(1966, 3, 15))  # 59 on 1 October 2025
    p = await payroll(client, off, "elderly", "2026-10-01")
    assert p["rules"]["band_start"] == "next_fiscal_year"
    items = await lines(client, off, p["id"])
    assert amounts(items, turns_70["id"]) == _months("2025-11", ["600"] * 11 + ["700"])
    assert amounts(items, turns_60["id"]) == _months("2026-04", ["600"] * 7)


async def test_the_disability_rate_changes_at_eighteen(db, client):
    off = await office(db, client)
    _, child = await enrol(db, client, off, "disability", received_on="2025-06-10", birth_date=date(2008, 1, 20))
    p = await payroll(client, off, "disability", "2026-03-01")
    assert amounts(await lines(client, off, p["id"]), child["id"]) == _months(
        "2025-07", ["1000"] * 7 + ["800"] * 2)  # 18 on 19 January 2026: the adult rate from February


async def test_a_rate_change_mid_year_applies_from_its_date(db, client):
    off = await office(db, client)
    _, early = await enrol(db, client, off, birth_date=date(1950, 5, 12))  # 75
    march = await payroll(client, off, "elderly", "2026-03-01")
    assert amounts(await lines(client, off, march["id"]), early["id"])["2026-03"] == D("700")

    new_rates = RateVersionCreate(programme="elderly", effective_from=date(2026, 4, 1), source="มติ ครม. (ทดสอบ)",
                                  bands=[{"age_min": 60, "age_max": 69, "amount": "700.00", "label_th": "60-69"},
                                         {"age_min": 70, "age_max": 79, "amount": "850.00", "label_th": "70-79"},
                                         {"age_min": 80, "age_max": 89, "amount": "1000.00", "label_th": "80-89"},
                                         {"age_min": 90, "age_max": None, "amount": "1250.00", "label_th": "90+"}])
    officer = Actor(kind="user", id="x", name="officer", organisation_id=off.org.id,
                    permissions=frozenset({"allowances:write", "organisation:manage"}))
    with pytest.raises(Forbidden):
        await service.add_rate_version(db, officer, new_rates)
    await service.add_rate_version(db, SYSTEM, new_rates)
    await db.commit()

    # Reaches 60 on 9 February 2026, so owed from March; March's payroll was made before
    # the approval, so April's pays March as back pay.
    citizen = await person(db, off, birth_date=date(1966, 2, 10))
    reg = await register(client, off, citizen, received_on="2025-09-20")
    await to_active(client, off, reg["id"], on="2025-09-20")
    r = await client.get(f"{API}/registrations/{reg['id']}", headers=off.h["officer"])
    assert r.json()["start_month"] == "2026-03-01"

    april = await payroll(client, off, "elderly", "2026-04-01")
    items = await lines(client, off, april["id"])
    assert amounts(items, early["id"]) == {"2026-04": D("850")}       # the new 70-79 rate
    assert amounts(items, reg["id"]) == {"2026-03": D("600"), "2026-04": D("700")}  # March keeps March's rate
    # March's payroll was computed before the change and keeps what it froze.
    assert amounts(await lines(client, off, march["id"]), early["id"])["2026-03"] == D("700")


async def test_a_person_who_dies_mid_month(db, client):
    off = await office(db, client)
    citizen, dies = await enrol(db, client, off, birth_date=date(1944, 6, 6))
    _, lives = await enrol(db, client, off, birth_date=date(1958, 5, 12))
    feb = await payroll(client, off, "elderly", "2026-02-01")
    march = await payroll(client, off, "elderly", "2026-03-01")
    assert amounts(await lines(client, off, march["id"]), dies["id"]) == {"2026-03": D("800")}

    # The death is recorded after March's draft was computed.
    r = await client.post(f"/api/v1/citizens/{citizen.id}/death", headers=off.h["officer"],
                          json={"death_date": "2026-02-15", "note": "มรณบัตร 12/2569"})
    assert r.status_code == 200, r.text
    r = await client.post(f"{API}/payrolls/{march['id']}/workflow/check", json={}, headers=off.h["officer"])
    assert r.status_code == 409 and r.json()["code"] == "payroll.line_for_dead_person"
    r = await client.get(f"{API}/payrolls/{march['id']}", headers=off.h["officer"])
    assert r.json()["state"] == "draft"

    r = await client.post(f"{API}/payrolls/{march['id']}/recompute", headers=off.h["officer"])
    assert r.status_code == 200, r.text
    march_items = await lines(client, off, march["id"])
    assert amounts(march_items, dies["id"]) == {}
    assert amounts(march_items, lives["id"]) == {"2026-03": D("600")}
    await step(client, off.h["officer"], march["id"], "check", subject="payrolls")
    # February, the month of death, stays paid (the person was entitled on its first day).
    assert amounts(await lines(client, off, feb["id"]), dies["id"])["2026-02"] == D("800")

    await step(client, off.h["officer"], dies["id"], "end", {"reason": "died", "event_date": "2026-02-15"},
               note="มรณบัตร 12/2569")
    r = await client.get(f"{API}/registrations/{dies['id']}", headers=off.h["officer"])
    assert r.json()["end_month"] == "2026-02-01"
    april = await payroll(client, off, "elderly", "2026-04-01")
    assert amounts(await lines(client, off, april["id"]), dies["id"]) == {}


async def test_when_the_month_of_death_is_not_paid(db, client):
    off = await office(db, client)
    await _set(client, off, "elderly", death_month_paid=False)
    citizen, reg = await enrol(db, client, off, birth_date=date(1944, 6, 6))
    r = await client.post(f"/api/v1/citizens/{citizen.id}/death", headers=off.h["officer"],
                          json={"death_date": "2026-02-15", "note": "มรณบัตร 12/2569"})
    assert r.status_code == 200
    p = await payroll(client, off, "elderly", "2026-03-01")
    assert sorted(amounts(await lines(client, off, p["id"]), reg["id"])) == [
        "2025-10", "2025-11", "2025-12", "2026-01"]


async def test_a_person_who_moves_away(db, client):
    off = await office(db, client)
    elderly_person, elderly = await enrol(db, client, off, birth_date=date(1958, 5, 12))
    hiv_person, hiv = await enrol(db, client, off, "hiv", received_on="2025-06-10", birth_date=date(1980, 3, 1))
    for c in (elderly_person, hiv_person):
        r = await client.post(f"/api/v1/citizens/{c.id}/move-out", headers=off.h["officer"],
                              json={"moved_out_on": "2026-01-10", "note": "ใบแจ้งย้าย ไป จ.ขอนแก่น"})
        assert r.status_code == 200, r.text

    # The elderly allowance: the old organisation pays to the end of the fiscal year (the default).
    p = await payroll(client, off, "elderly", "2026-10-01")
    got = amounts(await lines(client, off, p["id"]), elderly["id"])
    assert min(got) == "2025-11" and max(got) == "2026-09" and "2026-10" not in got
    # The HIV/AIDS allowance is set to stop with the month of the move.
    p = await payroll(client, off, "hiv", "2026-03-01")
    assert max(amounts(await lines(client, off, p["id"]), hiv["id"])) == "2026-01"


async def test_suspended_months_are_not_paid(db, client):
    off = await office(db, client)
    _, reg = await enrol(db, client, off, birth_date=date(1958, 5, 12))
    await payroll(client, off, "elderly", "2026-01-01")
    await step(client, off.h["officer"], reg["id"], "suspend", {"from_month": "2026-02-01", "reason": "under_review"},
               note="ตรวจสอบสิทธิ")
    feb = await payroll(client, off, "elderly", "2026-02-01")
    assert amounts(await lines(client, off, feb["id"]), reg["id"]) == {}
    await step(client, off.h["officer"], reg["id"], "resume", {"from_month": "2026-04-01"})
    april = await payroll(client, off, "elderly", "2026-04-01")
    assert amounts(await lines(client, off, april["id"]), reg["id"]) == {"2026-04": D("600")}


async def test_an_expired_disability_card_stops_payment(db, client):
    off = await office(db, client)
    _, reg = await enrol(db, client, off, "disability", received_on="2025-06-10", birth_date=date(1990, 3, 1))
    r = await client.patch(f"{API}/registrations/{reg['id']}", json={"disability_card_expires_on": "2025-09-15"},
                           headers={**off.h["officer"], "If-Match": f'"{reg["version"]}"'})
    assert r.status_code == 200, r.text
    p = await payroll(client, off, "disability", "2025-12-01")
    assert sorted(amounts(await lines(client, off, p["id"]), reg["id"])) == ["2025-07", "2025-08", "2025-09"]


# --- guards -----------------------------------------------------------------------------------------------------


async def test_a_second_payroll_for_the_same_month_is_refused(db, client):
    off = await office(db, client)
    await enrol(db, client, off, birth_date=date(1958, 5, 12))
    first = await payroll(client, off, "elderly", "2025-10-01")
    r = await client.post(f"{API}/payrolls", json={"programme": "elderly", "month": "2025-10-20"},
                          headers=off.h["officer"])
    assert r.status_code == 409 and r.json()["code"] == "payroll.duplicate_month"
    r = await client.get(f"{API}/payrolls", headers=off.h["officer"])
    assert [p["id"] for p in r.json()["items"]] == [first["id"]]
    r = await client.post(f"{API}/payrolls", json={"programme": "elderly", "month": "2025-10-01"},
                          headers=off.h["viewer"])
    assert r.status_code == 403


async def test_a_month_cannot_be_paid_twice_even_by_two_payrolls(db, client):
    off = await office(db, client)
    _, reg = await enrol(db, client, off, birth_date=date(1958, 5, 12))
    oct_ = await payroll(client, off, "elderly", "2025-10-01")
    nov = await payroll(client, off, "elderly", "2025-11-01")
    assert amounts(await lines(client, off, nov["id"]), reg["id"]) == {"2025-11": D("600")}

    # The database itself refuses a second line for the registration and month.
    registration = await db.get(Registration, uuid.UUID(reg["id"]))
    payroll_row = await db.get(Payroll, uuid.UUID(nov["id"]))
    with pytest.raises(IntegrityError):
        async with db.begin_nested():
            await make_line(db, payroll_row, registration, month_paid=date(2025, 10, 1))
    # A failed line frees its month for a later payroll.
    line = (await db.execute(select(PayrollLine).where(PayrollLine.payroll_id == uuid.UUID(oct_["id"])))
            ).scalar_one()
    line.status = "failed"
    await db.flush()
    await make_line(db, payroll_row, registration, month_paid=date(2025, 10, 1))


async def test_failed_transfers_are_paid_again_in_a_later_payroll(db, client):
    off = await office(db, client)
    await _set(client, off, "hiv", **PAYER_ACCOUNT)
    _, reg = await enrol(db, client, off, "hiv", received_on="2025-06-10", birth_date=date(1980, 3, 1))
    _, other = await enrol(db, client, off, "hiv", received_on="2025-06-10", birth_date=date(1985, 3, 1))
    july = await payroll(client, off, "hiv", "2025-07-01")
    await step(client, off.h["officer"], july["id"], "check", subject="payrolls")
    await step(client, off.h["executive"], july["id"], "approve", subject="payrolls")
    await step(client, off.h["treasurer"], july["id"], "export", {"exported_on": "2025-07-05"}, subject="payrolls")
    line = next(i for i in await lines(client, off, july["id"]) if i["registration_id"] == reg["id"])
    r = await client.post(f"{API}/payrolls/{july['id']}/lines/{line['id']}/fail", headers=off.h["treasurer"],
                          json={"reason": "account_closed", "failed_on": "2025-07-11", "note": "บัญชีปิด"})
    assert r.status_code == 200, r.text
    assert r.json()["status"] == "failed"
    r = await client.post(f"{API}/payrolls/{july['id']}/workflow/mark_paid", headers=off.h["treasurer"],
                          json={"evidence": {"paid_on": "2025-07-10"}})
    assert r.status_code == 409 and r.json()["code"] == "payroll.has_failed_lines"
    view = await step(client, off.h["treasurer"], july["id"], "mark_partly_failed", {"paid_on": "2025-07-10"},
                      subject="payrolls")
    assert view["state"] == "partly_failed"
    r = await client.get(f"{API}/payrolls/{july['id']}", headers=off.h["treasurer"])
    assert r.json()["failed_count"] == 1

    august = await payroll(client, off, "hiv", "2025-08-01")
    items = await lines(client, off, august["id"])
    assert amounts(items, reg["id"]) == {"2025-07": D("500"), "2025-08": D("500")}
    assert amounts(items, other["id"]) == {"2025-08": D("500")}


async def test_the_payroll_is_one_insert_select_whatever_the_number_of_people(db, client, engine):
    off = await office(db, client)
    for n in range(6):
        await enrol(db, client, off, birth_date=date(1940 + n * 5, 1, 1))
    statements: list[str] = []

    def seen(conn, cursor, statement, parameters, context, executemany):  # type: ignore[no-untyped-def]
        if "INSERT INTO allowance_payroll_lines" in statement:
            statements.append(statement)

    event.listen(engine.sync_engine, "before_cursor_execute", seen)
    try:
        p = await payroll(client, off, "elderly", "2026-01-01")
    finally:
        event.remove(engine.sync_engine, "before_cursor_execute", seen)
    assert p["line_count"] == 6 * 4
    assert len(statements) == 1 and "SELECT" in statements[0].upper()
    count = (await db.execute(select(func.count()).select_from(PayrollLine)
                              .where(PayrollLine.payroll_id == uuid.UUID(p["id"])))).scalar_one()
    assert count == 24


async def test_payroll_steps_need_their_permissions(db, client):
    off = await office(db, client)
    await enrol(db, client, off, birth_date=date(1958, 5, 12))
    p = await payroll(client, off, "elderly", "2025-10-01")
    r = await client.post(f"{API}/payrolls/{p['id']}/workflow/approve", json={}, headers=off.h["officer"])
    assert r.status_code == 409 and r.json()["code"] == "workflow.wrong_state"
    await step(client, off.h["finance"], p["id"], "check", subject="payrolls")
    r = await client.post(f"{API}/payrolls/{p['id']}/workflow/approve", json={}, headers=off.h["finance"])
    assert r.status_code == 403 and r.json()["code"] == "workflow.permission"
    await step(client, off.h["executive"], p["id"], "return_to_draft", note="ตรวจรายชื่อใหม่", subject="payrolls")
    r = await client.post(f"{API}/payrolls/{p['id']}/recompute", headers=off.h["officer"])
    assert r.status_code == 200, r.text
    assert r.json()["line_count"] == 1


async def test_the_organisation_pays_only_from_an_account_it_has_set(db, client):
    off = await office(db, client)
    await enrol(db, client, off, "hiv", received_on="2025-06-10", birth_date=date(1980, 3, 1))
    p = await payroll(client, off, "hiv", "2025-07-01")
    await step(client, off.h["officer"], p["id"], "check", subject="payrolls")
    await step(client, off.h["executive"], p["id"], "approve", subject="payrolls")
    r = await client.get(f"{API}/payrolls/{p['id']}/bank-file", headers=off.h["treasurer"])
    assert r.status_code == 409 and r.json()["code"] == "payroll.payer_account_missing"
    r = await client.post(f"{API}/payrolls/{p['id']}/workflow/export", headers=off.h["treasurer"],
                          json={"evidence": {"exported_on": "2025-07-05"}})
    assert r.status_code == 409 and r.json()["code"] == "payroll.payer_account_missing"


async def test_an_empty_payroll_cannot_be_checked(db, client):
    off = await office(db, client)
    p = await payroll(client, off, "disability", "2025-10-01")
    assert p["line_count"] == 0
    r = await client.post(f"{API}/payrolls/{p['id']}/workflow/check", json={}, headers=off.h["officer"])
    assert r.status_code == 409 and r.json()["code"] == "payroll.empty"


async def test_the_roster_prints_in_thai_with_the_total_in_words(db, client):
    off = await office(db, client)
    await enrol(db, client, off, birth_date=date(1958, 5, 12), first_name="ทองใบ", last_name="ใจงาม")
    await enrol(db, client, off, birth_date=date(1950, 5, 12), first_name="มะลิ", last_name="หอมดี")
    p = await payroll(client, off, "elderly", "2025-11-01")
    r = await client.get(f"{API}/payrolls/{p['id']}/roster.pdf", headers=off.h["finance"])
    assert r.status_code == 200, r.text
    text = pdf_text(r.content)
    assert "บัญชีรายชื่อผู้มีสิทธิรับเบี้ยยังชีพผู้สูงอายุ ประจำเดือนพฤศจิกายน 2568" in text
    assert "นางทองใบ ใจงาม" in text and "นางมะลิ หอมดี" in text
    assert "ต.ค. 2568 (ย้อนหลัง)" in text
    assert "2,600.00" in text and "สองพันหกร้อยบาทถ้วน" in text  # 600 × 2 + 700 × 2
