"""`chumchon import citizens|beneficiaries|group-members FILE`: the same job as the API, with a
progress bar. The command acts as a named user of the organisation, so that the audit log
says who imported and the user's own permissions apply."""

from __future__ import annotations

import asyncio
import shutil
import uuid
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from chumchon.core.config import get_settings

app = typer.Typer(help="Bulk import from XLSX or CSV (dry run first with --dry-run).", no_args_is_help=True)
console = Console()

FileArg = Annotated[Path, typer.Argument(exists=True, dir_okay=False, readable=True, help="XLSX or CSV file")]
DryRun = Annotated[bool, typer.Option("--dry-run", help="Only check and report; write nothing")]
MapOpt = Annotated[list[str] | None, typer.Option("--map", help="header=field (or header=ignore); repeat")]
UserOpt = Annotated[str, typer.Option("--user", help="Username the import runs as (needs imports:run)")]
OrgOpt = Annotated[str | None, typer.Option("--organisation", help="Organisation code, if the user has several")]
ReportOpt = Annotated[Path | None, typer.Option("--report", help="Write the report (XLSX) here")]


def parse_map(items: list[str] | None) -> dict[str, str]:
    out: dict[str, str] = {}
    for item in items or []:
        header, sep, field = item.partition("=")
        if not sep or not header.strip() or not field.strip():
            raise typer.BadParameter(f"--map takes header=field, not {item!r}")
        out[header.strip()] = field.strip()
    return out


async def _actor(session, username: str, organisation: str | None):  # type: ignore[no-untyped-def]
    from sqlalchemy import select

    from chumchon.areas.models import Organisation
    from chumchon.auth.models import Membership, User
    from chumchon.auth.permissions import permissions_for
    from chumchon.core.context import Actor

    user = (await session.execute(select(User).where(User.username == username))).scalar_one_or_none()
    if user is None or not user.is_active:
        raise typer.BadParameter(f"no active user {username!r}", param_hint="--user")
    rows = (await session.execute(select(Membership.role, Organisation.id, Organisation.code)
                                  .join(Organisation, Organisation.id == Membership.organisation_id)
                                  .where(Membership.user_id == user.id))).all()
    orgs = {code: org_id for _, org_id, code in rows}
    if organisation is None and len(orgs) != 1:
        raise typer.BadParameter(f"{username} belongs to {len(orgs)} organisations; choose one",
                                 param_hint="--organisation")
    code = organisation or next(iter(orgs))
    if code not in orgs:
        raise typer.BadParameter(f"{username} is not a member of {code}", param_hint="--organisation")
    roles = frozenset(role for role, _, c in rows if c == code)
    return Actor(kind="user", id=str(user.id), name=user.full_name, organisation_id=orgs[code], roles=roles,
                 permissions=permissions_for(roles))


def run(kind: str, file: Path, *, dry_run: bool, mapping: dict[str, str], user: str, organisation: str | None,
        group_id: uuid.UUID | None, report: Path | None) -> int:
    from chumchon.core.db import Database
    from chumchon.core.errors import DomainError
    from chumchon.core.pagination import PageParams
    from chumchon.core.tenancy import bind_actor
    from chumchon.imports import exports, service
    from chumchon.imports.models import ImportKind, JobStatus, RowStatus

    settings = get_settings()
    files_dir = Path(settings.files_dir)

    async def main() -> int:
        db = Database(settings.database_url)
        try:
            async with db.sessionmaker() as session:
                actor = await _actor(session, user, organisation)
                bind_actor(session, actor)
                try:
                    with open(file, "rb") as fh:
                        job = await service.create_job(
                            session, actor, files_dir=files_dir, kind=ImportKind(kind), filename=file.name,
                            stream=fh, dry_run=dry_run, overrides=mapping,
                            options={"group_id": str(group_id)} if group_id else None)
                except DomainError as exc:
                    console.print(f"[red]{exc.code}[/red]: {escape(exc.detail)}")
                    for err in exc.errors or []:
                        console.print(f"  {err.get('message')}", markup=False)
                    return 2
                await session.commit()
            if job.unknown_columns:
                console.print("[yellow]Columns not read (map them with --map header=field):[/yellow] "
                              + escape(", ".join(job.unknown_columns)))
            with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                          console=console) as progress:
                task = progress.add_task("checking" if dry_run else "importing", total=job.rows_total or None)

                def advance(done: int, total: int) -> None:
                    progress.update(task, completed=done, total=total)

                job = await service.run_job(db.sessionmaker, actor, job.id, files_dir, on_progress=advance)
            table = Table(title=f"{file.name}: {job.status}")
            for label in ("new", "changed", "unchanged", "rejected"):
                table.add_column(label, justify="right")
            table.add_row(str(job.new_count), str(job.changed_count), str(job.unchanged_count),
                          str(job.rejected_count))
            console.print(table)
            async with db.sessionmaker() as session:
                bind_actor(session, actor)
                rejected, total = await service.report_rows(session, actor, job.id, RowStatus.rejected,
                                                            PageParams(page=1, page_size=20))
                for row in rejected:
                    for err in row.errors or []:
                        console.print(f"  line {row.line}: {err['field']}: {err['message']} [{err['code']}]",
                                      markup=False)
                if total > len(rejected):
                    console.print(f"  … and {total - len(rejected)} more rejected rows (see --report)")
                if report is not None:
                    _, path = await exports.report_xlsx(session, actor, job.id, files_dir)
                    shutil.move(path, report)
                    console.print(f"Report written to {report}")
                await session.commit()
            if job.status == JobStatus.failed:
                console.print(f"[red]{job.error_code}[/red]: {escape(job.error_detail or '')}")
                return 1
            console.print(f"job {job.id}" + ("  (dry run: nothing written; run without --dry-run to import)"
                                             if dry_run else ""))
            return 0
        finally:
            await db.dispose()

    return asyncio.run(main())


@app.command()
def citizens(file: FileArg, user: UserOpt, dry_run: DryRun = False, map: MapOpt = None,  # noqa: A002
             organisation: OrgOpt = None, report: ReportOpt = None) -> None:
    """Citizens, with their addresses and bank accounts."""
    raise typer.Exit(run("citizens", file, dry_run=dry_run, mapping=parse_map(map), user=user,
                         organisation=organisation, group_id=None, report=report))


@app.command()
def beneficiaries(file: FileArg, user: UserOpt, dry_run: DryRun = False, map: MapOpt = None,  # noqa: A002
                  organisation: OrgOpt = None, report: ReportOpt = None) -> None:
    """Allowance beneficiaries (the national allowance database's lists): person, programme, start month, status."""
    raise typer.Exit(run("beneficiaries", file, dry_run=dry_run, mapping=parse_map(map), user=user,
                         organisation=organisation, group_id=None, report=report))


@app.command("group-members")
def group_members(file: FileArg, user: UserOpt, group: Annotated[uuid.UUID, typer.Option(help="The group's id")],
                  dry_run: DryRun = False, map: MapOpt = None,  # noqa: A002
                  organisation: OrgOpt = None, report: ReportOpt = None) -> None:
    """Members of one community group."""
    raise typer.Exit(run("group_members", file, dry_run=dry_run, mapping=parse_map(map), user=user,
                         organisation=organisation, group_id=group, report=report))
