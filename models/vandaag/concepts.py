"""Vandaag's "mijn concepten": everything the worker started and has not sent or saved yet.

Three kinds, newest first:
- a form's kept input (models/drafts.py: typed and not saved, kept through Ctrl+Q, a failed save or
  a crash; reopening the form offers "verder met het concept");
- a handover saved as concept (Ctrl+O in the handover form, or Esc on a changed new one);
- the worker's Top-3 concept of one of their clients (the client's shared draft, offered on the
  client page).

A form draft that belongs to a concept handover ("handover:<id>") is one line with that handover.
A form key names its record by id ("registration-refer:12", "followup:40", "appointment:7"); the
codes (and an appointment's worker and day) are read with one query per kind of record, so the
screen can say what a draft is about and open it where its form lives.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import replace
from datetime import date

from sqlmodel import Session, col, select

from models.clock import local_std
from models.drafts import my_drafts
from models.tables.appointments import Appointment
from models.tables.clients import Client
from models.tables.handovers import Handover, HandoverClient
from models.tables.registrations import Registration
from models.tables.top3 import Top3Plan
from models.tables.workers import Worker
from models.vandaag.views import DraftRow

# Form fields that hold client codes: the appointment's "client", the agenda item's "item-client",
# the handover's "handover-clients" (comma-separated).
_CLIENT_FIELD = re.compile(r"(^|-)clients?$")
_SEPARATORS = re.compile(r"[,;\s]+")
SHOWN_CODES = 3


def record_of(form_key: str) -> str | None:
    """Which table the id in a form key refers to: "registration", "client", "appointment" or None."""
    prefix = form_key.partition(":")[0]
    if prefix in ("registration", "intake", "allocation") or prefix.startswith("registration-"):
        return "registration"
    if prefix in ("followup", "close", "huisverbod"):
        return "client"
    if prefix == "appointment":
        return "appointment"
    return None


def my_concepts(session: Session, worker: Worker) -> list[DraftRow]:
    handovers = _concept_handovers(session, worker.id)
    open_handovers = {row.ident for row in handovers}
    forms = [row for row in _form_drafts(session, worker.code)
             if not (row.key.startswith("handover:") and row.ident in open_handovers)]
    rows = _with_records(session, forms) + handovers + _top3_concepts(session, worker.id)
    return sorted(rows, key=lambda row: local_std(row.saved_at), reverse=True)  # local_std: naive values too


def _form_drafts(session: Session, worker_code: str) -> list[DraftRow]:
    rows = []
    for draft in my_drafts(session, worker_code):
        rest = draft.form_key.partition(":")[2]
        rows.append(DraftRow(kind="form", key=draft.form_key, title=draft.title, codes=_codes_in(draft.fields),
                             saved_at=draft.saved_at, ident=int(rest) if rest.isdigit() else None))
    return rows


def _codes_in(fields: dict) -> tuple[str, ...]:
    codes: list[str] = []
    for name, value in fields.items():
        if isinstance(value, str) and _CLIENT_FIELD.search(name):
            codes.extend(code.upper() for code in _SEPARATORS.split(value) if code)
    return tuple(dict.fromkeys(codes))[:SHOWN_CODES]


def _with_records(session: Session, rows: list[DraftRow]) -> list[DraftRow]:
    """Fill in the codes of the records form keys name by id (one query per kind of record)."""
    wanted: dict[str, set[int]] = defaultdict(set)
    for row in rows:
        kind = record_of(row.key)
        if kind and row.ident is not None:
            wanted[kind].add(row.ident)
    registrations: dict[int, str] = {}
    clients: dict[int, str] = {}
    appointments: dict[int, tuple[int, date, str | None]] = {}
    if wanted["registration"]:
        registrations = dict(session.exec(select(Registration.id, Registration.code)
                                          .where(col(Registration.id).in_(wanted["registration"]))).all())
    if wanted["client"]:
        clients = dict(session.exec(select(Client.id, Client.code).where(col(Client.id).in_(wanted["client"]))).all())
    if wanted["appointment"]:
        query = (select(Appointment.id, Appointment.worker_id, Appointment.start, Client.code)
                 .join(Client, Client.id == Appointment.client_id, isouter=True)
                 .where(col(Appointment.id).in_(wanted["appointment"])))
        appointments = {ident: (worker_id, local_std(start).date(), code)
                        for ident, worker_id, start, code in session.exec(query)}
    resolved = []
    for row in rows:
        kind = record_of(row.key)
        if kind == "registration" and row.ident in registrations:
            row = replace(row, codes=(registrations[row.ident],))
        elif kind == "client" and row.ident in clients:
            row = replace(row, codes=(clients[row.ident],))
        elif kind == "appointment" and row.ident in appointments:
            worker_id, day, code = appointments[row.ident]
            row = replace(row, worker_id=worker_id, day=day, codes=row.codes or ((code,) if code else ()))
        resolved.append(row)
    return resolved


def _concept_handovers(session: Session, worker_id: int) -> list[DraftRow]:
    query = (
        select(Handover.id, Handover.created_at, Worker.code)
        .join(Worker, Worker.id == Handover.to_worker_id, isouter=True)
        .where(Handover.from_worker_id == worker_id, Handover.is_draft == True)  # noqa: E712
    )
    found = list(session.exec(query))
    codes: dict[int, list[str]] = defaultdict(list)
    if found:
        clients = (
            select(HandoverClient.handover_id, Client.code)
            .join(Client, Client.id == HandoverClient.client_id)
            .where(col(HandoverClient.handover_id).in_([ident for ident, _at, _to in found]))
            .order_by(Client.code)
        )
        for ident, code in session.exec(clients):
            codes[ident].append(code)
    # A concept handover keeps the time it was first kept (created_at counts from sending once sent).
    return [
        DraftRow(kind="handover", key=f"handover:{ident}", title="Concept-overdracht" + (f" aan {to}" if to else ""),
                 codes=tuple(codes[ident][:SHOWN_CODES]), saved_at=saved_at, ident=ident)
        for ident, saved_at, to in found
    ]


def _top3_concepts(session: Session, worker_id: int) -> list[DraftRow]:
    """My Top-3 concepts of my own clients. Through the client (indexed by worker), not the author:
    top3_plan has no index on its author, and scanning it grew with the organisation (2.8 → 5.5 ms
    at 1× → 2× scale); a concept on a colleague's client is offered on that client's page."""
    query = (
        select(Top3Plan.client_id, Top3Plan.created_at, Client.code)
        .join(Top3Plan, Top3Plan.client_id == Client.id)
        .where(Client.worker_id == worker_id)
        .where(Top3Plan.author_id == worker_id, Top3Plan.is_draft == True)  # noqa: E712
    )
    # Of a draft, created_at is when it was last kept (models/top3/write.py save_draft).
    return [
        DraftRow(kind="top3", key=f"top3:{client_id}", title="Top-3 (concept)", codes=(code,),
                 saved_at=saved_at, ident=client_id)
        for client_id, saved_at, code in session.exec(query)
    ]
