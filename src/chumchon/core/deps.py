"""The request's unit of work: one session, committed before the answer is sent; or, for
a handler that only reads, a session that opens no transaction at all."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy.ext.asyncio import AsyncSession

from chumchon.core.db import mark_read_only
from chumchon.core.errors import DomainError


async def get_db(request: Request) -> AsyncIterator[AsyncSession]:
    # scope="function" (below) runs the commit before the response goes out, so a failed
    # commit (a stale version, a unique clash) still becomes a proper problem answer.
    async with request.app.state.db.sessionmaker() as session:
        try:
            yield session
            await session.commit()
        except DomainError as exc:
            if exc.keep_changes:
                await session.commit()
            else:
                await session.rollback()
            raise
        except BaseException:
            await session.rollback()
            raise


DbSession = Annotated[AsyncSession, Depends(get_db, scope="function")]


async def get_read_db(request: Request) -> AsyncIterator[AsyncSession]:
    db = request.app.state.db
    # A database without its own read factory (the tests' one, which works inside one outer
    # transaction) reads through its usual sessions; the refusal of writes holds either way.
    maker = getattr(db, "read_sessionmaker", None) or db.sessionmaker
    async with maker() as session:
        mark_read_only(session)
        yield session


# For GET handlers that never write (an audited read writes: it takes DbSession). A write
# through this session raises WriteInReadOnlySession, so a handler cannot lose one quietly.
ReadDbSession = Annotated[AsyncSession, Depends(get_read_db, scope="function")]
