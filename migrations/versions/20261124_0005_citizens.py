"""citizens: people, their bank accounts, households and household members

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-24 08:12:55.066861
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import chumchon.core.db

revision: str = '0005'
down_revision: str | None = '0004'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('citizens',
    sa.Column('national_id', sa.String(length=13), nullable=False),
    sa.Column('title', sa.String(length=40), nullable=False),
    sa.Column('first_name', sa.String(length=100), nullable=False),
    sa.Column('last_name', sa.String(length=100), nullable=False),
    sa.Column('first_name_en', sa.String(length=100), nullable=True),
    sa.Column('last_name_en', sa.String(length=100), nullable=True),
    sa.Column('name_key', sa.String(length=400), nullable=False),
    sa.Column('birth_date', sa.Date(), nullable=True),
    sa.Column('birth_precision', sa.String(length=5), nullable=False),
    sa.Column('sex', sa.String(length=10), nullable=False),
    sa.Column('nationality', sa.String(length=3), nullable=False),
    sa.Column('village_id', sa.Uuid(), nullable=True),
    sa.Column('house_number', sa.String(length=20), nullable=True),
    sa.Column('house_registration_no', sa.String(length=11), nullable=True),
    sa.Column('address_extra', sa.String(length=200), nullable=True),
    sa.Column('phone', sa.String(length=20), nullable=True),
    sa.Column('death_date', sa.Date(), nullable=True),
    sa.Column('death_note', sa.String(length=500), nullable=True),
    sa.Column('moved_out_on', sa.Date(), nullable=True),
    sa.Column('moved_out_note', sa.String(length=500), nullable=True),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', chumchon.core.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', chumchon.core.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('organisation_id', sa.Uuid(), nullable=False),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisations.id'], name=op.f('fk_citizens_organisation_id_organisations')),
    sa.ForeignKeyConstraint(['village_id'], ['villages.id'], name=op.f('fk_citizens_village_id_villages')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_citizens')),
    sa.UniqueConstraint('organisation_id', 'national_id', name=op.f('uq_citizens_organisation_id_national_id'))
    )
    with op.batch_alter_table('citizens', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_citizens_name_key'), ['name_key'], unique=False)
        batch_op.create_index(batch_op.f('ix_citizens_organisation_id'), ['organisation_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_citizens_village_id'), ['village_id'], unique=False)

    op.create_table('households',
    sa.Column('house_number', sa.String(length=20), nullable=False),
    sa.Column('village_id', sa.Uuid(), nullable=True),
    sa.Column('house_registration_no', sa.String(length=11), nullable=True),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', chumchon.core.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', chumchon.core.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('organisation_id', sa.Uuid(), nullable=False),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisations.id'], name=op.f('fk_households_organisation_id_organisations')),
    sa.ForeignKeyConstraint(['village_id'], ['villages.id'], name=op.f('fk_households_village_id_villages')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_households'))
    )
    with op.batch_alter_table('households', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_households_house_registration_no'), ['house_registration_no'], unique=False)
        batch_op.create_index(batch_op.f('ix_households_organisation_id'), ['organisation_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_households_village_id'), ['village_id'], unique=False)

    op.create_table('citizen_bank_accounts',
    sa.Column('citizen_id', sa.Uuid(), nullable=False),
    sa.Column('kind', sa.String(length=10), nullable=False),
    sa.Column('bank_code', sa.String(length=3), nullable=True),
    sa.Column('branch', sa.String(length=100), nullable=True),
    sa.Column('account_no', sa.String(length=20), nullable=True),
    sa.Column('account_name', sa.String(length=200), nullable=False),
    sa.Column('promptpay_id', sa.String(length=13), nullable=True),
    sa.Column('is_primary', sa.Boolean(), nullable=False),
    sa.Column('valid_from', sa.Date(), nullable=False),
    sa.Column('ended_on', sa.Date(), nullable=True),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', chumchon.core.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', chumchon.core.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('organisation_id', sa.Uuid(), nullable=False),
    sa.ForeignKeyConstraint(['citizen_id'], ['citizens.id'], name=op.f('fk_citizen_bank_accounts_citizen_id_citizens')),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisations.id'], name=op.f('fk_citizen_bank_accounts_organisation_id_organisations')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_citizen_bank_accounts'))
    )
    with op.batch_alter_table('citizen_bank_accounts', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_citizen_bank_accounts_citizen_id'), ['citizen_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_citizen_bank_accounts_organisation_id'), ['organisation_id'], unique=False)
        batch_op.create_index('uq_citizen_bank_accounts_primary_open', ['citizen_id'], unique=True, postgresql_where=sa.text('is_primary AND ended_on IS NULL'), sqlite_where=sa.text('is_primary = 1 AND ended_on IS NULL'))

    op.create_table('household_members',
    sa.Column('household_id', sa.Uuid(), nullable=False),
    sa.Column('citizen_id', sa.Uuid(), nullable=False),
    sa.Column('relationship', sa.String(length=10), nullable=False),
    sa.Column('joined_on', sa.Date(), nullable=False),
    sa.Column('left_on', sa.Date(), nullable=True),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', chumchon.core.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', chumchon.core.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('organisation_id', sa.Uuid(), nullable=False),
    sa.ForeignKeyConstraint(['citizen_id'], ['citizens.id'], name=op.f('fk_household_members_citizen_id_citizens')),
    sa.ForeignKeyConstraint(['household_id'], ['households.id'], name=op.f('fk_household_members_household_id_households')),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisations.id'], name=op.f('fk_household_members_organisation_id_organisations')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_household_members'))
    )
    with op.batch_alter_table('household_members', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_household_members_citizen_id'), ['citizen_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_household_members_household_id'), ['household_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_household_members_organisation_id'), ['organisation_id'], unique=False)
        batch_op.create_index('uq_household_members_open_citizen', ['citizen_id'], unique=True, postgresql_where=sa.text('left_on IS NULL'), sqlite_where=sa.text('left_on IS NULL'))
        batch_op.create_index('uq_household_members_open_head', ['household_id'], unique=True, postgresql_where=sa.text("relationship = 'head' AND left_on IS NULL"), sqlite_where=sa.text("relationship = 'head' AND left_on IS NULL"))


def downgrade() -> None:
    with op.batch_alter_table('household_members', schema=None) as batch_op:
        batch_op.drop_index('uq_household_members_open_head', postgresql_where=sa.text("relationship = 'head' AND left_on IS NULL"), sqlite_where=sa.text("relationship = 'head' AND left_on IS NULL"))
        batch_op.drop_index('uq_household_members_open_citizen', postgresql_where=sa.text('left_on IS NULL'), sqlite_where=sa.text('left_on IS NULL'))
        batch_op.drop_index(batch_op.f('ix_household_members_organisation_id'))
        batch_op.drop_index(batch_op.f('ix_household_members_household_id'))
        batch_op.drop_index(batch_op.f('ix_household_members_citizen_id'))

    op.drop_table('household_members')
    with op.batch_alter_table('citizen_bank_accounts', schema=None) as batch_op:
        batch_op.drop_index('uq_citizen_bank_accounts_primary_open', postgresql_where=sa.text('is_primary AND ended_on IS NULL'), sqlite_where=sa.text('is_primary = 1 AND ended_on IS NULL'))
        batch_op.drop_index(batch_op.f('ix_citizen_bank_accounts_organisation_id'))
        batch_op.drop_index(batch_op.f('ix_citizen_bank_accounts_citizen_id'))

    op.drop_table('citizen_bank_accounts')
    with op.batch_alter_table('households', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_households_village_id'))
        batch_op.drop_index(batch_op.f('ix_households_organisation_id'))
        batch_op.drop_index(batch_op.f('ix_households_house_registration_no'))

    op.drop_table('households')
    with op.batch_alter_table('citizens', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_citizens_village_id'))
        batch_op.drop_index(batch_op.f('ix_citizens_organisation_id'))
        batch_op.drop_index(batch_op.f('ix_citizens_name_key'))

    op.drop_table('citizens')
