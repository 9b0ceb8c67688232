"""The ``valuenet`` command: a thin layer over the same functions the API uses.

Errors are one readable line on stderr and a non-zero exit code, never a traceback.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import shutil
import signal
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from service.collector import tune_collector
from service.engines.base import Engine, Result
from service.errors import EngineLockedError, EngineUnavailable, InvalidParameter, ValuenetError
from service.settings import Settings

if TYPE_CHECKING:
    from service.queries import Catalog

__all__ = ["main"]

EXIT_ERROR = 1
EXIT_USAGE = 2


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the console script; returns the exit code."""
    args = _parser().parse_args(argv)
    tune_collector()
    try:
        return int(args.run(args))
    except ValuenetError as exc:
        _fail(str(exc))
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # the promise: one line, never a traceback
        _fail(f"internal error: {type(exc).__name__}: {exc}")
    return EXIT_ERROR


def _fail(message: str) -> None:
    first, _, rest = message.partition("\n")
    print(f"valuenet: error: {first}", file=sys.stderr)
    if rest:  # the engine's log tail, when it is part of the message
        print(rest, file=sys.stderr)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="valuenet", description="Value network analytics on a graph database.")
    commands = parser.add_subparsers(required=True, metavar="COMMAND")

    demo = commands.add_parser("demo", help="serve the API on the embedded engine with demo data")
    demo.add_argument("--host", default="127.0.0.1")
    demo.add_argument("--port", type=int, default=8000)
    demo.add_argument("--data-dir", type=Path, help="embedded data directory (default: user data)")
    demo.set_defaults(run=_demo)

    serve = commands.add_parser("serve", help="serve the API on the configured engine")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8000)
    serve.set_defaults(run=_serve)

    load = commands.add_parser("import", help="import a dataset (folder or .zip) into the configured engine")
    load.add_argument("path", type=Path, help="a folder or .zip of tables (CSV, Parquet, JSON lines)")
    load.add_argument("--replace", action="store_true", help="replace the whole graph by the dataset")
    load.set_defaults(run=_import)

    export = commands.add_parser(
        "export",
        help="write the graph as a dataset (re-importable), as neo4j-admin's import files, or as one GraphML or "
        "GEXF file",
    )
    export.add_argument(
        "out",
        type=Path,
        help="folder to write the tables into (new or empty for neo4j-admin); the file, for graphml and gexf",
    )
    export.add_argument(
        "--format",
        choices=("csv", "parquet", "neo4j-admin", "graphml", "gexf"),
        default="csv",
        help="neo4j-admin: the files of `neo4j-admin database import full` and its command line (printed, "
        "and in the folder), the fastest initial load of a Neo4j database; graphml, gexf: the whole graph "
        "in one file (Gephi, yEd, Cytoscape, networkx)",
    )
    export.set_defaults(run=_export)

    generate = commands.add_parser("generate", help="write a realistic generated industry as a dataset")
    generate.add_argument("--companies", type=int, required=True, help="how many companies")
    generate.add_argument("--seed", type=int, default=1, help="same seed, same dataset")
    generate.add_argument("--out", type=Path, required=True, help="folder to write the tables into")
    generate.add_argument("--format", choices=("csv", "parquet"), default="csv")
    generate.set_defaults(run=_generate)

    modules = commands.add_parser("modules", help="list the questions (query modules)")
    modules.add_argument("--format", choices=("table", "json"), default="table")
    modules.set_defaults(run=_modules)

    query = commands.add_parser(
        "query",
        help="answer one question",
        add_help=False,  # with a NAME, --help describes that module
        description="Answer one question. `valuenet query NAME --help` lists its parameters and columns.",
    )
    query.add_argument("name", nargs="?", help="the module, see `valuenet modules`")
    query.add_argument(
        "-h", "--help", action="store_true", help="show this help, or with NAME the module's parameters and columns"
    )
    query.add_argument(
        "--param",
        "-p",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="a parameter; lists as comma-separated values; repeatable",
    )
    query.add_argument("--format", choices=("table", "json", "csv"), default="table")
    query.add_argument(
        "--url",
        help="ask the valuenet server at this URL (e.g. http://127.0.0.1:8000); by default a server "
        "holding the data directory is asked, else the engine is opened here",
    )
    query.set_defaults(run=_query, parser=query)
    return parser


