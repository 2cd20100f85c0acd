from __future__ import annotations

from tests.factories import make_organisation, make_village, signed_in


async def test_villages_are_listed_sorted_and_paged(db, client):
    org = await make_organisation(db)
    for n in (3, 1, 2):
        await make_village(db, org, number=n, name_th=f"บ้าน {n}")
    headers = await signed_in(db, client, org, "viewer")

    r = await client.get("/api/v1/organisations/current/villages", params={"sort": "-number", "page_size": 2},
                         headers=headers)
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["total"] == 3
    assert [v["number"] for v in body["items"]] == [3, 2]

    r = await client.get("/api/v1/organisations/current/villages", params={"sort": "colour"}, headers=headers)
    assert r.status_code == 422
    assert r.json()["code"] == "validation.sort"
