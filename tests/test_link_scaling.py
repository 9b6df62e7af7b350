"""The sparse, blocked linker gives exactly the links of a brute-force all-pairs comparison."""

from __future__ import annotations

import itertools
import math
import random

import networkx as nx
import pytest

import kgraph.link as link_module
from kgraph.link import SCALE, PaperLink, hub_threshold, link_incidence, similar_papers
from kgraph.schema import PAPER

TYPES = ("METHOD", "DATASET", "TASK")


def random_graph(seed: int, papers: int, entities: int) -> nx.DiGraph:
    """A bipartite kgraph-shaped graph with skewed (Zipf-like) entity popularity."""
    rng = random.Random(seed)
    graph = nx.DiGraph()
    for p in range(papers):
        graph.add_node(f"paper:{p:04d}", kind=PAPER)
    for e in range(entities):
        graph.add_node(f"{TYPES[e % 3]}:e{e:03d}", kind="Entity", type=TYPES[e % 3])
    keys = [f"{TYPES[e % 3]}:e{e:03d}" for e in range(entities)]
    for p in range(papers):
        for _ in range(rng.randint(0, 8)):
            key = keys[min(int(rng.paretovariate(0.7)) - 1, entities - 1)]
            graph.add_edge(f"paper:{p:04d}", key)
    return graph


def all_pairs(
    graph: nx.DiGraph,
    *,
    types: set[str],
    max_links: int,
    max_share: float,
    max_papers: int,
    min_weight: float,
) -> list[PaperLink]:
    """The reference: score every pair of papers, keep each paper's strongest, explain each link."""
    papers = sorted(n for n, kind in graph.nodes(data="kind") if kind == PAPER)
    threshold = hub_threshold(len(papers), max_share=max_share, max_papers=max_papers)
    idf = {}
    for node, data in graph.nodes(data=True):
        df = sum(1 for p in graph.predecessors(node) if p in papers) if data.get("type") in types else 0
        if 2 <= df <= threshold:
            idf[node] = round(math.log(len(papers) / df) * SCALE)
    entities = {p: {e for e in graph.successors(p) if e in idf} for p in papers}
    score = {}
    for a, b in itertools.combinations(papers, 2):
        shared = entities[a] & entities[b]
        if shared and sum(idf[e] for e in shared) >= round(min_weight * SCALE):
            score[(a, b)] = score[(b, a)] = sum(idf[e] for e in shared)
    kept = set()
    for paper in papers:
        ranked = sorted((other for (p, other) in score if p == paper), key=lambda o: (-score[(paper, o)], o))
        kept.update(tuple(sorted((paper, other))) for other in ranked[:max_links])
    return [
        PaperLink(
            a,
            b,
            round(score[(a, b)] / SCALE, 4),
            tuple(sorted(entities[a] & entities[b], key=lambda e: (-idf[e], e))),
        )
        for a, b in sorted(kept)
    ]


@pytest.mark.parametrize("seed", range(6))
@pytest.mark.parametrize("max_links", [1, 3, 10])
def test_link_scaling_matches_all_pairs_on_random_graphs(seed: int, max_links: int) -> None:
    graph = random_graph(seed, papers=60 + 20 * seed, entities=40)
    options = {"max_links": max_links, "max_share": 0.3, "max_papers": 1000, "min_weight": 0.5 * (seed % 3)}
    expected = all_pairs(graph, types=set(TYPES), **options)
    assert expected  # the case is not trivial
    assert similar_papers(graph, types=TYPES, **options) == expected


def test_link_scaling_blocks_do_not_change_the_result(monkeypatch: pytest.MonkeyPatch) -> None:
    graph = random_graph(7, papers=150, entities=50)
    options = {"max_links": 4, "max_share": 0.2, "max_papers": 1000, "min_weight": 1.0}
    whole = similar_papers(graph, types=TYPES, **options)
    monkeypatch.setattr(link_module, "_BLOCK_WORK", 5)
    monkeypatch.setattr(link_module, "_EXPLAIN_CHUNK", 3)
    assert similar_papers(graph, types=TYPES, **options) == whole
    monkeypatch.setattr(link_module, "_SCORE_BITS", 8)  # scores too large to pack: the exact sort alone
    assert similar_papers(graph, types=TYPES, **options) == whole
    assert whole == all_pairs(graph, types=set(TYPES), **options)


def test_link_scaling_keeps_zero_weight_links_and_skips_unlinkable_entities() -> None:
    papers = ["paper:a", "paper:b", "paper:c"]
    links = link_incidence(papers, {"X:all": [0, 1, 2], "X:ab": [0, 1], "X:solo": [2]}, min_weight=0)
    assert [(link.source, link.target, link.shared) for link in links] == [
        ("paper:a", "paper:b", ("X:ab", "X:all")),
        ("paper:a", "paper:c", ("X:all",)),
        ("paper:b", "paper:c", ("X:all",)),
    ]
    assert links[1].weight == 0.0
    assert link_incidence(papers, {"X:solo": [2]}) == []
