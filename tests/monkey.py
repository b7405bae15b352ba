"""A monkey for Teambord: random keys from a fixed seed against the real app (Pilot), until it breaks.

Used by tests/test_monkey.py, and runnable on its own to hunt for crashes and shrink a failing
key sequence (it builds its own demo database, with the same frozen clock as the tests):

    .venv/bin/python -m tests.monkey hunt --seeds 1-20 --count 1000
    .venv/bin/python -m tests.monkey replay --keys "3,n,ctrl+s"
    .venv/bin/python -m tests.monkey shrink --seed 7 --count 1000

What counts as a failure (MonkeyReport.failures):
- the app crashed: Pilot re-raised an exception, or the app stopped with a return code other than
  0 (0 comes from a legitimate quit, e.g. "Stoppen" in the command palette: the monkey restarts the
  app on the same database and goes on);
- Teambord logged a failure (tui.diagnostics.log_failure: an unexpected exception in a worker, a
  form save, the meeting mode …) — the exception itself is captured here, with its traceback;
- an error notification that is not a Dutch refusal: Teambord's generic "niet gelukt / database"
  sentences (which it shows for unexpected exceptions) or text that looks like a Python error;
- a key or a settle that hangs (no progress for HANG_SECONDS);
- the SQLite file fails PRAGMA integrity_check or foreign_key_check afterwards.
Refusals (a DomainError's Dutch sentence as an error notification) are expected and only counted.

Nothing the monkey does leaves its sandbox: the exports (iCalendar, handovers, minutes, Textual's
screenshot command) go to folders under the run's own directory, and a write elsewhere is refused
as an OSError (which the app reports as a refusal).
"""

from __future__ import annotations

import asyncio
import contextlib
import importlib
import inspect
import logging
import os
import pathlib
import pkgutil
import random
import re
import sqlite3
import string
import sys
import time
import traceback
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

SIZE = (160, 48)
SETTLE_EVERY = 20  # a full settle (all workers done) every this many keys; in between see press()
HANG_SECONDS = 30.0
IDLE_SECONDS = 0.5  # after each key: wait until the app is idle, at most this long (see press())
TAIL = 50  # keys printed with a failure

# Keys that end the run or leave the process: never pressed.
EXCLUDED_KEYS = {"ctrl+q", "ctrl+c", "ctrl+backslash"}
EXCLUDED_ACTIONS = {"quit", "help_quit", "suspend_process"}

EXTRA_KEYS = [
    *string.ascii_lowercase, *string.digits,
    "space", "escape", "enter", "tab", "shift+tab", "backspace",
    "up", "down", "left", "right", "pageup", "pagedown", "home", "end",
    "ctrl+z", "ctrl+s", "ctrl+l",
    "comma", "full_stop", "slash", "minus", "plus", "colon", "apostrophe", "question_mark",
    "left_square_bracket", "right_square_bracket",
]
# Pressed more often than the rest, so the monkey gets out of dialogs and around all six sections.
WEIGHTS = {"escape": 4, "enter": 2, "1": 2, "2": 2, "3": 2, "4": 2, "5": 2, "6": 2}

# Error notifications Teambord shows for *unexpected* failures (never for a refusal).
GENERIC_FAILURES = re.compile(
    r"niet gelukt: de database|database niet bereikbaar|database of map niet bereikbaar|"
    r"konden niet worden geladen|kon niet worden geladen|kon niet worden bewaard|bezet of onbereikbaar|"
    r"geen verbinding met de database|onverwacht|de fout staat in het logboek", re.IGNORECASE)
GENERIC_TITLES = {"Databasefout", "Verbinding verbroken"}
PYTHONISH = re.compile(r"Traceback|Error\b|Exception\b|NoneType|object has no attribute|invalid literal|"
                       r"unsupported operand|not subscriptable|<[a-z_.]+ object at 0x")


# --------------------------------------------------------------------------------------- the keys

def _split(keys: str) -> list[str]:
    return [k.strip() for k in keys.split(",") if k.strip()]


