"""imports: bulk import jobs, their report rows, and the staging table of the merge

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-24 09:10:50.215288
"""

from collections.abc import Sequence

import sqlalchemy as sa
from sqlalchemy import Text  # noqa: F401  (autogenerate renders JSONB(astext_type=Text()))
from alembic import op
from sqlalchemy.dialects import postgresql
import chumchon.core.db

revision: str = '0010'
down_revision: str | None = '0009'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('import_staged_rows',
    sa.Column('job_id', sa.Uuid(), nullable=False),
    sa.Column('line', sa.Integer(), nullable=False),
    sa.Column('organisation_id', sa.Uuid(), nullable=False),
    sa.Column('action', sa.String(length=10), nullable=False),
    sa.Column('citizen_action', sa.String(length=10), nullable=True),
    sa.Column('national_id', sa.String(length=13), nullable=True),
    sa.Column('citizen_id', sa.Uuid(), nullable=True),
    sa.Column('citizen_version', sa.Integer(), nullable=True),
    sa.Column('title', sa.String(length=40), nullable=True),
    sa.Column('first_name', sa.String(length=100), nullable=True),
    sa.Column('last_name', sa.String(length=100), nullable=True),
    sa.Column('first_name_en', sa.String(length=100), nullable=True),
    sa.Column('last_name_en', sa.String(length=100), nullable=True),
    sa.Column('name_key', sa.String(length=400), nullable=True),
    sa.Column('birth_date', sa.Date(), nullable=True),
    sa.Column('birth_precision', sa.String(length=5), nullable=True),
    sa.Column('sex', sa.String(length=10), nullable=True),
    sa.Column('nationality', sa.String(length=3), nullable=True),
    sa.Column('village_id', sa.Uuid(), nullable=True),
    sa.Column('house_number', sa.String(length=20), nullable=True),
    sa.Column('house_registration_no', sa.String(length=11), nullable=True),
    sa.Column('address_extra', sa.String(length=200), nullable=True),
    sa.Column('phone', sa.String(length=20), nullable=True),
    sa.Column('bank_account_id', sa.Uuid(), nullable=True),
    sa.Column('bank_code', sa.String(length=3), nullable=True),
    sa.Column('branch', sa.String(length=100), nullable=True),
    sa.Column('account_no', sa.String(length=20), nullable=True),
    sa.Column('account_name', sa.String(length=200), nullable=True),
    sa.Column('demote_account_id', sa.Uuid(), nullable=True),
    sa.Column('demote_account_version', sa.Integer(), nullable=True),
    sa.Column('audit_id', sa.Uuid(), nullable=True),
    sa.Column('before', sa.JSON().with_variant(postgresql.JSONB(astext_type=Text()), 'postgresql'), nullable=True),
    sa.Column('after', sa.JSON().with_variant(postgresql.JSONB(astext_type=Text()), 'postgresql'), nullable=True),
    sa.Column('extra', sa.JSON().with_variant(postgresql.JSONB(astext_type=Text()), 'postgresql'), nullable=True),
    sa.PrimaryKeyConstraint('job_id', 'line', name=op.f('pk_import_staged_rows'))
    )
    with op.batch_alter_table('import_staged_rows', schema=None) as batch_op:
        batch_op.create_index('ix_import_staged_rows_job_id_national_id', ['job_id', 'national_id'], unique=False)
    # Scratch rows, deleted when their job ends: not worth the write-ahead log.
    if op.get_bind().dialect.name == 'postgresql':
        op.execute('ALTER TABLE import_staged_rows SET UNLOGGED')

    op.create_table('import_jobs',
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('dry_run', sa.Boolean(), nullable=False),
    sa.Column('filename', sa.String(length=255), nullable=False),
    sa.Column('file_format', sa.String(length=8), nullable=False),
    sa.Column('encoding', sa.String(length=20), nullable=True),
    sa.Column('file_path', sa.String(length=500), nullable=False),
    sa.Column('file_sha256', sa.String(length=64), nullable=False),
    sa.Column('file_size', sa.BigInteger(), nullable=False),
    sa.Column('headers', sa.JSON().with_variant(postgresql.JSONB(astext_type=Text()), 'postgresql'), nullable=False),
    sa.Column('column_map', sa.JSON().with_variant(postgresql.JSONB(astext_type=Text()), 'postgresql'), nullable=False),
    sa.Column('overrides', sa.JSON().with_variant(postgresql.JSONB(astext_type=Text()), 'postgresql'), nullable=False),
    sa.Column('unknown_columns', sa.JSON().with_variant(postgresql.JSONB(astext_type=Text()), 'postgresql'), nullable=False),
    sa.Column('options', sa.JSON().with_variant(postgresql.JSONB(astext_type=Text()), 'postgresql'), nullable=False),
    sa.Column('rows_total', sa.Integer(), nullable=True),
    sa.Column('rows_done', sa.Integer(), nullable=False),
    sa.Column('new_count', sa.Integer(), nullable=False),
    sa.Column('changed_count', sa.Integer(), nullable=False),
    sa.Column('unchanged_count', sa.Integer(), nullable=False),
    sa.Column('rejected_count', sa.Integer(), nullable=False),
    sa.Column('error_code', sa.String(length=60), nullable=True),
    sa.Column('error_detail', sa.Text(), nullable=True),
    sa.Column('created_by_id', sa.String(length=64), nullable=True),
    sa.Column('created_by_name', sa.String(length=200), nullable=False),
    sa.Column('started_at', chumchon.core.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('finished_at', chumchon.core.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('committed_at', chumchon.core.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', chumchon.core.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', chumchon.core.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('organisation_id', sa.Uuid(), nullable=False),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisations.id'], name=op.f('fk_import_jobs_organisation_id_organisations')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_import_jobs'))
    )
    with op.batch_alter_table('import_jobs', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_import_jobs_organisation_id'), ['organisation_id'], unique=False)
        batch_op.create_index('ix_import_jobs_organisation_id_created_at', ['organisation_id', 'created_at'], unique=False)

    op.create_table('import_rows',
    sa.Column('job_id', sa.Uuid(), nullable=False),
    sa.Column('line', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('national_id', sa.String(length=40), nullable=True),
    sa.Column('name', sa.String(length=300), nullable=True),
    sa.Column('errors', sa.JSON().with_variant(postgresql.JSONB(astext_type=Text()), 'postgresql'), nullable=True),
    sa.Column('changes', sa.JSON().with_variant(postgresql.JSONB(astext_type=Text()), 'postgresql'), nullable=True),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('organisation_id', sa.Uuid(), nullable=False),
    sa.ForeignKeyConstraint(['job_id'], ['import_jobs.id'], name=op.f('fk_import_rows_job_id_import_jobs')),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisations.id'], name=op.f('fk_import_rows_organisation_id_organisations')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_import_rows')),
    sa.UniqueConstraint('job_id', 'line', name=op.f('uq_import_rows_job_id_line'))
    )
    with op.batch_alter_table('import_rows', schema=None) as batch_op:
        batch_op.create_index('ix_import_rows_job_id_status_line', ['job_id', 'status', 'line'], unique=False)
        batch_op.create_index(batch_op.f('ix_import_rows_organisation_id'), ['organisation_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('import_rows', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_import_rows_organisation_id'))
        batch_op.drop_index('ix_import_rows_job_id_status_line')

    op.drop_table('import_rows')
    with op.batch_alter_table('import_jobs', schema=None) as batch_op:
        batch_op.drop_index('ix_import_jobs_organisation_id_created_at')
        batch_op.drop_index(batch_op.f('ix_import_jobs_organisation_id'))

    op.drop_table('import_jobs')
    with op.batch_alter_table('import_staged_rows', schema=None) as batch_op:
        batch_op.drop_index('ix_import_staged_rows_job_id_national_id')

    op.drop_table('import_staged_rows')
