from __future__ import annotations

import uuid
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from chumchon.citizens.models import BankAccount
from tests.citizens.factories import make_bank_account, make_citizen, national_id, wrong_check_digit
from tests.factories import make_organisation, signed_in


def _url(citizen) -> str:  # type: ignore[no-untyped-def]
    return f"/api/v1/citizens/{citizen.id}/bank-accounts"


async def test_bank_and_promptpay_accounts_with_one_primary(db, client):
    org = await make_organisation(db)
    nid = national_id()
    citizen = await make_citizen(db, org, national_id=nid)
    headers = await signed_in(db, client, org, "officer")

    r = await client.post(_url(citizen), headers=headers, json={
        "kind": "bank", "bank_code": "006", "branch": "จัตุรัส", "account_no": "123-4-56789-0",
        "account_name": "นางสมหญิง ใจดี", "valid_from": "2024-01-01"})
    assert r.status_code == 201, r.text
    first = r.json()
    assert first["account_no"] == "1234567890"
    assert first["bank_name_th"] == "ธนาคารกรุงไทย"
    assert first["is_primary"] is True  # the first account is where payments go
    assert first["is_open"] is True

    # PromptPay by the person's own national ID when none is given; shown masked.
    r = await client.post(_url(citizen), headers=headers, json={"kind": "promptpay", "account_name": "สมหญิง"})
    assert r.status_code == 201, r.text
    promptpay = r.json()
    assert promptpay["is_primary"] is False
    assert promptpay["promptpay_id_masked"] == f"{nid[0]}-{nid[1:5]}-xxxxx-xx-{nid[12]}"
    assert nid not in r.text
    stored = (await db.execute(select(BankAccount.promptpay_id)
                               .where(BankAccount.id == uuid.UUID(promptpay["id"])))).scalar_one()
    assert stored == nid

    # A new primary takes over from the old one.
    r = await client.post(_url(citizen), headers=headers, json={
        "kind": "bank", "bank_code": "030", "account_no": "020012345678", "account_name": "สมหญิง ใจดี",
        "is_primary": True})
    assert r.status_code == 201, r.text
    r = await client.get(_url(citizen), headers=headers)
    primary = {a["id"]: a["is_primary"] for a in r.json()["items"]}
    assert primary[first["id"]] is False and sum(primary.values()) == 1


async def test_bad_bank_details_are_refused_with_their_field(db, client):
    org = await make_organisation(db)
    citizen = await make_citizen(db, org)
    headers = await signed_in(db, client, org, "officer")

    r = await client.post(_url(citizen), headers=headers, json={"kind": "bank", "account_name": "x"})
    assert r.status_code == 422 and r.json()["code"] == "validation_failed"
    r = await client.post(_url(citizen), headers=headers, json={"kind": "bank", "bank_code": "006",
                                                                "account_no": "12-34", "account_name": "x"})
    assert r.status_code == 422 and r.json()["code"] == "citizens.account_no_invalid"
    r = await client.post(_url(citizen), headers=headers, json={"kind": "promptpay", "account_name": "x",
                                                                "account_no": "1234567890"})
    assert r.status_code == 422
    bad = wrong_check_digit(national_id())
    r = await client.post(_url(citizen), headers=headers, json={"kind": "promptpay", "account_name": "x",
                                                                "promptpay_id": bad})
    assert r.status_code == 422
    assert r.json()["code"] == "national_id.check_digit"
    assert r.json()["errors"][0]["field"] == "promptpay_id"
    count = (await db.execute(select(func.count()).select_from(BankAccount)
                              .where(BankAccount.citizen_id == citizen.id))).scalar_one()
    assert count == 0


async def test_accounts_are_ended_never_deleted(db, client, app):
    org = await make_organisation(db)
    citizen = await make_citizen(db, org)
    account = await make_bank_account(db, citizen, valid_from=date(2024, 1, 1))
    headers = await signed_in(db, client, org, "officer")
    end = f"{_url(citizen)}/{account.id}/end"

    r = await client.post(end, headers=headers, json={"ended_on": "2023-12-31"})
    assert r.status_code == 422 and r.json()["code"] == "citizens.ended_before_valid_from"
    r = await client.post(end, headers=headers, json={"ended_on": "2024-06-30"})
    assert r.status_code == 200, r.text
    assert r.json()["ended_on"] == "2024-06-30" and r.json()["is_open"] is False
    r = await client.post(end, headers=headers, json={"ended_on": "2024-07-31"})
    assert r.status_code == 409 and r.json()["code"] == "citizens.bank_account_ended"

    r = await client.get(_url(citizen), headers=headers)
    assert [a["id"] for a in r.json()["items"]] == [str(account.id)]  # still there, ended
    r = await client.get(_url(citizen), params={"include_ended": False}, headers=headers)
    assert r.json()["items"] == []

    r = await client.delete(f"{_url(citizen)}/{account.id}", headers=headers)
    assert r.status_code in (404, 405)  # there is no way to delete one
    assert all("DELETE" not in getattr(route, "methods", set()) for route in app.routes
               if "/bank-accounts" in getattr(route, "path", ""))

    # The ended primary no longer counts: a new account becomes primary by itself.
    r = await client.post(_url(citizen), headers=headers, json={
        "kind": "bank", "bank_code": "006", "account_no": "9876543210", "account_name": "x"})
    assert r.json()["is_primary"] is True


async def test_an_account_of_another_person_is_not_found_under_this_one(db, client):
    org = await make_organisation(db)
    a = await make_citizen(db, org)
    b = await make_citizen(db, org)
    bs_account = await make_bank_account(db, b)
    headers = await signed_in(db, client, org, "officer")
    r = await client.post(f"{_url(a)}/{bs_account.id}/end", headers=headers, json={"ended_on": "2024-06-30"})
    assert r.status_code == 404 and r.json()["code"] == "citizens.bank_account_not_found"


async def test_no_account_for_the_dead(db, client):
    org = await make_organisation(db)
    citizen = await make_citizen(db, org, death_date=date(2024, 1, 1))
    headers = await signed_in(db, client, org, "officer")
    r = await client.post(_url(citizen), headers=headers, json={"kind": "promptpay", "account_name": "x"})
    assert r.status_code == 409 and r.json()["code"] == "citizens.deceased"


async def test_the_database_holds_one_open_primary_account_per_person(db):
    org = await make_organisation(db)
    citizen = await make_citizen(db, org)
    await make_bank_account(db, citizen, is_primary=True, ended_on=date(2023, 12, 31))
    await make_bank_account(db, citizen, is_primary=True)  # an ended primary does not count
    await db.commit()
    try:
        await make_bank_account(db, citizen, is_primary=True)
    except IntegrityError:
        await db.rollback()
    else:
        raise AssertionError("a second open primary account was accepted")
