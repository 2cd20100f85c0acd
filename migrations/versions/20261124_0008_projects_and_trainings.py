"""projects and trainings: proposals, versions, surveys, budget lines, overruns, spending,
indicators, quotas, participants, trainers, sessions, attendance, satisfaction, outcomes

Revision ID: 0008
Revises: 0007
Depends on: 0003 (groups), 0004 (community plans), 0005 (citizens), whose tables the
projects' foreign keys point to; `depends_on` makes Alembic apply them first while the
branches are still parallel.
Create Date: 2026-11-24 08:52:21.787241
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy import Text
from sqlalchemy.dialects import postgresql

import chumchon.core.db

revision: str = '0008'
down_revision: str | None = '0007'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('projects',
    sa.Column('category', sa.String(length=32), nullable=False),
    sa.Column('fiscal_year_be', sa.Integer(), nullable=False),
    sa.Column('village_id', sa.Uuid(), nullable=True),
    sa.Column('state', sa.String(length=32), nullable=False),
    sa.Column('plan_id', sa.Uuid(), nullable=True),
    sa.Column('plan_item_id', sa.Uuid(), nullable=True),
    sa.Column('plan_name', sa.String(length=300), nullable=True),
    sa.Column('name', sa.String(length=300), nullable=False),
    sa.Column('rationale', sa.Text(), nullable=True),
    sa.Column('objectives', sa.JSON().with_variant(postgresql.JSONB(astext_type=Text()), 'postgresql'), nullable=False),
    sa.Column('target_group', sa.String(length=300), nullable=True),
    sa.Column('target_quantity', sa.Integer(), nullable=True),
    sa.Column('target_unit', sa.String(length=50), nullable=True),
    sa.Column('target_quality', sa.Text(), nullable=True),
    sa.Column('method', sa.JSON().with_variant(postgresql.JSONB(astext_type=Text()), 'postgresql'), nullable=False),
    sa.Column('starts_on', sa.Date(), nullable=True),
    sa.Column('ends_on', sa.Date(), nullable=True),
    sa.Column('responsible', sa.String(length=300), nullable=True),
    sa.Column('supporting_agency', sa.String(length=300), nullable=True),
    sa.Column('benefits', sa.JSON().with_variant(postgresql.JSONB(astext_type=Text()), 'postgresql'), nullable=False),
    sa.Column('approved_on', sa.Date(), nullable=True),
    sa.Column('approved_version_no', sa.Integer(), nullable=True),
    sa.Column('started_on', sa.Date(), nullable=True),
    sa.Column('evaluated_on', sa.Date(), nullable=True),
    sa.Column('evaluation_summary', sa.Text(), nullable=True),
    sa.Column('closed_on', sa.Date(), nullable=True),
    sa.Column('closing_report', sa.Text(), nullable=True),
    sa.Column('budget_changed_at', chumchon.core.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', chumchon.core.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', chumchon.core.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('organisation_id', sa.Uuid(), nullable=False),
    sa.CheckConstraint('ends_on IS NULL OR starts_on IS NULL OR ends_on >= starts_on', name=op.f('ck_projects_dates_in_order')),
    sa.CheckConstraint('target_quantity IS NULL OR target_quantity > 0', name=op.f('ck_projects_target_quantity_positive')),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisations.id'], name=op.f('fk_projects_organisation_id_organisations')),
    sa.ForeignKeyConstraint(['plan_id'], ['community_plans.id'], name=op.f('fk_projects_plan_id_community_plans')),
    sa.ForeignKeyConstraint(['plan_item_id'], ['plan_items.id'], name=op.f('fk_projects_plan_item_id_plan_items')),
    sa.ForeignKeyConstraint(['village_id'], ['villages.id'], name=op.f('fk_projects_village_id_villages')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_projects'))
    )
    with op.batch_alter_table('projects', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_projects_category'), ['category'], unique=False)
        batch_op.create_index(batch_op.f('ix_projects_fiscal_year_be'), ['fiscal_year_be'], unique=False)
        batch_op.create_index(batch_op.f('ix_projects_organisation_id'), ['organisation_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_projects_plan_id'), ['plan_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_projects_plan_item_id'), ['plan_item_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_projects_state'), ['state'], unique=False)
        batch_op.create_index(batch_op.f('ix_projects_village_id'), ['village_id'], unique=False)

    op.create_table('project_budget_lines',
    sa.Column('project_id', sa.Uuid(), nullable=False),
    sa.Column('seq', sa.Integer(), nullable=False),
    sa.Column('item', sa.String(length=300), nullable=False),
    sa.Column('quantity', sa.Integer(), nullable=False),
    sa.Column('unit', sa.String(length=100), nullable=False),
    sa.Column('unit_cost', chumchon.core.db.Money(precision=14, scale=2), nullable=False),
    sa.Column('amount', chumchon.core.db.Money(precision=14, scale=2), nullable=False),
    sa.Column('source', sa.String(length=32), nullable=False),
    sa.Column('note', sa.String(length=500), nullable=True),
    sa.Column('removed_at', chumchon.core.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', chumchon.core.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', chumchon.core.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('organisation_id', sa.Uuid(), nullable=False),
    sa.CheckConstraint('quantity > 0', name=op.f('ck_project_budget_lines_quantity_positive')),
    sa.CheckConstraint('unit_cost >= 0', name=op.f('ck_project_budget_lines_unit_cost_not_negative')),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisations.id'], name=op.f('fk_project_budget_lines_organisation_id_organisations')),
    sa.ForeignKeyConstraint(['project_id'], ['projects.id'], name=op.f('fk_project_budget_lines_project_id_projects')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_project_budget_lines'))
    )
    with op.batch_alter_table('project_budget_lines', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_project_budget_lines_organisation_id'), ['organisation_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_project_budget_lines_project_id'), ['project_id'], unique=False)

    op.create_table('project_indicators',
    sa.Column('project_id', sa.Uuid(), nullable=False),
    sa.Column('seq', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=300), nullable=False),
    sa.Column('target_value', chumchon.core.db.Money(precision=14, scale=2), nullable=False),
    sa.Column('unit', sa.String(length=50), nullable=False),
    sa.Column('comparison', sa.String(length=16), nullable=False),
    sa.Column('measured_by', sa.String(length=500), nullable=False),
    sa.Column('result_value', chumchon.core.db.Money(precision=14, scale=2), nullable=True),
    sa.Column('result_note', sa.Text(), nullable=True),
    sa.Column('result_recorded_on', sa.Date(), nullable=True),
    sa.Column('removed_at', chumchon.core.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', chumchon.core.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', chumchon.core.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('organisation_id', sa.Uuid(), nullable=False),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisations.id'], name=op.f('fk_project_indicators_organisation_id_organisations')),
    sa.ForeignKeyConstraint(['project_id'], ['projects.id'], name=op.f('fk_project_indicators_project_id_projects')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_project_indicators'))
    )
    with op.batch_alter_table('project_indicators', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_project_indicators_organisation_id'), ['organisation_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_project_indicators_project_id'), ['project_id'], unique=False)

    op.create_table('project_needs_surveys',
    sa.Column('project_id', sa.Uuid(), nullable=False),
    sa.Column('surveyed_on', sa.Date(), nullable=False),
    sa.Column('method', sa.String(length=200), nullable=False),
    sa.Column('respondents', sa.Text(), nullable=False),
    sa.Column('respondent_count', sa.Integer(), nullable=False),
    sa.Column('needs', sa.JSON().with_variant(postgresql.JSONB(astext_type=Text()), 'postgresql'), nullable=False),
    sa.Column('summary', sa.Text(), nullable=True),
    sa.Column('attachment_ids', sa.JSON().with_variant(postgresql.JSONB(astext_type=Text()), 'postgresql'), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', chumchon.core.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', chumchon.core.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('organisation_id', sa.Uuid(), nullable=False),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisations.id'], name=op.f('fk_project_needs_surveys_organisation_id_organisations')),
    sa.ForeignKeyConstraint(['project_id'], ['projects.id'], name=op.f('fk_project_needs_surveys_project_id_projects')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_project_needs_surveys'))
    )
    with op.batch_alter_table('project_needs_surveys', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_project_needs_surveys_organisation_id'), ['organisation_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_project_needs_surveys_project_id'), ['project_id'], unique=False)

    op.create_table('project_quotas',
    sa.Column('project_id', sa.Uuid(), nullable=False),
    sa.Column('label', sa.String(length=200), nullable=False),
    sa.Column('village_id', sa.Uuid(), nullable=True),
    sa.Column('seats', sa.Integer(), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', chumchon.core.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', chumchon.core.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('organisation_id', sa.Uuid(), nullable=False),
    sa.CheckConstraint('seats > 0', name=op.f('ck_project_quotas_seats_positive')),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisations.id'], name=op.f('fk_project_quotas_organisation_id_organisations')),
    sa.ForeignKeyConstraint(['project_id'], ['projects.id'], name=op.f('fk_project_quotas_project_id_projects')),
    sa.ForeignKeyConstraint(['village_id'], ['villages.id'], name=op.f('fk_project_quotas_village_id_villages')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_project_quotas'))
    )
    with op.batch_alter_table('project_quotas', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_project_quotas_organisation_id'), ['organisation_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_project_quotas_project_id'), ['project_id'], unique=False)

    op.create_table('project_trainers',
    sa.Column('project_id', sa.Uuid(), nullable=False),
    sa.Column('full_name', sa.String(length=200), nullable=False),
    sa.Column('organisation', sa.String(length=200), nullable=False),
    sa.Column('topic', sa.String(length=300), nullable=False),
    sa.Column('fee', chumchon.core.db.Money(precision=14, scale=2), nullable=False),
    sa.Column('phone', sa.String(length=20), nullable=True),
    sa.Column('cancelled_at', chumchon.core.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('cancel_reason', sa.String(length=500), nullable=True),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', chumchon.core.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', chumchon.core.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('organisation_id', sa.Uuid(), nullable=False),
    sa.CheckConstraint('fee >= 0', name=op.f('ck_project_trainers_fee_not_negative')),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisations.id'], name=op.f('fk_project_trainers_organisation_id_organisations')),
    sa.ForeignKeyConstraint(['project_id'], ['projects.id'], name=op.f('fk_project_trainers_project_id_projects')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_project_trainers'))
    )
    with op.batch_alter_table('project_trainers', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_project_trainers_organisation_id'), ['organisation_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_project_trainers_project_id'), ['project_id'], unique=False)

    op.create_table('project_versions',
    sa.Column('project_id', sa.Uuid(), nullable=False),
    sa.Column('version_no', sa.Integer(), nullable=False),
    sa.Column('submitted_at', chumchon.core.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('submitted_by', sa.String(length=200), nullable=False),
    sa.Column('snapshot', sa.JSON().with_variant(postgresql.JSONB(astext_type=Text()), 'postgresql'), nullable=False),
    sa.Column('decision', sa.String(length=16), nullable=True),
    sa.Column('decided_at', chumchon.core.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('decided_by', sa.String(length=200), nullable=True),
    sa.Column('decision_note', sa.Text(), nullable=True),
    sa.Column('section_comments', sa.JSON().with_variant(postgresql.JSONB(astext_type=Text()), 'postgresql'), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', chumchon.core.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', chumchon.core.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('organisation_id', sa.Uuid(), nullable=False),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisations.id'], name=op.f('fk_project_versions_organisation_id_organisations')),
    sa.ForeignKeyConstraint(['project_id'], ['projects.id'], name=op.f('fk_project_versions_project_id_projects')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_project_versions')),
    sa.UniqueConstraint('project_id', 'version_no', name=op.f('uq_project_versions_project_id_version_no'))
    )
    with op.batch_alter_table('project_versions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_project_versions_organisation_id'), ['organisation_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_project_versions_project_id'), ['project_id'], unique=False)

    op.create_table('project_budget_overruns',
    sa.Column('project_id', sa.Uuid(), nullable=False),
    sa.Column('line_id', sa.Uuid(), nullable=False),
    sa.Column('amount', chumchon.core.db.Money(precision=14, scale=2), nullable=False),
    sa.Column('raises_total', sa.Boolean(), nullable=False),
    sa.Column('approved_on', sa.Date(), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('approved_by', sa.String(length=200), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', chumchon.core.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', chumchon.core.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('organisation_id', sa.Uuid(), nullable=False),
    sa.CheckConstraint('amount > 0', name=op.f('ck_project_budget_overruns_amount_positive')),
    sa.ForeignKeyConstraint(['line_id'], ['project_budget_lines.id'], name=op.f('fk_project_budget_overruns_line_id_project_budget_lines')),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisations.id'], name=op.f('fk_project_budget_overruns_organisation_id_organisations')),
    sa.ForeignKeyConstraint(['project_id'], ['projects.id'], name=op.f('fk_project_budget_overruns_project_id_projects')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_project_budget_overruns'))
    )
    with op.batch_alter_table('project_budget_overruns', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_project_budget_overruns_line_id'), ['line_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_project_budget_overruns_organisation_id'), ['organisation_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_project_budget_overruns_project_id'), ['project_id'], unique=False)

    op.create_table('project_participants',
    sa.Column('project_id', sa.Uuid(), nullable=False),
    sa.Column('citizen_id', sa.Uuid(), nullable=True),
    sa.Column('full_name', sa.String(length=200), nullable=False),
    sa.Column('village_id', sa.Uuid(), nullable=True),
    sa.Column('quota_id', sa.Uuid(), nullable=True),
    sa.Column('phone', sa.String(length=20), nullable=True),
    sa.Column('joined_on', sa.Date(), nullable=False),
    sa.Column('withdrawn_on', sa.Date(), nullable=True),
    sa.Column('withdraw_reason', sa.String(length=500), nullable=True),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', chumchon.core.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', chumchon.core.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('organisation_id', sa.Uuid(), nullable=False),
    sa.ForeignKeyConstraint(['citizen_id'], ['citizens.id'], name=op.f('fk_project_participants_citizen_id_citizens')),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisations.id'], name=op.f('fk_project_participants_organisation_id_organisations')),
    sa.ForeignKeyConstraint(['project_id'], ['projects.id'], name=op.f('fk_project_participants_project_id_projects')),
    sa.ForeignKeyConstraint(['quota_id'], ['project_quotas.id'], name=op.f('fk_project_participants_quota_id_project_quotas')),
    sa.ForeignKeyConstraint(['village_id'], ['villages.id'], name=op.f('fk_project_participants_village_id_villages')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_project_participants')),
    sa.UniqueConstraint('project_id', 'citizen_id', name=op.f('uq_project_participants_project_id_citizen_id'))
    )
    with op.batch_alter_table('project_participants', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_project_participants_citizen_id'), ['citizen_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_project_participants_organisation_id'), ['organisation_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_project_participants_project_id'), ['project_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_project_participants_quota_id'), ['quota_id'], unique=False)

    op.create_table('project_sessions',
    sa.Column('project_id', sa.Uuid(), nullable=False),
    sa.Column('held_on', sa.Date(), nullable=False),
    sa.Column('place', sa.String(length=300), nullable=False),
    sa.Column('topic', sa.String(length=300), nullable=False),
    sa.Column('trainer_id', sa.Uuid(), nullable=True),
    sa.Column('note', sa.Text(), nullable=True),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', chumchon.core.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', chumchon.core.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('organisation_id', sa.Uuid(), nullable=False),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisations.id'], name=op.f('fk_project_sessions_organisation_id_organisations')),
    sa.ForeignKeyConstraint(['project_id'], ['projects.id'], name=op.f('fk_project_sessions_project_id_projects')),
    sa.ForeignKeyConstraint(['trainer_id'], ['project_trainers.id'], name=op.f('fk_project_sessions_trainer_id_project_trainers')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_project_sessions'))
    )
    with op.batch_alter_table('project_sessions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_project_sessions_organisation_id'), ['organisation_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_project_sessions_project_id'), ['project_id'], unique=False)

    op.create_table('project_spending',
    sa.Column('project_id', sa.Uuid(), nullable=False),
    sa.Column('line_id', sa.Uuid(), nullable=False),
    sa.Column('spent_on', sa.Date(), nullable=False),
    sa.Column('amount', chumchon.core.db.Money(precision=14, scale=2), nullable=False),
    sa.Column('description', sa.String(length=500), nullable=False),
    sa.Column('reference', sa.String(length=100), nullable=True),
    sa.Column('recorded_by', sa.String(length=200), nullable=False),
    sa.Column('voided_at', chumchon.core.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('void_reason', sa.Text(), nullable=True),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', chumchon.core.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', chumchon.core.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('organisation_id', sa.Uuid(), nullable=False),
    sa.CheckConstraint('amount > 0', name=op.f('ck_project_spending_amount_positive')),
    sa.ForeignKeyConstraint(['line_id'], ['project_budget_lines.id'], name=op.f('fk_project_spending_line_id_project_budget_lines')),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisations.id'], name=op.f('fk_project_spending_organisation_id_organisations')),
    sa.ForeignKeyConstraint(['project_id'], ['projects.id'], name=op.f('fk_project_spending_project_id_projects')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_project_spending'))
    )
    with op.batch_alter_table('project_spending', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_project_spending_line_id'), ['line_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_project_spending_organisation_id'), ['organisation_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_project_spending_project_id'), ['project_id'], unique=False)

    op.create_table('project_attendance',
    sa.Column('project_id', sa.Uuid(), nullable=False),
    sa.Column('session_id', sa.Uuid(), nullable=False),
    sa.Column('participant_id', sa.Uuid(), nullable=False),
    sa.Column('present', sa.Boolean(), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', chumchon.core.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', chumchon.core.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('organisation_id', sa.Uuid(), nullable=False),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisations.id'], name=op.f('fk_project_attendance_organisation_id_organisations')),
    sa.ForeignKeyConstraint(['participant_id'], ['project_participants.id'], name=op.f('fk_project_attendance_participant_id_project_participants')),
    sa.ForeignKeyConstraint(['project_id'], ['projects.id'], name=op.f('fk_project_attendance_project_id_projects')),
    sa.ForeignKeyConstraint(['session_id'], ['project_sessions.id'], name=op.f('fk_project_attendance_session_id_project_sessions')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_project_attendance')),
    sa.UniqueConstraint('session_id', 'participant_id', name=op.f('uq_project_attendance_session_id_participant_id'))
    )
    with op.batch_alter_table('project_attendance', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_project_attendance_organisation_id'), ['organisation_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_project_attendance_participant_id'), ['participant_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_project_attendance_project_id'), ['project_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_project_attendance_session_id'), ['session_id'], unique=False)

    op.create_table('project_participant_outcomes',
    sa.Column('project_id', sa.Uuid(), nullable=False),
    sa.Column('participant_id', sa.Uuid(), nullable=False),
    sa.Column('recorded_on', sa.Date(), nullable=False),
    sa.Column('activity', sa.String(length=500), nullable=False),
    sa.Column('group_formed', sa.Boolean(), nullable=False),
    sa.Column('group_id', sa.Uuid(), nullable=True),
    sa.Column('group_name', sa.String(length=200), nullable=True),
    sa.Column('income_before', chumchon.core.db.Money(precision=14, scale=2), nullable=True),
    sa.Column('income_after', chumchon.core.db.Money(precision=14, scale=2), nullable=True),
    sa.Column('note', sa.Text(), nullable=True),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', chumchon.core.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', chumchon.core.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('organisation_id', sa.Uuid(), nullable=False),
    sa.ForeignKeyConstraint(['group_id'], ['groups.id'], name=op.f('fk_project_participant_outcomes_group_id_groups')),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisations.id'], name=op.f('fk_project_participant_outcomes_organisation_id_organisations')),
    sa.ForeignKeyConstraint(['participant_id'], ['project_participants.id'], name=op.f('fk_project_participant_outcomes_participant_id_project_participants')),
    sa.ForeignKeyConstraint(['project_id'], ['projects.id'], name=op.f('fk_project_participant_outcomes_project_id_projects')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_project_participant_outcomes'))
    )
    with op.batch_alter_table('project_participant_outcomes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_project_participant_outcomes_organisation_id'), ['organisation_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_project_participant_outcomes_participant_id'), ['participant_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_project_participant_outcomes_project_id'), ['project_id'], unique=False)

    op.create_table('project_satisfaction_responses',
    sa.Column('project_id', sa.Uuid(), nullable=False),
    sa.Column('participant_id', sa.Uuid(), nullable=True),
    sa.Column('answered_on', sa.Date(), nullable=False),
    sa.Column('scores', sa.JSON().with_variant(postgresql.JSONB(astext_type=Text()), 'postgresql'), nullable=False),
    sa.Column('overall', sa.Integer(), nullable=False),
    sa.Column('comment', sa.Text(), nullable=True),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', chumchon.core.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', chumchon.core.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('organisation_id', sa.Uuid(), nullable=False),
    sa.CheckConstraint('overall BETWEEN 1 AND 5', name=op.f('ck_project_satisfaction_responses_overall_in_range')),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisations.id'], name=op.f('fk_project_satisfaction_responses_organisation_id_organisations')),
    sa.ForeignKeyConstraint(['participant_id'], ['project_participants.id'], name=op.f('fk_project_satisfaction_responses_participant_id_project_participants')),
    sa.ForeignKeyConstraint(['project_id'], ['projects.id'], name=op.f('fk_project_satisfaction_responses_project_id_projects')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_project_satisfaction_responses'))
    )
    with op.batch_alter_table('project_satisfaction_responses', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_project_satisfaction_responses_organisation_id'), ['organisation_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_project_satisfaction_responses_project_id'), ['project_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('project_satisfaction_responses', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_project_satisfaction_responses_project_id'))
        batch_op.drop_index(batch_op.f('ix_project_satisfaction_responses_organisation_id'))

    op.drop_table('project_satisfaction_responses')
    with op.batch_alter_table('project_participant_outcomes', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_project_participant_outcomes_project_id'))
        batch_op.drop_index(batch_op.f('ix_project_participant_outcomes_participant_id'))
        batch_op.drop_index(batch_op.f('ix_project_participant_outcomes_organisation_id'))

    op.drop_table('project_participant_outcomes')
    with op.batch_alter_table('project_attendance', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_project_attendance_session_id'))
        batch_op.drop_index(batch_op.f('ix_project_attendance_project_id'))
        batch_op.drop_index(batch_op.f('ix_project_attendance_participant_id'))
        batch_op.drop_index(batch_op.f('ix_project_attendance_organisation_id'))

    op.drop_table('project_attendance')
    with op.batch_alter_table('project_spending', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_project_spending_project_id'))
        batch_op.drop_index(batch_op.f('ix_project_spending_organisation_id'))
        batch_op.drop_index(batch_op.f('ix_project_spending_line_id'))

    op.drop_table('project_spending')
    with op.batch_alter_table('project_sessions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_project_sessions_project_id'))
        batch_op.drop_index(batch_op.f('ix_project_sessions_organisation_id'))

    op.drop_table('project_sessions')
    with op.batch_alter_table('project_participants', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_project_participants_quota_id'))
        batch_op.drop_index(batch_op.f('ix_project_participants_project_id'))
        batch_op.drop_index(batch_op.f('ix_project_participants_organisation_id'))
        batch_op.drop_index(batch_op.f('ix_project_participants_citizen_id'))

    op.drop_table('project_participants')
    with op.batch_alter_table('project_budget_overruns', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_project_budget_overruns_project_id'))
        batch_op.drop_index(batch_op.f('ix_project_budget_overruns_organisation_id'))
        batch_op.drop_index(batch_op.f('ix_project_budget_overruns_line_id'))

    op.drop_table('project_budget_overruns')
    with op.batch_alter_table('project_versions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_project_versions_project_id'))
        batch_op.drop_index(batch_op.f('ix_project_versions_organisation_id'))

    op.drop_table('project_versions')
    with op.batch_alter_table('project_trainers', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_project_trainers_project_id'))
        batch_op.drop_index(batch_op.f('ix_project_trainers_organisation_id'))

    op.drop_table('project_trainers')
    with op.batch_alter_table('project_quotas', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_project_quotas_project_id'))
        batch_op.drop_index(batch_op.f('ix_project_quotas_organisation_id'))

    op.drop_table('project_quotas')
    with op.batch_alter_table('project_needs_surveys', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_project_needs_surveys_project_id'))
        batch_op.drop_index(batch_op.f('ix_project_needs_surveys_organisation_id'))

    op.drop_table('project_needs_surveys')
    with op.batch_alter_table('project_indicators', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_project_indicators_project_id'))
        batch_op.drop_index(batch_op.f('ix_project_indicators_organisation_id'))

    op.drop_table('project_indicators')
    with op.batch_alter_table('project_budget_lines', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_project_budget_lines_project_id'))
        batch_op.drop_index(batch_op.f('ix_project_budget_lines_organisation_id'))

    op.drop_table('project_budget_lines')
    with op.batch_alter_table('projects', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_projects_village_id'))
        batch_op.drop_index(batch_op.f('ix_projects_state'))
        batch_op.drop_index(batch_op.f('ix_projects_plan_item_id'))
        batch_op.drop_index(batch_op.f('ix_projects_plan_id'))
        batch_op.drop_index(batch_op.f('ix_projects_organisation_id'))
        batch_op.drop_index(batch_op.f('ix_projects_fiscal_year_be'))
        batch_op.drop_index(batch_op.f('ix_projects_category'))

    op.drop_table('projects')
