"""The ``kgraph`` command line: thin wrappers over the Python API."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

import click
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
from rich.table import Table

from kgraph._version import __version__
from kgraph.errors import KgraphError

if TYPE_CHECKING:
    from kgraph.ingest.reader import Format

console = Console(stderr=True)


def parse_overrides(values: tuple[str, ...]) -> dict[str, Any]:
    """Turn ``--set section.key=value`` options into a dict; values are JSON when they parse."""
    overrides: dict[str, Any] = {}
    for item in values:
        if "=" not in item:
            raise click.BadParameter(f"{item!r} is not KEY=VALUE, e.g. kgraph.link.max_links_per_paper=5")
        key, raw = item.split("=", 1)
        try:
            overrides[key.strip()] = json.loads(raw)
        except json.JSONDecodeError:
            overrides[key.strip()] = raw
    return overrides


class KgraphGroup(click.Group):
    """Turns KgraphError into a one-line message and an exit code (the error's ``exit_code``,
    default 1; e.g. 3 = Neo4j unreachable, 4 = Neo4j login refused), without a traceback."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except KgraphError as error:
            exception = click.ClickException(str(error))
            exception.exit_code = getattr(error, "exit_code", 1)  # type: ignore[misc]
            raise exception from None
        except OSError as error:  # disk full, permissions ...: the system's words, without a traceback
            where = f"{error.filename}: " if error.filename else ""
            raise click.ClickException(f"{where}{error.strerror or error}") from None


@click.group(cls=KgraphGroup)
@click.version_option(version=__version__, prog_name="kgraph")
def cli() -> None:
    """kgraph: turn research papers into a knowledge graph of papers, methods,
    datasets, benchmarks, metrics, tasks and code repositories."""


input_options = [
    click.argument("inputs", nargs=-1, required=True),
    click.option(
        "--config",
        "config_path",
        type=click.Path(dir_okay=False),
        help="Config file (default: the packaged one; `kgraph init-config DIR` writes an editable copy).",
    ),
    click.option(
        "--set",
        "overrides",
        multiple=True,
        metavar="KEY=VALUE",
        help="Override a config value, e.g. kgraph.link.max_links_per_paper=5.",
    ),
    click.option(
        "--format",
        "fmt",
        type=click.Choice(["listing", "jsonl", "json", "csv"]),
        help="Force the input format (default: detected from content).",
    ),
    click.option(
        "--skip-bad",
        is_flag=True,
        help="Skip bad records and files, count them in the summary and list them in a report.",
    ),
    click.option(
        "--processes",
        "n_process",
        type=click.IntRange(1, 64),
        default=1,
        show_default=True,
        help="Extraction worker processes.",
    ),
]


def with_input_options(function: Any) -> Any:
    for option in reversed(input_options):
        function = option(function)
    return function


