"""Marking an overleg action item done from another screen (Vandaag's attention list)."""

from __future__ import annotations

from textual.widgets import DataTable

from screens.background import run_in_thread


def mark_done_from(screen, table: DataTable) -> None:
    """Mark the action on the table's highlighted row ("action:<id>") done, then reload the screen."""
    if not table.row_count:
        return
    key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value or ""
    kind, _, ident = key.partition(":")
    if kind != "action":
        screen.notify("Kies een actie in de lijst Aandacht.", severity="warning")
        return

    def write() -> None:
        from models.overleg_write import mark_action_done

        with screen.app.database.session(screen.app.actor, write=True) as session:
            mark_action_done(session, int(ident))

    run_in_thread(screen, write, lambda _: screen.notify("Actie staat op gedaan.", timeout=3), group="action-done",
                  failure="Opslaan is niet gelukt (database bezet of onbereikbaar).", after=screen.reload)
