"""The disability allowance of a state-welfare-card holder (rules.md §2: 1,000 baht, which
sources say is paid either whole or as 800 to the bank + 200 on the card). The rate table
carries the holder's amount; the organisation's `welfare_card_split` setting says which way
it is paid. Split, the bank file carries 800 and the roster shows the 200 apart."""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal

from openpyxl import load_workbook

from chumchon.allowances import bankfile
from chumchon.allowances.exports import CARD_COLUMN_TH
from tests.allowances.flow import API, enrol, lines, office, payroll, pdf_text, step

D = Decimal
PAYER_ACCOUNT = {"payer": "lao", "payer_company_id": "0012345", "payer_bank_code": "006",
                 "payer_branch_code": "0123", "payer_account_no": "9876543210",
                 "payer_account_name": "เทศบาลตำบลทดสอบ"}


async def _set(client, off, **changes) -> dict:  # type: ignore[no-untyped-def]
    r = await client.get(f"{API}/programmes/disability/settings", headers=off.h["admin"])
    r = await client.patch(f"{API}/programmes/disability/settings", json=changes,
                           headers={**off.h["admin"], "If-Match": r.headers["ETag"]})
    assert r.status_code == 200, r.text
    return r.json()


async def _holder(client, off, reg: dict) -> None:  # type: ignore[no-untyped-def]
    r = await client.patch(f"{API}/registrations/{reg['id']}", json={"welfare_card_holder": True},
                           headers={**off.h["officer"], "If-Match": f'"{reg["version"]}"'})
    assert r.status_code == 200, r.text
    assert r.json()["welfare_card_holder"] is True


def _by_reg(items: list[dict]) -> dict[str, tuple[Decimal, Decimal]]:
    return {i["registration_id"]: (D(i["amount"]), D(i["card_amount"])) for i in items}


async def test_the_rate_table_knows_the_welfare_card_amount(db, client):
    off = await office(db, client)
    r = await client.get(f"{API}/programmes/disability/rates", headers=off.h["viewer"])
    adult = [b for b in r.json() if b["effective_from"] == "2020-10-01" and b["age_min"] == 18]
    assert [(b["amount"], b["welfare_card_amount"]) for b in adult] == [("800.00", "1000.00")]
    r = await client.get(f"{API}/programmes/disability/settings", headers=off.h["viewer"])
    assert r.json()["welfare_card_split"] is False


async def test_split_800_to_the_bank_and_200_on_the_card(db, client):
    off = await office(db, client)
    assert (await _set(client, off, welfare_card_split=True, **PAYER_ACCOUNT))["welfare_card_split"] is True
    _, holder = await enrol(db, client, off, "disability", received_on="2025-06-10", birth_date=date(1990, 3, 1),
                            first_name="ถือบัตร", last_name="สวัสดิการ")
    await _holder(client, off, holder)
    _, other = await enrol(db, client, off, "disability", received_on="2025-06-10", birth_date=date(1985, 3, 1))
    _, child = await enrol(db, client, off, "disability", received_on="2025-06-10", birth_date=date(2012, 3, 1))
    child = (await client.get(f"{API}/registrations/{child['id']}", headers=off.h["officer"])).json()
    await _holder(client, off, child)  # under 18 the band has one amount: 1,000 whole

    p = await payroll(client, off, "disability", "2025-07-01")
    assert p["rules"]["welfare_card_split"] is True
    assert _by_reg(await lines(client, off, p["id"])) == {
        holder["id"]: (D("800.00"), D("200.00")), other["id"]: (D("800.00"), D("0.00")),
        child["id"]: (D("1000.00"), D("0.00"))}
    assert p["total"] == "2600.00"  # the money this payroll moves; the card's 200 is not in it

    await step(client, off.h["officer"], p["id"], "check", subject="payrolls")
    await step(client, off.h["executive"], p["id"], "approve", subject="payrolls")
    r = await client.get(f"{API}/payrolls/{p['id']}/bank-file", headers=off.h["finance"])
    assert r.status_code == 200, r.text
    header, *details = bankfile.parse(bankfile.KTB_DIRECT_CREDIT, r.content)
    assert int(header["total_amount"]) == 260000  # satang
    assert sorted(int(d["amount"]) for d in details) == [80000, 80000, 100000]
    (holder_detail,) = [d for d in details if d["receiver_name"] == "นางถือบัตร สวัสดิการ"]
    assert int(holder_detail["amount"]) == 80000

    r = await client.get(f"{API}/payrolls/{p['id']}/roster.xlsx", headers=off.h["finance"])
    rows = [[c.value for c in row] for row in load_workbook(io.BytesIO(r.content)).active.iter_rows()]
    assert rows[3][13] == CARD_COLUMN_TH
    (holder_row,) = [row for row in rows if row[2] == "นางถือบัตร สวัสดิการ"]
    assert (D(str(holder_row[7])), D(str(holder_row[13]))) == (D("800"), D("200"))
    assert (D(str(rows[-1][7])), D(str(rows[-1][13]))) == (D("2600"), D("200"))

    r = await client.get(f"{API}/payrolls/{p['id']}/roster.pdf", headers=off.h["finance"])
    text = pdf_text(r.content)
    assert "บัตรสวัสดิการแห่งรัฐ" in text and "200.00" in text and "2,600.00" in text

    # Switched off, the next payroll pays the holder's 1,000 whole; July's keeps what it froze.
    await _set(client, off, welfare_card_split=False)
    august = await payroll(client, off, "disability", "2025-08-01")
    assert _by_reg(await lines(client, off, august["id"]))[holder["id"]] == (D("1000.00"), D("0.00"))
    assert _by_reg(await lines(client, off, p["id"]))[holder["id"]] == (D("800.00"), D("200.00"))
    r = await client.get(f"{API}/payrolls/{august['id']}/roster.xlsx", headers=off.h["finance"])
    rows = [[c.value for c in row] for row in load_workbook(io.BytesIO(r.content)).active.iter_rows()]
    assert CARD_COLUMN_TH not in rows[3]
