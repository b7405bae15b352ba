"""Small display helpers shared by the screens (Dutch wording, masking)."""

from __future__ import annotations

import re
from datetime import date

from rich.text import Text

from models.enums import AppointmentKind
from models.views import AppointmentRow

KIND_SHORT = {
    AppointmentKind.HUISBEZOEK: "Huisbez",
    AppointmentKind.KANTOORGESPREK: "Kantoor",
    AppointmentKind.NETWERKOVERLEG: "Netwerk",
    AppointmentKind.TELEFONISCH: "Tel",
    AppointmentKind.ADMINISTRATIE: "Admin",
    AppointmentKind.TRAINING: "Training",
    AppointmentKind.OVERLEG: "Overleg",
    AppointmentKind.INTAKE: "Intake",
    AppointmentKind.THUISWERKEN: "Thuiswerk",
}


def client_label(code: str | None, initials: str = "", *, masked: bool) -> str:
    """A client as lists show it: the code, plus initials only when masking is off."""
    if not code:
        return ""
    return code if masked or not initials else f"{code} ({initials})"


# A client as client_label shows it unmasked: "ZS-0012 (S.Z.)".
_CODE_WITH_INITIALS = re.compile(r"\b([A-Z]{2,4}-\d{3,6}) \([^()]*\)")


def without_initials(text: str) -> str:
    """A text built with client_label unmasked (a form's title), with only the codes left: for when
    masking is switched on while it is on screen."""
    return _CODE_WITH_INITIALS.sub(r"\1", text)


def yes_no(value: bool) -> str:
    return "ja" if value else "nee"


def warn_if_close(day: date | None, today: date, within: int = 3) -> Text:
    """A date, in the warning colour when it is within `within` days (huisverbod ends)."""
    if day is None:
        return Text("–")
    text = day.strftime("%d-%m")
    if (day - today).days <= within:
        return Text(text, style="bold dark_orange")
    return Text(text)


def appointment_line(row: AppointmentRow) -> str:
    from models.dutch import clock_time

    who = row.client_code or row.partner or ""
    return f"{clock_time(row.start)} {KIND_SHORT.get(row.kind, row.kind)} {who}".rstrip()


def clock_time_of(row: AppointmentRow) -> str:
    from models.dutch import clock_time

    return f"{clock_time(row.start)}–{clock_time(row.end)}"


def melding_text(children_involved: bool, melding_date: date | None) -> Text | str:
    """Veilig Thuis melding: the date, or a warning when children are involved and none is recorded."""
    if not children_involved:
        return ""
    if melding_date is None:
        return Text("nog niet", style="bold dark_orange")
    return melding_date.strftime("%d-%m-%Y")
