"""`teambord audit`: the coordinator's audit overview as a Markdown file, from the command line.

    teambord audit [--medewerker CODE] [--client CODE] [--actie ACTIE] [--van DATUM] [--tot DATUM]
                   [-o PAD] [--as CODE]

The same file as `x` in the Auditoverzicht (models/audit_overview.py): the filter and who exported
it at the top, a count of reads per worker, then every matching entry, client codes only. Written
0600 to the export folder (or -o: a folder, or a file ending in .md). Only a coordinator may
export (--as, else the last user on this database); the export is itself recorded in the audit log.
Dates are read as the app reads them ("vandaag", "1-11", "2026-11-01"); the period is in team time,
both days included. Default: the last 30 days, or everything when --client is given.
"""

from __future__ import annotations

import argparse
from datetime import timedelta
from tui.cli_common import acting_code, export_target, fail

DEFAULT_DAYS = 30


def add_parser(subcommands) -> argparse.ArgumentParser:
    """Add `audit` to a subparsers object; returns its parser (tui/cli.py may add --db/--debug)."""
    audit = subcommands.add_parser(
        "audit", help="auditoverzicht (coördinator): wie heeft wat gedaan, als Markdown-bestand",
        description="Schrijf het auditoverzicht als Markdown-bestand in de exportmap: per regel wanneer, wie, "
                    "namens wie, welke actie, wat en welke cliënt (alleen codes), met per medewerker hoe vaak "
                    "is ingezien. Alleen voor een coördinator; de export komt zelf ook in het auditlog.")
    audit.add_argument("--medewerker", "--worker", dest="worker", metavar="CODE", default="",
                       help="alleen deze medewerker (wie het deed of namens wie)")
    audit.add_argument("--client", "--cliënt", dest="client", metavar="CODE", default="",
                       help="alleen deze cliënt, bijv. ZS-0008")
    audit.add_argument("--actie", dest="action", metavar="ACTIE", default="",
                       help="alleen deze actie: lezen, aanmaken, wijzigen, verwijderen, exporteren …")
    audit.add_argument("--van", dest="start", metavar="DATUM",
                       help="vanaf deze dag (bijv. 1-11, 2026-11-01; 'begin' voor alles); standaard 30 dagen "
                            "geleden, met --client het begin")
    audit.add_argument("--tot", dest="end", metavar="DATUM", help="tot en met deze dag (standaard vandaag)")
    audit.add_argument("-o", "--uit", dest="uit", metavar="PAD",
                       help="map of .md-bestand om naar te schrijven (standaard: de exportmap)")
    audit.add_argument("--as", dest="user", metavar="CODE",
                       help="wie exporteert (moet coördinator zijn); standaard de laatste gebruiker op deze database")
    return audit


def action_value(text: str) -> str:
    """'lezen', 'Lezen' or 'read' → 'read'; '' → ''. Raises ValueError with a Dutch message."""
    from models.enums import AuditAction

    wanted = (text or "").strip().lower()
    if not wanted or wanted == "alle":
        return ""
    for action in AuditAction:
        if wanted in (action.value, action.label.lower()):
            return action.value
    choices = ", ".join(action.label.lower() for action in AuditAction)
    raise ValueError(f"onbekende actie '{text}'; kies uit: {choices}.")


def build_filter(args: argparse.Namespace):
    """The AuditFilter the options describe. Raises ValueError with a Dutch message."""
    from models.audit_overview import AuditFilter
    from models.clock import today
    from models.dutch_parse import ParseError, parse_date
    from models.errors import DomainError

    day = today()

    def date_of(text: str | None, what: str):
        try:
            return parse_date(text, day)
        except ParseError as problem:
            raise ValueError(f"{what} '{text}': {problem}") from None

    client = (getattr(args, "client", "") or "").strip()
    start_text = getattr(args, "start", None)
    if start_text is None:
        start = None if client else day - timedelta(days=DEFAULT_DAYS - 1)
    elif start_text.strip().lower() in ("begin", "alles"):
        start = None
    else:
        start = date_of(start_text, "--van")
    end = date_of(args.end, "--tot") if getattr(args, "end", None) else day
    try:
        return AuditFilter(worker=getattr(args, "worker", "") or "", client=client,
                           action=action_value(getattr(args, "action", "") or ""), start=start, end=end)
    except DomainError as problem:
        raise ValueError(str(problem)) from None


def run(args: argparse.Namespace, url: str) -> int:

    from models.actions.audit_overview import export_audit_overview
    from models.actions.unit import perform
    from models.errors import DomainError
    from tui.db import DatabaseProblem, open_database
    from tui.dbfile import describe_problem

    try:
        audit_filter = build_filter(args)
    except ValueError as problem:
        return fail(str(problem))
    code = acting_code(getattr(args, "user", None), url)
    if not code:
        return fail("geef met --as CODE aan wie exporteert (een coördinator; dat komt in het auditlog).")
    try:
        target = export_target(getattr(args, "uit", None))
    except DomainError as problem:  # the export folder cannot be made
        return fail(str(problem))
    try:
        database = open_database(url, find_key=True)
    except DatabaseProblem as problem:
        return fail(describe_problem(problem))
    try:
        from tui.cli_signin import signed_in_actor

        actor = signed_in_actor(database, code)  # the coordinator proves it first (issue 16, part 1)
        if isinstance(actor, str):
            return fail(actor)
        done = perform(database, actor, export_audit_overview, audit_filter, target, undoable=False)
    except DomainError as problem:
        return fail(str(problem))
    finally:
        database.dispose()
    print(f"Auditoverzicht geschreven: {done.value}")
    print("De export staat zelf ook in het auditlog.")
    return 0
