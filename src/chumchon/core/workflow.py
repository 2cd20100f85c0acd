"""The step engine: every process of the manual as data, one small engine to run them.

A `Process` declares its states (in the order the manual walks them), its transitions
(which states each leaves, where it goes, the permission it needs, the evidence it takes
as a Pydantic model, the guards that say why it may not fire yet) and its steps (what the
web app's tracker shows). `fire()` moves a subject, writes an append-only history row,
an audit entry and an outbox event, all in the caller's transaction. Going back is a
transition of its own that needs a reason; history is never edited.

Two people firing at once: the subject's UPDATE checks its version (compare-and-set) and
the history's (subject, seq) is unique, so one wins and the other gets 409.

Guards are asked twice: by `fire()` with the parsed evidence, and by `view()` (is this
button open?) with `evidence=None`; a guard about the evidence answers None when it has none.
"""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, ValidationError
from sqlalchemy import Integer, String, Text, UniqueConstraint, event, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Mapped, ORMExecuteState, Session, mapped_column
from sqlalchemy.orm.exc import StaleDataError

from chumchon.core import audit, outbox
from chumchon.core.audit import JsonDoc
from chumchon.core.context import Actor
from chumchon.core.db import Base, IdMixin, TenantMixin, utcnow
from chumchon.core.errors import Conflict, Forbidden, Invalid, NotFound
from chumchon.core.jsonsafe import to_json


class WorkflowEntry(IdMixin, TenantMixin, Base):
    """One move of one subject. Append-only: rows are inserted, never updated or deleted."""

    __tablename__ = "workflow_history"
    __audited__ = False  # the subject's own audit entry records the move
    __table_args__ = (UniqueConstraint("subject_type", "subject_id", "seq"),)

    process: Mapped[str] = mapped_column(String(60))
    subject_type: Mapped[str] = mapped_column(String(60))
    subject_id: Mapped[uuid.UUID] = mapped_column(index=True)
    seq: Mapped[int] = mapped_column(Integer)
    transition: Mapped[str] = mapped_column(String(60))
    from_state: Mapped[str] = mapped_column(String(60))
    to_state: Mapped[str] = mapped_column(String(60))
    actor_kind: Mapped[str] = mapped_column(String(16))
    actor_id: Mapped[str | None] = mapped_column(String(64))
    actor_name: Mapped[str] = mapped_column(String(200))
    at: Mapped[datetime] = mapped_column(default=utcnow)
    evidence: Mapped[dict[str, Any] | None] = mapped_column(JsonDoc)
    note: Mapped[str | None] = mapped_column(Text)


class HistoryIsAppendOnly(RuntimeError):
    """A bug, not a refusal: code tried to change or remove a history row."""


@event.listens_for(Session, "before_flush")
def _no_history_edits(session: Session, _ctx: Any, _instances: Any) -> None:
    for obj in session.deleted:
        if isinstance(obj, WorkflowEntry):
            raise HistoryIsAppendOnly("workflow_history rows are never deleted")
    for obj in session.dirty:
        if isinstance(obj, WorkflowEntry) and session.is_modified(obj):
            raise HistoryIsAppendOnly("workflow_history rows are never changed")


@event.listens_for(Session, "do_orm_execute")
def _no_bulk_history_edits(state: ORMExecuteState) -> None:
    if (state.is_update or state.is_delete) and any(m.class_ is WorkflowEntry for m in state.all_mappers):
        raise HistoryIsAppendOnly("workflow_history rows are never changed or deleted")


class NoEvidence(BaseModel):
    """For a step that needs nothing but the click of the right person."""

    model_config = ConfigDict(extra="forbid")


@dataclass
class Context:
    """What a guard or an effect sees."""

    session: AsyncSession
    actor: Actor
    subject: Any
    evidence: BaseModel | None = None
    note: str | None = None


# A guard answers None when the transition may fire, else a stable reason code.
Guard = Callable[[Context], Awaitable[str | None]]
# An effect does the domain's part of a move (records members, books the ledger, …);
# it may raise a DomainError, and then nothing of the move is written.
Effect = Callable[[Context], Awaitable[None]]


@dataclass(frozen=True)
class State:
    key: str
    label_th: str
    label_en: str
    rank: int  # position along the main path; branch states share a rank
    terminal: bool = False


@dataclass(frozen=True)
class Transition:
    name: str
    sources: frozenset[str]
    target: str
    permission: str
    label_th: str
    label_en: str
    evidence: type[BaseModel] = NoEvidence
    guards: tuple[Guard, ...] = ()
    effect: Effect | None = None
    kind: Literal["forward", "back", "branch"] = "forward"
    requires_note: bool = False  # going back always needs a reason
    event: str | None = None     # outbox topic; default "<subject>.step_completed"


