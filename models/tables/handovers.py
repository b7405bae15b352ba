"""Handovers (overdrachten) in SBAR form, acknowledged by the receiver."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Index
from sqlmodel import Field, SQLModel

from models.base import ClientRelated, Versioned
from models.enums import HandoverReason


class Handover(Versioned, table=True):
    __tablename__ = "handover"
    __table_args__ = (Index("ix_handover_to_ack", "to_worker_id", "acknowledged_at"),)

    id: int | None = Field(default=None, primary_key=True)
    from_worker_id: int = Field(foreign_key="worker.id", index=True)
    to_worker_id: int | None = Field(default=None, foreign_key="worker.id")
    reason: str = Field(default=HandoverReason.AFWEZIGHEID, max_length=16)
    period_start: date | None = None
    period_end: date | None = None
    situatie: str = Field(default="", max_length=4000)
    achtergrond: str = Field(default="", max_length=4000)
    beoordeling: str = Field(default="", max_length=4000)
    aanbeveling: str = Field(default="", max_length=4000)  # what the receiver must do
    created_at: datetime
    is_draft: bool = Field(default=False)
    acknowledged_at: datetime | None = None
    ack_remark: str = Field(default="", max_length=1000)


class HandoverClient(SQLModel, ClientRelated, table=True):
    """A client a handover is about (a handover may be about several, or none)."""

    __tablename__ = "handover_client"

    handover_id: int = Field(foreign_key="handover.id", primary_key=True)
    client_id: int = Field(foreign_key="client.id", primary_key=True, index=True)

    def audit_client_code(self, session) -> str | None:
        from models.audit import client_code_of

        return client_code_of(session, self.client_id)
