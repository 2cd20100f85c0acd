"""The municipality's side of a request: starting it, its checklist (which depends on the kind,
a guardian and an old card's lapse), corrections, and sending (one by one or in a batch, all or
none). Each refusal answers with its reason code and writes nothing."""

from __future__ import annotations

import uuid
from datetime import timedelta

from sqlalchemy import select

from chumchon.citizens.models import Citizen
from chumchon.disability_cards.models import Batch, BatchItem, DisabilityCardRequest
from tests.disability_cards.flow import (
    BATCHES,
    NEW_CARD_DOCS,
    REQUESTS,
    TODAY,
    assert_problem,
    card_on_file,
    days_ago,
    office,
    ok,
    person,
    prepared,
    refused,
    reload,
    send,
    start,
    step,
)

RENEWAL_DOCS = [{"kind": k} for k in ("id_card_copy", "house_registration_copy", "photo", "old_card")]


def _missing(req: dict) -> set[str]:  # type: ignore[type-arg]
    return {m["kinds"][0] for m in req["missing_documents"]}


async def test_a_request_starts_with_its_checklist_and_masked_ids(db, client):
    off = await office(db, client)
    citizen = await person(db, off)
    req = await start(client, off, citizen, documents=[{"kind": "id_card_copy", "file_ref": "scans/1.pdf"},
                                                       {"kind": "photo", "received": False}],
                      disability_types=["movement", "hearing"],
                      guardian={"name": "นางสมใจ ใจกล้า", "national_id": "๑-๑๐๓๗-๐๒๐๗๑-๘๓-๘", "relationship": "มารดา"})
    assert (req["state"], req["kind_label_th"]) == ("draft", "ขอมีบัตรประจำตัวคนพิการ")
    assert [t["label_th"] for t in req["disability_types"]] == [
        "ความพิการทางการเคลื่อนไหวหรือทางร่างกาย", "ความพิการทางการได้ยินหรือสื่อความหมาย"]
    assert req["person"]["national_id_masked"].count("x") == 7
    assert req["guardian"]["national_id_masked"] == "1-1037-xxxxx-xx-8"
    assert citizen.national_id not in str(req) and "1103702071838" not in str(req)
    assert _missing(req) == {"medical_certificate", "house_registration_copy", "photo", "guardian_authority",
                             "guardian_id_card_copy", "guardian_house_registration_copy"}
    docs = {d["kind"]: d for d in req["documents"]}
    assert docs["id_card_copy"]["file_ref"] == "scans/1.pdf" and docs["photo"]["received"] is False
    assert all(d["required"] for d in req["documents"])

    # Preparing with papers missing is refused, and writes nothing.
    await refused(db, off.org, step(client, off.officer, req["id"], "prepare", {"checked_on": days_ago(1)}), 409,
                  "disability_card.documents_missing")
    view = await ok(await client.get(f"{REQUESTS}/{req['id']}/workflow", headers=off.officer))
    prepare = next(a for a in view["actions"] if a["transition"] == "prepare")
    assert (prepare["allowed"], prepare["reason_code"]) == (False, "disability_card.documents_missing")


async def test_a_child_may_show_a_birth_certificate_instead_of_an_id_card(db, client):
    off = await office(db, client)
    child = await person(db, off, title="เด็กชาย", first_name="ต้นกล้า")
    docs = [{"kind": k} for k in ("medical_certificate", "birth_certificate_copy", "house_registration_copy", "photo")]
    req = await start(client, off, child, documents=docs)
    assert req["missing_documents"] == []
    await ok(await step(client, off.officer, req["id"], "prepare", {"checked_on": days_ago(0)}))


