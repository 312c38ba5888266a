"""people audit, sectors per person, edits and undo by submission

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-29 05:39:58.527567
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

import models.types


revision: str = '0006'
down_revision: str | None = '0005'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _json_list_of(column: str) -> str:
    """A one-element JSON list of a text column, in this dialect's SQL."""
    if op.get_bind().dialect.name == "postgresql":
        return f"json_build_array({column})"
    return f"json_array({column})"


def upgrade() -> None:
    op.create_table('member_change',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('unit_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('changed_by', sa.Integer(), nullable=True),
    sa.Column('changed_at', models.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('field', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('old_value', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('new_value', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.ForeignKeyConstraint(['changed_by'], ['user.id'], ),
    sa.ForeignKeyConstraint(['unit_id'], ['unit.id'], ),
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('member_change', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_member_change_unit_id'), ['unit_id'], unique=False)

    # Plain ADD COLUMN with an inline REFERENCES: SQLite cannot add a foreign key otherwise,
    # and rebuilding `submission` (as batch mode would) fails while value_change points at it.
    op.add_column('submission', sa.Column('message_id', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True))
    op.add_column('submission', sa.Column('corrects_id', sa.Integer(), sa.ForeignKey('submission.id'), nullable=True),
                  inline_references=True)
    op.create_index('ix_submission_user_message', 'submission', ['user_id', 'message_id'], unique=False)

    op.add_column('daily_value', sa.Column('submission_id', sa.Integer(), sa.ForeignKey('submission.id'), nullable=True),
                  inline_references=True)
    op.add_column('daily_value', sa.Column('previous_value', sa.Integer(), nullable=True))
    op.add_column('daily_value', sa.Column('previous_submission_id', sa.Integer(), nullable=True))
    # Existing figures: the latest line, form or approval that set the value they hold.
    op.execute("""
        UPDATE daily_value SET submission_id = (
            SELECT MAX(s.id) FROM submission s JOIN value_change v ON v.submission_id = s.id
            WHERE s.unit_id = daily_value.unit_id AND s.day = daily_value.day
              AND s.sector = daily_value.sector AND v.element = daily_value.element
              AND v.new_value = daily_value.value AND s.source <> 'undo')
    """)

    op.add_column('value_change', sa.Column('old_submission_id', sa.Integer(), nullable=True))

    # `user` is referenced by most tables: add in place, never rebuild it.
    op.add_column('user', sa.Column('sectors', sa.JSON(), server_default=sa.text("'[]'"), nullable=False))
    op.execute(f'UPDATE "user" SET sectors = {_json_list_of("sector")} WHERE sector IS NOT NULL')

    with op.batch_alter_table('invite', schema=None) as batch_op:
        batch_op.add_column(sa.Column('sectors', sa.JSON(), server_default=sa.text("'[]'"), nullable=False))
        batch_op.add_column(sa.Column('revoked_at', models.types.UTCDateTime(timezone=True), nullable=True))
    op.execute(f"UPDATE invite SET sectors = {_json_list_of('sector')} WHERE sector IS NOT NULL")
    with op.batch_alter_table('invite', schema=None) as batch_op:
        batch_op.drop_column('sector')


def downgrade() -> None:
    with op.batch_alter_table('invite', schema=None) as batch_op:
        batch_op.add_column(sa.Column('sector', sa.VARCHAR(length=32), nullable=True))
    first = ("sectors->>0" if op.get_bind().dialect.name == "postgresql"
             else "json_extract(sectors, '$[0]')")
    op.execute(f"UPDATE invite SET sector = {first}")
    with op.batch_alter_table('invite', schema=None) as batch_op:
        batch_op.drop_column('revoked_at')
        batch_op.drop_column('sectors')

    with op.batch_alter_table('user', schema=None) as batch_op:
        batch_op.drop_column('sectors')

    with op.batch_alter_table('value_change', schema=None) as batch_op:
        batch_op.drop_column('old_submission_id')

    with op.batch_alter_table('daily_value', schema=None) as batch_op:
        batch_op.drop_column('previous_submission_id')
        batch_op.drop_column('previous_value')
        batch_op.drop_column('submission_id')

    op.drop_index('ix_submission_user_message', 'submission')
    with op.batch_alter_table('submission', schema=None) as batch_op:
        batch_op.drop_column('corrects_id')
        batch_op.drop_column('message_id')

    with op.batch_alter_table('member_change', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_member_change_unit_id'))

    op.drop_table('member_change')
