"""Upload, commit and read an import through the API."""

from __future__ import annotations

import json
from typing import Any

import httpx


async def upload(client: httpx.AsyncClient, headers: dict[str, str], content: bytes, filename: str, *,
                 kind: str = "citizens", dry_run: bool = True, column_map: dict[str, str] | None = None,
                 group_id: str | None = None, expect: int = 202) -> dict[str, Any]:
    data: dict[str, Any] = {"kind": kind, "dry_run": str(dry_run).lower()}
    if column_map is not None:
        data["column_map"] = json.dumps(column_map, ensure_ascii=False)
    if group_id is not None:
        data["group_id"] = group_id
    r = await client.post("/api/v1/imports", headers=headers, data=data, files={"file": (filename, content)})
    assert r.status_code == expect, r.text
    return r.json()


async def job(client: httpx.AsyncClient, headers: dict[str, str], job_id: str) -> dict[str, Any]:
    r = await client.get(f"/api/v1/imports/{job_id}", headers=headers)
    assert r.status_code == 200, r.text
    return r.json()


async def rejected(client: httpx.AsyncClient, headers: dict[str, str], job_id: str) -> list[dict[str, Any]]:
    r = await client.get(f"/api/v1/imports/{job_id}/rejected", headers=headers, params={"page_size": 200})
    assert r.status_code == 200, r.text
    return r.json()["items"]


async def changed(client: httpx.AsyncClient, headers: dict[str, str], job_id: str) -> list[dict[str, Any]]:
    r = await client.get(f"/api/v1/imports/{job_id}/changed", headers=headers, params={"page_size": 200})
    assert r.status_code == 200, r.text
    return r.json()["items"]


async def commit(client: httpx.AsyncClient, headers: dict[str, str], job_id: str, expect: int = 202) -> dict[str, Any]:
    r = await client.post(f"/api/v1/imports/{job_id}/commit", headers=headers)
    assert r.status_code == expect, r.text
    return r.json()


def counts(job_: dict[str, Any]) -> tuple[int, int, int, int]:
    c = job_["counts"]
    return c["new"], c["changed"], c["unchanged"], c["rejected"]
