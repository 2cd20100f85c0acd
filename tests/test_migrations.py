"""The migrations are the schema: they build what the models describe, on both databases."""

from __future__ import annotations

import asyncio

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy.ext.asyncio import AsyncEngine

from chumchon.core.migrate import alembic_config
from chumchon.models import metadata


def _diff(sync_conn) -> list:  # type: ignore[no-untyped-def]
    context = MigrationContext.configure(sync_conn, opts={"compare_type": True})
    return compare_metadata(context, metadata)


async def test_migrated_schema_matches_the_models(engine: AsyncEngine) -> None:
    async with engine.connect() as conn:
        diff = await conn.run_sync(_diff)
    short = [f"{d[0]} {getattr(d[1], 'name', '')}" if isinstance(d, tuple) else str(d) for d in diff]
    assert diff == [], f"models and migrations differ; write a migration for: {short}"


def test_history_is_one_line() -> None:
    script = ScriptDirectory.from_config(alembic_config("sqlite://"))
    heads = script.get_heads()
    assert len(heads) == 1, f"the migration history has several heads {heads}; give each a down_revision in line"


async def test_migrations_go_down_and_up_again(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from chumchon.core.migrate import downgrade, upgrade

    url = f"sqlite+aiosqlite:///{tmp_path / 'roundtrip.db'}"
    await asyncio.to_thread(upgrade, url)
    await asyncio.to_thread(downgrade, url, "base")
    await asyncio.to_thread(upgrade, url)
