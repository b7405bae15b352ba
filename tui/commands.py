"""Command palette (Ctrl+P): every section, every client by code, and the app-wide actions.

At organisation scale there are 15,000 clients. Fuzzy-matching every one of them on every
keystroke cost ~200 ms per key (issue 14), so clients are matched differently from commands:
the codes are prepared once per palette opening, a keystroke does a plain substring test on
them ("zs0008", "0008" and "ZS-0008" all find ZS-0008), the best CLIENT_HITS are shown, and only
those are highlighted. The few commands keep Textual's fuzzy matcher.
"""

from __future__ import annotations

from functools import partial

from textual.command import CommandPalette, DiscoveryHit, Hit, Hits, Provider

from tui.keymap import SECTIONS

CLIENT_HITS = 20
CLIENT_WORDS = ("cliënt", "client")


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
            ("Help: alle toetsen", app.action_help, "Toon alle toetsen"),
        ]
        self._clients = [(_compact(ref.code), ref) for ref in app.client_index]

    async def discover(self) -> Hits:
        for text, callback, help_text in self._commands:  # the client list is for searching, not browsing
            yield DiscoveryHit(text, callback, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for text, callback, help_text in self._commands:
            score = matcher.match(text)
            if score > 0:
                yield Hit(score, matcher.highlight(text), callback, help=help_text)
        for score, ref in self._client_matches(query):
            text = f"Cliënt {ref.code}"
            yield Hit(score, matcher.highlight(text), partial(self.app.open_client, ref.id), text=text,
                      help="Open de cliëntpagina")

    def _client_matches(self, query: str) -> list[tuple[float, object]]:
        words = query.lower().split()
        if words and words[0] in CLIENT_WORDS:
            words = words[1:]
        needle = _compact("".join(words))
        if not needle:
            return []
        found: list[tuple[float, str, object]] = []
        for code, ref in self._clients:
            if needle in code:
                # An exact code first, then codes that start with it, then the rest, each by code.
                score = 1.0 if code == needle else 0.95 if code.startswith(needle) else 0.9
                found.append((score, ref.code, ref))
        found.sort(key=lambda hit: (-hit[0], hit[1]))
        return [(score, ref) for score, _code, ref in found[:CLIENT_HITS]]


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
