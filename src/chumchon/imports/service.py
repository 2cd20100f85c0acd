"""Bulk import: upload, check, report, commit.

The run. A job reads its file in chunks of `CHUNK_ROWS` lines. Each chunk is parsed in a
worker thread (`rows.parse`), then checked against the register with a few set-based
queries (which IDs exist, their primary bank accounts, which IDs an earlier chunk had),
classified new / changed / unchanged / rejected in a worker thread, and written to the
staging table and the report in one short transaction that also moves the job's progress.
Nothing of the file is held beyond a few chunks, so memory does not grow with the file.

The rules are the API's: a new person is validated as `CitizenCreate`, a known one as
`CitizenUpdate`, birth dates by the citizens service's own check, villages must be the
caller's organisation's, allowance registrations and group memberships by their
domains' schemas and services.

The commit. One transaction merges every accepted row, on PostgreSQL chunk by chunk as the
check stages them (while the next chunks are parsed and classified), on SQLite after the
check: an UPDATE … FROM the staging table for changed people (compare-and-set on each person's version: a record
someone changed since it was read fails the whole commit, nothing is written), an
INSERT … SELECT for new people and their accounts, one audit entry per changed row with its
before and after, then the other domain's part through its service, and one summary
entry for the job. On PostgreSQL the staging rows go in with COPY; on SQLite with
executemany. Running a file twice changes nothing the second time: every row is then
matched by its national ID and found unchanged.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import operator
import os
import uuid
from collections import Counter
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache
from pathlib import Path
from typing import Any, BinaryIO

import structlog
from asgi_correlation_id import correlation_id
from pydantic import ValidationError
from sqlalchemy import and_, bindparam, delete, func, insert, literal, or_, select, text, update
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from chumchon.areas import service as areas
from chumchon.areas.models import Village
from chumchon.auth.permissions import P
from chumchon.citizens.models import BankAccount, BirthPrecision, Citizen, Sex
from chumchon.citizens.schemas import CitizenCreate, CitizenUpdate
from chumchon.citizens.service import _birth as checked_birth  # the register's own rule for birth dates
from chumchon.citizens.service import citizen_name_key
from chumchon.citizens.service import today as register_today
from chumchon.core import audit
from chumchon.core.audit import AuditEntry
from chumchon.core.context import Actor
from chumchon.core.db import UTCDateTime, utcnow
from chumchon.core.errors import Conflict, DomainError, Forbidden, Invalid, NotFound
from chumchon.core.jsonsafe import to_json
from chumchon.core.pagination import PageParams, paginate
from chumchon.core.tenancy import bind_actor
from chumchon.imports import columns, readers, rows
from chumchon.imports.columns import ColumnMap
from chumchon.imports.models import (
    COMMITTABLE,
    RUNNING,
    ImportJob,
    ImportKind,
    ImportRow,
    JobStatus,
    RowStatus,
    StagedRow,
)
from chumchon.imports.rows import Row

log = structlog.get_logger(__name__)

# Plain strings for the hot loops (an enum member's .value is a descriptor call per row).
NEW, CHANGED, UNCHANGED, REJECTED = (s.value for s in (RowStatus.new, RowStatus.changed, RowStatus.unchanged,
                                                        RowStatus.rejected))

CHUNK_ROWS = 5000
HEADER_SCAN = 20
MAX_UPLOAD_BYTES = 512 * 1024 * 1024
ABANDONED_AFTER = timedelta(minutes=15)
UPLOAD_DIR = "imports"

PERMISSIONS: dict[ImportKind, tuple[str, ...]] = {
    ImportKind.citizens: (P.imports_run, P.citizens_write),
    ImportKind.beneficiaries: (P.imports_run, P.citizens_write, P.allowances_write),
    ImportKind.group_members: (P.imports_run, P.groups_write),
}

CITIZEN_FIELDS = ("title", "first_name", "last_name", "first_name_en", "last_name_en", "birth_date",
                  "birth_precision", "sex", "nationality", "village_id", "house_number", "house_registration_no",
                  "address_extra", "phone")
_STAGED_COLUMNS = tuple(c.name for c in StagedRow.__table__.columns)
_STAGED_VALUES = operator.itemgetter(*_STAGED_COLUMNS)
_JSON_AT = tuple(_STAGED_COLUMNS.index(name) for name in ("before", "after", "extra"))

SessionFactory = async_sessionmaker[AsyncSession]
# A chunk classified: its staging rows and its report rows.
_Planned = tuple[list[dict[str, Any]], list[dict[str, Any]]]
Progress = Callable[[int, int], None]


class _Ids:
    """Random (version 4) uuids from one read of the system's randomness per 4096 of them:
    `uuid.uuid4()` makes a system call each, a noticeable part of a row's cost here."""

    def __init__(self) -> None:
        self._pool = b""
        self._at = 0

    # The variant and version bits of a version 4 uuid (RFC 4122 §4.4), set as `version=4` does.
    _KEEP = ~(0xC000 << 48) & ~(0xF000 << 64)
    _SET = (0x8000 << 48) | (4 << 76)

    def __call__(self) -> uuid.UUID:
        if self._at >= len(self._pool):
            self._pool, self._at = os.urandom(16 * 4096), 0
        raw = int.from_bytes(self._pool[self._at:self._at + 16], "big")
        self._at += 16
        return uuid.UUID(int=(raw & self._KEEP) | self._SET)


new_id = _Ids()


def require_kind(actor: Actor, kind: ImportKind) -> None:
    for permission in PERMISSIONS[kind]:
        actor.require(permission)


# --- jobs ------------------------------------------------------------------------------------------------


async def get_job(session: AsyncSession, actor: Actor, job_id: uuid.UUID) -> ImportJob:
    actor.require(P.imports_run)
    job = (await session.execute(select(ImportJob).where(ImportJob.id == job_id))).scalar_one_or_none()
    if job is None:
        raise NotFound("No such import", code="imports.not_found")
    return job


async def list_jobs(session: AsyncSession, actor: Actor, params: PageParams, *, kind: ImportKind | None = None,
                    status: JobStatus | None = None) -> tuple[list[ImportJob], int]:
    actor.require(P.imports_run)
    stmt = select(ImportJob)
    if kind is not None:
        stmt = stmt.where(ImportJob.kind == kind.value)
    if status is not None:
        stmt = stmt.where(ImportJob.status == status.value)
    return await paginate(session, stmt, params, sortable={"created_at": ImportJob.created_at},
                          default_sort=["-created_at"], tiebreak=ImportJob.id)


async def open_report(session: AsyncSession, actor: Actor, job_id: uuid.UUID) -> ImportJob:
    """The job whose report is about to be read. A file that lists anyone on the HIV/AIDS
    programme makes its report health data (PDPA s.26): it needs `sensitive:read`, and each
    read is in the audit log, marked sensitive."""
    job = await get_job(session, actor, job_id)
    if (job.options or {}).get("sensitive"):
        if not actor.can(P.sensitive_read):
            raise Forbidden("This report lists people on the HIV/AIDS programme; it needs sensitive:read",
                            code="imports.sensitive_report", permission=P.sensitive_read.value)
        await audit.record(session, action="import.sensitive_report_read", entity="import_jobs", entity_id=job.id,
                           organisation_id=job.organisation_id, sensitive=True)
    return job


async def report_rows(session: AsyncSession, actor: Actor, job_id: uuid.UUID, status: RowStatus,
                      params: PageParams) -> tuple[list[ImportRow], int]:
    job = await open_report(session, actor, job_id)
    stmt = select(ImportRow).where(ImportRow.job_id == job.id, ImportRow.status == status.value)
    return await paginate(session, stmt, params, sortable={"line": ImportRow.line}, default_sort=["line"],
                          tiebreak=ImportRow.id)


