"""The database: declarative base, shared column types and mixins, engine and sessions.

Async SQLAlchemy on both engines (asyncpg for PostgreSQL, aiosqlite for the embedded
SQLite file): see README "Why async".
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import BigInteger, DateTime, ForeignKey, Integer, MetaData, Numeric, event
from sqlalchemy.engine import Dialect
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker, create_async_engine
from sqlalchemy.orm import DeclarativeBase, Mapped, ORMExecuteState, Session, declared_attr, mapped_column
from sqlalchemy.types import TypeDecorator, Uuid

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow() -> datetime:
    return datetime.now(UTC)


def new_id() -> uuid.UUID:
    return uuid.uuid4()


class UTCDateTime(TypeDecorator[datetime]):
    """Aware UTC datetimes on both engines (SQLite keeps no zone, so we put it back)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is not None and value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value


class Money(TypeDecorator[Decimal]):
    """Baht with two places, exact on both engines.

    PostgreSQL keeps NUMERIC(14, 2). SQLite has no exact decimal type (NUMERIC there is a
    float), so it keeps whole satang in an INTEGER; sums and comparisons stay exact.
    """

    impl = Numeric(14, 2)
    cache_ok = True

    def load_dialect_impl(self, dialect: Dialect) -> Any:
        if dialect.name == "sqlite":
            return dialect.type_descriptor(BigInteger())
        return dialect.type_descriptor(Numeric(14, 2, asdecimal=True))

    def process_bind_param(self, value: Decimal | int | None, dialect: Dialect) -> Any:
        if value is None:
            return None
        amount = Decimal(value)
        if amount != amount.quantize(Decimal("0.01")):
            raise ValueError(f"amount {amount} has fractions of a satang")
        if dialect.name == "sqlite":
            return int(amount * 100)
        return amount.quantize(Decimal("0.01"))

    def process_result_value(self, value: Any, dialect: Dialect) -> Decimal | None:
        if value is None:
            return None
        if dialect.name == "sqlite":
            return (Decimal(int(value)) / 100).quantize(Decimal("0.01"))
        return Decimal(value).quantize(Decimal("0.01"))


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map = {datetime: UTCDateTime(), uuid.UUID: Uuid(), Decimal: Money()}

    # Rows of these classes are not written to the audit log (the audit log itself, tokens).
    __audited__: bool = True
    # Columns never copied into the audit log's before/after (secrets, hashes).
    __audit_exclude__: frozenset[str] = frozenset()


class IdMixin:
    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)


class TimestampMixin:
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class VersionedMixin:
    """Optimistic concurrency: every UPDATE checks and bumps `version`; a stale one fails."""

    version: Mapped[int] = mapped_column(Integer, nullable=False, default=1)

    @declared_attr.directive
    def __mapper_args__(cls) -> dict[str, Any]:
        return {"version_id_col": cls.__table__.c.version}  # type: ignore[attr-defined]


class TenantMixin:
    """A row that belongs to one organisation. Queries are scoped in `core.tenancy`."""

    @declared_attr
    def organisation_id(cls) -> Mapped[uuid.UUID]:
        return mapped_column(ForeignKey("organisations.id"), index=True, nullable=False)


class Entity(IdMixin, TimestampMixin, VersionedMixin):
    """The usual record: uuid id, created/updated times and a version."""


# A session or connection that only reads (see `make_read_sessionmaker`).
READ_ONLY = "chumchon_read_only"


def make_engine(url: str, **kwargs: Any) -> AsyncEngine:
    if url.startswith("sqlite"):
        engine = create_async_engine(url, **kwargs)
        _configure_sqlite(engine)
        return engine
    # No pre-ping: it cost three round trips (BEGIN, ping, ROLLBACK) on every checkout. A
    # connection the server has dropped fails its next query, SQLAlchemy then invalidates
    # the whole pool, so after a database restart one request per process gets the error.
    # Recycling keeps connections younger than the usual idle cut-offs of firewalls and
    # poolers.
    kwargs.setdefault("pool_recycle", 1800)
    # A fixed pool of the 15 connections that were the ceiling before (5 + 10 overflow):
    # under load the overflow ones were closed as soon as they were given back and opened
    # again a moment later (a TLS attempt, a login and a new server process each time).
    # Beyond the pool a request waits for a connection (pool_timeout).
    kwargs.setdefault("pool_size", 15)
    kwargs.setdefault("max_overflow", 0)
    return create_async_engine(url, **kwargs)


def _configure_sqlite(engine: AsyncEngine) -> None:
    # pysqlite's own transaction handling would break SAVEPOINTs and lose foreign keys;
    # take BEGIN into our hands as the SQLAlchemy docs recommend.
    @event.listens_for(engine.sync_engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA busy_timeout=5000")
        cursor.close()

    # IMMEDIATE: a transaction takes the write lock at its start, so two requests never
    # deadlock upgrading read locks (SQLITE_BUSY at once); the second waits busy_timeout.
    # A read-only connection opens none: each statement reads a committed state of its
    # own (as on PostgreSQL below) and never waits for a writer.
    @event.listens_for(engine.sync_engine, "begin")
    def _on_begin(conn: Any) -> None:
        if not conn.get_execution_options().get(READ_ONLY, False):
            conn.exec_driver_sql("BEGIN IMMEDIATE")


def make_sessionmaker(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    return async_sessionmaker(engine, expire_on_commit=False, autoflush=False)


def make_read_sessionmaker(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    """Sessions for requests that only read: no transaction is opened, so no BEGIN and
    COMMIT round trips. Each statement sees what was committed when it started, which is
    what READ COMMITTED gives each statement inside a transaction too. Writes are refused.
    """
    if engine.dialect.name == "sqlite":
        bind = engine.execution_options(**{READ_ONLY: True})
    else:
        bind = engine.execution_options(isolation_level="AUTOCOMMIT", **{READ_ONLY: True})
    return async_sessionmaker(bind, expire_on_commit=False, autoflush=False, info={READ_ONLY: True})


class WriteInReadOnlySession(RuntimeError):
    """A handler declared read-only tried to write: a programming error, never the caller's."""


def mark_read_only(session: AsyncSession | Session) -> None:
    session.info[READ_ONLY] = True


@event.listens_for(Session, "before_flush")
def _refuse_flush(session: Session, _ctx: Any, _instances: Any) -> None:
    if session.info.get(READ_ONLY) and (session.new or session.dirty or session.deleted):
        raise WriteInReadOnlySession("this session only reads; use the request's writing session")


@event.listens_for(Session, "do_orm_execute")
def _refuse_dml(state: ORMExecuteState) -> None:
    if state.session.info.get(READ_ONLY) and (state.is_insert or state.is_update or state.is_delete):
        raise WriteInReadOnlySession("this session only reads; use the request's writing session")


class Database:
    """The process's engine and session factory, created once at start-up."""

    def __init__(self, url: str, **engine_kwargs: Any) -> None:
        self.url = url
        self.engine = make_engine(url, **engine_kwargs)
        self.sessionmaker = make_sessionmaker(self.engine)
        self.read_sessionmaker = make_read_sessionmaker(self.engine)

    async def dispose(self) -> None:
        await self.engine.dispose()