def _progress() -> tuple[Progress, Any]:
    progress = Progress(
        TextColumn("[bold]extracting"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        console=console,
        transient=True,
        disable=not console.is_terminal,
    )
    task = progress.add_task("extract", total=None)

    def update(done: int, total: int) -> None:
        if done % 200 == 0 or done == total:
            progress.update(task, completed=done, total=total)

    return progress, update


def neo4j_options(prefix: str, uri: str | None) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """--uri/--user/--password (or --neo4j-uri ... on build); the password never comes from files."""
    dest = prefix.replace("-", "_")
    options = [
        click.option(
            f"--{prefix}uri",
            f"{dest}uri",
            default=uri,
            show_default=bool(uri),
            help="Bolt URI of the server.",
        ),
        click.option(f"--{prefix}user", f"{dest}user", default="neo4j", show_default=True),
        click.option(
            f"--{prefix}password",
            f"{dest}password",
            envvar="NEO4J_PASSWORD",
            help="Password (default: $NEO4J_PASSWORD; none for a server without authentication).",
        ),
    ]

    def decorate(function: Callable[..., Any]) -> Callable[..., Any]:
        for option in reversed(options):
            function = option(function)
        return function

    return decorate


@cli.command()
@with_input_options
@click.option(
    "--out",
    "out_dir",
    type=click.Path(file_okay=False),
    default="exports",
    show_default=True,
    help="Output folder.",
)
@click.option(
    "--update",
    is_flag=True,
    help="Re-extract only new or changed papers (content hash) of the build in OUT; drop vanished ones.",
)
@click.option("--no-html", is_flag=True, help="Do not write the graph.html explorer.")
@neo4j_options("neo4j-", None)
def build(
    inputs: tuple[str, ...],
    config_path: str | None,
    overrides: tuple[str, ...],
    fmt: str | None,
    skip_bad: bool,
    n_process: int,
    out_dir: str,
    update: bool,
    no_html: bool,
    neo4j_uri: str | None,
    neo4j_user: str,
    neo4j_password: str | None,
) -> None:
    """Build the knowledge graph from paper files and write it to OUT.

    INPUTS are files, folders or glob patterns: Hugging Face listing dumps,
    JSONL, JSON arrays or CSV, optionally gzipped.

    With --neo4j-uri the graph is also loaded into Neo4j (see `kgraph export neo4j`);
    with --update as well, what vanished from the input is removed from Neo4j too.

    \b
    Example:
        kgraph build ../shared/corpus --out exports/
        kgraph build ../shared/corpus --out exports/ --update
        kgraph build ../shared/corpus --neo4j-uri bolt://127.0.0.1:7687
    """
    from kgraph.build import build_graph_from_inputs, write_outputs
    from kgraph.config import load_config
    from kgraph.heap import collector_paused

    config = load_config(config_path, parse_overrides(overrides))
    progress, advance = _progress()
    # Paused until the files are written: resuming it in between would make the collector
    # walk the whole finished graph once, for nothing (seconds at 100,000 papers).
    with collector_paused():
        with progress:
            result = build_graph_from_inputs(
                inputs,
                config=config,
                fmt=cast("Format | None", fmt),
                on_error="skip" if skip_bad else "raise",
                n_process=n_process,
                progress=advance,
                update_from=out_dir if update else None,
            )
        files = write_outputs(result, out_dir, html=not no_html)
    _print_input_report(result.report)
    _print_summary(result.summary(), files)
    if result.update and result.update.describe():
        click.echo(result.update.describe())
    if neo4j_uri:
        from kgraph.export.neo4j_writer import export_neo4j, text_progress

        loaded = export_neo4j(
            result.graph,
            neo4j_uri,
            user=neo4j_user,
            password=neo4j_password,
            progress=text_progress(),
            prune=update,
        )
        click.echo(loaded.describe(neo4j_uri))


def _print_input_report(report: Any) -> None:
    """List on stderr every skipped record or file and every ignored file, with the counts."""
    for kind, items in (("skipped", report.skipped), ("ignored", report.ignored)):
        if items:
            click.echo(f"{kind} {len(items)} input{'s' if len(items) != 1 else ''}:", err=True)
        for item in items:
            click.echo(f"  {item.where}: {item.problem}", err=True)


def _print_summary(summary: dict[str, Any], files: list[Path]) -> None:
    table = Table(title="kgraph build", show_header=False)
    table.add_row("papers", str(summary["papers"]))
    for kind, count in summary["entities"].items():
        table.add_row(f"  {kind.lower()} entities", str(count))
    table.add_row("repos", str(summary["repos"]))
    table.add_row("paper links", str(summary["paper_links"]))
    table.add_row("records read", str(summary["records_read"]))
    table.add_row("duplicates merged", str(summary["duplicates_merged"]))
    table.add_row("skipped inputs", str(summary["skipped"]))
    table.add_row("ignored files", str(summary.get("ignored", 0)))
    for key in ("added", "changed", "removed", "reused"):
        if key in summary:
            table.add_row(f"papers {key}", str(summary[key]))
    Console().print(table)
    for path in files:
        click.echo(f"wrote {path}")


@cli.command("extract")
@with_input_options
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, allow_dash=True),
    default="-",
    show_default=True,
    help="Output JSONL file ('-' for standard output).",
)
def extract_command(
    inputs: tuple[str, ...],
    config_path: str | None,
    overrides: tuple[str, ...],
    fmt: str | None,
    skip_bad: bool,
    n_process: int,
    output: str,
) -> None:
    """Extract entities and repos, one JSON line per paper (the scorer's format).

    \b
    Example:
        kgraph extract ../shared/gold/dev_input.jsonl -o out.jsonl
    """
    from kgraph.build import extract_papers
    from kgraph.config import load_config
    from kgraph.export.atomic import atomic_write
    from kgraph.extract.output import extraction_record
    from kgraph.ingest import IngestReport

    config = load_config(config_path, parse_overrides(overrides))
    report = IngestReport()
    extractions = extract_papers(
        inputs,
        config=config,
        fmt=cast("Format | None", fmt),
        on_error="skip" if skip_bad else "raise",
        n_process=n_process,
        report=report,
    )
    _print_input_report(report)
    lines = (json.dumps(extraction_record(e), ensure_ascii=False) + "\n" for e in extractions)
    if output == "-":
        sys.stdout.writelines(lines)
    else:
        with atomic_write(output) as stream:
            stream.writelines(lines)
        skipped = f", {len(report.skipped)} inputs skipped" if report.skipped else ""
        click.echo(f"wrote {len(extractions)} papers to {output}{skipped}", err=True)


