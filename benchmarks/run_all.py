"""Every performance figure of Teambord side by side with its bare Textual reference, in one run.

    .venv/bin/python benchmarks/run_all.py            # full run, ~10 min (+ building the scale dbs once)
    .venv/bin/python benchmarks/run_all.py --quick    # smoke run, ~3 min
    .venv/bin/python benchmarks/run_all.py --only sections,cursor   # a subset (names or numbers)

Prints progress lines, then ONE table: figure | Teambord | reference | ratio | budget | holds?
and writes it as Markdown to benchmarks/RESULTS.md (or --markdown FILE). A figure that cannot be
measured (harness error, the app failing) is a row "error: …"; the run goes on.

Figures (tmux 160x48 as a user sees it, unless said otherwise; scale = benchmarks/out/scale.db):
   1 paint     first paint, `teambord --db <demo copy> --as <first worker>` vs bare app         ≤ 1.4 ×
   2 data      first data (Vandaag "Mijn afspraken · ") vs bare app + SQLModel, 200 rows     ≤ 1.2 ×
   3 demo      `teambord demo` first data vs figure 2's Teambord number                     ≤ 1.5 ×
   4 sections  section switch (key → header + data marker), first visits and revisits, scale
               vs bare six-mode app                                                        per key *
   5 cursor    ↓/↑ in each section's main table, key → screen settled (colours compared), scale,
               vs a bare 200-row DataTable                                                 per key *
   6 weeks     Planning `.` / `,`, key → new week number, scale, vs bare DataTable refill  per key *
   7 forms     Wachtlijst `n` and Planning `n` → form title; Ctrl+W → gone; vs bare 8-Input modal  *
   8 client    Caseload Enter → client page ("Top-3 (t)"); `q` → gone; vs bare 6-tab screen       *
   9 palette   Ctrl+P, the first client's code typed key by key, key → result list settled,
               vs Textual's palette with a 15,000-entry provider                           per key *
  10 help      `?` → "Toetsen van Teambord"; `q` → gone; vs bare help modal                        *
  11 memory    50 cycles of (client page, both forms, help, tour of sections 1-6): VmRSS growth after
               the first 5 cycles ≤ 2 MiB; peak VmHWM ≤ 150 MiB at scale, ≤ 100 MiB on the demo db
  12 queries   in-process: each section's fetch queries at 2× scale vs 1× (median of 5)     ≤ 1.3 ×
 * per-key budget: median ≤ 50 ms and p90 ≤ 100 ms, or ≤ 1.5 × the bare figure where that is slower.
"""

from __future__ import annotations

import argparse
import datetime
import json
import re
import subprocess
import sys
import time
import traceback
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import common  # noqa: E402
import sections  # noqa: E402
import startup  # noqa: E402
from common import (  # noqa: E402
    BASELINES, BENCH, PYTHON, ROOT, RUN, TEAMBORD, app_env, copy_db, demo_template, first_client, first_worker,
    machine_line, scale_db, sqlite_url,
)
from modal_cycle import open_close  # noqa: E402
from tmuxprobe import Pane, ProbeError, Tmux, WaitTimeout, median, p90  # noqa: E402

FIGURES = {1: "paint", 2: "data", 3: "demo", 4: "sections", 5: "cursor", 6: "weeks", 7: "forms", 8: "client",
           9: "palette", 10: "help", 11: "memory", 12: "queries"}
NUMBER = {name: number for number, name in FIGURES.items()}

MEDIAN_BUDGET, P90_BUDGET, RELAX = 0.050, 0.100, 1.5

# Teambord's screens, texts and keys (tui/keymap.py)
WAITLIST_FORM = ["Nieuwe aanmelding", "Ctrl+S opslaan"]  # the title, and the form's key hint (not in a footer)
PLANNING_FORM = ["Nieuwe afspraak", "Ctrl+S opslaan"]  # "Nieuwe afspraak" alone is also in the footer
FORM_CLOSE = "C-w"  # FORM_KEYS: Escape and Ctrl+W; a lone Escape costs ~0.1 s in Textual
CLIENT_PAGE = "Top-3 (t)"
CLIENT_CLOSE = "q"  # CLIENT_PAGE_KEYS: escape, q
HELP = "Toetsen van Teambord"
PALETTE = "🔎"

# the open/close cycles serve several figures: their error rows
LOOP_LABELS = {7: "forms open/close (in the cycles)", 8: "client page open/close (in the cycles)",
               10: "help open/close (in the cycles)", 11: "memory cycles"}

# cursor figure: (label, section key, keys, presses in one direction before turning)
CURSOR_SECTIONS = [
    ("Wachtlijst (list + detail panel)", "3", ("Down", "Up"), None),
    ("Caseload (workers → client list)", "4", ("Down", "Up"), None),
    ("Planning grid", "2", ("Down", "Up"), 2),
    ("Overdracht list", "6", ("Down", "Up"), None),
    ("Vandaag (my appointments)", "1", ("Down", "Up"), None),
]


