"""The disability allowance follows the disability card: a lapsed card suspends it through the
registration process (actor: system) from the month after the card expired, and a renewed
card recorded by the provincial office lifts that suspension by itself."""

from __future__ import annotations

import uuid
from datetime import date, timedelta

from sqlalchemy import select

from chumchon.allowances.cards import first_month_covered
from chumchon.allowances.models import Registration, Suspension
from chumchon.allowances.programmes import add_months, month_after
from chumchon.core.workflow import WorkflowEntry
from chumchon.disability_cards import service as cards
from tests.allowances.flow import API, enrol, office, person, register, step, to_active
from tests.disability_cards import flow as card_flow

TODAY = card_flow.TODAY
RENEWAL_DOCS = [{"kind": k} for k in ("id_card_copy", "house_registration_copy", "photo", "old_card")]


async def _on_allowance_with_a_card(db, client, expires_on: date):  # type: ignore[no-untyped-def]
    """A person whose only card is the one in the card register, active on the allowance."""
    off = await office(db, client)
    citizen = await person(db, off, birth_date=date(1990, 3, 1))
    card = await card_flow.card_on_file(db, citizen, issued_on=date(2019, 1, 10), expires_on=expires_on)
    await db.commit()
    reg = await register(client, off, citizen, "disability", received_on="2025-06-10")
    await to_active(client, off, reg["id"], on="2025-06-10")
    return off, citizen, card, reg


async def _history(db, reg_id):  # type: ignore[no-untyped-def]
    return list((await db.execute(select(WorkflowEntry).where(WorkflowEntry.subject_id == reg_id)
                                  .order_by(WorkflowEntry.seq))).scalars())


async def _renew(client, off, citizen, *, issued_on: date,  # type: ignore[no-untyped-def]
                 number: str = "3-6001-00099-99-1"):
    cards_office = card_flow.Office(off.org, off.village, off.h)
    req = await card_flow.prepared(client, cards_office, citizen, kind="renewal", documents=RENEWAL_DOCS)
    await card_flow.ok(await card_flow.send(client, cards_office, [req["id"]]), 201)
    province = card_flow.province_client(client)
    await card_flow.ok(await card_flow.answer(client, province, req["id"], "receive"))
    await card_flow.ok(await card_flow.answer(client, province, req["id"], "issue",
                                              card_flow.issue_body(number, issued_on=issued_on)))


async def test_a_lapsed_card_suspends_and_the_renewal_resumes_by_itself(db, client):
    expired_on = TODAY - timedelta(days=2)
    off, citizen, card, reg = await _on_allowance_with_a_card(db, client, expired_on)

    # Through the card service, as the daily job runs it (no actor: every organisation).
    assert await cards.record_lapsed_cards(db, None) == [card.id]
    await db.commit()
    r = await client.get(f"{API}/registrations/{reg['id']}", headers=off.h["officer"])
    assert r.json()["state"] == "suspended"
    (suspension,) = (await db.execute(select(Suspension).where(Suspension.registration_id == card_reg(reg)))
                     ).scalars().all()
    assert (suspension.from_month, suspension.until_month, suspension.reason) == (
        month_after(expired_on), None, "card_expired")
    last = (await _history(db, card_reg(reg)))[-1]
    assert (last.transition, last.actor_kind, last.actor_name) == ("suspend", "system", "system")
    assert last.evidence["reason"] == "card_expired" and card.card_number in last.note
    # The step shows in the registration's own history over HTTP too.
    r = await client.get(f"{API}/registrations/{reg['id']}/workflow", headers=off.h["officer"])
    assert r.json()["history"][-1]["transition"] == "suspend"

    issued_on = TODAY
    await _renew(client, off, citizen, issued_on=issued_on)
    r = await client.get(f"{API}/registrations/{reg['id']}", headers=off.h["officer"])
    body = r.json()
    assert body["state"] == "active"
    assert body["disability_card_no"] == "3-6001-00099-99-1"
    new_card = await cards.valid_card_for(db, citizen.id, TODAY)
    assert new_card is not None and body["disability_card_expires_on"] == new_card.expires_on.isoformat()
    assert body["disability_card_id"] == str(new_card.card_id)
    await db.refresh(suspension)
    first_paid = max(first_month_covered(issued_on), suspension.from_month)
    assert suspension.until_month == add_months(first_paid, -1)  # no month of the new card goes unpaid
    last = (await _history(db, card_reg(reg)))[-1]
    assert (last.transition, last.actor_kind, last.evidence["from_month"]) == (
        "resume", "system", first_paid.isoformat())


