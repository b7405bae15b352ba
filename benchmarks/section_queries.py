"""Each section's query at 2× organisation scale against 1×: does it grow with the data?

In-process (no tmux, no Textual): the organisation-scale database (`teambord seed schaal`,
benchmarks/out/scale.db) and one twice as big (`--factor 2`, benchmarks/out/scale-x2.db) are
opened with the app's own `tui.db.open_database` (on copies in benchmarks/out/run/), and for each
section the models functions its screen's `fetch(session)` calls (screens/*/screen.py) are timed,
each call in a fresh `Database.session(actor)` as the app's runner does, for the database's first
worker. One uncounted warm-up call per section and database, then `--runs` alternating rounds
(1×, 2× in turn). Median per section; budget: median at 2× ≤ 1.3 × median at 1×.

    .venv/bin/python benchmarks/section_queries.py [--runs 5] [--json]

The section → functions list below mirrors the screens' `fetch` methods; when a screen starts
calling another query, update SECTIONS here.
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import sys
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import common  # noqa: E402
from common import ROOT, RUN, copy_db, first_worker, machine_line, scale_db, sqlite_url  # noqa: E402

sys.path.insert(0, str(ROOT))

BUDGET = 1.3


def _vandaag(session, user_id):
    from models.clock import today
    from models.vandaag.queries import conversation_counts, today_view

    view = today_view(session, user_id, today())
    return view, conversation_counts(session, view.appointments)


def _planning(session, user_id):
    from models.clock import today, week_monday
    from models.planning.queries import week_view

    return week_view(session, week_monday(today()), days=5, page=None, per_page=6, focus_worker_id=user_id)


def _wachtlijst(session, user_id):
    from models.clock import today
    from models.settings import team_settings
    from models.waitlist.queries import waiting_list
    from models.waitlist.stats import overleg_figures

    day = today()
    return (waiting_list(session, day, closed_since=day - timedelta(days=56)), overleg_figures(session, day),
            team_settings(session))


def _caseload(session, user_id):
    from models.caseload.queries import caseload_overview
    from models.clock import today
    from models.settings import team_settings
    from models.waitlist.stats import overleg_figures

    return caseload_overview(session), overleg_figures(session, today()), team_settings(session)


def _overleg(session, user_id):
    from models.clock import today
    from models.overleg.queries import agenda_view

    return agenda_view(session, today(), offset=0)


def _overdracht(session, user_id):
    from models.handover.queries import handover_list

    return handover_list(session, user_id, "to_me")


# section → what its screen's fetch(session) calls (screens/<section>/screen.py)
SECTIONS = {
    "Vandaag": _vandaag,
    "Planning": _planning,
    "Wachtlijst": _wachtlijst,
    "Caseload": _caseload,
    "Overleg": _overleg,
    "Overdracht": _overdracht,
}


def _worker_id(path: Path, code: str) -> int:
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as db:
        return db.execute("SELECT id FROM worker WHERE code = ?", (code,)).fetchone()[0]


def measure(runs: int = 5, sources: dict[str, Path] | None = None,
            progress=lambda text: None) -> dict[str, dict[str, list[float]]]:
    """{section: {"1x": [seconds…], "2x": [seconds…]}}; a section that fails has {"error": text}."""
    from models.audit import Actor
    from tui.db import open_database

    sources = sources or {"1x": scale_db(), "2x": scale_db(factor=2.0)}
    opened = {}
    copies = []
    for label, source in sources.items():
        copy = copy_db(source, RUN / f"queries-{label}.db")
        copies.append(copy)
        code = first_worker(copy)
        opened[label] = (open_database(sqlite_url(copy), migrate=False), Actor(code), _worker_id(copy, code))
    results: dict[str, dict] = {name: {label: [] for label in sources} for name in SECTIONS}
    try:
        for name, fetch in SECTIONS.items():
            try:
                for label, (database, actor, user_id) in opened.items():  # warm-up, not counted
                    with database.session(actor) as session:
                        fetch(session, user_id)
                labels = list(opened)
                for round_no in range(runs):
                    for label in (labels if round_no % 2 == 0 else labels[::-1]):
                        database, actor, user_id = opened[label]
                        started = time.perf_counter()
                        with database.session(actor) as session:
                            fetch(session, user_id)
                        results[name][label].append(time.perf_counter() - started)
                progress(f"{name}: " + ", ".join(f"{label} {sorted(v)[len(v) // 2] * 1000:.0f} ms"
                                                  for label, v in results[name].items()))
            except Exception as problem:  # noqa: BLE001 - one section failing is a row, not a crash
                results[name] = {"error": f"{type(problem).__name__}: {str(problem).splitlines()[0][:200]}"}
                progress(f"{name}: error {results[name]['error']}")
    finally:
        for database, _actor, _user in opened.values():
            database.dispose()
        for copy in copies:  # hundreds of MB each
            for suffix in ("", "-wal", "-shm", "-journal"):
                Path(str(copy) + suffix).unlink(missing_ok=True)
    return results


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=5, help="timed calls per section and database (default 5)")
    parser.add_argument("--json", action="store_true", help="print the raw times as JSON (for run_all.py)")
    args = parser.parse_args()
    started = time.perf_counter()
    quiet = args.json
    results = measure(args.runs, progress=(lambda text: None) if quiet else
                      (lambda text: print(f"  … {text}", flush=True)))
    if args.json:
        print(json.dumps(results))
        return 0
    from tmuxprobe import median, ms, verdict

    print(f"Section queries at 2× vs 1× organisation scale — {machine_line()}")
    print(f"median of {args.runs} alternating calls per section (+1 warm-up); wall time "
          f"{time.perf_counter() - started:.0f} s")
    print(f"  {'section':<12}{'1×':>10}{'2×':>10}{'ratio':>8}   budget ≤ {BUDGET} ×")
    for name, values in results.items():
        if "error" in values:
            print(f"  {name:<12} error: {values['error']}")
            continue
        one, two = median(values["1x"]), median(values["2x"])
        print(f"  {name:<12}{ms(one):>10}{ms(two):>10}{two / one:>7.2f}×   {verdict(two / one <= BUDGET)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