def stored_path(files_dir: Path, job: ImportJob) -> Path:
    return files_dir / job.file_path


def _store(files_dir: Path, job_id: uuid.UUID, filename: str, stream: BinaryIO) -> tuple[str, str, int, bytes]:
    folder = files_dir / UPLOAD_DIR
    folder.mkdir(parents=True, exist_ok=True)
    suffix = Path(filename).suffix.lower()[:8]
    relative = f"{UPLOAD_DIR}/{job_id}{suffix}"
    digest = hashlib.sha256()
    size = 0
    head = b""
    with open(files_dir / relative, "wb") as out:
        while chunk := stream.read(1 << 20):
            if not head:
                head = chunk[:8]
            size += len(chunk)
            if size > MAX_UPLOAD_BYTES:
                out.close()
                (files_dir / relative).unlink(missing_ok=True)
                raise Invalid(f"The file is larger than {MAX_UPLOAD_BYTES // (1024 * 1024)} MB; split it",
                              code="imports.file_too_large", max_bytes=MAX_UPLOAD_BYTES)
            digest.update(chunk)
            out.write(chunk)
    if size == 0:
        (files_dir / relative).unlink(missing_ok=True)
        raise Invalid("The file is empty", code="imports.empty_file",
                      errors=[{"field": "file", "code": "imports.empty_file", "message": "ไฟล์ว่างเปล่า"}])
    return relative, digest.hexdigest(), size, head


def _find_header(source: readers.Source, kind: ImportKind, overrides: dict[str, str]) -> tuple[int, list[Any]]:
    known = {columns.header_key(h) for h in overrides}
    fallback: tuple[int, list[Any]] | None = None
    for n, (line, cells) in enumerate(source.rows()):
        score = columns.header_score(kind, cells) + sum(
            1 for v in cells if isinstance(v, str) and columns.header_key(v) in known)
        if score >= 2:
            return line, cells
        if score == 1 and fallback is None:
            fallback = (line, cells)  # one known header: the column map will say what is missing
        if n >= HEADER_SCAN:
            break
    if fallback is not None:
        return fallback
    raise Invalid("No header row: the first rows name none of the columns this import reads",
                  code="imports.no_header_row",
                  errors=[{"field": "file", "code": "imports.no_header_row",
                           "message": "ไม่พบแถวหัวตาราง: ต้องมีชื่อคอลัมน์ เช่น เลขประจำตัวประชาชน ชื่อ นามสกุล"}])


async def create_job(session: AsyncSession, actor: Actor, *, files_dir: Path, kind: ImportKind, filename: str,
                     stream: BinaryIO, dry_run: bool, overrides: dict[str, str] | None = None,
                     options: dict[str, Any] | None = None) -> ImportJob:
    """Store the upload, read its header and match its columns, and create the job, already
    claimed for its run (the caller starts `run_job`). A file whose columns cannot be
    matched is refused here, at once, with the reason."""
    require_kind(actor, kind)
    overrides = {str(k): str(v) for k, v in (overrides or {}).items()}
    opts = await _check_options(session, actor, kind, options or {})
    job_id = new_id()
    name = Path(filename or "upload").name[:255] or "upload"
    relative, sha, size, head = await asyncio.to_thread(_store, files_dir, job_id, name, stream)
    path = files_dir / relative
    try:
        fmt = readers.detect_format(name, head)
        source = await asyncio.to_thread(readers.open_source, path, fmt)
        header_line, headers = await asyncio.to_thread(_find_header, source, kind, overrides)
        cmap = columns.resolve(kind, headers, overrides)
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    job = ImportJob(
        id=job_id, kind=kind.value, status=(JobStatus.validating if dry_run else JobStatus.committing).value,
        dry_run=dry_run, filename=name, file_format=fmt, encoding=source.encoding, file_path=relative,
        file_sha256=sha, file_size=size, headers=cmap.headers, column_map=cmap.by_header, overrides=overrides,
        unknown_columns=cmap.unknown, options={**opts, "header_line": header_line},
        rows_total=max(source.lines_total - header_line, 0), rows_done=0, created_by_id=actor.id,
        created_by_name=actor.name,
    )
    with audit.action(session, "import.upload"):
        session.add(job)
        await session.flush()
    return job


async def _check_options(session: AsyncSession, actor: Actor, kind: ImportKind,
                         options: dict[str, Any]) -> dict[str, Any]:
    if kind != ImportKind.group_members:
        return {}
    from chumchon.groups import service as groups
    from chumchon.groups.models import GroupState

    raw = options.get("group_id")
    try:
        group_id = uuid.UUID(str(raw))
    except ValueError:
        raise Invalid("Group members are imported into one group: give group_id", code="imports.group_required",
                      errors=[{"field": "group_id", "code": "imports.group_required",
                               "message": "ระบุกลุ่มที่จะนำเข้าสมาชิก"}]) from None
    group = await groups.get_group(session, actor, group_id)
    groups.require_stage(group, GroupState.membership_opened)
    return {"group_id": str(group.id)}


async def claim_commit(session: AsyncSession, actor: Actor, job_id: uuid.UUID) -> ImportJob:
    """Move a checked job to `committing`: a compare-and-set, so two clicks cannot both run it."""
    job = await get_job(session, actor, job_id)
    require_kind(actor, ImportKind(job.kind))
    # A run whose process stopped (a restart) leaves its job running with no progress; after
    # ABANDONED_AFTER without any, it may be committed again.
    abandoned = and_(ImportJob.status.in_([s.value for s in RUNNING]),
                     ImportJob.updated_at < utcnow() - ABANDONED_AFTER)
    result = await session.execute(
        update(ImportJob).where(ImportJob.id == job.id,
                                or_(ImportJob.status.in_([s.value for s in COMMITTABLE]), abandoned))
        .values(status=JobStatus.committing.value, dry_run=False)
        .execution_options(synchronize_session=False))
    if result.rowcount != 1:
        await session.refresh(job)
        raise Conflict(f"This import cannot be committed while it is {job.status}", code="imports.not_committable",
                       job_status=job.status)
    await session.refresh(job)
    return job


# --- the run -------------------------------------------------------------------------------------------------


@dataclass
class _Run:
    """What a run needs of its job, read once (the job row itself belongs to each chunk's session)."""

    id: uuid.UUID
    kind: ImportKind
    commit: bool
    organisation_id: uuid.UUID
    path: Path
    file_format: str
    headers: list[str]
    overrides: dict[str, str]
    options: dict[str, Any]
    rows_total: int
    header_line: int
    counts: Counter[str] = field(default_factory=Counter)
    villages: dict[tuple[str, Any], uuid.UUID] = field(default_factory=dict)
    organisation_code: str = ""
    today: date = field(default_factory=date.today)
    births: dict[tuple[date | None, Any], date | None] = field(default_factory=dict)


