"""HTTP for bulk imports (upload, progress, report, commit) and for exports of lists."""

from __future__ import annotations

import json
import uuid
from datetime import date
from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, BackgroundTasks, File, Form, Query, Request, UploadFile
from fastapi.responses import FileResponse
from starlette.background import BackgroundTask

from chumchon.auth.deps import CurrentActor, ScopedDb
from chumchon.auth.permissions import P
from chumchon.core.errors import Invalid, problem_responses
from chumchon.core.pagination import Page, PageQuery
from chumchon.imports import columns, exports, service
from chumchon.imports.models import ImportKind, JobStatus, RowStatus
from chumchon.imports.schemas import ColumnRead, ColumnsRead, ImportJobRead, ImportRowRead

router = APIRouter(prefix="/imports", tags=["imports"])
exports_router = APIRouter(prefix="/exports", tags=["exports"])

_XLSX = {"content": {exports.MEDIA_TYPES["xlsx"]: {}}, "description": "An XLSX file"}
_CSV = {"content": {"text/csv": {}}, "description": "A CSV file, UTF-8 with a byte-order mark"}


def _file(path: Path, media_type: str, filename: str) -> FileResponse:
    return FileResponse(path, media_type=media_type, filename=filename,
                        background=BackgroundTask(path.unlink, missing_ok=True))


def _files_dir(request: Request) -> Path:
    return Path(request.app.state.settings.files_dir)


def _overrides(raw: str | None) -> dict[str, str]:
    if not raw:
        return {}
    try:
        value = json.loads(raw)
    except json.JSONDecodeError:
        value = None
    if not isinstance(value, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in value.items()):
        raise Invalid("column_map must be a JSON object of header → field",
                      code="imports.column_map_invalid",
                      errors=[{"field": "column_map", "code": "imports.column_map_invalid",
                               "message": 'ใช้รูปแบบ {"ชื่อคอลัมน์ในไฟล์": "ชื่อช่องข้อมูล"}'}])
    return value


@router.get("/columns", response_model=ColumnsRead, summary="The columns an import reads",
            description="Each field with the header exports write and every other header read as it. An upload may "
                        "map other headers with `column_map`.",
            responses=problem_responses(401, 403))
async def declared_columns(actor: CurrentActor, kind: Annotated[ImportKind, Query()]) -> ColumnsRead:
    actor.require(P.imports_run)
    return ColumnsRead(
        kind=kind,
        columns=[ColumnRead(field=c.field, header_th=c.header_th, header_en=c.header_en, description=c.description,
                            headers=list(dict.fromkeys(c.headers)), example=c.example)
                 for c in columns.DECLARED[kind]],
        ignored_headers=list(columns.IGNORED_HEADERS),
    )


@router.post("", response_model=ImportJobRead, status_code=202, summary="Upload a file to import",
             description="XLSX (or XLS, ODS) or CSV in UTF-8, UTF-8 with BOM, UTF-16 or TIS-620 / Windows-874. "
                         "The header row is found among the first lines and matched to fields; a file without the "
                         "columns the kind needs is refused at once (422 `imports.missing_columns`). The check runs "
                         "in the background: follow `GET /imports/{job_id}` for progress. With `dry_run` (the "
                         "default) nothing is written until `POST /imports/{job_id}/commit`.",
             responses=problem_responses(401, 403, 404, 409, 422))
async def upload(
    request: Request,
    session: ScopedDb,
    actor: CurrentActor,
    background: BackgroundTasks,
    file: Annotated[UploadFile, File(description="The XLSX or CSV file")],
    kind: Annotated[ImportKind, Form(description="What the file lists")],
    dry_run: Annotated[bool, Form(description="Only check and report; commit later")] = True,
    column_map: Annotated[str | None, Form(description='JSON object mapping the file\'s headers to fields (see '
                                           'GET /imports/columns), or to "ignore": {"ชื่อผู้สูงอายุ": "full_name"}')]
    = None,
    group_id: Annotated[uuid.UUID | None, Form(description="The group whose members a group_members file lists")]
    = None,
) -> ImportJobRead:
    job = await service.create_job(
        session, actor, files_dir=_files_dir(request), kind=kind, filename=file.filename or "upload",
        stream=file.file, dry_run=dry_run, overrides=_overrides(column_map),
        options={"group_id": str(group_id)} if group_id else None)
    background.add_task(service.run_job, request.app.state.db.sessionmaker, actor, job.id, _files_dir(request))
    return ImportJobRead.of(job)


