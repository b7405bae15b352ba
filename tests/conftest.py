"""Shared fixtures: a frozen team clock, a migrated and seeded database file per test, the app.

The demo database is migrated and seeded once into a template file (kept for all xdist workers and
later runs, keyed by the content seeding depends on: `seeded_demo_file`); each test gets its own copy
under tmp_path, so tests stay independent and fast.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import shutil
import tempfile
import time
from datetime import date
from pathlib import Path

import pendulum
import pytest

from models import clock

# No animations in tests: Pilot waits for every animation (a tab's underline, a scroll) after each key.
# Textual reads TEXTUAL_ANIMATIONS (plural; TEXTUAL_ANIMATION is not read) once, when textual.constants
# is imported, which a plugin (pytest-textual-snapshot) may already have done: set both.
os.environ.setdefault("TEXTUAL_ANIMATIONS", "none")
os.environ.setdefault("TEXTUAL_ANIMATION", "none")
import textual.constants  # noqa: E402

textual.constants.TEXTUAL_ANIMATIONS = os.environ["TEXTUAL_ANIMATIONS"]  # what App.__init__ reads

# A Monday: the demo's richest morning, and the week the snapshots show.
FROZEN_NOW = pendulum.datetime(2026, 11, 23, 8, 30, tz="Europe/Amsterdam")
FROZEN_TODAY: date = FROZEN_NOW.date()


@pytest.fixture(autouse=True)
def frozen_clock():
    clock.freeze(FROZEN_NOW)
    yield FROZEN_NOW
    clock.freeze(None)


@pytest.fixture(autouse=True)
def private_log_dir(tmp_path, monkeypatch):
    """Each test logs into its own folder (platformdirs reads XDG_STATE_HOME), never the user's."""
    from tui.diagnostics import reset_logging

    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))  # the demo's template (tui/demo_template.py)
    yield
    reset_logging()


SEED_CACHE = Path(tempfile.gettempdir()) / "teambord-test-demo"


