"""Writes to client records. The audit entries follow from models.audit's flush listener.

These functions only FLUSH: the caller's unit of work commits (models.actions.perform), so a
client change and its audit entry are saved together with whatever else that unit changes."""

from __future__ import annotations

from sqlmodel import Session, select

from models.tables.clients import Client
from models.enums import Fase, GEMEENTE_REGION, Gemeente
from models.conflicts import fetch_for_update
from models.errors import ValidationFailed

EDITABLE_FIELDS = {
    "initials", "care4_ref", "gemeente", "fase", "children_involved", "melding_date", "melding_note",
    "huisverbod_start", "huisverbod_end", "worker_id",
}


def create_client(session: Session, *, code: str, gemeente: str, **fields) -> Client:
    code = code.strip().upper()
    if not code:
        raise ValidationFailed("Vul een cliëntcode in.", field="code")
    if session.exec(select(Client.id).where(Client.code == code)).first() is not None:
        raise ValidationFailed("Deze cliëntcode bestaat al.", field="code")
    region = _region_of(gemeente)
    client = Client(code=code, gemeente=gemeente, region=region, **fields)
    _validate(client)
    session.add(client)
    session.flush()
    return client


def update_client(session: Session, client_id: int, expected_version: int, changes: dict) -> Client:
    """Apply a form's changes, refusing if the record changed since the form loaded it."""
    unknown = set(changes) - EDITABLE_FIELDS
    if unknown:
        raise ValidationFailed("Deze velden kunnen hier niet worden gewijzigd.")
    # Lock the row before the version check (PostgreSQL; on SQLite BEGIN IMMEDIATE already keeps other
    # writers out): no colleague's save can slip in between the check and our write.
    session.get(Client, client_id, with_for_update=True, populate_existing=True)
    client = fetch_for_update(session, Client, client_id, expected_version, "client", "Deze cliënt")
    for key, value in changes.items():
        setattr(client, key, value)
    if "gemeente" in changes:
        client.region = _region_of(client.gemeente)
    _validate(client)
    session.flush()
    return client


def _region_of(gemeente: str) -> str:
    try:
        return GEMEENTE_REGION[Gemeente(gemeente)].value
    except ValueError:
        raise ValidationFailed("Onbekende gemeente.", field="gemeente") from None


def _validate(client: Client) -> None:
    if client.fase not in {f.value for f in Fase}:
        raise ValidationFailed("Kies fase 1 of fase 2.", field="fase")
    if client.huisverbod_end and not client.huisverbod_start:
        raise ValidationFailed("Een huisverbod heeft een begindatum nodig.", field="huisverbod_start")
    if client.huisverbod_start and client.huisverbod_end:
        days = (client.huisverbod_end - client.huisverbod_start).days
        if days < 0:
            raise ValidationFailed("De einddatum van het huisverbod ligt voor de begindatum.", field="huisverbod_end")
        if days > 28:
            raise ValidationFailed("Een huisverbod duurt ten hoogste 28 dagen.", field="huisverbod_end")
