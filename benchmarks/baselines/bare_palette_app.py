"""Baseline (g): Textual's default command palette (Ctrl+P) with a provider of 15,000 entries.

Like Teambord's palette: every "Cliënt ZS-nnnnn" is searchable (fuzzy, Textual's matcher), not
listed on discovery; Textual's system commands are there too. The floor for "palette per
keystroke". argv[1] (optional): the number of entries (default 15000).
"""

import sys
from functools import partial

from textual.app import App, ComposeResult
from textual.command import Hit, Hits, Provider
from textual.widgets import Label

COUNT = int(sys.argv[1]) if len(sys.argv) > 1 else 15000


class ClientCommands(Provider):
    codes = [f"ZS-{i:05d}" for i in range(COUNT)]

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for code in self.codes:
            text = f"Cliënt {code}"
            score = matcher.match(text)
            if score > 0:
                yield Hit(score, matcher.highlight(text), partial(self.app.notify, code), help="Open de cliëntpagina")


class BarePaletteApp(App[None]):
    COMMANDS = App.COMMANDS | {ClientCommands}

    def compose(self) -> ComposeResult:
        yield Label("Bare · Palet READY")


if __name__ == "__main__":
    BarePaletteApp().run()
