"""Section switches, week navigation and peak memory, as a user sees them (tmux, 160x48).

On the organisation-scale database (benchmarks/out/scale.db, built once with
`teambord seed schaal`; a copy is used per run) the app is started as the database's first
worker, then:
  1. first visit of each section (keys 2..6): key → header "Teambord · <Section>" and the
     section's data marker on screen (switch + data);
  2. revisits: several rounds of 2,3,4,5,6,1 (a mode's screen stays alive after its first visit,
     so a revisit shows the old data at once and reloads it in the background);
  3. Planning week navigation: "." (next) and "," (previous) in blocks (default 5 forward,
     10 back, 5 forward = 20 presses), key → the new week number in the title "Week NN · …";
  4. peak memory: VmHWM of the app process after the section tour and at the end.
Budgets (PERFORMANCE.md): switch and week navigation median ≤ 50 ms, p90 ≤ 100 ms;
peak memory ≤ 150 MiB at organisation scale (≤ 80 MiB on the demo database: --demo).

    .venv/bin/python benchmarks/sections.py [--demo] [--rounds 4] [--weeks 20] [--db PATH] [--rebuild]
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import common  # noqa: E402
from common import (  # noqa: E402
    BASELINES, PYTHON, ROOT, RUN, TEAMBORD, app_env, copy_db, demo_template, first_worker, machine_line, scale_db, sqlite_url,
    table_counts,
)
from tmuxprobe import Pane, ProbeError, Tmux, WaitTimeout, median, mib, ms, p90, verdict  # noqa: E402

# key → (section title in the header, data marker of the loaded section)
SECTIONS = {
    "1": ("Vandaag", re.compile(r"Mijn afspraken · ")),
    "2": ("Planning", re.compile(r"Week \d+ · ")),
    "3": ("Wachtlijst", re.compile(r"Wachtlijst \(\d+\) —")),
    "4": ("Caseload", re.compile(r"Cliënten van .+ \(\d+\)")),
    "5": ("Overleg", re.compile(r"Ambulant overleg · ")),
    "6": ("Overdracht", re.compile(r"Overdrachten · Aan mij \(")),
}
WEEK = re.compile(r"Week (\d+) · ")

MEDIAN_BUDGET, P90_BUDGET = 0.050, 0.100
MEMORY_BUDGET_MIB = {"scale": 150, "demo": 80}


class Switch:
    def __init__(self, key: str, first: bool, header: float, data: float, settled: float) -> None:
        self.key, self.first, self.header, self.data, self.settled = key, first, header, data, settled


def switch(pane: Pane, key: str, first: bool, timeout: float, sections=None) -> Switch:
    """Press a number key; time until the header, then until header + data marker are on screen."""
    title, marker = (sections or SECTIONS)[key]
    header = f"Teambord · {title}" if sections is None else title
    sent = pane.send_keys(key)
    t_header = pane.wait_for(header, since=sent, timeout=timeout)
    t_data = pane.wait_for([header, marker], since=sent, timeout=timeout)
    settled = max(pane.wait_stable(quiet=0.15, timeout=5) - sent, t_data)
    return Switch(key, first, t_header, t_data, settled)


def tour(pane: Pane, rounds: int, timeout: float, sections=None, after_first=None,
         into: list[Switch] | None = None, problems: list[str] | None = None) -> list[Switch]:
    """First visits 2..6, then `rounds` rounds of 2,3,4,5,6,1 (revisits).

    A section that does not show its marker in time is reported and skipped; a dead app stops it."""
    switches = [] if into is None else into
    plan = [(key, True) for key in "23456"] + [(key, False) for _ in range(rounds) for key in "234561"]
    for number, (key, first) in enumerate(plan):
        if number == 5 and after_first:
            after_first()
        try:
            switches.append(switch(pane, key, first, timeout, sections))
        except WaitTimeout as problem:
            if problem.dead or problems is None:
                raise
            problems.append(f"key {key}: {problem}")
    return switches


BARE_SECTIONS = {key: (f"Bare · {title}", f"{title} READY") for key, (title, _) in SECTIONS.items()}


def bare_tour(tmux: Tmux, rounds: int, timeout: float) -> tuple[list[Switch], str | None]:
    """The same tour on a bare six-mode Textual app (baselines/bare_modes_app.py)."""
    pane = tmux.start([PYTHON, str(BASELINES / "bare_modes_app.py")], cwd=ROOT, env=app_env())
    try:
        pane.wait_for("Vandaag READY", timeout=timeout)
        pane.wait_stable(quiet=0.3, timeout=10)
        return tour(pane, rounds, timeout, BARE_SECTIONS), None
    except (WaitTimeout, ProbeError) as problem:
        return [], f"bare six-mode app: {problem}"
    finally:
        pane.quit("C-q", timeout=10)


def week_number(screen: str) -> int | None:
    found = WEEK.search(screen)
    return int(found.group(1)) if found else None


def week_presses(pane: Pane, count: int, timeout: float) -> list[tuple[str, int, int, float]]:
    quarter = max(1, count // 4)
    keys = ["."] * quarter + [","] * (count - 2 * quarter) + ["."] * quarter
    results = []
    for key in keys:
        old = week_number(pane.capture())
        sent = pane.send_keys(key)
        elapsed = pane.wait_for(lambda s: (n := week_number(s)) is not None and n != old, since=sent,
                                timeout=timeout)
        new = week_number(pane.capture())
        results.append((key, old, new, elapsed))
        pane.wait_stable(quiet=0.15, timeout=5)
    return results


def stats_line(label: str, values: list[float], budget: bool = True) -> str:
    line = f"  {label:<44}{ms(median(values)):>9}{ms(p90(values)):>9}{ms(max(values) if values else float('nan')):>9}{len(values):>4}"
    if budget:
        ok = bool(values) and median(values) <= MEDIAN_BUDGET and p90(values) <= P90_BUDGET
        line += f"   median ≤ 50 ms, p90 ≤ 100 ms: {verdict(ok)}"
    return line


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--demo", action="store_true", help="run on the demo database (budget 80 MiB)")
    parser.add_argument("--db", type=Path, help="use this SQLite file (copied) instead of the built one")
    parser.add_argument("--as", dest="user", help="worker code (default: the database's first worker)")
    parser.add_argument("--rounds", type=int, default=4, help="revisit rounds over all six sections (default 4)")
    parser.add_argument("--weeks", type=int, default=20, help="week navigation presses (default 20)")
    parser.add_argument("--rebuild", action="store_true", help="build the scale database again")
    parser.add_argument("--factor", type=float, default=1.0, help="scale factor for a new scale database")
    parser.add_argument("--timeout", type=float, default=30.0, help="seconds to wait for one screen (default 30)")
    parser.add_argument("--no-pyc-cache", action="store_true",
                        help="run the apps without the benchmarks/out/pycache bytecode cache")
    args = parser.parse_args()
    common.BYTECODE_CACHE = not args.no_pyc_cache
    common.prepare_bytecode()

    kind = "demo" if args.demo else "scale"
    source = args.db or (demo_template() if args.demo else scale_db(rebuild=args.rebuild, factor=args.factor))
    user = args.user or first_worker(source)
    counts = table_counts(source, ["worker", "client", "appointment", "top3_plan", "meeting"])
    size_mib = source.stat().st_size / 2**20
    db = copy_db(source, RUN / f"sections-{kind}.db")

    started = time.perf_counter()
    switches: list[Switch] = []
    weeks: list[tuple[str, int, int, float]] = []
    problems: list[str] = []
    mem_start: dict = {}
    mem_tour: dict = {}
    mem_end: dict = {}
    start_paint = start_data = quit_time = float("nan")
    with Tmux() as tmux:
        bare, bare_problem = bare_tour(tmux, args.rounds, args.timeout)
        if bare_problem:
            problems.append(bare_problem)
        pane = tmux.start([TEAMBORD, "--db", sqlite_url(db), "--as", user], cwd=ROOT, env=app_env())
        try:
            start_paint = pane.wait_for("Teambord · Vandaag", timeout=args.timeout)
            start_data = pane.wait_for(["Teambord · Vandaag", SECTIONS["1"][1], "Wie is waar"],
                                       timeout=max(args.timeout, 120))
            pane.wait_stable(quiet=0.3, timeout=10)
            mem_start = pane.memory()

            def after_first() -> None:
                mem_tour.update(pane.memory())

            tour(pane, args.rounds, args.timeout, after_first=after_first, into=switches, problems=problems)
            switch(pane, "2", False, args.timeout)  # to Planning (not counted again)
            weeks = week_presses(pane, args.weeks, args.timeout)
            mem_end = pane.memory()
        except (WaitTimeout, ProbeError) as problem:
            problems.append(str(problem))
            try:
                mem_end = pane.memory()
            except ProbeError:
                pass
        finally:
            quit_time = pane.quit("C-q", timeout=15) or float("nan")
    elapsed = time.perf_counter() - started

    budget_mib = MEMORY_BUDGET_MIB[kind]
    names = {k: v[0] for k, v in SECTIONS.items()}
    print(f"Teambord sections benchmark — {machine_line()}")
    print(f"database: {source.relative_to(ROOT) if source.is_relative_to(ROOT) else source} ({kind}, {size_mib:.0f} MB; "
          + ", ".join(f"{t} {n:,}" for t, n in counts.items()) + f"), as {user}; tmux 160x48, poll 5 ms; "
          f"wall time {elapsed:.0f} s")
    print(f"start: first paint {ms(start_paint)}, first data {ms(start_data)}; quit {ms(quit_time)}")
    print()
    print("Section switch, key → header + data marker (first visit: screen built and loaded; "
          "revisit: kept screen, reloads in background)")
    print(f"  {'section':<14}{'first: header':>14}{'data':>8}{'settled':>9}   "
          f"{'revisits: median':>17}{'p90':>7}{'settled med':>13}")
    for key in "234561":
        first = [s for s in switches if s.key == key and s.first]
        again = [s for s in switches if s.key == key and not s.first]
        f = first[0] if first else None
        print(f"  {key} {names[key]:<12}"
              f"{ms(f.header) if f else '(at start)':>14}{ms(f.data) if f else '':>8}{ms(f.settled) if f else '':>9}   "
              f"{ms(median([s.data for s in again])):>17}{ms(p90([s.data for s in again])):>7}"
              f"{ms(median([s.settled for s in again])):>13}")
    print()
    print(f"  {'':<44}{'median':>9}{'p90':>9}{'max':>9}{'n':>4}")
    print(stats_line("first visits (switch + data)", [s.data for s in switches if s.first]))
    print(stats_line("revisits (switch + data)", [s.data for s in switches if not s.first]))
    print(stats_line("all section switches (switch + data)", [s.data for s in switches]))
    print(stats_line("all switches, until screen settled", [s.settled for s in switches], budget=False))
    print(stats_line("reference: bare 6-mode Textual app, first", [s.data for s in bare if s.first], budget=False))
    print(stats_line("reference: bare 6-mode Textual app, again", [s.data for s in bare if not s.first],
                     budget=False))
    print(stats_line("week navigation . and , (new week shown)", [w[3] for w in weeks]))
    if weeks:
        print("  week presses (key→week: ms): "
              + " ".join(f"{key}→{new}:{seconds * 1000:.0f}" for key, _old, new, seconds in weeks))
    print()
    hwm_tour = mem_tour.get("VmHWM", 0)
    hwm_end = mem_end.get("VmHWM", 0)
    print(f"Memory (app process): after start RSS {mib(mem_start.get('VmRSS', 0))}; after the six-section tour "
          f"peak {mib(hwm_tour)}; at the end RSS {mib(mem_end.get('VmRSS', 0))}, peak (VmHWM) {mib(hwm_end)}")
    print(f"  peak memory ≤ {budget_mib} MiB ({kind}): {mib(hwm_end)}  "
          f"{verdict(bool(hwm_end) and hwm_end / 1024 <= budget_mib)}")
    for problem in problems:
        print()
        print(f"PROBLEM: {problem}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