async def test_what_a_request_is_refused_for_at_the_start(db, client):
    off = await office(db, client)
    citizen = await person(db, off)
    other = await office(db, client)
    stranger = await person(db, other)

    cases = [
        ({"citizen_id": str(stranger.id)}, 422, "citizens.not_found"),
        ({"citizen_id": str(uuid.uuid4())}, 422, "citizens.not_found"),
        ({"kind": "replacement"}, 422, "validation_failed"),                     # lost or damaged?
        ({"kind": "change_of_details"}, 422, "validation_failed"),               # what changes?
        ({"kind": "new", "replacement_reason": "lost"}, 422, "validation_failed"),
        ({"disability_types": []}, 422, "validation_failed"),
        ({"disability_types": ["movement", "movement"]}, 422, "validation_failed"),
        ({"disability_types": ["deafness"]}, 422, "validation_failed"),          # not one of the 7 types
        ({"documents": [{"kind": "photo"}, {"kind": "photo"}]}, 422, "validation_failed"),
        ({"guardian": {"name": "x", "national_id": "1103702071839", "relationship": "บุตร"}}, 422,
         "validation_failed"),                                                    # wrong check digit
        ({"kind": "renewal"}, 422, "disability_card.previous_card_required"),    # no card to renew
        ({"organisation_id": str(other.org.id)}, 422, "validation_failed"),
    ]
    for extra, status, code in cases:
        body = {"citizen_id": str(citizen.id), "kind": "new", "disability_types": ["movement"], **extra}
        await refused(db, off.org, client.post(REQUESTS, json=body, headers=off.officer), status, code)

    # One open request per person.
    first = await start(client, off, citizen)
    problem = await refused(db, off.org, client.post(REQUESTS, headers=off.officer, json={
        "citizen_id": str(citizen.id), "kind": "new", "disability_types": ["seeing"]}), 409,
        "disability_card.request_open")
    assert problem["existing_id"] == first["id"]

    # A new card for someone whose card is still valid: renew, replace or change it instead.
    holder = await person(db, off, first_name="มีบัตร")
    await card_on_file(db, holder, issued_on=TODAY - timedelta(days=400), expires_on=TODAY + timedelta(days=30))
    await db.commit()
    await refused(db, off.org, client.post(REQUESTS, headers=off.officer, json={
        "citizen_id": str(holder.id), "kind": "new", "disability_types": ["movement"]}), 409,
        "disability_card.card_valid")
    renewal = await start(client, off, holder, kind="renewal", documents=RENEWAL_DOCS)
    assert renewal["missing_documents"] == []

    # Someone who died, or moved away, gets no request here.
    gone = await person(db, off, first_name="ย้ายแล้ว", moved_out_on=TODAY - timedelta(days=3))
    await refused(db, off.org, client.post(REQUESTS, headers=off.officer, json={
        "citizen_id": str(gone.id), "kind": "new", "disability_types": ["movement"]}), 409,
        "disability_card.citizen_moved_out")

    # Who may start one: the officer; not the viewer (who may read) nor the community leader.
    await refused(db, off.org, client.post(REQUESTS, headers=off.h["viewer"], json={
        "citizen_id": str(gone.id), "kind": "new", "disability_types": ["movement"]}), 403, "forbidden.permission")
    assert_problem(await client.get(REQUESTS, headers=off.h["leader"]), 403, "forbidden.permission")
    # The two started here, and the one that gave the holder their card.
    assert (await ok(await client.get(REQUESTS, headers=off.h["viewer"])))["total"] == 3


async def test_a_renewal_long_after_the_card_lapsed_needs_a_new_certificate(db, client):
    off = await office(db, client)
    recent, late = await person(db, off), await person(db, off, first_name="หมดนาน")
    await card_on_file(db, recent, issued_on=TODAY - timedelta(days=3000), expires_on=TODAY - timedelta(days=300))
    await card_on_file(db, late, issued_on=TODAY - timedelta(days=3400), expires_on=TODAY - timedelta(days=400))
    await db.commit()
    assert (await start(client, off, recent, kind="renewal", documents=RENEWAL_DOCS))["missing_documents"] == []
    req = await start(client, off, late, kind="renewal", documents=RENEWAL_DOCS)
    assert _missing(req) == {"medical_certificate"}
    # A card from before this system: its lapse date is typed on the request.
    typed = await person(db, off, first_name="บัตรเก่า")
    req = await start(client, off, typed, kind="renewal", documents=RENEWAL_DOCS, previous_card_no="1234/2553",
                      previous_card_expires_on=(TODAY - timedelta(days=800)).isoformat())
    assert _missing(req) == {"medical_certificate"}
    # A lost card cannot be handed back; a damaged one is.
    lost = await start(client, off, await person(db, off, first_name="บัตรหาย"), kind="replacement",
                       replacement_reason="lost", previous_card_no="55/2560",
                       documents=RENEWAL_DOCS[:3])
    assert lost["missing_documents"] == []
    damaged = await start(client, off, await person(db, off, first_name="บัตรชำรุด"), kind="replacement",
                          replacement_reason="damaged", previous_card_no="56/2560", documents=RENEWAL_DOCS[:3])
    assert _missing(damaged) == {"old_card"}


