"""The import contract: jobs with their progress and counts, report rows, declared columns."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from pydantic import BaseModel, Field

from chumchon.auth.permissions import P
from chumchon.core.context import Actor
from chumchon.core.thai import mask_national_id
from chumchon.imports.models import STATUS_LABELS_TH, ImportJob, ImportKind, ImportRow, JobStatus

KIND_LABELS_TH: dict[ImportKind, str] = {
    ImportKind.citizens: "ทะเบียนประชาชน",
    ImportKind.beneficiaries: "ผู้รับเบี้ยยังชีพ",
    ImportKind.group_members: "สมาชิกกลุ่ม",
}


class ImportCounts(BaseModel):
    new: int = Field(..., description="Rows that add a person (or a registration, a membership)")
    changed: int = Field(..., description="Rows that change what the register holds; each is listed with its "
                         "before and after at …/changed, and written to the audit log when committed")
    unchanged: int = Field(..., description="Rows the register holds already, as they are")
    rejected: int = Field(..., description="Rows that break a rule; listed with line, field and reason at "
                          "…/rejected, and never written")


class ImportJobRead(BaseModel):
    """An import job: its file, where the run stands, and what it found."""

    id: uuid.UUID
    kind: ImportKind
    kind_label_th: str
    status: JobStatus = Field(..., description="validating → validated (dry run) → committing → committed; "
                              "failed when the file cannot be read or the merge was refused (nothing written)")
    status_label_th: str
    dry_run: bool = Field(..., description="True while only checked; false once a commit was asked for")
    filename: str
    file_format: str = Field(..., examples=["xlsx", "csv"])
    encoding: str | None = Field(None, description="The CSV encoding found: utf-8, utf-8-sig (BOM), utf-16, or "
                                 "cp874 (TIS-620 / Windows-874)", examples=["cp874"])
    rows_total: int | None = Field(None, description="Lines of the file after the header")
    rows_done: int = Field(..., description="Lines checked so far")
    progress: float = Field(..., description="rows_done / rows_total, 0 to 1")
    counts: ImportCounts
    column_map: dict[str, str] = Field(..., description="Each header of the file and the field it was read as",
                                       examples=[{"เลขประจำตัวประชาชน": "national_id", "ชื่อ-สกุล": "full_name"}])
    unknown_columns: list[str] = Field(..., description="Headers no field was found for: their cells were not "
                                       "read. Map them with `column_map` on a new upload, or to 'ignore'")
    options: dict[str, Any]
    error_code: str | None = Field(None, description="Why the job failed", examples=["imports.changed_meanwhile"])
    error_detail: str | None = None
    created_by_name: str
    created_at: datetime
    started_at: datetime | None
    finished_at: datetime | None
    committed_at: datetime | None

    @classmethod
    def of(cls, job: ImportJob) -> ImportJobRead:
        status = JobStatus(job.status)
        kind = ImportKind(job.kind)
        total = job.rows_total or 0
        return cls(
            id=job.id, kind=kind, kind_label_th=KIND_LABELS_TH[kind], status=status,
            status_label_th=STATUS_LABELS_TH[status], dry_run=job.dry_run, filename=job.filename,
            file_format=job.file_format, encoding=job.encoding, rows_total=job.rows_total, rows_done=job.rows_done,
            progress=round(min(job.rows_done / total, 1.0), 4) if total else (1.0 if status != JobStatus.validating
                                                                             else 0.0),
            counts=ImportCounts(new=job.new_count, changed=job.changed_count, unchanged=job.unchanged_count,
                                rejected=job.rejected_count),
            column_map=job.column_map or {}, unknown_columns=job.unknown_columns or [],
            options={k: v for k, v in (job.options or {}).items() if k != "header_line"},
            error_code=job.error_code, error_detail=job.error_detail, created_by_name=job.created_by_name,
            created_at=job.created_at, started_at=job.started_at, finished_at=job.finished_at,
            committed_at=job.committed_at,
        )


class RowError(BaseModel):
    field: str = Field(..., description="The field (see GET /imports/columns) the reason is about",
                       examples=["national_id"])
    code: str = Field(..., description="Stable reason code", examples=["national_id.check_digit"])
    message: str = Field(..., description="The reason in Thai, for the officer",
                         examples=["เลขประจำตัวประชาชนไม่ถูกต้อง: หลักที่ 13 ควรเป็น 8"])


class FieldChange(BaseModel):
    before: Any = None
    after: Any = None


class ImportRowRead(BaseModel):
    """A line of the report. Line numbers are the file's: the header is line 1 in a plain file."""

    line: int = Field(..., examples=[7])
    status: str = Field(..., examples=["rejected"])
    national_id: str | None = Field(None, description="As typed; masked when valid and the caller may not read "
                                    "whole IDs")
    name: str | None = Field(None, examples=["นางสมหญิง ใจดี"])
    errors: list[RowError] = Field(default_factory=list)
    changes: dict[str, FieldChange] = Field(default_factory=dict, description="Field → before and after")

    @classmethod
    def of(cls, row: ImportRow, actor: Actor) -> ImportRowRead:
        nid = row.national_id
        if nid and len(nid) == 13 and nid.isdigit() and not actor.can(P.citizens_read_id):
            nid = mask_national_id(nid)
        return cls(line=row.line, status=row.status, national_id=nid, name=row.name,
                   errors=[RowError(**e) for e in row.errors or []],
                   changes={k: FieldChange(**v) for k, v in (row.changes or {}).items()})


class ColumnRead(BaseModel):
    field: str = Field(..., examples=["birth_date"])
    header_th: str = Field(..., description="The header exports write", examples=["วันเกิด"])
    header_en: str = Field(..., examples=["Birth date"])
    description: str
    headers: list[str] = Field(..., description="Every header read as this field (compared without case, spaces "
                               "or punctuation)")
    example: str | None = None


class ColumnsRead(BaseModel):
    kind: ImportKind
    columns: list[ColumnRead]
    ignored_headers: list[str] = Field(..., description="Headers read as nothing on purpose (running numbers, "
                                       "computed ages and amounts, the report's error column)")

