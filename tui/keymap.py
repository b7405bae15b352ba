"""The key map as data: one list drives the bindings, the footer, the help screen and the
conflict check (tests/test_keymap.py). Descriptions are Dutch; ids let `App.set_keymap` remap.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual.binding import Binding


@dataclass(frozen=True)
class Key:
    id: str
    keys: str  # Textual key string, comma-separated for alternatives
    action: str
    description: str
    show: bool = True
    priority: bool = False
    verb: str = ""  # the VERBS entry this key belongs to, if it uses a verb's key


@dataclass(frozen=True)
class Verb:
    name: str
    keys: str
    meaning: str  # Dutch, for the help screen


# One key, one meaning: these keys mean the same verb on every screen and are used for nothing else
# (tests/test_keymap.py). Screen-specific actions take the other letters, unique within their screen.
VERBS: list[Verb] = [
    Verb("new", "n", "nieuw (afspraak, aanmelding, punt, overdracht, actie, Top-3-versie)"),
    Verb("edit", "e", "wijzigen"),
    Verb("remove", "delete", "verwijderen"),
    Verb("export", "x,X", "exporteren (iCal, verslag, overdracht)"),
    Verb("done", "d", "gedaan (actie, afspraak, intake)"),
    Verb("acknowledge", "b", "bevestigen (overdracht gelezen)"),
    Verb("refresh", "r", "vernieuwen"),
    Verb("open", "enter", "openen / kiezen"),
    Verb("back", "escape,q", "terug / sluiten / annuleren"),
    Verb("search", "slash", "zoeken"),
    Verb("previous", "comma,left_square_bracket", "vorige"),
    Verb("next", "full_stop,right_square_bracket", "volgende"),
    Verb("save", "ctrl+s", "opslaan"),
    Verb("undo", "ctrl+z", "ongedaan maken"),
]
# The one exception: a yes/no question answers with j (ja) and n (nee), as every Dutch dialog does.
YES_NO_EXCEPTION: frozenset[str] = frozenset({"confirm.no"})


def verb_of_key() -> dict[str, str]:
    """'n' -> 'new': which verb owns a key."""
    return {key: verb.name for verb in VERBS for key in verb.keys.split(",")}


# Section keys: the number keys switch between the six sections (App modes).
SECTIONS: list[tuple[str, str, str]] = [
    # (mode name, key, Dutch title)
    ("vandaag", "1", "Vandaag"),
    ("planning", "2", "Planning"),
    ("wachtlijst", "3", "Wachtlijst"),
    ("caseload", "4", "Caseload"),
    ("overleg", "5", "Overleg"),
    ("overdracht", "6", "Overdracht"),
]

GLOBAL: list[Key] = [
    *(Key(f"section.{mode}", key, f"switch_mode('{mode}')", title) for mode, key, title in SECTIONS),
    Key("app.help", "question_mark,f1", "help", "Help"),
    Key("app.mask", "m", "toggle_mask", "Maskeren"),
    Key("app.user", "ctrl+u", "pick_user", "Gebruiker"),
    Key("app.undo", "ctrl+z", "undo", "Ongedaan maken", verb="undo"),
    Key("app.palette", "ctrl+p", "command_palette", "Zoeken", show=False),
    Key("app.quit", "ctrl+q", "quit", "Stoppen", priority=True),
]

# Keys of one section, shown in its footer and under its name in the help screen.
SECTION_KEYS: dict[str, list[Key]] = {
    "vandaag": [
        Key("vandaag.open", "enter", "open_selected", "Openen", verb="open"),
        Key("vandaag.done", "d", "action_done", "Actie gedaan", verb="done"),
        Key("vandaag.refresh", "r", "reload", "Vernieuwen", verb="refresh"),
    ],
    "planning": [
        Key("planning.open", "enter", "open_cell", "Dag openen", show=False, verb="open"),
        Key("planning.new", "n", "new_in_cell", "Nieuwe afspraak", verb="new"),
        Key("planning.absence", "a", "new_absence", "Afwezigheid"),
        Key("planning.slot", "f", "find_slot", "Vrij moment"),
        Key("planning.prev", "comma,left_square_bracket", "week(-1)", "Vorige week", verb="previous"),
        Key("planning.next", "full_stop,right_square_bracket", "week(1)", "Volgende week", verb="next"),
        Key("planning.this", "t", "this_week", "Deze week"),
        Key("planning.jump", "g", "jump_week", "Naar week"),
        Key("planning.weekend", "w", "toggle_weekend", "Weekend"),
        Key("planning.page_prev", "pageup,less_than_sign", "page(-1)", "Vorige medewerkers", show=False,
            priority=True),
        Key("planning.page_next", "pagedown,greater_than_sign", "page(1)", "Volgende medewerkers", show=False,
            priority=True),
        Key("planning.export", "x", "export_ics", "iCal-export", verb="export"),
        Key("planning.refresh", "r", "reload", "Vernieuwen", show=False, verb="refresh"),
    ],
    "wachtlijst": [
        Key("wachtlijst.filter", "slash", "filter", "Zoeken", verb="search"),
        Key("wachtlijst.status", "s", "cycle_status", "Status"),
        Key("wachtlijst.region", "g", "cycle_region", "Regio"),
        Key("wachtlijst.new", "n", "new", "Nieuw", verb="new"),
        Key("wachtlijst.edit", "e", "edit", "Wijzigen", verb="edit"),
        Key("wachtlijst.intake", "i", "plan_intake", "Intake plannen"),
        Key("wachtlijst.intake_done", "d", "intake_done", "Intake gedaan", verb="done"),
        Key("wachtlijst.advice", "a", "advice", "Advies GD"),
        Key("wachtlijst.allocate", "t", "allocate", "Toewijzen"),
        Key("wachtlijst.refer", "v", "refer", "Verwijzen"),
        Key("wachtlijst.lapse", "l", "lapse", "Vervallen"),
        Key("wachtlijst.back", "backspace", "step_back", "Stap terug"),
        Key("wachtlijst.refresh", "r", "reload", "Vernieuwen", show=False, verb="refresh"),
    ],
    "caseload": [
        Key("caseload.open", "enter", "open_selected", "Cliënt openen", verb="open"),
        Key("caseload.fase", "f", "change_fase", "Fase wijzigen"),
        Key("caseload.followup", "v", "follow_up", "Vervolgtraject"),
        Key("caseload.close", "a", "close_trajectory", "Afsluiten"),
        Key("caseload.refresh", "r", "reload", "Vernieuwen", verb="refresh"),
    ],
    "overleg": [
        Key("overleg.prev", "comma,left_square_bracket", "meeting(-1)", "Vorig overleg", verb="previous"),
        Key("overleg.next", "full_stop,right_square_bracket", "meeting(1)", "Volgend overleg", verb="next"),
        Key("overleg.start", "v", "meeting_mode", "Vergadermodus (beginnen / verder)"),
        Key("overleg.add", "n", "add_item", "Nieuw punt", verb="new"),
        Key("overleg.edit", "e", "edit_item", "Punt wijzigen", verb="edit"),
        Key("overleg.remove", "delete", "remove_item", "Punt verwijderen", show=False, verb="remove"),
        Key("overleg.up", "shift+up,minus", "move_item(-1)", "Punt omhoog", show=False),
        Key("overleg.down", "shift+down,plus", "move_item(1)", "Punt omlaag", show=False),
        Key("overleg.suggest", "s", "add_suggestion", "Suggestie op de agenda"),
        Key("overleg.fixed", "f", "add_fixed", "Vaste punten erbij", show=False),
        Key("overleg.roles", "o", "roles", "Voorzitter, notulist, aanwezig", show=False),
        Key("overleg.minutes", "x", "minutes", "Verslag (Markdown, gemaskeerd)", verb="export"),
        Key("overleg.history", "l", "history", "Alle overleggen"),
        Key("overleg.client", "c", "client_history", "Eerdere besprekingen cliënt", show=False),
        Key("overleg.done", "d", "action_done", "Actie gedaan", show=False, verb="done"),
        Key("overleg.this", "t", "next_meeting", "Eerstvolgend overleg", show=False),
        Key("overleg.refresh", "r", "reload", "Vernieuwen", verb="refresh"),
    ],
    "overdracht": [
        Key("overdracht.open", "enter", "open_selected", "Overdracht openen", verb="open"),
        Key("overdracht.new", "n", "new_handover", "Nieuwe overdracht", verb="new"),
        Key("overdracht.edit", "e", "edit_selected", "Bewerken", verb="edit"),
        Key("overdracht.ack", "b", "acknowledge_selected", "Bevestigen", verb="acknowledge"),
        Key("overdracht.export", "x", "export_selected", "Exporteren", verb="export"),
        Key("overdracht.discard", "delete", "discard_selected", "Concept verwijderen", verb="remove"),
        Key("overdracht.filter", "f", "cycle_filter", "Aan mij/van mij/alle"),
        Key("overdracht.refresh", "r", "reload", "Vernieuwen", verb="refresh"),
    ],
}

MODAL_CLOSE = Key("modal.close", "escape,q", "close", "Sluiten", verb="back")

# The sign-in and lock screens: Enter signs in; Esc goes back only where there is somewhere to go
# (a Ctrl+U switch). Every other app key is refused there (TeambordApp.check_action).
SIGN_IN_KEYS: list[Key] = [
    Key("signin.submit", "enter", "submit", "Aanmelden", verb="open"),
    Key("signin.cancel", "escape", "cancel", "Annuleren", verb="back"),
]
PASSPHRASE_FORM_KEYS: list[Key] = [
    Key("passphrase.save", "ctrl+s", "save", "Opslaan", verb="save"),
    Key("passphrase.close", "escape", "close", "Annuleren", verb="back"),
]

# The client page (Enter on a client, or the palette), its Top-3 editor and the version comparison.
CLIENT_PAGE_KEYS: list[Key] = [
    Key("client.close", "escape,q", "close", "Terug", verb="back"),
    Key("client.tab_top3", "t", "tab('top3')", "Top-3"),
    Key("client.tab_appointments", "a", "tab('afspraken')", "Afspraken"),
    Key("client.tab_overleg", "o", "tab('overleg')", "Overleg"),
    Key("client.tab_handovers", "v", "tab('overdrachten')", "Overdrachten"),
    Key("client.tab_trajectory", "h", "tab('traject')", "Traject"),
    Key("client.tab_log", "l", "tab('log')", "Log"),
    Key("client.top3_edit", "n", "edit_top3", "Top-3 bewerken (nieuwe versie)", verb="new"),
    Key("client.huisverbod", "u", "huisverbod", "Huisverbod bijwerken"),
    Key("client.top3_compare", "g", "compare", "Versies vergelijken"),
    Key("client.audit", "i", "who_viewed", "Wie heeft dit ingezien (coördinator)"),
    Key("client.refresh", "r", "reload", "Vernieuwen", verb="refresh"),
]
TOP3_EDITOR_KEYS: list[Key] = [
    Key("top3.save", "ctrl+s", "save", "Opslaan als nieuwe versie", priority=True, verb="save"),
    Key("top3.cancel", "escape,ctrl+w", "cancel", "Sluiten", verb="back"),
    Key("top3.add_situation", "ctrl+n", "add_situation", "Situatie erbij", priority=True),
    Key("top3.add_agreement", "ctrl+t", "add_agreement", "Afspraak erbij", priority=True),
    Key("top3.remove", "ctrl+r", "remove_block", "Situatie/afspraak weg", priority=True),
    Key("top3.up", "alt+up,ctrl+up", "move(-1)", "Hoger in rangorde", priority=True),
    Key("top3.down", "alt+down,ctrl+down", "move(1)", "Lager in rangorde", priority=True),
]
TOP3_COMPARE_KEYS: list[Key] = [
    Key("compare.close", "escape,q", "close", "Terug", verb="back"),
    Key("compare.left_prev", "comma", "shift('left', -1)", "Links: oudere versie", verb="previous"),
    Key("compare.left_next", "full_stop", "shift('left', 1)", "Links: nieuwere versie", verb="next"),
    Key("compare.right_prev", "left_square_bracket", "shift('right', -1)", "Rechts: oudere versie", verb="previous"),
    Key("compare.right_next", "right_square_bracket", "shift('right', 1)", "Rechts: nieuwere versie", verb="next"),
]
# Meeting mode (b in Overleg): typing goes into the notes/outcome fields; Esc leaves a field.
MEETING_KEYS: list[Key] = [
    Key("vergadering.next", "full_stop,right_square_bracket", "next_item", "Volgend punt (dit is besproken)", verb="next"),
    Key("vergadering.prev", "comma,left_square_bracket", "previous_item", "Vorig punt", verb="previous"),
    Key("vergadering.skip", "s", "skip_item", "Overslaan (schuift door)"),
    Key("vergadering.notes", "o", "edit_field('mm-notes')", "Opmerkingen"),
    Key("vergadering.outcome", "u", "edit_field('mm-outcome')", "Uitkomst"),
    Key("vergadering.advies", "a", "outcome_kind('advies')", "Advies"),
    Key("vergadering.besluit", "l", "outcome_kind('besluit')", "Besluit"),
    Key("vergadering.action", "n", "add_action", "Nieuwe actie (wie, wat, deadline)", verb="new"),
    Key("vergadering.allocate", "w", "allocate", "Toewijzen (wachtlijst)"),
    Key("vergadering.pause", "space,p", "pause", "Klok pauze / verder"),
    Key("vergadering.minutes", "x", "minutes", "Verslag", show=False, verb="export"),
    Key("vergadering.end", "f", "end_meeting", "Overleg afronden"),
    Key("vergadering.save", "ctrl+s", "save_now", "Opslaan", show=False, priority=True, verb="save"),
    Key("vergadering.merge", "ctrl+l", "merge", "Nieuwe versie laden (samenvoegen)", priority=True),
    Key("vergadering.leave", "escape,q", "leave", "Veld uit / terug naar agenda", verb="back"),
]
# Every form (screens/common/form.py): Tab/Shift+Tab are priority keys, or the keys typed right after Tab
# still land in the field being left ("7u⇥8u" gave "7u8u"); Ctrl+W too, or a focused Input takes it.
FORM_KEYS: list[Key] = [
    Key("form.save", "ctrl+s", "save", "Opslaan", priority=True, verb="save"),
    Key("form.cancel", "escape", "cancel", "Annuleren", verb="back"),
    Key("form.cancel2", "ctrl+w", "cancel", "Annuleren", show=False, priority=True),
    Key("form.reload", "ctrl+l", "reload", "Nieuwe versie laden (samenvoegen)", priority=True),
    Key("form.next", "tab", "app.focus_next", "Volgend veld", show=False, priority=True),
    Key("form.previous", "shift+tab", "app.focus_previous", "Vorig veld", show=False, priority=True),
]
# One worker's day in the planning (Enter on a cell). A modal sees no app keys, so Ctrl+Z is bound
# here to the app's undo.
DAY_KEYS: list[Key] = [
    Key("dag.edit", "enter", "edit", "Wijzigen", verb="open"),
    Key("dag.new", "n", "new", "Nieuw", verb="new"),
    Key("dag.done", "d", "status('done')", "Gedaan", verb="done"),
    Key("dag.no_show", "v", "status('no_show')", "Niet verschenen"),
    Key("dag.cancelled", "a", "status('cancelled')", "Geannuleerd"),
    Key("dag.planned", "p", "status('planned')", "Gepland"),
    Key("dag.delete", "delete", "delete", "Verwijderen", verb="remove"),
    Key("dag.undo", "ctrl+z", "app.undo", "Ongedaan maken", verb="undo"),
    Key("dag.close", "escape,q", "close", "Sluiten", verb="back"),
]
SCOPE_KEYS: list[Key] = [
    Key("scope.one", "enter,z", "choose('one')", "Alleen deze", verb="open"),
    Key("scope.following", "v", "choose('following')", "Deze en volgende"),
    Key("scope.all", "a", "choose('all')", "Alle"),
    Key("scope.cancel", "escape,q", "choose('')", "Annuleren", verb="back"),
]
CONFIRM_KEYS: list[Key] = [
    Key("confirm.yes", "j,y,enter", "answer(True)", "Ja", verb="open"),
    Key("confirm.no", "n,escape", "answer(False)", "Nee", verb="back"),
]
ASK_KEYS: list[Key] = [Key("ask.cancel", "escape,ctrl+w", "cancel", "Annuleren", verb="back")]
SLOT_KEYS: list[Key] = [Key("slots.close", "escape,ctrl+w", "close", "Sluiten", verb="back")]
# Reading one handover (Enter in Overdracht); a modal, so Ctrl+Z is bound to the app's undo here.
HANDOVER_VIEW_KEYS: list[Key] = [
    Key("overdracht.view.ack", "b", "acknowledge", "Bevestigen: gelezen en overgenomen", verb="acknowledge"),
    Key("overdracht.view.edit", "e", "edit", "Bewerken", verb="edit"),
    Key("overdracht.view.export", "x", "export", "Exporteren (alleen codes)", verb="export"),
    Key("overdracht.view.export_full", "X", "export_full", "Exporteren met initialen", verb="export"),
    Key("overdracht.view.undo", "ctrl+z", "app.undo", "Ongedaan maken", verb="undo"),
]
# The minutes preview (x in Overleg): read the Markdown, then save it in the export folder.
PREVIEW_KEYS: list[Key] = [
    Key("preview.save", "ctrl+s", "save", "Opslaan in exportmap", priority=True, verb="save"),
    Key("preview.close", "escape,q", "close", "Sluiten", verb="back"),
]
HANDOVER_FORM_KEYS: list[Key] = [Key("handover.draft", "ctrl+o", "save_draft", "Concept bewaren", priority=True)]
# The `/` search line of the waiting list (a widget's keys: they act only while it has the focus).
WAITLIST_FILTER_KEYS: list[Key] = [
    Key("wachtlijst.filter.done", "enter,down", "done", "Terug naar de lijst", show=False, verb="open"),
    Key("wachtlijst.filter.clear", "escape", "clear", "Filter wissen", show=False, verb="back"),
]
# Modal windows: only priority app keys (Ctrl+Q) reach them, so their keys may reuse section keys.
MODAL_KEYS: dict[str, list[Key]] = {
    "formulieren": FORM_KEYS,
    "dag (planning)": DAY_KEYS,
    "herhalende afspraak": SCOPE_KEYS,
    "vraag": CONFIRM_KEYS,
    "vrij moment": SLOT_KEYS,
    "vraagregel": ASK_KEYS,
    "overdracht lezen": HANDOVER_VIEW_KEYS,
    "overdracht schrijven": HANDOVER_FORM_KEYS,
    "verslag bekijken": PREVIEW_KEYS,
    "zoekveld wachtlijst": WAITLIST_FILTER_KEYS,
}

# The audit overview (palette "Auditoverzicht", coordinators only): Enter in a filter field applies it.
AUDIT_OVERVIEW_KEYS: list[Key] = [
    Key("audit.close", "escape,q", "close", "Terug", verb="back"),
    Key("audit.apply", "enter", "apply", "Filter toepassen", verb="open"),
    Key("audit.export", "x", "export", "Exporteren (Markdown)", verb="export"),
    Key("audit.filters", "f", "focus_filters", "Filters"),
    Key("audit.refresh", "r", "reload", "Vernieuwen", verb="refresh"),
]

# Screens other than the sections, with their keys, for the help screen and the clash check.
SCREEN_KEYS: dict[str, list[Key]] = {
    "Vergadermodus": MEETING_KEYS,
    "Cliëntpagina": CLIENT_PAGE_KEYS,
    "Top-3 bewerken": TOP3_EDITOR_KEYS,
    "Top-3 vergelijken": TOP3_COMPARE_KEYS,
    "Aanmelden en vergrendeling": SIGN_IN_KEYS,
    "Wachtwoordzin instellen": PASSPHRASE_FORM_KEYS,
    "Auditoverzicht": AUDIT_OVERVIEW_KEYS,
}


def bindings(keys: list[Key]) -> list[Binding]:
    return [
        Binding(k.keys, k.action, k.description, show=k.show, priority=k.priority, id=k.id, tooltip=k.description)
        for k in keys
    ]


def display_keys(key: Key | Verb) -> str:
    """'question_mark,f1' -> '? / F1' for the help screen."""
    names = {"question_mark": "?", "comma": ",", "full_stop": ".", "left_square_bracket": "[",
             "right_square_bracket": "]", "escape": "Esc", "enter": "Enter", "alt+up": "Alt+↑",
             "alt+down": "Alt+↓", "ctrl+up": "Ctrl+↑", "ctrl+down": "Ctrl+↓", "slash": "/", "space": "Spatie",
             "plus": "+", "minus": "-", "up": "↑", "down": "↓", "left": "←", "right": "→",
             "shift+up": "Shift+↑", "shift+down": "Shift+↓", "delete": "Delete", "pageup": "PgUp",
             "pagedown": "PgDn", "backspace": "Backspace", "less_than_sign": "<", "greater_than_sign": ">"}

    def one(part: str) -> str:
        if part in names:
            return names[part]
        if part.startswith("ctrl+"):
            return "Ctrl+" + part.removeprefix("ctrl+").upper()
        return part.upper()

    return " / ".join(one(part) for part in key.keys.split(","))
