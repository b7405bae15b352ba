"""Text written by people is data, never markup: the widgets every screen uses, plain by default.

Why: Textual parses a `str` as content markup in a Label, a Static, a DataTable cell, a Select
option and a notification. A note typed as "Bel [/] oma" then raises MarkupError — and since
the note is stored, every colleague's Teambord crashed on opening Vandaag. So screens import
`Label`, `Static`, `Select` and `OptionList` from here (markup off; `tests/test_architecture.py`
refuses the Textual originals in screens/), `BoardTable` turns every str cell into plain text,
and the App's `notify` never parses markup. Styling is done with `rich.text.Text` or
`textual.content.Content` objects built from the value, never by putting a value inside markup.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from rich import table as rich_table
from rich.text import Text
from textual import widgets
from textual.widgets.option_list import Option


def plain(value: object) -> Text:
    """Any value as text that is shown exactly as it is."""
    return value if isinstance(value, Text) else Text("" if value is None else str(value))


def plain_cell(value: Any) -> Any:
    """A DataTable cell: a str becomes plain Text; renderables (styled Text) stay as they are."""
    return Text(value) if isinstance(value, str) else value


class Table(rich_table.Table):
    """A Rich table (client page, Top-3, handover) whose str cells and headers stay plain text."""

    def add_column(self, header: Any = "", *args: Any, **kwargs: Any) -> None:
        super().add_column(plain_cell(header), *args, **kwargs)

    def add_row(self, *renderables: Any, **kwargs: Any) -> None:
        super().add_row(*(plain_cell(cell) for cell in renderables), **kwargs)


class Label(widgets.Label):
    def __init__(self, content: Any = "", *, markup: bool = False, **kwargs: Any) -> None:
        super().__init__(content, markup=markup, **kwargs)


class Static(widgets.Static):
    def __init__(self, content: Any = "", *, markup: bool = False, **kwargs: Any) -> None:
        super().__init__(content, markup=markup, **kwargs)


class OptionList(widgets.OptionList):
    def __init__(self, *content: Any, markup: bool = False, **kwargs: Any) -> None:
        super().__init__(*content, markup=markup, **kwargs)


def _plain_options(options: Iterable[tuple[Any, Any]]) -> list[tuple[Any, Any]]:
    return [(plain_cell(prompt), value) for prompt, value in options]


class Select(widgets.Select):
    """A Select whose option prompts are plain text (a worker's name, a reason typed earlier)."""

    def __init__(self, options: Iterable[tuple[Any, Any]], **kwargs: Any) -> None:
        super().__init__(_plain_options(options), **kwargs)

    def set_options(self, options: Iterable[tuple[Any, Any]]) -> Select:
        return super().set_options(_plain_options(options))


__all__ = ["Label", "Option", "OptionList", "Select", "Static", "Table", "plain", "plain_cell"]
