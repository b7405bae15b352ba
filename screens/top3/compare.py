"""Two Top-3 versions side by side, with what changed marked in the middle column.

Situations are matched by their description (see models/top3_diff.compare_plans): a situation
that moved shows "plaats 2 → 1", a rewritten one "herschreven", new ones "nieuw" and dropped ones
"vervallen"; agreements show status changes ("Loopt → Nagekomen"). `,` / `.` choose the left
(older) version, `[` / `]` the right one.
"""

from __future__ import annotations

from datetime import date

from rich.console import Group
from screens.common.plain import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer
from screens.common.plain import Label, Static

from models.clock import today
from models.dutch import numeric_date
from models.enums import AgreementStatus, Top3Phase
from models.top3.diff import (ADDED, AGREEMENT_FIELD_LABELS, DETAILS, PLAN_FIELD_LABELS, REMOVED, RERANKED, REWORDED,
                              SITUATION_FIELD_LABELS, STATUS, PlanContent, PlanVersion, compare_plans)
from screens.common.header import TeambordHeader
from screens.top3.render import agreement_text, situation_lines, version_title
from tui.keymap import TOP3_COMPARE_KEYS, bindings

OLD_STYLE = "red strike"
NEW_STYLE = "green"
CHANGED_STYLE = "dark_orange"  # readable on the dark and the light theme (yellow is not on white)


class Top3Compare(Screen[None]):
    CSS_PATH = "top3_compare.tcss"
    BINDINGS = bindings(TOP3_COMPARE_KEYS)

    def __init__(self, client_code: str, versions: list[PlanVersion], *, left: int, right: int) -> None:
        """versions: newest first; left/right: indexes into it (left is normally the older one)."""
        super().__init__()
        self.client_code = client_code
        self.versions = versions
        self.left = left
        self.right = right

    def compose(self) -> ComposeResult:
        yield TeambordHeader("Top-3 vergelijken")
        yield Label("", id="compare-title")
        yield Label("", id="compare-summary")
        with VerticalScroll(id="compare-box"):
            yield Static("", id="compare-body")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.refresh_comparison()

    def action_shift(self, side: str, step: int) -> None:
        """step -1 = an older version on that side, +1 = a newer one (versions are newest first)."""
        current = self.left if side == "left" else self.right
        target = current - step
        if not 0 <= target < len(self.versions):
            return
        if side == "left":
            self.left = target
        else:
            self.right = target
        self.refresh_comparison()

    def refresh_comparison(self) -> None:
        old, new = self.versions[self.left], self.versions[self.right]
        diff = compare_plans(old.content, new.content)
        self.query_one("#compare-title", Label).update(
            f"Top-3 van {self.client_code}: {version_title(old)}  ⟷  {version_title(new)}")
        self.query_one("#compare-summary", Label).update(f"Wat is er veranderd: {diff.summary()}")
        self.query_one("#compare-body", Static).update(
            Group(self._plan_fields(old.content, new.content, diff.plan_fields, today()),
                  Text(""), self._situations(old, new, diff), Text(""), self._agreements(old, new, diff)))

    def _table(self, old: PlanVersion, new: PlanVersion, title: str) -> Table:
        table = Table(title=title, title_justify="left", title_style="bold", expand=True, show_lines=True,
                      header_style="bold", padding=(0, 1))
        table.add_column(f"Versie {old.number}", ratio=5)
        table.add_column("Wijziging", ratio=2)
        table.add_column(f"Versie {new.number}", ratio=5)
        return table

    def _plan_fields(self, old: PlanContent, new: PlanContent, changed: tuple[str, ...], day: date) -> Table:
        table = Table(expand=True, show_header=False, box=None, padding=(0, 1))
        table.add_column(ratio=2, style="bold")
        table.add_column(ratio=4)
        table.add_column(ratio=2)
        table.add_column(ratio=4)

        def shown(content: PlanContent, name: str) -> str:
            if name == "phase":
                return Top3Phase.label_of(content.phase)
            if name == "evaluate_on":
                return numeric_date(content.evaluate_on)
            return content.made_with or "–"

        for name, label in PLAN_FIELD_LABELS.items():
            is_changed = name in changed
            table.add_row(label, shown(old, name), Text("gewijzigd", style=CHANGED_STYLE) if is_changed else "",
                          Text(shown(new, name), style=CHANGED_STYLE if is_changed else ""))
        return table

    def _situations(self, old: PlanVersion, new: PlanVersion, diff) -> Table:
        table = self._table(old, new, "Onveilige situaties")
        for change in diff.situations:
            left = Text("")
            right = Text("")
            if change.old is not None:
                left = Text(f"{change.old_rank}. ", style="bold") + situation_lines(change.old)
            if change.new is not None:
                right = Text(f"{change.new_rank}. ", style="bold") + situation_lines(change.new)
            marks = _added_or_removed(change.kinds, left, right)
            if RERANKED in change.kinds:
                arrow = "↑" if change.new_rank < change.old_rank else "↓"
                marks.append(Text(f"{arrow} plaats {change.old_rank} → {change.new_rank}", style="bold cyan"))
            if REWORDED in change.kinds:
                right.stylize(CHANGED_STYLE)
                marks.append(Text("~ herschreven", style=f"bold {CHANGED_STYLE}"))
            if DETAILS in change.kinds:
                names = ", ".join(SITUATION_FIELD_LABELS[name] for name in change.changed_fields)
                marks.append(Text(f"~ {names}", style=CHANGED_STYLE))
            if not marks:
                marks.append(Text("ongewijzigd", style="dim"))
            table.add_row(left, Text("\n").join(marks), right)
        return table

    def _agreements(self, old: PlanVersion, new: PlanVersion, diff) -> Table:
        table = self._table(old, new, "Veiligheidsafspraken")
        for change in diff.agreements:
            left = agreement_text(change.old) if change.old is not None else Text("")
            right = agreement_text(change.new) if change.new is not None else Text("")
            marks = _added_or_removed(change.kinds, left, right)
            if STATUS in change.kinds:
                marks.append(Text(f"status gewijzigd:\n{AgreementStatus.label_of(change.old.status)} → "
                                  f"{AgreementStatus.label_of(change.new.status)}", style="bold magenta"))
            if REWORDED in change.kinds:
                marks.append(Text("~ herschreven", style=f"bold {CHANGED_STYLE}"))
            if DETAILS in change.kinds:
                names = ", ".join(AGREEMENT_FIELD_LABELS[name] for name in change.changed_fields)
                marks.append(Text(f"~ {names}", style=CHANGED_STYLE))
            if not marks:
                marks.append(Text("ongewijzigd", style="dim"))
            table.add_row(left, Text("\n").join(marks), right)
        if not diff.agreements:
            table.add_row(Text("geen afspraken", style="italic"), "", Text("geen afspraken", style="italic"))
        return table

    def action_close(self) -> None:
        self.dismiss(None)


def _added_or_removed(kinds, left: Text, right: Text) -> list[Text]:
    """The marks of an added or removed situation/agreement, colouring its side of the row."""
    marks: list[Text] = []
    if ADDED in kinds:
        right.stylize(NEW_STYLE)
        marks.append(Text("+ nieuw", style=f"bold {NEW_STYLE}"))
    if REMOVED in kinds:
        left.stylize(OLD_STYLE)
        marks.append(Text("− vervallen", style="bold red"))
    return marks
