"""The Bolt loader against a real Neo4j server: schema, idempotence, growth, names, errors."""

from __future__ import annotations

import json
import subprocess
import sys
import threading
import time
from pathlib import Path

import networkx as nx
import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from neo4j import Driver, Result, Session
from neo4j.exceptions import ClientError, ServiceUnavailable, TransientError

from kgraph.cli import cli
from kgraph.errors import ExportError
from kgraph.export.files import write_json
from kgraph.export.neo4j_rows import node_plan, relationship_plan
from kgraph.export.neo4j_writer import (
    LoadSummary,
    Neo4jAuthError,
    Neo4jUnavailableError,
    RetryPolicy,
    _batches,
    _Turns,
    _write_batch,
    connect,
    export_neo4j,
    prefetch,
    run_with_retries,
    write_neo4j,
)
from kgraph.schema import NODE_KINDS
from tests.neo4j_helpers import NASTY, counts, entity, nasty_graph, paper, small_graph, snapshot
from tests.plugins.neo4j_server import Neo4jServer, free_port, wipe

neo4j = pytest.mark.neo4j


# ----------------------------------------------------------------------------- retries (no server)


def test_neo4j_writer_retries_transient_errors_then_succeeds() -> None:
    calls, sleeps, retries = [], [], []

    def flaky() -> str:
        calls.append(1)
        if len(calls) < 3:
            raise TransientError("deadlock")
        return "done"

    policy = RetryPolicy(attempts=5, first_delay=0.1, factor=3, sleep=sleeps.append)
    assert run_with_retries(flaky, policy, lambda: retries.append(1)) == "done"
    assert sleeps == pytest.approx([0.1, 0.3]) and len(retries) == 2


@pytest.mark.parametrize("error", [ClientError("bad query"), ValueError("not a driver error")])
def test_neo4j_writer_does_not_retry_other_errors(error: Exception) -> None:
    calls = []

    def broken() -> None:
        calls.append(1)
        raise error

    with pytest.raises(type(error)):
        run_with_retries(broken, RetryPolicy(sleep=lambda _: None), lambda: None)
    assert len(calls) == 1


def test_neo4j_writer_gives_up_after_the_last_attempt() -> None:
    def down() -> None:
        raise ServiceUnavailable("gone")

    with pytest.raises(ServiceUnavailable):
        run_with_retries(down, RetryPolicy(attempts=3, sleep=lambda _: None), lambda: None)


def test_neo4j_writer_prefetch_keeps_order_and_raises_producer_errors() -> None:
    assert list(prefetch(iter(range(100)), depth=3)) == list(range(100))

    def failing():  # type: ignore[no-untyped-def]
        yield 1
        raise ExportError("bad attribute")

    got = []
    with pytest.raises(ExportError, match="bad attribute"):
        for item in prefetch(failing()):
            got.append(item)
    assert got == [1]


def test_neo4j_writer_prefetch_stops_its_thread_when_the_consumer_stops() -> None:
    import threading

    for item in prefetch(iter(range(10_000)), depth=1):
        if item == 3:
            break
    assert not any(t.name == "kgraph-neo4j-rows" for t in threading.enumerate())


@pytest.mark.parametrize("fresh", [True, False])
def test_neo4j_writer_creates_into_a_fresh_database_and_always_retries_with_merge(fresh: bool) -> None:
    graph = small_graph(count=2)
    plan = _batches(graph, node_plan(graph), relationship_plan(graph), 3, fresh=fresh)
    batches = [*plan.node_batches, *plan.relationship_batches]
    assert sum(len(rows) for *_, rows in batches) == plan.nodes + plan.relationships
    for _, query, retry_query, _ in batches:
        assert ("CREATE (" in query) is fresh and ("MERGE (" in query) is not fresh
        assert "MERGE (" in retry_query and "CREATE (" not in retry_query


class FailingSession:
    """Stands in for a session: its first ``failures`` runs raise ``error``, then it "writes".

    It records each run's query and whether the batch then ran alone (see ``_Turns``).
    """

    counters = "written"

    def __init__(self, error: Exception, failures: int, turns: _Turns) -> None:
        self.error, self.failures, self.turns = error, failures, turns
        self.queries: list[str] = []
        self.alone: list[bool] = []

    def run(self, query: str, parameters: dict[str, object]) -> FailingSession:
        self.queries.append(query)
        self.alone.append(self.turns._alone)
        if len(self.queries) <= self.failures:
            raise self.error
        return self

    def consume(self) -> FailingSession:
        return self


