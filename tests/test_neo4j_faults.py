"""Neo4j faults and mirroring against real servers: pruning, `build --update`, a server killed mid-load."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import networkx as nx
import pytest
from click.testing import CliRunner
from neo4j import Driver, GraphDatabase

from kgraph.cli import cli
from kgraph.export.files import write_json
from kgraph.export.neo4j_prune import stale_nodes, stale_relationships
from kgraph.export.neo4j_writer import write_neo4j
from tests.neo4j_helpers import counts, entity, mention, small_graph, snapshot
from tests.plugins.neo4j_server import (
    TEST_PASSWORD,
    Neo4jServer,
    run_server_script,
    start_server,
    stop_server,
    wipe,
)

neo4j = pytest.mark.neo4j


def clean_load(driver: Driver, graph: nx.DiGraph) -> tuple[list[object], list[object]]:
    """The snapshot of ``graph`` loaded into an emptied database."""
    wipe(driver)
    write_neo4j(graph, driver)
    return snapshot(driver)


def shrunk_graph() -> nx.DiGraph:
    """small_graph(0, 3) changed the way a rebuild changes it: a role flips, an edge and a link go."""
    graph = small_graph(0, 3)
    first, second = "paper:2401.00000", "paper:2401.00001"
    graph.remove_edge(first, "TECHNIQUE:lora")
    graph.remove_edge(first, second)  # a SIMILAR_TO link the rebuild no longer makes
    graph.remove_edge(second, "METHOD:bert")
    mention(graph, second, "METHOD:bert", "PROPOSES")
    mention(graph, second, entity(graph, "METRIC", "BLEU"), "REPORTS")
    return graph


# ----------------------------------------------------------------------------- pruning


@neo4j
def test_neo4j_prune_makes_the_database_equal_a_clean_load(empty_neo4j: Driver) -> None:
    write_neo4j(small_graph(0, 6), empty_neo4j)
    graph = shrunk_graph()
    assert sorted(stale_nodes(graph, empty_neo4j)["Paper"]) == [f"2401.{i:05d}" for i in range(3, 6)]
    # lora, the link and the old USES of the kept papers; 16 mentions and 3 links of the others
    assert len(stale_relationships(graph, empty_neo4j)) == 3 + 16 + 3

    summary = write_neo4j(graph, empty_neo4j, prune=True)
    assert (summary.nodes_deleted, summary.relationships_deleted) == (3, 22)
    assert "removed 3 nodes and 22 relationships" in summary.describe("db")
    assert snapshot(empty_neo4j) == clean_load(empty_neo4j, graph)


@neo4j
def test_neo4j_load_without_prune_keeps_what_the_graph_dropped(empty_neo4j: Driver) -> None:
    write_neo4j(small_graph(0, 6), empty_neo4j)
    summary = write_neo4j(shrunk_graph(), empty_neo4j)
    assert (summary.nodes_deleted, summary.relationships_deleted) == (0, 0)
    assert counts(empty_neo4j)[0] == small_graph(0, 6).number_of_nodes() + 1  # + BLEU


@neo4j
def test_neo4j_prune_leaves_other_data_alone(empty_neo4j: Driver) -> None:
    write_neo4j(small_graph(0, 4), empty_neo4j)
    empty_neo4j.execute_query(
        "MATCH (p:Paper {key: '2401.00003'}), (m:Method {key: 'METHOD:bert'}) "
        "CREATE (:Note {text: 'mine'})-[:ABOUT]->(p), (p)-[:CITED_BY_ME]->(:Note {text: 'also mine'}), "
        "(m)-[:LIKED]->(:Note {text: 'third'})"
    )
    write_neo4j(small_graph(0, 3), empty_neo4j, prune=True)
    notes, _, _ = empty_neo4j.execute_query("MATCH (n:Note) RETURN n.text AS text ORDER BY text")
    assert [r["text"] for r in notes] == ["also mine", "mine", "third"]
    [liked], _, _ = empty_neo4j.execute_query("MATCH (:Method)-[r:LIKED]->(:Note) RETURN count(r) AS n")
    assert liked["n"] == 1  # a relationship of a foreign type on a kgraph node stays


@neo4j
def test_neo4j_export_cli_prune_flag(empty_neo4j: Driver, neo4j_server: Neo4jServer, tmp_path: Path) -> None:
    write_neo4j(small_graph(0, 5), empty_neo4j)
    path = write_json(small_graph(0, 2), tmp_path / "graph.json")
    args = ["export", "neo4j", str(path), "--uri", neo4j_server.uri, "--prune"]
    result = CliRunner().invoke(cli, args, env={"NEO4J_PASSWORD": neo4j_server.password or ""})
    assert result.exit_code == 0, result.output
    assert "removed 3 nodes" in result.output
    assert counts(empty_neo4j) == (small_graph(0, 2).number_of_nodes(), small_graph(0, 2).number_of_edges())


@neo4j
def test_neo4j_build_update_removes_vanished_papers_and_equals_a_full_rebuild(
    empty_neo4j: Driver, neo4j_server: Neo4jServer, gold_dir: Path, tmp_path: Path
) -> None:
    lines = (gold_dir / "corpus_input.jsonl").read_text(encoding="utf-8").splitlines(keepends=True)
    papers = tmp_path / "papers.jsonl"
    neo4j_args = ["--no-html", "--neo4j-uri", neo4j_server.uri, "--neo4j-user", neo4j_server.user]
    env = {"NEO4J_PASSWORD": neo4j_server.password or ""}

    papers.write_text("".join(lines[:12]), encoding="utf-8")
    build = ["build", str(papers), "--out", str(tmp_path / "out"), *neo4j_args]
    first = CliRunner().invoke(cli, build, env=env)
    assert first.exit_code == 0, first.output
    changed = json.loads(lines[8])
    changed["abstract"] += " We fine-tune it with LoRA and report BLEU."
    papers.write_text("".join([json.dumps(changed) + "\n", *lines[9:16]]), encoding="utf-8")
    updated = CliRunner().invoke(cli, [*build, "--update"], env=env)
    assert updated.exit_code == 0, updated.output
    assert "removed" in updated.output and "no longer in the graph" in updated.output
    vanished = json.loads(lines[0])["id"]
    found, _, _ = empty_neo4j.execute_query("MATCH (p:Paper {key: $key}) RETURN p", key=vanished)
    assert found == []
    after_update = snapshot(empty_neo4j)

    wipe(empty_neo4j)
    full = ["build", str(papers), "--out", str(tmp_path / "full"), *neo4j_args]
    assert CliRunner().invoke(cli, full, env=env).exit_code == 0
    assert after_update == snapshot(empty_neo4j)


# ----------------------------------------------------------------------------- server killed mid-load


@pytest.fixture(scope="module")
def doomed_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Neo4jServer]:
    """A server of this module's own, since the test kills it."""
    server = start_server(tmp_path_factory.mktemp("neo4j-doomed"))
    try:
        yield server
    finally:
        stop_server(server)


