"""The monthly payroll: ours (`create_payroll`: the payroll row, its audit, the one
INSERT … SELECT with back-pay months, suspensions, death and move rules, and the totals)
beside one hand-written INSERT … SELECT that computes the same amounts for the same month
and writes the same rows into the same table (its foreign keys and unique index are part
of what a payroll costs; the yardstick's rows are removed before ours run). Limit: within
2× (design.md), and the cost growing linearly with the beneficiaries.

`python -m bench payroll`; sizes from BENCH_PAYROLL_SIZES (default 10000,100000).
"""

from __future__ import annotations

import asyncio
import os
import time
import uuid
from datetime import date

from sqlalchemy import insert, select, text

from bench.common import scratch_database, verdict
from chumchon.allowances import payroll as payrolls
from chumchon.allowances.models import Registration
from chumchon.allowances.schemas import PayrollCreate
from chumchon.areas.models import Organisation, Village
from chumchon.auth.permissions import permissions_for
from chumchon.citizens.models import BankAccount, Citizen
from chumchon.core.context import Actor
from chumchon.core.db import Database
from chumchon.core.migrate import upgrade
from chumchon.core.tenancy import bind_actor
from chumchon.core.thai import national_id_check_digit
from chumchon.demo import seed

SIZES = [int(n) for n in os.environ.get("BENCH_PAYROLL_SIZES", "10000,100000").split(",")]
MONTH = date(2025, 10, 1)
LIMIT = 2.0

BASELINE = """
INSERT INTO allowance_payroll_lines (id, organisation_id, payroll_id, registration_id, citizen_id, month_paid,
    is_back_pay, age, rate_id, band_label_th, amount, bank_account_id, bank_code, account_no, account_name, status,
    created_at, updated_at, version)
SELECT gen_random_uuid(), r.organisation_id, :payroll, r.id, r.citizen_id, DATE '2025-10-01', false, a.age, rt.id,
    rt.label_th, rt.amount, b.id, b.bank_code, b.account_no, b.account_name, 'pending', now(), now(), 1
FROM allowance_registrations r
JOIN citizens c ON c.id = r.citizen_id
CROSS JOIN LATERAL (SELECT date_part('year', age(DATE '2025-10-01', c.birth_date))::int AS age) a
JOIN allowance_rates rt ON rt.programme = 'elderly' AND rt.effective_from = DATE '2011-10-01'
     AND a.age >= rt.age_min AND (rt.age_max IS NULL OR a.age <= rt.age_max)
LEFT JOIN citizen_bank_accounts b ON b.citizen_id = r.citizen_id AND b.is_primary AND b.ended_on IS NULL
WHERE r.organisation_id = :org AND r.programme = 'elderly' AND r.state = 'active'
  AND r.start_month <= DATE '2025-10-01' AND c.death_date IS NULL
"""


def _national_id(n: int) -> str:
    first12 = f"1{n:011d}"
    return first12 + str(national_id_check_digit(first12))


async def _fill(db: Database, rows: int) -> Organisation:
    async with db.sessionmaker() as session:
        await seed(session)
        org = (await session.execute(select(Organisation))).scalars().first()
        assert org is not None
        villages = [v.id for v in (await session.execute(select(Village))).scalars()]
        for start in range(0, rows, 5000):
            people, accounts, regs = [], [], []
            for i in range(start, min(start + 5000, rows)):
                cid = uuid.uuid4()
                people.append(dict(
                    id=cid, organisation_id=org.id, national_id=_national_id(i + 1), title="นาย", first_name="สมชาย",
                    last_name="ใจดี", name_key="สมชายใจด|", birth_date=date(1930 + i % 35, 1 + i % 12, 1 + i % 28),
                    birth_precision="day", sex="male", nationality="THA", village_id=villages[i % len(villages)]))
                accounts.append(dict(organisation_id=org.id, citizen_id=cid, kind="bank", bank_code="006",
                                     account_no=f"{i:010d}", account_name="นายสมชาย ใจดี", is_primary=True,
                                     valid_from=date(2020, 1, 1)))
                regs.append(dict(organisation_id=org.id, citizen_id=cid, programme="elderly", kind="registration",
                                 state="active", received_on=date(2024, 11, 1), fiscal_year=2569,
                                 payment_method="bank", other_welfare=[], start_month=MONTH))
            await session.execute(insert(Citizen), people)
            await session.execute(insert(BankAccount), accounts)
            await session.execute(insert(Registration), regs)
        await session.commit()
        await session.execute(text("ANALYZE"))
        await session.commit()
    return org


