"""The `teambord` command line, in Dutch.

    teambord                       open the app on the default database (or --db / TEAMBORD_DB)
    teambord demo                  open it on a freshly seeded demo database
    teambord db upgrade | check    administer the database schema
    teambord db versleutelen       encrypt the SQLite file (SQLCipher; tui/cli_encrypt.py)
    teambord seed demo | schaal    fill an empty database (developers, benchmarks)
    teambord export verslag | ics  the minutes of an overleg, a worker's week (into the export folder)
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import signal
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from tui.dbfile import describe_problem
from tui.cli_common import acting_code, export_target, fail

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
Een versleuteld bestand ('teambord db versleutelen') vraagt bij het starten om de teamsleutel,
tenzij die in de sleutelbos staat; TEAMBORD_SLEUTEL is er voor scripts.
Instellingen (thema, eigen toetsen, exportmap, minuten tot vergrendelen) staan in
{config}; exports gaan naar de exportmap ({exports}).
"""


class DutchHelpFormatter(argparse.RawDescriptionHelpFormatter):
    def add_usage(self, usage, actions, groups, prefix=None):
        # argparse passes prefix="" when it builds a subcommand's name: keep that one empty.
        return super().add_usage(usage, actions, groups, prefix="Gebruik: " if prefix is None else prefix)


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
        self.exit(2, f"{self.prog}: fout in de opdracht: {dutch_argparse_message(message)}\n"
                     f"Zie '{self.prog} --help'.\n")


# argparse's own messages (Python 3.11–3.13 wording), in Dutch. Anything not listed is shown as is.
_ARGPARSE_DUTCH: tuple[tuple[str, str], ...] = (
    (r"invalid choice: (.+?) \(choose from (.+)\)", r"ongeldige keuze \1 (kies uit \2)"),
    (r"unrecognized arguments: (.+)", r"onbekende argumenten: \1"),
    (r"the following arguments are required: (.+)", r"deze argumenten zijn verplicht: \1"),
    (r"expected one argument", r"verwacht één waarde"),
    (r"expected at least one argument", r"verwacht minstens één waarde"),
    (r"invalid int value: (.+)", r"\1 is geen geheel getal"),
    (r"invalid float value: (.+)", r"\1 is geen getal"),
    (r"invalid (\w+) value: (.+)", r"\2 is geen geldige waarde (\1)"),
    (r"ambiguous option: (\S+) could match (.+)", r"dubbelzinnige optie \1: bedoelt u \2?"),
    (r"not allowed with argument (.+)", r"niet samen te gebruiken met \1"),
    (r"ignored explicit argument (.+)", r"genegeerde waarde \1"),
)


def dutch_argparse_message(message: str) -> str:
    for pattern, replacement in _ARGPARSE_DUTCH:
        message = re.sub(pattern, replacement, message)
    return message


