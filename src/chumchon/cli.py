"""The `chumchon` command: serve, migrate, seed-demo, create-user, create-client, export-openapi, import, rates,
lapse-check, dispatch."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Annotated, TypeVar

import typer
from rich.console import Console
from rich.table import Table

from chumchon.allowances.cli import app as rates_app
from chumchon.core.config import get_settings
from chumchon.imports.cli import app as import_app

app = typer.Typer(help="Chumchon (ชุมชน): community development and welfare for Thai local government.",
                  no_args_is_help=True)
console = Console()
T = TypeVar("T")
app.add_typer(import_app, name="import")
app.add_typer(rates_app, name="rates")


def _run(fn: Callable[..., Awaitable[T]], *args: object) -> T:
    async def main() -> T:
        from chumchon.core.db import Database

        settings = get_settings()
        db = Database(settings.database_url)
        try:
            async with db.sessionmaker() as session:
                result = await fn(session, *args)
                await session.commit()
                return result
        finally:
            await db.dispose()

    return asyncio.run(main())


def _ensure_sqlite_folder() -> None:
    settings = get_settings()
    if settings.is_sqlite and ":///" in settings.database_url:
        path = settings.database_url.split(":///", 1)[1]
        if path and path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)


@app.command()
def migrate(revision: str = "heads") -> None:
    """Apply the database migrations (creates the SQLite file if needed)."""
    from chumchon.core.migrate import upgrade

    _ensure_sqlite_folder()
    upgrade(get_settings().database_url, revision)
    console.print(f"[green]Database at {revision}[/green]")


@app.command()
def serve(host: str = "127.0.0.1", port: int = 8000, reload: bool = False, workers: int = 1) -> None:
    """Serve the API (and the built web app) with uvicorn."""
    import uvicorn

    uvicorn.run("chumchon.main:create_app", factory=True, host=host, port=port, reload=reload, workers=workers,
                log_level="warning", proxy_headers=True)


@app.command("seed-demo")
def seed_demo() -> None:
    """Load demo data: a subdistrict municipality, its villages, one user per role."""
    from chumchon.demo import DEMO_PASSWORD, seed

    created = _run(seed)
    table = Table(title="Demo users (password for all: " + DEMO_PASSWORD + ")")
    table.add_column("username")
    table.add_column("role")
    for username, role in created:
        table.add_row(username, role)
    console.print(table)


@app.command("create-user")
def create_user(
    username: str,
    full_name: Annotated[str, typer.Option(prompt=True)],
    organisation: Annotated[str, typer.Option(help="Organisation code")],
    role: Annotated[list[str], typer.Option(help="Role; repeat for several")],
    password: Annotated[str, typer.Option(prompt=True, hide_input=True, confirmation_prompt=True)],
) -> None:
    """Create a user in an organisation (the first administrator, say)."""
    from chumchon.demo import create_user_in

    _run(create_user_in, organisation, username, full_name, password, role)
    console.print(f"[green]User {username} created[/green]")


@app.command("create-client")
def create_client(client_id: str, name: str, province: str,
                  scope: Annotated[list[str], typer.Option(help="Scope; repeat for several")]) -> None:
    """Create a machine client for another agency's system; prints its secret once."""
    from chumchon.auth.schemas import ClientCreate
    from chumchon.auth.service import create_client as create

    created = _run(create, ClientCreate(client_id=client_id, name=name, province_code=province, scopes=scope))
    console.print(f"client_id: {created.client_id}\nclient_secret: {created.client_secret}")


@app.command()
def dispatch(once: Annotated[bool, typer.Option("--once", help="One pass, then stop")] = False) -> None:
    """Deliver domain events to agencies' webhooks (until stopped), and forget expired idempotency keys."""
    from chumchon.integrations.dispatcher import run_cli

    report = asyncio.run(run_cli(get_settings().database_url, once=once))
    console.print(f"sent {report.sent}, delivered {report.delivered}, failed {report.failed}")


@app.command("lapse-check")
def lapse_check() -> None:
    """Announce the disability cards that lapsed, in every organisation, once each; run it daily (cron, a systemd
    timer). The disability allowance of each person is suspended until a renewed card is recorded."""
    # The allowances domain suspends on the announcement through a listener registered at its import;
    # a command that never loads the web app must load it itself.
    import chumchon.allowances.cards  # noqa: F401
    from chumchon.disability_cards.service import record_lapsed_cards

    found = _run(record_lapsed_cards, None)
    console.print(f"lapsed cards announced: {len(found)}")


@app.command("export-openapi")
def export_openapi(out: Path = Path("openapi/openapi.json")) -> None:
    """Write the OpenAPI contract the app serves to a file."""
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(contract_json(), encoding="utf-8")
    console.print(f"[green]Wrote {out}[/green]")


def contract_json() -> str:
    from chumchon.core.config import Settings
    from chumchon.main import create_app

    app_ = create_app(Settings(database_url="sqlite+aiosqlite:///:memory:", web_dist=Path("/nonexistent")))
    return json.dumps(app_.openapi(), ensure_ascii=False, indent=2, sort_keys=False) + "\n"


if __name__ == "__main__":
    app()
