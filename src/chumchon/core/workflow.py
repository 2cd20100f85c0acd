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

A process's `Listing` says how lists across processes find, name and link its subjects;
`waiting()` answers "what is waiting for me" over every registered process, one query each.
"""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError
from sqlalchemy import Integer, String, Text, UniqueConstraint, event, func, literal, select, type_coerce
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import InstrumentedAttribute, Mapped, ORMExecuteState, Session, mapped_column
from sqlalchemy.orm.exc import StaleDataError
from sqlalchemy.sql.elements import ColumnElement

from chumchon.auth.permissions import P
from chumchon.core import audit, outbox
from chumchon.core.audit import JsonDoc
from chumchon.core.context import Actor
from chumchon.core.db import Base, IdMixin, TenantMixin, UTCDateTime, utcnow
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


@dataclass(frozen=True)
class Listing:
    """How lists across processes ("waiting for me") find, name and link this process's subjects.

    Every piece is SQL or a template, so such a list is one query per process whatever the
    number of subjects; only the page's rows pass through `label`.
    """

    link: str | None = None  # the web app's page of a subject, "{id}" filled in; default /<table>/{id}
    # The subject's title as SQL; default its `name`, `title_th` or `title` column.
    title: ColumnElement[Any] | None = None
    # Turns the title's value into words a person reads (a code and a month into Thai), per language.
    label: Callable[[Any, str], str] | None = None
    read_permission: str | None = None  # without it the subjects are not listed at all
    # Rows that are health data (PDPA s.26): listed only for `sensitive:read`, and each listing logged.
    sensitive: ColumnElement[bool] | None = None
    model: Any = None  # the mapped class; default the one whose table is the subject type's plural


@dataclass
class Process:
    name: str
    subject_type: str
    states: Sequence[State]
    initial: str
    transitions: Sequence[Transition]
    steps: Sequence[Step] = ()
    listing: Listing = field(default_factory=Listing)
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


# --- lists across processes: what is waiting for whom ------------------------------------------------

_REGISTRY: dict[str, Process] = {}


def register(process: Process) -> Process:
    """Make a process part of the lists across processes; giving it routes does this."""
    known = _REGISTRY.setdefault(process.name, process)
    if known is not process:
        raise ValueError(f"two processes are named {process.name}")
    return process


def registered() -> list[Process]:
    return list(_REGISTRY.values())


def _model(process: Process) -> Any:
    if process.listing.model is not None:
        return process.listing.model
    table = f"{process.subject_type}s"
    for mapper in Base.registry.mappers:
        if getattr(mapper.local_table, "name", None) == table:
            return mapper.class_
    raise ValueError(f"{process.name}: no table {table!r}; declare Listing(model=...)")


def _title(process: Process, model: Any) -> ColumnElement[Any]:
    if process.listing.title is not None:
        return process.listing.title
    for column in ("name", "title_th", "title"):
        if isinstance(getattr(model, column, None), InstrumentedAttribute):
            return getattr(model, column)
    return literal(process.subject_type)


def _link(process: Process, model: Any, subject_id: uuid.UUID) -> str:
    template = process.listing.link or "/" + model.__tablename__.replace("_", "-") + "/{id}"
    return template.replace("{id}", str(subject_id))


def waiting_states(process: Process, actor: Actor) -> dict[str, list[Transition]]:
    """The states in which a subject waits for this actor, with what the actor may do there.

    A subject waits when a forward step out of its state is the actor's to take. Going back and
    branching off (reject, suspend, dissolve…) are open from nearly every state, so counting them
    would list every live subject as waiting; they are shown beside the forward step instead.
    """
    out: dict[str, list[Transition]] = {}
    for state in process.states:
        if state.terminal:
            continue
        mine = [t for t in process.open_from(state.key) if actor.can(t.permission)]
        if any(t.kind == "forward" for t in mine):
            out[state.key] = sorted(mine, key=lambda t: t.kind != "forward")
    return out


class WaitingAction(BaseModel):
    transition: str
    label_th: str
    label_en: str
    kind: str
    to_state: str


class WaitingRead(BaseModel):
    process: str
    subject_type: str
    subject_id: uuid.UUID
    title_th: str
    title_en: str
    link: str = Field(..., description="The web app's page of the subject")
    state: str
    state_label_th: str
    state_label_en: str
    since: datetime = Field(..., description="When the subject came into this state (its last step, or when made)")
    actions: list[WaitingAction] = Field(..., description="The steps open to the caller from this state, forward "
                                                           "first; a guard may still refuse one (see the subject's "
                                                           "workflow view)")


@dataclass
class _Found:
    process: Process
    model: Any
    subject_id: uuid.UUID
    state: str
    title: Any
    since: datetime
    sensitive: bool


async def waiting(session: AsyncSession, actor: Actor, *, page: int, page_size: int,
                  processes: Sequence[str] | None = None) -> tuple[list[WaitingRead], int]:
    """Subjects of every registered process waiting for `actor`, newest arrival first.

    One count and one query per process, each reading at most the rows up to the end of the
    asked page; the session's tenant scope keeps them to the actor's organisation.
    """
    if processes:
        unknown = sorted(set(processes) - set(_REGISTRY))
        if unknown:
            raise Invalid(f"No process named {', '.join(unknown)}", code="workflow.unknown_process",
                          errors=[{"field": "process", "code": "workflow.unknown_process", "message": name}
                                  for name in unknown])
    chosen = [p for p in registered() if not processes or p.name in processes]
    need = page * page_size
    queries: list[tuple[Process, Any, Any]] = []
    total = 0
    for process in chosen:
        listing = process.listing
        states = waiting_states(process, actor)
        if not states or (listing.read_permission and not actor.can(listing.read_permission)):
            continue
        model = _model(process)
        moved = (select(func.max(WorkflowEntry.at))
                 .where(WorkflowEntry.subject_type == process.subject_type, WorkflowEntry.subject_id == model.id)
                 .correlate(model).scalar_subquery())
        since = type_coerce(func.coalesce(moved, model.created_at), UTCDateTime())
        sees_sensitive = actor.can(P.sensitive_read)
        flag = listing.sensitive if listing.sensitive is not None and sees_sensitive else literal(False)
        stmt = (select(model.id, model.state, _title(process, model).label("title"), since.label("since"),
                       flag.label("sensitive"))
                .where(model.state.in_(list(states))))
        if listing.sensitive is not None and not sees_sensitive:
            stmt = stmt.where(~listing.sensitive)
        count = (await session.execute(select(func.count()).select_from(stmt.subquery()))).scalar_one()
        if count:
            total += count
            queries.append((process, model, stmt.order_by(since.desc(), model.id)))
    if (page - 1) * page_size >= total:
        return [], total  # past the end; a huge page number would not even fit in the LIMIT
    found: list[_Found] = []
    for process, model, stmt in queries:
        rows = await session.execute(stmt.limit(need))
        found += [_Found(process, model, r.id, r.state, r.title, r.since, bool(r.sensitive)) for r in rows]

    found.sort(key=lambda f: (f.process.name, str(f.subject_id)))
    found.sort(key=lambda f: f.since, reverse=True)
    shown = found[(page - 1) * page_size:need]

    by_table: dict[str, list[uuid.UUID]] = {}
    for f in shown:
        if f.sensitive:
            by_table.setdefault(f.model.__tablename__, []).append(f.subject_id)
    for table, ids in by_table.items():
        # PDPA: reading that a person is in a health programme is itself a read of health data.
        await audit.record(session, action="workflow.waiting_sensitive_list", entity=table,
                           entity_id=ids[0] if len(ids) == 1 else None, organisation_id=actor.organisation_id,
                           after={"ids": [str(i) for i in ids]}, sensitive=True)

    items = []
    for f in shown:
        state = f.process.state(f.state)
        label = f.process.listing.label
        items.append(WaitingRead(
            process=f.process.name, subject_type=f.process.subject_type, subject_id=f.subject_id,
            title_th=label(f.title, "th") if label else str(f.title),
            title_en=label(f.title, "en") if label else str(f.title),
            link=_link(f.process, f.model, f.subject_id), state=f.state,
            state_label_th=state.label_th, state_label_en=state.label_en, since=f.since,
            actions=[WaitingAction(transition=t.name, label_th=t.label_th, label_en=t.label_en, kind=t.kind,
                                   to_state=t.target)
                     for t in waiting_states(f.process, actor)[f.state]],
        ))
    return items, total
