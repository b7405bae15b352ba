"""What encryption at rest (SQLCipher) costs: the same database plain and encrypted, side by side.

In-process (no tmux): the demo database (benchmarks/out/demo.db, or the organisation-scale one with
--scale) is copied twice into benchmarks/out/run/; one copy is encrypted the way
`teambord db versleutelen` does it (tui/cli_encrypt.py). Then, alternating plain/encrypted:

  (a) open + first data: `open_database` on a new engine, the team list and the Vandaag query
      (what the app's first worker does before the first data shows), then dispose;
      and the app itself: a headless TeambordApp (Textual's run_test) from start until the Vandaag
      table has rows, with the number of database connections it opened on the way;
  (b) section switch: the Planning and Caseload screens' fetch (benchmarks/section_queries.py) on an
      open database, each in a fresh session as the app's runner does: pooled connections, so no
      key derivation, only page decryption;
  (c) per connection: connect + key + first read with sqlcipher3 against connect + first read
      with sqlite3. With the passphrase SQLCipher runs its key derivation (PBKDF2-HMAC-SHA512,
      256,000 iterations) on every new connection; Teambord derives the key once per process
      (tui/encryption.py) and gives each connection the raw key. Both are measured, and the one
      derivation, which the key check `teambord` does before the app starts pays.

Every measurement of a start, (a) and the key check, forgets the derived key first, as a new
process would: each includes the one derivation.

    .venv/bin/python benchmarks/encryption_cost.py [--runs 7] [--app-runs 3] [--scale]

Prints a Markdown table of medians.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sqlite3
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import common  # noqa: E402
from common import ROOT, RUN, copy_db, first_worker, machine_line, sqlite_url  # noqa: E402

sys.path.insert(0, str(ROOT))

KEY = "benchmark-teamsleutel-2026"  # a made-up secret for a copy of made-up data
DEMO_PASSPHRASE = "demo"  # the demo and scale databases' public sign-in passphrase (benchmarks/common.py)


def prepare_copies(source: Path) -> dict[str, tuple[str, str | None]]:
    """{"plain": (url, None), "encrypted": (url, KEY)}: two copies of one source, one encrypted."""
    from tui.cli_encrypt import _encrypt_in_place

    plain = copy_db(source, RUN / "encryption-plain.db")
    encrypted = copy_db(source, RUN / "encryption-encrypted.db")
    if _encrypt_in_place(encrypted, KEY) is None:
        raise SystemExit("encrypting the benchmark copy failed")
    return {"plain": (sqlite_url(plain), None), "encrypted": (sqlite_url(encrypted), KEY)}


def _worker_id(database, code: str) -> int:
    from sqlmodel import select

    from models.tables.workers import Worker

    with database.session() as session:
        return session.exec(select(Worker.id).where(Worker.code == code)).one()


def open_and_first_data(url: str, key: str | None, code: str) -> float:
    """A new engine, the team, Vandaag's query: what stands between start and the first data."""
    from models.common import active_workers, worker_ref
    from tui.db import open_database
    from section_queries import _vandaag

    started = time.perf_counter()
    database = open_database(url, key=key)
    try:
        with database.session() as session:
            team = [worker_ref(w) for w in active_workers(session)]
        user_id = next(w.id for w in team if w.code == code)
        with database.session() as session:
            _vandaag(session, user_id)
        return time.perf_counter() - started
    finally:
        database.dispose()


def section_switches(url: str, key: str | None, code: str, runs: int) -> dict[str, list[float]]:
    """The Planning and Caseload fetches on one open database (pooled connections), one warm-up each."""
    from models.audit import Actor
    from tui.db import open_database
    from section_queries import _caseload, _planning

    database = open_database(url, key=key, migrate=False)
    try:
        user_id = _worker_id(database, code)
        times: dict[str, list[float]] = {}
        for name, fetch in (("Planning", _planning), ("Caseload", _caseload)):
            with database.session(Actor(code)) as session:
                fetch(session, user_id)
            times[name] = []
            for _ in range(runs):
                started = time.perf_counter()
                with database.session(Actor(code)) as session:
                    fetch(session, user_id)
                times[name].append(time.perf_counter() - started)
        return times
    finally:
        database.dispose()


