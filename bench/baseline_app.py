"""The yardstick for the reads benchmark: a bare Starlette + asyncpg handler serving the
same row (and the same search) with no auth, no ORM, no validation, no audit."""

from __future__ import annotations

import json
import os
from contextlib import asynccontextmanager

import asyncpg
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

DSN = os.environ["BASELINE_DSN"]
COLUMNS = ("id, national_id, title, first_name, last_name, birth_date, sex, nationality, village_id, "
           "house_number, phone, death_date, version")


def _json(rows: object) -> Response:
    return Response(json.dumps(rows, default=str, ensure_ascii=False), media_type="application/json")


async def health(_: Request) -> Response:
    return _json({"status": "ok"})


async def one(request: Request) -> Response:
    async with request.app.state.pool.acquire() as conn:
        row = await conn.fetchrow(f"SELECT {COLUMNS} FROM citizens WHERE id = $1", request.path_params["id"])
    return _json(dict(row)) if row else Response(status_code=404)


async def search(request: Request) -> Response:
    key = "%" + request.query_params["key"] + "%"
    async with request.app.state.pool.acquire() as conn:
        total = await conn.fetchval("SELECT count(*) FROM citizens WHERE name_key LIKE $1", key)
        rows = await conn.fetch(f"SELECT {COLUMNS} FROM citizens WHERE name_key LIKE $1 "
                                "ORDER BY last_name, first_name, id LIMIT 25", key)
    return _json({"items": [dict(r) for r in rows], "total": total})


@asynccontextmanager
async def lifespan(app: Starlette):  # type: ignore[no-untyped-def]
    app.state.pool = await asyncpg.create_pool(DSN, min_size=5, max_size=10)
    yield
    await app.state.pool.close()


app = Starlette(routes=[Route("/health", health), Route("/citizens/{id:uuid}", one), Route("/search", search)],
                lifespan=lifespan)