async def run_job(sessionmaker: SessionFactory, actor: Actor, job_id: uuid.UUID, files_dir: Path,
                  on_progress: Progress | None = None) -> ImportJob:
    """Run a claimed job to its end: check every row, then merge if it is a commit. Never
    raises for what the file or the register did: the job ends `failed` with the reason."""
    async with sessionmaker() as session:
        bind_actor(session, actor)
        job = await get_job(session, actor, job_id)
        if JobStatus(job.status) not in RUNNING:
            return job
        run = _Run(id=job.id, kind=ImportKind(job.kind), commit=job.status == JobStatus.committing.value,
                   organisation_id=job.organisation_id, path=stored_path(files_dir, job),
                   file_format=job.file_format, headers=list(job.headers), overrides=dict(job.overrides or {}),
                   options=dict(job.options or {}), rows_total=job.rows_total or 0,
                   header_line=int((job.options or {}).get("header_line", 1)))
        await _clear(session, job.id)
        await session.execute(update(ImportJob).where(ImportJob.id == job.id).values(
            started_at=utcnow(), finished_at=None, rows_done=0, new_count=0, changed_count=0, unchanged_count=0,
            rejected_count=0, error_code=None, error_detail=None))
        await session.commit()
    try:
        if run.commit:
            await _commit(sessionmaker, actor, run, on_progress)
        else:
            await _check(sessionmaker, actor, run, on_progress)
            await _finish(sessionmaker, actor, run, JobStatus.validated)
    except DomainError as exc:
        await _fail(sessionmaker, actor, run, exc.code, exc.detail)
    except Exception:  # noqa: BLE001 - a job ends with a status, whatever happened
        log.exception("import_failed", job_id=str(run.id))
        await _fail(sessionmaker, actor, run, "imports.internal_error",
                    "Something went wrong on our side; nothing was written")
    async with sessionmaker() as session:
        bind_actor(session, actor)
        await _clear_staging(session, run.id)
        await session.commit()
        return await get_job(session, actor, run.id)


async def _clear(session: AsyncSession, job_id: uuid.UUID) -> None:
    await session.execute(delete(ImportRow.__table__).where(ImportRow.__table__.c.job_id == job_id))
    await _clear_staging(session, job_id)


async def _clear_staging(session: AsyncSession, job_id: uuid.UUID) -> None:
    table = StagedRow.__table__
    await session.execute(delete(table).where(table.c.job_id == job_id))


async def _fail(sessionmaker: SessionFactory, actor: Actor, run: _Run, code: str, detail: str | None) -> None:
    async with sessionmaker() as session:
        bind_actor(session, actor)
        await session.execute(update(ImportJob).where(ImportJob.id == run.id).values(
            status=JobStatus.failed.value, error_code=code, error_detail=detail, finished_at=utcnow()))
        await audit.record(session, action="import.fail", entity="import_jobs", entity_id=run.id,
                           organisation_id=run.organisation_id, after={"error_code": code, "detail": detail})
        await session.commit()


def _count_values(run: _Run) -> dict[str, int]:
    return {"new_count": run.counts[RowStatus.new], "changed_count": run.counts[RowStatus.changed],
            "unchanged_count": run.counts[RowStatus.unchanged], "rejected_count": run.counts[RowStatus.rejected]}


async def _finish(sessionmaker: SessionFactory, actor: Actor, run: _Run, status: JobStatus) -> None:
    async with sessionmaker() as session:
        bind_actor(session, actor)
        await session.execute(update(ImportJob).where(ImportJob.id == run.id).values(
            status=status.value, finished_at=utcnow(), rows_done=run.rows_total, **_count_values(run)))
        await audit.record(session, action="import.validate", entity="import_jobs", entity_id=run.id,
                           organisation_id=run.organisation_id, after=dict(run.counts))
        await session.commit()


async def _load_context(session: AsyncSession, actor: Actor, run: _Run) -> None:
    org = await areas.current_organisation(session, actor)
    run.organisation_code = org.code
    for v in (await session.execute(select(Village.id, Village.number, Village.dopa_code))).all():
        run.villages[("id", v.id)] = v.id
        run.villages[("number", v.number)] = v.id
        if v.dopa_code:
            run.villages[("dopa", v.dopa_code)] = v.id
    run.today = register_today()


async def _check(sessionmaker: SessionFactory, actor: Actor, run: _Run, on_progress: Progress | None,
                 after_chunk: Callable[[int, int], Awaitable[None]] | None = None) -> None:
    """Check the file chunk by chunk; `after_chunk(first line, last line)` is called once a
    chunk's rows are staged (the commit merges them then, while the next chunks are
    classified and read)."""
    source = await asyncio.to_thread(readers.open_source, run.path, run.file_format)
    cmap = columns.resolve(run.kind, run.headers, run.overrides)
    lines = source.rows()

    def next_chunk() -> list[Row]:
        out: list[Row] = []
        for line, cells in lines:
            if line <= run.header_line:
                continue
            out.append(rows.parse(run.kind, cmap, line, cells))
            if len(out) >= CHUNK_ROWS:
                break
        return out

    async with sessionmaker() as session:
        bind_actor(session, actor)
        await _load_context(session, actor, run)
    check = _CHECKS[run.kind]

    async def look_up(chunk: list[Row]) -> Callable[[], _Planned]:
        async with sessionmaker() as session:
            bind_actor(session, actor)
            return await check(session, actor, run, cmap, chunk)

    # A pipeline. While the database merges chunk k (a commit on PostgreSQL), worker threads
    # classify chunk k+1, whose lookups were made just before, and read and parse chunk k+2.
    # The database is only ever asked one thing at a time; this process's work on the next
    # chunks runs while it answers.
    upcoming = asyncio.ensure_future(asyncio.to_thread(next_chunk))
    classified: asyncio.Future[_Planned] | None = None
    try:
        chunk = await upcoming
        upcoming = asyncio.ensure_future(asyncio.to_thread(next_chunk))
        if chunk:
            classified = asyncio.ensure_future(asyncio.to_thread(await look_up(chunk)))
        while chunk and classified is not None:
            staged, report = await classified
            async with sessionmaker() as session:
                bind_actor(session, actor)
                await _write(session, staged, report)
                done = min(chunk[-1].line - run.header_line, run.rows_total)
                await session.execute(update(ImportJob).where(ImportJob.id == run.id).values(
                    rows_done=done, options={k: v for k, v in run.options.items() if not k.startswith("_")},
                    **_count_values(run)))
                await session.commit()
            following = await upcoming
            if following:
                upcoming = asyncio.ensure_future(asyncio.to_thread(next_chunk))
                classified = asyncio.ensure_future(asyncio.to_thread(await look_up(following)))
            if after_chunk is not None:
                await after_chunk(chunk[0].line, chunk[-1].line)
            if on_progress is not None:
                on_progress(done, run.rows_total)
            chunk = following
    finally:
        # A chunk failed: let the threads finish before the file and the run are left.
        for running in (upcoming, classified):
            if running is not None and not running.done():
                with contextlib.suppress(Exception):
                    await running


# --- checking a chunk ----------------------------------------------------------------------------------------


def _among(session: AsyncSession, column: Any, values: Any) -> Any:
    """`column IN (values)`; on PostgreSQL `= ANY(array)`, one parameter instead of thousands."""
    values = list(values)
    if session.bind.dialect.name == "postgresql":
        # IN (SELECT unnest(…)): a hash semi-join whatever the statistics say. `= ANY(array)`
        # probes the array linearly per row, and right after a bulk load (statistics still
        # saying "empty table") the planner pairs it with a sequential scan: quadratic.
        return column.in_(select(func.unnest(bindparam(None, values, type_=ARRAY(column.type)))).scalar_subquery())
    return column.in_(values)


@dataclass(slots=True)
class _Earlier:
    line: int
    citizen_id: uuid.UUID | None
    extra: dict[str, Any] | None


async def _earlier_rows(session: AsyncSession, run: _Run, ids: set[str]) -> dict[str, list[_Earlier]]:
    """Rows of earlier chunks with these IDs (the staging table is the file's memory)."""
    if not ids:
        return {}
    t = StagedRow.__table__
    result = await session.execute(
        select(t.c.national_id, t.c.line, t.c.citizen_id, t.c.extra)
        .where(t.c.job_id == run.id, _among(session, t.c.national_id, ids)).order_by(t.c.line))
    out: dict[str, list[_Earlier]] = {}
    for nid, line, citizen_id, extra in result.all():
        out.setdefault(nid, []).append(_Earlier(line, citizen_id, extra))
    return out


