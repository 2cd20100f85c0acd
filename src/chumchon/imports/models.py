"""Bulk import: the job, its report rows, and the rows staged for the merge.

A job is one uploaded file of one kind (citizens, allowance beneficiaries, group members).
Its report keeps only what the officer must read row by row, the rejected rows and the
changed ones; new and unchanged rows are counted, not stored, so a report of a million
good rows costs nothing.

Staged rows are scratch: every row whose national ID could be read is written there while
the file is checked (that is how duplicates inside a file are found without holding the
file's IDs in memory), and a commit merges them into the register with a few set-based
statements. They are deleted when the job ends.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import BigInteger, Boolean, Date, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from chumchon.core.audit import JsonDoc
from chumchon.core.db import Base, IdMixin, TenantMixin, TimestampMixin


class ImportKind(StrEnum):
    citizens = "citizens"                  # ทะเบียนประชาชน (with addresses and bank accounts)
    beneficiaries = "beneficiaries"        # ผู้รับเบี้ยยังชีพ (citizen + programme, start month, status)
    group_members = "group_members"        # สมาชิกกลุ่ม (of one group)


class JobStatus(StrEnum):
    validating = "validating"    # dry run: every row checked, nothing written to the register
    validated = "validated"      # dry run done; the report is ready and the file may be committed
    committing = "committing"    # checked again against the register as it is now, then merged
    committed = "committed"      # the accepted rows are in
    failed = "failed"            # the file could not be read, or the merge was refused; nothing written


# An upload starts its run at once (validating, or committing when no dry run was asked for).
# A commit runs the file again from the start, since the register may have changed after the
# dry run, so it may start from a finished dry run or from a failure (say, a clash with a
# change someone made at the same moment); never twice at once, never after it succeeded.
COMMITTABLE = frozenset({JobStatus.validated, JobStatus.failed})
RUNNING = frozenset({JobStatus.validating, JobStatus.committing})
STATUS_LABELS_TH: dict[JobStatus, str] = {
    JobStatus.validating: "กำลังตรวจสอบ",
    JobStatus.validated: "ตรวจสอบแล้ว รอนำเข้า",
    JobStatus.committing: "กำลังนำเข้า",
    JobStatus.committed: "นำเข้าแล้ว",
    JobStatus.failed: "ไม่สำเร็จ",
}


class RowStatus(StrEnum):
    new = "new"
    changed = "changed"
    unchanged = "unchanged"
    rejected = "rejected"


class ImportJob(IdMixin, TimestampMixin, TenantMixin, Base):
    """One uploaded file and what became of it.

    No version column: only its runner writes to a job, and a run starts by moving the status
    with a compare-and-set (`UPDATE … WHERE status IN (…)`), so two clicks on "commit" cannot
    both run. Progress is written while the run goes on, by the runner alone.
    """

    __tablename__ = "import_jobs"
    __table_args__ = (Index("ix_import_jobs_organisation_id_created_at", "organisation_id", "created_at"),)

    kind: Mapped[str] = mapped_column(String(20))
    status: Mapped[str] = mapped_column(String(12), default=JobStatus.validating.value)
    dry_run: Mapped[bool] = mapped_column(Boolean, default=True)
    filename: Mapped[str] = mapped_column(String(255))
    file_format: Mapped[str] = mapped_column(String(8))
    encoding: Mapped[str | None] = mapped_column(String(20))
    # Relative to settings.files_dir: the stored upload, read again by the commit and the report.
    file_path: Mapped[str] = mapped_column(String(500))
    file_sha256: Mapped[str] = mapped_column(String(64))
    file_size: Mapped[int] = mapped_column(BigInteger)
    headers: Mapped[list[str]] = mapped_column(JsonDoc, default=list)
    # header → field, as resolved from the declared map and the upload's overrides.
    column_map: Mapped[dict[str, str]] = mapped_column(JsonDoc, default=dict)
    overrides: Mapped[dict[str, str]] = mapped_column(JsonDoc, default=dict)
    unknown_columns: Mapped[list[str]] = mapped_column(JsonDoc, default=list)
    options: Mapped[dict[str, Any]] = mapped_column(JsonDoc, default=dict)
    rows_total: Mapped[int | None] = mapped_column(Integer)
    rows_done: Mapped[int] = mapped_column(Integer, default=0)
    new_count: Mapped[int] = mapped_column(Integer, default=0)
    changed_count: Mapped[int] = mapped_column(Integer, default=0)
    unchanged_count: Mapped[int] = mapped_column(Integer, default=0)
    rejected_count: Mapped[int] = mapped_column(Integer, default=0)
    error_code: Mapped[str | None] = mapped_column(String(60))
    error_detail: Mapped[str | None] = mapped_column(Text)
    created_by_id: Mapped[str | None] = mapped_column(String(64))
    created_by_name: Mapped[str] = mapped_column(String(200))
    started_at: Mapped[datetime | None]
    finished_at: Mapped[datetime | None]
    committed_at: Mapped[datetime | None]


class ImportRow(IdMixin, TenantMixin, Base):
    """A row of the report: a rejected row with its reasons, or a changed one with its
    before and after. Line numbers are the file's (the header is line 1)."""

    __tablename__ = "import_rows"
    __audited__ = False  # a report, rewritten by every run of its job
    __table_args__ = (
        UniqueConstraint("job_id", "line"),
        Index("ix_import_rows_job_id_status_line", "job_id", "status", "line"),
    )

    job_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("import_jobs.id"))
    line: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(10))
    national_id: Mapped[str | None] = mapped_column(String(40))  # as typed, or normalised when valid
    name: Mapped[str | None] = mapped_column(String(300))
    errors: Mapped[list[dict[str, Any]] | None] = mapped_column(JsonDoc)
    changes: Mapped[dict[str, Any] | None] = mapped_column(JsonDoc)


