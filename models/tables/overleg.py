"""The weekly ambulant overleg: meetings, agenda items and action items."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Index
from sqlmodel import Field

from models.base import ClientRelated, Versioned
from models.enums import ActionStatus, AgendaItemKind, MeetingStatus


class Meeting(Versioned, table=True):
    __tablename__ = "meeting"

    id: int | None = Field(default=None, primary_key=True)
    start: datetime = Field(index=True)
    duration_min: int = Field(default=90, gt=0)
    chair_id: int | None = Field(default=None, foreign_key="worker.id")
    minute_taker_id: int | None = Field(default=None, foreign_key="worker.id")
    status: str = Field(default=MeetingStatus.PLANNED, max_length=10)
    present: str = Field(default="", max_length=200)  # worker codes, comma-separated, for the minutes
    started_at: datetime | None = None
    ended_at: datetime | None = None


class AgendaItem(Versioned, ClientRelated, table=True):
    __tablename__ = "agenda_item"
    __table_args__ = (Index("ix_agenda_item_meeting_position", "meeting_id", "position"),)

    id: int | None = Field(default=None, primary_key=True)
    meeting_id: int = Field(foreign_key="meeting.id")
    position: int = Field(default=0)
    kind: str = Field(default=AgendaItemKind.OVERIG, max_length=20)
    client_id: int | None = Field(default=None, foreign_key="client.id", index=True)
    presenter_id: int | None = Field(default=None, foreign_key="worker.id")
    question: str = Field(default="", max_length=400)  # one clear question to the team
    timebox_min: int = Field(default=10, ge=0)
    notes: str = Field(default="", max_length=4000)
    outcome_kind: str | None = Field(default=None, max_length=8)
    outcome: str = Field(default="", max_length=2000)
    discussed: bool = Field(default=False)
    started_at: datetime | None = None  # when the meeting reached this item (time box countdown)
    seconds_used: int = Field(default=0, ge=0)
    carried_from_id: int | None = Field(default=None, foreign_key="agenda_item.id")

    def audit_client_code(self, session) -> str | None:
        from models.audit import client_code_of

        return client_code_of(session, self.client_id)


class ActionItem(Versioned, ClientRelated, table=True):
    __tablename__ = "action_item"
    __table_args__ = (Index("ix_action_item_owner_status_due", "owner_id", "status", "due"),)

    id: int | None = Field(default=None, primary_key=True)
    agenda_item_id: int | None = Field(default=None, foreign_key="agenda_item.id", index=True)
    client_id: int | None = Field(default=None, foreign_key="client.id")
    owner_id: int = Field(foreign_key="worker.id")
    what: str = Field(max_length=400)
    due: date | None = None
    status: str = Field(default=ActionStatus.OPEN, max_length=8)

    def audit_client_code(self, session) -> str | None:
        from models.audit import client_code_of

        return client_code_of(session, self.client_id)
