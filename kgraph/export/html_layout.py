"""Lay a graph out ahead of time, so the HTML view opens settled with physics off.

networkx's ``spring_layout`` needs SciPy above 500 nodes and ``forceatlas2_layout``
is quadratic (over two minutes for 5,000 nodes), so this module has its own
Fruchterman-Reingold variant (Fruchterman & Reingold 1991, "Graph drawing by
force-directed placement") that scales:

* leaves (degree-1 nodes, e.g. an entity one paper mentions) are left out of the
  force simulation and placed on a ring around their neighbour afterwards;
* repulsion is exact between nodes in neighbouring grid cells and taken from
  cell centroids further away (the grid variant of the original paper, with a
  Barnes-Hut style far field), so one step costs O(n * cells) not O(n^2);
* a weak gravity keeps disconnected components together.

The result is deterministic for a given graph and seed.
"""

from __future__ import annotations

import math
from collections.abc import Hashable

import networkx as nx
import numpy as np

Positions = dict[Hashable, tuple[float, float]]

_EPS = 1e-9


def layout_positions(
    graph: nx.Graph, *, seed: int = 7, iterations: int = 80, spacing: float = 70.0
) -> Positions:
    """Positions (in screen pixels) for every node of ``graph``; edges are treated as undirected.

    Example:
        >>> pos = layout_positions(nx.path_graph(4))
        >>> sorted(pos) == [0, 1, 2, 3] and all(len(p) == 2 for p in pos.values())
        True
    """
    simple = nx.Graph(graph)
    nodes = sorted(simple, key=str)
    if not nodes:
        return {}
    degree = dict(simple.degree())
    leaves = [n for n in nodes if degree[n] == 1 and degree[next(iter(simple[n]))] > 1]
    leaf_set = set(leaves)
    core = [n for n in nodes if n not in leaf_set]
    index = {n: i for i, n in enumerate(core)}
    edges = np.array(
        [(index[u], index[v]) for u, v in simple.edges() if u in index and v in index and u != v],
        dtype=np.int64,
    ).reshape(-1, 2)
    rng = np.random.default_rng(seed)
    side = math.sqrt(len(core))
    pos = (rng.random((len(core), 2)) - 0.5) * side
    pos = _force_layout(pos, edges, iterations)
    pos *= spacing
    result: Positions = {n: (float(pos[i, 0]), float(pos[i, 1])) for n, i in index.items()}
    _place_leaves(simple, leaves, result, spacing)
    return {n: (round(x, 1), round(y, 1)) for n, (x, y) in result.items()}


def _force_layout(pos: np.ndarray, edges: np.ndarray, iterations: int) -> np.ndarray:
    """Move ``pos`` (ideal edge length 1) under FR forces with a cooling step cap."""
    n = len(pos)
    if n < 2:
        return pos
    start = math.sqrt(n) / 8 + 0.5
    for step in range(iterations):
        temperature = start * (1 - step / iterations) + 0.02
        disp = _repulsion(pos)
        if len(edges):
            delta = pos[edges[:, 0]] - pos[edges[:, 1]]
            pull = delta * np.linalg.norm(delta, axis=1)[:, None]  # d^2 / k along the edge
            disp[:, 0] -= np.bincount(edges[:, 0], pull[:, 0], n) - np.bincount(edges[:, 1], pull[:, 0], n)
            disp[:, 1] -= np.bincount(edges[:, 0], pull[:, 1], n) - np.bincount(edges[:, 1], pull[:, 1], n)
        disp -= 0.3 * pos * np.linalg.norm(pos, axis=1)[:, None] / math.sqrt(n)  # gravity: keeps components close
        length = np.maximum(np.linalg.norm(disp, axis=1), _EPS)
        pos = pos + disp * (np.minimum(length, temperature) / length)[:, None]
    return pos


