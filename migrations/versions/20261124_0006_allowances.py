"""allowances: rate tables, registration windows, settings, registrations, payrolls

Also seeds the national rate tables and the elderly registration windows (rules.md §1-§3).

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-24 08:26:23.980798
"""

import uuid
from collections.abc import Sequence
from datetime import UTC, date, datetime
from decimal import Decimal

import sqlalchemy as sa
from sqlalchemy import Text  # noqa: F401  (autogenerate renders JSONB(astext_type=Text()))
from alembic import op
from sqlalchemy.dialects import postgresql
import chumchon.core.db

revision: str = '0006'
down_revision: str | None = '0005'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


# The seed is written out here, not imported from the app: a migration must mean the same
# thing in ten years. A later national rate is a new row (a new migration or the service's
# add_rate_version), never an edit of these.
_NS = uuid.UUID("6c3f3d8e-2f55-4d0e-9f7a-0a7f5b9c1e20")
_AT = datetime(2026, 11, 24, tzinfo=UTC)
_ELDERLY_SOURCE = "มติคณะรัฐมนตรี (อัตราขั้นบันได) ใช้ตั้งแต่ 1 ต.ค. 2554"
_RATES = [
    # programme, effective_from, age_min, age_max, baht, label, source
    ("elderly", date(2011, 10, 1), 60, 69, "600.00", "อายุ 60-69 ปี", _ELDERLY_SOURCE),
    ("elderly", date(2011, 10, 1), 70, 79, "700.00", "อายุ 70-79 ปี", _ELDERLY_SOURCE),
    ("elderly", date(2011, 10, 1), 80, 89, "800.00", "อายุ 80-89 ปี", _ELDERLY_SOURCE),
    ("elderly", date(2011, 10, 1), 90, None, "1000.00", "อายุ 90 ปีขึ้นไป", _ELDERLY_SOURCE),
    ("disability", date(2014, 10, 1), 0, None, "800.00", "คนพิการ", "เพิ่มจาก 500 เป็น 800 บาท ตั้งแต่ปีงบประมาณ 2558"),
    ("disability", date(2020, 10, 1), 0, 17, "1000.00", "คนพิการอายุต่ำกว่า 18 ปี",
     "มติคณะรัฐมนตรี 28 ม.ค. 2563 ใช้ตั้งแต่ 1 ต.ค. 2563"),
    ("disability", date(2020, 10, 1), 18, None, "800.00", "คนพิการอายุ 18 ปีขึ้นไป",
     "มติคณะรัฐมนตรี 28 ม.ค. 2563 ใช้ตั้งแต่ 1 ต.ค. 2563"),
    ("hiv", date(2005, 10, 1), 0, None, "500.00", "ผู้ป่วยเอดส์",
     "ระเบียบกระทรวงมหาดไทยว่าด้วยการจ่ายเงินสงเคราะห์เพื่อการยังชีพขององค์กรปกครองส่วนท้องถิ่น พ.ศ. 2548"),
]


def _elderly_windows(first_fy: int, last_fy: int) -> list[dict]:
    """People apply in Oct-Nov or Jan-Sep of the year before (December is closed); the
    cohort is born before 2 September of (fiscal year - 60) BE; the year pays from October."""
    rows = []
    for fy in range(first_fy, last_fy + 1):
        ce = fy - 543  # the CE year the fiscal year ends in
        for opens, closes in ((date(ce - 2, 10, 1), date(ce - 2, 11, 30)), (date(ce - 1, 1, 1), date(ce - 1, 9, 30))):
            rows.append({
                "id": uuid.uuid5(_NS, f"window-elderly-{fy}-{opens.isoformat()}"), "programme": "elderly",
                "fiscal_year": fy, "opens_on": opens, "closes_on": closes,
                "cohort_born_before": date(fy - 60 - 543, 9, 2), "payment_starts_on": date(ce - 1, 10, 1),
                "note": "ตามปฏิทินการลงทะเบียนของกรมส่งเสริมการปกครองท้องถิ่น (ต.ค.-พ.ย. และ ม.ค.-ก.ย. ของปีก่อน)",
                "created_at": _AT, "updated_at": _AT, "version": 1,
            })
    return rows


