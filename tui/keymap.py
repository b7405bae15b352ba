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
    Key("app.undo", "ctrl+z", "undo", "Ongedaan maken"),
    Key("app.palette", "ctrl+p", "command_palette", "Zoeken", show=False),
    Key("app.quit", "ctrl+q", "quit", "Stoppen", priority=True),
]

# Keys of one section, shown in its footer and under its name in the help screen.
SECTION_KEYS: dict[str, list[Key]] = {
    "vandaag": [
        Key("vandaag.open", "enter", "open_selected", "Openen"),
        Key("vandaag.done", "d", "action_done", "Actie gedaan"),
        Key("vandaag.refresh", "r", "reload", "Vernieuwen"),
    ],
    "planning": [
        Key("planning.open", "enter", "open_cell", "Dag openen", show=False),
        Key("planning.new", "n", "new_in_cell", "Nieuwe afspraak"),
        Key("planning.absence", "a", "new_absence", "Afwezigheid"),
        Key("planning.slot", "f", "find_slot", "Vrij moment"),
        Key("planning.prev", "comma,left_square_bracket", "week(-1)", "Vorige week"),
        Key("planning.next", "full_stop,right_square_bracket", "week(1)", "Volgende week"),
        Key("planning.this", "t", "this_week", "Deze week"),
        Key("planning.jump", "g", "jump_week", "Naar week"),
        Key("planning.weekend", "w", "toggle_weekend", "Weekend"),
        Key("planning.page_prev", "pageup,less_than_sign", "page(-1)", "Vorige medewerkers", show=False,
            priority=True),
        Key("planning.page_next", "pagedown,greater_than_sign", "page(1)", "Volgende medewerkers", show=False,
            priority=True),
        Key("planning.export", "e", "export_ics", "iCal-export"),
        Key("planning.refresh", "r", "reload", "Vernieuwen", show=False),
    ],
    "wachtlijst": [
        Key("wachtlijst.filter", "slash", "filter", "Zoeken"),
        Key("wachtlijst.status", "s", "cycle_status", "Status"),
        Key("wachtlijst.region", "g", "cycle_region", "Regio"),
        Key("wachtlijst.new", "n", "new", "Nieuw"),
        Key("wachtlijst.edit", "e", "edit", "Wijzigen"),
        Key("wachtlijst.intake", "i", "plan_intake", "Intake plannen"),
        Key("wachtlijst.intake_done", "d", "intake_done", "Intake gedaan"),
        Key("wachtlijst.advice", "a", "advice", "Advies GD"),
        Key("wachtlijst.allocate", "t", "allocate", "Toewijzen"),
        Key("wachtlijst.refer", "v", "refer", "Verwijzen"),
        Key("wachtlijst.lapse", "x", "lapse", "Vervallen"),
        Key("wachtlijst.back", "b", "step_back", "Stap terug"),
        Key("wachtlijst.refresh", "r", "reload", "Vernieuwen", show=False),
    ],
    "caseload": [
        Key("caseload.open", "enter", "open_selected", "Cliënt openen"),
        Key("caseload.fase", "f", "change_fase", "Fase wijzigen"),
        Key("caseload.followup", "v", "follow_up", "Vervolgtraject"),
        Key("caseload.close", "a", "close_trajectory", "Afsluiten"),
        Key("caseload.refresh", "r", "reload", "Vernieuwen"),
    ],
    "overleg": [
        Key("overleg.prev", "comma,left_square_bracket", "meeting(-1)", "Vorig overleg"),
        Key("overleg.next", "full_stop,right_square_bracket", "meeting(1)", "Volgend overleg"),
        Key("overleg.start", "b", "meeting_mode", "Vergadermodus (beginnen / verder)"),
        Key("overleg.add", "a", "add_item", "Punt toevoegen"),
        Key("overleg.edit", "e", "edit_item", "Punt wijzigen"),
        Key("overleg.remove", "delete,x", "remove_item", "Punt verwijderen", show=False),
        Key("overleg.up", "shift+up,minus", "move_item(-1)", "Punt omhoog", show=False),
        Key("overleg.down", "shift+down,plus", "move_item(1)", "Punt omlaag", show=False),
        Key("overleg.suggest", "s", "add_suggestion", "Suggestie op de agenda"),
        Key("overleg.fixed", "f", "add_fixed", "Vaste punten erbij", show=False),
        Key("overleg.roles", "o", "roles", "Voorzitter, notulist, aanwezig", show=False),
        Key("overleg.minutes", "v", "minutes", "Verslag maken (Markdown, gemaskeerd)"),
        Key("overleg.history", "l", "history", "Alle overleggen"),
        Key("overleg.client", "c", "client_history", "Eerdere besprekingen cliënt", show=False),
        Key("overleg.done", "g", "action_done", "Actie gedaan", show=False),
        Key("overleg.this", "t", "next_meeting", "Eerstvolgend overleg", show=False),
        Key("overleg.refresh", "r", "reload", "Vernieuwen"),
    ],
    "overdracht": [
        Key("overdracht.open", "enter", "open_selected", "Overdracht openen"),
        Key("overdracht.new", "n", "new_handover", "Nieuwe overdracht"),
        Key("overdracht.edit", "e", "edit_selected", "Bewerken"),
        Key("overdracht.ack", "b", "acknowledge_selected", "Bevestigen"),
        Key("overdracht.export", "x", "export_selected", "Exporteren"),
        Key("overdracht.discard", "delete", "discard_selected", "Concept verwijderen"),
        Key("overdracht.filter", "f", "cycle_filter", "Aan mij/van mij/alle"),
        Key("overdracht.refresh", "r", "reload", "Vernieuwen"),
    ],
}

