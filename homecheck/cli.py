"""The command line: the only place that wires Config, Store, Catalog and the App.

Every failure the user can cause ends as one line on stderr and a non-zero exit status,
never a traceback. Messages name files and ids, never a client's name or notes.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, NoReturn

if TYPE_CHECKING:
    import argparse
    from collections.abc import Iterator

    from homecheck.exchange import ExportOptions
    from homecheck.model import ImportRecord

from homecheck import __version__
from homecheck.checklists import ChecklistError, default_checklists_dir, load_catalog
from homecheck.config import Config, ensure_private_dir, resolve_config
from homecheck.display import visible
from homecheck.files import OutputError, check_target, private_output
from homecheck.model import Catalog
from homecheck.store import Store, StoreError, is_writable, needs_upgrade

EXIT_OK = 0
EXIT_FAIL = 1


class CliError(Exception):
    """A problem to report as one line; the message is already user-facing."""


EXIT_USAGE = 2
EXIT_BROKEN_PIPE = 141  # 128 + SIGPIPE, what a shell reports for `yes | head`


def build_parser() -> argparse.ArgumentParser:
    import argparse

    class Parser(argparse.ArgumentParser):
        """argparse with a usage error as one line and exit status 2 (as documented)."""

        def error(self, message: str) -> NoReturn:
            self.exit(EXIT_USAGE, f"homecheck: {visible(message)} (try: {self.prog} --help)\n")

    parser = Parser(
        prog="homecheck",
        description="Home fall-risk assessment with osteoporosis-aware body mechanics.",
    )
    parser.add_argument("--version", action="version", version=f"homecheck {__version__}")
    parser.add_argument("--db", metavar="PATH", help="database file (default: user data dir)")
    parser.add_argument("--reports-dir", metavar="DIR", help="where PDF reports are written")
    parser.add_argument("--checklists", metavar="DIR", help="checklist folder (default: shipped)")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    commands.add_parser("tui", help="open the app (the default)")
    commands.add_parser("demo", help="add a fictional demo client with a completed visit")
    serving = commands.add_parser("serve", help="open the app in your browser (this computer only)")
    serving.add_argument("--port", type=int, default=8421, help="port on 127.0.0.1 (default 8421)")
    serving.add_argument("--no-open", action="store_true", help="print the address, open nothing")

    checklists = commands.add_parser("checklists", help="validate or list the checklists")
    checklist_commands = checklists.add_subparsers(dest="checklists_command", required=True)
    validate = checklist_commands.add_parser("validate", help="check every checklist file")
    validate.add_argument("dir", nargs="?", help="folder to check (default: the shipped one)")
    listing = checklist_commands.add_parser("list", help="sections with item counts")
    listing.add_argument("--json", action="store_true", help="machine-readable output")

    clients = commands.add_parser("clients", help="list clients")
    clients.add_argument("--json", action="store_true", help="machine-readable output")

    visits = commands.add_parser("visits", help="list visits")
    visits.add_argument("client_id", nargs="?", type=int, help="only this client's visits")
    visits.add_argument("--json", action="store_true", help="machine-readable output")

    report = commands.add_parser("report", help="write a visit's PDF report")
    report.add_argument("visit_id", type=int)
    report.add_argument(
        "--audience",
        choices=("clinician", "household", "landlord"),
        default="clinician",
        help="clinician report (default), plain-language household handout, or a one-page"
        " letter to the landlord or building manager",
    )
    report.add_argument("--large-print", action="store_true", help="16 pt body text")
    report.add_argument(
        "--appendix", action="store_true", help="add every item and its answer (clinician)"
    )
    report.add_argument(
        "--compare",
        type=int,
        metavar="PREVIOUS_ID",
        help="compare with this earlier visit (default: the client's previous completed one)",
    )
    report.add_argument("-o", "--output", metavar="FILE", help="PDF path to write")

    export = commands.add_parser("export", help="export clients and visits as JSON or CSV")
    export.add_argument("--visit", type=int, metavar="ID", help="only this visit (and its client)")
    export.add_argument("--format", choices=("json", "csv", "fhir"), default="json")
    export.add_argument(
        "--deidentify",
        action="store_true",
        help="no names, contacts, addresses, birth dates or free text; dates shifted",
    )
    export.add_argument(
        "--keep-notes",
        action="store_true",
        help="with --deidentify: keep notes, with names, address and contact removed",
    )
    export.add_argument(
        "--fhir-transaction",
        action="store_true",
        help="with --format fhir: a transaction Bundle a FHIR server accepts as one unit",
    )
    export.add_argument("-o", "--output", metavar="FILE", help="file to write (default: stdout)")

    importing = commands.add_parser(
        "import", help="merge JSON exports in (all checked first; all or nothing)"
    )
    importing.add_argument("files", nargs="+", metavar="FILE.json")

    view = commands.add_parser(
        "agency-view", help="browse the database with Datasette, read-only (homecheck[agency])"
    )
    view.add_argument("--db", dest="view_db", metavar="PATH", help="database file to view")
    view.add_argument("--port", type=int, default=8001, help="port on 127.0.0.1 (0: any free)")
    view.add_argument("--no-open", action="store_true", help="do not open a web browser")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    if not argv:
        # Plain `homecheck` (how `make run` starts the app): nothing to parse, so argparse
        # and the parser's construction stay off the path to the first frame.
        return _guarded(lambda: _run_tui(resolve_config()))
    parser = build_parser()
    args = parser.parse_args(argv)
    if getattr(args, "keep_notes", False) and not args.deidentify:
        parser.error("--keep-notes goes with --deidentify (a full export keeps every note)")
    if getattr(args, "fhir_transaction", False) and args.format != "fhir":
        parser.error("--fhir-transaction goes with --format fhir")

    def run() -> int:
        config = resolve_config(
            db=getattr(args, "view_db", None) or args.db,
            reports_dir=args.reports_dir,
            checklists_dir=args.checklists,
        )
        return _dispatch(args, config)

    return _guarded(run)


def _guarded(command: Callable[[], int]) -> int:
    """Run a command; every failure becomes one line on stderr and a non-zero status."""
    try:
        code = command()
        sys.stdout.flush()  # a closed pipe shows here, not at exit
        return code
    except BrokenPipeError:
        return _quiet_after_broken_pipe()
    except (CliError, StoreError, OutputError) as error:
        print(f"homecheck: {error}", file=sys.stderr)
        return EXIT_FAIL
    except ChecklistError as error:
        for problem in error.problems:
            print(f"homecheck: checklists: {problem}", file=sys.stderr)
        return EXIT_FAIL
    except KeyboardInterrupt:
        return 130
    except Exception as error:
        # Only the type: a library's message can quote a client's name or notes.
        print(
            f"homecheck: internal error ({type(error).__name__}); nothing was changed."
            " Please report it with the command you ran.",
            file=sys.stderr,
        )
        return EXIT_FAIL


def _quiet_after_broken_pipe() -> int:
    """The reader of our output has gone (`homecheck export | head`): stop quietly.

    Python's recipe: point stdout at devnull, so the flush at exit does not fail again.
    """
    import os

    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):
        pass  # stdout without a file descriptor (tests): nothing will flush at exit
    return EXIT_BROKEN_PIPE


def _dispatch(args: argparse.Namespace, config: Config) -> int:
    command = args.command or "tui"
    if command == "checklists":
        if args.checklists_command == "validate":
            return _validate(args.dir or config.checklists_dir)
        return _list_checklists(_catalog(config), as_json=args.json)
    if command == "tui":
        return _run_tui(config)
    if command == "import":
        return _import(config, [Path(name) for name in args.files])
    if command == "agency-view":
        return _agency_view(config, args)
    if command == "serve":
        return _serve(config, args)
    store = _open_store(config, read_only=command in _READ_ONLY_COMMANDS)
    try:
        if command == "demo":
            return _demo(store, _catalog(config))
        if command == "clients":
            return _clients(store, as_json=args.json)
        if command == "visits":
            return _visits(store, args.client_id, as_json=args.json)
        if command == "report":
            return _report(store, _catalog(config), config, args)
        if command == "export":
            return _export(store, _catalog(config), args)
    finally:
        store.close()
    raise CliError(f"unknown command {command}")


def _catalog(config: Config) -> Catalog:
    return load_catalog(config.checklists_dir, cache_dir=config.cache_dir)


# Commands that only read open the database read-only, so a read-only file still reads.
_READ_ONLY_COMMANDS = frozenset({"clients", "visits", "report", "export"})


def _open_store(config: Config, *, read_only: bool = False) -> Store:
    """Open the database; what the store tightened on the way is said once, on stderr.

    A reading command on an older database that may be written upgrades it (with a
    backup first), as any command always has; otherwise it reads without writing.
    """
    path = config.db_path
    if read_only and path.is_file() and not (is_writable(path) and needs_upgrade(path)):
        store = Store(path, read_only=True)
    else:
        if config.db_is_default:
            ensure_private_dir(path.parent)
        store = Store(path)
    for notice in store.notices:
        print(f"homecheck: {notice}", file=sys.stderr)
    return store


def _validate(directory: str | Path | None) -> int:
    folder = Path(directory) if directory else default_checklists_dir()
    catalog = load_catalog(folder)
    items = sum(len(section.items) for section in catalog.sections)
    print(
        f"ok: {len(catalog.sections)} sections, {items} items, {len(catalog.techniques)}"
        f" techniques, {len(catalog.precautions)} precautions, {len(catalog.flags)} flags"
        f" (content {catalog.content_hash})"
    )
    return EXIT_OK


def _list_checklists(catalog: Catalog, *, as_json: bool) -> int:
    rows: list[dict[str, Any]] = [
        {
            "id": section.id,
            "title": section.title,
            "kind": section.kind.value,
            "items": len(section.items),
            "high": sum(1 for i in section.items if i.priority.value == "high"),
        }
        for section in catalog.sections
    ]
    if as_json:
        print(json.dumps({"content_hash": catalog.content_hash, "sections": rows}, indent=2))
        return EXIT_OK
    width = max(len(str(row["id"])) for row in rows)
    print(f"{'section':<{width}}  {'kind':<14}  items  high  title")
    for row in rows:
        print(
            f"{row['id']:<{width}}  {row['kind']:<14}  {row['items']:>5}  {row['high']:>4}"
            f"  {row['title']}"
        )
    total = sum(row["items"] for row in rows)
    print(f"{len(rows)} sections, {total} items")
    return EXIT_OK


def _run_tui(config: Config) -> int:
    catalog = _catalog(config)
    store = _open_store(config)
    try:
        from homecheck.ui.app import HomecheckApp

        app = HomecheckApp(store=store, catalog=catalog, config=config)
        app.run()
    finally:
        store.close()
    # After a crash Textual sets 1 and has printed only the CrashReport line.
    return app.return_code or EXIT_OK


def _serve(config: Config, args: argparse.Namespace) -> int:
    """Checklists and database are opened once here, so a problem with either is one line
    now rather than a failure in the browser; each tab's app gets the same options."""
    from homecheck.serve import ServeError, app_command, serve

    _catalog(config)
    _open_store(config).close()
    options: list[str] = []
    for flag, value in (
        ("--db", args.db),
        ("--reports-dir", args.reports_dir),
        ("--checklists", args.checklists),
    ):
        if value:
            options += [flag, str(Path(value).expanduser().absolute())]
    try:
        return serve(app_command(options), port=args.port, open_browser=not args.no_open)
    except ServeError as error:
        raise CliError(str(error)) from None


