"""Link papers that share entities, weighting rare entities over hubs.

The weight of a link is the sum, over the entities both papers mention, of the
entity's inverse document frequency ``ln(N / df)``. Entities in more papers
than the hub threshold never create links (they would link everything to
everything), which also bounds the work: candidates come from the posting
lists of each paper's non-hub entities, never from all pairs, so the cost
grows with the number of papers times the posting-list length, not its square.
Each paper keeps its ``max_links`` strongest links (ties broken by id); a link
is kept when it is among the strongest of either paper.

The scores are one sparse matrix product, ``(A * idf) @ A.T`` over the
paper x entity incidence matrix ``A``, computed in blocks of papers so memory
stays bounded. Each IDF is rounded to fixed point (``1e-9``) and summed as an
integer, so a score does not depend on the order of summation: the result is
exactly that of summing over all pairs (see ``tests/test_link_scaling.py``).
"""

from __future__ import annotations

import math
from collections.abc import Collection, Iterator, Mapping, Sequence
from dataclasses import dataclass

import networkx as nx
import numpy as np
import scipy.sparse as sp

from kgraph.schema import PAPER, SIMILAR_TO

SCALE = 10**9  # fixed-point units per unit of IDF
_COUNT_BITS = 16  # the low bits of a packed score count the shared entities (keeps zero-IDF links)
_SCORE_BITS = 41  # scores below 2**41 units (2199 IDF) pack with a row number into one sortable int64
_BLOCK_WORK = 4_000_000  # candidate pairs scored per block: bounds the memory of one product
_EXPLAIN_CHUNK = 100_000  # links whose shared entities are found at once


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


def idf_units(papers: int, df: int) -> int:
    """An entity's IDF ``ln(papers / df)`` in fixed-point units of ``1 / SCALE``.

    >>> idf_units(100, 10)
    2302585093
    """
    return round(math.log(papers / df) * SCALE)


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
    members = {}
    for node, data in graph.nodes(data=True):
        if data.get("type") in types:
            members[node] = [index[p] for p in graph.predecessors(node) if p in index]
    return link_incidence(
        papers,
        members,
        max_links=max_links,
        max_share=max_share,
        max_papers=max_papers,
        min_weight=min_weight,
    )


def link_incidence(
    papers: Sequence[str],
    members: Mapping[str, Collection[int]],
    *,
    max_links: int = 10,
    max_share: float = 0.05,
    max_papers: int = 1000,
    min_weight: float = 2.0,
) -> list[PaperLink]:
    """Link papers given, per entity, the indices of the papers that mention it.

    This is the graph-free core of :func:`similar_papers`; ``papers`` must be
    sorted (links are reported with ``source < target``).
    """
    n = len(papers)
    threshold = hub_threshold(n, max_share=max_share, max_papers=max_papers)
    kept = sorted(key for key, rows in members.items() if 2 <= len(set(rows)) <= threshold)
    if not kept:
        return []
    matrix, idf = _incidence(n, kept, members)
    if int(np.diff(matrix.indptr).max()) >= 1 << _COUNT_BITS:
        raise ValueError(f"a paper has {1 << _COUNT_BITS} or more linkable entities; cannot pack scores")
    pairs, scores = _strongest_pairs(matrix, idf, max_links=max_links, min_units=round(min_weight * SCALE))
    return _explain(papers, kept, matrix, idf, pairs, scores)


def _incidence(
    n: int, kept: list[str], members: Mapping[str, Collection[int]]
) -> tuple[sp.csr_matrix, np.ndarray]:
    """The binary paper x entity matrix (CSR, sorted indices) and each entity's IDF units."""
    columns = [np.unique(np.fromiter(members[key], dtype=np.int64)) for key in kept]
    df = np.array([len(c) for c in columns], dtype=np.int64)
    idf = np.array([idf_units(n, int(d)) for d in df], dtype=np.int64)
    rows = np.concatenate(columns)
    cols = np.repeat(np.arange(len(kept), dtype=np.int64), df)
    data = np.ones(len(rows), dtype=np.int64)
    matrix = sp.csr_matrix((data, (rows, cols)), shape=(n, len(kept)))
    matrix.sort_indices()
    return matrix, idf


def _blocks(matrix: sp.csr_matrix, df: np.ndarray) -> Iterator[tuple[int, int]]:
    """Row ranges whose candidate pairs (sum of posting-list lengths) stay near ``_BLOCK_WORK``."""
    work = np.concatenate(([0], np.cumsum(matrix @ df)))
    start, n = 0, matrix.shape[0]
    while start < n:
        stop = int(np.searchsorted(work, work[start] + _BLOCK_WORK, side="right")) - 1
        stop = min(max(stop, start + 1), n)
        yield start, stop
        start = stop


