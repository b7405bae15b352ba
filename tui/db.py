"""Engine factory, SQLite pragmas and schema migrations.

No engine exists at import time: `open_database()` builds one from a URL when the first worker
runs, so `import sqlalchemy` never delays the first frame. Errors become `DatabaseProblem` with a
Dutch message that names no client data (the engine hides SQL parameters in its errors).
"""

from __future__ import annotations

import re
import shutil
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import event, inspect
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, NoSuchModuleError, OperationalError
from sqlmodel import Session, create_engine

import migrations
from tui.dbfile import DatabaseProblem, Step, check_sqlite_file, sqlite_path
import models.schema  # noqa: F401 - every table must be mapped before the first query
from models.audit import Actor, act_as
from models.changes import NEWS_KEY

SQLITE_BUSY_TIMEOUT_MS = 10_000


@dataclass
class Database:
    engine: Engine
    url: str
    upgraded_from: str | None = None  # revision before an upgrade at start, for the notice
    backup: Path | None = None
    write_epoch: int = 0  # bumped by every write of this app that changed data: its own changes are news

    @contextmanager
    def session(self, actor: Actor | None = None, *, write: bool = False) -> Iterator[Session]:
        """One unit of work. Writes start with BEGIN IMMEDIATE on SQLite (see PERFORMANCE.md)."""
        bind = self.engine.execution_options(teambord_write=True) if write else self.engine
        session = Session(bind, expire_on_commit=False)
        try:
            with session:
                if actor is not None:
                    act_as(session, actor)
                yield session
        finally:
            # Only a change to data is news for the sections: an audited read (opening a client
            # page) or a draft written in the background must not make every section reload.
            if write and session.info.get(NEWS_KEY):
                self.write_epoch += 1

    def dispose(self) -> None:
        self.engine.dispose()


def make_engine(url: str, key: str | None = None) -> Engine:
    """An engine for `url`. With `key` (an encrypted SQLite file) the driver is SQLCipher's: the
    key goes to each connection as its first statement, never into the URL (URLs are shown and logged)."""
    is_sqlite = make_url(url).get_backend_name() == "sqlite"
    if is_sqlite:
        options = {}
        if key is not None:
            from tui.encryption import sqlcipher

            options["module"] = sqlcipher()  # SQLAlchemy's sqlite dialect takes any sqlite3-like module
        engine = create_engine(url, hide_parameters=True, connect_args={"check_same_thread": False,
                                                                         "timeout": SQLITE_BUSY_TIMEOUT_MS / 1000},
                               **options)
        _configure_sqlite(engine, key, sqlite_path(url))
    else:
        engine = create_engine(url, hide_parameters=True, pool_pre_ping=True)
    event.listen(engine, "handle_error", _scrub_error_detail)
    return engine


def _scrub_error_detail(context) -> None:
    """Keep client data out of exception messages.

    hide_parameters keeps SQL parameters out; PostgreSQL also repeats values in the error's DETAIL
    line ("Key (code)=(ZS-0008) already exists"). Keep only the first line: what went wrong and
    which constraint, never the values.
    """
    original = context.original_exception
    text = str(original)
    if "\n" not in text:
        return
    first_line = text.split("\n", 1)[0]
    original.args = (first_line,)
    wrapped = context.sqlalchemy_exception  # its message was built from the original already
    if wrapped is not None and wrapped.args:
        wrapped.args = (str(wrapped.args[0]).replace(text, first_line), *wrapped.args[1:])


def _configure_sqlite(engine: Engine, key: str | None = None, path: Path | None = None) -> None:
    from tui.encryption import key_statements

    # Built once: each new connection runs them before anything reads the file (SQLCipher needs
    # the key before the first page is read; the WAL pragma below reads it).
    first = key_statements(key, path) if key is not None else []

    @event.listens_for(engine, "connect")
    def _pragmas(dbapi_connection, _record) -> None:
        # Let SQLAlchemy, not the sqlite3 module, decide when transactions begin (below).
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        for statement in first:
            cursor.execute(statement)
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _begin(connection) -> None:
        # A deferred transaction that turns into a write gets "database is locked" at once,
        # ignoring busy_timeout; writers take the lock up front instead.
        write = connection.get_execution_options().get("teambord_write", False)
        connection.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")


