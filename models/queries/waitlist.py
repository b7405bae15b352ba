"""Wachtlijst: the open registrations, most urgent and longest waiting first."""

from __future__ import annotations

from collections import Counter
from datetime import date

from sqlmodel import Session, col, select

from models.enums import OPEN_REGISTRATION_STATUSES, URGENCY_ORDER
from models.queries.common import worker_codes
from models.registrations import Registration
from models.views import RegistrationRow, WaitingList


def waiting_list(session: Session, today: date) -> WaitingList:
    query = select(Registration).where(col(Registration.status).in_(OPEN_REGISTRATION_STATUSES))
    codes = worker_codes(session)
    rows = [
        RegistrationRow(
            id=r.id, code=r.code, registered_on=r.registered_on, days_waiting=(today - r.registered_on).days,
            via=r.via, gemeente=r.gemeente, region=r.region, urgency=r.urgency,
            children_involved=r.children_involved, melding_date=r.melding_date, huisverbod_end=r.huisverbod_end,
            status=r.status, intake_worker_code=codes.get(r.intake_worker_id), advised_hulpvorm=r.advised_hulpvorm,
        )
        for r in session.exec(query)
    ]
    rows.sort(key=lambda row: (URGENCY_ORDER.get(row.urgency, 9), -row.days_waiting, row.code))
    return WaitingList(rows=rows, counts=dict(Counter(row.status for row in rows)))
