"""Startup as a user sees it: time from launch until text is on the terminal (tmux, 160x48).

Alternating runs (default 7 each, after one warm-up round that is not counted) of:
  bare            a bare Textual app                                → "READY"
  bare+sqlmodel   bare app + import SQLModel + read one table       → "WAIT" (paint), "DATA n"
  demo            `teambord demo` (seeds a fresh demo db each start) → first paint, first data
  copy            `teambord --db <copy of a seeded demo db> --as AV` → first paint, first data
                  (what a worker does every morning: the database already exists)

First paint = "Teambord · Vandaag" in the header; first data = "Mijn afspraken ·" (the title gets
its date and count only when the data is loaded). Budgets (PERFORMANCE.md), ratios of medians:
first paint ≤ 1.4 × bare; first data ≤ 1.1 × bare+sqlmodel.

    .venv/bin/python benchmarks/startup.py [--runs 7] [--warmup 1]
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import common  # noqa: E402
from common import (  # noqa: E402
    BASELINES, PYTHON, ROOT, RUN, TEAMBORD, app_env, baseline_db, copy_db, demo_template, first_worker, machine_line,
    sqlite_url,
)
from tmuxprobe import ProbeError, Tmux, WaitTimeout, median, mib, ms, p90, verdict  # noqa: E402

PAINT = "Teambord · Vandaag"
DATA = "Mijn afspraken ·"

PAINT_BUDGET = 1.4
DATA_BUDGET = 1.1


@dataclass
class Variant:
    key: str
    label: str
    argv: list[str]
    checkpoints: list[tuple[str, object]]  # (name, expected text)
    prepare: object = None  # callable run before each start (outside the timing)
    times: dict[str, list[float]] = field(default_factory=dict)
    hwm: list[int] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)


def build_variants() -> list[Variant]:
    template = demo_template()
    copy = RUN / "startup-demo-copy.db"
    worker = first_worker(template)
    return [
        Variant("bare", "bare Textual app", [PYTHON, str(BASELINES / "bare_app.py")], [("ready", "READY")]),
        Variant("bare+sqlmodel", "bare app + SQLModel, one table",
                [PYTHON, str(BASELINES / "bare_sqlmodel_app.py"), str(baseline_db())],
                [("paint", "WAIT"), ("data", re.compile(r"DATA \d+"))]),
        Variant("demo", "teambord demo", [TEAMBORD, "demo"], [("paint", PAINT), ("data", DATA)]),
        Variant("copy", f"teambord --db <demo copy> --as {worker}", [TEAMBORD, "--db", sqlite_url(copy), "--as", worker],
                [("paint", PAINT), ("data", DATA)], prepare=lambda: copy_db(template, copy)),
    ]


def run_once(tmux: Tmux, variant: Variant, timeout: float, record: bool) -> None:
    if variant.prepare:
        variant.prepare()
    pane = tmux.start(variant.argv, cwd=ROOT, env=app_env())
    try:
        seen = {}
        for name, expect in variant.checkpoints:
            seen[name] = pane.wait_for(expect, timeout=timeout)
        hwm = pane.memory().get("VmHWM", 0)
        if record:
            for name, value in seen.items():
                variant.times.setdefault(name, []).append(value)
            variant.hwm.append(hwm)
    except (WaitTimeout, ProbeError) as problem:
        variant.failures.append(str(problem))
    finally:
        pane.quit("C-q", timeout=10)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=7, help="measured runs per variant (default 7)")
    parser.add_argument("--warmup", type=int, default=1, help="uncounted warm-up rounds (default 1)")
    parser.add_argument("--timeout", type=float, default=30.0, help="seconds to wait for any text (default 30)")
    parser.add_argument("--pause", type=float, default=0.3, help="seconds between two runs (default 0.3)")
    parser.add_argument("--no-pyc-cache", action="store_true",
                        help="run the apps without the benchmarks/out/pycache bytecode cache")
    args = parser.parse_args()
    common.BYTECODE_CACHE = not args.no_pyc_cache
    common.prepare_bytecode()

    started = time.perf_counter()
    variants = measure(args.runs, args.warmup, args.timeout, args.pause)
    report(variants, args, time.perf_counter() - started)
    return 0


def measure(runs: int = 7, warmup: int = 1, timeout: float = 30.0, pause: float = 0.3,
            keys: list[str] | None = None, progress=None) -> list[Variant]:
    """Alternating runs of the variants (all, or those in `keys`); returns them with their times.

    `progress(round_no, rounds)` is called after each round (for run_all.py)."""
    variants = [v for v in build_variants() if keys is None or v.key in keys]
    with Tmux() as tmux:
        for round_no in range(warmup + runs):
            shift = round_no % len(variants)
            order = variants[shift:] + variants[:shift]  # each variant takes each position in turn
            if round_no % 2:
                order.reverse()
            for variant in order:
                run_once(tmux, variant, timeout, record=round_no >= warmup)
                time.sleep(pause)
            if progress:
                progress(round_no + 1, warmup + runs)
    return variants


def report(variants: list[Variant], args, elapsed: float) -> None:
    by = {v.key: v for v in variants}
    print(f"Teambord startup benchmark — {machine_line()}")
    print(f"tmux 160x48, screen polled every 5 ms; {args.runs} alternating runs per variant "
          f"(+{args.warmup} warm-up); wall time {elapsed:.0f} s")
    print()
    print(f"{'variant → text on screen':<52}{'median':>9}{'p90':>9}{'min':>9}{'max':>9}{'n':>4}   peak RSS (median)")
    for v in variants:
        for name, expect in v.checkpoints:
            values = v.times.get(name, [])
            what = {"ready": '"READY"', "paint": "first paint", "data": "first data"}[name]
            rss = mib(median(v.hwm)) if v.hwm and name == v.checkpoints[-1][0] else ""
            print(f"{v.label + ' → ' + what:<52}{ms(median(values)):>9}{ms(p90(values)):>9}"
                  f"{ms(min(values) if values else float('nan')):>9}{ms(max(values) if values else float('nan')):>9}"
                  f"{len(values):>4}   {rss}")
    print()
    print("raw runs (ms, in run order):")
    for v in variants:
        for name, _ in v.checkpoints:
            print(f"  {v.key:<14}{name:<6}" + " ".join(f"{t * 1000:.0f}" for t in v.times.get(name, [])))
    print()
    print("Budgets (ratio of medians, same run):")
    bare = median(by["bare"].times.get("ready", []))
    bare_data = median(by["bare+sqlmodel"].times.get("data", []))
    for key in ("demo", "copy"):
        v = by[key]
        paint = median(v.times.get("paint", []))
        data = median(v.times.get("data", []))
        for what, value, base, base_name, budget in (
            ("first paint", paint, bare, "bare", PAINT_BUDGET),
            ("first data", data, bare_data, "bare+sqlmodel", DATA_BUDGET),
        ):
            if value != value or base != base:
                print(f"  {what:<12}{v.label:<36} no measurement — FAIL")
                continue
            ratio = value / base
            print(f"  {what:<12}{v.label:<36}{ms(value):>8} / {base_name} {ms(base):>7} = {ratio:4.2f} ×"
                  f"  (≤ {budget} ×)  {verdict(ratio <= budget)}")
    print("  (the budget names `teambord demo`; the --db copy line is what a worker sees every morning)")
    failures = [(v.label, f) for v in variants for f in v.failures]
    if failures:
        print()
        print(f"{len(failures)} run(s) failed:")
        seen = set()
        for label, text in failures:
            first = text.splitlines()[0]
            if (label, first) in seen:
                continue
            seen.add((label, first))
            print(f"  {label}: {text}")


if __name__ == "__main__":
    sys.exit(main())