def kill_server(home: Path) -> None:
    pid = int((home / "run" / "kgraph-server.pid").read_text().strip())
    os.kill(pid, signal.SIGKILL)


def restart_server(server: Neo4jServer) -> None:
    port = server.uri.rsplit(":", 1)[1]
    done = run_server_script("start", "--port", port, "--home", str(server.home), "--password", TEST_PASSWORD)
    assert done.returncode == 0 and done.stdout.strip().endswith(server.uri), done.stdout + done.stderr


@neo4j
@pytest.mark.slow
def test_neo4j_server_killed_mid_load_then_rerun_converges_to_a_clean_load(
    doomed_server: Neo4jServer, empty_neo4j: Driver, tmp_path: Path
) -> None:
    assert doomed_server.home is not None
    graph = small_graph(0, 2_000)
    path = write_json(graph, tmp_path / "graph.json")
    command = [sys.executable, "-m", "kgraph", "export", "neo4j", str(path), "--uri", doomed_server.uri]
    command += ["--batch-size", "100"]
    env = {**os.environ, "NEO4J_PASSWORD": TEST_PASSWORD}

    load = subprocess.Popen(command, stderr=subprocess.PIPE, stdout=subprocess.PIPE, text=True, env=env)
    assert load.stderr is not None
    progress = []
    for line in load.stderr:  # "neo4j: USES (Paper->Method): 31000/86008 rows"
        progress.append(line)
        if "neo4j: " in line and "Paper->" in line:
            kill_server(doomed_server.home)
            break
    else:
        pytest.fail(f"the load ended before its relationships; nothing was interrupted: {progress}")
    _, rest_err = load.communicate(timeout=120)
    message = "".join(progress) + rest_err
    assert load.returncode == 3, message
    assert "lost the connection to Neo4j while writing" in message and "re-run the same command" in message
    assert "Traceback" not in message

    restart_server(doomed_server)
    with GraphDatabase.driver(doomed_server.uri, auth=doomed_server.auth) as driver:
        partial_nodes, partial_rels = counts(driver)
        assert partial_rels < graph.number_of_edges()  # the kill really interrupted the load
        rerun = subprocess.run(command, capture_output=True, text=True, env=env, timeout=600, check=False)
        assert rerun.returncode == 0, rerun.stderr
        assert counts(driver) == (graph.number_of_nodes(), graph.number_of_edges())
        [record], _, _ = driver.execute_query(
            "MATCH (n) WITH labels(n)[0] AS label, n.key AS key, count(*) AS copies "
            "RETURN max(copies) AS most"
        )
        assert record["most"] == 1
        converged = snapshot(driver)
    assert converged == clean_load(empty_neo4j, graph)  # on the session's own server
    assert partial_nodes <= graph.number_of_nodes()
