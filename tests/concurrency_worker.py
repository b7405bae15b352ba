"""One editing process for tests/test_concurrency.py: load, change, save with optimistic locking."""

from __future__ import annotations

import time

from sqlalchemy.exc import OperationalError

from models.audit import Actor
from models.tables.clients import Client
from models.client.write import update_client
from models.errors import ConcurrentEdit
from tui.db import Database, make_engine


def edit_loop(url: str, client_id: int, user: str, seconds: float, max_attempts: int) -> dict:
    """Edit one client repeatedly for a bounded time; report what was accepted and refused."""
    database = Database(engine=make_engine(url), url=url)
    accepted, refused, errors = [], 0, []
    deadline = time.monotonic() + seconds
    attempts = 0
    try:
        while time.monotonic() < deadline and attempts < max_attempts:
            attempts += 1
            with database.session() as session:  # the form loads the record...
                loaded = session.get(Client, client_id).version
            note = f"{user}-{attempts}"
            try:
                with database.session(Actor(user), write=True) as session:  # ...and saves later
                    update_client(session, client_id, loaded, {"melding_note": note})
                    session.commit()  # update_client only flushes
                accepted.append(note)
            except ConcurrentEdit:
                refused += 1
            except OperationalError as error:  # "database is locked" would land here
                errors.append(type(error).__name__ + ": " + str(error.orig).split("\n")[0])
    finally:
        database.dispose()
    return {"user": user, "attempts": attempts, "accepted": accepted, "refused": refused, "errors": errors}
