"""Caseload's changes: fase, a follow-up trajectory, closing a trajectory (and the client).

Every function is an action for `models.actions.perform`: (session, …) → Done; it flushes and
never commits. Undo comes from the captured rows (the client and its trajectories), so Ctrl+Z
takes a caseload move back like any other change. The forms' data are plain dicts (the form's
`collect()`); a move is based on the `CaseloadVersion` the form was opened (or merged) with.
"""

from __future__ import annotations

from typing import Any

from models.actions.unit import Done
from models.caseload.write import CaseloadVersion
from models.enums import Fase, Hulpvorm


def client_for_move(session, client_id: int):
    """The client as the caseload dialogs show it, with the version a move is based on; None when
    the client is gone or no longer active."""
    from models.caseload.write import caseload_version
    from models.caseload.queries import client_for_action

    client = client_for_action(session, client_id)
    if client is None:
        return None
    return client, caseload_version(session, client_id)


def change_fase(session, client_id: int, version: int, fase: str) -> Done:
    from models.caseload.write import change_fase as change

    change(session, client_id, version, fase)
    return Done(f"{_code(session, client_id)} staat nu in {Fase.label_of(fase).lower()}", ids=(client_id,))


def start_follow_up(session, data: dict[str, Any], version: CaseloadVersion, *, client_id: int) -> Done:
    from models.caseload.write import start_follow_up as start

    new_id = start(session, client_id, version, data["hulpvorm"], start=data["start"],
                   planned_conversations=data["planned"], end_reason=data["end_reason"])
    return Done(f"{Hulpvorm.label_of(data['hulpvorm'])} voor {_code(session, client_id)} gestart",
                ids=(client_id, new_id))


def close_trajectory(session, data: dict[str, Any], version: CaseloadVersion, *, client_id: int) -> Done:
    from models.caseload.write import close_trajectory as close

    close(session, client_id, version, data["reason"], close_client=data["close_client"],
          melding_date=data.get("melding_date"), melding_note=data.get("melding_note", ""))
    what = "Cliënt" if data["close_client"] else "Traject van"
    return Done(f"{what} {_code(session, client_id)} afgesloten", ids=(client_id,))


def _code(session, client_id: int) -> str:
    """Lists and messages name a client by code (the pseudonym), never by initials."""
    from models.tables.clients import Client

    client = session.get(Client, client_id)
    return client.code if client is not None else "cliënt"
