"""Storage: migrations from an empty database, SQLite pragmas, and the Dutch start-up errors."""

from __future__ import annotations

import sqlite3

import pytest
from sqlalchemy import inspect

from models.schema import metadata
from tests.databases import BACKENDS, fresh_database_url
from tui.db import DatabaseProblem, open_database, schema_state


@pytest.mark.parametrize("backend", BACKENDS)
def test_migration_creates_every_table_from_an_empty_database(backend, tmp_path):
    with fresh_database_url(backend, tmp_path) as url:
        database = open_database(url)
        tables = set(inspect(database.engine).get_table_names())
        state = schema_state(database.engine)
        database.dispose()
    assert set(metadata.tables) <= tables
    assert state.up_to_date and state.current == state.head


@pytest.mark.parametrize("backend", BACKENDS)
def test_migrated_schema_matches_the_models(backend, tmp_path):
    """Autogenerate against the migrated database finds nothing: models and migrations agree."""
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext

    with fresh_database_url(backend, tmp_path) as url:
        database = open_database(url)
        with database.engine.connect() as connection:
            diff = compare_metadata(MigrationContext.configure(connection), metadata)
        database.dispose()
    assert diff == []


def test_sqlite_runs_in_wal_with_foreign_keys_and_busy_timeout(tmp_path):
    database = open_database(f"sqlite:///{tmp_path / 'new.db'}")
    with database.engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert connection.exec_driver_sql("PRAGMA busy_timeout").scalar() >= 5000
    database.dispose()


def test_newer_schema_is_refused_untouched(tmp_path):
    path = tmp_path / "future.db"
    open_database(f"sqlite:///{path}").dispose()
    with sqlite3.connect(path) as raw:
        raw.execute("UPDATE alembic_version SET version_num = '9999_from_the_future'")
    before = path.read_bytes()
    with pytest.raises(DatabaseProblem, match="nieuwere versie van Teambord"):
        open_database(f"sqlite:///{path}")
    assert path.read_bytes() == before


def test_file_that_is_not_a_database_is_refused(tmp_path):
    path = tmp_path / "notes.db"
    path.write_text("boodschappenlijst")
    with pytest.raises(DatabaseProblem, match="geen Teambord-database"):
        open_database(f"sqlite:///{path}")


def test_unwritable_folder_is_refused(tmp_path):
    folder = tmp_path / "locked"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        import os

        if os.access(folder, os.W_OK):  # root ignores permissions: use a folder under a file
            target = tmp_path / "a-file" / "teambord.db"
            (tmp_path / "a-file").write_text("")
        else:
            target = folder / "teambord.db"
        with pytest.raises(DatabaseProblem, match="map"):
            open_database(f"sqlite:///{target}")
    finally:
        folder.chmod(0o700)


def test_unreadable_file_is_refused(tmp_path, monkeypatch):
    path = tmp_path / "teambord.db"
    open_database(f"sqlite:///{path}").dispose()
    import pathlib

    real_open = pathlib.Path.open

    def deny_reading(self, mode="r", *args, **kwargs):  # root ignores chmod, so simulate it
        if self == path and "r" in mode:
            raise PermissionError("denied")
        return real_open(self, mode, *args, **kwargs)

    monkeypatch.setattr(pathlib.Path, "open", deny_reading)
    with pytest.raises(DatabaseProblem, match="kan niet worden gelezen"):
        open_database(f"sqlite:///{path}")


def test_older_schema_is_upgraded_at_start_with_a_backup_first(tmp_path):
    """A database at revision 0001 (with data) is upgraded, and the old file is copied first."""
    from sqlmodel import Session

    from models.tables.workers import Worker
    from alembic import command

    from tui.db import alembic_config, make_engine

    path = tmp_path / "teambord.db"
    engine = make_engine(f"sqlite:///{path}")
    with engine.begin() as connection:
        command.upgrade(alembic_config(connection), "0001")
    with engine.begin() as connection:
        connection.exec_driver_sql(
            "INSERT INTO worker (version, code, name, role, contract_hours, work_days, active) "
            "VALUES (1, 'AV', 'Anna Vos', 'ambulant', 36, '1,2,3,4,5', 1)")
    engine.dispose()

    database = open_database(f"sqlite:///{path}")
    assert database.upgraded_from == "0001"
    assert database.backup is not None and database.backup.exists()
    assert schema_state(database.engine).up_to_date
    with Session(database.engine) as session:
        assert session.get(Worker, 1).code == "AV"  # the data came along
    database.dispose()
    backup_state = sqlite3.connect(database.backup).execute("SELECT version_num FROM alembic_version").fetchone()
    assert backup_state == ("0001",)
