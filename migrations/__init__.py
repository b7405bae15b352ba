"""Alembic migrations, shipped inside the package so an installed Teambord can upgrade a database."""
