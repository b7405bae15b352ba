"""Command palette (Ctrl+P): every section, every client by code, and the app-wide actions."""

from __future__ import annotations

from functools import partial

from textual.command import CommandPalette, DiscoveryHit, Hit, Hits, Provider

from tui.keymap import SECTIONS


class TeambordCommands(Provider):
    def _commands(self) -> list[tuple[str, object, str]]:
        app = self.app
        commands: list[tuple[str, object, str]] = [
            (f"Ga naar {title} ({key})", partial(app.switch_mode, mode), f"Scherm {title}")
            for mode, key, title in SECTIONS
        ]
        commands += [
            ("Maskering aan/uit", app.action_toggle_mask, "Alleen cliëntcodes tonen (voor de beamer)"),
            ("Andere gebruiker kiezen", app.action_pick_user, "Wissel wie er werkt"),
            ("Help: alle toetsen", app.action_help, "Toon alle toetsen"),
        ]
        commands += [
            (f"Cliënt {ref.code}", partial(app.open_client, ref.id), "Open de cliëntpagina")
            for ref in app.client_index
        ]
        return commands

    async def discover(self) -> Hits:
        for text, callback, help_text in self._commands():
            if not text.startswith("Cliënt "):  # the client list is for searching, not browsing
                yield DiscoveryHit(text, callback, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for text, callback, help_text in self._commands():
            score = matcher.match(text)
            if score > 0:
                yield Hit(score, matcher.highlight(text), callback, help=help_text)


class TeambordPalette(CommandPalette):
    """Textual's palette, with PgUp/PgDn that cannot crash the app.

    Textual 8.2.8 looks up the highlighted option's line before the list has laid out its lines
    (just after opening, or while typing changes the results): `KeyError` in OptionList._move_page
    ended the app (found by the monkey test). A page move that finds no lines yet does nothing.
    """

    def _action_command_list(self, action: str) -> None:
        try:
            super()._action_command_list(action)
        except KeyError:
            pass  # no lines laid out yet: the next key press will find them
