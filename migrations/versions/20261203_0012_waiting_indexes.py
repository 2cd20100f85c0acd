"""workflow: indexes for what waits for someone (few rows in early states among many)

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-03 20:10:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = '0012'
down_revision: str | None = '0011'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index('ix_allowance_registrations_state', 'allowance_registrations', ['organisation_id', 'state'])
    op.create_index('ix_disability_card_requests_state', 'disability_card_requests', ['organisation_id', 'state'])


def downgrade() -> None:
    op.drop_index('ix_disability_card_requests_state', table_name='disability_card_requests')
    op.drop_index('ix_allowance_registrations_state', table_name='allowance_registrations')