def keymap_keys() -> set[str]:
    """Every key bound in tui/keymap.py (sections, global, client page, Top-3, meeting mode …) and in
    the BINDINGS of every screen and widget class in screens/ (forms, dialogs, pickers)."""
    from textual.binding import Binding
    from textual.dom import DOMNode

    import screens
    from tui import keymap

    found: set[str] = set()
    specs = [*keymap.GLOBAL, keymap.MODAL_CLOSE, *keymap.CLIENT_PAGE_KEYS, *keymap.TOP3_EDITOR_KEYS,
             *keymap.TOP3_COMPARE_KEYS, *keymap.MEETING_KEYS]
    specs += [k for keys in keymap.SECTION_KEYS.values() for k in keys]
    specs += [k for keys in (*keymap.SCREEN_KEYS.values(), *keymap.MODAL_KEYS.values()) for k in keys]
    for spec in specs:
        if spec.action.split("(")[0] not in EXCLUDED_ACTIONS:
            found.update(_split(spec.keys))
    for info in pkgutil.walk_packages(screens.__path__, "screens."):
        module = importlib.import_module(info.name)
        for _, cls in inspect.getmembers(module, inspect.isclass):
            if not (issubclass(cls, DOMNode) and cls.__module__.startswith("screens.")):
                continue
            for binding in cls.__dict__.get("BINDINGS", []):
                key, action = (binding.key, binding.action) if isinstance(binding, Binding) else binding[:2]
                if action.split("(")[0] not in EXCLUDED_ACTIONS:
                    found.update(_split(key))
    return found


def key_pool() -> tuple[list[str], list[int]]:
    """The keys the monkey presses and their weights (sorted: the same seed gives the same keys)."""
    keys = sorted((keymap_keys() | set(EXTRA_KEYS)) - EXCLUDED_KEYS)
    return keys, [WEIGHTS.get(k, 1) for k in keys]


def random_keys(seed: int, count: int) -> list[str]:
    keys, weights = key_pool()
    return random.Random(seed).choices(keys, weights=weights, k=count)


# ------------------------------------------------------------------------------------ the sandbox

@contextlib.contextmanager
def sandbox(root: Path) -> Iterator[None]:
    """Exports and screenshots land under `root`; a file write elsewhere raises PermissionError."""
    root = root.resolve()
    folders = {"XDG_DOWNLOAD_DIR": root / "downloads", "XDG_DATA_HOME": root / "data",
               "XDG_CONFIG_HOME": root / "config", "TEAMBORD_EXPORT_DIR": root / "export"}
    work = root / "cwd"
    work.mkdir(parents=True, exist_ok=True)
    saved_env = {name: os.environ.get(name) for name in folders}
    saved_cwd = os.getcwd()
    originals = {name: getattr(pathlib.Path, name) for name in ("write_text", "write_bytes", "mkdir", "touch")}

    def guarded(name: str) -> Callable:
        original = originals[name]

        def write(self, *args, **kwargs):
            target = Path(os.path.abspath(self))
            if target != root and root not in target.parents:
                raise PermissionError(13, "monkey sandbox: no writes outside the run folder", str(self))
            return original(self, *args, **kwargs)

        return write

    try:
        for name, folder in folders.items():
            os.environ[name] = str(folder)
        os.chdir(work)
        for name in originals:
            setattr(pathlib.Path, name, guarded(name))
        yield
    finally:
        for name, original in originals.items():
            setattr(pathlib.Path, name, original)
        os.chdir(saved_cwd)
        for name, value in saved_env.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


# ------------------------------------------------------------------------------------ the report

@dataclass
class Failure:
    kind: str  # crash, exit, logged, notification, hang, database
    index: int  # keys pressed when it was noticed (0-based count)
    text: str
    screen: str = ""


