"""Shared building blocks for the tables."""

from __future__ import annotations

from sqlalchemy.orm import declared_attr
from sqlmodel import Field, SQLModel


class Versioned(SQLModel):
    """An editable row with optimistic locking.

    SQLAlchemy adds `WHERE version = <loaded>` to every UPDATE/DELETE and bumps the counter, so a
    save based on a stale copy raises StaleDataError instead of silently overwriting a colleague's
    change. The UI turns that into a Dutch message and keeps the form open.
    """

    version: int = Field(default=1, nullable=False)

    @declared_attr
    def __mapper_args__(cls) -> dict:  # noqa: N805 - SQLAlchemy's declared_attr signature
        return {"version_id_col": cls.__table__.c.version}


class ClientRelated:
    """Marks a table whose rows are client data: every change is written to the audit log.

    `audit_client_code` names the client the row belongs to (None for rows not tied to one).
    """

    def audit_client_code(self, session) -> str | None:  # pragma: no cover - overridden
        raise NotImplementedError
