"""Managing webhook subscriptions through the API: administrators for their organisation,
machine clients for themselves; the secret is shown once; updates need If-Match."""

from __future__ import annotations

import uuid

import pytest
from sqlalchemy import func, select

from chumchon.auth.permissions import P
from chumchon.core.audit import AuditEntry
from chumchon.integrations import service
from chumchon.integrations.models import WebhookSubscription
from tests.factories import make_client, make_organisation, signed_in
from tests.integrations.factories import make_subscription

API = "/api/v1"
NEW = {"label_th": "ระบบรับข้อมูล กองสวัสดิการ", "url": "https://receiver.example.go.th/in",
       "topics": ["citizen.*", "group.step_completed"]}


async def _count(db, org) -> int:
    return (await db.execute(select(func.count()).select_from(WebhookSubscription)
                             .where(WebhookSubscription.organisation_id == org.id))).scalar_one()


async def test_an_admin_keeps_the_organisations_subscriptions(db, client):
    org = await make_organisation(db)
    headers = await signed_in(db, client, org, "admin")

    r = await client.post(f"{API}/webhooks", json=NEW, headers=headers)
    assert r.status_code == 201, r.text
    created = r.json()
    assert created["secret"].startswith("whsec_") and len(created["secret"]) > 40
    assert created["scope"] == "organisation" and created["organisation_id"] == str(org.id)
    assert created["topics"] == NEW["topics"] and created["is_active"] is True
    sub_id = created["id"]

    r = await client.get(f"{API}/webhooks/{sub_id}", headers=headers)
    assert r.status_code == 200 and r.headers["ETag"] == '"1"'
    assert "secret" not in r.json() and created["secret"] not in r.text
    r = await client.get(f"{API}/webhooks", headers=headers)
    assert [s["id"] for s in r.json()["items"]] == [sub_id] and created["secret"] not in r.text

    # The secret never reaches the audit log.
    audit = (await db.execute(select(AuditEntry).where(AuditEntry.entity_id == sub_id))).scalars().all()
    assert audit and all(created["secret"] not in str(a.after) for a in audit)
    assert {a.action for a in audit} == {"webhook.create"}

    r = await client.patch(f"{API}/webhooks/{sub_id}", json={"topics": ["*"]}, headers=headers)
    assert r.status_code == 428
    r = await client.patch(f"{API}/webhooks/{sub_id}", json={"topics": ["*"], "label_th": "ทุกเรื่อง"},
                           headers={**headers, "If-Match": '"1"'})
    assert r.status_code == 200, r.text
    assert r.json()["topics"] == ["*"] and r.json()["version"] == 2 and r.headers["ETag"] == '"2"'
    r = await client.patch(f"{API}/webhooks/{sub_id}", json={"label_th": "เก่า"},
                           headers={**headers, "If-Match": '"1"'})
    assert r.status_code == 409 and r.json()["code"] == "conflict.stale_version"
    # Being active is not a field of PATCH.
    r = await client.patch(f"{API}/webhooks/{sub_id}", json={"is_active": False},
                           headers={**headers, "If-Match": '"2"'})
    assert r.status_code == 200 and r.json()["is_active"] is True

    r = await client.post(f"{API}/webhooks/{sub_id}/rotate-secret", headers=headers)
    assert r.status_code == 200 and r.json()["secret"].startswith("whsec_")
    assert r.json()["secret"] != created["secret"]

    r = await client.post(f"{API}/webhooks/{sub_id}/deactivate", headers=headers)
    assert r.json()["is_active"] is False
    r = await client.get(f"{API}/webhooks", params={"active": True}, headers=headers)
    assert r.json()["total"] == 0
    r = await client.post(f"{API}/webhooks/{sub_id}/activate", headers=headers)
    assert r.json()["is_active"] is True and r.json()["deactivated_at"] is None
    actions = (await db.execute(select(AuditEntry.action).where(AuditEntry.entity_id == sub_id)
                                .order_by(AuditEntry.at))).scalars().all()
    assert actions == ["webhook.create", "webhook.update", "webhook.rotate_secret", "webhook.deactivate",
                       "webhook.activate"]


