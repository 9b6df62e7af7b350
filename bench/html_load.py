"""Benchmark: time-to-interactive of a 5,000-node explorer page in headless Chromium.

Builds a synthetic graph in the shape of kgraph/schema.py (papers, the six entity
types, repos, paper links), writes the view with ``write_html`` and loads it from
disk in Debian's headless Chromium. Time-to-interactive is the time from navigation
start until the explorer has drawn its first frame with every control wired
(``window.kgraph.readyAt``); the script then times a search-and-focus and a click.

Run:  .venv/bin/python bench/html_load.py [--nodes 5000] [--runs 3]
"""

from __future__ import annotations

import argparse
import random
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

import networkx as nx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kgraph.export.html import write_html  # noqa: E402
from tests.plugins.browser import network_requests, start_chromium  # noqa: E402

TYPES = ("METHOD", "DATASET", "BENCHMARK", "METRIC", "TASK", "TECHNIQUE")
REL = {
    "DATASET": "EVALUATES_ON",
    "BENCHMARK": "EVALUATES_ON",
    "METRIC": "REPORTS",
    "TASK": "ADDRESSES",
    "TECHNIQUE": "APPLIES",
}
WORDS = [
    "graph",
    "neural",
    "sparse",
    "attention",
    "vision",
    "language",
    "diffusion",
    "robust",
    "efficient",
    "token",
    "model",
]


def synthetic_graph(nodes: int, seed: int = 1) -> nx.DiGraph:
    """About ``nodes`` nodes: 30% papers, 65% entities (popularity ~ Zipf), 5% repos."""
    rng = random.Random(seed)
    g = nx.DiGraph()
    n_papers, n_repos = int(nodes * 0.30), int(nodes * 0.05)
    n_entities = nodes - n_papers - n_repos
    entities = []
    for i in range(n_entities):
        etype = TYPES[i % len(TYPES)]
        name = f"{rng.choice(WORDS).title()}{rng.choice(WORDS).title()}-{i}"
        key = f"{etype}:{name.lower()}"
        g.add_node(
            key,
            kind=etype.capitalize(),
            bipartite=1,
            key=key,
            type=etype,
            name=name,
            aliases=[name, f"{name[:3].upper()}{i}"],
            papers=0,
            proposed_by=0,
        )
        entities.append(key)
    weights = [1 / (rank + 1) ** 0.9 for rank in range(n_entities)]
    papers = []
    for i in range(n_papers):
        node = f"paper:p{i:05d}"
        chosen = sorted(set(rng.choices(entities, weights=weights, k=rng.randint(3, 9))))
        text = " ".join(g.nodes[e]["name"] for e in chosen)
        abstract = f"We study {text}. " + " ".join(rng.choice(WORDS) for _ in range(120))
        mentions, at = [], len("We study ")
        for e in chosen:
            name = g.nodes[e]["name"]
            mentions.append(
                {
                    "start": at,
                    "end": at + len(name),
                    "field": "abstract",
                    "key": e,
                    "type": g.nodes[e]["type"],
                }
            )
            at += len(name) + 1
        g.add_node(
            node,
            kind="Paper",
            bipartite=0,
            key=f"p{i:05d}",
            title=f"Paper {i}: {text[:60]}",
            abstract=abstract,
            url=f"https://arxiv.org/abs/{i}",
            arxiv_id="",
            date="2024-01-01",
            authors=[],
            categories=[],
            sources=[],
            repos=[],
            links=[],
            mentions=mentions,
        )
        for e in chosen:
            etype = g.nodes[e]["type"]
            rel = ("PROPOSES" if rng.random() < 0.1 else "USES") if etype == "METHOD" else REL[etype]
            g.add_edge(node, e, rel=rel)
            g.nodes[e]["papers"] += 1
        papers.append(node)
    for i in range(n_repos):
        paper = papers[i * 3 % len(papers)]
        slug = f"owner{i}/repo{i}"
        key = f"REPO:{slug}"
        g.add_node(
            key,
            kind="Repo",
            bipartite=1,
            key=key,
            name=slug,
            owner=f"owner{i}",
            url=f"https://github.com/{slug}",
            papers=1,
        )
        g.add_edge(paper, key, rel="HAS_CODE", url=f"https://github.com/{slug}")
        g.nodes[paper]["repos"].append(slug)
    for i, paper in enumerate(papers):
        for other in rng.sample(papers, 3):
            if other != paper:
                a, b = sorted((paper, other))
                g.add_edge(
                    a,
                    b,
                    rel="SIMILAR_TO",
                    weight=round(rng.uniform(0.5, 8), 3),
                    shared=[entities[i % 50]],
                    shared_names=[g.nodes[entities[i % 50]]["name"]],
                )
    for e in entities:  # every entity is mentioned somewhere, as in a built graph
        if g.degree(e) == 0:
            g.add_edge(rng.choice(papers), e, rel=REL.get(g.nodes[e]["type"], "USES"))
            g.nodes[e]["papers"] = 1
    return g


def measure(page: Path, runs: int) -> list[dict[str, float]]:
    results = []
    for _ in range(runs):
        profile = tempfile.mkdtemp(prefix="kgraph-bench-")
        driver = start_chromium(profile)
        try:
            driver.get("about:blank")
            network_requests(driver)
            start = time.perf_counter()
            driver.get(page.as_uri())
            while not driver.execute_script("return !!(window.kgraph && window.kgraph.readyAt)"):
                time.sleep(0.02)
            wall = time.perf_counter() - start
            ready = driver.execute_script("return window.kgraph.readyAt") / 1000
            asked = time.perf_counter()
            driver.execute_script(
                "const hit = window.kgraph.searchNodes('Paper 42', 1)[0];"
                "window.kgraph.focusNode(hit.id, false);"
            )
            search = time.perf_counter() - asked
            click = driver.execute_script(
                "const t0 = performance.now(); window.kgraph.network.selectNodes(['paper:p00007']);"
                "window.kgraph.showNode('paper:p00007'); window.kgraph.network.redraw();"
                "return (performance.now() - t0) / 1000;"
            )
            marks = driver.execute_script(
                "return performance.getEntriesByType('mark').map(m => [m.name, Math.round(m.startTime)])"
            )
            print("  marks (ms since navigation start):", ", ".join(f"{n} {t}" for n, t in marks))
            requests = network_requests(driver)
            assert requests == [page.as_uri()], f"unexpected requests: {requests}"
            results.append({"ready": ready, "wall": wall, "search": search, "click": click})
        finally:
            driver.quit()
            shutil.rmtree(profile, ignore_errors=True)
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--nodes", type=int, default=5000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    graph = synthetic_graph(args.nodes)
    out = ROOT / "bench" / "out"
    out.mkdir(parents=True, exist_ok=True)
    start = time.perf_counter()
    page = write_html(graph, out / f"graph-{graph.number_of_nodes()}.html").resolve()
    written = time.perf_counter() - start
    print(f"graph: {graph.number_of_nodes()} nodes, {graph.number_of_edges()} edges")
    print(f"write_html (layout + page): {written:.2f} s, {page.stat().st_size / 1e6:.1f} MB")
    results = measure(page, args.runs)
    for key, label in (
        ("ready", "time-to-interactive (navigation start -> first frame, all wired)"),
        ("wall", "wall clock from driver.get to ready"),
        ("search", "search + focus, right after the first frame (wall clock)"),
        ("click", "select + details panel + redraw"),
    ):
        values = [r[key] for r in results]
        runs = ", ".join(f"{v:.2f}" for v in values)
        print(f"{label}: median {statistics.median(values):.2f} s (runs: {runs})")


if __name__ == "__main__":
    main()