@dataclass
class MonkeyReport:
    seed: int | None
    planned: int
    pressed: list[str] = field(default_factory=list)
    failures: list[Failure] = field(default_factory=list)
    refusals: Counter = field(default_factory=Counter)  # expected Dutch error notifications
    notifications: int = 0
    screens: Counter = field(default_factory=Counter)  # screen class after each key
    restarts: int = 0
    elapsed: float = 0.0
    cpu: float = 0.0  # process CPU time (all threads) during the run
    slowest: list = field(default_factory=list)  # (seconds, key index, key, screen) of the slowest keys

    @property
    def ok(self) -> bool:
        return not self.failures

    def summary(self) -> str:
        seen = ", ".join(f"{name} {n}" for name, n in self.screens.most_common())
        return (f"monkey seed={self.seed}: {len(self.pressed)}/{self.planned} keys in {self.elapsed:.1f} s "
                f"({self.cpu:.1f} s CPU), "
                f"{self.restarts} restart(s), {self.notifications} notifications, "
                f"{sum(self.refusals.values())} refusals; screens: {seen}")

    def describe(self) -> str:
        lines = [self.summary()]
        if self.refusals:
            lines.append("expected refusals (error notifications):")
            lines += [f"  {n}x {text}" for text, n in self.refusals.most_common()]
        if not self.failures:
            return "\n".join(lines)
        lines.append(f"FAILURES ({len(self.failures)}), seed={self.seed}:")
        for failure in self.failures:
            index = failure.index
            start = max(0, index + 1 - TAIL)
            tail = ",".join(self.pressed[start:index + 1])
            lines.append(f"--- {failure.kind} after key #{index} on {failure.screen or '?'}:")
            lines.append(failure.text.rstrip())
            lines.append(f"    last {min(TAIL, index + 1)} keys (#{start}..#{index}): {tail}")
            if self.seed is not None:
                lines.append(f"    replay the run:  TEAMBORD_MONKEY_SEED={self.seed} TEAMBORD_MONKEY_COUNT={index + 1} "
                             f".venv/bin/python -m pytest tests/test_monkey.py -k replay -s")
            lines.append(f"    replay these keys from the start screen:  TEAMBORD_MONKEY_KEYS='{tail}' "
                         f".venv/bin/python -m pytest tests/test_monkey.py -k replay -s")
        return "\n".join(lines)


class _LogRecorder(logging.Handler):
    def __init__(self) -> None:
        super().__init__(level=logging.ERROR)
        self.records: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record.getMessage())


@contextlib.contextmanager
def _recording_failures() -> Iterator[tuple[_LogRecorder, list[BaseException]]]:
    """Capture Teambord's failure log lines, and the exceptions behind them (with traceback)."""
    from tui import diagnostics

    recorder = _LogRecorder()
    errors: list[BaseException] = []
    original = diagnostics.describe_exception

    def describe(error: BaseException) -> str:
        errors.append(error)
        return original(error)

    diagnostics.logger.addHandler(recorder)
    diagnostics.describe_exception = describe
    try:
        yield recorder, errors
    finally:
        diagnostics.describe_exception = original
        diagnostics.logger.removeHandler(recorder)


def _format_error(error: BaseException) -> str:
    return "".join(traceback.format_exception(type(error), error, error.__traceback__)).rstrip()


def unexpected_notification(message: str, title: str) -> bool:
    return title in GENERIC_TITLES or bool(GENERIC_FAILURES.search(message)) or bool(PYTHONISH.search(message))


def check_database(path: Path) -> list[str]:
    """PRAGMA integrity_check and foreign_key_check of a SQLite file: the problems found (none: [])."""
    connection = sqlite3.connect(path)
    try:
        integrity = [row[0] for row in connection.execute("PRAGMA integrity_check")]
        foreign = connection.execute("PRAGMA foreign_key_check").fetchall()
    finally:
        connection.close()
    problems = [] if integrity == ["ok"] else [f"integrity_check: {integrity[:10]}"]
    if foreign:
        problems.append(f"foreign_key_check: {len(foreign)} row(s), e.g. {foreign[:10]}")
    return problems


# -------------------------------------------------------------------------------------- the run

def _screen_name(app) -> str:
    try:
        return type(app.screen).__name__
    except Exception:  # noqa: BLE001 - no screen (stopping)
        return "-"


