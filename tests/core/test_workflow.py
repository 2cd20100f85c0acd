"""The step engine, through its first real process: community group formation.

Every (state, transition) pair of the process is tried: from its sources the transition
moves the group (walked there by the real steps, with valid evidence), from every other state
it is refused with `workflow.wrong_state` and nothing is written.
"""

from __future__ import annotations

import uuid
from decimal import Decimal

import pytest
from pydantic import BaseModel
from sqlalchemy import delete, func, select, update

from chumchon.core.audit import AuditEntry
from chumchon.core.errors import Conflict, Forbidden, Invalid, NotFound
from chumchon.core.outbox import OutboxEvent
from chumchon.core.tenancy import bind_actor
from chumchon.core.workflow import (
    HistoryIsAppendOnly,
    NoEvidence,
    Process,
    State,
    Transition,
    WorkflowEntry,
    fire,
    view,
)
from chumchon.groups import service
from chumchon.groups.models import GroupState, LedgerKind
from chumchon.groups.schemas import LedgerEntryCreate
from chumchon.groups.workflow import FORMATION
from tests.factories import make_organisation
from tests.groups.factories import make_group
from tests.groups.flow import actor_for, evidence, fire_valid, walk

PAIRS = [(state.value, t.name) for t in FORMATION.transitions for state in GroupState]


async def _history(db, group) -> list[WorkflowEntry]:  # type: ignore[no-untyped-def]
    rows = await db.execute(select(WorkflowEntry).where(WorkflowEntry.subject_id == group.id)
                            .order_by(WorkflowEntry.seq))
    return list(rows.scalars())


async def _empty_fund(db, actor, group) -> None:  # type: ignore[no-untyped-def]
    if group.fund_balance > 0:
        await service.post_ledger_entry(db, actor, group.id, LedgerEntryCreate(
            kind=LedgerKind.withdrawal, amount=group.fund_balance, entry_date="2026-12-31",  # type: ignore[arg-type]
            description="คืนเงินสมาชิก"))


def test_the_pairs_cover_the_whole_process():
    assert len(PAIRS) == len(FORMATION.transitions) * len(FORMATION.states)
    assert {s.key for s in FORMATION.states} == {s.value for s in GroupState}
    # Every state but the terminal one can be left; every state but the first can be reached.
    assert {s for t in FORMATION.transitions for s in t.sources} == {s.value for s in GroupState} - {"dissolved"}
    assert {t.target for t in FORMATION.transitions} == {s.value for s in GroupState} - {"proposed"}


@pytest.mark.parametrize(("state", "name"), PAIRS, ids=[f"{s}-{n}" for s, n in PAIRS])
async def test_every_transition_from_every_state(db, state, name):
    org = await make_organisation(db)
    actor = actor_for(org, "officer", "executive")  # every permission of the process
    bind_actor(db, actor)
    t = FORMATION.transition(name)

    if state in t.sources:
        group = await make_group(db, org)
        await walk(db, group, GroupState(state), actor)
        if name == "dissolve":
            await _empty_fund(db, actor, group)
        before = len(await _history(db, group))
        await fire_valid(db, group, name, actor)
        await db.flush()
        assert group.state == t.target
        history = await _history(db, group)
        assert len(history) == before + 1
        assert (history[-1].transition, history[-1].from_state, history[-1].to_state) == (name, state, t.target)
    else:
        group = await make_group(db, org, state=state)
        version = group.version
        ev, note = evidence(name, [uuid.uuid4() for _ in range(3)])
        with pytest.raises(Conflict) as refused:
            await fire(db, FORMATION, group, name, actor, evidence=ev, note=note)
        assert refused.value.code == "workflow.wrong_state"
        assert refused.value.status == 409
        await db.flush()
        assert group.state == state and group.version == version
        assert await _history(db, group) == []


