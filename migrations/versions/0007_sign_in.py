"""sign-in: worker.coordinator and worker_credential (argon2 passphrase hash, failed attempts)

Revision ID: 0007_sign_in
Revises: 0006_huisverbod_event
"""
from alembic import op
import sqlalchemy as sa
import sqlmodel


revision = '0007_sign_in'
down_revision = '0006_huisverbod_event'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('worker') as batch:
        batch.add_column(sa.Column('coordinator', sa.Boolean(), nullable=False, server_default=sa.false()))
    op.create_table(
        'worker_credential',
        sa.Column('worker_id', sa.Integer(), nullable=False),
        sa.Column('passphrase_hash', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column('failed_attempts', sa.Integer(), nullable=False),
        sa.Column('last_failed_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.Column('changed_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(['worker_id'], ['worker.id'], ),
        sa.PrimaryKeyConstraint('worker_id'),
    )


def downgrade() -> None:
    op.drop_table('worker_credential')
    with op.batch_alter_table('worker') as batch:
        batch.drop_column('coordinator')