@cli.command()
@click.argument("graph", type=click.Path(exists=True))
@click.option(
    "--out",
    type=click.Path(dir_okay=False),
    default="exports/graph.html",
    show_default=True,
    help="HTML file to write.",
)
@click.option("--focus", help="Show only this node (id, name, alias or paper title) and its neighbourhood.")
@click.option(
    "--hops", type=click.IntRange(0, 10), default=1, show_default=True, help="Links out from --focus."
)
@click.option("--top", type=click.IntRange(1), help="Show only the N best-connected nodes.")
def view(graph: str, out: str, focus: str | None, hops: int, top: int | None) -> None:
    """Write GRAPH as one offline HTML explorer (search, filters, details, ego view).

    \b
    Example:
        kgraph view exports/graph.json --out exports/graph.html
        kgraph view exports/graph.json --focus BERT --hops 2 --out exports/bert.html
        kgraph view exports/graph.json --top 2000 --out exports/top.html
    """
    from kgraph.export.files import read_graph
    from kgraph.export.html import write_html

    path = write_html(read_graph(graph), out, focus=focus, hops=hops, top=top)
    click.echo(f"wrote {path}")


@cli.command("eval")
@click.argument("gold", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False))
@click.option(
    "--input",
    "inputs",
    multiple=True,
    required=True,
    type=click.Path(exists=True),
    help="The papers to extract (repeatable), e.g. ../shared/gold/dev_input.jsonl.",
)
@click.option("--config", "config_path", type=click.Path(dir_okay=False), help="Config file to evaluate.")
@click.option("--json", "as_json", is_flag=True, help="Print the scores as JSON only.")
@click.option(
    "--show-errors", type=click.IntRange(0), default=0, help="List up to N missed and N spurious names."
)
def eval_command(
    gold: tuple[str, ...], inputs: tuple[str, ...], config_path: str | None, as_json: bool, show_errors: int
) -> None:
    """Extract INPUT papers and score them against GOLD files (the reference scorer's semantics).

    Document level, per paper and type: P/R/F1 for METHOD, PROPOSED, DATA (datasets and
    benchmarks), DATASET, BENCHMARK, METRIC, TASK, TECHNIQUE, ANY and REPO.

    \b
    Example:
        kgraph eval ../shared/gold/dev.jsonl --input ../shared/gold/dev_input.jsonl
    """
    from kgraph.build import extract_papers
    from kgraph.config import load_config
    from kgraph.evaluate.score import read_records, score
    from kgraph.extract.output import extraction_record

    gold_records = read_records(gold)
    extractions = extract_papers(inputs, config=load_config(config_path))
    predicted = {str(r["id"]): r for r in (extraction_record(e) for e in extractions)}
    table, errors = score(gold_records, predicted)
    if as_json:
        click.echo(json.dumps({"papers": len(gold_records), "scores": table}, indent=1))
        return
    found = sum(1 for doc in gold_records if doc in predicted)
    click.echo(f"papers: {len(gold_records)} gold, {found} predicted")
    click.echo(f"{'label':10s} {'P':>6s} {'R':>6s} {'F1':>6s} {'gold':>6s} {'pred':>6s}")
    for label, row in table.items():
        click.echo(
            f"{label:10s} {row['precision']:6.3f} {row['recall']:6.3f} {row['f1']:6.3f} "
            f"{int(row['gold']):6d} {int(row['predicted']):6d}"
        )
    for label, found_errors in errors.items() if show_errors else ():
        for kind in ("missed", "spurious"):
            items = getattr(found_errors, kind)[:show_errors]
            if items:
                click.echo(f"\n{label} {kind}:")
                for doc_id, name in items:
                    click.echo(f"  {doc_id}  {name}")


