"""Vandaag's own changes: an action item of the attention list marked done (`d`).

An action for `models.actions.perform`: (session, …) → Done; the overleg's models function changes
and flushes the row, perform() commits, and the captured row makes it undoable (Ctrl+Z).
"""

from __future__ import annotations

from models.actions.unit import Done
from models.plain_text import short_list

WHAT_WIDTH = 40  # the action's text in the message and in the footer's "Ctrl+Z …" line


def mark_action_done(session, action_id: int) -> Done:
    from models.overleg.write import mark_action_done as mark_done

    action = mark_done(session, action_id)
    return Done(f"Actie gedaan: {short_list([action.what], width=WHAT_WIDTH)}", ids=(action_id,))