def connection_cost(path: Path, key: str | None, *, passphrase: bool = False) -> float:
    """Connect, key (when encrypted) and read the schema once: a new pooled connection's first use.
    `passphrase`: key with the passphrase itself (SQLCipher derives on every connection)."""
    from tui.encryption import connect, sqlcipher

    started = time.perf_counter()
    if passphrase:
        connection = sqlcipher().connect(str(path))
        connection.execute("PRAGMA key = '" + key.replace("'", "''") + "'")
    else:
        connection = connect(path, key) if key else sqlite3.connect(path)
    try:
        connection.execute("SELECT count(*) FROM sqlite_master").fetchone()
    finally:
        connection.close()
    return time.perf_counter() - started


def key_check_cost(url: str) -> float:
    """What `teambord` adds before the app starts: `database_key_for` with TEAMBORD_SLEUTEL."""
    from tui.encryption import KEY_ENV, database_key_for

    forget_derived_keys()
    os.environ[KEY_ENV] = KEY
    try:
        started = time.perf_counter()
        database_key_for(url)
        return time.perf_counter() - started
    finally:
        del os.environ[KEY_ENV]


def derivation_cost(path: Path) -> float:
    from tui.encryption import _derive, _salt

    forget_derived_keys()
    salt = _salt(path)
    started = time.perf_counter()
    _derive(salt, KEY)
    return time.perf_counter() - started


def forget_derived_keys() -> None:
    """As a new process starts: no key derived yet (tui/encryption.py caches it per process)."""
    from tui.encryption import _derive

    _derive.cache_clear()


class ConnectionCounter:
    """Counts every new DB-API connection any engine opens (SQLAlchemy's class-level 'connect' event)."""

    def __init__(self) -> None:
        from sqlalchemy import event
        from sqlalchemy.engine import Engine

        self.count = 0
        event.listen(Engine, "connect", self._opened)

    def _opened(self, *_args) -> None:
        self.count += 1


async def _app_first_data(url: str, key: str | None, code: str, config: Path) -> float:
    from textual.widgets import DataTable

    from tui.app import TeambordApp
    from tui.settings import LaunchSettings, UserConfig

    settings = LaunchSettings(database_url=url, user_code=code, passphrase=DEMO_PASSPHRASE, database_key=key)
    app = TeambordApp(settings, user_config=UserConfig(config))
    started = time.perf_counter()
    async with app.run_test(size=(160, 48)) as pilot:
        while True:
            tables = app.screen.query("#today-appointments")
            if tables and isinstance(tables.first(), DataTable) and tables.first().row_count:
                elapsed = time.perf_counter() - started
                break
            if time.perf_counter() - started > 60:
                raise SystemExit(f"the app showed no data within 60 s ({url})")
            await pilot.pause(0.005)
        await pilot.press("ctrl+q")
    return elapsed


def app_first_data(url: str, key: str | None, code: str, counter: ConnectionCounter) -> tuple[float, int]:
    forget_derived_keys()
    before = counter.count
    elapsed = asyncio.run(_app_first_data(url, key, code, RUN / "encryption-config.json"))
    return elapsed, counter.count - before


def median_ms(values: list[float]) -> str:
    return f"{statistics.median(values) * 1000:.1f} ms"


