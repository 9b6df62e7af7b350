"""The reference linker a user would write first: score every pair of papers.

Same definition as :func:`kgraph.link.similar_papers` (summed fixed-point IDF
of shared non-hub entities, each paper's ``max_links`` strongest, a link kept
when it is among the strongest of either paper), but it compares all
``N * (N - 1) / 2`` pairs, so its cost grows with the square of the corpus.
"""

from __future__ import annotations

from collections.abc import Collection

import networkx as nx

from kgraph.link import SCALE, PaperLink, hub_threshold, idf_units
from kgraph.schema import PAPER


def all_pairs_links(
    graph: nx.DiGraph,
    *,
    types: Collection[str],
    max_links: int = 10,
    max_share: float = 0.05,
    max_papers: int = 1000,
    min_weight: float = 2.0,
) -> list[PaperLink]:
    """Links of ``graph`` by comparing every pair of papers."""
    papers = sorted(n for n, kind in graph.nodes(data="kind") if kind == PAPER)
    index = {p: i for i, p in enumerate(papers)}
    threshold = hub_threshold(len(papers), max_share=max_share, max_papers=max_papers)
    idf: dict[str, int] = {}
    for node, data in graph.nodes(data=True):
        if data.get("type") in types:
            df = sum(1 for p in graph.predecessors(node) if p in index)
            if 2 <= df <= threshold:
                idf[node] = idf_units(len(papers), df)
    entities = [{e for e in graph.successors(p) if e in idf} for p in papers]
    minimum = round(min_weight * SCALE)
    scores: list[dict[int, int]] = [{} for _ in papers]
    for a, mine in enumerate(entities):
        if not mine:
            continue
        for b in range(a + 1, len(papers)):
            theirs = entities[b]
            if mine.isdisjoint(theirs):
                continue
            score = sum(idf[e] for e in mine & theirs)
            if score >= minimum:
                scores[a][b] = scores[b][a] = score
    kept: set[tuple[int, int]] = set()
    for a, row in enumerate(scores):
        for b in sorted(row, key=lambda o: (-row[o], o))[:max_links]:
            kept.add((min(a, b), max(a, b)))
    links = []
    for a, b in sorted(kept):
        shared = sorted(entities[a] & entities[b], key=lambda e: (-idf[e], e))
        links.append(PaperLink(papers[a], papers[b], round(scores[a][b] / SCALE, 4), tuple(shared)))
    return links
