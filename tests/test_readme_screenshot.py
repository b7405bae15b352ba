"""The README's screenshots (docs/*.svg) are what scripts/readme_screenshot.py makes from the sources
now: a change to the Vandaag or Planning screen, the demo or the theme fails here until the files are
made again (`.venv/bin/python scripts/readme_screenshot.py`). Takes ~3 s, so it runs in every suite."""

from __future__ import annotations

import re
from html import unescape

from scripts.readme_screenshot import DOCS, outdated, render


def screen_text(svg: str) -> str:
    return unescape("".join(re.findall(r"<text[^>]*>(.*?)</text>", svg))).replace("\xa0", " ")


def test_the_committed_screenshots_are_what_the_script_makes_now():
    shots = render()
    assert sorted(shots) == ["teambord-planning.svg", "teambord-vandaag.svg"]
    # A screen with its data, not a loading or error screen.
    vandaag, planning = screen_text(shots["teambord-vandaag.svg"]), screen_text(shots["teambord-planning.svg"])
    assert "maandag 23 november 2026" in vandaag and "Mijn afspraken · ma 23 nov" in vandaag
    assert "week 48" in planning and "Anouk Verhoef (AV)" in planning
    stale = outdated(shots)
    assert not stale, (f"docs/{', docs/'.join(stale)} is niet meer actueel: maak opnieuw met "
                       f"`.venv/bin/python scripts/readme_screenshot.py` en bekijk het resultaat")
    assert all((DOCS / name).stat().st_size > 10_000 for name in shots)
