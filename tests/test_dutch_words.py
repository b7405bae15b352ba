"""Dutch text reads as one voice (issue 15, part 13): the user is "u", and one is singular."""

from __future__ import annotations

import ast
import re
from datetime import date
from pathlib import Path

from models.dutch import count, days_ago, days_until

ROOT = Path(__file__).resolve().parent.parent
INFORMAL = re.compile(r"\b(je|jij|jou|jouw|jullie)\b", re.IGNORECASE)


def test_one_is_singular():
    assert count(1, "aanmelding", "aanmeldingen") == "1 aanmelding"
    assert count(0, "aanmelding", "aanmeldingen") == "0 aanmeldingen"
    assert count(3, "lopende afspraak", "lopende afspraken") == "3 lopende afspraken"
    day = date(2026, 12, 4)
    assert days_until(date(2026, 12, 3), day) == "gisteren"  # was "1 dagen geleden"
    assert days_until(date(2026, 12, 1), day) == "3 dagen geleden"
    assert days_ago(date(2026, 12, 3), day) == "gisteren"


def test_the_user_is_addressed_as_u_in_every_text_of_the_app():
    found = []
    for folder in ("screens", "tui", "models", "fixtures"):
        for path in (ROOT / folder).rglob("*.py"):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, ast.Constant) and isinstance(node.value, str) and INFORMAL.search(node.value):
                    found.append(f"{path.relative_to(ROOT)}:{node.lineno}: {node.value[:60]!r}")
    assert found == []