def _demo(store: Store, catalog: Catalog) -> int:
    from homecheck.demo import add_demo

    client, visit = add_demo(store, catalog)
    print(f"demo client {client.id} with completed visit {visit.id}")
    print(f"try: homecheck report {visit.id}")
    return EXIT_OK


def _clients(store: Store, *, as_json: bool) -> int:
    clients = store.list_clients()
    if as_json:
        rows: list[dict[str, Any]] = [
            {
                "id": c.id,
                "name": c.name,
                "birth_date": c.birth_date.isoformat() if c.birth_date else None,
                "address": c.address,
                "flags": sorted(c.flags),
            }
            for c in clients
        ]
        _print_json(rows)
        return EXIT_OK
    for client in clients:
        print(f"{client.id:>5}  {visible(client.name)}")
    if not clients:
        print("no clients yet (try: homecheck demo)")
    return EXIT_OK


def _print_json(rows: list[dict[str, Any]]) -> None:
    """JSON for a terminal or a program: C0 controls are escaped by json itself, C1 and
    bidirectional controls by us, so no raw escape sequence reaches the terminal while the
    values read back exactly."""
    from homecheck.exchange import escape_json_text

    print(escape_json_text(json.dumps(rows, indent=2, ensure_ascii=False)))


def _visits(store: Store, client_id: int | None, *, as_json: bool) -> int:
    if client_id is not None:
        store.get_client(client_id)
    visits = store.list_visits(client_id)
    if as_json:
        rows = [
            {
                "id": v.id,
                "client_id": v.client_id,
                "date": v.visit_date.isoformat(),
                "assessor": v.assessor,
                "role": v.role.value,
                "mode": v.mode.value,
                "status": v.status.value,
                "content_hash": v.content_hash,
            }
            for v in visits
        ]
        _print_json(rows)
        return EXIT_OK
    for visit in visits:
        print(
            f"{visit.id:>5}  client {visit.client_id:>5}  {visit.visit_date.isoformat()}"
            f"  {visit.status.value}"
        )
    if not visits:
        print("no visits")
    return EXIT_OK


