"""Lay a graph out ahead of time, so the HTML view opens settled with physics off.

networkx's ``spring_layout`` needs SciPy above 500 nodes and ``forceatlas2_layout``
is quadratic (over two minutes for 5,000 nodes), so this module has its own
force layout that scales: Fruchterman-Reingold attraction (d^2; Fruchterman &
Reingold 1991) with repulsion weighted by sqrt(degree + 1), after ForceAtlas2's
degree-weighted repulsion (Jacomy et al. 2014, PLoS ONE 9(6): e98679), and

* each connected component is laid out alone, then the components are packed in
  rows, biggest first, so small ones do not drift to a far-away ring;
* leaves (degree-1 nodes, e.g. an entity one paper mentions) stay out of the force
  simulation and are placed on rings around their neighbour afterwards;
* repulsion is exact between nodes in neighbouring grid cells and taken from cell
  centroids further away (a Barnes-Hut style far field), so one step costs
  O(n + cells^2) rather than O(n^2);
* given node radii, a last pass pushes overlapping nodes apart, so every node can
  be clicked.

The result is deterministic for a given graph and seed.
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Mapping
from typing import Any

import networkx as nx
import numpy as np

Positions = dict[Hashable, tuple[float, float]]

_EPS = 1e-9


def layout_positions(
    graph: nx.Graph,
    *,
    seed: int = 7,
    iterations: int = 60,
    spacing: float = 60.0,
    radius: Mapping[Any, float] | None = None,
) -> Positions:
    """Positions (in screen pixels) for every node of ``graph``; edges are treated as undirected.

    ``spacing`` is the typical edge length in pixels; with ``radius`` (pixels per node)
    overlapping nodes are pushed apart at the end.

    Example:
        >>> pos = layout_positions(nx.path_graph(4))
        >>> sorted(pos) == [0, 1, 2, 3] and all(len(p) == 2 for p in pos.values())
        True
    """
    simple = nx.Graph(graph)
    simple.remove_edges_from(nx.selfloop_edges(simple))
    rng = np.random.default_rng(seed)
    components = sorted(
        (sorted(c, key=str) for c in nx.connected_components(simple)), key=lambda c: (-len(c), str(c[0]))
    )
    pieces = [_layout_component(simple, nodes, rng, iterations) for nodes in components]
    packed = _pack(pieces, gap=1.0)
    nodes = list(packed)
    pos = np.array([packed[n] for n in nodes], dtype=np.float64).reshape(-1, 2) * spacing
    if radius is not None and len(nodes) > 1:
        pos = _separate(pos, np.array([radius.get(n, 0.0) for n in nodes], dtype=np.float64))
    return {n: (round(float(x), 1), round(float(y), 1)) for n, (x, y) in zip(nodes, pos, strict=True)}


def _layout_component(
    graph: nx.Graph, nodes: list[Hashable], rng: np.random.Generator, iterations: int
) -> Positions:
    """Positions of one connected component, centred on its bounding box."""
    if len(nodes) <= 2:
        return {n: (float(i) * 0.8, 0.0) for i, n in enumerate(nodes)}
    degree = {n: graph.degree(n) for n in nodes}
    leaves = [n for n in nodes if degree[n] == 1 and degree[next(iter(graph[n]))] > 1]
    leaf_set = set(leaves)
    core = [n for n in nodes if n not in leaf_set]
    index = {n: i for i, n in enumerate(core)}
    edges = np.array([(index[u], index[v]) for u, v in graph.subgraph(core).edges()], dtype=np.int64).reshape(
        -1, 2
    )
    mass = np.sqrt(np.array([degree[n] + 1 for n in core], dtype=np.float64))
    start = (rng.random((len(core), 2)) - 0.5) * math.sqrt(len(core)) * 2
    pos = _force_layout(start, edges, mass, iterations) if len(core) > 1 else start * 0
    if len(core) > 1:  # unit median nearest-neighbour distance: dense and sparse graphs look alike
        pos /= _median_nearest(pos)
    result: Positions = {n: (float(pos[i, 0]), float(pos[i, 1])) for n, i in index.items()}
    _place_leaves(graph, leaves, result)
    xs, ys = zip(*result.values(), strict=True)
    cx, cy = (max(xs) + min(xs)) / 2, (max(ys) + min(ys)) / 2
    return {n: (x - cx, y - cy) for n, (x, y) in result.items()}


def _force_layout(pos: np.ndarray, edges: np.ndarray, mass: np.ndarray, iterations: int) -> np.ndarray:
    """Move ``pos`` under repulsion m_i m_j / d, attraction d^2 along edges and a constant gravity
    m_i, with a cooling cap on each step."""
    n = len(pos)
    start = math.sqrt(n) / 4 + 1.0
    for step in range(iterations):
        temperature = start * (1 - step / iterations) + 0.05
        force = _repulsion(pos, mass) * mass[:, None]
        if len(edges):
            delta = pos[edges[:, 0]] - pos[edges[:, 1]]
            delta *= np.linalg.norm(delta, axis=1)[:, None]  # FR attraction d^2: loose nodes stay near
            for axis in (0, 1):
                force[:, axis] -= np.bincount(edges[:, 0], delta[:, axis], n)
                force[:, axis] += np.bincount(edges[:, 1], delta[:, axis], n)
        norm = np.maximum(np.linalg.norm(pos, axis=1), _EPS)
        force -= (0.3 * mass / norm)[:, None] * pos  # gravity of constant strength towards the centre
        disp = force / mass[:, None]
        length = np.maximum(np.linalg.norm(disp, axis=1), _EPS)
        pos = pos + disp * (np.minimum(length, temperature) / length)[:, None]
    return pos


def _repulsion(pos: np.ndarray, mass: np.ndarray) -> np.ndarray:
    """sum_j m_j (x_i - x_j) / d^2: exact within each node's 3x3 block of grid cells, and from
    the mass centres of the cells beyond, evaluated once per cell."""
    n = len(pos)
    side = max(1, min(32, math.ceil(math.sqrt(n / 6))))
    # the grid spans the central 96% so that a few far-out nodes cannot crowd the rest into one cell
    low, high = np.quantile(pos, [0.02, 0.98], axis=0)
    size = max(float((high - low).max()) / side, _EPS)
    cx = np.clip(((pos[:, 0] - low[0]) / size).astype(np.int64), 0, side - 1)
    cy = np.clip(((pos[:, 1] - low[1]) / size).astype(np.int64), 0, side - 1)
    cell = cx * side + cy
    cells = side * side
    count = np.bincount(cell, minlength=cells)
    occupied = np.flatnonzero(count)
    weight = np.bincount(cell, mass, cells)[occupied]
    moment = np.stack(
        [np.bincount(cell, mass * pos[:, 0], cells), np.bincount(cell, mass * pos[:, 1], cells)], 1
    )
    centre = moment[occupied] / weight[:, None]
    ox, oy = occupied // side, occupied % side
    dx, dy = centre[:, None, 0] - centre[None, :, 0], centre[:, None, 1] - centre[None, :, 1]
    near = (np.abs(ox[:, None] - ox[None, :]) <= 1) & (np.abs(oy[:, None] - oy[None, :]) <= 1)
    w = np.where(near, 0.0, weight[None, :] / np.maximum(dx * dx + dy * dy, _EPS))
    far = np.zeros((cells, 2))
    far[occupied, 0], far[occupied, 1] = (w * dx).sum(axis=1), (w * dy).sum(axis=1)
    force: np.ndarray = far[cell]
    rows, cols = _neighbour_pairs(cx, cy, cell, count, side)
    delta = pos[rows] - pos[cols]
    push = delta * (mass[cols] / np.maximum((delta**2).sum(axis=1), 1e-4))[:, None]
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


def _grid(pos: np.ndarray, reach: float) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, int]:
    """Cells of width ``reach`` over ``pos``: (cx, cy, cell, count per cell, cells per side)."""
    low = pos.min(axis=0)
    side = int(min(400, max(1, math.ceil(float((pos.max(axis=0) - low).max()) / reach))))
    cx = np.minimum(((pos[:, 0] - low[0]) / reach).astype(np.int64), side - 1)
    cy = np.minimum(((pos[:, 1] - low[1]) / reach).astype(np.int64), side - 1)
    cell = cx * side + cy
    return cx, cy, cell, np.bincount(cell, minlength=side * side), side


def _median_nearest(pos: np.ndarray) -> float:
    """Median distance from a node to its nearest neighbour (nodes alone in their 3x3 cells skipped)."""
    span = float((pos.max(axis=0) - pos.min(axis=0)).max())
    cx, cy, cell, count, side = _grid(pos, max(span / math.sqrt(len(pos)), _EPS))
    rows, cols = _neighbour_pairs(cx, cy, cell, count, side)
    nearest = np.full(len(pos), np.inf)
    np.minimum.at(nearest, rows, np.linalg.norm(pos[rows] - pos[cols], axis=1))
    found = nearest[np.isfinite(nearest)]
    return max(float(np.median(found)), _EPS) if len(found) else 1.0


def _separate(pos: np.ndarray, radius: np.ndarray, rounds: int = 16, pad: float = 3.0) -> np.ndarray:
    """Push overlapping nodes (discs of ``radius`` plus ``pad``) apart, half the overlap each per round.

    Pairs are found in a grid sized for ordinary nodes; the few big ones are checked against all.
    """
    ordinary = float(np.quantile(radius, 0.99))
    is_big = radius > ordinary
    big = np.flatnonzero(is_big)
    # each big node against every other node, each pair once (a big-big pair from its larger index)
    b, j = np.repeat(big, len(pos)), np.tile(np.arange(len(pos)), len(big))
    ok = (j != b) & ~(is_big[j] & (j > b))
    b, j = b[ok], j[ok]
    for _ in range(rounds):
        cx, cy, cell, count, side = _grid(pos, 2 * (ordinary + pad))
        rows, cols = _neighbour_pairs(cx, cy, cell, count, side)
        small = ~(is_big[rows] | is_big[cols])
        rows, cols = np.concatenate([rows[small], b, j]), np.concatenate([cols[small], j, b])
        delta = pos[rows] - pos[cols]
        dist = np.sqrt((delta**2).sum(axis=1))
        overlap = radius[rows] + radius[cols] + pad - dist
        hit = overlap > 0
        if not hit.any():
            break
        rows, delta, dist, overlap = rows[hit], delta[hit], dist[hit], overlap[hit]
        tied = dist < 1e-6  # same spot: separate along a fixed, index-dependent direction
        delta[tied] = np.stack([np.cos(rows[tied]), np.sin(rows[tied])], axis=1)
        dist[tied] = 1.0
        push = delta * (0.5 * overlap / dist)[:, None]
        pos = pos + np.stack(
            [np.bincount(rows, push[:, 0], len(pos)), np.bincount(rows, push[:, 1], len(pos))], 1
        )
    return pos


def _place_leaves(graph: nx.Graph, leaves: list[Hashable], pos: Positions) -> None:
    """Put each leaf on rings around its only neighbour, facing away from the component's centre."""
    by_parent: dict[Hashable, list[Hashable]] = {}
    for leaf in leaves:
        by_parent.setdefault(next(iter(graph[leaf])), []).append(leaf)
    per_ring = 8
    for parent, children in by_parent.items():
        px, py = pos[parent]
        outward = math.atan2(py, px)
        for i, child in enumerate(children):
            ring, slot = divmod(i, per_ring)
            count = min(per_ring, len(children) - ring * per_ring)
            spread = math.pi * min(1.0, 0.25 * count) if ring == 0 else math.pi
            angle = outward + (slot - (count - 1) / 2) * (2 * spread / max(count, 1))
            radius = 0.55 + 0.3 * ring
            pos[child] = (px + radius * math.cos(angle), py + radius * math.sin(angle))


def _pack(pieces: list[Positions], gap: float) -> Positions:
    """Shelf-pack the components' bounding boxes in rows (biggest first) and centre the whole."""
    boxes = []
    for piece in pieces:
        xs, ys = zip(*piece.values(), strict=True)
        boxes.append((max(xs) - min(xs) + gap, max(ys) - min(ys) + gap, min(xs), min(ys)))
    # rows about 1.6 times as wide as the drawing is tall, the shape of a typical screen
    row_width = max(max(b[0] for b in boxes), math.sqrt(sum(b[0] * b[1] for b in boxes) * 1.6))
    packed: Positions = {}
    x = y = row_height = 0.0
    for piece, (width, height, left, bottom) in zip(pieces, boxes, strict=True):
        if x > 0 and x + width > row_width:
            x, y, row_height = 0.0, y + row_height, 0.0
        for node, (px, py) in piece.items():
            packed[node] = (x + px - left, y + py - bottom)
        x += width
        row_height = max(row_height, height)
    xs, ys = zip(*packed.values(), strict=True)
    cx, cy = (max(xs) + min(xs)) / 2, (max(ys) + min(ys)) / 2
    return {n: (px - cx, py - cy) for n, (px, py) in packed.items()}
