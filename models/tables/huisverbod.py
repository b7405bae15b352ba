"""What happened to a client's tijdelijk huisverbod: imposed, extended, ended early, breached.

The client row keeps the current period (huisverbod_start / huisverbod_end, what Vandaag warns
about); these rows are the history behind it, so the client page, Vandaag and a handover can say
"verlengd t/m 12-12" or "overtreden op 3-12" and who recorded it."""

from __future__ import annotations

from datetime import date, datetime

from sqlmodel import Field

from models.base import ClientRelated, Versioned
from models.enums import HuisverbodEventKind


class HuisverbodEvent(Versioned, ClientRelated, table=True):
    __tablename__ = "huisverbod_event"

    id: int | None = Field(default=None, primary_key=True)
    client_id: int = Field(foreign_key="client.id", index=True)
    kind: str = Field(default=HuisverbodEventKind.VERLENGD, max_length=12)
    day: date = Field(index=True)  # when it happened (Vandaag's news reads the last week)
    new_end: date | None = None  # an extension's new last day
    note: str = Field(default="", max_length=200)
    recorded_by: str = Field(default="", max_length=8)  # the worker's code
    created_at: datetime

    def audit_client_code(self, session) -> str | None:
        from models.audit import client_code_of

        return client_code_of(session, self.client_id)