def _demo(args: argparse.Namespace) -> int:
    from service.demo import DEMO_DIR
    from service.engines import open_engine
    from service.ingest.importer import import_dataset

    settings = Settings()
    url = f"embedded://{args.data_dir.resolve()}" if args.data_dir else "embedded:"
    settings = settings.model_copy(update={"database_url": url, "graph": "demo"})
    engine = open_engine(settings)
    try:
        if not engine.read("MATCH (n) RETURN n.id AS id LIMIT 1").rows:
            summary = import_dataset(engine, DEMO_DIR)
            print(f"valuenet: loaded the demo ecosystem ({sum(summary.rows.values())} rows)", file=sys.stderr)
        return _run_api(engine, settings, args.host, args.port)
    finally:
        engine.close()


def _serve(args: argparse.Namespace) -> int:
    from service.engines import open_engine

    settings = Settings()
    engine = open_engine(settings)
    try:
        return _run_api(engine, settings, args.host, args.port)
    finally:
        engine.close()


def _run_api(engine: Engine, settings: Settings, host: str, port: int) -> int:
    import uvicorn

    from service.analytics import build_in_background, load_catalog
    from service.api import create_app
    from service.ingest.scratch import remove_leftovers
    from service.remote import advertised, local_url

    remove_leftovers()
    print(f"valuenet: serving on http://{host}:{port} (app: /, questions: /v1/queries, docs: /docs)", file=sys.stderr)
    catalog = load_catalog()
    build_in_background(engine, catalog, lambda line: print(f"valuenet: {line}", file=sys.stderr))
    # uvicorn re-raises SIGTERM once it has shut down; make that an orderly exit so the
    # caller's ``finally`` still stops the engine.
    signal.signal(signal.SIGTERM, _exit_on_signal)
    data_dir = settings.target().data_dir  # an embedded engine's: `valuenet query` finds the server there
    with advertised(data_dir, local_url(host, port)) if data_dir else contextlib.nullcontext():
        uvicorn.run(create_app(engine, catalog), host=host, port=port, log_level="warning")
    return 0


def _exit_on_signal(signum: int, _frame: object) -> None:
    raise SystemExit(128 + signum)


def _import(args: argparse.Namespace) -> int:
    from service.engines import open_engine
    from service.ingest.importer import import_dataset
    from service.progress import ProgressLine

    settings = Settings()
    engine = open_engine(settings)
    progress = ProgressLine()
    try:
        summary = import_dataset(
            engine,
            args.path,
            replace=args.replace,
            progress=progress,
            limits=settings.import_limits(),
        )
    finally:
        progress.close()
        engine.close()
    rows = sum(summary.rows.values())
    tables = ", ".join(f"{name} {count:,}" for name, count in summary.rows.items())
    print(
        f"valuenet: imported {rows:,} rows in {summary.seconds:,.1f} s "
        f"({rows / max(summary.seconds, 1e-6):,.0f} rows/s, {summary.method}): "
        f"{tables}",
        file=sys.stderr,
    )
    return 0


def _export(args: argparse.Namespace) -> int:
    from service.engines import open_engine
    from service.graph_files import GRAPH_FORMATS, whole_graph, write_file
    from service.ingest.export import export_dataset, exported_tables
    from service.ingest.neo4j_admin import check_target, export_neo4j_admin
    from service.progress import ProgressLine

    settings = Settings()
    if args.format == "neo4j-admin":
        check_target(args.out)  # before the engine starts
    if args.format in GRAPH_FORMATS and args.out.is_dir():
        raise InvalidParameter("out", f"{args.out} is a folder; {args.format} is one file, name it")
    engine = open_engine(settings)
    progress = ProgressLine()
    try:
        if args.format == "neo4j-admin":
            admin = export_neo4j_admin(
                engine, args.out, settings.neo4j_database, lambda table, rows: progress("export", table, rows)
            )
            written = {f.name: f.rows for f in admin.files}
        elif args.format in GRAPH_FORMATS:
            tables = list(exported_tables(engine, lambda table, rows: progress("export", table, rows)))
            write_file(whole_graph(tables), args.out, args.format)
            written = {table.name: arrow.num_rows for table, arrow in tables}
        else:
            written = export_dataset(engine, args.out, args.format, lambda table, rows: progress("export", table, rows))
    finally:
        progress.close()
        engine.close()
    graph = args.format in GRAPH_FORMATS
    into = f"the {args.format} file {args.out}" if graph else f"{len(written)} tables in {args.out}"
    print(f"valuenet: exported {sum(written.values()):,} rows into {into}", file=sys.stderr)
    if args.format == "neo4j-admin":
        print(admin.command(settings.neo4j_database))
    return 0