async def _ours(db: Database, org: Organisation) -> tuple[float, int]:
    roles = frozenset({"officer"})
    actor = Actor(kind="user", id="bench", name="bench", organisation_id=org.id, roles=roles,
                  permissions=permissions_for(roles))
    async with db.sessionmaker() as session:
        bind_actor(session, actor)
        start = time.perf_counter()
        p = await payrolls.create_payroll(session, actor, PayrollCreate(programme="elderly", month=MONTH))
        await session.commit()
        return time.perf_counter() - start, p.line_count


async def _baseline(db: Database, org: Organisation) -> tuple[float, int]:
    async with db.sessionmaker() as session:
        placeholder = uuid.uuid4()
        await session.execute(text(
            "INSERT INTO allowance_payrolls (id, organisation_id, programme, month, fiscal_year, state, payer, rules, "
            "line_count, total, created_at, updated_at, version) VALUES (:id, :org, 'elderly', DATE '2025-09-01', "
            "2568, 'draft', 'cgd', '{}', 0, 0, now(), now(), 1)"), {"id": placeholder, "org": org.id})
        await session.commit()
        start = time.perf_counter()
        result = await session.execute(text(BASELINE), {"org": org.id, "payroll": placeholder})
        await session.commit()
        elapsed, rows = time.perf_counter() - start, result.rowcount  # type: ignore[attr-defined]
        await session.execute(text("DELETE FROM allowance_payroll_lines WHERE payroll_id = :p"), {"p": placeholder})
        await session.execute(text("DELETE FROM allowance_payrolls WHERE id = :p"), {"p": placeholder})
        await session.commit()
    async with db.engine.connect() as conn:
        conn = await conn.execution_options(isolation_level="AUTOCOMMIT")
        await conn.execute(text("VACUUM ANALYZE allowance_payroll_lines"))
    return elapsed, rows


def main() -> None:
    print("Monthly payroll (one programme, one month), PostgreSQL")
    figures = []
    for rows in SIZES:
        url = scratch_database("chumchon_bench_payroll")
        upgrade(url)

        async def run(url: str = url, rows: int = rows) -> tuple[float, int, float, int]:
            db = Database(url)
            try:
                org = await _fill(db, rows)
                base, base_rows = await _baseline(db, org)
                ours, ours_rows = await _ours(db, org)
                return ours, ours_rows, base, base_rows
            finally:
                await db.dispose()

        ours, ours_rows, base, base_rows = asyncio.run(run())
        assert ours_rows == base_rows == rows, (ours_rows, base_rows, rows)
        ratio = ours / base
        figures.append((rows, ours))
        print(f"  {rows:>9,} beneficiaries: ours {ours:6.2f} s, hand-written INSERT … SELECT {base:6.2f} s, "
              f"{ratio:4.2f}× (limit {LIMIT}×) {verdict(ratio <= LIMIT)}")
    if len(figures) > 1:
        (n0, t0), (n1, t1) = figures[0], figures[-1]
        growth = (t1 / t0) / (n1 / n0)
        print(f"  growth from {n0:,} to {n1:,}: {growth:4.2f}× linear (limit 2.0×) {verdict(growth <= 2.0)}")


if __name__ == "__main__":
    main()