def _common_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--db", metavar="URL", help="database-URL (sqlite:///pad of postgresql+psycopg://…)")
    # SUPPRESS: a subcommand's default must not overwrite a --debug given before the subcommand.
    parser.add_argument("--debug", action="store_true", default=argparse.SUPPRESS,
                        help="toon bij een fout ook de technische details (traceback)")


def version_text() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return f"teambord {version('teambord')}"
    except PackageNotFoundError:  # run from a source tree without installing
        return "teambord (niet geïnstalleerde ontwikkelversie)"


def _app_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--as", dest="user", metavar="CODE", help="open als deze medewerker (bijv. AV)")
    parser.add_argument("--maskeren", action="store_true", help="start met maskering aan: alleen cliëntcodes")


def build_parser() -> argparse.ArgumentParser:
    from tui.config import FILE_NAME
    from tui.paths import config_dir, default_database_url, default_export_folder

    parser = DutchArgumentParser(prog="teambord", description=DESCRIPTION,
                                 epilog=EPILOG.format(default=default_database_url(), config=config_dir() / FILE_NAME,
                                                      exports=default_export_folder()))
    _common_options(parser)
    parser.set_defaults(debug=False)
    parser.add_argument("--version", action="version", version=version_text(), help="toon de versie en stop")
    _app_options(parser)
    commands = parser.add_subparsers(dest="command", title="opdrachten", metavar="OPDRACHT",
                                     parser_class=DutchArgumentParser)
    demo = commands.add_parser("demo", help="open Teambord op een nieuwe demo-database (verzonnen gegevens)",
                               description="Open Teambord op een vers gevulde demo-database met een verzonnen "
                                           "team. Uw eigen gegevens worden niet aangeraakt.")
    _app_options(demo)
    demo.add_argument("--debug", action="store_true", default=argparse.SUPPRESS,
                      help="toon bij een fout ook de technische details (traceback)")
    db = commands.add_parser("db", help="databasebeheer: schema bijwerken of controleren, versleutelen",
                             description="Beheer van het databaseschema (Alembic-migraties) en de versleuteling.")
    from tui.cli_encrypt import ACTIONS as ENCRYPT_ACTIONS, add_options as add_encrypt_options

    db.add_argument("actie", choices=["upgrade", "check", "opschonen", *ENCRYPT_ACTIONS],
                    help="upgrade: schema bijwerken · check: alleen controleren · opschonen: oude gesloten "
                         "dossiers verwijderen (bewaartermijn) · versleutelen: het SQLite-bestand versleutelen "
                         "met een teamsleutel · sleutel-opslaan / sleutel-vergeten: de teamsleutel in de "
                         "sleutelbos van het systeem")
    from tui.cli_retention import add_options

    add_options(db)
    add_encrypt_options(db)
    _common_options(db)
    seed = commands.add_parser("seed", help="vul een lege database met demo- of schaalgegevens",
                               description="Vul een lege database met verzonnen gegevens (voor ontwikkelaars en "
                                           "benchmarks). Weigert een database die al medewerkers heeft.")
    seed.add_argument("soort", choices=["demo", "schaal"], help="demo: één team · schaal: hele organisatie")
    seed.add_argument("--factor", type=float, default=1.0, help="schaalgegevens vermenigvuldigen (standaard 1)")
    _common_options(seed)
    export = commands.add_parser("export", help="exporteer gegevens naar een bestand (verslag, agenda)",
                                 description="Exporteer gegevens naar een bestand. Elke export wordt per cliënt in "
                                             "het auditlog vastgelegd.")
    export_commands = export.add_subparsers(dest="export_command", title="opdrachten", metavar="WAT",
                                            parser_class=DutchArgumentParser)
    export_commands.required = True
    verslag = export_commands.add_parser(
        "verslag", help="het verslag van een overleg als Markdown (gemaskeerd: alleen cliëntcodes)",
        description="Schrijf het verslag van het ambulant overleg op een datum als Markdown: aanwezigen, per punt "
                    "de vraag, uitkomst en acties, en alle open acties. Standaard gemaskeerd (alleen cliëntcodes).")
    verslag.add_argument("--date", "--datum", dest="date", required=True, metavar="JJJJ-MM-DD",
                         help="de dag van het overleg, bijv. 2026-11-24")
    verslag.add_argument("--namen", action="store_true",
                         help="met initialen van cliënten en namen van medewerkers (alleen als het echt nodig is)")
    verslag.add_argument("--ja", action="store_true", help="bij --namen: niet om bevestiging vragen")
    verslag.add_argument("-o", "--uit", metavar="PAD", help="bestand of map om naar te schrijven "
                                                           "(standaard: verslag-overleg-<datum>.md in de exportmap)")
    verslag.add_argument("--as", dest="user", metavar="CODE",
                         help="wie exporteert (voor het auditlog); standaard de laatste gebruiker op deze database")
    _common_options(verslag)
    ics = export_commands.add_parser(
        "ics", help="de week van een medewerker als iCalendar-bestand (.ics) voor een agenda-programma",
        description="Schrijf de afspraken en afwezigheid van een medewerker in een ISO-week als iCalendar-bestand "
                    "(.ics) dat Outlook, Google Agenda en andere agenda's importeren. Afspraken noemen alleen de "
                    "cliëntcode en de gemeente, geen notities.")
    ics.add_argument("--worker", "--medewerker", dest="worker", required=True, metavar="CODE",
                     help="medewerkercode, bijv. AV")
    ics.add_argument("--week", type=int, required=True, metavar="N", help="ISO-weeknummer, bijv. 48")
    ics.add_argument("--jaar", type=int, metavar="JJJJ", help="jaar van de week (standaard: dit jaar)")
    ics.add_argument("-o", "--uit", metavar="PAD",
                     help="bestand of map om naar te schrijven (standaard: <CODE>-<jaar>-week<N>.ics in de exportmap)")
    ics.add_argument("--as", dest="user", metavar="CODE",
                     help="wie exporteert (voor het auditlog); standaard de medewerker zelf")
    _common_options(ics)
    closure = commands.add_parser(
        "sluitingsdag", help="sluitingsdagen van het team: tonen, toevoegen, verwijderen",
        description="Dagen waarop het hele team vrij is naast de feestdagen (een brugdag, een teamdag). De "
                    "planning, het zoeken naar een vrij moment en het overleg slaan ze over. Zonder actie: de "
                    "sluitingsdagen vanaf vandaag.")
    closure.add_argument("actie", nargs="?", choices=["toevoegen", "verwijderen"], help="toevoegen of verwijderen")
    closure.add_argument("datum", nargs="?", help="de dag, bijv. 7-5-2027 of 2027-05-07")
    closure.add_argument("naam", nargs="?", default="", help="bijv. \"Brugdag\" (standaard: Teamsluiting)")
    closure.add_argument("--as", dest="user", metavar="CODE",
                         help="wie het wijzigt (voor het auditlog); standaard de laatste gebruiker op deze database")
    _common_options(closure)
    from tui.cli_audit import add_parser as add_audit
    from tui.cli_team import add_parser as add_team

    _common_options(add_audit(commands))
    _common_options(add_team(commands))
    return parser


def database_url(args: argparse.Namespace) -> str:
    from tui.paths import default_database_url

    return args.db or os.environ.get("TEAMBORD_DB") or default_database_url()


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    from tui.diagnostics import log_failure, setup_logging, where_to_look

    # Everything this process creates is for this user only (0600/0700): the database's -wal/-shm
    # files, a rotated log, exports written by any code path. models/file_modes.py sets the modes of
    # Teambord's own files explicitly too; the umask is the net under what it does not see.
    from models.file_modes import UMASK

    previous_umask = os.umask(UMASK)
    setup_logging(debug=args.debug)
    try:
        return _dispatch(args)
    except KeyboardInterrupt:
        return 130
    except Exception as error:  # the unforeseen: Dutch on the terminal, details in the log
        log_failure(f"cli:{args.command or 'app'}", error)
        if args.debug:
            raise
        return fail(f"er ging iets onverwachts mis. {where_to_look()} (Met --debug ziet u de details.)")
    finally:
        os.umask(previous_umask)  # an embedding program (or a test) gets its own umask back


def _dispatch(args: argparse.Namespace) -> int:
    if args.command == "db" and args.actie == "opschonen":
        from tui.cli_retention import run as purge

        return purge(args, database_url(args))
    from tui.cli_encrypt import ACTIONS as ENCRYPT_ACTIONS

    if args.command == "db" and args.actie in ENCRYPT_ACTIONS:
        from tui.cli_encrypt import run as encryption

        return encryption(args, database_url(args))
    if args.command == "db":
        return _db_command(args.actie, database_url(args))
    if args.command == "seed":
        return _seed_command(args.soort, database_url(args), args.factor)
    if args.command == "demo":
        return _run_demo(args)
    if args.command == "export" and args.export_command == "verslag":
        return _export_verslag(args, database_url(args))
    if args.command == "export" and args.export_command == "ics":
        return _export_ics(args, database_url(args))
    if args.command == "medewerker":
        from tui.cli_team import run as team

        return team(args, database_url(args))
    if args.command == "audit":
        from tui.cli_audit import run as audit

        return audit(args, database_url(args))
    if args.command == "sluitingsdag":
        from tui.cli_closure import run

        return run(args, database_url(args))
    return _run_app(database_url(args), args.user, masked=args.maskeren, debug=args.debug)


def _run_app(url: str, user: str | None, *, masked: bool, demo: bool = False, debug: bool = False) -> int:
    from tui.dbfile import DatabaseProblem, check_sqlite_file, sqlite_path
    from tui.diagnostics import where_to_look

    path = sqlite_path(url)
    key = None
    if path is not None:
        try:  # before the screen switches: a plain message in the terminal, no UI flash
            check_sqlite_file(path, encrypted_ok=True)
            # An encrypted file: its key now, in the terminal (env, keyring or prompt), not in the UI.
            from tui.encryption import database_key_for

            key = database_key_for(url)
        except DatabaseProblem as problem:
            from tui.diagnostics import log_failure

            log_failure(f"startup:{problem.step}", problem)
            return fail(f"{describe_problem(problem)}\n{where_to_look()}")
    from tui.app import TeambordApp
    from tui.settings import LaunchSettings

    settings = LaunchSettings(database_url=url, user_code=user.upper() if user else None, demo=demo, masked=masked,
                              debug=debug, database_key=key)
    result = TeambordApp(settings).run()
    return result if isinstance(result, int) else 0


def _run_demo(args: argparse.Namespace) -> int:
    folder = Path(tempfile.mkdtemp(prefix="teambord-demo-"))
    try:
        with _removed_when_killed(folder):
            return _run_app(f"sqlite:///{folder / 'demo.db'}", args.user, masked=args.maskeren, demo=True,
                            debug=args.debug)
    finally:
        shutil.rmtree(folder, ignore_errors=True)  # the demo leaves nothing behind


@contextmanager
def _removed_when_killed(folder: Path) -> Iterator[None]:
    """Remove `folder` also when the terminal window is closed (SIGHUP) or the process is told to stop
    (SIGTERM). Both end a process without running its `finally` blocks, which left a demo database
    in the temp folder: the handler removes the folder, then dies of the same signal, as before."""
    wanted = [getattr(signal, name) for name in ("SIGHUP", "SIGTERM") if hasattr(signal, name)]

    def stop(signum, _frame) -> None:
        shutil.rmtree(folder, ignore_errors=True)
        signal.signal(signum, signal.SIG_DFL)
        os.kill(os.getpid(), signum)

    previous = {}
    try:
        for number in wanted:
            previous[number] = signal.signal(number, stop)
    except ValueError:  # not the main thread (an embedding program): it cleans up itself
        pass
    try:
        yield
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)