def alembic_config(connection=None):
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(Path(migrations.__file__).parent))
    if connection is not None:
        config.attributes["connection"] = connection
    return config


@dataclass(frozen=True)
class SchemaState:
    current: str | None
    head: str
    known: bool  # the current revision is one this app knows
    foreign_tables: bool  # tables present but no Teambord revision

    @property
    def up_to_date(self) -> bool:
        return self.current == self.head


def schema_state(engine: Engine) -> SchemaState:
    from alembic.runtime.migration import MigrationContext
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(alembic_config())
    head = script.get_current_head()
    with engine.connect() as connection:
        current = MigrationContext.configure(connection).get_current_revision()
        tables = set(inspect(connection).get_table_names()) - {"alembic_version"}
    known = current is None or any(rev.revision == current for rev in script.walk_revisions())
    return SchemaState(current=current, head=head, known=known, foreign_tables=current is None and bool(tables))


def upgrade(engine: Engine) -> None:
    from alembic import command

    with engine.begin() as connection:
        command.upgrade(alembic_config(connection), "head")


def open_database(url: str, *, migrate: bool = True, key: str | None = None, find_key: bool = False) -> Database:
    """Open (and if needed create or upgrade) the database, or raise DatabaseProblem.

    Each failure names its step (Step): a wrong URL or an unreachable server is "verbinden", a
    file that is no database is "openen", a failing migration is "schema bijwerken". `key` opens
    an encrypted SQLite file (tui/encryption.py); a wrong one is said in Dutch. `find_key` (the
    command lines, never the app's worker) gets the key of an encrypted file from TEAMBORD_SLEUTEL,
    the keyring or the terminal first.
    """
    if find_key and key is None:
        from tui.encryption import database_key_for

        key = database_key_for(url)
    path = sqlite_path(url)
    if path is not None:
        check_sqlite_file(path, encrypted_ok=key is not None)
        _create_private(path)
    engine = engine_for(url, key)
    step = Step.CONNECTING
    try:
        database = Database(engine=engine, url=url)
        with engine.connect() as connection:
            step = Step.OPENING
            current = _current_revision(connection)
        if current is not None and current == head_revision():  # the everyday case, without Alembic
            return database
        state = schema_state(engine)
        if not state.known:
            raise DatabaseProblem(
                "Deze database is gemaakt met een nieuwere versie van Teambord "
                f"(schema {state.current}). Werk Teambord bij; de database is niet aangeraakt."
            )
        if state.foreign_tables:
            raise DatabaseProblem("Deze database bevat tabellen die niet van Teambord zijn; hij is niet aangeraakt.")
        if not state.up_to_date:
            if not migrate:
                raise DatabaseProblem(
                    f"Het schema van de database ({state.current or 'leeg'}) is ouder dan dat van Teambord "
                    f"({state.head}). Voer 'teambord db upgrade' uit."
                )
            step = Step.MIGRATING
            if state.current is not None and path is not None:
                database.backup = _backup(engine, path, state.current)
            upgrade(engine)
            database.upgraded_from = state.current
        return database
    except DatabaseProblem:
        engine.dispose()
        raise
    except (OperationalError, DBAPIError, sqlite3.DatabaseError, OSError) as error:
        engine.dispose()
        raise DatabaseProblem(_describe(error, url, key), step=step) from None


def _create_private(path: Path) -> None:
    """A new database file is made empty with mode 0600 before SQLite opens it; SQLite gives the
    -wal and -shm files the mode of the database file, so they are 0600 too. An existing file keeps
    its mode (models/file_modes.py)."""
    from models.file_modes import create_private_file

    try:
        create_private_file(path)
    except OSError:
        raise DatabaseProblem(f"Het databasebestand {path} kan niet worden aangemaakt (rechten?).") from None


