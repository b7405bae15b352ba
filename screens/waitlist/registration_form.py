"""New / edit registration (aanmelding): a keyboard-only modal form.

The fields follow the waiting list's columns plus the referrer's contact and a short reason.
Children involved shows the melding fields; a huisverbod asks its start date (required) and shows
the end (start + 10 days, extendable to at most 28) with a warning when it is close.

The form is given an `Edit` (screens/common/form.py): for an edit, the registration's version and a
`load` that reads it again, so a save refused after a colleague's change merges with Ctrl+L.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from functools import partial
from typing import TYPE_CHECKING, Any

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Input
from screens.common.plain import Label, Select

from models.clock import today
from models.dutch import count, short_date, week_label
from models.enums import Gemeente, Referrer, Urgency
from models.errors import ValidationFailed
from screens.common.form import DateInput, Edit, Fields, FormScreen, field, parse_field

if TYPE_CHECKING:
    from models.actions import Done
    from models.waitlist.queries import RegistrationDetail

HUISVERBOD_DAYS = 10  # mirrors models.waitlist.write (kept here so the form paints without SQLModel)
HUISVERBOD_MAX_DAYS = 28
YES_NO = [("nee", "nee"), ("ja", "ja")]


def enum_options(enum) -> list[tuple[str, str]]:
    return [(member.label, member.value) for member in enum]


def registration_edit(action: Callable[..., Done], detail: RegistrationDetail,
                      as_fields: Callable[[RegistrationDetail], Fields], *, what: str) -> Edit:
    """What a form of this registration saves: `action` (of models.actions.waitlist) with the
    version the form opened with; `load` reads the registration again for the merge after a
    colleague's save, shown as that form shows it (`as_fields`)."""
    def load(session) -> tuple[int, Fields]:
        from models.actions.waitlist import load_registration

        version, stored = load_registration(session, detail.id)
        return version, as_fields(stored)

    return Edit(partial(action, registration_id=detail.id), version=detail.version, load=load, what=what)


def date_field(day: date | None) -> tuple[str, str]:
    """A stored date as a DateInput shows it (its `describe()`), and the text to put in the widget."""
    if day is None:
        return "", ""
    year = f" {day.year}" if day.year != today().year else ""
    return f"{short_date(day)}{year} · {week_label(day)}", day.strftime("%d-%m-%Y")


def registration_fields(r: RegistrationDetail) -> Fields:
    """A stored registration as this form shows it: field id → (text as FormScreen.field_text reads
    it, value to put in the widget)."""
    children = "ja" if r.children_involved else "nee"
    huisverbod = "ja" if r.huisverbod_start else "nee"
    return {
        "registered_on": date_field(r.registered_on),
        "urgency": (Urgency.label_of(r.urgency), r.urgency), "via": (Referrer.label_of(r.via), r.via),
        "referrer_contact": (r.referrer_contact,) * 2, "gemeente": (Gemeente.label_of(r.gemeente), r.gemeente),
        "children": (children, children), "reason": (r.reason,) * 2,
        "melding_date": date_field(r.melding_date), "melding_note": (r.melding_note,) * 2,
        "huisverbod": (huisverbod, huisverbod),
        "huisverbod_start": date_field(r.huisverbod_start), "huisverbod_end": date_field(r.huisverbod_end),
    }