def _signed_in(database, code: str):
    """The Actor for `code` after its passphrase (tui/cli_signin.py), or the exit code of a refusal."""
    from tui.cli_signin import signed_in_actor

    actor = signed_in_actor(database, code)
    if isinstance(actor, str):
        database.dispose()
        return fail(actor)
    return actor



def _db_command(action: str, url: str) -> int:
    from tui.db import open_database, read_schema_state, schema_state
    from tui.dbfile import DatabaseProblem
    from tui.diagnostics import log_failure, where_to_look

    try:
        if action == "upgrade":
            database = open_database(url, migrate=True, find_key=True)
            state = schema_state(database.engine)
            database.dispose()
            print(f"Database is bijgewerkt: schema {state.current}.")
            return 0
        from tui.encryption import database_key_for

        state = read_schema_state(url, database_key_for(url))
    except DatabaseProblem as problem:
        log_failure(f"db-{action}:{problem.step}", problem)
        return fail(f"{describe_problem(problem)}\n{where_to_look()}")
    if not state.known:
        return fail(f"de database heeft schema {state.current}, nieuwer dan deze Teambord kent. Werk Teambord bij.")
    if not state.up_to_date:
        print(f"Schema {state.current or 'leeg'} is verouderd; nieuwste is {state.head}. Voer 'teambord db upgrade' uit.")
        return 1
    print(f"Database is in orde: schema {state.current}.")
    return 0


