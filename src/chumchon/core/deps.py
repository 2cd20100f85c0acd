"""The request's unit of work: one session, committed before the answer is sent."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy.ext.asyncio import AsyncSession

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
