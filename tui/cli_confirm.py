"""A yes/no question on the command line: `j` (or `ja`) goes on, anything else stops.

Used before something that cannot be taken back or that lets client data out: an export with
initials (`teambord export verslag --namen`), purging closed cases (`teambord db opschonen`).
`--ja` answers it in advance, for scripts.
"""

from __future__ import annotations

import sys


def ask(question: str) -> bool:
    """Ask on stdout, read one line from stdin; True only for "j" or "ja" (end of input: no)."""
    print(f"{question} (j/n) ", end="", flush=True)
    try:
        answer = sys.stdin.readline()
    except (OSError, ValueError):  # no stdin at all
        answer = ""
    if not answer.endswith("\n"):
        print()  # end of input: finish the question's line
    return answer.strip().lower() in ("j", "ja")


def interactive() -> bool:
    """True when someone can answer (stdin is a terminal)."""
    try:
        return sys.stdin is not None and sys.stdin.isatty()
    except (OSError, ValueError):
        return False