def _duplicate(row: Row, first_line: int) -> None:
    row.reject("national_id", "imports.duplicate_in_file", f"เลขประจำตัวประชาชนซ้ำกับแถวที่ {first_line} ในไฟล์นี้")


async def _existing_citizens(session: AsyncSession, ids: set[str]) -> dict[str, dict[str, Any]]:
    if not ids:
        return {}
    cols = [Citizen.id, Citizen.version, Citizen.national_id, Citizen.death_date, Citizen.moved_out_on,
            *(getattr(Citizen, f) for f in CITIZEN_FIELDS)]
    result = await session.execute(select(*cols).where(_among(session, Citizen.national_id, ids)))
    keys = list(result.keys())
    return {r[2]: dict(zip(keys, r)) for r in result.all()}  # 2: national_id


async def _primary_accounts(session: AsyncSession, citizen_ids: list[uuid.UUID]) -> dict[uuid.UUID, dict[str, Any]]:
    if not citizen_ids:
        return {}
    result = await session.execute(
        select(BankAccount.id, BankAccount.version, BankAccount.citizen_id, BankAccount.bank_code,
               BankAccount.account_no)
        .where(_among(session, BankAccount.citizen_id, citizen_ids), BankAccount.is_primary.is_(True),
               BankAccount.kind == "bank", BankAccount.ended_on.is_(None)))
    keys = list(result.keys())
    return {r[2]: dict(zip(keys, r)) for r in result.all()}  # 2: citizen_id


def _refs(row: Row, run: _Run) -> uuid.UUID | None:
    """The village and organisation a row names must be the caller's own."""
    if row.organisation_code is not None and row.organisation_code != run.organisation_code:
        row.reject("organisation_code", "imports.other_organisation",
                   f"แถวนี้เป็นของ อปท. รหัส {row.organisation_code} ไม่ใช่ของหน่วยงานนี้ ({run.organisation_code})")
    if row.village is None:
        return None
    village_id = run.villages.get(row.village)
    if village_id is None:
        row.reject("village", "villages.not_found", "ไม่พบหมู่บ้านนี้ในองค์กรของท่าน")
    return village_id


_THAI_VALIDATION = {
    "missing": "ไม่ได้ระบุ{label}",
    "string_too_long": "{label} ยาวเกินกำหนด",
    "string_too_short": "ไม่ได้ระบุ{label}",
    "string_pattern_mismatch": "{label} ไม่อยู่ในรูปแบบที่ถูกต้อง",
    "enum": "{label} ไม่ใช่ค่าที่รับได้",
}


def _validation_errors(row: Row, kind: ImportKind, exc: ValidationError) -> None:
    for err in exc.errors():
        loc = err.get("loc") or ("row",)
        name = str(loc[0])
        if name == "village_id":
            name = "village"
        template = _THAI_VALIDATION.get(err.get("type", ""), "{label}: {msg}")
        row.reject(name, f"validation.{err.get('type', 'invalid')}",
                   template.format(label=columns.label(kind, name), msg=err.get("msg", "")))


def _domain_errors(row: Row, exc: DomainError, default_field: str) -> None:
    for err in exc.errors or [{"field": default_field, "code": exc.code, "message": exc.detail}]:
        row.reject(err.get("field") or default_field, err.get("code") or exc.code, err.get("message") or exc.detail)


_ENUM_FIELDS = ("sex", "birth_precision")


# Each member to its plain string, by a lookup: `.value` is a descriptor written in Python.
_PLAIN = {member: member.value for enum in (Sex, BirthPrecision) for member in enum}


def _plain(values: dict[str, Any]) -> dict[str, Any]:
    for key in _ENUM_FIELDS:
        value = values.get(key)
        if value is not None and type(value) is not str:
            values[key] = _PLAIN[value]
    return values


@dataclass(slots=True)
class _CitizenPlan:
    action: str                       # new, changed, unchanged
    citizen_id: uuid.UUID
    version: int | None
    values: dict[str, Any]            # every citizen column, as it will be
    changes: dict[str, tuple[Any, Any]]
    bank: dict[str, Any] | None = None  # a new primary account, and the one it replaces


def _plan_citizen(row: Row, run: _Run, current: dict[str, Any] | None,
                  account: dict[str, Any] | None) -> _CitizenPlan | None:
    """What the row does to the person (None: rejected, with the reasons on the row)."""
    village_id = _refs(row, run)
    if row.errors:
        return None
    given = dict(row.citizen)
    if row.village is not None:
        given["village_id"] = village_id
    if current is None:
        if "sex" not in given and row.derived_sex:
            given["sex"] = row.derived_sex
        try:
            data = CitizenCreate(national_id=row.national_id or "", **given)
            birth = _checked_birth(run, data.birth_date, data.birth_precision)
        except ValidationError as exc:
            _validation_errors(row, run.kind, exc)
            return None
        except DomainError as exc:
            _domain_errors(row, exc, "birth_date")
            return None
        fields = data.__dict__
        values = _plain({f: fields[f] for f in CITIZEN_FIELDS})
        values["birth_date"] = birth
        values["name_key"] = _name_key(data.first_name, data.last_name, data.first_name_en, data.last_name_en)
        plan = _CitizenPlan(NEW, new_id(), None, values, {})
    else:
        try:
            data_u = CitizenUpdate(**given)
            fields = data_u.__dict__  # as model_dump(exclude_unset=True) gives them: flat values, no copy needed
            changes = _plain({k: fields[k] for k in data_u.model_fields_set})
            _keep_more_precise_birth(changes, current)
            if "birth_date" in changes:
                precision = changes.get("birth_precision") or current["birth_precision"]
                changes["birth_date"] = _checked_birth(run, changes["birth_date"], BirthPrecision(precision))
        except ValidationError as exc:
            _validation_errors(row, run.kind, exc)
            return None
        except DomainError as exc:
            _domain_errors(row, exc, "birth_date")
            return None
        values = {f: current[f] for f in CITIZEN_FIELDS}
        diff = {k: (current[k], v) for k, v in changes.items() if current[k] != v}
        values.update(changes)
        values["name_key"] = _name_key(values["first_name"], values["last_name"], values["first_name_en"],
                                       values["last_name_en"])
        plan = _CitizenPlan(CHANGED if diff else UNCHANGED, current["id"], current["version"], values, diff)
    if row.bank is not None:
        bank = dict(row.bank)
        if not bank.get("account_name"):
            bank["account_name"] = f"{plan.values['title']}{plan.values['first_name']} {plan.values['last_name']}"
        same = account is not None and (account["bank_code"], account["account_no"]) == (bank["bank_code"],
                                                                                        bank["account_no"])
        if not same and current is not None and current["death_date"] is not None:
            row.reject("account_no", "citizens.deceased", "บุคคลนี้เสียชีวิตแล้ว ไม่สามารถเพิ่มบัญชีรับเงินได้")
            return None
        if not same:
            bank["id"] = new_id()
            bank["replaces"] = account
            plan.bank = bank
            if current is not None:  # a new person's account is part of the new row
                plan.changes["bank_account"] = (_account_text(account), _account_text(bank))
    return plan


_PRECISION_RANK = {"year": 0, "month": 1, "day": 2}


