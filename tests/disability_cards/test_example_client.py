"""examples/province_client.py, run against the API: it signs in, receives what was sent and
issues the cards; run again, it changes nothing."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

from sqlalchemy import func, select

from chumchon.auth.permissions import P
from chumchon.disability_cards.models import DisabilityCard
from tests.disability_cards.flow import TODAY, ok, office, person, prepared, send
from tests.factories import make_client

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "province_client.py"


def _example():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("province_client", EXAMPLE)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


async def test_the_example_province_client_issues_the_cards_sent_to_it(db, client):
    example = _example()
    off = await office(db, client)
    people = [await person(db, off, first_name=name) for name in ("สมปอง", "สมหมาย")]
    reqs = [await prepared(client, off, p) for p in people]
    await ok(await send(client, off, [r["id"] for r in reqs]), 201)
    _, secret = await make_client(db, P.disability_cards_read, P.disability_cards_decide, province_code="36",
                                  client_id="pmj-36-example")
    await db.commit()

    report = await example.run(client, "pmj-36-example", secret, today=TODAY)
    assert sorted(report.received) == sorted(r["id"] for r in reqs)
    assert set(report.issued) == {r["id"] for r in reqs} and not report.skipped
    cards = (await db.execute(select(DisabilityCard.card_number).where(
        DisabilityCard.citizen_id.in_([p.id for p in people])))).scalars().all()
    assert sorted(cards) == sorted(report.issued.values())

    # Run again: nothing is waiting, nothing is recorded twice.
    again = await example.run(client, "pmj-36-example", secret, today=TODAY)
    assert (again.received, again.issued, again.skipped) == ([], {}, {})
    assert (await db.execute(select(func.count()).select_from(DisabilityCard).where(
        DisabilityCard.citizen_id.in_([p.id for p in people])))).scalar_one() == 2
