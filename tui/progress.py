"""A progress bar for the command line's long work (`teambord seed schaal`, the exports).

Drawn with rich on stderr, and only when stderr is a terminal: a pipe, a log file or a test sees
nothing but the command's one line of result on stdout. The bar is transient: once the work is
done it disappears, and the result line says what was made.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TextIO

Advance = Callable[..., None]  # advance(completed, description=None, total=None)


@contextmanager
def progress_bar(description: str, total: float | None, *, stream: TextIO | None = None) -> Iterator[Advance]:
    """`with progress_bar("Verslag", 3) as advance: … advance(1, "schrijven")`."""
    stream = stream or sys.stderr
    if not _is_terminal(stream):
        yield lambda *_args, **_kwargs: None
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    with Progress(*columns, console=Console(file=stream), transient=True) as progress:
        task = progress.add_task(description, total=total)

        def advance(completed: float, text: str | None = None, total: float | None = None) -> None:
            changes: dict = {"completed": completed}
            if text is not None:
                changes["description"] = f"{description}: {text}"
            if total is not None:
                changes["total"] = total
            progress.update(task, **changes)

        yield advance


def _is_terminal(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):  # no isatty, or a closed stream
        return False