def _keep_more_precise_birth(changes: dict[str, Any], current: dict[str, Any]) -> None:
    """A year-only birth date in a file (as the national allowance database often has) does
    not overwrite the full date the register holds for the same year: it says nothing new."""
    given, held = changes.get("birth_date"), current["birth_date"]
    if given is None or held is None:
        return
    precision = changes.get("birth_precision") or "day"
    if _PRECISION_RANK[precision] >= _PRECISION_RANK[current["birth_precision"]]:
        return
    same_year = given.year == held.year
    if same_year and (precision == "year" or given.month == held.month):
        changes.pop("birth_date")
        changes.pop("birth_precision", None)


@dataclass
class _Names:
    first_name: str
    last_name: str
    first_name_en: str | None
    last_name_en: str | None


@lru_cache(maxsize=65536)
def _name_key(first_name: str, last_name: str, first_name_en: str | None, last_name_en: str | None) -> str:
    """The register's own key (`citizen_name_key`), worked out once per distinct name: first
    and last names repeat across a municipality's list, and the key is a Unicode walk."""
    return citizen_name_key(_Names(first_name, last_name, first_name_en, last_name_en))  # type: ignore[arg-type]


def _checked_birth(run: _Run, birth_date: date | None, precision: Any) -> date | None:
    """The register's own check of a birth date (`citizens.service._birth`), made once per
    distinct date and precision in a run: a large file repeats its dates many times over. It
    depends on today's date, so what it found is kept with the run, not beyond it."""
    key = (birth_date, precision)
    found = run.births.get(key, _UNSEEN)
    if found is _UNSEEN:
        found = run.births[key] = checked_birth(birth_date, precision)  # raises for a bad one, kept for none
    return found  # type: ignore[return-value]


_UNSEEN = object()


def _account_text(account: dict[str, Any] | None) -> str | None:
    return f"{account['bank_code']} {account['account_no']}" if account else None


def _staged(run: _Run, row: Row, action: str, plan: _CitizenPlan | None, *, citizen_action: str | None,
            extra: dict[str, Any] | None = None, citizen_id: uuid.UUID | None = None) -> dict[str, Any]:
    out: dict[str, Any] = dict.fromkeys(_STAGED_COLUMNS)
    out.update(job_id=run.id, line=row.line, organisation_id=run.organisation_id, action=action,
               citizen_action=citizen_action, national_id=row.national_id, citizen_id=citizen_id, extra=extra)
    if plan is None:
        return out
    if plan.action != UNCHANGED:  # the merge writes the person's columns only when they change
        out.update(plan.values)
    out["citizen_id"] = plan.citizen_id
    out["citizen_version"] = plan.version
    if plan.bank is not None:
        bank = plan.bank
        replaced = bank.get("replaces")
        out.update(bank_account_id=bank["id"], bank_code=bank["bank_code"], branch=bank.get("branch"),
                   account_no=bank["account_no"], account_name=bank["account_name"],
                   demote_account_id=replaced["id"] if replaced else None,
                   demote_account_version=replaced["version"] if replaced else None)
    if plan.changes:
        out["audit_id"] = new_id()
        out["before"] = {k: to_json(v[0]) for k, v in plan.changes.items()}
        out["after"] = {k: to_json(v[1]) for k, v in plan.changes.items()}
    return out


def _report(run: _Run, row: Row, status: str, changes: dict[str, tuple[Any, Any]] | None = None) -> dict[str, Any]:
    return {"id": new_id(), "organisation_id": run.organisation_id, "job_id": run.id, "line": row.line,
            "status": status, "national_id": (row.national_id or row.raw_id or "")[:40] or None,
            "name": (row.name or "")[:300] or None,
            "errors": row.errors or None,
            "changes": {k: {"before": to_json(b), "after": to_json(a)} for k, (b, a) in changes.items()}
            if changes else None}


async def _write(session: AsyncSession, staged: list[dict[str, Any]], report: list[dict[str, Any]]) -> None:
    if staged:
        if session.bind.dialect.name == "postgresql":
            await _copy_staged(session, staged)
        else:
            await session.execute(insert(StagedRow.__table__), staged)
    if report:
        await session.execute(insert(ImportRow.__table__), report)


async def _copy_staged(session: AsyncSession, staged: list[dict[str, Any]]) -> None:
    import json

    conn = await session.connection()
    raw = await conn.get_raw_connection()
    records = list(map(_STAGED_VALUES, staged))
    for i, record in enumerate(records):
        # Only changed and other kinds' rows carry a document: the rest are copied as they are.
        if record[_JSON_AT[0]] is not None or record[_JSON_AT[1]] is not None or record[_JSON_AT[2]] is not None:
            values = list(record)
            for at in _JSON_AT:
                if values[at] is not None:
                    values[at] = json.dumps(values[at], ensure_ascii=False)
            records[i] = tuple(values)
    await raw.driver_connection.copy_records_to_table(StagedRow.__tablename__, records=records,
                                                      columns=list(_STAGED_COLUMNS))


def _classify(run: _Run, row: Row, plan: _CitizenPlan | None) -> str:
    if row.errors or plan is None:
        return REJECTED
    if plan.action == UNCHANGED and plan.changes:
        return CHANGED  # the account changed, the person did not
    return plan.action


async def _check_citizens(session: AsyncSession, actor: Actor, run: _Run, cmap: ColumnMap,
                          chunk: list[Row]) -> Callable[[], _Planned]:
    ids = {r.national_id for r in chunk if r.national_id}
    earlier = await _earlier_rows(session, run, ids)
    existing = await _existing_citizens(session, ids)
    accounts = await _primary_accounts(session, [c["id"] for c in existing.values()])

    def classify() -> _Planned:  # no database: run in a worker thread
        seen: dict[str, int] = {}
        staged: list[dict[str, Any]] = []
        report: list[dict[str, Any]] = []
        for row in chunk:
            nid = row.national_id
            if nid is not None:
                first = earlier[nid][0].line if nid in earlier else seen.get(nid)
                if first is not None:
                    _duplicate(row, first)
                else:
                    seen[nid] = row.line
            plan = None
            if not row.errors:
                current = existing.get(nid) if nid else None
                plan = _plan_citizen(row, run, current, accounts.get(current["id"]) if current else None)
            status = _classify(run, row, plan)
            run.counts[status] += 1
            if nid is not None:
                accepted = status != REJECTED
                staged.append(_staged(run, row, status, plan if accepted else None,
                                      citizen_action=plan.action if accepted and plan is not None else None))
            if status == REJECTED:
                report.append(_report(run, row, status))
            elif status == CHANGED:
                report.append(_report(run, row, status, plan.changes if plan else None))
        return staged, report

    return classify


# --- the merge ---------------------------------------------------------------------------------------------------


async def _commit(sessionmaker: SessionFactory, actor: Actor, run: _Run, on_progress: Progress | None) -> None:
    """Check the file and merge its accepted rows in one transaction, held by its own session
    from the first chunk to the end: nothing is visible to anyone until it commits, and a
    failure anywhere rolls all of it back.

    On PostgreSQL each chunk is merged as soon as it is staged: while the server inserts it
    into the indexed register, worker threads classify the next chunk and parse the one
    after, so the two costs overlap instead of adding up. SQLite has one writer at a time
    (the check's short transactions write the staging rows and the progress), so there the
    citizens are merged once the whole file is checked.
    """
    async with sessionmaker() as session:
        bind_actor(session, actor)

        async def merge_chunk(first: int, last: int) -> None:
            await _merge_citizens(session, actor, run, (first, last))

        try:
            with audit.action(session, f"import.{run.kind.value}"):
                if session.bind.dialect.name == "postgresql":
                    await _check(sessionmaker, actor, run, on_progress, merge_chunk)
                else:
                    await _check(sessionmaker, actor, run, on_progress)
                    await _merge_citizens(session, actor, run)
                await _after_citizens(session, run)
                merge_more = _MERGES.get(run.kind)
                if merge_more is not None:
                    await merge_more(session, actor, run)
        except IntegrityError:
            await session.rollback()
            raise Conflict("Someone registered one of these people while the import ran; nothing was written. "
                           "Run the commit again", code="imports.changed_meanwhile") from None
        except DomainError:
            await session.rollback()
            raise
        now = utcnow()
        await session.execute(update(ImportJob).where(ImportJob.id == run.id).values(
            status=JobStatus.committed.value, finished_at=now, committed_at=now, rows_done=run.rows_total,
            **_count_values(run)))
        await audit.record(session, action="import.commit", entity="import_jobs", entity_id=run.id,
                           organisation_id=run.organisation_id, after={"kind": run.kind.value, **dict(run.counts)})
        await session.commit()