def _seed_command(kind: str, url: str, factor: float) -> int:
    from tui.db import DatabaseProblem, open_database

    try:
        database = open_database(url, find_key=True)
    except DatabaseProblem as problem:
        return fail(describe_problem(problem))
    from sqlmodel import Session, select

    from models.tables.workers import Worker

    with Session(database.engine) as session:
        if session.exec(select(Worker.id)).first() is not None:
            return fail("deze database bevat al gegevens; seed vult alleen een lege database.")
    if kind == "demo":
        from fixtures.demo import seed_demo

        seed_demo(database.engine)
        print("Demo-team aangemaakt.")
    else:
        from fixtures.scale import estimated_rows, seed_scale
        from tui.progress import progress_bar

        done: dict[str, int] = {}
        with progress_bar("Schaalgegevens", estimated_rows(factor)) as advance:
            def inserted(table: str, rows: int) -> None:
                done[table] = rows
                total = sum(done.values())
                advance(total, table, total=max(total, estimated_rows(factor)))  # the total is an estimate

            counts = seed_scale(database.engine, factor=factor, progress=inserted)
        print("Schaalgegevens aangemaakt: " + ", ".join(f"{table} {count}" for table, count in counts.items()))
    database.dispose()
    return 0


def _open_export(given: str | None, url: str, advance):
    """The export's target and the open database, or the exit code of a Dutch refusal."""
    from models.errors import DomainError
    from tui.db import DatabaseProblem, open_database

    try:
        target = export_target(given)
        advance(0, "database openen")
        return target, open_database(url, find_key=True)
    except DatabaseProblem as problem:
        return fail(describe_problem(problem))
    except DomainError as problem:  # the export folder cannot be made
        return fail(str(problem))