class RegistrationForm(FormScreen):
    """Dismisses with the action's Done (its id: the registration's)."""

    TITLE = "Nieuwe aanmelding"
    DEFAULT_CSS = """
    RegistrationForm .form-row { height: auto; }
    RegistrationForm .form-row > .field { width: 1fr; padding-right: 1; }
    RegistrationForm .-hidden { display: none; }
    RegistrationForm #huisverbod-summary { color: $success; height: auto; }
    RegistrationForm #huisverbod-summary.-warn { color: $warning; text-style: bold; }
    """

    def __init__(self, edit: Edit, *, initial: RegistrationDetail | None = None, title: str | None = None,
                 draft_key: str | None = None) -> None:
        super().__init__(edit, title=title or (f"Aanmelding {initial.code} wijzigen" if initial else None),
                         draft_key=draft_key)
        self.initial = initial

    def compose_fields(self) -> ComposeResult:
        r = self.initial
        with Horizontal(classes="form-row"):
            yield field("Aangemeld op", DateInput(r.registered_on if r else today(), id="registered_on"))
            yield field("Urgentie", Select(enum_options(Urgency), id="urgency", allow_blank=False,
                                           value=r.urgency if r else Urgency.NORMAAL.value))
        with Horizontal(classes="form-row"):
            yield field("Aangemeld via", Select(enum_options(Referrer), id="via", prompt="Kies…",
                                                value=r.via if r else Select.NULL))
            yield field("Contact verwijzer", Input(r.referrer_contact if r else "", id="referrer_contact",
                                                   max_length=120, placeholder="naam, organisatie, telefoon"))
        with Horizontal(classes="form-row"):
            yield field("Gemeente", Select(enum_options(Gemeente), id="gemeente", prompt="Kies…",
                                           value=r.gemeente if r else Select.NULL))
            yield field("Kinderen betrokken", Select(YES_NO, id="children", allow_blank=False,
                                                     value="ja" if r and r.children_involved else "nee"))
        yield field("Reden van aanmelding (kort)", Input(r.reason if r else "", id="reason", max_length=400))
        with Horizontal(classes="form-row", id="melding-row"):
            yield field("Melding Veilig Thuis op", DateInput(r.melding_date if r else None, id="melding_date"),
                        hint="leeg: (nog) geen melding")
            yield field("Of: waarom (nog) geen melding", Input(r.melding_note if r else "", id="melding_note",
                                                               max_length=200))
        has_huisverbod = bool(r and r.huisverbod_start)
        yield field("Tijdelijk huisverbod", Select(YES_NO, id="huisverbod", allow_blank=False,
                                                   value="ja" if has_huisverbod else "nee"))
        with Horizontal(classes="form-row", id="huisverbod-row"):
            yield field("Huisverbod vanaf", DateInput(r.huisverbod_start if r else None, id="huisverbod_start"))
            yield field("Huisverbod tot (verlengen: max. 28 dagen)",
                        DateInput(r.huisverbod_end if r else None, id="huisverbod_end"),
                        hint="leeg: begin + 10 dagen")
        yield Label("", id="huisverbod-summary")

    def on_mount(self) -> None:
        self._toggle_sections()
        self._describe_huisverbod()
        self.query_one("#registered_on").focus()

    @on(Select.Changed, "#children, #huisverbod")
    def _sections_changed(self) -> None:
        self._toggle_sections()

    @on(Input.Changed, "#huisverbod_start, #huisverbod_end")
    def _huisverbod_changed(self) -> None:
        self._describe_huisverbod()

    def _toggle_sections(self) -> None:
        self.query_one("#melding-row").set_class(self.query_one("#children", Select).value != "ja", "-hidden")
        hidden = self.query_one("#huisverbod", Select).value != "ja"
        self.query_one("#huisverbod-row").set_class(hidden, "-hidden")
        self.query_one("#huisverbod-summary").set_class(hidden, "-hidden")

    def _describe_huisverbod(self) -> None:
        """The end date follows the start: show it, with the days left and a warning when close."""
        start_input = self.query_one("#huisverbod_start", DateInput)
        end_input = self.query_one("#huisverbod_end", DateInput)
        try:
            start = start_input.parsed() if start_input.value.strip() else None
            end = end_input.parsed() if end_input.value.strip() else None
        except ValueError:
            self.query_one("#huisverbod-summary", Label).update("")
            return  # the field's own hint shows the parse problem
        summary = self.query_one("#huisverbod-summary", Label)
        if start is None:
            summary.update("")
            return
        end = end or start + timedelta(days=HUISVERBOD_DAYS)
        days, left = (end - start).days, (end - today()).days
        text = f"eindigt {short_date(end)} ({count(days, 'dag', 'dagen')})"
        if days > HUISVERBOD_MAX_DAYS:
            text = f"te lang: ten hoogste {HUISVERBOD_MAX_DAYS} dagen"
        elif left < 0:
            text += " · afgelopen"
        elif left <= 3:
            text += f" · LET OP: nog {left} {'dag' if left == 1 else 'dagen'}"
        else:
            text += f" · nog {left} dagen"
        summary.update(f"Huisverbod {text}")
        summary.set_class(left <= 3 or days > HUISVERBOD_MAX_DAYS, "-warn")

    def collect(self) -> Any:
        from models.waitlist.write import RegistrationInput

        registered_on = self._required_date("registered_on", "Vul de aanmelddatum in.")
        via = self._choice("via", "Kies via wie de aanmelding binnenkwam.")
        gemeente = self._choice("gemeente", "Kies de gemeente.")
        reason = self.query_one("#reason", Input).value.strip()
        if not reason:
            raise ValidationFailed("Beschrijf kort de reden van aanmelding.", field="reason")
        children = self.query_one("#children", Select).value == "ja"
        melding_date = self._optional_date("melding_date") if children else None
        huisverbod = self.query_one("#huisverbod", Select).value == "ja"
        start = end = None
        if huisverbod:
            start = self._required_date("huisverbod_start", "Bij een huisverbod is de begindatum verplicht.")
            end = self._optional_date("huisverbod_end")
        return RegistrationInput(
            registered_on=registered_on, via=via, gemeente=gemeente, reason=reason,
            urgency=str(self.query_one("#urgency", Select).value),
            referrer_contact=self.query_one("#referrer_contact", Input).value.strip(),
            children_involved=children, melding_date=melding_date,
            melding_note=self.query_one("#melding_note", Input).value.strip() if children else "",
            has_huisverbod=huisverbod, huisverbod_start=start, huisverbod_end=end,
        )

    def _choice(self, widget_id: str, message: str) -> str:
        value = self.query_one(f"#{widget_id}", Select).value
        if value is Select.NULL:
            raise ValidationFailed(message, field=widget_id)
        return str(value)

    def _required_date(self, widget_id: str, message: str) -> date:
        widget = self.query_one(f"#{widget_id}", DateInput)
        if not widget.value.strip():
            raise ValidationFailed(message, field=widget_id)
        return parse_field(widget)

    def _optional_date(self, widget_id: str) -> date | None:
        widget = self.query_one(f"#{widget_id}", DateInput)
        return parse_field(widget) if widget.value.strip() else None
