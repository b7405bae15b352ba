"""Monkey test (issue 17, point 3): random keys from a fixed seed against the real app.

Every key of the key map (tui/keymap.py and the BINDINGS of every screen in screens/) plus letters,
digits, space, Esc, Enter, Tab, arrows, PgUp/PgDn, Ctrl+Z/S/L and some punctuation — never Ctrl+Q
or Ctrl+C. The monkey goes through all six sections and whatever dialogs and forms its keys open,
and writes to the database (that is the point). It fails when the app crashes or exits with an
error, when Teambord logs an unexpected failure, when an error notification is not a Dutch refusal,
when a key hangs, or when the SQLite file fails integrity_check / foreign_key_check afterwards.
The harness, and a stand-alone hunter/shrinker, is tests/monkey.py.

Replay a failure (the test prints these lines):
    TEAMBORD_MONKEY_SEED=17 TEAMBORD_MONKEY_COUNT=1000 .venv/bin/python -m pytest tests/test_monkey.py -k replay -s
    TEAMBORD_MONKEY_KEYS='3,n,ctrl+s' .venv/bin/python -m pytest tests/test_monkey.py -k replay -s
(TEAMBORD_MONKEY_SETTLE=1 settles after every key, for a calmer replay.)
The long run: TEAMBORD_SLOW=1 .venv/bin/python -m pytest tests/test_monkey.py -m slow -s
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.monkey import SETTLE_EVERY, key_pool, run_monkey, sandbox

DEFAULT_SEED = 17  # issue 17; chosen before the first run, not hunted for
SLOW = os.environ.get("TEAMBORD_SLOW") == "1"
# The default run presses the first 500 keys of seed 17 (~12 s); with TEAMBORD_SLOW=1 the full 1,000,
# next to the long runs below (and a replay takes TEAMBORD_MONKEY_COUNT, 1,000 unless set).
DEFAULT_COUNT = 1000 if SLOW else 500
REPLAY_COUNT = 1000
SLOW_SEEDS = [1, 2, 3]
SLOW_COUNT = 10_000


def _db_path(url: str) -> Path:
    return Path(url.removeprefix("sqlite:///"))


async def _run(make_app, demo_url, tmp_path, **kwargs):
    with sandbox(tmp_path):  # the database is in tmp_path too
        report = await run_monkey(make_app, _db_path(demo_url), **kwargs)
    print(report.describe())
    for seconds, index, key, screen in report.slowest[:5]:
        print(f"  slow key #{index} {key!r} on {screen}: {seconds:.2f} s")
    return report


def test_the_key_pool_covers_the_key_map_and_never_quits():
    from tui.keymap import GLOBAL, SECTION_KEYS

    keys, weights = key_pool()
    assert len(keys) == len(set(keys)) == len(weights)
    assert {"ctrl+q", "ctrl+c"}.isdisjoint(keys)
    for spec in GLOBAL + [k for section in SECTION_KEYS.values() for k in section]:
        if spec.action != "quit":
            assert set(spec.keys.split(",")) <= set(keys), spec.id
    assert {"1", "6", "escape", "enter", "tab", "shift+tab", "pagedown", "ctrl+z", "ctrl+s", "ctrl+l",
            "ctrl+u", "space", "a", "9", "comma", "alt+up", "shift+down"} <= set(keys)


async def test_monkey(make_app, demo_url, tmp_path):
    report = await _run(make_app, demo_url, tmp_path, seed=DEFAULT_SEED, count=DEFAULT_COUNT, stop_at_first=False)
    assert report.ok, report.describe()
    assert len(report.pressed) == DEFAULT_COUNT
    # It really went around: at least four sections and some dialogs.
    sections = {"TodayScreen", "PlanningScreen", "WaitlistScreen", "CaseloadScreen", "OverlegScreen",
                "HandoverScreen"}
    assert len(sections & set(report.screens)) >= 4, report.screens
    assert len(set(report.screens) - sections) >= 3, report.screens


# What the monkey found, shrunk to a few keys and replayed with a settle after every key (so each
# replays the same way every time); they stay as regression tests.
FOUND = {
    # AttributeError at screens/waitlist/screen.py:259: a row event of an empty table (fixed in a921cba)
    "waitlist-empty-filter-then-up": "3,slash,z,z,enter,up",
    # logged NoMatches at screens/overleg/meeting_mode.py:742 -> 277: on_unmount stashed from fields already gone
    # (fixed in 744dec1)
    "meeting-mode-leave": "5,b,j,escape",
}


@pytest.mark.parametrize("keys", list(FOUND.values()), ids=list(FOUND))
async def test_monkey_found(make_app, demo_url, tmp_path, keys):
    report = await _run(make_app, demo_url, tmp_path, keys=keys.split(","), settle_every=1, stop_at_first=False)
    assert report.ok, report.describe()


@pytest.mark.slow
@pytest.mark.skipif(os.environ.get("TEAMBORD_SLOW") != "1", reason="10,000 keys per seed: TEAMBORD_SLOW=1")
@pytest.mark.parametrize("seed", SLOW_SEEDS)
async def test_monkey_long(make_app, demo_url, tmp_path, seed):
    report = await _run(make_app, demo_url, tmp_path, seed=seed, count=SLOW_COUNT, stop_at_first=False)
    assert report.ok, report.describe()


@pytest.mark.skipif(not (os.environ.get("TEAMBORD_MONKEY_SEED") or os.environ.get("TEAMBORD_MONKEY_KEYS")),
                    reason="replay: set TEAMBORD_MONKEY_SEED (and TEAMBORD_MONKEY_COUNT) or TEAMBORD_MONKEY_KEYS")
async def test_monkey_replay(make_app, demo_url, tmp_path):
    keys = os.environ.get("TEAMBORD_MONKEY_KEYS")
    seed = os.environ.get("TEAMBORD_MONKEY_SEED")
    report = await _run(
        make_app, demo_url, tmp_path,
        seed=int(seed) if seed else None,
        count=int(os.environ.get("TEAMBORD_MONKEY_COUNT", REPLAY_COUNT)),
        keys=[k.strip() for k in keys.split(",") if k.strip()] if keys else None,
        settle_every=int(os.environ.get("TEAMBORD_MONKEY_SETTLE", SETTLE_EVERY)),
    )
    assert report.ok, report.describe()
