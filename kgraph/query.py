"""Analytics over a built graph: the questions users ask of it.

Every function takes the graph from :func:`kgraph.load_graph` (or a build) and
returns plain records, sorted deterministically.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

import networkx as nx

from kgraph.errors import KgraphError
from kgraph.models import EntityType, name_key
from kgraph.schema import PAPER, PROPOSES, REPO, SIMILAR_TO, USES

__all__ = [
    "Community",
    "EntityCount",
    "PaperHit",
    "SimilarPaper",
    "communities",
    "cooccurring_entities",
    "find_entity",
    "papers_with_entity",
    "similar_papers_to",
    "top_entities",
]


@dataclass(frozen=True, slots=True)
class PaperHit:
    """A paper and how it relates to the entity asked about."""

    paper_id: str
    title: str
    rel: str
    evidence: str


@dataclass(frozen=True, slots=True)
class EntityCount:
    key: str
    name: str
    type: str
    count: int


@dataclass(frozen=True, slots=True)
class SimilarPaper:
    """A linked paper, the link weight and the shared entities that explain it."""

    paper_id: str
    title: str
    weight: float
    shared: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Community:
    """A group of densely linked papers and the entities most of them share."""

    papers: tuple[str, ...]
    top_entities: tuple[str, ...]


class NotFound(KgraphError):
    """No node matches the name or id asked about."""


def find_entity(graph: nx.DiGraph, name: str, *, entity_type: str | None = None) -> str:
    """The key of the entity named ``name`` (by key, name or any alias; case, spacing and plural ignored).

    When several entities match, the one in most papers wins.

    Raises:
        NotFound: when no entity matches.
    """
    if name in graph and graph.nodes[name].get("kind") not in (PAPER, None):
        return name
    wanted = name_key(name)
    matches = []
    for node, data in graph.nodes(data=True):
        if data.get("kind") in (PAPER, REPO) or (entity_type and data.get("type") != entity_type.upper()):
            continue
        names = [data.get("name", ""), *data.get("aliases", [])]
        if any(name_key(n) == wanted for n in names):
            matches.append((-data.get("papers", 0), node))
    if not matches:
        raise NotFound(f'no entity named "{name}". Try `kgraph query top GRAPH` to list entity names.')
    return str(min(matches)[1])


def _paper_node(graph: nx.DiGraph, paper: str) -> str:
    for candidate in (paper, f"paper:{paper}"):
        if graph.nodes.get(candidate, {}).get("kind") == PAPER:
            return candidate
    wanted = name_key(paper)
    for node, data in graph.nodes(data=True):
        if data.get("kind") == PAPER and name_key(data.get("title", "")) == wanted:
            return str(node)
    raise NotFound(f'no paper with id or title "{paper}".')


def papers_with_entity(graph: nx.DiGraph, entity: str, *, rel: str | None = None) -> list[PaperHit]:
    """Papers that mention an entity, optionally only those with relation ``rel`` (e.g. PROPOSES).

    Proposing papers come first, then by title.
    """
    key = find_entity(graph, entity)
    hits = []
    for paper, _, data in graph.in_edges(key, data=True):
        if graph.nodes[paper].get("kind") != PAPER or (rel and data["rel"] != rel):
            continue
        hits.append(
            PaperHit(graph.nodes[paper]["key"], graph.nodes[paper]["title"], data["rel"], data["evidence"])
        )
    return sorted(hits, key=lambda h: (h.rel != PROPOSES, h.rel != USES, h.title, h.paper_id))


def cooccurring_entities(graph: nx.DiGraph, entity: str, *, limit: int = 10) -> list[EntityCount]:
    """Entities mentioned by the most papers that also mention ``entity``."""
    key = find_entity(graph, entity)
    counts: Counter[str] = Counter()
    for paper in graph.predecessors(key):
        if graph.nodes[paper].get("kind") != PAPER:
            continue
        for other in graph.successors(paper):
            data = graph.nodes[other]
            if other != key and data.get("kind") not in (PAPER, REPO):
                counts[other] += 1
    ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0]))[:limit]
    return [EntityCount(k, graph.nodes[k]["name"], graph.nodes[k]["type"], n) for k, n in ranked]


def similar_papers_to(graph: nx.DiGraph, paper: str, *, limit: int = 10) -> list[SimilarPaper]:
    """The papers linked to ``paper`` (id or title), strongest first, with the shared entities."""
    node = _paper_node(graph, paper)
    found = []
    for edge in (*graph.out_edges(node, data=True), *graph.in_edges(node, data=True)):
        source, target, data = edge
        if data.get("rel") != SIMILAR_TO:
            continue
        other = target if source == node else source
        found.append(
            SimilarPaper(
                graph.nodes[other]["key"],
                graph.nodes[other]["title"],
                data["weight"],
                tuple(data["shared_names"]),
            )
        )
    return sorted(found, key=lambda s: (-s.weight, s.paper_id))[:limit]


def top_entities(graph: nx.DiGraph, *, entity_type: str | None = None, limit: int = 10) -> list[EntityCount]:
    """The entities mentioned by the most papers, optionally of one type (``"DATASET"`` ...)."""
    if entity_type and entity_type.upper() not in EntityType.__members__:
        valid = ", ".join(EntityType.__members__)
        raise KgraphError(f'unknown entity type "{entity_type}". Valid types: {valid}.')
    rows = [
        EntityCount(node, data["name"], data["type"], data["papers"])
        for node, data in graph.nodes(data=True)
        if data.get("kind") not in (PAPER, REPO, None)
        and (entity_type is None or data["type"] == entity_type.upper())
    ]
    return sorted(rows, key=lambda r: (-r.count, r.key))[:limit]


def communities(graph: nx.DiGraph, *, min_size: int = 3, seed: int = 7) -> list[Community]:
    """Groups of papers found by Louvain modularity on the weighted paper-paper links.

    Each community lists its papers (ids, sorted) and the three entities most
    of its papers mention. Largest communities first; deterministic for a seed.
    """
    links = nx.Graph()
    for source, target, data in graph.edges(data=True):
        if data.get("rel") == SIMILAR_TO:
            links.add_edge(source, target, weight=data["weight"])
    found = []
    for members in nx.community.louvain_communities(links, weight="weight", seed=seed):
        if len(members) < min_size:
            continue
        counts: Counter[str] = Counter()
        for paper in members:
            counts.update(
                graph.nodes[e]["name"]
                for e in graph.successors(paper)
                if graph.nodes[e].get("kind") not in (PAPER, REPO)
            )
        top = tuple(name for name, _ in sorted(counts.items(), key=lambda i: (-i[1], i[0]))[:3])
        found.append(Community(tuple(sorted(graph.nodes[p]["key"] for p in members)), top))
    return sorted(found, key=lambda c: (-len(c.papers), c.papers))
