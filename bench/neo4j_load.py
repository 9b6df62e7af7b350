"""Bolt load rate into a real Neo4j: kgraph's batched UNWIND/MERGE loader vs one MERGE per
transaction, on the corpus graph and on a synthetic graph of 100,000+ papers.

Usage (from the repository root)::

    .venv/bin/python bench/neo4j_load.py [--papers 100000] [--uri bolt://... --password ...]

Without ``--uri`` it starts its own server (``scripts/neo4j-server start``, 2 GB heap) in a
temporary home and stops it at the end. Rates are nodes + relationships written per second,
on an empty database with the constraints already in place, measured in this one run:

* ``batched``: :func:`kgraph.export.neo4j_writer.write_neo4j` (``UNWIND $rows ...``, ``CREATE``
  into the empty database, ``MERGE`` on retries; ``--workers`` sessions side by side);
* ``per-row``: one MERGE per auto-commit transaction, on the corpus graph and on a
  ``--per-row-papers`` slice of the synthetic graph (the full graph would take hours that way);
  the batched loader is measured on the same slice for comparison.

A load of the corpus graph takes about a second, so the server's JIT warm-up and background
work weigh on it: the first load after the server starts is reported on its own, then
``--warmup`` loads run unmeasured, and the small graphs are loaded ``--repeat`` times (median
and range reported), each after the database is emptied and left a second to settle.

The synthetic graph follows :mod:`kgraph.schema` directly (no text extraction) and is
deterministic for a ``--seed``: entity popularity is Zipf-like, so there are hubs, as in real
corpora.
"""

from __future__ import annotations

import argparse
import os
import random
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from statistics import median

import networkx as nx
from neo4j import Driver, GraphDatabase

from kgraph.export import neo4j_cypher as cypher
from kgraph.export.neo4j_rows import node_rows, relationship_rows
from kgraph.export.neo4j_writer import (
    DEFAULT_BATCH_SIZE,
    DEFAULT_WORKERS,
    connect,
    ensure_schema,
    text_progress,
    write_neo4j,
)
from kgraph.models import EntityType
from kgraph.schema import HAS_CODE, IMPLEMENTS, PAPER, REPO, SIMILAR_TO, entity_key, relation_for

REPO_ROOT = Path(__file__).resolve().parent.parent
CORPUS = REPO_ROOT.parent / "shared" / "corpus"
WORDS = [
    "token",
    "vision",
    "language",
    "model",
    "transformer",
    "sparse",
    "attention",
    "efficient",
    "pruning",
    "diffusion",
    "retrieval",
    "graph",
    "contrastive",
    "multimodal",
    "benchmark",
    "robust",
    "scaling",
    "quantization",
    "adapter",
    "latent",
    "policy",
    "reward",
    "agent",
    "reasoning",
    "segmentation",
    "detection",
    "speech",
    "audio",
    "protein",
]
# Entities per paper and how many distinct entities per paper of the corpus, by type.
PLAN = {
    EntityType.METHOD: (4, 0.25),
    EntityType.DATASET: (2, 0.05),
    EntityType.BENCHMARK: (1, 0.02),
    EntityType.METRIC: (1, 0.005),
    EntityType.TASK: (1, 0.02),
    EntityType.TECHNIQUE: (1, 0.01),
}


def _text(rng: random.Random, words: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(words)).capitalize() + "."


def _zipf_pick(rng: random.Random, population: int) -> int:
    """An index in [0, population) with probability falling like 1 / rank."""
    return min(int(population ** rng.random()) - 1, population - 1)


