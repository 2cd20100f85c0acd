"""Reads on loopback: GET one citizen and a name search, ours beside a bare Starlette +
asyncpg handler serving the same rows. Limits: at least half its requests per second, and
p99 under 50 ms (design.md)."""

from __future__ import annotations

import asyncio
import os
import random
import sys
import tempfile
import uuid
from datetime import date
from urllib.parse import quote

import httpx
from sqlalchemy import insert, select

from bench.common import free_port, scratch_database, server, verdict, wrk
from chumchon.areas.models import Organisation, Village
from chumchon.citizens.models import Citizen
from chumchon.citizens.service import name_key
from chumchon.core.db import Database
from chumchon.core.migrate import upgrade
from chumchon.core.thai import national_id_check_digit
from chumchon.demo import seed

ROWS = int(os.environ.get("BENCH_READ_ROWS", "20000"))
SECONDS = int(os.environ.get("BENCH_SECONDS", "10"))
# Both servers get the same number of worker processes, so the ratio compares like with like.
WORKERS = int(os.environ.get("BENCH_WORKERS", "1"))
FIRST = ["สมชาย", "สมหญิง", "บุญมี", "มาลี", "ประยูร", "วิไล", "สุดา", "ทองดี", "จันทร์เพ็ญ", "อำนวย"]
LAST = ["ใจดี", "รักไทย", "ศรีสุข", "มั่นคง", "บุญมา", "แก้วใส", "ทองคำ", "พรหมมา", "สายสุข", "ดวงดี"]


def _national_id(n: int) -> str:
    first12 = f"1{n:011d}"
    return first12 + str(national_id_check_digit(first12))


async def _fill(url: str) -> tuple[str, str]:
    db = Database(url)
    async with db.sessionmaker() as session:
        await seed(session)
        org = (await session.execute(select(Organisation))).scalars().first()
        villages = [v.id for v in (await session.execute(select(Village))).scalars()]
        rng = random.Random(7)
        rows = []
        for i in range(ROWS):
            first, last = rng.choice(FIRST), rng.choice(LAST)
            rows.append(dict(
                id=uuid.uuid4(), organisation_id=org.id, national_id=_national_id(i + 1), title="นาย",
                first_name=first, last_name=last, name_key=name_key(f"{first}{last}"),
                birth_date=date(1940 + i % 60, 1 + i % 12, 1 + i % 28), birth_precision="day", sex="male",
                nationality="THA", village_id=villages[i % len(villages)], house_number=str(i % 300 + 1),
            ))
        for start in range(0, len(rows), 5000):
            await session.execute(insert(Citizen), rows[start:start + 5000])
        await session.commit()
        one = rows[len(rows) // 2]["id"]
    await db.dispose()
    return str(one), "สมหญิง"


def main() -> None:
    url = scratch_database("chumchon_bench_reads")
    upgrade(url)
    citizen_id, query = asyncio.run(_fill(url))
    dsn = url.replace("postgresql+asyncpg", "postgresql")
    logs = tempfile.mkdtemp(prefix="bench-reads-")

    ours_port, base_port = free_port(), free_port()
    py = sys.executable
    env = {"CHUMCHON_DATABASE_URL": url, "CHUMCHON_ENV": "dev", "CHUMCHON_LOG_LEVEL": "WARNING",
           "CHUMCHON_WEB_DIST": "/nonexistent"}
    load_before = os.getloadavg()
    with server([py, "-m", "chumchon.cli", "serve", "--port", str(ours_port), "--workers", str(WORKERS)], env, ours_port,
                logs) as ours:
        base = ours.base
        token = httpx.post(base + "/api/v1/auth/token", data={"grant_type": "password", "username": "officer",
                                                              "password": "chumchon-demo"}).json()["access_token"]
        auth = {"Authorization": f"Bearer {token}"}
        ours_one = wrk(f"{base}/api/v1/citizens/{citizen_id}", auth, SECONDS, target=ours)
        ours_search = wrk(f"{base}/api/v1/citizens?q={quote(query)}", auth, SECONDS, target=ours)
    with server([py, "-m", "uvicorn", "bench.baseline_app:app", "--port", str(base_port), "--log-level", "warning",
                 "--workers", str(WORKERS)], {"BASELINE_DSN": dsn}, base_port, logs) as bare:
        bare_one = wrk(f"{bare.base}/citizens/{citizen_id}", {}, SECONDS, target=bare)
        bare_search = wrk(f"{bare.base}/search?key={quote(name_key(query))}", {}, SECONDS, target=bare)

    load_after = os.getloadavg()
    print(f"\nreads on loopback, PostgreSQL, {ROWS:,} citizens, wrk 1 thread 32 connections {SECONDS}s, "
          f"{WORKERS} worker process(es) for each server, {os.cpu_count()} cores shared")
    print(f"load average (1 min) {load_before[0]:.1f} before, {load_after[0]:.1f} after: other work on the machine "
          "takes CPU from both servers alike, ours and bare are measured back to back")
    print(f"{'figure':34} {'ours':>10} {'bare':>10} {'ratio':>7}  limit")
    for label, ours, bare in (("GET one citizen", ours_one, bare_one), ("search by name", ours_search, bare_search)):
        ratio = ours.rps / bare.rps
        print(f"{label + ' req/s':34} {ours.rps:>10.0f} {bare.rps:>10.0f} {ratio:>7.2f}  >= 0.50 {verdict(ratio >= 0.5)}")
        print(f"{label + ' p99 ms':34} {ours.p99_ms:>10.1f} {bare.p99_ms:>10.1f} {'':>7}  < 50 {verdict(ours.p99_ms < 50)}")
        if ours.cpu_ms is not None and bare.cpu_ms is not None:
            print(f"{label + ' server CPU ms/request':34} {ours.cpu_ms:>10.3f} {bare.cpu_ms:>10.3f} "
                  f"{bare.cpu_ms / ours.cpu_ms:>7.2f}  (for deciding; the limit is on req/s)")
        if ours.errors or bare.errors:
            print(f"  non-2xx answers: ours {ours.errors}, bare {bare.errors}")
