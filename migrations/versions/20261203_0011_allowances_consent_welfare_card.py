"""allowances: PDPA consent at intake, the state welfare card (rate, holder, split), card part of a line

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-03 18:31:34.909751
"""

import uuid
from collections.abc import Sequence
from decimal import Decimal

import sqlalchemy as sa
from alembic import op

import chumchon.core.db

revision: str = '0011'
down_revision: str | None = '0010'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# The 2020 disability table's adult band, as 0006 named it. The same Cabinet resolution
# (28 Jan 2020) that made it set 1,000 baht for holders of the state welfare card
# (rules.md §2); 0006 had nowhere to keep that.
_NS = uuid.UUID("6c3f3d8e-2f55-4d0e-9f7a-0a7f5b9c1e20")
_ADULT_2020 = uuid.uuid5(_NS, "rate-disability-2020-10-01-18")


def upgrade() -> None:
    with op.batch_alter_table('allowance_payroll_lines', schema=None) as batch_op:
        batch_op.add_column(sa.Column('card_amount', chumchon.core.db.Money(precision=14, scale=2),
                                      server_default=sa.text('0'), nullable=False))

    with op.batch_alter_table('allowance_programme_settings', schema=None) as batch_op:
        batch_op.add_column(sa.Column('welfare_card_split', sa.Boolean(), server_default=sa.text('false'),
                                      nullable=False))

    with op.batch_alter_table('allowance_rates', schema=None) as batch_op:
        batch_op.add_column(sa.Column('welfare_card_amount', chumchon.core.db.Money(precision=14, scale=2),
                                      nullable=True))

    with op.batch_alter_table('allowance_registrations', schema=None) as batch_op:
        batch_op.add_column(sa.Column('welfare_card_holder', sa.Boolean(), server_default=sa.text('false'),
                                      nullable=False))
        batch_op.add_column(sa.Column('consent_by', sa.String(length=8), nullable=True))
        batch_op.add_column(sa.Column('consent_guardian_name', sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column('consent_guardian_relation', sa.String(length=100), nullable=True))
        batch_op.add_column(sa.Column('consented_on', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('consent_officer_id', sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column('consent_officer_name', sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column('consent_file_ref', sa.String(length=300), nullable=True))

    rates = sa.table("allowance_rates", sa.column("id", sa.Uuid()),
                     sa.column("welfare_card_amount", chumchon.core.db.Money()))
    op.execute(rates.update().where(rates.c.id == _ADULT_2020).values(welfare_card_amount=Decimal("1000.00")))


def downgrade() -> None:
    with op.batch_alter_table('allowance_registrations', schema=None) as batch_op:
        batch_op.drop_column('consent_file_ref')
        batch_op.drop_column('consent_officer_name')
        batch_op.drop_column('consent_officer_id')
        batch_op.drop_column('consented_on')
        batch_op.drop_column('consent_guardian_relation')
        batch_op.drop_column('consent_guardian_name')
        batch_op.drop_column('consent_by')
        batch_op.drop_column('welfare_card_holder')

    with op.batch_alter_table('allowance_rates', schema=None) as batch_op:
        batch_op.drop_column('welfare_card_amount')

    with op.batch_alter_table('allowance_programme_settings', schema=None) as batch_op:
        batch_op.drop_column('welfare_card_split')

    with op.batch_alter_table('allowance_payroll_lines', schema=None) as batch_op:
        batch_op.drop_column('card_amount')
