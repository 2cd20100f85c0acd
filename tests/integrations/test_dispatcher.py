"""The dispatcher: every event reaches every receiver that wants it, exactly once as far as the
receiver can tell, in order per subject, signed; receivers that fail or are down lose nothing.

Time is driven by passing `now` forward, never by sleeping."""

from __future__ import annotations

import asyncio
from collections import defaultdict
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from chumchon.core.outbox import OutboxEvent
from chumchon.integrations import dispatcher, service
from chumchon.integrations.dispatcher import (
    GAP_WAIT,
    MAX_RETRY,
    _claim,
    _new_gaps,
    _without,
    dispatch_once,
    envelope,
    inline_dispatcher,
    retry_delay,
    run_cli,
    sign,
    verify_signature,
)
from chumchon.integrations.models import DeliveryState, WebhookCursor
from tests.factories import make_organisation, signed_in
from tests.integrations.factories import Receiver, deliveries, drain, make_event, make_subscription

API = "/api/v1"
T0 = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)


def _by_subject(received) -> dict[str, list[str]]:
    out: dict[str, list[str]] = defaultdict(list)
    for r in received:
        out[r.json["subject_id"]].append(r.event_id)
    return dict(out)


def _assert_signed(received, secret: str) -> None:
    for r in received:
        ts = r.headers["chumchon-timestamp"]
        assert verify_signature(secret, r.body, ts, r.headers["chumchon-signature"], now=int(ts)), r.headers
        assert r.headers["chumchon-event-id"] == r.event_id
        assert r.headers["chumchon-topic"] == r.json["topic"]
        assert r.headers["content-type"].startswith("application/json")


async def test_a_receiver_that_fails_three_times_then_succeeds_gets_each_event_once_in_order_signed(
        db, client, sessionmaker):
    org = await make_organisation(db)
    headers = await signed_in(db, client, org, "admin")
    r = await client.post(f"{API}/webhooks", headers=headers,
                          json={"label_th": "ระบบ พมจ.", "url": "https://pmj.example.go.th/in", "topics": ["*"]})
    assert r.status_code == 201, r.text
    sub_id, secret = r.json()["id"], r.json()["secret"]

    emitted: dict[str, list[str]] = defaultdict(list)
    for subject, n in [("a", 1), ("b", 1), ("a", 2), ("a", 3), ("b", 2)]:
        event = await make_event(db, org, "citizen.updated", subject=subject, n=n)
        emitted[subject].append(str(event.id))
    await db.commit()

    receiver = Receiver(fail_next=3)
    async with receiver.client() as http:
        first = await dispatch_once(sessionmaker, http, T0)
        assert first.fanned_out == 5
        assert first.sent == 2 and first.failed == 2  # the first event of each subject; the others wait
        assert (await dispatch_once(sessionmaker, http, T0)).sent == 0  # nothing is due before its back-off
        await drain(sessionmaker, http, T0 + timedelta(hours=2))

    assert len(receiver.requests) == 5 + 3
    assert sorted(r.event_id for r in receiver.accepted) == sorted(e for ids in emitted.values() for e in ids)
    assert _by_subject(receiver.accepted) == emitted
    # Not even a failed attempt of a later event went before the earlier one was accepted.
    for subject, ids in emitted.items():
        tried = [r.event_id for r in receiver.requests if r.json["subject_id"] == subject]
        assert [i for n, i in enumerate(tried) if n == 0 or tried[n - 1] != i] == ids
    _assert_signed(receiver.requests, secret)
    body = receiver.accepted[0].json
    assert set(body) == {"id", "topic", "subject_type", "subject_id", "organisation_id", "occurred_at", "payload"}
    assert body["organisation_id"] == str(org.id) and body["topic"] == "citizen.updated"

    r = await client.get(f"{API}/webhooks/{sub_id}/deliveries", params={"sort": "event_seq"}, headers=headers)
    assert r.status_code == 200, r.text
    log = r.json()["items"]
    assert r.json()["total"] == 5
    assert {d["state"] for d in log} == {"delivered"}
    assert sum(d["attempts"] for d in log) == 8
    assert all(d["delivered_at"] and d["last_status_code"] == 204 and d["next_attempt_at"] is None for d in log)
    failed_first = [d for d in log if d["attempts"] > 1]
    assert failed_first and all(d["last_error"] is None for d in failed_first)


