"""Globally unique, stable iCalendar UIDs for what Teambord exports, without a schema change.

A calendar recognises "the same event again" by its UID alone, across every calendar it holds. A
UID built from a row id ("afspraak-17@teambord") is the same in every Teambord database, so two
teams (or a demo and the real database) exporting to one calendar would overwrite each other's
events. Each database therefore gets one random UUID, made on its first export and stored as the
team setting row "database_uuid"; a UID is uuid5(database UUID, "appointment:<id>"): the same
appointment gives the same UID in every export, another database gives another one, and the UID
reveals nothing (no id, no client).

The row is written in the caller's transaction (the export commits it together with its audit
entries). Two apps exporting for the first time at the same moment both try to insert it: the one
that loses (PostgreSQL: a unique violation once the winner commits) takes the winner's UUID.

A known limit: SQLite hands out the id of a deleted appointment again when it was the highest id
(no AUTOINCREMENT on the table; changing that needs a migration), so an appointment created right
after deleting the newest one can get the UID the deleted one had.
"""

from __future__ import annotations

import json
import uuid

KEY = "database_uuid"


def database_uuid(session) -> uuid.UUID:
    """This database's UUID, created (flushed, not committed) on first use."""
    from sqlalchemy.exc import IntegrityError

    from models.settings import TeamSetting

    stored = session.get(TeamSetting, KEY)
    if stored is not None:
        return uuid.UUID(json.loads(stored.value))
    fresh = uuid.uuid4()
    try:
        with session.begin_nested():  # a lost race rolls back only this insert, not the export
            session.add(TeamSetting(key=KEY, value=json.dumps(str(fresh))))
    except IntegrityError:
        winner = session.get(TeamSetting, KEY, populate_existing=True)
        return uuid.UUID(json.loads(winner.value))
    return fresh


def appointment_uid(namespace: uuid.UUID, appointment_id: int) -> str:
    return str(uuid.uuid5(namespace, f"appointment:{appointment_id}"))


def absence_uid(namespace: uuid.UUID, absence_id: int) -> str:
    return str(uuid.uuid5(namespace, f"absence:{absence_id}"))
