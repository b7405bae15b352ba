"""Opening and closing screens many times leaves none of them alive (issue 14).

A closed screen that is still reachable keeps all its widgets and rows: the client page used to
stay alive through its watch on the App's `masked` (4.4 MiB per open). Every client page, form and
help screen opened in the cycles is tracked by a weak reference; after the cycles none of them may
still exist except from the last cycle (asyncio keeps the context of the newest finished worker
task for a moment, which holds that one screen; it is released on the next cycle).
"""

from __future__ import annotations

import gc
import weakref

from textual.screen import Screen

from tests.conftest import settle

CYCLES = 2  # the screens of the first cycle must be gone after the second

# (section key, key that opens the form, screen class name that must be gone after closing)
FORMS = [
    ("2", "n", "AppointmentForm"),
    ("2", "a", "AbsenceForm"),
    ("3", "n", "RegistrationForm"),
    ("5", "n", "AgendaItemForm"),
    ("4", "v", "FollowUpForm"),
    ("4", "a", "CloseTrajectoryForm"),
    ("5", "o", "MeetingForm"),
    ("6", "n", "HandoverForm"),
]


async def _cycle(pilot, open_keys: tuple[str, ...], shown: str, close_key: str, opened: weakref.WeakSet) -> None:
    await pilot.press(*open_keys)
    await settle(pilot)
    assert type(pilot.app.screen).__name__ == shown, f"{open_keys} did not open {shown}"
    opened.add(pilot.app.screen)
    await pilot.press(close_key)
    await settle(pilot)
    assert type(pilot.app.screen).__name__ != shown


async def test_no_closed_screen_stays_alive(make_app):
    app = make_app()
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        client_id = app.client_index[0].id
        for key in "234561":  # every section once, so the App's own section screens exist
            await pilot.press(key)
            await settle(pilot)
        earlier: weakref.WeakSet = weakref.WeakSet()  # opened before the last cycle
        for cycle in range(CYCLES):
            opened: weakref.WeakSet = weakref.WeakSet()
            app.open_client(client_id)
            await settle(pilot)
            assert type(app.screen).__name__ == "ClientPage"
            opened.add(app.screen)
            await pilot.press("q")
            await settle(pilot)
            await _cycle(pilot, ("question_mark",), "HelpScreen", "q", opened)
            for section, key, form in FORMS:
                await pilot.press(section)
                await settle(pilot)
                await _cycle(pilot, (key,), form, "ctrl+w", opened)
            for key in "234561":
                await pilot.press(key)
            await settle(pilot)
            if cycle < CYCLES - 1:
                earlier |= opened
        kept = {id(screen) for screen in app._installed_screens.values()}  # help is installed once
        gc.collect()
        alive = [screen for screen in earlier if id(screen) not in kept]
        assert not alive, f"closed screens still alive: {sorted(type(s).__name__ for s in alive)}"


async def test_client_page_leaves_no_watcher_on_the_app(make_app):
    app = make_app()
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        watchers = getattr(app, "__watchers", {})
        before = {name: len(entries) for name, entries in watchers.items() if entries}
        for ref in app.client_index[:5]:
            app.open_client(ref.id)
            await settle(pilot)
            await pilot.press("q")
            await settle(pilot)
        after = {name: len(entries) for name, entries in getattr(app, "__watchers", {}).items() if entries}
        assert after == before
