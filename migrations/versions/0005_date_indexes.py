"""indexes for what sections look up by date: Top-3 plans changed since the last overleg, huisverboden ending soon

Revision ID: 0005_date_indexes
Revises: 0004_form_draft
"""
from alembic import op


revision = '0005_date_indexes'
down_revision = '0004_form_draft'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index(op.f('ix_top3_plan_created_at'), 'top3_plan', ['created_at'], unique=False)
    op.create_index(op.f('ix_client_huisverbod_end'), 'client', ['huisverbod_end'], unique=False)


def downgrade() -> None:
    op.drop_index(op.f('ix_client_huisverbod_end'), table_name='client')
    op.drop_index(op.f('ix_top3_plan_created_at'), table_name='top3_plan')