@dataclass(frozen=True)
class Step:
    """What the tracker shows: done once `transition` has moved the subject past it."""

    key: str
    transition: str
    label_th: str
    label_en: str


@dataclass
class Process:
    name: str
    subject_type: str
    states: Sequence[State]
    initial: str
    transitions: Sequence[Transition]
    steps: Sequence[Step] = ()
    _by_name: dict[str, Transition] = field(init=False, repr=False)
    _states: dict[str, State] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self._by_name = {t.name: t for t in self.transitions}
        self._states = {s.key: s for s in self.states}
        if len(self._by_name) != len(self.transitions):
            raise ValueError(f"{self.name}: two transitions share a name")
        unknown = {self.initial} | {t.target for t in self.transitions} | {s for t in self.transitions for s in t.sources}
        unknown -= set(self._states)
        if unknown:
            raise ValueError(f"{self.name}: unknown states {sorted(unknown)}")
        for t in self.transitions:
            if t.kind == "back" and not t.requires_note:
                raise ValueError(f"{self.name}.{t.name}: going back must require a reason")
        for s in self.steps:
            if s.transition not in self._by_name:
                raise ValueError(f"{self.name}: step {s.key} names unknown transition {s.transition}")

    def transition(self, name: str) -> Transition:
        try:
            return self._by_name[name]
        except KeyError:
            raise NotFound(f"No step {name!r} in {self.name}", code="workflow.unknown_transition") from None

    def state(self, key: str) -> State:
        return self._states[key]

    def open_from(self, state: str) -> list[Transition]:
        return [t for t in self.transitions if state in t.sources]


# --- the view the API and the web app read --------------------------------------------------


class HistoryRead(BaseModel):
    seq: int
    transition: str
    from_state: str
    to_state: str
    actor_kind: str
    actor_id: str | None
    actor_name: str
    at: datetime
    evidence: dict[str, Any] | None
    note: str | None


class StepRead(BaseModel):
    key: str
    label_th: str
    label_en: str
    transition: str
    status: Literal["done", "current", "locked"]
    done_at: datetime | None = None
    done_by: str | None = None
    evidence: dict[str, Any] | None = None


class ActionRead(BaseModel):
    transition: str
    label_th: str
    label_en: str
    to_state: str
    kind: str
    permission: str
    allowed: bool
    reason_code: str | None = None
    requires_note: bool
    evidence_schema: dict[str, Any]


class WorkflowRead(BaseModel):
    process: str
    subject_type: str
    subject_id: uuid.UUID
    state: str
    state_label_th: str
    state_label_en: str
    terminal: bool
    version: int
    steps: list[StepRead]
    actions: list[ActionRead]
    history: list[HistoryRead]


class TransitionRequest(BaseModel):
    evidence: dict[str, Any] = {}
    note: str | None = None


# --- running a process ------------------------------------------------------------------------


async def history(session: AsyncSession, process: Process, subject_id: uuid.UUID) -> list[WorkflowEntry]:
    rows = await session.execute(
        select(WorkflowEntry)
        .where(WorkflowEntry.subject_type == process.subject_type, WorkflowEntry.subject_id == subject_id)
        .order_by(WorkflowEntry.seq)
    )
    return list(rows.scalars())


async def _refusal(process: Process, t: Transition, ctx: Context) -> str | None:
    if ctx.subject.state not in t.sources:
        return "workflow.wrong_state"
    if not ctx.actor.can(t.permission):
        return "workflow.permission"
    for guard in t.guards:
        code = await guard(ctx)
        if code:
            return code
    return None


