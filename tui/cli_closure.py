"""`teambord sluitingsdag [toevoegen|verwijderen DATUM [NAAM]]`: the team's closure days.

A coordinator sets the days the whole team is off beside the public holidays (a brugdag, a team
day); the planning, the free-slot finder and the overleg skip them (models/days_off.py). The change
goes through the one door for writes (`perform`, with the user as actor). A team setting is not
client data, so it has no audit entry.
"""

from __future__ import annotations

import argparse
from tui.cli_common import acting_code, fail


def run(args: argparse.Namespace, url: str) -> int:
    from models.clock import today
    from models.dutch import short_date
    from models.dutch_parse import ParseError, parse_date
    from models.errors import DomainError
    from tui.db import DatabaseProblem, open_database
    from tui.dbfile import describe_problem

    if args.actie and not args.datum:
        return fail(f"geef de datum: teambord sluitingsdag {args.actie} 7-5-2027.")
    day = None
    if args.datum:
        try:  # ISO (2027-05-07, as --help offers it) or the Dutch ways the app's date fields take
            day = _iso(args.datum) or parse_date(args.datum, today())
        except ParseError as problem:
            return fail(f"ongeldige datum '{args.datum}': {problem}")
    try:
        database = open_database(url, find_key=True)
    except DatabaseProblem as problem:
        return fail(describe_problem(problem))
    try:
        if args.actie is None:
            return _list(database, today(), short_date)

        code = acting_code(args.user, url)
        if not code:
            return fail("geef met --as CODE aan wie het wijzigt (dat komt in het auditlog).")
        from models.actions.planning import add_closure_day, remove_closure_day
        from models.actions.unit import perform
        from tui.cli_signin import signed_in_actor

        actor = signed_in_actor(database, code)
        if isinstance(actor, str):
            return fail(actor)
        try:
            if args.actie == "toevoegen":
                done = perform(database, actor, add_closure_day, day, args.naam, undoable=False)
            else:
                done = perform(database, actor, remove_closure_day, day, undoable=False)
        except DomainError as problem:
            return fail(str(problem))
        print(done.message)
        return 0
    finally:
        database.dispose()


def _iso(text: str):
    from datetime import date

    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        return None


def _list(database, first, short_date) -> int:
    from models.actions.unit import read
    from models.days_off import closure_days

    days = read(database, None, closure_days, first)
    if not days:
        print("Geen sluitingsdagen vanaf vandaag. Toevoegen: teambord sluitingsdag toevoegen 7-5-2027 \"Brugdag\"")
        return 0
    for day, name in days.items():
        print(f"{short_date(day)} {day.year}  {name}")
    return 0
