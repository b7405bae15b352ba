"""`teambord medewerker toevoegen CODE NAAM [--rol] [--regio] [--uren] [--dagen] [--as CODE]`.

A coordinator adds a colleague (models/auth/team.py) and types their first passphrase twice, on a
terminal without echo; the colleague changes it in the app (palette: Wachtwoordzin instellen). The
coordinator signs in first (tui/cli_signin.py). Without a terminal it refuses: a first passphrase
does not belong in a script's environment.
"""

from __future__ import annotations

import argparse
import getpass

from tui import cli_confirm
from tui.cli_common import acting_code, fail


def add_parser(subcommands) -> argparse.ArgumentParser:
    team = subcommands.add_parser(
        "medewerker", help="een medewerker aan het team toevoegen (coördinator)",
        description="Voeg een collega toe aan het team, met een eerste wachtwoordzin die u tweemaal typt en die de "
                    "collega daarna zelf wijzigt (in de app: Ctrl+P → Wachtwoordzin instellen). Alleen een "
                    "coördinator kan dit.")
    team.add_argument("actie", choices=["toevoegen"], help="toevoegen")
    team.add_argument("code", help="2 tot 4 letters, bijv. MK")
    team.add_argument("naam", help="voor- en achternaam, bijv. \"Mila Kok\"")
    team.add_argument("--rol", default="ambulant", help="ambulant (standaard), gedragsdeskundige of procesbegeleider")
    team.add_argument("--regio", default=None, help="zaanstreek of waterland")
    team.add_argument("--uren", type=float, default=36.0, help="contracturen per week (standaard 36)")
    team.add_argument("--dagen", default="1,2,3,4,5", help="werkdagen als ISO-weekdagen, bijv. 1,2,3,4 (standaard ma–vr)")
    team.add_argument("--as", dest="user", metavar="CODE", help="de coördinator (standaard de laatste gebruiker)")
    return team


def run(args: argparse.Namespace, url: str) -> int:
    from models.actions import perform, signin
    from models.errors import DomainError
    from tui.cli_signin import signed_in_actor
    from tui.db import DatabaseProblem, open_database
    from tui.dbfile import describe_problem

    code = acting_code(args.user, url)
    if not code:
        return fail("geef met --as CODE aan welke coördinator de medewerker toevoegt.")
    if not cli_confirm.interactive():
        return fail("de eerste wachtwoordzin van de nieuwe medewerker typt u in een terminal (tweemaal).")
    try:
        database = open_database(url, find_key=True)
    except DatabaseProblem as problem:
        return fail(describe_problem(problem))
    try:
        actor = signed_in_actor(database, code)
        if isinstance(actor, str):
            return fail(actor)
        first = getpass.getpass(f"Eerste wachtwoordzin voor {args.code.upper()}: ")
        again = getpass.getpass("Nogmaals, ter controle: ")
        done = perform(database, actor, signin.add_worker, args.code, args.naam, first, again, role=args.rol,
                       region=args.regio, hours=args.uren, work_days=args.dagen, undoable=False)
    except DomainError as problem:
        return fail(str(problem))
    except (EOFError, KeyboardInterrupt):
        return fail("afgebroken; er is niemand toegevoegd.")
    finally:
        database.dispose()
    print(done.message)
    return 0
