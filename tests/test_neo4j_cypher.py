"""The Cypher builders, tested as strings, and the graph -> rows conversion (no server)."""

from __future__ import annotations

import json
import re

import networkx as nx
import pytest
from hypothesis import given
from hypothesis import strategies as st

from kgraph.errors import ExportError
from kgraph.export import neo4j_cypher as cypher
from kgraph.export.neo4j_rows import RelGroup, node_rows, relationship_rows, to_properties
from kgraph.schema import NODE_KINDS, RELATIONSHIP_TYPES
from tests.neo4j_helpers import NASTY, nasty_graph, small_graph

IDENTIFIER = re.compile(r"[A-Z][A-Za-z_]*\Z")


def test_neo4j_cypher_schema_has_a_constraint_per_label_then_the_fulltext_index() -> None:
    queries = cypher.schema_queries()
    assert queries[:-1] == [
        f"CREATE CONSTRAINT kgraph_{label.lower()}_key IF NOT EXISTS FOR (n:{label}) REQUIRE n.key IS UNIQUE"
        for label in NODE_KINDS
    ]
    assert queries[-1] == (
        "CREATE FULLTEXT INDEX kgraph_fulltext IF NOT EXISTS FOR "
        "(n:Paper|Method|Dataset|Benchmark|Metric|Task|Technique|Repo) ON EACH [n.title, n.name, n.aliases]"
    )


def test_neo4j_cypher_labels_and_types_are_plain_identifiers() -> None:
    assert set(NODE_KINDS) == {
        "Paper",
        "Method",
        "Dataset",
        "Benchmark",
        "Metric",
        "Task",
        "Technique",
        "Repo",
    }
    assert all(IDENTIFIER.match(name) for name in (*NODE_KINDS, *RELATIONSHIP_TYPES))


@pytest.mark.parametrize("label", NODE_KINDS)
def test_neo4j_cypher_merge_nodes_uses_parameters_only(label: str) -> None:
    query = cypher.merge_nodes_query(label)
    assert query == f"UNWIND $rows AS row\nMERGE (n:{label} {{key: row.key}})\nSET n = row.props"
    assert cypher.merge_node_query(label) == f"MERGE (n:{label} {{key: $key}}) SET n = $props"


def test_neo4j_cypher_merge_relationships_matches_both_ends_on_their_keys() -> None:
    assert cypher.merge_relationships_query("SIMILAR_TO", "Paper", "Paper") == (
        "UNWIND $rows AS row\n"
        "MATCH (a:Paper {key: row.source})\n"
        "MATCH (b:Paper {key: row.target})\n"
        "MERGE (a)-[r:SIMILAR_TO]->(b)\n"
        "SET r = row.props"
    )
    assert cypher.merge_relationship_query("IMPLEMENTS", "Repo", "Method") == (
        "MATCH (a:Repo {key: $source}) MATCH (b:Method {key: $target}) "
        "MERGE (a)-[r:IMPLEMENTS]->(b) SET r = $props"
    )


@pytest.mark.parametrize("bad", ["Evil`) DETACH DELETE n //", "paper", "Entity", "", "Paper:Method"])
def test_neo4j_cypher_refuses_labels_outside_the_schema(bad: str) -> None:
    with pytest.raises(ValueError, match="unknown node label"):
        cypher.merge_nodes_query(bad)
    with pytest.raises(ValueError, match="unknown node label"):
        cypher.constraint_query(bad)
    with pytest.raises(ValueError, match="unknown node label"):
        cypher.merge_relationships_query("USES", "Paper", bad)


@pytest.mark.parametrize("bad", ["USES]->(b) DETACH DELETE a //", "uses", "MENTIONS", ""])
def test_neo4j_cypher_refuses_relationship_types_outside_the_schema(bad: str) -> None:
    with pytest.raises(ValueError, match="unknown relationship type"):
        cypher.merge_relationships_query(bad, "Paper", "Method")