async def test_history_is_append_only(db):
    org = await make_organisation(db)
    actor = actor_for(org, "officer", "executive")
    bind_actor(db, actor)
    group = await make_group(db, org)
    await walk(db, group, GroupState.committee_selected, actor)
    before = [(e.id, e.seq, e.transition, e.evidence, e.at) for e in await _history(db, group)]

    # Going back and forth adds rows; the earlier ones stay exactly as they were.
    await fire_valid(db, group, "committee_resigns", actor)
    await fire_valid(db, group, "select_committee", actor)
    await db.flush()
    after = await _history(db, group)
    assert [(e.id, e.seq, e.transition, e.evidence, e.at) for e in after[:5]] == before
    assert [e.seq for e in after] == list(range(1, 8))
    assert [e.transition for e in after[5:]] == ["committee_resigns", "select_committee"]
    assert after[5].note == "คณะกรรมการลาออกทั้งคณะก่อนรับรองระเบียบ"

    # The ORM refuses to change or remove a row, one by one or in bulk.
    await db.commit()  # (into the test's own transaction, so that the rollbacks below keep the rows)
    gid, first_id = group.id, after[0].id
    after[0].note = "แก้ประวัติ"
    with pytest.raises(HistoryIsAppendOnly):
        await db.flush()
    await db.rollback()
    entry = await db.get(WorkflowEntry, first_id)
    assert entry is not None and entry.note is None
    await db.delete(entry)
    with pytest.raises(HistoryIsAppendOnly):
        await db.flush()
    await db.rollback()
    with pytest.raises(HistoryIsAppendOnly):
        await db.execute(update(WorkflowEntry).where(WorkflowEntry.subject_id == gid).values(note="x"))
    with pytest.raises(HistoryIsAppendOnly):
        await db.execute(delete(WorkflowEntry).where(WorkflowEntry.subject_id == gid))
    count = select(func.count()).select_from(WorkflowEntry).where(WorkflowEntry.subject_id == gid)
    assert (await db.execute(count)).scalar_one() == 7


async def test_the_views_steps_are_done_current_or_locked_with_evidence(db):
    org = await make_organisation(db)
    actor = actor_for(org, "officer", "executive")
    bind_actor(db, actor)
    group = await make_group(db, org)

    v = await view(db, FORMATION, group, actor)
    assert [s.status for s in v.steps] == ["current"] + ["locked"] * 9
    assert v.history == [] and v.state == "proposed" and v.state_label_th == "เริ่มจัดตั้งกลุ่ม"
    assert [s.key for s in v.steps] == ["spread_idea", "forum", "found", "membership", "committee", "rules", "fund",
                                        "bank_account", "evaluation", "report"]

    await walk(db, group, GroupState.committee_selected, actor)
    v = await view(db, FORMATION, group, actor)
    assert [s.status for s in v.steps] == ["done"] * 5 + ["current"] + ["locked"] * 4
    assert v.steps[2].evidence == {"name": "กลุ่มแม่บ้านทอผ้าบ้านหนองบัว", "kind": "housewives",
                                   "purpose": "ทอผ้าไหมจำหน่ายเพื่อเพิ่มรายได้ครัวเรือน", "founded_on": "2026-02-01"}
    assert v.steps[2].done_by == actor.name and v.steps[2].done_at is not None
    assert all(s.evidence is None and s.done_at is None for s in v.steps[5:])

    # Going back re-opens the step; its old evidence is history, not a done step.
    await fire_valid(db, group, "committee_resigns", actor)
    v = await view(db, FORMATION, group, actor)
    assert [s.status for s in v.steps[3:6]] == ["done", "current", "locked"]
    assert v.steps[4].evidence is None

    # Step 10 is done only when an executive acknowledges the report, not when it is sent.
    await fire_valid(db, group, "select_committee", actor)
    await walk(db, group, GroupState.reported, actor)
    v = await view(db, FORMATION, group, actor)
    assert [s.status for s in v.steps] == ["done"] * 9 + ["current"]
    await walk(db, group, GroupState.active, actor)
    v = await view(db, FORMATION, group, actor)
    assert [s.status for s in v.steps] == ["done"] * 10 and not v.terminal

    # A group dissolved early: a terminal state, nothing current, nothing to do.
    early = await make_group(db, org)
    await fire_valid(db, early, "dissolve", actor)
    v = await view(db, FORMATION, early, actor)
    assert v.terminal and v.actions == []
    assert [s.status for s in v.steps] == ["locked"] * 10


async def test_actions_say_why_they_are_closed(db):
    org = await make_organisation(db)
    both = actor_for(org, "officer", "executive")
    officer, executive, viewer = actor_for(org, "officer"), actor_for(org, "executive"), actor_for(org, "viewer")
    bind_actor(db, both)
    group = await make_group(db, org)
    await walk(db, group, GroupState.membership_opened, both)

    def by_name(v):  # type: ignore[no-untyped-def]
        return {a.transition: a for a in v.actions}

    actions = by_name(await view(db, FORMATION, group, viewer))
    assert set(actions) == {"select_committee", "dissolve"}
    assert {(a.allowed, a.reason_code) for a in actions.values()} == {(False, "workflow.permission")}
    actions = by_name(await view(db, FORMATION, group, officer))
    # The evidence guard (are the seats members?) waits for the evidence; the button is open.
    assert actions["select_committee"].allowed and actions["select_committee"].reason_code is None
    assert actions["dissolve"].allowed and actions["dissolve"].requires_note and actions["dissolve"].kind == "branch"

    await walk(db, group, GroupState.reported, both)
    actions = by_name(await view(db, FORMATION, group, officer))
    assert actions["acknowledge_report"].reason_code == "workflow.permission"
    assert actions["dissolve"].reason_code == "groups.fund_not_empty"
    actions = by_name(await view(db, FORMATION, group, executive))
    assert actions["acknowledge_report"].allowed and actions["acknowledge_report"].permission == "groups:acknowledge"
    assert actions["return_report"].allowed and actions["return_report"].kind == "back"
    assert actions["return_report"].requires_note

    # Each action carries its evidence's JSON schema, for the web app's form.
    for a in actions.values():
        assert a.evidence_schema == FORMATION.transition(a.transition).evidence.model_json_schema()
    ack = actions["acknowledge_report"].evidence_schema
    assert ack["required"] == ["acknowledged_on"]
    assert ack["properties"]["acknowledged_on"]["format"] == "date"
    assert ack["additionalProperties"] is False
    assert actions["return_report"].evidence_schema == NoEvidence.model_json_schema()
    seats = FORMATION.transition("select_committee").evidence.model_json_schema()
    assert set(seats["required"]) == {"selected_on", "term_start", "term_end", "seats"}
    assert seats["properties"]["seats"]["minItems"] == 2