MODAL_CLOSE = Key("modal.close", "escape,q", "close", "Sluiten")

# The client page (Enter on a client, or the palette), its Top-3 editor and the version comparison.
CLIENT_PAGE_KEYS: list[Key] = [
    Key("client.close", "escape,q", "close", "Terug"),
    Key("client.tab_top3", "t", "tab('top3')", "Top-3"),
    Key("client.tab_appointments", "a", "tab('afspraken')", "Afspraken"),
    Key("client.tab_overleg", "o", "tab('overleg')", "Overleg"),
    Key("client.tab_handovers", "d", "tab('overdrachten')", "Overdrachten"),
    Key("client.tab_trajectory", "h", "tab('traject')", "Traject"),
    Key("client.tab_log", "l", "tab('log')", "Log"),
    Key("client.top3_edit", "n", "edit_top3", "Top-3 bewerken (nieuwe versie)"),
    Key("client.top3_compare", "v", "compare", "Versies vergelijken"),
    Key("client.refresh", "r", "reload", "Vernieuwen"),
]
TOP3_EDITOR_KEYS: list[Key] = [
    Key("top3.save", "ctrl+s", "save", "Opslaan als nieuwe versie", priority=True),
    Key("top3.cancel", "escape,ctrl+w", "cancel", "Sluiten"),
    Key("top3.add_situation", "ctrl+n", "add_situation", "Situatie erbij", priority=True),
    Key("top3.add_agreement", "ctrl+t", "add_agreement", "Afspraak erbij", priority=True),
    Key("top3.remove", "ctrl+r", "remove_block", "Situatie/afspraak weg", priority=True),
    Key("top3.up", "alt+up,ctrl+up", "move(-1)", "Hoger in rangorde", priority=True),
    Key("top3.down", "alt+down,ctrl+down", "move(1)", "Lager in rangorde", priority=True),
]
TOP3_COMPARE_KEYS: list[Key] = [
    Key("compare.close", "escape,q", "close", "Terug"),
    Key("compare.left_prev", "comma", "shift('left', -1)", "Links: oudere versie"),
    Key("compare.left_next", "full_stop", "shift('left', 1)", "Links: nieuwere versie"),
    Key("compare.right_prev", "left_square_bracket", "shift('right', -1)", "Rechts: oudere versie"),
    Key("compare.right_next", "right_square_bracket", "shift('right', 1)", "Rechts: nieuwere versie"),
]
# Meeting mode (b in Overleg): typing goes into the notes/outcome fields; Esc leaves a field.
MEETING_KEYS: list[Key] = [
    Key("vergadering.next", "full_stop,right_square_bracket", "next_item", "Volgend punt (dit is besproken)"),
    Key("vergadering.prev", "comma,left_square_bracket", "previous_item", "Vorig punt"),
    Key("vergadering.skip", "s", "skip_item", "Overslaan (schuift door)"),
    Key("vergadering.notes", "n", "edit_field('mm-notes')", "Aantekeningen"),
    Key("vergadering.outcome", "u", "edit_field('mm-outcome')", "Uitkomst"),
    Key("vergadering.advies", "a", "outcome_kind('advies')", "Advies"),
    Key("vergadering.besluit", "b", "outcome_kind('besluit')", "Besluit"),
    Key("vergadering.action", "t", "add_action", "Actie (wie, wat, deadline)"),
    Key("vergadering.allocate", "w", "allocate", "Toewijzen (wachtlijst)"),
    Key("vergadering.pause", "space,p", "pause", "Klok pauze / verder"),
    Key("vergadering.minutes", "v", "minutes", "Verslag", show=False),
    Key("vergadering.end", "e", "end_meeting", "Overleg beëindigen"),
    Key("vergadering.save", "ctrl+s", "save_now", "Opslaan", show=False, priority=True),
    Key("vergadering.merge", "ctrl+l", "merge", "Nieuwe versie laden (samenvoegen)", priority=True),
    Key("vergadering.leave", "escape,q", "leave", "Veld uit / terug naar agenda"),
]
# Every form (screens/common/form.py): Tab/Shift+Tab are priority keys, or the keys typed right after Tab
# still land in the field being left ("7u⇥8u" gave "7u8u"); Ctrl+W too, or a focused Input takes it.
FORM_KEYS: list[Key] = [
    Key("form.save", "ctrl+s", "save", "Opslaan", priority=True),
    Key("form.cancel", "escape", "cancel", "Annuleren"),
    Key("form.cancel2", "ctrl+w", "cancel", "Annuleren", show=False, priority=True),
    Key("form.reload", "ctrl+l", "reload", "Nieuwe versie laden (samenvoegen)", priority=True),
    Key("form.next", "tab", "app.focus_next", "Volgend veld", show=False, priority=True),
    Key("form.previous", "shift+tab", "app.focus_previous", "Vorig veld", show=False, priority=True),
]
# One worker's day in the planning (Enter on a cell). A modal sees no app keys, so Ctrl+Z is bound
# here to the app's undo.
DAY_KEYS: list[Key] = [
    Key("dag.edit", "enter", "edit", "Wijzigen"),
    Key("dag.new", "n", "new", "Nieuw"),
    Key("dag.done", "g", "status('done')", "Gedaan"),
    Key("dag.no_show", "x", "status('no_show')", "Niet verschenen"),
    Key("dag.cancelled", "a", "status('cancelled')", "Geannuleerd"),
    Key("dag.planned", "p", "status('planned')", "Gepland"),
    Key("dag.delete", "delete,ctrl+d", "delete", "Verwijderen"),
    Key("dag.undo", "ctrl+z", "app.undo", "Ongedaan maken"),
    Key("dag.close", "escape,q", "close", "Sluiten"),
]
SCOPE_KEYS: list[Key] = [
    Key("scope.one", "d,enter", "choose('one')", "Alleen deze"),
    Key("scope.following", "v", "choose('following')", "Deze en volgende"),
    Key("scope.all", "a", "choose('all')", "Alle"),
    Key("scope.cancel", "escape,n,q", "choose('')", "Annuleren"),
]
CONFIRM_KEYS: list[Key] = [
    Key("confirm.yes", "j,y,enter", "answer(True)", "Ja"),
    Key("confirm.no", "n,escape", "answer(False)", "Nee"),
]
ASK_KEYS: list[Key] = [Key("ask.cancel", "escape,ctrl+w", "cancel", "Annuleren")]
SLOT_KEYS: list[Key] = [Key("slots.close", "escape,ctrl+w", "close", "Sluiten")]
# Reading one handover (Enter in Overdracht); a modal, so Ctrl+Z is bound to the app's undo here.
HANDOVER_VIEW_KEYS: list[Key] = [
    Key("overdracht.view.ack", "b", "acknowledge", "Bevestigen: gelezen en overgenomen"),
    Key("overdracht.view.edit", "e", "edit", "Bewerken"),
    Key("overdracht.view.export", "x", "export", "Exporteren (alleen codes)"),
    Key("overdracht.view.export_full", "X", "export_full", "Exporteren met initialen"),
    Key("overdracht.view.undo", "ctrl+z", "app.undo", "Ongedaan maken"),
]
HANDOVER_FORM_KEYS: list[Key] = [Key("handover.draft", "ctrl+o", "save_draft", "Concept bewaren", priority=True)]
# The `/` search line of the waiting list (a widget's keys: they act only while it has the focus).
WAITLIST_FILTER_KEYS: list[Key] = [
    Key("wachtlijst.filter.done", "enter,down", "done", "Terug naar de lijst", show=False),
    Key("wachtlijst.filter.clear", "escape", "clear", "Filter wissen", show=False),
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
    "zoekveld wachtlijst": WAITLIST_FILTER_KEYS,
}

