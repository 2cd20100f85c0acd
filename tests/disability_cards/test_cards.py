"""Cards on the person: which one is valid on a day, renewals replacing older cards, the list of
cards lapsing soon (per village), and the lapse announced once (`disability_card.expired`) for
the allowances domain."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from chumchon.core.outbox import OutboxEvent
from chumchon.disability_cards import service
from chumchon.disability_cards.models import DisabilityCard
from tests.disability_cards.flow import (
    CARDS,
    TODAY,
    answer,
    assert_problem,
    card_on_file,
    days_ago,
    issue_body,
    make_request,
    office,
    ok,
    person,
    prepared,
    province_client,
    refused,
    reload,
    send,
    start,
)
from tests.citizens.factories import make_citizen
from tests.factories import make_organisation, make_village

RENEWAL_DOCS = [{"kind": k} for k in ("id_card_copy", "house_registration_copy", "photo", "old_card")]


async def test_the_valid_card_on_a_day(db):
    org = await make_organisation(db)
    citizen = await make_citizen(db, org)
    old = await card_on_file(db, citizen, issued_on=TODAY - timedelta(days=2000), expires_on=TODAY + timedelta(days=10))
    assert await service.valid_card_for(db, citizen.id, old.issued_on - timedelta(days=1)) is None
    assert (await service.valid_card_for(db, citizen.id, old.issued_on)).card_id == old.id  # type: ignore[union-attr]
    assert (await service.valid_card_for(db, citizen.id, old.expires_on)).card_id == old.id  # type: ignore[union-attr]
    assert await service.valid_card_for(db, citizen.id, old.expires_on + timedelta(days=1)) is None
    latest = await service.latest_card_for(db, citizen.id)
    assert latest is not None and latest.card_id == old.id and latest.expires_on == old.expires_on


async def test_a_renewal_replaces_the_old_card_from_its_issue_date(db, client, monkeypatch):
    off = await office(db, client)
    citizen = await person(db, off)
    old = await card_on_file(db, citizen, issued_on=TODAY - timedelta(days=2900), expires_on=TODAY + timedelta(days=20))
    await db.commit()
    heard: list[service.CardChange] = []

    async def listener(session, change):  # type: ignore[no-untyped-def]
        heard.append(change)

    monkeypatch.setitem(service._LISTENERS, "test", listener)
    req = await prepared(client, off, citizen, kind="renewal", documents=RENEWAL_DOCS)
    await ok(await send(client, off, [req["id"]]), 201)
    prov = province_client(client)
    await ok(await answer(client, prov, req["id"], "receive"))
    issued_on = TODAY - timedelta(days=3)
    await ok(await answer(client, prov, req["id"], "issue", {**issue_body(issued_on=issued_on),
                                                              "disability_types": ["movement", "seeing"]}))

    new = (await db.execute(select(DisabilityCard).where(DisabilityCard.citizen_id == citizen.id,
                                                         DisabilityCard.id != old.id))).scalar_one()
    assert new.disability_types == ["movement", "seeing"]  # the province decides the types on the card
    old = await reload(db, DisabilityCard, old.id)
    assert (old.replaced_on, old.replaced_by_id) == (issued_on, new.id)
    before = await service.valid_card_for(db, citizen.id, issued_on - timedelta(days=1))
    after = await service.valid_card_for(db, citizen.id, issued_on)
    assert before is not None and before.card_id == old.id
    assert after is not None and after.card_id == new.id
    (change,) = heard
    assert (change.kind, change.card.card_id, change.replaces) == ("issued", new.id, old.id)

    statuses = {c["id"]: c["status"] for c in (await ok(await client.get(
        CARDS, params={"citizen_id": str(citizen.id)}, headers=off.officer)))["items"]}
    assert statuses == {str(new.id): "valid", str(old.id): "replaced"}
    valid = await ok(await client.get(CARDS, params={"status": "valid"}, headers=off.officer))
    assert [c["id"] for c in valid["items"]] == [str(new.id)]
    one = await client.get(f"{CARDS}/{old.id}", headers=off.officer)
    body = await ok(one)
    assert body["replaced_by_id"] == str(new.id) and one.headers["ETag"] == f'"{body["version"]}"'


async def test_cards_lapsing_soon_per_village(db, client):
    off = await office(db, client)
    other_village = await make_village(db, off.org, number=5, name_th="บ้านโนนสูง")
    soon = await person(db, off, first_name="อีกสิบวัน")
    later = await person(db, off, first_name="อีกหกสิบวัน", village_id=other_village.id)
    far = await person(db, off, first_name="อีกร้อยยี่สิบวัน")
    lapsed = await person(db, off, first_name="หมดแล้ว")
    renewed = await person(db, off, first_name="ต่ออายุแล้ว")
    died = await person(db, off, first_name="เสียชีวิต", death_date=TODAY - timedelta(days=30))
    start_day = TODAY - timedelta(days=2900)
    for who, days in ((soon, 10), (later, 60), (far, 120), (lapsed, -5), (renewed, 20), (died, 15)):
        await card_on_file(db, who, issued_on=start_day, expires_on=TODAY + timedelta(days=days))
    renewal = await make_request(db, renewed, kind="renewal", state="issued")  # its card replaces the old one
    newest = (await db.execute(select(DisabilityCard).where(DisabilityCard.request_id == renewal.id))).scalar_one()
    old = (await db.execute(select(DisabilityCard).where(DisabilityCard.citizen_id == renewed.id,
                                                         DisabilityCard.id != newest.id))).scalar_one()
    old.replaced_on, old.replaced_by_id = newest.issued_on, newest.id
    await db.commit()
    started = await start(client, off, soon, kind="renewal", documents=RENEWAL_DOCS)

    page = await ok(await client.get(f"{CARDS}/expiring", headers=off.officer))  # 90 days by default
    assert [(i["full_name_th"], i["days_left"]) for i in page["items"]] == [
        ("นายอีกสิบวัน ใจกล้า", 10), ("นายอีกหกสิบวัน ใจกล้า", 60)]
    first = page["items"][0]
    assert (first["village_number"], first["village_name_th"], first["phone"]) == (3, "บ้านหนองแวง", "081-234-5678")
    assert first["renewal_request_id"] == started["id"] and page["items"][1]["renewal_request_id"] is None
    assert first["national_id_masked"].count("x") == 7

    page = await ok(await client.get(f"{CARDS}/expiring", params={"village_id": str(other_village.id)},
                                     headers=off.officer))
    assert [i["full_name_th"] for i in page["items"]] == ["นายอีกหกสิบวัน ใจกล้า"]
    page = await ok(await client.get(f"{CARDS}/expiring", params={"days": 200, "sort": "-village,expires_on"},
                                     headers=off.officer))
    assert [i["village_number"] for i in page["items"]] == [5, 3, 3]
    assert_problem(await client.get(f"{CARDS}/expiring", params={"days": -1}, headers=off.officer), 422,
                   "validation_failed")
    assert_problem(await client.get(f"{CARDS}/expiring", headers=off.h["leader"]), 403, "forbidden.permission")
    other = await office(db, client)
    assert (await ok(await client.get(f"{CARDS}/expiring", params={"days": 200}, headers=other.officer)))["total"] == 0


async def test_a_lapse_is_announced_once_to_the_outbox_and_the_listeners(db, client, monkeypatch):
    off = await office(db, client)
    other = await office(db, client)
    lapsed = await card_on_file(db, await person(db, off), issued_on=TODAY - timedelta(days=2930),
                                expires_on=TODAY - timedelta(days=2))
    valid = await card_on_file(db, await person(db, off, first_name="ยังใช้ได้"), issued_on=TODAY - timedelta(days=10),
                               expires_on=TODAY + timedelta(days=100))
    theirs = await card_on_file(db, await person(db, other), issued_on=TODAY - timedelta(days=2930),
                                expires_on=TODAY - timedelta(days=2))
    await db.commit()
    heard: list[service.CardChange] = []

    async def listener(session, change):  # type: ignore[no-untyped-def]
        heard.append(change)

    monkeypatch.setitem(service._LISTENERS, "test", listener)
    await refused(db, off.org, client.post(f"{CARDS}/lapse-check", headers=off.h["viewer"]), 403,
                  "forbidden.permission")
    report = await ok(await client.post(f"{CARDS}/lapse-check", headers=off.officer))
    assert (report["recorded"], report["card_ids"]) == (1, [str(lapsed.id)])
    assert [(c.kind, c.card.card_id) for c in heard] == [("expired", lapsed.id)]
    event = (await db.execute(select(OutboxEvent).where(OutboxEvent.topic == "disability_card.expired",
                                                        OutboxEvent.organisation_id == off.org.id))).scalar_one()
    assert event.payload["card_id"] == str(lapsed.id) and event.payload["expires_on"] == days_ago(2)
    again = await ok(await client.post(f"{CARDS}/lapse-check", headers=off.officer))
    assert again["recorded"] == 0 and len(heard) == 1
    assert (await reload(db, DisabilityCard, theirs.id)).lapse_recorded_at is None  # another organisation's
    assert (await reload(db, DisabilityCard, valid.id)).lapse_recorded_at is None
    statuses = await ok(await client.get(CARDS, params={"status": "expired"}, headers=off.officer))
    assert [c["id"] for c in statuses["items"]] == [str(lapsed.id)]

    # The daily job, with no one signed in, covers every organisation.
    assert await service.record_lapsed_cards(db, None) == [theirs.id]
