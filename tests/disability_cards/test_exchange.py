"""Both sides of the exchange with the provincial office, through HTTP: the municipality sends,
the province (a machine client) receives, issues or returns; the card lands on the person and
the disability allowance can follow. The province sees only what was sent to it, across the
organisations of its province and nothing else; a retried POST changes nothing."""

from __future__ import annotations

import uuid
from datetime import timedelta

from sqlalchemy import func, select

from chumchon.auth.permissions import P
from chumchon.core.audit import AuditEntry
from chumchon.core.idempotency import IdempotencyKey
from chumchon.core.outbox import OutboxEvent
from chumchon.core.workflow import WorkflowEntry
from chumchon.disability_cards import service
from chumchon.disability_cards.models import Batch, DisabilityCard, DisabilityCardRequest
from tests.allowances.flow import make_registration, register
from tests.disability_cards.flow import (
    CARDS,
    PROVINCE,
    REQUESTS,
    RETURN,
    TODAY,
    answer,
    assert_problem,
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
    snapshot,
)
from tests.factories import api_routes, make_client


async def _count(db, model, *where) -> int:  # type: ignore[no-untyped-def]
    return (await db.execute(select(func.count()).select_from(model).where(*where))).scalar_one()


async def test_the_municipality_sends_the_province_issues_and_the_allowance_can_follow(db, client):
    off = await office(db, client)
    citizen = await person(db, off)

    # The disability allowance waits for a card: registered, but its card check fails.
    reg = await register(client, off, citizen, "disability", received_on=days_ago(20))  # type: ignore[arg-type]
    r = await client.get(f"/api/v1/allowances/registrations/{reg['id']}/eligibility", headers=off.officer)
    checks = {c["code"]: c["passed"] for c in (await ok(r))["checks"]}
    assert checks["allowance.card_missing"] is False

    # The municipality: a request, its documents checked, sent in a batch with a cover letter.
    req = await prepared(client, off, citizen)
    batch = await ok(await send(client, off, [req["id"]]), 201)
    assert batch["request_count"] == 1 and batch["items"][0]["request_id"] == req["id"]
    pdf = await client.get(batch["cover_letter_url"], headers=off.officer)
    assert pdf.status_code == 200 and pdf.headers["content-type"] == "application/pdf"
    r = await client.get(f"{REQUESTS}/{req['id']}", headers=off.officer)
    sent = await ok(r)
    assert (sent["state"], sent["province_code"], sent["last_batch_id"]) == ("sent", "36", batch["id"])

    # The province signs in with client credentials, as its system would.
    _, secret = await make_client(db, P.disability_cards_read, P.disability_cards_decide, province_code="36",
                                  client_id="pmj-chaiyaphum")
    await db.commit()
    r = await client.post("/api/v1/auth/token", data={"grant_type": "client_credentials", "client_id": "pmj-chaiyaphum",
                                                      "client_secret": secret})
    prov = {"Authorization": f"Bearer {(await ok(r))['access_token']}"}

    listing = await ok(await client.get(PROVINCE, params={"state": "sent"}, headers=prov))
    assert [i["id"] for i in listing["items"]] == [req["id"]]
    item = listing["items"][0]
    assert item["person"]["national_id"] == citizen.national_id  # the card is made from the whole ID
    assert item["organisation"]["code"] == off.org.code
    assert [d["kind"] for d in item["documents"]] == sorted(d["kind"] for d in item["documents"])
    assert item["letter_no"] == "ชย 72301/ว 123" and item["batch_number"] == batch["number"]

    received = await ok(await answer(client, prov, req["id"], "receive"))
    assert (received["state"], received["province_reference"]) == ("received", "รับที่ 1234/2568")
    issued = await ok(await answer(client, prov, req["id"], "issue"))
    assert issued["state"] == "issued"
    assert issued["card"]["card_number"] == "3-6001-00012-34-5"

    # The card is on the person and valid today; the event is in the outbox.
    cards = await ok(await client.get(CARDS, params={"citizen_id": str(citizen.id)}, headers=off.officer))
    (card,) = cards["items"]
    assert (card["status"], card["request_id"], card["issued_by"]) == ("valid", req["id"], "สำนักงาน พมจ. ทดสอบ")
    summary = await service.valid_card_for(db, citizen.id, TODAY)
    assert summary is not None and str(summary.card_id) == card["id"]
    event = (await db.execute(select(OutboxEvent).where(OutboxEvent.topic == "disability_card.issued",
                                                        OutboxEvent.subject_id == card["id"]))).scalar_one()
    assert event.organisation_id == off.org.id
    assert event.payload["citizen_id"] == str(citizen.id) and event.payload["expires_on"] == card["expires_on"]
    r = await client.get(f"{REQUESTS}/{req['id']}", headers=off.officer)
    assert (await ok(r))["card"]["card_id"] == card["id"]

    # The allowance side: the issued card unlocks the registration's card checks by itself.
    r = await client.get(f"/api/v1/allowances/registrations/{reg['id']}/eligibility", headers=off.officer)
    checks = {c["code"]: c["passed"] for c in (await ok(r))["checks"]}
    assert checks["allowance.card_missing"] is True and checks["allowance.card_expired"] is True