def read_schema_state(url: str, key: str | None = None) -> SchemaState:
    """The schema state of an existing database, for `teambord db check`; never creates anything."""
    path = sqlite_path(url)
    if path is not None:
        check_sqlite_file(path, encrypted_ok=key is not None)
        if not path.exists():
            raise DatabaseProblem("De database bestaat nog niet. Maak hem met 'teambord db upgrade'.")
    engine = engine_for(url, key)
    try:
        return schema_state(engine)
    except (OperationalError, DBAPIError, sqlite3.DatabaseError, OSError) as error:
        raise DatabaseProblem(_describe(error, url, key), step=Step.CONNECTING) from None
    finally:
        engine.dispose()


def engine_for(url: str, key: str | None = None) -> Engine:
    """make_engine, with a URL that SQLAlchemy cannot read turned into a Dutch DatabaseProblem."""
    try:
        return make_engine(url, key)
    except ModuleNotFoundError as missing:
        # The PostgreSQL driver is an extra (`teambord[postgres]`): say so instead of "ongeldig".
        if (missing.name or "").partition(".")[0] in ("psycopg", "psycopg2"):
            raise DatabaseProblem(
                "Voor een PostgreSQL-database is het stuurprogramma psycopg nodig, en dat is niet geïnstalleerd. "
                "Installeer Teambord opnieuw met PostgreSQL-ondersteuning: pip install 'teambord[postgres]'.",
                step=Step.CONNECTING) from None
        raise DatabaseProblem(
            "De database-URL is ongeldig. Schrijf bijvoorbeeld sqlite:///pad/naar/teambord.db of "
            "postgresql+psycopg://gebruiker@server/teambord.", step=Step.CONNECTING) from None
    except (ArgumentError, NoSuchModuleError, ValueError, ImportError):
        raise DatabaseProblem(
            "De database-URL is ongeldig. Schrijf bijvoorbeeld sqlite:///pad/naar/teambord.db of "
            "postgresql+psycopg://gebruiker@server/teambord.", step=Step.CONNECTING) from None


def _current_revision(connection) -> str | None:
    """The schema revision in alembic_version, or None for a database without one (a new one)."""
    if "alembic_version" not in inspect(connection).get_table_names():
        return None
    return connection.exec_driver_sql("SELECT version_num FROM alembic_version").scalar()


def head_revision() -> str:
    """The newest migration, read from the scripts' headers (the chain is linear)."""
    revisions, parents = set(), set()
    for script in (Path(migrations.__file__).parent / "versions").glob("*.py"):
        text = script.read_text(encoding="utf-8")
        revision = re.search(r"^revision = ['\"]([^'\"]+)['\"]", text, re.MULTILINE)
        parent = re.search(r"^down_revision = ['\"]([^'\"]+)['\"]", text, re.MULTILINE)
        if revision:
            revisions.add(revision.group(1))
        if parent:
            parents.add(parent.group(1))
    heads = revisions - parents
    return heads.pop() if len(heads) == 1 else ""


def _backup(engine: Engine, path: Path, revision: str) -> Path:
    """Copy a SQLite file before its schema changes, so an upgrade never loses a user's data."""
    target = path.with_name(f"{path.stem}.voor-{revision}{path.suffix}")
    with engine.connect() as connection:
        connection.exec_driver_sql("PRAGMA wal_checkpoint(FULL)")
    shutil.copy2(path, target)
    return target


def _describe(error: Exception, url: str, key: str | None = None) -> str:
    text = str(getattr(error, "orig", error)).lower()
    if "not a database" in text or "file is encrypted" in text:
        from tui.dbfile import is_encrypted
        from tui.encryption import WRONG_KEY

        path = sqlite_path(url)
        if key is not None and path is not None and is_encrypted(path):
            return WRONG_KEY
        if key is not None:  # a key for a plain file (or a broken one): the key is not the problem
            return "Het databasebestand is niet versleuteld, of het is beschadigd: open het zonder teamsleutel."
        return "Het databasebestand is beschadigd of geen Teambord-database."
    if "readonly" in text or "read-only" in text or "unable to open" in text:
        return "Het databasebestand kan niet worden geopend of beschreven (rechten?)."
    if "locked" in text:
        return "De database is bezet door een ander programma. Probeer het zo nog eens."
    try:
        where = make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        where = "ongeldige URL"
    return f"Kan geen verbinding maken met de database ({where}). Controleer de URL en of de server draait."
