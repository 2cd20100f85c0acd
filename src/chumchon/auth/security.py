"""Password hashing (Argon2) and tokens (JWT access, opaque rotating refresh)."""

from __future__ import annotations

import hashlib
import secrets
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

from jose import JWTError, jwt
from pwdlib import PasswordHash
from pwdlib.hashers.argon2 import Argon2Hasher

from chumchon.core.config import Settings
from chumchon.core.errors import Unauthorized

ALGORITHM = "HS256"
password_hash = PasswordHash((Argon2Hasher(),))
# Verified against when the username is unknown, so both answers take the same time.
DUMMY_HASH = password_hash.hash("not-a-real-password")


def hash_secret(plain: str) -> str:
    return password_hash.hash(plain)


def verify_secret(plain: str, hashed: str) -> bool:
    return password_hash.verify(plain, hashed)


def new_refresh_token() -> tuple[str, str]:
    token = secrets.token_urlsafe(32)
    return token, digest(token)


def digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def issue_access_token(settings: Settings, *, subject: str, kind: str, claims: dict[str, Any],
                       now: datetime | None = None) -> tuple[str, int]:
    now = now or datetime.now(UTC)
    lifetime = timedelta(minutes=settings.access_token_minutes)
    payload = {
        "iss": settings.jwt_issuer,
        "sub": subject,
        "typ": kind,
        "iat": int(now.timestamp()),
        "exp": int((now + lifetime).timestamp()),
        "jti": uuid.uuid4().hex,
        **claims,
    }
    return jwt.encode(payload, settings.secret_key, algorithm=ALGORITHM), int(lifetime.total_seconds())


def decode_access_token(settings: Settings, token: str) -> dict[str, Any]:
    try:
        # The algorithm is pinned: a token that names another (or `none`) is refused.
        return jwt.decode(token, settings.secret_key, algorithms=[ALGORITHM], issuer=settings.jwt_issuer,
                          options={"require_exp": True, "require_iat": True, "require_sub": True})
    except JWTError as exc:
        code = "auth.token_expired" if "expired" in str(exc).lower() else "auth.token_invalid"
        raise Unauthorized("The access token is not valid; sign in again", code=code) from exc