def synthetic_graph(papers: int, seed: int = 0) -> nx.DiGraph:
    """A kgraph-schema graph of ``papers`` papers with entities, repos and similarity links."""
    rng = random.Random(seed)
    graph = nx.DiGraph(kgraph_schema=1)
    pools: dict[EntityType, list[str]] = {}
    for etype, (_, share) in PLAN.items():
        pools[etype] = []
        for i in range(max(10, int(papers * share))):
            name = f"{rng.choice(WORDS).capitalize()}{etype.value.capitalize()}-{i}"
            key = entity_key(etype, name.lower().replace("-", ""))
            graph.add_node(
                key,
                kind=etype.label,
                bipartite=1,
                key=key,
                type=etype.value,
                name=name,
                aliases=[name, name.upper()],
                papers=0,
                proposed_by=0,
            )
            pools[etype].append(key)
    paper_nodes = []
    for i in range(papers):
        pid = f"syn{i:07d}"
        node = f"paper:{pid}"
        paper_nodes.append(node)
        title = _text(rng, 9)
        graph.add_node(
            node,
            kind=PAPER,
            bipartite=0,
            key=pid,
            title=title,
            abstract=_text(rng, 90),
            url=f"https://arxiv.org/abs/{pid}",
            arxiv_id=pid,
            date="2025-01-01",
            authors=[f"Author {rng.randrange(50_000)}" for _ in range(3)],
            categories=["cs.CL"],
            sources=[f"synthetic.jsonl:{i + 1}"],
            repos=[],
            links=[],
            mentions=[],
        )
        proposed = None
        for etype, (count, _) in PLAN.items():
            for _ in range(rng.randint(1, count)):
                target = pools[etype][_zipf_pick(rng, len(pools[etype]))]
                role = (
                    "proposed"
                    if etype is EntityType.METHOD and proposed is None and rng.random() < 0.3
                    else "used"
                )
                if role == "proposed":
                    proposed = target
                start = rng.randrange(600)
                graph.add_edge(
                    node,
                    target,
                    rel=relation_for(etype, role),
                    surface=graph.nodes[target]["name"],
                    evidence=_text(rng, 20),
                    field="abstract",
                    start=start,
                    end=start + 12,
                    count=rng.randint(1, 3),
                    found_by=["kgraph_entities"],
                    **({"role": role} if etype is EntityType.METHOD else {}),
                )
                graph.nodes[target]["papers"] += 1
        if rng.random() < 0.3:
            slug = f"owner{rng.randrange(papers // 3 + 1)}/repo{i}"
            repo = f"REPO:{slug}"
            graph.add_node(
                repo,
                kind=REPO,
                bipartite=1,
                key=repo,
                name=slug,
                owner=slug.split("/")[0],
                url=f"https://github.com/{slug}",
                papers=1,
            )
            graph.nodes[node]["repos"] = [slug]
            graph.add_edge(node, repo, rel=HAS_CODE, url=f"https://github.com/{slug}")
            if proposed:
                graph.add_edge(repo, proposed, rel=IMPLEMENTS)
    for i, node in enumerate(paper_nodes):
        for _ in range(3):
            other = paper_nodes[rng.randrange(max(1, i))] if i else None
            if other is None or other == node:
                continue
            source, target = sorted((node, other))
            shared = sorted(set(graph.successors(source)) & set(graph.successors(target)))[:3] or [
                next(iter(graph.successors(source)))
            ]
            graph.add_edge(
                source,
                target,
                rel=SIMILAR_TO,
                weight=round(rng.uniform(2, 12), 4),
                shared=shared,
                shared_names=[graph.nodes[s]["name"] for s in shared],
            )
    return graph


def size(graph: nx.DiGraph) -> int:
    return graph.number_of_nodes() + graph.number_of_edges()


def load_per_row(graph: nx.DiGraph, driver: Driver) -> float:
    """Seconds to write ``graph`` with one MERGE per auto-commit transaction."""
    nodes, rels = node_rows(graph), relationship_rows(graph)
    started = time.perf_counter()
    with driver.session() as session:
        for label, rows in nodes.items():
            query = cypher.merge_node_query(label)
            for row in rows:
                session.run(query, key=row.key, props=row.props).consume()
        for group, rel_rows in rels.items():
            query = cypher.merge_relationship_query(group.type, group.source_label, group.target_label)
            for rel in rel_rows:
                session.run(query, source=rel.source, target=rel.target, props=rel.props).consume()
    return time.perf_counter() - started


def load_batched(
    graph: nx.DiGraph, driver: Driver, batch_size: int, workers: int, *, verbose: bool = False
) -> float:
    progress = text_progress(every=10) if verbose else None
    summary = write_neo4j(graph, driver, batch_size=batch_size, workers=workers, progress=progress)
    if verbose:
        print(f"  ({summary.retries} batches retried after a deadlock or another transient error)")
    return summary.seconds


def empty(driver: Driver, settle: float = 1.0) -> None:
    """Delete everything, keep the schema, and give the server ``settle`` seconds to finish
    the background work the deletion started (index clean-up), which would slow the next load."""
    with driver.session() as session:
        session.run(cypher.delete_all_query()).consume()
    ensure_schema(driver)
    time.sleep(settle)


def _load() -> float:
    return os.getloadavg()[0]


def slice_of(graph: nx.DiGraph, papers: int) -> nx.DiGraph:
    """The first ``papers`` papers with their own edges: entities, repos, and links among them."""
    keep = set(sorted(n for n, k in graph.nodes(data="kind") if k == PAPER)[:papers])
    part = nx.DiGraph()
    for paper in sorted(keep):
        for _, target, data in graph.out_edges(paper, data=True):
            if graph.nodes[target]["kind"] != PAPER or target in keep:
                part.add_node(paper, **graph.nodes[paper])
                part.add_node(target, **graph.nodes[target])
                part.add_edge(paper, target, **data)
                if graph.nodes[target]["kind"] == REPO:
                    for _, method, implements in graph.out_edges(target, data=True):
                        part.add_node(method, **graph.nodes[method])
                        part.add_edge(target, method, **implements)
    return part