async def test_creating_with_the_same_idempotency_key_makes_one_subscription(db, client):
    org = await make_organisation(db)
    headers = {**await signed_in(db, client, org, "admin"), "Idempotency-Key": str(uuid.uuid4())}
    one = await client.post(f"{API}/webhooks", json=NEW, headers=headers)
    two = await client.post(f"{API}/webhooks", json=NEW, headers=headers)
    assert one.status_code == two.status_code == 201
    assert two.json() == one.json()  # the same secret too: the first answer was lost, not the subscription
    assert two.headers["Idempotent-Replayed"] == "true"
    assert await _count(db, org) == 1
    r = await client.post(f"{API}/webhooks", json={**NEW, "url": "https://other.example.go.th/in"}, headers=headers)
    assert r.status_code == 422 and r.json()["code"] == "idempotency.key_reused"
    assert await _count(db, org) == 1


@pytest.mark.parametrize("role", ["officer", "executive", "viewer", "leader", "finance"])
async def test_only_administrators_may_keep_subscriptions(db, client, role):
    org = await make_organisation(db)
    sub = await make_subscription(db, org)
    headers = await signed_in(db, client, org, role)
    for method, path, body in [("GET", "/webhooks", None), ("POST", "/webhooks", NEW),
                               ("GET", f"/webhooks/{sub.id}", None), ("GET", f"/webhooks/{sub.id}/deliveries", None),
                               ("POST", f"/webhooks/{sub.id}/deactivate", None)]:
        r = await client.request(method, f"{API}{path}", json=body, headers=headers)
        assert r.status_code == 403, (method, path, r.text)
        assert r.json()["code"] == "forbidden.permission"
    assert await _count(db, org) == 1


@pytest.mark.parametrize("change, field", [
    ({"url": "http://receiver.example.go.th/in"}, "url"),
    ({"url": "ftp://receiver.example.go.th/in"}, "url"),
    ({"url": "https://user:pw@receiver.example.go.th/in"}, "url"),
    ({"url": "receiver.example.go.th"}, "url"),
    ({"topics": []}, "topics"),
    ({"topics": ["Citizen Died"]}, "topics.0"),
    ({"label_th": ""}, "label_th"),
])
async def test_bad_subscriptions_are_refused_with_the_field(db, client, change, field):
    org = await make_organisation(db)
    headers = await signed_in(db, client, org, "admin")
    r = await client.post(f"{API}/webhooks", json={**NEW, **change}, headers=headers)
    assert r.status_code == 422, r.text
    assert r.json()["code"] == "validation_failed"
    assert field in {e["field"] for e in r.json()["errors"]}
    assert await _count(db, org) == 0


async def test_http_to_this_machine_is_allowed_for_a_local_receiver(db, client):
    org = await make_organisation(db)
    headers = await signed_in(db, client, org, "admin")
    r = await client.post(f"{API}/webhooks", json={**NEW, "url": "http://127.0.0.1:9000/hook"}, headers=headers)
    assert r.status_code == 201, r.text


async def _client_headers(db, client, *scopes: str, province: str = "36") -> tuple[dict[str, str], str]:
    machine, secret = await make_client(db, *scopes, province_code=province)
    await db.commit()
    r = await client.post(f"{API}/auth/token", data={"grant_type": "client_credentials",
                                                     "client_id": machine.client_id, "client_secret": secret})
    assert r.status_code == 200, r.text
    return {"Authorization": f"Bearer {r.json()['access_token']}"}, f"client:{machine.client_id}"


@pytest.fixture
def card_topics(monkeypatch):
    monkeypatch.setattr(service, "CLIENT_TOPICS", {})
    service.allow_client_topics(P.disability_cards_read, "disability_card.*")
    service.allow_client_topics(P.disability_cards_decide, "disability_card.sent")


