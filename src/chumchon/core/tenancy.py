"""Organisation scoping, in one place.

Every query a session runs is filtered to the organisations its actor may see, by an ORM
event that adds the criterion to every entity that carries `TenantMixin` (the pattern
from the SQLAlchemy docs, "Adding global WHERE / ON criteria"). Handlers and services never
add `organisation_id == …` by hand; a new row gets the actor's organisation.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import event, false, inspect
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import ORMExecuteState, Session, with_loader_criteria

from chumchon.core.context import Actor
from chumchon.core.db import TenantMixin
from chumchon.core.errors import Forbidden

_SCOPE = "tenant_scope"
_ACTOR = "actor"


def bind_actor(session: AsyncSession | Session, actor: Actor) -> None:
    """Make `actor` the one this session acts for: scope, audit and outbox read it."""
    session.info[_ACTOR] = actor
    session.info[_SCOPE] = actor.tenant_ids


def current_actor(session: AsyncSession | Session) -> Actor | None:
    return session.info.get(_ACTOR)


@contextmanager
def widened(session: AsyncSession | Session, organisation_ids: frozenset[uuid.UUID] | None) -> Iterator[None]:
    """Let a service look across organisations on purpose (a provincial office client)."""
    before = session.info.get(_SCOPE)
    session.info[_SCOPE] = organisation_ids
    try:
        yield
    finally:
        session.info[_SCOPE] = before


@event.listens_for(Session, "do_orm_execute")
def _scope_queries(state: ORMExecuteState) -> None:
    if not (state.is_select or state.is_update or state.is_delete):
        return
    if state.is_column_load or state.is_relationship_load:
        return  # the parent row was already scoped
    if state.execution_options.get("all_tenants", False):
        return
    if _SCOPE not in state.session.info:
        return  # no actor bound: a script or migration acting as the system
    scope = state.session.info[_SCOPE]
    if scope is None:
        return
    state.statement = state.statement.options(_scope_option(scope))


# The option for each scope seen, built once: building it analyses the lambda and its
# closure, a good part of a plain read's time. An option is immutable and holds the ids
# it was built with, so one is shared by every statement of that scope.
_scope_options: dict[frozenset[uuid.UUID], Any] = {}


def _scope_option(scope: frozenset[uuid.UUID]) -> Any:
    scope = frozenset(scope)  # `widened()` may have been given a set
    option = _scope_options.get(scope)
    if option is not None:
        return option
    ids = sorted(scope)
    if not ids:
        criterion: Any = lambda cls: false()  # noqa: E731
    elif len(ids) == 1:
        only = ids[0]
        criterion = lambda cls: cls.organisation_id == only  # noqa: E731
    else:
        criterion = lambda cls: cls.organisation_id.in_(ids)  # noqa: E731
    option = with_loader_criteria(TenantMixin, criterion, include_aliases=True)
    if len(_scope_options) >= 4096:  # one per organisation in practice; bounded all the same
        _scope_options.clear()
    _scope_options[scope] = option
    return option


@event.listens_for(Session, "before_flush")
def _stamp_new_rows(session: Session, _ctx: Any, _instances: Any) -> None:
    if _SCOPE not in session.info:
        return
    scope = session.info[_SCOPE]
    actor: Actor | None = session.info.get(_ACTOR)
    for obj in session.new:
        if not isinstance(obj, TenantMixin):
            continue
        if obj.organisation_id is None and actor is not None:
            obj.organisation_id = actor.organisation_id  # type: ignore[assignment]
        if scope is not None and obj.organisation_id not in scope:
            raise Forbidden("This record belongs to another organisation", code="forbidden.organisation")
    if scope is None:
        return
    for obj in session.dirty:
        # A row cannot be handed over to another organisation either. Only a changed
        # organisation_id is checked: a row loaded inside `widened()` may be edited after it.
        if (isinstance(obj, TenantMixin) and obj.organisation_id not in scope
                and inspect(obj).attrs.organisation_id.history.has_changes()):
            raise Forbidden("This record belongs to another organisation", code="forbidden.organisation")
