"""Open and close the help screen many times: it must not get slower or fatter.

The app runs (tmux, 160x48) on a copy of the seeded demo database as AV (or --scale: the
organisation-scale database as its first worker). Each cycle presses "?" and waits until
"Toetsen van Teambord" is on screen (open latency), then presses "q" and waits until it is gone
(close latency), then waits for the screen to settle. The app's RSS is read before the first
cycle and after every cycle.

Budget (PERFORMANCE.md, "open and close a form 50 times"): no growth in latency — here: median of
the last 10 opens ≤ max(1.25 × median of the first 10, first 10 + 5 ms) — and memory grows
≤ 5 MiB (RSS after the last cycle minus RSS before the first).

    .venv/bin/python benchmarks/modal_cycle.py [--cycles 50] [--scale]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import common  # noqa: E402
from common import (  # noqa: E402
    ROOT, RUN, TEAMBORD, app_env, copy_db, demo_template, first_worker, machine_line, scale_db, sqlite_url,
)
from tmuxprobe import ProbeError, Tmux, WaitTimeout, median, mib, ms, p90, verdict  # noqa: E402

HELP = "Toetsen van Teambord"
GROWTH_BUDGET_MIB = 5.0


def slope(values: list[float]) -> float:
    """Least-squares slope per cycle."""
    n = len(values)
    if n < 2:
        return float("nan")
    mean_x, mean_y = (n - 1) / 2, sum(values) / n
    num = sum((i - mean_x) * (v - mean_y) for i, v in enumerate(values))
    den = sum((i - mean_x) ** 2 for i in range(n))
    return num / den


def open_close(pane, open_key: str, shown, close_key: str, timeout: float = 10.0,
               quiet: float = 0.05) -> tuple[float, float]:
    """Press `open_key` until `shown` is on screen, then `close_key` until it is gone.

    Returns (open seconds, close seconds); waits for the screen to settle after each."""
    sent = pane.send_keys(open_key)
    opened = pane.wait_for(shown, since=sent, timeout=timeout)
    pane.wait_stable(quiet=quiet, timeout=3)
    sent = pane.send_keys(close_key)
    closed = pane.wait_gone(shown, since=sent, timeout=timeout)
    pane.wait_stable(quiet=quiet, timeout=3)
    return opened, closed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cycles", type=int, default=50, help="open/close cycles (default 50)")
    parser.add_argument("--scale", action="store_true", help="use the organisation-scale database")
    parser.add_argument("--open-key", default="?", help="key that opens the modal (default ?)")
    parser.add_argument("--close-key", default="q", help="key that closes it (default q)")
    parser.add_argument("--timeout", type=float, default=10.0, help="seconds to wait for one screen (default 10)")
    parser.add_argument("--no-pyc-cache", action="store_true",
                        help="run the apps without the benchmarks/out/pycache bytecode cache")
    args = parser.parse_args()
    common.BYTECODE_CACHE = not args.no_pyc_cache
    common.prepare_bytecode()

    source = scale_db() if args.scale else demo_template()
    user = first_worker(source)
    db = copy_db(source, RUN / f"modal-{'scale' if args.scale else 'demo'}.db")

    opens: list[float] = []
    closes: list[float] = []
    rss: list[int] = []
    problems: list[str] = []
    started = time.perf_counter()
    with Tmux() as tmux:
        pane = tmux.start([TEAMBORD, "--db", sqlite_url(db), "--as", user], cwd=ROOT, env=app_env())
        try:
            pane.wait_for(["Teambord · Vandaag", "Mijn afspraken · "], timeout=120)
            pane.wait_stable(quiet=0.5, timeout=10)
            rss.append(pane.memory()["VmRSS"])
            for _ in range(args.cycles):
                opened, closed = open_close(pane, args.open_key, HELP, args.close_key, args.timeout)
                opens.append(opened)
                closes.append(closed)
                rss.append(pane.memory()["VmRSS"])
            hwm = pane.memory()["VmHWM"]
        except (WaitTimeout, ProbeError) as problem:
            problems.append(str(problem))
            hwm = 0
        finally:
            pane.quit("C-q", timeout=15)
    elapsed = time.perf_counter() - started

    print(f"Teambord modal cycle benchmark — {machine_line()}")
    print(f"help screen ('{args.open_key}' opens, '{args.close_key}' closes) × {len(opens)} on "
          f"{'the organisation-scale' if args.scale else 'a demo'} database as {user}; tmux 160x48, poll 5 ms; "
          f"wall time {elapsed:.0f} s")
    if opens:
        k = min(10, len(opens) // 2) or 1
        first, last = median(opens[:k]), median(opens[-k:])
        print()
        print(f"  {'':<28}{'first ' + str(k):>10}{'last ' + str(k):>10}{'all p90':>10}{'slope/cycle':>13}")
        print(f"  {'open  (key → help shown)':<28}{ms(first):>10}{ms(last):>10}{ms(p90(opens)):>10}"
              f"{slope(opens) * 1000:>10.2f} ms")
        print(f"  {'close (key → help gone)':<28}{ms(median(closes[:k])):>10}{ms(median(closes[-k:])):>10}"
              f"{ms(p90(closes)):>10}{slope(closes) * 1000:>10.2f} ms")
        print("  opens (ms): " + " ".join(f"{t * 1000:.0f}" for t in opens))
        ok_latency = last <= max(1.25 * first, first + 0.005)
        print()
        print(f"  no growth in open latency (last {k} ≤ max(1.25 × first {k}, first + 5 ms)): "
              f"{ms(last)} vs {ms(first)}  {verdict(ok_latency)}")
        print(f"  (close latency, same rule: {verdict(median(closes[-k:]) <= max(1.25 * median(closes[:k]), median(closes[:k]) + 0.005))})")
    if rss:
        growth = (rss[-1] - rss[0]) / 1024
        after_first = rss[1] if len(rss) > 1 else rss[0]
        print(f"  RSS before {mib(rss[0])}, after cycle 1 {mib(after_first)}, after cycle {len(rss) - 1} "
              f"{mib(rss[-1])}; peak {mib(hwm)}")
        print(f"  memory growth ≤ {GROWTH_BUDGET_MIB:g} MiB: +{growth:.1f} MiB  {verdict(growth <= GROWTH_BUDGET_MIB)}"
              f"   (growth after cycle 1: +{(rss[-1] - after_first) / 1024:.1f} MiB)")
    for problem in problems:
        print()
        print(f"PROBLEM: {problem}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
