"""Text people typed, made safe to put inside a Markdown export (minutes, handovers).

A question like "*dringend* [zie VT](x) <b>" or an action starting with "# " must read as typed
in whatever renders the file, not become emphasis, a link, a heading or raw HTML. Characters
that mean something anywhere in a line are escaped with a backslash (CommonMark); those that only
mean something at the start of a line (a heading, a list, a quote) only there, so the file stays
readable in a plain editor ("Top-3" stays "Top-3"). Newlines stay: an SBAR field keeps its
paragraphs.
"""

from __future__ import annotations

import re

_ANYWHERE = re.compile(r"([\\`*_\[\]<>|~])")
_LINE_START = re.compile(r"^(\s*)([#=+\-])", re.MULTILINE)
_ORDERED = re.compile(r"^(\s*\d+)([.)])", re.MULTILINE)


def md(text: str | None) -> str:
    """`text` as literal Markdown text."""
    escaped = _ANYWHERE.sub(r"\\\1", text or "")
    escaped = _LINE_START.sub(lambda m: f"{m.group(1)}\\{m.group(2)}", escaped)
    return _ORDERED.sub(lambda m: f"{m.group(1)}\\{m.group(2)}", escaped)


def md_inline(text: str | None) -> str:
    """Like `md`, on one line (table cells, list items): runs of whitespace become one space."""
    return md(" ".join((text or "").split()))
