"""Zalo OA: the OA's tokens and each Zalo user's messaging window

Revision ID: 0013
Revises: 0012
Create Date: 2026-11-29 13:10:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

import models.types

revision: str = '0013'
down_revision: str | None = '0012'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('zalo_token',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('access_token', sa.Text(), nullable=False, server_default=''),
    sa.Column('refresh_token', sa.Text(), nullable=False, server_default=''),
    sa.Column('expires_at', models.types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('refreshed_at', models.types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('failed_at', models.types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('last_error', sqlmodel.sql.sqltypes.AutoString(length=500), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_table('zalo_contact',
    sa.Column('address', sqlmodel.sql.sqltypes.AutoString(length=128), nullable=False),
    sa.Column('last_inbound_at', models.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('sent_since', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('address')
    )


def downgrade() -> None:
    op.drop_table('zalo_contact')
    op.drop_table('zalo_token')