async def test_fire_refuses_with_stable_codes_and_writes_nothing(db):
    org = await make_organisation(db)
    actor = actor_for(org, "officer")
    bind_actor(db, actor)
    group = await make_group(db, org)
    await walk(db, group, GroupState.idea_spread, actor)
    audit_before = (await db.execute(select(func.count()).select_from(AuditEntry))).scalar_one()

    ev, _ = evidence("hold_forum")
    with pytest.raises(Invalid) as bad:
        await fire(db, FORMATION, group, "hold_forum", actor, evidence={k: v for k, v in ev.items() if k != "minutes"})
    assert bad.value.code == "workflow.evidence_invalid"
    assert bad.value.errors == [{"field": "evidence.minutes", "code": "validation.missing",
                                 "message": "Field required"}]
    with pytest.raises(Invalid) as bad:
        await fire(db, FORMATION, group, "hold_forum", actor, evidence={**ev, "surprise": 1})
    assert bad.value.code == "workflow.evidence_invalid"
    with pytest.raises(Forbidden) as denied:
        await fire(db, FORMATION, group, "hold_forum", actor_for(org, "viewer"), evidence=ev)
    assert denied.value.code == "workflow.permission"
    with pytest.raises(NotFound) as unknown:
        await fire(db, FORMATION, group, "skip_ahead", actor)
    assert unknown.value.code == "workflow.unknown_transition"
    with pytest.raises(Invalid) as no_reason:
        await fire(db, FORMATION, group, "dissolve", actor, evidence={"dissolved_on": "2026-02-01"})
    assert no_reason.value.code == "workflow.note_required"
    await db.flush()
    assert group.state == "idea_spread" and len(await _history(db, group)) == 1
    assert (await db.execute(select(func.count()).select_from(AuditEntry))).scalar_one() == audit_before


async def test_each_move_is_audited_and_sent_to_the_outbox(db):
    org = await make_organisation(db)
    actor = actor_for(org, "officer")
    bind_actor(db, actor)
    group = await make_group(db, org)
    await fire_valid(db, group, "spread_idea", actor)
    await db.flush()
    audit = (await db.execute(select(AuditEntry).where(AuditEntry.entity_id == str(group.id),
                                                       AuditEntry.action != "groups.create"))).scalars().all()
    assert [(a.action, a.before["state"], a.after["state"]) for a in audit] == [
        ("group_formation.spread_idea", "proposed", "idea_spread")]
    assert audit[0].actor_name == actor.name
    event = (await db.execute(select(OutboxEvent).where(OutboxEvent.subject_id == str(group.id)))).scalar_one()
    assert event.topic == "group.step_completed" and event.organisation_id == org.id
    assert event.payload == {"process": "group_formation", "transition": "spread_idea", "from": "proposed",
                             "to": "idea_spread", "seq": 1, "actor": actor.name}


def test_a_process_is_checked_when_declared():
    states = [State("a", "ก", "a", 0), State("b", "ข", "b", 1)]
    with pytest.raises(ValueError, match="going back must require a reason"):
        Process("p", "x", states, "a", [Transition("back", frozenset({"b"}), "a", "p:w", "ย้อน", "back",
                                                   kind="back")])
    with pytest.raises(ValueError, match="unknown states"):
        Process("p", "x", states, "a", [Transition("go", frozenset({"a"}), "c", "p:w", "ไป", "go")])
    with pytest.raises(ValueError, match="share a name"):
        Process("p", "x", states, "a", [Transition("go", frozenset({"a"}), "b", "p:w", "ไป", "go")] * 2)

    class Ev(BaseModel):
        amount: Decimal

    Process("p", "x", states, "a", [Transition("go", frozenset({"a"}), "b", "p:w", "ไป", "go", evidence=Ev)])