def difference(plain: list[float], encrypted: list[float]) -> str:
    a, b = statistics.median(plain), statistics.median(encrypted)
    return f"{(b - a) * 1000:+.1f} ms ({b / a:.2f}×)"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=7, help="timed rounds for (a), (b), (c) (default 7)")
    parser.add_argument("--app-runs", type=int, default=3, help="headless app starts per database (default 3)")
    parser.add_argument("--scale", action="store_true",
                        help="the organisation-scale database instead of the demo (built once; minutes)")
    args = parser.parse_args()
    os.environ.update(common.app_env())  # private XDG folders: never the user's config or log
    os.environ.setdefault("TEXTUAL_ANIMATIONS", "none")
    source = common.scale_db() if args.scale else common.demo_template()
    code = first_worker(source) if args.scale else "AV"
    copies = prepare_copies(source)
    counter = ConnectionCounter()
    rows: dict[str, dict[str, list[float]]] = {}
    connections: dict[str, list[int]] = {"plain": [], "encrypted": []}

    def record(row: str, label: str, value: float) -> None:
        rows.setdefault(row, {"plain": [], "encrypted": []})[label].append(value)

    for label, (url, key) in copies.items():  # warm-up: imports, page cache; not counted
        open_and_first_data(url, key, code)
        app_first_data(url, key, code, counter)
    for round_no in range(args.runs):
        order = list(copies) if round_no % 2 == 0 else list(copies)[::-1]
        for label in order:
            url, key = copies[label]
            path = Path(url.removeprefix("sqlite:///"))
            forget_derived_keys()
            record("(a) open + first data (new engine, team, Vandaag)", label, open_and_first_data(url, key, code))
            # (c) after (a): the derived key is cached, as for every connection after the first
            record("(c) new connection: connect + key + first read", label, connection_cost(path, key))
            if key:
                rows.setdefault("(c) new connection, keyed with the passphrase (KDF each time)",
                                {"plain": [], "encrypted": []})["encrypted"].append(
                    connection_cost(path, key, passphrase=True))
            else:
                record("(c) new connection, keyed with the passphrase (KDF each time)", label,
                       connection_cost(path, key))
            for name, values in section_switches(url, key, code, 3).items():
                for value in values:
                    record(f"(b) section switch: {name} fetch (open database)", label, value)
    for round_no in range(args.app_runs):
        for label in (list(copies) if round_no % 2 == 0 else list(copies)[::-1]):
            url, key = copies[label]
            elapsed, opened = app_first_data(url, key, code, counter)
            record("(a) app start → Vandaag shows data (headless)", label, elapsed)
            connections[label].append(opened)
    key_checks = [key_check_cost(copies["encrypted"][0]) for _ in range(args.runs)]
    derivations = [derivation_cost(Path(copies["encrypted"][0].removeprefix("sqlite:///"))) for _ in range(args.runs)]

    print(f"Encryption at rest (SQLCipher 4) — {'organisation scale' if args.scale else 'demo'} database — "
          f"{machine_line()}")
    print(f"medians of {args.runs} alternating rounds ((b): 3 fetches per round; app: {args.app_runs} starts)\n")
    print("| measurement | plain SQLite | encrypted | difference |")
    print("|---|---:|---:|---:|")
    for row in sorted(rows):
        values = rows[row]
        print(f"| {row} | {median_ms(values['plain'])} | {median_ms(values['encrypted'])} | "
              f"{difference(values['plain'], values['encrypted'])} |")
    print(f"| key check before the app starts (`teambord`, TEAMBORD_SLEUTEL) | — | {median_ms(key_checks)} | "
          f"+{statistics.median(key_checks) * 1000:.1f} ms |")
    print(f"| key derivation alone (PBKDF2-HMAC-SHA512, 256,000 rounds; once per process) | — | "
          f"{median_ms(derivations)} | |")
    print(f"| connections opened until Vandaag shows data | {max(connections['plain'])} | "
          f"{max(connections['encrypted'])} | |")
    for url, _key in copies.values():
        for suffix in ("", "-wal", "-shm"):
            Path(url.removeprefix("sqlite:///") + suffix).unlink(missing_ok=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
