"""Cypher text for the Neo4j export, built by pure functions.

Values never enter the query text: every name, title or evidence sentence travels as a
parameter (``$rows``, ``$key``, ``$props``). The only names spliced into the text are labels
and relationship types, and those are checked against the fixed lists in :mod:`kgraph.schema`
(plain identifiers that need no quoting), so no input can change a query.

Every node label has a uniqueness constraint on ``key``; :func:`schema_queries` creates them
(and the full-text index) before anything is written, so ``MERGE`` finds nodes through the index
and re-running a load is idempotent.
"""

from __future__ import annotations

from kgraph.schema import NODE_KINDS, RELATIONSHIP_TYPES

__all__ = [
    "FULLTEXT_INDEX",
    "KEY",
    "any_node_query",
    "constraint_name",
    "constraint_query",
    "create_nodes_query",
    "create_relationships_query",
    "delete_all_query",
    "delete_nodes_query",
    "delete_relationships_query",
    "fulltext_index_query",
    "merge_node_query",
    "merge_nodes_query",
    "merge_relationship_query",
    "merge_relationships_query",
    "node_keys_query",
    "relationship_ends_query",
    "schema_queries",
    "schema_statements",
]

KEY = "key"
FULLTEXT_INDEX = "kgraph_fulltext"
FULLTEXT_PROPERTIES = ("title", "name", "aliases")


def _label(label: str) -> str:
    if label not in NODE_KINDS:
        raise ValueError(f"unknown node label {label!r}; valid labels: {', '.join(NODE_KINDS)}")
    return label


def _rel_type(rel_type: str) -> str:
    if rel_type not in RELATIONSHIP_TYPES:
        raise ValueError(
            f"unknown relationship type {rel_type!r}; valid types: {', '.join(RELATIONSHIP_TYPES)}"
        )
    return rel_type


def constraint_name(label: str) -> str:
    """Name of the uniqueness constraint on a label's key.

    >>> constraint_name("Paper")
    'kgraph_paper_key'
    """
    return f"kgraph_{_label(label).lower()}_key"


def constraint_query(label: str) -> str:
    """``CREATE CONSTRAINT`` making ``key`` unique for a label (no-op when it exists).

    >>> constraint_query("Method")
    'CREATE CONSTRAINT kgraph_method_key IF NOT EXISTS FOR (n:Method) REQUIRE n.key IS UNIQUE'
    """
    return (
        f"CREATE CONSTRAINT {constraint_name(label)} IF NOT EXISTS FOR (n:{label}) REQUIRE n.{KEY} IS UNIQUE"
    )


def fulltext_index_query() -> str:
    """``CREATE FULLTEXT INDEX`` over titles, names and aliases of every label.

    Query it with ``CALL db.index.fulltext.queryNodes('kgraph_fulltext', $text)``.
    """
    labels = "|".join(NODE_KINDS)
    properties = ", ".join(f"n.{p}" for p in FULLTEXT_PROPERTIES)
    return f"CREATE FULLTEXT INDEX {FULLTEXT_INDEX} IF NOT EXISTS FOR (n:{labels}) ON EACH [{properties}]"


def schema_statements() -> dict[str, str]:
    """Every schema statement by the name of the index it creates, constraints first.

    A uniqueness constraint creates an index of the constraint's name.
    """
    constraints = {constraint_name(label): constraint_query(label) for label in NODE_KINDS}
    return {**constraints, FULLTEXT_INDEX: fulltext_index_query()}


def schema_queries() -> list[str]:
    """Every schema statement, constraints first; run them before any write."""
    return list(schema_statements().values())


def merge_nodes_query(label: str) -> str:
    """Batched node upsert: ``$rows`` is a list of ``{key, props}`` maps.

    ``SET n = row.props`` replaces the properties, so a node always mirrors the latest load.

    >>> print(merge_nodes_query("Paper"))
    UNWIND $rows AS row
    MERGE (n:Paper {key: row.key})
    SET n = row.props
    """
    return f"UNWIND $rows AS row\nMERGE (n:{_label(label)} {{{KEY}: row.key}})\nSET n = row.props"


def merge_relationships_query(rel_type: str, source_label: str, target_label: str) -> str:
    """Batched relationship upsert: ``$rows`` is a list of ``{source, target, props}`` maps.

    >>> print(merge_relationships_query("USES", "Paper", "Method"))
    UNWIND $rows AS row
    MATCH (a:Paper {key: row.source})
    MATCH (b:Method {key: row.target})
    MERGE (a)-[r:USES]->(b)
    SET r = row.props
    """
    return _relationships_query("MERGE", rel_type, source_label, target_label)


