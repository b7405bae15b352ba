"""Caseload modals: close a trajectory (with reason) and start a follow-up trajectory.

Both save through an `Edit` (screens/caseload/screen.py builds it) based on the client's caseload
version. "Nu" shows the client's fase and current trajectory as a read-only field: when a
colleague's move refused the save, Ctrl+L brings their state in there (and their melding, in the
close form) while everything this user typed stays.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from textual import on
from textual.app import ComposeResult
from textual.widgets import Input
from screens.common.plain import Label, Select

from models.clock import today
from models.dutch import short_date, week_label
from models.enums import DEFAULT_CONVERSATIONS, Fase, Hulpvorm
from models.errors import ValidationFailed
from screens.common.format import without_initials
from screens.common.form import DateInput, Edit, Fields, FormScreen, field, parse_field

if TYPE_CHECKING:
    from models.caseload.queries import ClientForAction

CSS = """
{cls} > #form-box {{ height: auto; max-height: 90%; }}
{cls} #step-intro {{ color: $text-muted; padding-bottom: 1; }}
{cls} .form-warning {{ color: $warning; text-style: bold; padding-top: 1; }}
"""


def client_intro(client: ClientForAction, label: str) -> str:
    return f"{label} · medewerker {client.worker_code or '–'}"


def client_now(client: ClientForAction) -> str:
    """The client's fase and current trajectory, as the read-only "Nu" field shows them."""
    trajectory = (f"{Hulpvorm.label_of(client.hulpvorm)} sinds {client.trajectory_start:%d-%m-%Y}"
                  if client.hulpvorm else "geen lopend traject")
    return f"{Fase.label_of(client.fase)} · {trajectory}"


def stored_fields(client: ClientForAction) -> Fields:
    """The client as these forms show it (FormScreen's merge after a refusal compares these texts)."""
    now = client_now(client)
    fields: Fields = {"now": (now, now), "melding_note": (client.melding_note,) * 2}
    day = client.melding_date
    fields["melding_date"] = (_date_shown(day), day.strftime("%d-%m-%Y")) if day else ("", "")
    return fields


def _date_shown(day: date) -> str:
    """A date as a DateInput describes it (its `describe()`), without a widget."""
    year = f" {day.year}" if day.year != today().year else ""
    return f"{short_date(day)}{year} · {week_label(day)}"


class CaseloadForm(FormScreen):
    """A caseload move on one client, with the read-only "Nu" field."""

    def __init__(self, edit: Edit, *, client: ClientForAction, label: str, title: str,
                 draft_key: str | None = None) -> None:
        super().__init__(edit, title=f"{title}: {label}", draft_key=draft_key)
        self.client = client
        self.label = label

    def compose_intro(self) -> ComposeResult:
        yield Label(client_intro(self.client, self.label), id="step-intro")
        yield field("Nu", Input(client_now(self.client), id="now", disabled=True))

    def masking_changed(self, masked: bool) -> None:
        super().masking_changed(masked)
        label = without_initials(self.label) if masked else self.label
        self.query_one("#step-intro", Label).update(client_intro(self.client, label))

    def draft_fields(self) -> dict[str, Any]:
        fields = super().draft_fields()
        fields.pop("now", None)  # not input: a resumed draft must not bring back an old state
        return fields


class CloseTrajectoryForm(CaseloadForm):
    DEFAULT_CSS = CSS.format(cls="CloseTrajectoryForm")

    def __init__(self, edit: Edit, *, client: ClientForAction, label: str, draft_key: str | None = None) -> None:
        super().__init__(edit, client=client, label=label, title="Traject afsluiten", draft_key=draft_key)

    def compose_fields(self) -> ComposeResult:
        yield from self.compose_intro()
        yield field("Reden van afsluiten", Input("", id="reason", max_length=200,
                                                 placeholder="bijv. doelen bereikt, verhuisd, verwezen naar…"))
        yield field("Cliënt ook afsluiten (uit de caseload)", Select(
            [("ja, cliënt afsluiten", "ja"), ("nee, alleen dit traject", "nee")], id="close_client",
            allow_blank=False, value="ja"))
        c = self.client
        if c.children_involved and c.melding_date is None and not c.melding_note.strip():
            yield Label("Er zijn kinderen betrokken en er is geen Veilig Thuis-melding of reden vastgelegd: "
                        "nodig om de cliënt af te sluiten.", classes="form-warning")
            yield field("Melding Veilig Thuis op", DateInput(None, id="melding_date"))
            yield field("Of: waarom geen melding", Input("", id="melding_note", max_length=200))

    def on_mount(self) -> None:
        self.query_one("#reason").focus()

    def collect(self) -> Any:
        reason = self.query_one("#reason", Input).value.strip()
        if not reason:
            raise ValidationFailed("Geef de reden van afsluiten.", field="reason")
        data: dict[str, Any] = {"reason": reason, "close_client": self.query_one("#close_client", Select).value == "ja"}
        if self.query("#melding_date"):
            widget = self.query_one("#melding_date", DateInput)
            data["melding_date"] = parse_field(widget) if widget.value.strip() else None
            data["melding_note"] = self.query_one("#melding_note", Input).value.strip()
        return data


class FollowUpForm(CaseloadForm):
    DEFAULT_CSS = CSS.format(cls="FollowUpForm")

    def __init__(self, edit: Edit, *, client: ClientForAction, label: str, draft_key: str | None = None) -> None:
        super().__init__(edit, client=client, label=label, title="Vervolgtraject", draft_key=draft_key)

    def compose_fields(self) -> ComposeResult:
        options = [(h.label, h.value) for h in Hulpvorm if h != Hulpvorm.VERWIJZING]
        yield from self.compose_intro()
        yield field("Nieuwe hulpvorm", Select(options, id="hulpvorm", allow_blank=False,
                                              value=Hulpvorm.VERVOLGMODULE.value))
        yield field("Start", DateInput(today(), id="start"))
        yield field("Geplande gesprekken", Input(str(DEFAULT_CONVERSATIONS[Hulpvorm.VERVOLGMODULE]), id="planned",
                                                 type="integer", max_length=2))
        yield field("Reden einde huidig traject (optioneel)", Input("", id="end_reason", max_length=200,
                                                                    placeholder="standaard: 'Over naar …'"))

    def on_mount(self) -> None:
        self.query_one("#hulpvorm").focus()

    @on(Select.Changed, "#hulpvorm")
    def _hulpvorm_changed(self, event: Select.Changed) -> None:
        if event.value is not Select.NULL:
            self.query_one("#planned", Input).value = str(DEFAULT_CONVERSATIONS[Hulpvorm(event.value)])

    def collect(self) -> Any:
        text = self.query_one("#planned", Input).value.strip()
        if not text.isdigit():
            raise ValidationFailed("Vul het aantal geplande gesprekken in.", field="planned")
        start_widget = self.query_one("#start", DateInput)
        if not start_widget.value.strip():
            raise ValidationFailed("Vul de startdatum in.", field="start")
        return {"hulpvorm": str(self.query_one("#hulpvorm", Select).value), "start": parse_field(start_widget),
                "planned": int(text), "end_reason": self.query_one("#end_reason", Input).value.strip()}
