"""community groups: groups, members, committee terms, fund ledger, bank accounts, visits

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-24 08:19:29.910122
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import chumchon.core.db

revision: str = '0003'
down_revision: str | None = '0002'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('groups',
    sa.Column('village_id', sa.Uuid(), nullable=True),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('kind', sa.String(length=32), nullable=False),
    sa.Column('purpose', sa.Text(), nullable=True),
    sa.Column('state', sa.String(length=32), nullable=False),
    sa.Column('founded_on', sa.Date(), nullable=True),
    sa.Column('formed_on', sa.Date(), nullable=True),
    sa.Column('dissolved_on', sa.Date(), nullable=True),
    sa.Column('fund_balance', chumchon.core.db.Money(precision=14, scale=2), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', chumchon.core.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', chumchon.core.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('organisation_id', sa.Uuid(), nullable=False),
    sa.CheckConstraint('fund_balance >= 0', name=op.f('ck_groups_fund_not_negative')),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisations.id'], name=op.f('fk_groups_organisation_id_organisations')),
    sa.ForeignKeyConstraint(['village_id'], ['villages.id'], name=op.f('fk_groups_village_id_villages')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_groups'))
    )
    with op.batch_alter_table('groups', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_groups_kind'), ['kind'], unique=False)
        batch_op.create_index(batch_op.f('ix_groups_organisation_id'), ['organisation_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_groups_state'), ['state'], unique=False)
        batch_op.create_index(batch_op.f('ix_groups_village_id'), ['village_id'], unique=False)

    op.create_table('group_bank_accounts',
    sa.Column('group_id', sa.Uuid(), nullable=False),
    sa.Column('bank_code', sa.String(length=3), nullable=True),
    sa.Column('bank_name', sa.String(length=100), nullable=False),
    sa.Column('branch', sa.String(length=100), nullable=False),
    sa.Column('account_name', sa.String(length=200), nullable=False),
    sa.Column('account_number', sa.String(length=20), nullable=False),
    sa.Column('opened_on', sa.Date(), nullable=False),
    sa.Column('closed_on', sa.Date(), nullable=True),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', chumchon.core.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', chumchon.core.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('organisation_id', sa.Uuid(), nullable=False),
    sa.ForeignKeyConstraint(['group_id'], ['groups.id'], name=op.f('fk_group_bank_accounts_group_id_groups')),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisations.id'], name=op.f('fk_group_bank_accounts_organisation_id_organisations')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_group_bank_accounts'))
    )
    with op.batch_alter_table('group_bank_accounts', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_group_bank_accounts_group_id'), ['group_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_group_bank_accounts_organisation_id'), ['organisation_id'], unique=False)

    op.create_table('group_evaluations',
    sa.Column('group_id', sa.Uuid(), nullable=False),
    sa.Column('visited_on', sa.Date(), nullable=False),
    sa.Column('visited_by', sa.String(length=200), nullable=False),
    sa.Column('findings', sa.Text(), nullable=False),
    sa.Column('support_given', sa.Text(), nullable=True),
    sa.Column('recommendations', sa.Text(), nullable=True),
    sa.Column('score', sa.Integer(), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', chumchon.core.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', chumchon.core.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('organisation_id', sa.Uuid(), nullable=False),
    sa.CheckConstraint('score BETWEEN 1 AND 5', name=op.f('ck_group_evaluations_score_range')),
    sa.ForeignKeyConstraint(['group_id'], ['groups.id'], name=op.f('fk_group_evaluations_group_id_groups')),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisations.id'], name=op.f('fk_group_evaluations_organisation_id_organisations')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_group_evaluations'))
    )
    with op.batch_alter_table('group_evaluations', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_group_evaluations_group_id'), ['group_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_group_evaluations_organisation_id'), ['organisation_id'], unique=False)

    op.create_table('group_members',
    sa.Column('group_id', sa.Uuid(), nullable=False),
    sa.Column('citizen_id', sa.Uuid(), nullable=True),
    sa.Column('full_name', sa.String(length=200), nullable=False),
    sa.Column('joined_on', sa.Date(), nullable=False),
    sa.Column('left_on', sa.Date(), nullable=True),
    sa.Column('leave_reason', sa.String(length=500), nullable=True),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', chumchon.core.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', chumchon.core.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('organisation_id', sa.Uuid(), nullable=False),
    sa.ForeignKeyConstraint(['group_id'], ['groups.id'], name=op.f('fk_group_members_group_id_groups')),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisations.id'], name=op.f('fk_group_members_organisation_id_organisations')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_group_members'))
    )
    with op.batch_alter_table('group_members', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_group_members_citizen_id'), ['citizen_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_group_members_group_id'), ['group_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_group_members_organisation_id'), ['organisation_id'], unique=False)

    op.create_table('group_bank_signatories',
    sa.Column('bank_account_id', sa.Uuid(), nullable=False),
    sa.Column('member_id', sa.Uuid(), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', chumchon.core.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', chumchon.core.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('organisation_id', sa.Uuid(), nullable=False),
    sa.ForeignKeyConstraint(['bank_account_id'], ['group_bank_accounts.id'], name=op.f('fk_group_bank_signatories_bank_account_id_group_bank_accounts')),
    sa.ForeignKeyConstraint(['member_id'], ['group_members.id'], name=op.f('fk_group_bank_signatories_member_id_group_members')),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisations.id'], name=op.f('fk_group_bank_signatories_organisation_id_organisations')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_group_bank_signatories')),
    sa.UniqueConstraint('bank_account_id', 'member_id', name=op.f('uq_group_bank_signatories_bank_account_id_member_id'))
    )
    with op.batch_alter_table('group_bank_signatories', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_group_bank_signatories_bank_account_id'), ['bank_account_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_group_bank_signatories_organisation_id'), ['organisation_id'], unique=False)

    op.create_table('group_committee_terms',
    sa.Column('group_id', sa.Uuid(), nullable=False),
    sa.Column('member_id', sa.Uuid(), nullable=False),
    sa.Column('position', sa.String(length=20), nullable=False),
    sa.Column('started_on', sa.Date(), nullable=False),
    sa.Column('ends_on', sa.Date(), nullable=True),
    sa.Column('ended_on', sa.Date(), nullable=True),
    sa.Column('end_reason', sa.String(length=20), nullable=True),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', chumchon.core.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', chumchon.core.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('organisation_id', sa.Uuid(), nullable=False),
    sa.ForeignKeyConstraint(['group_id'], ['groups.id'], name=op.f('fk_group_committee_terms_group_id_groups')),
    sa.ForeignKeyConstraint(['member_id'], ['group_members.id'], name=op.f('fk_group_committee_terms_member_id_group_members')),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisations.id'], name=op.f('fk_group_committee_terms_organisation_id_organisations')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_group_committee_terms'))
    )
    with op.batch_alter_table('group_committee_terms', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_group_committee_terms_group_id'), ['group_id'], unique=False)
        batch_op.create_index('ix_group_committee_terms_group_position', ['group_id', 'position'], unique=False)
        batch_op.create_index(batch_op.f('ix_group_committee_terms_member_id'), ['member_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_group_committee_terms_organisation_id'), ['organisation_id'], unique=False)

    op.create_table('group_ledger_entries',
    sa.Column('group_id', sa.Uuid(), nullable=False),
    sa.Column('seq', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('amount', chumchon.core.db.Money(precision=14, scale=2), nullable=False),
    sa.Column('balance_after', chumchon.core.db.Money(precision=14, scale=2), nullable=False),
    sa.Column('entry_date', sa.Date(), nullable=False),
    sa.Column('member_id', sa.Uuid(), nullable=True),
    sa.Column('description', sa.String(length=500), nullable=False),
    sa.Column('reference', sa.String(length=100), nullable=True),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', chumchon.core.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', chumchon.core.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('organisation_id', sa.Uuid(), nullable=False),
    sa.CheckConstraint('amount > 0', name=op.f('ck_group_ledger_entries_amount_positive')),
    sa.CheckConstraint('balance_after >= 0', name=op.f('ck_group_ledger_entries_balance_not_negative')),
    sa.ForeignKeyConstraint(['group_id'], ['groups.id'], name=op.f('fk_group_ledger_entries_group_id_groups')),
    sa.ForeignKeyConstraint(['member_id'], ['group_members.id'], name=op.f('fk_group_ledger_entries_member_id_group_members')),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisations.id'], name=op.f('fk_group_ledger_entries_organisation_id_organisations')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_group_ledger_entries')),
    sa.UniqueConstraint('group_id', 'seq', name=op.f('uq_group_ledger_entries_group_id_seq'))
    )
    with op.batch_alter_table('group_ledger_entries', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_group_ledger_entries_group_id'), ['group_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_group_ledger_entries_organisation_id'), ['organisation_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('group_ledger_entries', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_group_ledger_entries_organisation_id'))
        batch_op.drop_index(batch_op.f('ix_group_ledger_entries_group_id'))

    op.drop_table('group_ledger_entries')
    with op.batch_alter_table('group_committee_terms', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_group_committee_terms_organisation_id'))
        batch_op.drop_index(batch_op.f('ix_group_committee_terms_member_id'))
        batch_op.drop_index('ix_group_committee_terms_group_position')
        batch_op.drop_index(batch_op.f('ix_group_committee_terms_group_id'))

    op.drop_table('group_committee_terms')
    with op.batch_alter_table('group_bank_signatories', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_group_bank_signatories_organisation_id'))
        batch_op.drop_index(batch_op.f('ix_group_bank_signatories_bank_account_id'))

    op.drop_table('group_bank_signatories')
    with op.batch_alter_table('group_members', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_group_members_organisation_id'))
        batch_op.drop_index(batch_op.f('ix_group_members_group_id'))
        batch_op.drop_index(batch_op.f('ix_group_members_citizen_id'))

    op.drop_table('group_members')
    with op.batch_alter_table('group_evaluations', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_group_evaluations_organisation_id'))
        batch_op.drop_index(batch_op.f('ix_group_evaluations_group_id'))

    op.drop_table('group_evaluations')
    with op.batch_alter_table('group_bank_accounts', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_group_bank_accounts_organisation_id'))
        batch_op.drop_index(batch_op.f('ix_group_bank_accounts_group_id'))

    op.drop_table('group_bank_accounts')
    with op.batch_alter_table('groups', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_groups_village_id'))
        batch_op.drop_index(batch_op.f('ix_groups_state'))
        batch_op.drop_index(batch_op.f('ix_groups_organisation_id'))
        batch_op.drop_index(batch_op.f('ix_groups_kind'))

    op.drop_table('groups')