def test_neo4j_writer_retry_of_a_create_batch_runs_the_merge_statement() -> None:
    turns = _Turns()
    session = FailingSession(ServiceUnavailable("connection lost"), 1, turns)  # as if it dropped
    policy = RetryPolicy(attempts=3, first_delay=0, sleep=lambda _: None)
    result = _write_batch(session, turns, "CREATE", [], policy, lambda: None, retry_query="MERGE")  # type: ignore[arg-type]
    assert result == "written" and session.queries == ["CREATE", "MERGE"]


# ----------------------------------------------------------------------------- real server


@neo4j
def test_neo4j_writer_creates_constraints_and_fulltext_index_even_for_an_empty_graph(
    empty_neo4j: Driver,
) -> None:
    write_neo4j(nx.DiGraph(), empty_neo4j)
    constraints, _, _ = empty_neo4j.execute_query(
        "SHOW CONSTRAINTS YIELD name, type, labelsOrTypes, properties RETURN *"
    )
    assert {(r["labelsOrTypes"][0], r["type"], tuple(r["properties"])) for r in constraints} == {
        (label, "UNIQUENESS", ("key",)) for label in NODE_KINDS
    }
    [index], _, _ = empty_neo4j.execute_query(
        "SHOW INDEXES YIELD name, type, state, labelsOrTypes, properties WHERE type = 'FULLTEXT' RETURN *"
    )
    assert index["name"] == "kgraph_fulltext" and index["state"] == "ONLINE"
    assert set(index["labelsOrTypes"]) == set(NODE_KINDS)
    assert index["properties"] == ["title", "name", "aliases"]
    assert counts(empty_neo4j) == (0, 0)


@neo4j
def test_neo4j_writer_create_batch_committed_but_unacknowledged_is_retried_without_duplicates(
    empty_neo4j: Driver,
) -> None:
    graph = small_graph(count=3)
    plan = _batches(graph, node_plan(graph), relationship_plan(graph), 1000, fresh=True)
    attempts: list[str] = []

    class LostAcknowledgement:  # the server commits the first attempt, then the reply is lost
        def __init__(self, session: Session) -> None:
            self.session = session

        def run(self, query: str, parameters: dict[str, object]) -> Result:
            attempts.append(query.split("\n")[-2])
            result = self.session.run(query, parameters)
            result.consume()
            if len(attempts) == 1:
                raise ServiceUnavailable("connection lost after the commit")
            return result

    write_neo4j(nx.DiGraph(), empty_neo4j)  # the schema
    policy = RetryPolicy(attempts=3, first_delay=0, sleep=lambda _: None)
    with empty_neo4j.session() as session:
        for _, query, retry_query, rows in [*plan.node_batches, *plan.relationship_batches]:
            attempts.clear()
            flaky = LostAcknowledgement(session)
            _write_batch(flaky, _Turns(), query, rows, policy, lambda: None, retry_query=retry_query)  # type: ignore[arg-type]
            assert attempts[0].startswith("CREATE") and attempts[1].startswith("MERGE")
    assert counts(empty_neo4j) == (graph.number_of_nodes(), graph.number_of_edges())
    loaded = snapshot(empty_neo4j)
    wipe(empty_neo4j)
    write_neo4j(graph, empty_neo4j)
    assert snapshot(empty_neo4j) == loaded


@neo4j
def test_neo4j_writer_fresh_and_incremental_loads_store_the_same(empty_neo4j: Driver) -> None:
    graph = nx.compose(small_graph(count=4), nasty_graph())
    fresh = write_neo4j(graph, empty_neo4j)  # CREATE statements
    assert (fresh.nodes_created, fresh.relationships_created) == (
        graph.number_of_nodes(),
        graph.number_of_edges(),
    )
    created = snapshot(empty_neo4j)
    wipe(empty_neo4j)
    write_neo4j(small_graph(count=1), empty_neo4j)
    write_neo4j(graph, empty_neo4j)  # MERGE statements over what the first load wrote
    assert snapshot(empty_neo4j) == created


