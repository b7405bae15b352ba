"""The team: workers (with their contract hours and work days) and their absences."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Index
from sqlmodel import Field

from models.base import Versioned
from models.enums import AbsenceKind, Role


class Worker(Versioned, table=True):
    __tablename__ = "worker"

    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(max_length=8, unique=True)  # short initials the team uses, e.g. "AV"
    name: str = Field(max_length=80)
    role: str = Field(default=Role.AMBULANT, max_length=24)
    region: str | None = Field(default=None, max_length=16)  # home region for allocation
    contract_hours: float = Field(default=36.0)
    # ISO weekdays the worker works, "1,2,3,4" = monday to thursday.
    work_days: str = Field(default="1,2,3,4,5", max_length=20)
    home_day: int | None = Field(default=None)  # ISO weekday of the thuiswerkdag, if any
    active: bool = Field(default=True)
    # A coordinator sets up sign-in for colleagues and reads the team's audit overview (issue 16).
    coordinator: bool = Field(default=False)

    def works_on(self, day: date) -> bool:
        return str(day.isoweekday()) in self.work_days.split(",")


class Absence(Versioned, table=True):
    __tablename__ = "absence"
    __table_args__ = (Index("ix_absence_worker_period", "worker_id", "start_date", "end_date"),)

    id: int | None = Field(default=None, primary_key=True)
    worker_id: int = Field(foreign_key="worker.id")
    kind: str = Field(default=AbsenceKind.VAKANTIE, max_length=16)
    start_date: date
    end_date: date
    note: str = Field(default="", max_length=200)
