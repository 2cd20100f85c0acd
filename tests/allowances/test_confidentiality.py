"""Being on the HIV/AIDS programme is health data (PDPA s.26). Without `sensitive:read` no
endpoint, list, count, export or error tells anyone that a person is on it; with it, every
read is in the audit log."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

import pytest
from sqlalchemy import select

from chumchon.core.audit import AuditEntry
from tests.allowances.flow import API, enrol, lines, office, payroll
from tests.factories import api_routes

# Who may not read health data in the default roles: the finance officer, the administrator,
# the viewer. (The officer and the executive may.)
WITHOUT = ("finance", "admin", "viewer")
BODY: dict[str, Any] = {"evidence": {}, "note": "x", "reason": "returned", "failed_on": "2025-07-20"}


def _problem(r: Any) -> tuple[int, Any, Any]:
    body = r.json() if r.headers.get("content-type", "").startswith("application/") else r.text
    if isinstance(body, dict):
        body = {k: v for k, v in body.items() if k != "request_id"}
    return r.status_code, r.headers.get("content-type"), body


@pytest.fixture
async def hiv_case(db, client):  # type: ignore[no-untyped-def]
    off = await office(db, client)
    citizen, reg = await enrol(db, client, off, "hiv", received_on="2025-06-10", birth_date=date(1980, 3, 1),
                               first_name="ลับเฉพาะ")
    _, elderly = await enrol(db, client, off, birth_date=date(1958, 5, 12), first_name="เปิดเผย")
    p = await payroll(client, off, "hiv", "2025-07-01")
    (line,) = await lines(client, off, p["id"])
    return off, citizen, reg, elderly, p, line


async def test_records_by_id_answer_as_if_they_did_not_exist(client, app, hiv_case):
    off, _, reg, _, p, line = hiv_case
    real = {"registration_id": reg["id"], "payroll_id": p["id"], "line_id": line["id"]}
    routes = [(m, path, params) for m, path, params in api_routes(app)
              if params and set(params) <= set(real) and path.startswith(f"{API}/")]
    assert len(routes) >= 25
    for who in WITHOUT:
        headers = {**off.h[who], "If-Match": '"1"'}
        for method, path, params in routes:
            body = BODY if method in {"POST", "PATCH"} else None
            got = await client.request(method, path.format(**{k: real[k] for k in params}), json=body,
                                       headers=headers)
            missing = await client.request(method, path.format(**{k: str(uuid.uuid4()) for k in params}),
                                           json=body, headers=headers)
            assert _problem(got) == _problem(missing), f"{who}: {method} {path} tells the record exists"
            assert got.status_code in (403, 404, 422), f"{who}: {method} {path} answered {got.status_code}"
            assert "ลับเฉพาะ" not in got.text


async def test_lists_counts_and_filters_leave_them_out(client, app, hiv_case):
    off, citizen, reg, elderly, p, _ = hiv_case
    # The person is in the citizen registry like anyone else; what must not show is the programme.
    secrets = [reg["id"], p["id"]]
    for who in WITHOUT:
        h = off.h[who]
        r = await client.get(f"{API}/registrations", headers=h)
        assert r.status_code == 200, r.text
        assert [i["id"] for i in r.json()["items"]] == [elderly["id"]] and r.json()["total"] == 1
        r = await client.get(f"{API}/registrations", params={"citizen_id": str(citizen.id)}, headers=h)
        assert r.json() == {"items": [], "total": 0, "page": 1, "page_size": 25}
        r = await client.get(f"{API}/payrolls", headers=h)
        assert r.json()["total"] == 0
        # Asking for the programme by name is refused, whether or not anyone is on it.
        for path in ("/registrations", "/payrolls"):
            r = await client.get(f"{API}{path}", params={"programme": "hiv"}, headers=h)
            assert r.status_code == 403 and r.json()["code"] == "forbidden.permission"
        r = await client.post(f"{API}/payrolls", json={"programme": "hiv", "month": "2025-08-01"}, headers=h)
        assert r.status_code == 403
        # Every list and summary of the API, now or later.
        for method, path, params in api_routes(app):
            if method != "GET" or params or not path.startswith("/api/") or path == "/api/v1/audit":
                continue
            r = await client.get(path, params={"page_size": 200}, headers=h)
            assert r.status_code < 500, f"GET {path}: {r.text[:300]}"
            leaked = [s for s in secrets if s in r.text]
            assert not leaked, f"{who}: GET {path} shows {leaked}"
    # Citizen search cannot filter by the programme, for anyone: a search filter sees no caller.
    r = await client.get("/api/v1/citizens", params={"programme": "hiv"}, headers=off.h["officer"])
    assert r.status_code == 422 and r.json()["code"] == "allowance.filter_unavailable"
    r = await client.get("/api/v1/citizens", params={"programme": "elderly"}, headers=off.h["viewer"])
    assert [c["first_name"] for c in r.json()["items"]] == ["เปิดเผย"]


async def test_the_persons_timeline_shows_it_only_to_whoever_may_read_it(client, hiv_case):
    off, citizen, reg, _, _, _ = hiv_case
    r = await client.get(f"/api/v1/citizens/{citizen.id}/timeline", params={"page_size": 200},
                         headers=off.h["viewer"])
    assert r.status_code == 200, r.text
    assert reg["id"] not in r.text and "allowance_registration" not in r.text
    r = await client.get(f"/api/v1/citizens/{citizen.id}/timeline", params={"page_size": 200},
                         headers=off.h["officer"])
    assert reg["id"] in r.text


async def test_every_read_is_logged(db, client, hiv_case):
    off, _, reg, _, p, _ = hiv_case
    for path in (f"/registrations/{reg['id']}", f"/registrations/{reg['id']}/workflow",
                 f"/registrations/{reg['id']}/request-form.pdf", f"/payrolls/{p['id']}",
                 f"/payrolls/{p['id']}/roster.xlsx"):
        before = (await db.execute(select(AuditEntry.id).where(AuditEntry.entity_id.in_([reg["id"], p["id"]]),
                                                               AuditEntry.action.like("%sensitive_read"))
                                   .execution_options(populate_existing=True))).all()
        r = await client.get(f"{API}{path}", headers=off.h["officer"])
        assert r.status_code == 200, r.text
        after = (await db.execute(select(AuditEntry).where(AuditEntry.entity_id.in_([reg["id"], p["id"]]),
                                                           AuditEntry.action.like("%sensitive_read")))).scalars().all()
        assert len(after) == len(before) + 1, path
    r = await client.get(f"{API}/registrations", params={"programme": "hiv"}, headers=off.h["officer"])
    assert r.json()["total"] == 1
    listed = (await db.execute(select(AuditEntry).where(AuditEntry.action == "allowance_registration.sensitive_list")
                               )).scalars().all()
    assert any(reg["id"] in e.after["ids"] for e in listed)


async def test_the_audit_log_does_not_show_it_to_an_administrator(client, hiv_case):
    off, _, reg, _, p, _ = hiv_case
    r = await client.get("/api/v1/audit", params={"page_size": 200}, headers=off.h["admin"])
    assert r.status_code == 200
    assert reg["id"] not in r.text and p["id"] not in r.text
