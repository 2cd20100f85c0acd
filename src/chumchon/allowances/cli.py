"""`chumchon rates list|add`: the national rate tables.

A new national rate (a Cabinet resolution) is national data, not a municipality's to
change, so it has no HTTP endpoint: the deployment's administrator adds it here, as the
system, and payrolls for months before its date keep the old rate.

    chumchon rates add --programme elderly --from 2027-10-01 \\
        --band 60-69=700 --band 70-79=850 --band 80-89=1000 --band 90+=1250 --source "มติ ครม. ..."

A band is `AGE-AGE=BAHT` or `AGE+=BAHT` (open above); `=BAHT/BAHT` adds what a holder of the
state welfare card is owed in that band (disability: `18+=800/1000`).
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import Awaitable, Callable
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Annotated, TypeVar

import typer
from pydantic import ValidationError
from rich.console import Console
from rich.table import Table

from chumchon.allowances.programmes import ProgrammeCode, programme
from chumchon.core.config import get_settings

app = typer.Typer(help="National allowance rate tables (versions by effective date).", no_args_is_help=True)
console = Console()
T = TypeVar("T")

_BAND = re.compile(r"^\s*(\d{1,3})\s*(?:-\s*(\d{1,3})|(\+))\s*=\s*([\d.,]+)\s*(?:/\s*([\d.,]+))?\s*$")


def run_in_session(fn: Callable[..., Awaitable[T]], *args: object) -> T:
    """One session, committed when `fn` returns (tests run it in their own session instead)."""

    async def main() -> T:
        from chumchon.core.db import Database

        db = Database(get_settings().database_url)
        try:
            async with db.sessionmaker() as session:
                result = await fn(session, *args)
                await session.commit()
                return result
        finally:
            await db.dispose()

    return asyncio.run(main())


def _baht(text: str, band: str) -> Decimal:
    try:
        return Decimal(text.replace(",", "")).quantize(Decimal("0.01"))
    except InvalidOperation:
        raise typer.BadParameter(f"{text!r} is not an amount of baht", param_hint=f"--band {band}") from None


def _label(code: ProgrammeCode, age_min: int, age_max: int | None) -> str:
    if age_max is None:
        return programme(code).label_th if age_min == 0 else f"อายุ {age_min} ปีขึ้นไป"
    return f"อายุต่ำกว่า {age_max + 1} ปี" if age_min == 0 else f"อายุ {age_min}-{age_max} ปี"


def parse_band(text: str, code: ProgrammeCode) -> dict[str, object]:
    found = _BAND.match(text)
    if not found:
        raise typer.BadParameter(f"{text!r}: write AGE-AGE=BAHT or AGE+=BAHT (optionally =BAHT/WELFARE-CARD-BAHT)",
                                 param_hint="--band")
    low, high, _, amount, card = found.groups()
    age_min, age_max = int(low), (int(high) if high is not None else None)
    return {"age_min": age_min, "age_max": age_max, "amount": _baht(amount, text),
            "welfare_card_amount": _baht(card, text) if card else None, "label_th": _label(code, age_min, age_max)}


@app.command("add")
def add(
    programme_code: Annotated[ProgrammeCode, typer.Option("--programme", help="elderly, disability or hiv")],
    effective_from: Annotated[str, typer.Option("--from", help="First day it applies (YYYY-MM-DD, CE)")],
    band: Annotated[list[str], typer.Option("--band", help="AGE-AGE=BAHT or AGE+=BAHT; repeat for every band")],
    source: Annotated[str, typer.Option("--source", help="The Cabinet resolution or notice it comes from")],
) -> None:
    """Add a version of a programme's rate table from a date (every band of it)."""
    from chumchon.allowances import service
    from chumchon.allowances.schemas import RateVersionCreate
    from chumchon.core.context import SYSTEM
    from chumchon.core.errors import DomainError

    try:
        starts = date.fromisoformat(effective_from)
    except ValueError:
        raise typer.BadParameter(f"{effective_from!r} is not a date (YYYY-MM-DD)", param_hint="--from") from None
    try:
        data = RateVersionCreate(programme=programme_code, effective_from=starts, source=source,
                                 bands=[parse_band(b, programme_code) for b in band])
    except ValidationError as exc:
        raise typer.BadParameter("; ".join(e["msg"] for e in exc.errors()), param_hint="--band") from None
    try:
        rows = run_in_session(service.add_rate_version, SYSTEM, data)
    except DomainError as exc:
        console.print(f"[red]{exc.code}[/red]: {exc}")
        raise typer.Exit(1) from None
    console.print(f"[green]{programme_code.value}: {len(rows)} bands from {starts.isoformat()}[/green]")


@app.command("list")
def list_rates(
    programme_code: Annotated[ProgrammeCode | None, typer.Option("--programme", help="Only this programme")] = None,
) -> None:
    """Every version of the rate tables, oldest first."""
    from chumchon.allowances import service

    async def read(session):  # type: ignore[no-untyped-def]
        codes = [programme_code] if programme_code else list(ProgrammeCode)
        return [(code, await service.rate_versions(session, code.value)) for code in codes]

    table = Table(title="อัตราเบี้ยยังชีพ (national rate tables)")
    # The figures never wrap or shorten, whatever the terminal's width; the words may wrap.
    for column, width in (("programme", 10), ("from", 10), ("ages", 6), ("baht", 8), ("welfare card", 8)):
        table.add_column(column, min_width=width, no_wrap=True)
    table.add_column("label")
    table.add_column("source")
    for code, versions in run_in_session(read):
        for starts, bands in versions:
            for r in bands:
                ages = f"{r.age_min}+" if r.age_max is None else f"{r.age_min}-{r.age_max}"
                table.add_row(code.value, starts.isoformat(), ages, f"{r.amount:,.2f}",
                              f"{r.welfare_card_amount:,.2f}" if r.welfare_card_amount is not None else "",
                              r.label_th, r.source or "")
    console.print(table)