@dataclass
class Settings:
    quick: bool
    startup_runs: int
    tour_rounds: int
    week_presses: int
    cursor_presses: int
    palette_rounds: int
    cycles: int  # Teambord open/close cycles (figure 11 needs 50)
    ref_cycles: int
    demo_cycles: int
    query_runs: int
    timeout: float = 30.0

    @classmethod
    def make(cls, quick: bool) -> Settings:
        if quick:
            return cls(True, startup_runs=3, tour_rounds=2, week_presses=8, cursor_presses=6, palette_rounds=1,
                       cycles=10, ref_cycles=8, demo_cycles=3, query_runs=3)
        return cls(False, startup_runs=7, tour_rounds=4, week_presses=20, cursor_presses=12, palette_rounds=3,
                   cycles=50, ref_cycles=20, demo_cycles=10, query_runs=5)


@dataclass
class Row:
    figure: str
    teambord: str = "—"
    reference: str = "—"
    ratio: str = "—"
    budget: str = "—"
    holds: str = "—"


@dataclass
class Results:
    rows: dict[int, list[Row]] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)
    refs: dict[str, object] = field(default_factory=dict)  # reference measurements by name
    data: dict[str, object] = field(default_factory=dict)  # Teambord measurements by name

    def add(self, number: int, row: Row) -> None:
        self.rows.setdefault(number, []).append(row)

    def error(self, number: int, label: str, problem: object) -> None:
        text = short(problem)
        self.add(number, Row(f"{number} {label}", teambord=f"error: {text}", holds="error"))
        self.problems.append(f"figure {number} ({label}): {problem}")


# --- small helpers ---------------------------------------------------------------------------------

START = time.perf_counter()


def say(text: str) -> None:
    print(f"[{time.perf_counter() - START:6.0f} s] {text}", flush=True)


def short(problem: object, limit: int = 110) -> str:
    text = str(problem).strip().splitlines()[0] if str(problem).strip() else type(problem).__name__
    return text if len(text) <= limit else text[:limit - 1] + "…"


def fmt_ms(seconds: float) -> str:
    if seconds != seconds:
        return "—"
    return f"{seconds * 1000:.0f} ms" if seconds < 10 else f"{seconds:.1f} s"


def fmt_mib(kib: float) -> str:
    return "—" if kib != kib else f"{kib / 1024:.1f} MiB"


def times(x: float) -> str:
    """A ratio: two decimals, three below 0.1 (so a much faster Teambord is not shown as 0.0×)."""
    return f"{x:.3f}×" if x < 0.1 else f"{x:.2f}×"


def ratio_text(value: float, base: float) -> str:
    return "—" if value != value or base != base or not base else times(value / base)


def yes(ok: bool) -> str:
    return "yes" if ok else "NO"


def per_key_row(label: str, values: list[float], ref: list[float] | None, ref_name: str) -> Row:
    """A per-key figure: median and p90 against the budget (relaxed to 1.5 × the bare figure)."""
    if not values:
        return Row(label, teambord="error: no measurement", holds="error")
    med, top = median(values), p90(values)
    lim_med, lim_top = MEDIAN_BUDGET, P90_BUDGET
    reference = ratio = "—"
    if ref:
        rmed, rtop = median(ref), p90(ref)
        lim_med, lim_top = max(lim_med, RELAX * rmed), max(lim_top, RELAX * rtop)
        reference = f"{fmt_ms(rmed)} / p90 {fmt_ms(rtop)} ({ref_name})"
        ratio = f"{times(med / rmed)} / {times(top / rtop)}" if rmed and rtop else "—"
    elif ref is not None:
        reference = f"error ({ref_name})"
    budget = "≤ 50 / ≤ 100 ms" if (lim_med, lim_top) == (MEDIAN_BUDGET, P90_BUDGET) else \
        f"≤ {lim_med * 1000:.0f} / ≤ {lim_top * 1000:.0f} ms (1.5× bare)"
    return Row(label, teambord=f"{fmt_ms(med)} / p90 {fmt_ms(top)} (n={len(values)})", reference=reference,
               ratio=ratio, budget=budget, holds=yes(med <= lim_med and top <= lim_top))


def palette_results(screen: str) -> str:
    """The palette's result list: everything below the search line (not the blinking input)."""
    lines = screen.split("\n")
    for number, line in enumerate(lines):
        if PALETTE in line:
            return "\n".join(lines[number + 1:])
    return screen


def type_in_palette(pane: Pane, text: str) -> list[tuple[str, float, float]]:
    """Ctrl+P, then `text` key by key: (key, first change, settled) of the result list per key.

    Textual updates the list in batches (every 0.25 s) and shows a busy indicator after 0.5 s, so
    the list counts as settled after 0.6 s without a change; colours count (the highlighted letters)."""
    pane.send_keys("C-p")
    pane.wait_for(PALETTE, timeout=10)
    pane.wait_stable(quiet=0.3, timeout=5)
    typed = []
    for char in text:
        first, settled = pane.change_and_settle(char, literal=True, quiet=0.6, timeout=8, escapes=True,
                                                ignore=palette_results)
        typed.append((char, first, settled))
    pane.send_keys("Escape")
    pane.wait_gone(PALETTE, timeout=10)
    pane.wait_stable(quiet=0.3, timeout=5)
    return typed