def key_event(key: str):
    """The Key event Pilot.press would send for `key` (textual.app.App._press_keys)."""
    import unicodedata

    from textual import events
    from textual.keys import REPLACED_KEYS, _character_to_key, _get_unicode_name_from_key

    if len(key) == 1 and not key.isalnum():
        key = _character_to_key(key)
    try:
        char = unicodedata.lookup(_get_unicode_name_from_key(REPLACED_KEYS.get(key, key)))
    except KeyError:
        char = key if len(key) == 1 else None
    return events.Key(key, char)


async def press(pilot, key: str) -> None:
    """Press one key the way a terminal delivers it, then give the app until it is idle (at least
    5 ms, at most IDLE_SECONDS) — like a fast typist, who does not wait for database loads either.

    Pilot.press (pilot_press=True) waits for idle in 20 ms steps, twice, and then for every widget of
    the screen to handle a callback (Pilot._wait_for_screen): about twice as slow. Calling that last
    wait *right after* a key is wrong: it makes the screen idle and run its call_after_refresh
    callbacks before widgets the key just mounted have composed — NoMatches in the Top-3 editor's
    Ctrl+N / Ctrl+T that neither a terminal nor Pilot.press produces. So the monkey never does;
    run_monkey settles fully (workers done, app idle) every SETTLE_EVERY keys."""
    app = pilot.app
    event = key_event(key)
    event.set_sender(app)
    await app._post_message(event)
    await idle(IDLE_SECONDS)


async def idle(at_most: float) -> None:
    """Sleep in 5 ms steps until a step used less than 1 ms of CPU (all threads), or `at_most`.
    (textual._wait.wait_for_idle, with finer steps: it sleeps at least 20 ms, 20 s per 1,000 keys.)"""
    deadline = time.monotonic() + at_most
    while True:
        cpu = time.process_time()
        await asyncio.sleep(0.005)
        if time.process_time() - cpu < 0.001 or time.monotonic() >= deadline:
            return


async def _settle(pilot) -> None:
    """Every worker done and the app idle (conftest.settle without Pilot._wait_for_screen, see press())."""
    from textual._wait import wait_for_idle
    from textual.worker import WorkerCancelled, WorkerFailed

    async def settle() -> None:
        for _ in range(5):
            try:
                await pilot.app.workers.wait_for_complete()
            except (WorkerCancelled, WorkerFailed):  # replaced, exiting, or failed (the app reports it)
                pass
            await wait_for_idle(0)
            if not any(worker.is_running for worker in pilot.app.workers):
                return

    await asyncio.wait_for(settle(), HANG_SECONDS)


