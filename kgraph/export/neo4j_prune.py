"""Remove from Neo4j what a kgraph graph no longer holds, so the database mirrors the graph.

Loading only upserts (:mod:`kgraph.export.neo4j_writer`): a paper that left the input, or a
link that a rebuild no longer makes, stays in the database. :func:`prune_neo4j` deletes them:

* nodes carrying a kgraph label (:data:`kgraph.schema.NODE_KINDS`) whose key is not in the
  graph, with their relationships;
* relationships of a kgraph type between two kgraph nodes that the graph does not have, such
  as a ``USES`` that became ``PROPOSES`` or a ``SIMILAR_TO`` link that a rebuild dropped.

Nodes and relationships with other labels or types belong to someone else and are never
touched. The keys in the database are read once per label and per relationship type and
compared here; the deletions go out in batches of ``batch_size``.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import networkx as nx
from neo4j import Driver

from kgraph.export import neo4j_cypher as cypher
from kgraph.export.neo4j_rows import node_plan, relationship_plan
from kgraph.schema import NODE_KINDS, RELATIONSHIP_TYPES

__all__ = ["PruneSummary", "prune_neo4j", "stale_nodes", "stale_relationships"]

RelationshipKey = tuple[str, str, str, str, str]  # (type, source label, source key, target label, key)


@dataclass(frozen=True, slots=True)
class PruneSummary:
    """How many nodes and relationships a prune deleted."""

    nodes_deleted: int
    relationships_deleted: int


def _chunks(items: list[str], size: int) -> Iterator[list[str]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _kgraph_label(labels: list[str]) -> str | None:
    return next((label for label in labels if label in NODE_KINDS), None)


def stale_nodes(graph: nx.DiGraph, driver: Driver, *, database: str | None = None) -> dict[str, list[str]]:
    """Keys per label of the kgraph nodes in the database that ``graph`` does not have, sorted."""
    wanted = {label: {key for key, _ in plan} for label, plan in node_plan(graph).items()}
    stale: dict[str, list[str]] = {}
    with driver.session(database=database) as session:
        for label in NODE_KINDS:
            keys = {record["key"] for record in session.run(cypher.node_keys_query(label))}
            extra = sorted(keys - wanted.get(label, set()), key=str)
            if extra:
                stale[label] = extra
    return stale


def stale_relationships(graph: nx.DiGraph, driver: Driver, *, database: str | None = None) -> list[str]:
    """Element ids of kgraph relationships in the database that ``graph`` does not have."""
    wanted: set[RelationshipKey] = {
        (group.type, group.source_label, source, group.target_label, target)
        for group, plan in relationship_plan(graph).items()
        for source, target, _, _ in plan
    }
    stale: list[str] = []
    with driver.session(database=database) as session:
        for rel_type in RELATIONSHIP_TYPES:
            for record in session.run(cypher.relationship_ends_query(rel_type)):
                source_label = _kgraph_label(record["a_labels"])
                target_label = _kgraph_label(record["b_labels"])
                if source_label is None or target_label is None:
                    continue  # not a kgraph relationship
                found = (rel_type, source_label, record["a_key"], target_label, record["b_key"])
                if found not in wanted:
                    stale.append(record["id"])
    return sorted(stale)


def prune_neo4j(
    graph: nx.DiGraph, driver: Driver, *, database: str | None = None, batch_size: int = 5000
) -> PruneSummary:
    """Delete the kgraph relationships, then the kgraph nodes, that ``graph`` does not have.

    Run it after loading ``graph``: the database then holds exactly what a load of ``graph``
    into an empty database would. Each batch is its own transaction, so an interrupted prune
    leaves a consistent database and re-running it finishes the job.
    """
    relationships = stale_relationships(graph, driver, database=database)
    nodes = stale_nodes(graph, driver, database=database)
    nodes_deleted = relationships_deleted = 0
    with driver.session(database=database) as session:
        for ids in _chunks(relationships, batch_size):
            counters = session.run(cypher.delete_relationships_query(), {"ids": ids}).consume().counters
            relationships_deleted += counters.relationships_deleted
        for label, keys in nodes.items():
            for chunk in _chunks(keys, batch_size):
                counters = session.run(cypher.delete_nodes_query(label), {"keys": chunk}).consume().counters
                nodes_deleted += counters.nodes_deleted
                relationships_deleted += counters.relationships_deleted
    return PruneSummary(nodes_deleted, relationships_deleted)
