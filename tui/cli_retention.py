"""`teambord db opschonen [--droog] [--ja]`: remove closed cases past the retention period.

First the counts of what would go (models/retention.py); `--droog` stops there and changes
nothing. Otherwise Teambord asks "Doorgaan? (j/n)" (unless `--ja`), then purges through the one
door for writes (`perform`, as the user given with --as or the last user on this database) and
says what it did. The audit log gets one entry with the counts, never client codes; stdout names
no client either.
"""

from __future__ import annotations

import argparse
from tui.cli_common import acting_code, fail


def add_options(db: argparse.ArgumentParser) -> None:
    """The options of `teambord db opschonen` on the `db` command's parser (tui/cli.py)."""
    db.add_argument("--droog", action="store_true", help="bij opschonen: alleen tellen wat zou verdwijnen")
    db.add_argument("--ja", action="store_true", help="bij opschonen: niet om bevestiging vragen")
    db.add_argument("--as", dest="user", metavar="CODE",
                    help="bij opschonen: wie het doet (voor het auditlog); standaard de laatste gebruiker")


def run(args: argparse.Namespace, url: str) -> int:
    from models.actions.unit import perform, read
    from models.clock import today
    from models.errors import DomainError
    from models.retention import retention_plan
    from tui.db import DatabaseProblem, open_database
    from tui.dbfile import describe_problem

    day = today()
    try:
        database = open_database(url, find_key=True)
    except DatabaseProblem as problem:
        return fail(describe_problem(problem))
    try:
        plan = read(database, None, retention_plan, day)
        _show_plan(plan)
        if plan.empty:
            print("Niets op te schonen.")
            return 0
        if args.droog:
            print("Proefdraai: er is niets verwijderd.")
            return 0
        code = acting_code(args.user, url)
        if not code:
            return fail("geef met --as CODE aan wie opschoont (dat komt in het auditlog).")
        if not _known(database, code):
            return fail(f"onbekende medewerkercode '{code}'.")
        if not args.ja:
            from tui.cli_confirm import ask

            if not ask("Deze gegevens worden definitief verwijderd. Doorgaan?"):
                print("Niets verwijderd.")
                return 1
        from tui.cli_signin import signed_in_actor

        actor = signed_in_actor(database, code)  # who purges proves it, once they said yes
        if isinstance(actor, str):
            return fail(actor)
        from models.actions.retention import purge_closed_cases

        try:
            done = perform(database, actor, purge_closed_cases, day, undoable=False)
        except DomainError as problem:
            return fail(str(problem))
        print(done.message)
        for line in done.value.lines():
            print(f"  {line}")
        print("Het auditlog vermeldt de aantallen.")
        return 0
    finally:
        database.dispose()


def _show_plan(plan) -> None:
    from models.dutch import long_date

    print(f"Bewaartermijn gesloten dossiers: {plan.retention_days} dagen (gesloten vóór {long_date(plan.cutoff)}).")
    if plan.empty:
        return
    print("Zou verdwijnen:")
    for line in plan.lines():
        print(f"  {line}")


def _known(database, code: str) -> bool:
    from sqlmodel import select

    from models.actions.unit import read
    from models.tables.workers import Worker

    return read(database, None, lambda session: session.exec(select(Worker.id).where(Worker.code == code)).first()) \
        is not None
