"""citizens' feedback tickets and their audit, service ratings and their changes (issue 10)

Revision ID: 0012
Revises: 0011
Create Date: 2026-11-29 13:05:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

import models.types

revision: str = '0012'
down_revision: str | None = '0011'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

OPEN = "status IN ('waiting', 'assigned')"


def _at(name: str, nullable: bool = True) -> sa.Column:  # type: ignore[type-arg]
    return sa.Column(name, models.types.UTCDateTime(timezone=True), nullable=nullable)


def _text(name: str, length: int, nullable: bool = False) -> sa.Column:  # type: ignore[type-arg]
    return sa.Column(name, sqlmodel.sql.sqltypes.AutoString(length=length), nullable=nullable)


def upgrade() -> None:
    op.create_table(
        'feedback_ticket',
        sa.Column('id', sa.Integer(), nullable=False),
        _text('code', 32, nullable=True),
        sa.Column('unit_id', sa.Integer(), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        _text('topic', 16), _text('subject', 200), _text('content', 4000),
        sa.Column('contact_ok', sa.Boolean(), nullable=False),
        _text('contact', 100), _text('sector', 32, nullable=True), _text('status', 16),
        sa.Column('assignee_id', sa.Integer(), nullable=True),
        _at('received_at', False), _at('refuse_by', False), _at('due_at', False),
        _at('extended_at'), _text('extension_reason', 500), _text('question', 500),
        _text('more_info', 4000), _text('answer', 4000),
        _at('answered_at'), sa.Column('answered_by', sa.Integer(), nullable=True),
        _text('refusal_reason', 500), _at('escalated_at'), _text('rating', 16, nullable=True),
        _text('rating_comment', 500), _at('rated_at'), _at('closed_at'), _at('hidden_at'),
        sa.Column('hidden_by', sa.Integer(), nullable=True),
        sa.Column('version', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['unit_id'], ['unit.id']),
        sa.ForeignKeyConstraint(['user_id'], ['user.id']),
        sa.ForeignKeyConstraint(['assignee_id'], ['user.id']),
        sa.ForeignKeyConstraint(['answered_by'], ['user.id']),
        sa.ForeignKeyConstraint(['hidden_by'], ['user.id']),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('code'),
    )
    with op.batch_alter_table('feedback_ticket', schema=None) as batch_op:
        batch_op.create_index('ix_feedback_ticket_user_id', ['user_id'], unique=False)
        batch_op.create_index('ix_feedback_unit_received', ['unit_id', 'received_at'],
                              unique=False)
        batch_op.create_index('ix_feedback_open_due', ['unit_id', 'due_at'], unique=False,
                              postgresql_where=sa.text(OPEN), sqlite_where=sa.text(OPEN))
    op.create_table(
        'feedback_action',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('ticket_id', sa.Integer(), nullable=False),
        _at('at', False),
        sa.Column('by', sa.Integer(), nullable=True),
        _text('action', 16), _text('status_before', 16), _text('status_after', 16),
        _text('detail', 500),
        sa.ForeignKeyConstraint(['ticket_id'], ['feedback_ticket.id']),
        sa.ForeignKeyConstraint(['by'], ['user.id']),
        sa.PrimaryKeyConstraint('id'),
    )
    with op.batch_alter_table('feedback_action', schema=None) as batch_op:
        batch_op.create_index('ix_feedback_action_ticket_id', ['ticket_id'], unique=False)


    op.create_table(
        'service_rating',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('unit_id', sa.Integer(), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('dossier_id', sa.Integer(), nullable=True),
        _text('level', 16), sa.Column('criteria', sa.JSON(), nullable=False),
        _at('created_at', False), _at('updated_at', False),
        sa.ForeignKeyConstraint(['unit_id'], ['unit.id']),
        sa.ForeignKeyConstraint(['user_id'], ['user.id']),
        sa.ForeignKeyConstraint(['dossier_id'], ['dossier.id']),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('dossier_id', 'user_id', name='uq_service_rating_dossier_user'),
    )
    with op.batch_alter_table('service_rating', schema=None) as batch_op:
        batch_op.create_index('ix_service_rating_unit_created', ['unit_id', 'created_at'],
                              unique=False)
    op.create_table(
        'service_rating_change',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('rating_id', sa.Integer(), nullable=False),
        _at('at', False), _text('field', 16), _text('old_value', 200), _text('new_value', 200),
        sa.ForeignKeyConstraint(['rating_id'], ['service_rating.id']),
        sa.PrimaryKeyConstraint('id'),
    )
    with op.batch_alter_table('service_rating_change', schema=None) as batch_op:
        batch_op.create_index('ix_service_rating_change_rating_id', ['rating_id'],
                              unique=False)


def downgrade() -> None:
    with op.batch_alter_table('service_rating_change', schema=None) as batch_op:
        batch_op.drop_index('ix_service_rating_change_rating_id')
    op.drop_table('service_rating_change')
    with op.batch_alter_table('service_rating', schema=None) as batch_op:
        batch_op.drop_index('ix_service_rating_unit_created')
    op.drop_table('service_rating')
    with op.batch_alter_table('feedback_action', schema=None) as batch_op:
        batch_op.drop_index('ix_feedback_action_ticket_id')
    op.drop_table('feedback_action')
    with op.batch_alter_table('feedback_ticket', schema=None) as batch_op:
        batch_op.drop_index('ix_feedback_open_due')
        batch_op.drop_index('ix_feedback_unit_received')
        batch_op.drop_index('ix_feedback_ticket_user_id')
    op.drop_table('feedback_ticket')