def _strongest_pairs(
    matrix: sp.csr_matrix, idf: np.ndarray, *, max_links: int, min_units: int
) -> tuple[np.ndarray, np.ndarray]:
    """Pairs ``a * n + b`` (``a < b``) among either paper's strongest, and their IDF units."""
    n = matrix.shape[0]
    weighted = matrix.multiply(((idf << _COUNT_BITS) + 1)[np.newaxis, :]).tocsr()
    transposed = matrix.T.tocsr()
    df = np.diff(transposed.indptr)
    found_pairs, found_scores = [], []
    for start, stop in _blocks(matrix, df):
        product = weighted[start:stop] @ transposed
        rows, cols, units = _top_per_row(product, start, max_links)
        keep = units >= min_units  # the same as filtering first: the filter only drops the weakest
        rows, cols, units = rows[keep], cols[keep], units[keep]
        found_pairs.append(np.minimum(rows, cols) * n + np.maximum(rows, cols))
        found_scores.append(units)
    pairs = np.concatenate(found_pairs) if found_pairs else np.zeros(0, dtype=np.int64)
    scores = np.concatenate(found_scores) if found_scores else np.zeros(0, dtype=np.int64)
    pairs, first = np.unique(pairs, return_index=True)
    return pairs, scores[first]


def _top_per_row(product: sp.csr_matrix, start: int, k: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Each row's ``k`` best other papers by (score descending, column ascending).

    Row ``r`` of ``product`` is paper ``start + r``; its own entry (the row's
    best score) is dropped. Sorting every candidate by three keys is the costly
    part, so one plain sort of packed ``(row, -score)`` integers first finds each
    row's (k+1)-th best score, self included; only entries reaching it (k per
    row, plus ties) get the exact sort.
    """
    n_rows = product.shape[0]
    counts = np.diff(product.indptr)
    units = product.data >> _COUNT_BITS
    if len(units) and int(units.max()) < 1 << _SCORE_BITS and n_rows < 1 << (63 - _SCORE_BITS):
        ceiling = (1 << _SCORE_BITS) - 1
        keys = np.repeat(np.arange(n_rows, dtype=np.int64) << _SCORE_BITS, counts)
        keys |= ceiling - units
        keys.sort()
        kth = keys[np.maximum(product.indptr[:-1] + np.minimum(counts, k + 1) - 1, 0)] & ceiling
        del keys
        reach = np.flatnonzero(units >= np.repeat(ceiling - kth, counts))
    else:
        reach = np.arange(len(units))
    rows = np.searchsorted(product.indptr, reach, side="right") - 1
    cols, units = product.indices[reach].astype(np.int64), units[reach]
    rows += start
    other = rows != cols
    rows, cols, units = rows[other], cols[other], units[other]
    order = np.lexsort((cols, -units, rows))
    rows, cols, units = rows[order], cols[order], units[order]
    first = np.searchsorted(rows, rows, side="left")
    top = np.arange(len(rows)) - first < k
    return rows[top], cols[top], units[top]


def _explain(
    papers: Sequence[str],
    kept: list[str],
    matrix: sp.csr_matrix,
    idf: np.ndarray,
    pairs: np.ndarray,
    scores: np.ndarray,
) -> list[PaperLink]:
    """Build the links with their shared entities, rarest (highest IDF) first, then by key."""
    n, entities = matrix.shape
    order = np.lexsort((np.arange(entities), -idf))  # entity ids from rarest to commonest
    rank = np.empty(entities, dtype=np.int64)
    rank[order] = np.arange(entities)
    by_rank = [kept[e] for e in order.tolist()]
    cells = np.repeat(np.arange(n, dtype=np.int64), np.diff(matrix.indptr)) * entities + matrix.indices
    links: list[PaperLink] = []
    for chunk in range(0, len(pairs), _EXPLAIN_CHUNK):
        a, b = np.divmod(pairs[chunk : chunk + _EXPLAIN_CHUNK], n)
        starts, counts = matrix.indptr[a], np.diff(matrix.indptr)[a]
        link = np.repeat(np.arange(len(a)), counts)
        offsets = np.arange(len(link)) - np.repeat(np.cumsum(counts) - counts, counts)
        candidate = matrix.indices[np.repeat(starts, counts) + offsets].astype(np.int64)
        wanted = b[link] * entities + candidate
        found = np.searchsorted(cells, wanted)
        hit = cells[np.minimum(found, len(cells) - 1)] == wanted
        link, shared = link[hit], rank[candidate[hit]]
        ordered = np.lexsort((shared, link))
        names = [by_rank[r] for r in shared[ordered].tolist()]
        bounds = np.searchsorted(link[ordered], np.arange(len(a) + 1)).tolist()
        units = scores[chunk : chunk + len(a)].tolist()
        for i, (source, target) in enumerate(zip(a.tolist(), b.tolist(), strict=True)):
            shared_names = tuple(names[bounds[i] : bounds[i + 1]])
            weight = round(units[i] / SCALE, 4)
            links.append(PaperLink(papers[source], papers[target], weight, shared_names))
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