async def test_a_returned_request_is_fixed_and_sent_again(db, client):
    off = await office(db, client)
    citizen = await person(db, off)
    req = await prepared(client, off, citizen)
    await ok(await send(client, off, [req["id"]]), 201)
    prov = province_client(client)

    # Returning needs a reason; the province may not issue what it returned.
    await refused(db, off.org, answer(client, prov, req["id"], "return", {k: v for k, v in RETURN.items()
                                                                          if k != "note"}), 422, "validation_failed")
    returned = await ok(await answer(client, prov, req["id"], "return"))
    assert (returned["state"], returned["return_reason"]) == ("returned", "documents_unclear")
    await refused(db, off.org, answer(client, prov, req["id"], "issue"), 409, "workflow.wrong_state")

    mine = await ok(await client.get(f"{REQUESTS}/{req['id']}", headers=off.officer))
    assert mine["return_note"] == RETURN["note"] and mine["return_reason_label_th"] == "เอกสารไม่ชัดเจน"
    # Fixed: a new photo, and a guardian who now acts for the person (their papers too).
    r = await client.patch(f"{REQUESTS}/{req['id']}", headers={**off.officer, "If-Match": f'"{mine["version"]}"'},
                           json={"guardian": {"name": "นางสมใจ ใจกล้า", "national_id": "1-1037-02071-83-8",
                                              "relationship": "มารดา"}})
    fixed = await ok(r)
    assert {m["kinds"][0] for m in fixed["missing_documents"]} == {
        "guardian_authority", "guardian_id_card_copy", "guardian_house_registration_copy"}
    await refused(db, off.org, send(client, off, [req["id"]], sent_on=days_ago(6)), 409,
                  "disability_card.documents_missing")
    docs = [{"kind": k, "file_ref": f"scans/{k}.pdf"} for k in (
        "medical_certificate", "id_card_copy", "house_registration_copy", "photo", "guardian_authority",
        "guardian_id_card_copy", "guardian_house_registration_copy")]
    r = await client.put(f"{REQUESTS}/{req['id']}/documents", json={"documents": docs},
                         headers={**off.officer, "If-Match": f'"{fixed["version"]}"'})
    assert (await ok(r))["missing_documents"] == []
    again = await ok(await send(client, off, [req["id"]], sent_on=days_ago(6), letter_no="ชย 72301/ว 130"), 201)
    assert again["items"][0]["resend"] is True

    seen = await ok(await client.get(f"{PROVINCE}/{req['id']}", headers=prov))
    assert (seen["state"], seen["send_count"], seen["letter_no"]) == ("sent", 2, "ชย 72301/ว 130")
    assert seen["guardian"] == {"name": "นางสมใจ ใจกล้า", "national_id": "1103702071838", "relationship": "มารดา"}
    await ok(await answer(client, prov, req["id"], "receive", {"received_on": days_ago(5)}))
    await ok(await answer(client, prov, req["id"], "issue", issue_body(issued_on=TODAY)))
    history = (await db.execute(select(WorkflowEntry.transition).where(
        WorkflowEntry.subject_id == uuid.UUID(req["id"])).order_by(WorkflowEntry.seq))).scalars().all()
    assert history == ["prepare", "send", "return", "resend", "receive", "issue"]


