"""The action item form: who, what, deadline (a new action at an agenda item)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widgets import Input
from screens.common.plain import Select

from models.overleg.views import ActionInput
from screens.common.form import DateInput, Edit, FormScreen, field, parse_field


class ActionForm(FormScreen):
    TITLE = "Actie toevoegen"

    def __init__(self, edit: Edit, *, team, default_owner: int | None = None, title: str | None = None,
                 draft_key: str | None = None) -> None:
        super().__init__(edit, title=title, draft_key=draft_key)
        self.team = team
        self.default_owner = default_owner

    def compose_fields(self) -> ComposeResult:
        owner = self.default_owner
        yield field("Wie", Select([(f"{w.code} {w.name}", w.id) for w in self.team],
                                  value=owner if owner is not None else Select.NULL, id="action-owner"))
        yield field("Wat", Input("", max_length=400, id="action-what"))
        yield field("Deadline", DateInput(None, id="action-due"))

    def on_mount(self) -> None:
        self.query_one("#action-what").focus()

    def collect(self) -> ActionInput:
        owner = self.query_one("#action-owner", Select).value
        due_input = self.query_one("#action-due", DateInput)
        due = parse_field(due_input) if due_input.value.strip() else None
        return ActionInput(owner_id=None if owner is Select.NULL else int(owner),
                           what=self.query_one("#action-what", Input).value, due=due)
