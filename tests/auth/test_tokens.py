"""Signing in and tokens: passwords, access tokens, rotating refresh tokens, machine clients,
and the slowing down and locking of repeated failed sign-ins."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
from datetime import UTC, datetime, timedelta

from jose import jwt
from sqlalchemy import select

from chumchon.auth import security
from chumchon.auth.models import RefreshToken
from tests.factories import PASSWORD, make_client, make_organisation, make_user

TOKEN = "/api/v1/auth/token"
REFRESH = "/api/v1/auth/refresh"
LOGOUT = "/api/v1/auth/logout"
ME = "/api/v1/me"


def assert_problem(r, status: int, code: str) -> dict:
    assert r.status_code == status, r.text
    assert r.headers["content-type"].startswith("application/problem+json")
    body = r.json()
    assert {"type", "title", "status", "detail", "code", "request_id"} <= body.keys()
    assert body["status"] == status
    assert body["code"] == code
    assert body["request_id"] == r.headers["X-Request-ID"]
    assert "Traceback" not in r.text
    return body


def _b64(data: dict) -> str:
    return base64.urlsafe_b64encode(json.dumps(data).encode()).rstrip(b"=").decode()


def _claims(user, org) -> dict:
    now = datetime.now(UTC)
    return {"iss": "chumchon", "sub": str(user.id), "typ": "user", "org": str(org.id), "roles": ["admin"],
            "name": user.full_name, "iat": int(now.timestamp()), "exp": int((now + timedelta(minutes=5)).timestamp())}


async def _sign_in(client, username: str, password: str = PASSWORD):
    return await client.post(TOKEN, data={"grant_type": "password", "username": username, "password": password})


# --- password sign-in ----------------------------------------------------------------------


async def test_password_sign_in_gives_tokens_that_work(db, client, settings):
    org = await make_organisation(db)
    user = await make_user(db, org, "officer")
    await db.commit()

    r = await _sign_in(client, user.username)
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["token_type"] == "bearer"
    assert body["expires_in"] == settings.access_token_minutes * 60
    assert body["refresh_token"]

    me = await client.get(ME, headers={"Authorization": f"Bearer {body['access_token']}"})
    assert me.status_code == 200, me.text
    assert me.json()["username"] == user.username
    assert me.json()["organisation"]["id"] == str(org.id)
    assert me.json()["roles"] == ["officer"]


async def test_wrong_password_is_a_401_problem_without_a_stack_trace(db, client):
    org = await make_organisation(db)
    user = await make_user(db, org)
    await db.commit()

    r = await _sign_in(client, user.username, "not-the-password")
    body = assert_problem(r, 401, "auth.invalid_credentials")
    assert "access_token" not in body


async def test_unknown_username_gets_the_same_answer_as_a_wrong_password(db, client):
    r = await _sign_in(client, "nobody-by-this-name", "whatever-password")
    assert_problem(r, 401, "auth.invalid_credentials")


async def test_no_token_is_401(client):
    r = await client.get(ME)
    assert_problem(r, 401, "auth.missing_token")
    assert r.headers["WWW-Authenticate"] == "Bearer"


# --- access tokens -------------------------------------------------------------------------


async def test_expired_access_token_is_refused_as_expired(db, client, settings):
    org = await make_organisation(db)
    user = await make_user(db, org)
    await db.commit()
    token, _ = security.issue_access_token(
        settings, subject=str(user.id), kind="user", claims={"org": str(org.id), "roles": ["officer"], "name": "x"},
        now=datetime.now(UTC) - timedelta(minutes=settings.access_token_minutes + 1),
    )

    r = await client.get(ME, headers={"Authorization": f"Bearer {token}"})
    assert_problem(r, 401, "auth.token_expired")


async def test_token_with_a_wrong_signature_is_refused(db, client, settings):
    org = await make_organisation(db)
    user = await make_user(db, org)
    await db.commit()
    forged = jwt.encode(_claims(user, org), "some-other-secret-key-0123456789abcdef", algorithm="HS256")
    r = await client.get(ME, headers={"Authorization": f"Bearer {forged}"})
    assert_problem(r, 401, "auth.token_invalid")

    # A real token whose payload was edited (another role) no longer matches its signature.
    real, _ = security.issue_access_token(settings, subject=str(user.id), kind="user",
                                          claims={"org": str(org.id), "roles": ["viewer"], "name": "x"})
    header, _payload, signature = real.split(".")
    tampered = f"{header}.{_b64(_claims(user, org))}.{signature}"
    r = await client.get(ME, headers={"Authorization": f"Bearer {tampered}"})
    assert_problem(r, 401, "auth.token_invalid")


async def test_token_with_alg_none_is_refused(db, client):
    org = await make_organisation(db)
    user = await make_user(db, org)
    await db.commit()
    unsigned = f"{_b64({'alg': 'none', 'typ': 'JWT'})}.{_b64(_claims(user, org))}."

    r = await client.get(ME, headers={"Authorization": f"Bearer {unsigned}"})
    assert_problem(r, 401, "auth.token_invalid")


async def test_token_naming_another_algorithm_is_refused_even_with_the_right_key(db, client, settings):
    org = await make_organisation(db)
    user = await make_user(db, org)
    await db.commit()
    hs512 = jwt.encode(_claims(user, org), settings.secret_key, algorithm="HS512")
    # Key confusion: the header says RS256, the signature is an HMAC made with our secret.
    signing_input = f"{_b64({'alg': 'RS256', 'typ': 'JWT'})}.{_b64(_claims(user, org))}"
    mac = hmac.new(settings.secret_key.encode(), signing_input.encode(), hashlib.sha256).digest()
    rs256 = f"{signing_input}.{base64.urlsafe_b64encode(mac).rstrip(b'=').decode()}"

    for token in (hs512, rs256):
        r = await client.get(ME, headers={"Authorization": f"Bearer {token}"})
        assert_problem(r, 401, "auth.token_invalid")


async def test_token_from_another_issuer_is_refused(db, client, settings):
    org = await make_organisation(db)
    user = await make_user(db, org)
    await db.commit()
    token = jwt.encode({**_claims(user, org), "iss": "someone-else"}, settings.secret_key, algorithm="HS256")
    r = await client.get(ME, headers={"Authorization": f"Bearer {token}"})
    assert_problem(r, 401, "auth.token_invalid")


# --- refresh tokens ------------------------------------------------------------------------


async def test_refresh_rotates_and_a_reused_token_revokes_its_whole_family(db, client):
    org = await make_organisation(db)
    user = await make_user(db, org)
    await db.commit()
    first = (await _sign_in(client, user.username)).json()["refresh_token"]

    r = await client.post(REFRESH, json={"refresh_token": first})
    assert r.status_code == 200, r.text
    second = r.json()["refresh_token"]
    assert second and second != first
    assert (await client.get(ME, headers={"Authorization": f"Bearer {r.json()['access_token']}"})).status_code == 200

    # The first token again: someone copied it. Refused, and the family is revoked...
    r = await client.post(REFRESH, json={"refresh_token": first})
    assert_problem(r, 401, "auth.refresh_reused")
    # ...so the newer token, though never used, no longer works either.
    r = await client.post(REFRESH, json={"refresh_token": second})
    assert_problem(r, 401, "auth.refresh_invalid")

    rows = (await db.execute(select(RefreshToken).where(RefreshToken.user_id == user.id)
                             .execution_options(populate_existing=True))).scalars().all()
    assert len(rows) == 2
    assert len({row.family_id for row in rows}) == 1
    assert all(row.revoked_at is not None for row in rows)


async def test_logout_revokes_the_refresh_token(db, client):
    org = await make_organisation(db)
    user = await make_user(db, org)
    await db.commit()
    token = (await _sign_in(client, user.username)).json()["refresh_token"]

    r = await client.post(LOGOUT, json={"refresh_token": token})
    assert r.status_code == 204, r.text
    r = await client.post(REFRESH, json={"refresh_token": token})
    assert_problem(r, 401, "auth.refresh_invalid")


async def test_logout_leaves_other_sign_ins_alone(db, client):
    org = await make_organisation(db)
    user = await make_user(db, org)
    await db.commit()
    laptop = (await _sign_in(client, user.username)).json()["refresh_token"]
    phone = (await _sign_in(client, user.username)).json()["refresh_token"]

    assert (await client.post(LOGOUT, json={"refresh_token": laptop})).status_code == 204
    assert (await client.post(REFRESH, json={"refresh_token": phone})).status_code == 200


# --- machine clients (client credentials) --------------------------------------------------


async def test_client_credentials_give_a_machine_token_with_only_granted_scopes(db, client, settings):
    machine, secret = await make_client(db, "disability_cards:read", "disability_cards:decide")
    await db.commit()

    r = await client.post(TOKEN, data={"grant_type": "client_credentials", "client_id": machine.client_id,
                                       "client_secret": secret, "scope": "disability_cards:read"})
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["refresh_token"] is None
    assert body["scope"] == "disability_cards:read"
    claims = security.decode_access_token(settings, body["access_token"])
    assert claims["typ"] == "client"
    assert claims["scopes"] == ["disability_cards:read"]
    me = (await client.get(ME, headers={"Authorization": f"Bearer {body['access_token']}"})).json()
    assert me["kind"] == "client"
    assert me["organisation"] is None
    assert me["permissions"] == ["disability_cards:read"]

    # Without `scope`, the client gets what it was granted, and nothing more.
    r = await client.post(TOKEN, data={"grant_type": "client_credentials", "client_id": machine.client_id,
                                       "client_secret": secret})
    assert r.status_code == 200, r.text
    assert r.json()["scope"] == "disability_cards:decide disability_cards:read"


async def test_client_asking_for_an_ungranted_scope_is_refused(db, client):
    machine, secret = await make_client(db, "disability_cards:read")
    await db.commit()

    for scope in ("disability_cards:decide", "disability_cards:read users:manage"):
        r = await client.post(TOKEN, data={"grant_type": "client_credentials", "client_id": machine.client_id,
                                           "client_secret": secret, "scope": scope})
        assert_problem(r, 401, "auth.invalid_scope")


async def test_client_with_a_wrong_secret_is_refused(db, client):
    machine, _secret = await make_client(db)
    await db.commit()
    r = await client.post(TOKEN, data={"grant_type": "client_credentials", "client_id": machine.client_id,
                                       "client_secret": "wrong-secret"})
    assert_problem(r, 401, "auth.invalid_client")


async def test_machine_token_cannot_use_staff_endpoints(db, client):
    machine, secret = await make_client(db, "disability_cards:read", "disability_cards:decide")
    await db.commit()
    token = (await client.post(TOKEN, data={"grant_type": "client_credentials", "client_id": machine.client_id,
                                            "client_secret": secret})).json()["access_token"]
    r = await client.get("/api/v1/users", headers={"Authorization": f"Bearer {token}"})
    assert_problem(r, 403, "forbidden.permission")


# --- failed sign-ins: slowed, then locked --------------------------------------------------


async def test_a_failed_sign_in_is_counted_even_though_the_request_fails(db, client):
    org = await make_organisation(db)
    user = await make_user(db, org)
    await db.commit()

    assert_problem(await _sign_in(client, user.username, "wrong-password"), 401, "auth.invalid_credentials")
    assert_problem(await _sign_in(client, user.username, "wrong-password"), 401, "auth.invalid_credentials")

    await db.refresh(user)
    assert user.failed_logins == 2
    assert user.last_failed_at is not None


async def test_repeated_failures_are_slowed_down(db, client, settings):
    org = await make_organisation(db)
    user = await make_user(db, org)
    user.failed_logins = settings.login_slow_after
    user.last_failed_at = datetime.now(UTC)
    await db.commit()

    # Even the right password must wait.
    for password in ("wrong-password", PASSWORD):
        r = await _sign_in(client, user.username, password)
        body = assert_problem(r, 429, "auth.throttled")
        assert int(r.headers["Retry-After"]) >= 1
        assert body["retry_after"] == int(r.headers["Retry-After"])

    # Once the wait is over, the right password works and the counter starts again.
    await db.refresh(user)
    user.last_failed_at = datetime.now(UTC) - timedelta(minutes=5)
    await db.commit()
    assert (await _sign_in(client, user.username)).status_code == 200
    await db.refresh(user)
    assert user.failed_logins == 0
    assert user.last_failed_at is None


async def test_too_many_failures_lock_the_account_even_against_the_right_password(db, client, settings):
    org = await make_organisation(db)
    user = await make_user(db, org)
    user.failed_logins = settings.login_lock_after - 1
    user.last_failed_at = datetime.now(UTC) - timedelta(days=1)  # past any slow-down
    await db.commit()

    assert_problem(await _sign_in(client, user.username, "wrong-password"), 401, "auth.invalid_credentials")
    await db.refresh(user)
    assert user.failed_logins == settings.login_lock_after
    assert user.locked_until is not None and user.locked_until > datetime.now(UTC)

    r = await _sign_in(client, user.username, PASSWORD)
    assert_problem(r, 423, "auth.locked")
    assert 1 <= int(r.headers["Retry-After"]) <= settings.login_lock_minutes * 60 + 1


async def test_the_lock_ends_and_a_success_resets_the_counter(db, client, settings):
    org = await make_organisation(db)
    user = await make_user(db, org)
    user.failed_logins = settings.login_lock_after
    user.last_failed_at = datetime.now(UTC) - timedelta(minutes=settings.login_lock_minutes + 1)
    user.locked_until = datetime.now(UTC) - timedelta(minutes=1)
    await db.commit()

    r = await _sign_in(client, user.username)
    assert r.status_code == 200, r.text
    await db.refresh(user)
    assert (user.failed_logins, user.last_failed_at, user.locked_until) == (0, None, None)


async def test_a_success_below_the_threshold_resets_the_counter(db, client, settings):
    org = await make_organisation(db)
    user = await make_user(db, org)
    user.failed_logins = settings.login_slow_after - 1
    user.last_failed_at = datetime.now(UTC)
    await db.commit()

    assert (await _sign_in(client, user.username)).status_code == 200
    await db.refresh(user)
    assert user.failed_logins == 0
