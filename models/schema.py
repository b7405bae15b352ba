"""Every table, imported in one place so `SQLModel.metadata` is complete (Alembic, tests)."""

from sqlmodel import SQLModel

import models.limits  # noqa: F401 - registers the text cleaning and length check for every flush

from models.tables.appointments import Appointment
from models.audit import AuditEntry
from models.changes import ChangeCounter
from models.tables.clients import Client, Trajectory
from models.drafts import FormDraft
from models.tables.handovers import Handover, HandoverClient
from models.tables.huisverbod import HuisverbodEvent
from models.tables.overleg import ActionItem, AgendaItem, Meeting
from models.tables.registrations import Registration, RegistrationStep
from models.settings import TeamSetting
from models.tables.top3 import SafetyAgreement, Top3Plan, UnsafeSituation
from models.tables.credentials import WorkerCredential
from models.tables.workers import Absence, Worker

metadata = SQLModel.metadata

__all__ = [
    "metadata", "Absence", "ChangeCounter", "FormDraft", "ActionItem", "AgendaItem", "Appointment", "AuditEntry", "Client",
    "Handover", "HandoverClient", "HuisverbodEvent", "Meeting", "Registration", "RegistrationStep", "SafetyAgreement",
    "TeamSetting", "Top3Plan", "Trajectory", "UnsafeSituation", "Worker", "WorkerCredential",
]
