"""a unit's map link and how to get a number or book ahead, told to citizens (/lienhe)

Revision ID: 0014
Revises: 0013
Create Date: 2026-11-29 14:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0014'
down_revision: str | None = '0013'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('unit', schema=None) as batch_op:
        batch_op.add_column(sa.Column('map_url', sa.String(length=300), nullable=False,
                                      server_default=''))
        batch_op.add_column(sa.Column('queue_info', sa.String(length=300), nullable=False,
                                      server_default=''))


def downgrade() -> None:
    with op.batch_alter_table('unit', schema=None) as batch_op:
        batch_op.drop_column('queue_info')
        batch_op.drop_column('map_url')