def _report(store: Store, catalog: Catalog, config: Config, args: argparse.Namespace) -> int:
    from homecheck.pdf import new_report_path, render_letter, render_pdf
    from homecheck.report import Audience, build_letter, build_report_for_visit, load_visit

    if args.audience == "landlord":
        letter = build_letter(catalog, load_visit(store, catalog, args.visit_id))
        if not letter.findings:
            raise CliError(
                f"visit {args.visit_id}: nothing for a landlord (no building repair in a home"
                " marked rented, and no action a landlord has taken on)"
            )
        out = _report_target(
            config,
            args,
            lambda folder: new_report_path(folder, letter, large_print=args.large_print),
        )
        render_letter(letter, out, large_print=args.large_print, exclusive=True)
        print(out)
        return EXIT_OK
    audience = Audience(args.audience)
    data = build_report_for_visit(
        store,
        catalog,
        args.visit_id,
        audience=audience,
        compare_to=args.compare,
        appendix=args.appendix,
    )
    out = _report_target(
        config, args, lambda folder: new_report_path(folder, data, large_print=args.large_print)
    )
    render_pdf(data, out, large_print=args.large_print, exclusive=True)
    print(out)
    return EXIT_OK


def _report_target(
    config: Config, args: argparse.Namespace, name_in: Callable[[Path], Path]
) -> Path:
    """`-o FILE`, refused at once if it is a folder, a device or an existing file; else
    the next unused name in the reports folder. A report is never replaced: it may be
    the copy someone signed."""
    if args.output:
        out = Path(args.output)
        check_target(out)
        if os.path.lexists(out):
            raise CliError(f"{out} exists; not replacing a report (choose another name)")
        return out
    ensure_private_dir(config.reports_dir)
    try:
        return name_in(config.reports_dir)
    except FileExistsError as error:
        raise CliError(str(error)) from None


