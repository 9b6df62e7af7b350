"""The ``kgraph`` command line: thin wrappers over the Python API."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import click
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
from rich.table import Table

from kgraph.errors import KgraphError

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
    """Turns KgraphError into a one-line message and exit code 1, without a traceback."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except KgraphError as error:
            raise click.ClickException(str(error)) from None


@click.group(cls=KgraphGroup)
@click.version_option(package_name="kgraph")
def cli() -> None:
    """kgraph: turn research papers into a knowledge graph of papers, methods,
    datasets, benchmarks, metrics, tasks and code repositories."""


input_options = [
    click.argument("inputs", nargs=-1, required=True),
    click.option("--config", "config_path", type=click.Path(dir_okay=False), help="Config file (default: config/default.cfg)."),
    click.option("--set", "overrides", multiple=True, metavar="KEY=VALUE", help="Override a config value, e.g. kgraph.link.max_links_per_paper=5."),
    click.option("--format", "fmt", type=click.Choice(["listing", "jsonl", "json", "csv"]), help="Force the input format (default: detected from content)."),
    click.option("--skip-bad", is_flag=True, help="Skip bad records and files, count them in the summary and list them in a report."),
    click.option("--processes", "n_process", type=click.IntRange(1, 64), default=1, show_default=True, help="Extraction worker processes."),
]


def with_input_options(function: Any) -> Any:
    for option in reversed(input_options):
        function = option(function)
    return function


def _progress() -> tuple[Progress, Any]:
    progress = Progress(
        TextColumn("[bold]extracting"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
        console=console, transient=True, disable=not console.is_terminal,
    )
    task = progress.add_task("extract", total=None)

    def update(done: int, total: int) -> None:
        if done % 200 == 0 or done == total:
            progress.update(task, completed=done, total=total)

    return progress, update


@cli.command()
@with_input_options
@click.option("--out", "out_dir", type=click.Path(file_okay=False), default="exports", show_default=True, help="Output folder.")
def build(inputs: tuple[str, ...], config_path: str | None, overrides: tuple[str, ...], fmt: str | None,
          skip_bad: bool, n_process: int, out_dir: str) -> None:
    """Build the knowledge graph from paper files and write it to OUT.

    INPUTS are files, folders or glob patterns: Hugging Face listing dumps,
    JSONL, JSON arrays or CSV, optionally gzipped.

    \b
    Example:
        kgraph build ../shared/corpus --out exports/
    """
    from kgraph.build import build_graph_from_inputs, write_outputs
    from kgraph.config import load_config

    config = load_config(config_path, parse_overrides(overrides))
    progress, update = _progress()
    with progress:
        result = build_graph_from_inputs(
            inputs, config=config, fmt=fmt, on_error="skip" if skip_bad else "raise",  # type: ignore[arg-type]
            n_process=n_process, progress=update,
        )
    files = write_outputs(result, out_dir)
    _print_summary(result.summary(), files)


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
    Console().print(table)
    for path in files:
        click.echo(f"wrote {path}")


@cli.command("extract")
@with_input_options
@click.option("-o", "--output", type=click.Path(dir_okay=False, allow_dash=True), default="-", show_default=True,
              help="Output JSONL file ('-' for standard output).")
def extract_command(inputs: tuple[str, ...], config_path: str | None, overrides: tuple[str, ...], fmt: str | None,
                    skip_bad: bool, n_process: int, output: str) -> None:
    """Extract entities and repos, one JSON line per paper (the scorer's format).

    \b
    Example:
        kgraph extract ../shared/gold/dev_input.jsonl -o out.jsonl
    """
    from kgraph.build import extract_papers
    from kgraph.config import load_config
    from kgraph.export.atomic import atomic_write
    from kgraph.extract.output import extraction_record

    config = load_config(config_path, parse_overrides(overrides))
    extractions = extract_papers(
        inputs, config=config, fmt=fmt, on_error="skip" if skip_bad else "raise",  # type: ignore[arg-type]
        n_process=n_process,
    )
    lines = (json.dumps(extraction_record(e), ensure_ascii=False) + "\n" for e in extractions)
    if output == "-":
        sys.stdout.writelines(lines)
    else:
        with atomic_write(output) as stream:
            stream.writelines(lines)
        console.print(f"wrote {len(extractions)} papers to {output}")


def main() -> None:
    """Entry point of the ``kgraph`` script."""
    cli(prog_name="kgraph")