async def test_a_receiver_down_for_a_while_gets_everything_afterwards_in_order(db, sessionmaker):
    org = await make_organisation(db)
    sub = await make_subscription(db, org)
    await db.commit()
    receiver = Receiver(down=True)
    emitted: dict[str, list[str]] = defaultdict(list)
    now = T0
    async with receiver.client() as http:
        # Ten hours down, events still happening.
        for hour in range(10):
            for subject in ("x", "y"):
                emitted[subject].append(str((await make_event(db, org, subject=subject, hour=hour)).id))
            await db.commit()
            await dispatch_once(sessionmaker, http, now)
            now += timedelta(hours=1)
        log = await deliveries(db, sub)
        assert len(log) == 20 and all(d.state == DeliveryState.pending.value for d in log)
        waiting = [d for d in log if d.attempts]
        # Only the first event of each subject was tried; the others wait behind it.
        assert [str(d.event_id) for d in waiting] == [emitted["x"][0], emitted["y"][0]]
        assert all(d.last_error and d.last_error.startswith("ConnectError") for d in waiting)
        assert all(d.next_attempt_at - d.last_attempt_at <= MAX_RETRY for d in waiting)
        assert receiver.accepted == []

        receiver.down = False
        await drain(sessionmaker, http, now + MAX_RETRY)
    assert _by_subject(receiver.accepted) == emitted
    assert len(receiver.accepted) == 20


async def test_one_subjects_stuck_event_holds_back_only_that_subject(db, sessionmaker):
    org = await make_organisation(db)
    sub = await make_subscription(db, org)
    stuck = await make_event(db, org, subject="stuck")
    after_stuck = await make_event(db, org, subject="stuck")
    others = [await make_event(db, org, subject="free") for _ in range(3)]
    await db.commit()
    receiver = Receiver(reject={str(stuck.id)})
    now = T0
    async with receiver.client() as http:
        for _ in range(6):
            await dispatch_once(sessionmaker, http, now)
            now += timedelta(hours=2)
    assert [r.event_id for r in receiver.accepted] == [str(e.id) for e in others]
    assert str(after_stuck.id) not in {r.event_id for r in receiver.requests}
    log = {d.event_id: d for d in await deliveries(db, sub)}
    assert log[stuck.id].attempts == 6 and log[stuck.id].last_status_code == 503
    assert log[after_stuck.id].attempts == 0 and log[after_stuck.id].state == DeliveryState.pending.value


async def test_topics_filter_what_is_sent(db, sessionmaker):
    org = await make_organisation(db)
    citizens = await make_subscription(db, org, topics=["citizen.*"])
    exact = await make_subscription(db, org, topics=["group.step_completed"], url="https://b.example.go.th/h")
    everything = await make_subscription(db, org, topics=["*"], url="https://c.example.go.th/h")
    await make_event(db, org, "citizen.died")
    await make_event(db, org, "citizen.moved_out")
    await make_event(db, org, "group.step_completed", subject_type="group", subject="g")
    await make_event(db, org, "group.formation_started", subject_type="group", subject="g")
    await make_event(db, org, "citizenship.changed")  # not "citizen.": the dot counts
    await db.commit()
    receiver = Receiver()
    async with receiver.client() as http:
        await drain(sessionmaker, http, T0)

    def topics(url: str) -> list[str]:
        return [r.json["topic"] for r in receiver.accepted if r.url == url]

    assert topics(citizens.url) == ["citizen.died", "citizen.moved_out"]
    assert topics(exact.url) == ["group.step_completed"]
    assert len(topics(everything.url)) == 5


async def test_another_organisations_events_never_reach_a_subscription(db, sessionmaker):
    org_a = await make_organisation(db, province_code="36")
    org_b = await make_organisation(db, province_code="36")
    org_far = await make_organisation(db, province_code="10")
    sub_a = await make_subscription(db, org_a, url="https://a.example.go.th/h")
    province = await make_subscription(db, None, province_code="36", owner_client_id="client:pmj-36",
                                       url="https://pmj36.example.go.th/h", topics=["disability_card.*"])
    await make_event(db, org_a, "citizen.died", subject="a1")
    await make_event(db, org_b, "citizen.died", subject="b1")
    await make_event(db, org_b, "disability_card.sent", subject="b2", subject_type="disability_card")
    await make_event(db, org_far, "disability_card.sent", subject="far", subject_type="disability_card")
    await make_event(db, None, "system.started", subject="s")
    await db.commit()
    receiver = Receiver()
    async with receiver.client() as http:
        await drain(sessionmaker, http, T0)
    got = {(r.url, r.json["subject_id"]) for r in receiver.accepted}
    assert got == {(sub_a.url, "a1"), (province.url, "b2")}
    assert all(r.json["organisation_id"] == str(org_a.id) for r in receiver.accepted if r.url == sub_a.url)


