"""Encryption at rest of a SQLite database with SQLCipher: the team secret and where it comes from.

Encryption is opt-in (`teambord db versleutelen`, tui/cli_encrypt.py): a lost team secret loses
all data. The secret is SQLCipher's passphrase; SQLCipher 4 derives the page key from it with
PBKDF2-HMAC-SHA512 (256,000 iterations, the salt in the file's first 16 bytes). It is never stored
beside the file: it comes from TEAMBORD_SLEUTEL (scripts and benchmarks, like PGPASSWORD), the OS
keyring, or a prompt in the terminal, in that order (`database_key_for`).

The secret never goes into a URL, a log line or an exception message; `Hidden` keeps it out of
reprs (a traceback that shows local variables, a dataclass repr).
"""

from __future__ import annotations

import functools
import os
import sys
from pathlib import Path

from tui.dbfile import DatabaseProblem, Step, is_encrypted, sqlite_path
from tui.diagnostics import log_failure

KEY_ENV = "TEAMBORD_SLEUTEL"  # for scripts and benchmarks, like PGPASSWORD; not for daily use
KEYRING_SERVICE = "teambord"
MIN_KEY_LENGTH = 12
PROMPT_ATTEMPTS = 3

# SQLCipher 4's defaults (what `teambord db versleutelen` writes): the page key is
# PBKDF2-HMAC-SHA512(passphrase, salt = the file's first 16 bytes, 256,000 iterations, 32 bytes).
KDF_ITERATIONS = 256_000
SALT_BYTES = 16

NEEDS_SQLCIPHER = "Voor een versleutelde database is SQLCipher nodig: pip install 'teambord[versleuteling]'."
WRONG_KEY = "De teamsleutel klopt niet, of dit is geen Teambord-database."


class Hidden(str):
    """A secret that is itself as text (for the PRAGMA) but never shows in a repr."""

    def __repr__(self) -> str:
        return "'***'"


def sqlcipher():
    """The sqlcipher3 DB-API module, or a Dutch DatabaseProblem saying how to install it."""
    try:
        from sqlcipher3 import dbapi2
    except ImportError:
        raise DatabaseProblem(NEEDS_SQLCIPHER, step=Step.OPENING) from None
    return dbapi2


def key_statements(key: str, path: Path | None = None) -> list[str]:
    """What each new connection runs first: the key, then silence SQLCipher's own log, which
    would write "hmac check failed" to the terminal on a wrong key, over the Dutch message.

    For an existing encrypted file the key is given raw (x'…'), derived here once per process:
    with the passphrase SQLCipher runs its 256,000-round KDF on every new connection (~0.1 s
    each; the check before start, the first worker and every further pooled connection would pay
    it). A new file gets the passphrase itself (quotes doubled), so SQLCipher picks its salt.
    """
    salt = _salt(path) if path is not None else None
    if salt is not None:
        statement = Hidden(f"PRAGMA key = \"x'{_derive(salt, key)}'\"")
    else:
        statement = Hidden("PRAGMA key = '" + key.replace("'", "''") + "'")
    return [statement, "PRAGMA cipher_log_level = NONE"]


def _salt(path: Path) -> bytes | None:
    if not is_encrypted(path):
        return None
    try:
        with path.open("rb") as handle:
            return handle.read(SALT_BYTES)
    except OSError:
        return None


@functools.lru_cache(maxsize=8)
def _derive(salt: bytes, key: str) -> str:
    """SQLCipher 4's page key for this salt and passphrase, as hex (a wrong one fails like a wrong passphrase)."""
    import hashlib

    return Hidden(hashlib.pbkdf2_hmac("sha512", key.encode("utf-8"), salt, KDF_ITERATIONS, 32).hex())


def connect(path: Path, key: str):
    """A raw sqlcipher3 connection to `path`, keyed; the caller closes it."""
    connection = sqlcipher().connect(str(path))
    for statement in key_statements(key, path):
        connection.execute(statement)
    return connection


def key_opens(path: Path, key: str) -> bool:
    """True when `key` opens the encrypted file `path` (SQLCipher only checks it at the first read)."""
    database_error = sqlcipher().DatabaseError
    try:
        connection = connect(path, key)
    except database_error:
        return False
    try:
        connection.execute("SELECT count(*) FROM sqlite_master").fetchone()
        return True
    except database_error:
        return False
    finally:
        connection.close()