async def test_the_provinces_answers_cannot_be_dated_before_the_papers_left(db, client):
    off = await office(db, client)
    req = await make_request(db, await person(db, off), state="sent")
    await db.commit()
    prov = province_client(client)
    await refused(db, off.org, answer(client, prov, req.id, "receive", {"received_on": days_ago(30)}), 409,
                  "disability_card.before_sent")
    await ok(await answer(client, prov, req.id, "receive"))  # 8 days ago
    await refused(db, off.org, answer(client, prov, req.id, "issue", {**issue_body(), "issued_on": days_ago(9)}),
                  409, "disability_card.before_received")
    # An expiry before the issue date, or a card issued tomorrow, is not a card.
    body = {**issue_body(), "expires_on": days_ago(6)}
    await refused(db, off.org, answer(client, prov, req.id, "issue", body), 422, "validation_failed")
    body = {**issue_body(), "issued_on": (TODAY.replace(year=TODAY.year + 1)).isoformat()}
    await refused(db, off.org, answer(client, prov, req.id, "issue", body), 422, "validation_failed")


async def test_a_retried_post_with_the_same_key_changes_nothing(db, client):
    off = await office(db, client)
    first, second = await person(db, off), await person(db, off, first_name="สมศักดิ์")
    a = await prepared(client, off, first)
    b = await prepared(client, off, second)

    # The municipality's batch, sent twice over a bad line: one batch.
    key = str(uuid.uuid4())
    one = await send(client, off, [a["id"], b["id"]], headers={"Idempotency-Key": key})
    two = await send(client, off, [a["id"], b["id"]], headers={"Idempotency-Key": key})
    assert one.status_code == two.status_code == 201
    assert two.headers["Idempotent-Replayed"] == "true" and two.json() == one.json()
    assert await _count(db, Batch, Batch.organisation_id == off.org.id) == 1

    prov = province_client(client)
    for rid in (a["id"], b["id"]):
        await ok(await answer(client, prov, rid, "receive"))
    key = str(uuid.uuid4())
    headers = {**prov, "Idempotency-Key": key}
    first_answer = await answer(client, headers, a["id"], "issue")
    assert first_answer.status_code == 200, first_answer.text
    before = await snapshot(db, off.org)
    again = await answer(client, headers, a["id"], "issue")
    assert again.status_code == 200 and again.headers["Idempotent-Replayed"] == "true"
    assert again.json() == first_answer.json()
    assert await snapshot(db, off.org) == before
    assert await _count(db, DisabilityCard, DisabilityCard.citizen_id == first.id) == 1
    assert await _count(db, OutboxEvent, OutboxEvent.topic == "disability_card.issued",
                        OutboxEvent.organisation_id == off.org.id) == 1

    # The same key for another request (another card number, or the other person) is refused.
    await refused(db, off.org, answer(client, headers, a["id"], "issue", issue_body("9-9999-99999-99-9")), 422,
                  "idempotency.key_reused")
    await refused(db, off.org, answer(client, headers, b["id"], "issue"), 422, "idempotency.key_reused")
    assert await _count(db, IdempotencyKey, IdempotencyKey.key == key) == 1
    # Without a key, a second issue is simply a step that is done already.
    await refused(db, off.org, answer(client, prov, a["id"], "issue"), 409, "workflow.wrong_state")


