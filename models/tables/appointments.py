"""Appointments in the team planning."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Index
from sqlmodel import Field

from models.base import ClientRelated, Versioned
from models.enums import AppointmentKind, AppointmentStatus


class Appointment(Versioned, ClientRelated, table=True):
    __tablename__ = "appointment"
    __table_args__ = (
        Index("ix_appointment_worker_start", "worker_id", "start"),
        Index("ix_appointment_client_start", "client_id", "start"),
        Index("ix_appointment_start", "start"),
    )

    id: int | None = Field(default=None, primary_key=True)
    worker_id: int = Field(foreign_key="worker.id")
    client_id: int | None = Field(default=None, foreign_key="client.id")
    kind: str = Field(default=AppointmentKind.HUISBEZOEK, max_length=16)
    start: datetime
    end: datetime
    place: str = Field(default="", max_length=24)  # gemeente (never an address)
    partner: str = Field(default="", max_length=60)  # partner organisation, if any
    note: str = Field(default="", max_length=400)
    status: str = Field(default=AppointmentStatus.PLANNED, max_length=12)
    series_id: int | None = Field(default=None, index=True)  # repeating appointments
    # The intake of a waiting-list registration (the registration has no client yet).
    registration_id: int | None = Field(default=None, foreign_key="registration.id", index=True)

    def audit_client_code(self, session) -> str | None:
        from models.audit import client_code_of

        return client_code_of(session, self.client_id)
