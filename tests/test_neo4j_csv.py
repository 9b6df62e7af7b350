"""Bulk-import files: their format, and a real ``neo4j-admin database import full`` run whose
database must equal the Bolt load of the same graph."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import networkx as nx
import pytest
from click.testing import CliRunner
from neo4j import Driver, GraphDatabase

from kgraph.cli import cli
from kgraph.errors import ExportError
from kgraph.export.files import write_json
from kgraph.export.neo4j_csv import ARRAY_DELIMITER, column_types, csv_field, write_neo4j_csv
from kgraph.export.neo4j_cypher import schema_queries
from kgraph.export.neo4j_writer import write_neo4j
from kgraph.schema import NODE_KINDS
from tests.neo4j_helpers import counts, nasty_graph, small_graph, snapshot
from tests.plugins.neo4j_server import (
    Neo4jServer,
    run_server_script,
    start_server,
    stop_server,
    wipe,
)


def test_neo4j_csv_fields_quote_strings_and_join_lists() -> None:
    assert csv_field('He said "no", then\nleft', "x") == '"He said ""no"", then\nleft"'
    assert csv_field("", "x") == '""'  # an empty string, not a missing value
    assert csv_field(None, "x") == ""
    assert csv_field(3, "x") == "3" and csv_field(0.1, "x") == "0.1" and csv_field(False, "x") == "false"
    assert csv_field(['a"b', "c,d"], "x") == f'"a""b{ARRAY_DELIMITER}c,d"'


def test_neo4j_csv_refuses_the_array_delimiter_inside_a_list() -> None:
    with pytest.raises(ExportError, match="U\\+001F"):
        csv_field(["a" + ARRAY_DELIMITER + "b"], "paper:1 authors")


def test_neo4j_csv_column_types() -> None:
    rows = [{"n": 1, "w": 1, "names": ["a"], "ok": True}, {"w": 2.5, "names": []}]
    assert column_types(rows) == {"n": "long", "names": "string[]", "ok": "boolean", "w": "double"}
    with pytest.raises(ExportError, match="mixed types"):
        column_types([{"x": "a"}, {"x": 1}])


def test_neo4j_csv_writes_headers_args_and_constraints(tmp_path: Path) -> None:
    graph = small_graph(count=3)
    written = write_neo4j_csv(graph, tmp_path)
    assert written == sorted(written)
    names = {p.name for p in written}
    assert {"import.args", "constraints.cypher", "nodes_Paper.csv", "nodes_Paper.header.csv"} <= names
    assert (tmp_path / "nodes_Method.header.csv").read_text() == (
        "key:ID(Method),aliases:string[],name:string,papers:long,proposed_by:long,type:string\n"
    )
    assert (tmp_path / "rels_SIMILAR_TO_Paper_Paper.header.csv").read_text() == (
        ":START_ID(Paper),:END_ID(Paper),shared:string[],shared_names:string[],weight:double\n"
    )
    args = (tmp_path / "import.args").read_text().splitlines()
    assert args[:3] == ["--array-delimiter=U+001F", "--multiline-fields=true", "--bad-tolerance=0"]
    assert (
        "--relationships=IMPLEMENTS=rels_IMPLEMENTS_Repo_Method.header.csv,rels_IMPLEMENTS_Repo_Method.csv"
        in args
    )
    statements = (tmp_path / "constraints.cypher").read_text().split(";\n")
    assert statements[:-1] == schema_queries()
    rows = (tmp_path / "nodes_Paper.csv").read_text().splitlines()
    assert len(rows) == 3 and rows[0].startswith('"2401.00000",')


def test_neo4j_csv_rewrite_removes_stale_files(tmp_path: Path) -> None:
    write_neo4j_csv(small_graph(count=3), tmp_path)
    graph = nx.DiGraph()
    graph.add_node("paper:1", kind="Paper", key="1", title="Only")
    write_neo4j_csv(graph, tmp_path)
    assert sorted(p.name for p in tmp_path.glob("*.csv")) == ["nodes_Paper.csv", "nodes_Paper.header.csv"]


def test_neo4j_csv_cli(tmp_path: Path) -> None:
    path = write_json(small_graph(count=2), tmp_path / "graph.json")
    result = CliRunner().invoke(cli, ["export", "neo4j-csv", str(path), str(tmp_path / "bulk")])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "bulk" / "import.args").is_file()


@pytest.fixture
def imported(tmp_path: Path, bulk_graph: nx.DiGraph) -> Iterator[Driver]:
    """A second server started on a home filled by the real bulk importer."""
    write_neo4j_csv(bulk_graph, tmp_path / "csv")
    home = tmp_path / "home"
    done = run_server_script("import", str(tmp_path / "csv"), "--home", str(home))
    assert done.returncode == 0, f"neo4j-admin import failed:\n{done.stdout}\n{done.stderr}"
    assert f"{bulk_graph.number_of_nodes()} nodes" in done.stderr
    server: Neo4jServer = start_server(home, password=None)
    try:
        with GraphDatabase.driver(server.uri, auth=None) as driver:
            yield driver
    finally:
        stop_server(server)


@pytest.fixture
def bulk_graph(neo4j_corpus_graph: nx.DiGraph) -> nx.DiGraph:
    """The corpus graph plus names full of quotes, braces, newlines and Cypher keywords."""
    return nx.compose(neo4j_corpus_graph, nasty_graph())


@pytest.mark.neo4j
@pytest.mark.slow
def test_neo4j_csv_bulk_import_equals_the_bolt_load(
    imported: Driver, empty_neo4j: Driver, bulk_graph: nx.DiGraph, tmp_path: Path
) -> None:
    write_neo4j(bulk_graph, empty_neo4j)
    assert (
        counts(imported)
        == counts(empty_neo4j)
        == (bulk_graph.number_of_nodes(), bulk_graph.number_of_edges())
    )
    assert snapshot(imported) == snapshot(empty_neo4j)
    script = (tmp_path / "csv" / "constraints.cypher").read_text()
    for statement in filter(str.strip, script.split(";\n")):
        imported.execute_query(statement)
    constraints, _, _ = imported.execute_query("SHOW CONSTRAINTS YIELD labelsOrTypes RETURN *")
    assert sorted(r["labelsOrTypes"][0] for r in constraints) == sorted(NODE_KINDS)
    wipe(empty_neo4j)
