"""Meeting mode's action items: who does what before when, per agenda item (t adds one)."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import DataTable
from screens.common.plain import Label

from models.actions import Done
from models.actions import overleg as actions
from models.dutch import short_date
from models.enums import AgendaItemKind
from screens.common.format import client_label
from screens.common.table import BoardTable


class ItemActions(Vertical):
    """The current item's actions, and the form that adds one."""

    def compose(self) -> ComposeResult:
        yield Label("Acties bij dit punt (t voegt toe)", id="mm-actions-title", classes="mm-block-title")
        yield BoardTable(id="mm-actions", cursor_type="row")

    def on_mount(self) -> None:
        self.query_one("#mm-actions", DataTable).add_columns("Wie", "Wat", "Deadline")

    def show(self, item) -> None:
        table = self.query_one("#mm-actions", DataTable)
        table.clear()
        for action in item.actions if item is not None else ():
            table.add_row(action.owner_code, action.what, short_date(action.due) if action.due else "–",
                          key=str(action.id))
        count = len(item.actions) if item is not None else 0
        self.query_one("#mm-actions-title", Label).update(f"Acties bij dit punt ({count}) · n voegt toe")

    def add(self, item, added: Callable[[Done], None]) -> None:
        """The action form for `item` (owner: its inbrenger, or the user); `added(done)` once saved."""
        from screens.overleg.action_form import ActionForm
        from screens.common.form import Edit

        app = self.app
        what = client_label(item.client_code, "", masked=True) or AgendaItemKind.label_of(item.kind)
        edit = Edit(partial(actions.add_action, item_id=item.id), what="de actie opslaan")
        form = ActionForm(edit, team=app.team, default_owner=item.presenter_id or app.user.id,
                          title=f"Actie bij {what}", draft_key="action:new")
        app.push_screen(form, lambda done: added(done) if done is not None else None)
