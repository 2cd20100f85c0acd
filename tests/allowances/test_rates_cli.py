"""`chumchon rates add|list`: a new national rate from its date, added by the system
administrator; a payroll before the date keeps the old rate, one after pays the new."""

from __future__ import annotations

import asyncio
from datetime import date
from decimal import Decimal

import pytest
import typer
from typer.testing import CliRunner

from chumchon import cli
from chumchon.allowances import cli as rates_cli
from tests.allowances.flow import amounts, enrol, lines, office, payroll

D = Decimal


@pytest.fixture
async def run_in_test_session(db, monkeypatch):  # type: ignore[no-untyped-def]
    """The command runs in a worker thread (as a terminal runs it, blocking), its database
    work in the test's own session on the test's loop, so the test's rollback undoes it."""
    loop = asyncio.get_running_loop()

    def run(fn, *args):  # type: ignore[no-untyped-def]
        return asyncio.run_coroutine_threadsafe(fn(db, *args), loop).result()

    monkeypatch.setattr(rates_cli, "run_in_session", run)

    async def invoke(*args: str):  # type: ignore[no-untyped-def]
        return await asyncio.to_thread(CliRunner().invoke, cli.app, list(args))

    return invoke


async def test_a_new_rate_from_its_date_and_payrolls_either_side(db, client, run_in_test_session):
    off = await office(db, client)
    _, reg = await enrol(db, client, off, birth_date=date(1958, 5, 12))  # 68 or 69 in 2027: the 60-69 band
    await db.commit()
    invoke = run_in_test_session

    result = await invoke("rates", "add", "--programme", "elderly", "--from", "2027-10-01",
                          "--band", "60-69=700", "--band", "70-79=850", "--band", "80-89=1,000", "--band", "90+=1250",
                          "--source", "มติคณะรัฐมนตรี (ทดสอบ)")
    assert result.exit_code == 0, result.output
    assert "4 bands from 2027-10-01" in result.output

    september = await payroll(client, off, "elderly", "2027-09-01")
    october = await payroll(client, off, "elderly", "2027-10-01")
    assert amounts(await lines(client, off, september["id"]), reg["id"])["2027-09"] == D("600")
    assert amounts(await lines(client, off, october["id"]), reg["id"]) == {"2027-10": D("700")}

    listed = await invoke("rates", "list", "--programme", "elderly")
    assert listed.exit_code == 0, listed.output
    assert "2027-10-01" in listed.output and "1,250.00" in listed.output and "2011-10-01" in listed.output

    again = await invoke("rates", "add", "--programme", "elderly", "--from", "2027-10-01", "--band", "60+=700",
                         "--source", "x")
    assert again.exit_code == 1 and "allowance_rates.version_exists" in again.output
    gap = await invoke("rates", "add", "--programme", "elderly", "--from", "2028-10-01", "--band", "60-69=700",
                       "--band", "71+=800", "--source", "x")
    assert gap.exit_code == 2 and "gap" in gap.output
    garbled = await invoke("rates", "add", "--programme", "elderly", "--from", "2028-10-01", "--band", "sixty=700",
                           "--source", "x")
    assert garbled.exit_code == 2


def test_a_band_is_read_with_its_thai_label_and_welfare_card_amount():
    from chumchon.allowances.programmes import ProgrammeCode

    assert rates_cli.parse_band("18+=800/1000", ProgrammeCode.disability) == {
        "age_min": 18, "age_max": None, "amount": D("800.00"), "welfare_card_amount": D("1000.00"),
        "label_th": "อายุ 18 ปีขึ้นไป"}
    assert rates_cli.parse_band(" 0-17 = 1,000 ", ProgrammeCode.disability)["label_th"] == "อายุต่ำกว่า 18 ปี"
    assert rates_cli.parse_band("60-69=700", ProgrammeCode.elderly)["label_th"] == "อายุ 60-69 ปี"
    assert rates_cli.parse_band("0+=500", ProgrammeCode.hiv)["label_th"] == "เบี้ยยังชีพผู้ป่วยเอดส์"
    with pytest.raises(typer.BadParameter):
        rates_cli.parse_band("60-69", ProgrammeCode.elderly)
