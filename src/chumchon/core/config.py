"""Settings from the environment (``CHUMCHON_*``), one object for the whole process."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import Field, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

# A well-known value, so that a deployment that forgot to set its own is refused at start.
DEV_SECRET = "dev-only-secret-change-me-0123456789abcdef"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="CHUMCHON_", env_file=".env", extra="ignore")

    env: Literal["dev", "test", "production"] = "dev"
    database_url: str = "sqlite+aiosqlite:///./var/chumchon.db"
    secret_key: str = DEV_SECRET
    jwt_issuer: str = "chumchon"
    access_token_minutes: int = 15
    refresh_token_days: int = 14
    files_dir: Path = Path("./var/files")
    web_dist: Path | None = None
    cors_origins: list[str] = Field(default_factory=list)
    log_json: bool = True
    log_level: str = "INFO"
    # Failed sign-ins: after `login_slow_after` failures each try must wait 2^n seconds;
    # after `login_lock_after` the account is locked for `login_lock_minutes`.
    login_slow_after: int = 3
    login_lock_after: int = 10
    login_lock_minutes: int = 15
    # Webhook deliveries: "inline" runs the dispatcher inside the API process; "off" leaves it
    # to `chumchon dispatch` (one process for the whole deployment).
    dispatcher: Literal["off", "inline"] = "off"

    @model_validator(mode="after")
    def _refuse_default_secret(self) -> Settings:
        if self.env != "dev" and (self.secret_key == DEV_SECRET or len(self.secret_key) < 32):
            raise ValueError(
                "CHUMCHON_SECRET_KEY must be set to a random value of at least 32 characters "
                "outside dev mode (e.g. `python -c 'import secrets; print(secrets.token_urlsafe(48))'`)"
            )
        return self

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")


@lru_cache
def get_settings() -> Settings:
    return Settings()