def seeded_demo_file(day: date) -> Path:
    """The demo migrated and seeded for `day` (the clock frozen at 08:30), as one self-contained SQLite
    file — made once for all xdist workers and later runs, kept under the temp folder, keyed by the day
    and the fingerprint of everything seeding depends on (the same builder and fingerprint as the
    `teambord demo` template: tui/demo_template.py). Copy it; never open the cached file itself."""
    from tui.demo_template import build_demo_file, fingerprint

    SEED_CACHE.mkdir(parents=True, exist_ok=True)
    version = fingerprint()
    target = SEED_CACHE / f"demo-{day.isoformat()}-{version}.db"
    if target.exists():
        return target
    with open(SEED_CACHE / f"{target.name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # another worker may be seeding the same day
        if target.exists():
            return target
        frozen = clock._frozen  # put back afterwards: the test's own frozen clock, or none
        clock.freeze(pendulum.datetime(day.year, day.month, day.day, 8, 30, tz="Europe/Amsterdam"))
        try:
            build_demo_file(target, day)
        finally:
            clock.freeze(frozen)
    for stale in SEED_CACHE.glob("demo-*"):  # other versions of the sources, not used for a day
        with contextlib.suppress(OSError):
            if time.time() - stale.stat().st_mtime > 86_400 and version not in stale.name:
                stale.unlink()
    return target


@pytest.fixture(scope="session")
def demo_template() -> Path:
    """The demo database for FROZEN_TODAY, seeded once (see seeded_demo_file); tests get a copy."""
    return seeded_demo_file(FROZEN_TODAY)


@pytest.fixture
def demo_url(demo_template, tmp_path) -> str:
    target = tmp_path / "teambord.db"
    shutil.copy(demo_template, target)
    return f"sqlite:///{target}"


@pytest.fixture
def database(demo_url):
    from tui.db import open_database

    db = open_database(demo_url)
    yield db
    db.dispose()


@pytest.fixture
def cli_passphrase(monkeypatch):
    """Command-line tests act as a demo worker: its public passphrase, given as a script gives it
    (TEAMBORD_WACHTWOORDZIN; tui/cli_signin.py). tests/test_cli_signin.py tests the asking itself."""
    monkeypatch.setenv("TEAMBORD_WACHTWOORDZIN", "demo")


@pytest.fixture
def make_app(demo_url, tmp_path):
    """Build the real app on the test's database, as worker AV unless told otherwise."""
    from models.auth.passphrase import DEMO_PASSPHRASE
    from tui.app import TeambordApp
    from tui.settings import LaunchSettings, UserConfig

    def build(user: str | None = "AV", url: str | None = None, **settings) -> TeambordApp:
        # Signed in as a script signs in (LaunchSettings.passphrase): the demo passphrase, checked as
        # the sign-in screen checks it. tests/test_sign_in.py drives the screen itself.
        if user is not None:
            settings.setdefault("passphrase", DEMO_PASSPHRASE)
        launch = LaunchSettings(database_url=url or demo_url, user_code=user, **settings)
        return TeambordApp(launch, user_config=UserConfig(tmp_path / "config.json"))

    return build


def rendered(app) -> str:
    """The screen as the terminal shows it (with the screens below a modal), as plain text: one line per row."""
    update = app.screen._compositor.render_update(full=True, screen_stack=app._background_screens)
    return "\n".join("".join(strip.text for strip in line) for line in update.strips)


async def settle(pilot) -> None:
    """Wait for every worker (database loads) to finish and the screen to catch up."""
    from textual.worker import WorkerCancelled, WorkerFailed

    for _ in range(5):
        try:
            await pilot.app.workers.wait_for_complete()
        except (WorkerCancelled, WorkerFailed):  # replaced, exiting, or failed (the app reports it)
            pass
        await pilot.pause()
        if not any(worker.is_running for worker in pilot.app.workers):
            return


# --- filling forms without a key press per character ---------------------------------------------
#
# Pilot waits for the app to go idle after every key, so typing a sentence character by character
# costs seconds. Where typing itself is not under test (the date-entry and keyboard tests, the monkey
# and the kill -9 tests still type), a test fills fields in one step: `paste` puts text into the
# focused field as a terminal paste does (the app forwards a Paste event to the focused widget; Input
# and TextArea insert it at the cursor, replacing a selection, so Input.Changed / TextArea.Changed
# and everything that hangs on them run as for typed text); `fill` sets fields by id.


async def paste(pilot, text: str) -> None:
    """Put `text` into the focused Input/TextArea at the cursor, in one step (a paste, not typing)."""
    from textual import events
    from textual.widgets import Input, TextArea

    focused = pilot.app.focused
    assert isinstance(focused, (Input, TextArea)), f"paste: the focus is not in a text field ({focused!r})"
    if text:
        focused._forward_event(events.Paste(text))  # what the app does with a terminal's paste
    await pilot.pause()


async def clear_and_paste(pilot, text: str) -> None:
    """Empty the focused Input by keys (End, Ctrl+U: delete all to the left), then paste `text`."""
    await pilot.press("end", "ctrl+u")
    await paste(pilot, text)


def set_field(screen, selector: str, value) -> None:
    """Set one field of a form in one step: an Input's or Select's value, a TextArea's text."""
    from textual.widgets import TextArea

    widget = screen.query_one(selector if selector.startswith(("#", ".")) else f"#{selector}")
    if isinstance(widget, TextArea):
        widget.load_text(value)
    else:
        widget.value = value


async def fill(pilot, fields: dict | None = None, /, **by_id) -> None:
    """Fill fields of the current screen in one step, then let the app catch up (one pause).

    `fill(pilot, {"#note": "x", "#worker": 3})` or `fill(pilot, note="x")` (keyword: widget id, with
    `-` written as `_`). Inputs and Selects get `.value`, a TextArea gets `load_text`."""
    screen = pilot.app.screen
    for selector, value in {**(fields or {}), **{k.replace("_", "-"): v for k, v in by_id.items()}}.items():
        set_field(screen, selector, value)
    await pilot.pause()


async def tab_to(pilot, widget_id: str, limit: int = 40) -> None:
    """Press Tab until the field has the cursor (what a worker does)."""
    for _ in range(limit):
        if pilot.app.focused is not None and pilot.app.focused.id == widget_id:
            return
        await pilot.press("tab")
        await pilot.pause()
    focused = pilot.app.focused.id if pilot.app.focused is not None else None
    raise AssertionError(f"Tab reaches #{widget_id} niet (focus: {focused})")


async def wait_until(pilot, condition, what: str = "the condition", timeout: float = 10.0) -> None:
    """Let the app run until `condition()` holds (polled every 50 ms), instead of a fixed pause."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"{what}: not within {timeout} s")
        await pilot.pause(0.05)


# --- the order of the run -----------------------------------------------------------------------
#
# With `-n auto` (pyproject: --dist worksteal) a worker that runs out of tests takes half of the other's
# queue; a long test that starts last still leaves one worker finishing alone. So the long ones
# (each 10-40 s: the fuzz forms, the monkey, the leak cycles, the kill -9 runs, the tours on many
# dates, the longest flows by keys) go first, longest first.
LONG_FIRST = (
    "tests/test_fuzz_forms.py",
    "tests/test_monkey.py::test_monkey",
    "tests/test_leaks.py",
    "tests/test_kill9.py",
    "tests/test_kill9_draft.py",
    "tests/test_top3_screens.py",
    "tests/test_meeting_mode.py::test_prepare_run",
    "tests/test_top3_caseload_merge_undo.py::test_a_second_ctrl_s",
    "tests/test_app_dates.py",
    "tests/test_odd_text.py",
)


def pytest_collection_modifyitems(config, items):
    def rank(item) -> int:
        return next((n for n, prefix in enumerate(LONG_FIRST) if item.nodeid.startswith(prefix)), len(LONG_FIRST))

    items.sort(key=rank)  # stable: the collection order within each group


def pytest_xdist_auto_num_workers(config) -> int:
    """`-n auto` (the README's test command): one and a half workers per core.

    The UI tests spend about half their time waiting (Pilot waits for the app to go idle after each
    key; drafts and polls have their delays), so two workers leave a 2-core machine half idle: on
    one, 2 workers took 5 min 19 s, 3 took 3 min 58 s, with the same 547 passed."""
    return max(2, (os.cpu_count() or 1) * 3 // 2)