def test_neo4j_cypher_delete_all_batches_in_transactions() -> None:
    assert cypher.delete_all_query() == (
        "MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS"
    )


def test_neo4j_rows_convert_attributes_by_the_documented_rules() -> None:
    props = to_properties(
        {
            "kind": "Paper",
            "bipartite": 0,
            "rel": "USES",
            "key": "k",
            "title": "T",
            "date": None,
            "authors": ("A", "B"),
            "repos": [],
            "categories": {"b", "a"},
            "count": 3,
            "weight": 1.5,
            "flag": True,
            "mixed_numbers": [1, 2.5],
            "mentions": [{"start": 0, "key": "M:x"}],
            "odd": ["a", 1],
        },
        where="test",
    )
    assert props == {
        "authors": ["A", "B"],
        "categories": ["a", "b"],
        "count": 3,
        "flag": True,
        "key": "k",
        "mentions_json": '[{"key": "M:x", "start": 0}]',
        "mixed_numbers": [1.0, 2.5],
        "odd_json": '["a", 1]',
        "title": "T",
        "weight": 1.5,
    }
    assert list(props) == sorted(props)


def test_neo4j_rows_refuse_values_neo4j_cannot_store() -> None:
    with pytest.raises(ExportError, match="attribute 'when' of type object cannot be stored"):
        to_properties({"when": object()}, where="paper:1")


def test_neo4j_rows_group_and_sort_the_small_graph() -> None:
    graph = small_graph(count=3)
    nodes = node_rows(graph)
    assert list(nodes) == [k for k in NODE_KINDS if k in nodes]
    assert [row.key for row in nodes["Paper"]] == ["2401.00000", "2401.00001", "2401.00002"]
    assert json.loads(nodes["Paper"][0].props["mentions_json"])[0]["key"] == "METHOD:x"
    rels = relationship_rows(graph)
    assert list(rels) == sorted(rels)
    assert RelGroup("IMPLEMENTS", "Repo", "Method") in rels
    assert sum(map(len, rels.values())) == graph.number_of_edges()
    assert sum(map(len, nodes.values())) == graph.number_of_nodes()


def test_neo4j_rows_keep_nasty_names_as_values() -> None:
    nodes = node_rows(nasty_graph())
    assert sorted(row.props["name"] for row in nodes["Method"]) == sorted(NASTY)


@pytest.mark.parametrize(
    ("attrs", "message"),
    [
        ({"kind": "Evil`) DETACH DELETE n //", "key": "x"}, "not a kgraph node kind"),
        ({"kind": "Method"}, "no string 'key'"),
    ],
)
def test_neo4j_rows_refuse_nodes_outside_the_schema(attrs: dict[str, str], message: str) -> None:
    graph = nx.DiGraph()
    graph.add_node("n", **attrs)
    with pytest.raises(ExportError, match=re.escape(message)):
        node_rows(graph)


def test_neo4j_rows_refuse_relationship_types_outside_the_schema() -> None:
    graph = small_graph(count=1)
    graph.add_edge("paper:2401.00000", "METHOD:bert", rel="USES]->() DETACH DELETE n //")
    with pytest.raises(ExportError, match="not a kgraph relationship type"):
        relationship_rows(graph)


def test_neo4j_rows_refuse_duplicate_keys_within_a_label() -> None:
    graph = small_graph(count=1)
    graph.add_node("METHOD:other", **{**graph.nodes["METHOD:bert"]})
    with pytest.raises(ExportError, match="two Method nodes have key 'METHOD:bert'"):
        node_rows(graph)


@given(st.text(), st.lists(st.text(), max_size=4))
def test_neo4j_rows_store_any_text_unchanged(text: str, aliases: list[str]) -> None:
    props = to_properties({"name": text, "aliases": aliases}, where="x")
    assert props.get("name") == text
    assert props.get("aliases", []) == aliases
