"""`teambord db versleutelen | sleutel-opslaan | sleutel-vergeten`: encryption at rest (SQLCipher).

    teambord db versleutelen [--db URL] [--sleutelbos]   encrypt a plain SQLite file in place
    teambord db sleutel-opslaan [--db URL]               put the team secret in the OS keyring
    teambord db sleutel-vergeten [--db URL]              take it out again

Encrypting writes an encrypted copy next to the file (0600), checks that it opens with the key and
holds the same rows, and only then replaces the original (os.replace: all or nothing). The key
comes from TEAMBORD_SLEUTEL or is typed twice; it is never printed or logged.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from tui.cli_common import fail

ACTIONS = ("versleutelen", "sleutel-opslaan", "sleutel-vergeten")

AFTER_ENCRYPTING = (
    "Bewaar de teamsleutel op een veilige plek: zonder de sleutel zijn alle gegevens verloren, ook voor de "
    "beheerder.\n"
    "Let op: delen van het oude, onversleutelde bestand kunnen nog op de schijf staan (een schijf wist "
    "vrijgegeven blokken niet). Zet daarom ook versleuteling van de hele schijf aan (BitLocker, FileVault, LUKS)."
)


def add_options(db: argparse.ArgumentParser) -> None:
    db.add_argument("--sleutelbos", action="store_true",
                    help="bij versleutelen: bewaar de teamsleutel ook in de sleutelbos van het systeem")


def run(args: argparse.Namespace, url: str) -> int:
    from tui.dbfile import DatabaseProblem, describe_problem, sqlite_path

    path = sqlite_path(url)
    if path is None:
        return fail("alleen een SQLite-bestand kan Teambord versleutelen. PostgreSQL heeft eigen versleuteling "
                     "(op de server en met TLS).")
    try:
        if args.actie == "versleutelen":
            return encrypt(path, keyring=args.sleutelbos)
        if args.actie == "sleutel-opslaan":
            return store_key(url, path)
        return forget_key(path)
    except DatabaseProblem as problem:
        return fail(describe_problem(problem))



# --- encrypting ---------------------------------------------------------------------------------


def encrypt(path: Path, *, keyring: bool) -> int:
    from tui.dbfile import check_sqlite_file, is_encrypted
    from tui.encryption import sqlcipher, store_in_keyring

    if not path.exists() or path.stat().st_size == 0:
        return fail(f"het databasebestand {path} bestaat niet (of is leeg).")
    if is_encrypted(path):
        return fail(f"het databasebestand {path} is al versleuteld.")
    check_sqlite_file(path)  # a plain SQLite file in a writable folder, or a Dutch DatabaseProblem
    sqlcipher()
    key = new_key()
    if key is None:
        return 2
    counts = _encrypt_in_place(path, key)
    if counts is None:
        return 2
    print(f"Database versleuteld: {path} ({sum(counts.values())} rijen in {len(counts)} tabellen).")
    if keyring:
        if store_in_keyring(path, key):
            print("De teamsleutel staat in de sleutelbos van deze gebruiker.")
        else:
            print("teambord: er is op deze computer geen sleutelbos beschikbaar; de teamsleutel is niet "
                  "opgeslagen.", file=sys.stderr)
    for backup in sorted(path.parent.glob(f"{path.stem}.voor-*{path.suffix}")):
        print(f"Let op: de reservekopie {backup} is niet versleuteld. Verwijder hem als u hem niet meer nodig "
              "hebt.")
    print(AFTER_ENCRYPTING)
    return 0


def new_key() -> str | None:
    """The new team secret: TEAMBORD_SLEUTEL, or typed twice in a terminal; None after a Dutch refusal."""
    from tui.encryption import KEY_ENV, MIN_KEY_LENGTH, Hidden, ask_key, interactive

    key = Hidden(os.environ.get(KEY_ENV) or "")  # Hidden at once: a traceback may show locals
    if not key:
        if not interactive():
            fail(f"kies de teamsleutel in een terminal, of geef hem mee in {KEY_ENV}.")
            return None
        key = ask_key(f"Nieuwe teamsleutel (minstens {MIN_KEY_LENGTH} tekens): ")
        if len(key) >= MIN_KEY_LENGTH and ask_key("Nogmaals, ter controle: ") != key:
            fail("de twee sleutels verschillen; er is niets veranderd.")
            return None
    if len(key) < MIN_KEY_LENGTH:
        fail(f"de teamsleutel moet minstens {MIN_KEY_LENGTH} tekens lang zijn; er is niets veranderd.")
        return None
    return Hidden(key)


def _encrypt_in_place(path: Path, key: str) -> dict[str, int] | None:
    """Copy `path` encrypted into a private temp file beside it, check the copy, swap it in.

    Returns the row counts per table, or None after a Dutch refusal (the original untouched).
    """
    from models.file_modes import create_private_file

    temp = path.with_name(f".{path.name}.versleutelen")
    _remove(temp)  # a leftover of an interrupted run: never the team's data
    create_private_file(temp)
    try:
        source = _exclusive_plain(path)
        if source is None:
            return None
        try:
            counts = _row_counts(source)
            _export(source, temp, key)
        finally:
            source.close()
        if _encrypted_counts(temp, key) != counts:
            fail("de versleutelde kopie wijkt af van het origineel; er is niets veranderd.")
            return None
        _sync(temp)
        os.replace(temp, path)  # all or nothing: a crash leaves either the old or the new file
        _sync(path.parent)
    finally:
        _remove(temp)
    for leftover in (path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        _remove(leftover)  # of the plain file: they belong to the old, replaced database
    return counts


def _open_elsewhere(path: Path) -> bool:
    """True when another process has the WAL database open (a running Teambord).

    Every SQLite connection to a WAL database holds a shared lock on one byte of the -shm file (the
    "DMS" byte, offset 128 in SQLite's unix VFS) for as long as it is open, even when idle; taking
    that byte exclusively without waiting tells whether anyone else holds it. This must run before
    this process opens the file itself: POSIX locks are per process, and closing this descriptor
    would drop SQLite's own locks in this process too.
    """
    shm = path.with_name(path.name + "-shm")
    try:
        import fcntl
    except ImportError:  # Windows: no such check; SQLite's own locking is all there is
        return False
    try:
        descriptor = os.open(shm, os.O_RDWR)
    except OSError:  # no -shm: nobody has the WAL database open
        return False
    try:
        fcntl.lockf(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB, 1, 128)
    except OSError:
        return True
    else:
        fcntl.lockf(descriptor, fcntl.LOCK_UN, 1, 128)
        return False
    finally:
        os.close(descriptor)


def _exclusive_plain(path: Path):
    """A connection to the plain file with its WAL folded in (journal mode DELETE), or None when
    another program has it open: encrypting under a running Teambord would lose what it writes
    afterwards (it keeps writing to the replaced file)."""
    from tui.encryption import sqlcipher

    if _open_elsewhere(path):
        fail("de database is nog open in een ander programma (Teambord?). Sluit dat eerst; er is niets "
              "veranderd.")
        return None
    module = sqlcipher()
    connection = module.connect(str(path))  # no key: SQLCipher reads a plain file as SQLite does
    try:
        connection.execute("PRAGMA busy_timeout = 2000")
        mode = connection.execute("PRAGMA journal_mode = DELETE").fetchone()[0]
    except module.DatabaseError:
        mode = None
    if str(mode).lower() != "delete":
        connection.close()
        fail("de database is nog open in een ander programma (Teambord?). Sluit dat eerst; er is niets "
              "veranderd.")
        return None
    return connection


def _export(source, temp: Path, key: str) -> None:
    """SQLCipher's own copy of schema and data into the encrypted file (its documented way to encrypt)."""
    from tui.encryption import Hidden

    quoted = str(temp).replace("'", "''")
    secret = Hidden(key.replace("'", "''"))
    source.execute(Hidden(f"ATTACH DATABASE '{quoted}' AS enc KEY '{secret}'"))
    try:
        source.execute("SELECT sqlcipher_export('enc')")
    finally:
        source.execute("DETACH DATABASE enc")


def _row_counts(connection) -> dict[str, int]:
    names = [row[0] for row in connection.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")]
    return {name: connection.execute(f'SELECT count(*) FROM "{name}"').fetchone()[0] for name in names}


def _encrypted_counts(temp: Path, key: str) -> dict[str, int] | None:
    from tui.encryption import connect, sqlcipher

    try:
        connection = connect(temp, key)
    except sqlcipher().DatabaseError:
        return None
    try:
        return _row_counts(connection)
    except sqlcipher().DatabaseError:
        return None
    finally:
        connection.close()


def _sync(path: Path) -> None:
    """fsync a file or folder, so the rename below cannot reach the disk before the data does."""
    try:
        descriptor = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(descriptor)
    except OSError:  # a folder on a system that cannot sync folders
        pass
    finally:
        os.close(descriptor)


def _remove(path: Path) -> None:
    try:
        path.unlink()
    except FileNotFoundError:
        pass


# --- the keyring --------------------------------------------------------------------------------


def store_key(url: str, path: Path) -> int:
    from tui.dbfile import is_encrypted
    from tui.encryption import database_key_for, store_in_keyring

    if not is_encrypted(path):
        return fail(f"het databasebestand {path} is niet versleuteld; er is geen teamsleutel om op te slaan.")
    key = database_key_for(url)  # checked against the file: a typo is not stored
    if not store_in_keyring(path, key):
        return fail("er is op deze computer geen sleutelbos beschikbaar; de teamsleutel is niet opgeslagen.")
    print(f"De teamsleutel voor {path} staat in de sleutelbos van deze gebruiker. Teambord vraagt er niet meer om.")
    return 0


def forget_key(path: Path) -> int:
    from tui.encryption import forget_in_keyring

    if forget_in_keyring(path):
        print(f"De teamsleutel voor {path} is uit de sleutelbos verwijderd.")
    else:
        print(f"Er stond geen teamsleutel voor {path} in de sleutelbos.")
    return 0
