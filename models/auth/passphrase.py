"""Hashing and checking passphrases with argon2id (argon2-cffi), never storing them in clear.

The team's hasher uses argon2-cffi's defaults (RFC 9106's low-memory profile: 64 MiB, 3 passes),
about 135 ms per check on our 2-CPU test machine: slow for someone guessing, unnoticeable for someone signing in.
The demo database's hashes use a cheap profile: its passphrase is public ("demo") anyway, and
every test and benchmark starts a demo app. A hash carries its own parameters, so `verify` checks
both kinds with the same call.
"""

from __future__ import annotations

from functools import cache

from models.errors import DomainError

DEMO_PASSPHRASE = "demo"
MIN_LENGTH = 8  # a passphrase, not a PIN: "vier woorden" is easier to remember than "X7!q"


@cache
def _hasher(cheap: bool = False):
    from argon2 import PasswordHasher

    return PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1) if cheap else PasswordHasher()


def hash_passphrase(passphrase: str, *, cheap: bool = False) -> str:
    return _hasher(cheap).hash(passphrase)


def matches(stored_hash: str, passphrase: str) -> bool:
    """True when `passphrase` is the one behind `stored_hash`; False for a wrong one or a broken hash."""
    from argon2.exceptions import InvalidHashError, VerificationError

    try:
        return _hasher().verify(stored_hash, passphrase)
    except (VerificationError, InvalidHashError):
        return False


def check_new_passphrase(passphrase: str, repeated: str) -> None:
    """Refuse a new passphrase that is too short or not typed the same twice (Dutch, for the field)."""
    if len(passphrase.strip()) < MIN_LENGTH:
        raise DomainError(f"Kies een wachtwoordzin van minstens {MIN_LENGTH} tekens, bijvoorbeeld een paar woorden.",
                          field="passphrase")
    if passphrase != repeated:
        raise DomainError("De twee wachtwoordzinnen zijn niet gelijk.", field="repeated")
