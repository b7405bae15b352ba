"""huisverbod events: extensions, early ends and breaches of a client's tijdelijk huisverbod

Revision ID: 0006_huisverbod_event
Revises: 0005_date_indexes
"""
from alembic import op
import sqlalchemy as sa
import sqlmodel


revision = '0006_huisverbod_event'
down_revision = '0005_date_indexes'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'huisverbod_event',
        sa.Column('version', sa.Integer(), nullable=False),
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('client_id', sa.Integer(), nullable=False),
        sa.Column('kind', sqlmodel.sql.sqltypes.AutoString(length=12), nullable=False),
        sa.Column('day', sa.Date(), nullable=False),
        sa.Column('new_end', sa.Date(), nullable=True),
        sa.Column('note', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column('recorded_by', sqlmodel.sql.sqltypes.AutoString(length=8), nullable=False),
        sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(['client_id'], ['client.id'], ),
        sa.PrimaryKeyConstraint('id'),
    )
    op.create_index(op.f('ix_huisverbod_event_client_id'), 'huisverbod_event', ['client_id'], unique=False)
    op.create_index(op.f('ix_huisverbod_event_day'), 'huisverbod_event', ['day'], unique=False)


def downgrade() -> None:
    op.drop_index(op.f('ix_huisverbod_event_day'), table_name='huisverbod_event')
    op.drop_index(op.f('ix_huisverbod_event_client_id'), table_name='huisverbod_event')
    op.drop_table('huisverbod_event')