def cursor_presses(pane: Pane, count: int, keys: tuple[str, str], run: int | None) -> list[tuple[str, float, float]]:
    """`count` cursor moves, `run` in one direction then back (turning early at an edge):
    (key, first change, settled) with colours compared (a highlight is only a colour)."""
    run = run or max(1, count // 2)
    results: list[tuple[str, float, float]] = []
    direction = streak = misses = 0
    while len(results) < count:
        key = keys[direction]
        try:
            first, settled = pane.change_and_settle(key, quiet=0.25, timeout=2.0, escapes=True)
        except WaitTimeout as problem:
            if problem.dead:
                raise
            misses += 1
            if misses >= 2:
                raise ProbeError(f"{keys[0]}/{keys[1]} do not change the screen (an empty table?)") from None
            direction, streak = 1 - direction, 0  # at an edge: turn
            continue
        misses = 0
        results.append((key, first, settled))
        streak += 1
        if streak >= run:
            direction, streak = 1 - direction, 0
    return results


# --- the Teambord app in tmux --------------------------------------------------------------------

class AppRun:
    """Teambord on a copy of a database, (re)started on demand."""

    def __init__(self, tmux: Tmux, source: Path, name: str, timeout: float) -> None:
        self.tmux, self.source, self.name, self.timeout = tmux, source, name, timeout
        self.user = first_worker(source)
        self.pane: Pane | None = None
        self.starts = 0

    def ready(self) -> Pane:
        if self.pane is not None:
            dead, _ = self.pane.dead()
            if not dead:
                return self.pane
            self.stop()
        db = copy_db(self.source, RUN / f"run_all-{self.name}.db")
        self.pane = self.tmux.start([TEAMBORD, "--db", sqlite_url(db), "--as", self.user], cwd=ROOT, env=app_env())
        self.starts += 1
        self.pane.wait_for(["Teambord · Vandaag", sections.SECTIONS["1"][1]], timeout=max(self.timeout, 120))
        self.pane.wait_stable(quiet=0.3, timeout=10)
        return self.pane

    def fresh(self) -> Pane:
        self.stop()
        return self.ready()

    def stop(self) -> None:
        if self.pane is not None:
            self.pane.quit("C-q", timeout=10)
            self.pane = None


def switch(pane: Pane, key: str, timeout: float) -> float:
    return sections.switch(pane, key, False, timeout).data


def open_client_page(pane: Pane, timeout: float) -> None:
    """In Caseload, move the focus to the client table (Tab) until Enter opens a client page."""
    for _ in range(3):
        pane.send_keys("Tab")
        pane.wait_stable(quiet=0.1, timeout=3)
        try:
            pane.press("Enter", CLIENT_PAGE, timeout=8)
        except WaitTimeout as problem:
            if problem.dead:
                raise
            continue
        pane.wait_stable(quiet=0.2, timeout=5)
        sent = pane.send_keys(CLIENT_CLOSE)
        pane.wait_gone(CLIENT_PAGE, since=sent, timeout=timeout)
        pane.wait_stable(quiet=0.2, timeout=5)
        return
    raise ProbeError("Enter in Caseload does not open a client page (after Tab ×3)")


UNSAVED = "niet-opgeslagen"  # the form's "Er zijn niet-opgeslagen wijzigingen. Toch sluiten?" question


def form_open_close(pane: Pane, key: str, shown: list[str], timeout: float, out: dict[str, list],
                    name: str) -> None:
    """Open a form, let it settle for 0.3 s, close it with Ctrl+W.

    A form closed within ~0.1 s of appearing may still ask about unsaved changes (its initial values
    arrive after it is painted): then the question is answered (j), the close time is not counted
    and the event is counted in out["unsaved"]."""
    sent = pane.send_keys(key)
    out[f"{name}_open"].append(pane.wait_for(shown, since=sent, timeout=timeout))
    pane.wait_stable(quiet=0.3, timeout=3)
    sent = pane.send_keys(FORM_CLOSE)
    closed = pane.wait_gone(shown, since=sent, timeout=timeout)
    pane.wait_stable(quiet=0.05, timeout=3)
    if UNSAVED in pane.capture():
        out["unsaved"].append(name)
        pane.send_keys("j")
        pane.wait_gone(UNSAVED, timeout=timeout)
        pane.wait_stable(quiet=0.05, timeout=3)
    else:
        out[f"{name}_close"].append(closed)


def cycles(pane: Pane, count: int, steps: set[str], timeout: float,
           progress=None) -> dict[str, list]:
    """Open/close cycles on Teambord: client page (from Caseload), Wachtlijst form, Planning form,
    help, and a tour over all six sections; VmRSS after every cycle."""
    out: dict[str, list] = {k: [] for k in ("client_open", "client_close", "wform_open", "wform_close",
                                           "pform_open", "pform_close", "help_open", "help_close", "rss",
                                           "switch", "unsaved")}
    tour = "tour" in steps
    if "client" in steps:
        switch(pane, "4", timeout)
        open_client_page(pane, timeout)
    for number in range(count):
        if "client" in steps:
            out["switch"].append(switch(pane, "4", timeout))
            opened, closed = open_close(pane, "Enter", CLIENT_PAGE, CLIENT_CLOSE, timeout)
            out["client_open"].append(opened)
            out["client_close"].append(closed)
        if "forms" in steps:
            out["switch"].append(switch(pane, "3", timeout))
            form_open_close(pane, "n", WAITLIST_FORM, timeout, out, "wform")
        if "forms" in steps or tour:
            out["switch"].append(switch(pane, "2", timeout))
        if "forms" in steps:
            form_open_close(pane, "n", PLANNING_FORM, timeout, out, "pform")
        if "help" in steps:
            opened, closed = open_close(pane, "?", HELP, "q", timeout)
            out["help_open"].append(opened)
            out["help_close"].append(closed)
        if tour:
            for key in ("3", "5", "6", "1") if "forms" not in steps else ("5", "6", "1"):
                out["switch"].append(switch(pane, key, timeout))
            if "client" not in steps:
                out["switch"].append(switch(pane, "4", timeout))
        pane.wait_stable(quiet=0.1, timeout=3)
        out["rss"].append(pane.memory()["VmRSS"])
        if progress and ((number + 1) % 10 == 0 or number + 1 == count):
            progress(number + 1, count)
    return out


# --- the measurements ------------------------------------------------------------------------------

def measure_startup(settings: Settings, want: set[str], res: Results) -> None:
    keys = set()
    if "paint" in want:
        keys |= {"bare", "copy"}
    if "data" in want:
        keys |= {"bare+sqlmodel", "copy"}
    if "demo" in want:
        keys |= {"demo", "copy"}
    say(f"figures 1-3: startup, {settings.startup_runs} alternating runs (+1 warm-up) of "
        f"{', '.join(sorted(keys))}")
    try:
        variants = startup.measure(settings.startup_runs, 1, settings.timeout, 0.3, keys=sorted(keys),
                                   progress=lambda done, total: say(f"  startup round {done}/{total}"))
    except Exception as problem:  # noqa: BLE001
        for name in ("paint", "data", "demo"):
            if name in want:
                res.error(NUMBER[name], name, problem)
        return
    by = {v.key: v for v in variants}
    for v in variants:
        for failure in v.failures:
            res.problems.append(f"startup {v.label}: {failure}")

    def med(key: str, point: str) -> float:
        return median(by[key].times.get(point, [])) if key in by else float("nan")

    if "bare+sqlmodel" in by and by["bare+sqlmodel"].hwm:
        res.refs["sqlmodel_hwm"] = median(by["bare+sqlmodel"].hwm)
    if "copy" in by and by["copy"].hwm:
        res.data["copy_hwm"] = median(by["copy"].hwm)
    user = first_worker(demo_template())
    for name, label, value, base, base_name, budget in (
        ("paint", f"first paint (--db demo copy --as {user})", med("copy", "paint"), med("bare", "ready"),
         "bare app", 1.4),
        ("data", "first data (Mijn afspraken · )", med("copy", "data"), med("bare+sqlmodel", "data"),
         "bare + SQLModel 200 rows", 1.2),
        ("demo", "`teambord demo` first data", med("demo", "data"), med("copy", "data"),
         "fig. 2: existing db", 1.5),
    ):
        if name not in want:
            continue
        number = NUMBER[name]
        if value != value:
            res.error(number, label, "no successful run (see problems)")
            continue
        ok = base == base and value / base <= budget
        res.add(number, Row(f"{number} {label}", teambord=fmt_ms(value),
                            reference=f"{fmt_ms(base)} ({base_name})", ratio=ratio_text(value, base),
                            budget=f"≤ {budget}×", holds=yes(ok) if base == base else "error"))
    say("  startup done: " + ", ".join(f"{v.key} " + "/".join(fmt_ms(median(t)) for t in v.times.values())
                                       for v in variants))


def measure_references(tmux: Tmux, settings: Settings, want: set[str], res: Results, code: str) -> None:
    """The bare Textual apps, each once, right before Teambord's session."""
    timeout = settings.timeout
    if "sections" in want:
        say("reference: bare six-mode app, section tour")
        switches, problem = sections.bare_tour(tmux, settings.tour_rounds, timeout)
        if problem:
            res.refs["sections"] = problem
        else:
            res.refs["sections_first"] = [s.data for s in switches if s.first]
            res.refs["sections_again"] = [s.data for s in switches if not s.first]
    if want & {"cursor", "weeks"}:
        say("reference: bare DataTable (200 rows), cursor and refill")
        pane = tmux.start([PYTHON, str(BASELINES / "bare_datatable_app.py")], cwd=ROOT, env=app_env())
        try:
            pane.wait_for("tabel READY", timeout=timeout)
            pane.wait_stable(quiet=0.3, timeout=10)
            if "cursor" in want:
                res.refs["cursor"] = [s for _k, _f, s in cursor_presses(pane, settings.cursor_presses * 2,
                                                                        ("Down", "Up"), None)]
            if "weeks" in want:
                res.refs["weeks"] = [w[3] for w in sections.week_presses(pane, settings.week_presses, timeout)]
        except (WaitTimeout, ProbeError) as problem:
            res.refs.setdefault("cursor", str(problem))
            res.refs.setdefault("weeks", str(problem))
        finally:
            pane.quit("C-q", timeout=10)
    if want & {"forms", "help", "memory"}:
        say("reference: bare modal app (8-Input form, help)")
        pane = tmux.start([PYTHON, str(BASELINES / "bare_modal_app.py")], cwd=ROOT, env=app_env())
        try:
            pane.wait_for("Formulieren READY", timeout=timeout)
            pane.wait_stable(quiet=0.3, timeout=10)
            got: dict[str, list] = {k: [] for k in ("form_open", "form_close", "help_open", "help_close", "rss")}
            for _ in range(settings.ref_cycles):
                opened, closed = open_close(pane, "n", "Bare formulier", FORM_CLOSE, timeout, quiet=0.3)
                got["form_open"].append(opened)
                got["form_close"].append(closed)
                opened, closed = open_close(pane, "?", "Bare hulp", "q", timeout)
                got["help_open"].append(opened)
                got["help_close"].append(closed)
                got["rss"].append(pane.memory()["VmRSS"])
            got["hwm"] = pane.memory()["VmHWM"]
            res.refs["modal"] = got
        except (WaitTimeout, ProbeError) as problem:
            res.refs["modal"] = str(problem)
        finally:
            pane.quit("C-q", timeout=10)
    if "client" in want:
        say("reference: bare screen with 6 TabbedContent tabs")
        pane = tmux.start([PYTHON, str(BASELINES / "bare_tabs_app.py")], cwd=ROOT, env=app_env())
        try:
            pane.wait_for("Lijst READY", timeout=timeout)
            pane.wait_stable(quiet=0.3, timeout=10)
            got = {"open": [], "close": []}
            for _ in range(settings.ref_cycles):
                opened, closed = open_close(pane, "Enter", CLIENT_PAGE, "q", timeout)
                got["open"].append(opened)
                got["close"].append(closed)
            res.refs["tabs"] = got
        except (WaitTimeout, ProbeError) as problem:
            res.refs["tabs"] = str(problem)
        finally:
            pane.quit("C-q", timeout=10)
    if "palette" in want:
        say(f"reference: Textual's palette, 15,000 entries, typing {code!r}")
        pane = tmux.start([PYTHON, str(BASELINES / "bare_palette_app.py")], cwd=ROOT, env=app_env())
        try:
            pane.wait_for("Palet READY", timeout=timeout)
            pane.wait_stable(quiet=0.3, timeout=10)
            typed = []
            for _ in range(settings.palette_rounds):
                typed += type_in_palette(pane, code)
            res.refs["palette"] = [s for _c, _f, s in typed]
        except (WaitTimeout, ProbeError) as problem:
            res.refs["palette"] = str(problem)
        finally:
            pane.quit("C-q", timeout=10)


def ref_list(res: Results, name: str, part: str | None = None) -> list[float] | None:
    """A reference's samples, [] if it failed (the row then says so)."""
    value = res.refs.get(name)
    if isinstance(value, dict):
        value = value.get(part)
    if isinstance(value, list):
        return value
    return []


def measure_scale_session(tmux: Tmux, settings: Settings, want: set[str], res: Results, code: str) -> None:
    timeout = settings.timeout
    app = AppRun(tmux, scale_db(), "scale", timeout)
    say(f"Teambord on the scale database as {app.user}: starting")

    def step(numbers: list[int], label: str, action) -> None:
        try:
            action(app.ready())
        except Exception as problem:  # noqa: BLE001 - a failing step is an error row; restart the app
            for number in numbers:
                res.error(number, LOOP_LABELS.get(number, label) if len(numbers) > 1 else label, problem)
            if not isinstance(problem, (WaitTimeout, ProbeError)):
                res.problems.append(traceback.format_exc())
            say(f"  {label}: error: {short(problem)}")
            app.stop()

    try:
        if "sections" in want:
            def tour(pane: Pane) -> None:
                problems: list[str] = []
                switches = sections.tour(pane, settings.tour_rounds, timeout, problems=problems)
                res.problems += [f"section tour: {p}" for p in problems]
                first = [s.data for s in switches if s.first]
                again = [s.data for s in switches if not s.first]
                ref_first, ref_again = ref_list(res, "sections_first"), ref_list(res, "sections_again")
                res.add(4, per_key_row("4 section switch, first visit (2–6)", first, ref_first, "bare modes"))
                res.add(4, per_key_row("4 section switch, revisit", again, ref_again, "bare modes"))
                say(f"  section tour: first visits {', '.join(fmt_ms(t) for t in first)}; "
                    f"revisits median {fmt_ms(median(again))}")
            say(f"figure 4: section tour ({settings.tour_rounds} revisit rounds)")
            step([4], "section switch", tour)

        if "weeks" in want:
            def weeks(pane: Pane) -> None:
                switch(pane, "2", timeout)
                presses = sections.week_presses(pane, settings.week_presses, timeout)
                pane.send_keys("t")  # back to this week
                pane.wait_stable(quiet=0.3, timeout=5)
                res.add(6, per_key_row("6 Planning week . / ,", [w[3] for w in presses], ref_list(res, "weeks"),
                                       "bare table refill"))
            say(f"figure 6: Planning week navigation ({settings.week_presses} presses)")
            step([6], "week navigation", weeks)

        if "cursor" in want:
            say(f"figure 5: cursor ↓/↑ in each section's table ({settings.cursor_presses} presses each)")
            for label, key, keys, run in CURSOR_SECTIONS:
                def cursor(pane: Pane, label=label, key=key, keys=keys, run=run) -> None:
                    switch(pane, key, timeout)
                    pane.wait_stable(quiet=0.3, timeout=5)
                    presses = cursor_presses(pane, settings.cursor_presses, keys, run)
                    res.add(5, per_key_row(f"5 cursor ↓/↑ {label}", [s for _k, _f, s in presses],
                                           ref_list(res, "cursor"), "bare DataTable"))
                    say(f"  {label}: settled median {fmt_ms(median([s for _k, _f, s in presses]))} "
                        f"(first change {fmt_ms(median([f for _k, f, _s in presses]))})")
                step([5], f"cursor {label}", cursor)

        if "palette" in want:
            def palette(pane: Pane) -> None:
                switch(pane, "1", timeout)
                typed = []
                for _ in range(settings.palette_rounds):
                    typed += type_in_palette(pane, code)
                res.add(9, per_key_row(f"9 palette per key (typing {code})", [s for _c, _f, s in typed],
                                       ref_list(res, "palette"), "Textual palette 15k"))
                say("  palette keys (ms, settled): " + " ".join(f"{c}:{s * 1000:.0f}" for c, _f, s in typed))
            say(f"figure 9: palette, typing {code!r} × {settings.palette_rounds}")
            step([9], "palette", palette)

        loop_steps = set()
        if "memory" in want:
            loop_steps = {"client", "forms", "help", "tour"}
        else:
            loop_steps = {s for s in ("client", "forms", "help") if s in want}
        if loop_steps:
            count = settings.cycles if "memory" in want else max(5, settings.cycles // 2)
            numbers = [NUMBER[s] for s in ("forms", "client", "help", "memory") if s in want]

            def loop(pane: Pane) -> None:
                out = cycles(pane, count, loop_steps, timeout,
                             progress=lambda done, total: say(f"  cycle {done}/{total}, RSS "
                                                              f"{fmt_mib(pane.memory()['VmRSS'])}"))
                res.data["cycles"] = out
                if out["unsaved"]:
                    res.problems.append(
                        f"a form asked 'niet-opgeslagen wijzigingen' on Ctrl+W without any typing, 0.3 s after it "
                        f"opened ({len(out['unsaved'])}×: {', '.join(sorted(set(out['unsaved'])))}; wform = "
                        f"Wachtlijst, pform = Planning); those closes are not counted")
                res.data["scale_hwm"] = pane.memory()["VmHWM"]
                report_cycles(res, want, out)
            say(f"figures {', '.join(map(str, numbers))}: {count} open/close cycles of "
                f"{', '.join(sorted(loop_steps))}")
            step(numbers, "open/close cycles", loop)
        if app.starts > 1:
            res.problems.append(f"Teambord was started {app.starts} times on the scale database (a step failed "
                                f"and the next one started it again); peak memory is that of the last start")
    finally:
        app.stop()


def report_cycles(res: Results, want: set[str], out: dict[str, list]) -> None:
    if "forms" in want:
        for key, label in (("wform", "Wachtlijst n form"), ("pform", "Planning n form")):
            res.add(7, per_key_row(f"7 {label} open", out[f"{key}_open"], ref_list(res, "modal", "form_open"),
                                   "bare 8-Input modal"))
            res.add(7, per_key_row(f"7 {label} close (Ctrl+W)", out[f"{key}_close"],
                                   ref_list(res, "modal", "form_close"), "bare 8-Input modal"))
    if "client" in want:
        res.add(8, per_key_row("8 client page open (Enter)", out["client_open"], ref_list(res, "tabs", "open"),
                               "bare 6-tab screen"))
        res.add(8, per_key_row("8 client page close (q)", out["client_close"], ref_list(res, "tabs", "close"),
                               "bare 6-tab screen"))
    if "help" in want:
        res.add(10, per_key_row("10 help open (?)", out["help_open"], ref_list(res, "modal", "help_open"),
                                "bare help modal"))
        res.add(10, per_key_row("10 help close (q)", out["help_close"], ref_list(res, "modal", "help_close"),
                                "bare help modal"))


def report_memory(res: Results) -> None:
    out = res.data.get("cycles")
    if isinstance(out, dict) and out.get("rss"):
        rss = out["rss"]
        # Textual's render caches (each strip keeps up to four cut-up copies of itself, line caches
        # hold up to 1,000 lines per table) fill during the first ~20 cycles and then stay flat, so
        # the first half of the cycles is warm-up and growth is measured over the second half.
        warm = min(max(5, len(rss) // 2), len(rss) - 1)
        growth = rss[-1] - rss[warm - 1] if warm >= 1 else float("nan")
        ref = res.refs.get("modal")
        ref_text = "—"
        if isinstance(ref, dict) and len(ref.get("rss", [])) > 5:
            ref_text = f"+{(ref['rss'][-1] - ref['rss'][4]) / 1024:.1f} MiB (bare modal, {len(ref['rss'])} cycles)"
        res.add(11, Row(f"11 memory growth, cycles {warm + 1}–{len(rss)} (scale)",
                        teambord=f"{growth / 1024:+.1f} MiB (RSS {fmt_mib(rss[warm - 1])} → {fmt_mib(rss[-1])})",
                        reference=ref_text, budget="≤ 2 MiB", holds=yes(growth / 1024 <= 2.0)))
    sql_hwm = res.refs.get("sqlmodel_hwm")
    for key, label, budget in (("scale_hwm", "11 peak memory VmHWM (scale)", 150),
                               ("demo_hwm", "11 peak memory VmHWM (demo db)", 100)):
        value = res.data.get(key)
        if isinstance(value, (int, float)) and value:
            res.add(11, Row(label, teambord=fmt_mib(value),
                            reference=f"{fmt_mib(sql_hwm)} (bare + SQLModel)" if sql_hwm else "—",
                            ratio=ratio_text(value, sql_hwm) if sql_hwm else "—",
                            budget=f"≤ {budget} MiB", holds=yes(value / 1024 <= budget)))


def measure_demo_memory(tmux: Tmux, settings: Settings, res: Results) -> None:
    say(f"figure 11: peak memory on the demo database ({settings.demo_cycles} cycles)")
    app = AppRun(tmux, demo_template(), "demo", settings.timeout)
    try:
        pane = app.ready()
        cycles(pane, settings.demo_cycles, {"client", "forms", "help", "tour"}, settings.timeout)
        res.data["demo_hwm"] = pane.memory()["VmHWM"]
        say(f"  demo peak {fmt_mib(res.data['demo_hwm'])}")
    except Exception as problem:  # noqa: BLE001
        res.error(11, "peak memory (demo db)", problem)
    finally:
        app.stop()


def measure_queries(settings: Settings, res: Results) -> None:
    say(f"figure 12: section queries at 2× vs 1× scale (in-process, median of {settings.query_runs})")
    try:
        scale_db()
        scale_db(factor=2.0)
        result = subprocess.run([PYTHON, str(BENCH / "section_queries.py"), "--json", "--runs",
                                 str(settings.query_runs)], cwd=ROOT, capture_output=True, text=True, timeout=1200)
        if result.returncode != 0:
            raise RuntimeError(f"section_queries.py exited {result.returncode}: "
                               f"{(result.stderr or result.stdout).strip().splitlines()[-1:]}")
        data = json.loads(result.stdout.strip().splitlines()[-1])
    except Exception as problem:  # noqa: BLE001
        res.error(12, "section queries 2×/1×", problem)
        return
    for name, values in data.items():
        if "error" in values:
            res.error(12, f"query 2×/1× {name}", values["error"])
            continue
        one, two = median(values["1x"]), median(values["2x"])
        res.add(12, Row(f"12 query 2×/1× {name}", teambord=f"{fmt_ms(two)} at 2×", reference=f"{fmt_ms(one)} at 1×",
                        ratio=ratio_text(two, one), budget="≤ 1.3×", holds=yes(one > 0 and two / one <= 1.3)))
    say("  queries: " + ", ".join(f"{n} {ratio_text(median(v['2x']), median(v['1x']))}"
                                  for n, v in data.items() if "error" not in v))


# --- the table -------------------------------------------------------------------------------------

COLUMNS = ("figure", "Teambord", "reference", "ratio", "budget", "holds?")


def table_rows(res: Results) -> list[Row]:
    return [row for number in sorted(res.rows) for row in res.rows[number]]


def text_table(rows: list[Row]) -> str:
    cells = [COLUMNS] + [(r.figure, r.teambord, r.reference, r.ratio, r.budget, r.holds) for r in rows]
    widths = [max(len(c[i]) for c in cells) for i in range(len(COLUMNS))]
    lines = []
    for number, cell in enumerate(cells):
        lines.append(" | ".join(text.ljust(widths[i]) for i, text in enumerate(cell)).rstrip())
        if number == 0:
            lines.append("-+-".join("-" * w for w in widths))
    return "\n".join(lines)


def markdown_table(rows: list[Row]) -> str:
    def esc(text: str) -> str:
        return text.replace("|", "\\|")

    lines = ["| " + " | ".join(COLUMNS) + " |", "| " + " | ".join("---" for _ in COLUMNS) + " |"]
    for r in rows:
        lines.append("| " + " | ".join(esc(t) for t in (r.figure, r.teambord, r.reference, r.ratio, r.budget,
                                                           r.holds)) + " |")
    return "\n".join(lines)


def write_markdown(path: Path, res: Results, header: str, command: str, elapsed: float) -> None:
    rows = table_rows(res)
    held = sum(r.holds == "yes" for r in rows)
    text = [f"# Teambord performance: all figures ({datetime.date.today().isoformat()})", "",
            f"`{command}` — {header.replace(chr(10), ' · ')}; wall time {elapsed / 60:.1f} min.", "",
            f"{held} of {len(rows)} rows hold their budget. Per-key rows: median / p90, budget median ≤ 50 ms and "
            "p90 ≤ 100 ms, or ≤ 1.5 × the bare reference where that is slower; ratio = Teambord / reference "
            "(median / p90). See benchmarks/README.md for what each row measures.", "",
            markdown_table(rows), ""]
    if res.problems:
        text += ["## Problems during the run", ""]
        for problem in res.problems:
            text += ["```", problem.strip()[-3000:], "```", ""]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(text), encoding="utf-8")


README_START, README_END = "<!-- performance table: benchmarks/run_all.py --readme -->", "<!-- end of table -->"


def write_readme(path: Path, res: Results, header: str, command: str, elapsed: float) -> None:
    """Replace the README's performance table (between the two marker lines) with this run's."""
    rows = table_rows(res)
    held = sum(r.holds == "yes" for r in rows)
    readme = path.read_text(encoding="utf-8")
    if README_START not in readme or README_END not in readme:
        raise SystemExit(f"{path} has no performance table markers ({README_START} … {README_END})")
    before, rest = readme.split(README_START, 1)
    _old, after = rest.split(README_END, 1)
    table = "\n".join([README_START, "",
                       f"`{command}`, {datetime.date.today().isoformat()} — {header.replace(chr(10), ' · ')}; "
                       f"wall time {elapsed / 60:.1f} min. {held} of {len(rows)} rows hold their budget.", "",
                       markdown_table(rows), "", README_END])
    path.write_text(before + table + after, encoding="utf-8")


# --- main ------------------------------------------------------------------------------------------

def parse_only(text: str | None) -> set[str]:
    if not text:
        return set(FIGURES.values())
    chosen = set()
    for part in re.split(r"[,\s]+", text.strip()):
        if not part:
            continue
        if part.isdigit() and int(part) in FIGURES:
            chosen.add(FIGURES[int(part)])
        elif part in NUMBER:
            chosen.add(part)
        elif part == "startup":
            chosen |= {"paint", "data", "demo"}
        else:
            raise SystemExit(f"--only: unknown figure {part!r}; use numbers 1-12 or names: "
                             + ", ".join(FIGURES.values()))
    return chosen


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="fewer runs and cycles: a smoke run of ~3 minutes")
    parser.add_argument("--only", metavar="NAME[,NAME]",
                        help="a subset: numbers 1-12 or names " + ", ".join(FIGURES.values()) + " (startup = 1-3)")
    parser.add_argument("--readme", action="store_true",
                        help="also replace the performance table in README.md with this run's")
    parser.add_argument("--markdown", metavar="FILE", type=Path, default=BENCH / "RESULTS.md",
                        help="write the table as Markdown here (default benchmarks/RESULTS.md)")
    parser.add_argument("--rebuild", action="store_true", help="build the scale databases again")
    parser.add_argument("--no-pyc-cache", action="store_true",
                        help="run the apps without the benchmarks/out/pycache bytecode cache")
    args = parser.parse_args()
    want = parse_only(args.only)
    settings = Settings.make(args.quick)
    common.BYTECODE_CACHE = not args.no_pyc_cache
    command = "benchmarks/run_all.py" + "".join(f" {a}" for a in sys.argv[1:])

    res = Results()
    say(f"run_all ({'quick' if args.quick else 'full'}): figures "
        + ", ".join(f"{NUMBER[n]} {n}" for n in sorted(want, key=NUMBER.get)))
    try:
        common.prepare_bytecode()
        demo_template()
        needs_scale = want & {"sections", "cursor", "weeks", "forms", "client", "palette", "help", "memory",
                              "queries"}
        if needs_scale:
            scale_db(rebuild=args.rebuild)
        if "queries" in want:
            scale_db(rebuild=args.rebuild, factor=2.0)
    except BaseException as problem:  # noqa: BLE001 - e.g. SystemExit from a failing seed
        if isinstance(problem, KeyboardInterrupt):
            raise
        say(f"preparing the databases failed: {short(problem)}")
        for name in sorted(want, key=NUMBER.get):
            res.error(NUMBER[name], name, f"preparing the databases failed: {problem}")
        finish(res, args, command)
        return 0
    header = machine_line()
    say(header.replace("\n", " · "))

    if want & {"paint", "data", "demo"}:
        measure_startup(settings, want, res)
    tmux_figures = want & {"sections", "cursor", "weeks", "forms", "client", "palette", "help", "memory"}
    if tmux_figures:
        try:
            code = first_client(scale_db())
            with Tmux() as tmux:
                try:
                    measure_references(tmux, settings, tmux_figures, res, code)
                except Exception as problem:  # noqa: BLE001 - the rows say "error (reference)"
                    res.problems.append(f"references: {traceback.format_exc()}")
                    say(f"references: error: {short(problem)}")
                measure_scale_session(tmux, settings, tmux_figures, res, code)
                if "memory" in want:
                    measure_demo_memory(tmux, settings, res)
        except Exception as problem:  # noqa: BLE001 - e.g. tmux itself failing
            res.problems.append(traceback.format_exc())
            for name in sorted(tmux_figures, key=NUMBER.get):
                if NUMBER[name] not in res.rows:
                    res.error(NUMBER[name], name, problem)
        if "memory" in want:
            report_memory(res)
            if 11 not in res.rows:
                res.error(11, "memory", "no measurement (see problems)")
    if "queries" in want:
        measure_queries(settings, res)
    finish(res, args, command, header)
    return 0


def finish(res: Results, args, command: str, header: str = "") -> None:
    elapsed = time.perf_counter() - START
    rows = table_rows(res)
    print()
    print(f"Teambord performance, all figures — {header.replace(chr(10), ' · ')}; wall time {elapsed / 60:.1f} min")
    print("per-key rows: median / p90; budget median ≤ 50 ms and p90 ≤ 100 ms, or ≤ 1.5 × the bare figure "
          "where that is slower")
    print()
    print(text_table(rows))
    if res.problems:
        print()
        print(f"{len(res.problems)} problem(s) during the run (the full text is in the Markdown file):")
        for problem in res.problems:
            print(f"  - {short(problem, 200)}")
    if args.markdown:
        write_markdown(args.markdown, res, header, command, elapsed)
        print()
        print(f"written: {args.markdown}")
    if args.readme:
        write_readme(ROOT / "README.md", res, header, command, elapsed)
        print(f"written: the performance table in {ROOT / 'README.md'}")


if __name__ == "__main__":
    sys.exit(main())