async def test_a_province_sees_what_was_sent_to_it_across_organisations_and_nothing_else(db, client):
    town = await office(db, client)
    village = await office(db, client)                     # another organisation of the same province
    elsewhere = await office(db, client, province_code="40", province_name="ขอนแก่น")
    sent_town = await make_request(db, await person(db, town), state="sent")
    draft_town = await make_request(db, await person(db, town, first_name="ยังไม่ส่ง"), state="prepared")
    sent_village = await make_request(db, await person(db, village), state="received")
    sent_elsewhere = await make_request(db, await person(db, elsewhere, first_name="ขอนแก่น"), state="sent")
    await db.commit()
    chaiyaphum, khon_kaen = province_client(client, "36"), province_client(client, "40")

    listing = await ok(await client.get(PROVINCE, params={"page_size": 200}, headers=chaiyaphum))
    assert {i["id"] for i in listing["items"]} == {str(sent_town.id), str(sent_village.id)}
    assert listing["total"] == 2 and "ยังไม่ส่ง" not in str(listing) and "ขอนแก่น" not in str(listing)
    only_town = await ok(await client.get(PROVINCE, params={"organisation_code": town.org.code}, headers=chaiyaphum))
    assert [i["id"] for i in only_town["items"]] == [str(sent_town.id)]
    listing = await ok(await client.get(PROVINCE, headers=khon_kaen))
    assert [i["id"] for i in listing["items"]] == [str(sent_elsewhere.id)]

    # Another province's client, or a request never sent: as if it did not exist.
    for req, headers in ((sent_town, khon_kaen), (draft_town, chaiyaphum), (sent_elsewhere, chaiyaphum)):
        org = town.org if req is not sent_elsewhere else elsewhere.org
        assert_problem(await client.get(f"{PROVINCE}/{req.id}", headers=headers), 404,
                       "disability_card.request_not_found")
        for action in ("receive", "issue", "return"):
            await refused(db, org, answer(client, headers, req.id, action), 404, "disability_card.request_not_found")

    # A client that may only read cannot decide.
    reader = province_client(client, "36", scopes=(P.disability_cards_read,))
    await ok(await client.get(f"{PROVINCE}/{sent_town.id}", headers=reader))
    await refused(db, town.org, answer(client, reader, sent_town.id, "receive"), 403, "workflow.permission")
    # Without even reading, nothing.
    nobody = province_client(client, "36", scopes=())
    assert_problem(await client.get(PROVINCE, headers=nobody), 403, "forbidden.permission")

    # A person of the organisation has no province: the province's side shows them nothing.
    listing = await ok(await client.get(PROVINCE, headers=town.officer))
    assert listing == {"items": [], "total": 0, "page": 1, "page_size": 25}
    assert_problem(await client.get(f"{PROVINCE}/{sent_town.id}", headers=town.officer), 404,
                   "disability_card.request_not_found")


async def test_the_province_never_sees_allowances_or_hiv_data(db, client, app):
    off = await office(db, client)
    citizen = await person(db, off, first_name="ลับเฉพาะ")
    hiv = await make_registration(db, citizen, programme="hiv", note="ผู้ป่วยเอดส์ ลับ")
    req = await make_request(db, citizen, state="sent", note="บันทึกภายในของเจ้าหน้าที่")
    await db.commit()
    prov = province_client(client)

    seen = await ok(await client.get(f"{PROVINCE}/{req.id}", headers=prov))
    assert set(seen) == {
        "id", "organisation", "kind", "kind_label_th", "state", "state_label_th", "person", "disability_types",
        "replacement_reason", "details_changed", "previous_card_no", "guardian", "documents", "sent_on",
        "send_count", "letter_no", "batch_number", "received_on", "province_reference", "returned_on",
        "return_reason", "return_note", "card", "version", "updated_at"}
    assert set(seen["person"]) == {"title", "first_name", "last_name", "full_name_th", "national_id"}
    assert not [s for s in ("hiv", "เอดส์", "allowance", str(hiv.id), "บันทึกภายใน", str(citizen.id)) if s in str(seen)]

    # Nowhere else in the API either: every list answers 403 or shows none of it, and the
    # person's and the registration's own routes are closed.
    secrets = [str(hiv.id), "ผู้ป่วยเอดส์ ลับ", "บันทึกภายใน"]
    for method, path, params in api_routes(app):
        if method != "GET" or not path.startswith("/api/"):
            continue
        if params and not set(params) <= {"citizen_id", "registration_id"}:
            continue
        url = path.format(citizen_id=citizen.id, registration_id=hiv.id)
        r = await client.get(url, params={"page_size": 200}, headers=prov)
        assert r.status_code < 500, f"GET {path}: {r.text[:300]}"
        if params:
            assert r.status_code in (403, 404), f"GET {path} answered {r.status_code} to the province"
        leaked = [s for s in secrets if s in r.text]
        assert not leaked, f"GET {path} shows the province {leaked}"