async def test_corrections_need_if_match_and_stop_once_the_request_is_sent(db, client):
    off = await office(db, client)
    citizen = await person(db, off)
    req = await start(client, off, citizen)
    url = f"{REQUESTS}/{req['id']}"
    await refused(db, off.org, client.patch(url, json={"note": "x"}, headers=off.officer), 428,
                  "precondition.required")
    await refused(db, off.org, client.patch(url, json={"note": "x"}, headers={**off.officer, "If-Match": '"9"'}), 409,
                  "conflict.stale_version")
    # The state is not a field; nor is the person.
    for body in ({"state": "issued"}, {"citizen_id": str(uuid.uuid4())}, {"kind": None}):
        await refused(db, off.org, client.patch(url, json=body, headers={**off.officer, "If-Match": '"1"'}), 422,
                      "validation_failed")
    await refused(db, off.org, client.patch(url, json={"kind": "replacement"},
                                            headers={**off.officer, "If-Match": '"1"'}), 422,
                  "disability_card.kind_fields")
    r = await client.patch(url, json={"disability_types": ["seeing"], "note": "ตาบอดสนิททั้งสองข้าง"},
                           headers={**off.officer, "If-Match": '"1"'})
    changed = await ok(r)
    assert r.headers["ETag"] == '"2"' and [t["code"] for t in changed["disability_types"]] == ["seeing"]

    # The checklist replaces itself whole, and is a new version of the request.
    r = await client.put(f"{url}/documents", json={"documents": NEW_CARD_DOCS[:1]},
                         headers={**off.officer, "If-Match": '"2"'})
    assert [d["kind"] for d in (await ok(r))["documents"]] == ["medical_certificate"]
    assert r.headers["ETag"] == '"3"'
    r = await client.put(f"{url}/documents", json={"documents": NEW_CARD_DOCS},
                         headers={**off.officer, "If-Match": '"3"'})
    await ok(r)
    await ok(await step(client, off.officer, req["id"], "prepare", {"checked_on": days_ago(2)}))
    await ok(await send(client, off, [req["id"]], sent_on=days_ago(1)), 201)
    version = (await reload(db, DisabilityCardRequest, req["id"])).version
    for call in (client.patch(url, json={"note": "x"}, headers={**off.officer, "If-Match": f'"{version}"'}),
                 client.put(f"{url}/documents", json={"documents": []},
                            headers={**off.officer, "If-Match": f'"{version}"'})):
        await refused(db, off.org, call, 409, "disability_card.not_editable")


