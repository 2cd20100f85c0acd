"""The project process, pair by pair: every transition fires from each of its sources and is
refused with `workflow.wrong_state` from every other state, writing nothing.

Through the engine itself (the HTTP routes are the engine's, walked end to end in
test_project_flow.py), so that the 144 pairs on two databases stay quick.
"""

from __future__ import annotations

import uuid

import pytest
from sqlalchemy import select

from chumchon.auth.permissions import permissions_for
from chumchon.core.context import Actor
from chumchon.core.errors import Conflict
from chumchon.core.tenancy import bind_actor
from chumchon.core.workflow import WorkflowEntry, fire
from chumchon.projects.models import ProjectState, ProposalVersion
from chumchon.projects.workflow import PROJECT_PROCESS
from tests.factories import make_organisation
from tests.projects.factories import make_complete_project
from tests.projects.helpers import EVIDENCE, snapshot

STATES = [s.key for s in PROJECT_PROCESS.states]
PAIRS = [(state, t.name) for state in STATES for t in PROJECT_PROCESS.transitions]


def test_the_process_is_declared_in_the_manuals_order():
    assert {s.key for s in PROJECT_PROCESS.states} == {s.value for s in ProjectState}
    assert {t.name for t in PROJECT_PROCESS.transitions} == set(EVIDENCE)
    assert len(PAIRS) == len(PROJECT_PROCESS.states) * len(PROJECT_PROCESS.transitions)
    ranks = {s.key: s.rank for s in PROJECT_PROCESS.states}
    main = ["surveying", "drafting", "submitted", "approved", "target_group_set", "trainers_coordinated", "running",
            "evaluated", "closed"]
    assert [ranks[s] for s in main] == sorted(ranks[s] for s in main)
    terminal = {s.key for s in PROJECT_PROCESS.states if s.terminal}
    assert terminal == {"rejected", "closed", "cancelled"}
    # Every state but the terminal ones can be left; every state but the first can be reached.
    assert {s for t in PROJECT_PROCESS.transitions for s in t.sources} == set(STATES) - terminal
    assert {t.target for t in PROJECT_PROCESS.transitions} == set(STATES) - {"surveying"}
    # Only executives decide on a proposal or cancel an approved project.
    executive_only = {t.name for t in PROJECT_PROCESS.transitions if t.permission == "projects:approve"}
    assert executive_only == {"approve", "return_for_revision", "reject", "cancel"}
    for t in PROJECT_PROCESS.transitions:
        assert t.requires_note == (t.kind != "forward"), t.name


def actor_for(org, *roles: str) -> Actor:  # type: ignore[no-untyped-def]
    return Actor(kind="user", id=str(uuid.uuid4()), name="นางสาวพัฒนา ชุมชน", organisation_id=org.id,
                 roles=frozenset(roles), permissions=permissions_for(set(roles)))


@pytest.mark.parametrize(("state", "transition"), PAIRS, ids=[f"{s}-{t}" for s, t in PAIRS])
async def test_a_transition_fires_from_its_sources_and_from_nowhere_else(db, state, transition):
    org = await make_organisation(db)
    # Every step's records are there, so only the state can stop the move.
    project = await make_complete_project(db, org, state=state)
    actor = actor_for(org, "officer", "executive")  # every permission of the process
    bind_actor(db, actor)
    t = PROJECT_PROCESS.transition(transition)
    body = EVIDENCE[transition]

    if state in t.sources:
        await fire(db, PROJECT_PROCESS, project, transition, actor, evidence=body.get("evidence"),
                   note=body.get("note"))
        assert project.state == t.target
        entry = (await db.execute(select(WorkflowEntry).where(WorkflowEntry.subject_id == project.id))).scalar_one()
        assert (entry.from_state, entry.to_state, entry.transition) == (state, t.target, transition)
        if transition == "submit":
            versions = (await db.execute(select(ProposalVersion.version_no).where(
                ProposalVersion.project_id == project.id).order_by(ProposalVersion.version_no))).scalars().all()
            assert versions == list(range(1, len(versions) + 1)) and versions  # one more, in sequence
    else:
        before = await snapshot(db, org)
        with pytest.raises(Conflict) as refusal:
            await fire(db, PROJECT_PROCESS, project, transition, actor, evidence=body.get("evidence"),
                       note=body.get("note"))
        assert refusal.value.code == "workflow.wrong_state"
        assert refusal.value.status == 409
        assert refusal.value.extra["state"] == state
        await db.flush()
        assert project.state == state
        assert await snapshot(db, org) == before
