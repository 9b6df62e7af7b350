"""File exports: node-link JSON, GraphML with lists, CSV tables, atomic writes."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from kgraph.build import write_outputs
from kgraph.errors import InputError
from kgraph.export.atomic import atomic_write
from kgraph.export.files import read_graph


@pytest.fixture(scope="module")
def written(corpus_build, tmp_path_factory):  # type: ignore[no-untyped-def]
    out = tmp_path_factory.mktemp("exports")
    write_outputs(corpus_build, out)
    return out


def test_files_json_round_trip_is_exact(corpus_graph, written: Path) -> None:  # type: ignore[no-untyped-def]
    loaded = read_graph(written / "graph.json")
    assert dict(loaded.nodes(data=True)) == dict(corpus_graph.nodes(data=True))
    assert list(loaded.edges(data=True)) == list(corpus_graph.edges(data=True))


def test_files_graphml_keeps_list_attributes(corpus_graph, written: Path) -> None:  # type: ignore[no-untyped-def]
    loaded = read_graph(written / "graph.graphml")
    assert loaded.number_of_nodes() == corpus_graph.number_of_nodes()
    assert loaded.number_of_edges() == corpus_graph.number_of_edges()
    entity = next(n for n, d in corpus_graph.nodes(data=True) if len(d.get("aliases", [])) > 1)
    assert loaded.nodes[entity]["aliases"] == corpus_graph.nodes[entity]["aliases"]
    paper = next(n for n, d in corpus_graph.nodes(data=True) if d.get("repos"))
    assert loaded.nodes[paper]["repos"] == corpus_graph.nodes[paper]["repos"]
    assert loaded.nodes[paper]["mentions"] == corpus_graph.nodes[paper]["mentions"]


def test_files_csv_tables_match_the_graph(corpus_graph, written: Path) -> None:  # type: ignore[no-untyped-def]
    with (written / "csv" / "papers.csv").open(newline="") as stream:
        papers = list(csv.DictReader(stream))
    assert len(papers) == sum(1 for _, k in corpus_graph.nodes(data="kind") if k == "Paper")
    with (written / "csv" / "aliases.csv").open(newline="") as stream:
        aliases = list(csv.DictReader(stream))
    assert aliases and all(row["key"] in corpus_graph for row in aliases)


def test_files_same_input_same_bytes(corpus_build, written: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    write_outputs(corpus_build, tmp_path)
    for name in ("graph.json", "graph.graphml", "csv/relations.csv"):
        assert (tmp_path / name).read_bytes() == (written / name).read_bytes()


def test_files_atomic_write_keeps_previous_file_on_failure(tmp_path: Path) -> None:
    target = tmp_path / "graph.json"
    target.write_text('{"old": true}')
    with pytest.raises(RuntimeError), atomic_write(target) as stream:
        stream.write('{"new": ')
        raise RuntimeError("killed midway")
    assert json.loads(target.read_text()) == {"old": True}
    assert [p.name for p in tmp_path.iterdir()] == ["graph.json"]


def test_files_read_graph_errors_are_clear(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="Run `kgraph build"):
        read_graph(tmp_path / "missing.json")
    bad = tmp_path / "bad.json"
    bad.write_text("{not json")
    with pytest.raises(InputError, match="is not a kgraph graph file"):
        read_graph(bad)