def card_reg(reg: dict) -> uuid.UUID:
    return uuid.UUID(reg["id"])


async def test_the_lapse_check_over_http_suspends_only_what_the_card_carried(db, client):
    off, citizen, card, reg = await _on_allowance_with_a_card(db, client, TODAY - timedelta(days=40))
    # Someone else whose registration carries a later card typed in: that one still counts.
    other, typed = await enrol(db, client, off, "disability", received_on="2025-06-10", birth_date=date(1985, 1, 1))
    other_card = await card_flow.card_on_file(db, other, issued_on=date(2018, 1, 10),
                                              expires_on=TODAY - timedelta(days=40))
    await db.commit()

    r = await client.post("/api/v1/disability-cards/lapse-check", headers=off.h["officer"])
    assert r.status_code == 200, r.text
    assert sorted(r.json()["card_ids"]) == sorted([str(card.id), str(other_card.id)])
    states = {row.id: row.state for row in (await db.execute(select(Registration).where(
        Registration.organisation_id == off.org.id))).scalars()}
    assert states[card_reg(reg)] == "suspended" and states[card_reg(typed)] == "active"
    # The month after the card expired is the first one not paid.
    (suspension,) = (await db.execute(select(Suspension).where(Suspension.registration_id == card_reg(reg)))
                     ).scalars().all()
    assert suspension.from_month == month_after(TODAY - timedelta(days=40))


async def test_a_suspension_an_officer_made_waits_for_the_officer(db, client):
    off, citizen, card, reg = await _on_allowance_with_a_card(db, client, TODAY + timedelta(days=20))
    await step(client, off.h["officer"], reg["id"], "suspend", {"from_month": "2026-01-01", "reason": "under_review"},
               note="ตรวจสอบสิทธิ")
    await _renew(client, off, citizen, issued_on=TODAY - timedelta(days=1))
    r = await client.get(f"{API}/registrations/{reg['id']}", headers=off.h["officer"])
    assert r.json()["state"] == "suspended"
    # It now carries the renewed card, so the officer's resume passes the card check.
    assert r.json()["disability_card_no"] == "3-6001-00099-99-1"
    assert [e.actor_kind for e in await _history(db, card_reg(reg))][-1] == "user"


async def test_the_daily_command_suspends_the_allowance_of_every_lapsed_card(db, client, monkeypatch):
    import asyncio

    from typer.testing import CliRunner

    from chumchon import cli

    off, _, _, reg = await _on_allowance_with_a_card(db, client, TODAY - timedelta(days=1))
    loop = asyncio.get_running_loop()
    # The command's database work runs in the test's session on the test's loop (rolled back after).
    monkeypatch.setattr(cli, "_run", lambda fn, *args: asyncio.run_coroutine_threadsafe(fn(db, *args), loop).result())

    result = await asyncio.to_thread(CliRunner().invoke, cli.app, ["lapse-check"])
    assert result.exit_code == 0, result.output
    assert "lapsed cards announced: 1" in result.output
    await db.commit()
    r = await client.get(f"{API}/registrations/{reg['id']}", headers=off.h["officer"])
    assert r.json()["state"] == "suspended"
    # Once each: the next day's run finds nothing new.
    again = await asyncio.to_thread(CliRunner().invoke, cli.app, ["lapse-check"])
    assert "lapsed cards announced: 0" in again.output