def _export_verslag(args: argparse.Namespace, url: str) -> int:
    """`teambord export verslag --date JJJJ-MM-DD [--namen] [-o PAD]`: masked unless --namen."""
    from datetime import date

    try:
        day = date.fromisoformat(args.date)
    except ValueError:
        return fail(f"ongeldige datum '{args.date}'; schrijf hem als JJJJ-MM-DD, bijv. 2026-11-24.")
    code = acting_code(args.user, url)
    if not code:
        return fail("geef met --as CODE aan wie exporteert (dat komt in het auditlog).")
    if args.namen and not args.ja:  # an export with initials is a choice made on purpose
        from tui.cli_confirm import ask, interactive

        if not interactive():
            return fail("een verslag met namen vraagt om bevestiging: voeg --ja toe.")
        if not ask("Het verslag wordt NIET gemaskeerd (met initialen en namen). Doorgaan?"):
            print("Niets geëxporteerd.")
            return 1
    from models.errors import DomainError
    from tui.progress import progress_bar

    with progress_bar("Verslag", 3) as advance:
        opened = _open_export(args.uit, url, advance)
        if isinstance(opened, int):
            return opened
        target, database = opened
        from sqlmodel import select

        from models.overleg.minutes import export_minutes_on
        from models.tables.workers import Worker

        with database.session() as session:
            if session.exec(select(Worker.id).where(Worker.code == code)).first() is None:
                database.dispose()
                return fail(f"onbekende medewerkercode '{code}'.")
        actor = _signed_in(database, code)
        if isinstance(actor, int):
            return actor
        try:
            with database.session(actor, write=True) as session:
                advance(1, "verslag maken en schrijven")
                path, minutes = export_minutes_on(session, day, target, names=args.namen)
                advance(2, "auditlog")
                session.commit()  # the export's audit entries (models/ functions only flush)
                advance(3, "klaar")
        except DomainError as problem:
            return fail(str(problem))
        except OSError as problem:
            return fail(f"het verslag kon niet worden geschreven ({problem.strerror}).")
        finally:
            database.dispose()
    from models.dutch import count

    masked = "NIET gemaskeerd, met namen" if args.namen else "gemaskeerd"
    print(f"Verslag ({masked}) geschreven: {path} · {count(len(minutes.client_codes), 'cliënt', 'cliënten')} in het auditlog.")
    return 0


def _export_ics(args: argparse.Namespace, url: str) -> int:
    """`teambord export ics --worker CODE --week N [--jaar JJJJ] [-o PAD]`."""
    from models.clock import today
    from models.errors import DomainError
    from tui.progress import progress_bar

    year = args.jaar or today().isocalendar().year
    with progress_bar("Agenda", 3) as advance:
        opened = _open_export(args.uit, url, advance)
        if isinstance(opened, int):
            return opened
        target, database = opened
        from models.file_modes import write_private
        from models.planning.ics_export import export_week

        code = (args.user or args.worker).upper()
        actor = _signed_in(database, code)
        if isinstance(actor, int):
            return actor
        try:
            with database.session(actor, write=True) as session:
                advance(1, "week ophalen")
                export = export_week(session, args.worker, year, args.week)
                if target.is_dir():
                    target = target / export.filename
                advance(2, "schrijven")
                write_private(target, export.content)  # 0600, as every export (models/file_modes.py)
                session.commit()  # the audit entries, only once the file is written
                advance(3, "klaar")
        except DomainError as problem:
            return fail(str(problem))
        except OSError as problem:
            return fail(f"het bestand kon niet worden geschreven ({problem.strerror}).")
        finally:
            database.dispose()
    from models.dutch import count

    print(f"Agenda geschreven: {target} · {count(export.events, 'item', 'items')} (week {args.week} {year}).")
    return 0


if __name__ == "__main__":
    sys.exit(main())