def _changed_meanwhile(expected: int, got: int) -> Conflict:
    return Conflict(f"{expected - got} of the people this import changes were changed by someone else while it "
                    "ran; nothing was written. Run the commit again", code="imports.changed_meanwhile",
                    expected=expected, changed=got)


async def _merge_citizens(session: AsyncSession, actor: Actor, run: _Run,
                          lines: tuple[int, int] | None = None) -> None:
    """Merge the staged rows (those of `lines`, first to last, or all) into the register."""
    s = StagedRow.__table__
    c = Citizen.__table__
    b = BankAccount.__table__
    now = literal(utcnow(), UTCDateTime())
    mine = s.c.job_id == run.id
    if lines is not None:
        mine = and_(mine, s.c.line.between(*lines))
    accepted = s.c.action != RowStatus.rejected.value
    # What there is to do, in one round trip: a chunk of new people has no updates, a chunk
    # read a second time nothing at all, and each statement saved is a wait saved.
    expected, new, demote, accounts, audited = (await session.execute(select(
        func.count().filter(s.c.citizen_action == RowStatus.changed.value),
        func.count().filter(s.c.citizen_action == RowStatus.new.value),
        func.count().filter(s.c.demote_account_id.is_not(None)),
        func.count().filter(and_(s.c.bank_account_id.is_not(None), accepted)),
        func.count().filter(and_(s.c.audit_id.is_not(None), accepted))).where(mine))).one()
    if expected:
        result = await session.execute(
            update(c).where(mine, s.c.citizen_action == RowStatus.changed.value, c.c.id == s.c.citizen_id,
                            c.c.version == s.c.citizen_version)
            .values(**{f: s.c[f] for f in (*CITIZEN_FIELDS, "name_key")}, version=c.c.version + 1, updated_at=now))
        if result.rowcount != expected:
            raise _changed_meanwhile(expected, result.rowcount)
    new_columns = ["id", "organisation_id", "national_id", *CITIZEN_FIELDS, "name_key", "version", "created_at",
                   "updated_at"]
    if new:
        await session.execute(insert(c).from_select(new_columns, select(
            s.c.citizen_id, s.c.organisation_id, s.c.national_id, *(s.c[f] for f in CITIZEN_FIELDS), s.c.name_key,
            literal(1), now, now).where(mine, s.c.citizen_action == RowStatus.new.value)))
    if demote:
        result = await session.execute(
            update(b).where(mine, b.c.id == s.c.demote_account_id, b.c.version == s.c.demote_account_version)
            .values(is_primary=False, version=b.c.version + 1, updated_at=now))
        if result.rowcount != demote:
            raise _changed_meanwhile(demote, result.rowcount)
    if accounts:
        await session.execute(insert(b).from_select(
            ["id", "organisation_id", "citizen_id", "kind", "bank_code", "branch", "account_no", "account_name",
             "is_primary", "valid_from", "version", "created_at", "updated_at"],
            select(s.c.bank_account_id, s.c.organisation_id, s.c.citizen_id, literal("bank"), s.c.bank_code,
                   s.c.branch, s.c.account_no, s.c.account_name, literal(True), literal(run.today), literal(1), now,
                   now)
            .where(mine, s.c.bank_account_id.is_not(None), accepted)))
    if audited:
        await _audit_changes(session, actor, run, mine)


async def _after_citizens(session: AsyncSession, run: _Run) -> None:
    if session.bind.dialect.name == "postgresql" and run.counts[NEW] >= CHUNK_ROWS:
        # Fresh statistics after a bulk load, so the next import's lookups are planned for
        # the table as it now is: the row counts, and the columns those lookups match on
        # (a third of a whole-table ANALYZE; autovacuum brings the other columns' up to date).
        await session.execute(text("ANALYZE citizens (organisation_id, national_id), "
                                   "citizen_bank_accounts (citizen_id, is_primary, kind, ended_on)"))


async def _audit_changes(session: AsyncSession, actor: Actor, run: _Run, mine: Any) -> None:
    """One entry per changed row with its before and after, as the ORM hook writes them."""
    s = StagedRow.__table__
    last = 0
    while True:
        batch = (await session.execute(
            select(s.c.line, s.c.audit_id, s.c.citizen_id, s.c.before, s.c.after)
            .where(mine, s.c.audit_id.is_not(None), s.c.action != RowStatus.rejected.value, s.c.line > last)
            .order_by(s.c.line).limit(CHUNK_ROWS))).all()
        if not batch:
            return
        at = utcnow()
        request_id = correlation_id.get()
        await session.execute(insert(AuditEntry.__table__), [
            {"id": r.audit_id, "at": at, "organisation_id": run.organisation_id, "actor_kind": actor.kind,
             "actor_id": actor.id, "actor_name": actor.name, "action": f"import.{run.kind.value}.update",
             "entity": Citizen.__tablename__, "entity_id": str(r.citizen_id), "before": r.before, "after": r.after,
             "request_id": request_id}
            for r in batch])
        last = batch[-1].line


# --- allowance beneficiaries ------------------------------------------------------------------------------------

# What a row may say about a registration, compared with what the register holds.
REGISTRATION_FIELDS = ("start_month", "received_on", "request_no", "payment_method", "disability_card_no",
                       "disability_card_expires_on", "annual_income", "note")
# Consent to collect health data (PDPA s.26), taken with a new HIV/AIDS registration.
CONSENT_FIELDS = ("consented_on", "consent_guardian_name")
_DATE_FIELDS = frozenset({"start_month", "received_on", "disability_card_expires_on", "paid_through", "joined_on",
                          "consented_on"})


def _from_json(values: dict[str, Any]) -> dict[str, Any]:
    from decimal import Decimal

    out = dict(values)
    for key, value in values.items():
        if value is None:
            continue
        if key in _DATE_FIELDS:
            out[key] = date.fromisoformat(value)
        elif key == "annual_income":
            out[key] = Decimal(value)
    return out


def _month_before(day: date) -> date:
    return date(day.year - 1, 12, 1) if day.month == 1 else date(day.year, day.month - 1, 1)


async def _open_registrations(session: AsyncSession, citizen_ids: list[uuid.UUID]) -> dict[tuple[uuid.UUID, str],
                                                                                          dict[str, Any]]:
    from chumchon.allowances.models import OPEN_STATES, Registration

    if not citizen_ids:
        return {}
    cols = [Registration.id, Registration.version, Registration.citizen_id, Registration.programme,
            Registration.state, *(getattr(Registration, f) for f in REGISTRATION_FIELDS)]
    result = await session.execute(select(*cols).where(_among(session, Registration.citizen_id, citizen_ids),
                                                       Registration.state.in_(OPEN_STATES)))
    return {(r.citizen_id, r.programme): dict(r._mapping) for r in result.all()}


_STATE_TH = {"active": "รับเงิน", "suspended": "ระงับ", "documents_received": "รับเอกสาร", "recorded": "บันทึกคำขอ",
             "verified": "ตรวจสอบแล้ว", "approved": "อนุมัติ"}


