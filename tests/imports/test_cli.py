"""`chumchon import citizens FILE`: the same job as the API, run as a named user, with a report."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from sqlalchemy import func, select
from typer.testing import CliRunner

from chumchon.cli import app
from chumchon.citizens.models import Citizen
from chumchon.core.config import get_settings
from chumchon.core.db import Database
from chumchon.core.migrate import upgrade
from chumchon.demo import seed
from tests.citizens.factories import national_id
from tests.imports import files


@pytest.fixture
def cli_database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """A migrated SQLite file of its own with the demo organisation: the command commits for real."""
    url = f"sqlite+aiosqlite:///{tmp_path / 'cli.db'}"
    upgrade(url)

    async def fill() -> None:
        db = Database(url)
        async with db.sessionmaker() as session:
            await seed(session)
            await session.commit()
        await db.dispose()

    asyncio.run(fill())
    monkeypatch.setenv("CHUMCHON_DATABASE_URL", url)
    monkeypatch.setenv("CHUMCHON_FILES_DIR", str(tmp_path / "files"))
    get_settings.cache_clear()
    yield url
    get_settings.cache_clear()


def _count(url: str) -> int:
    async def count() -> int:
        db = Database(url)
        async with db.sessionmaker() as session:
            n = (await session.execute(select(func.count()).select_from(Citizen))).scalar_one()
        await db.dispose()
        return n

    return asyncio.run(count())


def test_the_cli_checks_then_imports_with_a_column_map_and_writes_the_report(cli_database, tmp_path):
    path = tmp_path / "list.csv"
    path.write_bytes(files.csv_bytes([
        ["เลขบัตร", "ชื่อผู้รับ", "หมู่"],
        [national_id(), "นายหนึ่ง ทดสอบ", "1"],
        [national_id(), "นางสอง ทดสอบ", "2"],
        ["123", "นายผิด ทดสอบ", "1"],
    ], "cp874"))
    runner = CliRunner()
    args = ["import", "citizens", str(path), "--user", "officer", "--map", "ชื่อผู้รับ=full_name"]

    result = runner.invoke(app, [*args, "--dry-run", "--report", str(tmp_path / "report.xlsx")])
    assert result.exit_code == 0, result.output
    assert "line 4: national_id" in result.output and "national_id.length" in result.output
    assert "dry run" in result.output
    assert _count(cli_database) == 0
    report = files.read_xlsx((tmp_path / "report.xlsx").read_bytes())
    assert report[0][-1] == "ข้อผิดพลาด" and "national_id.length" in report[3][-1]

    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    assert _count(cli_database) == 2

    result = runner.invoke(app, ["import", "citizens", str(path), "--user", "officer"])
    assert result.exit_code == 2 and "imports.missing_columns" in result.output
    result = runner.invoke(app, ["import", "citizens", str(path), "--user", "nobody"])
    assert result.exit_code != 0 and "no active user" in result.output
