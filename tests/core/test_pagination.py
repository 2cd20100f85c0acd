"""One convention for every list: page, page_size (1-200), sort on declared fields, totals,
and an order that is stable across pages even when the sort field ties."""

from __future__ import annotations

from tests.factories import make_organisation, make_village, signed_in

VILLAGES = "/api/v1/organisations/current/villages"


async def _org_with_villages(db, client, names):  # type: ignore[no-untyped-def]
    org = await make_organisation(db)
    villages = [await make_village(db, org, number=n, name_th=name) for n, name in enumerate(names, start=1)]
    headers = await signed_in(db, client, org, "viewer")
    return villages, headers


async def test_page_and_page_size_bounds(db, client):
    _villages, headers = await _org_with_villages(db, client, ["บ้านหนึ่ง"])
    for params, field in (({"page_size": 201}, "page_size"), ({"page_size": 0}, "page_size"),
                          ({"page": 0}, "page"), ({"page": "two"}, "page")):
        r = await client.get(VILLAGES, params=params, headers=headers)
        assert r.status_code == 422, (params, r.text)
        assert r.json()["code"] == "validation_failed"
        assert [e["field"] for e in r.json()["errors"]] == [field]

    r = await client.get(VILLAGES, params={"page_size": 200}, headers=headers)
    assert r.status_code == 200, r.text
    assert r.json()["page_size"] == 200

    r = await client.get(VILLAGES, headers=headers)
    assert (r.json()["page"], r.json()["page_size"]) == (1, 25)


async def test_sorting_on_an_unknown_field_is_refused(db, client):
    _villages, headers = await _org_with_villages(db, client, ["บ้านหนึ่ง"])
    for sort in ("colour", "-organisation_id", "number,password_hash"):
        r = await client.get(VILLAGES, params={"sort": sort}, headers=headers)
        assert r.status_code == 422, (sort, r.text)
        assert r.headers["content-type"].startswith("application/problem+json")
        assert r.json()["code"] == "validation.sort"
        assert r.json()["errors"][0]["field"] == "sort"


async def test_totals_and_pages_add_up(db, client):
    villages, headers = await _org_with_villages(db, client, [f"บ้าน {n}" for n in range(1, 8)])

    pages = []
    for page in (1, 2, 3, 4):
        r = await client.get(VILLAGES, params={"page": page, "page_size": 3, "sort": "-number"}, headers=headers)
        assert r.status_code == 200, r.text
        body = r.json()
        assert (body["total"], body["page"], body["page_size"]) == (7, page, 3)
        pages.append([v["number"] for v in body["items"]])
    assert pages == [[7, 6, 5], [4, 3, 2], [1], []]

    # Filters narrow the total, not just the page.
    r = await client.get(VILLAGES, params={"q": "บ้าน 1", "page_size": 1}, headers=headers)
    assert r.json()["total"] == 1


async def test_order_is_stable_across_pages_when_the_sort_field_ties(db, client):
    villages, headers = await _org_with_villages(db, client, ["บ้านก"] * 5 + ["บ้านข"] * 2)

    async def walk() -> list[str]:
        seen = []
        for page in (1, 2, 3, 4):
            r = await client.get(VILLAGES, params={"page": page, "page_size": 2, "sort": "name_th"},
                                 headers=headers)
            assert r.status_code == 200, r.text
            seen += [v["id"] for v in r.json()["items"]]
        return seen

    first = await walk()
    assert sorted(first) == sorted(str(v.id) for v in villages)  # each row once: none repeated, none lost
    assert await walk() == first
    # Ties are broken by id, so the order is the same on every database.
    tied = [v for v in villages if v.name_th == "บ้านก"]
    assert first[:5] == sorted(str(v.id) for v in tied)


async def test_several_sort_fields(db, client):
    villages, headers = await _org_with_villages(db, client, ["ข", "ก", "ข", "ก"])
    r = await client.get(VILLAGES, params={"sort": "name_th,-number"}, headers=headers)
    assert r.status_code == 200, r.text
    assert [(v["name_th"], v["number"]) for v in r.json()["items"]] == [("ก", 4), ("ก", 2), ("ข", 3), ("ข", 1)]


async def test_a_page_far_past_the_end_is_empty_not_an_error(db, client):
    _villages, headers = await _org_with_villages(db, client, ["บ้านหนึ่ง", "บ้านสอง"])
    for page in (3, 10**12, 10**20):  # the last one's offset does not fit in a BIGINT
        r = await client.get(VILLAGES, params={"page": page}, headers=headers)
        assert r.status_code == 200, (page, r.text)
        assert (r.json()["items"], r.json()["total"]) == ([], 2)