def _plan_registration(row: Row, actor: Actor, current: dict[str, Any] | None,
                       citizen: dict[str, Any] | None) -> tuple[str, dict[str, Any], dict[str, tuple[Any, Any]]] | None:
    """What the row does to the person's registration in its programme (None: rejected)."""
    from chumchon.allowances.programmes import ProgrammeCode
    from chumchon.allowances.schemas import RegistrationCreate
    from chumchon.allowances.service import can_see

    extra = row.extra
    code = extra["programme"]
    if not can_see(actor, code):
        row.reject("programme", "imports.sensitive_programme",
                   "นำเข้าผู้รับเบี้ยยังชีพผู้ป่วยเอดส์ได้เฉพาะผู้มีสิทธิอ่านข้อมูลสุขภาพ")
        return None
    if citizen is not None and citizen.get("death_date") is not None:
        row.reject("national_id", "citizens.deceased", "บุคคลนี้เสียชีวิตแล้วตามทะเบียน")
        return None
    given = {k: extra[k] for k in REGISTRATION_FIELDS if k in extra}
    try:
        RegistrationCreate(citizen_id=uuid.UUID(int=0), programme=ProgrammeCode(code),
                           **{k: v for k, v in given.items() if k not in ("start_month", "annual_income")})
    except ValidationError as exc:
        _validation_errors(row, ImportKind.beneficiaries, exc)
        return None
    state = extra["state"]
    if current is None:
        values = {"programme": code, "state": state, "start_month": extra["start_month"],
                  "received_on": given.get("received_on") or _month_before(extra["start_month"]),
                  **{k: v for k, v in given.items() if k not in ("start_month", "received_on")}}
        if values["received_on"] > register_today():
            row.reject("received_on", "allowance.date_in_future", "วันที่รับเอกสารอยู่ในอนาคต")
            return None
        if code in _sensitive_programmes():
            # The same rule as the intake screen: no health data without the person's consent.
            consented_on = extra.get("consented_on")
            if consented_on is None:
                row.reject("consented_on", "allowance.consent_missing",
                           "ผู้รับเบี้ยผู้ป่วยเอดส์รายใหม่ต้องมีวันที่ให้ความยินยอมเก็บข้อมูลสุขภาพ (PDPA มาตรา 26)")
                return None
            if consented_on > register_today():
                row.reject("consented_on", "allowance.consent_in_future", "วันที่ให้ความยินยอมอยู่ในอนาคต")
                return None
            values.update({k: extra[k] for k in CONSENT_FIELDS if k in extra})
        return NEW, values, {}
    if current["state"] != state:
        row.reject("status", "imports.registration_state_differs",
                   f"สถานะในไฟล์ ({_STATE_TH.get(state, state)}) ต่างจากในทะเบียน "
                   f"({_STATE_TH.get(current['state'], current['state'])}): เปลี่ยนสถานะผ่านขั้นตอนของทะเบียนเบี้ยยังชีพ")
        return None
    diff = {k: (current[k], v) for k, v in given.items() if current[k] != v}
    return (CHANGED if diff else UNCHANGED), {k: v for k, (_, v) in diff.items()}, diff


async def _check_beneficiaries(session: AsyncSession, actor: Actor, run: _Run, cmap: ColumnMap,
                               chunk: list[Row]) -> Callable[[], _Planned]:
    ids = {r.national_id for r in chunk if r.national_id}
    earlier = await _earlier_rows(session, run, ids)
    existing = await _existing_citizens(session, ids)
    accounts = await _primary_accounts(session, [c["id"] for c in existing.values()])
    registrations = await _open_registrations(session, [c["id"] for c in existing.values()])

    def classify() -> _Planned:  # no database: run in a worker thread
        here: dict[str, list[_Earlier]] = {}
        staged: list[dict[str, Any]] = []
        report: list[dict[str, Any]] = []
        if any(r.extra.get("programme") in _sensitive_programmes() for r in chunk):
            run.options["sensitive"] = True
        for row in chunk:
            nid = row.national_id
            before = [*earlier.get(nid, []), *here.get(nid, [])] if nid else []
            programme = row.extra.get("programme")
            same = next((e for e in before if (e.extra or {}).get("programme") == programme), None)
            if same is not None:
                row.reject("programme", "imports.duplicate_in_file",
                           f"บุคคลนี้มีรายการประเภทเบี้ยเดียวกันแล้วที่แถวที่ {same.line} ในไฟล์นี้")
            # A person on two programmes has two rows: the first one says who they are.
            linked = next((e for e in before if e.citizen_id is not None), None)
            current = existing.get(nid) if nid else None
            plan: _CitizenPlan | None = None
            reg: tuple[str, dict[str, Any], dict[str, tuple[Any, Any]]] | None = None
            citizen_id: uuid.UUID | None = None
            if not row.errors:
                if linked is not None:
                    citizen_id = linked.citizen_id
                    _refs(row, run)
                else:
                    plan = _plan_citizen(row, run, current, accounts.get(current["id"]) if current else None)
                    citizen_id = plan.citizen_id if plan else None
            if not row.errors:
                reg = _plan_registration(row, actor, registrations.get((current["id"], programme)) if current else None,
                                         current)
            if row.errors or reg is None or citizen_id is None:
                status = REJECTED
            else:
                actions = {reg[0], _classify(run, row, plan) if plan else UNCHANGED}
                status = NEW if NEW in actions else CHANGED if CHANGED in actions else UNCHANGED
            run.counts[status] += 1
            changes = {**(plan.changes if plan else {}), **(reg[2] if reg else {})}
            extra: dict[str, Any] = {"programme": programme}
            if status != REJECTED and reg is not None:
                current_reg = registrations.get((current["id"], programme)) if current else None
                extra.update(reg_action=reg[0], values=to_json(reg[1]),
                             registration_id=str(current_reg["id"]) if current_reg else None,
                             registration_version=current_reg["version"] if current_reg else None,
                             paid_through=to_json(row.extra.get("paid_through") or _month_before(run.today)))
            if nid is not None:
                accepted = status != REJECTED
                entry = _staged(run, row, status, plan if accepted else None,
                                citizen_action=plan.action if accepted and plan is not None else None,
                                extra=extra, citizen_id=citizen_id if accepted else None)
                if plan is not None and plan.changes and accepted:
                    entry.update(audit_id=new_id(), before={k: to_json(v[0]) for k, v in plan.changes.items()},
                                 after={k: to_json(v[1]) for k, v in plan.changes.items()})
                staged.append(entry)
                here.setdefault(nid, []).append(_Earlier(row.line, entry["citizen_id"], extra))
            if status == REJECTED:
                report.append(_report(run, row, status))
            elif status == CHANGED:
                report.append(_report(run, row, status, changes))
        return staged, report

    return classify


def _sensitive_programmes() -> frozenset[str]:
    from chumchon.allowances.programmes import SENSITIVE

    return SENSITIVE


async def _staged_extras(session: AsyncSession, run: _Run) -> Any:
    """Accepted staged rows with their `extra`, in file order, a page at a time."""
    s = StagedRow.__table__
    last = 0
    while True:
        batch = (await session.execute(
            select(s.c.line, s.c.citizen_id, s.c.extra)
            .where(s.c.job_id == run.id, s.c.action != REJECTED, s.c.line > last)
            .order_by(s.c.line).limit(CHUNK_ROWS))).all()
        if not batch:
            return
        yield batch
        last = batch[-1].line


