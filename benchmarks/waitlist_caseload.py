"""Wachtlijst and Caseload as a user sees them (issue 4): typing in the waiting-list filter, the status
filter key, opening/closing the registration form and the allocation suggestion, on the
organisation-scale database (a copy; `--demo`: the demo database).

Each keystroke in the filter is timed from `send-keys` until the "N getoond" count for the new text
is on screen. Budgets (PERFORMANCE.md): list filter per keystroke median ≤ 50 ms, p90 ≤ 100 ms.

    .venv/bin/python benchmarks/waitlist_caseload.py [--demo] [--rounds 3]
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import common  # noqa: E402
from common import (  # noqa: E402
    ROOT, RUN, TEAMBORD, app_env, copy_db, demo_template, first_worker, machine_line, scale_db, sqlite_url,
)
from tmuxprobe import ProbeError, Tmux, WaitTimeout, median, ms, p90, verdict  # noqa: E402

SHOWN = re.compile(r"(\d+) getoond")
WORDS = ["zaanstad", "politie", "intake"]  # typed letter by letter, cleared with Escape in between


def shown(screen: str) -> int | None:
    match = SHOWN.search(screen)
    return int(match.group(1)) if match else None


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--demo", action="store_true", help="use the demo database instead of the scale one")
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    common.prepare_bytecode()
    source = demo_template() if args.demo else scale_db()
    user = "AV" if args.demo else first_worker(source)
    db = copy_db(source, RUN / "waitlist-caseload.db")
    keystrokes: list[float] = []
    status_keys: list[float] = []
    form_open: list[float] = []
    suggest_open: list[float] = []
    switches: dict[str, list[float]] = {"3": [], "4": []}
    problems: list[str] = []
    rows = None
    with Tmux() as tmux:
        pane = tmux.start([TEAMBORD, "--db", sqlite_url(db), "--as", user], cwd=ROOT, env=app_env())
        try:
            pane.wait_for("Mijn afspraken · ", timeout=120)
            pane.wait_stable(quiet=0.3)
            for _ in range(args.rounds):
                switches["3"].append(pane.press("3", lambda s: "Teambord · Wachtlijst" in s and shown(s) is not None))
                pane.wait_stable(quiet=0.2)
                rows = shown(pane.capture())
                for word in WORDS:
                    pane.send_keys("/")
                    pane.wait_for("typ om te filteren")
                    typed = ""
                    for letter in word:
                        before = pane.capture()
                        typed += letter
                        sent = pane.send_keys(letter, literal=True)
                        # the input shows the text and the count line is redrawn with it
                        keystrokes.append(pane.wait_for(
                            lambda s, t=typed, b=before: t in s and s != b and shown(s) is not None, since=sent))
                        pane.wait_stable(quiet=0.05)
                    pane.send_keys("Escape")
                    pane.wait_for(lambda s: shown(s) == rows)
                for _ in range(6):  # status filter: all, aangemeld, …, afgesloten, back to all
                    before = pane.capture()
                    status_keys.append(pane.press("s", lambda s, b=before: s != b and "Status (s)" in s))
                    pane.wait_stable(quiet=0.1)
                form_open.append(pane.press("n", "Nieuwe aanmelding"))
                pane.wait_stable(quiet=0.1)
                pane.send_keys("Escape")
                pane.wait_gone("Nieuwe aanmelding")
                suggest_open.append(pane.press("t", "Toewijzen: AM-"))
                pane.wait_stable(quiet=0.1)
                pane.send_keys("Escape")
                pane.wait_gone("Toewijzen: AM-")
                switches["4"].append(pane.press("4", lambda s: "Cliënten van" in s and "Cijfers voor het overleg" in s))
                pane.wait_stable(quiet=0.2)
                pane.send_keys("1")
                pane.wait_for("Teambord · Vandaag")
                pane.wait_stable(quiet=0.2)
        except (WaitTimeout, ProbeError) as problem:
            problems.append(str(problem))
        finally:
            pane.quit("C-q", timeout=15)
    print(f"Wachtlijst/Caseload benchmark — {machine_line()}")
    print(f"database: {'demo' if args.demo else 'scale'}, as {user}; waiting list shows {rows} rows; "
          f"rounds {args.rounds}")

    def line(name: str, values: list[float], budget: bool = False) -> None:
        if not values:
            print(f"  {name:<34} no data")
            return
        ok = median(values) <= 0.050 and p90(values) <= 0.100
        tail = f"  {verdict(ok)} (≤ 50 / ≤ 100 ms)" if budget else ""
        print(f"  {name:<34} n={len(values):<3} median {ms(median(values)):>8}  p90 {ms(p90(values)):>8}  "
              f"max {ms(max(values)):>8}{tail}")

    line("filter keystroke → new count", keystrokes, budget=True)
    line("status filter key (s)", status_keys, budget=True)
    line("switch to Wachtlijst (3) + data", switches["3"], budget=True)
    line("switch to Caseload (4) + data", switches["4"], budget=True)
    line("open registration form (n)", form_open)
    line("open allocation + suggestion (t)", suggest_open)
    for problem in problems:
        print("PROBLEM:", problem)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