async def test_a_deactivated_subscription_gets_nothing(db, client, sessionmaker):
    org = await make_organisation(db)
    headers = await signed_in(db, client, org, "admin")
    r = await client.post(f"{API}/webhooks", headers=headers,
                          json={"label_th": "ปิดแล้ว", "url": "https://off.example.go.th/h", "topics": ["*"]})
    sub_id = r.json()["id"]
    before = await make_event(db, org, subject="s1")
    await db.commit()
    receiver = Receiver(down=True)
    async with receiver.client() as http:
        await dispatch_once(sessionmaker, http, T0)  # fanned out, the first attempt failed
        r = await client.post(f"{API}/webhooks/{sub_id}/deactivate", headers=headers)
        assert r.status_code == 200 and r.json()["is_active"] is False and r.json()["deactivated_at"]
        during = await make_event(db, org, subject="s2")
        await db.commit()
        receiver.down = False
        now = T0
        for _ in range(4):
            now += timedelta(hours=2)
            report = await dispatch_once(sessionmaker, http, now)
            assert report.sent == 0
        assert receiver.accepted == []

        r = await client.get(f"{API}/webhooks/{sub_id}/deliveries", headers=headers)
        assert [(d["event_id"], d["state"]) for d in r.json()["items"]] == [(str(before.id), "cancelled")]
        r = await client.get(f"{API}/webhooks/{sub_id}/deliveries", params={"state": "pending"}, headers=headers)
        assert r.json()["total"] == 0

        # Active again: what happens from now on, not what happened meanwhile.
        r = await client.post(f"{API}/webhooks/{sub_id}/activate", headers=headers)
        assert r.status_code == 200 and r.json()["is_active"] is True
        after = await make_event(db, org, subject="s3")
        await db.commit()
        await drain(sessionmaker, http, now + timedelta(hours=1))
    assert [r.event_id for r in receiver.accepted] == [str(after.id)]
    assert str(during.id) not in {r.event_id for r in receiver.requests}


async def test_a_subscription_starts_with_the_events_after_it(db, sessionmaker):
    org = await make_organisation(db)
    await make_event(db, org, subject="old")
    sub = await make_subscription(db, org)
    new = await make_event(db, org, subject="new")
    await db.commit()
    receiver = Receiver()
    async with receiver.client() as http:
        await drain(sessionmaker, http, T0)
    assert [r.event_id for r in receiver.accepted] == [str(new.id)]
    assert [d.event_id for d in await deliveries(db, sub)] == [new.id]


async def test_a_claimed_delivery_is_not_claimed_again_until_its_lease_ends(db, sessionmaker):
    org = await make_organisation(db)
    await make_subscription(db, org)
    await make_event(db, org)
    await db.commit()
    receiver = Receiver()
    async with receiver.client() as http:
        await dispatch_once(sessionmaker, http, T0 - timedelta(hours=1), limit=0)  # fan out only
    async with sessionmaker() as s:
        assert len(await _claim(s, T0, 10)) == 1
        await s.commit()
    async with sessionmaker() as s:
        assert await _claim(s, T0, 10) == []  # a second dispatcher finds it leased
        assert len(await _claim(s, T0 + dispatcher.LEASE + timedelta(seconds=1), 10)) == 1  # the first died


async def test_an_event_that_commits_late_below_the_cursor_is_still_sent(db, sessionmaker):
    """PostgreSQL hands out a seq at INSERT; a slow transaction can commit after later ones."""
    org = await make_organisation(db)
    sub = await make_subscription(db, org)
    first = await make_event(db, org, subject="s")
    await db.commit()
    base = first.seq
    jumped = OutboxEvent(seq=base + 5, topic="citizen.died", subject_type="citizen", subject_id="t",
                         organisation_id=org.id, payload={})
    db.add(jumped)
    await db.commit()
    receiver = Receiver()
    async with receiver.client() as http:
        await drain(sessionmaker, http, T0)
        cursor = (await db.execute(select(WebhookCursor).execution_options(populate_existing=True))).scalar_one()
        assert cursor.seq == base + 5
        assert [base + 1, base + 4] in [g[:2] for g in cursor.gaps]

        late = OutboxEvent(seq=base + 2, topic="citizen.died", subject_type="citizen", subject_id="u",
                           organisation_id=org.id, payload={})
        db.add(late)
        await db.commit()
        await drain(sessionmaker, http, T0 + timedelta(minutes=5))
        cursor = (await db.execute(select(WebhookCursor).execution_options(populate_existing=True))).scalar_one()
        assert [base + 1, base + 1] in [g[:2] for g in cursor.gaps]
        assert [base + 3, base + 4] in [g[:2] for g in cursor.gaps]

        await dispatch_once(sessionmaker, http, T0 + GAP_WAIT + timedelta(minutes=10))
        cursor = (await db.execute(select(WebhookCursor).execution_options(populate_existing=True))).scalar_one()
        assert not any(lo > base for lo, _, _ in cursor.gaps)  # watched long enough: rolled back
    assert [r.event_id for r in receiver.accepted] == [str(first.id), str(jumped.id), str(late.id)]
    assert len(await deliveries(db, sub)) == 3


