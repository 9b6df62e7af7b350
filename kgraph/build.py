"""The main job: ingest -> extract -> resolve -> graph -> link, and writing the outputs."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path

import networkx as nx

from kgraph.cachekey import ExtractionKey, extraction_key
from kgraph.config import KgraphConfig, load_config
from kgraph.errors import InputError
from kgraph.export.atomic import atomic_write
from kgraph.export.files import TABLE_COLUMNS, write_graphml, write_json, write_tables
from kgraph.export.swap import checkpoint, clean_stale, replaced_folder
from kgraph.extract import extract, load_pipeline
from kgraph.extract.links import find_links
from kgraph.graph import build_graph
from kgraph.heap import collector_paused
from kgraph.incremental import (
    CACHE_NAME,
    UpdatePlan,
    load_extractions,
    plan_update,
    save_extractions,
)
from kgraph.ingest import IngestReport, read_papers
from kgraph.ingest.reader import Format, OnError
from kgraph.link import add_links, similar_papers
from kgraph.models import LinkMention, Paper, PaperExtraction, Repo
from kgraph.resolve import Resolution, resolve
from kgraph.schema import PAPER, REPO, SIMILAR_TO

Progress = Callable[[int, int], None]  # (papers done, papers total)


@dataclass
class BuildResult:
    """A built graph with what went into it.

    ``resolution`` keeps the corpus entities and the alias table; its per-paper groups are
    dropped once the graph holds them (they are the largest structure of a build).
    """

    graph: nx.DiGraph
    resolution: Resolution
    report: IngestReport
    extractions: list[PaperExtraction] = field(default_factory=list)
    fingerprint: ExtractionKey = field(default_factory=lambda: ExtractionKey(parts={}))
    update: UpdatePlan | None = None
    files: list[Path] = field(default_factory=list)

    def summary(self) -> dict[str, object]:
        """Counts for the command line: papers, entities per type, repos, links, skipped inputs."""
        kinds = Counter(kind for _, kind in self.graph.nodes(data="kind"))
        links = sum(1 for *_, rel in self.graph.edges(data="rel") if rel == SIMILAR_TO)
        return {
            "papers": kinds.pop(PAPER, 0),
            "repos": kinds.pop(REPO, 0),
            "entities": dict(sorted(kinds.items())),
            "paper_links": links,
            "records_read": self.report.records,
            "duplicates_merged": self.report.duplicates,
            "skipped": len(self.report.skipped),
            "ignored": len(self.report.ignored),
            **(
                {
                    "added": len(self.update.added),
                    "changed": len(self.update.changed),
                    "removed": len(self.update.removed),
                    "reused": 0 if self.update.full_rebuild_reason else len(self.update.unchanged),
                }
                if self.update
                else {}
            ),
        }


def extract_papers(
    inputs: Iterable[str | Path],
    *,
    config: KgraphConfig | None = None,
    fmt: Format | None = None,
    on_error: OnError = "raise",
    n_process: int = 1,
    report: IngestReport | None = None,
    progress: Progress | None = None,
) -> list[PaperExtraction]:
    """Read the inputs and run the extraction pipeline over every paper."""
    config = config or load_config()
    papers = read_papers(inputs, fmt=fmt, on_error=on_error, report=report)
    return _extract_all(papers, config, n_process=n_process, progress=progress)


def _extract_all(
    papers: list[Paper], config: KgraphConfig, *, n_process: int, progress: Progress | None
) -> list[PaperExtraction]:
    if not papers:
        return []
    nlp = load_pipeline(config)
    extractions = []
    for done, extraction in enumerate(extract(papers, nlp, n_process=n_process), 1):
        extractions.append(with_comment_links(extraction) if extraction.paper.comments else extraction)
        if progress:
            progress(done, len(papers))
    return extractions


def with_comment_links(extraction: PaperExtraction) -> PaperExtraction:
    """Add the repos and links of the paper's arXiv ``comments`` field ("Code: github.com/...").

    Their offsets count from the start of ``paper.text``, as if the comments followed it on a
    line of their own; links the abstract gave already are not repeated.
    """
    paper = extraction.paper
    known = {link.url for link in extraction.links}
    offset = len(paper.text) + 1
    found = []
    for link in find_links(paper.comments or ""):
        if link["url"] in known:
            continue
        known.add(link["url"])
        owner, _, name = (link["repo"] or "").partition("/")
        repo = Repo(owner=owner, name=name) if link["repo"] else None
        start, end = offset + link["start"], offset + link["end"]
        found.append(LinkMention(paper.id, link["url"], link["kind"], start, end, repo))
    return replace(extraction, links=extraction.links + tuple(found)) if found else extraction


def build_graph_from_inputs(
    inputs: Iterable[str | Path],
    *,
    config: KgraphConfig | None = None,
    fmt: Format | None = None,
    on_error: OnError = "raise",
    n_process: int = 1,
    progress: Progress | None = None,
    update_from: str | Path | None = None,
) -> BuildResult:
    """Build the linked knowledge graph of the papers in ``inputs`` (no server needed).

    Args:
        update_from: an earlier build's output folder; papers whose content is
            unchanged reuse its cached extractions (see :mod:`kgraph.incremental`).

    Example::

        result = build_graph_from_inputs(["../shared/corpus"])
        result.summary()["papers"]
        # 408
    """
    config = config or load_config()
    report = IngestReport()
    inputs = list(inputs)
    # The build makes no reference cycles (tests/test_heap.py), so the collector would only
    # walk its millions of records again and again: see kgraph.heap.
    with collector_paused():
        papers = read_papers(inputs, fmt=fmt, on_error=on_error, report=report)
        if not papers:
            skipped = "; ".join(f"{s.where}: {s.problem}" for s in report.skipped[:3])
            raise InputError(
                ", ".join(str(i) for i in inputs),
                f"no paper could be read ({len(report.skipped)} skipped{': ' + skipped if skipped else ''})",
                "Nothing was written; fix the inputs and run again.",
            )
        fingerprint = extraction_key(config)
        plan = None
        if update_from is not None:
            plan, extractions = _update(papers, Path(update_from), config, fingerprint, n_process, progress)
        else:
            extractions = _extract_all(papers, config, n_process=n_process, progress=progress)
        graph, resolution = graph_from_extractions(extractions, config)
        return BuildResult(
            graph=graph,
            resolution=resolution,
            report=report,
            extractions=extractions,
            fingerprint=fingerprint,
            update=plan,
        )


def _update(
    papers: list[Paper],
    previous: Path,
    config: KgraphConfig,
    key: ExtractionKey,
    n_process: int,
    progress: Progress | None,
) -> tuple[UpdatePlan, list[PaperExtraction]]:
    clean_stale(previous)  # a build killed mid-swap may have left OUT aside
    cache = previous / CACHE_NAME
    cached: dict[str, tuple[str, PaperExtraction]] = {}
    reason = f"no earlier build in {previous}"
    if cache.is_file():
        cached_key, cached = load_extractions(cache)
        changed = key.changes_from(cached_key)
        reason = f"{' and '.join(changed)} changed" if changed else ""
    plan, to_extract, reused = plan_update(papers, cached)
    if reason:
        plan.full_rebuild_reason = reason
        to_extract, reused = papers, {}
    fresh = {e.paper.id: e for e in _extract_all(to_extract, config, n_process=n_process, progress=progress)}
    return plan, [reused.get(p.id) or fresh[p.id] for p in papers]


def graph_from_extractions(
    extractions: list[PaperExtraction], config: KgraphConfig
) -> tuple[nx.DiGraph, Resolution]:
    """Resolve, build the bipartite graph and add the paper-paper links.

    The returned resolution has no per-paper groups left: the graph holds them, and freeing
    them before linking keeps the build's peak memory down.
    """
    resolution = resolve(extractions, fold_variants=config.settings.resolve.fold_variants)
    graph = build_graph(extractions, resolution, consume=True)
    settings = config.settings.link
    links = similar_papers(
        graph,
        types={t.value for t in settings.types},
        max_links=settings.max_links_per_paper,
        max_share=settings.max_entity_share,
        max_papers=settings.max_entity_papers,
        min_weight=settings.min_weight,
    )
    add_links(graph, links)
    return graph, resolution


HTML_MAX_NODES = 5000  # the explorer stays responsive up to here; bigger graphs get their top nodes


def write_outputs(result: BuildResult, out_dir: str | Path, *, html: bool = True) -> list[Path]:
    """Write graph.json, graph.graphml, the CSV tables, the skipped-input report and (unless
    ``html=False``) the graph.html explorer to ``out_dir``, replacing the previous set as a whole.

    The set is written into a fresh sibling folder that then takes ``out_dir``'s place
    (:mod:`kgraph.export.swap`): a failed or killed build leaves the complete previous set, a
    finished one the complete new set. Other files in ``out_dir`` are kept; outputs this build
    does not write (``graph.html`` with ``html=False``, an old ``skipped.jsonl``) are gone.
    """
    out = Path(out_dir)
    with replaced_folder(out, managed=is_export_file) as stage:
        files = [write_json(result.graph, stage / "graph.json")]
        checkpoint("graph.json")
        files.append(write_graphml(result.graph, stage / "graph.graphml"))
        checkpoint("graph.graphml")
        files.extend(write_tables(result.graph, stage / "csv", result.resolution.aliases))
        checkpoint("csv")
        files.append(save_extractions(stage / CACHE_NAME, result.extractions, result.fingerprint))
        checkpoint("cache")
        if result.report.skipped:
            with atomic_write(stage / "skipped.jsonl") as stream:
                for skipped in result.report.skipped:
                    stream.write(json.dumps({"where": skipped.where, "problem": skipped.problem}) + "\n")
            files.append(stage / "skipped.jsonl")
        if result.report.merges:
            with atomic_write(stage / "merged.jsonl") as stream:
                stream.writelines(json.dumps(merge.as_dict()) + "\n" for merge in result.report.merges)
            files.append(stage / "merged.jsonl")
        if html:
            from kgraph.export.html import write_html  # pyvis is imported only when the page is written

            big = result.graph.number_of_nodes() > HTML_MAX_NODES
            files.append(write_html(result.graph, stage / "graph.html", top=HTML_MAX_NODES if big else None))
            checkpoint("html")
    files = [out / path.relative_to(stage) for path in files]
    result.files.extend(files)
    return files


#: The files of an export set, relative to its folder: a new build replaces all of them.
EXPORT_FILES = frozenset(
    {"graph.json", "graph.graphml", "graph.html", "skipped.jsonl", "merged.jsonl", CACHE_NAME}
    | {f"csv/{name}.csv" for name in TABLE_COLUMNS}
)


def is_export_file(relative: str) -> bool:
    """Whether a path inside an export folder (``csv/papers.csv``) is one kgraph writes."""
    return relative in EXPORT_FILES
