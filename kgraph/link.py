"""Link papers that share entities, weighting rare entities over hubs.

The weight of a link is the sum, over the entities both papers mention, of the
entity's inverse document frequency ``ln(N / df)``. Entities in more papers
than the hub threshold never create links (they would link everything to
everything), which also bounds the work: candidates come from the posting
lists of each paper's non-hub entities, never from all pairs, so the cost
grows with the number of papers times the posting-list length, not its square.
Each paper keeps its ``max_links`` strongest links (ties broken by id); a link
is kept when it is among the strongest of either paper.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Collection
from dataclasses import dataclass

import networkx as nx

from kgraph.schema import PAPER, SIMILAR_TO


@dataclass(frozen=True, slots=True)
class PaperLink:
    """Two papers (node ids, ``source < target``), their weight and the shared entities."""

    source: str
    target: str
    weight: float
    shared: tuple[str, ...]


def hub_threshold(papers: int, *, max_share: float, max_papers: int, floor: int = 20) -> int:
    """Papers an entity may appear in before it counts as a hub.

    >>> hub_threshold(408, max_share=0.05, max_papers=1000)
    21
    >>> hub_threshold(1_000_000, max_share=0.05, max_papers=1000)
    1000
    """
    return min(max_papers, max(floor, math.ceil(papers * max_share)))


def similar_papers(
    graph: nx.DiGraph,
    *,
    types: Collection[str],
    max_links: int = 10,
    max_share: float = 0.05,
    max_papers: int = 1000,
    min_weight: float = 2.0,
) -> list[PaperLink]:
    """The paper-paper links of a bipartite kgraph graph, strongest first per paper.

    Args:
        graph: a graph from :func:`kgraph.graph.build_graph`.
        types: entity types (``"METHOD"`` ...) whose sharing creates links.
        max_links: strongest links kept per paper.
        max_share, max_papers: the hub threshold (see :func:`hub_threshold`).
        min_weight: the smallest summed IDF that makes a link.
    """
    papers = sorted(n for n, kind in graph.nodes(data="kind") if kind == PAPER)
    index = {node: i for i, node in enumerate(papers)}
    threshold = hub_threshold(len(papers), max_share=max_share, max_papers=max_papers)
    postings: dict[str, list[int]] = {}
    idf: dict[str, float] = {}
    for node, data in graph.nodes(data=True):
        if data.get("type") not in types:
            continue
        members = sorted(index[p] for p in graph.predecessors(node) if p in index)
        if 2 <= len(members) <= threshold:
            postings[node] = members
            idf[node] = math.log(len(papers) / len(members))
    entities_of: dict[int, list[str]] = defaultdict(list)
    for node in sorted(postings):
        for member in postings[node]:
            entities_of[member].append(node)
    best: dict[tuple[int, int], float] = {}
    for paper, entities in entities_of.items():
        scores: dict[int, float] = defaultdict(float)
        for entity in entities:
            weight = idf[entity]
            for other in postings[entity]:
                if other != paper:
                    scores[other] += weight
        ranked = sorted(
            ((score, other) for other, score in scores.items() if score >= min_weight),
            key=lambda item: (-item[0], item[1]),
        )[:max_links]
        for score, other in ranked:
            best[(min(paper, other), max(paper, other))] = score
    links = []
    for (a, b), weight in sorted(best.items()):
        shared = sorted(set(entities_of[a]) & set(entities_of[b]), key=lambda e: (-idf[e], e))
        links.append(PaperLink(papers[a], papers[b], round(weight, 4), tuple(shared)))
    return links


def link_papers(graph: nx.DiGraph, links: list[PaperLink]) -> nx.DiGraph:
    """A copy of ``graph`` with a SIMILAR_TO edge per link, carrying its explanation."""
    linked = graph.copy()
    add_links(linked, links)
    return linked


def add_links(graph: nx.DiGraph, links: list[PaperLink]) -> None:
    """Add SIMILAR_TO edges to ``graph`` in place (the build does this to avoid a copy)."""
    for link in links:
        graph.add_edge(
            link.source,
            link.target,
            rel=SIMILAR_TO,
            weight=link.weight,
            shared=list(link.shared),
            shared_names=[graph.nodes[key].get("name", key) for key in link.shared],
        )