async def test_a_provincial_client_keeps_its_own_subscriptions_for_its_province(db, client, card_topics):
    org = await make_organisation(db, province_code="36")
    admin = await signed_in(db, client, org, "admin")
    own_org_sub = await make_subscription(db, org)
    await db.commit()
    headers, owner = await _client_headers(db, client, P.disability_cards_read)

    r = await client.post(f"{API}/webhooks", headers=headers,
                          json={"label_th": "พมจ.ชัยภูมิ", "url": "https://pmj.example.go.th/in", "topics": ["*"]})
    assert r.status_code == 201, r.text
    sub = r.json()
    assert sub["scope"] == "province" and sub["province_code"] == "36" and sub["organisation_id"] is None
    assert sub["topics"] == ["disability_card.*"]  # `*` is everything its scopes allow
    stored = (await db.execute(select(WebhookSubscription).where(WebhookSubscription.id == uuid.UUID(sub["id"]))
                               .execution_options(all_tenants=True))).scalar_one()
    assert stored.owner_client_id == owner

    r = await client.get(f"{API}/webhooks", headers=headers)
    assert [s["id"] for s in r.json()["items"]] == [sub["id"]]  # not the organisation's
    r = await client.patch(f"{API}/webhooks/{sub['id']}", json={"topics": ["disability_card.returned"]},
                           headers={**headers, "If-Match": '"1"'})
    assert r.status_code == 200, r.text
    r = await client.post(f"{API}/webhooks/{sub['id']}/deactivate", headers=headers)
    assert r.status_code == 200 and r.json()["is_active"] is False
    r = await client.get(f"{API}/webhooks/{own_org_sub.id}", headers=headers)
    assert r.status_code == 404

    # The organisation's administrator does not see the province's subscription.
    r = await client.get(f"{API}/webhooks", headers=admin)
    assert [s["id"] for s in r.json()["items"]] == [str(own_org_sub.id)]
    assert (await client.get(f"{API}/webhooks/{sub['id']}", headers=admin)).status_code == 404

    # Nor does another client of the same province.
    other, _ = await _client_headers(db, client, P.disability_cards_read)
    assert (await client.get(f"{API}/webhooks/{sub['id']}", headers=other)).status_code == 404
    assert (await client.get(f"{API}/webhooks", headers=other)).json()["total"] == 0


async def test_a_client_may_only_receive_topics_its_scopes_open(db, client, card_topics):
    headers, _ = await _client_headers(db, client, P.disability_cards_decide)
    body = {"label_th": "พมจ.", "url": "https://pmj.example.go.th/in"}
    r = await client.post(f"{API}/webhooks", json={**body, "topics": ["citizen.*"]}, headers=headers)
    assert r.status_code == 422 and r.json()["code"] == "webhooks.topics_not_allowed"
    r = await client.post(f"{API}/webhooks", json={**body, "topics": ["disability_card.*"]}, headers=headers)
    assert r.status_code == 422  # wider than disability_card.sent
    r = await client.post(f"{API}/webhooks", json={**body, "topics": ["disability_card.sent"]}, headers=headers)
    assert r.status_code == 201, r.text
    sub_id = r.json()["id"]
    r = await client.patch(f"{API}/webhooks/{sub_id}", json={"topics": ["*", "citizen.died"]},
                           headers={**headers, "If-Match": '"1"'})
    assert r.status_code == 422 and r.json()["code"] == "webhooks.topics_not_allowed"


async def test_until_a_domain_opens_topics_a_client_can_subscribe_to_nothing(db, client, monkeypatch):
    monkeypatch.setattr(service, "CLIENT_TOPICS", {})
    headers, _ = await _client_headers(db, client, P.disability_cards_read)
    r = await client.post(f"{API}/webhooks", headers=headers,
                          json={"label_th": "พมจ.", "url": "https://pmj.example.go.th/in", "topics": ["*"]})
    assert r.status_code == 422 and r.json()["code"] == "webhooks.topics_not_allowed"


async def test_deliveries_of_an_unknown_subscription_are_not_found(db, client):
    org = await make_organisation(db)
    headers = await signed_in(db, client, org, "admin")
    r = await client.get(f"{API}/webhooks/{uuid.uuid4()}/deliveries", headers=headers)
    assert r.status_code == 404 and r.json()["code"] == "webhooks.not_found"
    r = await client.get(f"{API}/webhooks/{uuid.uuid4()}/deliveries", params={"state": "lost"}, headers=headers)
    assert r.status_code == 422
