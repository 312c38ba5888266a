"""a unit's report cut-off day (15th-14th by default; 0 or NULL: calendar months)

Revision ID: 0011
Revises: 0010
Create Date: 2026-11-29 12:40:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0011'
down_revision: str | None = '0010'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('unit', schema=None) as batch_op:
        batch_op.add_column(sa.Column('report_cutoff_day', sa.Integer(), nullable=True,
                                      server_default='15'))


def downgrade() -> None:
    with op.batch_alter_table('unit', schema=None) as batch_op:
        batch_op.drop_column('report_cutoff_day')
