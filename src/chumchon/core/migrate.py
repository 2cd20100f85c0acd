"""Apply the Alembic history from code (the CLI, tests, the demo)."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config


def project_root() -> Path:
    """Where alembic.ini lives: the working folder, or the source checkout around this file."""
    for base in (Path.cwd(), *Path(__file__).resolve().parents):
        if (base / "alembic.ini").is_file() and (base / "migrations").is_dir():
            return base
    raise FileNotFoundError("alembic.ini not found; run from the project folder")


def alembic_config(database_url: str) -> Config:
    root = project_root()
    cfg = Config(str(root / "alembic.ini"))
    cfg.set_main_option("script_location", str(root / "migrations"))
    cfg.set_main_option("sqlalchemy.url", database_url.replace("%", "%%"))
    return cfg


def upgrade(database_url: str, revision: str = "heads") -> None:
    command.upgrade(alembic_config(database_url), revision)


def downgrade(database_url: str, revision: str) -> None:
    command.downgrade(alembic_config(database_url), revision)