class StagedRow(Base):
    """A checked row waiting for the merge (scratch; UNLOGGED on PostgreSQL).

    Typed columns mirror the citizen and their bank account, so that the merge is an
    INSERT … SELECT and an UPDATE … FROM; `extra` carries what another kind adds (the
    allowance registration, the group membership).
    """

    __tablename__ = "import_staged_rows"
    __audited__ = False
    __table_args__ = (Index("ix_import_staged_rows_job_id_national_id", "job_id", "national_id"),)

    job_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    line: Mapped[int] = mapped_column(Integer, primary_key=True)
    organisation_id: Mapped[uuid.UUID] = mapped_column()
    action: Mapped[str] = mapped_column(String(10))           # the row's: new, changed, unchanged, rejected
    citizen_action: Mapped[str | None] = mapped_column(String(10))  # the citizen part's, when it is written
    national_id: Mapped[str | None] = mapped_column(String(13))
    citizen_id: Mapped[uuid.UUID | None] = mapped_column()
    citizen_version: Mapped[int | None] = mapped_column(Integer)
    title: Mapped[str | None] = mapped_column(String(40))
    first_name: Mapped[str | None] = mapped_column(String(100))
    last_name: Mapped[str | None] = mapped_column(String(100))
    first_name_en: Mapped[str | None] = mapped_column(String(100))
    last_name_en: Mapped[str | None] = mapped_column(String(100))
    name_key: Mapped[str | None] = mapped_column(String(400))
    birth_date: Mapped[date | None] = mapped_column(Date)
    birth_precision: Mapped[str | None] = mapped_column(String(5))
    sex: Mapped[str | None] = mapped_column(String(10))
    nationality: Mapped[str | None] = mapped_column(String(3))
    village_id: Mapped[uuid.UUID | None] = mapped_column()
    house_number: Mapped[str | None] = mapped_column(String(20))
    house_registration_no: Mapped[str | None] = mapped_column(String(11))
    address_extra: Mapped[str | None] = mapped_column(String(200))
    phone: Mapped[str | None] = mapped_column(String(20))
    bank_account_id: Mapped[uuid.UUID | None] = mapped_column()   # set: a new primary account is added
    bank_code: Mapped[str | None] = mapped_column(String(3))
    branch: Mapped[str | None] = mapped_column(String(100))
    account_no: Mapped[str | None] = mapped_column(String(20))
    account_name: Mapped[str | None] = mapped_column(String(200))
    demote_account_id: Mapped[uuid.UUID | None] = mapped_column()  # the former primary account
    demote_account_version: Mapped[int | None] = mapped_column(Integer)
    audit_id: Mapped[uuid.UUID | None] = mapped_column()
    before: Mapped[dict[str, Any] | None] = mapped_column(JsonDoc)
    after: Mapped[dict[str, Any] | None] = mapped_column(JsonDoc)
    extra: Mapped[dict[str, Any] | None] = mapped_column(JsonDoc)
