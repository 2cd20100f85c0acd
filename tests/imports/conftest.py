"""Uploads are stored in a folder of the test run, not in the project's var/."""

from __future__ import annotations

import secrets
from pathlib import Path

import pytest

from chumchon.core.config import Settings


@pytest.fixture(scope="session")
def settings(database_url: str, tmp_path_factory: pytest.TempPathFactory) -> Settings:
    return Settings(env="test", database_url=database_url, secret_key=secrets.token_urlsafe(48), log_json=True,
                    log_level="WARNING", web_dist=Path("/nonexistent"), files_dir=tmp_path_factory.mktemp("files"))
