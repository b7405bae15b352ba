"""Meeting mode's agenda: the list beside the item (what was discussed, what comes next) and the
current item large, with its one question to the team. Painting only: the screen says which item
is current and what was discussed."""

from __future__ import annotations

from collections.abc import Callable

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from screens.common.plain import Label, Static

from models.enums import AgendaItemKind
from screens.common.format import client_label

AGENDA_WIDTH = 38  # characters of an agenda line before its minutes


class MeetingAgenda(Vertical):
    """The agenda with a mark per item (▶ now, ✓ discussed, ↷ passed without), and what comes next."""

    def compose(self) -> ComposeResult:
        yield Label("Agenda", classes="mm-block-title")
        yield Static("", id="mm-agenda")
        yield Label("Hierna", classes="mm-block-title")
        yield Static("", id="mm-next")

    def show(self, view, index: int, discussed: Callable[[int], bool]) -> None:
        lines = Text()
        for number, item in enumerate(view.items, start=1):
            if number - 1 == index:
                mark, style = "▶", "bold reverse"
            elif discussed(item.id):
                mark, style = "✓", "green"
            elif number - 1 < index:
                mark, style = "↷", "dark_orange"
            else:
                mark, style = " ", ""
            client = self._label(item)
            line = f"{mark} {number:>2} {AgendaItemKind.label_of(item.kind)}{' · ' + client if client else ''}"
            lines.append(f"{line[:AGENDA_WIDTH]:<{AGENDA_WIDTH}} {item.timebox_min:>3}'\n", style=style)
        total = sum(item.timebox_min for item in view.items)
        left = sum(item.timebox_min for item in view.items[index:] if not discussed(item.id))
        lines.append(f"\nGepland {total} van {view.meeting.duration_min} min · nog {left} min", style="dim")
        self.query_one("#mm-agenda", Static).update(lines)
        upcoming = view.items[index + 1] if index + 1 < len(view.items) else None
        if upcoming is None:
            after = Text("Dit is het laatste punt. e beëindigt het overleg.", style="dim")
        else:
            client = self._label(upcoming)
            after = Text.assemble((f"{index + 2}. {AgendaItemKind.label_of(upcoming.kind)}"
                                   f"{' · ' + client if client else ''} · {upcoming.timebox_min} min\n", "bold"),
                                  upcoming.question)
        self.query_one("#mm-next", Static).update(after)

    def _label(self, item) -> str:
        return client_label(item.client_code, item.client_initials, masked=self.app.masked)


class ItemHead(Vertical):
    """The current item: its place, kind, client (masked: code only), inbrenger, and its question."""

    def compose(self) -> ComposeResult:
        yield Label("", id="mm-item-title")
        yield Static("", id="mm-question")

    def show(self, item, number: int, count: int, discussed: bool) -> None:
        title = self.query_one("#mm-item-title", Label)
        question = self.query_one("#mm-question", Static)
        if item is None:
            title.update("Geen agendapunten")
            question.update("")
            return
        parts = [f"Punt {number} van {count}", AgendaItemKind.label_of(item.kind).upper()]
        if item.client_code:
            parts.append(client_label(item.client_code, item.client_initials, masked=self.app.masked))
        if item.presenter_code:
            parts.append(f"inbrenger {item.presenter_code}")
        if item.carried_over:
            parts.append("doorgeschoven")
        if discussed:
            parts.append("✓ besproken")
        title.update(" · ".join(parts))
        question.update(item.question or "(geen vraag)")