@cli.command("init-config")
@click.argument("folder", type=click.Path(file_okay=False))
@click.option("--force", is_flag=True, help="Overwrite files that already exist in FOLDER.")
def init_config(folder: str, force: bool) -> None:
    """Write an editable copy of the packaged config and name lists into FOLDER.

    Edit the copy, then pass it to any command with --config FOLDER/default.cfg.

    \b
    Example:
        kgraph init-config my-config
        kgraph build papers.jsonl --config my-config/default.cfg --out exports/
    """
    from kgraph.resources import copy_config

    written = copy_config(folder, overwrite=force)
    click.echo(f"wrote {len(written)} files to {folder}; use --config {Path(folder) / 'default.cfg'}")


@cli.group()
def query() -> None:
    """Ask a built graph questions (papers with an entity, similar papers, top entities ...)."""


graph_argument = click.argument("graph", type=click.Path(exists=True))


@query.command("papers")
@graph_argument
@click.argument("entity")
@click.option(
    "--rel",
    type=click.Choice(["PROPOSES", "USES", "EVALUATES_ON", "REPORTS", "ADDRESSES", "APPLIES"]),
)
def query_papers(graph: str, entity: str, rel: str | None) -> None:
    """Papers that mention ENTITY (a name or alias), proposing papers first.

    \b
    Example:
        kgraph query papers exports/graph.json ViT --rel PROPOSES
    """
    from kgraph import load_graph, papers_with_entity

    for hit in papers_with_entity(load_graph(graph), entity, rel=rel):
        click.echo(f"{hit.rel:13s} {hit.paper_id}  {hit.title}")


@query.command("cooccurring")
@graph_argument
@click.argument("entity")
@click.option("--limit", default=10, show_default=True)
def query_cooccurring(graph: str, entity: str, limit: int) -> None:
    """Entities most often mentioned together with ENTITY.

    \b
    Example:
        kgraph query cooccurring exports/graph.json "speculative decoding"
    """
    from kgraph import cooccurring_entities, load_graph

    for row in cooccurring_entities(load_graph(graph), entity, limit=limit):
        click.echo(f"{row.count:5d}  {row.type:10s} {row.name}")


@query.command("similar")
@graph_argument
@click.argument("paper")
@click.option("--limit", default=10, show_default=True)
def query_similar(graph: str, paper: str, limit: int) -> None:
    """Papers linked to PAPER (id or title), with the shared entities that explain each link.

    \b
    Example:
        kgraph query similar exports/graph.json "TokenButler: Token Importance is Predictable"
    """
    from kgraph import load_graph, similar_papers_to

    for row in similar_papers_to(load_graph(graph), paper, limit=limit):
        click.echo(f"{row.weight:7.2f}  {row.paper_id}  {row.title}")
        click.echo(f"         shared: {', '.join(row.shared)}")


