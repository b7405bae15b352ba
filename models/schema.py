"""Every table, imported in one place so `SQLModel.metadata` is complete (Alembic, tests)."""

from sqlmodel import SQLModel

import models.limits  # noqa: F401 - registers the text cleaning and length check for every flush

from models.appointments import Appointment
from models.audit import AuditEntry
from models.changes import ChangeCounter
from models.clients import Client, Trajectory
from models.drafts import FormDraft
from models.handovers import Handover, HandoverClient
from models.overleg import ActionItem, AgendaItem, Meeting
from models.registrations import Registration, RegistrationStep
from models.settings import TeamSetting
from models.top3 import SafetyAgreement, Top3Plan, UnsafeSituation
from models.workers import Absence, Worker

metadata = SQLModel.metadata

__all__ = [
    "metadata", "Absence", "ChangeCounter", "FormDraft", "ActionItem", "AgendaItem", "Appointment", "AuditEntry", "Client",
    "Handover", "HandoverClient", "Meeting", "Registration", "RegistrationStep", "SafetyAgreement",
    "TeamSetting", "Top3Plan", "Trajectory", "UnsafeSituation", "Worker",
]
