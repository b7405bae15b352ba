"""One status step of a registration as a small form: intake gedaan, advies (hulpvorm), verwijzen,
vervallen. When children are involved and no melding is recorded, steps that close the registration
show the melding fields, so the rule can be met right here instead of being a dead end.

The form is given an `Edit` (screens/common/form.py) with the registration's version and a `load`
(`step_fields` of the registration as stored now): after a colleague's save, Ctrl+L takes their
advice and melding where this user left those alone. The note is this step's own: never merged.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual.app import ComposeResult
from textual.widgets import Input
from screens.common.plain import Label, Select

from models.enums import Hulpvorm, RegistrationStatus
from models.errors import ValidationFailed
from screens.common.form import DateInput, Edit, Fields, FormScreen, field, parse_field
from screens.waitlist.registration_form import date_field, enum_options

if TYPE_CHECKING:
    from models.waitlist.queries import RegistrationDetail


def registration_intro(detail: RegistrationDetail) -> str:
    from models.enums import Gemeente, Urgency

    return (f"{detail.code} · {Gemeente.label_of(detail.gemeente)} · urgentie "
            f"{Urgency.label_of(detail.urgency).lower()} · status {RegistrationStatus.label_of(detail.status)}")


def melding_fields(detail: RegistrationDetail) -> ComposeResult:
    """The melding date / reason fields, for the melding rule (children involved, nothing recorded)."""
    yield Label("Er zijn kinderen betrokken en er is nog geen Veilig Thuis-melding of reden vastgelegd. "
                "Vul een van beide in.", id="melding-rule", classes="form-warning")
    yield field("Melding Veilig Thuis op", DateInput(None, id="melding_date"))
    yield field("Of: waarom geen melding", Input("", id="melding_note", max_length=200))


def melding_stored(detail: RegistrationDetail) -> Fields:
    """The stored melding as melding_fields() show it (see FormScreen's merge)."""
    return {"melding_date": date_field(detail.melding_date), "melding_note": (detail.melding_note,) * 2}


def step_fields(detail: RegistrationDetail) -> Fields:
    """The stored registration as a step form shows it; fields the form does not have are skipped."""
    hulpvorm = detail.advised_hulpvorm
    stored = {"hulpvorm": (Hulpvorm.label_of(hulpvorm), hulpvorm) if hulpvorm else ("", Select.NULL)}
    return {**stored, **melding_stored(detail)}


def collect_melding(screen) -> dict:
    if not screen.query("#melding_date"):
        return {}
    widget = screen.query_one("#melding_date", DateInput)
    return {"melding_date": parse_field(widget) if widget.value.strip() else None,
            "melding_note": screen.query_one("#melding_note", Input).value.strip()}


class RegistrationStepForm(FormScreen):
    """Dismisses with the action's Done. `collect()` gives a dict: reason, hulpvorm, melding_*."""

    DEFAULT_CSS = """
    RegistrationStepForm > #form-box { height: auto; max-height: 90%; }
    RegistrationStepForm #step-intro { color: $text-muted; padding-bottom: 1; }
    RegistrationStepForm .form-warning { color: $warning; text-style: bold; padding-top: 1; }
    """

    def __init__(self, edit: Edit, *, detail: RegistrationDetail, title: str,
                 reason_label: str = "Notitie (optioneel)", reason_required: bool = False,
                 with_hulpvorm: bool = False, with_melding: bool = False, draft_key: str | None = None) -> None:
        super().__init__(edit, title=title, draft_key=draft_key)
        self.detail = detail
        self.reason_label = reason_label
        self.reason_required = reason_required
        self.with_hulpvorm = with_hulpvorm
        self.with_melding = with_melding and detail.melding_missing

    def compose_fields(self) -> ComposeResult:
        yield Label(registration_intro(self.detail), id="step-intro")
        if self.with_hulpvorm:
            options = [(h.label, h.value) for h in Hulpvorm]
            yield field("Advies hulpvorm", Select(options, id="hulpvorm", prompt="Kies…",
                                                  value=self.detail.advised_hulpvorm or Select.NULL))
        yield field(self.reason_label, Input("", id="reason", max_length=400))
        if self.with_melding:
            yield from melding_fields(self.detail)

    def on_mount(self) -> None:
        # A form closed again before it finished mounting (two quick keys) has no fields left.
        for widget in self.query("#hulpvorm" if self.with_hulpvorm else "#reason").results():
            widget.focus()

    def collect(self) -> Any:
        data: dict[str, Any] = {}
        if self.with_hulpvorm:
            value = self.query_one("#hulpvorm", Select).value
            if value is Select.NULL:
                raise ValidationFailed("Kies de geadviseerde hulpvorm.", field="hulpvorm")
            data["hulpvorm"] = str(value)
        reason = self.query_one("#reason", Input).value.strip()
        if self.reason_required and not reason:
            raise ValidationFailed("Geef de reden.", field="reason")
        data["reason"] = reason
        data.update(collect_melding(self))
        return data


__all__ = ["RegistrationStepForm", "collect_melding", "enum_options", "melding_fields", "melding_stored",
           "registration_intro", "step_fields"]