@neo4j
def test_neo4j_writer_stores_labels_types_and_properties(empty_neo4j: Driver) -> None:
    graph = small_graph(count=3)
    summary = write_neo4j(graph, empty_neo4j)
    assert (summary.nodes, summary.relationships) == (graph.number_of_nodes(), graph.number_of_edges())
    assert (summary.nodes_created, summary.relationships_created) == (summary.nodes, summary.relationships)
    assert counts(empty_neo4j) == (graph.number_of_nodes(), graph.number_of_edges())
    [record], _, _ = empty_neo4j.execute_query(
        "MATCH (p:Paper {key: '2401.00000'})-[r:PROPOSES]->(m:Method) "
        "RETURN properties(p) AS p, properties(r) AS r, properties(m) AS m, labels(m) AS labels"
    )
    attrs = graph.nodes["paper:2401.00000"]
    assert record["p"]["authors"] == attrs["authors"]
    assert json.loads(record["p"]["mentions_json"]) == attrs["mentions"]
    assert "date" not in record["p"] and "repos" not in record["p"]  # None and [] are omitted
    assert record["r"] == {
        k: v for k, v in graph.edges["paper:2401.00000", "METHOD:bert"].items() if k != "rel"
    }
    assert record["labels"] == ["Method"] and record["m"]["aliases"] == ["bert-base"]
    [link], _, _ = empty_neo4j.execute_query(
        "MATCH (:Paper)-[s:SIMILAR_TO]->(:Paper) RETURN s.weight AS w, s.shared AS shared LIMIT 1"
    )
    assert link["w"] == 3.25 and link["shared"] == ["METHOD:bert", "DATASET:squad"]


@neo4j
@pytest.mark.parametrize("batch_size", [1, 7, 2000])
def test_neo4j_writer_is_idempotent(empty_neo4j: Driver, batch_size: int) -> None:
    graph = nx.compose(small_graph(count=4), nasty_graph())
    write_neo4j(graph, empty_neo4j, batch_size=batch_size)
    first = snapshot(empty_neo4j)
    again = write_neo4j(graph, empty_neo4j, batch_size=batch_size)
    assert snapshot(empty_neo4j) == first
    assert (again.nodes_created, again.relationships_created) == (0, 0)
    assert counts(empty_neo4j) == (graph.number_of_nodes(), graph.number_of_edges())


@neo4j
@pytest.mark.parametrize(("workers", "batch_size"), [(2, 1), (4, 3), (8, 2)])
def test_neo4j_writer_concurrent_sessions_write_what_one_session_writes(
    empty_neo4j: Driver, workers: int, batch_size: int
) -> None:
    graph = nx.compose(small_graph(count=12), nasty_graph())  # every paper shares the same hubs
    write_neo4j(graph, empty_neo4j, batch_size=batch_size, workers=1)
    alone = snapshot(empty_neo4j)
    wipe(empty_neo4j)
    summary = write_neo4j(graph, empty_neo4j, batch_size=batch_size, workers=workers)
    assert snapshot(empty_neo4j) == alone
    assert (summary.nodes_created, summary.relationships_created) == (
        graph.number_of_nodes(),
        graph.number_of_edges(),
    )


@neo4j
def test_neo4j_writer_adds_a_bigger_graph_without_duplicates(empty_neo4j: Driver) -> None:
    write_neo4j(small_graph(0, 3), empty_neo4j)
    bigger = small_graph(0, 6)
    summary = write_neo4j(bigger, empty_neo4j)
    assert summary.nodes_created == 3  # three new papers; entities and the repo exist already
    assert counts(empty_neo4j) == (bigger.number_of_nodes(), bigger.number_of_edges())
    [record], _, _ = empty_neo4j.execute_query(
        "MATCH (n) WITH labels(n)[0] AS label, n.key AS key, count(*) AS copies RETURN max(copies) AS most"
    )
    assert record["most"] == 1
    fresh = snapshot(empty_neo4j)
    wipe(empty_neo4j)
    write_neo4j(bigger, empty_neo4j)
    assert snapshot(empty_neo4j) == fresh  # same as loading the bigger graph alone