def _generate(args: argparse.Namespace) -> int:
    from service.ingest.generate import generate_dataset
    from service.progress import ProgressLine

    progress = ProgressLine()
    try:
        written = generate_dataset(
            args.companies, args.seed, args.out, args.format, lambda table, rows: progress("generate", table, rows)
        )
    except ValueError as exc:
        raise InvalidParameter("companies" if "compan" in str(exc) else "seed", str(exc)) from None
    finally:
        progress.close()
    print(f"valuenet: generated {sum(written.values()):,} rows into {args.out}", file=sys.stderr)
    return 0


def _modules(args: argparse.Namespace) -> int:
    from service.analytics import load_catalog
    from service.api.routes.queries import describe
    from service.engines.base import Result
    from service.formats import to_table

    catalog = load_catalog()
    if args.format == "json":
        print(json.dumps([describe(m) for m in catalog], indent=2))
        return 0
    rows = [[m.name, ", ".join(p.name + ("*" if p.required else "") for p in m.params), m.summary] for m in catalog]
    print(to_table(Result(["name", "parameters (* required)", "summary"], rows), _terminal_width()))
    return 0


def _query(args: argparse.Namespace) -> int:
    from service.analytics import load_catalog
    from service.formats import to_csv, to_json, to_table
    from service.queries.usage import module_help
    from service.remote import ask_server

    if args.name is None:
        if args.help:
            args.parser.print_help()
            return 0
        args.parser.error("the following arguments are required: name")
    if args.help:
        print(module_help(load_catalog().get(args.name), _terminal_width()))
        return 0
    given: dict[str, str] = {}
    for item in args.param:
        key, sep, value = item.partition("=")
        if not sep or not key:
            raise InvalidParameter(item, "expected --param KEY=VALUE")
        given[key.strip()] = value
    catalog = load_catalog()
    module = catalog.get(args.name)  # an unknown name fails before the engine starts
    if args.url:
        result, params = ask_server(args.url, module.name, given)
    else:
        result, params = _answer_here_or_by_the_server(catalog, module.name, given)
    if args.format == "json":
        print(to_json(module, params, result).decode())
    elif args.format == "csv":
        sys.stdout.write(to_csv(result))
    else:
        print(to_table(result, _terminal_width()))
        if result.more:
            print(f"more rows follow: --param offset={params['offset'] + params['limit']}")
    return 0


def _answer_here_or_by_the_server(catalog: Catalog, name: str, given: dict[str, str]) -> tuple[Result, dict[str, Any]]:
    """Run the question on the engine, or ask the server that holds its data directory."""
    from service.engines import open_engine
    from service.queries import run_module
    from service.remote import ask_server, server_url

    settings = Settings()
    try:
        engine = open_engine(settings)
    except EngineLockedError as locked:
        data_dir = settings.target().data_dir
        url = server_url(data_dir) if data_dir else None
        if url is None:
            raise
        try:
            return ask_server(url, name, given)
        except EngineUnavailable:  # a file a killed server left, and another process holds the lock
            raise locked from None
    try:
        return run_module(engine, catalog, name, given)
    finally:
        engine.close()


def _terminal_width() -> int:
    """The terminal's width (``COLUMNS`` if set; 80 when not a terminal)."""
    return shutil.get_terminal_size().columns