def keyring_name(path: Path) -> str:
    """The keyring entry of one file: its absolute path, so `--db team.db` and the full path agree."""
    return str(path.expanduser().resolve())


def _keyring():
    """The keyring module when it has a real backend (the fail backend stores nothing), else None."""
    try:
        import keyring
        from keyring.backends import fail

        if isinstance(keyring.get_keyring(), fail.Keyring):
            return None
        return keyring
    except Exception as error:  # noqa: BLE001 - any keyring trouble (no D-Bus, locked) only means: no keyring
        log_failure("keyring", error)  # type and place only, never the text
        return None


def keyring_key(path: Path) -> str | None:
    keyring = _keyring()
    if keyring is None:
        return None
    try:
        found = keyring.get_password(KEYRING_SERVICE, keyring_name(path))
    except Exception as error:  # noqa: BLE001 - see _keyring
        log_failure("keyring", error)  # type and place only, never the text
        return None
    return Hidden(found) if found else None


def store_in_keyring(path: Path, key: str) -> bool:
    """Put the key in the OS keyring; False when there is no usable keyring."""
    keyring = _keyring()
    if keyring is None:
        return False
    try:
        keyring.set_password(KEYRING_SERVICE, keyring_name(path), key)
    except Exception as error:  # noqa: BLE001 - see _keyring; the caller says it in Dutch
        log_failure("keyring", error)  # type and place only, never the text
        return False
    return True


def forget_in_keyring(path: Path) -> bool:
    """Remove the key from the OS keyring; False when there was none (or no usable keyring)."""
    keyring = _keyring()
    if keyring is None:
        return False
    try:
        keyring.delete_password(KEYRING_SERVICE, keyring_name(path))
    except Exception as error:  # noqa: BLE001 - PasswordDeleteError: nothing stored
        log_failure("keyring", error)  # type and place only, never the text
        return False
    return True


def interactive() -> bool:
    """A person at a terminal who can type the key (stdin) and read the question (stderr)."""
    try:
        return sys.stdin.isatty() and sys.stderr.isatty()
    except (AttributeError, ValueError):  # replaced or closed streams
        return False


def ask_key(prompt: str) -> str:
    import getpass

    return Hidden(getpass.getpass(prompt, stream=sys.stderr))


def no_key_message(path: Path) -> str:
    return (f"dit databasebestand is versleuteld ({path}). Start Teambord in een terminal om de teamsleutel in te "
            f"voeren, zet hem in de sleutelbos met 'teambord db sleutel-opslaan', of geef {KEY_ENV} mee.")


def database_key_for(url: str) -> str | None:
    """The key of the database at `url`: None for PostgreSQL and a plain SQLite file; for an
    encrypted file a key that opens it, or a Dutch DatabaseProblem.

    Tried in order: TEAMBORD_SLEUTEL (wrong = stop: a script should not fall back to a prompt),
    the OS keyring (wrong = ignored: the secret may have changed), the terminal (three tries).
    """
    path = sqlite_path(url)
    if path is None or not is_encrypted(path):
        return None
    sqlcipher()  # without it no key helps: say so first
    given = Hidden(os.environ.get(KEY_ENV) or "")  # Hidden at once: a traceback may show locals
    if given:
        if key_opens(path, given):
            return given
        raise DatabaseProblem(WRONG_KEY, step=Step.OPENING)
    stored = keyring_key(path)
    if stored and key_opens(path, stored):
        return stored
    if not interactive():
        raise DatabaseProblem(no_key_message(path), step=Step.OPENING)
    return _prompt_key(path)


def _prompt_key(path: Path) -> str:
    for attempt in range(1, PROMPT_ATTEMPTS + 1):
        key = ask_key(f"Teamsleutel voor {path.name}: ")
        if key and key_opens(path, key):
            return key
        if attempt < PROMPT_ATTEMPTS:
            print("De teamsleutel klopt niet. Probeer het opnieuw.", file=sys.stderr)
    raise DatabaseProblem(WRONG_KEY, step=Step.OPENING)
