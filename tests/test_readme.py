"""The README points only at things that exist (issue 15, part 12)."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_every_link_and_every_named_project_file_exists():
    links = re.findall(r"\]\(([^)#]+)\)", README)
    named = re.findall(r"`((?:tui|models|screens|tests|fixtures|benchmarks|scripts|docs|migrations|\.ci)/[\w./-]+)`",
                       README)
    missing = [path for path in [*links, *named] if not path.startswith("http") and not (ROOT / path).exists()]
    assert links and named
    assert missing == []


def test_the_readme_names_the_export_commands_and_the_extra():
    for words in ("teambord export verslag", "teambord export ics", "teambord sluitingsdag", "teambord[postgres]"):
        assert words in README
