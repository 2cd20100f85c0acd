"""An example provincial office (พมจ.) system: it signs in with client credentials, fetches the
disability-card requests the municipalities of its province sent it, marks them received and
issues the cards.

Only httpx and the API contract (openapi/openapi.json, tag `province`) are used. Every POST
carries an Idempotency-Key derived from the request and its sending, so running the script
again after a crash or a timeout never records anything twice.

    CHUMCHON_URL=http://127.0.0.1:8000 PMJ_CLIENT_ID=pmj-36 PMJ_CLIENT_SECRET=… \\
        python examples/province_client.py

A real system makes the card first and sends its number; this example numbers cards
`<prefix>-<BE year>-<first 8 characters of the request id>` so that the flow can be tried end
to end.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import uuid
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

import httpx

REQUESTS = "/api/v1/province/disability-card-requests"
# Keys are UUIDs made from what they stand for: the same step of the same sending, the same key.
KEY_NAMESPACE = uuid.UUID("0b6f7d5e-8f1a-4c1e-9d59-2b1f6a1c3e77")
CARD_YEARS = 8  # a card is valid 8 years from issue


class ApiError(RuntimeError):
    def __init__(self, response: httpx.Response) -> None:
        try:
            problem = response.json()
        except ValueError:
            problem = {"detail": response.text}
        self.status, self.code = response.status_code, problem.get("code")
        super().__init__(f"{response.request.method} {response.request.url.path} → {response.status_code} "
                         f"{problem.get('code')}: {problem.get('detail')}")


@dataclass
class Report:
    received: list[str] = field(default_factory=list)
    issued: dict[str, str] = field(default_factory=dict)  # request id → card number
    skipped: dict[str, str] = field(default_factory=dict)  # request id → problem code


def _years_after(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def idempotency_key(request: dict[str, Any], step: str) -> str:
    # A request sent again after a return is a new sending: `send_count` makes its keys new.
    return str(uuid.uuid5(KEY_NAMESPACE, f"{request['id']}:{request['send_count']}:{step}"))


async def sign_in(http: httpx.AsyncClient, client_id: str, client_secret: str) -> None:
    r = await http.post("/api/v1/auth/token", data={
        "grant_type": "client_credentials", "client_id": client_id, "client_secret": client_secret,
        "scope": "disability_cards:read disability_cards:decide"})
    if r.status_code != 200:
        raise ApiError(r)
    http.headers["Authorization"] = f"Bearer {r.json()['access_token']}"


async def requests_in(http: httpx.AsyncClient, state: str) -> list[dict[str, Any]]:
    """Every request at `state`, page by page (oldest sending first)."""
    out: list[dict[str, Any]] = []
    page = 1
    while True:
        r = await http.get(REQUESTS, params={"state": state, "page": page, "page_size": 100})
        if r.status_code != 200:
            raise ApiError(r)
        body = r.json()
        out += body["items"]
        if page * body["page_size"] >= body["total"]:
            return out
        page += 1


async def post(http: httpx.AsyncClient, request: dict[str, Any], step: str, body: dict[str, Any]) -> dict[str, Any]:
    r = await http.post(f"{REQUESTS}/{request['id']}/{step}", json=body,
                        headers={"Idempotency-Key": idempotency_key(request, step)})
    if r.status_code != 200:
        raise ApiError(r)
    return r.json()


async def run(http: httpx.AsyncClient, client_id: str, client_secret: str, *, today: date | None = None,
              card_prefix: str = "PMJ") -> Report:
    """One pass: receive what was sent, then issue a card for everything received."""
    today = today or date.today()
    report = Report()
    await sign_in(http, client_id, client_secret)
    for request in await requests_in(http, "sent"):
        try:
            await post(http, request, "receive", {"received_on": today.isoformat()})
            report.received.append(request["id"])
        except ApiError as exc:  # e.g. the municipality cancelled it meanwhile: the next pass sees
            report.skipped[request["id"]] = exc.code or str(exc.status)
    received = await requests_in(http, "received")
    for request in received:
        # Made from the request, so the same request always gets the same number.
        card_number = f"{card_prefix}-{today.year + 543}-{request['id'][:8].upper()}"
        body = {"card_number": card_number, "issued_on": today.isoformat(),
                "expires_on": (_years_after(today, CARD_YEARS) - timedelta(days=1)).isoformat()}
        try:
            issued = await post(http, request, "issue", body)
            report.issued[request["id"]] = issued["card"]["card_number"]
        except ApiError as exc:
            report.skipped[request["id"]] = exc.code or str(exc.status)
    return report


async def return_request(http: httpx.AsyncClient, request: dict[str, Any], reason: str, what_to_fix: str,
                         today: date | None = None) -> dict[str, Any]:
    """Send a request back to the municipality to be fixed (reasons: see the contract's ReturnReason)."""
    return await post(http, request, "return", {"returned_on": (today or date.today()).isoformat(),
                                                "reason": reason, "note": what_to_fix})


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--url", default=os.environ.get("CHUMCHON_URL", "http://127.0.0.1:8000"))
    parser.add_argument("--client-id", default=os.environ.get("PMJ_CLIENT_ID"))
    parser.add_argument("--client-secret", default=os.environ.get("PMJ_CLIENT_SECRET"))
    parser.add_argument("--card-prefix", default="PMJ")
    args = parser.parse_args()
    if not args.client_id or not args.client_secret:
        parser.error("give --client-id and --client-secret (or PMJ_CLIENT_ID and PMJ_CLIENT_SECRET)")

    async def go() -> Report:
        async with httpx.AsyncClient(base_url=args.url, timeout=30) as http:
            return await run(http, args.client_id, args.client_secret, card_prefix=args.card_prefix)

    report = asyncio.run(go())
    print(f"received {len(report.received)}, issued {len(report.issued)}, skipped {len(report.skipped)}")
    for request_id, card in report.issued.items():
        print(f"  {request_id}: card {card}")
    for request_id, code in report.skipped.items():
        print(f"  {request_id}: skipped ({code})")


if __name__ == "__main__":
    main()
