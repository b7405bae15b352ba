"""Text without control characters: what forms keep as you type and every write stores.

Standard library only, so a form can clean its fields as they change without loading the
database layer (models/limits.py applies the same cleaning at every flush).
"""

from __future__ import annotations

import re

_ANSI_SEQUENCE = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b[@-Z\\-_]")
_CONTROL = dict.fromkeys([c for c in range(32) if c not in (9, 10)] + [127] + list(range(0x80, 0xA0)))


def clean_text(value: str) -> str:
    """`value` without control characters (newlines and tabs stay); ANSI sequences go whole."""
    if value.isprintable():  # the everyday case, checked in C
        return value
    return _ANSI_SEQUENCE.sub("", value).translate(_CONTROL)


def short_list(values: list[str], *, most: int = 5, width: int = 12) -> str:
    """Typed values quoted back in a message, kept short: a pasted page must not fill the screen."""
    shown = [v if len(v) <= width else v[: width - 1] + "…" for v in values[:most]]
    rest = len(values) - len(shown)
    return ", ".join(shown) + (f" en nog {rest}" if rest > 0 else "")


def too_long(value: str, limit: int | None, label: str = "") -> str | None:
    """The Dutch refusal for a text over its limit, or None when it fits."""
    if limit is None or len(value) <= limit:
        return None
    subject = f"{label}: te lang" if label else "Te lang"
    return f"{subject}, ten hoogste {dutch_number(limit)} tekens (nu {dutch_number(len(value))})."


def dutch_number(number: int) -> str:
    """100000 -> '100.000' (Dutch thousands separator)."""
    return f"{number:,}".replace(",", ".")
