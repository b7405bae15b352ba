"""A worker's sign-in: the argon2 hash of their passphrase and the count of failed attempts.

Its own table, not columns on `worker`: the hash is read only by the sign-in, never by the many
queries that list the team, so it cannot end up in a DTO or on a screen by accident.
"""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Field, SQLModel


class WorkerCredential(SQLModel, table=True):
    __tablename__ = "worker_credential"

    worker_id: int = Field(foreign_key="worker.id", primary_key=True)
    passphrase_hash: str = Field(max_length=200)  # argon2id, in the PHC string format ($argon2id$…)
    failed_attempts: int = Field(default=0)  # since the last successful sign-in
    last_failed_at: datetime | None = Field(default=None)  # the next attempt waits (models/auth/signin.py)
    changed_at: datetime
