"""Alembic environment: runs on the connection Teambord hands over (see tui/db.py)."""

from alembic import context
from sqlalchemy import create_engine

from models.schema import metadata

config = context.config


def run() -> None:
    connection = config.attributes.get("connection")
    if connection is None:  # plain `alembic` CLI use by a developer: -x url=...
        url = context.get_x_argument(as_dictionary=True).get("url", "sqlite:///teambord-dev.db")
        with create_engine(url).begin() as connection:
            _migrate(connection)
    else:
        _migrate(connection)


def _migrate(connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=metadata,
        render_as_batch=connection.dialect.name == "sqlite",  # SQLite alters tables by copying
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


run()
