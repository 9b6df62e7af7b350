"""Turn a kgraph graph into Neo4j rows: labelled nodes and typed relationships with properties.

Shared by the Bolt loader (:mod:`kgraph.export.neo4j_writer`) and the bulk-import files
(:mod:`kgraph.export.neo4j_csv`), so both store exactly the same data:

* the label is the node's ``kind`` and the relationship type its ``rel``; both must come from
  :data:`kgraph.schema.NODE_KINDS` / :data:`kgraph.schema.RELATIONSHIP_TYPES`, because labels
  and types are the only names spliced into Cypher text;
* every node is identified by its ``key`` property (unique per label);
* ``kind``, ``bipartite`` and ``rel`` are not stored (label and type say it); ``None`` values
  and empty lists are omitted (the bulk importer cannot store an empty list, and both paths
  must agree: query them with ``coalesce(n.repos, [])``);
* strings, integers, floats and booleans are stored as they are; tuples, lists and sets of one
  of those as Neo4j lists (sets sorted); anything else (``mentions``, a list of dicts) as JSON
  text in a property named ``<name>_json``.

Rows are sorted by key so that loads are deterministic. The ``*_plan`` functions check the
schema of the whole graph cheaply (kinds, keys, types) before anything is written; the
``*_props`` functions convert one node or edge, so a loader can convert batch by batch.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

import networkx as nx

from kgraph.errors import ExportError
from kgraph.schema import NODE_KINDS, RELATIONSHIP_TYPES

__all__ = [
    "NodeRow",
    "RelGroup",
    "RelRow",
    "node_plan",
    "node_props",
    "node_rows",
    "relationship_plan",
    "relationship_props",
    "relationship_rows",
    "to_properties",
]

Scalar = str | int | float | bool
Properties = dict[str, Any]
NOT_STORED = frozenset({"kind", "bipartite", "rel"})


@dataclass(frozen=True, slots=True)
class NodeRow:
    """One node: its ``key`` and its properties (``key`` included)."""

    key: str
    props: Properties


@dataclass(frozen=True, slots=True)
class RelRow:
    """One relationship between two keys, with its properties."""

    source: str
    target: str
    props: Properties


@dataclass(frozen=True, slots=True, order=True)
class RelGroup:
    """Relationships of one type between two labels: one Cypher statement shape."""

    type: str
    source_label: str
    target_label: str


_SCALARS = (str, int, float, bool)
_COLLECTIONS = (list, tuple, set, frozenset)


def _as_list(values: list[Any] | tuple[Any, ...] | set[Any] | frozenset[Any]) -> list[Scalar] | None:
    """The values as a Neo4j list when they are homogeneous scalars, else None."""
    items = sorted(values) if isinstance(values, set | frozenset) else list(values)
    if all(type(v) is str for v in items):  # the common case, checked fast
        return items
    if not all(isinstance(v, _SCALARS) for v in items):
        return None
    kinds = {bool if isinstance(v, bool) else float if isinstance(v, float) else type(v) for v in items}
    if kinds == {int, float}:
        return [float(v) for v in items]
    return items if len(kinds) == 1 else None


def to_properties(attributes: dict[str, Any], *, where: str) -> Properties:
    """Neo4j properties from networkx attributes, sorted by name (rules in the module doc).

    >>> to_properties({"kind": "Method", "key": "METHOD:bert", "aliases": ("BERT",), "links": [],
    ...                "note": None, "mentions": [{"start": 0}]}, where="METHOD:bert")
    {'aliases': ['BERT'], 'key': 'METHOD:bert', 'mentions_json': '[{"start": 0}]'}
    """
    props: Properties = {}
    for name in sorted(attributes):
        value = attributes[name]
        if value is None or name in NOT_STORED:
            continue
        if isinstance(value, _SCALARS):
            props[name] = value
            continue
        if isinstance(value, (*_COLLECTIONS, dict)) and not value:
            continue  # empty: omitted like None
        if isinstance(value, _COLLECTIONS):
            as_list = _as_list(value)
            if as_list is not None:
                props[name] = as_list
                continue
        try:
            props[f"{name}_json"] = json.dumps(value, ensure_ascii=False, sort_keys=True)
        except TypeError as error:
            raise ExportError(
                f"{where}: attribute {name!r} of type {type(value).__name__} cannot be stored "
                f"in Neo4j ({error}). Use strings, numbers, booleans, lists or dicts of them."
            ) from None
    return props


def _label_and_key(graph: nx.DiGraph, node: str) -> tuple[str, str]:
    data = graph.nodes[node]
    label, key = data.get("kind"), data.get("key")
    if label not in NODE_KINDS:
        raise ExportError(
            f"node {node!r} has kind {label!r}, which is not a kgraph node kind. "
            f"Valid kinds: {', '.join(NODE_KINDS)} (see kgraph.schema)."
        )
    if not isinstance(key, str) or not key:
        raise ExportError(f"node {node!r} has no string 'key' attribute; every node needs one.")
    return label, key


def node_plan(graph: nx.DiGraph) -> dict[str, list[tuple[str, str]]]:
    """``(key, node id)`` per label, labels in schema order and keys sorted; no conversion yet.

    Raises:
        ExportError: a node has an unknown kind, no key, or a key used twice in one label.
    """
    by_label: dict[str, dict[str, str]] = {label: {} for label in NODE_KINDS}
    for node in graph:
        label, key = _label_and_key(graph, node)
        if key in by_label[label]:
            raise ExportError(f"two {label} nodes have key {key!r}; keys must be unique per kind.")
        by_label[label][key] = node
    return {label: sorted(nodes.items()) for label, nodes in by_label.items() if nodes}


def relationship_plan(graph: nx.DiGraph) -> dict[RelGroup, list[tuple[str, str, str, str]]]:
    """``(source key, target key, source id, target id)`` per group, all sorted; no conversion yet.

    Raises:
        ExportError: an edge has no ``rel`` or one not in :data:`kgraph.schema.RELATIONSHIP_TYPES`,
            or an end node breaks the schema.
    """
    groups: dict[RelGroup, list[tuple[str, str, str, str]]] = defaultdict(list)
    for source, target, rel in graph.edges(data="rel"):
        if rel not in RELATIONSHIP_TYPES:
            raise ExportError(
                f"edge {source!r} -> {target!r} has rel {rel!r}, which is not a kgraph "
                f"relationship type. Valid types: {', '.join(RELATIONSHIP_TYPES)}."
            )
        source_label, source_key = _label_and_key(graph, source)
        target_label, target_key = _label_and_key(graph, target)
        groups[RelGroup(rel, source_label, target_label)].append((source_key, target_key, source, target))
    return {group: sorted(groups[group]) for group in sorted(groups)}


def node_props(graph: nx.DiGraph, node: str) -> Properties:
    """The properties of one node (``key`` included)."""
    return to_properties(graph.nodes[node], where=str(node))


def relationship_props(graph: nx.DiGraph, source: str, target: str) -> Properties:
    """The properties of one edge."""
    data = graph.edges[source, target]
    return to_properties(data, where=f"{source} -[{data.get('rel')}]-> {target}")


def node_rows(graph: nx.DiGraph) -> dict[str, list[NodeRow]]:
    """Converted rows per label, in :func:`node_plan` order.

    Raises:
        ExportError: as :func:`node_plan`, or an attribute Neo4j cannot store.
    """
    return {
        label: [NodeRow(key, node_props(graph, node)) for key, node in plan]
        for label, plan in node_plan(graph).items()
    }


def relationship_rows(graph: nx.DiGraph) -> dict[RelGroup, list[RelRow]]:
    """Converted rows per group, in :func:`relationship_plan` order.

    Raises:
        ExportError: as :func:`relationship_plan`, or an attribute Neo4j cannot store.
    """
    return {
        group: [RelRow(sk, tk, relationship_props(graph, s, t)) for sk, tk, s, t in plan]
        for group, plan in relationship_plan(graph).items()
    }