@neo4j
def test_neo4j_writer_loads_nasty_names_verbatim_without_touching_other_data(empty_neo4j: Driver) -> None:
    empty_neo4j.execute_query("CREATE (:Sentinel {name: 'keep me'})")
    graph = nasty_graph()
    write_neo4j(graph, empty_neo4j)
    records, _, _ = empty_neo4j.execute_query(
        "MATCH (p:Paper)-[r:USES]->(m:Method) "
        "RETURN p.key AS pkey, p.title AS title, m.key AS mkey, m.name AS name, m.aliases AS aliases, "
        "r.evidence AS evidence ORDER BY title"
    )
    assert sorted(r["title"] for r in records) == sorted(NASTY)
    for r in records:
        assert r["name"] == r["title"] == r["evidence"] and r["mkey"] == f"METHOD:{r['title']}"
        assert r["aliases"][0] == r["title"]
        assert graph.nodes[f"paper:{r['pkey']}"]["title"] == r["title"]
    sentinel, _, _ = empty_neo4j.execute_query("MATCH (s:Sentinel) RETURN s.name AS name")
    assert [s["name"] for s in sentinel] == ["keep me"]


@neo4j
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(name=st.text(min_size=1, max_size=40), aliases=st.lists(st.text(max_size=20), max_size=3))
def test_neo4j_writer_round_trips_any_text(empty_neo4j: Driver, name: str, aliases: list[str]) -> None:
    graph = nx.DiGraph()
    p = paper(graph, name, name)
    m = entity(graph, "METHOD", name, *aliases, key=f"METHOD:{name}")
    graph.add_edge(p, m, rel="USES", evidence=name)
    write_neo4j(graph, empty_neo4j)
    records, _, _ = empty_neo4j.execute_query(
        "MATCH (p:Paper {key: $key})-[r:USES]->(m:Method {key: $mkey}) "
        "RETURN p.title AS title, m.name AS name, m.aliases AS aliases, r.evidence AS evidence",
        {"key": name, "mkey": f"METHOD:{name}"},
    )
    assert [(r["title"], r["name"], r["aliases"] or [], r["evidence"]) for r in records] == [
        (name, name, aliases, name)
    ]


@neo4j
def test_neo4j_writer_refuses_unknown_kinds_before_writing(empty_neo4j: Driver) -> None:
    graph = small_graph(count=2)
    graph.add_node("evil", kind="Paper`) DETACH DELETE n //", key="evil")
    with pytest.raises(ExportError, match="not a kgraph node kind"):
        write_neo4j(graph, empty_neo4j)
    assert counts(empty_neo4j) == (0, 0)


@neo4j
def test_neo4j_writer_reports_progress_up_to_the_total(empty_neo4j: Driver) -> None:
    graph = small_graph(count=5)
    seen: list[tuple[str, int, int]] = []
    write_neo4j(graph, empty_neo4j, batch_size=4, progress=lambda *a: seen.append(a))
    total = graph.number_of_nodes() + graph.number_of_edges()
    assert [done for _, done, _ in seen] == sorted({done for _, done, _ in seen})
    assert seen[-1][1:] == (total, total) and {t for *_, t in seen} == {total}
    # Sessions finish batches in any order, but every node batch ends before a relationship one.
    kinds = [what.rsplit(" ", 1)[-1] for what, _, _ in seen]
    assert kinds == sorted(kinds, key=lambda kind: kind != "nodes")
    assert "Paper nodes" in {what for what, _, _ in seen}


# ----------------------------------------------------------------------------- errors and the CLI


@neo4j
def test_neo4j_writer_wrong_password_is_a_clear_error(neo4j_server: Neo4jServer) -> None:
    if not neo4j_server.password:
        pytest.fail("the test server must run with authentication")
    with pytest.raises(Neo4jAuthError, match="rejected user 'neo4j'.*NEO4J_PASSWORD") as caught:
        connect(neo4j_server.uri, user="neo4j", password="not-the-password")
    assert caught.value.exit_code == 4


def test_neo4j_writer_server_down_is_a_clear_error() -> None:
    uri = f"bolt://127.0.0.1:{free_port()}"
    with pytest.raises(Neo4jUnavailableError, match="(?s)cannot reach Neo4j at .*scripts/neo4j-server start"):
        connect(uri)


@pytest.mark.parametrize("uri", ["http://127.0.0.1:7474", "127.0.0.1:7687", "bolt://127.0.0.1:port"])
def test_neo4j_writer_bad_uri_is_a_clear_error(uri: str) -> None:
    with pytest.raises(ExportError, match="bad Neo4j URI"):
        connect(uri)


