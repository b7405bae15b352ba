"""The `teambord` command line, in Dutch.

    teambord                       open the app on the default database (or --db / TEAMBORD_DB)
    teambord demo                  open it on a freshly seeded demo database
    teambord db upgrade | check    administer the database schema
    teambord seed demo | schaal    fill an empty database (developers, benchmarks)
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
from pathlib import Path

DESCRIPTION = (
    "Teambord: het werkbord van het ambulante team — planning, wachtlijst, caseload, overleg en "
    "overdrachten in één toetsenbordgestuurde terminal-app."
)
EPILOG = """\
voorbeelden:
  teambord demo                      probeer Teambord op een nieuwe demo-database
  teambord --as AV                   open als medewerker AV
  teambord --db postgresql+psycopg://teambord@server/teambord
                                     werk op de gedeelde teamdatabase
  teambord db check                  controleer of het databaseschema bij deze versie past

Zonder --db gebruikt Teambord een SQLite-bestand in de gebruikersmap ({default}).
De omgevingsvariabele TEAMBORD_DB werkt als --db. In de app toont ? of F1 alle toetsen.
"""


class DutchHelpFormatter(argparse.RawDescriptionHelpFormatter):
    def add_usage(self, usage, actions, groups, prefix=None):
        return super().add_usage(usage, actions, groups, prefix="Gebruik: ")


class DutchArgumentParser(argparse.ArgumentParser):
    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("formatter_class", DutchHelpFormatter)
        kwargs.setdefault("add_help", False)
        super().__init__(*args, **kwargs)
        self._positionals.title = "opdrachten"
        self._optionals.title = "opties"
        self.add_argument("-h", "--help", action="help", help="toon deze hulp en stop")

    def error(self, message: str) -> None:
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}: fout in de opdracht: {message}\n")


def _common_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--db", metavar="URL", help="database-URL (sqlite:///pad of postgresql+psycopg://…)")


def _app_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--as", dest="user", metavar="CODE", help="open als deze medewerker (bijv. AV)")
    parser.add_argument("--maskeren", action="store_true", help="start met maskering aan: alleen cliëntcodes")


def build_parser() -> argparse.ArgumentParser:
    from tui.paths import default_database_url

    parser = DutchArgumentParser(prog="teambord", description=DESCRIPTION,
                                 epilog=EPILOG.format(default=default_database_url()))
    _common_options(parser)
    _app_options(parser)
    commands = parser.add_subparsers(dest="command", title="opdrachten", metavar="OPDRACHT",
                                     parser_class=DutchArgumentParser)
    demo = commands.add_parser("demo", help="open Teambord op een nieuwe demo-database (verzonnen gegevens)",
                               description="Open Teambord op een vers gevulde demo-database met een verzonnen "
                                           "team. Uw eigen gegevens worden niet aangeraakt.")
    _app_options(demo)
    db = commands.add_parser("db", help="databasebeheer: schema bijwerken of controleren",
                             description="Beheer van het databaseschema (Alembic-migraties).")
    db.add_argument("actie", choices=["upgrade", "check"], help="upgrade: schema bijwerken · check: alleen controleren")
    _common_options(db)
    seed = commands.add_parser("seed", help="vul een lege database met demo- of schaalgegevens",
                               description="Vul een lege database met verzonnen gegevens (voor ontwikkelaars en "
                                           "benchmarks). Weigert een database die al medewerkers heeft.")
    seed.add_argument("soort", choices=["demo", "schaal"], help="demo: één team · schaal: hele organisatie")
    seed.add_argument("--factor", type=float, default=1.0, help="schaalgegevens vermenigvuldigen (standaard 1)")
    _common_options(seed)
    return parser


def database_url(args: argparse.Namespace) -> str:
    from tui.paths import default_database_url

    return args.db or os.environ.get("TEAMBORD_DB") or default_database_url()


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.command == "db":
        return _db_command(args.actie, database_url(args))
    if args.command == "seed":
        return _seed_command(args.soort, database_url(args), args.factor)
    if args.command == "demo":
        return _run_demo(args)
    return _run_app(database_url(args), args.user, masked=args.maskeren)


def _run_app(url: str, user: str | None, *, masked: bool, demo: bool = False) -> int:
    from tui.dbfile import DatabaseProblem, check_sqlite_file, sqlite_path

    path = sqlite_path(url)
    if path is not None:
        try:  # before the screen switches: a plain message in the terminal, no UI flash
            check_sqlite_file(path)
        except DatabaseProblem as problem:
            return _fail(str(problem))
    from tui.app import TeambordApp
    from tui.settings import LaunchSettings

    settings = LaunchSettings(database_url=url, user_code=user.upper() if user else None, demo=demo, masked=masked)
    result = TeambordApp(settings).run()
    return result if isinstance(result, int) else 0


def _run_demo(args: argparse.Namespace) -> int:
    folder = Path(tempfile.mkdtemp(prefix="teambord-demo-"))
    try:
        return _run_app(f"sqlite:///{folder / 'demo.db'}", args.user, masked=args.maskeren, demo=True)
    finally:
        shutil.rmtree(folder, ignore_errors=True)  # the demo leaves nothing behind


def _fail(message: str) -> int:
    print(f"teambord: {message}", file=sys.stderr)
    return 2


def _db_command(action: str, url: str) -> int:
    from tui.db import make_engine, open_database, schema_state
    from tui.dbfile import DatabaseProblem, check_sqlite_file, sqlite_path

    try:
        if action == "upgrade":
            database = open_database(url, migrate=True)
            state = schema_state(database.engine)
            database.dispose()
            print(f"Database is bijgewerkt: schema {state.current}.")
            return 0
        path = sqlite_path(url)
        if path is not None:
            check_sqlite_file(path)
            if not path.exists():
                return _fail("de database bestaat nog niet. Maak hem met 'teambord db upgrade'.")
        engine = make_engine(url)
        state = schema_state(engine)
        engine.dispose()
    except DatabaseProblem as problem:
        return _fail(str(problem))
    if not state.known:
        return _fail(f"de database heeft schema {state.current}, nieuwer dan deze Teambord kent. Werk Teambord bij.")
    if not state.up_to_date:
        print(f"Schema {state.current or 'leeg'} is verouderd; nieuwste is {state.head}. Voer 'teambord db upgrade' uit.")
        return 1
    print(f"Database is in orde: schema {state.current}.")
    return 0


def _seed_command(kind: str, url: str, factor: float) -> int:
    from tui.db import DatabaseProblem, open_database

    try:
        database = open_database(url)
    except DatabaseProblem as problem:
        return _fail(str(problem))
    from sqlmodel import Session, select

    from models.workers import Worker

    with Session(database.engine) as session:
        if session.exec(select(Worker.id)).first() is not None:
            return _fail("deze database bevat al gegevens; seed vult alleen een lege database.")
    if kind == "demo":
        from fixtures.demo import seed_demo

        seed_demo(database.engine)
        print("Demo-team aangemaakt.")
    else:
        from fixtures.scale import seed_scale

        counts = seed_scale(database.engine, factor=factor)
        print("Schaalgegevens aangemaakt: " + ", ".join(f"{table} {count}" for table, count in counts.items()))
    database.dispose()
    return 0


if __name__ == "__main__":
    sys.exit(main())