@router.get("", response_model=Page[ImportJobRead], summary="Import jobs, newest first",
            responses=problem_responses(401, 403, 422))
async def list_jobs(session: ScopedDb, actor: CurrentActor, page: PageQuery,
                    kind: Annotated[ImportKind | None, Query()] = None,
                    status: Annotated[JobStatus | None, Query()] = None) -> Page[ImportJobRead]:
    items, total = await service.list_jobs(session, actor, page, kind=kind, status=status)
    return Page(items=[ImportJobRead.of(j) for j in items], total=total, page=page.page, page_size=page.page_size)


@router.get("/{job_id}", response_model=ImportJobRead, summary="One import: status, progress and counts",
            responses=problem_responses(401, 403, 404))
async def get_job(session: ScopedDb, actor: CurrentActor, job_id: uuid.UUID) -> ImportJobRead:
    return ImportJobRead.of(await service.get_job(session, actor, job_id))


@router.get("/{job_id}/rejected", response_model=Page[ImportRowRead], summary="Rejected rows: line, field, reason",
            responses=problem_responses(401, 403, 404, 422))
async def rejected_rows(session: ScopedDb, actor: CurrentActor, job_id: uuid.UUID,
                        page: PageQuery) -> Page[ImportRowRead]:
    items, total = await service.report_rows(session, actor, job_id, RowStatus.rejected, page)
    return Page(items=[ImportRowRead.of(r, actor) for r in items], total=total, page=page.page,
                page_size=page.page_size)


@router.get("/{job_id}/changed", response_model=Page[ImportRowRead],
            summary="Rows that change the register, each with its before and after",
            responses=problem_responses(401, 403, 404, 422))
async def changed_rows(session: ScopedDb, actor: CurrentActor, job_id: uuid.UUID,
                       page: PageQuery) -> Page[ImportRowRead]:
    items, total = await service.report_rows(session, actor, job_id, RowStatus.changed, page)
    return Page(items=[ImportRowRead.of(r, actor) for r in items], total=total, page=page.page,
                page_size=page.page_size)


@router.get("/{job_id}/report.xlsx", response_class=FileResponse, summary="The report as XLSX",
            description="The uploaded rows as they were, with an error column (ข้อผิดพลาด) on each rejected row. "
                        "Correct those rows and upload the file again: the error column is read as nothing.",
            responses={200: _XLSX, **problem_responses(401, 403, 404)})
async def report(request: Request, session: ScopedDb, actor: CurrentActor, job_id: uuid.UUID,
                 rejected_only: Annotated[bool, Query(description="Only the rejected rows")] = False) -> FileResponse:
    job, path = await exports.report_xlsx(session, actor, job_id, _files_dir(request), rejected_only=rejected_only)
    return _file(path, exports.MEDIA_TYPES["xlsx"], f"import-report-{job.id}.xlsx")


@router.post("/{job_id}/commit", response_model=ImportJobRead, status_code=202,
             summary="Commit a checked file: all its accepted rows, or nothing",
             description="Runs the file again against the register as it is now, then merges every accepted row "
                         "in one transaction; rejected rows are left out. A second commit at the same time, or of a "
                         "committed job, is refused (409 `imports.not_committable`).",
             responses=problem_responses(401, 403, 404, 409))
async def commit(request: Request, session: ScopedDb, actor: CurrentActor, job_id: uuid.UUID,
                 background: BackgroundTasks) -> ImportJobRead:
    job = await service.claim_commit(session, actor, job_id)
    background.add_task(service.run_job, request.app.state.db.sessionmaker, actor, job.id, _files_dir(request))
    return ImportJobRead.of(job)


# --- exports ---------------------------------------------------------------------------------------------


async def _citizens(session: ScopedDb, actor: CurrentActor, fmt: str, village_id: uuid.UUID | None,
                    active_only: bool) -> FileResponse:
    path = await exports.export_citizens(session, actor, fmt, village_id=village_id, active_only=active_only)
    return _file(path, exports.MEDIA_TYPES[fmt], f"citizens-{date.today().isoformat()}.{fmt}")


