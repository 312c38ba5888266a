"""dossier register: dossiers, supplement episodes, audit, chat uploads, procedure cut-offs,
and each unit's office hours

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-29 07:06:39.594913
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

import models.types


revision: str = '0009'
down_revision: str | None = '0008'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('procedure_rule',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('procedure_code', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('unit_id', sa.Integer(), nullable=True),
    sa.Column('cutoff', sa.Time(), nullable=True),
    sa.Column('source', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('evidence', sqlmodel.sql.sqltypes.AutoString(length=500), nullable=False),
    sa.Column('updated_at', models.types.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['unit_id'], ['unit.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('procedure_code', 'unit_id', name='uq_procedure_rule')
    )
    with op.batch_alter_table('procedure_rule', schema=None) as batch_op:
        batch_op.create_index('uq_procedure_rule_default', ['procedure_code'], unique=True, postgresql_where=sa.text('unit_id IS NULL'), sqlite_where=sa.text('unit_id IS NULL'))

    op.create_table('dossier',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('unit_id', sa.Integer(), nullable=False),
    sa.Column('code', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('code_key', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('procedure_code', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=True),
    sa.Column('procedure_name', sqlmodel.sql.sqltypes.AutoString(length=1000), nullable=False),
    sa.Column('sector', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=True),
    sa.Column('sector_text', sqlmodel.sql.sqltypes.AutoString(length=300), nullable=False),
    sa.Column('channel', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=True),
    sa.Column('submitted_at', models.types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('received_at', models.types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('due_at', models.types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('original_due_at', models.types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('due_source', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('status', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('resolved_at', models.types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('delivered_at', models.types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('assignee_id', sa.Integer(), nullable=True),
    sa.Column('assignee_text', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('citizen_name', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('citizen_phone', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('supplement_count', sa.Integer(), nullable=False),
    sa.Column('extension_due_at', models.types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('extension_reason', sqlmodel.sql.sqltypes.AutoString(length=500), nullable=False),
    sa.Column('extended_at', models.types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('extended_by', sa.Integer(), nullable=True),
    sa.Column('apology_issued_at', models.types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('created_at', models.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', models.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['assignee_id'], ['user.id'], ),
    sa.ForeignKeyConstraint(['extended_by'], ['user.id'], ),
    sa.ForeignKeyConstraint(['unit_id'], ['unit.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('unit_id', 'code_key', name='uq_dossier_unit_code')
    )
    with op.batch_alter_table('dossier', schema=None) as batch_op:
        batch_op.create_index('ix_dossier_code_key', ['code_key'], unique=False)
        batch_op.create_index('ix_dossier_open_due', ['unit_id', 'due_at'], unique=False, postgresql_where=sa.text("status IN ('received', 'in_progress', 'supplement', 'paused')"), sqlite_where=sa.text("status IN ('received', 'in_progress', 'supplement', 'paused')"))

    op.create_table('dossier_upload',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('unit_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('filename', sqlmodel.sql.sqltypes.AutoString(length=255), nullable=False),
    sa.Column('content', sa.LargeBinary(), nullable=False),
    sa.Column('created_at', models.types.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['unit_id'], ['unit.id'], ),
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('dossier_upload', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_dossier_upload_user_id'), ['user_id'], unique=False)

    op.create_table('dossier_change',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('dossier_id', sa.Integer(), nullable=False),
    sa.Column('changed_at', models.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('changed_by', sa.Integer(), nullable=True),
    sa.Column('source', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('field', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('old_value', sqlmodel.sql.sqltypes.AutoString(length=1000), nullable=True),
    sa.Column('new_value', sqlmodel.sql.sqltypes.AutoString(length=1000), nullable=True),
    sa.ForeignKeyConstraint(['changed_by'], ['user.id'], ),
    sa.ForeignKeyConstraint(['dossier_id'], ['dossier.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('dossier_change', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_dossier_change_dossier_id'), ['dossier_id'], unique=False)

    op.create_table('dossier_supplement',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('dossier_id', sa.Integer(), nullable=False),
    sa.Column('requested_at', models.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('requested_by', sa.Integer(), nullable=True),
    sa.Column('supplied_at', models.types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('due_before', models.types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('due_after', models.types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('note', sqlmodel.sql.sqltypes.AutoString(length=500), nullable=False),
    sa.ForeignKeyConstraint(['dossier_id'], ['dossier.id'], ),
    sa.ForeignKeyConstraint(['requested_by'], ['user.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('dossier_supplement', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_dossier_supplement_dossier_id'), ['dossier_id'], unique=False)

    # `unit` is referenced by most tables: add in place, never rebuild it (SQLite batch mode).
    op.add_column('unit', sa.Column('office_hours', sqlmodel.sql.sqltypes.AutoString(length=100), server_default='', nullable=False))


def downgrade() -> None:
    op.drop_column('unit', 'office_hours')

    with op.batch_alter_table('dossier_supplement', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_dossier_supplement_dossier_id'))

    op.drop_table('dossier_supplement')
    with op.batch_alter_table('dossier_change', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_dossier_change_dossier_id'))

    op.drop_table('dossier_change')
    with op.batch_alter_table('dossier_upload', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_dossier_upload_user_id'))

    op.drop_table('dossier_upload')
    with op.batch_alter_table('dossier', schema=None) as batch_op:
        batch_op.drop_index('ix_dossier_open_due', postgresql_where=sa.text("status IN ('received', 'in_progress', 'supplement', 'paused')"), sqlite_where=sa.text("status IN ('received', 'in_progress', 'supplement', 'paused')"))
        batch_op.drop_index('ix_dossier_code_key')

    op.drop_table('dossier')
    with op.batch_alter_table('procedure_rule', schema=None) as batch_op:
        batch_op.drop_index('uq_procedure_rule_default', postgresql_where=sa.text('unit_id IS NULL'), sqlite_where=sa.text('unit_id IS NULL'))

    op.drop_table('procedure_rule')