async def test_the_provinces_reads_of_whole_ids_are_in_the_audit_log(db, client):
    off = await office(db, client)
    req = await make_request(db, await person(db, off), state="sent")
    await db.commit()
    prov = province_client(client)
    await ok(await client.get(PROVINCE, headers=prov))
    await ok(await client.get(f"{PROVINCE}/{req.id}", headers=prov))
    actions = (await db.execute(select(AuditEntry.action, AuditEntry.actor_kind, AuditEntry.organisation_id)
                                .where(AuditEntry.entity_id == str(req.id)).order_by(AuditEntry.at))).all()
    assert [tuple(a) for a in actions if a.action.endswith(("province_list", "province_read"))] == [
        ("disability_card_request.province_list", "client", off.org.id),
        ("disability_card_request.province_read", "client", off.org.id)]
    # And the officer sees the province's steps on the request, written in the organisation's name.
    await ok(await answer(client, prov, req.id, "receive"))
    view = await ok(await client.get(f"{REQUESTS}/{req.id}/workflow", headers=off.officer))
    assert view["history"][-1]["actor_kind"] == "client"
    assert (await reload(db, DisabilityCardRequest, req.id)).state == "received"


async def test_the_province_can_poll_for_what_changed(db, client):
    off = await office(db, client)
    req = await make_request(db, await person(db, off), state="sent")
    await db.commit()
    prov = province_client(client)
    since = (await reload(db, DisabilityCardRequest, req.id)).updated_at
    earlier = (since - timedelta(minutes=1)).isoformat()
    page = await ok(await client.get(PROVINCE, params={"updated_since": earlier}, headers=prov))
    assert [i["id"] for i in page["items"]] == [str(req.id)]
    page = await ok(await client.get(PROVINCE, params={"updated_since": since.isoformat()}, headers=prov))
    assert page["total"] == 0
    # A moment without a zone is ambiguous (Bangkok or UTC?): refused, not guessed.
    assert_problem(await client.get(PROVINCE, params={"updated_since": "2025-06-02T09:00:00"}, headers=prov), 422,
                   "validation_failed")
    await ok(await answer(client, prov, req.id, "receive"))
    page = await ok(await client.get(PROVINCE, params={"updated_since": since.isoformat()}, headers=prov))
    assert [(i["id"], i["state"]) for i in page["items"]] == [(str(req.id), "received")]


async def test_a_provinces_webhook_may_hear_of_sendings_and_cards_only(db, client):
    prov = province_client(client)
    url, label = "https://pmj.example.go.th/chumchon/events", "ระบบ พมจ.ชัยภูมิ"
    r = await client.post("/api/v1/webhooks", headers=prov, json={
        "label_th": label, "url": url, "topics": ["disability_card_request.sent", "disability_card.issued"]})
    assert r.status_code == 201, r.text
    # Not the step events that also cover requests still being prepared, nor anything else.
    for topic in ("disability_card_request.step_completed", "disability_card_request.cancelled",
                  "disability_card.expired", "allowance_registration.approved"):
        r = await client.post("/api/v1/webhooks", headers=prov, json={"label_th": label, "url": url,
                                                                      "topics": [topic]})
        assert_problem(r, 422, "webhooks.topics_not_allowed")
    r = await client.post("/api/v1/webhooks", headers=prov, json={"label_th": label, "url": url, "topics": ["*"]})
    assert sorted((await ok(r, 201))["topics"]) == sorted([
        "disability_card_request.sent", "disability_card_request.received", "disability_card_request.issued",
        "disability_card_request.returned", "disability_card.issued"])