def create_nodes_query(label: str) -> str:
    """Batched node insert for a load into a database with no kgraph node yet.

    ``CREATE`` skips the lookup ``MERGE`` makes, and the uniqueness constraint still refuses
    a second node with the same key. Rows as for :func:`merge_nodes_query`.

    >>> print(create_nodes_query("Paper"))
    UNWIND $rows AS row
    CREATE (n:Paper)
    SET n = row.props
    """
    return f"UNWIND $rows AS row\nCREATE (n:{_label(label)})\nSET n = row.props"


def create_relationships_query(rel_type: str, source_label: str, target_label: str) -> str:
    """Batched relationship insert between nodes this load created (see :func:`create_nodes_query`).

    >>> print(create_relationships_query("USES", "Paper", "Method"))
    UNWIND $rows AS row
    MATCH (a:Paper {key: row.source})
    MATCH (b:Method {key: row.target})
    CREATE (a)-[r:USES]->(b)
    SET r = row.props
    """
    return _relationships_query("CREATE", rel_type, source_label, target_label)


def _relationships_query(verb: str, rel_type: str, source_label: str, target_label: str) -> str:
    return (
        "UNWIND $rows AS row\n"
        f"MATCH (a:{_label(source_label)} {{{KEY}: row.source}})\n"
        f"MATCH (b:{_label(target_label)} {{{KEY}: row.target}})\n"
        f"{verb} (a)-[r:{_rel_type(rel_type)}]->(b)\n"
        "SET r = row.props"
    )


def any_node_query() -> str:
    """The key of one node with a kgraph label, if there is any.

    >>> any_node_query()
    'MATCH (n:Paper|Method|Dataset|Benchmark|Metric|Task|Technique|Repo) RETURN n.key AS key LIMIT 1'
    """
    return f"MATCH (n:{'|'.join(NODE_KINDS)}) RETURN n.{KEY} AS key LIMIT 1"


def merge_node_query(label: str) -> str:
    """One-node upsert with ``$key`` and ``$props`` (the per-row baseline of the benchmark).

    >>> merge_node_query("Repo")
    'MERGE (n:Repo {key: $key}) SET n = $props'
    """
    return f"MERGE (n:{_label(label)} {{{KEY}: $key}}) SET n = $props"


def merge_relationship_query(rel_type: str, source_label: str, target_label: str) -> str:
    """One-relationship upsert with ``$source``, ``$target`` and ``$props``."""
    return (
        f"MATCH (a:{_label(source_label)} {{{KEY}: $source}}) "
        f"MATCH (b:{_label(target_label)} {{{KEY}: $target}}) "
        f"MERGE (a)-[r:{_rel_type(rel_type)}]->(b) SET r = $props"
    )


def delete_all_query(batch_size: int = 10_000) -> str:
    """Delete every node and relationship in batches (run it in an auto-commit transaction).

    >>> delete_all_query(500)
    'MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 500 ROWS'
    """
    return f"MATCH (n) CALL (n) {{ DETACH DELETE n }} IN TRANSACTIONS OF {int(batch_size)} ROWS"


def node_keys_query(label: str) -> str:
    """The key of every node with a label.

    >>> node_keys_query("Paper")
    'MATCH (n:Paper) RETURN n.key AS key'
    """
    return f"MATCH (n:{_label(label)}) RETURN n.{KEY} AS key"


def relationship_ends_query(rel_type: str) -> str:
    """Labels and keys of both ends, and the element id, of every relationship of a type."""
    return (
        f"MATCH (a)-[r:{_rel_type(rel_type)}]->(b) RETURN labels(a) AS a_labels, a.{KEY} AS a_key, "
        f"labels(b) AS b_labels, b.{KEY} AS b_key, elementId(r) AS id"
    )


def delete_relationships_query() -> str:
    """Delete the relationships whose element ids are in ``$ids``.

    >>> delete_relationships_query()
    'UNWIND $ids AS id MATCH ()-[r]->() WHERE elementId(r) = id DELETE r'
    """
    return "UNWIND $ids AS id MATCH ()-[r]->() WHERE elementId(r) = id DELETE r"


def delete_nodes_query(label: str) -> str:
    """Delete the nodes of a label whose keys are in ``$keys``, with their relationships.

    >>> delete_nodes_query("Method")
    'UNWIND $keys AS key MATCH (n:Method {key: key}) DETACH DELETE n'
    """
    return f"UNWIND $keys AS key MATCH (n:{_label(label)} {{{KEY}: key}}) DETACH DELETE n"
