"""Where each kind of draft continues: what Enter on a line of "Mijn concepten" does.

A draft belongs to a form (its draft key, models/drafts.py), and the form offers "verder met het
concept" when it is opened again. Vandaag opens the handover forms and a new appointment itself.
The other forms need their section's context (a registration's status, a meeting, a client in the
caseload): Enter takes the user there (on the registration, the appointment's day, the client's
page where that is possible) and says which key opens the form; the list says where beforehand.
"""

from __future__ import annotations

from dataclasses import dataclass

from models.vandaag.views import DraftRow

HERE = "Enter"  # the "Verder" column of a draft whose form Vandaag opens itself


@dataclass(frozen=True)
class DraftKind:
    label: str  # what the draft is, when its stored title is not shown (masking) or empty
    section: str = ""  # the section (App mode) whose form it is; "" for the handover page / client page
    place: str = ""  # where Enter takes the user, for the list ("Wachtlijst (3)")
    key: str = ""  # the key that opens the form there
    here: bool = False  # Vandaag opens the form itself


_PREFIXES: dict[str, DraftKind] = {
    "handover": DraftKind("Overdracht", here=True),
    "handover-ack": DraftKind("Overdracht bevestigen", here=True),
    "appointment": DraftKind("Afspraak wijzigen", "planning", "Planning (2)", "Enter"),
    "absence": DraftKind("Afwezigheid", "planning", "Planning (2)", "a"),
    "registration": DraftKind("Aanmelding wijzigen", "wachtlijst", "Wachtlijst (3)", "e"),
    "intake": DraftKind("Intake plannen", "wachtlijst", "Wachtlijst (3)", "i"),
    "registration-intake_done": DraftKind("Intake gedaan", "wachtlijst", "Wachtlijst (3)", "d"),
    "registration-advice": DraftKind("Advies gedragsdeskundige", "wachtlijst", "Wachtlijst (3)", "a"),
    "registration-refer": DraftKind("Verwijzen", "wachtlijst", "Wachtlijst (3)", "v"),
    "registration-lapse": DraftKind("Laten vervallen", "wachtlijst", "Wachtlijst (3)", "l"),
    "allocation": DraftKind("Toewijzen", "wachtlijst", "Wachtlijst (3)", "t"),
    "followup": DraftKind("Vervolgtraject", "caseload", "Caseload (4)", "v"),
    "close": DraftKind("Traject afsluiten", "caseload", "Caseload (4)", "a"),
    "agenda-item": DraftKind("Agendapunt wijzigen", "overleg", "Overleg (5)", "e"),
    "meeting": DraftKind("Overleg: voorzitter en notulist", "overleg", "Overleg (5)", "o"),
    "meeting-item": DraftKind("Notulen van een agendapunt", "overleg", "Overleg (5)", "v"),
    "top3": DraftKind("Top-3 (concept)", place="cliëntpagina", key="n"),
    "huisverbod": DraftKind("Huisverbod bijwerken", place="cliëntpagina", key="u"),
}
_NEW: dict[str, DraftKind] = {  # the "<prefix>:new" forms, where they differ from editing one
    "handover": DraftKind("Nieuwe overdracht", here=True),
    "appointment": DraftKind("Nieuwe afspraak", here=True),
    "registration": DraftKind("Nieuwe aanmelding", "wachtlijst", "Wachtlijst (3)", "n"),
    "agenda-item": DraftKind("Nieuw agendapunt", "overleg", "Overleg (5)", "n"),
    "action": DraftKind("Nieuwe actie", "overleg", "Overleg (5)", "v, n"),
}
UNKNOWN = DraftKind("Formulier")


def kind_of(row: DraftRow) -> DraftKind:
    if row.kind == "handover":
        return _PREFIXES["handover"]
    if row.kind == "top3":
        return _PREFIXES["top3"]
    prefix, _, rest = row.key.partition(":")
    if rest == "new" and prefix in _NEW:
        return _NEW[prefix]
    return _PREFIXES.get(prefix, UNKNOWN)


def where_it_continues(kind: DraftKind) -> str:
    """The "Verder" column: Enter, or the place and the key ("Wachtlijst (3) · v")."""
    if kind.here:
        return HERE
    if not kind.place:
        return ""
    return f"{kind.place} · {kind.key}" if kind.key else kind.place


def concept_title(row: DraftRow, *, masked: bool) -> str:
    """The form's own title ("Verwijzen: AM-2026-160"); masked, only what kind of form it is, since a
    stored title may hold initials ("Vervolgtraject: ZS-0012 (A.B.)")."""
    kind = kind_of(row)
    if masked or not row.title or row.kind != "form":
        return row.title if row.kind == "handover" else kind.label
    return row.title
