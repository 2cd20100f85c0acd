"""community plans: plans, teams, profiles, forums, problems, rankings, options, items

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-24 08:18:33.814358
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy import Text
from sqlalchemy.dialects import postgresql

import chumchon.core.db

revision: str = '0004'
down_revision: str | None = '0003'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('community_plans',
    sa.Column('village_id', sa.Uuid(), nullable=True),
    sa.Column('title_th', sa.String(length=300), nullable=False),
    sa.Column('vision_th', sa.Text(), nullable=True),
    sa.Column('note', sa.Text(), nullable=True),
    sa.Column('fiscal_year_start_be', sa.Integer(), nullable=False),
    sa.Column('fiscal_year_end_be', sa.Integer(), nullable=False),
    sa.Column('state', sa.String(length=32), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', chumchon.core.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', chumchon.core.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('organisation_id', sa.Uuid(), nullable=False),
    sa.CheckConstraint('fiscal_year_end_be >= fiscal_year_start_be', name=op.f('ck_community_plans_fiscal_years_in_order')),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisations.id'], name=op.f('fk_community_plans_organisation_id_organisations')),
    sa.ForeignKeyConstraint(['village_id'], ['villages.id'], name=op.f('fk_community_plans_village_id_villages')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_community_plans'))
    )
    with op.batch_alter_table('community_plans', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_community_plans_fiscal_year_end_be'), ['fiscal_year_end_be'], unique=False)
        batch_op.create_index(batch_op.f('ix_community_plans_fiscal_year_start_be'), ['fiscal_year_start_be'], unique=False)
        batch_op.create_index(batch_op.f('ix_community_plans_organisation_id'), ['organisation_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_community_plans_state'), ['state'], unique=False)
        batch_op.create_index(batch_op.f('ix_community_plans_village_id'), ['village_id'], unique=False)

    op.create_table('plan_forums',
    sa.Column('plan_id', sa.Uuid(), nullable=False),
    sa.Column('held_on', sa.Date(), nullable=False),
    sa.Column('place_th', sa.String(length=200), nullable=False),
    sa.Column('attendance', sa.Integer(), nullable=False),
    sa.Column('minutes_th', sa.Text(), nullable=False),
    sa.Column('ranking_method', sa.String(length=16), nullable=True),
    sa.Column('ranked_at', chumchon.core.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', chumchon.core.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', chumchon.core.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('organisation_id', sa.Uuid(), nullable=False),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisations.id'], name=op.f('fk_plan_forums_organisation_id_organisations')),
    sa.ForeignKeyConstraint(['plan_id'], ['community_plans.id'], name=op.f('fk_plan_forums_plan_id_community_plans')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_plan_forums'))
    )
    with op.batch_alter_table('plan_forums', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_plan_forums_organisation_id'), ['organisation_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_plan_forums_plan_id'), ['plan_id'], unique=False)

    op.create_table('plan_profiles',
    sa.Column('plan_id', sa.Uuid(), nullable=False),
    sa.Column('population', sa.Integer(), nullable=False),
    sa.Column('households', sa.Integer(), nullable=False),
    sa.Column('occupations', sa.JSON().with_variant(postgresql.JSONB(astext_type=Text()), 'postgresql'), nullable=False),
    sa.Column('resources', sa.JSON().with_variant(postgresql.JSONB(astext_type=Text()), 'postgresql'), nullable=False),
    sa.Column('potentials', sa.JSON().with_variant(postgresql.JSONB(astext_type=Text()), 'postgresql'), nullable=False),
    sa.Column('data_sources', sa.JSON().with_variant(postgresql.JSONB(astext_type=Text()), 'postgresql'), nullable=False),
    sa.Column('summary_th', sa.Text(), nullable=True),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', chumchon.core.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', chumchon.core.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('organisation_id', sa.Uuid(), nullable=False),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisations.id'], name=op.f('fk_plan_profiles_organisation_id_organisations')),
    sa.ForeignKeyConstraint(['plan_id'], ['community_plans.id'], name=op.f('fk_plan_profiles_plan_id_community_plans')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_plan_profiles')),
    sa.UniqueConstraint('plan_id', name=op.f('uq_plan_profiles_plan_id'))
    )
    with op.batch_alter_table('plan_profiles', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_plan_profiles_organisation_id'), ['organisation_id'], unique=False)

    op.create_table('plan_team_members',
    sa.Column('plan_id', sa.Uuid(), nullable=False),
    sa.Column('team', sa.String(length=16), nullable=False),
    sa.Column('full_name', sa.String(length=200), nullable=False),
    sa.Column('role_th', sa.String(length=100), nullable=False),
    sa.Column('affiliation_th', sa.String(length=200), nullable=True),
    sa.Column('phone', sa.String(length=20), nullable=True),
    sa.Column('is_active', sa.Boolean(), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', chumchon.core.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', chumchon.core.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('organisation_id', sa.Uuid(), nullable=False),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisations.id'], name=op.f('fk_plan_team_members_organisation_id_organisations')),
    sa.ForeignKeyConstraint(['plan_id'], ['community_plans.id'], name=op.f('fk_plan_team_members_plan_id_community_plans')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_plan_team_members'))
    )
    with op.batch_alter_table('plan_team_members', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_plan_team_members_organisation_id'), ['organisation_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_plan_team_members_plan_id'), ['plan_id'], unique=False)

    op.create_table('plan_problems',
    sa.Column('plan_id', sa.Uuid(), nullable=False),
    sa.Column('forum_id', sa.Uuid(), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('title_th', sa.String(length=300), nullable=False),
    sa.Column('description_th', sa.Text(), nullable=True),
    sa.Column('category_th', sa.String(length=100), nullable=True),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', chumchon.core.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', chumchon.core.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('organisation_id', sa.Uuid(), nullable=False),
    sa.ForeignKeyConstraint(['forum_id'], ['plan_forums.id'], name=op.f('fk_plan_problems_forum_id_plan_forums')),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisations.id'], name=op.f('fk_plan_problems_organisation_id_organisations')),
    sa.ForeignKeyConstraint(['plan_id'], ['community_plans.id'], name=op.f('fk_plan_problems_plan_id_community_plans')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_plan_problems'))
    )
    with op.batch_alter_table('plan_problems', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_plan_problems_forum_id'), ['forum_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_plan_problems_organisation_id'), ['organisation_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_plan_problems_plan_id'), ['plan_id'], unique=False)

    op.create_table('plan_options',
    sa.Column('plan_id', sa.Uuid(), nullable=False),
    sa.Column('problem_id', sa.Uuid(), nullable=False),
    sa.Column('title_th', sa.String(length=300), nullable=False),
    sa.Column('description_th', sa.Text(), nullable=True),
    sa.Column('budget_estimate', chumchon.core.db.Money(precision=14, scale=2), nullable=True),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', chumchon.core.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', chumchon.core.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('organisation_id', sa.Uuid(), nullable=False),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisations.id'], name=op.f('fk_plan_options_organisation_id_organisations')),
    sa.ForeignKeyConstraint(['plan_id'], ['community_plans.id'], name=op.f('fk_plan_options_plan_id_community_plans')),
    sa.ForeignKeyConstraint(['problem_id'], ['plan_problems.id'], name=op.f('fk_plan_options_problem_id_plan_problems')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_plan_options'))
    )
    with op.batch_alter_table('plan_options', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_plan_options_organisation_id'), ['organisation_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_plan_options_plan_id'), ['plan_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_plan_options_problem_id'), ['problem_id'], unique=False)

    op.create_table('plan_rankings',
    sa.Column('plan_id', sa.Uuid(), nullable=False),
    sa.Column('forum_id', sa.Uuid(), nullable=False),
    sa.Column('problem_id', sa.Uuid(), nullable=False),
    sa.Column('value', sa.Integer(), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', chumchon.core.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', chumchon.core.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('organisation_id', sa.Uuid(), nullable=False),
    sa.ForeignKeyConstraint(['forum_id'], ['plan_forums.id'], name=op.f('fk_plan_rankings_forum_id_plan_forums')),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisations.id'], name=op.f('fk_plan_rankings_organisation_id_organisations')),
    sa.ForeignKeyConstraint(['plan_id'], ['community_plans.id'], name=op.f('fk_plan_rankings_plan_id_community_plans')),
    sa.ForeignKeyConstraint(['problem_id'], ['plan_problems.id'], name=op.f('fk_plan_rankings_problem_id_plan_problems')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_plan_rankings')),
    sa.UniqueConstraint('forum_id', 'problem_id', name=op.f('uq_plan_rankings_forum_id_problem_id'))
    )
    with op.batch_alter_table('plan_rankings', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_plan_rankings_forum_id'), ['forum_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_plan_rankings_organisation_id'), ['organisation_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_plan_rankings_plan_id'), ['plan_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_plan_rankings_problem_id'), ['problem_id'], unique=False)

    op.create_table('plan_items',
    sa.Column('plan_id', sa.Uuid(), nullable=False),
    sa.Column('problem_id', sa.Uuid(), nullable=False),
    sa.Column('option_id', sa.Uuid(), nullable=True),
    sa.Column('title_th', sa.String(length=300), nullable=False),
    sa.Column('description_th', sa.Text(), nullable=True),
    sa.Column('budget_estimate', chumchon.core.db.Money(precision=14, scale=2), nullable=True),
    sa.Column('route', sa.String(length=32), nullable=True),
    sa.Column('agency_name', sa.String(length=200), nullable=True),
    sa.Column('outcome', sa.String(length=16), nullable=True),
    sa.Column('outcome_on', sa.Date(), nullable=True),
    sa.Column('outcome_note', sa.Text(), nullable=True),
    sa.Column('withdrawn', sa.Boolean(), nullable=False),
    sa.Column('project_id', sa.Uuid(), nullable=True),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', chumchon.core.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', chumchon.core.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('organisation_id', sa.Uuid(), nullable=False),
    sa.ForeignKeyConstraint(['option_id'], ['plan_options.id'], name=op.f('fk_plan_items_option_id_plan_options')),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisations.id'], name=op.f('fk_plan_items_organisation_id_organisations')),
    sa.ForeignKeyConstraint(['plan_id'], ['community_plans.id'], name=op.f('fk_plan_items_plan_id_community_plans')),
    sa.ForeignKeyConstraint(['problem_id'], ['plan_problems.id'], name=op.f('fk_plan_items_problem_id_plan_problems')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_plan_items'))
    )
    with op.batch_alter_table('plan_items', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_plan_items_organisation_id'), ['organisation_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_plan_items_plan_id'), ['plan_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_plan_items_problem_id'), ['problem_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_plan_items_project_id'), ['project_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('plan_items', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_plan_items_project_id'))
        batch_op.drop_index(batch_op.f('ix_plan_items_problem_id'))
        batch_op.drop_index(batch_op.f('ix_plan_items_plan_id'))
        batch_op.drop_index(batch_op.f('ix_plan_items_organisation_id'))

    op.drop_table('plan_items')
    with op.batch_alter_table('plan_rankings', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_plan_rankings_problem_id'))
        batch_op.drop_index(batch_op.f('ix_plan_rankings_plan_id'))
        batch_op.drop_index(batch_op.f('ix_plan_rankings_organisation_id'))
        batch_op.drop_index(batch_op.f('ix_plan_rankings_forum_id'))

    op.drop_table('plan_rankings')
    with op.batch_alter_table('plan_options', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_plan_options_problem_id'))
        batch_op.drop_index(batch_op.f('ix_plan_options_plan_id'))
        batch_op.drop_index(batch_op.f('ix_plan_options_organisation_id'))

    op.drop_table('plan_options')
    with op.batch_alter_table('plan_problems', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_plan_problems_plan_id'))
        batch_op.drop_index(batch_op.f('ix_plan_problems_organisation_id'))
        batch_op.drop_index(batch_op.f('ix_plan_problems_forum_id'))

    op.drop_table('plan_problems')
    with op.batch_alter_table('plan_team_members', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_plan_team_members_plan_id'))
        batch_op.drop_index(batch_op.f('ix_plan_team_members_organisation_id'))

    op.drop_table('plan_team_members')
    with op.batch_alter_table('plan_profiles', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_plan_profiles_organisation_id'))

    op.drop_table('plan_profiles')
    with op.batch_alter_table('plan_forums', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_plan_forums_plan_id'))
        batch_op.drop_index(batch_op.f('ix_plan_forums_organisation_id'))

    op.drop_table('plan_forums')
    with op.batch_alter_table('community_plans', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_community_plans_village_id'))
        batch_op.drop_index(batch_op.f('ix_community_plans_state'))
        batch_op.drop_index(batch_op.f('ix_community_plans_organisation_id'))
        batch_op.drop_index(batch_op.f('ix_community_plans_fiscal_year_start_be'))
        batch_op.drop_index(batch_op.f('ix_community_plans_fiscal_year_end_be'))

    op.drop_table('community_plans')