def _seed() -> None:
    rates = sa.table(
        "allowance_rates", sa.column("id", sa.Uuid()), sa.column("programme", sa.String()),
        sa.column("effective_from", sa.Date()), sa.column("age_min", sa.Integer()), sa.column("age_max", sa.Integer()),
        sa.column("amount", chumchon.core.db.Money()), sa.column("label_th", sa.String()),
        sa.column("source", sa.String()), sa.column("created_at", chumchon.core.db.UTCDateTime()),
        sa.column("updated_at", chumchon.core.db.UTCDateTime()), sa.column("version", sa.Integer()),
    )
    op.bulk_insert(rates, [
        {"id": uuid.uuid5(_NS, f"rate-{p}-{f.isoformat()}-{lo}"), "programme": p, "effective_from": f, "age_min": lo,
         "age_max": hi, "amount": Decimal(baht), "label_th": label, "source": source, "created_at": _AT,
         "updated_at": _AT, "version": 1}
        for p, f, lo, hi, baht, label, source in _RATES
    ])
    windows = sa.table(
        "allowance_registration_windows", sa.column("id", sa.Uuid()), sa.column("programme", sa.String()),
        sa.column("fiscal_year", sa.Integer()), sa.column("opens_on", sa.Date()), sa.column("closes_on", sa.Date()),
        sa.column("cohort_born_before", sa.Date()), sa.column("payment_starts_on", sa.Date()),
        sa.column("note", sa.String()), sa.column("created_at", chumchon.core.db.UTCDateTime()),
        sa.column("updated_at", chumchon.core.db.UTCDateTime()), sa.column("version", sa.Integer()),
    )
    op.bulk_insert(windows, _elderly_windows(2560, 2575))