def _export(store: Store, catalog: Catalog, args: argparse.Namespace) -> int:
    """Stream the export, client by client, to stdout or a private file renamed into place
    when complete."""
    from homecheck.exchange import write_csv, write_json

    options: ExportOptions = {
        "visit_id": args.visit,
        "deidentify": args.deidentify,
        "keep_notes": args.keep_notes,
    }

    def write(handle: IO[str]) -> None:
        if args.format == "fhir":
            _write_fhir(store, catalog, handle, options, transaction=args.fhir_transaction)
        elif args.format == "csv":
            write_csv(store, catalog, handle, **options)
        else:
            write_json(store, handle, **options)

    if args.visit is not None:
        store.get_visit(args.visit)  # an unknown id is refused before anything is written
    if not args.output:
        write(sys.stdout)
        return EXIT_OK
    out = Path(args.output)
    with private_output(out) as handle:
        write(handle)
    print(out)
    return EXIT_OK


def _write_fhir(
    store: Store,
    catalog: Catalog,
    handle: IO[str],
    options: ExportOptions,
    *,
    transaction: bool,
) -> None:
    from homecheck.exchange.fhir_export import write_fhir
    from homecheck.report import load_visit

    write_fhir(
        store,
        catalog,
        handle,
        load=lambda visit_id: load_visit(store, catalog, visit_id),
        transaction=transaction,
        **options,
    )