@query.command("top")
@graph_argument
@click.option("--type", "entity_type", help="METHOD, DATASET, BENCHMARK, METRIC, TASK or TECHNIQUE.")
@click.option("--limit", default=10, show_default=True)
def query_top(graph: str, entity_type: str | None, limit: int) -> None:
    """The entities mentioned by the most papers.

    \b
    Example:
        kgraph query top exports/graph.json --type DATASET
    """
    from kgraph import load_graph, top_entities

    for row in top_entities(load_graph(graph), entity_type=entity_type, limit=limit):
        click.echo(f"{row.count:5d}  {row.type:10s} {row.name}")


@query.command("communities")
@graph_argument
@click.option("--min-size", default=3, show_default=True)
def query_communities(graph: str, min_size: int) -> None:
    """Groups of densely linked papers (Louvain) and the entities they share.

    \b
    Example:
        kgraph query communities exports/graph.json
    """
    from kgraph import communities, load_graph

    for number, community in enumerate(communities(load_graph(graph), min_size=min_size), 1):
        click.echo(f"{number:3d}. {len(community.papers)} papers: {', '.join(community.top_entities)}")


@cli.group()
def export() -> None:
    """Export a built graph to Neo4j: over Bolt, or as bulk-import files."""


@export.command("neo4j")
@click.argument("graph", type=click.Path(exists=True))
@neo4j_options("", "bolt://127.0.0.1:7687")
@click.option("--database", help="Database name (default: the server's default database).")
@click.option("--batch-size", type=click.IntRange(1, 100_000), default=5000, show_default=True)
@click.option(
    "--workers",
    type=click.IntRange(1, 64),
    default=3,
    show_default=True,
    help="Sessions writing batches side by side.",
)
@click.option(
    "--prune",
    is_flag=True,
    help="Then delete the papers, entities, repos and links that GRAPH no longer has.",
)
def export_neo4j_command(
    graph: str,
    uri: str,
    user: str,
    password: str | None,
    database: str | None,
    batch_size: int,
    workers: int,
    prune: bool,
) -> None:
    """Load GRAPH (graph.json or its folder) into Neo4j; re-running it is safe.

    Without --prune the load only adds and updates; with it the kgraph part of the
    database ends up exactly as GRAPH.

    \b
    Example:
        scripts/neo4j-server start
        kgraph export neo4j exports/graph.json --uri bolt://127.0.0.1:7687 --user neo4j
    """
    from kgraph.export.files import read_graph
    from kgraph.export.neo4j_writer import export_neo4j, text_progress

    summary = export_neo4j(
        read_graph(graph),
        uri,
        user=user,
        password=password,
        database=database,
        batch_size=batch_size,
        workers=workers,
        progress=text_progress(),
        prune=prune,
    )
    click.echo(summary.describe(uri))


@export.command("neo4j-csv")
@click.argument("graph", type=click.Path(exists=True))
@click.argument("out_dir", type=click.Path(file_okay=False))
def export_neo4j_csv_command(graph: str, out_dir: str) -> None:
    """Write OUT_DIR: CSV files for neo4j-admin database import full, plus constraints.cypher.

    \b
    Example:
        kgraph export neo4j-csv exports/graph.json exports/neo4j-import
        scripts/neo4j-server import exports/neo4j-import --home .neo4j
    """
    from kgraph.export.files import read_graph
    from kgraph.export.neo4j_csv import write_neo4j_csv

    files = write_neo4j_csv(read_graph(graph), out_dir)
    click.echo(f"wrote {len(files)} files to {out_dir}")


def main() -> None:
    """Entry point of the ``kgraph`` script."""
    cli(prog_name="kgraph")