def test_gap_ranges_open_and_close():
    t = T0.isoformat()
    assert _new_gaps(10, [11, 12, 15, 16, 20], T0) == [[13, 14, t], [17, 19, t]]
    assert _new_gaps(0, [], T0) == []
    assert _without([[13, 19, t]], {13, 16, 19}) == [[14, 15, t], [17, 18, t]]
    assert _without([[13, 14, t]], {13, 14}) == []


def test_back_off_grows_exponentially_with_jitter_and_a_cap():
    low = [retry_delay(n, rng=lambda: 0.0) for n in range(1, 12)]
    high = [retry_delay(n, rng=lambda: 1.0) for n in range(1, 12)]
    assert low[0] == timedelta(seconds=7.5) and high[0] == timedelta(seconds=15)
    assert all(b == 2 * a for a, b in zip(high[:5], high[1:6], strict=True))
    assert max(high) == MAX_RETRY and high[-1] == MAX_RETRY and low[-1] == MAX_RETRY / 2
    assert all(lo <= retry_delay(n) <= hi for n, lo, hi in zip(range(1, 12), low, high, strict=True))


def test_signatures_verify_and_tampering_is_caught():
    secret = "whsec_test"
    body = '{"id":"1","payload":{"ชื่อ":"สมหญิง"}}'.encode()
    ts = "1772355600"
    header = sign(secret, ts, body)
    assert header.startswith("v1=") and len(header) == 3 + 64
    assert verify_signature(secret, body, ts, header, now=int(ts) + 10)
    assert verify_signature(secret, body, ts, f"v1=deadbeef, {header}", now=int(ts))  # one of several
    assert not verify_signature(secret, body + b" ", ts, header, now=int(ts))
    assert not verify_signature("whsec_other", body, ts, header, now=int(ts))
    assert not verify_signature(secret, body, str(int(ts) + 1), header, now=int(ts))
    assert not verify_signature(secret, body, ts, header, now=int(ts) + 301)  # too old: a replay
    assert not verify_signature(secret, body, ts, header.replace("v1=", "v0="), now=int(ts))
    assert not verify_signature(secret, body, None, header)
    assert not verify_signature(secret, body, "soon", header)


async def test_the_envelope_is_compact_utf8_json(db):
    org = await make_organisation(db)
    event = await make_event(db, org, subject="c", name="สมหญิง")
    body = envelope(event)
    assert "สมหญิง".encode() in body and b": " not in body


async def test_the_inline_loop_runs_only_when_switched_on(db, app, settings, sessionmaker):
    org = await make_organisation(db)
    await make_subscription(db, org)
    event = await make_event(db, org)
    await db.commit()
    receiver = Receiver()
    async with receiver.client() as http:
        async with inline_dispatcher(app, http):
            assert not [t for t in asyncio.all_tasks() if t.get_name() == "webhook-dispatcher"]
        app.state.settings = settings.model_copy(update={"dispatcher": "inline"})
        async with inline_dispatcher(app, http):
            for _ in range(100):
                if receiver.accepted:
                    break
                await asyncio.sleep(0.05)
        assert not [t for t in asyncio.all_tasks() if t.get_name() == "webhook-dispatcher"]
    assert [r.event_id for r in receiver.accepted] == [str(event.id)]


async def test_the_command_makes_one_pass(tmp_path):
    from chumchon.core.migrate import upgrade

    url = f"sqlite+aiosqlite:///{tmp_path / 'dispatch.db'}"
    await asyncio.to_thread(upgrade, url)
    report = await run_cli(url, once=True)
    assert report.sent == 0 and report.idle


def test_the_dispatch_command_is_registered():
    from typer.testing import CliRunner

    from chumchon.cli import app

    result = CliRunner().invoke(app, ["dispatch", "--help"])
    assert result.exit_code == 0 and "--once" in result.output


@pytest.mark.parametrize("pattern, topic, expected", [
    ("*", "anything.at_all", True), ("citizen.*", "citizen.died", True), ("citizen.*", "citizens.x", False),
    ("citizen.died", "citizen.died", True), ("citizen.died", "citizen.died_again", False),
])
def test_topic_patterns(pattern, topic, expected):
    assert service.topic_matches(topic, [pattern]) is expected
