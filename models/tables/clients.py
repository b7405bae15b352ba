"""Clients (by code only, never a shelter address or BSN) and their help trajectories."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Index
from sqlmodel import Field

from models.base import ClientRelated, Versioned
from models.enums import ClientStatus, Fase


class Client(Versioned, ClientRelated, table=True):
    __tablename__ = "client"
    __table_args__ = (Index("ix_client_worker_status", "worker_id", "status"),)

    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(max_length=16, unique=True)  # pseudonym used everywhere in lists
    initials: str = Field(default="", max_length=12)  # shown only when masking is off
    care4_ref: str = Field(default="", max_length=24)  # reference in the client-record system
    region: str = Field(max_length=16)
    gemeente: str = Field(max_length=24)
    fase: str = Field(default=Fase.FASE_1, max_length=8)
    children_involved: bool = Field(default=False)
    melding_date: date | None = None  # Veilig Thuis melding
    melding_note: str = Field(default="", max_length=200)  # why no melding, when none was made
    huisverbod_start: date | None = None
    huisverbod_end: date | None = Field(default=None, index=True)  # Vandaag warns of those ending soon
    worker_id: int | None = Field(default=None, foreign_key="worker.id")
    status: str = Field(default=ClientStatus.ACTIVE, max_length=12)
    started_on: date | None = None
    closed_on: date | None = None

    def audit_client_code(self, session) -> str | None:
        return self.code


class Trajectory(Versioned, ClientRelated, table=True):
    """One form of help (hulpvorm) for a client; a client can have several over time."""

    __tablename__ = "trajectory"

    id: int | None = Field(default=None, primary_key=True)
    client_id: int = Field(foreign_key="client.id", index=True)
    hulpvorm: str = Field(max_length=24)
    start_date: date
    end_date: date | None = None
    end_reason: str = Field(default="", max_length=200)
    planned_conversations: int = Field(default=5, ge=0)

    def audit_client_code(self, session) -> str | None:
        from models.audit import client_code_of

        return client_code_of(session, self.client_id)