async def view(session: AsyncSession, process: Process, subject: Any, actor: Actor) -> WorkflowRead:
    entries = await history(session, process, subject.id)
    state = process.state(subject.state)
    last_by_transition: dict[str, WorkflowEntry] = {}
    for e in entries:
        last_by_transition[e.transition] = e
    steps: list[StepRead] = []
    current_given = False
    for s in process.steps:
        t = process.transition(s.transition)
        entry = last_by_transition.get(s.transition)
        done = entry is not None and state.rank >= process.state(t.target).rank
        if done:
            status: Literal["done", "current", "locked"] = "done"
        elif not current_given and not state.terminal:
            status, current_given = "current", True
        else:
            status = "locked"
        steps.append(StepRead(key=s.key, label_th=s.label_th, label_en=s.label_en, transition=s.transition,
                              status=status, done_at=entry.at if done and entry else None,
                              done_by=entry.actor_name if done and entry else None,
                              evidence=entry.evidence if done and entry else None))
    actions = []
    ctx = Context(session=session, actor=actor, subject=subject)
    for t in process.open_from(subject.state):
        reason = await _refusal(process, t, ctx)
        actions.append(ActionRead(transition=t.name, label_th=t.label_th, label_en=t.label_en, to_state=t.target,
                                  kind=t.kind, permission=t.permission, allowed=reason is None,
                                  reason_code=reason, requires_note=t.requires_note,
                                  evidence_schema=t.evidence.model_json_schema()))
    return WorkflowRead(
        process=process.name, subject_type=process.subject_type, subject_id=subject.id, state=subject.state,
        state_label_th=state.label_th, state_label_en=state.label_en, terminal=state.terminal,
        version=subject.version, steps=steps, actions=actions,
        history=[HistoryRead.model_validate(e, from_attributes=True) for e in entries],
    )


def _parse_evidence(t: Transition, evidence: BaseModel | dict[str, Any] | None) -> BaseModel:
    if isinstance(evidence, t.evidence):
        return evidence
    raw = evidence.model_dump() if isinstance(evidence, BaseModel) else (evidence or {})
    try:
        return t.evidence.model_validate(raw)
    except ValidationError as exc:
        errors = [{"field": "evidence." + ".".join(str(p) for p in e["loc"]), "code": f"validation.{e['type']}",
                   "message": e["msg"]} for e in exc.errors()]
        raise Invalid(f"The evidence for {t.name} is incomplete or wrong", code="workflow.evidence_invalid",
                      errors=errors) from None


async def fire(session: AsyncSession, process: Process, subject: Any, name: str, actor: Actor, *,
               evidence: BaseModel | dict[str, Any] | None = None, note: str | None = None) -> WorkflowEntry:
    """Move `subject` by transition `name`, or raise with the reason it may not move."""
    t = process.transition(name)
    if subject.state not in t.sources:
        raise Conflict(f"{t.name} cannot be done while the {process.subject_type} is {subject.state}",
                       code="workflow.wrong_state", state=subject.state, transition=t.name)
    if not actor.can(t.permission):
        raise Forbidden(f"{t.name} needs the permission {t.permission}", code="workflow.permission",
                        permission=t.permission)
    parsed = _parse_evidence(t, evidence)
    if t.requires_note and not (note and note.strip()):
        raise Invalid(f"{t.name} needs a reason in `note`", code="workflow.note_required",
                      errors=[{"field": "note", "code": "workflow.note_required", "message": "a reason is required"}])
    ctx = Context(session=session, actor=actor, subject=subject, evidence=parsed, note=note)
    for guard in t.guards:
        code = await guard(ctx)
        if code:
            raise Conflict(f"{t.name} cannot be done yet: {code}", code=code, transition=t.name)

    with audit.action(session, f"{process.name}.{t.name}"):
        if t.effect is not None:
            try:
                await t.effect(ctx)
            except (StaleDataError, IntegrityError):
                # An effect that flushes may meet the other writer first: the same race.
                raise Conflict("Someone else moved this record at the same moment; reload it",
                               code="workflow.conflict") from None
        from_state = subject.state
        seq = (await session.execute(
            select(func.coalesce(func.max(WorkflowEntry.seq), 0))
            .where(WorkflowEntry.subject_type == process.subject_type, WorkflowEntry.subject_id == subject.id)
        )).scalar_one() + 1
        subject.state = t.target
        entry = WorkflowEntry(
            organisation_id=subject.organisation_id, process=process.name, subject_type=process.subject_type,
            subject_id=subject.id, seq=seq, transition=t.name, from_state=from_state, to_state=t.target,
            actor_kind=actor.kind, actor_id=actor.id, actor_name=actor.name,
            evidence=to_json(parsed.model_dump(mode="json")), note=note,
        )
        session.add(entry)
        outbox.emit(session, t.event or f"{process.subject_type}.step_completed", subject_type=process.subject_type,
                    subject_id=subject.id, organisation_id=subject.organisation_id,
                    payload={"process": process.name, "transition": t.name, "from": from_state, "to": t.target,
                             "seq": seq, "actor": actor.name})
        try:
            await session.flush()
        except (StaleDataError, IntegrityError):
            raise Conflict("Someone else moved this record at the same moment; reload it",
                           code="workflow.conflict") from None
    return entry