def _import(config: Config, paths: list[Path]) -> int:
    """Read and check every file before opening the database, so a refused import leaves
    no new database file behind; then merge them all in one transaction."""
    from homecheck.display import counted, visible
    from homecheck.exchange.format import IMPORT_KEPT_BYTES, ExchangeError
    from homecheck.exchange.reader import read_import, read_import_file

    catalog = _catalog(config)
    # The file's name is the user's own (it was typed); shown safe for the terminal.
    names = [visible(str(path)) for path in paths]
    kept: list[list[ImportRecord] | None] = []
    size = 0
    for path, name in zip(paths, names, strict=True):
        try:
            text = read_import_file(path)
            records = read_import(text, catalog)
        except ExchangeError as error:
            raise CliError(f"import: {name}: {error}; nothing was imported") from None
        # Files past the first IMPORT_KEPT_BYTES are read again when merged, so memory
        # holds about one file at a time however many are imported (the bench's 100
        # files took 300 MB when all were kept).
        size += len(text)
        kept.append(records if size <= IMPORT_KEPT_BYTES else None)
        del text, records

    def files() -> Iterator[tuple[str, list[ImportRecord]]]:
        """Each file's records, read again if not kept; one that no longer passes (it
        changed since it was checked) undoes the whole import."""
        for path, name, records in zip(paths, names, kept, strict=True):
            # The store names a place it refuses as "NAME: clients[0]...", as errors here do.
            if records is not None:
                yield f"import: {name}", records
                continue
            try:
                yield f"import: {name}", read_import(read_import_file(path), catalog)
            except ExchangeError as error:
                raise CliError(f"import: {name}: {error}; nothing was imported") from None

    store = _open_store(config)
    try:
        summary = store.import_files(files())
    finally:
        store.close()
    for conflict in summary.conflicts:
        print(conflict.line())
    print(f"imported {counted(len(paths), 'file')}: " + summary.line())
    return EXIT_OK


def _agency_view(config: Config, args: argparse.Namespace) -> int:
    """Datasette over the database, read-only, until Ctrl+C; the database is never
    created or upgraded here (an older one is refused, as read-only commands do)."""
    if not 0 <= args.port <= 65535:
        raise CliError(f"--port {args.port}: a port is a number from 0 to 65535")
    from homecheck.agency import AgencyViewError, serve

    try:
        serve(config.db_path, _catalog(config), port=args.port, open_browser=not args.no_open)
    except AgencyViewError as error:
        raise CliError(str(error)) from None
    return EXIT_OK