async def run_monkey(build_app: Callable[[], object], db_path: Path, *, seed: int | None = None, count: int = 1000,
                     keys: Sequence[str] | None = None, settle_every: int = SETTLE_EVERY,
                     stop_at_first: bool = True, pilot_press: bool = False) -> MonkeyReport:
    """Press `keys` (or `count` random keys from `seed`) into the app `build_app()` makes; collect
    what went wrong. `db_path` is the app's SQLite file.

    After a legitimate quit (return code 0) the app is restarted on the same database. With
    `stop_at_first` the run ends at the first failure (hunting, shrinking); without it the monkey
    goes on — after a crash on a restarted app — so one run lists every failure of its seed.
    `pilot_press`: Pilot.press and Pilot.pause per key (slower, see press())."""
    from textual.notifications import Notifications

    plan = list(keys) if keys is not None else random_keys(seed, count)
    report = MonkeyReport(seed=seed, planned=len(plan))
    started, cpu_started = time.perf_counter(), time.process_time()

    with _recording_failures() as (recorder, errors):
        seen_records, seen_errors = 0, 0

        def fail(kind: str, text: str, app=None) -> None:
            report.failures.append(Failure(kind, len(report.pressed) - 1, text, _screen_name(app) if app else ""))

        def collect_logged(app) -> None:
            """Teambord's failure log lines since the last look, with the exceptions behind them."""
            nonlocal seen_records, seen_errors
            lines, seen_records = recorder.records[seen_records:], len(recorder.records)
            new_errors, seen_errors = errors[seen_errors:], len(errors)
            if lines:
                details = "\n".join(_format_error(e) for e in new_errors)
                fail("logged", "\n".join(lines) + ("\n" + details if details else ""), app)

        while len(report.pressed) < len(plan) and not (stop_at_first and report.failures):
            app = build_app()

            class Recording(Notifications):
                def add(self, notification):  # every notification, also those that expire unseen
                    report.notifications += 1
                    if notification.severity == "error":
                        message, title = str(notification.message), str(notification.title)
                        if unexpected_notification(message, title):
                            fail("notification", f"[{title}] {message}", app)
                        else:
                            report.refusals[message] += 1
                    return super().add(notification)

            app._notifications = Recording()
            failures_before = len(report.failures)
            try:
                async with app.run_test(size=SIZE, notifications=True) as pilot:
                    await _settle(pilot)
                    while len(report.pressed) < len(plan):
                        key = plan[len(report.pressed)]
                        report.pressed.append(key)
                        before, screen_before = time.perf_counter(), _screen_name(app)
                        try:
                            await asyncio.wait_for(pilot.press(key) if pilot_press else press(pilot, key),
                                                   HANG_SECONDS)
                            if app.return_code is None and app._exception is None:
                                if len(report.pressed) % settle_every == 0:
                                    await _settle(pilot)
                                elif pilot_press:
                                    await pilot.pause()
                        except TimeoutError:
                            fail("hang", f"no progress for {HANG_SECONDS:.0f} s after pressing {key!r} "
                                         f"(workers: {[w.name for w in app.workers if w.is_running]})", app)
                            break
                        report.screens[_screen_name(app)] += 1
                        report.slowest.append((time.perf_counter() - before, len(report.pressed) - 1, key,
                                               screen_before))
                        report.slowest = sorted(report.slowest, reverse=True)[:10]
                        collect_logged(app)
                        if app.return_code is not None or app._exception is not None:
                            break  # the app stopped: a quit, or a crash that run_test re-raises below
                        if stop_at_first and report.failures:
                            break
                    if app.return_code is None and app._exception is None:
                        await _settle(pilot)  # what the last keys started, before the database check
            except Exception as error:  # noqa: BLE001 - Pilot re-raises the app's crash here
                logged = any(e is error for e in errors)
                collect_logged(app)
                if logged:  # its traceback is with the 'step=crash' log line
                    fail("crash", f"the app crashed: {type(error).__name__}: {error}", app)
                else:
                    fail("crash", _format_error(error), app)
            collect_logged(app)
            if app.return_code not in (None, 0) and not any(f.kind == "crash"
                                                            for f in report.failures[failures_before:]):
                fail("exit", f"the app stopped with return code {app.return_code}", app)
            problems = check_database(db_path)
            if problems:
                fail("database", "\n".join(problems))
            if len(report.pressed) < len(plan) and not (stop_at_first and report.failures):
                report.restarts += 1  # after a quit (or a crash): start again on the same database
    report.elapsed = time.perf_counter() - started
    report.cpu = time.process_time() - cpu_started
    return report


# ------------------------------------------------------------------- standalone (hunting, shrinking)

class Standalone:
    """The test fixtures' set-up without pytest: a frozen clock, one seeded template database, a copy
    per run, a sandbox folder per run."""

    def __init__(self, root: Path) -> None:
        from models import clock
        from tests.conftest import FROZEN_NOW, FROZEN_TODAY

        os.environ.setdefault("TEXTUAL_ANIMATION", "none")
        os.environ["XDG_STATE_HOME"] = str(root / "state")  # Teambord's log: never the user's
        self.root = root
        clock.freeze(FROZEN_NOW)
        self.template = root / "template.db"
        if not self.template.exists():
            from fixtures.demo import seed_demo
            from tui.db import open_database

            database = open_database(f"sqlite:///{self.template}")
            seed_demo(database.engine, today=FROZEN_TODAY)
            with database.engine.connect() as connection:
                connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
            database.dispose()
        self.runs = 0

    def run(self, **kwargs) -> MonkeyReport:
        import shutil

        from tui.settings import LaunchSettings, UserConfig

        self.runs += 1
        folder = self.root / f"run{self.runs}"
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
        db = folder / "teambord.db"
        shutil.copy(self.template, db)
        os.environ["XDG_STATE_HOME"] = str(folder / "state")
        from tui.diagnostics import reset_logging

        reset_logging()  # the app sets the log up again, in this run's folder

        def build():
            from tui.app import TeambordApp

            launch = LaunchSettings(database_url=f"sqlite:///{db}", user_code="AV", passphrase="demo")
            return TeambordApp(launch, user_config=UserConfig(folder / "config.json"))

        with sandbox(folder):
            return asyncio.run(run_monkey(build, db, **kwargs))


