"""The request process, pair by pair: every transition fires from each of its sources and is
refused from every other state, writing nothing. The municipality's steps go through its
workflow routes; the province's through the province's routes, where a request never sent
does not exist (404), and the municipality's officer may not take them (403)."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from chumchon.auth.permissions import P
from chumchon.core.outbox import OutboxEvent
from chumchon.core.workflow import WorkflowEntry
from chumchon.disability_cards.models import DisabilityCard, RequestState
from chumchon.disability_cards.workflow import REQUEST_PROCESS
from tests.disability_cards.flow import (
    RETURN,
    answer,
    days_ago,
    issue_body,
    make_request,
    office,
    person,
    province_client,
    refused,
    step,
)

STATES = [s.key for s in REQUEST_PROCESS.states]
PAIRS = [(state, t.name) for state in STATES for t in REQUEST_PROCESS.transitions]
PROVINCE_STEPS = {"receive", "issue", "return"}
# What each step takes through the municipality's workflow routes: {"evidence": …, "note": …}.
OFFICER_BODIES = {
    "prepare": {"evidence": {"checked_on": days_ago(11)}},
    "send": {"evidence": {"sent_on": days_ago(6), "letter_no": "ชย 72301/ว 140"}},
    "resend": {"evidence": {"sent_on": days_ago(6)}},
    "cancel": {"evidence": {"cancelled_on": days_ago(1)}, "note": "ผู้ยื่นขอยกเลิก ย้ายไปอยู่กับบุตรต่างจังหวัด"},
    "receive": {"evidence": {"received_on": days_ago(4)}},
    "issue": {"evidence": {k: v for k, v in issue_body().items()}},
    "return": {"evidence": {"returned_on": days_ago(4), "reason": "other"}, "note": "x"},
}
NEVER_SENT = {"draft", "prepared", "cancelled"}  # as the factory makes them


def test_the_process_is_declared_as_the_issue_describes_it():
    assert set(STATES) == {s.value for s in RequestState}
    assert {t.name for t in REQUEST_PROCESS.transitions} == set(OFFICER_BODIES)
    ranks = {s.key: s.rank for s in REQUEST_PROCESS.states}
    main = ["draft", "prepared", "sent", "received", "issued"]
    assert [ranks[s] for s in main] == sorted(ranks[s] for s in main) and len(set(ranks[s] for s in main)) == 5
    assert {s.key for s in REQUEST_PROCESS.states if s.terminal} == {"issued", "cancelled"}
    assert {t.name for t in REQUEST_PROCESS.transitions if t.permission == P.disability_cards_decide} == PROVINCE_STEPS
    assert {t.name for t in REQUEST_PROCESS.transitions if t.permission == P.disability_cards_write} == {
        "prepare", "send", "resend", "cancel"}
    for t in REQUEST_PROCESS.transitions:
        assert t.requires_note == (t.kind != "forward"), t.name
    # A province's webhook hears of sendings and answers, never of a request still being prepared.
    events = {t.name: t.event for t in REQUEST_PROCESS.transitions}
    assert events["prepare"] is None and events["send"] == events["resend"] == "disability_card_request.sent"


@pytest.mark.parametrize(("state", "transition"), PAIRS, ids=[f"{s}-{t}" for s, t in PAIRS])
async def test_a_transition_fires_from_its_sources_and_from_nowhere_else(db, client, state, transition):
    off = await office(db, client)
    # Every document is there and the dates line up, so only the state can stop the move.
    req = await make_request(db, await person(db, off), state=state)
    await db.commit()
    t = REQUEST_PROCESS.transition(transition)
    history = select(WorkflowEntry).where(WorkflowEntry.subject_id == req.id)

    if transition in PROVINCE_STEPS:
        prov = province_client(client)
        body = {"receive": {"received_on": days_ago(4)}, "issue": issue_body(), "return": RETURN}[transition]
        # The municipality's officer cannot take the province's steps, even through the engine's routes.
        code, status = ("workflow.permission", 403) if state in t.sources else ("workflow.wrong_state", 409)
        await refused(db, off.org, step(client, off.officer, req.id, transition, **OFFICER_BODIES[transition]),
                      status, code)
        if state in t.sources:
            r = await answer(client, prov, req.id, transition, body)
            assert r.status_code == 200, r.text
            assert r.json()["state"] == t.target
        elif state in NEVER_SENT:
            await refused(db, off.org, answer(client, prov, req.id, transition, body), 404,
                          "disability_card.request_not_found")
            return
        else:
            problem = await refused(db, off.org, answer(client, prov, req.id, transition, body), 409,
                                    "workflow.wrong_state")
            assert problem["state"] == state
            return
    elif state in t.sources:
        r = await step(client, off.officer, req.id, transition, **OFFICER_BODIES[transition])
        assert r.status_code == 200, r.text
        assert r.json()["state"] == t.target
    else:
        problem = await refused(db, off.org, step(client, off.officer, req.id, transition,
                                                  **OFFICER_BODIES[transition]), 409, "workflow.wrong_state")
        assert problem["state"] == state
        return

    entry = (await db.execute(history)).scalar_one()
    assert (entry.from_state, entry.to_state, entry.transition) == (state, t.target, transition)
    topic = t.event or "disability_card_request.step_completed"
    assert (await db.execute(select(OutboxEvent.topic).where(OutboxEvent.subject_id == str(req.id)))).scalar_one() \
        == topic
    cards = (await db.execute(select(DisabilityCard).where(DisabilityCard.request_id == req.id))).scalars().all()
    assert len(cards) == (1 if transition == "issue" else 0)
