"""Command palette (Ctrl+P): every section, every client and registration by code, the app-wide actions.

Everything here is Dutch: Textual's own (English) commands are not offered (TeambordApp.COMMANDS),
and "No matches found" reads "Geen resultaten".

At organisation scale there are 15,000 clients. Fuzzy-matching every one of them on every
keystroke cost ~200 ms per key (issue 14), so clients are matched differently from commands:
the codes are prepared once per palette opening, a keystroke does a plain substring test on
them ("zs0008", "0008" and "ZS-0008" all find ZS-0008), the best CLIENT_HITS are shown, and only
those are highlighted. The few commands keep Textual's fuzzy matcher.
"""

from __future__ import annotations

from functools import partial

from rich.align import Align
from rich.text import Text
from textual.command import CommandList, CommandPalette, DiscoveryHit, Hit, Hits, Provider
from textual.widgets.option_list import Option

from tui.keymap import SECTIONS

CLIENT_HITS = 20
CLIENT_WORDS = ("cliënt", "client")
REGISTRATION_WORDS = ("aanmelding",)
NO_MATCHES = "Geen resultaten"


def _compact(text: str) -> str:
    return "".join(ch for ch in text.lower() if ch.isalnum())


class TeambordCommands(Provider):
    async def startup(self) -> None:
        app = self.app
        self._commands: list[tuple[str, object, str]] = [
            (f"Ga naar {title} ({key})", partial(app.switch_mode, mode), f"Scherm {title}")
            for mode, key, title in SECTIONS
        ]
        self._commands += [
            ("Maskering aan/uit", app.action_toggle_mask, "Alleen cliëntcodes tonen (voor de beamer)"),
            ("Andere gebruiker kiezen", app.action_pick_user, "Wissel wie er werkt"),
            _theme_command(app),
            ("Help: alle toetsen", app.action_help, "Toon alle toetsen"),
            ("Stoppen", app.action_quit, "Teambord afsluiten (Ctrl+Q)"),
        ]
        if app.user is not None:
            self._commands.append(("Wachtwoordzin instellen", app.action_set_passphrase,
                                   "Uw eigen wachtwoordzin wijzigen (coördinator: ook die van een collega)"))
        if getattr(app.user, "coordinator", False):  # the screen and the model refuse anyone else too
            self._commands.append(("Auditoverzicht", partial(_open_audit_overview, app),
                                   "Wie heeft wat gedaan, per medewerker, cliënt, actie en periode (coördinator)"))
        self._clients = [(_compact(ref.code), ref) for ref in app.client_index]
        self._registrations = [(_compact(code), code) for code in app.registration_index]

    async def discover(self) -> Hits:
        for text, callback, help_text in self._commands:  # the client list is for searching, not browsing
            yield DiscoveryHit(text, callback, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for text, callback, help_text in self._commands:
            score = matcher.match(text)
            if score > 0:
                yield Hit(score, matcher.highlight(text), callback, help=help_text)
        for score, ref in _by_code(query, CLIENT_WORDS, ((code, ref.code, ref) for code, ref in self._clients)):
            text = f"Cliënt {ref.code}"
            yield Hit(score, matcher.highlight(text), partial(self.app.open_client, ref.id), text=text,
                      help="Open de cliëntpagina")
        for score, code in _by_code(query, REGISTRATION_WORDS, ((key, code, code) for key, code in self._registrations)):
            text = f"Aanmelding {code}"
            yield Hit(score, matcher.highlight(text), partial(self.app.open_registration, code), text=text,
                      help="Toon de aanmelding op de wachtlijst")


def _open_audit_overview(app) -> None:
    from screens.audit.overview import open_audit_overview  # only when chosen: not before the first frame

    open_audit_overview(app)


def _theme_command(app) -> tuple[str, object, str]:
    """The theme the app is not in, by name. "… thema" and not "Thema: …": typing the English
    "theme" must still find nothing (tests/test_palette.py), and fuzzy "theme" matches "Thema: donker"."""
    from tui.config import LIGHT_THEME

    if app.theme == LIGHT_THEME:
        return "Donker thema", app.action_toggle_theme, "Terug naar het donkere thema (Teambord onthoudt het)"
    return "Licht thema", app.action_toggle_theme, "Lichte kleuren, bijv. bij daglicht (Teambord onthoudt het)"


def _by_code(query: str, words_to_skip: tuple[str, ...], entries) -> list[tuple[float, object]]:
    """Entries (compact code, code, value) whose code contains what was typed: exact first, then
    codes that start with it, then the rest, each by code; at most CLIENT_HITS."""
    words = query.lower().split()
    if words and words[0] in words_to_skip:
        words = words[1:]
    needle = _compact("".join(words))
    if not needle:
        return []
    found = []
    for compact, code, value in entries:
        if needle in compact:
            score = 1.0 if compact == needle else 0.95 if compact.startswith(needle) else 0.9
            found.append((score, code, value))
    found.sort(key=lambda hit: (-hit[0], hit[1]))
    return [(score, value) for score, _code, value in found[:CLIENT_HITS]]


class TeambordPalette(CommandPalette):
    """Textual's palette, with PgUp/PgDn that cannot crash the app.

    Textual 8.2.8 looks up the highlighted option's line before the list has laid out its lines
    (just after opening, or while typing changes the results): `KeyError` in OptionList._move_page
    ended the app (found by the monkey test). A page move that finds no lines yet does nothing.
    """

    def _start_no_matches_countdown(self, search_value: str) -> None:
        """Textual's "No matches found", in Dutch (the same countdown and option as Textual's)."""
        self._stop_no_matches_countdown()

        def show_no_matches() -> None:
            if search_value:
                self.query_one(CommandList).add_option(
                    Option(Align.center(Text(NO_MATCHES, style="not bold")), disabled=True, id=self._NO_MATCHES))
                self._list_visible = True
            else:
                self._list_visible = False

        self._no_matches_timer = self.set_timer(self._NO_MATCHES_COUNTDOWN, show_no_matches)

    def _action_command_list(self, action: str) -> None:
        try:
            super()._action_command_list(action)
        except KeyError:
            pass  # no lines laid out yet: the next key press will find them