def _repulsion(pos: np.ndarray) -> np.ndarray:
    """FR repulsion (k^2 / d, k = 1): exact within each node's 3x3 block of grid cells, and from
    the centroids of the cells beyond, evaluated once per cell."""
    n = len(pos)
    side = max(1, min(40, math.ceil(math.sqrt(n / 3))))
    # the grid spans the central 96% so that a few far-out nodes cannot crowd the rest into one cell
    low, high = np.quantile(pos, [0.02, 0.98], axis=0)
    size = max(float((high - low).max()) / side, _EPS)
    cx = np.clip(((pos[:, 0] - low[0]) / size).astype(np.int64), 0, side - 1)
    cy = np.clip(((pos[:, 1] - low[1]) / size).astype(np.int64), 0, side - 1)
    cell = cx * side + cy
    count = np.bincount(cell, minlength=side * side)
    occupied = np.flatnonzero(count)
    mass = count[occupied].astype(np.float64)
    total = np.stack([np.bincount(cell, pos[:, 0], side * side), np.bincount(cell, pos[:, 1], side * side)], 1)
    centre = total[occupied] / mass[:, None]
    ox, oy = occupied // side, occupied % side
    dx, dy = centre[:, None, 0] - centre[None, :, 0], centre[:, None, 1] - centre[None, :, 1]
    near = (np.abs(ox[:, None] - ox[None, :]) <= 1) & (np.abs(oy[:, None] - oy[None, :]) <= 1)
    w = np.where(near, 0.0, mass[None, :] / np.maximum(dx * dx + dy * dy, _EPS))
    far = np.zeros((side * side, 2))
    far[occupied, 0], far[occupied, 1] = (w * dx).sum(axis=1), (w * dy).sum(axis=1)
    force = far[cell]
    rows, cols = _neighbour_pairs(cx, cy, cell, count, side)
    delta = pos[rows] - pos[cols]
    push = delta / np.maximum((delta**2).sum(axis=1), 1e-4)[:, None]
    force[:, 0] += np.bincount(rows, push[:, 0], n)
    force[:, 1] += np.bincount(rows, push[:, 1], n)
    return force


def _neighbour_pairs(
    cx: np.ndarray, cy: np.ndarray, cell: np.ndarray, count: np.ndarray, side: int
) -> tuple[np.ndarray, np.ndarray]:
    """Every (i, j), i != j, with j in one of the 3x3 cells around i's cell."""
    order = np.argsort(cell, kind="stable")
    first = np.searchsorted(cell[order], np.arange(side * side))
    offsets = np.array([(a, b) for a in (-1, 0, 1) for b in (-1, 0, 1)])
    nx_, ny_ = cx[:, None] + offsets[:, 0], cy[:, None] + offsets[:, 1]
    valid = (nx_ >= 0) & (nx_ < side) & (ny_ >= 0) & (ny_ < side)
    src = np.nonzero(valid)[0]
    other = (nx_ * side + ny_)[valid]
    counts = count[other]
    rows = np.repeat(src, counts)
    within = np.arange(counts.sum()) - np.repeat(np.cumsum(counts) - counts, counts)
    cols = order[np.repeat(first[other], counts) + within]
    keep = rows != cols
    return rows[keep], cols[keep]


def _place_leaves(graph: nx.Graph, leaves: list[Hashable], pos: Positions, spacing: float) -> None:
    """Put each leaf on rings around its only neighbour, evenly spaced, away from the graph's centre."""
    by_parent: dict[Hashable, list[Hashable]] = {}
    for leaf in leaves:
        by_parent.setdefault(next(iter(graph[leaf])), []).append(leaf)
    for parent, children in by_parent.items():
        px, py = pos[parent]
        per_ring = 10
        for i, child in enumerate(children):
            ring, slot = divmod(i, per_ring)
            count = min(per_ring, len(children) - ring * per_ring)
            angle = 2 * math.pi * slot / count + ring * 0.3 + math.atan2(py, px)
            radius = spacing * (0.6 + 0.35 * ring)
            pos[child] = (px + radius * math.cos(angle), py + radius * math.sin(angle))
