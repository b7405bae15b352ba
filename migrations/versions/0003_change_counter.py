"""change counter for live refresh

Revision ID: 0003_change_counter
Revises: 0002
"""
from alembic import op
import sqlalchemy as sa
import sqlmodel


revision = '0003_change_counter'
down_revision = '0002'
branch_labels = None
depends_on = None


TABLES = [
    "absence", "action_item", "agenda_item", "appointment", "client", "handover", "handover_client", "meeting",
    "registration", "registration_step", "safety_agreement", "team_setting", "top3_plan", "trajectory",
    "unsafe_situation", "worker",
]


def upgrade() -> None:
    counter = op.create_table(
        'change_counter',
        sa.Column('table_name', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
        sa.Column('value', sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint('table_name'),
    )
    # One row per table up front: writers then only UPDATE, so two first writers cannot race to INSERT.
    op.bulk_insert(counter, [{"table_name": name, "value": 0} for name in TABLES])


def downgrade() -> None:
    op.drop_table('change_counter')