@neo4j
def test_neo4j_export_cli_loads_and_reruns(
    empty_neo4j: Driver, neo4j_server: Neo4jServer, tmp_path: Path
) -> None:
    graph = small_graph(count=3)
    path = write_json(graph, tmp_path / "graph.json")
    args = ["export", "neo4j", str(path), "--uri", neo4j_server.uri, "--user", neo4j_server.user]
    env = {"NEO4J_PASSWORD": neo4j_server.password or ""}
    for _ in range(2):
        result = CliRunner().invoke(cli, args, env=env)
        assert result.exit_code == 0, result.output
        assert counts(empty_neo4j) == (graph.number_of_nodes(), graph.number_of_edges())
    assert f"loaded {graph.number_of_nodes()} nodes (0 new)" in result.output


@neo4j
def test_neo4j_export_cli_exit_codes(neo4j_server: Neo4jServer, tmp_path: Path) -> None:
    path = write_json(small_graph(count=1), tmp_path / "graph.json")
    wrong = [sys.executable, "-m", "kgraph", "export", "neo4j", str(path), "--uri", neo4j_server.uri]
    done = subprocess.run(
        [*wrong, "--password", "wrong-password"], capture_output=True, text=True, check=False
    )
    assert done.returncode == 4 and "rejected user 'neo4j'" in done.stderr
    assert "Traceback" not in done.stderr
    down = f"bolt://127.0.0.1:{free_port()}"
    result = CliRunner().invoke(cli, ["export", "neo4j", str(path), "--uri", down])
    assert result.exit_code == 3 and "cannot reach Neo4j" in result.output


@neo4j
def test_neo4j_export_function_opens_and_closes_its_driver(
    empty_neo4j: Driver, neo4j_server: Neo4jServer
) -> None:
    summary = export_neo4j(
        small_graph(count=2), neo4j_server.uri, user=neo4j_server.user, password=neo4j_server.password
    )
    assert isinstance(summary, LoadSummary) and summary.rate > 0
    assert "loaded" in summary.describe(neo4j_server.uri)


@neo4j
def test_neo4j_build_cli_also_loads_neo4j(
    empty_neo4j: Driver, neo4j_server: Neo4jServer, gold_dir: Path, tmp_path: Path
) -> None:
    args = ["build", str(gold_dir / "dev_input.jsonl"), "--out", str(tmp_path), "--no-html"]
    args += ["--neo4j-uri", neo4j_server.uri, "--neo4j-user", neo4j_server.user]
    result = CliRunner().invoke(cli, args, env={"NEO4J_PASSWORD": neo4j_server.password or ""})
    assert result.exit_code == 0, result.output
    graph = json.loads((tmp_path / "graph.json").read_text())
    assert counts(empty_neo4j) == (len(graph["nodes"]), len(graph["edges"]))
    assert f"into {neo4j_server.uri}" in result.output


def test_neo4j_writer_retried_batch_runs_alone_and_is_not_starved() -> None:
    turns, events, running = _Turns(), [], threading.Event()
    release = threading.Event()

    def long_batch() -> None:
        with turns.side_by_side():
            running.set()
            release.wait(5)
            events.append("first batch done")

    def retried_batch() -> None:
        with turns.alone():
            events.append("retry runs alone")

    def new_batch() -> None:
        with turns.side_by_side():
            events.append("new batch")

    first = threading.Thread(target=long_batch)
    first.start()
    running.wait(5)
    retry = threading.Thread(target=retried_batch)
    retry.start()
    time.sleep(0.2)  # the retry now waits for the running batch
    late = threading.Thread(target=new_batch)
    late.start()
    time.sleep(0.2)
    assert events == []  # neither the retry nor a new batch started beside the running one
    release.set()
    for thread in (first, retry, late):
        thread.join(5)
    assert events == ["first batch done", "retry runs alone", "new batch"]


def test_neo4j_writer_batch_is_retried_beside_the_others_once_then_alone() -> None:
    turns = _Turns()
    deadlock = TransientError("Neo.TransientError.Transaction.DeadlockDetected")
    session = FailingSession(deadlock, 2, turns)  # fails like a deadlocked server twice, then writes
    policy = RetryPolicy(attempts=5, first_delay=0, sleep=lambda _: None)
    result = _write_batch(session, turns, "UNWIND $rows ...", [], policy, lambda: None)  # type: ignore[arg-type]
    assert result == "written" and session.alone == [False, False, True]