@contextmanager
def server(uri: str | None, password: str | None) -> Iterator[Driver]:
    if uri:
        with connect(uri, password=password) as driver:
            yield driver
        return
    with tempfile.TemporaryDirectory(prefix="kgraph-bench-neo4j-") as home:
        script = str(REPO_ROOT / "scripts" / "neo4j-server")
        done = subprocess.run(
            [script, "start", "--home", home, "--port", "17901", "--heap", "2g", "--pagecache", "1g"],
            capture_output=True,
            text=True,
            check=False,
        )
        if done.returncode != 0:
            sys.exit(f"could not start Neo4j:\n{done.stderr}")
        try:
            with GraphDatabase.driver(done.stdout.strip().splitlines()[-1], auth=None) as driver:
                yield driver
        finally:
            subprocess.run([script, "stop", "--home", home], check=False)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--papers", type=int, default=100_000)
    parser.add_argument("--per-row-papers", type=int, default=1_000)
    parser.add_argument("--batch-size", type=int, default=DEFAULT_BATCH_SIZE)
    parser.add_argument("--workers", type=int, default=DEFAULT_WORKERS, help="sessions of the batched loader")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--warmup", type=int, default=5, help="corpus loads before measuring")
    parser.add_argument("--repeat", type=int, default=5, help="batched loads per small graph")
    parser.add_argument("--uri")
    parser.add_argument("--password")
    args = parser.parse_args(argv)

    from kgraph.build import build_graph_from_inputs

    started = time.perf_counter()
    corpus = build_graph_from_inputs([CORPUS]).graph
    print(
        f"corpus graph: {corpus.number_of_nodes()} nodes, {corpus.number_of_edges()} relationships "
        f"({time.perf_counter() - started:.0f} s to build)",
        flush=True,
    )
    started = time.perf_counter()
    synthetic = synthetic_graph(args.papers, args.seed)
    part = slice_of(synthetic, args.per_row_papers)
    print(
        f"synthetic graph: {args.papers} papers, {synthetic.number_of_nodes()} nodes, "
        f"{synthetic.number_of_edges()} relationships ({time.perf_counter() - started:.0f} s to build)",
        flush=True,
    )

    results: list[tuple[str, str, int, list[float], float]] = []
    with server(args.uri, args.password) as driver:
        empty(driver)
        first = load_batched(corpus, driver, args.batch_size, args.workers)
        results.append(("corpus, first load after start", "batched", size(corpus), [first], _load()))
        for _ in range(args.warmup - 1):  # the JIT compiles the write path over the first loads
            empty(driver)
            load_batched(corpus, driver, args.batch_size, args.workers)
        for name, graph in (("corpus", corpus), (f"synthetic {args.per_row_papers}-paper slice", part)):
            empty(driver)
            per_row = load_per_row(graph, driver)
            results.append((name, "per-row", size(graph), [per_row], _load()))
            batched = []
            for _ in range(args.repeat):
                empty(driver)
                batched.append(load_batched(graph, driver, args.batch_size, args.workers))
            results.append((name, "batched", size(graph), batched, _load()))
            for loader, seconds in (("per-row", [per_row]), ("batched", batched)):
                print(f"  {name:34s} {loader:8s} {size(graph) / median(seconds):>10,.0f} /s", flush=True)
        empty(driver)
        seconds = load_batched(synthetic, driver, args.batch_size, args.workers, verbose=True)
        results.append((f"synthetic {args.papers} papers", "batched", size(synthetic), [seconds], _load()))

    print(
        f"\nBolt load rate, nodes + relationships per second (batch size {args.batch_size}, "
        f"{args.workers} sessions); the median of --repeat {args.repeat} loads where several ran,"
        f" after {args.warmup} warm-up loads of the corpus graph"
    )
    print(f"(load = the machine's 1-minute load average after the run, on {os.cpu_count()} cores)")
    header = f"{'graph':36s} {'loader':8s} {'rows':>10s} {'seconds':>9s} {'rows/s':>10s} {'range':>15s}"
    print(header + f" {'load':>5s}")
    for name, loader, rows, runs, load in results:
        rates = sorted(rows / s for s in runs)
        spread = f"{rates[0]:,.0f}-{rates[-1]:,.0f}" if len(runs) > 1 else ""
        line = f"{name:36s} {loader:8s} {rows:>10,d} {median(runs):>9.2f} {rows / median(runs):>10,.0f}"
        print(f"{line} {spread:>15s} {load:>5.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
