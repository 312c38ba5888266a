"""citizens check a dossier: their subscriptions to its news, and the database-backed rate
limit counters (bot/core/limits.py)

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-29 09:23:51.477637
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

import models.types


revision: str = '0010'
down_revision: str | None = '0009'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('rate_count',
    sa.Column('subject', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('key', sqlmodel.sql.sqltypes.AutoString(length=128), nullable=False),
    sa.Column('window_start', models.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('count', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('subject', 'key', 'window_start')
    )
    with op.batch_alter_table('rate_count', schema=None) as batch_op:
        batch_op.create_index('ix_rate_count_window', ['window_start'], unique=False)

    op.create_table('dossier_subscription',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('dossier_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('due_seen', models.types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('created_at', models.types.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['dossier_id'], ['dossier.id'], ),
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('dossier_id', 'user_id', name='uq_dossier_subscription')
    )
    with op.batch_alter_table('dossier_subscription', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_dossier_subscription_user_id'), ['user_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('dossier_subscription', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_dossier_subscription_user_id'))

    op.drop_table('dossier_subscription')
    with op.batch_alter_table('rate_count', schema=None) as batch_op:
        batch_op.drop_index('ix_rate_count_window')

    op.drop_table('rate_count')
