"""The action item form: who, what, deadline."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widgets import Input
from screens.plain import Select

from models.overleg_views import ActionInput
from screens.form import DateInput, FormScreen, field, parse_field


class ActionForm(FormScreen):
    TITLE = "Actie"

    def __init__(self, saver, *, team, action=None, default_owner: int | None = None, title: str | None = None) -> None:
        super().__init__(saver, title=title or ("Actie wijzigen" if action else "Actie toevoegen"))
        self.team = team
        self.action = action
        self.default_owner = default_owner

    def compose_fields(self) -> ComposeResult:
        action = self.action
        owner = action.owner_id if action else self.default_owner
        yield field("Wie", Select([(f"{w.code} {w.name}", w.id) for w in self.team],
                                  value=owner if owner is not None else Select.NULL, id="action-owner"))
        yield field("Wat", Input(action.what if action else "", max_length=400, id="action-what"))
        yield field("Deadline", DateInput(action.due if action else None, id="action-due"))

    def on_mount(self) -> None:
        self.query_one("#action-what").focus()

    def collect(self) -> ActionInput:
        owner = self.query_one("#action-owner", Select).value
        due_input = self.query_one("#action-due", DateInput)
        due = parse_field(due_input) if due_input.value.strip() else None
        return ActionInput(owner_id=None if owner is Select.NULL else int(owner),
                           what=self.query_one("#action-what", Input).value, due=due)
