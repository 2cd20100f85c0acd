"""disability cards: requests to the provincial office, their documents, batches, cards

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-24 09:09:58.895780
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy import Text
from sqlalchemy.dialects import postgresql

import chumchon.core.db

revision: str = '0009'
down_revision: str | None = '0008'
branch_labels: str | Sequence[str] | None = None
# The requests and cards point to citizens (0005), which branches from 0002 too.
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('disability_card_batches',
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('sent_on', sa.Date(), nullable=False),
    sa.Column('letter_no', sa.String(length=60), nullable=True),
    sa.Column('province_code', sa.String(length=2), nullable=False),
    sa.Column('sent_by_name', sa.String(length=200), nullable=False),
    sa.Column('request_count', sa.Integer(), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', chumchon.core.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', chumchon.core.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('organisation_id', sa.Uuid(), nullable=False),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisations.id'], name=op.f('fk_disability_card_batches_organisation_id_organisations')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_disability_card_batches')),
    sa.UniqueConstraint('organisation_id', 'number', name=op.f('uq_disability_card_batches_organisation_id_number'))
    )
    with op.batch_alter_table('disability_card_batches', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_disability_card_batches_organisation_id'), ['organisation_id'], unique=False)

    op.create_table('disability_card_requests',
    sa.Column('citizen_id', sa.Uuid(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('state', sa.String(length=12), nullable=False),
    sa.Column('disability_types', sa.JSON().with_variant(postgresql.JSONB(astext_type=Text()), 'postgresql'), nullable=False),
    sa.Column('replacement_reason', sa.String(length=10), nullable=True),
    sa.Column('details_changed', sa.String(length=500), nullable=True),
    sa.Column('previous_card_no', sa.String(length=40), nullable=True),
    sa.Column('previous_card_expires_on', sa.Date(), nullable=True),
    sa.Column('guardian_name', sa.String(length=200), nullable=True),
    sa.Column('guardian_national_id', sa.String(length=13), nullable=True),
    sa.Column('guardian_relationship', sa.String(length=100), nullable=True),
    sa.Column('guardian_phone', sa.String(length=20), nullable=True),
    sa.Column('note', sa.Text(), nullable=True),
    sa.Column('prepared_on', sa.Date(), nullable=True),
    sa.Column('province_code', sa.String(length=2), nullable=True),
    sa.Column('first_sent_on', sa.Date(), nullable=True),
    sa.Column('last_sent_on', sa.Date(), nullable=True),
    sa.Column('last_batch_id', sa.Uuid(), nullable=True),
    sa.Column('send_count', sa.Integer(), nullable=False),
    sa.Column('received_on', sa.Date(), nullable=True),
    sa.Column('province_reference', sa.String(length=60), nullable=True),
    sa.Column('returned_on', sa.Date(), nullable=True),
    sa.Column('return_reason', sa.String(length=24), nullable=True),
    sa.Column('return_note', sa.Text(), nullable=True),
    sa.Column('cancelled_on', sa.Date(), nullable=True),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', chumchon.core.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', chumchon.core.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('organisation_id', sa.Uuid(), nullable=False),
    sa.ForeignKeyConstraint(['citizen_id'], ['citizens.id'], name=op.f('fk_disability_card_requests_citizen_id_citizens')),
    sa.ForeignKeyConstraint(['last_batch_id'], ['disability_card_batches.id'], name=op.f('fk_disability_card_requests_last_batch_id_disability_card_batches')),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisations.id'], name=op.f('fk_disability_card_requests_organisation_id_organisations')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_disability_card_requests'))
    )
    with op.batch_alter_table('disability_card_requests', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_disability_card_requests_citizen_id'), ['citizen_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_disability_card_requests_organisation_id'), ['organisation_id'], unique=False)
        batch_op.create_index('ix_disability_card_requests_province_state', ['province_code', 'state'], unique=False)
        batch_op.create_index('uq_disability_card_requests_open', ['citizen_id'], unique=True, postgresql_where=sa.text("state IN ('draft', 'prepared', 'sent', 'received', 'returned')"), sqlite_where=sa.text("state IN ('draft', 'prepared', 'sent', 'received', 'returned')"))

    op.create_table('disability_card_batch_items',
    sa.Column('batch_id', sa.Uuid(), nullable=False),
    sa.Column('request_id', sa.Uuid(), nullable=False),
    sa.Column('seq', sa.Integer(), nullable=False),
    sa.Column('resend', sa.Boolean(), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', chumchon.core.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', chumchon.core.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('organisation_id', sa.Uuid(), nullable=False),
    sa.ForeignKeyConstraint(['batch_id'], ['disability_card_batches.id'], name=op.f('fk_disability_card_batch_items_batch_id_disability_card_batches')),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisations.id'], name=op.f('fk_disability_card_batch_items_organisation_id_organisations')),
    sa.ForeignKeyConstraint(['request_id'], ['disability_card_requests.id'], name=op.f('fk_disability_card_batch_items_request_id_disability_card_requests')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_disability_card_batch_items')),
    sa.UniqueConstraint('batch_id', 'request_id', name=op.f('uq_disability_card_batch_items_batch_id_request_id'))
    )
    with op.batch_alter_table('disability_card_batch_items', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_disability_card_batch_items_batch_id'), ['batch_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_disability_card_batch_items_organisation_id'), ['organisation_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_disability_card_batch_items_request_id'), ['request_id'], unique=False)

    op.create_table('disability_card_request_documents',
    sa.Column('request_id', sa.Uuid(), nullable=False),
    sa.Column('kind', sa.String(length=40), nullable=False),
    sa.Column('received', sa.Boolean(), nullable=False),
    sa.Column('file_ref', sa.String(length=300), nullable=True),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', chumchon.core.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', chumchon.core.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('organisation_id', sa.Uuid(), nullable=False),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisations.id'], name=op.f('fk_disability_card_request_documents_organisation_id_organisations')),
    sa.ForeignKeyConstraint(['request_id'], ['disability_card_requests.id'], name=op.f('fk_disability_card_request_documents_request_id_disability_card_requests')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_disability_card_request_documents')),
    sa.UniqueConstraint('request_id', 'kind', name=op.f('uq_disability_card_request_documents_request_id_kind'))
    )
    with op.batch_alter_table('disability_card_request_documents', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_disability_card_request_documents_organisation_id'), ['organisation_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_disability_card_request_documents_request_id'), ['request_id'], unique=False)

    op.create_table('disability_cards',
    sa.Column('citizen_id', sa.Uuid(), nullable=False),
    sa.Column('request_id', sa.Uuid(), nullable=False),
    sa.Column('card_number', sa.String(length=40), nullable=False),
    sa.Column('disability_types', sa.JSON().with_variant(postgresql.JSONB(astext_type=Text()), 'postgresql'), nullable=False),
    sa.Column('issued_on', sa.Date(), nullable=False),
    sa.Column('expires_on', sa.Date(), nullable=False),
    sa.Column('province_code', sa.String(length=2), nullable=False),
    sa.Column('issued_by', sa.String(length=200), nullable=False),
    sa.Column('replaced_on', sa.Date(), nullable=True),
    sa.Column('replaced_by_id', sa.Uuid(), nullable=True),
    sa.Column('lapse_recorded_at', chumchon.core.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', chumchon.core.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', chumchon.core.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('organisation_id', sa.Uuid(), nullable=False),
    sa.ForeignKeyConstraint(['citizen_id'], ['citizens.id'], name=op.f('fk_disability_cards_citizen_id_citizens')),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisations.id'], name=op.f('fk_disability_cards_organisation_id_organisations')),
    sa.ForeignKeyConstraint(['replaced_by_id'], ['disability_cards.id'], name=op.f('fk_disability_cards_replaced_by_id_disability_cards')),
    sa.ForeignKeyConstraint(['request_id'], ['disability_card_requests.id'], name=op.f('fk_disability_cards_request_id_disability_card_requests')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_disability_cards')),
    sa.UniqueConstraint('request_id', name=op.f('uq_disability_cards_request_id'))
    )
    with op.batch_alter_table('disability_cards', schema=None) as batch_op:
        batch_op.create_index('ix_disability_cards_citizen_issued', ['citizen_id', 'issued_on'], unique=False)
        batch_op.create_index(batch_op.f('ix_disability_cards_expires_on'), ['expires_on'], unique=False)
        batch_op.create_index(batch_op.f('ix_disability_cards_organisation_id'), ['organisation_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('disability_cards', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_disability_cards_organisation_id'))
        batch_op.drop_index(batch_op.f('ix_disability_cards_expires_on'))
        batch_op.drop_index('ix_disability_cards_citizen_issued')

    op.drop_table('disability_cards')
    with op.batch_alter_table('disability_card_request_documents', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_disability_card_request_documents_request_id'))
        batch_op.drop_index(batch_op.f('ix_disability_card_request_documents_organisation_id'))

    op.drop_table('disability_card_request_documents')
    with op.batch_alter_table('disability_card_batch_items', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_disability_card_batch_items_request_id'))
        batch_op.drop_index(batch_op.f('ix_disability_card_batch_items_organisation_id'))
        batch_op.drop_index(batch_op.f('ix_disability_card_batch_items_batch_id'))

    op.drop_table('disability_card_batch_items')
    with op.batch_alter_table('disability_card_requests', schema=None) as batch_op:
        batch_op.drop_index('uq_disability_card_requests_open', postgresql_where=sa.text("state IN ('draft', 'prepared', 'sent', 'received', 'returned')"), sqlite_where=sa.text("state IN ('draft', 'prepared', 'sent', 'received', 'returned')"))
        batch_op.drop_index('ix_disability_card_requests_province_state')
        batch_op.drop_index(batch_op.f('ix_disability_card_requests_organisation_id'))
        batch_op.drop_index(batch_op.f('ix_disability_card_requests_citizen_id'))

    op.drop_table('disability_card_requests')
    with op.batch_alter_table('disability_card_batches', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_disability_card_batches_organisation_id'))

    op.drop_table('disability_card_batches')