# Screens other than the sections, with their keys, for the help screen and the clash check.
SCREEN_KEYS: dict[str, list[Key]] = {
    "Vergadermodus": MEETING_KEYS,
    "Cliëntpagina": CLIENT_PAGE_KEYS,
    "Top-3 bewerken": TOP3_EDITOR_KEYS,
    "Top-3 vergelijken": TOP3_COMPARE_KEYS,
}


def bindings(keys: list[Key]) -> list[Binding]:
    return [
        Binding(k.keys, k.action, k.description, show=k.show, priority=k.priority, id=k.id, tooltip=k.description)
        for k in keys
    ]


def display_keys(key: Key) -> str:
    """'question_mark,f1' -> '? / F1' for the help screen."""
    names = {"question_mark": "?", "comma": ",", "full_stop": ".", "left_square_bracket": "[",
             "right_square_bracket": "]", "escape": "Esc", "enter": "Enter", "alt+up": "Alt+↑",
             "alt+down": "Alt+↓", "ctrl+up": "Ctrl+↑", "ctrl+down": "Ctrl+↓", "slash": "/", "space": "Spatie",
             "plus": "+", "minus": "-", "up": "↑", "down": "↓", "left": "←", "right": "→",
             "shift+up": "Shift+↑", "shift+down": "Shift+↓", "delete": "Delete", "pageup": "PgUp",
             "pagedown": "PgDn", "less_than_sign": "<", "greater_than_sign": ">"}

    def one(part: str) -> str:
        if part in names:
            return names[part]
        if part.startswith("ctrl+"):
            return "Ctrl+" + part.removeprefix("ctrl+").upper()
        return part.upper()

    return " / ".join(one(part) for part in key.keys.split(","))
