"""Signing in on the command line: a command that acts as a worker (`--as`, or the last user) first
proves it with that worker's passphrase, as the app's sign-in screen does.

The passphrase comes from TEAMBORD_WACHTWOORDZIN (scripts) or is asked on the terminal without
echo (getpass), up to three times. Each attempt goes through the write door like the screen's, so
it is counted, slowed down and audited the same way. Without a terminal and without the variable
the command stops with a Dutch sentence saying how to give it.
"""

from __future__ import annotations

import getpass
import os
import sys

from models.audit import Actor
from tui import cli_confirm
from tui.settings import PASSPHRASE_ENV

TRIES = 3


def signed_in_actor(database, code: str) -> Actor | str:
    """The Actor for `code` once its passphrase is right, or the Dutch reason it is not."""
    from models.actions.signin import sign_in_as

    given = os.environ.get(PASSPHRASE_ENV)
    if given is None and not cli_confirm.interactive():
        return (f"geef de wachtwoordzin van {code}: start de opdracht in een terminal, of zet hem in "
                f"{PASSPHRASE_ENV}.")
    for _ in range(1 if given is not None else TRIES):
        passphrase = given if given is not None else _ask(code)
        if passphrase is None:
            return "geen wachtwoordzin gegeven."
        result = sign_in_as(database, code, passphrase)
        if result.worker is not None:
            return Actor(result.worker.code)
        if given is not None or result.wait_seconds:  # a script does not retry; a wait is no typo
            break
        print(result.message, file=sys.stderr)
    return result.message[0].lower() + result.message[1:]


def _ask(code: str) -> str | None:
    try:
        return getpass.getpass(f"Wachtwoordzin van {code}: ")
    except (EOFError, KeyboardInterrupt):
        print(file=sys.stderr)
        return None