def upgrade() -> None:
    op.create_table('allowance_rates',
    sa.Column('programme', sa.String(length=16), nullable=False),
    sa.Column('effective_from', sa.Date(), nullable=False),
    sa.Column('age_min', sa.Integer(), nullable=False),
    sa.Column('age_max', sa.Integer(), nullable=True),
    sa.Column('amount', chumchon.core.db.Money(precision=14, scale=2), nullable=False),
    sa.Column('label_th', sa.String(length=100), nullable=False),
    sa.Column('source', sa.String(length=300), nullable=True),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', chumchon.core.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', chumchon.core.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_allowance_rates')),
    sa.UniqueConstraint('programme', 'effective_from', 'age_min', name=op.f('uq_allowance_rates_programme_effective_from_age_min'))
    )
    op.create_table('allowance_registration_windows',
    sa.Column('programme', sa.String(length=16), nullable=False),
    sa.Column('fiscal_year', sa.Integer(), nullable=False),
    sa.Column('opens_on', sa.Date(), nullable=False),
    sa.Column('closes_on', sa.Date(), nullable=False),
    sa.Column('cohort_born_before', sa.Date(), nullable=True),
    sa.Column('payment_starts_on', sa.Date(), nullable=False),
    sa.Column('note', sa.String(length=300), nullable=True),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', chumchon.core.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', chumchon.core.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_allowance_registration_windows')),
    sa.UniqueConstraint('programme', 'fiscal_year', 'opens_on', name=op.f('uq_allowance_registration_windows_programme_fiscal_year_opens_on'))
    )
    op.create_table('allowance_payrolls',
    sa.Column('programme', sa.String(length=16), nullable=False),
    sa.Column('month', sa.Date(), nullable=False),
    sa.Column('fiscal_year', sa.Integer(), nullable=False),
    sa.Column('state', sa.String(length=16), nullable=False),
    sa.Column('payer', sa.String(length=8), nullable=False),
    sa.Column('rules', sa.JSON().with_variant(postgresql.JSONB(astext_type=Text()), 'postgresql'), nullable=False),
    sa.Column('computed_at', chumchon.core.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('line_count', sa.Integer(), nullable=False),
    sa.Column('total', chumchon.core.db.Money(precision=14, scale=2), nullable=False),
    sa.Column('exported_on', sa.Date(), nullable=True),
    sa.Column('paid_on', sa.Date(), nullable=True),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', chumchon.core.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', chumchon.core.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('organisation_id', sa.Uuid(), nullable=False),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisations.id'], name=op.f('fk_allowance_payrolls_organisation_id_organisations')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_allowance_payrolls')),
    sa.UniqueConstraint('organisation_id', 'programme', 'month', name=op.f('uq_allowance_payrolls_organisation_id_programme_month'))
    )
    with op.batch_alter_table('allowance_payrolls', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_allowance_payrolls_organisation_id'), ['organisation_id'], unique=False)

    op.create_table('allowance_programme_settings',
    sa.Column('programme', sa.String(length=16), nullable=False),
    sa.Column('payer', sa.String(length=8), nullable=False),
    sa.Column('band_start', sa.String(length=20), nullable=False),
    sa.Column('death_month_paid', sa.Boolean(), nullable=False),
    sa.Column('move_paid_through', sa.String(length=20), nullable=False),
    sa.Column('back_pay_months', sa.Integer(), nullable=False),
    sa.Column('means_test_enabled', sa.Boolean(), nullable=False),
    sa.Column('income_limit', chumchon.core.db.Money(precision=14, scale=2), nullable=True),
    sa.Column('excludes', sa.JSON().with_variant(postgresql.JSONB(astext_type=Text()), 'postgresql'), nullable=False),
    sa.Column('bank_layout', sa.String(length=40), nullable=False),
    sa.Column('payer_company_id', sa.String(length=20), nullable=True),
    sa.Column('payer_bank_code', sa.String(length=3), nullable=True),
    sa.Column('payer_branch_code', sa.String(length=4), nullable=True),
    sa.Column('payer_account_no', sa.String(length=20), nullable=True),
    sa.Column('payer_account_name', sa.String(length=200), nullable=True),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', chumchon.core.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', chumchon.core.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('organisation_id', sa.Uuid(), nullable=False),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisations.id'], name=op.f('fk_allowance_programme_settings_organisation_id_organisations')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_allowance_programme_settings')),
    sa.UniqueConstraint('organisation_id', 'programme', name=op.f('uq_allowance_programme_settings_organisation_id_programme'))
    )
    with op.batch_alter_table('allowance_programme_settings', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_allowance_programme_settings_organisation_id'), ['organisation_id'], unique=False)

    op.create_table('allowance_registrations',
    sa.Column('citizen_id', sa.Uuid(), nullable=False),
    sa.Column('programme', sa.String(length=16), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('state', sa.String(length=24), nullable=False),
    sa.Column('received_on', sa.Date(), nullable=False),
    sa.Column('fiscal_year', sa.Integer(), nullable=True),
    sa.Column('window_id', sa.Uuid(), nullable=True),
    sa.Column('request_no', sa.String(length=40), nullable=True),
    sa.Column('proxy_name', sa.String(length=200), nullable=True),
    sa.Column('proxy_relation', sa.String(length=100), nullable=True),
    sa.Column('payment_method', sa.String(length=8), nullable=False),
    sa.Column('bank_account_id', sa.Uuid(), nullable=True),
    sa.Column('disability_card_id', sa.Uuid(), nullable=True),
    sa.Column('disability_card_no', sa.String(length=40), nullable=True),
    sa.Column('disability_card_expires_on', sa.Date(), nullable=True),
    sa.Column('other_welfare', sa.JSON().with_variant(postgresql.JSONB(astext_type=Text()), 'postgresql'), nullable=False),
    sa.Column('annual_income', chumchon.core.db.Money(precision=14, scale=2), nullable=True),
    sa.Column('verified_on', sa.Date(), nullable=True),
    sa.Column('approved_on', sa.Date(), nullable=True),
    sa.Column('start_month', sa.Date(), nullable=True),
    sa.Column('end_month', sa.Date(), nullable=True),
    sa.Column('ended_on', sa.Date(), nullable=True),
    sa.Column('end_reason', sa.String(length=24), nullable=True),
    sa.Column('note', sa.Text(), nullable=True),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', chumchon.core.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', chumchon.core.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('organisation_id', sa.Uuid(), nullable=False),
    sa.ForeignKeyConstraint(['bank_account_id'], ['citizen_bank_accounts.id'], name=op.f('fk_allowance_registrations_bank_account_id_citizen_bank_accounts')),
    sa.ForeignKeyConstraint(['citizen_id'], ['citizens.id'], name=op.f('fk_allowance_registrations_citizen_id_citizens')),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisations.id'], name=op.f('fk_allowance_registrations_organisation_id_organisations')),
    sa.ForeignKeyConstraint(['window_id'], ['allowance_registration_windows.id'], name=op.f('fk_allowance_registrations_window_id_allowance_registration_windows')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_allowance_registrations'))
    )
    with op.batch_alter_table('allowance_registrations', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_allowance_registrations_citizen_id'), ['citizen_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_allowance_registrations_organisation_id'), ['organisation_id'], unique=False)
        batch_op.create_index('ix_allowance_registrations_programme_state', ['organisation_id', 'programme', 'state'], unique=False)
        batch_op.create_index('uq_allowance_registrations_open', ['citizen_id', 'programme'], unique=True, postgresql_where=sa.text("state NOT IN ('rejected', 'ended')"), sqlite_where=sa.text("state NOT IN ('rejected', 'ended')"))

    op.create_table('allowance_payroll_lines',
    sa.Column('payroll_id', sa.Uuid(), nullable=False),
    sa.Column('registration_id', sa.Uuid(), nullable=False),
    sa.Column('citizen_id', sa.Uuid(), nullable=False),
    sa.Column('month_paid', sa.Date(), nullable=False),
    sa.Column('is_back_pay', sa.Boolean(), nullable=False),
    sa.Column('age', sa.Integer(), nullable=True),
    sa.Column('rate_id', sa.Uuid(), nullable=False),
    sa.Column('band_label_th', sa.String(length=100), nullable=False),
    sa.Column('amount', chumchon.core.db.Money(precision=14, scale=2), nullable=False),
    sa.Column('bank_account_id', sa.Uuid(), nullable=True),
    sa.Column('bank_code', sa.String(length=3), nullable=True),
    sa.Column('account_no', sa.String(length=20), nullable=True),
    sa.Column('account_name', sa.String(length=200), nullable=True),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('failure_reason', sa.String(length=24), nullable=True),
    sa.Column('failure_note', sa.Text(), nullable=True),
    sa.Column('failed_on', sa.Date(), nullable=True),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', chumchon.core.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', chumchon.core.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('organisation_id', sa.Uuid(), nullable=False),
    sa.ForeignKeyConstraint(['bank_account_id'], ['citizen_bank_accounts.id'], name=op.f('fk_allowance_payroll_lines_bank_account_id_citizen_bank_accounts')),
    sa.ForeignKeyConstraint(['citizen_id'], ['citizens.id'], name=op.f('fk_allowance_payroll_lines_citizen_id_citizens')),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisations.id'], name=op.f('fk_allowance_payroll_lines_organisation_id_organisations')),
    sa.ForeignKeyConstraint(['payroll_id'], ['allowance_payrolls.id'], name=op.f('fk_allowance_payroll_lines_payroll_id_allowance_payrolls')),
    sa.ForeignKeyConstraint(['rate_id'], ['allowance_rates.id'], name=op.f('fk_allowance_payroll_lines_rate_id_allowance_rates')),
    sa.ForeignKeyConstraint(['registration_id'], ['allowance_registrations.id'], name=op.f('fk_allowance_payroll_lines_registration_id_allowance_registrations')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_allowance_payroll_lines'))
    )
    with op.batch_alter_table('allowance_payroll_lines', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_allowance_payroll_lines_citizen_id'), ['citizen_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_allowance_payroll_lines_organisation_id'), ['organisation_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_allowance_payroll_lines_payroll_id'), ['payroll_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_allowance_payroll_lines_registration_id'), ['registration_id'], unique=False)
        batch_op.create_index('uq_allowance_payroll_lines_month_paid', ['registration_id', 'month_paid'], unique=True, postgresql_where=sa.text("status <> 'failed'"), sqlite_where=sa.text("status <> 'failed'"))

    op.create_table('allowance_registration_documents',
    sa.Column('registration_id', sa.Uuid(), nullable=False),
    sa.Column('kind', sa.String(length=32), nullable=False),
    sa.Column('received', sa.Boolean(), nullable=False),
    sa.Column('file_ref', sa.String(length=300), nullable=True),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', chumchon.core.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', chumchon.core.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('organisation_id', sa.Uuid(), nullable=False),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisations.id'], name=op.f('fk_allowance_registration_documents_organisation_id_organisations')),
    sa.ForeignKeyConstraint(['registration_id'], ['allowance_registrations.id'], name=op.f('fk_allowance_registration_documents_registration_id_allowance_registrations')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_allowance_registration_documents')),
    sa.UniqueConstraint('registration_id', 'kind', name=op.f('uq_allowance_registration_documents_registration_id_kind'))
    )
    with op.batch_alter_table('allowance_registration_documents', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_allowance_registration_documents_organisation_id'), ['organisation_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_allowance_registration_documents_registration_id'), ['registration_id'], unique=False)

    op.create_table('allowance_suspensions',
    sa.Column('registration_id', sa.Uuid(), nullable=False),
    sa.Column('from_month', sa.Date(), nullable=False),
    sa.Column('until_month', sa.Date(), nullable=True),
    sa.Column('reason', sa.String(length=24), nullable=False),
    sa.Column('note', sa.Text(), nullable=True),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', chumchon.core.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', chumchon.core.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('organisation_id', sa.Uuid(), nullable=False),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisations.id'], name=op.f('fk_allowance_suspensions_organisation_id_organisations')),
    sa.ForeignKeyConstraint(['registration_id'], ['allowance_registrations.id'], name=op.f('fk_allowance_suspensions_registration_id_allowance_registrations')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_allowance_suspensions'))
    )
    with op.batch_alter_table('allowance_suspensions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_allowance_suspensions_organisation_id'), ['organisation_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_allowance_suspensions_registration_id'), ['registration_id'], unique=False)

    _seed()


def downgrade() -> None:
    with op.batch_alter_table('allowance_suspensions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_allowance_suspensions_registration_id'))
        batch_op.drop_index(batch_op.f('ix_allowance_suspensions_organisation_id'))

    op.drop_table('allowance_suspensions')
    with op.batch_alter_table('allowance_registration_documents', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_allowance_registration_documents_registration_id'))
        batch_op.drop_index(batch_op.f('ix_allowance_registration_documents_organisation_id'))

    op.drop_table('allowance_registration_documents')
    with op.batch_alter_table('allowance_payroll_lines', schema=None) as batch_op:
        batch_op.drop_index('uq_allowance_payroll_lines_month_paid', postgresql_where=sa.text("status <> 'failed'"), sqlite_where=sa.text("status <> 'failed'"))
        batch_op.drop_index(batch_op.f('ix_allowance_payroll_lines_registration_id'))
        batch_op.drop_index(batch_op.f('ix_allowance_payroll_lines_payroll_id'))
        batch_op.drop_index(batch_op.f('ix_allowance_payroll_lines_organisation_id'))
        batch_op.drop_index(batch_op.f('ix_allowance_payroll_lines_citizen_id'))

    op.drop_table('allowance_payroll_lines')
    with op.batch_alter_table('allowance_registrations', schema=None) as batch_op:
        batch_op.drop_index('uq_allowance_registrations_open', postgresql_where=sa.text("state NOT IN ('rejected', 'ended')"), sqlite_where=sa.text("state NOT IN ('rejected', 'ended')"))
        batch_op.drop_index('ix_allowance_registrations_programme_state')
        batch_op.drop_index(batch_op.f('ix_allowance_registrations_organisation_id'))
        batch_op.drop_index(batch_op.f('ix_allowance_registrations_citizen_id'))

    op.drop_table('allowance_registrations')
    with op.batch_alter_table('allowance_programme_settings', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_allowance_programme_settings_organisation_id'))

    op.drop_table('allowance_programme_settings')
    with op.batch_alter_table('allowance_payrolls', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_allowance_payrolls_organisation_id'))

    op.drop_table('allowance_payrolls')
    op.drop_table('allowance_registration_windows')
    op.drop_table('allowance_rates')
