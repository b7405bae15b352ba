"""form drafts: unsaved form input, kept through Ctrl+Q and kill -9

Revision ID: 0004_form_draft
Revises: 0003_change_counter
"""
from alembic import op
import sqlalchemy as sa
import sqlmodel


revision = '0004_form_draft'
down_revision = '0003_change_counter'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'form_draft',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('worker_code', sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
        sa.Column('form_key', sqlmodel.sql.sqltypes.AutoString(length=80), nullable=False),
        sa.Column('title', sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
        sa.Column('fields', sa.Text(), nullable=False),
        sa.Column('saved_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('worker_code', 'form_key'),
    )
    op.create_index(op.f('ix_form_draft_worker_code'), 'form_draft', ['worker_code'], unique=False)


def downgrade() -> None:
    op.drop_index(op.f('ix_form_draft_worker_code'), table_name='form_draft')
    op.drop_table('form_draft')