def _seeds(text: str) -> list[int]:
    seeds: list[int] = []
    for part in text.split(","):
        low, _, high = part.partition("-")
        seeds += list(range(int(low), int(high or low) + 1))
    return seeds


def _signature(report: MonkeyReport) -> str:
    """What kind of failure this is, to keep shrinking on the same bug."""
    first = report.failures[0]
    return f"{first.kind}:{first.text.splitlines()[-1][:80] if first.text else ''}"


def shrink(runner: Standalone, keys: list[str], signature: str | None = None, *, settle_every: int = 1,
           log: Callable[[str], None] = print) -> list[str]:
    """Delta debugging by hand: drop chunks of keys while the same failure still happens."""
    def fails(candidate: list[str]) -> bool:
        report = runner.run(keys=candidate, settle_every=settle_every)
        return not report.ok and (signature is None or _signature(report) == signature)

    chunk = max(1, len(keys) // 2)
    while chunk >= 1:
        start, changed = 0, False
        while start < len(keys):
            candidate = keys[:start] + keys[start + chunk:]
            if candidate and fails(candidate):
                keys, changed = candidate, True
                log(f"  {len(keys)} keys: {','.join(keys)}")
            else:
                start += chunk
        if not changed:
            chunk //= 2
    return keys


def main(argv: list[str] | None = None) -> int:
    import argparse
    import tempfile

    parser = argparse.ArgumentParser(prog="python -m tests.monkey")
    parser.add_argument("command", choices=["hunt", "replay", "shrink"])
    parser.add_argument("--seeds", default="1", help="e.g. 1-20 or 3,5,8 (hunt, shrink)")
    parser.add_argument("--seed", type=int)
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--keys", help="comma-separated key names (replay, shrink)")
    parser.add_argument("--settle-every", type=int, default=SETTLE_EVERY)
    parser.add_argument("--dir", type=Path, help="work folder (default: a temporary one)")
    parser.add_argument("--all", action="store_true", help="hunt: go on after a failure (restart after a crash)")
    args = parser.parse_args(argv)
    root = args.dir or Path(tempfile.mkdtemp(prefix="teambord-monkey-"))
    root.mkdir(parents=True, exist_ok=True)
    runner = Standalone(root)
    if args.command == "hunt":
        bad = 0
        for seed in _seeds(args.seeds):
            report = runner.run(seed=seed, count=args.count, settle_every=args.settle_every,
                                stop_at_first=not args.all)
            print(report.describe() if not report.ok else report.summary(), flush=True)
            bad += not report.ok
        return 1 if bad else 0
    if args.command == "replay":
        keys = _split(args.keys) if args.keys else None
        report = runner.run(seed=args.seed, count=args.count, keys=keys, settle_every=args.settle_every)
        print(report.describe())
        return 0 if report.ok else 1
    # shrink: the run of --seed (up to its first failure), or --keys
    if args.keys:
        keys = _split(args.keys)
    else:
        keys = random_keys(args.seed, args.count)
    report = runner.run(keys=keys, settle_every=args.settle_every)
    if report.ok:
        print("no failure to shrink:", report.summary())
        return 0
    keys = report.pressed[:report.failures[0].index + 1]
    signature = _signature(report)
    print(f"shrinking {len(keys)} keys, failure {signature}")
    small = shrink(runner, keys, signature, settle_every=args.settle_every)
    print(f"minimal ({len(small)} keys): {','.join(small)}")
    print(runner.run(keys=small, settle_every=args.settle_every).describe())
    return 1


if __name__ == "__main__":
    sys.exit(main())