async def test_a_batch_goes_whole_or_not_at_all(db, client):
    off = await office(db, client)
    ready = await prepared(client, off, await person(db, off))
    draft = await start(client, off, await person(db, off, first_name="ยังไม่ครบ"))
    undone = await prepared(client, off, await person(db, off, first_name="เอกสารหาย"))
    # A paper went missing after the check: sending looks again.
    r = await client.put(f"{REQUESTS}/{undone['id']}/documents", json={"documents": NEW_CARD_DOCS[1:]},
                         headers={**off.officer, "If-Match": '"2"'})
    await ok(r)

    problem = await refused(db, off.org, send(client, off, [ready["id"], draft["id"]]), 409, "workflow.wrong_state")
    assert problem["request_id"] == draft["id"]
    problem = await refused(db, off.org, send(client, off, [ready["id"], undone["id"]]), 409,
                            "disability_card.documents_missing")
    assert problem["request_id"] == undone["id"]
    for body in ({"request_ids": [], "sent_on": days_ago(1)},
                 {"request_ids": [ready["id"], ready["id"]], "sent_on": days_ago(1)},
                 {"request_ids": [ready["id"]], "sent_on": (TODAY + timedelta(days=3)).isoformat()}):
        await refused(db, off.org, client.post(BATCHES, json=body, headers=off.officer), 422, "validation_failed")
    problem = await refused(db, off.org, send(client, off, [ready["id"], str(uuid.uuid4())]), 422,
                            "disability_card.request_not_found")
    assert problem["errors"][0]["field"] == "request_ids.1"
    await refused(db, off.org, send(client, off, [ready["id"]], headers=off.h["viewer"]), 403,
                  "forbidden.permission")

    # Sent alone, a request still gets a batch and a cover letter of its own.
    r = await step(client, off.officer, ready["id"], "send", {"sent_on": days_ago(1), "letter_no": "ชย 1/2568"})
    assert (await ok(r))["state"] == "sent"
    item = (await db.execute(select(BatchItem).where(BatchItem.request_id == uuid.UUID(ready["id"])))).scalar_one()
    batch = (await db.execute(select(Batch).where(Batch.id == item.batch_id))).scalar_one()
    assert (batch.number, batch.request_count, batch.letter_no, batch.province_code) == (1, 1, "ชย 1/2568", "36")
    listing = await ok(await client.get(BATCHES, headers=off.officer))
    assert [b["id"] for b in listing["items"]] == [str(batch.id)]
    got = await ok(await client.get(f"{BATCHES}/{batch.id}", headers=off.officer))
    assert got["items"][0]["full_name_th"] == "นายสมปอง ใจกล้า"
    by_batch = await ok(await client.get(REQUESTS, params={"batch_id": str(batch.id)}, headers=off.officer))
    assert [r["id"] for r in by_batch["items"]] == [ready["id"]]


async def test_a_person_who_died_is_not_sent_for(db, client):
    off = await office(db, client)
    citizen = await person(db, off)
    req = await prepared(client, off, citizen)
    fresh = (await db.execute(select(Citizen).where(Citizen.id == citizen.id))).scalar_one()
    fresh.death_date = TODAY - timedelta(days=1)
    await db.commit()
    await refused(db, off.org, send(client, off, [req["id"]], sent_on=days_ago(0)), 409,
                  "disability_card.citizen_deceased")
    # Cancelling needs a reason, and ends the request; the person could start another.
    await refused(db, off.org, step(client, off.officer, req["id"], "cancel", {"cancelled_on": days_ago(0)}), 422,
                  "workflow.note_required")
    r = await step(client, off.officer, req["id"], "cancel", {"cancelled_on": days_ago(0)}, note="ผู้ยื่นเสียชีวิต")
    assert (await ok(r))["state"] == "cancelled"


async def test_the_request_joins_the_persons_timeline(db, client):
    off = await office(db, client)
    citizen = await person(db, off)
    req = await prepared(client, off, citizen, guardian={"name": "นางสมใจ ใจกล้า", "national_id": "1103702071838",
                                                         "relationship": "มารดา"},
                         documents=NEW_CARD_DOCS + [{"kind": k} for k in (
                             "guardian_authority", "guardian_id_card_copy", "guardian_house_registration_copy")])
    r = await client.get(f"/api/v1/citizens/{citizen.id}/timeline", params={"page_size": 100}, headers=off.officer)
    items = (await ok(r))["items"]
    assert any(i["action"] == "disability_card_request.prepare" and i["source"] == "workflow" for i in items)
    created = next(i for i in items if i["action"] == "disability_card_request.create"
                   and i["entity"] == "disability_card_requests")
    assert created["entity_id"] == req["id"]
    assert created["after"]["guardian_national_id"] == "1-1037-xxxxx-xx-8"
    assert "1103702071838" not in str(items)

