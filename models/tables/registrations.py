"""The shared waiting list: registrations (aanmeldingen) and their status history."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Index
from sqlmodel import Field, SQLModel

from models.base import ClientRelated, Versioned
from models.enums import Referrer, RegistrationStatus, Urgency


class Registration(Versioned, ClientRelated, table=True):
    __tablename__ = "registration"
    __table_args__ = (Index("ix_registration_status_date", "status", "registered_on"),)

    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(max_length=16, unique=True)  # waiting-list reference, e.g. AM-2026-041
    registered_on: date
    via: str = Field(default=Referrer.ZELFMELDING, max_length=16)
    referrer_contact: str = Field(default="", max_length=120)
    reason: str = Field(default="", max_length=400)
    region: str = Field(max_length=16)
    gemeente: str = Field(max_length=24)
    urgency: str = Field(default=Urgency.NORMAAL, max_length=10)
    children_involved: bool = Field(default=False)
    melding_date: date | None = None
    melding_note: str = Field(default="", max_length=200)
    huisverbod_start: date | None = None
    huisverbod_end: date | None = None
    status: str = Field(default=RegistrationStatus.AANGEMELD, max_length=16)
    intake_worker_id: int | None = Field(default=None, foreign_key="worker.id")
    advised_hulpvorm: str | None = Field(default=None, max_length=24)
    client_id: int | None = Field(default=None, foreign_key="client.id")

    def audit_client_code(self, session) -> str | None:
        return self.code


class RegistrationStep(SQLModel, ClientRelated, table=True):
    """One status change of a registration, with who did it and when (going back included)."""

    __tablename__ = "registration_step"

    id: int | None = Field(default=None, primary_key=True)
    registration_id: int = Field(foreign_key="registration.id", index=True)
    status: str = Field(max_length=16)
    at: datetime
    user_code: str = Field(max_length=8)
    note: str = Field(default="", max_length=400)

    def audit_client_code(self, session) -> str | None:
        from models.audit import registration_code_of

        return registration_code_of(session, self.registration_id)
