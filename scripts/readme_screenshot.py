"""The README's screenshots: `teambord demo` on a frozen Monday morning at 160×48, as SVG files.

    .venv/bin/python scripts/readme_screenshot.py           # (re)writes docs/teambord-*.svg
    .venv/bin/python scripts/readme_screenshot.py --check   # exit 1 when a committed SVG is out of date

Makes docs/teambord-vandaag.svg (section 1, the first screen) and docs/teambord-planning.svg
(section 2). The same sources always give the same bytes, so the committed files can be checked
(tests/test_readme_screenshot.py runs the check in the normal suite):
- the team clock is frozen (models/clock.py `freeze`) at the moment the snapshot tests use,
  Monday 23 November 2026 08:30 in Amsterdam, and the demo is seeded for that day with its fixed
  seed, in a fresh temporary folder (never the user's demo template or config);
- the app runs headless, animations off and in colour (NO_COLOR is ignored), as worker AV, the
  first worker `teambord demo` opens as;
- Rich names the SVG's style classes after a checksum of the content, not at random.
Run it after a change to what these two screens show; the test says when that is needed.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

# Before Textual is imported: no animations (Textual reads this once, at import).
os.environ.setdefault("TEXTUAL_ANIMATIONS", "none")

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run as a file: the project's packages sit beside scripts/
    sys.path.insert(0, str(ROOT))

DOCS = ROOT / "docs"
SIZE = (160, 48)
USER = "AV"
# (file name, key that opens the section): what the README shows.
SHOTS = (("teambord-vandaag.svg", "1"), ("teambord-planning.svg", "2"))


def frozen_moment():
    import pendulum

    return pendulum.datetime(2026, 11, 23, 8, 30, tz="Europe/Amsterdam")


def render() -> dict[str, str]:
    """Every screenshot as SVG text, by file name (nothing written)."""
    from models import clock

    frozen = clock._frozen  # a test's own frozen clock is put back afterwards
    clock.freeze(frozen_moment())
    try:
        with tempfile.TemporaryDirectory(prefix="teambord-screenshot-") as folder, _environment(Path(folder)):
            return asyncio.run(_shoot(Path(folder)))
    finally:
        clock.freeze(frozen)


@contextmanager
def _environment(folder: Path) -> Iterator[None]:
    """The app's log in `folder`, not the user's; colours whatever NO_COLOR says (the README's picture
    is in colour). Put back afterwards."""
    saved = {name: os.environ.get(name) for name in ("XDG_STATE_HOME", "NO_COLOR")}
    os.environ["XDG_STATE_HOME"] = str(folder / "state")
    os.environ.pop("NO_COLOR", None)
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


async def _shoot(folder: Path) -> dict[str, str]:
    import textual.constants

    from tui.app import TeambordApp
    from tui.demo_template import build_demo_file
    from tui.settings import LaunchSettings, UserConfig

    textual.constants.TEXTUAL_ANIMATIONS = "none"  # also when Textual was imported before this module
    database = folder / "demo.db"
    build_demo_file(database, frozen_moment().date())
    shots: dict[str, str] = {}
    for name, key in SHOTS:
        launch = LaunchSettings(database_url=f"sqlite:///{database}", user_code=USER, demo=True, passphrase="demo")
        app = TeambordApp(launch, user_config=UserConfig(folder / "config.json"))
        async with app.run_test(size=SIZE) as pilot:
            await _settle(pilot)
            await pilot.press(key)
            await _settle(pilot)
            shots[name] = app.export_screenshot()
    return shots


async def _settle(pilot) -> None:
    """Until every worker (the database loads) has finished and the screen has caught up."""
    from textual.worker import WorkerCancelled, WorkerFailed

    for _ in range(5):
        try:
            await pilot.app.workers.wait_for_complete()
        except (WorkerCancelled, WorkerFailed):
            pass
        await pilot.pause()
        if not any(worker.is_running for worker in pilot.app.workers):
            return


def outdated(shots: dict[str, str], docs: Path = DOCS) -> list[str]:
    """The files in `docs` that are missing or differ from `shots`."""
    return [name for name, svg in shots.items()
            if not (docs / name).exists() or (docs / name).read_bytes() != svg.encode()]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Maak de schermafbeeldingen van de README (docs/*.svg).")
    parser.add_argument("--check", action="store_true", help="alleen controleren; exitcode 1 als er een verouderd is")
    args = parser.parse_args(argv)
    shots = render()
    stale = outdated(shots)
    if args.check:
        for name in stale:
            print(f"verouderd: docs/{name} (maak opnieuw met: python scripts/readme_screenshot.py)")
        return 1 if stale else 0
    DOCS.mkdir(exist_ok=True)
    for name, svg in shots.items():
        (DOCS / name).write_bytes(svg.encode())
        print(f"{'geschreven' if name in stale else 'ongewijzigd'}: docs/{name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