_CITIZENS_DESCRIPTION = ("The register with the columns a citizens import reads, so that importing the file "
                         "changes nothing. Whole national IDs need `citizens:read_id` (masked otherwise).")
VillageFilter = Annotated[uuid.UUID | None, Query(description="หมู่ที่")]
ActiveOnly = Annotated[bool, Query(description="Only people alive and in the area")]


@exports_router.get("/citizens.xlsx", response_class=FileResponse, summary="The citizen register as XLSX",
                    description=_CITIZENS_DESCRIPTION, responses={200: _XLSX, **problem_responses(401, 403, 422)})
async def citizens_xlsx(session: ScopedDb, actor: CurrentActor, village_id: VillageFilter = None,
                        active_only: ActiveOnly = False) -> FileResponse:
    return await _citizens(session, actor, "xlsx", village_id, active_only)


@exports_router.get("/citizens.csv", response_class=FileResponse, summary="The citizen register as CSV",
                    description=_CITIZENS_DESCRIPTION, responses={200: _CSV, **problem_responses(401, 403, 422)})
async def citizens_csv(session: ScopedDb, actor: CurrentActor, village_id: VillageFilter = None,
                       active_only: ActiveOnly = False) -> FileResponse:
    return await _citizens(session, actor, "csv", village_id, active_only)


_BENEFICIARIES_DESCRIPTION = ("Everyone receiving an allowance (active or suspended), one row per programme, with the "
                              "columns a beneficiaries import reads. The HIV/AIDS programme is left out without "
                              "`sensitive:read`; with it, the export is logged as a read of health data.")
ProgrammeFilter = Annotated[str | None, Query(description="elderly, disability or hiv", pattern="^(elderly|"
                                              "disability|hiv)$")]


async def _beneficiaries(session: ScopedDb, actor: CurrentActor, fmt: str, programme: str | None) -> FileResponse:
    path = await exports.export_beneficiaries(session, actor, fmt, programme=programme)
    return _file(path, exports.MEDIA_TYPES[fmt], f"beneficiaries-{date.today().isoformat()}.{fmt}")


@exports_router.get("/beneficiaries.xlsx", response_class=FileResponse, summary="Allowance beneficiaries as XLSX",
                    description=_BENEFICIARIES_DESCRIPTION, responses={200: _XLSX, **problem_responses(401, 403, 422)})
async def beneficiaries_xlsx(session: ScopedDb, actor: CurrentActor,
                             programme: ProgrammeFilter = None) -> FileResponse:
    return await _beneficiaries(session, actor, "xlsx", programme)


@exports_router.get("/beneficiaries.csv", response_class=FileResponse, summary="Allowance beneficiaries as CSV",
                    description=_BENEFICIARIES_DESCRIPTION, responses={200: _CSV, **problem_responses(401, 403, 422)})
async def beneficiaries_csv(session: ScopedDb, actor: CurrentActor,
                            programme: ProgrammeFilter = None) -> FileResponse:
    return await _beneficiaries(session, actor, "csv", programme)


async def _members(session: ScopedDb, actor: CurrentActor, group_id: uuid.UUID, fmt: str) -> FileResponse:
    path = await exports.export_group_members(session, actor, group_id, fmt)
    return _file(path, exports.MEDIA_TYPES[fmt], f"group-members-{group_id}.{fmt}")


@exports_router.get("/groups/{group_id}/members.xlsx", response_class=FileResponse,
                    summary="A group's members as XLSX", description="The columns a group_members import reads.",
                    responses={200: _XLSX, **problem_responses(401, 403, 404)})
async def members_xlsx(session: ScopedDb, actor: CurrentActor, group_id: uuid.UUID) -> FileResponse:
    return await _members(session, actor, group_id, "xlsx")


@exports_router.get("/groups/{group_id}/members.csv", response_class=FileResponse,
                    summary="A group's members as CSV", description="The columns a group_members import reads.",
                    responses={200: _CSV, **problem_responses(401, 403, 404)})
async def members_csv(session: ScopedDb, actor: CurrentActor, group_id: uuid.UUID) -> FileResponse:
    return await _members(session, actor, group_id, "csv")
