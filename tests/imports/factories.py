"""Plain helpers for imports: `make_import_job(session, organisation, **overrides)`."""

from __future__ import annotations

from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from chumchon.areas.models import Organisation
from chumchon.imports.models import ImportJob


async def make_import_job(session: AsyncSession, organisation: Organisation, **overrides: Any) -> ImportJob:
    values: dict[str, Any] = dict(
        organisation_id=organisation.id, kind="citizens", status="validated", dry_run=True, filename="list.csv",
        file_format="csv", encoding="utf-8", file_path="imports/missing.csv", file_sha256="0" * 64, file_size=1,
        headers=["เลขประจำตัวประชาชน"], column_map={}, overrides={}, unknown_columns=[], options={},
        rows_total=0, rows_done=0, created_by_name="ผู้ใช้ ทดสอบ",
    )
    values.update(overrides)
    job = ImportJob(**values)
    session.add(job)
    await session.flush()
    return job
