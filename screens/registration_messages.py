"""Make the form base's hint and error lines visible in this issue's forms.

screens/form.py hides `.field-hint:empty` and `.field-error:empty`; in Textual `:empty` means "no
displayed children", which is true for every Label, so the lines never show. Until the base is
fixed, these forms mark a line that has text with the class `-shown` and display it.
"""

from __future__ import annotations

from textual.widgets import Input, Label

from screens.form import FORM_ERROR


def shown_css(cls: str) -> str:
    return f"""
    {cls} .field > .field-error.-shown {{ display: block; }}
    {cls} .field > .field-hint.-shown {{ display: block; }}
    """


class VisibleMessages:
    def on_mount(self) -> None:
        for label in self.query(".field-hint").results(Label):
            label.set_class(bool(str(label.content)), "-shown")
        # The widgets' first Changed events (their initial values) are not edits by the user.
        self.call_after_refresh(self._not_dirty_yet)

    def _not_dirty_yet(self) -> None:
        self.dirty = False

    def show_error(self, field_id: str | None, message: str) -> None:
        super().show_error(field_id, message)
        if field_id and field_id != FORM_ERROR:
            for label in self.query(f"#{field_id}-error").results(Label):
                label.set_class(bool(message), "-shown")

    def clear_errors(self) -> None:
        super().clear_errors()
        for label in self.query(".field-error").results(Label):
            label.remove_class("-shown")

    def on_input_changed(self, event: Input.Changed) -> None:
        widget_id = event.input.id

        def mark() -> None:
            for label in self.query(f"#{widget_id}-hint").results(Label):
                label.set_class(bool(str(label.content)), "-shown")

        if widget_id:
            self.call_after_refresh(mark)
