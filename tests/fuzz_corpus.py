"""The fuzz corpus for tests/test_fuzz_forms.py, the rules an outcome is judged by, and the summary.

Every form field gets TEXT_CORPUS; date and time fields (and "naar week") get DATE_CORPUS on top.
What counts as "the value was kept" is `stored_forms`: the text as typed, or with control
characters removed (C0 other than newline and tab, DEL, and ANSI escape sequences as a whole, which
is what models.limits.clean_text does), each also with the surrounding white space trimmed, runs of
white space collapsed (the agenda question and the action "what" do that on purpose) and CR LF as
LF (a TextArea's line ending). Anything else stored is a failure.

Run `python -m tests.fuzz_corpus` after the fuzz tests to print the table of every form's counts
(each test writes its own JSON file to REPORT_DIR, so this also works with pytest-xdist).
"""

from __future__ import annotations

import json
import os
import re
import tempfile
from pathlib import Path

LONG = "a" * 100_000

TEXT_CORPUS: list[tuple[str, str]] = [  # (short name for reports, value)
    ("leeg", ""),
    ("spaties", "   "),
    ("100k×a", LONG),
    ("NUL", "a\x00b"),
    ("bel+ANSI", "\x07\x1b[31mrood\x1b[0m"),
    ("CRLF", "\r\n"),
    ("DEL", "\x7f"),
    ("bidi-RLO", "\u202egeheim"),
    ("emoji-ZWJ", "👩\u200d👩\u200d👧"),
    ("markup-[/]", "[/]"),
    ("markup-bold", "[bold red]x[/BOLD]"),
    ("SQL", "'; DROP TABLE client; --"),
    ("LIKE-%_%\\", "%_%\\"),
]
DATE_CORPUS: list[tuple[str, str]] = [
    ("31-02", "31-02"),
    ("morgen 25u", "morgen 25u"),
    ("31-12-9999", "31-12-9999"),
    ("0-0", "0-0"),
    ("wk 54", "wk 54"),
]
IMPOSSIBLE_DATES = {value for _name, value in DATE_CORPUS}

REPORT_DIR = Path(os.environ.get("TEAMBORD_FUZZ_REPORT", Path(tempfile.gettempdir()) / "teambord-fuzz"))

_ANSI = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b[@-Z\\-_]")
_CONTROL = dict.fromkeys([c for c in range(32) if c not in (9, 10)] + [127] + list(range(0x80, 0xA0)))

# A refusal that blames the database (or speaks English) does not name the real problem.
GENERIC = re.compile(r"niet bereikbaar|database|bezet|onverwacht|probeer opnieuw|traceback|error|exception|"
                     r"embedded null|file name too long|errno|invalid|not |cannot|value too long", re.I)
MISSING = re.compile(r"\b(vul|geef|beschrijf|kies|verplicht|ontbreekt|noem|leeg|vastgelegd)\b", re.I)
WRONG_DATE = re.compile(r"datum|dag|week|jaar|maand|kalender|bestaat niet|onbekende|toekomst|verleden|tijd|"
                        r"uur|minuten|begin|eind", re.I)
TOO_LONG = (re.compile(r"te lang", re.I), re.compile(r"ten hoogste", re.I))


def name_of(value: str) -> str:
    for name, candidate in TEXT_CORPUS + DATE_CORPUS:
        if candidate == value:
            return name
    return repr(value[:30])


def cleaned(value: str) -> str:
    return _ANSI.sub("", value).translate(_CONTROL)


def is_blank(value: str) -> bool:
    """Blank as a form sees it (white space only) or once control characters are removed."""
    return not value.strip() or not cleaned(value).strip()


def stored_forms(typed: str) -> set[str]:
    """Every stored text that counts as "the value as typed" (see the module docstring)."""
    base = {typed, typed.translate(_CONTROL), cleaned(typed)}
    base |= {v.replace("\r\n", "\n") for v in base}
    forms: set[str] = set()
    for v in base:
        forms |= {v, v.strip(), " ".join(v.split())}
    return forms


def shorten(text: object, limit: int = 160) -> str:
    text = str(text)
    if len(text) > limit:
        return repr(text[:limit]) + f"… ({len(text)} tekens)"
    return repr(text)


def refusal_problems(message: str, value: str, *, kind: str, required: bool) -> list[str]:
    """What is wrong with a refusal's message for this value ([] when it names the real problem)."""
    problems = []
    if not message.strip():
        return ["geweigerd zonder zichtbare melding"]
    if GENERIC.search(message):
        problems.append(f"algemene/technische melding in plaats van het echte probleem: {shorten(message)}")
    if value == LONG and not all(p.search(message) for p in TOO_LONG):
        problems.append(f"100.000 tekens geweigerd zonder 'te lang … ten hoogste': {shorten(message)}")
    elif value in IMPOSSIBLE_DATES and kind in ("date", "time", "week") and not WRONG_DATE.search(message):
        problems.append(f"onmogelijke datum, maar de melding zegt niet dat de datum fout is: {shorten(message)}")
    elif not value.strip() and required and not MISSING.search(message):
        problems.append(f"verplicht veld leeg, maar de melding zegt niet wat ontbreekt: {shorten(message)}")
    return problems


def write_report(form: str, counts: dict, failures: list[dict], seconds: float, timing: dict | None = None) -> Path:
    REPORT_DIR.mkdir(parents=True, exist_ok=True)
    path = REPORT_DIR / f"{form}.json"
    path.write_text(json.dumps({"form": form, "counts": counts, "failures": failures, "seconds": round(seconds, 1),
                                "timing": {k: round(v, 1) for k, v in (timing or {}).items()}},
                               ensure_ascii=False, indent=1), encoding="utf-8")
    return path


def summary_table(reports: list[dict]) -> str:
    lines = [f"{'form':<28} {'tried':>5} {'saved':>5} {'refused':>7} {'crashed':>7} {'failures':>8} {'sec':>6}"]
    totals = [0, 0, 0, 0, 0, 0.0]
    for r in sorted(reports, key=lambda r: r["form"]):
        c = r["counts"]
        row = [c["tried"], c["saved"], c["refused"], c["crashed"], len(r["failures"]), r.get("seconds", 0)]
        totals = [a + b for a, b in zip(totals, row)]
        lines.append(f"{r['form']:<28} {row[0]:>5} {row[1]:>5} {row[2]:>7} {row[3]:>7} {row[4]:>8} {row[5]:>6.1f}")
    lines.append(f"{'TOTAAL':<28} {totals[0]:>5} {totals[1]:>5} {totals[2]:>7} {totals[3]:>7} {totals[4]:>8} "
                 f"{totals[5]:>6.1f}")
    return "\n".join(lines)


def load_reports() -> list[dict]:
    return [json.loads(p.read_text(encoding="utf-8")) for p in sorted(REPORT_DIR.glob("*.json"))]


if __name__ == "__main__":
    import sys

    reports = load_reports()
    print(summary_table(reports))
    if "-v" in sys.argv:
        for report in reports:
            for failure in report["failures"]:
                print(f"{report['form']} · {failure['field']} · {failure['value']}: {failure['problem']}")