async def _merge_beneficiaries(session: AsyncSession, actor: Actor, run: _Run) -> None:
    """Registrations through the ORM, so each is audited with its values like one made in the
    app. A registration taken over from the previous system starts paid: the months it paid
    (start month to `paid_through`) are recorded as not payable here, or the first payroll
    would pay them again as back pay."""
    from chumchon.allowances.models import Registration, Suspension
    from chumchon.allowances.programmes import add_months
    from chumchon.core.concurrency import check_version
    from chumchon.core.thai import fiscal_year_of

    async for batch in _staged_extras(session, run):
        created: list[Registration] = []
        for line, citizen_id, extra in batch:
            action = (extra or {}).get("reg_action")
            if action not in (NEW, CHANGED):
                continue
            values = _from_json(extra["values"])
            if action == CHANGED:
                reg = (await session.execute(select(Registration).where(
                    Registration.id == uuid.UUID(extra["registration_id"])))).scalar_one_or_none()
                if reg is None:
                    raise _changed_meanwhile(1, 0)
                try:
                    check_version(reg, extra["registration_version"])
                except Conflict:
                    raise _changed_meanwhile(1, 0) from None
                for key, value in values.items():
                    setattr(reg, key, value)
                continue
            start = values["start_month"]
            consent = {k: values.pop(k) for k in CONSENT_FIELDS if k in values}
            reg = Registration(id=new_id(), citizen_id=citizen_id, kind="registration",
                               fiscal_year=fiscal_year_of(start), **values)
            if consent:
                reg.consented_on = consent["consented_on"]
                reg.consent_guardian_name = consent.get("consent_guardian_name")
                reg.consent_by = "guardian" if reg.consent_guardian_name else "self"
                # Whoever imports the list vouches for the signed forms it stands for.
                reg.consent_officer_id, reg.consent_officer_name = actor.id, actor.name
            session.add(reg)
            created.append(reg)
            paid_through = date.fromisoformat(extra["paid_through"])
            if paid_through >= start:
                session.add(Suspension(registration_id=reg.id, from_month=start, until_month=paid_through,
                                       reason="other", note="จ่ายแล้วโดยระบบเดิมก่อนนำเข้า (นำเข้าจากไฟล์)"))
            if values["state"] == "suspended":
                session.add(Suspension(registration_id=reg.id, from_month=max(start, add_months(paid_through, 1)),
                                       until_month=None, reason="other", note="ระงับการจ่ายตามไฟล์นำเข้า"))
        await session.flush()


# --- group members -----------------------------------------------------------------------------------------------


async def _group_context(session: AsyncSession, actor: Actor, run: _Run) -> Any:
    from chumchon.groups import service as groups
    from chumchon.groups.models import GroupMember, GroupState

    group = await groups.get_group(session, actor, uuid.UUID(run.options["group_id"]))
    groups.require_stage(group, GroupState.membership_opened)
    members = (await session.execute(select(GroupMember.id, GroupMember.version, GroupMember.citizen_id,
                                            GroupMember.full_name, GroupMember.joined_on)
                                     .where(GroupMember.group_id == group.id, GroupMember.left_on.is_(None)))).all()
    return group, members


async def _check_group_members(session: AsyncSession, actor: Actor, run: _Run, cmap: ColumnMap,
                               chunk: list[Row]) -> Callable[[], _Planned]:
    _, members = await _group_context(session, actor, run)
    by_citizen = {m.citizen_id: m for m in members if m.citizen_id is not None}
    by_name = {m.full_name: m for m in members if m.citizen_id is None}
    ids = {r.national_id for r in chunk if r.national_id}
    earlier = await _earlier_rows(session, run, ids)
    existing = await _existing_citizens(session, ids)
    seen: dict[str, int] = run.options.setdefault("_names_seen", {})

    def classify() -> _Planned:  # no database: run in a worker thread
        staged: list[dict[str, Any]] = []
        report: list[dict[str, Any]] = []
        here: dict[str, int] = {}
        for row in chunk:
            nid = row.national_id
            if nid is not None:
                first = earlier[nid][0].line if nid in earlier else here.get(nid)
                if first is not None:
                    _duplicate(row, first)
                else:
                    here[nid] = row.line
            citizen = existing.get(nid) if nid else None
            if nid is not None and citizen is None and not row.errors:
                row.reject("national_id", "citizens.not_found",
                           "ไม่พบเลขประจำตัวประชาชนนี้ในทะเบียน: นำเข้าทะเบียนประชาชนก่อน หรือเว้นว่างไว้")
            name = (f"{citizen['title']}{citizen['first_name']} {citizen['last_name']}" if citizen else row.name) or ""
            if citizen is None and not row.errors:
                if name in seen:
                    row.reject("full_name", "imports.duplicate_in_file", f"ชื่อนี้ซ้ำกับแถวที่ {seen[name]} ในไฟล์นี้")
                else:
                    seen[name] = row.line
            member = (by_citizen.get(citizen["id"]) if citizen else by_name.get(name)) if not row.errors else None
            changes: dict[str, tuple[Any, Any]] = {}
            if row.errors:
                status = REJECTED
            elif member is None:
                status = NEW
            else:
                joined = row.extra["joined_on"]
                if member.joined_on != joined:
                    changes["joined_on"] = (member.joined_on, joined)
                status = CHANGED if changes else UNCHANGED
            run.counts[status] += 1
            extra = None
            if status in (NEW, CHANGED):
                extra = {"member_action": status, "member_id": str(member.id) if member else None,
                         "version": member.version if member else None, "full_name": name[:200],
                         "citizen_id": str(citizen["id"]) if citizen else None,
                         "joined_on": to_json(row.extra["joined_on"])}
            staged.append({**dict.fromkeys(_STAGED_COLUMNS), "job_id": run.id, "line": row.line,
                           "organisation_id": run.organisation_id, "action": status, "national_id": nid,
                           "citizen_id": citizen["id"] if citizen else None, "extra": extra})
            if status == REJECTED:
                report.append(_report(run, row, status))
            elif status == CHANGED:
                report.append(_report(run, row, status, changes))
        return staged, report

    return classify


async def _merge_group_members(session: AsyncSession, actor: Actor, run: _Run) -> None:
    from chumchon.core.concurrency import check_version
    from chumchon.groups import service as groups
    from chumchon.groups.models import GroupMember
    from chumchon.groups.schemas import MemberCreate

    group, _ = await _group_context(session, actor, run)
    async for batch in _staged_extras(session, run):
        joining: list[MemberCreate] = []
        for _line, _citizen_id, extra in batch:
            if not extra:
                continue
            values = _from_json(extra)
            if extra["member_action"] == NEW:
                joining.append(MemberCreate(full_name=values["full_name"], joined_on=values["joined_on"],
                                            citizen_id=uuid.UUID(extra["citizen_id"]) if extra["citizen_id"]
                                            else None))
                continue
            member = (await session.execute(select(GroupMember).where(
                GroupMember.id == uuid.UUID(extra["member_id"])))).scalar_one_or_none()
            if member is None or member.left_on is not None:
                raise _changed_meanwhile(1, 0)
            try:
                check_version(member, extra["version"])
            except Conflict:
                raise _changed_meanwhile(1, 0) from None
            member.joined_on = values["joined_on"]
        if joining:
            await groups.add_members(session, group, joining)
        await session.flush()


_CHECKS: dict[ImportKind, Callable[..., Any]] = {
    ImportKind.citizens: _check_citizens,
    ImportKind.beneficiaries: _check_beneficiaries,
    ImportKind.group_members: _check_group_members,
}
_MERGES: dict[ImportKind, Callable[..., Any]] = {
    ImportKind.beneficiaries: _merge_beneficiaries,
    ImportKind.group_members: _merge_group_members,
}
