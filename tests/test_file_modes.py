"""Files only for their owner (issue 16 part 4): the database with its -wal/-shm, the log,
config.json and every export are 0600, the folders Teambord makes 0700 — whatever the umask."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest
from sqlalchemy import text

from tests.conftest import FROZEN_TODAY
from tui.cli import main
from models.file_modes import private_file, private_folder, write_private

LAST_WEEK = FROZEN_TODAY.replace(day=17)


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def open_umask():
    """The most careless umask a user can have: without Teambord's own care, all would be readable."""
    previous = os.umask(0o002)
    yield
    os.umask(previous)


def test_a_new_database_and_its_wal_and_shm_are_private(tmp_path, open_umask):
    from tui.db import open_database
    from tui.dbfile import check_sqlite_file

    folder = tmp_path / "nieuw" / "data"
    path = folder / "teambord.db"
    check_sqlite_file(path, create_folder=True)
    database = open_database(f"sqlite:///{path}")
    try:
        with database.engine.connect() as connection:  # keeps the -wal and -shm files while open
            connection.exec_driver_sql("CREATE TABLE IF NOT EXISTS probe (x INTEGER)")
            connection.execute(text("INSERT INTO probe VALUES (1)"))
            connection.commit()
            for name in ("teambord.db", "teambord.db-wal", "teambord.db-shm"):
                assert mode(folder / name) == 0o600, name
    finally:
        database.dispose()
    assert mode(folder) == 0o700 and mode(folder.parent) == 0o700


def test_the_command_line_makes_every_file_private(cli_passphrase, tmp_path, monkeypatch, open_umask):
    """`teambord export verslag` on a new database folder: database, log, config and export."""
    from tui.config import UserConfig
    from tui.diagnostics import log_path
    from tui.paths import config_dir

    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    exports = tmp_path / "exports" / "Teambord"
    monkeypatch.setenv("TEAMBORD_EXPORT_DIR", str(exports))
    database = tmp_path / "db" / "teambord.db"
    database.parent.mkdir()
    url = f"sqlite:///{database}"
    assert main(["seed", "demo", "--db", url]) == 0
    UserConfig().remember_user(url, "AV")
    assert main(["export", "verslag", "--date", LAST_WEEK.isoformat(), "--db", url]) == 0

    assert mode(database) == 0o600
    for suffix in ("-wal", "-shm"):  # removed at the last close; when present, private
        companion = database.with_name(database.name + suffix)
        if companion.exists():
            assert mode(companion) == 0o600
    log = log_path()
    assert log.exists() and mode(log) == 0o600 and mode(log.parent) == 0o700
    config = config_dir() / "config.json"
    assert mode(config) == 0o600 and mode(config.parent) == 0o700
    export = exports / f"verslag-overleg-{LAST_WEEK.isoformat()}.md"
    assert mode(export) == 0o600 and mode(exports) == 0o700 and mode(exports.parent) == 0o700
    assert os.umask(0o002) == 0o002  # main() gave the caller its umask back


def test_the_helpers_tighten_what_they_touch(tmp_path, open_umask):
    loose = tmp_path / "los.txt"
    loose.write_text("oud")
    os.chmod(loose, 0o644)
    write_private(loose, "nieuw")
    assert mode(loose) == 0o600 and loose.read_text() == "nieuw"
    other = tmp_path / "ander.log"
    other.write_text("")
    os.chmod(other, 0o666)
    assert mode(private_file(other)) == 0o600
    shared = tmp_path / "gedeeld"
    shared.mkdir(mode=0o755)
    os.chmod(shared, 0o755)
    private_folder(shared)
    assert mode(shared) == 0o755  # a folder the user chose keeps its mode
    private_folder(shared, tighten_existing=True)
    assert mode(shared) == 0o700
    new = tmp_path / "a" / "b" / "c"
    private_folder(new)
    assert all(mode(folder) == 0o700 for folder in (new, new.parent, new.parent.parent))
